#include "syscall-translate/guest_access.h"

#include <sys/stat.h>
#include <sys/uio.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "common/log.h"

#include "syscall-translate/kernel_abi_map.h"

namespace polyrun::linux_abi {

bool guest_string_ok(const LinuxProcess& p, uint64_t addr) {
  if (!addr) return false;
  const uint64_t page = p.memory.page_size();
  for (uint64_t a = addr;; a = (a | (page - 1)) + 1) {
    uint64_t chunk = ((a | (page - 1)) + 1) - a;
    if (!p.memory.accessible(a, 1, mem::kRead)) return false;
    if (std::memchr(gptr(a), 0, chunk)) return true;
    if (a - addr > (1u << 20)) return false;
  }
}

std::string host_path_of(const LinuxProcess& p, const std::string& path) {
  if (!p.guest_root.empty() && !path.empty() && path[0] == '/') {
    std::string candidate = p.guest_root + path;
    struct stat st;
    if (::lstat(candidate.c_str(), &st) == 0) return candidate;
  }
  return path;
}

bool host_path(const LinuxProcess& p, uint64_t guest_path, std::string& out) {
  if (!guest_string_ok(p, guest_path)) return false;
  out = host_path_of(p, gptr<const char>(guest_path));
  return true;
}

void report_unsupported_once(const char* what, uint64_t value, const char* result, bool hex) {
  static std::mutex lock;
  static std::set<std::pair<std::string, uint64_t>> reported;
  std::lock_guard<std::mutex> g(lock);
  if (!reported.emplace(what, value).second) return;
  if (hex)
    log().warn("unimplemented {} {:#x} returns {}", what, value, result);
  else
    log().warn("unimplemented {} {} returns {}", what, static_cast<int64_t>(value), result);
}

HostIov::HostIov(const LinuxProcess& p, uint64_t iov, uint64_t count, uint32_t prot) : count_(count) {
  if (count > 1024) return;
  const pr_layout& g = p.abi.guest().iovec;
  if (!p.memory.accessible(iov, count * g.size, mem::kRead)) return;
  if (same_layout(g, p.abi.host().iovec)) {
    data_ = gptr<const struct iovec>(iov);
  } else {
    copy_.resize(count);
    for (uint64_t i = 0; i < count; ++i) {
      const uint8_t* e = gptr<const uint8_t>(iov + i * g.size);
      copy_[i].iov_base = reinterpret_cast<void*>(get_field(e, g.fields[PR_IOV_BASE]));
      copy_[i].iov_len = get_field(e, g.fields[PR_IOV_LEN]);
    }
    data_ = copy_.data();
  }
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t base = reinterpret_cast<uint64_t>(data_[i].iov_base);
    if (data_[i].iov_len && !p.memory.accessible(base, data_[i].iov_len, prot)) return;
  }
  ok_ = true;
}

HostOrder::HostOrder(const LinuxProcess& p, uint64_t addr, std::initializer_list<uint8_t> sizes, uint64_t count, Dir dir,
                     uint64_t bytes)
    : addr_(addr), count_(count), dir_(dir) {
  if (!p.abi.guest().big_endian || !addr || sizes.size() > sizeof sizes_) return;
  for (uint8_t s : sizes) {
    sizes_[nsizes_++] = s;
    record_ += s;
  }
  if (!p.memory.accessible(addr, record_ * count, mem::kRead | (dir & Out ? mem::kWrite : 0u))) return;
  if (dir == In) {
    if (count == 0) return;
    const uint64_t n = std::max<uint64_t>(record_ * count, bytes);
    if (!p.memory.accessible(addr, n, mem::kRead)) return;
    copy_.assign(gptr<const uint8_t>(addr), gptr<const uint8_t>(addr) + n);
    swap(copy_.data());
    return;
  }
  active_ = true;
  if (dir == InOut) swap(gptr<uint8_t>(addr));
}

void HostOrder::swap(uint8_t* base) const {
  for (uint64_t i = 0; i < count_; ++i) {
    unsigned off = 0;
    for (unsigned k = 0; k < nsizes_; ++k) {
      auto* rec = base + i * record_;
      const unsigned s = sizes_[k];
      if (s > 1) put_field(rec, pr_field{off, s, 0, 1}, get_field(rec, pr_field{off, s, 0, 0}));
      off += s;
    }
  }
}

int64_t HostOrder::finish(int64_t r) {
  if (active_ && (dir_ == InOut || r >= 0)) swap(gptr<uint8_t>(addr_));
  active_ = false;
  return r;
}

uint64_t HostOrder::value(const LinuxProcess& p, uint64_t v, unsigned size) {
  if (!p.abi.guest().big_endian) return v;
  uint8_t b[8];
  put_field(b, pr_field{0, size, 0, 1}, v);
  return get_field(b, pr_field{0, size, 0, 0});
}

void HostIov::wrote(LinuxProcess& p, uint64_t n) const {
  for (uint64_t i = 0; i < count_ && n > 0; ++i) {
    uint64_t len = std::min<uint64_t>(data_[i].iov_len, n);
    p.memory.host_wrote(reinterpret_cast<uint64_t>(data_[i].iov_base), len);
    n -= len;
  }
}

StructArg::StructArg(LinuxProcess& p, const pr_layout& guest, const pr_layout& host, uint64_t addr, Dir dir)
    : p_(p), guest_(guest), host_(host), addr_(addr), dir_(dir) {
  if (!addr) {
    ok_ = true;
    return;
  }
  if (!p.memory.accessible(addr, guest.size, (dir & In ? mem::kRead : 0) | (dir & Out ? mem::kWrite : 0))) return;
  copy_ = !same_layout(guest, host);
  if (copy_) {
    if (host.size > sizeof buf_) return;
    std::memset(buf_, 0, sizeof buf_);
    if (dir & In) convert_struct(guest, gptr(addr), host, buf_);
  }
  ok_ = true;
}

int64_t StructArg::finish(int64_t r) {
  if (r < 0 || !addr_ || !(dir_ & Out)) return r;
  if (copy_) convert_struct(host_, buf_, guest_, gptr(addr_));
  p_.memory.host_wrote(addr_, guest_.size);
  return r;
}

int64_t creation_flags_to_host(const LinuxProcess& p, uint64_t flags, bool nonblock, uint64_t same) {
  const pr_named_table& open = p.abi.guest().open_flags;
  uint64_t guest_bits = static_cast<uint64_t>(lookup(open, "O_CLOEXEC", 0));
  if (nonblock) guest_bits |= static_cast<uint64_t>(lookup(open, "O_NONBLOCK", 0));
  if (flags & ~(guest_bits | same)) return -EINVAL;
  return static_cast<int64_t>((flags & same) | p.abi.open_flags_to_host(flags & guest_bits));
}

int64_t put_struct(LinuxProcess& p, const pr_layout& host, const void* src, const pr_layout& guest, uint64_t dst) {
  if (!p.memory.accessible(dst, guest.size, mem::kWrite)) return -EFAULT;
  convert_struct(host, src, guest, gptr(dst));
  p.memory.host_wrote(dst, guest.size);
  return 0;
}

int64_t get_struct(LinuxProcess& p, const pr_layout& guest, uint64_t src, const pr_layout& host, void* dst) {
  if (!p.memory.accessible(src, guest.size, mem::kRead)) return -EFAULT;
  convert_struct(guest, gptr(src), host, dst);
  return 0;
}

}  // namespace polyrun::linux_abi
