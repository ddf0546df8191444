// SHLWAPI's (and KernelBase's) string functions that look into strings without changing them
// (StrTrim aside): finding a character (StrChr, StrChrI, StrChrN, StrRChr, StrRChrI: NULL for a
// NULL string), spans (StrSpn, StrCSpn, StrCSpnI: characters from the start that are, or are not,
// in a set; 0 for a NULL argument), StrPBrk, StrStrN and StrStrNI (a search within the first n
// characters), the comparisons (StrCmp, StrCmpI: the locale's word order, as lstrcmp on Windows
// sorts: see locale_compare; the C forms StrCmpC, StrCmpIC, StrCmpNC, StrCmpNIC: ASCII order as
// the C runtime's strcmp, as Microsoft's pages for them say; StrCmpLogical: runs of digits compared as numbers, the
// rest without case), ChrCmpI, StrIsIntlEqual (IntlStrEqWorker) over n characters, IsCharSpace,
// and StrTrim, which removes the characters of a set from both ends in place (TRUE when it removed
// any). The ANSI forms see UTF-8 byte by byte: its code page has no lead bytes of two-byte
// characters, so a character argument (a WORD) is its low byte.
#include <cstring>
#include <string>

#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/shlwapi/string_util.h"

namespace polyrun::shims::shlwapi_search {

namespace {

using shlwapi_text::code;
using shlwapi_text::length;
using shlwapi_text::upper;

template <typename C>
Ptr at(const C* s) { return Ptr(reinterpret_cast<uint64_t>(s)); }

// The character argument as the string's unit: an ANSI WORD's low byte (no lead bytes in UTF-8).
template <typename C>
uint32_t char_arg(uint32_t ch) { return sizeof(C) == 1 ? (ch & 0xff) : (ch & 0xffff); }

template <typename C>
bool same_char(C a, uint32_t b, bool fold) {
  return fold ? upper(a) == upper(static_cast<C>(b)) : code(a) == b;
}

// ---- characters ----

template <typename C, bool Fold>
Ptr find_char(Ptr s, uint32_t ch) {
  if (!s) return Ptr(0);
  const uint32_t want = char_arg<C>(ch);
  for (const C* p = s.as<const C>(); *p; ++p)
    if (same_char(*p, want, Fold)) return at(p);
  return Ptr(0);
}
template <typename C>
Ptr StrChr(WindowsProcess&, Ptr s, uint32_t ch) { return find_char<C, false>(s, ch); }
template <typename C>
Ptr StrChrI(WindowsProcess&, Ptr s, uint32_t ch) { return find_char<C, true>(s, ch); }

// StrChrNW: within the first `max` characters.
Ptr StrChrNW(WindowsProcess&, Ptr s, uint32_t ch, uint32_t max) {
  if (!s) return Ptr(0);
  const char16_t* p = s.as<const char16_t>();
  for (uint32_t i = 0; i < max && p[i]; ++i)
    if (p[i] == static_cast<char16_t>(ch)) return at(p + i);
  return Ptr(0);
}

// StrRChr(string, end, ch): the last match before `end` (NULL: the string's end); the ANSI forms
// look at the character at `end` too.
template <typename C, bool Fold>
Ptr find_last_char(Ptr s, Ptr end, uint32_t ch) {
  if (!s) return Ptr(0);
  const C* p = s.as<const C>();
  const C* stop = end ? end.as<const C>() : p + length(p);
  const uint32_t want = char_arg<C>(ch);
  const C* found = nullptr;
  for (; *p && (sizeof(C) == 1 ? p <= stop : p < stop); ++p)
    if (same_char(*p, want, Fold)) found = p;
  return at(found);
}
template <typename C>
Ptr StrRChr(WindowsProcess&, Ptr s, Ptr end, uint32_t ch) { return find_last_char<C, false>(s, end, ch); }
template <typename C>
Ptr StrRChrI(WindowsProcess&, Ptr s, Ptr end, uint32_t ch) { return find_last_char<C, true>(s, end, ch); }

// ---- spans and sets ----

template <typename C>
bool in_set(const C* set, C c, bool fold) {
  for (; *set; ++set)
    if (same_char(*set, code(c), fold)) return true;
  return false;
}
template <typename C>
int32_t span(Ptr s, Ptr set, bool inside, bool fold) {
  if (!s || !set) return 0;
  const C* p = s.as<const C>();
  const C* m = set.as<const C>();
  size_t n = 0;
  while (p[n] && in_set(m, p[n], fold) == inside) ++n;
  return static_cast<int32_t>(n);
}
template <typename C>
int32_t StrSpn(WindowsProcess&, Ptr s, Ptr set) { return span<C>(s, set, true, false); }
template <typename C>
int32_t StrCSpn(WindowsProcess&, Ptr s, Ptr set) { return span<C>(s, set, false, false); }
template <typename C>
int32_t StrCSpnI(WindowsProcess&, Ptr s, Ptr set) { return span<C>(s, set, false, true); }

template <typename C>
Ptr StrPBrk(WindowsProcess&, Ptr s, Ptr set) {
  if (!s || !set || !*set.as<const C>()) return Ptr(0);
  for (const C* p = s.as<const C>(); *p; ++p)
    if (in_set(set.as<const C>(), *p, false)) return at(p);
  return Ptr(0);
}

// StrStrNW, StrStrNIW: the first match that starts within the first `max` characters.
template <bool Fold>
Ptr find_within(Ptr s, Ptr what, uint32_t max) {
  if (!s || !what || !*what.as<const char16_t>() || !max) return Ptr(0);
  const char16_t* needle = what.as<const char16_t>();
  const size_t n = length(needle);
  const char16_t* p = s.as<const char16_t>();
  for (uint32_t left = max; *p && left > 0; --left, ++p) {
    size_t i = 0;
    while (i < n && p[i] && same_char(p[i], needle[i], Fold)) ++i;
    if (i == n) return at(p);
  }
  return Ptr(0);
}
Ptr StrStrNW(WindowsProcess&, Ptr s, Ptr what, uint32_t max) { return find_within<false>(s, what, max); }
Ptr StrStrNIW(WindowsProcess&, Ptr s, Ptr what, uint32_t max) { return find_within<true>(s, what, max); }

// ---- comparisons ----

// <0, 0, >0 over at most `n` characters (a negative n: the whole strings).
template <typename C>
int32_t compare(const C* a, const C* b, int64_t n, bool fold) {
  for (int64_t i = 0; n < 0 || i < n; ++i) {
    const uint32_t x = fold ? upper(a[i]) : code(a[i]);
    const uint32_t y = fold ? upper(b[i]) : code(b[i]);
    if (x != y) return x < y ? -1 : 1;
    if (!x) break;
  }
  return 0;
}
// KERNEL32's lstrcmp rule for NULL strings: NULL is less than any string, and equal to NULL.
template <typename C>
int32_t compare_or_null(Ptr a, Ptr b, int64_t n, bool fold) {
  if (!a || !b) return !a && !b ? 0 : !a ? -1 : 1;
  return compare(a.as<const C>(), b.as<const C>(), n, fold);
}

// The locale's word order (en-US), as Windows' CompareString without flags sorts text: first by
// the characters without case, hyphens and apostrophes left out, symbols before digits and digits
// before letters; then (unless case is ignored) a small letter before its capital at the first
// place they differ so; then the text with a hyphen or apostrophe after the text without.
uint32_t sort_weight(char16_t c) {
  const uint32_t u = upper(c);
  if (u >= 'A' && u <= 'Z') return 0x300 + u;
  if (u >= '0' && u <= '9') return 0x200 + u;
  if (u < 0x80) return 0x100 + u;
  return 0x10000 + u;
}
bool ignored_in_words(char16_t c) { return c == u'-' || c == u'\''; }
int32_t locale_compare(const char16_t* a, const char16_t* b, bool ignore_case) {
  std::u16string x, y;
  for (const char16_t* p = a; *p; ++p)
    if (!ignored_in_words(*p)) x += *p;
  for (const char16_t* p = b; *p; ++p)
    if (!ignored_in_words(*p)) y += *p;
  for (size_t i = 0; i < x.size() && i < y.size(); ++i)
    if (sort_weight(x[i]) != sort_weight(y[i])) return sort_weight(x[i]) < sort_weight(y[i]) ? -1 : 1;
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  if (!ignore_case)
    for (size_t i = 0; i < x.size(); ++i)
      if (x[i] != y[i]) return x[i] > y[i] ? -1 : 1;  // the small letter (the greater code) first
  const size_t la = length(a), lb = length(b);
  if (la != lb) return la < lb ? -1 : 1;
  return compare(a, b, -1, ignore_case);
}
int32_t locale_compare_or_null(Ptr a, Ptr b, bool ignore_case) {
  if (!a || !b) return !a && !b ? 0 : !a ? -1 : 1;
  return locale_compare(a.as<const char16_t>(), b.as<const char16_t>(), ignore_case);
}
int32_t StrCmpW(WindowsProcess&, Ptr a, Ptr b) { return locale_compare_or_null(a, b, false); }
int32_t StrCmpIW(WindowsProcess&, Ptr a, Ptr b) { return locale_compare_or_null(a, b, true); }
template <typename C>
int32_t StrCmpC(WindowsProcess&, Ptr a, Ptr b) { return compare_or_null<C>(a, b, -1, false); }
template <typename C>
int32_t StrCmpIC(WindowsProcess&, Ptr a, Ptr b) { return compare_or_null<C>(a, b, -1, true); }
template <typename C>
int32_t StrCmpNC(WindowsProcess&, Ptr a, Ptr b, int32_t n) { return n <= 0 ? 0 : compare_or_null<C>(a, b, n, false); }
template <typename C>
int32_t StrCmpNIC(WindowsProcess&, Ptr a, Ptr b, int32_t n) { return n <= 0 ? 0 : compare_or_null<C>(a, b, n, true); }

// ChrCmpI: 0 when the two characters are the same but for case, else nonzero (-1 or 1 by order).
template <typename C>
int32_t ChrCmpI(WindowsProcess&, uint32_t a, uint32_t b) {
  const uint32_t x = upper(static_cast<C>(char_arg<C>(a))), y = upper(static_cast<C>(char_arg<C>(b)));
  return x == y ? 0 : x < y ? -1 : 1;
}

bool is_digit(char16_t c) { return c >= u'0' && c <= u'9'; }

// StrCmpLogicalW: as Windows Explorer sorts names; a run of digits against a run of digits by
// value ("2" before "10"), a digit before any other character, the rest without case in the
// locale's order (locale_compare's weights). A NULL
// string compares equal to anything.
int32_t StrCmpLogicalW(WindowsProcess&, Ptr a, Ptr b) {
  if (!a || !b) return 0;
  const char16_t* x = a.as<const char16_t>();
  const char16_t* y = b.as<const char16_t>();
  while (*x) {
    if (!*y) return 1;
    if (is_digit(*x)) {
      if (!is_digit(*y)) return -1;
      // The runs' values as StrToIntEx reads them (a 32-bit int).
      uint32_t vx = 0, vy = 0;
      while (is_digit(*x)) vx = vx * 10 + static_cast<uint32_t>(*x++ - u'0');
      while (is_digit(*y)) vy = vy * 10 + static_cast<uint32_t>(*y++ - u'0');
      const int32_t sx = static_cast<int32_t>(vx), sy = static_cast<int32_t>(vy);
      if (sx != sy) return sx < sy ? -1 : 1;
      continue;
    }
    if (is_digit(*y)) return 1;
    const uint32_t ux = sort_weight(*x), uy = sort_weight(*y);
    if (ux != uy) return ux < uy ? -1 : 1;
    ++x, ++y;
  }
  return *y ? -1 : 0;
}

// StrIsIntlEqual(case_sensitive, a, b, n): TRUE when the first n characters (n < 0: all) are equal,
// without case unless asked. IntlStrEqWorker is the same function under its older name.
template <typename C>
BOOL StrIsIntlEqual(WindowsProcess&, int32_t case_sensitive, Ptr a, Ptr b, int32_t n) {
  if (!a || !b) return FALSE;
  const C* x = a.as<const C>();
  const C* y = b.as<const C>();
  const size_t lx = n < 0 ? length(x) : std::min<size_t>(static_cast<size_t>(n), length(x));
  const size_t ly = n < 0 ? length(y) : std::min<size_t>(static_cast<size_t>(n), length(y));
  if (lx != ly) return FALSE;
  for (size_t i = 0; i < lx; ++i)
    if (case_sensitive ? code(x[i]) != code(y[i]) : upper(x[i]) != upper(y[i])) return FALSE;
  return TRUE;
}

// IsCharSpace: whether the character is of class C1_SPACE (GetStringTypeW's).
BOOL IsCharSpaceW(WindowsProcess&, uint32_t ch) { return (char_type1(static_cast<char16_t>(ch)) & 0x8) ? TRUE : FALSE; }
BOOL IsCharSpaceA(WindowsProcess&, uint32_t ch) {
  const std::u16string w = ansi_to_utf16(std::string(1, static_cast<char>(ch & 0xff)));
  return !w.empty() && (char_type1(w[0]) & 0x8) ? TRUE : FALSE;
}

// ---- StrTrim ----

template <typename C>
BOOL StrTrim(WindowsProcess&, Ptr s, Ptr set) {
  if (!s || !*s.as<const C>()) return FALSE;
  C* p = s.as<C>();
  const C* m = set.as<const C>();
  BOOL changed = FALSE;
  size_t skip = 0;
  while (p[skip] && in_set(m, p[skip], false)) ++skip;
  size_t n = length(p + skip);
  if (skip) {
    std::memmove(p, p + skip, (n + 1) * sizeof(C));
    changed = TRUE;
  }
  size_t end = n;
  while (end > 0 && in_set(m, p[end - 1], false)) --end;
  if (end != n) {
    p[end] = 0;
    changed = TRUE;
  }
  return changed;
}

#define SHLWAPI_BOTH(name) EXPORT(#name "A", name<char>), EXPORT(#name "W", name<char16_t>)

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {
      SHLWAPI_BOTH(StrChr),     SHLWAPI_BOTH(StrChrI),   EXPORT("StrChrNW", StrChrNW), SHLWAPI_BOTH(StrRChr),
      SHLWAPI_BOTH(StrRChrI),   SHLWAPI_BOTH(StrSpn),    SHLWAPI_BOTH(StrCSpn),        SHLWAPI_BOTH(StrCSpnI),
      SHLWAPI_BOTH(StrPBrk),    EXPORT("StrStrNW", StrStrNW), EXPORT("StrStrNIW", StrStrNIW),
      EXPORT("StrCmpW", StrCmpW), EXPORT("StrCmpIW", StrCmpIW), SHLWAPI_BOTH(StrCmpC), SHLWAPI_BOTH(StrCmpIC),
      SHLWAPI_BOTH(StrCmpNC),   SHLWAPI_BOTH(StrCmpNIC), SHLWAPI_BOTH(ChrCmpI),
      EXPORT("StrCmpLogicalW", StrCmpLogicalW), SHLWAPI_BOTH(StrIsIntlEqual),
      EXPORT("IntlStrEqWorkerA", StrIsIntlEqual<char>), EXPORT("IntlStrEqWorkerW", StrIsIntlEqual<char16_t>),
      EXPORT("IsCharSpaceA", IsCharSpaceA), EXPORT("IsCharSpaceW", IsCharSpaceW), SHLWAPI_BOTH(StrTrim),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_search
