// ADVAPI32.dll, shutting the system down: InitiateSystemShutdown(Ex), InitiateShutdown and
// AbortSystemShutdown need SeShutdownPrivilege enabled in the token (a standard user holds it
// disabled: ERROR_PRIVILEGE_NOT_HELD until AdjustTokenPrivileges enables it; Microsoft's pages), and
// another machine is one no network path reaches here (ERROR_BAD_NETPATH). With the privilege, the
// shutdown is the session's end as USER32's ExitWindowsEx makes it (user32/session_end.cpp: the
// session is the calling process alone; the host is never shut down), asked for at once, without the
// countdown: there is then no shutdown left in progress to abort (ERROR_NO_SHUTDOWN_IN_PROGRESS).
#include <strings.h>

#include <string>

#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_shutdown {

constexpr uint32_t kShutdownPrivilege = 19, kErrorPrivilegeNotHeld = 1314, kErrorBadNetpath = 53,
                   kErrorNoShutdownInProgress = 1116;
constexpr uint32_t EWX_SHUTDOWN = 1, EWX_REBOOT = 2, EWX_FORCE = 4, EWX_POWEROFF = 8;

bool this_machine(const std::string& name) {
  const std::string bare = name.rfind("\\\\", 0) == 0 ? name.substr(2) : name;
  return bare.empty() || ::strcasecmp(bare.c_str(), netbios_name().c_str()) == 0;
}

uint32_t shut_down(WindowsProcess& p, const std::string& machine, bool force, bool reboot) {
  if (!this_machine(machine)) return kErrorBadNetpath;
  if (!privilege_enabled(kShutdownPrivilege)) return kErrorPrivilegeNotHeld;
  const uint32_t flags = (reboot ? EWX_REBOOT : EWX_SHUTDOWN | EWX_POWEROFF) | (force ? EWX_FORCE : 0);
  if (!p.call_export("user32.dll", "ExitWindowsEx", {flags, 0})) return p.last_error();
  return 0;
}

BOOL InitiateSystemShutdownExW(WindowsProcess& p, WStr machine, Ptr, uint32_t, int32_t force, int32_t reboot, uint32_t) {
  if (const uint32_t e = shut_down(p, utf16_to_utf8(machine.str()), force, reboot)) return fail(p, e);
  return TRUE;
}
BOOL InitiateSystemShutdownExA(WindowsProcess& p, AStr machine, Ptr, uint32_t, int32_t force, int32_t reboot, uint32_t) {
  if (const uint32_t e = shut_down(p, machine.str(), force, reboot)) return fail(p, e);
  return TRUE;
}
BOOL InitiateSystemShutdownW(WindowsProcess& p, WStr machine, Ptr, uint32_t, int32_t force, int32_t reboot) {
  if (const uint32_t e = shut_down(p, utf16_to_utf8(machine.str()), force, reboot)) return fail(p, e);
  return TRUE;
}
BOOL InitiateSystemShutdownA(WindowsProcess& p, AStr machine, Ptr, uint32_t, int32_t force, int32_t reboot) {
  if (const uint32_t e = shut_down(p, machine.str(), force, reboot)) return fail(p, e);
  return TRUE;
}
// InitiateShutdown: SHUTDOWN_FORCE_OTHERS 0x1, SHUTDOWN_FORCE_SELF 0x2, SHUTDOWN_RESTART 0x4; a
// Win32 error as its result.
uint32_t InitiateShutdownW(WindowsProcess& p, WStr machine, Ptr, uint32_t, uint32_t flags, uint32_t) {
  return shut_down(p, utf16_to_utf8(machine.str()), flags & 3, flags & 4);
}
uint32_t InitiateShutdownA(WindowsProcess& p, AStr machine, Ptr, uint32_t, uint32_t flags, uint32_t) {
  return shut_down(p, machine.str(), flags & 3, flags & 4);
}

uint32_t abort_shutdown(const std::string& machine) {
  if (!this_machine(machine)) return kErrorBadNetpath;
  if (!privilege_enabled(kShutdownPrivilege)) return kErrorPrivilegeNotHeld;
  return kErrorNoShutdownInProgress;
}
BOOL AbortSystemShutdownW(WindowsProcess& p, WStr machine) { return fail(p, abort_shutdown(utf16_to_utf8(machine.str()))); }
BOOL AbortSystemShutdownA(WindowsProcess& p, AStr machine) { return fail(p, abort_shutdown(machine.str())); }

}  // namespace advapi32_shutdown

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_shutdown_exports() {
  using namespace advapi32_shutdown;
  static const std::vector<Export> exports = {
      EXPORT("InitiateSystemShutdownExW", InitiateSystemShutdownExW),
      EXPORT("InitiateSystemShutdownExA", InitiateSystemShutdownExA),
      EXPORT("InitiateSystemShutdownW", InitiateSystemShutdownW),
      EXPORT("InitiateSystemShutdownA", InitiateSystemShutdownA),
      EXPORT("InitiateShutdownW", InitiateShutdownW),
      EXPORT("InitiateShutdownA", InitiateShutdownA),
      EXPORT("AbortSystemShutdownW", AbortSystemShutdownW),
      EXPORT("AbortSystemShutdownA", AbortSystemShutdownA),
  };
  return exports;
}

}  // namespace polyrun::shims
