// 32-bit ARM (armhf) on Unicorn: engine mode, CPU model, register mapping, User mode, the
// exceptions the engine reports and the instruction set state (ARM or Thumb) the pc carries.
//
// The model is the engine's Cortex-A15: ARMv7-A with the virtualization extensions (hardware
// divide in ARM and Thumb state, LPAE), VFPv4 with 32 double registers, NEON, Thumb-2.
#include <unicorn/unicorn.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "cpu-emu/arm_regs.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

// Exception numbers the engine passes to the interrupt hook (its ARM target's EXCP_* values).
// An undefined instruction reaches the hook as kExcpUdef because the invalid-instruction hook lets
// the engine go on (UnicornIsa::invalid_goes_on). Measured with the engine: svc leaves the pc
// after it, bkpt and the exclusive accesses' alignment aborts at the instruction.
constexpr uint32_t kExcpUdef = 1;
constexpr uint32_t kExcpSwi = 2;
constexpr uint32_t kExcpPrefetchAbort = 3;
constexpr uint32_t kExcpDataAbort = 4;
constexpr uint32_t kExcpBkpt = 7;

constexpr uint32_t kCpsrT = 1u << 5;
constexpr uint32_t kModeUser = 0x10;
// What a write to the CPSR may change, as Linux lets a signal return change it: N Z C V Q, the IT
// state, GE, E and T. The mode stays User, A I F clear, J clear.
constexpr uint32_t kCpsrUserBits = 0xfe0ffe20u;

uint32_t read_cpsr(uc_engine* uc) {
  uint32_t v = 0;
  uc_reg_read(uc, UC_ARM_REG_CPSR, &v);
  return v;
}

InterruptMeaning classify(uint32_t intno) {
  switch (intno) {
    case kExcpSwi: return InterruptMeaning::Syscall;
    case kExcpUdef: return InterruptMeaning::Undefined;
    default: return InterruptMeaning::Other;  // bkpt too: describe_exception notes its immediate
  }
}

bool read_code(uc_engine* uc, uint64_t addr, void* out, size_t n) {
  return uc_mem_read(uc, addr, out, n) == UC_ERR_OK;
}

bool describe_exception(uc_engine* uc, uint32_t intno, Trap& t) {
  uint32_t pc = 0;
  uc_reg_read(uc, UC_ARM_REG_PC, &pc);
  const bool thumb = read_cpsr(uc) & kCpsrT;
  switch (intno) {
    case kExcpBkpt: {
      // bkpt #imm: ARM imm12:imm4, Thumb imm8. The pc is the instruction's, as Linux reports it.
      t.kind = TrapKind::Breakpoint;
      if (thumb) {
        uint16_t h = 0;
        if (read_code(uc, pc, &h, 2)) t.code = h & 0xff;
      } else {
        uint32_t w = 0;
        if (read_code(uc, pc, &w, 4)) t.code = ((w >> 4) & 0xfff0) | (w & 0xf);
      }
      return true;
    }
    case kExcpDataAbort:
      // With the MMU off the engine aborts a data access only for its alignment, and of the
      // accesses Linux would not fix up only for the exclusive ones (measured: LDRD, LDM, VLDR
      // and VLD1 with an alignment qualifier at misaligned addresses are carried out).
      t.kind = TrapKind::AlignmentFault;
      if (!arm_exclusive_target(uc, pc, t.fault_addr, t.access)) t.fault_addr = 0;
      return true;
    case kExcpPrefetchAbort:
      t.kind = TrapKind::MemoryFault;
      t.access = Access::Fetch;
      t.fault_addr = pc;
      return true;
    default:
      return false;
  }
}

uc_arm_cp_reg cp15(uint32_t crn, uint32_t crm, uint32_t opc1, uint32_t opc2) {
  uc_arm_cp_reg r{};
  r.cp = 15;
  r.crn = crn;
  r.crm = crm;
  r.opc1 = opc1;
  r.opc2 = opc2;
  return r;  // the Non-secure bank (sec = 0): the engine runs in Non-secure state
}

void set_cp15_bits(uc_engine* uc, uc_arm_cp_reg r, uint64_t set) {
  if (uc_reg_read(uc, UC_ARM_REG_CP_REG, &r) != UC_ERR_OK) throw std::runtime_error("cannot read a coprocessor register");
  r.val |= set;
  if (uc_reg_write(uc, UC_ARM_REG_CP_REG, &r) != UC_ERR_OK) throw std::runtime_error("cannot write a coprocessor register");
}

// Engine pages of 4 KiB: the engine's ARM target lets them be chosen before it starts (its default,
// 1 KiB, bounds its memory sections at 1,024 as on arm64; 4 KiB pages bound them at 4,096, and an
// unmap or protection change flushes a quarter as many pages). Unicorn 2.1.1 counts one bit too
// many (asked for 2,048 it makes 4,096-byte pages; 2.1.2 and later take 4,096 as it is).
void set_page_size(uc_engine* uc) {
  unsigned major = 0, minor = 0;
  const unsigned version = uc_version(&major, &minor);
  const unsigned patch = (version >> 8) & 0xff;
  const uint32_t ask = major == 2 && minor == 1 && patch <= 1 ? 2048 : 4096;
  uc_ctl_set_page_size(uc, ask);
  uint32_t got = 0;
  uc_ctl_get_page_size(uc, &got);
  if (got > 4096) throw std::runtime_error("the ARM engine's pages are larger than 4 KiB: " + std::to_string(got));
}

// The guest's code runs in User mode, as under Linux, so that what user code may not do (CP15
// system registers, SPSR, mode changes, WFI/SMC/HVC where undefined) is an undefined instruction
// (cps and msr to the mode bits do nothing, as on hardware). The engine starts in Non-secure SVC
// mode; a write of the CPSR takes it to User mode. Before that, as Linux sets them: VFP and NEON on
// (NSACR and CPACR cp10/cp11 access, FPEXC.EN), the virtual counter readable at PL0 (CNTKCTL
// PL0VCTEN). SCTLR keeps the engine's reset value: A = 0 (misaligned plain accesses allowed), U = 1.
void init(uc_engine* uc) {
  set_page_size(uc);
  set_cp15_bits(uc, cp15(1, 1, 0, 2), (1u << 10) | (1u << 11));  // NSACR: cp10, cp11 in Non-secure state
  set_cp15_bits(uc, cp15(1, 0, 0, 2), 0xfu << 20);                 // CPACR: cp10, cp11 full access
  uint32_t fpexc = 1u << 30;                                        // FPEXC.EN
  uc_reg_write(uc, UC_ARM_REG_FPEXC, &fpexc);
  set_cp15_bits(uc, cp15(14, 1, 0, 0), 1u << 1);                   // CNTKCTL.PL0VCTEN
  // Written last: the CPSR write rebuilds the engine's view of the mode and controls.
  uint32_t cpsr = kModeUser;  // flags clear, A I F clear, ARM state
  uc_reg_write(uc, UC_ARM_REG_CPSR, &cpsr);
  if ((read_cpsr(uc) & 0x1f) != kModeUser) throw std::runtime_error("cannot take the ARM engine to User mode");
}

uint64_t resume_address(uc_engine* uc, uint64_t pc) { return (pc & ~1ull) | (read_cpsr(uc) & kCpsrT ? 1 : 0); }

uint64_t read_reg(uc_engine* uc, int id) {
  if (id == arm::CPSR) return read_cpsr(uc);
  uc_arm_cp_reg r = cp15(13, 0, 0, 2);  // TPIDRURW
  if (id != arm::TPIDRURW || uc_reg_read(uc, UC_ARM_REG_CP_REG, &r) != UC_ERR_OK) return 0;
  return r.val & 0xffffffffu;
}

void write_reg(uc_engine* uc, int id, uint64_t value) {
  if (id == arm::CPSR) {
    // (The engine takes the T bit as the instruction set to run: the pc follows it.)
    uint32_t v = (static_cast<uint32_t>(value) & kCpsrUserBits) | kModeUser;
    uc_reg_write(uc, UC_ARM_REG_CPSR, &v);
    return;
  }
  if (id != arm::TPIDRURW) return;
  uc_arm_cp_reg r = cp15(13, 0, 0, 2);
  r.val = value & 0xffffffffu;
  uc_reg_write(uc, UC_ARM_REG_CP_REG, &r);
}

std::vector<int> reg_ids() {
  std::vector<int> ids(arm::kCount, -1);
  for (int i = 0; i <= 12; ++i) ids[arm::R0 + i] = UC_ARM_REG_R0 + i;
  ids[arm::SP] = UC_ARM_REG_SP;
  ids[arm::LR] = UC_ARM_REG_LR;
  ids[arm::PC] = UC_ARM_REG_PC;  // read without the Thumb bit; written with it, as set_pc
  ids[arm::FPSCR] = UC_ARM_REG_FPSCR;
  ids[arm::TPIDRURO] = UC_ARM_REG_C13_C0_3;  // the Non-secure TPIDRURO, which User mode reads here
  for (int i = 0; i < 32; ++i) ids[arm::D0 + i] = UC_ARM_REG_D0 + i;
  return ids;  // CPSR and TPIDRURW: read_reg, write_reg
}

std::vector<int> vector_ids() {
  std::vector<int> ids(arm::kCount, -1);
  for (int i = 0; i < 16; ++i) ids[arm::D0 + 2 * i] = UC_ARM_REG_Q0 + i;
  return ids;
}

// What decides the addresses an instruction accesses, and how it decodes, for the engine that
// locates faults (a memory fault's pc is otherwise its block's first instruction's): r0–r14 and
// the CPSR (flags, Thumb and IT state).
void copy_for_replay(uc_engine* from, uc_engine* to) {
  static const int kRegs[] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2,  UC_ARM_REG_R3,  UC_ARM_REG_R4,
                              UC_ARM_REG_R5, UC_ARM_REG_R6, UC_ARM_REG_R7,  UC_ARM_REG_R8,  UC_ARM_REG_R9,
                              UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,
                              UC_ARM_REG_CPSR};
  for (int id : kRegs) {
    uint32_t v = 0;
    uc_reg_read(from, id, &v);
    uc_reg_write(to, id, &v);
  }
}

}  // namespace

const UnicornIsa& unicorn_isa_arm() {
  // The engine's sections are bounded at 4,096 with 4 KiB pages (set_page_size): 512 regions
  // leave a wide margin, as for x86.
  static const UnicornIsa desc = [] {
    UnicornIsa d{
        Isa::Arm,
        UC_ARCH_ARM,
        UC_MODE_ARM,
        UC_CPU_ARM_CORTEX_A15,
        reg_ids(),
        UC_ARM_REG_PC,
        512,
        // /proc/cpuinfo's names, in Linux's order, of what the model implements (MVFR0 0x10110222:
        // VFP with 32 double registers; MVFR1 0x11111111: fused multiply-add, VFPv4; ID_ISAR0
        // divide 2: sdiv/udiv in both states; V7VE: LPAE). No swp (deprecated, and not listed by
        // Linux on ARMv7), no thumbee (the engine implements none of its instructions).
        {"half", "thumb", "fastmult", "vfp", "edsp", "neon", "vfpv3", "tls", "vfpv4", "idiva", "idivt", "vfpd32",
         "lpae"},
        &classify,
        &init,
        nullptr,
        // A thread: r0–r15, cpsr (Thumb bit included: written after the pc), fpscr, tpidruro,
        // tpidrurw, d0–d31.
        reg_range(arm::R0, arm::D31),
        {},
        0,
        nullptr,
        &copy_for_replay,
        nullptr,  // ARM programs make new code coherent with the cacheflush syscall
        &arm_find_exclusive,  // LDREX/STREX, SWP and the IT blocks around them with host atomics
        &arm_run_exclusive,
        &describe_exception,
        nullptr,
        0,  // the pc at an exception is as measured above: no skew
        nullptr,
    };
    d.resume_address = &resume_address;
    d.read_reg = &read_reg;
    d.write_reg = &write_reg;
    d.vector_ids = vector_ids();
    d.invalid_goes_on = true;  // yield and wfe stop the engine as invalid instructions
    return d;
  }();
  return desc;
}

}  // namespace polyrun::cpu
