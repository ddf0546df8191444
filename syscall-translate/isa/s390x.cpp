// s390x Linux: syscall convention (svc N with the number in its immediate, or svc 0 with the
// number in r1; arguments r2-r7, result r2), guest layout, the HWCAP bits of what the emulated
// CPU implements, clone's argument order and the old mmap.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "cpu-emu/cpu.h"
#include "cpu-emu/s390x_regs.h"
#include "syscall-translate/isa/guest_window.h"
#include "syscall-translate/isa/linux_isa.h"

namespace polyrun::linux_abi {

namespace s390x = cpu::s390x;

static void init_registers(cpu::Cpu& cpu) {
  // Linux's start_thread: every general register zero (r14, the return address, too), the FPU
  // clean, the thread pointer zero; the PSW in 64-bit problem state.
  for (int r = s390x::R0; r <= s390x::R15; ++r) cpu.set_reg(r, 0);
  for (int f = s390x::F0; f <= s390x::F15; ++f) cpu.set_reg(f, 0);
  cpu.set_reg(s390x::FPC, 0);
  cpu.set_reg(s390x::TP, 0);
  cpu.set_reg(s390x::PSWM, 0);
}

// s390 Linux 6.1's /proc/cpuinfo (arch/s390/kernel/processor.c): the summary before the first
// CPU's entry (vendor, CPU count, BogoMIPS, max thread id, the features of AT_HWCAP, one line per
// CPU with its version, identification and machine type), then each CPU's number and ids. The
// machine is a z13 (2964), as AT_PLATFORM says, with a z13's BogoMIPS; version FF as under a
// hypervisor. The facilities line lists the facility list STFLE stores (the CPU's). Left out: the
// cache, topology and MHz lines, which Linux prints only where the machine tells it those.
static std::string cpuinfo_entry(unsigned n, const std::string& features, cpu::Cpu& cpu) {
  std::string out;
  char b[256];
  if (n == 0) {
    const long cpus = std::max(::sysconf(_SC_NPROCESSORS_ONLN), 1L);
    std::snprintf(b, sizeof b,
                  "vendor_id       : IBM/S390\n"
                  "# processors    : %ld\n"
                  "bogomips per cpu: 20325.00\n"
                  "max thread id   : 0\n"
                  "features\t: %s \n",
                  cpus, features.c_str());
    out += b;
    out += "facilities      :";
    uint64_t list = 0;
    for (uint32_t d = 0; cpu.read_system_register(s390x::kFacilityList + d, list); ++d)
      for (unsigned bit = 0; bit < 64; ++bit)
        if (list >> (63 - bit) & 1) out += " " + std::to_string(64 * d + bit);
    out += "\n";
    for (long c = 0; c < cpus; ++c) {
      std::snprintf(b, sizeof b, "processor %ld: version = FF,  identification = %06lX,  machine = 2964\n", c, c);
      out += b;
    }
  }
  std::snprintf(b, sizeof b,
                "\ncpu number      : %u\n"
                "version         : FF\n"
                "identification  : %06X\n"
                "machine         : 2964\n",
                n, n);
  return out + b;
}

const LinuxIsa& linux_isa_s390x() {
  static const LinuxIsa isa = [] {
    LinuxIsa i{
        Isa::S390x,
        &pr_kernel_abi_s390x,
        "s390x",
        // Linux names the machine generation (arch/s390/kernel/processor.c): the engine's
        // instruction set is z13's.
        "z13",
        "/usr/s390x-linux-gnu",
        2,  // instructions are 2, 4 or 6 bytes, halfword aligned
        s390x::SVC_NR,
        {s390x::R2, s390x::R2 + 1, s390x::R2 + 2, s390x::R2 + 3, s390x::R2 + 4, s390x::R2 + 5},
        s390x::R2,
        s390x::R15,
        s390x::TP,
        mem::Layout{4096, kGuest.mmap_bottom, kGuest.mmap_top, kGuestEnd},
        kGuest.stack_top,
        8ull << 20,
        kGuest.dyn_base,
        0,  // no AT_MINSIGSTKSZ (Linux 6.1 gives none for s390)
        // What the CPU's features may name (cpu-emu/s390x_unicorn.cpp: what the engine and
        // polyrun run; docs/cpu-features.md).
        {{"esan3", "HWCAP_S390_ESAN3"},
         {"zarch", "HWCAP_S390_ZARCH"},
         {"stfle", "HWCAP_S390_STFLE"},
         {"msa", "HWCAP_S390_MSA"},
         {"ldisp", "HWCAP_S390_LDISP"},
         {"eimm", "HWCAP_S390_EIMM"},
         {"etf3eh", "HWCAP_S390_ETF3EH"},
         {"highgprs", "HWCAP_S390_HIGH_GPRS"},
         {"vx", "HWCAP_S390_VXRS"},
         {"vxe", "HWCAP_S390_VXRS_EXT"}},
        &cpuinfo_entry,
        4,        // clone(stack, flags, parent_tid, child_tid, tls): CLONE_BACKWARDS2
        3,
        &init_registers,
        &signal_abi_s390x(),
    };
    i.alignment_fault_at_pc = false;
    i.word_size = 8;
    i.interp_base = kGuest.interp_base;
    i.clone_stack_first = true;
    i.old_mmap = true;
    i.privileged_sigill = true;
    return i;
  }();
  return isa;
}

}  // namespace polyrun::linux_abi
