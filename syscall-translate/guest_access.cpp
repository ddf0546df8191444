#include "syscall-translate/guest_access.h"

#include <sys/stat.h>

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

void host_wrote_iov(LinuxProcess& p, uint64_t iov, uint64_t count, uint64_t n) {
  // struct iovec is two 64-bit words on every 64-bit ISA; the array was checked before the call.
  const auto* v = gptr<const uint64_t>(iov);
  for (uint64_t i = 0; i < count && n > 0; ++i) {
    uint64_t len = std::min(v[2 * i + 1], n);
    p.memory.host_wrote(v[2 * i], len);
    n -= len;
  }
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
