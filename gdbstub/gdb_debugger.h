// A debugger's hold on a guest process, whatever its OS: the gdb server's Target over the process's
// threads, all-stop as qemu-user serves gdb. Every guest thread passes through it at its safe
// points (the top of its run loop, blocking host calls): a stop (gdb's interrupt, another
// thread's breakpoint) parks each thread there, with the execution lock released; a thread
// blocked in a host call counts as stopped as it is and parks when the call returns. Breakpoints
// and single steps are the engine's (Cpu::set_debug_breakpoints, set_single_step): no guest code
// is written. A personality (Linux: syscall-translate/linux_debug.cpp) derives from it for what
// only it knows (the initial auxv) and calls the hooks from its threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "gdbstub/gdb_server.h"
#include "gdbstub/gdb_target.h"

namespace polyrun::cpu {
class ExecutionLock;
}
namespace polyrun::mem {
class AddressSpace;
}

namespace polyrun::gdb {

// What the debugger keeps of one guest thread (under its mutex unless said otherwise).
struct DebugThread {
  cpu::Cpu* cpu = nullptr;
  int tid = 0;
  bool main = false;  // the process's first thread (an interrupt's stop names it while it lives)
  std::atomic<bool> attention{false};  // the engine watches it: stop at the next block boundary
  enum Where { Running, Parked, Blocked } where = Running;
  bool held = false;  // the debugger holds it: it parks at its next safe point until resumed
  ResumeAction action{ResumeAction::Continue, 0};
  bool has_event = false;  // it stopped for a reason gdb has not been told yet
  StopEvent event;
  uint64_t event_seq = 0;
  // The engine's settings, as this thread last made them (read and written by the thread only).
  uint64_t breakpoints_gen = 0, code_gen = 0;
  bool stepping = false;
};

class Debugger : public Target {
 public:
  // Listens on the port (0: any, told on stderr) and waits for gdb to connect. `osabi`: gdb's
  // name of the OS ("GNU/Linux"), or null.
  Debugger(cpu::ExecutionLock& lock, mem::AddressSpace& memory, const ArchDesc& arch, const std::string& exe_path,
           const char* osabi, int port);
  ~Debugger() override;
  // Serves gdb from now on (once the derived object is complete: the server calls its functions).
  void start();

  // Guest threads, each about itself (the execution lock held unless said otherwise).
  // Before its first instruction: its engine watches the debugger's requests from now on.
  DebugThread* thread_started(cpu::Cpu& cpu, int tid, bool main);
  // It ends (its engine runs no more).
  void thread_exiting(DebugThread* t);
  // The top of the run loop: parks while held; brings the engine's breakpoints, step mode and
  // view of code gdb wrote up to date.
  void checkpoint(DebugThread* t);
  // The engine's run ended where gdb wants to know (a breakpoint, a step: gdb's SIGTRAP, 5), or
  // the thread is about to act on a signal or exception (gdb's number): reported, parked until gdb
  // resumes the thread. Returns the gdb signal to go on with, 0 when gdb drops it.
  int report(DebugThread* t, int gdb_sig, bool breakpoint = false);
  // Whether the thread's engine steps (a run that a syscall's stop() ended ended a step).
  bool stepping(const DebugThread* t) const { return t && t->stepping; }
  // The process ends (exit status, or gdb's number of the signal it dies of): gdb is told first.
  void report_end(bool killed, int value);
  // Around a blocking host call: the thread counts as stopped meanwhile and parks afterwards while
  // held (`locked`: the caller holds the execution lock again, which parking releases meanwhile).
  void enter_blocking(DebugThread* t);
  void leave_blocking(DebugThread* t, bool locked = false);
  // In a child made by fork: the debugger stays with the parent; the child's engine forgets it
  // (the caller forgets the debugger).
  void forget_in_child(DebugThread* t, cpu::Cpu* cpu);

  // Target
  const ArchDesc& arch() override { return arch_; }
  const char* osabi() override { return osabi_; }
  int pid() override;
  std::vector<int> threads() override;
  cpu::Cpu* cpu_of(int tid) override;
  size_t read_memory(uint64_t addr, void* out, size_t len) override;
  size_t write_memory(uint64_t addr, const void* in, size_t len) override;
  void set_breakpoints(const std::set<uint64_t>& addrs) override;
  void resume(const std::map<int, ResumeAction>& actions, ResumeAction others) override;
  int stop_fd() override { return pipe_[0]; }
  void interrupt() override;
  bool wait_stop(StopEvent& ev) override;
  void end_reported() override;
  void detach() override;
  [[noreturn]] void kill() override;
  std::string auxv() override { return {}; }
  std::string exec_file() override { return exe_path_; }

 private:
  void request_stop_locked();
  void wake_server();
  // Parks the calling thread while it is held (the execution lock released meanwhile when `locked`).
  void park(DebugThread* t, bool locked);
  // The same with the mutex held (by `g`, held again on return).
  void park_held(std::unique_lock<std::mutex>& g, DebugThread* t, bool locked);

  cpu::ExecutionLock& lock_;
  mem::AddressSpace& memory_;
  const ArchDesc& arch_;
  std::string exe_path_;
  const char* osabi_;
  std::unique_ptr<Server> server_;
  int pipe_[2] = {-1, -1};
  mutable std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<DebugThread>> threads_;  // in the order they started
  bool interrupt_pending_ = false;
  uint64_t event_seq_ = 0;
  bool detached_ = false;
  std::vector<uint64_t> breakpoints_;
  uint64_t breakpoints_gen_ = 1;
  std::vector<std::pair<uint64_t, uint64_t>> code_writes_;  // index + 1 is the generation
  bool has_end_ = false, end_sent_ = false;
  StopEvent end_;
};

}  // namespace polyrun::gdb
