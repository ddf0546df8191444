// What the GDB stub asks of the process it debugs: threads, their CPUs while stopped, memory,
// breakpoints, resuming and the stops that follow. A personality implements it (Linux:
// syscall-translate/linux_debug.cpp); the protocol (gdb_server.cpp) knows nothing of the OS.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gdbstub/gdb_arch.h"

namespace polyrun::gdb {

// Why the process stopped (every thread of it stopped), or how it ended.
struct StopEvent {
  enum Kind {
    Signal,   // thread `tid` stopped with gdb's signal `sig` (5, SIGTRAP: breakpoint or step)
    Exited,   // the process exited with `status`
    Killed,   // the process died of gdb's signal `sig`
  } kind = Signal;
  int tid = 0;
  int sig = 0;
  int status = 0;
  bool breakpoint = false;  // Signal 5 at a breakpoint (swbreak)
};

// What one thread does when the process resumes.
struct ResumeAction {
  enum Kind { Stay, Continue, Step } kind = Stay;
  int sig = 0;  // gdb's signal number to deliver on resuming (0: none: a stop's signal is dropped)
};

class Target {
 public:
  virtual ~Target() = default;
  virtual const ArchDesc& arch() = 0;
  // gdb's name of the OS (target.xml's osabi): "GNU/Linux"; null: none (gdb takes the program's).
  virtual const char* osabi() = 0;
  virtual int pid() = 0;

  // While stopped: the live threads (the first is the main thread, while it lives), and a
  // thread's CPU (null if there is no such thread).
  virtual std::vector<int> threads() = 0;
  virtual cpu::Cpu* cpu_of(int tid) = 0;
  // Guest memory; the number of bytes read or written (short at the first inaccessible byte).
  virtual size_t read_memory(uint64_t addr, void* out, size_t len) = 0;
  virtual size_t write_memory(uint64_t addr, const void* in, size_t len) = 0;
  // The addresses where every thread stops (before executing the instruction there).
  virtual void set_breakpoints(const std::set<uint64_t>& addrs) = 0;

  // Resumes: each thread by its entry in `actions`, the others by `others`.
  virtual void resume(const std::map<int, ResumeAction>& actions, ResumeAction others) = 0;
  // Readable when a stop may have come (the server then calls wait_stop).
  virtual int stop_fd() = 0;
  // Asks every thread to stop (gdb's interrupt): a stop with SIGINT follows.
  virtual void interrupt() = 0;
  // Once stop_fd was readable: stops every thread and returns why; false when it was nothing.
  virtual bool wait_stop(StopEvent& ev) = 0;
  // The stop reply of an Exited or Killed event was sent: the process may end.
  virtual void end_reported() = 0;

  // The debugger goes away: every thread runs on without it. kill: the process ends (SIGKILL).
  virtual void detach() = 0;
  [[noreturn]] virtual void kill() = 0;

  // The initial auxiliary vector as the guest's bytes, and the program's path on this host.
  virtual std::string auxv() = 0;
  virtual std::string exec_file() = 0;
  // How far the program lies from the addresses its file names (a relocated image whose loader
  // gdb does not follow: qOffsets); false when gdb finds out itself (ELF, through auxv).
  virtual bool load_offset(uint64_t& delta) {
    (void)delta;
    return false;
  }
};

}  // namespace polyrun::gdb
