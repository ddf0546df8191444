// Running x86-64 guest code natively: one entry into the guest, until it calls into the host and
// the host says leave, or until it faults (see x86_64_native.h for the switch itself).
#pragma once

#include <cstdint>

#include "cpu-emu/x86_64_native.h"

namespace polyrun::cpu {

// What a host entry does: called on the host stack with the guest's registers in the frame
// (rip: after the guest's call). Returns kNativeResume (back into the guest at the frame's rip,
// registers as the frame now holds them) or kNativeLeave (native_run returns). May call
// native_run again (guest code nested in a host function). Must not throw.
class NativeDispatcher {
 public:
  virtual ~NativeDispatcher() = default;
  virtual int on_host_entry(NativeFrame& frame) noexcept = 0;
};

// A fault of guest code: the signal and what the kernel said of it (the frame holds the
// registers at the faulting instruction).
struct NativeFault {
  int sig = 0;
  int code = 0;           // si_code
  uint64_t addr = 0;      // si_addr
  uint64_t error = 0;     // the page-fault error code (bit 1: write, bit 4: instruction fetch)
  uint64_t trapno = 0;    // the x86 exception vector
};

// The host signal that interrupts a thread running guest code (Cpu::interrupt).
constexpr int kNativeInterruptSignal = 12;  // SIGUSR2

// A direct host call (polyrun_native_direct_entry) that faulted on memory: true once after it,
// with the fault's address and whether it was a write, for the dispatch of that call (the frame
// holds the guest's state as at the call's return).
bool take_direct_fault(uint64_t& addr, bool& write);

// Enters the guest with `frame` on this thread; returns kNativeLeave, kNativeFault (then `fault`
// says which) or kNativeInterrupted. The frame is the guest's state on return in every case.
int native_run(NativeFrame& frame, NativeDispatcher& dispatcher, NativeFault& fault);

}  // namespace polyrun::cpu
