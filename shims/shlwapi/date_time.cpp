// SHLWAPI's SHFormatDateTime(A/W): a FILETIME (UTC) as the user's local date and time in the
// locale's formats, as Explorer shows a file's time: FDTF_SHORTDATE or FDTF_LONGDATE
// (GetDateFormat's DATE_SHORTDATE, DATE_LONGDATE), then ", " after a long date or " " after a short
// one, then FDTF_SHORTTIME or FDTF_LONGTIME (GetTimeFormat without or with seconds); no flags
// pointer means FDTF_DEFAULT (short date, short time). FDTF_RELATIVE, FDTF_LTRDATE, FDTF_RTLDATE and
// FDTF_NOAUTOREADINGORDER, which ask for Explorer's relative day names and reading-order marks, are
// not applied (the plain date is written, as wine 8.0 writes it). The result is the characters
// written with the NUL's place, as Windows counts it; 0 when the text does not fit. KERNEL32's functions do the conversions (shlwapi/system_calls.h).
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/shlwapi/system_calls.h"

namespace polyrun::shims::shlwapi_date_time {

namespace {

using shlwapi_calls::GuestBlock;

constexpr uint32_t kShortTime = 0x1, kShortDate = 0x2, kLongDate = 0x4, kLongTime = 0x8;
constexpr uint32_t kDateShortDate = 0x1, kDateLongDate = 0x2, kTimeNoSeconds = 0x2;
constexpr uint32_t kLocaleUserDefault = 0x400;

uint64_t k32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return shlwapi_calls::call(p, "kernel32.dll", name, args);
}

// The local SYSTEMTIME (16 bytes) of a UTC FILETIME.
bool local_time(WindowsProcess& p, uint64_t filetime, uint64_t system_time) {
  GuestBlock local(p, 8);
  if (!static_cast<uint32_t>(k32(p, "FileTimeToLocalFileTime", {filetime, local.addr()}))) return false;
  return static_cast<uint32_t>(k32(p, "FileTimeToSystemTime", {local.addr(), system_time})) != 0;
}

std::u16string date_time_text(WindowsProcess& p, Ptr filetime, uint32_t flags) {
  GuestBlock when(p, 16), buf(p, 256 * 2);
  if (!local_time(p, filetime.addr, when.addr())) return u"";
  std::u16string out;
  if (flags & (kLongDate | kShortDate)) {
    std::u16string date;
    if (date.empty()) {
      const uint32_t n = static_cast<uint32_t>(k32(p, "GetDateFormatW", {kLocaleUserDefault, (flags & kLongDate) ? kDateLongDate : kDateShortDate,
                                                                         when.addr(), 0, buf.addr(), 256}));
      if (n) date = buf.as<const char16_t>();
    }
    out = date;
    if (flags & (kLongTime | kShortTime)) out += (flags & kLongDate) ? u", " : u" ";
  }
  if (flags & (kLongTime | kShortTime)) {
    const uint32_t n = static_cast<uint32_t>(k32(p, "GetTimeFormatW", {kLocaleUserDefault, (flags & kLongTime) ? 0u : kTimeNoSeconds,
                                                                       when.addr(), 0, buf.addr(), 256}));
    if (n) out += buf.as<const char16_t>();
  }
  return out;
}

// The text into the buffer (cut when it does not fit); its characters and the NUL's place.
template <typename C>
int32_t SHFormatDateTime(WindowsProcess& p, Ptr filetime, Ptr flags_ptr, Ptr buf, uint32_t size) {
  if (!buf || !size) return 0;
  const uint32_t flags = flags_ptr ? get<uint32_t>(flags_ptr.addr) : (kShortDate | kShortTime);
  std::basic_string<C> t;
  const std::u16string w = date_time_text(p, filetime, flags);
  if constexpr (sizeof(C) == 1) t = utf16_to_ansi(w);
  else t = w;
  const bool fits = t.size() < size;
  if (!fits) t.resize(size - 1);
  std::memcpy(buf.as<C>(), t.c_str(), (t.size() + 1) * sizeof(C));
  return t.empty() || !fits ? 0 : static_cast<int32_t>(t.size() + 1);
}

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {
      EXPORT("SHFormatDateTimeA", SHFormatDateTime<char>),
      EXPORT("SHFormatDateTimeW", SHFormatDateTime<char16_t>),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_date_time
