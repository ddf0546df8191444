// riscv64 Linux signal frames, as arch/riscv/kernel/signal.c builds them: 16-byte aligned below the
// interrupted stack pointer, the rt_sigframe { siginfo; ucontext } whose uc_mcontext holds the
// user registers (pc in x0's place, then x1–x31) and the D extension's state (f0–f31, fcsr), the
// Q extension's reserved words zero. The handler is entered with a0 = signal, a1 = &siginfo,
// a2 = &ucontext, sp at the frame and ra at the code that calls rt_sigreturn (riscv has no
// SA_RESTORER: Linux points ra at its vDSO's). Offsets and sizes come from the riscv UAPI headers
// through the generated kernel ABI table (kernel_abi.c).
#include <cstring>
#include <stdexcept>
#include <string>

#include "cpu-emu/cpu.h"
#include "cpu-emu/riscv64_regs.h"
#include "syscall-translate/isa/linux_isa.h"
#include "syscall-translate/isa/signal_frame_common.h"
#include "syscall-translate/kernel_abi_map.h"

namespace polyrun::linux_abi {

namespace rv64 = cpu::rv64;

namespace {

struct Layout {
  uint64_t siginfo, ucontext;
  uint64_t uc_stack, uc_sigmask, uc_mcontext;
  uint64_t sc_regs, sc_fpregs, fp_f, fp_fcsr;
  uint64_t frame_size;  // the rt_sigframe: siginfo then ucontext
};

uint64_t need(const char* name) { return sigframe::need(pr_kernel_abi_riscv64, name); }

const Layout& layout() {
  static const Layout l = [] {
    Layout x{};
    x.siginfo = need("sizeof siginfo");
    x.ucontext = need("sizeof ucontext");
    x.uc_stack = need("ucontext.uc_stack");
    x.uc_sigmask = need("ucontext.uc_sigmask");
    x.uc_mcontext = need("ucontext.uc_mcontext");
    x.sc_regs = need("sigcontext.sc_regs");
    x.sc_fpregs = need("sigcontext.sc_fpregs");
    x.fp_f = need("__riscv_d_ext_state.f");
    x.fp_fcsr = need("__riscv_d_ext_state.fcsr");
    if (need("user_regs_struct.pc") != 0 || need("user_regs_struct.ra") != 8)
      throw std::logic_error("riscv64 user_regs_struct is not pc, x1…x31");
    x.frame_size = x.siginfo + x.ucontext;
    return x;
  }();
  return l;
}

using sigframe::get;
using sigframe::put;

void siginfo_to_guest(const uint8_t* host, int guest_sig, uint8_t* guest) {
  sigframe::siginfo64_to_guest(static_cast<unsigned>(layout().siginfo), host, guest_sig, guest);
}
void make_siginfo(int guest_sig, int code, uint64_t addr, uint8_t* guest) {
  sigframe::make_siginfo64(static_cast<unsigned>(layout().siginfo), guest_sig, code, addr, guest);
}

uint64_t fault_syndrome(const cpu::Trap&) { return 0; }  // (riscv frames record none)

bool enter_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, const SignalEntry& e) {
  const Layout& l = layout();
  const uint64_t frame = (e.sp - l.frame_size) & ~15ull;
  if (!memory.accessible(frame, l.frame_size, mem::kWrite)) return false;
  std::memset(reinterpret_cast<void*>(frame), 0, l.frame_size);
  std::memcpy(reinterpret_cast<void*>(frame), e.info, l.siginfo);
  const uint64_t uc = frame + l.siginfo;
  sigframe::put_stack(uc + l.uc_stack, e.ss_sp, e.ss_flags, e.ss_size);
  put<uint64_t>(uc + l.uc_sigmask, e.saved_mask);
  const uint64_t sc = uc + l.uc_mcontext;
  put<uint64_t>(sc + l.sc_regs, cpu.pc());
  for (int r = 1; r < 32; ++r) put<uint64_t>(sc + l.sc_regs + 8 * static_cast<uint64_t>(r), cpu.reg(rv64::X0 + r));
  const uint64_t fp = sc + l.sc_fpregs;
  for (int f = 0; f < 32; ++f) put<uint64_t>(fp + l.fp_f + 8 * static_cast<uint64_t>(f), cpu.reg(rv64::F0 + f));
  put<uint32_t>(fp + l.fp_fcsr, static_cast<uint32_t>(cpu.reg(rv64::FCSR)));

  cpu.set_reg(rv64::A0, static_cast<uint64_t>(e.sig));
  cpu.set_reg(rv64::A0 + 1, frame);
  cpu.set_reg(rv64::A0 + 2, uc);
  cpu.set_reg(rv64::SP, frame);
  cpu.set_reg(rv64::RA, e.restorer);
  cpu.set_pc(e.handler);
  return true;
}

bool leave_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, SignalReturn& out) {
  const Layout& l = layout();
  const uint64_t frame = cpu.reg(rv64::SP);
  if (!memory.accessible(frame, l.frame_size, mem::kRead)) return false;
  const uint64_t uc = frame + l.siginfo;
  const uint64_t sc = uc + l.uc_mcontext;
  out.mask = get<uint64_t>(uc + l.uc_sigmask);
  sigframe::get_stack(uc + l.uc_stack, out.ss_sp, out.ss_flags, out.ss_size);
  const uint64_t fp = sc + l.sc_fpregs;
  for (int f = 0; f < 32; ++f) cpu.set_reg(rv64::F0 + f, get<uint64_t>(fp + l.fp_f + 8 * static_cast<uint64_t>(f)));
  cpu.set_reg(rv64::FCSR, get<uint32_t>(fp + l.fp_fcsr));
  for (int r = 1; r < 32; ++r) cpu.set_reg(rv64::X0 + r, get<uint64_t>(sc + l.sc_regs + 8 * static_cast<uint64_t>(r)));
  cpu.set_pc(get<uint64_t>(sc + l.sc_regs));
  return true;
}

}  // namespace

const SignalAbi& signal_abi_riscv64() {
  static const SignalAbi abi{
      static_cast<unsigned>(layout().siginfo),
      &siginfo_to_guest,
      &make_siginfo,
      &enter_handler,
      &leave_handler,
      &fault_syndrome,
      // li a7, 139 (rt_sigreturn); ecall — the vDSO's __vdso_rt_sigreturn.
      {0x93, 0x08, 0xb0, 0x08, 0x73, 0x00, 0x00, 0x00},
      4,
  };
  return abi;
}

}  // namespace polyrun::linux_abi
