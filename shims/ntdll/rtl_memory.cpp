// NTDLL's memory helpers and small arithmetic: RtlCompareMemory(Ulong), RtlFillMemory(Ulong),
// RtlMoveMemory and RtlCopyMemory; RtlComputeCrc32 (the CRC-32 of zlib and Ethernet, continued from
// a previous value); RtlUniform (Microsoft's linear congruential generator, its arithmetic in
// ULONGs as documented) and RtlRandom / RtlRandomEx over it; access masks (RtlAreAllAccessesGranted,
// RtlAreAnyAccessesGranted, RtlMapGenericMask); LUIDs (RtlEqualLuid, RtlCopyLuid,
// RtlCopyLuidAndAttributesArray).
#include <array>
#include <cstring>
#include <mutex>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_rtl_memory_impl {

USize RtlCompareMemory(WindowsProcess&, Ptr a, Ptr b, USize n) {
  const uint8_t *x = a.as<const uint8_t>(), *y = b.as<const uint8_t>();
  uint64_t i = 0;
  while (i < n && x[i] == y[i]) ++i;
  return USize(i);
}

// The bytes of the leading ULONGs equal to `v` (a multiple of 4).
USize RtlCompareMemoryUlong(WindowsProcess&, Ptr a, USize n, uint32_t v) {
  uint64_t i = 0;
  while (i < n / 4 && get<uint32_t>(a.addr + 4 * i) == v) ++i;
  return USize(i * 4);
}

void RtlFillMemory(WindowsProcess&, Ptr d, USize n, uint8_t v) { std::memset(d.as<void>(), v, n); }

// `n` bytes, whole ULONGs.
void RtlFillMemoryUlong(WindowsProcess&, Ptr d, uint32_t n, uint32_t v) {
  for (uint32_t i = 0; i < n / 4; ++i) put<uint32_t>(d.addr + 4 * i, v);
}

void RtlMoveMemory(WindowsProcess&, Ptr d, Ptr s, USize n) { std::memmove(d.as<void>(), s.as<const void>(), n); }

const std::array<uint32_t, 256>& crc_table() {
  static const std::array<uint32_t, 256> t = [] {
    std::array<uint32_t, 256> r{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
      r[i] = c;
    }
    return r;
  }();
  return t;
}

uint32_t RtlComputeCrc32(WindowsProcess&, uint32_t initial, Ptr data, int32_t n) {
  uint32_t crc = ~initial;
  const uint8_t* d = data.as<const uint8_t>();
  for (int32_t i = 0; i < n; ++i) crc = crc_table()[(crc ^ d[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

// X(n+1) = (A * X(n) + C) mod M, A = 2^31 - 19, C = 2^31 - 61, M = 2^31 - 1, the product and the
// sum taken as ULONGs (Microsoft's RtlUniform page): [0, MAXLONG).
uint32_t uniform(uint32_t seed) { return (seed * 0x7fffffedu + 0x7fffffc3u) % 0x7fffffffu; }

uint32_t RtlUniform(WindowsProcess&, Ptr seed) {
  const uint32_t r = uniform(get<uint32_t>(seed.addr));
  put<uint32_t>(seed.addr, r);
  return r;
}

// RtlRandom: two steps of RtlUniform from the seed (the seed keeps the second), the first
// exchanged with an entry of a shuffle table the second picks, as Bays and Durham shuffle a
// generator; the table starts from a fixed sequence of the same generator. [0, MAXLONG).
uint32_t RtlRandom(WindowsProcess&, Ptr seed) {
  static std::mutex lock;
  static std::array<uint32_t, 128> table = [] {
    std::array<uint32_t, 128> t{};
    uint32_t x = 0x2545f491u;
    for (uint32_t& v : t) v = x = uniform(x);
    return t;
  }();
  const uint32_t first = uniform(get<uint32_t>(seed.addr));
  const uint32_t second = uniform(first);
  put<uint32_t>(seed.addr, second);
  std::lock_guard<std::mutex> g(lock);
  const uint32_t r = table[second & 0x7f];
  table[second & 0x7f] = first;
  return r;
}

uint8_t RtlAreAllAccessesGranted(WindowsProcess&, uint32_t granted, uint32_t desired) {
  return (granted & desired) == desired;
}
uint8_t RtlAreAnyAccessesGranted(WindowsProcess&, uint32_t granted, uint32_t desired) { return (granted & desired) != 0; }

// GENERIC_READ, _WRITE, _EXECUTE, _ALL (bits 31 … 28) replaced by the GENERIC_MAPPING's rights.
void RtlMapGenericMask(WindowsProcess&, Ptr mask, Ptr mapping) {
  uint32_t m = get<uint32_t>(mask.addr);
  static constexpr uint32_t kGeneric[4] = {0x80000000u, 0x40000000u, 0x20000000u, 0x10000000u};
  for (int i = 0; i < 4; ++i)
    if (m & kGeneric[i]) m = (m & ~kGeneric[i]) | get<uint32_t>(mapping.addr + 4 * i);
  put<uint32_t>(mask.addr, m);
}

uint8_t RtlEqualLuid(WindowsProcess&, Ptr a, Ptr b) { return get<uint64_t>(a.addr) == get<uint64_t>(b.addr); }
void RtlCopyLuid(WindowsProcess&, Ptr d, Ptr s) { put<uint64_t>(d.addr, get<uint64_t>(s.addr)); }
// LUID_AND_ATTRIBUTES: 12 bytes each.
void RtlCopyLuidAndAttributesArray(WindowsProcess&, uint32_t count, Ptr s, Ptr d) {
  std::memmove(d.as<void>(), s.as<const void>(), static_cast<size_t>(count) * 12);
}

}  // namespace ntdll_rtl_memory_impl

const std::vector<Export>& ntdll_memory_exports() {
  using namespace ntdll_rtl_memory_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlCompareMemory", RtlCompareMemory),
      EXPORT("RtlCompareMemoryUlong", RtlCompareMemoryUlong),
      EXPORT("RtlFillMemory", RtlFillMemory),
      EXPORT("RtlFillMemoryUlong", RtlFillMemoryUlong),
      EXPORT("RtlMoveMemory", RtlMoveMemory),
      EXPORT("RtlCopyMemory", RtlMoveMemory),
      EXPORT("RtlCopyMemoryNonTemporal", RtlMoveMemory),
      EXPORT("RtlComputeCrc32", RtlComputeCrc32),
      EXPORT("RtlUniform", RtlUniform),
      EXPORT("RtlRandom", RtlRandom),
      EXPORT("RtlRandomEx", RtlRandom),
      EXPORT("RtlAreAllAccessesGranted", RtlAreAllAccessesGranted),
      EXPORT("RtlAreAnyAccessesGranted", RtlAreAnyAccessesGranted),
      EXPORT("RtlMapGenericMask", RtlMapGenericMask),
      EXPORT("RtlEqualLuid", RtlEqualLuid),
      EXPORT("RtlCopyLuid", RtlCopyLuid),
      EXPORT("RtlCopyLuidAndAttributesArray", RtlCopyLuidAndAttributesArray),
  };
  return exports;
}

}  // namespace polyrun::shims
