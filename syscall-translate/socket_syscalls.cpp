// Sockets: AF_UNIX, AF_INET, AF_INET6 and AF_NETLINK through the host's sockets.
//
// What is handed to the host unchanged, and why that is right on every 64-bit ISA polyrun runs:
// - AF_*, SOCK_* types, MSG_* flags, SCM_RIGHTS/SCM_CREDENTIALS: the kernel's generic values
//   (include/linux/socket.h, linux/net.h), one set for every ISA but MIPS, SPARC and Alpha.
// - SOL_*, SO_*, IPPROTO_*, IP_*, IPV6_*, TCP_* and the socket addresses: UAPI, compared
//   between guest and host by kernel_abi_test.
// - struct msghdr, mmsghdr, cmsghdr, iovec, linger, ucred, timeval: declared once by the kernel
//   with pointer- and long-sized fields, so one layout on every LP64 ISA (kernel_abi_test checks
//   the host's). The guest's msghdr, iovecs and control buffers are therefore passed as they are,
//   once every buffer they name is known to be guest memory.
// - AF_NETLINK messages are made of fixed-width fields, the same for every little-endian ISA.
// Other families answer EAFNOSUPPORT. Descriptors are host descriptors, so SCM_RIGHTS needs no
// translation either. SOCK_NONBLOCK and SOCK_CLOEXEC are open-flag bits: those are translated.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

constexpr uint32_t kSockTypeMask = 0xf;           // SOCK_TYPE_MASK: the rest are creation flags
constexpr int64_t kSockaddrMax = sizeof(struct sockaddr_storage);
constexpr uint64_t kMaxIov = 1024;                // UIO_MAXIOV

int arg_int(uint64_t v) { return static_cast<int>(static_cast<uint32_t>(v)); }

bool family_supported(int domain) {
  switch (domain) {
    case AF_UNIX: case AF_INET: case AF_INET6: case AF_NETLINK: return true;
    default:
      report_unsupported_once("socket address family", static_cast<uint64_t>(domain), "EAFNOSUPPORT");
      return false;
  }
}

// SOCK_STREAM … with the guest's SOCK_NONBLOCK/SOCK_CLOEXEC in host terms, or -EINVAL.
int64_t socket_type_to_host(LinuxProcess& p, uint64_t type) {
  uint32_t t = static_cast<uint32_t>(type);
  int64_t flags = creation_flags_to_host(p, t & ~kSockTypeMask, true);
  if (flags < 0) return flags;
  return (t & kSockTypeMask) | flags;
}

// An address the guest hands in: Linux copies at most a sockaddr_storage.
int64_t check_addr_in(LinuxProcess& p, uint64_t addr, uint64_t len) {
  int32_t l = static_cast<int32_t>(len);
  if (l < 0 || l > kSockaddrMax) return -EINVAL;
  if (l && !p.memory.accessible(addr, static_cast<uint64_t>(l), mem::kRead)) return -EFAULT;
  return 0;
}

// An address the kernel writes back with its length (accept, getsockname, recvfrom …). A NULL
// address means "not wanted" where `null_ok`; the length is then not looked at, as in Linux.
int64_t check_addr_out(LinuxProcess& p, uint64_t addr, uint64_t lenp, bool null_ok) {
  if (!addr && null_ok) return 0;
  if (!p.memory.accessible(lenp, sizeof(socklen_t), mem::kRead | mem::kWrite)) return -EFAULT;
  int32_t l = *gptr<const int32_t>(lenp);
  if (l < 0) return -EINVAL;
  if (!p.memory.accessible(addr, std::min<uint64_t>(static_cast<uint64_t>(l), kSockaddrMax), mem::kWrite)) return -EFAULT;
  return 0;
}

// One guest msghdr and every buffer it names, checked for sending (read) or receiving (write).
// The kernel writes msg_namelen, msg_controllen and msg_flags back; a read-only guest msghdr is
// read-only on the host too, where the host answers EFAULT as Linux does.
int64_t check_msghdr(LinuxProcess& p, uint64_t msg, bool receiving) {
  if (!same_layout(p.abi.guest().msghdr, p.abi.host().msghdr)) {
    // 32-bit ISAs: the msghdr, its iovecs and control messages are not converted yet.
    report_unsupported_once("message call of a 32-bit ISA", 0, "ENOSYS");
    return -ENOSYS;
  }
  if (!p.memory.accessible(msg, sizeof(struct msghdr), mem::kRead)) return -EFAULT;
  const auto* m = gptr<const struct msghdr>(msg);
  uint32_t prot = receiving ? mem::kWrite : mem::kRead;
  if (m->msg_name) {
    int32_t l = static_cast<int32_t>(m->msg_namelen);
    if (l < 0) return -EINVAL;
    uint64_t len = std::min<uint64_t>(static_cast<uint64_t>(l), kSockaddrMax);
    if (!p.memory.accessible(reinterpret_cast<uint64_t>(m->msg_name), len, prot)) return -EFAULT;
  }
  if (m->msg_iovlen > kMaxIov) return -EMSGSIZE;
  if (!HostIov(p, reinterpret_cast<uint64_t>(m->msg_iov), m->msg_iovlen, prot).ok()) return -EFAULT;
  if (!receiving && m->msg_controllen > INT_MAX) return -ENOBUFS;
  if (m->msg_controllen && !p.memory.accessible(reinterpret_cast<uint64_t>(m->msg_control), m->msg_controllen, prot))
    return -EFAULT;
  return 0;
}

int64_t sys_socket(LinuxProcess& p, const uint64_t* a) {
  if (!family_supported(arg_int(a[0]))) return -EAFNOSUPPORT;
  int64_t type = socket_type_to_host(p, a[1]);
  if (type < 0) return type;
  return host_result(::socket(arg_int(a[0]), static_cast<int>(type), arg_int(a[2])));
}

int64_t sys_socketpair(LinuxProcess& p, const uint64_t* a) {
  if (!family_supported(arg_int(a[0]))) return -EAFNOSUPPORT;
  int64_t type = socket_type_to_host(p, a[1]);
  if (type < 0) return type;
  if (!p.memory.accessible(a[3], 2 * sizeof(int), mem::kWrite)) return -EFAULT;
  return host_result(::socketpair(arg_int(a[0]), static_cast<int>(type), arg_int(a[2]), gptr<int>(a[3])));
}

int64_t sys_bind(LinuxProcess& p, const uint64_t* a) {
  if (int64_t e = check_addr_in(p, a[1], a[2])) return e;
  return host_result(::bind(arg_int(a[0]), gptr<const struct sockaddr>(a[1]), static_cast<socklen_t>(a[2])));
}

int64_t sys_connect(LinuxProcess& p, const uint64_t* a) {
  if (int64_t e = check_addr_in(p, a[1], a[2])) return e;
  return blocking(p, SYS_connect, arg_int(a[0]), gptr<const struct sockaddr>(a[1]), static_cast<socklen_t>(a[2]));
}

int64_t sys_listen(LinuxProcess&, const uint64_t* a) { return host_result(::listen(arg_int(a[0]), arg_int(a[1]))); }

int64_t sys_accept4(LinuxProcess& p, const uint64_t* a) {
  int64_t flags = creation_flags_to_host(p, static_cast<uint32_t>(a[3]), true);
  if (flags < 0) return flags;
  if (int64_t e = check_addr_out(p, a[1], a[2], true)) return e;
  return blocking(p, SYS_accept4, arg_int(a[0]), gptr<struct sockaddr>(a[1]), a[1] ? gptr<socklen_t>(a[2]) : nullptr, static_cast<int>(flags));
}

int64_t sys_accept(LinuxProcess& p, const uint64_t* a) {
  uint64_t b[6] = {a[0], a[1], a[2], 0, 0, 0};
  return sys_accept4(p, b);
}

int64_t sys_getsockname(LinuxProcess& p, const uint64_t* a) {
  if (int64_t e = check_addr_out(p, a[1], a[2], false)) return e;
  return host_result(::getsockname(arg_int(a[0]), gptr<struct sockaddr>(a[1]), gptr<socklen_t>(a[2])));
}

int64_t sys_getpeername(LinuxProcess& p, const uint64_t* a) {
  if (int64_t e = check_addr_out(p, a[1], a[2], false)) return e;
  return host_result(::getpeername(arg_int(a[0]), gptr<struct sockaddr>(a[1]), gptr<socklen_t>(a[2])));
}

int64_t sys_sendto(LinuxProcess& p, const uint64_t* a) {
  // The whole message: a datagram is never sent in part.
  if (a[2] && !p.memory.accessible(a[1], a[2], mem::kRead)) return -EFAULT;
  if (a[4])
    if (int64_t e = check_addr_in(p, a[4], a[5])) return e;
  return blocking(p, SYS_sendto, arg_int(a[0]), gptr(a[1]), a[2], arg_int(a[3]), gptr<const struct sockaddr>(a[4]), a[4] ? static_cast<socklen_t>(a[5]) : 0);
}

int64_t sys_recvfrom(LinuxProcess& p, const uint64_t* a) {
  // Like read: the host fills no more than the writable start of the buffer.
  uint64_t len = a[2] ? p.memory.accessible_prefix(a[1], a[2], mem::kWrite) : 0;
  if (a[2] && len == 0) return -EFAULT;
  if (int64_t e = check_addr_out(p, a[4], a[5], true)) return e;
  return blocking(p, SYS_recvfrom, arg_int(a[0]), gptr(a[1]), len, arg_int(a[3]), gptr<struct sockaddr>(a[4]), a[4] ? gptr<socklen_t>(a[5]) : nullptr);
}

int64_t sys_sendmsg(LinuxProcess& p, const uint64_t* a) {
  if (int64_t e = check_msghdr(p, a[1], false)) return e;
  return blocking(p, SYS_sendmsg, arg_int(a[0]), gptr<const struct msghdr>(a[1]), arg_int(a[2]));
}

// The host kernel placed n bytes in the iovecs of a received msghdr: code translated from them is
// stale.
void received_into(LinuxProcess& p, uint64_t msghdr_addr, uint64_t n) {
  const auto* m = gptr<const struct msghdr>(msghdr_addr);
  HostIov(p, reinterpret_cast<uint64_t>(m->msg_iov), m->msg_iovlen, mem::kWrite).wrote(p, n);
}

int64_t sys_recvmsg(LinuxProcess& p, const uint64_t* a) {
  if (int64_t e = check_msghdr(p, a[1], true)) return e;
  int64_t r = blocking(p, SYS_recvmsg, arg_int(a[0]), gptr<struct msghdr>(a[1]), arg_int(a[2]));
  if (r > 0) received_into(p, a[1], static_cast<uint64_t>(r));
  return r;
}

// How many leading entries of a guest mmsghdr array are sound, or the first entry's error:
// Linux handles the entries in order and stops at the first that fails, returning the count so
// far if there is one.
int64_t sound_mmsghdrs(LinuxProcess& p, uint64_t vec, uint64_t vlen, bool receiving) {
  vlen = std::min<uint64_t>(static_cast<uint32_t>(vlen), kMaxIov);
  for (uint64_t i = 0; i < vlen; ++i) {
    uint64_t entry = vec + i * sizeof(struct mmsghdr);
    int64_t e = p.memory.accessible(entry, sizeof(struct mmsghdr), mem::kRead) ? check_msghdr(p, entry, receiving) : -EFAULT;
    if (e) return i ? static_cast<int64_t>(i) : e;
  }
  return static_cast<int64_t>(vlen);
}

int64_t sys_sendmmsg(LinuxProcess& p, const uint64_t* a) {
  if (static_cast<uint32_t>(a[2]) == 0) return 0;
  int64_t n = sound_mmsghdrs(p, a[1], a[2], false);
  if (n < 0) return n;
  return blocking(p, SYS_sendmmsg, arg_int(a[0]), gptr<struct mmsghdr>(a[1]), static_cast<unsigned>(n), arg_int(a[3]));
}

int64_t sys_recvmmsg(LinuxProcess& p, const uint64_t* a) {
  if (a[4] && !p.memory.accessible(a[4], sizeof(struct timespec), mem::kRead)) return -EFAULT;
  if (static_cast<uint32_t>(a[2]) == 0) return 0;
  int64_t n = sound_mmsghdrs(p, a[1], a[2], true);
  if (n < 0) return n;
  int64_t r = blocking(p, SYS_recvmmsg, arg_int(a[0]), gptr(a[1]), static_cast<unsigned>(n), arg_int(a[3]), gptr(a[4]));
  for (int64_t i = 0; i < r; ++i) {
    uint64_t entry = a[1] + static_cast<uint64_t>(i) * sizeof(struct mmsghdr);
    received_into(p, entry, gptr<struct mmsghdr>(entry)->msg_len);
  }
  return r;
}

// Options whose value holds a pointer the host kernel would follow.
int64_t check_option_pointers(LinuxProcess& p, int level, int name, uint64_t val, int32_t len) {
  if (level == SOL_SOCKET && (name == SO_ATTACH_FILTER || name == SO_ATTACH_REUSEPORT_CBPF)) {
    // struct sock_fprog { unsigned short len; struct sock_filter* filter; }, 8-byte instructions.
    if (len < 16) return 0;  // the host answers EINVAL
    uint16_t count = *gptr<const uint16_t>(val);
    uint64_t filter = *gptr<const uint64_t>(val + 8);
    if (!p.memory.accessible(filter, uint64_t{count} * 8, mem::kRead)) return -EFAULT;
  }
  if (level == IPPROTO_TCP && name == TCP_ZEROCOPY_RECEIVE) {
    // Maps socket pages at an address the option names: not done for guests.
    report_unsupported_once("socket option TCP_ZEROCOPY_RECEIVE", static_cast<uint64_t>(name), "ENOPROTOOPT");
    return -ENOPROTOOPT;
  }
  return 0;
}

int64_t sys_getsockopt(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[4], sizeof(socklen_t), mem::kRead | mem::kWrite)) return -EFAULT;
  int32_t len = *gptr<const int32_t>(a[4]);
  if (len < 0) return -EINVAL;
  if (!p.memory.accessible(a[3], static_cast<uint64_t>(len), mem::kWrite)) return -EFAULT;
  if (int64_t e = check_option_pointers(p, arg_int(a[1]), arg_int(a[2]), a[3], 0)) return e;
  return host_result(::getsockopt(arg_int(a[0]), arg_int(a[1]), arg_int(a[2]), gptr(a[3]), gptr<socklen_t>(a[4])));
}

int64_t sys_setsockopt(LinuxProcess& p, const uint64_t* a) {
  int32_t len = static_cast<int32_t>(a[4]);
  if (len < 0) return -EINVAL;
  if (!p.memory.accessible(a[3], static_cast<uint64_t>(len), mem::kRead)) return -EFAULT;
  if (int64_t e = check_option_pointers(p, arg_int(a[1]), arg_int(a[2]), a[3], len)) return e;
  return host_result(::setsockopt(arg_int(a[0]), arg_int(a[1]), arg_int(a[2]), gptr(a[3]), static_cast<socklen_t>(len)));
}

int64_t sys_shutdown(LinuxProcess&, const uint64_t* a) { return host_result(::shutdown(arg_int(a[0]), arg_int(a[1]))); }

}  // namespace

std::vector<SyscallDef> socket_syscalls() {
  return {
      {"socket", sys_socket, "d:dxd"},
      {"socketpair", sys_socketpair, "d:dxdp"},
      {"bind", sys_bind, "d:fpu"},
      {"connect", sys_connect, "d:fpu"},
      {"listen", sys_listen, "d:fd"},
      {"accept", sys_accept, "d:fpp"},
      {"accept4", sys_accept4, "d:fppx"},
      {"getsockname", sys_getsockname, "d:fpp"},
      {"getpeername", sys_getpeername, "d:fpp"},
      {"sendto", sys_sendto, "d:fbuxpu"},
      {"recvfrom", sys_recvfrom, "d:fBuxpp"},
      {"sendmsg", sys_sendmsg, "d:fpx"},
      {"recvmsg", sys_recvmsg, "d:fpx"},
      {"sendmmsg", sys_sendmmsg, "d:fpux"},
      {"recvmmsg", sys_recvmmsg, "d:fpuxp"},
      {"getsockopt", sys_getsockopt, "d:fddpp"},
      {"setsockopt", sys_setsockopt, "d:fddpu"},
      {"shutdown", sys_shutdown, "d:fd"},
  };
}

}  // namespace polyrun::linux_abi
