/* One ISA's kernel ABI tables. Compiled once per ISA with -nostdinc against that ISA's UAPI
 * headers; PR_ABI_SYMBOL, PR_ABI_NAME and PR_ABI_LISTS (the generated name lists) are set by
 * cmake/KernelAbi.cmake.
 *
 * Every number in the tables goes through PR_V(expression). Compiled by the host compiler, the
 * expression is the value, which is right where the guest's types have the host's sizes (64-bit
 * ISAs). Where they do not, the tables come in two steps (cmake/KernelAbi.cmake, COMPILER): the
 * guest's compiler builds this file with PR_PROBE, where each PR_V is a pair {counter, value} of
 * long long in .data and the names are left out; kabi_probe.py reads the pairs out of that
 * object into PRV_<counter> macros; the host compiler then builds the tables with PR_VALUES
 * naming that header, each PR_V taking its value by the same counter (__COUNTER__ advances the
 * same way in both, the source and the conditionals being the same). */
#include "uapi_headers.h"

#if defined(PR_PROBE)
/* The header's types under other names; the tables' own types hold pairs. */
#define pr_named pr_named_unused
#define pr_field pr_field_unused
#define pr_layout pr_layout_unused
#define pr_named_table pr_named_table_unused
#define pr_kernel_abi pr_kernel_abi_unused
#include "kernel_abi.h"
#undef pr_named
#undef pr_field
#undef pr_layout
#undef pr_named_table
#undef pr_kernel_abi
struct pr_pair { long long counter, value; };
struct pr_named { struct pr_pair v; };
struct pr_field { struct pr_pair offset, size, is_signed, big_endian; };
#define PR_V(x) { __COUNTER__, (long long)(x) }
#define PR_NAME(n)
#define PR_TABLE_STORAGE /* (not static: emitted whether used or not) */
#else
#include "kernel_abi.h"
#if defined(PR_VALUES)
#include PR_VALUES
#define PR_V(x) PR_V1(__COUNTER__)
#define PR_V1(c) PR_V2(c)
#define PR_V2(c) PRV_##c
#else
#define PR_V(x) (x)
#endif
#define PR_NAME(n) n,
#define PR_TABLE_STORAGE static const
#endif
enum { pr_counter_base = __COUNTER__ };  /* (the first PR_V is number 1: a zero pair is padding) */

/* The compiler's byte order: the guest's in the probe, the host's (little-endian) otherwise. */
#define PR_BIG_ENDIAN (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
#define PR_SCALAR(S, m) \
  { PR_V(__builtin_offsetof(S, m)), PR_V(sizeof(((S*)0)->m)), PR_V(((__typeof__(((S*)0)->m))-1) < 0), \
    PR_V(PR_BIG_ENDIAN) }
/* Byte arrays and pointers: zero-extended where the widths differ. */
#define PR_BYTES(S, m) { PR_V(__builtin_offsetof(S, m)), PR_V(sizeof(((S*)0)->m)), PR_V(0), PR_V(PR_BIG_ENDIAN) }
#define PR_COUNT(a) (unsigned)(sizeof(a) / sizeof((a)[0]))
#define PR_LAYOUT(S, fields) { PR_V(sizeof(S)), PR_COUNT(fields), fields },

PR_TABLE_STORAGE struct pr_field stat_fields[PR_STAT_NFIELDS] = {
    PR_SCALAR(struct stat, st_dev),        PR_SCALAR(struct stat, st_ino),
    PR_SCALAR(struct stat, st_mode),       PR_SCALAR(struct stat, st_nlink),
    PR_SCALAR(struct stat, st_uid),        PR_SCALAR(struct stat, st_gid),
    PR_SCALAR(struct stat, st_rdev),       PR_SCALAR(struct stat, st_size),
    PR_SCALAR(struct stat, st_blksize),    PR_SCALAR(struct stat, st_blocks),
    PR_SCALAR(struct stat, st_atime),      PR_SCALAR(struct stat, st_atime_nsec),
    PR_SCALAR(struct stat, st_mtime),      PR_SCALAR(struct stat, st_mtime_nsec),
    PR_SCALAR(struct stat, st_ctime),      PR_SCALAR(struct stat, st_ctime_nsec),
};

PR_TABLE_STORAGE struct pr_field statfs_fields[PR_STATFS_NFIELDS] = {
    PR_SCALAR(struct statfs, f_type),   PR_SCALAR(struct statfs, f_bsize),
    PR_SCALAR(struct statfs, f_blocks), PR_SCALAR(struct statfs, f_bfree),
    PR_SCALAR(struct statfs, f_bavail), PR_SCALAR(struct statfs, f_files),
    PR_SCALAR(struct statfs, f_ffree),  PR_BYTES(struct statfs, f_fsid),
    PR_SCALAR(struct statfs, f_namelen), PR_SCALAR(struct statfs, f_frsize),
    PR_SCALAR(struct statfs, f_flags),
};

PR_TABLE_STORAGE struct pr_field epoll_fields[PR_EPOLL_NFIELDS] = {
    PR_SCALAR(struct epoll_event, events), PR_SCALAR(struct epoll_event, data),
};

PR_TABLE_STORAGE struct pr_field flock_fields[PR_FLOCK_NFIELDS] = {
    PR_SCALAR(struct flock, l_type),  PR_SCALAR(struct flock, l_whence),
    PR_SCALAR(struct flock, l_start), PR_SCALAR(struct flock, l_len),
    PR_SCALAR(struct flock, l_pid),
};

/* What rt_sigaction reads and writes: the kernel's struct sigaction (include/linux/signal_types.h
 * of Linux 6.1: the restorer where the ISA has SA_RESTORER, the mask of _NSIG bits in longs),
 * here in the guest compiler's sizes and alignment. _NSIG is 64 on every ISA polyrun runs (the
 * kernel's own asm/signal.h; 32-bit ISAs' UAPI headers leave it undefined). */
struct pr_kernel_sigaction {
  __sighandler_t handler;
  unsigned long flags;
#ifdef SA_RESTORER
  __sigrestore_t restorer;
#endif
  unsigned long mask[64 / (8 * sizeof(unsigned long))];
};
PR_TABLE_STORAGE struct pr_field sigaction_fields[PR_SIGACTION_NFIELDS] = {
    PR_BYTES(struct pr_kernel_sigaction, handler),
    PR_SCALAR(struct pr_kernel_sigaction, flags),
#ifdef SA_RESTORER
    PR_BYTES(struct pr_kernel_sigaction, restorer),
#else
    {0, 0, 0, 0},
#endif
    PR_BYTES(struct pr_kernel_sigaction, mask),
};

PR_TABLE_STORAGE struct pr_field termios_fields[PR_TERMIOS_NFIELDS] = {
    PR_SCALAR(struct termios, c_iflag), PR_SCALAR(struct termios, c_oflag),
    PR_SCALAR(struct termios, c_cflag), PR_SCALAR(struct termios, c_lflag),
    PR_SCALAR(struct termios, c_line),  PR_BYTES(struct termios, c_cc),
};

PR_TABLE_STORAGE struct pr_field termios2_fields[PR_TERMIOS2_NFIELDS] = {
    PR_SCALAR(struct termios2, c_iflag), PR_SCALAR(struct termios2, c_oflag),
    PR_SCALAR(struct termios2, c_cflag), PR_SCALAR(struct termios2, c_lflag),
    PR_SCALAR(struct termios2, c_line),  PR_BYTES(struct termios2, c_cc),
    PR_SCALAR(struct termios2, c_ispeed), PR_SCALAR(struct termios2, c_ospeed),
};

PR_TABLE_STORAGE struct pr_field sockaddr_in_fields[PR_SIN_NFIELDS] = {
    PR_SCALAR(struct sockaddr_in, sin_family), PR_SCALAR(struct sockaddr_in, sin_port),
    PR_BYTES(struct sockaddr_in, sin_addr),
};

PR_TABLE_STORAGE struct pr_field sockaddr_in6_fields[PR_SIN6_NFIELDS] = {
    PR_SCALAR(struct sockaddr_in6, sin6_family), PR_SCALAR(struct sockaddr_in6, sin6_port),
    PR_SCALAR(struct sockaddr_in6, sin6_flowinfo), PR_BYTES(struct sockaddr_in6, sin6_addr),
    PR_SCALAR(struct sockaddr_in6, sin6_scope_id),
};

PR_TABLE_STORAGE struct pr_field sockaddr_un_fields[PR_SUN_NFIELDS] = {
    PR_SCALAR(struct sockaddr_un, sun_family), PR_BYTES(struct sockaddr_un, sun_path),
};

#if __BITS_PER_LONG == 32
PR_TABLE_STORAGE struct pr_field stat64_fields[PR_STAT_NFIELDS] = {
    PR_SCALAR(struct stat64, st_dev),        PR_SCALAR(struct stat64, st_ino),
    PR_SCALAR(struct stat64, st_mode),       PR_SCALAR(struct stat64, st_nlink),
    PR_SCALAR(struct stat64, st_uid),        PR_SCALAR(struct stat64, st_gid),
    PR_SCALAR(struct stat64, st_rdev),       PR_SCALAR(struct stat64, st_size),
    PR_SCALAR(struct stat64, st_blksize),    PR_SCALAR(struct stat64, st_blocks),
    PR_SCALAR(struct stat64, st_atime),      PR_SCALAR(struct stat64, st_atime_nsec),
    PR_SCALAR(struct stat64, st_mtime),      PR_SCALAR(struct stat64, st_mtime_nsec),
    PR_SCALAR(struct stat64, st_ctime),      PR_SCALAR(struct stat64, st_ctime_nsec),
};
#endif

PR_TABLE_STORAGE struct pr_field statfs64_fields[PR_STATFS_NFIELDS] = {
    PR_SCALAR(struct statfs64, f_type),   PR_SCALAR(struct statfs64, f_bsize),
    PR_SCALAR(struct statfs64, f_blocks), PR_SCALAR(struct statfs64, f_bfree),
    PR_SCALAR(struct statfs64, f_bavail), PR_SCALAR(struct statfs64, f_files),
    PR_SCALAR(struct statfs64, f_ffree),  PR_BYTES(struct statfs64, f_fsid),
    PR_SCALAR(struct statfs64, f_namelen), PR_SCALAR(struct statfs64, f_frsize),
    PR_SCALAR(struct statfs64, f_flags),
};

PR_TABLE_STORAGE struct pr_field flock64_fields[PR_FLOCK_NFIELDS] = {
    PR_SCALAR(struct flock64, l_type),  PR_SCALAR(struct flock64, l_whence),
    PR_SCALAR(struct flock64, l_start), PR_SCALAR(struct flock64, l_len),
    PR_SCALAR(struct flock64, l_pid),
};

PR_TABLE_STORAGE struct pr_field iovec_fields[PR_IOV_NFIELDS] = {
    PR_BYTES(struct iovec, iov_base), PR_SCALAR(struct iovec, iov_len),
};

/* The kernel's struct user_msghdr, struct cmsghdr and struct mmsghdr (include/linux/socket.h of
 * Linux 6.1, which no UAPI header exports), in the guest compiler's sizes and alignment. */
struct pr_user_msghdr {
  void* msg_name;
  int msg_namelen;
  struct iovec* msg_iov;
  __kernel_size_t msg_iovlen;
  void* msg_control;
  __kernel_size_t msg_controllen;
  unsigned int msg_flags;
};
struct pr_cmsghdr {
  __kernel_size_t cmsg_len;
  int cmsg_level;
  int cmsg_type;
};
PR_TABLE_STORAGE struct pr_field msghdr_fields[PR_MSG_NFIELDS] = {
    PR_BYTES(struct pr_user_msghdr, msg_name),    PR_SCALAR(struct pr_user_msghdr, msg_namelen),
    PR_BYTES(struct pr_user_msghdr, msg_iov),     PR_SCALAR(struct pr_user_msghdr, msg_iovlen),
    PR_BYTES(struct pr_user_msghdr, msg_control), PR_SCALAR(struct pr_user_msghdr, msg_controllen),
    PR_SCALAR(struct pr_user_msghdr, msg_flags),
};
PR_TABLE_STORAGE struct pr_field cmsghdr_fields[PR_CMSG_NFIELDS] = {
    PR_SCALAR(struct pr_cmsghdr, cmsg_len), PR_SCALAR(struct pr_cmsghdr, cmsg_level),
    PR_SCALAR(struct pr_cmsghdr, cmsg_type),
};

PR_TABLE_STORAGE struct pr_field stack_fields[PR_SS_NFIELDS] = {
    PR_BYTES(stack_t, ss_sp), PR_SCALAR(stack_t, ss_flags), PR_SCALAR(stack_t, ss_size),
};

PR_TABLE_STORAGE struct pr_field timespec_fields[] = {
    PR_SCALAR(struct timespec, tv_sec), PR_SCALAR(struct timespec, tv_nsec),
};
PR_TABLE_STORAGE struct pr_field timeval_fields[] = {
    PR_SCALAR(struct timeval, tv_sec), PR_SCALAR(struct timeval, tv_usec),
};
PR_TABLE_STORAGE struct pr_field itimerspec_fields[] = {
    PR_SCALAR(struct itimerspec, it_interval.tv_sec), PR_SCALAR(struct itimerspec, it_interval.tv_nsec),
    PR_SCALAR(struct itimerspec, it_value.tv_sec),    PR_SCALAR(struct itimerspec, it_value.tv_nsec),
};
PR_TABLE_STORAGE struct pr_field itimerval_fields[] = {
    PR_SCALAR(struct itimerval, it_interval.tv_sec), PR_SCALAR(struct itimerval, it_interval.tv_usec),
    PR_SCALAR(struct itimerval, it_value.tv_sec),    PR_SCALAR(struct itimerval, it_value.tv_usec),
};
PR_TABLE_STORAGE struct pr_field kernel_timespec_fields[] = {
    PR_SCALAR(struct __kernel_timespec, tv_sec), PR_SCALAR(struct __kernel_timespec, tv_nsec),
};
PR_TABLE_STORAGE struct pr_field rlimit_fields[] = {
    PR_SCALAR(struct rlimit, rlim_cur), PR_SCALAR(struct rlimit, rlim_max),
};
PR_TABLE_STORAGE struct pr_field rusage_fields[] = {
    PR_SCALAR(struct rusage, ru_utime.tv_sec), PR_SCALAR(struct rusage, ru_utime.tv_usec),
    PR_SCALAR(struct rusage, ru_stime.tv_sec), PR_SCALAR(struct rusage, ru_stime.tv_usec),
    PR_SCALAR(struct rusage, ru_maxrss),   PR_SCALAR(struct rusage, ru_ixrss),
    PR_SCALAR(struct rusage, ru_idrss),    PR_SCALAR(struct rusage, ru_isrss),
    PR_SCALAR(struct rusage, ru_minflt),   PR_SCALAR(struct rusage, ru_majflt),
    PR_SCALAR(struct rusage, ru_nswap),    PR_SCALAR(struct rusage, ru_inblock),
    PR_SCALAR(struct rusage, ru_oublock),  PR_SCALAR(struct rusage, ru_msgsnd),
    PR_SCALAR(struct rusage, ru_msgrcv),   PR_SCALAR(struct rusage, ru_nsignals),
    PR_SCALAR(struct rusage, ru_nvcsw),    PR_SCALAR(struct rusage, ru_nivcsw),
};
PR_TABLE_STORAGE struct pr_field sysinfo_fields[] = {
    PR_SCALAR(struct sysinfo, uptime),    PR_SCALAR(struct sysinfo, loads[0]),
    PR_SCALAR(struct sysinfo, loads[1]),  PR_SCALAR(struct sysinfo, loads[2]),
    PR_SCALAR(struct sysinfo, totalram),  PR_SCALAR(struct sysinfo, freeram),
    PR_SCALAR(struct sysinfo, sharedram), PR_SCALAR(struct sysinfo, bufferram),
    PR_SCALAR(struct sysinfo, totalswap), PR_SCALAR(struct sysinfo, freeswap),
    PR_SCALAR(struct sysinfo, procs),     PR_SCALAR(struct sysinfo, totalhigh),
    PR_SCALAR(struct sysinfo, freehigh),  PR_SCALAR(struct sysinfo, mem_unit),
};
PR_TABLE_STORAGE struct pr_field tms_fields[] = {
    PR_SCALAR(struct tms, tms_utime),  PR_SCALAR(struct tms, tms_stime),
    PR_SCALAR(struct tms, tms_cutime), PR_SCALAR(struct tms, tms_cstime),
};

#define PR_NAMED(prefix, n) {PR_NAME(#n) PR_V(prefix##n)},
#define PR_SYSNO(n) PR_NAMED(__NR_, n)
#define PR_PLAIN(n) {PR_NAME(#n) PR_V(n)},
#define PR_END {0, 0}

PR_TABLE_STORAGE struct pr_named sysnos[] = {
#define PR_LIST_SYSNO PR_SYSNO
#define PR_LIST_ERRNO(n)
#define PR_LIST_OPEN(n)
#define PR_LIST_MMAP(n)
#define PR_LIST_PROT(n)
#define PR_LIST_HWCAP(n)
#define PR_LIST_IOCTL(n)
#define PR_LIST_SIGNAL(n)
#define PR_LIST_SAME(n)
#define PR_LIST_FCNTL(n)
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_SYSNO
#undef PR_LIST_ERRNO
#define PR_LIST_SYSNO(n)
#define PR_LIST_ERRNO PR_PLAIN
PR_TABLE_STORAGE struct pr_named errnos[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_ERRNO
#undef PR_LIST_OPEN
#define PR_LIST_ERRNO(n)
#define PR_LIST_OPEN PR_PLAIN
PR_TABLE_STORAGE struct pr_named open_flags[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_OPEN
#undef PR_LIST_MMAP
#define PR_LIST_OPEN(n)
#define PR_LIST_MMAP PR_PLAIN
PR_TABLE_STORAGE struct pr_named mmap_flags[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_MMAP
#undef PR_LIST_PROT
#define PR_LIST_MMAP(n)
#define PR_LIST_PROT PR_PLAIN
PR_TABLE_STORAGE struct pr_named prot_flags[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_PROT
#undef PR_LIST_HWCAP
#define PR_LIST_PROT(n)
#define PR_LIST_HWCAP PR_PLAIN
#if defined(__s390x__)
/* s390 keeps its AT_HWCAP bits out of the UAPI headers: Linux 6.1's arch/s390/include/asm/elf.h
 * numbers them (HWCAP_NR_*), in the order here. */
enum {
  HWCAP_S390_ESAN3 = 1 << 0, HWCAP_S390_ZARCH = 1 << 1, HWCAP_S390_STFLE = 1 << 2, HWCAP_S390_MSA = 1 << 3,
  HWCAP_S390_LDISP = 1 << 4, HWCAP_S390_EIMM = 1 << 5, HWCAP_S390_DFP = 1 << 6, HWCAP_S390_HPAGE = 1 << 7,
  HWCAP_S390_ETF3EH = 1 << 8, HWCAP_S390_HIGH_GPRS = 1 << 9, HWCAP_S390_TE = 1 << 10, HWCAP_S390_VXRS = 1 << 11,
  HWCAP_S390_VXRS_BCD = 1 << 12, HWCAP_S390_VXRS_EXT = 1 << 13, HWCAP_S390_GS = 1 << 14,
  HWCAP_S390_VXRS_EXT2 = 1 << 15, HWCAP_S390_VXRS_PDE = 1 << 16, HWCAP_S390_SORT = 1 << 17,
  HWCAP_S390_DFLT = 1 << 18, HWCAP_S390_VXRS_PDE2 = 1 << 19, HWCAP_S390_NNPA = 1 << 20,
  HWCAP_S390_PCI_MIO = 1 << 21, HWCAP_S390_SIE = 1 << 22
};
#endif
PR_TABLE_STORAGE struct pr_named hwcaps[] = {
#include PR_ABI_LISTS
#if defined(__s390x__)
    PR_PLAIN(HWCAP_S390_ESAN3) PR_PLAIN(HWCAP_S390_ZARCH) PR_PLAIN(HWCAP_S390_STFLE) PR_PLAIN(HWCAP_S390_MSA)
    PR_PLAIN(HWCAP_S390_LDISP) PR_PLAIN(HWCAP_S390_EIMM) PR_PLAIN(HWCAP_S390_DFP) PR_PLAIN(HWCAP_S390_HPAGE)
    PR_PLAIN(HWCAP_S390_ETF3EH) PR_PLAIN(HWCAP_S390_HIGH_GPRS) PR_PLAIN(HWCAP_S390_TE) PR_PLAIN(HWCAP_S390_VXRS)
    PR_PLAIN(HWCAP_S390_VXRS_BCD) PR_PLAIN(HWCAP_S390_VXRS_EXT) PR_PLAIN(HWCAP_S390_GS)
    PR_PLAIN(HWCAP_S390_VXRS_EXT2) PR_PLAIN(HWCAP_S390_VXRS_PDE) PR_PLAIN(HWCAP_S390_SORT)
    PR_PLAIN(HWCAP_S390_DFLT) PR_PLAIN(HWCAP_S390_VXRS_PDE2) PR_PLAIN(HWCAP_S390_NNPA)
    PR_PLAIN(HWCAP_S390_PCI_MIO) PR_PLAIN(HWCAP_S390_SIE)
#endif
    PR_END};
#undef PR_LIST_HWCAP
#undef PR_LIST_IOCTL
#define PR_LIST_HWCAP(n)
#define PR_LIST_IOCTL PR_PLAIN
PR_TABLE_STORAGE struct pr_named ioctls[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_IOCTL
#undef PR_LIST_SIGNAL
#define PR_LIST_IOCTL(n)
#define PR_LIST_SIGNAL PR_PLAIN
PR_TABLE_STORAGE struct pr_named signals[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_SIGNAL
#undef PR_LIST_SAME
#define PR_LIST_SIGNAL(n)
#define PR_LIST_SAME PR_PLAIN
PR_TABLE_STORAGE struct pr_named same[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_SAME
#undef PR_LIST_FCNTL
#define PR_LIST_SAME(n)
#define PR_LIST_FCNTL PR_PLAIN
PR_TABLE_STORAGE struct pr_named fcntl_cmds[] = {
#include PR_ABI_LISTS
    /* fadvise64's advice (s390x numbers two of them its own way) */
    PR_PLAIN(POSIX_FADV_NORMAL) PR_PLAIN(POSIX_FADV_RANDOM) PR_PLAIN(POSIX_FADV_SEQUENTIAL)
    PR_PLAIN(POSIX_FADV_WILLNEED) PR_PLAIN(POSIX_FADV_DONTNEED) PR_PLAIN(POSIX_FADV_NOREUSE)
    PR_END};

#if defined(__arm__)
/* ARM's signal frames (arch/arm/kernel/signal.c of Linux 6.1), whose structs no UAPI header
 * exports, here in the guest compiler's sizes and alignment: struct ucontext
 * (arch/arm/include/asm/ucontext.h: the kernel's sigset_t of _NSIG (64) bits in longs, padding to
 * 128 bytes of mask, then uc_regspace 8-byte aligned); the VFP record there (struct vfp_sigframe,
 * VFP_MAGIC) with struct user_vfp and user_vfp_exc (arch/arm/include/asm/user.h); struct
 * aux_sigframe (the VFP record, then the zero end_magic; no iWMMXt record on ARMv7); struct
 * sigframe and rt_sigframe (arch/arm/kernel/signal.h); and struct old_sigaction
 * (include/linux/signal_types.h), which the sigaction syscall takes. */
#define VFP_MAGIC 0x56465001
struct pr_arm_ucontext {
  unsigned long uc_flags;
  struct pr_arm_ucontext* uc_link;
  stack_t uc_stack;
  struct sigcontext uc_mcontext;
  unsigned long uc_sigmask[64 / (8 * sizeof(unsigned long))];
  int unused_[32 - 64 / (8 * sizeof(int))];
  unsigned long uc_regspace[128] __attribute__((__aligned__(8)));
};
struct pr_arm_user_vfp {
  unsigned long long fpregs[32];
  unsigned long fpscr;
};
struct pr_arm_user_vfp_exc {
  unsigned long fpexc;
  unsigned long fpinst;
  unsigned long fpinst2;
};
struct pr_arm_vfp_sigframe {
  unsigned long magic;
  unsigned long size;
  struct pr_arm_user_vfp ufp;
  struct pr_arm_user_vfp_exc ufp_exc;
} __attribute__((__aligned__(8)));
struct pr_arm_aux_sigframe {
  struct pr_arm_vfp_sigframe vfp;
  unsigned long end_magic;
} __attribute__((__aligned__(8)));
struct pr_arm_sigframe {
  struct pr_arm_ucontext uc;
  unsigned long retcode[4];
};
struct pr_arm_rt_sigframe {
  siginfo_t info;
  struct pr_arm_sigframe sig;
};
#endif
#if defined(__i386__)
/* i386's signal frames (arch/x86/include/asm/sigframe.h of Linux 6.1: sigframe_ia32 and
 * rt_sigframe_ia32), whose structs no UAPI header exports: struct ucontext_ia32 with the kernel's
 * 64-bit sigset_t in two longs, struct sigcontext_32 and struct _fpstate_32 from asm/sigcontext.h.
 * The FP state itself goes below the frame, where sigcontext's fpstate points. */
struct pr_i386_ucontext {
  unsigned long uc_flags;
  struct pr_i386_ucontext* uc_link;
  stack_t uc_stack;
  struct sigcontext_32 uc_mcontext;
  unsigned long uc_sigmask[2];
};
struct pr_i386_sigframe {
  unsigned int pretcode;
  int sig;
  struct sigcontext_32 sc;
  struct _fpstate_32 fpstate_unused;
  unsigned int extramask[1];
  char retcode[8];
};
struct pr_i386_rt_sigframe {
  unsigned int pretcode;
  int sig;
  unsigned int pinfo;
  unsigned int puc;
  siginfo_t info;
  struct pr_i386_ucontext uc;
  char retcode[8];
};
#endif
#if defined(__arm__) || defined(__i386__)
struct pr_old_sigaction {
  __sighandler_t handler;
  unsigned long mask;
  unsigned long flags;
  __sigrestore_t restorer;
};
#endif

/* What delivering a signal needs: sigaction flags, alternate stack flags, si_code values, and the
 * ISA's signal frame (offsets in its ucontext, sigcontext and FP/SIMD records). The frame's
 * entries exist only for ISAs polyrun builds signal frames for. */
#define PR_OFFSET(name, S, m) {PR_NAME(name) PR_V(__builtin_offsetof(S, m))},
#define PR_SIZE(name, T) {PR_NAME(name) PR_V(sizeof(T))},
PR_TABLE_STORAGE struct pr_named signal_frame[] = {
    PR_PLAIN(SA_SIGINFO) PR_PLAIN(SA_ONSTACK) PR_PLAIN(SA_RESTART) PR_PLAIN(SA_NODEFER)
    PR_PLAIN(SA_RESETHAND)
#ifdef SA_RESTORER /* (riscv has none: handlers return through the vDSO's code) */
    PR_PLAIN(SA_RESTORER)
#endif
    PR_PLAIN(SS_ONSTACK) PR_PLAIN(SS_DISABLE) PR_PLAIN(SS_AUTODISARM)
    PR_PLAIN(SA_NOCLDSTOP) PR_PLAIN(SA_NOCLDWAIT) PR_PLAIN(MINSIGSTKSZ)
    PR_PLAIN(SI_USER) PR_PLAIN(SI_KERNEL) PR_PLAIN(SI_TKILL) PR_PLAIN(SEGV_MAPERR)
    PR_PLAIN(SEGV_ACCERR) PR_PLAIN(ILL_ILLOPC) PR_PLAIN(ILL_ILLOPN) PR_PLAIN(ILL_PRVOPC) PR_PLAIN(TRAP_BRKPT)
    PR_PLAIN(FPE_INTDIV) PR_PLAIN(TRAP_TRACE) PR_PLAIN(TRAP_HWBKPT) PR_PLAIN(BUS_ADRALN) PR_PLAIN(FPE_FLTINV)
    PR_PLAIN(FPE_FLTDIV) PR_PLAIN(FPE_FLTOVF)
    PR_PLAIN(FPE_FLTUND) PR_PLAIN(FPE_FLTRES)
    PR_SIZE("sizeof siginfo", siginfo_t)
#if defined(__aarch64__)
    PR_SIZE("sizeof ucontext", struct ucontext)
    PR_OFFSET("ucontext.uc_stack", struct ucontext, uc_stack)
    PR_OFFSET("ucontext.uc_sigmask", struct ucontext, uc_sigmask)
    PR_OFFSET("ucontext.uc_mcontext", struct ucontext, uc_mcontext)
    PR_OFFSET("sigcontext.fault_address", struct sigcontext, fault_address)
    PR_OFFSET("sigcontext.regs", struct sigcontext, regs)
    PR_OFFSET("sigcontext.sp", struct sigcontext, sp)
    PR_OFFSET("sigcontext.pc", struct sigcontext, pc)
    PR_OFFSET("sigcontext.pstate", struct sigcontext, pstate)
    PR_OFFSET("sigcontext.__reserved", struct sigcontext, __reserved)
    PR_SIZE("sizeof sigcontext.__reserved", ((struct sigcontext*)0)->__reserved)
    PR_PLAIN(FPSIMD_MAGIC)
    PR_SIZE("sizeof fpsimd_context", struct fpsimd_context)
    PR_OFFSET("fpsimd_context.fpsr", struct fpsimd_context, fpsr)
    PR_OFFSET("fpsimd_context.fpcr", struct fpsimd_context, fpcr)
    PR_OFFSET("fpsimd_context.vregs", struct fpsimd_context, vregs)
    PR_PLAIN(ESR_MAGIC)
    PR_SIZE("sizeof esr_context", struct esr_context)
    PR_OFFSET("esr_context.esr", struct esr_context, esr)
    /* SVE's record: its header and vector length, then (when the thread's SVE state is live)
     * Z0-Z31, P0-P15 and FFR from SVE_SIG_REGS_OFFSET on, as <asm/sigcontext.h> lays them out
     * for a vector length of vq quadwords (vq * 16 bytes a Z register, vq * 2 a predicate). */
    PR_PLAIN(SVE_MAGIC)
    PR_SIZE("sizeof sve_context", struct sve_context)
    PR_OFFSET("sve_context.vl", struct sve_context, vl)
    PR_PLAIN(SVE_SIG_REGS_OFFSET)
    {PR_NAME("SVE_SIG_ZREG_SIZE(1)") PR_V(SVE_SIG_ZREG_SIZE(1))},
    {PR_NAME("SVE_SIG_PREG_SIZE(1)") PR_V(SVE_SIG_PREG_SIZE(1))},
    /* The record pointing at what does not fit in __reserved. */
    PR_PLAIN(EXTRA_MAGIC)
    PR_SIZE("sizeof extra_context", struct extra_context)
    PR_OFFSET("extra_context.datap", struct extra_context, datap)
    PR_OFFSET("extra_context.size", struct extra_context, size)
#elif defined(__s390x__)
    /* arch/s390/kernel/signal.c's rt_sigframe: the callee's register save area
     * (__SIGNAL_FRAMESIZE), the svc of the return code, the siginfo, the ucontext_extended. */
    PR_PLAIN(__SIGNAL_FRAMESIZE)
    PR_SIZE("sizeof ucontext", struct ucontext)
    PR_SIZE("sizeof ucontext_extended", struct ucontext_extended)
    PR_OFFSET("ucontext.uc_flags", struct ucontext, uc_flags)
    PR_OFFSET("ucontext.uc_link", struct ucontext, uc_link)
    PR_OFFSET("ucontext.uc_stack", struct ucontext, uc_stack)
    PR_OFFSET("ucontext.uc_mcontext", struct ucontext, uc_mcontext)
    PR_OFFSET("ucontext.uc_sigmask", struct ucontext, uc_sigmask)
    PR_OFFSET("ucontext_extended.uc_mcontext_ext", struct ucontext_extended, uc_mcontext_ext)
    PR_SIZE("sizeof _sigregs_ext", _sigregs_ext)
    PR_OFFSET("_sigregs_ext.vxrs_low", _sigregs_ext, vxrs_low)
    PR_OFFSET("_sigregs_ext.vxrs_high", _sigregs_ext, vxrs_high)
    PR_SIZE("sizeof sigcontext", struct sigcontext)
    PR_OFFSET("sigcontext.oldmask", struct sigcontext, oldmask)
    PR_OFFSET("sigcontext.sregs", struct sigcontext, sregs)
    PR_SIZE("sizeof _sigregs", _sigregs)
    PR_OFFSET("_sigregs.regs.psw.mask", _sigregs, regs.psw.mask)
    PR_OFFSET("_sigregs.regs.psw.addr", _sigregs, regs.psw.addr)
    PR_OFFSET("_sigregs.regs.gprs", _sigregs, regs.gprs)
    PR_OFFSET("_sigregs.regs.acrs", _sigregs, regs.acrs)
    PR_OFFSET("_sigregs.fpregs.fpc", _sigregs, fpregs.fpc)
    PR_OFFSET("_sigregs.fpregs.fprs", _sigregs, fpregs.fprs)
#elif defined(__riscv)
    PR_SIZE("sizeof ucontext", struct ucontext)
    PR_OFFSET("ucontext.uc_stack", struct ucontext, uc_stack)
    PR_OFFSET("ucontext.uc_sigmask", struct ucontext, uc_sigmask)
    PR_OFFSET("ucontext.uc_mcontext", struct ucontext, uc_mcontext)
    PR_OFFSET("sigcontext.sc_regs", struct sigcontext, sc_regs)
    PR_OFFSET("sigcontext.sc_fpregs", struct sigcontext, sc_fpregs)
    PR_OFFSET("user_regs_struct.pc", struct user_regs_struct, pc)
    PR_OFFSET("user_regs_struct.ra", struct user_regs_struct, ra)
    PR_OFFSET("__riscv_d_ext_state.f", struct __riscv_d_ext_state, f)
    PR_OFFSET("__riscv_d_ext_state.fcsr", struct __riscv_d_ext_state, fcsr)
#elif defined(__arm__)
    PR_SIZE("sizeof ucontext", struct pr_arm_ucontext)
    PR_OFFSET("ucontext.uc_flags", struct pr_arm_ucontext, uc_flags)
    PR_OFFSET("ucontext.uc_link", struct pr_arm_ucontext, uc_link)
    PR_OFFSET("ucontext.uc_stack", struct pr_arm_ucontext, uc_stack)
    PR_OFFSET("ucontext.uc_mcontext", struct pr_arm_ucontext, uc_mcontext)
    PR_OFFSET("ucontext.uc_sigmask", struct pr_arm_ucontext, uc_sigmask)
    PR_OFFSET("ucontext.uc_regspace", struct pr_arm_ucontext, uc_regspace)
    PR_SIZE("sizeof ucontext.uc_regspace", ((struct pr_arm_ucontext*)0)->uc_regspace)
    PR_OFFSET("sigcontext.trap_no", struct sigcontext, trap_no)
    PR_OFFSET("sigcontext.error_code", struct sigcontext, error_code)
    PR_OFFSET("sigcontext.oldmask", struct sigcontext, oldmask)
    PR_OFFSET("sigcontext.arm_r0", struct sigcontext, arm_r0)
    PR_OFFSET("sigcontext.arm_fp", struct sigcontext, arm_fp)
    PR_OFFSET("sigcontext.arm_sp", struct sigcontext, arm_sp)
    PR_OFFSET("sigcontext.arm_pc", struct sigcontext, arm_pc)
    PR_OFFSET("sigcontext.arm_cpsr", struct sigcontext, arm_cpsr)
    PR_OFFSET("sigcontext.fault_address", struct sigcontext, fault_address)
    PR_PLAIN(VFP_MAGIC)
    PR_SIZE("sizeof vfp_sigframe", struct pr_arm_vfp_sigframe)
    PR_OFFSET("vfp_sigframe.magic", struct pr_arm_vfp_sigframe, magic)
    PR_OFFSET("vfp_sigframe.size", struct pr_arm_vfp_sigframe, size)
    PR_OFFSET("vfp_sigframe.ufp.fpregs", struct pr_arm_vfp_sigframe, ufp.fpregs)
    PR_OFFSET("vfp_sigframe.ufp.fpscr", struct pr_arm_vfp_sigframe, ufp.fpscr)
    PR_OFFSET("vfp_sigframe.ufp_exc.fpexc", struct pr_arm_vfp_sigframe, ufp_exc.fpexc)
    PR_OFFSET("vfp_sigframe.ufp_exc.fpinst", struct pr_arm_vfp_sigframe, ufp_exc.fpinst)
    PR_OFFSET("vfp_sigframe.ufp_exc.fpinst2", struct pr_arm_vfp_sigframe, ufp_exc.fpinst2)
    PR_OFFSET("aux_sigframe.vfp", struct pr_arm_aux_sigframe, vfp)
    PR_OFFSET("aux_sigframe.end_magic", struct pr_arm_aux_sigframe, end_magic)
    PR_SIZE("sizeof sigframe", struct pr_arm_sigframe)
    PR_OFFSET("sigframe.uc", struct pr_arm_sigframe, uc)
    PR_OFFSET("sigframe.retcode", struct pr_arm_sigframe, retcode)
    PR_SIZE("sizeof rt_sigframe", struct pr_arm_rt_sigframe)
    PR_OFFSET("rt_sigframe.info", struct pr_arm_rt_sigframe, info)
    PR_OFFSET("rt_sigframe.sig", struct pr_arm_rt_sigframe, sig)
#elif defined(__i386__)
    PR_SIZE("sizeof ucontext", struct pr_i386_ucontext)
    PR_OFFSET("ucontext.uc_flags", struct pr_i386_ucontext, uc_flags)
    PR_OFFSET("ucontext.uc_link", struct pr_i386_ucontext, uc_link)
    PR_OFFSET("ucontext.uc_stack", struct pr_i386_ucontext, uc_stack)
    PR_OFFSET("ucontext.uc_mcontext", struct pr_i386_ucontext, uc_mcontext)
    PR_OFFSET("ucontext.uc_sigmask", struct pr_i386_ucontext, uc_sigmask)
    PR_OFFSET("sigcontext.gs", struct sigcontext_32, gs)
    PR_OFFSET("sigcontext.fs", struct sigcontext_32, fs)
    PR_OFFSET("sigcontext.es", struct sigcontext_32, es)
    PR_OFFSET("sigcontext.ds", struct sigcontext_32, ds)
    PR_OFFSET("sigcontext.di", struct sigcontext_32, di)
    PR_OFFSET("sigcontext.si", struct sigcontext_32, si)
    PR_OFFSET("sigcontext.bp", struct sigcontext_32, bp)
    PR_OFFSET("sigcontext.sp", struct sigcontext_32, sp)
    PR_OFFSET("sigcontext.bx", struct sigcontext_32, bx)
    PR_OFFSET("sigcontext.dx", struct sigcontext_32, dx)
    PR_OFFSET("sigcontext.cx", struct sigcontext_32, cx)
    PR_OFFSET("sigcontext.ax", struct sigcontext_32, ax)
    PR_OFFSET("sigcontext.trapno", struct sigcontext_32, trapno)
    PR_OFFSET("sigcontext.err", struct sigcontext_32, err)
    PR_OFFSET("sigcontext.ip", struct sigcontext_32, ip)
    PR_OFFSET("sigcontext.cs", struct sigcontext_32, cs)
    PR_OFFSET("sigcontext.flags", struct sigcontext_32, flags)
    PR_OFFSET("sigcontext.sp_at_signal", struct sigcontext_32, sp_at_signal)
    PR_OFFSET("sigcontext.ss", struct sigcontext_32, ss)
    PR_OFFSET("sigcontext.fpstate", struct sigcontext_32, fpstate)
    PR_OFFSET("sigcontext.oldmask", struct sigcontext_32, oldmask)
    PR_OFFSET("sigcontext.cr2", struct sigcontext_32, cr2)
    PR_SIZE("sizeof fpstate", struct _fpstate_32)
    PR_OFFSET("fpstate.cw", struct _fpstate_32, cw)
    PR_OFFSET("fpstate.sw", struct _fpstate_32, sw)
    PR_OFFSET("fpstate.tag", struct _fpstate_32, tag)
    PR_OFFSET("fpstate._st", struct _fpstate_32, _st)
    PR_OFFSET("fpstate.status", struct _fpstate_32, status)
    PR_OFFSET("fpstate.magic", struct _fpstate_32, magic)
    PR_OFFSET("fpstate._fxsr_env", struct _fpstate_32, _fxsr_env)
    PR_OFFSET("fpstate.mxcsr", struct _fpstate_32, mxcsr)
    PR_OFFSET("fpstate._fxsr_st", struct _fpstate_32, _fxsr_st)
    PR_OFFSET("fpstate._xmm", struct _fpstate_32, _xmm)
    PR_SIZE("sizeof sigframe", struct pr_i386_sigframe)
    PR_OFFSET("sigframe.pretcode", struct pr_i386_sigframe, pretcode)
    PR_OFFSET("sigframe.sig", struct pr_i386_sigframe, sig)
    PR_OFFSET("sigframe.sc", struct pr_i386_sigframe, sc)
    PR_OFFSET("sigframe.extramask", struct pr_i386_sigframe, extramask)
    PR_OFFSET("sigframe.retcode", struct pr_i386_sigframe, retcode)
    PR_SIZE("sizeof rt_sigframe", struct pr_i386_rt_sigframe)
    PR_OFFSET("rt_sigframe.pretcode", struct pr_i386_rt_sigframe, pretcode)
    PR_OFFSET("rt_sigframe.sig", struct pr_i386_rt_sigframe, sig)
    PR_OFFSET("rt_sigframe.pinfo", struct pr_i386_rt_sigframe, pinfo)
    PR_OFFSET("rt_sigframe.puc", struct pr_i386_rt_sigframe, puc)
    PR_OFFSET("rt_sigframe.info", struct pr_i386_rt_sigframe, info)
    PR_OFFSET("rt_sigframe.uc", struct pr_i386_rt_sigframe, uc)
    PR_OFFSET("rt_sigframe.retcode", struct pr_i386_rt_sigframe, retcode)
#endif
#if defined(__arm__) || defined(__i386__) || defined(__s390x__)
    /* The siginfo of a 32-bit or big-endian ISA (converted field by field): where each si_code
     * class keeps its fields, and the sizes of those whose type is a pointer, long or clock_t (the
     * rest are ints). */
    PR_OFFSET("siginfo.si_signo", siginfo_t, si_signo)
    PR_OFFSET("siginfo.si_errno", siginfo_t, si_errno)
    PR_OFFSET("siginfo.si_code", siginfo_t, si_code)
    PR_OFFSET("siginfo.si_pid", siginfo_t, si_pid)
    PR_OFFSET("siginfo.si_uid", siginfo_t, si_uid)
    PR_OFFSET("siginfo.si_timerid", siginfo_t, si_tid)
    PR_OFFSET("siginfo.si_overrun", siginfo_t, si_overrun)
    PR_OFFSET("siginfo.si_value", siginfo_t, si_value)
    PR_SIZE("sizeof siginfo.si_value", ((siginfo_t*)0)->si_value)
    PR_OFFSET("siginfo.si_status", siginfo_t, si_status)
    PR_OFFSET("siginfo.si_utime", siginfo_t, si_utime)
    PR_OFFSET("siginfo.si_stime", siginfo_t, si_stime)
    PR_SIZE("sizeof siginfo.si_utime", ((siginfo_t*)0)->si_utime)
    PR_OFFSET("siginfo.si_addr", siginfo_t, si_addr)
    PR_SIZE("sizeof siginfo.si_addr", ((siginfo_t*)0)->si_addr)
    PR_OFFSET("siginfo.si_addr_lsb", siginfo_t, si_addr_lsb)
    PR_SIZE("sizeof siginfo.si_addr_lsb", ((siginfo_t*)0)->si_addr_lsb)
    PR_OFFSET("siginfo.si_lower", siginfo_t, si_lower)
    PR_OFFSET("siginfo.si_upper", siginfo_t, si_upper)
    PR_OFFSET("siginfo.si_pkey", siginfo_t, si_pkey)
    PR_OFFSET("siginfo.si_perf_data", siginfo_t, si_perf_data)
    PR_OFFSET("siginfo.si_perf_type", siginfo_t, si_perf_type)
    PR_OFFSET("siginfo.si_perf_flags", siginfo_t, si_perf_flags)
    PR_OFFSET("siginfo.si_band", siginfo_t, si_band)
    PR_SIZE("sizeof siginfo.si_band", ((siginfo_t*)0)->si_band)
    PR_OFFSET("siginfo.si_fd", siginfo_t, si_fd)
    PR_OFFSET("siginfo.si_call_addr", siginfo_t, si_call_addr)
    PR_OFFSET("siginfo.si_syscall", siginfo_t, si_syscall)
    PR_OFFSET("siginfo.si_arch", siginfo_t, si_arch)
#endif
#if defined(__arm__) || defined(__i386__)
    PR_SIZE("sizeof old_sigaction", struct pr_old_sigaction)
    PR_OFFSET("old_sigaction.sa_handler", struct pr_old_sigaction, handler)
    PR_OFFSET("old_sigaction.sa_mask", struct pr_old_sigaction, mask)
    PR_OFFSET("old_sigaction.sa_flags", struct pr_old_sigaction, flags)
    PR_OFFSET("old_sigaction.sa_restorer", struct pr_old_sigaction, restorer)
#endif
    PR_END};

/* The structures whose sizes and field lists the tables carry, in the table's order. */
#define PR_LAYOUTS(X) \
  X(struct stat, stat_fields) \
  X(struct statfs, statfs_fields) \
  X(struct epoll_event, epoll_fields) \
  X(struct flock, flock_fields) \
  X(struct pr_kernel_sigaction, sigaction_fields) \
  X(struct termios, termios_fields) \
  X(struct termios2, termios2_fields) \
  X(struct sockaddr_in, sockaddr_in_fields) \
  X(struct sockaddr_in6, sockaddr_in6_fields) \
  X(struct sockaddr_un, sockaddr_un_fields) \
  PR_STAT64(X) \
  X(struct statfs64, statfs64_fields) \
  X(struct flock64, flock64_fields) \
  X(struct iovec, iovec_fields) \
  X(struct pr_user_msghdr, msghdr_fields) \
  X(struct pr_cmsghdr, cmsghdr_fields) \
  X(stack_t, stack_fields) \
  X(struct timespec, timespec_fields) \
  X(struct timeval, timeval_fields) \
  X(struct itimerspec, itimerspec_fields) \
  X(struct itimerval, itimerval_fields) \
  X(struct __kernel_timespec, kernel_timespec_fields) \
  X(struct rlimit, rlimit_fields) \
  X(struct rusage, rusage_fields) \
  X(struct sysinfo, sysinfo_fields) \
  X(struct tms, tms_fields)
#if __BITS_PER_LONG == 32
#define PR_STAT64(X) X(struct stat64, stat64_fields)
#else
#define PR_STAT64(X) PR_NO_LAYOUT
#endif

#if defined(PR_PROBE)
#define PR_LAYOUT_SIZE(S, fields) PR_V(sizeof(S)),
#define PR_NO_LAYOUT
struct pr_pair pr_layout_sizes[] = {PR_LAYOUTS(PR_LAYOUT_SIZE) PR_V(sizeof(long)), PR_V(PR_BIG_ENDIAN)};
#else
#define PR_TABLE(t) { t, PR_COUNT(t) - 1 }

const struct pr_kernel_abi PR_ABI_SYMBOL = {
    PR_ABI_NAME,
    PR_TABLE(sysnos),
    PR_TABLE(errnos),
    PR_TABLE(open_flags),
    PR_TABLE(mmap_flags),
    PR_TABLE(prot_flags),
    PR_TABLE(hwcaps),
    PR_TABLE(ioctls),
    PR_TABLE(signals),
    PR_TABLE(same),
    PR_TABLE(fcntl_cmds),
    PR_TABLE(signal_frame),
#define PR_NO_LAYOUT {0, 0, 0},
    PR_LAYOUTS(PR_LAYOUT)
    PR_V(sizeof(long)),
    PR_V(PR_BIG_ENDIAN),
};
#endif
