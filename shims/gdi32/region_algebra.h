// GDI32's regions as pixel sets, with no process state: the algebra behind HRGN objects, clipping and
// USER32's update regions. A region is a list of rectangles in y-x bands, kept the way Windows keeps it
// (and wine, which copies what Windows shows), so that rects() is what GetRegionData answers for the same
// calls: each band's rectangles share top and bottom and are sorted by x, touching rectangles in a band
// are merged and touching bands with the same x-spans are coalesced. The shapes Windows builds row by
// row keep its rows as they come: an ellipse or round rectangle holds one rectangle per row of its
// corners (identical rows are not coalesced), and a WINDING polygon may hold touching rectangles in a
// band where edges cross; combining such a region with another reshapes only the bands the operation
// walks, as GDI32 does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "shims/gdi32/geometry.h"

namespace polyrun::shims::gdi32 {

class Region {
 public:
  Region() = default;  // empty
  // One rectangle; an empty one (left >= right or top >= bottom) gives the empty region. (CreateRectRgn
  // swaps reversed edges first; its caller does that.)
  explicit Region(const Rect& r);

  // The union of any rectangles (empty ones add nothing), as ExtCreateRegion without a transform.
  static Region from_rects(const std::vector<Rect>& rects);
  // CreatePolyPolygonRgn: `polygons` closed polygons of counts[i] points each, one after another in
  // `points`; fill_mode 2 is WINDING, anything else ALTERNATE. A polygon of fewer than two points is
  // skipped without consuming its points (the next polygon's points start where its did), as wine does.
  // The caller sees that counts are not negative and `points` holds their sum.
  static Region polygon(const Point* points, const int32_t* counts, size_t polygons, int fill_mode);
  // CreateEllipticRgn(left, top, right, bottom) and CreateRoundRectRgn: the rectangle's edges may come in
  // either order; the region lies inside its left and top edges and one pixel short of its right and
  // bottom ones. A corner ellipse under 2 pixels either way gives a plain rectangle.
  static Region ellipse(const Rect& r);
  static Region round_rect(const Rect& r, int32_t ellipse_width, int32_t ellipse_height);

  enum class Op { And = 1, Or = 2, Xor = 3, Diff = 4, Copy = 5 };  // RGN_AND … RGN_COPY
  // CombineRgn. Passing the same object as both operands stands for one handle passed twice (its Or is
  // then a copy of it, as GDI32's is).
  static Region combine(const Region& a, const Region& b, Op op);

  const std::vector<Rect>& rects() const { return rects_; }  // GetRegionData's rectangles, in its order
  Rect bounds() const { return bounds_; }                     // GetRgnBox (all zero when empty)
  bool empty() const { return rects_.empty(); }
  int kind() const;                           // NULLREGION 1, SIMPLEREGION 2, COMPLEXREGION 3
  bool contains(int32_t x, int32_t y) const;  // PtInRegion
  // RectInRegion: the rectangle's edges may come in either order. As GDI32 tests it, a rectangle of no
  // width or height still counts when its top-left corner is in the region or it lies strictly inside
  // one of the region's rectangles (once it overlaps the region's box, strictly).
  bool intersects(const Rect& r) const;
  void offset(int32_t dx, int32_t dy);  // OffsetRgn
  bool operator==(const Region& o) const;  // EqualRgn

 private:
  Region(std::vector<Rect> rects, const Rect& bounds) : rects_(std::move(rects)), bounds_(bounds) {}
  // The bounding box computed from the rectangles, as GDI32 computes it after an intersection or
  // difference (the first rectangle's top, the last one's bottom, the extreme lefts and rights).
  static Rect measure(const std::vector<Rect>& rects);
  static Region unite(const Region& a, const Region& b, bool same);
  static Region subtract(const Region& a, const Region& b);

  std::vector<Rect> rects_;
  // Kept, not derived: GDI32 keeps a region's box beside its rectangles and sets it per operation (a
  // union takes the operands' boxes), which for the row-built shapes need not be the rectangles' hull.
  Rect bounds_;
};

}  // namespace polyrun::shims::gdi32
