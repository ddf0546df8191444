// GDI32's WidenPath: the DC's ended path becomes the outline of what stroking it with the DC's pen
// would paint. Each figure, flattened, is offset by half the pen's width to either side: an open
// figure becomes one closed polygon (one side, the end cap, the other side back, the start cap), a
// closed one two (the outer side, and the inner side the other way round, so that either fill mode
// leaves the inside out). Joins and caps are the pen's (PS_JOIN_ROUND, _BEVEL, _MITER within the
// DC's miter limit; PS_ENDCAP_ROUND, _SQUARE (half the width past the end), _FLAT); a pen of
// CreatePen is round at both. Only a geometric pen of ExtCreatePen, or a pen of CreatePen more
// than one device unit wide, can be widened (Microsoft Learn, "WidenPath"); else, and with no
// ended path, ERROR_CAN_NOT_COMPLETE.
#include <algorithm>
#include <cmath>
#include <vector>

#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/paths.h"

namespace polyrun::shims::gdi32 {

namespace {

constexpr uint32_t kCapRound = 0, kCapSquare = 0x100, kCapFlat = 0x200;
constexpr uint32_t kJoinRound = 0, kJoinBevel = 0x1000, kJoinMiter = 0x2000;

struct V {
  double x, y;
};
V operator+(V a, V b) { return {a.x + b.x, a.y + b.y}; }
V operator-(V a, V b) { return {a.x - b.x, a.y - b.y}; }
V operator*(V a, double k) { return {a.x * k, a.y * k}; }
double cross(V a, V b) { return a.x * b.y - a.y * b.x; }

// The unit normal to the left of the way from a to b (y down: a quarter turn clockwise).
V normal(V a, V b) {
  const V d = b - a;
  const double len = std::hypot(d.x, d.y);
  return {-d.y / len, d.x / len};
}

// Points of the arc around `c` of radius r from angle a0 to a1 (radians, the way of the sign of
// a1 - a0), without its first point; steps no longer than keep the arc within a quarter pixel.
void arc(std::vector<V>& out, V c, double r, double a0, double a1) {
  const double step = r > 0.5 ? 2 * std::acos(std::max(0.0, 1 - 0.25 / r)) : M_PI / 2;
  const int n = std::max(1, static_cast<int>(std::ceil(std::abs(a1 - a0) / std::max(step, 0.05))));
  for (int i = 1; i <= n; ++i) {
    const double a = a0 + (a1 - a0) * i / n;
    out.push_back({c.x + r * std::cos(a), c.y + r * std::sin(a)});
  }
}

struct Widener {
  double half;
  uint32_t cap, join;
  double miter_limit;

  // The join at p between the segment ending with normal n0 and the one starting with n1, on the
  // side the normals point to (the last point pushed is p + n0 * half).
  void join_at(std::vector<V>& out, V p, V n0, V n1, V dir0) const {
    const V b = p + n1 * half;
    if (std::abs(cross(n0, n1)) < 1e-12 && n0.x * n1.x + n0.y * n1.y > 0) return;  // (straight on)
    // The corner turns toward this side (the normals' side: cross(dir0, n0) > 0): its inside,
    // where the offset lines overlap; they are joined through the corner itself.
    const V dir1{n1.y, -n1.x};
    if (cross(dir0, dir1) > 0) {
      out.push_back(p);
      out.push_back(b);
      return;
    }
    if (join == kJoinRound) {
      double a0 = std::atan2(n0.y, n0.x), a1 = std::atan2(n1.y, n1.x);
      double d = a1 - a0;
      while (d > M_PI) d -= 2 * M_PI;
      while (d < -M_PI) d += 2 * M_PI;
      arc(out, p, half, a0, a0 + d);
      return;
    }
    if (join == kJoinMiter) {
      // The offset lines meet at p + (n0 + n1) / (1 + n0 . n1) * half; the miter's length over
      // the pen's width is 1 / cos(half the angle between the segments).
      const double dot = n0.x * n1.x + n0.y * n1.y;
      if (1 + dot > 1e-9) {
        const double ratio = std::sqrt(2 / (1 + dot));
        if (ratio <= miter_limit) {
          out.push_back(p + (n0 + n1) * (half / (1 + dot)));
          out.push_back(b);
          return;
        }
      }
    }
    out.push_back(b);  // bevel
  }

  // One side of the polyline `pts` (left of its way), from its first point's offset to its last's.
  std::vector<V> side(const std::vector<V>& pts, bool closed) const {
    std::vector<V> out;
    const size_t n = pts.size();
    const size_t segments = closed ? n : n - 1;
    for (size_t i = 0; i < segments; ++i) {
      const V a = pts[i], b = pts[(i + 1) % n];
      const V nrm = normal(a, b);
      if (i == 0) {
        if (closed) {
          const V prev = pts[n - 1];
          out.push_back(a + normal(prev, a) * half);
          join_at(out, a, normal(prev, a), nrm, a - prev);
        } else {
          out.push_back(a + nrm * half);
        }
      }
      if (i + 1 < segments) {
        const V c = pts[(i + 2) % n];
        out.push_back(b + nrm * half);
        join_at(out, b, nrm, normal(b, c), b - a);
      } else if (!closed) {
        out.push_back(b + nrm * half);
      }
    }
    return out;
  }

  // The cap at `p` where the way `dir` (a unit vector) leaves the figure: from p + n * half round
  // to p - n * half, n the left normal of dir.
  void cap_at(std::vector<V>& out, V p, V dir) const {
    const V n{-dir.y, dir.x};
    if (cap == kCapSquare) {
      out.push_back(p + n * half + dir * half);
      out.push_back(p - n * half + dir * half);
    } else if (cap == kCapRound) {
      const double a0 = std::atan2(n.y, n.x);
      // (round through the direction of `dir`: a half turn the way that passes it)
      const double mid = std::atan2(dir.y, dir.x);
      double d = mid - a0;
      while (d > M_PI) d -= 2 * M_PI;
      while (d < -M_PI) d += 2 * M_PI;
      arc(out, p, half, a0, a0 + 2 * d);
      return;
    }
    out.push_back(p - n * half);
  }

  std::vector<std::vector<V>> widen(std::vector<V> pts, bool closed) const {
    // (points that repeat the one before add nothing)
    std::vector<V> clean;
    for (const V& q : pts)
      if (clean.empty() || std::hypot(q.x - clean.back().x, q.y - clean.back().y) > 1e-9) clean.push_back(q);
    if (closed && clean.size() > 1 && std::hypot(clean.front().x - clean.back().x, clean.front().y - clean.back().y) < 1e-9)
      clean.pop_back();
    std::vector<std::vector<V>> out;
    if (clean.size() == 1) {
      // A lone point: its caps alone (nothing for flat ones).
      if (cap == kCapFlat) return out;
      std::vector<V> dot{clean[0] + V{0, half}};
      cap_at(dot, clean[0], {1, 0});
      cap_at(dot, clean[0], {-1, 0});
      out.push_back(dot);
      return out;
    }
    if (closed && clean.size() >= 3) {
      out.push_back(side(clean, true));
      std::vector<V> reversed(clean.rbegin(), clean.rend());
      out.push_back(side(reversed, true));
      return out;
    }
    std::vector<V> poly = side(clean, false);
    const V last = clean.back(), before = clean[clean.size() - 2];
    const V end_dir = (last - before) * (1 / std::hypot(last.x - before.x, last.y - before.y));
    cap_at(poly, last, end_dir);
    std::vector<V> reversed(clean.rbegin(), clean.rend());
    std::vector<V> back = side(reversed, false);
    poly.insert(poly.end(), back.begin() + 1, back.end());
    const V first = clean.front(), second = clean[1];
    const V start_dir = (first - second) * (1 / std::hypot(first.x - second.x, first.y - second.y));
    cap_at(poly, first, start_dir);
    poly.pop_back();  // (the start cap ends where the polygon began)
    out.push_back(poly);
    return out;
  }
};

BOOL WidenPath(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  if (!dc->path || dc->path->open) return fail(p, kErrorCanNotComplete);
  const Pen& pen = dc_pen(p, *dc);
  const bool extended = pen.type == OBJ_EXTPEN;
  if (extended && (pen.style & PS_TYPE_MASK) != PS_GEOMETRIC) return fail(p, kErrorCanNotComplete);
  // The width in device units (as the path is kept); a pen of CreatePen must be wider than one.
  const Point o = to_device(*dc, {0, 0}), w = to_device(*dc, {std::max(pen.width, 1), 0});
  const double width = std::hypot(double(w.x - o.x), double(w.y - o.y));
  if (!extended && width <= 1) return fail(p, kErrorCanNotComplete);
  Widener wd;
  wd.half = std::max(1.0, width) / 2;
  wd.cap = extended ? pen.style & PS_ENDCAP_MASK : kCapRound;
  wd.join = extended ? pen.style & PS_JOIN_MASK : kJoinRound;
  wd.miter_limit = dc->s.miter_limit;
  DcPath widened;
  widened.open = false;
  for (const Figure& f : flatten(*dc->path)) {
    std::vector<V> pts;
    for (const Point& q : f.points) pts.push_back({double(q.x), double(q.y)});
    for (const std::vector<V>& poly : wd.widen(pts, f.closed)) {
      if (poly.size() < 3) continue;
      for (size_t i = 0; i < poly.size(); ++i) {
        widened.points.push_back({static_cast<int32_t>(std::lround(poly[i].x)), static_cast<int32_t>(std::lround(poly[i].y))});
        widened.types.push_back(i == 0 ? kPtMoveTo : kPtLineTo);
      }
      widened.types.back() |= kPtCloseFigure;
    }
  }
  widened.pos = dc->path->pos;
  *dc->path = std::move(widened);
  return TRUE;
}

}  // namespace

const std::vector<Export>& path_widening_exports() {
  static const std::vector<Export> e = {EXPORT("WidenPath", WidenPath)};
  return e;
}

}  // namespace polyrun::shims::gdi32
