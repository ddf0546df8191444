// SVE's integer products beyond the predicated ones: the dot products (SDOT, UDOT, and the int8
// matrix extension's USDOT, SUDOT; vectors and indexed), the matrix multiply-accumulates (SMMLA,
// UMMLA, USMMLA), SVE2's unpredicated MUL, SMULH, UMULH, PMUL, SQDMULH, SQRDMULH, and SVE2's
// absolute difference and accumulate (SABA, UABA).
#include <iterator>

#include "cpu-emu/sve/sve_int.h"

namespace polyrun::cpu::sve {

namespace {

using namespace intops;

// An element of `bytes` bytes, sign- or zero-extended.
inline int64_t narrow(const uint8_t* z, unsigned i, unsigned bytes, bool is_signed) {
  return is_signed ? selem(z, i, bytes) : static_cast<int64_t>(uelem(z, i, bytes));
}

// The four-way dot product: each `wide`-byte element of Zda gains the sum of the products of
// the four quarter-width elements of Zn and Zm in it. With `index` >= 0 Zm's group is that
// one of the 128-bit segment (the indexed forms).
void dot(Context& c, unsigned da, unsigned n, unsigned m, unsigned wide, bool sn, bool sm, int index) {
  uint8_t r[kMaxVl];
  const uint8_t* acc = c.zr(da);
  const uint8_t* zn = c.zr(n);
  const uint8_t* zm = c.zr(m);
  const unsigned q = wide / 4, per_segment = 16 / wide;
  for (unsigned i = 0; i < c.vl() / wide; ++i) {
    const unsigned j = index < 0 ? i : i - i % per_segment + static_cast<unsigned>(index);
    uint64_t sum = uelem(acc, i, wide);
    for (unsigned k = 0; k < 4; ++k)
      sum += static_cast<uint64_t>(narrow(zn, 4 * i + k, q, sn) * narrow(zm, 4 * j + k, q, sm));
    set_elem(r, i, wide, sum);
  }
  copy_z(c.zw(da), r, c.vl());
}

// SDOT, UDOT Zda.T, Zn.Tb, Zm.Tb (vectors; bit 22: 64-bit from 16-bit, bit 10: unsigned).
Outcome dot_vectors(uint32_t insn, Context& c) {
  const bool u = bit(insn, 10);
  dot(c, bits(insn, 4, 0), bits(insn, 9, 5), bits(insn, 20, 16), bit(insn, 22) ? 8 : 4, !u, !u, -1);
  return Context::done();
}

// SDOT, UDOT Zda.T, Zn.Tb, Zm.Tb[imm] (indexed): 32-bit with Zm in 18:16 and the index in
// 20:19, 64-bit with Zm in 19:16 and the index in 20.
Outcome dot_indexed(uint32_t insn, Context& c) {
  const bool u = bit(insn, 10), d64 = bit(insn, 22);
  const unsigned m = d64 ? bits(insn, 19, 16) : bits(insn, 18, 16);
  const int index = static_cast<int>(d64 ? bit(insn, 20) : bits(insn, 20, 19));
  dot(c, bits(insn, 4, 0), bits(insn, 9, 5), m, d64 ? 8 : 4, !u, !u, index);
  return Context::done();
}

// USDOT Zda.S, Zn.B, Zm.B (vectors): Zn unsigned, Zm signed.
Outcome usdot_vectors(uint32_t insn, Context& c) {
  dot(c, bits(insn, 4, 0), bits(insn, 9, 5), bits(insn, 20, 16), 4, false, true, -1);
  return Context::done();
}

// USDOT (bit 10 clear: Zn unsigned, Zm signed) and SUDOT (Zn signed, Zm unsigned)
// Zda.S, Zn.B, Zm.B[imm] (Zm in 18:16, the index in 20:19).
Outcome mixed_dot_indexed(uint32_t insn, Context& c) {
  const bool su = bit(insn, 10);
  dot(c, bits(insn, 4, 0), bits(insn, 9, 5), bits(insn, 18, 16), 4, su, !su, static_cast<int>(bits(insn, 20, 19)));
  return Context::done();
}

// SMMLA (bits 23:22 = 00), USMMLA (10: Zn unsigned, Zm signed), UMMLA (11) Zda.S, Zn.B, Zm.B:
// in each 128-bit segment, the 2x2 matrix of 32-bit elements of Zda gains the product of Zn's
// 2x8 matrix of bytes by the transpose of Zm's.
Outcome mmla(uint32_t insn, Context& c) {
  const unsigned kind = bits(insn, 23, 22);
  if (kind == 1) return Context::undefined();
  const bool sn = kind == 0, sm = kind != 3;
  uint8_t r[kMaxVl];
  const unsigned da = bits(insn, 4, 0);
  const uint8_t* acc = c.zr(da);
  const uint8_t* zn = c.zr(bits(insn, 9, 5));
  const uint8_t* zm = c.zr(bits(insn, 20, 16));
  for (unsigned seg = 0; seg < c.vl() / 16; ++seg)
    for (unsigned row = 0; row < 2; ++row)
      for (unsigned col = 0; col < 2; ++col) {
        const unsigned e = seg * 4 + row * 2 + col;
        uint32_t sum = elem<uint32_t>(acc, e);
        for (unsigned k = 0; k < 8; ++k)
          sum += static_cast<uint32_t>(narrow(zn, seg * 16 + row * 8 + k, 1, sn) *
                                       narrow(zm, seg * 16 + col * 8 + k, 1, sm));
        set<uint32_t>(r, e, sum);
      }
  copy_z(c.zw(da), r, c.vl());
  return Context::done();
}

// The polynomial product of two bytes, its low 8 bits.
inline uint8_t pmul8(uint8_t a, uint8_t b) {
  unsigned r = 0;
  for (unsigned k = 0; k < 8; ++k)
    if (b >> k & 1) r ^= static_cast<unsigned>(a) << k;
  return static_cast<uint8_t>(r);
}

// SVE2 integer multiply vectors (unpredicated), bits 12:10: MUL (000), PMUL (001, bytes only),
// SMULH (010), UMULH (011), SQDMULH (100), SQRDMULH (101) Zd.T, Zn.T, Zm.T.
Outcome mul_unpred(uint32_t insn, Context& c) {
  const unsigned op = bits(insn, 12, 10), size = bits(insn, 23, 22);
  if (op >= 6 || (op == 1 && size != 0)) return Context::undefined();
  by_size(size, [&](auto t) {
    using T = decltype(t);
    map2<T>(c, bits(insn, 4, 0), bits(insn, 9, 5), bits(insn, 20, 16), [&](T a, T b) -> T {
      const s128 prod = sv(a) * sv(b);
      switch (op) {
        case 0: return static_cast<T>(static_cast<uint64_t>(a) * b);
        case 1: return static_cast<T>(pmul8(static_cast<uint8_t>(a), static_cast<uint8_t>(b)));
        case 2: return static_cast<T>(prod >> kBits<T>);
        case 3: return static_cast<T>(uv(a) * static_cast<u128>(b) >> kBits<T>);
        // SQDMULH: (2 * a * b) >> esize, saturated; SQRDMULH rounds first.
        case 4: return sat_s<T>(prod >> (kBits<T> - 1));
        default: return sat_s<T>((prod + (static_cast<s128>(1) << (kBits<T> - 2))) >> (kBits<T> - 1));
      }
    });
  });
  return Context::done();
}

// SVE2 integer absolute difference and accumulate: SABA (bit 10 clear), UABA Zda.T, Zn.T, Zm.T.
Outcome aba(uint32_t insn, Context& c) {
  const bool u = bit(insn, 10);
  by_size(bits(insn, 23, 22), [&](auto t) {
    using T = decltype(t);
    map3<T>(c, bits(insn, 4, 0), bits(insn, 9, 5), bits(insn, 20, 16), [&](T acc, T a, T b) {
      const bool a_greater = u ? a > b : static_cast<Signed<T>>(a) > static_cast<Signed<T>>(b);
      return static_cast<T>(acc + (a_greater ? a - b : b - a));
    });
  });
  return Context::done();
}

const Encoding kTable[] = {
    {0xffa0f800, 0x44800000, dot_vectors, "SDOT, UDOT (vectors)"},
    {0xffa0f800, 0x44a00000, dot_indexed, "SDOT, UDOT (indexed)"},
    {0xffe0fc00, 0x44807800, usdot_vectors, "USDOT (vectors)"},
    {0xffe0f800, 0x44a01800, mixed_dot_indexed, "USDOT, SUDOT (indexed)"},
    {0xff20fc00, 0x45009800, mmla, "SMMLA, USMMLA, UMMLA"},
    {0xff20e000, 0x04206000, mul_unpred, "SVE2 integer multiply vectors (unpredicated)"},
    {0xff20f800, 0x4500f800, aba, "SVE2 integer absolute difference and accumulate"},
};

}  // namespace

void add_int_mul_encodings(std::vector<Encoding>& out) { out.insert(out.end(), std::begin(kTable), std::end(kTable)); }

}  // namespace polyrun::cpu::sve
