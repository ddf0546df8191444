// KERNEL32.dll, starting and ending programs the 16-bit way: WinExec and LoadModule (CreateProcessA,
// with the window's show state; a value above 31 for success, else the error as 16-bit Windows gave
// it: 0 out of memory, ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND, ERROR_BAD_FORMAT), FatalAppExit
// (the message, on the standard error where no message box can be shown, and the process ended
// with STATUS_FATAL_APP_EXIT) and FatalExit (the process ended with the code given; no debugger
// takes control here).
#include <unistd.h>

#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/ntdll/runtime.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kStatusFatalAppExit = 0x40000015;

// CreateProcessA of `command` (its bytes, in the ANSI code page; `application` 0: the command's first
// word) shown as `show`; the result WinExec and LoadModule give.
uint32_t start(WindowsProcess& p, uint64_t application, const std::string& command, uint16_t show) {
  const unsigned w = p.isa->ptr;
  const uint64_t si_size = w == 8 ? 104 : 68, pi_size = w == 8 ? 24 : 16;
  const uint64_t block = p.heap.alloc(si_size + pi_size + command.size() + 1, true);
  if (!block) return 0;
  const uint64_t si = block, pi = block + si_size, cmd = pi + pi_size;
  put<uint32_t>(si, static_cast<uint32_t>(si_size));
  const uint64_t flags_at = w == 8 ? 60 : 44;     // STARTUPINFO.dwFlags
  put<uint32_t>(si + flags_at, 1);                // STARTF_USESHOWWINDOW
  put<uint16_t>(si + flags_at + 4, show);         // wShowWindow
  std::memcpy(reinterpret_cast<void*>(cmd), command.c_str(), command.size() + 1);
  const bool ok = p.call_export("kernel32.dll", "CreateProcessA", {application, cmd, 0, 0, 0, 0, 0, 0, si, pi}) & 0xffffffffu;
  uint32_t result = 33;
  if (ok) {
    p.call_export("kernel32.dll", "CloseHandle", {p.get_ptr(pi)});
    p.call_export("kernel32.dll", "CloseHandle", {p.get_ptr(pi + w)});
  } else {
    const uint32_t e = p.last_error();
    result = e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND || e == 11 ? e : e == 193 ? 11 : 0;
  }
  p.heap.free(block);
  return result;
}
uint32_t WinExec(WindowsProcess& p, AStr command, uint32_t show) { return start(p, 0, command.bytes(), static_cast<uint16_t>(show)); }
// LOADPARMS32: lpEnvAddress, lpCmdLine (a length byte, then the text), lpCmdShow (two WORDs: 2, the
// show state), dwReserved.
uint32_t LoadModule(WindowsProcess& p, AStr name, Ptr params) {
  std::string command = "\"" + name.bytes() + "\"";
  uint16_t show = 1;  // SW_SHOWNORMAL
  if (params) {
    const unsigned w = p.isa->ptr;
    if (const uint64_t line = p.get_ptr(params.addr + w)) {
      const uint8_t n = get<uint8_t>(line);
      command += " " + std::string(reinterpret_cast<const char*>(line + 1), n);
    }
    if (const uint64_t shows = p.get_ptr(params.addr + 2 * w)) show = get<uint16_t>(shows + 2);
  }
  return start(p, name.addr, command, show);
}

// As ExitProcess ends it (NTDLL's RtlExitUserProcess): the program runs nothing more.
void end_with(WindowsProcess& p, uint32_t code) { ntdll_runtime::RtlExitUserProcess(p, code); }
void fatal_app_exit(WindowsProcess& p, const std::string& message) {
  const std::string line = "FatalAppExit: " + message + "\n";
  if (::write(2, line.data(), line.size()) < 0) {
  }
  end_with(p, kStatusFatalAppExit);
}
void FatalAppExitA(WindowsProcess& p, uint32_t, AStr message) { fatal_app_exit(p, message.str()); }
void FatalAppExitW(WindowsProcess& p, uint32_t, WStr message) { fatal_app_exit(p, utf16_to_utf8(message.str())); }
void FatalExit(WindowsProcess& p, int32_t code) { end_with(p, static_cast<uint32_t>(code)); }

}  // namespace

const std::vector<Export>& kernel32_legacy_process_exports() {
  static const std::vector<Export> exports = {
      EXPORT("WinExec", WinExec),
      EXPORT("LoadModule", LoadModule),
      EXPORT("FatalAppExitA", FatalAppExitA),
      EXPORT("FatalAppExitW", FatalAppExitW),
      EXPORT("FatalExit", FatalExit),
  };
  return exports;
}

}  // namespace polyrun::shims
