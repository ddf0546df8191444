#include "gdbstub/gdb_debugger.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "common/error.h"
#include "common/log.h"
#include "cpu-emu/cpu.h"
#include "cpu-emu/execution_lock.h"
#include "memory/address_space.h"

namespace polyrun::gdb {

Debugger::Debugger(cpu::ExecutionLock& lock, mem::AddressSpace& memory, const ArchDesc& arch,
                   const std::string& exe_path, const char* osabi, int port)
    : lock_(lock), memory_(memory), arch_(arch), exe_path_(exe_path), osabi_(osabi) {
  if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) throw UserError("cannot make a pipe for the gdb stub", 2);
  server_ = std::make_unique<Server>(port);
  server_->accept_connection();
}

void Debugger::start() { server_->start(*this); }

Debugger::~Debugger() = default;

int Debugger::pid() { return ::getpid(); }

void Debugger::wake_server() {
  char c = 1;
  (void)!::write(pipe_[1], &c, 1);
}

void Debugger::request_stop_locked() {
  for (auto& t : threads_) {
    t->held = true;
    t->attention.store(true, std::memory_order_relaxed);
  }
}

DebugThread* Debugger::thread_started(cpu::Cpu& cpu, int tid, bool main) {
  std::lock_guard<std::mutex> g(m_);
  auto t = std::make_unique<DebugThread>();
  t->cpu = &cpu;
  t->tid = tid;
  t->main = main;
  // A thread that starts while the others are held is held too.
  for (auto& other : threads_)
    if (other->held) t->held = true;
  if (t->held) t->attention.store(true, std::memory_order_relaxed);
  cpu.watch_debug_requests(&t->attention);
  threads_.push_back(std::move(t));
  return threads_.back().get();
}

void Debugger::thread_exiting(DebugThread* t) {
  if (!t) return;
  t->cpu->watch_debug_requests(nullptr);
  std::lock_guard<std::mutex> g(m_);
  std::erase_if(threads_, [&](const std::unique_ptr<DebugThread>& x) { return x.get() == t; });
  cv_.notify_all();  // a stop may be waiting for it
}

void Debugger::park(DebugThread* t, bool locked) {
  std::unique_lock<std::mutex> g(m_);
  park_held(g, t, locked);
}

void Debugger::park_held(std::unique_lock<std::mutex>& g, DebugThread* t, bool locked) {
  t->where = DebugThread::Parked;
  cv_.notify_all();
  // (Releasing never waits for the debugger's mutex; taking the lock again is done without it.)
  if (locked) lock_.release();
  cv_.wait(g, [&] { return !t->held; });
  t->where = DebugThread::Running;
  if (locked) {
    g.unlock();
    lock_.acquire();
    g.lock();
  }
}

void Debugger::checkpoint(DebugThread* t) {
  if (!t) return;
  t->attention.store(false, std::memory_order_relaxed);
  bool held;
  {
    std::lock_guard<std::mutex> g(m_);
    held = t->held;
  }
  if (held) park(t, true);
  std::vector<uint64_t> bps;
  std::vector<std::pair<uint64_t, uint64_t>> writes;
  bool step;
  uint64_t bgen, cgen;
  {
    std::lock_guard<std::mutex> g(m_);
    bgen = breakpoints_gen_;
    cgen = code_writes_.size();
    if (t->breakpoints_gen != bgen) bps = breakpoints_;
    if (t->code_gen != cgen) writes.assign(code_writes_.begin() + static_cast<long>(t->code_gen), code_writes_.end());
    step = !detached_ && t->action.kind == ResumeAction::Step;
  }
  cpu::Cpu& cpu = *t->cpu;
  for (const auto& [lo, hi] : writes) cpu.invalidate(lo, hi);
  t->code_gen = cgen;
  if (t->breakpoints_gen != bgen) {
    if (!cpu.set_debug_breakpoints(bps)) log().warn("gdb: this CPU cannot stop at breakpoints");
    t->breakpoints_gen = bgen;
  }
  if (step != t->stepping) {
    if (!cpu.set_single_step(step)) log().warn("gdb: this CPU cannot single-step");
    t->stepping = step;
  }
}

int Debugger::report(DebugThread* t, int gdb_sig, bool breakpoint) {
  if (!t) return gdb_sig;
  for (;;) {
    {
      std::lock_guard<std::mutex> g(m_);
      if (detached_) return gdb_sig;
      t->has_event = true;
      t->event = StopEvent{StopEvent::Signal, t->tid, gdb_sig, 0, breakpoint};
      t->event_seq = ++event_seq_;
      request_stop_locked();
    }
    wake_server();
    t->attention.store(false, std::memory_order_relaxed);
    park(t, true);
    std::lock_guard<std::mutex> g(m_);
    if (detached_) return gdb_sig;
    // A signal gdb was not told of (another thread's stop was reported): reported again.
    if (t->has_event) continue;
    return t->action.sig;
  }
}

void Debugger::report_end(bool killed, int value) {
  std::unique_lock<std::mutex> g(m_);
  if (detached_ || has_end_) return;
  has_end_ = true;
  end_ = StopEvent{killed ? StopEvent::Killed : StopEvent::Exited, 0, killed ? value : 0, killed ? 0 : value, false};
  g.unlock();
  wake_server();
  g.lock();
  // (Bounded: a server that cannot send lets the process end anyway.)
  cv_.wait_for(g, std::chrono::seconds(10), [&] { return end_sent_ || detached_; });
}

void Debugger::enter_blocking(DebugThread* t) {
  if (!t) return;
  std::lock_guard<std::mutex> g(m_);
  t->where = DebugThread::Blocked;
  cv_.notify_all();
}

void Debugger::leave_blocking(DebugThread* t, bool locked) {
  if (!t) return;
  std::unique_lock<std::mutex> g(m_);
  // Held: from blocked straight to parked (gdb may be reading its registers meanwhile).
  if (t->held) park_held(g, t, locked);
  t->where = DebugThread::Running;
  // The engine's settings may have changed meanwhile: the run loop's checkpoint brings them up
  // to date before another block runs.
  bool step = !detached_ && t->action.kind == ResumeAction::Step;
  if (t->breakpoints_gen != breakpoints_gen_ || t->code_gen != code_writes_.size() || step != t->stepping)
    t->attention.store(true, std::memory_order_relaxed);
}

void Debugger::forget_in_child(DebugThread* t, cpu::Cpu* cpu) {
  (void)t;
  if (cpu) {
    cpu->watch_debug_requests(nullptr);
    cpu->set_debug_breakpoints({});
    cpu->set_single_step(false);
  }
  // (The connection and pipe are the parent's: the child closes its copies; its thread states,
  // copied from the parent's, are never used.)
  ::close(pipe_[0]);
  ::close(pipe_[1]);
  server_->close_in_child();
}

std::vector<int> Debugger::threads() {
  std::lock_guard<std::mutex> g(m_);
  std::vector<int> out;
  for (const auto& t : threads_)
    if (t->main) out.insert(out.begin(), t->tid);
    else out.push_back(t->tid);
  return out;
}

cpu::Cpu* Debugger::cpu_of(int tid) {
  std::lock_guard<std::mutex> g(m_);
  for (const auto& t : threads_)
    if (t->tid == tid && t->where != DebugThread::Running) return t->cpu;
  return nullptr;
}

size_t Debugger::read_memory(uint64_t addr, void* out, size_t len) {
  // What the guest can read or execute (execute-only code is readable on the host).
  size_t done = 0;
  while (done < len) {
    const uint64_t a = addr + done;
    const mem::Vma* v = memory_.find(a);
    if (!v || !(v->prot & (mem::kRead | mem::kExec)) || a < v->start) break;
    size_t n = static_cast<size_t>(std::min<uint64_t>(len - done, v->end - a));
    std::memcpy(static_cast<uint8_t*>(out) + done, reinterpret_cast<const void*>(a), n);
    done += n;
  }
  return done;
}

size_t Debugger::write_memory(uint64_t addr, const void* in, size_t len) {
  const uint64_t n = memory_.accessible_prefix(addr, len, mem::kNone);
  if (!n || !memory_.poke(addr, in, n)) return 0;
  // The engines drop what they translated from there before they run again (checkpoint).
  std::lock_guard<std::mutex> g(m_);
  code_writes_.emplace_back(addr, addr + n);
  return static_cast<size_t>(n);
}

void Debugger::set_breakpoints(const std::set<uint64_t>& addrs) {
  std::lock_guard<std::mutex> g(m_);
  breakpoints_.assign(addrs.begin(), addrs.end());
  ++breakpoints_gen_;
}

void Debugger::resume(const std::map<int, ResumeAction>& actions, ResumeAction others) {
  std::lock_guard<std::mutex> g(m_);
  for (auto& t : threads_) {
    auto it = actions.find(t->tid);
    t->action = it != actions.end() ? it->second : others;
    if (t->action.kind != ResumeAction::Stay) t->held = false;
  }
  cv_.notify_all();
}

void Debugger::interrupt() {
  {
    std::lock_guard<std::mutex> g(m_);
    interrupt_pending_ = true;
    request_stop_locked();
  }
  wake_server();
}

bool Debugger::wait_stop(StopEvent& ev) {
  char buf[64];
  while (::read(pipe_[0], buf, sizeof buf) > 0) {
  }
  std::unique_lock<std::mutex> g(m_);
  auto pending = [&] {
    if (has_end_ || interrupt_pending_) return true;
    for (const auto& t : threads_)
      if (t->has_event) return true;
    return false;
  };
  if (!pending()) return false;
  request_stop_locked();
  cv_.wait(g, [&] {
    if (has_end_) return true;
    for (const auto& t : threads_)
      if (t->where == DebugThread::Running) return false;
    return true;
  });
  if (has_end_) {
    ev = end_;
    return true;
  }
  DebugThread* first = nullptr;
  for (auto& t : threads_)
    if (t->has_event && (!first || t->event_seq < first->event_seq)) first = t.get();
  if (first) {
    ev = first->event;
    first->has_event = false;
    // Other threads' breakpoints and steps are met again when they go on; their signals wait.
    for (auto& t : threads_)
      if (t->has_event && t->event.sig == 5) t->has_event = false;
  } else {
    ev = StopEvent{StopEvent::Signal, 0, 2, 0, false};  // SIGINT: gdb's interrupt
    for (const auto& t : threads_)
      if (!ev.tid || t->main) ev.tid = t->tid;
  }
  interrupt_pending_ = false;
  return true;
}

void Debugger::end_reported() {
  std::lock_guard<std::mutex> g(m_);
  end_sent_ = true;
  cv_.notify_all();
}

void Debugger::detach() {
  std::lock_guard<std::mutex> g(m_);
  detached_ = true;
  breakpoints_.clear();
  ++breakpoints_gen_;
  for (auto& t : threads_) {
    t->held = false;
    t->has_event = false;
    t->action = ResumeAction{ResumeAction::Continue, 0};
    t->attention.store(true, std::memory_order_relaxed);  // to drop breakpoints and steps
  }
  cv_.notify_all();
}

void Debugger::kill() {
  ::kill(::getpid(), SIGKILL);
  for (;;) ::pause();
}

}  // namespace polyrun::gdb
