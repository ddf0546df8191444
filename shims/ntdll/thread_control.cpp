// NTDLL's control of threads and processes: opening them by id (NtOpenThread, NtOpenProcess, which
// KERNEL32's OpenProcess is), NtGetNextThread, suspending and resuming (NtSuspendThread,
// NtResumeThread, NtAlertResumeThread, and whole processes: NtSuspendProcess, NtResumeProcess),
// ending them (NtTerminateThread, NtTerminateProcess), their asynchronous procedure calls
// (NtQueueApcThread(Ex), NtTestAlert), alerts (NtAlertThread: core/thread_alerts.h), and alerts by
// thread id (NtAlertThreadByThreadId, NtWaitForAlertByThreadId: what Windows' locks and condition
// variables sleep on), a suspended thread's context (NtGetContextThread, NtSetContextThread) and
// NtSetInformationProcess. Every handle has every right (access masks are not checked).
#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <map>
#include <vector>

#include "shims/core/child_process.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/thread_alerts.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/thread_control.h"

namespace polyrun::shims {

namespace ntdll_thread_control_impl {

using Kind = Waitable::Kind;

constexpr uint32_t kProcessIsTerminating = 0xc000010a;
constexpr uint32_t kInvalidCid = 0xc000000b, kObjectTypeMismatch = 0xc0000024, kNoMoreEntries = 0x8000001a,
                   kAlerted = 0x101, kNotSupported = 0xc00000bb, kAccessDenied = 0xc0000022;
constexpr uint32_t kObjInherit = 2;

void end_thread(WindowsProcess& p, WindowsThread& thread, uint32_t code);

// The running thread of this process a handle names (null: no thread handle, or it has ended).
WindowsThread* thread_of(WindowsProcess& p, uint64_t h) {
  if (p.is_current_thread(h)) return &p.thread();
  Waitable* w = waitable_of_kind(p, h, Kind::Thread);
  return w && !w->process ? find_thread(p, w->id) : nullptr;
}

// The status for a handle that names no running thread of this process.
uint32_t not_a_thread(WindowsProcess& p, uint64_t h) {
  if (waitable_of_kind(p, h, Kind::Thread)) return nt::kSuccess;  // (it has ended)
  return waitable_object(p, h) || p.fd_for_handle(h) >= 0 ? kObjectTypeMismatch : nt::kInvalidHandle;
}

// CLIENT_ID: UniqueProcess, UniqueThread (pointer-sized).
uint32_t NtOpenThread(WindowsProcess& p, Ptr out, uint32_t, Ptr oa, Ptr cid) {
  if (!cid) return nt::kInvalidParameter;
  const uint64_t tid = p.get_ptr(cid.addr + p.isa->ptr), pid = p.get_ptr(cid.addr);
  WindowsThread* t = find_thread(p, static_cast<uint32_t>(tid));
  if (!t || (pid && pid != static_cast<uint64_t>(::getpid()))) return kInvalidCid;
  const uint32_t attributes = oa ? get<uint32_t>(oa.addr + 3 * p.isa->ptr) : 0;
  p.put_ptr(out.addr, p.mark_inheritable(new_waitable_handle(p, t->object), attributes & kObjInherit));
  return nt::kSuccess;
}

uint32_t NtOpenProcess(WindowsProcess& p, Ptr out, uint32_t, Ptr oa, Ptr cid) {
  if (!cid) return nt::kInvalidParameter;
  uint64_t h = 0;
  const uint32_t status = ntdll_threads::open_process(p, static_cast<uint32_t>(p.get_ptr(cid.addr)), &h);
  if (status) return status;
  const uint32_t attributes = oa ? get<uint32_t>(oa.addr + 3 * p.isa->ptr) : 0;
  p.put_ptr(out.addr, p.mark_inheritable(h, attributes & kObjInherit));
  return nt::kSuccess;
}

// NtGetNextThread(process, thread, access, attributes, flags, *next): a handle to the thread of the
// process after `thread` (the first when it is null), in the order they began.
uint32_t NtGetNextThread(WindowsProcess& p, Ptr process, Ptr thread, uint32_t, uint32_t attributes, uint32_t flags,
                         Ptr next) {
  if (flags) return nt::kInvalidParameter;
  if (!p.is_current_process(process.addr)) {
    Waitable* w = waitable_of_kind(p, process.addr, Kind::Process);
    if (!w) return nt::kInvalidHandle;
    if (w->id != static_cast<uint32_t>(::getpid())) return kAccessDenied;
  }
  bool past = !thread;
  uint32_t after = 0;
  if (thread) {
    WindowsThread* t = thread_of(p, thread.addr);
    Waitable* w = t ? nullptr : waitable_of_kind(p, thread.addr, Kind::Thread);
    if (!t && !w) return nt::kInvalidHandle;
    after = t ? t->id : w->id;
  }
  for (const auto& t : p.threads) {
    if (past && !t->exiting) {
      p.put_ptr(next.addr, p.mark_inheritable(new_waitable_handle(p, t->object), attributes & kObjInherit));
      return nt::kSuccess;
    }
    if (t->id == after) past = true;
  }
  return kNoMoreEntries;
}

// NtSuspendThread / NtResumeThread (h, *previous count): KERNEL32's SuspendThread and ResumeThread.
uint32_t NtSuspendThread(WindowsProcess& p, Ptr h, Ptr previous) {
  uint32_t count = 0;
  const uint32_t status = ntdll_threads::suspend(p, h.addr, &count);
  if (!status) put<uint32_t>(previous.addr, count);
  return status;
}
uint32_t NtResumeThread(WindowsProcess& p, Ptr h, Ptr previous) {
  uint32_t count = 0;
  const uint32_t status = ntdll_threads::resume(p, h.addr, &count);
  if (!status) put<uint32_t>(previous.addr, count);
  return status;
}

// NtTerminateThread(h, code): a null handle is the calling thread.
uint32_t NtTerminateThread(WindowsProcess& p, Ptr h, uint32_t code) {
  return ntdll_threads::terminate_thread(p, h.addr ? h.addr : (p.isa->ptr == 4 ? 0xfffffffeull : ~1ull), code);
}

// NtTerminateProcess(h, code): this process ends at once (no DLL detach, no atexit function); a
// null handle ends every thread of it but the calling one; a child ends with the code.
uint32_t NtTerminateProcess(WindowsProcess& p, Ptr h, uint32_t code) {
  if (!h) {
    for (const auto& t : p.threads)
      if (t.get() != &p.thread()) end_thread(p, *t, code);
    return nt::kSuccess;
  }
  Waitable* w = waitable_of_kind(p, h.addr, Kind::Process);
  if (p.is_current_process(h.addr) || (w && w->id == static_cast<uint32_t>(::getpid()))) {
    p.onexit.clear();
    p.terminate(static_cast<int>(code));
    return nt::kSuccess;
  }
  if (!w) return waitable_object(p, h.addr) || p.fd_for_handle(h.addr) >= 0 ? kObjectTypeMismatch : nt::kInvalidHandle;
  return end_other_process(*w, code) ? nt::kSuccess : kAccessDenied;
}

// NtQueueApcThread(thread, routine, a1, a2, a3): routine(a1, a2, a3) runs in the thread's next
// alertable wait (or NtTestAlert). NtQueueApcThreadEx's reserve handle (or, on Windows 11, the
// special user APC flag 1) is taken as the plain form.
uint32_t queue(WindowsProcess& p, uint64_t h, uint64_t routine, uint64_t a1, uint64_t a2, uint64_t a3) {
  WindowsThread* t = thread_of(p, h);
  if (!t) {
    const uint32_t s = not_a_thread(p, h);
    return s ? s : nt::kUnsuccessful;
  }
  queue_apc(p, *t, routine, {a1, a2, a3});
  return nt::kSuccess;
}
uint32_t NtQueueApcThread(WindowsProcess& p, Ptr h, Ptr routine, Ptr a1, Ptr a2, Ptr a3) {
  return queue(p, h.addr, routine.addr, a1.addr, a2.addr, a3.addr);
}
uint32_t NtQueueApcThreadEx(WindowsProcess& p, Ptr h, Ptr, Ptr routine, Ptr a1, Ptr a2, Ptr a3) {
  return queue(p, h.addr, routine.addr, a1.addr, a2.addr, a3.addr);
}

// NtTestAlert: STATUS_ALERTED if the thread was alerted (NtAlertThread; the alert is taken), and
// the thread's queued APCs run now.
uint32_t NtTestAlert(WindowsProcess& p) {
  const bool alerted = thread_alerted(p.thread().id, true);
  run_apcs(p);
  return alerted ? kAlerted : nt::kSuccess;
}

// NtAlertThread(thread): the thread's next alertable wait (NtDelayExecution, NtWaitFor*Object(s),
// SleepEx …), or the one it is in, ends with STATUS_ALERTED; one alert is kept until then.
uint32_t NtAlertThread(WindowsProcess& p, Ptr h) {
  WindowsThread* t = thread_of(p, h.addr);
  if (!t) return not_a_thread(p, h.addr);  // (an ended thread: nothing to alert)
  alert_thread(t->id);
  p.wake_waiters();
  return nt::kSuccess;
}

// NtAlertResumeThread(thread, *previous count): the thread alerted (NtAlertThread), then resumed.
uint32_t NtAlertResumeThread(WindowsProcess& p, Ptr h, Ptr previous) {
  if (WindowsThread* t = thread_of(p, h.addr)) alert_thread(t->id);
  return NtResumeThread(p, h, previous);
}

// NtSuspendProcess / NtResumeProcess(process): every thread of the process held, or let go once as
// many resumes as suspends came. A child process is a host process of its own: it stops (SIGSTOP)
// at its first suspension and goes on (SIGCONT) at its last resume. This process: its other
// threads, then the calling one, which holds until another process resumes it (as on Windows).
std::map<uint32_t, uint32_t>& process_suspensions() {
  static std::map<uint32_t, uint32_t> counts;  // by process id
  return counts;
}
uint32_t process_signal(WindowsProcess& p, uint64_t h, bool suspend) {
  if (!p.is_current_process(h)) {
    Waitable* w = waitable_of_kind(p, h, Kind::Process);
    if (!w) return waitable_object(p, h) || p.fd_for_handle(h) >= 0 ? kObjectTypeMismatch : nt::kInvalidHandle;
    if (w->id != static_cast<uint32_t>(::getpid())) {
      if (w->count) return kProcessIsTerminating;  // it has ended
      uint32_t& n = process_suspensions()[w->id];
      if (!suspend && n == 0) return nt::kSuccess;
      const int pidfd = w->process ? w->process->pidfd : -1;
      const int sig = suspend ? SIGSTOP : SIGCONT;
      if ((suspend ? n == 0 : n == 1)) {
        const long r = pidfd >= 0 ? ::syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0) : ::kill(static_cast<pid_t>(w->id), sig);
        if (r != 0) return errno == ESRCH ? kProcessIsTerminating : kAccessDenied;
      }
      suspend ? ++n : --n;
      return nt::kSuccess;
    }
  }
  uint32_t previous = 0;
  std::vector<uint32_t> ids;
  for (const auto& t : p.threads)
    if (!t->exiting && t.get() != &p.thread()) ids.push_back(t->id);
  for (uint32_t id : ids) {
    WindowsThread* t = find_thread(p, id);
    if (!t) continue;
    if (suspend) {
      ++t->suspend_count;
      t->interrupt.store(true);
      if (t->cpu) t->cpu->interrupt();
    } else if (t->suspend_count > 0) {
      --t->suspend_count;
    }
  }
  p.wake_waiters();
  if (suspend) ntdll_threads::suspend(p, p.isa->ptr == 4 ? 0xfffffffeull : ~1ull, &previous);  // the calling thread
  return nt::kSuccess;
}
uint32_t NtSuspendProcess(WindowsProcess& p, Ptr h) { return process_signal(p, h.addr, true); }
uint32_t NtResumeProcess(WindowsProcess& p, Ptr h) { return process_signal(p, h.addr, false); }

// ---- alerts by thread id: one pending alert per thread, which a wait takes ----

std::map<uint32_t, bool>& alerts() {
  static std::map<uint32_t, bool> all;
  return all;
}

uint32_t NtAlertThreadByThreadId(WindowsProcess& p, Ptr tid) {
  if (!find_thread(p, static_cast<uint32_t>(tid.addr))) return kInvalidCid;
  alerts()[static_cast<uint32_t>(tid.addr)] = true;
  p.wake_waiters();
  return nt::kSuccess;
}

// NtWaitForAlertByThreadId(address, timeout): until the thread is alerted (STATUS_ALERTED) or the
// timeout (STATUS_TIMEOUT); the address is the caller's note of what it waits for.
uint32_t NtWaitForAlertByThreadId(WindowsProcess& p, Ptr, Ptr timeout) {
  const uint32_t self = p.thread().id;
  const uint32_t ms = timeout ? timeout_ms_from_nt(get<int64_t>(timeout.addr)) : kInfinite;
  const bool alerted = wait_until(p, ms, [&] { return alerts()[self]; });
  alerts().erase(self);
  return alerted ? kAlerted : nt::kTimeout;
}


// ---- another thread's context, once it holds ----

// A suspended thread of this process once it holds (at its next block boundary, call of a Windows
// function or wait in one; at most a second, for a thread blocked in the host), or null: it holds
// nowhere a context can be read (the calling thread itself; one created suspended).
WindowsThread* held_thread(WindowsProcess& p, uint64_t h) {
  WindowsThread* t = thread_of(p, h);
  if (!t || t == &p.thread()) return nullptr;
  wait_until(p, 1000, [&] {
    t = thread_of(p, h);
    return !t || t->held || t->suspend_count == 0;
  });
  return t && t->held && t->held_context ? t : nullptr;
}

// NtGetContextThread / NtSetContextThread (thread, CONTEXT*): the whole context of a suspended
// thread; STATUS_UNSUCCESSFUL for one that holds nowhere it can be read or set.
uint32_t NtGetContextThread(WindowsProcess& p, Ptr h, Ptr ctx) {
  if (!thread_of(p, h.addr)) {
    const uint32_t s = not_a_thread(p, h.addr);
    return s ? s : nt::kUnsuccessful;
  }
  WindowsThread* t = held_thread(p, h.addr);
  if (!t) return nt::kUnsuccessful;
  std::memcpy(ctx.as<void>(), reinterpret_cast<const void*>(t->held_context), p.isa->seh->context_size);
  return nt::kSuccess;
}
uint32_t NtSetContextThread(WindowsProcess& p, Ptr h, Ptr ctx) {
  if (!thread_of(p, h.addr)) {
    const uint32_t s = not_a_thread(p, h.addr);
    return s ? s : nt::kUnsuccessful;
  }
  WindowsThread* t = held_thread(p, h.addr);
  if (!t) return nt::kUnsuccessful;
  std::memcpy(reinterpret_cast<void*>(t->held_context), ctx.as<const void>(), p.isa->seh->context_size);
  t->context_set = true;
  return nt::kSuccess;
}

// ---- NtSetInformationProcess ----

// NtSetInformationProcess(process, class, info, length) of this process: the hard error mode
// (ProcessDefaultHardErrorMode 12: SetErrorMode's), the priority class (ProcessPriorityClass 18:
// PROCESS_PRIORITY_CLASS's PriorityClass, 1 idle … 6 above normal; realtime needs
// SeIncreaseBasePriorityPrivilege, which the user lacks), the affinity (ProcessAffinityMask 21: a
// subset of the machine's processors), the priority boost (ProcessPriorityBoost 33). Another
// class is STATUS_INVALID_INFO_CLASS.
uint32_t NtSetInformationProcess(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, uint32_t len) {
  if (!p.is_current_process(h.addr)) {
    Waitable* w = waitable_of_kind(p, h.addr, Kind::Process);
    if (!w) return waitable_object(p, h.addr) || p.fd_for_handle(h.addr) >= 0 ? kObjectTypeMismatch : nt::kInvalidHandle;
    if (w->id != static_cast<uint32_t>(::getpid())) return kAccessDenied;
  }
  const unsigned ptr = p.isa->ptr;
  switch (cls) {
    case 12:
      if (len != 4) return nt::kInfoLengthMismatch;
      p.error_mode = get<uint32_t>(info.addr);
      return nt::kSuccess;
    case 18: {
      if (len != 2) return nt::kInvalidParameter;
      static constexpr uint32_t kClasses[] = {0, 0x40, 0x20, 0x80, 0x100, 0x4000, 0x8000};
      const uint8_t c = get<uint8_t>(info.addr + 1);
      if (c == 0 || c > 6) return nt::kInvalidParameter;
      if (c == 4) return 0xc0000061;  // STATUS_PRIVILEGE_NOT_HELD
      p.priority_class = kClasses[c];
      return nt::kSuccess;
    }
    case 21: {
      if (len != ptr) return nt::kInfoLengthMismatch;
      const uint64_t mask = p.get_ptr(info.addr);
      const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
      const uint64_t all = cpus >= static_cast<long>(8 * ptr) ? ~uint64_t{0} >> (64 - 8 * ptr) : (uint64_t{1} << cpus) - 1;
      if (!mask || (mask & ~all)) return nt::kInvalidParameter;
      p.affinity = mask == all ? 0 : mask;
      return nt::kSuccess;
    }
    case 33:
      if (len != 4) return nt::kInfoLengthMismatch;
      p.priority_boost_disabled = get<uint32_t>(info.addr) != 0;
      return nt::kSuccess;
    default:
      return nt::kInvalidInfoClass;
  }
}
}  // namespace ntdll_thread_control_impl

namespace ntdll_threads {

using namespace ntdll_thread_control_impl;

uint32_t open_process(WindowsProcess& p, uint32_t pid, uint64_t* handle) {
  std::shared_ptr<Waitable> proc;
  if (pid == static_cast<uint32_t>(::getpid())) {
    proc = std::make_shared<Waitable>();
    proc->kind = Kind::Process;
    proc->id = pid;
  } else if (std::shared_ptr<Waitable> child = child_object(pid)) {
    proc = child;
  } else if (int fd = pid != 0 ? open_pidfd(static_cast<pid_t>(pid)) : -1; fd >= 0) {
    proc = std::make_shared<Waitable>();
    proc->kind = Kind::Process;
    proc->id = pid;
    proc->process = std::make_shared<ProcessRecord>();
    proc->process->pid = pid;
    proc->process->pidfd = fd;
    watch_process_end(p, proc, proc->process);
  } else {
    return kInvalidCid;
  }
  *handle = new_waitable_handle(p, proc);
  return nt::kSuccess;
}

uint32_t suspend(WindowsProcess& p, uint64_t h, uint32_t* previous) {
  WindowsThread* t = thread_of(p, h);
  if (!t) {
    if (Waitable* w = waitable_of_kind(p, h, Kind::Thread); w && w->process) return kNotSupported;
    const uint32_t s = not_a_thread(p, h);
    return s ? s : nt::kUnsuccessful;  // (an ended thread: STATUS_THREAD_IS_TERMINATING's kin)
  }
  *previous = static_cast<uint32_t>(t->suspend_count++);
  if (t == &p.thread()) {
    hold_while_suspended(p);
  } else {
    t->interrupt.store(true);
    if (t->cpu) t->cpu->interrupt();
    p.wake_waiters();
  }
  return nt::kSuccess;
}

uint32_t resume(WindowsProcess& p, uint64_t h, uint32_t* previous) {
  WindowsThread* t = thread_of(p, h);
  if (!t) {
    if (waitable_of_kind(p, h, Kind::Thread)) return *previous = 0, nt::kSuccess;  // ended
    return not_a_thread(p, h);
  }
  *previous = static_cast<uint32_t>(t->suspend_count);
  if (t->suspend_count > 0 && --t->suspend_count == 0) p.wake_waiters();
  return nt::kSuccess;
}

uint32_t terminate_thread(WindowsProcess& p, uint64_t h, uint32_t code) {
  WindowsThread* t = thread_of(p, h);
  if (!t) {
    const uint32_t s = not_a_thread(p, h);
    return s ? s : nt::kSuccess;  // (it has ended already)
  }
  end_thread(p, *t, code);
  return nt::kSuccess;
}

}  // namespace ntdll_threads

namespace ntdll_thread_control_impl {

// The thread stops at its CPU's next block boundary, its next call of a Windows function or the end
// of a wait, and ends with `code` without running TLS or FLS callbacks (the calling thread: now).
void end_thread(WindowsProcess& p, WindowsThread& thread, uint32_t code) {
  WindowsThread* t = &thread;
  t->terminated = true;
  if (t == &p.thread()) {
    exit_thread(p, code);
    return;
  }
  t->exiting = true;
  t->exit_code = code;
  t->interrupt.store(true);
  if (t->cpu) t->cpu->interrupt();
  p.wake_waiters();
  if (t->wait_word) {  // asleep on a condition variable or address of its own
    __atomic_fetch_add(t->wait_word, 1, __ATOMIC_SEQ_CST);
    ::syscall(SYS_futex, t->wait_word, FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
  }
}

}  // namespace ntdll_thread_control_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_thread_control_exports() {
  using namespace ntdll_thread_control_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtOpenThread", NtOpenThread),
      EXPORT("NtOpenProcess", NtOpenProcess),
      EXPORT("NtGetNextThread", NtGetNextThread),
      EXPORT("NtSuspendThread", NtSuspendThread),
      EXPORT("NtResumeThread", NtResumeThread),
      EXPORT("NtAlertResumeThread", NtAlertResumeThread),
      EXPORT("NtTerminateThread", NtTerminateThread),
      EXPORT("NtTerminateProcess", NtTerminateProcess),
      EXPORT("NtQueueApcThread", NtQueueApcThread),
      EXPORT("NtQueueApcThreadEx", NtQueueApcThreadEx),
      EXPORT("NtTestAlert", NtTestAlert),
      EXPORT("NtAlertThread", NtAlertThread),
      EXPORT("NtSuspendProcess", NtSuspendProcess),
      EXPORT("NtResumeProcess", NtResumeProcess),
      EXPORT("NtAlertThreadByThreadId", NtAlertThreadByThreadId),
      EXPORT("NtWaitForAlertByThreadId", NtWaitForAlertByThreadId),
      EXPORT("NtGetContextThread", NtGetContextThread),
      EXPORT("NtSetContextThread", NtSetContextThread),
      EXPORT("NtSetInformationProcess", NtSetInformationProcess),
  };
  return exports;
}

}  // namespace polyrun::shims
