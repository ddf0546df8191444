// KERNEL32.dll: KERNEL32's string functions: lstrlen, lstrcmp(i), lstrcpy(n), lstrcat, MulDiv, CompareString
// (the A forms' text in the ANSI code page: lengths and copies in bytes, comparisons of its characters).
#include <strings.h>

#include <cctype>
#include <cstring>

#include "shims/core/shim.h"
#include "shims/kernel32/char_types.h"

namespace polyrun::shims {

namespace {

// ---- strings ----

int32_t lstrlenA(WindowsProcess&, CStr s) { return s.addr ? static_cast<int32_t>(std::strlen(s.c_str())) : 0; }
int32_t lstrlenW(WindowsProcess&, WStr s) { return s.addr ? static_cast<int32_t>(s.str().size()) : 0; }
std::u16string fold(std::u16string s) {
  for (auto& c : s)
    if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c + 32);
  return s;
}
// The A functions compare the characters of the ANSI code page, not its bytes: their text as
// UTF-16, with every letter's case folded (É and é) where case is ignored.
std::u16string ansi_text(const char* s, size_t n, bool ignore_case) {
  std::u16string w = ansi_to_utf16(std::string_view(s, n));
  if (ignore_case)
    for (auto& c : w) c = char_lower(c);
  return w;
}
int32_t lstrcmpA(WindowsProcess&, AStr a, AStr b) {
  const std::string x = a.bytes(), y = b.bytes();
  int r = ansi_text(x.data(), x.size(), false).compare(ansi_text(y.data(), y.size(), false));
  return (r > 0) - (r < 0);
}
int32_t lstrcmpiA(WindowsProcess&, AStr a, AStr b) {
  const std::string x = a.bytes(), y = b.bytes();
  int r = ansi_text(x.data(), x.size(), true).compare(ansi_text(y.data(), y.size(), true));
  return (r > 0) - (r < 0);
}
int32_t lstrcmpW(WindowsProcess&, WStr a, WStr b) {
  int r = a.str().compare(b.str());
  return (r > 0) - (r < 0);
}
int32_t lstrcmpiW(WindowsProcess&, WStr a, WStr b) {
  int r = fold(a.str()).compare(fold(b.str()));
  return (r > 0) - (r < 0);
}
Ptr lstrcpyA(WindowsProcess&, Ptr d, CStr s) {
  std::strcpy(d.as<char>(), s.c_str());
  return d;
}
Ptr lstrcpyW(WindowsProcess&, Ptr d, WStr s) {
  std::u16string w = s.str();
  std::memcpy(d.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  return d;
}
// lstrcpyn: at most n - 1 characters and always the NUL (none at all for n 0).
Ptr lstrcpynA(WindowsProcess&, Ptr d, Ptr s, int32_t n) {
  char* to = d.as<char>();
  const char* from = s.as<char>();
  for (; n > 1 && *from; --n) *to++ = *from++;
  if (n > 0) *to = 0;
  return d;
}
Ptr lstrcpynW(WindowsProcess&, Ptr d, Ptr s, int32_t n) {
  char16_t* to = d.as<char16_t>();
  const char16_t* from = s.as<char16_t>();
  for (; n > 1 && *from; --n) *to++ = *from++;
  if (n > 0) *to = 0;
  return d;
}
Ptr lstrcatA(WindowsProcess&, Ptr d, CStr s) {
  std::strcat(d.as<char>(), s.c_str());
  return d;
}
Ptr lstrcatW(WindowsProcess&, Ptr d, WStr s) {
  const std::u16string w = s.str();
  char16_t* end = d.as<char16_t>();
  while (*end) ++end;
  std::memcpy(end, w.c_str(), (w.size() + 1) * 2);
  return d;
}

// MulDiv: a * b / c with a 64-bit product, rounded half away from zero; -1 when c is 0 or the
// result does not fit in 32 bits.
int32_t MulDiv(WindowsProcess&, int32_t a, int32_t b, int32_t c) {
  if (c == 0) return -1;
  int64_t n = static_cast<int64_t>(a) * b;
  int64_t d = c;
  if (d < 0) n = -n, d = -d;
  const int64_t q = n >= 0 ? (n + d / 2) / d : -((-n + d / 2) / d);
  return q > INT32_MAX || q < INT32_MIN ? -1 : static_cast<int32_t>(q);
}

// CompareString: CSTR_LESS_THAN 1, CSTR_EQUAL 2, CSTR_GREATER_THAN 3; NORM_IGNORECASE is 1.
int32_t compare_result(int r) { return r < 0 ? 1 : r == 0 ? 2 : 3; }
int32_t CompareStringA(WindowsProcess&, uint32_t, uint32_t flags, AStr a, int32_t na, AStr b, int32_t nb) {
  const size_t la = na < 0 ? std::strlen(a.data()) : static_cast<size_t>(na);
  const size_t lb = nb < 0 ? std::strlen(b.data()) : static_cast<size_t>(nb);
  return compare_result(ansi_text(a.data(), la, flags & 1).compare(ansi_text(b.data(), lb, flags & 1)));
}
int32_t CompareStringW(WindowsProcess&, uint32_t, uint32_t flags, WStr a, int32_t na, WStr b, int32_t nb) {
  std::u16string x = na < 0 ? a.str() : std::u16string(a.data(), static_cast<size_t>(na));
  std::u16string y = nb < 0 ? b.str() : std::u16string(b.data(), static_cast<size_t>(nb));
  if (flags & 1) x = fold(x), y = fold(y);
  return compare_result(x.compare(y));
}

}  // namespace
const std::vector<Export>& kernel32_strings_exports() {
  static const std::vector<Export> exports = {
          EXPORT("lstrlenA", lstrlenA),
          EXPORT("lstrlenW", lstrlenW),
          EXPORT("lstrcmpA", lstrcmpA),
          EXPORT("lstrcmpiA", lstrcmpiA),
          EXPORT("lstrcmpW", lstrcmpW),
          EXPORT("lstrcmpiW", lstrcmpiW),
          EXPORT("lstrcpyA", lstrcpyA),
          EXPORT("lstrcpyW", lstrcpyW),
          EXPORT("lstrcpynA", lstrcpynA),
          EXPORT("lstrcpynW", lstrcpynW),
          EXPORT("lstrcatA", lstrcatA),
          EXPORT("lstrcatW", lstrcatW),
          // The names without A or W: the narrow functions (what 16-bit Windows called them).
          EXPORT("lstrlen", lstrlenA),
          EXPORT("lstrcmp", lstrcmpA),
          EXPORT("lstrcmpi", lstrcmpiA),
          EXPORT("lstrcpy", lstrcpyA),
          EXPORT("lstrcpyn", lstrcpynA),
          EXPORT("lstrcat", lstrcatA),
          EXPORT("MulDiv", MulDiv),
          EXPORT("CompareStringA", CompareStringA),
          EXPORT("CompareStringW", CompareStringW),
  };
  return exports;
}

}  // namespace polyrun::shims
