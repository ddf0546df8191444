// Small helpers the syscall families share: host results as -errno, guest pointers (guest memory
// is host memory at the same address), pointer checks, and guest-root path lookup.
#pragma once

#include <cerrno>
#include <cstdint>
#include <string>
#include <type_traits>

#include "syscall-translate/interruptible_syscall.h"
#include "syscall-translate/linux_process.h"

namespace polyrun::linux_abi {

// A host call's result in handler terms: the value, or -errno.
inline int64_t host_result(long r) { return r < 0 ? -errno : r; }

// A syscall argument as the register holds it.
template <typename T>
long syscall_arg(T v) {
  if constexpr (std::is_null_pointer_v<T>)
    return 0;
  else if constexpr (std::is_pointer_v<T>)
    return static_cast<long>(reinterpret_cast<uintptr_t>(v));
  else
    return static_cast<long>(v);
}

// A host syscall that may block (reads, waits, sleeps), made without the execution lock so that
// the process's other threads run meanwhile; the kernel's result (a value, or -errno). A signal
// for the thread ends it (interruptible_syscall.h): one that came before the host kernel took the
// call as kNotStarted (its handler runs, then the guest's call is made again, as on Linux), one
// during the wait as -EINTR (the call is then restarted or fails as SA_RESTART says). Arguments
// are integers or pointers.
template <typename... Args>
int64_t blocking(LinuxProcess& p, long nr, Args... args) {
  static_assert(sizeof...(Args) <= 6, "a syscall has at most six arguments");
  const std::atomic<bool>& pending = p.thread().signal_pending;
  if (pending.load(std::memory_order_relaxed)) return kNotStarted;
  cpu::Unlocked unlocked(p.lock);
  return interruptible_syscall(pending, nr, syscall_arg(args)...);
}

template <typename T = void>
inline T* gptr(uint64_t addr) {
  return reinterpret_cast<T*>(addr);
}

// True when a NUL-terminated string starts at addr and lies entirely in readable guest memory.
bool guest_string_ok(const LinuxProcess& p, uint64_t addr);

// The host path for a guest path: absolute paths are looked up under the guest root first.
// Returns false (EFAULT) when the string is not readable guest memory.
bool host_path(const LinuxProcess& p, uint64_t guest_path, std::string& out);

// The same for a path already copied from the guest.
std::string host_path_of(const LinuxProcess& p, const std::string& path);

// Logs, once per (what, value), that a request of a syscall polyrun implements is not supported
// and what the guest gets instead ("unimplemented ioctl request 0x5432 returns ENOSYS").
void report_unsupported_once(const char* what, uint64_t value, const char* result, bool hex = false);

// The host kernel wrote n bytes into the buffers of a guest iovec array (readv, recvmsg …), in
// order: code translated from them is stale. (`B` arguments are handled by the dispatcher.)
void host_wrote_iov(LinuxProcess& p, uint64_t iov, uint64_t count, uint64_t n);

// True when a guest iovec array of `count` entries (at most 1024) and every buffer it names are
// accessible with `prot`. struct iovec is two 64-bit words on every 64-bit ISA: the guest's array
// is handed to the host as is.
bool iov_ok(const LinuxProcess& p, uint64_t iov, uint64_t count, uint32_t prot);

// Creation flags made of open-flag bits (SOCK_CLOEXEC, EFD_NONBLOCK, TFD_CLOEXEC, EPOLL_CLOEXEC …)
// in host terms: the guest's O_CLOEXEC (and O_NONBLOCK when `nonblock`) translated, the bits of
// `same` (equal on every ISA, like EFD_SEMAPHORE) kept, or -EINVAL for any other bit, as Linux
// answers.
int64_t creation_flags_to_host(const LinuxProcess& p, uint64_t flags, bool nonblock, uint64_t same = 0);

// Writes a host-kernel struct to guest memory in the guest's layout. -EFAULT if not writable.
int64_t put_struct(LinuxProcess& p, const pr_layout& host, const void* src, const pr_layout& guest, uint64_t dst);
// Reads a guest struct into a host-kernel struct. -EFAULT if not readable.
int64_t get_struct(LinuxProcess& p, const pr_layout& guest, uint64_t src, const pr_layout& host, void* dst);

}  // namespace polyrun::linux_abi
