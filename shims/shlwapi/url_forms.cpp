// SHLWAPI's (and KernelBase's) URL functions after shlwapi.cpp's: escaping (UrlEscape: the
// characters a URL may not hold as "%XX", by the URL's scheme — a file: URL's "\" becomes "/" and
// its slashes after "file:" are made two or three, an http: URL's "\" becomes "/", nothing from the
// first "?" or "#" on is escaped unless asked — or only spaces, or a segment's "/", "?" and "#"
// too), a file: URL from a path (UrlCreateFromPath: a URL is left as it is, S_FALSE), the parts of
// a URL (UrlGetPart: scheme, host, user, password, port, query; UrlGetLocation: the "#" fragment,
// never a file: URL's), comparisons (UrlCompare, with or without a trailing "/"), and
// UrlIsOpaque (UrlIs's question), and UrlApplyScheme (a scheme for text without
// one: "file:" for a path, a prefix from the registry's URL\Prefixes for "www." and the like, or
// URL\DefaultPrefix's "http://"). The ANSI forms convert to UTF-16 and back (the ANSI code page).
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/kernel32/char_types.h"
#include "shims/shlwapi/registry_calls.h"
#include "shims/shlwapi/string_util.h"
#include "shims/shlwapi/system_calls.h"
#include "shims/shlwapi/url_text.h"

namespace polyrun::shims::shlwapi_url {

const std::vector<std::u16string>& scheme_names() {
  static const std::vector<std::u16string> names = {u"ftp",   u"http",  u"gopher", u"mailto",     u"news",     u"nntp",
                                                    u"telnet", u"wais", u"file",   u"mk",         u"https",    u"shell",
                                                    u"snews", u"local", u"javascript", u"vbscript", u"about", u"res"};
  return names;
}

Scheme scheme_of(const std::u16string& url) {
  size_t i = 0;
  while (i < url.size() && (alnum(url[i]) || url[i] == u'+' || url[i] == u'-' || url[i] == u'.')) ++i;
  if (i >= url.size() || url[i] != u':' || i < 2) return {};
  Scheme s{i, kSchemeUnknown};
  const std::u16string_view name(url.data(), i);
  const auto& names = scheme_names();
  for (size_t n = 0; n < names.size(); ++n)
    if (same_nocase(name, names[n])) s.number = static_cast<int>(n + 1);
  return s;
}

namespace {

using shlwapi_calls::GuestBlock;
using shlwapi_calls::GuestText;

// ---- escaping ----

constexpr uint32_t kSlash = 1, kQuestion = 2, kHash = 4, kStopOnHash = 8, kStopOnQuestion = 16, kBackslashAsSlash = 32,
                   kCollapseSlashes = 64;

bool needs_escape(char16_t c, uint32_t flags, uint32_t rules) {
  if (flags & kEscapeSpacesOnly) return c == u' ';
  if ((flags & kEscapePercent) && c == u'%') return true;
  if ((flags & kEscapeAsUtf8) && c >= 0x80) return true;
  if (c <= 31 || (c >= 127 && c <= 255)) return true;
  if (alnum(c)) return false;
  switch (c) {
    case u' ': case u'<': case u'>': case u'"': case u'{': case u'}': case u'|': case u'\\': case u'^': case u']':
    case u'[': case u'`': case u'&':
      return true;
    case u'/':
      return rules & kSlash;
    case u'?':
      return rules & kQuestion;
    case u'#':
      return rules & kHash;
    default:
      return false;
  }
}

void append_escaped(std::u16string& out, const std::string& bytes) {
  static const char16_t digits[] = u"0123456789ABCDEF";
  for (unsigned char b : bytes) {
    out += u'%';
    out += digits[b >> 4];
    out += digits[b & 15];
  }
}

}  // namespace

std::u16string escape_url(const std::u16string& url, uint32_t flags) {
  if (flags & kEscapeSpacesOnly) flags &= ~(kDontEscapeExtraInfo | kEscapePercent | kEscapeSegmentOnly);
  else flags |= kDontEscapeExtraInfo;
  uint32_t rules = 0;
  const Scheme scheme = scheme_of(url);
  if (flags & kEscapeSegmentOnly) {
    rules = kQuestion | kHash | kSlash;
  } else {
    if (flags & kDontEscapeExtraInfo) rules = kStopOnHash | kStopOnQuestion;
    const char16_t first = scheme.length + 1 < url.size() ? url[scheme.length + 1] : u'\0';
    switch (scheme.number) {
      case kSchemeFile:
        rules = (rules | kBackslashAsSlash | kCollapseSlashes | kHash) & ~kStopOnHash;
        break;
      case kSchemeHttp:
      case kSchemeHttps:
        rules |= kBackslashAsSlash;
        if (first != u'/' && first != u'\\') rules |= kSlash;
        break;
      case kSchemeMailto:
        rules = (rules | kSlash | kQuestion | kHash) & ~(kStopOnQuestion | kStopOnHash);
        break;
      case kSchemeInvalid:
        break;
      default:
        if (first != u'/') rules |= kSlash;
        break;
    }
  }
  std::u16string out;
  bool stop = false;
  size_t i = 0;
  while (i < url.size()) {
    char16_t c = url[i];
    if ((rules & kCollapseSlashes) && i == scheme.length + 1) {
      size_t slashes = 0;
      while (i < url.size() && (url[i] == u'/' || url[i] == u'\\')) ++slashes, ++i;
      if (slashes == 2 && url.size() - i >= 9 && same_nocase(url.substr(i, 9), u"localhost")) {
        if (i + 9 < url.size() && (url[i + 9] == u'/' || url[i + 9] == u'\\')) i += 10;
        slashes = 3;
      }
      if (slashes == 1 || slashes == 3) out += u"///";
      else if (slashes) out += u"//";
      if (slashes) continue;
    }
    if (c == u'#' && (rules & kStopOnHash)) stop = true;
    if (c == u'?' && (rules & kStopOnQuestion)) stop = true;
    if (c == u'\\' && (rules & kBackslashAsSlash) && !stop) c = u'/';
    if (!stop && needs_escape(c, flags, rules)) {
      if (flags & kEscapeAsUtf8) {
        std::u16string unit(1, c);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < url.size() && url[i + 1] >= 0xdc00 && url[i + 1] <= 0xdfff) unit += url[++i];
        const bool lone = c >= 0xd800 && c <= 0xdfff && unit.size() == 1;
        append_escaped(out, lone ? std::string("\xef\xbf\xbd") : utf16_to_utf8(unit));
      } else {
        append_escaped(out, std::string(1, static_cast<char>(c & 0xff)));
      }
    } else {
      out += c;
    }
    ++i;
  }
  return out;
}

namespace {

HRESULT UrlEscapeW(WindowsProcess&, Ptr url, Ptr out, Ptr size, uint32_t flags) {
  if (!url || !out || !size || !get<uint32_t>(size.addr)) return E_INVALIDARG;
  return give<char16_t>(escape_url(text<char16_t>(url), flags), out, size);
}
HRESULT UrlEscapeA(WindowsProcess&, Ptr url, Ptr out, Ptr size, uint32_t flags) {
  if (!url || !out || !size || !get<uint32_t>(size.addr)) return E_INVALIDARG;
  if (flags & kEscapeAsUtf8) return E_NOTIMPL;  // the ANSI form has no UTF-8 escaping
  return give<char>(escape_url(text<char>(url), flags), out, size);
}

// UrlCreateFromPath: "file:" (and "///" before a drive) and the path escaped with "%" escaped too;
// a text that is a URL already is copied, S_FALSE.
HRESULT create_from_path(const std::u16string& path, std::u16string& url) {
  const Scheme s = scheme_of(path);
  if (s.number != kSchemeInvalid && s.length > 1) {
    url = path;
    return S_FALSE;
  }
  const bool drive = path.size() > 1 && alnum(path[0]) && !(path[0] >= u'0' && path[0] <= u'9') && path[1] == u':';
  url = escape_url(u"file:" + std::u16string(drive ? u"///" : u"") + path, kEscapePercent);
  return S_OK;
}
template <typename C>
HRESULT UrlCreateFromPath(WindowsProcess&, Ptr path, Ptr out, Ptr size, uint32_t reserved) {
  if (reserved || !out || !size || !path) return E_INVALIDARG;
  std::u16string url;
  const HRESULT hr = create_from_path(text<C>(path), url);
  const HRESULT given = give<C>(url, out, size);
  return given == S_OK ? hr : given;
}

// ---- parts ----

struct Parts {
  std::u16string scheme, user, password, host, port, query;
  bool has_user = false, has_password = false, has_port = false;
  int number = kSchemeInvalid;
};
size_t find_any(const std::u16string& s, size_t from, std::u16string_view set) {
  const size_t at = s.find_first_of(set.data(), from, set.size());
  return at == std::u16string::npos ? s.size() : at;
}
Parts parts_of(const std::u16string& url) {
  Parts p;
  const Scheme s = scheme_of(url);
  if (!s.length) return p;
  p.scheme = url.substr(0, s.length);
  p.number = s.number;
  size_t at = s.length + 1;
  auto slash = [&](size_t i) { return i < url.size() && (url[i] == u'/' || url[i] == u'\\'); };
  if (!slash(at) || !slash(at + 1)) {
    if (p.number != kSchemeFile) p.number = kSchemeUnknown;
    return p;
  }
  at += 2;
  if (p.number != kSchemeFile) {
    const size_t user_end = find_any(url, at, u":@/\\?#");
    if (user_end < url.size() && url[user_end] == u':') {
      const size_t password_end = find_any(url, user_end + 1, u"@/\\?#");
      if (password_end < url.size() && url[password_end] == u'@') {
        p.user = url.substr(at, user_end - at), p.has_user = true;
        p.password = url.substr(user_end + 1, password_end - user_end - 1), p.has_password = true;
        at = password_end + 1;
      }
    } else if (user_end < url.size() && url[user_end] == u'@') {
      p.user = url.substr(at, user_end - at), p.has_user = true;
      at = user_end + 1;
    }
  }
  size_t end;
  if (p.number == kSchemeFile) {
    end = find_any(url, at, u"/\\?#");
    p.host = url.substr(at, end - at);
    if (p.host.size() >= 2 && p.host[1] == u':') p.host.clear();
  } else {
    end = find_any(url, at, u":/\\?#");
    p.host = url.substr(at, end - at);
    if (end < url.size() && url[end] == u':') {
      const size_t port_end = find_any(url, end + 1, u"/\\?#");
      p.port = url.substr(end + 1, port_end - end - 1), p.has_port = true;
      end = port_end;
    }
  }
  const size_t q = url.find(u'?', end);
  if (q != std::u16string::npos) p.query = url.substr(q + 1);
  return p;
}

// UrlGetPart(url, out, size, part, flags): URL_PART_SCHEME 1, HOSTNAME 2, USERNAME 3, PASSWORD 4,
// PORT 5, QUERY 6; URL_PARTFLAG_KEEPSCHEME (1) puts "scheme:" before a host, user, password or
// port. Schemes without a server have only a scheme and a query (file: a host too): E_FAIL.
constexpr uint32_t kPartScheme = 1, kPartHostname = 2, kPartUsername = 3, kPartPassword = 4, kPartPort = 5, kPartQuery = 6;
template <typename C>
HRESULT UrlGetPart(WindowsProcess&, Ptr url, Ptr out, Ptr size, uint32_t part, uint32_t flags) {
  if (!url || !out || !size || !get<uint32_t>(size.addr)) return E_INVALIDARG;
  const Parts p = parts_of(text<C>(url));
  switch (p.number) {
    case kSchemeFtp: case kSchemeGopher: case kSchemeHttp: case kSchemeHttps: case kSchemeTelnet: case kSchemeNews:
    case kSchemeNntp: case kSchemeSnews:
      break;
    case kSchemeFile:
      if (part != kPartScheme && part != kPartQuery && part != kPartHostname) return E_FAIL;
      break;
    default:
      if (part != kPartScheme && part != kPartQuery) return E_FAIL;
  }
  std::u16string r;
  switch (part) {
    case kPartScheme:
      flags &= ~1u;
      r = p.scheme;
      for (auto& c : r) c = lower(c);
      break;
    case kPartHostname:
      r = p.host;
      break;
    case kPartUsername:
      if (!p.has_user) return E_INVALIDARG;
      r = p.user;
      break;
    case kPartPassword:
      if (!p.has_password) return E_INVALIDARG;
      r = p.password;
      break;
    case kPartPort:
      if (!p.has_port) return E_INVALIDARG;
      r = p.port;
      break;
    case kPartQuery:
      flags &= ~1u;
      r = p.query;
      break;
    default:
      return E_INVALIDARG;
  }
  if (flags == 1 && p.number != kSchemeFile) {
    if (p.scheme.empty()) return E_FAIL;
    r = p.scheme + u":" + r;
  }
  const HRESULT hr = give<C>(r, out, size);
  return sizeof(C) == 1 && hr == S_OK && r.empty() ? S_FALSE : hr;  // the ANSI form: S_FALSE for an empty part
}

// UrlGetLocation: the "#" of the URL's fragment (NULL for none, for a file: URL, or without a scheme).
template <typename C>
Ptr UrlGetLocation(WindowsProcess&, Ptr url) {
  if (!url) return Ptr(0);
  const C* u = url.as<const C>();
  const std::u16string w = text<C>(url);
  const Scheme s = scheme_of(w);
  if (!s.length || s.number == kSchemeFile) return Ptr(0);
  // (The scheme's characters are ASCII: its length is the same in both widths.)
  for (const C* c = u + s.length + 1; *c; ++c)
    if (*c == '#') return Ptr(reinterpret_cast<uint64_t>(c));
  return Ptr(0);
}

// UrlCompare(a, b, ignore_slash): strcmp's order, a trailing "/" left out of both when asked; the
// wide form's whole URLs in the locale's order (StrCmpW's, as lstrcmpW on Windows).
template <typename C>
int32_t UrlCompare(WindowsProcess& p, Ptr a, Ptr b, BOOL ignore_slash) {
  if (sizeof(C) == 2 && !ignore_slash) return static_cast<int32_t>(shlwapi_calls::call(p, "shlwapi.dll", "StrCmpW", {a.addr, b.addr}));
  const C* x = a.as<const C>();
  const C* y = b.as<const C>();
  size_t lx = shlwapi_text::length(x), ly = shlwapi_text::length(y);
  if (ignore_slash) {
    if (lx && x[lx - 1] == '/') --lx;
    if (ly && y[ly - 1] == '/') --ly;
  } else {
    ++lx, ++ly;  // the NULs too: a longer string is after
  }
  const size_t n = std::min(lx, ly);
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return shlwapi_text::code(x[i]) < shlwapi_text::code(y[i]) ? -1 : 1;
  return lx == ly ? 0 : lx > ly ? 1 : -1;
}

// UrlIsOpaque: UrlIs(URLIS_OPAQUE), SHLWAPI's own.
template <typename C>
BOOL UrlIsOpaque(WindowsProcess& p, Ptr url) {
  return static_cast<BOOL>(shlwapi_calls::call(p, "shlwapi.dll", sizeof(C) == 1 ? "UrlIsA" : "UrlIsW", {url.addr, 1}));
}

// ---- applying a scheme ----

constexpr uint32_t kApplyDefault = 0x1, kApplyGuessScheme = 0x2, kApplyGuessFile = 0x4, kApplyForceApply = 0x8;

// A value of HKEY_LOCAL_MACHINE\Software\Microsoft\Windows\CurrentVersion\URL\<key>.
std::vector<std::pair<std::u16string, std::u16string>> url_values(WindowsProcess& p, const char16_t* key) {
  using namespace shlwapi_registry;
  std::vector<std::pair<std::u16string, std::u16string>> values;
  GuestText path(p, std::u16string(u"Software\\Microsoft\\Windows\\CurrentVersion\\URL\\") + key);
  GuestBlock handle(p, 8);
  if (reg<char16_t>(p, "RegOpenKeyEx", {predefined_key(p, kHkeyLocalMachine), path.addr(), 0, kKeyQueryValue, handle.addr()}))
    return values;
  const uint64_t h = p.get_ptr(handle.addr());
  GuestBlock name(p, 520), name_len(p, 4), data(p, 1040), data_len(p, 4), type(p, 4);
  for (uint32_t i = 0;; ++i) {
    put<uint32_t>(name_len.addr(), 260);
    put<uint32_t>(data_len.addr(), 1024);
    std::memset(data.as<void>(), 0, 1040);
    if (reg<char16_t>(p, "RegEnumValue", {h, i, name.addr(), name_len.addr(), 0, type.addr(), data.addr(), data_len.addr()})) break;
    values.emplace_back(name.as<const char16_t>(), data.as<const char16_t>());
  }
  close_key(p, h);
  return values;
}
// The prefixes Windows' registry has for text without a scheme, where this registry has none.
std::vector<std::pair<std::u16string, std::u16string>> prefixes(WindowsProcess& p) {
  auto v = url_values(p, u"Prefixes");
  if (v.empty())
    v = {{u"ftp", u"ftp://"}, {u"gopher", u"gopher://"}, {u"home", u"http://"}, {u"mosaic", u"http://"}, {u"www", u"http://"}};
  return v;
}
std::u16string default_prefix(WindowsProcess& p) {
  for (const auto& [name, data] : url_values(p, u"DefaultPrefix"))
    if (name.empty()) return data;
  return u"http://";
}

// UrlApplyScheme(url, out, size, flags): S_FALSE (nothing written) when no rule applies.
template <typename C>
HRESULT UrlApplyScheme(WindowsProcess& p, Ptr url, Ptr out, Ptr size, uint32_t flags) {
  if (!url || !out || !size) return E_INVALIDARG;
  const std::u16string u = text<C>(url);
  if (flags & kApplyGuessFile) {
    if ((get<uint32_t>(size.addr) > 1 && u.size() > 1 && u[1] == u':') || (u.size() > 1 && u[0] == u'\\' && u[1] == u'\\')) {
      std::u16string r;
      const HRESULT hr = create_from_path(u, r);
      if (hr == S_FALSE) return S_FALSE;
      return give<C>(r, out, size);
    }
  }
  const Scheme s = scheme_of(u);
  const bool has_scheme = s.length != 0;
  if (!has_scheme && (flags & kApplyGuessScheme)) {
    for (const auto& [name, prefix] : prefixes(p))
      if (u.size() >= name.size() && same_nocase(u.substr(0, name.size()), name)) return give<C>(prefix + u, out, size);
  }
  if ((!has_scheme || (flags & kApplyForceApply)) && (flags & kApplyDefault)) return give<C>(default_prefix(p) + u, out, size);
  return S_FALSE;
}

#define SHLWAPI_BOTH(name) EXPORT(#name "A", name<char>), EXPORT(#name "W", name<char16_t>)

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = [] {
    std::vector<Export> e = {
      EXPORT("UrlEscapeA", UrlEscapeA),   EXPORT("UrlEscapeW", UrlEscapeW), SHLWAPI_BOTH(UrlCreateFromPath),
      SHLWAPI_BOTH(UrlGetPart),           SHLWAPI_BOTH(UrlGetLocation),     SHLWAPI_BOTH(UrlCompare),
      SHLWAPI_BOTH(UrlIsOpaque),          SHLWAPI_BOTH(UrlApplyScheme),
    };
    for (const Export& x : canonical_exports()) e.push_back(x);
    return e;
  }();
  return exports;
}

}  // namespace polyrun::shims::shlwapi_url
