// 32-bit ARM Linux signal frames, as arch/arm/kernel/signal.c (Linux 6.1) builds them, 8-byte
// aligned below the interrupted stack pointer (or the alternate stack's top):
// - for a handler with SA_SIGINFO, the rt_sigframe { siginfo; sigframe }, entered with r0 = signal,
//   r1 = &siginfo, r2 = &ucontext; rt_sigreturn takes it back, the alternate stack too;
// - without, the sigframe alone { ucontext (uc_flags 0x5ac3c35a); retcode[4] }, entered with
//   r0 = signal; sigreturn takes it back.
// The ucontext holds sigcontext (trap_no, error_code, oldmask, r0–r15, cpsr, fault_address), the
// 64-bit mask, and in uc_regspace the VFP record (magic, size, d0–d31, fpscr, fpexc, fpinst,
// fpinst2) followed by a zero word. The handler runs with sp at the frame, lr at sa_restorer or at
// the sigreturn code polyrun maps (as Linux's sigpage: ARM and Thumb sequences for both returns;
// the frame's retcode gets the same two words), in ARM or Thumb state as the handler address's bit 0
// says, with the condition flags and the If-Then state cleared. Offsets, sizes and the magic come
// from the generated kernel ABI table (kernel_abi.c, compiled by the guest's compiler).
#include <cstring>
#include <stdexcept>
#include <string>

#include "cpu-emu/arm_regs.h"
#include "cpu-emu/cpu.h"
#include "syscall-translate/isa/linux_isa.h"
#include "syscall-translate/isa/signal_frame_common.h"
#include "syscall-translate/kernel_abi_map.h"

namespace polyrun::linux_abi {

namespace arm = cpu::arm;

namespace {

// CPSR bits (ARMv7 ARM B1.3.3).
constexpr uint32_t kPsrT = 1u << 5;            // Thumb state
constexpr uint32_t kPsrI = 1u << 7;            // IRQs masked
constexpr uint32_t kPsrModeMask = 0x1f, kPsrModeUsr = 0x10;
constexpr uint32_t kPsrFlags = 0xff000000;     // N Z C V Q, IT[1:0], J: what a handler starts without
constexpr uint32_t kPsrE = 1u << 9;            // big-endian data
constexpr uint32_t kPsrIt = 0x0600fc00;        // the If-Then state
// What a user program's CPSR carries and sigreturn gives back: N Z C V Q, IT, GE[3:0], T. (Linux
// keeps E and J too; the little-endian ARMv7 polyrun runs has no use for them.)
constexpr uint32_t kUserBits = 0xf8000000 | kPsrIt | 0x000f0000 | kPsrT;
// FPSCR's vector length and stride, which handlers start without (the procedure call standard's).
constexpr uint32_t kFpscrLenStride = 0x00370000;
// FPEXC.EN: the VFP is on, as the kernel records it for a thread that used it.
constexpr uint32_t kFpexcEn = 0x40000000;
// What uc_flags holds in a non-RT frame (a value sigcontext's trap_no never has).
constexpr uint32_t kOldFrameFlags = 0x5ac3c35a;
// trap_no values (arch/arm/kernel: 14 for a data or prefetch abort, 6 for an undefined
// instruction), and the fault status register's bits: WnR (a write) and the bit Linux sets on a
// prefetch abort's IFSR (FSR_LNX_PF); short-descriptor status codes.
constexpr uint64_t kTrapAbort = 14, kTrapUndefined = 6;
constexpr uint32_t kFsrWrite = 1u << 11, kFsrPrefetch = 1u << 31;
constexpr uint32_t kFsDebugEvent = 0x02, kFsSectionTranslation = 0x05, kFsPageTranslation = 0x07,
                   kFsPagePermission = 0x0f;
// Trap::code of a breakpoint that is one of the undefined instructions Linux keeps as breakpoints
// (refine_trap); a bkpt's code is its immediate, at most 0xffff.
constexpr uint64_t kUndefinedBreakpoint = 1ull << 32;

uint64_t need(const char* name) { return sigframe::need(pr_kernel_abi_arm, name); }

struct Layout {
  unsigned word;  // 4
  uint64_t siginfo;
  uint64_t uc_flags, uc_stack, uc_mcontext, uc_sigmask, uc_regspace, regspace_size;
  uint64_t sc_trap_no, sc_error_code, sc_oldmask, sc_r0, sc_cpsr, sc_fault_address;
  uint64_t vfp_magic, vfp_size, vfp_magic_at, vfp_size_at, vfp_fpregs, vfp_fpscr, vfp_fpexc, vfp_fpinst,
      vfp_fpinst2, aux_vfp, aux_end_magic;
  uint64_t sigframe_size, sigframe_uc, sigframe_retcode;
  uint64_t rt_size, rt_info, rt_sig;
  pr_field ss_sp, ss_flags, ss_size;
  sigframe::Siginfo32 si;

  explicit Layout(const pr_kernel_abi& k)
      : word(k.word_size),
        siginfo(need("sizeof siginfo")),
        uc_flags(need("ucontext.uc_flags")),
        uc_stack(need("ucontext.uc_stack")),
        uc_mcontext(need("ucontext.uc_mcontext")),
        uc_sigmask(need("ucontext.uc_sigmask")),
        uc_regspace(need("ucontext.uc_regspace")),
        regspace_size(need("sizeof ucontext.uc_regspace")),
        sc_trap_no(need("sigcontext.trap_no")),
        sc_error_code(need("sigcontext.error_code")),
        sc_oldmask(need("sigcontext.oldmask")),
        sc_r0(need("sigcontext.arm_r0")),
        sc_cpsr(need("sigcontext.arm_cpsr")),
        sc_fault_address(need("sigcontext.fault_address")),
        vfp_magic(need("VFP_MAGIC")),
        vfp_size(need("sizeof vfp_sigframe")),
        vfp_magic_at(need("vfp_sigframe.magic")),
        vfp_size_at(need("vfp_sigframe.size")),
        vfp_fpregs(need("vfp_sigframe.ufp.fpregs")),
        vfp_fpscr(need("vfp_sigframe.ufp.fpscr")),
        vfp_fpexc(need("vfp_sigframe.ufp_exc.fpexc")),
        vfp_fpinst(need("vfp_sigframe.ufp_exc.fpinst")),
        vfp_fpinst2(need("vfp_sigframe.ufp_exc.fpinst2")),
        aux_vfp(need("aux_sigframe.vfp")),
        aux_end_magic(need("aux_sigframe.end_magic")),
        sigframe_size(need("sizeof sigframe")),
        sigframe_uc(need("sigframe.uc")),
        sigframe_retcode(need("sigframe.retcode")),
        rt_size(need("sizeof rt_sigframe")),
        rt_info(need("rt_sigframe.info")),
        rt_sig(need("rt_sigframe.sig")),
        ss_sp(k.stack.fields[PR_SS_SP]),
        ss_flags(k.stack.fields[PR_SS_FLAGS]),
        ss_size(k.stack.fields[PR_SS_SIZE]),
        si(k) {
    if (need("sigcontext.arm_pc") != sc_r0 + 15 * word || need("sigcontext.arm_fp") != sc_r0 + 11 * word)
      throw std::logic_error("arm sigcontext is not arm_r0 … arm_pc in order");
    if (aux_end_magic + word > regspace_size) throw std::logic_error("arm uc_regspace too small");
  }
};

const Layout& layout() {
  static const Layout l(pr_kernel_abi_arm);
  return l;
}

using sigframe::get_guest;
using sigframe::put_guest;

// One word of the frame.
void put_word(uint64_t at, uint64_t v) { put_guest(at, layout().word, v); }
uint64_t get_word(uint64_t at) { return get_guest(at, layout().word); }

// The sigreturn code, as Linux's sigpage holds it (arch/arm/kernel/sigreturn_codes.S): in slot n
// (12 bytes apart) the ARM sequence, and 8 bytes in the Thumb one; slot 0 calls sigreturn (119),
// slot 1 rt_sigreturn (173). A handler returns to word `idx` (Thumb: + 1) with idx = 2 × Thumb
// (+ 3 for SA_SIGINFO), and the frame's retcode gets words idx and idx + 1 (for a Thumb RT
// handler, word 6: the first of Linux's FDPIC slot, see retcode_word).
constexpr uint32_t kSigreturnCodes[6] = {
    0xe3a07077,  // mov r7, #119 (sigreturn)
    0xef900077,  // svc #0x900077
    0xdf002777,  // Thumb: movs r7, #119; svc #0
    0xe3a070ad,  // mov r7, #173 (rt_sigreturn)
    0xef9000ad,  // svc #0x9000ad
    0xdf0027ad,  // Thumb: movs r7, #173; svc #0
};

// Word i of Linux's sigreturn code table; word 6 is FDPIC slot 2's `ldr r3, [sp, #offset of
// sigframe.retcode[3]]`.
uint32_t retcode_word(unsigned i) {
  if (i < 6) return kSigreturnCodes[i];
  return 0xe59d3000 | static_cast<uint32_t>(layout().sigframe_retcode + 3 * layout().word);
}

std::vector<uint8_t> sigreturn_code_bytes() {
  std::vector<uint8_t> b(sizeof kSigreturnCodes);
  for (size_t i = 0; i < 6; ++i)
    for (int j = 0; j < 4; ++j) b[4 * i + static_cast<size_t>(j)] = static_cast<uint8_t>(kSigreturnCodes[i] >> (8 * j));
  return b;
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

// What a fault leaves in sigcontext: trap_no in the high half, error_code in the low one. A data
// abort's error_code is the DFSR (fault status, WnR for writes), a prefetch abort's the IFSR with
// bit 31 set; the status here is a page translation fault for an unmapped address and a page
// permission fault otherwise, which enter_handler refines from the map. An undefined instruction
// records trap 6 and no code; bkpt, a prefetch abort the kernel does not handle, trap 0 and the
// IFSR of a debug event (arm_notify_die). Alignment faults and the undefined instructions Linux
// keeps as breakpoints record nothing (its alignment handler and ptrace_break leave the thread's
// fault record as it was).
uint64_t fault_syndrome(const cpu::Trap& t) {
  if (t.kind == cpu::TrapKind::IllegalInstruction) return kTrapUndefined << 32;
  if (t.kind == cpu::TrapKind::Breakpoint) return t.code == kUndefinedBreakpoint ? 0 : kFsDebugEvent;
  if (t.kind != cpu::TrapKind::MemoryFault) return 0;
  uint32_t fsr = t.unmapped ? kFsPageTranslation : kFsPagePermission;
  if (t.access == cpu::Access::Fetch) fsr |= kFsrPrefetch;
  else if (t.access == cpu::Access::Write) fsr |= kFsrWrite;
  return kTrapAbort << 32 | fsr;
}

// The fault status Linux's MMU would have reported for an abort at `addr`: a translation fault is
// a section fault where no page table covers the address (nothing mapped in its 2 MiB, the span of
// one of Linux's page tables on ARM) and a page fault elsewhere; a PROT_NONE page has no hardware
// entry, so it gives a page translation fault too.
uint32_t refine_fsr(const mem::AddressSpace& memory, uint32_t fsr, uint64_t addr) {
  const uint32_t status = fsr & 0xf;
  if (status == kFsPageTranslation) {
    const uint64_t span = 2ull << 20, lo = addr & ~(span - 1);
    if (memory.is_free(lo, span)) return (fsr & ~0xfu) | kFsSectionTranslation;
  } else if (status == kFsPagePermission) {
    const mem::Vma* v = memory.find(addr);
    if (v && v->prot == mem::kNone) return (fsr & ~0xfu) | kFsPageTranslation;
  }
  return fsr;
}

// The thread's last fault as Linux keeps it (thread.trap_no, error_code, address): every frame
// shows it, also those of later signals, until the next fault replaces it. Guest threads are host
// threads, and a forked child keeps its parent's, as on Linux.
struct FaultRecord {
  uint32_t trap_no = 0, error_code = 0, address = 0;
};
FaultRecord& fault_record() {
  static thread_local FaultRecord r;
  return r;
}

// The CPSR a frame records: the program's bits, in user mode (the engine's own mode and mask
// bits are not the program's).
uint32_t user_cpsr(cpu::Cpu& cpu) { return (static_cast<uint32_t>(cpu.reg(arm::CPSR)) & kUserBits) | kPsrModeUsr; }

bool thumb(cpu::Cpu& cpu) { return cpu.reg(arm::CPSR) & kPsrT; }

bool enter_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, const SignalEntry& e) {
  const Layout& l = layout();
  const bool rt = e.siginfo;
  const uint64_t size = rt ? l.rt_size : l.sigframe_size;
  const uint64_t frame = (e.sp - size) & ~7ull;  // the procedure call standard's 8-byte alignment
  if (frame > e.sp || !memory.accessible(frame, size, mem::kWrite)) return false;
  std::memset(reinterpret_cast<void*>(frame), 0, size);
  const uint64_t sf = rt ? frame + l.rt_sig : frame;  // struct sigframe
  const uint64_t uc = sf + l.sigframe_uc;
  if (rt) {
    std::memcpy(reinterpret_cast<void*>(frame + l.rt_info), e.info, l.siginfo);
    // uc_flags and uc_link 0; uc_stack: the alternate stack.
    void* ss = reinterpret_cast<void*>(uc + l.uc_stack);
    put_field(ss, l.ss_sp, e.ss_sp);
    put_field(ss, l.ss_flags, e.ss_flags);
    put_field(ss, l.ss_size, e.ss_size);
  } else {
    put_word(uc + l.uc_flags, kOldFrameFlags);
  }

  const uint64_t sc = uc + l.uc_mcontext;
  for (int r = 0; r < 15; ++r) put_word(sc + l.sc_r0 + static_cast<uint64_t>(r) * l.word, cpu.reg(arm::R0 + r));
  put_word(sc + l.sc_r0 + 15 * l.word, cpu.pc());
  put_word(sc + l.sc_cpsr, user_cpsr(cpu));
  FaultRecord& fault = fault_record();
  if (e.fault_syndrome) {
    fault.trap_no = static_cast<uint32_t>(e.fault_syndrome >> 32);
    fault.error_code = static_cast<uint32_t>(e.fault_syndrome);
    if (fault.trap_no == kTrapAbort) {
      fault.address = static_cast<uint32_t>(get_guest(reinterpret_cast<uint64_t>(e.info) + l.si.addr, l.si.addr_size));
      fault.error_code = refine_fsr(memory, fault.error_code, fault.address);
    }
  }
  put_word(sc + l.sc_trap_no, fault.trap_no);
  put_word(sc + l.sc_error_code, fault.error_code);
  put_word(sc + l.sc_fault_address, fault.address);
  put_word(sc + l.sc_oldmask, e.saved_mask & 0xffffffffu);
  for (unsigned w = 0; w * l.word < 8; ++w) put_word(uc + l.uc_sigmask + w * l.word, e.saved_mask >> (32 * w));

  // uc_regspace: the VFP record, then a zero word ending the list.
  const uint64_t vfp = uc + l.uc_regspace + l.aux_vfp;
  put_word(vfp + l.vfp_magic_at, l.vfp_magic);
  put_word(vfp + l.vfp_size_at, l.vfp_size);
  for (int d = 0; d < 32; ++d) put_guest(vfp + l.vfp_fpregs + 8 * static_cast<uint64_t>(d), 8, cpu.reg(arm::D0 + d));
  const uint32_t fpscr = static_cast<uint32_t>(cpu.reg(arm::FPSCR));
  put_word(vfp + l.vfp_fpscr, fpscr);
  put_word(vfp + l.vfp_fpexc, kFpexcEn);
  put_word(vfp + l.vfp_fpinst, 0);
  put_word(vfp + l.vfp_fpinst2, 0);
  put_word(uc + l.uc_regspace + l.aux_end_magic, 0);

  // Where the handler returns: sa_restorer, or the sigreturn code for its frame and state (whose
  // two words the frame's retcode also gets, as Linux writes them there).
  const uint32_t handler_thumb = e.handler & 1;
  uint64_t ret = e.restorer;
  if (!e.sa_restorer) {
    const unsigned idx = handler_thumb * 2 + (rt ? 3 : 0);
    put_word(sf + l.sigframe_retcode, retcode_word(idx));
    put_word(sf + l.sigframe_retcode + l.word, retcode_word(idx + 1));
    ret = e.restorer + 4 * idx + handler_thumb;
  }

  uint32_t cpsr = static_cast<uint32_t>(cpu.reg(arm::CPSR)) & ~(kPsrFlags | kPsrE | kPsrIt);
  cpsr = handler_thumb ? cpsr | kPsrT : cpsr & ~kPsrT;
  cpu.set_reg(arm::CPSR, cpsr);
  cpu.set_reg(arm::FPSCR, fpscr & ~kFpscrLenStride);
  cpu.set_reg(arm::R0, static_cast<uint64_t>(e.sig));
  if (rt) {
    cpu.set_reg(arm::R0 + 1, frame + l.rt_info);
    cpu.set_reg(arm::R0 + 2, uc);
  }
  cpu.set_reg(arm::SP, frame);
  cpu.set_reg(arm::LR, ret);
  cpu.set_pc(e.handler);  // (bit 0: Thumb state)
  return true;
}

// Registers and mask back from the sigframe at sf, as Linux's restore_sigframe: false (the frame
// refused) when the CPSR is not a user mode's with interrupts on, or the VFP record is missing.
bool restore(cpu::Cpu& cpu, uint64_t sf, SignalReturn& out) {
  const Layout& l = layout();
  const uint64_t uc = sf + l.sigframe_uc;
  const uint64_t sc = uc + l.uc_mcontext;
  out.mask = 0;
  for (unsigned w = 0; w * l.word < 8; ++w) out.mask |= get_word(uc + l.uc_sigmask + w * l.word) << (32 * w);
  const uint32_t cpsr = static_cast<uint32_t>(get_word(sc + l.sc_cpsr));
  if ((cpsr & kPsrModeMask) != kPsrModeUsr || (cpsr & kPsrI)) return false;
  const uint64_t vfp = uc + l.uc_regspace + l.aux_vfp;
  if (get_word(vfp + l.vfp_magic_at) != l.vfp_magic || get_word(vfp + l.vfp_size_at) != l.vfp_size) return false;

  for (int d = 0; d < 32; ++d) cpu.set_reg(arm::D0 + d, get_guest(vfp + l.vfp_fpregs + 8 * static_cast<uint64_t>(d), 8));
  cpu.set_reg(arm::FPSCR, get_word(vfp + l.vfp_fpscr));
  for (int r = 0; r < 15; ++r) cpu.set_reg(arm::R0 + r, get_word(sc + l.sc_r0 + static_cast<uint64_t>(r) * l.word));
  const uint32_t now = static_cast<uint32_t>(cpu.reg(arm::CPSR));
  cpu.set_reg(arm::CPSR, (now & ~kUserBits) | (cpsr & kUserBits));
  // The pc in the state the CPSR gives (bit 0 for Thumb, which set_pc reads as a branch would).
  const uint64_t pc = get_word(sc + l.sc_r0 + 15 * l.word) & ~1ull;
  cpu.set_pc(pc | ((cpsr & kPsrT) ? 1 : 0));
  return true;
}

// rt_sigreturn: the rt_sigframe at sp (8-byte aligned, readable), and the alternate stack.
bool leave_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, SignalReturn& out) {
  const Layout& l = layout();
  const uint64_t frame = cpu.reg(arm::SP);
  if ((frame & 7) || !memory.accessible(frame, l.rt_size, mem::kRead)) return false;
  const uint64_t ss = frame + l.rt_sig + l.sigframe_uc + l.uc_stack;
  out.ss_sp = get_field(reinterpret_cast<const void*>(ss), l.ss_sp);
  out.ss_flags = static_cast<uint32_t>(get_field(reinterpret_cast<const void*>(ss), l.ss_flags));
  out.ss_size = get_field(reinterpret_cast<const void*>(ss), l.ss_size);
  return restore(cpu, frame + l.rt_sig, out);
}

// sigreturn: the sigframe at sp.
bool leave_old_handler(cpu::Cpu& cpu, const mem::AddressSpace& memory, SignalReturn& out) {
  const Layout& l = layout();
  const uint64_t frame = cpu.reg(arm::SP);
  if ((frame & 7) || !memory.accessible(frame, l.sigframe_size, mem::kRead)) return false;
  return restore(cpu, frame, out);
}

uint64_t pc_in_current_state(cpu::Cpu& cpu, uint64_t pc) { return thumb(cpu) ? pc | 1 : pc; }

uint64_t current_syscall_insn_size(cpu::Cpu& cpu) { return thumb(cpu) ? 2 : 4; }  // svc

// The undefined instructions Linux's ptrace breakpoint hooks take (arch/arm/kernel/ptrace.c): in
// ARM state udf #16 under any condition (0xe7f001f0, the condition ignored), in Thumb state udf #1
// (0xde01) and udf.w #0 (0xf7f0a000, first halfword first). ptrace_break sends SIGTRAP with
// TRAP_BRKPT at the instruction, which stays where it is, as for a breakpoint instruction.
void refine_trap(cpu::Cpu& cpu, const mem::AddressSpace& memory, cpu::Trap& t) {
  if (t.kind != cpu::TrapKind::IllegalInstruction) return;
  bool hit = false;
  if (thumb(cpu)) {
    if (!memory.accessible(t.pc, 2, mem::kRead)) return;
    const uint64_t first = get_guest(t.pc, 2);
    hit = first == 0xde01 ||
          (first == 0xf7f0 && memory.accessible(t.pc + 2, 2, mem::kRead) && get_guest(t.pc + 2, 2) == 0xa000);
  } else {
    hit = memory.accessible(t.pc, 4, mem::kRead) && (get_guest(t.pc, 4) & 0x0fffffff) == 0x07f001f0;
  }
  if (!hit) return;
  t.kind = cpu::TrapKind::Breakpoint;
  t.code = kUndefinedBreakpoint;
}

// bkpt is a prefetch abort for a debug event, which Linux's hardware breakpoint handler leaves
// (it takes breakpoint and watchpoint register events only): do_PrefetchAbort sends SIGTRAP with
// the code hw_breakpoint.c gives that fault status, TRAP_HWBKPT, the pc at the instruction (its
// si_addr is the IFAR, which the architecture leaves UNKNOWN for a bkpt: polyrun gives the
// instruction's address). The breakpoint undefined instructions: ptrace_break's TRAP_BRKPT.
const char* breakpoint_code(const cpu::Trap& t) { return t.code == kUndefinedBreakpoint ? "TRAP_BRKPT" : "TRAP_HWBKPT"; }

SignalAbi make_abi() {
  SignalAbi abi{
      static_cast<unsigned>(layout().siginfo),
      &siginfo_to_guest,
      &make_siginfo,
      &enter_handler,
      &leave_handler,
      &fault_syndrome,
      sigreturn_code_bytes(),
      4,
  };
  abi.leave_old_handler = &leave_old_handler;
  abi.siginfo_to_host = &siginfo_to_host;
  abi.si_addr_offset = layout().si.addr;
  abi.si_addr_size = layout().si.addr_size;
  abi.pc_in_current_state = &pc_in_current_state;
  abi.current_syscall_insn_size = &current_syscall_insn_size;
  abi.refine_trap = &refine_trap;
  abi.breakpoint_code = &breakpoint_code;
  return abi;
}

}  // namespace

const SignalAbi& signal_abi_arm() {
  static const SignalAbi abi = make_abi();
  return abi;
}

}  // namespace polyrun::linux_abi
