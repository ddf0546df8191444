// s390x Linux signal frames, as arch/s390/kernel/signal.c (Linux 6.1) builds them, every field
// big-endian. The rt frame: 8-byte aligned below the stack pointer, the callee's register save
// area (__SIGNAL_FRAMESIZE bytes, its first word the back chain: the interrupted r15), the svc
// that calls rt_sigreturn, the siginfo, then the ucontext (uc_flags, uc_link, uc_stack, the
// _sigregs of PSW, r0-r15, access registers, fpc and f0-f15, uc_sigmask, then the vector
// registers' extension _sigregs_ext: v0-v15's low halves and v16-v31, with UC_VXRS in uc_flags).
// The handler gets r2 = signal, r3 = &siginfo, r4 = &ucontext, r15 = the frame and r14 =
// sa_restorer or the return code (glibc gives none). A handler without SA_SIGINFO gets the non-rt
// frame (enter_old_handler). Offsets come from the s390 UAPI headers through the generated kernel
// ABI table (kernel_abi.c).
#include <cstring>
#include <stdexcept>

#include "cpu-emu/cpu.h"
#include "cpu-emu/s390x_regs.h"
#include "syscall-translate/isa/linux_isa.h"
#include "syscall-translate/isa/signal_frame_common.h"
#include "syscall-translate/kernel_abi_map.h"

namespace polyrun::linux_abi {

namespace s390x = cpu::s390x;

namespace {

// PSW_USER_BITS: DAT, I/O, external and machine-check interruptions on, key 0, problem state,
// 64-bit addressing, primary space; what the frame's PSW mask carries besides the condition code
// and program mask.
constexpr uint64_t kPswUserBits = 0x0705000180000000ull;
constexpr uint64_t kPswUserMask = 0x00003f0000000000ull;  // condition code, program mask
constexpr uint16_t kSvcRtSigreturn = 0x0a00 | 173;        // svc __NR_rt_sigreturn
constexpr uint16_t kSvcSigreturn = 0x0a00 | 119;          // svc __NR_sigreturn
constexpr uint64_t kUcVxrs = 2;                           // uc_flags: the extension holds the vector registers

struct Layout {
  sigframe::Siginfo32 si;  // the siginfo's fields, converted one by one (big-endian)
  uint64_t save_area, svc, info, uc;
  uint64_t uc_flags, uc_link, uc_stack, uc_mcontext, uc_sigmask;
  uint64_t psw_mask, psw_addr, gprs, acrs, fpc, fprs;
  uint64_t ext, vxrs_low, vxrs_high;  // uc_mcontext_ext in the ucontext, its arrays
  uint64_t frame_size;
  // The non-rt sigframe: struct sigcontext after the save area, then _sigregs, the signal
  // number, _sigregs_ext (8-byte aligned) and the svc.
  uint64_t sc_oldmask, sc_sregs, old_sregs, old_signo, old_ext, old_svc, old_frame_size;
  explicit Layout(const pr_kernel_abi& abi) : si(abi) {
    auto need = [&](const char* name) { return sigframe::need(abi, name); };
    save_area = need("__SIGNAL_FRAMESIZE");
    svc = save_area;
    info = (svc + 2 + 7) & ~7ull;
    uc = info + si.size;
    uc_flags = need("ucontext.uc_flags");
    uc_link = need("ucontext.uc_link");
    uc_stack = need("ucontext.uc_stack");
    uc_mcontext = need("ucontext.uc_mcontext");
    uc_sigmask = need("ucontext.uc_sigmask");
    psw_mask = need("_sigregs.regs.psw.mask");
    psw_addr = need("_sigregs.regs.psw.addr");
    gprs = need("_sigregs.regs.gprs");
    acrs = need("_sigregs.regs.acrs");
    fpc = need("_sigregs.fpregs.fpc");
    fprs = need("_sigregs.fpregs.fprs");
    ext = need("ucontext_extended.uc_mcontext_ext");
    vxrs_low = need("_sigregs_ext.vxrs_low");
    vxrs_high = need("_sigregs_ext.vxrs_high");
    frame_size = (uc + need("sizeof ucontext_extended") + 7) & ~7ull;  // sizeof(struct rt_sigframe)
    sc_oldmask = need("sigcontext.oldmask");
    sc_sregs = need("sigcontext.sregs");
    old_sregs = save_area + need("sizeof sigcontext");
    old_signo = old_sregs + need("sizeof _sigregs");
    old_ext = (old_signo + 4 + 7) & ~7ull;
    old_svc = old_ext + need("sizeof _sigregs_ext");
    old_frame_size = (old_svc + 2 + 7) & ~7ull;
  }
};

const Layout& layout() {
  static const Layout l(pr_kernel_abi_s390x);
  return l;
}

void put(uint64_t at, unsigned size, uint64_t v) { sigframe::put_guest(at, size, v, true); }
uint64_t get(uint64_t at, unsigned size) { return sigframe::get_guest(at, size, true); }

void siginfo_to_guest(const uint8_t* host, int guest_sig, uint8_t* guest) {
  sigframe::siginfo32_from_host(layout().si, host, guest_sig, guest);
}

void siginfo_to_host(const uint8_t* guest, int host_sig, uint8_t* host) {
  sigframe::siginfo32_to_host(layout().si, guest, host_sig, host);
}

void make_siginfo(int guest_sig, int code, uint64_t addr, uint8_t* guest) {
  sigframe::make_siginfo32(layout().si, guest_sig, code, addr, guest);
}

// A program check that suppresses or completes its instruction (an operation, specification or
// data exception, a divide) leaves the PSW after the instruction: its length, which the frame's
// PSW adds to the trap's pc. A fault on memory is nullified: the PSW stays at the instruction.
uint64_t fault_syndrome(const cpu::Trap& t) {
  switch (t.kind) {
    case cpu::TrapKind::IllegalInstruction:
    case cpu::TrapKind::PrivilegedInstruction:
    case cpu::TrapKind::DivideError:
    case cpu::TrapKind::FloatingPoint:
    case cpu::TrapKind::Overflow:
    case cpu::TrapKind::Breakpoint: {
      uint8_t first = 0;
      std::memcpy(&first, reinterpret_cast<const void*>(t.pc), 1);
      return first < 0x40 ? 2 : first < 0xc0 ? 4 : 6;
    }
    default:
      return 0;
  }
}

// The registers as _sigregs at `sr` and the vector registers as _sigregs_ext at `ext`.
void save_registers(cpu::Cpu& cpu, uint64_t sr, uint64_t ext, uint64_t pc) {
  const Layout& l = layout();
  put(sr + l.psw_mask, 8, kPswUserBits | (cpu.reg(s390x::PSWM) & kPswUserMask));
  put(sr + l.psw_addr, 8, pc);
  for (int r = 0; r < 16; ++r) put(sr + l.gprs + 8 * static_cast<uint64_t>(r), 8, cpu.reg(s390x::R0 + r));
  const uint64_t tp = cpu.reg(s390x::TP);
  put(sr + l.acrs, 4, tp >> 32);
  put(sr + l.acrs + 4, 4, tp & 0xffffffffu);
  put(sr + l.fpc, 4, cpu.reg(s390x::FPC));
  for (int f = 0; f < 16; ++f) put(sr + l.fprs + 8 * static_cast<uint64_t>(f), 8, cpu.reg(s390x::F0 + f));
  for (int v = 0; v < 16; ++v) {
    put(ext + l.vxrs_low + 8 * static_cast<uint64_t>(v), 8, cpu.reg(s390x::VL0 + v));
    put(ext + l.vxrs_high + 16 * static_cast<uint64_t>(v), 8, cpu.reg(s390x::VH16 + v));
    put(ext + l.vxrs_high + 16 * static_cast<uint64_t>(v) + 8, 8, cpu.reg(s390x::VL16 + v));
  }
}

// The same back (ext: 0 when the frame says it holds no vector registers).
void restore_registers(cpu::Cpu& cpu, uint64_t sr, uint64_t ext) {
  const Layout& l = layout();
  for (int r = 0; r < 16; ++r) cpu.set_reg(s390x::R0 + r, get(sr + l.gprs + 8 * static_cast<uint64_t>(r), 8));
  cpu.set_reg(s390x::TP, get(sr + l.acrs, 4) << 32 | get(sr + l.acrs + 4, 4));
  cpu.set_reg(s390x::FPC, get(sr + l.fpc, 4));
  for (int f = 0; f < 16; ++f) cpu.set_reg(s390x::F0 + f, get(sr + l.fprs + 8 * static_cast<uint64_t>(f), 8));
  if (ext) {
    for (int v = 0; v < 16; ++v) {
      cpu.set_reg(s390x::VL0 + v, get(ext + l.vxrs_low + 8 * static_cast<uint64_t>(v), 8));
      cpu.set_reg(s390x::VH16 + v, get(ext + l.vxrs_high + 16 * static_cast<uint64_t>(v), 8));
      cpu.set_reg(s390x::VL16 + v, get(ext + l.vxrs_high + 16 * static_cast<uint64_t>(v) + 8, 8));
    }
  }
  cpu.set_reg(s390x::PSWM, get(sr + l.psw_mask, 8));  // (only the condition code and program mask)
  cpu.set_pc(get(sr + l.psw_addr, 8));
}

// A handler without SA_SIGINFO: Linux's non-rt sigframe (the save area, struct sigcontext with
// the old mask and a pointer to the _sigregs after it, the signal number, _sigregs_ext, the svc
// that calls sigreturn); r2 = signal, r3 = &sigcontext. Its return code is the second of
// sigreturn_code's.
bool enter_old_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, const SignalEntry& e) {
  const Layout& l = layout();
  const uint64_t frame = (e.sp - l.old_frame_size) & ~7ull;
  if (!memory.accessible(frame, l.old_frame_size, mem::kWrite)) return false;
  std::memset(reinterpret_cast<void*>(frame), 0, l.old_frame_size);
  put(frame, 8, cpu.reg(s390x::R15));  // the back chain
  const uint64_t sc = frame + l.save_area;
  put(sc + l.sc_oldmask, 8, e.saved_mask);
  put(sc + l.sc_sregs, 8, frame + l.old_sregs);
  put(frame + l.old_signo, 4, static_cast<uint32_t>(e.sig));
  save_registers(cpu, frame + l.old_sregs, frame + l.old_ext, cpu.pc() + e.fault_syndrome);
  put(frame + l.old_svc, 2, kSvcSigreturn);
  cpu.set_reg(s390x::R2, static_cast<uint64_t>(e.sig));
  cpu.set_reg(s390x::R2 + 1, sc);
  cpu.set_reg(s390x::R14, e.sa_restorer ? e.restorer : e.restorer + 2);
  cpu.set_reg(s390x::R15, frame);
  cpu.set_pc(e.handler);
  return true;
}

bool enter_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, const SignalEntry& e) {
  if (!e.siginfo) return enter_old_handler(cpu, memory, e);
  const Layout& l = layout();
  const uint64_t frame = (e.sp - l.frame_size) & ~7ull;
  if (!memory.accessible(frame, l.frame_size, mem::kWrite)) return false;
  std::memset(reinterpret_cast<void*>(frame), 0, l.frame_size);
  put(frame, 8, cpu.reg(s390x::R15));  // the back chain
  put(frame + l.svc, 2, kSvcRtSigreturn);
  std::memcpy(reinterpret_cast<void*>(frame + l.info), e.info, l.si.size);
  const uint64_t uc = frame + l.uc;
  put(uc + l.uc_flags, 8, kUcVxrs);
  put(uc + l.uc_link, 8, 0);
  put(uc + l.uc_stack, 8, e.ss_sp);
  put(uc + l.uc_stack + 8, 4, e.ss_flags);
  put(uc + l.uc_stack + 16, 8, e.ss_size);
  save_registers(cpu, uc + l.uc_mcontext, uc + l.ext, cpu.pc() + e.fault_syndrome);
  put(uc + l.uc_sigmask, 8, e.saved_mask);

  cpu.set_reg(s390x::R2, static_cast<uint64_t>(e.sig));
  cpu.set_reg(s390x::R2 + 1, frame + l.info);
  cpu.set_reg(s390x::R2 + 2, uc);
  cpu.set_reg(s390x::R2 + 3, 0);  // the last breaking-event address: none recorded
  cpu.set_reg(s390x::R14, e.restorer);
  cpu.set_reg(s390x::R15, frame);
  cpu.set_pc(e.handler);
  return true;
}

bool leave_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, SignalReturn& out) {
  const Layout& l = layout();
  const uint64_t frame = cpu.reg(s390x::R15);
  if (!memory.accessible(frame, l.frame_size, mem::kRead)) return false;
  const uint64_t uc = frame + l.uc;
  out.mask = get(uc + l.uc_sigmask, 8);
  out.ss_sp = get(uc + l.uc_stack, 8);
  out.ss_flags = static_cast<uint32_t>(get(uc + l.uc_stack + 8, 4));
  out.ss_size = get(uc + l.uc_stack + 16, 8);
  restore_registers(cpu, uc + l.uc_mcontext, get(uc + l.uc_flags, 8) & kUcVxrs ? uc + l.ext : 0);
  return true;
}

// sigreturn: the registers and mask of a non-rt frame.
bool leave_old_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, SignalReturn& out) {
  const Layout& l = layout();
  const uint64_t frame = cpu.reg(s390x::R15);
  if (!memory.accessible(frame, l.old_frame_size, mem::kRead)) return false;
  out.mask = get(frame + l.save_area + l.sc_oldmask, 8);
  restore_registers(cpu, frame + l.old_sregs, frame + l.old_ext);
  return true;
}

}  // namespace

const SignalAbi& signal_abi_s390x() {
  static const SignalAbi abi = [] {
    SignalAbi a{
        layout().si.size,
        &siginfo_to_guest,
        &make_siginfo,
        &enter_handler,
        &leave_handler,
        &fault_syndrome,
        // rt_sigreturn, then sigreturn (the non-rt frame's)
        {static_cast<uint8_t>(kSvcRtSigreturn >> 8), static_cast<uint8_t>(kSvcRtSigreturn & 0xff),
         static_cast<uint8_t>(kSvcSigreturn >> 8), static_cast<uint8_t>(kSvcSigreturn & 0xff)},
        2,  // svc
    };
    a.siginfo_to_host = &siginfo_to_host;
    a.leave_old_handler = &leave_old_handler;
    a.si_addr_offset = layout().si.addr;
    a.si_addr_size = layout().si.addr_size;
    return a;
  }();
  return abi;
}

}  // namespace polyrun::linux_abi
