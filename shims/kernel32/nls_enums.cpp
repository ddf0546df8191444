// KERNEL32.dll, what the national language support enumerates and tells of the one locale there is
// (en-US, kernel32/locale.cpp): its Gregorian calendar's facts (GetCalendarInfo, SetCalendarInfo's
// two-digit year limit, EnumCalendarInfo), its date and time pictures (EnumDateFormats,
// EnumTimeFormats), its language group (Western Europe and United States) and UI language, the
// code pages MultiByteToWideChar knows (kernel32/code_pages.cpp), the preferred UI languages of the
// system, user, process and thread, the sorting's version (GetNLSVersion), and searching text
// (FindNLSString, FindStringOrdinal). Callbacks get their strings in the process heap's blocks.
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

char16_t char_upper(char16_t c);  // kernel32/locale.cpp
uint16_t char_type1(char16_t c);  // kernel32/locale.cpp

namespace {

constexpr uint32_t kErrorInvalidFlags = 1004;
constexpr uint32_t kLcid = 0x0409;
constexpr uint32_t kGregorian = 1, kAllCalendars = 0xffffffffu;

// The LCIDs that name the one locale: itself, the defaults, LOCALE_NEUTRAL and LOCALE_INVARIANT
// are not it (the invariant locale's calendar data is the same Gregorian one here).
bool is_our_locale(uint32_t lcid) { return lcid == kLcid || lcid == 0x400 || lcid == 0x800 || lcid == 0 || lcid == 0x7f; }
bool is_our_locale_name(uint64_t name) {
  if (!name) return true;  // LOCALE_NAME_USER_DEFAULT
  const std::u16string n = reinterpret_cast<const char16_t*>(name);
  return n.empty() || n == u"en-US" || n == u"!x-sys-default-locale";
}

// A string for a callback: a block of the process heap holding it (wide, or narrow in the ANSI
// code page), freed after.
struct GuestString {
  WindowsProcess& p;
  uint64_t addr = 0;
  GuestString(WindowsProcess& proc, const std::string& s, bool wide) : p(proc) {
    if (wide) {
      const std::u16string w = utf8_to_utf16(s);
      addr = p.heap.alloc((w.size() + 1) * 2, false);
      std::memcpy(reinterpret_cast<void*>(addr), w.c_str(), (w.size() + 1) * 2);
    } else {
      const std::string a = utf8_to_ansi(s);
      addr = p.heap.alloc(a.size() + 1, false);
      std::memcpy(reinterpret_cast<void*>(addr), a.c_str(), a.size() + 1);
    }
  }
  ~GuestString() { p.heap.free(addr); }
};
// Calls a BOOL callback; whether it asks to go on.
bool call(WindowsProcess& p, Ptr callback, const std::vector<uint64_t>& args) {
  return (p.call_guest(callback.addr, args) & 0xffffffffu) != 0;
}

// A result string into a buffer of `size` characters, NUL included (0: the size it needs); too
// small: 0 and ERROR_INSUFFICIENT_BUFFER.
// The A forms' text is in the ANSI code page, their sizes in its bytes.
int32_t store_text(WindowsProcess& p, const std::string& utf8, Ptr buf, int32_t size, bool wide) {
  const std::u16string w = utf8_to_utf16(utf8);
  const std::string text = wide ? std::string() : utf8_to_ansi(utf8);
  const int32_t need = static_cast<int32_t>((wide ? w.size() : text.size()) + 1);
  if (size == 0) return need;
  if (size < need || !buf) return fail(p, ERROR_INSUFFICIENT_BUFFER), 0;
  if (wide) std::memcpy(buf.as<char16_t>(), w.c_str(), static_cast<size_t>(need) * 2);
  else std::memcpy(buf.as<char>(), text.c_str(), static_cast<size_t>(need));
  return need;
}

// ---- the Gregorian calendar ----

// What the user set with SetCalendarInfo: the largest year a two-digit year stands for.
std::mutex calendar_mutex;
uint32_t two_digit_year_max = 2049;

// CALTYPE values (CAL_ICALINTVALUE 1 … CAL_SRELATIVELONGDATE 0x3a): en-US's Gregorian calendar.
// Months 13 (0x21, 0x2e) are empty: the calendar has twelve.
std::string calendar_text(uint32_t type) {
  static const char* const days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  static const char* const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
  if (type >= 0x07 && type <= 0x0d) return days[type - 0x07];
  if (type >= 0x0e && type <= 0x14) return std::string(days[type - 0x0e]).substr(0, 3);
  if (type >= 0x15 && type <= 0x20) return months[type - 0x15];
  if (type >= 0x22 && type <= 0x2d) return std::string(months[type - 0x22]).substr(0, 3);
  if (type >= 0x31 && type <= 0x37) return std::string(days[type - 0x31]).substr(0, 2);
  switch (type) {
    case 0x01: return "1";                   // CAL_ICALINTVALUE: CAL_GREGORIAN
    case 0x02: return "Gregorian Calendar";  // CAL_SCALNAME
    case 0x03: return "0";                   // CAL_IYEAROFFSETRANGE
    case 0x04: return "AD";                  // CAL_SERASTRING
    case 0x05: return "M/d/yyyy";            // CAL_SSHORTDATE
    case 0x06: return "dddd, MMMM d, yyyy";  // CAL_SLONGDATE
    case 0x21: case 0x2e: return "";         // CAL_SMONTHNAME13, CAL_SABBREVMONTHNAME13
    case 0x2f: return "MMMM yyyy";           // CAL_SYEARMONTH
    case 0x30: {                             // CAL_ITWODIGITYEARMAX
      std::lock_guard<std::mutex> g(calendar_mutex);
      return std::to_string(two_digit_year_max);
    }
    case 0x38: return "MMMM d";              // CAL_SMONTHDAY
    case 0x39: return "AD";                  // CAL_SABBREVERASTRING
    case 0x3a: return "dddd, MMM d";         // CAL_SRELATIVELONGDATE
    default: return std::string(1, '\xff');  // (no such type)
  }
}
bool is_numeric_type(uint32_t type) { return type == 0x01 || type == 0x03 || type == 0x30; }
bool known_type(uint32_t type) { return type >= 1 && type <= 0x3a; }

// CAL_NOUSEROVERRIDE (0x80000000) and CAL_USE_CP_ACP (0x40000000) change nothing here;
// CAL_RETURN_NUMBER (0x20000000) asks a numeric type's value in *value (the size of a DWORD in
// characters returned).
int32_t calendar_info(WindowsProcess& p, bool locale_ok, uint32_t calendar, uint32_t type, Ptr buf, int32_t size,
                      Ptr value, bool wide) {
  if (!locale_ok || calendar != kGregorian) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const bool number = type & 0x20000000u;
  type &= ~(0x80000000u | 0x40000000u | 0x20000000u);
  if (!known_type(type)) return fail(p, kErrorInvalidFlags), 0;
  const std::string text = calendar_text(type);
  if (number) {
    if (!is_numeric_type(type)) return fail(p, kErrorInvalidFlags), 0;
    if (!value) return fail(p, ERROR_INVALID_PARAMETER), 0;
    put<uint32_t>(value.addr, static_cast<uint32_t>(std::stoul(text)));
    return wide ? 2 : 4;
  }
  return store_text(p, text, buf, size, wide);
}
int32_t GetCalendarInfoW(WindowsProcess& p, uint32_t lcid, uint32_t cal, uint32_t type, Ptr buf, int32_t size, Ptr value) {
  return calendar_info(p, is_our_locale(lcid), cal, type, buf, size, value, true);
}
int32_t GetCalendarInfoA(WindowsProcess& p, uint32_t lcid, uint32_t cal, uint32_t type, Ptr buf, int32_t size, Ptr value) {
  return calendar_info(p, is_our_locale(lcid), cal, type, buf, size, value, false);
}
int32_t GetCalendarInfoEx(WindowsProcess& p, Ptr locale, uint32_t cal, Ptr, uint32_t type, Ptr buf, int32_t size, Ptr value) {
  return calendar_info(p, is_our_locale_name(locale.addr), cal, type, buf, size, value, true);
}

// Only CAL_ITWODIGITYEARMAX can be set (SetCalendarInfo's page), to a year of 99 to 9999; it holds
// for this process (Windows keeps it in the user's International settings).
BOOL set_calendar_info(WindowsProcess& p, uint32_t lcid, uint32_t calendar, uint32_t type, const std::string& data) {
  if (!is_our_locale(lcid) || calendar != kGregorian) return fail(p, ERROR_INVALID_PARAMETER);
  if ((type & 0xffff) != 0x30) return fail(p, kErrorInvalidFlags);
  char* end = nullptr;
  const unsigned long year = std::strtoul(data.c_str(), &end, 10);
  if (data.empty() || *end || year < 99 || year > 9999) return fail(p, ERROR_INVALID_PARAMETER);
  std::lock_guard<std::mutex> g(calendar_mutex);
  two_digit_year_max = static_cast<uint32_t>(year);
  return TRUE;
}
BOOL SetCalendarInfoW(WindowsProcess& p, uint32_t lcid, uint32_t cal, uint32_t type, WStr data) {
  return set_calendar_info(p, lcid, cal, type, utf16_to_utf8(data.str()));
}
BOOL SetCalendarInfoA(WindowsProcess& p, uint32_t lcid, uint32_t cal, uint32_t type, AStr data) {
  return set_calendar_info(p, lcid, cal, type, data.str());
}

// EnumCalendarInfo: the type's value for the calendar asked (ENUM_ALL_CALENDARS: each calendar the
// locale has, the Gregorian one). Kinds: plain callback(text), Ex callback(text, calendar), ExEx
// callback(text, calendar, reserved, lparam).
enum class CalKind { Plain, Ex, ExEx };
BOOL enum_calendar_info(WindowsProcess& p, Ptr callback, bool locale_ok, uint32_t calendar, uint32_t type, bool wide,
                        CalKind kind, uint64_t lparam) {
  if (!callback || !locale_ok) return fail(p, ERROR_INVALID_PARAMETER);
  if (calendar != kGregorian && calendar != kAllCalendars) return fail(p, ERROR_INVALID_PARAMETER);
  const bool number = type & 0x20000000u;
  const uint32_t t = type & ~(0x80000000u | 0x40000000u | 0x20000000u);
  if (!known_type(t)) return fail(p, kErrorInvalidFlags);
  std::string text = calendar_text(t);
  if (number) {
    if (!is_numeric_type(t)) return fail(p, kErrorInvalidFlags);
  }
  GuestString s(p, text, wide);
  if (kind == CalKind::Plain) call(p, callback, {s.addr});
  else if (kind == CalKind::Ex) call(p, callback, {s.addr, kGregorian});
  else call(p, callback, {s.addr, kGregorian, 0, lparam});
  return TRUE;
}
BOOL EnumCalendarInfoW(WindowsProcess& p, Ptr cb, uint32_t lcid, uint32_t cal, uint32_t type) {
  return enum_calendar_info(p, cb, is_our_locale(lcid), cal, type, true, CalKind::Plain, 0);
}
BOOL EnumCalendarInfoA(WindowsProcess& p, Ptr cb, uint32_t lcid, uint32_t cal, uint32_t type) {
  return enum_calendar_info(p, cb, is_our_locale(lcid), cal, type, false, CalKind::Plain, 0);
}
BOOL EnumCalendarInfoExW(WindowsProcess& p, Ptr cb, uint32_t lcid, uint32_t cal, uint32_t type) {
  return enum_calendar_info(p, cb, is_our_locale(lcid), cal, type, true, CalKind::Ex, 0);
}
BOOL EnumCalendarInfoExA(WindowsProcess& p, Ptr cb, uint32_t lcid, uint32_t cal, uint32_t type) {
  return enum_calendar_info(p, cb, is_our_locale(lcid), cal, type, false, CalKind::Ex, 0);
}
BOOL EnumCalendarInfoExEx(WindowsProcess& p, Ptr cb, Ptr locale, uint32_t cal, Ptr, uint32_t type, Ptr lparam) {
  return enum_calendar_info(p, cb, is_our_locale_name(locale.addr), cal, type, true, CalKind::ExEx, lparam.addr);
}

// ---- date and time pictures ----

// DATE_SHORTDATE 1, DATE_LONGDATE 2, DATE_YEARMONTH 8 (one of them; the others, DATE_USE_ALT_CALENDAR
// 4, DATE_LTRREADING 0x10 …, are no list of their own): en-US's pictures, its default first.
bool date_pictures(uint32_t flags, std::vector<std::string>& out) {
  switch (flags & ~(0x80000000u | 0x40000000u | 0x10u | 0x20u)) {
    case 0: case 1: out = {"M/d/yyyy", "MMM d, yyyy"}; return true;
    case 2: out = {"dddd, MMMM d, yyyy", "MMMM d, yyyy"}; return true;
    case 8: out = {"MMMM yyyy"}; return true;
    default: return false;
  }
}
BOOL enum_date_formats(WindowsProcess& p, Ptr callback, bool locale_ok, uint32_t flags, bool wide, CalKind kind,
                       uint64_t lparam) {
  if (!callback || !locale_ok) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<std::string> pictures;
  if (!date_pictures(flags, pictures)) return fail(p, kErrorInvalidFlags);
  for (const std::string& pic : pictures) {
    GuestString s(p, pic, wide);
    const bool go_on = kind == CalKind::Plain ? call(p, callback, {s.addr})
                       : kind == CalKind::Ex  ? call(p, callback, {s.addr, kGregorian})
                                              : call(p, callback, {s.addr, kGregorian, lparam});
    if (!go_on) break;
  }
  return TRUE;
}
BOOL EnumDateFormatsW(WindowsProcess& p, Ptr cb, uint32_t lcid, uint32_t flags) {
  return enum_date_formats(p, cb, is_our_locale(lcid), flags, true, CalKind::Plain, 0);
}
BOOL EnumDateFormatsA(WindowsProcess& p, Ptr cb, uint32_t lcid, uint32_t flags) {
  return enum_date_formats(p, cb, is_our_locale(lcid), flags, false, CalKind::Plain, 0);
}
BOOL EnumDateFormatsExW(WindowsProcess& p, Ptr cb, uint32_t lcid, uint32_t flags) {
  return enum_date_formats(p, cb, is_our_locale(lcid), flags, true, CalKind::Ex, 0);
}
BOOL EnumDateFormatsExA(WindowsProcess& p, Ptr cb, uint32_t lcid, uint32_t flags) {
  return enum_date_formats(p, cb, is_our_locale(lcid), flags, false, CalKind::Ex, 0);
}
BOOL EnumDateFormatsExEx(WindowsProcess& p, Ptr cb, Ptr locale, uint32_t flags, Ptr lparam) {
  return enum_date_formats(p, cb, is_our_locale_name(locale.addr), flags, true, CalKind::ExEx, lparam.addr);
}

// 0: the full pictures; TIME_NOSECONDS (2): without the seconds.
BOOL enum_time_formats(WindowsProcess& p, Ptr callback, bool locale_ok, uint32_t flags, bool wide, bool ex, uint64_t lparam) {
  if (!callback || !locale_ok) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t f = flags & ~(0x80000000u | 0x40000000u);
  if (f != 0 && f != 2) return fail(p, kErrorInvalidFlags);
  const std::vector<std::string> pictures =
      f == 2 ? std::vector<std::string>{"h:mm tt", "HH:mm"} : std::vector<std::string>{"h:mm:ss tt", "HH:mm:ss"};
  for (const std::string& pic : pictures) {
    GuestString s(p, pic, wide);
    if (!(ex ? call(p, callback, {s.addr, lparam}) : call(p, callback, {s.addr}))) break;
  }
  return TRUE;
}
BOOL EnumTimeFormatsW(WindowsProcess& p, Ptr cb, uint32_t lcid, uint32_t flags) {
  return enum_time_formats(p, cb, is_our_locale(lcid), flags, true, false, 0);
}
BOOL EnumTimeFormatsA(WindowsProcess& p, Ptr cb, uint32_t lcid, uint32_t flags) {
  return enum_time_formats(p, cb, is_our_locale(lcid), flags, false, false, 0);
}
BOOL EnumTimeFormatsEx(WindowsProcess& p, Ptr cb, Ptr locale, uint32_t flags, Ptr lparam) {
  return enum_time_formats(p, cb, is_our_locale_name(locale.addr), flags, true, true, lparam.addr);
}

// ---- languages, language groups, code pages ----

// MUI_LANGUAGE_ID (4): "0409"; MUI_LANGUAGE_NAME (8): "en-US"; both is no request.
constexpr uint32_t kMuiId = 4, kMuiName = 8;
BOOL enum_ui_languages(WindowsProcess& p, Ptr callback, uint32_t flags, Ptr lparam, bool wide) {
  if (!callback) return fail(p, ERROR_INVALID_PARAMETER);
  if ((flags & kMuiId) && (flags & kMuiName)) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags & ~(kMuiId | kMuiName | 0x80u /* MUI_ALL_INSTALLED_LANGUAGES */ | 0x100u /* MUI_LICENSED_LANGUAGES */))
    return fail(p, kErrorInvalidFlags);
  GuestString s(p, (flags & kMuiName) ? "en-US" : "0409", wide);
  call(p, callback, {s.addr, lparam.addr});
  return TRUE;
}
BOOL EnumUILanguagesW(WindowsProcess& p, Ptr cb, uint32_t flags, Ptr lparam) { return enum_ui_languages(p, cb, flags, lparam, true); }
BOOL EnumUILanguagesA(WindowsProcess& p, Ptr cb, uint32_t flags, Ptr lparam) { return enum_ui_languages(p, cb, flags, lparam, false); }

// LGRPID_INSTALLED 1, LGRPID_SUPPORTED 2: the group of the one locale, LGRPID_WESTERN_EUROPE (1),
// installed. callback(group, its number in hexadecimal, its name, LGRPID_INSTALLED, lparam).
constexpr uint32_t kWesternEurope = 1;
BOOL enum_language_groups(WindowsProcess& p, Ptr callback, uint32_t flags, Ptr lparam, bool wide) {
  if (!callback) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags != 0 && flags != 1 && flags != 2) return fail(p, kErrorInvalidFlags);
  GuestString id(p, "1", wide), name(p, "Western Europe and United States", wide);
  call(p, callback, {kWesternEurope, id.addr, name.addr, 1, lparam.addr});
  return TRUE;
}
BOOL EnumSystemLanguageGroupsW(WindowsProcess& p, Ptr cb, uint32_t flags, Ptr lparam) {
  return enum_language_groups(p, cb, flags, lparam, true);
}
BOOL EnumSystemLanguageGroupsA(WindowsProcess& p, Ptr cb, uint32_t flags, Ptr lparam) {
  return enum_language_groups(p, cb, flags, lparam, false);
}
// callback(group, LCID, the LCID in hexadecimal, lparam) for each locale of the group.
BOOL enum_group_locales(WindowsProcess& p, Ptr callback, uint32_t group, uint32_t flags, Ptr lparam, bool wide) {
  if (!callback || flags != 0) return fail(p, ERROR_INVALID_PARAMETER);
  if (group < 1 || group > 17) return fail(p, ERROR_INVALID_PARAMETER);
  if (group != kWesternEurope) return TRUE;
  GuestString s(p, "00000409", wide);
  call(p, callback, {kWesternEurope, kLcid, s.addr, lparam.addr});
  return TRUE;
}
BOOL EnumLanguageGroupLocalesW(WindowsProcess& p, Ptr cb, uint32_t group, uint32_t flags, Ptr lparam) {
  return enum_group_locales(p, cb, group, flags, lparam, true);
}
BOOL EnumLanguageGroupLocalesA(WindowsProcess& p, Ptr cb, uint32_t group, uint32_t flags, Ptr lparam) {
  return enum_group_locales(p, cb, group, flags, lparam, false);
}
BOOL IsValidLanguageGroup(WindowsProcess&, uint32_t group, uint32_t flags) {
  return group == kWesternEurope && (flags == 1 || flags == 2) ? TRUE : FALSE;
}

// CP_INSTALLED 1, CP_SUPPORTED 2: the code pages of tables (core/code_pages.h), as wine lists
// them (by their numbers as text, without UTF-7 and UTF-8).
BOOL enum_code_pages(WindowsProcess& p, Ptr callback, uint32_t flags, bool wide) {
  if (!callback) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags != 1 && flags != 2) return fail(p, kErrorInvalidFlags);
  for (unsigned id : table_code_pages()) {
    GuestString s(p, std::to_string(id), wide);
    if (!call(p, callback, {s.addr})) break;
  }
  return TRUE;
}
BOOL EnumSystemCodePagesW(WindowsProcess& p, Ptr cb, uint32_t flags) { return enum_code_pages(p, cb, flags, true); }
BOOL EnumSystemCodePagesA(WindowsProcess& p, Ptr cb, uint32_t flags) { return enum_code_pages(p, cb, flags, false); }

// ---- preferred UI languages ----

// The list (en-US, the one UI language) as a multi-string of names or hexadecimal IDs: count in
// *count, characters with the final NUL in *size; a buffer too small is ERROR_INSUFFICIENT_BUFFER
// with the size it needs, and no buffer asks for the size.
BOOL preferred_languages(WindowsProcess& p, uint32_t flags, Ptr count, Ptr buf, Ptr size) {
  if ((flags & kMuiId) && (flags & kMuiName)) return fail(p, ERROR_INVALID_PARAMETER);
  if (!count || !size) return fail(p, ERROR_INVALID_PARAMETER);
  const std::u16string list = (flags & kMuiId) ? std::u16string(u"0409\0\0", 6) : std::u16string(u"en-US\0\0", 7);
  const uint32_t have = get<uint32_t>(size.addr);
  if (buf && have) {
    if (have < list.size()) {
      put<uint32_t>(size.addr, static_cast<uint32_t>(list.size()));
      put<uint32_t>(count.addr, 0);
      return fail(p, ERROR_INSUFFICIENT_BUFFER);
    }
    std::memcpy(buf.as<char16_t>(), list.data(), list.size() * 2);
  }
  put<uint32_t>(count.addr, 1);
  put<uint32_t>(size.addr, static_cast<uint32_t>(list.size()));
  return TRUE;
}
BOOL GetSystemPreferredUILanguages(WindowsProcess& p, uint32_t flags, Ptr count, Ptr buf, Ptr size) {
  return preferred_languages(p, flags, count, buf, size);
}
BOOL GetUserPreferredUILanguages(WindowsProcess& p, uint32_t flags, Ptr count, Ptr buf, Ptr size) {
  return preferred_languages(p, flags, count, buf, size);
}
BOOL GetProcessPreferredUILanguages(WindowsProcess& p, uint32_t flags, Ptr count, Ptr buf, Ptr size) {
  return preferred_languages(p, flags, count, buf, size);
}
BOOL GetThreadPreferredUILanguages(WindowsProcess& p, uint32_t flags, Ptr count, Ptr buf, Ptr size) {
  return preferred_languages(p, flags & (kMuiId | kMuiName), count, buf, size);
}
// A list of languages that are all installed (en-US, or 0409 with MUI_LANGUAGE_ID); null or empty
// clears the setting. *count: how many were set.
bool languages_valid(const char16_t* list, uint32_t flags, uint32_t& n) {
  n = 0;
  if (!list) return true;
  for (const char16_t* s = list; *s; s += std::char_traits<char16_t>::length(s) + 1) {
    const std::u16string l = s;
    if ((flags & kMuiId) ? l != u"0409" : l != u"en-US") return false;
    ++n;
  }
  return true;
}
// (A list of en-US alone changes no answer: it is the one language there is.)
BOOL set_preferred_languages(WindowsProcess& p, uint32_t flags, Ptr list, Ptr count) {
  if ((flags & kMuiId) && (flags & kMuiName)) return fail(p, ERROR_INVALID_PARAMETER);
  uint32_t n = 0;
  if (!languages_valid(list.as<const char16_t>(), flags, n)) return fail(p, ERROR_INVALID_PARAMETER);
  if (count) put<uint32_t>(count.addr, n);
  return TRUE;
}
BOOL SetProcessPreferredUILanguages(WindowsProcess& p, uint32_t flags, Ptr list, Ptr count) {
  return set_preferred_languages(p, flags, list, count);
}
BOOL SetThreadPreferredUILanguages(WindowsProcess& p, uint32_t flags, Ptr list, Ptr count) {
  return set_preferred_languages(p, flags & (kMuiId | kMuiName), list, count);
}
uint16_t GetThreadUILanguage(WindowsProcess&) { return static_cast<uint16_t>(kLcid); }
// 0 asks for the language in use; en-US, the one installed, is the only one to set (another: 0,
// ERROR_INVALID_PARAMETER).
uint16_t SetThreadUILanguage(WindowsProcess& p, uint16_t language) {
  if (language == 0 || language == kLcid) return static_cast<uint16_t>(kLcid);
  return static_cast<uint16_t>(fail(p, ERROR_INVALID_PARAMETER));
}

// ---- versions of the sorting ----

// NLSVERSIONINFO: dwNLSVersionInfoSize, dwNLSVersion, dwDefinedVersion (then dwEffectiveId and
// guidCustomVersion in NLSVERSIONINFOEX). The version of Windows 10's Unicode sorting, 6.3.5.
constexpr uint32_t kNlsVersion = 0x60305;
constexpr uint32_t kCompareString = 1;
BOOL nls_version(WindowsProcess& p, uint32_t function, bool locale_ok, Ptr info, bool ex) {
  if (function != kCompareString) return fail(p, kErrorInvalidFlags);
  if (!locale_ok) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t size = get<uint32_t>(info.addr);
  if (size < 12 || (ex && size < 32)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  put<uint32_t>(info.addr + 4, kNlsVersion);
  put<uint32_t>(info.addr + 8, kNlsVersion);
  if (size >= 32) {
    put<uint32_t>(info.addr + 12, kLcid);
    std::memset(reinterpret_cast<void*>(info.addr + 16), 0, 16);
  }
  return TRUE;
}
BOOL GetNLSVersion(WindowsProcess& p, uint32_t function, uint32_t lcid, Ptr info) {
  return nls_version(p, function, is_our_locale(lcid), info, false);
}
BOOL GetNLSVersionEx(WindowsProcess& p, uint32_t function, Ptr locale, Ptr info) {
  return nls_version(p, function, is_our_locale_name(locale.addr), info, true);
}
// Whether a version a program kept (its NLSVERSIONINFOEX) is the sorting's now; FALSE with
// ERROR_SUCCESS for another.
uint32_t IsValidNLSVersion(WindowsProcess& p, uint32_t function, Ptr locale, Ptr info) {
  if (function != kCompareString || !is_our_locale_name(locale.addr)) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t size = get<uint32_t>(info.addr);
  if (size < 12) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (get<uint32_t>(info.addr + 4) == kNlsVersion) return TRUE;
  p.set_last_error(ERROR_SUCCESS);
  return FALSE;
}
// Whether each character of the string is a defined one (the NLS's table of the version asked):
// no unpaired surrogate, no noncharacter.
BOOL IsNLSDefinedString(WindowsProcess& p, uint32_t function, uint32_t, Ptr, Ptr str, int32_t len) {
  if (function != kCompareString || !str) return fail(p, ERROR_INVALID_PARAMETER);
  const char16_t* s = str.as<const char16_t>();
  const size_t n = len < 0 ? std::char_traits<char16_t>::length(s) : static_cast<size_t>(len);
  for (size_t i = 0; i < n; ++i) {
    const char16_t c = s[i];
    if (c >= 0xd800 && c <= 0xdbff) {
      if (i + 1 >= n || s[i + 1] < 0xdc00 || s[i + 1] > 0xdfff) return FALSE;
      ++i;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return FALSE;
    if (!(char_type1(c) & 0x200)) return FALSE;  // C1_DEFINED
  }
  return TRUE;
}

// ---- searching text ----

// FIND_STARTSWITH 0x100000, FIND_ENDSWITH 0x200000, FIND_FROMSTART 0x400000, FIND_FROMEND
// 0x800000: exactly one of them; NORM_IGNORECASE (1) and LINGUISTIC_IGNORECASE (0x10) fold case
// (the comparison is otherwise by code unit). The index of the match, its length in *found; -1.
constexpr uint32_t kStartsWith = 0x100000, kEndsWith = 0x200000, kFromStart = 0x400000, kFromEnd = 0x800000;
std::u16string text_of(Ptr s, int32_t n) {
  const char16_t* d = s.as<const char16_t>();
  return n < 0 ? std::u16string(d) : std::u16string(d, static_cast<size_t>(n));
}
std::u16string folded(std::u16string s, bool ignore_case) {
  if (ignore_case)
    for (char16_t& c : s) c = char_upper(c);
  return s;
}
int32_t find_text(const std::u16string& src, const std::u16string& value, uint32_t where) {
  if (value.size() > src.size()) return -1;
  switch (where) {
    case kStartsWith: return src.compare(0, value.size(), value) == 0 ? 0 : -1;
    case kEndsWith: {
      const size_t at = src.size() - value.size();
      return src.compare(at, value.size(), value) == 0 ? static_cast<int32_t>(at) : -1;
    }
    case kFromStart: {
      const size_t at = src.find(value);
      return at == std::u16string::npos ? -1 : static_cast<int32_t>(at);
    }
    default: {
      const size_t at = src.rfind(value);
      return at == std::u16string::npos ? -1 : static_cast<int32_t>(at);
    }
  }
}
int32_t find_nls_string(WindowsProcess& p, bool locale_ok, uint32_t flags, Ptr src, int32_t srclen, Ptr value,
                        int32_t valuelen, Ptr found) {
  if (!locale_ok || !src || !value || srclen == 0 || valuelen == 0 || srclen < -1 || valuelen < -1)
    return fail(p, ERROR_INVALID_PARAMETER), -1;
  const uint32_t where = flags & (kStartsWith | kEndsWith | kFromStart | kFromEnd);
  if (where && (where & (where - 1))) return fail(p, kErrorInvalidFlags), -1;
  const bool ignore_case = flags & (1u | 0x10u);
  const std::u16string s = folded(text_of(src, srclen), ignore_case), v = folded(text_of(value, valuelen), ignore_case);
  const int32_t at = find_text(s, v, where ? where : kFromStart);
  if (at >= 0 && found) put<int32_t>(found.addr, static_cast<int32_t>(v.size()));
  p.set_last_error(ERROR_SUCCESS);
  return at;
}
int32_t FindNLSString(WindowsProcess& p, uint32_t lcid, uint32_t flags, Ptr src, int32_t srclen, Ptr value,
                      int32_t valuelen, Ptr found) {
  return find_nls_string(p, is_our_locale(lcid), flags, src, srclen, value, valuelen, found);
}
int32_t FindNLSStringEx(WindowsProcess& p, Ptr locale, uint32_t flags, Ptr src, int32_t srclen, Ptr value,
                        int32_t valuelen, Ptr found, Ptr, Ptr, Ptr) {
  return find_nls_string(p, is_our_locale_name(locale.addr), flags, src, srclen, value, valuelen, found);
}
// By code unit (case folded as CompareStringOrdinal folds it with ignore_case): the index, or -1
// where it is not found; ERROR_SUCCESS either way (FindStringOrdinal's page).
int32_t FindStringOrdinal(WindowsProcess& p, uint32_t flags, Ptr src, int32_t srclen, Ptr value, int32_t valuelen,
                          int32_t ignore_case) {
  if (!src || !value) return fail(p, ERROR_INVALID_PARAMETER), -1;
  const uint32_t where = flags & (kStartsWith | kEndsWith | kFromStart | kFromEnd);
  if (where == 0 || (where & (where - 1)) || (flags & ~where)) return fail(p, kErrorInvalidFlags), -1;
  const std::u16string s = folded(text_of(src, srclen), ignore_case), v = folded(text_of(value, valuelen), ignore_case);
  const int32_t at = find_text(s, v, where);
  p.set_last_error(ERROR_SUCCESS);
  return at;
}

}  // namespace

const std::vector<Export>& kernel32_nls_enum_exports() {
  static const std::vector<Export> exports = {
      EXPORT("GetCalendarInfoA", GetCalendarInfoA),
      EXPORT("GetCalendarInfoW", GetCalendarInfoW),
      EXPORT("GetCalendarInfoEx", GetCalendarInfoEx),
      EXPORT("SetCalendarInfoA", SetCalendarInfoA),
      EXPORT("SetCalendarInfoW", SetCalendarInfoW),
      EXPORT("EnumCalendarInfoA", EnumCalendarInfoA),
      EXPORT("EnumCalendarInfoW", EnumCalendarInfoW),
      EXPORT("EnumCalendarInfoExA", EnumCalendarInfoExA),
      EXPORT("EnumCalendarInfoExW", EnumCalendarInfoExW),
      EXPORT("EnumCalendarInfoExEx", EnumCalendarInfoExEx),
      EXPORT("EnumDateFormatsA", EnumDateFormatsA),
      EXPORT("EnumDateFormatsW", EnumDateFormatsW),
      EXPORT("EnumDateFormatsExA", EnumDateFormatsExA),
      EXPORT("EnumDateFormatsExW", EnumDateFormatsExW),
      EXPORT("EnumDateFormatsExEx", EnumDateFormatsExEx),
      EXPORT("EnumTimeFormatsA", EnumTimeFormatsA),
      EXPORT("EnumTimeFormatsW", EnumTimeFormatsW),
      EXPORT("EnumTimeFormatsEx", EnumTimeFormatsEx),
      EXPORT("EnumUILanguagesA", EnumUILanguagesA),
      EXPORT("EnumUILanguagesW", EnumUILanguagesW),
      EXPORT("EnumSystemLanguageGroupsA", EnumSystemLanguageGroupsA),
      EXPORT("EnumSystemLanguageGroupsW", EnumSystemLanguageGroupsW),
      EXPORT("EnumLanguageGroupLocalesA", EnumLanguageGroupLocalesA),
      EXPORT("EnumLanguageGroupLocalesW", EnumLanguageGroupLocalesW),
      EXPORT("IsValidLanguageGroup", IsValidLanguageGroup),
      EXPORT("EnumSystemCodePagesA", EnumSystemCodePagesA),
      EXPORT("EnumSystemCodePagesW", EnumSystemCodePagesW),
      EXPORT("GetSystemPreferredUILanguages", GetSystemPreferredUILanguages),
      EXPORT("GetUserPreferredUILanguages", GetUserPreferredUILanguages),
      EXPORT("GetProcessPreferredUILanguages", GetProcessPreferredUILanguages),
      EXPORT("GetThreadPreferredUILanguages", GetThreadPreferredUILanguages),
      EXPORT("SetProcessPreferredUILanguages", SetProcessPreferredUILanguages),
      EXPORT("SetThreadPreferredUILanguages", SetThreadPreferredUILanguages),
      EXPORT("GetThreadUILanguage", GetThreadUILanguage),
      EXPORT("SetThreadUILanguage", SetThreadUILanguage),
      EXPORT("GetNLSVersion", GetNLSVersion),
      EXPORT("GetNLSVersionEx", GetNLSVersionEx),
      EXPORT("IsValidNLSVersion", IsValidNLSVersion),
      EXPORT("IsNLSDefinedString", IsNLSDefinedString),
      EXPORT("FindNLSString", FindNLSString),
      EXPORT("FindNLSStringEx", FindNLSStringEx),
      EXPORT("FindStringOrdinal", FindStringOrdinal),
  };
  return exports;
}

}  // namespace polyrun::shims
