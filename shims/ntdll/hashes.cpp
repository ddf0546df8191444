// NTDLL's message digests, their state in the caller's context as Windows lays it out:
// MD4_CTX {buf[4] (the state), i[2] (the bits so far, low then high), in[64], digest[16]}, MD5_CTX
// {i[2], buf[4], in[64], digest[16]} (MD4Init/Update/Final, MD5Init/Update/Final: RFC 1320 and
// RFC 1321), and A_SHA_CTX {6 unused ULONGs, State[5], Count[2] (bytes so far: high, low),
// Buffer[64]} (A_SHAInit/Update/Final: SHA-1, FIPS 180; A_SHAFinal writes the 20-byte digest and
// starts the context again).
#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_hashes_impl {

uint32_t rol(uint32_t v, int n) { return v << n | v >> (32 - n); }
uint32_t le32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24; }
uint32_t be32(const uint8_t* p) { return static_cast<uint32_t>(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

// ---- MD4 and MD5: 64-byte blocks of little-endian words ----

void md4_block(uint32_t s[4], const uint8_t* block) {
  uint32_t x[16];
  for (int i = 0; i < 16; ++i) x[i] = le32(block + 4 * i);
  uint32_t a = s[0], b = s[1], c = s[2], d = s[3];
  auto f = [](uint32_t x, uint32_t y, uint32_t z) { return (x & y) | (~x & z); };
  auto g = [](uint32_t x, uint32_t y, uint32_t z) { return (x & y) | (x & z) | (y & z); };
  auto h = [](uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; };
  static constexpr int r1[4] = {3, 7, 11, 19}, r2[4] = {3, 5, 9, 13}, r3[4] = {3, 9, 11, 15};
  static constexpr int o2[16] = {0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15};
  static constexpr int o3[16] = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
  uint32_t* v[4] = {&a, &d, &c, &b};  // each step updates the next of a, d, c, b in turn
  for (int i = 0; i < 16; ++i) {
    uint32_t& t = *v[i % 4];
    const uint32_t bb = *v[(i + 3) % 4], cc = *v[(i + 2) % 4], dd = *v[(i + 1) % 4];
    t = rol(t + f(bb, cc, dd) + x[i], r1[i % 4]);
  }
  for (int i = 0; i < 16; ++i) {
    uint32_t& t = *v[i % 4];
    const uint32_t bb = *v[(i + 3) % 4], cc = *v[(i + 2) % 4], dd = *v[(i + 1) % 4];
    t = rol(t + g(bb, cc, dd) + x[o2[i]] + 0x5a827999u, r2[i % 4]);
  }
  for (int i = 0; i < 16; ++i) {
    uint32_t& t = *v[i % 4];
    const uint32_t bb = *v[(i + 3) % 4], cc = *v[(i + 2) % 4], dd = *v[(i + 1) % 4];
    t = rol(t + h(bb, cc, dd) + x[o3[i]] + 0x6ed9eba1u, r3[i % 4]);
  }
  s[0] += a, s[1] += b, s[2] += c, s[3] += d;
}

void md5_block(uint32_t s[4], const uint8_t* block) {
  static const uint32_t k[64] = {
      0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
      0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
      0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
      0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
      0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
      0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
      0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
      0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
  static constexpr int r[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
  uint32_t x[16];
  for (int i = 0; i < 16; ++i) x[i] = le32(block + 4 * i);
  uint32_t a = s[0], b = s[1], c = s[2], d = s[3];
  for (int i = 0; i < 64; ++i) {
    uint32_t fn;
    int g;
    if (i < 16) fn = (b & c) | (~b & d), g = i;
    else if (i < 32) fn = (d & b) | (~d & c), g = (5 * i + 1) % 16;
    else if (i < 48) fn = b ^ c ^ d, g = (3 * i + 5) % 16;
    else fn = c ^ (b | ~d), g = (7 * i) % 16;
    const uint32_t t = d;
    d = c;
    c = b;
    b = b + rol(a + fn + k[i] + x[g], r[(i / 16) * 4 + i % 4]);
    a = t;
  }
  s[0] += a, s[1] += b, s[2] += c, s[3] += d;
}

// The context's pieces: the state, the bit count and the 64-byte buffer.
struct MdContext {
  uint64_t state, count, in, digest;
};
constexpr MdContext kMd4{0, 16, 24, 88}, kMd5{8, 0, 24, 88};

void md_init(uint64_t ctx, const MdContext& l) {
  const uint32_t s[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  std::memcpy(guest_pointer(ctx + l.state), s, 16);
  put<uint64_t>(ctx + l.count, 0);
}

void md_update(uint64_t ctx, const MdContext& l, const uint8_t* data, uint32_t len, void (*block)(uint32_t*, const uint8_t*)) {
  uint32_t s[4];
  std::memcpy(s, guest_pointer(ctx + l.state), 16);
  uint64_t bits = get<uint64_t>(ctx + l.count);
  uint8_t* in = static_cast<uint8_t*>(guest_pointer(ctx + l.in));
  uint32_t have = static_cast<uint32_t>((bits >> 3) & 63);
  bits += static_cast<uint64_t>(len) << 3;
  while (len) {
    const uint32_t n = std::min(64 - have, len);
    std::memcpy(in + have, data, n);
    have += n, data += n, len -= n;
    if (have == 64) {
      block(s, in);
      have = 0;
    }
  }
  std::memcpy(guest_pointer(ctx + l.state), s, 16);
  put<uint64_t>(ctx + l.count, bits);
}

void md_final(uint64_t ctx, const MdContext& l, void (*block)(uint32_t*, const uint8_t*)) {
  const uint64_t bits = get<uint64_t>(ctx + l.count);
  const uint32_t have = static_cast<uint32_t>((bits >> 3) & 63);
  uint8_t pad[72] = {0x80};
  const uint32_t n = have < 56 ? 56 - have : 120 - have;
  md_update(ctx, l, pad, n, block);
  uint8_t length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<uint8_t>(bits >> (8 * i));
  md_update(ctx, l, length, 8, block);
  std::memcpy(guest_pointer(ctx + l.digest), guest_pointer(ctx + l.state), 16);
}

void MD4Init(WindowsProcess&, Ptr ctx) { md_init(ctx.addr, kMd4); }
void MD4Update(WindowsProcess&, Ptr ctx, Ptr data, uint32_t len) {
  md_update(ctx.addr, kMd4, data.as<const uint8_t>(), len, md4_block);
}
void MD4Final(WindowsProcess&, Ptr ctx) { md_final(ctx.addr, kMd4, md4_block); }
void MD5Init(WindowsProcess&, Ptr ctx) { md_init(ctx.addr, kMd5); }
void MD5Update(WindowsProcess&, Ptr ctx, Ptr data, uint32_t len) {
  md_update(ctx.addr, kMd5, data.as<const uint8_t>(), len, md5_block);
}
void MD5Final(WindowsProcess&, Ptr ctx) { md_final(ctx.addr, kMd5, md5_block); }

// ---- SHA-1: 64-byte blocks of big-endian words ----

void sha1_block(uint32_t s[5], const uint8_t* block) {
  uint32_t w[80];
  for (int i = 0; i < 16; ++i) w[i] = be32(block + 4 * i);
  for (int i = 16; i < 80; ++i) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4];
  for (int i = 0; i < 80; ++i) {
    uint32_t f, k;
    if (i < 20) f = (b & c) | (~b & d), k = 0x5a827999;
    else if (i < 40) f = b ^ c ^ d, k = 0x6ed9eba1;
    else if (i < 60) f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdc;
    else f = b ^ c ^ d, k = 0xca62c1d6;
    const uint32_t t = rol(a, 5) + f + e + k + w[i];
    e = d, d = c, c = rol(b, 30), b = a, a = t;
  }
  s[0] += a, s[1] += b, s[2] += c, s[3] += d, s[4] += e;
}

constexpr uint64_t kShaState = 24, kShaCount = 44, kShaBuffer = 52;

void A_SHAInit(WindowsProcess&, Ptr ctx) {
  const uint32_t s[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
  std::memcpy(guest_pointer(ctx.addr + kShaState), s, 20);
  put<uint32_t>(ctx.addr + kShaCount, 0);
  put<uint32_t>(ctx.addr + kShaCount + 4, 0);
}

void sha_update(uint64_t ctx, const uint8_t* data, uint32_t len) {
  uint32_t s[5];
  std::memcpy(s, guest_pointer(ctx + kShaState), 20);
  const uint64_t bytes =
      static_cast<uint64_t>(get<uint32_t>(ctx + kShaCount)) << 32 | get<uint32_t>(ctx + kShaCount + 4);
  uint8_t* buf = static_cast<uint8_t*>(guest_pointer(ctx + kShaBuffer));
  uint32_t have = static_cast<uint32_t>(bytes & 63);
  const uint64_t total = bytes + len;
  while (len) {
    const uint32_t n = std::min(64 - have, len);
    std::memcpy(buf + have, data, n);
    have += n, data += n, len -= n;
    if (have == 64) {
      sha1_block(s, buf);
      have = 0;
    }
  }
  std::memcpy(guest_pointer(ctx + kShaState), s, 20);
  put<uint32_t>(ctx + kShaCount, static_cast<uint32_t>(total >> 32));
  put<uint32_t>(ctx + kShaCount + 4, static_cast<uint32_t>(total));
}

void A_SHAUpdate(WindowsProcess&, Ptr ctx, Ptr data, uint32_t len) { sha_update(ctx.addr, data.as<const uint8_t>(), len); }

void A_SHAFinal(WindowsProcess& p, Ptr ctx, Ptr result) {
  const uint64_t bits =
      (static_cast<uint64_t>(get<uint32_t>(ctx.addr + kShaCount)) << 32 | get<uint32_t>(ctx.addr + kShaCount + 4)) << 3;
  const uint32_t have = static_cast<uint32_t>((bits >> 3) & 63);
  uint8_t pad[72] = {0x80};
  sha_update(ctx.addr, pad, have < 56 ? 56 - have : 120 - have);
  uint8_t length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
  sha_update(ctx.addr, length, 8);
  for (int i = 0; i < 5; ++i) {
    const uint32_t v = get<uint32_t>(ctx.addr + kShaState + 4 * i);
    const uint8_t b[4] = {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8),
                          static_cast<uint8_t>(v)};
    std::memcpy(guest_pointer(result.addr + 4 * i), b, 4);
  }
  A_SHAInit(p, ctx);
}

}  // namespace ntdll_hashes_impl

const std::vector<Export>& ntdll_hash_exports() {
  using namespace ntdll_hashes_impl;
  static const std::vector<Export> exports = {
      EXPORT("MD4Init", MD4Init),       EXPORT("MD4Update", MD4Update),     EXPORT("MD4Final", MD4Final),
      EXPORT("MD5Init", MD5Init),       EXPORT("MD5Update", MD5Update),     EXPORT("MD5Final", MD5Final),
      EXPORT("A_SHAInit", A_SHAInit),   EXPORT("A_SHAUpdate", A_SHAUpdate), EXPORT("A_SHAFinal", A_SHAFinal),
  };
  return exports;
}

}  // namespace polyrun::shims
