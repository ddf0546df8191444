// GDI paths (gdi32/paths.cpp): between BeginPath and EndPath the drawing functions add their
// outlines to the DC's path instead of drawing (drawing.cpp and MoveToEx ask `recording` first);
// an ended path is drawn (StrokePath, FillPath, StrokeAndFillPath), read (GetPath), flattened,
// made a region (PathToRegion) or the clip region (SelectClipPath), and is gone once used.
#pragma once

#include <cstdint>
#include <vector>

#include "shims/gdi32/gdi_objects.h"

namespace polyrun::shims::gdi32 {

// PT_* (wingdi.h): a point's type in a path.
constexpr uint8_t kPtCloseFigure = 1, kPtLineTo = 2, kPtBezierTo = 4, kPtMoveTo = 6;
constexpr uint32_t kErrorCanNotComplete = 1003;  // ERROR_CAN_NOT_COMPLETE, of the path functions

// The path in device units, as Windows keeps it.
struct DcPath {
  bool open = true;         // between BeginPath and EndPath
  bool new_stroke = true;   // the next line starts a figure at `pos`
  Point pos;                // the current position (device units)
  std::vector<Point> points;
  std::vector<uint8_t> types;
};

// The DC's path while BeginPath records into it, else null.
DcPath* recording(DeviceContext& dc);

// The drawing functions' part while recording (logical coordinates as the program passes them;
// false where Windows' call fails, as a polygon of fewer than 2 points).
void path_move_to(DeviceContext& dc, DcPath& path, Point to);
bool path_lines(DeviceContext& dc, DcPath& path, const Point* pts, size_t n);  // LineTo, PolylineTo
bool path_beziers(DeviceContext& dc, DcPath& path, const Point* pts, size_t n, bool from_current);  // PolyBezier(To)
bool path_figures(DeviceContext& dc, DcPath& path, const Point* pts, const std::vector<uint32_t>& counts, bool closed);
bool path_rectangle(DeviceContext& dc, DcPath& path, int32_t l, int32_t t, int32_t r, int32_t b);
bool path_ellipse(DeviceContext& dc, DcPath& path, int32_t l, int32_t t, int32_t r, int32_t b);
bool path_poly_draw(DeviceContext& dc, DcPath& path, const Point* pts, const uint8_t* types, size_t n);

// A path's figures with its Bézier curves made lines (device units): each figure's points and
// whether it is closed.
struct Figure {
  std::vector<Point> points;
  bool closed = false;
};
std::vector<Figure> flatten(const DcPath& path);
// The figures of two points or more as PolyPolygon's arrays (the points, each figure's count).
void polygons_of(const std::vector<Figure>& figures, std::vector<Point>& pts, std::vector<int32_t>& counts);
// A cubic Bézier (device units) as the points of lines after `p0` (its end included).
void flatten_bezier(Point p0, Point p1, Point p2, Point p3, std::vector<Point>& out);

}  // namespace polyrun::shims::gdi32
