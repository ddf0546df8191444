// FILETIME: 100-nanosecond intervals since 1601-01-01 UTC, to and from the host's Unix times (the
// one conversion KERNEL32's clocks, file times, the registry, processes and the rest share).
#pragma once

#include <sys/time.h>
#include <time.h>

#include <cstdint>

namespace polyrun::shims {

constexpr int64_t kFiletimeSecond = 10000000;
constexpr int64_t kUnixEpochAsFiletime = 11644473600LL * kFiletimeSecond;  // 1970-01-01 00:00 UTC

// A host time (seconds and nanoseconds since 1970) as a FILETIME.
inline uint64_t filetime_of(const struct timespec& ts) {
  return static_cast<uint64_t>(kUnixEpochAsFiletime + static_cast<int64_t>(ts.tv_sec) * kFiletimeSecond + ts.tv_nsec / 100);
}
// Whole seconds since 1970 as a FILETIME.
inline uint64_t filetime_of_seconds(int64_t seconds) {
  return static_cast<uint64_t>(kUnixEpochAsFiletime + seconds * kFiletimeSecond);
}
// The system time now, as GetSystemTimeAsFileTime gives it.
inline uint64_t filetime_now() {
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return filetime_of(ts);
}
// A host duration (CPU times: getrusage's, wait4's) in the same 100-nanosecond units.
inline uint64_t units_100ns(const struct timeval& tv) {
  return static_cast<uint64_t>(tv.tv_sec) * 10000000ull + static_cast<uint64_t>(tv.tv_usec) * 10ull;
}
// A FILETIME's whole seconds since 1970.
inline int64_t unix_seconds_of(uint64_t filetime) {
  return static_cast<int64_t>(filetime / kFiletimeSecond) - kUnixEpochAsFiletime / kFiletimeSecond;
}

}  // namespace polyrun::shims
