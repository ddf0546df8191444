// Host syscalls that may block, made so that a guest signal arriving at any moment before the
// host kernel starts waiting still interrupts them.
//
// A signal aimed at the guest is caught by polyrun's host handler, which only queues it and sets
// the thread's pending flag; the guest handler runs at the thread's next safe point. A blocking
// call therefore checks the flag before it waits. Checking in C++ leaves a window — the signal
// lands after the check, before the syscall instruction — in which the call would block with the
// signal queued, where Linux would have run the handler first (a handler that writes to the pipe
// the program is about to read would hang it). So the check and the syscall instruction sit in one
// short stretch of code, and the host handler, finding the thread stopped inside that stretch,
// moves it to a return of kNotStarted instead: the syscall is either never entered, and the
// guest's call is made again once the handler has run (on Linux the handler would have run just
// before it), or entered and then interrupted by the kernel, which returns -EINTR (polyrun's host
// handlers have no SA_RESTART).
#pragma once

#include <atomic>
#include <cstdint>

namespace polyrun::linux_abi {

// The result of a call a signal came before: the host kernel never saw it. (The kernel's own
// -ERESTARTSYS, which no syscall returns to user space.)
constexpr int64_t kNotStarted = -512;

// The host syscall `nr` with up to six arguments, unless `*pending` is set first: the kernel's
// result (a value, or -errno), or kNotStarted.
int64_t interruptible_syscall(const std::atomic<bool>& pending, long nr, long a1 = 0, long a2 = 0, long a3 = 0,
                              long a4 = 0, long a5 = 0, long a6 = 0);

// For the host signal handler (async-signal-safe): a thread the signal stopped between the pending
// check and its syscall instruction resumes at the kNotStarted return. `ucontext` is the handler's third
// argument.
void interrupt_syscall_before_it_blocks(void* ucontext);

}  // namespace polyrun::linux_abi
