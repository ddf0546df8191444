// 32-bit ARM Linux (EABI, hard-float): syscall convention (number in r7, arguments r0–r5, result
// r0), guest layout below 4 GiB, the HWCAP names of what the emulated CPU implements, its
// /proc/cpuinfo entry and the kernel's user helpers page.
#include <cstdio>
#include <string>

#include "cpu-emu/arm_regs.h"
#include "cpu-emu/cpu.h"
#include "syscall-translate/isa/guest_window.h"
#include "syscall-translate/isa/linux_isa.h"

namespace polyrun::linux_abi {

namespace arm = cpu::arm;

static void init_registers(cpu::Cpu& cpu) {
  // Every general register zero (r0 is the rtld_fini pointer: none), the thread pointer too;
  // ARM or Thumb state follows the entry address's low bit (set_pc).
  for (int r = arm::R0; r <= arm::LR; ++r) cpu.set_reg(r, 0);
  cpu.set_reg(arm::TPIDRURO, 0);
  cpu.set_reg(arm::FPSCR, 0);
}

// ARM Linux's /proc/cpuinfo entry for the engine's CPU, a Cortex-A15 r2p1 (MIDR 0x412fc0f1).
static std::string cpuinfo_entry(unsigned n, const std::string& features, cpu::Cpu& cpu) {
  // The identity is MIDR's; the architecture 8 where the CPU runs ARMv8's AArch32 instructions,
  // as an arm64 kernel shows a 32-bit program such a CPU (and qemu-arm its default), else 7.
  uint64_t midr = 0x412fc0f1;  // (a Cortex-A15 r2p1, should MIDR not be readable)
  cpu.read_system_register(0, midr);
  const unsigned arch = cpu.has_feature("crc32") ? 8 : 7, rev = static_cast<unsigned>(midr & 15);
  char b[1024];
  std::snprintf(b, sizeof b,
                "processor\t: %u\n"
                "model name\t: ARMv%u Processor rev %u (v%ul)\n"
                "BogoMIPS\t: 125.00\n"
                "Features\t: %s\n"
                "CPU implementer\t: 0x%02x\n"
                "CPU architecture: %u\n"
                "CPU variant\t: 0x%x\n"
                "CPU part\t: 0x%03x\n"
                "CPU revision\t: %u\n\n",
                n, arch, rev, arch, features.c_str(), static_cast<unsigned>(midr >> 24 & 0xff), arch,
                static_cast<unsigned>(midr >> 20 & 15), static_cast<unsigned>(midr >> 4 & 0xfff), rev);
  return b;
}

// The kernel's user helpers page (Documentation/arm/kernel_user_helpers.rst), which old libgcc,
// Go and other runtimes call at fixed addresses: cmpxchg64 at 0xffff0f60, memory_barrier at
// 0xffff0fa0, cmpxchg at 0xffff0fc0, get_tls at 0xffff0fe0 and the helper count at 0xffff0ffc,
// as ARM code the engine runs (the exclusives go through the host's atomics as any guest's do).
// Where the host reserves that address (AddressSanitizer's shadow gap in its builds) the page is
// left out: a call there is then the SIGSEGV a kernel without the helpers gives.
static void map_kernel_pages(mem::AddressSpace& memory) {
  constexpr uint64_t kPage = 0xffff0000;
  static const uint32_t cmpxchg64[] = {
      0xe92d00f0,  // push {r4, r5, r6, r7}
      0xe1c040d0,  // ldrd r4, r5, [r0]        the expected value
      0xe1c160d0,  // ldrd r6, r7, [r1]        the new value
      0xe1b20f9f,  // 1: ldrexd r0, r1, [r2]
      0xe0303004,  // eors r3, r0, r4
      0x00313005,  // eorseq r3, r1, r5
      0x01a23f96,  // strexdeq r3, r6, r7, [r2]
      0x03330001,  // teqeq r3, #1
      0x0afffff9,  // beq 1b                   (the store lost its reservation)
      0xe2730000,  // rsbs r0, r3, #0          r0 = 0 and C set when stored
      0xe8bd00f0,  // pop {r4, r5, r6, r7}
      0xe12fff1e,  // bx lr
  };
  static const uint32_t barrier[] = {0xf57ff05b /* dmb ish */, 0xe12fff1e};
  static const uint32_t cmpxchg[] = {
      0xe1923f9f,  // 1: ldrex r3, [r2]
      0xe0533000,  // subs r3, r3, r0
      0x01823f91,  // strexeq r3, r1, [r2]
      0x03330001,  // teqeq r3, #1
      0x0afffffa,  // beq 1b
      0xe2730000,  // rsbs r0, r3, #0
      0xe12fff1e,  // bx lr
  };
  static const uint32_t get_tls[] = {0xee1d0f70 /* mrc p15, 0, r0, c13, c0, 3 */, 0xe12fff1e};
  const uint32_t version = 5;  // (0x1000 - 0xf60) / 32 helpers' slots
  mem::MapRequest req;
  req.fixed = true;
  req.name = "[vectors]";
  if (memory.map(kPage, 4096, mem::kRead | mem::kExec, req) < 0) return;
  memory.poke(kPage + 0xf60, cmpxchg64, sizeof cmpxchg64);
  memory.poke(kPage + 0xfa0, barrier, sizeof barrier);
  memory.poke(kPage + 0xfc0, cmpxchg, sizeof cmpxchg);
  memory.poke(kPage + 0xfe0, get_tls, sizeof get_tls);
  memory.poke(kPage + 0xffc, &version, sizeof version);
}

const LinuxIsa& linux_isa_arm() {
  // ET_EXEC programs go where they were linked (0x10000 usually); the rest in kGuest32.
  static const LinuxIsa isa = [] {
    LinuxIsa l{
      Isa::Arm,
      &pr_kernel_abi_arm,
      "armv7l",
      "v7l",
      "/usr/arm-linux-gnueabihf",
      2,  // Thumb: a 2-byte grain
      arm::R7,
      {arm::R0, arm::R0 + 1, arm::R0 + 2, arm::R0 + 3, arm::R0 + 4, arm::R0 + 5},
      arm::R0,
      arm::SP,
      arm::TPIDRURO,
      mem::Layout{4096, kGuest32.mmap_bottom, kGuest32.mmap_top, kGuest32End},
      kGuest32.stack_top,
      8ull << 20,
      kGuest32.dyn_base,
      0,  // no AT_MINSIGSTKSZ
      // In Linux's order (its /proc/cpuinfo lists them so): AT_HWCAP's bits, then AT_HWCAP2's.
      {{"swp", "HWCAP_SWP"},
       {"half", "HWCAP_HALF"},
       {"thumb", "HWCAP_THUMB"},
       {"fastmult", "HWCAP_FAST_MULT"},
       {"vfp", "HWCAP_VFP"},
       {"edsp", "HWCAP_EDSP"},
       {"neon", "HWCAP_NEON"},
       {"vfpv3", "HWCAP_VFPv3"},
       {"tls", "HWCAP_TLS"},
       {"vfpv4", "HWCAP_VFPv4"},
       {"idiva", "HWCAP_IDIVA"},
       {"idivt", "HWCAP_IDIVT"},
       {"vfpd32", "HWCAP_VFPD32"},
       {"lpae", "HWCAP_LPAE"},
       {"fphp", "HWCAP_FPHP"},
       {"asimdhp", "HWCAP_ASIMDHP"},
       {"asimddp", "HWCAP_ASIMDDP"},
       {"asimdfhm", "HWCAP_ASIMDFHM"},
       {"asimdbf16", "HWCAP_ASIMDBF16"},
       {"i8mm", "HWCAP_I8MM"},
       {"aes", "HWCAP2_AES"},
       {"pmull", "HWCAP2_PMULL"},
       {"sha1", "HWCAP2_SHA1"},
       {"sha2", "HWCAP2_SHA2"},
       {"crc32", "HWCAP2_CRC32"},
       {"sb", "HWCAP2_SB"}},
      &cpuinfo_entry,
      3,  // clone(flags, stack, parent_tid, tls, child_tid)
      4,
      &init_registers,
      &signal_abi_arm(),
      nullptr,
      false,  // misaligned accesses: si_addr is the data address
      4,      // 32-bit
      true,   // EABI: 64-bit arguments in even/odd register pairs
      kGuest32.interp_base,
      &map_kernel_pages,
    };
    l.statfs64_size_alias = 88;  // arch/arm's sys_statfs64_wrapper
    return l;
  }();
  return isa;
}

}  // namespace polyrun::linux_abi
