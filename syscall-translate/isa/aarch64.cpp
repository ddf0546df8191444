// aarch64 Linux: syscall convention (number in x8, arguments x0–x5, result x0), guest layout, the
// HWCAP names of the features the emulated CPU implements, the ID registers as Linux shows them
// to user code, and its /proc/cpuinfo entry.
#include <algorithm>
#include <cstdio>
#include <string>

#include "cpu-emu/aarch64_regs.h"
#include "cpu-emu/cpu.h"
#include "syscall-translate/isa/guest_window.h"
#include "syscall-translate/isa/linux_isa.h"

namespace polyrun::linux_abi {

namespace a64 = cpu::a64;

static void init_registers(cpu::Cpu& cpu) {
  // Linux starts a program with every general register zero; x0 is the rtld_fini pointer (none).
  for (int r = a64::X0; r <= a64::X30; ++r) cpu.set_reg(r, 0);
  cpu.set_reg(a64::TPIDR_EL0, 0);
}

// The ID register fields arm64 Linux shows user space (Documentation/arm64/cpu-feature-registers
// and arch/arm64/kernel/cpufeature.c's visible fields): by register (CRm, op2 of S3_0_C0_Cm_op2),
// the field's shift, and the feature each value from 1 up means (Linux's HWCAP names; null: the
// value stays as the CPU gives it, as for fields no HWCAP describes). A field of a feature the
// CPU does not implement reads as the value below it, so that the registers say what
// AT_HWCAP and AT_HWCAP2 say. SVE's fields (`own`) say what polyrun executes itself
// (cpu-emu/sve), whatever the engine's registers claim: the highest level implemented.
struct IdField {
  uint32_t crm, op2, shift;
  const char* level[2];
  bool own = false;
};
constexpr IdField kIdFields[] = {
    {6, 0, 4, {"aes", "pmull"}},   {6, 0, 8, {"sha1", nullptr}},    {6, 0, 12, {"sha2", "sha512"}},
    {6, 0, 16, {"crc32", nullptr}}, {6, 0, 20, {"atomics", "atomics"}}, {6, 0, 28, {"asimdrdm", nullptr}},
    {6, 0, 32, {"sha3", nullptr}}, {6, 0, 36, {"sm3", nullptr}},    {6, 0, 40, {"sm4", nullptr}},
    {6, 0, 44, {"asimddp", nullptr}}, {6, 0, 48, {"asimdfhm", nullptr}}, {6, 0, 52, {"flagm", "flagm2"}},
    {6, 0, 56, {nullptr, nullptr}}, {6, 0, 60, {"rng", nullptr}},
    {6, 1, 0, {"dcpop", "dcpodp"}}, {6, 1, 4, {"paca", nullptr}},   {6, 1, 8, {"paca", nullptr}},
    {6, 1, 12, {"jscvt", nullptr}}, {6, 1, 16, {"fcma", nullptr}},  {6, 1, 20, {"lrcpc", "ilrcpc"}},
    {6, 1, 24, {"pacg", nullptr}},  {6, 1, 28, {"pacg", nullptr}},  {6, 1, 32, {"frint", nullptr}},
    {6, 1, 36, {"sb", nullptr}},    {6, 1, 44, {"bf16", nullptr}},  {6, 1, 48, {"dgh", nullptr}},
    {6, 1, 52, {"i8mm", nullptr}},
    {4, 0, 32, {"sve", nullptr}, true}, {4, 0, 48, {"dit", nullptr}},
    {4, 1, 0, {"bti", nullptr}},    {4, 1, 4, {"ssbs", nullptr}},   {4, 1, 8, {"mte", nullptr}},
    {7, 2, 32, {"uscat", nullptr}},
    {4, 4, 0, {"sve2", nullptr}, true}, {4, 4, 4, {"sveaes", "svepmull"}, true},
    {4, 4, 16, {"svebitperm", nullptr}, true}, {4, 4, 20, {"svebf16", nullptr}, true},
    {4, 4, 32, {"svesha3", nullptr}, true}, {4, 4, 40, {"svesm4", nullptr}, true},
    {4, 4, 44, {"svei8mm", nullptr}, true}, {4, 4, 52, {"svef32mm", nullptr}, true},
    {4, 4, 56, {"svef64mm", nullptr}, true},
};

// ID_AA64PFR0_EL1's FP and AdvSIMD fields count from 0 (the feature) with 0xf for none, and 1 for
// half precision; EL0 and EL1, hidden, read as 1 (AArch64 only), Linux's safe value.
uint64_t pfr0_view(uint64_t engine, const cpu::Cpu& cpu) {
  uint64_t v = 0x11;
  const auto field = [&](uint32_t shift, const char* base, const char* half) {
    const uint64_t f = engine >> shift & 15;
    const uint64_t shown = !cpu.has_feature(base) ? 15 : (f == 15 ? 15 : std::min<uint64_t>(f, cpu.has_feature(half) ? 1 : 0));
    v |= shown << shift;
  };
  field(16, "fp", "fphp");
  field(20, "asimd", "asimdhp");
  return v;
}

// What MRS of S3_0_C0_<crm>_<op2> reads under arm64 Linux.
uint64_t id_register_view(uint32_t crm, uint32_t op2, uint64_t engine, const cpu::Cpu& cpu) {
  if (crm == 0) return engine;  // MIDR_EL1, MPIDR_EL1, REVIDR_EL1 as the CPU has them
  uint64_t v = crm == 4 && op2 == 0 ? pfr0_view(engine, cpu) : 0;
  for (const IdField& f : kIdFields) {
    if (f.crm != crm || f.op2 != op2) continue;
    uint64_t value = f.own ? (f.level[1] ? 2 : 1) : engine >> f.shift & 15;
    for (unsigned level = 0; level < 2 && value > level; ++level)
      if (f.level[level] && !cpu.has_feature(f.level[level])) value = level;
    v |= value << f.shift;
  }
  return v;
}

// arm64 Linux emulates MRS of the ID registers for user code (op0 3, op1 0, CRn 0), which the CPU
// does not let EL0 read: MIDR_EL1, MPIDR_EL1 and REVIDR_EL1 of CRm 0, and the feature registers
// of CRm 2-7, reading as zero where none is allocated and showing only the fields Linux makes
// visible. Anything else stays SIGILL.
static bool emulate_undefined(cpu::Cpu& cpu, uint64_t pc, uint32_t insn) {
  if ((insn & 0xfffff000u) != 0xd5380000u) return false;  // MRS Xt, S3_0_C0_Cm_op2
  const uint32_t crm = insn >> 8 & 15, op2 = insn >> 5 & 7, rt = insn & 31;
  if (crm == 1 || (crm == 0 && op2 != 0 && op2 != 5 && op2 != 6)) return false;
  uint64_t value = 0;
  if (!cpu.read_system_register(insn >> 5 & 0xffff, value) && crm == 0) return false;
  value = id_register_view(crm, op2, value, cpu);
  if (rt != 31) cpu.set_reg(a64::X0 + static_cast<int>(rt), value);  // (31: xzr)
  cpu.set_pc(pc + 4);
  return true;
}

// arm64 Linux's /proc/cpuinfo entry for the engine's CPU, its identity from MIDR_EL1 (the
// default model's is QEMU's "max", implementer 0, part 0x051). BogoMIPS is twice the generic
// timer's frequency in MHz, which is 62.5 MHz in the engine.
static std::string cpuinfo_entry(unsigned n, const std::string& features, cpu::Cpu& cpu) {
  uint64_t midr = 0;
  cpu.read_system_register(0xc000, midr);  // MIDR_EL1: o0 1, op1 0, CRn 0, CRm 0, op2 0
  char b[2048];
  std::snprintf(b, sizeof b,
                "processor\t: %u\n"
                "BogoMIPS\t: 125.00\n"
                "Features\t: %s\n"
                "CPU implementer\t: 0x%02x\n"
                "CPU architecture: 8\n"
                "CPU variant\t: 0x%x\n"
                "CPU part\t: 0x%03x\n"
                "CPU revision\t: %u\n\n",
                n, features.c_str(), static_cast<unsigned>(midr >> 24 & 0xff), static_cast<unsigned>(midr >> 20 & 15),
                static_cast<unsigned>(midr >> 4 & 0xfff), static_cast<unsigned>(midr & 15));
  return b;
}

const LinuxIsa& linux_isa_aarch64() {
  // ET_EXEC programs go where they were linked (0x400000 usually); the rest in kGuest.
  static const LinuxIsa isa{
      Isa::Aarch64,
      &pr_kernel_abi_aarch64,
      "aarch64",
      "aarch64",
      "/usr/aarch64-linux-gnu",
      4,
      a64::X8,
      {a64::X0, a64::X0 + 1, a64::X0 + 2, a64::X0 + 3, a64::X0 + 4, a64::X0 + 5},
      a64::X0,
      a64::SP,
      a64::TPIDR_EL0,
      mem::Layout{4096, kGuest.mmap_bottom, kGuest.mmap_top, kGuestEnd},
      kGuest.stack_top,
      8ull << 20,
      kGuest.dyn_base,
      5120,
      // In Linux's order (its /proc/cpuinfo lists them so): AT_HWCAP's bits, then AT_HWCAP2's.
      {{"fp", "HWCAP_FP"},
       {"asimd", "HWCAP_ASIMD"},
       {"evtstrm", "HWCAP_EVTSTRM"},
       {"aes", "HWCAP_AES"},
       {"pmull", "HWCAP_PMULL"},
       {"sha1", "HWCAP_SHA1"},
       {"sha2", "HWCAP_SHA2"},
       {"crc32", "HWCAP_CRC32"},
       {"atomics", "HWCAP_ATOMICS"},
       {"fphp", "HWCAP_FPHP"},
       {"asimdhp", "HWCAP_ASIMDHP"},
       {"cpuid", "HWCAP_CPUID"},
       {"asimdrdm", "HWCAP_ASIMDRDM"},
       {"jscvt", "HWCAP_JSCVT"},
       {"fcma", "HWCAP_FCMA"},
       {"lrcpc", "HWCAP_LRCPC"},
       {"dcpop", "HWCAP_DCPOP"},
       {"sha3", "HWCAP_SHA3"},
       {"sm3", "HWCAP_SM3"},
       {"sm4", "HWCAP_SM4"},
       {"asimddp", "HWCAP_ASIMDDP"},
       {"sha512", "HWCAP_SHA512"},
       {"sve", "HWCAP_SVE"},
       {"asimdfhm", "HWCAP_ASIMDFHM"},
       {"dit", "HWCAP_DIT"},
       {"uscat", "HWCAP_USCAT"},
       {"ilrcpc", "HWCAP_ILRCPC"},
       {"flagm", "HWCAP_FLAGM"},
       {"ssbs", "HWCAP_SSBS"},
       {"sb", "HWCAP_SB"},
       {"paca", "HWCAP_PACA"},
       {"pacg", "HWCAP_PACG"},
       {"dcpodp", "HWCAP2_DCPODP"},
       {"sve2", "HWCAP2_SVE2"},
       {"sveaes", "HWCAP2_SVEAES"},
       {"svepmull", "HWCAP2_SVEPMULL"},
       {"svebitperm", "HWCAP2_SVEBITPERM"},
       {"svesha3", "HWCAP2_SVESHA3"},
       {"svesm4", "HWCAP2_SVESM4"},
       {"flagm2", "HWCAP2_FLAGM2"},
       {"frint", "HWCAP2_FRINT"},
       {"svei8mm", "HWCAP2_SVEI8MM"},
       {"svef32mm", "HWCAP2_SVEF32MM"},
       {"svef64mm", "HWCAP2_SVEF64MM"},
       {"svebf16", "HWCAP2_SVEBF16"},
       {"i8mm", "HWCAP2_I8MM"},
       {"bf16", "HWCAP2_BF16"},
       {"dgh", "HWCAP2_DGH"},
       {"rng", "HWCAP2_RNG"},
       {"bti", "HWCAP2_BTI"},
       {"mte", "HWCAP2_MTE"}},
      &cpuinfo_entry,
      3,  // clone(flags, stack, parent_tid, tls, child_tid)
      4,
      &init_registers,
      &signal_abi_aarch64(),
      &emulate_undefined,
      false,  // misaligned accesses: si_addr is the data address
      8,
      false,
      kGuest.interp_base,
  };
  return isa;
}

const LinuxIsa* linux_isa_for(Isa isa) {
  switch (isa) {
    case Isa::Aarch64: return &linux_isa_aarch64();
    case Isa::Riscv64: return &linux_isa_riscv64();
    case Isa::Arm: return &linux_isa_arm();
    case Isa::I386: return &linux_isa_i386();
    case Isa::S390x: return &linux_isa_s390x();
    default: return nullptr;
  }
}

}  // namespace polyrun::linux_abi
