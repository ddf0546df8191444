// Lines and shapes on a DC: LineTo, Polyline, PolylineTo, PolyPolyline, Rectangle, Ellipse,
// RoundRect, Arc, ArcTo, Chord, Pie, Polygon, PolyPolygon, PolyBezier, PolyBezierTo, PolyDraw, and
// GradientFill's rectangles; a path's figures (StrokePath, FillPath, StrokeAndFillPath). While
// BeginPath records (gdi32/paths.h), the shapes a path can hold go into it instead of being drawn;
// RoundRect, the arcs, chords and pies are not recorded in a path (ERROR_NOT_SUPPORTED there). The
// rasterizer (rasterizer.h) says which pixels a shape covers in device units; they are painted
// here through the DC's clip with its ROP2: the brush's interior first, then a styled pen's gaps
// in the background colour (OPAQUE), then the pen.
#include <cmath>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/paths.h"
#include "shims/gdi32/rasterizer.h"
#include "shims/gdi32/region_algebra.h"

namespace polyrun::shims::gdi32 {

namespace {

// The DC's pen as the rasterizer takes it: a geometric pen's width scaled to device units.
PenShape pen_shape(WindowsProcess& p, DeviceContext& dc) {
  const Pen& pen = dc_pen(p, dc);
  PenShape s;
  s.style = pen.style;
  s.extended = pen.type == OBJ_EXTPEN;
  s.miter_limit = dc.s.miter_limit;
  int32_t width = pen.width;
  const bool cosmetic = s.extended ? (pen.style & PS_TYPE_MASK) != PS_GEOMETRIC : width <= 1;
  if (!cosmetic && !simple_mapping(dc)) {
    const Point a = to_device(dc, {0, 0}), b = to_device(dc, {width, 0});
    width = static_cast<int32_t>(std::lround(std::hypot(b.x - a.x, b.y - a.y)));
  }
  s.width = std::max(width, 1);
  return s;
}

std::vector<Span> offset_spans(const std::vector<Span>& in, Point o) {
  std::vector<Span> out = in;
  for (Span& s : out) s.y += o.y, s.left += o.x, s.right += o.x;
  return out;
}

// What the rasterizer needs to produce, in device units: the clip's box within the surface. Shapes
// reaching far beyond it (a guest may pass any coordinates) then cost only what they show.
Rect draw_bounds(WindowsProcess& p, DeviceContext& dc) {
  Surface* s = dc_surface(p, dc);
  if (!s) return {};
  const Rect box = drawing_clip(p, dc).bounds().intersect(s->rect());
  if (box.empty()) return {};
  return box.offset(-dc.origin.x, -dc.origin.y);
}

// Paints what a call covers (device units) on the DC's surface.
void paint(WindowsProcess& p, DeviceContext& dc, const Coverage& c) {
  Surface* s = dc_surface(p, dc);
  if (!s) return;
  const Region& clip = drawing_clip(p, dc);
  if (!c.fill.empty()) {
    FillPattern f;
    if (brush_pattern(p, dc, *s, 0, dc.s.rop2, f)) fill_spans(*s, offset_spans(c.fill, dc.origin), clip, f);
  }
  const Pen& pen = dc_pen(p, dc);
  const ColorRef pen_color = pen.handle == gdi_table(p).stock(DC_PEN) ? dc.s.dc_pen_color : pen.color;
  if (!c.gaps.empty() && dc.s.bk_mode == OPAQUE)
    fill_spans(*s, offset_spans(c.gaps, dc.origin), clip, FillPattern::solid(background_masks(p, dc, *s, pen_color)));
  if (!c.pen.empty()) fill_spans(*s, offset_spans(c.pen, dc.origin), clip, FillPattern::solid(pen_masks(p, dc, *s)));
}

bool has_brush(WindowsProcess& p, DeviceContext& dc) {
  const Brush& b = dc_brush(p, dc);
  return b.style != BS_NULL;
}

std::vector<Point> read_points(DeviceContext& dc, uint64_t points, size_t n) {
  std::vector<Point> pts(n);
  if (n) std::memcpy(pts.data(), guest_pointer(points), n * sizeof(Point));
  for (Point& pt : pts) pt = to_device(dc, pt);
  return pts;
}

// The program's points as it passed them (logical units), for a path.
const Point* logical_points(uint64_t points) { return reinterpret_cast<const Point*>(guest_pointer(points)); }

BOOL LineTo(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  if (DcPath* path = recording(*dc)) {
    const Point to{x, y};
    path_lines(*dc, *path, &to, 1);
    dc->s.position = to;
    return TRUE;
  }
  const Point pts[2] = {to_device(*dc, dc->s.position), to_device(*dc, {x, y})};
  const Rect bounds = draw_bounds(p, *dc);
  paint(p, *dc, polyline(pts, 2, pen_shape(p, *dc), &bounds));
  dc->s.position = {x, y};
  return TRUE;
}

BOOL Polyline(WindowsProcess& p, Ptr hdc, Ptr points, int32_t count) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc || count < 2) return FALSE;
  if (DcPath* path = recording(*dc))
    return path_figures(*dc, *path, logical_points(points.addr), {static_cast<uint32_t>(count)}, false);
  const std::vector<Point> pts = read_points(*dc, points.addr, static_cast<size_t>(count));
  const Rect bounds = draw_bounds(p, *dc);
  paint(p, *dc, polyline(pts.data(), pts.size(), pen_shape(p, *dc), &bounds));
  return TRUE;
}

BOOL PolylineTo(WindowsProcess& p, Ptr hdc, Ptr points, uint32_t count) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  if (DcPath* path = recording(*dc)) {
    if (!path_lines(*dc, *path, logical_points(points.addr), count)) return FALSE;
    dc->s.position = get<Point>(points.addr + 8ull * (count - 1));
    return TRUE;
  }
  if (!count) return TRUE;
  std::vector<Point> pts{to_device(*dc, dc->s.position)};
  const std::vector<Point> rest = read_points(*dc, points.addr, count);
  pts.insert(pts.end(), rest.begin(), rest.end());
  const Rect bounds = draw_bounds(p, *dc);
  paint(p, *dc, polyline(pts.data(), pts.size(), pen_shape(p, *dc), &bounds));
  dc->s.position = get<Point>(points.addr + 8ull * (count - 1));
  return TRUE;
}

BOOL PolyPolyline(WindowsProcess& p, Ptr hdc, Ptr points, Ptr counts, uint32_t lines) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc || !lines) return FALSE;
  if (DcPath* path = recording(*dc)) {
    std::vector<uint32_t> n(lines);
    size_t total = 0;
    for (uint32_t i = 0; i < lines; ++i) total += n[i] = get<uint32_t>(counts.addr + 4ull * i);
    return path_figures(*dc, *path, logical_points(points.addr), n, false);
  }
  uint64_t at = points.addr;
  for (uint32_t i = 0; i < lines; ++i) {
    const uint32_t n = get<uint32_t>(counts.addr + 4ull * i);
    if (n < 2) return FALSE;
    const std::vector<Point> pts = read_points(*dc, at, n);
    const Rect bounds = draw_bounds(p, *dc);
    paint(p, *dc, polyline(pts.data(), pts.size(), pen_shape(p, *dc), &bounds));
    at += 8ull * n;
  }
  return TRUE;
}

Rect device_box(DeviceContext& dc, int32_t l, int32_t t, int32_t r, int32_t b) {
  const Point a = to_device(dc, {l, t}), c = to_device(dc, {r, b});
  return {a.x, a.y, c.x, c.y};
}
bool clockwise(const DeviceContext& dc) { return dc.s.arc_direction == AD_CLOCKWISE; }

BOOL Rectangle(WindowsProcess& p, Ptr hdc, int32_t l, int32_t t, int32_t r, int32_t b) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  if (DcPath* path = recording(*dc)) return path_rectangle(*dc, *path, l, t, r, b);
  const Rect bounds = draw_bounds(p, *dc);
  paint(p, *dc,
        rectangle(device_box(*dc, l, t, r, b), pen_shape(p, *dc), has_brush(p, *dc), clockwise(*dc), &bounds));
  return TRUE;
}
BOOL Ellipse(WindowsProcess& p, Ptr hdc, int32_t l, int32_t t, int32_t r, int32_t b) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  if (DcPath* path = recording(*dc)) return path_ellipse(*dc, *path, l, t, r, b);
  const Rect bounds = draw_bounds(p, *dc);
  paint(p, *dc, ellipse(device_box(*dc, l, t, r, b), pen_shape(p, *dc), has_brush(p, *dc), clockwise(*dc), &bounds));
  return TRUE;
}
BOOL RoundRect(WindowsProcess& p, Ptr hdc, int32_t l, int32_t t, int32_t r, int32_t b, int32_t ew, int32_t eh) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  if (recording(*dc)) return fail(p, ERROR_NOT_SUPPORTED);
  const Point e0 = to_device(*dc, {0, 0}), e1 = to_device(*dc, {ew, eh});
  const Rect bounds = draw_bounds(p, *dc);
  paint(p, *dc, round_rect(device_box(*dc, l, t, r, b), std::abs(e1.x - e0.x), std::abs(e1.y - e0.y),
                           pen_shape(p, *dc), has_brush(p, *dc), clockwise(*dc), &bounds));
  return TRUE;
}

BOOL arc_call(WindowsProcess& p, uint64_t hdc, int32_t l, int32_t t, int32_t r, int32_t b, int32_t xs, int32_t ys,
              int32_t xe, int32_t ye, ArcKind kind) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc) return FALSE;
  if (recording(*dc)) return fail(p, ERROR_NOT_SUPPORTED);
  const Rect bounds = draw_bounds(p, *dc);
  paint(p, *dc, arc(device_box(*dc, l, t, r, b), to_device(*dc, {xs, ys}), to_device(*dc, {xe, ye}), pen_shape(p, *dc),
                    kind != ArcKind::arc && has_brush(p, *dc), kind, clockwise(*dc), &bounds));
  return TRUE;
}
BOOL Arc(WindowsProcess& p, Ptr hdc, int32_t l, int32_t t, int32_t r, int32_t b, int32_t xs, int32_t ys, int32_t xe,
         int32_t ye) {
  return arc_call(p, hdc.addr, l, t, r, b, xs, ys, xe, ye, ArcKind::arc);
}
BOOL Chord(WindowsProcess& p, Ptr hdc, int32_t l, int32_t t, int32_t r, int32_t b, int32_t xs, int32_t ys, int32_t xe,
           int32_t ye) {
  return arc_call(p, hdc.addr, l, t, r, b, xs, ys, xe, ye, ArcKind::chord);
}
BOOL Pie(WindowsProcess& p, Ptr hdc, int32_t l, int32_t t, int32_t r, int32_t b, int32_t xs, int32_t ys, int32_t xe,
         int32_t ye) {
  return arc_call(p, hdc.addr, l, t, r, b, xs, ys, xe, ye, ArcKind::pie);
}
// ArcTo: a line from the current position to the arc's start, the arc, and the current position
// at its end (the points where the rays meet the ellipse).
BOOL ArcTo(WindowsProcess& p, Ptr hdc, int32_t l, int32_t t, int32_t r, int32_t b, int32_t xs, int32_t ys, int32_t xe,
           int32_t ye) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  if (recording(*dc)) return fail(p, ERROR_NOT_SUPPORTED);
  const double cx = (l + r) / 2.0, cy = (t + b) / 2.0, rx = std::abs(r - l) / 2.0, ry = std::abs(b - t) / 2.0;
  const auto on_ellipse = [&](int32_t x, int32_t y) {
    const double a = std::atan2(y - cy, x - cx);
    return Point{static_cast<int32_t>(std::lround(cx + rx * std::cos(a))),
                 static_cast<int32_t>(std::lround(cy + ry * std::sin(a)))};
  };
  const Point start = on_ellipse(xs, ys), end = on_ellipse(xe, ye);
  LineTo(p, hdc, start.x, start.y);
  arc_call(p, hdc.addr, l, t, r, b, xs, ys, xe, ye, ArcKind::arc);
  dc->s.position = end;
  return TRUE;
}

BOOL PolyPolygon(WindowsProcess& p, Ptr hdc, Ptr points, Ptr counts, int32_t polygons) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc || polygons <= 0) return FALSE;
  std::vector<int32_t> n(static_cast<size_t>(polygons));
  size_t total = 0;
  for (int32_t i = 0; i < polygons; ++i) {
    n[i] = get<int32_t>(counts.addr + 4ull * i);
    if (n[i] < 2) return FALSE;
    total += static_cast<size_t>(n[i]);
  }
  if (DcPath* path = recording(*dc))
    return path_figures(*dc, *path, logical_points(points.addr), std::vector<uint32_t>(n.begin(), n.end()), true);
  const std::vector<Point> pts = read_points(*dc, points.addr, total);
  const Rect bounds = draw_bounds(p, *dc);
  paint(p, *dc,
        polygon(pts.data(), n.data(), n.size(), dc->s.poly_fill_mode, pen_shape(p, *dc), has_brush(p, *dc), &bounds));
  return TRUE;
}
BOOL Polygon(WindowsProcess& p, Ptr hdc, Ptr points, int32_t count) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc || count < 2) return FALSE;
  if (DcPath* path = recording(*dc))
    return path_figures(*dc, *path, logical_points(points.addr), {static_cast<uint32_t>(count)}, true);
  const std::vector<Point> pts = read_points(*dc, points.addr, static_cast<size_t>(count));
  const int32_t n = count;
  const Rect bounds = draw_bounds(p, *dc);
  paint(p, *dc, polygon(pts.data(), &n, 1, dc->s.poly_fill_mode, pen_shape(p, *dc), has_brush(p, *dc), &bounds));
  return TRUE;
}

// PolyBezier: cubic Bézier curves through 3n + 1 points (the first the start); PolyBezierTo: 3n
// points from the current position, which ends at the last. Drawn with the pen as the lines they
// flatten to.
void paint_lines(WindowsProcess& p, DeviceContext& dc, const std::vector<Point>& device) {
  const Rect bounds = draw_bounds(p, dc);
  paint(p, dc, polyline(device.data(), device.size(), pen_shape(p, dc), &bounds));
}
std::vector<Point> bezier_lines(DeviceContext& dc, Point start, const Point* logical, size_t n) {
  std::vector<Point> out{to_device(dc, start)};
  for (size_t i = 0; i + 2 < n; i += 3)
    flatten_bezier(out.back(), to_device(dc, logical[i]), to_device(dc, logical[i + 1]), to_device(dc, logical[i + 2]),
                   out);
  if (out.size() == 1) out.push_back(out[0]);
  return out;
}
BOOL PolyBezier(WindowsProcess& p, Ptr hdc, Ptr points, uint32_t count) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc || count < 4 || (count - 1) % 3) return FALSE;
  const Point* pts = logical_points(points.addr);
  if (DcPath* path = recording(*dc)) return path_beziers(*dc, *path, pts, count, false);
  paint_lines(p, *dc, bezier_lines(*dc, pts[0], pts + 1, count - 1));
  return TRUE;
}
BOOL PolyBezierTo(WindowsProcess& p, Ptr hdc, Ptr points, uint32_t count) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc || count % 3) return FALSE;
  if (!count) return TRUE;
  const Point* pts = logical_points(points.addr);
  if (DcPath* path = recording(*dc)) {
    if (!path_beziers(*dc, *path, pts, count, true)) return FALSE;
  } else {
    paint_lines(p, *dc, bezier_lines(*dc, dc->s.position, pts, count));
  }
  dc->s.position = pts[count - 1];
  return TRUE;
}
// PolyDraw: lines and curves by PT_* type, as a path records them; drawn, each figure with the pen
// (closed ones back to their start) and the position at the last point.
BOOL PolyDraw(WindowsProcess& p, Ptr hdc, Ptr points, Ptr types, int32_t count) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc || count < 0) return FALSE;
  const Point* pts = logical_points(points.addr);
  const uint8_t* kinds = reinterpret_cast<const uint8_t*>(guest_pointer(types.addr));
  if (DcPath* path = recording(*dc)) {
    if (!path_poly_draw(*dc, *path, pts, kinds, static_cast<size_t>(count))) return FALSE;
    dc->s.position = to_logical(*dc, path->pos);
    return TRUE;
  }
  DcPath scratch;  // (checked whole before anything is drawn)
  scratch.pos = to_device(*dc, dc->s.position);
  if (!path_poly_draw(*dc, scratch, pts, kinds, static_cast<size_t>(count))) return FALSE;
  for (Figure& f : flatten(scratch)) {
    if (f.closed) f.points.push_back(f.points.front());
    if (f.points.size() >= 2) paint_lines(p, *dc, f.points);
  }
  dc->s.position = to_logical(*dc, scratch.pos);
  return TRUE;
}

// StrokePath, FillPath, StrokeAndFillPath: the ended path's figures drawn with the pen (closed ones
// back to their start), filled with the brush in the polygon fill mode (every figure closed), or
// both, the fill first; the path is used up. With no ended path: ERROR_CAN_NOT_COMPLETE.
BOOL draw_path(WindowsProcess& p, uint64_t hdc, bool fill, bool stroke) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc) return FALSE;
  if (!dc->path || dc->path->open) return fail(p, 1003);  // ERROR_CAN_NOT_COMPLETE
  std::vector<Figure> figures = flatten(*dc->path);
  dc->path.reset();
  const Rect bounds = draw_bounds(p, *dc);
  if (fill && has_brush(p, *dc)) {
    std::vector<Point> pts;
    std::vector<int32_t> counts;
    polygons_of(figures, pts, counts);
    PenShape none;
    none.style = pen_style::kNull;
    if (!counts.empty())
      paint(p, *dc, polygon(pts.data(), counts.data(), counts.size(), dc->s.poly_fill_mode, none, true, &bounds));
  }
  if (stroke)
    for (Figure& f : figures) {
      if (f.closed) f.points.push_back(f.points.front());
      if (f.points.size() >= 2) paint(p, *dc, polyline(f.points.data(), f.points.size(), pen_shape(p, *dc), &bounds));
    }
  return TRUE;
}
BOOL StrokePath(WindowsProcess& p, Ptr hdc) { return draw_path(p, hdc.addr, false, true); }
BOOL FillPath(WindowsProcess& p, Ptr hdc) { return draw_path(p, hdc.addr, true, false); }
BOOL StrokeAndFillPath(WindowsProcess& p, Ptr hdc) { return draw_path(p, hdc.addr, true, true); }

// GradientFill's GRADIENT_FILL_RECT_H/V: each rectangle's colour runs linearly between its two
// vertices' (TRIVERTEX: x, y, 16-bit red, green, blue, alpha). Triangles are not drawn here.
BOOL GdiGradientFill(WindowsProcess& p, Ptr hdc, Ptr vertices, uint32_t nv, Ptr mesh, uint32_t nm, uint32_t mode) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc || !vertices || !mesh || mode > 2) return fail(p, ERROR_INVALID_PARAMETER);
  if (mode == 2) return fail(p, ERROR_NOT_SUPPORTED);
  Surface* s = dc_surface(p, *dc);
  if (!s) return TRUE;
  const Region& clip = drawing_clip(p, *dc);
  struct Vertex {
    int32_t x, y;
    uint16_t r, g, b, a;
  };
  for (uint32_t i = 0; i < nm; ++i) {
    const uint32_t ia = get<uint32_t>(mesh.addr + 8ull * i), ib = get<uint32_t>(mesh.addr + 8ull * i + 4);
    if (ia >= nv || ib >= nv) return FALSE;
    Vertex a = get<Vertex>(vertices.addr + 16ull * ia), b = get<Vertex>(vertices.addr + 16ull * ib);
    const Point da = to_device(*dc, {a.x, a.y}), db = to_device(*dc, {b.x, b.y});
    Rect r{std::min(da.x, db.x), std::min(da.y, db.y), std::max(da.x, db.x), std::max(da.y, db.y)};
    if ((mode == 0 && da.x > db.x) || (mode == 1 && da.y > db.y)) std::swap(a, b);
    r = r.offset(dc->origin.x, dc->origin.y);
    const int32_t len = mode == 0 ? r.width() : r.height();
    for (int32_t k = 0; k < len; ++k) {
      const auto lerp = [&](uint16_t x, uint16_t y) {
        return static_cast<uint8_t>((x + (static_cast<int64_t>(y) - x) * k / len) >> 8);
      };
      const uint32_t px = s->pixel_of(rgb(lerp(a.r, b.r), lerp(a.g, b.g), lerp(a.b, b.b)));
      const Rect line = mode == 0 ? Rect{r.left + k, r.top, r.left + k + 1, r.bottom} : Rect{r.left, r.top + k, r.right, r.top + k + 1};
      fill_rect(*s, line, clip, FillPattern::solid(rop2_masks(R2_COPYPEN, px)));
    }
  }
  return TRUE;
}

}  // namespace

const std::vector<Export>& drawing_exports() {
  static const std::vector<Export> e = {
      EXPORT("LineTo", LineTo),         EXPORT("Polyline", Polyline),       EXPORT("PolylineTo", PolylineTo),
      EXPORT("PolyPolyline", PolyPolyline), EXPORT("Rectangle", Rectangle), EXPORT("Ellipse", Ellipse),
      EXPORT("RoundRect", RoundRect),   EXPORT("Arc", Arc),                 EXPORT("ArcTo", ArcTo),
      EXPORT("Chord", Chord),           EXPORT("Pie", Pie),                 EXPORT("Polygon", Polygon),
      EXPORT("PolyPolygon", PolyPolygon), EXPORT("GdiGradientFill", GdiGradientFill),
      EXPORT("PolyBezier", PolyBezier), EXPORT("PolyBezierTo", PolyBezierTo), EXPORT("PolyDraw", PolyDraw),
      EXPORT("StrokePath", StrokePath), EXPORT("FillPath", FillPath), EXPORT("StrokeAndFillPath", StrokeAndFillPath),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
