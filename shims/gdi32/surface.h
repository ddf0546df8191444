// A surface of pixels GDI32 draws on: a bitmap's, a DIB section's (in guest memory, where the
// program reads and writes the same bytes) or a window's. Pixels are kept in the layout of a DIB
// of 1, 4, 8, 16, 24 or 32 bits (rows of whole 32-bit words, bottom-up or top-down in memory), so
// that a DIB section's bytes are the surface itself. Colours convert between COLORREF
// (0x00bbggrr) and the surface's pixel values here, as Windows' DIB engine does.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "shims/gdi32/geometry.h"

namespace polyrun::shims::gdi32 {

using ColorRef = uint32_t;
constexpr ColorRef rgb(uint8_t r, uint8_t g, uint8_t b) { return r | g << 8 | b << 16; }
constexpr uint8_t red_of(ColorRef c) { return c & 0xff; }
constexpr uint8_t green_of(ColorRef c) { return (c >> 8) & 0xff; }
constexpr uint8_t blue_of(ColorRef c) { return (c >> 16) & 0xff; }

// RGBQUAD: a colour table entry as a DIB stores it.
struct RgbQuad {
  uint8_t blue = 0, green = 0, red = 0, reserved = 0;
  ColorRef color() const { return rgb(red, green, blue); }
  bool operator==(const RgbQuad& o) const { return blue == o.blue && green == o.green && red == o.red; }
};

struct PixelFormat {
  int bpp = 32;
  // 16 and 32 bits: where red, green and blue lie (BI_BITFIELDS, or BI_RGB's 5-5-5 and 8-8-8).
  uint32_t red_mask = 0xff0000, green_mask = 0xff00, blue_mask = 0xff;
  std::vector<RgbQuad> colors;  // 1, 4, 8 bits: the colour table
  bool bitfields = false;       // masks given by the creator (BI_BITFIELDS), not BI_RGB's
  static PixelFormat rgb_default(int bpp);   // BI_RGB of this depth (8 bits and less: no table yet)
  static PixelFormat monochrome();           // 1 bit, black and white
};

class Surface {
 public:
  // Pixels of its own (zeroed), in the given format.
  Surface(int32_t width, int32_t height, PixelFormat format);
  // Pixels in memory the surface does not own (a DIB section's): `first_row` is the address of row
  // 0 (the top), `stride` the distance from one row to the next below it (negative for bottom-up).
  Surface(int32_t width, int32_t height, PixelFormat format, uint8_t* first_row, int64_t stride);

  int32_t width() const { return width_; }
  int32_t height() const { return height_; }
  Rect rect() const { return {0, 0, width_, height_}; }
  int bpp() const { return format_.bpp; }
  const PixelFormat& format() const { return format_; }
  PixelFormat& format() { return format_; }
  int64_t stride() const { return stride_; }
  uint8_t* row(int32_t y) const { return first_row_ + stride_ * y; }
  // Whether a surface of this size fits what Windows allows a bitmap (its bytes within 2 GB).
  static bool size_ok(int64_t width, int64_t height, int bpp) {
    return width > 0 && height > 0 && ((width * bpp + 31) / 32) * 4 * height <= 0x7fffffff;
  }
  // Bytes of one row, whole 32-bit words (DIB rows).
  static uint32_t row_bytes(int32_t width, int bpp) { return ((static_cast<uint32_t>(width) * bpp + 31) / 32) * 4; }

  uint32_t pixel(int32_t x, int32_t y) const;
  void set_pixel(int32_t x, int32_t y, uint32_t value);
  // `and`/`xor` over the pixels left..right-1 of row y: D = (D & and) ^ xor (every ROP2 is one).
  void and_xor_span(int32_t y, int32_t left, int32_t right, uint32_t and_mask, uint32_t xor_mask);

  // The pixel value nearest a colour (the colour table's nearest entry for 8 bits and less), and
  // the colour of a pixel value.
  uint32_t pixel_of(ColorRef color) const;
  ColorRef color_of(uint32_t pixel) const;
  // All bits of one pixel set: the mask pixel values are kept within.
  uint32_t pixel_mask() const { return format_.bpp == 32 ? 0xffffffffu : (1u << format_.bpp) - 1; }

  // Changes made since the last take (in surface coordinates): what a display must show again.
  void touch(const Rect& r) { dirty_ = dirty_.bounds(r.intersect(rect())); }
  Rect take_dirty() {
    Rect d = dirty_;
    dirty_ = {};
    return d;
  }

 private:
  int32_t width_, height_;
  PixelFormat format_;
  std::vector<uint8_t> own_;
  uint8_t* first_row_;
  int64_t stride_;
  Rect dirty_;
};

}  // namespace polyrun::shims::gdi32
