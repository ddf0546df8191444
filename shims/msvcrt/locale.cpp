// msvcrt.dll and the Universal CRT, the locale's functions (msvcrt/crt_locale.h holds the locale):
// setlocale, collation (strcoll, _stricoll, _strncoll, _strnicoll), character classes and case of
// bytes, the code page and __mb_cur_max (and msvcrt.dll's __lc_* variables), localeconv's struct
// lconv (the "C" locale's conventions), per-thread locale settings, and the multibyte conversions
// mbrtowc, mbrlen and wcrtomb.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <mutex>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/kernel32/char_types.h"
#include "shims/core/code_pages.h"
#include "shims/msvcrt/x64_leaf.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

// ---- locale ----

// setlocale: the name the category has after the call, in a buffer of the runtime's; null where
// the name is no locale's (msvcrt/locale_state.cpp).
Ptr set_locale(WindowsProcess& p, int32_t category, CStr name, bool ucrt) {
  const std::string* now = crt_locale::set(p, category, name.addr ? name.c_str() : nullptr, ucrt);
  if (!now) return Ptr(0);
  uint64_t& slot = data_slot(p, "locale-name", 1024);
  std::memcpy(reinterpret_cast<void*>(slot), now->c_str(), std::min<size_t>(now->size() + 1, 1023));
  return Ptr(slot);
}
Ptr setlocale_(WindowsProcess& p, int32_t category, CStr name) { return set_locale(p, category, name, false); }
Ptr setlocale_ucrt_(WindowsProcess& p, int32_t category, CStr name) { return set_locale(p, category, name, true); }

// Collation: the "C" locale's is the bytes' order; another locale's is KERNEL32's linguistic
// comparison (CompareStringW, SORT_STRINGSORT) of the strings in LC_COLLATE's code page.
struct Scratch {
  WindowsProcess& p;
  uint64_t addr;
  Scratch(WindowsProcess& proc, uint64_t size) : p(proc), addr(proc.heap.alloc(size, true)) {}
  ~Scratch() { p.heap.free(addr); }
};
int32_t compare_wide(WindowsProcess& p, const std::u16string& a, const std::u16string& b, bool fold) {
  Scratch s(p, (a.size() + b.size() + 2) * 2);
  std::memcpy(reinterpret_cast<void*>(s.addr), a.c_str(), (a.size() + 1) * 2);
  const uint64_t at_b = s.addr + (a.size() + 1) * 2;
  std::memcpy(reinterpret_cast<void*>(at_b), b.c_str(), (b.size() + 1) * 2);
  const int32_t r = static_cast<int32_t>(p.call_export(
      "kernel32.dll", "CompareStringW",
      {0x400, 0x1000u | (fold ? 1u : 0u), s.addr, a.size(), at_b, b.size()}));  // LOCALE_USER_DEFAULT
  return r ? r - 2 : 0x7fffffff;
}
std::u16string collate_text(WindowsProcess& p, std::string_view s) {
  const auto d = crt_locale::code_page_data(crt_locale::current(p)->code_pages[crt_locale::kLcCollate]);
  std::u16string w;
  if (!d || !crt_locale::string_to_wide(*d, s, w)) w = ansi_to_utf16(s);
  return w;
}
int32_t collate(WindowsProcess& p, const char* a, const char* b, uint64_t n, bool fold) {
  const size_t la = ::strnlen(a, n), lb = ::strnlen(b, n);
  if (crt_locale::current(p)->code_pages[crt_locale::kLcCollate] == 0) {
    const auto d = crt_locale::ctype(p);
    for (size_t i = 0;; ++i) {
      const uint8_t x = i < la ? static_cast<uint8_t>(a[i]) : 0, y = i < lb ? static_cast<uint8_t>(b[i]) : 0;
      const uint8_t fx = fold ? d->lower[x] : x, fy = fold ? d->lower[y] : y;
      if (fx != fy) return fx < fy ? -1 : 1;
      if (!x) return 0;
    }
  }
  std::u16string x = collate_text(p, std::string_view(a, la)), y = collate_text(p, std::string_view(b, lb));
  if (fold) {  // (each character's lower case, Unicode's, then compared as they are)
    for (char16_t& c : x) c = char_lower(c);
    for (char16_t& c : y) c = char_lower(c);
  }
  return compare_wide(p, x, y, false);
}
int32_t strcoll_(WindowsProcess& p, CStr a, CStr b) { return collate(p, a.c_str(), b.c_str(), ~0ull, false); }
int32_t _stricoll_(WindowsProcess& p, CStr a, CStr b) { return collate(p, a.c_str(), b.c_str(), ~0ull, true); }
int32_t _strncoll_(WindowsProcess& p, CStr a, CStr b, USize n) { return collate(p, a.c_str(), b.c_str(), n, false); }
int32_t _strnicoll_(WindowsProcess& p, CStr a, CStr b, USize n) { return collate(p, a.c_str(), b.c_str(), n, true); }
USize strxfrm_(WindowsProcess&, Ptr dst, CStr src, USize n) {
  size_t len = std::strlen(src.c_str());
  if (len < n) std::memcpy(dst.as<char>(), src.c_str(), len + 1);
  return len;
}
int32_t wcscoll_(WindowsProcess&, WStr a, WStr b) { return a.str().compare(b.str()) < 0 ? -1 : a.str() == b.str() ? 0 : 1; }
USize wcsxfrm_(WindowsProcess&, Ptr dst, WStr src, USize n) {
  std::u16string s = src.str();
  if (s.size() < n) std::memcpy(dst.as<char16_t>(), s.c_str(), (s.size() + 1) * 2);
  return s.size();
}
int32_t towlower_(WindowsProcess&, int32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
int32_t towupper_(WindowsProcess&, int32_t c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
// iswctype masks: _UPPER 1, _LOWER 2, _DIGIT 4, _SPACE 8, _PUNCT 0x10, _CONTROL 0x20, _BLANK 0x40,
// _HEX 0x80, _ALPHA 0x100 (with _UPPER|_LOWER).
int32_t iswctype_(WindowsProcess&, int32_t c, int32_t mask) {
  return crt_wide_class(static_cast<uint32_t>(c) & 0xffff, static_cast<uint32_t>(mask));
}

// The struct lconv's char fields (int_frac_digits … n_sign_posn, after its ten strings): the "C"
// locale has none of them, CHAR_MAX (127), or UCHAR_MAX (255) once a program whose char is
// unsigned (MSVC's /J) called __lconv_init.
void set_lconv_char_fields(WindowsProcess& p, uint64_t lconv) {
  std::memset(reinterpret_cast<void*>(lconv + 10 * p.isa->ptr), crt(p).lconv_unsigned_char ? 255 : 127, 8);
}

// __lconv_init (__initialize_lconv_for_unsigned_char in the Universal CRT): what MSVC's /J calls
// at the program's start: the "C" locale's char fields of struct lconv become UCHAR_MAX.
int32_t __lconv_init_(WindowsProcess& p) {
  crt(p).lconv_unsigned_char = true;
  if (uint64_t made = crt(p).lconv.load(std::memory_order_acquire)) set_lconv_char_fields(p, made);
  return 0;
}
// _configthreadlocale: per-thread locales are off (_DISABLE_PER_THREAD_LOCALE, 2) until asked for;
// with one locale for the program either setting behaves the same. -1 only asks.
int32_t _configthreadlocale_(WindowsProcess& p, int32_t type) {
  bool& per_thread = crt(p).per_thread_locale;
  int32_t old = per_thread ? 1 : 2;
  if (type == 1) per_thread = true;
  else if (type == 2) per_thread = false;
  else if (type != 0 && type != -1) return -1;
  return old;
}

// LC_CTYPE's code page (0 in the "C" locale) and its longest character.
int32_t ___lc_codepage_func_(WindowsProcess& p) { return static_cast<int32_t>(crt_locale::ctype(p)->code_page); }
int32_t ___mb_cur_max_func_(WindowsProcess& p) { return crt_locale::ctype(p)->mb_max; }
uint64_t mb_cur_max_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "__mb_cur_max", 4);
  put<int32_t>(slot, crt_locale::ctype(p)->mb_max);
  return slot;
}
Ptr __p___mb_cur_max_(WindowsProcess& p) { return Ptr(mb_cur_max_data(p)); }

// msvcrt.dll's variables of the current locale: __lc_codepage and __lc_collate_cp (LC_CTYPE's and
// LC_COLLATE's code pages, 0 in the "C" locale), __lc_handle's six LCIDs 0 (___lc_handle_func gives
// their address), and the counters of setlocale calls in progress, __setlc_active and
// __unguarded_readlc_active, 0 (___setlc_active_func, ___unguarded_readlc_active_add_func).
uint64_t lc_codepage_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "__lc_codepage", 4);
  put<uint32_t>(slot, crt_locale::ctype(p)->code_page);
  return slot;
}
uint64_t lc_collate_cp_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "__lc_collate_cp", 4);
  put<uint32_t>(slot, crt_locale::current(p)->code_pages[crt_locale::kLcCollate]);
  return slot;
}
uint64_t lc_handle_data(WindowsProcess& p) { return data_slot(p, "__lc_handle", 6 * 4); }
Ptr ___lc_handle_func_(WindowsProcess& p) { return Ptr(lc_handle_data(p)); }
uint64_t setlc_active_data(WindowsProcess& p) { return data_slot(p, "__setlc_active", 4); }
int32_t ___setlc_active_func_(WindowsProcess& p) { return get<int32_t>(setlc_active_data(p)); }
uint64_t unguarded_readlc_active_data(WindowsProcess& p) { return data_slot(p, "__unguarded_readlc_active", 4); }
Ptr ___unguarded_readlc_active_add_func_(WindowsProcess& p) { return Ptr(unguarded_readlc_active_data(p)); }

// ---- character classes ----

// Each gives the bits of its class the character's entry in the locale's table has: _ALPHA
// 0x103, _UPPER 1, _LOWER 2, _DIGIT 4, _SPACE 8, _PUNCT 0x10, _CONTROL 0x20, _HEX 0x80, and _BLANK
// 0x40 among isprint's. The "C" locale classes the ASCII characters alone; a code page's locale
// its bytes' characters (é in code page 1252 is an alphabetic lower-case letter).
int32_t klass(WindowsProcess& p, int32_t c, int32_t mask) {
  return c >= -1 && c <= 255 ? crt_locale::ctype(p)->ctype[c + 1] & mask : 0;
}
int32_t isalpha_(WindowsProcess& p, int32_t c) { return klass(p, c, 0x103); }
int32_t isupper_(WindowsProcess& p, int32_t c) { return klass(p, c, 0x1); }
int32_t islower_(WindowsProcess& p, int32_t c) { return klass(p, c, 0x2); }
int32_t isdigit_(WindowsProcess& p, int32_t c) { return klass(p, c, 0x4); }
int32_t isspace_(WindowsProcess& p, int32_t c) { return klass(p, c, 0x8); }
int32_t ispunct_(WindowsProcess& p, int32_t c) { return klass(p, c, 0x10); }
int32_t iscntrl_(WindowsProcess& p, int32_t c) { return klass(p, c, 0x20); }
int32_t isxdigit_(WindowsProcess& p, int32_t c) { return klass(p, c, 0x80); }
int32_t isalnum_(WindowsProcess& p, int32_t c) { return klass(p, c, 0x107); }
int32_t isprint_(WindowsProcess& p, int32_t c) { return klass(p, c, 0x157); }
int32_t toupper_(WindowsProcess& p, int32_t c) { return c >= 0 && c <= 255 ? crt_locale::ctype(p)->upper[c] : c; }
int32_t tolower_(WindowsProcess& p, int32_t c) { return c >= 0 && c <= 255 ? crt_locale::ctype(p)->lower[c] : c; }

// One character by LC_CTYPE's code page (the "C" locale: bytes are the characters 0–255). No
// bytes to read give 0, as in Microsoft's C runtime; an incomplete character (size_t)-2, an
// invalid one (size_t)-1 with EILSEQ.
USize mbrtowc_(WindowsProcess& p, Ptr wc, Ptr s, USize n, Ptr) {
  if (!s || n == 0) return 0;
  const auto d = crt_locale::ctype(p);
  std::u16string w;
  const int32_t len = crt_locale::to_wide(*d, s.as<const uint8_t>(), n, w);
  const uint64_t all = p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
  if (len < 0) {
    if (d->lead[*s.as<const uint8_t>()] && n < 2) return USize(all - 1);
    *guest_errno(p) = 42;  // the C runtime's EILSEQ (errno.h), not the host's
    return USize(all);
  }
  if (wc) put<uint16_t>(wc.addr, w[0]);
  return USize(static_cast<uint64_t>(len));
}
USize mbrlen_(WindowsProcess& p, Ptr s, USize n, Ptr state) { return mbrtowc_(p, Ptr(0), s, n, state); }
USize wcrtomb_(WindowsProcess& p, Ptr s, int32_t wc, Ptr) {
  if (!s) return 1;
  std::string out;
  const char16_t w = static_cast<char16_t>(wc);
  if (wc < 0 || wc > 0xffff || !crt_locale::to_bytes(*crt_locale::ctype(p), std::u16string_view(&w, 1), out)) {
    *guest_errno(p) = 42;
    return USize(p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  }
  std::memcpy(s.as<char>(), out.data(), out.size());
  return USize(out.size());
}

// The "C" locale's struct lconv: decimal_point ".", thousands_sep "", grouping "" and the rest
// empty, the char fields CHAR_MAX, and (the Universal CRT's, after them) the strings again as
// UTF-16. Made once (mingw-w64's printf asks for it at every %f, from any thread, directly).
Ptr localeconv_(WindowsProcess& p) {
  std::atomic<uint64_t>& made_lconv = crt(p).lconv;
  if (uint64_t made = made_lconv.load(std::memory_order_acquire)) return Ptr(made);
  static std::mutex making;
  std::lock_guard<std::mutex> g(making);
  if (uint64_t made = made_lconv.load(std::memory_order_acquire)) return Ptr(made);
  const unsigned w = p.isa->ptr;
  uint64_t lconv = p.alloc_data(160), strings = p.alloc_data(8), wide = p.alloc_data(8);
  std::memcpy(reinterpret_cast<void*>(strings), ".\0\0", 3);
  std::memcpy(reinterpret_cast<void*>(wide), u".\0", 6);
  for (unsigned i = 0; i < 10; ++i) p.put_ptr(lconv + w * i, strings + (i == 0 ? 0 : 1));
  set_lconv_char_fields(p, lconv);
  // _W_decimal_point, _W_thousands_sep, _W_int_curr_symbol, _W_currency_symbol,
  // _W_mon_decimal_point, _W_mon_thousands_sep, _W_positive_sign, _W_negative_sign.
  for (unsigned i = 0; i < 8; ++i) p.put_ptr(lconv + 10 * w + 8 + w * i, wide + (i == 0 ? 0 : 2));
  made_lconv.store(lconv, std::memory_order_release);
#if defined(POLYRUN_NATIVE_X64)
  __atomic_store_n(&polyrun_msvcrt_lconv, lconv, __ATOMIC_RELEASE);  // what the leaf gives from now on
#endif
  return Ptr(lconv);
}

}  // namespace

// The runtime's variables follow setlocale: __lc_codepage, __lc_collate_cp and __mb_cur_max where
// the program has them, _pctype, and the values the Win64 leaves give.
void crt_locale::publish(WindowsProcess& p) {
  const auto s = crt_locale::current(p);
  auto store = [&](const char* name, uint32_t v) {
    auto it = p.data.find(name);
    if (it != p.data.end() && it->second) put<uint32_t>(it->second, v);
  };
  store("__lc_codepage", s->ctype->code_page);
  store("__lc_collate_cp", s->code_pages[crt_locale::kLcCollate]);
  store("__mb_cur_max", static_cast<uint32_t>(s->ctype->mb_max));
  auto pctype = p.data.find("_pctype");
  if (pctype != p.data.end() && pctype->second) p.put_ptr(pctype->second, crt_current_pctype(p));
#if defined(POLYRUN_NATIVE_X64)
  __atomic_store_n(&polyrun_msvcrt_codepage, static_cast<int32_t>(s->ctype->code_page), __ATOMIC_RELEASE);
  __atomic_store_n(&polyrun_msvcrt_mb_cur_max_value, s->ctype->mb_max, __ATOMIC_RELEASE);
#endif
}

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_locale_exports() {
  static const std::vector<Export> exports = {
      EXPORT("setlocale", setlocale_),
      EXPORT("strcoll", strcoll_),
      EXPORT("strxfrm", strxfrm_),
      EXPORT("_stricoll", _stricoll_),
      EXPORT("_strncoll", _strncoll_),
      EXPORT("_strnicoll", _strnicoll_),
      EXPORT("wcscoll", wcscoll_),
      EXPORT("wcsxfrm", wcsxfrm_),
      EXPORT("towlower", towlower_),
      EXPORT("towupper", towupper_),
      EXPORT("iswctype", iswctype_),
      EXPORT_DATA("__mb_cur_max", mb_cur_max_data),
      EXPORT("__p___mb_cur_max", __p___mb_cur_max_),
      EXPORT_LEAF("___lc_codepage_func", ___lc_codepage_func_, LEAF(lc_codepage)),
      EXPORT_DATA("__lc_codepage", lc_codepage_data),
      EXPORT_DATA("__lc_collate_cp", lc_collate_cp_data),
      EXPORT_DATA("__lc_handle", lc_handle_data),
      EXPORT("___lc_handle_func", ___lc_handle_func_),
      EXPORT_DATA("__setlc_active", setlc_active_data),
      EXPORT("___setlc_active_func", ___setlc_active_func_),
      EXPORT_DATA("__unguarded_readlc_active", unguarded_readlc_active_data),
      EXPORT("___unguarded_readlc_active_add_func", ___unguarded_readlc_active_add_func_),
      EXPORT_LEAF("___mb_cur_max_func", ___mb_cur_max_func_, LEAF(mb_cur_max)),
      EXPORT("mbrtowc", mbrtowc_),
      EXPORT("mbrlen", mbrlen_),
      EXPORT("wcrtomb", wcrtomb_),
      EXPORT_DIRECT("isalpha", isalpha_),
      EXPORT_DIRECT("isupper", isupper_),
      EXPORT_DIRECT("islower", islower_),
      EXPORT_DIRECT("isdigit", isdigit_),
      EXPORT_DIRECT("isspace", isspace_),
      EXPORT_DIRECT("ispunct", ispunct_),
      EXPORT_DIRECT("iscntrl", iscntrl_),
      EXPORT_DIRECT("isxdigit", isxdigit_),
      EXPORT_DIRECT("isalnum", isalnum_),
      EXPORT_DIRECT("isprint", isprint_),
      EXPORT_DIRECT("toupper", toupper_),
      EXPORT_DIRECT("tolower", tolower_),
      EXPORT_LEAF_SLOW("localeconv", localeconv_, LEAF(localeconv), LOCALE_SLOW(localeconv)),
      EXPORT("__lconv_init", __lconv_init_),
      EXPORT("_configthreadlocale", _configthreadlocale_),
  };
  return exports;
}

// The Universal CRT's own (ucrtbase.dll's table): its locale names (UTF-8 code pages, "en-US").
const std::vector<Export>& ucrtbase_locale_exports() {
  static const std::vector<Export> exports = {
      EXPORT("setlocale", setlocale_ucrt_),
      EXPORT("__initialize_lconv_for_unsigned_char", __lconv_init_),
  };
  return exports;
}

}  // namespace polyrun::shims
