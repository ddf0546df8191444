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
struct Trap;
}

namespace polyrun::linux_abi {

// Delivering a signal to a guest handler: what the ISA's frame is built from.
struct SignalEntry {
  int sig;                      // guest signal number
  const uint8_t* info;          // the guest siginfo, SignalAbi::siginfo_size bytes
  uint64_t sp;                  // the stack pointer the frame goes below (the alternate stack's top
                                // or the interrupted one)
  uint64_t handler, restorer;   // restorer: where the handler returns to (code that calls
                                // rt_sigreturn, or sigreturn for an old frame)
  uint64_t saved_mask;          // the guest mask sigreturn restores
  uint64_t ss_sp, ss_size;      // uc_stack: the alternate stack as the handler sees it
  uint32_t ss_flags;
  uint64_t fault_syndrome;      // faults: the ISA's fault detail (SignalAbi::fault_syndrome), else 0
  bool siginfo = true;          // SA_SIGINFO: the RT frame (siginfo, ucontext); without it, ISAs
                                // that have one (ARM) build their old frame (no siginfo)
  bool sa_restorer = false;     // `restorer` is the program's sa_restorer; else it is where the ISA's
                                // sigreturn_code is mapped (ARM picks the sequence in it by frame
                                // kind and the handler's instruction set)
};

// What rt_sigreturn takes back from a frame besides the registers (sigreturn: the mask only).
struct SignalReturn {
  uint64_t mask;
  uint64_t ss_sp, ss_size;
  uint32_t ss_flags;
};

// One ISA's signal frames (isa/<isa>_signal.cpp).
struct SignalAbi {
  unsigned siginfo_size;
  // The host siginfo of a host signal (x86-64 layout) as the guest's, numbered `guest_sig`.
  // Async-signal-safe (the host signal handler calls it).
  void (*siginfo_to_guest)(const uint8_t* host, int guest_sig, uint8_t* guest);
  // A siginfo for a fault or a signal polyrun raises itself: code and, for faults, the address.
  void (*make_siginfo)(int guest_sig, int code, uint64_t addr, uint8_t* guest);
  // Writes the frame below e.sp and points the CPU at the handler (arguments, stack, return
  // address). False when the frame's memory is not writable (the guest then dies of SIGSEGV).
  bool (*enter_handler)(cpu::Cpu& cpu, const mem::AddressSpace& memory, const SignalEntry& e);
  // rt_sigreturn: the registers back from the frame at the stack pointer. False when unreadable
  // or refused.
  bool (*leave_handler)(cpu::Cpu& cpu, const mem::AddressSpace& memory, SignalReturn& out);
  // A fault's detail as the ISA's frame records it (aarch64: the ESR of a data abort; ARM: the
  // trap number and fault status of sigcontext's trap_no and error_code). 0: none.
  uint64_t (*fault_syndrome)(const cpu::Trap& t);
  // The code handlers return to when sa_restorer is not given (rt_sigreturn; ARM: sigreturn and
  // rt_sigreturn, each in ARM and Thumb code).
  std::vector<uint8_t> sigreturn_code;
  uint64_t syscall_insn_size;  // restarting a syscall moves pc back by this
  // The `sigreturn` syscall, from the old frame of a handler without SA_SIGINFO (ARM): registers
  // and mask back (the alternate stack stays). Null: the ISA has no old frame.
  bool (*leave_old_handler)(cpu::Cpu& cpu, const mem::AddressSpace& memory, SignalReturn& out) = nullptr;
  // A guest siginfo (rt_sigqueueinfo) as the host's, numbered `host_sig`. Null: the layouts are
  // the same (64-bit ISAs) and it is copied.
  void (*siginfo_to_host)(const uint8_t* guest, int host_sig, uint8_t* host) = nullptr;
  // Where si_addr is in the guest siginfo, and its size (what --strace shows of a fault).
  unsigned si_addr_offset = 16, si_addr_size = 8;
  // ISAs with two instruction sets (ARM and Thumb): the value set_pc takes to go on at `pc` in the
  // current one, and the syscall instruction's size in it. Null: pc as it is, syscall_insn_size.
  uint64_t (*pc_in_current_state)(cpu::Cpu& cpu, uint64_t pc) = nullptr;
  uint64_t (*current_syscall_insn_size)(cpu::Cpu& cpu) = nullptr;
  // What the ISA's kernel makes of a trap before its signal is chosen by its kind (ARM: the
  // undefined instructions Linux keeps as breakpoints become breakpoints). Null: nothing.
  void (*refine_trap)(cpu::Cpu& cpu, const mem::AddressSpace& memory, cpu::Trap& t) = nullptr;
  // The si_code, by name, of a breakpoint's SIGTRAP (ARM: bkpt is a debug event, TRAP_HWBKPT).
  // Null: TRAP_BRKPT.
  const char* (*breakpoint_code)(const cpu::Trap& t) = nullptr;
};

struct LinuxIsa {
  Isa isa;
  const pr_kernel_abi* kabi;
  const char* uname_machine;  // uname -m
  const char* platform;       // AT_PLATFORM (null: none, as riscv64 Linux gives none)
  const char* default_root;   // -L when not given: Debian's cross sysroot, where installed
  unsigned insn_align;        // a pc off this grain is a PC alignment fault (SIGBUS)
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
  uint64_t minsigstksz;      // AT_MINSIGSTKSZ (0: none); sigaltstack's minimum is MINSIGSTKSZ
  // CPU feature name -> HWCAP bit name in the ISA's asm/hwcap.h ("asimd" -> "HWCAP_ASIMD").
  std::vector<std::pair<const char*, const char*>> hwcap_names;
  // /proc/cpuinfo's entry for CPU number n in the ISA's Linux format, given the names of the
  // features the CPU has (those of hwcap_names, in that order, space-separated) and the CPU (x86
  // reads its identity through CPUID). Null: the host's /proc/cpuinfo.
  std::string (*cpuinfo_entry)(unsigned n, const std::string& features, cpu::Cpu& cpu);
  // clone(flags, stack, parent_tid, …): where the ISA puts the tls and child_tid arguments.
  int clone_tls_arg;
  int clone_child_tid_arg;
  // Registers at process entry, beyond pc and sp.
  void (*init_registers)(cpu::Cpu& cpu);
  const SignalAbi* signals;
  // What the kernel does for an undefined instruction before it sends SIGILL: true when it
  // emulated `insn` at pc (registers and pc updated). Null: nothing is emulated.
  bool (*emulate_undefined)(cpu::Cpu& cpu, uint64_t pc, uint32_t insn) = nullptr;
  // Whether the ISA's Linux gives a misaligned access's SIGBUS the pc as si_addr (riscv: its
  // traps report epc) rather than the data address (aarch64).
  bool alignment_fault_at_pc = false;
  // The guest's pointer width in bytes. 4: a 32-bit ISA, whose syscalls take the 32-bit struct
  // layouts of its kernel ABI table and 64-bit values in register pairs (compat32_syscalls.cpp).
  unsigned word_size = 8;
  // 32-bit ISAs: a 64-bit argument's register pair starts at an even-numbered argument (ARM EABI)
  // rather than at the next one (i386).
  bool pairs_aligned = false;
  // Where the dynamic linker goes (the guest window's interp_base).
  uint64_t interp_base = 0;
  // Guest memory polyrun maps at startup besides the program (ARM: the kernel's user helpers page
  // at 0xffff0000). Null: none.
  void (*map_kernel_pages)(mem::AddressSpace& memory) = nullptr;
  // The si_code of the SIGILL an undefined instruction raises and of the SIGTRAP of a breakpoint
  // instruction, as the ISA's Linux sends them (x86: ILL_ILLOPN from #UD, and SI_KERNEL from
  // int3, which Linux sends without a siginfo of its own).
  const char* undefined_code = "ILL_ILLOPC";
  const char* breakpoint_code = "TRAP_BRKPT";
  // x86: the `int N` vector of the syscall (i386: 0x80), a CPU option (cpu::CpuOptions); -1: the
  // ISA's syscall instruction.
  int syscall_vector = -1;
  // x86: guest code at user privilege (cpu::CpuOptions::user_mode), as Linux runs it.
  bool user_mode = false;
  // AT_HWCAP read from the CPU where the ISA's Linux reports a CPU register rather than bits by
  // feature name (i386: CPUID leaf 1's EDX). Null: from hwcap_names.
  uint64_t (*hwcap)(cpu::Cpu& cpu) = nullptr;
  // clone's CLONE_SETTLS where its tls argument is not the thread pointer itself (i386: a struct
  // user_desc, as set_thread_area takes it, read when clone is called, as Linux reads it): the
  // register the new thread's `reg` gets and its value, or -errno. Null: tls_reg takes tls.
  int64_t (*clone_tls)(const mem::AddressSpace& memory, uint64_t tls, int& reg, uint64_t& value) = nullptr;
  // clone takes the new stack first and the flags second (s390: CLONE_BACKWARDS2).
  bool clone_stack_first = false;
  // The ISA's mmap is the old one, whose one argument points at the six in guest words (s390x,
  // i386: old_mmap).
  bool old_mmap = false;
  // A privileged instruction is SIGILL with ILL_PRVOPC (s390: a privileged-operation exception),
  // not x86's general protection fault (SIGSEGV, SI_KERNEL).
  bool privileged_sigill = false;
  // A size statfs64 and fstatfs64 also take for the ISA's struct statfs64 (arm: 88, the size of
  // EABI glibc's own struct, which arm's Linux takes for its packed 84-byte one). 0: none.
  uint64_t statfs64_size_alias = 0;
};

// i386's set_thread_area and get_thread_area (isa/i386.cpp): a struct user_desc at u_info into
// GDT entries 6–8 of the CPU (entry_number -1: the first free one, written back) and out.
int64_t i386_set_thread_area(cpu::Cpu& cpu, const mem::AddressSpace& memory, uint64_t u_info, bool can_allocate);
int64_t i386_get_thread_area(cpu::Cpu& cpu, const mem::AddressSpace& memory, uint64_t u_info);
// riscv's riscv_hwprobe (isa/riscv64.cpp): the key-value pairs at `pairs` answered for the CPU.
int64_t riscv64_hwprobe(const cpu::Cpu& cpu, const mem::AddressSpace& memory, uint64_t pairs, uint64_t pair_count,
                        uint64_t cpusetsize, uint64_t cpus, uint64_t flags);

const LinuxIsa& linux_isa_aarch64();
const SignalAbi& signal_abi_aarch64();
const LinuxIsa& linux_isa_riscv64();
const SignalAbi& signal_abi_riscv64();
const LinuxIsa& linux_isa_arm();
const SignalAbi& signal_abi_arm();
const LinuxIsa& linux_isa_i386();
const SignalAbi& signal_abi_i386();
const LinuxIsa& linux_isa_s390x();
const SignalAbi& signal_abi_s390x();
const LinuxIsa* linux_isa_for(Isa isa);

}  // namespace polyrun::linux_abi
