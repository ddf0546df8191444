/* One ISA's kernel ABI tables. Compiled once per ISA with -nostdinc against that ISA's UAPI
 * headers; PR_ABI_SYMBOL, PR_ABI_NAME and PR_ABI_LISTS (the generated name lists) are set by
 * cmake/KernelAbi.cmake. */
#include "uapi_headers.h"
#include "kernel_abi.h"

#define PR_SCALAR(S, m) \
  { __builtin_offsetof(S, m), sizeof(((S*)0)->m), ((__typeof__(((S*)0)->m))-1) < 0 }
#define PR_BYTES(S, m) { __builtin_offsetof(S, m), sizeof(((S*)0)->m), 0 }
#define PR_COUNT(a) (unsigned)(sizeof(a) / sizeof((a)[0]))
#define PR_LAYOUT(S, fields) { sizeof(S), PR_COUNT(fields), fields }

static const struct pr_field stat_fields[PR_STAT_NFIELDS] = {
    PR_SCALAR(struct stat, st_dev),        PR_SCALAR(struct stat, st_ino),
    PR_SCALAR(struct stat, st_mode),       PR_SCALAR(struct stat, st_nlink),
    PR_SCALAR(struct stat, st_uid),        PR_SCALAR(struct stat, st_gid),
    PR_SCALAR(struct stat, st_rdev),       PR_SCALAR(struct stat, st_size),
    PR_SCALAR(struct stat, st_blksize),    PR_SCALAR(struct stat, st_blocks),
    PR_SCALAR(struct stat, st_atime),      PR_SCALAR(struct stat, st_atime_nsec),
    PR_SCALAR(struct stat, st_mtime),      PR_SCALAR(struct stat, st_mtime_nsec),
    PR_SCALAR(struct stat, st_ctime),      PR_SCALAR(struct stat, st_ctime_nsec),
};

static const struct pr_field statfs_fields[PR_STATFS_NFIELDS] = {
    PR_SCALAR(struct statfs, f_type),   PR_SCALAR(struct statfs, f_bsize),
    PR_SCALAR(struct statfs, f_blocks), PR_SCALAR(struct statfs, f_bfree),
    PR_SCALAR(struct statfs, f_bavail), PR_SCALAR(struct statfs, f_files),
    PR_SCALAR(struct statfs, f_ffree),  PR_BYTES(struct statfs, f_fsid),
    PR_SCALAR(struct statfs, f_namelen), PR_SCALAR(struct statfs, f_frsize),
    PR_SCALAR(struct statfs, f_flags),
};

static const struct pr_field epoll_fields[PR_EPOLL_NFIELDS] = {
    PR_SCALAR(struct epoll_event, events), PR_SCALAR(struct epoll_event, data),
};

static const struct pr_field flock_fields[PR_FLOCK_NFIELDS] = {
    PR_SCALAR(struct flock, l_type),  PR_SCALAR(struct flock, l_whence),
    PR_SCALAR(struct flock, l_start), PR_SCALAR(struct flock, l_len),
    PR_SCALAR(struct flock, l_pid),
};

static const struct pr_field sigaction_fields[PR_SIGACTION_NFIELDS] = {
    PR_BYTES(struct sigaction, sa_handler),
    PR_SCALAR(struct sigaction, sa_flags),
#ifdef SA_RESTORER
    PR_BYTES(struct sigaction, sa_restorer),
#else
    {0, 0, 0},
#endif
    PR_BYTES(struct sigaction, sa_mask),
};

static const struct pr_field termios_fields[PR_TERMIOS_NFIELDS] = {
    PR_SCALAR(struct termios, c_iflag), PR_SCALAR(struct termios, c_oflag),
    PR_SCALAR(struct termios, c_cflag), PR_SCALAR(struct termios, c_lflag),
    PR_SCALAR(struct termios, c_line),  PR_BYTES(struct termios, c_cc),
};

static const struct pr_field termios2_fields[PR_TERMIOS2_NFIELDS] = {
    PR_SCALAR(struct termios2, c_iflag), PR_SCALAR(struct termios2, c_oflag),
    PR_SCALAR(struct termios2, c_cflag), PR_SCALAR(struct termios2, c_lflag),
    PR_SCALAR(struct termios2, c_line),  PR_BYTES(struct termios2, c_cc),
    PR_SCALAR(struct termios2, c_ispeed), PR_SCALAR(struct termios2, c_ospeed),
};

static const struct pr_field sockaddr_in_fields[PR_SIN_NFIELDS] = {
    PR_SCALAR(struct sockaddr_in, sin_family), PR_SCALAR(struct sockaddr_in, sin_port),
    PR_BYTES(struct sockaddr_in, sin_addr),
};

static const struct pr_field sockaddr_in6_fields[PR_SIN6_NFIELDS] = {
    PR_SCALAR(struct sockaddr_in6, sin6_family), PR_SCALAR(struct sockaddr_in6, sin6_port),
    PR_SCALAR(struct sockaddr_in6, sin6_flowinfo), PR_BYTES(struct sockaddr_in6, sin6_addr),
    PR_SCALAR(struct sockaddr_in6, sin6_scope_id),
};

static const struct pr_field sockaddr_un_fields[PR_SUN_NFIELDS] = {
    PR_SCALAR(struct sockaddr_un, sun_family), PR_BYTES(struct sockaddr_un, sun_path),
};

#define PR_NAMED(prefix, n) {#n, (long long)(prefix##n)},
#define PR_SYSNO(n) PR_NAMED(__NR_, n)
#define PR_PLAIN(n) {#n, (long long)(n)},
#define PR_END {0, 0}

static const struct pr_named sysnos[] = {
#define PR_LIST_SYSNO PR_SYSNO
#define PR_LIST_ERRNO(n)
#define PR_LIST_OPEN(n)
#define PR_LIST_MMAP(n)
#define PR_LIST_PROT(n)
#define PR_LIST_HWCAP(n)
#define PR_LIST_IOCTL(n)
#define PR_LIST_SIGNAL(n)
#define PR_LIST_SAME(n)
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_SYSNO
#undef PR_LIST_ERRNO
#define PR_LIST_SYSNO(n)
#define PR_LIST_ERRNO PR_PLAIN
static const struct pr_named errnos[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_ERRNO
#undef PR_LIST_OPEN
#define PR_LIST_ERRNO(n)
#define PR_LIST_OPEN PR_PLAIN
static const struct pr_named open_flags[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_OPEN
#undef PR_LIST_MMAP
#define PR_LIST_OPEN(n)
#define PR_LIST_MMAP PR_PLAIN
static const struct pr_named mmap_flags[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_MMAP
#undef PR_LIST_PROT
#define PR_LIST_MMAP(n)
#define PR_LIST_PROT PR_PLAIN
static const struct pr_named prot_flags[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_PROT
#undef PR_LIST_HWCAP
#define PR_LIST_PROT(n)
#define PR_LIST_HWCAP PR_PLAIN
static const struct pr_named hwcaps[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_HWCAP
#undef PR_LIST_IOCTL
#define PR_LIST_HWCAP(n)
#define PR_LIST_IOCTL PR_PLAIN
static const struct pr_named ioctls[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_IOCTL
#undef PR_LIST_SIGNAL
#define PR_LIST_IOCTL(n)
#define PR_LIST_SIGNAL PR_PLAIN
static const struct pr_named signals[] = {
#include PR_ABI_LISTS
    PR_END};
#undef PR_LIST_SIGNAL
#undef PR_LIST_SAME
#define PR_LIST_SIGNAL(n)
#define PR_LIST_SAME PR_PLAIN
static const struct pr_named same[] = {
#include PR_ABI_LISTS
    PR_END};

/* What delivering a signal needs: sigaction flags, alternate stack flags, si_code values, and the
 * ISA's signal frame (offsets in its ucontext, sigcontext and FP/SIMD records). The frame's
 * entries exist only for ISAs polyrun builds signal frames for. */
#define PR_OFFSET(name, S, m) {name, (long long)__builtin_offsetof(S, m)},
#define PR_SIZE(name, T) {name, (long long)sizeof(T)},
static const struct pr_named signal_frame[] = {
    PR_PLAIN(SA_SIGINFO) PR_PLAIN(SA_ONSTACK) PR_PLAIN(SA_RESTART) PR_PLAIN(SA_NODEFER)
    PR_PLAIN(SA_RESETHAND)
#ifdef SA_RESTORER /* (riscv has none: handlers return through the vDSO's code) */
    PR_PLAIN(SA_RESTORER)
#endif
    PR_PLAIN(SS_ONSTACK) PR_PLAIN(SS_DISABLE) PR_PLAIN(SS_AUTODISARM)
    PR_PLAIN(SA_NOCLDSTOP) PR_PLAIN(SA_NOCLDWAIT) PR_PLAIN(MINSIGSTKSZ)
    PR_PLAIN(SI_USER) PR_PLAIN(SI_KERNEL) PR_PLAIN(SI_TKILL) PR_PLAIN(SEGV_MAPERR)
    PR_PLAIN(SEGV_ACCERR) PR_PLAIN(ILL_ILLOPC) PR_PLAIN(TRAP_BRKPT) PR_PLAIN(FPE_INTDIV)
    PR_PLAIN(TRAP_TRACE) PR_PLAIN(BUS_ADRALN) PR_PLAIN(FPE_FLTINV) PR_PLAIN(FPE_FLTDIV) PR_PLAIN(FPE_FLTOVF)
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
#endif
    PR_END};

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
    PR_TABLE(signal_frame),
    PR_LAYOUT(struct stat, stat_fields),
    PR_LAYOUT(struct statfs, statfs_fields),
    PR_LAYOUT(struct epoll_event, epoll_fields),
    PR_LAYOUT(struct flock, flock_fields),
    PR_LAYOUT(struct sigaction, sigaction_fields),
    PR_LAYOUT(struct termios, termios_fields),
    PR_LAYOUT(struct termios2, termios2_fields),
    PR_LAYOUT(struct sockaddr_in, sockaddr_in_fields),
    PR_LAYOUT(struct sockaddr_in6, sockaddr_in6_fields),
    PR_LAYOUT(struct sockaddr_un, sockaddr_un_fields),
};
