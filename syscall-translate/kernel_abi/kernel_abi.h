/* Facts about one ISA's Linux kernel ABI, generated from its UAPI headers at build time
 * (cmake/KernelAbi.cmake). The same tables exist for the host, so guest and host values and
 * layouts are matched by name, never typed in by hand. Plain C: no libc includes. */
#ifndef POLYRUN_KERNEL_ABI_H
#define POLYRUN_KERNEL_ABI_H

#ifdef __cplusplus
extern "C" {
#endif

struct pr_named {
  const char* name;
  long long value;
};

struct pr_field {
  unsigned offset;
  unsigned size;
  int is_signed;
  int big_endian; /* the field's bytes are most significant first (the ISA's byte order) */
};

/* Canonical field order of the converted structs. */
enum pr_stat_field {
  PR_STAT_DEV, PR_STAT_INO, PR_STAT_MODE, PR_STAT_NLINK, PR_STAT_UID, PR_STAT_GID, PR_STAT_RDEV,
  PR_STAT_SIZE, PR_STAT_BLKSIZE, PR_STAT_BLOCKS, PR_STAT_ATIME, PR_STAT_ATIME_NSEC, PR_STAT_MTIME,
  PR_STAT_MTIME_NSEC, PR_STAT_CTIME, PR_STAT_CTIME_NSEC, PR_STAT_NFIELDS
};
enum pr_statfs_field {
  PR_STATFS_TYPE, PR_STATFS_BSIZE, PR_STATFS_BLOCKS, PR_STATFS_BFREE, PR_STATFS_BAVAIL,
  PR_STATFS_FILES, PR_STATFS_FFREE, PR_STATFS_FSID, PR_STATFS_NAMELEN, PR_STATFS_FRSIZE,
  PR_STATFS_FLAGS, PR_STATFS_NFIELDS
};
enum pr_epoll_event_field { PR_EPOLL_EVENTS, PR_EPOLL_DATA, PR_EPOLL_NFIELDS };
enum pr_flock_field {
  PR_FLOCK_TYPE, PR_FLOCK_WHENCE, PR_FLOCK_START, PR_FLOCK_LEN, PR_FLOCK_PID, PR_FLOCK_NFIELDS
};

/* The kernel's struct termios (not libc's): what TCGETS and TCSETS* read and write. */
enum pr_termios_field {
  PR_TERMIOS_IFLAG, PR_TERMIOS_OFLAG, PR_TERMIOS_CFLAG, PR_TERMIOS_LFLAG, PR_TERMIOS_LINE,
  PR_TERMIOS_CC, PR_TERMIOS_NFIELDS
};
/* struct termios2 (TCGETS2, TCSETS2 …): the termios fields, then the input and output speeds. */
enum pr_termios2_field {
  PR_TERMIOS2_IFLAG, PR_TERMIOS2_OFLAG, PR_TERMIOS2_CFLAG, PR_TERMIOS2_LFLAG, PR_TERMIOS2_LINE,
  PR_TERMIOS2_CC, PR_TERMIOS2_ISPEED, PR_TERMIOS2_OSPEED, PR_TERMIOS2_NFIELDS
};
/* Socket addresses, compared between guest and host by the unit tests (socket calls hand them to
 * the host unchanged). */
enum pr_sockaddr_in_field { PR_SIN_FAMILY, PR_SIN_PORT, PR_SIN_ADDR, PR_SIN_NFIELDS };
enum pr_sockaddr_in6_field {
  PR_SIN6_FAMILY, PR_SIN6_PORT, PR_SIN6_FLOWINFO, PR_SIN6_ADDR, PR_SIN6_SCOPE_ID, PR_SIN6_NFIELDS
};
enum pr_sockaddr_un_field { PR_SUN_FAMILY, PR_SUN_PATH, PR_SUN_NFIELDS };

/* The rt_sigaction struct as the guest kernel reads it (kernel_abi.c's pr_kernel_sigaction: the
 * UAPI headers of 32-bit ISAs and of x86-64 describe an older userspace struct under the name
 * sigaction). A missing field has size 0. */
enum pr_sigaction_field {
  PR_SIGACTION_HANDLER, PR_SIGACTION_FLAGS, PR_SIGACTION_RESTORER, PR_SIGACTION_MASK,
  PR_SIGACTION_NFIELDS
};

/* Structures of the 32-bit ABIs (and those every ISA shares whose fields are all scalars, in
 * declaration order): where the guest's layout is not the host's, the 32-bit syscalls convert
 * them field by field. Nested structs are flattened (rusage's ru_utime is two fields). A layout
 * of size 0: the ISA has no such struct (stat64 on 64-bit ISAs). */
enum pr_iovec_field { PR_IOV_BASE, PR_IOV_LEN, PR_IOV_NFIELDS };
enum pr_msghdr_field {
  PR_MSG_NAME, PR_MSG_NAMELEN, PR_MSG_IOV, PR_MSG_IOVLEN, PR_MSG_CONTROL, PR_MSG_CONTROLLEN,
  PR_MSG_FLAGS, PR_MSG_NFIELDS
};
enum pr_cmsghdr_field { PR_CMSG_LEN, PR_CMSG_LEVEL, PR_CMSG_TYPE, PR_CMSG_NFIELDS };
enum pr_stack_field { PR_SS_SP, PR_SS_FLAGS, PR_SS_SIZE, PR_SS_NFIELDS };

struct pr_layout {
  unsigned size;
  unsigned nfields;
  const struct pr_field* fields;
};

struct pr_named_table {
  const struct pr_named* entries;
  unsigned count;
};

struct pr_kernel_abi {
  const char* name;
  struct pr_named_table sysnos;     /* __NR_* without the prefix */
  struct pr_named_table errnos;     /* E* */
  struct pr_named_table open_flags; /* O_*, __O_* (single bits are what translation uses) */
  struct pr_named_table mmap_flags; /* MAP_* */
  struct pr_named_table prot_flags; /* PROT_* */
  struct pr_named_table hwcaps;     /* HWCAP_*, HWCAP2_*, COMPAT_HWCAP_* where the ISA has them */
  struct pr_named_table ioctls;     /* terminal and file ioctl requests: TC*, TIOC*, FIO* */
  struct pr_named_table signals;    /* SIG* (numbers 1..64; SIGSTKSZ is not one) */
  /* Constants polyrun hands to the host unchanged: socket levels and options (SOL_*, SO_*,
   * SCM_*, IPPROTO_*, IP_*, IPV6_*, TCP_*), poll and epoll events, termios bits and c_cc
   * indices. The unit tests check that the host has the guest's value for each. */
  struct pr_named_table same;
  struct pr_named_table fcntl_cmds; /* F_* (commands, and their argument values) */
  /* Signal delivery: SA_*, SS_* and si_code values, and where the ISA has one polyrun builds, the
   * layout of its signal frame ("ucontext.uc_mcontext", "sigcontext.regs", "FPSIMD_MAGIC" …:
   * offsets, sizes and record magics). */
  struct pr_named_table signal_frame;
  struct pr_layout stat, statfs, epoll_event, flock, sigaction, termios, termios2;
  struct pr_layout sockaddr_in, sockaddr_in6, sockaddr_un;
  /* stat64, statfs64, flock64: the 32-bit ISAs' large-file structs. timespec, timeval,
   * itimerspec, itimerval: the kernel's old (time32 on 32-bit ISAs) ones, which syscalls without
   * a _time64 suffix take; kernel_timespec: the one the _time64 syscalls take. */
  struct pr_layout stat64, statfs64, flock64, iovec, msghdr, cmsghdr, stack, timespec, timeval,
      itimerspec, itimerval, kernel_timespec, rlimit, rusage, sysinfo, tms;
  unsigned word_size; /* sizeof(long): 4 on 32-bit ISAs */
  /* The ISA's byte order: 1 when big-endian (s390x). Every field of its layouts says the same
   * (pr_field.big_endian), so that a layout of the host's offsets and sizes is still not the
   * host's (same_layout) and its fields are read and written in the guest's order. */
  unsigned big_endian;
};

extern const struct pr_kernel_abi pr_kernel_abi_aarch64;
extern const struct pr_kernel_abi pr_kernel_abi_riscv64;
extern const struct pr_kernel_abi pr_kernel_abi_arm;
extern const struct pr_kernel_abi pr_kernel_abi_i386;
extern const struct pr_kernel_abi pr_kernel_abi_s390x;
extern const struct pr_kernel_abi pr_kernel_abi_host;

#ifdef __cplusplus
}
#endif

#endif
