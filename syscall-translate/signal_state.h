// The host side of a Linux guest's signal state, and delivery to guest handlers.
//
// polyrun's own process carries the guest's signal mask and the signals the guest ignores
// (SIGSEGV and SIGBUS stay polyrun's, for fault reports), so that host signals aimed at the
// guest, children's SIGCHLD and EPIPE, and what a program started by execve inherits all follow
// the guest's settings. A signal the guest has a handler for is caught by polyrun's host handler,
// queued on the guest thread the host delivered it to, and delivered at the thread's next safe
// point: the end of a syscall, or a block boundary (the engine watches the thread's pending flag
// once the guest has a handler). Delivery builds the ISA's signal frame (isa/<isa>_signal.cpp);
// rt_sigreturn takes it back. Faults become the guest's synchronous signals the same way.
#pragma once

#include <signal.h>

#include <cstdint>

#include "syscall-translate/linux_process.h"

namespace polyrun::linux_abi {

// Guest dispositions besides a handler's address (GuestSigaction::handler), and the signals no
// mask blocks (guest numbers, which are the generic ones on every ISA polyrun runs).
constexpr uint64_t kSigDfl = 0, kSigIgn = 1;
constexpr uint64_t kUnblockable = (1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1));

// Signals whose default action is to do nothing.
bool ignored_by_default(int sig);

// At start-up: the guest inherits the host process's mask and ignored signals, as a program
// inherits them from the one that executed it.
void adopt_host_signal_state(LinuxProcess& p);

// A guest signal set in host numbers, without the signals polyrun keeps for itself.
uint64_t host_sigset(const LinuxProcess& p, uint64_t guest_set);

// Sets the calling thread's guest mask (SIGKILL and SIGSTOP stay unblocked) and the host mask
// that mirrors it; queued signals it unblocks become pending.
void set_guest_mask(LinuxProcess& p, uint64_t mask);

// Records a guest disposition and makes the host follow it: ignored, default, or caught by
// polyrun for the guest handler.
void set_guest_action(LinuxProcess& p, int sig, const GuestSigaction& act);

// Queues a signal (guest number and siginfo) on a thread of this process.
void queue_signal(LinuxThread& t, int sig, const uint8_t* info);
// Takes a queued signal of `set` off the calling thread's queue (rt_sigtimedwait).
bool take_queued_signal(LinuxThread& t, uint64_t set, LinuxThread::QueuedSignal& out);
// The guest signals queued on the thread.
uint64_t queued_signals(LinuxThread& t);

// At a safe point outside the engine: delivers the first deliverable queued signal (a handler's
// frame, the default action, or nothing for an ignored one) and settles an interrupted syscall.
// The process may end (p.exited, p.killed_by).
void deliver_signals(LinuxProcess& p);

// A fault as the guest's synchronous signal: true when a guest handler will run; false when the
// guest dies of it (no handler, or the signal blocked or ignored, as Linux forces it then).
bool deliver_fault(LinuxProcess& p, int sig, int code, const cpu::Trap& t);

// rt_sigreturn (rt): the registers, mask and alternate stack back from the RT frame at the stack
// pointer; sigreturn (ISAs with an old frame): the registers and mask back from that frame.
int64_t return_from_handler(LinuxProcess& p, bool rt);

// A guest sigset (the kernel's: 64 bits in words of the guest's long) at a guest address the caller
// checked, read and written through the guest's field access (kernel_abi_map.h).
uint64_t get_guest_sigset(const LinuxProcess& p, uint64_t addr);
void put_guest_sigset(const LinuxProcess& p, uint64_t addr, uint64_t set);

// True when sp lies on the calling thread's alternate signal stack.
bool on_alternate_stack(const LinuxThread& t, uint64_t sp);

// Host signals stay away from the calling host thread from now on (a guest thread that ended).
void block_host_signals();

// The guest process is over (its LinuxProcess about to go): a late signal — a child's SIGCHLD as
// polyrun exits — finds no guest to queue for.
void end_guest_signals();

// A value of the guest's signal constants table (SA_*, SS_*, si_code values).
int64_t guest_signal_constant(const LinuxProcess& p, const char* name);

}  // namespace polyrun::linux_abi
