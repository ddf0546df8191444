#include "syscall-translate/linux_debug.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>

#include "common/error.h"
#include "common/log.h"
#include "syscall-translate/guest_access.h"

namespace polyrun::linux_abi {

LinuxDebugger::LinuxDebugger(LinuxProcess& p, int port) : p_(p), arch_(gdb::arch_for(p.isa.isa)) {
  if (!arch_) throw UserError(std::string("the gdb stub does not know ") + isa_name(p.isa.isa) + " yet", 2);
  if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) throw UserError("cannot make a pipe for the gdb stub", 2);
  server_ = std::make_unique<gdb::Server>(port);
  server_->accept_connection();
  server_->start(*this);
}

LinuxDebugger::~LinuxDebugger() = default;

int LinuxDebugger::pid() { return ::getpid(); }

void LinuxDebugger::wake_server() {
  char c = 1;
  (void)!::write(pipe_[1], &c, 1);
}

void LinuxDebugger::request_stop_locked() {
  for (auto& [t, st] : threads_) {
    st->held = true;
    t->debug_attention.store(true, std::memory_order_relaxed);
  }
}

void LinuxDebugger::thread_started(LinuxThread& t) {
  std::lock_guard<std::mutex> g(m_);
  auto st = std::make_unique<DebugThreadState>();
  st->thread = &t;
  st->tid = t.tid;
  // A thread that starts while the others are held is held too.
  for (auto& [other, ost] : threads_)
    if (ost->held) st->held = true;
  if (st->held) t.debug_attention.store(true, std::memory_order_relaxed);
  t.debug = st.get();
  threads_[&t] = std::move(st);
  t.cpu->watch_debug_requests(&t.debug_attention);
}

void LinuxDebugger::thread_exiting(LinuxThread& t) {
  std::lock_guard<std::mutex> g(m_);
  threads_.erase(&t);
  t.debug = nullptr;
  cv_.notify_all();  // a stop may be waiting for it
}

void LinuxDebugger::park(DebugThreadState& st, bool locked) {
  if (locked) p_.lock.release();
  {
    std::unique_lock<std::mutex> g(m_);
    st.where = DebugThreadState::Parked;
    cv_.notify_all();
    cv_.wait(g, [&] { return !st.held; });
    st.where = DebugThreadState::Running;
  }
  if (locked) p_.lock.acquire();
}

void LinuxDebugger::checkpoint(LinuxThread& t) {
  DebugThreadState* st = t.debug;
  if (!st) return;
  t.debug_attention.store(false, std::memory_order_relaxed);
  bool held;
  {
    std::lock_guard<std::mutex> g(m_);
    held = st->held;
  }
  if (held) park(*st, true);
  std::vector<uint64_t> bps;
  std::vector<std::pair<uint64_t, uint64_t>> writes;
  bool step;
  uint64_t bgen, cgen;
  {
    std::lock_guard<std::mutex> g(m_);
    bgen = breakpoints_gen_;
    cgen = code_writes_.size();
    if (st->breakpoints_gen != bgen) bps = breakpoints_;
    if (st->code_gen != cgen) writes.assign(code_writes_.begin() + static_cast<long>(st->code_gen), code_writes_.end());
    step = !detached_ && st->action.kind == gdb::ResumeAction::Step;
  }
  cpu::Cpu& cpu = *t.cpu;
  for (const auto& [lo, hi] : writes) cpu.invalidate(lo, hi);
  st->code_gen = cgen;
  if (st->breakpoints_gen != bgen) {
    if (!cpu.set_debug_breakpoints(bps)) log().warn("gdb: this CPU cannot stop at breakpoints");
    st->breakpoints_gen = bgen;
  }
  if (step != st->stepping) {
    if (!cpu.set_single_step(step)) log().warn("gdb: this CPU cannot single-step");
    st->stepping = step;
  }
}

int LinuxDebugger::report(LinuxThread& t, int sig, bool breakpoint) {
  DebugThreadState* st = t.debug;
  if (!st) return sig;
  for (;;) {
    {
      std::lock_guard<std::mutex> g(m_);
      if (detached_) return sig;
      st->has_event = true;
      st->event = gdb::StopEvent{gdb::StopEvent::Signal, st->tid, gdb::gdb_signal_from_linux(sig), 0, breakpoint};
      st->event_seq = ++event_seq_;
      request_stop_locked();
    }
    wake_server();
    t.debug_attention.store(false, std::memory_order_relaxed);
    park(*st, true);
    std::lock_guard<std::mutex> g(m_);
    if (detached_) return sig;
    // A signal gdb was not told of (another thread's stop was reported): reported again.
    if (st->has_event) continue;
    return st->action.sig ? gdb::linux_signal_from_gdb(st->action.sig) : 0;
  }
}

void LinuxDebugger::report_end(bool killed, int value) {
  std::unique_lock<std::mutex> g(m_);
  if (detached_ || has_end_) return;
  has_end_ = true;
  end_ = gdb::StopEvent{killed ? gdb::StopEvent::Killed : gdb::StopEvent::Exited, 0,
                        killed ? gdb::gdb_signal_from_linux(value) : 0, value, false};
  g.unlock();
  wake_server();
  g.lock();
  // (Bounded: a server that cannot send lets the process end anyway.)
  cv_.wait_for(g, std::chrono::seconds(10), [&] { return end_sent_ || detached_; });
}

void LinuxDebugger::enter_blocking(LinuxThread& t) {
  if (!t.debug) return;
  std::lock_guard<std::mutex> g(m_);
  t.debug->where = DebugThreadState::Blocked;
  cv_.notify_all();
}

void LinuxDebugger::leave_blocking(LinuxThread& t) {
  DebugThreadState* st = t.debug;
  if (!st) return;
  bool held;
  {
    std::lock_guard<std::mutex> g(m_);
    st->where = DebugThreadState::Running;
    held = st->held;
  }
  if (held) park(*st, false);
  // The engine's settings may have changed meanwhile: the run loop's checkpoint brings them up
  // to date before another block runs.
  std::lock_guard<std::mutex> g(m_);
  bool step = !detached_ && st->action.kind == gdb::ResumeAction::Step;
  if (st->breakpoints_gen != breakpoints_gen_ || st->code_gen != code_writes_.size() || step != st->stepping)
    t.debug_attention.store(true, std::memory_order_relaxed);
}

void LinuxDebugger::forget_in_child(LinuxThread& t) {
  t.debug = nullptr;
  if (t.cpu) {
    t.cpu->watch_debug_requests(nullptr);
    t.cpu->set_debug_breakpoints({});
    t.cpu->set_single_step(false);
  }
  // (The connection and pipe are the parent's: the child closes its copies, and its threads'
  // states, copied from the parent's, are never used.)
  ::close(pipe_[0]);
  ::close(pipe_[1]);
  server_->close_in_child();
  p_.debugger = nullptr;
}

std::vector<int> LinuxDebugger::threads() {
  std::lock_guard<std::mutex> g(m_);
  std::vector<int> out;
  if (p_.main_thread.debug) out.push_back(p_.main_thread.debug->tid);
  for (const auto& [t, st] : threads_)
    if (t != &p_.main_thread) out.push_back(st->tid);
  return out;
}

cpu::Cpu* LinuxDebugger::cpu_of(int tid) {
  std::lock_guard<std::mutex> g(m_);
  for (const auto& [t, st] : threads_)
    if (st->tid == tid && st->where != DebugThreadState::Running) return t->cpu.get();
  return nullptr;
}

size_t LinuxDebugger::read_memory(uint64_t addr, void* out, size_t len) {
  // What the guest can read or execute (execute-only code is readable on the host).
  size_t done = 0;
  while (done < len) {
    const uint64_t a = addr + done;
    const mem::Vma* v = p_.memory.find(a);
    if (!v || !(v->prot & (mem::kRead | mem::kExec)) || a < v->start) break;
    size_t n = static_cast<size_t>(std::min<uint64_t>(len - done, v->end - a));
    std::memcpy(static_cast<uint8_t*>(out) + done, reinterpret_cast<const void*>(a), n);
    done += n;
  }
  return done;
}

size_t LinuxDebugger::write_memory(uint64_t addr, const void* in, size_t len) {
  const uint64_t n = p_.memory.accessible_prefix(addr, len, mem::kNone);
  if (!n || !p_.memory.poke(addr, in, n)) return 0;
  // The engines drop what they translated from there before they run again (checkpoint).
  std::lock_guard<std::mutex> g(m_);
  code_writes_.emplace_back(addr, addr + n);
  return static_cast<size_t>(n);
}

void LinuxDebugger::set_breakpoints(const std::set<uint64_t>& addrs) {
  std::lock_guard<std::mutex> g(m_);
  breakpoints_.assign(addrs.begin(), addrs.end());
  ++breakpoints_gen_;
}

void LinuxDebugger::resume(const std::map<int, gdb::ResumeAction>& actions, gdb::ResumeAction others) {
  std::lock_guard<std::mutex> g(m_);
  for (auto& [t, st] : threads_) {
    auto it = actions.find(st->tid);
    st->action = it != actions.end() ? it->second : others;
    if (st->action.kind != gdb::ResumeAction::Stay) st->held = false;
  }
  cv_.notify_all();
}

void LinuxDebugger::interrupt() {
  {
    std::lock_guard<std::mutex> g(m_);
    interrupt_pending_ = true;
    request_stop_locked();
  }
  wake_server();
}

bool LinuxDebugger::wait_stop(gdb::StopEvent& ev) {
  char buf[64];
  while (::read(pipe_[0], buf, sizeof buf) > 0) {
  }
  std::unique_lock<std::mutex> g(m_);
  auto pending = [&] {
    if (has_end_ || interrupt_pending_) return true;
    for (const auto& [t, st] : threads_)
      if (st->has_event) return true;
    return false;
  };
  if (!pending()) return false;
  request_stop_locked();
  cv_.wait(g, [&] {
    if (has_end_) return true;
    for (const auto& [t, st] : threads_)
      if (st->where == DebugThreadState::Running) return false;
    return true;
  });
  if (has_end_) {
    ev = end_;
    return true;
  }
  DebugThreadState* first = nullptr;
  for (auto& [t, st] : threads_)
    if (st->has_event && (!first || st->event_seq < first->event_seq)) first = st.get();
  if (first) {
    ev = first->event;
    first->has_event = false;
    // Other threads' breakpoints and steps are met again when they go on; their signals wait.
    for (auto& [t, st] : threads_)
      if (st->has_event && st->event.sig == 5) st->has_event = false;
  } else {
    ev = gdb::StopEvent{gdb::StopEvent::Signal, 0, 2, 0, false};  // SIGINT: gdb's interrupt
    ev.tid = p_.main_thread.debug ? p_.main_thread.debug->tid : threads_.empty() ? 0 : threads_.begin()->second->tid;
  }
  interrupt_pending_ = false;
  return true;
}

void LinuxDebugger::end_reported() {
  std::lock_guard<std::mutex> g(m_);
  end_sent_ = true;
  cv_.notify_all();
}

void LinuxDebugger::detach() {
  std::lock_guard<std::mutex> g(m_);
  detached_ = true;
  breakpoints_.clear();
  ++breakpoints_gen_;
  for (auto& [t, st] : threads_) {
    st->held = false;
    st->has_event = false;
    st->action = gdb::ResumeAction{gdb::ResumeAction::Continue, 0};
    t->debug_attention.store(true, std::memory_order_relaxed);  // to drop breakpoints and steps
  }
  cv_.notify_all();
}

void LinuxDebugger::kill() {
  ::kill(::getpid(), SIGKILL);
  for (;;) ::pause();
}

std::string LinuxDebugger::auxv() { return std::string(p_.auxv.begin(), p_.auxv.end()); }

std::string LinuxDebugger::exec_file() { return p_.exe_path; }

void debugger_enter_blocking(LinuxProcess& p) { p.debugger->enter_blocking(p.thread()); }
void debugger_leave_blocking(LinuxProcess& p) { p.debugger->leave_blocking(p.thread()); }

}  // namespace polyrun::linux_abi
