// SHLWAPI's (and KernelBase's) string functions that write strings: copies and concatenations into
// the caller's buffer (StrCpy, StrCpyN, StrCat, StrCatBuff, StrCatChain, StrNCat: always ended by
// a NUL within the size given), new copies (StrDup: LocalAlloc's block; SHStrDup: the COM task
// allocator's, as UTF-16), conversions between the ANSI code page and UTF-16 into a buffer
// (SHAnsiToUnicode, SHUnicodeToAnsi, SHAnsiToAnsi, SHUnicodeToUnicode: the characters written with
// the NUL, never a character cut in two), STRRET's three forms turned into a string (StrRetToBuf,
// StrRetToStr, StrRetToBSTR; a STRRET_WSTR's string is freed as the documentation says), numbers
// read from text (StrToInt, StrToIntEx, StrToInt64Ex: optional blanks and sign, decimal or with
// STIF_SUPPORT_HEX "0x" hexadecimal), numbers written as text in the en-US locale (StrFormatByteSize:
// "532 bytes", "1.52 KB", three significant digits; StrFormatKBSize: "1,235 KB";
// StrFromTimeInterval: " 1 hr 2 min 3 sec" to the digits asked), and SHStripMneumonic (the
// character after the first "&", the "&" removed).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/ole32/com_object.h"
#include "shims/shlwapi/string_util.h"

namespace polyrun::shims::shlwapi_buffers {

namespace {

using shlwapi_text::code;
using shlwapi_text::length;

template <typename C>
Ptr at(const C* s) { return Ptr(reinterpret_cast<uint64_t>(s)); }

// lstrcpyn's rule: at most size-1 characters and a NUL (nothing for a size of 0).
template <typename C>
void copy_n(C* dst, const C* src, int64_t size) {
  int64_t left = size;
  while (left > 1 && src && *src) *dst++ = *src++, --left;
  if (left != 0) *dst = 0;
}

// The longest start of a text in the ANSI code page that fits `room` bytes without cutting a
// character (a lead byte from its trail byte).
size_t ansi_fit(const std::string& s, size_t room) {
  if (s.size() <= room) return s.size();
  size_t n = 0;
  while (n < room) {
    const size_t step = is_ansi_lead_byte(static_cast<uint8_t>(s[n])) ? 2 : 1;
    if (n + step > room) break;
    n += step;
  }
  return n;
}

// ---- copies and concatenations ----

Ptr StrCpyW(WindowsProcess&, Ptr dst, Ptr src) {
  if (!dst || !src) return dst;
  const char16_t* s = src.as<const char16_t>();
  std::memmove(dst.as<char16_t>(), s, (length(s) + 1) * 2);
  return dst;
}
Ptr StrCatW(WindowsProcess&, Ptr dst, Ptr src) {
  if (!dst || !src) return dst;
  char16_t* d = dst.as<char16_t>();
  const char16_t* s = src.as<const char16_t>();
  std::memmove(d + length(d), s, (length(s) + 1) * 2);
  return dst;
}
Ptr StrCpyNW(WindowsProcess&, Ptr dst, Ptr src, int32_t count) {
  copy_n(dst.as<char16_t>(), src.as<const char16_t>(), count);
  return dst;
}
// StrNCat(dst, src, n): at most n-1 characters of src after dst's text, and a NUL.
template <typename C>
Ptr StrNCat(WindowsProcess&, Ptr dst, Ptr src, int32_t count) {
  if (!dst) return Ptr(0);
  C* d = dst.as<C>();
  copy_n(d + length(d), src.as<const C>(), count);
  return dst;
}
// StrCatBuff(dst, src, size): what fits of src after dst's text in a buffer of `size` characters.
template <typename C>
Ptr StrCatBuff(WindowsProcess&, Ptr dst, Ptr src, int32_t size) {
  if (!dst) return Ptr(0);
  C* d = dst.as<C>();
  const int64_t n = static_cast<int64_t>(length(d));
  if (size - n > 0) copy_n(d + n, src.as<const C>(), size - n);
  return dst;
}
// StrCatChainW(dst, size, at, src): src written from index `at` (-1: dst's end) as far as the
// buffer allows; the index of the NUL it wrote (at, when nothing could be).
uint32_t StrCatChainW(WindowsProcess&, Ptr dst, uint32_t size, uint32_t at_index, Ptr src) {
  char16_t* d = dst.as<char16_t>();
  if (at_index == 0xffffffffu) at_index = static_cast<uint32_t>(length(d));
  if (!size) return at_index;
  if (at_index == size) --at_index;
  if (src && at_index < size) {
    const char16_t* s = src.as<const char16_t>();
    while (at_index < size - 1 && *s) d[at_index++] = *s++;
    d[at_index] = 0;
  }
  return at_index;
}

// ---- new copies ----

template <typename C>
Ptr StrDup(WindowsProcess& p, Ptr src) {
  const size_t n = src ? length(src.as<const C>()) : 0;
  const uint64_t block = p.heap.alloc((n + 1) * sizeof(C));
  if (!block) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  if (src) std::memcpy(reinterpret_cast<void*>(block), src.as<const C>(), n * sizeof(C));
  put<C>(block + n * sizeof(C), 0);
  return Ptr(block);
}

// A UTF-16 copy from the task allocator into *out (NULL and E_OUTOFMEMORY for a NULL string).
HRESULT dup_wide(WindowsProcess& p, const std::u16string* s, Ptr out) {
  uint64_t block = 0;
  if (s) {
    block = p.heap.alloc((s->size() + 1) * 2);
    if (block) std::memcpy(reinterpret_cast<void*>(block), s->c_str(), (s->size() + 1) * 2);
  }
  p.put_ptr(out.addr, block);
  return block ? S_OK : E_OUTOFMEMORY;
}
HRESULT dup_narrow(WindowsProcess& p, const std::string* s, Ptr out) {
  uint64_t block = 0;
  if (s) {
    block = p.heap.alloc(s->size() + 1);
    if (block) std::memcpy(reinterpret_cast<void*>(block), s->c_str(), s->size() + 1);
  }
  p.put_ptr(out.addr, block);
  return block ? S_OK : E_OUTOFMEMORY;
}
HRESULT SHStrDupW(WindowsProcess& p, Ptr src, Ptr out) {
  if (!src) return dup_wide(p, nullptr, out);
  const std::u16string s(src.as<const char16_t>());
  return dup_wide(p, &s, out);
}
HRESULT SHStrDupA(WindowsProcess& p, Ptr src, Ptr out) {
  if (!src) return dup_wide(p, nullptr, out);
  const std::u16string s = ansi_to_utf16(src.as<const char>());
  return dup_wide(p, &s, out);
}

// ---- conversions into a buffer ----

// SHAnsiToUnicode(src, dst, n): the characters written with the NUL; 0 when they do not fit.
int32_t SHAnsiToUnicode(WindowsProcess& p, Ptr src, Ptr dst, int32_t size) {
  if (!src || !dst || size <= 0) return 0;
  const std::u16string s = ansi_to_utf16(src.as<const char>());
  if (s.size() + 1 > static_cast<size_t>(size)) {
    std::memcpy(dst.as<char16_t>(), s.data(), static_cast<size_t>(size) * 2);
    p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return 0;
  }
  std::memcpy(dst.as<char16_t>(), s.c_str(), (s.size() + 1) * 2);
  return static_cast<int32_t>(s.size() + 1);
}
// SHUnicodeToAnsi(src, dst, n): what fits, ended by a NUL; the bytes written with it. A NULL
// source is the empty string.
int32_t SHUnicodeToAnsi(WindowsProcess&, Ptr src, Ptr dst, int32_t size) {
  if (!dst || !size) return 0;
  const std::string s = src ? utf16_to_ansi(src.as<const char16_t>()) : std::string();
  const size_t n = ansi_fit(s, static_cast<size_t>(size) - 1);
  std::memcpy(dst.as<char>(), s.data(), n);
  dst.as<char>()[n] = 0;
  return static_cast<int32_t>(n + 1);
}
// SHAnsiToAnsi, SHUnicodeToUnicode: a copy cut to the buffer; the characters with the NUL, or 0
// when the source did not fit whole.
template <typename C>
uint32_t copy_checked(Ptr src, Ptr dst, int32_t size) {
  if (!src || !dst || size <= 0) return 0;
  C* d = dst.as<C>();
  const C* s = src.as<const C>();
  copy_n(d, s, size);
  const size_t n = length(d);
  return s[n] ? 0 : static_cast<uint32_t>(n + 1);
}
uint32_t SHAnsiToAnsi(WindowsProcess&, Ptr src, Ptr dst, int32_t size) { return copy_checked<char>(src, dst, size); }
uint32_t SHUnicodeToUnicode(WindowsProcess&, Ptr src, Ptr dst, int32_t size) {
  return copy_checked<char16_t>(src, dst, size);
}

// ---- STRRET ----

// STRRET: uType (STRRET_WSTR 0, STRRET_OFFSET 1, STRRET_CSTR 2), then a union at pointer alignment
// of pOleStr, uOffset (into the ITEMIDLIST, from its first SHITEMID) and cStr[MAX_PATH].
constexpr uint32_t kStrretWstr = 0, kStrretOffset = 1, kStrretCstr = 2;
struct StrretText {
  bool known = true;
  bool wide = false;
  uint64_t text = 0;  // the string's address (0: none)
};
StrretText strret_text(WindowsProcess& p, Ptr strret, Ptr pidl) {
  const uint64_t u = strret.addr + p.isa->ptr;
  switch (get<uint32_t>(strret.addr)) {
    case kStrretWstr:
      return {true, true, p.get_ptr(u)};
    case kStrretCstr:
      return {true, false, u};
    case kStrretOffset:
      return {true, false, pidl ? pidl.addr + get<uint32_t>(u) : 0};
    default:
      return {false, false, 0};
  }
}

HRESULT StrRetToBufW(WindowsProcess& p, Ptr strret, Ptr pidl, Ptr dst, uint32_t size) {
  if (!dst || !size) return E_FAIL;
  char16_t* d = dst.as<char16_t>();
  d[0] = 0;
  if (!strret) return E_FAIL;
  const StrretText t = strret_text(p, strret, pidl);
  if (!t.known) return E_NOTIMPL;
  if (t.wide) {
    if (!t.text) return E_FAIL;
    const std::u16string s(reinterpret_cast<const char16_t*>(t.text));
    task_free(p, t.text);
    if (s.size() >= size) return static_cast<HRESULT>(0x8007007a);  // E_NOT_SUFFICIENT_BUFFER, nothing kept
    std::memcpy(d, s.c_str(), (s.size() + 1) * 2);
    return S_OK;
  }
  if (!t.text) return S_OK;  // STRRET_OFFSET without an ITEMIDLIST: the empty string
  const std::u16string s = ansi_to_utf16(reinterpret_cast<const char*>(t.text));
  const size_t n = std::min<size_t>(s.size(), size - 1);
  std::memcpy(d, s.data(), n * 2);
  d[n] = 0;
  return S_OK;
}
HRESULT StrRetToBufA(WindowsProcess& p, Ptr strret, Ptr pidl, Ptr dst, uint32_t size) {
  if (!strret) {
    if (dst) dst.as<char>()[0] = 0;
    return E_FAIL;
  }
  if (!dst || !size) return E_FAIL;
  char* d = dst.as<char>();
  d[0] = 0;
  const StrretText t = strret_text(p, strret, pidl);
  if (!t.known) return E_NOTIMPL;
  std::string s;
  if (t.wide) {
    if (t.text) s = utf16_to_ansi(reinterpret_cast<const char16_t*>(t.text));
    task_free(p, t.text);
  } else if (t.text) {
    s = reinterpret_cast<const char*>(t.text);
  }
  const size_t n = ansi_fit(s, size - 1);
  std::memcpy(d, s.data(), n);
  d[n] = 0;
  return S_OK;
}
// StrRetToStr: a new string from the task allocator in *out (NULL for an unknown type: E_FAIL).
HRESULT StrRetToStrW(WindowsProcess& p, Ptr strret, Ptr pidl, Ptr out) {
  const StrretText t = strret_text(p, strret, pidl);
  if (!t.known) {
    p.put_ptr(out.addr, 0);
    return E_FAIL;
  }
  std::u16string s;
  if (t.text) s = t.wide ? std::u16string(reinterpret_cast<const char16_t*>(t.text)) : ansi_to_utf16(reinterpret_cast<const char*>(t.text));
  const HRESULT hr = dup_wide(p, t.text ? &s : nullptr, out);
  if (t.wide) task_free(p, t.text);
  return hr;
}
HRESULT StrRetToStrA(WindowsProcess& p, Ptr strret, Ptr pidl, Ptr out) {
  const StrretText t = strret_text(p, strret, pidl);
  if (!t.known) {
    p.put_ptr(out.addr, 0);
    return E_FAIL;
  }
  std::string s;
  if (t.text) s = t.wide ? utf16_to_ansi(reinterpret_cast<const char16_t*>(t.text)) : std::string(reinterpret_cast<const char*>(t.text));
  const HRESULT hr = dup_narrow(p, t.text ? &s : nullptr, out);
  if (t.wide) task_free(p, t.text);
  return hr;
}
HRESULT StrRetToBSTR(WindowsProcess& p, Ptr strret, Ptr pidl, Ptr out) {
  const StrretText t = strret_text(p, strret, pidl);
  p.put_ptr(out.addr, 0);
  if (!t.known) return E_FAIL;
  if (!t.text) return t.wide ? E_FAIL : E_OUTOFMEMORY;
  const std::u16string s = t.wide ? std::u16string(reinterpret_cast<const char16_t*>(t.text))
                                   : ansi_to_utf16(reinterpret_cast<const char*>(t.text));
  if (t.wide) task_free(p, t.text);
  const uint64_t bstr = alloc_bstr(p, reinterpret_cast<uint64_t>(s.data()), static_cast<uint32_t>(s.size() * 2));
  p.put_ptr(out.addr, bstr);
  return bstr ? S_OK : E_OUTOFMEMORY;
}

// ---- numbers from text ----

constexpr uint32_t kStifSupportHex = 1;

int hex_value(uint32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
  return -1;
}
// Blanks (space, tab, newline), a sign, then decimal digits, or with STIF_SUPPORT_HEX "0x" and
// hexadecimal ones (whose value takes no sign); false when no digit follows.
template <typename C>
bool read_int(const C* s, uint32_t flags, int64_t& out) {
  while (*s == ' ' || *s == '\t' || *s == '\n') ++s;
  bool negative = false;
  if (*s == '-') negative = true, ++s;
  else if (*s == '+') ++s;
  uint64_t v = 0;
  if ((flags & kStifSupportHex) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s += 2;
    if (hex_value(code(*s)) < 0) return false;
    while (hex_value(code(*s)) >= 0) v = v * 16 + static_cast<uint64_t>(hex_value(code(*s++)));
    out = static_cast<int64_t>(v);
    return true;
  }
  if (*s < '0' || *s > '9') return false;
  while (*s >= '0' && *s <= '9') v = v * 10 + static_cast<uint64_t>(*s++ - '0');
  out = negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  return true;
}
template <typename C>
BOOL StrToInt64Ex(WindowsProcess&, Ptr s, uint32_t flags, Ptr out) {
  if (!s || !out) return FALSE;
  int64_t v = 0;
  if (!read_int(s.as<const C>(), flags, v)) return FALSE;
  put<int64_t>(out.addr, v);
  return TRUE;
}
template <typename C>
BOOL StrToIntEx(WindowsProcess&, Ptr s, uint32_t flags, Ptr out) {
  if (!s || !out) return FALSE;
  int64_t v = 0;
  if (!read_int(s.as<const C>(), flags, v)) return FALSE;
  put<int32_t>(out.addr, static_cast<int32_t>(v));
  return TRUE;
}
// StrToInt: the decimal number at the string's very start ("-" or a digit), else 0.
template <typename C>
int32_t StrToInt(WindowsProcess&, Ptr s) {
  if (!s) return 0;
  const C* t = s.as<const C>();
  int64_t v = 0;
  if ((*t == '-' || (*t >= '0' && *t <= '9')) && read_int(t, 0, v)) return static_cast<int32_t>(v);
  return 0;
}

// ---- numbers as text ----

// A decimal digit string grouped by threes with ",", as the en-US locale's LOCALE_SGROUPING "3;0".
std::string grouped(std::string digits) {
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  for (size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return negative ? "-" + digits : digits;
}

// The text into a buffer of `size` characters; false (nothing written) when it does not fit.
template <typename C>
bool put_text(Ptr dst, uint32_t size, const std::string& text) {
  const std::basic_string<C> t = shlwapi_text::narrow_or_wide<C>(utf8_to_utf16(text));
  if (!dst || t.size() + 1 > size) return false;
  std::memcpy(dst.as<C>(), t.c_str(), (t.size() + 1) * sizeof(C));
  return true;
}

// StrFormatByteSize's text: below 1 KB "N bytes"; else three significant digits (cut, not
// rounded) of KB, MB, GB, TB, PB or EB (of 1024 each).
std::string byte_size_text(int64_t bytes) {
  if (bytes < 1024) return std::to_string(static_cast<int32_t>(bytes)) + " bytes";
  struct Step {
    double limit, divisor, normaliser;
    int decimals;
    char prefix;
  };
  constexpr double kKB = 1024.0, kMB = kKB * kKB, kGB = kMB * kKB, kTB = kGB * kKB, kPB = kTB * kKB;
  static const Step steps[] = {
      {10 * kKB, 10.24, 100.0, 2, 'K'},           {100 * kKB, 102.4, 10.0, 1, 'K'},
      {1000 * kKB, 1024.0, 1.0, 0, 'K'},          {10 * kMB, 10485.76, 100.0, 2, 'M'},
      {100 * kMB, 104857.6, 10.0, 1, 'M'},        {1000 * kMB, 1048576.0, 1.0, 0, 'M'},
      {10 * kGB, 10737418.24, 100.0, 2, 'G'},     {100 * kGB, 107374182.4, 10.0, 1, 'G'},
      {1000 * kGB, 1073741824.0, 1.0, 0, 'G'},    {10 * kTB, 10485.76, 100.0, 2, 'T'},
      {100 * kTB, 104857.6, 10.0, 1, 'T'},        {1000 * kTB, 1048576.0, 1.0, 0, 'T'},
      {10 * kPB, 10737418.24, 100.0, 2, 'P'},     {100 * kPB, 107374182.4, 10.0, 1, 'P'},
      {1000 * kPB, 1073741824.0, 1.0, 0, 'P'},    {0, 10995116277.76, 100.0, 2, 'E'},
  };
  size_t i = 0;
  while (i + 1 < std::size(steps) && static_cast<double>(bytes) >= steps[i].limit) ++i;
  // From 1 TB on, counted in MB first (a double's 53 bits); a little added so that exact
  // multiples of the unit are not cut to the digit below.
  const double value = i > 8 ? static_cast<double>(bytes >> 20) + 0.001 : static_cast<double>(bytes) + 0.00001;
  const double shown = std::floor(value / steps[i].divisor) / steps[i].normaliser;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", steps[i].decimals, shown);
  std::string text = buf;
  const size_t dot = text.find('.');
  text = grouped(text.substr(0, dot)) + (dot == std::string::npos ? "" : text.substr(dot));
  return text + " " + steps[i].prefix + "B";
}
Ptr StrFormatByteSizeW(WindowsProcess&, int64_t bytes, Ptr dst, uint32_t size) {
  if (!dst || !size) return dst;
  const std::u16string t = utf8_to_utf16(byte_size_text(bytes));
  const size_t n = std::min<size_t>(t.size(), size - 1);
  std::memcpy(dst.as<char16_t>(), t.data(), n * 2);
  dst.as<char16_t>()[n] = 0;
  return dst;
}
Ptr StrFormatByteSize64A(WindowsProcess&, int64_t bytes, Ptr dst, uint32_t size) {
  if (!dst || !size) return dst;
  const std::string t = byte_size_text(bytes);
  const size_t n = std::min<size_t>(t.size(), size - 1);
  std::memcpy(dst.as<char>(), t.data(), n);
  dst.as<char>()[n] = 0;
  return dst;
}
Ptr StrFormatByteSizeA(WindowsProcess& p, uint32_t bytes, Ptr dst, uint32_t size) {
  return StrFormatByteSize64A(p, bytes, dst, size);
}

// StrFormatKBSize: the size in KB rounded up, grouped, and " KB"; NULL when it does not fit.
template <typename C>
Ptr StrFormatKBSize(WindowsProcess&, int64_t bytes, Ptr dst, uint32_t size) {
  const int64_t kb = (bytes + 1023) >> 10;
  return put_text<C>(dst, size, grouped(std::to_string(kb)) + " KB") ? dst : Ptr(0);
}

// StrFromTimeInterval(buf, size, ms, digits): the time rounded to seconds, as hours, minutes and
// seconds, each " N unit", to `digits` significant digits (the rest of the digits zeros, and no
// smaller unit once they are used up; seconds are always written while digits remain). The
// characters written.
std::u16string time_interval_text(uint32_t ms, int32_t digits) {
  uint32_t seconds = static_cast<uint32_t>((static_cast<uint64_t>(ms) + 500) / 1000);
  const uint32_t hours = seconds / 3600;
  seconds -= hours * 3600;
  const uint32_t minutes = seconds / 60;
  seconds -= minutes * 60;
  std::string out;
  auto unit = [&](uint32_t value, const char* name) {
    std::string d = std::to_string(value);
    for (size_t i = 0; i < d.size(); ++i) {
      if (digits == 0) d[i] = '0';
      else --digits;
    }
    out += " " + d + " " + name;
  };
  if (hours) unit(hours, "hr");
  if (minutes && digits) unit(minutes, "min");
  if (digits) unit(seconds, "sec");
  return utf8_to_utf16(out);
}
template <typename C>
int32_t StrFromTimeInterval(WindowsProcess&, Ptr dst, uint32_t size, uint32_t ms, int32_t digits) {
  if (!dst || !size) return 0;
  C* d = dst.as<C>();
  if (!digits || size == 1) {
    d[0] = 0;
    return 0;
  }
  const std::basic_string<C> t = shlwapi_text::narrow_or_wide<C>(time_interval_text(ms, digits));
  copy_n(d, t.c_str(), size);
  return static_cast<int32_t>(length(d));
}

// SHStripMneumonic: the "&" of a menu text's mnemonic removed in place; the mnemonic character
// (the first character when there is none, "&&" or a trailing "&").
template <typename C>
uint32_t SHStripMneumonic(WindowsProcess&, Ptr s) {
  C* t = s.as<C>();
  uint32_t ch = code(t[0]);
  for (C* p = t; *p; ++p) {
    if (*p != '&') continue;
    if (p[1]) {
      if (p[1] != '&') ch = code(p[1]);
      std::memmove(p, p + 1, (length(p + 1) + 1) * sizeof(C));
    }
    break;
  }
  return ch;
}

#define SHLWAPI_BOTH(name) EXPORT(#name "A", name<char>), EXPORT(#name "W", name<char16_t>)

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {
      EXPORT("StrCpyW", StrCpyW), EXPORT("StrCatW", StrCatW), EXPORT("StrCpyNW", StrCpyNW),
      SHLWAPI_BOTH(StrNCat), SHLWAPI_BOTH(StrCatBuff), EXPORT("StrCatChainW", StrCatChainW), SHLWAPI_BOTH(StrDup),
      EXPORT("SHStrDupA", SHStrDupA), EXPORT("SHStrDupW", SHStrDupW),
      EXPORT("SHAnsiToUnicode", SHAnsiToUnicode), EXPORT("SHUnicodeToAnsi", SHUnicodeToAnsi),
      EXPORT("SHAnsiToAnsi", SHAnsiToAnsi), EXPORT("SHUnicodeToUnicode", SHUnicodeToUnicode),
      EXPORT("StrRetToBufA", StrRetToBufA), EXPORT("StrRetToBufW", StrRetToBufW),
      EXPORT("StrRetToStrA", StrRetToStrA), EXPORT("StrRetToStrW", StrRetToStrW),
      EXPORT("StrRetToBSTR", StrRetToBSTR),
      SHLWAPI_BOTH(StrToInt), SHLWAPI_BOTH(StrToIntEx), SHLWAPI_BOTH(StrToInt64Ex),
      EXPORT("StrFormatByteSizeA", StrFormatByteSizeA), EXPORT("StrFormatByteSizeW", StrFormatByteSizeW),
      EXPORT("StrFormatByteSize64A", StrFormatByteSize64A), SHLWAPI_BOTH(StrFormatKBSize),
      SHLWAPI_BOTH(StrFromTimeInterval), SHLWAPI_BOTH(SHStripMneumonic),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_buffers
