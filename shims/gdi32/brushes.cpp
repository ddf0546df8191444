// Pens and brushes: their creation (CreatePen, ExtCreatePen, CreateSolidBrush, CreateHatchBrush,
// CreatePatternBrush, CreateDIBPatternBrushPt, CreateBrushIndirect), and turning them into the DIB
// engine's masks for one surface: colours to pixels (PALETTEINDEX, DIBINDEX, and the 1-bit rule:
// a colour that is exactly one of the two table entries takes it, any other takes the entry away
// from the background colour's), hatches (8x8, foreground in the brush colour, background in the
// DC's background colour unless TRANSPARENT) and pattern bitmaps (a monochrome bitmap's 0 bits in
// the text colour, 1 bits in the background colour).
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"

namespace polyrun::shims::gdi32 {

namespace {

// HS_HORIZONTAL … HS_DIAGCROSS, top row first, bit 0x80 the leftmost pixel.
constexpr uint8_t kHatches[6][8] = {
    {0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00}, {0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08},
    {0x80, 0x40, 0x20, 0x10, 0x08, 0x04, 0x02, 0x01}, {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80},
    {0x08, 0x08, 0x08, 0xff, 0x08, 0x08, 0x08, 0x08}, {0x81, 0x42, 0x24, 0x18, 0x18, 0x24, 0x42, 0x81},
};

}  // namespace

uint32_t pixel_for(WindowsProcess& p, DeviceContext& dc, const Surface& s, ColorRef color, bool mono_fixup) {
  ColorRef rgb_color = color & 0xffffff;
  if (color & 0x01000000) {  // PALETTEINDEX: the DC's palette's entry (its first for one out of range)
    auto* pal = gdi_table(p).find_as<Palette>(dc.s.palette, OBJ_PAL);
    const size_t i = color & 0xffff;
    if (pal && !pal->entries.empty()) {
      const PaletteEntry& e = pal->entries[i < pal->entries.size() ? i : 0];
      rgb_color = rgb(e.red, e.green, e.blue);
    }
  } else if ((color >> 16) == 0x10ff) {  // DIBINDEX: the pixel value itself
    const uint32_t i = color & 0xffff;
    return s.bpp() <= 8 && i < (1u << s.bpp()) ? i : 0;
  }
  if (s.bpp() != 1 || !mono_fixup) return s.pixel_of(rgb_color);
  const auto& table = s.format().colors;
  const RgbQuad q{blue_of(rgb_color), green_of(rgb_color), red_of(rgb_color), 0};
  if (table.size() >= 1 && q == table[0]) return 0;
  if (table.size() >= 2 && q == table[1]) return 1;
  const uint32_t bk = pixel_for(p, dc, s, dc.s.bk_color, false);
  return color == dc.s.bk_color ? bk : !bk;
}

RopMasks pen_masks(WindowsProcess& p, DeviceContext& dc, const Surface& s) {
  const Pen& pen = dc_pen(p, dc);
  const ColorRef c = pen.handle == gdi_table(p).stock(DC_PEN) ? dc.s.dc_pen_color : pen.color;
  return rop2_masks(dc.s.rop2, pixel_for(p, dc, s, c, true));
}

RopMasks background_masks(WindowsProcess& p, DeviceContext& dc, const Surface& s, ColorRef fg) {
  if (dc.s.bk_mode == TRANSPARENT) return kKeep;
  uint32_t pixel;
  if (s.bpp() != 1) pixel = pixel_for(p, dc, s, dc.s.bk_color, false);
  else if (fg != dc.s.bk_color) pixel = !pixel_for(p, dc, s, fg, true);
  else pixel = pixel_for(p, dc, s, fg, true);
  return rop2_masks(dc.s.rop2, pixel);
}

bool brush_pattern(WindowsProcess& p, DeviceContext& dc, const Surface& s, uint32_t brush_handle, int rop2,
                   FillPattern& out) {
  auto* b = gdi_table(p).find_as<Brush>(brush_handle ? brush_handle : dc.s.brush, OBJ_BRUSH);
  if (!b || b->style == BS_NULL) return false;
  const Point org{dc.s.brush_org.x + dc.origin.x, dc.s.brush_org.y + dc.origin.y};
  const ColorRef color = b->dc_brush ? dc.s.dc_brush_color : b->color;
  switch (b->style) {
    case BS_HATCHED: {
      const RopMasks fg = rop2_masks(rop2, pixel_for(p, dc, s, color, true));
      const RopMasks bg = dc.s.bk_mode == TRANSPARENT ? kKeep : [&] {
        DcState saved = dc.s;
        dc.s.rop2 = rop2;
        RopMasks m = background_masks(p, dc, s, color);
        dc.s.rop2 = saved.rop2;
        return m;
      }();
      out.width = out.height = 8;
      out.cells.assign(64, bg);
      const uint8_t* rows = kHatches[b->hatch < 6 ? b->hatch : 0];
      for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x)
          if (rows[y] & (0x80 >> x)) out.cells[static_cast<size_t>(y) * 8 + x] = fg;
      out.origin = org;
      return true;
    }
    case BS_PATTERN: case BS_DIBPATTERN: case BS_DIBPATTERNPT: case BS_PATTERN8X8: case BS_DIBPATTERN8X8: {
      const Surface& pat = *b->pattern;
      out.width = pat.width(), out.height = pat.height();
      out.cells.resize(static_cast<size_t>(out.width) * out.height);
      // A monochrome DDB pattern takes the DC's colours; one with a colour table its colours.
      const bool mono_ddb = b->style == BS_PATTERN && pat.bpp() == 1;
      const uint32_t text = pixel_for(p, dc, s, dc.s.text_color, false), back = pixel_for(p, dc, s, dc.s.bk_color, false);
      for (int32_t y = 0; y < out.height; ++y)
        for (int32_t x = 0; x < out.width; ++x) {
          const uint32_t v = pat.pixel(x, y);
          const uint32_t px = mono_ddb ? (v ? back : text) : s.pixel_of(pat.color_of(v));
          out.cells[static_cast<size_t>(y) * out.width + x] = rop2_masks(rop2, px);
        }
      out.origin = org;
      return true;
    }
    default:
      out = FillPattern::solid(rop2_masks(rop2, pixel_for(p, dc, s, color, true)));
      return true;
  }
}

bool fill_rect_with_brush(WindowsProcess& p, DeviceContext& dc, const Rect& logical, uint32_t brush) {
  Surface* s = dc_surface(p, dc);
  if (!gdi_table(p).find_as<Brush>(brush, OBJ_BRUSH)) return false;
  if (!s) return true;
  FillPattern f;
  if (!brush_pattern(p, dc, *s, brush, R2_COPYPEN, f)) return true;
  fill_rect(*s, rect_to_device(dc, logical).offset(dc.origin.x, dc.origin.y), drawing_clip(p, dc), f);
  return true;
}

void rop2_rect(WindowsProcess& p, DeviceContext& dc, const Rect& logical, int rop2) {
  Surface* s = dc_surface(p, dc);
  if (!s) return;
  fill_rect(*s, rect_to_device(dc, logical).offset(dc.origin.x, dc.origin.y), drawing_clip(p, dc),
            FillPattern::solid(rop2_masks(rop2, 0)));
}

namespace {

Ptr add_pen(WindowsProcess& p, uint32_t style, int32_t width, ColorRef color) {
  auto pen = std::make_unique<Pen>();
  if ((style & PS_STYLE_MASK) > PS_ALTERNATE) style = (style & ~PS_STYLE_MASK) | PS_SOLID;
  if ((style & PS_STYLE_MASK) == PS_USERSTYLE || (style & PS_STYLE_MASK) == PS_ALTERNATE)
    style = (style & ~PS_STYLE_MASK) | PS_SOLID;  // (ExtCreatePen's only)
  pen->style = style, pen->width = width < 0 ? -width : width, pen->color = color;
  return Ptr(gdi_table(p).add(std::move(pen)));
}
Ptr CreatePen(WindowsProcess& p, int32_t style, int32_t width, uint32_t color) {
  return add_pen(p, static_cast<uint32_t>(style), width, color);
}
Ptr CreatePenIndirect(WindowsProcess& p, Ptr logpen) {
  if (!logpen) return Ptr();
  return add_pen(p, get<uint32_t>(logpen.addr), get<int32_t>(logpen.addr + 4), get<uint32_t>(logpen.addr + 12));
}

Ptr ExtCreatePen(WindowsProcess& p, uint32_t style, uint32_t width, Ptr logbrush, uint32_t count, Ptr styles) {
  if (!logbrush) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  const uint32_t kind = style & PS_TYPE_MASK, dash = style & PS_STYLE_MASK;
  // A cosmetic pen is one pixel wide and has no caps or joins; PS_USERSTYLE needs its dashes.
  if (kind != PS_GEOMETRIC && kind != 0) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  if (kind == 0 && width != 1) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  if ((dash == PS_USERSTYLE) != (count != 0) || count > 16) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  if (dash == PS_ALTERNATE && kind == PS_GEOMETRIC) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  auto pen = std::make_unique<Pen>();
  pen->type = OBJ_EXTPEN;
  pen->style = style, pen->width = static_cast<int32_t>(width);
  pen->brush_style = get<uint32_t>(logbrush.addr), pen->color = get<uint32_t>(logbrush.addr + 4);
  pen->hatch = p.get_ptr(logbrush.addr + 8);
  for (uint32_t i = 0; i < count; ++i) pen->user_style.push_back(get<uint32_t>(styles.addr + 4 * i));
  return Ptr(gdi_table(p).add(std::move(pen)));
}

Ptr add_brush(WindowsProcess& p, uint32_t style, ColorRef color, uint64_t hatch, std::shared_ptr<Surface> pattern) {
  auto b = std::make_unique<Brush>();
  b->style = style, b->color = color, b->hatch = hatch, b->pattern = std::move(pattern);
  return Ptr(gdi_table(p).add(std::move(b)));
}

Ptr CreateSolidBrush(WindowsProcess& p, uint32_t color) { return add_brush(p, BS_SOLID, color, 0, nullptr); }
Ptr CreateHatchBrush(WindowsProcess& p, int32_t hatch, uint32_t color) {
  if (hatch < 0 || hatch > 5) return Ptr();
  return add_brush(p, BS_HATCHED, color, static_cast<uint64_t>(hatch), nullptr);
}
Ptr CreatePatternBrush(WindowsProcess& p, Ptr bitmap) {
  auto* b = gdi_table(p).find_as<Bitmap>(bitmap.addr, OBJ_BITMAP);
  if (!b) return Ptr();
  // The brush keeps a copy: the bitmap may change or go.
  const Surface& src = *b->surface;
  auto copy = std::make_shared<Surface>(src.width(), src.height(), src.format());
  for (int32_t y = 0; y < src.height(); ++y)
    std::memcpy(copy->row(y), src.row(y), Surface::row_bytes(src.width(), src.bpp()));
  return add_brush(p, BS_PATTERN, 0, bitmap.addr, std::move(copy));
}
Ptr CreateDIBPatternBrushPt(WindowsProcess& p, Ptr packed, uint32_t usage) {
  if (!packed) return Ptr();
  std::shared_ptr<Surface> s = surface_from_packed_dib(p, packed.addr, usage);
  if (!s) return Ptr();
  return add_brush(p, BS_DIBPATTERNPT, usage, packed.addr, std::move(s));
}
Ptr CreateBrushIndirect(WindowsProcess& p, Ptr logbrush) {
  if (!logbrush) return Ptr();
  const uint32_t style = get<uint32_t>(logbrush.addr), color = get<uint32_t>(logbrush.addr + 4);
  const uint64_t hatch = p.get_ptr(logbrush.addr + 8);
  switch (style) {
    case BS_SOLID: return CreateSolidBrush(p, color);
    case BS_NULL: return Ptr(gdi_table(p).stock(NULL_BRUSH));
    case BS_HATCHED: return CreateHatchBrush(p, static_cast<int32_t>(hatch), color);
    case BS_PATTERN: case BS_PATTERN8X8: return CreatePatternBrush(p, Ptr(hatch));
    case BS_DIBPATTERNPT: return CreateDIBPatternBrushPt(p, Ptr(hatch), color & 0xffff);
    default: return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  }
}

}  // namespace

const std::vector<Export>& brush_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreatePen", CreatePen),
      EXPORT("CreatePenIndirect", CreatePenIndirect),
      EXPORT("ExtCreatePen", ExtCreatePen),
      EXPORT("CreateSolidBrush", CreateSolidBrush),
      EXPORT("CreateHatchBrush", CreateHatchBrush),
      EXPORT("CreatePatternBrush", CreatePatternBrush),
      EXPORT("CreateDIBPatternBrushPt", CreateDIBPatternBrushPt),
      EXPORT("CreateBrushIndirect", CreateBrushIndirect),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
