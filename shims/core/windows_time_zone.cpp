#include "shims/core/windows_time_zone.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <tuple>
#include <utility>

namespace polyrun::shims {

namespace {

// Windows' zone ids for the IANA zones most machines are set to (the correspondence the Unicode
// CLDR publishes). A zone not listed keeps its IANA name as its key name.
struct ZoneId {
  const char* iana;
  const char* windows;
};
const ZoneId kZoneIds[] = {
    {"UTC", "UTC"}, {"Etc/UTC", "UTC"}, {"Etc/GMT", "UTC"}, {"GMT", "UTC"}, {"Etc/Universal", "UTC"},
    {"Universal", "UTC"}, {"Etc/Zulu", "UTC"}, {"Zulu", "UTC"},
    {"Europe/London", "GMT Standard Time"}, {"Europe/Dublin", "GMT Standard Time"},
    {"Europe/Lisbon", "GMT Standard Time"}, {"Atlantic/Reykjavik", "Greenwich Standard Time"},
    {"Europe/Berlin", "W. Europe Standard Time"}, {"Europe/Amsterdam", "W. Europe Standard Time"},
    {"Europe/Rome", "W. Europe Standard Time"}, {"Europe/Vienna", "W. Europe Standard Time"},
    {"Europe/Stockholm", "W. Europe Standard Time"}, {"Europe/Zurich", "W. Europe Standard Time"},
    {"Europe/Oslo", "W. Europe Standard Time"}, {"Europe/Luxembourg", "W. Europe Standard Time"},
    {"Europe/Paris", "Romance Standard Time"}, {"Europe/Brussels", "Romance Standard Time"},
    {"Europe/Madrid", "Romance Standard Time"}, {"Europe/Copenhagen", "Romance Standard Time"},
    {"Europe/Warsaw", "Central European Standard Time"}, {"Europe/Zagreb", "Central European Standard Time"},
    {"Europe/Prague", "Central Europe Standard Time"}, {"Europe/Budapest", "Central Europe Standard Time"},
    {"Europe/Belgrade", "Central Europe Standard Time"}, {"Europe/Bratislava", "Central Europe Standard Time"},
    {"Europe/Athens", "GTB Standard Time"}, {"Europe/Bucharest", "GTB Standard Time"},
    {"Europe/Helsinki", "FLE Standard Time"}, {"Europe/Kiev", "FLE Standard Time"}, {"Europe/Kyiv", "FLE Standard Time"},
    {"Europe/Riga", "FLE Standard Time"}, {"Europe/Sofia", "FLE Standard Time"}, {"Europe/Tallinn", "FLE Standard Time"},
    {"Europe/Vilnius", "FLE Standard Time"}, {"Europe/Istanbul", "Turkey Standard Time"},
    {"Europe/Moscow", "Russian Standard Time"}, {"Europe/Minsk", "Belarus Standard Time"},
    {"America/New_York", "Eastern Standard Time"}, {"America/Detroit", "Eastern Standard Time"},
    {"America/Toronto", "Eastern Standard Time"}, {"America/Chicago", "Central Standard Time"},
    {"America/Winnipeg", "Central Standard Time"}, {"America/Denver", "Mountain Standard Time"},
    {"America/Edmonton", "Mountain Standard Time"}, {"America/Phoenix", "US Mountain Standard Time"},
    {"America/Los_Angeles", "Pacific Standard Time"}, {"America/Vancouver", "Pacific Standard Time"},
    {"America/Anchorage", "Alaskan Standard Time"}, {"Pacific/Honolulu", "Hawaiian Standard Time"},
    {"America/Halifax", "Atlantic Standard Time"}, {"America/St_Johns", "Newfoundland Standard Time"},
    {"America/Sao_Paulo", "E. South America Standard Time"},
    {"America/Argentina/Buenos_Aires", "Argentina Standard Time"}, {"America/Buenos_Aires", "Argentina Standard Time"},
    {"America/Mexico_City", "Central Standard Time (Mexico)"}, {"America/Bogota", "SA Pacific Standard Time"},
    {"America/Lima", "SA Pacific Standard Time"}, {"America/Santiago", "Pacific SA Standard Time"},
    {"America/Caracas", "Venezuela Standard Time"}, {"Asia/Tokyo", "Tokyo Standard Time"},
    {"Asia/Seoul", "Korea Standard Time"}, {"Asia/Shanghai", "China Standard Time"},
    {"Asia/Hong_Kong", "China Standard Time"}, {"Asia/Taipei", "Taipei Standard Time"},
    {"Asia/Singapore", "Singapore Standard Time"}, {"Asia/Kuala_Lumpur", "Singapore Standard Time"},
    {"Asia/Manila", "Singapore Standard Time"}, {"Asia/Kolkata", "India Standard Time"},
    {"Asia/Calcutta", "India Standard Time"}, {"Asia/Dubai", "Arabian Standard Time"},
    {"Asia/Jerusalem", "Israel Standard Time"}, {"Asia/Bangkok", "SE Asia Standard Time"},
    {"Asia/Jakarta", "SE Asia Standard Time"}, {"Asia/Ho_Chi_Minh", "SE Asia Standard Time"},
    {"Asia/Karachi", "Pakistan Standard Time"}, {"Asia/Tehran", "Iran Standard Time"},
    {"Asia/Riyadh", "Arab Standard Time"}, {"Australia/Sydney", "AUS Eastern Standard Time"},
    {"Australia/Melbourne", "AUS Eastern Standard Time"}, {"Australia/Brisbane", "E. Australia Standard Time"},
    {"Australia/Adelaide", "Cen. Australia Standard Time"}, {"Australia/Perth", "W. Australia Standard Time"},
    {"Australia/Darwin", "AUS Central Standard Time"}, {"Australia/Hobart", "Tasmania Standard Time"},
    {"Pacific/Auckland", "New Zealand Standard Time"}, {"Africa/Johannesburg", "South Africa Standard Time"},
    {"Africa/Cairo", "Egypt Standard Time"}, {"Africa/Lagos", "W. Central Africa Standard Time"},
    {"Africa/Nairobi", "E. Africa Standard Time"},
};

bool is_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The POSIX rule at the end of a TZif file of version 2 or later: the last line.
std::string tzif_footer(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (data.size() < 5 || data.compare(0, 4, "TZif") != 0 || data[4] < '2' || data.back() != '\n') return "";
  size_t start = data.rfind('\n', data.size() - 2);
  return start == std::string::npos ? "" : data.substr(start + 1, data.size() - start - 2);
}

// A POSIX TZ rule: "CET-1CEST,M3.5.0,M10.5.0/3". Offsets in minutes west of UTC (Windows' bias).
struct PosixRule {
  int std_offset = 0, dst_offset = 0;
  bool has_dst = false;
  ZoneDate dst_start, dst_end;  // month 0: not a Mm.w.d rule
};

bool parse_name(const char*& s) {
  if (*s == '<') {
    const char* e = std::strchr(s, '>');
    if (!e) return false;
    s = e + 1;
    return true;
  }
  const char* b = s;
  while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) ++s;
  return s - b >= 3;
}

// [+-]hh[:mm[:ss]] as seconds.
bool parse_time(const char*& s, int& seconds) {
  int sign = 1;
  if (*s == '+' || *s == '-') sign = *s++ == '-' ? -1 : 1;
  if (*s < '0' || *s > '9') return false;
  int parts[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    int v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
    parts[i] = v;
    if (*s != ':' || i == 2) break;
    ++s;
  }
  seconds = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

// Mm.w.d[/time]: month, week (5 = last), day of the week, local time of the change.
bool parse_date(const char*& s, ZoneDate& d) {
  if (*s != 'M') {  // Jn and n (day-of-year rules) have no SYSTEMTIME form: left unset
    while (*s && *s != ',') ++s;
    return true;
  }
  int m = 0, w = 0, dow = 0;
  if (std::sscanf(s, "M%d.%d.%d", &m, &w, &dow) != 3) return false;
  while (*s && *s != '/' && *s != ',') ++s;
  int at = 2 * 3600;
  if (*s == '/' && !parse_time(++s, at)) return false;
  if (m < 1 || m > 12 || w < 1 || w > 5 || dow < 0 || dow > 6 || at < 0 || at >= 24 * 3600) return true;
  d.month = static_cast<uint16_t>(m);
  d.day = static_cast<uint16_t>(w);
  d.day_of_week = static_cast<uint16_t>(dow);
  d.hour = static_cast<uint16_t>(at / 3600);
  d.minute = static_cast<uint16_t>(at / 60 % 60);
  d.second = static_cast<uint16_t>(at % 60);
  return true;
}

bool parse_rule(const std::string& rule, PosixRule& r) {
  const char* s = rule.c_str();
  int off = 0;
  if (!parse_name(s) || !parse_time(s, off)) return false;
  r.std_offset = off / 60;
  if (!*s) return true;
  if (!parse_name(s)) return false;
  r.has_dst = true;
  r.dst_offset = r.std_offset - 60;
  if (*s && *s != ',') {
    if (!parse_time(s, off)) return false;
    r.dst_offset = off / 60;
  }
  if (*s == ',' && parse_date(++s, r.dst_start) && *s == ',') parse_date(++s, r.dst_end);
  return true;
}

// The zone's standard and daylight names (tzname[0] and [1]) read from the abbreviations of
// dates in January and July of the year of `t` (the local time now); a zone without daylight time
// has its one name twice, as the C library's tzname has it. tzname itself is not read: another
// thread's localtime() clears it for a moment while it recomputes (glibc's __tzfile_compute).
std::pair<std::string, std::string> zone_names(const struct tm& t) {
  std::string standard, daylight;
  for (int month : {0, 6}) {
    struct tm probe = {};
    probe.tm_year = t.tm_year;
    probe.tm_mon = month;
    probe.tm_mday = 1;
    probe.tm_hour = 12;
    probe.tm_isdst = -1;
    // (mktime fills in the date's local time: its daylight flag and zone abbreviation)
    if (::mktime(&probe) == static_cast<time_t>(-1) || !probe.tm_zone) continue;
    (probe.tm_isdst > 0 ? daylight : standard) = probe.tm_zone;
  }
  if (standard.empty()) standard = t.tm_zone && t.tm_isdst <= 0 ? t.tm_zone : "UTC";
  if (daylight.empty()) daylight = standard;
  return {standard, daylight};
}

// A Windows zone's names (its Time Zones key's Std and Dlt values, which GetTimeZoneInformation
// reports): the key itself, "Daylight" for "Standard" in the daylight name whether or not the
// zone keeps daylight time ("China Standard Time", "China Daylight Time"; "Central Standard
// Time (Mexico)", "Central Daylight Time (Mexico)"); UTC is "Coordinated Universal Time" twice,
// the fixed offsets ("UTC-02") their key twice.
std::pair<std::string, std::string> windows_zone_names(const std::string& key) {
  if (key == "UTC") return {"Coordinated Universal Time", "Coordinated Universal Time"};
  std::string daylight = key;
  if (size_t at = daylight.find("Standard Time"); at != std::string::npos) daylight.replace(at, 8, "Daylight");
  return {key, daylight};
}

}  // namespace

HostTimeZone host_time_zone() {
  HostTimeZone z;
  // Which zone: TZ (a zoneinfo name, a file, or a POSIX rule), else /etc/localtime.
  std::string file, rule;
  const char* tz = std::getenv("TZ");
  if (tz && *tz) {
    std::string t = tz[0] == ':' ? tz + 1 : tz;
    if (!t.empty() && t[0] == '/') {
      file = t;
    } else if (is_file("/usr/share/zoneinfo/" + t)) {
      file = "/usr/share/zoneinfo/" + t;
      z.iana_name = t;
    } else {
      rule = t;
    }
  } else {
    file = "/etc/localtime";
  }
  if (!file.empty()) {
    char real[PATH_MAX];
    if (z.iana_name.empty() && ::realpath(file.c_str(), real)) {
      std::string r = real;
      size_t at = r.find("/zoneinfo/");
      if (at != std::string::npos) z.iana_name = r.substr(at + 10);
    }
    if (z.iana_name.empty()) {
      std::ifstream f("/etc/timezone");
      std::getline(f, z.iana_name);
    }
    rule = tzif_footer(file);
  }
  if (z.iana_name.empty()) z.iana_name = rule.empty() ? "UTC" : rule;
  if (z.iana_name.rfind("posix/", 0) == 0 || z.iana_name.rfind("right/", 0) == 0) z.iana_name = z.iana_name.substr(6);
  z.key_name = z.iana_name;
  bool windows_zone = false;
  for (const auto& id : kZoneIds)
    if (z.iana_name == id.iana) {
      z.key_name = id.windows;
      windows_zone = true;
      break;
    }

  // Names and biases as GetTimeZoneInformation gives them (kernel32/kernel32.cpp).
  ::tzset();
  time_t now = ::time(nullptr);
  struct tm tm;
  ::localtime_r(&now, &tm);
  z.active_bias = static_cast<int32_t>(-tm.tm_gmtoff / 60);
  z.bias = tm.tm_isdst > 0 ? z.active_bias + 60 : z.active_bias;
  std::tie(z.standard_name, z.daylight_name) = windows_zone ? windows_zone_names(z.key_name) : zone_names(tm);
  z.daylight_bias = daylight ? -60 : 0;
  PosixRule r;
  if (!rule.empty() && parse_rule(rule, r) && r.has_dst && r.dst_start.month && r.dst_end.month) {
    z.daylight_date = r.dst_start;
    z.standard_date = r.dst_end;
  }
  return z;
}

}  // namespace polyrun::shims
