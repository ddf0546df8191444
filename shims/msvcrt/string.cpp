// msvcrt.dll, memory and narrow strings: the basic mem* and str* functions and wcslen (most also as
// Win64 code natively running programs call, msvcrt/x64_leaf.S), atoi, strtol, strtoul, strtod and
// atof; tokenising and span functions, case and reversal, the bounds-checked _s copies, integer ↔
// string conversions (_itoa …, _strtoi64 …), multibyte ↔ wide (mbstowcs, wcstombs, by the locale's
// code page: msvcrt/crt_locale.h), formatting lengths (_vscprintf, _scprintf), wide formatting into buffers (_vsnwprintf,
// _snwprintf), _splitpath, _wgetenv, perror, _wperror and _getpid.
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/msvcrt/mbcs.h"
#include "shims/msvcrt/x64_leaf.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"

namespace polyrun::shims {

namespace {

char* c(Ptr p) { return p.as<char>(); }
Ptr at(const char* s) { return Ptr(reinterpret_cast<uint64_t>(s)); }

// ---- tokens and spans ----

// strtok keeps its position per thread; here, per process.
Ptr tokenise(WindowsProcess& p, Ptr s, CStr delim, uint64_t& next) {
  char* str = s ? c(s) : reinterpret_cast<char*>(next);
  if (!str) return Ptr(0);
  str += std::strspn(str, delim.c_str());
  if (!*str) {
    next = 0;
    return Ptr(0);
  }
  char* end = str + std::strcspn(str, delim.c_str());
  if (*end) *end++ = 0;
  next = reinterpret_cast<uint64_t>(end);
  (void)p;
  return at(str);
}
Ptr strtok_(WindowsProcess& p, Ptr s, CStr delim) { return tokenise(p, s, delim, crt_thread(p).strtok_next); }
Ptr strtok_s_(WindowsProcess& p, Ptr s, CStr delim, Ptr context) {
  uint64_t next = p.get_ptr(context.addr);
  Ptr r = tokenise(p, s, delim, next);
  p.put_ptr(context.addr, next);
  return r;
}
USize strspn_(WindowsProcess&, CStr s, CStr set) { return std::strspn(s.c_str(), set.c_str()); }
USize strcspn_(WindowsProcess&, CStr s, CStr set) { return std::strcspn(s.c_str(), set.c_str()); }
Ptr strpbrk_(WindowsProcess&, CStr s, CStr set) { return at(std::strpbrk(s.c_str(), set.c_str())); }

// ---- case, reversal, filling (case by the locale: the "C" locale's ASCII letters, a code
// page's letters in another) ----

Ptr _strlwr_(WindowsProcess& p, Ptr s) {
  const auto d = crt_locale::ctype(p);
  for (char* q = c(s); *q; ++q) *q = static_cast<char>(d->lower[static_cast<unsigned char>(*q)]);
  return s;
}
Ptr _strupr_(WindowsProcess& p, Ptr s) {
  const auto d = crt_locale::ctype(p);
  for (char* q = c(s); *q; ++q) *q = static_cast<char>(d->upper[static_cast<unsigned char>(*q)]);
  return s;
}
Ptr _strrev_(WindowsProcess&, Ptr s) {
  char* b = c(s);
  for (char* e = b + std::strlen(b); b < e && b < --e; ++b) std::swap(*b, *e);
  return s;
}
Ptr _strset_(WindowsProcess&, Ptr s, int32_t ch) {
  for (char* q = c(s); *q; ++q) *q = static_cast<char>(ch);
  return s;
}
int32_t isgraph_(WindowsProcess& p, int32_t ch) { return crt_ctype(p, ch) & 0x117; }
// _isctype(c, mask): the ctype table's bits: _UPPER 1, _LOWER 2, _DIGIT 4, _SPACE 8, _PUNCT 0x10,
// _CONTROL 0x20, _BLANK 0x40, _HEX 0x80, _ALPHA 0x103.
int32_t _isctype_(WindowsProcess& p, int32_t ch, int32_t mask) { return crt_ctype(p, ch) & mask; }

// ---- bounds-checked copies: 0, or EINVAL / ERANGE with the destination emptied ----

int32_t copy_s(WindowsProcess& p, Ptr dst, uint64_t size, const char* src, uint64_t count, bool append) {
  if (!dst || size == 0) return *msvcrt_errno(p) = EINVAL;
  if (!src) {
    c(dst)[0] = 0;
    return *msvcrt_errno(p) = EINVAL;
  }
  uint64_t start = append ? ::strnlen(c(dst), size) : 0;
  if (start == size) {
    c(dst)[0] = 0;
    return *msvcrt_errno(p) = EINVAL;
  }
  uint64_t n = ::strnlen(src, count);
  if (start + n + 1 > size) {
    c(dst)[0] = 0;
    return *msvcrt_errno(p) = ERANGE;
  }
  std::memmove(c(dst) + start, src, n);
  c(dst)[start + n] = 0;
  return 0;
}
constexpr uint64_t kAll = ~0ull;
int32_t strcpy_s_(WindowsProcess& p, Ptr d, USize size, CStr s) { return copy_s(p, d, size, s.addr ? s.c_str() : nullptr, kAll, false); }
int32_t strncpy_s_(WindowsProcess& p, Ptr d, USize size, CStr s, USize n) {
  // _TRUNCATE ((size_t)-1): as much as fits.
  const uint64_t truncate = p.isa->ptr == 4 ? 0xffffffffull : kAll;
  uint64_t limit = n.v == truncate && s.addr ? std::min<uint64_t>(std::strlen(s.c_str()), size ? size - 1 : 0) : n.v;
  return copy_s(p, d, size, s.addr ? s.c_str() : nullptr, limit, false);
}
int32_t strcat_s_(WindowsProcess& p, Ptr d, USize size, CStr s) { return copy_s(p, d, size, s.addr ? s.c_str() : nullptr, kAll, true); }
int32_t strncat_s_(WindowsProcess& p, Ptr d, USize size, CStr s, USize n) {
  return copy_s(p, d, size, s.addr ? s.c_str() : nullptr, n, true);
}

int32_t wcopy_s(WindowsProcess& p, Ptr dst, uint64_t size, Ptr src, bool append) {
  if (!dst || size == 0) return *msvcrt_errno(p) = EINVAL;
  char16_t* d = dst.as<char16_t>();
  if (!src) {
    d[0] = 0;
    return *msvcrt_errno(p) = EINVAL;
  }
  uint64_t start = 0;
  if (append)
    while (start < size && d[start]) ++start;
  uint64_t n = std::char_traits<char16_t>::length(src.as<const char16_t>());
  if (start == size || start + n + 1 > size) {
    d[0] = 0;
    return *msvcrt_errno(p) = start == size ? EINVAL : ERANGE;
  }
  std::memmove(d + start, src.as<const char16_t>(), (n + 1) * 2);
  return 0;
}
int32_t wcscpy_s_(WindowsProcess& p, Ptr d, USize size, Ptr s) { return wcopy_s(p, d, size, s, false); }
int32_t wcscat_s_(WindowsProcess& p, Ptr d, USize size, Ptr s) { return wcopy_s(p, d, size, s, true); }

// ---- integers to strings and back ----

std::string to_base(uint64_t v, int radix, bool negative) {
  std::string digits;
  do {
    int d = static_cast<int>(v % static_cast<uint64_t>(radix));
    digits.insert(digits.begin(), static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10));
    v /= static_cast<uint64_t>(radix);
  } while (v);
  return negative ? "-" + digits : digits;
}
// The digits with their terminator, as chars (_itoa …) or UTF-16 (_itow …).
template <typename C>
Ptr put_number(Ptr buf, int32_t radix, uint64_t magnitude, bool negative) {
  if (radix < 2 || radix > 36) return buf;
  const std::string s = to_base(magnitude, radix, negative);
  for (size_t i = 0; i <= s.size(); ++i) put<C>(buf.addr + sizeof(C) * i, static_cast<C>(s.c_str()[i]));
  return buf;
}
// Only base 10 shows a sign; other bases print the two's-complement bits.
template <typename C>
Ptr itoa_(WindowsProcess&, int32_t v, Ptr buf, int32_t radix) {
  bool neg = radix == 10 && v < 0;
  return put_number<C>(buf, radix, neg ? 0ull - static_cast<int64_t>(v) : static_cast<uint32_t>(v), neg);
}
template <typename C>
Ptr ultoa_(WindowsProcess&, uint32_t v, Ptr buf, int32_t radix) { return put_number<C>(buf, radix, v, false); }
template <typename C>
Ptr i64toa_(WindowsProcess&, int64_t v, Ptr buf, int32_t radix) {
  bool neg = radix == 10 && v < 0;
  return put_number<C>(buf, radix, neg ? 0ull - static_cast<uint64_t>(v) : static_cast<uint64_t>(v), neg);
}
template <typename C>
Ptr ui64toa_(WindowsProcess&, uint64_t v, Ptr buf, int32_t radix) { return put_number<C>(buf, radix, v, false); }

// The _s forms: 0, or EINVAL (no buffer, no room, a radix outside 2 … 36) or ERANGE (the digits,
// sign and NUL do not fit) with the buffer emptied.
template <typename T, typename C = char>
int32_t to_string_s(WindowsProcess& p, T value, Ptr buf, uint64_t size, int32_t radix) {
  if (!buf || size == 0) return *msvcrt_errno(p) = EINVAL;
  C* out = buf.as<C>();
  out[0] = 0;
  const bool negative = std::is_signed_v<T> && radix == 10 && value < 0;
  if (size <= (negative ? 2u : 1u)) return *msvcrt_errno(p) = ERANGE;
  if (radix < 2 || radix > 36) return *msvcrt_errno(p) = EINVAL;
  const auto bits = static_cast<std::make_unsigned_t<T>>(value);  // other radixes: the two's complement
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(static_cast<int64_t>(value)) : static_cast<uint64_t>(bits);
  const std::string s = to_base(magnitude, radix, negative);
  if (s.size() >= size) return *msvcrt_errno(p) = ERANGE;
  for (size_t i = 0; i <= s.size(); ++i) out[i] = static_cast<C>(s.c_str()[i]);
  return 0;
}
int32_t _itoa_s_(WindowsProcess& p, int32_t v, Ptr buf, USize size, int32_t radix) { return to_string_s(p, v, buf, size, radix); }
int32_t _ultoa_s_(WindowsProcess& p, uint32_t v, Ptr buf, USize size, int32_t radix) { return to_string_s(p, v, buf, size, radix); }
int32_t _i64toa_s_(WindowsProcess& p, int64_t v, Ptr buf, USize size, int32_t radix) { return to_string_s(p, v, buf, size, radix); }
int32_t _ui64toa_s_(WindowsProcess& p, uint64_t v, Ptr buf, USize size, int32_t radix) { return to_string_s(p, v, buf, size, radix); }
// The wide forms (_itow_s …): the same digits as UTF-16.
int32_t _itow_s_(WindowsProcess& p, int32_t v, Ptr buf, USize size, int32_t radix) {
  return to_string_s<int32_t, char16_t>(p, v, buf, size, radix);
}
int32_t _ultow_s_(WindowsProcess& p, uint32_t v, Ptr buf, USize size, int32_t radix) {
  return to_string_s<uint32_t, char16_t>(p, v, buf, size, radix);
}
int32_t _i64tow_s_(WindowsProcess& p, int64_t v, Ptr buf, USize size, int32_t radix) {
  return to_string_s<int64_t, char16_t>(p, v, buf, size, radix);
}
int32_t _ui64tow_s_(WindowsProcess& p, uint64_t v, Ptr buf, USize size, int32_t radix) {
  return to_string_s<uint64_t, char16_t>(p, v, buf, size, radix);
}

void set_end(WindowsProcess& p, Ptr end, const char* e) {
  if (end) p.put_ptr(end.addr, reinterpret_cast<uint64_t>(e));
}
int64_t _strtoi64_(WindowsProcess& p, CStr s, Ptr end, int32_t radix) {
  char* e = nullptr;
  errno = 0;
  long long v = std::strtoll(s.c_str(), &e, radix);
  if (errno == ERANGE) *msvcrt_errno(p) = ERANGE;
  set_end(p, end, e);
  return v;
}
uint64_t _strtoui64_(WindowsProcess& p, CStr s, Ptr end, int32_t radix) {
  char* e = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &e, radix);
  if (errno == ERANGE) *msvcrt_errno(p) = ERANGE;
  set_end(p, end, e);
  return v;
}
int64_t _atoi64_(WindowsProcess& p, CStr s) { return _strtoi64_(p, s, Ptr(0), 10); }

// ---- multibyte (LC_CTYPE's code page) and wide ----

// The string's characters as UTF-16, or nullopt at an invalid one (EILSEQ).
std::optional<std::u16string> from_locale(WindowsProcess& p, const char* in, uint64_t max_bytes = ~0ull) {
  std::u16string w;
  if (!crt_locale::string_to_wide(*crt_locale::ctype(p), std::string_view(in, ::strnlen(in, max_bytes)), w)) {
    *msvcrt_errno(p) = 42;  // EILSEQ
    return std::nullopt;
  }
  return w;
}
// The characters' bytes one by one, as many whole ones as `n` bytes hold; nullopt at one without
// bytes (EILSEQ).
std::optional<std::string> to_locale(WindowsProcess& p, const char16_t* in, uint64_t n = ~0ull) {
  const auto d = crt_locale::ctype(p);
  std::string out, b;
  for (; *in; ++in) {
    if (!crt_locale::to_bytes(*d, std::u16string_view(in, 1), b)) {
      *msvcrt_errno(p) = 42;
      return std::nullopt;
    }
    if (out.size() + b.size() > n) break;
    out += b;
  }
  return out;
}
const uint64_t kFailed = ~0ull;

USize mbstowcs_(WindowsProcess& p, Ptr dst, CStr src, USize n) {
  std::optional<std::u16string> w = from_locale(p, src.c_str());
  if (!w) return USize(p.isa->ptr == 4 ? 0xffffffffull : kFailed);
  if (!dst) return w->size();
  size_t k = std::min<size_t>(w->size(), n);
  std::memcpy(dst.as<char16_t>(), w->data(), k * 2);
  if (k < n) dst.as<char16_t>()[k] = 0;
  return k;
}
USize wcstombs_(WindowsProcess& p, Ptr dst, Ptr src, USize n) {
  if (!src) {  // an invalid parameter: EINVAL and (size_t)-1
    *msvcrt_errno(p) = EINVAL;
    return p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
  }
  std::optional<std::string> s = to_locale(p, src.as<const char16_t>(), dst ? n.v : ~0ull);
  if (!s) return USize(p.isa->ptr == 4 ? 0xffffffffull : kFailed);
  if (!dst) return s->size();
  std::memcpy(c(dst), s->data(), s->size());
  if (s->size() < n) c(dst)[s->size()] = 0;
  return s->size();
}
// The _s forms: the count converted (with the NUL) goes to *converted.
int32_t wcstombs_s_(WindowsProcess& p, Ptr converted, Ptr dst, USize size, Ptr src, USize n) {
  if (!src || (!dst && size)) {  // EINVAL, the destination emptied
    if (dst && size) c(dst)[0] = 0;
    return *msvcrt_errno(p) = EINVAL;
  }
  const bool all = n == (p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  std::optional<std::string> made = to_locale(p, src.as<const char16_t>(), all ? ~0ull : n.v);
  if (!made) {
    if (dst && size) c(dst)[0] = 0;
    return 42;
  }
  std::string s = *made;
  if (dst && s.size() + 1 > size) {
    if (size) c(dst)[0] = 0;
    return *msvcrt_errno(p) = ERANGE;
  }
  if (dst) std::memcpy(c(dst), s.c_str(), s.size() + 1);
  if (converted) p.put_ptr(converted.addr, s.size() + 1);
  return 0;
}
int32_t mbstowcs_s_(WindowsProcess& p, Ptr converted, Ptr dst, USize size, CStr src, USize n) {
  std::optional<std::u16string> made = from_locale(p, src.c_str(), n);
  if (!made) {
    if (dst && size) dst.as<char16_t>()[0] = 0;
    return 42;
  }
  std::u16string w = *made;
  if (dst && w.size() + 1 > size) {
    if (size) dst.as<char16_t>()[0] = 0;
    return *msvcrt_errno(p) = ERANGE;
  }
  if (dst) std::memcpy(dst.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  if (converted) p.put_ptr(converted.addr, w.size() + 1);
  return 0;
}

// _wgetenv: the value as UTF-16, in a buffer of the process's that lasts until the variable is set
// again (a pointer into the wide environment, as the C runtime gives).
Ptr _wgetenv_(WindowsProcess& p, WStr name) {
  std::optional<std::string> v = p.find_env(utf16_to_utf8(name.str()));
  if (!v) return Ptr(0);
  std::u16string w = utf8_to_utf16(*v);
  uint64_t& slot = crt(p).wide_env_values[utf16_to_utf8(name.str())];
  if (slot) p.heap.free(slot);
  slot = p.heap.alloc((w.size() + 1) * 2);
  std::memcpy(guest_pointer(slot), w.c_str(), (w.size() + 1) * 2);
  return Ptr(slot);
}

// ---- formatting lengths and wide buffers ----

VarArgs va_at(WindowsProcess& p, Ptr va) { return VarArgs{nullptr, 0, va.addr, p.isa->ptr}; }
int32_t _vscprintf_(WindowsProcess& p, CStr fmt, Ptr va) {
  VarArgs v = va_at(p, va);
  return static_cast<int32_t>(crt_format(p, fmt.c_str(), v, false).size());
}
int32_t _scprintf_(WindowsProcess& p, CStr fmt, VarArgs va) {
  return static_cast<int32_t>(crt_format(p, fmt.c_str(), va, false).size());
}

std::u16string format_wide(WindowsProcess& p, WStr fmt, VarArgs& va) {
  return utf8_to_utf16(crt_format(p, utf16_to_utf8(fmt.str()).c_str(), va, true));
}
int32_t _vsnwprintf_(WindowsProcess& p, Ptr buf, USize count, WStr fmt, Ptr va) {
  VarArgs v = va_at(p, va);
  return msvcrt_store_legacy(format_wide(p, fmt, v), buf.addr, count);
}
int32_t _snwprintf_(WindowsProcess& p, Ptr buf, USize count, WStr fmt, VarArgs va) {
  return msvcrt_store_legacy(format_wide(p, fmt, va), buf.addr, count);
}
// msvcrt.dll's swprintf and vswprintf (also _swprintf, _vswprintf): the forms without a count,
// the whole result stored with its terminator.
int32_t swprintf_legacy_(WindowsProcess& p, Ptr buf, WStr fmt, VarArgs va) {
  const std::u16string s = format_wide(p, fmt, va);
  for (size_t i = 0; i <= s.size(); ++i) put<char16_t>(buf.addr + 2 * i, s.c_str()[i]);
  return static_cast<int32_t>(s.size());
}
int32_t vswprintf_legacy_(WindowsProcess& p, Ptr buf, WStr fmt, Ptr va) {
  VarArgs v = va_at(p, va);
  return swprintf_legacy_(p, buf, fmt, v);
}
int32_t _vscwprintf_(WindowsProcess& p, WStr fmt, Ptr va) {
  VarArgs v = va_at(p, va);
  return static_cast<int32_t>(format_wide(p, fmt, v).size());
}

// ---- multibyte strings: the program's code page has one byte a character here (as the "C"
// locale and the single-byte ANSI code pages), so they search as strchr and strrchr do ----


// ---- _splitpath ----

// A path's drive ("X:"), directory (through the last \ or /), file name and extension (from the
// last dot after the directory), each into its buffer of the given size in characters, or not
// wanted (a null buffer with size 0). 0; EINVAL for no path or a buffer without a size (or the
// reverse); ERANGE when a part does not fit; either error empties every buffer (and Windows
// also calls the invalid-parameter handler).
template <typename C>
int32_t split_path(WindowsProcess& p, const C* path, C* drive, uint64_t drive_n, C* dir, uint64_t dir_n, C* fname,
                   uint64_t fname_n, C* ext, uint64_t ext_n) {
  struct Part {
    C* buf;
    uint64_t size;
    const C* from = nullptr;
    size_t len = 0;
  };
  Part parts[4] = {{drive, drive_n}, {dir, dir_n}, {fname, fname_n}, {ext, ext_n}};
  auto fail = [&](int err) {
    for (Part& part : parts)
      if (part.buf && part.size) part.buf[0] = 0;
    return *msvcrt_errno(p) = err;
  };
  for (const Part& part : parts)
    if (!part.buf != !part.size) return fail(EINVAL);
  if (!path) return fail(EINVAL);
  const C* rest = path;
  if (path[0] && path[1] == ':') {
    parts[0] = {drive, drive_n, path, 2};
    rest += 2;
  }
  const C *name = rest, *dot = nullptr, *end = rest;
  // (A narrow path's two-byte characters of the multibyte code page are whole: a trail byte that
  // is a backslash separates nothing.)
  std::shared_ptr<const mbcs::MbcInfo> m;
  if constexpr (sizeof(C) == 1) m = mbcs::current(p);
  for (; *end; ++end) {
    if (*end == '\\' || *end == '/') name = end + 1;
    else if (*end == '.') dot = end;
    else if (sizeof(C) == 1 && m->multibyte && mbcs::is_lead(*m, static_cast<uint8_t>(*end)) && end[1]) ++end;
  }
  parts[1].from = rest, parts[1].len = static_cast<size_t>(name - rest);
  if (!dot || dot < name) dot = end;
  parts[2].from = name, parts[2].len = static_cast<size_t>(dot - name);
  parts[3].from = dot, parts[3].len = static_cast<size_t>(end - dot);
  for (const Part& part : parts)
    if (part.buf && part.len + 1 > part.size) return fail(ERANGE);
  for (const Part& part : parts) {
    if (!part.buf) continue;
    std::copy_n(part.from, part.len, part.buf);
    part.buf[part.len] = 0;
  }
  return 0;
}
int32_t _splitpath_s_(WindowsProcess& p, Ptr path, Ptr drive, USize drive_n, Ptr dir, USize dir_n, Ptr fname, USize fname_n,
                      Ptr ext, USize ext_n) {
  return split_path(p, path.as<const char>(), drive.as<char>(), drive_n, dir.as<char>(), dir_n, fname.as<char>(), fname_n,
                    ext.as<char>(), ext_n);
}
int32_t _wsplitpath_s_(WindowsProcess& p, Ptr path, Ptr drive, USize drive_n, Ptr dir, USize dir_n, Ptr fname,
                       USize fname_n, Ptr ext, USize ext_n) {
  return split_path(p, path.as<const char16_t>(), drive.as<char16_t>(), drive_n, dir.as<char16_t>(), dir_n,
                    fname.as<char16_t>(), fname_n, ext.as<char16_t>(), ext_n);
}
// _splitpath: buffers of _MAX_DRIVE (3), _MAX_DIR, _MAX_FNAME and _MAX_EXT (256) characters.
template <typename C>
void split_path_max(WindowsProcess& p, Ptr path, Ptr drive, Ptr dir, Ptr fname, Ptr ext) {
  auto size = [](Ptr b, uint64_t n) { return b ? n : 0; };
  split_path(p, path.as<const C>(), drive.as<C>(), size(drive, 3), dir.as<C>(), size(dir, 256), fname.as<C>(), size(fname, 256),
             ext.as<C>(), size(ext, 256));
}
void _splitpath_(WindowsProcess& p, Ptr path, Ptr drive, Ptr dir, Ptr fname, Ptr ext) {
  split_path_max<char>(p, path, drive, dir, fname, ext);
}
void _wsplitpath_(WindowsProcess& p, Ptr path, Ptr drive, Ptr dir, Ptr fname, Ptr ext) {
  split_path_max<char16_t>(p, path, drive, dir, fname, ext);
}

// ---- process ----

int32_t _getpid_(WindowsProcess&) { return static_cast<int32_t>(::getpid()); }

// perror: "message: text of errno" on stderr, the C runtime's texts for its errno values.
void perror_(WindowsProcess& p, CStr msg) {
  msvcrt_flush_all(p);
  std::string s = msg.addr && *msg.c_str() ? msg.str() + ": " : "";
  s += std::strerror(*msvcrt_errno(p));
  s += "\n";
  ssize_t ignored = ::write(2, s.data(), s.size());
  (void)ignored;
}
// _wperror: perror's, the message's characters as the "C" locale's bytes (one above 255: nothing
// is written).
void _wperror_(WindowsProcess& p, Ptr msg) {
  std::string narrow;
  if (msg)
    for (const char16_t* q = msg.as<const char16_t>(); *q; ++q) {
      if (*q > 0xff) return;
      narrow += static_cast<char>(*q);
    }
  perror_(p, CStr{msg ? reinterpret_cast<uint64_t>(narrow.c_str()) : 0});
}

// ---- the basic memory and string functions, and numbers ----

// Nothing to do for a length of 0 (null pointers too, as on Windows); a null pointer with a length
// faults at its first byte.
bool touches(Ptr a, Ptr b, uint64_t n) {
  if (!n) return false;
  if (!a) touch_guest_byte(a.addr);
  if (!b) touch_guest_byte(b.addr);
  return true;
}
Ptr memcpy_(WindowsProcess&, Ptr d, Ptr s, USize n) {
  if (touches(d, s, n)) std::memmove(d.as<void>(), s.as<void>(), n);
  return d;
}
Ptr memmove_(WindowsProcess& p, Ptr d, Ptr s, USize n) { return memcpy_(p, d, s, n); }
Ptr memset_(WindowsProcess&, Ptr d, int32_t c, USize n) {
  if (touches(d, d, n)) std::memset(d.as<void>(), c, n);
  return d;
}
// memcmp, strcmp and x64's strncmp answer -1, 0 or 1, 32-bit msvcrt.dll's strncmp the difference
// of the bytes (wine's msvcrt, dlls/msvcrt/string.c; wine 8.0 prints the same).
int32_t sign(int v) { return (v > 0) - (v < 0); }
int32_t memcmp_(WindowsProcess&, Ptr a, Ptr b, USize n) { return touches(a, b, n) ? sign(std::memcmp(a.as<void>(), b.as<void>(), n)) : 0; }
Ptr memchr_(WindowsProcess&, Ptr s, int32_t c, USize n) {
  const void* r = touches(s, s, n) ? std::memchr(s.as<void>(), c, n) : nullptr;
  return Ptr(reinterpret_cast<uint64_t>(r));
}
USize strlen_(WindowsProcess&, CStr s) { return std::strlen(s.c_str()); }
// A length of 0 reads nothing (a null pointer neither), as msvcrt's.
USize strnlen_(WindowsProcess&, CStr s, USize n) { return n ? ::strnlen(s.c_str(), n) : 0; }
int32_t strcmp_(WindowsProcess&, CStr a, CStr b) { return sign(std::strcmp(a.c_str(), b.c_str())); }
int32_t strncmp_(WindowsProcess& p, CStr a, CStr b, USize n) {
  if (!n) return 0;
  const auto* x = reinterpret_cast<const unsigned char*>(a.c_str());
  const auto* y = reinterpret_cast<const unsigned char*>(b.c_str());
  size_t i = 0;
  while (i + 1 < n && x[i] && x[i] == y[i]) ++i;
  const int d = x[i] - y[i];
  return p.isa->ptr == 8 ? sign(d) : d;
}
// The "C" locale's folding ('A'-'Z' only), the difference of the folded bytes.
// The difference of the first unequal bytes folded to lower case by the locale (the "C" locale's
// ASCII letters, a code page's letters in another).
int32_t folded_compare(WindowsProcess& p, const char* a, const char* b, uint64_t n) {
  const auto d = crt_locale::ctype(p);
  for (; n; --n, ++a, ++b) {
    const int x = d->lower[static_cast<uint8_t>(*a)], y = d->lower[static_cast<uint8_t>(*b)];
    if (x != y || !x) return x - y;
  }
  return 0;
}
int32_t _stricmp_(WindowsProcess& p, CStr a, CStr b) { return folded_compare(p, a.c_str(), b.c_str(), ~0ull); }
int32_t _strnicmp_(WindowsProcess& p, CStr a, CStr b, USize n) { return folded_compare(p, a.c_str(), b.c_str(), n); }
Ptr strcpy_(WindowsProcess&, Ptr d, CStr s) { std::strcpy(d.as<char>(), s.c_str()); return d; }
Ptr strncpy_(WindowsProcess&, Ptr d, CStr s, USize n) {
  if (n) std::strncpy(d.as<char>(), s.c_str(), n);
  return d;
}
Ptr strcat_(WindowsProcess&, Ptr d, CStr s) { std::strcat(d.as<char>(), s.c_str()); return d; }
Ptr strncat_(WindowsProcess&, Ptr d, CStr s, USize n) { std::strncat(d.as<char>(), s.c_str(), n); return d; }
Ptr strchr_(WindowsProcess&, CStr s, int32_t c) { return Ptr(reinterpret_cast<uint64_t>(std::strchr(s.c_str(), c))); }
Ptr strrchr_(WindowsProcess&, CStr s, int32_t c) { return Ptr(reinterpret_cast<uint64_t>(std::strrchr(s.c_str(), c))); }
Ptr strstr_(WindowsProcess&, CStr s, CStr n) { return Ptr(reinterpret_cast<uint64_t>(std::strstr(s.c_str(), n.c_str()))); }
Ptr _strdup_(WindowsProcess& p, CStr s) {
  size_t n = std::strlen(s.c_str()) + 1;
  uint64_t b = p.heap.alloc(n);
  if (b) std::memcpy(reinterpret_cast<void*>(b), s.c_str(), n);
  return Ptr(b);
}
USize wcslen_(WindowsProcess&, WStr s) { return std::char_traits<char16_t>::length(s.data()); }

// long is 32 bits on Windows. msvcrt.dll's atoi and atol check for no overflow: the digits
// accumulate modulo 2^32 (wine's msvcrt.dll does the same); the Universal CRT's saturate, as
// documented ("INT_MAX and INT_MIN on these conditions").
int32_t atoi_(WindowsProcess&, CStr s) {
  const char* c = s.c_str();
  while (*c == ' ' || (*c >= '\t' && *c <= '\r')) ++c;
  bool minus = *c == '-';
  if (*c == '-' || *c == '+') ++c;
  uint32_t v = 0;
  for (; *c >= '0' && *c <= '9'; ++c) v = v * 10 + static_cast<uint32_t>(*c - '0');
  return static_cast<int32_t>(minus ? 0u - v : v);
}
int32_t atoi_ucrt_(WindowsProcess&, CStr s) {
  return static_cast<int32_t>(std::clamp<long long>(std::strtoll(s.c_str(), nullptr, 10), INT32_MIN, INT32_MAX));
}
// Out of range: the nearest limit and errno ERANGE (a negated unsigned value wraps, as in C).
int32_t strtol_(WindowsProcess& p, CStr s, Ptr end, int32_t base) {
  char* e = nullptr;
  errno = 0;
  long long v = std::strtoll(s.c_str(), &e, base);
  set_end(p, end, e);
  if (errno == ERANGE || v > INT32_MAX || v < INT32_MIN) {
    *guest_errno(p) = ERANGE;
    return v > 0 ? INT32_MAX : INT32_MIN;
  }
  return static_cast<int32_t>(v);
}
uint32_t strtoul_(WindowsProcess& p, CStr s, Ptr end, int32_t base) {
  char* e = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &e, base);
  set_end(p, end, e);
  if (errno == ERANGE || (v > UINT32_MAX && v < 0xffffffff00000000ull)) {
    *guest_errno(p) = ERANGE;
    return UINT32_MAX;
  }
  return static_cast<uint32_t>(v);
}
double strtod_(WindowsProcess& p, CStr s, Ptr end) {
  char* e = nullptr;
  errno = 0;
  double v = std::strtod(s.c_str(), &e);
  if (errno == ERANGE) *guest_errno(p) = ERANGE;
  set_end(p, end, e);
  return v;
}
double atof_(WindowsProcess&, CStr s) { return std::atof(s.c_str()); }

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_string_exports() {
  static const std::vector<Export> exports = {
      EXPORT("strtok", strtok_),
      EXPORT("strtok_s", strtok_s_),
      EXPORT("strspn", strspn_),
      EXPORT("strcspn", strcspn_),
      EXPORT("strpbrk", strpbrk_),
      EXPORT("_strlwr", _strlwr_),
      EXPORT("_strupr", _strupr_),
      EXPORT("_strrev", _strrev_),
      EXPORT("_strset", _strset_),
      EXPORT("isgraph", isgraph_),
      EXPORT("_isctype", _isctype_),
      EXPORT("strcpy_s", strcpy_s_),
      EXPORT("strncpy_s", strncpy_s_),
      EXPORT("strcat_s", strcat_s_),
      EXPORT("strncat_s", strncat_s_),
      EXPORT("wcscpy_s", wcscpy_s_),
      EXPORT("wcscat_s", wcscat_s_),
      EXPORT("_itoa", itoa_<char>),
      EXPORT("_itow", itoa_<char16_t>),
      EXPORT("_ltow", itoa_<char16_t>),
      EXPORT("_ultow", ultoa_<char16_t>),
      EXPORT("_i64tow", i64toa_<char16_t>),
      EXPORT("_ui64tow", ui64toa_<char16_t>),
      EXPORT("_ltoa", itoa_<char>),
      EXPORT("_ultoa", ultoa_<char>),
      EXPORT("_i64toa", i64toa_<char>),
      EXPORT("_ui64toa", ui64toa_<char>),
      EXPORT("_itoa_s", _itoa_s_),
      EXPORT("_ltoa_s", _itoa_s_),
      EXPORT("_ultoa_s", _ultoa_s_),
      EXPORT("_i64toa_s", _i64toa_s_),
      EXPORT("_ui64toa_s", _ui64toa_s_),
      EXPORT("_itow_s", _itow_s_),
      EXPORT("_ltow_s", _itow_s_),
      EXPORT("_ultow_s", _ultow_s_),
      EXPORT("_i64tow_s", _i64tow_s_),
      EXPORT("_ui64tow_s", _ui64tow_s_),
      EXPORT("_splitpath", _splitpath_),
      EXPORT("_wsplitpath", _wsplitpath_),
      EXPORT("_splitpath_s", _splitpath_s_),
      EXPORT("_wsplitpath_s", _wsplitpath_s_),
      EXPORT("_strtoi64", _strtoi64_),
      EXPORT("_strtoui64", _strtoui64_),
      EXPORT("strtoll", _strtoi64_),
      EXPORT("strtoull", _strtoui64_),
      EXPORT("_atoi64", _atoi64_),
      EXPORT("atoll", _atoi64_),
      EXPORT("mbstowcs", mbstowcs_),
      EXPORT("wcstombs", wcstombs_),
      EXPORT("mbstowcs_s", mbstowcs_s_),
      EXPORT("wcstombs_s", wcstombs_s_),
      EXPORT("_wgetenv", _wgetenv_),
      EXPORT("_vscprintf", _vscprintf_),
      EXPORT("_scprintf", _scprintf_),
      EXPORT("_vsnwprintf", _vsnwprintf_),
      EXPORT("_snwprintf", _snwprintf_),
      EXPORT("swprintf", swprintf_legacy_),
      EXPORT("_swprintf", swprintf_legacy_),
      EXPORT("vswprintf", vswprintf_legacy_),
      EXPORT("_vswprintf", vswprintf_legacy_),
      EXPORT("_vscwprintf", _vscwprintf_),
      EXPORT("_getpid", _getpid_),
      EXPORT("perror", perror_),
      EXPORT("_wperror", _wperror_),
      EXPORT_LEAF("memcpy", memcpy_, LEAF(memcpy)),
      EXPORT_LEAF("memmove", memmove_, LEAF(memcpy)),
      EXPORT_LEAF("memset", memset_, LEAF(memset)),
      EXPORT_LEAF("memcmp", memcmp_, LEAF(memcmp)),
      EXPORT_LEAF("memchr", memchr_, LEAF(memchr)),
      EXPORT_LEAF("strlen", strlen_, LEAF(strlen)),
      EXPORT_LEAF("strnlen", strnlen_, LEAF(strnlen)),
      EXPORT_LEAF("strcmp", strcmp_, LEAF(strcmp)),
      EXPORT_LEAF("strncmp", strncmp_, LEAF(strncmp)),
      EXPORT_LEAF_SLOW("_stricmp", _stricmp_, LEAF(_stricmp), LOCALE_SLOW(_stricmp)),
      EXPORT("_strcmpi", _stricmp_),  // _stricmp's older name
      EXPORT_LEAF_SLOW("_strnicmp", _strnicmp_, LEAF(_strnicmp), LOCALE_SLOW(_strnicmp)),
      EXPORT_LEAF("strcpy", strcpy_, LEAF(strcpy)),
      EXPORT_LEAF("strncpy", strncpy_, LEAF(strncpy)),
      EXPORT_LEAF("strcat", strcat_, LEAF(strcat)),
      EXPORT_DIRECT("strncat", strncat_),
      EXPORT_LEAF("strchr", strchr_, LEAF(strchr)),
      EXPORT_LEAF("strrchr", strrchr_, LEAF(strrchr)),
      EXPORT_LEAF("strstr", strstr_, LEAF(strstr)),
      EXPORT_DIRECT("_strdup", _strdup_),
      EXPORT_LEAF("wcslen", wcslen_, LEAF(wcslen)),
      EXPORT_DIRECT("atoi", atoi_),
      EXPORT_DIRECT("atol", atoi_),
      EXPORT_DIRECT("strtol", strtol_),
      EXPORT_DIRECT("strtoul", strtoul_),
      EXPORT_DIRECT("strtod", strtod_),
      EXPORT_DIRECT("atof", atof_),
  };
  return exports;
}


// The Universal CRT's own rules (ucrtbase.dll's table, msvcrt/msvcrt.cpp).
const std::vector<Export>& ucrtbase_string_exports() {
  static const std::vector<Export> exports = {
      EXPORT_DIRECT("atoi", atoi_ucrt_),
      EXPORT_DIRECT("atol", atoi_ucrt_),
  };
  return exports;
}

}  // namespace polyrun::shims
