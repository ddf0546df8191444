// 32-bit NTDLL's LARGE_INTEGER arithmetic, from the time 32-bit compilers had no 64-bit integers:
// RtlLargeIntegerAdd, Subtract, Negate, the shifts, the divisions (RtlLargeIntegerDivide,
// RtlExtendedLargeIntegerDivide, RtlEnlargedUnsignedDivide, RtlExtendedMagicDivide), the
// multiplications (RtlEnlargedIntegerMultiply …), the conversions from 32 bits,
// RtlInterlockedCompareExchange64, and the byte swaps (RtlUshortByteSwap, RtlUlongByteSwap,
// RtlUlonglongByteSwap). 64-bit NTDLL has none of them (its callers use the compiler's integers);
// the table serves them to both. A division by zero raises STATUS_INTEGER_DIVIDE_BY_ZERO where the
// function was called, as the division instruction of Windows' functions does; a quotient that
// does not fit RtlEnlargedUnsignedDivide's 32 bits STATUS_INTEGER_OVERFLOW.
#include <cstdint>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_large_integers_impl {

constexpr uint32_t kIntegerDivideByZero = 0xc0000094, kIntegerOverflow = 0xc0000095;

// The exception a division instruction raises; the bytes the function pops on i386 (stdcall).
void divide_error(WindowsProcess& p, uint32_t code, uint32_t popped) {
  raise_from_host_call(p, code, 0, {}, p.isa->ptr == 4 ? popped : 0);
}

int64_t RtlConvertLongToLargeInteger(WindowsProcess&, int32_t a) { return a; }
int64_t RtlConvertUlongToLargeInteger(WindowsProcess&, uint32_t a) { return a; }
int64_t RtlEnlargedIntegerMultiply(WindowsProcess&, int32_t a, int32_t b) { return static_cast<int64_t>(a) * b; }
uint64_t RtlEnlargedUnsignedMultiply(WindowsProcess&, uint32_t a, uint32_t b) { return static_cast<uint64_t>(a) * b; }
int64_t RtlExtendedIntegerMultiply(WindowsProcess&, int64_t a, int32_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(static_cast<int64_t>(b)));
}
int64_t RtlLargeIntegerAdd(WindowsProcess&, int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t RtlLargeIntegerSubtract(WindowsProcess&, int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
int64_t RtlLargeIntegerNegate(WindowsProcess&, int64_t a) { return static_cast<int64_t>(0 - static_cast<uint64_t>(a)); }
// The shifts take the count modulo 64, as the instructions Windows' functions are made of.
int64_t RtlLargeIntegerShiftLeft(WindowsProcess&, int64_t a, int32_t n) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) << (n & 63));
}
int64_t RtlLargeIntegerShiftRight(WindowsProcess&, int64_t a, int32_t n) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) >> (n & 63));
}
int64_t RtlLargeIntegerArithmeticShift(WindowsProcess&, int64_t a, int32_t n) { return a >> (n & 63); }

// RtlLargeIntegerDivide(a, b, *remainder): unsigned.
uint64_t RtlLargeIntegerDivide(WindowsProcess& p, uint64_t a, uint64_t b, Ptr rem) {
  if (!b) return divide_error(p, kIntegerDivideByZero, 20), 0;
  if (rem) put<uint64_t>(rem.addr, a % b);
  return a / b;
}
// RtlExtendedLargeIntegerDivide(a, b, *remainder): signed, the remainder with the dividend's sign.
int64_t RtlExtendedLargeIntegerDivide(WindowsProcess& p, int64_t a, int32_t b, Ptr rem) {
  if (!b) return divide_error(p, kIntegerDivideByZero, 16), 0;
  if (b == -1) {  // (the one quotient of INT64_MIN that overflows wraps, as the 64-bit arithmetic does)
    if (rem) put<int32_t>(rem.addr, 0);
    return static_cast<int64_t>(0 - static_cast<uint64_t>(a));
  }
  if (rem) put<int32_t>(rem.addr, static_cast<int32_t>(a % b));
  return a / b;
}
// RtlEnlargedUnsignedDivide(a, b, *remainder): a 64-bit dividend, 32-bit divisor, quotient and
// remainder.
uint32_t RtlEnlargedUnsignedDivide(WindowsProcess& p, uint64_t a, uint32_t b, Ptr rem) {
  if (!b) return divide_error(p, kIntegerDivideByZero, 16), 0;
  if (a / b > 0xffffffffu) return divide_error(p, kIntegerOverflow, 16), 0;
  if (rem) put<uint32_t>(rem.addr, static_cast<uint32_t>(a % b));
  return static_cast<uint32_t>(a / b);
}
// RtlExtendedMagicDivide(dividend, magic, shift): dividend / d by multiplication, where
// magic = 2^(64 + shift) / d: the high 64 bits of |dividend| × magic, shifted right by `shift`,
// with the dividend's sign.
int64_t RtlExtendedMagicDivide(WindowsProcess&, int64_t dividend, int64_t magic, int32_t shift) {
  const bool negative = dividend < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(dividend) : static_cast<uint64_t>(dividend);
  const unsigned __int128 product = static_cast<unsigned __int128>(magnitude) * static_cast<uint64_t>(magic);
  const uint64_t q = static_cast<uint64_t>(product >> 64) >> (shift & 63);
  return negative ? static_cast<int64_t>(0 - q) : static_cast<int64_t>(q);
}

int64_t RtlInterlockedCompareExchange64(WindowsProcess&, Ptr dest, int64_t exchange, int64_t comparand) {
  int64_t expected = comparand;
  __atomic_compare_exchange_n(dest.as<int64_t>(), &expected, exchange, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return expected;
}

// The byte swaps are fastcall on i386: the one 32-bit argument in ecx (served as a method's `this`,
// which ecx carries the same way), the 64-bit one on the stack (popped by the function, as stdcall).
uint16_t RtlUshortByteSwap(WindowsProcess&, uint32_t v) { return __builtin_bswap16(static_cast<uint16_t>(v)); }
uint32_t RtlUlongByteSwap(WindowsProcess&, uint32_t v) { return __builtin_bswap32(v); }
uint64_t RtlUlonglongByteSwap(WindowsProcess&, uint64_t v) { return __builtin_bswap64(v); }

}  // namespace ntdll_large_integers_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_large_integer_exports() {
  using namespace ntdll_large_integers_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlConvertLongToLargeInteger", RtlConvertLongToLargeInteger),
      EXPORT("RtlConvertUlongToLargeInteger", RtlConvertUlongToLargeInteger),
      EXPORT("RtlEnlargedIntegerMultiply", RtlEnlargedIntegerMultiply),
      EXPORT("RtlEnlargedUnsignedMultiply", RtlEnlargedUnsignedMultiply),
      EXPORT("RtlEnlargedUnsignedDivide", RtlEnlargedUnsignedDivide),
      EXPORT("RtlExtendedIntegerMultiply", RtlExtendedIntegerMultiply),
      EXPORT("RtlExtendedLargeIntegerDivide", RtlExtendedLargeIntegerDivide),
      EXPORT("RtlExtendedMagicDivide", RtlExtendedMagicDivide),
      EXPORT("RtlLargeIntegerAdd", RtlLargeIntegerAdd),
      EXPORT("RtlLargeIntegerSubtract", RtlLargeIntegerSubtract),
      EXPORT("RtlLargeIntegerNegate", RtlLargeIntegerNegate),
      EXPORT("RtlLargeIntegerShiftLeft", RtlLargeIntegerShiftLeft),
      EXPORT("RtlLargeIntegerShiftRight", RtlLargeIntegerShiftRight),
      EXPORT("RtlLargeIntegerArithmeticShift", RtlLargeIntegerArithmeticShift),
      EXPORT("RtlLargeIntegerDivide", RtlLargeIntegerDivide),
      EXPORT("RtlInterlockedCompareExchange64", RtlInterlockedCompareExchange64),
      EXPORT_METHOD("RtlUshortByteSwap", RtlUshortByteSwap),
      EXPORT_METHOD("RtlUlongByteSwap", RtlUlongByteSwap),
      EXPORT("RtlUlonglongByteSwap", RtlUlonglongByteSwap),
  };
  return exports;
}

}  // namespace polyrun::shims
