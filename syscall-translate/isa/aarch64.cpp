// aarch64 Linux: syscall convention (number in x8, arguments x0–x5, result x0), guest layout, the
// HWCAP names of the features the emulated CPU implements and its /proc/cpuinfo entry.
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

// arm64 Linux emulates MRS of the ID registers for user code (op0 3, op1 0, CRn 0), which the CPU
// does not let EL0 read: MIDR_EL1, MPIDR_EL1 and REVIDR_EL1 of CRm 0, and the feature registers
// of CRm 2-7, reading as zero where none is allocated. Anything else stays SIGILL.
static bool emulate_undefined(cpu::Cpu& cpu, uint64_t pc, uint32_t insn) {
  if ((insn & 0xfffff000u) != 0xd5380000u) return false;  // MRS Xt, S3_0_C0_Cm_op2
  const uint32_t crm = insn >> 8 & 15, op2 = insn >> 5 & 7, rt = insn & 31;
  if (crm == 1 || (crm == 0 && op2 != 0 && op2 != 5 && op2 != 6)) return false;
  uint64_t value = 0;
  if (!cpu.read_system_register(insn >> 5 & 0xffff, value) && crm == 0) return false;
  if (rt != 31) cpu.set_reg(a64::X0 + static_cast<int>(rt), value);  // (31: xzr)
  cpu.set_pc(pc + 4);
  return true;
}

// arm64 Linux's /proc/cpuinfo entry for the engine's CPU, a Cortex-A72 r0p3 (MIDR 0x410fd083).
// BogoMIPS is twice the generic timer's frequency in MHz, which is 62.5 MHz in the engine.
static std::string cpuinfo_entry(unsigned n, const std::string& features, cpu::Cpu&) {
  char b[512];
  std::snprintf(b, sizeof b,
                "processor\t: %u\n"
                "BogoMIPS\t: 125.00\n"
                "Features\t: %s\n"
                "CPU implementer\t: 0x41\n"
                "CPU architecture: 8\n"
                "CPU variant\t: 0x0\n"
                "CPU part\t: 0xd08\n"
                "CPU revision\t: 3\n\n",
                n, features.c_str());
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
      {{"fp", "HWCAP_FP"},
       {"asimd", "HWCAP_ASIMD"},
       {"aes", "HWCAP_AES"},
       {"pmull", "HWCAP_PMULL"},
       {"sha1", "HWCAP_SHA1"},
       {"sha2", "HWCAP_SHA2"},
       {"crc32", "HWCAP_CRC32"}},
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
