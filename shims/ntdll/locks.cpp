// NTDLL's locks and waits by address, which KERNEL32's functions of the same work are made of
// (ntdll/locks.h): SRW locks, condition variables (with a critical section or an SRW lock),
// RtlWaitOnAddress and its wakes, run-once initialisation, and the critical sections' Rtl names
// over core's (core/waitables.cpp: enter_critical_section …).
//
// Natively the program's threads take and leave SRW locks, and wake condition variables and
// addresses, directly, in parallel, with host atomics, and a thread that must wait sleeps on a
// host futex of its own wait; the structures' state is in the guest's own words (RTL_RUN_ONCE's
// too). With one thread, a wait that no one could ever end stops the program with a message.
#include "shims/ntdll/locks.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <map>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_locks {

namespace {

// ---- SRW locks: the low 32 bits of the guest's pointer-sized word (SRWLOCK_INIT, 0: free) hold
// bit 0 while it is held exclusively, bit 1 while a thread waits for it, and 4 for each shared
// holder. As critical sections: natively the program's threads acquire and release them directly,
// in parallel, with host atomics on the word, and a thread that must wait sleeps on a host futex
// on it (served by the dispatcher, execution lock released), woken when the lock is let go. ----

constexpr uint32_t kSrwExclusive = 1, kSrwWaiting = 2, kSrwShared = 4;

uint32_t* srw_word(Ptr l) { return l.as<uint32_t>(); }
bool srw_free_for(uint32_t v, bool exclusive) { return exclusive ? (v & ~kSrwWaiting) == 0 : !(v & kSrwExclusive); }

bool srw_try(uint32_t* w, bool exclusive) {
  uint32_t v = __atomic_load_n(w, __ATOMIC_RELAXED);
  while (srw_free_for(v, exclusive))
    if (__atomic_compare_exchange_n(w, &v, exclusive ? v | kSrwExclusive : v + kSrwShared, true, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED))
      return true;
  return false;
}

// False: the program can never have it and ends, or the process ended meanwhile.
bool srw_acquire(WindowsProcess& p, Ptr l, bool exclusive) {
  uint32_t* w = srw_word(l);
  if (srw_try(w, exclusive)) return true;
  for (int i = 0; i < 200 && !p.lock.held(); ++i) {  // threads in parallel: the holder may leave soon
    __builtin_ia32_pause();
    if (srw_free_for(__atomic_load_n(w, __ATOMIC_RELAXED), exclusive) && srw_try(w, exclusive)) return true;
  }
  if (p.cpu().redo_as_host_call()) return false;  // a direct call does not block: the dispatcher waits
  if (p.live_threads == 1) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: the program waits forever for an SRW lock no thread can release\n");
    p.terminate(1);
    return false;
  }
  while (true) {
    uint32_t v = __atomic_load_n(w, __ATOMIC_RELAXED);
    if (srw_free_for(v, exclusive)) {
      if (srw_try(w, exclusive)) return true;
      continue;
    }
    if (!(v & kSrwWaiting) &&
        !__atomic_compare_exchange_n(w, &v, v | kSrwWaiting, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
      continue;
    futex_wait_unlocked(p, reinterpret_cast<int32_t*>(w), static_cast<int32_t>(v | kSrwWaiting));
    if (p.stopping()) return false;
  }
}

// Lets go of one hold; the last one wakes every waiter (each then tries again).
void srw_release(Ptr l, bool exclusive) {
  uint32_t* w = srw_word(l);
  uint32_t v = __atomic_load_n(w, __ATOMIC_RELAXED), next;
  do {
    next = exclusive || v < 2 * kSrwShared ? 0 : v - kSrwShared;
  } while (!__atomic_compare_exchange_n(w, &v, next, true, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
  if ((v & kSrwWaiting) && next == 0) ::syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
}



}  // namespace

void RtlInitializeSRWLock(WindowsProcess& p, Ptr l) { p.put_ptr(l.addr, 0); }
uint8_t RtlTryAcquireSRWLockExclusive(WindowsProcess&, Ptr l) { return srw_try(srw_word(l), true); }
uint8_t RtlTryAcquireSRWLockShared(WindowsProcess&, Ptr l) { return srw_try(srw_word(l), false); }
void RtlAcquireSRWLockExclusive(WindowsProcess& p, Ptr l) { srw_acquire(p, l, true); }
void RtlAcquireSRWLockShared(WindowsProcess& p, Ptr l) { srw_acquire(p, l, false); }
void RtlReleaseSRWLockExclusive(WindowsProcess&, Ptr l) { srw_release(l, true); }
void RtlReleaseSRWLockShared(WindowsProcess&, Ptr l) { srw_release(l, false); }

namespace {

// ---- waiting by address: condition variables and WaitOnAddress. Neither takes the execution
// lock to wake nor sleeps on the process's condition variable: a sleeper sleeps on a host futex
// of its own wait, with the lock released, and a wake wakes only its waiters (natively the wakes
// are direct calls).
// A condition variable's pointer-sized word (CONDITION_VARIABLE_INIT: 0) is a sequence: a sleeper
// reads it before it lets go of its lock and sleeps on a futex on its low 32 bits while it holds
// that value; a wake adds one and wakes one sleeper (all, for WakeAll). A wake before the sleeper
// read the word is lost for it, as on Windows; any other ends its sleep or keeps it from starting.
// WaitOnAddress queues a waiter (first come first, in a bucket of a table hashed by address) with
// a futex word of its own, which a wake that takes it from the queue marks.
// Each bucket counts the sleepers and waiters whose addresses hash to it: a wake that finds none
// makes no system call and writes nothing. ----

// Another thread may have taken the waiter from its queue (kDequeued, then woken); TerminateThread
// adds 1 (WindowsThread::wait_word).
constexpr uint32_t kDequeued = 0x80000000u;

struct AddressWaiter {
  uint64_t address = 0;
  uint32_t word = 0;  // the futex word, atomically
  bool queued = false;
  AddressWaiter *prev = nullptr, *next = nullptr;
};

struct alignas(64) WaitBucket {
  GuestCallMutex m;
  AddressWaiter *head = nullptr, *tail = nullptr;  // WaitOnAddress's waiters (under m)
  std::atomic<int32_t> queued{0};                  // how many
  std::atomic<int32_t> sleepers{0};                // threads in SleepConditionVariable*
};
WaitBucket wait_buckets[256];

WaitBucket& bucket_of(uint64_t address) { return wait_buckets[(address * 0x9e3779b97f4a7c15ull) >> 56]; }

void unlink_waiter(WaitBucket& b, AddressWaiter* w) {
  (w->prev ? w->prev->next : b.head) = w->next;
  (w->next ? w->next->prev : b.tail) = w->prev;
  w->queued = false;
  b.queued.fetch_sub(1, std::memory_order_relaxed);
}

long futex_wake(uint32_t* word, int32_t n) { return ::syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, nullptr, nullptr, 0); }

// A wait's end on the monotonic clock (none for INFINITE).
struct Deadline {
  bool infinite;
  struct timespec at;
};
Deadline deadline_after(uint32_t timeout_ms) {
  Deadline d{timeout_ms == kInfinite, {}};
  if (!d.infinite) {
    ::clock_gettime(CLOCK_MONOTONIC, &d.at);
    d.at.tv_sec += timeout_ms / 1000;
    d.at.tv_nsec += static_cast<long>(timeout_ms % 1000) * 1000000;
    if (d.at.tv_nsec >= 1000000000) d.at.tv_sec += 1, d.at.tv_nsec -= 1000000000;
  }
  return d;
}
// Sleeps while *word == value, until woken, a signal or the deadline; false once past the deadline.
bool futex_sleep(uint32_t* word, uint32_t value, const Deadline& d) {
  long r = ::syscall(SYS_futex, word, FUTEX_WAIT_BITSET_PRIVATE, value, d.infinite ? nullptr : &d.at, nullptr,
                     FUTEX_BITSET_MATCH_ANY);
  return r == 0 || errno != ETIMEDOUT;
}

// With one thread, nothing can ever end an endless wait: the program stops with a message (true).
bool waits_forever(WindowsProcess& p, uint32_t timeout_ms, const char* what) {
  if (timeout_ms != kInfinite || p.live_threads != 1 || p.outside_signals != 0) return false;
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: the program waits forever %s\n", what);
  p.terminate(1);
  return true;
}

// Runs `sleep` with the execution lock released, the thread's wait_word meanwhile `word`
// (TerminateThread wakes it); not at all if the thread is stopping already.
template <class Sleep>
void sleep_unlocked(WindowsProcess& p, uint32_t* word, Sleep&& sleep) {
  WindowsThread& t = p.thread();
  t.wait_word = word;
  if (!p.stopping()) blocking(p, [&] { return sleep(), 0; });
  t.wait_word = nullptr;
}


void wake_condition(Ptr cv, bool all) {
  if (bucket_of(cv.addr).sleepers.load(std::memory_order_seq_cst) == 0) return;
  uint32_t* word = cv.as<uint32_t>();
  __atomic_fetch_add(word, 1, __ATOMIC_SEQ_CST);
  futex_wake(word, all ? INT32_MAX : 1);
}

// Lets go of the lock (`release`), sleeps until a wake (or a spurious wakeup) or the timeout, and
// takes the lock again (`reacquire`); STATUS_TIMEOUT after a timeout, kEnding without the lock
// when the thread or process is ending meanwhile.
template <class Release, class Reacquire>
uint32_t sleep_condition(WindowsProcess& p, Ptr cv, uint32_t timeout_ms, Release&& release, Reacquire&& reacquire) {
  if (waits_forever(p, timeout_ms, "on a condition variable no thread can wake")) return kEnding;
  uint32_t* word = cv.as<uint32_t>();
  WaitBucket& b = bucket_of(cv.addr);
  // Counted before the sequence is read, a wake's count after it adds: a wake that finds no
  // sleeper came before this sleep began.
  b.sleepers.fetch_add(1, std::memory_order_seq_cst);
  const uint32_t seq = __atomic_load_n(word, __ATOMIC_SEQ_CST);
  release();
  bool woken = false;
  if (timeout_ms != 0) {
    const Deadline d = deadline_after(timeout_ms);
    sleep_unlocked(p, word, [&] { woken = futex_sleep(word, seq, d); });
  }
  b.sleepers.fetch_sub(1, std::memory_order_relaxed);
  if (p.stopping()) return kEnding;
  reacquire();
  return woken ? nt::kSuccess : nt::kTimeout;
}

}  // namespace

uint32_t sleep_condition_cs(WindowsProcess& p, Ptr cv, Ptr cs, uint32_t timeout_ms) {
  int32_t times = 1;
  return sleep_condition(
      p, cv, timeout_ms, [&] { times = std::max(leave_critical_section(p, cs.addr, -1), 1); },
      [&] { enter_critical_section(p, cs.addr, times); });
}

uint32_t sleep_condition_srw(WindowsProcess& p, Ptr cv, Ptr l, uint32_t timeout_ms, uint32_t flags) {
  const bool exclusive = !(flags & 1);
  return sleep_condition(
      p, cv, timeout_ms, [&] { srw_release(l, exclusive); }, [&] { srw_acquire(p, l, exclusive); });
}

uint32_t wait_on_address(WindowsProcess& p, Ptr address, Ptr compare, uint64_t size, uint32_t timeout_ms) {
  if (size != 1 && size != 2 && size != 4 && size != 8) return nt::kInvalidParameter;
  auto differs = [&] { return std::memcmp(guest_pointer(address.addr), guest_pointer(compare.addr), size) != 0; };
  if (differs()) return nt::kSuccess;
  if (timeout_ms == 0) return nt::kTimeout;
  if (waits_forever(p, timeout_ms, "on an address no thread can change")) return kEnding;
  WaitBucket& b = bucket_of(address.addr);
  AddressWaiter me;
  me.address = address.addr;
  {
    // Counted before the value is compared, the wake's count after the program's store: a wake
    // that finds no waiter came before the value's change could reach this compare.
    std::lock_guard<GuestCallMutex> g(b.m);
    b.queued.fetch_add(1, std::memory_order_seq_cst);
    if (differs()) {
      b.queued.fetch_sub(1, std::memory_order_relaxed);
      return nt::kSuccess;
    }
    me.queued = true;
    me.prev = b.tail;
    (b.tail ? b.tail->next : b.head) = &me;
    b.tail = &me;
  }
  bool woken = false;
  auto leave_queue = [&] {
    if (__atomic_load_n(&me.word, __ATOMIC_ACQUIRE) & kDequeued) return true;
    {
      std::lock_guard<GuestCallMutex> g(b.m);
      if (me.queued) {
        unlink_waiter(b, &me);
        return false;
      }
    }
    // A wake took it from the queue and marks it next (it writes to `me` until then).
    for (uint32_t w; !((w = __atomic_load_n(&me.word, __ATOMIC_ACQUIRE)) & kDequeued);)
      ::syscall(SYS_futex, &me.word, FUTEX_WAIT_PRIVATE, w, nullptr, nullptr, 0);
    return true;
  };
  const Deadline d = deadline_after(timeout_ms);
  bool left = false;
  sleep_unlocked(p, &me.word, [&] {
    while (__atomic_load_n(&me.word, __ATOMIC_ACQUIRE) == 0 && futex_sleep(&me.word, 0, d)) {
    }
    woken = leave_queue();
    left = true;
  });
  if (!left) woken = leave_queue();  // it did not sleep: the thread is ending
  if (p.stopping()) return kEnding;
  return woken ? nt::kSuccess : nt::kTimeout;
}

namespace {


// Wakes the first waiter on the address (all of them if `all`).
void wake_address(uint64_t address, bool all) {
  WaitBucket& b = bucket_of(address);
  std::atomic_thread_fence(std::memory_order_seq_cst);  // the program's store before, the count after
  if (b.queued.load(std::memory_order_seq_cst) == 0) return;
  AddressWaiter *first = nullptr, *last = nullptr;
  {
    std::lock_guard<GuestCallMutex> g(b.m);
    for (AddressWaiter *w = b.head, *next; w; w = next) {
      next = w->next;
      if (w->address != address) continue;
      unlink_waiter(b, w);
      w->next = nullptr;
      (last ? last->next : first) = w;
      last = w;
      if (!all) break;
    }
  }
  // Once marked a waiter may return: its link is read before.
  for (AddressWaiter *w = first, *next; w; w = next) {
    next = w->next;
    __atomic_fetch_or(&w->word, kDequeued, __ATOMIC_RELEASE);
    futex_wake(&w->word, 1);
  }
}

}  // namespace

void RtlInitializeConditionVariable(WindowsProcess& p, Ptr cv) { p.put_ptr(cv.addr, 0); }
void RtlWakeConditionVariable(WindowsProcess&, Ptr cv) { wake_condition(cv, false); }
void RtlWakeAllConditionVariable(WindowsProcess&, Ptr cv) { wake_condition(cv, true); }
void RtlWakeAddressSingle(WindowsProcess&, Ptr address) { wake_address(address.addr, false); }
void RtlWakeAddressAll(WindowsProcess&, Ptr address) { wake_address(address.addr, true); }


namespace {

// ---- one-time initialisation: INIT_ONCE's word is 0 (not run), 1 (running), or the context the
// initialisation left (its low two bits clear) | 2 (done) ----

constexpr uint64_t kOnceRunning = 1, kOnceDone = 2;

// Waits while another thread runs the initialisation; the word then.
uint64_t once_settled(WindowsProcess& p, Ptr once) {
  wait_until(p, kInfinite, [&] { return (p.get_ptr(once.addr) & 3) != kOnceRunning; });
  return p.get_ptr(once.addr);
}

void once_finish(WindowsProcess& p, Ptr once, bool ok, uint64_t context) {
  p.put_ptr(once.addr, ok ? (context & ~3ull) | kOnceDone : 0);
  p.wake_waiters();
}

}  // namespace

void RtlRunOnceInitialize(WindowsProcess& p, Ptr once) { p.put_ptr(once.addr, 0); }  // RTL_RUN_ONCE_INIT

// STATUS_SUCCESS once the initialisation has run (now or before; its context in *context), else
// STATUS_UNSUCCESSFUL with the function's FALSE.
uint32_t RtlRunOnceExecuteOnce(WindowsProcess& p, Ptr once, Ptr fn, Ptr param, Ptr context) {
  uint64_t word = once_settled(p, once);
  if (p.stopping()) return kEnding;
  if (word & kOnceDone) {
    if (context) p.put_ptr(context.addr, word & ~3ull);
    return nt::kSuccess;
  }
  p.put_ptr(once.addr, kOnceRunning);
  const bool ok = static_cast<uint32_t>(p.call_guest(fn.addr, {once.addr, param.addr, context.addr})) != 0;
  if (p.stopping()) return kEnding;
  once_finish(p, once, ok, context ? p.get_ptr(context.addr) : 0);
  return ok ? nt::kSuccess : nt::kUnsuccessful;
}

// Flags: RTL_RUN_ONCE_CHECK_ONLY 1, RTL_RUN_ONCE_ASYNC 2 (several threads may run the
// initialisation at once; the first to complete it wins). STATUS_SUCCESS when it has run (its
// context in *context), STATUS_PENDING when the caller is to run it, STATUS_UNSUCCESSFUL when only
// checking and it has not run.
uint32_t RtlRunOnceBeginInitialize(WindowsProcess& p, Ptr once, uint32_t flags, Ptr context) {
  if ((flags & ~3u) || flags == 3) return nt::kInvalidParameter;
  uint64_t word = flags & 1 ? p.get_ptr(once.addr) : 0;
  if (!(flags & 1)) {
    word = flags & 2 ? p.get_ptr(once.addr) : once_settled(p, once);
    if (p.stopping()) return kEnding;
  }
  if (word & kOnceDone) {
    if (context) p.put_ptr(context.addr, word & ~3ull);
    return nt::kSuccess;
  }
  if (flags & 1) return nt::kUnsuccessful;
  if (!(flags & 2)) p.put_ptr(once.addr, kOnceRunning);
  return nt::kPending;
}

// Flags: RTL_RUN_ONCE_ASYNC 2, RTL_RUN_ONCE_INIT_FAILED 4. An asynchronous initialisation another
// thread completed first keeps that one's context: STATUS_UNSUCCESSFUL.
uint32_t RtlRunOnceComplete(WindowsProcess& p, Ptr once, uint32_t flags, Ptr context) {
  if (flags & ~6u) return nt::kInvalidParameter;
  const bool failed = flags & 4;
  if ((flags & 2) && (p.get_ptr(once.addr) & kOnceDone)) return nt::kUnsuccessful;
  once_finish(p, once, !failed, context.addr);
  return nt::kSuccess;
}


}  // namespace ntdll_locks

namespace ntdll_locks_impl {

using namespace ntdll_locks;

// ---- critical sections: core's (the x64 CRITICAL_SECTION's or i386's layout: WindowsIsa) ----

uint32_t RtlInitializeCriticalSection(WindowsProcess& p, Ptr cs) {
  for (uint32_t off = 0; off < p.isa->critical_section.size; off += 4)
    __atomic_store_n(reinterpret_cast<uint32_t*>(cs.addr + off), 0u, __ATOMIC_RELAXED);
  return nt::kSuccess;
}
uint32_t RtlInitializeCriticalSectionAndSpinCount(WindowsProcess& p, Ptr cs, uint32_t) {
  return RtlInitializeCriticalSection(p, cs);
}
uint32_t RtlInitializeCriticalSectionEx(WindowsProcess& p, Ptr cs, uint32_t, uint32_t) {
  return RtlInitializeCriticalSection(p, cs);
}
// (A thread waits without spinning here: the count asked is kept nowhere; the old one was 0.)
uint32_t RtlSetCriticalSectionSpinCount(WindowsProcess&, Ptr, uint32_t) { return 0; }
uint32_t RtlEnterCriticalSection(WindowsProcess& p, Ptr cs) {
  enter_critical_section(p, cs.addr);
  return nt::kSuccess;
}
uint8_t RtlTryEnterCriticalSection(WindowsProcess& p, Ptr cs) { return try_enter_critical_section(p, cs.addr); }
uint32_t RtlLeaveCriticalSection(WindowsProcess& p, Ptr cs) {
  leave_critical_section(p, cs.addr);
  return nt::kSuccess;
}
uint32_t RtlDeleteCriticalSection(WindowsProcess&, Ptr) { return nt::kSuccess; }

// A critical section's own wake-ups, its LockSemaphore's (what RtlEnterCriticalSection of a
// contended section waits on, and its owner's RtlLeaveCriticalSection signals, on Windows):
// RtlpUnWaitCriticalSection gives one, RtlpWaitForCriticalSection takes one, waiting until there is
// one. Core's critical sections wait otherwise, so only these two give and take them.
std::map<uint64_t, uint32_t>& critical_section_wakeups() {
  static std::map<uint64_t, uint32_t> all;
  return all;
}
uint32_t RtlpWaitForCriticalSection(WindowsProcess& p, Ptr cs) {
  wait_until(p, kInfinite, [&] {
    auto& all = critical_section_wakeups();
    auto it = all.find(cs.addr);
    if (it == all.end()) return false;
    if (!--it->second) all.erase(it);
    return true;
  }, "on a critical section's wake-up no thread can give");
  return nt::kSuccess;
}
void RtlpUnWaitCriticalSection(WindowsProcess& p, Ptr cs) {
  ++critical_section_wakeups()[cs.addr];
  p.wake_waiters();
}

// RecursionCount (how often its owner entered it) and OwningThread after it, the owner's thread id,
// as core keeps them (core/waitables.cpp).
uint8_t RtlIsCriticalSectionLocked(WindowsProcess& p, Ptr cs) {
  return __atomic_load_n(reinterpret_cast<int32_t*>(cs.addr + p.isa->critical_section.recursion), __ATOMIC_RELAXED) > 0;
}
uint8_t RtlIsCriticalSectionLockedByThread(WindowsProcess& p, Ptr cs) {
  const uint32_t owner =
      __atomic_load_n(reinterpret_cast<uint32_t*>(cs.addr + p.isa->critical_section.recursion + 4), __ATOMIC_RELAXED);
  return RtlIsCriticalSectionLocked(p, cs) && owner == p.thread().id;
}

// ---- the NT forms of the waits: a LARGE_INTEGER timeout (null: none), NTSTATUS results ----

uint32_t lock_timeout_ms(Ptr t) { return t ? timeout_ms_from_nt(get<int64_t>(t.addr)) : kInfinite; }

uint32_t RtlSleepConditionVariableCS(WindowsProcess& p, Ptr cv, Ptr cs, Ptr timeout) {
  return sleep_condition_cs(p, cv, cs, lock_timeout_ms(timeout));
}
uint32_t RtlSleepConditionVariableSRW(WindowsProcess& p, Ptr cv, Ptr l, Ptr timeout, uint32_t flags) {
  return sleep_condition_srw(p, cv, l, lock_timeout_ms(timeout), flags);
}
uint32_t RtlWaitOnAddress(WindowsProcess& p, Ptr address, Ptr compare, USize size, Ptr timeout) {
  return wait_on_address(p, address, compare, size, lock_timeout_ms(timeout));
}

}  // namespace ntdll_locks_impl

const std::vector<Export>& ntdll_lock_exports() {
  using namespace ntdll_locks_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlInitializeCriticalSection", RtlInitializeCriticalSection),
      EXPORT("RtlInitializeCriticalSectionAndSpinCount", RtlInitializeCriticalSectionAndSpinCount),
      EXPORT("RtlInitializeCriticalSectionEx", RtlInitializeCriticalSectionEx),
      EXPORT("RtlSetCriticalSectionSpinCount", RtlSetCriticalSectionSpinCount),
      EXPORT("RtlEnterCriticalSection", RtlEnterCriticalSection),
      EXPORT("RtlpWaitForCriticalSection", RtlpWaitForCriticalSection),
      EXPORT("RtlpUnWaitCriticalSection", RtlpUnWaitCriticalSection),
      EXPORT("RtlTryEnterCriticalSection", RtlTryEnterCriticalSection),
      EXPORT("RtlLeaveCriticalSection", RtlLeaveCriticalSection),
      EXPORT("RtlDeleteCriticalSection", RtlDeleteCriticalSection),
      EXPORT("RtlIsCriticalSectionLocked", RtlIsCriticalSectionLocked),
      EXPORT("RtlIsCriticalSectionLockedByThread", RtlIsCriticalSectionLockedByThread),
      EXPORT("RtlInitializeSRWLock", RtlInitializeSRWLock),
      EXPORT_DIRECT("RtlAcquireSRWLockExclusive", RtlAcquireSRWLockExclusive),
      EXPORT_DIRECT("RtlAcquireSRWLockShared", RtlAcquireSRWLockShared),
      EXPORT_DIRECT("RtlTryAcquireSRWLockExclusive", RtlTryAcquireSRWLockExclusive),
      EXPORT_DIRECT("RtlTryAcquireSRWLockShared", RtlTryAcquireSRWLockShared),
      EXPORT_DIRECT("RtlReleaseSRWLockExclusive", RtlReleaseSRWLockExclusive),
      EXPORT_DIRECT("RtlReleaseSRWLockShared", RtlReleaseSRWLockShared),
      EXPORT_DIRECT("RtlInitializeConditionVariable", RtlInitializeConditionVariable),
      EXPORT("RtlSleepConditionVariableCS", RtlSleepConditionVariableCS),
      EXPORT("RtlSleepConditionVariableSRW", RtlSleepConditionVariableSRW),
      EXPORT_DIRECT("RtlWakeConditionVariable", RtlWakeConditionVariable),
      EXPORT_DIRECT("RtlWakeAllConditionVariable", RtlWakeAllConditionVariable),
      EXPORT("RtlWaitOnAddress", RtlWaitOnAddress),
      EXPORT_DIRECT("RtlWakeAddressSingle", RtlWakeAddressSingle),
      EXPORT_DIRECT("RtlWakeAddressAll", RtlWakeAddressAll),
      EXPORT("RtlRunOnceInitialize", RtlRunOnceInitialize),
      EXPORT("RtlRunOnceExecuteOnce", RtlRunOnceExecuteOnce),
      EXPORT("RtlRunOnceBeginInitialize", RtlRunOnceBeginInitialize),
      EXPORT("RtlRunOnceComplete", RtlRunOnceComplete),
  };
  return exports;
}

}  // namespace polyrun::shims
