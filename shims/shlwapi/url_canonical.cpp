// SHLWAPI's (and KernelBase's) URLs made canonical and combined: UrlCanonicalize (tabs dropped, a
// path made a file: URL, the separators of http: and file: URLs made "/" — "\" for
// URL_FILE_USE_PATHURL and URL_WININET_COMPATIBILITY's file: URLs — a host without a path given
// "/", "." and ".." segments resolved within the path, the trailing control characters and
// spaces dropped, then unescaped or escaped as the flags ask), UrlCombine (a relative URL
// resolved against a base as Windows resolves it: by scheme, location and last segment, then
// made canonical), UrlFixupW (a misspelt scheme corrected), HashData and UrlHash (Windows' Pearson
// hash of the bytes), UrlIsNoHistory (UrlIs's question). The ANSI forms convert to UTF-16 and back
// (the ANSI code page).
#include <algorithm>
#include <array>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/shlwapi/system_calls.h"
#include "shims/shlwapi/url_text.h"

namespace polyrun::shims::shlwapi_url {

namespace {

bool separator(char16_t c) { return c == u'/' || c == u'\\'; }
bool starts_with(const std::u16string& s, std::u16string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }
bool letter(char16_t c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }
bool drive_at(const std::u16string& s, size_t i) { return i + 1 < s.size() && letter(s[i]) && s[i + 1] == u':'; }
// A host's characters (the location after "//").
bool host_char(char16_t c) { return alnum(c) || c == u'-' || c == u'.' || c == u':'; }


// ---- UrlCanonicalize ----

// The path from `i` on appended to `out`, its "." and ".." segments resolved: only those that
// follow a separator count, and a ".." takes away the segment before it down to `root` (the
// index in `out` of the path's first separator; npos for a relative path, whose first segment
// can go too). At the root a ".." is dropped. Separators become `slash` where it is set.
void simplify_path(const std::u16string& url, size_t i, std::u16string& out, size_t root, char16_t slash) {
  const size_t floor = root == std::u16string::npos ? 0 : root + 1;  // out's length a ".." cannot go below
  while (i < url.size()) {
    size_t sep = i;
    while (sep < url.size() && !separator(url[sep])) ++sep;
    out.append(url, i, sep - i);
    if (sep == url.size()) return;
    out += slash ? slash : url[sep];
    i = sep + 1;
    while (i < url.size() && url[i] == u'.') {
      const char16_t next = i + 1 < url.size() ? url[i + 1] : u'\0';
      if (separator(next)) {  // "./"
        i += 2;
        continue;
      }
      const char16_t after = i + 2 < url.size() ? url[i + 2] : u'\0';
      if (next != u'.' || !(separator(after) || after == u'?' || after == u'#' || after == u'\0')) break;
      // "..": back to the separator before the segment just written (the nearer of the two
      // kinds' last ones is the one that counts when they differ, as Windows finds them).
      if (out.empty()) break;  // a relative path gone back to its start: the ".." stays
      const size_t end = out.size() - 1;  // the separator just written
      if (end + 1 <= floor) {  // at the root: the ".." goes, the root stays
        i += separator(after) ? 3 : 2;
        continue;
      }
      const std::u16string_view before(out.data(), end);
      auto last = [&](char16_t c) {
        const size_t at = before.rfind(c);
        return at != std::u16string::npos && root != std::u16string::npos && at < root ? std::u16string::npos : at;
      };
      const size_t fwd = last(u'/'), back = last(u'\\');
      size_t to = fwd;
      if (back != std::u16string::npos && (fwd == std::u16string::npos || back < fwd)) to = back;
      if (to == std::u16string::npos && root != std::u16string::npos) break;  // nothing to go back to
      out.resize(to == std::u16string::npos ? 0 : to + 1);
      i += separator(after) ? 3 : 2;
    }
  }
}

// The URL made canonical before escaping; `flags` gains URL_ESCAPE_UNSAFE for a path made a URL.
std::u16string simplified(const std::u16string& source, uint32_t& flags) {
  std::u16string url;
  for (char16_t c : source)
    if (c != u'\t') url += c;
  bool file = starts_with(url, u"file:");
  char16_t slash = file || starts_with(url, u"http:") ? u'/' : u'\0';
  if (file && (flags & (kFileUsePathUrl | kWininetCompatibility))) slash = u'\\';
  if (starts_with(url, u"res:")) {
    flags &= ~kFileUsePathUrl;
    slash = u'\0';
  }
  const bool path_url = flags & kFileUsePathUrl, wininet = flags & kWininetCompatibility;
  const char16_t out_slash = slash ? slash : u'/';

  enum class At { SchemeStart, SchemeName, AfterColon, Rest, Host, Slashes, Path } at = At::SchemeStart;
  std::u16string out;
  size_t i = 0;
  if (url.size() > 1 && url[1] == u':') {  // a drive's path
    if (path_url || wininet) {
      out = u"file://";
      slash = u'\\';
    } else {
      out = u"file:///";
      flags |= kEscapeUnsafe;
    }
    at = At::Slashes;
  } else if (!url.empty() && url[0] == u'/') {
    at = At::Slashes;
  } else if (!url.empty() && alnum(url[0]) && url.find(u':') == std::u16string::npos) {
    // No scheme: a relative path, its segments resolved as a path's ("A/../B" is "B"; a ".."
    // that would go above its start stays). Text that starts otherwise is left as it is.
    if (flags & kDontSimplify) at = At::Rest;
    else simplify_path(url, 0, out, std::u16string::npos, slash), i = url.size();
  }
  while (i < url.size()) {
    switch (at) {
      case At::SchemeStart:
        if (!alnum(url[i]) || i + 1 >= url.size() || !alnum(url[i + 1])) {
          at = At::Rest;
          break;
        }
        out.append(url, i, 2);
        i += 2;
        at = At::SchemeName;
        break;
      case At::SchemeName:
        out += url[i];
        if (url[i++] == u':') at = At::AfterColon;
        break;
      case At::AfterColon: {
        out += url[i++];  // the first character after the colon, as it is
        if (i >= url.size() || url[i] != u'/') {
          at = At::Path;
          break;
        }
        out += url[i++];
        if (path_url && file && url.compare(i, 9, u"localhost") == 0) {
          i += 9;
          while (i < url.size() && url[i] == u'\\') ++i;
        }
        if (path_url && i < url.size() && url[i] == u'/') {
          ++i;
        } else if (file) {
          size_t body = i;
          while (body < url.size() && url[body] == u'/') ++body;
          const bool one = i < url.size() && url[i] == u'/' && (i + 1 >= url.size() || url[i + 1] != u'/');
          if (drive_at(url, body)) {
            if (!wininet && !path_url) out += out_slash;
          } else if (wininet) {
            out += one ? u"\\" : u"\\\\";
          } else if (one) {
            out += out_slash;
          }
          i = body;
        }
        at = At::Host;
        break;
      }
      case At::Rest:
        for (; i < url.size(); ++i) out += slash && separator(url[i]) ? slash : url[i];
        break;
      case At::Host:
        if (!host_char(url[i])) {
          at = At::Rest;
          break;
        }
        while (i < url.size() && host_char(url[i])) out += url[i++];
        at = At::Slashes;
        if (i == url.size()) out += out_slash;
        break;
      case At::Slashes:
        if (!separator(url[i])) {
          at = At::Rest;
          break;
        }
        for (; i < url.size() && separator(url[i]); ++i) out += slash ? slash : url[i];
        at = At::Path;
        break;
      case At::Path:
        if (flags & kDontSimplify) {
          at = At::Rest;
          break;
        }
        simplify_path(url, i, out, out.size() - 1, slash);
        i = url.size();
        break;
    }
  }
  while (!out.empty() && out.back() <= u' ') out.pop_back();
  if ((flags & kUnescape) || (path_url && starts_with(url, u"file:"))) out = unescape_url(out);
  return out;
}

HRESULT canonicalize(const std::u16string& url, uint32_t flags, std::u16string& out, uint32_t room, uint32_t& length) {
  if (url.empty()) {  // the caller's length is left as it was
    out.clear();
    length = ~0u;
    return S_OK;
  }
  std::u16string s = simplified(url, flags);
  uint32_t escape = flags & (kEscapeUnsafe | kEscapeSpacesOnly | kEscapePercent | kDontEscapeExtraInfo | kEscapeSegmentOnly);
  if (escape) s = escape_url(s, escape & ~kEscapeUnsafe);
  if (s.size() >= room) {
    length = static_cast<uint32_t>(s.size() + 1);
    return E_POINTER;
  }
  out = s;
  length = static_cast<uint32_t>(s.size());
  return S_OK;
}

template <typename C>
HRESULT UrlCanonicalize(WindowsProcess&, Ptr url, Ptr out, Ptr size, uint32_t flags) {
  if (!url || !out || !size || !get<uint32_t>(size.addr)) return E_INVALIDARG;
  std::u16string r;
  uint32_t length = 0;
  const HRESULT hr = canonicalize(text<C>(url), flags, r, get<uint32_t>(size.addr), length);
  if (hr != S_OK) {
    put<uint32_t>(size.addr, length);
    return hr;
  }
  if (length == ~0u) {  // an empty URL
    out.as<C>()[0] = 0;
    return S_OK;
  }
  return give<C>(r, out, size);
}

// ---- UrlCombine ----

constexpr uint32_t kMaxUrl = 2084;  // INTERNET_MAX_URL_LENGTH

std::u16string canonical(const std::u16string& url, uint32_t flags) {
  std::u16string out;
  uint32_t length = 0;
  if (canonicalize(url, flags, out, kMaxUrl, length) != S_OK) return url;
  return out;
}

// A URL split as ParseURL splits it: `head` is the scheme with its ":" (and, for mk:, what comes
// up to its "::"), `suffix` the rest.
struct Split {
  bool ok = false;
  int number = kSchemeInvalid;
  std::u16string head, suffix;
};
Split split(std::u16string& url) {
  Split s;
  const Scheme scheme = scheme_of(url);
  if (!scheme.length) return s;
  for (size_t i = 0; i < scheme.length; ++i) url[i] = lower(url[i]);
  s.ok = true;
  s.number = scheme.number;
  s.head = url.substr(0, scheme.length + 1);
  s.suffix = url.substr(scheme.length + 1);
  return s;
}

HRESULT combine(const std::u16string& base_url, const std::u16string& relative_url, uint32_t flags, std::u16string& result,
                uint32_t room, uint32_t& length) {
  const uint32_t simplify = flags & (kDontSimplify | kUnescape);
  std::u16string mbase = canonical(base_url, simplify), mrelative = canonical(relative_url, simplify);
  std::u16string preliminary;
  Split base = split(mbase);
  if (!base.ok) {
    preliminary = mrelative;
  } else {
    size_t location = 0;  // the length of the base's "//location"
    if (base.number == kSchemeMk) {
      const size_t colons = base.suffix.find(u"::");
      if (colons != std::u16string::npos) {
        base.head += base.suffix.substr(0, colons + 2);
        base.suffix.erase(0, colons + 2);
      }
    } else if (starts_with(base.suffix, u"//")) {
      location = base.suffix.find(u'/', 2);
      if (location == std::u16string::npos) location = base.suffix.size();
    }
    // The base's directory: up to its last "/" — before a query, or before a fragment of an
    // http(s) URL or of a page (".htm", ".html"), where one is.
    size_t directory;
    const size_t mark = base.suffix.find_first_of(u"#?", location);
    bool before_mark = false;
    if (mark != std::u16string::npos) {
      const std::u16string_view to_mark(base.suffix.data(), mark);
      auto ends_nocase = [&](std::u16string_view ending) {
        return to_mark.size() > ending.size() && same_nocase(to_mark.substr(to_mark.size() - ending.size()), ending);
      };
      before_mark = base.suffix[mark] == u'?' || base.number == kSchemeHttp || base.number == kSchemeHttps ||
                    ends_nocase(u".htm") || ends_nocase(u".html");
    }
    if (before_mark) {
      size_t at = mark;
      while (at > location && base.suffix[at] != u'/') --at;
      directory = at + 1;
    } else {
      const size_t last = base.suffix.rfind(u'/');
      directory = last != std::u16string::npos && last >= location ? last + 1 : location;
    }

    enum { Append = 1, Replace, KeepScheme, KeepLocation, KeepDirectory } how;
    std::u16string relative_rest = mrelative;
    Split relative = split(mrelative);
    if (!relative.ok) {
      if (!relative_url.empty() && relative_url[0] == u':') {
        how = (flags & kPluggableProtocol) ? KeepDirectory : Append;
      } else if (drive_at(mrelative, 0)) {
        preliminary = u"file:///";
        how = Append;
      } else if (starts_with(mrelative, u"//")) {
        how = KeepScheme;
      } else if (starts_with(mrelative, u"/")) {
        how = KeepLocation;
      } else if (starts_with(mrelative, u"#")) {
        const size_t hash = base.suffix.find(u'#', directory);
        preliminary = base.head + base.suffix.substr(0, hash);
        how = Append;
      } else {
        how = starts_with(base.suffix, u"/") || base.number == kSchemeMk ? KeepDirectory : KeepScheme;
      }
    } else {
      relative_rest = relative.suffix;
      mrelative = relative.head + relative.suffix;
      if (relative.head == base.head) {  // the same scheme (an mk: base's head is longer: never)
        how = starts_with(relative.suffix, u"//") ? KeepScheme
              : starts_with(relative.suffix, u"/") ? KeepLocation
              : starts_with(base.suffix, u"/")     ? KeepDirectory
                                                   : Append;
      } else {
        how = starts_with(relative.suffix, u"//") ? Replace : Append;
      }
    }
    switch (how) {
      case Append:
        preliminary += mrelative;
        break;
      case Replace:
        preliminary = mrelative;
        break;
      case KeepScheme:
        preliminary = base.head + relative_rest;
        break;
      case KeepLocation:
        preliminary = base.head + base.suffix.substr(0, location) + ((flags & kPluggableProtocol) ? u"/" : u"") + relative_rest;
        break;
      case KeepDirectory:
        preliminary = base.head + base.suffix.substr(0, directory);
        if (preliminary.back() != u'/') preliminary += u'/';
        preliminary += relative_rest;
        break;
    }
  }
  return canonicalize(preliminary, flags & ~kFileUsePathUrl, result, room ? room : 1, length);
}

template <typename C>
HRESULT UrlCombine(WindowsProcess&, Ptr base, Ptr relative, Ptr out, Ptr size, uint32_t flags) {
  if (!base || !relative || !size) return E_INVALIDARG;
  std::u16string r;
  uint32_t length = 0;
  const uint32_t room = get<uint32_t>(size.addr);
  const HRESULT hr = combine(text<C>(base), text<C>(relative), flags, r, room, length);
  if (length == ~0u) {  // an empty result: the caller's length is left as it was
    if (out) out.as<C>()[0] = 0;
    return S_OK;
  }
  if (hr != S_OK || !out) {
    put<uint32_t>(size.addr, length);
    return hr;
  }
  return give<C>(r, out, size);
}

// ---- UrlFixupW ----

// The edit distance of two scheme names, letters without case.
size_t distance(std::u16string_view a, std::u16string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// UrlFixupW(url, out, room): a scheme URL_SCHEME knows is kept (S_OK); an unknown one is replaced
// by the known scheme nearest to it — one edit away, or two for a name of four letters or more,
// those with its first letter first ("htp" is "http", not "ftp") — and where none is that near,
// the URL is copied as it is and the answer is S_FALSE. Microsoft documents the correction as a
// heuristic that may change between releases.
HRESULT UrlFixupW(WindowsProcess&, Ptr url, Ptr out, uint32_t room) {
  if (!url || !out || !room) return E_INVALIDARG;
  std::u16string u = text<char16_t>(url);
  HRESULT hr = S_OK;
  const size_t colon = u.find(u':');
  const Scheme known = scheme_of(u);
  if (colon != std::u16string::npos && colon > 0 && known.number <= kSchemeUnknown) {
    const std::u16string_view name(u.data(), colon);
    const bool letters = std::all_of(name.begin(), name.end(), letter);
    const std::u16string* best = nullptr;
    size_t best_cost = 0;
    if (letters) {
      const size_t allowed = name.size() >= 4 ? 2 : 1;
      for (const std::u16string& candidate : scheme_names()) {
        const size_t d = distance(name, candidate);
        if (d > allowed) continue;
        const size_t cost = d * 2 + (lower(candidate[0]) == lower(name[0]) ? 0 : 3);
        if (!best || cost < best_cost) best = &candidate, best_cost = cost;
      }
    }
    if (best) u = *best + u.substr(colon);
    else hr = S_FALSE;
  } else if (colon == std::u16string::npos) {
    hr = S_FALSE;
  }
  if (u.size() >= room) u.resize(room - 1);
  std::copy(u.begin(), u.end(), out.as<char16_t>());
  out.as<char16_t>()[u.size()] = 0;
  return hr;
}

// ---- hashes ----

// HashData's permutation of the 256 byte values, as Windows' SHLWAPI has it (read from the
// reference: HashData of each single byte into a one-byte hash is the byte's entry).
constexpr std::array<uint8_t, 256> kPearson = {
    0x01, 0x0e, 0x6e, 0x19, 0x61, 0xae, 0x84, 0x77, 0x8a, 0xaa, 0x7d, 0x76, 0x1b, 0xe9, 0x8c, 0x33,
    0x57, 0xc5, 0xb1, 0x6b, 0xea, 0xa9, 0x38, 0x44, 0x1e, 0x07, 0xad, 0x49, 0xbc, 0x28, 0x24, 0x41,
    0x31, 0xd5, 0x68, 0xbe, 0x39, 0xd3, 0x94, 0xdf, 0x30, 0x73, 0x0f, 0x02, 0x43, 0xba, 0xd2, 0x1c,
    0x0c, 0xb5, 0x67, 0x46, 0x16, 0x3a, 0x4b, 0x4e, 0xb7, 0xa7, 0xee, 0x9d, 0x7c, 0x93, 0xac, 0x90,
    0xb0, 0xa1, 0x8d, 0x56, 0x3c, 0x42, 0x80, 0x53, 0x9c, 0xf1, 0x4f, 0x2e, 0xa8, 0xc6, 0x29, 0xfe,
    0xb2, 0x55, 0xfd, 0xed, 0xfa, 0x9a, 0x85, 0x58, 0x23, 0xce, 0x5f, 0x74, 0xfc, 0xc0, 0x36, 0xdd,
    0x66, 0xda, 0xff, 0xf0, 0x52, 0x6a, 0x9e, 0xc9, 0x3d, 0x03, 0x59, 0x09, 0x2a, 0x9b, 0x9f, 0x5d,
    0xa6, 0x50, 0x32, 0x22, 0xaf, 0xc3, 0x64, 0x63, 0x1a, 0x96, 0x10, 0x91, 0x04, 0x21, 0x08, 0xbd,
    0x79, 0x40, 0x4d, 0x48, 0xd0, 0xf5, 0x82, 0x7a, 0x8f, 0x37, 0x69, 0x86, 0x1d, 0xa4, 0xb9, 0xc2,
    0xc1, 0xef, 0x65, 0xf2, 0x05, 0xab, 0x7e, 0x0b, 0x4a, 0x3b, 0x89, 0xe4, 0x6c, 0xbf, 0xe8, 0x8b,
    0x06, 0x18, 0x51, 0x14, 0x7f, 0x11, 0x5b, 0x5c, 0xfb, 0x97, 0xe1, 0xcf, 0x15, 0x62, 0x71, 0x70,
    0x54, 0xe2, 0x12, 0xd6, 0xc7, 0xbb, 0x0d, 0x20, 0x5e, 0xdc, 0xe0, 0xd4, 0xf7, 0xcc, 0xc4, 0x2b,
    0xf9, 0xec, 0x2d, 0xf4, 0x6f, 0xb6, 0x99, 0x88, 0x81, 0x5a, 0xd9, 0xca, 0x13, 0xa5, 0xe7, 0x47,
    0xe6, 0x8e, 0x60, 0xe3, 0x3e, 0xb3, 0xf6, 0x72, 0xa2, 0x35, 0xa0, 0xd7, 0xcd, 0xb4, 0x2f, 0x6d,
    0x2c, 0x26, 0x1f, 0x95, 0x87, 0x00, 0xd8, 0x34, 0x3f, 0x17, 0x25, 0x45, 0x27, 0x75, 0x92, 0xb8,
    0xa3, 0xc8, 0xde, 0xeb, 0xf8, 0xf3, 0xdb, 0x0a, 0x98, 0x83, 0x7b, 0xe5, 0xcb, 0x4c, 0x78, 0xd1,
};


// HashData(data, size, hash, hash_size): each byte of the hash starts as its index; then for each
// byte of the data, last to first, each byte of the hash, last to first, becomes the permutation's
// entry for it and the data byte.
void hash_bytes(const uint8_t* data, uint32_t size, uint8_t* hash, uint32_t hash_size) {
  for (uint32_t j = 0; j < hash_size; ++j) hash[j] = static_cast<uint8_t>(j);
  for (uint32_t k = size; k-- > 0;)
    for (uint32_t j = hash_size; j-- > 0;) hash[j] = kPearson[data[k] ^ hash[j]];
}
HRESULT HashData(WindowsProcess&, Ptr data, uint32_t size, Ptr hash, uint32_t hash_size) {
  if (!data || !hash) return E_INVALIDARG;
  hash_bytes(data.as<const uint8_t>(), size, hash.as<uint8_t>(), hash_size);
  return S_OK;
}
// UrlHash(url, hash, hash_size): HashData of the URL's bytes (the wide form's in the ANSI code
// page, the first MAX_PATH - 1 of them).
HRESULT UrlHashA(WindowsProcess&, Ptr url, Ptr hash, uint32_t hash_size) {
  if (!url || !hash) return E_INVALIDARG;
  const char* s = url.as<const char>();
  hash_bytes(reinterpret_cast<const uint8_t*>(s), static_cast<uint32_t>(std::char_traits<char>::length(s)), hash.as<uint8_t>(),
             hash_size);
  return S_OK;
}
HRESULT UrlHashW(WindowsProcess&, Ptr url, Ptr hash, uint32_t hash_size) {
  if (!url || !hash) return E_INVALIDARG;
  std::string bytes = utf16_to_ansi(text<char16_t>(url));
  if (bytes.size() > 259) bytes.resize(259);
  hash_bytes(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<uint32_t>(bytes.size()), hash.as<uint8_t>(), hash_size);
  return S_OK;
}

// UrlIsNoHistory: UrlIs(URLIS_NOHISTORY), SHLWAPI's own.
template <typename C>
BOOL UrlIsNoHistory(WindowsProcess& p, Ptr url) {
  return static_cast<BOOL>(shlwapi_calls::call(p, "shlwapi.dll", sizeof(C) == 1 ? "UrlIsA" : "UrlIsW", {url.addr, 2}));
}

}  // namespace

const std::vector<Export>& canonical_exports() {
  static const std::vector<Export> exports = {
      EXPORT("UrlCanonicalizeA", UrlCanonicalize<char>), EXPORT("UrlCanonicalizeW", UrlCanonicalize<char16_t>),
      EXPORT("UrlCombineA", UrlCombine<char>),           EXPORT("UrlCombineW", UrlCombine<char16_t>),
      EXPORT("UrlIsNoHistoryA", UrlIsNoHistory<char>),   EXPORT("UrlIsNoHistoryW", UrlIsNoHistory<char16_t>),
      EXPORT("UrlFixupW", UrlFixupW),                    EXPORT("HashData", HashData),
      EXPORT("UrlHashA", UrlHashA),                      EXPORT("UrlHashW", UrlHashW),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_url
