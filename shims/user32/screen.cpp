// The screen USER32 reports: GetSystemMetrics and the frame sizes windows are made with
// (AdjustWindowRect(Ex), DefWindowProc's WM_NCCALCSIZE). The metrics that do not depend on the
// screen's size are those wine 8.0 reports at 96 DPI (the reference the window tests compare
// with); the screen is the display back end's (1024 x 768 without one).
#include <algorithm>

#include "common/log.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : int32_t {
  SM_CXSCREEN = 0, SM_CYSCREEN = 1, SM_CXVSCROLL = 2, SM_CYHSCROLL = 3, SM_CYCAPTION = 4, SM_CXBORDER = 5,
  SM_CYBORDER = 6, SM_CXDLGFRAME = 7, SM_CYDLGFRAME = 8, SM_CYVTHUMB = 9, SM_CXHTHUMB = 10, SM_CXICON = 11,
  SM_CYICON = 12, SM_CXCURSOR = 13, SM_CYCURSOR = 14, SM_CYMENU = 15, SM_CXFULLSCREEN = 16,
  SM_CYFULLSCREEN = 17, SM_CYKANJIWINDOW = 18, SM_MOUSEPRESENT = 19, SM_CYVSCROLL = 20, SM_CXHSCROLL = 21,
  SM_DEBUG = 22, SM_SWAPBUTTON = 23, SM_CXMIN = 28, SM_CYMIN = 29, SM_CXSIZE = 30, SM_CYSIZE = 31,
  SM_CXFRAME = 32, SM_CYFRAME = 33, SM_CXMINTRACK = 34, SM_CYMINTRACK = 35, SM_CXDOUBLECLK = 36,
  SM_CYDOUBLECLK = 37, SM_CXICONSPACING = 38, SM_CYICONSPACING = 39, SM_MENUDROPALIGNMENT = 40,
  SM_PENWINDOWS = 41, SM_DBCSENABLED = 42, SM_CMOUSEBUTTONS = 43, SM_SECURE = 44, SM_CXEDGE = 45,
  SM_CYEDGE = 46, SM_CXMINSPACING = 47, SM_CYMINSPACING = 48, SM_CXSMICON = 49, SM_CYSMICON = 50,
  SM_CYSMCAPTION = 51, SM_CXSMSIZE = 52, SM_CYSMSIZE = 53, SM_CXMENUSIZE = 54, SM_CYMENUSIZE = 55,
  SM_ARRANGE = 56, SM_CXMINIMIZED = 57, SM_CYMINIMIZED = 58, SM_CXMAXTRACK = 59, SM_CYMAXTRACK = 60,
  SM_CXMAXIMIZED = 61, SM_CYMAXIMIZED = 62, SM_NETWORK = 63, SM_CLEANBOOT = 67, SM_CXDRAG = 68,
  SM_CYDRAG = 69, SM_SHOWSOUNDS = 70, SM_CXMENUCHECK = 71, SM_CYMENUCHECK = 72, SM_SLOWMACHINE = 73,
  SM_MIDEASTENABLED = 74, SM_MOUSEWHEELPRESENT = 75, SM_XVIRTUALSCREEN = 76, SM_YVIRTUALSCREEN = 77,
  SM_CXVIRTUALSCREEN = 78, SM_CYVIRTUALSCREEN = 79, SM_CMONITORS = 80, SM_SAMEDISPLAYFORMAT = 81,
  SM_IMMENABLED = 82, SM_CXFOCUSBORDER = 83, SM_CYFOCUSBORDER = 84, SM_TABLETPC = 86, SM_MEDIACENTER = 87,
  SM_STARTER = 88, SM_SERVERR2 = 89, SM_MOUSEHORIZONTALWHEELPRESENT = 91, SM_CXPADDEDBORDER = 92,
  SM_REMOTESESSION = 0x1000, SM_SHUTTINGDOWN = 0x2000, SM_REMOTECONTROL = 0x2001,
};

int32_t GetSystemMetrics(WindowsProcess& p, int32_t index) { return system_metric(p, index); }

BOOL adjust(WindowsProcess& p, Ptr rect, uint32_t style, int32_t menu, uint32_t ex_style) {
  if (!rect) return fail(p, ERROR_INVALID_PARAMETER);
  Rect r = get<Rect>(rect.addr);
  const Rect w = window_rect_for_client(p, r, style, ex_style, menu != 0);
  put<Rect>(rect.addr, w);
  return TRUE;
}
BOOL AdjustWindowRect(WindowsProcess& p, Ptr rect, uint32_t style, int32_t menu) { return adjust(p, rect, style, menu, 0); }
BOOL AdjustWindowRectEx(WindowsProcess& p, Ptr rect, uint32_t style, int32_t menu, uint32_t ex_style) {
  return adjust(p, rect, style, menu, ex_style);
}

}  // namespace

int32_t system_metric(WindowsProcess& p, int32_t index) {
  const Rect& s = window_manager(p).screen;
  const int32_t w = s.width(), h = s.height();
  switch (index) {
    case SM_CXSCREEN: case SM_CXFULLSCREEN: case SM_CXVIRTUALSCREEN: return w;
    case SM_CYSCREEN: case SM_CYVIRTUALSCREEN: return h;
    case SM_CYFULLSCREEN: return h - system_metric(p, SM_CYCAPTION);
    case SM_CXVSCROLL: case SM_CYHSCROLL: case SM_CYVTHUMB: case SM_CXHTHUMB: case SM_CYVSCROLL: case SM_CXHSCROLL:
      return 17;
    case SM_CYCAPTION: case SM_CYMENU: return 19;
    case SM_CXBORDER: case SM_CYBORDER: return 1;
    case SM_CXDLGFRAME: case SM_CYDLGFRAME: return 3;
    case SM_CXICON: case SM_CYICON: case SM_CXCURSOR: case SM_CYCURSOR: return 32;
    case SM_MOUSEPRESENT: case SM_MOUSEWHEELPRESENT: case SM_CMONITORS: case SM_SAMEDISPLAYFORMAT:
    case SM_CXFOCUSBORDER: case SM_CYFOCUSBORDER: return 1;
    case SM_CXMIN: case SM_CXMINTRACK: return 116;
    case SM_CYMIN: case SM_CYMINTRACK: return 27;
    case SM_CXSIZE: case SM_CYSIZE: case SM_CXMENUSIZE: case SM_CYMENUSIZE: return 18;
    case SM_CXFRAME: case SM_CYFRAME: case SM_CXDOUBLECLK: case SM_CYDOUBLECLK: case SM_CXDRAG: case SM_CYDRAG:
      return 4;
    case SM_CXICONSPACING: case SM_CYICONSPACING: return 75;
    case SM_CMOUSEBUTTONS: return 3;
    case SM_CXEDGE: case SM_CYEDGE: return 2;
    case SM_CXMINSPACING: case SM_CXMINIMIZED: return 160;
    case SM_CYMINSPACING: case SM_CYMINIMIZED: return 24;
    case SM_CXSMICON: case SM_CYSMICON: return 16;
    case SM_CYSMCAPTION: case SM_CXSMSIZE: case SM_CYSMSIZE: return index == SM_CYSMCAPTION ? 16 : 15;
    case SM_ARRANGE: return 8;
    case SM_CXMAXTRACK: return w + 12;
    case SM_CYMAXTRACK: return h + 12;
    case SM_CXMAXIMIZED: return w + 8;
    case SM_CYMAXIMIZED: return h + 8;
    case SM_NETWORK: return 3;
    case SM_CXMENUCHECK: case SM_CYMENUCHECK: return 13;
    case SM_XVIRTUALSCREEN: case SM_YVIRTUALSCREEN: return 0;
    case SM_CLEANBOOT: case SM_REMOTESESSION: case SM_SHUTTINGDOWN: case SM_REMOTECONTROL: case SM_DEBUG:
    case SM_SWAPBUTTON: case SM_CYKANJIWINDOW: case SM_MENUDROPALIGNMENT: case SM_PENWINDOWS: case SM_DBCSENABLED:
    case SM_SECURE: case SM_SHOWSOUNDS: case SM_SLOWMACHINE: case SM_MIDEASTENABLED: case SM_TABLETPC:
    case SM_MEDIACENTER: case SM_STARTER: case SM_SERVERR2: case SM_CXPADDEDBORDER: case SM_IMMENABLED: return 0;
    case SM_MOUSEHORIZONTALWHEELPRESENT: return 0;
    default:
      log().debug("GetSystemMetrics({}): an index Windows does not know", index);
      return 0;
  }
}

Rect window_rect_for_client(WindowsProcess& p, const Rect& client, uint32_t style, uint32_t ex_style, bool menu) {
  Rect r = client;
  auto inflate = [&](int32_t dx, int32_t dy) {
    r.left -= dx;
    r.right += dx;
    r.top -= dy;
    r.bottom += dy;
  };
  // The frame: thick, dialog or thin border (a caption implies a border); the client edge.
  if ((style & WS_THICKFRAME) && !(style & WS_MINIMIZE))
    inflate(system_metric(p, SM_CXFRAME), system_metric(p, SM_CYFRAME));
  else if ((ex_style & WS_EX_DLGMODALFRAME) || (style & WS_DLGFRAME))
    inflate(system_metric(p, SM_CXDLGFRAME), system_metric(p, SM_CYDLGFRAME));
  else if (style & WS_BORDER)
    inflate(system_metric(p, SM_CXBORDER), system_metric(p, SM_CYBORDER));
  if ((style & WS_CAPTION) == WS_CAPTION)
    r.top -= (ex_style & WS_EX_TOOLWINDOW) ? system_metric(p, SM_CYSMCAPTION) : system_metric(p, SM_CYCAPTION);
  if (menu) r.top -= system_metric(p, SM_CYMENU);
  if (ex_style & WS_EX_CLIENTEDGE) inflate(system_metric(p, SM_CXEDGE), system_metric(p, SM_CYEDGE));
  if (ex_style & WS_EX_STATICEDGE) inflate(system_metric(p, SM_CXBORDER), system_metric(p, SM_CYBORDER));
  return r;
}

const std::vector<Export>& screen_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetSystemMetrics", GetSystemMetrics),
      EXPORT("AdjustWindowRect", AdjustWindowRect),
      EXPORT("AdjustWindowRectEx", AdjustWindowRectEx),
  };
  return e;
}

}  // namespace polyrun::shims::user32
