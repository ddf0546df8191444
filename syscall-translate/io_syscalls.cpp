// Reading and writing: read/write, vectored and positioned I/O, lseek, sendfile, copy_file_range,
// splice and tee.
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "syscall-translate/dir_positions.h"
#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

// The part of a guest buffer the host may touch: Linux copies up to the first bad page and
// fails with EFAULT only when nothing could be copied.
int64_t buffer_len(LinuxProcess& p, uint64_t addr, uint64_t len, uint32_t prot) {
  if (len == 0) return 0;
  uint64_t ok = p.memory.accessible_prefix(addr, len, prot);
  return ok == 0 ? -EFAULT : static_cast<int64_t>(ok);
}

// Descriptors whose reads and writes are integers in the byte order of the task that reads them,
// not bytes: an eventfd's or timerfd's 8-byte counter, a signalfd's records (struct
// signalfd_siginfo), an inotify descriptor's events (struct inotify_event, of varying length).
// Looked for only for a big-endian guest, and only at lengths such calls take.
enum class Integers { None, Counter, Signalfd, Inotify };
Integers integers_fd(const LinuxProcess& p, int fd, uint64_t len) {
  if (!p.abi.guest().big_endian) return Integers::None;
  const bool counter = len == 8, signalfd = len && len % 128 == 0, inotify = len >= 16 && inotify_descriptors_made();
  if (!counter && !signalfd && !inotify) return Integers::None;
  char path[64], link[64];
  std::snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  const ssize_t n = ::readlink(path, link, sizeof link - 1);
  if (n <= 0) return Integers::None;
  link[n] = 0;
  if (counter && (std::strcmp(link, "anon_inode:[eventfd]") == 0 || std::strcmp(link, "anon_inode:[timerfd]") == 0))
    return Integers::Counter;
  if (signalfd && std::strcmp(link, "anon_inode:[signalfd]") == 0) return Integers::Signalfd;
  if (inotify && std::strcmp(link, "anon_inode:inotify") == 0) return Integers::Inotify;
  return Integers::None;
}

HostOrder integers_in(const LinuxProcess& p, Integers kind, uint64_t addr, uint64_t len, HostOrder::Dir dir) {
  if (kind == Integers::Counter) return HostOrder(p, addr, {8}, 1, dir);
  if (kind == Integers::Signalfd)  // signo … int, ptr, utime, stime, addr, addr_lsb, pad, syscall, call_addr, arch
    return HostOrder(p, addr, {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 8, 8, 8, 8, 2, 2, 4, 8, 4}, len / 128, dir, len);
  return HostOrder(p, addr, {}, 0, dir);  // (nothing converted: ptr() is the guest's buffer)
}

int64_t sys_read(LinuxProcess& p, const uint64_t* a) {
  int64_t len = buffer_len(p, a[1], a[2], mem::kWrite);
  if (len < 0) return len;
  const Integers kind = integers_fd(p, static_cast<int>(a[0]), static_cast<uint64_t>(len));
  if (kind == Integers::None) return blocking(p, SYS_read, static_cast<int>(a[0]), gptr(a[1]), static_cast<size_t>(len));
  if (kind == Integers::Inotify) {
    const int64_t r = blocking(p, SYS_read, static_cast<int>(a[0]), gptr(a[1]), static_cast<size_t>(len));
    if (r > 0) swap_inotify_events(static_cast<uint8_t*>(gptr(a[1])), static_cast<uint64_t>(r));
    return r;
  }
  HostOrder values = integers_in(p, kind, a[1], static_cast<uint64_t>(len), HostOrder::Out);
  const int64_t r = blocking(p, SYS_read, static_cast<int>(a[0]), gptr(a[1]), static_cast<size_t>(len));
  return values.finish(r, kind == Integers::Signalfd && r > 0 ? static_cast<uint64_t>(r) / 128 : 1);
}

int64_t sys_write(LinuxProcess& p, const uint64_t* a) {
  int64_t len = buffer_len(p, a[1], a[2], mem::kRead);
  if (len < 0) return len;
  HostOrder values = integers_in(p, integers_fd(p, static_cast<int>(a[0]), static_cast<uint64_t>(len)), a[1],
                                 static_cast<uint64_t>(len), HostOrder::In);
  return values.finish(blocking(p, SYS_write, static_cast<int>(a[0]), values.ptr(), static_cast<size_t>(len)));
}

int64_t sys_pread64(LinuxProcess& p, const uint64_t* a) {
  int64_t len = buffer_len(p, a[1], a[2], mem::kWrite);
  if (len < 0) return len;
  return blocking(p, SYS_pread64, static_cast<int>(a[0]), gptr(a[1]), static_cast<size_t>(len), static_cast<off_t>(a[3]));
}

int64_t sys_pwrite64(LinuxProcess& p, const uint64_t* a) {
  int64_t len = buffer_len(p, a[1], a[2], mem::kRead);
  if (len < 0) return len;
  return blocking(p, SYS_pwrite64, static_cast<int>(a[0]), gptr(a[1]), static_cast<size_t>(len), static_cast<off_t>(a[3]));
}

int64_t sys_readv(LinuxProcess& p, const uint64_t* a) {
  if (a[2] > 1024) return -EINVAL;
  HostIov v(p, a[1], a[2], mem::kWrite);
  if (!v.ok()) return -EFAULT;
  int64_t r = blocking(p, SYS_readv, static_cast<int>(a[0]), v.data(), static_cast<int>(a[2]));
  if (r > 0) v.wrote(p, static_cast<uint64_t>(r));
  return r;
}

int64_t sys_writev(LinuxProcess& p, const uint64_t* a) {
  if (a[2] > 1024) return -EINVAL;
  HostIov v(p, a[1], a[2], mem::kRead);
  if (!v.ok()) return -EFAULT;
  return blocking(p, SYS_writev, static_cast<int>(a[0]), v.data(), static_cast<int>(a[2]));
}

// The four positioned vectored calls, as preadv2/pwritev2 with an offset and flags.
int64_t vectored(LinuxProcess& p, const uint64_t* a, bool read, uint64_t off, uint64_t flags) {
  if (a[2] > 1024) return -EINVAL;
  HostIov v(p, a[1], a[2], read ? mem::kWrite : mem::kRead);
  if (!v.ok()) return -EFAULT;
  int64_t r = blocking(p, read ? SYS_preadv2 : SYS_pwritev2, static_cast<int>(a[0]), v.data(), static_cast<int>(a[2]), off, 0, flags);
  if (read && r > 0) v.wrote(p, static_cast<uint64_t>(r));
  return r;
}

int64_t sys_preadv(LinuxProcess& p, const uint64_t* a) { return vectored(p, a, true, a[3], 0); }
int64_t sys_pwritev(LinuxProcess& p, const uint64_t* a) { return vectored(p, a, false, a[3], 0); }
int64_t sys_preadv2(LinuxProcess& p, const uint64_t* a) { return vectored(p, a, true, a[3], a[5]); }
int64_t sys_pwritev2(LinuxProcess& p, const uint64_t* a) { return vectored(p, a, false, a[3], a[5]); }

int64_t sys_lseek(LinuxProcess& p, const uint64_t* a) {
  const int fd = static_cast<int>(a[0]), whence = static_cast<int>(a[2]);
  if (p.abi.guest().word_size == 4) {  // (a directory's positions: dir_positions.h)
    const off_t r = ::lseek(fd, dir_offset_to_host(fd, static_cast<off_t>(a[1]), whence), whence);
    return r < 0 ? -errno : dir_position_to_guest(fd, r);
  }
  return host_result(::lseek(fd, static_cast<off_t>(a[1]), whence));
}

int64_t sys_sendfile(LinuxProcess& p, const uint64_t* a) {
  if (a[2] && !p.memory.accessible(a[2], sizeof(off_t), mem::kWrite)) return -EFAULT;
  HostOrder offset(p, a[2], {8}, 1, HostOrder::InOut);
  return offset.finish(blocking(p, SYS_sendfile, static_cast<int>(a[0]), static_cast<int>(a[1]), gptr(a[2]), a[3]));
}

// copy_file_range and splice (fd_in, off_in, fd_out, off_out, len, flags): the two offsets,
// optional loff_t (8 bytes) that the call reads and advances, in the guest's byte order;
// COPY_FILE_*/SPLICE_F_* flags are the same on every ISA. Waits for the files or the pipe.
int64_t with_two_offsets(LinuxProcess& p, long nr, const uint64_t* a) {
  if ((a[1] && !p.memory.accessible(a[1], 8, mem::kWrite)) || (a[3] && !p.memory.accessible(a[3], 8, mem::kWrite)))
    return -EFAULT;
  HostOrder in(p, a[1], {8}, 1, HostOrder::InOut), out(p, a[3], {8}, 1, HostOrder::InOut);
  return out.finish(in.finish(blocking(p, nr, static_cast<int>(a[0]), gptr(a[1]), static_cast<int>(a[2]), gptr(a[3]),
                                       static_cast<size_t>(a[4]), static_cast<unsigned>(a[5]))));
}
int64_t sys_copy_file_range(LinuxProcess& p, const uint64_t* a) { return with_two_offsets(p, SYS_copy_file_range, a); }
int64_t sys_splice(LinuxProcess& p, const uint64_t* a) { return with_two_offsets(p, SYS_splice, a); }

// tee(fd_in, fd_out, len, flags): between two pipes.
int64_t sys_tee(LinuxProcess& p, const uint64_t* a) {
  return blocking(p, SYS_tee, static_cast<int>(a[0]), static_cast<int>(a[1]), static_cast<size_t>(a[2]),
                  static_cast<unsigned>(a[3]));
}

// The advice by name (s390x numbers DONTNEED and NOREUSE its own way); a value with no name goes
// as it is, for the host to refuse.
int64_t sys_fadvise64(LinuxProcess& p, const uint64_t* a) {
  int advice = static_cast<int>(a[3]);
  for (const char* name : {"POSIX_FADV_NORMAL", "POSIX_FADV_RANDOM", "POSIX_FADV_SEQUENTIAL", "POSIX_FADV_WILLNEED",
                           "POSIX_FADV_DONTNEED", "POSIX_FADV_NOREUSE"})
    if (lookup(p.abi.guest().fcntl_cmds, name) == advice) {
      advice = static_cast<int>(lookup(p.abi.host().fcntl_cmds, name));
      break;
    }
  return host_result(::syscall(SYS_fadvise64, static_cast<int>(a[0]), static_cast<off_t>(a[1]),
                               static_cast<off_t>(a[2]), advice));
}

}  // namespace

std::vector<SyscallDef> io_syscalls() {
  return {
      {"read", sys_read, "d:fBu"},
      {"write", sys_write, "d:fbu"},
      {"pread64", sys_pread64, "d:fBud"},
      {"pwrite64", sys_pwrite64, "d:fbud"},
      {"readv", sys_readv, "d:fpu"},
      {"writev", sys_writev, "d:fpu"},
      {"preadv", sys_preadv, "d:fpud"},
      {"pwritev", sys_pwritev, "d:fpud"},
      {"preadv2", sys_preadv2, "d:fpudx"},
      {"pwritev2", sys_pwritev2, "d:fpudx"},
      {"lseek", sys_lseek, "d:fdd"},
      {"sendfile", sys_sendfile, "d:ffpu"},
      {"copy_file_range", sys_copy_file_range, "d:fpfpux"},
      {"splice", sys_splice, "d:fpfpux"},
      {"tee", sys_tee, "d:ffux"},
      {"fadvise64", sys_fadvise64, "d:fddd"},
  };
}

}  // namespace polyrun::linux_abi
