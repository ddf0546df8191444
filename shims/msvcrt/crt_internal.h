// What msvcrt.dll's files (msvcrt/*.cpp) share: the calling thread's errno and _doserrno, the
// runtime's variables in the program's memory, the program's va_list as arguments, the standard
// streams and formatted output on them, the functions it registers for core (CrtHooks), and the
// string arrays the start-up code builds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/core/printf_format.h"
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

// The C runtime's errno and _doserrno of the calling thread (guest_errno, guest_doserrno), and a
// zeroed variable of its own named `name` (data_slot).
int* msvcrt_errno(WindowsProcess& p);
uint32_t* msvcrt_doserrno(WindowsProcess& p);
// A system call failed with the host's errno `err` (host_failure).
void msvcrt_host_failure(WindowsProcess& p, int err);
uint64_t msvcrt_data(WindowsProcess& p, const char* name, uint64_t size = 8);

// A stdio stream of the program over host descriptor `fd`, which it then owns (fdopen's; text mode
// unless `mode` has "b"), and fclose of one (msvcrt/stdio.cpp).
uint64_t msvcrt_open_stream(WindowsProcess& p, int fd, const std::string& mode);
int32_t msvcrt_close_stream(WindowsProcess& p, uint64_t f);
// Every stream flushed at the process's end (flush_all(p, true)): CrtHooks::flush_all.
void msvcrt_flush_all(WindowsProcess& p);
// std::terminate: the C runtime's abort() (msvcrt/signals.cpp): CrtHooks::terminate.
void msvcrt_terminate(WindowsProcess& p);

// Formatted wide output stored in a buffer of `count` characters by _snwprintf's rule (a NUL only
// where there is room; the length, or -1 when it does not fit) (msvcrt/printf.cpp).
int32_t msvcrt_store_legacy(const std::u16string& s, uint64_t buf, uint64_t count);

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
