// GDI32's GetGlyphOutlineW/A: a glyph of the DC's font (font_faces.h) as GLYPHMETRICS, as a
// bitmap (GGO_BITMAP: 1 bit a pixel, rows DWORD-aligned; GGO_GRAY2/4/8_BITMAP: a byte a pixel of
// 5, 17 or 65 levels, rows DWORD-aligned) or as an outline (GGO_NATIVE: TTPOLYGONHEADERs of
// TTPOLYCURVEs, quadratic splines as the font has them; GGO_BEZIER: the same with cubic Béziers),
// in 16.16 fixed-point pixels, y up. The MAT2 turns and scales the glyph; GGO_GLYPH_INDEX takes
// the code as a glyph index, GGO_UNHINTED leaves the outline unhinted.
//
// As Windows measures a glyph: its black box is the outline's box on whole pixels (at least 1x1),
// clipped to the font's ascent and descent; the origin is the box's top-left corner from the pen
// point; the cell increment the advance rounded up to a pixel (y pointing down). A bitmap for a
// glyph with no pixels (a space) has size 0; with a buffer, that and a buffer too small are
// GDI_ERROR.
#include <algorithm>
#include <cstring>
#include <vector>

#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi32.h"

namespace polyrun::shims::gdi32 {

namespace {

constexpr uint32_t kMetrics = 0, kBitmap = 1, kNative = 2, kBezier = 3, kGray2 = 4, kGray4 = 5, kGray8 = 6;
constexpr uint32_t kGlyphIndex = 0x80, kUnhinted = 0x100;
constexpr uint16_t kPrimLine = 1, kPrimQSpline = 2, kPrimCSpline = 3;
constexpr uint32_t kPolygonType = 24;  // TT_POLYGON_TYPE

// FreeType's FT_MulFix: a * b / 65536 rounded to nearest, halves away from zero.
int64_t mul_fix(int64_t a, int64_t b) {
  const bool negative = (a < 0) != (b < 0);
  const int64_t m = ((a < 0 ? -a : a) * (b < 0 ? -b : b) + 0x8000) >> 16;
  return negative ? -m : m;
}

// A MAT2 as a 16.16 matrix of x' = xx x + xy y, y' = yx x + yy y.
struct Matrix {
  int64_t xx, xy, yx, yy;
  void apply(int64_t& x, int64_t& y) const {
    const int64_t nx = mul_fix(x, xx) + mul_fix(y, xy), ny = mul_fix(x, yx) + mul_fix(y, yy);
    x = nx, y = ny;
  }
};

struct Box {
  int64_t x_min, y_min, x_max, y_max;  // 26.6, on whole pixels
};

int64_t floor_pixel(int64_t v) { return v & -64; }
int64_t ceil_pixel(int64_t v) { return (v + 63) & -64; }

// The black box of the (clipped) metrics, turned by the matrix where there is one.
Box black_box(const GlyphOutline& g, const Matrix* m) {
  if (!m)
    return {floor_pixel(g.bearing_x), floor_pixel(g.bearing_y - g.height), ceil_pixel(g.bearing_x + g.width),
            ceil_pixel(g.bearing_y)};
  Box b{INT64_MAX, INT64_MAX, INT64_MIN, INT64_MIN};
  for (int xc = 0; xc < 2; ++xc)
    for (int yc = 0; yc < 2; ++yc) {
      int64_t x = g.bearing_x + xc * g.width, y = g.bearing_y - yc * g.height;
      m->apply(x, y);
      b.x_min = std::min(b.x_min, x), b.x_max = std::max(b.x_max, x);
      b.y_min = std::min(b.y_min, y), b.y_max = std::max(b.y_max, y);
    }
  return {floor_pixel(b.x_min), floor_pixel(b.y_min), ceil_pixel(b.x_max), ceil_pixel(b.y_max)};
}

// GLYPHMETRICS: gmBlackBoxX, gmBlackBoxY (UINTs), gmptGlyphOrigin (POINT), gmCellIncX, gmCellIncY
// (SHORTs).
void put_glyph_metrics(uint64_t at, const Box& b, const GlyphOutline& g, const Matrix* m, bool synthetic_bold) {
  int64_t ax = g.advance + (synthetic_bold && !m ? 64 : 0), ay = 0;
  if (m) m->apply(ax, ay);
  put<uint32_t>(at, static_cast<uint32_t>(std::max<int64_t>(1, (b.x_max - b.x_min) >> 6)));
  put<uint32_t>(at + 4, static_cast<uint32_t>(std::max<int64_t>(1, (b.y_max - b.y_min) >> 6)));
  put<int32_t>(at + 8, static_cast<int32_t>(b.x_min >> 6));
  put<int32_t>(at + 12, static_cast<int32_t>(b.y_max >> 6));
  put<int16_t>(at + 16, static_cast<int16_t>(ceil_pixel(ax) >> 6));
  put<int16_t>(at + 18, static_cast<int16_t>(-(ceil_pixel(ay) >> 6)));
}

// A 26.6 value as a FIXED: the whole part, and the 6 bits of fraction widened to 16 by repeating
// them (so that 63/64 comes out as 0.9999, as wine 8.0 gives it).
int32_t fixed_of(int64_t v) {
  const uint32_t f = static_cast<uint32_t>(v & 0x3f);
  return static_cast<int32_t>(static_cast<uint32_t>(v >> 6) << 16 | f << 10 | f << 4 | f >> 2);
}

// The 26.6 point as POINTFX (16.16: FIXED's fraction word, then its whole part).
void put_pointfx(std::vector<uint8_t>& out, int64_t x, int64_t y) {
  const int32_t v[2] = {fixed_of(x), fixed_of(y)};
  const auto* b = reinterpret_cast<const uint8_t*>(v);
  out.insert(out.end(), b, b + 8);
}
void put_u16(std::vector<uint8_t>& out, size_t at, uint16_t v) { std::memcpy(out.data() + at, &v, 2); }
void put_u32(std::vector<uint8_t>& out, size_t at, uint32_t v) { std::memcpy(out.data() + at, &v, 4); }

// The outline as TTPOLYGONHEADERs (cb, dwType, pfxStart) of TTPOLYCURVEs (wType, cpfx, points):
// runs of points on the curve are lines; runs of control points a spline to the next point on the
// curve (the contour's start after its last point). Quadratic control points stay quadratic
// (GGO_NATIVE) or become cubic Béziers of three points each (GGO_BEZIER: the implied points
// between two quadratic control points are the curve's). Contours of one point draw nothing and
// are left out.
std::vector<uint8_t> polygons(const GlyphOutline& g, bool cubic) {
  std::vector<uint8_t> out;
  int32_t first = 0;
  for (int32_t end : g.ends) {
    const int32_t start = first;
    first = end + 1;
    if (end <= start) continue;
    const size_t header = out.size();
    out.resize(out.size() + 8);
    put_pointfx(out, g.xs[start], g.ys[start]);
    put_u32(out, header + 4, kPolygonType);
    auto on = [&](int32_t i) { return g.kinds[i] == kOnCurve; };
    auto x_of = [&](int32_t i) { return i > end ? g.xs[start] : g.xs[i]; };
    auto y_of = [&](int32_t i) { return i > end ? g.ys[start] : g.ys[i]; };
    int32_t i = start + 1;
    while (i <= end) {
      const size_t curve = out.size();
      out.resize(out.size() + 4);
      uint16_t count = 0, type;
      if (on(i)) {
        type = kPrimLine;
        for (; i <= end && on(i); ++i, ++count) put_pointfx(out, g.xs[i], g.ys[i]);
      } else if (!cubic || g.kinds[i] == kCubic) {
        // The control points, then the point on the curve that ends them.
        type = g.kinds[i] == kCubic ? kPrimCSpline : kPrimQSpline;
        for (; i <= end && !on(i); ++i, ++count) put_pointfx(out, g.xs[i], g.ys[i]);
        put_pointfx(out, x_of(i), y_of(i));
        ++count, ++i;
      } else {
        // Each quadratic piece p0 (the previous point, or the midpoint of two control points), p1
        // (the control point), p2 (the next point on the curve, or the next midpoint) as a cubic:
        // p0 + 2/3 (p1 - p0), p2 + 2/3 (p1 - p2), p2.
        type = kPrimCSpline;
        for (; i <= end && !on(i); ++i) {
          const bool prev_control = !on(i - 1);
          const int64_t x0 = prev_control ? (g.xs[i - 1] + g.xs[i]) / 2 : g.xs[i - 1];
          const int64_t y0 = prev_control ? (g.ys[i - 1] + g.ys[i]) / 2 : g.ys[i - 1];
          const bool next_control = i + 1 <= end && !on(i + 1);
          const int64_t x2 = next_control ? (g.xs[i] + g.xs[i + 1]) / 2 : x_of(i + 1);
          const int64_t y2 = next_control ? (g.ys[i] + g.ys[i + 1]) / 2 : y_of(i + 1);
          put_pointfx(out, x0 + (2 * (g.xs[i] - x0) + (g.xs[i] > x0 ? 1 : -1)) / 3,
                      y0 + (2 * (g.ys[i] - y0) + (g.ys[i] > y0 ? 1 : -1)) / 3);
          put_pointfx(out, x2 + (2 * (g.xs[i] - x2) + (g.xs[i] > x2 ? 1 : -1)) / 3,
                      y2 + (2 * (g.ys[i] - y2) + (g.ys[i] > y2 ? 1 : -1)) / 3);
          put_pointfx(out, x2, y2);
          count += 3;
        }
        if (i <= end) ++i;  // (the point on the curve that ended the run: already the last one)
      }
      put_u16(out, curve, type);
      put_u16(out, curve + 2, count);
    }
    put_u32(out, header, static_cast<uint32_t>(out.size() - header));
  }
  return out;
}

uint32_t glyph_outline(WindowsProcess& p, uint64_t hdc, uint32_t code, uint32_t format, uint64_t gm, uint32_t size,
                       uint64_t buffer, uint64_t mat2) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc || !mat2 || !gm) return kGdiError;
  const uint32_t kind = format & ~(kGlyphIndex | kUnhinted);
  if (kind > kGray8) return kGdiError;
  auto face = dc_font_face(p, *dc);
  if (!face) return kGdiError;
  const Hinting hinting = (format & kUnhinted) ? Hinting::kNone : kind == kBitmap ? Hinting::kMono : Hinting::kNormal;
  GlyphOutline g;
  if (!face->outline(code, (format & kGlyphIndex) != 0, hinting, g)) return kGdiError;
  // (a glyph that reaches past the font's ascent or descent is measured within them)
  const TextMetrics& tm = face->metrics();
  const int64_t top = std::min<int64_t>(g.bearing_y, int64_t{tm.ascent} * 64);
  const int64_t bottom = std::max<int64_t>(g.bearing_y - g.height, -int64_t{tm.descent} * 64);
  g.bearing_y = top, g.height = top - bottom;
  // MAT2: eM11, eM12, eM21, eM22, each a FIXED (its fraction word, then its whole part).
  const Matrix m{get<int32_t>(mat2), get<int32_t>(mat2 + 8), get<int32_t>(mat2 + 4), get<int32_t>(mat2 + 12)};
  const bool identity = m.xx == 0x10000 && m.yy == 0x10000 && m.xy == 0 && m.yx == 0;
  const Matrix* turn = identity ? nullptr : &m;
  const Box box = black_box(g, turn);
  put_glyph_metrics(gm, box, g, turn, face->synthetic_bold());
  if (turn)
    for (size_t i = 0; i < g.xs.size(); ++i) turn->apply(g.xs[i], g.ys[i]);
  if (kind == kMetrics) return 1;
  if (!size) buffer = 0;
  if (kind == kNative || kind == kBezier) {
    const std::vector<uint8_t> out = polygons(g, kind == kBezier);
    if (!buffer) return static_cast<uint32_t>(out.size());
    if (out.size() > size) return kGdiError;
    std::memcpy(guest_pointer(buffer), out.data(), out.size());
    return static_cast<uint32_t>(out.size());
  }
  const uint32_t width = static_cast<uint32_t>((box.x_max - box.x_min) >> 6);
  const uint32_t height = static_cast<uint32_t>((box.y_max - box.y_min) >> 6);
  const uint32_t pitch = kind == kBitmap ? (width + 31) / 32 * 4 : (width + 3) / 4 * 4;
  const uint32_t needed = pitch * height;
  if (!buffer) return needed;
  if (!needed || needed > size) return kGdiError;
  std::vector<uint8_t> pixels(needed);
  rasterize_outline(g, -box.x_min, -box.y_min, kind == kBitmap, width, height, pitch, pixels.data());
  if (kind != kBitmap) {
    // 8-bit coverage to the format's levels: 0..4, 0..16 or 0..64.
    const uint32_t levels = kind == kGray2 ? 5 : kind == kGray4 ? 17 : 65;
    for (uint8_t& v : pixels) v = static_cast<uint8_t>(v * levels / 256);
  }
  std::memcpy(guest_pointer(buffer), pixels.data(), needed);
  return needed;
}

uint32_t GetGlyphOutlineW(WindowsProcess& p, Ptr hdc, uint32_t code, uint32_t format, Ptr gm, uint32_t size, Ptr buffer,
                          Ptr mat2) {
  return glyph_outline(p, hdc.addr, code, format, gm.addr, size, buffer.addr, mat2.addr);
}

// The ANSI form: without GGO_GLYPH_INDEX the code is a character of the ANSI code page (a
// double-byte character's lead byte in its high byte).
uint32_t GetGlyphOutlineA(WindowsProcess& p, Ptr hdc, uint32_t code, uint32_t format, Ptr gm, uint32_t size, Ptr buffer,
                          Ptr mat2) {
  if (!(format & kGlyphIndex)) {
    std::string bytes;
    if (code > 0xff) bytes += static_cast<char>(code >> 8);
    bytes += static_cast<char>(code & 0xff);
    const std::u16string wide = utf8_to_utf16(ansi_to_utf8(bytes));
    code = wide.empty() ? u'?' : wide[0];
  }
  return glyph_outline(p, hdc.addr, code, format, gm.addr, size, buffer.addr, mat2.addr);
}

}  // namespace

const std::vector<Export>& glyph_outline_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetGlyphOutlineW", GetGlyphOutlineW),
      EXPORT("GetGlyphOutlineA", GetGlyphOutlineA),
      EXPORT("GetGlyphOutline", GetGlyphOutlineA),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
