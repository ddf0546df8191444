// File system events: inotify_init, inotify_init1, inotify_add_watch, inotify_rm_watch. The IN_*
// event bits are the same on every ISA and IN_NONBLOCK/IN_CLOEXEC are the open flags', so the
// host's inotify serves as it is; a watched path is the guest's path as the host sees it (its guest
// root). What a read of the descriptor returns, struct inotify_event records, is in the reader's
// byte order: a big-endian guest's reads are converted (io_syscalls.cpp, swap_inotify_events).
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <string>

#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

// Set once the process made an inotify descriptor (a forked child inherits it with the
// descriptors): until then no read needs looking at.
std::atomic<bool> g_made{false};

int64_t made(int64_t r) {
  if (r >= 0) g_made.store(true, std::memory_order_relaxed);
  return r;
}

int64_t sys_inotify_init1(LinuxProcess& p, const uint64_t* a) {
  const int64_t flags = creation_flags_to_host(p, static_cast<uint32_t>(a[0]), true);
  if (flags < 0) return flags;
  return made(host_result(::inotify_init1(static_cast<int>(flags))));
}

int64_t sys_inotify_init(LinuxProcess&, const uint64_t*) { return made(host_result(::inotify_init1(0))); }

int64_t sys_inotify_add_watch(LinuxProcess& p, const uint64_t* a) {
  std::string path;
  if (!host_path(p, a[1], path)) return -EFAULT;
  return host_result(::inotify_add_watch(static_cast<int>(a[0]), path.c_str(), static_cast<uint32_t>(a[2])));
}

int64_t sys_inotify_rm_watch(LinuxProcess&, const uint64_t* a) {
  return host_result(::inotify_rm_watch(static_cast<int>(a[0]), static_cast<int>(a[1])));
}

}  // namespace

bool inotify_descriptors_made() { return g_made.load(std::memory_order_relaxed); }

void swap_inotify_events(uint8_t* buf, uint64_t len) {
  // struct inotify_event: wd, mask, cookie, len (4 bytes each), then len bytes of name.
  for (uint64_t at = 0; at + 16 <= len;) {
    uint32_t name_len = 0;
    std::memcpy(&name_len, buf + at + 12, 4);  // (still the host's order)
    for (unsigned i = 0; i < 4; ++i) {
      uint32_t v;
      std::memcpy(&v, buf + at + 4 * i, 4);
      v = __builtin_bswap32(v);
      std::memcpy(buf + at + 4 * i, &v, 4);
    }
    at += 16 + uint64_t{name_len};
  }
}

std::vector<SyscallDef> inotify_syscalls() {
  return {
      {"inotify_init", sys_inotify_init, "d:"},
      {"inotify_init1", sys_inotify_init1, "d:x"},
      {"inotify_add_watch", sys_inotify_add_watch, "d:fsx"},
      {"inotify_rm_watch", sys_inotify_rm_watch, "d:fd"},
  };
}

}  // namespace polyrun::linux_abi
