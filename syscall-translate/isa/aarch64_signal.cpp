// aarch64 Linux signal frames, as arch/arm64/kernel/signal.c builds them: below the interrupted
// stack pointer, a frame record {x29, x30} and, 16-byte aligned below it, the rt_sigframe
// { siginfo; ucontext } whose uc_mcontext holds x0–x30, sp, pc, pstate, then in __reserved an
// FP/SIMD record (fpsr, fpcr, v0–v31), for faults an ESR record, and a terminating empty record.
// The handler is entered with x0 = signal, x1 = &siginfo, x2 = &ucontext, sp at the frame, x29 at
// the frame record and x30 at the restorer. Offsets, sizes and magics come from the arm64 UAPI
// headers through the generated kernel ABI table (kernel_abi.c).
#include <cstring>
#include <stdexcept>
#include <string>

#include "cpu-emu/aarch64_regs.h"
#include "cpu-emu/cpu.h"
#include "syscall-translate/isa/linux_isa.h"
#include "syscall-translate/isa/signal_frame_common.h"
#include "syscall-translate/kernel_abi_map.h"

namespace polyrun::linux_abi {

namespace a64 = cpu::a64;

namespace {

struct Layout {
  uint64_t siginfo, ucontext;
  uint64_t uc_stack, uc_sigmask, uc_mcontext;  // (uc_flags and uc_link stay zero)
  uint64_t sc_fault_address, sc_regs, sc_sp, sc_pc, sc_pstate, sc_reserved, sc_reserved_size;
  uint64_t fpsimd_magic, fpsimd_size, fpsimd_fpsr, fpsimd_fpcr, fpsimd_vregs;
  uint64_t esr_magic, esr_size, esr_esr;
  uint64_t frame_size;  // the rt_sigframe: siginfo then ucontext
};

uint64_t need(const char* name) { return sigframe::need(pr_kernel_abi_aarch64, name); }

const Layout& layout() {
  static const Layout l = [] {
    Layout x{};
    x.siginfo = need("sizeof siginfo");
    x.ucontext = need("sizeof ucontext");
    x.uc_stack = need("ucontext.uc_stack");
    x.uc_sigmask = need("ucontext.uc_sigmask");
    x.uc_mcontext = need("ucontext.uc_mcontext");
    x.sc_fault_address = need("sigcontext.fault_address");
    x.sc_regs = need("sigcontext.regs");
    x.sc_sp = need("sigcontext.sp");
    x.sc_pc = need("sigcontext.pc");
    x.sc_pstate = need("sigcontext.pstate");
    x.sc_reserved = need("sigcontext.__reserved");
    x.sc_reserved_size = need("sizeof sigcontext.__reserved");
    x.fpsimd_magic = need("FPSIMD_MAGIC");
    x.fpsimd_size = need("sizeof fpsimd_context");
    x.fpsimd_fpsr = need("fpsimd_context.fpsr");
    x.fpsimd_fpcr = need("fpsimd_context.fpcr");
    x.fpsimd_vregs = need("fpsimd_context.vregs");
    x.esr_magic = need("ESR_MAGIC");
    x.esr_size = need("sizeof esr_context");
    x.esr_esr = need("esr_context.esr");
    x.frame_size = (x.siginfo + x.ucontext + 15) & ~15ull;
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

// ESR_EL1 of a data or instruction abort from EL0: EC 0x24 / 0x20, IL, WnR for writes, and the
// fault status: translation fault (unmapped) or permission fault, level 3. An alignment fault: a
// PC alignment fault (EC 0x22) or a data abort with the alignment fault status (0x21).
uint64_t fault_syndrome(const cpu::Trap& t) {
  if (t.kind == cpu::TrapKind::AlignmentFault) {
    if (t.fault_addr == t.pc) return 0x22ull << 26 | 1ull << 25;
    return 0x24ull << 26 | 1ull << 25 | 0x21 | (t.access == cpu::Access::Write ? 1ull << 6 : 0);
  }
  if (t.kind != cpu::TrapKind::MemoryFault) return 0;
  uint64_t ec = t.access == cpu::Access::Fetch ? 0x20 : 0x24;
  uint64_t esr = ec << 26 | 1ull << 25 | (t.unmapped ? 0x07 : 0x0f);
  if (t.access == cpu::Access::Write) esr |= 1ull << 6;
  return esr;
}

bool enter_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, const SignalEntry& e) {
  const Layout& l = layout();
  const uint64_t reserved = l.sc_reserved_size;
  uint64_t record = (e.sp - 16) & ~15ull;  // struct frame_record {fp, lr}
  uint64_t frame = (record - l.frame_size) & ~15ull;
  if (!memory.accessible(frame, e.sp - frame, mem::kWrite)) return false;
  std::memset(reinterpret_cast<void*>(frame), 0, l.frame_size);
  put<uint64_t>(record, cpu.reg(a64::X29));
  put<uint64_t>(record + 8, cpu.reg(a64::X30));

  std::memcpy(reinterpret_cast<void*>(frame), e.info, l.siginfo);
  const uint64_t uc = frame + l.siginfo;
  sigframe::put_stack(uc + l.uc_stack, e.ss_sp, e.ss_flags, e.ss_size);
  put<uint64_t>(uc + l.uc_sigmask, e.saved_mask);
  const uint64_t sc = uc + l.uc_mcontext;
  for (int r = 0; r <= 30; ++r) put<uint64_t>(sc + l.sc_regs + 8 * static_cast<uint64_t>(r), cpu.reg(a64::X0 + r));
  put<uint64_t>(sc + l.sc_sp, cpu.reg(a64::SP));
  put<uint64_t>(sc + l.sc_pc, cpu.pc());
  put<uint64_t>(sc + l.sc_pstate, cpu.reg(a64::NZCV) & 0xf0000000ull);

  // __reserved: the FP/SIMD record, an ESR record for faults, then an empty record ending the list.
  uint64_t rec = sc + l.sc_reserved;
  put<uint32_t>(rec, static_cast<uint32_t>(l.fpsimd_magic));
  put<uint32_t>(rec + 4, static_cast<uint32_t>(l.fpsimd_size));
  put<uint32_t>(rec + l.fpsimd_fpsr, static_cast<uint32_t>(cpu.reg(a64::FPSR)));
  put<uint32_t>(rec + l.fpsimd_fpcr, static_cast<uint32_t>(cpu.reg(a64::FPCR)));
  for (int q = 0; q < 32; ++q) cpu.read_vector(a64::Q0 + q, reinterpret_cast<uint8_t*>(rec + l.fpsimd_vregs + 16 * static_cast<uint64_t>(q)));
  rec += l.fpsimd_size;
  if (e.fault_syndrome) {
    put<uint64_t>(sc + l.sc_fault_address, get<uint64_t>(frame + 16));
    put<uint32_t>(rec, static_cast<uint32_t>(l.esr_magic));
    put<uint32_t>(rec + 4, static_cast<uint32_t>(l.esr_size));
    put<uint64_t>(rec + l.esr_esr, e.fault_syndrome);
    rec += l.esr_size;
  }
  if (rec + 8 > sc + l.sc_reserved + reserved) return false;  // (the records always fit)

  cpu.set_reg(a64::X0, static_cast<uint64_t>(e.sig));
  cpu.set_reg(a64::X0 + 1, frame);
  cpu.set_reg(a64::X0 + 2, uc);
  cpu.set_reg(a64::SP, frame);
  cpu.set_reg(a64::X29, record);
  cpu.set_reg(a64::X30, e.restorer);
  cpu.set_pc(e.handler);
  return true;
}

bool leave_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, SignalReturn& out) {
  const Layout& l = layout();
  uint64_t frame = cpu.reg(a64::SP);
  if ((frame & 15) || !memory.accessible(frame, l.frame_size, mem::kRead)) return false;
  const uint64_t uc = frame + l.siginfo;
  const uint64_t sc = uc + l.uc_mcontext;
  out.mask = get<uint64_t>(uc + l.uc_sigmask);
  sigframe::get_stack(uc + l.uc_stack, out.ss_sp, out.ss_flags, out.ss_size);
  // The FP/SIMD record is required, as Linux requires it; unknown records are skipped.
  const uint64_t reserved = l.sc_reserved_size;
  bool fpsimd = false;
  for (uint64_t off = 0; off + 8 <= reserved;) {
    uint64_t rec = sc + l.sc_reserved + off;
    uint32_t magic = get<uint32_t>(rec), size = get<uint32_t>(rec + 4);
    if (magic == 0) break;
    if (size < 8 || (size & 15) || off + size > reserved) return false;
    if (magic == l.fpsimd_magic) {
      if (size != l.fpsimd_size) return false;
      cpu.set_reg(a64::FPSR, get<uint32_t>(rec + l.fpsimd_fpsr));
      cpu.set_reg(a64::FPCR, get<uint32_t>(rec + l.fpsimd_fpcr));
      for (int q = 0; q < 32; ++q)
        cpu.write_vector(a64::Q0 + q, reinterpret_cast<const uint8_t*>(rec + l.fpsimd_vregs + 16 * static_cast<uint64_t>(q)));
      fpsimd = true;
    }
    off += size;
  }
  if (!fpsimd) return false;
  for (int r = 0; r <= 30; ++r) cpu.set_reg(a64::X0 + r, get<uint64_t>(sc + l.sc_regs + 8 * static_cast<uint64_t>(r)));
  cpu.set_reg(a64::SP, get<uint64_t>(sc + l.sc_sp));
  // Only the condition flags of pstate are the program's to change.
  cpu.set_reg(a64::NZCV, get<uint64_t>(sc + l.sc_pstate) & 0xf0000000ull);
  cpu.set_pc(get<uint64_t>(sc + l.sc_pc));
  return true;
}

}  // namespace

const SignalAbi& signal_abi_aarch64() {
  static const SignalAbi abi{
      static_cast<unsigned>(layout().siginfo),
      &siginfo_to_guest,
      &make_siginfo,
      &enter_handler,
      &leave_handler,
      &fault_syndrome,
      // mov x8, #139 (rt_sigreturn); svc #0 — the sequence unwinders recognise as a signal frame.
      {0x68, 0x11, 0x80, 0xd2, 0x01, 0x00, 0x00, 0xd4},
      4,
  };
  return abi;
}

}  // namespace polyrun::linux_abi
