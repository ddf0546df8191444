// IEEE binary floating point as z/Architecture's vector instructions compute it, in the three
// formats (short: binary32, long: binary64, extended: binary128), for the instructions polyrun
// executes where the engine lacks them (cpu-emu/s390x_missing.cpp). Exact: every result is the
// exact value rounded once, in any of the rounding modes the instructions name, with the IEEE
// flags the Principles of Operation gives, and NaNs chosen and quieted as it orders them (a
// signaling NaN of the first operand, then of the second, then a quiet NaN in the same order; for
// multiply and add the multiplier's second operand, its first, then the addend; the default NaN
// positive with only the quiet bit set). Tininess is detected before rounding. No host floating
// point: the same results whatever the host's modes.
#pragma once

#include <cstdint>

namespace polyrun::cpu::s390x_bfp {

// The formats by their instruction field value (M fields: 2 short, 3 long, 4 extended).
enum Format : uint8_t { kShort = 2, kLong = 3, kExtended = 4 };
// A value of a format: short in the low 32 bits, long in the low 64, extended in all 128.
using Bits = unsigned __int128;

// The IEEE exceptions as the FPC's flag and mask bytes order them.
enum : uint8_t { kInvalid = 0x80, kDivideByZero = 0x40, kOverflow = 0x20, kUnderflow = 0x10, kInexact = 0x08 };

enum class Round : uint8_t { NearestEven, TowardZero, Up, Down, NearestAway, PrepareShorter };

// The rounding and what happened: `flags` collects the exceptions as the FPC's flags record them
// when not trapped (underflow: tiny and inexact); `tiny` whether a result was tiny (an enabled
// underflow trap takes it exact or not).
struct Env {
  Round round = Round::NearestEven;
  uint8_t flags = 0;
  bool tiny = false;
};

// The FPC's binary rounding mode field (bits 29-31) as a mode; false for the values it cannot
// hold (4-6).
bool fpc_rounding(uint32_t fpc, Round& out);
// An instruction's rounding-method field (VFI, VFLR: 1 nearest with ties away, 3 prepare for
// shorter precision, 4 nearest even, 5 toward zero, 6 up, 7 down; 0 the FPC's): false for 2.
bool method_rounding(unsigned m, uint32_t fpc, Round& out);

bool is_nan(Format f, Bits a);
bool is_signaling(Format f, Bits a);

Bits add(Format f, Bits a, Bits b, Env& env);
Bits sub(Format f, Bits a, Bits b, Env& env);
Bits mul(Format f, Bits a, Bits b, Env& env);
Bits div(Format f, Bits a, Bits b, Env& env);
Bits sqrt(Format f, Bits a, Env& env);
// a * b + c with one rounding; negate_c: a * b - c; negate_result: the rounded sum negated (a NaN
// result keeps its sign).
Bits fma(Format f, Bits a, Bits b, Bits c, bool negate_c, bool negate_result, Env& env);
// To an integral value in the format (VFI); inexact when not integral.
Bits round_to_integral(Format f, Bits a, Env& env);
// To the next longer format (short to long, long to extended): exact.
Bits lengthen(Format from, Bits a, Env& env);
// To the next shorter format (long to short, extended to long).
Bits shorten(Format from, Bits a, Env& env);
// Comparison: 0 equal, 1 a low, 2 a high, 3 unordered. Signaling: any NaN is an invalid operation;
// else (quiet) a signaling NaN only.
int compare(Format f, Bits a, Bits b, bool signaling, Env& env);
// VECTOR FP MAXIMUM / MINIMUM with the instruction's function code (M6: 0 IEEE MaxNum, 1 Java
// Math.Max, 2 C's max macro, 3 C++'s std::max, 4 fmax; 8-12 the same of the absolute values);
// false for another code.
bool max_min(Format f, Bits a, Bits b, unsigned mode, bool max, Bits& out, Env& env);
// The value's class as VECTOR FP TEST DATA CLASS IMMEDIATE's 12-bit mask names it (0x800 +zero,
// 0x400 -zero, 0x200 +normal, 0x100 -normal, 0x080 +subnormal … 0x001 -signaling NaN).
unsigned data_class(Format f, Bits a);

}  // namespace polyrun::cpu::s390x_bfp
