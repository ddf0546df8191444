// COMCTL32's flat scroll bars, as version 6 of the DLL keeps them: InitializeFlatSB marks a window,
// whose scroll bars stay USER32's standard ones (version 6 draws no flat scroll bars), and the
// FlatSB_* functions are USER32's scroll bar functions. The properties FlatSB_SetScrollProp sets
// (WSB_PROP_*: sizes, styles, the hot-tracking flag) are kept for FlatSB_GetScrollProp, defaulting
// to the system's metrics, and change nothing drawn; both answer FALSE for a window
// InitializeFlatSB did not mark. UninitializeFlatSB: S_FALSE for such a window.
#include <map>
#include <mutex>

#include "shims/comctl32/comctl32.h"
#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"

namespace polyrun::shims::comctl32 {

namespace flat_scroll_bars {
namespace {

struct FlatScrollBars : DllStateBase {
  std::mutex m;
  std::map<uint64_t, std::map<uint32_t, int32_t>> windows;  // window → the properties set
};
FlatScrollBars& flat(WindowsProcess& p) { return dll_state<FlatScrollBars>(p); }

uint64_t user32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("user32.dll", name, args);
}
uint64_t sx(int32_t v) { return static_cast<uint64_t>(static_cast<int64_t>(v)); }

BOOL InitializeFlatSB(WindowsProcess& p, Ptr hwnd) {
  std::lock_guard<std::mutex> g(flat(p).m);
  flat(p).windows[hwnd.addr];
  return TRUE;
}
HRESULT UninitializeFlatSB(WindowsProcess& p, Ptr hwnd) {
  std::lock_guard<std::mutex> g(flat(p).m);
  return flat(p).windows.erase(hwnd.addr) ? S_OK : S_FALSE;
}

// WSB_PROP_*: CYVSCROLL 0x1, CXHSCROLL 0x2, CYHSCROLL 0x4, CXVSCROLL 0x8, CXHTHUMB 0x10,
// CYVTHUMB 0x20, VBKGCOLOR 0x40, HBKGCOLOR 0x80, VSTYLE 0x100, HSTYLE 0x200, WINSTYLE 0x400,
// PALETTE 0x800, GUTTER 0x1000. Their values before they are set: the system's.
int32_t default_property(WindowsProcess& p, uint32_t index) {
  auto metric = [&](int32_t sm) { return static_cast<int32_t>(user32(p, "GetSystemMetrics", {sx(sm)})); };
  switch (index) {
    case 0x1: return metric(20);   // SM_CYVSCROLL
    case 0x2: return metric(21);   // SM_CXHSCROLL
    case 0x4: return metric(3);    // SM_CYHSCROLL
    case 0x8: return metric(2);    // SM_CXVSCROLL
    case 0x10: return metric(10);  // SM_CXHTHUMB
    case 0x20: return metric(9);   // SM_CYVTHUMB
    case 0x40: case 0x80: return static_cast<int32_t>(user32(p, "GetSysColor", {0}));  // COLOR_SCROLLBAR
    case 0x1000: return 2;  // the gutter
    default: return 0;  // FSB_REGULAR_MODE, no hot tracking, no palette
  }
}
BOOL FlatSB_GetScrollProp(WindowsProcess& p, Ptr hwnd, int32_t index, Ptr value) {
  int32_t v;
  {
    std::lock_guard<std::mutex> g(flat(p).m);
    auto w = flat(p).windows.find(hwnd.addr);
    if (w == flat(p).windows.end() || !value) return FALSE;
    auto it = w->second.find(static_cast<uint32_t>(index));
    if (it != w->second.end()) {
      put<int32_t>(value.addr, it->second);
      return TRUE;
    }
  }
  v = default_property(p, static_cast<uint32_t>(index));
  put<int32_t>(value.addr, v);
  return TRUE;
}
BOOL FlatSB_SetScrollProp(WindowsProcess& p, Ptr hwnd, uint32_t index, int32_t value, BOOL) {
  std::lock_guard<std::mutex> g(flat(p).m);
  auto w = flat(p).windows.find(hwnd.addr);
  if (w == flat(p).windows.end()) return FALSE;
  w->second[index] = value;
  return TRUE;
}

BOOL FlatSB_EnableScrollBar(WindowsProcess& p, Ptr hwnd, int32_t bar, uint32_t flags) {
  return static_cast<BOOL>(user32(p, "EnableScrollBar", {hwnd.addr, sx(bar), flags}));
}
BOOL FlatSB_ShowScrollBar(WindowsProcess& p, Ptr hwnd, int32_t bar, BOOL show) {
  return static_cast<BOOL>(user32(p, "ShowScrollBar", {hwnd.addr, sx(bar), sx(show)}));
}
BOOL FlatSB_GetScrollRange(WindowsProcess& p, Ptr hwnd, int32_t bar, Ptr min, Ptr max) {
  return static_cast<BOOL>(user32(p, "GetScrollRange", {hwnd.addr, sx(bar), min.addr, max.addr}));
}
BOOL FlatSB_GetScrollInfo(WindowsProcess& p, Ptr hwnd, int32_t bar, Ptr info) {
  return static_cast<BOOL>(user32(p, "GetScrollInfo", {hwnd.addr, sx(bar), info.addr}));
}
int32_t FlatSB_GetScrollPos(WindowsProcess& p, Ptr hwnd, int32_t bar) {
  return static_cast<int32_t>(user32(p, "GetScrollPos", {hwnd.addr, sx(bar)}));
}
int32_t FlatSB_SetScrollPos(WindowsProcess& p, Ptr hwnd, int32_t bar, int32_t pos, BOOL redraw) {
  return static_cast<int32_t>(user32(p, "SetScrollPos", {hwnd.addr, sx(bar), sx(pos), sx(redraw)}));
}
int32_t FlatSB_SetScrollInfo(WindowsProcess& p, Ptr hwnd, int32_t bar, Ptr info, BOOL redraw) {
  return static_cast<int32_t>(user32(p, "SetScrollInfo", {hwnd.addr, sx(bar), info.addr, sx(redraw)}));
}
int32_t FlatSB_SetScrollRange(WindowsProcess& p, Ptr hwnd, int32_t bar, int32_t min, int32_t max, BOOL redraw) {
  return static_cast<int32_t>(user32(p, "SetScrollRange", {hwnd.addr, sx(bar), sx(min), sx(max), sx(redraw)}));
}

}  // namespace
}  // namespace flat_scroll_bars

const std::vector<Export>& flat_scroll_bar_exports() {
  using namespace flat_scroll_bars;
  static const std::vector<Export> exports = {
      EXPORT("InitializeFlatSB", InitializeFlatSB),
      EXPORT("UninitializeFlatSB", UninitializeFlatSB),
      EXPORT("FlatSB_GetScrollProp", FlatSB_GetScrollProp),
      EXPORT("FlatSB_SetScrollProp", FlatSB_SetScrollProp),
      EXPORT("FlatSB_EnableScrollBar", FlatSB_EnableScrollBar),
      EXPORT("FlatSB_ShowScrollBar", FlatSB_ShowScrollBar),
      EXPORT("FlatSB_GetScrollRange", FlatSB_GetScrollRange),
      EXPORT("FlatSB_GetScrollInfo", FlatSB_GetScrollInfo),
      EXPORT("FlatSB_GetScrollPos", FlatSB_GetScrollPos),
      EXPORT("FlatSB_SetScrollPos", FlatSB_SetScrollPos),
      EXPORT("FlatSB_SetScrollInfo", FlatSB_SetScrollInfo),
      EXPORT("FlatSB_SetScrollRange", FlatSB_SetScrollRange),
  };
  return exports;
}

}  // namespace polyrun::shims::comctl32
