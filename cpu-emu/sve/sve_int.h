// The integer group's shared helpers (cpu-emu/sve/sve_int*.cpp): element types chosen from size
// fields, saturating and rounding arithmetic, the shift-amount fields (tsz:imm3), and the
// element loops the group's handlers are made of. Each file lists its encodings through the
// add_int_*_encodings functions below; sve_int.cpp joins them.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "cpu-emu/sve/sve_elements.h"

namespace polyrun::cpu::sve {

// The integer group's files' tables.
void add_int_arith_encodings(std::vector<Encoding>& out);    // sve_int_arith.cpp
void add_int_unary_encodings(std::vector<Encoding>& out);    // sve_int_unary.cpp
void add_int_logical_encodings(std::vector<Encoding>& out);  // sve_int_logical.cpp
void add_int_shift_encodings(std::vector<Encoding>& out);    // sve_int_shift.cpp
void add_int_mul_encodings(std::vector<Encoding>& out);      // sve_int_mul.cpp

namespace intops {

using u128 = unsigned __int128;
using s128 = __int128;

template <typename T>
using Signed = std::make_signed_t<T>;
template <typename T>
constexpr unsigned kBits = 8 * sizeof(T);

// Calls f(T{}) with T the unsigned element type of a two-bit size field (0: 8 bits … 3: 64 bits).
template <typename F>
decltype(auto) by_size(unsigned size, F&& f) {
  switch (size & 3) {
    case 0: return f(uint8_t{});
    case 1: return f(uint16_t{});
    case 2: return f(uint32_t{});
    default: return f(uint64_t{});
  }
}

// The element size (log2 bytes) of a shift's tsz field (4 bits): its highest set bit; -1 for 0,
// which is unallocated.
constexpr int tsz_size(uint32_t tsz) { return tsz == 0 ? -1 : static_cast<int>(std::bit_width(tsz)) - 1; }

// Saturating arithmetic within T (the architecture's SignedSatQ/UnsignedSatQ of the exact result).
template <typename T>
T sat_s(s128 v) {
  using S = Signed<T>;
  if (v > std::numeric_limits<S>::max()) return static_cast<T>(std::numeric_limits<S>::max());
  if (v < std::numeric_limits<S>::min()) return static_cast<T>(std::numeric_limits<S>::min());
  return static_cast<T>(static_cast<S>(v));
}
template <typename T>
T sat_u(s128 v) {
  if (v < 0) return 0;
  if (v > static_cast<s128>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(v);
}
template <typename T>
s128 sv(T x) {
  return static_cast<Signed<T>>(x);
}
template <typename T>
s128 uv(T x) {
  return static_cast<s128>(x);
}

// Shifts by an unsigned amount that may reach or pass the element's width (shifts by vector
// and by wide elements): everything shifted out.
template <typename T>
T lsl(T x, uint64_t sh) {
  return sh >= kBits<T> ? T{0} : static_cast<T>(x << sh);
}
template <typename T>
T lsr(T x, uint64_t sh) {
  return sh >= kBits<T> ? T{0} : static_cast<T>(x >> sh);
}
template <typename T>
T asr(T x, uint64_t sh) {
  const Signed<T> s = static_cast<Signed<T>>(x);
  return static_cast<T>(s >> (sh >= kBits<T> ? kBits<T> - 1 : sh));
}
// Rounding shifts right by 1 … width (the result rounded half up, as the architecture adds
// 1 << (sh - 1) before shifting with more bits than the element has).
template <typename T>
T urshr(T x, unsigned sh) {
  const T round = static_cast<T>(x >> (sh - 1) & 1);
  return static_cast<T>(lsr(x, sh) + round);
}
template <typename T>
T srshr(T x, unsigned sh) {
  const T round = static_cast<T>(x >> (sh - 1) & 1);
  return static_cast<T>(asr(x, sh) + round);
}

// Z registers of one instruction, read before the destination is written.
inline void copy_z(uint8_t* dst, const uint8_t* src, unsigned vl) { std::memcpy(dst, src, vl); }

// dst = op(a, b) on every element (unpredicated).
template <typename T, typename Op>
void map2(Context& c, unsigned d, unsigned n, unsigned m, Op op) {
  uint8_t r[kMaxVl];
  const uint8_t* a = c.zr(n);
  const uint8_t* b = c.zr(m);
  const unsigned count = c.vl() / sizeof(T);
  for (unsigned i = 0; i < count; ++i) set<T>(r, i, op(elem<T>(a, i), elem<T>(b, i)));
  copy_z(c.zw(d), r, c.vl());
}

// dst = op(dst, a, b) on every element (unpredicated, accumulating).
template <typename T, typename Op>
void map3(Context& c, unsigned d, unsigned n, unsigned m, Op op) {
  uint8_t r[kMaxVl];
  const uint8_t* acc = c.zr(d);
  const uint8_t* a = c.zr(n);
  const uint8_t* b = c.zr(m);
  const unsigned count = c.vl() / sizeof(T);
  for (unsigned i = 0; i < count; ++i) set<T>(r, i, op(elem<T>(acc, i), elem<T>(a, i), elem<T>(b, i)));
  copy_z(c.zw(d), r, c.vl());
}

// dst = op(a) on every element (unpredicated).
template <typename T, typename Op>
void map1(Context& c, unsigned d, unsigned n, Op op) {
  uint8_t r[kMaxVl];
  const uint8_t* a = c.zr(n);
  const unsigned count = c.vl() / sizeof(T);
  for (unsigned i = 0; i < count; ++i) set<T>(r, i, op(elem<T>(a, i)));
  copy_z(c.zw(d), r, c.vl());
}

// Predicated, merging: active elements of Zd become op(i), inactive ones keep Zd's value. op
// gets the element's index (it reads its sources itself, which were read before Zd is written).
template <typename T, typename Op>
void merge(Context& c, unsigned d, unsigned g, Op op) {
  uint8_t r[kMaxVl];
  copy_z(r, c.zr(d), c.vl());
  const uint8_t* p = c.pr(g);
  const unsigned count = c.vl() / sizeof(T);
  for (unsigned i = 0; i < count; ++i)
    if (active(p, i, sizeof(T))) set<T>(r, i, op(i));
  copy_z(c.zw(d), r, c.vl());
}

}  // namespace intops

}  // namespace polyrun::cpu::sve
