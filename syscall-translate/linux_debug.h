// gdb's hold on a Linux guest (-g PORT): the personality's side of gdb::Debugger
// (gdbstub/gdb_debugger.h), in Linux terms: guest threads, Linux signal numbers, the initial auxv.
#pragma once

#include "gdbstub/gdb_debugger.h"
#include "syscall-translate/linux_process.h"

namespace polyrun::linux_abi {

class LinuxDebugger final : public gdb::Debugger {
 public:
  // Listens on the port (0: any, told on stderr) and waits for gdb to connect.
  LinuxDebugger(LinuxProcess& p, int port);

  // The calling guest thread (see gdb::Debugger for each): its start (its engine made), its end,
  // its run loop's top, a stop for gdb with a Linux signal (returned: the signal to go on with, 0
  // when gdb drops it), blocking host calls, a fork's child.
  void thread_started(LinuxThread& t);
  void thread_exiting(LinuxThread& t);
  void checkpoint(LinuxThread& t) { Debugger::checkpoint(t.debug); }
  int report(LinuxThread& t, int sig, bool breakpoint = false);
  bool stepping(const LinuxThread& t) const { return Debugger::stepping(t.debug); }
  // The process ends: its exit status, or (killed) the Linux signal it dies of.
  void report_end(bool killed, int value);
  void enter_blocking(LinuxThread& t) { Debugger::enter_blocking(t.debug); }
  void leave_blocking(LinuxThread& t) { Debugger::leave_blocking(t.debug); }
  void forget_in_child(LinuxThread& t);

  std::string auxv() override { return std::string(p_.auxv.begin(), p_.auxv.end()); }

 private:
  LinuxProcess& p_;
};

}  // namespace polyrun::linux_abi
