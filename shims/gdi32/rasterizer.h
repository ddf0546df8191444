// GDI32's shape rasterizer: which pixels LineTo/Polyline, Rectangle, Ellipse, RoundRect, Arc, Chord,
// Pie and Polygon/PolyPolygon cover, in device coordinates, as horizontal spans. It knows nothing of
// DCs, colours or clipping: the DIB engine paints the spans through its clip region with the DC's
// ROP2 — the pen's colour on `pen`, the background colour on `gaps` when the background mode is
// OPAQUE, the brush on `fill`. The pixel choices are those of Windows (as wine 8.0's DIB engine
// reproduces them): Bresenham with Windows' tie rounding per octant, the last point of a line left
// out, the cosmetic dash patterns carried across a polyline's segments, round/square/flat caps and
// round/bevel/miter joins of wide pens, and the inclusive/exclusive edges of each shape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "shims/gdi32/geometry.h"

namespace polyrun::shims::gdi32 {

// Pixels left .. right-1 of row y.
struct Span {
  int32_t y = 0, left = 0, right = 0;
  bool operator==(const Span&) const = default;
};

// What one drawing call covers, each list sorted by row then column, no pixel twice within a list,
// and none in both `pen` and `fill` (so XOR-like ROP2s come out as on Windows). `gaps` (a styled
// cosmetic pen's spaces, only for pens of CreatePen) may lie over `fill`: Windows paints the interior
// first and the outline over it, so paint `fill`, then `gaps` (when OPAQUE), then `pen`.
struct Coverage {
  std::vector<Span> pen, gaps, fill;
};

// PS_* values of the pen's style (wingdi.h).
namespace pen_style {
constexpr uint32_t kSolid = 0, kDash = 1, kDot = 2, kDashDot = 3, kDashDotDot = 4, kNull = 5, kInsideFrame = 6,
                   kUserStyle = 7, kAlternate = 8, kStyleMask = 0xf;
constexpr uint32_t kEndcapRound = 0, kEndcapSquare = 0x100, kEndcapFlat = 0x200, kEndcapMask = 0xf00;
constexpr uint32_t kJoinRound = 0, kJoinBevel = 0x1000, kJoinMiter = 0x2000, kJoinMask = 0xf000;
constexpr uint32_t kGeometric = 0x10000, kTypeMask = 0xf0000;
}  // namespace pen_style

// The pen as the rasterizer needs it: its style bits, its width in device pixels (0 counts as 1),
// whether ExtCreatePen made it (its cosmetic dashes then leave the gaps unpainted) and the DC's
// miter limit (SetMiterLimit) for PS_JOIN_MITER.
struct PenShape {
  uint32_t style = pen_style::kSolid;
  int32_t width = 1;
  bool extended = false;
  float miter_limit = 10.0f;
};

enum class ArcKind { arc, chord, pie };

// Every function takes an optional `bounds` (device coordinates, right and bottom exclusive): only the
// spans inside it are produced, exactly the pixels the unbounded call gives there, and the work done
// follows the part of the shape inside it (plus its vertex count), not the shape's full extent, so that
// a guest's far-out coordinates cannot make a call run for minutes. The painter passes its clip box.

// LineTo (two points) and Polyline: the last point is not drawn by a cosmetic pen.
Coverage polyline(const Point* pts, size_t n, const PenShape& pen, const Rect* bounds = nullptr);
// Rectangle, Ellipse, RoundRect: `r` as passed (either corner order); `fill` when a brush is selected;
// `clockwise` as set by SetArcDirection (it decides where a styled outline starts).
Coverage rectangle(const Rect& r, const PenShape& pen, bool fill, bool clockwise = false,
                   const Rect* bounds = nullptr);
Coverage ellipse(const Rect& r, const PenShape& pen, bool fill, bool clockwise = false, const Rect* bounds = nullptr);
Coverage round_rect(const Rect& r, int32_t ellipse_width, int32_t ellipse_height, const PenShape& pen, bool fill,
                    bool clockwise = false, const Rect* bounds = nullptr);
// Arc, Chord and Pie: from the ray towards `start` to the ray towards `end`, counter-clockwise unless
// `clockwise`. An arc has no interior.
Coverage arc(const Rect& r, Point start, Point end, const PenShape& pen, bool fill, ArcKind kind,
             bool clockwise = false, const Rect* bounds = nullptr);
// Polygon/PolyPolygon: `counts[i]` vertices each (every count at least 2, else nothing is drawn);
// fill_mode 1 ALTERNATE, 2 WINDING; every outline closed.
Coverage polygon(const Point* pts, const int32_t* counts, size_t polygons, int fill_mode, const PenShape& pen,
                 bool fill, const Rect* bounds = nullptr);

}  // namespace polyrun::shims::gdi32
