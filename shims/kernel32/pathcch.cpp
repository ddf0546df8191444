// KERNEL32.dll (KernelBase, api-ms-win-core-path-l1-1-0): the pathcch.h functions, which take
// Windows paths apart and put them together as text, never touching the file system:
// PathAllocCanonicalize and PathAllocCombine (results in a LocalAlloc block), PathCchCanonicalize(Ex),
// PathCchCombine(Ex), PathCchAppend(Ex), PathCchAdd/RemoveBackslash(Ex), PathCchAdd/Find/Remove/
// RenameExtension, PathCchSkipRoot, PathCchStripToRoot, PathCchStripPrefix, PathCchIsRoot,
// PathCchRemoveFileSpec and PathIsUNCEx. Their rules are Windows' (Microsoft's pathcch.h pages and
// the behaviour wine's conformance tests record on Windows): a root is "\", "X:" or "X:\", "\\server
// \share", or one of the long-path forms "\\?\X:\", "\\?\UNC\server\share" and
// "\\?\Volume{GUID}\"; "." and ".." segments fold away but never climb out of the root; results over
// MAX_PATH are refused unless PATHCCH_ALLOW_LONG_PATHS, and a long drive path gets the "\\?\" prefix.
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr size_t kMaxPath = 260;       // MAX_PATH
constexpr size_t kPathCchMax = 0x8000;  // PATHCCH_MAX_CCH
constexpr HRESULT kFilenameTooLong = hresult_from_win32(206);  // ERROR_FILENAME_EXCED_RANGE

// PATHCCH_OPTIONS
constexpr uint32_t kAllowLongPaths = 0x1, kForceEnableLongNames = 0x2, kForceDisableLongNames = 0x4,
                   kDoNotNormalizeSegments = 0x8, kEnsureExtendedLength = 0x10, kEnsureTrailingSlash = 0x20;

using Text = std::u16string;

bool is_letter(char16_t c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }
bool is_alnum(char16_t c) { return is_letter(c) || (c >= u'0' && c <= u'9'); }
char16_t lower(char16_t c) { return c >= u'A' && c <= u'Z' ? c + 32 : c; }

// The character at i, or NUL past the end (the guest's strings end in one).
char16_t at(const Text& s, size_t i) { return i < s.size() ? s[i] : u'\0'; }

bool starts_with(const Text& s, std::u16string_view prefix, bool ignore_case) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (ignore_case ? lower(s[i]) != lower(prefix[i]) : s[i] != prefix[i]) return false;
  return true;
}
bool is_drive(const Text& s, size_t i = 0) { return is_letter(at(s, i)) && at(s, i + 1) == u':'; }
bool prefixed_unc(const Text& s) { return starts_with(s, u"\\\\?\\UNC\\", true); }
bool prefixed_disk(const Text& s) { return starts_with(s, u"\\\\?\\", false) && is_drive(s, 4); }
bool plain_unc(const Text& s) { return at(s, 0) == u'\\' && at(s, 1) == u'\\' && at(s, 2) != u'?'; }
// "\\?\Volume{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}"
bool prefixed_volume(const Text& s) {
  if (!starts_with(s, u"\\\\?\\Volume", true)) return false;
  for (size_t i = 0; i <= 37; ++i) {
    const char16_t c = at(s, 10 + i);
    const bool ok = i == 0 ? c == u'{' : i == 37 ? c == u'}' : (i == 9 || i == 14 || i == 19 || i == 24) ? c == u'-' : is_alnum(c);
    if (!ok) return false;
  }
  return true;
}

// The index of the root's last character ("\" of "X:\", ":" of "X:", the second "\" of "\\"),
// if the path has a root.
std::optional<size_t> root_end(const Text& s) {
  if (prefixed_volume(s)) return at(s, 48) == u'\\' ? 48 : 47;
  if (prefixed_unc(s)) return 7;
  if (prefixed_disk(s)) return at(s, 6) == u'\\' ? 6 : 5;
  if (at(s, 0) == u'\\' && at(s, 1) == u'\\') return 1;
  if (at(s, 0) == u'\\') return 0;
  if (is_drive(s)) return at(s, 2) == u'\\' ? 2 : 1;
  return std::nullopt;
}

// Past the segment that starts at i: the index after its "\" (true), or of the end (false).
bool next_segment(const Text& s, size_t& i) {
  while (i < s.size() && s[i] != u'\\') ++i;
  if (i < s.size()) {
    ++i;
    return true;
  }
  return false;
}

// PathCchSkipRoot's answer as an index: where the path's first segment after the root starts (the
// server and share of a UNC path are part of its root).
std::optional<size_t> skip_root(const Text& s) {
  if (s.empty() || (starts_with(s, u"\\\\?", true) && !prefixed_volume(s) && !prefixed_unc(s) && !prefixed_disk(s)))
    return std::nullopt;
  std::optional<size_t> end = root_end(s);
  if (!end) return std::nullopt;
  size_t i = *end + 1;
  if (prefixed_unc(s)) {
    next_segment(s, i);
    next_segment(s, i);
  } else if (plain_unc(s)) {
    next_segment(s, i);                  // the server
    if (at(s, i) != u'\\') next_segment(s, i);  // and the share, unless it is empty
  }
  return i;
}

// "\\?\UNC\a" → "\\a", "\\?\X:\a" → "X:\a"; other paths as they are (false).
bool strip_prefix(Text& s) {
  if (prefixed_unc(s)) {
    s.erase(2, 6);
    return true;
  }
  if (prefixed_disk(s)) {
    s.erase(0, 4);
    return true;
  }
  return false;
}

bool add_backslash(Text& s) {
  if (s.empty() || s.back() == u'\\') return false;
  s += u'\\';
  return true;
}

// PathCchIsRoot.
bool is_root(const Text& s) {
  if (s.empty()) return false;
  std::optional<size_t> end = root_end(s);
  if (!end) return false;
  if (prefixed_unc(s) || plain_unc(s)) {
    size_t i = *end + 1;
    if (i >= s.size()) return true;
    if (next_segment(s, i)) {
      if (i >= s.size()) return false;  // "\\server\" has a share to come
      ++i;  // the share's first character, whatever it is
      return !next_segment(s, i) && i >= s.size();
    }
    return true;
  }
  return s[*end] == u'\\' && *end + 1 == s.size();
}

// PathAllocCanonicalize's work: the result, or the failure.
HRESULT canonicalize(const Text& in, uint32_t flags, Text& out) {
  if (((flags & kForceEnableLongNames) && (flags & kForceDisableLongNames)) ||
      ((flags & (kForceEnableLongNames | kForceDisableLongNames)) && !(flags & kAllowLongPaths)) ||
      ((flags & kEnsureExtendedLength) && (flags & kAllowLongPaths)))
    return E_INVALIDARG;
  if ((in.size() + 1 > kMaxPath && !(flags & (kAllowLongPaths | kEnsureExtendedLength))) || in.size() + 1 > kPathCchMax)
    return kFilenameTooLong;
  if (flags & kEnsureExtendedLength) flags |= kDoNotNormalizeSegments;
  const bool keep_dots = flags & kDoNotNormalizeSegments;

  Text dst;
  size_t src = 0;
  std::optional<size_t> root = root_end(in);  // in dst's terms once copied
  if (root) {
    dst = in.substr(0, *root + 1);
    src = *root + 1;
    if (strip_prefix(dst)) {
      if (is_drive(dst) && dst.size() == 2) dst += u'\\';  // "\\?\X:" → "X:\"
      root = dst.size();  // counted from past its end: a "\" right after a stripped root stays
    }
  }
  auto beyond_root = [&] { return !root || dst.size() - 1 > *root; };
  auto last = [&] { return dst.empty() ? u'\0' : dst.back(); };

  while (src < in.size()) {
    if (in[src] != u'.') {
      dst += in[src++];
      continue;
    }
    if (at(in, src + 1) == u'.') {
      if (last() == u'*') {  // "*.." keeps its dots as they come
        dst += in[src++];
        continue;
      }
      // ".." that is not a whole segment ("a..", "..a") is part of a name
      if ((at(in, src + 2) != u'\\' && at(in, src + 2)) || (!dst.empty() && last() != u'\\')) {
        dst += in.substr(src, 2);
        src += 2;
        continue;
      }
      if (last() == u'\\' && beyond_root()) {
        // Drop the "\" before "..", and the segment before it with its own "\".
        dst.pop_back();
        while (!dst.empty()) {
          const char16_t c = dst.back();
          dst.pop_back();
          if (c == u'\\') break;
        }
      } else if (at(in, src + 2) == u'\\') {
        ++src;  // the "\" after ".." when the one before it stays
      }
      src += 2;
    } else {
      // "." that is not a whole segment is part of a name
      if ((at(in, src + 1) != u'\\' && at(in, src + 1)) || (!dst.empty() && last() != u'\\')) {
        dst += in[src++];
        continue;
      }
      if (last() == u'\\' && beyond_root()) dst.pop_back();
      else if (at(in, src + 1) == u'\\') ++src;
      ++src;
    }
    // "X:" that lost or never had its "\" gets it back as its root.
    if (is_drive(dst) && at(dst, 2) != u'\\') {
      dst.resize(3);
      dst[2] = u'\\';
      root = 2;
      if (at(in, src) == u'\\') ++src;
    }
  }
  // Dots ending the path go (a name cannot end in one), but the one of "*." stays, and "X:." is "X:\".
  if (!keep_dots) {
    while (!dst.empty() && dst.back() == u'.') {
      if (dst.size() > 1 && dst[dst.size() - 2] == u'*') break;
      if (dst.size() == 3 && dst[1] == u':') {
        dst.back() = u'\\';
        break;
      }
      dst.pop_back();
    }
  }
  if (dst.empty()) dst = u"\\";
  if (((dst.size() + 1 > kMaxPath && is_drive(dst)) || (is_drive(dst) && (flags & kEnsureExtendedLength))) &&
      !(flags & kForceEnableLongNames))
    dst.insert(0, u"\\\\?\\");
  if (flags & kEnsureTrailingSlash) add_backslash(dst);
  out = std::move(dst);
  return S_OK;
}

// PathAllocCombine's work.
HRESULT combine(const Text* path1, const Text* path2, uint32_t flags, Text& out) {
  if (!path1 && !path2) return E_INVALIDARG;
  if (!path1 || !path2) return canonicalize(path1 ? *path1 : *path2, flags, out);
  Text combined = *path1;
  const Text* more = path2;
  const bool absolute2 = is_drive(*path2) || (at(*path2, 0) == u'\\' && at(*path2, 1) == u'\\');
  bool bare_drive = false;
  if (absolute2) {  // a fully qualified second path is the whole answer
    combined = *path2;
    more = nullptr;
    bare_drive = (is_drive(combined) && combined.size() == 2) || (prefixed_disk(combined) && combined.size() == 6);
  }
  strip_prefix(combined);
  if (bare_drive) add_backslash(combined);  // "X:" as "X:\"
  if (more && !more->empty()) {
    Text tail = *more;
    if (tail[0] == u'\\' && at(tail, 1) != u'\\') {  // "\x": from the first path's root
      std::optional<size_t> r = skip_root(combined);
      if (plain_unc(combined) || prefixed_unc(combined)) {
        size_t i = prefixed_unc(combined) ? 8 : 3;
        if (next_segment(combined, i) && next_segment(combined, i)) combined.resize(i - 1);
      } else if (r && *r < combined.size()) {
        combined.resize(*r);
      }
      tail.erase(0, 1);
    }
    add_backslash(combined);
    combined += tail;
  }
  return canonicalize(combined, flags, out);
}

// ---- guest strings ----

// The guest's NUL-ended string (at most `limit` characters are looked at).
Text read(Ptr s, size_t limit = kPathCchMax + 1) {
  const char16_t* c = s.as<const char16_t>();
  size_t n = 0;
  while (n < limit && c[n]) ++n;
  return Text(c, n);
}
size_t length_within(Ptr s, size_t size) {
  const char16_t* c = s.as<const char16_t>();
  size_t n = 0;
  while (n < size && c[n]) ++n;
  return n;
}
void write(Ptr dst, const Text& s) {
  std::memcpy(dst.as<char16_t>(), s.data(), s.size() * 2);
  dst.as<char16_t>()[s.size()] = 0;
}
uint64_t alloc_text(WindowsProcess& p, const Text& s, size_t extra = 0) {
  const uint64_t block = p.heap.alloc((s.size() + 1 + extra) * 2, true);  // LocalAlloc(LMEM_ZEROINIT)
  if (block) write(Ptr(block), s);
  return block;
}

HRESULT PathAllocCanonicalize(WindowsProcess& p, Ptr in, uint32_t flags, Ptr out) {
  if (!in || !out) {
    if (out) p.put_ptr(out.addr, 0);
    return E_INVALIDARG;
  }
  Text result;
  p.put_ptr(out.addr, 0);
  if (HRESULT hr = canonicalize(read(in), flags, result); hr != S_OK) return hr;
  const uint64_t block = alloc_text(p, result);
  if (!block) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, block);
  return S_OK;
}

HRESULT PathAllocCombine(WindowsProcess& p, Ptr path1, Ptr path2, uint32_t flags, Ptr out) {
  if (!out) return E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  const Text a = path1 ? read(path1) : Text(), b = path2 ? read(path2) : Text();
  Text result;
  if (HRESULT hr = combine(path1 ? &a : nullptr, path2 ? &b : nullptr, flags, result); hr != S_OK) return hr;
  const uint64_t block = alloc_text(p, result);
  if (!block) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, block);
  return S_OK;
}

HRESULT PathCchCanonicalizeEx(WindowsProcess&, Ptr out, USize size, Ptr in, uint32_t flags) {
  if (size.v == 0) return E_INVALIDARG;
  if (!in) return E_INVALIDARG;
  const Text source = read(in);
  Text result;
  if (HRESULT hr = canonicalize(source, flags, result); hr != S_OK) return hr;
  if (size.v < result.size() + 1) {
    // Too long for the buffer: over MAX_PATH - 4 without a root is a name too long, else too small.
    if (result.size() > kMaxPath - 4 && !(at(source, 0) == u'\\' || (is_drive(source) && at(source, 2) == u'\\')))
      return kFilenameTooLong;
    return STRSAFE_E_INSUFFICIENT_BUFFER;
  }
  if (is_drive(result) && result.size() == 2 && size.v > 3) result += u'\\';  // "X:" as "X:\"
  write(out, result);
  return S_OK;
}
HRESULT PathCchCanonicalize(WindowsProcess& p, Ptr out, USize size, Ptr in) {
  if (in) {
    const Text source = read(in);
    if (source.size() > kMaxPath - 4 && !(is_drive(source) && at(source, 2) == u'\\')) return kFilenameTooLong;
  }
  return PathCchCanonicalizeEx(p, out, size, in, 0);
}

HRESULT PathCchCombineEx(WindowsProcess&, Ptr out, USize size, Ptr path1, Ptr path2, uint32_t flags) {
  if (!out || size.v == 0 || size.v > kPathCchMax) return E_INVALIDARG;
  const Text a = path1 ? read(path1) : Text(), b = path2 ? read(path2) : Text();
  Text result;
  HRESULT hr = combine(path1 ? &a : nullptr, path2 ? &b : nullptr, flags, result);
  if (hr == S_OK && result.size() + 1 > size.v) hr = STRSAFE_E_INSUFFICIENT_BUFFER;
  if (hr != S_OK) {
    out.as<char16_t>()[0] = 0;
    return hr;
  }
  write(out, result);
  return S_OK;
}
HRESULT PathCchCombine(WindowsProcess& p, Ptr out, USize size, Ptr path1, Ptr path2) {
  return PathCchCombineEx(p, out, size, path1, path2, 0);
}

// PathCchAppendEx: path1 + "\" + path2 into path1's buffer, which stays as it was on failure. A
// second path of one leading "\" is appended, not taken from the root.
HRESULT PathCchAppendEx(WindowsProcess&, Ptr path1, USize size, Ptr path2, uint32_t flags) {
  if (!path1 || size.v == 0) return E_INVALIDARG;
  if (size.v > kPathCchMax) return E_INVALIDARG;
  const Text a = read(path1);
  Text b = path2 ? read(path2) : Text();
  if (at(b, 0) == u'\\' && at(b, 1) != u'\\') b.erase(0, 1);
  Text result;
  HRESULT hr = combine(&a, path2 ? &b : nullptr, flags, result);
  if (hr != S_OK) return hr;
  if (result.size() + 1 > size.v) return STRSAFE_E_INSUFFICIENT_BUFFER;
  write(path1, result);
  return S_OK;
}
HRESULT PathCchAppend(WindowsProcess& p, Ptr path1, USize size, Ptr path2) { return PathCchAppendEx(p, path1, size, path2, 0); }

HRESULT PathCchAddBackslashEx(WindowsProcess& p, Ptr path, USize size, Ptr end, Ptr remaining) {
  const size_t length = read(path).size();
  const bool needs = size.v && length && path.as<char16_t>()[length - 1] != u'\\';
  auto tell = [&](uint64_t e, uint64_t r) {
    if (end) p.put_ptr(end.addr, e);
    if (remaining) p.put_ptr(remaining.addr, r);
  };
  if (length >= (needs ? size.v - 1 : size.v)) {
    tell(0, 0);
    return STRSAFE_E_INSUFFICIENT_BUFFER;
  }
  if (!needs) {
    tell(path.addr + length * 2, size.v - length);
    return S_FALSE;
  }
  path.as<char16_t>()[length] = u'\\';
  path.as<char16_t>()[length + 1] = 0;
  tell(path.addr + (length + 1) * 2, size.v - length - 1);
  return S_OK;
}
HRESULT PathCchAddBackslash(WindowsProcess& p, Ptr path, USize size) { return PathCchAddBackslashEx(p, path, size, Ptr(0), Ptr(0)); }

HRESULT PathCchRemoveBackslashEx(WindowsProcess& p, Ptr path, USize size, Ptr end, Ptr remaining) {
  if (size.v == 0 || !end || !remaining) {
    if (end) p.put_ptr(end.addr, 0);
    if (remaining) p.put_ptr(remaining.addr, 0);
    return E_INVALIDARG;
  }
  const size_t length = length_within(path, size.v);
  if (length == size.v) return E_INVALIDARG;  // no NUL within the buffer
  const Text s(path.as<const char16_t>(), length);
  if (length > 0 && s.back() == u'\\') {
    p.put_ptr(end.addr, path.addr + (length - 1) * 2);
    p.put_ptr(remaining.addr, size.v - length + 1);
    std::optional<size_t> root = root_end(s);
    if (!root || length - 1 > *root) {
      path.as<char16_t>()[length - 1] = 0;
      return S_OK;
    }
    return S_FALSE;  // the root's own "\" stays
  }
  p.put_ptr(end.addr, path.addr + length * 2);
  p.put_ptr(remaining.addr, size.v - length);
  return S_FALSE;
}
HRESULT PathCchRemoveBackslash(WindowsProcess&, Ptr path, USize size) {
  if (size.v == 0) return E_INVALIDARG;
  const size_t length = length_within(path, size.v);
  if (length == size.v) return E_INVALIDARG;
  const Text s(path.as<const char16_t>(), length);
  if (length == 0 || s.back() != u'\\') return S_FALSE;
  std::optional<size_t> root = root_end(s);
  if (root && length - 1 <= *root) return S_FALSE;
  path.as<char16_t>()[length - 1] = 0;
  return S_OK;
}

// The extension: from the last "." of the last segment (a space or "\" after it ends the search
// anew); the end of the string when there is none. Fails for a string not ended within `size`.
std::optional<size_t> find_extension(Ptr path, uint64_t size) {
  if (!path || size == 0 || size > kPathCchMax) return std::nullopt;
  const char16_t* c = path.as<const char16_t>();
  constexpr size_t kNone = ~size_t{0};
  size_t dot = kNone, i = 0;
  for (; c[i]; ++i) {
    if (c[i] == u'\\' || c[i] == u' ') dot = kNone;
    else if (c[i] == u'.') dot = i;
    if (i + 1 == size || i + 1 == kPathCchMax) return std::nullopt;
  }
  return dot != kNone ? dot : i;
}

HRESULT PathCchFindExtension(WindowsProcess& p, Ptr path, USize size, Ptr extension) {
  std::optional<size_t> e = find_extension(path, size.v);
  p.put_ptr(extension.addr, e ? path.addr + *e * 2 : 0);
  return e ? S_OK : E_INVALIDARG;
}

HRESULT PathCchAddExtension(WindowsProcess&, Ptr path, USize size, Ptr extension) {
  if (!path || size.v == 0 || size.v > kPathCchMax || !extension) return E_INVALIDARG;
  const Text ext = read(extension);
  for (size_t i = 0; i < ext.size(); ++i)
    if ((ext[i] == u'.' && i > 0) || ext[i] == u' ' || ext[i] == u'\\') return E_INVALIDARG;
  std::optional<size_t> existing = find_extension(path, size.v);
  if (!existing) return E_INVALIDARG;
  if (path.as<const char16_t>()[*existing]) return S_FALSE;  // it has one already
  const bool dot = at(ext, 0) == u'.';
  const size_t length = length_within(path, size.v);
  if (length + (dot ? 0 : 1) + ext.size() + 1 > size.v) return STRSAFE_E_INSUFFICIENT_BUFFER;
  if (ext.empty() || ext == u".") return S_OK;
  write(Ptr(path.addr + length * 2), (dot ? Text() : Text(u".")) + ext);
  return S_OK;
}

HRESULT PathCchRemoveExtension(WindowsProcess&, Ptr path, USize size) {
  if (!path || size.v == 0 || size.v > kPathCchMax) return E_INVALIDARG;
  std::optional<size_t> e = find_extension(path, size.v);
  if (!e) return E_INVALIDARG;
  char16_t* c = path.as<char16_t>();
  size_t i = *e;
  while (i < size.v && c[i]) c[i++] = 0;
  return i == *e ? S_FALSE : S_OK;
}

HRESULT PathCchRenameExtension(WindowsProcess& p, Ptr path, USize size, Ptr extension) {
  HRESULT hr = PathCchRemoveExtension(p, path, size);
  if (hr < 0) return hr;
  hr = PathCchAddExtension(p, path, size, extension);
  return hr < 0 ? hr : S_OK;
}

HRESULT PathCchSkipRoot(WindowsProcess& p, Ptr path, Ptr root_end_out) {
  if (!path || !root_end_out) return E_INVALIDARG;
  const Text s = read(path);
  std::optional<size_t> r = skip_root(s);
  if (!r) {
    if (!s.empty() && !(starts_with(s, u"\\\\?", true) && !prefixed_volume(s) && !prefixed_unc(s) && !prefixed_disk(s)))
      p.put_ptr(root_end_out.addr, 0);
    return E_INVALIDARG;
  }
  p.put_ptr(root_end_out.addr, path.addr + *r * 2);
  return S_OK;
}

HRESULT PathCchStripPrefix(WindowsProcess&, Ptr path, USize size) {
  if (!path || size.v == 0 || size.v > kPathCchMax) return E_INVALIDARG;
  Text s = read(path);
  if (prefixed_unc(s)) {
    if (size.v < s.size() - 8 + 3) return E_INVALIDARG;
  } else if (prefixed_disk(s)) {
    if (size.v < s.size() - 4 + 1) return E_INVALIDARG;
  } else {
    return S_FALSE;
  }
  strip_prefix(s);
  write(path, s);
  return S_OK;
}

// PathCchStripToRoot: a UNC path keeps "\\server\share"; other paths what PathCchSkipRoot skips.
HRESULT PathCchStripToRoot(WindowsProcess&, Ptr path, USize size) {
  if (!path || size.v == 0 || size.v > kPathCchMax) return E_INVALIDARG;
  const Text s = read(path);
  if (s.empty()) return E_INVALIDARG;
  if (prefixed_unc(s) || plain_unc(s)) {
    size_t i = prefixed_unc(s) ? 8 : 3;
    if (!next_segment(s, i) || !next_segment(s, i)) return S_FALSE;
    if (i >= size.v) return E_INVALIDARG;
    path.as<char16_t>()[i - 1] = 0;
    return S_OK;
  }
  std::optional<size_t> r = skip_root(s);
  if (!r) return E_INVALIDARG;
  if (*r >= size.v) return E_INVALIDARG;
  if (*r >= s.size()) return S_FALSE;
  path.as<char16_t>()[*r] = 0;
  return S_OK;
}

BOOL PathCchIsRoot(WindowsProcess&, Ptr path) { return path && is_root(read(path)) ? TRUE : FALSE; }

// PathCchRemoveFileSpec: the last segment and its "\" go, never the root (S_FALSE for a root).
HRESULT PathCchRemoveFileSpec(WindowsProcess&, Ptr path, USize size) {
  if (!path || size.v == 0 || size.v > kPathCchMax) return E_INVALIDARG;
  const Text s = read(path);
  if (is_root(s)) return S_FALSE;
  std::optional<size_t> r = skip_root(s);
  // The "\" ending a UNC root is not part of it here.
  if (r && *r > 0 && s[*r - 1] == u'\\' && (prefixed_unc(s) || plain_unc(s))) --*r;
  char16_t* c = path.as<char16_t>();
  size_t i = s.size();
  while (i > 0 && (!r || i - 1 >= *r)) {
    if (i - 1 >= size.v) return E_INVALIDARG;
    const char16_t was = c[i - 1];
    c[--i] = 0;
    if (was == u'\\') break;
  }
  return i != s.size() ? S_OK : S_FALSE;
}

BOOL PathIsUNCEx(WindowsProcess& p, Ptr path, Ptr server) {
  const Text s = path ? read(path) : Text();
  uint64_t at_server = 0;
  if (prefixed_unc(s)) at_server = path.addr + 16;
  else if (plain_unc(s)) at_server = path.addr + 4;
  if (server) p.put_ptr(server.addr, at_server);
  return at_server ? TRUE : FALSE;
}

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_pathcch_exports() {
  static const std::vector<Export> exports = {
      EXPORT("PathAllocCanonicalize", PathAllocCanonicalize),
      EXPORT("PathAllocCombine", PathAllocCombine),
      EXPORT("PathCchCanonicalize", PathCchCanonicalize),
      EXPORT("PathCchCanonicalizeEx", PathCchCanonicalizeEx),
      EXPORT("PathCchCombine", PathCchCombine),
      EXPORT("PathCchCombineEx", PathCchCombineEx),
      EXPORT("PathCchAppend", PathCchAppend),
      EXPORT("PathCchAppendEx", PathCchAppendEx),
      EXPORT("PathCchAddBackslash", PathCchAddBackslash),
      EXPORT("PathCchAddBackslashEx", PathCchAddBackslashEx),
      EXPORT("PathCchRemoveBackslash", PathCchRemoveBackslash),
      EXPORT("PathCchRemoveBackslashEx", PathCchRemoveBackslashEx),
      EXPORT("PathCchFindExtension", PathCchFindExtension),
      EXPORT("PathCchAddExtension", PathCchAddExtension),
      EXPORT("PathCchRemoveExtension", PathCchRemoveExtension),
      EXPORT("PathCchRenameExtension", PathCchRenameExtension),
      EXPORT("PathCchSkipRoot", PathCchSkipRoot),
      EXPORT("PathCchStripPrefix", PathCchStripPrefix),
      EXPORT("PathCchStripToRoot", PathCchStripToRoot),
      EXPORT("PathCchIsRoot", PathCchIsRoot),
      EXPORT("PathCchRemoveFileSpec", PathCchRemoveFileSpec),
      EXPORT("PathIsUNCEx", PathIsUNCEx),
  };
  return exports;
}

}  // namespace polyrun::shims
