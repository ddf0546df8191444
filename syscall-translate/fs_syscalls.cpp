// Files and directories: open/close, stat family, directories, links, permissions, extended
// attributes, fcntl, ioctl.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "common/log.h"
#include "syscall-translate/dir_positions.h"
#include "syscall-translate/guest_access.h"
#include "syscall-translate/host_compat_entry.h"
#include "syscall-translate/proc_files.h"
#include "syscall-translate/strace.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

#define PATH_OR_EFAULT(var, addr)             \
  std::string var;                            \
  if (!host_path(p, (addr), var)) return -EFAULT

int dirfd_arg(uint64_t v) { return static_cast<int>(static_cast<int32_t>(v)); }

int64_t sys_openat(LinuxProcess& p, const uint64_t* a) {
  PATH_OR_EFAULT(path, a[1]);
  uint64_t flags = p.abi.open_flags_to_host(a[2]);
  if (int64_t r; proc_openat(p, dirfd_arg(a[0]), path, static_cast<int>(flags), r)) return r;
  // Opening a FIFO waits for the other end.
  return blocking(p, SYS_openat, dirfd_arg(a[0]), path.c_str(), flags, static_cast<mode_t>(a[3]));
}

// creat(path, mode) of the ISAs that keep it: openat with O_CREAT | O_WRONLY | O_TRUNC, in the
// guest's flag bits.
int64_t sys_creat(LinuxProcess& p, const uint64_t* a) {
  const pr_named_table& f = p.abi.guest().open_flags;
  const uint64_t flags = static_cast<uint64_t>(lookup(f, "O_CREAT", 0) | lookup(f, "O_WRONLY", 0) | lookup(f, "O_TRUNC", 0));
  const uint64_t b[6] = {static_cast<uint64_t>(static_cast<int64_t>(AT_FDCWD)), a[0], flags, a[1], 0, 0};
  return sys_openat(p, b);
}

// polyrun's own descriptor (the --strace stream) is not the guest's: closing it is EBADF, a range
// closes around it, and a dup3 onto its number moves it out of the way first.
bool own_fd(const LinuxProcess& p, int fd) { return p.strace && fd >= 0 && fd == p.strace->fd(); }

int64_t sys_close(LinuxProcess& p, const uint64_t* a) {
  int fd = static_cast<int>(a[0]);
  if (own_fd(p, fd)) return -EBADF;
  return host_result(::close(fd));
}

int64_t sys_close_range(LinuxProcess& p, const uint64_t* a) {
  unsigned lo = static_cast<unsigned>(a[0]), hi = static_cast<unsigned>(a[1]), flags = static_cast<unsigned>(a[2]);
  auto range = [&](unsigned from, unsigned to) { return host_result(::syscall(SYS_close_range, from, to, flags)); };
  if (lo > hi || !p.strace || p.strace->fd() < 0) return range(lo, hi);
  unsigned own = static_cast<unsigned>(p.strace->fd());
  if (own < lo || own > hi) return range(lo, hi);
  int64_t r = own > lo ? range(lo, own - 1) : 0;
  if (r == 0 && own < hi) r = range(own + 1, hi);
  return r;
}

// Host kernel structs are at most this large (checked against the tables at startup).
constexpr size_t kStructBuf = 512;

// fstat and fstatat in the guest's struct stat, or struct stat64 for the 32-bit ISAs' fstat64 and
// fstatat64 (which take the same arguments).
int64_t fstat_as(LinuxProcess& p, const uint64_t* a, const pr_layout& guest) {
  alignas(16) uint8_t buf[kStructBuf];
  if (::syscall(SYS_fstat, static_cast<int>(a[0]), buf) < 0) return -errno;
  return put_struct(p, p.abi.host().stat, buf, guest, a[1]);
}
int64_t sys_fstat(LinuxProcess& p, const uint64_t* a) { return fstat_as(p, a, p.abi.guest().stat); }
int64_t sys_fstat64(LinuxProcess& p, const uint64_t* a) { return fstat_as(p, a, p.abi.guest().stat64); }

// The path of a call that follows a final symbolic link unless `flags` has AT_SYMLINK_NOFOLLOW:
// /proc/self/exe is then the guest program.
#define FOLLOWED_PATH_OR_EFAULT(dirfd, path, addr, flags) \
  PATH_OR_EFAULT(path, addr);                            \
  int dirfd = dirfd_arg(a[0]);                           \
  if (!((flags) & AT_SYMLINK_NOFOLLOW)) proc_follow_exe(p, dirfd, path)

int64_t fstatat_as(LinuxProcess& p, const uint64_t* a, const pr_layout& guest) {
  alignas(16) uint8_t buf[kStructBuf];
  FOLLOWED_PATH_OR_EFAULT(dirfd, path, a[1], a[3]);
  if (::syscall(SYS_newfstatat, dirfd, path.c_str(), buf, static_cast<int>(a[3])) < 0) return -errno;
  return put_struct(p, p.abi.host().stat, buf, guest, a[2]);
}
int64_t sys_newfstatat(LinuxProcess& p, const uint64_t* a) { return fstatat_as(p, a, p.abi.guest().stat); }
int64_t sys_fstatat64(LinuxProcess& p, const uint64_t* a) { return fstatat_as(p, a, p.abi.guest().stat64); }
int64_t stat64_at(LinuxProcess& p, uint64_t path_addr, uint64_t dst, int flags) {
  const uint64_t a[4] = {static_cast<uint64_t>(static_cast<int64_t>(AT_FDCWD)), path_addr, dst, static_cast<uint64_t>(flags)};
  return sys_fstatat64(p, a);
}
int64_t sys_stat64(LinuxProcess& p, const uint64_t* a) { return stat64_at(p, a[0], a[1], 0); }
int64_t sys_lstat64(LinuxProcess& p, const uint64_t* a) { return stat64_at(p, a[0], a[1], AT_SYMLINK_NOFOLLOW); }

int64_t sys_statx(LinuxProcess& p, const uint64_t* a) {
  // struct statx has one layout on every ISA (its integers in the ISA's byte order): mask,
  // blksize, attributes, nlink, uid, gid, mode, spare, ino, size, blocks, attributes_mask, four
  // timestamps {sec, nsec, reserved}, rdev and dev major and minor, mnt_id, the two dio
  // alignments, twelve spare words.
  FOLLOWED_PATH_OR_EFAULT(dirfd, path, a[1], a[2]);
  if (!p.memory.accessible(a[4], 256, mem::kWrite)) return -EFAULT;
  HostOrder out(p, a[4],
                {4, 4, 8, 4, 4, 4, 2, 2, 8, 8, 8, 8, 8, 4, 4, 8, 4, 4, 8, 4, 4, 8, 4, 4, 4, 4, 4, 4, 8, 4, 4,
                 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8},
                1, HostOrder::Out);
  return out.finish(host_result(::syscall(SYS_statx, dirfd, path.c_str(), static_cast<int>(a[2]),
                                          static_cast<unsigned>(a[3]), gptr(a[4]))));
}

int64_t finish_statfs(LinuxProcess& p, long r, const void* host_buf, uint64_t dst) {
  if (r < 0) return -errno;
  return put_struct(p, p.abi.host().statfs, host_buf, p.abi.guest().statfs, dst);
}

int64_t sys_statfs(LinuxProcess& p, const uint64_t* a) {
  alignas(16) uint8_t buf[kStructBuf];
  PATH_OR_EFAULT(path, a[0]);
  return finish_statfs(p, ::syscall(SYS_statfs, path.c_str(), buf), buf, a[1]);
}

int64_t sys_fstatfs(LinuxProcess& p, const uint64_t* a) {
  alignas(16) uint8_t buf[kStructBuf];
  return finish_statfs(p, ::syscall(SYS_fstatfs, static_cast<int>(a[0]), buf), buf, a[1]);
}

// statfs64(path, size, buf) and fstatfs64(fd, size, buf): the size is the guest's struct statfs64's.
bool statfs64_size_ok(const LinuxProcess& p, uint64_t size) {
  return size == p.abi.guest().statfs64.size || (size && size == p.isa.statfs64_size_alias);
}
int64_t sys_statfs64(LinuxProcess& p, const uint64_t* a) {
  if (!statfs64_size_ok(p, a[1])) return -EINVAL;
  alignas(16) uint8_t buf[kStructBuf];
  PATH_OR_EFAULT(path, a[0]);
  long r = ::syscall(SYS_statfs, path.c_str(), buf);
  return r < 0 ? -errno : put_struct(p, p.abi.host().statfs, buf, p.abi.guest().statfs64, a[2]);
}
int64_t sys_fstatfs64(LinuxProcess& p, const uint64_t* a) {
  if (!statfs64_size_ok(p, a[1])) return -EINVAL;
  alignas(16) uint8_t buf[kStructBuf];
  long r = ::syscall(SYS_fstatfs, static_cast<int>(a[0]), buf);
  return r < 0 ? -errno : put_struct(p, p.abi.host().statfs, buf, p.abi.guest().statfs64, a[2]);
}

int64_t sys_getdents64(LinuxProcess& p, const uint64_t* a) {
  // struct linux_dirent64 has one layout on every ISA. A 32-bit guest's call goes through the
  // host's 32-bit entry where it has one, so that d_off is what Linux gives a 32-bit task
  // (host_compat_entry.h).
  uint64_t len = p.memory.accessible_prefix(a[1], a[2], mem::kWrite);
  if (len == 0 && a[2] != 0) return -EFAULT;
  if (p.abi.guest().word_size == 4 && host_has_compat_entry())
    return compat_entry_syscall("getdents64", static_cast<uint32_t>(a[0]), static_cast<uint32_t>(a[1]),
                                static_cast<uint32_t>(std::min<uint64_t>(len, UINT32_MAX)));
  const int64_t r = host_result(::syscall(SYS_getdents64, static_cast<int>(a[0]), gptr(a[1]), len));
  if (r > 0 && p.abi.guest().word_size == 4) dir_positions_to_guest32(static_cast<int>(a[0]), gptr<uint8_t>(a[1]), r);
  // Each record's d_ino, d_off and d_reclen in the guest's byte order (the name and d_type are
  // bytes).
  for (uint64_t at = a[1]; r > 0 && at < a[1] + static_cast<uint64_t>(r);) {
    uint16_t reclen;  // (d_reclen after the two 64-bit fields, in the host's order still)
    std::memcpy(&reclen, gptr<const uint8_t>(at + 16), sizeof reclen);
    HostOrder(p, at, {8, 8, 2}, 1, HostOrder::Out).finish(0);
    if (reclen == 0) break;
    at += reclen;
  }
  return r;
}

int64_t sys_mkdirat(LinuxProcess& p, const uint64_t* a) {
  PATH_OR_EFAULT(path, a[1]);
  return host_result(::mkdirat(dirfd_arg(a[0]), path.c_str(), static_cast<mode_t>(a[2])));
}

int64_t sys_mknodat(LinuxProcess& p, const uint64_t* a) {
  PATH_OR_EFAULT(path, a[1]);
  return host_result(::mknodat(dirfd_arg(a[0]), path.c_str(), static_cast<mode_t>(a[2]), static_cast<dev_t>(a[3])));
}

int64_t sys_unlinkat(LinuxProcess& p, const uint64_t* a) {
  PATH_OR_EFAULT(path, a[1]);
  return host_result(::unlinkat(dirfd_arg(a[0]), path.c_str(), static_cast<int>(a[2])));
}

int64_t sys_renameat2(LinuxProcess& p, const uint64_t* a) {
  PATH_OR_EFAULT(from, a[1]);
  PATH_OR_EFAULT(to, a[3]);
  return host_result(::syscall(SYS_renameat2, dirfd_arg(a[0]), from.c_str(), dirfd_arg(a[2]), to.c_str(),
                               static_cast<unsigned>(a[4])));
}

int64_t sys_renameat(LinuxProcess& p, const uint64_t* a) {
  uint64_t b[6] = {a[0], a[1], a[2], a[3], 0, 0};
  return sys_renameat2(p, b);
}

int64_t sys_linkat(LinuxProcess& p, const uint64_t* a) {
  PATH_OR_EFAULT(from, a[1]);
  PATH_OR_EFAULT(to, a[3]);
  return host_result(::linkat(dirfd_arg(a[0]), from.c_str(), dirfd_arg(a[2]), to.c_str(), static_cast<int>(a[4])));
}

int64_t sys_symlinkat(LinuxProcess& p, const uint64_t* a) {
  if (!guest_string_ok(p, a[0])) return -EFAULT;
  PATH_OR_EFAULT(to, a[2]);
  return host_result(::symlinkat(gptr<const char>(a[0]), dirfd_arg(a[1]), to.c_str()));
}

int64_t sys_faccessat2(LinuxProcess& p, const uint64_t* a) {
  FOLLOWED_PATH_OR_EFAULT(dirfd, path, a[1], a[3]);
  return host_result(::syscall(SYS_faccessat2, dirfd, path.c_str(), static_cast<int>(a[2]), static_cast<int>(a[3])));
}

int64_t sys_faccessat(LinuxProcess& p, const uint64_t* a) {
  FOLLOWED_PATH_OR_EFAULT(dirfd, path, a[1], 0);
  return host_result(::syscall(SYS_faccessat, dirfd, path.c_str(), static_cast<int>(a[2])));
}

int64_t sys_readlinkat(LinuxProcess& p, const uint64_t* a) {
  if (static_cast<int>(a[3]) <= 0) return -EINVAL;
  PATH_OR_EFAULT(path, a[1]);
  uint64_t len = p.memory.accessible_prefix(a[2], a[3], mem::kWrite);
  if (len == 0) return -EFAULT;
  if (std::string target; proc_readlink(p, dirfd_arg(a[0]), path, target)) {
    size_t n = std::min<size_t>(len, target.size());
    std::memcpy(gptr(a[2]), target.data(), n);
    return static_cast<int64_t>(n);
  }
  return host_result(::readlinkat(dirfd_arg(a[0]), path.c_str(), gptr<char>(a[2]), len));
}

int64_t sys_fchmodat(LinuxProcess& p, const uint64_t* a) {
  FOLLOWED_PATH_OR_EFAULT(dirfd, path, a[1], 0);
  return host_result(::syscall(SYS_fchmodat, dirfd, path.c_str(), static_cast<mode_t>(a[2])));
}

int64_t sys_fchownat(LinuxProcess& p, const uint64_t* a) {
  FOLLOWED_PATH_OR_EFAULT(dirfd, path, a[1], a[4]);
  return host_result(::fchownat(dirfd, path.c_str(), static_cast<uid_t>(a[2]), static_cast<gid_t>(a[3]),
                                static_cast<int>(a[4])));
}

int64_t sys_fchmod(LinuxProcess&, const uint64_t* a) {
  return host_result(::fchmod(static_cast<int>(a[0]), static_cast<mode_t>(a[1])));
}

int64_t sys_fchown(LinuxProcess&, const uint64_t* a) {
  return host_result(::fchown(static_cast<int>(a[0]), static_cast<uid_t>(a[1]), static_cast<gid_t>(a[2])));
}

// `ts`: the guest's timespec (time32 for utimensat on 32-bit ISAs, 64-bit for utimensat_time64);
// a NULL path means the fd itself.
int64_t utimensat_as(LinuxProcess& p, const uint64_t* a, const pr_layout& ts) {
  std::string path;
  int dirfd = dirfd_arg(a[0]);
  if (a[1] && !host_path(p, a[1], path)) return -EFAULT;
  if (a[1] && !(a[3] & AT_SYMLINK_NOFOLLOW)) proc_follow_exe(p, dirfd, path);
  struct timespec times[2];
  if (a[2]) {
    if (int64_t e = get_struct(p, ts, a[2], p.abi.host().timespec, &times[0])) return e;
    if (int64_t e = get_struct(p, ts, a[2] + ts.size, p.abi.host().timespec, &times[1])) return e;
  }
  return host_result(::syscall(SYS_utimensat, dirfd, a[1] ? path.c_str() : nullptr, a[2] ? times : nullptr,
                               static_cast<int>(a[3])));
}
int64_t sys_utimensat(LinuxProcess& p, const uint64_t* a) { return utimensat_as(p, a, p.abi.guest().timespec); }
int64_t sys_utimensat_time64(LinuxProcess& p, const uint64_t* a) {
  return utimensat_as(p, a, p.abi.time64_timespec());
}

int64_t sys_getcwd(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[0], a[1], mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_getcwd, gptr<char>(a[0]), a[1]));
}

int64_t sys_chdir(LinuxProcess& p, const uint64_t* a) {
  PATH_OR_EFAULT(path, a[0]);
  return host_result(::chdir(path.c_str()));
}

int64_t sys_fchdir(LinuxProcess&, const uint64_t* a) { return host_result(::fchdir(static_cast<int>(a[0]))); }
// The host's chroot (the guest runs as the host user: EPERM without CAP_SYS_CHROOT, as on Linux).
// Absolute paths then name the new root's files: none is looked up under a guest root any more,
// here or in the foreign programs this one executes ("-L /": no guest root, not even the default).
int64_t sys_chroot(LinuxProcess& p, const uint64_t* a) {
  PATH_OR_EFAULT(path, a[0]);
  int64_t r = host_result(::chroot(path.c_str()));
  if (r == 0) {
    p.guest_root.clear();
    auto& prefix = p.reexec_prefix;
    auto l = std::find(prefix.begin() + 1, prefix.end(), "-L");
    if (l != prefix.end() && l + 1 != prefix.end()) (l + 1)->assign(1, '/');
    else prefix.insert(prefix.begin() + 1, {"-L", "/"});
  }
  return r;
}
int64_t sys_umask(LinuxProcess&, const uint64_t* a) { return ::umask(static_cast<mode_t>(a[0] & 0777)); }
int64_t sys_ftruncate(LinuxProcess&, const uint64_t* a) {
  return host_result(::ftruncate(static_cast<int>(a[0]), static_cast<off_t>(a[1])));
}
int64_t sys_truncate(LinuxProcess& p, const uint64_t* a) {
  PATH_OR_EFAULT(path, a[0]);
  return host_result(::truncate(path.c_str(), static_cast<off_t>(a[1])));
}
// Waits for the disk: other threads run meanwhile.
int64_t sys_fsync(LinuxProcess& p, const uint64_t* a) { return blocking(p, SYS_fsync, static_cast<int>(a[0])); }
int64_t sys_fdatasync(LinuxProcess& p, const uint64_t* a) { return blocking(p, SYS_fdatasync, static_cast<int>(a[0])); }
int64_t sys_sync(LinuxProcess& p, const uint64_t*) { return blocking(p, SYS_sync); }
int64_t sys_sync_file_range(LinuxProcess& p, const uint64_t* a) {
  return blocking(p, SYS_sync_file_range, static_cast<int>(a[0]), static_cast<off_t>(a[1]), static_cast<off_t>(a[2]),
                  static_cast<unsigned>(a[3]));
}
int64_t sys_fallocate(LinuxProcess&, const uint64_t* a) {
  return host_result(::fallocate(static_cast<int>(a[0]), static_cast<int>(a[1]), static_cast<off_t>(a[2]), static_cast<off_t>(a[3])));
}
int64_t sys_flock(LinuxProcess& p, const uint64_t* a) {
  return blocking(p, SYS_flock, static_cast<int>(a[0]), static_cast<int>(a[1]));
}

int64_t sys_dup(LinuxProcess& p, const uint64_t* a) {
  if (own_fd(p, static_cast<int>(a[0]))) return -EBADF;
  return host_result(::dup(static_cast<int>(a[0])));
}

int64_t sys_dup3(LinuxProcess& p, const uint64_t* a) {
  if (own_fd(p, static_cast<int>(a[0]))) return -EBADF;
  if (own_fd(p, static_cast<int>(a[1]))) p.strace->move_fd();
  return host_result(::dup3(static_cast<int>(a[0]), static_cast<int>(a[1]),
                            static_cast<int>(p.abi.open_flags_to_host(a[2]))));
}

// dup2(old, new) of the ISAs that keep it: dup3 without flags, but the same descriptor twice is
// that descriptor if open.
int64_t sys_dup2(LinuxProcess& p, const uint64_t* a) {
  const int from = static_cast<int>(a[0]);
  if (from == static_cast<int>(a[1])) return own_fd(p, from) || ::fcntl(from, F_GETFD) < 0 ? -EBADF : from;
  const uint64_t b[6] = {a[0], a[1], 0, 0, 0, 0};
  return sys_dup3(p, b);
}

int64_t sys_pipe2(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[0], 2 * sizeof(int), mem::kWrite)) return -EFAULT;
  HostOrder fds(p, a[0], {4}, 2, HostOrder::Out);
  return fds.finish(host_result(::pipe2(gptr<int>(a[0]), static_cast<int>(p.abi.open_flags_to_host(a[1])))));
}

// A lock command with its struct in the guest's `layout` (flock, or flock64 for fcntl64's).
int64_t fcntl_lock(LinuxProcess& p, int fd, int cmd, uint64_t arg, const pr_layout& layout) {
  alignas(16) uint8_t buf[kStructBuf];
  if (int64_t e = get_struct(p, layout, arg, p.abi.host().flock, buf)) return e;
  // F_SETLKW and F_OFD_SETLKW wait for the lock.
  int64_t r = cmd == F_SETLKW || cmd == F_OFD_SETLKW ? blocking(p, SYS_fcntl, fd, cmd, buf)
                                                     : host_result(::syscall(SYS_fcntl, fd, cmd, buf));
  if (r < 0) return r;
  if (cmd == F_GETLK || cmd == F_OFD_GETLK)
    if (int64_t e = put_struct(p, p.abi.host().flock, buf, layout, arg)) return e;
  return r;
}

int64_t sys_fcntl(LinuxProcess& p, const uint64_t* a);

// 32-bit ISAs: fcntl with the large-file lock commands, whose struct is flock64 (so are the OFD
// locks' here).
int64_t sys_fcntl64(LinuxProcess& p, const uint64_t* a) {
  const pr_named_table& f = p.abi.guest().fcntl_cmds;
  const long long cmd = static_cast<int>(a[1]);
  const int fd = static_cast<int>(a[0]);
  if (cmd == lookup(f, "F_GETLK64")) return fcntl_lock(p, fd, F_GETLK, a[2], p.abi.guest().flock64);
  if (cmd == lookup(f, "F_SETLK64")) return fcntl_lock(p, fd, F_SETLK, a[2], p.abi.guest().flock64);
  if (cmd == lookup(f, "F_SETLKW64")) return fcntl_lock(p, fd, F_SETLKW, a[2], p.abi.guest().flock64);
  if (cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW)
    return fcntl_lock(p, fd, static_cast<int>(cmd), a[2], p.abi.guest().flock64);
  return sys_fcntl(p, a);
}

int64_t sys_fcntl(LinuxProcess& p, const uint64_t* a) {
  int fd = static_cast<int>(a[0]);
  int cmd = static_cast<int>(a[1]);
  switch (cmd) {
    case F_GETFL: {
      long r = ::fcntl(fd, F_GETFL);
      return r < 0 ? -errno : static_cast<int64_t>(p.abi.open_flags_to_guest(static_cast<uint64_t>(r)));
    }
    case F_SETFL:
      return host_result(::fcntl(fd, F_SETFL, static_cast<int>(p.abi.open_flags_to_host(a[2]))));
    case F_GETLK: case F_SETLK: case F_SETLKW: case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
      return fcntl_lock(p, fd, cmd, a[2], p.abi.guest().flock);
    case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD: case F_SETFD: case F_GETOWN: case F_SETOWN:
    case F_GETPIPE_SZ: case F_SETPIPE_SZ: case F_GETLEASE: case F_SETLEASE: case F_NOTIFY:
    case F_ADD_SEALS: case F_GET_SEALS:
      return host_result(::syscall(SYS_fcntl, fd, cmd, a[2]));
    default: {
      report_unsupported_once("fcntl command", static_cast<uint64_t>(cmd), "EINVAL");
      return -EINVAL;
    }
  }
}

unsigned long host_ioctl(const char* name) {
  return static_cast<unsigned long>(lookup(pr_kernel_abi_host.ioctls, name, 0));
}

// A request whose argument is an int (or pid_t, unsigned) the kernel reads or writes.
int64_t ioctl_int(LinuxProcess& p, int fd, unsigned long req, uint64_t arg, uint32_t prot) {
  if (!p.memory.accessible(arg, sizeof(int), prot)) return -EFAULT;
  HostOrder value(p, arg, {4}, 1, prot == mem::kWrite ? HostOrder::Out : HostOrder::In);
  return value.finish(host_result(::ioctl(fd, req, value.ptr())));
}

// The kernel's struct termios, converted through the generated layouts (asm-generic termbits:
// one layout on aarch64 and x86-64, and the same flag values, which kernel_abi_test checks).
// struct termios2 likewise (TCGETS2 and friends: glibc 2.42 and later ask for it).
int64_t ioctl_termios(LinuxProcess& p, int fd, unsigned long req, uint64_t arg, bool get,
                      pr_layout pr_kernel_abi::*which = &pr_kernel_abi::termios) {
  alignas(16) uint8_t buf[kStructBuf];
  const pr_layout& g = p.abi.guest().*which;
  const pr_layout& h = p.abi.host().*which;
  if (get) {
    if (::ioctl(fd, req, buf) < 0) return -errno;
    return put_struct(p, h, buf, g, arg);
  }
  if (int64_t e = get_struct(p, g, arg, h, buf)) return e;
  return host_result(::ioctl(fd, req, buf));
}

// Extended attributes. The first argument is a path (followed or not: the host call decides) or a
// descriptor; names, values and the XATTR_CREATE/XATTR_REPLACE flags are the same on every ISA.
// A value or list buffer must be wholly accessible (a size of 0 asks for the length alone).
struct XattrTarget {
  std::string path;
  long arg = 0;  // the host call's first argument
};

bool xattr_target(LinuxProcess& p, uint64_t guest_arg, bool by_path, XattrTarget& t) {
  if (!by_path) {
    t.arg = static_cast<int>(guest_arg);
    return true;
  }
  if (!host_path(p, guest_arg, t.path)) return false;
  t.arg = reinterpret_cast<long>(t.path.c_str());
  return true;
}

int64_t get_xattr(LinuxProcess& p, const uint64_t* a, long nr, bool by_path) {
  XattrTarget t;
  if (!xattr_target(p, a[0], by_path, t) || !guest_string_ok(p, a[1])) return -EFAULT;
  if (a[3] && !p.memory.accessible(a[2], a[3], mem::kWrite)) return -EFAULT;
  return host_result(::syscall(nr, t.arg, gptr(a[1]), gptr(a[2]), a[3]));
}

int64_t set_xattr(LinuxProcess& p, const uint64_t* a, long nr, bool by_path) {
  XattrTarget t;
  if (!xattr_target(p, a[0], by_path, t) || !guest_string_ok(p, a[1])) return -EFAULT;
  if (a[3] && !p.memory.accessible(a[2], a[3], mem::kRead)) return -EFAULT;
  return host_result(::syscall(nr, t.arg, gptr(a[1]), gptr(a[2]), a[3], static_cast<int>(a[4])));
}

int64_t list_xattr(LinuxProcess& p, const uint64_t* a, long nr, bool by_path) {
  XattrTarget t;
  if (!xattr_target(p, a[0], by_path, t)) return -EFAULT;
  if (a[2] && !p.memory.accessible(a[1], a[2], mem::kWrite)) return -EFAULT;
  return host_result(::syscall(nr, t.arg, gptr(a[1]), a[2]));
}

int64_t remove_xattr(LinuxProcess& p, const uint64_t* a, long nr, bool by_path) {
  XattrTarget t;
  if (!xattr_target(p, a[0], by_path, t) || !guest_string_ok(p, a[1])) return -EFAULT;
  return host_result(::syscall(nr, t.arg, gptr(a[1])));
}

int64_t sys_getxattr(LinuxProcess& p, const uint64_t* a) { return get_xattr(p, a, SYS_getxattr, true); }
int64_t sys_lgetxattr(LinuxProcess& p, const uint64_t* a) { return get_xattr(p, a, SYS_lgetxattr, true); }
int64_t sys_fgetxattr(LinuxProcess& p, const uint64_t* a) { return get_xattr(p, a, SYS_fgetxattr, false); }
int64_t sys_setxattr(LinuxProcess& p, const uint64_t* a) { return set_xattr(p, a, SYS_setxattr, true); }
int64_t sys_lsetxattr(LinuxProcess& p, const uint64_t* a) { return set_xattr(p, a, SYS_lsetxattr, true); }
int64_t sys_fsetxattr(LinuxProcess& p, const uint64_t* a) { return set_xattr(p, a, SYS_fsetxattr, false); }
int64_t sys_listxattr(LinuxProcess& p, const uint64_t* a) { return list_xattr(p, a, SYS_listxattr, true); }
int64_t sys_llistxattr(LinuxProcess& p, const uint64_t* a) { return list_xattr(p, a, SYS_llistxattr, true); }
int64_t sys_flistxattr(LinuxProcess& p, const uint64_t* a) { return list_xattr(p, a, SYS_flistxattr, false); }
int64_t sys_removexattr(LinuxProcess& p, const uint64_t* a) { return remove_xattr(p, a, SYS_removexattr, true); }
int64_t sys_lremovexattr(LinuxProcess& p, const uint64_t* a) { return remove_xattr(p, a, SYS_lremovexattr, true); }
int64_t sys_fremovexattr(LinuxProcess& p, const uint64_t* a) { return remove_xattr(p, a, SYS_fremovexattr, false); }

// Landlock, the unprivileged file-access sandbox (xz, for one, confines itself with it): handed to
// the host kernel, whose rules then bind polyrun's accesses for the guest as they would bind the
// program's own. Rules name directories by descriptor, opened through polyrun's paths already;
// the attribute structures are fixed-width and packed, one layout everywhere.
// Sanitizer builds say Landlock is off (EOPNOTSUPP, as a kernel booted without it): a sandbox
// would keep the leak checker from reading /proc at exit, which fails the run.
int64_t sys_landlock_create_ruleset(LinuxProcess& p, const uint64_t* a) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  (void)p, (void)a;
  return -EOPNOTSUPP;
#else
  if (a[0] && (a[1] > 4096 || !p.memory.accessible(a[0], a[1], mem::kRead))) return -EFAULT;
  HostOrder attr(p, a[0], {8}, a[1] / 8, HostOrder::In, a[1]);  // handled_access_fs, handled_access_net
  return attr.finish(host_result(::syscall(SYS_landlock_create_ruleset, attr.ptr(), a[1], static_cast<uint32_t>(a[2]))));
#endif
}
int64_t sys_landlock_add_rule(LinuxProcess& p, const uint64_t* a) {
  // LANDLOCK_RULE_PATH_BENEATH: {u64 allowed_access; s32 parent_fd} packed (12 bytes);
  // LANDLOCK_RULE_NET_PORT: {u64 allowed_access; u64 port} (16).
  const uint64_t size = a[1] == 2 ? 16 : 12;
  if (!p.memory.accessible(a[2], size, mem::kRead)) return -EFAULT;
  HostOrder rule(p, a[2], {8, static_cast<uint8_t>(size - 8)}, 1, HostOrder::In);
  return rule.finish(host_result(::syscall(SYS_landlock_add_rule, static_cast<int>(a[0]), static_cast<int>(a[1]), rule.ptr(), static_cast<uint32_t>(a[3]))));
}
int64_t sys_landlock_restrict_self(LinuxProcess&, const uint64_t* a) {
  return host_result(::syscall(SYS_landlock_restrict_self, static_cast<int>(a[0]), static_cast<uint32_t>(a[1])));
}

int64_t sys_ioctl(LinuxProcess& p, const uint64_t* a) {
  int fd = static_cast<int>(a[0]);
  // Requests are matched by name between the guest's and the host's headers; struct winsize and
  // the int arguments have one layout everywhere.
  unsigned long req = p.abi.ioctl_to_host(static_cast<uint32_t>(a[1]));
  // The termios2 requests, by the host's values (its headers spell them with a struct that
  // <termios.h> cannot be included beside).
  static const unsigned long tcgets2 = host_ioctl("TCGETS2"), tcsets2 = host_ioctl("TCSETS2"),
                             tcsetsw2 = host_ioctl("TCSETSW2"), tcsetsf2 = host_ioctl("TCSETSF2");
  if (req && req == tcgets2) return ioctl_termios(p, fd, req, a[2], true, &pr_kernel_abi::termios2);
  if (req && (req == tcsets2 || req == tcsetsw2 || req == tcsetsf2))
    return ioctl_termios(p, fd, req, a[2], false, &pr_kernel_abi::termios2);
  switch (req) {
    case TCGETS: case TIOCGLCKTRMIOS:
      return ioctl_termios(p, fd, req, a[2], true);
    case TCSETS: case TCSETSW: case TCSETSF: case TIOCSLCKTRMIOS:
      return ioctl_termios(p, fd, req, a[2], false);
    case TIOCGWINSZ: case TIOCSWINSZ: {
      if (!p.memory.accessible(a[2], sizeof(struct winsize), req == TIOCGWINSZ ? mem::kWrite : mem::kRead)) return -EFAULT;
      HostOrder ws(p, a[2], {2, 2, 2, 2}, 1, req == TIOCGWINSZ ? HostOrder::Out : HostOrder::In);
      return ws.finish(host_result(::ioctl(fd, req, ws.ptr())));
    }
    // Results: an int, pid_t or unsigned the kernel writes.
    case TIOCGPGRP: case FIONREAD: case TIOCOUTQ: case TIOCGSID: case TIOCGPTN: case TIOCGPTLCK: case TIOCGPKT:
    case TIOCGETD: case TIOCMGET: case TIOCGEXCL: case TIOCGSOFTCAR: case TIOCGDEV:
      return ioctl_int(p, fd, req, a[2], mem::kWrite);
    // Arguments: an int the kernel reads.
    case TIOCSPGRP: case FIONBIO: case FIOASYNC: case TIOCSPTLCK: case TIOCPKT: case TIOCSETD: case TIOCMSET:
    case TIOCMBIS: case TIOCMBIC: case TIOCSSOFTCAR:
      return ioctl_int(p, fd, req, a[2], mem::kRead);
    case TIOCSTI: {
      if (!p.memory.accessible(a[2], 1, mem::kRead)) return -EFAULT;
      return host_result(::ioctl(fd, req, gptr(a[2])));
    }
    // The argument is a value, not a pointer.
    case FIOCLEX: case FIONCLEX: case TIOCSCTTY: case TIOCNOTTY: case TCSBRK: case TCSBRKP: case TCXONC: case TCFLSH:
    case TIOCEXCL: case TIOCNXCL: case TIOCSBRK: case TIOCCBRK: case TIOCCONS: case TIOCVHANGUP:
      return host_result(::ioctl(fd, req, a[2]));
    case TIOCGPTPEER:  // opens the pseudo-terminal's other end with these open flags
      return host_result(::ioctl(fd, req, p.abi.open_flags_to_host(static_cast<uint32_t>(a[2]))));
    case TIOCSIG: {  // sends a signal to the terminal's foreground group
      uint64_t sig = static_cast<uint32_t>(a[2]);
      if (sig >= 1 && sig <= 64) {
        uint64_t host_set = p.abi.sigset_to_host(1ull << (sig - 1));
        if (host_set) sig = static_cast<uint64_t>(__builtin_ctzll(host_set)) + 1;
      }
      return host_result(::ioctl(fd, req, sig));
    }
    // Reflinks (cp tries one first): the source descriptor, or a struct file_clone_range, whose
    // layout (s64 and three u64) is the same everywhere.
    case FICLONE:
      return host_result(::ioctl(fd, req, static_cast<int>(a[2])));
    case FICLONERANGE: {
      if (!p.memory.accessible(a[2], sizeof(struct file_clone_range), mem::kRead)) return -EFAULT;
      HostOrder range(p, a[2], {8, 8, 8, 8}, 1, HostOrder::In);
      return range.finish(host_result(::ioctl(fd, req, range.ptr())));
    }
    default: {
      report_unsupported_once("ioctl request", a[1], "ENOSYS", true);
      return -ENOSYS;
    }
  }
}

}  // namespace

std::vector<SyscallDef> fs_syscalls() {
  return {
      {"openat", sys_openat, "d:fsOo"},
      {"creat", sys_creat, "d:so"},
      {"close", sys_close, "d:f"},
      {"close_range", sys_close_range, "d:uux"},
      {"fstat", sys_fstat, "d:fp"},
      {"fstat64", sys_fstat64, "d:fp"},
      {"fstatat64", sys_fstatat64, "d:fspx"},
      {"stat64", sys_stat64, "d:sp"},
      {"lstat64", sys_lstat64, "d:sp"},
      {"newfstatat", sys_newfstatat, "d:fspx"},
      {"statx", sys_statx, "d:fsxxp"},
      {"statfs", sys_statfs, "d:sp"},
      {"fstatfs", sys_fstatfs, "d:fp"},
      {"statfs64", sys_statfs64, "d:sup"},
      {"fstatfs64", sys_fstatfs64, "d:fup"},
      {"getdents64", sys_getdents64, "d:fpu"},
      {"mkdirat", sys_mkdirat, "d:fso"},
      {"mknodat", sys_mknodat, "d:fsox"},
      {"unlinkat", sys_unlinkat, "d:fsx"},
      {"renameat", sys_renameat, "d:fsfs"},
      {"renameat2", sys_renameat2, "d:fsfsx"},
      {"linkat", sys_linkat, "d:fsfsx"},
      {"symlinkat", sys_symlinkat, "d:sfs"},
      {"faccessat", sys_faccessat, "d:fso"},
      {"faccessat2", sys_faccessat2, "d:fsox"},
      {"readlinkat", sys_readlinkat, "d:fsBu"},
      {"fchmodat", sys_fchmodat, "d:fso"},
      {"fchownat", sys_fchownat, "d:fsddx"},
      {"fchmod", sys_fchmod, "d:fo"},
      {"fchown", sys_fchown, "d:fdd"},
      {"utimensat", sys_utimensat, "d:fspx"},
      {"utimensat_time64", sys_utimensat_time64, "d:fspx"},
      {"getcwd", sys_getcwd, "d:pu"},
      {"chdir", sys_chdir, "d:s"},
      {"fchdir", sys_fchdir, "d:f"},
      {"chroot", sys_chroot, "d:s"},
      {"umask", sys_umask, "o:o"},
      {"ftruncate", sys_ftruncate, "d:fd"},
      {"truncate", sys_truncate, "d:sd"},
      {"fsync", sys_fsync, "d:f"},
      {"fdatasync", sys_fdatasync, "d:f"},
      {"sync", sys_sync, "d:"},
      {"sync_file_range", sys_sync_file_range, "d:fddx"},
      {"fallocate", sys_fallocate, "d:fxdd"},
      {"flock", sys_flock, "d:fx"},
      {"dup", sys_dup, "d:f"},
      {"dup3", sys_dup3, "d:ffO"},
      {"dup2", sys_dup2, "d:ff"},
      {"pipe2", sys_pipe2, "d:pO"},
      {"fcntl", sys_fcntl, "d:fdx"},
      {"fcntl64", sys_fcntl64, "d:fdx"},
      {"ioctl", sys_ioctl, "d:fxp"},
      {"getxattr", sys_getxattr, "d:ssBu"},
      {"lgetxattr", sys_lgetxattr, "d:ssBu"},
      {"fgetxattr", sys_fgetxattr, "d:fsBu"},
      {"setxattr", sys_setxattr, "d:ssbux"},
      {"lsetxattr", sys_lsetxattr, "d:ssbux"},
      {"fsetxattr", sys_fsetxattr, "d:fsbux"},
      {"listxattr", sys_listxattr, "d:sBu"},
      {"llistxattr", sys_llistxattr, "d:sBu"},
      {"flistxattr", sys_flistxattr, "d:fBu"},
      {"removexattr", sys_removexattr, "d:ss"},
      {"lremovexattr", sys_lremovexattr, "d:ss"},
      {"fremovexattr", sys_fremovexattr, "d:fs"},
      {"landlock_create_ruleset", sys_landlock_create_ruleset, "d:pux"},
      {"landlock_add_rule", sys_landlock_add_rule, "d:fdpx"},
      {"landlock_restrict_self", sys_landlock_restrict_self, "d:fx"},
  };
}

}  // namespace polyrun::linux_abi
