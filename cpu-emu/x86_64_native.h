// Running x86-64 guest code natively on an x86-64 host: the switch between polyrun (System V, on
// its host stack, TLS in FS) and guest code (its own registers and stack, its thread block in GS).
//
// polyrun_native_enter saves the host's callee-saved registers, stack pointer and floating-point
// controls in a HostContext, loads every register of a NativeFrame and jumps to its rip. Guest
// code comes back in one of two ways, both returning from polyrun_native_enter:
// - it calls polyrun_native_host_entry (a host-call thunk's `call`): the guest registers are
//   saved in the frame (rip: the return address that call pushed, popped; rsp: above it), the host
//   stack and controls come back, and polyrun_native_dispatch(frame) runs; it returns
//   kNativeResume to go back into the guest with the (possibly edited) frame, or kNativeLeave to
//   return from polyrun_native_enter.
// - it faults: the signal handler (native_fault.cpp) copies the signal's context into the frame
//   and makes the thread return from polyrun_native_enter with kNativeFault.
// Entries nest: a dispatch may enter the guest again (a host function calling guest code), with a
// HostContext of its own deeper on the host stack; the thread's current frame and host context
// are per-thread pointers that the caller of polyrun_native_enter sets and restores.
#pragma once

#include <cstddef>
#include <cstdint>

namespace polyrun::cpu {

// The most extended state (XSAVE's standard format) a frame keeps: AVX-512's is 2,696 bytes.
constexpr uint32_t kNativeXstateMax = 4096;

struct alignas(64) NativeFrame {
  uint64_t gpr[16];  // rax rcx rdx rbx rsp rbp rsi rdi r8–r15 (the x86 encoding order)
  uint64_t rip;
  uint64_t rflags;
  uint32_t mxcsr;
  uint16_t fpcw;
  uint16_t pad0;
  uint64_t pad1;
  uint8_t xmm[16][16];
  // Where a signal stopped guest code (an interrupt, a fault), the whole register state the
  // kernel saved (YMM's and ZMM's upper halves, AVX-512's mask and upper registers, x87): the next
  // entry restores it (XRSTOR of the components in xstate_features) before loading the registers
  // above, which keep their own values, and clears xstate_features. Host entries do not need it:
  // a call leaves the rest of the state volatile.
  uint64_t xstate_features;
  uint8_t pad2[88];
  uint8_t xstate[kNativeXstateMax];
};
static_assert(offsetof(NativeFrame, rip) == 128);
static_assert(offsetof(NativeFrame, rflags) == 136);
static_assert(offsetof(NativeFrame, mxcsr) == 144);
static_assert(offsetof(NativeFrame, fpcw) == 148);
static_assert(offsetof(NativeFrame, xmm) == 160);
static_assert(offsetof(NativeFrame, xstate_features) == 416);
static_assert(offsetof(NativeFrame, xstate) == 512);  // (XRSTOR wants 64-byte alignment)

struct HostContext {
  uint64_t rbx, rbp, r12, r13, r14, r15;
  uint64_t rsp;  // at polyrun_native_enter's entry: its return address on top
  uint32_t mxcsr;
  uint16_t fpcw;
  uint16_t pad;
};
static_assert(offsetof(HostContext, rsp) == 48);
static_assert(offsetof(HostContext, mxcsr) == 56);
static_assert(offsetof(HostContext, fpcw) == 60);

enum NativeWhere : int { kInPolyrun = 0, kInGuest = 1, kInDirectCall = 2 };

enum NativeExit : int { kNativeResume = 0, kNativeLeave = 1, kNativeFault = 2, kNativeInterrupted = 3 };

}  // namespace polyrun::cpu

extern "C" {
// The running thread's frame and host context (set around polyrun_native_enter by its caller).
extern thread_local polyrun::cpu::NativeFrame* polyrun_native_frame;
extern thread_local polyrun::cpu::HostContext* polyrun_native_host;
// What the thread executes: polyrun (0), guest code (kInGuest: between entering it and coming
// back) or a host function guest code called directly (kInDirectCall).
extern thread_local int polyrun_native_in_guest;
// Set by the interrupt signal when it finds the thread in polyrun's code: the next entry into the
// guest returns kNativeInterrupted instead (and clears it).
extern thread_local int polyrun_native_kick;
// Set by a direct call's function (Cpu::redo_as_host_call): when it returns, the call is made
// again through the dispatcher instead of returning to the guest.
extern thread_local int polyrun_native_direct_redo;

int polyrun_native_enter(polyrun::cpu::NativeFrame* frame, polyrun::cpu::HostContext* host);
void polyrun_native_host_entry();
// Where a direct host-call thunk calls (the function from the direct table, without the switch).
void polyrun_native_direct_entry();
// The host entry's second half: serves the frame as it is (the fault handler sends a direct call
// that faulted there).
void polyrun_native_dispatch_frame();
// Defined by the backend: serves a host entry; returns kNativeResume or kNativeLeave.
int polyrun_native_dispatch(polyrun::cpu::NativeFrame* frame);
// Where the fault handler sends a faulting thread: returns kNativeFault from polyrun_native_enter.
void polyrun_native_fault_return();
// The same for an interrupt (kNativeInterrupted); the load sequence of the switch, where an
// interrupt abandons entering (the frame still holds the whole guest state).
void polyrun_native_interrupt_return();
void polyrun_native_load_begin();
void polyrun_native_load_end();
}
