// The host's time zone as Windows describes one: the registry's TimeZoneInformation key and its
// entry under Time Zones (advapi32/registry.cpp). Names and biases are those GetTimeZoneInformation
// reports: a zone Windows knows has its Windows names ("W. Europe Standard Time"), another the C
// library's abbreviations; the offsets are the C library's; the dates of the changes come from the
// zone's POSIX rule (the TZif file's footer, or a POSIX TZ string), as the C library applies it.
#pragma once

#include <cstdint>
#include <string>

namespace polyrun::shims {

// SYSTEMTIME as a time zone's change date: wYear 0, wMonth, wDayOfWeek, wDay = the week of the
// month (5: the last), then the local time of the change.
struct ZoneDate {
  uint16_t year = 0, month = 0, day_of_week = 0, day = 0, hour = 0, minute = 0, second = 0, milliseconds = 0;
};

struct HostTimeZone {
  std::string key_name;       // the Windows zone id ("W. Europe Standard Time"), else the IANA name
  std::string iana_name;      // "Europe/Berlin", "UTC"
  std::string standard_name, daylight_name;  // Windows' Std and Dlt, else the C library's tzname
  int32_t bias = 0;           // minutes, UTC = local standard time + bias
  int32_t standard_bias = 0;  // always 0
  int32_t daylight_bias = 0;  // minutes added during daylight time (-60), 0 without one
  int32_t active_bias = 0;    // the bias in effect now
  ZoneDate standard_date, daylight_date;  // month 0: no changes known
};

HostTimeZone host_time_zone();

}  // namespace polyrun::shims
