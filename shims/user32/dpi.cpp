// DPI: the screen is 96 DPI (wine 8.0's default, whose metrics user32/screen.cpp reports), for every
// window and thread. Awareness is kept as a program sets it, per process and per thread
// (SetProcessDpiAwarenessContext, SetThreadDpiAwarenessContext …); metrics and rectangles asked for
// at another DPI are scaled from 96.
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

constexpr uint32_t kDpi = 96;
// The awareness contexts' pseudo handles: -1 unaware, -2 system aware, -3 per monitor, -4 per
// monitor v2, -5 unaware with GDI scaling; their DPI_AWARENESS values 0, 1, 2, 2, 0.
int32_t awareness_of(int64_t context) {
  switch (context) {
    case -1: case -5: return 0;
    case -2: return 1;
    case -3: case -4: return 2;
    default: return -1;  // DPI_AWARENESS_INVALID
  }
}

struct DpiState {
  int64_t process = -1;  // unaware until the program says otherwise
  bool process_set = false;
};
DpiState& dpi_state() {
  static DpiState s;
  return s;
}

int64_t context_arg(WindowsProcess& p, Ptr c) { return signed_handle(p, c.addr); }

uint32_t GetDpiForWindow(WindowsProcess& p, Ptr hwnd) { return window_or_fail(p, hwnd.addr) ? kDpi : 0; }
uint32_t GetDpiForSystem(WindowsProcess&) { return kDpi; }
uint32_t GetDpiFromDpiAwarenessContext(WindowsProcess&, Ptr) { return kDpi; }
BOOL SetProcessDPIAware(WindowsProcess&) {
  DpiState& s = dpi_state();
  if (!s.process_set) s.process = -2, s.process_set = true;
  return TRUE;
}
BOOL IsProcessDPIAware(WindowsProcess&) { return awareness_of(dpi_state().process) > 0; }
BOOL SetProcessDpiAwarenessContext(WindowsProcess& p, Ptr context) {
  const int64_t c = context_arg(p, context);
  if (awareness_of(c) < 0) return fail(p, ERROR_INVALID_PARAMETER);
  DpiState& s = dpi_state();
  if (s.process_set) return fail(p, ERROR_ACCESS_DENIED);  // (set once, as Windows allows)
  s.process = c;
  s.process_set = true;
  return TRUE;
}
Ptr GetThreadDpiAwarenessContext(WindowsProcess& p) {
  const int64_t c = own_queue(p).dpi_context ? own_queue(p).dpi_context : dpi_state().process;
  return static_cast<uint64_t>(c) & (p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
}
Ptr SetThreadDpiAwarenessContext(WindowsProcess& p, Ptr context) {
  const int64_t c = context_arg(p, context);
  if (awareness_of(c) < 0) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  const Ptr old = GetThreadDpiAwarenessContext(p);
  own_queue(p).dpi_context = c;
  return old;
}
Ptr GetWindowDpiAwarenessContext(WindowsProcess& p, Ptr hwnd) {
  if (!window_or_fail(p, hwnd.addr)) return Ptr(0);
  return GetThreadDpiAwarenessContext(p);
}
int32_t GetAwarenessFromDpiAwarenessContext(WindowsProcess& p, Ptr context) { return awareness_of(context_arg(p, context)); }
BOOL AreDpiAwarenessContextsEqual(WindowsProcess& p, Ptr a, Ptr b) {
  const int64_t x = context_arg(p, a), y = context_arg(p, b);
  return awareness_of(x) >= 0 && awareness_of(x) == awareness_of(y) && (x == -4) == (y == -4) && (x == -5) == (y == -5);
}
BOOL IsValidDpiAwarenessContext(WindowsProcess& p, Ptr context) { return awareness_of(context_arg(p, context)) >= 0; }
BOOL EnableNonClientDpiScaling(WindowsProcess& p, Ptr hwnd) { return window_or_fail(p, hwnd.addr) ? TRUE : FALSE; }

// Metrics at another DPI: the sizes scaled from 96 (counts and flags are what they are).
int32_t GetSystemMetricsForDpi(WindowsProcess& p, int32_t index, uint32_t dpi) {
  static const int32_t sizes[] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 28, 29, 30, 31, 32, 33, 34, 35,
                                  45, 46, 49, 50, 51, 52, 53, 54, 55, 71, 72, 83, 84, 92};
  const int32_t v = system_metric(p, index);
  for (int32_t s : sizes)
    if (s == index) return static_cast<int32_t>((static_cast<int64_t>(v) * dpi + kDpi / 2) / kDpi);
  return v;
}
BOOL AdjustWindowRectExForDpi(WindowsProcess& p, Ptr rect, uint32_t style, int32_t menu, uint32_t ex_style, uint32_t dpi) {
  if (!rect) return fail(p, ERROR_INVALID_PARAMETER);
  const Rect r = get<Rect>(rect.addr);
  const Rect w = window_rect_for_client(p, Rect{}, style, ex_style, menu != 0);
  auto scale = [&](int32_t v) { return static_cast<int32_t>((static_cast<int64_t>(v) * dpi + (v < 0 ? -1 : 1) * int64_t{kDpi / 2}) / kDpi); };
  put<Rect>(rect.addr, Rect{r.left + scale(w.left), r.top + scale(w.top), r.right + scale(w.right), r.bottom + scale(w.bottom)});
  return TRUE;
}
// Logical and physical points are the same at 96 DPI.
BOOL LogicalToPhysicalPoint(WindowsProcess& p, Ptr hwnd, Ptr) { return window_or_fail(p, hwnd.addr) ? TRUE : FALSE; }
BOOL PhysicalToLogicalPoint(WindowsProcess& p, Ptr hwnd, Ptr) { return window_or_fail(p, hwnd.addr) ? TRUE : FALSE; }

}  // namespace

const std::vector<Export>& dpi_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetDpiForWindow", GetDpiForWindow),
      EXPORT("GetDpiForSystem", GetDpiForSystem),
      EXPORT("GetDpiFromDpiAwarenessContext", GetDpiFromDpiAwarenessContext),
      EXPORT("SetProcessDPIAware", SetProcessDPIAware),
      EXPORT("IsProcessDPIAware", IsProcessDPIAware),
      EXPORT("SetProcessDpiAwarenessContext", SetProcessDpiAwarenessContext),
      EXPORT("GetThreadDpiAwarenessContext", GetThreadDpiAwarenessContext),
      EXPORT("SetThreadDpiAwarenessContext", SetThreadDpiAwarenessContext),
      EXPORT("GetWindowDpiAwarenessContext", GetWindowDpiAwarenessContext),
      EXPORT("GetAwarenessFromDpiAwarenessContext", GetAwarenessFromDpiAwarenessContext),
      EXPORT("AreDpiAwarenessContextsEqual", AreDpiAwarenessContextsEqual),
      EXPORT("IsValidDpiAwarenessContext", IsValidDpiAwarenessContext),
      EXPORT("EnableNonClientDpiScaling", EnableNonClientDpiScaling),
      EXPORT("GetSystemMetricsForDpi", GetSystemMetricsForDpi),
      EXPORT("AdjustWindowRectExForDpi", AdjustWindowRectExForDpi),
      EXPORT("LogicalToPhysicalPoint", LogicalToPhysicalPoint),
      EXPORT("PhysicalToLogicalPoint", PhysicalToLogicalPoint),
  };
  return e;
}

}  // namespace polyrun::shims::user32
