#include "syscall-translate/linux_threads.h"

#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <future>
#include <stdexcept>
#include <thread>

#include "common/log.h"
#include "syscall-translate/guest_access.h"
#include "syscall-translate/signal_state.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

// The body of a new guest thread's host thread.
void thread_main(LinuxProcess& p, LinuxThread* t, cpu::CpuContext ctx, ThreadStart s, std::promise<pid_t>* started) {
  pid_t tid = ::gettid();
  started->set_value(tid);  // the creator returns the tid; `started` is gone after this
  LinuxProcess::current_thread() = t;
  p.lock.acquire();
  // The engine is made and run by this host thread alone.
  t->cpu = cpu::create_cpu(p.isa.isa, p.memory);
  t->cpu->load_context(ctx);
  // Nothing of this thread's start stays on its host stack: a fork while the thread ends would
  // leave it behind in the child (where only the forking thread lives on), unreachable.
  ctx = cpu::CpuContext{};
  t->cpu->set_reg(p.isa.ret_reg, 0);
  if (s.stack) t->cpu->set_reg(p.isa.sp_reg, s.stack);
  if (s.flags & CLONE_SETTLS) t->cpu->set_reg(p.isa.tls_reg, s.tls);
  if ((s.flags & CLONE_CHILD_SETTID) && p.memory.accessible(s.child_tid, 4, mem::kWrite))
    *gptr<int32_t>(s.child_tid) = tid;
  if (s.flags & CLONE_CHILD_CLEARTID) t->clear_child_tid = s.child_tid;
  t->cpu->set_syscall_handler([&p](cpu::Cpu&) { p.syscalls->dispatch(p); });
  t->cpu->share_execution(p.lock);
  t->cpu->watch_interrupts(&t->signal_pending);
  run_guest_thread(p);  // returns only when this thread exits
  finish_thread(p);
}

// What Linux does with a dying thread's robust list (struct robust_list_head: next, futex_offset,
// list_op_pending; 64-bit fields on every 64-bit ISA): every futex word it still owns gets
// FUTEX_OWNER_DIED and one waiter is woken, so the next locker sees EOWNERDEAD.
void release_robust_futexes(LinuxProcess& p, const LinuxThread& t, pid_t tid) {
  if (!t.robust_list || !p.memory.accessible(t.robust_list, 24, mem::kRead)) return;
  const uint64_t head = t.robust_list;
  const int64_t offset = *gptr<int64_t>(head + 8);
  auto release = [&](uint64_t entry) {
    uint64_t word = entry + static_cast<uint64_t>(offset);
    if (!p.memory.accessible(word, 4, mem::kWrite)) return;
    auto* f = gptr<uint32_t>(word);
    uint32_t v = __atomic_load_n(f, __ATOMIC_SEQ_CST);
    while ((v & FUTEX_TID_MASK) == static_cast<uint32_t>(tid)) {
      uint32_t next = (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
      if (__atomic_compare_exchange_n(f, &v, next, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        if (v & FUTEX_WAITERS) ::syscall(SYS_futex, f, FUTEX_WAKE, 1, nullptr, nullptr, 0);
        break;
      }
    }
  };
  uint64_t entry = *gptr<uint64_t>(head);
  for (int n = 0; entry != head && n < 2048; ++n) {  // Linux's ROBUST_LIST_LIMIT
    if (!p.memory.accessible(entry, 8, mem::kRead)) break;
    uint64_t next = *gptr<uint64_t>(entry);
    release(entry & ~1ull);  // bit 0 marks a PI futex
    entry = next;
  }
  if (uint64_t pending = *gptr<uint64_t>(head + 16)) release(pending & ~1ull);
}

}  // namespace

int64_t start_thread(LinuxProcess& p, const ThreadStart& s) {
  cpu::CpuContext ctx;
  try {
    ctx = p.cpu().save_context();
  } catch (const std::runtime_error&) {
    report_unsupported_once("threads on this CPU", 0, "ENOSYS");
    return -ENOSYS;
  }
  // From the second thread on, every engine hands the lock over between blocks.
  p.cpu().share_execution(p.lock);
  p.cpu().watch_interrupts(&p.thread().signal_pending);

  auto owned = std::make_unique<LinuxThread>();
  LinuxThread* t = owned.get();
  t->sigmask = p.thread().sigmask;  // the host thread inherits the host mask that mirrors it
  std::promise<pid_t> started;
  std::future<pid_t> tid = started.get_future();
  try {
    std::thread(thread_main, std::ref(p), t, std::move(ctx), s, &started).detach();
  } catch (const std::system_error&) {
    return -EAGAIN;
  }
  p.threads.push_back(std::move(owned));
  ++p.live_threads;
  pid_t id = tid.get();
  if ((s.flags & CLONE_PARENT_SETTID) && p.memory.accessible(s.parent_tid, 4, mem::kWrite))
    *gptr<int32_t>(s.parent_tid) = id;
  return id;
}

void keep_only_calling_thread(LinuxProcess& p) {
  LinuxThread& self = p.thread();
  if (&self != &p.main_thread) p.main_thread.cpu.reset();
  for (auto& t : p.threads)
    if (t.get() != &self) t->cpu.reset();
  p.live_threads = 1;
  p.lock.reset_after_fork();
}

void finish_thread(LinuxProcess& p) {
  LinuxThread& t = p.thread();
  // Signals for the process go to its other threads from now on.
  block_host_signals();
  release_robust_futexes(p, t, ::gettid());
  // CLONE_CHILD_CLEARTID: zero the word and wake one waiter (how pthread_join learns of the end).
  if (t.clear_child_tid && p.memory.accessible(t.clear_child_tid, 4, mem::kWrite)) {
    __atomic_store_n(gptr<int32_t>(t.clear_child_tid), 0, __ATOMIC_SEQ_CST);
    ::syscall(SYS_futex, gptr(t.clear_child_tid), FUTEX_WAKE, 1, nullptr, nullptr, 0);
  }
  t.cpu.reset();
  --p.live_threads;
  if (&t == &p.main_thread) {
    // Linux keeps the process while other threads run; the last one ends it.
    p.lock.release();
    for (;;) ::pause();
  }
  p.threads.remove_if([&](const std::unique_ptr<LinuxThread>& x) { return x.get() == &t; });
  LinuxProcess::current_thread() = nullptr;
  p.lock.release();
}

}  // namespace polyrun::linux_abi
