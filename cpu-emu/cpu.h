// The CPU interface: registers, run until a trap, stop, invalidate translated code.
//
// It knows nothing of any guest OS. A syscall instruction calls the syscall handler from inside the
// engine (no stop, no restart); everything else that the guest cannot continue past comes back from
// run() as a Trap. The engine (Unicorn) is hidden behind this interface: only cpu-emu/ includes it.
#pragma once

#include <cstdint>
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/isa.h"

namespace polyrun::mem {
class AddressSpace;
}

namespace polyrun::cpu {

using polyrun::Isa;

// Segment registers whose base a personality sets for its thread block (x86 FS/GS).
enum class Segment { FS, GS };

enum class TrapKind {
  Stopped,             // stop() was called (by the syscall handler: exit, execve …)
  MemoryFault,         // unmapped address or protection violation
  IllegalInstruction,  // undefined or unsupported instruction
  Breakpoint,          // a breakpoint instruction (aarch64 BRK, x86 int3: pc is after it)
  DivideError,         // integer division by zero or overflow (x86 #DE); pc is the instruction's
  PrivilegedInstruction,  // an instruction user code may not execute (x86 hlt); pc is the instruction's
  // Exceptions an ISA's CPU raises that have no kind above (see cpu-emu/engine_exceptions.h).
  ProtectionFault,     // refused without a page address: x86 #GP, #NP, #SS, #TS (a bad segment
                       // selector, far jump or call, iret) or #DF; pc is the instruction's; code: the vector
  SoftwareInterrupt,   // x86 `int N` with a vector the CPU gives no meaning (code: N); pc is the instruction's
  Overflow,            // x86 `into` with OF set (#OF); pc is after it
  BoundRange,          // x86 `bound` with an index out of bounds (#BR); pc is the instruction's
  SingleStep,          // x86 #DB: the trap flag (cleared) or a debug register; pc is after the instruction
  FloatingPoint,       // an unmasked floating-point exception (x87 #MF, SSE #XM); pc is the instruction's;
                       // code: the exceptions, x87 status bits (1 invalid, 2 denormal, 4 divide by zero,
                       // 8 overflow, 16 underflow, 32 precision, 64 x87 stack fault)
  AlignmentFault,      // a misaligned access the CPU refuses (aarch64 exclusive and ordered accesses, x86
                       // #AC); fault_addr: the address where known (else 0); pc is the instruction's
  Interrupted,         // the flag given to watch_interrupts() or watch_debug_requests() was set:
                       // stopped between two blocks
  DebugBreakpoint,     // an address given to set_debug_breakpoints() was reached; pc is there, the
                       // instruction not executed
  DebugStep,           // set_single_step(): one instruction was executed; pc is the next one's
  EngineError,         // the engine failed for another reason (see detail)
};

enum class Access { Read, Write, Fetch };

class ExecutionLock;

// What a new thread starts from: the registers of the thread that created it.
struct CpuContext {
  std::vector<uint64_t> regs;
  std::vector<std::array<uint8_t, 16>> vectors;
  // aarch64 SVE: the vector length in bytes (a new thread's scalable registers start discarded,
  // as after the clone syscall that made it); 0: none.
  uint32_t vector_length = 0;
};

// aarch64's scalable vector registers (SVE), as a program, its signal frames and a debugger see
// them: Z0–Z31 of vector_length() bytes (the low 16 are the 128-bit vector registers of
// read_vector), P0–P15 and FFR of vector_length() / 8 bytes.
class ScalableVectors {
 public:
  virtual ~ScalableVectors() = default;
  virtual unsigned vector_length() const = 0;
  // A multiple of 16 from 16 to 256 bytes; the registers are discarded, as below.
  virtual void set_vector_length(unsigned bytes) = 0;
  // Whether SVE instructions ran since the state was last discarded.
  virtual bool live() const = 0;
  // Everything but the low 128 bits of the Z registers becomes zero (Linux does this at every
  // syscall).
  virtual void discard() = 0;
  virtual void read_z(unsigned n, uint8_t* out) = 0;
  virtual void write_z(unsigned n, const uint8_t* in) = 0;
  // n = 16: FFR.
  virtual void read_p(unsigned n, uint8_t* out) = 0;
  virtual void write_p(unsigned n, const uint8_t* in) = 0;
};

struct Trap {
  TrapKind kind = TrapKind::Stopped;
  uint64_t pc = 0;           // MemoryFault: the faulting instruction's, registers as it found them
  uint64_t fault_addr = 0;   // MemoryFault
  Access access = Access::Read;
  bool unmapped = false;     // MemoryFault: no mapping at all (else a protection violation)
  uint64_t code = 0;         // Breakpoint: immediate; EngineError: engine error code; see TrapKind
  std::string detail;
};

class Cpu {
 public:
  using SyscallHandler = std::function<void(Cpu&)>;

  virtual ~Cpu() = default;
  virtual Isa isa() const = 0;

  // Registers by the per-ISA ids of cpu-emu/<isa>_regs.h.
  virtual uint64_t reg(int id) = 0;
  virtual void set_reg(int id, uint64_t value) = 0;
  // 128-bit vector registers (x86 XMM, aarch64 Q).
  virtual void read_vector(int id, uint8_t out[16]) = 0;
  virtual void write_vector(int id, const uint8_t in[16]) = 0;
  virtual uint64_t pc() = 0;
  virtual void set_pc(uint64_t pc) = 0;

  // Runs guest code from pc() until a trap. Syscalls are served inside by the handler.
  virtual Trap run() = 0;
  // Makes run() return Trap{Stopped} after the current instruction. Only from inside run(), i.e.
  // from the syscall handler.
  virtual void stop() = 0;
  // From now on run() returns Trap{Interrupted} at the next block boundary at which *flag is set
  // (the flag is only read; whoever sets it, a host signal handler say, also clears it). Guest code
  // that computes without syscalls is stopped there too. Null: no longer watched.
  virtual void watch_interrupts(const std::atomic<bool>* flag) = 0;
  // Called, from another thread or a signal handler, just after setting the watched flag: makes
  // run() notice it now, where waiting for a block boundary is not enough (natively running code
  // has none). Async-signal-safe. The engine's block hook polls: nothing to do there.
  virtual void interrupt() {}
  // When the syscall handler runs for a direct host call (native_direct_entry_address) that
  // faulted on memory, instead of for a call to make: true, with the fault's address and whether
  // it was a write (once). Registers and pc are then as at the call's return.
  virtual bool take_direct_fault(uint64_t& addr, bool& write) {
    (void)addr, (void)write;
    return false;
  }
  // Called by the function a direct host call runs, when it finds it must block or stop the
  // guest, which a direct call cannot: true, and once it returns the same call (same point, same
  // arguments) is made through the syscall handler instead. False outside a direct call.
  virtual bool redo_as_host_call() { return false; }
  // Drops translated code for [lo, hi) (the host wrote guest code).
  virtual void invalidate(uint64_t lo, uint64_t hi) = 0;

  // Debugging (a debugger stub), without writing into guest code; called by the thread that runs
  // the CPU, outside run(). run() returns Trap{DebugBreakpoint} before it executes an instruction
  // at one of `addrs` (replacing the previous set; one at the pc run() starts from counts too).
  // Returns false where the backend cannot.
  virtual bool set_debug_breakpoints(const std::vector<uint64_t>& addrs) {
    (void)addrs;
    return false;
  }
  // On: run() executes one instruction and returns Trap{DebugStep} before the next one (or the
  // trap the instruction raised; a syscall handler's stop() ends the step too). False where the
  // backend cannot.
  virtual bool set_single_step(bool on) {
    (void)on;
    return false;
  }
  // As watch_interrupts, for a second flag of the debugger's: run() returns Trap{Interrupted} at
  // the next block boundary at which *flag is set. Null: no longer watched.
  virtual void watch_debug_requests(const std::atomic<bool>* flag) { (void)flag; }

  // The registers a thread carries (general, flags, FP/SIMD, thread pointer), to start another
  // thread from. Throws where the backend does not support threads for the ISA.
  virtual CpuContext save_context() = 0;
  virtual void load_context(const CpuContext& c) = 0;

  // From now on the engine runs among other threads' engines (one per host thread, each created
  // and run by its own thread): it hands `lock` over at block boundaries when another thread
  // waits, and changes of the guest map or code made by other threads reach it when it next holds
  // the lock. Called by the thread that runs this CPU.
  virtual void share_execution(ExecutionLock& lock) = 0;


  // Names of the optional ISA features the emulated CPU really implements ("fp", "asimd", "aes"…).
  virtual const std::vector<std::string>& features() const = 0;
  // Reads a system register the guest's code may not read itself (aarch64: the ID registers,
  // which a user-mode MRS cannot read and an OS emulates); `id` is the ISA's encoding (aarch64:
  // bits [20:5] of the MRS instruction: o0, op1, CRn, CRm, op2; x86: a CPUID leaf, see
  // x86::kCpuidEaxEbx in x86_regs.h). False: no such register here.
  virtual bool read_system_register(uint32_t id, uint64_t& value) = 0;
  bool has_feature(const std::string& name) const;
  // aarch64 SVE's registers; null where the CPU has none (another ISA, a model without SVE).
  virtual ScalableVectors* scalable_vectors() { return nullptr; }

  // How many engine memory regions back the guest map now (bounded whatever the guest does).
  virtual size_t engine_region_count() const = 0;

  // x86: pushes a value on the x87 register stack (i386 functions return doubles in ST0).
  virtual void push_x87(double value) = 0;
  // x86: pops ST0 off the x87 register stack (its full 80-bit value).
  virtual long double pop_x87() = 0;

  // Points a segment register at `base` (x86: the TEB through GS on x64 and FS on i386).
  virtual void set_segment_base(Segment seg, uint64_t base) = 0;

  void set_syscall_handler(SyscallHandler h) { syscall_handler_ = std::move(h); }

 protected:
  SyscallHandler syscall_handler_;
};

// What a personality chooses of a CPU when it creates it.
// aarch64's max model: SVE and SVE2, which polyrun executes itself (qemu's property sve=on|off).
// Executed, the default: they run, but the model's features and ID registers do not show them,
// so that what chooses code by the CPU's features (glibc's memcpy and memmove take their SVE forms
// once SVE is there) keeps to the engine's own instructions, which run several times faster than
// a stop of the engine for polyrun's; programs built for SVE run all the same. Shown: they run
// and are shown, as on qemu's max. Off: they are undefined instructions.
enum class SveMode { Executed, Shown, Off };

struct CpuOptions {
  // x86: the vector of the `int N` that is the syscall (Linux i386: 0x80); -1: the backend's own,
  // 0x2e, which the host-call thunks use. Any other `int N` is then a SoftwareInterrupt trap.
  int syscall_vector = -1;
  // x86 32-bit mode: guest code runs at privilege level 3 with Linux's user selectors (cs 0x73,
  // ds/es/ss 0x7b), so that what user code may not do (a control register, cli, hlt, iret to
  // another level) raises #GP as it does under Linux. False: privilege level 0 (the Windows
  // personality's, whose host-call thunks and hlt rely on it).
  bool user_mode = false;
  // The CPU model, by the name cpu_models() lists (as qemu names it: "max", "cortex-a72" …);
  // empty: the ISA's default, the first listed.
  std::string model;
  // aarch64 SVE: the vector length in bytes a CPU starts with (0: the model's default, 64).
  uint32_t vector_length = 0;
  SveMode sve = SveMode::Executed;
  // The engine's translation buffer in bytes (0: the engine's default, 1 GiB; at least 1 MiB):
  // tests fill a small one.
  uint32_t code_buffer_bytes = 0;
};

// A CPU model the engine runs for an ISA: its name, as qemu spells it, and what it implements
// (the optional features by their Linux names, as Cpu::features() gives them).
struct CpuModel {
  std::string name;
  std::vector<std::string> features;
};
// The models a CPU of the ISA can be created as, the default (the most capable) first; empty
// where the ISA has one model only.
std::vector<CpuModel> cpu_models(Isa isa);

// Creates a CPU for the ISA over the address space (the CPU observes it from then on).
std::unique_ptr<Cpu> create_cpu(Isa isa, mem::AddressSpace& memory, const CpuOptions& options = {});
// A CPU that runs the guest's code natively on the host CPU (x86-64 code on an x86-64 host; the
// guest's memory must be mapped executable: AddressSpace::set_native_execution). Null where the
// host cannot run the ISA.
std::unique_ptr<Cpu> create_native_cpu(Isa isa);
// Where natively running guest code calls to enter the host (a thunk's `call`); 0: nowhere.
uint64_t native_host_entry_address();
// Where natively running guest code calls to run a host function directly, without leaving run()
// (a direct thunk's `call`): the function's address sits kNativeDirectTableOffset bytes after the
// thunk, and it is called as System V code with the Win64 arguments (rcx, rdx, r8, r9, then a
// pointer to the fifth argument's stack slot; xmm0–3 as they are) on the host stack. What it
// returns in rax or xmm0 goes back to the guest.
uint64_t native_direct_entry_address();
inline constexpr uint64_t kNativeDirectTableOffset = 1u << 20;

}  // namespace polyrun::cpu
