// What msvcrt.dll's files (msvcrt/*.cpp) share: the calling thread's errno and _doserrno, the
// runtime's variables in the program's memory, the program's va_list as arguments, the standard
// streams and formatted output on them, and the string arrays the start-up code builds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/core/shim.h"

namespace polyrun::shims {

inline uint64_t file_size(const WindowsProcess& p) { return p.isa->file.size; }

inline uint64_t& data_slot(WindowsProcess& p, const char* name, uint64_t size = 8) {
  uint64_t& slot = p.data[name];
  if (!slot) slot = p.alloc_data(size);
  return slot;
}

// The calling thread's errno and _doserrno sit just after its TEB (core/windows_threads.cpp, init_thread).
inline int* guest_errno(WindowsProcess& p) { return reinterpret_cast<int*>(p.teb() + p.isa->teb.size); }
inline uint32_t* guest_doserrno(WindowsProcess& p) { return reinterpret_cast<uint32_t*>(p.teb() + p.isa->teb.size + 4); }

// A system call failed with the host's errno `err`: _doserrno gets the Windows error it stands
// for and errno the C runtime's value for that, as _dosmaperr leaves them on Windows (msvcrt/errors.cpp).
void host_failure(WindowsProcess& p, int err);

inline VarArgs va_list_at(WindowsProcess& p, Ptr va) { return VarArgs{nullptr, 0, va.addr, p.isa->ptr}; }

// The streams (msvcrt/stdio.cpp): _iob, the standard streams' FILEs (stdin, stdout, stderr, each
// file_size long); a formatted text written to the stream at `f` (its length, or -1); every
// stream's buffered output written, at the process's end (`ending`) leaving alone a stream
// another thread is blocked on.
uint64_t iob(WindowsProcess& p);
int32_t write_formatted(WindowsProcess& p, Ptr f, const std::string& s);
void flush_all(WindowsProcess& p, bool ending = true);

// A null-terminated array of pointers to copies of `v` in the program's memory, narrow or UTF-16
// (msvcrt/startup.cpp).
uint64_t guest_strings_array(WindowsProcess& p, const std::vector<std::string>& v);
uint64_t guest_wstrings_array(WindowsProcess& p, const std::vector<std::string>& v);

}  // namespace polyrun::shims
