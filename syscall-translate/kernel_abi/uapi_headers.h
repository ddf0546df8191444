/* Every Linux UAPI header whose facts polyrun takes: compiled against one ISA's kernel headers
 * with -nostdinc, so nothing here may include libc headers. */
#include <asm/bitsperlong.h>
#include <asm/unistd.h>
#include <asm/errno.h>
#include <asm/fcntl.h>
#include <asm/mman.h>
#include <linux/mman.h>
#include <asm/signal.h>
#include <linux/signal.h>
#include <asm/siginfo.h>
#if defined(__aarch64__) || defined(__riscv)
#include <asm/sigcontext.h>
#include <asm/ucontext.h>
#elif defined(__s390x__)
#include <asm/sigcontext.h>
#include <asm/ucontext.h>
#elif defined(__arm__) || defined(__i386__)
#include <asm/sigcontext.h> /* (no asm/ucontext.h of theirs: kernel_abi.c declares their ucontext) */
#endif
#include <asm/stat.h>
#include <asm/statfs.h>
#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <linux/serial.h>
#include <linux/eventpoll.h>
#include <linux/fcntl.h>
#include <linux/fadvise.h>
#include <asm/poll.h>
#include <asm/socket.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/tcp.h>
#include <linux/un.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/resource.h>
#include <linux/sysinfo.h>
#include <linux/times.h>
#if __has_include(<asm/hwcap.h>)
#include <asm/hwcap.h>
#endif
#if defined(__arm__) && !defined(HWCAP_FPHP)
/* 32-bit ARM's AT_HWCAP bits for ARMv8.2's and 8.6's AArch32 instructions and AT_HWCAP2's for SB and
 * SSBS, which Debian 12's arm headers (Linux 6.1) do not have yet: their values as later kernels'
 * arch/arm/include/uapi/asm/hwcap.h gives them (Linux 6.2). */
#define HWCAP_FPHP (1 << 22)
#define HWCAP_ASIMDHP (1 << 23)
#define HWCAP_ASIMDDP (1 << 24)
#define HWCAP_ASIMDFHM (1 << 25)
#define HWCAP_ASIMDBF16 (1 << 26)
#define HWCAP_I8MM (1 << 27)
#define HWCAP2_SB (1 << 5)
#define HWCAP2_SSBS (1 << 6)
#endif
#if defined(__riscv) && !defined(__NR_riscv_hwprobe)
/* riscv_hwprobe (Linux 6.4), which Debian 12's riscv64 headers (Linux 6.1) do not have yet: its
 * number as later kernels' asm/unistd.h gives it. */
#define __NR_riscv_hwprobe (__NR_arch_specific_syscall + 14)
#endif
