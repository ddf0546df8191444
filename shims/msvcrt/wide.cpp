// msvcrt.dll, wide strings: the wcs* family over UTF-16 (wchar_t is 16 bits on Windows). Case
// folding is the "C" locale's, as the C runtime's own in a program that never calls setlocale:
// ASCII letters only.
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"
#include "shims/msvcrt/x64_leaf.h"

namespace polyrun::shims {

namespace {

using wc = char16_t;

const wc* w(Ptr p) { return p.as<const wc>(); }
wc* wm(Ptr p) { return p.as<wc>(); }
size_t wlen(const wc* s) { return std::char_traits<wc>::length(s); }
Ptr at(const wc* s) { return Ptr(reinterpret_cast<uint64_t>(s)); }
wc fold(wc c) { return c >= u'A' && c <= u'Z' ? static_cast<wc>(c + 32) : c; }
wc ascii_upper(wc c) { return c >= u'a' && c <= u'z' ? static_cast<wc>(c - 32) : c; }

int32_t compare(const wc* a, const wc* b, size_t n, bool ignore_case) {
  for (size_t i = 0; i < n; ++i) {
    wc x = ignore_case ? fold(a[i]) : a[i], y = ignore_case ? fold(b[i]) : b[i];
    if (x != y) return x < y ? -1 : 1;
    if (!x) return 0;
  }
  return 0;
}

int32_t wcscmp_(WindowsProcess&, Ptr a, Ptr b) { return compare(w(a), w(b), SIZE_MAX, false); }
int32_t wcsncmp_(WindowsProcess&, Ptr a, Ptr b, USize n) { return compare(w(a), w(b), n, false); }
int32_t _wcsicmp_(WindowsProcess&, Ptr a, Ptr b) { return compare(w(a), w(b), SIZE_MAX, true); }
int32_t _wcsnicmp_(WindowsProcess&, Ptr a, Ptr b, USize n) { return compare(w(a), w(b), n, true); }

Ptr wcscpy_(WindowsProcess&, Ptr d, Ptr s) {
  std::memmove(wm(d), w(s), (wlen(w(s)) + 1) * 2);
  return d;
}
Ptr wcsncpy_(WindowsProcess&, Ptr d, Ptr s, USize n) {
  size_t len = std::min<size_t>(wlen(w(s)), n);
  std::memmove(wm(d), w(s), len * 2);
  for (size_t i = len; i < n; ++i) wm(d)[i] = 0;  // padded with NULs, as strncpy
  return d;
}
Ptr wcscat_(WindowsProcess&, Ptr d, Ptr s) {
  std::memmove(wm(d) + wlen(w(d)), w(s), (wlen(w(s)) + 1) * 2);
  return d;
}
Ptr wcsncat_(WindowsProcess&, Ptr d, Ptr s, USize n) {
  wc* end = wm(d) + wlen(w(d));
  size_t len = std::min<size_t>(wlen(w(s)), n);
  std::memmove(end, w(s), len * 2);
  end[len] = 0;
  return d;
}

Ptr wcschr_(WindowsProcess&, Ptr s, uint32_t c) {
  for (const wc* q = w(s);; ++q) {
    if (*q == static_cast<wc>(c)) return at(q);
    if (!*q) return Ptr(0);
  }
}
Ptr wcsrchr_(WindowsProcess&, Ptr s, uint32_t c) {
  const wc* found = nullptr;
  for (const wc* q = w(s);; ++q) {
    if (*q == static_cast<wc>(c)) found = q;
    if (!*q) return at(found);
  }
}
Ptr wcsstr_(WindowsProcess&, Ptr s, Ptr needle) {
  std::u16string_view hay(w(s)), n(w(needle));
  size_t i = hay.find(n);
  return i == std::u16string_view::npos ? Ptr(0) : at(w(s) + i);
}

USize wcsspn_(WindowsProcess&, Ptr s, Ptr set) {
  size_t i = std::u16string_view(w(s)).find_first_not_of(w(set));
  return i == std::u16string_view::npos ? wlen(w(s)) : i;
}
USize wcscspn_(WindowsProcess&, Ptr s, Ptr set) {
  size_t i = std::u16string_view(w(s)).find_first_of(w(set));
  return i == std::u16string_view::npos ? wlen(w(s)) : i;
}
Ptr wcspbrk_(WindowsProcess&, Ptr s, Ptr set) {
  size_t i = std::u16string_view(w(s)).find_first_of(w(set));
  return i == std::u16string_view::npos ? Ptr(0) : at(w(s) + i);
}

Ptr _wcsdup_(WindowsProcess& p, Ptr s) {
  if (!s) return Ptr(0);
  size_t bytes = (wlen(w(s)) + 1) * 2;
  uint64_t b = p.heap.alloc(bytes);
  if (b) std::memcpy(guest_pointer(b), w(s), bytes);
  return Ptr(b);
}

Ptr _wcslwr_(WindowsProcess&, Ptr s) {
  for (wc* q = wm(s); *q; ++q) *q = fold(*q);
  return s;
}
Ptr _wcsupr_(WindowsProcess&, Ptr s) {
  for (wc* q = wm(s); *q; ++q) *q = ascii_upper(*q);
  return s;
}

// wcstol family: the narrow conversion applied to the ASCII prefix that can belong to a number.
template <typename T, typename Conv>
T wide_to_number(WindowsProcess& p, Ptr s, Ptr end, Conv conv) {
  const wc* src = w(s);
  std::string narrow;
  for (const wc* q = src; *q && *q < 0x80; ++q) narrow += static_cast<char>(*q);
  char* e = nullptr;
  errno = 0;
  T v = conv(narrow.c_str(), &e);
  if (errno == ERANGE) *msvcrt_errno(p) = ERANGE;
  if (end) p.put_ptr(end.addr, reinterpret_cast<uint64_t>(src + (e - narrow.c_str())));
  return v;
}

int32_t wcstol_(WindowsProcess& p, Ptr s, Ptr end, int32_t base) {
  long long v = wide_to_number<long long>(p, s, end, [base](const char* c, char** e) { return std::strtoll(c, e, base); });
  if (v > INT32_MAX || v < INT32_MIN) {
    *msvcrt_errno(p) = ERANGE;
    return v > 0 ? INT32_MAX : INT32_MIN;
  }
  return static_cast<int32_t>(v);
}
uint32_t wcstoul_(WindowsProcess& p, Ptr s, Ptr end, int32_t base) {
  unsigned long long v =
      wide_to_number<unsigned long long>(p, s, end, [base](const char* c, char** e) { return std::strtoull(c, e, base); });
  // A negated value wraps (down to -UINT32_MAX); anything else beyond 32 bits is out of range.
  if (v > UINT32_MAX && v < 0xffffffff00000000ull) {
    *msvcrt_errno(p) = ERANGE;
    return UINT32_MAX;
  }
  return static_cast<uint32_t>(v);
}
int64_t _wcstoi64_(WindowsProcess& p, Ptr s, Ptr end, int32_t base) {
  return wide_to_number<long long>(p, s, end, [base](const char* c, char** e) { return std::strtoll(c, e, base); });
}
uint64_t _wcstoui64_(WindowsProcess& p, Ptr s, Ptr end, int32_t base) {
  return wide_to_number<unsigned long long>(p, s, end, [base](const char* c, char** e) { return std::strtoull(c, e, base); });
}
double wcstod_(WindowsProcess& p, Ptr s, Ptr end) {
  return wide_to_number<double>(p, s, end, [](const char* c, char** e) { return std::strtod(c, e); });
}
int32_t _wtoi_(WindowsProcess& p, Ptr s) { return wcstol_(p, s, Ptr(0), 10); }
int64_t _wtoi64_(WindowsProcess& p, Ptr s) { return _wcstoi64_(p, s, Ptr(0), 10); }

// Character classes of the "C" locale for UTF-16 code units.
// (KERNEL32's Unicode classes: crt_wide_class)
int32_t iswalpha_(WindowsProcess&, uint32_t c) { return crt_wide_class(c & 0xffff, 0x103); }
int32_t iswdigit_(WindowsProcess&, uint32_t c) { return crt_wide_class(c & 0xffff, 0x4); }
int32_t iswspace_(WindowsProcess&, uint32_t c) { return crt_wide_class(c & 0xffff, 0x8); }

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_wide_exports() {
  static const std::vector<Export> exports = {
      EXPORT_LEAF("wcscmp", wcscmp_, LEAF(wcscmp)),
      EXPORT("wcsncmp", wcsncmp_),
      EXPORT("_wcsicmp", _wcsicmp_),
      EXPORT("_wcsnicmp", _wcsnicmp_),
      EXPORT("wcscpy", wcscpy_),
      EXPORT("wcsncpy", wcsncpy_),
      EXPORT("wcscat", wcscat_),
      EXPORT("wcsncat", wcsncat_),
      EXPORT_LEAF("wcschr", wcschr_, LEAF(wcschr)),
      EXPORT("wcsrchr", wcsrchr_),
      EXPORT("wcsstr", wcsstr_),
      EXPORT("wcsspn", wcsspn_),
      EXPORT("wcscspn", wcscspn_),
      EXPORT("wcspbrk", wcspbrk_),
      EXPORT("_wcsdup", _wcsdup_),
      EXPORT("_wcslwr", _wcslwr_),
      EXPORT("_wcsupr", _wcsupr_),
      EXPORT("wcstol", wcstol_),
      EXPORT("wcstoul", wcstoul_),
      EXPORT("_wcstoi64", _wcstoi64_),
      EXPORT("_wcstoui64", _wcstoui64_),
      EXPORT("wcstod", wcstod_),
      EXPORT("_wtoi", _wtoi_),
      EXPORT("_wtol", _wtoi_),
      EXPORT("_wtoi64", _wtoi64_),
      EXPORT("iswalpha", iswalpha_),
      EXPORT("iswdigit", iswdigit_),
      EXPORT("iswspace", iswspace_),
  };
  return exports;
}

}  // namespace polyrun::shims
