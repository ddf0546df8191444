// z14's instructions the engine lacks, executed by polyrun (s390x_missing.h). Semantics from the
// z/Architecture Principles of Operation; each table row is an opcode, its format's fields and the
// values the architecture allows in them (others leave the instruction to the engine's exception:
// a specification exception, SIGILL under Linux, as on the hardware).
#include "cpu-emu/s390x_missing.h"

#include <bit>
#include <cstdio>
#include <cstring>

#include "cpu-emu/s390x_bfp.h"

namespace polyrun::cpu::s390x_missing {

namespace {

using u64 = uint64_t;
using u128 = unsigned __int128;
using s390x_bfp::Bits;
using s390x_bfp::Format;

// --- General instructions (miscellaneous-instruction-extensions facility 2) ---

// RXY's operand address: D2(X2,B2) with the 20-bit signed displacement, 64-bit addressing.
u64 rxy_address(const uint8_t* b, Machine& m) {
  const unsigned x2 = b[1] & 15, b2 = b[2] >> 4;
  int64_t d = static_cast<int64_t>((b[2] & 15) << 8 | b[3]) | static_cast<int64_t>(static_cast<int8_t>(b[4])) << 12;
  u64 a = static_cast<u64>(d);
  if (x2) a += m.gpr(x2);
  if (b2) a += m.gpr(b2);
  return a;
}

bool read_be(Machine& m, u64 addr, unsigned len, u64& out) {
  uint8_t buf[8];
  if (!m.read(addr, buf, len)) return false;
  out = 0;
  for (unsigned i = 0; i < len; ++i) out = out << 8 | buf[i];
  return true;
}

int64_t sext(u64 v, unsigned bits) { return static_cast<int64_t>(v << (64 - bits)) >> (64 - bits); }

// The condition code of a signed result: 0 zero, 1 negative, 2 positive, 3 overflow.
int signed_cc(int64_t v, bool overflow) { return overflow ? 3 : v == 0 ? 0 : v < 0 ? 1 : 2; }

constexpr u64 kFixedPointOverflowMask = 1ull << (63 - 20);  // the PSW's bit 20

Outcome general(const uint8_t* b, Machine& m) {
  Outcome o;
  o.size = 6;
  const unsigned r1 = b[1] >> 4;
  if (b[0] == 0xe3) {
    const u64 addr = rxy_address(b, m);
    u64 v = 0;
    switch (b[5]) {
      case 0x38:    // AGH: add halfword (64)
      case 0x39: {  // SGH: subtract halfword (64)
        if (!read_be(m, addr, 2, v)) return {Outcome::Fault, 6, -1, false, addr};
        const int64_t a = static_cast<int64_t>(m.gpr(r1)), h = sext(v, 16);
        int64_t r;
        const bool ovf = b[5] == 0x38 ? __builtin_add_overflow(a, h, &r) : __builtin_sub_overflow(a, h, &r);
        m.set_gpr(r1, static_cast<u64>(r));
        o.cc = signed_cc(r, ovf);
        break;
      }
      case 0x3c: {  // MGH: multiply halfword (64): the product's low 64 bits
        if (!read_be(m, addr, 2, v)) return {Outcome::Fault, 6, -1, false, addr};
        m.set_gpr(r1, m.gpr(r1) * static_cast<u64>(sext(v, 16)));
        break;
      }
      case 0x84: {  // MG: multiply (128 <- 64 x 64), the even-odd pair r1, r1 + 1
        if (r1 & 1) return {};
        if (!read_be(m, addr, 8, v)) return {Outcome::Fault, 6, -1, false, addr};
        const __int128 p = static_cast<__int128>(static_cast<int64_t>(m.gpr(r1 + 1))) * static_cast<int64_t>(v);
        m.set_gpr(r1, static_cast<u64>(static_cast<u128>(p) >> 64));
        m.set_gpr(r1 + 1, static_cast<u64>(p));
        break;
      }
      case 0x53: {  // MSC: multiply single (32) with condition code
        if (!read_be(m, addr, 4, v)) return {Outcome::Fault, 6, -1, false, addr};
        int32_t r;
        const bool ovf = __builtin_mul_overflow(static_cast<int32_t>(m.gpr(r1)), static_cast<int32_t>(v), &r);
        m.set_gpr(r1, (m.gpr(r1) & ~0xffffffffull) | static_cast<uint32_t>(r));
        o.cc = signed_cc(r, ovf);
        break;
      }
      case 0x83: {  // MSGC: multiply single (64) with condition code
        if (!read_be(m, addr, 8, v)) return {Outcome::Fault, 6, -1, false, addr};
        int64_t r;
        const bool ovf = __builtin_mul_overflow(static_cast<int64_t>(m.gpr(r1)), static_cast<int64_t>(v), &r);
        m.set_gpr(r1, static_cast<u64>(r));
        o.cc = signed_cc(r, ovf);
        break;
      }
      case 0x47: {  // BIC: branch indirect on condition, to the doubleword at the operand
        const unsigned cc = static_cast<unsigned>(m.psw_mask() >> 44 & 3);
        if (!(r1 & (8u >> cc))) return {Outcome::Done, 6};
        if (!read_be(m, addr, 8, v)) return {Outcome::Fault, 6, -1, false, addr};
        return {Outcome::Branch, 6, -1, false, v};
      }
      default: return {};
    }
  } else {  // b9: RRF-a, r1, r2, r3
    o.size = 4;
    const unsigned r3 = b[2] >> 4, r1a = b[3] >> 4, r2 = b[3] & 15;
    switch (b[1]) {
      case 0xec: {  // MGRK: multiply (128 <- 64 x 64)
        if (r1a & 1) return {};
        const __int128 p = static_cast<__int128>(static_cast<int64_t>(m.gpr(r2))) * static_cast<int64_t>(m.gpr(r3));
        m.set_gpr(r1a, static_cast<u64>(static_cast<u128>(p) >> 64));
        m.set_gpr(r1a + 1, static_cast<u64>(p));
        break;
      }
      case 0xed: {  // MSGRKC: multiply single (64) with condition code
        int64_t r;
        const bool ovf = __builtin_mul_overflow(static_cast<int64_t>(m.gpr(r2)), static_cast<int64_t>(m.gpr(r3)), &r);
        m.set_gpr(r1a, static_cast<u64>(r));
        o.cc = signed_cc(r, ovf);
        break;
      }
      case 0xfd: {  // MSRKC: multiply single (32) with condition code
        int32_t r;
        const bool ovf = __builtin_mul_overflow(static_cast<int32_t>(m.gpr(r2)), static_cast<int32_t>(m.gpr(r3)), &r);
        m.set_gpr(r1a, (m.gpr(r1a) & ~0xffffffffull) | static_cast<uint32_t>(r));
        o.cc = signed_cc(r, ovf);
        break;
      }
      default: return {};
    }
  }
  o.kind = o.cc == 3 && (m.psw_mask() & kFixedPointOverflowMask) ? Outcome::FixedPointOverflow : Outcome::Done;
  return o;
}

// --- Vector instructions (vector-enhancements facility 1) ---

// The fields of a 6-byte vector instruction, by format: registers with RXB's high bits, and the
// four-bit fields by their bit position (n20: bits 20-23 …).
struct Fields {
  unsigned v1, v2, v3, v4;
  unsigned n20, n24, n28, n32;
  explicit Fields(const uint8_t* b) {
    const unsigned rxb = b[4] & 15;
    v1 = (b[1] >> 4) | (rxb & 8 ? 16 : 0);
    v2 = (b[1] & 15) | (rxb & 4 ? 16 : 0);
    v3 = (b[2] >> 4) | (rxb & 2 ? 16 : 0);
    v4 = (b[4] >> 4) | (rxb & 1 ? 16 : 0);
    n20 = b[2] & 15;
    n24 = b[3] >> 4;
    n28 = b[3] & 15;
    n32 = b[4] >> 4;
  }
};

// A vector register as 16 bytes in the architecture's order.
struct Vec {
  u64 d[2];
  uint32_t word(unsigned i) const { return static_cast<uint32_t>(d[i / 2] >> (i % 2 ? 0 : 32)); }
  void set_word(unsigned i, uint32_t v) {
    const unsigned shift = i % 2 ? 0 : 32;
    d[i / 2] = (d[i / 2] & ~(0xffffffffull << shift)) | static_cast<u64>(v) << shift;
  }
  u128 quad() const { return static_cast<u128>(d[0]) << 64 | d[1]; }
  void set_quad(u128 v) {
    d[0] = static_cast<u64>(v >> 64);
    d[1] = static_cast<u64>(v);
  }
  uint8_t byte(unsigned i) const { return static_cast<uint8_t>(d[i / 8] >> (8 * (7 - i % 8))); }
  // Element i of a format's size.
  Bits element(Format f, unsigned i) const {
    switch (f) {
      case s390x_bfp::kShort: return word(i);
      case s390x_bfp::kLong: return d[i];
      default: return quad();
    }
  }
  void set_element(Format f, unsigned i, Bits v) {
    switch (f) {
      case s390x_bfp::kShort: set_word(i, static_cast<uint32_t>(v)); break;
      case s390x_bfp::kLong: d[i] = static_cast<u64>(v); break;
      default: set_quad(v); break;
    }
  }
};

Vec get(const VectorRegs& r, unsigned n) { return {{r.v[n][0], r.v[n][1]}}; }

bool valid_format(unsigned fpf) { return fpf >= 2 && fpf <= 4; }
unsigned elements(Format f, bool single) { return single || f == s390x_bfp::kExtended ? 1 : f == s390x_bfp::kShort ? 4 : 2; }

// The IEEE exceptions of one element against the FPC's masks: the vector-exception code of the
// first enabled one (0: none) — 1 invalid, 2 division by zero, 3 overflow, 4 underflow (tiny,
// exact or not), 5 inexact. The inexact-exception control of VFI and VFLR (XxC) keeps an inexact
// result from trapping; its flag is set all the same (as qemu sets it, and the engine for the
// long forms it runs).
uint8_t enabled_exception(const s390x_bfp::Env& env, uint32_t fpc, bool xxc = false) {
  const uint8_t masks = static_cast<uint8_t>(fpc >> 24);
  if (env.flags & masks & s390x_bfp::kInvalid) return 1;
  if (env.flags & masks & s390x_bfp::kDivideByZero) return 2;
  if (env.flags & masks & s390x_bfp::kOverflow) return 3;
  if (env.tiny && (masks & s390x_bfp::kUnderflow)) return 4;
  if ((env.flags & masks & s390x_bfp::kInexact) && !xxc) return 5;
  return 0;
}

// What elementwise() computes of each element.
enum class Op : uint8_t { Add, Sub, Mul, Div, Sqrt, Fma, Fms, Fnma, Fnms, Max, Min, CmpEq, CmpHigh, CmpHighEq, Integral, Sign, Class };

// Runs an element-wise floating-point instruction: n elements of format f from v2, v3, v4 into
// v1 (the rest of v1 zero when a single element is computed), with the FPC's flags; cc from the
// comparisons' and test's element results when `set_cc`.
Outcome elementwise(Op op, Format f, bool single, const Fields& x, unsigned param, bool set_cc, Machine& m,
                    s390x_bfp::Round round, bool xxc = false) {
  VectorRegs& regs = m.vectors();
  const Vec a = get(regs, x.v2), b = get(regs, x.v3), c = get(regs, x.v4);
  // A single element's result leaves the rest of v1 zero, but for the sign and class operations,
  // which leave it as it was (the sign operation on a short element: the rest of its doubleword
  // from v2), as qemu does all three.
  Vec r = op == Op::Sign || op == Op::Class ? get(regs, x.v1) : Vec{{0, 0}};
  if (op == Op::Sign && single && f == s390x_bfp::kShort) r.d[0] = a.d[0];
  const unsigned n = elements(f, single);
  unsigned trues = 0;
  uint8_t flags = 0;
  for (unsigned i = 0; i < n; ++i) {
    s390x_bfp::Env env{round};
    const Bits ea = a.element(f, i), eb = b.element(f, i), ec = c.element(f, i);
    Bits out = 0;
    bool truth = false;
    switch (op) {
      case Op::Add: out = s390x_bfp::add(f, ea, eb, env); break;
      case Op::Sub: out = s390x_bfp::sub(f, ea, eb, env); break;
      case Op::Mul: out = s390x_bfp::mul(f, ea, eb, env); break;
      case Op::Div: out = s390x_bfp::div(f, ea, eb, env); break;
      case Op::Sqrt: out = s390x_bfp::sqrt(f, ea, env); break;
      case Op::Fma: out = s390x_bfp::fma(f, ea, eb, ec, false, false, env); break;
      case Op::Fms: out = s390x_bfp::fma(f, ea, eb, ec, true, false, env); break;
      case Op::Fnma: out = s390x_bfp::fma(f, ea, eb, ec, false, true, env); break;
      case Op::Fnms: out = s390x_bfp::fma(f, ea, eb, ec, true, true, env); break;
      case Op::Max:
      case Op::Min:
        if (!s390x_bfp::max_min(f, ea, eb, param, op == Op::Max, out, env)) return {};
        break;
      case Op::CmpEq:
      case Op::CmpHigh:
      case Op::CmpHighEq: {
        const int cmp = s390x_bfp::compare(f, ea, eb, param != 0, env);  // (param: signaling)
        truth = op == Op::CmpEq ? cmp == 0 : op == Op::CmpHigh ? cmp == 2 : cmp == 0 || cmp == 2;
        out = truth ? ~static_cast<Bits>(0) : 0;
        break;
      }
      case Op::Integral: out = s390x_bfp::round_to_integral(f, ea, env); break;
      case Op::Sign: {
        const Bits sign = static_cast<Bits>(1) << (f == s390x_bfp::kShort ? 31 : f == s390x_bfp::kLong ? 63 : 127);
        out = param == 0 ? ea ^ sign : param == 1 ? ea | sign : ea & ~sign;
        break;
      }
      case Op::Class:
        truth = s390x_bfp::data_class(f, ea) & param;
        out = truth ? ~static_cast<Bits>(0) : 0;
        break;
    }
    if (const uint8_t code = enabled_exception(env, regs.fpc, xxc)) {
      Outcome o{Outcome::VectorException, 6};
      o.vxc = static_cast<uint8_t>(i << 4 | code);
      return o;
    }
    flags |= env.flags;
    trues += truth;
    r.set_element(f, i, out);
  }
  regs.v[x.v1][0] = r.d[0];
  regs.v[x.v1][1] = r.d[1];
  regs.fpc |= static_cast<uint32_t>(flags) << 16;
  Outcome o{Outcome::Done, 6};
  o.vectors = true;
  if (set_cc) o.cc = trues == n ? 0 : trues ? 1 : 3;
  return o;
}

Outcome vector(const uint8_t* b, Machine& m) {
  const Fields x(b);
  auto fpc = [&] { return m.vectors().fpc; };
  s390x_bfp::Round current;
  switch (b[5]) {
    // VRR-c arithmetic: M4 format, M5 single-element control (its other bits zero).
    case 0xe3:    // VFA
    case 0xe2:    // VFS
    case 0xe7:    // VFM
    case 0xe5: {  // VFD
      if (!valid_format(x.n32) || (x.n28 & 7)) return {};
      if (!s390x_bfp::fpc_rounding(fpc(), current)) return {};
      const Op op = b[5] == 0xe3 ? Op::Add : b[5] == 0xe2 ? Op::Sub : b[5] == 0xe7 ? Op::Mul : Op::Div;
      return elementwise(op, Format(x.n32), x.n28 & 8, x, 0, false, m, current);
    }
    case 0xce:  // VFSQ: VRR-a, M3 format, M4 single-element control
      if (!valid_format(x.n32) || (x.n28 & 7)) return {};
      if (!s390x_bfp::fpc_rounding(fpc(), current)) return {};
      return elementwise(Op::Sqrt, Format(x.n32), x.n28 & 8, x, 0, false, m, current);
    // VRR-e multiply and add: M6 format, M5 single-element control.
    case 0x8f:    // VFMA
    case 0x8e:    // VFMS
    case 0x9f:    // VFNMA
    case 0x9e: {  // VFNMS
      if (!valid_format(x.n20) || (x.n28 & 7)) return {};
      if (!s390x_bfp::fpc_rounding(fpc(), current)) return {};
      const Op op = b[5] == 0x8f ? Op::Fma : b[5] == 0x8e ? Op::Fms : b[5] == 0x9f ? Op::Fnma : Op::Fnms;
      return elementwise(op, Format(x.n20), x.n28 & 8, x, 0, false, m, current);
    }
    case 0xef:  // VFMAX: VRR-c, M4 format, M5 single-element control, M6 the function
    case 0xee:  // VFMIN
      if (!valid_format(x.n32) || (x.n28 & 7) || (x.n24 & 7) > 4) return {};
      return elementwise(b[5] == 0xef ? Op::Max : Op::Min, Format(x.n32), x.n28 & 8, x, x.n24, false, m,
                         s390x_bfp::Round::NearestEven);
    case 0xe8:  // VFCE: VRR-c, M4 format, M5 single element (8) and signaling (4: VFKE …), M6 condition code set
    case 0xeb:  // VFCH
    case 0xea:  // VFCHE
      if (!valid_format(x.n32) || (x.n28 & 3) || (x.n24 & 14)) return {};
      return elementwise(b[5] == 0xe8 ? Op::CmpEq : b[5] == 0xeb ? Op::CmpHigh : Op::CmpHighEq, Format(x.n32), x.n28 & 8,
                         x, x.n28 & 4, x.n24 & 1, m, s390x_bfp::Round::NearestEven);
    case 0xcb:    // WFC: VRR-a, M3 format; element 0 of v1 against v2's
    case 0xca: {  // WFK: signaling
      if (!valid_format(x.n32) || x.n28) return {};
      VectorRegs& regs = m.vectors();
      const Format f = Format(x.n32);
      s390x_bfp::Env env;
      const int cc = s390x_bfp::compare(f, get(regs, x.v1).element(f, 0), get(regs, x.v2).element(f, 0), b[5] == 0xca, env);
      if (const uint8_t code = enabled_exception(env, regs.fpc)) {
        Outcome o{Outcome::VectorException, 6};
        o.vxc = code;
        return o;
      }
      regs.fpc |= static_cast<uint32_t>(env.flags) << 16;
      Outcome o{Outcome::Done, 6, cc};
      o.vectors = true;
      return o;
    }
    case 0xc7: {  // VFI: VRR-a, M3 format, M4 inexact suppression (4) and single element (8), M5 method
      s390x_bfp::Round round;
      if (!valid_format(x.n32) || (x.n28 & 3) || !s390x_bfp::method_rounding(x.n24, fpc(), round)) return {};
      return elementwise(Op::Integral, Format(x.n32), x.n28 & 8, x, 0, false, m, round, x.n28 & 4);
    }
    case 0xcc:  // VFPSO: VRR-a, M3 format, M4 single element, M5 the operation (complement, negative, positive)
      if (!valid_format(x.n32) || (x.n28 & 7) || x.n24 > 2) return {};
      return elementwise(Op::Sign, Format(x.n32), x.n28 & 8, x, x.n24, false, m, s390x_bfp::Round::NearestEven);
    case 0x4a: {  // VFTCI: VRI-e, I3 the class mask, M4 format, M5 single element
      if (!valid_format(x.n32) || (x.n28 & 7)) return {};
      const unsigned i3 = static_cast<unsigned>(b[2]) << 4 | x.n24;
      return elementwise(Op::Class, Format(x.n32), x.n28 & 8, x, i3, true, m, s390x_bfp::Round::NearestEven);
    }
    case 0xc4:    // VFLL: VRR-a, M3 the source format (short or long), M4 single element
    case 0xc5: {  // VFLR: M3 the source format (long or extended), M4 inexact suppression and single element, M5 method
      const bool lengthen = b[5] == 0xc4;
      s390x_bfp::Round round = s390x_bfp::Round::NearestEven;
      if (lengthen ? (x.n32 != 2 && x.n32 != 3) || (x.n28 & 7) : (x.n32 != 3 && x.n32 != 4) || (x.n28 & 3))
        return {};
      if (!lengthen && !s390x_bfp::method_rounding(x.n24, fpc(), round)) return {};
      VectorRegs& regs = m.vectors();
      const Format from = Format(x.n32);
      const Vec a = get(regs, x.v2);
      Vec r{{0, 0}};
      // Short to long: words 0 and 2 to doublewords 0 and 1; long to short the other way (words 1
      // and 3 zero); long to extended: doubleword 0; extended to long: into doubleword 0, the
      // other left as it is (as qemu leaves it).
      const unsigned n = from == s390x_bfp::kExtended || (lengthen && from == s390x_bfp::kLong) || (x.n28 & 8) ? 1 : 2;
      if (from == s390x_bfp::kExtended) r.d[1] = regs.v[x.v1][1];
      uint8_t flags = 0;
      for (unsigned i = 0; i < n; ++i) {
        s390x_bfp::Env env{round};
        if (lengthen) {
          const Bits in = from == s390x_bfp::kShort ? a.word(2 * i) : a.d[0];
          const Bits out = s390x_bfp::lengthen(from, in, env);
          if (from == s390x_bfp::kShort)
            r.d[i] = static_cast<u64>(out);
          else
            r.set_quad(out);
        } else {
          const Bits in = from == s390x_bfp::kLong ? a.d[i] : a.quad();
          const Bits out = s390x_bfp::shorten(from, in, env);
          if (from == s390x_bfp::kLong)
            r.set_word(2 * i, static_cast<uint32_t>(out));
          else
            r.d[0] = static_cast<u64>(out);
        }
        if (const uint8_t code = enabled_exception(env, regs.fpc, !lengthen && (x.n28 & 4))) {
          Outcome o{Outcome::VectorException, 6};
          o.vxc = static_cast<uint8_t>(i << 4 | code);
          return o;
        }
        flags |= env.flags;
      }
      regs.v[x.v1][0] = r.d[0];
      regs.v[x.v1][1] = r.d[1];
      regs.fpc |= static_cast<uint32_t>(flags) << 16;
      Outcome o{Outcome::Done, 6};
      o.vectors = true;
      return o;
    }
    // Integer instructions.
    case 0x50: {  // VPOPCT: VRR-a, M3 the element size
      if (x.n32 > 3) return {};
      VectorRegs& regs = m.vectors();
      const Vec a = get(regs, x.v2);
      const unsigned bits = 8u << x.n32;
      Vec r{{0, 0}};
      for (unsigned half = 0; half < 2; ++half)
        for (unsigned at = 0; at < 64; at += bits) {
          const u64 mask = bits == 64 ? ~0ull : ((1ull << bits) - 1) << at;
          r.d[half] |= static_cast<u64>(std::popcount(a.d[half] & mask)) << at;
        }
      regs.v[x.v1][0] = r.d[0];
      regs.v[x.v1][1] = r.d[1];
      Outcome o{Outcome::Done, 6};
      o.vectors = true;
      return o;
    }
    case 0x85: {  // VBPERM: VRR-c; each byte of v3 selects a bit of v2 (128 and up: 0), into bits 48-63
      VectorRegs& regs = m.vectors();
      const Vec a = get(regs, x.v2), sel = get(regs, x.v3);
      u64 bits = 0;
      for (unsigned i = 0; i < 16; ++i) {
        const unsigned idx = sel.byte(i);
        const u64 bit = idx < 128 ? a.d[idx / 64] >> (63 - idx % 64) & 1 : 0;
        bits |= bit << (15 - i);
      }
      regs.v[x.v1][0] = bits;
      regs.v[x.v1][1] = 0;
      Outcome o{Outcome::Done, 6};
      o.vectors = true;
      return o;
    }
    case 0xb8: {  // VMSL: VRR-d, M5 the element size (doubleword only), M6 even (8) and odd (4) shift
      if (x.n20 != 3) return {};
      VectorRegs& regs = m.vectors();
      const Vec a = get(regs, x.v2), bb = get(regs, x.v3), c = get(regs, x.v4);
      u128 even = static_cast<u128>(a.d[0]) * bb.d[0], odd = static_cast<u128>(a.d[1]) * bb.d[1];
      if (x.n24 & 8) even <<= 1;
      if (x.n24 & 4) odd <<= 1;
      Vec r{{0, 0}};
      r.set_quad(even + odd + c.quad());
      regs.v[x.v1][0] = r.d[0];
      regs.v[x.v1][1] = r.d[1];
      Outcome o{Outcome::Done, 6};
      o.vectors = true;
      return o;
    }
    case 0x04: {  // VLLEZ: VRX; M3 6, a word into word 0 (left-aligned), the rest zero
      if (x.n32 != 6) return {};
      const unsigned x2 = b[1] & 15, b2 = b[2] >> 4;
      u64 addr = static_cast<u64>((b[2] & 15) << 8 | b[3]);
      if (x2) addr += m.gpr(x2);
      if (b2) addr += m.gpr(b2);
      u64 w;
      if (!read_be(m, addr, 4, w)) return {Outcome::Fault, 6, -1, false, addr};
      VectorRegs& regs = m.vectors();
      regs.v[x.v1][0] = w << 32;
      regs.v[x.v1][1] = 0;
      Outcome o{Outcome::Done, 6};
      o.vectors = true;
      return o;
    }
    default: return {};
  }
}

const char* fp_name(const char* base, unsigned fpf, bool single) {
  // (Names for the diagnostics: "vfa" + "sb"/"db"/"xb", the W form for a single element.)
  static thread_local char buf[16];
  const char* suffix = fpf == 2 ? "sb" : fpf == 3 ? "db" : "xb";
  std::snprintf(buf, sizeof buf, "%s%s%s", single || fpf == 4 ? "w" : "v", base + 1, suffix);
  return buf;
}

}  // namespace

const char* name(const uint8_t* b) {
  switch (b[0]) {
    case 0xe3:
      switch (b[5]) {
        case 0x38: return "agh";
        case 0x39: return "sgh";
        case 0x3c: return "mgh";
        case 0x84: return "mg";
        case 0x53: return "msc";
        case 0x83: return "msgc";
        case 0x47: return "bic";
        default: return nullptr;
      }
    case 0xb9:
      switch (b[1]) {
        case 0xec: return "mgrk";
        case 0xed: return "msgrkc";
        case 0xfd: return "msrkc";
        default: return nullptr;
      }
    case 0xe7: {
      const Fields x(b);  // (a vector instruction's 6 bytes: only now are they known to be there)
      switch (b[5]) {
        case 0xe3: return fp_name("vfa", x.n32, x.n28 & 8);
        case 0xe2: return fp_name("vfs", x.n32, x.n28 & 8);
        case 0xe7: return fp_name("vfm", x.n32, x.n28 & 8);
        case 0xe5: return fp_name("vfd", x.n32, x.n28 & 8);
        case 0xce: return fp_name("vfsq", x.n32, x.n28 & 8);
        case 0x8f: return fp_name("vfma", x.n20, x.n28 & 8);
        case 0x8e: return fp_name("vfms", x.n20, x.n28 & 8);
        case 0x9f: return fp_name("vfnma", x.n20, x.n28 & 8);
        case 0x9e: return fp_name("vfnms", x.n20, x.n28 & 8);
        case 0xef: return fp_name("vfmax", x.n32, x.n28 & 8);
        case 0xee: return fp_name("vfmin", x.n32, x.n28 & 8);
        case 0xe8: return fp_name(x.n28 & 4 ? "vfke" : "vfce", x.n32, x.n28 & 8);
        case 0xeb: return fp_name(x.n28 & 4 ? "vfkh" : "vfch", x.n32, x.n28 & 8);
        case 0xea: return fp_name(x.n28 & 4 ? "vfkhe" : "vfche", x.n32, x.n28 & 8);
        case 0xcb: return fp_name("vfc", x.n32, true);
        case 0xca: return fp_name("vfk", x.n32, true);
        case 0xc7: return fp_name("vfi", x.n32, x.n28 & 8);
        case 0xcc: return fp_name("vfpso", x.n32, x.n28 & 8);
        case 0x4a: return fp_name("vftci", x.n32, x.n28 & 8);
        case 0xc4: return x.n32 == 2 ? (x.n28 & 8 ? "wflls" : "vflls") : "wflld";
        case 0xc5: return x.n32 == 3 ? (x.n28 & 8 ? "wflrd" : "vflrd") : "wflrx";
        case 0x50: return "vpopct";
        case 0x85: return "vbperm";
        case 0xb8: return "vmsl";
        case 0x04: return x.n32 == 6 ? "vllezlf" : nullptr;
        default: return nullptr;
      }
    }
    default: return nullptr;
  }
}

Outcome execute(const uint8_t* insn, Machine& m) {
  switch (insn[0]) {
    case 0xe3:
    case 0xb9: return general(insn, m);
    case 0xe7: return vector(insn, m);
    default: return {};
  }
}

}  // namespace polyrun::cpu::s390x_missing
