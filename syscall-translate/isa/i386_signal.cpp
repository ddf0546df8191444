// i386 Linux signal frames, as Linux 6.1 (arch/x86/kernel/signal.c, asm/sigframe.h) lays them out
// for a 32-bit task:
// - below the interrupted stack pointer (or the alternate stack's top) the FP state: the FXSAVE
//   image 64-byte aligned, preceded by the legacy FSAVE header (struct _fpstate_32, magic 0: FXSR
//   data follows), where sigcontext's fpstate points;
// - below that, with ((sp + 4) & 15) == 0 as at a function's entry, for a handler with SA_SIGINFO
//   the rt_sigframe_ia32 { pretcode, sig, pinfo, puc, siginfo, ucontext, retcode }, entered with
//   eax = signal, edx = &siginfo, ecx = &ucontext; rt_sigreturn takes it back (at sp - 4: the
//   handler's ret popped pretcode), the alternate stack too;
// - without, the sigframe_ia32 { pretcode, sig, sigcontext, unused FP state, extramask, retcode },
//   entered with eax = signal; sigreturn takes it back (at sp - 8: pretcode and sig popped).
// pretcode is sa_restorer (SA_RESTORER, as glibc always sets it) or the sigreturn code polyrun
// maps (Linux's vDSO __kernel_sigreturn and __kernel_rt_sigreturn); retcode holds the old
// `pop eax; mov eax, 119; int 0x80` and `mov eax, 173; int 0x80` that debuggers recognise.
// Offsets and sizes come from the generated kernel ABI table (kernel_abi.c, compiled by the
// guest's compiler).
#include <cstring>
#include <stdexcept>

#include "cpu-emu/cpu.h"
#include "cpu-emu/x86_regs.h"
#include "syscall-translate/isa/linux_isa.h"
#include "syscall-translate/isa/signal_frame_common.h"
#include "syscall-translate/kernel_abi_map.h"

namespace polyrun::linux_abi {

namespace x86 = cpu::x86;

namespace {

// The selectors Linux's 32-bit user code runs with (__USER_CS, __USER_DS), which frames record
// for cs, ds, es and ss (the engine's own are not the program's).
constexpr uint32_t kUserCs = 0x73, kUserDs = 0x7b;
// EFLAGS bits sigreturn takes from the frame (Linux's FIX_EFLAGS: AC, OF, DF, TF, SF, ZF, AF, PF,
// CF and RF), and those a handler starts without (DF, RF, TF).
constexpr uint32_t kFixEflags = 0x40000 | 0x800 | 0x400 | 0x100 | 0x80 | 0x40 | 0x10 | 0x4 | 0x1 | 0x10000;
constexpr uint32_t kHandlerClears = 0x400 | 0x10000 | 0x100;
// Trap numbers sigcontext's trapno records (X86_TRAP_*), and the page fault error code's bits.
constexpr uint32_t kTrapDe = 0, kTrapBp = 3, kTrapUd = 6, kTrapGp = 13, kTrapPf = 14, kTrapMf = 16;
constexpr uint32_t kPfProt = 1, kPfWrite = 2, kPfUser = 4, kPfInstr = 16;
// The FXSAVE image: 512 bytes, 64-byte aligned in the frame; its fields (Intel SDM, FXSAVE).
constexpr uint64_t kFxSize = 512, kFxAlign = 64;
constexpr uint64_t kFxFcw = 0, kFxFsw = 2, kFxFtw = 4, kFxMxcsr = 24, kFxMxcsrMask = 28, kFxSt = 32, kFxXmm = 160;
constexpr uint32_t kNrSigreturn = 119, kNrRtSigreturn = 173;

uint64_t need(const char* name) { return sigframe::need(pr_kernel_abi_i386, name); }

struct Layout {
  uint64_t siginfo;
  uint64_t uc_flags, uc_link, uc_stack, uc_mcontext, uc_sigmask;
  uint64_t sc_gs, sc_fs, sc_es, sc_ds, sc_di, sc_si, sc_bp, sc_sp, sc_bx, sc_dx, sc_cx, sc_ax, sc_trapno, sc_err,
      sc_ip, sc_cs, sc_flags, sc_sp_at_signal, sc_ss, sc_fpstate, sc_oldmask, sc_cr2;
  uint64_t fp_size, fp_cw, fp_sw, fp_tag, fp_st, fp_status, fp_magic, fp_fxsr;
  uint64_t sf_size, sf_pretcode, sf_sig, sf_sc, sf_extramask, sf_retcode;
  uint64_t rt_size, rt_pretcode, rt_sig, rt_pinfo, rt_puc, rt_info, rt_uc, rt_retcode;
  pr_field ss_sp, ss_flags, ss_size;
  sigframe::Siginfo32 si;

  explicit Layout(const pr_kernel_abi& k)
      : siginfo(need("sizeof siginfo")),
        uc_flags(need("ucontext.uc_flags")),
        uc_link(need("ucontext.uc_link")),
        uc_stack(need("ucontext.uc_stack")),
        uc_mcontext(need("ucontext.uc_mcontext")),
        uc_sigmask(need("ucontext.uc_sigmask")),
        sc_gs(need("sigcontext.gs")),
        sc_fs(need("sigcontext.fs")),
        sc_es(need("sigcontext.es")),
        sc_ds(need("sigcontext.ds")),
        sc_di(need("sigcontext.di")),
        sc_si(need("sigcontext.si")),
        sc_bp(need("sigcontext.bp")),
        sc_sp(need("sigcontext.sp")),
        sc_bx(need("sigcontext.bx")),
        sc_dx(need("sigcontext.dx")),
        sc_cx(need("sigcontext.cx")),
        sc_ax(need("sigcontext.ax")),
        sc_trapno(need("sigcontext.trapno")),
        sc_err(need("sigcontext.err")),
        sc_ip(need("sigcontext.ip")),
        sc_cs(need("sigcontext.cs")),
        sc_flags(need("sigcontext.flags")),
        sc_sp_at_signal(need("sigcontext.sp_at_signal")),
        sc_ss(need("sigcontext.ss")),
        sc_fpstate(need("sigcontext.fpstate")),
        sc_oldmask(need("sigcontext.oldmask")),
        sc_cr2(need("sigcontext.cr2")),
        fp_size(need("sizeof fpstate")),
        fp_cw(need("fpstate.cw")),
        fp_sw(need("fpstate.sw")),
        fp_tag(need("fpstate.tag")),
        fp_st(need("fpstate._st")),
        fp_status(need("fpstate.status")),
        fp_magic(need("fpstate.magic")),
        fp_fxsr(need("fpstate._fxsr_env")),
        sf_size(need("sizeof sigframe")),
        sf_pretcode(need("sigframe.pretcode")),
        sf_sig(need("sigframe.sig")),
        sf_sc(need("sigframe.sc")),
        sf_extramask(need("sigframe.extramask")),
        sf_retcode(need("sigframe.retcode")),
        rt_size(need("sizeof rt_sigframe")),
        rt_pretcode(need("rt_sigframe.pretcode")),
        rt_sig(need("rt_sigframe.sig")),
        rt_pinfo(need("rt_sigframe.pinfo")),
        rt_puc(need("rt_sigframe.puc")),
        rt_info(need("rt_sigframe.info")),
        rt_uc(need("rt_sigframe.uc")),
        rt_retcode(need("rt_sigframe.retcode")),
        ss_sp(k.stack.fields[PR_SS_SP]),
        ss_flags(k.stack.fields[PR_SS_FLAGS]),
        ss_size(k.stack.fields[PR_SS_SIZE]),
        si(k) {
    // The FXSAVE image follows the 112-byte FSAVE header inside struct _fpstate_32.
    if (fp_size != fp_fxsr + kFxSize) throw std::logic_error("i386 _fpstate_32 is not the FSAVE header and FXSAVE image");
  }
};

const Layout& layout() {
  static const Layout l(pr_kernel_abi_i386);
  return l;
}

using sigframe::get_guest;
using sigframe::put_guest;

void put32(uint64_t at, uint64_t v) { put_guest(at, 4, v); }
uint32_t get32(uint64_t at) { return static_cast<uint32_t>(get_guest(at, 4)); }

// The vDSO's return code: __kernel_sigreturn at 0 (pop eax; mov eax, 119; int 0x80) and
// __kernel_rt_sigreturn at 8 (mov eax, 173; int 0x80).
constexpr uint64_t kRtCodeOffset = 8;
std::vector<uint8_t> sigreturn_code_bytes() {
  return {0x58, 0xb8, kNrSigreturn, 0, 0, 0, 0xcd, 0x80, 0xb8, kNrRtSigreturn, 0, 0, 0, 0xcd, 0x80, 0x90};
}

void siginfo_to_guest(const uint8_t* host, int guest_sig, uint8_t* guest) {
  sigframe::siginfo32_from_host(layout().si, host, guest_sig, guest);
}

void siginfo_to_host(const uint8_t* guest, int host_sig, uint8_t* host) {
  sigframe::siginfo32_to_host(layout().si, guest, host_sig, host);
}

void make_siginfo(int guest_sig, int code, uint64_t addr, uint8_t* guest) {
  sigframe::make_siginfo32(layout().si, guest_sig, code, addr, guest);
}

// A fault's trap number (high half) and error code (low half), as sigcontext's trapno and err
// record them: a page fault's code has the user bit, the present bit for a protection fault, the
// write bit and the instruction-fetch bit.
uint64_t fault_syndrome(const cpu::Trap& t) {
  auto rec = [](uint64_t trap, uint64_t err) { return trap << 32 | err | (uint64_t{1} << 63); };
  switch (t.kind) {
    case cpu::TrapKind::MemoryFault: {
      uint32_t err = kPfUser | (t.unmapped ? 0 : kPfProt);
      if (t.access == cpu::Access::Write) err |= kPfWrite;
      if (t.access == cpu::Access::Fetch) err |= kPfInstr;
      return rec(kTrapPf, err);
    }
    case cpu::TrapKind::IllegalInstruction: return rec(kTrapUd, 0);
    case cpu::TrapKind::DivideError: return rec(kTrapDe, 0);
    case cpu::TrapKind::Breakpoint: return rec(kTrapBp, 0);
    case cpu::TrapKind::FloatingPoint: return rec(kTrapMf, 0);  // (an SSE one too: the trap does not say)
    case cpu::TrapKind::ProtectionFault:
    case cpu::TrapKind::PrivilegedInstruction: return rec(kTrapGp, 0);
    case cpu::TrapKind::SoftwareInterrupt: return rec(kTrapGp, (t.code << 3) | 2);  // IDT entry, no gate
    default: return 0;
  }
}

// The thread's last fault as Linux keeps it (thread.trap_nr, error_code, cr2): every frame shows
// it until the next fault replaces it. Guest threads are host threads.
struct FaultRecord {
  uint32_t trapno = 0, err = 0, cr2 = 0;
};
FaultRecord& fault_record() {
  static thread_local FaultRecord r;
  return r;
}

// ST(i) is physical register (TOP + i) mod 8; the engine's FP0… are physical.
unsigned fp_top(cpu::Cpu& cpu) { return (static_cast<unsigned>(cpu.reg(x86::FPSW)) >> 11) & 7; }

// The FP state at fp (struct _fpstate_32): the FSAVE header (control, status, full tag word,
// ST0–ST7 as 10-byte registers), status and magic 0, then the FXSAVE image (abridged tags,
// MXCSR, ST0–ST7 in 16-byte slots, XMM0–XMM7).
void save_fp(cpu::Cpu& cpu, uint64_t fp) {
  const Layout& l = layout();
  std::memset(reinterpret_cast<void*>(fp), 0, l.fp_size);
  const uint32_t cw = static_cast<uint32_t>(cpu.reg(x86::FPCW)) & 0xffff;
  const uint32_t sw = static_cast<uint32_t>(cpu.reg(x86::FPSW)) & 0xffff;
  const uint32_t tag = static_cast<uint32_t>(cpu.reg(x86::FPTAG)) & 0xffff;
  const unsigned top = fp_top(cpu);
  put32(fp + l.fp_cw, 0xffff0000u | cw);
  put32(fp + l.fp_sw, 0xffff0000u | sw);
  put32(fp + l.fp_tag, 0xffff0000u | tag);
  put_guest(fp + l.fp_status, 2, sw);
  put_guest(fp + l.fp_magic, 2, 0);  // X86_FXSR_MAGIC: FXSR data follows
  const uint64_t fx = fp + l.fp_fxsr;
  put_guest(fx + kFxFcw, 2, cw);
  put_guest(fx + kFxFsw, 2, sw);
  uint32_t abridged = 0;
  for (unsigned i = 0; i < 8; ++i)
    if (((tag >> (2 * i)) & 3) != 3) abridged |= 1u << i;
  put_guest(fx + kFxFtw, 1, abridged);
  put32(fx + kFxMxcsr, cpu.reg(x86::MXCSR));
  put32(fx + kFxMxcsrMask, 0xffff);
  for (unsigned i = 0; i < 8; ++i) {
    uint8_t st[16] = {};
    cpu.read_vector(x86::FP0 + static_cast<int>((top + i) & 7), st);
    std::memcpy(reinterpret_cast<void*>(fp + l.fp_st + 10 * i), st, 10);
    std::memcpy(reinterpret_cast<void*>(fx + kFxSt + 16 * i), st, 10);
  }
  for (int i = 0; i < 8; ++i) {
    uint8_t x[16];
    cpu.read_vector(x86::XMM0 + i, x);
    std::memcpy(reinterpret_cast<void*>(fx + kFxXmm + 16 * static_cast<uint64_t>(i)), x, 16);
  }
}

// Back from the FXSAVE image (what Linux restores from a frame with FXSR data).
void restore_fp(cpu::Cpu& cpu, uint64_t fp) {
  const Layout& l = layout();
  const uint64_t fx = fp + l.fp_fxsr;
  const uint32_t sw = static_cast<uint32_t>(get_guest(fx + kFxFsw, 2));
  cpu.set_reg(x86::FPCW, get_guest(fx + kFxFcw, 2));
  cpu.set_reg(x86::FPSW, sw);
  cpu.set_reg(x86::MXCSR, get32(fx + kFxMxcsr) & 0xffff);
  const unsigned top = (sw >> 11) & 7;
  const uint32_t abridged = static_cast<uint32_t>(get_guest(fx + kFxFtw, 1));
  uint32_t tag = 0;
  for (unsigned i = 0; i < 8; ++i) {
    uint8_t st[16] = {};
    std::memcpy(st, reinterpret_cast<const void*>(fx + kFxSt + 16 * i), 10);
    cpu.write_vector(x86::FP0 + static_cast<int>((top + i) & 7), st);
  }
  for (unsigned i = 0; i < 8; ++i)
    if (!(abridged & (1u << i))) tag |= 3u << (2 * i);  // empty; valid otherwise
  cpu.set_reg(x86::FPTAG, tag);
  for (int i = 0; i < 8; ++i) {
    uint8_t x[16];
    std::memcpy(x, reinterpret_cast<const void*>(fx + kFxXmm + 16 * static_cast<uint64_t>(i)), 16);
    cpu.write_vector(x86::XMM0 + i, x);
  }
}

// A handler starts with the FPU as FNINIT and a reset MXCSR leave it (Linux's
// fpu__clear_user_states).
void reset_fp(cpu::Cpu& cpu) {
  cpu.set_reg(x86::FPCW, 0x37f);
  cpu.set_reg(x86::FPSW, 0);
  cpu.set_reg(x86::FPTAG, 0xffff);
  cpu.set_reg(x86::MXCSR, 0x1f80);
}

void save_sigcontext(cpu::Cpu& cpu, uint64_t sc, uint64_t fp, uint64_t mask) {
  const Layout& l = layout();
  put32(sc + l.sc_gs, cpu.reg(x86::GS) & 0xffff);
  put32(sc + l.sc_fs, cpu.reg(x86::FS) & 0xffff);
  put32(sc + l.sc_es, kUserDs);
  put32(sc + l.sc_ds, kUserDs);
  put32(sc + l.sc_di, cpu.reg(x86::RDI));
  put32(sc + l.sc_si, cpu.reg(x86::RSI));
  put32(sc + l.sc_bp, cpu.reg(x86::RBP));
  put32(sc + l.sc_sp, cpu.reg(x86::RSP));
  put32(sc + l.sc_bx, cpu.reg(x86::RBX));
  put32(sc + l.sc_dx, cpu.reg(x86::RDX));
  put32(sc + l.sc_cx, cpu.reg(x86::RCX));
  put32(sc + l.sc_ax, cpu.reg(x86::RAX));
  const FaultRecord& f = fault_record();
  put32(sc + l.sc_trapno, f.trapno);
  put32(sc + l.sc_err, f.err);
  put32(sc + l.sc_ip, cpu.pc());
  put32(sc + l.sc_cs, kUserCs);
  put32(sc + l.sc_flags, cpu.reg(x86::RFLAGS));
  put32(sc + l.sc_sp_at_signal, cpu.reg(x86::RSP));
  put32(sc + l.sc_ss, kUserDs);
  put32(sc + l.sc_fpstate, fp);
  put32(sc + l.sc_oldmask, mask & 0xffffffffu);
  put32(sc + l.sc_cr2, f.cr2);
}

bool enter_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, const SignalEntry& e) {
  const Layout& l = layout();
  const bool rt = e.siginfo;
  // The FP state first (Linux's fpu__alloc_mathframe), then the frame, aligned as at a call.
  const uint64_t fx = (e.sp - kFxSize) & ~(kFxAlign - 1);
  const uint64_t fp = fx - l.fp_fxsr;
  const uint64_t size = rt ? l.rt_size : l.sf_size;
  const uint64_t frame = ((fp - size + 4) & ~uint64_t{15}) - 4;
  if (frame > e.sp || e.sp > 0xffffffffull || !memory.accessible(frame, e.sp - frame, mem::kWrite)) return false;
  std::memset(reinterpret_cast<void*>(frame), 0, size);

  FaultRecord& fault = fault_record();
  if (e.fault_syndrome) {
    fault.trapno = static_cast<uint32_t>((e.fault_syndrome >> 32) & 0x7fffffff);
    fault.err = static_cast<uint32_t>(e.fault_syndrome);
    fault.cr2 = fault.trapno == kTrapPf
                    ? static_cast<uint32_t>(get_guest(reinterpret_cast<uint64_t>(e.info) + l.si.addr, l.si.addr_size))
                    : fault.cr2;
  }
  save_fp(cpu, fp);
  uint64_t ret = e.restorer;
  if (rt) {
    if (!e.sa_restorer) ret = e.restorer + kRtCodeOffset;
    put32(frame + l.rt_pretcode, ret);
    put32(frame + l.rt_sig, static_cast<uint32_t>(e.sig));
    put32(frame + l.rt_pinfo, frame + l.rt_info);
    put32(frame + l.rt_puc, frame + l.rt_uc);
    std::memcpy(reinterpret_cast<void*>(frame + l.rt_info), e.info, l.siginfo);
    const uint64_t uc = frame + l.rt_uc;
    void* ss = reinterpret_cast<void*>(uc + l.uc_stack);
    put_field(ss, l.ss_sp, e.ss_sp);
    put_field(ss, l.ss_flags, e.ss_flags);
    put_field(ss, l.ss_size, e.ss_size);
    save_sigcontext(cpu, uc + l.uc_mcontext, fp, e.saved_mask);
    put32(uc + l.uc_sigmask, e.saved_mask & 0xffffffffu);
    put32(uc + l.uc_sigmask + 4, e.saved_mask >> 32);
    const uint8_t code[] = {0xb8, kNrRtSigreturn, 0, 0, 0, 0xcd, 0x80};
    std::memcpy(reinterpret_cast<void*>(frame + l.rt_retcode), code, sizeof code);
    cpu.set_reg(x86::RDX, frame + l.rt_info);
    cpu.set_reg(x86::RCX, uc);
  } else {
    put32(frame + l.sf_pretcode, ret);
    put32(frame + l.sf_sig, static_cast<uint32_t>(e.sig));
    save_sigcontext(cpu, frame + l.sf_sc, fp, e.saved_mask);
    put32(frame + l.sf_extramask, e.saved_mask >> 32);
    const uint8_t code[] = {0x58, 0xb8, kNrSigreturn, 0, 0, 0, 0xcd, 0x80};
    std::memcpy(reinterpret_cast<void*>(frame + l.sf_retcode), code, sizeof code);
    cpu.set_reg(x86::RDX, 0);
    cpu.set_reg(x86::RCX, 0);
  }
  cpu.set_reg(x86::RAX, static_cast<uint64_t>(e.sig));
  cpu.set_reg(x86::RSP, frame);
  cpu.set_reg(x86::RFLAGS, cpu.reg(x86::RFLAGS) & ~uint64_t{kHandlerClears});
  reset_fp(cpu);
  cpu.set_pc(e.handler);
  return true;
}

// Registers back from the sigcontext at sc, as Linux's restore_sigcontext: the general registers,
// the flags it lets user code set, gs and fs, and the FP state where fpstate points (none: the
// FPU as a handler starts it). False when the FP state is not readable.
bool restore(cpu::Cpu& cpu, const mem::AddressSpace& memory, uint64_t sc) {
  const Layout& l = layout();
  const uint64_t fp = get32(sc + l.sc_fpstate);
  if (fp && !memory.accessible(fp, l.fp_size, mem::kRead)) return false;
  cpu.set_reg(x86::GS, get32(sc + l.sc_gs) & 0xffff);
  cpu.set_reg(x86::FS, get32(sc + l.sc_fs) & 0xffff);
  cpu.set_reg(x86::RDI, get32(sc + l.sc_di));
  cpu.set_reg(x86::RSI, get32(sc + l.sc_si));
  cpu.set_reg(x86::RBP, get32(sc + l.sc_bp));
  cpu.set_reg(x86::RSP, get32(sc + l.sc_sp));
  cpu.set_reg(x86::RBX, get32(sc + l.sc_bx));
  cpu.set_reg(x86::RDX, get32(sc + l.sc_dx));
  cpu.set_reg(x86::RCX, get32(sc + l.sc_cx));
  cpu.set_reg(x86::RAX, get32(sc + l.sc_ax));
  const uint64_t flags = (cpu.reg(x86::RFLAGS) & ~uint64_t{kFixEflags}) | (get32(sc + l.sc_flags) & kFixEflags);
  cpu.set_reg(x86::RFLAGS, flags);
  cpu.set_pc(get32(sc + l.sc_ip));
  if (fp) restore_fp(cpu, fp);
  else reset_fp(cpu);
  return true;
}

// rt_sigreturn: the rt_sigframe whose pretcode the handler's ret popped.
bool leave_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, SignalReturn& out) {
  const Layout& l = layout();
  const uint64_t frame = (cpu.reg(x86::RSP) - 4) & 0xffffffffu;
  if (!memory.accessible(frame, l.rt_size, mem::kRead)) return false;
  const uint64_t uc = frame + l.rt_uc;
  out.mask = get32(uc + l.uc_sigmask) | static_cast<uint64_t>(get32(uc + l.uc_sigmask + 4)) << 32;
  const void* ss = reinterpret_cast<const void*>(uc + l.uc_stack);
  out.ss_sp = get_field(ss, l.ss_sp);
  out.ss_flags = static_cast<uint32_t>(get_field(ss, l.ss_flags));
  out.ss_size = get_field(ss, l.ss_size);
  return restore(cpu, memory, uc + l.uc_mcontext);
}

// sigreturn: the sigframe whose pretcode and sig were popped (the return code's `pop eax`).
bool leave_old_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, SignalReturn& out) {
  const Layout& l = layout();
  const uint64_t frame = (cpu.reg(x86::RSP) - 8) & 0xffffffffu;
  if (!memory.accessible(frame, l.sf_size, mem::kRead)) return false;
  const uint64_t sc = frame + l.sf_sc;
  out.mask = get32(sc + l.sc_oldmask) | static_cast<uint64_t>(get32(frame + l.sf_extramask)) << 32;
  return restore(cpu, memory, sc);
}

SignalAbi make_abi() {
  SignalAbi abi{
      static_cast<unsigned>(layout().siginfo),
      &siginfo_to_guest,
      &make_siginfo,
      &enter_handler,
      &leave_handler,
      &fault_syndrome,
      sigreturn_code_bytes(),
      2,  // int 0x80
  };
  abi.leave_old_handler = &leave_old_handler;
  abi.siginfo_to_host = &siginfo_to_host;
  abi.si_addr_offset = layout().si.addr;
  abi.si_addr_size = layout().si.addr_size;
  return abi;
}

}  // namespace

const SignalAbi& signal_abi_i386() {
  static const SignalAbi abi = make_abi();
  return abi;
}

}  // namespace polyrun::linux_abi
