// Arm floating-point operations on raw element bits (half, single, double; bfloat16 where named),
// as the Arm ARM's FP pseudocode defines them: FPCR's rounding mode, FZ/FZ16 flushing of
// denormal inputs (IDC) and of tiny results (UFC), DN, Arm's NaN propagation and default NaN, the
// cumulative flags an operation raises (collected in Env::flags, FPSR's bit layout). The
// rounding itself is exact: each result is found rounded to odd in a format of more than twice
// the element's precision (binary64 or binary128, computed by cpu-emu/s390x_bfp.h), then rounded
// once into the element's format here.
#pragma once

#include <cstdint>

namespace polyrun::cpu::sve::fp {

// FPSR's cumulative exception bits.
enum : uint32_t { kIOC = 1, kDZC = 2, kOFC = 4, kUFC = 8, kIXC = 16, kIDC = 128 };

// Rounding modes: FPCR.RMode's four, then ties-away (FRINTA), round to odd (FCVTX: an overflow
// gives the largest normal) and round to odd with overflow to infinity (BFDOT, BFMMLA).
enum Rounding : unsigned { kRN = 0, kRP = 1, kRM = 2, kRZ = 3, kRA = 4, kRO = 5, kROI = 6 };

// One instruction's floating-point environment: FPCR as it stands, the flags raised so far.
struct Env {
  uint32_t fpcr;
  uint32_t flags = 0;
  unsigned forced_mode = ~0u;  // a Rounding that replaces FPCR.RMode
  explicit Env(uint32_t f) : fpcr(f) {}
  unsigned rmode() const { return forced_mode != ~0u ? forced_mode : fpcr >> 22 & 3; }
  bool dn() const { return fpcr >> 25 & 1; }
  // FZ for single and double, FZ16 for half.
  bool fz(unsigned esize) const { return esize == 2 ? (fpcr >> 19 & 1) : (fpcr >> 24 & 1); }
};

// Classification of an element of esize bytes (2, 4, 8).
bool is_nan(uint64_t a, unsigned esize);
bool is_snan(uint64_t a, unsigned esize);
bool is_inf(uint64_t a, unsigned esize);
bool is_zero(uint64_t a, unsigned esize);
inline uint64_t sign_bit(unsigned esize) { return 1ull << (8 * esize - 1); }
uint64_t default_nan(unsigned esize);
uint64_t fp_zero(bool sign, unsigned esize);
uint64_t fp_inf(bool sign, unsigned esize);
uint64_t fp_one(bool sign, unsigned esize);
// 2^e (positive; e within the format's normal range), and the fraction's width.
uint64_t fp_pow2(int e, unsigned esize);
inline unsigned frac_bits(unsigned esize) { return esize == 2 ? 10 : esize == 4 ? 23 : 52; }
uint64_t fp_max_normal(bool sign, unsigned esize);

// FPUnpack's flushing: a denormal input with FZ (FZ16 for half) is a zero of its sign (IDC).
uint64_t flush_in(uint64_t a, unsigned esize, Env& env);
// FPProcessNaNs of two and three operands (in the pseudocode's order: signaling first); true
// with the result when an operand is a NaN.
bool process_nans(uint64_t a, uint64_t b, unsigned esize, Env& env, uint64_t& out);
bool process_nans3(uint64_t a, uint64_t b, uint64_t c, unsigned esize, Env& env, uint64_t& out);
// FPProcessNaN of one operand (quiet it, or the default NaN with DN).
uint64_t process_nan(uint64_t a, unsigned esize, Env& env);

// Arithmetic: operands are flushed and NaNs processed as the pseudocode does.
uint64_t add(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t sub(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t mul(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t mulx(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t div(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t sqrt(uint64_t a, unsigned esize, Env& env);
// addend + n * m, rounded once (FPMulAdd).
uint64_t muladd(uint64_t addend, uint64_t n, uint64_t m, unsigned esize, Env& env);
uint64_t max(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t min(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t maxnm(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t minnm(uint64_t a, uint64_t b, unsigned esize, Env& env);
// a * 2^n (FSCALE).
uint64_t scale(uint64_t a, int64_t n, unsigned esize, Env& env);
// FRECPS (2 - a*b) and FRSQRTS ((3 - a*b) / 2), each rounded once.
uint64_t recip_step(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t rsqrt_step(uint64_t a, uint64_t b, unsigned esize, Env& env);
// FRECPE, FRSQRTE, FRECPX.
uint64_t recip_estimate(uint64_t a, unsigned esize, Env& env);
uint64_t rsqrt_estimate(uint64_t a, unsigned esize, Env& env);
uint64_t recpx(uint64_t a, unsigned esize, Env& env);
// FRINT*: to an integral value in the format, in `mode` (a Rounding); `exact` raises IXC when
// the value changes (FRINTX).
uint64_t round_int(uint64_t a, unsigned esize, unsigned mode, bool exact, Env& env);
// Compares: a quiet one raises IOC for a signaling NaN only, a signaling one for any NaN. The
// result: 0 equal, 1 less, 2 greater, 3 unordered.
int compare(uint64_t a, uint64_t b, unsigned esize, bool signaling, Env& env);

// Conversions. Between formats (esize 2, 4, 8), in FPCR's rounding (or round to odd: FCVTX);
// `flush_in` whether a denormal input is flushed (FPCR.FZ for single and double sources; half
// sources never are).
uint64_t convert(uint64_t a, unsigned from, unsigned to, Env& env, unsigned mode);
// Single to bfloat16 (BFCVT), FPCR's rounding.
uint16_t to_bf16(uint32_t a, Env& env);
// To a signed or unsigned integer of `ibits` bits, toward zero, saturating (IOC), NaN 0 (IOC).
uint64_t to_int(uint64_t a, unsigned esize, unsigned ibits, bool is_signed, Env& env);
// From a signed or unsigned integer of `ibits` bits.
uint64_t from_int(uint64_t v, unsigned ibits, bool is_signed, unsigned esize, Env& env);

}  // namespace polyrun::cpu::sve::fp
