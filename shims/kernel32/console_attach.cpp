// KERNEL32.dll: a process's console taken and given up: AttachConsole (another process's console),
// AllocConsole (a new one), FreeConsole. A process has a console when one of its standard
// descriptors is a terminal (kernel32/console.cpp); one without may attach to the terminal that
// controls polyrun's process (its parent's console, as a shell's terminal is), or to another
// process's when that is the same terminal. A new console would be a new window of its own, which
// polyrun does not make: AllocConsole takes the controlling terminal as AttachConsole does, and
// fails where there is none.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>

#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/kernel32/console.h"

namespace polyrun::shims {

namespace kernel32_console_attach {

constexpr uint32_t kAttachParentProcess = 0xffffffffu;  // ATTACH_PARENT_PROCESS

// The controlling terminal's device, and a descriptor of it (-1: none).
int controlling_terminal(dev_t& device) {
  const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  struct stat st {};
  if (tty >= 0 && ::fstat(tty, &st) == 0) {
    device = st.st_rdev;
    return tty;
  }
  if (tty >= 0) ::close(tty);
  return -1;
}

// A process's terminal (its tty_nr in /proc/PID/stat; 0 none), or -1 for no such process.
long long terminal_of(uint32_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(in, text)) return -1;
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(text.substr(close + 2));
  std::string state;
  long long ppid, pgrp, session, tty;
  if (!(rest >> state >> ppid >> pgrp >> session >> tty)) return -1;
  return tty;
}

// The kernel's tty_nr for a device number (major in bits 8-15, minor in 0-7 and 20-31).
long long tty_nr_of(dev_t d) {
  const unsigned long long ma = major(d), mi = minor(d);
  return static_cast<long long>((ma << 8) | (mi & 0xff) | ((mi & ~0xffull) << 12));
}

// AttachConsole(pid): the console of the process `pid`, or of the parent (ATTACH_PARENT_PROCESS).
// A process with a console already: ERROR_ACCESS_DENIED; no such process: ERROR_INVALID_PARAMETER;
// a process without a console: ERROR_INVALID_HANDLE.
BOOL AttachConsole(WindowsProcess& p, uint32_t pid) {
  if (console_present(p)) return fail(p, ERROR_ACCESS_DENIED);
  const long long other = pid == kAttachParentProcess ? 0 : pid == 0 ? -1 : terminal_of(pid);
  if (other < 0) return fail(p, ERROR_INVALID_PARAMETER);
  dev_t device = 0;
  const int tty = controlling_terminal(device);
  if (tty < 0) return fail(p, ERROR_INVALID_HANDLE);
  if (pid != kAttachParentProcess && other != tty_nr_of(device)) {
    ::close(tty);
    return fail(p, ERROR_INVALID_HANDLE);
  }
  if (!console_attach_terminal(p, tty)) {
    ::close(tty);
    return fail(p, ERROR_ACCESS_DENIED);
  }
  return TRUE;
}

// AllocConsole: ERROR_ACCESS_DENIED for a process with a console already; the controlling terminal
// where there is one; else no console can be made (ERROR_NOT_SUPPORTED: no window of its own).
BOOL AllocConsole(WindowsProcess& p) {
  if (console_present(p)) return fail(p, ERROR_ACCESS_DENIED);
  dev_t device = 0;
  const int tty = controlling_terminal(device);
  if (tty < 0) return fail(p, ERROR_NOT_SUPPORTED);
  if (!console_attach_terminal(p, tty)) {
    ::close(tty);
    return fail(p, ERROR_ACCESS_DENIED);
  }
  return TRUE;
}

// FreeConsole: the process has no console from now on (with none already, nothing to do).
BOOL FreeConsole(WindowsProcess& p) {
  console_detach(p);
  return TRUE;
}

}  // namespace kernel32_console_attach

const std::vector<Export>& kernel32_console_attach_exports() {
  using namespace kernel32_console_attach;
  static const std::vector<Export> exports = {
      EXPORT("AttachConsole", AttachConsole),
      EXPORT("AllocConsole", AllocConsole),
      EXPORT("FreeConsole", FreeConsole),
  };
  return exports;
}

}  // namespace polyrun::shims
