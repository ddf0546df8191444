// Sockets: AF_UNIX, AF_INET, AF_INET6 and AF_NETLINK through the host's sockets.
//
// What is handed to the host unchanged, and why:
// - AF_*, SOCK_* types, MSG_* flags, SCM_RIGHTS/SCM_CREDENTIALS: the kernel's generic values
//   (include/linux/socket.h, linux/net.h), one set for every ISA but MIPS, SPARC and Alpha.
// - SOL_*, SO_*, IPPROTO_*, IP_*, IPV6_*, TCP_* and the socket addresses: UAPI, compared
//   between guest and host by kernel_abi_test.
// - struct msghdr, mmsghdr, cmsghdr, iovec: declared by the kernel with pointer- and long-sized
//   fields, so one layout on every LP64 ISA, where the guest's msghdr, iovecs and control buffers
//   are passed as they are once every buffer they name is known to be guest memory. A 32-bit
//   ISA's are converted (HostMsg), as are its old timevals of SO_RCVTIMEO/SO_SNDTIMEO and old
//   timestamps; linger, ucred and the descriptors of SCM_RIGHTS are ints everywhere.
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
#include <cstring>
#include <memory>
#include <optional>

#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

constexpr uint32_t kSockTypeMask = 0xf;           // SOCK_TYPE_MASK: the rest are creation flags
constexpr int64_t kSockaddrMax = sizeof(struct sockaddr_storage);
constexpr uint64_t kMaxIov = 1024;                // UIO_MAXIOV

int arg_int(uint64_t v) { return static_cast<int>(static_cast<uint32_t>(v)); }

bool family_supported(const LinuxProcess& p, int domain) {
  switch (domain) {
    case AF_UNIX: case AF_INET: case AF_INET6: return true;
    case AF_NETLINK:
      // Netlink messages are in the host's byte order, and those of a big-endian guest are not
      // translated (yet): refused, as by a kernel without netlink, rather than sent as garbage
      // that no reply answers (glibc's getaddrinfo waited for one for ever; refused, it takes
      // both IPv4 and IPv6 to be configured).
      if (!p.abi.guest().big_endian) return true;
      report_unsupported_once("netlink socket of a big-endian guest, family", static_cast<uint64_t>(domain), "EAFNOSUPPORT");
      return false;
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
  int32_t l = static_cast<int32_t>(get_field(gptr(lenp), p.abi.field(0, 4, true)));
  if (l < 0) return -EINVAL;
  if (!p.memory.accessible(addr, std::min<uint64_t>(static_cast<uint64_t>(l), kSockaddrMax), mem::kWrite)) return -EFAULT;
  return 0;
}

// One guest msghdr and every buffer it names, checked for sending (read) or receiving (write),
// in the host's terms. Where the guest's msghdr layout is the host's (every 64-bit ISA) the host
// takes the guest's msghdr, iovecs and control buffer as they are; the kernel writes msg_namelen,
// msg_controllen and msg_flags back itself (a read-only guest msghdr is read-only on the host too,
// where the host answers EFAULT as Linux does). Otherwise (32-bit ISAs) a host msghdr is built
// from it, as Linux's compat layer builds a kernel one (net/compat.c): iovecs through HostIov,
// control messages laid out again with the host's header and alignment, and after the call the
// lengths, flags and received control messages written back in the guest's layout.
class HostMsg {
 public:
  HostMsg(LinuxProcess& p, uint64_t msg, bool receiving);
  int64_t error() const { return error_; }
  struct msghdr* get() { return direct_ ? gptr<struct msghdr>(msg_) : &host_; }
  // After the host call returned r (bytes, or -errno), `after` the msghdr the host kernel updated
  // (get()'s, or the entry of a host mmsghdr array).
  void finish(int64_t r, const struct msghdr& after);

 private:
  int64_t convert_control_out();
  void control_to_guest(const struct msghdr& after, uint64_t& controllen, uint32_t& flags);

  LinuxProcess& p_;
  uint64_t msg_;
  bool receiving_;
  bool direct_;
  int64_t error_ = 0;
  uint64_t control_ = 0, controllen_ = 0;  // the guest's control buffer
  std::optional<HostIov> iov_;
  std::vector<uint8_t> ctl_;               // the host's control buffer (converted form)
  struct msghdr host_ {};
  // A big-endian guest's address (its family an integer of its order) goes through a host copy.
  uint64_t name_ = 0;
  socklen_t name_room_ = 0;
  struct sockaddr_storage name_buf_ {};
};

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

HostMsg::HostMsg(LinuxProcess& p, uint64_t msg, bool receiving)
    : p_(p), msg_(msg), receiving_(receiving), direct_(same_layout(p.abi.guest().msghdr, p.abi.host().msghdr)) {
  const pr_layout& g = p.abi.guest().msghdr;
  uint32_t prot = receiving ? mem::kWrite : mem::kRead;
  // (Converted, the guest's msghdr is written after receiving: checked first, so that no message
  // is taken from the socket that could not be reported.)
  if (!p.memory.accessible(msg, g.size, mem::kRead | (receiving && !direct_ ? uint32_t{mem::kWrite} : 0u))) {
    error_ = -EFAULT;
    return;
  }
  const auto* m = gptr<const uint8_t>(msg);
  uint64_t name = get_field(m, g.fields[PR_MSG_NAME]);
  int32_t namelen = static_cast<int32_t>(get_field(m, g.fields[PR_MSG_NAMELEN]));
  uint64_t iov = get_field(m, g.fields[PR_MSG_IOV]);
  uint64_t iovlen = get_field(m, g.fields[PR_MSG_IOVLEN]);
  control_ = get_field(m, g.fields[PR_MSG_CONTROL]);
  controllen_ = get_field(m, g.fields[PR_MSG_CONTROLLEN]);
  if (name) {
    if (namelen < 0) {
      error_ = -EINVAL;
      return;
    }
    uint64_t len = std::min<uint64_t>(static_cast<uint64_t>(namelen), kSockaddrMax);
    if (!p.memory.accessible(name, len, prot)) {
      error_ = -EFAULT;
      return;
    }
  }
  if (iovlen > kMaxIov) {
    error_ = -EMSGSIZE;
    return;
  }
  iov_.emplace(p, iov, iovlen, prot);
  if (!iov_->ok()) {
    error_ = -EFAULT;
    return;
  }
  if (!receiving && controllen_ > INT_MAX) {
    error_ = -ENOBUFS;
    return;
  }
  if (controllen_ && !p.memory.accessible(control_, controllen_, prot)) {
    error_ = -EFAULT;
    return;
  }
  if (direct_) return;
  host_.msg_name = name ? gptr(name) : nullptr;
  if (name && p.abi.guest().big_endian) {
    name_ = name;
    name_room_ = static_cast<socklen_t>(std::min<uint64_t>(static_cast<uint64_t>(namelen), sizeof name_buf_));
    if (!receiving) {
      std::memcpy(&name_buf_, gptr(name), name_room_);
      if (name_room_ >= 2) put_field(&name_buf_, pr_field{0, 2, 0, 0}, get_field(gptr(name), p.abi.field(0, 2)));
    }
    host_.msg_name = &name_buf_;
  }
  host_.msg_namelen = static_cast<socklen_t>(namelen);
  host_.msg_iov = const_cast<struct iovec*>(iov_->data());
  host_.msg_iovlen = iov_->count();
  if (controllen_) {
    if (receiving) {
      // Room for as many messages as the guest's buffer holds, each with the host's larger
      // header and alignment (a message the guest cannot hold is cut when written back).
      ctl_.assign(std::min<uint64_t>(2 * controllen_ + CMSG_SPACE(0), 1 << 20), 0);
    } else if ((error_ = convert_control_out())) {
      return;
    }
    host_.msg_control = ctl_.data();
    host_.msg_controllen = ctl_.size();
  }
}

// Control messages whose payload is ints (SCM_RIGHTS' descriptors, SCM_CREDENTIALS' ucred).
bool int_payload(int level, int type) { return level == SOL_SOCKET && (type == SCM_RIGHTS || type == SCM_CREDENTIALS); }

// The guest's control messages to send, in the host's layout (payloads are the same: descriptors,
// credentials, addresses); -EINVAL for a malformed message, as Linux answers.
int64_t HostMsg::convert_control_out() {
  const pr_layout& gh = p_.abi.guest().cmsghdr;
  uint64_t align = p_.abi.guest().word_size;
  for (uint64_t off = 0; off + gh.size <= controllen_;) {
    const auto* c = gptr<const uint8_t>(control_ + off);
    uint64_t len = get_field(c, gh.fields[PR_CMSG_LEN]);
    if (len < gh.size || len > controllen_ - off) return -EINVAL;
    uint64_t payload = len - gh.size;
    size_t at = ctl_.size();
    ctl_.resize(at + CMSG_SPACE(payload), 0);
    auto* h = reinterpret_cast<struct cmsghdr*>(ctl_.data() + at);
    h->cmsg_len = CMSG_LEN(payload);
    h->cmsg_level = static_cast<int>(get_field(c, gh.fields[PR_CMSG_LEVEL]));
    h->cmsg_type = static_cast<int>(get_field(c, gh.fields[PR_CMSG_TYPE]));
    std::memcpy(CMSG_DATA(h), c + gh.size, payload);
    if (int_payload(h->cmsg_level, h->cmsg_type))  // descriptors, credentials: ints of the guest's order
      for (uint64_t i = 0; i + 4 <= payload; i += 4)
        put_field(CMSG_DATA(h), pr_field{static_cast<unsigned>(i), 4, 0, 0}, get_field(c + gh.size, p_.abi.field(static_cast<unsigned>(i), 4)));
    off += align_up(len, align);
  }
  return ctl_.empty() ? -EINVAL : 0;
}

// The host's received control messages written to the guest's buffer in its layout, as Linux
// writes a 32-bit task's (put_cmsg_compat, scm_detach_fds_compat): the old timestamps in the
// guest's timeval/timespec, a message that does not fit cut short with MSG_CTRUNC, and
// descriptors that do not fit closed.
void HostMsg::control_to_guest(const struct msghdr& after, uint64_t& used, uint32_t& flags) {
  const pr_kernel_abi& ga = p_.abi.guest();
  const pr_kernel_abi& ha = p_.abi.host();
  const pr_layout& gh = ga.cmsghdr;
  uint64_t align = ga.word_size;
  used = 0;
  struct msghdr walk = after;
  for (struct cmsghdr* h = CMSG_FIRSTHDR(&walk); h; h = CMSG_NXTHDR(&walk, h)) {
    const uint8_t* data = CMSG_DATA(h);
    uint64_t len = h->cmsg_len - CMSG_LEN(0);
    // The payload in the guest's layout.
    uint8_t conv[3 * 16];
    uint64_t clen = len;
    const pr_layout* from = nullptr;
    const pr_layout* to = nullptr;
    unsigned count = 1;
    if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SO_TIMESTAMP_OLD) {
      from = &ha.timeval, to = &ga.timeval;
    } else if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SO_TIMESTAMPNS_OLD) {
      from = &ha.timespec, to = &ga.timespec;
    } else if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SO_TIMESTAMPING_OLD) {
      from = &ha.timespec, to = &ga.timespec, count = 3;
    }
    if (from && !same_layout(*from, *to) && len == count * from->size) {
      for (unsigned i = 0; i < count; ++i) convert_struct(*from, data + i * from->size, *to, conv + i * to->size);
      data = conv;
      clen = count * to->size;
    }
    uint64_t room = controllen_ - used;
    if (room < gh.size) {
      flags |= MSG_CTRUNC;
      if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS)
        for (uint64_t i = 0; i < len / sizeof(int); ++i) ::close(reinterpret_cast<const int*>(CMSG_DATA(h))[i]);
      continue;
    }
    uint64_t copy = clen;
    if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS) {
      // Whole descriptors only; the rest are closed.
      uint64_t fit = std::min<uint64_t>(len / sizeof(int), (room - gh.size) / sizeof(int));
      for (uint64_t i = fit; i < len / sizeof(int); ++i) ::close(reinterpret_cast<const int*>(CMSG_DATA(h))[i]);
      if (fit < len / sizeof(int)) flags |= MSG_CTRUNC;
      copy = fit * sizeof(int);
    } else if (gh.size + copy > room) {
      flags |= MSG_CTRUNC;
      copy = room - gh.size;
    }
    auto* g = gptr<uint8_t>(control_ + used);
    put_field(g, gh.fields[PR_CMSG_LEN], gh.size + copy);
    put_field(g, gh.fields[PR_CMSG_LEVEL], static_cast<uint32_t>(h->cmsg_level));
    put_field(g, gh.fields[PR_CMSG_TYPE], static_cast<uint32_t>(h->cmsg_type));
    std::memcpy(g + gh.size, data, copy);
    if (int_payload(h->cmsg_level, h->cmsg_type)) HostOrder(p_, control_ + used + gh.size, {4}, copy / 4, HostOrder::Out).finish(0);
    used += std::min<uint64_t>(align_up(gh.size + copy, align), room);
  }
  if (used) p_.memory.host_wrote(control_, used);
}

void HostMsg::finish(int64_t r, const struct msghdr& after) {
  if (!receiving_ || r < 0) return;
  iov_->wrote(p_, static_cast<uint64_t>(r));
  if (direct_) return;
  const pr_layout& g = p_.abi.guest().msghdr;
  uint64_t controllen = 0;
  uint32_t flags = static_cast<uint32_t>(after.msg_flags);
  if (controllen_) control_to_guest(after, controllen, flags);
  if (name_ && after.msg_name == &name_buf_) {
    const socklen_t n = std::min(after.msg_namelen, name_room_);
    std::memcpy(gptr(name_), &name_buf_, n);
    if (n >= 2) put_field(gptr(name_), p_.abi.field(0, 2), get_field(&name_buf_, pr_field{0, 2, 0, 0}));
    p_.memory.host_wrote(name_, n);
  }
  auto* m = gptr<uint8_t>(msg_);
  put_field(m, g.fields[PR_MSG_NAMELEN], after.msg_namelen);
  put_field(m, g.fields[PR_MSG_CONTROLLEN], controllen);
  put_field(m, g.fields[PR_MSG_FLAGS], flags);
  p_.memory.host_wrote(msg_, g.size);
}

int64_t sys_socket(LinuxProcess& p, const uint64_t* a) {
  if (!family_supported(p, arg_int(a[0]))) return -EAFNOSUPPORT;
  int64_t type = socket_type_to_host(p, a[1]);
  if (type < 0) return type;
  return host_result(::socket(arg_int(a[0]), static_cast<int>(type), arg_int(a[2])));
}

int64_t sys_socketpair(LinuxProcess& p, const uint64_t* a) {
  if (!family_supported(p, arg_int(a[0]))) return -EAFNOSUPPORT;
  int64_t type = socket_type_to_host(p, a[1]);
  if (type < 0) return type;
  if (!p.memory.accessible(a[3], 2 * sizeof(int), mem::kWrite)) return -EFAULT;
  HostOrder fds(p, a[3], {4}, 2, HostOrder::Out);
  return fds.finish(host_result(::socketpair(arg_int(a[0]), static_cast<int>(type), arg_int(a[2]), gptr<int>(a[3]))));
}

// A socket address's family is an integer of the guest's byte order (the rest: network order,
// or a path): in the host's order for the call.
HostOrder family_in(const LinuxProcess& p, uint64_t addr, uint64_t len) {
  return HostOrder(p, len >= 2 ? addr : 0, {2}, 1, HostOrder::In, len);
}
// An address and its length the kernel writes back.
struct AddrOut {
  HostOrder len, family;
  AddrOut(const LinuxProcess& p, uint64_t addr, uint64_t lenp)
      : len(p, addr ? lenp : 0, {4}, 1, HostOrder::InOut), family(p, addr, {2}, 1, HostOrder::Out) {}
  int64_t finish(int64_t r) { return family.finish(len.finish(r)); }
};

int64_t sys_bind(LinuxProcess& p, const uint64_t* a) {
  if (int64_t e = check_addr_in(p, a[1], a[2])) return e;
  HostOrder family = family_in(p, a[1], a[2]);
  return family.finish(host_result(::bind(arg_int(a[0]), static_cast<const struct sockaddr*>(family.ptr()), static_cast<socklen_t>(a[2]))));
}

int64_t sys_connect(LinuxProcess& p, const uint64_t* a) {
  if (int64_t e = check_addr_in(p, a[1], a[2])) return e;
  HostOrder family = family_in(p, a[1], a[2]);
  return family.finish(blocking(p, SYS_connect, arg_int(a[0]), family.ptr(), static_cast<socklen_t>(a[2])));
}

int64_t sys_listen(LinuxProcess&, const uint64_t* a) { return host_result(::listen(arg_int(a[0]), arg_int(a[1]))); }

int64_t sys_accept4(LinuxProcess& p, const uint64_t* a) {
  int64_t flags = creation_flags_to_host(p, static_cast<uint32_t>(a[3]), true);
  if (flags < 0) return flags;
  if (int64_t e = check_addr_out(p, a[1], a[2], true)) return e;
  AddrOut out(p, a[1], a[2]);
  return out.finish(blocking(p, SYS_accept4, arg_int(a[0]), gptr<struct sockaddr>(a[1]), a[1] ? gptr<socklen_t>(a[2]) : nullptr, static_cast<int>(flags)));
}

int64_t sys_accept(LinuxProcess& p, const uint64_t* a) {
  uint64_t b[6] = {a[0], a[1], a[2], 0, 0, 0};
  return sys_accept4(p, b);
}

int64_t sys_getsockname(LinuxProcess& p, const uint64_t* a) {
  if (int64_t e = check_addr_out(p, a[1], a[2], false)) return e;
  AddrOut out(p, a[1], a[2]);
  return out.finish(host_result(::getsockname(arg_int(a[0]), gptr<struct sockaddr>(a[1]), gptr<socklen_t>(a[2]))));
}

int64_t sys_getpeername(LinuxProcess& p, const uint64_t* a) {
  if (int64_t e = check_addr_out(p, a[1], a[2], false)) return e;
  AddrOut out(p, a[1], a[2]);
  return out.finish(host_result(::getpeername(arg_int(a[0]), gptr<struct sockaddr>(a[1]), gptr<socklen_t>(a[2]))));
}

int64_t sys_sendto(LinuxProcess& p, const uint64_t* a) {
  // The whole message: a datagram is never sent in part.
  if (a[2] && !p.memory.accessible(a[1], a[2], mem::kRead)) return -EFAULT;
  if (a[4])
    if (int64_t e = check_addr_in(p, a[4], a[5])) return e;
  HostOrder family = family_in(p, a[4], a[5]);
  return family.finish(blocking(p, SYS_sendto, arg_int(a[0]), gptr(a[1]), a[2], arg_int(a[3]), family.ptr(), a[4] ? static_cast<socklen_t>(a[5]) : 0));
}

int64_t sys_recvfrom(LinuxProcess& p, const uint64_t* a) {
  // Like read: the host fills no more than the writable start of the buffer.
  uint64_t len = a[2] ? p.memory.accessible_prefix(a[1], a[2], mem::kWrite) : 0;
  if (a[2] && len == 0) return -EFAULT;
  if (int64_t e = check_addr_out(p, a[4], a[5], true)) return e;
  AddrOut out(p, a[4], a[5]);
  return out.finish(blocking(p, SYS_recvfrom, arg_int(a[0]), gptr(a[1]), len, arg_int(a[3]), gptr<struct sockaddr>(a[4]), a[4] ? gptr<socklen_t>(a[5]) : nullptr));
}

int64_t sys_sendmsg(LinuxProcess& p, const uint64_t* a) {
  HostMsg m(p, a[1], false);
  if (m.error()) return m.error();
  return blocking(p, SYS_sendmsg, arg_int(a[0]), m.get(), arg_int(a[2]));
}

int64_t sys_recvmsg(LinuxProcess& p, const uint64_t* a) {
  HostMsg m(p, a[1], true);
  if (m.error()) return m.error();
  int64_t r = blocking(p, SYS_recvmsg, arg_int(a[0]), m.get(), arg_int(a[2]));
  m.finish(r, *m.get());
  return r;
}

// A guest mmsghdr array as the host takes it: the guest's own where its msghdr layout is the
// host's, else host entries built from the guest's. Linux handles the entries in order and stops
// at the first that fails, returning the count so far if there is one: count() is the number of
// leading sound entries, or the first entry's error.
class HostMmsgs {
 public:
  HostMmsgs(LinuxProcess& p, uint64_t vec, uint64_t vlen, bool receiving) : p_(p), vec_(vec) {
    const pr_layout& g = p.abi.guest().msghdr;
    stride_ = align_up(g.size + sizeof(uint32_t), p.abi.guest().word_size);
    direct_ = same_layout(g, p.abi.host().msghdr);
    vlen = std::min<uint64_t>(static_cast<uint32_t>(vlen), kMaxIov);
    for (uint64_t i = 0; i < vlen; ++i) {
      uint64_t entry = vec + i * stride_;
      auto m = std::make_unique<HostMsg>(p, entry, receiving);
      int64_t e = p.memory.accessible(entry, stride_, mem::kRead | (direct_ ? 0u : uint32_t{mem::kWrite})) ? m->error() : -EFAULT;
      if (e) {
        count_ = i ? static_cast<int64_t>(i) : e;
        return;
      }
      if (!direct_) host_.push_back(mmsghdr{*m->get(), 0});
      msgs_.push_back(std::move(m));
    }
    count_ = static_cast<int64_t>(vlen);
  }
  int64_t count() const { return count_; }
  void* data() { return direct_ ? gptr(vec_) : static_cast<void*>(host_.data()); }
  // After the host call handled r entries: each one's msg_len (and what a receive wrote) back.
  int64_t finish(int64_t r) {
    for (int64_t i = 0; i < r; ++i) {
      uint64_t entry = vec_ + static_cast<uint64_t>(i) * stride_;
      const pr_layout& g = p_.abi.guest().msghdr;
      if (direct_) {
        const auto* m = gptr<const struct mmsghdr>(entry);
        msgs_[i]->finish(m->msg_len, m->msg_hdr);
      } else {
        msgs_[i]->finish(host_[i].msg_len, host_[i].msg_hdr);
        put_field(gptr(entry), p_.abi.field(g.size, 4), host_[i].msg_len);
        p_.memory.host_wrote(entry + g.size, sizeof(uint32_t));
      }
    }
    return r;
  }

 private:
  LinuxProcess& p_;
  uint64_t vec_;
  uint64_t stride_;
  bool direct_;
  int64_t count_ = 0;
  std::vector<std::unique_ptr<HostMsg>> msgs_;
  std::vector<struct mmsghdr> host_;
};

int64_t sys_sendmmsg(LinuxProcess& p, const uint64_t* a) {
  if (static_cast<uint32_t>(a[2]) == 0) return 0;
  HostMmsgs v(p, a[1], a[2], false);
  if (v.count() < 0) return v.count();
  return v.finish(blocking(p, SYS_sendmmsg, arg_int(a[0]), v.data(), static_cast<unsigned>(v.count()), arg_int(a[3])));
}

// `ts`: the guest's timespec of the timeout (time32 for recvmmsg on 32-bit ISAs, 64-bit for
// recvmmsg_time64); Linux writes the time left back.
int64_t recvmmsg_as(LinuxProcess& p, const uint64_t* a, const pr_layout& ts) {
  StructArg timeout(p, ts, p.abi.host().timespec, a[4], StructArg::InOut);
  if (!timeout.ok()) return -EFAULT;
  if (static_cast<uint32_t>(a[2]) == 0) return 0;
  HostMmsgs v(p, a[1], a[2], true);
  if (v.count() < 0) return v.count();
  int64_t r = blocking(p, SYS_recvmmsg, arg_int(a[0]), v.data(), static_cast<unsigned>(v.count()), arg_int(a[3]), timeout.host());
  return v.finish(timeout.finish(r));
}

int64_t sys_recvmmsg(LinuxProcess& p, const uint64_t* a) { return recvmmsg_as(p, a, p.abi.guest().timespec); }
int64_t sys_recvmmsg_time64(LinuxProcess& p, const uint64_t* a) { return recvmmsg_as(p, a, p.abi.time64_timespec()); }

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

// SO_RCVTIMEO_OLD and SO_SNDTIMEO_OLD take the guest's old timeval (a 32-bit ISA's is two 32-bit
// words, as Linux reads a 32-bit task's); the host's is converted to and from it.
bool timeval_option(const LinuxProcess& p, int level, int name) {
  return level == SOL_SOCKET && (name == SO_RCVTIMEO_OLD || name == SO_SNDTIMEO_OLD) &&
         !same_layout(p.abi.guest().timeval, p.abi.host().timeval);
}

// An option value of ints (an int, SO_LINGER's pair, SO_PEERCRED's three): how many, for their
// byte order; 0 for the others (bytes, or structs of network-order fields).
uint64_t option_ints(int level, int name, int64_t len) {
  if (len == 4) return 1;
  if (level == SOL_SOCKET && (name == SO_LINGER || name == SO_PEERCRED) && len > 0 && len % 4 == 0)
    return static_cast<uint64_t>(len) / 4;
  return 0;
}

int64_t sys_getsockopt(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[4], sizeof(socklen_t), mem::kRead | mem::kWrite)) return -EFAULT;
  int32_t len = static_cast<int32_t>(get_field(gptr(a[4]), p.abi.field(0, 4, true)));
  if (len < 0) return -EINVAL;
  if (!p.memory.accessible(a[3], static_cast<uint64_t>(len), mem::kWrite)) return -EFAULT;
  if (int64_t e = check_option_pointers(p, arg_int(a[1]), arg_int(a[2]), a[3], 0)) return e;
  if (timeval_option(p, arg_int(a[1]), arg_int(a[2]))) {
    struct timeval tv {};
    socklen_t hl = sizeof tv;
    if (::getsockopt(arg_int(a[0]), arg_int(a[1]), arg_int(a[2]), &tv, &hl) < 0) return -errno;
    const pr_layout& g = p.abi.guest().timeval;
    uint8_t conv[16] = {};
    convert_struct(p.abi.host().timeval, &tv, g, conv);
    // As Linux: as much of the value as the guest's length holds, and its length.
    uint32_t out = std::min<uint32_t>(static_cast<uint32_t>(len), g.size);
    std::memcpy(gptr(a[3]), conv, out);
    put_field(gptr(a[4]), p.abi.field(0, 4), out);
    p.memory.host_wrote(a[3], out);
    return 0;
  }
  HostOrder hl(p, a[4], {4}, 1, HostOrder::InOut);
  HostOrder value(p, a[3], {4}, option_ints(arg_int(a[1]), arg_int(a[2]), len), HostOrder::Out);
  return value.finish(hl.finish(host_result(::getsockopt(arg_int(a[0]), arg_int(a[1]), arg_int(a[2]), gptr(a[3]), gptr<socklen_t>(a[4])))));
}

int64_t sys_setsockopt(LinuxProcess& p, const uint64_t* a) {
  int32_t len = static_cast<int32_t>(a[4]);
  if (len < 0) return -EINVAL;
  if (!p.memory.accessible(a[3], static_cast<uint64_t>(len), mem::kRead)) return -EFAULT;
  if (int64_t e = check_option_pointers(p, arg_int(a[1]), arg_int(a[2]), a[3], len)) return e;
  if (timeval_option(p, arg_int(a[1]), arg_int(a[2]))) {
    if (static_cast<uint32_t>(len) < p.abi.guest().timeval.size) return -EINVAL;
    struct timeval tv {};
    convert_struct(p.abi.guest().timeval, gptr(a[3]), p.abi.host().timeval, &tv);
    return host_result(::setsockopt(arg_int(a[0]), arg_int(a[1]), arg_int(a[2]), &tv, sizeof tv));
  }
  HostOrder value(p, a[3], {4}, option_ints(arg_int(a[1]), arg_int(a[2]), len), HostOrder::In, static_cast<uint64_t>(len));
  return value.finish(host_result(::setsockopt(arg_int(a[0]), arg_int(a[1]), arg_int(a[2]), value.ptr(), static_cast<socklen_t>(len))));
}

int64_t sys_shutdown(LinuxProcess&, const uint64_t* a) { return host_result(::shutdown(arg_int(a[0]), arg_int(a[1]))); }

// socketcall(call, args): the socket calls through one entry (i386, s390x), their arguments an
// array of guest words; each is served by the handler of its own number in the ISA's table.
int64_t sys_socketcall(LinuxProcess& p, const uint64_t* a) {
  static const struct {
    const char* name;
    unsigned nargs;
  } kCalls[] = {{nullptr, 0},          {"socket", 3},      {"bind", 3},      {"connect", 3},     {"listen", 2},
                {"accept", 3},         {"getsockname", 3}, {"getpeername", 3}, {"socketpair", 4}, {"send", 4},
                {"recv", 4},           {"sendto", 6},      {"recvfrom", 6},  {"shutdown", 2},    {"setsockopt", 5},
                {"getsockopt", 5},     {"sendmsg", 3},     {"recvmsg", 3},   {"accept4", 4},     {"recvmmsg", 5},
                {"sendmmsg", 4}};
  const uint64_t call = a[0];
  if (call == 0 || call >= sizeof kCalls / sizeof kCalls[0]) return -EINVAL;
  const unsigned w = p.abi.guest().word_size, n = kCalls[call].nargs;
  if (!p.memory.accessible(a[1], n * w, mem::kRead)) return -EFAULT;
  uint64_t args[6] = {};
  for (unsigned i = 0; i < n; ++i) args[i] = get_field(gptr(a[1]), p.abi.word(i * w));
  // send and recv are sendto and recvfrom without an address, accept is accept4 without flags
  // (the ISA's table may lack the older names).
  const char* name = kCalls[call].name;
  if (call == 5) name = "accept4";
  if (call == 9) name = "sendto";
  if (call == 10) name = "recvfrom";
  const long nr = p.abi.sysno(name);
  const SyscallDef* def = nr >= 0 && p.syscalls ? p.syscalls->find(static_cast<uint64_t>(nr)) : nullptr;
  if (!def) return -ENOSYS;
  return def->handler(p, args);
}

}  // namespace

std::vector<SyscallDef> socket_syscalls() {
  return {
      {"socket", sys_socket, "d:dxd"},
      {"socketpair", sys_socketpair, "d:dxdp"},
      {"socketcall", sys_socketcall, "d:dp"},
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
      {"recvmmsg_time64", sys_recvmmsg_time64, "d:fpuxp"},
      {"getsockopt", sys_getsockopt, "d:fddpp"},
      {"setsockopt", sys_setsockopt, "d:fddpu"},
      {"shutdown", sys_shutdown, "d:fd"},
  };
}

}  // namespace polyrun::linux_abi
