// msvcrt.dll and the Universal CRT, the locale's time names as data: _Gettnames and _W_Gettnames
// give a copy of the "C" locale's __lc_time_data (the runtime has no other locale), and _Strftime
// and _Wcsftime format a time as strftime does but with the names and date and time pictures of
// the __lc_time_data they are given (the current locale's where none is).
//
// __lc_time_data: 43 narrow strings (the days' short and long names, the months' short and long
// names, AM, PM, the short date, long date and time pictures); msvcrt.dll's then {LCID, unknown,
// refcount}, the Universal CRT's {unknown, refcount}; then the same 43 as wide strings, and the
// Universal CRT's locale name. The pictures are Windows' (GetDateFormat's "MM/dd/yy", "dddd").
#include <time.h>

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

// strftime by `n`'s names and pictures; false for a format strftime does not know.
bool format(const std::string& fmt, const struct tm& t, const Names& n, std::string& out) {
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (++i >= fmt.size()) return false;
    const bool alternate = fmt[i] == '#';
    if (alternate && ++i >= fmt.size()) return false;
    const char c = fmt[i];
    switch (c) {
      case 'a': out += n.s[kShortDay + t.tm_wday % 7]; break;
      case 'A': out += n.s[kDay + t.tm_wday % 7]; break;
      case 'b': case 'h': out += n.s[kShortMonth + t.tm_mon % 12]; break;
      case 'B': out += n.s[kMonth + t.tm_mon % 12]; break;
      case 'p': out += n.s[t.tm_hour < 12 ? kAm : kPm]; break;
      case 'x': out += picture(n.s[alternate ? kLongDate : kShortDate], t, n); break;
      case 'X': out += picture(n.s[kTime], t, n); break;
      case 'c':
        out += picture(n.s[alternate ? kLongDate : kShortDate], t, n) + " " + picture(n.s[kTime], t, n);
        break;
      default: {
        if (!std::strchr("CdDeFgGHIjmMnRStTuUVwWyYzZ%", c)) return false;
        char buf[128];
        const char spec[3] = {'%', c, 0};
        const size_t len = std::strftime(buf, sizeof buf, spec, &t);
        std::string part(buf, len);
        // '#' takes a number's leading zeros away.
        if (alternate && std::strchr("dHIjmMSUwWyY", c))
          while (part.size() > 1 && part[0] == '0') part.erase(0, 1);
        out += part;
        break;
      }
    }
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

// _Strftime(buf, max, format, tm, data): the length, or 0 (the buffer emptied) where it does not
// fit with its NUL; 0 with errno EINVAL for a missing argument or a format it does not know.
template <bool Ucrt>
USize _Strftime_(WindowsProcess& p, Ptr buf, USize max, CStr fmt, Ptr tm, Ptr data) {
  if (!buf || !max || !fmt.addr || !tm) {
    if (buf && max) put<char>(buf.addr, 0);
    *guest_errno(p) = 22;
    return 0;
  }
  std::string out;
  const struct tm t = tm_of(p, tm.addr);
  if (!format(with_zone_names(p, fmt.str(), t), t, names_of(p, data.addr, false, Ucrt), out) || out.size() >= max) {
    put<char>(buf.addr, 0);
    if (out.size() < max) *guest_errno(p) = 22;
    else *guest_errno(p) = 34;
    return 0;
  }
  std::memcpy(buf.as<char>(), out.c_str(), out.size() + 1);
  return out.size();
}
// _Wcsftime: the same in UTF-16 (the wide names).
USize _Wcsftime_(WindowsProcess& p, Ptr buf, USize max, WStr fmt, Ptr tm, Ptr data) {
  if (!buf || !max || !fmt.addr || !tm) {
    if (buf && max) put<char16_t>(buf.addr, 0);
    *guest_errno(p) = 22;
    return 0;
  }
  std::string out;
  const struct tm t = tm_of(p, tm.addr);
  const bool ok = format(with_zone_names(p, utf16_to_utf8(fmt.str()), t), t, names_of(p, data.addr, true, true), out);
  const std::u16string w = utf8_to_utf16(out);
  if (!ok || w.size() >= max) {
    put<char16_t>(buf.addr, 0);
    *guest_errno(p) = ok ? 34 : 22;
    return 0;
  }
  std::memcpy(buf.as<char16_t>(), w.c_str(), 2 * (w.size() + 1));
  return w.size();
}

}  // namespace
}  // namespace time_names

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp) and, with the Universal CRT's layout, ucrtbase.dll's.
const std::vector<Export>& msvcrt_time_names_exports() {
  using namespace time_names;
  static const std::vector<Export> exports = {
      EXPORT("_Gettnames", _Gettnames_<false>),
      EXPORT("_Strftime", _Strftime_<false>),
  };
  return exports;
}
const std::vector<Export>& ucrtbase_time_names_exports() {
  using namespace time_names;
  static const std::vector<Export> exports = {
      EXPORT("_Gettnames", _Gettnames_<true>),
      EXPORT("_W_Gettnames", _Gettnames_<true>),
      EXPORT("_Strftime", _Strftime_<true>),
      EXPORT("_Wcsftime", _Wcsftime_),
  };
  return exports;
}

}  // namespace polyrun::shims
