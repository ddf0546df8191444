// The exceptions of the engine's ARM target (its EXCP_* numbers) that aarch64_unicorn.cpp's
// classify leaves aside: what each means for code at EL0.
#include <cstring>

#include "cpu-emu/arm_target_exceptions.h"
#include "cpu-emu/engine_exceptions.h"

namespace polyrun::cpu {

namespace {

using namespace arm_target;

bool read_insn(uc_engine* uc, uint64_t pc, uint32_t& insn) {
  uint8_t b[4];
  if (uc_mem_read(uc, pc, b, 4) != UC_ERR_OK) return false;
  std::memcpy(&insn, b, 4);
  return true;
}

uint64_t read_x(uc_engine* uc, unsigned n) {  // n = 31: sp (the base register of a load or store)
  uint64_t v = 0;
  uc_reg_read(uc, n == 31 ? UC_ARM64_REG_SP : UC_ARM64_REG_X0 + static_cast<int>(n), &v);
  return v;
}

}  // namespace

bool describe_aarch64_exception(uc_engine* uc, uint32_t intno, Trap& t) {
  uint64_t pc = 0;
  uc_reg_read(uc, UC_ARM64_REG_PC, &pc);
  switch (intno) {
    case kExcpDataAbort: {
      // With the MMU off the engine raises data aborts only for alignment: exclusive, acquire and
      // release accesses (and any access once SCTLR_EL1.A is set) to a misaligned address. Their
      // base register is Rn (bits 9:5); the exclusive and ordered forms have no offset.
      t.kind = TrapKind::AlignmentFault;
      uint32_t insn = 0;
      if (read_insn(uc, pc, insn) && (insn & 0x0a000000) == 0x08000000) {
        t.fault_addr = read_x(uc, (insn >> 5) & 31);
        // Loads and stores: bit 22 is L in every form that faults here.
        t.access = (insn & 0x3f000000) == 0x08000000 && !(insn & (1u << 22)) ? Access::Write : Access::Read;
      }
      return true;
    }
    case kExcpPrefetchAbort:
      t.kind = TrapKind::MemoryFault;
      t.access = Access::Fetch;
      t.fault_addr = pc;
      return true;
    case kExcpHvc:
    case kExcpSmc: {
      // Undefined at EL0. The engine reports the pc after the instruction.
      uint32_t insn = 0;
      if (pc >= 4 && read_insn(uc, pc - 4, insn) && (insn & 0xffe0001c) == 0xd4000000) {
        pc -= 4;
        uc_reg_write(uc, UC_ARM64_REG_PC, &pc);
      }
      t.kind = TrapKind::IllegalInstruction;
      return true;
    }
    default:
      return false;
  }
}

}  // namespace polyrun::cpu
