// aarch64 Linux signal frames, as arch/arm64/kernel/signal.c builds them: below the interrupted
// stack pointer, a frame record {x29, x30} and, 16-byte aligned below it, the rt_sigframe
// { siginfo; ucontext } whose uc_mcontext holds x0–x30, sp, pc, pstate, then in __reserved an
// FP/SIMD record (fpsr, fpcr, v0–v31), for faults an ESR record, on a CPU with SVE an SVE record
// (the vector length, and the scalable registers when the thread's SVE state is live), and a
// terminating empty record. Records that do not fit in __reserved (SVE's of a vector length above
// 64 bytes) go to an extra area after the frame, which an extra_context record points at.
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
  uint64_t sve_magic, sve_size, sve_vl, sve_regs, sve_zreg_vq, sve_preg_vq;
  uint64_t extra_magic, extra_size, extra_datap, extra_datasize;
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
    x.sve_magic = need("SVE_MAGIC");
    x.sve_size = need("sizeof sve_context");
    x.sve_vl = need("sve_context.vl");
    x.sve_regs = need("SVE_SIG_REGS_OFFSET");
    x.sve_zreg_vq = need("SVE_SIG_ZREG_SIZE(1)");
    x.sve_preg_vq = need("SVE_SIG_PREG_SIZE(1)");
    x.extra_magic = need("EXTRA_MAGIC");
    x.extra_size = need("sizeof extra_context");
    x.extra_datap = need("extra_context.datap");
    x.extra_datasize = need("extra_context.size");
    x.frame_size = (x.siginfo + x.ucontext + 15) & ~15ull;
    return x;
  }();
  return l;
}

using sigframe::get;
using sigframe::put;

constexpr uint64_t round16(uint64_t n) { return (n + 15) & ~15ull; }

// SVE's record for `vq` quadwords of vector length with registers (0: the header alone).
uint64_t sve_record_size(unsigned vq) {
  const Layout& l = layout();
  return vq ? round16(l.sve_regs + 32 * vq * l.sve_zreg_vq + 17 * vq * l.sve_preg_vq) : round16(l.sve_size);
}
uint64_t sve_zreg(unsigned vq, unsigned n) { return layout().sve_regs + n * vq * layout().sve_zreg_vq; }
uint64_t sve_preg(unsigned vq, unsigned n) {  // n = 16: FFR
  return layout().sve_regs + 32 * vq * layout().sve_zreg_vq + n * vq * layout().sve_preg_vq;
}

// Writes SVE's record at rec.
void put_sve_record(uint64_t rec, cpu::ScalableVectors& sv, unsigned vq) {
  const Layout& l = layout();
  put<uint32_t>(rec, static_cast<uint32_t>(l.sve_magic));
  put<uint32_t>(rec + 4, static_cast<uint32_t>(sve_record_size(vq)));
  put<uint16_t>(rec + l.sve_vl, static_cast<uint16_t>(sv.vector_length()));
  if (!vq) return;
  for (unsigned n = 0; n < 32; ++n) sv.read_z(n, reinterpret_cast<uint8_t*>(rec + sve_zreg(vq, n)));
  for (unsigned n = 0; n <= 16; ++n) sv.read_p(n, reinterpret_cast<uint8_t*>(rec + sve_preg(vq, n)));
}

// Takes the scalable registers back from SVE's record (the FP/SIMD record's V registers, already
// back in the CPU, are their low 128 bits, as Linux takes them); a record without registers
// discards the state. False: a record Linux refuses (another vector length).
bool take_sve_record(uint64_t rec, uint32_t size, cpu::ScalableVectors& sv, cpu::Cpu& cpu) {
  const Layout& l = layout();
  if (size < l.sve_size) return false;
  const unsigned vl = get<uint16_t>(rec + l.sve_vl);
  if (vl != sv.vector_length()) return false;
  if (size <= l.sve_size) {
    sv.discard();
    return true;
  }
  const unsigned vq = vl / 16;
  if (size < sve_record_size(vq)) return false;
  uint8_t z[256];
  for (unsigned n = 0; n < 32; ++n) {
    std::memcpy(z, reinterpret_cast<const void*>(rec + sve_zreg(vq, n)), vl);
    cpu.read_vector(a64::Q0 + static_cast<int>(n), z);
    sv.write_z(n, z);
  }
  for (unsigned n = 0; n <= 16; ++n) sv.write_p(n, reinterpret_cast<const uint8_t*>(rec + sve_preg(vq, n)));
  return true;
}

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
  // SVE's record, and whether it fits in __reserved after the others, leaving room for the
  // terminating record (else it goes to the extra area, with its own terminator).
  cpu::ScalableVectors* sv = cpu.scalable_vectors();
  const unsigned vq = sv && sv->live() ? sv->vector_length() / 16 : 0;
  const uint64_t sve_bytes = sv ? sve_record_size(vq) : 0;
  const uint64_t inline_used = l.fpsimd_size + (e.fault_syndrome ? l.esr_size : 0);
  const bool extra = sv && inline_used + sve_bytes + 16 > reserved;
  const uint64_t extra_bytes = extra ? sve_bytes + 16 : 0;
  uint64_t record = (e.sp - 16) & ~15ull;  // struct frame_record {fp, lr}
  uint64_t frame = (record - extra_bytes - l.frame_size) & ~15ull;
  if (!memory.accessible(frame, e.sp - frame, mem::kWrite)) return false;
  std::memset(reinterpret_cast<void*>(frame), 0, l.frame_size + extra_bytes);
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
  if (sv && !extra) {
    put_sve_record(rec, *sv, vq);
    rec += sve_bytes;
  } else if (extra) {
    const uint64_t data = frame + l.frame_size;
    put<uint32_t>(rec, static_cast<uint32_t>(l.extra_magic));
    put<uint32_t>(rec + 4, static_cast<uint32_t>(l.extra_size));
    put<uint64_t>(rec + l.extra_datap, data);
    put<uint32_t>(rec + l.extra_datasize, static_cast<uint32_t>(extra_bytes));
    rec += l.extra_size;
    put_sve_record(data, *sv, vq);  // (then the extra area's terminator, zero)
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
  bool fpsimd = false;
  uint64_t sve_rec = 0;
  uint32_t sve_size = 0;
  uint64_t base = sc + l.sc_reserved, limit = l.sc_reserved_size;
  bool in_extra = false;
  for (uint64_t off = 0; off + 8 <= limit;) {
    uint64_t rec = base + off;
    uint32_t magic = get<uint32_t>(rec), size = get<uint32_t>(rec + 4);
    if (magic == 0) break;
    if (size < 8 || (size & 15) || off + size > limit) return false;
    if (magic == l.extra_magic && !in_extra) {
      // The rest of the list is in the extra area, which must follow the frame.
      if (size < l.extra_size) return false;
      const uint64_t data = get<uint64_t>(rec + l.extra_datap), data_size = get<uint32_t>(rec + l.extra_datasize);
      if (data != frame + l.frame_size || !memory.accessible(data, data_size, mem::kRead)) return false;
      base = data, limit = data_size, off = 0, in_extra = true;
      continue;
    }
    if (magic == l.sve_magic) sve_rec = rec, sve_size = size;
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
  if (cpu::ScalableVectors* sv = cpu.scalable_vectors()) {
    if (sve_rec && !take_sve_record(sve_rec, sve_size, *sv, cpu)) return false;
    if (!sve_rec) sv->discard();
  }
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
