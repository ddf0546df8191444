// What /proc says of a host process's times, for the functions that report a process's
// (GetProcessTimes, the job and process-status queries) or a session's (the LSA's logon time: the
// start of the session's leader).
#pragma once

#include <cstdint>

namespace polyrun::shims {

// Process `pid`'s start as a FILETIME, and its kernel and user CPU time (100 ns units); false when
// /proc does not say.
bool proc_times(uint32_t pid, uint64_t& created, uint64_t& kernel, uint64_t& user);

}  // namespace polyrun::shims
