// Pixels of a surface in its DIB layout, and colours to and from pixel values (as Windows' DIB
// engine converts them: a component narrower than 8 bits is the colour's top bits, and reads back
// with its top bits repeated below; a table's nearest entry by the squared distance of the
// components, the first of equals).
#include "shims/gdi32/surface.h"

#include <bit>
#include <cstring>

namespace polyrun::shims::gdi32 {

namespace {

// A component (8 bits) placed into the field of `mask`, and taken out of it.
uint32_t put_field(uint32_t value, uint32_t mask) {
  if (!mask) return 0;
  const int shift = std::countr_zero(mask), len = std::popcount(mask);
  uint32_t v = len <= 8 ? value >> (8 - len) : (value << (len - 8)) | (value >> (16 - len));
  return (v << shift) & mask;
}
uint8_t get_field(uint32_t pixel, uint32_t mask) {
  if (!mask) return 0;
  const int shift = std::countr_zero(mask), len = std::popcount(mask);
  uint32_t v = (pixel & mask) >> shift;
  if (len >= 8) return static_cast<uint8_t>(v >> (len - 8));
  v <<= 8 - len;  // the field's bits on top, then repeated below
  return static_cast<uint8_t>(v | (v >> len) | (v >> (2 * len)) | (v >> (3 * len)) | (v >> (4 * len)));
}

}  // namespace

PixelFormat PixelFormat::rgb_default(int bpp) {
  PixelFormat f;
  f.bpp = bpp;
  if (bpp == 16) f.red_mask = 0x7c00, f.green_mask = 0x03e0, f.blue_mask = 0x001f;
  else if (bpp <= 8) f.red_mask = f.green_mask = f.blue_mask = 0;
  return f;
}

PixelFormat PixelFormat::monochrome() {
  PixelFormat f = rgb_default(1);
  f.colors = {RgbQuad{0, 0, 0, 0}, RgbQuad{0xff, 0xff, 0xff, 0}};
  return f;
}

Surface::Surface(int32_t width, int32_t height, PixelFormat format)
    : width_(width), height_(height), format_(std::move(format)) {
  const uint32_t bytes = row_bytes(width, format_.bpp);
  own_.assign(static_cast<size_t>(bytes) * static_cast<size_t>(height), 0);
  first_row_ = own_.data();
  stride_ = bytes;
}

Surface::Surface(int32_t width, int32_t height, PixelFormat format, uint8_t* first_row, int64_t stride)
    : width_(width), height_(height), format_(std::move(format)), first_row_(first_row), stride_(stride) {}

uint32_t Surface::pixel(int32_t x, int32_t y) const {
  const uint8_t* r = row(y);
  switch (format_.bpp) {
    case 32: {
      uint32_t v;
      std::memcpy(&v, r + x * 4, 4);
      return v;
    }
    case 24: return r[x * 3] | r[x * 3 + 1] << 8 | r[x * 3 + 2] << 16;
    case 16: return r[x * 2] | r[x * 2 + 1] << 8;
    case 8: return r[x];
    case 4: return (r[x / 2] >> (x & 1 ? 0 : 4)) & 0xf;
    default: return (r[x / 8] >> (7 - (x & 7))) & 1;
  }
}

void Surface::set_pixel(int32_t x, int32_t y, uint32_t v) {
  uint8_t* r = row(y);
  switch (format_.bpp) {
    case 32: std::memcpy(r + x * 4, &v, 4); break;
    case 24:
      r[x * 3] = static_cast<uint8_t>(v), r[x * 3 + 1] = static_cast<uint8_t>(v >> 8);
      r[x * 3 + 2] = static_cast<uint8_t>(v >> 16);
      break;
    case 16: r[x * 2] = static_cast<uint8_t>(v), r[x * 2 + 1] = static_cast<uint8_t>(v >> 8); break;
    case 8: r[x] = static_cast<uint8_t>(v); break;
    case 4: {
      const int shift = x & 1 ? 0 : 4;
      r[x / 2] = static_cast<uint8_t>((r[x / 2] & ~(0xf << shift)) | (v & 0xf) << shift);
      break;
    }
    default: {
      const int shift = 7 - (x & 7);
      r[x / 8] = static_cast<uint8_t>((r[x / 8] & ~(1 << shift)) | (v & 1) << shift);
    }
  }
}

void Surface::and_xor_span(int32_t y, int32_t left, int32_t right, uint32_t and_mask, uint32_t xor_mask) {
  const uint32_t m = pixel_mask();
  and_mask &= m, xor_mask &= m;
  if (format_.bpp == 32) {
    auto* p = reinterpret_cast<uint8_t*>(row(y)) + left * 4;
    if (and_mask == 0) {  // a plain fill: the common case
      for (int32_t x = left; x < right; ++x, p += 4) std::memcpy(p, &xor_mask, 4);
      return;
    }
    for (int32_t x = left; x < right; ++x, p += 4) {
      uint32_t v;
      std::memcpy(&v, p, 4);
      v = (v & and_mask) ^ xor_mask;
      std::memcpy(p, &v, 4);
    }
    return;
  }
  for (int32_t x = left; x < right; ++x) set_pixel(x, y, (pixel(x, y) & and_mask) ^ xor_mask);
}

uint32_t Surface::pixel_of(ColorRef color) const {
  const uint8_t r = red_of(color), g = green_of(color), b = blue_of(color);
  switch (format_.bpp) {
    case 32:
      if (!format_.bitfields) return static_cast<uint32_t>(r) << 16 | g << 8 | b;
      [[fallthrough]];
    case 16: return put_field(r, format_.red_mask) | put_field(g, format_.green_mask) | put_field(b, format_.blue_mask);
    case 24: return static_cast<uint32_t>(r) << 16 | g << 8 | b;
    default: {
      uint32_t best = 0, best_distance = ~0u;
      for (size_t i = 0; i < format_.colors.size() && i < (1u << format_.bpp); ++i) {
        const RgbQuad& q = format_.colors[i];
        const int dr = q.red - r, dg = q.green - g, db = q.blue - b;
        const uint32_t d = static_cast<uint32_t>(dr * dr + dg * dg + db * db);
        if (d < best_distance) best_distance = d, best = static_cast<uint32_t>(i);
        if (!d) break;
      }
      return best;
    }
  }
}

ColorRef Surface::color_of(uint32_t v) const {
  switch (format_.bpp) {
    case 32:
      if (!format_.bitfields) return rgb(static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v));
      [[fallthrough]];
    case 16:
      return rgb(get_field(v, format_.red_mask), get_field(v, format_.green_mask), get_field(v, format_.blue_mask));
    case 24: return rgb(static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v));
    default: return v < format_.colors.size() ? format_.colors[v].color() : 0;
  }
}

}  // namespace polyrun::shims::gdi32
