// Runs one Linux guest program: loads it (and its dynamic linker), builds its initial stack,
// creates its CPU and serves its syscalls until it exits.
#pragma once

#include <string>
#include <vector>

#include "loader/format.h"

namespace polyrun::linux_abi {

struct GuestOptions {
  std::string program;              // the file to run, as given
  std::vector<std::string> argv;    // argv[0] included
  std::vector<std::string> env;
  std::string guest_root;           // -L; empty: the ISA's default sysroot if present
  bool strace = false;
  std::string log_level;            // --log-level, passed on to foreign programs it executes
  int gdb_port = -1;                // -g: serve gdb on this localhost port (0: any free one); -1: no
  bool from_binfmt = false;         // started by binfmt_misc (flag P)
  int program_fd = -1;              // the program, opened by the kernel (binfmt_misc's AT_EXECFD), or -1
  std::string cpu_model;            // --cpu NAME: the CPU model (cpu::cpu_models); empty: the default
};

// The variable in which a guest's own RLIMIT_AS ("SOFT HARD", decimal) reaches the polyrun that
// runs the foreign program it executes (fork_exec_syscalls.cpp); polyrun's, never the program's.
inline constexpr const char* kGuestAddressLimitVariable = "POLYRUN_GUEST_RLIMIT_AS";

// Returns the exit status polyrun should exit with. Throws UserError for programs that cannot run.
int run_linux_guest(const GuestOptions& options, const loader::FileKind& kind);

// The default guest root for an ISA: Debian's cross sysroot if installed, else empty.
std::string default_guest_root(Isa isa);

}  // namespace polyrun::linux_abi
