// aarch64 on Unicorn: engine mode, CPU model and register mapping.
#include <unicorn/unicorn.h>

#include <stdexcept>
#include <string>

#include "cpu-emu/aarch64_regs.h"
#include "cpu-emu/arm_target_exceptions.h"
#include "cpu-emu/engine_exceptions.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

using namespace arm_target;  // the engine's exception numbers

InterruptMeaning classify(uint32_t intno) {
  switch (intno) {
    case kExcpSwi: return InterruptMeaning::Syscall;
    case kExcpBkpt: return InterruptMeaning::Breakpoint;
    case kExcpUdef: return InterruptMeaning::Undefined;
    default: return InterruptMeaning::Other;
  }
}

// A system register by its MRS/MSR operands.
uc_arm64_cp_reg sysreg(uint32_t op0, uint32_t op1, uint32_t crn, uint32_t crm, uint32_t op2) {
  uc_arm64_cp_reg r{};
  r.op0 = op0;
  r.op1 = op1;
  r.crn = crn;
  r.crm = crm;
  r.op2 = op2;
  return r;
}

void set_bits(uc_engine* uc, uc_arm64_cp_reg r, uint64_t set, uint64_t clear) {
  if (uc_reg_read(uc, UC_ARM64_REG_CP_REG, &r) != UC_ERR_OK) throw std::runtime_error("cannot read a system register");
  r.val = (r.val | set) & ~clear;
  if (uc_reg_write(uc, UC_ARM64_REG_CP_REG, &r) != UC_ERR_OK) throw std::runtime_error("cannot write a system register");
}

// The guest's code runs at EL0, as under Linux, so that what user code may not do (system
// registers of EL1, cache and TLB maintenance beyond what EL0 is allowed, eret, DAIF) is an
// undefined instruction; EL1's controls are set as Linux sets them for user code.
void init(uc_engine* uc) {
  // FP/SIMD on: CPACR_EL1.FPEN = 0b11 (no trap at EL0 or EL1).
  uint64_t cpacr = 0;
  uc_reg_read(uc, UC_ARM64_REG_CPACR_EL1, &cpacr);
  cpacr |= 3ull << 20;
  uc_reg_write(uc, UC_ARM64_REG_CPACR_EL1, &cpacr);
  // PSTATE.M = EL0t.
  uint32_t pstate = 0;
  uc_reg_read(uc, UC_ARM64_REG_PSTATE, &pstate);
  pstate &= ~0xfu;
  uc_reg_write(uc, UC_ARM64_REG_PSTATE, &pstate);
  // CNTKCTL_EL1: EL0 reads the counters and their frequency (EL0VCTEN, EL0PCTEN).
  set_bits(uc, sysreg(3, 0, 14, 1, 0), 0x3, 0);
  // SCTLR_EL1: EL0 may issue cache maintenance to the point of unification (UCI), read CTR_EL0
  // (UCT), zero cache lines with DC ZVA (DZE), and execute WFI/WFE (nTWI, nTWE); it may not
  // touch DAIF (UMA). Written last: writing a system register makes the engine take the new
  // exception level and controls into account for the code it translates from here on.
  set_bits(uc, sysreg(3, 0, 1, 0, 0), (1ull << 26) | (1ull << 15) | (1ull << 14) | (1ull << 16) | (1ull << 18),
           1ull << 9);
}

bool read_system_register(uc_engine* uc, ModelState*, uint32_t id, uint64_t& value) {
  uc_arm64_cp_reg r = sysreg(2 + (id >> 14 & 1), id >> 11 & 7, id >> 7 & 15, id >> 3 & 15, id & 7);
  if (uc_reg_read(uc, UC_ARM64_REG_CP_REG, &r) != UC_ERR_OK) return false;
  value = r.val;
  return true;
}

std::vector<int> reg_ids() {
  std::vector<int> ids(a64::kCount);
  for (int i = 0; i <= 28; ++i) ids[i] = UC_ARM64_REG_X0 + i;
  ids[a64::X29] = UC_ARM64_REG_X29;
  ids[a64::X30] = UC_ARM64_REG_X30;
  ids[a64::SP] = UC_ARM64_REG_SP;
  ids[a64::PC] = UC_ARM64_REG_PC;
  ids[a64::NZCV] = UC_ARM64_REG_NZCV;
  ids[a64::TPIDR_EL0] = UC_ARM64_REG_TPIDR_EL0;
  ids[a64::FPCR] = UC_ARM64_REG_FPCR;
  ids[a64::FPSR] = UC_ARM64_REG_FPSR;
  for (int i = 0; i < 32; ++i) ids[a64::Q0 + i] = UC_ARM64_REG_Q0 + i;
  return ids;
}

}  // namespace

// `ic ivau, Xt` (SYS #3, C7, C5, #1): the cache line at Xt holds new code (a line is at most
// 2 KiB, CTR_EL0's IminLine field).
static uint32_t on_sys(uc_engine* uc, uc_arm64_reg reg, const uc_arm64_cp_reg* cp, void* opaque) {
  if (cp->op0 == 1 && cp->op1 == 3 && cp->crn == 7 && cp->crm == 5 && cp->op2 == 1) {
    uint64_t addr = 0;
    uc_reg_read(uc, reg, &addr);
    auto* c = static_cast<const CodeSyncHook*>(opaque);
    c->sync(c->self, addr & ~2047ull, 2048);
  }
  return 0;  // the engine carries on with the instruction as it would
}

static void hook_code_sync(uc_engine* uc, const CodeSyncHook* hook) {
  uc_hook h;
  uc_err err = uc_hook_add(uc, &h, UC_HOOK_INSN, reinterpret_cast<void*>(&on_sys), const_cast<CodeSyncHook*>(hook), 1, 0,
                           UC_ARM64_INS_SYS);
  if (err != UC_ERR_OK) throw std::runtime_error(std::string("cannot hook cache maintenance: ") + uc_strerror(err));
}

// What decides the addresses an instruction accesses, for the engine that locates faults (a
// memory fault's pc is otherwise its block's first instruction's): x0–x30, sp and the flags.
static void copy_for_replay(uc_engine* from, uc_engine* to) {
  for (int id = UC_ARM64_REG_X0; id <= UC_ARM64_REG_X28; ++id) {
    uint64_t v = 0;
    uc_reg_read(from, id, &v);
    uc_reg_write(to, id, &v);
  }
  for (int id : {UC_ARM64_REG_X29, UC_ARM64_REG_X30, UC_ARM64_REG_SP, UC_ARM64_REG_NZCV, UC_ARM64_REG_TPIDR_EL0}) {
    uint64_t v = 0;
    uc_reg_read(from, id, &v);
    uc_reg_write(to, id, &v);
  }
}

const UnicornIsa& unicorn_isa_aarch64() {
  // The engine's "max" by default, as qemu's: ARMv8.0 with FP, Advanced SIMD, AES/PMULL,
  // SHA1/SHA2 and CRC32, and of the later levels what the engine executes correctly (measured
  // instruction class by instruction class against qemu-aarch64: samples/src/cpu_features_aarch64.c,
  // docs/cpu-features.md): LSE atomics, half-precision FP and SIMD, RDM, JSCVT, FCMA, RCpc and
  // its immediate forms, DC CVAP/CVADP, SHA3, SHA512, SM3, SM4, dot product, FHM, FlagM and
  // FlagM2, SB, FRINTTS and RNDR; SVE and SVE2 with their AES, PMULL128, BitPerm, SHA3, SM4, int8
  // and bfloat16 extensions and matrix multiplies, which polyrun executes itself (the engine aborts
  // once SVE is enabled: no vector length is valid in it), and shows only with sve=on (SveMode).
  // Not advertised though the engine's ID
  // registers claim them: pointer authentication (its instructions trap at EL0 in the engine's secure state, or sign nothing
  // with the keys disabled) and BTI (not enforced without guarded pages). The older models run
  // ARMv8.0 only. The engine's arm64 target pages are 1 KiB and its section bound is 1,024; 512
  // regions leave room for the sections the engine adds on its own.
  static const UnicornIsa desc = [] {
    UnicornIsa d{
        Isa::Aarch64,
        UC_ARCH_ARM64,
        UC_MODE_ARM,
        UC_CPU_ARM64_MAX,
        reg_ids(),
        UC_ARM64_REG_PC,
        512,
        {"fp",    "asimd",   "aes",  "pmull",  "sha1", "sha2",  "crc32",  "atomics", "fphp", "asimdhp",
         "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc", "dcpop", "sha3",  "sm3",     "sm4",  "asimddp",
         "sha512", "asimdfhm", "ilrcpc", "flagm", "sb", "dcpodp", "flagm2", "frint", "rng",
         // SVE and SVE2, polyrun's own (aarch64_sve_engine.cpp)
         "sve", "sve2", "sveaes", "svepmull", "svebitperm", "svesha3", "svesm4", "svei8mm", "svef32mm", "svef64mm",
         "svebf16"},
        &classify,
        &init,
        nullptr,
        reg_range(a64::X0, a64::FPSR),  // a thread: x0–x30, sp, pc, nzcv, tpidr_el0, fpcr, fpsr, q0–q31
        reg_range(a64::Q0, a64::Q31),
        0,
        nullptr,
        &copy_for_replay,
        &hook_code_sync,
        &aarch64_find_exclusive,
        &aarch64_run_exclusive,
        &describe_aarch64_exception,
        &read_system_register,
    };
    d.direct_successors = &aarch64_direct_successors;
    d.find_engine_wrong = &aarch64_find_engine_wrong;
    d.wrong_feature = "atomics";
    d.run_missing = &aarch64_run_sve;
    d.new_model_state = &aarch64_new_sve_state;
    d.missing_features = {"sve",      "sve2",       "sveaes",   "svepmull", "svebitperm", "svesha3",
                          "svesm4",   "svei8mm",    "svef32mm", "svef64mm", "svebf16"};
    d.model_name = "max";
    const std::vector<std::string> v80 = {"fp", "asimd", "aes", "pmull", "sha1", "sha2", "crc32", "cpuid"};
    // (No SVE: run_missing is max's.)
    d.other_models = {{"cortex-a72", UC_CPU_ARM64_A72, v80, false},
                      {"cortex-a57", UC_CPU_ARM64_A57, v80, false},
                      {"cortex-a53", UC_CPU_ARM64_A53, v80, false}};
    return d;
  }();
  return desc;
}

}  // namespace polyrun::cpu
