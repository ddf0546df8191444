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

Coverage rasterize(const rc_case& c) {
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
    case RC_POLYLINE: return polyline(pts.data(), pts.size(), pen);
    case RC_RECT: return rectangle(box, pen, fill, cw);
    case RC_ELLIPSE: return ellipse(box, pen, fill, cw);
    case RC_ROUNDRECT: return round_rect(box, pts[2].x, pts[2].y, pen, fill, cw);
    case RC_ARC: return arc(box, pts[2], pts[3], pen, fill, ArcKind::arc, cw);
    case RC_CHORD: return arc(box, pts[2], pts[3], pen, fill, ArcKind::chord, cw);
    case RC_PIE: return arc(box, pts[2], pts[3], pen, fill, ArcKind::pie, cw);
    case RC_POLYGON: {
      std::vector<int32_t> counts;
      for (size_t i = 0; i < 4 && c.polys[i]; ++i) counts.push_back(c.polys[i]);
      return polygon(pts.data(), counts.data(), counts.size(), c.fill_mode, pen, fill);
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

}  // namespace
}  // namespace polyrun::shims::gdi32
