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

struct tm;

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
// The host's zone as the runtime's variables give it (time_s.cpp), as GetTimeZoneInformation has
// it: _timezone (seconds west of UTC, standard time), _daylight (whether the zone has daylight
// time), _dstbias (seconds daylight time adds to the bias, 0 without it), and the zone's names.
struct CrtZone {
  int32_t timezone, daylight, dstbias;
  std::string standard, daylight_name;
};
CrtZone crt_zone();
// fmt with strftime's %Z (and %#Z; msvcrt.dll's %z too: z_too) replaced by the runtime's zone name
// for t (time.cpp).
std::string with_zone_names(WindowsProcess& p, const std::string& fmt, const struct tm& t, bool z_too);

// A Windows call (KERNEL32's) failed with Windows error `e`: _doserrno and errno as _dosmaperr
// leaves them (msvcrt/errors.cpp).
void crt_windows_failure(WindowsProcess& p, uint32_t e);

// An invalid parameter (msvcrt/string_s.cpp): the thread's handler (the Universal CRT's), else the
// process's, is called with `args` (expression, function, file, line, reserved); with none,
// ucrtbase.dll's functions (`ucrt`) raise STATUS_INVALID_CRUNTIME_PARAMETER.
void crt_invalid_parameter(WindowsProcess& p, bool ucrt, const std::vector<uint64_t>& args = {0, 0, 0, 0, 0});

// The "C" locale's character classes (its _ctype table's entry for c, -1 to 255, else 0:
// msvcrt/locale_objects.cpp), and a wide character's classes in `mask` (KERNEL32's Unicode
// classes: msvcrt/wctype.cpp).
uint16_t crt_c_ctype(int32_t c);
// The current locale's entry for c (-1 to 255, else 0), and its _pctype (msvcrt/locale_objects.cpp).
uint16_t crt_ctype(WindowsProcess& p, int32_t c);
uint64_t crt_current_pctype(WindowsProcess& p);
int32_t crt_wide_class(uint32_t c, uint32_t mask);

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

// printf's output of `fmt` (core/printf_format.h) with strings of the other width converted by the
// locale (msvcrt/printf.cpp); *failed where a wide string had no bytes (the output cut before it).
std::string crt_format(WindowsProcess& p, const char* fmt, VarArgs& va, bool wide, bool legacy = true,
                       bool* failed = nullptr);
// While one lives on the thread, crt_format formats for one of the Universal CRT's entry points
// (__stdio_common_*, __conio_common_*): %n stores its count only after _set_printf_count_output(1)
// (msvcrt.dll's printf always stores it), else it is an invalid parameter.
class UcrtFormatting {
 public:
  UcrtFormatting();
  ~UcrtFormatting();
  UcrtFormatting(const UcrtFormatting&) = delete;
  UcrtFormatting& operator=(const UcrtFormatting&) = delete;

 private:
  bool outer_;
};

// i386's unwinding by longjmp (msvcrt/except_i386.cpp): the records above `node` on the fs:[0]
// chain (_global_unwind2), and `node`'s __try frame down to `level` (_local_unwind2).
void msvcrt_global_unwind_i386(WindowsProcess& p, uint64_t node);
void msvcrt_local_unwind_i386(WindowsProcess& p, uint64_t node, uint32_t level);

inline VarArgs va_list_at(WindowsProcess& p, Ptr va) { return VarArgs{nullptr, 0, va.addr, p.isa->ptr}; }

// The streams (msvcrt/stdio.cpp): _iob, the standard streams' FILEs (stdin, stdout, stderr, each
// file_size long); a formatted text written to the stream at `f` (its length, or -1); every
// stream's buffered output written, at the process's end (`ending`) leaving alone a stream
// another thread is blocked on.
uint64_t iob(WindowsProcess& p);
int32_t write_formatted(WindowsProcess& p, Ptr f, const std::string& s);
void flush_all(WindowsProcess& p, bool ending = true);

// The value of environment variable `name` as getenv reads it (the runtime's _environ), or 0
// (msvcrt/startup.cpp).
uint64_t crt_getenv(WindowsProcess& p, const std::string& name);

// The console's keys (msvcrt/lowio.cpp): whether one waits, and the next one read without echo
// (EOF, -1, at the input's end); the C runtime's pushed-back key is console_io.cpp's.
int32_t crt_key_waiting(WindowsProcess& p);
int32_t crt_read_key(WindowsProcess& p);

// Whether abort() writes its message (_set_abort_behavior's _WRITE_ABORT_MSG: msvcrt/runtime_info.cpp).
bool crt_abort_writes_message(WindowsProcess& p);

// A null-terminated array of pointers to copies of `v` in the program's memory, narrow or UTF-16
// (msvcrt/startup.cpp).
uint64_t guest_strings_array(WindowsProcess& p, const std::vector<std::string>& v);
uint64_t guest_wstrings_array(WindowsProcess& p, const std::vector<std::string>& v);
// The same of UTF-8 strings in the ANSI code page (the command line's arguments, the environment:
// msvcrt/crt_locale.h).
uint64_t guest_ansi_strings_array(WindowsProcess& p, const std::vector<std::string>& v);

}  // namespace polyrun::shims
