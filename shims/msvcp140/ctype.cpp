// MSVCP140.dll's character classification and conversion beneath the ctype and codecvt facets:
// the C runtime's locale as _Ctypevec, _Cvtvec and _Collvec (_Getctype, _Getcvt, _Getcoll), case
// mapping (_Tolower, _Toupper, _Towlower, _Towupper), one character between multibyte and wide
// (_Mbrtowc, _Wcrtomb), wide character types (_Getwctype, _Getwctypes), and the locale's order of
// dates (_Getdateorder).
//
// The vectors describe the C runtime's current locale (msvcrt/crt_locale.h: setlocale's LC_CTYPE
// and LC_COLLATE code pages, the classification table, MB_CUR_MAX and lead bytes; no locale
// name). With code page 0 (the "C" locale) the conversions are the C locale's (a byte is the
// character of its value; a wide character above 255 has no byte: EILSEQ), case mapping is
// ASCII's; a vector of another code page (the locale's, or one a program made itself) converts
// through KERNEL32's MultiByteToWideChar and WideCharToMultiByte, as MSVCP140 does. Wide character types and the date order are KERNEL32's GetStringTypeW and
// GetLocaleInfoEx (LOCALE_ILDATE of the user's locale, which the C locale names none in place of).
//
// _Ctypevec {unsigned page; const short* table; int delfl; wchar_t* name} and _Cvtvec {unsigned
// page; int mb_max; int unk; unsigned char isleadbyte[32]} are returned through a hidden pointer;
// _Collvec {unsigned page; wchar_t* name} too on x64, in edx:eax on i386 (8 bytes).
#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/kernel32/exports.h"
#include "shims/msvcp140/msvcp_internal.h"
#include "shims/kernel32/char_types.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

constexpr int kEilseq = 42;  // Microsoft's EILSEQ

// The page of a vector the program passes (0 for none: the C runtime's "C" locale).
uint32_t page_of(uint64_t vec) { return vec ? get<uint32_t>(vec) : 0; }

// ---- the locale's vectors: the C runtime's current locale (msvcrt/crt_locale.h) ----

Ptr _Getctype(WindowsProcess& p, Ptr ret) {
  const uint32_t ptr = p.isa->ptr;
  const auto d = crt_locale::ctype(p);
  const uint64_t table = p.heap.alloc(256 * 2);
  for (int c = 0; table && c < 256; ++c) put<uint16_t>(table + 2 * c, d->ctype[c + 1]);
  put<uint32_t>(ret.addr, d->code_page);       // page
  p.put_ptr(ret.addr + ptr, table);            // table
  put<int32_t>(ret.addr + 2 * ptr, 1);         // delfl: the table is the caller's to free
  p.put_ptr(ret.addr + 3 * ptr, 0);            // name (none kept)
  return ret;
}

Ptr _Getcvt(WindowsProcess& p, Ptr ret) {
  const auto d = crt_locale::ctype(p);
  std::vector<uint8_t> v(44);
  std::memcpy(v.data(), &d->code_page, 4);     // page
  std::memcpy(v.data() + 4, &d->mb_max, 4);    // mb_max
  for (int c = 0; c < 256; ++c)                // isleadbyte, a bit a byte
    if (d->lead[c]) v[12 + c / 8] |= static_cast<uint8_t>(1 << (c % 8));
  copy_guest(guest_pointer(ret.addr), v.data(), v.size(), ret.addr, true);
  return ret;
}

// x64: through the hidden pointer; i386: {page, name null} in edx:eax.
uint64_t _Getcoll(WindowsProcess& p, Ptr ret) {
  const uint32_t page = crt_locale::current(p)->code_pages[crt_locale::kLcCollate];
  if (p.isa->ptr == 4) return page;
  put<uint32_t>(ret.addr, page);
  p.put_ptr(ret.addr + 8, 0);
  return ret.addr;
}

// ---- case ----

// A character of code page `page` (one byte, or two for a value above 255) through `map` on its
// UTF-16 form and back; unchanged where it has none.
int32_t map_in_page(WindowsProcess& p, uint32_t page, int32_t ch, char16_t (*map)(char16_t)) {
  const uint64_t buf = p.heap.alloc(16, true);
  if (!buf) return ch;
  int n = 1;
  if (ch > 255) {
    put<uint8_t>(buf, static_cast<uint8_t>(ch >> 8));
    put<uint8_t>(buf + 1, static_cast<uint8_t>(ch));
    n = 2;
  } else {
    put<uint8_t>(buf, static_cast<uint8_t>(ch));
  }
  int32_t result = ch;
  if (call_kernel32(p, "MultiByteToWideChar", {page, 8 /* MB_ERR_INVALID_CHARS */, buf, static_cast<uint64_t>(n), buf + 4, 1})) {
    const char16_t wide = get<char16_t>(buf + 4), mapped = map(wide);
    if (mapped != wide) {
      put<char16_t>(buf + 4, mapped);
      const int32_t m = static_cast<int32_t>(call_kernel32(p, "WideCharToMultiByte", {page, 0, buf + 4, 1, buf + 8, 2, 0, 0}));
      if (m == 1) result = get<uint8_t>(buf + 8);
      else if (m == 2) result = get<uint8_t>(buf + 8) << 8 | get<uint8_t>(buf + 9);
    }
  }
  p.heap.free(buf);
  return result;
}
char16_t ascii_lower(char16_t c) { return c >= u'A' && c <= u'Z' ? static_cast<char16_t>(c + 32) : c; }
char16_t ascii_upper(char16_t c) { return c >= u'a' && c <= u'z' ? static_cast<char16_t>(c - 32) : c; }

int32_t _Tolower(WindowsProcess& p, int32_t ch, Ptr ctype) {
  const uint32_t page = page_of(ctype.addr);
  if (!page) return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
  return map_in_page(p, page, ch, char_lower);  // (the character's case, as LCMapString's)
}
int32_t _Toupper(WindowsProcess& p, int32_t ch, Ptr ctype) {
  const uint32_t page = page_of(ctype.addr);
  if (!page) return ch >= 'a' && ch <= 'z' ? ch - 32 : ch;
  return map_in_page(p, page, ch, char_upper);
}
// (the C runtime's towlower and towupper: the C locale's, ASCII)
uint16_t _Towlower(WindowsProcess&, uint16_t ch, Ptr) { return ascii_lower(ch); }
uint16_t _Towupper(WindowsProcess&, uint16_t ch, Ptr) { return ascii_upper(ch); }

// ---- one character between multibyte and wide: mbstate_t is {unsigned long wchar; unsigned
// short byte, state} here and an int in Visual C++ 2013's and older runtimes (MSVCP120's _Mbrtowc
// and codecvt<wchar_t, char, int>). A pending lead byte is kept in the first four bytes; a
// cleared state is as many bytes as its type has (the facets clear four: they serve both) ----

void clear_state(uint64_t state, unsigned bytes) {
  if (!state) return;
  put<uint32_t>(state, 0);
  if (bytes == 8) put<uint32_t>(state + 4, 0);
}

// The bytes of one character at `in` (at most `len`) to *out: 1 or 2 (a double-byte character),
// 0 for NUL, -2 for a lead byte alone (kept in the state), -1 with EILSEQ for an invalid one.
int32_t mbrtowc_state(WindowsProcess& p, Ptr out, Ptr in, USize len, Ptr state, Ptr cvt, unsigned state_bytes) {
  if (!len) return 0;
  const uint32_t page = page_of(cvt.addr);
  const uint8_t first = get<uint8_t>(in.addr);
  if (!page) {
    put<uint16_t>(out.addr, first);
    clear_state(state.addr, state_bytes);
    return first ? 1 : 0;
  }
  const uint64_t buf = p.heap.alloc(8, true);
  auto convert = [&](int n) {
    return call_kernel32(p, "MultiByteToWideChar", {page, 8, buf, static_cast<uint64_t>(n), out.addr, out ? 1u : 0u}) != 0;
  };
  int32_t r;
  const uint16_t pending = state ? get<uint16_t>(state.addr) : 0;
  if (pending) {  // the lead byte of the last call, and this one's first byte
    put<uint8_t>(buf, static_cast<uint8_t>(pending));
    put<uint8_t>(buf + 1, first);
    r = convert(2) ? 2 : -1;
    clear_state(state.addr, state_bytes);
  } else if (call_kernel32(p, "IsDBCSLeadByteEx", {page, first})) {
    if (len == 1) {
      put<uint16_t>(state.addr, first);
      r = -2;
    } else {
      put<uint8_t>(buf, first);
      put<uint8_t>(buf + 1, get<uint8_t>(in.addr + 1));
      r = convert(2) ? 2 : -1;
    }
  } else {
    put<uint8_t>(buf, first);
    r = convert(1) ? 1 : -1;
  }
  p.heap.free(buf);
  if (r == -1) *msvcrt_errno(p) = kEilseq;
  return r;
}

int32_t _Mbrtowc(WindowsProcess& p, Ptr out, Ptr in, USize len, Ptr state, Ptr cvt) {
  return mbrtowc_state(p, out, in, len, state, cvt, 8);
}
int32_t _Mbrtowc_int_state(WindowsProcess& p, Ptr out, Ptr in, USize len, Ptr state, Ptr cvt) {
  return mbrtowc_state(p, out, in, len, state, cvt, 4);
}

// The bytes of `wch` at `s`: their count, or -1 with EILSEQ for a character the page lacks.
int32_t _Wcrtomb(WindowsProcess& p, Ptr s, uint16_t wch, Ptr, Ptr cvt) {
  const uint32_t page = page_of(cvt.addr);
  if (!page) {
    if (wch > 255) {
      *msvcrt_errno(p) = kEilseq;
      return -1;
    }
    put<uint8_t>(s.addr, static_cast<uint8_t>(wch));
    return 1;
  }
  const uint64_t buf = p.heap.alloc(8, true);
  put<uint16_t>(buf, wch);
  const int32_t n = static_cast<int32_t>(call_kernel32(p, "WideCharToMultiByte", {page, 0, buf, 1, s.addr, 5, 0, buf + 4}));
  const bool defaulted = get<int32_t>(buf + 4) != 0;
  p.heap.free(buf);
  if (!n || defaulted) {
    *msvcrt_errno(p) = kEilseq;
    return -1;
  }
  return n;
}

// ---- wide character types: GetStringTypeW's CT_CTYPE1 ----

Ptr _Getwctypes(WindowsProcess& p, Ptr first, Ptr last, Ptr mask, Ptr) {
  const uint64_t n = last.addr > first.addr ? (last.addr - first.addr) / 2 : 0;
  call_kernel32(p, "GetStringTypeW", {1, first.addr, n, mask.addr});
  return last;
}
int16_t _Getwctype(WindowsProcess& p, uint16_t ch, Ptr ctype) {
  const uint64_t buf = p.heap.alloc(8, true);
  put<uint16_t>(buf, ch);
  _Getwctypes(p, Ptr(buf), Ptr(buf + 2), Ptr(buf + 4), ctype);
  const int16_t mask = get<int16_t>(buf + 4);
  p.heap.free(buf);
  return mask;
}

// time_base::dateorder: no_order 0, dmy 1, mdy 2, ymd 3, ydm 4.
int32_t _Getdateorder(WindowsProcess& p) {
  const uint64_t buf = p.heap.alloc(8, true);
  int32_t order = 0;
  if (call_kernel32(p, "GetLocaleInfoEx", {0, 0x21 /* LOCALE_ILDATE */, buf, 2})) {
    switch (get<char16_t>(buf)) {
      case u'0': order = 2; break;
      case u'1': order = 1; break;
      case u'2': order = 3; break;
    }
  }
  p.heap.free(buf);
  return order;
}

}  // namespace

int32_t multibyte_to_wide(WindowsProcess& p, uint64_t out, uint64_t in, uint64_t len, uint64_t state, uint64_t cvt,
                          unsigned state_bytes) {
  return mbrtowc_state(p, Ptr(out), Ptr(in), USize(len), Ptr(state), Ptr(cvt), state_bytes);
}

const std::vector<Export>& ctype_vc12_exports() {
  static const std::vector<Export> e = {EXPORT("_Mbrtowc", _Mbrtowc_int_state)};
  return e;
}

const std::vector<Export>& ctype_exports() {
  static const std::vector<Export> e = {
      EXPORT("_Getctype", _Getctype),
      EXPORT("_Getcvt", _Getcvt),
      EXPORT("_Getcoll", _Getcoll),
      EXPORT("_Tolower", _Tolower),
      EXPORT("_Toupper", _Toupper),
      EXPORT("_Towlower", _Towlower),
      EXPORT("_Towupper", _Towupper),
      EXPORT("_Mbrtowc", _Mbrtowc),
      EXPORT("_Wcrtomb", _Wcrtomb),
      EXPORT("_Getwctypes", _Getwctypes),
      EXPORT("_Getwctype", _Getwctype),
      EXPORT("_Getdateorder", _Getdateorder),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
