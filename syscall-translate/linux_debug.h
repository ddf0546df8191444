// A debugger's hold on a Linux guest (gdb through polyrun's remote stub, -g PORT): all-stop, as
// qemu-user serves gdb. Every guest thread passes through it at its safe points (the top of its run
// loop, blocking host calls): a stop the debugger asks for (gdb's interrupt, another thread's
// breakpoint) parks each thread there, with the execution lock released; a thread blocked in a host
// call counts as stopped as it is and parks when the call returns. Breakpoints and single steps are
// the engine's (Cpu::set_debug_breakpoints, set_single_step): no guest code is written.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "gdbstub/gdb_server.h"
#include "gdbstub/gdb_target.h"
#include "syscall-translate/linux_process.h"

namespace polyrun::linux_abi {

// What the debugger keeps of one guest thread (under its mutex unless said otherwise).
struct DebugThreadState {
  LinuxThread* thread;
  int tid;
  enum Where { Running, Parked, Blocked } where = Running;
  bool held = false;  // the debugger holds it: it parks at its next safe point until resumed
  gdb::ResumeAction action{gdb::ResumeAction::Continue, 0};
  bool has_event = false;  // it stopped for a reason gdb has not been told yet
  gdb::StopEvent event;
  uint64_t event_seq = 0;
  // The engine's settings, as this thread last made them (read and written by the thread only).
  uint64_t breakpoints_gen = 0, code_gen = 0;
  bool stepping = false;
};

class LinuxDebugger final : public gdb::Target {
 public:
  // Listens on the port (0: any, told on stderr) and waits for gdb to connect.
  LinuxDebugger(LinuxProcess& p, int port);
  ~LinuxDebugger() override;

  // Guest threads, each about itself (the execution lock held unless said otherwise).
  // Before its first instruction: its engine watches the debugger's requests.
  void thread_started(LinuxThread& t);
  void thread_exiting(LinuxThread& t);
  // The top of the run loop: parks while held; brings the engine's breakpoints, step mode and
  // view of code gdb wrote up to date.
  void checkpoint(LinuxThread& t);
  // The engine's run ended where gdb wants to know (a breakpoint, a step), or the thread is about
  // to act on a signal (guest number): reported, parked until gdb resumes the thread. Returns the
  // guest signal to go on with, 0 when gdb drops it.
  int report(LinuxThread& t, int sig, bool breakpoint = false);
  // Whether the thread's engine steps (a run that ended in a syscall's stop() ended a step).
  bool stepping(const LinuxThread& t) const { return t.debug && t.debug->stepping; }
  // The process ends (exit status, or the guest signal it dies of): gdb is told first.
  void report_end(bool killed, int value);
  // Around a blocking host call (execution lock released): the thread counts as stopped meanwhile
  // and parks afterwards while held.
  void enter_blocking(LinuxThread& t);
  void leave_blocking(LinuxThread& t);
  // In a child made by fork: the debugger stays with the parent; the child's engine forgets it.
  void forget_in_child(LinuxThread& t);

  // gdb::Target
  const gdb::ArchDesc& arch() override { return *arch_; }
  int pid() override;
  std::vector<int> threads() override;
  cpu::Cpu* cpu_of(int tid) override;
  size_t read_memory(uint64_t addr, void* out, size_t len) override;
  size_t write_memory(uint64_t addr, const void* in, size_t len) override;
  void set_breakpoints(const std::set<uint64_t>& addrs) override;
  void resume(const std::map<int, gdb::ResumeAction>& actions, gdb::ResumeAction others) override;
  int stop_fd() override { return pipe_[0]; }
  void interrupt() override;
  bool wait_stop(gdb::StopEvent& ev) override;
  void end_reported() override;
  void detach() override;
  [[noreturn]] void kill() override;
  std::string auxv() override;
  std::string exec_file() override;

 private:
  void request_stop_locked();
  void wake_server();
  // Parks the calling thread while it is held (the execution lock released meanwhile when `locked`).
  void park(DebugThreadState& st, bool locked);

  LinuxProcess& p_;
  const gdb::ArchDesc* arch_;
  std::unique_ptr<gdb::Server> server_;
  int pipe_[2] = {-1, -1};
  mutable std::mutex m_;
  std::condition_variable cv_;
  std::map<LinuxThread*, std::unique_ptr<DebugThreadState>> threads_;
  bool interrupt_pending_ = false;
  uint64_t event_seq_ = 0;
  bool detached_ = false;
  bool initial_ = true;  // the first stop (before the first instruction) is not a stop reply
  std::vector<uint64_t> breakpoints_;
  uint64_t breakpoints_gen_ = 1;
  std::vector<std::pair<uint64_t, uint64_t>> code_writes_;  // index + 1 is the generation
  bool has_end_ = false, end_sent_ = false;
  gdb::StopEvent end_;
};

}  // namespace polyrun::linux_abi
