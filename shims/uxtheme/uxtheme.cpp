// UXTHEME.dll, the visual styles' API, as Windows answers it with no visual style in use (the
// classic look, which USER32's and COMCTL32's controls draw): IsThemeActive and IsAppThemed are
// FALSE; OpenThemeData (and its Ex and ForDpi forms) gives no theme, E_PROP_ID_UNSUPPORTED as the
// last error, so programs draw with USER32 and GDI32 as they do under the classic theme; the
// functions of a theme handle answer E_HANDLE; the system metrics asked with no theme are USER32's
// (GetThemeSysColor, GetThemeSysColorBrush, GetThemeSysFont, GetThemeSysSize, GetThemeSysBool);
// the application's theme properties, a window's sub-application and class list (SetWindowTheme,
// which sends the window WM_THEMECHANGED), dialog texture flags and DrawThemeParentBackground
// work as they do with a theme. Buffered painting: buffered_paint.cpp.
#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/core/text.h"
#include "shims/uxtheme/exports.h"

namespace polyrun::shims {

namespace {

constexpr HRESULT E_PROP_ID_UNSUPPORTED = static_cast<HRESULT>(0x80070490);  // HRESULT_FROM_WIN32(ERROR_NOT_FOUND)
constexpr HRESULT STG_E_INVALIDPARAMETER = static_cast<HRESULT>(0x80030057);
constexpr uint32_t kWmThemeChanged = 0x031a, kWmEraseBkgnd = 0x0014, kWmPrintClient = 0x0318, kPrfClient = 4;
constexpr uint32_t kErrorInvalidWindowHandle = 1400, kErrorFileNotFound = 2;

struct UxthemeState : DllStateBase {
  std::mutex m;
  uint32_t app_properties = 3;  // STAP_ALLOW_NONCLIENT | STAP_ALLOW_CONTROLS
  struct WindowTheme {
    std::u16string sub_app, sub_ids;
    bool has_app = false, has_ids = false;
    uint32_t dialog_texture = 0;
  };
  std::map<uint64_t, WindowTheme> windows;
};
UxthemeState& state(WindowsProcess& p) { return dll_state<UxthemeState>(p); }

uint64_t user32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("user32.dll", name, args);
}
uint64_t gdi32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("gdi32.dll", name, args);
}
bool is_window(WindowsProcess& p, uint64_t hwnd) { return hwnd && user32(p, "IsWindow", {hwnd}) != 0; }

// ---- the theme's state ----

BOOL IsThemeActive(WindowsProcess& p) {
  p.set_last_error(0);
  return FALSE;
}
BOOL IsAppThemed(WindowsProcess& p) { return IsThemeActive(p); }
// Desktop composition goes with visual styles: off.
BOOL IsCompositionActive(WindowsProcess&) { return FALSE; }
// EnableTheming(enable): turning themes off where none is on changes nothing.
HRESULT EnableTheming(WindowsProcess&, BOOL) { return S_OK; }

uint32_t GetThemeAppProperties(WindowsProcess& p) {
  std::lock_guard<std::mutex> g(state(p).m);
  return state(p).app_properties;
}
void SetThemeAppProperties(WindowsProcess& p, uint32_t flags) {
  std::lock_guard<std::mutex> g(state(p).m);
  state(p).app_properties = flags;
}

// GetCurrentThemeName(file, n, color, n, size, n): there is no current theme.
HRESULT GetCurrentThemeName(WindowsProcess&, Ptr, int32_t, Ptr, int32_t, Ptr, int32_t) { return E_PROP_ID_UNSUPPORTED; }
// GetThemeDocumentationProperty(theme file, property, buffer, n): no theme file is installed.
HRESULT GetThemeDocumentationProperty(WindowsProcess&, WStr, WStr, Ptr, int32_t) { return hresult_from_win32(kErrorFileNotFound); }

// ---- opening themes ----

Ptr open_theme(WindowsProcess& p, Ptr classes) {
  p.set_last_error(classes ? static_cast<uint32_t>(E_PROP_ID_UNSUPPORTED) : static_cast<uint32_t>(E_POINTER));
  return Ptr(0);
}
Ptr OpenThemeData(WindowsProcess& p, Ptr, Ptr classes) { return open_theme(p, classes); }
Ptr OpenThemeDataEx(WindowsProcess& p, Ptr, Ptr classes, uint32_t) { return open_theme(p, classes); }
Ptr OpenThemeDataForDpi(WindowsProcess& p, Ptr, Ptr classes, uint32_t) { return open_theme(p, classes); }
HRESULT CloseThemeData(WindowsProcess&, Ptr) { return E_HANDLE; }

// GetWindowTheme(hwnd): the theme last opened for the window: none.
Ptr GetWindowTheme(WindowsProcess& p, Ptr hwnd) {
  if (!hwnd) p.set_last_error(static_cast<uint32_t>(E_HANDLE));
  return Ptr(0);
}

// SetWindowTheme(hwnd, sub_app, sub_ids): the names OpenThemeData would use for the window (a
// null one removed), kept as long as the window lives; the window gets WM_THEMECHANGED.
HRESULT SetWindowTheme(WindowsProcess& p, Ptr hwnd, Ptr sub_app, Ptr sub_ids) {
  if (!hwnd) return E_HANDLE;
  if (!is_window(p, hwnd.addr)) return hresult_from_win32(kErrorInvalidWindowHandle);
  {
    std::lock_guard<std::mutex> g(state(p).m);
    UxthemeState::WindowTheme& w = state(p).windows[hwnd.addr];
    w.has_app = sub_app.addr != 0;
    w.sub_app = sub_app ? std::u16string(sub_app.as<const char16_t>()) : std::u16string();
    w.has_ids = sub_ids.addr != 0;
    w.sub_ids = sub_ids ? std::u16string(sub_ids.as<const char16_t>()) : std::u16string();
  }
  user32(p, "SendMessageW", {hwnd.addr, kWmThemeChanged, 0, 0});
  return S_OK;
}

// SetWindowThemeAttribute(hwnd, WTA_NONCLIENT, WTA_OPTIONS*, size): the non-client area's
// options (no caption, icon or system menu drawn by the theme) have nothing to change without one.
HRESULT SetWindowThemeAttribute(WindowsProcess& p, Ptr hwnd, int32_t type, Ptr attributes, uint32_t size) {
  if (!is_window(p, hwnd.addr)) return hresult_from_win32(kErrorInvalidWindowHandle);
  if (type != 1 || !attributes || size != 8) return E_INVALIDARG;
  return S_OK;
}

// ---- dialogs ----

// EnableThemeDialogTexture(hwnd, flags): ETDT_DISABLE (1) replaces what was set; ETDT_ENABLE (2),
// ETDT_USETABTEXTURE (4) and ETDT_USEAEROWIZARDTABTEXTURE (8) add to it.
HRESULT EnableThemeDialogTexture(WindowsProcess& p, Ptr hwnd, uint32_t flags) {
  flags &= 0xf;
  if (!flags) return S_OK;
  if (!is_window(p, hwnd.addr)) return hresult_from_win32(kErrorInvalidWindowHandle);
  std::lock_guard<std::mutex> g(state(p).m);
  uint32_t& t = state(p).windows[hwnd.addr].dialog_texture;
  t = (flags & 1) ? 1 : (flags | (t & ~1u));
  return S_OK;
}
BOOL IsThemeDialogTextureEnabled(WindowsProcess& p, Ptr hwnd) {
  std::lock_guard<std::mutex> g(state(p).m);
  auto it = state(p).windows.find(hwnd.addr);
  const uint32_t t = it == state(p).windows.end() ? 0 : it->second.dialog_texture;
  return t && !(t & 1) ? TRUE : FALSE;
}

// DrawThemeParentBackground(hwnd, hdc, rect): the parent paints its background where the window
// is (WM_ERASEBKGND, then WM_PRINTCLIENT), the DC's origin moved to the parent's client
// coordinates and, for a rectangle, clipped to it; the DC is left as it was.
HRESULT DrawThemeParentBackground(WindowsProcess& p, Ptr hwnd, Ptr hdc, Ptr rect) {
  uint64_t parent = user32(p, "GetParent", {hwnd.addr});
  if (!parent) parent = hwnd.addr;
  const uint64_t r = p.heap.alloc(16 + 8, true);  // RECT, then the old origin (POINT)
  uint64_t clip = 0;
  int32_t had_clip = -1;
  if (rect) {
    std::memcpy(reinterpret_cast<void*>(r), rect.as<void>(), 16);
    user32(p, "MapWindowPoints", {hwnd.addr, parent, r, 2});
    clip = gdi32(p, "CreateRectRgn", {0, 0, 1, 1});
    had_clip = static_cast<int32_t>(gdi32(p, "GetClipRgn", {hdc.addr, clip}));
    if (had_clip != -1) {
      const int32_t* rc = rect.as<const int32_t>();
      gdi32(p, "IntersectClipRect", {hdc.addr, static_cast<uint64_t>(static_cast<int64_t>(rc[0])), static_cast<uint64_t>(static_cast<int64_t>(rc[1])),
                                     static_cast<uint64_t>(static_cast<int64_t>(rc[2])), static_cast<uint64_t>(static_cast<int64_t>(rc[3]))});
    }
  } else {
    user32(p, "GetClientRect", {hwnd.addr, r});
    user32(p, "MapWindowPoints", {hwnd.addr, parent, r, 2});
  }
  const int32_t left = get<int32_t>(r), top = get<int32_t>(r + 4);
  gdi32(p, "OffsetViewportOrgEx", {hdc.addr, static_cast<uint64_t>(static_cast<int64_t>(-left)), static_cast<uint64_t>(static_cast<int64_t>(-top)), r + 16});
  user32(p, "SendMessageW", {parent, kWmEraseBkgnd, hdc.addr, 0});
  user32(p, "SendMessageW", {parent, kWmPrintClient, hdc.addr, kPrfClient});
  gdi32(p, "SetViewportOrgEx", {hdc.addr, static_cast<uint64_t>(static_cast<int64_t>(get<int32_t>(r + 16))),
                                static_cast<uint64_t>(static_cast<int64_t>(get<int32_t>(r + 20))), 0});
  if (rect) {
    if (had_clip == 0) gdi32(p, "SelectClipRgn", {hdc.addr, 0});
    else if (had_clip == 1) gdi32(p, "SelectClipRgn", {hdc.addr, clip});
    gdi32(p, "DeleteObject", {clip});
  }
  p.heap.free(r);
  return S_OK;
}

// ---- the system's metrics, asked of a theme ----

constexpr int32_t TMT_FLATMENUS = 1001, TMT_CAPTIONFONT = 801, TMT_SMALLCAPTIONFONT = 802, TMT_MENUFONT = 803,
                  TMT_STATUSFONT = 804, TMT_MSGBOXFONT = 805, TMT_ICONTITLEFONT = 806;

BOOL GetThemeSysBool(WindowsProcess& p, Ptr, int32_t id) {
  p.set_last_error(0);
  if (id == TMT_FLATMENUS) {
    const uint64_t b = p.heap.alloc(4, true);
    const bool ok = user32(p, "SystemParametersInfoW", {0x1022 /* SPI_GETFLATMENU */, 0, b, 0}) != 0;
    const BOOL v = ok ? get<int32_t>(b) : FALSE;
    p.heap.free(b);
    return v;
  }
  p.set_last_error(static_cast<uint32_t>(STG_E_INVALIDPARAMETER));
  return FALSE;
}
uint32_t GetThemeSysColor(WindowsProcess& p, Ptr, int32_t id) {
  p.set_last_error(0);
  return static_cast<uint32_t>(user32(p, "GetSysColor", {static_cast<uint64_t>(static_cast<int64_t>(id))}));
}
// GetThemeSysColorBrush: a new solid brush of the colour (the caller deletes it).
Ptr GetThemeSysColorBrush(WindowsProcess& p, Ptr theme, int32_t id) {
  return Ptr(gdi32(p, "CreateSolidBrush", {GetThemeSysColor(p, theme, id)}));
}
// GetThemeSysFont(theme, id, LOGFONTW*): SystemParametersInfo's fonts.
HRESULT GetThemeSysFont(WindowsProcess& p, Ptr, int32_t id, Ptr font) {
  constexpr uint64_t kLogFont = 92;
  if (id == TMT_ICONTITLEFONT) {
    if (!user32(p, "SystemParametersInfoW", {0x1f /* SPI_GETICONTITLELOGFONT */, kLogFont, font.addr, 0}))
      return hresult_from_win32(p.last_error());
    return S_OK;
  }
  // NONCLIENTMETRICSW: cbSize and five ints, then lfCaptionFont, two ints, lfSmCaptionFont, two
  // ints, lfMenuFont, lfStatusFont, lfMessageFont (and iPaddedBorderWidth).
  constexpr uint64_t kSize = 504, kCaption = 24, kSmall = kCaption + kLogFont + 8, kMenu = kSmall + kLogFont + 8,
                     kStatus = kMenu + kLogFont, kMessage = kStatus + kLogFont;
  uint64_t at = 0;
  switch (id) {
    case TMT_CAPTIONFONT: at = kCaption; break;
    case TMT_SMALLCAPTIONFONT: at = kSmall; break;
    case TMT_MENUFONT: at = kMenu; break;
    case TMT_STATUSFONT: at = kStatus; break;
    case TMT_MSGBOXFONT: at = kMessage; break;
    default: return STG_E_INVALIDPARAMETER;
  }
  const uint64_t m = p.heap.alloc(kSize, true);
  put<uint32_t>(m, kSize);
  HRESULT hr = S_OK;
  if (!user32(p, "SystemParametersInfoW", {0x29 /* SPI_GETNONCLIENTMETRICS */, kSize, m, 0}))
    hr = hresult_from_win32(p.last_error());
  else
    std::memcpy(font.as<void>(), reinterpret_cast<const void*>(m + at), kLogFont);
  p.heap.free(m);
  return hr;
}
int32_t GetThemeSysSize(WindowsProcess& p, Ptr, int32_t id) {
  return static_cast<int32_t>(user32(p, "GetSystemMetrics", {static_cast<uint64_t>(static_cast<int64_t>(id))}));
}
HRESULT GetThemeSysInt(WindowsProcess&, Ptr, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemeSysString(WindowsProcess&, Ptr, int32_t, Ptr, int32_t) { return E_HANDLE; }

// ---- a theme's parts: no theme handle is valid ----

HRESULT DrawThemeBackground(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr, Ptr) { return E_HANDLE; }
HRESULT DrawThemeBackgroundEx(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr, Ptr) { return E_HANDLE; }
HRESULT DrawThemeEdge(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr, uint32_t, uint32_t, Ptr) { return E_HANDLE; }
HRESULT DrawThemeIcon(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr, Ptr, int32_t) { return E_HANDLE; }
HRESULT DrawThemeText(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr, int32_t, uint32_t, uint32_t, Ptr) { return E_HANDLE; }
HRESULT DrawThemeTextEx(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr, int32_t, uint32_t, Ptr, Ptr) { return E_HANDLE; }
HRESULT GetThemeBackgroundContentRect(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr, Ptr) { return E_HANDLE; }
HRESULT GetThemeBackgroundExtent(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr, Ptr) { return E_HANDLE; }
HRESULT GetThemeBackgroundRegion(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr, Ptr) { return E_HANDLE; }
HRESULT GetThemeBool(WindowsProcess&, Ptr, int32_t, int32_t, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemeColor(WindowsProcess&, Ptr, int32_t, int32_t, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemeEnumValue(WindowsProcess&, Ptr, int32_t, int32_t, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemeFilename(WindowsProcess&, Ptr, int32_t, int32_t, int32_t, Ptr, int32_t) { return E_HANDLE; }
HRESULT GetThemeFont(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemeInt(WindowsProcess&, Ptr, int32_t, int32_t, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemeIntList(WindowsProcess&, Ptr, int32_t, int32_t, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemeMargins(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, int32_t, Ptr, Ptr) { return E_HANDLE; }
HRESULT GetThemeMetric(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemePartSize(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemePosition(WindowsProcess&, Ptr, int32_t, int32_t, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemePropertyOrigin(WindowsProcess&, Ptr, int32_t, int32_t, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemeRect(WindowsProcess&, Ptr, int32_t, int32_t, int32_t, Ptr) { return E_HANDLE; }
HRESULT GetThemeString(WindowsProcess&, Ptr, int32_t, int32_t, int32_t, Ptr, int32_t) { return E_HANDLE; }
HRESULT GetThemeTextExtent(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr, int32_t, uint32_t, Ptr, Ptr) { return E_HANDLE; }
HRESULT GetThemeTextMetrics(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, Ptr) { return E_HANDLE; }
// GetThemeTransitionDuration(theme, part, from, to, property, *duration): the arguments are
// checked before the theme.
HRESULT GetThemeTransitionDuration(WindowsProcess&, Ptr, int32_t, int32_t from, int32_t to, int32_t, Ptr duration) {
  if (!duration || from < 1 || to < 1) return E_INVALIDARG;
  return E_HANDLE;
}
// HitTestThemeBackground(theme, hdc, part, state, options, rect, region, POINT, *code): the POINT
// is passed by value (one register on x64, two stack words on i386).
HRESULT HitTestThemeBackground(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, uint32_t, Ptr, Ptr, uint64_t, Ptr) { return E_HANDLE; }
BOOL IsThemeBackgroundPartiallyTransparent(WindowsProcess&, Ptr, int32_t, int32_t) { return FALSE; }
BOOL IsThemePartDefined(WindowsProcess& p, Ptr, int32_t, int32_t) {
  p.set_last_error(static_cast<uint32_t>(E_HANDLE));
  return FALSE;
}

}  // namespace

const Dll kUxtheme = [] {
  Dll d{"uxtheme.dll",
        false,
        {
            EXPORT("IsThemeActive", IsThemeActive),
            EXPORT("IsAppThemed", IsAppThemed),
            EXPORT("IsCompositionActive", IsCompositionActive),
            EXPORT("EnableTheming", EnableTheming),
            EXPORT("GetThemeAppProperties", GetThemeAppProperties),
            EXPORT("SetThemeAppProperties", SetThemeAppProperties),
            EXPORT("GetCurrentThemeName", GetCurrentThemeName),
            EXPORT("GetThemeDocumentationProperty", GetThemeDocumentationProperty),
            EXPORT("OpenThemeData", OpenThemeData),
            EXPORT("OpenThemeDataEx", OpenThemeDataEx),
            EXPORT("OpenThemeDataForDpi", OpenThemeDataForDpi),
            EXPORT("CloseThemeData", CloseThemeData),
            EXPORT("GetWindowTheme", GetWindowTheme),
            EXPORT("SetWindowTheme", SetWindowTheme),
            EXPORT("SetWindowThemeAttribute", SetWindowThemeAttribute),
            EXPORT("EnableThemeDialogTexture", EnableThemeDialogTexture),
            EXPORT("IsThemeDialogTextureEnabled", IsThemeDialogTextureEnabled),
            EXPORT("DrawThemeParentBackground", DrawThemeParentBackground),
            EXPORT("GetThemeSysBool", GetThemeSysBool),
            EXPORT("GetThemeSysColor", GetThemeSysColor),
            EXPORT("GetThemeSysColorBrush", GetThemeSysColorBrush),
            EXPORT("GetThemeSysFont", GetThemeSysFont),
            EXPORT("GetThemeSysSize", GetThemeSysSize),
            EXPORT("GetThemeSysInt", GetThemeSysInt),
            EXPORT("GetThemeSysString", GetThemeSysString),
            EXPORT("DrawThemeBackground", DrawThemeBackground),
            EXPORT("DrawThemeBackgroundEx", DrawThemeBackgroundEx),
            EXPORT("DrawThemeEdge", DrawThemeEdge),
            EXPORT("DrawThemeIcon", DrawThemeIcon),
            EXPORT("DrawThemeText", DrawThemeText),
            EXPORT("DrawThemeTextEx", DrawThemeTextEx),
            EXPORT("GetThemeBackgroundContentRect", GetThemeBackgroundContentRect),
            EXPORT("GetThemeBackgroundExtent", GetThemeBackgroundExtent),
            EXPORT("GetThemeBackgroundRegion", GetThemeBackgroundRegion),
            EXPORT("GetThemeBool", GetThemeBool),
            EXPORT("GetThemeColor", GetThemeColor),
            EXPORT("GetThemeEnumValue", GetThemeEnumValue),
            EXPORT("GetThemeFilename", GetThemeFilename),
            EXPORT("GetThemeFont", GetThemeFont),
            EXPORT("GetThemeInt", GetThemeInt),
            EXPORT("GetThemeIntList", GetThemeIntList),
            EXPORT("GetThemeMargins", GetThemeMargins),
            EXPORT("GetThemeMetric", GetThemeMetric),
            EXPORT("GetThemePartSize", GetThemePartSize),
            EXPORT("GetThemePosition", GetThemePosition),
            EXPORT("GetThemePropertyOrigin", GetThemePropertyOrigin),
            EXPORT("GetThemeRect", GetThemeRect),
            EXPORT("GetThemeString", GetThemeString),
            EXPORT("GetThemeTextExtent", GetThemeTextExtent),
            EXPORT("GetThemeTextMetrics", GetThemeTextMetrics),
            EXPORT("GetThemeTransitionDuration", GetThemeTransitionDuration),
            EXPORT("HitTestThemeBackground", HitTestThemeBackground),
            EXPORT("IsThemeBackgroundPartiallyTransparent", IsThemeBackgroundPartiallyTransparent),
            EXPORT("IsThemePartDefined", IsThemePartDefined),
        }};
  for (const Export& e : uxtheme_buffered_paint_exports()) d.exports.push_back(e);
  return d;
}();

}  // namespace polyrun::shims
