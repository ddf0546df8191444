// msvcrt.dll and the Universal CRT, the "C" locale: setlocale, collation, character classes and
// case, the code page and __mb_cur_max, localeconv's struct lconv, per-thread locale settings,
// and the multibyte conversions mbrtowc, mbrlen and wcrtomb.
#include <atomic>
#include <cctype>
#include <cstring>
#include <mutex>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/x64_leaf.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

// ---- locale ("C") ----

Ptr setlocale_(WindowsProcess& p, int32_t, CStr name) {
  // Only the "C" locale exists here: asking for it (or querying) succeeds, anything else fails.
  if (name.addr && name.str() != "C" && !name.str().empty()) return Ptr(0);
  uint64_t& slot = data_slot(p, "locale-name", 2);
  put<char>(slot, 'C');
  return Ptr(slot);
}
int32_t strcoll_(WindowsProcess&, CStr a, CStr b) { return std::strcmp(a.c_str(), b.c_str()); }
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
  if (c < 0 || c > 0x7f) return 0;
  int32_t t = 0;
  if (std::isupper(c)) t |= 0x1 | 0x100;
  if (std::islower(c)) t |= 0x2 | 0x100;
  if (std::isdigit(c)) t |= 0x4;
  if (std::isspace(c)) t |= 0x8;
  if (std::ispunct(c)) t |= 0x10;
  if (std::iscntrl(c)) t |= 0x20;
  if (c == ' ' || c == '\t') t |= 0x40;
  if (std::isxdigit(c)) t |= 0x80;
  return t & mask;
}

// __lconv_init: the C runtime's start-up of the "C" locale's conventions, which localeconv()
// builds on demand here.
int32_t __lconv_init_(WindowsProcess&) { return 0; }
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

// Programs start in the "C" locale: code page 0, one byte per character.
int32_t ___lc_codepage_func_(WindowsProcess&) { return 0; }
int32_t ___mb_cur_max_func_(WindowsProcess&) { return 1; }
uint64_t mb_cur_max_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "__mb_cur_max", 4);
  put<int32_t>(slot, 1);
  return slot;
}

// ---- character classes ("C" locale) ----

int32_t isalpha_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::isalpha(c) ? 0x103 & (std::isupper(c) ? 0x101 : 0x102) : 0; }
int32_t isupper_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::isupper(c) ? 1 : 0; }
int32_t islower_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::islower(c) ? 2 : 0; }
int32_t isdigit_(WindowsProcess&, int32_t c) { return c >= '0' && c <= '9' ? 4 : 0; }
int32_t isspace_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::isspace(c) ? 8 : 0; }
int32_t ispunct_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::ispunct(c) ? 0x10 : 0; }
int32_t iscntrl_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::iscntrl(c) ? 0x20 : 0; }
int32_t isxdigit_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::isxdigit(c) ? 0x80 : 0; }
int32_t isalnum_(WindowsProcess& p, int32_t c) { return isalpha_(p, c) | isdigit_(p, c); }
int32_t isprint_(WindowsProcess&, int32_t c) { return c >= 0x20 && c < 0x7f ? 0x40 : 0; }
int32_t toupper_(WindowsProcess&, int32_t c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
int32_t tolower_(WindowsProcess&, int32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

// The "C" locale: bytes are characters 0–255. No bytes to read give 0, as in Microsoft's C runtime
// (which has no state-dependent encodings).
USize mbrtowc_(WindowsProcess&, Ptr wc, Ptr s, USize n, Ptr) {
  if (!s) return 0;
  if (n == 0) return 0;
  unsigned char c = *s.as<unsigned char>();
  if (wc) put<uint16_t>(wc.addr, c);
  return c ? 1 : 0;
}
USize mbrlen_(WindowsProcess& p, Ptr s, USize n, Ptr state) { return mbrtowc_(p, Ptr(0), s, n, state); }
USize wcrtomb_(WindowsProcess& p, Ptr s, int32_t wc, Ptr) {
  if (!s) return 1;
  if (wc < 0 || wc > 0xff) {
    *guest_errno(p) = EILSEQ;
    return static_cast<uint64_t>(-1);
  }
  put<uint8_t>(s.addr, static_cast<uint8_t>(wc));
  return 1;
}

// The "C" locale's struct lconv: decimal_point ".", thousands_sep "", grouping "" and the rest
// empty. Made once (mingw-w64's printf asks for it at every %f, from any thread, directly).
Ptr localeconv_(WindowsProcess& p) {
  std::atomic<uint64_t>& made_lconv = crt(p).lconv;
  if (uint64_t made = made_lconv.load(std::memory_order_acquire)) return Ptr(made);
  static std::mutex making;
  std::lock_guard<std::mutex> g(making);
  if (uint64_t made = made_lconv.load(std::memory_order_acquire)) return Ptr(made);
  uint64_t lconv = p.alloc_data(160), strings = p.alloc_data(8);
  std::memcpy(reinterpret_cast<void*>(strings), ".\0\0", 3);
  for (unsigned i = 0; i < 10; ++i) p.put_ptr(lconv + p.isa->ptr * i, strings + (i == 0 ? 0 : 1));
  made_lconv.store(lconv, std::memory_order_release);
#if defined(POLYRUN_NATIVE_X64)
  __atomic_store_n(&polyrun_msvcrt_lconv, lconv, __ATOMIC_RELEASE);  // what the leaf gives from now on
#endif
  return Ptr(lconv);
}

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_locale_exports() {
  static const std::vector<Export> exports = {
      EXPORT("setlocale", setlocale_),
      EXPORT("strcoll", strcoll_),
      EXPORT("strxfrm", strxfrm_),
      EXPORT("wcscoll", wcscoll_),
      EXPORT("wcsxfrm", wcsxfrm_),
      EXPORT("towlower", towlower_),
      EXPORT("towupper", towupper_),
      EXPORT("iswctype", iswctype_),
      EXPORT_DATA("__mb_cur_max", mb_cur_max_data),
      EXPORT_LEAF("___lc_codepage_func", ___lc_codepage_func_, LEAF(lc_codepage)),
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

}  // namespace polyrun::shims
