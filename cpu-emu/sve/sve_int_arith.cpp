// SVE's integer arithmetic: binary operations (predicated), reductions, MOVPRFX, multiply-add
// (MLA, MLS, MAD, MSB), add and subtract of vectors (unpredicated), the wide immediates (ADD …
// UQSUB, SMAX … UMIN, MUL, DUP, FDUP) and ADR.
#include <utility>
#include <iterator>

#include "cpu-emu/sve/sve_int.h"

namespace polyrun::cpu::sve {

namespace {

using namespace intops;

// The operations of SVE's integer binary arithmetic (predicated), numbered by bits 20:16
// (the class in 20:19, opc in 18:16).
enum class Bin {
  None,
  Add,
  Sub,
  SubR,
  SMax,
  UMax,
  SMin,
  UMin,
  SAbd,
  UAbd,
  Mul,
  SMulh,
  UMulh,
  SDiv,
  UDiv,
  SDivR,
  UDivR,
  Orr,
  Eor,
  And,
  Bic
};
constexpr Bin kBinOps[32] = {
    // add and subtract vectors
    Bin::Add, Bin::Sub, Bin::None, Bin::SubR, Bin::None, Bin::None, Bin::None, Bin::None,
    // minimum, maximum and difference
    Bin::SMax, Bin::UMax, Bin::SMin, Bin::UMin, Bin::SAbd, Bin::UAbd, Bin::None, Bin::None,
    // multiply and divide
    Bin::Mul, Bin::None, Bin::SMulh, Bin::UMulh, Bin::SDiv, Bin::UDiv, Bin::SDivR, Bin::UDivR,
    // bitwise logical
    Bin::Orr, Bin::Eor, Bin::And, Bin::Bic, Bin::None, Bin::None, Bin::None, Bin::None};

template <typename T>
T bin(Bin op, T a, T b) {
  using S = Signed<T>;
  const S sa = static_cast<S>(a), sb = static_cast<S>(b);
  switch (op) {
    case Bin::Add: return static_cast<T>(a + b);
    case Bin::Sub: return static_cast<T>(a - b);
    case Bin::SubR: return static_cast<T>(b - a);
    case Bin::SMax: return sa > sb ? a : b;
    case Bin::UMax: return a > b ? a : b;
    case Bin::SMin: return sa < sb ? a : b;
    case Bin::UMin: return a < b ? a : b;
    case Bin::SAbd: return sa > sb ? static_cast<T>(a - b) : static_cast<T>(b - a);
    case Bin::UAbd: return a > b ? static_cast<T>(a - b) : static_cast<T>(b - a);
    case Bin::Mul: return static_cast<T>(static_cast<uint64_t>(a) * b);
    case Bin::SMulh: return static_cast<T>(static_cast<s128>(sa) * sb >> kBits<T>);
    case Bin::UMulh: return static_cast<T>(static_cast<u128>(a) * b >> kBits<T>);
    // Division by zero gives zero; the one overflowing quotient (MIN / -1) wraps to MIN.
    case Bin::SDivR: std::swap(a, b); [[fallthrough]];
    case Bin::SDiv: {
      const S x = static_cast<S>(a), y = static_cast<S>(b);
      if (y == 0) return 0;
      if (y == -1) return static_cast<T>(T{0} - a);
      return static_cast<T>(x / y);
    }
    case Bin::UDivR: std::swap(a, b); [[fallthrough]];
    case Bin::UDiv: return b == 0 ? T{0} : static_cast<T>(a / b);
    case Bin::Orr: return a | b;
    case Bin::Eor: return a ^ b;
    case Bin::And: return a & b;
    case Bin::Bic: return static_cast<T>(a & ~b);
    case Bin::None: break;
  }
  return 0;
}

// SVE integer binary arithmetic (predicated): <op> Zdn.T, Pg/M, Zdn.T, Zm.T.
Outcome binary_pred(uint32_t insn, Context& c) {
  const Bin op = kBinOps[bits(insn, 20, 16)];
  const unsigned size = bits(insn, 23, 22);
  if (op == Bin::None) return Context::undefined();
  // Division has no 8- or 16-bit form.
  if ((op == Bin::SDiv || op == Bin::UDiv || op == Bin::SDivR || op == Bin::UDivR) && size < 2)
    return Context::undefined();
  const unsigned dn = bits(insn, 4, 0), m = bits(insn, 9, 5), g = bits(insn, 12, 10);
  by_size(size, [&](auto t) {
    using T = decltype(t);
    const uint8_t* a = c.zr(dn);
    const uint8_t* b = c.zr(m);
    merge<T>(c, dn, g, [&](unsigned i) { return bin<T>(op, elem<T>(a, i), elem<T>(b, i)); });
  });
  return Context::done();
}

// Writes a reduction's scalar of `bytes` bytes to Vd, zeroing the rest of Zd.
void write_scalar(Context& c, unsigned d, uint64_t v, unsigned bytes) {
  uint8_t r[kMaxVl] = {};
  std::memcpy(r, &v, bytes);
  copy_z(c.zw(d), r, c.vl());
}

// SVE integer reductions (predicated: SADDV, UADDV, SMAXV … UMINV, ORV, EORV, ANDV) and the
// predicated MOVPRFX, which shares their class (bits 20:16).
Outcome reduce(uint32_t insn, Context& c) {
  const unsigned op = bits(insn, 20, 16), size = bits(insn, 23, 22);
  const unsigned d = bits(insn, 4, 0), n = bits(insn, 9, 5), g = bits(insn, 12, 10);
  const uint8_t* p = c.pr(g);
  switch (op) {
    case 0b00000:  // SADDV Dd, Pg, Zn.T: the signed sum, 64 bits; no 64-bit form
    case 0b00001:  // UADDV
      if (op == 0 && size == 3) return Context::undefined();
      return by_size(size, [&](auto t) {
        using T = decltype(t);
        const uint8_t* z = c.zr(n);
        uint64_t sum = 0;
        for (unsigned i = 0; i < c.vl() / sizeof(T); ++i)
          if (active(p, i, sizeof(T)))
            sum += op == 0 ? static_cast<uint64_t>(static_cast<int64_t>(static_cast<Signed<T>>(elem<T>(z, i))))
                           : elem<T>(z, i);
        write_scalar(c, d, sum, 8);
        return Context::done();
      });
    case 0b01000:  // SMAXV Vd, Pg, Zn.T
    case 0b01001:  // UMAXV
    case 0b01010:  // SMINV
    case 0b01011:  // UMINV
    case 0b11000:  // ORV
    case 0b11001:  // EORV
    case 0b11010:  // ANDV
      return by_size(size, [&](auto t) {
        using T = decltype(t);
        using S = Signed<T>;
        Bin f = Bin::Orr;
        T acc = 0;  // the operation's identity: what a reduction of no active element gives
        switch (op) {
          case 0b01000: f = Bin::SMax, acc = static_cast<T>(std::numeric_limits<S>::min()); break;
          case 0b01001: f = Bin::UMax, acc = 0; break;
          case 0b01010: f = Bin::SMin, acc = static_cast<T>(std::numeric_limits<S>::max()); break;
          case 0b01011: f = Bin::UMin, acc = std::numeric_limits<T>::max(); break;
          case 0b11000: f = Bin::Orr, acc = 0; break;
          case 0b11001: f = Bin::Eor, acc = 0; break;
          default: f = Bin::And, acc = std::numeric_limits<T>::max(); break;
        }
        const uint8_t* z = c.zr(n);
        for (unsigned i = 0; i < c.vl() / sizeof(T); ++i)
          if (active(p, i, sizeof(T))) acc = bin<T>(f, acc, elem<T>(z, i));
        write_scalar(c, d, acc, sizeof(T));
        return Context::done();
      });
    case 0b10000:  // MOVPRFX Zd.T, Pg/Z, Zn.T
    case 0b10001:  // MOVPRFX Zd.T, Pg/M, Zn.T
      by_size(size, [&](auto t) {
        using T = decltype(t);
        uint8_t r[kMaxVl];
        const uint8_t* z = c.zr(n);
        copy_z(r, c.zr(d), c.vl());
        for (unsigned i = 0; i < c.vl() / sizeof(T); ++i)
          if (active(p, i, sizeof(T)))
            set<T>(r, i, elem<T>(z, i));
          else if (op == 0b10000)
            set<T>(r, i, 0);
        copy_z(c.zw(d), r, c.vl());
      });
      return Context::done();
    default: return Context::undefined();
  }
}

// SVE integer multiply-add (predicated): MLA/MLS Zda, Pg/M, Zn, Zm (bits 15:14 = 01: the addend
// written) and MAD/MSB Zdn, Pg/M, Zm, Za (11: the multiplicand written); bit 13 subtracts.
Outcome mul_add(uint32_t insn, Context& c) {
  const bool writes_addend = !bit(insn, 15), sub = bit(insn, 13);
  const unsigned d = bits(insn, 4, 0), r9 = bits(insn, 9, 5), m = bits(insn, 20, 16), g = bits(insn, 12, 10);
  by_size(bits(insn, 23, 22), [&](auto t) {
    using T = decltype(t);
    const uint8_t* zd = c.zr(d);
    const uint8_t* z9 = c.zr(r9);
    const uint8_t* zm = c.zr(m);
    merge<T>(c, d, g, [&](unsigned i) {
      // MLA: Zda + Zn * Zm; MAD: Za + Zdn * Zm.
      const T addend = writes_addend ? elem<T>(zd, i) : elem<T>(z9, i);
      const T factor = writes_addend ? elem<T>(z9, i) : elem<T>(zd, i);
      const T prod = bin<T>(Bin::Mul, factor, elem<T>(zm, i));
      return static_cast<T>(sub ? addend - prod : addend + prod);
    });
  });
  return Context::done();
}

// The saturating and plain additions shared by the unpredicated vector and immediate forms
// (opc as bits 12:10 of the vector form and 18:16 of the immediate form; 2 and 3 differ). The
// signed saturating ones take b's value as `sb`: an element's is signed, an immediate's unsigned.
template <typename T>
T add_sub(unsigned opc, T a, T b, s128 sb) {
  switch (opc) {
    case 0: return static_cast<T>(a + b);     // ADD
    case 1: return static_cast<T>(a - b);     // SUB
    case 3: return static_cast<T>(b - a);     // SUBR (immediate)
    case 4: return sat_s<T>(sv(a) + sb);      // SQADD
    case 5: return sat_u<T>(uv(a) + uv(b));   // UQADD
    case 6: return sat_s<T>(sv(a) - sb);      // SQSUB
    default: return sat_u<T>(uv(a) - uv(b));  // UQSUB
  }
}

// SVE integer add/subtract vectors (unpredicated): ADD, SUB, SQADD, UQADD, SQSUB, UQSUB.
Outcome add_sub_vectors(uint32_t insn, Context& c) {
  const unsigned opc = bits(insn, 12, 10);
  if (opc == 2 || opc == 3) return Context::undefined();
  by_size(bits(insn, 23, 22), [&](auto t) {
    using T = decltype(t);
    map2<T>(c, bits(insn, 4, 0), bits(insn, 9, 5), bits(insn, 20, 16),
            [&](T a, T b) { return add_sub<T>(opc, a, b, sv(b)); });
  });
  return Context::done();
}

// The architecture's VFPExpandImm: an 8-bit floating-point immediate (sign, 3-bit exponent,
// 4-bit fraction) as a value of `bytes` bytes.
uint64_t fp_expand_imm(uint32_t imm8, unsigned bytes) {
  const unsigned e = bytes == 2 ? 5 : bytes == 4 ? 8 : 11;  // exponent bits
  const unsigned f = 8 * bytes - e - 1;                     // fraction bits
  const uint64_t sign = imm8 >> 7 & 1, b6 = imm8 >> 6 & 1;
  // exp = NOT(b6) : Replicate(b6, e - 3) : imm8<5:4>.
  const uint64_t exp = (b6 ^ 1) << (e - 1) | (b6 ? ((1ull << (e - 3)) - 1) << 2 : 0) | (imm8 >> 4 & 3);
  const uint64_t frac = static_cast<uint64_t>(imm8 & 15) << (f - 4);
  return sign << (e + f) | exp << f | frac;
}

// SVE integer wide immediate (unpredicated): add/subtract (bits 20:19 = 00), minimum/maximum
// (01), multiply (10), and DUP/FDUP (11). Zdn or Zd in bits 4:0, imm8 in 12:5.
Outcome wide_imm(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22), opc = bits(insn, 18, 16), d = bits(insn, 4, 0);
  const uint32_t imm8 = bits(insn, 12, 5);
  const bool b13 = bit(insn, 13);
  switch (bits(insn, 20, 19)) {
    case 0: {
      // ADD … UQSUB Zdn.T, Zdn.T, #imm8{, LSL #8}: unsigned, shifted when bit 13 is set (no
      // shifted byte form).
      if (opc == 2 || (size == 0 && b13)) return Context::undefined();
      const uint64_t imm = static_cast<uint64_t>(imm8) << (b13 ? 8 : 0);
      by_size(size, [&](auto t) {
        using T = decltype(t);
        map1<T>(c, d, d, [&](T a) { return add_sub<T>(opc, a, static_cast<T>(imm), static_cast<s128>(imm)); });
      });
      return Context::done();
    }
    case 1: {
      // SMAX, UMAX, SMIN, UMIN Zdn.T, Zdn.T, #imm8 (signed for SMAX/SMIN).
      if (opc > 3 || b13) return Context::undefined();
      constexpr Bin ops[4] = {Bin::SMax, Bin::UMax, Bin::SMin, Bin::UMin};
      const uint64_t imm = opc & 1 ? imm8 : static_cast<uint64_t>(sext(imm8, 8));
      by_size(size, [&](auto t) {
        using T = decltype(t);
        map1<T>(c, d, d, [&](T a) { return bin<T>(ops[opc], a, static_cast<T>(imm)); });
      });
      return Context::done();
    }
    case 2: {
      // MUL Zdn.T, Zdn.T, #simm8.
      if (opc != 0 || b13) return Context::undefined();
      const uint64_t imm = static_cast<uint64_t>(sext(imm8, 8));
      by_size(size, [&](auto t) {
        using T = decltype(t);
        map1<T>(c, d, d, [&](T a) { return bin<T>(Bin::Mul, a, static_cast<T>(imm)); });
      });
      return Context::done();
    }
    default: {
      // DUP Zd.T, #simm8{, LSL #8} (bit 16 clear) and FDUP Zd.T, #fpimm (bit 16 set, bit 13
      // clear, no byte form); bits 18:17 are zero in both.
      uint64_t imm;
      if (bits(insn, 18, 17) != 0) return Context::undefined();
      if (!bit(insn, 16)) {
        if (size == 0 && b13) return Context::undefined();
        imm = static_cast<uint64_t>(sext(imm8, 8) * (b13 ? 256 : 1));
      } else {
        if (size == 0 || b13) return Context::undefined();
        imm = fp_expand_imm(imm8, esize_of(size));
      }
      by_size(size, [&](auto t) {
        using T = decltype(t);
        map1<T>(c, d, d, [&](T) { return static_cast<T>(imm); });
      });
      return Context::done();
    }
  }
}

// ADR Zd.T, [Zn.T, Zm.T{, <mod> #msz}] (bits 23:22: 00 64-bit with sign-extended 32-bit
// offsets, 01 zero-extended 32-bit offsets, 10 packed 32-bit, 11 packed 64-bit).
Outcome adr(uint32_t insn, Context& c) {
  const unsigned form = bits(insn, 23, 22), msz = bits(insn, 11, 10);
  const unsigned d = bits(insn, 4, 0), n = bits(insn, 9, 5), m = bits(insn, 20, 16);
  if (form == 2) {
    map2<uint32_t>(c, d, n, m, [&](uint32_t a, uint32_t b) { return static_cast<uint32_t>(a + (b << msz)); });
  } else {
    map2<uint64_t>(c, d, n, m, [&](uint64_t a, uint64_t b) {
      const uint64_t off = form == 0 ? static_cast<uint64_t>(sext(b, 32)) : form == 1 ? (b & 0xffffffffu) : b;
      return a + (off << msz);
    });
  }
  return Context::done();
}

// MOVPRFX Zd, Zn (unpredicated).
Outcome movprfx(uint32_t insn, Context& c) {
  uint8_t r[kMaxVl];
  copy_z(r, c.zr(bits(insn, 9, 5)), c.vl());
  copy_z(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xff20e000, 0x04000000, binary_pred, "SVE integer binary arithmetic (predicated)"},
    {0xff20e000, 0x04002000, reduce, "SVE integer reduction, MOVPRFX (predicated)"},
    {0xff20c000, 0x04004000, mul_add, "SVE integer multiply-accumulate writing addend (predicated)"},
    {0xff20c000, 0x0400c000, mul_add, "SVE integer multiply-add writing multiplicand (predicated)"},
    {0xff20e000, 0x04200000, add_sub_vectors, "SVE integer add/subtract vectors (unpredicated)"},
    {0xff20c000, 0x2520c000, wide_imm, "SVE integer wide immediate (unpredicated)"},
    {0xff20f000, 0x0420a000, adr, "ADR"},
    {0xfffffc00, 0x0420bc00, movprfx, "MOVPRFX (unpredicated)"},
};

}  // namespace

void add_int_arith_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
