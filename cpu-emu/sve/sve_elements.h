// Elements, predicates and fields of SVE instructions: what every group of instructions
// (cpu-emu/sve/sve_*.cpp) reads and writes registers with. Element i of a register with
// esize-byte elements is bytes [i*esize, (i+1)*esize), little-endian; its predicate bit is bit
// i*esize of the predicate (bit k: byte k/8, bit k%8), the other esize-1 bits of its group being
// zero in a predicate an instruction writes.
#pragma once

#include <cstdint>
#include <cstring>

#include "cpu-emu/sve/sve.h"

namespace polyrun::cpu::sve {

// Bits hi..lo of the instruction word.
constexpr uint32_t bits(uint32_t insn, unsigned hi, unsigned lo) { return (insn >> lo) & ((2u << (hi - lo)) - 1); }
constexpr uint32_t bit(uint32_t insn, unsigned n) { return (insn >> n) & 1; }
// Sign-extends the low `width` bits.
constexpr int64_t sext(uint64_t v, unsigned width) {
  return width >= 64 ? static_cast<int64_t>(v) : static_cast<int64_t>(v << (64 - width)) >> (64 - width);
}
// All ones in the low esize bytes.
constexpr uint64_t emask(unsigned esize) { return esize >= 8 ? ~0ull : (1ull << (8 * esize)) - 1; }

// Element i of esize bytes (1, 2, 4 or 8), zero- or sign-extended.
inline uint64_t uelem(const uint8_t* r, unsigned i, unsigned esize) {
  uint64_t v = 0;
  std::memcpy(&v, r + static_cast<size_t>(i) * esize, esize);
  return v;
}
inline int64_t selem(const uint8_t* r, unsigned i, unsigned esize) { return sext(uelem(r, i, esize), 8 * esize); }
inline void set_elem(uint8_t* r, unsigned i, unsigned esize, uint64_t v) {
  std::memcpy(r + static_cast<size_t>(i) * esize, &v, esize);
}
template <typename T>
T elem(const uint8_t* r, unsigned i) {
  T v;
  std::memcpy(&v, r + static_cast<size_t>(i) * sizeof(T), sizeof(T));
  return v;
}
template <typename T>
void set(uint8_t* r, unsigned i, T v) {
  std::memcpy(r + static_cast<size_t>(i) * sizeof(T), &v, sizeof(T));
}

// Predicate bits.
inline bool pbit(const uint8_t* p, unsigned k) { return p[k / 8] >> (k % 8) & 1; }
inline void set_pbit(uint8_t* p, unsigned k, bool v) {
  if (v)
    p[k / 8] |= static_cast<uint8_t>(1u << (k % 8));
  else
    p[k / 8] &= static_cast<uint8_t>(~(1u << (k % 8)));
}
// Whether element i of esize bytes is active under the predicate.
inline bool active(const uint8_t* p, unsigned i, unsigned esize) { return pbit(p, i * esize); }
// Sets element i's predicate bit and clears the rest of its group (the esize bits of one
// element lie in one byte: esize divides 8).
inline void set_pelem(uint8_t* p, unsigned i, unsigned esize, bool v) {
  const unsigned k = i * esize, shift = k % 8;
  const unsigned group = ((1u << esize) - 1) << shift;
  p[k / 8] = static_cast<uint8_t>((p[k / 8] & ~group) | (v ? 1u << shift : 0u));
}

// NZCV (bits 31:28) of the architecture's PredTest(mask, result, esize): N the first active
// element of `result` under `mask`, Z no active element true, C the last active element not
// true, V 0.
inline uint32_t pred_test(const uint8_t* mask, const uint8_t* result, unsigned esize, unsigned vl) {
  const unsigned n = vl / esize;
  bool first = false, none = true, last = false, seen = false;
  for (unsigned i = 0; i < n; ++i) {
    if (!active(mask, i, esize)) continue;
    const bool r = active(result, i, esize);
    if (!seen) first = r, seen = true;
    if (r) none = false;
    last = r;
  }
  return (first ? 1u << 31 : 0) | (none ? 1u << 30 : 0) | (!last ? 1u << 29 : 0);
}

// The predicate bits that start elements of esize bytes, within one predicate byte.
constexpr uint8_t element_bits(unsigned esize) {
  return esize == 1 ? 0xff : esize == 2 ? 0x55 : esize == 4 ? 0x11 : 0x01;
}

// The active elements of n elements of esize bytes, scanned a predicate byte at a time: the first
// and the last (n when none is active), and whether every element between them is active.
inline void active_span(const uint8_t* p, unsigned n, unsigned esize, unsigned& first, unsigned& last, bool& dense) {
  const uint8_t pattern = element_bits(esize);
  const unsigned bytes = (n * esize + 7) / 8;
  first = last = n;
  dense = true;
  unsigned fb = bytes, lb = 0;
  for (unsigned b = 0; b < bytes; ++b)
    if (p[b] & pattern) {
      fb = b;
      break;
    }
  if (fb == bytes) return;
  for (unsigned b = bytes; b-- > fb;)
    if (p[b] & pattern) {
      lb = b;
      break;
    }
  const unsigned fbit = fb * 8 + static_cast<unsigned>(__builtin_ctz(p[fb] & pattern));
  const unsigned lbit = lb * 8 + 31 - static_cast<unsigned>(__builtin_clz(static_cast<unsigned>(p[lb] & pattern)));
  first = fbit / esize, last = lbit / esize;
  for (unsigned b = fb; b <= lb && dense; ++b) {
    // The element bits of this byte that lie from the first active one to the last.
    uint8_t want = pattern;
    if (b == fb) want &= static_cast<uint8_t>(0xff << (fbit % 8));
    if (b == lb) want &= static_cast<uint8_t>(0xff >> (7 - lbit % 8));
    dense = (p[b] & want) == want;
  }
}

// Writes a predicate of pl bytes whose elements (of esize bytes) from..to-1 are active.
inline void set_active_run(uint8_t* p, unsigned pl, unsigned esize, unsigned from, unsigned to) {
  std::memset(p, 0, pl);
  for (unsigned j = from; j < to; ++j) {
    const unsigned k = j * esize;
    if (k % 8 == 0 && to - j >= 8 / esize) {  // a whole byte's elements
      p[k / 8] = element_bits(esize);
      j += 8 / esize - 1;
      continue;
    }
    p[k / 8] |= static_cast<uint8_t>(1u << (k % 8));
  }
}

// The element size in bytes of a two-bit size field.
constexpr unsigned esize_of(uint32_t size) { return 1u << size; }

}  // namespace polyrun::cpu::sve
