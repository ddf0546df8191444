// GDI32's paths: BeginPath, EndPath, AbortPath, CloseFigure, GetPath, FlattenPath, PathToRegion,
// SelectClipPath, and what the drawing functions add to a path being recorded (MoveToEx, LineTo,
// Polyline(To), PolyPolyline, Polygon, PolyPolygon, Rectangle, Ellipse, PolyBezier(To), PolyDraw).
// The path is kept in device units, as Windows keeps it (GetPath gives it back in logical ones);
// a figure starts with a PT_MOVETO point, lines are PT_LINETO, Bézier curves three PT_BEZIERTO
// points each, and PT_CLOSEFIGURE marks a figure's last point when it is closed. StrokePath,
// FillPath and StrokeAndFillPath, which paint, are drawing.cpp's.
#include "shims/gdi32/paths.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"

namespace polyrun::shims::gdi32 {

namespace {


void add(DcPath& path, Point device, uint8_t type) {
  path.points.push_back(device);
  path.types.push_back(type);
}
// A line or curve continues the last figure when it ends where the current position is; else a
// figure starts there.
void start_stroke(DcPath& path) {
  if (!path.new_stroke && !path.points.empty() && !(path.types.back() & kPtCloseFigure) &&
      path.points.back().x == path.pos.x && path.points.back().y == path.pos.y)
    return;
  path.new_stroke = false;
  add(path, path.pos, kPtMoveTo);
}

// A rectangle's corners in device units, top-left and bottom-right; in GM_COMPATIBLE the right and
// bottom edges are not part of it (false: an empty one, which adds nothing).
bool corners(DeviceContext& dc, int32_t l, int32_t t, int32_t r, int32_t b, Point& tl, Point& br) {
  Point a = to_device(dc, {l, t}), c = to_device(dc, {r, b});
  tl = {std::min(a.x, c.x), std::min(a.y, c.y)};
  br = {std::max(a.x, c.x), std::max(a.y, c.y)};
  if (dc.s.graphics_mode == GM_COMPATIBLE) {
    if (tl.x == br.x || tl.y == br.y) return false;
    --br.x, --br.y;
  }
  return true;
}

BOOL BeginPath(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  auto path = std::make_shared<DcPath>();
  path->pos = to_device(*dc, dc->s.position);
  dc->path = path;
  return TRUE;
}
// EndPath: the path recorded is kept for the functions that use it; with none being recorded,
// ERROR_CAN_NOT_COMPLETE.
BOOL EndPath(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  if (!dc->path || !dc->path->open) return fail(p, kErrorCanNotComplete);
  dc->path->open = false;
  return TRUE;
}
BOOL AbortPath(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  dc->path.reset();
  return TRUE;
}
// CloseFigure: the figure being recorded is closed (its last point PT_CLOSEFIGURE); outside
// BeginPath ... EndPath, ERROR_CAN_NOT_COMPLETE.
BOOL CloseFigure(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  DcPath* path = recording(*dc);
  if (!path) return fail(p, kErrorCanNotComplete);
  if (!path->types.empty()) path->types.back() |= kPtCloseFigure;
  return TRUE;
}

// The DC's ended path, or null with ERROR_CAN_NOT_COMPLETE (none, or one still being recorded).
DcPath* ended(WindowsProcess& p, DeviceContext& dc) {
  if (!dc.path || dc.path->open) {
    p.set_last_error(kErrorCanNotComplete);
    return nullptr;
  }
  return dc.path.get();
}

// GetPath(hdc, points, types, size): with size 0 the number of points; else the points (logical
// units) and their types, ERROR_INVALID_PARAMETER when they do not fit; -1 on failure.
int32_t GetPath(WindowsProcess& p, Ptr hdc, Ptr points, Ptr types, int32_t size) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return -1;
  DcPath* path = ended(p, *dc);
  if (!path) return -1;
  const auto n = static_cast<int32_t>(path->points.size());
  if (size == 0) return n;
  if (size < n) return fail(p, ERROR_INVALID_PARAMETER), -1;
  for (int32_t i = 0; i < n; ++i) {
    put<Point>(points.addr + 8ull * i, to_logical(*dc, path->points[i]));
    put<uint8_t>(types.addr + i, path->types[i]);
  }
  return n;
}

// FlattenPath: the path's curves become lines.
BOOL FlattenPath(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  DcPath* path = ended(p, *dc);
  if (!path) return FALSE;
  DcPath flat;
  flat.open = false;
  for (const Figure& f : flatten(*path)) {
    for (size_t i = 0; i < f.points.size(); ++i) add(flat, f.points[i], i == 0 ? kPtMoveTo : kPtLineTo);
    if (f.closed) flat.types.back() |= kPtCloseFigure;
  }
  *path = std::move(flat);
  return TRUE;
}

// The ended path as a region (its figures filled in the DC's polygon fill mode), the path used up.
bool take_region(WindowsProcess& p, DeviceContext& dc, Region& out) {
  DcPath* path = ended(p, dc);
  if (!path) return false;
  std::vector<Point> pts;
  std::vector<int32_t> counts;
  polygons_of(flatten(*path), pts, counts);
  dc.path.reset();
  out = Region::polygon(pts.data(), counts.data(), counts.size(), dc.s.poly_fill_mode);
  return true;
}

// PathToRegion: the region in device units (null on failure).
Ptr PathToRegion(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return Ptr(0);
  Region r;
  if (!take_region(p, *dc, r)) return Ptr(0);
  auto o = std::make_unique<RegionObject>();
  *o->region = std::move(r);
  return Ptr(gdi_table(p).add(std::move(o)));
}

// SelectClipPath(hdc, mode): the path's region combined with the clip region as ExtSelectClipRgn
// combines one (RGN_AND … RGN_COPY).
BOOL SelectClipPath(WindowsProcess& p, Ptr hdc, int32_t mode) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  if (mode < RGN_AND || mode > RGN_COPY) return fail(p, ERROR_INVALID_PARAMETER);
  Region r;
  if (!take_region(p, *dc, r)) return FALSE;
  RegionObject o;
  *o.region = std::move(r);
  return select_clip_region(p, *dc, &o, mode) != 0;
}

}  // namespace

DcPath* recording(DeviceContext& dc) { return dc.path && dc.path->open ? dc.path.get() : nullptr; }

void path_move_to(DeviceContext& dc, DcPath& path, Point to) {
  path.new_stroke = true;
  path.pos = to_device(dc, to);
}

bool path_lines(DeviceContext& dc, DcPath& path, const Point* pts, size_t n) {
  if (n == 0) return false;
  start_stroke(path);
  for (size_t i = 0; i < n; ++i) add(path, to_device(dc, pts[i]), kPtLineTo);
  path.pos = path.points.back();
  return true;
}

bool path_beziers(DeviceContext& dc, DcPath& path, const Point* pts, size_t n, bool from_current) {
  if (from_current) {
    if (n % 3) return false;
    if (n == 0) return true;
    start_stroke(path);
    for (size_t i = 0; i < n; ++i) add(path, to_device(dc, pts[i]), kPtBezierTo);
    path.pos = path.points.back();
    return true;
  }
  if (n < 4 || (n - 1) % 3) return false;
  add(path, to_device(dc, pts[0]), kPtMoveTo);
  for (size_t i = 1; i < n; ++i) add(path, to_device(dc, pts[i]), kPtBezierTo);
  return true;
}

bool path_figures(DeviceContext& dc, DcPath& path, const Point* pts, const std::vector<uint32_t>& counts, bool closed) {
  if (counts.empty()) return false;
  for (uint32_t c : counts)
    if (c < 2) return false;
  size_t at = 0;
  for (uint32_t c : counts) {
    for (uint32_t i = 0; i < c; ++i) add(path, to_device(dc, pts[at + i]), i == 0 ? kPtMoveTo : kPtLineTo);
    if (closed) path.types.back() |= kPtCloseFigure;
    at += c;
  }
  return true;
}

// A rectangle: four points from the top right going counter-clockwise (clockwise with
// AD_CLOCKWISE), closed.
bool path_rectangle(DeviceContext& dc, DcPath& path, int32_t l, int32_t t, int32_t r, int32_t b) {
  Point tl, br;
  if (!corners(dc, l, t, r, b, tl, br)) return true;
  Point q[4] = {{br.x, tl.y}, tl, {tl.x, br.y}, br};
  if (dc.s.arc_direction == AD_CLOCKWISE) std::reverse(q, q + 4);
  for (int i = 0; i < 4; ++i) add(path, q[i], i == 0 ? kPtMoveTo : kPtLineTo);
  path.types.back() |= kPtCloseFigure;
  return true;
}

// An ellipse: four Bézier quarters from its rightmost point, counter-clockwise on the screen (the
// other way with AD_CLOCKWISE), closed; each quarter's control points at 0.5523 of the radius,
// the curve a circle's arc stretched to the box.
bool path_ellipse(DeviceContext& dc, DcPath& path, int32_t l, int32_t t, int32_t r, int32_t b) {
  Point tl, br;
  if (!corners(dc, l, t, r, b, tl, br)) return true;
  const double cx = (tl.x + br.x) / 2.0, cy = (tl.y + br.y) / 2.0, rx = (br.x - tl.x) / 2.0, ry = (br.y - tl.y) / 2.0;
  constexpr double k = 0.5522847498;
  const double dir = dc.s.arc_direction == AD_CLOCKWISE ? 1 : -1;  // screen y grows downwards
  auto at = [&](double x, double y) {
    return Point{static_cast<int32_t>(std::lround(cx + x * rx)), static_cast<int32_t>(std::lround(cy + dir * y * ry))};
  };
  // The quarters, as (x, y) on a unit circle with y counter-clockwise.
  static const double q[4][6] = {{1, k, k, 1, 0, 1}, {-k, 1, -1, k, -1, 0}, {-1, -k, -k, -1, 0, -1}, {k, -1, 1, -k, 1, 0}};
  add(path, at(1, 0), kPtMoveTo);
  for (const auto& c : q) {
    add(path, at(c[0], c[1]), kPtBezierTo);
    add(path, at(c[2], c[3]), kPtBezierTo);
    add(path, at(c[4], c[5]), kPtBezierTo);
  }
  path.types.back() |= kPtCloseFigure;
  return true;
}

// PolyDraw's points: PT_MOVETO, PT_LINETO and three PT_BEZIERTO, each with PT_CLOSEFIGURE possibly
// (the figure closed, the position back at its start). Another type, or a curve without its three
// points, fails the call there: what came before it stays in the path, the position is as before.
bool path_poly_draw(DeviceContext& dc, DcPath& path, const Point* pts, const uint8_t* types, size_t n) {
  const Point start = path.pos;
  size_t last_move = path.points.size();
  for (size_t i = 0; i < n; ++i) {
    const uint8_t kind = types[i] & ~kPtCloseFigure;
    if (types[i] == kPtMoveTo) {
      path_move_to(dc, path, pts[i]);
      last_move = path.points.size();
      continue;
    }
    if (kind == kPtLineTo) {
      path_lines(dc, path, &pts[i], 1);
    } else if (types[i] == kPtBezierTo && i + 2 < n && types[i + 1] == kPtBezierTo &&
               (types[i + 2] & ~kPtCloseFigure) == kPtBezierTo) {
      path_beziers(dc, path, &pts[i], 3, true);
      i += 2;
    } else {
      path.pos = start;
      return false;
    }
    if (types[i] & kPtCloseFigure) {
      path.types.back() |= kPtCloseFigure;
      if (last_move < path.points.size()) path.pos = path.points[last_move];
    }
  }
  return true;
}

// Subdivides until each piece is within a quarter pixel of its chord.
void flatten_bezier(Point p0, Point p1, Point p2, Point p3, std::vector<Point>& out) {
  struct P {
    double x, y;
  };
  auto flat = [](P a, P b, P c, P d) {
    const double dx = d.x - a.x, dy = d.y - a.y, len = std::hypot(dx, dy);
    auto dist = [&](P q) {
      return len < 1e-9 ? std::hypot(q.x - a.x, q.y - a.y) : std::abs((q.x - a.x) * dy - (q.y - a.y) * dx) / len;
    };
    return std::max(dist(b), dist(c)) <= 0.25;
  };
  std::function<void(P, P, P, P, int)> go = [&](P a, P b, P c, P d, int depth) {
    if (depth > 16 || flat(a, b, c, d)) {
      const Point e{static_cast<int32_t>(std::lround(d.x)), static_cast<int32_t>(std::lround(d.y))};
      if (out.empty() || out.back().x != e.x || out.back().y != e.y) out.push_back(e);
      return;
    }
    const P ab{(a.x + b.x) / 2, (a.y + b.y) / 2}, bc{(b.x + c.x) / 2, (b.y + c.y) / 2}, cd{(c.x + d.x) / 2, (c.y + d.y) / 2};
    const P abc{(ab.x + bc.x) / 2, (ab.y + bc.y) / 2}, bcd{(bc.x + cd.x) / 2, (bc.y + cd.y) / 2};
    const P m{(abc.x + bcd.x) / 2, (abc.y + bcd.y) / 2};
    go(a, ab, abc, m, depth + 1);
    go(m, bcd, cd, d, depth + 1);
  };
  go({double(p0.x), double(p0.y)}, {double(p1.x), double(p1.y)}, {double(p2.x), double(p2.y)},
     {double(p3.x), double(p3.y)}, 0);
}

void polygons_of(const std::vector<Figure>& figures, std::vector<Point>& pts, std::vector<int32_t>& counts) {
  for (const Figure& f : figures) {
    if (f.points.size() < 2) continue;
    pts.insert(pts.end(), f.points.begin(), f.points.end());
    counts.push_back(static_cast<int32_t>(f.points.size()));
  }
}

std::vector<Figure> flatten(const DcPath& path) {
  std::vector<Figure> figures;
  for (size_t i = 0; i < path.points.size(); ++i) {
    const uint8_t kind = path.types[i] & ~kPtCloseFigure;
    if (kind == kPtMoveTo || figures.empty()) figures.push_back({{path.points[i]}, false});
    else if (kind == kPtBezierTo && i + 2 < path.points.size()) {
      const Point from = figures.back().points.back();
      flatten_bezier(from, path.points[i], path.points[i + 1], path.points[i + 2], figures.back().points);
      i += 2;
    } else {
      figures.back().points.push_back(path.points[i]);
    }
    if (path.types[i] & kPtCloseFigure) figures.back().closed = true;
  }
  return figures;
}

}  // namespace polyrun::shims::gdi32

namespace polyrun::shims::gdi32 {
const std::vector<Export>& path_exports() {
  static const std::vector<Export> e = {
      EXPORT("BeginPath", BeginPath),       EXPORT("EndPath", EndPath),         EXPORT("AbortPath", AbortPath),
      EXPORT("CloseFigure", CloseFigure),   EXPORT("GetPath", GetPath),         EXPORT("FlattenPath", FlattenPath),
      EXPORT("PathToRegion", PathToRegion), EXPORT("SelectClipPath", SelectClipPath),
  };
  return e;
}
}  // namespace polyrun::shims::gdi32
