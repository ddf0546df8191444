// KERNEL32.dll, threads and synchronisation: thread creation and exit, waitable objects
// (semaphores, events, mutexes, threads, waitable timers), WaitForSingleObject(Ex) and WaitForMultipleObjects,
// critical sections, SRW locks, condition variables, one-time initialisation, WaitOnAddress,
// Sleep and SwitchToThread.
//
// Every call runs under the process's execution lock (core/windows_threads.h), so an object's state
// changes atomically for the guest; a call that must block releases the lock and sleeps on the
// process's condition variable until a change that can end its wait (wait_until). Critical
// sections, SRW locks, condition variables and WaitOnAddress are the exception: natively the
// program's threads take and leave critical sections and SRW locks, and wake condition variables
// and addresses, directly, in parallel, with host atomics, and a thread that must wait sleeps on a
// host futex of its own wait (so do polyrun's own C runtime locks, which are critical sections).
// SRW locks, condition variables, WaitOnAddress and INIT_ONCE are NTDLL's (ntdll/locks.cpp), with
// KERNEL32's BOOL results and last errors here.
// The objects' engine beneath these (handles, counts, the waits, entering and leaving a critical
// section) is core/waitables.cpp's.
#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/locks.h"

#if defined(POLYRUN_NATIVE_X64) && !defined(__SANITIZE_THREAD__)
// Critical sections as Win64 code, for natively running programs (kernel32/x64_leaf.S). Not under
// ThreadSanitizer, which would not see the synchronisation they make: the C++ versions serve.
extern "C" void polyrun_kernel32_EnterCriticalSection();
extern "C" void polyrun_kernel32_TryEnterCriticalSection();
extern "C" void polyrun_kernel32_LeaveCriticalSection();
extern "C" uint64_t polyrun_kernel32_enter_slow;
#define KERNEL32_LEAF(fn) &polyrun_kernel32_##fn
#define KERNEL32_LEAF_SLOW(what) &polyrun_kernel32_##what##_slow
#else
#define KERNEL32_LEAF(fn) nullptr
#define KERNEL32_LEAF_SLOW(what) nullptr
#endif

namespace polyrun::shims {

// Another process's thread (a child's main thread, created suspended): kernel32/process.cpp.
uint32_t suspend_remote_thread(WindowsProcess& p, Waitable& w);
uint32_t resume_remote_thread(WindowsProcess& p, Waitable& w);

namespace {

using Kind = Waitable::Kind;

uint64_t new_handle(WindowsProcess& p, std::shared_ptr<Waitable> w) { return new_waitable_handle(p, std::move(w)); }

uint32_t self_id(WindowsProcess& p) { return p.thread().id; }

// Named objects are shared within the process: creating one that exists opens it.
std::shared_ptr<Waitable> find_named(WindowsProcess& p, const std::string& name, Kind kind) {
  if (name.empty()) return nullptr;
  for (const auto& [h, w] : p.waitables)
    if (w->kind == kind && w->name == name) return w;
  return nullptr;
}

Waitable* object(WindowsProcess& p, uint64_t h, Kind kind) { return waitable_of_kind(p, h, kind); }

// `sa`: the SECURITY_ATTRIBUTES that say whether a child inherits the handle.
Ptr create(WindowsProcess& p, Waitable w, Ptr sa = Ptr(0)) {
  if (auto existing = find_named(p, w.name, w.kind)) {
    p.set_last_error(ERROR_ALREADY_EXISTS);
    return Ptr(p.mark_inheritable(new_handle(p, existing), p.inherits(sa.addr)));
  }
  p.set_last_error(0);
  return Ptr(p.mark_inheritable(new_handle(p, std::make_shared<Waitable>(std::move(w))), p.inherits(sa.addr)));
}

// Adds n to a semaphore's count unless that passes `maximum`; the count before, or -1.
int64_t add_level(WindowsProcess& p, Waitable& w, int64_t n) {
  if (!w.shared) {
    if (w.count + n > w.maximum) return -1;
    int64_t before = w.count;
    w.count += n;
    p.wake_waiters();
    return before;
  }
  int64_t before = w.shared->page->count.load();
  do {
    if (before + n > w.maximum) return -1;
  } while (!w.shared->page->count.compare_exchange_weak(before, before + n));
  w.shared->changed();
  p.wake_waiters();
  return before;
}
Ptr open_named(WindowsProcess& p, const std::string& name, Kind kind) {
  if (auto existing = find_named(p, name, kind)) return Ptr(new_handle(p, existing));
  return Ptr(fail(p, ERROR_FILE_NOT_FOUND));
}

// ---- semaphores ----

Ptr CreateSemaphoreW(WindowsProcess& p, Ptr sa, int32_t initial, int32_t maximum, WStr name) {
  if (maximum <= 0 || initial < 0 || initial > maximum) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return create(p, {Kind::Semaphore, false, initial, maximum, utf16_to_utf8(name.str())}, sa);
}
Ptr CreateSemaphoreA(WindowsProcess& p, Ptr sa, int32_t initial, int32_t maximum, AStr name) {
  if (maximum <= 0 || initial < 0 || initial > maximum) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return create(p, {Kind::Semaphore, false, initial, maximum, name.str()}, sa);
}
// CreateSemaphoreEx: the same, with flags that must be 0 and an access mask (every handle here has
// every access).
Ptr CreateSemaphoreExW(WindowsProcess& p, Ptr sa, int32_t initial, int32_t maximum, WStr name, uint32_t flags, uint32_t) {
  if (flags) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return CreateSemaphoreW(p, sa, initial, maximum, name);
}
Ptr CreateSemaphoreExA(WindowsProcess& p, Ptr sa, int32_t initial, int32_t maximum, AStr name, uint32_t flags, uint32_t) {
  if (flags) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return CreateSemaphoreA(p, sa, initial, maximum, name);
}
Ptr OpenSemaphoreW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_named(p, utf16_to_utf8(name.str()), Kind::Semaphore); }
Ptr OpenSemaphoreA(WindowsProcess& p, uint32_t, int32_t, AStr name) { return open_named(p, name.str(), Kind::Semaphore); }

BOOL ReleaseSemaphore(WindowsProcess& p, Ptr h, int32_t count, Ptr previous) {
  Waitable* s = object(p, h.addr, Kind::Semaphore);
  if (!s) return fail(p, ERROR_INVALID_HANDLE);
  int64_t before = count <= 0 ? -1 : add_level(p, *s, count);
  if (before < 0) return fail(p, 298);  // ERROR_TOO_MANY_POSTS
  put<int32_t>(previous.addr, static_cast<int32_t>(before));
  return TRUE;
}

// ---- events ----

Ptr CreateEventW(WindowsProcess& p, Ptr sa, int32_t manual_reset, int32_t initial, WStr name) {
  return create(p, {Kind::Event, manual_reset != 0, initial ? 1 : 0, 1, utf16_to_utf8(name.str())}, sa);
}
Ptr CreateEventA(WindowsProcess& p, Ptr sa, int32_t manual_reset, int32_t initial, AStr name) {
  return create(p, {Kind::Event, manual_reset != 0, initial ? 1 : 0, 1, name.str()}, sa);
}
// CreateEventEx flags: CREATE_EVENT_MANUAL_RESET 1, CREATE_EVENT_INITIAL_SET 2.
Ptr CreateEventExW(WindowsProcess& p, Ptr sa, WStr name, uint32_t flags, uint32_t) {
  return create(p, {Kind::Event, (flags & 1) != 0, (flags & 2) ? 1 : 0, 1, utf16_to_utf8(name.str())}, sa);
}
Ptr CreateEventExA(WindowsProcess& p, Ptr sa, AStr name, uint32_t flags, uint32_t) {
  return create(p, {Kind::Event, (flags & 1) != 0, (flags & 2) ? 1 : 0, 1, name.str()}, sa);
}
Ptr OpenEventW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_named(p, utf16_to_utf8(name.str()), Kind::Event); }
Ptr OpenEventA(WindowsProcess& p, uint32_t, int32_t, AStr name) { return open_named(p, name.str(), Kind::Event); }

BOOL set_event(WindowsProcess& p, Ptr h, int64_t state) {
  Waitable* e = object(p, h.addr, Kind::Event);
  if (!e) return fail(p, ERROR_INVALID_HANDLE);
  set_waitable_level(p, *e, state);
  return TRUE;
}
BOOL SetEvent(WindowsProcess& p, Ptr h) { return set_event(p, h, 1); }
BOOL ResetEvent(WindowsProcess& p, Ptr h) { return set_event(p, h, 0); }
// PulseEvent: releases the threads waiting now (one, for an auto-reset event) and leaves the event
// reset; with nobody waiting it does nothing.
BOOL PulseEvent(WindowsProcess& p, Ptr h) {
  Waitable* e = object(p, h.addr, Kind::Event);
  if (!e) return fail(p, ERROR_INVALID_HANDLE);
  set_waitable_level(p, *e, 0);
  if (e->waiting > 0) {
    ++e->pulses;
    e->pulse_tokens = e->manual_reset ? e->waiting : std::min<int64_t>(e->pulse_tokens + 1, e->waiting);
    p.wake_waiters();
  }
  return TRUE;
}

// ---- mutexes: `count` is how many times the owner (thread id in `id`) holds it ----

Ptr create_mutex(WindowsProcess& p, bool owned, std::string name, Ptr sa) {
  return create(p, {Kind::Mutex, false, owned ? 1 : 0, 0, std::move(name), owned ? self_id(p) : 0u}, sa);
}
Ptr CreateMutexW(WindowsProcess& p, Ptr sa, int32_t owned, WStr name) { return create_mutex(p, owned, utf16_to_utf8(name.str()), sa); }
Ptr CreateMutexA(WindowsProcess& p, Ptr sa, int32_t owned, AStr name) { return create_mutex(p, owned, name.str(), sa); }
// CreateMutexEx flags: CREATE_MUTEX_INITIAL_OWNER 1.
Ptr CreateMutexExW(WindowsProcess& p, Ptr sa, WStr name, uint32_t flags, uint32_t) {
  return create_mutex(p, flags & 1, utf16_to_utf8(name.str()), sa);
}
Ptr CreateMutexExA(WindowsProcess& p, Ptr sa, AStr name, uint32_t flags, uint32_t) {
  return create_mutex(p, flags & 1, name.str(), sa);
}
Ptr OpenMutexW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_named(p, utf16_to_utf8(name.str()), Kind::Mutex); }
Ptr OpenMutexA(WindowsProcess& p, uint32_t, int32_t, AStr name) { return open_named(p, name.str(), Kind::Mutex); }
BOOL ReleaseMutex(WindowsProcess& p, Ptr h) {
  Waitable* m = object(p, h.addr, Kind::Mutex);
  if (!m) return fail(p, ERROR_INVALID_HANDLE);
  if (m->shared) return shared_mutex_release(*m, self_id(p)) ? (p.wake_waiters(), TRUE) : fail(p, 288);  // shared
  if (m->count == 0 || m->id != self_id(p)) return fail(p, 288);  // ERROR_NOT_OWNER
  if (--m->count == 0) {
    m->id = 0;
    p.wake_waiters();
  }
  return TRUE;
}

// ---- the running thread and process ----

BOOL GetExitCodeThread(WindowsProcess& p, Ptr h, Ptr code) {
  Waitable* t = p.is_current_thread(h.addr) ? p.thread().object.get() : object(p, h.addr, Kind::Thread);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  put<uint32_t>(code.addr, t->count ? t->exit_code : kStillActive);
  return TRUE;
}
uint32_t GetThreadId(WindowsProcess& p, Ptr h) {
  if (p.is_current_thread(h.addr)) return self_id(p);
  Waitable* t = object(p, h.addr, Kind::Thread);
  return t ? t->id : fail(p, ERROR_INVALID_HANDLE);
}
uint32_t GetProcessId(WindowsProcess& p, Ptr h) {
  if (p.is_current_process(h.addr)) return static_cast<uint32_t>(::getpid());
  Waitable* t = object(p, h.addr, Kind::Process);
  return t ? t->id : fail(p, ERROR_INVALID_HANDLE);
}

// Scheduling priorities are recorded (one for every thread), not applied: the host schedules the threads.
bool is_thread(WindowsProcess& p, uint64_t h) { return p.is_current_thread(h) || object(p, h, Kind::Thread); }
bool is_process(WindowsProcess& p, uint64_t h) { return p.is_current_process(h) || object(p, h, Kind::Process); }
int32_t GetThreadPriority(WindowsProcess& p, Ptr h) {
  if (!is_thread(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE), 0x7fffffff;  // THREAD_PRIORITY_ERROR_RETURN
  return p.thread_priority;
}
BOOL SetThreadPriority(WindowsProcess& p, Ptr h, int32_t priority) {
  if (!is_thread(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (!((priority >= -2 && priority <= 2) || priority == -15 || priority == 15)) return fail(p, ERROR_INVALID_PARAMETER);
  p.thread_priority = priority;
  return TRUE;
}
// A thread's description (SetThreadDescription): kept for GetThreadDescription, and given to the host
// thread as its name (its first 15 bytes, what Linux keeps), where ps, top and gdb show it.
Waitable* thread_object(WindowsProcess& p, uint64_t h) {
  return p.is_current_thread(h) ? p.thread().object.get() : object(p, h, Kind::Thread);
}
int32_t SetThreadDescription(WindowsProcess& p, Ptr h, WStr description) {
  Waitable* t = thread_object(p, h.addr);
  if (!t) return E_HANDLE;
  if (!description.addr) return E_INVALIDARG;
  t->description = description.str();
  std::string name = utf16_to_utf8(t->description).substr(0, 15);
  std::ofstream comm("/proc/self/task/" + std::to_string(t->id) + "/comm");
  comm << name;  // (a thread that has ended keeps its description, with no host thread to name)
  return 0;
}
// The description in a block of the process heap the caller frees with LocalFree.
int32_t GetThreadDescription(WindowsProcess& p, Ptr h, Ptr out) {
  Waitable* t = thread_object(p, h.addr);
  if (!t) return E_HANDLE;
  const size_t bytes = (t->description.size() + 1) * 2;
  uint64_t block = p.heap.alloc(bytes, false);
  if (!block) return E_OUTOFMEMORY;
  std::memcpy(guest_pointer(block), t->description.c_str(), bytes);
  p.put_ptr(out.addr, block);
  return 0;
}

uint32_t GetPriorityClass(WindowsProcess& p, Ptr h) {
  if (!is_process(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  return p.priority_class;
}
BOOL SetPriorityClass(WindowsProcess& p, Ptr h, uint32_t cls) {
  if (!is_process(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  switch (cls) {
    case 0x20: case 0x40: case 0x80: case 0x100: case 0x4000: case 0x8000: p.priority_class = cls; return TRUE;
    default: return fail(p, ERROR_INVALID_PARAMETER);
  }
}

// Priority boosts (a thread's priority raised for a while after it wakes): the setting is kept
// for the Get calls; the host schedules as it does.
BOOL SetProcessPriorityBoost(WindowsProcess& p, Ptr h, int32_t disable) {
  if (!is_process(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  p.priority_boost_disabled = disable != 0;
  return TRUE;
}
BOOL GetProcessPriorityBoost(WindowsProcess& p, Ptr h, Ptr disabled) {
  if (!is_process(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  put<int32_t>(disabled.addr, p.priority_boost_disabled);
  return TRUE;
}

// ---- waiting (core/waitables.cpp) ----

constexpr uint32_t kWaitFailed = 0xffffffffu;

uint32_t WaitForMultipleObjects(WindowsProcess& p, uint32_t count, Ptr handles, int32_t wait_all, uint32_t timeout_ms) {
  return wait_for_objects_or(p, count, handles.addr, wait_all, timeout_ms, false);
}

uint32_t WaitForSingleObject(WindowsProcess& p, Ptr h, uint32_t timeout_ms) { return wait_for_object(p, h.addr, timeout_ms); }

// ---- waitable timers: signalled when due (kept signalled, for a manual-reset timer, until set
// again; a synchronization timer's wait resets it), again every period if they have one. A
// completion routine (an APC) is not provided: a timer set with one fails. ----

// CreateWaitableTimerEx flags: CREATE_WAITABLE_TIMER_MANUAL_RESET 1, _HIGH_RESOLUTION 2 (every
// timer here has the host's resolution).
Ptr create_timer(WindowsProcess& p, Ptr sa, bool manual_reset, std::string name) {
  Waitable w{};
  w.kind = Kind::Timer;
  w.manual_reset = manual_reset;
  w.name = std::move(name);
  return create(p, std::move(w), sa);
}
Ptr CreateWaitableTimerW(WindowsProcess& p, Ptr sa, int32_t manual, WStr name) {
  return create_timer(p, sa, manual, utf16_to_utf8(name.str()));
}
Ptr CreateWaitableTimerA(WindowsProcess& p, Ptr sa, int32_t manual, AStr name) { return create_timer(p, sa, manual, name.str()); }
Ptr CreateWaitableTimerExW(WindowsProcess& p, Ptr sa, WStr name, uint32_t flags, uint32_t) {
  if (flags & ~3u) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return create_timer(p, sa, flags & 1, utf16_to_utf8(name.str()));
}
Ptr CreateWaitableTimerExA(WindowsProcess& p, Ptr sa, AStr name, uint32_t flags, uint32_t) {
  if (flags & ~3u) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return create_timer(p, sa, flags & 1, name.str());
}
Ptr OpenWaitableTimerW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_named(p, utf16_to_utf8(name.str()), Kind::Timer); }
Ptr OpenWaitableTimerA(WindowsProcess& p, uint32_t, int32_t, AStr name) { return open_named(p, name.str(), Kind::Timer); }

BOOL SetWaitableTimer(WindowsProcess& p, Ptr h, Ptr due, int32_t period_ms, Ptr routine, Ptr, int32_t) {
  Waitable* w = object(p, h.addr, Kind::Timer);
  if (!w) return fail(p, ERROR_INVALID_HANDLE);
  if (!due || period_ms < 0) return fail(p, ERROR_INVALID_PARAMETER);
  if (routine) return fail(p, ERROR_NOT_SUPPORTED);
  w->count = 0;
  w->due = std::chrono::steady_clock::now() + std::chrono::microseconds(timeout_us_from_nt(get<int64_t>(due.addr)));
  w->period = std::chrono::milliseconds(period_ms);
  ++p.timers_set;
  p.wake_waiters();
  return TRUE;
}
BOOL SetWaitableTimerEx(WindowsProcess& p, Ptr h, Ptr due, int32_t period_ms, Ptr routine, Ptr arg, Ptr, uint32_t) {
  return SetWaitableTimer(p, h, due, period_ms, routine, arg, FALSE);
}
// Stops a timer that has not come due; a signalled timer stays signalled.
BOOL CancelWaitableTimer(WindowsProcess& p, Ptr h) {
  Waitable* w = object(p, h.addr, Kind::Timer);
  if (!w) return fail(p, ERROR_INVALID_HANDLE);
  settle_timer(*w);
  w->due.reset();
  ++p.timers_set;
  p.wake_waiters();
  return TRUE;
}
// SignalObjectAndWait: signals one object (event, semaphore, mutex) and waits for another, with no
// other thread running in between.
uint32_t SignalObjectAndWait(WindowsProcess& p, Ptr signal, Ptr wait, uint32_t timeout_ms, int32_t) {
  auto w = waitable_object(p, signal.addr);
  if (!w || w->kind == Kind::Thread || w->kind == Kind::Process) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return kWaitFailed;
  }
  if (w->kind == Kind::Event) {
    set_waitable_level(p, *w, 1);
  } else if (w->kind == Kind::Semaphore) {
    if (add_level(p, *w, 1) < 0) {
      p.set_last_error(298);  // ERROR_TOO_MANY_POSTS
      return kWaitFailed;
    }
  } else {
    if (w->shared ? !shared_mutex_release(*w, self_id(p)) : w->count == 0 || w->id != self_id(p)) {
      p.set_last_error(288);  // ERROR_NOT_OWNER
      return kWaitFailed;
    }
    if (!w->shared && --w->count == 0) w->id = 0;
  }
  p.wake_waiters();
  return WaitForSingleObject(p, wait, timeout_ms);
}
uint32_t WaitForSingleObjectEx(WindowsProcess& p, Ptr h, uint32_t timeout_ms, int32_t alertable) {
  uint64_t one = h.addr;
  return wait_for_objects_or(p, 1, reinterpret_cast<uint64_t>(&one), false, timeout_ms, alertable);
}
uint32_t WaitForMultipleObjectsEx(WindowsProcess& p, uint32_t count, Ptr handles, int32_t all, uint32_t timeout_ms,
                                  int32_t alertable) {
  return wait_for_objects_or(p, count, handles.addr, all, timeout_ms, alertable);
}

// ---- threads ----

// CreateThread flags: CREATE_SUSPENDED 4; STACK_SIZE_PARAM_IS_A_RESERVATION 0x10000 (the stack is
// reserved and committed alike here).
Ptr CreateThread(WindowsProcess& p, Ptr sa, USize stack_size, Ptr start, Ptr param, uint32_t flags, Ptr id) {
  uint32_t tid = 0;
  uint64_t h = create_thread(p, start.addr, param.addr, stack_size, flags & 4, &tid);
  if (h) p.mark_inheritable(h, p.inherits(sa.addr));  // a child process may inherit it
  if (h && id) put<uint32_t>(id.addr, tid);
  return Ptr(h);
}

// CreateRemoteThread(Ex): a thread in this process, as CreateThread; another process's threads
// cannot be started from here (ERROR_ACCESS_DENIED).
Ptr CreateRemoteThread(WindowsProcess& p, Ptr process, Ptr sa, USize stack_size, Ptr start, Ptr param, uint32_t flags, Ptr id) {
  if (!p.is_current_process(process.addr))
    return Ptr(fail(p, object(p, process.addr, Kind::Process) ? uint32_t{ERROR_ACCESS_DENIED} : uint32_t{ERROR_INVALID_HANDLE}));
  return CreateThread(p, sa, stack_size, start, param, flags, id);
}
Ptr CreateRemoteThreadEx(WindowsProcess& p, Ptr process, Ptr sa, USize stack_size, Ptr start, Ptr param, uint32_t flags,
                         Ptr, Ptr id) {
  return CreateRemoteThread(p, process, sa, stack_size, start, param, flags, id);
}

// QueueUserWorkItem(function, context, flags): function(context) runs on a thread of its own (a
// work item's thread of Windows' pool; the WT_* flags are hints about that pool); its handle is not
// the program's.
BOOL QueueUserWorkItem(WindowsProcess& p, Ptr function, Ptr context, uint32_t) {
  uint32_t tid = 0;
  const uint64_t h = create_thread(p, function.addr, context.addr, 0, false, &tid);
  if (!h) return FALSE;
  p.waitables.erase(h);
  return TRUE;
}

void ExitThread(WindowsProcess& p, uint32_t code) { exit_thread(p, code); }

// The thread a handle refers to, while it runs (null: not a thread handle, or it has ended).
WindowsThread* thread_of(WindowsProcess& p, uint64_t h) {
  if (p.is_current_thread(h)) return &p.thread();
  Waitable* w = object(p, h, Kind::Thread);
  return w ? find_thread(p, w->id) : nullptr;
}

// THREAD_ALL_ACCESS and the rest: every handle allows everything.
Ptr OpenThread(WindowsProcess& p, uint32_t, int32_t, uint32_t id) {
  WindowsThread* t = find_thread(p, id);
  if (!t) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return Ptr(new_handle(p, t->object));
}

// A suspended thread stops at its CPU's next block boundary or its next call of a Windows function,
// whichever comes first (at once when it suspends itself; before its first instruction when
// created suspended); a thread waiting in a Windows function (wait_until) is held there at once,
// one blocked in the host otherwise (a read of a pipe) when the call returns.
uint32_t SuspendThread(WindowsProcess& p, Ptr h) {
  WindowsThread* t = thread_of(p, h.addr);
  if (Waitable* w = t ? nullptr : object(p, h.addr, Kind::Thread); w && w->process) return suspend_remote_thread(p, *w);
  if (!t) return fail(p, ERROR_INVALID_HANDLE), 0xffffffffu;
  uint32_t previous = static_cast<uint32_t>(t->suspend_count++);
  if (t == &p.thread()) {
    hold_while_suspended(p);
  } else {
    t->interrupt.store(true);
    if (t->cpu) t->cpu->interrupt();
    p.wake_waiters();  // (a thread waiting in a Windows function is held at once)
  }
  return previous;
}

// GetThreadContext/SetThreadContext of another thread, once it is suspended: the call waits until
// the thread holds (at its next block boundary, call of a Windows function or wait in one; at most
// a second, for a thread blocked in the host) and fails if it holds elsewhere (created suspended).
WindowsThread* held_thread(WindowsProcess& p, uint64_t h) {
  WindowsThread* t = thread_of(p, h);
  if (!t || t == &p.thread()) return nullptr;
  wait_until(p, 1000, [&] {
    t = thread_of(p, h);
    return !t || t->held || t->suspend_count == 0;
  });
  return t && t->held && t->held_context ? t : nullptr;
}
BOOL GetThreadContext(WindowsProcess& p, Ptr h, Ptr ctx) {
  WindowsThread* t = held_thread(p, h.addr);
  if (!t) return fail(p, 31);  // ERROR_GEN_FAILURE
  std::memcpy(ctx.as<void>(), reinterpret_cast<const void*>(t->held_context), p.isa->seh->context_size);
  return TRUE;
}
BOOL SetThreadContext(WindowsProcess& p, Ptr h, Ptr ctx) {
  WindowsThread* t = held_thread(p, h.addr);
  if (!t) return fail(p, 31);
  std::memcpy(reinterpret_cast<void*>(t->held_context), ctx.as<const void>(), p.isa->seh->context_size);
  t->context_set = true;
  return TRUE;
}

// TerminateThread: the thread stops at its CPU's next block boundary, its next call of a Windows
// function or the end of a wait (a host call it is blocked in returns first), and ends with `code`
// without running TLS or FLS callbacks; its handles are then signalled.
BOOL TerminateThread(WindowsProcess& p, Ptr h, uint32_t code) {
  WindowsThread* t = thread_of(p, h.addr);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  t->terminated = true;
  if (t == &p.thread()) {
    exit_thread(p, code);
    return TRUE;
  }
  t->exiting = true;
  t->exit_code = code;
  t->interrupt.store(true);
  if (t->cpu) t->cpu->interrupt();
  p.wake_waiters();
  // Asleep on a condition variable or address of its own: its futex word changes, and it wakes.
  if (t->wait_word) {
    __atomic_fetch_add(t->wait_word, 1, __ATOMIC_SEQ_CST);
    ::syscall(SYS_futex, t->wait_word, FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
  }
  return TRUE;
}
// QueueUserAPC(routine, thread, data): 0 for a handle that names no running thread of this process.
uint32_t QueueUserAPC(WindowsProcess& p, Ptr routine, Ptr thread, USize data) {
  WindowsThread* t = thread_of(p, thread.addr);
  if (!t || !routine) return fail(p, ERROR_INVALID_HANDLE);
  queue_apc(p, *t, routine.addr, {data});
  return 1;
}

// QueueUserAPC2(routine, thread, data, flags): QueueUserAPC's, with flags:
// QUEUE_USER_APC_FLAGS_SPECIAL_USER_APC (1), the APC runs at once, whether the thread waits
// alertably or not (between two of its instructions, or in the wait it is in, which goes on);
// QUEUE_USER_APC_CALLBACK_DATA_CONTEXT (0x10000), the routine gets an APC_CALLBACK_DATA (the data,
// the thread's CONTEXT where it runs). Other flags: ERROR_INVALID_PARAMETER.
BOOL QueueUserAPC2(WindowsProcess& p, Ptr routine, Ptr thread, USize data, uint32_t flags) {
  constexpr uint32_t kSpecial = 1, kCallbackData = 0x10000;
  if (flags & ~(kSpecial | kCallbackData)) return fail(p, ERROR_INVALID_PARAMETER);
  WindowsThread* t = thread_of(p, thread.addr);
  if (!t || !routine) return fail(p, ERROR_INVALID_HANDLE);
  if (flags & kSpecial) queue_special_apc(p, *t, routine.addr, data, (flags & kCallbackData) != 0);
  else queue_apc(p, *t, routine.addr, {data}, (flags & kCallbackData) != 0);
  return TRUE;
}

// CancelSynchronousIo(thread): ends the synchronous I/O the thread waits in (synchronous_io in
// core/windows_threads.h), which then fails with ERROR_OPERATION_ABORTED; ERROR_NOT_FOUND when it waits
// in none. The thread's host call is interrupted by a signal whose handler does nothing, installed
// without SA_RESTART so that the call returns EINTR; it is sent again until the thread has left
// the call (it may have been about to enter it when the first came).
void on_cancel_signal(int) {}
int cancel_signal() {
  static const int sig = [] {
    const int s = SIGRTMIN + 2;  // (glibc keeps the ones below SIGRTMIN for itself)
    struct sigaction sa {};
    sa.sa_handler = on_cancel_signal;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    ::sigaction(s, &sa, nullptr);
    return s;
  }();
  return sig;
}
BOOL CancelSynchronousIo(WindowsProcess& p, Ptr h) {
  WindowsThread* t = thread_of(p, h.addr);
  if (!t) return fail(p, object(p, h.addr, Kind::Thread) ? ERROR_NOT_FOUND : ERROR_INVALID_HANDLE);
  int pending = kIoPending;
  if (t == &p.thread() || !t->synchronous_io.compare_exchange_strong(pending, kIoCancelled))
    return fail(p, ERROR_NOT_FOUND);
  const int sig = cancel_signal();
  // The execution lock stays held: the thread leaves its call without it (synchronous_io clears the
  // mark before taking the lock again), and cannot end and free its state meanwhile.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (t->synchronous_io.load() == kIoCancelled && std::chrono::steady_clock::now() < give_up) {
    ::syscall(SYS_tgkill, ::getpid(), static_cast<pid_t>(t->id), sig);
    ::usleep(1000);
  }
  return TRUE;
}

uint32_t ResumeThread(WindowsProcess& p, Ptr h) {
  WindowsThread* t = thread_of(p, h.addr);
  if (!t) {
    if (Waitable* w = object(p, h.addr, Kind::Thread)) return w->process ? resume_remote_thread(p, *w) : 0;  // or it has ended
    return fail(p, ERROR_INVALID_HANDLE), 0xffffffffu;
  }
  uint32_t previous = static_cast<uint32_t>(t->suspend_count);
  if (t->suspend_count > 0 && --t->suspend_count == 0) p.wake_waiters();
  return previous;
}

// Lets the threads that wait for the execution lock run first; TRUE if there were any.
BOOL SwitchToThread(WindowsProcess& p) {
  bool others = p.lock.contended();
  p.lock.yield();
  after_blocking(p);
  return others;
}

uint32_t SleepEx(WindowsProcess& p, uint32_t ms, int32_t alertable) {
  // Alertable: queued asynchronous procedure calls end the sleep (WAIT_IO_COMPLETION).
  if (alertable) {
    if (run_apcs(p)) return kWaitIoCompletion;
    bool arrived = wait_until(p, ms, [&] { return !p.thread().apcs.empty(); }, "in an alertable SleepEx no call can end");
    if (arrived && run_apcs(p)) return kWaitIoCompletion;
    return 0;
  }
  if (ms == 0) {
    SwitchToThread(p);
    return 0;
  }
  if (ms == kInfinite && p.live_threads == 1) {
    wait_until(p, kInfinite, [] { return false; }, "in Sleep(INFINITE)");
    return 0;
  }
  struct timespec ts{static_cast<time_t>(ms / 1000), static_cast<long>(ms % 1000) * 1000000};
  if (ms == kInfinite) ts.tv_sec = 1l << 40;
  for (;;) {
    int r, err;
    {
      cpu::Unlocked unlocked(p.lock);
      r = ::nanosleep(&ts, &ts);
      err = errno;
    }
    after_blocking(p);
    if (r == 0 || err != EINTR || p.stopping()) break;
    poll_console_ctrl(p);
  }
  return 0;
}
void Sleep(WindowsProcess& p, uint32_t ms) { SleepEx(p, ms, FALSE); }

// ---- critical sections (entered and left in core/waitables.cpp; natively the program's threads
// call Enter, TryEnter and Leave directly and in parallel) ----

// Zeroed a word at a time with atomic stores: other threads may already read the structure with
// atomics (a program that publishes the section through its own locked instructions).
void InitializeCriticalSection(WindowsProcess& p, Ptr cs) {
  for (uint32_t off = 0; off < p.isa->critical_section.size; off += 4)
    __atomic_store_n(reinterpret_cast<uint32_t*>(cs.addr + off), 0u, __ATOMIC_RELAXED);
}
BOOL InitializeCriticalSectionAndSpinCount(WindowsProcess& p, Ptr cs, uint32_t) {
  InitializeCriticalSection(p, cs);
  return TRUE;
}
BOOL InitializeCriticalSectionEx(WindowsProcess& p, Ptr cs, uint32_t, uint32_t) {
  InitializeCriticalSection(p, cs);
  return TRUE;
}

// CRITICAL_SECTION.SpinCount, its last field (pointer-sized): the count set before, without the
// flag bits Windows keeps in its top byte.
uint32_t SetCriticalSectionSpinCount(WindowsProcess& p, Ptr cs, uint32_t spin) {
  const uint64_t at = cs.addr + p.isa->critical_section.size - p.isa->ptr;
  const uint64_t old = p.get_ptr(at);
  p.put_ptr(at, (old & 0xff000000u) | (spin & 0x00ffffffu));
  return static_cast<uint32_t>(old & 0x00ffffffu);
}
// Made anew (ReinitializeCriticalSection), or emptied without its debug information
// (UninitializeCriticalSection: what DeleteCriticalSection leaves, no waits pending).
void ReinitializeCriticalSection(WindowsProcess& p, Ptr cs) { InitializeCriticalSection(p, cs); }
void UninitializeCriticalSection(WindowsProcess&, Ptr) {}

void EnterCriticalSection(WindowsProcess& p, Ptr cs) { enter_critical_section(p, cs.addr); }
BOOL TryEnterCriticalSection(WindowsProcess& p, Ptr cs) { return try_enter_critical_section(p, cs.addr) ? TRUE : FALSE; }
void LeaveCriticalSection(WindowsProcess& p, Ptr cs) { leave_critical_section(p, cs.addr); }
void DeleteCriticalSection(WindowsProcess&, Ptr) {}

// ---- SRW locks, condition variables, WaitOnAddress and InitOnce: NTDLL's (ntdll/locks.cpp), with
// KERNEL32's BOOL and last error where the two differ ----

constexpr uint32_t kErrorTimeout = 1460, kErrorGenFailure = 31, kErrorAlreadyExists = 183;
constexpr uint32_t kStatusTimeout = 0x102, kStatusPending = 0x103, kStatusUnsuccessful = 0xc0000001;

// STATUS_SUCCESS: TRUE; a timeout: FALSE with ERROR_TIMEOUT; the thread or process ending: FALSE.
BOOL wait_result(WindowsProcess& p, uint32_t status) {
  if (status == 0) return TRUE;
  if (status == kStatusTimeout) return fail(p, kErrorTimeout);
  if (status == ntdll_locks::kEnding) return FALSE;
  return fail(p, ERROR_INVALID_PARAMETER);
}

BOOL SleepConditionVariableCS(WindowsProcess& p, Ptr cv, Ptr cs, uint32_t timeout_ms) {
  return wait_result(p, ntdll_locks::sleep_condition_cs(p, cv, cs, timeout_ms));
}
BOOL SleepConditionVariableSRW(WindowsProcess& p, Ptr cv, Ptr l, uint32_t timeout_ms, uint32_t flags) {
  return wait_result(p, ntdll_locks::sleep_condition_srw(p, cv, l, timeout_ms, flags));
}
BOOL WaitOnAddress(WindowsProcess& p, Ptr address, Ptr compare, USize size, uint32_t timeout_ms) {
  return wait_result(p, ntdll_locks::wait_on_address(p, address, compare, size, timeout_ms));
}

BOOL InitOnceExecuteOnce(WindowsProcess& p, Ptr once, Ptr fn, Ptr param, Ptr context) {
  return ntdll_locks::RtlRunOnceExecuteOnce(p, once, fn, param, context) == 0;
}
// Not run yet: *pending TRUE, the caller runs it; a check only (INIT_ONCE_CHECK_ONLY) of one not
// run: ERROR_GEN_FAILURE.
BOOL InitOnceBeginInitialize(WindowsProcess& p, Ptr once, uint32_t flags, Ptr pending, Ptr context) {
  const uint32_t status = ntdll_locks::RtlRunOnceBeginInitialize(p, once, flags, context);
  if (status == 0 || status == kStatusPending) {
    put<int32_t>(pending.addr, status == kStatusPending);
    return TRUE;
  }
  if (status == ntdll_locks::kEnding) return FALSE;
  return fail(p, status == kStatusUnsuccessful ? kErrorGenFailure : ERROR_INVALID_PARAMETER);
}
// An asynchronous initialisation another thread completed first: ERROR_ALREADY_EXISTS.
BOOL InitOnceComplete(WindowsProcess& p, Ptr once, uint32_t flags, Ptr context) {
  const uint32_t status = ntdll_locks::RtlRunOnceComplete(p, once, flags, context);
  if (status == 0) return TRUE;
  return fail(p, status == kStatusUnsuccessful ? kErrorAlreadyExists : ERROR_INVALID_PARAMETER);
}
}  // namespace

// DuplicateHandle for waitable objects and the pseudo handles: a new handle to the same object
// (for the pseudo handles, a real handle to the running thread or process). 0 when `h` is none
// of these.
uint64_t duplicate_object(WindowsProcess& p, uint64_t h) {
  if (p.is_current_thread(h)) return new_handle(p, p.thread().object);
  if (p.is_current_process(h))
    return new_handle(p, std::make_shared<Waitable>(Waitable{Kind::Process, false, 0, 0, "", static_cast<uint32_t>(::getpid())}));
  auto it = p.waitables.find(h);
  return it == p.waitables.end() ? 0 : new_handle(p, it->second);
}

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_sync_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateSemaphoreA", CreateSemaphoreA),
      EXPORT("CreateSemaphoreW", CreateSemaphoreW),
      EXPORT("CreateSemaphoreExA", CreateSemaphoreExA),
      EXPORT("CreateSemaphoreExW", CreateSemaphoreExW),
      EXPORT("OpenSemaphoreA", OpenSemaphoreA),
      EXPORT("OpenSemaphoreW", OpenSemaphoreW),
      EXPORT("ReleaseSemaphore", ReleaseSemaphore),
      EXPORT("CreateEventA", CreateEventA),
      EXPORT("CreateEventW", CreateEventW),
      EXPORT("CreateEventExW", CreateEventExW),
      EXPORT("CreateEventExA", CreateEventExA),
      EXPORT("OpenEventA", OpenEventA),
      EXPORT("OpenEventW", OpenEventW),
      EXPORT("SetEvent", SetEvent),
      EXPORT("ResetEvent", ResetEvent),
      EXPORT("CreateMutexA", CreateMutexA),
      EXPORT("CreateMutexW", CreateMutexW),
      EXPORT("CreateMutexExW", CreateMutexExW),
      EXPORT("CreateMutexExA", CreateMutexExA),
      EXPORT("OpenMutexA", OpenMutexA),
      EXPORT("OpenMutexW", OpenMutexW),
      EXPORT("ReleaseMutex", ReleaseMutex),
      EXPORT("GetExitCodeThread", GetExitCodeThread),
      EXPORT("GetThreadId", GetThreadId),
      EXPORT("GetProcessId", GetProcessId),
      EXPORT("GetThreadPriority", GetThreadPriority),
      EXPORT("SetThreadPriority", SetThreadPriority),
      EXPORT("SetThreadDescription", SetThreadDescription),
      EXPORT("QueueUserWorkItem", QueueUserWorkItem),
      EXPORT("GetThreadDescription", GetThreadDescription),
      EXPORT("GetPriorityClass", GetPriorityClass),
      EXPORT("SetPriorityClass", SetPriorityClass),
      EXPORT("WaitForSingleObject", WaitForSingleObject),
      EXPORT("CreateWaitableTimerA", CreateWaitableTimerA),
      EXPORT("CreateWaitableTimerW", CreateWaitableTimerW),
      EXPORT("CreateWaitableTimerExA", CreateWaitableTimerExA),
      EXPORT("CreateWaitableTimerExW", CreateWaitableTimerExW),
      EXPORT("OpenWaitableTimerA", OpenWaitableTimerA),
      EXPORT("OpenWaitableTimerW", OpenWaitableTimerW),
      EXPORT("SetWaitableTimer", SetWaitableTimer),
      EXPORT("SetWaitableTimerEx", SetWaitableTimerEx),
      EXPORT("CancelWaitableTimer", CancelWaitableTimer),
      EXPORT("SetProcessPriorityBoost", SetProcessPriorityBoost),
      EXPORT("GetProcessPriorityBoost", GetProcessPriorityBoost),
      EXPORT("WaitForSingleObjectEx", WaitForSingleObjectEx),
      EXPORT("WaitForMultipleObjects", WaitForMultipleObjects),
      EXPORT("WaitForMultipleObjectsEx", WaitForMultipleObjectsEx),
      EXPORT("CreateThread", CreateThread),
      EXPORT("CreateRemoteThread", CreateRemoteThread),
      EXPORT("CreateRemoteThreadEx", CreateRemoteThreadEx),
      EXPORT("ExitThread", ExitThread),
      EXPORT("OpenThread", OpenThread),
      EXPORT("SuspendThread", SuspendThread),
      EXPORT("QueueUserAPC", QueueUserAPC),
      EXPORT("QueueUserAPC2", QueueUserAPC2),
      EXPORT("CancelSynchronousIo", CancelSynchronousIo),
      EXPORT("TerminateThread", TerminateThread),
      EXPORT("GetThreadContext", GetThreadContext),
      EXPORT("SetThreadContext", SetThreadContext),
      EXPORT("PulseEvent", PulseEvent),
      EXPORT("SignalObjectAndWait", SignalObjectAndWait),
      EXPORT("ResumeThread", ResumeThread),
      EXPORT("SwitchToThread", SwitchToThread),
      EXPORT("Sleep", Sleep),
      EXPORT("SleepEx", SleepEx),
      EXPORT("InitializeCriticalSection", InitializeCriticalSection),
      EXPORT("InitializeCriticalSectionAndSpinCount", InitializeCriticalSectionAndSpinCount),
      EXPORT("InitializeCriticalSectionEx", InitializeCriticalSectionEx),
      EXPORT("SetCriticalSectionSpinCount", SetCriticalSectionSpinCount),
      EXPORT("ReinitializeCriticalSection", ReinitializeCriticalSection),
      EXPORT("UninitializeCriticalSection", UninitializeCriticalSection),
      EXPORT_LEAF_SLOW("EnterCriticalSection", EnterCriticalSection, KERNEL32_LEAF(EnterCriticalSection),
                       KERNEL32_LEAF_SLOW(enter)),
      EXPORT_LEAF("TryEnterCriticalSection", TryEnterCriticalSection, KERNEL32_LEAF(TryEnterCriticalSection)),
      EXPORT_LEAF("LeaveCriticalSection", LeaveCriticalSection, KERNEL32_LEAF(LeaveCriticalSection)),
      EXPORT("DeleteCriticalSection", DeleteCriticalSection),
      EXPORT("InitializeSRWLock", ntdll_locks::RtlInitializeSRWLock),
      EXPORT_DIRECT("AcquireSRWLockExclusive", ntdll_locks::RtlAcquireSRWLockExclusive),
      EXPORT_DIRECT("AcquireSRWLockShared", ntdll_locks::RtlAcquireSRWLockShared),
      EXPORT_DIRECT("TryAcquireSRWLockExclusive", ntdll_locks::RtlTryAcquireSRWLockExclusive),
      EXPORT_DIRECT("TryAcquireSRWLockShared", ntdll_locks::RtlTryAcquireSRWLockShared),
      EXPORT_DIRECT("ReleaseSRWLockExclusive", ntdll_locks::RtlReleaseSRWLockExclusive),
      EXPORT_DIRECT("ReleaseSRWLockShared", ntdll_locks::RtlReleaseSRWLockShared),
      EXPORT_DIRECT("InitializeConditionVariable", ntdll_locks::RtlInitializeConditionVariable),
      EXPORT("SleepConditionVariableCS", SleepConditionVariableCS),
      EXPORT("SleepConditionVariableSRW", SleepConditionVariableSRW),
      EXPORT_DIRECT("WakeConditionVariable", ntdll_locks::RtlWakeConditionVariable),
      EXPORT_DIRECT("WakeAllConditionVariable", ntdll_locks::RtlWakeAllConditionVariable),
      EXPORT("WaitOnAddress", WaitOnAddress),
      EXPORT_DIRECT("WakeByAddressSingle", ntdll_locks::RtlWakeAddressSingle),
      EXPORT_DIRECT("WakeByAddressAll", ntdll_locks::RtlWakeAddressAll),
      EXPORT("InitOnceInitialize", ntdll_locks::RtlRunOnceInitialize),
      EXPORT("InitOnceExecuteOnce", InitOnceExecuteOnce),
      EXPORT("InitOnceBeginInitialize", InitOnceBeginInitialize),
      EXPORT("InitOnceComplete", InitOnceComplete),
  };
  return exports;
}

}  // namespace polyrun::shims
