// Reading and writing: read/write, vectored and positioned I/O, lseek, sendfile.
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

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

int64_t sys_read(LinuxProcess& p, const uint64_t* a) {
  int64_t len = buffer_len(p, a[1], a[2], mem::kWrite);
  if (len < 0) return len;
  return blocking(p, SYS_read, static_cast<int>(a[0]), gptr(a[1]), static_cast<size_t>(len));
}

int64_t sys_write(LinuxProcess& p, const uint64_t* a) {
  int64_t len = buffer_len(p, a[1], a[2], mem::kRead);
  if (len < 0) return len;
  return blocking(p, SYS_write, static_cast<int>(a[0]), gptr(a[1]), static_cast<size_t>(len));
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

int64_t sys_lseek(LinuxProcess&, const uint64_t* a) {
  return host_result(::lseek(static_cast<int>(a[0]), static_cast<off_t>(a[1]), static_cast<int>(a[2])));
}

int64_t sys_sendfile(LinuxProcess& p, const uint64_t* a) {
  if (a[2] && !p.memory.accessible(a[2], sizeof(off_t), mem::kWrite)) return -EFAULT;
  return blocking(p, SYS_sendfile, static_cast<int>(a[0]), static_cast<int>(a[1]), gptr(a[2]), a[3]);
}

int64_t sys_copy_file_range(LinuxProcess& p, const uint64_t* a) {
  if ((a[1] && !p.memory.accessible(a[1], 8, mem::kWrite)) || (a[3] && !p.memory.accessible(a[3], 8, mem::kWrite)))
    return -EFAULT;
  return blocking(p, SYS_copy_file_range, static_cast<int>(a[0]), gptr(a[1]), static_cast<int>(a[2]), gptr(a[3]), a[4], static_cast<unsigned>(a[5]));
}

// The advice values are the generic ones on both sides (only s390x has its own).
int64_t sys_fadvise64(LinuxProcess&, const uint64_t* a) {
  return host_result(::syscall(SYS_fadvise64, static_cast<int>(a[0]), static_cast<off_t>(a[1]),
                               static_cast<off_t>(a[2]), static_cast<int>(a[3])));
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
      {"fadvise64", sys_fadvise64, "d:fddd"},
  };
}

}  // namespace polyrun::linux_abi
