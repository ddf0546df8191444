// KERNEL32.dll, debugging other processes: a debugger attaches with DebugActiveProcess, which a
// process without SeDebugPrivilege is refused here (ERROR_ACCESS_DENIED: polyrun's processes take
// no Windows debugger; gdb attaches through polyrun's own stub, core/windows_debug.h); a thread
// that debugs nothing has no debug object to wait on or continue (WaitForDebugEvent,
// ContinueDebugEvent, DebugActiveProcessStop, DebugSetProcessKillOnExit: ERROR_INVALID_HANDLE, the
// native API's STATUS_INVALID_HANDLE for the missing object). CheckRemoteDebuggerPresent tells
// whether a process is traced: this one under polyrun's gdb stub or a host tracer, another by its
// TracerPid.
#include <unistd.h>

#include <fstream>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

bool process_exists(uint32_t pid) { return ::access(("/proc/" + std::to_string(pid)).c_str(), F_OK) == 0; }
// The host tracer of a process (its /proc/PID/status TracerPid), 0 for none.
long tracer_of(uint32_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("TracerPid:", 0) == 0) return std::strtol(line.c_str() + 10, nullptr, 10);
  return 0;
}

BOOL DebugActiveProcess(WindowsProcess& p, uint32_t pid) {
  if (!pid || !process_exists(pid)) return fail(p, ERROR_INVALID_PARAMETER);
  return fail(p, ERROR_ACCESS_DENIED);
}
BOOL DebugActiveProcessStop(WindowsProcess& p, uint32_t pid) {
  if (!pid || !process_exists(pid)) return fail(p, ERROR_INVALID_PARAMETER);
  return fail(p, ERROR_INVALID_HANDLE);
}
BOOL WaitForDebugEvent(WindowsProcess& p, Ptr, uint32_t) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL ContinueDebugEvent(WindowsProcess& p, uint32_t, uint32_t, uint32_t) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL DebugSetProcessKillOnExit(WindowsProcess& p, int32_t) { return fail(p, ERROR_INVALID_HANDLE); }

BOOL CheckRemoteDebuggerPresent(WindowsProcess& p, Ptr process, Ptr present) {
  if (!present) return fail(p, ERROR_INVALID_PARAMETER);
  uint32_t pid;
  if (p.is_current_process(process.addr)) {
    pid = static_cast<uint32_t>(::getpid());
  } else {
    Waitable* w = waitable_of_kind(p, process.addr, Waitable::Kind::Process);
    if (!w) return fail(p, ERROR_INVALID_HANDLE);
    pid = w->id;
  }
  const bool traced = (pid == static_cast<uint32_t>(::getpid()) && p.debugger) || tracer_of(pid) != 0;
  put<int32_t>(present.addr, traced ? TRUE : FALSE);
  return TRUE;
}

}  // namespace

const std::vector<Export>& kernel32_debugging_exports() {
  static const std::vector<Export> exports = {
      EXPORT("DebugActiveProcess", DebugActiveProcess),
      EXPORT("DebugActiveProcessStop", DebugActiveProcessStop),
      EXPORT("WaitForDebugEvent", WaitForDebugEvent),
      EXPORT("ContinueDebugEvent", ContinueDebugEvent),
      EXPORT("DebugSetProcessKillOnExit", DebugSetProcessKillOnExit),
      EXPORT("CheckRemoteDebuggerPresent", CheckRemoteDebuggerPresent),
  };
  return exports;
}

}  // namespace polyrun::shims
