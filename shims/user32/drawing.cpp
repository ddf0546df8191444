// USER32's drawing on DCs: the system colours and their brushes (GetSysColor, GetSysColorBrush,
// SetSysColors), FillRect, FrameRect, InvertRect, DrawFocusRect and DrawEdge, all through GDI32.
// The colours are those wine 8.0 reports in a new prefix on Debian 12 (its default light theme),
// the reference the samples are compared with.
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

using gdi32::DeviceContext;

namespace {

constexpr int32_t kSysColors = 31;
enum : int32_t {
  COLOR_3DDKSHADOW = 21, COLOR_3DLIGHT = 22, COLOR_BTNFACE = 15, COLOR_BTNSHADOW = 16, COLOR_BTNHIGHLIGHT = 20,
  COLOR_WINDOWFRAME = 6,
};

// COLOR_SCROLLBAR … COLOR_MENUBAR.
uint32_t g_colors[kSysColors] = {
    0xffffff, 0x956f25, 0xfa9632, 0x808080, 0xffffff, 0xffffff, 0x9e9e9e, 0x000000, 0x000000, 0x000000, 0xffffff,
    0xffffff, 0x808080, 0xfa9630, 0xffffff, 0xf5f5f5, 0xa6a6a6, 0xa6a6a6, 0x000000, 0xc8c8c8, 0xffffff, 0x6a6a6a,
    0xe3e3e3, 0x000000, 0xffffff, 0xffffff, 0xe0e0e0, 0xfa9632, 0x808080, 0xfa9630, 0xffffff,
};
uint64_t g_brushes[kSysColors] = {};

// The brush of a value a program passes where a brush goes: COLOR_* + 1 names a system colour's.
uint64_t as_brush(WindowsProcess& p, uint64_t brush) {
  return brush > 0 && brush <= kSysColors ? sys_color_brush(p, static_cast<int32_t>(brush - 1)) : brush;
}

DeviceContext* dc_of(WindowsProcess& p, uint64_t hdc) { return gdi32::find_dc(p, hdc); }

}  // namespace

void fill_sys_color(WindowsProcess& p, DeviceContext& dc, const Rect& r, int32_t color_index) {
  if (!r.empty()) gdi32::fill_rect_with_brush(p, dc, r, static_cast<uint32_t>(sys_color_brush(p, color_index)));
}

uint32_t sys_color(int32_t index) { return index >= 0 && index < kSysColors ? g_colors[index] : 0; }

uint64_t sys_color_brush(WindowsProcess& p, int32_t index) {
  if (index < 0 || index >= kSysColors) return 0;
  if (!g_brushes[index]) {
    auto b = std::make_unique<gdi32::Brush>();
    b->color = g_colors[index];
    b->stock = true;  // (never deleted, as system brushes are not)
    g_brushes[index] = gdi32::gdi_table(p).add(std::move(b));
  }
  return g_brushes[index];
}

uint64_t background_brush(WindowsProcess& p, uint64_t brush) { return as_brush(p, brush); }

namespace {

uint32_t GetSysColor(WindowsProcess&, int32_t index) { return sys_color(index); }
Ptr GetSysColorBrush(WindowsProcess& p, int32_t index) { return Ptr(sys_color_brush(p, index)); }
BOOL SetSysColors(WindowsProcess& p, int32_t count, Ptr indices, Ptr colors) {
  for (int32_t i = 0; i < count; ++i) {
    const int32_t index = get<int32_t>(indices.addr + 4ull * i);
    if (index < 0 || index >= kSysColors) continue;
    g_colors[index] = get<uint32_t>(colors.addr + 4ull * i) & 0xffffff;
    if (auto* b = gdi32::gdi_table(p).find_as<gdi32::Brush>(g_brushes[index], gdi32::OBJ_BRUSH)) b->color = g_colors[index];
  }
  return TRUE;
}

int32_t FillRect(WindowsProcess& p, Ptr hdc, Ptr rect, Ptr brush) {
  DeviceContext* dc = dc_of(p, hdc.addr);
  if (!dc || !rect) return 0;
  return gdi32::fill_rect_with_brush(p, *dc, get<Rect>(rect.addr), static_cast<uint32_t>(as_brush(p, brush.addr)));
}

// A one-pixel frame inside the rectangle, in the brush.
int32_t FrameRect(WindowsProcess& p, Ptr hdc, Ptr rect, Ptr brush) {
  DeviceContext* dc = dc_of(p, hdc.addr);
  if (!dc || !rect) return 0;
  const Rect r = get<Rect>(rect.addr);
  if (r.right <= r.left || r.bottom <= r.top) return 0;
  const uint32_t b = static_cast<uint32_t>(as_brush(p, brush.addr));
  if (!gdi32::fill_rect_with_brush(p, *dc, {r.left, r.top, r.right, r.top + 1}, b)) return 0;
  gdi32::fill_rect_with_brush(p, *dc, {r.left, r.bottom - 1, r.right, r.bottom}, b);
  gdi32::fill_rect_with_brush(p, *dc, {r.left, r.top + 1, r.left + 1, r.bottom - 1}, b);
  gdi32::fill_rect_with_brush(p, *dc, {r.right - 1, r.top + 1, r.right, r.bottom - 1}, b);
  return 1;
}

BOOL InvertRect(WindowsProcess& p, Ptr hdc, Ptr rect) {
  DeviceContext* dc = dc_of(p, hdc.addr);
  if (!dc || !rect) return FALSE;
  gdi32::rop2_rect(p, *dc, get<Rect>(rect.addr), 6 /* R2_NOT */);
  return TRUE;
}

BOOL DrawFocusRect(WindowsProcess& p, Ptr hdc, Ptr rect) {
  DeviceContext* dc = dc_of(p, hdc.addr);
  if (!dc || !rect) return FALSE;
  draw_focus_rect(p, *dc, get<Rect>(rect.addr));
  return TRUE;
}

}  // namespace

// The focus rectangle: every other pixel of a one-pixel frame inverted (a 50 % pattern XORed).
void draw_focus_rect(WindowsProcess& p, DeviceContext& dc, const Rect& logical) {
  gdi32::Surface* s = gdi32::dc_surface(p, dc);
  if (!s) return;
  const Rect r = gdi32::rect_to_device(dc, logical).offset(dc.origin.x, dc.origin.y);
  if (r.empty()) return;
  gdi32::FillPattern f;
  f.width = f.height = 2;
  const gdi32::RopMasks invert{~0u, ~0u};
  f.cells = {gdi32::kKeep, invert, invert, gdi32::kKeep};
  f.origin = {dc.s.brush_org.x + dc.origin.x, dc.s.brush_org.y + dc.origin.y};
  const gdi32::Region& clip = gdi32::drawing_clip(p, dc);
  gdi32::fill_rect(*s, {r.left, r.top, r.right, r.top + 1}, clip, f);
  if (r.height() > 1) gdi32::fill_rect(*s, {r.left, r.bottom - 1, r.right, r.bottom}, clip, f);
  gdi32::fill_rect(*s, {r.left, r.top + 1, r.left + 1, r.bottom - 1}, clip, f);
  if (r.width() > 1) gdi32::fill_rect(*s, {r.right - 1, r.top + 1, r.right, r.bottom - 1}, clip, f);
}

// Up to two one-pixel rings (outer, inner), each lit on its top and left sides and shaded on its
// bottom and right as the edge's kind says; BF_MIDDLE fills what is inside, which is returned.
Rect draw_edge(WindowsProcess& p, DeviceContext& dc, Rect r, uint32_t edge, uint32_t flags) {
  enum : uint32_t {
    BDR_RAISEDOUTER = 1, BDR_SUNKENOUTER = 2, BDR_RAISEDINNER = 4, BDR_SUNKENINNER = 8, BF_LEFT = 1, BF_TOP = 2,
    BF_RIGHT = 4, BF_BOTTOM = 8, BF_MIDDLE = 0x800, BF_SOFT = 0x1000, BF_FLAT = 0x4000, BF_MONO = 0x8000,
  };
  struct Ring {
    int32_t lit, shade;
  };
  std::vector<Ring> rings;
  if (flags & (BF_FLAT | BF_MONO)) {
    const int32_t c = (flags & BF_MONO) ? COLOR_WINDOWFRAME : COLOR_BTNSHADOW;
    if (edge & (BDR_RAISEDOUTER | BDR_SUNKENOUTER)) rings.push_back({c, c});
    if (edge & (BDR_RAISEDINNER | BDR_SUNKENINNER)) rings.push_back({COLOR_BTNFACE, COLOR_BTNFACE});
  } else {
    if (edge & BDR_RAISEDOUTER) rings.push_back({COLOR_3DLIGHT, COLOR_3DDKSHADOW});
    else if (edge & BDR_SUNKENOUTER) rings.push_back({COLOR_BTNSHADOW, COLOR_BTNHIGHLIGHT});
    if (edge & BDR_RAISEDINNER) rings.push_back({COLOR_BTNHIGHLIGHT, COLOR_BTNSHADOW});
    else if (edge & BDR_SUNKENINNER) rings.push_back({COLOR_3DDKSHADOW, COLOR_3DLIGHT});
    // BF_SOFT lights the top and left sides otherwise (the bottom and right stay): by the kind of
    // each ring, raised or sunken, and whether the edge has one ring or two.
    if ((flags & BF_SOFT) && !rings.empty()) {
      const bool two = rings.size() == 2;
      const bool outer_raised = edge & (two ? BDR_RAISEDOUTER : BDR_RAISEDOUTER | BDR_RAISEDINNER);
      if (!two && !(edge & (BDR_RAISEDOUTER | BDR_SUNKENOUTER)))  // an inner ring alone
        rings[0].lit = outer_raised ? COLOR_3DLIGHT : COLOR_BTNSHADOW;
      else
        rings[0].lit = outer_raised ? COLOR_BTNHIGHLIGHT : COLOR_3DDKSHADOW;
      if (two) rings[1].lit = (edge & BDR_RAISEDINNER) ? COLOR_3DLIGHT : COLOR_BTNSHADOW;
    }
  }
  for (const Ring& ring : rings) {
    if (r.empty()) break;
    if (flags & BF_TOP) fill_sys_color(p, dc, {r.left, r.top, r.right, r.top + 1}, ring.lit);
    if (flags & BF_LEFT) fill_sys_color(p, dc, {r.left, r.top, r.left + 1, r.bottom}, ring.lit);
    if (flags & BF_BOTTOM) fill_sys_color(p, dc, {r.left, r.bottom - 1, r.right, r.bottom}, ring.shade);
    if (flags & BF_RIGHT) fill_sys_color(p, dc, {r.right - 1, r.top, r.right, r.bottom}, ring.shade);
    if (flags & BF_LEFT) ++r.left;
    if (flags & BF_TOP) ++r.top;
    if (flags & BF_RIGHT) --r.right;
    if (flags & BF_BOTTOM) --r.bottom;
  }
  if ((flags & BF_MIDDLE) && !r.empty()) fill_sys_color(p, dc, r, (flags & BF_MONO) ? 5 /* COLOR_WINDOW */ : COLOR_BTNFACE);
  return r;
}

namespace {

// DrawEdge: draw_edge on the program's rectangle, which BF_ADJUST makes what is inside.
BOOL DrawEdge(WindowsProcess& p, Ptr hdc, Ptr rect, uint32_t edge, uint32_t flags) {
  DeviceContext* dc = dc_of(p, hdc.addr);
  if (!dc || !rect) return FALSE;
  const Rect r = draw_edge(p, *dc, get<Rect>(rect.addr), edge, flags);
  if (flags & 0x2000 /* BF_ADJUST */) put<Rect>(rect.addr, r);
  return TRUE;
}

}  // namespace

const std::vector<Export>& drawing_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetSysColor", GetSysColor),   EXPORT("GetSysColorBrush", GetSysColorBrush),
      EXPORT("SetSysColors", SetSysColors), EXPORT("FillRect", FillRect),
      EXPORT("FrameRect", FrameRect),       EXPORT("InvertRect", InvertRect),
      EXPORT("DrawFocusRect", DrawFocusRect), EXPORT("DrawEdge", DrawEdge),
  };
  return e;
}

}  // namespace polyrun::shims::user32
