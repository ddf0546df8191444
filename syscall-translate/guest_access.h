// Small helpers the syscall families share: host results as -errno, guest pointers (guest memory
// is host memory at the same address), pointer checks, and guest-root path lookup.
#pragma once

#include <cerrno>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <vector>

#include "syscall-translate/interruptible_syscall.h"
#include "syscall-translate/linux_process.h"

struct iovec;

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

// Under a debugger (linux_debug.h): the calling thread enters and leaves a blocking host call.
void debugger_enter_blocking(LinuxProcess& p);
void debugger_leave_blocking(LinuxProcess& p);

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
  if (p.debugger) debugger_enter_blocking(p);
  cpu::Unlocked unlocked(p.lock);
  int64_t r = interruptible_syscall(pending, nr, syscall_arg(args)...);
  if (p.debugger) debugger_leave_blocking(p);
  return r;
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

// A guest iovec array as the host takes it: the guest's own array where its layout is the host's
// (every 64-bit ISA), else a converted copy (32-bit ISAs).
class HostIov {
 public:
  // ok() when the array of `count` entries (at most 1024) and every buffer it names are
  // accessible with `prot`.
  HostIov(const LinuxProcess& p, uint64_t iov, uint64_t count, uint32_t prot);
  bool ok() const { return ok_; }
  const struct iovec* data() const { return data_; }
  uint64_t count() const { return count_; }
  // The host kernel wrote n bytes into the buffers, in order (readv, recvmsg …): code translated
  // from them is stale. (`B` arguments are handled by the dispatcher.)
  void wrote(LinuxProcess& p, uint64_t n) const;

 private:
  const struct iovec* data_ = nullptr;
  uint64_t count_ = 0;
  bool ok_ = false;
  std::vector<struct iovec> copy_;
};

// A guest struct a host call reads (In), writes (Out) or both, at guest address `addr` (0: none,
// host() is then null): the guest's memory itself where the guest's layout is the host's, else a
// host copy converted from the guest on the way in and back on the way out (finish). ok() is false
// when the guest memory is not accessible (the call's EFAULT).
class StructArg {
 public:
  enum Dir { In = 1, Out = 2, InOut = 3 };
  StructArg(LinuxProcess& p, const pr_layout& guest, const pr_layout& host, uint64_t addr, Dir dir);
  bool ok() const { return ok_; }
  void* host() { return addr_ ? (copy_ ? static_cast<void*>(buf_) : gptr(addr_)) : nullptr; }
  // After the host call: an Out struct goes back to the guest when r >= 0. Returns r.
  int64_t finish(int64_t r);

 private:
  LinuxProcess& p_;
  const pr_layout& guest_;
  const pr_layout& host_;
  uint64_t addr_;
  Dir dir_;
  bool copy_ = false, ok_ = false;
  alignas(16) uint8_t buf_[256];
};


// Guest memory a host call reads or writes, holding integers (`sizes`: one record's fields,
// `count` records from `addr`), for a big-endian guest in the host's byte order, through
// get_field/put_field: what the call only reads (In) as a converted copy (ptr(): the guest's
// memory, which may be read-only, stays as it is); what it writes (Out, InOut) in place, put in the
// host's order before the call (InOut) and in the guest's after it (finish: InOut always, Out when
// the call succeeded). Nothing at all for a guest of the host's byte order (decided once, by the
// ISA's kernel ABI): ptr() is the guest's memory. Memory that is not accessible is left to the
// call's EFAULT.
class HostOrder {
 public:
  enum Dir { In = 1, Out = 2, InOut = 3 };
  // `bytes`: how much the call reads (In), when more than the records (a socket address's family
  // and the rest).
  HostOrder(const LinuxProcess& p, uint64_t addr, std::initializer_list<uint8_t> sizes, uint64_t count, Dir dir,
            uint64_t bytes = 0);
  // After the host call: `count` records (Out: how many the call wrote, when that is its result).
  int64_t finish(int64_t r);
  int64_t finish(int64_t r, uint64_t count) {
    count_ = count;
    return finish(r);
  }
  // What the host call takes (In: the converted copy).
  void* ptr() { return copy_.empty() ? gptr(addr_) : static_cast<void*>(copy_.data()); }
  // One integer at `addr` of `size` bytes between the guest's byte order and the host's (a
  // value the guest passes in a register but the host compares with memory: futex words).
  static uint64_t value(const LinuxProcess& p, uint64_t v, unsigned size);

 private:
  void swap(uint8_t* base) const;
  bool active_ = false;
  std::vector<uint8_t> copy_;
  uint64_t addr_ = 0, count_ = 0;
  uint8_t sizes_[48] = {};
  unsigned nsizes_ = 0, record_ = 0;
  Dir dir_ = In;
};

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
