#include "syscall-translate/linux_guest.h"

#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/resource.h>

#include "common/error.h"
#include "common/fault_report.h"
#include "common/log.h"
#include "common/own_executable.h"
#include "cpu-emu/engine_stats.h"
#include "loader/elf_loader.h"
#include "loader/initial_stack.h"
#include "syscall-translate/linux_debug.h"
#include "syscall-translate/linux_threads.h"
#include "syscall-translate/signal_state.h"
#include "syscall-translate/strace.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

std::string hex(uint64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

std::string signal_name(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

int open_program(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw UserError(path + ": " + std::strerror(errno), errno == ENOENT ? 127 : 126);
  return fd;
}

// Dies of the signal the guest died of. Where the signal's default action dumps core (a fault,
// abort) one line says so and where, as a native program's core dump would be noticed; a SIGTERM
// or SIGKILL ends it silently, as it ends a native program.
[[noreturn]] void guest_killed(LinuxProcess& p, int sig, const std::string& where) {
  if (p.debugger) p.debugger->report_end(true, sig);
  release_robust_lists(p);
  switch (sig) {
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE: case SIGSEGV:
    case SIGXCPU: case SIGXFSZ: case SIGSYS:
      std::fflush(stdout);
      std::fprintf(stderr, "polyrun: guest terminated by %s%s\n", signal_name(sig).c_str(), where.c_str());
      break;
    default: break;
  }
  die_of_signal(sig);
}

// The name polyrun is given when it runs a foreign program again (exec_own finds the file itself:
// a root without /proc hides the path, and the program can still run).
std::string own_name() { return own_executable().empty() ? std::string("polyrun") : own_executable(); }

}  // namespace

std::string default_guest_root(Isa isa) {
  const LinuxIsa* l = linux_isa_for(isa);
  const char* dir = l ? l->default_root : nullptr;
  if (!dir) return {};
  struct stat st;
  return ::stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : "";
}

int run_linux_guest(const GuestOptions& o, const loader::FileKind& kind) {
  const LinuxIsa* isa = kind.isa ? linux_isa_for(*kind.isa) : nullptr;
  if (!isa) throw cannot_run(o.program, kind.description + " is not supported");

  LinuxProcess p(*isa, pr_kernel_abi_host);
  if (struct rlimit as; ::getrlimit(RLIMIT_AS, &as) == 0) p.address_limit = as.rlim_cur, p.address_limit_max = as.rlim_max;
  if (const char* inherited = std::getenv(kGuestAddressLimitVariable)) {  // the executing guest's
    unsigned long long soft = 0, hard = 0;
    if (std::sscanf(inherited, "%llu %llu", &soft, &hard) == 2 && soft <= hard) p.address_limit = soft, p.address_limit_max = hard;
  }
  LinuxProcess::current_thread() = &p.main_thread;
  p.main_thread.tid = ::gettid();
  // "-L /": the host's own root, with no default sysroot either (what a chroot leaves).
  p.guest_root = o.guest_root.empty() ? default_guest_root(isa->isa) : o.guest_root == "/" ? "" : o.guest_root;
  char real[PATH_MAX];
  p.exe_path = ::realpath(o.program.c_str(), real) ? real : o.program;
  p.reexec_prefix = {own_name()};
  if (!p.guest_root.empty() || !o.guest_root.empty())
    p.reexec_prefix.insert(p.reexec_prefix.end(), {"-L", p.guest_root.empty() ? "/" : p.guest_root});
  if (o.strace) p.reexec_prefix.push_back("--strace");
  if (!o.log_level.empty()) p.reexec_prefix.insert(p.reexec_prefix.end(), {"--log-level", o.log_level});
  p.from_binfmt = o.from_binfmt;
  if (!o.cpu_model.empty()) {
    // NAME[,PROPERTY=VALUE…], as qemu spells a CPU: sve-default-vector-length=BYTES, sve=on|off.
    std::string name = o.cpu_model.substr(0, o.cpu_model.find(','));
    for (size_t at = o.cpu_model.find(','); at != std::string::npos;) {
      const size_t next = o.cpu_model.find(',', at + 1);
      const std::string prop = o.cpu_model.substr(at + 1, next == std::string::npos ? next : next - at - 1);
      at = next;
      const std::string key = prop.substr(0, prop.find('=')), value = prop.substr(std::min(prop.size(), key.size() + 1));
      if (key == "sve-default-vector-length" && isa->isa == Isa::Aarch64) {
        char* end = nullptr;
        const unsigned long vl = std::strtoul(value.c_str(), &end, 10);
        if (value.empty() || *end || vl < 16 || vl > 256 || vl % 16)
          throw UserError("sve-default-vector-length must be a multiple of 16 bytes from 16 to 256, not " + value, 2);
        p.vector_length = static_cast<uint32_t>(vl);
        continue;
      }
      if (key == "sve" && isa->isa == Isa::Aarch64) {
        if (value != "on" && value != "off") throw UserError("sve must be on or off, not " + value, 2);
        p.sve = value == "on" ? cpu::SveMode::Shown : cpu::SveMode::Off;
        continue;
      }
      throw UserError("no CPU property " + prop + " for " + isa_name(isa->isa) + " (polyrun --cpu help lists them)", 2);
    }
    const auto models = cpu::cpu_models(isa->isa);
    if (std::none_of(models.begin(), models.end(), [&](const cpu::CpuModel& m) { return m.name == name; }))
      throw UserError("no CPU model " + name + " for " + isa_name(isa->isa) + " (polyrun --cpu help lists them)", 2);
    p.cpu_model = name;
  }
  adopt_host_signal_state(p);
  // The process is named after the guest program, as Linux names it after the file it executes
  // (/proc/self/comm and stat, PR_GET_NAME, ps).
  ::prctl(PR_SET_NAME, o.program.substr(o.program.rfind('/') + 1).c_str(), 0, 0, 0);

  // The program, then its dynamic linker if it names one.
  // binfmt_misc's flags O and C have the kernel open the program (which may be execute-only).
  int fd = o.program_fd >= 0 ? o.program_fd : open_program(o.program);
  loader::ElfInfo info;
  loader::LoadedImage image;
  try {
    info = loader::read_elf(o.program, fd);
    image = loader::load_elf(p.memory, o.program, fd, info, isa->dyn_base);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  uint64_t entry = image.entry, interp_base = 0;
  if (!image.interpreter.empty()) {
    std::string interp = image.interpreter;
    if (!p.guest_root.empty() && interp[0] == '/') {
      std::string candidate = p.guest_root + interp;
      if (::access(candidate.c_str(), R_OK) == 0) interp = candidate;
    }
    int ifd = ::open(interp.c_str(), O_RDONLY | O_CLOEXEC);
    if (ifd < 0)
      throw UserError(o.program + ": its dynamic linker " + image.interpreter + " was not found" +
                          (p.guest_root.empty() ? " (no guest root: give one with -L DIR or POLYRUN_LD_PREFIX)"
                                                : " in the guest root " + p.guest_root + " (choose another with -L DIR)"),
                      127);
    try {
      loader::ElfInfo iinfo = loader::read_elf(interp, ifd);
      if (iinfo.isa != info.isa) throw cannot_run(interp, "the dynamic linker is for another ISA");
      loader::LoadedImage ld = loader::load_elf(p.memory, interp, ifd, iinfo, isa->interp_base);
      entry = ld.entry;
      interp_base = ld.lowest;
    } catch (...) {
      ::close(ifd);
      throw;
    }
    ::close(ifd);
  }

  p.brk_start = p.brk_current = p.brk_mapped_end = image.highest;
  p.start_code = image.start_code;
  p.end_code = image.end_code;
  p.start_data = image.start_data;
  p.end_data = image.end_data;
  p.brk_limit = std::min<uint64_t>(p.brk_start + (64ull << 30), isa->layout.mmap_top);

  // Stack.
  mem::MapRequest sreq;
  sreq.fixed = true;
  sreq.noreserve = true;
  sreq.name = "[stack]";
  uint64_t stack_lo = isa->stack_top - isa->stack_size;
  if (p.memory.map(stack_lo, isa->stack_size, mem::kRead | mem::kWrite, sreq) < 0)
    throw UserError("cannot map the guest stack at " + hex(stack_lo), 126);

  if (isa->map_kernel_pages) isa->map_kernel_pages(p.memory);
  p.main_thread.cpu =
      cpu::create_cpu(isa->isa, p.memory, cpu::CpuOptions{isa->syscall_vector, isa->user_mode, p.cpu_model, p.vector_length, p.sve});

  uint64_t hwcap = 0, hwcap2 = 0;
  for (const auto& [feature, name] : isa->hwcap_names)
    if (p.cpu().has_feature(feature))
      (std::strncmp(name, "HWCAP2_", 7) == 0 ? hwcap2 : hwcap) |= static_cast<uint64_t>(lookup(isa->kabi->hwcaps, name, 0));
  if (isa->hwcap) hwcap = isa->hwcap(p.cpu());

  loader::StackRequest sr;
  sr.argv = o.argv;
  sr.envp = o.env;
  sr.execfn = o.program;
  sr.platform = isa->platform ? isa->platform : "";
  sr.word_size = isa->word_size;
  sr.big_endian = isa->kabi->big_endian;
  if (::getrandom(sr.random.data(), sr.random.size(), 0) != static_cast<ssize_t>(sr.random.size()))
    throw UserError("cannot read random bytes for AT_RANDOM", 126);
  sr.auxv = {
      {AT_PHDR, image.phdr},       {AT_PHENT, image.phent},
      {AT_PHNUM, image.phnum},     {AT_PAGESZ, p.memory.page_size()},
      {AT_BASE, interp_base},      {AT_FLAGS, 0},
      {AT_ENTRY, image.entry},     {AT_UID, ::getuid()},
      {AT_EUID, ::geteuid()},      {AT_GID, ::getgid()},
      {AT_EGID, ::getegid()},      {AT_SECURE, 0},
      {AT_HWCAP, hwcap},           {AT_HWCAP2, hwcap2},
      {AT_CLKTCK, static_cast<uint64_t>(::sysconf(_SC_CLK_TCK))},
  };
  if (isa->minsigstksz) sr.auxv.push_back({AT_MINSIGSTKSZ, isa->minsigstksz});
  loader::InitialStack st = loader::build_initial_stack(p.memory, isa->stack_top, isa->stack_size / 4, sr);
  p.argv_start = st.argv_strings;
  p.argv_end = st.argv_strings_end;
  p.env_start = st.env_strings;
  p.env_end = st.env_strings_end;
  p.start_stack = st.sp;
  p.auxv.assign(reinterpret_cast<const uint8_t*>(st.auxv), reinterpret_cast<const uint8_t*>(st.auxv + st.auxv_size));

  isa->init_registers(p.cpu());
  p.cpu().set_reg(isa->sp_reg, st.sp);
  p.cpu().set_pc(entry);

  std::unique_ptr<Strace> strace;
  if (o.strace) {
    strace = std::make_unique<Strace>(p.abi);
    p.strace = strace.get();
  }
  SyscallTable table = make_syscall_table(p.abi);
  if (isa->old_mmap) table.add(old_mmap_syscalls());
  p.syscalls = &table;
  p.cpu().set_syscall_handler([&](cpu::Cpu&) { table.dispatch(p); });

  if (o.gdb_port >= 0) {
    // gdb connects before the first instruction. (The debugger lives as long as the process: its
    // server thread may still be sending the last reply when this function returns.)
    static LinuxDebugger* debugger = nullptr;
    debugger = new LinuxDebugger(p, o.gdb_port);
    p.debugger = debugger;
    p.debugger->thread_started(p.main_thread);
    p.debugger->start();
  }

  report_host_faults_as_guest_faults();
  p.lock.acquire();
  if (p.debugger) p.debugger->report(p.thread(), SIGTRAP);  // the stop gdb finds on connecting
  int status = run_guest_thread(p);
  if (p.thread().exited) finish_thread(p);  // the main thread left, the others go on
  p.lock.release();
  end_guest_signals();
  return status;
}

// The si_code of a breakpoint's SIGTRAP: the ISA's, or TRAP_BRKPT.
static const char* breakpoint_code(const LinuxProcess& p, const cpu::Trap& t) {
  return p.isa.signals->breakpoint_code ? p.isa.signals->breakpoint_code(t) : p.isa.breakpoint_code;
}

int run_guest_thread(LinuxProcess& p) {
  LinuxThread& self = p.thread();
  // Under a debugger, a trap's signal is gdb's to pass or drop first: false when dropped (the
  // thread then goes on from where it is, a fault's instruction again).
  auto debugger_passes = [&](int sig) { return !p.debugger || p.debugger->report(self, sig) != 0; };
  while (true) {
    if (p.debugger && !p.exited) p.debugger->checkpoint(self);
    if (!p.exited && (self.signal_pending.load(std::memory_order_relaxed) ||
                      self.interrupted != LinuxThread::Interrupted::No))
      deliver_signals(p);
    cpu::Trap t;
    if (!p.exited) t = p.cpu().run();
    if (p.isa.signals->refine_trap) p.isa.signals->refine_trap(p.cpu(), p.memory, t);
    switch (t.kind) {
      case cpu::TrapKind::Stopped:
        if (p.exited) {
          if (p.killed_by) guest_killed(p, p.killed_by, " at pc=" + hex(p.cpu().pc()));
          if (p.debugger) p.debugger->report_end(false, p.exit_status);
          release_robust_lists(p);
          if (p.live_threads > 1 || &p.thread() != &p.main_thread) {
            // Other threads may be anywhere, in host calls too: end them all with the process
            // (and from a thread that is not the host's main thread, end the process itself).
            cpu::stats::report();
            std::fflush(nullptr);
            ::syscall(SYS_exit_group, p.exit_status);
          }
          return p.exit_status;
        }
        if (p.thread().exited) return 0;
        // A syscall that stopped the engine (rt_sigreturn …) ended a single step.
        if (p.debugger && p.debugger->stepping(self)) p.debugger->report(self, SIGTRAP);
        continue;
      case cpu::TrapKind::Interrupted:
        continue;
      case cpu::TrapKind::DebugBreakpoint:
      case cpu::TrapKind::DebugStep:
        if (p.debugger) p.debugger->report(self, SIGTRAP, t.kind == cpu::TrapKind::DebugBreakpoint);
        continue;
      case cpu::TrapKind::MemoryFault: {
        int code = static_cast<int>(guest_signal_constant(p, t.unmapped ? "SEGV_MAPERR" : "SEGV_ACCERR"));
        if (!debugger_passes(SIGSEGV)) continue;
        if (deliver_fault(p, SIGSEGV, code, t)) continue;
        guest_killed(p, SIGSEGV, " at pc=" + hex(t.pc) + " (fault address " + hex(t.fault_addr) + ")");
      }
      case cpu::TrapKind::IllegalInstruction: {
        // A pc off the instruction grain (aarch64: a branch to an address not a multiple of 4) is a
        // PC alignment fault: SIGBUS, the pc as address.
        if (t.pc % p.isa.insn_align) {
          t.kind = cpu::TrapKind::AlignmentFault;
          t.fault_addr = t.pc;
          if (!debugger_passes(SIGBUS)) continue;
          if (deliver_fault(p, SIGBUS, static_cast<int>(guest_signal_constant(p, "BUS_ADRALN")), t)) continue;
          guest_killed(p, SIGBUS, " at pc=" + hex(t.pc) + " (fault address " + hex(t.pc) + ")");
        }
        if (p.isa.emulate_undefined && p.memory.accessible(t.pc, 4, mem::kRead)) {
          uint32_t insn = 0;
          std::memcpy(&insn, reinterpret_cast<const void*>(t.pc), sizeof insn);
          if (p.isa.emulate_undefined(p.cpu(), t.pc, insn)) continue;
        }
        if (!debugger_passes(SIGILL)) continue;
        if (deliver_fault(p, SIGILL, static_cast<int>(guest_signal_constant(p, p.isa.undefined_code)), t)) continue;
        std::string what;
        if (p.memory.accessible(t.pc, 4, mem::kRead)) {
          uint32_t insn = 0;
          std::memcpy(&insn, reinterpret_cast<const void*>(t.pc), sizeof insn);
          char b[64];
          std::snprintf(b, sizeof b, " (instruction 0x%08x)", insn);
          what = b;
        }
        guest_killed(p, SIGILL, " at pc=" + hex(t.pc) + what);
      }
      case cpu::TrapKind::Breakpoint:
        if (!debugger_passes(SIGTRAP)) continue;
        if (deliver_fault(p, SIGTRAP, static_cast<int>(guest_signal_constant(p, breakpoint_code(p, t))), t)) continue;
        guest_killed(p, SIGTRAP, " at pc=" + hex(t.pc));
      case cpu::TrapKind::SingleStep:
        if (!debugger_passes(SIGTRAP)) continue;
        if (deliver_fault(p, SIGTRAP, static_cast<int>(guest_signal_constant(p, "TRAP_TRACE")), t)) continue;
        guest_killed(p, SIGTRAP, " at pc=" + hex(t.pc));
      case cpu::TrapKind::DivideError:  // x86 #DE
        if (!debugger_passes(SIGFPE)) continue;
        if (deliver_fault(p, SIGFPE, static_cast<int>(guest_signal_constant(p, "FPE_INTDIV")), t)) continue;
        guest_killed(p, SIGFPE, " at pc=" + hex(t.pc));
      case cpu::TrapKind::FloatingPoint: {
        // As Linux picks one si_code from the x87/SSE status: the first of invalid, divide by zero,
        // overflow, underflow (or denormal), precision.
        const char* name = t.code & 0x41 ? "FPE_FLTINV" : t.code & 4 ? "FPE_FLTDIV" : t.code & 8 ? "FPE_FLTOVF"
                           : t.code & 0x12 ? "FPE_FLTUND" : t.code & 0x20 ? "FPE_FLTRES" : "SI_KERNEL";
        if (!debugger_passes(SIGFPE)) continue;
        if (deliver_fault(p, SIGFPE, static_cast<int>(guest_signal_constant(p, name)), t)) continue;
        guest_killed(p, SIGFPE, " at pc=" + hex(t.pc));
      }
      case cpu::TrapKind::AlignmentFault:
        if (!debugger_passes(SIGBUS)) continue;
        if (deliver_fault(p, SIGBUS, static_cast<int>(guest_signal_constant(p, "BUS_ADRALN")), t)) continue;
        guest_killed(p, SIGBUS, " at pc=" + hex(t.pc) + " (fault address " + hex(t.fault_addr) + ")");
      // A general protection fault (x86 #GP and its kin, `int N` with no gate, hlt), #OF and #BR:
      // Linux sends SIGSEGV with SI_KERNEL and no address.
      case cpu::TrapKind::PrivilegedInstruction:
        if (p.isa.privileged_sigill) {
          if (!debugger_passes(SIGILL)) continue;
          if (deliver_fault(p, SIGILL, static_cast<int>(guest_signal_constant(p, "ILL_PRVOPC")), t)) continue;
          guest_killed(p, SIGILL, " at pc=" + hex(t.pc) + " (a privileged instruction)");
        }
        [[fallthrough]];
      case cpu::TrapKind::ProtectionFault:
      case cpu::TrapKind::SoftwareInterrupt:
      case cpu::TrapKind::Overflow:
      case cpu::TrapKind::BoundRange:
        if (!debugger_passes(SIGSEGV)) continue;
        if (deliver_fault(p, SIGSEGV, static_cast<int>(guest_signal_constant(p, "SI_KERNEL")), t)) continue;
        guest_killed(p, SIGSEGV, " at pc=" + hex(t.pc));
      case cpu::TrapKind::EngineError:
        std::fflush(stdout);
        std::fprintf(stderr, "polyrun: the CPU engine stopped at pc=%s: %s\n", hex(t.pc).c_str(), t.detail.c_str());
        std::fflush(nullptr);
        if (p.debugger) p.debugger->report_end(false, 134);
        if (p.live_threads > 1) ::syscall(SYS_exit_group, 134);
        return 134;
    }
  }
}

}  // namespace polyrun::linux_abi
