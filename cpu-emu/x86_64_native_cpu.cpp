// The x86-64 CPU as the host runs it: guest code executes natively (x86_64_native_switch.S) and
// comes back through a host-call thunk's `call` of polyrun_native_host_entry (the syscall
// handler runs then, on the host stack) or through a fault.
#include <asm/prctl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "cpu-emu/cpu.h"
#include "cpu-emu/execution_lock.h"
#include "cpu-emu/x86_64_native_run.h"
#include "cpu-emu/x86_regs.h"

namespace polyrun::cpu {

namespace {

thread_local uint64_t thread_gs_base = 0;  // what this host thread's GS base was last set to

class NativeCpu final : public Cpu, private NativeDispatcher {
 public:
  NativeCpu() {
    f_.rflags = 0x202;
    f_.mxcsr = 0x1f80;
    f_.fpcw = 0x37f;
  }

  Isa isa() const override { return Isa::X86_64; }

  uint64_t reg(int id) override {
    if (id >= x86::RAX && id <= x86::R15) return f_.gpr[id - x86::RAX];
    switch (id) {
      case x86::RIP: return f_.rip;
      case x86::RFLAGS: return f_.rflags;
      case x86::GS_BASE: return gs_base_;
      case x86::FS_BASE: return 0;
      case x86::MXCSR: return f_.mxcsr;
      case x86::FPCW: return f_.fpcw;
      case x86::CS: return 0x33;
      case x86::SS: case x86::DS: case x86::ES: return 0x2b;
      default: return 0;
    }
  }

  void set_reg(int id, uint64_t v) override {
    if (id >= x86::RAX && id <= x86::R15) {
      f_.gpr[id - x86::RAX] = v;
      return;
    }
    switch (id) {
      case x86::RIP: f_.rip = v; break;
      // User code may change the arithmetic flags, DF, TF and AC; the rest stays as it is.
      case x86::RFLAGS: f_.rflags = (f_.rflags & ~0x40dd5ull) | (v & 0x40dd5ull); break;
      case x86::GS_BASE: gs_base_ = v; break;
      case x86::MXCSR: f_.mxcsr = static_cast<uint32_t>(v) & 0xffff; break;
      case x86::FPCW: f_.fpcw = static_cast<uint16_t>(v); break;
      default: break;
    }
  }

  void read_vector(int id, uint8_t out[16]) override {
    if (id < x86::XMM0 || id > x86::XMM15) throw std::runtime_error("no such vector register");
    std::memcpy(out, f_.xmm[id - x86::XMM0], 16);
  }
  void write_vector(int id, const uint8_t in[16]) override {
    if (id < x86::XMM0 || id > x86::XMM15) throw std::runtime_error("no such vector register");
    std::memcpy(f_.xmm[id - x86::XMM0], in, 16);
  }

  uint64_t pc() override { return f_.rip; }
  void set_pc(uint64_t pc) override { f_.rip = pc; }

  Trap run() override {
    if (thread_gs_base != gs_base_) {
      ::syscall(SYS_arch_prctl, ARCH_SET_GS, gs_base_);
      thread_gs_base = gs_base_;
    }
    stop_ = false;
    // Another thread's interrupt() signals this one only while it runs guest code (run() nests).
    owner_ = pthread_self();
    if (depth_++ == 0) owner_known_.store(true, std::memory_order_release);
    struct Depth {
      NativeCpu& c;
      ~Depth() {
        if (--c.depth_ == 0) c.owner_known_.store(false, std::memory_order_release);
      }
    } depth{*this};
    for (;;) {
      if (interrupted()) return interrupted_trap();
      NativeFault fault;
      if (lock_) lock_->release();
      int r = native_run(f_, *this, fault);
      if (lock_) lock_->acquire();
      if (r == kNativeInterrupted) return interrupted_trap();
      if (r == kNativeLeave) {
        Trap t;
        t.kind = pending_.kind;
        t.pc = f_.rip;
        if (t.kind == TrapKind::Interrupted) t.pc = f_.rip;
        pending_ = Trap{};
        return t;
      }
      // A `syscall` instruction of the guest's, stopped before the kernel (Syscall User Dispatch,
      // x86_64_native_run.cpp), rip after it: the system-call handler's, as on the engine.
      const bool system_call = fault.sig == SIGSYS;
      Trap t = describe(fault);
      if (system_call || (t.kind == TrapKind::SoftwareInterrupt && t.code == kHostCallVector)) {
        // `int 0x2e` outside the thunks (which call the host entry): the handler says what it is.
        if (!system_call) f_.rip += 2;
        stop_ = false;
        if (syscall_handler_) syscall_handler_(*this);
        if (stop_) {
          Trap s;
          s.pc = f_.rip;
          return s;
        }
        continue;
      }
      return t;
    }
  }

  void stop() override { stop_ = true; }

  void watch_interrupts(const std::atomic<bool>* flag) override { interrupt_ = flag; }
  void interrupt() override {
    if (owner_known_.load(std::memory_order_acquire)) pthread_kill(owner_, kNativeInterruptSignal);
  }
  bool take_direct_fault(uint64_t& addr, bool& write) override { return cpu::take_direct_fault(addr, write); }
  bool redo_as_host_call() override {
    if (polyrun_native_in_guest != kInDirectCall) return false;
    polyrun_native_direct_redo = 1;
    return true;
  }
  void invalidate(uint64_t, uint64_t) override {}  // the host CPU keeps its caches coherent

  CpuContext save_context() override {
    CpuContext c;
    for (int id = x86::RAX; id <= x86::RFLAGS; ++id) c.regs.push_back(reg(id));
    c.regs.push_back(f_.mxcsr);
    c.regs.push_back(f_.fpcw);
    for (int i = 0; i < 16; ++i) {
      c.vectors.emplace_back();
      std::memcpy(c.vectors.back().data(), f_.xmm[i], 16);
    }
    return c;
  }
  void load_context(const CpuContext& c) override {
    int id = x86::RAX;
    size_t i = 0;
    for (; i < c.regs.size() && id <= x86::RFLAGS; ++i, ++id) set_reg(id, c.regs[i]);
    if (i < c.regs.size()) f_.mxcsr = static_cast<uint32_t>(c.regs[i++]);
    if (i < c.regs.size()) f_.fpcw = static_cast<uint16_t>(c.regs[i++]);
    for (size_t v = 0; v < c.vectors.size() && v < 16; ++v) std::memcpy(f_.xmm[v], c.vectors[v].data(), 16);
  }

  // Threads run in parallel: the lock guards polyrun's state, held while a host call is served.
  void share_execution(ExecutionLock& lock) override {
    if (lock_) return;
    lock_ = &lock;
    lock.go_parallel();
  }

  const std::vector<std::string>& features() const override { return features_; }
  bool read_system_register(uint32_t, uint64_t&) override { return false; }
  size_t engine_region_count() const override { return 0; }
  void push_x87(double) override { throw std::runtime_error("x87 returns are an i386 convention"); }
  long double pop_x87() override { throw std::runtime_error("x87 returns are an i386 convention"); }

  void set_segment_base(Segment seg, uint64_t base) override {
    if (seg != Segment::GS) throw std::runtime_error("x86-64 guests have their thread block in GS");
    gs_base_ = base;
  }

 private:
  static constexpr uint64_t kHostCallVector = 0x2e;

  // A host call: the thunk's `call` brought the guest here, its return address (in the thunk,
  // where its `ret` is) in the frame's rip.
  int on_host_entry(NativeFrame&) noexcept override {
    if (lock_) lock_->acquire();
    stop_ = false;
    try {
      if (syscall_handler_) syscall_handler_(*this);
    } catch (...) {
      std::terminate();  // the handlers report their own errors; nothing may cross the switch
    }
    if (lock_) lock_->release();
    if (stop_) {
      pending_ = Trap{};
      return kNativeLeave;
    }
    if (interrupted()) {  // (set while the thread was on its way here: the signal found it in polyrun)
      pending_ = Trap{};
      pending_.kind = TrapKind::Interrupted;
      return kNativeLeave;
    }
    return kNativeResume;
  }

  bool interrupted() const { return interrupt_ && interrupt_->load(std::memory_order_relaxed); }
  Trap interrupted_trap() {
    polyrun_native_kick = 0;
    Trap t;
    t.kind = TrapKind::Interrupted;
    t.pc = f_.rip;
    return t;
  }

  Trap describe(const NativeFault& fault) {
    Trap t;
    t.pc = f_.rip;
    t.fault_addr = fault.addr;
    switch (fault.trapno) {
      case 14:  // #PF
        t.kind = TrapKind::MemoryFault;
        t.access = (fault.error & 16) ? Access::Fetch : (fault.error & 2) ? Access::Write : Access::Read;
        t.unmapped = fault.code == SEGV_MAPERR;
        return t;
      case 0: t.kind = TrapKind::DivideError; return t;
      case 1: t.kind = TrapKind::SingleStep; return t;
      case 3: t.kind = TrapKind::Breakpoint; return t;  // rip is after the int3
      case 4: t.kind = TrapKind::Overflow; return t;
      case 5: t.kind = TrapKind::BoundRange; return t;
      case 6: t.kind = TrapKind::IllegalInstruction; return t;
      case 16: case 19: {
        t.kind = TrapKind::FloatingPoint;
        t.code = fault.trapno == 19 ? (f_.mxcsr & 0x3f) & ~(f_.mxcsr >> 7 & 0x3f) : 0;
        return t;
      }
      case 17: t.kind = TrapKind::AlignmentFault; return t;
      case 13: {
        // #GP: `int N` (cd N) and privileged instructions report it with the instruction's rip.
        const auto* p = reinterpret_cast<const uint8_t*>(f_.rip);
        if (p[0] == 0xcd) {
          t.kind = TrapKind::SoftwareInterrupt;
          t.code = p[1];
          return t;
        }
        if (p[0] == 0xf4) {
          t.kind = TrapKind::PrivilegedInstruction;
          return t;
        }
        t.kind = TrapKind::ProtectionFault;
        t.code = 13;
        return t;
      }
      default:
        t.kind = fault.sig == SIGILL ? TrapKind::IllegalInstruction : TrapKind::ProtectionFault;
        t.code = fault.trapno;
        return t;
    }
  }

  NativeFrame f_{};
  uint64_t gs_base_ = 0;
  bool stop_ = false;
  Trap pending_;
  ExecutionLock* lock_ = nullptr;
  const std::atomic<bool>* interrupt_ = nullptr;
  pthread_t owner_{};
  std::atomic<bool> owner_known_{false};
  int depth_ = 0;
  std::vector<std::string> features_{"sse", "sse2"};
};

}  // namespace

uint64_t native_host_entry_address() { return reinterpret_cast<uint64_t>(&polyrun_native_host_entry); }
uint64_t native_direct_entry_address() { return reinterpret_cast<uint64_t>(&polyrun_native_direct_entry); }

std::unique_ptr<Cpu> create_native_cpu(Isa isa) {
  if (isa != Isa::X86_64) return nullptr;
  return std::make_unique<NativeCpu>();
}

}  // namespace polyrun::cpu
