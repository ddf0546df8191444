// SHLWAPI's facts about itself and the system, and its colour arithmetic: DllGetVersion
// (SHLWAPI 6.0.2800, DLLVERSIONINFO or DLLVERSIONINFO2), GetAcceptLanguages (the HTTP
// Accept-Language list: Internet Explorer's "AcceptLanguage" value in HKEY_CURRENT_USER, else the
// user's locale, en-US), WhichPlatform (PLATFORM_INTEGRATED: the shell is integrated with the
// browser on every Windows since 98), SHIsLowMemoryMachine and IsInternetESCEnabled (FALSE: no
// low-memory machine, no Internet Explorer Enhanced Security Configuration, which is a Windows
// Server feature), _SHGetInstanceExplorer (E_FAIL: no Explorer process holds a reference here, as
// in a program that Explorer did not start); and ColorRGBToHLS, ColorHLSToRGB (hue, luminance and
// saturation from 0 to 240, as Windows' colour dialog has them) and ColorAdjustLuma.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/shlwapi/registry_calls.h"
#include "shims/shlwapi/system_calls.h"

namespace polyrun::shims::shlwapi_system {

namespace {

using shlwapi_calls::GuestBlock;
using shlwapi_calls::GuestText;

// ---- versions and facts ----

// DllGetVersion(info): DLLVERSIONINFO (cbSize 20: major, minor, build, platform) or
// DLLVERSIONINFO2 (32: then dwFlags and ullVersion 6.0.2800.1612); E_INVALIDARG for another size.
HRESULT DllGetVersion(WindowsProcess&, Ptr info) {
  if (!info) return E_INVALIDARG;
  const uint32_t size = get<uint32_t>(info.addr);
  if (size != 20 && size != 32) return E_INVALIDARG;
  if (size == 32) {
    put<uint32_t>(info.addr + 20, 0);
    put<uint64_t>(info.addr + 24, (6ull << 48) | (0ull << 32) | (2800ull << 16) | 1612ull);
  }
  put<uint32_t>(info.addr + 4, 6);
  put<uint32_t>(info.addr + 8, 0);
  put<uint32_t>(info.addr + 12, 2800);
  put<uint32_t>(info.addr + 16, 1);  // DLLVER_PLATFORM_WINDOWS: one SHLWAPI for every Windows
  return S_OK;
}

constexpr HRESULT kNotSufficientBuffer = static_cast<HRESULT>(0x8007007a);  // E_NOT_SUFFICIENT_BUFFER

std::u16string accept_languages(WindowsProcess& p) {
  GuestText key(p, u"Software\\Microsoft\\Internet Explorer\\International"), name(p, u"AcceptLanguage");
  GuestBlock data(p, 512 * 2 + 2), size(p, 4);
  put<uint32_t>(size.addr(), 512 * 2);
  const uint32_t e = shlwapi_registry::reg<char16_t>(
      p, "RegGetValue",
      {shlwapi_registry::predefined_key(p, shlwapi_registry::kHkeyCurrentUser), key.addr(), name.addr(), 0x2 /* RRF_RT_REG_SZ */, 0,
       data.addr(), size.addr()});
  if (!e && *data.as<const char16_t>()) return data.as<const char16_t>();
  return u"en-US";
}
// GetAcceptLanguages(buffer, size): the list and its length in *size (without the NUL); when it
// does not fit, what fits, *size 0 and E_NOT_SUFFICIENT_BUFFER.
HRESULT GetAcceptLanguagesW(WindowsProcess& p, Ptr buf, Ptr size) {
  if (!buf || !size || !get<uint32_t>(size.addr)) return E_FAIL;
  const std::u16string s = accept_languages(p);
  const uint32_t room = get<uint32_t>(size.addr);
  std::memcpy(buf.as<char16_t>(), s.c_str(), std::min<size_t>(room, s.size() + 1) * 2);
  if (room > s.size()) {
    put<uint32_t>(size.addr, static_cast<uint32_t>(s.size()));
    return S_OK;
  }
  put<uint32_t>(size.addr, 0);
  return kNotSufficientBuffer;
}
HRESULT GetAcceptLanguagesA(WindowsProcess& p, Ptr buf, Ptr size) {
  if (!buf || !size || !get<uint32_t>(size.addr)) return E_FAIL;
  const std::string s = utf16_to_utf8(accept_languages(p));
  const uint32_t room = get<uint32_t>(size.addr);
  if (room > s.size()) {
    std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
    put<uint32_t>(size.addr, static_cast<uint32_t>(s.size()));
    return S_OK;
  }
  std::memcpy(buf.as<char>(), s.data(), room);
  put<uint32_t>(size.addr, 0);
  return kNotSufficientBuffer;
}

uint32_t WhichPlatform(WindowsProcess&) { return 2; }  // PLATFORM_INTEGRATED
BOOL SHIsLowMemoryMachine(WindowsProcess&, uint32_t) { return FALSE; }
BOOL IsInternetESCEnabled(WindowsProcess&) { return FALSE; }
HRESULT SHGetInstanceExplorer(WindowsProcess& p, Ptr out) {
  if (out) p.put_ptr(out.addr, 0);
  return E_FAIL;
}

// ---- colours ----

constexpr int kHlsMax = 240, kRgbMax = 255;

void ColorRGBToHLS(WindowsProcess&, uint32_t rgb, Ptr hue, Ptr luminance, Ptr saturation) {
  const int r = rgb & 0xff, g = (rgb >> 8) & 0xff, b = (rgb >> 16) & 0xff;
  const int hi = std::max({r, g, b}), lo = std::min({r, g, b});
  const int l = ((hi + lo) * kHlsMax + kRgbMax) / (2 * kRgbMax);
  int h = kHlsMax * 2 / 3, s = 0;  // grey: no saturation, and Windows' hue for it
  if (hi != lo) {
    const int delta = hi - lo;
    s = l <= kHlsMax / 2 ? ((hi + lo) / 2 + delta * kHlsMax) / (hi + lo)
                         : ((2 * kRgbMax - hi - lo) / 2 + delta * kHlsMax) / (2 * kRgbMax - hi - lo);
    const int rn = (delta / 2 + (hi - r) * (kHlsMax / 6)) / delta;
    const int gn = (delta / 2 + (hi - g) * (kHlsMax / 6)) / delta;
    const int bn = (delta / 2 + (hi - b) * (kHlsMax / 6)) / delta;
    h = r == hi ? bn - gn : g == hi ? kHlsMax / 3 + rn - bn : 2 * kHlsMax / 3 + gn - rn;
    if (h < 0) h += kHlsMax;
    else if (h > kHlsMax) h -= kHlsMax;
  }
  if (hue) put<uint16_t>(hue.addr, static_cast<uint16_t>(h));
  if (luminance) put<uint16_t>(luminance.addr, static_cast<uint16_t>(l));
  if (saturation) put<uint16_t>(saturation.addr, static_cast<uint16_t>(s));
}

// One RGB component (0 … 240) for a hue, between the two levels of the luminance and saturation.
int component(int h, int low, int high) {
  h = h > kHlsMax ? h - kHlsMax : h < 0 ? h + kHlsMax : h;
  if (h > 160) return low;
  if (h > 120) h = 160 - h;
  else if (h > 40) return high;
  return (h * (high - low) + 20) / 40 + low;
}
uint32_t hls_to_rgb(int h, int l, int s) {
  if (!s) {
    const uint32_t grey = static_cast<uint32_t>(l * kRgbMax / kHlsMax);
    return grey | grey << 8 | grey << 16;
  }
  const int high = l > kHlsMax / 2 ? s + l - (s * l + kHlsMax / 2) / kHlsMax : ((s + kHlsMax) * l + kHlsMax / 2) / kHlsMax;
  const int low = l * 2 - high;
  auto scaled = [&](int hue) { return static_cast<uint32_t>((component(hue, low, high) * kRgbMax + kHlsMax / 2) / kHlsMax) & 0xff; };
  return scaled(h + 80) | scaled(h) << 8 | scaled(h - 80) << 16;
}
uint32_t ColorHLSToRGB(WindowsProcess&, uint16_t hue, uint16_t luminance, uint16_t saturation) {
  return hls_to_rgb(hue, luminance, saturation);
}

// ColorAdjustLuma(rgb, n, scale): the luminance moved by n tenths of a percent of its range
// (scale TRUE), or set to n of them (scale FALSE), kept within the range; hue and saturation kept.
uint32_t ColorAdjustLuma(WindowsProcess& p, uint32_t rgb, int32_t n, BOOL scale) {
  if (scale && n == 0) return rgb;
  GuestBlock hls(p, 6);
  ColorRGBToHLS(p, rgb, Ptr(hls.addr()), Ptr(hls.addr() + 2), Ptr(hls.addr() + 4));
  const int h = get<uint16_t>(hls.addr()), l = get<uint16_t>(hls.addr() + 2), s = get<uint16_t>(hls.addr() + 4);
  int luminance = (scale ? l : 0) + n * kHlsMax / 1000;
  luminance = std::clamp(luminance, 0, kHlsMax);
  return hls_to_rgb(h, luminance, s);
}

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {
      EXPORT("DllGetVersion", DllGetVersion),
      EXPORT("GetAcceptLanguagesA", GetAcceptLanguagesA),
      EXPORT("GetAcceptLanguagesW", GetAcceptLanguagesW),
      EXPORT("WhichPlatform", WhichPlatform),
      EXPORT("SHIsLowMemoryMachine", SHIsLowMemoryMachine),
      EXPORT("IsInternetESCEnabled", IsInternetESCEnabled),
      EXPORT("_SHGetInstanceExplorer", SHGetInstanceExplorer),
      EXPORT("ColorRGBToHLS", ColorRGBToHLS),
      EXPORT("ColorHLSToRGB", ColorHLSToRGB),
      EXPORT("ColorAdjustLuma", ColorAdjustLuma),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_system
