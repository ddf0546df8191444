// SHLWAPI's string functions: finding a string in another (StrStr, StrStrI, StrRStrI: the last
// occurrence that starts before an end, by default the string's end), comparing the first n
// characters (StrCmpN, StrCmpNI: <0, 0, >0), and printf-style formatting into a buffer of a given
// size (wnsprintf, wvnsprintf: as _vsnprintf, -1 when the text does not fit, the buffer then cut
// and ended with a NUL; -1 for a size of 0, and an empty buffer for a negative one). Letters are
// compared without case as Windows' invariant case mapping does for ASCII and Latin-1 (the narrow
// functions' bytes as the ANSI code page's characters). wnsprintfA's result is in the ANSI code
// page, wnsprintfW's %hs strings are taken from it.
#include <cstring>
#include <string>
#include <type_traits>

#include "shims/core/guest_memory.h"
#include "shims/core/printf_format.h"
#include "shims/core/printf_text.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/windows_process.h"
#include "shims/kernel32/char_types.h"

namespace polyrun::shims {

namespace {

// A character folded for comparing without case, as a code: a byte of the narrow forms above
// ASCII is the ANSI code page's character in KERNEL32's upper case.
template <typename C>
uint32_t fold_char(C c) {
  const auto u = static_cast<uint32_t>(static_cast<std::make_unsigned_t<C>>(c));
  if (sizeof(C) == 1 && u >= 0x80) {
    const std::u16string w = ansi_to_utf16(std::string(1, static_cast<char>(u)));
    return w.empty() ? u : char_upper(w[0]);
  }
  if (u >= 'a' && u <= 'z') return u - 32;
  // Latin-1's small letters (but ÷ and ÿ) in UTF-16.
  if (sizeof(C) == 2 && u >= 0xe0 && u <= 0xfe && u != 0xf7) return u - 32;
  return u;
}

template <typename C>
size_t str_length(const C* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

template <typename C>
bool same_at(const C* s, const C* what, size_t n, bool fold) {
  for (size_t i = 0; i < n; ++i)
    if (fold ? fold_char(s[i]) != fold_char(what[i]) : s[i] != what[i]) return false;
  return true;
}

template <typename C>
Ptr str_str(Ptr s, Ptr what, bool fold) {
  if (!s || !what) return Ptr(0);
  const C* hay = s.as<const C>();
  const C* needle = what.as<const C>();
  const size_t n = str_length(needle);
  for (const C* at = hay; *at; ++at)
    if (same_at(at, needle, n, fold)) return Ptr(reinterpret_cast<uint64_t>(at));
  return Ptr(0);
}

template <typename C>
Ptr StrStr(WindowsProcess&, Ptr s, Ptr what) { return str_str<C>(s, what, false); }
template <typename C>
Ptr StrStrI(WindowsProcess&, Ptr s, Ptr what) { return str_str<C>(s, what, true); }

// StrRStrI(string, end, what): the last match starting before `end` (NULL: the string's end).
template <typename C>
Ptr StrRStrI(WindowsProcess&, Ptr s, Ptr end, Ptr what) {
  if (!s || !what) return Ptr(0);
  const C* hay = s.as<const C>();
  const C* needle = what.as<const C>();
  const size_t n = str_length(needle);
  const C* stop = end ? end.as<const C>() : hay + str_length(hay);
  const C* found = nullptr;
  for (const C* at = hay; at < stop && *at; ++at)
    if (same_at(at, needle, n, true)) found = at;
  return Ptr(reinterpret_cast<uint64_t>(found));
}

template <typename C>
int32_t str_cmp_n(Ptr a, Ptr b, int32_t n, bool fold) {
  const C* x = a.as<const C>();
  const C* y = b.as<const C>();
  for (int32_t i = 0; i < n; ++i) {
    const uint32_t cx = fold ? fold_char(x[i]) : static_cast<uint32_t>(static_cast<std::make_unsigned_t<C>>(x[i]));
    const uint32_t cy = fold ? fold_char(y[i]) : static_cast<uint32_t>(static_cast<std::make_unsigned_t<C>>(y[i]));
    if (cx != cy) return cx < cy ? -1 : 1;
    if (!cx) break;
  }
  return 0;
}

template <typename C>
int32_t StrCmpN(WindowsProcess&, Ptr a, Ptr b, int32_t n) { return str_cmp_n<C>(a, b, n, false); }
template <typename C>
int32_t StrCmpNI(WindowsProcess&, Ptr a, Ptr b, int32_t n) { return str_cmp_n<C>(a, b, n, true); }

// The formatted text stored by _vsnprintf's rule, then wvnsprintf's: a size of 0 fails, a
// negative one empties the buffer and fails, a text that does not fit is cut and ended.
template <typename C>
int32_t store_formatted(const std::basic_string<C>& text, uint64_t buf, int32_t size) {
  if (size == 0) return -1;
  if (size < 0) {
    put<C>(buf, 0);
    return -1;
  }
  const size_t room = static_cast<size_t>(size);
  if (text.size() < room) {
    std::memcpy(reinterpret_cast<void*>(buf), text.c_str(), (text.size() + 1) * sizeof(C));
    return static_cast<int32_t>(text.size());
  }
  std::memcpy(reinterpret_cast<void*>(buf), text.data(), (room - 1) * sizeof(C));
  put<C>(buf + (room - 1) * sizeof(C), 0);
  return -1;
}

// (Strings of the other width in the ANSI code page.)
PrintfText ansi_code_page_text() {
  PrintfText t;
  t.narrow_of_wide = [](std::u16string_view w, std::string& out) { return out = utf16_to_ansi(w), true; };
  t.wide_of_narrow = [](std::string_view s) { return ansi_to_utf8(s); };
  return t;
}
int32_t format_narrow_into(WindowsProcess&, Ptr buf, int32_t size, CStr fmt, VarArgs& va) {
  PrintfText text = ansi_code_page_text();
  return store_formatted<char>(format_printf_text(fmt.c_str(), va, false, true, text), buf.addr, size);
}
int32_t format_wide_into(WindowsProcess&, Ptr buf, int32_t size, WStr fmt, VarArgs& va) {
  PrintfText conversions = ansi_code_page_text();
  const std::u16string text =
      utf8_to_utf16(format_printf_text(utf16_to_utf8(fmt.str()).c_str(), va, true, true, conversions));
  return store_formatted<char16_t>(text, buf.addr, size);
}

int32_t wnsprintfA(WindowsProcess& p, Ptr buf, int32_t size, CStr fmt, VarArgs va) {
  return format_narrow_into(p, buf, size, fmt, va);
}
int32_t wnsprintfW(WindowsProcess& p, Ptr buf, int32_t size, WStr fmt, VarArgs va) {
  return format_wide_into(p, buf, size, fmt, va);
}
int32_t wvnsprintfA(WindowsProcess& p, Ptr buf, int32_t size, CStr fmt, Ptr list) {
  VarArgs va{nullptr, 0, list.addr, p.isa->ptr};
  return format_narrow_into(p, buf, size, fmt, va);
}
int32_t wvnsprintfW(WindowsProcess& p, Ptr buf, int32_t size, WStr fmt, Ptr list) {
  VarArgs va{nullptr, 0, list.addr, p.isa->ptr};
  return format_wide_into(p, buf, size, fmt, va);
}

#define SHLWAPI_BOTH(name) EXPORT(#name "A", name<char>), EXPORT(#name "W", name<char16_t>)

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& shlwapi_string_exports() {
  static const std::vector<Export> exports = {
      SHLWAPI_BOTH(StrStr), SHLWAPI_BOTH(StrStrI), SHLWAPI_BOTH(StrRStrI), SHLWAPI_BOTH(StrCmpN),
      SHLWAPI_BOTH(StrCmpNI),
      EXPORT("wnsprintfA", wnsprintfA), EXPORT("wnsprintfW", wnsprintfW),
      EXPORT("wvnsprintfA", wvnsprintfA), EXPORT("wvnsprintfW", wvnsprintfW),
  };
  return exports;
}

}  // namespace polyrun::shims
