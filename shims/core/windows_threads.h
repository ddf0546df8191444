// Guest threads (Windows): each guest thread is a host thread running an engine of its own over the
// one guest address space, one at a time under the process's execution lock (cpu-emu/execution_lock.h).
#pragma once

#include <cerrno>
#include <cstdint>
#include <functional>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

// The execution lock as a BasicLockable, for waits on WindowsProcess::sync (std::condition_variable_any).
struct ExecutionLockable {
  cpu::ExecutionLock& l;
  void lock() { l.acquire(); }
  void unlock() { l.release(); }
};

// DllMain / TLS callback reasons.
constexpr uint32_t kDllProcessAttach = 1, kDllThreadAttach = 2, kDllThreadDetach = 3;
constexpr uint32_t kInfinite = 0xffffffffu;

// Serves a host call of the calling thread (its engine executed a thunk; core/windows_guest.cpp).
void dispatch_host_call(WindowsProcess& p);

// A guest stack of `size` bytes (at least 64 KiB) for `t`, committed in full (the host backs it on
// demand); false if there is no room.
bool map_stack(WindowsProcess& p, WindowsThread& t, uint64_t size);
// A stack of `size` bytes (rounded to 64 KiB) with a guard region below it [guard, limit), as a
// thread's (a fiber's); unmapped with its guard.
struct StackRegion {
  uint64_t guard = 0, limit = 0, base = 0;
};
bool map_stack_region(WindowsProcess& p, uint64_t size, StackRegion& out);
void unmap_stack_region(WindowsProcess& p, const StackRegion& r);

// Gives the calling thread its engine and its TEB: thread and stack fields, the TLS slot array
// and a copy of the image's static TLS block. The stack is set up already.
void init_thread(WindowsProcess& p, WindowsThread& t);

// A new handle to a waitable object (core/waitables.cpp).
uint64_t new_waitable_handle(WindowsProcess& p, std::shared_ptr<Waitable> w);
// The object of that kind a handle names; null for another kind or no such handle.
Waitable* waitable_of_kind(WindowsProcess& p, uint64_t h, Waitable::Kind kind);
// The thread a handle names (this process's own: the pseudo handle or a thread object): its id, or 0.
inline uint32_t thread_id_of(WindowsProcess& p, uint64_t h) {
  if (p.is_current_thread(h)) return p.thread().id;
  Waitable* w = waitable_of_kind(p, h, Waitable::Kind::Thread);
  return w ? w->id : 0;
}

// Runs the image's TLS callbacks with `reason` on the calling thread.
void run_tls_callbacks(WindowsProcess& p, uint32_t reason);

// CreateThread, _beginthreadex: starts a guest thread that runs start(param) on a stack of
// `stack_size` bytes (0: the image's default), held before its first instruction if `suspended`.
// Returns a handle to it and its id, or 0 (last error set).
// `body`, if given, runs instead of a guest start routine (polyrun's own threads: the console
// control handlers' thread), and its result is the thread's exit code.
uint64_t create_thread(WindowsProcess& p, uint64_t start, uint64_t param, uint64_t stack_size, bool suspended,
                       uint32_t* id, std::function<uint32_t(WindowsProcess&)> body = nullptr);

// ExitThread: the calling thread's guest calls unwind, and it ends with `code`.
void exit_thread(WindowsProcess& p, uint32_t code);

// What a thread leaves behind (the calling one, once its start routine has returned or it called
// ExitThread): TLS and FLS callbacks, owned mutexes abandoned, its handles signalled, its engine,
// stack and TEB gone. The last thread to end ends the process; the main thread stays parked while
// the others run. Returns (with the lock released) only on other threads, whose host threads end.
void finish_thread(WindowsProcess& p);

// Ends the process from the thread that set `ending` (ExitProcess, exit, the main thread's return,
// a fault): the C runtime's atexit functions, stdio flushed. Returns the exit status when the
// process never had another thread; otherwise ends every thread and does not return.
int end_process(WindowsProcess& p);

// The calling thread takes no further part: the process is ending on another thread.
[[noreturn]] void park(WindowsProcess& p);

// After a host call released the lock and took it again: if the process is ending on another
// thread, this one parks.
void after_blocking(WindowsProcess& p);

// Runs `call`, a host call that may block (a read from a pipe, console or socket, a write to a full
// pipe, a wait for a child), with the execution lock released, so that the other threads go on;
// returns its result with its errno. The call must not touch polyrun's own structures (handle
// tables, streams): what it needs is copied before. It may read or write guest memory (that is
// host memory at the same address): another thread freeing it meanwhile is the program's own race.
// Afterwards, a thread whose process is ending on another thread parks.
// Under gdb (core/windows_debug.h): the calling thread enters and leaves a blocking host call (lock
// released); nothing without a debugger.
void debugger_enter_blocking(WindowsProcess& p);
void debugger_leave_blocking(WindowsProcess& p);

template <class Call>
auto blocking(WindowsProcess& p, Call&& call) -> decltype(call()) {
  int err;
  auto result = [&] {
    debugger_enter_blocking(p);
    cpu::Unlocked unlocked(p.lock);
    auto r = call();
    err = errno;
    debugger_leave_blocking(p);
    return r;
  }();
  after_blocking(p);
  errno = err;
  return result;
}

// Synchronous I/O for the program (a read, a write, a pipe's connection, a lock's wait), run as
// `blocking` runs a host call, which another thread's CancelSynchronousIo may end: the call is
// interrupted by a signal (kernel32/sync.cpp) and fails with ECANCELED, which the callers report
// as Windows does (ERROR_OPERATION_ABORTED, STATUS_CANCELLED). The mark is the thread's own atomic
// word, set and cleared with the execution lock released.
constexpr int kIoNone = 0, kIoPending = 1, kIoCancelled = 2;

template <class Call>
auto synchronous_io(WindowsProcess& p, Call&& call) -> decltype(call()) {
  std::atomic<int>& state = p.thread().synchronous_io;
  return blocking(p, [&] {
    state.store(kIoPending, std::memory_order_seq_cst);
    auto result = call();
    const int err = errno;
    const bool cancelled = state.exchange(kIoNone, std::memory_order_seq_cst) == kIoCancelled;
    errno = cancelled && result < 0 && err == EINTR ? ECANCELED : err;
    return result;
  });
}

// Blocks the calling thread until `ready()` (checked under the lock) or `timeout_ms` pass,
// releasing the lock meanwhile; true if ready. `what` names the wait for the message when no other
// thread exists that could ever end an endless wait (the program is then stopped).
bool wait_until(WindowsProcess& p, uint32_t timeout_ms, const std::function<bool()>& ready,
                const char* what = "on an object no thread can signal");

// WaitForMultipleObjectsEx that also ends when `also()` becomes true (checked under the lock each
// time the process's waiters are woken): then WAIT_OBJECT_0 + count. `count` may be 0 with `also`
// (USER32's MsgWaitForMultipleObjectsEx: the queue's input is what `also` asks; core/waitables.cpp).
uint32_t wait_for_objects_or(WindowsProcess& p, uint32_t count, uint64_t handles, bool wait_all, uint32_t timeout_ms,
                             bool alertable, const std::function<bool()>& also = nullptr);

// Sets an event's or semaphore's count wherever it lives (in this process or in a cell shared with
// another) and wakes the waiters it may release (core/waitables.cpp).
void set_waitable_level(WindowsProcess& p, Waitable& w, int64_t level);
// A timer that has come due is signalled, and armed again for its next period if it has one.
void settle_timer(Waitable& w);

// Asynchronous procedure calls (core/windows_threads.cpp): queues one to a thread (waking its alertable
// wait), and runs the calling thread's queued ones, oldest first; true if there were any (an
// alertable wait then returns WAIT_IO_COMPLETION).
void queue_apc(WindowsProcess& p, WindowsThread& t, uint64_t routine, std::vector<uint64_t> args,
               bool callback_data = false);
bool run_apcs(WindowsProcess& p);
// A special user-mode APC (QueueUserAPC2's QUEUE_USER_APC_FLAGS_SPECIAL_USER_APC): the thread is
// interrupted and runs it at once (serve_interrupt), or in the wait it is in (wait_until).
void queue_special_apc(WindowsProcess& p, WindowsThread& t, uint64_t routine, uint64_t data, bool callback_data);
constexpr uint32_t kWaitIoCompletion = 0xc0;

// For a host thread that waits on an object for the program (a wait completion packet's): under the
// execution lock, the object taken as a wait takes it (an auto-reset event reset, a semaphore's
// count down, a timer come due settled) if it is signalled now; false if not. Not for mutexes,
// which a wait makes the waiting thread's own. (core/waitables.cpp)
bool take_if_signalled(Waitable& w);
// How long until a waitable timer comes due, in milliseconds rounded up (kInfinite if it is no
// armed timer).
uint32_t ms_until_due(const Waitable& w);
// The object a handle names for a wait (the pseudo handles included), or null.
std::shared_ptr<Waitable> waitable_object(WindowsProcess& p, uint64_t handle);

// WaitForSingleObject's work, for the native API's waits too (WAIT_OBJECT_0, WAIT_ABANDONED,
// WAIT_TIMEOUT or WAIT_FAILED).
uint32_t wait_for_object(WindowsProcess& p, uint64_t handle, uint32_t timeout_ms);

// A native timeout (100 ns units: negative relative, positive an absolute FILETIME, UTC since
// 1601) in milliseconds from now, rounded up; in microseconds (0 if past).
uint32_t timeout_ms_from_nt(int64_t t);
int64_t timeout_us_from_nt(int64_t t);

// From now on the calling thread's engine stops at a block boundary when its `interrupt` flag is set
// (only the engine's own thread may do this).
void watch_interrupts(WindowsProcess& p);

// What a thread's set `interrupt` flag asks of it, served at a block boundary or a host call:
// TerminateThread ends it, SuspendThread holds it until resumed, a console control event starts
// the thread that runs the handlers.
void serve_interrupt(WindowsProcess& p);

// The end of the outermost call of a Windows function the thread's guest code made (served by
// dispatch_host_call): registers SetThreadContext gave the thread while it was held waiting in the
// call take effect, but for the call's result.
void end_call(WindowsProcess& p);

// SuspendThread: the calling thread waits (lock released) while its suspend count is not 0. With
// `resume_pc`, its registers (resuming there) are offered to GetThreadContext/SetThreadContext
// meanwhile; true if SetThreadContext replaced them (the CPU then holds the new ones).
bool hold_while_suspended(WindowsProcess& p, uint64_t resume_pc = 0);

// A CRITICAL_SECTION of the guest's at `cs`, entered and left for the calling thread `times` times
// (KERNEL32's functions, and polyrun's own code: the C runtime's locks; core/waitables.cpp):
// entering waits, execution lock released, while another thread holds it; false if the program
// can never have it or the process ends meanwhile (then nothing is held; a direct call: the
// dispatcher makes it again). Leaving all of it is `times` -1; leaving returns how often it had
// been entered. Trying takes it once only if that needs no wait.
bool enter_critical_section(WindowsProcess& p, uint64_t cs, int32_t times = 1);
bool try_enter_critical_section(WindowsProcess& p, uint64_t cs);
int32_t leave_critical_section(WindowsProcess& p, uint64_t cs, int32_t times = 1);
// Waits (served by the dispatcher, with the execution lock) for the futex word to change from
// `value`, without the lock meanwhile (critical sections' and SRW locks' waits).
void futex_wait_unlocked(WindowsProcess& p, int32_t* word, int32_t value);

// The live thread with this id, or null.
WindowsThread* find_thread(WindowsProcess& p, uint32_t id);

}  // namespace polyrun::shims
