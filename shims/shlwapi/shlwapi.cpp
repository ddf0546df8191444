// SHLWAPI.dll: the path functions (shlwapi/path.cpp), the URL functions that take URLs apart and turn
// file: URLs into paths (ParseURL, UrlIs, PathIsURL, UrlUnescape, PathCreateFromUrl), and the file
// associations' query (AssocQueryString), which finds none: no program is registered for a file
// type here, which Windows answers with ERROR_NO_ASSOCIATION.
#include <cstring>
#include <string>
#include <vector>

#include "common/log.h"
#include "shims/shlwapi/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/core/text.h"
#include "shims/shlwapi/url_text.h"

namespace polyrun::shims {

namespace {

constexpr HRESULT kUrlInvalidSyntax = static_cast<HRESULT>(0x80041001);  // URL_E_INVALID_SYNTAX
constexpr HRESULT kNoAssociation = hresult_from_win32(1155);                // ERROR_NO_ASSOCIATION

// URL_SCHEME values for the schemes Windows knows by name; others are URL_SCHEME_UNKNOWN (0).
struct Scheme {
  const char16_t* name;
  int32_t number;
};
constexpr Scheme kSchemes[] = {
    {u"ftp", 1},      {u"http", 2},   {u"gopher", 3}, {u"mailto", 4},      {u"news", 5},      {u"nntp", 6},
    {u"telnet", 7},   {u"wais", 8},   {u"file", 9},   {u"mk", 10},         {u"https", 11},    {u"shell", 12},
    {u"snews", 13},   {u"local", 14}, {u"javascript", 15}, {u"vbscript", 16}, {u"about", 17}, {u"res", 18},
};
constexpr int32_t kSchemeUnknown = 0, kSchemeMailto = 4, kSchemeShell = 12, kSchemeJavascript = 15,
                  kSchemeVbscript = 16, kSchemeAbout = 17;

char16_t url_lower(char16_t c) { return c >= u'A' && c <= u'Z' ? static_cast<char16_t>(c + 32) : c; }
bool url_alnum(char16_t c) { return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }
bool url_starts_with(const std::u16string& s, std::u16string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (url_lower(s[i]) != url_lower(prefix[i])) return false;
  return true;
}

// A URL's scheme: letters, digits, "+", "-" and "." before the first ":", two characters at
// least (so "C:\x" has none).
struct Parsed {
  size_t scheme_length = 0;
  int32_t scheme = kSchemeUnknown;
};
bool scheme_of(const std::u16string& url, Parsed& out) {
  size_t i = 0;
  while (i < url.size() && (url_alnum(url[i]) || url[i] == u'-' || url[i] == u'+' || url[i] == u'.')) ++i;
  if (i >= url.size() || url[i] != u':' || i <= 1) return false;
  out.scheme_length = i;
  out.scheme = kSchemeUnknown;
  for (const Scheme& s : kSchemes)
    if (std::u16string_view(s.name).size() == i && url_starts_with(url, s.name)) out.scheme = s.number;
  return true;
}

std::u16string text_of(Ptr s, bool wide) { return wide ? std::u16string(s.as<const char16_t>()) : ansi_to_utf16(s.as<const char>()); }

// PARSEDURL: cbSize, pszProtocol, cchProtocol, pszSuffix, cchSuffix, nScheme (pointers at the
// width of the process's pointers).
template <typename C>
HRESULT ParseURL(WindowsProcess& p, Ptr url, Ptr result) {
  const unsigned ptr = p.isa->ptr;
  const uint32_t size = 4 + (ptr == 8 ? 4 : 0) + ptr + 4 + (ptr == 8 ? 4 : 0) + ptr + 4 + 4;
  if (get<uint32_t>(result.addr) != size) return E_INVALIDARG;
  const C* s = url.as<const C>();
  size_t i = 0;
  while (s[i] && s[i] < 0x80 && (url_alnum(static_cast<char16_t>(s[i])) || s[i] == '-' || s[i] == '+' || s[i] == '.')) ++i;
  const uint64_t protocol = ptr == 8 ? result.addr + 8 : result.addr + 4;
  if (s[i] != ':' || i <= 1) {
    p.put_ptr(protocol, 0);
    return kUrlInvalidSyntax;
  }
  size_t n = i + 1;
  while (s[n]) ++n;
  Parsed parsed;
  scheme_of(text_of(url, sizeof(C) == 2).substr(0, i + 1), parsed);
  p.put_ptr(protocol, url.addr);
  put<uint32_t>(protocol + ptr, static_cast<uint32_t>(i));
  const uint64_t suffix = protocol + ptr + (ptr == 8 ? 8 : 4);
  p.put_ptr(suffix, url.addr + (i + 1) * sizeof(C));
  put<uint32_t>(suffix + ptr, static_cast<uint32_t>(n - i - 1));
  put<int32_t>(suffix + ptr + 4, parsed.scheme);
  return S_OK;
}

bool has_scheme(const std::u16string& s) {
  Parsed parsed;
  return !s.empty() && scheme_of(s, parsed);
}
template <typename C>
BOOL PathIsURL(WindowsProcess&, Ptr path) {
  return path && has_scheme(text_of(path, sizeof(C) == 2)) ? TRUE : FALSE;
}

// UrlIs: URLIS_URL 0, _OPAQUE 1, _NOHISTORY 2, _FILEURL 3, _APPLIABLE 4, _DIRECTORY 5, _HASQUERY 6.
template <typename C>
BOOL UrlIs(WindowsProcess& p, Ptr url, int32_t what) {
  if (!url) return FALSE;
  const std::u16string s = text_of(url, sizeof(C) == 2);
  switch (what) {
    case 0:
      return has_scheme(s) ? TRUE : FALSE;
    case 1: {  // schemes whose rest is no hierarchical path
      Parsed parsed;
      if (!scheme_of(s, parsed)) return FALSE;
      const int32_t k = parsed.scheme;
      return k == kSchemeMailto || k == kSchemeShell || k == kSchemeJavascript || k == kSchemeVbscript || k == kSchemeAbout
                 ? TRUE
                 : FALSE;
    }
    case 3:
      return url_starts_with(s, u"file:") ? TRUE : FALSE;
    case 5:
      return !s.empty() && (s.back() == u'/' || s.back() == u'\\') ? TRUE : FALSE;
    case 6:
      return s.find(u'?') != std::u16string::npos ? TRUE : FALSE;
    default:
      // URLIS_NOHISTORY and URLIS_APPLIABLE ask about the browser's history and scheme guessing,
      // which have no counterpart here.
      static bool said = false;
      if (!said) log().warn("SHLWAPI UrlIs: query {} (history, scheme guessing) is answered FALSE", what);
      said = true;
      p.set_last_error(0);
      return FALSE;
  }
}

int hex_digit(char16_t c) {
  if (c >= u'0' && c <= u'9') return c - u'0';
  if (c >= u'a' && c <= u'f') return c - u'a' + 10;
  if (c >= u'A' && c <= u'F') return c - u'A' + 10;
  return -1;
}

// UrlUnescape's work: "%XX" becomes its character (as bytes for the ANSI form, as a UTF-16 unit
// for the wide one, or decoded from UTF-8 with URL_UNESCAPE_AS_UTF8); with
// URL_DONT_UNESCAPE_EXTRA_INFO, nothing from the first "#" or "?" on.
constexpr uint32_t kDontUnescapeExtraInfo = 0x02000000, kUnescapeInplace = 0x00100000, kUnescapeAsUtf8 = 0x00040000;
template <typename C>
std::basic_string<C> url_unescape(const C* s, uint32_t flags) {
  std::basic_string<C> out;
  bool stop = false;
  for (; *s; ++s) {
    if ((flags & kDontUnescapeExtraInfo) && (*s == '#' || *s == '?')) stop = true;
    if (!stop && *s == '%' && hex_digit(static_cast<char16_t>(s[1])) >= 0 && hex_digit(static_cast<char16_t>(s[2])) >= 0) {
      const int byte = hex_digit(static_cast<char16_t>(s[1])) * 16 + hex_digit(static_cast<char16_t>(s[2]));
      s += 2;
      if (sizeof(C) == 2 && (flags & kUnescapeAsUtf8) && byte >= 0x80) {
        std::string utf8(1, static_cast<char>(byte));
        const size_t need = (byte & 0xe0) == 0xc0 ? 2 : (byte & 0xf0) == 0xe0 ? 3 : (byte & 0xf8) == 0xf0 ? 4 : 0;
        while (utf8.size() < need && s[1] == '%' && hex_digit(static_cast<char16_t>(s[2])) >= 0 && hex_digit(static_cast<char16_t>(s[3])) >= 0) {
          const int next = hex_digit(static_cast<char16_t>(s[2])) * 16 + hex_digit(static_cast<char16_t>(s[3]));
          if ((next & 0xc0) != 0x80) break;
          utf8 += static_cast<char>(next);
          s += 3;
        }
        const std::u16string w = utf8.size() == need ? utf8_to_utf16(utf8) : std::u16string();
        if (w.empty()) out += static_cast<C>(0xfffd);
        else for (char16_t c : w) out += static_cast<C>(c);
      } else {
        out += static_cast<C>(byte);
      }
    } else {
      out += *s;
    }
  }
  return out;
}

template <typename C>
HRESULT UrlUnescape(WindowsProcess&, Ptr url, Ptr out, Ptr out_len, uint32_t flags) {
  if (!url) return E_INVALIDARG;
  const std::basic_string<C> r = url_unescape(url.as<const C>(), flags);
  if (flags & kUnescapeInplace) {
    std::memcpy(url.as<C>(), r.c_str(), (r.size() + 1) * sizeof(C));
    return S_OK;
  }
  if (!out || !out_len) return E_INVALIDARG;
  const uint32_t room = get<uint32_t>(out_len.addr);
  if (r.size() < room) {
    std::memcpy(out.as<C>(), r.c_str(), (r.size() + 1) * sizeof(C));
    put<uint32_t>(out_len.addr, static_cast<uint32_t>(r.size()));
    return S_OK;
  }
  put<uint32_t>(out_len.addr, static_cast<uint32_t>(r.size() + 1));
  return E_POINTER;
}

// "c:" or "c|" (an escaped drive) at the start.
bool escaped_drive(const std::u16string& s, size_t i) {
  return i + 1 < s.size() && ((s[i] >= u'a' && s[i] <= u'z') || (s[i] >= u'A' && s[i] <= u'Z')) &&
         (s[i + 1] == u':' || s[i + 1] == u'|');
}

// PathCreateFromUrl's work: a file: URL as a DOS or UNC path. How many slashes follow "file:"
// tells the form: none or one or three an (escaped) DOS path, two a host ("localhost" is this
// machine) or an unescaped DOS path, four an unescaped UNC path, more an escaped UNC path.
std::optional<std::u16string> path_from_url(const std::u16string& full) {
  if (!url_starts_with(full, u"file:")) return std::nullopt;
  const std::u16string url = full.substr(5);
  size_t src = 0, slashes = 0;
  while (src < url.size() && (url[src] == u'/' || url[src] == u'\\')) ++slashes, ++src;
  std::u16string path;
  bool unescape_it = true;
  switch (slashes) {
    case 0:
      break;
    case 1:
    case 3:
      if (!escaped_drive(url, src)) src -= 1;
      break;
    case 2:
      if (url.size() - src >= 10 && url_starts_with(url.substr(src), u"localhost") &&
          (url[src + 9] == u'/' || url[src + 9] == u'\\')) {
        src += 10;
      } else if (escaped_drive(url, src)) {
        unescape_it = false;
      } else {
        // "file://host/path": the host stays, as "\\host" once the slashes turn.
        size_t end = src;
        while (end < url.size() && url[end] != u'/' && url[end] != u'\\') ++end;
        path = url.substr(0, end);
        src = end;
        if (src < url.size() && escaped_drive(url, src + 1)) ++src;  // no "\" before a drive here
      }
      break;
    case 4:
      unescape_it = false;
      if (escaped_drive(url, src)) break;
      [[fallthrough]];
    default:
      src -= 2;
  }
  path += url.substr(src);
  for (auto& c : path)
    if (c == u'/') c = u'\\';
  if (escaped_drive(path, 0)) path[1] = u':';
  if (unescape_it) path = url_unescape(path.c_str(), 0);
  return path;
}

template <typename C>
HRESULT PathCreateFromUrl(WindowsProcess&, Ptr url, Ptr path, Ptr path_len, uint32_t) {
  if (!url || !path || !path_len || get<uint32_t>(path_len.addr) == 0) return E_INVALIDARG;
  std::optional<std::u16string> r = path_from_url(text_of(url, sizeof(C) == 2));
  if (!r) return E_INVALIDARG;
  const uint32_t room = get<uint32_t>(path_len.addr);
  if constexpr (sizeof(C) == 2) {
    if (room < r->size() + 1) {
      put<uint32_t>(path_len.addr, static_cast<uint32_t>(r->size() + 1));
      return E_POINTER;
    }
    std::memcpy(path.as<char16_t>(), r->c_str(), (r->size() + 1) * 2);
    put<uint32_t>(path_len.addr, static_cast<uint32_t>(r->size()));
  } else {
    const std::string a = utf16_to_ansi(*r);
    if (room <= a.size()) {
      put<uint32_t>(path_len.addr, static_cast<uint32_t>(a.size() + 1));
      return E_POINTER;
    }
    std::memcpy(path.as<char>(), a.c_str(), a.size() + 1);
    put<uint32_t>(path_len.addr, static_cast<uint32_t>(a.size()));
  }
  return S_OK;
}

// PathCreateFromUrlAlloc(url, out, reserved): PathCreateFromUrlW's path (of MAX_PATH characters at
// most) in a new LocalAlloc block.
HRESULT PathCreateFromUrlAlloc(WindowsProcess& p, Ptr url, Ptr out, uint32_t) {
  if (!url) return E_INVALIDARG;
  std::optional<std::u16string> r = path_from_url(text_of(url, true));
  if (!r) return E_INVALIDARG;
  if (r->size() + 1 > 260) return E_POINTER;
  const uint64_t block = p.heap.alloc((r->size() + 1) * 2);
  if (!block) return E_OUTOFMEMORY;
  std::memcpy(reinterpret_cast<void*>(block), r->c_str(), (r->size() + 1) * 2);
  p.put_ptr(out.addr, block);
  return S_OK;
}

// AssocQueryString(flags, what, association, extra, out, out_len): no file type or program has an
// association registered here.
HRESULT AssocQueryString(WindowsProcess&, uint32_t, uint32_t, Ptr association, Ptr, Ptr, Ptr out_len) {
  if (!association || !out_len) return E_INVALIDARG;
  return kNoAssociation;
}

// IsOS(feature): what the OS_ constants ask of a 64-bit Windows 10 Professional workstation, not
// a server or a domain member (Microsoft's IsOS page lists them); OS_WOW6432 for an i686
// program. OS_WINDOWS (0, also named OS_WIN32SORGREATER) asks for Windows 95, 98 or Me: FALSE.
// Unknown values are FALSE.
BOOL IsOS(WindowsProcess& p, uint32_t feature) {
  switch (feature) {
    case 0x01:  // OS_NT
    case 0x03:  // OS_NT4ORGREATER
    case 0x07:  // OS_WIN2000ORGREATER
    case 0x12:  // OS_XPORGREATER
    case 0x14:  // OS_PROFESSIONAL
    case 0x19:  // OS_PERSONALTERMINALSERVER
    case 0x1a:  // OS_FASTUSERSWITCHING
      return TRUE;
    case 0x1e:  // OS_WOW6432
      return p.isa->ptr == 4 ? TRUE : FALSE;
    default:
      return FALSE;
  }
}

}  // namespace

std::u16string shlwapi_url::unescape_url(const std::u16string& url) { return url_unescape(url.c_str(), 0); }

const std::vector<Export>& shlwapi_path_exports();    // shlwapi/path.cpp
const std::vector<Export>& shlwapi_stream_exports();  // shlwapi/streams.cpp
const std::vector<Export>& shlwapi_string_exports();  // shlwapi/strings.cpp
namespace shlwapi_search { const std::vector<Export>& exports(); }   // shlwapi/string_search.cpp
namespace shlwapi_buffers { const std::vector<Export>& exports(); }  // shlwapi/string_buffers.cpp
namespace shlwapi_path_patterns { const std::vector<Export>& exports(); }  // shlwapi/path_patterns.cpp
namespace shlwapi_path_lookup { const std::vector<Export>& exports(); }    // shlwapi/path_lookup.cpp
namespace shlwapi_registry {
const std::vector<Export>& value_exports();     // shlwapi/registry_values.cpp
const std::vector<Export>& user_key_exports();  // shlwapi/registry_user_keys.cpp
}  // namespace shlwapi_registry
namespace shlwapi_com { const std::vector<Export>& exports(); }     // shlwapi/com_helpers.cpp
namespace shlwapi_system { const std::vector<Export>& exports(); }  // shlwapi/system_info.cpp
namespace shlwapi_url { const std::vector<Export>& exports(); }     // shlwapi/url_forms.cpp
namespace shlwapi_shared { const std::vector<Export>& exports(); }  // shlwapi/shared_memory.cpp
namespace shlwapi_date_time { const std::vector<Export>& exports(); }  // shlwapi/date_time.cpp
namespace shlwapi_memory_stream { const std::vector<Export>& exports(); }  // shlwapi/memory_stream.cpp
namespace shlwapi_threads { const std::vector<Export>& exports(); }        // shlwapi/threads.cpp
namespace shlwapi_windows { const std::vector<Export>& exports(); }        // shlwapi/window_helpers.cpp

const Dll kShlwapi = [] {
  Dll d{"shlwapi.dll",
        false,
        {
            EXPORT("ParseURLA", ParseURL<char>),
            EXPORT("ParseURLW", ParseURL<char16_t>),
            EXPORT("PathIsURLA", PathIsURL<char>),
            EXPORT("PathIsURLW", PathIsURL<char16_t>),
            EXPORT("UrlIsA", UrlIs<char>),
            EXPORT("UrlIsW", UrlIs<char16_t>),
            EXPORT("UrlUnescapeA", UrlUnescape<char>),
            EXPORT("UrlUnescapeW", UrlUnescape<char16_t>),
            EXPORT("PathCreateFromUrlA", PathCreateFromUrl<char>),
            EXPORT("PathCreateFromUrlW", PathCreateFromUrl<char16_t>),
            EXPORT("PathCreateFromUrlAlloc", PathCreateFromUrlAlloc),
            EXPORT("AssocQueryStringA", AssocQueryString),
            EXPORT("AssocQueryStringW", AssocQueryString),
            EXPORT("IsOS", IsOS),
        },
        // The ordinals of SHLWAPI's named functions (programs import some of them by number).
        {{1, "ParseURLA"},          {2, "ParseURLW"},         {7, "SHAllocShared"},
         {8, "SHLockShared"},       {9, "SHUnlockShared"},    {10, "SHFreeShared"},
         {12, "SHCreateMemStream"},  {16, "SHCreateThread"},
         {14, "GetAcceptLanguagesA"},
         {15, "GetAcceptLanguagesW"}, {29, "IsCharSpaceW"},    {151, "StrCmpNCA"},
         {152, "StrCmpNCW"},        {153, "StrCmpNICA"},      {154, "StrCmpNICW"},
         {155, "StrCmpCA"},         {156, "StrCmpCW"},        {157, "StrCmpICA"},
         {158, "StrCmpICW"},        {169, "IUnknown_AtomicRelease"}, {172, "IUnknown_GetWindow"},
         {174, "IUnknown_SetSite"}, {176, "IUnknown_QueryService"}, {184, "IStream_Read"},
         {199, "IUnknown_Set"},     {203, "SHStripMneumonicA"}, {212, "IStream_Write"},
         {213, "IStream_Reset"},    {214, "IStream_Size"},    {215, "SHAnsiToUnicode"},
         {217, "SHUnicodeToAnsi"},  {219, "QISearch"},        {225, "SHStripMneumonicW"},
         {256, "IUnknown_GetSite"}, {276, "WhichPlatform"},   {280, "SHRegGetIntW"},
         {345, "SHAnsiToAnsi"},     {346, "SHUnicodeToUnicode"}, {353, "SHFormatDateTimeA"}, {354, "SHFormatDateTimeW"},
         {377, "MLLoadLibraryA"},   {378, "MLLoadLibraryW"},
         {418, "MLFreeLibrary"},    {437, "IsOS"},            {487, "SHLoadIndirectString"}}};
  for (const Export& e : shlwapi_path_exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_stream_exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_string_exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_search::exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_buffers::exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_path_patterns::exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_path_lookup::exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_registry::value_exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_registry::user_key_exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_com::exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_system::exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_url::exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_shared::exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_date_time::exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_memory_stream::exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_threads::exports()) d.exports.push_back(e);
  for (const Export& e : shlwapi_windows::exports()) d.exports.push_back(e);
  return d;
}();

}  // namespace polyrun::shims
