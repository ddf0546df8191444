// What the Linux personality needs to know of one guest ISA. Each ISA fills one of these in its
// own file (isa/<isa>.cpp); nothing outside those files asks which ISA it is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/isa.h"
#include "memory/address_space.h"
#include "syscall-translate/kernel_abi/kernel_abi.h"

namespace polyrun::cpu {
class Cpu;
}

namespace polyrun::linux_abi {

struct LinuxIsa {
  Isa isa;
  const pr_kernel_abi* kabi;
  const char* uname_machine;  // uname -m
  const char* platform;       // AT_PLATFORM
  // Syscall convention: register ids (cpu-emu/<isa>_regs.h).
  int nr_reg;
  int arg_regs[6];
  int ret_reg;
  int sp_reg;
  int tls_reg;
  mem::Layout layout;        // guest placements
  uint64_t stack_top;        // top of the main thread's stack
  uint64_t stack_size;       // mapped for the main thread
  uint64_t dyn_base;         // where ET_DYN programs go
  uint64_t minsigstksz;      // AT_MINSIGSTKSZ
  // CPU feature name -> HWCAP bit name in the ISA's asm/hwcap.h ("asimd" -> "HWCAP_ASIMD").
  std::vector<std::pair<const char*, const char*>> hwcap_names;
  // /proc/cpuinfo's entry for CPU number n in the ISA's Linux format, given the names of the
  // features the CPU has (those of hwcap_names, in that order, space-separated). Null: the
  // host's /proc/cpuinfo.
  std::string (*cpuinfo_entry)(unsigned n, const std::string& features);
  // clone(flags, stack, parent_tid, …): where the ISA puts the tls and child_tid arguments.
  int clone_tls_arg;
  int clone_child_tid_arg;
  // Registers at process entry, beyond pc and sp.
  void (*init_registers)(cpu::Cpu& cpu);
};

const LinuxIsa& linux_isa_aarch64();
const LinuxIsa* linux_isa_for(Isa isa);

}  // namespace polyrun::linux_abi
