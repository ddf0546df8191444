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
#include "syscall-translate/linux_debug.h"
#include "syscall-translate/signal_state.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

// The body of a new guest thread's host thread.
void thread_main(LinuxProcess& p, LinuxThread* t, cpu::CpuContext ctx, ThreadStart s, std::promise<pid_t>* started) {
  pid_t tid = ::gettid();
  t->tid = tid;
  started->set_value(tid);  // the creator returns the tid; `started` is gone after this
  LinuxProcess::current_thread() = t;
  p.lock.acquire();
  // The engine is made and run by this host thread alone.
  t->cpu = cpu::create_cpu(p.isa.isa, p.memory, cpu::CpuOptions{p.isa.syscall_vector, p.isa.user_mode, p.cpu_model, 0, p.sve});
  t->cpu->load_context(ctx);
  // Nothing of this thread's start stays on its host stack: a fork while the thread ends would
  // leave it behind in the child (where only the forking thread lives on), unreachable.
  ctx = cpu::CpuContext{};
  t->cpu->set_reg(p.isa.ret_reg, 0);
  if (s.stack) t->cpu->set_reg(p.isa.sp_reg, s.stack);
  if (s.flags & CLONE_SETTLS) t->cpu->set_reg(s.tls_reg, s.tls);
  if ((s.flags & CLONE_CHILD_SETTID) && p.memory.accessible(s.child_tid, 4, mem::kWrite))
    put_field(gptr(s.child_tid), p.abi.field(0, 4), static_cast<uint32_t>(tid));
  if (s.flags & CLONE_CHILD_CLEARTID) t->clear_child_tid = s.child_tid;
  t->cpu->set_syscall_handler([&p](cpu::Cpu&) { p.syscalls->dispatch(p); });
  t->cpu->share_execution(p.lock);
  t->cpu->watch_interrupts(&t->signal_pending);
  if (p.debugger) p.debugger->thread_started(*t);
  run_guest_thread(p);  // returns only when this thread exits
  finish_thread(p);
}

}  // namespace

// Linux's exit_robust_list and compat_exit_robust_list (kernel/futex/core.c) in one: the head
// and the list's links are words of the guest's width, read as the guest lays them out.
void release_robust_list(const mem::AddressSpace& memory, uint64_t head, unsigned word_size, pid_t tid, bool big_endian) {
  const unsigned w = word_size;
  const uint64_t mask = w == 4 ? 0xffffffffull : ~0ull;  // a 32-bit task's addresses wrap at 4 GiB
  // A link: the address of the next entry, bit 0 set when that entry's futex is a PI futex.
  auto fetch = [&](uint64_t at, uint64_t& entry, bool& pi) {
    if (!memory.accessible(at, w, mem::kRead)) return false;
    const uint64_t v = get_field(gptr(at), pr_field{0, w, 0, big_endian});
    entry = v & ~1ull;
    pi = v & 1;
    return true;
  };
  // Linux's handle_futex_death: false when the word cannot be read or written (the walk ends).
  auto release = [&](uint64_t word, bool pi, bool pending_op) {
    if (word % 4 || !memory.accessible(word, 4, mem::kRead)) return false;
    auto* f = gptr<uint32_t>(word);
    // The word in the guest's byte order: `order` takes it to the host's and back.
    const auto order = [&](uint32_t x) { return big_endian ? __builtin_bswap32(x) : x; };
    uint32_t raw = __atomic_load_n(f, __ATOMIC_SEQ_CST), v = order(raw);
    for (;;) {
      const uint32_t owner = v & FUTEX_TID_MASK;
      // Killed between unlocking and waking, or a woken waiter killed before it took the lock:
      // wake the next one and leave the word as it is.
      if (pending_op && !pi && owner == 0) {
        ::syscall(SYS_futex, f, FUTEX_WAKE, 1, nullptr, nullptr, 0);
        return true;
      }
      if (owner != static_cast<uint32_t>(tid)) return true;
      if (!memory.accessible(word, 4, mem::kWrite)) return false;
      if (__atomic_compare_exchange_n(f, &raw, order((v & FUTEX_WAITERS) | FUTEX_OWNER_DIED), false, __ATOMIC_SEQ_CST,
                                      __ATOMIC_SEQ_CST))
        break;  // (v: the word as it was)
      v = order(raw);
    }
    // A PI futex's waiters are the host kernel's to hand it to.
    if (!pi && (v & FUTEX_WAITERS)) ::syscall(SYS_futex, f, FUTEX_WAKE, 1, nullptr, nullptr, 0);
    return true;
  };

  if (!head || !memory.accessible(head, 3 * w, mem::kRead)) return;
  // struct robust_list_head: list.next, futex_offset (a signed long), list_op_pending.
  uint64_t entry = 0, pending = 0;
  bool pi = false, pending_pi = false;
  if (!fetch(head, entry, pi)) return;
  const uint64_t offset = get_field(gptr(head), pr_field{w, w, 1, big_endian});
  if (!fetch(head + 2 * w, pending, pending_pi)) return;
  for (int limit = 2048; entry != head;) {  // Linux's ROBUST_LIST_LIMIT
    uint64_t next = 0;
    bool next_pi = false;
    const bool linked = fetch(entry, next, next_pi);
    // The entry being locked or unlocked may be on the list already: it is released below.
    if (entry != pending && !release((entry + offset) & mask, pi, false)) return;
    if (!linked) return;
    entry = next;
    pi = next_pi;
    if (!--limit) break;
  }
  if (pending) release((pending + offset) & mask, pending_pi, true);
}

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
    put_field(gptr(s.parent_tid), p.abi.field(0, 4), static_cast<uint32_t>(id));
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

void release_robust_lists(LinuxProcess& p) {
  const unsigned w = p.abi.guest().word_size;
  auto release = [&](const LinuxThread& t) {
    if (!t.exited && t.tid) release_robust_list(p.memory, t.robust_list, w, t.tid, p.abi.guest().big_endian);
  };
  release(p.main_thread);
  for (const auto& t : p.threads) release(*t);
}

void finish_thread(LinuxProcess& p) {
  LinuxThread& t = p.thread();
  if (p.debugger) p.debugger->thread_exiting(t);
  // Signals for the process go to its other threads from now on.
  block_host_signals();
  release_robust_list(p.memory, t.robust_list, p.abi.guest().word_size, ::gettid(), p.abi.guest().big_endian);
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
