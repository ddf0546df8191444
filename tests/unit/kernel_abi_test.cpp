// The generated kernel ABI tables against facts of Linux 6.1's UAPI, and the translations built
// on them.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <termios.h>

#include <cstddef>
#include <string>

#include "syscall-translate/kernel_abi_map.h"

using namespace polyrun::linux_abi;

#if defined(POLYRUN_KABI_HOSTCC_aarch64)
extern "C" const pr_kernel_abi pr_kernel_abi_aarch64_hostcc;
#endif
#if defined(POLYRUN_KABI_HOSTCC_riscv64)
extern "C" const pr_kernel_abi pr_kernel_abi_riscv64_hostcc;
#endif

namespace {

void expect_same_tables(const pr_named_table& a, const pr_named_table& b, const char* what) {
  ASSERT_EQ(a.count, b.count) << what;
  for (unsigned i = 0; i < a.count; ++i) {
    EXPECT_STREQ(a.entries[i].name, b.entries[i].name) << what;
    EXPECT_EQ(a.entries[i].value, b.entries[i].value) << what << " " << a.entries[i].name;
  }
}

void expect_same_layout(const pr_layout& a, const pr_layout& b, const char* what) {
  EXPECT_EQ(a.size, b.size) << what;
  ASSERT_EQ(a.nfields, b.nfields) << what;
  for (unsigned i = 0; i < a.nfields; ++i) {
    EXPECT_EQ(a.fields[i].offset, b.fields[i].offset) << what << " field " << i;
    EXPECT_EQ(a.fields[i].size, b.fields[i].size) << what << " field " << i;
    EXPECT_EQ(a.fields[i].is_signed, b.fields[i].is_signed) << what << " field " << i;
  }
}

// The tables come from the guest's compiler (a probe object it builds, read back by
// cmake/kabi_probe.py): for a 64-bit little-endian ISA they must be what the host compiler makes
// of the same headers, value for value — the check that the probe reads every value back into
// its place, which 32-bit ISAs will depend on.
void expect_probe_matches_host(const pr_kernel_abi& probe, const pr_kernel_abi& host) {
  expect_same_tables(probe.sysnos, host.sysnos, "sysnos");
  expect_same_tables(probe.errnos, host.errnos, "errnos");
  expect_same_tables(probe.open_flags, host.open_flags, "open flags");
  expect_same_tables(probe.mmap_flags, host.mmap_flags, "mmap flags");
  expect_same_tables(probe.prot_flags, host.prot_flags, "prot flags");
  expect_same_tables(probe.hwcaps, host.hwcaps, "hwcaps");
  expect_same_tables(probe.ioctls, host.ioctls, "ioctls");
  expect_same_tables(probe.signals, host.signals, "signals");
  expect_same_tables(probe.same, host.same, "same");
  expect_same_tables(probe.signal_frame, host.signal_frame, "signal frame");
  expect_same_layout(probe.stat, host.stat, "stat");
  expect_same_layout(probe.statfs, host.statfs, "statfs");
  expect_same_layout(probe.epoll_event, host.epoll_event, "epoll_event");
  expect_same_layout(probe.flock, host.flock, "flock");
  expect_same_layout(probe.sigaction, host.sigaction, "sigaction");
  expect_same_layout(probe.termios, host.termios, "termios");
  expect_same_layout(probe.termios2, host.termios2, "termios2");
  expect_same_layout(probe.sockaddr_in, host.sockaddr_in, "sockaddr_in");
  expect_same_layout(probe.sockaddr_in6, host.sockaddr_in6, "sockaddr_in6");
  expect_same_layout(probe.sockaddr_un, host.sockaddr_un, "sockaddr_un");
}

#if defined(POLYRUN_KABI_HOSTCC_aarch64)
TEST(KernelAbi, Aarch64TablesFromTheGuestCompilerAreTheHostCompilers) {
  expect_probe_matches_host(pr_kernel_abi_aarch64, pr_kernel_abi_aarch64_hostcc);
}
#endif
#if defined(POLYRUN_KABI_HOSTCC_riscv64)
TEST(KernelAbi, Riscv64TablesFromTheGuestCompilerAreTheHostCompilers) {
  expect_probe_matches_host(pr_kernel_abi_riscv64, pr_kernel_abi_riscv64_hostcc);
}
#endif

TEST(KernelAbi, Aarch64SyscallNumbers) {
  const auto& g = pr_kernel_abi_aarch64;
  EXPECT_EQ(lookup(g.sysnos, "openat"), 56);
  EXPECT_EQ(lookup(g.sysnos, "write"), 64);
  EXPECT_EQ(lookup(g.sysnos, "exit_group"), 94);
  EXPECT_EQ(lookup(g.sysnos, "clone3"), 435);
  EXPECT_EQ(lookup(g.sysnos, "open"), -1);  // aarch64 has only openat
  EXPECT_EQ(lookup(pr_kernel_abi_host.sysnos, "openat"), SYS_openat);
}

TEST(KernelAbi, StructLayoutsDiffer) {
  EXPECT_EQ(pr_kernel_abi_aarch64.stat.size, 128u);  // asm-generic struct stat
  EXPECT_EQ(pr_kernel_abi_host.stat.size, 144u);     // x86-64 struct stat
  EXPECT_EQ(pr_kernel_abi_aarch64.stat.fields[PR_STAT_NLINK].size, 4u);
  EXPECT_EQ(pr_kernel_abi_host.stat.fields[PR_STAT_NLINK].size, 8u);
  EXPECT_EQ(pr_kernel_abi_aarch64.epoll_event.size, 16u);
  EXPECT_EQ(pr_kernel_abi_host.epoll_event.size, 12u);  // packed on x86-64
  EXPECT_FALSE(same_layout(pr_kernel_abi_aarch64.stat, pr_kernel_abi_host.stat));
  EXPECT_EQ(pr_kernel_abi_aarch64.sigaction.size, 32u);
}

TEST(KernelAbi, StatConvertsFieldByField) {
  struct stat host {};
  host.st_ino = 0x123456789ull;
  host.st_mode = S_IFREG | 0644;
  host.st_nlink = 3;
  host.st_size = 1ll << 40;
  host.st_blksize = 4096;
  host.st_mtim.tv_sec = 1700000000;
  host.st_mtim.tv_nsec = 999;
  static_assert(sizeof(struct stat) == 144);
  alignas(8) uint8_t guest[128];
  convert_struct(pr_kernel_abi_host.stat, &host, pr_kernel_abi_aarch64.stat, guest);
  auto at = [&](int f) { return pr_kernel_abi_aarch64.stat.fields[f].offset; };
  EXPECT_EQ(*reinterpret_cast<uint64_t*>(guest + at(PR_STAT_INO)), 0x123456789ull);
  EXPECT_EQ(*reinterpret_cast<uint32_t*>(guest + at(PR_STAT_MODE)), S_IFREG | 0644u);
  EXPECT_EQ(*reinterpret_cast<uint32_t*>(guest + at(PR_STAT_NLINK)), 3u);
  EXPECT_EQ(*reinterpret_cast<int64_t*>(guest + at(PR_STAT_SIZE)), 1ll << 40);
  EXPECT_EQ(*reinterpret_cast<int32_t*>(guest + at(PR_STAT_BLKSIZE)), 4096);
  EXPECT_EQ(*reinterpret_cast<int64_t*>(guest + at(PR_STAT_MTIME)), 1700000000);
  EXPECT_EQ(*reinterpret_cast<uint64_t*>(guest + at(PR_STAT_MTIME_NSEC)), 999u);
}

TEST(KernelAbi, OpenFlagsTranslateByName) {
  KernelAbiMap m(pr_kernel_abi_aarch64, pr_kernel_abi_host);
  // aarch64: O_DIRECTORY 040000, O_NOFOLLOW 0100000, O_DIRECT 0200000, O_LARGEFILE 0400000.
  EXPECT_EQ(m.open_flags_to_host(040000), static_cast<uint64_t>(O_DIRECTORY));
  EXPECT_EQ(m.open_flags_to_host(0100000), static_cast<uint64_t>(O_NOFOLLOW));
  EXPECT_EQ(m.open_flags_to_host(0200000), static_cast<uint64_t>(O_DIRECT));
  EXPECT_EQ(m.open_flags_to_host(02 | 0100 | 02000000), static_cast<uint64_t>(O_RDWR | O_CREAT | O_CLOEXEC));
  EXPECT_EQ(m.open_flags_to_guest(O_DIRECTORY | O_WRONLY), 040001u);
  // O_TMPFILE is composite (__O_TMPFILE | O_DIRECTORY): its bits follow.
  EXPECT_EQ(m.open_flags_to_host(020000000 | 040000), static_cast<uint64_t>(O_TMPFILE));
}

TEST(KernelAbi, HwcapNamesComeFromTheGuestHeaders) {
  EXPECT_EQ(lookup(pr_kernel_abi_aarch64.hwcaps, "HWCAP_FP"), 1);
  EXPECT_EQ(lookup(pr_kernel_abi_aarch64.hwcaps, "HWCAP_ASIMD"), 2);
  EXPECT_EQ(lookup(pr_kernel_abi_aarch64.hwcaps, "HWCAP_CRC32"), 1 << 7);
}

TEST(KernelAbi, IoctlRequestsMapByName) {
  KernelAbiMap m(pr_kernel_abi_aarch64, pr_kernel_abi_host);
  EXPECT_EQ(lookup(pr_kernel_abi_aarch64.ioctls, "TCGETS"), 0x5401);
  EXPECT_EQ(m.ioctl_to_host(0x5401), static_cast<uint64_t>(TCGETS));
  EXPECT_EQ(m.ioctl_to_host(0x5413), static_cast<uint64_t>(TIOCGWINSZ));
  EXPECT_EQ(m.ioctl_to_host(0x12345678), 0u);
}

TEST(KernelAbi, ErrnoMapsByName) {
  KernelAbiMap m(pr_kernel_abi_aarch64, pr_kernel_abi_host);
  EXPECT_EQ(m.guest_errno(ENOENT), 2);
  EXPECT_EQ(m.guest_errno(ENOSYS), 38);
  EXPECT_EQ(m.host_errno(m.guest_errno(EWOULDBLOCK)), EAGAIN);
}

// The socket, poll/epoll and termios constants that handlers pass through unchanged.
TEST(KernelAbi, PassThroughConstantsHaveTheGuestsValuesOnTheHost) {
  const auto& g = pr_kernel_abi_aarch64.same;
  const auto& h = pr_kernel_abi_host.same;
  unsigned matched = 0;
  for (unsigned i = 0; i < g.count; ++i) {
    long long hv = lookup(h, g.entries[i].name, -0x7fffffff);
    if (hv == -0x7fffffff) continue;  // newer than the host's headers
    EXPECT_EQ(g.entries[i].value, hv) << g.entries[i].name;
    ++matched;
  }
  EXPECT_GT(matched, 400u);
  EXPECT_EQ(lookup(g, "SOL_SOCKET"), SOL_SOCKET);
  EXPECT_EQ(lookup(g, "SO_REUSEADDR"), SO_REUSEADDR);
  EXPECT_EQ(lookup(g, "SO_RCVTIMEO"), SO_RCVTIMEO);  // the timeval flavour on 64-bit ISAs
  EXPECT_EQ(lookup(g, "SCM_TIMESTAMP"), SCM_TIMESTAMP);  // SCM_RIGHTS and SCM_CREDENTIALS are not UAPI
  EXPECT_EQ(lookup(g, "TCP_NODELAY"), 1);
  EXPECT_EQ(lookup(g, "POLLRDHUP"), 0x2000);
  EXPECT_EQ(lookup(g, "EPOLLET"), static_cast<long long>(EPOLLET));
  EXPECT_EQ(lookup(g, "ICANON"), ICANON);
  EXPECT_EQ(lookup(g, "VMIN"), VMIN);
  EXPECT_EQ(lookup(g, "TCGETS"), -1);  // ioctl requests are translated by name instead
}

TEST(KernelAbi, TermiosAndSocketAddressesHaveOneLayout) {
 for (const pr_kernel_abi* guest : {&pr_kernel_abi_aarch64, &pr_kernel_abi_riscv64}) {
  SCOPED_TRACE(guest->name);
  const auto& g = *guest;
  const auto& h = pr_kernel_abi_host;
  EXPECT_EQ(g.termios.size, 36u);  // the kernel's struct termios, not libc's
  EXPECT_TRUE(same_layout(g.termios, h.termios));
  EXPECT_EQ(g.termios2.size, 44u);  // and termios2, with the two speeds
  EXPECT_TRUE(same_layout(g.termios2, h.termios2));
  EXPECT_EQ(g.sockaddr_in.size, 16u);
  EXPECT_TRUE(same_layout(g.sockaddr_in, h.sockaddr_in));
  EXPECT_EQ(g.sockaddr_in6.size, 28u);
  EXPECT_TRUE(same_layout(g.sockaddr_in6, h.sockaddr_in6));
  EXPECT_EQ(g.sockaddr_un.size, 110u);
  EXPECT_TRUE(same_layout(g.sockaddr_un, h.sockaddr_un));
 }
}

// msghdr, cmsghdr, mmsghdr, iovec, linger, ucred and timeval are not in the UAPI headers: the
// kernel declares them once for every ISA (include/linux/socket.h) with pointer- and long-sized
// fields, so every LP64 ISA has the layout below. The host's must be it for the socket calls to
// pass the guest's structs through.
TEST(KernelAbi, HostSocketStructsHaveTheLp64KernelLayout) {
  EXPECT_EQ(sizeof(struct msghdr), 56u);
  EXPECT_EQ(offsetof(struct msghdr, msg_namelen), 8u);
  EXPECT_EQ(offsetof(struct msghdr, msg_iov), 16u);
  EXPECT_EQ(offsetof(struct msghdr, msg_iovlen), 24u);
  EXPECT_EQ(offsetof(struct msghdr, msg_control), 32u);
  EXPECT_EQ(offsetof(struct msghdr, msg_controllen), 40u);
  EXPECT_EQ(offsetof(struct msghdr, msg_flags), 48u);
  EXPECT_EQ(sizeof(struct mmsghdr), 64u);
  EXPECT_EQ(offsetof(struct mmsghdr, msg_len), 56u);
  EXPECT_EQ(sizeof(struct cmsghdr), 16u);
  EXPECT_EQ(offsetof(struct cmsghdr, cmsg_level), 8u);
  EXPECT_EQ(offsetof(struct cmsghdr, cmsg_type), 12u);
  EXPECT_EQ(CMSG_ALIGN(1), 8u);
  EXPECT_EQ(sizeof(struct iovec), 16u);
  EXPECT_EQ(sizeof(struct linger), 8u);
  EXPECT_EQ(sizeof(struct ucred), 12u);
  EXPECT_EQ(sizeof(struct timeval), 16u);
  EXPECT_EQ(sizeof(struct sockaddr_storage), 128u);
}

TEST(KernelAbi, SignalSetsMapByName) {
  KernelAbiMap m(pr_kernel_abi_aarch64, pr_kernel_abi_host);
  EXPECT_EQ(lookup(pr_kernel_abi_aarch64.signals, "SIGUSR1"), 10);
  EXPECT_EQ(lookup(pr_kernel_abi_aarch64.signals, "SIGSTKSZ"), -1);  // a size, not a signal
  auto bit = [](int sig) { return 1ull << (sig - 1); };
  EXPECT_EQ(m.sigset_to_host(bit(10) | bit(17) | bit(28)), bit(SIGUSR1) | bit(SIGCHLD) | bit(SIGWINCH));
  EXPECT_EQ(m.sigset_to_host(bit(34) | bit(64)), bit(34) | bit(64));  // SIGRTMIN+2, SIGRTMAX
  EXPECT_EQ(m.sigset_to_host(~0ull), ~0ull);
  EXPECT_EQ(m.sigset_to_guest(bit(SIGPIPE)), bit(13));
}

}  // namespace

// s390x: the host's layouts in the other byte order. Its table says so, field by field, so that
// no layout is taken for the host's, and fields convert with their bytes reversed.
TEST(KernelAbi, S390xLayoutsAreBigEndian) {
  const pr_kernel_abi& s = pr_kernel_abi_s390x;
  EXPECT_EQ(s.big_endian, 1u);
  EXPECT_EQ(pr_kernel_abi_aarch64.big_endian, 0u);
  EXPECT_EQ(pr_kernel_abi_host.big_endian, 0u);
  EXPECT_EQ(s.word_size, 8u);
  // timespec: the host's offsets and sizes, not the host's layout.
  ASSERT_EQ(s.timespec.size, pr_kernel_abi_host.timespec.size);
  for (unsigned i = 0; i < s.timespec.nfields; ++i) {
    EXPECT_EQ(s.timespec.fields[i].offset, pr_kernel_abi_host.timespec.fields[i].offset);
    EXPECT_EQ(s.timespec.fields[i].big_endian, 1);
  }
  EXPECT_FALSE(same_layout(s.timespec, pr_kernel_abi_host.timespec));
  EXPECT_FALSE(same_layout(s.iovec, pr_kernel_abi_host.iovec));
  EXPECT_TRUE(same_layout(pr_kernel_abi_aarch64.iovec, pr_kernel_abi_host.iovec));

  struct stat host {};
  host.st_mode = S_IFDIR | 0755;
  host.st_size = 0x0102030405060708ll;
  host.st_nlink = 2;
  alignas(8) uint8_t guest[160] = {};
  ASSERT_LE(s.stat.size, sizeof guest);
  convert_struct(pr_kernel_abi_host.stat, &host, s.stat, guest);
  const uint8_t* size = guest + s.stat.fields[PR_STAT_SIZE].offset;
  EXPECT_EQ(size[0], 0x01);
  EXPECT_EQ(size[7], 0x08);
  EXPECT_EQ(get_field(guest, s.stat.fields[PR_STAT_MODE]), static_cast<uint64_t>(S_IFDIR | 0755));
  struct stat back {};
  convert_struct(s.stat, guest, pr_kernel_abi_host.stat, &back);
  EXPECT_EQ(back.st_size, host.st_size);
  EXPECT_EQ(back.st_nlink, 2u);

  // A signed field narrower than the value: sign-extended from the guest's order.
  const pr_field f{0, 4, 1, 1};
  uint8_t w[4];
  put_field(w, f, static_cast<uint64_t>(-2));
  EXPECT_EQ(w[0], 0xff);
  EXPECT_EQ(w[3], 0xfe);
  EXPECT_EQ(get_field(w, f), static_cast<uint64_t>(-2));
}

TEST(KernelAbi, S390xPassThroughConstantsAndHwcaps) {
  const auto& g = pr_kernel_abi_s390x.same;
  unsigned matched = 0;
  for (unsigned i = 0; i < g.count; ++i) {
    long long hv = lookup(pr_kernel_abi_host.same, g.entries[i].name, -0x7fffffff);
    if (hv == -0x7fffffff) continue;
    EXPECT_EQ(g.entries[i].value, hv) << g.entries[i].name;
    ++matched;
  }
  EXPECT_GT(matched, 400u);
  // Linux's arch/s390 numbering (not in its UAPI headers); fadvise's own two values.
  EXPECT_EQ(lookup(pr_kernel_abi_s390x.hwcaps, "HWCAP_S390_ZARCH"), 2);
  EXPECT_EQ(lookup(pr_kernel_abi_s390x.hwcaps, "HWCAP_S390_VXRS"), 2048);
  EXPECT_EQ(lookup(pr_kernel_abi_s390x.fcntl_cmds, "POSIX_FADV_DONTNEED"), 6);
  EXPECT_EQ(lookup(pr_kernel_abi_host.fcntl_cmds, "POSIX_FADV_DONTNEED"), 4);
  EXPECT_EQ(lookup(pr_kernel_abi_s390x.sysnos, "socketcall"), 102);
}
