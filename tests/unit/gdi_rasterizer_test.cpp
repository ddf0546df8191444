// GDI32's shape rasterizer (shims/gdi32/rasterizer.cpp) against Windows' pixels: every drawing call of
// gdi_rasterizer_cases.h is rasterized and painted as text ('#' pen, 'o' brush, '-' a styled pen's
// gaps in the background colour, '.' untouched) and compared with gdi_rasterizer_probe.txt, which is
// the output of gdi_rasterizer_probe.c run under wine 8.0 (its header says how to regenerate it).
// Also checks what the painter relies on: spans sorted, no pixel twice in a list, pen and fill apart.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "shims/gdi32/rasterizer.h"
#include "tests/unit/gdi_rasterizer_cases.h"

namespace polyrun::shims::gdi32 {
namespace {

// The probe's pictures by case name.
std::map<std::string, std::vector<std::string>> load_probe() {
  std::map<std::string, std::vector<std::string>> out;
  std::ifstream in(std::string(POLYRUN_UNIT_DATA_DIR) + "/gdi_rasterizer_probe.txt");
  std::string line, name;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("== ", 0) == 0) {
      name = line.substr(3);
      out[name];
    } else if (!name.empty()) {
      out[name].push_back(line);
    }
  }
  return out;
}

Coverage rasterize(const rc_case& c, const Rect* bounds = nullptr) {
  PenShape pen;
  pen.style = c.style;
  pen.width = c.width;
  pen.extended = c.ext != 0;
  std::vector<Point> pts;
  for (int i = 0; i < c.count; ++i) pts.push_back({c.pts[i][0], c.pts[i][1]});
  const Rect box = c.count >= 2 ? Rect{pts[0].x, pts[0].y, pts[1].x, pts[1].y} : Rect{};
  const bool fill = c.brush != 0, cw = c.clockwise != 0;
  switch (c.shape) {
    case RC_LINE:
    case RC_POLYLINE: return polyline(pts.data(), pts.size(), pen, bounds);
    case RC_RECT: return rectangle(box, pen, fill, cw, bounds);
    case RC_ELLIPSE: return ellipse(box, pen, fill, cw, bounds);
    case RC_ROUNDRECT: return round_rect(box, pts[2].x, pts[2].y, pen, fill, cw, bounds);
    case RC_ARC: return arc(box, pts[2], pts[3], pen, fill, ArcKind::arc, cw, bounds);
    case RC_CHORD: return arc(box, pts[2], pts[3], pen, fill, ArcKind::chord, cw, bounds);
    case RC_PIE: return arc(box, pts[2], pts[3], pen, fill, ArcKind::pie, cw, bounds);
    case RC_POLYGON: {
      std::vector<int32_t> counts;
      for (size_t i = 0; i < 4 && c.polys[i]; ++i) counts.push_back(c.polys[i]);
      return polygon(pts.data(), counts.data(), counts.size(), c.fill_mode, pen, fill, bounds);
    }
  }
  return {};
}

// Paints as the DIB engine would with R2_COPYPEN and OPAQUE: the interior, the gaps, the pen.
std::vector<std::string> paint(const Coverage& cov) {
  std::vector<std::string> rows(RC_SIZE, std::string(RC_SIZE, '.'));
  auto put = [&](const std::vector<Span>& spans, char ch) {
    for (const Span& s : spans)
      for (int32_t x = s.left; x < s.right; ++x)
        if (s.y >= 0 && s.y < RC_SIZE && x >= 0 && x < RC_SIZE) rows[s.y][x] = ch;
  };
  put(cov.fill, 'o');
  put(cov.gaps, '-');
  put(cov.pen, '#');
  return rows;
}

std::string side_by_side(const std::vector<std::string>& want, const std::vector<std::string>& got) {
  std::ostringstream os;
  os << "wine 8.0" << std::string(RC_SIZE - 8 + 2, ' ') << "polyrun\n";
  for (size_t y = 0; y < want.size() && y < got.size(); ++y)
    os << want[y] << "  " << got[y] << (want[y] == got[y] ? "" : "  <") << "\n";
  return os.str();
}

// Sorted by row then column, non-empty, and no two spans of a row touching or overlapping.
void expect_well_formed(const std::vector<Span>& spans, const char* what, const char* name) {
  for (size_t i = 0; i < spans.size(); ++i) {
    EXPECT_LT(spans[i].left, spans[i].right) << name << ": empty " << what << " span";
    if (i == 0) continue;
    EXPECT_GE(spans[i].y, spans[i - 1].y) << name << ": " << what << " rows unsorted";
    if (spans[i].y == spans[i - 1].y) {
      EXPECT_GT(spans[i].left, spans[i - 1].right) << name << ": " << what << " spans overlap on row " << spans[i].y;
    }
  }
}

bool overlap(const std::vector<Span>& a, const std::vector<Span>& b) {
  for (const Span& s : a)
    for (const Span& t : b)
      if (s.y == t.y && s.left < t.right && t.left < s.right) return true;
  return false;
}

TEST(GdiRaster, MatchesWine) {
  const auto probe = load_probe();
  ASSERT_FALSE(probe.empty()) << "gdi_rasterizer_probe.txt not found under " << POLYRUN_UNIT_DATA_DIR;
  for (const rc_case& c : rc_cases) {
    const auto found = probe.find(c.name);
    ASSERT_NE(found, probe.end()) << "no probe output for " << c.name;
    const auto got = paint(rasterize(c));
    EXPECT_EQ(found->second, got) << c.name << "\n" << side_by_side(found->second, got);
  }
}

TEST(GdiRaster, ListsAreDisjointAndSorted) {
  for (const rc_case& c : rc_cases) {
    const Coverage cov = rasterize(c);
    expect_well_formed(cov.pen, "pen", c.name);
    expect_well_formed(cov.gaps, "gap", c.name);
    expect_well_formed(cov.fill, "fill", c.name);
    EXPECT_FALSE(overlap(cov.pen, cov.fill)) << c.name << ": a pixel in both pen and fill";
    EXPECT_FALSE(overlap(cov.pen, cov.gaps)) << c.name << ": a pixel in both pen and gaps";
  }
}

TEST(GdiRaster, NullPenAndEmptyShapesCoverNothingOfThePen) {
  const Point line[2] = {{0, 0}, {10, 5}};
  EXPECT_TRUE(polyline(line, 2, PenShape{pen_style::kNull, 1}).pen.empty());
  EXPECT_TRUE(polyline(line, 1, PenShape{}).pen.empty());
  const Coverage empty = rectangle(Rect{5, 5, 5, 9}, PenShape{}, true);
  EXPECT_TRUE(empty.pen.empty() && empty.fill.empty());
  const int32_t too_few[1] = {1};
  EXPECT_TRUE(polygon(line, too_few, 1, 1, PenShape{}, true).fill.empty());
}

// The spans of `in` cut to `r`.
std::vector<Span> restrict_to(const std::vector<Span>& in, const Rect& r) {
  std::vector<Span> out;
  for (const Span& s : in) {
    const Span c{s.y, std::max(s.left, r.left), std::min(s.right, r.right)};
    if (s.y >= r.top && s.y < r.bottom && c.left < c.right) out.push_back(c);
  }
  return out;
}

// Bounds change how much work is done, never which pixels come out inside them: every probe case
// with bounds that hold it whole and with bounds that cut it (through dashes, caps, joins, curves and
// interiors) gives the unbounded output restricted to the bounds.
TEST(GdiRaster, BoundsKeepThePixelsInsideThem) {
  const Rect cuts[] = {{-1000, -1000, 1000, 1000},
                       {0, 0, RC_SIZE, RC_SIZE},
                       {3, 2, 11, 9},
                       {0, 0, RC_SIZE / 2, RC_SIZE},
                       {RC_SIZE / 2, 0, RC_SIZE, RC_SIZE},
                       {0, RC_SIZE / 3, RC_SIZE, RC_SIZE / 2},
                       {7, 5, 8, RC_SIZE},
                       {0, 9, RC_SIZE, 10},
                       {5, 5, 5, 5},
                       {-20, -20, 4, 4},
                       {RC_SIZE - 6, RC_SIZE - 7, RC_SIZE + 30, RC_SIZE + 30}};
  for (const rc_case& c : rc_cases) {
    const Coverage full = rasterize(c);
    for (const Rect& b : cuts) {
      const Coverage cut = rasterize(c, &b);
      const std::string where = std::string(c.name) + " within (" + std::to_string(b.left) + "," +
                                std::to_string(b.top) + ")-(" + std::to_string(b.right) + "," +
                                std::to_string(b.bottom) + ")";
      EXPECT_EQ(restrict_to(full.pen, b), cut.pen) << where << ": pen";
      EXPECT_EQ(restrict_to(full.gaps, b), cut.gaps) << where << ": gaps";
      EXPECT_EQ(restrict_to(full.fill, b), cut.fill) << where << ": fill";
    }
  }
}

// Long lines in every octant, through and beside the bounds: the clipped Bresenham walk enters at the
// same pixel with the same dash position as the full walk.
TEST(GdiRaster, BoundsCutLongLinesExactly) {
  const Rect cuts[] = {
      {0, 0, 100, 100}, {-37, 11, 2, 90}, {40, -5, 41, 300}, {-500, 17, 500, 18}, {1000, 1000, 1010, 1010}};
  const int32_t ends[][2] = {{30000, 15001}, {-30000, 14999},  {12347, -30000}, {-2, -30001},
                             {30001, 30000}, {-29999, -30000}, {30000, 7},      {5, 30000}};
  for (const auto& e : ends)
    for (const uint32_t style : {pen_style::kDash, pen_style::kDashDotDot, pen_style::kSolid, pen_style::kAlternate}) {
      const Point line[2] = {{-e[0] / 3, -e[1] / 3}, {e[0], e[1]}};
      const Coverage full = polyline(line, 2, PenShape{style, 1});
      for (const Rect& b : cuts) {
        const Coverage cut = polyline(line, 2, PenShape{style, 1}, &b);
        EXPECT_EQ(restrict_to(full.pen, b), cut.pen) << e[0] << "," << e[1] << " style " << style;
        EXPECT_EQ(restrict_to(full.gaps, b), cut.gaps) << e[0] << "," << e[1] << " style " << style;
      }
    }
}

void expect_inside(const std::vector<Span>& spans, const Rect& b, const char* what) {
  for (const Span& s : spans) {
    EXPECT_TRUE(s.y >= b.top && s.y < b.bottom && s.left >= b.left && s.right <= b.right && s.left < s.right)
        << what << ": span " << s.y << " " << s.left << ".." << s.right << " outside the bounds";
  }
}

// Geometric dashes of wide pens passed over in whole periods outside the bounds: the same pixels.
TEST(GdiRaster, BoundsCutLongWideDashesExactly) {
  const Rect cuts[] = {{0, 0, 100, 100}, {-37, 11, 2, 90}, {900, 400, 960, 520}};
  const int32_t ends[][2] = {{3000, 1501}, {-3000, 1499}, {1237, -3000}, {3000, 0}, {0, -3000}};
  const uint32_t geo = pen_style::kGeometric;
  for (const auto& e : ends)
    for (const uint32_t style : {geo | pen_style::kDash, geo | pen_style::kDashDot | pen_style::kEndcapFlat,
                                 geo | pen_style::kDot | pen_style::kEndcapSquare}) {
      const Point line[3] = {{-e[0] / 3, -e[1] / 3}, {e[0], e[1]}, {e[0] / 2, e[1] + 700}};
      const PenShape pen{style, 7, true};
      const Coverage full = polyline(line, 3, pen);
      for (const Rect& b : cuts) {
        EXPECT_EQ(restrict_to(full.pen, b), polyline(line, 3, pen, &b).pen) << e[0] << "," << e[1] << " " << style;
      }
    }
  const Point huge[2] = {{-200000000, -100000000}, {200000000, 100000003}};
  const Rect b{0, 0, 100, 100};
  const Coverage far = polyline(huge, 2, PenShape{geo | pen_style::kDash, 5, true}, &b);
  expect_inside(far.pen, b, "wide dashes");
}


// Far-out coordinates on a small surface: the work follows the bounds, not the shape (this used to
// take minutes and gigabytes).
TEST(GdiRaster, HugeShapesWithSmallBoundsFinishFast) {
  const Rect b{0, 0, 100, 100};
  const Point line[2] = {{-2000000000, -1000000000}, {2000000000, 1000000003}};
  const Coverage dash = polyline(line, 2, PenShape{pen_style::kDash, 1}, &b);
  expect_inside(dash.pen, b, "dashed line");
  expect_inside(dash.gaps, b, "dashed line gaps");
  EXPECT_EQ(dash.pen.size(), 37u);  // 100 pixels on 50 rows, dashes and gaps
  EXPECT_EQ(dash.gaps.size(), 13u);
  const Point line2[2] = {{-200000000, -100000000}, {200000000, 100000003}};
  const Coverage wide = polyline(line2, 2, PenShape{pen_style::kSolid, 5}, &b);
  expect_inside(wide.pen, b, "wide line");
  EXPECT_EQ(wide.pen.size(), 54u);
  const Rect huge{-100000000, -100000000, 100000000, 100000000};
  const Coverage ell = ellipse(huge, PenShape{}, true, false, &b);
  expect_inside(ell.pen, b, "ellipse pen");
  expect_inside(ell.fill, b, "ellipse fill");
  EXPECT_EQ(ell.pen.size(), 0u);
  EXPECT_EQ(ell.fill.size(), 100u);  // the bounds lie wholly inside: one span per row
  const Coverage wide_ell = ellipse(huge, PenShape{pen_style::kSolid, 5}, true, false, &b);
  EXPECT_EQ(wide_ell.fill.size(), 100u);
  EXPECT_TRUE(wide_ell.pen.empty());
}

}  // namespace
}  // namespace polyrun::shims::gdi32
