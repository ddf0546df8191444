// KERNEL32.dll: Time: the system and local time, FILETIME and SYSTEMTIME conversions, time zones and their rules,
// DOS dates, tick counts and the performance counter.
#include <time.h>

#include <cstring>

#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_time_zone.h"

namespace polyrun::shims {

namespace {

// ---- time ----

void GetSystemTimeAsFileTime(WindowsProcess&, Ptr ft) { put<uint64_t>(ft.addr, filetime_now()); }
void GetSystemTimePreciseAsFileTime(WindowsProcess&, Ptr ft) { put<uint64_t>(ft.addr, filetime_now()); }

// SYSTEMTIME: year, month, day of week, day, hour, minute, second, milliseconds (16 bits each).
void put_systemtime(uint64_t out, uint64_t filetime) {
  time_t secs = static_cast<time_t>(unix_seconds_of(filetime));
  struct tm tm;
  ::gmtime_r(&secs, &tm);
  uint16_t v[8] = {static_cast<uint16_t>(tm.tm_year + 1900), static_cast<uint16_t>(tm.tm_mon + 1),
                   static_cast<uint16_t>(tm.tm_wday),        static_cast<uint16_t>(tm.tm_mday),
                   static_cast<uint16_t>(tm.tm_hour),        static_cast<uint16_t>(tm.tm_min),
                   static_cast<uint16_t>(tm.tm_sec),         static_cast<uint16_t>(filetime / 10000 % 1000)};
  std::memcpy(guest_pointer(out), v, sizeof v);
}

void GetSystemTime(WindowsProcess&, Ptr out) { put_systemtime(out.addr, filetime_now()); }

void GetLocalTime(WindowsProcess&, Ptr out) {
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  ::localtime_r(&ts.tv_sec, &tm);
  uint64_t local = filetime_now() + static_cast<uint64_t>(static_cast<int64_t>(tm.tm_gmtoff) * 10000000ll);
  put_systemtime(out.addr, local);
}

BOOL FileTimeToSystemTime(WindowsProcess& p, Ptr ft, Ptr out) {
  uint64_t t = get<uint64_t>(ft.addr);
  if (t >> 63) return fail(p, ERROR_INVALID_PARAMETER);
  put_systemtime(out.addr, t);
  return TRUE;
}

// TIME_ZONE_INFORMATION (172 bytes): Bias (minutes, UTC = local standard time + bias),
// StandardName[32], StandardDate (SYSTEMTIME), StandardBias, DaylightName[32], DaylightDate,
// DaylightBias; DYNAMIC_TIME_ZONE_INFORMATION adds TimeZoneKeyName[128] and
// DynamicDaylightTimeDisabled (432 bytes). The host's zone (core/windows_time_zone.cpp) gives the names,
// the biases and the dates of the changes, the same every year (its POSIX rule).
constexpr uint64_t kTimeZoneInformationSize = 172, kDynamicTimeZoneInformationSize = 432;

void put_wide_field(uint64_t at, const std::string& s, size_t chars) {
  std::u16string w = utf8_to_utf16(s).substr(0, chars - 1);
  std::memcpy(guest_pointer(at), w.c_str(), (w.size() + 1) * 2);
}
void put_zone_date(uint64_t at, const ZoneDate& d) {
  const uint16_t v[8] = {d.year, d.month, d.day_of_week, d.day, d.hour, d.minute, d.second, d.milliseconds};
  std::memcpy(guest_pointer(at), v, sizeof v);
}
void put_time_zone_information(uint64_t out, const HostTimeZone& z) {
  std::memset(guest_pointer(out), 0, kTimeZoneInformationSize);
  put<int32_t>(out, z.bias);
  put_wide_field(out + 4, z.standard_name, 32);
  put_zone_date(out + 68, z.standard_date);
  put<int32_t>(out + 84, z.standard_bias);
  put_wide_field(out + 88, z.daylight_name, 32);
  put_zone_date(out + 152, z.daylight_date);
  put<int32_t>(out + 168, z.daylight_bias);
}
// TIME_ZONE_ID_UNKNOWN (no changes), _STANDARD or _DAYLIGHT: which is in effect now.
uint32_t time_zone_id(const HostTimeZone& z) {
  if (!z.daylight_date.month) return 0;
  return z.active_bias != z.bias ? 2 : 1;
}

uint32_t GetTimeZoneInformation(WindowsProcess&, Ptr out) {
  const HostTimeZone z = host_time_zone();
  put_time_zone_information(out.addr, z);
  return time_zone_id(z);
}

// The years a time zone's dynamic daylight saving rules cover: no zone here has rules that change
// from year to year (GetTimeZoneInformationForYear), so none has such data (ERROR_FILE_NOT_FOUND,
// the function's answer for a zone without a Dynamic DST key).
uint32_t GetDynamicTimeZoneInformationEffectiveYears(WindowsProcess&, Ptr zone, Ptr first, Ptr last) {
  if (!zone || !first || !last) return ERROR_INVALID_PARAMETER;
  return ERROR_FILE_NOT_FOUND;
}

// Whether daylight saving time is in effect now (TIME_ZONE_ID_DAYLIGHT).
BOOL GetDaylightFlag(WindowsProcess&) { return time_zone_id(host_time_zone()) == 2 ? TRUE : FALSE; }

uint32_t GetDynamicTimeZoneInformation(WindowsProcess&, Ptr out) {
  const HostTimeZone z = host_time_zone();
  std::memset(guest_pointer(out.addr), 0, kDynamicTimeZoneInformationSize);
  put_time_zone_information(out.addr, z);
  put_wide_field(out.addr + kTimeZoneInformationSize, z.key_name, 128);
  return time_zone_id(z);
}

// The rules of a zone in a given year: the zone given (its own rules: no zone here has rules that
// change from year to year), or with none the host's.
BOOL GetTimeZoneInformationForYear(WindowsProcess& p, uint16_t, Ptr dynamic_zone, Ptr out) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  if (dynamic_zone) std::memmove(guest_pointer(out.addr), guest_pointer(dynamic_zone.addr), kTimeZoneInformationSize);
  else put_time_zone_information(out.addr, host_time_zone());
  return TRUE;
}

int32_t CompareFileTime(WindowsProcess&, Ptr a, Ptr b) {
  uint64_t x = get<uint64_t>(a.addr), y = get<uint64_t>(b.addr);
  return x < y ? -1 : x > y ? 1 : 0;
}

// The local time zone's current bias, as Windows applies it to any FILETIME.
int64_t local_offset_100ns() {
  time_t now = ::time(nullptr);
  struct tm tm;
  ::localtime_r(&now, &tm);
  return static_cast<int64_t>(tm.tm_gmtoff) * 10000000ll;
}
BOOL FileTimeToLocalFileTime(WindowsProcess&, Ptr in, Ptr out) {
  put<uint64_t>(out.addr, get<uint64_t>(in.addr) + static_cast<uint64_t>(local_offset_100ns()));
  return TRUE;
}
BOOL LocalFileTimeToFileTime(WindowsProcess&, Ptr in, Ptr out) {
  put<uint64_t>(out.addr, get<uint64_t>(in.addr) - static_cast<uint64_t>(local_offset_100ns()));
  return TRUE;
}

// ---- a time zone's rules (TIME_ZONE_INFORMATION) applied to a moment ----

// The moment a transition rule (a SYSTEMTIME with wYear 0: the wDay-th wDayOfWeek of wMonth, 5 the
// last, at wHour:wMinute local time) names in `year`, as seconds since 1970 of that local time.
int64_t transition_in(int year, const uint16_t* rule) {
  struct tm tm {};
  tm.tm_year = year - 1900, tm.tm_mon = rule[1] - 1, tm.tm_mday = 1;
  int64_t first = ::timegm(&tm);
  int first_wday = static_cast<int>((first / 86400 + 4) % 7);  // 1970-01-01 was a Thursday
  int day = 1 + (rule[2] - first_wday + 7) % 7 + (rule[3] - 1) * 7;
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int month_days = kDays[rule[1] - 1] + (rule[1] == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0));
  while (day > month_days) day -= 7;
  return first + (day - 1) * 86400ll + rule[4] * 3600ll + rule[5] * 60ll + rule[6];
}

// Minutes to add to local time for UTC at a moment given as UTC (or, `local`, as local time).
int32_t zone_bias(uint64_t tzi, int64_t secs, bool local) {
  const int32_t bias = get<int32_t>(tzi), std_bias = get<int32_t>(tzi + 84), dst_bias = get<int32_t>(tzi + 168);
  uint16_t std_rule[8], dst_rule[8];
  std::memcpy(std_rule, guest_pointer(tzi + 68), 16);
  std::memcpy(dst_rule, guest_pointer(tzi + 152), 16);
  if (std_rule[1] == 0 || dst_rule[1] == 0) return bias + std_bias;
  time_t t = static_cast<time_t>(secs);
  struct tm tm;
  ::gmtime_r(&t, &tm);
  const int year = tm.tm_year + 1900;
  // Both transitions in local time: daylight starts in standard time, ends in daylight time.
  const int64_t local_now = local ? secs : secs - (bias + std_bias) * 60ll;
  const int64_t start = transition_in(year, dst_rule), end = transition_in(year, std_rule);
  const int64_t now_in_dst_terms = local ? secs : secs - (bias + dst_bias) * 60ll;
  bool dst = start < end ? local_now >= start && now_in_dst_terms < end : !(now_in_dst_terms >= end && local_now < start);
  return bias + (dst ? dst_bias : std_bias);
}

int64_t systemtime_secs(uint64_t st, uint16_t* ms) {
  uint16_t v[8];
  std::memcpy(v, guest_pointer(st), sizeof v);
  struct tm tm {};
  tm.tm_year = v[0] - 1900, tm.tm_mon = v[1] - 1, tm.tm_mday = v[3];
  tm.tm_hour = v[4], tm.tm_min = v[5], tm.tm_sec = v[6];
  *ms = v[7];
  return ::timegm(&tm);
}
uint64_t secs_to_filetime(int64_t secs, uint16_t ms) {
  return filetime_of_seconds(secs) + ms * 10000ull;
}

// Without a zone, the host's own rules for that date.
BOOL SystemTimeToTzSpecificLocalTime(WindowsProcess&, Ptr tzi, Ptr utc, Ptr out) {
  uint16_t ms;
  int64_t secs = systemtime_secs(utc.addr, &ms);
  int64_t offset;
  if (tzi) {
    offset = -zone_bias(tzi.addr, secs, false) * 60ll;
  } else {
    time_t t = static_cast<time_t>(secs);
    struct tm tm;
    ::localtime_r(&t, &tm);
    offset = tm.tm_gmtoff;
  }
  put_systemtime(out.addr, secs_to_filetime(secs + offset, ms));
  return TRUE;
}
BOOL TzSpecificLocalTimeToSystemTime(WindowsProcess&, Ptr tzi, Ptr local, Ptr out) {
  uint16_t ms;
  int64_t secs = systemtime_secs(local.addr, &ms);
  int64_t utc;
  if (tzi) {
    utc = secs + zone_bias(tzi.addr, secs, true) * 60ll;
  } else {
    time_t t = static_cast<time_t>(secs);
    struct tm tm;
    ::gmtime_r(&t, &tm);
    tm.tm_isdst = -1;
    utc = ::mktime(&tm);
  }
  put_systemtime(out.addr, secs_to_filetime(utc, ms));
  return TRUE;
}

// MS-DOS date and time: years from 1980, two-second resolution.
BOOL FileTimeToDosDateTime(WindowsProcess& p, Ptr ft, Ptr date, Ptr time) {
  time_t secs = static_cast<time_t>(unix_seconds_of(get<uint64_t>(ft.addr)));
  struct tm tm;
  ::gmtime_r(&secs, &tm);
  if (tm.tm_year < 80 || tm.tm_year > 207) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint16_t>(date.addr, static_cast<uint16_t>((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday));
  put<uint16_t>(time.addr, static_cast<uint16_t>(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2));
  return TRUE;
}
BOOL DosDateTimeToFileTime(WindowsProcess& p, uint32_t date, uint32_t time, Ptr ft) {
  struct tm tm {};
  tm.tm_year = static_cast<int>((date >> 9) & 0x7f) + 80;
  tm.tm_mon = static_cast<int>((date >> 5) & 0xf) - 1;
  tm.tm_mday = static_cast<int>(date & 0x1f);
  tm.tm_hour = static_cast<int>((time >> 11) & 0x1f);
  tm.tm_min = static_cast<int>((time >> 5) & 0x3f);
  tm.tm_sec = static_cast<int>(time & 0x1f) * 2;
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59)
    return fail(p, ERROR_INVALID_PARAMETER);
  int64_t secs = ::timegm(&tm);
  put<uint64_t>(ft.addr, filetime_of_seconds(secs));
  return TRUE;
}

BOOL SystemTimeToFileTime(WindowsProcess& p, Ptr st, Ptr out) {
  uint16_t v[8];
  std::memcpy(v, guest_pointer(st.addr), sizeof v);
  if (v[1] < 1 || v[1] > 12 || v[3] < 1 || v[3] > 31 || v[4] > 23 || v[5] > 59 || v[6] > 59 || v[7] > 999)
    return fail(p, ERROR_INVALID_PARAMETER);
  struct tm tm {};
  tm.tm_year = v[0] - 1900, tm.tm_mon = v[1] - 1, tm.tm_mday = v[3];
  tm.tm_hour = v[4], tm.tm_min = v[5], tm.tm_sec = v[6];
  int64_t secs = ::timegm(&tm);
  put<uint64_t>(out.addr, filetime_of_seconds(secs) + v[7] * 10000ull);
  return TRUE;
}

uint64_t monotonic_ns() {
  struct timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

uint32_t GetTickCount(WindowsProcess&) { return static_cast<uint32_t>(monotonic_ns() / 1000000); }
uint64_t GetTickCount64(WindowsProcess&) { return monotonic_ns() / 1000000; }

// The interrupt time less the time the machine slept, in 100 ns units: the monotonic clock, which
// stops while the host sleeps (NTDLL's RtlQueryUnbiasedInterruptTime's clock).
BOOL QueryUnbiasedInterruptTime(WindowsProcess& p, Ptr out) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint64_t>(out.addr, monotonic_ns() / 100);
  return TRUE;
}

BOOL QueryPerformanceCounter(WindowsProcess&, Ptr out) {
  put<uint64_t>(out.addr, monotonic_ns() / 100);
  return TRUE;
}
BOOL QueryPerformanceFrequency(WindowsProcess&, Ptr out) {
  put<uint64_t>(out.addr, 10000000);
  return TRUE;
}

}  // namespace
const std::vector<Export>& kernel32_time_exports() {
  static const std::vector<Export> exports = {
          EXPORT("CompareFileTime", CompareFileTime),
          EXPORT("GetTimeZoneInformation", GetTimeZoneInformation),
          EXPORT("GetDaylightFlag", GetDaylightFlag),
          EXPORT("GetDynamicTimeZoneInformationEffectiveYears", GetDynamicTimeZoneInformationEffectiveYears),
          EXPORT("QueryUnbiasedInterruptTime", QueryUnbiasedInterruptTime),
          EXPORT("GetDynamicTimeZoneInformation", GetDynamicTimeZoneInformation),
          EXPORT("GetTimeZoneInformationForYear", GetTimeZoneInformationForYear),
          EXPORT("SystemTimeToTzSpecificLocalTime", SystemTimeToTzSpecificLocalTime),
          EXPORT("TzSpecificLocalTimeToSystemTime", TzSpecificLocalTimeToSystemTime),
          EXPORT("FileTimeToLocalFileTime", FileTimeToLocalFileTime),
          EXPORT("LocalFileTimeToFileTime", LocalFileTimeToFileTime),
          EXPORT("FileTimeToDosDateTime", FileTimeToDosDateTime),
          EXPORT("DosDateTimeToFileTime", DosDateTimeToFileTime),
          EXPORT("GetSystemTimeAsFileTime", GetSystemTimeAsFileTime),
          EXPORT("GetSystemTime", GetSystemTime),
          EXPORT("GetLocalTime", GetLocalTime),
          EXPORT("FileTimeToSystemTime", FileTimeToSystemTime),
          EXPORT("SystemTimeToFileTime", SystemTimeToFileTime),
          EXPORT("GetSystemTimePreciseAsFileTime", GetSystemTimePreciseAsFileTime),
          EXPORT("GetTickCount", GetTickCount),
          EXPORT("GetTickCount64", GetTickCount64),
          EXPORT("QueryPerformanceCounter", QueryPerformanceCounter),
          EXPORT("QueryPerformanceFrequency", QueryPerformanceFrequency),
  };
  return exports;
}

}  // namespace polyrun::shims
