// What SHLWAPI's URL files share (shlwapi/url_forms.cpp, shlwapi/url_canonical.cpp): the
// URL_SCHEME numbers, a URL's scheme, UrlEscape's escaping, and a result handed to the caller's
// buffer of a given size.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/shlwapi/string_util.h"

namespace polyrun::shims::shlwapi_url {

// URL_SCHEME values (shlwapi.h).
constexpr int kSchemeInvalid = -1, kSchemeUnknown = 0, kSchemeFtp = 1, kSchemeHttp = 2, kSchemeGopher = 3, kSchemeMailto = 4,
              kSchemeNews = 5, kSchemeNntp = 6, kSchemeTelnet = 7, kSchemeFile = 9, kSchemeMk = 10, kSchemeHttps = 11,
              kSchemeSnews = 13, kSchemeRes = 18;

// UrlEscape's and UrlCanonicalize's flags (URL_*).
constexpr uint32_t kEscapeSpacesOnly = 0x04000000, kEscapeSegmentOnly = 0x00002000, kDontEscapeExtraInfo = 0x02000000,
                   kEscapePercent = 0x00001000, kEscapeAsUtf8 = 0x00040000, kEscapeUnsafe = 0x20000000,
                   kUnescape = 0x10000000, kDontSimplify = 0x08000000, kFileUsePathUrl = 0x00010000,
                   kWininetCompatibility = 0x80000000, kPluggableProtocol = 0x40000000;

inline char16_t lower(char16_t c) { return c >= u'A' && c <= u'Z' ? static_cast<char16_t>(c + 32) : c; }
inline bool alnum(char16_t c) { return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }
inline bool same_nocase(std::u16string_view a, std::u16string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

struct Scheme {
  size_t length = 0;  // of the scheme's name (0: none)
  int number = kSchemeInvalid;
};
// The scheme before the first ":" (letters, digits, "+", "-", "."; two characters at least).
Scheme scheme_of(const std::u16string& url);
// The scheme names URL_SCHEME numbers, lower case, in its order (1 … 18).
const std::vector<std::u16string>& scheme_names();

// UrlEscape's work on a whole URL (`flags`: URL_ESCAPE_*, URL_DONT_ESCAPE_EXTRA_INFO).
std::u16string escape_url(const std::u16string& url, uint32_t flags);
// UrlUnescape's with no flags (shlwapi.cpp): every "%XX" as the character XX.
std::u16string unescape_url(const std::u16string& url);

template <typename C>
std::u16string text(Ptr s) { return shlwapi_text::wide(s.as<const C>()); }

// A result of `n` characters into the caller's buffer of *size: S_OK and *size = n, or E_POINTER
// and *size = n + 1 when it does not fit.
template <typename C>
HRESULT give(const std::u16string& r, Ptr out, Ptr size) {
  const std::basic_string<C> t = shlwapi_text::narrow_or_wide<C>(r);
  const uint32_t room = get<uint32_t>(size.addr);
  if (t.size() >= room) {
    put<uint32_t>(size.addr, static_cast<uint32_t>(t.size() + 1));
    return E_POINTER;
  }
  std::memcpy(out.as<C>(), t.c_str(), (t.size() + 1) * sizeof(C));
  put<uint32_t>(size.addr, static_cast<uint32_t>(t.size()));
  return S_OK;
}

// UrlCanonicalize, UrlCombine, UrlFixupW, UrlHash, HashData, UrlIsNoHistory (url_canonical.cpp).
const std::vector<Export>& canonical_exports();

}  // namespace polyrun::shims::shlwapi_url
