// OLEAUT32's dates. A DATE is a double: whole days since 30 December 1899 (negative before it),
// and the fraction of a day after the whole part, whatever its sign (-1.25 is 29 December 1899,
// 06:00), from 1 January 100 (-657434) to 31 December 9999 (2958465). The UDATE is a SYSTEMTIME and
// the day of the year. VarUdateFromDate, VarDateFromUdate(Ex) (out-of-range fields roll over into
// the next larger one, as Microsoft's page of VarDateFromUdate says; years 0-49 are 2000-2049 and
// 50-99 1950-1999), VariantTimeToSystemTime, SystemTimeToVariantTime, VariantTimeToDosDateTime,
// DosDateTimeToVariantTime (MS-DOS dates: 1980 to 2099, two-second steps), dates as text
// (VarBstrFromDate's English (United States) forms, "M/d/yyyy h:mm:ss AM") and text as dates
// (VarDateFromStr).
#include <time.h>

#include <cmath>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut {

const char* const kMonthNames[12] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};
const char* const kMonthAbbrevs[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kDayNames[7] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
const char* const kDayAbbrevs[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int month_days(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Days from 1 March of year 0 (proleptic Gregorian), both ways.
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe;
}
void civil_from_days(int64_t z, int& y, int& m, int& d) {
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}
const int64_t kEpoch = days_from_civil(1899, 12, 30);

// The rolling of out-of-range fields (seconds into minutes … months into years).
int32_t roll(Udate& u) {
  int y = static_cast<int16_t>(u.year), mo = static_cast<int16_t>(u.month), d = static_cast<int16_t>(u.day);
  int h = static_cast<int16_t>(u.hour), mi = static_cast<int16_t>(u.minute), s = static_cast<int16_t>(u.second);
  if (y > 9999 || y < -9999) return E_INVALIDARG;
  if (y >= 0 && y <= 49) y += 2000;
  else if (y >= 50 && y <= 99) y += 1900;
  mi += s / 60;
  s %= 60;
  h += mi / 60;
  mi %= 60;
  d += h / 24;
  h %= 24;
  y += mo / 12;
  mo %= 12;
  if (mo <= 0) {
    mo += 12;
    --y;
  }
  while (d > month_days(y, mo)) {
    d -= month_days(y, mo);
    if (++mo > 12) {
      mo = 1;
      ++y;
    }
  }
  while (d <= 0) {
    if (--mo <= 0) {
      mo = 12;
      --y;
    }
    d += month_days(y, mo);
  }
  if (s < 0) { s += 60; --mi; }
  if (mi < 0) { mi += 60; --h; }
  if (h < 0) { h += 24; --d; }
  if (y <= 0) y += 2000;
  u.year = static_cast<uint16_t>(y);
  u.month = static_cast<uint16_t>(mo);
  u.day = static_cast<uint16_t>(d);
  u.hour = static_cast<uint16_t>(h);
  u.minute = static_cast<uint16_t>(mi);
  u.second = static_cast<uint16_t>(s);
  return S_OK;
}

}  // namespace

bool date_to_udate(double date, Udate& u) {
  if (!(date > kDateMin - 1.0 && date < kDateMax + 1.0)) return false;
  const double whole = std::trunc(date);
  double frac = std::fabs(date - whole);
  int64_t day = static_cast<int64_t>(whole);
  int y, m, d;
  civil_from_days(kEpoch + day, y, m, d);
  // The day of the week and of the year are the date's before its time is rounded (Windows leaves
  // them so when the time rounds up into the next day).
  u.day_of_week = static_cast<uint16_t>((((static_cast<int64_t>(whole) + 6) % 7) + 7) % 7);  // 30 Dec 1899: Saturday
  u.day_of_year = static_cast<uint16_t>(days_from_civil(y, m, d) - days_from_civil(y, 1, 1) + 1);
  // The time to the nearest second (half a second and less down).
  const double secs = frac * 86400.0;
  int64_t s = static_cast<int64_t>(std::floor(secs + 1e-6));
  if (secs - static_cast<double>(s) > 0.5) ++s;
  if (s >= 86400) {
    s -= 86400;
    day += whole < 0 ? -1 : 1;
    civil_from_days(kEpoch + day, y, m, d);
  }
  u.year = static_cast<uint16_t>(y);
  u.month = static_cast<uint16_t>(m);
  u.day = static_cast<uint16_t>(d);
  u.hour = static_cast<uint16_t>(s / 3600);
  u.minute = static_cast<uint16_t>(s / 60 % 60);
  u.second = static_cast<uint16_t>(s % 60);
  u.ms = 0;
  return true;
}

int32_t udate_to_date(Udate u, uint32_t flags, double& out) {
  if (roll(u) != S_OK) return E_INVALIDARG;
  double date = 0;
  if (!(flags & VAR_TIMEVALUEONLY)) date = static_cast<double>(days_from_civil(u.year, u.month, u.day) - kEpoch);
  if ((flags & VAR_TIMEVALUEONLY) || !(flags & VAR_DATEVALUEONLY)) {
    const double sign = date < 0 ? -1.0 : 1.0;
    date += u.hour / 24.0 * sign;
    date += u.minute / 1440.0 * sign;
    date += u.second / 86400.0 * sign;
  }
  out = date;
  return S_OK;
}

std::u16string date_text(double date, uint32_t flags) {
  Udate u;
  if (!date_to_udate(date, u)) return {};
  int year = u.year;
  if (flags & VAR_CALENDAR_THAI) year += 543;
  if (!(flags & LOCALE_USE_NLS)) {
    const double whole = std::trunc(date);
    const double part = date - whole;
    if (whole == 0.0) flags |= VAR_TIMEVALUEONLY;
    else if (part > -1e-12 && part < 1e-12) flags |= VAR_DATEVALUEONLY;
  } else {
    flags &= ~(VAR_TIMEVALUEONLY | VAR_DATEVALUEONLY);
  }
  std::string text;
  if (!(flags & VAR_TIMEVALUEONLY)) text = std::to_string(u.month) + "/" + std::to_string(u.day) + "/" + std::to_string(year);
  if (!(flags & VAR_DATEVALUEONLY)) {
    if (!text.empty()) text += " ";
    const int h12 = u.hour % 12 == 0 ? 12 : u.hour % 12;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d:%02d:%02d %s", h12, u.minute, u.second, u.hour < 12 ? "AM" : "PM");
    text += buf;
  }
  return u16(text.c_str());
}

namespace {

// A month's name or its three-letter abbreviation (1-12), 0 for neither.
int month_of(const std::u16string& word) {
  std::string w;
  for (char16_t c : word) w.push_back(static_cast<char>(c >= u'A' && c <= u'Z' ? c + 32 : c));
  for (int m = 0; m < 12; ++m) {
    std::string full = kMonthNames[m], ab = kMonthAbbrevs[m];
    for (char& c : full) c = static_cast<char>(std::tolower(c));
    for (char& c : ab) c = static_cast<char>(std::tolower(c));
    if (w == full || w == ab) return m + 1;
  }
  return 0;
}
bool day_name(const std::u16string& word) {
  std::string w;
  for (char16_t c : word) w.push_back(static_cast<char>(c >= u'A' && c <= u'Z' ? c + 32 : c));
  for (int k = 0; k < 7; ++k) {
    std::string full = kDayNames[k], ab = kDayAbbrevs[k];
    for (char& c : full) c = static_cast<char>(std::tolower(c));
    for (char& c : ab) c = static_cast<char>(std::tolower(c));
    if (w == full || w == ab) return true;
  }
  return false;
}

}  // namespace

// Dates as English (United States) writes them: month/day/year (or year-month-day when the first
// number has four digits), month names, a time of hours:minutes[:seconds] with AM or PM.
int32_t date_from_text(const std::u16string& text, uint32_t flags, double& out) {
  struct Num { int value; int digits; };
  std::vector<Num> date_nums;
  std::vector<int> time_nums;
  int month_word = 0;
  int ampm = 0;  // 1 AM, 2 PM
  size_t k = 0;
  bool any = false;
  const size_t n = text.size();
  while (k < n) {
    char16_t c = text[k];
    if (c >= u'0' && c <= u'9') {
      int v = 0, digits = 0;
      while (k < n && text[k] >= u'0' && text[k] <= u'9') {
        v = std::min(v * 10 + (text[k] - u'0'), 1000000);
        ++digits;
        ++k;
      }
      any = true;
      if (k < n && (text[k] == u':' || text[k] == u'.')) {  // a time: h:m[:s], or h.m[.s]
        time_nums.push_back(v);
        while (k < n && (text[k] == u':' || text[k] == u'.')) {
          ++k;
          int t = 0, td = 0;
          while (k < n && text[k] >= u'0' && text[k] <= u'9') {
            t = std::min(t * 10 + (text[k] - u'0'), 1000000);
            ++td;
            ++k;
          }
          if (!td) return DISP_E_TYPEMISMATCH;
          time_nums.push_back(t);
        }
        if (time_nums.size() > 3) return DISP_E_TYPEMISMATCH;
      } else {
        date_nums.push_back({v, digits});
      }
    } else if ((c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z')) {
      std::u16string word;
      while (k < n && ((text[k] >= u'A' && text[k] <= u'Z') || (text[k] >= u'a' && text[k] <= u'z'))) word += text[k++];
      std::u16string lw;
      for (char16_t w : word) lw.push_back(w >= u'A' && w <= u'Z' ? static_cast<char16_t>(w + 32) : w);
      if (lw == u"am" || lw == u"a") ampm = 1;
      else if (lw == u"pm" || lw == u"p") ampm = 2;
      else if (int m = month_of(word)) {
        if (month_word) return DISP_E_TYPEMISMATCH;
        month_word = m;
        any = true;
      } else if (!day_name(word)) {
        return DISP_E_TYPEMISMATCH;
      }
    } else if (c == u'/' || c == u'-' || c == u',' || c == u' ' || c == u'\t') {
      ++k;
    } else {
      return DISP_E_TYPEMISMATCH;
    }
  }
  if (!any) return DISP_E_TYPEMISMATCH;
  // A lone number with AM or PM is an hour ("3 PM").
  if (time_nums.empty() && ampm && date_nums.size() == 1 && !month_word) {
    time_nums.push_back(date_nums[0].value);
    date_nums.clear();
  }
  Udate u;
  bool has_date = false;
  if (month_word) {
    has_date = true;
    u.month = static_cast<uint16_t>(month_word);
    if (date_nums.size() == 1) {
      // "January 2003": the first of the month; "2 January": that day of this year.
      if (date_nums[0].digits > 2 || date_nums[0].value > 31) {
        u.year = static_cast<uint16_t>(date_nums[0].value);
        u.day = 1;
      } else {
        const time_t now = time(nullptr);
        struct tm local;
        localtime_r(&now, &local);
        u.year = static_cast<uint16_t>(local.tm_year + 1900);
        u.day = static_cast<uint16_t>(date_nums[0].value);
      }
    } else if (date_nums.size() == 2) {
      // "January 2, 2003" or "2 January 2003": the four-digit or larger-than-31 one is the year.
      if (date_nums[0].digits > 2 || date_nums[0].value > 31) {
        u.year = static_cast<uint16_t>(date_nums[0].value);
        u.day = static_cast<uint16_t>(date_nums[1].value);
      } else {
        u.day = static_cast<uint16_t>(date_nums[0].value);
        u.year = static_cast<uint16_t>(date_nums[1].value);
      }
    } else {
      return DISP_E_TYPEMISMATCH;
    }
  } else if (date_nums.size() == 3) {
    has_date = true;
    if (date_nums[0].digits > 2) {  // y-m-d
      u.year = static_cast<uint16_t>(date_nums[0].value);
      u.month = static_cast<uint16_t>(date_nums[1].value);
      u.day = static_cast<uint16_t>(date_nums[2].value);
    } else {  // m/d/y
      u.month = static_cast<uint16_t>(date_nums[0].value);
      u.day = static_cast<uint16_t>(date_nums[1].value);
      u.year = static_cast<uint16_t>(date_nums[2].value);
    }
  } else if (!date_nums.empty()) {
    return DISP_E_TYPEMISMATCH;
  }
  if (has_date) {
    if (u.month < 1 || u.month > 12 || u.day < 1) return DISP_E_TYPEMISMATCH;
    int y = u.year;
    if (y < 50) y += 2000;  // two-digit years: 1950 to 2049
    else if (y < 100) y += 1900;
    if (y > 9999 || u.day > month_days(y, u.month)) return DISP_E_TYPEMISMATCH;
    u.year = static_cast<uint16_t>(y);
  }
  if (!time_nums.empty()) {
    int h = time_nums[0], mi = time_nums.size() > 1 ? time_nums[1] : 0, s = time_nums.size() > 2 ? time_nums[2] : 0;
    if (ampm == 1 && h == 12) h = 0;
    if (ampm == 2 && h < 12) h += 12;
    if (h > 23 || mi > 59 || s > 59) return DISP_E_TYPEMISMATCH;
    u.hour = static_cast<uint16_t>(h);
    u.minute = static_cast<uint16_t>(mi);
    u.second = static_cast<uint16_t>(s);
  } else if (ampm) {
    return DISP_E_TYPEMISMATCH;
  }
  double date = 0;
  if (has_date) date = static_cast<double>(days_from_civil(u.year, u.month, u.day) - kEpoch);
  if (!(flags & VAR_DATEVALUEONLY)) {
    const double sign = date < 0 ? -1.0 : 1.0;
    date += sign * (u.hour / 24.0 + u.minute / 1440.0 + u.second / 86400.0);
  }
  if (flags & VAR_TIMEVALUEONLY) date -= std::trunc(date);
  out = date;
  return S_OK;
}

namespace {

// SYSTEMTIME: wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds; a UDATE
// adds wDayOfYear.
Udate read_udate(uint64_t a) {
  Udate u;
  u.year = get<uint16_t>(a);
  u.month = get<uint16_t>(a + 2);
  u.day_of_week = get<uint16_t>(a + 4);
  u.day = get<uint16_t>(a + 6);
  u.hour = get<uint16_t>(a + 8);
  u.minute = get<uint16_t>(a + 10);
  u.second = get<uint16_t>(a + 12);
  u.ms = get<uint16_t>(a + 14);
  return u;
}
void write_systemtime(uint64_t a, const Udate& u) {
  const uint16_t f[8] = {u.year, u.month, u.day_of_week, u.day, u.hour, u.minute, u.second, u.ms};
  std::memcpy(guest_pointer(a), f, sizeof f);
}

int32_t VarUdateFromDate(WindowsProcess&, double date, uint32_t, Ptr out) {
  Udate u;
  if (!date_to_udate(date, u)) return E_INVALIDARG;
  write_systemtime(out.addr, u);
  put<uint16_t>(out.addr + 16, u.day_of_year);
  return S_OK;
}
int32_t VarDateFromUdateEx(WindowsProcess&, Ptr in, uint32_t, uint32_t flags, Ptr out) {
  double d;
  if (udate_to_date(read_udate(in.addr), flags, d) != S_OK) return E_INVALIDARG;
  put<double>(out.addr, d);
  return S_OK;
}
int32_t VarDateFromUdate(WindowsProcess& p, Ptr in, uint32_t flags, Ptr out) {
  return VarDateFromUdateEx(p, in, 0x0409, flags, out);
}
int32_t VariantTimeToSystemTime(WindowsProcess&, double date, Ptr out) {
  Udate u;
  if (!date_to_udate(date, u)) return 0;
  write_systemtime(out.addr, u);
  return 1;
}
int32_t SystemTimeToVariantTime(WindowsProcess&, Ptr st, Ptr out) {
  Udate u = read_udate(st.addr);
  if (u.month > 12 || u.day > 31 || static_cast<int16_t>(u.year) < 0) return 0;
  double d;
  if (udate_to_date(u, 0, d) != S_OK) return 0;
  put<double>(out.addr, d);
  return 1;
}
int32_t VariantTimeToDosDateTime(WindowsProcess&, double date, Ptr dos_date, Ptr dos_time) {
  Udate u;
  if (!date_to_udate(date, u)) return 0;
  if (u.year < 1980 || u.year > 2099) return 0;
  put<uint16_t>(dos_date.addr, static_cast<uint16_t>(u.day | u.month << 5 | (u.year - 1980) << 9));
  put<uint16_t>(dos_time.addr, static_cast<uint16_t>(u.second >> 1 | u.minute << 5 | u.hour << 11));
  return 1;
}
int32_t DosDateTimeToVariantTime(WindowsProcess&, uint16_t dos_date, uint16_t dos_time, Ptr out) {
  Udate u;
  u.year = static_cast<uint16_t>(1980 + (dos_date >> 9));
  u.month = (dos_date >> 5) & 0xf;
  if (u.year > 2099 || u.month > 12) return 0;
  u.day = dos_date & 0x1f;
  u.hour = dos_time >> 11;
  u.minute = (dos_time >> 5) & 0x3f;
  u.second = static_cast<uint16_t>((dos_time & 0x1f) << 1);
  if (u.hour > 23 || u.minute > 59 || u.second > 59) return 0;
  double d;
  if (udate_to_date(u, 0, d) != S_OK) return 0;
  put<double>(out.addr, d);
  return 1;
}

}  // namespace

const std::vector<Export>& date_exports() {
  static const std::vector<Export> exports = {
      EXPORT("VarUdateFromDate", VarUdateFromDate),
      EXPORT("VarDateFromUdate", VarDateFromUdate),
      EXPORT("VarDateFromUdateEx", VarDateFromUdateEx),
      EXPORT("VariantTimeToSystemTime", VariantTimeToSystemTime),
      EXPORT("SystemTimeToVariantTime", SystemTimeToVariantTime),
      EXPORT("VariantTimeToDosDateTime", VariantTimeToDosDateTime),
      EXPORT("DosDateTimeToVariantTime", DosDateTimeToVariantTime),
  };
  return exports;
}

}  // namespace polyrun::shims::oleaut
