#include "syscall-translate/kernel_abi_map.h"

#include <algorithm>
#include <cstring>

namespace polyrun::linux_abi {

long long lookup(const pr_named_table& t, std::string_view name, long long fallback) {
  for (unsigned i = 0; i < t.count; ++i)
    if (name == t.entries[i].name) return t.entries[i].value;
  return fallback;
}

static bool single_bit(long long v) { return v > 0 && (v & (v - 1)) == 0; }

FlagMap::FlagMap(const pr_named_table& from, const pr_named_table& to, bool keep_unknown)
    : keep_unknown_(keep_unknown) {
  for (unsigned i = 0; i < from.count; ++i) {
    const pr_named& f = from.entries[i];
    if (!single_bit(f.value)) continue;
    long long t = lookup(to, f.name, 0);
    if (!single_bit(t)) continue;
    uint64_t fb = static_cast<uint64_t>(f.value), tb = static_cast<uint64_t>(t);
    if (known_ & fb) continue;
    known_ |= fb;
    bits_.emplace_back(fb, tb);
  }
}

uint64_t FlagMap::operator()(uint64_t value) const {
  uint64_t out = keep_unknown_ ? value & ~known_ : 0;
  for (const auto& [from, to] : bits_)
    if (value & from) out |= to;
  return out;
}

uint64_t get_field(const void* base, const pr_field& f) {
  const auto* p = static_cast<const uint8_t*>(base) + f.offset;
  switch (f.size) {
    case 1: return f.is_signed ? static_cast<uint64_t>(static_cast<int8_t>(*p)) : *p;
    case 2: {
      uint16_t v;
      std::memcpy(&v, p, 2);
      if (f.big_endian) v = __builtin_bswap16(v);
      return f.is_signed ? static_cast<uint64_t>(static_cast<int16_t>(v)) : v;
    }
    case 4: {
      uint32_t v;
      std::memcpy(&v, p, 4);
      if (f.big_endian) v = __builtin_bswap32(v);
      return f.is_signed ? static_cast<uint64_t>(static_cast<int32_t>(v)) : v;
    }
    default: {
      uint64_t v;
      std::memcpy(&v, p, 8);
      return f.big_endian ? __builtin_bswap64(v) : v;
    }
  }
}

void put_field(void* base, const pr_field& f, uint64_t v) {
  auto* p = static_cast<uint8_t*>(base) + f.offset;
  switch (f.size) {
    case 1: *p = static_cast<uint8_t>(v); break;
    case 2: {
      uint16_t x = static_cast<uint16_t>(v);
      if (f.big_endian) x = __builtin_bswap16(x);
      std::memcpy(p, &x, 2);
      break;
    }
    case 4: {
      uint32_t x = static_cast<uint32_t>(v);
      if (f.big_endian) x = __builtin_bswap32(x);
      std::memcpy(p, &x, 4);
      break;
    }
    default:
      if (f.big_endian) v = __builtin_bswap64(v);
      std::memcpy(p, &v, 8);
      break;
  }
}

void convert_struct(const pr_layout& from, const void* src, const pr_layout& to, void* dst) {
  const auto* s = static_cast<const uint8_t*>(src);
  auto* d = static_cast<uint8_t*>(dst);
  std::memset(d, 0, to.size);
  unsigned n = std::min(from.nfields, to.nfields);
  for (unsigned i = 0; i < n; ++i) {
    const pr_field& ff = from.fields[i];
    const pr_field& tf = to.fields[i];
    if (ff.size == 0 || tf.size == 0) continue;
    bool scalar = ff.size <= 8 && tf.size <= 8 && (ff.size & (ff.size - 1)) == 0 && (tf.size & (tf.size - 1)) == 0;
    if (scalar) {
      put_field(d, tf, get_field(s, ff));
    } else {
      std::memcpy(d + tf.offset, s + ff.offset, std::min(ff.size, tf.size));
    }
  }
}

bool same_layout(const pr_layout& a, const pr_layout& b) {
  if (a.size != b.size || a.nfields != b.nfields) return false;
  for (unsigned i = 0; i < a.nfields; ++i)
    if (a.fields[i].offset != b.fields[i].offset || a.fields[i].size != b.fields[i].size ||
        (a.fields[i].big_endian != b.fields[i].big_endian && a.fields[i].size > 1))
      return false;
  return true;
}

KernelAbiMap::KernelAbiMap(const pr_kernel_abi& guest, const pr_kernel_abi& host)
    : guest_(guest),
      host_(host),
      errno_to_guest_(4096, 0),
      errno_to_host_(4096, 0),
      open_to_host_(guest.open_flags, host.open_flags),
      open_to_guest_(host.open_flags, guest.open_flags),
      mmap_to_host_(guest.mmap_flags, host.mmap_flags) {
  // (The kernel's __kernel_timespec: two 64-bit fields, here with the guest's nsec width.)
  const unsigned nsec = guest.word_size == 4 ? 4 : 8;
  for (unsigned f = 0; f < 4; ++f) time64_fields_[f] = field(8 * f, f % 2 ? nsec : 8, true);
  time64_ts_ = pr_layout{16, 2, time64_fields_};
  time64_its_ = pr_layout{32, 4, time64_fields_};
  for (int i = 0; i < 4096; ++i) errno_to_guest_[i] = errno_to_host_[i] = i;
  for (unsigned i = 0; i < host.errnos.count; ++i) {
    const pr_named& h = host.errnos.entries[i];
    long long g = lookup(guest.errnos, h.name, -1);
    if (g > 0 && g < 4096 && h.value > 0 && h.value < 4096) {
      errno_to_guest_[static_cast<size_t>(h.value)] = static_cast<int>(g);
      errno_to_host_[static_cast<size_t>(g)] = static_cast<int>(h.value);
    }
  }
  // Request numbers, not the small flag values that share the prefixes (TIOCPKT_DATA …).
  for (unsigned i = 0; i < guest.ioctls.count; ++i) {
    const pr_named& g = guest.ioctls.entries[i];
    long long h = lookup(host.ioctls, g.name, -1);
    if (g.value >= 0x100 && h >= 0x100) ioctl_to_host_.emplace(static_cast<uint64_t>(g.value), static_cast<uint64_t>(h));
  }
  for (unsigned i = 0; i < guest.signals.count; ++i) {
    const pr_named& g = guest.signals.entries[i];
    long long h = lookup(host.signals, g.name, -1);
    if (g.value >= 1 && g.value <= 64 && h >= 1 && h <= 64) {
      sig_to_host_[static_cast<size_t>(g.value)] = static_cast<uint8_t>(h);
      sig_to_guest_[static_cast<size_t>(h)] = static_cast<uint8_t>(g.value);
    }
  }
  long long grt = lookup(guest.signals, "SIGRTMIN", -1), hrt = lookup(host.signals, "SIGRTMIN", -1);
  for (long long k = 1; grt > 0 && hrt > 0 && grt + k <= 64 && hrt + k <= 64; ++k) {
    sig_to_host_[static_cast<size_t>(grt + k)] = static_cast<uint8_t>(hrt + k);
    sig_to_guest_[static_cast<size_t>(hrt + k)] = static_cast<uint8_t>(grt + k);
  }
}

uint64_t KernelAbiMap::map_sigset(uint64_t set, const std::array<uint8_t, 65>& to) {
  uint64_t out = 0;
  for (int sig = 1; sig <= 64; ++sig)
    if ((set >> (sig - 1)) & 1 && to[static_cast<size_t>(sig)]) out |= 1ull << (to[static_cast<size_t>(sig)] - 1);
  return out;
}

uint64_t KernelAbiMap::ioctl_to_host(uint64_t guest_request) const {
  auto it = ioctl_to_host_.find(guest_request);
  return it == ioctl_to_host_.end() ? 0 : it->second;
}

int KernelAbiMap::guest_errno(int e) const {
  return e > 0 && e < 4096 ? errno_to_guest_[static_cast<size_t>(e)] : e;
}

int KernelAbiMap::host_errno(int e) const {
  return e > 0 && e < 4096 ? errno_to_host_[static_cast<size_t>(e)] : e;
}

long KernelAbiMap::sysno(std::string_view name) const {
  return static_cast<long>(lookup(guest_.sysnos, name, -1));
}

}  // namespace polyrun::linux_abi
