// USER32.dll's rectangle functions: RECT (left, top, right, bottom: 32-bit each), whose right and
// bottom edges lie outside it; a rectangle is empty when it has no width or no height. As Windows
// has them: a NULL rectangle makes the function fail (FALSE), SetRectEmpty's zeroes are what an
// empty result is written as, a NULL source of UnionRect or SubtractRect counts as an empty
// rectangle (IntersectRect's fails, writing nothing: as wine 8.0 has them), and SubtractRect takes
// away only what covers a whole side.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

struct Rect {
  int32_t left, top, right, bottom;
};

Rect read_rect(Ptr r) {
  Rect v;
  std::memcpy(&v, r.as<const Rect>(), sizeof v);
  return v;
}
Rect read_or_empty(Ptr r) { return r ? read_rect(r) : Rect{}; }
void write_rect(Ptr r, const Rect& v) { std::memcpy(r.as<Rect>(), &v, sizeof v); }

bool empty(const Rect& r) { return r.left >= r.right || r.top >= r.bottom; }

// The overlap of two rectangles; empty (zeroes) when they do not overlap or either is empty.
Rect intersection(const Rect& a, const Rect& b) {
  Rect r{std::max(a.left, b.left), std::max(a.top, b.top), std::min(a.right, b.right), std::min(a.bottom, b.bottom)};
  return empty(a) || empty(b) || empty(r) ? Rect{} : r;
}

BOOL SetRect(WindowsProcess&, Ptr r, int32_t left, int32_t top, int32_t right, int32_t bottom) {
  if (!r) return FALSE;
  write_rect(r, {left, top, right, bottom});
  return TRUE;
}
BOOL SetRectEmpty(WindowsProcess&, Ptr r) {
  if (!r) return FALSE;
  write_rect(r, {});
  return TRUE;
}
BOOL CopyRect(WindowsProcess&, Ptr dst, Ptr src) {
  if (!dst || !src) return FALSE;
  write_rect(dst, read_rect(src));
  return TRUE;
}
BOOL IsRectEmpty(WindowsProcess&, Ptr r) { return !r || empty(read_rect(r)); }
BOOL EqualRect(WindowsProcess&, Ptr a, Ptr b) {
  if (!a || !b) return FALSE;
  Rect x = read_rect(a), y = read_rect(b);
  return x.left == y.left && x.top == y.top && x.right == y.right && x.bottom == y.bottom;
}
// PtInRect(rect, POINT): the point comes by value, x in the low half and y in the high.
BOOL PtInRect(WindowsProcess&, Ptr r, uint64_t point) {
  if (!r) return FALSE;
  const Rect v = read_rect(r);
  const auto x = static_cast<int32_t>(point & 0xffffffffu), y = static_cast<int32_t>(point >> 32);
  return x >= v.left && x < v.right && y >= v.top && y < v.bottom;
}
BOOL OffsetRect(WindowsProcess&, Ptr r, int32_t dx, int32_t dy) {
  if (!r) return FALSE;
  Rect v = read_rect(r);
  write_rect(r, {v.left + dx, v.top + dy, v.right + dx, v.bottom + dy});
  return TRUE;
}
BOOL InflateRect(WindowsProcess&, Ptr r, int32_t dx, int32_t dy) {
  if (!r) return FALSE;
  Rect v = read_rect(r);
  write_rect(r, {v.left - dx, v.top - dy, v.right + dx, v.bottom + dy});
  return TRUE;
}
BOOL IntersectRect(WindowsProcess&, Ptr dst, Ptr a, Ptr b) {
  if (!dst || !a || !b) return FALSE;
  const Rect r = intersection(read_rect(a), read_rect(b));
  write_rect(dst, r);
  return !empty(r);
}
// The smallest rectangle holding both; an empty one counts for nothing.
BOOL UnionRect(WindowsProcess&, Ptr dst, Ptr a, Ptr b) {
  if (!dst) return FALSE;
  const Rect x = read_or_empty(a), y = read_or_empty(b);
  Rect r{};
  if (empty(x)) r = empty(y) ? Rect{} : y;
  else if (empty(y)) r = x;
  else r = {std::min(x.left, y.left), std::min(x.top, y.top), std::max(x.right, y.right), std::max(x.bottom, y.bottom)};
  write_rect(dst, r);
  return !empty(r);
}
// a less b, where b covers a whole side of a (its full height or full width); otherwise a itself.
BOOL SubtractRect(WindowsProcess&, Ptr dst, Ptr a, Ptr b) {
  if (!dst) return FALSE;
  Rect r = read_or_empty(a);
  if (empty(r)) {
    write_rect(dst, {});
    return FALSE;
  }
  const Rect cut = intersection(r, read_or_empty(b));
  if (!empty(cut)) {
    if (cut.left == r.left && cut.top == r.top && cut.right == r.right && cut.bottom == r.bottom) {
      write_rect(dst, {});
      return FALSE;
    }
    if (cut.top == r.top && cut.bottom == r.bottom) {
      if (cut.left == r.left) r.left = cut.right;
      else if (cut.right == r.right) r.right = cut.left;
    } else if (cut.left == r.left && cut.right == r.right) {
      if (cut.top == r.top) r.top = cut.bottom;
      else if (cut.bottom == r.bottom) r.bottom = cut.top;
    }
  }
  write_rect(dst, r);
  return TRUE;
}

}  // namespace

// These join USER32's table (user32/user32.cpp).
const std::vector<Export>& user32_rect_exports() {
  static const std::vector<Export> exports = {
      EXPORT("SetRect", SetRect),
      EXPORT("SetRectEmpty", SetRectEmpty),
      EXPORT("CopyRect", CopyRect),
      EXPORT("IsRectEmpty", IsRectEmpty),
      EXPORT("EqualRect", EqualRect),
      EXPORT("PtInRect", PtInRect),
      EXPORT("OffsetRect", OffsetRect),
      EXPORT("InflateRect", InflateRect),
      EXPORT("IntersectRect", IntersectRect),
      EXPORT("UnionRect", UnionRect),
      EXPORT("SubtractRect", SubtractRect),
  };
  return exports;
}

}  // namespace polyrun::shims
