// What /proc says of a host process's times, for the functions that report a process's
// (GetProcessTimes, the job and process-status queries) or a session's (the LSA's logon time: the
// start of the session's leader), and the numbers of a "Key: value" file of /proc (meminfo,
// a process's status and io).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace polyrun::shims {

// Process `pid`'s start as a FILETIME, and its kernel and user CPU time (100 ns units); false when
// /proc does not say.
bool proc_times(uint32_t pid, uint64_t& created, uint64_t& kernel, uint64_t& user);

// Each line's key (its ':' dropped) and the number after it, as the file gives it (kB for
// meminfo's and status's sizes); a key the file lacks is not there.
std::map<std::string, uint64_t> proc_fields(const char* file);

}  // namespace polyrun::shims
