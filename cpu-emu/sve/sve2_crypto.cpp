// SVE2's crypto extensions (AESE, AESD, AESMC, AESIMC, SM4E, SM4EKEY, RAX1), bit permutes
// (BEXT, BDEP, BGRP) and histograms (HISTCNT, HISTSEG).
#include <array>
#include <iterator>

#include "cpu-emu/sve/sve2_common.h"

namespace polyrun::cpu::sve {

namespace {

// Multiplication in GF(2^8) modulo the polynomial `poly` (bit 8 included).
constexpr uint8_t gf_mul(uint8_t a, uint8_t b, unsigned poly) {
  unsigned r = 0, x = a;
  for (; b; b >>= 1) {
    if (b & 1) r ^= x;
    x <<= 1;
    if (x & 0x100) x ^= poly;
  }
  return static_cast<uint8_t>(r);
}
// The inverse (zero for zero): a^254.
constexpr uint8_t gf_inv(uint8_t a, unsigned poly) {
  uint8_t r = 1;
  for (unsigned e = 254; e; e >>= 1, a = gf_mul(a, a, poly))
    if (e & 1) r = gf_mul(r, a, poly);
  return r;
}
constexpr uint8_t rol8(uint8_t x, unsigned k) { return static_cast<uint8_t>(x << k | x >> (8 - k)); }

// AES's S-box (FIPS-197: inversion modulo x^8+x^4+x^3+x+1, then the affine map with 0x63) and its
// inverse.
struct AesBoxes {
  std::array<uint8_t, 256> fwd{}, inv{};
};
constexpr AesBoxes make_aes_boxes() {
  AesBoxes b;
  for (unsigned x = 0; x < 256; ++x) {
    const uint8_t i = gf_inv(static_cast<uint8_t>(x), 0x11b);
    const uint8_t s = i ^ rol8(i, 1) ^ rol8(i, 2) ^ rol8(i, 3) ^ rol8(i, 4) ^ 0x63;
    b.fwd[x] = s;
    b.inv[s] = static_cast<uint8_t>(x);
  }
  return b;
}
constexpr AesBoxes kAes = make_aes_boxes();

// SM4's S-box (GB/T 32907): the affine map A (x ^ x<<<1 ^ x<<<3 ^ x<<<6 ^ x<<<7) with 0xd3,
// inversion modulo x^8+x^7+x^6+x^5+x^4+x^2+1, and A with 0xd3 again.
constexpr std::array<uint8_t, 256> make_sm4_box() {
  std::array<uint8_t, 256> b{};
  auto affine = [](uint8_t x) {
    return static_cast<uint8_t>(x ^ rol8(x, 1) ^ rol8(x, 3) ^ rol8(x, 6) ^ rol8(x, 7) ^ 0xd3);
  };
  for (unsigned x = 0; x < 256; ++x) b[x] = affine(gf_inv(affine(static_cast<uint8_t>(x)), 0x1f5));
  return b;
}
constexpr std::array<uint8_t, 256> kSm4 = make_sm4_box();

// One 128-bit AES state (byte r + 4c is row r of column c).
void shift_rows(uint8_t s[16], bool inverse) {
  uint8_t t[16];
  for (unsigned r = 0; r < 4; ++r)
    for (unsigned col = 0; col < 4; ++col) {
      const unsigned from = r + 4 * ((col + r) % 4);
      if (inverse)
        t[from] = s[r + 4 * col];
      else
        t[r + 4 * col] = s[from];
    }
  std::memcpy(s, t, 16);
}
void mix_columns(uint8_t s[16], bool inverse) {
  const uint8_t k[4] = {static_cast<uint8_t>(inverse ? 14 : 2), static_cast<uint8_t>(inverse ? 11 : 3),
                        static_cast<uint8_t>(inverse ? 13 : 1), static_cast<uint8_t>(inverse ? 9 : 1)};
  for (unsigned col = 0; col < 4; ++col) {
    uint8_t a[4], o[4];
    std::memcpy(a, s + 4 * col, 4);
    for (unsigned r = 0; r < 4; ++r) {
      o[r] = 0;
      for (unsigned j = 0; j < 4; ++j) o[r] ^= gf_mul(a[(r + j) % 4], k[j], 0x11b);
    }
    std::memcpy(s + 4 * col, o, 4);
  }
}

inline uint32_t rol32(uint32_t x, unsigned k) { return x << k | x >> (32 - k); }

// Four rounds of SM4 (SM4E: data and round keys; SM4EKEY: key and constants, `key` selecting the
// key schedule's linear map) on one 128-bit segment.
void sm4_rounds(uint8_t s[16], const uint8_t* k, bool key) {
  uint32_t w[4];
  std::memcpy(w, s, 16);
  for (unsigned i = 0; i < 4; ++i) {
    uint32_t x = w[3] ^ w[2] ^ w[1] ^ static_cast<uint32_t>(uelem(k, i, 4)), y = 0;
    for (unsigned b = 0; b < 4; ++b) y |= static_cast<uint32_t>(kSm4[x >> (8 * b) & 0xff]) << (8 * b);
    x = key ? y ^ rol32(y, 13) ^ rol32(y, 23) : y ^ rol32(y, 2) ^ rol32(y, 10) ^ rol32(y, 18) ^ rol32(y, 24);
    x ^= w[0];
    w[0] = w[1], w[1] = w[2], w[2] = w[3], w[3] = x;
  }
  std::memcpy(s, w, 16);
}

// AESMC, AESIMC (bit 10): Zdn's 128-bit segments through MixColumns or its inverse.
Outcome aesmc(uint32_t insn, Context& c) {
  const unsigned d = bits(insn, 4, 0);
  uint8_t r[kMaxVl];
  std::memcpy(r, c.zr(d), c.vl());
  for (unsigned q = 0; q < c.vl(); q += 16) mix_columns(r + q, bit(insn, 10));
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// AESE, AESD (bit 10), SM4E (bit 16): Zdn = one AES round's AddRoundKey (Zm), (Inv)ShiftRows and
// (Inv)SubBytes, or four SM4 rounds with Zm's round keys, per 128-bit segment.
Outcome aese(uint32_t insn, Context& c) {
  const unsigned d = bits(insn, 4, 0);
  const bool dec = bit(insn, 10), sm4 = bit(insn, 16);
  if (sm4 && dec) return Context::undefined();
  const uint8_t* m = c.zr(bits(insn, 9, 5));
  uint8_t r[kMaxVl];
  std::memcpy(r, c.zr(d), c.vl());
  for (unsigned q = 0; q < c.vl(); q += 16) {
    if (sm4) {
      sm4_rounds(r + q, m + q, false);
      continue;
    }
    for (unsigned k = 0; k < 16; ++k) r[q + k] ^= m[q + k];
    shift_rows(r + q, dec);
    for (unsigned k = 0; k < 16; ++k) r[q + k] = dec ? kAes.inv[r[q + k]] : kAes.fwd[r[q + k]];
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// SM4EKEY Zd, Zn, Zm: four rounds of SM4's key schedule on Zn with Zm's constants; RAX1 (bit 10):
// Zd.D = Zn ^ (Zm rotated left by one).
Outcome sm4ekey_rax1(uint32_t insn, Context& c) {
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16));
  uint8_t r[kMaxVl];
  if (bit(insn, 10)) {
    for (unsigned i = 0; i < c.vl() / 8; ++i) {
      const uint64_t y = uelem(m, i, 8);
      set_elem(r, i, 8, uelem(n, i, 8) ^ (y << 1 | y >> 63));
    }
  } else {
    std::memcpy(r, n, c.vl());
    for (unsigned q = 0; q < c.vl(); q += 16) sm4_rounds(r + q, m + q, true);
  }
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// SVE2 bitwise permute (bits 11:10): BEXT gathers Zn's bits where Zm has ones into the low bits,
// BDEP scatters Zn's low bits to where Zm has ones, BGRP gathers those below the others.
Outcome bitperm(uint32_t insn, Context& c) {
  const unsigned op = bits(insn, 11, 10);
  if (op == 3) return Context::undefined();
  const unsigned es = esize_of(bits(insn, 23, 22)), eb = 8 * es;
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const uint64_t x = uelem(n, i, es), mask = uelem(m, i, es);
    uint64_t v = 0;
    unsigned k = 0;
    if (op == 1) {
      for (unsigned b = 0; b < eb; ++b)
        if (mask >> b & 1) v |= (x >> k++ & 1) << b;
    } else {
      for (unsigned b = 0; b < eb; ++b)
        if (mask >> b & 1) v |= (x >> b & 1) << k++;
      if (op == 2)
        for (unsigned b = 0; b < eb; ++b)
          if (!(mask >> b & 1)) v |= (x >> b & 1) << k++;
    }
    set_elem(r, i, es, v);
  }
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// HISTCNT Zd, Pg/Z, Zn, Zm (.S, .D): each active element counts the active elements of Zm up to
// its own position equal to it; inactive elements are zero.
Outcome histcnt(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size < 2) return Context::undefined();
  const unsigned es = esize_of(size);
  const uint8_t *pg = c.pr(bits(insn, 12, 10)), *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    uint64_t count = 0;
    if (active(pg, i, es)) {
      const uint64_t x = uelem(n, i, es);
      for (unsigned j = 0; j <= i; ++j) count += active(pg, j, es) && uelem(m, j, es) == x;
    }
    set_elem(r, i, es, count);
  }
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// HISTSEG Zd.B, Zn.B, Zm.B: each byte counts the bytes of Zm's same 128-bit segment equal to it.
Outcome histseg(uint32_t insn, Context& c) {
  if (bits(insn, 23, 22)) return Context::undefined();
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl(); ++i) {
    unsigned count = 0;
    for (unsigned j = i & ~15u; j < (i & ~15u) + 16; ++j) count += m[j] == n[i];
    r[i] = static_cast<uint8_t>(count);
  }
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xfffffbe0, 0x4520e000, aesmc, "SVE2 crypto unary operations (AESMC, AESIMC)"},
    {0xfffef800, 0x4522e000, aese, "SVE2 crypto destructive binary operations (AESE, AESD, SM4E)"},
    {0xffe0f800, 0x4520f000, sm4ekey_rax1, "SVE2 crypto constructive binary operations (SM4EKEY, RAX1)"},
    {0xff20f000, 0x4500b000, bitperm, "SVE2 bitwise permute"},
    {0xff20e000, 0x4520c000, histcnt, "SVE2 histogram generation (vector)"},
    {0xff20fc00, 0x4520a000, histseg, "SVE2 histogram generation (segment)"},
};

}  // namespace

void add_sve2_crypto_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
