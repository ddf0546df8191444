// riscv64 Linux: syscall convention (number in a7, arguments a0–a5, result a0), guest layout, the
// HWCAP bits of the extensions the emulated CPU implements (one bit a letter) and its
// /proc/cpuinfo entry.
#include <time.h>

#include <cstdio>
#include <string>

#include "cpu-emu/cpu.h"
#include "cpu-emu/riscv64_regs.h"
#include "syscall-translate/isa/guest_window.h"
#include "syscall-translate/isa/linux_isa.h"

namespace polyrun::linux_abi {

namespace rv64 = cpu::rv64;

static void init_registers(cpu::Cpu& cpu) {
  // Every general register zero; a0 is the rtld_fini pointer (none). The FPU starts clean.
  for (int r = rv64::X0 + 1; r <= rv64::X0 + 31; ++r) cpu.set_reg(r, 0);
  cpu.set_reg(rv64::FCSR, 0);
}

// Reading the time CSR (rdtime: csrrs/csrrc/csrrsi/csrrci rd, time, x0/0), which Linux lets user
// code do and the engine refuses (it has no platform timer): the monotonic clock in ticks of
// 10 MHz, the timebase of qemu's virt machine and of most boards. Anything else stays SIGILL.
static bool emulate_undefined(cpu::Cpu& cpu, uint64_t pc, uint32_t insn) {
  const uint32_t f3 = insn >> 12 & 7;
  if ((insn & 0x7f) != 0x73 || (insn >> 20) != 0xc01 || (insn >> 15 & 31) != 0 || (f3 & 3) < 2) return false;
  struct timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  const uint64_t ticks = static_cast<uint64_t>(ts.tv_sec) * 10000000u + static_cast<uint64_t>(ts.tv_nsec) / 100u;
  const unsigned rd = insn >> 7 & 31;
  if (rd) cpu.set_reg(rv64::X0 + static_cast<int>(rd), ticks);
  cpu.set_pc(pc + 4);
  return true;
}

// riscv Linux 6.1's /proc/cpuinfo entry for the engine's CPU (a SiFive U54 core: RV64GC, Sv39).
static std::string cpuinfo_entry(unsigned n, const std::string&, cpu::Cpu&) {
  char b[256];
  std::snprintf(b, sizeof b,
                "processor\t: %u\n"
                "hart\t\t: %u\n"
                "isa\t\t: rv64imafdc\n"
                "mmu\t\t: sv39\n"
                "uarch\t\t: sifive,u54\n\n",
                n, n);
  return b;
}

const LinuxIsa& linux_isa_riscv64() {
  // ET_EXEC programs go where they were linked (0x10000 usually); the rest in kGuest.
  static const LinuxIsa isa{
      Isa::Riscv64,
      &pr_kernel_abi_riscv64,
      "riscv64",
      nullptr,  // no AT_PLATFORM
      "/usr/riscv64-linux-gnu",
      2,  // compressed instructions: 2-byte grain
      rv64::A7,
      {rv64::A0, rv64::A0 + 1, rv64::A0 + 2, rv64::A0 + 3, rv64::A0 + 4, rv64::A0 + 5},
      rv64::A0,
      rv64::SP,
      rv64::TP,
      mem::Layout{4096, kGuest.mmap_bottom, kGuest.mmap_top, kGuestEnd},
      kGuest.stack_top,
      8ull << 20,
      kGuest.dyn_base,
      0,  // no AT_MINSIGSTKSZ (Linux 6.1 gives none for riscv)
      {{"i", "COMPAT_HWCAP_ISA_I"},
       {"m", "COMPAT_HWCAP_ISA_M"},
       {"a", "COMPAT_HWCAP_ISA_A"},
       {"f", "COMPAT_HWCAP_ISA_F"},
       {"d", "COMPAT_HWCAP_ISA_D"},
       {"c", "COMPAT_HWCAP_ISA_C"}},
      &cpuinfo_entry,
      3,  // clone(flags, stack, parent_tid, tls, child_tid), as glibc's clone.S passes them
      4,
      &init_registers,
      &signal_abi_riscv64(),
      &emulate_undefined,
      true,  // misaligned accesses: si_addr is the pc
      8,
      false,
      kGuest.interp_base,
  };
  return isa;
}

}  // namespace polyrun::linux_abi
