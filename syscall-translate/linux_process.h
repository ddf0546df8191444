// The state of one emulated Linux process: its address space, CPU, kernel ABI map and the
// per-process facts syscalls read and change (brk, signal dispositions, exit status …).
#pragma once

#include <array>
#include <atomic>
#include <list>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cpu-emu/cpu.h"
#include "cpu-emu/execution_lock.h"
#include "memory/address_space.h"
#include "syscall-translate/isa/linux_isa.h"
#include "syscall-translate/kernel_abi_map.h"

namespace polyrun::gdb {
struct DebugThread;
}

namespace polyrun::linux_abi {

class Strace;
class SyscallTable;
class LinuxDebugger;

// A guest's signal disposition, kept in the guest's own struct layout terms.
struct GuestSigaction {
  uint64_t handler = 0;
  uint64_t flags = 0;
  uint64_t restorer = 0;
  uint64_t mask = 0;
};

// What belongs to one guest thread: its CPU, signal mask and alternate stack, and the words the
// kernel keeps for it.
struct LinuxThread {
  std::unique_ptr<cpu::Cpu> cpu;
  bool exited = false;  // this thread called exit (the process goes on)
  uint64_t sigmask = 0;
  uint64_t altstack_sp = 0, altstack_size = 0, altstack_flags = 2 /* SS_DISABLE */;
  uint64_t clear_child_tid = 0;
  uint64_t robust_list = 0, robust_list_len = 0;
  pid_t tid = 0;  // the host thread's (and so the guest's) thread id

  // Signals caught for this thread wait here until delivered at the next safe point
  // (signal_delivery.cpp): the host handler adds, the thread itself takes, with host signals
  // blocked. Standard signals are queued once; real-time ones in order.
  struct QueuedSignal {
    int sig;                // guest number
    uint8_t info[128];      // guest siginfo
  };
  std::array<QueuedSignal, 32> queue{};
  int queued = 0;
  // A queued signal may be deliverable: stop and look. Only this thread reads and writes it (its
  // engine, its syscalls, its own host signal handler), so relaxed order suffices; it also keeps
  // the handler clear of the locks a sanitizer takes for ordered atomics, which the code it
  // interrupted may hold.
  std::atomic<bool> signal_pending{false};
  // The syscall just served was interrupted by a signal (its host call returned EINTR): restart
  // it or return EINTR once the handler to run, if any, is known; or a signal came before its
  // host call started (NotStarted): made again after the handler. `restart_arg` is the first
  // argument, which the result register overwrites on ISAs where they are one register.
  enum class Interrupted : uint8_t { No, Restartable, NotAfterHandler, NotStarted } interrupted = Interrupted::No;
  uint64_t restart_arg = 0;
  // rt_sigsuspend waits with a temporary mask; the mask before it is what the handler's frame saves.
  bool has_saved_mask = false;
  uint64_t saved_mask = 0;
  // rt_sigreturn set every register: the dispatcher leaves the result register as it is.
  bool registers_restored = false;
  // Under a debugger (linux_debug.h): its state of the thread.
  gdb::DebugThread* debug = nullptr;
};

struct LinuxProcess {
  LinuxProcess(const LinuxIsa& isa_, const pr_kernel_abi& host)
      : isa(isa_), abi(*isa_.kabi, host), memory(isa_.layout) {}

  const LinuxIsa& isa;
  KernelAbiMap abi;
  mem::AddressSpace memory;

  // The guest thread the calling host thread runs (each guest thread is a host thread).
  LinuxThread& thread() const { return *current_thread(); }
  cpu::Cpu& cpu() const { return *thread().cpu; }
  static LinuxThread*& current_thread() {
    static thread_local LinuxThread* t = nullptr;
    return t;
  }
  LinuxThread main_thread;
  // The threads clone started (the main thread is main_thread), how many guest threads are alive,
  // and the lock that lets one of them run guest code at a time: all changed under the lock.
  std::list<std::unique_ptr<LinuxThread>> threads;
  int live_threads = 1;
  cpu::ExecutionLock lock;
  SyscallTable* syscalls = nullptr;  // the table every thread's syscalls go through
  LinuxDebugger* debugger = nullptr;  // gdb's hold on the process (-g PORT), or null

  std::string exe_path;   // absolute host path of the guest program (/proc/self/exe)
  std::string guest_root; // -L: absolute guest paths are looked up here first; empty for none
  Strace* strace = nullptr;
  // How a foreign program this one executes is started: polyrun itself with the same options
  // ({polyrun's own path, "-L", root, "--strace" …}); the program and its arguments follow.
  std::vector<std::string> reexec_prefix;
  bool from_binfmt = false;  // binfmt_misc started this polyrun (its flag P): foreign programs go to the kernel first
  std::string cpu_model;     // --cpu NAME, for every thread's CPU and the programs of this ISA it executes (empty: default)
  // aarch64 SVE: the vector length the main thread starts with (--cpu NAME,sve-default-vector-length=N;
  // 0: the CPU's default), and PR_SVE_SET_VL's settings for the programs this one executes: the
  // length they start with (0: none set) and whether they inherit the current one.
  uint32_t vector_length = 0, vector_length_onexec = 0;
  bool vector_length_inherit = false;
  cpu::SveMode sve = cpu::SveMode::Executed;  // --cpu max,sve=on|off, likewise

  uint64_t brk_start = 0, brk_current = 0, brk_mapped_end = 0, brk_limit = 0;
  // RLIMIT_AS as the guest has it (soft and hard), which polyrun keeps and enforces on the guest's
  // mappings (memory_syscalls.cpp) instead of the host: the host's would bind polyrun's own memory
  // too. Starts as the host's limit, or as the guest that executed this program had it
  // (kGuestAddressLimitVariable).
  uint64_t address_limit = ~0ull, address_limit_max = ~0ull;
  uint64_t argv_start = 0, argv_end = 0;  // the argument strings on the initial stack
  uint64_t env_start = 0, env_end = 0;    // the environment strings, just above them
  uint64_t start_stack = 0;               // the stack pointer at entry
  // The program's code and data as Linux records them (/proc/self/stat).
  uint64_t start_code = 0, end_code = 0, start_data = 0, end_data = 0;
  std::vector<uint8_t> auxv;              // a copy of the initial auxv (/proc/self/auxv)

  std::array<GuestSigaction, 65> sigactions{};
  uint64_t sigreturn_code = 0;  // where handlers without sa_restorer return to (mapped on first use)

  bool exited = false;
  int exit_status = 0;      // valid when exited
  int killed_by = 0;        // signal that ended the process, or 0
};

}  // namespace polyrun::linux_abi
