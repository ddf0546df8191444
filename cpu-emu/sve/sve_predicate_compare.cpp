// SVE's compares producing predicates: integer compares with vectors, with wide (64-bit)
// elements and with signed and unsigned immediates; the scalar compares WHILELT/LE/LO/LS, SVE2's
// WHILEGE/GT/HI/HS and WHILERW/WR; CTERMEQ/NE; SVE2's MATCH and NMATCH. Every compare that
// writes a predicate sets NZCV.
#include <iterator>

#include "cpu-emu/sve/sve_predicate_util.h"

namespace polyrun::cpu::sve {

namespace {

using PredBuf = uint8_t[kMaxVl / 8];

enum class Cond { EQ, NE, GE, GT, LT, LE, HS, HI, LO, LS };

// Whether the elements are read as signed integers: all but the unsigned conditions (EQ and NE
// too: the wide forms compare a sign-extended element with a 64-bit one).
constexpr bool is_signed(Cond k) { return k != Cond::HS && k != Cond::HI && k != Cond::LO && k != Cond::LS; }

// The comparison of two operands already extended to 64 bits as the condition reads them.
constexpr bool holds(Cond k, uint64_t a, uint64_t b) {
  const auto sa = static_cast<int64_t>(a), sb = static_cast<int64_t>(b);
  switch (k) {
    case Cond::EQ: return a == b;
    case Cond::NE: return a != b;
    case Cond::GE: return sa >= sb;
    case Cond::GT: return sa > sb;
    case Cond::LT: return sa < sb;
    case Cond::LE: return sa <= sb;
    case Cond::HS: return a >= b;
    case Cond::HI: return a > b;
    case Cond::LO: return a < b;
    case Cond::LS: return a <= b;
  }
  return false;
}

// Pd = active elements of Zn satisfying the condition against operand2(i) (already 64-bit);
// NZCV = PredTest(Pg, Pd, esize).
template <typename Operand2>
Outcome compare(uint32_t insn, Context& c, Cond k, unsigned esize, Operand2 operand2) {
  const unsigned g = bits(insn, 12, 10), n = bits(insn, 9, 5), d = bits(insn, 3, 0);
  const uint8_t* zn = c.zr(n);
  PredBuf r = {};
  for (unsigned i = 0; i < c.vl() / esize; ++i) {
    if (!active(c.pr(g), i, esize)) continue;
    const uint64_t a = is_signed(k) ? static_cast<uint64_t>(selem(zn, i, esize)) : uelem(zn, i, esize);
    set_pelem(r, i, esize, holds(k, a, operand2(i)));
  }
  c.machine().set_nzcv(pred_test(c.pr(g), r, esize, c.vl()));
  std::memcpy(c.pw(d), r, c.pl());
  return Context::done();
}

// CMP<cc> (vectors) and CMP<cc> (wide elements): 00100100 size 0 Zm op(15:13) Pg Zn ne Pd.
Outcome cmp_vectors(uint32_t insn, Context& c) {
  static constexpr Cond kCond[8][2] = {
      {Cond::HS, Cond::HI}, {Cond::EQ, Cond::NE}, {Cond::GE, Cond::GT}, {Cond::LT, Cond::LE},
      {Cond::GE, Cond::GT}, {Cond::EQ, Cond::NE}, {Cond::HS, Cond::HI}, {Cond::LO, Cond::LS},
  };
  const unsigned op = bits(insn, 15, 13), size = bits(insn, 23, 22), esize = esize_of(size);
  const Cond k = kCond[op][bit(insn, 4)];
  const bool wide = op != 0 && op != 4 && op != 5;
  const uint8_t* zm = c.zr(bits(insn, 20, 16));
  if (wide) {
    if (size == 3) return Context::undefined();
    // Element i is compared with the 64-bit element of Zm that holds it.
    return compare(insn, c, k, esize, [&](unsigned i) { return uelem(zm, i * esize / 8, 8); });
  }
  return compare(insn, c, k, esize, [&](unsigned i) {
    return is_signed(k) ? static_cast<uint64_t>(selem(zm, i, esize)) : uelem(zm, i, esize);
  });
}

// CMPHS, CMPHI, CMPLO, CMPLS (immediate): 00100100 size 1 imm7 lt Pg Zn ne Pd.
Outcome cmp_unsigned_imm(uint32_t insn, Context& c) {
  const Cond k = bit(insn, 13) ? (bit(insn, 4) ? Cond::LS : Cond::LO) : (bit(insn, 4) ? Cond::HI : Cond::HS);
  const uint64_t imm = bits(insn, 20, 14);
  return compare(insn, c, k, esize_of(bits(insn, 23, 22)), [imm](unsigned) { return imm; });
}

// CMPGE, CMPGT, CMPLT, CMPLE, CMPEQ, CMPNE (immediate): 00100101 size 0 imm5 op 0 o2 Pg Zn ne Pd.
Outcome cmp_signed_imm(uint32_t insn, Context& c) {
  const unsigned op = bit(insn, 15) << 1 | bit(insn, 13), ne = bit(insn, 4);
  Cond k;
  switch (op) {
    case 0: k = ne ? Cond::GT : Cond::GE; break;
    case 1: k = ne ? Cond::LE : Cond::LT; break;
    case 2: k = ne ? Cond::NE : Cond::EQ; break;
    default: return Context::undefined();
  }
  const auto imm = static_cast<uint64_t>(sext(bits(insn, 20, 16), 5));
  return compare(insn, c, k, esize_of(bits(insn, 23, 22)), [imm](unsigned) { return imm; });
}

// WHILELT, WHILELE, WHILELO, WHILELS and SVE2's WHILEGE, WHILEGT, WHILEHS, WHILEHI:
// 00100101 size 1 Rm 000 sf U lt Rn eq Pd. The incrementing forms fill from element 0 while
// the condition holds for Rn + i; the decrementing ones from the last element down, for Rn - i.
Outcome whilecmp(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), n = c.vl() / esize;
  const bool is64 = bit(insn, 12), is_unsigned = bit(insn, 11), lt = bit(insn, 10), eq = bit(insn, 4);
  const unsigned width = is64 ? 64 : 32;
  const uint64_t wmask = is64 ? ~0ull : 0xffffffffull;
  uint64_t op1 = c.machine().x(bits(insn, 9, 5)) & wmask;
  const uint64_t op2 = c.machine().x(bits(insn, 20, 16)) & wmask;
  // The elements that hold, counted from the first (lt) or from the last: a run of `count`, the
  // comparison of op1 stepping by one (wrapping at its width) with op2, up to its first false.
  // An inclusive bound at the end of the range (LE/LS to the largest value, GE/HS to the
  // smallest) holds for every element: op1 wraps around to values that still compare true.
  // Operands as the comparison reads them, at the operand width:
  const auto wide = [&](uint64_t v) {
    return is_unsigned ? static_cast<__int128>(v) : static_cast<__int128>(sext(v, width));
  };
  const __int128 a = wide(op1), b = wide(op2);
  const __int128 top = is_unsigned ? static_cast<__int128>(wmask) : (static_cast<__int128>(1) << (width - 1)) - 1;
  const __int128 bottom = is_unsigned ? 0 : -(static_cast<__int128>(1) << (width - 1));
  // LE/LS (lt, eq) and GE/HS: the decrementing forms' eq bit is set for the strict conditions.
  const bool inclusive = lt == eq;
  const __int128 span = lt ? b - a : a - b;  // how far op1 may step before the bound
  __int128 runs = 0;
  if (span > 0 || (span == 0 && inclusive))
    runs = (inclusive && b == (lt ? top : bottom)) ? n : span + (inclusive ? 1 : 0);
  const unsigned count = static_cast<unsigned>(runs < n ? runs : n);
  PredBuf r;
  const unsigned from = lt ? 0 : n - count;
  set_active_run(r, c.pl(), esize, from, from + count);
  // PredTest under an all-true mask: N the first element, Z none, C not the last.
  const bool first = lt ? count > 0 : count == n, any = count > 0, last = lt ? count == n : count > 0;
  c.machine().set_nzcv((first ? 1u << 31 : 0) | (!any ? 1u << 30 : 0) | (!last ? 1u << 29 : 0));
  std::memcpy(c.pw(bits(insn, 3, 0)), r, c.pl());
  return Context::done();
}

// WHILEWR, WHILERW Pd.T, Xn, Xm (SVE2): 00100101 size 1 Rm 001100 Rn rw Pd. Elements below the
// distance from Xn to Xm in elements are true (WHILERW: the absolute distance); all are when
// the distance is zero (either form) or negative (WHILEWR).
Outcome whileptr(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), n = c.vl() / esize;
  const bool rw = bit(insn, 4);
  const uint64_t a = c.machine().x(bits(insn, 9, 5)), b = c.machine().x(bits(insn, 20, 16));
  uint64_t limit;
  if (rw) {
    const uint64_t diff = a >= b ? a - b : b - a;
    limit = a == b ? n : diff / esize;
  } else {
    limit = static_cast<int64_t>(a) >= static_cast<int64_t>(b) ? n : (b - a) / esize;
  }
  if (limit > n) limit = n;
  PredBuf r = {};
  for (unsigned i = 0; i < limit; ++i) set_pelem(r, i, esize, true);
  PredBuf ones;
  std::memset(ones, 0xff, c.pl());
  c.machine().set_nzcv(pred_test(ones, r, esize, c.vl()));
  std::memcpy(c.pw(bits(insn, 3, 0)), r, c.pl());
  return Context::done();
}

// CTERMEQ, CTERMNE Rn, Rm: N = the termination condition; V = !C when it is false, else 0; Z
// and C kept.
Outcome cterm(uint32_t insn, Context& c) {
  Machine& m = c.machine();
  const uint64_t wmask = bit(insn, 22) ? ~0ull : 0xffffffffull;
  const bool equal = (m.x(bits(insn, 9, 5)) & wmask) == (m.x(bits(insn, 20, 16)) & wmask);
  const bool term = bit(insn, 4) ? !equal : equal;
  uint32_t nzcv = m.nzcv() & 0x60000000u;  // Z, C
  if (term)
    nzcv |= 1u << 31;
  else if (!(nzcv & 0x20000000u))
    nzcv |= 1u << 28;
  m.set_nzcv(nzcv);
  return Context::done();
}

// MATCH, NMATCH Pd.T, Pg/Z, Zn.T, Zm.T (SVE2; bytes and halfwords): 01000101 size 1 Zm 100 Pg
// Zn op Pd. An active element is true when some element of the same 128-bit segment of Zm
// equals it (NMATCH: when none does).
Outcome match(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size > 1) return Context::undefined();
  const unsigned esize = esize_of(size), per_segment = 16 / esize;
  const unsigned g = bits(insn, 12, 10), d = bits(insn, 3, 0);
  const uint8_t* zn = c.zr(bits(insn, 9, 5));
  const uint8_t* zm = c.zr(bits(insn, 20, 16));
  const bool negate = bit(insn, 4);
  PredBuf r = {};
  for (unsigned i = 0; i < c.vl() / esize; ++i) {
    if (!active(c.pr(g), i, esize)) continue;
    const uint64_t x = uelem(zn, i, esize);
    const unsigned base = i - i % per_segment;
    bool found = false;
    for (unsigned j = 0; j < per_segment && !found; ++j) found = uelem(zm, base + j, esize) == x;
    set_pelem(r, i, esize, found != negate);
  }
  c.machine().set_nzcv(pred_test(c.pr(g), r, esize, c.vl()));
  std::memcpy(c.pw(d), r, c.pl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xff200000, 0x24000000, cmp_vectors, "SVE integer compare vectors, compare with wide elements"},
    {0xff200000, 0x24200000, cmp_unsigned_imm, "SVE integer compare with unsigned immediate"},
    {0xff204000, 0x25000000, cmp_signed_imm, "SVE integer compare with signed immediate"},
    {0xff20e000, 0x25200000, whilecmp, "SVE integer compare scalar count and limit"},
    {0xff20fc00, 0x25203000, whileptr, "SVE2 pointer conflict compare"},
    {0xffa0fc0f, 0x25a02000, cterm, "SVE conditionally terminate scalars"},
    {0xff20e000, 0x45208000, match, "SVE2 character match"},
};

}  // namespace

void add_predicate_compare_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
