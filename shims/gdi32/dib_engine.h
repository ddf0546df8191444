// GDI32's DIB engine: raster operations on surfaces, clipped to a region. Fills take a pattern
// of (and, xor) masks — every ROP2 with a pen or brush colour is D = (D & and) ^ xor, a solid
// colour a 1x1 pattern, a hatch or pattern brush its cells — and blits take a ROP3 over pattern,
// source and destination. Colours are already the destination's pixel values here; the DC code
// (device_contexts.cpp, blits.cpp) turns COLORREFs and brushes into them.
#pragma once

#include <cstdint>
#include <vector>

#include "shims/gdi32/geometry.h"
#include "shims/gdi32/rasterizer.h"
#include "shims/gdi32/surface.h"

namespace polyrun::shims::gdi32 {

class Region;

struct RopMasks {
  uint32_t and_mask = 0, xor_mask = 0;
};
// The masks of ROP2 `rop2` (R2_BLACK 1 … R2_WHITE 16) with the pen or brush pixel `pixel`.
RopMasks rop2_masks(int rop2, uint32_t pixel);
// What leaves the destination as it is.
constexpr RopMasks kKeep{~0u, 0};

// A fill pattern tiled from `origin` (the brush origin, surface units).
struct FillPattern {
  int32_t width = 1, height = 1;
  std::vector<RopMasks> cells{RopMasks{}};
  Point origin;
  static FillPattern solid(RopMasks m) {
    FillPattern f;
    f.cells[0] = m;
    return f;
  }
  const RopMasks& at(int32_t x, int32_t y) const {
    int32_t cx = (x - origin.x) % width, cy = (y - origin.y) % height;
    if (cx < 0) cx += width;
    if (cy < 0) cy += height;
    return cells[static_cast<size_t>(cy) * width + cx];
  }
};

// Applies the pattern to the spans (surface units) inside `clip`.
void fill_spans(Surface& s, const std::vector<Span>& spans, const Region& clip, const FillPattern& f);
void fill_rect(Surface& s, const Rect& r, const Region& clip, const FillPattern& f);

// A source for a blit: its pixels already converted to the destination's format (one value per
// pixel, row by row), or none for ROP3s without a source.
struct BlitSource {
  int32_t width = 0, height = 0;
  std::vector<uint32_t> pixels;
  uint32_t at(int32_t x, int32_t y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

// ROP3 `rop` (its index byte: SRCCOPY's 0xcc) over `dest` (surface units, clipped), with the source
// read from (sx, sy) onward and the pattern's xor masks as pattern pixels (and masks unused).
void blit(Surface& s, const Rect& dest, const Region& clip, uint8_t rop, const BlitSource* src, int32_t sx,
          int32_t sy, const FillPattern* pattern);
// Whether a ROP3 reads the source, the pattern, the destination.
bool rop3_uses_source(uint8_t rop);
bool rop3_uses_pattern(uint8_t rop);

}  // namespace polyrun::shims::gdi32
