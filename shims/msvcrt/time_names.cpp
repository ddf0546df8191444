// msvcrt.dll and the Universal CRT, the locale's time names as data and strftime: _Gettnames and
// _W_Gettnames give a copy of the "C" locale's __lc_time_data (the runtime has no other locale);
// strftime and wcsftime format a time with the current locale's names and date and time pictures,
// _Strftime and _Wcsftime with those of the __lc_time_data they are given, each as its runtime
// does (msvcrt.dll: C89's conversions, %c the short date and the time; the Universal CRT: C99's).
//
// __lc_time_data: 43 narrow strings (the days' short and long names, the months' short and long
// names, AM, PM, the short date, long date and time pictures); msvcrt.dll's then {LCID, unknown,
// refcount}, the Universal CRT's {unknown, refcount}; then the same 43 as wide strings, and the
// Universal CRT's locale name. The pictures are Windows' (GetDateFormat's "MM/dd/yy", "dddd").
#include <time.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/msvcrt/crt_internal.h"

namespace polyrun::shims {

namespace time_names {
namespace {

constexpr int kStrings = 43;
// The "C" locale's.
const char* const kCNames[kStrings] = {
    "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
    "AM", "PM", "MM/dd/yy", "dddd, MMMM dd, yyyy", "HH:mm:ss"};
constexpr int kShortDay = 0, kDay = 7, kShortMonth = 14, kMonth = 26, kAm = 38, kPm = 39, kShortDate = 40,
              kLongDate = 41, kTime = 42;

// Where the wide strings begin in each runtime's struct.
uint64_t wide_offset(WindowsProcess& p, bool ucrt) {
  const uint64_t w = p.isa->ptr, narrow = kStrings * w;
  const uint64_t after = narrow + (ucrt ? 8 : 12);
  return (after + w - 1) / w * w;
}

// _Gettnames: one heap block, the struct and then its strings.
template <bool Ucrt>
Ptr _Gettnames_(WindowsProcess& p) {
  const uint64_t w = p.isa->ptr, wide = wide_offset(p, Ucrt);
  const uint64_t header = wide + kStrings * w + (Ucrt ? w : 0);
  uint64_t size = header;
  for (const char* s : kCNames) size += std::strlen(s) + 1 + 2 * (std::strlen(s) + 1);
  const char16_t kLocaleName[] = u"en-US";
  if (Ucrt) size += sizeof kLocaleName;
  const uint64_t b = p.heap.alloc(size, true);
  if (!b) return Ptr(0);
  uint64_t at = b + header;
  for (int i = 0; i < kStrings; ++i) {
    const size_t n = std::strlen(kCNames[i]) + 1;
    std::memcpy(reinterpret_cast<void*>(at), kCNames[i], n);
    p.put_ptr(b + i * w, at);
    at += n;
  }
  at = (at + 1) & ~1ull;
  for (int i = 0; i < kStrings; ++i) {
    const std::u16string s = utf8_to_utf16(kCNames[i]);
    std::memcpy(reinterpret_cast<void*>(at), s.c_str(), 2 * (s.size() + 1));
    p.put_ptr(b + wide + i * w, at);
    at += 2 * (s.size() + 1);
  }
  const uint64_t counts = kStrings * w;
  if (Ucrt) {
    put<int32_t>(b + counts, 1);  // unknown, refcount 0
    std::memcpy(reinterpret_cast<void*>(at), kLocaleName, sizeof kLocaleName);
    p.put_ptr(b + wide + kStrings * w, at);
  } else {
    put<uint32_t>(b + counts, 0);  // the LCID: none for the "C" locale
    put<int32_t>(b + counts + 4, 1);
  }
  return Ptr(b);
}

// The names a format takes: the given struct's narrow or wide strings, else the "C" locale's.
struct Names {
  std::vector<std::string> s;
};
Names names_of(WindowsProcess& p, uint64_t data, bool wide, bool ucrt) {
  Names n;
  for (int i = 0; i < kStrings; ++i) {
    if (!data) {
      n.s.emplace_back(kCNames[i]);
    } else if (wide) {
      const uint64_t at = p.get_ptr(data + wide_offset(p, ucrt) + i * p.isa->ptr);
      n.s.push_back(at ? utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(at))) : "");
    } else {
      const uint64_t at = p.get_ptr(data + i * p.isa->ptr);
      n.s.emplace_back(at ? reinterpret_cast<const char*>(at) : "");
    }
  }
  return n;
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// A Windows date or time picture: d dd ddd dddd, M MM MMM MMMM, y yy yyyy, h hh H HH, m mm, s ss,
// t tt, and 'quoted' text.
std::string picture(const std::string& pic, const struct tm& t, const Names& n) {
  std::string out;
  for (size_t i = 0; i < pic.size();) {
    const char c = pic[i];
    if (c == '\'') {
      size_t j = i + 1;
      while (j < pic.size() && pic[j] != '\'') out += pic[j++];
      i = j + 1;
      continue;
    }
    size_t run = 1;
    while (i + run < pic.size() && pic[i + run] == c) ++run;
    const int hour12 = t.tm_hour % 12 == 0 ? 12 : t.tm_hour % 12;
    switch (c) {
      case 'd':
        out += run == 1 ? std::to_string(t.tm_mday)
               : run == 2 ? two(t.tm_mday)
               : run == 3 ? n.s[kShortDay + t.tm_wday % 7] : n.s[kDay + t.tm_wday % 7];
        break;
      case 'M':
        out += run == 1 ? std::to_string(t.tm_mon + 1)
               : run == 2 ? two(t.tm_mon + 1)
               : run == 3 ? n.s[kShortMonth + t.tm_mon % 12] : n.s[kMonth + t.tm_mon % 12];
        break;
      case 'y': {
        const int year = t.tm_year + 1900;
        out += run == 1 ? std::to_string(year % 100) : run == 2 ? two(year % 100) : std::to_string(year);
        break;
      }
      case 'h': out += run == 1 ? std::to_string(hour12) : two(hour12); break;
      case 'H': out += run == 1 ? std::to_string(t.tm_hour) : two(t.tm_hour); break;
      case 'm': out += run == 1 ? std::to_string(t.tm_min) : two(t.tm_min); break;
      case 's': out += run == 1 ? std::to_string(t.tm_sec) : two(t.tm_sec); break;
      case 't': {
        const std::string& ampm = n.s[t.tm_hour < 12 ? kAm : kPm];
        out += run == 1 ? ampm.substr(0, 1) : ampm;
        break;
      }
      default: out.append(run, c); break;
    }
    i += run;
  }
  return out;
}

// A number of a field, zero-padded to `width` digits; false where it is out of [lo, hi].
bool number(std::string& out, int v, int width, int lo, int hi) {
  if (v < lo || v > hi) return false;
  char b[16];
  std::snprintf(b, sizeof b, "%0*d", width, v);
  out += b;
  return true;
}

// %z of the Universal CRT: the zone's offset from UTC, +hhmm (east) or -hhmm, daylight time's where
// the time says it is (_timezone, and _dstbias with it).
bool zone_offset(std::string& out, const struct tm& t) {
  const CrtZone z = crt_zone();
  int west = z.timezone + (t.tm_isdst > 0 ? z.dstbias : 0);
  out += west < 0 ? '+' : '-';
  if (west < 0) west = -west;
  return number(out, west / 3600, 2, 0, 99) && number(out, west / 60 % 60, 2, 0, 59);
}

// strftime by `n`'s names and pictures, as msvcrt.dll (ucrt false: C89's conversions, %z the
// zone's name) or the Universal CRT (C99's too; in the "C" locale, `c_locale`, %c and %r as C99
// has them) formats; false (EINVAL) for a conversion the runtime does not have or a field out of
// its range. ('#' drops the leading zeros of numbers; %Z is with_zone_names' already.)
bool format(const std::string& fmt, const struct tm& t, const Names& n, bool ucrt, bool c_locale, std::string& out) {
  const int year = t.tm_year + 1900;
  const bool wday_ok = t.tm_wday >= 0 && t.tm_wday <= 6, mon_ok = t.tm_mon >= 0 && t.tm_mon <= 11,
             hour_ok = t.tm_hour >= 0 && t.tm_hour <= 23, year4 = year >= 0 && year <= 9999;
  const int max_seconds = ucrt ? 60 : 59;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (++i >= fmt.size()) return false;
    const bool alt = fmt[i] == '#';
    if (alt && ++i >= fmt.size()) return false;
    const char c = fmt[i];
    auto num = [&](int v, int width, int lo, int hi) { return number(out, v, alt ? 0 : width, lo, hi); };
    bool ok = true;
    switch (c) {
      case 'a': ok = wday_ok && (out += n.s[kShortDay + t.tm_wday], true); break;
      case 'A': ok = wday_ok && (out += n.s[kDay + t.tm_wday], true); break;
      case 'h':
        if (!ucrt) return false;
        [[fallthrough]];
      case 'b': ok = mon_ok && (out += n.s[kShortMonth + t.tm_mon], true); break;
      case 'B': ok = mon_ok && (out += n.s[kMonth + t.tm_mon], true); break;
      case 'p': ok = hour_ok && (out += n.s[t.tm_hour < 12 ? kAm : kPm], true); break;
      case 'x': out += picture(n.s[alt ? kLongDate : kShortDate], t, n); break;
      case 'X': out += picture(n.s[kTime], t, n); break;
      case 'c':
        if (ucrt && c_locale && !alt) ok = format("%a %b %e %T %Y", t, n, ucrt, c_locale, out);
        else out += picture(n.s[alt ? kLongDate : kShortDate], t, n) + " " + picture(n.s[kTime], t, n);
        break;
      case 'd': ok = num(t.tm_mday, 2, 1, 31); break;
      case 'H': ok = num(t.tm_hour, 2, 0, 23); break;
      case 'I': ok = hour_ok && num((t.tm_hour + 11) % 12 + 1, 2, 1, 12); break;
      case 'j': ok = num(t.tm_yday + 1, 3, 1, 366); break;
      case 'm': ok = num(t.tm_mon + 1, 2, 1, 12); break;
      case 'M': ok = num(t.tm_min, 2, 0, 59); break;
      case 'S': ok = num(t.tm_sec, 2, 0, max_seconds); break;
      case 'w': ok = number(out, t.tm_wday, 0, 0, 6); break;
      case 'y': ok = (ucrt ? year4 : year >= 1900) && num(year % 100, 2, 0, 99); break;
      case 'Y': ok = num(year, 4, 0, 9999); break;
      case 'U': case 'W': {
        ok = wday_ok && t.tm_yday >= 0 && t.tm_yday <= 365;
        const int first = c == 'U' ? t.tm_wday : t.tm_wday ? t.tm_wday - 1 : 6;
        ok = ok && num(t.tm_yday / 7 + (first <= t.tm_yday % 7), 2, 0, 53);
        break;
      }
      case 'z':
        if (!ucrt) return false;  // (msvcrt.dll's %z, the zone's name, is with_zone_names')
        ok = zone_offset(out, t);
        break;
      case '%': out += '%'; break;
      default: {
        if (!ucrt) return false;
        switch (c) {
          case 'C': ok = year4 && num(year / 100, 2, 0, 99); break;
          case 'D':
            ok = year4 && num(t.tm_mon + 1, 2, 1, 12) && (out += '/', num(t.tm_mday, 2, 1, 31)) &&
                 (out += '/', num(year % 100, 2, 0, 99));
            break;
          case 'e': {
            const size_t at = out.size();
            ok = num(t.tm_mday, 2, 1, 31);
            if (ok && !alt && out[at] == '0') out[at] = ' ';
            break;
          }
          case 'F':
            ok = num(year, 4, 0, 9999) && (out += '-', num(t.tm_mon + 1, 2, 1, 12)) && (out += '-', num(t.tm_mday, 2, 1, 31));
            break;
          case 'g': case 'G': case 'V': {
            if (c != 'V' && !year4) return false;
            // ISO 8601: the week (Monday first) holding the year's first Thursday is its first.
            auto leap = [](int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
            int iso_year = year, days = t.tm_yday - (t.tm_wday ? t.tm_wday : 7) + 4;
            if (days < 0) {
              --iso_year;
              days += 365 + leap(iso_year);
            } else if (days >= 365 + leap(iso_year)) {
              days -= 365 + leap(iso_year);
              ++iso_year;
            }
            ok = c == 'G'   ? number(out, iso_year, 4, 0, 9999)
                 : c == 'g' ? number(out, iso_year % 100, 2, 0, 99)
                            : num(days / 7 + 1, 2, 0, 53);
            break;
          }
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r':
            if (!c_locale) {
              out += picture(n.s[kTime], t, n);
              break;
            }
            ok = hour_ok && num((t.tm_hour + 11) % 12 + 1, 2, 1, 12) && (out += ':', num(t.tm_min, 2, 0, 59)) &&
                 (out += ':', num(t.tm_sec, 2, 0, max_seconds)) && (out += ' ', out += n.s[t.tm_hour < 12 ? kAm : kPm], true);
            break;
          case 'R': ok = num(t.tm_hour, 2, 0, 23) && (out += ':', num(t.tm_min, 2, 0, 59)); break;
          case 'T':
            ok = num(t.tm_hour, 2, 0, 23) && (out += ':', num(t.tm_min, 2, 0, 59)) && (out += ':', num(t.tm_sec, 2, 0, max_seconds));
            break;
          case 'u': ok = wday_ok && number(out, t.tm_wday ? t.tm_wday : 7, 0, 1, 7); break;
          default: return false;
        }
      }
    }
    if (!ok) return false;
  }
  return true;
}

struct tm tm_of(WindowsProcess&, uint64_t at) {
  struct tm t{};
  const int32_t* f = reinterpret_cast<const int32_t*>(at);
  t.tm_sec = f[0];
  t.tm_min = f[1];
  t.tm_hour = f[2];
  t.tm_mday = f[3];
  t.tm_mon = f[4];
  t.tm_year = f[5];
  t.tm_wday = f[6];
  t.tm_yday = f[7];
  t.tm_isdst = f[8];
  return t;
}

// strftime, wcsftime, _Strftime and _Wcsftime (buf, max, format, tm[, data: the names, the
// current locale's where null]): the length, or 0 with the buffer emptied: ERANGE where the text
// does not fit with its NUL, EINVAL (an invalid parameter) for a missing argument, a conversion the
// runtime does not have or a field out of its range.
template <bool Ucrt, typename C>
USize ftime(WindowsProcess& p, Ptr buf, USize max, const std::string* fmt, Ptr tm, Ptr data) {
  std::string out;
  bool ok = buf && max && fmt && tm;
  if (ok) {
    const struct tm t = tm_of(p, tm.addr);
    ok = format(with_zone_names(p, *fmt, t, !Ucrt), t, names_of(p, data.addr, sizeof(C) == 2, Ucrt), Ucrt, !data, out);
  }
  const std::basic_string<C> text = [&] {
    if constexpr (sizeof(C) == 2) return utf8_to_utf16(out);
    else return out;
  }();
  if (!ok || text.size() >= max) {
    if (buf && max) put<C>(buf.addr, 0);
    *guest_errno(p) = ok ? 34 : 22;
    if (!ok) crt_invalid_parameter(p, Ucrt);
    return 0;
  }
  std::memcpy(buf.as<C>(), text.c_str(), sizeof(C) * (text.size() + 1));
  return text.size();
}
template <bool Ucrt>
USize _Strftime_(WindowsProcess& p, Ptr buf, USize max, CStr fmt, Ptr tm, Ptr data) {
  const std::string f = fmt.addr ? fmt.str() : "";
  return ftime<Ucrt, char>(p, buf, max, fmt.addr ? &f : nullptr, tm, data);
}
template <bool Ucrt>
USize _Wcsftime_(WindowsProcess& p, Ptr buf, USize max, WStr fmt, Ptr tm, Ptr data) {
  const std::string f = fmt.addr ? utf16_to_utf8(fmt.str()) : "";
  return ftime<Ucrt, char16_t>(p, buf, max, fmt.addr ? &f : nullptr, tm, data);
}
template <bool Ucrt>
USize strftime_(WindowsProcess& p, Ptr buf, USize max, CStr fmt, Ptr tm) {
  return _Strftime_<Ucrt>(p, buf, max, fmt, tm, Ptr(0));
}
template <bool Ucrt>
USize wcsftime_(WindowsProcess& p, Ptr buf, USize max, WStr fmt, Ptr tm) {
  return _Wcsftime_<Ucrt>(p, buf, max, fmt, tm, Ptr(0));
}

}  // namespace
}  // namespace time_names

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp) and, with the Universal CRT's layout, ucrtbase.dll's.
const std::vector<Export>& msvcrt_time_names_exports() {
  using namespace time_names;
  static const std::vector<Export> exports = {
      EXPORT("_Gettnames", _Gettnames_<false>),
      EXPORT("_Strftime", _Strftime_<false>),
      EXPORT("strftime", strftime_<false>),
      EXPORT("wcsftime", wcsftime_<false>),
  };
  return exports;
}
const std::vector<Export>& ucrtbase_time_names_exports() {
  using namespace time_names;
  static const std::vector<Export> exports = {
      EXPORT("_Gettnames", _Gettnames_<true>),
      EXPORT("_W_Gettnames", _Gettnames_<true>),
      EXPORT("_Strftime", _Strftime_<true>),
      EXPORT("_Wcsftime", _Wcsftime_<true>),
      EXPORT("strftime", strftime_<true>),
      EXPORT("wcsftime", wcsftime_<true>),
  };
  return exports;
}

}  // namespace polyrun::shims
