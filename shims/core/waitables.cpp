// The waitable objects' engine beneath KERNEL32's and NTDLL's waits: handles to semaphores,
// events, mutexes, threads, processes and waitable timers, an object's count wherever it lives,
// what a wait takes of an object, the waits themselves (alertable ones run the thread's APCs), and
// the guest's critical sections as KERNEL32's functions and polyrun's own code enter and leave them.
// Every call runs under the process's execution lock (core/windows_threads.h); a wait that must
// block releases it and sleeps on the process's condition variable (wait_until).
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "shims/core/filetime.h"
#include "shims/core/shim.h"
#include "shims/core/thread_alerts.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

using WaitKind = Waitable::Kind;

constexpr uint32_t kWaitFailed = 0xffffffffu, kWaitTimeout = 258, kWaitAbandoned = 0x80;

// An event's or semaphore's count, where it lives: in this process, or in a cell shared with
// another (core/windows_handoff.h).
int64_t waitable_level(const Waitable& w) {
  return w.shared ? w.shared->page->count.load(std::memory_order_acquire) : w.count;
}

// Takes one from a signalled count (a semaphore, an auto-reset event): false when another
// process took it first.
bool take_level(Waitable& w) {
  if (!w.shared) {
    --w.count;
    return true;
  }
  int64_t v = w.shared->page->count.load();
  do {
    if (v <= 0) return false;
  } while (!w.shared->page->count.compare_exchange_weak(v, v - 1));
  w.shared->changed();
  return true;
}

// Whether a wait by thread `me` on the object is satisfied now: a mutex when free or already its.
bool is_signalled(Waitable& w, uint32_t me) {
  if (w.kind == WaitKind::Mutex) return w.shared ? shared_mutex_available(w, me) : w.count == 0 || w.id == me;
  settle_timer(w);
  return waitable_level(w) > 0;
}

// Milliseconds until the first of these timers comes due (rounded up), or kInfinite.
uint32_t next_timer_ms(const std::vector<std::shared_ptr<Waitable>>& objects) {
  uint32_t first = kInfinite;
  for (const auto& w : objects) first = std::min(first, ms_until_due(*w));
  return first;
}

// Takes a signalled object: a semaphore's count drops, an auto-reset event resets, a mutex is
// acquired once more. True if it was a mutex its previous owner abandoned.
// `taken` false: another process took a shared one first (nothing was taken).
bool take_object(Waitable& w, uint32_t me, bool* taken = nullptr) {
  if (taken) *taken = true;
  if (w.kind == WaitKind::Semaphore || ((w.kind == WaitKind::Event || w.kind == WaitKind::Timer) && !w.manual_reset)) {
    bool ok = take_level(w);
    if (taken) *taken = ok;
    return false;
  }
  if (w.kind == WaitKind::Mutex && w.shared) {  // another process's too
    bool abandoned = false;
    bool ok = shared_mutex_take(w, me, &abandoned);
    if (taken) *taken = ok;
    return abandoned;
  }
  if (w.kind == WaitKind::Mutex) {
    ++w.count;
    w.id = me;
    bool abandoned = w.abandoned;
    w.abandoned = false;
    return abandoned;
  }
  return false;
}

// ---- critical sections: LockCount is the lock's futex word (0 free, 1 held, 2 held and waited
// for), OwningThread the owner's thread id, RecursionCount how often it entered. Natively the
// program's threads call Enter, TryEnter and Leave directly and in parallel: host atomics on the
// guest's structure and host futex waits, as a pthread mutex. ----

int32_t* cs_recursion(WindowsProcess& p, Ptr cs) { return reinterpret_cast<int32_t*>(cs.addr + p.isa->critical_section.recursion); }
int32_t* cs_state(WindowsProcess& p, Ptr cs) { return reinterpret_cast<int32_t*>(cs.addr + p.isa->critical_section.recursion - 4); }
// OwningThread follows RecursionCount (a HANDLE-sized field; the thread id goes in it). Another
// thread may read it at any time: only its owner finds its own id there.
uint32_t cs_owner(WindowsProcess& p, Ptr cs) {
  return __atomic_load_n(reinterpret_cast<uint32_t*>(cs.addr + p.isa->critical_section.recursion + 4), __ATOMIC_RELAXED);
}
void set_cs_owner(WindowsProcess& p, Ptr cs, uint32_t id) {
  __atomic_store_n(reinterpret_cast<uint32_t*>(cs.addr + p.isa->critical_section.recursion + 4), id, __ATOMIC_RELAXED);
}

// Free is 0, or -1 in a section never entered that a static initializer made as Windows' are
// ({ debug, -1, 0, 0, 0, 0 }: LockCount -1).
bool cs_try(int32_t* state) {
  int32_t free = 0;
  if (__atomic_compare_exchange_n(state, &free, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return true;
  return free == -1 && __atomic_compare_exchange_n(state, &free, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

}  // namespace

// ---- handles and objects ----

uint64_t new_waitable_handle(WindowsProcess& p, std::shared_ptr<Waitable> w) {
  uint64_t h = p.next_handle;
  p.next_handle += 4;
  p.waitables[h] = std::move(w);
  return h;
}

Waitable* waitable_of_kind(WindowsProcess& p, uint64_t h, Waitable::Kind kind) {
  auto it = p.waitables.find(h);
  return it == p.waitables.end() || it->second->kind != kind ? nullptr : it->second.get();
}

std::shared_ptr<Waitable> waitable_object(WindowsProcess& p, uint64_t h) {
  if (p.is_current_thread(h)) return p.thread().object;  // the running thread: not signalled while it runs
  if (p.is_current_process(h)) {
    // The running process ends only with the program: never signalled while waited on.
    Waitable self;
    self.kind = WaitKind::Process;
    return std::make_shared<Waitable>(self);
  }
  auto it = p.waitables.find(h);
  if (it != p.waitables.end()) return it->second;
  // The console's input: signalled while records wait.
  return p.console_hooks.waitable ? p.console_hooks.waitable(p, h) : nullptr;
}

void set_waitable_level(WindowsProcess& p, Waitable& w, int64_t v) {
  if (w.shared) {
    w.shared->page->count.store(v, std::memory_order_release);
    w.shared->changed();
  } else {
    w.count = v;
  }
  if (v) p.wake_waiters();
}

void settle_timer(Waitable& w) {
  if (w.kind != WaitKind::Timer || !w.due) return;
  auto now = std::chrono::steady_clock::now();
  if (now < *w.due) return;
  w.count = 1;
  if (w.period.count() == 0) {
    w.due.reset();
    return;
  }
  while (*w.due <= now) *w.due += w.period;
}

bool take_if_signalled(Waitable& w) {
  if (w.kind == WaitKind::Mutex || !is_signalled(w, 0)) return false;
  bool taken = true;
  take_object(w, 0, &taken);
  return taken;
}

uint32_t ms_until_due(const Waitable& w) {
  if (w.kind != WaitKind::Timer || !w.due) return kInfinite;
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(*w.due - std::chrono::steady_clock::now()).count();
  return us <= 0 ? 0 : static_cast<uint32_t>(std::min<int64_t>((us + 999) / 1000, kInfinite - 1));
}

int64_t timeout_us_from_nt(int64_t t) {
  if (t > 0) {
    const int64_t now = static_cast<int64_t>(filetime_now());
    t = now - t;  // negative while in the future
  }
  return t >= 0 ? 0 : (-t + 9) / 10;
}

uint32_t timeout_ms_from_nt(int64_t t) {
  int64_t us = timeout_us_from_nt(t);
  return static_cast<uint32_t>(std::min<int64_t>((us + 999) / 1000, kInfinite - 1));
}

// ---- the waits ----

namespace {
std::map<uint32_t, bool>& alerts() {  // by thread id
  static std::map<uint32_t, bool> all;
  return all;
}
}  // namespace

void alert_thread(uint32_t tid) { alerts()[tid] = true; }
bool thread_alerted(uint32_t tid, bool take) {
  auto it = alerts().find(tid);
  if (it == alerts().end()) return false;
  if (take) alerts().erase(it);
  return true;
}

// `alertable`: unless the objects satisfy the wait at once, queued asynchronous procedure calls
// run and end it (WAIT_IO_COMPLETION), as do those that arrive while it waits; an alert
// (NtAlertThread) ends it with STATUS_ALERTED.
uint32_t wait_for_objects_or(WindowsProcess& p, uint32_t count, uint64_t handles, bool wait_all, uint32_t timeout_ms,
                             bool alertable, const std::function<bool()>& also) {
  if (count > 64 || (count == 0 && !also)) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return kWaitFailed;
  }
  std::vector<std::shared_ptr<Waitable>> objects;
  for (uint32_t i = 0; i < count; ++i) {
    auto w = waitable_object(p, p.get_ptr(handles + i * p.isa->ptr));
    if (!w) {
      p.set_last_error(ERROR_INVALID_HANDLE);
      return kWaitFailed;
    }
    objects.push_back(std::move(w));
  }
  const uint32_t me = p.thread().id;
  uint32_t result = kWaitFailed;
  // An event pulsed since this wait began counts as signalled for it (PulseEvent).
  std::vector<uint64_t> pulses_before;
  for (const auto& w : objects) {
    pulses_before.push_back(w->pulses);
    ++w->waiting;
  }
  auto pulsed = [&](size_t i) { return objects[i]->pulses > pulses_before[i] && objects[i]->pulse_tokens > 0; };
  // True if the object was a mutex its owner abandoned; `taken` false if another process took
  // a shared object first.
  auto take = [&](size_t i, bool* taken = nullptr) {
    if (objects[i]->kind == WaitKind::Event && !is_signalled(*objects[i], me)) {
      --objects[i]->pulse_tokens;
      return false;
    }
    return take_object(*objects[i], me, taken);
  };
  bool apc_arrived = false;
  auto objects_ready = [&] {
    if (wait_all) {
      // All at once or none: every object signalled, then all taken together.
      for (size_t i = 0; i < objects.size(); ++i)
        if (!is_signalled(*objects[i], me) && !pulsed(i)) return false;
      bool abandoned = false;
      for (size_t i = 0; i < objects.size(); ++i) abandoned |= take(i);
      result = abandoned ? kWaitAbandoned : 0;
      return true;
    }
    for (uint32_t i = 0; i < count; ++i)
      if (is_signalled(*objects[i], me) || pulsed(i)) {
        bool taken = true;
        bool abandoned = take(i, &taken);
        if (!taken) continue;
        result = (abandoned ? kWaitAbandoned : 0) + i;  // the first signalled one
        return true;
      }
    return false;
  };
  bool also_ready = false;
  auto ready = [&] {
    if (count && objects_ready()) return true;
    if (also && also()) return also_ready = true;
    return alertable && (thread_alerted(me, false) || !p.thread().apcs.empty()) && (apc_arrived = true);
  };
  bool done;
  if (std::none_of(objects.begin(), objects.end(), [](const auto& w) { return w->kind == WaitKind::Timer; })) {
    done = wait_until(p, timeout_ms, ready);
  } else {
    // A timer signals itself when it comes due: the wait wakes by then to look, and when a timer
    // is set again.
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      uint32_t left = timeout_ms;
      if (timeout_ms != kInfinite) {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
        left = ms <= 0 ? 0 : static_cast<uint32_t>(ms);
      }
      const uint64_t set_before = p.timers_set;
      bool got = false;
      wait_until(p, std::min(left, next_timer_ms(objects)), [&] { return (got = ready()) || p.timers_set != set_before; });
      done = got;
      if (done || left == 0 || p.stopping()) break;
    }
  }
  for (const auto& w : objects) {
    --w->waiting;
    if (w->pulse_tokens > w->waiting) w->pulse_tokens = w->waiting;
  }
  if (apc_arrived) {
    if (thread_alerted(me, true)) return kWaitAlerted;  // (before the APCs run: Windows tests an alert first)
    run_apcs(p);
    return kWaitIoCompletion;
  }
  if (done && also_ready) return count;  // (WAIT_OBJECT_0 + count: what `also` waited for)
  if (done) {
    p.wake_waiters();  // a semaphore or event taken may leave room for another wait
    return result;
  }
  return p.stopping() ? kWaitFailed : kWaitTimeout;
}

uint32_t wait_for_object(WindowsProcess& p, uint64_t handle, uint32_t timeout_ms) {
  uint64_t one = handle;
  return wait_for_objects_or(p, 1, reinterpret_cast<uint64_t>(&one), false, timeout_ms, false);
}

// ---- critical sections ----

void futex_wait_unlocked(WindowsProcess& p, int32_t* word, int32_t value) {
  {
    cpu::Unlocked unlocked(p.lock);
    ::syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, nullptr, nullptr, 0);
  }
  after_blocking(p);
}

bool enter_critical_section(WindowsProcess& p, uint64_t at, int32_t times) {
  const Ptr cs(at);
  const uint32_t me = p.thread().id;
  int32_t* state = cs_state(p, cs);
  if (cs_owner(p, cs) == me) {
    *cs_recursion(p, cs) += times;
    return true;
  }
  bool got = cs_try(state);
  // Threads running in parallel: the owner is likely to leave soon.
  for (int i = 0; !got && i < 200 && !p.lock.held(); ++i) {
    __builtin_ia32_pause();
    const int32_t now = __atomic_load_n(state, __ATOMIC_RELAXED);
    got = (now == 0 || now == -1) && cs_try(state);
  }
  // A direct call does not block: the dispatcher makes the call again, and waits.
  if (!got && p.cpu().redo_as_host_call()) return false;
  if (!got) {
    if (p.live_threads == 1) {
      std::fflush(stdout);
      std::fprintf(stderr, "polyrun: the program waits forever for a critical section no thread can leave\n");
      p.terminate(1);
      return false;
    }
    for (int32_t c = __atomic_exchange_n(state, 2, __ATOMIC_ACQUIRE); c != 0 && c != -1;
         c = __atomic_exchange_n(state, 2, __ATOMIC_ACQUIRE)) {
      futex_wait_unlocked(p, state, 2);
      if (p.stopping()) return false;
    }
  }
  set_cs_owner(p, cs, me);
  *cs_recursion(p, cs) = times;
  return true;
}

bool try_enter_critical_section(WindowsProcess& p, uint64_t at) {
  const Ptr cs(at);
  const uint32_t me = p.thread().id;
  if (cs_owner(p, cs) == me) {
    ++*cs_recursion(p, cs);
    return true;
  }
  if (!cs_try(cs_state(p, cs))) return false;
  set_cs_owner(p, cs, me);
  *cs_recursion(p, cs) = 1;
  return true;
}

int32_t leave_critical_section(WindowsProcess& p, uint64_t at, int32_t times) {
  const Ptr cs(at);
  int32_t* recursion = cs_recursion(p, cs);
  const int32_t had = *recursion;
  if (times >= 0 && (*recursion -= times) > 0) return had;
  *recursion = 0;
  set_cs_owner(p, cs, 0);
  int32_t* state = cs_state(p, cs);
  if (__atomic_fetch_sub(state, 1, __ATOMIC_RELEASE) != 1) {
    __atomic_store_n(state, 0, __ATOMIC_RELEASE);
    ::syscall(SYS_futex, state, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }
  return had;
}

}  // namespace polyrun::shims
