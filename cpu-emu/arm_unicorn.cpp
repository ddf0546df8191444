// 32-bit ARM (armhf) on Unicorn: engine mode, CPU model, register mapping, User mode, the
// exceptions the engine reports and the instruction set state (ARM or Thumb) the pc carries.
//
// The model is the engine's Cortex-A15: ARMv7-A with the virtualization extensions (hardware
// divide in ARM and Thumb state, LPAE), VFPv4 with 32 double registers, NEON, Thumb-2.
#include <malloc.h>
#include <unicorn/unicorn.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/log.h"
#include "cpu-emu/arm_regs.h"
#include "cpu-emu/arm_target_exceptions.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

// Exception numbers (arm_target_exceptions.h): an undefined instruction reaches the hook as
// kExcpUdef because the invalid-instruction hook lets the engine go on
// (UnicornIsa::invalid_goes_on). Measured with the engine: svc leaves the pc after it, bkpt and the
// exclusive accesses' alignment aborts at the instruction.
using namespace arm_target;

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

// The engine's stop check after each load and store. A refused access does not stop the engine at
// once: it asks for a stop, which a check after each load and store carries out, leaving the block
// there with the registers and CPSR as the faulting instruction found them. The engine's ARM
// target translates the instructions of a Thumb If-Then block without that check (the block is to
// count as one instruction), under a flag of the engine (its uc_struct's no_exit_request) that
// only the translation of a Thumb instruction sets or clears. ARM-state code translated after a
// block that ended inside an IT block (`it eq; bxeq lr`, common in Thumb libraries) inherits it: a
// refused load or store there lets the rest of its block run (later stores done, a blx into Thumb
// code taken) and the fault comes back with the registers and CPSR of the block's end and the pc
// of its start (Unicorn 2.1.1 to 2.1.4). The engine offers no way to clear the flag, so its offset
// in the engine's structure is found once, on a scratch engine: the one byte that is 1 each time
// the end of an IT block was translated last and 0 each time other Thumb code was, taken only when
// clearing it there is seen to bring the check back into ARM code translated next. Every ARM
// engine then clears it after each block it translates (a hook on new blocks).
constexpr uint64_t kScratchCode = 0x10000, kScratchData = 0x20000;

// Runs the code at [at, at + size) in ARM or Thumb state, to its end.
void run_at(uc_engine* uc, uint64_t at, uint64_t size, bool thumb) {
  uc_emu_start(uc, at | (thumb ? 1 : 0), at + size, 0, 0);
}

// -1: not found; -2: the engine keeps the check in ARM code anyway.
long find_no_exit_flag() {
  uc_engine* uc = nullptr;
  if (uc_open(UC_ARCH_ARM, UC_MODE_ARM, &uc) != UC_ERR_OK) return -1;
  uc_ctl_set_cpu_model(uc, UC_CPU_ARM_CORTEX_A15);
  uc_mem_map(uc, kScratchCode, 0x1000, UC_PROT_READ | UC_PROT_EXEC);
  uc_mem_map(uc, kScratchData, 0x1000, UC_PROT_READ);
  // Each translated once, at an address of its own: it_end i (movs r0, #0; cmp r0, #0; it eq;
  // moveq r1, #1, the block ending after the moveq), other i (movs r0, #0; movs r1, #0), and
  // store j in ARM state (mov r4, #1; str r4, [r5]; add r4, r4, #10), r5 pointing at read-only
  // memory: r4 stays 1 when the store's fault stops the engine before the add.
  const uint16_t it_end[] = {0x2000, 0x2800, 0xbf08, 0x2101}, other[] = {0x2000, 0x2100};
  const uint32_t store[] = {0xe3a04001, 0xe5854000, 0xe284400a};
  auto it_at = [](int i) { return kScratchCode + 0x100 * static_cast<uint64_t>(i); };
  auto other_at = [](int i) { return kScratchCode + 0x800 + 0x80 * static_cast<uint64_t>(i); };
  auto store_at = [](int j) { return kScratchCode + 0xe00 + 0x80 * static_cast<uint64_t>(j); };
  for (int i = 0; i < 5; ++i) uc_mem_write(uc, it_at(i), it_end, sizeof it_end);
  for (int i = 0; i < 3; ++i) uc_mem_write(uc, other_at(i), other, sizeof other);
  for (int j = 0; j < 2; ++j) uc_mem_write(uc, store_at(j), store, sizeof store);
  auto store_stopped = [&](int j) {
    uint32_t r4 = 0, r5 = kScratchData;
    uc_reg_write(uc, UC_ARM_REG_R4, &r4);
    uc_reg_write(uc, UC_ARM_REG_R5, &r5);
    run_at(uc, store_at(j), sizeof store, false);
    uc_reg_read(uc, UC_ARM_REG_R4, &r4);
    return r4 == 1;
  };
  const size_t size = malloc_usable_size(uc);  // the engine's structure, as allocated
  auto bytes = [&] {
    const auto* p = reinterpret_cast<const uint8_t*>(uc);
    return std::vector<uint8_t>(p, p + size);
  };
  const std::vector<uint8_t> before = bytes();
  std::vector<std::vector<uint8_t>> after_it, after_other;
  for (int i = 0; i < 3; ++i) {
    run_at(uc, it_at(i), sizeof it_end, true);
    after_it.push_back(bytes());
    run_at(uc, other_at(i), sizeof other, true);
    after_other.push_back(bytes());
  }
  std::vector<size_t> found;
  for (size_t off = 0; off < size; ++off) {
    bool flag = before[off] == 0;
    for (int i = 0; i < 3 && flag; ++i) flag = after_it[i][off] == 1 && after_other[i][off] == 0;
    if (flag) found.push_back(off);
  }
  long result = -1;
  run_at(uc, it_at(3), sizeof it_end, true);
  if (store_stopped(0)) {
    result = -2;
  } else if (found.size() == 1) {
    run_at(uc, it_at(4), sizeof it_end, true);
    reinterpret_cast<uint8_t*>(uc)[found[0]] = 0;
    if (store_stopped(1)) result = static_cast<long>(found[0]);
  }
  uc_close(uc);
  if (result == -1) log().info("the ARM engine's IT-block flag was not found: faults in ARM code may be reported late");
  return result;
}

// Found once, outside any run (the first ARM engine's init).
long no_exit_flag() {
  static const long off = find_no_exit_flag();
  return off;
}

void clear_no_exit_flag(uc_engine* uc, uc_tb*, uc_tb*, void*) { reinterpret_cast<uint8_t*>(uc)[no_exit_flag()] = 0; }

// The hook runs for a new block once the engine has a last block, the last one it left by its end
// (not by an exception, nor at the address a run ends at): before the guest's first block, a
// Thumb branch to the next halfword, from a page mapped for it alone, is that block.
void keep_stop_checks(uc_engine* uc) {
  if (no_exit_flag() < 0) return;
  uc_hook h;
  if (uc_hook_add(uc, &h, UC_HOOK_EDGE_GENERATED, reinterpret_cast<void*>(&clear_no_exit_flag), nullptr, 1, 0) != UC_ERR_OK)
    throw std::runtime_error("cannot hook the ARM engine's new blocks");
  const uint16_t branch = 0xe7ff;  // b.n to the next halfword, where the run ends
  if (uc_mem_map(uc, kScratchCode, 0x1000, UC_PROT_READ | UC_PROT_EXEC) != UC_ERR_OK)
    throw std::runtime_error("cannot map the ARM engine's first block");
  uc_mem_write(uc, kScratchCode, &branch, sizeof branch);
  run_at(uc, kScratchCode, sizeof branch, true);
  uc_mem_unmap(uc, kScratchCode, 0x1000);
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
  keep_stop_checks(uc);
  // Written last: the CPSR write rebuilds the engine's view of the mode and controls.
  uint32_t cpsr = kModeUser;  // flags clear, A I F clear, ARM state
  uc_reg_write(uc, UC_ARM_REG_CPSR, &cpsr);
  if ((read_cpsr(uc) & 0x1f) != kModeUser) throw std::runtime_error("cannot take the ARM engine to User mode");
}

uint64_t resume_address(uc_engine* uc, uint64_t pc) { return (pc & ~1ull) | (read_cpsr(uc) & kCpsrT ? 1 : 0); }

// Cpu::read_system_register: a CP15 register by its MRC operands (id: CRn << 12 | opc1 << 8 |
// CRm << 4 | opc2), such as MIDR (0).
bool read_system_register(uc_engine* uc, ModelState*, uint32_t id, uint64_t& value) {
  uc_arm_cp_reg r = cp15(id >> 12 & 15, id >> 4 & 15, id >> 8 & 7, id & 7);
  if (uc_reg_read(uc, UC_ARM_REG_CP_REG, &r) != UC_ERR_OK) return false;
  value = r.val & 0xffffffffu;
  return true;
}

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
        UC_CPU_ARM_MAX,
        reg_ids(),
        UC_ARM_REG_PC,
        512,
        // The engine's "max", as qemu-arm's default: a Cortex-A15 (VFPv4 with 32 double registers,
        // NEON, sdiv/udiv in both states, LPAE) with ARMv8's AArch32 instructions: the crypto
        // extension (AES, PMULL, SHA1, SHA2), CRC32, the dot product, FHM and SB. /proc/cpuinfo's
        // names, in Linux's order, of what it runs, as measured with samples/src/cpu_features_arm.c
        // against qemu-arm. Not the half-precision arithmetic, BF16 or I8MM (not in the engine),
        // no thumbee (none of its instructions), and no swp: SWP runs (arm_exclusive.cpp makes it
        // atomic between threads), but Linux withholds HWCAP_SWP from a CPU with the exclusives.
        {"half", "thumb", "fastmult", "vfp", "edsp", "neon", "vfpv3", "tls", "vfpv4", "idiva", "idivt", "vfpd32",
         "lpae", "asimddp", "asimdfhm", "aes", "pmull", "sha1", "sha2", "crc32", "sb"},
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
    d.read_system_register = &read_system_register;
    d.model_name = "max";
    // The Cortex-A15 alone (ARMv7-A with VFPv4, NEON, the divide instructions and LPAE): max's
    // features up to LPAE's, the ones ARMv8 adds after them in Linux's order.
    const auto armv8 = std::find(d.features.begin(), d.features.end(), "lpae") + 1;
    d.other_models = {{"cortex-a15", UC_CPU_ARM_CORTEX_A15, std::vector<std::string>(d.features.begin(), armv8)}};
    return d;
  }();
  return desc;
}

}  // namespace polyrun::cpu
