// Device contexts: creating and deleting them, SaveDC/RestoreDC, the attributes programs set and
// read (colours, modes, alignment, the brush origin and the current position), the mapping from
// logical to device units (mapping modes, window and viewport origins and extents, the world
// transform of GM_ADVANCED), GetDeviceCaps (the display's, as wine 8.0's driver reports a
// 32-bit screen at 96 DPI), and the clip every drawing call goes through.
#include <cmath>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/paths.h"
#include "shims/gdi32/region_algebra.h"

namespace polyrun::shims::gdi32 {

namespace {

constexpr int32_t kScreenWidth = 1024, kScreenHeight = 768, kDpi = 96;
enum : int32_t {
  MM_LOMETRIC = 2, MM_HIMETRIC = 3, MM_LOENGLISH = 4, MM_HIENGLISH = 5, MM_TWIPS = 6, MM_ISOTROPIC = 7,
  MM_ANISOTROPIC = 8,
};
constexpr int32_t GDI_ERROR_INT = -1;

int32_t muldiv(int32_t a, int32_t b, int32_t c) {
  return static_cast<int32_t>(std::llround(static_cast<double>(a) * b / c));
}

// Window extents of the fixed mapping modes for the screen (device units per 0.1 mm, 0.01 mm,
// 0.01 inch, 0.001 inch, twip), as Windows sets them from the device's size in millimetres.
void fixed_mode_extents(DcState& s) {
  const int32_t horz_mm = muldiv(kScreenWidth, 254, kDpi * 10), vert_mm = muldiv(kScreenHeight, 254, kDpi * 10);
  s.viewport_ext = {kScreenWidth, -kScreenHeight};
  switch (s.map_mode) {
    case MM_LOMETRIC: s.window_ext = {horz_mm * 10, vert_mm * 10}; break;
    case MM_HIMETRIC: s.window_ext = {horz_mm * 100, vert_mm * 100}; break;
    case MM_LOENGLISH: s.window_ext = {muldiv(horz_mm, 1000, 254), muldiv(vert_mm, 1000, 254)}; break;
    case MM_HIENGLISH: s.window_ext = {muldiv(horz_mm, 10000, 254), muldiv(vert_mm, 10000, 254)}; break;
    case MM_TWIPS: s.window_ext = {muldiv(horz_mm, 14400, 254), muldiv(vert_mm, 14400, 254)}; break;
    default: s.window_ext = {1, 1}, s.viewport_ext = {1, 1}; break;
  }
}

// MM_ISOTROPIC keeps one unit the same size on both axes: the larger scale gives way.
void fix_isotropic(DcState& s) {
  if (s.map_mode != MM_ISOTROPIC || !s.window_ext.x || !s.window_ext.y) return;
  const double xdim = std::fabs(static_cast<double>(s.viewport_ext.x) / s.window_ext.x);
  const double ydim = std::fabs(static_cast<double>(s.viewport_ext.y) / s.window_ext.y);
  if (xdim > ydim) {
    const int32_t mul = s.viewport_ext.x < 0 ? -1 : 1;
    s.viewport_ext.x = static_cast<int32_t>(std::lround(mul * std::fabs(s.viewport_ext.y) * s.window_ext.x /
                                                         std::fabs(static_cast<double>(s.window_ext.y))));
    if (s.window_ext.x < 0) s.viewport_ext.x = -s.viewport_ext.x;
  } else if (xdim < ydim) {
    const int32_t mul = s.viewport_ext.y < 0 ? -1 : 1;
    s.viewport_ext.y = static_cast<int32_t>(std::lround(mul * std::fabs(s.viewport_ext.x) * s.window_ext.y /
                                                         std::fabs(static_cast<double>(s.window_ext.x))));
    if (s.window_ext.y < 0) s.viewport_ext.y = -s.viewport_ext.y;
  }
}

// The whole logical → device transform as one XFORM.
Xform full_transform(const DcState& s) {
  const double sx = static_cast<double>(s.viewport_ext.x) / (s.window_ext.x ? s.window_ext.x : 1);
  const double sy = static_cast<double>(s.viewport_ext.y) / (s.window_ext.y ? s.window_ext.y : 1);
  const Xform& w = s.world;
  const bool world = s.graphics_mode == GM_ADVANCED;
  const double m11 = world ? w.m11 : 1, m12 = world ? w.m12 : 0, m21 = world ? w.m21 : 0, m22 = world ? w.m22 : 1;
  const double dx = world ? w.dx : 0, dy = world ? w.dy : 0;
  Xform f;
  f.m11 = static_cast<float>(m11 * sx), f.m12 = static_cast<float>(m12 * sy);
  f.m21 = static_cast<float>(m21 * sx), f.m22 = static_cast<float>(m22 * sy);
  f.dx = static_cast<float>((dx - s.window_org.x) * sx + s.viewport_org.x);
  f.dy = static_cast<float>((dy - s.window_org.y) * sy + s.viewport_org.y);
  return f;
}

int32_t round_half_up(double v) { return static_cast<int32_t>(std::floor(v + 0.5)); }

}  // namespace

bool simple_mapping(const DeviceContext& dc) {
  return dc.s.map_mode == MM_TEXT && (dc.s.graphics_mode != GM_ADVANCED ||
                                      (dc.s.world.m11 == 1 && dc.s.world.m12 == 0 && dc.s.world.m21 == 0 &&
                                       dc.s.world.m22 == 1 && dc.s.world.dx == 0 && dc.s.world.dy == 0));
}

Point to_device(const DeviceContext& dc, Point p) {
  if (simple_mapping(dc))
    return {p.x - dc.s.window_org.x + dc.s.viewport_org.x, p.y - dc.s.window_org.y + dc.s.viewport_org.y};
  const Xform f = full_transform(dc.s);
  return {round_half_up(p.x * static_cast<double>(f.m11) + p.y * static_cast<double>(f.m21) + f.dx),
          round_half_up(p.x * static_cast<double>(f.m12) + p.y * static_cast<double>(f.m22) + f.dy)};
}

Point to_logical(const DeviceContext& dc, Point p) {
  if (simple_mapping(dc))
    return {p.x - dc.s.viewport_org.x + dc.s.window_org.x, p.y - dc.s.viewport_org.y + dc.s.window_org.y};
  const Xform f = full_transform(dc.s);
  const double det = static_cast<double>(f.m11) * f.m22 - static_cast<double>(f.m12) * f.m21;
  if (det == 0) return p;
  const double x = p.x - f.dx, y = p.y - f.dy;
  return {round_half_up((x * f.m22 - y * f.m21) / det), round_half_up((y * f.m11 - x * f.m12) / det)};
}

Rect rect_to_device(const DeviceContext& dc, const Rect& r) {
  const Point a = to_device(dc, {r.left, r.top}), b = to_device(dc, {r.right, r.bottom});
  return {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
}

void dc_changed(DeviceContext& dc) { dc.clip_current = false; }

Surface* dc_surface(WindowsProcess&, DeviceContext& dc) {
  if (dc.refresh) dc.refresh(dc);
  return dc.surface.get();
}

const Region& drawing_clip(WindowsProcess& p, DeviceContext& dc) {
  dc_surface(p, dc);
  if (dc.clip_current && dc.drawing_clip) return *dc.drawing_clip;
  Region r(dc.surface ? dc.surface->rect() : Rect{});
  if (dc.visible) r = Region::combine(r, *dc.visible, Region::Op::And);
  if (dc.s.clip) {
    Region clip = *dc.s.clip;
    clip.offset(dc.origin.x, dc.origin.y);
    r = Region::combine(r, clip, Region::Op::And);
  }
  dc.drawing_clip = std::make_shared<Region>(std::move(r));
  dc.clip_current = !dc.refresh;  // (a window DC's parts may change under it: made again each time)
  return *dc.drawing_clip;
}

namespace {

Ptr CreateCompatibleDC(WindowsProcess& p, Ptr hdc) {
  if (hdc && !find_dc(p, hdc.addr)) return Ptr();
  return Ptr(new_dc(p, true).handle);
}

// CreateDC("DISPLAY") and friends: a DC on the whole screen (the desktop's surface, kept by
// USER32 when it runs; a surface of the screen's size otherwise).
std::shared_ptr<Surface>& screen_surface() {
  static std::shared_ptr<Surface> s = std::make_shared<Surface>(kScreenWidth, kScreenHeight, screen_format());
  return s;
}
Ptr create_display_dc(WindowsProcess& p, const std::u16string& driver) {
  std::u16string d = driver;
  for (auto& c : d) c = c < 0x80 ? static_cast<char16_t>(std::toupper(c)) : c;
  if (d != u"DISPLAY" && d != u"\\\\.\\DISPLAY1") return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  DeviceContext& dc = new_dc(p, false);
  dc.surface = screen_surface();
  return Ptr(dc.handle);
}
Ptr CreateDCW(WindowsProcess& p, WStr driver, WStr device, WStr, Ptr) {
  return create_display_dc(p, driver.addr ? driver.str() : device.str());
}
Ptr CreateDCA(WindowsProcess& p, AStr driver, AStr device, AStr, Ptr) {
  return create_display_dc(p, ansi_to_utf16(driver.addr ? driver.bytes() : device.bytes()));
}
Ptr CreateICA(WindowsProcess& p, AStr driver, AStr device, AStr o, Ptr m) { return CreateDCA(p, driver, device, o, m); }
Ptr CreateICW(WindowsProcess& p, WStr driver, WStr device, WStr o, Ptr m) { return CreateDCW(p, driver, device, o, m); }

BOOL DeleteDC(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = dc_or_fail(p, hdc.addr);
  if (!dc) return FALSE;
  delete_dc(p, *dc);
  return TRUE;
}

int32_t SaveDC(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = dc_or_fail(p, hdc.addr);
  if (!dc) return 0;
  dc->saved.push_back(dc->s);
  if (dc->s.clip) dc->saved.back().clip = std::make_shared<Region>(*dc->s.clip);
  hold_saved_state(p, dc->s);
  return static_cast<int32_t>(dc->saved.size());
}

BOOL RestoreDC(WindowsProcess& p, Ptr hdc, int32_t level) {
  DeviceContext* dc = dc_or_fail(p, hdc.addr);
  if (!dc) return FALSE;
  const int32_t depth = static_cast<int32_t>(dc->saved.size());
  if (level < 0) level = depth + level + 1;
  if (level <= 0 || level > depth) return FALSE;
  while (static_cast<int32_t>(dc->saved.size()) > level) {
    release_saved_state(p, dc->saved.back());
    dc->saved.pop_back();
  }
  DcState restored = dc->saved.back();
  dc->saved.pop_back();
  // The restored objects are selected again (the current ones let go), the bitmap's surface too.
  const DcState old = dc->s;
  dc->s = restored;
  hold_saved_state(p, restored);
  release_saved_state(p, old);
  release_saved_state(p, restored);  // (the saved copy's own hold)
  if (Bitmap* b = dc->type == OBJ_MEMDC ? dc_bitmap(p, *dc) : nullptr) dc->surface = b->surface;
  dc_changed(*dc);
  return TRUE;
}

int32_t GetDeviceCaps(WindowsProcess& p, Ptr hdc, int32_t cap) {
  DeviceContext* dc = dc_or_fail(p, hdc.addr);
  if (!dc) return 0;
  switch (cap) {
    case 0: return 0x4000;  // DRIVERVERSION
    case 2: return 1;       // TECHNOLOGY: DT_RASDISPLAY
    case 4: return muldiv(kScreenWidth, 254, kDpi * 10);   // HORZSIZE (mm)
    case 6: return muldiv(kScreenHeight, 254, kDpi * 10);  // VERTSIZE
    case 8: case 118: return kScreenWidth;    // HORZRES, DESKTOPHORZRES
    case 10: case 117: return kScreenHeight;  // VERTRES, DESKTOPVERTRES
    case 12: return 32;                       // BITSPIXEL
    case 14: return 1;                        // PLANES
    case 16: case 18: return -1;              // NUMBRUSHES, NUMPENS
    case 24: return -1;                       // NUMCOLORS
    case 28: return 0x1ff;                    // CURVECAPS: circles … round rects, wide, styled, interiors
    case 30: return 0xfe;                     // LINECAPS
    case 32: return 0xff;                     // POLYGONALCAPS
    case 34: return 0x79f7;                   // TEXTCAPS: TC_OP_CHARACTER … TC_VA_ABLE
    case 36: return 1;                        // CLIPCAPS: CP_RECTANGLE
    case 38: return 0xbe99;                   // RASTERCAPS: BITBLT, BITMAP64, GDI20_OUTPUT, DI_BITMAP, DIBTODEV, BIGFONT, STRETCHBLT, FLOODFILL, STRETCHDIB, DEVBITS
    case 40: case 42: return 36;              // ASPECTX, ASPECTY
    case 44: return 51;                       // ASPECTXY
    case 88: case 90: return kDpi;            // LOGPIXELSX, LOGPIXELSY
    case 106: return 20;                      // NUMRESERVED
    case 108: return 24;                      // COLORRES
    case 116: return 1;                       // VREFRESH: the display's default rate
    default: return 0;
  }
}

// ---- attributes ----

template <typename T>
T swap_in(T& slot, T value) {
  T old = slot;
  slot = value;
  return old;
}

// A colour attribute: the old value for the new, or the value; CLR_INVALID for a bad DC.
uint32_t set_color(WindowsProcess& p, uint64_t hdc, ColorRef DcState::*field, uint32_t c) {
  DeviceContext* dc = dc_or_fail(p, hdc);
  return dc ? swap_in(dc->s.*field, c) : CLR_INVALID;
}
uint32_t get_color(WindowsProcess& p, uint64_t hdc, ColorRef DcState::*field) {
  DeviceContext* dc = find_dc(p, hdc);
  return dc ? dc->s.*field : CLR_INVALID;
}
uint32_t SetTextColor(WindowsProcess& p, Ptr h, uint32_t c) { return set_color(p, h.addr, &DcState::text_color, c); }
uint32_t GetTextColor(WindowsProcess& p, Ptr h) { return get_color(p, h.addr, &DcState::text_color); }
uint32_t SetBkColor(WindowsProcess& p, Ptr h, uint32_t c) { return set_color(p, h.addr, &DcState::bk_color, c); }
uint32_t GetBkColor(WindowsProcess& p, Ptr h) { return get_color(p, h.addr, &DcState::bk_color); }
uint32_t SetDCBrushColor(WindowsProcess& p, Ptr h, uint32_t c) {
  return set_color(p, h.addr, &DcState::dc_brush_color, c);
}
uint32_t GetDCBrushColor(WindowsProcess& p, Ptr h) { return get_color(p, h.addr, &DcState::dc_brush_color); }
uint32_t SetDCPenColor(WindowsProcess& p, Ptr h, uint32_t c) { return set_color(p, h.addr, &DcState::dc_pen_color, c); }
uint32_t GetDCPenColor(WindowsProcess& p, Ptr h) { return get_color(p, h.addr, &DcState::dc_pen_color); }

// A mode setter: refuses values outside [lo, hi] (ERROR_INVALID_PARAMETER, 0) as Windows does.
int32_t set_mode(WindowsProcess& p, uint64_t hdc, int32_t DcState::*field, int32_t v, int32_t lo, int32_t hi) {
  DeviceContext* dc = dc_or_fail(p, hdc);
  if (!dc) return 0;
  if (v < lo || v > hi) return fail(p, ERROR_INVALID_PARAMETER);
  return swap_in(dc->s.*field, v);
}
int32_t get_mode(WindowsProcess& p, uint64_t hdc, int32_t DcState::*field) {
  DeviceContext* dc = find_dc(p, hdc);
  return dc ? dc->s.*field : 0;
}
int32_t SetBkMode(WindowsProcess& p, Ptr h, int32_t v) { return set_mode(p, h.addr, &DcState::bk_mode, v, 1, 2); }
int32_t GetBkMode(WindowsProcess& p, Ptr h) { return get_mode(p, h.addr, &DcState::bk_mode); }
int32_t SetROP2(WindowsProcess& p, Ptr h, int32_t v) { return set_mode(p, h.addr, &DcState::rop2, v, 1, 16); }
int32_t GetROP2(WindowsProcess& p, Ptr h) { return get_mode(p, h.addr, &DcState::rop2); }
int32_t SetPolyFillMode(WindowsProcess& p, Ptr h, int32_t v) {
  return set_mode(p, h.addr, &DcState::poly_fill_mode, v, 1, 2);
}
int32_t GetPolyFillMode(WindowsProcess& p, Ptr h) { return get_mode(p, h.addr, &DcState::poly_fill_mode); }
int32_t SetStretchBltMode(WindowsProcess& p, Ptr h, int32_t v) {
  return set_mode(p, h.addr, &DcState::stretch_mode, v, 1, 4);
}
int32_t GetStretchBltMode(WindowsProcess& p, Ptr h) { return get_mode(p, h.addr, &DcState::stretch_mode); }
int32_t SetArcDirection(WindowsProcess& p, Ptr h, int32_t v) {
  return set_mode(p, h.addr, &DcState::arc_direction, v, 1, 2);
}
int32_t GetArcDirection(WindowsProcess& p, Ptr h) { return get_mode(p, h.addr, &DcState::arc_direction); }
int32_t SetRelAbs(WindowsProcess& p, Ptr h, int32_t v) { return set_mode(p, h.addr, &DcState::rel_abs, v, 1, 2); }
int32_t GetRelAbs(WindowsProcess& p, Ptr h, uint32_t) { return get_mode(p, h.addr, &DcState::rel_abs); }
int32_t SetGraphicsMode(WindowsProcess& p, Ptr h, int32_t v) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  if (!dc || v < 1 || v > 2) return 0;
  // Back to GM_COMPATIBLE only with the identity world transform (Windows refuses otherwise).
  if (v == GM_COMPATIBLE && dc->s.graphics_mode == GM_ADVANCED && !simple_mapping(*dc) && dc->s.map_mode == MM_TEXT)
    return 0;
  return swap_in(dc->s.graphics_mode, v);
}
int32_t GetGraphicsMode(WindowsProcess& p, Ptr h) { return get_mode(p, h.addr, &DcState::graphics_mode); }
int32_t SetTextCharacterExtra(WindowsProcess& p, Ptr h, int32_t v) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  return dc ? swap_in(dc->s.char_extra, v) : static_cast<int32_t>(0x80000000);
}
int32_t GetTextCharacterExtra(WindowsProcess& p, Ptr h) {
  DeviceContext* dc = find_dc(p, h.addr);
  return dc ? dc->s.char_extra : static_cast<int32_t>(0x80000000);
}
BOOL SetTextJustification(WindowsProcess& p, Ptr h, int32_t extra, int32_t count) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  if (!dc) return FALSE;
  dc->s.break_extra = extra, dc->s.break_count = count;
  return TRUE;
}
uint32_t SetTextAlign(WindowsProcess& p, Ptr h, uint32_t v) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  return dc ? swap_in(dc->s.text_align, v) : 0xffffffff;
}
uint32_t GetTextAlign(WindowsProcess& p, Ptr h) {
  DeviceContext* dc = find_dc(p, h.addr);
  return dc ? dc->s.text_align : 0xffffffff;
}
uint32_t SetLayout(WindowsProcess& p, Ptr h, uint32_t v) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  return dc ? swap_in(dc->s.layout, v) : 0xffffffff;
}
uint32_t GetLayout(WindowsProcess& p, Ptr h) {
  DeviceContext* dc = find_dc(p, h.addr);
  return dc ? dc->s.layout : 0xffffffff;
}
BOOL SetMiterLimit(WindowsProcess& p, Ptr h, float limit, Ptr old) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  if (!dc) return FALSE;
  if (old) put<float>(old.addr, dc->s.miter_limit);
  dc->s.miter_limit = limit;
  return TRUE;
}
BOOL GetMiterLimit(WindowsProcess& p, Ptr h, Ptr out) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  if (!dc) return FALSE;
  put<float>(out.addr, dc->s.miter_limit);
  return TRUE;
}

// A point-valued attribute: its old value to `old` (optional), the new one set.
BOOL set_point(WindowsProcess& p, uint64_t h, Point DcState::*field, Point v, uint64_t old, bool mapping = true) {
  DeviceContext* dc = dc_or_fail(p, h);
  if (!dc) return FALSE;
  if (old) put<Point>(old, dc->s.*field);
  dc->s.*field = v;
  if (mapping) dc_changed(*dc);
  return TRUE;
}
BOOL get_point(WindowsProcess& p, uint64_t h, Point DcState::*field, uint64_t out) {
  DeviceContext* dc = dc_or_fail(p, h);
  if (!dc) return FALSE;
  put<Point>(out, dc->s.*field);
  return TRUE;
}
BOOL SetBrushOrgEx(WindowsProcess& p, Ptr h, int32_t x, int32_t y, Ptr old) {
  return set_point(p, h.addr, &DcState::brush_org, {x, y}, old.addr, false);
}
BOOL GetBrushOrgEx(WindowsProcess& p, Ptr h, Ptr out) { return get_point(p, h.addr, &DcState::brush_org, out.addr); }
BOOL MoveToEx(WindowsProcess& p, Ptr h, int32_t x, int32_t y, Ptr old) {
  if (DeviceContext* dc = find_dc(p, h.addr))
    if (DcPath* path = recording(*dc)) path_move_to(*dc, *path, {x, y});  // (a new figure starts there)
  return set_point(p, h.addr, &DcState::position, {x, y}, old.addr, false);
}
BOOL GetCurrentPositionEx(WindowsProcess& p, Ptr h, Ptr out) {
  return get_point(p, h.addr, &DcState::position, out.addr);
}
BOOL SetWindowOrgEx(WindowsProcess& p, Ptr h, int32_t x, int32_t y, Ptr old) {
  return set_point(p, h.addr, &DcState::window_org, {x, y}, old.addr);
}
BOOL GetWindowOrgEx(WindowsProcess& p, Ptr h, Ptr out) { return get_point(p, h.addr, &DcState::window_org, out.addr); }
BOOL SetViewportOrgEx(WindowsProcess& p, Ptr h, int32_t x, int32_t y, Ptr old) {
  return set_point(p, h.addr, &DcState::viewport_org, {x, y}, old.addr);
}
BOOL GetViewportOrgEx(WindowsProcess& p, Ptr h, Ptr out) {
  return get_point(p, h.addr, &DcState::viewport_org, out.addr);
}
BOOL offset_point(WindowsProcess& p, uint64_t h, Point DcState::*field, int32_t dx, int32_t dy, uint64_t old) {
  DeviceContext* dc = dc_or_fail(p, h);
  if (!dc) return FALSE;
  const Point v = dc->s.*field;
  return set_point(p, h, field, {v.x + dx, v.y + dy}, old);
}
BOOL OffsetWindowOrgEx(WindowsProcess& p, Ptr h, int32_t dx, int32_t dy, Ptr old) {
  return offset_point(p, h.addr, &DcState::window_org, dx, dy, old.addr);
}
BOOL OffsetViewportOrgEx(WindowsProcess& p, Ptr h, int32_t dx, int32_t dy, Ptr old) {
  return offset_point(p, h.addr, &DcState::viewport_org, dx, dy, old.addr);
}
BOOL GetWindowExtEx(WindowsProcess& p, Ptr h, Ptr out) { return get_point(p, h.addr, &DcState::window_ext, out.addr); }
BOOL GetViewportExtEx(WindowsProcess& p, Ptr h, Ptr out) {
  return get_point(p, h.addr, &DcState::viewport_ext, out.addr);
}
// Extents only change in MM_ISOTROPIC and MM_ANISOTROPIC (elsewhere: TRUE, nothing changed); zero
// is refused.
BOOL set_extent(WindowsProcess& p, uint64_t h, Point DcState::*field, int32_t x, int32_t y, uint64_t old) {
  DeviceContext* dc = dc_or_fail(p, h);
  if (!dc) return FALSE;
  if (old) put<Point>(old, dc->s.*field);
  if (dc->s.map_mode != MM_ISOTROPIC && dc->s.map_mode != MM_ANISOTROPIC) return TRUE;
  if (!x || !y) return FALSE;
  dc->s.*field = {x, y};
  fix_isotropic(dc->s);
  dc_changed(*dc);
  return TRUE;
}
BOOL SetWindowExtEx(WindowsProcess& p, Ptr h, int32_t x, int32_t y, Ptr old) {
  return set_extent(p, h.addr, &DcState::window_ext, x, y, old.addr);
}
BOOL SetViewportExtEx(WindowsProcess& p, Ptr h, int32_t x, int32_t y, Ptr old) {
  return set_extent(p, h.addr, &DcState::viewport_ext, x, y, old.addr);
}
BOOL scale_extent(WindowsProcess& p, uint64_t h, Point DcState::*field, int32_t xn, int32_t xd, int32_t yn, int32_t yd,
                  uint64_t old) {
  DeviceContext* dc = dc_or_fail(p, h);
  if (!dc) return FALSE;
  if (!xd || !yd) return FALSE;
  const Point v = dc->s.*field;
  return set_extent(p, h, field, v.x * xn / xd, v.y * yn / yd, old);
}
BOOL ScaleWindowExtEx(WindowsProcess& p, Ptr h, int32_t xn, int32_t xd, int32_t yn, int32_t yd, Ptr old) {
  return scale_extent(p, h.addr, &DcState::window_ext, xn, xd, yn, yd, old.addr);
}
BOOL ScaleViewportExtEx(WindowsProcess& p, Ptr h, int32_t xn, int32_t xd, int32_t yn, int32_t yd, Ptr old) {
  return scale_extent(p, h.addr, &DcState::viewport_ext, xn, xd, yn, yd, old.addr);
}

int32_t SetMapMode(WindowsProcess& p, Ptr h, int32_t mode) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  if (!dc) return 0;
  if (mode < 1 || mode > MM_ANISOTROPIC) return 0;
  const int32_t old = dc->s.map_mode;
  if (mode == old && mode != MM_ISOTROPIC && mode != MM_ANISOTROPIC) return old;
  dc->s.map_mode = mode;
  // MM_ISOTROPIC starts from MM_LOMETRIC's extents; MM_ANISOTROPIC keeps the current ones.
  if (mode == MM_ISOTROPIC) {
    dc->s.map_mode = MM_LOMETRIC;
    fixed_mode_extents(dc->s);
    dc->s.map_mode = MM_ISOTROPIC;
  } else if (mode != MM_ANISOTROPIC) {
    fixed_mode_extents(dc->s);
  }
  dc_changed(*dc);
  return old;
}
int32_t GetMapMode(WindowsProcess& p, Ptr h) { return get_mode(p, h.addr, &DcState::map_mode); }

BOOL convert_points(WindowsProcess& p, uint64_t h, uint64_t points, int32_t count, bool to_dev) {
  DeviceContext* dc = dc_or_fail(p, h);
  if (!dc) return FALSE;
  for (int32_t i = 0; i < count; ++i) {
    const uint64_t a = points + static_cast<uint64_t>(i) * 8;
    const Point pt = get<Point>(a);
    put<Point>(a, to_dev ? to_device(*dc, pt) : to_logical(*dc, pt));
  }
  return TRUE;
}
BOOL LPtoDP(WindowsProcess& p, Ptr h, Ptr points, int32_t count) { return convert_points(p, h.addr, points.addr, count, true); }
BOOL DPtoLP(WindowsProcess& p, Ptr h, Ptr points, int32_t count) { return convert_points(p, h.addr, points.addr, count, false); }

BOOL SetWorldTransform(WindowsProcess& p, Ptr h, Ptr xform) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  if (!dc || !xform || dc->s.graphics_mode != GM_ADVANCED) return FALSE;
  const Xform x = get<Xform>(xform.addr);
  if (x.m11 * x.m22 == x.m12 * x.m21) return FALSE;  // not invertible
  dc->s.world = x;
  dc_changed(*dc);
  return TRUE;
}
BOOL GetWorldTransform(WindowsProcess& p, Ptr h, Ptr out) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  if (!dc || !out) return FALSE;
  put<Xform>(out.addr, dc->s.world);
  return TRUE;
}
Xform multiply(const Xform& a, const Xform& b) {  // a then b
  return {a.m11 * b.m11 + a.m12 * b.m21, a.m11 * b.m12 + a.m12 * b.m22, a.m21 * b.m11 + a.m22 * b.m21,
          a.m21 * b.m12 + a.m22 * b.m22, a.dx * b.m11 + a.dy * b.m21 + b.dx, a.dx * b.m12 + a.dy * b.m22 + b.dy};
}
BOOL ModifyWorldTransform(WindowsProcess& p, Ptr h, Ptr xform, uint32_t mode) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  if (!dc || dc->s.graphics_mode != GM_ADVANCED) return FALSE;
  switch (mode) {
    case 1: dc->s.world = Xform{}; break;                                        // MWT_IDENTITY
    case 2: dc->s.world = multiply(get<Xform>(xform.addr), dc->s.world); break;  // MWT_LEFTMULTIPLY
    case 3: dc->s.world = multiply(dc->s.world, get<Xform>(xform.addr)); break;  // MWT_RIGHTMULTIPLY
    default: return FALSE;
  }
  dc_changed(*dc);
  return TRUE;
}
BOOL CombineTransform(WindowsProcess&, Ptr out, Ptr a, Ptr b) {
  put<Xform>(out.addr, multiply(get<Xform>(a.addr), get<Xform>(b.addr)));
  return TRUE;
}

BOOL GetDCOrgEx(WindowsProcess& p, Ptr h, Ptr out) {
  DeviceContext* dc = dc_or_fail(p, h.addr);
  if (!dc) return FALSE;
  put<Point>(out.addr, dc->origin);
  return TRUE;
}

BOOL GdiFlush(WindowsProcess&) { return TRUE; }
uint32_t GdiSetBatchLimit(WindowsProcess&, uint32_t) { return 1; }
uint32_t GdiGetBatchLimit(WindowsProcess&) { return 1; }
BOOL CancelDC(WindowsProcess& p, Ptr h) { return find_dc(p, h.addr) ? TRUE : FALSE; }

}  // namespace

const std::vector<Export>& dc_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreateCompatibleDC", CreateCompatibleDC), EXPORT("CreateDCA", CreateDCA), EXPORT("CreateDCW", CreateDCW),
      EXPORT("CreateICA", CreateICA), EXPORT("CreateICW", CreateICW), EXPORT("DeleteDC", DeleteDC),
      EXPORT("SaveDC", SaveDC), EXPORT("RestoreDC", RestoreDC), EXPORT("GetDeviceCaps", GetDeviceCaps),
      EXPORT("SetTextColor", SetTextColor), EXPORT("GetTextColor", GetTextColor), EXPORT("SetBkColor", SetBkColor),
      EXPORT("GetBkColor", GetBkColor), EXPORT("SetDCBrushColor", SetDCBrushColor),
      EXPORT("GetDCBrushColor", GetDCBrushColor), EXPORT("SetDCPenColor", SetDCPenColor),
      EXPORT("GetDCPenColor", GetDCPenColor), EXPORT("SetBkMode", SetBkMode), EXPORT("GetBkMode", GetBkMode),
      EXPORT("SetROP2", SetROP2), EXPORT("GetROP2", GetROP2), EXPORT("SetPolyFillMode", SetPolyFillMode),
      EXPORT("GetPolyFillMode", GetPolyFillMode), EXPORT("SetStretchBltMode", SetStretchBltMode),
      EXPORT("GetStretchBltMode", GetStretchBltMode), EXPORT("SetArcDirection", SetArcDirection),
      EXPORT("GetArcDirection", GetArcDirection), EXPORT("SetRelAbs", SetRelAbs), EXPORT("GetRelAbs", GetRelAbs),
      EXPORT("SetGraphicsMode", SetGraphicsMode), EXPORT("GetGraphicsMode", GetGraphicsMode),
      EXPORT("SetTextCharacterExtra", SetTextCharacterExtra), EXPORT("GetTextCharacterExtra", GetTextCharacterExtra),
      EXPORT("SetTextJustification", SetTextJustification), EXPORT("SetTextAlign", SetTextAlign),
      EXPORT("GetTextAlign", GetTextAlign), EXPORT("SetLayout", SetLayout), EXPORT("GetLayout", GetLayout),
      EXPORT("SetMiterLimit", SetMiterLimit), EXPORT("GetMiterLimit", GetMiterLimit),
      EXPORT("SetBrushOrgEx", SetBrushOrgEx), EXPORT("GetBrushOrgEx", GetBrushOrgEx), EXPORT("MoveToEx", MoveToEx),
      EXPORT("GetCurrentPositionEx", GetCurrentPositionEx), EXPORT("SetWindowOrgEx", SetWindowOrgEx),
      EXPORT("GetWindowOrgEx", GetWindowOrgEx), EXPORT("SetViewportOrgEx", SetViewportOrgEx),
      EXPORT("GetViewportOrgEx", GetViewportOrgEx), EXPORT("OffsetWindowOrgEx", OffsetWindowOrgEx),
      EXPORT("OffsetViewportOrgEx", OffsetViewportOrgEx), EXPORT("GetWindowExtEx", GetWindowExtEx),
      EXPORT("GetViewportExtEx", GetViewportExtEx), EXPORT("SetWindowExtEx", SetWindowExtEx),
      EXPORT("SetViewportExtEx", SetViewportExtEx), EXPORT("ScaleWindowExtEx", ScaleWindowExtEx),
      EXPORT("ScaleViewportExtEx", ScaleViewportExtEx), EXPORT("SetMapMode", SetMapMode),
      EXPORT("GetMapMode", GetMapMode), EXPORT("LPtoDP", LPtoDP), EXPORT("DPtoLP", DPtoLP),
      EXPORT("SetWorldTransform", SetWorldTransform), EXPORT("GetWorldTransform", GetWorldTransform),
      EXPORT("ModifyWorldTransform", ModifyWorldTransform), EXPORT("CombineTransform", CombineTransform),
      EXPORT("GetDCOrgEx", GetDCOrgEx), EXPORT("GdiFlush", GdiFlush), EXPORT("GdiSetBatchLimit", GdiSetBatchLimit),
      EXPORT("GdiGetBatchLimit", GdiGetBatchLimit), EXPORT("CancelDC", CancelDC),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
