// NTDLL's time: system times (100-nanosecond intervals since 1601-01-01 UTC) split into TIME_FIELDS
// and back, to and from seconds since 1970 and 1980, elapsed times, local and system time (the
// host zone's bias now), the zone itself (RtlQueryTimeZoneInformation …), and the clocks:
// NtQuerySystemTime, RtlGetSystemTimePrecise, NtQueryPerformanceCounter (100 ns units, as KERNEL32's
// QueryPerformanceCounter), NtGetTickCount, RtlQueryUnbiasedInterruptTime.
#include <time.h>

#include <cstring>
#include <string>
#include <vector>

#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_time_zone.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_rtl_time_impl {

constexpr int64_t kTicksPerSecond = 10000000, kSecondsPerDay = 86400;
constexpr int64_t kSeconds1601To1970 = 11644473600LL, kSeconds1601To1980 = 11960006400LL;
constexpr uint32_t kPrivilegeNotHeld = 0xc0000061;

// Days since 1601-01-01 of a date of the proleptic Gregorian calendar, and back (counted through
// 400-year cycles from March, where the leap day falls last).
int64_t days_from_date(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 584694;  // 584694: 1601-01-01 counted from 0000-03-01
}

void date_from_days(int64_t days, int64_t* y, int64_t* m, int64_t* d) {
  const int64_t z = days + 584694;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

// TIME_FIELDS: Year, Month, Day, Hour, Minute, Second, Milliseconds, Weekday (CSHORTs).
void put_fields(uint64_t at, const int16_t (&v)[8]) { std::memcpy(guest_pointer(at), v, sizeof v); }

void RtlTimeToTimeFields(WindowsProcess&, Ptr time, Ptr fields) {
  const int64_t t = get<int64_t>(time.addr);
  const int64_t secs = t / kTicksPerSecond, days = secs / kSecondsPerDay, in_day = secs % kSecondsPerDay;
  int64_t y, m, d;
  date_from_days(days, &y, &m, &d);
  const int16_t v[8] = {static_cast<int16_t>(y), static_cast<int16_t>(m), static_cast<int16_t>(d),
                        static_cast<int16_t>(in_day / 3600), static_cast<int16_t>(in_day / 60 % 60),
                        static_cast<int16_t>(in_day % 60),
                        static_cast<int16_t>(t % kTicksPerSecond / 10000),
                        static_cast<int16_t>((days + 1) % 7)};  // 1601-01-01 was a Monday
  put_fields(fields.addr, v);
}

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// FALSE for fields out of range (the weekday is not read) or a year before 1601.
uint8_t RtlTimeFieldsToTime(WindowsProcess&, Ptr fields, Ptr time) {
  int16_t v[8];
  std::memcpy(v, guest_pointer(fields.addr), sizeof v);
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int16_t year = v[0], month = v[1], day = v[2], hour = v[3], minute = v[4], second = v[5], ms = v[6];
  if (ms < 0 || ms > 999 || second < 0 || second > 59 || minute < 0 || minute > 59 || hour < 0 || hour > 23 ||
      month < 1 || month > 12 || day < 1 || year < 1601)
    return 0;
  if (day > kDays[month - 1] + (month == 2 && leap(year))) return 0;
  const int64_t days = days_from_date(year, month, day);
  const int64_t t = (((days * 24 + hour) * 60 + minute) * 60 + second) * 1000 + ms;
  put<int64_t>(time.addr, t * 10000);
  return 1;
}

// Days, hours, minutes, seconds and milliseconds of a span (Year and Month 0; Weekday untouched).
void RtlTimeToElapsedTimeFields(WindowsProcess&, Ptr time, Ptr fields) {
  const int64_t t = get<int64_t>(time.addr);
  const int64_t secs = t / kTicksPerSecond, rest = secs % kSecondsPerDay;
  const int16_t v[7] = {0, 0, static_cast<int16_t>(secs / kSecondsPerDay), static_cast<int16_t>(rest / 3600),
                        static_cast<int16_t>(rest / 60 % 60), static_cast<int16_t>(rest % 60),
                        static_cast<int16_t>(t % kTicksPerSecond / 10000)};
  std::memcpy(guest_pointer(fields.addr), v, sizeof v);
}

// FALSE where the time is before the epoch or its seconds do not fit in a ULONG.
uint8_t seconds_since(Ptr time, Ptr out, int64_t epoch) {
  const uint64_t s = static_cast<uint64_t>(get<int64_t>(time.addr) / kTicksPerSecond - epoch);
  if (s > 0xffffffffu) return 0;
  put<uint32_t>(out.addr, static_cast<uint32_t>(s));
  return 1;
}
uint8_t RtlTimeToSecondsSince1970(WindowsProcess&, Ptr time, Ptr out) { return seconds_since(time, out, kSeconds1601To1970); }
uint8_t RtlTimeToSecondsSince1980(WindowsProcess&, Ptr time, Ptr out) { return seconds_since(time, out, kSeconds1601To1980); }
void RtlSecondsSince1970ToTime(WindowsProcess&, uint32_t s, Ptr time) {
  put<int64_t>(time.addr, (s + kSeconds1601To1970) * kTicksPerSecond);
}
void RtlSecondsSince1980ToTime(WindowsProcess&, uint32_t s, Ptr time) {
  put<int64_t>(time.addr, (s + kSeconds1601To1980) * kTicksPerSecond);
}

// The bias in effect now, in 100 ns units (UTC = local + bias).
int64_t bias_now() { return static_cast<int64_t>(host_time_zone().active_bias) * 60 * kTicksPerSecond; }

uint32_t RtlLocalTimeToSystemTime(WindowsProcess&, Ptr local, Ptr system) {
  put<int64_t>(system.addr, get<int64_t>(local.addr) + bias_now());
  return nt::kSuccess;
}
uint32_t RtlSystemTimeToLocalTime(WindowsProcess&, Ptr system, Ptr local) {
  put<int64_t>(local.addr, get<int64_t>(system.addr) - bias_now());
  return nt::kSuccess;
}

// RTL_TIME_ZONE_INFORMATION is TIME_ZONE_INFORMATION (172 bytes); the dynamic one adds
// TimeZoneKeyName[128] and DynamicDaylightTimeDisabled (432 bytes).
void put_wide(uint64_t at, const std::string& s, size_t chars) {
  const std::u16string w = utf8_to_utf16(s).substr(0, chars - 1);
  std::memcpy(guest_pointer(at), w.c_str(), (w.size() + 1) * 2);
}
void put_date(uint64_t at, const ZoneDate& d) {
  const uint16_t v[8] = {d.year, d.month, d.day_of_week, d.day, d.hour, d.minute, d.second, d.milliseconds};
  std::memcpy(guest_pointer(at), v, sizeof v);
}
void put_zone(uint64_t out, const HostTimeZone& z) {
  std::memset(guest_pointer(out), 0, 172);
  put<int32_t>(out, z.bias);
  put_wide(out + 4, z.standard_name, 32);
  put_date(out + 68, z.standard_date);
  put<int32_t>(out + 84, z.standard_bias);
  put_wide(out + 88, z.daylight_name, 32);
  put_date(out + 152, z.daylight_date);
  put<int32_t>(out + 168, z.daylight_bias);
}

uint32_t RtlQueryTimeZoneInformation(WindowsProcess&, Ptr out) {
  put_zone(out.addr, host_time_zone());
  return nt::kSuccess;
}

uint32_t RtlQueryDynamicTimeZoneInformation(WindowsProcess&, Ptr out) {
  const HostTimeZone z = host_time_zone();
  std::memset(guest_pointer(out.addr), 0, 432);
  put_zone(out.addr, z);
  put_wide(out.addr + 172, z.key_name, 128);
  return nt::kSuccess;
}

// The host's zone and clock are not the program's to change: the answer Windows gives a caller
// without SeTimeZonePrivilege / SeSystemtimePrivilege (Microsoft's SetTimeZoneInformation and
// SetSystemTime pages: the privilege is required).
uint32_t RtlSetTimeZoneInformation(WindowsProcess&, Ptr) { return kPrivilegeNotHeld; }
uint32_t NtSetSystemTime(WindowsProcess&, Ptr, Ptr) { return kPrivilegeNotHeld; }

uint64_t monotonic_100ns() {
  struct timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 10000000ull + static_cast<uint64_t>(ts.tv_nsec) / 100;
}

uint32_t NtQuerySystemTime(WindowsProcess&, Ptr out) {
  put<uint64_t>(out.addr, filetime_now());
  return nt::kSuccess;
}
int64_t RtlGetSystemTimePrecise(WindowsProcess&) { return static_cast<int64_t>(filetime_now()); }

uint32_t NtQueryPerformanceCounter(WindowsProcess&, Ptr counter, Ptr frequency) {
  if (!counter) return 0xc0000005;  // STATUS_ACCESS_VIOLATION, as Windows answers a null counter
  put<uint64_t>(counter.addr, monotonic_100ns());
  put<uint64_t>(frequency.addr, 10000000);
  return nt::kSuccess;
}
uint8_t RtlQueryPerformanceCounter(WindowsProcess&, Ptr counter) {
  put<uint64_t>(counter.addr, monotonic_100ns());
  return 1;
}
uint8_t RtlQueryPerformanceFrequency(WindowsProcess&, Ptr frequency) {
  put<uint64_t>(frequency.addr, 10000000);
  return 1;
}

uint32_t NtGetTickCount(WindowsProcess&) { return static_cast<uint32_t>(monotonic_100ns() / 10000); }

// Interrupt time less the time spent asleep: the monotonic clock, which stops while the host sleeps.
uint8_t RtlQueryUnbiasedInterruptTime(WindowsProcess& p, Ptr out) {
  if (!out) {
    p.set_last_error(win_error_from_nt_status(nt::kInvalidParameter));
    return 0;
  }
  put<uint64_t>(out.addr, monotonic_100ns());
  return 1;
}

}  // namespace ntdll_rtl_time_impl

const std::vector<Export>& ntdll_time_exports() {
  using namespace ntdll_rtl_time_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlTimeToTimeFields", RtlTimeToTimeFields),
      EXPORT("RtlTimeFieldsToTime", RtlTimeFieldsToTime),
      EXPORT("RtlTimeToElapsedTimeFields", RtlTimeToElapsedTimeFields),
      EXPORT("RtlTimeToSecondsSince1970", RtlTimeToSecondsSince1970),
      EXPORT("RtlTimeToSecondsSince1980", RtlTimeToSecondsSince1980),
      EXPORT("RtlSecondsSince1970ToTime", RtlSecondsSince1970ToTime),
      EXPORT("RtlSecondsSince1980ToTime", RtlSecondsSince1980ToTime),
      EXPORT("RtlLocalTimeToSystemTime", RtlLocalTimeToSystemTime),
      EXPORT("RtlSystemTimeToLocalTime", RtlSystemTimeToLocalTime),
      EXPORT("RtlQueryTimeZoneInformation", RtlQueryTimeZoneInformation),
      EXPORT("RtlQueryDynamicTimeZoneInformation", RtlQueryDynamicTimeZoneInformation),
      EXPORT("RtlSetTimeZoneInformation", RtlSetTimeZoneInformation),
      EXPORT("NtSetSystemTime", NtSetSystemTime),
      EXPORT("NtQuerySystemTime", NtQuerySystemTime),
      EXPORT("RtlGetSystemTimePrecise", RtlGetSystemTimePrecise),
      EXPORT("NtQueryPerformanceCounter", NtQueryPerformanceCounter),
      EXPORT("RtlQueryPerformanceCounter", RtlQueryPerformanceCounter),
      EXPORT("RtlQueryPerformanceFrequency", RtlQueryPerformanceFrequency),
      EXPORT("NtGetTickCount", NtGetTickCount),
      EXPORT("RtlQueryUnbiasedInterruptTime", RtlQueryUnbiasedInterruptTime),
  };
  return exports;
}

}  // namespace polyrun::shims
