// MSVCP140.dll, the C++ threads' support beneath <mutex>, <condition_variable> and <thread>: the
// mutexes (_Mtx_*), condition variables (_Cnd_*), threads (_Thrd_*), times (_Xtime_*,
// _Query_perf_*, xtime_get), std::call_once's _Execute_once, shared_ptr's atomic-operation spin lock and
// stdext::threads' mutexes.
//
// A mutex and a condition variable live in storage the program gives (in situ: std::mutex holds
// 80 bytes on x64, 48 on i386; std::condition_variable 72 and 40) or the DLL allocates (_Mtx_init,
// _Cnd_init), laid out as MSVC's STL lays out _Mtx_internal_imp_t and _Cnd_internal_imp_t, so
// that a mutex the program's own inline code initialised (all zero but its type) works too:
//   mutex: int type; the critical section's storage (64 bytes on x64, 36 on i386: a pointer and
//          then the lock word, where MSVC's keeps its SRW lock); long owner thread id; int count.
//   condition variable: a pointer, then the wait word (where MSVC's keeps its CONDITION_VARIABLE).
// The lock word is 0 free, 1 held, 2 held with waiters; a thread that must wait sleeps on a host
// futex on it with the execution lock released. A condition variable's word is a sequence a wake
// adds one to; a sleeper sleeps on a futex while it holds the value it read before it let go of
// the mutex, and the word after it counts the sleepers (a wake with none makes no system call).
// A wait no other thread could ever end (one thread) stops the program with a message.
#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/msvcp140/guest_objects.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

// _Mtx_init's flags (<xthreads.h>): _Mtx_plain 1, _Mtx_try 2, _Mtx_timed 4, _Mtx_recursive 0x100.
constexpr int32_t kMtxPlain = 1, kMtxRecursive = 0x100;
constexpr uint32_t kNoOwner = 0xffffffffu;

// ---- the mutex's fields ----
uint64_t mtx_size(const WindowsProcess& p) { return p.isa->ptr == 8 ? 80 : 48; }
uint64_t mtx_cs(const WindowsProcess& p, uint64_t m) { return m + p.isa->ptr; }
uint64_t mtx_cs_size(const WindowsProcess& p) { return p.isa->ptr == 8 ? 64 : 36; }
uint32_t* mtx_word(const WindowsProcess& p, uint64_t m) {
  return static_cast<uint32_t*>(guest_pointer(mtx_cs(p, m) + p.isa->ptr));
}
uint64_t mtx_owner_at(const WindowsProcess& p, uint64_t m) { return mtx_cs(p, m) + mtx_cs_size(p); }
uint64_t mtx_count_at(const WindowsProcess& p, uint64_t m) { return mtx_owner_at(p, m) + 4; }

uint32_t owner_of(const WindowsProcess& p, uint64_t m) { return get<uint32_t>(mtx_owner_at(p, m)); }
bool owned_by_me(WindowsProcess& p, uint64_t m) { return owner_of(p, m) == p.thread().id; }
void set_owner(const WindowsProcess& p, uint64_t m, uint32_t id) { put<uint32_t>(mtx_owner_at(p, m), id); }
void add_count(const WindowsProcess& p, uint64_t m, int32_t n) {
  put<int32_t>(mtx_count_at(p, m), get<int32_t>(mtx_count_at(p, m)) + n);
}

bool word_try(uint32_t* w) {
  uint32_t expected = 0;
  return __atomic_compare_exchange_n(w, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

// With one thread, nothing can ever end an endless wait: the program stops with a message (true).
bool waits_forever(WindowsProcess& p, const char* what) {
  if (p.live_threads != 1 || p.outside_signals != 0) return false;
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: the program waits forever %s\n", what);
  p.terminate(1);
  return true;
}

// Takes the lock word, waiting (execution lock released) while another thread holds it; false if
// the program can never have it or the thread or process ends meanwhile.
bool word_lock(WindowsProcess& p, uint32_t* w) {
  if (word_try(w)) return true;
  if (waits_forever(p, "for a mutex no thread can unlock")) return false;
  while (__atomic_exchange_n(w, 2u, __ATOMIC_ACQUIRE) != 0) {
    futex_wait_unlocked(p, reinterpret_cast<int32_t*>(w), 2);
    if (p.stopping()) return false;
  }
  return true;
}

void word_unlock(uint32_t* w) {
  if (__atomic_exchange_n(w, 0u, __ATOMIC_RELEASE) == 2)
    ::syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

// ---- _Mtx ----

void _Mtx_init_in_situ(WindowsProcess& p, Ptr m, int32_t flags) {
  put<int32_t>(m.addr, flags);
  std::vector<uint8_t> zero(mtx_cs_size(p));
  copy_guest(guest_pointer(mtx_cs(p, m.addr)), zero.data(), zero.size(), mtx_cs(p, m.addr), true);
  set_owner(p, m.addr, kNoOwner);
  put<int32_t>(mtx_count_at(p, m.addr), 0);
}

// A new mutex in the process heap, its address at `out`; _Thrd_nomem when there is no room.
int32_t _Mtx_init(WindowsProcess& p, Ptr out, int32_t flags) {
  const uint64_t m = p.heap.alloc(mtx_size(p));
  p.put_ptr(out.addr, m);
  if (!m) return kThrdNomem;
  _Mtx_init_in_situ(p, Ptr(m), flags);
  return kThrdSuccess;
}

void _Mtx_destroy_in_situ(WindowsProcess&, Ptr) {}  // (the lock word holds nothing to release)

void _Mtx_destroy(WindowsProcess& p, Ptr m) {
  if (m) p.heap.free(m.addr);
}

int32_t _Mtx_current_owns(WindowsProcess& p, Ptr m) { return owned_by_me(p, m.addr); }

// The owner locks it again: a recursive mutex counts one more; a plain one (flags exactly
// _Mtx_plain) too; any other (std::mutex: plain and try) is busy.
int32_t lock(WindowsProcess& p, Ptr m, bool wait) {
  if (!owned_by_me(p, m.addr)) {
    uint32_t* w = mtx_word(p, m.addr);
    if (wait ? !word_lock(p, w) : !word_try(w)) return wait ? kThrdError : kThrdBusy;
    set_owner(p, m.addr, p.thread().id);
  } else {
    const int32_t flags = get<int32_t>(m.addr);
    if (!(flags & kMtxRecursive) && flags != kMtxPlain) return kThrdBusy;
  }
  add_count(p, m.addr, 1);
  return kThrdSuccess;
}

int32_t _Mtx_lock(WindowsProcess& p, Ptr m) { return lock(p, m, true); }
int32_t _Mtx_trylock(WindowsProcess& p, Ptr m) { return lock(p, m, false); }

int32_t _Mtx_unlock(WindowsProcess& p, Ptr m) {
  add_count(p, m.addr, -1);
  if (get<int32_t>(mtx_count_at(p, m.addr)) != 0) return kThrdSuccess;
  set_owner(p, m.addr, kNoOwner);
  word_unlock(mtx_word(p, m.addr));
  return kThrdSuccess;
}

// The address of the mutex's critical section (its storage, inside the mutex).
Ptr _Mtx_getconcrtcs(WindowsProcess& p, Ptr m) { return Ptr(mtx_cs(p, m.addr)); }

// The owner lets go of one hold and of ownership without unlocking (a condition variable's wait
// does this before it sleeps), and takes them back after.
void _Mtx_clear_owner(WindowsProcess& p, Ptr m) {
  set_owner(p, m.addr, kNoOwner);
  add_count(p, m.addr, -1);
}
void _Mtx_reset_owner(WindowsProcess& p, Ptr m) {
  set_owner(p, m.addr, p.thread().id);
  add_count(p, m.addr, 1);
}

// ---- times: xtime {__time64_t sec; long nsec} (nsec at offset 8 on both ISAs) ----

constexpr int64_t kTicksPerSecond = 10000000, kNsPerSecond = 1000000000, kNsPerMs = 1000000;

int64_t realtime_ticks() {
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * kTicksPerSecond + ts.tv_nsec / 100;
}

// The system time in 100 ns units since 1970-01-01 UTC.
int64_t _Xtime_get_ticks(WindowsProcess&) { return realtime_ticks(); }

// xtime_get: the system time; base 1 (TIME_UTC) alone is known: 0 for another.
int32_t xtime_get(WindowsProcess&, Ptr t, int32_t base) {
  if (base != 1) return 0;
  const int64_t ticks = realtime_ticks();
  put<int64_t>(t.addr, ticks / kTicksPerSecond);
  put<int32_t>(t.addr + 8, static_cast<int32_t>(ticks % kTicksPerSecond * 100));
  return 1;
}

// How many milliseconds t1 lies after t2 (rounded up; 0 if it does not).
int32_t _Xtime_diff_to_millis2(WindowsProcess&, Ptr t1, Ptr t2) {
  int64_t sec = get<int64_t>(t1.addr) - get<int64_t>(t2.addr);
  int64_t nsec = static_cast<int64_t>(get<int32_t>(t1.addr + 8)) - get<int32_t>(t2.addr + 8);
  sec += nsec / kNsPerSecond;
  nsec %= kNsPerSecond;
  if (nsec < 0) {
    sec -= 1;
    nsec += kNsPerSecond;
  }
  if (sec < 0) return 0;
  return static_cast<int32_t>(sec * 1000 + (nsec + kNsPerMs - 1) / kNsPerMs);
}

int32_t diff_to_millis(WindowsProcess& p, uint64_t t) {
  const int64_t now = realtime_ticks();
  const uint64_t block = p.heap.alloc(16, true);
  if (!block) return 0;
  put<int64_t>(block, now / kTicksPerSecond);
  put<int32_t>(block + 8, static_cast<int32_t>(now % kTicksPerSecond * 100));
  const int32_t ms = _Xtime_diff_to_millis2(p, Ptr(t), Ptr(block));
  p.heap.free(block);
  return ms;
}

// Milliseconds from now until the time t (0 if it has passed).
int32_t _Xtime_diff_to_millis(WindowsProcess& p, Ptr t) { return diff_to_millis(p, t.addr); }

// QueryPerformanceCounter's and QueryPerformanceFrequency's values (kernel32/time.cpp: the
// monotonic clock in 100 ns units, 10 MHz).
int64_t _Query_perf_counter(WindowsProcess&) {
  struct timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return (static_cast<int64_t>(ts.tv_sec) * kNsPerSecond + ts.tv_nsec) / 100;
}
int64_t _Query_perf_frequency(WindowsProcess&) { return kTicksPerSecond; }

// ---- _Cnd ----

uint32_t* cnd_word(const WindowsProcess& p, uint64_t c) { return static_cast<uint32_t*>(guest_pointer(c + p.isa->ptr)); }
uint32_t* cnd_sleepers(const WindowsProcess& p, uint64_t c) { return cnd_word(p, c) + 1; }
uint64_t cnd_size(const WindowsProcess& p) { return p.isa->ptr == 8 ? 72 : 40; }

void _Cnd_init_in_situ(WindowsProcess& p, Ptr c) {
  std::vector<uint8_t> zero(cnd_size(p));
  copy_guest(guest_pointer(c.addr), zero.data(), zero.size(), c.addr, true);
}

int32_t _Cnd_init(WindowsProcess& p, Ptr out) {
  const uint64_t c = p.heap.alloc(cnd_size(p), true);
  p.put_ptr(out.addr, c);
  return c ? kThrdSuccess : kThrdNomem;
}

void wake(WindowsProcess& p, uint64_t c, bool all) {
  if (__atomic_load_n(cnd_sleepers(p, c), __ATOMIC_SEQ_CST) == 0) return;
  uint32_t* word = cnd_word(p, c);
  __atomic_fetch_add(word, 1, __ATOMIC_SEQ_CST);
  ::syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, all ? INT_MAX : 1, nullptr, nullptr, 0);
}

int32_t _Cnd_broadcast(WindowsProcess& p, Ptr c) {
  wake(p, c.addr, true);
  return kThrdSuccess;
}
int32_t _Cnd_signal(WindowsProcess& p, Ptr c) {
  wake(p, c.addr, false);
  return kThrdSuccess;
}

void _Cnd_destroy_in_situ(WindowsProcess& p, Ptr c) { wake(p, c.addr, true); }
void _Cnd_destroy(WindowsProcess& p, Ptr c) {
  if (!c) return;
  wake(p, c.addr, true);
  p.heap.free(c.addr);
}

// Lets go of the mutex, sleeps until a wake (or a spurious wakeup) or `timeout_ms` (-1: none), and
// takes the mutex again; false after a timeout.
bool cnd_wait(WindowsProcess& p, uint64_t c, uint64_t m, int64_t timeout_ms) {
  if (timeout_ms < 0 && waits_forever(p, "on a condition variable no thread can wake")) return false;
  uint32_t* word = cnd_word(p, c);
  uint32_t* sleepers = cnd_sleepers(p, c);
  __atomic_fetch_add(sleepers, 1, __ATOMIC_SEQ_CST);
  const uint32_t seq = __atomic_load_n(word, __ATOMIC_SEQ_CST);
  _Mtx_clear_owner(p, Ptr(m));
  word_unlock(mtx_word(p, m));
  bool woken = false;
  if (timeout_ms != 0) {
    struct timespec at;
    ::clock_gettime(CLOCK_MONOTONIC, &at);
    if (timeout_ms > 0) {
      at.tv_sec += timeout_ms / 1000;
      at.tv_nsec += timeout_ms % 1000 * kNsPerMs;
      if (at.tv_nsec >= kNsPerSecond) at.tv_sec += 1, at.tv_nsec -= kNsPerSecond;
    }
    woken = blocking(p, [&] {
      const long r = ::syscall(SYS_futex, word, FUTEX_WAIT_BITSET_PRIVATE, seq, timeout_ms > 0 ? &at : nullptr,
                               nullptr, FUTEX_BITSET_MATCH_ANY);
      return r == 0 || errno != ETIMEDOUT;
    });
  }
  __atomic_fetch_sub(sleepers, 1, __ATOMIC_SEQ_CST);
  if (p.stopping()) return false;
  word_lock(p, mtx_word(p, m));
  _Mtx_reset_owner(p, Ptr(m));
  return woken;
}

int32_t _Cnd_wait(WindowsProcess& p, Ptr c, Ptr m) {
  cnd_wait(p, c.addr, m.addr, -1);
  return kThrdSuccess;
}

// Waits until the time `xt` at the latest: _Thrd_timedout after it.
int32_t _Cnd_timedwait(WindowsProcess& p, Ptr c, Ptr m, Ptr xt) {
  return cnd_wait(p, c.addr, m.addr, diff_to_millis(p, xt.addr)) ? kThrdSuccess : kThrdTimedout;
}

// ---- notify_all_at_thread_exit: the mutexes a thread holds until it ends, with the condition
// variable each wakes then and the flag each sets ----

struct AtExit {
  uint32_t thread;
  uint64_t cnd, mtx, flag;
};
struct ThreadsState : DllStateBase {
  std::vector<AtExit> at_exit;
  uint32_t shared_ptr_lock = 0;
};
ThreadsState& state(WindowsProcess& p) { return dll_state<ThreadsState>(p); }

void _Cnd_register_at_thread_exit(WindowsProcess& p, Ptr c, Ptr m, Ptr flag) {
  state(p).at_exit.push_back({p.thread().id, c.addr, m.addr, flag.addr});
}

void _Cnd_unregister_at_thread_exit(WindowsProcess& p, Ptr m) {
  auto& v = state(p).at_exit;
  std::erase_if(v, [&](const AtExit& e) { return e.mtx == m.addr; });
}

// The calling thread's registrations: each mutex unlocked, its condition variable woken, its flag set.
void _Cnd_do_broadcast_at_thread_exit(WindowsProcess& p) {
  auto& v = state(p).at_exit;
  const uint32_t me = p.thread().id;
  for (size_t i = 0; i < v.size();) {
    if (v[i].thread != me) {
      ++i;
      continue;
    }
    const AtExit e = v[i];
    v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
    _Mtx_unlock(p, Ptr(e.mtx));
    wake(p, e.cnd, true);
    if (e.flag) put<int32_t>(e.flag, 1);
  }
}

// ---- _Thrd: _Thrd_t is {HANDLE handle; DWORD id}, passed by value: on i386 in two stack slots,
// on x64 (16 bytes) as a pointer to a copy ----

struct Thrd {
  uint64_t handle;
  uint32_t id;
};
// The _Thrd_t argument that starts at slot `a` (x64: a pointer in it; i386: it and `b`).
Thrd thrd_arg(const WindowsProcess& p, uint64_t a, uint64_t b) {
  if (p.isa->ptr == 8) return {p.get_ptr(a), get<uint32_t>(a + 8)};
  return {a, static_cast<uint32_t>(b)};
}

int32_t _Thrd_equal(WindowsProcess& p, Ptr a0, Ptr a1, Ptr a2, Ptr a3) {
  const Thrd a = thrd_arg(p, a0.addr, a1.addr);
  const Thrd b = p.isa->ptr == 8 ? thrd_arg(p, a1.addr, 0) : thrd_arg(p, a2.addr, a3.addr);
  return a.id == b.id;
}

// Sleeps until the time `xt` (at once, yielding, if it has passed).
void _Thrd_sleep(WindowsProcess& p, Ptr xt) {
  const int32_t ms = diff_to_millis(p, xt.addr);
  if (ms <= 0) blocking(p, [] { return ::sched_yield(); });
  else wait_until(p, static_cast<uint32_t>(ms), [] { return false; });
}

void _Thrd_yield(WindowsProcess& p) { blocking(p, [] { return ::sched_yield(); }); }

uint32_t _Thrd_id(WindowsProcess& p) { return p.thread().id; }

// The calling thread: the pseudo handle that names it (GetCurrentThread's) and its id. x64
// returns the 16 bytes through the hidden pointer `ret`; i386 the 8 in edx:eax.
uint64_t _Thrd_current(WindowsProcess& p, Ptr ret) {
  const uint32_t id = p.thread().id;
  if (p.isa->ptr == 4) return 0xfffffffeull | uint64_t{id} << 32;
  p.put_ptr(ret.addr, ~1ull);
  put<uint64_t>(ret.addr + 8, id);
  return ret.addr;
}

uint32_t _Thrd_hardware_concurrency(WindowsProcess&) { return processor_count(); }

// Closes the thread's handle as CloseHandle does.
bool close_thread_handle(WindowsProcess& p, uint64_t h) {
  p.inheritable.erase(h);
  p.inherited.erase(h);
  return p.waitables.erase(h) != 0;
}

// Waits for the thread to end, stores its exit code at `code` (when not null) and closes its handle.
int32_t _Thrd_join(WindowsProcess& p, Ptr a0, Ptr a1, Ptr a2) {
  const Thrd t = thrd_arg(p, a0.addr, a1.addr);
  const uint64_t code = p.isa->ptr == 8 ? a1.addr : a2.addr;
  if (wait_for_object(p, t.handle, kInfinite) != 0) return kThrdError;
  if (Waitable* w = waitable_of_kind(p, t.handle, Waitable::Kind::Thread)) put<uint32_t>(code, w->exit_code);
  close_thread_handle(p, t.handle);
  return kThrdSuccess;
}

int32_t _Thrd_detach(WindowsProcess& p, Ptr a0, Ptr a1) {
  return close_thread_handle(p, thrd_arg(p, a0.addr, a1.addr).handle) ? kThrdSuccess : kThrdError;
}

void put_thrd(WindowsProcess& p, uint64_t at, uint64_t handle, uint32_t id) {
  p.put_ptr(at, handle);
  put<uint32_t>(at + p.isa->ptr, id);
}

// A new thread running the Windows thread routine `start`(arg).
int32_t _Thrd_start(WindowsProcess& p, Ptr thr, Ptr start, Ptr arg) {
  uint32_t id = 0;
  const uint64_t h = create_thread(p, start.addr, arg.addr, 0, false, &id);
  put_thrd(p, thr.addr, h, id);
  return h ? kThrdSuccess : kThrdError;
}

// A new thread running the C function `fn`(arg) (cdecl on i386); its result is the thread's exit code.
int32_t _Thrd_create(WindowsProcess& p, Ptr thr, Ptr fn, Ptr arg) {
  uint32_t id = 0;
  const uint64_t f = fn.addr, a = arg.addr;
  const uint64_t h = create_thread(p, 0, 0, 0, false, &id, [f, a](WindowsProcess& q) {
    return static_cast<uint32_t>(q.call_guest(f, {a}));
  });
  put_thrd(p, thr.addr, h, id);
  return h ? kThrdSuccess : kThrdError;
}

// ---- std::call_once: an INIT_ONCE (0 not run, 1 running, 2 done) and its callback
// BOOL (once, param, context) — stdcall on i386 ----

constexpr uint32_t kOnceRunning = 1, kOnceDone = 2;

int32_t _Execute_once(WindowsProcess& p, Ptr once, Ptr fn, Ptr param) {
  uint32_t* w = static_cast<uint32_t*>(guest_pointer(once.addr));
  for (;;) {
    uint32_t v = 0;
    if (__atomic_compare_exchange_n(w, &v, kOnceRunning, false, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) break;
    if (v & kOnceDone) return 1;
    if (waits_forever(p, "for a std::call_once that does not finish")) return 0;
    futex_wait_unlocked(p, reinterpret_cast<int32_t*>(w), static_cast<int32_t>(v));
    if (p.stopping()) return 0;
  }
  const int32_t ok = static_cast<int32_t>(p.call_guest(fn.addr, {once.addr, param.addr, 0}));
  if (p.stopping()) return 0;
  __atomic_store_n(w, ok ? kOnceDone : 0u, __ATOMIC_RELEASE);
  ::syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
  return ok;
}

// ---- shared_ptr's atomic operations: one process-wide spin lock ----

void _Lock_shared_ptr_spin_lock(WindowsProcess& p) {
  uint32_t* l = &state(p).shared_ptr_lock;
  for (unsigned spins = 0;; ++spins) {
    uint32_t v = 0;
    if (__atomic_compare_exchange_n(l, &v, 1u, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
    if (spins % 1000 == 999) {
      if (waits_forever(p, "for shared_ptr's spin lock")) return;
      blocking(p, [] { return ::sched_yield(); });
    }
  }
}
void _Unlock_shared_ptr_spin_lock(WindowsProcess& p) { __atomic_store_n(&state(p).shared_ptr_lock, 0u, __ATOMIC_RELEASE); }

// ---- stdext::threads: a mutex that is a CRITICAL_SECTION (KERNEL32's, in core) ----

constexpr uint64_t critical_section_size(const WindowsProcess& p) { return p.isa->ptr == 8 ? 40 : 24; }

void threads_Mtx_new(WindowsProcess& p, Ptr out) {
  // InitializeCriticalSection's state: LockCount -1, nothing else set.
  const uint64_t cs = p.heap.alloc(critical_section_size(p), true);
  if (cs) put<int32_t>(cs + p.isa->ptr, -1);
  p.put_ptr(out.addr, cs);
}
void threads_Mtx_delete(WindowsProcess&, Ptr) {}  // (DeleteCriticalSection: nothing to release)
void threads_Mtx_lock(WindowsProcess& p, Ptr cs) { enter_critical_section(p, cs.addr); }
void threads_Mtx_unlock(WindowsProcess& p, Ptr cs) { leave_critical_section(p, cs.addr); }

// ---- Visual C++ 2012 and 2013's names (MSVCP110, MSVCP120) ----

int32_t _Thrd_lt(WindowsProcess& p, Ptr a0, Ptr a1, Ptr a2, Ptr a3) {
  const Thrd a = thrd_arg(p, a0.addr, a1.addr);
  const Thrd b = p.isa->ptr == 8 ? thrd_arg(p, a1.addr, 0) : thrd_arg(p, a2.addr, a3.addr);
  return a.id < b.id;
}

// std::call_once of Visual C++ 2012/2013: an int flag (1 once the function has run) and one lock
// for the process, a critical section that the function may enter again (a call_once inside it).
struct CallOnceState : DllStateBase {
  uint64_t cs = 0;
};
uint64_t call_once_lock(WindowsProcess& p) {
  uint64_t& cs = dll_state<CallOnceState>(p).cs;
  if (!cs) {
    cs = p.heap.alloc(critical_section_size(p), true);
    put<int32_t>(cs + p.isa->ptr, -1);  // (InitializeCriticalSection's LockCount)
  }
  return cs;
}
void _Call_onceEx(WindowsProcess& p, Ptr once, Ptr fn, Ptr arg) {
  const uint64_t cs = call_once_lock(p);
  enter_critical_section(p, cs);
  if (!get<int32_t>(once.addr)) {
    p.call_guest(fn.addr, {arg.addr});
    if (!p.stopping()) put<int32_t>(once.addr, 1);
  }
  leave_critical_section(p, cs);
}
void _Call_once(WindowsProcess& p, Ptr once, Ptr fn) {
  const uint64_t cs = call_once_lock(p);
  enter_critical_section(p, cs);
  if (!get<int32_t>(once.addr)) {
    p.call_guest(fn.addr, {});
    if (!p.stopping()) put<int32_t>(once.addr, 1);
  }
  leave_critical_section(p, cs);
}
// _Do_call(obj): the object's first virtual function (std::function's call helper).
void _Do_call(WindowsProcess& p, Ptr obj) { objects::vcall(p, obj.addr, 0, {}); }

// std::_Pad, the launch pad of std::thread: {vtable; _Cnd_t; _Mtx_t; bool launched}. Its
// constructor locks the mutex; _Launch starts a thread running the pad's _Go (the program's
// derived class's first virtual function) and waits until that thread's _Release says it has
// taken its arguments.
uint64_t pad_cnd(const WindowsProcess& p, uint64_t pad) { return pad + p.isa->ptr; }
uint64_t pad_mtx(const WindowsProcess& p, uint64_t pad) { return pad + 2 * p.isa->ptr; }
uint64_t pad_launched(const WindowsProcess& p, uint64_t pad) { return pad + 3 * p.isa->ptr; }
const std::vector<Export>& pad_vtable();
Ptr pad_ctor(WindowsProcess& p, Ptr self) {
  p.put_ptr(self.addr, objects::vtable(p, pad_vtable()));
  _Cnd_init(p, Ptr(pad_cnd(p, self.addr)));
  _Mtx_init(p, Ptr(pad_mtx(p, self.addr)), 0);
  put<uint8_t>(pad_launched(p, self.addr), 0);
  _Mtx_lock(p, Ptr(p.get_ptr(pad_mtx(p, self.addr))));
  return self;
}
Ptr pad_assign(WindowsProcess& p, Ptr self, Ptr other) {
  p.put_ptr(pad_cnd(p, self.addr), p.get_ptr(pad_cnd(p, other.addr)));
  p.put_ptr(pad_mtx(p, self.addr), p.get_ptr(pad_mtx(p, other.addr)));
  put<uint8_t>(pad_launched(p, self.addr), get<uint8_t>(pad_launched(p, other.addr)));
  return self;
}
Ptr pad_copy_ctor(WindowsProcess& p, Ptr self, Ptr other) {
  p.put_ptr(self.addr, objects::vtable(p, pad_vtable()));
  return pad_assign(p, self, other);
}
void pad_dtor(WindowsProcess& p, Ptr self) {
  const uint64_t m = p.get_ptr(pad_mtx(p, self.addr));
  _Mtx_unlock(p, Ptr(m));
  _Mtx_destroy(p, Ptr(m));
  _Cnd_destroy(p, Ptr(p.get_ptr(pad_cnd(p, self.addr))));
}
// The base class's _Go, which a derived pad replaces: nothing to run.
uint32_t pad_Go(WindowsProcess&, Ptr) { return 0; }
void pad_Launch(WindowsProcess& p, Ptr self, Ptr thr) {
  const uint64_t pad = self.addr;
  uint32_t id = 0;
  const uint64_t h = create_thread(p, 0, 0, 0, false, &id, [pad](WindowsProcess& q) {
    return static_cast<uint32_t>(objects::vcall(q, pad, 0, {}));
  });
  put_thrd(p, thr.addr, h, id);
  _Cnd_wait(p, Ptr(p.get_ptr(pad_cnd(p, pad))), Ptr(p.get_ptr(pad_mtx(p, pad))));
}
void pad_Release(WindowsProcess& p, Ptr self) {
  const uint64_t m = p.get_ptr(pad_mtx(p, self.addr));
  _Mtx_lock(p, Ptr(m));
  put<uint8_t>(pad_launched(p, self.addr), 1);
  _Cnd_signal(p, Ptr(p.get_ptr(pad_cnd(p, self.addr))));
  _Mtx_unlock(p, Ptr(m));
}
const std::vector<Export>& pad_vtable() {
  static const std::vector<Export> v = {EXPORT_METHOD("std::_Pad::_Go", pad_Go)};
  return v;
}
uint64_t pad_vtable_data(WindowsProcess& p) { return objects::vtable(p, pad_vtable()); }

}  // namespace

const std::vector<Export>& thread_exports() {
  static const std::vector<Export> e = {
      EXPORT("_Mtx_init_in_situ", _Mtx_init_in_situ),
      EXPORT("_Mtx_init", _Mtx_init),
      EXPORT("_Mtx_destroy_in_situ", _Mtx_destroy_in_situ),
      EXPORT("_Mtx_destroy", _Mtx_destroy),
      EXPORT("_Mtx_current_owns", _Mtx_current_owns),
      EXPORT("_Mtx_lock", _Mtx_lock),
      EXPORT("_Mtx_trylock", _Mtx_trylock),
      EXPORT("_Mtx_unlock", _Mtx_unlock),
      EXPORT("_Mtx_getconcrtcs", _Mtx_getconcrtcs),
      EXPORT("_Mtx_clear_owner", _Mtx_clear_owner),
      EXPORT("_Mtx_reset_owner", _Mtx_reset_owner),
      EXPORT("_Xtime_get_ticks", _Xtime_get_ticks),
      EXPORT("_Xtime_diff_to_millis2", _Xtime_diff_to_millis2),
      EXPORT("_Xtime_diff_to_millis", _Xtime_diff_to_millis),
      EXPORT("xtime_get", xtime_get),
      EXPORT("_Query_perf_counter", _Query_perf_counter),
      EXPORT("_Query_perf_frequency", _Query_perf_frequency),
      EXPORT("_Cnd_init_in_situ", _Cnd_init_in_situ),
      EXPORT("_Cnd_init", _Cnd_init),
      EXPORT("_Cnd_destroy_in_situ", _Cnd_destroy_in_situ),
      EXPORT("_Cnd_destroy", _Cnd_destroy),
      EXPORT("_Cnd_broadcast", _Cnd_broadcast),
      EXPORT("_Cnd_signal", _Cnd_signal),
      EXPORT("_Cnd_wait", _Cnd_wait),
      EXPORT("_Cnd_timedwait", _Cnd_timedwait),
      EXPORT("_Cnd_register_at_thread_exit", _Cnd_register_at_thread_exit),
      EXPORT("_Cnd_unregister_at_thread_exit", _Cnd_unregister_at_thread_exit),
      EXPORT("_Cnd_do_broadcast_at_thread_exit", _Cnd_do_broadcast_at_thread_exit),
      EXPORT("_Thrd_equal", _Thrd_equal),
      EXPORT("_Thrd_sleep", _Thrd_sleep),
      EXPORT("_Thrd_yield", _Thrd_yield),
      EXPORT("_Thrd_id", _Thrd_id),
      EXPORT("_Thrd_current", _Thrd_current),
      EXPORT("_Thrd_hardware_concurrency", _Thrd_hardware_concurrency),
      EXPORT("_Thrd_join", _Thrd_join),
      EXPORT("_Thrd_detach", _Thrd_detach),
      EXPORT("_Thrd_start", _Thrd_start),
      EXPORT("_Thrd_create", _Thrd_create),
      MSVCP_FUNCTION("?_Execute_once@std@@YAHAAUonce_flag@1@P6GHPAX1PAPAX@Z1@Z",
                     "?_Execute_once@std@@YAHAEAUonce_flag@1@P6AHPEAX1PEAPEAX@Z1@Z", _Execute_once),
      EXPORT("_Lock_shared_ptr_spin_lock", _Lock_shared_ptr_spin_lock),
      EXPORT("_Unlock_shared_ptr_spin_lock", _Unlock_shared_ptr_spin_lock),
      MSVCP_FUNCTION("?_Mtx_new@threads@stdext@@YAXAAPAX@Z", "?_Mtx_new@threads@stdext@@YAXAEAPEAX@Z", threads_Mtx_new),
      MSVCP_FUNCTION("?_Mtx_delete@threads@stdext@@YAXPAX@Z", "?_Mtx_delete@threads@stdext@@YAXPEAX@Z",
                     threads_Mtx_delete),
      MSVCP_FUNCTION("?_Mtx_lock@threads@stdext@@YAXPAX@Z", "?_Mtx_lock@threads@stdext@@YAXPEAX@Z", threads_Mtx_lock),
      MSVCP_FUNCTION("?_Mtx_unlock@threads@stdext@@YAXPAX@Z", "?_Mtx_unlock@threads@stdext@@YAXPEAX@Z",
                     threads_Mtx_unlock),
  };
  return e;
}

const std::vector<Export>& thread_vc12_exports() {
  static const std::vector<Export> e = {
      EXPORT("_Thrd_lt", _Thrd_lt),
      EXPORT("_Call_once", _Call_once),
      EXPORT("_Call_onceEx", _Call_onceEx),
      EXPORT("_Do_call", _Do_call),
      MSVCP_METHOD("??0_Pad@std@@QAE@XZ", "??0_Pad@std@@QEAA@XZ", pad_ctor),
      MSVCP_METHOD("??0_Pad@std@@QAE@ABV01@@Z", "??0_Pad@std@@QEAA@AEBV01@@Z", pad_copy_ctor),
      MSVCP_METHOD("??4_Pad@std@@QAEAAV01@ABV01@@Z", "??4_Pad@std@@QEAAAEAV01@AEBV01@@Z", pad_assign),
      MSVCP_METHOD("??1_Pad@std@@QAE@XZ", "??1_Pad@std@@QEAA@XZ", pad_dtor),
      MSVCP_METHOD("?_Launch@_Pad@std@@QAEXPAU_Thrd_imp_t@@@Z", "?_Launch@_Pad@std@@QEAAXPEAU_Thrd_imp_t@@@Z", pad_Launch),
      MSVCP_METHOD("?_Release@_Pad@std@@QAEXXZ", "?_Release@_Pad@std@@QEAAXXZ", pad_Release),
      EXPORT_DATA("??_7_Pad@std@@6B@", pad_vtable_data),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
