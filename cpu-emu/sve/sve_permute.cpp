// SVE's unpredicated permutes and element moves: INDEX, EXT, DUP (general and indexed), INSR,
// REV (vector), TBL, TBX, SUNPK*/UUNPK*, ZIP/UZP/TRN of vectors (and their 128-bit forms) and of
// predicates, REV (predicate), PUNPKHI/LO. The predicated ones are sve_permute_predicated.cpp.
#include <bit>
#include <iterator>

#include "cpu-emu/sve/sve_permute.h"

namespace polyrun::cpu::sve {

namespace {

// ZIP1/ZIP2 (op 0/1), UZP1/UZP2 (2/3), TRN1/TRN2 (4/5) over n elements of two operands a and b:
// move(i, from_b, j) sets result element i to element j of a (from_b false) or of b.
template <typename Move>
void interleave(unsigned op, unsigned n, Move move) {
  const unsigned part = op & 1, half = n / 2;
  switch (op >> 1) {
    case 0:  // ZIP: pairs from the low (1) or high (2) halves
      for (unsigned p = 0; p < half; ++p) {
        move(2 * p, false, part * half + p);
        move(2 * p + 1, true, part * half + p);
      }
      break;
    case 1:  // UZP: the even (1) or odd (2) elements of b:a
      for (unsigned i = 0; i < n; ++i) {
        const unsigned j = 2 * i + part;
        move(i, j >= n, j % n);
      }
      break;
    default:  // TRN: the even (1) or odd (2) elements of each pair
      for (unsigned p = 0; p < half; ++p) {
        move(2 * p, false, 2 * p + part);
        move(2 * p + 1, true, 2 * p + part);
      }
      break;
  }
}

// INDEX Zd.T, start, incr: element i is start + i * incr. Bit 10: start is Xn (else imm5 at
// 9:5); bit 11: incr is Xm (else imm5 at 20:16). Esize 64 reads X, smaller sizes truncate.
Outcome index(uint32_t insn, Context& c) {
  Machine& m = c.machine();
  const unsigned esize = esize_of(bits(insn, 23, 22)), f1 = bits(insn, 9, 5), f2 = bits(insn, 20, 16);
  const uint64_t start = bit(insn, 10) ? m.x(f1) : static_cast<uint64_t>(sext(f1, 5));
  const uint64_t incr = bit(insn, 11) ? m.x(f2) : static_cast<uint64_t>(sext(f2, 5));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / esize; ++i) set_elem(r, i, esize, start + i * incr);
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// EXT Zdn.B, Zdn.B, Zm.B, #imm (bit 22 clear) and SVE2's EXT Zd.B, {Zn.B, Zn+1.B}, #imm: the
// bytes of hi:lo from byte imm (imm8 at 20:16:12:10; an imm of VL bytes or more is 0).
Outcome ext(uint32_t insn, Context& c) {
  const unsigned d = bits(insn, 4, 0), n = bits(insn, 9, 5), vl = c.vl();
  const bool constructive = bit(insn, 22);
  const uint8_t* lo = c.zr(constructive ? n : d);
  const uint8_t* hi = c.zr(constructive ? (n + 1) % 32 : n);
  unsigned pos = bits(insn, 20, 16) << 3 | bits(insn, 12, 10);
  if (pos >= vl) pos = 0;
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < vl; ++i) r[i] = pos + i < vl ? lo[pos + i] : hi[pos + i - vl];
  std::memcpy(c.zw(d), r, vl);
  return Context::done();
}

// DUP Zd.T, Wn|Xn|WSP|SP (register 31 is SP).
Outcome dup_general(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), n = bits(insn, 9, 5);
  const uint64_t v = n == 31 ? c.machine().sp() : c.machine().x(n);
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / esize; ++i) set_elem(r, i, esize, v);
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// DUP Zd.T, Zn.T[imm]: imm2:tsz (23:22, 20:16); the lowest set bit of tsz gives the element size
// (B, H, S, D, Q), the bits above it the index. An index beyond VL gives zero; tsz 0 is
// unallocated.
Outcome dup_indexed(uint32_t insn, Context& c) {
  const unsigned tsz = bits(insn, 20, 16);
  if (tsz == 0) return Context::undefined();
  const unsigned shift = static_cast<unsigned>(std::countr_zero(tsz)), esize = 1u << shift;
  const unsigned idx = (bits(insn, 23, 22) << 5 | tsz) >> (shift + 1);
  const uint8_t* zn = c.zr(bits(insn, 9, 5));
  uint8_t r[kMaxVl];
  if ((idx + 1) * esize > c.vl())
    std::memset(r, 0, c.vl());
  else
    for (unsigned i = 0; i < c.vl(); i += esize) std::memcpy(r + i, zn + idx * esize, esize);
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// INSR Zdn.T, Rm (bit 20 clear; register 31 is ZR) and INSR Zdn.T, Vm: the elements move up one
// place (the last is lost) and element 0 becomes the scalar.
Outcome insr(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), d = bits(insn, 4, 0), m = bits(insn, 9, 5);
  const uint64_t v = bit(insn, 20) ? fp_scalar(c, m, esize) : c.machine().x(m);
  uint8_t r[kMaxVl];
  std::memcpy(r + esize, c.zr(d), c.vl() - esize);
  set_elem(r, 0, esize, v);
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// REV Zd.T, Zn.T: the elements in reverse order.
Outcome rev_vector(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), n = c.vl() / esize;
  const uint8_t* zn = c.zr(bits(insn, 9, 5));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < n; ++i) std::memcpy(r + i * esize, zn + (n - 1 - i) * esize, esize);
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// SUNPKLO/SUNPKHI/UUNPKLO/UUNPKHI Zd.T, Zn.Tb: the low (bit 16 clear) or high half's elements of
// half the size, sign- (bit 17 clear) or zero-extended. Size 0 is unallocated.
Outcome unpack(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size == 0) return Context::undefined();
  const unsigned esize = esize_of(size), half = esize / 2, n = c.vl() / esize, base = bit(insn, 16) ? n : 0;
  const bool is_unsigned = bit(insn, 17);
  const uint8_t* zn = c.zr(bits(insn, 9, 5));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < n; ++i)
    set_elem(r, i, esize,
             is_unsigned ? uelem(zn, base + i, half) : static_cast<uint64_t>(selem(zn, base + i, half)));
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// TBL Zd.T, {Zn.T}, Zm.T (bits 11:10 00), SVE2's TBL Zd.T, {Zn.T, Zn+1.T}, Zm.T (10) and TBX
// Zd.T, Zn.T, Zm.T (11): element i is the table's element Zm[i]; an index past the table gives
// zero (TBX: leaves Zd's element).
Outcome tbl(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), n = c.vl() / esize, d = bits(insn, 4, 0);
  const unsigned zn = bits(insn, 9, 5), form = bits(insn, 11, 10);
  const uint8_t* t0 = c.zr(zn);
  const uint8_t* t1 = form == 2 ? c.zr((zn + 1) % 32) : nullptr;
  const uint8_t* zm = c.zr(bits(insn, 20, 16));
  const uint8_t* old = c.zr(d);
  const uint64_t entries = form == 2 ? 2ull * n : n;
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < n; ++i) {
    const uint64_t idx = uelem(zm, i, esize);
    uint64_t v = 0;
    if (idx < entries)
      v = idx < n ? uelem(t0, static_cast<unsigned>(idx), esize) : uelem(t1, static_cast<unsigned>(idx - n), esize);
    else if (form == 3)
      v = uelem(old, i, esize);
    set_elem(r, i, esize, v);
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// ZIP1/ZIP2/UZP1/UZP2/TRN1/TRN2 Zd.T, Zn.T, Zm.T: opc (12:10) 0–5 as interleave() numbers them;
// 6 and 7 are unallocated.
Outcome permute_vector(uint32_t insn, Context& c) {
  const unsigned op = bits(insn, 12, 10);
  if (op > 5) return Context::undefined();
  const unsigned esize = esize_of(bits(insn, 23, 22));
  const uint8_t* src[2] = {c.zr(bits(insn, 9, 5)), c.zr(bits(insn, 20, 16))};
  uint8_t r[kMaxVl];
  interleave(op, c.vl() / esize,
             [&](unsigned i, bool b, unsigned j) { std::memcpy(r + i * esize, src[b] + j * esize, esize); });
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// The 128-bit forms (F64MM): ZIP1/ZIP2/UZP1/UZP2 (opc 000–011) and TRN1/TRN2 (110, 111) Zd.Q,
// Zn.Q, Zm.Q, on the whole 256-bit pairs of quadwords (any quadword beyond them is zero); 100 and
// 101 are unallocated, as is a VL under 256 bits.
Outcome permute_quad(uint32_t insn, Context& c) {
  const unsigned opc = bits(insn, 12, 10);
  if ((opc & 6) == 4 || c.vl() < 32) return Context::undefined();
  const unsigned op = opc & 4 ? 4 + (opc & 1) : opc, n = c.vl() / 32 * 2;
  const uint8_t* src[2] = {c.zr(bits(insn, 9, 5)), c.zr(bits(insn, 20, 16))};
  uint8_t r[kMaxVl] = {};
  interleave(op, n, [&](unsigned i, bool b, unsigned j) { std::memcpy(r + i * 16, src[b] + j * 16, 16); });
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// A predicate's element i of esize bytes: its esize bits.
unsigned pgroup(const uint8_t* p, unsigned i, unsigned esize) {
  unsigned v = 0;
  for (unsigned k = 0; k < esize; ++k) v |= static_cast<unsigned>(pbit(p, i * esize + k)) << k;
  return v;
}
void set_pgroup(uint8_t* p, unsigned i, unsigned esize, unsigned v) {
  for (unsigned k = 0; k < esize; ++k) set_pbit(p, i * esize + k, v >> k & 1);
}

// ZIP1/ZIP2/UZP1/UZP2/TRN1/TRN2 Pd.T, Pn.T, Pm.T: as the vector forms, moving each element's
// whole group of esize bits; opc 6 and 7 are unallocated.
Outcome permute_predicate(uint32_t insn, Context& c) {
  const unsigned op = bits(insn, 12, 10);
  if (op > 5) return Context::undefined();
  const unsigned esize = esize_of(bits(insn, 23, 22));
  const uint8_t* src[2] = {c.pr(bits(insn, 8, 5)), c.pr(bits(insn, 19, 16))};
  uint8_t r[kMaxVl / 8] = {};
  interleave(op, c.vl() / esize,
             [&](unsigned i, bool b, unsigned j) { set_pgroup(r, i, esize, pgroup(src[b], j, esize)); });
  std::memcpy(c.pw(bits(insn, 3, 0)), r, c.pl());
  return Context::done();
}

// REV Pd.T, Pn.T: the elements' groups of esize bits in reverse order.
Outcome rev_predicate(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), n = c.vl() / esize;
  const uint8_t* pn = c.pr(bits(insn, 8, 5));
  uint8_t r[kMaxVl / 8] = {};
  for (unsigned i = 0; i < n; ++i) set_pgroup(r, i, esize, pgroup(pn, n - 1 - i, esize));
  std::memcpy(c.pw(bits(insn, 3, 0)), r, c.pl());
  return Context::done();
}

// PUNPKLO/PUNPKHI Pd.H, Pn.B: bit i of the low (bit 16 clear) or high half of Pn becomes bit 2i,
// bit 2i + 1 being zero.
Outcome punpk(uint32_t insn, Context& c) {
  const unsigned n = c.vl() / 2, base = bit(insn, 16) ? n : 0;
  const uint8_t* pn = c.pr(bits(insn, 8, 5));
  uint8_t r[kMaxVl / 8] = {};
  for (unsigned i = 0; i < n; ++i) set_pbit(r, 2 * i, pbit(pn, base + i));
  std::memcpy(c.pw(bits(insn, 3, 0)), r, c.pl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xff20f000, 0x04204000, index, "INDEX"},
    {0xffe0e000, 0x05200000, ext, "EXT (destructive)"},
    {0xffe0e000, 0x05600000, ext, "EXT (constructive)"},
    {0xff3ffc00, 0x05203800, dup_general, "DUP (scalar)"},
    {0xff20fc00, 0x05202000, dup_indexed, "DUP (indexed)"},
    {0xff3ffc00, 0x05243800, insr, "INSR (scalar)"},
    {0xff3ffc00, 0x05343800, insr, "INSR (SIMD&FP scalar)"},
    {0xff3ffc00, 0x05383800, rev_vector, "REV (vector)"},
    {0xff3cfc00, 0x05303800, unpack, "SUNPKHI, SUNPKLO, UUNPKHI, UUNPKLO"},
    {0xff20fc00, 0x05203000, tbl, "TBL"},
    {0xff20f800, 0x05202800, tbl, "TBL (two registers), TBX"},
    {0xff20e000, 0x05206000, permute_vector, "ZIP1, ZIP2, UZP1, UZP2, TRN1, TRN2 (vectors)"},
    {0xffe0e000, 0x05a00000, permute_quad, "ZIP1, ZIP2, UZP1, UZP2, TRN1, TRN2 (vectors, 128-bit)"},
    {0xff30e210, 0x05204000, permute_predicate, "ZIP1, ZIP2, UZP1, UZP2, TRN1, TRN2 (predicates)"},
    {0xff3ffe10, 0x05344000, rev_predicate, "REV (predicate)"},
    {0xfffefe10, 0x05304000, punpk, "PUNPKHI, PUNPKLO"},
};

}  // namespace

void add_permute_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
  add_permute_predicated_encodings(out);
}

}  // namespace polyrun::cpu::sve
