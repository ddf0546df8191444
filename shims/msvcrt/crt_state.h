// What the C runtime (msvcrt.dll, ucrtbase.dll) keeps per process and per thread, in core's per-DLL
// slots (core/dll_state.h): crt(p) is the process's, crt_thread(p) the calling thread's.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shims/core/dll_state.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims {

namespace mbcs {
struct MbcInfo;
}
namespace crt_locale {
struct Settings;
}

// A C stdio stream of the guest: the guest sees the address of a FILE-sized block of its own
// memory; the host side is a file descriptor with msvcrt's text-mode rules.
struct GuestStream {
  int fd = -1;
  bool text = true;       // \n written as \r\n, \r\n read as \n
  bool eof = false, error = false;
  bool owns_fd = false;
  std::string rbuf;       // read-ahead
  std::string unread;     // read and given back (formatted input's look-ahead), read again first
  std::string wbuf;       // written, not yet flushed
  int ungot = -1;
  bool unbuffered = false;  // setvbuf(_IONBF)
  int tty = -1;             // whether fd is a terminal (written at once), found at the first write
  // A thread reads or writes the descriptor with the execution lock released (holding the stream's
  // lock, for which other threads' calls wait): the process's final flush leaves it alone.
  bool busy = false;
};

struct CrtProcessState : DllStateBase {
  std::map<uint64_t, GuestStream> streams;  // guest FILE* → stream (msvcrt/stdio.cpp)
  uint64_t iob = 0;                         // _iob[_IOB_ENTRIES], made at the first use
  std::map<int32_t, uint64_t> locks;        // the _lock table: number → guest CRITICAL_SECTION
  std::map<int, uint64_t> fd_osfhandle;     // the handles _open_osfhandle made descriptors of
  int32_t umask = 0;                        // _umask
  int32_t error_mode = 0;                   // _set_error_mode (_OUT_TO_DEFAULT)
  int32_t max_stdio = 512;                  // _setmaxstdio
  std::map<uint64_t, std::shared_ptr<void>> finds;  // _findfirst handles (msvcrt/lowio.cpp)
  std::map<std::string, uint64_t> wide_env_values;  // _wgetenv results, by name
  bool per_thread_locale = false;                   // _configthreadlocale
  std::atomic<uint64_t> lconv{0};                   // localeconv()'s struct lconv, made at the first call
  std::vector<uint64_t> quick_exit_handlers;        // at_quick_exit's (msvcrt/exit.cpp)
  std::vector<uint64_t> tmpfile_streams;            // tmpfile's, which _rmtmp closes (msvcrt/temp_files.cpp)
  uint64_t conout = 0, conin = 0;                   // the console's handles (msvcrt/console_io.cpp)
  int32_t ungot_key = -1;                           // _ungetch's key, EOF for none
  uint32_t ungot_wkey = 0xffff;                     // _ungetwch's, WEOF for none
  std::shared_ptr<const mbcs::MbcInfo> mbc;         // the multibyte code page (msvcrt/mbcs.h), made at the first use
  std::shared_ptr<const crt_locale::Settings> locale;  // setlocale's (msvcrt/crt_locale.h); null: the "C" locale
  std::map<uint32_t, uint64_t> ctype_tables;        // each code page's _ctype table in the program's memory
  std::atomic<bool> printf_count_output{false};     // _set_printf_count_output (msvcrt/printf.cpp)
  bool lconv_unsigned_char = false;                 // __lconv_init (msvcrt/locale.cpp)
};

struct CrtThreadState : DllStateBase {
  uint64_t strtok_next = 0;  // strtok()'s position
  uint32_t rand_seed = 1;    // rand(): each thread's own generator, seeded with 1
  uint64_t invalid_parameter_handler = 0;  // _set_thread_local_invalid_parameter_handler's
  uint64_t wcstok_next = 0;                // wcstok()'s position
  uint64_t terminate_handler = 0;          // set_terminate's
  uint64_t unexpected_handler = 0;         // set_unexpected's
  uint64_t mbstok_next = 0;                // _mbstok()'s position
  uint64_t frame_info_head = 0;            // _CreateFrameInfo's list (msvcrt/cxx_eh_frames.cpp)
  uint64_t processing_throw = 0;           // __processing_throw's int, made at the first call
  uint64_t xcptinfo = 0, fpecode = 0;      // __pxcptinfoptrs's and __fpecode's variables (msvcrt/signals.cpp)
};

inline CrtProcessState& crt(WindowsProcess& p) { return dll_state<CrtProcessState>(p); }
inline CrtThreadState& crt_thread(WindowsProcess& p) { return dll_state<CrtThreadState>(p.thread()); }

}  // namespace polyrun::shims
