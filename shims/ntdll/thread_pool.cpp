// NTDLL's thread pool (the Tp* functions: TpAllocWork, TpPostWork, TpAllocTimer, TpSetTimer,
// TpAllocWait, TpSetWait, TpAllocCleanupGroup, the callback instance's TpCallback*OnCompletion …),
// the Rtl timer queues and registered waits (RtlCreateTimerQueue, RtlCreateTimer, RtlRegisterWait,
// RtlQueueWorkItem …), and KERNEL32's functions made of them, which KERNEL32's table joins
// (ntdll_kernel32_thread_pool_exports, as Windows' KERNEL32 forwards them here): work (CreateThreadpoolWork, SubmitThreadpoolWork,
// TrySubmitThreadpoolCallback), timers (CreateThreadpoolTimer, SetThreadpoolTimer(Ex)), waits
// (CreateThreadpoolWait, SetThreadpoolWait(Ex)), waiting for and closing them, cleanup groups and
// pools; the callback instance's actions (FreeLibrary/SetEvent/ReleaseSemaphore…WhenCallbackReturns);
// and the older interfaces on the same machinery: RegisterWaitForSingleObject/UnregisterWait(Ex)
// and the timer queues (CreateTimerQueueTimer, ChangeTimerQueueTimer, DeleteTimerQueueTimer,
// DeleteTimerQueue(Ex)).
//
// Each submitted work item runs on a guest thread of the pool: an idle one (a thread whose callback
// returned waits ten seconds for another before it ends, as Windows' workers idle), else a new one,
// so work items run in parallel as on Windows; a timer or wait has one pool thread while it is set,
// which sleeps on the process's waits (WindowsProcess::sync) until its time or its object comes and
// runs the callbacks one after the other. Pools and their thread limits are accepted and have no
// effect on that schedule (every callback gets a thread); the objects the program holds (PTP_WORK, the
// timer queue's HANDLEs …) are small blocks of the process heap, so they are unique guest addresses.
#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/io_completion.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_thread_pool_impl {

using Clock = std::chrono::steady_clock;
constexpr uint32_t kWaitObject0 = 0, kWaitTimeout = 0x102;
constexpr uint32_t kWtExecuteOnlyOnce = 0x8;

struct PoolObject {
  // How the callback is called: (instance, context, object[, result]) for the thread pool's work,
  // timers and waits; (context, fired) for a registered wait and a timer queue's timer; (instance,
  // context) for TrySubmitThreadpoolCallback; (context) for RtlQueueWorkItem's.
  // An I/O object's: (instance, context, overlapped, IO_STATUS_BLOCK*, object) for NTDLL's
  // TpAllocIoCompletion, (instance, context, overlapped, error, bytes, object) for
  // CreateThreadpoolIo, (error, bytes, overlapped) for BindIoCompletionCallback.
  enum class Kind { Work, Timer, Wait, Simple, RegisteredWait, QueueTimer, Item, Io, Win32Io, BoundIo } kind;
  uint64_t address = 0;  // what the program holds
  uint64_t callback = 0, context = 0;
  uint64_t group = 0;    // its cleanup group (0: none)
  uint64_t queue = 0;    // a timer queue's timer: its queue
  uint32_t pending = 0;  // work submitted and not started
  uint32_t running = 0;  // callbacks running now
  bool closed = false;   // closed, unregistered or deleted: no callback starts any more
  bool watched = false;  // a timer's or wait's thread runs
  uint64_t generation = 0;  // changed by every Set*: the watcher looks again
  // A timer: when it is next due and its period; a wait: its object and time-out.
  std::optional<Clock::time_point> due;
  uint32_t period_ms = 0;
  // A thread-pool timer: set by SetThreadpoolTimer with a due time, until set again with none; a
  // one-shot timer that has fired stays set (IsThreadpoolTimerSet; wine's TpIsTimerSet likewise).
  bool timer_set = false;
  std::shared_ptr<Waitable> object;
  uint32_t timeout_ms = kInfinite;
  bool once = false;  // a registered wait with WT_EXECUTEONLYONCE
  std::vector<std::shared_ptr<Waitable>> when_done;  // events set once its callbacks are over
  // An I/O object: the file, the port its operations report to (the object's own), the operations
  // started (StartThreadpoolIo) whose end is awaited, the packet its callback is called for, and
  // the IO_STATUS_BLOCK NTDLL's callback is given (guest memory).
  uint64_t file = 0;
  std::shared_ptr<CompletionPort> port;
  uint32_t io_expected = 0;
  CompletionPort::Packet packet{};
  uint64_t iosb = 0;
};

std::map<uint64_t, std::shared_ptr<PoolObject>>& objects() {
  static std::map<uint64_t, std::shared_ptr<PoolObject>> all;
  return all;
}
// Timer queues (their HANDLEs) and the default one (a null queue).
std::map<uint64_t, bool>& timer_queues() {
  static std::map<uint64_t, bool> all;
  return all;
}

// What a running callback's instance asks to be done when it returns.
struct CallbackInstance {
  std::shared_ptr<PoolObject> object;
  std::vector<uint64_t> free_libraries;
  std::vector<std::pair<std::shared_ptr<Waitable>, int64_t>> releases;  // events to set, semaphores to release (by)
  std::vector<uint64_t> critical_sections;  // to leave
  std::vector<std::shared_ptr<Waitable>> mutexes;  // to release (the callback's thread owns them)
  bool disassociated = false;  // no longer counted among its object's running callbacks
};
std::map<uint64_t, CallbackInstance>& instances() {
  static std::map<uint64_t, CallbackInstance> all;
  return all;
}

uint64_t new_address(WindowsProcess& p) { return p.heap.alloc(16, true); }

std::shared_ptr<PoolObject> find_object(uint64_t address, PoolObject::Kind kind) {
  auto it = objects().find(address);
  return it == objects().end() || it->second->kind != kind ? nullptr : it->second;
}

// A closed object whose callbacks are over goes, with the events waiting for that set.
void settle(WindowsProcess& p, const std::shared_ptr<PoolObject>& o) {
  if (!o->closed || o->running || o->pending || o->watched) return;
  for (auto& w : o->when_done) set_waitable_level(p, *w, 1);
  o->when_done.clear();
  if (objects().erase(o->address)) p.heap.free(o->address);
  p.wake_waiters();
}

// Releases a mutex the calling thread owns once (ReleaseMutex's work); nothing if it does not own it.
void release_owned_mutex(WindowsProcess& p, Waitable& m) {
  const uint32_t me = p.thread().id;
  if (m.shared) {
    if (!shared_mutex_release(m, me)) return;
  } else {
    if (m.count == 0 || m.id != me) return;
    if (--m.count == 0) m.id = 0;
  }
  p.wake_waiters();
}

// Runs one callback on the calling (pool) thread, then what its instance asked for.
void run_callback(WindowsProcess& p, const std::shared_ptr<PoolObject>& o, uint32_t wait_result) {
  const uint64_t instance = p.thread().teb;  // one callback runs on a thread at a time
  instances()[instance] = CallbackInstance{o, {}, {}, {}, {}, false};
  switch (o->kind) {
    case PoolObject::Kind::Work:
    case PoolObject::Kind::Timer: p.call_guest(o->callback, {instance, o->context, o->address}); break;
    case PoolObject::Kind::Wait: p.call_guest(o->callback, {instance, o->context, o->address, wait_result}); break;
    case PoolObject::Kind::Simple: p.call_guest(o->callback, {instance, o->context}); break;
    case PoolObject::Kind::Item: p.call_guest(o->callback, {o->context}); break;
    case PoolObject::Kind::RegisteredWait:
    case PoolObject::Kind::QueueTimer: p.call_guest(o->callback, {o->context, wait_result == kWaitTimeout ? 1u : 0u}); break;
    case PoolObject::Kind::Io:
      p.put_ptr(o->iosb, o->packet.status);
      p.put_ptr(o->iosb + p.isa->ptr, o->packet.bytes);
      p.call_guest(o->callback, {instance, o->context, o->packet.overlapped, o->iosb, o->address});
      break;
    case PoolObject::Kind::Win32Io:
      p.call_guest(o->callback, {instance, o->context, o->packet.overlapped, win_error_from_nt_status(o->packet.status),
                                 o->packet.bytes, o->address});
      break;
    case PoolObject::Kind::BoundIo:
      p.call_guest(o->callback, {win_error_from_nt_status(o->packet.status), o->packet.bytes, o->packet.overlapped});
      break;
  }
  CallbackInstance done = std::move(instances()[instance]);
  instances().erase(instance);
  if (p.stopping()) return;
  for (auto& [w, n] : done.releases)
    set_waitable_level(p, *w, w->kind == Waitable::Kind::Semaphore ? std::min<int64_t>(w->count + n, w->maximum) : 1);
  for (uint64_t cs : done.critical_sections) leave_critical_section(p, cs);
  for (auto& m : done.mutexes) release_owned_mutex(p, *m);
  for (uint64_t module : done.free_libraries) free_library(p, module);
  if (!done.disassociated) --o->running;
  p.wake_waiters();
}

// The pool's threads: each runs what it is given, then waits idle for more, for kIdleMs, before it
// ends, as Windows' worker threads do; a callback is given to an idle thread where there is one.
// (Under the guest-call lock, as all of the pool's state.)
constexpr uint32_t kIdleMs = 10000;
struct Worker {
  std::function<void(WindowsProcess&)> next;
};
std::vector<std::shared_ptr<Worker>>& idle_workers() {
  static std::vector<std::shared_ptr<Worker>> idle;
  return idle;
}

// Runs `body` on a thread of the pool (an idle one, else a new one); false when no thread can be
// made.
bool pool_thread(WindowsProcess& p, std::function<void(WindowsProcess&)> body) {
  auto& idle = idle_workers();
  if (!idle.empty()) {
    std::shared_ptr<Worker> w = std::move(idle.back());
    idle.pop_back();
    w->next = std::move(body);
    p.wake_waiters();
    return true;
  }
  auto w = std::make_shared<Worker>();
  w->next = std::move(body);
  uint32_t tid = 0;
  const uint64_t h = create_thread(p, 0, 0, 0, false, &tid, [w](WindowsProcess& q) {
    while (w->next) {
      std::function<void(WindowsProcess&)> job = std::move(w->next);
      w->next = nullptr;
      job(q);
      if (q.stopping()) break;
      idle_workers().push_back(w);
      wait_until(q, kIdleMs, [&] { return static_cast<bool>(w->next) || q.stopping(); });
      if (!w->next) std::erase(idle_workers(), w);  // its time was up (or the process is ending)
    }
    return 0u;
  });
  if (!h) return false;
  p.waitables.erase(h);  // (a pool thread's handle is not the program's)
  return true;
}

// A timer's or wait's thread: until the object is closed or no longer set, sleeps until it is due
// or its object is signalled, and runs its callback.
void watch(WindowsProcess& p, std::shared_ptr<PoolObject> o) {
  o->watched = true;
  auto body = [o](WindowsProcess& q) {
    for (;;) {
      if (o->closed || q.stopping()) break;
      const bool timer = o->kind == PoolObject::Kind::Timer || o->kind == PoolObject::Kind::QueueTimer;
      if (timer ? !o->due : !o->object) break;  // not set any more
      const uint64_t generation = o->generation;
      bool signalled = false;
      uint32_t ms = kInfinite;
      if (o->due) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*o->due - Clock::now()).count();
        ms = left <= 0 ? 0 : static_cast<uint32_t>(std::min<int64_t>(left + 1, kInfinite - 1));
      }
      const bool woke = wait_until(q, ms, [&] {
        if (o->closed || o->generation != generation) return true;
        return signalled = o->object && take_if_signalled(*o->object);
      });
      if (q.stopping()) break;
      if (woke && !signalled) continue;  // closed or set again: look afresh
      // Its time came (a timer, or a wait's time-out) or its object was signalled.
      uint32_t result = signalled ? kWaitObject0 : kWaitTimeout;
      if (timer) {
        if (o->period_ms) *o->due += std::chrono::milliseconds(o->period_ms);
        else o->due.reset();
      } else if (o->kind == PoolObject::Kind::Wait || o->once) {
        o->object.reset();  // a thread pool wait fires once, until set again
        o->due.reset();
      } else {
        o->due = o->timeout_ms == kInfinite ? std::nullopt
                                            : std::optional(Clock::now() + std::chrono::milliseconds(o->timeout_ms));
      }
      ++o->running;
      run_callback(q, o, result);
    }
    o->watched = false;
    settle(q, o);
  };
  if (!pool_thread(p, body)) o->watched = false;
}

void rewatch(WindowsProcess& p, const std::shared_ptr<PoolObject>& o) {
  ++o->generation;
  p.wake_waiters();
  if (!o->watched) watch(p, o);
}

// A FILETIME due time: null none; negative, relative in 100 ns units; else absolute (0: now).
std::optional<Clock::time_point> due_from(uint64_t filetime_ptr) {
  if (!filetime_ptr) return std::nullopt;
  const int64_t t = get<int64_t>(filetime_ptr);
  return Clock::now() + std::chrono::milliseconds(t == 0 ? 0 : timeout_ms_from_nt(t));
}

// The cleanup group a callback environment names (TP_CALLBACK_ENVIRON: Version, Pool, CleanupGroup…).
uint64_t group_of(WindowsProcess& p, uint64_t environment) {
  if (!environment) return 0;
  const uint32_t ps = p.isa->ptr;
  return ps == 8 ? get<uint64_t>(environment + 2 * ps) : get<uint32_t>(environment + 2 * ps);
}

uint64_t new_object(WindowsProcess& p, PoolObject::Kind kind, uint64_t callback, uint64_t context, uint64_t env) {
  auto o = std::make_shared<PoolObject>();
  o->kind = kind;
  o->callback = callback;
  o->context = context;
  o->group = group_of(p, env);
  o->address = new_address(p);
  if (!o->address) return fail(p, ERROR_NOT_ENOUGH_MEMORY), 0;
  objects()[o->address] = o;
  return o->address;
}

// Until the object's callbacks are over; with `cancel`, those not started are dropped first and a
// timer or wait is set no more (WaitForThreadpool*Callbacks' fCancelPendingCallbacks).
void wait_callbacks(WindowsProcess& p, const std::shared_ptr<PoolObject>& o, bool cancel) {
  if (cancel) {
    o->pending = 0;
    o->due.reset();
    o->object.reset();
    ++o->generation;  // (its watcher sees it and ends)
    p.wake_waiters();
  }
  if (p.thread().teb && instances().count(p.thread().teb)) {
    // From inside one of its own callbacks: the others only (this one is not over until it returns).
    wait_until(p, kInfinite, [&] { return o->running <= 1 && !o->pending; });
    return;
  }
  wait_until(p, kInfinite, [&] { return !o->running && !o->pending; });
}

void close_object(WindowsProcess& p, const std::shared_ptr<PoolObject>& o) {
  o->closed = true;
  ++o->generation;
  p.wake_waiters();
  settle(p, o);
}

// ---- work ----

Ptr CreateThreadpoolWork(WindowsProcess& p, Ptr callback, Ptr context, Ptr env) {
  return Ptr(new_object(p, PoolObject::Kind::Work, callback.addr, context.addr, env.addr));
}

void submit(WindowsProcess& p, const std::shared_ptr<PoolObject>& o) {
  ++o->pending;
  auto body = [o](WindowsProcess& q) {
    if (!o->pending) return settle(q, o);  // cancelled before it started
    --o->pending;
    ++o->running;
    run_callback(q, o, 0);
    settle(q, o);
  };
  if (!pool_thread(p, body)) --o->pending;
}

void SubmitThreadpoolWork(WindowsProcess& p, Ptr work) {
  if (auto o = find_object(work.addr, PoolObject::Kind::Work)) submit(p, o);
}

BOOL TrySubmitThreadpoolCallback(WindowsProcess& p, Ptr callback, Ptr context, Ptr env) {
  const uint64_t a = new_object(p, PoolObject::Kind::Simple, callback.addr, context.addr, env.addr);
  if (!a) return FALSE;
  auto o = objects()[a];
  o->closed = true;  // it goes when its one callback is over
  submit(p, o);
  return TRUE;
}

void WaitForThreadpoolWorkCallbacks(WindowsProcess& p, Ptr work, BOOL cancel) {
  if (auto o = find_object(work.addr, PoolObject::Kind::Work)) wait_callbacks(p, o, cancel);
}

void CloseThreadpoolWork(WindowsProcess& p, Ptr work) {
  if (auto o = find_object(work.addr, PoolObject::Kind::Work)) close_object(p, o);
}

// ---- timers ----

Ptr CreateThreadpoolTimer(WindowsProcess& p, Ptr callback, Ptr context, Ptr env) {
  return Ptr(new_object(p, PoolObject::Kind::Timer, callback.addr, context.addr, env.addr));
}

// Sets (or with a null due time cancels) the timer; true if it was set before.
bool set_timer(WindowsProcess& p, uint64_t timer, uint64_t due, uint32_t period) {
  auto o = find_object(timer, PoolObject::Kind::Timer);
  if (!o) return false;
  const bool was = o->timer_set;
  o->timer_set = due != 0;
  o->due = due_from(due);
  o->period_ms = period;
  rewatch(p, o);
  return was;
}
void SetThreadpoolTimer(WindowsProcess& p, Ptr timer, Ptr due, uint32_t period, uint32_t) {
  set_timer(p, timer.addr, due.addr, period);
}
BOOL SetThreadpoolTimerEx(WindowsProcess& p, Ptr timer, Ptr due, uint32_t period, uint32_t) {
  return set_timer(p, timer.addr, due.addr, period) ? TRUE : FALSE;
}

BOOL IsThreadpoolTimerSet(WindowsProcess&, Ptr timer) {
  auto o = find_object(timer.addr, PoolObject::Kind::Timer);
  return o && o->timer_set ? TRUE : FALSE;
}

void WaitForThreadpoolTimerCallbacks(WindowsProcess& p, Ptr timer, BOOL cancel) {
  if (auto o = find_object(timer.addr, PoolObject::Kind::Timer)) wait_callbacks(p, o, cancel);
}

void CloseThreadpoolTimer(WindowsProcess& p, Ptr timer) {
  if (auto o = find_object(timer.addr, PoolObject::Kind::Timer)) close_object(p, o);
}

// ---- waits ----

Ptr CreateThreadpoolWait(WindowsProcess& p, Ptr callback, Ptr context, Ptr env) {
  return Ptr(new_object(p, PoolObject::Kind::Wait, callback.addr, context.addr, env.addr));
}

// Waits for the object (a null handle: waits no more) until the time-out (null: none); true if it
// was waiting before.
bool set_wait(WindowsProcess& p, uint64_t wait, uint64_t handle, uint64_t timeout) {
  auto o = find_object(wait, PoolObject::Kind::Wait);
  if (!o) return false;
  const bool was = o->object != nullptr;
  o->object = handle ? waitable_object(p, handle) : nullptr;
  o->due = o->object ? due_from(timeout) : std::nullopt;
  rewatch(p, o);
  return was;
}
void SetThreadpoolWait(WindowsProcess& p, Ptr wait, Ptr handle, Ptr timeout) { set_wait(p, wait.addr, handle.addr, timeout.addr); }
BOOL SetThreadpoolWaitEx(WindowsProcess& p, Ptr wait, Ptr handle, Ptr timeout, Ptr) {
  return set_wait(p, wait.addr, handle.addr, timeout.addr) ? TRUE : FALSE;
}

void WaitForThreadpoolWaitCallbacks(WindowsProcess& p, Ptr wait, BOOL cancel) {
  if (auto o = find_object(wait.addr, PoolObject::Kind::Wait)) wait_callbacks(p, o, cancel);
}

void CloseThreadpoolWait(WindowsProcess& p, Ptr wait) {
  if (auto o = find_object(wait.addr, PoolObject::Kind::Wait)) close_object(p, o);
}

// ---- I/O: a file's overlapped operations, their ends run as callbacks ----

// The object's own port takes the file's completions (its key the object); a thread of the pool
// takes them off and runs the callback for each, one after the other: for NTDLL's and KERNEL32's
// I/O objects those of the operations StartThreadpoolIo announced (another is ignored, as
// StartThreadpoolIo's page says), for BindIoCompletionCallback's every one. Closing the object
// ends the association and its thread.
uint32_t new_io_object(WindowsProcess& p, PoolObject::Kind kind, uint64_t file, uint64_t callback, uint64_t context,
                       uint64_t env, uint64_t* out) {
  if (p.fd_for_handle(file) < 0) return nt::kInvalidHandle;
  if (completion_target(p, file).port || is_completion_port(file)) return nt::kInvalidParameter;  // associated once
  const uint64_t a = new_object(p, kind, callback, context, env);
  if (!a) return nt::kNoMemory;
  auto o = objects()[a];
  o->file = file;
  o->port = std::make_shared<CompletionPort>();
  if (kind == PoolObject::Kind::Io) o->iosb = p.heap.alloc(16, true);
  auto& target = completion_targets()[file];
  target.port = o->port;
  target.key = a;
  o->watched = true;
  auto body = [o](WindowsProcess& q) {
    for (;;) {
      if (o->closed || q.stopping()) break;
      const auto got = take_completion_packets(q, o->port, 1, kInfinite);
      if (o->closed || q.stopping()) break;
      if (got.empty()) continue;
      if (o->kind != PoolObject::Kind::BoundIo) {
        if (!o->io_expected) continue;
        --o->io_expected;
      }
      o->packet = got.front();
      ++o->running;
      run_callback(q, o, 0);
    }
    if (o->iosb) q.heap.free(o->iosb);
    o->iosb = 0;
    o->watched = false;
    settle(q, o);
  };
  if (!pool_thread(p, body)) {
    o->watched = false;
    completion_targets()[file].port = nullptr;
    close_object(p, o);
    return nt::kNoMemory;
  }
  *out = a;
  return nt::kSuccess;
}

std::shared_ptr<PoolObject> find_io(uint64_t io) {
  auto o = find_object(io, PoolObject::Kind::Io);
  return o ? o : find_object(io, PoolObject::Kind::Win32Io);
}

void start_io(uint64_t io) {
  if (auto o = find_io(io)) ++o->io_expected;
}
void cancel_io(uint64_t io) {
  if (auto o = find_io(io); o && o->io_expected) --o->io_expected;
}
// Until its callbacks are over (with `cancel`, the completions not yet taken are dropped).
void wait_io(WindowsProcess& p, uint64_t io, bool cancel) {
  auto o = find_io(io);
  if (!o) return;
  if (cancel) {
    std::lock_guard<std::mutex> g(o->port->m);
    o->port->queue.clear();
  }
  wait_until(p, kInfinite, [&] {
    std::lock_guard<std::mutex> g(o->port->m);
    return !o->running && o->port->queue.empty();
  });
}
void close_io(WindowsProcess& p, const std::shared_ptr<PoolObject>& o) {
  auto& targets = completion_targets();
  auto it = targets.find(o->file);
  if (it != targets.end() && it->second.port == o->port) {
    it->second.port = nullptr;
    it->second.key = 0;
  }
  o->closed = true;
  o->port->post({0, 0, 0, 0});  // (wakes its thread, which sees it closed)
  close_object(p, o);
}

Ptr CreateThreadpoolIo(WindowsProcess& p, Ptr file, Ptr callback, Ptr context, Ptr env) {
  uint64_t a = 0;
  if (const uint32_t s = new_io_object(p, PoolObject::Kind::Win32Io, file.addr, callback.addr, context.addr, env.addr, &a))
    return Ptr(fail(p, win_error_from_nt_status(s)));
  return Ptr(a);
}
void StartThreadpoolIo(WindowsProcess&, Ptr io) { start_io(io.addr); }
void CancelThreadpoolIo(WindowsProcess&, Ptr io) { cancel_io(io.addr); }
void WaitForThreadpoolIoCallbacks(WindowsProcess& p, Ptr io, BOOL cancel) { wait_io(p, io.addr, cancel != 0); }
void CloseThreadpoolIo(WindowsProcess& p, Ptr io) {
  if (auto o = find_io(io.addr)) close_io(p, o);
}

// BindIoCompletionCallback(file, routine, flags): each completion of the file's overlapped
// operations calls routine(error, bytes, overlapped) on a thread of the pool, for as long as the
// file is open (there is no unbinding).
uint32_t bind_io(WindowsProcess& p, uint64_t file, uint64_t routine) {
  uint64_t a = 0;
  return new_io_object(p, PoolObject::Kind::BoundIo, file, routine, 0, 0, &a);
}
BOOL BindIoCompletionCallback(WindowsProcess& p, Ptr file, Ptr routine, uint32_t) {
  const uint32_t s = bind_io(p, file.addr, routine.addr);
  return s ? fail(p, win_error_from_nt_status(s)) : TRUE;
}

// ---- pools and cleanup groups ----

// A TP_POOL's stack sizes (TP_POOL_STACK_INFORMATION: StackReserve, StackCommit), by pool; a
// pool's default is the program's (its image's SizeOfStackReserve and SizeOfStackCommit).
std::map<uint64_t, std::pair<uint64_t, uint64_t>>& pool_stacks() {
  static std::map<uint64_t, std::pair<uint64_t, uint64_t>> all;
  return all;
}

// A new pool (TpAllocPool's, CreateThreadpool's), its stacks the program's; 0 where none can be made.
uint64_t new_pool(WindowsProcess& p) {
  const uint64_t a = new_address(p);
  if (!a) return 0;
  const loader::PeImage& image = p.image;
  const uint64_t nt = image.base + get<uint32_t>(image.base + 0x3c);
  const bool pe64 = get<uint16_t>(nt + 24) == 0x20b;
  const uint64_t reserve = pe64 ? get<uint64_t>(nt + 24 + 72) : get<uint32_t>(nt + 24 + 72);
  const uint64_t commit = pe64 ? get<uint64_t>(nt + 24 + 80) : get<uint32_t>(nt + 24 + 76);
  pool_stacks()[a] = {reserve, commit};
  return a;
}

Ptr CreateThreadpool(WindowsProcess& p, Ptr) {
  const uint64_t a = new_pool(p);
  if (!a) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  return Ptr(a);
}
void CloseThreadpool(WindowsProcess& p, Ptr pool) {
  pool_stacks().erase(pool.addr);
  p.heap.free(pool.addr);
}
void SetThreadpoolThreadMaximum(WindowsProcess&, Ptr, uint32_t) {}  // (every callback has a thread)
BOOL SetThreadpoolThreadMinimum(WindowsProcess&, Ptr, uint32_t) { return TRUE; }

Ptr CreateThreadpoolCleanupGroup(WindowsProcess& p) {
  const uint64_t a = new_address(p);
  if (!a) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  return Ptr(a);
}

// Each object of the group: its callbacks waited for (those not started dropped if `cancel`), then
// closed.
void CloseThreadpoolCleanupGroupMembers(WindowsProcess& p, Ptr group, BOOL cancel, Ptr) {
  std::vector<std::shared_ptr<PoolObject>> members;
  for (const auto& [a, o] : objects())
    if (o->group == group.addr && group.addr) members.push_back(o);
  for (const auto& o : members) {
    if (o->kind == PoolObject::Kind::Io || o->kind == PoolObject::Kind::Win32Io) {
      wait_io(p, o->address, cancel);
      close_io(p, o);
      continue;
    }
    close_object(p, o);
    wait_callbacks(p, o, cancel);
  }
}
void CloseThreadpoolCleanupGroup(WindowsProcess& p, Ptr group) { p.heap.free(group.addr); }

// ---- what a callback's instance does when it returns ----

CallbackInstance* instance_of(uint64_t instance) {
  auto it = instances().find(instance);
  return it == instances().end() ? nullptr : &it->second;
}

void FreeLibraryWhenCallbackReturns(WindowsProcess&, Ptr instance, Ptr module) {
  if (CallbackInstance* i = instance_of(instance.addr)) i->free_libraries.push_back(module.addr);
}
void SetEventWhenCallbackReturns(WindowsProcess& p, Ptr instance, Ptr event) {
  CallbackInstance* i = instance_of(instance.addr);
  auto w = waitable_object(p, event.addr);
  if (i && w && w->kind == Waitable::Kind::Event) i->releases.emplace_back(w, 1);
}
void ReleaseSemaphoreWhenCallbackReturns(WindowsProcess& p, Ptr instance, Ptr semaphore, uint32_t count) {
  CallbackInstance* i = instance_of(instance.addr);
  auto w = waitable_object(p, semaphore.addr);
  if (i && w && w->kind == Waitable::Kind::Semaphore) i->releases.emplace_back(w, count);
}
BOOL CallbackMayRunLong(WindowsProcess&, Ptr) { return TRUE; }  // (every callback has a thread)
// WaitFor…Callbacks no longer waits for this callback.
void DisassociateCurrentThreadFromCallback(WindowsProcess& p, Ptr instance) {
  CallbackInstance* i = instance_of(instance.addr);
  if (!i || i->disassociated) return;
  i->disassociated = true;
  --i->object->running;
  p.wake_waiters();
}

// ---- RegisterWaitForSingleObject ----

BOOL RegisterWaitForSingleObject(WindowsProcess& p, Ptr out, Ptr handle, Ptr callback, Ptr context, uint32_t ms,
                                 uint32_t flags) {
  auto w = waitable_object(p, handle.addr);
  if (!w) return fail(p, ERROR_INVALID_HANDLE);
  const uint64_t a = new_object(p, PoolObject::Kind::RegisteredWait, callback.addr, context.addr, 0);
  if (!a) return FALSE;
  auto o = objects()[a];
  o->object = w;
  o->timeout_ms = ms;
  o->once = flags & kWtExecuteOnlyOnce;
  if (ms != kInfinite) o->due = Clock::now() + std::chrono::milliseconds(ms);
  p.put_ptr(out.addr, a);
  rewatch(p, o);
  return TRUE;
}

// Unregisters; then with INVALID_HANDLE_VALUE waits for its callbacks, with an event sets it when
// they are over; with nothing, ERROR_IO_PENDING says that one still runs.
BOOL unregister(WindowsProcess& p, const std::shared_ptr<PoolObject>& o, uint64_t completion) {
  const bool wait = completion == (p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  std::shared_ptr<Waitable> event = completion && !wait ? waitable_object(p, completion) : nullptr;
  const bool busy = o->running > 0;
  if (event) o->when_done.push_back(event);
  close_object(p, o);
  if (wait) wait_callbacks(p, o, false);
  if (busy && !wait && !event) return fail(p, ERROR_IO_PENDING);
  return TRUE;
}

BOOL UnregisterWaitEx(WindowsProcess& p, Ptr wait, Ptr completion) {
  auto o = find_object(wait.addr, PoolObject::Kind::RegisteredWait);
  if (!o) return fail(p, ERROR_INVALID_HANDLE);
  return unregister(p, o, completion.addr);
}
BOOL UnregisterWait(WindowsProcess& p, Ptr wait) { return UnregisterWaitEx(p, wait, Ptr(0)); }

// ---- timer queues ----

Ptr CreateTimerQueue(WindowsProcess& p) {
  const uint64_t a = new_address(p);
  if (!a) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  timer_queues()[a] = true;
  return Ptr(a);
}

bool known_queue(uint64_t queue) { return !queue || timer_queues().count(queue); }

BOOL CreateTimerQueueTimer(WindowsProcess& p, Ptr out, Ptr queue, Ptr callback, Ptr context, uint32_t due,
                           uint32_t period, uint32_t) {
  if (!known_queue(queue.addr)) return fail(p, ERROR_INVALID_HANDLE);
  const uint64_t a = new_object(p, PoolObject::Kind::QueueTimer, callback.addr, context.addr, 0);
  if (!a) return FALSE;
  auto o = objects()[a];
  o->queue = queue.addr;
  o->due = Clock::now() + std::chrono::milliseconds(due);
  o->period_ms = period;
  p.put_ptr(out.addr, a);
  rewatch(p, o);
  return TRUE;
}

BOOL ChangeTimerQueueTimer(WindowsProcess& p, Ptr queue, Ptr timer, uint32_t due, uint32_t period) {
  auto o = find_object(timer.addr, PoolObject::Kind::QueueTimer);
  if (!o || o->queue != queue.addr || o->closed) return fail(p, ERROR_INVALID_HANDLE);
  o->due = Clock::now() + std::chrono::milliseconds(due);
  o->period_ms = period;
  rewatch(p, o);
  return TRUE;
}

BOOL DeleteTimerQueueTimer(WindowsProcess& p, Ptr queue, Ptr timer, Ptr completion) {
  auto o = find_object(timer.addr, PoolObject::Kind::QueueTimer);
  if (!o || o->queue != queue.addr) return fail(p, ERROR_INVALID_PARAMETER);
  return unregister(p, o, completion.addr);
}

// CancelTimerQueueTimer: DeleteTimerQueueTimer without a completion event (the older name).
BOOL CancelTimerQueueTimer(WindowsProcess& p, Ptr queue, Ptr timer) { return DeleteTimerQueueTimer(p, queue, timer, Ptr(0)); }

BOOL DeleteTimerQueueEx(WindowsProcess& p, Ptr queue, Ptr completion) {
  if (!queue || !timer_queues().count(queue.addr)) return fail(p, ERROR_INVALID_HANDLE);
  std::vector<std::shared_ptr<PoolObject>> timers;
  for (const auto& [a, o] : objects())
    if (o->kind == PoolObject::Kind::QueueTimer && o->queue == queue.addr) timers.push_back(o);
  const bool wait = completion.addr == (p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  std::shared_ptr<Waitable> event = completion && !wait ? waitable_object(p, completion.addr) : nullptr;
  bool busy = false;
  for (const auto& o : timers) {
    busy |= o->running > 0;
    close_object(p, o);
    if (wait) wait_callbacks(p, o, false);
  }
  timer_queues().erase(queue.addr);
  p.heap.free(queue.addr);
  if (event) {
    // Set once the last of them is over (at once if none runs).
    bool pending = false;
    for (const auto& o : timers)
      if (objects().count(o->address)) {
        o->when_done.push_back(event);
        pending = true;
        break;  // (one is enough: set_waitable_level is idempotent for an event)
      }
    if (!pending) set_waitable_level(p, *event, 1);
  }
  if (busy && !wait && !event) return fail(p, ERROR_IO_PENDING);
  return TRUE;
}
BOOL DeleteTimerQueue(WindowsProcess& p, Ptr queue) { return DeleteTimerQueueEx(p, queue, Ptr(0)); }


// ---- NTDLL's Tp* functions: the same objects, their NTSTATUS ----


uint32_t out_object(WindowsProcess& p, Ptr out, uint64_t a) {
  if (!a) return nt::kNoMemory;
  p.put_ptr(out.addr, a);
  return nt::kSuccess;
}

uint32_t TpAllocPool(WindowsProcess& p, Ptr out, Ptr) { return out_object(p, out, new_pool(p)); }
void TpReleasePool(WindowsProcess& p, Ptr pool) {
  pool_stacks().erase(pool.addr);
  p.heap.free(pool.addr);
}
void TpSetPoolMaxThreads(WindowsProcess&, Ptr, uint32_t) {}  // (every callback has a thread)
// (A BOOL: TRUE, every callback having a thread.)
uint32_t TpSetPoolMinThreads(WindowsProcess&, Ptr, uint32_t) { return 1; }
uint32_t TpSetPoolStackInformation(WindowsProcess& p, Ptr pool, Ptr info) {
  if (!pool || !info) return nt::kInvalidParameter;
  pool_stacks()[pool.addr] = {p.get_ptr(info.addr), p.get_ptr(info.addr + p.isa->ptr)};
  return nt::kSuccess;
}
uint32_t TpQueryPoolStackInformation(WindowsProcess& p, Ptr pool, Ptr info) {
  auto it = pool_stacks().find(pool.addr);
  if (!pool || !info || it == pool_stacks().end()) return nt::kInvalidParameter;
  p.put_ptr(info.addr, it->second.first);
  p.put_ptr(info.addr + p.isa->ptr, it->second.second);
  return nt::kSuccess;
}

uint32_t TpAllocWork(WindowsProcess& p, Ptr out, Ptr callback, Ptr context, Ptr env) {
  return out_object(p, out, new_object(p, PoolObject::Kind::Work, callback.addr, context.addr, env.addr));
}
void TpPostWork(WindowsProcess& p, Ptr work) { SubmitThreadpoolWork(p, work); }
void TpWaitForWork(WindowsProcess& p, Ptr work, uint32_t cancel) { WaitForThreadpoolWorkCallbacks(p, work, cancel != 0); }
void TpReleaseWork(WindowsProcess& p, Ptr work) { CloseThreadpoolWork(p, work); }
uint32_t TpSimpleTryPost(WindowsProcess& p, Ptr callback, Ptr context, Ptr env) {
  return TrySubmitThreadpoolCallback(p, callback, context, env) ? nt::kSuccess : nt::kNoMemory;
}

uint32_t TpAllocTimer(WindowsProcess& p, Ptr out, Ptr callback, Ptr context, Ptr env) {
  return out_object(p, out, new_object(p, PoolObject::Kind::Timer, callback.addr, context.addr, env.addr));
}
// TpSetTimer(timer, *due (LARGE_INTEGER: negative relative, else absolute; null: cancel), period, window).
void TpSetTimer(WindowsProcess& p, Ptr timer, Ptr due, uint32_t period, uint32_t) { set_timer(p, timer.addr, due.addr, period); }
uint8_t TpIsTimerSet(WindowsProcess& p, Ptr timer) { return IsThreadpoolTimerSet(p, timer) ? 1 : 0; }
void TpWaitForTimer(WindowsProcess& p, Ptr timer, uint32_t cancel) { WaitForThreadpoolTimerCallbacks(p, timer, cancel != 0); }
void TpReleaseTimer(WindowsProcess& p, Ptr timer) { CloseThreadpoolTimer(p, timer); }

uint32_t TpAllocWait(WindowsProcess& p, Ptr out, Ptr callback, Ptr context, Ptr env) {
  return out_object(p, out, new_object(p, PoolObject::Kind::Wait, callback.addr, context.addr, env.addr));
}
void TpSetWait(WindowsProcess& p, Ptr wait, Ptr handle, Ptr timeout) { set_wait(p, wait.addr, handle.addr, timeout.addr); }
void TpWaitForWait(WindowsProcess& p, Ptr wait, uint32_t cancel) { WaitForThreadpoolWaitCallbacks(p, wait, cancel != 0); }
void TpReleaseWait(WindowsProcess& p, Ptr wait) { CloseThreadpoolWait(p, wait); }

// TpAllocIoCompletion(*io, file, callback, context, environment).
uint32_t TpAllocIoCompletion(WindowsProcess& p, Ptr out, Ptr file, Ptr callback, Ptr context, Ptr env) {
  uint64_t a = 0;
  const uint32_t s = new_io_object(p, PoolObject::Kind::Io, file.addr, callback.addr, context.addr, env.addr, &a);
  if (!s) p.put_ptr(out.addr, a);
  return s;
}
void TpStartAsyncIoOperation(WindowsProcess&, Ptr io) { start_io(io.addr); }
void TpCancelAsyncIoOperation(WindowsProcess&, Ptr io) { cancel_io(io.addr); }
void TpWaitForIoCompletion(WindowsProcess& p, Ptr io, uint8_t cancel) { wait_io(p, io.addr, cancel != 0); }
void TpReleaseIoCompletion(WindowsProcess& p, Ptr io) { CloseThreadpoolIo(p, io); }
// RtlSetIoCompletionCallback(file, routine, flags): BindIoCompletionCallback's work.
uint32_t RtlSetIoCompletionCallback(WindowsProcess& p, Ptr file, Ptr routine, uint32_t) {
  return bind_io(p, file.addr, routine.addr);
}

uint32_t TpAllocCleanupGroup(WindowsProcess& p, Ptr out) { return out_object(p, out, new_address(p)); }
void TpReleaseCleanupGroupMembers(WindowsProcess& p, Ptr group, uint32_t cancel, Ptr userdata) {
  CloseThreadpoolCleanupGroupMembers(p, group, cancel != 0, userdata);
}
void TpReleaseCleanupGroup(WindowsProcess& p, Ptr group) { CloseThreadpoolCleanupGroup(p, group); }

void TpCallbackLeaveCriticalSectionOnCompletion(WindowsProcess&, Ptr instance, Ptr cs) {
  if (CallbackInstance* i = instance_of(instance.addr)) i->critical_sections.push_back(cs.addr);
}
uint32_t TpCallbackMayRunLong(WindowsProcess&, Ptr) { return nt::kSuccess; }  // (every callback has a thread)
void TpCallbackReleaseSemaphoreOnCompletion(WindowsProcess& p, Ptr instance, Ptr semaphore, uint32_t count) {
  ReleaseSemaphoreWhenCallbackReturns(p, instance, semaphore, count);
}
// The mutex is released when the callback returns (ReleaseMutexWhenCallbackReturns).
void TpCallbackReleaseMutexOnCompletion(WindowsProcess& p, Ptr instance, Ptr mutex) {
  CallbackInstance* i = instance_of(instance.addr);
  auto w = waitable_object(p, mutex.addr);
  if (i && w && w->kind == Waitable::Kind::Mutex) i->mutexes.push_back(w);
}
void TpCallbackSetEventOnCompletion(WindowsProcess& p, Ptr instance, Ptr event) { SetEventWhenCallbackReturns(p, instance, event); }
void TpCallbackUnloadDllOnCompletion(WindowsProcess& p, Ptr instance, Ptr module) {
  FreeLibraryWhenCallbackReturns(p, instance, module);
}
void TpDisassociateCallback(WindowsProcess& p, Ptr instance) { DisassociateCurrentThreadFromCallback(p, instance); }

// KERNEL32's names of these: the critical section left and the mutex released when the callback
// returns; a pool's stack sizes (a BOOL: FALSE with ERROR_INVALID_PARAMETER where NTDLL refuses).
void LeaveCriticalSectionWhenCallbackReturns(WindowsProcess& p, Ptr instance, Ptr cs) {
  TpCallbackLeaveCriticalSectionOnCompletion(p, instance, cs);
}
void ReleaseMutexWhenCallbackReturns(WindowsProcess& p, Ptr instance, Ptr mutex) {
  TpCallbackReleaseMutexOnCompletion(p, instance, mutex);
}
BOOL SetThreadpoolStackInformation(WindowsProcess& p, Ptr pool, Ptr info) {
  const uint32_t s = TpSetPoolStackInformation(p, pool, info);
  return s ? fail(p, win_error_from_nt_status(s)) : TRUE;
}
BOOL QueryThreadpoolStackInformation(WindowsProcess& p, Ptr pool, Ptr info) {
  const uint32_t s = TpQueryPoolStackInformation(p, pool, info);
  return s ? fail(p, win_error_from_nt_status(s)) : TRUE;
}
// RegisterWaitForSingleObjectEx(object, callback, context, milliseconds, flags): the wait's handle
// (RegisterWaitForSingleObject's, returned), null with the error where it cannot be registered.
Ptr RegisterWaitForSingleObjectEx(WindowsProcess& p, Ptr handle, Ptr callback, Ptr context, uint32_t ms, uint32_t flags) {
  const uint64_t out = new_address(p);
  if (!out) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  const BOOL ok = RegisterWaitForSingleObject(p, Ptr(out), handle, callback, context, ms, flags);
  const uint64_t wait = ok ? p.get_ptr(out) : 0;
  p.heap.free(out);
  return Ptr(wait);
}

// ---- the Rtl timer queues, registered waits and work items ----

uint32_t RtlCreateTimerQueue(WindowsProcess& p, Ptr out) {
  const uint64_t a = new_address(p);
  if (!a) return nt::kNoMemory;
  timer_queues()[a] = true;
  p.put_ptr(out.addr, a);
  return nt::kSuccess;
}
// RtlCreateTimer(queue, *timer, callback, context, due ms, period ms, flags).
uint32_t RtlCreateTimer(WindowsProcess& p, Ptr queue, Ptr out, Ptr callback, Ptr context, uint32_t due,
                        uint32_t period, uint32_t) {
  if (!known_queue(queue.addr)) return nt::kInvalidHandle;
  const uint64_t a = new_object(p, PoolObject::Kind::QueueTimer, callback.addr, context.addr, 0);
  if (!a) return nt::kNoMemory;
  auto o = objects()[a];
  o->queue = queue.addr;
  o->due = Clock::now() + std::chrono::milliseconds(due);
  o->period_ms = period;
  p.put_ptr(out.addr, a);
  rewatch(p, o);
  return nt::kSuccess;
}
uint32_t RtlUpdateTimer(WindowsProcess& p, Ptr queue, Ptr timer, uint32_t due, uint32_t period) {
  auto o = find_object(timer.addr, PoolObject::Kind::QueueTimer);
  if (!o || o->queue != queue.addr || o->closed) return nt::kInvalidParameter;
  o->due = Clock::now() + std::chrono::milliseconds(due);
  o->period_ms = period;
  rewatch(p, o);
  return nt::kSuccess;
}
// The NTSTATUS of unregister(): STATUS_PENDING where a callback still runs and nothing waits.
uint32_t unregister_status(WindowsProcess& p, const std::shared_ptr<PoolObject>& o, uint64_t completion) {
  const bool wait = completion == (p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  const bool busy = o->running > 0;
  std::shared_ptr<Waitable> event = completion && !wait ? waitable_object(p, completion) : nullptr;
  if (event) o->when_done.push_back(event);
  close_object(p, o);
  if (wait) wait_callbacks(p, o, false);
  return busy && !wait && !event ? nt::kPending : nt::kSuccess;
}
uint32_t RtlDeleteTimer(WindowsProcess& p, Ptr queue, Ptr timer, Ptr completion) {
  auto o = find_object(timer.addr, PoolObject::Kind::QueueTimer);
  if (!o || o->queue != queue.addr) return nt::kInvalidParameter;
  return unregister_status(p, o, completion.addr);
}
uint32_t RtlDeleteTimerQueueEx(WindowsProcess& p, Ptr queue, Ptr completion) {
  if (!queue || !timer_queues().count(queue.addr)) return nt::kInvalidHandle;
  const uint32_t before = p.last_error();
  const BOOL ok = DeleteTimerQueueEx(p, queue, completion);
  const bool pending = !ok && p.last_error() == ERROR_IO_PENDING;
  p.set_last_error(before);
  return ok ? nt::kSuccess : pending ? nt::kPending : nt::kInvalidHandle;
}
// RtlRegisterWait(*wait, object, callback, context, milliseconds, WT_* flags).
uint32_t RtlRegisterWait(WindowsProcess& p, Ptr out, Ptr handle, Ptr callback, Ptr context, uint32_t ms, uint32_t flags) {
  auto w = waitable_object(p, handle.addr);
  if (!w) return nt::kInvalidHandle;
  const uint64_t a = new_object(p, PoolObject::Kind::RegisteredWait, callback.addr, context.addr, 0);
  if (!a) return nt::kNoMemory;
  auto o = objects()[a];
  o->object = w;
  o->timeout_ms = ms;
  o->once = flags & kWtExecuteOnlyOnce;
  if (ms != kInfinite) o->due = Clock::now() + std::chrono::milliseconds(ms);
  p.put_ptr(out.addr, a);
  rewatch(p, o);
  return nt::kSuccess;
}
uint32_t RtlDeregisterWaitEx(WindowsProcess& p, Ptr wait, Ptr completion) {
  auto o = find_object(wait.addr, PoolObject::Kind::RegisteredWait);
  if (!o) return nt::kInvalidHandle;
  return unregister_status(p, o, completion.addr);
}
uint32_t RtlDeregisterWait(WindowsProcess& p, Ptr wait) { return RtlDeregisterWaitEx(p, wait, Ptr(0)); }
// RtlQueueWorkItem(callback, context, WT_* flags): callback(context) on a thread of the pool.
uint32_t RtlQueueWorkItem(WindowsProcess& p, Ptr callback, Ptr context, uint32_t) {
  const uint64_t a = new_object(p, PoolObject::Kind::Item, callback.addr, context.addr, 0);
  if (!a) return nt::kNoMemory;
  auto o = objects()[a];
  o->closed = true;  // it goes when its one callback is over
  submit(p, o);
  return nt::kSuccess;
}

}  // namespace ntdll_thread_pool_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_thread_pool_exports() {
  using namespace ntdll_thread_pool_impl;
  static const std::vector<Export> exports = {
      EXPORT("TpAllocPool", TpAllocPool),
      EXPORT("TpReleasePool", TpReleasePool),
      EXPORT("TpSetPoolMaxThreads", TpSetPoolMaxThreads),
      EXPORT("TpSetPoolMinThreads", TpSetPoolMinThreads),
      EXPORT("TpSetPoolStackInformation", TpSetPoolStackInformation),
      EXPORT("TpQueryPoolStackInformation", TpQueryPoolStackInformation),
      EXPORT("TpAllocWork", TpAllocWork),
      EXPORT("TpPostWork", TpPostWork),
      EXPORT("TpWaitForWork", TpWaitForWork),
      EXPORT("TpReleaseWork", TpReleaseWork),
      EXPORT("TpSimpleTryPost", TpSimpleTryPost),
      EXPORT("TpAllocTimer", TpAllocTimer),
      EXPORT("TpSetTimer", TpSetTimer),
      EXPORT("TpIsTimerSet", TpIsTimerSet),
      EXPORT("TpWaitForTimer", TpWaitForTimer),
      EXPORT("TpReleaseTimer", TpReleaseTimer),
      EXPORT("TpAllocWait", TpAllocWait),
      EXPORT("TpSetWait", TpSetWait),
      EXPORT("TpWaitForWait", TpWaitForWait),
      EXPORT("TpReleaseWait", TpReleaseWait),
      EXPORT("TpAllocIoCompletion", TpAllocIoCompletion),
      EXPORT("TpStartAsyncIoOperation", TpStartAsyncIoOperation),
      EXPORT("TpCancelAsyncIoOperation", TpCancelAsyncIoOperation),
      EXPORT("TpWaitForIoCompletion", TpWaitForIoCompletion),
      EXPORT("TpReleaseIoCompletion", TpReleaseIoCompletion),
      EXPORT("RtlSetIoCompletionCallback", RtlSetIoCompletionCallback),
      EXPORT("TpAllocCleanupGroup", TpAllocCleanupGroup),
      EXPORT("TpReleaseCleanupGroupMembers", TpReleaseCleanupGroupMembers),
      EXPORT("TpReleaseCleanupGroup", TpReleaseCleanupGroup),
      EXPORT("TpCallbackLeaveCriticalSectionOnCompletion", TpCallbackLeaveCriticalSectionOnCompletion),
      EXPORT("TpCallbackMayRunLong", TpCallbackMayRunLong),
      EXPORT("TpCallbackReleaseMutexOnCompletion", TpCallbackReleaseMutexOnCompletion),
      EXPORT("TpCallbackReleaseSemaphoreOnCompletion", TpCallbackReleaseSemaphoreOnCompletion),
      EXPORT("TpCallbackSetEventOnCompletion", TpCallbackSetEventOnCompletion),
      EXPORT("TpCallbackUnloadDllOnCompletion", TpCallbackUnloadDllOnCompletion),
      EXPORT("TpDisassociateCallback", TpDisassociateCallback),
      EXPORT("RtlCreateTimerQueue", RtlCreateTimerQueue),
      EXPORT("RtlCreateTimer", RtlCreateTimer),
      EXPORT("RtlUpdateTimer", RtlUpdateTimer),
      EXPORT("RtlDeleteTimer", RtlDeleteTimer),
      EXPORT("RtlDeleteTimerQueueEx", RtlDeleteTimerQueueEx),
      EXPORT("RtlRegisterWait", RtlRegisterWait),
      EXPORT("RtlDeregisterWait", RtlDeregisterWait),
      EXPORT("RtlDeregisterWaitEx", RtlDeregisterWaitEx),
      EXPORT("RtlQueueWorkItem", RtlQueueWorkItem),
  };
  return exports;
}

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& ntdll_kernel32_thread_pool_exports() {
  using namespace ntdll_thread_pool_impl;
  static const std::vector<Export> exports = {
      EXPORT("CreateThreadpoolWork", CreateThreadpoolWork),
      EXPORT("SubmitThreadpoolWork", SubmitThreadpoolWork),
      EXPORT("TrySubmitThreadpoolCallback", TrySubmitThreadpoolCallback),
      EXPORT("WaitForThreadpoolWorkCallbacks", WaitForThreadpoolWorkCallbacks),
      EXPORT("CloseThreadpoolWork", CloseThreadpoolWork),
      EXPORT("CreateThreadpoolTimer", CreateThreadpoolTimer),
      EXPORT("SetThreadpoolTimer", SetThreadpoolTimer),
      EXPORT("SetThreadpoolTimerEx", SetThreadpoolTimerEx),
      EXPORT("IsThreadpoolTimerSet", IsThreadpoolTimerSet),
      EXPORT("WaitForThreadpoolTimerCallbacks", WaitForThreadpoolTimerCallbacks),
      EXPORT("CloseThreadpoolTimer", CloseThreadpoolTimer),
      EXPORT("CreateThreadpoolWait", CreateThreadpoolWait),
      EXPORT("SetThreadpoolWait", SetThreadpoolWait),
      EXPORT("SetThreadpoolWaitEx", SetThreadpoolWaitEx),
      EXPORT("WaitForThreadpoolWaitCallbacks", WaitForThreadpoolWaitCallbacks),
      EXPORT("CloseThreadpoolWait", CloseThreadpoolWait),
      EXPORT("CreateThreadpoolIo", CreateThreadpoolIo),
      EXPORT("StartThreadpoolIo", StartThreadpoolIo),
      EXPORT("CancelThreadpoolIo", CancelThreadpoolIo),
      EXPORT("WaitForThreadpoolIoCallbacks", WaitForThreadpoolIoCallbacks),
      EXPORT("CloseThreadpoolIo", CloseThreadpoolIo),
      EXPORT("BindIoCompletionCallback", BindIoCompletionCallback),
      EXPORT("LeaveCriticalSectionWhenCallbackReturns", LeaveCriticalSectionWhenCallbackReturns),
      EXPORT("ReleaseMutexWhenCallbackReturns", ReleaseMutexWhenCallbackReturns),
      EXPORT("SetThreadpoolStackInformation", SetThreadpoolStackInformation),
      EXPORT("QueryThreadpoolStackInformation", QueryThreadpoolStackInformation),
      EXPORT("RegisterWaitForSingleObjectEx", RegisterWaitForSingleObjectEx),
      EXPORT("CreateThreadpool", CreateThreadpool),
      EXPORT("CloseThreadpool", CloseThreadpool),
      EXPORT("SetThreadpoolThreadMaximum", SetThreadpoolThreadMaximum),
      EXPORT("SetThreadpoolThreadMinimum", SetThreadpoolThreadMinimum),
      EXPORT("CreateThreadpoolCleanupGroup", CreateThreadpoolCleanupGroup),
      EXPORT("CloseThreadpoolCleanupGroupMembers", CloseThreadpoolCleanupGroupMembers),
      EXPORT("CloseThreadpoolCleanupGroup", CloseThreadpoolCleanupGroup),
      EXPORT("FreeLibraryWhenCallbackReturns", FreeLibraryWhenCallbackReturns),
      EXPORT("SetEventWhenCallbackReturns", SetEventWhenCallbackReturns),
      EXPORT("ReleaseSemaphoreWhenCallbackReturns", ReleaseSemaphoreWhenCallbackReturns),
      EXPORT("CallbackMayRunLong", CallbackMayRunLong),
      EXPORT("DisassociateCurrentThreadFromCallback", DisassociateCurrentThreadFromCallback),
      EXPORT("RegisterWaitForSingleObject", RegisterWaitForSingleObject),
      EXPORT("UnregisterWait", UnregisterWait),
      EXPORT("UnregisterWaitEx", UnregisterWaitEx),
      EXPORT("CreateTimerQueue", CreateTimerQueue),
      EXPORT("CreateTimerQueueTimer", CreateTimerQueueTimer),
      EXPORT("ChangeTimerQueueTimer", ChangeTimerQueueTimer),
      EXPORT("DeleteTimerQueueTimer", DeleteTimerQueueTimer),
      EXPORT("CancelTimerQueueTimer", CancelTimerQueueTimer),
      EXPORT("DeleteTimerQueueEx", DeleteTimerQueueEx),
      EXPORT("DeleteTimerQueue", DeleteTimerQueue),
  };
  return exports;
}

}  // namespace polyrun::shims
