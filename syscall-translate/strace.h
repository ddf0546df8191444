// --strace: every guest syscall on stderr with decoded arguments and result, in qemu's -strace
// shape: "TID name(arg,arg,...) = result" (the thread's id: the process id in its main thread).
#pragma once

#include <cstdint>
#include <string>

#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

class Strace {
 public:
  explicit Strace(const KernelAbiMap& abi);
  ~Strace();

  // Called before the handler: the syscalls that do not return are written here whole.
  void enter(LinuxProcess& p, const char* name, const SyscallDef* def, const uint64_t* a);
  // Called after the handler with the guest-visible result.
  void leave(LinuxProcess& p, const char* name, const SyscallDef* def, const uint64_t* a, int64_t result);

  // A signal entering a guest handler, as strace shows it: "TID --- SIGSEGV {si_signo=SIGSEGV,
  // si_code=1, si_addr=0x10} ---" (`fault`: the address is meaningful).
  void signal(int guest_sig, int code, uint64_t addr, bool fault);

  // Formats one call (public for tests).
  std::string format_call(const char* name, const char* signature, const uint64_t* a,
                          bool after, int64_t result) const;
  std::string format_result(const char* signature, int64_t result) const;
  // The guest memory that pointer arguments are checked against before they are read (enter and
  // leave take the process's; public for tests).
  void set_memory(const mem::AddressSpace* memory) { memory_ = memory; }

  // The descriptor the trace is written to (polyrun's own, hidden from the guest), and moving it
  // elsewhere when the guest wants that number.
  int fd() const { return fd_; }
  void move_fd();

 private:
  std::string arg(char kind, const uint64_t* a, int i, bool after, int64_t result) const;
  void write_line(const std::string& s);

  bool readable(uint64_t addr, uint64_t len) const;
  // How many bytes from addr, up to max, the guest can read (0 where it cannot read addr).
  uint64_t readable_bytes(uint64_t addr, uint64_t max) const;
  // A NUL-terminated guest string as strace quotes it (up to 255 characters, and no further than
  // the guest can read), or its address where it cannot be read.
  std::string guest_string(uint64_t addr) const;

  const KernelAbiMap& abi_;
  const mem::AddressSpace* memory_ = nullptr;
  int fd_;
  std::string pending_;
};

}  // namespace polyrun::linux_abi
