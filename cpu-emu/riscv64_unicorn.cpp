// riscv64 on Unicorn: engine mode, CPU model, register mapping and the exceptions (RISC-V trap
// causes) the engine reports. The model is the engine's SiFive U54: RV64GC (I, M, A, F, D, C);
// the bit-manipulation extensions Zba, Zbb and Zbs, which it lacks, polyrun executes itself
// (riscv64_bitmanip.cpp).
#include <unicorn/unicorn.h>

#include <stdexcept>
#include <string>

#include "cpu-emu/riscv64_regs.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

// Trap causes (the privileged specification's mcause values), as the engine passes them to the
// interrupt hook: ecall is always reported as from U-mode, and the pc is 4 bytes past the
// instruction (UnicornIsa::exception_pc_skew).
constexpr uint32_t kInsnAddrMisaligned = 0;
constexpr uint32_t kInsnAccessFault = 1;
constexpr uint32_t kIllegalInsn = 2;
constexpr uint32_t kBreakpoint = 3;
constexpr uint32_t kLoadAddrMisaligned = 4;
constexpr uint32_t kLoadAccessFault = 5;
constexpr uint32_t kStoreAddrMisaligned = 6;
constexpr uint32_t kStoreAccessFault = 7;
constexpr uint32_t kUserEcall = 8;

InterruptMeaning classify(uint32_t intno) {
  switch (intno) {
    case kUserEcall: return InterruptMeaning::Syscall;
    case kBreakpoint: return InterruptMeaning::Breakpoint;
    case kIllegalInsn: return InterruptMeaning::Undefined;
    default: return InterruptMeaning::Other;
  }
}

// Misaligned atomics (the engine lets plain loads and stores be misaligned, as Linux does by
// emulating them) and access faults: the address is in mtval.
bool describe_exception(uc_engine* uc, uint32_t intno, Trap& t) {
  uint64_t tval = 0;
  uc_reg_read(uc, UC_RISCV_REG_MTVAL, &tval);
  switch (intno) {
    case kInsnAddrMisaligned:
      t.kind = TrapKind::AlignmentFault;
      t.access = Access::Fetch;
      t.fault_addr = tval;
      return true;
    case kLoadAddrMisaligned:
    case kStoreAddrMisaligned:
      t.kind = TrapKind::AlignmentFault;
      t.access = intno == kLoadAddrMisaligned ? Access::Read : Access::Write;
      t.fault_addr = tval;
      return true;
    case kInsnAccessFault:
    case kLoadAccessFault:
    case kStoreAccessFault:
      t.kind = TrapKind::MemoryFault;
      t.access = intno == kInsnAccessFault ? Access::Fetch : intno == kLoadAccessFault ? Access::Read : Access::Write;
      t.fault_addr = tval;
      return true;
    default:
      return false;
  }
}

// The engine stops at ebreak and c.ebreak as at an invalid instruction: a breakpoint.
void describe_invalid(uc_engine* uc, Trap& t) {
  uint8_t b[4] = {};
  if (uc_mem_read(uc, t.pc, b, 2) != UC_ERR_OK) return;
  const uint32_t half = b[0] | b[1] << 8;
  if (half == 0x9002) {  // c.ebreak
    t.kind = TrapKind::Breakpoint;
    return;
  }
  if ((half & 3) == 3 && uc_mem_read(uc, t.pc, b, 4) == UC_ERR_OK &&
      (b[0] | b[1] << 8 | b[2] << 16 | static_cast<uint32_t>(b[3]) << 24) == 0x00100073u)  // ebreak
    t.kind = TrapKind::Breakpoint;
}

// The guest's code runs in U-mode, as under Linux, so that what user code may not do (machine and
// supervisor CSRs, mret, sret, wfi, sfence.vma) is an illegal instruction. The engine starts in
// M-mode and has no register for the privilege level: an mret, run once from a scratch page
// before anything else is mapped, with mstatus.MPP = U, takes it there (no PMP rules: U-mode
// reaches all memory). The floating-point unit is on (mstatus.FS = dirty) and the cycle, time and
// instret counters readable from U-mode, as Linux sets them.
constexpr uint64_t kScratch = 0x1000;
void init(uc_engine* uc) {
  uint64_t mstatus = 0;
  uc_reg_read(uc, UC_RISCV_REG_MSTATUS, &mstatus);
  mstatus |= 3ull << 13;     // FS
  mstatus &= ~(3ull << 11);  // MPP = U
  uc_reg_write(uc, UC_RISCV_REG_MSTATUS, &mstatus);
  uint64_t counters = 7;
  uc_reg_write(uc, UC_RISCV_REG_MCOUNTEREN, &counters);
  uc_reg_write(uc, UC_RISCV_REG_SCOUNTEREN, &counters);
  const uint8_t mret[4] = {0x73, 0x00, 0x20, 0x30};
  const uint64_t after = kScratch + 4;
  if (uc_mem_map(uc, kScratch, 4096, UC_PROT_ALL) != UC_ERR_OK ||
      uc_mem_write(uc, kScratch, mret, sizeof mret) != UC_ERR_OK ||
      uc_reg_write(uc, UC_RISCV_REG_MEPC, &after) != UC_ERR_OK ||
      uc_emu_start(uc, kScratch, after, 0, 0) != UC_ERR_OK || uc_mem_unmap(uc, kScratch, 4096) != UC_ERR_OK)
    throw std::runtime_error("cannot take the riscv64 engine to U-mode");
}

std::vector<int> reg_ids() {
  std::vector<int> ids(rv64::kCount);
  for (int i = 0; i < 32; ++i) ids[i] = UC_RISCV_REG_X0 + i;
  ids[rv64::PC] = UC_RISCV_REG_PC;
  for (int i = 0; i < 32; ++i) ids[rv64::F0 + i] = UC_RISCV_REG_F0 + i;
  ids[rv64::FCSR] = UC_RISCV_REG_FCSR;
  return ids;
}

// What decides the addresses an instruction accesses, for the engine that locates faults.
void copy_for_replay(uc_engine* from, uc_engine* to) {
  for (int id = UC_RISCV_REG_X1; id <= UC_RISCV_REG_X31; ++id) {
    uint64_t v = 0;
    uc_reg_read(from, id, &v);
    uc_reg_write(to, id, &v);
  }
}

// The description with the instructions polyrun executes where the engine stops at them: the
// default model, named as qemu-riscv64 names its default, is the engine's SiFive U54 with Zba, Zbb
// and Zbs, which polyrun executes; "sifive-u54" is the engine's model alone (RV64GC).
UnicornIsa with_missing_instructions(UnicornIsa d) {
  d.run_missing = &riscv64_run_bitmanip;
  d.model_name = "rv64";
  d.other_models = {{"sifive-u54", UC_CPU_RISCV64_SIFIVE_U54, {"i", "m", "a", "f", "d", "c"}, false}};
  return d;
}

}  // namespace

const UnicornIsa& unicorn_isa_riscv64() {
  static const UnicornIsa desc = with_missing_instructions({
      Isa::Riscv64,
      UC_ARCH_RISCV,
      UC_MODE_RISCV64,
      UC_CPU_RISCV64_SIFIVE_U54,
      reg_ids(),
      UC_RISCV_REG_PC,
      512,
      {"i", "m", "a", "f", "d", "c", "zba", "zbb", "zbs"},
      &classify,
      &init,
      nullptr,
      reg_range(rv64::X0, rv64::FCSR),  // a thread: x0–x31, pc, f0–f31, fcsr
      {},
      0,
      nullptr,
      &copy_for_replay,
      nullptr,  // fence.i needs no hook: an engine sees its own stores to code
      &riscv64_find_atomic,  // LR/SC and the AMOs with host atomics: threads run in parallel
      &riscv64_run_atomic,
      &describe_exception,
      nullptr,
      4,  // every exception's pc is reported 4 bytes on
      &describe_invalid,
  });
  return desc;
}

}  // namespace polyrun::cpu
