// gdb's hold on a Windows guest (-g PORT): the personality's side of gdb::Debugger
// (gdbstub/gdb_debugger.h), in Windows terms: guest threads, exceptions as gdb's signals.
#pragma once

#include "cpu-emu/cpu.h"
#include "gdbstub/gdb_debugger.h"

namespace polyrun::shims {

struct WindowsProcess;
struct WindowsThread;

class WindowsDebugger final : public gdb::Debugger {
 public:
  // Listens on the port (0: any, told on stderr) and waits for gdb to connect. `program`: the
  // program's path on this host.
  WindowsDebugger(WindowsProcess& p, const std::string& program, int port);

  // The calling guest thread (see gdb::Debugger for each).
  void thread_started(WindowsThread& t);
  void thread_exiting(WindowsThread& t);
  // Before each run of the thread's engine; the process's first one is the stop gdb finds on
  // connecting.
  void checkpoint(WindowsThread& t);
  // What a run's trap is to gdb: true when the thread goes on as if it had not happened (a
  // breakpoint's or step's stop, or an exception gdb dropped: the instruction runs again); false
  // when the exception is to be raised in the program.
  bool handle_trap(WindowsThread& t, const cpu::Trap& trap);
  void report_end(int exit_code) { Debugger::report_end(false, exit_code & 0xff); }
  void enter_blocking(WindowsThread& t);
  void leave_blocking(WindowsThread& t, bool locked);

  // A PE image placed away from its preferred base (relocated) is that far from its file's addresses.
  bool load_offset(uint64_t& delta) override;

 private:
  WindowsProcess& p_;
  bool started_ = false;
};

}  // namespace polyrun::shims
