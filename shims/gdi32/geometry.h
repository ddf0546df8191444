// The plane GDI32 and USER32 draw and lay out on: points and rectangles in logical or device
// units (32-bit each, as POINT and RECT are; a rectangle's right and bottom edges lie outside it).
#pragma once

#include <algorithm>
#include <cstdint>

namespace polyrun::shims::gdi32 {

struct Point {
  int32_t x = 0, y = 0;
  bool operator==(const Point&) const = default;
};

struct Rect {
  int32_t left = 0, top = 0, right = 0, bottom = 0;
  int32_t width() const { return right - left; }
  int32_t height() const { return bottom - top; }
  bool empty() const { return left >= right || top >= bottom; }
  bool contains(int32_t x, int32_t y) const { return x >= left && x < right && y >= top && y < bottom; }
  Rect offset(int32_t dx, int32_t dy) const { return {left + dx, top + dy, right + dx, bottom + dy}; }
  // The common part (empty when none), and the smallest rectangle holding both (an empty one adds
  // nothing).
  Rect intersect(const Rect& o) const {
    const Rect r{std::max(left, o.left), std::max(top, o.top), std::min(right, o.right), std::min(bottom, o.bottom)};
    return r.empty() ? Rect{} : r;
  }
  Rect bounds(const Rect& o) const {
    if (empty()) return o;
    if (o.empty()) return *this;
    return {std::min(left, o.left), std::min(top, o.top), std::max(right, o.right), std::max(bottom, o.bottom)};
  }
  bool operator==(const Rect&) const = default;
};

}  // namespace polyrun::shims::gdi32
