// ExitWindowsEx (ExitWindows is winuser.h's ExitWindowsEx with EWX_LOGOFF): the end of the
// session, as a process that is not a session can have it. Windows asks every program of the
// session (WM_QUERYENDSESSION to their top-level windows), tells them the answer (WM_ENDSESSION)
// and ends them, then logs off or shuts down; wine ends the programs of its prefix so (its wineboot
// --end-session) and no more. Here the session is the calling process alone: nothing of the host
// (its user's session, the machine) is ever logged off or shut down, and other processes go on.
// Shutting down, restarting and powering off need SeShutdownPrivilege enabled in the process token
// (AdjustTokenPrivileges), as on Windows; without it the call fails with ERROR_PRIVILEGE_NOT_HELD.
// Otherwise the call returns at once, as Windows' does, and the ending follows when the calling
// thread next looks for messages (sent messages' turn): each top-level window of the process is
// asked in turn (WM_QUERYENDSESSION, lParam ENDSESSION_LOGOFF for a log-off); one that refuses
// stops it, and the windows asked hear WM_ENDSESSION FALSE; when all agree they hear WM_ENDSESSION
// TRUE and the process ends (status 0, as wine ends a program). EWX_FORCE ends it without asking.
#include "shims/advapi32/security.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t { EWX_SHUTDOWN = 1, EWX_REBOOT = 2, EWX_FORCE = 4, EWX_POWEROFF = 8, EWX_HYBRID_SHUTDOWN = 0x400000 };
constexpr uint32_t kEndSessionLogoff = 0x80000000u;  // ENDSESSION_LOGOFF
constexpr uint32_t kShutdownPrivilege = 19;          // SE_SHUTDOWN_PRIVILEGE's LUID
constexpr uint32_t kErrorPrivilegeNotHeld = 1314;

void end_now(WindowsProcess& p) {
  p.onexit.clear();  // (as TerminateProcess: the C runtime's atexit functions do not run)
  p.terminate(0);
}

// The asking and telling, then the end.
void end_session(WindowsProcess& p, uint32_t flags) {
  if (flags & EWX_FORCE) return end_now(p);
  const uint64_t lparam = (flags & (EWX_SHUTDOWN | EWX_REBOOT | EWX_POWEROFF)) ? 0 : kEndSessionLogoff;
  WindowManager& wm = window_manager(p);
  const std::vector<uint64_t> tops = find_window(p, wm.desktop)->children;  // (in z-order)
  std::vector<uint64_t> asked;
  bool agreed = true;
  for (uint64_t h : tops) {
    if (!find_window(p, h)) continue;
    asked.push_back(h);
    if (!send_message(p, h, WM_QUERYENDSESSION, 0, lparam)) {
      agreed = false;
      break;
    }
    if (p.stopping()) return;
  }
  for (uint64_t h : asked)
    if (find_window(p, h)) send_message(p, h, WM_ENDSESSION, agreed ? 1 : 0, lparam);
  if (agreed && !p.stopping()) end_now(p);
}

BOOL ExitWindowsEx(WindowsProcess& p, uint32_t flags, uint32_t reason) {
  (void)reason;  // (the shutdown's reason goes to the system's event log, which has no shutdown to record)
  const bool shutdown = flags & (EWX_SHUTDOWN | EWX_REBOOT | EWX_POWEROFF | EWX_HYBRID_SHUTDOWN);
  if (shutdown && !privilege_enabled(kShutdownPrivilege)) return fail(p, kErrorPrivilegeNotHeld);
  own_queue(p).owed.push_back([flags](WindowsProcess& proc) { end_session(proc, flags); });
  p.wake_waiters();
  return TRUE;
}

}  // namespace

const std::vector<Export>& session_end_exports() {
  static const std::vector<Export> e = {
      EXPORT("ExitWindowsEx", ExitWindowsEx),
  };
  return e;
}

}  // namespace polyrun::shims::user32
