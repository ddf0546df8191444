// msvcrt.dll and the Universal CRT, time: time and clock, the broken-down time (gmtime,
// localtime, mktime), asctime and ctime, difftime, _ftime, and the time zone's
// variables (_daylight, _timezone, _tzname, _tzset).
#include <time.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/windows_time_zone.h"

namespace polyrun::shims {

namespace {

// ---- broken-down time: struct tm is nine ints; one static result per thread, as in the CRT ----

uint64_t put_tm(WindowsProcess& p, const struct tm& t) {
  uint64_t& slot = data_slot(p, "tm-result", 9 * sizeof(int));
  int v[9] = {t.tm_sec, t.tm_min, t.tm_hour, t.tm_mday, t.tm_mon, t.tm_year, t.tm_wday, t.tm_yday, t.tm_isdst};
  std::memcpy(guest_pointer(slot), v, sizeof v);
  return slot;
}
Ptr broken_down(WindowsProcess& p, int64_t t, bool local) {
  if (t < 0) return Ptr(0);
  time_t tt = static_cast<time_t>(t);
  struct tm r;
  if (!(local ? ::localtime_r(&tt, &r) : ::gmtime_r(&tt, &r))) return Ptr(0);
  return Ptr(put_tm(p, r));
}
Ptr _gmtime64_(WindowsProcess& p, Ptr t) { return broken_down(p, get<int64_t>(t.addr), false); }
Ptr _localtime64_(WindowsProcess& p, Ptr t) { return broken_down(p, get<int64_t>(t.addr), true); }
Ptr _gmtime32_(WindowsProcess& p, Ptr t) { return broken_down(p, get<int32_t>(t.addr), false); }
Ptr _localtime32_(WindowsProcess& p, Ptr t) { return broken_down(p, get<int32_t>(t.addr), true); }
int64_t _mktime64_(WindowsProcess&, Ptr tm) {
  int v[9];
  std::memcpy(v, guest_pointer(tm.addr), sizeof v);
  struct tm t {};
  t.tm_sec = v[0], t.tm_min = v[1], t.tm_hour = v[2], t.tm_mday = v[3], t.tm_mon = v[4], t.tm_year = v[5];
  t.tm_isdst = v[8];
  time_t r = ::mktime(&t);
  int out[9] = {t.tm_sec, t.tm_min, t.tm_hour, t.tm_mday, t.tm_mon, t.tm_year, t.tm_wday, t.tm_yday, t.tm_isdst};
  std::memcpy(guest_pointer(tm.addr), out, sizeof out);
  return r;
}
int32_t _mktime32_(WindowsProcess& p, Ptr tm) { return static_cast<int32_t>(_mktime64_(p, tm)); }
// msvcrt.dll's unsuffixed names use time_t as wide as a pointer: 32 bits on i386, 64 on x64.
Ptr gmtime_(WindowsProcess& p, Ptr t) { return p.isa->ptr == 8 ? _gmtime64_(p, t) : _gmtime32_(p, t); }
Ptr localtime_(WindowsProcess& p, Ptr t) { return p.isa->ptr == 8 ? _localtime64_(p, t) : _localtime32_(p, t); }
int64_t mktime_(WindowsProcess& p, Ptr tm) { return p.isa->ptr == 8 ? _mktime64_(p, tm) : _mktime32_(p, tm); }

// asctime's text, "Wed Jan 02 02:03:55 1980\n" (the day of the month in two digits, as Microsoft's
// C runtime writes it), in the buffer asctime and ctime share; null and EINVAL for a field out of
// its range.
Ptr time_text(WindowsProcess& p, const int v[9]) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (v[0] < 0 || v[0] > 59 || v[1] < 0 || v[1] > 59 || v[2] < 0 || v[2] > 23 || v[3] < 1 || v[3] > 31 || v[4] < 0 ||
      v[4] > 11 || v[5] < 0 || v[5] > 8099 || v[6] < 0 || v[6] > 6) {
    *guest_errno(p) = EINVAL;
    return Ptr(0);
  }
  char text[32];
  std::snprintf(text, sizeof text, "%s %s %02d %02d:%02d:%02d %d\n", kDays[v[6]], kMonths[v[4]], v[3], v[2], v[1], v[0],
                v[5] + 1900);
  uint64_t& slot = data_slot(p, "asctime-buffer", 26);
  std::memcpy(guest_pointer(slot), text, 26);
  return Ptr(slot);
}
Ptr asctime_(WindowsProcess& p, Ptr tm) {
  int v[9];
  std::memcpy(v, guest_pointer(tm.addr), sizeof v);
  return time_text(p, v);
}
// ctime: asctime's text of the local time (leaving localtime's result alone); null and EINVAL for
// a time before 1970.
Ptr local_time_text(WindowsProcess& p, int64_t t) {
  time_t tt = static_cast<time_t>(t);
  struct tm r;
  if (t < 0 || !::localtime_r(&tt, &r)) {
    *guest_errno(p) = EINVAL;
    return Ptr(0);
  }
  int v[9] = {r.tm_sec, r.tm_min, r.tm_hour, r.tm_mday, r.tm_mon, r.tm_year, r.tm_wday, r.tm_yday, r.tm_isdst};
  return time_text(p, v);
}
Ptr _ctime64_(WindowsProcess& p, Ptr t) { return local_time_text(p, get<int64_t>(t.addr)); }
Ptr _ctime32_(WindowsProcess& p, Ptr t) { return local_time_text(p, get<int32_t>(t.addr)); }
Ptr ctime_(WindowsProcess& p, Ptr t) { return p.isa->ptr == 8 ? _ctime64_(p, t) : _ctime32_(p, t); }

// difftime: t1 - t0 in seconds; 0 and EINVAL for a negative time.
double time_difference(WindowsProcess& p, int64_t t1, int64_t t0) {
  if (t1 < 0 || t0 < 0) {
    *guest_errno(p) = EINVAL;
    return 0;
  }
  return static_cast<double>(t1 - t0);
}
double _difftime64_(WindowsProcess& p, int64_t t1, int64_t t0) { return time_difference(p, t1, t0); }
double _difftime32_(WindowsProcess& p, int32_t t1, int32_t t0) { return time_difference(p, t1, t0); }
// msvcrt.dll's difftime takes its pointer-wide time_t.
double difftime_(WindowsProcess& p, USize t1, USize t0) {
  if (p.isa->ptr == 4) return time_difference(p, static_cast<int32_t>(t1.v), static_cast<int32_t>(t0.v));
  return time_difference(p, static_cast<int64_t>(t1.v), static_cast<int64_t>(t0.v));
}

// _ftime: struct _timeb, __timeb32 or __timeb64: the time (32 or 64 bits), millitm (unsigned short,
// the milliseconds), timezone (short: minutes west of UTC, the C runtime's _timezone) and dstflag
// (short: daylight saving time in effect).
void put_timeb(uint64_t out, bool time64) {
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  ::tzset();
  time_t now = ts.tv_sec;
  struct tm local {};
  ::localtime_r(&now, &local);
  const uint64_t at = out + (time64 ? 8 : 4);
  if (time64) put<int64_t>(out, ts.tv_sec);
  else put<int32_t>(out, static_cast<int32_t>(ts.tv_sec));
  put<uint16_t>(at, static_cast<uint16_t>(ts.tv_nsec / 1000000));
  put<int16_t>(at + 2, static_cast<int16_t>(::timezone / 60));
  put<int16_t>(at + 4, local.tm_isdst > 0 ? 1 : 0);
}
int32_t ftime_s(WindowsProcess& p, Ptr out, bool time64) {
  if (!out) return *guest_errno(p) = EINVAL;
  put_timeb(out.addr, time64);
  return 0;
}
void _ftime64_(WindowsProcess& p, Ptr out) { ftime_s(p, out, true); }
void _ftime32_(WindowsProcess& p, Ptr out) { ftime_s(p, out, false); }
void _ftime_(WindowsProcess& p, Ptr out) { ftime_s(p, out, p.isa->ptr == 8); }
int32_t _ftime64_s_(WindowsProcess& p, Ptr out) { return ftime_s(p, out, true); }
int32_t _ftime32_s_(WindowsProcess& p, Ptr out) { return ftime_s(p, out, false); }
int32_t _ftime_s_(WindowsProcess& p, Ptr out) { return ftime_s(p, out, p.isa->ptr == 8); }

Ptr __daylight_(WindowsProcess& p) {
  ::tzset();
  uint64_t& slot = data_slot(p, "daylight", 4);
  put<int32_t>(slot, ::daylight);
  return Ptr(slot);
}
Ptr __timezone_(WindowsProcess& p) {
  ::tzset();
  uint64_t& slot = data_slot(p, "timezone", 4);
  put<int32_t>(slot, static_cast<int32_t>(::timezone));
  return Ptr(slot);
}
Ptr __tzname_(WindowsProcess& p) {
  uint64_t& slot = p.data["tzname"];
  if (!slot) {  // char* [2]: GetTimeZoneInformation's names (not ::tzname: another thread may clear it)
    const HostTimeZone z = host_time_zone();
    slot = guest_strings_array(p, {z.standard_name, z.daylight_name});
  }
  return Ptr(slot);
}
void _tzset_(WindowsProcess&) { ::tzset(); }
// msvcrt.dll's variables of the same.
uint64_t daylight_data(WindowsProcess& p) { return __daylight_(p).addr; }
uint64_t timezone_data(WindowsProcess& p) { return __timezone_(p).addr; }
uint64_t tzname_data(WindowsProcess& p) { return __tzname_(p).addr; }

int64_t time64_(WindowsProcess&, Ptr out) {
  int64_t t = static_cast<int64_t>(::time(nullptr));
  put<int64_t>(out.addr, t);
  return t;
}
int32_t time32_(WindowsProcess&, Ptr out) {
  int32_t t = static_cast<int32_t>(::time(nullptr));
  put<int32_t>(out.addr, t);
  return t;
}
int64_t time_(WindowsProcess& p, Ptr out) { return p.isa->ptr == 8 ? time64_(p, out) : time32_(p, out); }
int32_t clock_(WindowsProcess&) {
  struct timespec ts;
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<int32_t>(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

}  // namespace

// %Z (and %#Z; msvcrt.dll's %z too, with z_too) is the runtime's _tzname of the time's daylight flag, the names
// GetTimeZoneInformation reports ("W. Europe Standard Time"), not the host's abbreviation; '%' in
// a name is doubled for strftime.
std::string with_zone_names(WindowsProcess& p, const std::string& fmt, const struct tm& t, bool z_too) {
  std::string out;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%' || i + 1 >= fmt.size()) {
      out += fmt[i];
      continue;
    }
    const size_t spec = fmt[i + 1] == '#' && i + 2 < fmt.size() ? i + 2 : i + 1;
    if (fmt[spec] != 'Z' && !(z_too && fmt[spec] == 'z')) {
      out.append(fmt, i, spec + 1 - i);
      i = spec;
      continue;
    }
    const uint64_t names = __tzname_(p).addr;
    uint64_t name = 0;
    std::memcpy(&name, reinterpret_cast<const void*>(names + (t.tm_isdst > 0 ? p.isa->ptr : 0)), p.isa->ptr);
    for (const char* c = name ? reinterpret_cast<const char*>(name) : ""; *c; ++c) {
      if (*c == '%') out += '%';
      out += *c;
    }
    i = spec;
  }
  return out;
}

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_time_exports() {
  static const std::vector<Export> exports = {
      EXPORT("__daylight", __daylight_),
      EXPORT("__timezone", __timezone_),
      EXPORT("__tzname", __tzname_),
      EXPORT_DATA("_daylight", daylight_data),
      EXPORT_DATA("_timezone", timezone_data),
      EXPORT_DATA("_tzname", tzname_data),
      EXPORT("_tzset", _tzset_),
      EXPORT("_gmtime64", _gmtime64_),
      EXPORT("_localtime64", _localtime64_),
      EXPORT("_gmtime32", _gmtime32_),
      EXPORT("_localtime32", _localtime32_),
      EXPORT("_mktime32", _mktime32_),
      EXPORT("asctime", asctime_),
      EXPORT("ctime", ctime_),
      EXPORT("_ctime32", _ctime32_),
      EXPORT("_ctime64", _ctime64_),
      EXPORT("difftime", difftime_),
      EXPORT("_difftime32", _difftime32_),
      EXPORT("_difftime64", _difftime64_),
      EXPORT("_ftime", _ftime_),
      EXPORT("_ftime32", _ftime32_),
      EXPORT("_ftime64", _ftime64_),
      EXPORT("_ftime_s", _ftime_s_),
      EXPORT("_ftime32_s", _ftime32_s_),
      EXPORT("_ftime64_s", _ftime64_s_),
      EXPORT("_time64", time64_),
      EXPORT("time", time_),
      EXPORT("_time32", time32_),
      EXPORT("gmtime", gmtime_),
      EXPORT("localtime", localtime_),
      EXPORT("mktime", mktime_),
      EXPORT("_mktime64", _mktime64_),
      EXPORT("clock", clock_),
  };
  return exports;
}

}  // namespace polyrun::shims
