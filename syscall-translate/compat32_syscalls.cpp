// The calls of 32-bit ISAs that the families implement under another name or with their 64-bit
// arguments in register pairs (the shapes of syscall_table.h), and those only 32-bit ISAs have.
// The families themselves take the 32-bit struct layouts from the ISA's kernel ABI table.
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "syscall-translate/dir_positions.h"
#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

std::vector<CompatAlias> compat32_aliases() {
  return {
      // Offsets and lengths: 64-bit values in register pairs, or 32-bit signed ones.
      {"lseek", "lseek", "wsw"},
      {"pread64", "pread64", "wwwL"},
      {"pwrite64", "pwrite64", "wwwL"},
      {"preadv", "preadv", "wwwP"},
      {"pwritev", "pwritev", "wwwP"},
      {"preadv2", "preadv2", "wwwP0w"},
      {"pwritev2", "pwritev2", "wwwP0w"},
      {"truncate", "truncate", "ws"},
      {"ftruncate", "ftruncate", "ws"},
      {"truncate64", "truncate", "wL"},
      {"ftruncate64", "ftruncate", "wL"},
      {"fallocate", "fallocate", "wwLL"},
      {"fadvise64_64", "fadvise64", "wLLw"},
      {"fadvise64", "fadvise64", "wLww"},
      {"sync_file_range", "sync_file_range", "wLLw"},
      {"mmap2", "mmap", "wwwwwG"},
      {"sendfile64", "sendfile", nullptr},  // a 64-bit offset, as sendfile's on 64-bit ISAs
      // The 32-bit ID calls (the plain ones take 16-bit IDs on ARM and i386).
      {"getuid32", "getuid", nullptr},
      {"geteuid32", "geteuid", nullptr},
      {"getgid32", "getgid", nullptr},
      {"getegid32", "getegid", nullptr},
      {"setuid32", "setuid", nullptr},
      {"setgid32", "setgid", nullptr},
      {"setreuid32", "setreuid", nullptr},
      {"setregid32", "setregid", nullptr},
      {"setresuid32", "setresuid", nullptr},
      {"setresgid32", "setresgid", nullptr},
      {"getresuid32", "getresuid", nullptr},
      {"getresgid32", "getresgid", nullptr},
      {"getgroups32", "getgroups", nullptr},
      {"setgroups32", "setgroups", nullptr},
      {"fchown32", "fchown", nullptr},
      {"_newselect", "select", nullptr},
      // rlimits: ugetrlimit is getrlimit (the ISA's struct rlimit).
      {"ugetrlimit", "getrlimit", nullptr},
  };
}

namespace {

// arm_fadvise64_64(fd, advice, offset, len): the advice before the pairs, which start at r2.
int64_t sys_arm_fadvise64_64(LinuxProcess&, const uint64_t* a) {
  const auto pair = [&](int i) { return static_cast<off_t>((a[i] & 0xffffffffu) | (a[i + 1] & 0xffffffffu) << 32); };
  return host_result(::syscall(SYS_fadvise64, static_cast<int>(a[0]), pair(2), pair(4), static_cast<int>(a[1])));
}

// arm_sync_file_range(fd, flags, offset, nbytes): the flags first, so that the pairs start at r2.
int64_t sys_arm_sync_file_range(LinuxProcess& p, const uint64_t* a) {
  const auto pair = [&](int i) { return static_cast<off_t>((a[i] & 0xffffffffu) | (a[i + 1] & 0xffffffffu) << 32); };
  return blocking(p, SYS_sync_file_range, static_cast<int>(a[0]), pair(2), pair(4), static_cast<unsigned>(a[1]));
}

// _llseek(fd, offset_high, offset_low, loff_t *result, whence).
int64_t sys_llseek(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[3], 8, mem::kWrite)) return -EFAULT;
  const off_t off = static_cast<off_t>((a[1] & 0xffffffffu) << 32 | (a[2] & 0xffffffffu));
  const int fd = static_cast<int>(a[0]), whence = static_cast<int>(a[4]);
  off_t r = ::lseek(fd, dir_offset_to_host(fd, off, whence), whence);  // (dir_positions.h)
  if (r < 0) return -errno;
  const uint64_t v = static_cast<uint64_t>(dir_position_to_guest(fd, r));
  std::memcpy(gptr(a[3]), &v, 8);
  p.memory.host_wrote(a[3], 8);
  return 0;
}

// The words of a struct of `n` guest words at addr (i386's old mmap and select take their
// arguments so); false when unreadable.
bool read_words(LinuxProcess& p, uint64_t addr, unsigned n, uint64_t* out) {
  const unsigned word = p.isa.word_size;
  if (!p.memory.accessible(addr, uint64_t{n} * word, mem::kRead)) return false;
  for (unsigned i = 0; i < n; ++i) out[i] = get_field(gptr(addr), p.abi.word(i * word));
  return true;
}

// i386's old select (number 82): a pointer to { n, inp, outp, exp, tvp }, served as _newselect.
int64_t sys_old_select(LinuxProcess& p, const uint64_t* a) {
  uint64_t w[6] = {};
  if (!read_words(p, a[0], 5, w)) return -EFAULT;
  return p.syscalls->call(p, "_newselect", w);
}

}  // namespace

// (The name select is the old struct-taking call wherever a 32-bit ISA has it: i386; arm's EABI
// table has none. The old mmap: LinuxIsa::old_mmap.)
std::vector<SyscallDef> compat32_syscalls() {
  return {
      {"arm_fadvise64_64", sys_arm_fadvise64_64, "d:fdxxxx"},
      {"arm_sync_file_range", sys_arm_sync_file_range, "d:fxxxxx"},
      {"_llseek", sys_llseek, "d:fxxpd"},
      {"select", sys_old_select, "d:p"},
  };
}

}  // namespace polyrun::linux_abi
