// GDI32's shape rasterizer (see rasterizer.h): pen outlines, styled dashes, wide-pen caps and joins,
// and the interiors of rectangles, ellipses, round rects, chords, pies and polygons, as pixel sets.
// The rules (which pixel a line picks on a tie, where an ellipse's quadrants meet, how an edge of a
// polygon rounds) are Windows', as wine 8.0's DIB engine (dlls/win32u/dibdrv, region.c) states them.
#include "shims/gdi32/rasterizer.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <utility>

namespace polyrun::shims::gdi32 {
namespace {

namespace ps = pen_style;

// The caller's bounds, 64-bit so that offsets from far-out coordinates cannot wrap; unbounded by default.
struct Clip {
  int64_t left = INT64_MIN / 4, top = INT64_MIN / 4, right = INT64_MAX / 4, bottom = INT64_MAX / 4;
  static Clip of(const Rect* r) { return r ? Clip{r->left, r->top, r->right, r->bottom} : Clip{}; }
  bool empty() const { return left >= right || top >= bottom; }
  // Whether a box (inclusive on all sides) grown by `margin` reaches into the bounds.
  bool touches(int64_t l, int64_t t, int64_t r, int64_t b, int64_t margin) const {
    if (l > r) std::swap(l, r);
    if (t > b) std::swap(t, b);
    return l - margin < right && r + margin >= left && t - margin < bottom && b + margin >= top;
  }
};

// A set of pixels as intervals per row; `normalize` sorts and merges them (the other operations
// expect normalized operands where they say so). Only what lies inside its clip is kept.
class PixelSet {
 public:
  explicit PixelSet(Clip clip = {}) : clip_(clip) {}
  const Clip& clip() const { return clip_; }
  void add(int32_t y, int32_t left, int32_t right) {
    if (y < clip_.top || y >= clip_.bottom) return;
    left = static_cast<int32_t>(std::max<int64_t>(left, clip_.left));
    right = static_cast<int32_t>(std::min<int64_t>(right, clip_.right));
    if (left < right) rows_[y].emplace_back(left, right);
  }
  // Rows outside the clip are never visited: a rectangle costs what it shows.
  void add_rect(int32_t left, int32_t top, int32_t right, int32_t bottom) {
    const int64_t t = std::max<int64_t>(top, clip_.top), b = std::min<int64_t>(bottom, clip_.bottom);
    for (int64_t y = t; y < b; ++y) add(static_cast<int32_t>(y), left, right);
  }
  // `o` moved by (dx, dy): only its rows that land inside the clip are looked at.
  void add(const PixelSet& o, int32_t dx = 0, int32_t dy = 0) {
    const int64_t from = std::max<int64_t>(clip_.top - dy, INT32_MIN);
    const int64_t to = std::min<int64_t>(clip_.bottom - dy, int64_t{INT32_MAX} + 1);
    if (from >= to) return;
    for (auto it = o.rows_.lower_bound(static_cast<int32_t>(from)); it != o.rows_.end() && it->first < to; ++it)
      for (const auto& [l, r] : it->second) add(it->first + dy, l + dx, r + dx);
  }
  bool empty() const { return rows_.empty(); }

  void normalize() {
    for (auto it = rows_.begin(); it != rows_.end();) {
      auto& row = it->second;
      std::sort(row.begin(), row.end());
      std::vector<std::pair<int32_t, int32_t>> merged;
      for (const auto& iv : row) {
        if (!merged.empty() && iv.first <= merged.back().second)
          merged.back().second = std::max(merged.back().second, iv.second);
        else
          merged.push_back(iv);
      }
      row = std::move(merged);
      it = row.empty() ? rows_.erase(it) : std::next(it);
    }
  }

  // Removes `o`'s pixels (both normalized).
  void subtract(const PixelSet& o) {
    for (auto it = rows_.begin(); it != rows_.end();) {
      const auto found = o.rows_.find(it->first);
      if (found != o.rows_.end()) {
        std::vector<std::pair<int32_t, int32_t>> kept;
        auto cut = found->second.begin();
        for (auto [l, r] : it->second) {
          while (cut != found->second.end() && cut->second <= l) ++cut;
          for (auto c = cut; c != found->second.end() && c->first < r; ++c) {
            if (c->first > l) kept.emplace_back(l, c->first);
            l = std::max(l, c->second);
          }
          if (l < r) kept.emplace_back(l, r);
        }
        it->second = std::move(kept);
      }
      it = it->second.empty() ? rows_.erase(it) : std::next(it);
    }
  }

  std::vector<Span> spans() const {
    std::vector<Span> out;
    for (const auto& [y, row] : rows_)
      for (const auto& [l, r] : row) out.push_back({y, l, r});
    return out;
  }

 private:
  Clip clip_;
  std::map<int32_t, std::vector<std::pair<int32_t, int32_t>>> rows_;
};

// ceil(a / b) for b > 0.
int64_t ceil_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && a > 0) ? q + 1 : q;
}

// The interior of polygons as CreatePolyPolygonRgn makes it. Each non-horizontal edge covers the rows
// from its upper end to the row before its lower end; on row y it sits at upper.x + ceil(k*dx/dy)
// (k rows down). A row's pixels are those from an edge where the parity (ALTERNATE) or the winding
// sum (WINDING) of the edges at or left of it says inside, up to the next such edge, exclusive.
PixelSet polygon_region(const Point* pts, const int32_t* counts, size_t polygons, int mode, Clip clip = {}) {
  struct Edge {
    int32_t x, top, bottom;
    int64_t dx, dy;
    int dir;
  };
  std::vector<Edge> edges;
  int32_t ymin = INT32_MAX, ymax = INT32_MIN;
  for (size_t p = 0; p < polygons; ++p) {
    const int32_t n = counts[p];
    for (int32_t i = 0; i < n; ++i) {
      const Point& prev = pts[i == 0 ? n - 1 : i - 1];
      const Point& cur = pts[i];
      if (prev.y == cur.y) continue;
      const bool down = prev.y < cur.y;
      const Point& upper = down ? prev : cur;
      const Point& lower = down ? cur : prev;
      edges.push_back(
          {upper.x, upper.y, lower.y, int64_t{lower.x} - upper.x, int64_t{lower.y} - upper.y, down ? 1 : -1});
      ymin = std::min(ymin, upper.y);
      ymax = std::max(ymax, lower.y);
    }
    pts += n;
  }
  PixelSet out(clip);
  std::vector<std::pair<int64_t, int>> row;
  // Only the rows inside the clip: each is computed directly from the edges, none needs the one before.
  const int64_t y_end = std::min<int64_t>(ymax, clip.bottom);
  for (int64_t yy = std::max<int64_t>(ymin, clip.top); yy < y_end; ++yy) {
    const int32_t y = static_cast<int32_t>(yy);
    row.clear();
    for (const Edge& e : edges)
      if (y >= e.top && y < e.bottom) row.emplace_back(e.x + ceil_div((int64_t{y} - e.top) * e.dx, e.dy), e.dir);
    std::sort(row.begin(), row.end());
    int sum = 0;
    for (size_t i = 0; i + 1 < row.size(); ++i) {
      sum += mode == 2 ? row[i].second : 1;
      const bool inside = mode == 2 ? sum != 0 : (sum & 1) != 0;
      if (inside) {
        // Edge positions may lie beyond 32 bits' reach of the clip; the clip keeps what is shown.
        const int64_t l = std::clamp<int64_t>(row[i].first, INT32_MIN, INT32_MAX);
        const int64_t r = std::clamp<int64_t>(row[i + 1].first, INT32_MIN, INT32_MAX);
        out.add(y, static_cast<int32_t>(l), static_cast<int32_t>(r));
      }
    }
  }
  out.normalize();
  return out;
}

PixelSet polygon_region(const Point* pts, int32_t n, Clip clip = {}) { return polygon_region(pts, &n, 1, 1, clip); }

// The points of an ellipse of the given size from its rightmost point down to its bottom middle (the
// first quadrant in device orientation), relative to the bounding box's corner. Integer midpoint
// stepping after Alois Zingl, as Windows uses it for both outlines and elliptic regions.
// The error terms grow with the cube of the size: 128 bits keep them exact for any 32-bit box (64
// overflow past about a million pixels, and the walk then never ends).
struct ZinglStepper {
  using Wide = __int128;
  Wide asq, bsq, dx, dy, err;
  ZinglStepper(int32_t width, int32_t height) {
    const Wide a = Wide{width} - 1, b = Wide{height} - 1;
    asq = 8 * a * a;
    bsq = 8 * b * b;
    dx = 4 * b * b * (1 - a);
    dy = 4 * a * a * (1 + b % 2);
    err = dx + dy + a * a * (b % 2);
  }
  // Advances one step; says which coordinates move.
  std::pair<bool, bool> step() {
    const Wide e2 = 2 * err;
    const bool move_x = e2 >= dx, move_y = e2 <= dy;
    if (move_x) err += dx += bsq;
    if (move_y) err += dy += asq;
    return {move_x, move_y};
  }
};

std::vector<Point> ellipse_quadrant(int32_t width, int32_t height) {
  std::vector<Point> out;
  ZinglStepper s(width, height);
  Point p{width - 1, height / 2};
  while (p.x >= width / 2) {
    out.push_back(p);
    const auto [mx, my] = s.step();
    if (mx) --p.x;
    if (my) ++p.y;
  }
  return out;
}

// CreateRoundRectRgn: note the right and bottom edges sit one pixel in from the given ones.
PixelSet round_rect_region(int32_t left, int32_t top, int32_t right, int32_t bottom, int32_t ew, int32_t eh,
                           Clip clip = {}) {
  if (left > right) std::swap(left, right);
  if (top > bottom) std::swap(top, bottom);
  --right;
  --bottom;
  ew = std::min(right - left, std::abs(ew));
  eh = std::min(bottom - top, std::abs(eh));
  PixelSet out(clip);
  if (ew < 2 || eh < 2) {
    out.add_rect(left, top, right, bottom);
    return out;
  }
  // The lower half of the corner ellipse (rows eh/2 .. eh-1), inset from both sides, goes out as the
  // stepper reaches each row, to that row and its mirror above: nothing is kept per row, so a huge
  // ellipse costs no memory beyond what lies inside the clip.
  const int32_t b = eh - 1;
  auto emit = [&](int32_t y, int32_t l, int32_t r) {
    if (y >= eh - eh / 2 && y <= b) out.add(top + (b - y), l, r);
    if (y >= eh / 2 + 1 && y < eh) out.add(bottom - eh + y, l, r);
  };
  ZinglStepper s(ew, eh);
  int32_t x = 0, y = eh / 2;
  emit(y, left, right);
  // The middle row stretches over the straight part of the sides.
  out.add_rect(left, top + eh / 2, right, bottom - eh + eh / 2 + 1);
  // The stepper starts at the middle rows and goes out from there: once past the last row whose
  // image (above or below) lies inside the clip there is nothing left to find, so bounds around the
  // middle of a huge ellipse end the walk at once.
  const int64_t last_needed = std::max<int64_t>(b - (clip.top - top), clip.bottom - 1 - bottom + eh);
  while (x <= ew / 2 && y <= last_needed) {
    const auto [mx, my] = s.step();
    if (mx) ++x;
    if (my) {
      ++y;
      if (y < eh + 2) emit(y, left + x, right - x);
    }
  }
  out.normalize();
  return out;
}

PixelSet elliptic_region(int32_t left, int32_t top, int32_t right, int32_t bottom, Clip clip = {}) {
  return round_rect_region(left, top, right, bottom, right - left, bottom - top, clip);
}

// The pen as selected into the DC: which line drawer it uses, its dash pattern and position.
struct LinePen {
  enum class Lines { none, thin, wide, dashed_wide };
  Lines lines = Lines::thin;
  int32_t width = 1;
  uint32_t style = 0, endcap = 0, join = 0;
  bool uses_region = false;  // drawn as a region (wide or geometric): no gaps, no repeated pixels
  bool paints_gaps = false;  // a styled thin pen of CreatePen: its gaps take the background colour
  float miter_limit = 10.0f;
  std::vector<uint32_t> dashes;  // empty for a solid pen
  uint32_t total = 0;
  size_t cur = 0;
  uint32_t left_in_dash = 0;
  bool mark = true;

  void reset_dash() {
    cur = 0;
    left_in_dash = dashes.empty() ? 0 : dashes[0];
    mark = true;
  }
  // Moves the dash position on by `n` pixels. At least one dash boundary is looked at even for 0,
  // which steps over a dash of length 0 (wide pens with caps shrink dots to nothing).
  void skip(uint32_t n) {
    if (dashes.empty()) return;
    n %= total;
    do {
      if (left_in_dash > n) {
        left_in_dash -= n;
        return;
      }
      n -= left_in_dash;
      cur = (cur + 1) % dashes.size();
      left_in_dash = dashes[cur];
      mark = !mark;
    } while (n);
  }
};

LinePen make_pen(const PenShape& shape) {
  LinePen pen;
  const bool geometric = (shape.style & ps::kTypeMask) == ps::kGeometric;
  pen.width = std::max(shape.width, 1);
  if (shape.extended && !geometric) pen.width = 1;  // cosmetic pens of ExtCreatePen are 1 pixel wide
  pen.endcap = shape.style & ps::kEndcapMask;
  pen.join = shape.style & ps::kJoinMask;
  pen.style = shape.style & ps::kStyleMask;
  pen.miter_limit = shape.miter_limit;
  // Dash and gap lengths in pixels: the cosmetic ones are fixed, the geometric ones scale with the width.
  static const std::vector<uint32_t> cosmetic[4] = {{18, 6}, {3, 3}, {9, 6, 3, 6}, {9, 3, 3, 3, 3, 3}};
  static const std::vector<uint32_t> geometric_dashes[4] = {{3, 1}, {1, 1}, {3, 1, 1, 1}, {3, 1, 1, 1, 1, 1}};
  const bool thin = pen.width == 1;
  switch (pen.style) {
    case ps::kDash:
    case ps::kDot:
    case ps::kDashDot:
    case ps::kDashDotDot:
      if (geometric) {
        pen.dashes = geometric_dashes[pen.style - 1];
        if (!thin) {
          // Scaled by the width; with caps, each dash gives up a width to the gap after it as the
          // caps will cover it again.
          for (auto& d : pen.dashes) d *= pen.width;
          if (pen.endcap != ps::kEndcapFlat)
            for (size_t i = 0; i + 1 < pen.dashes.size(); i += 2) {
              pen.dashes[i] -= pen.width;
              pen.dashes[i + 1] += pen.width;
            }
        }
        pen.lines = thin ? LinePen::Lines::thin : LinePen::Lines::dashed_wide;
      } else if (thin) {
        pen.dashes = cosmetic[pen.style - 1];
        pen.lines = LinePen::Lines::thin;
      } else {
        pen.lines = LinePen::Lines::wide;  // wide cosmetic pens are solid
      }
      break;
    case ps::kNull:
      pen.width = 0;
      pen.lines = LinePen::Lines::none;
      break;
    case ps::kAlternate:
      pen.dashes = {1, 1};
      pen.lines = LinePen::Lines::thin;
      break;
    default:  // solid, inside-frame (and user styles, not modelled: drawn solid)
      pen.lines = thin ? LinePen::Lines::thin : LinePen::Lines::wide;
      break;
  }
  for (uint32_t d : pen.dashes) pen.total += d;
  pen.uses_region = geometric || pen.width > 1;
  pen.paints_gaps = !pen.dashes.empty() && pen.lines == LinePen::Lines::thin && !pen.uses_region && !shape.extended;
  pen.reset_dash();
  return pen;
}

// One edge of a wide segment's end, from `start` to `end` across the line, with the segment's direction.
struct Face {
  Point start, end;
  int32_t dx = 0, dy = 0;
};

int32_t round_half_away(double f) { return static_cast<int32_t>(f > 0 ? f + 0.5 : f - 0.5); }

// Draws one outline into a pixel set: thin lines pixel by pixel (the last colour a pixel gets wins, as
// when painted in order), wide ones as a union of segment, cap and join regions.
class Stroker {
 public:
  explicit Stroker(LinePen pen, Clip clip = {}) : pen_(std::move(pen)), clip_(clip), region_(clip) {
    if (pen_.lines != LinePen::Lines::none && pen_.lines != LinePen::Lines::thin &&
        (pen_.join == ps::kJoinRound || pen_.endcap == ps::kEndcapRound))
      round_cap_ = elliptic_region(-(pen_.width / 2), -(pen_.width / 2), (pen_.width + 1) / 2 + 1,
                                   (pen_.width + 1) / 2 + 1);
  }
  const LinePen& pen() const { return pen_; }

  void lines(const Point* pts, size_t n, bool close) {
    if (n < 2) return;
    pen_.reset_dash();  // every drawing call (and every polygon of one) starts the pattern afresh
    switch (pen_.lines) {
      case LinePen::Lines::none: break;
      case LinePen::Lines::thin:
        for (size_t i = 0; i + 1 < n; ++i) thin_segment(pts[i], pts[i + 1]);
        if (close) thin_segment(pts[n - 1], pts[0]);
        break;
      case LinePen::Lines::wide: wide_lines(pts, n, close); break;
      case LinePen::Lines::dashed_wide: dashed_wide_lines(pts, n, close); break;
    }
  }

  // The outline's pixels, and an interior with them taken out, as a Coverage.
  Coverage finish(PixelSet* interior) {
    PixelSet pen = region_, gaps;
    for (const auto& [yx, is_pen] : thin_) (is_pen ? pen : gaps).add(yx.first, yx.second, yx.second + 1);
    pen.normalize();
    gaps.normalize();
    Coverage c;
    if (interior) {
      interior->normalize();
      interior->subtract(pen);
      c.fill = interior->spans();
    }
    c.pen = pen.spans();
    c.gaps = gaps.spans();
    return c;
  }

 private:
  void put(int32_t x, int32_t y) {
    if (pen_.dashes.empty()) {  // every pixel is the pen's, whatever the order
      region_.add(y, x, x + 1);
      return;
    }
    const bool is_pen = pen_.mark;
    pen_.skip(1);
    if ((is_pen || pen_.paints_gaps) && x >= clip_.left && x < clip_.right && y >= clip_.top && y < clip_.bottom)
      thin_[{y, x}] = is_pen;
  }

  // A 1-pixel line from a up to b, b excluded. Diagonal ones step the major axis every pixel and the
  // minor one when the error passes zero; octants 3, 5, 6 and 8 also step on a tie (Windows' bias).
  void thin_segment(Point a, Point b) {
    // A solid pen's axis-aligned line is one span (one pixel column): no pattern to step through.
    if (pen_.dashes.empty() && (a.y == b.y || a.x == b.x)) {
      if (a.y == b.y)
        region_.add(a.y, a.x <= b.x ? a.x : b.x + 1, a.x <= b.x ? b.x : a.x + 1);
      else
        region_.add_rect(a.x, a.y <= b.y ? a.y : b.y + 1, a.x + 1, a.y <= b.y ? b.y : a.y + 1);
      return;
    }
    // Axis-aligned styled lines: only the pixels inside the clip are visited, the pattern moved on
    // over the others.
    if (a.y == b.y || a.x == b.x) {
      const bool horizontal = a.y == b.y;
      const int64_t from = horizontal ? a.x : a.y, to = horizontal ? b.x : b.y, step = to > from ? 1 : -1;
      const int64_t lo = horizontal ? clip_.left : clip_.top, hi = (horizontal ? clip_.right : clip_.bottom) - 1;
      const int64_t across = horizontal ? a.y : a.x;
      const int64_t n = (to - from) * step;
      int64_t first = 0, last = n - 1;  // pixel indices i along the line, at from + i * step
      if (across < (horizontal ? clip_.top : clip_.left) || across >= (horizontal ? clip_.bottom : clip_.right)) {
        first = n;
      } else if (step > 0) {
        first = std::max<int64_t>(first, lo - from), last = std::min<int64_t>(last, hi - from);
      } else {
        first = std::max<int64_t>(first, from - hi), last = std::min<int64_t>(last, from - lo);
      }
      draw_run(n, first, last, [&](int64_t i) {
        const int32_t c = static_cast<int32_t>(from + i * step);
        horizontal ? put(c, a.y) : put(a.x, c);
      });
      return;
    }
    // Far-out coordinates are divided by 8 first (keeping the error terms in range), as Windows does.
    auto far = [](Point p) {
      return p.x >= 0x10000000 || p.x <= -0x10000000 || p.y >= 0x10000000 || p.y <= -0x10000000;
    };
    if (far(a)) a = {a.x / 8, a.y / 8};
    if (far(b)) b = {b.x / 8, b.y / 8};
    const int32_t dx = b.x - a.x, dy = b.y - a.y;
    const int64_t adx = std::abs(int64_t{dx}), ady = std::abs(int64_t{dy});
    // Octants numbered clockwise from +x (y grows downwards).
    int octant;
    if (dy > 0)
      octant = dx > 0 ? (dx > dy ? 1 : 2) : (-dx > dy ? 4 : 3);
    else
      octant = dx < 0 ? (-dx > -dy ? 5 : 6) : (dx > -dy ? 8 : 7);
    const int bias = (octant == 3 || octant == 5 || octant == 6 || octant == 8) ? 1 : 0;
    const bool x_major = octant == 1 || octant == 4 || octant == 5 || octant == 8;
    const int32_t xinc = dx > 0 ? 1 : -1, yinc = dy > 0 ? 1 : -1;
    const int64_t major = x_major ? adx : ady, minor = x_major ? ady : adx;
    // A solid pen drawn as a region (a geometric one of width 1) takes the end point too, on slanted
    // lines only.
    const int64_t length = major + (pen_.uses_region && pen_.dashes.empty() ? 1 : 0);

    // Pixel i (of 0 .. length-1) sits i steps along the major axis and k(i) along the minor one, k(i)
    // being how many of the steps before it took the minor step: step j does when its error
    // 2*minor*(j+1) - major - 2*major*k(j) plus the bias is positive, which adds up to
    // k(i) = floor((2*minor*i + major - 1 + bias) / (2*major)). So the pixels inside the clip are a
    // range of i found by division, and the error at its first pixel is known: the line is entered
    // there with the very state the full walk would have had (as wine's clip_line works it out).
    const int64_t m0 = x_major ? a.x : a.y, n0 = x_major ? a.y : a.x;
    const int64_t minc = x_major ? xinc : yinc, ninc = x_major ? yinc : xinc;
    const int64_t mlo = x_major ? clip_.left : clip_.top, mhi = (x_major ? clip_.right : clip_.bottom) - 1;
    const int64_t nlo = x_major ? clip_.top : clip_.left, nhi = (x_major ? clip_.bottom : clip_.right) - 1;
    int64_t first = 0, last = length - 1;
    // The major axis: i with m0 + i*minc in [mlo, mhi].
    if (minc > 0)
      first = std::max(first, mlo - m0), last = std::min(last, mhi - m0);
    else
      first = std::max(first, m0 - mhi), last = std::min(last, m0 - mlo);
    // The minor axis: k(i) in [klo, khi], k being non-decreasing in i.
    int64_t klo = ninc > 0 ? nlo - n0 : n0 - nhi, khi = ninc > 0 ? nhi - n0 : n0 - nlo;
    if (khi < 0 || klo > minor) {
      first = length;
    } else {
      klo = std::max<int64_t>(klo, 0);
      khi = std::min(khi, minor);
      const int64_t c = major - 1 + bias, two_major = 2 * major, two_minor = 2 * minor;
      // k(i) >= klo  <=>  2*minor*i >= 2*major*klo - c
      if (klo > 0) first = std::max(first, ceil_div(two_major * klo - c, two_minor));
      // k(i) <= khi  <=>  2*minor*i < 2*major*(khi+1) - c
      if (khi < minor) last = std::min(last, ceil_div(two_major * (khi + 1) - c, two_minor) - 1);
    }
    draw_run(length, first, last, [&, k = int64_t{-1}, i_at = int64_t{-1}, err = int64_t{0}](int64_t i) mutable {
      if (i_at < 0) {  // the first pixel drawn: the walk's state there, computed
        k = major ? (2 * minor * i + major - 1 + bias) / (2 * major) : 0;
        err = 2 * minor * (i + 1) - major - 2 * major * k;
      } else {
        if (err + bias > 0) {
          ++k;
          err += 2 * minor - 2 * major;
        } else {
          err += 2 * minor;
        }
      }
      i_at = i;
      const int32_t m = static_cast<int32_t>(m0 + i * minc), nn = static_cast<int32_t>(n0 + k * ninc);
      x_major ? put(m, nn) : put(nn, m);
    });
  }

  // Pixels `first` .. `last` of a line of `n` drawn by `draw(i)` in order; the dash pattern is moved
  // on over the ones before and after by arithmetic, as if they had been drawn.
  template <typename Draw>
  void draw_run(int64_t n, int64_t first, int64_t last, Draw draw) {
    first = std::max<int64_t>(first, 0);
    last = std::min<int64_t>(last, n - 1);
    if (first > last) {
      skip_pixels(n);
      return;
    }
    skip_pixels(first);
    for (int64_t i = first; i <= last; ++i) draw(i);
    skip_pixels(n - 1 - last);
  }

  void skip_pixels(int64_t n) {
    if (pen_.dashes.empty() || n <= 0) return;
    pen_.skip(static_cast<uint32_t>(n % pen_.total));
  }

  // One wide segment as a rectangle (axis-aligned) or a quadrilateral, square caps stretching it
  // by half the width; returns false for an empty one (faces untouched).
  bool wide_segment(Point p1, Point p2, int32_t dx, int32_t dy, bool cap1, bool cap2, Face& f1, Face& f2) {
    const int32_t w = pen_.width;
    const bool sq1 = cap1 && pen_.endcap == ps::kEndcapSquare, sq2 = cap2 && pen_.endcap == ps::kEndcapSquare;
    if (dx == 0 && dy == 0) return false;
    if (dy == 0) {
      Rect r{std::min(p1.x, p2.x), p1.y - w / 2, std::max(p1.x, p2.x), 0};
      r.bottom = r.top + w;
      if ((sq1 && dx > 0) || (sq2 && dx < 0)) r.left -= w / 2;
      if ((sq2 && dx > 0) || (sq1 && dx < 0)) r.right += w / 2;
      region_.add_rect(r.left, r.top, r.right, r.bottom);
      if (dx > 0) {
        f1.start = {r.left, r.bottom}, f1.end = {r.left, r.top};
        f2.start = {r.right - 1, r.top}, f2.end = {r.right - 1, r.bottom};
      } else {
        f1.start = {r.right, r.top}, f1.end = {r.right, r.bottom};
        f2.start = {r.left + 1, r.bottom}, f2.end = {r.left + 1, r.top};
      }
    } else if (dx == 0) {
      Rect r{p1.x - w / 2, std::min(p1.y, p2.y), 0, std::max(p1.y, p2.y)};
      r.right = r.left + w;
      if ((sq1 && dy > 0) || (sq2 && dy < 0)) r.top -= w / 2;
      if ((sq2 && dy > 0) || (sq1 && dy < 0)) r.bottom += w / 2;
      region_.add_rect(r.left, r.top, r.right, r.bottom);
      if (dy > 0) {
        f1.start = {r.left, r.top}, f1.end = {r.right, r.top};
        f2.start = {r.right, r.bottom - 1}, f2.end = {r.left, r.bottom - 1};
      } else {
        f1.start = {r.right, r.bottom}, f1.end = {r.left, r.bottom};
        f2.start = {r.left, r.top + 1}, f2.end = {r.right, r.top + 1};
      }
    } else {
      // The pen's extent across the line, split into a narrow and a wide half (odd pixels go to the
      // wide side), both rounded to whole pixels.
      const double len = std::hypot(dx, dy);
      const double width_x = w * std::abs(dy) / len, width_y = w * std::abs(dx) / len;
      Point narrow{round_half_away(width_x / 2), round_half_away(width_y / 2)};
      Point wide{round_half_away((width_x + 1) / 2), round_half_away((width_y + 1) / 2)};
      if (dx < 0) {
        wide.y = -wide.y;
        narrow.y = -narrow.y;
      }
      if (dy < 0) {
        std::swap(narrow, wide);
        wide.x = -wide.x;
        narrow.x = -narrow.x;
      }
      Point q[4] = {{p1.x - narrow.x, p1.y + narrow.y},
                    {p1.x + wide.x, p1.y - wide.y},
                    {p2.x + wide.x, p2.y - wide.y},
                    {p2.x - narrow.x, p2.y + narrow.y}};
      if (sq1) {
        for (int i : {0, 1}) q[i] = {q[i].x - narrow.y, q[i].y - narrow.x};
      }
      if (sq2) {
        for (int i : {2, 3}) q[i] = {q[i].x + wide.y, q[i].y + wide.x};
      }
      region_.add(polygon_region(q, 4, clip_));
      f1.start = q[0], f1.end = q[1];
      f2.start = q[2], f2.end = q[3];
    }
    f1.dx = f2.dx = dx;
    f1.dy = f2.dy = dy;
    return true;
  }

  void add_cap(Point p) {
    if (pen_.endcap == ps::kEndcapRound) region_.add(round_cap_, p.x, p.y);  // square caps stretch the segment
  }

  // The miter: the quadrilateral out to where the two segments' outer edges meet, unless that lies
  // further than half the miter limit times the width from the joint (then a bevel).
  bool add_miter(Point p, const Face* a, const Face* b) {
    int64_t det = int64_t{a->dx} * b->dy - int64_t{a->dy} * b->dx;
    if (det == 0) return false;
    if (det < 0) {
      std::swap(a, b);
      det = -det;
    }
    const Point pa = a->start, pb = b->end;
    const double ka = static_cast<double>(int64_t{pb.x} * b->dy - int64_t{pb.y} * b->dx) / det;
    const double kb = static_cast<double>(int64_t{pa.x} * a->dy - int64_t{pa.y} * a->dx) / det;
    const double x = ka * a->dx - kb * b->dx, y = ka * a->dy - kb * b->dy;
    const float limit = pen_.miter_limit * pen_.miter_limit * pen_.width * pen_.width;
    if (((x - p.x) * (x - p.x) + (y - p.y) * (y - p.y)) * 4 > limit) return false;
    const Point q[5] = {b->start, a->start, {round_half_away(x), round_half_away(y)}, b->end, a->end};
    region_.add(polygon_region(q, 5, clip_));
    return true;
  }

  void add_join(Point p, const Face& a, const Face& b) {
    if (pen_.join == ps::kJoinMiter && add_miter(p, &a, &b)) return;
    if (pen_.join == ps::kJoinMiter || pen_.join == ps::kJoinBevel) {
      const Point q[4] = {a.start, b.end, a.end, b.start};
      region_.add(polygon_region(q, 4, clip_));
      return;
    }
    region_.add(round_cap_, p.x, p.y);
  }

  // Segments start .. start+count-1 of a (possibly closed) point list, the first beginning at `first`
  // and the last ending at `last` (both may lie inside a segment, for dashes); caps at the ends of an
  // open run, joins between segments.
  void wide_run(const Point* pts, size_t num, bool close, size_t start, size_t count, Point first, Point last) {
    auto at = [&](size_t i) { return pts[i % num]; };
    if (!close) {
      add_cap(first);
      add_cap(last);
    }
    if (count == 1) {
      const Point a = at(start), b = at(start + 1);
      wide_segment(first, last, b.x - a.x, b.y - a.y, true, true, f1_, f2_);
      return;
    }
    Face first_face, prev;
    {
      const Point a = at(start), b = at(start + 1);
      wide_segment(first, b, b.x - a.x, b.y - a.y, !close, false, first_face, prev);
    }
    for (size_t i = 1; i + 1 < count; ++i) {
      const Point a = at(start + i), b = at(start + i + 1);
      if (wide_segment(a, b, b.x - a.x, b.y - a.y, false, false, f1_, f2_)) {
        add_join(a, prev, f1_);
        prev = f2_;
      }
    }
    const Point a = at(start + count - 1), b = at(start + count);
    wide_segment(a, last, b.x - a.x, b.y - a.y, false, !close, f1_, f2_);
    add_join(a, prev, f1_);
    if (close) add_join(last, f2_, first_face);
  }

  // Leading and trailing empty segments do not count (their caps and joins would point nowhere).
  static void trim_empty(const Point*& pts, size_t& n) {
    while (n > 2 && pts[0] == pts[1]) ++pts, --n;
    while (n > 2 && pts[n - 1] == pts[n - 2]) --n;
  }

  void wide_lines(const Point* pts, size_t n, bool close) {
    trim_empty(pts, n);
    if (close)
      wide_run(pts, n, true, 0, n, pts[0], pts[0]);
    else
      wide_run(pts, n, false, 0, n - 1, pts[0], pts[n - 1]);
  }

  // Geometric dashes: walks the outline dash by dash, drawing each marked stretch as an open wide run
  // (with caps); for a closed outline the first dash waits to be joined to the last.
  void dashed_wide_lines(const Point* pts, size_t n, bool close) {
    trim_empty(pts, n);
    const size_t segments = close ? n : n - 1;
    size_t start = 0;
    int32_t cur_len = 0;
    int64_t initial_num = 0;  // segments of a held-back first dash; -1 once there is none to hold
    Point start_point = pts[0], end_point, initial_point;
    for (size_t i = 0; i < segments; ++i) {
      const Point& p1 = pts[i];
      const Point& p2 = pts[(close && i == n - 1) ? 0 : i + 1];
      int32_t dx = p2.x - p1.x, dy = p2.y - p1.y;
      if (dx == 0 && dy == 0) continue;
      // At a dash's start, whole periods of the pattern that lie clear of the clip are passed over by
      // arithmetic (the pattern's state repeats after each), so a far-reaching line costs what its
      // visible part does. A closed outline's first dash is held back to be joined to the last, so
      // nothing is skipped before it.
      if ((!close || initial_num != 0) && pen_.total > 0 && pen_.left_in_dash == pen_.dashes[pen_.cur]) {
        const double len = std::hypot(dx, dy);
        double t_lo = INFINITY, t_hi = -INFINITY;  // the clip's extent along the segment from p1
        for (const double cx : {double(clip_.left), double(clip_.right)})
          for (const double cy : {double(clip_.top), double(clip_.bottom)}) {
            const double t = ((cx - p1.x) * dx + (cy - p1.y) * dy) / len;
            t_lo = std::min(t_lo, t), t_hi = std::max(t_hi, t);
          }
        const double margin = 2.0 * pen_.width + 2.0 * pen_.total + 8;
        double periods = 0;
        if (cur_len + margin < t_lo)
          periods = std::floor((std::min(t_lo, len) - margin - cur_len) / pen_.total);
        else if (cur_len > t_hi + margin)
          periods = std::floor((len - cur_len) / pen_.total) - 1;
        if (periods >= 1) {
          cur_len += static_cast<int32_t>(periods) * static_cast<int32_t>(pen_.total);
          if (dy == 0 || dx == 0) {
            const int32_t sgn = (dx + dy) > 0 ? 1 : -1;
            start_point = {p1.x + (dy == 0 ? sgn * cur_len : 0), p1.y + (dx == 0 ? sgn * cur_len : 0)};
          } else {
            start_point = {p1.x + static_cast<int32_t>(dx * cur_len / len),
                           p1.y + static_cast<int32_t>(dy * cur_len / len)};
          }
          start = i;
        }
      }
      if (dy == 0 || dx == 0) {
        const int32_t along = std::abs(dx + dy);
        if (static_cast<uint32_t>(along - cur_len) < pen_.left_in_dash) {  // the segment ends inside this dash
          pen_.skip(along - cur_len);
          cur_len = 0;
          continue;
        }
        cur_len += pen_.left_in_dash;
        (dy == 0 ? dx : dy) = (dx + dy) > 0 ? cur_len : -cur_len;
      } else {
        const double len = std::hypot(dx, dy);
        if (len - cur_len < pen_.left_in_dash) {
          pen_.skip(static_cast<uint32_t>(len - cur_len));
          cur_len = 0;
          continue;
        }
        cur_len += pen_.left_in_dash;
        dx = static_cast<int32_t>(dx * cur_len / len);
        dy = static_cast<int32_t>(dy * cur_len / len);
      }
      end_point = {p1.x + dx, p1.y + dy};
      if (pen_.mark) {
        if (!initial_num && close) {
          initial_num = static_cast<int64_t>(i - start + 1);
          initial_point = end_point;
        } else {
          wide_run(pts, n, false, start, i - start + 1, start_point, end_point);
        }
      }
      if (!initial_num) initial_num = -1;
      pen_.skip(pen_.left_in_dash);
      start_point = end_point;
      start = i;
      --i;  // the same segment goes on with the next dash
    }
    if (pen_.mark) {
      size_t count;
      if (initial_num > 0) {
        count = n - start + static_cast<size_t>(initial_num);
        end_point = initial_point;
      } else if (close) {
        count = n - start;
        end_point = pts[0];
      } else {
        count = n - start - 1;
        end_point = pts[n - 1];
      }
      wide_run(pts, n, false, start, count, start_point, end_point);
    } else if (initial_num > 0) {
      wide_run(pts, n, false, 0, static_cast<size_t>(initial_num), pts[0], initial_point);
    }
  }

  LinePen pen_;
  Clip clip_;
  PixelSet round_cap_;
  PixelSet region_;
  std::map<std::pair<int32_t, int32_t>, bool> thin_;  // a styled thin pen's pixels: (y, x) -> pen (true) or gap
  Face f1_, f2_;  // kept across segments: an empty last segment joins with the faces before it
};

Rect ordered(const Rect& r) {
  return {std::min(r.left, r.right), std::min(r.top, r.bottom), std::max(r.left, r.right), std::max(r.top, r.bottom)};
}

// The shape's box as the pen draws it; an inside-frame pen pulls it in so that its width stays inside.
bool pen_rect(const Rect& r, const LinePen& pen, Rect& out) {
  out = ordered(r);
  if (out.left == out.right || out.top == out.bottom) return false;
  if (pen.style == ps::kInsideFrame) {
    out.left += pen.width / 2;
    out.top += pen.width / 2;
    out.right -= (pen.width - 1) / 2;
    out.bottom -= (pen.width - 1) / 2;
  }
  return true;
}

// Which point of the first quadrant (from its rightmost point) a ray from the centre crosses, as an
// index into the whole ellipse's points counted round from there (quadrants of `count` points each).
size_t ray_index(const std::vector<Point>& q, int64_t x, int64_t y) {
  const size_t count = q.size();
  size_t i = 0;
  if (y >= 0) {
    if (x >= 0) {
      while (i < count && !(q[i].x * y <= q[i].y * x)) ++i;
      return i;
    }
    while (i < count && !(q[i].x * y < q[i].y * -x)) ++i;
    return 2 * count - i;
  }
  if (x >= 0) {
    while (i < count && !(q[i].x * -y <= q[i].y * x)) ++i;
    return 4 * count - i;
  }
  while (i < count && !(q[i].x * -y < q[i].y * -x)) ++i;
  return 2 * count + i;
}

// Whether an outline round the box `rc` (its right and bottom inclusive) of a pen `width` wide can
// leave no pixel inside the clip: the clip lies beyond the box grown by the width, or (for outlines
// that only follow the ellipse, `inner_too`) within the ellipse inscribed in the box shrunk by it.
// A rounded rectangle's edge lies outside its box's inscribed ellipse, so that test holds for it too.
// Drawing a huge ellipse of which a small window shows only the inside then costs nothing.
bool outline_misses(const Rect& rc, int32_t width, const Clip& clip, bool inner_too) {
  const int64_t m = int64_t{width} + 4;
  if (!clip.touches(rc.left, rc.top, rc.right, rc.bottom, m)) return true;
  if (!inner_too) return false;
  const double cx = (double{1} * rc.left + rc.right) / 2, cy = (double{1} * rc.top + rc.bottom) / 2;
  const double ax = (double{1} * rc.right - rc.left) / 2 - m, ay = (double{1} * rc.bottom - rc.top) / 2 - m;
  if (ax <= 0 || ay <= 0) return false;
  for (const double x : {double(clip.left), double(clip.right)})
    for (const double y : {double(clip.top), double(clip.bottom)}) {
      const double u = (x - cx) / ax, v = (y - cy) / ay;
      if (u * u + v * v >= 0.9) return false;  // kept well clear of rounding
    }
  return true;
}

}  // namespace

Coverage polyline(const Point* pts, size_t n, const PenShape& shape, const Rect* bounds) {
  Stroker s(make_pen(shape), Clip::of(bounds));
  s.lines(pts, n, false);
  return s.finish(nullptr);
}

Coverage rectangle(const Rect& r, const PenShape& shape, bool fill, bool clockwise, const Rect* bounds) {
  const Clip clip = Clip::of(bounds);
  Stroker s(make_pen(shape), clip);
  Rect rc;
  if (!pen_rect(r, s.pen(), rc)) return {};
  // The outline runs through the last column and row inside the box.
  --rc.right;
  --rc.bottom;
  const Point corners_cw[4] = {{rc.right, rc.bottom}, {rc.left, rc.bottom}, {rc.left, rc.top}, {rc.right, rc.top}};
  const Point corners_ccw[4] = {{rc.right, rc.top}, {rc.left, rc.top}, {rc.left, rc.bottom}, {rc.right, rc.bottom}};
  s.lines(clockwise ? corners_cw : corners_ccw, 4, true);
  if (!fill) return s.finish(nullptr);
  PixelSet interior(clip);
  if (s.pen().uses_region) {
    interior.add_rect(rc.left, rc.top, rc.right, rc.bottom);
  } else {
    // A thin (or no) pen: the brush fills inside it, and a NULL pen leaves the right and bottom
    // edges unfilled all the same.
    const int32_t w = s.pen().width;
    interior.add_rect(rc.left + (w + 1) / 2, rc.top + (w + 1) / 2, rc.right - w / 2, rc.bottom - w / 2);
  }
  return s.finish(&interior);
}

Coverage round_rect(const Rect& r, int32_t ellipse_width, int32_t ellipse_height, const PenShape& shape, bool fill,
                    bool clockwise, const Rect* bounds) {
  const Clip clip = Clip::of(bounds);
  Stroker s(make_pen(shape), clip);
  Rect rc;
  if (!pen_rect(r, s.pen(), rc)) return {};
  const int32_t ew = std::min(rc.width(), std::abs(ellipse_width));
  const int32_t eh = std::min(rc.height(), std::abs(ellipse_height));
  if (ew <= 2 || eh <= 2) return rectangle(r, shape, fill, clockwise, bounds);

  if (outline_misses(rc, s.pen().width, clip, true)) {
    if (!fill) return {};
    PixelSet interior = round_rect_region(rc.left, rc.top, rc.right + 1, rc.bottom + 1, ew, eh, clip);
    return s.finish(&interior);
  }
  // One corner's quarter placed at the top right (bottom right clockwise), then mirrored left and
  // down; a corner ellipse as wide (high) as an odd box shares its middle point rather than repeat it.
  std::vector<Point> pts = ellipse_quadrant(ew, eh);
  for (Point& p : pts) p = {rc.right - ew + p.x, clockwise ? rc.bottom - eh + p.y : rc.top + eh - 1 - p.y};
  auto mirror = [](std::vector<Point>& v, bool share_middle, auto flip) {
    const size_t n = v.size();
    const size_t end = 2 * n - 1 - (share_middle ? 1 : 0);
    v.resize(end + 1);
    for (size_t i = 0; i < n; ++i) v[end - i] = flip(v[i]);
  };
  mirror(pts, ew % 2 && ew == rc.width(), [&](Point p) { return Point{rc.left + rc.right - 1 - p.x, p.y}; });
  mirror(pts, eh % 2 && eh == rc.height(), [&](Point p) { return Point{p.x, rc.top + rc.bottom - 1 - p.y}; });
  s.lines(pts.data(), pts.size(), true);
  if (!fill) return s.finish(nullptr);
  PixelSet interior = round_rect_region(rc.left, rc.top, rc.right + 1, rc.bottom + 1, ew, eh, clip);
  return s.finish(&interior);
}

Coverage ellipse(const Rect& r, const PenShape& shape, bool fill, bool clockwise, const Rect* bounds) {
  return round_rect(r, r.right - r.left, r.bottom - r.top, shape, fill, clockwise, bounds);
}

Coverage arc(const Rect& r, Point start, Point end, const PenShape& shape, bool fill, ArcKind kind, bool clockwise,
             const Rect* bounds) {
  const Clip clip = Clip::of(bounds);
  Stroker s(make_pen(shape), clip);
  Rect rc;
  if (!pen_rect(r, s.pen(), rc)) return {};
  const int32_t w = rc.width(), h = rc.height();
  // Every point of an arc, chord or pie lies in its box.
  if (outline_misses(rc, s.pen().width, clip, false)) return {};
  const Point centre{rc.left + w / 2, rc.top + h / 2};
  int64_t sx = start.x - centre.x, sy = start.y - centre.y, ex = end.x - centre.x, ey = end.y - centre.y;

  std::vector<Point> q = ellipse_quadrant(w, h);
  for (Point& p : q) p = {p.x - w / 2, p.y - h / 2};
  if (!clockwise) {  // the quadrant runs clockwise on screen; mirror the rays instead
    sy = -sy;
    ey = -ey;
  }
  const size_t count = q.size();
  std::vector<Point> pts;
  if (count > 0) {
    const size_t from = ray_index(q, sx, sy);
    size_t to = ray_index(q, ex, ey);
    if (to <= from) to += 4 * count;
    // The four quadrants, each walked from the major axis, mirrored into place.
    for (size_t i = from; i < to; ++i) {
      const size_t quadrant = (i / count) % 4;
      const Point fwd = q[i % count], back = q[count - 1 - i % count];
      const int32_t left_x = rc.left + w / 2, right_x = rc.right - 1 - w / 2;
      const int32_t top_y = rc.top + h / 2, bottom_y = rc.bottom - 1 - h / 2;
      Point p;
      switch (quadrant) {
        case 0: p = {left_x + fwd.x, clockwise ? top_y + fwd.y : bottom_y - fwd.y}; break;
        case 1: p = {right_x - back.x, clockwise ? top_y + back.y : bottom_y - back.y}; break;
        case 2: p = {right_x - fwd.x, clockwise ? bottom_y - fwd.y : top_y + fwd.y}; break;
        default: p = {left_x + back.x, clockwise ? bottom_y - back.y : top_y + back.y}; break;
      }
      pts.push_back(p);
    }
  }
  if (kind == ArcKind::pie) pts.push_back(centre);
  if (pts.size() < 2) return {};
  const bool closed = kind != ArcKind::arc;
  s.lines(pts.data(), pts.size(), closed);
  if (!fill || !closed) return s.finish(nullptr);
  const int32_t n = static_cast<int32_t>(pts.size());
  PixelSet interior = polygon_region(pts.data(), &n, 1, 2, clip);
  return s.finish(&interior);
}

Coverage polygon(const Point* pts, const int32_t* counts, size_t polygons, int fill_mode, const PenShape& shape,
                 bool fill, const Rect* bounds) {
  for (size_t i = 0; i < polygons; ++i)
    if (counts[i] < 2) return {};
  const Clip clip = Clip::of(bounds);
  Stroker s(make_pen(shape), clip);
  const Point* p = pts;
  for (size_t i = 0; i < polygons; ++i) {
    s.lines(p, static_cast<size_t>(counts[i]), true);
    p += counts[i];
  }
  if (!fill) return s.finish(nullptr);
  PixelSet interior = polygon_region(pts, counts, polygons, fill_mode == 2 ? 2 : 1, clip);
  return s.finish(&interior);
}

}  // namespace polyrun::shims::gdi32
