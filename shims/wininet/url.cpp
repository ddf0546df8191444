// WININET's URL functions: InternetCrackUrlA/W (a URL taken apart into URL_COMPONENTS: scheme,
// host, port, user, password, path, extra information) and InternetCreateUrlA/W (one put together
// from them), as RFC 1808 lays a URL out: <scheme>:[//<net_loc>][/<path>][?<query>][#<fragment>].
// The A forms' text is in the ANSI code page.
#include <cctype>
#include <strings.h>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/wininet/exports.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t ERROR_INTERNET_INVALID_URL = 12005, ERROR_INTERNET_UNRECOGNIZED_SCHEME = 12006;
constexpr uint32_t ICU_DECODE = 0x10000000, ICU_ESCAPE = 0x80000000;

struct Scheme {
  const char* name;
  int32_t id;
  uint16_t port;
};
// (Default ports for FTP, HTTP and HTTPS alone, the schemes WININET still connects to.)
constexpr Scheme kSchemes[] = {{"ftp", 1, 21},   {"gopher", 2, 0},      {"http", 3, 80},     {"https", 4, 443},
                               {"file", 5, 0},   {"news", 6, 0},        {"mailto", 7, 0},    {"socks", 8, 0},
                               {"javascript", 9, 0}, {"vbscript", 10, 0}, {"res", 11, 0}};
constexpr int32_t kSchemeUnknown = -1;

const Scheme* scheme_named(const std::u16string& s) {
  const std::string n = utf16_to_utf8(s);
  for (const auto& k : kSchemes)
    if (strcasecmp(k.name, n.c_str()) == 0) return &k;
  return nullptr;
}

// URL_COMPONENTS' fields on this width: the pointer and length of each of scheme, host, user,
// password, path and extra information, and nScheme and nPort.
struct Layout {
  uint64_t base, ps;
  uint64_t str(int i) const {  // 0 scheme, 1 host, 2 user, 3 password, 4 path, 5 extra
    static const uint64_t k64[] = {8, 24, 40, 56, 72, 88}, k32[] = {4, 16, 28, 36, 44, 52};
    return base + (ps == 8 ? k64[i] : k32[i]);
  }
  uint64_t len(int i) const { return str(i) + ps; }
  uint64_t scheme_id() const { return base + (ps == 8 ? 20 : 12); }
  uint64_t port() const { return base + (ps == 8 ? 36 : 24); }
  uint32_t size() const { return ps == 8 ? 104 : 60; }
};

std::u16string decode(const std::u16string& s) {
  std::u16string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(s[i + 1]) && std::isxdigit(s[i + 2])) {
      const char hex[3] = {static_cast<char>(s[i + 1]), static_cast<char>(s[i + 2]), 0};
      out += static_cast<char16_t>(std::strtoul(hex, nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Part {
  size_t at = 0, n = 0;
  bool present = false;
};

// The parts of a URL (offsets into it).
bool crack(const std::u16string& u, Part parts[6], std::u16string* scheme_text) {
  const size_t colon = u.find(u':');
  if (colon == std::u16string::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i)
    if (!std::isalnum(u[i]) && u[i] != '+' && u[i] != '-' && u[i] != '.') return false;
  parts[0] = {0, colon, true};
  *scheme_text = u.substr(0, colon);
  size_t at = colon + 1;
  if (u.compare(at, 2, u"//") == 0) {
    at += 2;
    size_t end = u.find_first_of(u"/?#", at);
    if (end == std::u16string::npos) end = u.size();
    // [user[:password]@]host[:port]
    size_t host = at;
    const size_t atsign = u.rfind(u'@', end == 0 ? 0 : end - 1);
    if (atsign != std::u16string::npos && atsign >= at && atsign < end) {
      const size_t pw = u.find(u':', at);
      if (pw != std::u16string::npos && pw < atsign) {
        parts[2] = {at, pw - at, true};
        parts[3] = {pw + 1, atsign - pw - 1, true};
      } else {
        parts[2] = {at, atsign - at, true};
      }
      host = atsign + 1;
    }
    size_t host_end = end;
    if (host < end && u[host] == '[') {
      const size_t close = u.find(u']', host);
      if (close != std::u16string::npos && close < end) host_end = close + 1;
    }
    const size_t port_colon = u.find(u':', host_end == end ? host : host_end);
    if (port_colon != std::u16string::npos && port_colon < end) host_end = port_colon;
    parts[1] = {host, host_end - host, true};
    at = end;
  }
  const size_t extra = u.find_first_of(u"?#", at);
  parts[4] = {at, (extra == std::u16string::npos ? u.size() : extra) - at, true};
  if (extra != std::u16string::npos) parts[5] = {extra, u.size() - extra, true};
  return true;
}

uint32_t crack_url(WindowsProcess& p, uint64_t url, uint32_t url_len, uint32_t flags, uint64_t uc, bool wide) {
  if (!url || !uc || (wide ? get<uint16_t>(url) : get<uint8_t>(url)) == 0)
    return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  std::u16string u;
  for (uint32_t i = 0; !url_len || i < url_len; ++i) {
    const char16_t c = wide ? get<uint16_t>(url + 2 * i) : get<uint8_t>(url + i);
    if (!c) break;
    u += c;
  }
  if (!wide) u = ansi_to_utf16(std::string(u.begin(), u.end()));  // (one character a byte in 1252)
  Layout l{uc, p.isa->ptr};
  if (get<uint32_t>(uc) != l.size()) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  Part parts[6];
  std::u16string scheme;
  if (!crack(u, parts, &scheme)) return p.set_last_error(ERROR_INTERNET_UNRECOGNIZED_SCHEME), 0;
  const Scheme* s = scheme_named(scheme);
  put<int32_t>(l.scheme_id(), s ? s->id : kSchemeUnknown);
  uint16_t port = s ? s->port : 0;
  if (parts[1].present) {
    const size_t after = parts[1].at + parts[1].n;
    if (after < u.size() && u[after] == ':') {
      uint32_t v = 0;
      for (size_t i = after + 1; i < u.size() && std::isdigit(u[i]); ++i) v = v * 10 + (u[i] - '0');
      port = static_cast<uint16_t>(v);
    }
  }
  put<uint16_t>(l.port(), port);
  for (int i = 0; i < 6; ++i) {
    const uint64_t buf = p.get_ptr(l.str(i));
    const uint32_t cap = get<uint32_t>(l.len(i));
    if (!buf && !cap) continue;  // not asked for
    std::u16string text = u.substr(parts[i].at, parts[i].n);
    if (!buf) {
      // Where the part is in the caller's URL.
      p.put_ptr(l.str(i), parts[i].present ? url + parts[i].at * (wide ? 2 : 1) : 0);
      put<uint32_t>(l.len(i), parts[i].present ? static_cast<uint32_t>(parts[i].n) : 0);
      continue;
    }
    if ((flags & ICU_DECODE) && i != 0) text = decode(text);
    const std::string narrow = wide ? std::string() : utf16_to_ansi(text);
    const size_t n = wide ? text.size() : narrow.size();
    if (cap <= n) return p.set_last_error(ERROR_INSUFFICIENT_BUFFER), 0;  // (the length given is left as it was)
    if (wide) {
      copy_guest(guest_pointer(buf), text.c_str(), (text.size() + 1) * 2, buf, true);
    } else {
      copy_guest(guest_pointer(buf), narrow.c_str(), narrow.size() + 1, buf, true);
    }
    put<uint32_t>(l.len(i), static_cast<uint32_t>(n));
  }
  return 1;
}

uint32_t InternetCrackUrlA(WindowsProcess& p, Ptr url, uint32_t len, uint32_t flags, Ptr uc) {
  return crack_url(p, url.addr, len, flags, uc.addr, false);
}
uint32_t InternetCrackUrlW(WindowsProcess& p, Ptr url, uint32_t len, uint32_t flags, Ptr uc) {
  return crack_url(p, url.addr, len, flags, uc.addr, true);
}

// A part of URL_COMPONENTS given to InternetCreateUrl: its text (its length, or up to its
// terminator when the length is 0).
std::u16string part_text(WindowsProcess& p, const Layout& l, int i, bool wide) {
  const uint64_t s = p.get_ptr(l.str(i));
  if (!s) return u"";
  const uint32_t n = get<uint32_t>(l.len(i));
  std::u16string t;
  for (uint32_t k = 0; !n || k < n; ++k) {
    const char16_t c = wide ? get<uint16_t>(s + 2 * k) : get<uint8_t>(s + k);
    if (!c) break;
    t += c;
  }
  return wide ? t : ansi_to_utf16(std::string(t.begin(), t.end()));
}

// (the A form's text is escaped byte by byte, in the ANSI code page: the euro sign is %80)
std::u16string escape(const std::u16string& text, bool wide) {
  std::u16string s = text, out;
  if (!wide) {
    const std::string a = utf16_to_ansi(text);
    s.assign(a.begin(), a.end());
    for (char16_t& c : s) c &= 0xff;
  }
  for (char16_t c : s) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '%' || c == '{' || c == '}' || c == '|' ||
        c == '\\' || c == '^' || c == '`') {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned>(c & 0xff));
      for (const char* h = hex; *h; ++h) out += static_cast<char16_t>(*h);
    } else {
      out += c;
    }
  }
  return out;
}

// InternetCreateUrl: scheme:[//[user[:password]@]host[:port]]path[extra], the port left out where
// it is the scheme's own; ICU_ESCAPE writes the unsafe characters of the path and the extra
// information as escape sequences (%xx). The length given and returned counts characters without the terminator;
// a buffer too small gets ERROR_INSUFFICIENT_BUFFER and the size needed in bytes, with it.
uint32_t create_url(WindowsProcess& p, uint64_t uc, uint32_t flags, uint64_t out, uint64_t len, bool wide) {
  if (!uc || !len) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  Layout l{uc, p.isa->ptr};
  if (get<uint32_t>(uc) != l.size()) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  std::u16string scheme = part_text(p, l, 0, wide);
  const int32_t id = get<int32_t>(l.scheme_id());
  const Scheme* s = scheme.empty() ? nullptr : scheme_named(scheme);
  if (scheme.empty()) {
    for (const auto& k : kSchemes)
      if (k.id == (id ? id : 3)) s = &k, scheme = utf8_to_utf16(k.name);
  }
  if (scheme.empty()) return p.set_last_error(ERROR_INTERNET_UNRECOGNIZED_SCHEME), 0;
  const std::u16string host = part_text(p, l, 1, wide), user = part_text(p, l, 2, wide),
                       password = part_text(p, l, 3, wide), path = part_text(p, l, 4, wide),
                       extra = part_text(p, l, 5, wide);
  const uint16_t port = get<uint16_t>(l.port());
  std::u16string url = scheme + u":";
  if (!host.empty()) {
    url += u"//";
    if (!user.empty()) {
      url += user;
      if (!password.empty()) url += u":" + password;
      url += u"@";
    }
    url += host;
    if (port && (!s || port != s->port)) url += u":" + utf8_to_utf16(std::to_string(port));
  }
  url += (flags & ICU_ESCAPE) ? escape(path, wide) : path;
  url += (flags & ICU_ESCAPE) ? escape(extra, wide) : extra;
  const std::string narrow = wide ? std::string() : utf16_to_ansi(url);
  const uint32_t n = static_cast<uint32_t>(wide ? url.size() : narrow.size());
  if (!out || get<uint32_t>(len) <= n) {
    put<uint32_t>(len, (n + 1) * (wide ? 2 : 1));
    return p.set_last_error(ERROR_INSUFFICIENT_BUFFER), 0;
  }
  if (wide) copy_guest(guest_pointer(out), url.c_str(), (url.size() + 1) * 2, out, true);
  else copy_guest(guest_pointer(out), narrow.c_str(), narrow.size() + 1, out, true);
  put<uint32_t>(len, n);
  return 1;
}
uint32_t InternetCreateUrlA(WindowsProcess& p, Ptr uc, uint32_t flags, Ptr out, Ptr len) {
  return create_url(p, uc.addr, flags, out.addr, len.addr, false);
}
uint32_t InternetCreateUrlW(WindowsProcess& p, Ptr uc, uint32_t flags, Ptr out, Ptr len) {
  return create_url(p, uc.addr, flags, out.addr, len.addr, true);
}

}  // namespace

const Dll kWininet{
    "wininet.dll",
    false,
    {
        EXPORT("InternetCrackUrlA", InternetCrackUrlA),
        EXPORT("InternetCrackUrlW", InternetCrackUrlW),
        EXPORT("InternetCreateUrlA", InternetCreateUrlA),
        EXPORT("InternetCreateUrlW", InternetCreateUrlW),
    },
};

}  // namespace polyrun::shims
