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
// Critical sections, SRW locks, condition variables and INIT_ONCE keep their state in the guest's
// own structure; WaitOnAddress keeps its waiters by guest address. With one thread, a wait that
// no one could ever end stops the program with a message.
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
Ptr CreateSemaphoreA(WindowsProcess& p, Ptr sa, int32_t initial, int32_t maximum, CStr name) {
  if (maximum <= 0 || initial < 0 || initial > maximum) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return create(p, {Kind::Semaphore, false, initial, maximum, name.str()}, sa);
}
// CreateSemaphoreEx: the same, with flags that must be 0 and an access mask (every handle here has
// every access).
Ptr CreateSemaphoreExW(WindowsProcess& p, Ptr sa, int32_t initial, int32_t maximum, WStr name, uint32_t flags, uint32_t) {
  if (flags) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return CreateSemaphoreW(p, sa, initial, maximum, name);
}
Ptr CreateSemaphoreExA(WindowsProcess& p, Ptr sa, int32_t initial, int32_t maximum, CStr name, uint32_t flags, uint32_t) {
  if (flags) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return CreateSemaphoreA(p, sa, initial, maximum, name);
}
Ptr OpenSemaphoreW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_named(p, utf16_to_utf8(name.str()), Kind::Semaphore); }
Ptr OpenSemaphoreA(WindowsProcess& p, uint32_t, int32_t, CStr name) { return open_named(p, name.str(), Kind::Semaphore); }

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
Ptr CreateEventA(WindowsProcess& p, Ptr sa, int32_t manual_reset, int32_t initial, CStr name) {
  return create(p, {Kind::Event, manual_reset != 0, initial ? 1 : 0, 1, name.str()}, sa);
}
// CreateEventEx flags: CREATE_EVENT_MANUAL_RESET 1, CREATE_EVENT_INITIAL_SET 2.
Ptr CreateEventExW(WindowsProcess& p, Ptr sa, WStr name, uint32_t flags, uint32_t) {
  return create(p, {Kind::Event, (flags & 1) != 0, (flags & 2) ? 1 : 0, 1, utf16_to_utf8(name.str())}, sa);
}
Ptr OpenEventW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_named(p, utf16_to_utf8(name.str()), Kind::Event); }
Ptr OpenEventA(WindowsProcess& p, uint32_t, int32_t, CStr name) { return open_named(p, name.str(), Kind::Event); }

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
Ptr CreateMutexA(WindowsProcess& p, Ptr sa, int32_t owned, CStr name) { return create_mutex(p, owned, name.str(), sa); }
// CreateMutexEx flags: CREATE_MUTEX_INITIAL_OWNER 1.
Ptr CreateMutexExW(WindowsProcess& p, Ptr sa, WStr name, uint32_t flags, uint32_t) {
  return create_mutex(p, flags & 1, utf16_to_utf8(name.str()), sa);
}
Ptr OpenMutexW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_named(p, utf16_to_utf8(name.str()), Kind::Mutex); }
Ptr OpenMutexA(WindowsProcess& p, uint32_t, int32_t, CStr name) { return open_named(p, name.str(), Kind::Mutex); }
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
Ptr CreateWaitableTimerA(WindowsProcess& p, Ptr sa, int32_t manual, CStr name) { return create_timer(p, sa, manual, name.str()); }
Ptr CreateWaitableTimerExW(WindowsProcess& p, Ptr sa, WStr name, uint32_t flags, uint32_t) {
  if (flags & ~3u) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return create_timer(p, sa, flags & 1, utf16_to_utf8(name.str()));
}
Ptr CreateWaitableTimerExA(WindowsProcess& p, Ptr sa, CStr name, uint32_t flags, uint32_t) {
  if (flags & ~3u) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return create_timer(p, sa, flags & 1, name.str());
}
Ptr OpenWaitableTimerW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_named(p, utf16_to_utf8(name.str()), Kind::Timer); }
Ptr OpenWaitableTimerA(WindowsProcess& p, uint32_t, int32_t, CStr name) { return open_named(p, name.str(), Kind::Timer); }

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

void EnterCriticalSection(WindowsProcess& p, Ptr cs) { enter_critical_section(p, cs.addr); }
BOOL TryEnterCriticalSection(WindowsProcess& p, Ptr cs) { return try_enter_critical_section(p, cs.addr) ? TRUE : FALSE; }
void LeaveCriticalSection(WindowsProcess& p, Ptr cs) { leave_critical_section(p, cs.addr); }
void DeleteCriticalSection(WindowsProcess&, Ptr) {}

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

void InitializeSRWLock(WindowsProcess& p, Ptr l) { p.put_ptr(l.addr, 0); }
BOOL TryAcquireSRWLockExclusive(WindowsProcess&, Ptr l) { return srw_try(srw_word(l), true); }
BOOL TryAcquireSRWLockShared(WindowsProcess&, Ptr l) { return srw_try(srw_word(l), false); }
void AcquireSRWLockExclusive(WindowsProcess& p, Ptr l) { srw_acquire(p, l, true); }
void AcquireSRWLockShared(WindowsProcess& p, Ptr l) { srw_acquire(p, l, false); }
void ReleaseSRWLockExclusive(WindowsProcess&, Ptr l) { srw_release(l, true); }
void ReleaseSRWLockShared(WindowsProcess&, Ptr l) { srw_release(l, false); }

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

void InitializeConditionVariable(WindowsProcess& p, Ptr cv) { p.put_ptr(cv.addr, 0); }

void wake_condition(Ptr cv, bool all) {
  if (bucket_of(cv.addr).sleepers.load(std::memory_order_seq_cst) == 0) return;
  uint32_t* word = cv.as<uint32_t>();
  __atomic_fetch_add(word, 1, __ATOMIC_SEQ_CST);
  futex_wake(word, all ? INT32_MAX : 1);
}
void WakeConditionVariable(WindowsProcess&, Ptr cv) { wake_condition(cv, false); }
void WakeAllConditionVariable(WindowsProcess&, Ptr cv) { wake_condition(cv, true); }

constexpr uint32_t kErrorTimeout = 1460;

// Lets go of the lock (`release`), sleeps until a wake (or a spurious wakeup) or the timeout, and
// takes the lock again (`reacquire`); FALSE with ERROR_TIMEOUT after a timeout, FALSE without the
// lock when the thread or process is ending meanwhile.
template <class Release, class Reacquire>
BOOL sleep_condition(WindowsProcess& p, Ptr cv, uint32_t timeout_ms, Release&& release, Reacquire&& reacquire) {
  if (waits_forever(p, timeout_ms, "on a condition variable no thread can wake")) return FALSE;
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
  if (p.stopping()) return FALSE;
  reacquire();
  return woken ? TRUE : fail(p, kErrorTimeout);
}

// Leaves the critical section (however many times it was entered), waits, enters it again.
BOOL SleepConditionVariableCS(WindowsProcess& p, Ptr cv, Ptr cs, uint32_t timeout_ms) {
  int32_t times = 1;
  return sleep_condition(
      p, cv, timeout_ms, [&] { times = std::max(leave_critical_section(p, cs.addr, -1), 1); },
      [&] { enter_critical_section(p, cs.addr, times); });
}

// CONDITION_VARIABLE_LOCKMODE_SHARED 1: the SRW lock is held shared.
BOOL SleepConditionVariableSRW(WindowsProcess& p, Ptr cv, Ptr l, uint32_t timeout_ms, uint32_t flags) {
  const bool exclusive = !(flags & 1);
  return sleep_condition(
      p, cv, timeout_ms, [&] { srw_release(l, exclusive); }, [&] { srw_acquire(p, l, exclusive); });
}

// Returns when the value at `address` differs from the one at `compare` (at once if it does
// already), when woken (or spuriously), or with ERROR_TIMEOUT.
BOOL WaitOnAddress(WindowsProcess& p, Ptr address, Ptr compare, USize size, uint32_t timeout_ms) {
  if (size != 1 && size != 2 && size != 4 && size != 8) return fail(p, ERROR_INVALID_PARAMETER);
  auto differs = [&] { return std::memcmp(guest_pointer(address.addr), guest_pointer(compare.addr), size) != 0; };
  if (differs()) return TRUE;
  if (timeout_ms == 0) return fail(p, kErrorTimeout);
  if (waits_forever(p, timeout_ms, "on an address no thread can change")) return FALSE;
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
      return TRUE;
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
  if (p.stopping()) return FALSE;
  return woken ? TRUE : fail(p, kErrorTimeout);
}

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
void WakeByAddressSingle(WindowsProcess&, Ptr address) { wake_address(address.addr, false); }
void WakeByAddressAll(WindowsProcess&, Ptr address) { wake_address(address.addr, true); }

// ---- one-time initialisation: INIT_ONCE's word is 0 (not run), 1 (running), or the context the
// initialisation left (its low two bits clear) | 2 (done) ----

constexpr uint64_t kOnceRunning = 1, kOnceDone = 2;
constexpr uint32_t kErrorGenFailure = 31, kErrorAlreadyExists = 183;

// Waits while another thread runs the initialisation; the word then.
uint64_t once_settled(WindowsProcess& p, Ptr once) {
  wait_until(p, kInfinite, [&] { return (p.get_ptr(once.addr) & 3) != kOnceRunning; });
  return p.get_ptr(once.addr);
}

void once_finish(WindowsProcess& p, Ptr once, bool ok, uint64_t context) {
  p.put_ptr(once.addr, ok ? (context & ~3ull) | kOnceDone : 0);
  p.wake_waiters();
}

void InitOnceInitialize(WindowsProcess& p, Ptr once) { p.put_ptr(once.addr, 0); }  // INIT_ONCE_STATIC_INIT

BOOL InitOnceExecuteOnce(WindowsProcess& p, Ptr once, Ptr fn, Ptr param, Ptr context) {
  uint64_t word = once_settled(p, once);
  if (p.stopping()) return FALSE;
  if (word & kOnceDone) {
    if (context) p.put_ptr(context.addr, word & ~3ull);
    return TRUE;
  }
  p.put_ptr(once.addr, kOnceRunning);
  BOOL ok = static_cast<BOOL>(p.call_guest(fn.addr, {once.addr, param.addr, context.addr}));
  if (p.stopping()) return FALSE;
  once_finish(p, once, ok, context ? p.get_ptr(context.addr) : 0);
  return ok;
}

// InitOnceBeginInitialize flags: INIT_ONCE_CHECK_ONLY 1, INIT_ONCE_ASYNC 2 (several threads may
// run the initialisation at once; the first to complete it wins).
BOOL InitOnceBeginInitialize(WindowsProcess& p, Ptr once, uint32_t flags, Ptr pending, Ptr context) {
  if ((flags & ~3u) || flags == 3) return fail(p, ERROR_INVALID_PARAMETER);
  uint64_t word = flags & 1 ? p.get_ptr(once.addr) : 0;
  if (!(flags & 1)) {
    word = flags & 2 ? p.get_ptr(once.addr) : once_settled(p, once);
    if (p.stopping()) return FALSE;
  }
  if (word & kOnceDone) {
    put<int32_t>(pending.addr, FALSE);
    if (context) p.put_ptr(context.addr, word & ~3ull);
    return TRUE;
  }
  if (flags & 1) return fail(p, kErrorGenFailure);
  if (!(flags & 2)) p.put_ptr(once.addr, kOnceRunning);
  put<int32_t>(pending.addr, TRUE);
  return TRUE;
}

// InitOnceComplete flags: INIT_ONCE_ASYNC 2, INIT_ONCE_INIT_FAILED 4. An asynchronous
// initialisation another thread completed first keeps that one's context, and this call fails
// with ERROR_ALREADY_EXISTS.
BOOL InitOnceComplete(WindowsProcess& p, Ptr once, uint32_t flags, Ptr context) {
  if (flags & ~6u) return fail(p, ERROR_INVALID_PARAMETER);
  const bool failed = flags & 4;
  if ((flags & 2) && (p.get_ptr(once.addr) & kOnceDone)) return fail(p, kErrorAlreadyExists);
  once_finish(p, once, !failed, context.addr);
  return TRUE;
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
      EXPORT("OpenEventA", OpenEventA),
      EXPORT("OpenEventW", OpenEventW),
      EXPORT("SetEvent", SetEvent),
      EXPORT("ResetEvent", ResetEvent),
      EXPORT("CreateMutexA", CreateMutexA),
      EXPORT("CreateMutexW", CreateMutexW),
      EXPORT("CreateMutexExW", CreateMutexExW),
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
      EXPORT_LEAF_SLOW("EnterCriticalSection", EnterCriticalSection, KERNEL32_LEAF(EnterCriticalSection),
                       KERNEL32_LEAF_SLOW(enter)),
      EXPORT_LEAF("TryEnterCriticalSection", TryEnterCriticalSection, KERNEL32_LEAF(TryEnterCriticalSection)),
      EXPORT_LEAF("LeaveCriticalSection", LeaveCriticalSection, KERNEL32_LEAF(LeaveCriticalSection)),
      EXPORT("DeleteCriticalSection", DeleteCriticalSection),
      EXPORT("InitializeSRWLock", InitializeSRWLock),
      EXPORT_DIRECT("AcquireSRWLockExclusive", AcquireSRWLockExclusive),
      EXPORT_DIRECT("AcquireSRWLockShared", AcquireSRWLockShared),
      EXPORT_DIRECT("TryAcquireSRWLockExclusive", TryAcquireSRWLockExclusive),
      EXPORT_DIRECT("TryAcquireSRWLockShared", TryAcquireSRWLockShared),
      EXPORT_DIRECT("ReleaseSRWLockExclusive", ReleaseSRWLockExclusive),
      EXPORT_DIRECT("ReleaseSRWLockShared", ReleaseSRWLockShared),
      EXPORT_DIRECT("InitializeConditionVariable", InitializeConditionVariable),
      EXPORT("SleepConditionVariableCS", SleepConditionVariableCS),
      EXPORT("SleepConditionVariableSRW", SleepConditionVariableSRW),
      EXPORT_DIRECT("WakeConditionVariable", WakeConditionVariable),
      EXPORT_DIRECT("WakeAllConditionVariable", WakeAllConditionVariable),
      EXPORT("WaitOnAddress", WaitOnAddress),
      EXPORT_DIRECT("WakeByAddressSingle", WakeByAddressSingle),
      EXPORT_DIRECT("WakeByAddressAll", WakeByAddressAll),
      EXPORT("InitOnceInitialize", InitOnceInitialize),
      EXPORT("InitOnceExecuteOnce", InitOnceExecuteOnce),
      EXPORT("InitOnceBeginInitialize", InitOnceBeginInitialize),
      EXPORT("InitOnceComplete", InitOnceComplete),
  };
  return exports;
}

}  // namespace polyrun::shims
