// riscv64 Linux: syscall convention (number in a7, arguments a0–a5, result a0), guest layout, the
// HWCAP bits of the extensions the emulated CPU implements (one bit a letter), its /proc/cpuinfo
// entry and its riscv_hwprobe answers.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
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

// The ISA string of /proc/cpuinfo's isa line as riscv Linux prints it (arch/riscv/kernel/cpu.c,
// print_isa): "rv64", the single-letter extensions, then each multi-letter one after an
// underscore, in the canonical order of the unprivileged specification's naming chapter (Z
// extensions by the category of their second letter, IMAFDQLCBKJTPVH, then alphabetically), the
// order the CPU's feature list keeps: rv64imafdc_zba_zbb_zbs.
static std::string isa_string(const cpu::Cpu& cpu) {
  std::string letters = "rv64", multi;
  for (const std::string& f : cpu.features()) {
    if (f.size() == 1) letters += f;
    else multi += "_" + f;
  }
  return letters + multi;
}

// riscv Linux 6.1's /proc/cpuinfo entry for the engine's CPU (a SiFive U54 core: RV64GC, Sv39),
// with the extensions polyrun executes besides.
static std::string cpuinfo_entry(unsigned n, const std::string&, cpu::Cpu& cpu) {
  char b[256];
  std::snprintf(b, sizeof b,
                "processor\t: %u\n"
                "hart\t\t: %u\n"
                "isa\t\t: %s\n"
                "mmu\t\t: sv39\n"
                "uarch\t\t: sifive,u54\n\n",
                n, n, isa_string(cpu).c_str());
  return b;
}

// riscv_hwprobe's keys and values (Linux's asm/hwprobe.h, which Debian 12's riscv64 UAPI headers,
// Linux 6.1's, do not have yet: the values of the ABI Linux documents in
// Documentation/arch/riscv/hwprobe.rst).
namespace hwprobe {
constexpr int64_t kMvendorid = 0, kMarchid = 1, kMimpid = 2, kBaseBehavior = 3, kImaExt0 = 4, kCpuperf0 = 5;
constexpr uint64_t kBaseBehaviorIma = 1;
constexpr uint64_t kImaFd = 1u << 0, kImaC = 1u << 1, kExtZba = 1u << 3, kExtZbb = 1u << 4, kExtZbs = 1u << 5;
constexpr uint64_t kMisalignedFast = 3;
}  // namespace hwprobe

// Linux's answer for one key, for every CPU alike (false: a key it does not know).
static bool hwprobe_value(const cpu::Cpu& cpu, int64_t key, uint64_t& value) {
  using namespace hwprobe;
  switch (key) {
    case kMvendorid:
    case kMarchid:
    case kMimpid:
      // 0, "not implemented" in the privileged specification's terms: the CPU polyrun presents
      // is no vendor's. (qemu-user answers 0 for the vendor and implementation too, and its own
      // architecture id, 42.)
      value = 0;
      return true;
    case kBaseBehavior: value = kBaseBehaviorIma; return true;
    case kImaExt0:
      value = 0;
      if (cpu.has_feature("f") && cpu.has_feature("d")) value |= kImaFd;
      if (cpu.has_feature("c")) value |= kImaC;
      if (cpu.has_feature("zba")) value |= kExtZba;
      if (cpu.has_feature("zbb")) value |= kExtZbb;
      if (cpu.has_feature("zbs")) value |= kExtZbs;
      return true;
    case kCpuperf0:
      // The engine makes misaligned loads and stores as fast as aligned ones (qemu answers the
      // same).
      value = kMisalignedFast;
      return true;
    default: return false;
  }
}

// riscv_hwprobe(pairs, pair_count, cpusetsize, cpus, flags), as Linux 6.5 serves it: flags must be
// 0 (an unsigned int); a null set of size 0 means every online CPU, else the set's bytes (up to
// glibc's cpu_set_t, 1024 CPUs) must name at least one online CPU; each pair's key is read and
// the pair written back in turn, an unknown key as key -1, value 0.
int64_t riscv64_hwprobe(const cpu::Cpu& cpu, const mem::AddressSpace& memory, uint64_t pairs, uint64_t pair_count,
                        uint64_t cpusetsize, uint64_t cpus, uint64_t flags) {
  if (static_cast<uint32_t>(flags) != 0) return -EINVAL;
  if (cpusetsize || cpus) {
    uint8_t set[128] = {};
    const uint64_t n = std::min<uint64_t>(cpusetsize, sizeof set);
    if (n && !memory.accessible(cpus, n, mem::kRead)) return -EFAULT;
    if (n) std::memcpy(set, reinterpret_cast<const void*>(cpus), n);
    const long online = std::max(::sysconf(_SC_NPROCESSORS_ONLN), 1L);
    bool any = false;
    for (long c = 0; c < online && c < static_cast<long>(8 * sizeof set) && !any; ++c)
      any = set[c / 8] >> (c % 8) & 1;
    if (!any) return -EINVAL;
  }
  for (uint64_t i = 0; i < pair_count; ++i) {
    const uint64_t at = pairs + 16 * i;
    if (!memory.accessible(at, 8, mem::kRead)) return -EFAULT;
    int64_t key;
    std::memcpy(&key, reinterpret_cast<const void*>(at), 8);
    uint64_t value = 0;
    if (!hwprobe_value(cpu, key, value)) key = -1;
    if (!memory.accessible(at, 16, mem::kWrite)) return -EFAULT;
    std::memcpy(reinterpret_cast<void*>(at), &key, 8);
    std::memcpy(reinterpret_cast<void*>(at + 8), &value, 8);
  }
  return 0;
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
