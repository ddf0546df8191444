// msvcrt.dll and the Universal CRT, the bounds-checked and wide time functions: _gmtime64_s,
// _localtime64_s and their 32-bit forms, _mkgmtime64/_mkgmtime32 (UTC's mktime), asctime_s,
// _wasctime(_s), _ctime64_s/_ctime32_s, _wctime64/_wctime32 and their _s forms, _strdate, _strtime
// and their wide and _s forms, the time zone's values (_get_timezone, _get_daylight, _get_dstbias,
// _get_tzname, __dstbias), _timespec64_get/_timespec32_get, and the "C" locale's names of days and
// months (_Getdays, _Getmonths, _W_Getdays, _W_Getmonths).
//
// struct tm is nine ints. A time before 1970 (or past 3000-12-31 23:59:59 UTC, _MAX__TIME64_T) has
// no broken-down form: the _s functions fill the struct with -1 and give EINVAL. Those Microsoft
// documents as checking their parameters call the invalid-parameter handler (ucrtbase.dll's
// forms raise without one: msvcrt/string_s.cpp).
#include <time.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/windows_time_zone.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

CrtZone crt_zone() {
  const HostTimeZone z = host_time_zone();
  CrtZone r{};
  r.timezone = z.bias * 60 + (z.standard_date.month ? z.standard_bias * 60 : 0);
  r.daylight = z.daylight_date.month ? 1 : 0;
  r.dstbias = r.daylight ? (z.daylight_bias - z.standard_bias) * 60 : 0;
  r.standard = z.standard_name;
  r.daylight_name = z.daylight_name;
  return r;
}

namespace time_s {
namespace {

constexpr int64_t kMaxTime64 = 32535215999ll;  // _MAX__TIME64_T

template <bool Ucrt>
int32_t invalid(WindowsProcess& p) {
  *msvcrt_errno(p) = EINVAL;
  crt_invalid_parameter(p, Ucrt);
  return EINVAL;
}

void store_tm(uint64_t at, const struct tm& t) {
  int v[9] = {t.tm_sec, t.tm_min, t.tm_hour, t.tm_mday, t.tm_mon, t.tm_year, t.tm_wday, t.tm_yday, t.tm_isdst};
  std::memcpy(guest_pointer(at), v, sizeof v);
}
bool broken_down(int64_t t, bool local, struct tm* out) {
  if (t < 0 || t > kMaxTime64) return false;
  time_t tt = static_cast<time_t>(t);
  return local ? ::localtime_r(&tt, out) != nullptr : ::gmtime_r(&tt, out) != nullptr;
}

// _gmtime64_s and the rest: the struct filled, or -1 in every field and EINVAL.
int32_t to_tm_s(WindowsProcess& p, Ptr out, Ptr t, bool wide_time, bool local) {
  struct tm r {};
  int64_t secs = t ? (wide_time ? get<int64_t>(t.addr) : get<int32_t>(t.addr)) : -1;
  if (!out || !t || !broken_down(secs, local, &r)) {
    if (out) {
      int bad[9] = {-1, -1, -1, -1, -1, -1, -1, -1, -1};
      std::memcpy(guest_pointer(out.addr), bad, sizeof bad);
    }
    return *msvcrt_errno(p) = EINVAL;
  }
  store_tm(out.addr, r);
  return 0;
}
int32_t _gmtime64_s_(WindowsProcess& p, Ptr out, Ptr t) { return to_tm_s(p, out, t, true, false); }
int32_t _gmtime32_s_(WindowsProcess& p, Ptr out, Ptr t) { return to_tm_s(p, out, t, false, false); }
int32_t _localtime64_s_(WindowsProcess& p, Ptr out, Ptr t) { return to_tm_s(p, out, t, true, true); }
int32_t _localtime32_s_(WindowsProcess& p, Ptr out, Ptr t) { return to_tm_s(p, out, t, false, true); }

// _mkgmtime: the struct, read as UTC, normalised (with its day of the week and year) and turned
// into seconds; -1 and EINVAL before 1970 or past the type's end.
int64_t make_utc(WindowsProcess& p, Ptr tm, int64_t max) {
  int v[9];
  std::memcpy(v, guest_pointer(tm.addr), sizeof v);
  struct tm t {};
  t.tm_sec = v[0], t.tm_min = v[1], t.tm_hour = v[2], t.tm_mday = v[3], t.tm_mon = v[4], t.tm_year = v[5];
  time_t r = ::timegm(&t);
  if (r < 0 || r > max) {
    *msvcrt_errno(p) = EINVAL;
    return -1;
  }
  t.tm_isdst = 0;
  store_tm(tm.addr, t);
  return r;
}
int64_t _mkgmtime64_(WindowsProcess& p, Ptr tm) { return make_utc(p, tm, kMaxTime64); }
int32_t _mkgmtime32_(WindowsProcess& p, Ptr tm) { return static_cast<int32_t>(make_utc(p, tm, 0x7fffffff)); }
int64_t _mkgmtime_(WindowsProcess& p, Ptr tm) {
  return p.isa->ptr == 8 ? _mkgmtime64_(p, tm) : _mkgmtime32_(p, tm);
}

// ---- asctime's text ----

// "Wed Jan 02 02:03:55 1980\n"; false for a field out of its range (the day of the month checked
// against the month's length).
bool asctime_text(const int v[9], std::string* out) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static const int kLengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (v[0] < 0 || v[0] > 59 || v[1] < 0 || v[1] > 59 || v[2] < 0 || v[2] > 23 || v[4] < 0 || v[4] > 11 ||
      v[6] < 0 || v[6] > 6 || v[5] < 0 || v[3] < 0)
    return false;
  const int year = v[5] + 1900;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (v[3] > kLengths[v[4]] + (v[4] == 1 && leap ? 1 : 0)) return false;
  char text[64];
  std::snprintf(text, sizeof text, "%s %s %02d %02d:%02d:%02d %d\n", kDays[v[6]], kMonths[v[4]], v[3], v[2], v[1],
                v[0], year);
  *out = text;
  return true;
}
void read_tm(Ptr tm, int v[9]) { std::memcpy(v, guest_pointer(tm.addr), 9 * sizeof(int)); }
template <typename C>
void store_text(Ptr buf, const std::string& s) {
  C* d = buf.as<C>();
  for (size_t i = 0; i <= s.size(); ++i) d[i] = static_cast<C>(static_cast<unsigned char>(s.c_str()[i]));
}

// asctime_s and _wasctime_s: into the caller's buffer of at least 26 characters.
template <bool Ucrt, typename C>
int32_t asctime_into(WindowsProcess& p, Ptr buf, USize size, Ptr tm) {
  if (!buf) return invalid<Ucrt>(p);
  if (size) *buf.as<C>() = 0;
  if (size < 26 || !tm) return invalid<Ucrt>(p);
  int v[9];
  read_tm(tm, v);
  std::string text;
  if (!asctime_text(v, &text)) return invalid<Ucrt>(p);
  store_text<C>(buf, text);
  return 0;
}
template <bool Ucrt>
int32_t asctime_s_(WindowsProcess& p, Ptr buf, USize size, Ptr tm) { return asctime_into<Ucrt, char>(p, buf, size, tm); }
template <bool Ucrt>
int32_t _wasctime_s_(WindowsProcess& p, Ptr buf, USize size, Ptr tm) {
  return asctime_into<Ucrt, char16_t>(p, buf, size, tm);
}
// _wasctime: in the buffer it keeps; null (EINVAL) for a field out of range.
Ptr wide_text(WindowsProcess& p, const int v[9]) {
  std::string text;
  if (!asctime_text(v, &text)) {
    *msvcrt_errno(p) = EINVAL;
    return Ptr(0);
  }
  uint64_t& slot = data_slot(p, "wasctime-buffer", 64);
  store_text<char16_t>(Ptr(slot), text);
  return Ptr(slot);
}
Ptr _wasctime_(WindowsProcess& p, Ptr tm) {
  if (!tm) {
    *msvcrt_errno(p) = EINVAL;
    return Ptr(0);
  }
  int v[9];
  read_tm(tm, v);
  return wide_text(p, v);
}
// _wctime64 and _wctime32: the local time's text; null for a time before 1970.
Ptr local_wide_text(WindowsProcess& p, int64_t t) {
  struct tm r {};
  if (!broken_down(t, true, &r)) {
    *msvcrt_errno(p) = EINVAL;
    return Ptr(0);
  }
  int v[9] = {r.tm_sec, r.tm_min, r.tm_hour, r.tm_mday, r.tm_mon, r.tm_year, r.tm_wday, r.tm_yday, r.tm_isdst};
  return wide_text(p, v);
}
Ptr _wctime64_(WindowsProcess& p, Ptr t) { return local_wide_text(p, get<int64_t>(t.addr)); }
Ptr _wctime32_(WindowsProcess& p, Ptr t) { return local_wide_text(p, get<int32_t>(t.addr)); }
Ptr _wctime_(WindowsProcess& p, Ptr t) { return p.isa->ptr == 8 ? _wctime64_(p, t) : _wctime32_(p, t); }

// _ctime64_s and _wctime64_s (and the 32-bit forms): the local time's text into the buffer.
template <bool Ucrt, typename C>
int32_t ctime_into(WindowsProcess& p, Ptr buf, USize size, Ptr t, bool wide_time) {
  if (!buf || !size) return invalid<Ucrt>(p);
  *buf.as<C>() = 0;
  if (sizeof(C) == 1 && size < 26) return invalid<Ucrt>(p);
  if (!t) return invalid<Ucrt>(p);
  int64_t secs = wide_time ? get<int64_t>(t.addr) : get<int32_t>(t.addr);
  struct tm r {};
  if (secs < 0 || secs > kMaxTime64 || !broken_down(secs, true, &r)) return invalid<Ucrt>(p);
  int v[9] = {r.tm_sec, r.tm_min, r.tm_hour, r.tm_mday, r.tm_mon, r.tm_year, r.tm_wday, r.tm_yday, r.tm_isdst};
  std::string text;
  asctime_text(v, &text);
  if (size < 26) return invalid<Ucrt>(p);
  store_text<C>(buf, text);
  return 0;
}
template <bool Ucrt>
int32_t _ctime64_s_(WindowsProcess& p, Ptr buf, USize size, Ptr t) { return ctime_into<Ucrt, char>(p, buf, size, t, true); }
template <bool Ucrt>
int32_t _ctime32_s_(WindowsProcess& p, Ptr buf, USize size, Ptr t) { return ctime_into<Ucrt, char>(p, buf, size, t, false); }
template <bool Ucrt>
int32_t _wctime64_s_(WindowsProcess& p, Ptr buf, USize size, Ptr t) {
  return ctime_into<Ucrt, char16_t>(p, buf, size, t, true);
}
template <bool Ucrt>
int32_t _wctime32_s_(WindowsProcess& p, Ptr buf, USize size, Ptr t) {
  return ctime_into<Ucrt, char16_t>(p, buf, size, t, false);
}

// ---- _strdate and _strtime: "MM/DD/YY" and "HH:MM:SS", local ----

std::string now_text(bool date) {
  time_t now = ::time(nullptr);
  struct tm r {};
  ::localtime_r(&now, &r);
  char text[16];
  if (date) std::snprintf(text, sizeof text, "%02d/%02d/%02d", r.tm_mon + 1, r.tm_mday, r.tm_year % 100);
  else std::snprintf(text, sizeof text, "%02d:%02d:%02d", r.tm_hour, r.tm_min, r.tm_sec);
  return text;
}
template <typename C, bool Date>
Ptr now_into(WindowsProcess&, Ptr buf) {
  store_text<C>(buf, now_text(Date));
  return buf;
}
// The _s forms: EINVAL without a buffer, ERANGE for fewer than 9 characters (errno only).
template <typename C, bool Date>
int32_t now_into_s(WindowsProcess& p, Ptr buf, USize size) {
  if (buf && size) *buf.as<C>() = 0;
  if (!buf) return *msvcrt_errno(p) = EINVAL;
  if (size < 9) return *msvcrt_errno(p) = ERANGE;
  store_text<C>(buf, now_text(Date));
  return 0;
}
Ptr _strdate_(WindowsProcess& p, Ptr buf) { return now_into<char, true>(p, buf); }
Ptr _strtime_(WindowsProcess& p, Ptr buf) { return now_into<char, false>(p, buf); }
Ptr _wstrdate_(WindowsProcess& p, Ptr buf) { return now_into<char16_t, true>(p, buf); }
Ptr _wstrtime_(WindowsProcess& p, Ptr buf) { return now_into<char16_t, false>(p, buf); }
int32_t _strdate_s_(WindowsProcess& p, Ptr buf, USize size) { return now_into_s<char, true>(p, buf, size); }
int32_t _strtime_s_(WindowsProcess& p, Ptr buf, USize size) { return now_into_s<char, false>(p, buf, size); }
int32_t _wstrdate_s_(WindowsProcess& p, Ptr buf, USize size) { return now_into_s<char16_t, true>(p, buf, size); }
int32_t _wstrtime_s_(WindowsProcess& p, Ptr buf, USize size) { return now_into_s<char16_t, false>(p, buf, size); }

// ---- the time zone ----

int32_t _get_timezone_(WindowsProcess& p, Ptr out) {
  if (!out) return invalid<true>(p);
  put<int32_t>(out.addr, crt_zone().timezone);
  return 0;
}
int32_t _get_daylight_(WindowsProcess& p, Ptr out) {
  if (!out) return invalid<true>(p);
  put<int32_t>(out.addr, crt_zone().daylight);
  return 0;
}
int32_t _get_dstbias_(WindowsProcess& p, Ptr out) {
  if (!out) return invalid<true>(p);
  put<int32_t>(out.addr, crt_zone().dstbias);
  return 0;
}
Ptr __dstbias_(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "dstbias", 4);
  put<int32_t>(slot, crt_zone().dstbias);
  return Ptr(slot);
}
uint64_t dstbias_data(WindowsProcess& p) { return __dstbias_(p).addr; }
// _get_tzname(&length, buf, size, index): zone name 0 (standard) or 1 (daylight); its length with
// the NUL; ERANGE if the buffer is too small.
int32_t _get_tzname_(WindowsProcess& p, Ptr length, Ptr buf, USize size, int32_t index) {
  if (index != 0 && index != 1) return *msvcrt_errno(p) = EINVAL;
  if (!length || (!buf && size) || (buf && !size)) return *msvcrt_errno(p) = EINVAL;
  const CrtZone z = crt_zone();
  const std::string& name = index ? z.daylight_name : z.standard;
  p.put_ptr(length.addr, name.size() + 1);
  if (!buf) return 0;
  if (name.size() + 1 > size) {
    *buf.as<char>() = 0;
    return ERANGE;
  }
  std::memcpy(buf.as<char>(), name.c_str(), name.size() + 1);
  return 0;
}

// _timespec64_get(&ts, TIME_UTC): the time now, seconds and nanoseconds; the base, or 0 for
// another base.
int32_t timespec_get(WindowsProcess& p, Ptr ts, int32_t base, bool wide_time) {
  if (!ts) {
    invalid<true>(p);
    return 0;
  }
  if (base != 1) return 0;
  struct timespec now;
  ::clock_gettime(CLOCK_REALTIME, &now);
  if (wide_time) {
    put<int64_t>(ts.addr, now.tv_sec);
    put<int32_t>(ts.addr + 8, static_cast<int32_t>(now.tv_nsec / 100 * 100));
  } else {
    put<int32_t>(ts.addr, static_cast<int32_t>(now.tv_sec));
    put<int32_t>(ts.addr + 4, static_cast<int32_t>(now.tv_nsec / 100 * 100));
  }
  return base;
}
int32_t _timespec64_get_(WindowsProcess& p, Ptr ts, int32_t base) { return timespec_get(p, ts, base, true); }
int32_t _timespec32_get_(WindowsProcess& p, Ptr ts, int32_t base) { return timespec_get(p, ts, base, false); }

// ---- the "C" locale's names of days and months: _Getdays, _Getmonths and the wide forms ----

// ":Sun:Sunday:Mon:Monday…" and ":Jan:January…", in a heap block the caller frees.
std::string names(bool days) {
  static const char* const kDays[] = {"Sun", "Sunday", "Mon", "Monday", "Tue", "Tuesday", "Wed", "Wednesday",
                                      "Thu", "Thursday", "Fri", "Friday", "Sat", "Saturday"};
  static const char* const kMonths[] = {"Jan", "January", "Feb", "February", "Mar", "March", "Apr", "April",
                                        "May", "May", "Jun", "June", "Jul", "July", "Aug", "August",
                                        "Sep", "September", "Oct", "October", "Nov", "November", "Dec", "December"};
  std::string r;
  const char* const* list = days ? kDays : kMonths;
  for (size_t i = 0, n = days ? 14 : 24; i < n; ++i) r += std::string(":") + list[i];
  return r;
}
template <typename C>
Ptr heap_names(WindowsProcess& p, bool days) {
  const std::string t = names(days);
  uint64_t b = p.heap.alloc((t.size() + 1) * sizeof(C));
  if (!b) return Ptr(0);
  store_text<C>(Ptr(b), t);
  return Ptr(b);
}
Ptr _Getdays_(WindowsProcess& p) { return heap_names<char>(p, true); }
Ptr _Getmonths_(WindowsProcess& p) { return heap_names<char>(p, false); }
Ptr _W_Getdays_(WindowsProcess& p) { return heap_names<char16_t>(p, true); }
Ptr _W_Getmonths_(WindowsProcess& p) { return heap_names<char16_t>(p, false); }

template <bool Ucrt>
std::vector<Export> checked_exports() {
  return {
      EXPORT("asctime_s", asctime_s_<Ucrt>),       EXPORT("_wasctime_s", _wasctime_s_<Ucrt>),
      EXPORT("_ctime64_s", _ctime64_s_<Ucrt>),     EXPORT("_ctime32_s", _ctime32_s_<Ucrt>),
      EXPORT("_wctime64_s", _wctime64_s_<Ucrt>),   EXPORT("_wctime32_s", _wctime32_s_<Ucrt>),
  };
}

}  // namespace
}  // namespace time_s

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_time_s_exports() {
  using namespace time_s;
  static const std::vector<Export> exports = [] {
    std::vector<Export> all = checked_exports<false>();
    const std::vector<Export> more = {
        EXPORT("_gmtime64_s", _gmtime64_s_),     EXPORT("_gmtime32_s", _gmtime32_s_),
        EXPORT("_localtime64_s", _localtime64_s_), EXPORT("_localtime32_s", _localtime32_s_),
        EXPORT("_mkgmtime64", _mkgmtime64_),     EXPORT("_mkgmtime32", _mkgmtime32_),
        EXPORT("_mkgmtime", _mkgmtime_),         EXPORT("_wasctime", _wasctime_),
        EXPORT("_wctime64", _wctime64_),         EXPORT("_wctime32", _wctime32_),
        EXPORT("_wctime", _wctime_),             EXPORT("_strdate", _strdate_),
        EXPORT("_strtime", _strtime_),           EXPORT("_wstrdate", _wstrdate_),
        EXPORT("_wstrtime", _wstrtime_),         EXPORT("_strdate_s", _strdate_s_),
        EXPORT("_strtime_s", _strtime_s_),       EXPORT("_wstrdate_s", _wstrdate_s_),
        EXPORT("_wstrtime_s", _wstrtime_s_),     EXPORT("_get_tzname", _get_tzname_),
        EXPORT("__dstbias", __dstbias_),         EXPORT_DATA("_dstbias", dstbias_data),
        EXPORT("_Getdays", _Getdays_),           EXPORT("_Getmonths", _Getmonths_),
    };
    all.insert(all.end(), more.begin(), more.end());
    return all;
  }();
  return exports;
}

// The Universal CRT's forms and its own (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_time_s_exports() {
  using namespace time_s;
  static const std::vector<Export> exports = [] {
    std::vector<Export> all = checked_exports<true>();
    const std::vector<Export> more = {
        EXPORT("_get_timezone", _get_timezone_),     EXPORT("_get_daylight", _get_daylight_),
        EXPORT("_get_dstbias", _get_dstbias_),       EXPORT("_timespec64_get", _timespec64_get_),
        EXPORT("_timespec32_get", _timespec32_get_), EXPORT("_W_Getdays", _W_Getdays_),
        EXPORT("_W_Getmonths", _W_Getmonths_),
    };
    all.insert(all.end(), more.begin(), more.end());
    return all;
  }();
  return exports;
}

}  // namespace polyrun::shims
