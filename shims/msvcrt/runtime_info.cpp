// msvcrt.dll and the Universal CRT, what the runtime tells of the process and the thread:
// __threadid and __threadhandle, the program's path (_pgmptr, _wpgmptr, their __p__ and _get_
// accessors), WinMain's command line (_get_narrow_winmain_command_line, _get_wide_…: the command
// line after the program's name), _sleep, _seterrormode and _set_abort_behavior (whether abort() writes its
// message: msvcrt/signals.cpp), _crt_debugger_hook, the FMA3 and SSE2 switches (_get_FMA3_enable,
// _set_FMA3_enable, _set_SSE2_enable) and the stack's guard after an overflow (_resetstkoflw).
#include <time.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/core/code_pages.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace runtime_info {
namespace {

uint32_t __threadid_(WindowsProcess&) { return static_cast<uint32_t>(::gettid()); }
// The calling thread's pseudo handle, as GetCurrentThread gives it.
Ptr __threadhandle_(WindowsProcess& p) { return Ptr(p.isa->ptr == 4 ? 0xfffffffeull : ~1ull); }

// _pgmptr and _wpgmptr: variables holding the program's full path, narrow (in the ANSI code page,
// as GetModuleFileNameA gives it) and UTF-16.
uint64_t pgmptr_data(WindowsProcess& p) {
  uint64_t& var = data_slot(p, "_pgmptr");
  if (!p.get_ptr(var)) {
    const std::string a = utf8_to_ansi(p.exe_path);
    uint64_t s = p.alloc_data(a.size() + 1);
    std::memcpy(reinterpret_cast<void*>(s), a.c_str(), a.size() + 1);
    p.put_ptr(var, s);
  }
  return var;
}
uint64_t wpgmptr_data(WindowsProcess& p) {
  uint64_t& var = data_slot(p, "_wpgmptr");
  if (!p.get_ptr(var)) {
    const std::u16string w = utf8_to_utf16(p.exe_path);
    uint64_t s = p.alloc_data((w.size() + 1) * 2);
    std::memcpy(reinterpret_cast<void*>(s), w.c_str(), (w.size() + 1) * 2);
    p.put_ptr(var, s);
  }
  return var;
}
Ptr __p__pgmptr_(WindowsProcess& p) { return Ptr(pgmptr_data(p)); }
Ptr __p__wpgmptr_(WindowsProcess& p) { return Ptr(wpgmptr_data(p)); }
template <bool Wide, bool Ucrt>
int32_t get_pgmptr(WindowsProcess& p, Ptr out) {
  if (!out) {
    *msvcrt_errno(p) = EINVAL;
    crt_invalid_parameter(p, Ucrt);
    return EINVAL;
  }
  p.put_ptr(out.addr, p.get_ptr(Wide ? wpgmptr_data(p) : pgmptr_data(p)));
  return 0;
}
template <bool Ucrt>
int32_t _get_pgmptr_(WindowsProcess& p, Ptr out) { return get_pgmptr<false, Ucrt>(p, out); }
template <bool Ucrt>
int32_t _get_wpgmptr_(WindowsProcess& p, Ptr out) { return get_pgmptr<true, Ucrt>(p, out); }

// WinMain's command line: past the program's name (quoted or not) and the blanks after it.
std::string after_program(const std::string& line) {
  size_t i = 0;
  while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
    if (line[i++] == '"')
      while (i < line.size() && line[i++] != '"') {
      }
  }
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return line.substr(i);
}
Ptr _get_narrow_winmain_command_line_(WindowsProcess& p) {
  uint64_t& slot = p.data["winmain-command-line"];
  if (!slot) {
    const std::string s = utf8_to_ansi(after_program(p.command_line));  // (GetCommandLineA's code page)
    slot = p.alloc_data(s.size() + 1);
    std::memcpy(reinterpret_cast<void*>(slot), s.c_str(), s.size() + 1);
  }
  return Ptr(slot);
}
Ptr _get_wide_winmain_command_line_(WindowsProcess& p) {
  uint64_t& slot = p.data["winmain-wide-command-line"];
  if (!slot) {
    const std::u16string s = utf8_to_utf16(after_program(p.command_line));
    slot = p.alloc_data((s.size() + 1) * 2);
    std::memcpy(reinterpret_cast<void*>(slot), s.c_str(), (s.size() + 1) * 2);
  }
  return Ptr(slot);
}

void _sleep_(WindowsProcess&, uint32_t ms) {
  struct timespec t = {static_cast<time_t>(ms / 1000), static_cast<long>(ms % 1000) * 1000000L};
  while (::nanosleep(&t, &t) != 0 && errno == EINTR) {
  }
}

// _seterrormode: SetErrorMode's (the process's error mode; SEM_NOALIGNMENTFAULTEXCEPT, 4, once set
// stays set).
void _seterrormode_(WindowsProcess& p, uint32_t mode) { p.error_mode = mode | (p.error_mode & 4); }

// _set_abort_behavior(flags, mask): _WRITE_ABORT_MSG 1 and _CALL_REPORTFAULT 2, both on at first;
// the previous flags.
uint32_t _set_abort_behavior_(WindowsProcess& p, uint32_t flags, uint32_t mask) {
  uint64_t& slot = data_slot(p, "abort-behavior", 4);
  uint32_t old = get<uint32_t>(slot) ^ 3;  // (stored inverted: the zeroed slot is the default)
  put<uint32_t>(slot, ((old & ~mask) | (flags & mask)) ^ 3);
  return old;
}

// _crt_debugger_hook: a place for debuggers to break on, which does nothing itself.
void _crt_debugger_hook_(WindowsProcess&, int32_t) {}
// _get_FMA3_enable and _set_FMA3_enable (x64): the transcendental math functions here have one
// implementation, which uses no FMA3 instructions: both say so (0), as Microsoft's documentation
// has them answer where the FMA3 implementations cannot be used.
int32_t _get_FMA3_enable_(WindowsProcess&) { return 0; }
int32_t _set_FMA3_enable_(WindowsProcess&, int32_t) { return 0; }
// _set_SSE2_enable(flag) (i386): whether the math functions may use SSE2, which every processor
// polyrun runs on has: the flag, as set.
int32_t _set_SSE2_enable_(WindowsProcess&, int32_t flag) { return flag ? 1 : 0; }

// _resetstkoflw(): after a stack overflow the program recovered from, the stack's guard region back
// below its committed part, so that the next overflow raises STATUS_STACK_OVERFLOW again (the
// first moved the TEB's StackLimit down over the region: core/seh.cpp). Nonzero on success; 0 where
// the stack pointer is still in the region it would guard.
int32_t _resetstkoflw_(WindowsProcess& p) {
  WindowsThread& t = p.thread();
  if (t.stack_guard) return 1;  // the region is in place
  const uint64_t limit_slot = p.teb() + p.isa->teb.stack_limit;
  const uint64_t bottom = p.get_ptr(limit_slot);
  if (!bottom || bottom >= t.stack_limit) return 0;
  constexpr uint64_t kPage = 0x1000;
  if ((p.cpu().reg(cpu::x86::RSP) & (p.isa->ptr == 4 ? 0xffffffffull : ~0ull)) < t.stack_limit + kPage) return 0;
  if (p.memory.protect(bottom, t.stack_limit - bottom, mem::kNone) != 0) return 0;
  p.put_ptr(limit_slot, t.stack_limit);
  t.stack_guard = bottom;
  return 1;
}

}  // namespace
}  // namespace runtime_info

// abort() writes its message unless _set_abort_behavior turned _WRITE_ABORT_MSG off.
bool crt_abort_writes_message(WindowsProcess& p) { return !(get<uint32_t>(data_slot(p, "abort-behavior", 4)) & 1); }

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_runtime_info_exports() {
  using namespace runtime_info;
  static const std::vector<Export> exports = {
      EXPORT("__threadid", __threadid_),
      EXPORT("__threadhandle", __threadhandle_),
      EXPORT_DATA("_pgmptr", pgmptr_data),
      EXPORT_DATA("_wpgmptr", wpgmptr_data),
      EXPORT("__p__pgmptr", __p__pgmptr_),
      EXPORT("__p__wpgmptr", __p__wpgmptr_),
      EXPORT("_get_pgmptr", _get_pgmptr_<false>),
      EXPORT("_get_wpgmptr", _get_wpgmptr_<false>),
      EXPORT("_sleep", _sleep_),
      EXPORT("_seterrormode", _seterrormode_),
      EXPORT("_set_SSE2_enable", _set_SSE2_enable_),
      EXPORT("_resetstkoflw", _resetstkoflw_),
  };
  return exports;
}

// The Universal CRT's own (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_runtime_info_exports() {
  using namespace runtime_info;
  static const std::vector<Export> exports = {
      EXPORT("_get_narrow_winmain_command_line", _get_narrow_winmain_command_line_),
      EXPORT("_get_wide_winmain_command_line", _get_wide_winmain_command_line_),
      EXPORT("_get_pgmptr", _get_pgmptr_<true>),
      EXPORT("_get_wpgmptr", _get_wpgmptr_<true>),
      EXPORT("_set_abort_behavior", _set_abort_behavior_),
      EXPORT("_crt_debugger_hook", _crt_debugger_hook_),
      EXPORT("_get_FMA3_enable", _get_FMA3_enable_),
      EXPORT("_set_FMA3_enable", _set_FMA3_enable_),
  };
  return exports;
}

}  // namespace polyrun::shims
