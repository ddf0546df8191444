// KERNEL32.dll, locales and character data as statically linked C runtimes use them: one locale,
// English (United States), LCID 0x0409, "en-US", whose code pages are UTF-8 here; character types
// (GetStringTypeW), case mapping (LCMapString), ordinal and case-insensitive comparison, locale
// facts (GetLocaleInfo) and the user's and system's default locale.
#include <locale.h>
#include <wctype.h>

#include <strings.h>
#include <time.h>

#include <algorithm>
#include <map>
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/kernel32/char_types.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/ntdll/locale_names.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kLcid = 0x0409;
constexpr uint32_t ERROR_INVALID_FLAGS_ = 1004;

// The host's Unicode character classes, whatever the host process's own locale.
locale_t unicode_locale() {
  static locale_t l = [] {
    locale_t u = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
    return u ? u : ::newlocale(LC_CTYPE_MASK, "C", nullptr);
  }();
  return l;
}
char16_t upper(char16_t c) { return static_cast<char16_t>(::towupper_l(c, unicode_locale())); }
char16_t lower(char16_t c) { return static_cast<char16_t>(::towlower_l(c, unicode_locale())); }

// A counted UTF-16 argument: `n` characters, or up to the NUL (and the NUL) when n is -1.
std::u16string counted(Ptr s, int32_t n, bool with_nul_when_negative) {
  const char16_t* d = s.as<const char16_t>();
  if (n >= 0) return std::u16string(d, static_cast<size_t>(n));
  std::u16string r(d);
  if (with_nul_when_negative) r.push_back(u'\0');
  return r;
}

// ---- character types ----

// CT_CTYPE1 bits: C1_UPPER 1, LOWER 2, DIGIT 4, SPACE 8, PUNCT 0x10, CNTRL 0x20, BLANK 0x40,
// XDIGIT 0x80, ALPHA 0x100, DEFINED 0x200.
uint16_t ctype1(char16_t c) {
  locale_t l = unicode_locale();
  uint16_t t = 0;
  if (::iswupper_l(c, l)) t |= 0x1;
  if (::iswlower_l(c, l)) t |= 0x2;
  if (c >= u'0' && c <= u'9') t |= 0x4;
  if (::iswspace_l(c, l)) t |= 0x8;
  if (::iswpunct_l(c, l)) t |= 0x10;
  if (::iswcntrl_l(c, l)) t |= 0x20;
  if (c == u' ' || c == u'\t') t |= 0x40;
  if ((c >= u'0' && c <= u'9') || ((c | 32) >= u'a' && (c | 32) <= u'f')) t |= 0x80;
  if (::iswalpha_l(c, l)) t |= 0x100;
  if (c != 0xffff && c != 0xfffe) t |= 0x200;
  return t;
}
// CT_CTYPE2: bidirectional classes (C2_LEFTTORIGHT 1, C2_EUROPENUMBER 3, C2_WHITESPACE 0xA,
// C2_OTHERNEUTRAL 0xB, C2_NOTAPPLICABLE 0), as far as the basic classes tell them.
uint16_t ctype2(char16_t c) {
  uint16_t t1 = ctype1(c);
  if (t1 & 0x4) return 3;
  if (t1 & 0x100) return 1;
  if (t1 & 0x8) return 0xa;
  if (t1 & 0x10) return 0xb;
  return 0;
}
// CT_CTYPE3: C3_ALPHA 0x8000, C3_SYMBOL 0x8 for punctuation and the space, C3_HALFWIDTH 0x40 for
// ASCII and the halfwidth forms (U+FF61–U+FFDC).
uint16_t ctype3(char16_t c) {
  uint16_t t1 = ctype1(c), t = 0;
  if (t1 & 0x100) t |= 0x8000;
  if ((t1 & 0x10) || c == u' ') t |= 0x8;
  if ((c >= 0x20 && c < 0x7f) || (c >= 0xff61 && c <= 0xffdc)) t |= 0x40;
  return t;
}

BOOL GetStringTypeW(WindowsProcess& p, uint32_t type, Ptr src, int32_t count, Ptr out) {
  if (!src || !out) return fail(p, ERROR_INVALID_PARAMETER);
  std::u16string s = counted(src, count, true);
  for (size_t i = 0; i < s.size(); ++i) {
    uint16_t v = type == 1 ? ctype1(s[i]) : type == 2 ? ctype2(s[i]) : type == 4 ? ctype3(s[i]) : 0xffff;
    if (v == 0xffff) return fail(p, ERROR_INVALID_FLAGS_);
    put<uint16_t>(out.addr + 2 * i, v);
  }
  return TRUE;
}
BOOL GetStringTypeExW(WindowsProcess& p, uint32_t, uint32_t type, Ptr src, int32_t count, Ptr out) {
  return GetStringTypeW(p, type, src, count, out);
}
// GetStringTypeA(locale, type, src, count, out): one type a byte of the ANSI text, the type of the
// code page's character (both bytes of a double-byte character get its type).
BOOL GetStringTypeA(WindowsProcess& p, uint32_t, uint32_t type, Ptr src, int32_t count, Ptr out) {
  if (!src || !out) return fail(p, ERROR_INVALID_PARAMETER);
  const char* b = src.as<const char>();
  const size_t n = count < 0 ? std::strlen(b) + 1 : static_cast<size_t>(count);
  for (size_t i = 0; i < n;) {
    size_t len = is_ansi_lead_byte(static_cast<uint8_t>(b[i])) ? 2 : 1;
    len = std::min(len, n - i);
    const std::u16string w = ansi_to_utf16(std::string_view(b + i, len));
    const char16_t c = w.empty() ? char16_t{0xfffd} : w[0];
    const uint16_t v = type == 1 ? ctype1(c) : type == 2 ? ctype2(c) : type == 4 ? ctype3(c) : 0xffff;
    if (v == 0xffff) return fail(p, ERROR_INVALID_FLAGS_);
    for (size_t k = 0; k < len; ++k) put<uint16_t>(out.addr + 2 * (i + k), v);
    i += len;
  }
  return TRUE;
}

// ---- case mapping and comparison ----

constexpr uint32_t LCMAP_LOWERCASE = 0x100, LCMAP_UPPERCASE = 0x200, LCMAP_LINGUISTIC_CASING = 0x1000000;

// LCMapString's arguments as Windows checks them, for every form: a text conversion's
// (text_arguments_ok); known flags, not both cases. False with the error set.
bool map_arguments_ok(WindowsProcess& p, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t dstlen) {
  if (!text_arguments_ok(src.addr, n, dst.addr, dstlen)) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags & ~(LCMAP_LOWERCASE | LCMAP_UPPERCASE | LCMAP_LINGUISTIC_CASING)) return fail(p, ERROR_INVALID_FLAGS_);
  if ((flags & LCMAP_LOWERCASE) && (flags & LCMAP_UPPERCASE)) return fail(p, ERROR_INVALID_FLAGS_);
  return true;
}

int32_t map_string(WindowsProcess& p, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t dstlen) {
  if (!map_arguments_ok(p, flags, src, n, dst, dstlen)) return 0;
  std::u16string s = counted(src, n, true);
  for (auto& c : s) c = (flags & LCMAP_UPPERCASE) ? upper(c) : (flags & LCMAP_LOWERCASE) ? lower(c) : c;
  if (dstlen == 0) return static_cast<int32_t>(s.size());
  if (s.size() > static_cast<size_t>(dstlen)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(dst.as<char16_t>(), s.data(), s.size() * 2);
  return static_cast<int32_t>(s.size());
}
int32_t LCMapStringW(WindowsProcess& p, uint32_t, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t dstlen) {
  return map_string(p, flags, src, n, dst, dstlen);
}
// LCMapStringA: the same on the ANSI text's characters, lengths in bytes.
int32_t LCMapStringA(WindowsProcess& p, uint32_t, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t dstlen) {
  if (!map_arguments_ok(p, flags, src, n, dst, dstlen)) return 0;
  const char* b = src.as<const char>();
  std::string text = n < 0 ? std::string(b, std::strlen(b) + 1) : std::string(b, static_cast<size_t>(n));
  std::u16string w = ansi_to_utf16(text);
  for (auto& c : w) c = (flags & LCMAP_UPPERCASE) ? upper(c) : (flags & LCMAP_LOWERCASE) ? lower(c) : c;
  const std::string r = utf16_to_ansi(w);
  if (dstlen == 0) return static_cast<int32_t>(r.size());
  if (r.size() > static_cast<size_t>(dstlen)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(dst.as<char>(), r.data(), r.size());
  return static_cast<int32_t>(r.size());
}
int32_t LCMapStringEx(WindowsProcess& p, WStr, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t dstlen, Ptr, Ptr, Ptr) {
  return map_string(p, flags, src, n, dst, dstlen);
}

// CSTR_LESS_THAN 1, CSTR_EQUAL 2, CSTR_GREATER_THAN 3.
int32_t compare(const std::u16string& a, const std::u16string& b, bool ignore_case) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    char16_t x = ignore_case ? upper(a[i]) : a[i], y = ignore_case ? upper(b[i]) : b[i];
    if (x != y) return x < y ? 1 : 3;
  }
  return a.size() == b.size() ? 2 : a.size() < b.size() ? 1 : 3;
}
int32_t CompareStringOrdinal(WindowsProcess& p, Ptr a, int32_t na, Ptr b, int32_t nb, int32_t ignore_case) {
  if (!a || !b) return fail(p, ERROR_INVALID_PARAMETER);
  return compare(counted(a, na, false), counted(b, nb, false), ignore_case != 0);
}
// CompareStringEx: NORM_IGNORECASE (1) and LINGUISTIC_IGNORECASE (0x10) fold case; the order is by
// code unit, not linguistic.
int32_t CompareStringEx(WindowsProcess& p, WStr, uint32_t flags, Ptr a, int32_t na, Ptr b, int32_t nb, Ptr, Ptr, Ptr) {
  if (!a || !b) return fail(p, ERROR_INVALID_PARAMETER);
  return compare(counted(a, na, false), counted(b, nb, false), (flags & 0x11) != 0);
}

// ---- the locale ----

uint32_t GetUserDefaultLCID(WindowsProcess&) { return kLcid; }
uint16_t GetUserDefaultLangID(WindowsProcess&) { return static_cast<uint16_t>(kLcid); }
uint32_t GetThreadLocale(WindowsProcess&) { return kLcid; }
BOOL SetThreadLocale(WindowsProcess& p, uint32_t lcid) { return lcid == kLcid || lcid == 0x400 || lcid == 0x800 ? TRUE : fail(p, ERROR_INVALID_PARAMETER); }
BOOL IsValidLocale(WindowsProcess&, uint32_t lcid, uint32_t) { return lcid == kLcid ? TRUE : FALSE; }
// (NTDLL's RtlIsValidLocaleName: ntdll/locale_names.h)
BOOL IsValidLocaleName(WindowsProcess&, WStr name) {
  uint32_t lcid = 0;
  return name.addr && ntdll_locale_names::lcid_of(name.str(), &lcid) ? TRUE : FALSE;
}

int32_t store_name(const std::u16string& s, Ptr buf, int32_t size) {
  if (size == 0) return static_cast<int32_t>(s.size() + 1);
  if (s.size() + 1 > static_cast<size_t>(size)) return 0;
  std::memcpy(buf.as<char16_t>(), s.c_str(), (s.size() + 1) * 2);
  return static_cast<int32_t>(s.size() + 1);
}
// store_name, or 0 with ERROR_INSUFFICIENT_BUFFER.
int32_t give_name(WindowsProcess& p, const std::u16string& s, Ptr buf, int32_t size) {
  int32_t r = store_name(s, buf, size);
  if (!r) p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
  return r;
}
int32_t GetUserDefaultLocaleName(WindowsProcess& p, Ptr buf, int32_t size) { return give_name(p, u"en-US", buf, size); }

// What SetLocaleInfo set: the user's own values of the locale's settings, which GetLocaleInfo (and
// the number and date formats) give from then on. Windows keeps them in the user's International
// settings; here they last as long as the process.
std::map<uint32_t, std::string>& user_overrides() {
  static std::map<uint32_t, std::string> overrides;
  return overrides;
}

// GetLocaleInfo for the facts C runtimes and console programs ask: names, code pages, separators.
// LOCALE_RETURN_NUMBER (0x20000000) asks for a number instead of its text.
const char* default_locale_text(uint32_t type) {
  switch (type) {
    case 0x1: return "0409";            // LOCALE_ILANGUAGE
    case 0x2: return "English (United States)";  // LOCALE_SLANGUAGE
    case 0x3: return "ENU";             // LOCALE_SABBREVLANGNAME
    case 0x7: return "USA";             // LOCALE_SABBREVCTRYNAME
    case 0xb: return "65001";           // LOCALE_IDEFAULTCODEPAGE (OEM): UTF-8 here
    case 0xe: return ".";               // LOCALE_SDECIMAL
    case 0xf: return ",";               // LOCALE_STHOUSAND
    case 0x10: return "3;0";            // LOCALE_SGROUPING
    case 0x11: return "2";              // LOCALE_IDIGITS
    case 0x12: return "1";              // LOCALE_ILZERO
    case 0x16: return ".";              // LOCALE_SMONDECIMALSEP
    case 0x17: return ",";              // LOCALE_SMONTHOUSANDSEP
    case 0x18: return "3;0";            // LOCALE_SMONGROUPING
    case 0x19: return "2";              // LOCALE_ICURRDIGITS
    case 0x1b: return "0";              // LOCALE_ICURRENCY ($1.1)
    case 0x1c: return "0";              // LOCALE_INEGCURR (($1.1))
    case 0x50: return "";               // LOCALE_SPOSITIVESIGN
    case 0x51: return "-";              // LOCALE_SNEGATIVESIGN
    case 0x1010: return "1";            // LOCALE_INEGNUMBER (-1.1)
    case 0x14: return "$";              // LOCALE_SCURRENCY
    case 0x1d: return "/";              // LOCALE_SDATE
    case 0x1e: return ":";              // LOCALE_STIME
    case 0x21: return "0";              // LOCALE_IDATE (month, day, year)
    case 0x22: return "0";              // LOCALE_ILDATE (the long date's order: month, day, year)
    case 0x1f: return "M/d/yyyy";       // LOCALE_SSHORTDATE
    case 0x20: return "dddd, MMMM d, yyyy";  // LOCALE_SLONGDATE
    case 0x59: return "en";             // LOCALE_SISO639LANGNAME
    case 0x5a: return "US";             // LOCALE_SISO3166CTRYNAME
    case 0x5c: return "en-US";          // LOCALE_SNAME
    case 0x1001: return "English";      // LOCALE_SENGLANGUAGE
    case 0x1002: return "United States";  // LOCALE_SENGCOUNTRY
    case 0x1004: return "65001";        // LOCALE_IDEFAULTANSICODEPAGE: UTF-8 here
    case 0x1009: return "0";            // LOCALE_IDIGITSUBSTITUTION
    default: return nullptr;
  }
}
// The user's value where SetLocaleInfo set one, else the locale's own.
const char* locale_text(uint32_t type) {
  if (auto it = user_overrides().find(type); it != user_overrides().end()) return it->second.c_str();
  return default_locale_text(type);
}

// LOCALE_NOUSEROVERRIDE (0x80000000): the locale's own value, not the user's.
int32_t locale_info(WindowsProcess& p, uint32_t type, Ptr buf, int32_t size, bool wide) {
  const char* text = (type & 0x80000000u) ? default_locale_text(type & 0xffff) : locale_text(type & 0xffff);
  if (!text) return fail(p, ERROR_INVALID_FLAGS_);
  if (type & 0x20000000) {  // LOCALE_RETURN_NUMBER: a DWORD (its size in characters)
    int32_t chars = wide ? 2 : 4;
    if (size == 0) return chars;
    if (size < chars) return fail(p, ERROR_INSUFFICIENT_BUFFER);
    put<uint32_t>(buf.addr, static_cast<uint32_t>(std::strtoul(text, nullptr, (type & 0xffff) == 0x1 ? 16 : 10)));
    return chars;
  }
  if (wide) {
    int32_t r = store_name(utf8_to_utf16(text), buf, size);
    return r ? r : fail(p, ERROR_INSUFFICIENT_BUFFER);
  }
  const std::string a = utf8_to_ansi(text);  // a user's value may be any text
  size_t n = a.size() + 1;
  if (size == 0) return static_cast<int32_t>(n);
  if (n > static_cast<size_t>(size)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(buf.as<char>(), a.c_str(), n);
  return static_cast<int32_t>(n);
}
// The settings a user may change (SetLocaleInfo's page) and the longest value of each, in
// characters with the NUL; the locale must be the user's (the one there is).
int32_t settable_length(uint32_t type) {
  switch (type) {
    case 0x0e: case 0x0f: case 0x16: case 0x17: return 4;        // SDECIMAL, STHOUSAND, SMONDECIMALSEP, SMONTHOUSANDSEP
    case 0x10: case 0x18: return 10;                             // SGROUPING, SMONGROUPING
    case 0x0c: return 4;                                         // SLIST
    case 0x14: return 13;                                        // SCURRENCY
    case 0x50: case 0x51: return 5;                              // SPOSITIVESIGN, SNEGATIVESIGN
    case 0x1d: case 0x1e: return 4;                              // SDATE, STIME
    case 0x28: case 0x29: return 15;                             // S1159, S2359
    case 0x1f: case 0x20: case 0x1003: case 0x1006: case 0x79: return 80;  // the date and time pictures
    case 0x11: case 0x19: case 0x12: case 0x1b: case 0x1c: case 0x1010: case 0x0d: case 0x100c: case 0x100d: case 0x100a:
    case 0x1009: case 0x1014: return 3;                          // the numeric settings
    case 0x13: return 11;                                        // SNATIVEDIGITS
    default: return 0;
  }
}
BOOL set_locale_info(WindowsProcess& p, uint32_t lcid, uint32_t type, const std::string& value) {
  if (lcid != kLcid && lcid != 0x400 && lcid != 0x800 && lcid != 0) return fail(p, ERROR_INVALID_PARAMETER);
  const int32_t longest = settable_length(type & ~0x80000000u);
  if (!longest) return fail(p, ERROR_INVALID_FLAGS_);
  if (utf8_to_utf16(value).size() + 1 > static_cast<size_t>(longest)) return fail(p, ERROR_INVALID_PARAMETER);
  user_overrides()[type & ~0x80000000u] = value;
  return TRUE;
}
BOOL SetLocaleInfoW(WindowsProcess& p, uint32_t lcid, uint32_t type, WStr value) {
  if (!value.addr) return fail(p, ERROR_INVALID_PARAMETER);
  return set_locale_info(p, lcid, type, utf16_to_utf8(value.str()));
}
BOOL SetLocaleInfoA(WindowsProcess& p, uint32_t lcid, uint32_t type, AStr value) {
  if (!value.addr) return fail(p, ERROR_INVALID_PARAMETER);
  return set_locale_info(p, lcid, type, value.str());
}

int32_t GetLocaleInfoW(WindowsProcess& p, uint32_t, uint32_t type, Ptr buf, int32_t size) { return locale_info(p, type, buf, size, true); }
int32_t GetLocaleInfoA(WindowsProcess& p, uint32_t, uint32_t type, Ptr buf, int32_t size) { return locale_info(p, type, buf, size, false); }
int32_t GetLocaleInfoEx(WindowsProcess& p, WStr, uint32_t type, Ptr buf, int32_t size) { return locale_info(p, type, buf, size, true); }

// EnumSystemLocalesW(callback, flags): the one locale, as its LCID in hexadecimal text.
BOOL EnumSystemLocalesW(WindowsProcess& p, Ptr callback, uint32_t) {
  if (!callback) return fail(p, ERROR_INVALID_PARAMETER);
  std::u16string id = u"00000409";
  uint64_t s = p.heap.alloc((id.size() + 1) * 2);
  std::memcpy(guest_pointer(s), id.c_str(), (id.size() + 1) * 2);
  p.call_guest(callback.addr, {s});
  p.heap.free(s);
  return TRUE;
}

BOOL EnumSystemLocalesA(WindowsProcess& p, Ptr callback, uint32_t) {
  if (!callback) return fail(p, ERROR_INVALID_PARAMETER);
  const char id[] = "00000409";
  uint64_t s = p.heap.alloc(sizeof id);
  std::memcpy(guest_pointer(s), id, sizeof id);
  p.call_guest(callback.addr, {s});
  p.heap.free(s);
  return TRUE;
}

// ResolveLocaleName: a neutral name's usual specific locale (Windows' table for the common
// languages), a specific one as it is; "" for a name it cannot place.
int32_t ResolveLocaleName(WindowsProcess& p, WStr name, Ptr buf, int32_t size) {
  static const std::pair<const char16_t*, const char16_t*> kNeutral[] = {
      {u"en", u"en-US"}, {u"de", u"de-DE"}, {u"fr", u"fr-FR"}, {u"es", u"es-ES"}, {u"it", u"it-IT"},
      {u"pt", u"pt-BR"}, {u"nl", u"nl-NL"}, {u"sv", u"sv-SE"}, {u"da", u"da-DK"}, {u"fi", u"fi-FI"},
      {u"nb", u"nb-NO"}, {u"pl", u"pl-PL"}, {u"cs", u"cs-CZ"}, {u"hu", u"hu-HU"}, {u"ru", u"ru-RU"},
      {u"uk", u"uk-UA"}, {u"tr", u"tr-TR"}, {u"el", u"el-GR"}, {u"ja", u"ja-JP"}, {u"ko", u"ko-KR"},
      {u"zh", u"zh-CN"}, {u"ar", u"ar-SA"}, {u"he", u"he-IL"}, {u"hi", u"hi-IN"}, {u"th", u"th-TH"},
      {u"sr-Latn", u"sr-Latn-RS"}, {u"sr-Cyrl", u"sr-Cyrl-RS"}, {u"zh-Hans", u"zh-CN"}, {u"zh-Hant", u"zh-TW"},
  };
  std::u16string n = name.addr ? name.str() : u"en-US";
  std::u16string folded = n;
  for (auto& c : folded) c = lower(c);
  std::u16string result;
  for (const auto& [neutral, specific] : kNeutral) {
    std::u16string key = neutral;
    for (auto& c : key) c = lower(c);
    if (key == folded) result = specific;
  }
  // A language-REGION name (two or three letters, a dash, two letters or three digits) stands.
  if (result.empty()) {
    const size_t dash = n.find(u'-');
    const bool lang = dash >= 2 && dash <= 3, region = dash != std::u16string::npos && (n.size() - dash - 1 == 2 || n.size() - dash - 1 == 3);
    if (lang && region) result = n;
  }
  return give_name(p, result, buf, size);
}

// ---- locale names ----


// LCIDToLocaleName: the one locale's name for its LCID or the default locales', "" for the
// invariant locale (NTDLL's RtlLcidToLocaleName's names); characters written, NUL included (size 0:
// the size it needs).
int32_t LCIDToLocaleName(WindowsProcess& p, uint32_t lcid, Ptr buf, int32_t size, uint32_t) {
  std::u16string name;
  if (!ntdll_locale_names::name_of(lcid, &name)) return fail(p, ERROR_INVALID_PARAMETER);
  const int32_t r = store_name(name, buf, size);
  return r ? r : fail(p, ERROR_INSUFFICIENT_BUFFER);
}
// LocaleNameToLCID: the user's default (no name, or LOCALE_NAME_SYSTEM_DEFAULT), "en-US", or ""
// for the invariant locale.
uint32_t LocaleNameToLCID(WindowsProcess& p, Ptr name, uint32_t) {
  if (!name) return kLcid;
  const std::u16string n = WStr{name.addr}.str();
  if (n == u"!x-sys-default-locale") return kLcid;
  uint32_t lcid = 0;
  if (ntdll_locale_names::lcid_of(n, &lcid)) return lcid;  // (NTDLL's RtlLocaleNameToLcid)
  return fail(p, ERROR_INVALID_PARAMETER);
}
// EnumSystemLocalesEx(callback(name, flags, lparam), flags, lparam, reserved): the one locale, a
// specific one of Windows' (LOCALE_WINDOWS | LOCALE_SPECIFICDATA).
BOOL EnumSystemLocalesEx(WindowsProcess& p, Ptr callback, uint32_t, Ptr lparam, Ptr) {
  if (!callback) return fail(p, ERROR_INVALID_PARAMETER);
  const std::u16string id = u"en-US";
  uint64_t s = p.heap.alloc((id.size() + 1) * 2);
  std::memcpy(guest_pointer(s), id.c_str(), (id.size() + 1) * 2);
  p.call_guest(callback.addr, {s, 0x21, lparam.addr});
  p.heap.free(s);
  return TRUE;
}

// ---- dates and times as text (GetDateFormat, GetTimeFormat) ----

// SYSTEMTIME: wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds. None given:
// the local time now.
struct Moment {
  int year, month, weekday, day, hour, minute, second;
};
bool read_moment(Ptr st, Moment& m, bool date) {
  if (!st) {
    time_t now = ::time(nullptr);
    struct tm tm;
    ::localtime_r(&now, &tm);
    m = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_wday, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
    return true;
  }
  const uint16_t* v = st.as<const uint16_t>();
  m = {v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
  if (date) {
    if (m.month < 1 || m.month > 12 || m.day < 1 || m.day > 31) return false;
    struct tm tm {};
    tm.tm_year = m.year - 1900, tm.tm_mon = m.month - 1, tm.tm_mday = m.day;
    const time_t t = ::timegm(&tm);
    struct tm back;
    ::gmtime_r(&t, &back);
    if (back.tm_mday != m.day) return false;  // (the 31st of a shorter month)
    m.weekday = back.tm_wday;  // Windows works the day of the week out itself
  } else if (m.hour > 23 || m.minute > 59 || m.second > 59) {
    return false;
  }
  return true;
}

const char* const kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

// A picture's letters (d, M, y, g for dates; h, H, m, s, t for times) as en-US writes them; text in
// single quotes as it is ('' a quote).
std::string format_picture(const std::string& pic, const Moment& m, bool date) {
  std::string out;
  for (size_t i = 0; i < pic.size();) {
    const char c = pic[i];
    if (c == '\'') {
      size_t j = i + 1;
      for (; j < pic.size(); ++j) {
        if (pic[j] == '\'' && j + 1 < pic.size() && pic[j + 1] == '\'') out += '\'', ++j;
        else if (pic[j] == '\'') break;
        else out += pic[j];
      }
      i = j + 1;
      continue;
    }
    size_t n = 1;
    while (i + n < pic.size() && pic[i + n] == c) ++n;
    auto num = [&](int v, size_t width) {
      std::string s = std::to_string(v);
      return s.size() < width ? std::string(width - s.size(), '0') + s : s;
    };
    const bool letter = date ? (c == 'd' || c == 'M' || c == 'y' || c == 'g') : (c == 'h' || c == 'H' || c == 'm' || c == 's' || c == 't');
    if (!letter) {
      out.append(pic, i, n);
    } else if (c == 'd') {
      out += n == 1 ? num(m.day, 1) : n == 2 ? num(m.day, 2) : n == 3 ? std::string(kDays[m.weekday], 3) : kDays[m.weekday];
    } else if (c == 'M') {
      out += n == 1 ? num(m.month, 1) : n == 2 ? num(m.month, 2) : n == 3 ? std::string(kMonths[m.month - 1], 3) : kMonths[m.month - 1];
    } else if (c == 'y') {
      out += n == 1 ? num(m.year % 100, 1) : n == 2 ? num(m.year % 100, 2) : num(m.year, n == 3 ? 1 : 4);
    } else if (c == 'g') {
      out += "AD";  // (the Gregorian era)
    } else if (c == 'h') {
      out += num(m.hour % 12 ? m.hour % 12 : 12, n >= 2 ? 2 : 1);
    } else if (c == 'H') {
      out += num(m.hour, n >= 2 ? 2 : 1);
    } else if (c == 'm') {
      out += num(m.minute, n >= 2 ? 2 : 1);
    } else if (c == 's') {
      out += num(m.second, n >= 2 ? 2 : 1);
    } else {  // t, tt
      out += n == 1 ? (m.hour < 12 ? "A" : "P") : (m.hour < 12 ? "AM" : "PM");
    }
    i += n;
  }
  return out;
}

// The text (UTF-8) into a buffer of `size` characters (0: the size it needs), NUL included; the
// A forms' in the ANSI code page, their lengths in its bytes.
int32_t store_text(WindowsProcess& p, const std::string& utf8, Ptr buf, int32_t size, bool wide) {
  if (wide) {
    const int32_t r = store_name(utf8_to_utf16(utf8), buf, size);
    return r ? r : fail(p, ERROR_INSUFFICIENT_BUFFER);
  }
  const std::string text = utf8_to_ansi(utf8);
  if (size == 0) return static_cast<int32_t>(text.size() + 1);
  if (text.size() + 1 > static_cast<size_t>(size)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(buf.as<char>(), text.c_str(), text.size() + 1);
  return static_cast<int32_t>(text.size() + 1);
}

// Flags: DATE_SHORTDATE 1, DATE_LONGDATE 2, LOCALE_NOUSEROVERRIDE 0x80000000, LOCALE_USE_CP_ACP
// 0x40000000; a picture given goes with none of the format flags.
int32_t date_format(WindowsProcess& p, uint32_t flags, Ptr st, const std::string* picture, Ptr buf, int32_t size, bool wide) {
  constexpr uint32_t kShort = 1, kLong = 2, kLocaleFlags = 0xc0000000u;
  if ((flags & ~(kShort | kLong | kLocaleFlags)) || (flags & kShort && flags & kLong) || (picture && (flags & (kShort | kLong))))
    return fail(p, ERROR_INVALID_FLAGS_);
  if (size < 0) return fail(p, ERROR_INVALID_PARAMETER);
  Moment m;
  if (!read_moment(st, m, true)) return fail(p, ERROR_INVALID_PARAMETER);
  const std::string pic = picture ? *picture : (flags & kLong) ? locale_text(0x20) : locale_text(0x1f);
  return store_text(p, format_picture(pic, m, true), buf, size, wide);
}
// Flags: TIME_NOMINUTESORSECONDS 1, TIME_NOSECONDS 2, TIME_NOTIMEMARKER 4, TIME_FORCE24HOURFORMAT 8
// (they change the locale's picture, "h:mm:ss tt", or a picture given).
int32_t time_format(WindowsProcess& p, uint32_t flags, Ptr st, const std::string* picture, Ptr buf, int32_t size, bool wide) {
  constexpr uint32_t kNoMinutes = 1, kNoSeconds = 2, kNoMarker = 4, kForce24 = 8, kLocaleFlags = 0xc0000000u;
  if (flags & ~(kNoMinutes | kNoSeconds | kNoMarker | kForce24 | kLocaleFlags)) return fail(p, ERROR_INVALID_FLAGS_);
  if (size < 0) return fail(p, ERROR_INVALID_PARAMETER);
  Moment m;
  if (!read_moment(st, m, false)) return fail(p, ERROR_INVALID_PARAMETER);
  std::string pic = picture ? *picture : "h:mm:ss tt";
  auto drop = [&](char letter) {  // a field and the separator before it
    for (size_t at; (at = pic.find(letter)) != std::string::npos;) {
      size_t end = pic.find_first_not_of(letter, at);
      size_t start = at;
      while (start > 0 && pic[start - 1] != 'h' && pic[start - 1] != 'H' && pic[start - 1] != 'm' && pic[start - 1] != 's') --start;
      pic.erase(start, (end == std::string::npos ? pic.size() : end) - start);
    }
  };
  if (flags & (kNoMinutes | kNoSeconds)) drop('s');
  if (flags & kNoMinutes) drop('m');
  if (flags & kNoMarker) {
    drop('t');
    while (!pic.empty() && pic.back() == ' ') pic.pop_back();
  }
  if (flags & kForce24) std::replace(pic.begin(), pic.end(), 'h', 'H');
  return store_text(p, format_picture(pic, m, false), buf, size, wide);
}

std::string picture_a(AStr f) { return f.str(); }
std::string picture_w(Ptr f) { return utf16_to_utf8(f.as<const char16_t>()); }

int32_t GetDateFormatA(WindowsProcess& p, uint32_t, uint32_t flags, Ptr st, AStr f, Ptr buf, int32_t size) {
  const std::string pic = f.addr ? picture_a(f) : "";
  return date_format(p, flags, st, f.addr ? &pic : nullptr, buf, size, false);
}
int32_t GetDateFormatW(WindowsProcess& p, uint32_t, uint32_t flags, Ptr st, Ptr f, Ptr buf, int32_t size) {
  const std::string pic = f ? picture_w(f) : "";
  return date_format(p, flags, st, f ? &pic : nullptr, buf, size, true);
}
int32_t GetDateFormatEx(WindowsProcess& p, Ptr locale, uint32_t flags, Ptr st, Ptr f, Ptr buf, int32_t size, Ptr) {
  if (locale && !LocaleNameToLCID(p, locale, 0)) return 0;
  return GetDateFormatW(p, kLcid, flags, st, f, buf, size);
}
int32_t GetTimeFormatA(WindowsProcess& p, uint32_t, uint32_t flags, Ptr st, AStr f, Ptr buf, int32_t size) {
  const std::string pic = f.addr ? picture_a(f) : "";
  return time_format(p, flags, st, f.addr ? &pic : nullptr, buf, size, false);
}
int32_t GetTimeFormatW(WindowsProcess& p, uint32_t, uint32_t flags, Ptr st, Ptr f, Ptr buf, int32_t size) {
  const std::string pic = f ? picture_w(f) : "";
  return time_format(p, flags, st, f ? &pic : nullptr, buf, size, true);
}
int32_t GetTimeFormatEx(WindowsProcess& p, Ptr locale, uint32_t flags, Ptr st, Ptr f, Ptr buf, int32_t size) {
  if (locale && !LocaleNameToLCID(p, locale, 0)) return 0;
  return GetTimeFormatW(p, kLcid, flags, st, f, buf, size);
}

// The user's geographical location: the United States (GeoID 244, Microsoft's table of
// geographical locations), the nation of the one locale. GetGeoInfo knows that location's codes and
// names; another location or kind of fact is refused (ERROR_INVALID_PARAMETER, ERROR_INVALID_FLAGS).
constexpr int32_t kUnitedStates = 244;
int32_t GetUserGeoID(WindowsProcess&, uint32_t geo_class) {
  return geo_class == 16 || geo_class == 0 ? kUnitedStates : -1;  // GEOCLASS_NATION, GEOCLASS_ALL; else GEOID_NOT_AVAILABLE
}
// Setting the user's location: the United States, the one location known here, by its GeoID or
// its ISO 3166 name (or UN M.49 code); another is no location this system can describe
// (ERROR_INVALID_PARAMETER, as for an invalid GeoID).
BOOL SetUserGeoID(WindowsProcess& p, int32_t geo) { return geo == kUnitedStates ? TRUE : fail(p, ERROR_INVALID_PARAMETER); }
BOOL SetUserGeoName(WindowsProcess& p, WStr name) {
  const std::u16string n = name.str();
  return n == u"US" || n == u"us" || n == u"840" ? TRUE : fail(p, ERROR_INVALID_PARAMETER);
}
const char* geo_text(uint32_t type) {
  switch (type) {
    case 1: return "244";            // GEO_NATION
    case 4: return "US";             // GEO_ISO2
    case 5: return "USA";            // GEO_ISO3
    case 6: return "en-US";          // GEO_RFC1766
    case 7: return "00000409";       // GEO_LCID
    case 8: return "United States";  // GEO_FRIENDLYNAME
    case 12: return "840";           // GEO_ISO_UN_NUMBER
    case 14: return "1";             // GEO_DIALINGCODE
    case 15: return "USD";           // GEO_CURRENCYCODE
    case 16: return "$";             // GEO_CURRENCYSYMBOL
    case 17: return "US";            // GEO_NAME
    case 18: return "244";           // GEO_ID
    default: return nullptr;
  }
}
int32_t geo_info(WindowsProcess& p, int32_t location, uint32_t type, Ptr buf, int32_t size, bool wide) {
  if (location != kUnitedStates) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const char* text = geo_text(type);
  if (!text) return fail(p, ERROR_INVALID_FLAGS_), 0;
  const std::string t = text;
  const std::u16string w = utf8_to_utf16(t);
  const int32_t need = static_cast<int32_t>((wide ? w.size() : t.size()) + 1);
  if (size == 0) return need;
  if (size < need || !buf) return fail(p, ERROR_INSUFFICIENT_BUFFER), 0;
  if (wide) std::memcpy(buf.as<char16_t>(), w.c_str(), need * 2);
  else std::memcpy(buf.as<char>(), t.c_str(), need);
  return need;
}
int32_t GetGeoInfoW(WindowsProcess& p, int32_t location, uint32_t type, Ptr buf, int32_t size, uint16_t) {
  return geo_info(p, location, type, buf, size, true);
}
int32_t GetGeoInfoA(WindowsProcess& p, int32_t location, uint32_t type, Ptr buf, int32_t size, uint16_t) {
  return geo_info(p, location, type, buf, size, false);
}
int32_t GetUserDefaultGeoName(WindowsProcess& p, Ptr buf, int32_t size) { return give_name(p, u"US", buf, size); }
// GetGeoInfoEx names the location by its ISO 3166-1 code or UN M.49 number ("US", "840"); it has
// no GEO_NATION, GEO_LATITUDE, GEO_LONGITUDE, GEO_LCID, GEO_RFC1766 or GEO_FRIENDLYNAME (its page:
// ERROR_INVALID_FLAGS).
int32_t GetGeoInfoEx(WindowsProcess& p, WStr location, uint32_t type, Ptr buf, int32_t size) {
  const std::u16string name = location.str();
  if (name != u"US" && name != u"us" && name != u"840") return fail(p, ERROR_INVALID_PARAMETER), 0;
  if (type == 1 || type == 2 || type == 3 || type == 6 || type == 7 || type == 8) return fail(p, ERROR_INVALID_FLAGS_), 0;
  return geo_info(p, kUnitedStates, type, buf, size, true);
}

// GetStringTypeExA: GetStringTypeA's (the locale is the one there is).
BOOL GetStringTypeExA(WindowsProcess& p, uint32_t locale, uint32_t type, Ptr src, int32_t count, Ptr out) {
  return GetStringTypeA(p, locale, type, src, count, out);
}
// A default or neutral LCID as the specific locale it stands for: LOCALE_NEUTRAL (0), the user's
// and system's defaults (0x400, 0x800) and English's neutral languages (0x09, SUBLANG_NEUTRAL or
// SUBLANG_DEFAULT of LANG_ENGLISH) are en-US; a specific LCID is itself.
uint32_t ConvertDefaultLocale(WindowsProcess&, uint32_t lcid) {
  if (lcid == 0 || lcid == 0x400 || lcid == 0x800 || lcid == 0x09 || lcid == 0x409 || lcid == 0x0409) return kLcid;
  return lcid;
}
int32_t GetSystemDefaultLocaleName(WindowsProcess& p, Ptr buf, int32_t size) { return give_name(p, u"en-US", buf, size); }

}  // namespace

// The user's locale's GetLocaleInfo text for a LOCALE_* type (kernel32/number_format.cpp).
const char* user_locale_text(uint32_t type) { return locale_text(type); }

// These join KERNEL32's table (kernel32/kernel32.cpp).
uint16_t char_type1(char16_t c) { return ctype1(c); }
char16_t char_upper(char16_t c) { return upper(c); }
char16_t char_lower(char16_t c) { return lower(c); }

const std::vector<Export>& kernel32_locale_exports() {
  static const std::vector<Export> exports = {
      EXPORT("GetStringTypeW", GetStringTypeW),
      EXPORT("GetStringTypeA", GetStringTypeA),
      EXPORT("LCMapStringA", LCMapStringA),
      EXPORT("EnumSystemLocalesA", EnumSystemLocalesA),
      EXPORT("ResolveLocaleName", ResolveLocaleName),
      EXPORT("GetStringTypeExW", GetStringTypeExW),
      EXPORT("LCMapStringW", LCMapStringW),
      EXPORT("LCMapStringEx", LCMapStringEx),
      EXPORT("CompareStringOrdinal", CompareStringOrdinal),
      EXPORT("CompareStringEx", CompareStringEx),
      EXPORT("GetUserDefaultLCID", GetUserDefaultLCID),
      EXPORT("GetUserGeoID", GetUserGeoID),
      EXPORT("GetGeoInfoA", GetGeoInfoA),
      EXPORT("GetGeoInfoW", GetGeoInfoW),
      EXPORT("GetUserDefaultGeoName", GetUserDefaultGeoName),
      EXPORT("GetGeoInfoEx", GetGeoInfoEx),
      EXPORT("SetUserGeoID", SetUserGeoID),
      EXPORT("SetUserGeoName", SetUserGeoName),
      EXPORT("SetLocaleInfoW", SetLocaleInfoW),
      EXPORT("SetLocaleInfoA", SetLocaleInfoA),
      EXPORT("GetStringTypeExA", GetStringTypeExA),
      EXPORT("ConvertDefaultLocale", ConvertDefaultLocale),
      EXPORT("GetSystemDefaultLocaleName", GetSystemDefaultLocaleName),
      EXPORT("GetSystemDefaultLCID", GetUserDefaultLCID),
      EXPORT("GetUserDefaultLangID", GetUserDefaultLangID),
      EXPORT("GetSystemDefaultLangID", GetUserDefaultLangID),
      // The user interface's language is the locale's (a single-language system).
      EXPORT("GetUserDefaultUILanguage", GetUserDefaultLangID),
      EXPORT("GetSystemDefaultUILanguage", GetUserDefaultLangID),
      EXPORT("GetThreadLocale", GetThreadLocale),
      EXPORT("SetThreadLocale", SetThreadLocale),
      EXPORT("IsValidLocale", IsValidLocale),
      EXPORT("IsValidLocaleName", IsValidLocaleName),
      EXPORT("GetUserDefaultLocaleName", GetUserDefaultLocaleName),
      EXPORT("GetLocaleInfoW", GetLocaleInfoW),
      EXPORT("GetLocaleInfoA", GetLocaleInfoA),
      EXPORT("GetLocaleInfoEx", GetLocaleInfoEx),
      EXPORT("EnumSystemLocalesW", EnumSystemLocalesW),
      EXPORT("EnumSystemLocalesEx", EnumSystemLocalesEx),
      EXPORT("LCIDToLocaleName", LCIDToLocaleName),
      EXPORT("LocaleNameToLCID", LocaleNameToLCID),
      EXPORT("GetDateFormatA", GetDateFormatA),
      EXPORT("GetDateFormatW", GetDateFormatW),
      EXPORT("GetDateFormatEx", GetDateFormatEx),
      EXPORT("GetTimeFormatA", GetTimeFormatA),
      EXPORT("GetTimeFormatW", GetTimeFormatW),
      EXPORT("GetTimeFormatEx", GetTimeFormatEx),
  };
  return exports;
}

}  // namespace polyrun::shims
