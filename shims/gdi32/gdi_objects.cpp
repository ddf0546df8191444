// GDI32's handle table, its stock objects, and the functions over objects of any kind:
// GetStockObject, SelectObject, DeleteObject, GetObjectType, GetObject (each kind's LOG* or
// BITMAP/DIBSECTION structure, in the program's pointer width), GetCurrentObject.
#include "shims/gdi32/gdi_objects.h"

#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"

namespace polyrun::shims::gdi32 {

RegionObject::RegionObject() : GdiObject(OBJ_REGION), region(std::make_unique<Region>()) {}
RegionObject::~RegionObject() = default;

namespace {

// The type's code in a handle's bits 16..22, as Windows' handles carry it.
uint32_t handle_type_code(const GdiObject& o) {
  switch (o.type) {
    case OBJ_DC: case OBJ_MEMDC: return 0x01;
    case OBJ_REGION: return 0x04;
    case OBJ_BITMAP: return 0x05;
    case OBJ_PAL: return 0x08;
    case OBJ_FONT: return 0x0a;
    case OBJ_BRUSH: return 0x10;
    case OBJ_EXTPEN: return 0x50;
    default: return 0x30;  // pens
  }
}

}  // namespace

uint32_t GdiTable::add(std::unique_ptr<GdiObject> o) {
  const uint32_t code = handle_type_code(*o);
  uint32_t h;
  do {
    const uint32_t n = next_++;
    h = ((n >> 16) & 0x7f) << 24 | code << 16 | (n & 0xffff);
    if ((n & 0xffff) < 0x20) h = 0;  // (low numbers stay unused: never a small integer)
  } while (!h || objects_.count(h));
  o->handle = h;
  objects_[h] = std::move(o);
  return h;
}

GdiObject* GdiTable::find(uint64_t handle) const {
  auto it = objects_.find(static_cast<uint32_t>(handle));
  return it == objects_.end() ? nullptr : it->second.get();
}

bool GdiTable::remove(uint64_t handle) {
  auto it = objects_.find(static_cast<uint32_t>(handle));
  if (it == objects_.end()) return false;
  if (it->second->stock) return true;
  if (it->second->selected > 0) {
    it->second->delete_pending = true;
    return true;
  }
  objects_.erase(it);
  return true;
}

PixelFormat screen_format() { return PixelFormat::rgb_default(32); }

namespace {

uint32_t add_stock(GdiTable& t, int index, std::unique_ptr<GdiObject> o) {
  o->stock = true;
  const uint32_t h = t.add(std::move(o));
  t.set_stock(index, h);
  return h;
}
void stock_brush(GdiTable& t, int index, uint32_t style, ColorRef color) {
  auto b = std::make_unique<Brush>();
  b->style = style, b->color = color;
  add_stock(t, index, std::move(b));
}
void stock_pen(GdiTable& t, int index, uint32_t style, ColorRef color) {
  auto pen = std::make_unique<Pen>();
  pen->style = style, pen->color = color, pen->width = style == PS_NULL ? 1 : 0;
  add_stock(t, index, std::move(pen));
}
// The stock fonts' LOGFONTs as Windows reports them at 96 DPI.
void stock_font(GdiTable& t, int index, int32_t height, int32_t width, int32_t weight, uint8_t charset,
                uint8_t pitch_family, const char16_t* face) {
  auto f = std::make_unique<Font>();
  f->log.height = height, f->log.width = width, f->log.weight = weight, f->log.char_set = charset;
  f->log.pitch_and_family = pitch_family, f->log.face = face;
  add_stock(t, index, std::move(f));
}

void make_stock(GdiTable& t) {
  stock_brush(t, WHITE_BRUSH, BS_SOLID, 0xffffff);
  stock_brush(t, LTGRAY_BRUSH, BS_SOLID, 0xc0c0c0);
  stock_brush(t, GRAY_BRUSH, BS_SOLID, 0x808080);
  stock_brush(t, DKGRAY_BRUSH, BS_SOLID, 0x404040);
  stock_brush(t, BLACK_BRUSH, BS_SOLID, 0);
  stock_brush(t, NULL_BRUSH, BS_NULL, 0);
  stock_pen(t, WHITE_PEN, PS_SOLID, 0xffffff);
  stock_pen(t, BLACK_PEN, PS_SOLID, 0);
  stock_pen(t, NULL_PEN, PS_NULL, 0);
  stock_font(t, OEM_FIXED_FONT, 12, 8, 400, 255, 0x31, u"Terminal");
  stock_font(t, ANSI_FIXED_FONT, 12, 9, 400, 0, 0x31, u"Courier");
  stock_font(t, ANSI_VAR_FONT, 12, 9, 400, 0, 0x22, u"MS Sans Serif");
  stock_font(t, SYSTEM_FONT, 16, 7, 700, 0, 0x22, u"System");
  stock_font(t, DEVICE_DEFAULT_FONT, 16, 0, 700, 0, 0x22, u"System");
  auto pal = std::make_unique<Palette>();
  // The 20 static colours of the system palette.
  static const uint32_t kSystemColors[20] = {
      0x000000, 0x000080, 0x008000, 0x008080, 0x800000, 0x800080, 0x808000, 0xc0c0c0, 0xc0dcc0, 0xf0caa6,
      0xf0fbff, 0xa4a0a0, 0x808080, 0x0000ff, 0x00ff00, 0x00ffff, 0xff0000, 0xff00ff, 0xffff00, 0xffffff};
  for (uint32_t c : kSystemColors) pal->entries.push_back({red_of(c), green_of(c), blue_of(c), 0});
  add_stock(t, DEFAULT_PALETTE, std::move(pal));
  stock_font(t, SYSTEM_FIXED_FONT, 16, 8, 400, 0, 0x31, u"Fixedsys");
  stock_font(t, DEFAULT_GUI_FONT, -11, 0, 400, 0, 0, u"MS Shell Dlg");
  auto dc_brush = std::make_unique<Brush>();
  dc_brush->dc_brush = true, dc_brush->color = 0xffffff;
  add_stock(t, DC_BRUSH, std::move(dc_brush));
  stock_pen(t, DC_PEN, PS_SOLID, 0);
  auto bitmap = std::make_unique<Bitmap>();
  bitmap->surface = std::make_shared<Surface>(1, 1, PixelFormat::monochrome());
  add_stock(t, DEFAULT_BITMAP, std::move(bitmap));
}

}  // namespace

GdiTable& gdi_table(WindowsProcess&) {
  static GdiTable* table = [] {
    auto* t = new GdiTable;
    make_stock(*t);
    return t;
  }();
  return *table;
}

Pen& dc_pen(WindowsProcess& p, DeviceContext& dc) {
  GdiObject* o = gdi_table(p).find(dc.s.pen);
  return *static_cast<Pen*>(o);
}
Brush& dc_brush(WindowsProcess& p, DeviceContext& dc) { return *gdi_table(p).find_as<Brush>(dc.s.brush, OBJ_BRUSH); }
Font& dc_font(WindowsProcess& p, DeviceContext& dc) { return *gdi_table(p).find_as<Font>(dc.s.font, OBJ_FONT); }
Bitmap* dc_bitmap(WindowsProcess& p, DeviceContext& dc) { return gdi_table(p).find_as<Bitmap>(dc.s.bitmap, OBJ_BITMAP); }

namespace {

void hold(GdiTable& t, uint32_t handle) {
  if (GdiObject* o = t.find(handle)) ++o->selected;
}
void release(GdiTable& t, uint32_t handle) {
  GdiObject* o = t.find(handle);
  if (!o || --o->selected > 0 || !o->delete_pending) return;
  o->selected = 0;
  t.remove(handle);
}
void hold_state(GdiTable& t, const DcState& s) {
  for (uint32_t h : {s.pen, s.brush, s.font, s.bitmap, s.palette}) hold(t, h);
}
void release_state(GdiTable& t, const DcState& s) {
  for (uint32_t h : {s.pen, s.brush, s.font, s.bitmap, s.palette}) release(t, h);
}

}  // namespace

void hold_saved_state(WindowsProcess& p, const DcState& s) { hold_state(gdi_table(p), s); }
void release_saved_state(WindowsProcess& p, const DcState& s) { release_state(gdi_table(p), s); }

DeviceContext& new_dc(WindowsProcess& p, bool memory) {
  GdiTable& t = gdi_table(p);
  auto dc = std::make_unique<DeviceContext>(memory);
  dc->s.pen = t.stock(BLACK_PEN), dc->s.brush = t.stock(WHITE_BRUSH), dc->s.font = t.stock(SYSTEM_FONT);
  dc->s.palette = t.stock(DEFAULT_PALETTE);
  if (memory) {
    dc->s.bitmap = t.stock(DEFAULT_BITMAP);
    dc->surface = t.find_as<Bitmap>(dc->s.bitmap, OBJ_BITMAP)->surface;
  }
  hold_state(t, dc->s);
  DeviceContext* d = dc.get();
  t.add(std::move(dc));
  return *d;
}

void delete_dc(WindowsProcess& p, DeviceContext& dc) {
  GdiTable& t = gdi_table(p);
  for (const DcState& s : dc.saved) release_state(t, s);
  release_state(t, dc.s);
  dc.selected = 0;
  t.remove(dc.handle);
}

uint32_t select_object(WindowsProcess& p, DeviceContext& dc, uint64_t handle) {
  GdiTable& t = gdi_table(p);
  GdiObject* o = t.find(handle);
  if (!o) return 0;
  uint32_t* slot = nullptr;
  switch (o->type) {
    case OBJ_PEN: case OBJ_EXTPEN: slot = &dc.s.pen; break;
    case OBJ_BRUSH: slot = &dc.s.brush; break;
    case OBJ_FONT: slot = &dc.s.font; break;
    case OBJ_PAL: slot = &dc.s.palette; break;  // (SelectPalette's: SelectObject refuses palettes)
    case OBJ_BITMAP: {
      // Only into a memory DC, and one bitmap in one DC at a time (the stock bitmap excepted);
      // a bitmap of another depth than the DC's device cannot go into a display DC's memory DC
      // unless it is monochrome or a DIB section: every depth is drawn on here, so all are taken.
      if (dc.type != OBJ_MEMDC) return 0;
      auto* b = static_cast<Bitmap*>(o);
      if (b->selected && !b->stock && dc.s.bitmap != b->handle) return 0;
      slot = &dc.s.bitmap;
      dc.surface = b->surface;
      break;
    }
    default: return 0;
  }
  const uint32_t old = *slot;
  if (old == o->handle) return old;
  ++o->selected;
  *slot = o->handle;
  release(t, old);
  return old;
}

namespace {

Ptr GetStockObject(WindowsProcess& p, int32_t index) { return Ptr(index == 9 ? 0 : gdi_table(p).stock(index)); }

Ptr SelectObject(WindowsProcess& p, Ptr hdc, Ptr object) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  GdiObject* o = gdi_table(p).find(object.addr);
  if (!o) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  if (o->type == OBJ_PAL) return Ptr();
  if (o->type == OBJ_REGION) {  // the region becomes the clip region: the result is its kind
    return Ptr(static_cast<uint64_t>(select_clip_region(p, *dc, static_cast<RegionObject*>(o), 5)));
  }
  const uint32_t old = select_object(p, *dc, object.addr);
  if (old && o->type == OBJ_BITMAP) dc_changed(*dc);
  return Ptr(old);
}

BOOL DeleteObject(WindowsProcess& p, Ptr object) {
  GdiTable& t = gdi_table(p);
  GdiObject* o = t.find(object.addr);
  if (!o) return fail(p, ERROR_INVALID_PARAMETER);
  if (o->type == OBJ_DC || o->type == OBJ_MEMDC) return FALSE;  // (DeleteDC's job)
  // A bitmap selected into a DC is not deleted (Windows: the call fails).
  if (o->type == OBJ_BITMAP && o->selected && !o->stock) return FALSE;
  if (o->type == OBJ_BITMAP && !o->stock) release_bitmap_bits(p, *static_cast<Bitmap*>(o));
  return t.remove(object.addr);
}

uint32_t GetObjectType(WindowsProcess& p, Ptr object) {
  GdiObject* o = gdi_table(p).find(object.addr);
  return o ? o->type : fail(p, ERROR_INVALID_HANDLE);
}

// LOGFONTW and LOGFONTA: 28 bytes of numbers, then the face name (32 characters).
constexpr uint32_t kLogFontNumbers = 28;

}  // namespace

void put_logfont(uint64_t out, const LogFont& f, bool wide) {
  put<int32_t>(out, f.height), put<int32_t>(out + 4, f.width), put<int32_t>(out + 8, f.escapement);
  put<int32_t>(out + 12, f.orientation), put<int32_t>(out + 16, f.weight);
  const uint8_t bytes[8] = {f.italic, f.underline, f.strike_out, f.char_set, f.out_precision, f.clip_precision,
                            f.quality, f.pitch_and_family};
  std::memcpy(guest_pointer(out + 20), bytes, 8);
  if (wide) {
    char16_t face[32] = {};
    std::memcpy(face, f.face.data(), std::min<size_t>(f.face.size(), 31) * 2);
    std::memcpy(guest_pointer(out + kLogFontNumbers), face, sizeof face);
  } else {
    char face[32] = {};
    const std::string narrow = utf16_to_ansi(f.face);
    std::memcpy(face, narrow.data(), std::min<size_t>(narrow.size(), 31));
    std::memcpy(guest_pointer(out + kLogFontNumbers), face, sizeof face);
  }
}

namespace {

int32_t get_object(WindowsProcess& p, uint64_t handle, int32_t size, uint64_t out, bool wide) {
  GdiObject* o = gdi_table(p).find(handle);
  if (!o) return 0;
  const uint32_t ptr = p.isa->ptr;
  auto copy_out = [&](const std::vector<uint8_t>& bytes) -> int32_t {
    if (!out) return static_cast<int32_t>(bytes.size());
    const size_t n = std::min<size_t>(bytes.size(), static_cast<size_t>(std::max(size, 0)));
    std::memcpy(guest_pointer(out), bytes.data(), n);
    return static_cast<int32_t>(n);
  };
  std::vector<uint8_t> b;
  auto u32 = [&](uint32_t v) { b.insert(b.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + 4); };
  auto u16 = [&](uint16_t v) { b.insert(b.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + 2); };
  auto uptr = [&](uint64_t v) {
    while (b.size() % ptr) b.push_back(0);
    b.insert(b.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + ptr);
  };
  auto pad = [&] {
    while (b.size() % ptr) b.push_back(0);
  };
  switch (o->type) {
    case OBJ_PEN: {
      auto* pen = static_cast<Pen*>(o);
      u32(pen->style), u32(static_cast<uint32_t>(pen->width)), u32(0), u32(pen->color);  // LOGPEN
      return copy_out(b);
    }
    case OBJ_EXTPEN: {
      auto* pen = static_cast<Pen*>(o);
      u32(pen->style), u32(static_cast<uint32_t>(pen->width)), u32(pen->brush_style), u32(pen->color);
      uptr(pen->hatch), u32(static_cast<uint32_t>(pen->user_style.size()));
      for (uint32_t d : pen->user_style) u32(d);
      if (pen->user_style.empty()) u32(0);  // EXTLOGPEN's elpStyleEntry[1]
      pad();
      return copy_out(b);
    }
    case OBJ_BRUSH: {
      auto* br = static_cast<Brush*>(o);
      u32(br->style), u32(br->color), uptr(br->hatch);  // LOGBRUSH
      pad();
      return copy_out(b);
    }
    case OBJ_FONT: {
      const uint32_t bytes = kLogFontNumbers + (wide ? 64 : 32);
      if (!out) return static_cast<int32_t>(bytes);
      std::vector<uint8_t> tmp(bytes + 64);
      // Written whole into a host buffer first, then as much as the program asked for.
      put_logfont(reinterpret_cast<uint64_t>(tmp.data()), static_cast<Font*>(o)->log, wide);
      tmp.resize(bytes);
      return copy_out(tmp);
    }
    case OBJ_PAL: {
      if (!out) return 2;
      if (size < 2) return 0;
      put<uint16_t>(out, static_cast<uint16_t>(static_cast<Palette*>(o)->entries.size()));
      return 2;
    }
    case OBJ_BITMAP: {
      auto* bm = static_cast<Bitmap*>(o);
      const Surface& s = *bm->surface;
      // BITMAP: a DDB's rows are whole 16-bit words, a DIB section's whole 32-bit words.
      const uint32_t width_bytes = bm->dib_section ? Surface::row_bytes(s.width(), s.bpp())
                                                   : ((static_cast<uint32_t>(s.width()) * s.bpp() + 15) / 16) * 2;
      u32(0), u32(static_cast<uint32_t>(s.width())), u32(static_cast<uint32_t>(s.height())), u32(width_bytes);
      u16(1), u16(static_cast<uint16_t>(s.bpp())), uptr(bm->bits);
      pad();
      const size_t bitmap_size = b.size();
      if (!bm->dib_section || size < static_cast<int32_t>(bitmap_size) + 40) return copy_out(b);
      // DIBSECTION: the BITMAP, the BITMAPINFOHEADER, the bit fields, the section and offset.
      u32(40), u32(static_cast<uint32_t>(s.width())), u32(static_cast<uint32_t>(s.height()));  // (positive, as wine 8.0 reports it)
      u16(1), u16(static_cast<uint16_t>(s.bpp())), u32(bm->compression);
      u32(Surface::row_bytes(s.width(), s.bpp()) * static_cast<uint32_t>(s.height()));
      u32(0), u32(0);
      const uint32_t table = s.bpp() <= 8 ? static_cast<uint32_t>(s.format().colors.size()) : 0;
      u32(table), u32(0);
      const bool fields = s.bpp() == 16 || s.bpp() == 32;
      u32(fields ? s.format().red_mask : 0), u32(fields ? s.format().green_mask : 0), u32(fields ? s.format().blue_mask : 0);
      uptr(bm->section), u32(bm->offset);
      pad();
      return copy_out(b);
    }
    default: return 0;
  }
}

int32_t GetObjectA(WindowsProcess& p, Ptr h, int32_t size, Ptr out) { return get_object(p, h.addr, size, out.addr, false); }
int32_t GetObjectW(WindowsProcess& p, Ptr h, int32_t size, Ptr out) { return get_object(p, h.addr, size, out.addr, true); }

Ptr GetCurrentObject(WindowsProcess& p, Ptr hdc, uint32_t type) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return Ptr();
  switch (type) {
    case OBJ_PEN: case OBJ_EXTPEN: return Ptr(dc->s.pen);
    case OBJ_BRUSH: return Ptr(dc->s.brush);
    case OBJ_FONT: return Ptr(dc->s.font);
    case OBJ_PAL: return Ptr(dc->s.palette);
    case OBJ_BITMAP: return Ptr(dc->type == OBJ_MEMDC ? dc->s.bitmap : 0);
    default: return Ptr();
  }
}

BOOL UnrealizeObject(WindowsProcess& p, Ptr object) { return gdi_table(p).find(object.addr) ? TRUE : FALSE; }

}  // namespace

const std::vector<Export>& object_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetStockObject", GetStockObject), EXPORT("SelectObject", SelectObject),
      EXPORT("DeleteObject", DeleteObject),     EXPORT("GetObjectType", GetObjectType),
      EXPORT("GetObjectA", GetObjectA),         EXPORT("GetObjectW", GetObjectW),
      EXPORT("GetCurrentObject", GetCurrentObject), EXPORT("UnrealizeObject", UnrealizeObject),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
