// Logical palettes: CreatePalette, SelectPalette, RealizePalette, the entries, the nearest colour
// and index, and the system palette of a true-colour display (whose colours are all there is: a
// palette changes nothing on it, and GetSystemPaletteEntries has nothing to report).
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"

namespace polyrun::shims::gdi32 {

namespace {

// LOGPALETTE: palVersion 0x300, palNumEntries, then PALETTEENTRY {red, green, blue, flags}.
Ptr CreatePalette(WindowsProcess& p, Ptr logpal) {
  if (!logpal) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  const uint16_t n = get<uint16_t>(logpal.addr + 2);
  auto pal = std::make_unique<Palette>();
  pal->entries.resize(n);
  for (uint16_t i = 0; i < n; ++i) pal->entries[i] = get<PaletteEntry>(logpal.addr + 4 + 4ull * i);
  return Ptr(gdi_table(p).add(std::move(pal)));
}
Ptr CreateHalftonePalette(WindowsProcess& p, Ptr hdc) {
  (void)hdc;
  auto pal = std::make_unique<Palette>();
  // The 20 static colours and a 6x6x6 cube, as a halftone palette is made of.
  auto* def = gdi_table(p).find_as<Palette>(gdi_table(p).stock(DEFAULT_PALETTE), OBJ_PAL);
  for (int i = 0; i < 10; ++i) pal->entries.push_back(def->entries[i]);
  for (int r = 0; r < 6; ++r)
    for (int g = 0; g < 6; ++g)
      for (int b = 0; b < 6; ++b)
        pal->entries.push_back({static_cast<uint8_t>(r * 51), static_cast<uint8_t>(g * 51), static_cast<uint8_t>(b * 51), 0});
  for (int i = 10; i < 20; ++i) pal->entries.push_back(def->entries[i]);
  return Ptr(gdi_table(p).add(std::move(pal)));
}

Ptr SelectPalette(WindowsProcess& p, Ptr hdc, Ptr palette, int32_t) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  auto* pal = gdi_table(p).find_as<Palette>(palette.addr, OBJ_PAL);
  if (!dc || !pal) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  return Ptr(select_object(p, *dc, pal->handle));
}
uint32_t RealizePalette(WindowsProcess& p, Ptr hdc) { return find_dc(p, hdc.addr) ? 0 : 0xffffffff; }

uint32_t palette_entries(WindowsProcess& p, uint64_t palette, uint32_t start, uint32_t count, uint64_t out, bool set) {
  auto* pal = gdi_table(p).find_as<Palette>(palette, OBJ_PAL);
  if (!pal) return 0;
  if (!out && !set) return static_cast<uint32_t>(pal->entries.size());
  if (start >= pal->entries.size()) return 0;
  const uint32_t n = std::min<uint32_t>(count, static_cast<uint32_t>(pal->entries.size()) - start);
  for (uint32_t i = 0; i < n; ++i) {
    if (set) pal->entries[start + i] = get<PaletteEntry>(out + 4ull * i);
    else put<PaletteEntry>(out + 4ull * i, pal->entries[start + i]);
  }
  return n;
}
uint32_t GetPaletteEntries(WindowsProcess& p, Ptr pal, uint32_t start, uint32_t count, Ptr out) {
  return palette_entries(p, pal.addr, start, count, out.addr, false);
}
uint32_t SetPaletteEntries(WindowsProcess& p, Ptr pal, uint32_t start, uint32_t count, Ptr in) {
  return palette_entries(p, pal.addr, start, count, in.addr, true);
}
BOOL AnimatePalette(WindowsProcess& p, Ptr pal, uint32_t start, uint32_t count, Ptr in) {
  return palette_entries(p, pal.addr, start, count, in.addr, true) != 0;
}
BOOL ResizePalette(WindowsProcess& p, Ptr palette, uint32_t n) {
  auto* pal = gdi_table(p).find_as<Palette>(palette.addr, OBJ_PAL);
  if (!pal) return FALSE;
  pal->entries.resize(n);
  return TRUE;
}
uint32_t GetNearestPaletteIndex(WindowsProcess& p, Ptr palette, uint32_t color) {
  auto* pal = gdi_table(p).find_as<Palette>(palette.addr, OBJ_PAL);
  if (!pal || pal->entries.empty()) return 0xffffffff;
  uint32_t best = 0, best_d = ~0u;
  for (size_t i = 0; i < pal->entries.size(); ++i) {
    const PaletteEntry& e = pal->entries[i];
    const int dr = e.red - red_of(color), dg = e.green - green_of(color), db = e.blue - blue_of(color);
    const uint32_t d = static_cast<uint32_t>(dr * dr + dg * dg + db * db);
    if (d < best_d) best_d = d, best = static_cast<uint32_t>(i);
  }
  return best;
}
// A true-colour display shows every colour as it is.
uint32_t GetNearestColor(WindowsProcess& p, Ptr hdc, uint32_t color) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return 0xffffffff;
  Surface* s = dc_surface(p, *dc);
  if (!s || s->bpp() > 8) return color & 0xffffff;
  return s->color_of(pixel_for(p, *dc, *s, color, false));
}
uint32_t GetSystemPaletteEntries(WindowsProcess&, Ptr, uint32_t, uint32_t, Ptr) { return 0; }
uint32_t GetSystemPaletteUse(WindowsProcess&, Ptr) { return 1; /* SYSPAL_STATIC */ }
uint32_t SetSystemPaletteUse(WindowsProcess&, Ptr, uint32_t) { return 0; /* SYSPAL_ERROR: no palette */ }

}  // namespace

const std::vector<Export>& palette_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreatePalette", CreatePalette), EXPORT("CreateHalftonePalette", CreateHalftonePalette),
      EXPORT("SelectPalette", SelectPalette), EXPORT("RealizePalette", RealizePalette),
      EXPORT("GetPaletteEntries", GetPaletteEntries), EXPORT("SetPaletteEntries", SetPaletteEntries),
      EXPORT("AnimatePalette", AnimatePalette), EXPORT("ResizePalette", ResizePalette),
      EXPORT("GetNearestPaletteIndex", GetNearestPaletteIndex), EXPORT("GetNearestColor", GetNearestColor),
      EXPORT("GetSystemPaletteEntries", GetSystemPaletteEntries), EXPORT("GetSystemPaletteUse", GetSystemPaletteUse),
      EXPORT("SetSystemPaletteUse", SetSystemPaletteUse),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
