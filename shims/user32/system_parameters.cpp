// SystemParametersInfo: the desktop's settings as wine 8.0 reports them at 96 DPI (the reference the
// window samples compare with): the work area (the whole screen), non-client metrics and their
// fonts, keyboard and mouse settings, visual effects. A setting a program changes is kept for the
// process (SPI_SET…, its value read back by the matching SPI_GET…). An action USER32 does not know
// fails with ERROR_INVALID_PARAMETER and is logged once.
#include <cstring>
#include <map>
#include <mutex>
#include <set>

#include "common/log.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  SPI_GETBEEP = 0x01, SPI_GETMOUSE = 0x03, SPI_GETBORDER = 0x05, SPI_GETKEYBOARDSPEED = 0x0a,
  SPI_ICONHORIZONTALSPACING = 0x0d, SPI_GETSCREENSAVETIMEOUT = 0x0e, SPI_GETSCREENSAVEACTIVE = 0x10,
  SPI_GETKEYBOARDDELAY = 0x16, SPI_ICONVERTICALSPACING = 0x18, SPI_GETICONTITLEWRAP = 0x19,
  SPI_GETMENUDROPALIGNMENT = 0x1b, SPI_GETICONTITLELOGFONT = 0x1f, SPI_GETFASTTASKSWITCH = 0x23,
  SPI_GETDRAGFULLWINDOWS = 0x26, SPI_GETNONCLIENTMETRICS = 0x29, SPI_GETMINIMIZEDMETRICS = 0x2b,
  SPI_GETICONMETRICS = 0x2d, SPI_GETWORKAREA = 0x30, SPI_GETFILTERKEYS = 0x32, SPI_GETTOGGLEKEYS = 0x34,
  SPI_GETMOUSEKEYS = 0x36, SPI_GETSHOWSOUNDS = 0x38, SPI_GETSTICKYKEYS = 0x3a, SPI_GETACCESSTIMEOUT = 0x3c,
  SPI_GETHIGHCONTRAST = 0x42, SPI_GETKEYBOARDPREF = 0x44, SPI_GETSCREENREADER = 0x46, SPI_GETANIMATION = 0x48,
  SPI_GETFONTSMOOTHING = 0x4a, SPI_GETLOWPOWERACTIVE = 0x53, SPI_GETPOWEROFFACTIVE = 0x54,
  SPI_GETDEFAULTINPUTLANG = 0x59, SPI_GETSNAPTODEFBUTTON = 0x5f, SPI_GETMOUSEHOVERWIDTH = 0x62,
  SPI_GETMOUSEHOVERHEIGHT = 0x64, SPI_GETMOUSEHOVERTIME = 0x66, SPI_GETWHEELSCROLLLINES = 0x68,
  SPI_GETMENUSHOWDELAY = 0x6a, SPI_GETWHEELSCROLLCHARS = 0x6c, SPI_GETSHOWIMEUI = 0x6e, SPI_GETMOUSESPEED = 0x70,
  SPI_GETSCREENSAVERRUNNING = 0x72, SPI_GETDESKWALLPAPER = 0x73, SPI_GETAUDIODESCRIPTION = 0x74,
  SPI_GETACTIVEWINDOWTRACKING = 0x1000, SPI_GETMENUANIMATION = 0x1002, SPI_GETCOMBOBOXANIMATION = 0x1004,
  SPI_GETLISTBOXSMOOTHSCROLLING = 0x1006, SPI_GETGRADIENTCAPTIONS = 0x1008, SPI_GETKEYBOARDCUES = 0x100a,
  SPI_GETACTIVEWNDTRKZORDER = 0x100c, SPI_GETHOTTRACKING = 0x100e, SPI_GETMENUFADE = 0x1012,
  SPI_GETSELECTIONFADE = 0x1014, SPI_GETTOOLTIPANIMATION = 0x1016, SPI_GETTOOLTIPFADE = 0x1018,
  SPI_GETCURSORSHADOW = 0x101a, SPI_GETMOUSESONAR = 0x101c, SPI_GETMOUSECLICKLOCK = 0x101e,
  SPI_GETMOUSEVANISH = 0x1020, SPI_GETFLATMENU = 0x1022, SPI_GETDROPSHADOW = 0x1024,
  SPI_GETBLOCKSENDINPUTRESETS = 0x1026, SPI_GETUIEFFECTS = 0x103e, SPI_GETDISABLEOVERLAPPEDCONTENT = 0x1040,
  SPI_GETCLIENTAREAANIMATION = 0x1042, SPI_GETCLEARTYPE = 0x1048, SPI_GETSPEECHRECOGNITION = 0x104a,
  SPI_GETFOREGROUNDLOCKTIMEOUT = 0x2000, SPI_GETACTIVEWNDTRKTIMEOUT = 0x2002, SPI_GETFOREGROUNDFLASHCOUNT = 0x2004,
  SPI_GETCARETWIDTH = 0x2006, SPI_GETMOUSECLICKLOCKTIME = 0x2008, SPI_GETFONTSMOOTHINGTYPE = 0x200a,
  SPI_GETFONTSMOOTHINGCONTRAST = 0x200c, SPI_GETFOCUSBORDERWIDTH = 0x200e, SPI_GETFOCUSBORDERHEIGHT = 0x2010,
  SPI_GETFONTSMOOTHINGORIENTATION = 0x2012, SPI_GETMESSAGEDURATION = 0x2016,
};

// The values of the settings that are one number (or BOOL), read through pvParam as a UINT/BOOL.
const std::map<uint32_t, uint32_t>& number_defaults() {
  static const std::map<uint32_t, uint32_t> v = {
      {SPI_GETBEEP, 1}, {SPI_GETBORDER, 1}, {SPI_GETKEYBOARDSPEED, 31}, {SPI_GETSCREENSAVETIMEOUT, 0},
      {SPI_GETSCREENSAVEACTIVE, 0}, {SPI_GETKEYBOARDDELAY, 1}, {SPI_GETICONTITLEWRAP, 1}, {SPI_GETMENUDROPALIGNMENT, 0},
      {SPI_GETFASTTASKSWITCH, 1}, {SPI_GETDRAGFULLWINDOWS, 0}, {SPI_GETSHOWSOUNDS, 0}, {SPI_GETKEYBOARDPREF, 0},
      {SPI_GETSCREENREADER, 0}, {SPI_GETFONTSMOOTHING, 1}, {SPI_GETLOWPOWERACTIVE, 0}, {SPI_GETPOWEROFFACTIVE, 0},
      {SPI_GETSNAPTODEFBUTTON, 0}, {SPI_GETMOUSEHOVERWIDTH, 4}, {SPI_GETMOUSEHOVERHEIGHT, 4},
      {SPI_GETMOUSEHOVERTIME, 400}, {SPI_GETWHEELSCROLLLINES, 3}, {SPI_GETMENUSHOWDELAY, 400},
      {SPI_GETWHEELSCROLLCHARS, 3}, {SPI_GETSHOWIMEUI, 1}, {SPI_GETMOUSESPEED, 10}, {SPI_GETSCREENSAVERRUNNING, 0},
      {SPI_GETACTIVEWINDOWTRACKING, 0}, {SPI_GETMENUANIMATION, 1}, {SPI_GETCOMBOBOXANIMATION, 1},
      {SPI_GETLISTBOXSMOOTHSCROLLING, 1}, {SPI_GETGRADIENTCAPTIONS, 1}, {SPI_GETKEYBOARDCUES, 0},
      {SPI_GETACTIVEWNDTRKZORDER, 0}, {SPI_GETHOTTRACKING, 1}, {SPI_GETMENUFADE, 0}, {SPI_GETSELECTIONFADE, 0},
      {SPI_GETTOOLTIPANIMATION, 1}, {SPI_GETTOOLTIPFADE, 1}, {SPI_GETCURSORSHADOW, 1}, {SPI_GETMOUSESONAR, 0},
      {SPI_GETMOUSECLICKLOCK, 0}, {SPI_GETMOUSEVANISH, 0}, {SPI_GETFLATMENU, 0}, {SPI_GETDROPSHADOW, 0},
      {SPI_GETBLOCKSENDINPUTRESETS, 0}, {SPI_GETUIEFFECTS, 1}, {SPI_GETDISABLEOVERLAPPEDCONTENT, 0},
      {SPI_GETCLIENTAREAANIMATION, 1}, {SPI_GETCLEARTYPE, 0}, {SPI_GETSPEECHRECOGNITION, 0},
      {SPI_GETFOREGROUNDLOCKTIMEOUT, 0}, {SPI_GETACTIVEWNDTRKTIMEOUT, 0}, {SPI_GETFOREGROUNDFLASHCOUNT, 3},
      {SPI_GETCARETWIDTH, 1}, {SPI_GETMOUSECLICKLOCKTIME, 1200}, {SPI_GETFONTSMOOTHINGTYPE, 1},
      {SPI_GETFONTSMOOTHINGCONTRAST, 1400}, {SPI_GETFOCUSBORDERWIDTH, 1}, {SPI_GETFOCUSBORDERHEIGHT, 1},
      {SPI_GETFONTSMOOTHINGORIENTATION, 1}, {SPI_GETMESSAGEDURATION, 5}, {SPI_GETAUDIODESCRIPTION, 0},
  };
  return v;
}

struct Settings {
  std::map<uint32_t, uint32_t> numbers = number_defaults();
  std::u16string wallpaper;
};
Settings& settings() {
  static Settings s;
  return s;
}

// A LOGFONT of the call's kind: height, width, escapement, orientation, weight, the eight byte
// fields, the face name (LOGFONTW 92 bytes, LOGFONTA 60).
void put_logfont(WindowsProcess& p, uint64_t at, int32_t height, int32_t weight, const char16_t* face, bool unicode) {
  std::memset(guest_pointer(at), 0, unicode ? 92 : 60);
  put<int32_t>(at, height);
  put<int32_t>(at + 16, weight);
  put<uint8_t>(at + 23, 1);  // lfCharSet: DEFAULT_CHARSET
  copy_text_out(p, face, Ptr(at + 28), 32, unicode);
}

// NONCLIENTMETRICS: cbSize, the border, scroll bar, caption sizes, the caption font, the small
// caption's sizes and font, the menu's, the status and message fonts, and (from Vista's size on)
// iPaddedBorderWidth.
BOOL non_client_metrics(WindowsProcess& p, uint32_t size_arg, Ptr out, bool unicode) {
  const uint32_t lf = unicode ? 92 : 60;
  const uint32_t full = 4 + 20 + lf + 8 + lf + 8 + 3 * lf + 4;
  const uint32_t size = get<uint32_t>(out.addr);
  if ((size != full && size != full - 4) || (size_arg && size_arg != size)) return fail(p, ERROR_INVALID_PARAMETER);
  uint64_t at = out.addr + 4;
  for (int32_t v : {1, 17, 17, 18, 18}) put<int32_t>(at, v), at += 4;
  put_logfont(p, at, -11, 700, u"Tahoma", unicode), at += lf;
  put<int32_t>(at, 15), put<int32_t>(at + 4, 15), at += 8;
  put_logfont(p, at, -11, 700, u"Tahoma", unicode), at += lf;
  put<int32_t>(at, 18), put<int32_t>(at + 4, 18), at += 8;
  put_logfont(p, at, -11, 400, u"Tahoma", unicode), at += lf;  // menu
  put_logfont(p, at, -11, 400, u"Tahoma", unicode), at += lf;  // status
  put_logfont(p, at, -11, 400, u"MS Shell Dlg", unicode), at += lf;  // message
  if (size == full) put<int32_t>(at, 0);
  return TRUE;
}

BOOL system_parameters(WindowsProcess& p, uint32_t action, uint32_t ui, Ptr pv, uint32_t win_ini, bool unicode) {
  (void)win_ini;
  Settings& s = settings();
  const WindowManager& wm = window_manager(p);
  // A SET action is its GET action + 1 for most; the number settings' SET takes uiParam.
  if (auto it = s.numbers.find(action); it != s.numbers.end()) {
    if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
    put<uint32_t>(pv.addr, it->second);
    return TRUE;
  }
  if (auto it = s.numbers.find(action - 1); it != s.numbers.end()) {
    // SPI_SET… of a number (its SPI_GET… + 1): the value in uiParam, or in pvParam itself for the
    // actions from 0x1000 on and SPI_SETMOUSESPEED.
    it->second = action >= 0x1000 || action == SPI_GETMOUSESPEED + 1 ? static_cast<uint32_t>(pv.addr) : ui;
    return TRUE;
  }
  switch (action) {
    case SPI_GETWORKAREA:
      if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
      put<Rect>(pv.addr, wm.screen);
      return TRUE;
    case SPI_GETNONCLIENTMETRICS:
      if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
      return non_client_metrics(p, ui, pv, unicode);
    case SPI_GETICONTITLELOGFONT:
      if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
      put_logfont(p, pv.addr, -11, 400, u"Tahoma", unicode);
      return TRUE;
    case SPI_GETMOUSE:  // thresholds and acceleration
      if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
      put<int32_t>(pv.addr, 6), put<int32_t>(pv.addr + 4, 10), put<int32_t>(pv.addr + 8, 1);
      return TRUE;
    case SPI_ICONHORIZONTALSPACING:
    case SPI_ICONVERTICALSPACING:
      if (pv) put<int32_t>(pv.addr, 75);
      return TRUE;
    case SPI_GETDEFAULTINPUTLANG:
      if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
      p.put_ptr(pv.addr, 0x04090409);  // US English
      return TRUE;
    case SPI_GETDESKWALLPAPER: {
      if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
      copy_text_out(p, s.wallpaper, pv, static_cast<int32_t>(ui ? ui : 260), unicode);
      return TRUE;
    }
    case SPI_GETHIGHCONTRAST: {
      // HIGHCONTRAST: cbSize, dwFlags (HCF_AVAILABLE), lpszDefaultScheme.
      if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
      put<uint32_t>(pv.addr + 4, 0x2);
      p.put_ptr(pv.addr + p.isa->ptr, 0);
      return TRUE;
    }
    case SPI_GETFILTERKEYS:
    case SPI_GETTOGGLEKEYS:
    case SPI_GETMOUSEKEYS:
    case SPI_GETSTICKYKEYS:
    case SPI_GETACCESSTIMEOUT: {
      // Accessibility structures: cbSize, then flags and values, all off.
      if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
      const uint32_t size = get<uint32_t>(pv.addr);
      if (size < 8) return fail(p, ERROR_INVALID_PARAMETER);
      std::memset(guest_pointer(pv.addr + 4), 0, size - 4);
      return TRUE;
    }
    case SPI_GETMINIMIZEDMETRICS: {
      // MINIMIZEDMETRICS: cbSize, iWidth, iHorzGap, iVertGap, iArrange.
      if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
      put<int32_t>(pv.addr + 4, 154), put<int32_t>(pv.addr + 8, 0), put<int32_t>(pv.addr + 12, 0), put<int32_t>(pv.addr + 16, 8);
      return TRUE;
    }
    case SPI_GETICONMETRICS: {
      // ICONMETRICS: cbSize, iHorzSpacing, iVertSpacing, iTitleWrap, lfFont.
      if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
      put<int32_t>(pv.addr + 4, 75), put<int32_t>(pv.addr + 8, 75), put<int32_t>(pv.addr + 12, 1);
      put_logfont(p, pv.addr + 16, -11, 400, u"Tahoma", unicode);
      return TRUE;
    }
    case SPI_GETANIMATION:
      // ANIMATIONINFO: cbSize, iMinAnimate.
      if (!pv) return fail(p, ERROR_INVALID_PARAMETER);
      put<int32_t>(pv.addr + 4, 0);
      return TRUE;
    default:
      break;
  }
  if (action == 0x14) {  // SPI_SETDESKWALLPAPER
    s.wallpaper = pv ? string_or_atom(p, pv.addr, unicode) : std::u16string();
    return TRUE;
  }
  static GuestCallMutex m;
  static std::set<uint32_t> said;
  {
    std::lock_guard<GuestCallMutex> g(m);
    if (said.insert(action).second) log().info("SystemParametersInfo: action 0x{:x} is not one polyrun knows", action);
  }
  return fail(p, ERROR_INVALID_PARAMETER);
}

BOOL SystemParametersInfoA(WindowsProcess& p, uint32_t action, uint32_t ui, Ptr pv, uint32_t ini) {
  return system_parameters(p, action, ui, pv, ini, false);
}
BOOL SystemParametersInfoW(WindowsProcess& p, uint32_t action, uint32_t ui, Ptr pv, uint32_t ini) {
  return system_parameters(p, action, ui, pv, ini, true);
}
BOOL SystemParametersInfoForDpi(WindowsProcess& p, uint32_t action, uint32_t ui, Ptr pv, uint32_t ini, uint32_t) {
  return system_parameters(p, action, ui, pv, ini, true);
}

}  // namespace

const std::vector<Export>& system_parameter_exports() {
  static const std::vector<Export> e = {
      EXPORT("SystemParametersInfoA", SystemParametersInfoA),
      EXPORT("SystemParametersInfoW", SystemParametersInfoW),
      EXPORT("SystemParametersInfoForDpi", SystemParametersInfoForDpi),
  };
  return e;
}

}  // namespace polyrun::shims::user32
