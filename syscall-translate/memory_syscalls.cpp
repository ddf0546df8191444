// Guest memory: brk, mmap, munmap, mprotect, mremap, madvise, msync, mlock family.
// Placement and bookkeeping are the AddressSpace's; this file speaks Linux's flags and errors.
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

uint32_t guest_prot(LinuxProcess& p, uint64_t prot) {
  const pr_named_table& t = p.abi.guest().prot_flags;
  uint32_t out = 0;
  if (prot & static_cast<uint64_t>(lookup(t, "PROT_READ", 1))) out |= mem::kRead;
  if (prot & static_cast<uint64_t>(lookup(t, "PROT_WRITE", 2))) out |= mem::kWrite;
  if (prot & static_cast<uint64_t>(lookup(t, "PROT_EXEC", 4))) out |= mem::kExec;
  return out;
}

std::string fd_path(int fd) {
  char buf[4096];
  std::string link = "/proc/self/fd/" + std::to_string(fd);
  ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

// Whether `grow` more bytes of mappings in place of `replaced` ones keep the guest within its
// RLIMIT_AS (Linux's may_expand_vm: every mapping counts, whatever its protection).
bool within_address_limit(const LinuxProcess& p, uint64_t grow, uint64_t replaced = 0) {
  if (p.address_limit == ~0ull) return true;
  uint64_t total = 0;
  for (const auto& [start, v] : p.memory.vmas()) total += v.end - start;
  return total - std::min(total, replaced) + grow <= p.address_limit;
}

// The bytes of the guest's mappings inside [lo, hi).
uint64_t mapped_within(const LinuxProcess& p, uint64_t lo, uint64_t hi) {
  uint64_t n = 0;
  for (const auto& [start, v] : p.memory.vmas())
    if (start < hi && v.end > lo) n += std::min(v.end, hi) - std::max(start, lo);
  return n;
}

int64_t sys_brk(LinuxProcess& p, const uint64_t* a) {
  uint64_t want = a[0];
  if (want < p.brk_start || want > p.brk_limit) return static_cast<int64_t>(p.brk_current);
  uint64_t want_end = p.memory.page_up(want);
  if (want_end > p.brk_mapped_end) {
    uint64_t lo = p.brk_mapped_end, len = want_end - lo;
    if (!p.memory.is_free(lo, len) || !within_address_limit(p, len)) return static_cast<int64_t>(p.brk_current);
    mem::MapRequest req;
    req.fixed = true;
    req.name = "[heap]";
    if (p.memory.map(lo, len, mem::kRead | mem::kWrite, req) < 0) return static_cast<int64_t>(p.brk_current);
    p.brk_mapped_end = want_end;
  } else if (want_end < p.brk_mapped_end) {
    p.memory.unmap(want_end, p.brk_mapped_end - want_end);
    p.brk_mapped_end = want_end;
  }
  p.brk_current = want;
  return static_cast<int64_t>(want);
}

int64_t sys_mmap(LinuxProcess& p, const uint64_t* a) {
  uint64_t addr = a[0], len = a[1];
  uint64_t flags = p.abi.mmap_flags_to_host(a[3]);
  int fd = static_cast<int>(a[4]);
  uint64_t off = a[5];
  if (len == 0 || (off & (p.memory.page_size() - 1))) return -EINVAL;
  uint64_t type = flags & MAP_TYPE;
  if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE) return -EINVAL;
  mem::MapRequest req;
  req.shared = type != MAP_PRIVATE;
  req.noreserve = flags & MAP_NORESERVE;
  if (flags & MAP_FIXED_NOREPLACE) {
    req.fixed = true;
  } else if (flags & MAP_FIXED) {
    req.fixed = true;
    req.replace = true;
  }
  if (!(flags & MAP_ANONYMOUS)) {
    req.fd = fd;
    req.offset = off;
    req.name = fd_path(fd);
  }
  const uint64_t size = p.memory.page_up(len);
  if (size < len) return -ENOMEM;
  // (Nothing past the end of the guest's address space, 4 GiB for a 32-bit ISA, where the engine
  // could not map it anyway: AddressSpace::map refuses it with Linux's ENOMEM, ignores a hint past it.)
  if (!within_address_limit(p, size, req.replace ? mapped_within(p, addr, addr + size) : 0)) return -ENOMEM;
  int64_t r = p.memory.map(addr, len, guest_prot(p, a[2]), req);
  return r;
}

// The old mmap (LinuxIsa::old_mmap: i386's number 90, s390x's only one): its one argument points
// at struct mmap_arg_struct, the six arguments as guest words, the offset in bytes (page-aligned,
// as mmap checks).
int64_t sys_old_mmap(LinuxProcess& p, const uint64_t* a) {
  const unsigned w = p.abi.guest().word_size;
  if (!p.memory.accessible(a[0], 6 * w, mem::kRead)) return -EFAULT;
  uint64_t args[6];
  for (unsigned i = 0; i < 6; ++i) args[i] = get_field(gptr(a[0]), p.abi.word(i * w));
  return sys_mmap(p, args);
}

int64_t sys_munmap(LinuxProcess& p, const uint64_t* a) { return p.memory.unmap(a[0], a[1]); }

int64_t sys_mprotect(LinuxProcess& p, const uint64_t* a) {
  return p.memory.protect(a[0], a[1], guest_prot(p, a[2]));
}

int64_t sys_mremap(LinuxProcess& p, const uint64_t* a) {
  uint64_t flags = a[3];
  if (flags & ~static_cast<uint64_t>(MREMAP_MAYMOVE | MREMAP_FIXED)) return -EINVAL;
  bool fixed = flags & MREMAP_FIXED;
  if (fixed && !(flags & MREMAP_MAYMOVE)) return -EINVAL;
  if (a[2] > a[1] && !within_address_limit(p, p.memory.page_up(a[2]) - p.memory.page_up(a[1]))) return -ENOMEM;
  return p.memory.remap(a[0], a[1], a[2], flags & MREMAP_MAYMOVE, fixed, a[4]);
}

int64_t sys_madvise(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[0], a[1], mem::kNone)) return -ENOMEM;
  return host_result(::madvise(gptr(a[0]), a[1], static_cast<int>(a[2])));
}

int64_t sys_msync(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[0], a[1], mem::kNone)) return -ENOMEM;
  return host_result(::msync(gptr(a[0]), a[1], static_cast<int>(a[2])));
}

int64_t sys_mlock(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[0], a[1], mem::kNone)) return -ENOMEM;
  return host_result(::mlock(gptr(a[0]), a[1]));
}

// mlock2(addr, len, flags): MLOCK_ONFAULT is the same on every ISA.
int64_t sys_mlock2(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[0], a[1], mem::kNone)) return -ENOMEM;
  return host_result(::syscall(SYS_mlock2, gptr(a[0]), a[1], static_cast<unsigned>(a[2])));
}

int64_t sys_munlock(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[0], a[1], mem::kNone)) return -ENOMEM;
  return host_result(::munlock(gptr(a[0]), a[1]));
}

int64_t sys_mincore(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[0], a[1], mem::kNone)) return -ENOMEM;
  uint64_t pages = p.memory.page_up(a[1]) / p.memory.page_size();
  if (!p.memory.accessible(a[2], pages, mem::kWrite)) return -EFAULT;
  return host_result(::mincore(gptr(a[0]), a[1], gptr<unsigned char>(a[2])));
}

// riscv's riscv_flush_icache(start, end, flags): code written in [start, end) is to run (the
// cross-modifying-code step, which riscv has as a syscall where aarch64 has `ic ivau`). Every
// engine drops what it translated there; an empty range means every hart's whole cache.
int64_t sys_riscv_flush_icache(LinuxProcess& p, const uint64_t* a) {
  if (a[2] > 1) return -EINVAL;  // SYS_RISCV_FLUSH_ICACHE_LOCAL is the only flag
  if (a[1] > a[0]) p.memory.host_wrote(a[0], a[1] - a[0]);
  else for (const auto& [lo, v] : p.memory.vmas()) if (v.prot & mem::kExec) p.memory.host_wrote(lo, v.end - lo);
  return 0;
}

// ARM's cacheflush(start, end, flags): the same step for ARM code (its private syscall).
int64_t sys_arm_cacheflush(LinuxProcess& p, const uint64_t* a) {
  if (a[0] > a[1]) return -EINVAL;
  if (!p.memory.accessible(a[0], std::max<uint64_t>(a[1] - a[0], 1), mem::kNone)) return -EINVAL;
  p.memory.host_wrote(a[0], a[1] - a[0]);
  return 0;
}

}  // namespace

std::vector<SyscallDef> old_mmap_syscalls() { return {{"mmap", sys_old_mmap, "x:p"}}; }

std::vector<SyscallDef> memory_syscalls() {
  return {
      {"brk", sys_brk, "x:p"},
      {"mmap", sys_mmap, "x:puPMfx"},
      {"munmap", sys_munmap, "d:pu"},
      {"mprotect", sys_mprotect, "d:puP"},
      {"mremap", sys_mremap, "x:puuxp"},
      {"madvise", sys_madvise, "d:pud"},
      {"msync", sys_msync, "d:pux"},
      {"mlock", sys_mlock, "d:pu"},
      {"mlock2", sys_mlock2, "d:pux"},
      {"munlock", sys_munlock, "d:pu"},
      {"mincore", sys_mincore, "d:pup"},
      {"riscv_flush_icache", sys_riscv_flush_icache, "d:ppx"},
      {"ARM_cacheflush", sys_arm_cacheflush, "d:ppx"},
  };
}

}  // namespace polyrun::linux_abi
