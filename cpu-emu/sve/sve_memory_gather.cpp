// SVE's gathers and scatters (every addressing mode: scalar plus 32-bit offsets, unpacked or
// not, sign- or zero-extended, scaled or not; scalar plus 64-bit offsets; vector plus
// immediate), their first-fault forms, SVE2's non-temporal gathers and scatters (vector plus
// scalar), and the prefetches of every addressing mode (no access, never a fault).
#include <iterator>

#include "cpu-emu/sve/sve_memory_access.h"

namespace polyrun::cpu::sve {

namespace {

unsigned rt(uint32_t insn) { return bits(insn, 4, 0); }
unsigned rn(uint32_t insn) { return bits(insn, 9, 5); }
unsigned rm(uint32_t insn) { return bits(insn, 20, 16); }
const uint8_t* governing(uint32_t insn, Context& c) { return c.pr(bits(insn, 12, 10)); }

// The addresses of a gather's or scatter's elements (esize 4 or 8 bytes).
struct Addresses {
  uint64_t a[kMaxVl / 4];
};

// Scalar plus vector: Xn|SP + (offset << shift), the offset being Zm's element, or its low 32
// bits extended (sxtw or uxtw) when `off32`.
void scalar_plus_vector(uint32_t insn, Context& c, unsigned esize, bool off32, bool sxtw, unsigned shift,
                        Addresses& out) {
  const uint64_t base = mem::base_reg(c, rn(insn));
  const uint8_t* zm = c.zr(rm(insn));
  for (unsigned i = 0; i < c.vl() / esize; ++i) {
    uint64_t off = uelem(zm, i, esize);
    if (off32) off = sxtw ? static_cast<uint64_t>(sext(off & 0xffffffffu, 32)) : off & 0xffffffffu;
    out.a[i] = base + (off << shift);
  }
}

// Vector plus a constant: Zn's element (zero-extended) + offset.
void vector_plus(Context& c, unsigned zn, unsigned esize, uint64_t offset, Addresses& out) {
  const uint8_t* z = c.zr(zn);
  for (unsigned i = 0; i < c.vl() / esize; ++i) out.a[i] = uelem(z, i, esize) + offset;
}

// A gather of esize-byte elements from msize-byte memory elements, extended as `sign` says.
// Every active element may fault (the instruction's fault: the destination unchanged), or, for
// a first-fault gather, only the first one: a later one that cannot be read, or that crosses a
// page boundary (qemu-user's choice, the reference), is left zero with FFR cleared from its bit
// on.
Outcome gather(uint32_t insn, Context& c, unsigned esize, unsigned msize, bool sign, bool first_fault,
               const Addresses& addr) {
  const uint8_t* pg = governing(insn, c);
  const unsigned n = c.vl() / esize;
  uint8_t out[kMaxVl] = {};
  uint64_t fault = 0;
  unsigned stop = n;
  bool first = true;
  for (unsigned i = 0; i < n; ++i) {
    if (!active(pg, i, esize)) continue;
    uint8_t m[8];
    if (first_fault && !first) {
      const uint64_t in_page = mem::kPage - (addr.a[i] & (mem::kPage - 1));
      if (in_page < msize || !mem::read(c, addr.a[i], m, msize, fault)) {
        stop = i;
        break;
      }
    } else if (!mem::read(c, addr.a[i], m, msize, fault)) {
      // qemu-user reads a first-fault gather's first element directly on the host.
      return Context::fault(first_fault ? mem::host_fault_address(fault) : fault, false);
    }
    first = false;
    set_elem(out, i, esize, mem::extend(m, msize, sign));
  }
  std::memcpy(c.zw(rt(insn)), out, c.vl());
  if (stop < n) mem::clear_ffr_from(c, stop * esize);
  return Context::done();
}

// A scatter of esize-byte elements truncated to msize bytes: memory written once every active
// element is known to be accessible.
Outcome scatter(uint32_t insn, Context& c, unsigned esize, unsigned msize, const Addresses& addr) {
  const uint8_t* pg = governing(insn, c);
  const unsigned n = c.vl() / esize;
  uint64_t fault = 0;
  for (unsigned i = 0; i < n; ++i)
    if (active(pg, i, esize) && !mem::accessible(c, addr.a[i], msize, fault)) return Context::fault(fault, true);
  const uint8_t* zt = c.zr(rt(insn));
  for (unsigned i = 0; i < n; ++i)
    if (active(pg, i, esize) && !mem::write(c, addr.a[i], zt + static_cast<size_t>(i) * esize, msize, fault))
      return Context::fault(fault, true);
  return Context::done();
}

// A prefetch: prfop's bit 4 must be zero; nothing else happens.
Outcome prefetch(uint32_t insn) { return bit(insn, 4) ? Context::undefined() : Context::done(); }

// Gathers of 32- or 64-bit elements (bit 30): msz in bits 24:23, U (zero-extend) bit 14, FF bit
// 13. A memory element wider than the register's, or as wide and signed, is unallocated.
bool gather_sizes(uint32_t insn, unsigned esize, unsigned& msize, bool& sign) {
  msize = esize_of(bits(insn, 24, 23));
  sign = !bit(insn, 14);
  return msize < esize || (msize == esize && !sign);
}

// SVE 32-bit gather load (scalar plus 32-bit unscaled or scaled offsets): xs (sxtw) bit 22,
// scaled bit 21. Byte elements have no scaled form: those words are the 32-bit gather prefetch
// (scalar plus 32-bit scaled offsets); msz = 3 is LDR and the contiguous prefetch (scalar plus
// immediate).
Outcome gather32_sv(uint32_t insn, Context& c) {
  const unsigned msz = bits(insn, 24, 23);
  if ((msz == 0 && bit(insn, 21)) || (msz == 3 && bit(insn, 22))) return prefetch(insn);
  unsigned msize = 0;
  bool sign = false;
  if (!gather_sizes(insn, 4, msize, sign)) return Context::undefined();
  Addresses a;
  scalar_plus_vector(insn, c, 4, true, bit(insn, 22), bit(insn, 21) ? msz : 0, a);
  return gather(insn, c, 4, msize, sign, bit(insn, 13), a);
}

// SVE 64-bit gather load, scalar plus unpacked 32-bit offsets (bit 15 clear: sxtw bit 22) or
// plus 64-bit offsets (bit 15 set), unscaled or scaled (bit 21): the byte form's scaled words
// are the 64-bit gather prefetch.
Outcome gather64_sv(uint32_t insn, Context& c) {
  const unsigned msz = bits(insn, 24, 23);
  if (msz == 0 && bit(insn, 21)) return prefetch(insn);
  unsigned msize = 0;
  bool sign = false;
  if (!gather_sizes(insn, 8, msize, sign)) return Context::undefined();
  const bool unpacked = !bit(insn, 15);
  Addresses a;
  scalar_plus_vector(insn, c, 8, unpacked, unpacked && bit(insn, 22), bit(insn, 21) ? msz : 0, a);
  return gather(insn, c, 8, msize, sign, bit(insn, 13), a);
}

// SVE 32- and 64-bit gather load (vector plus immediate): Zn's element + imm5 * msize.
Outcome gather_vi(uint32_t insn, Context& c) {
  const unsigned esize = bit(insn, 30) ? 8 : 4;
  unsigned msize = 0;
  bool sign = false;
  if (!gather_sizes(insn, esize, msize, sign)) return Context::undefined();
  Addresses a;
  vector_plus(c, rn(insn), esize, bits(insn, 20, 16) * msize, a);
  return gather(insn, c, esize, msize, sign, bit(insn, 13), a);
}

// Bits 22:21 = 00, 15 = 1 of the 32-bit gather group: SVE2's LDNT1* (vector plus scalar; bits
// 15:14 = 10, U bit 13), the contiguous prefetch (scalar plus scalar; 110, Xm = XZR
// unallocated) and the 32-bit gather prefetch (vector plus immediate; 111).
Outcome gather32_other(uint32_t insn, Context& c) {
  if (!bit(insn, 14)) {
    const unsigned msize = esize_of(bits(insn, 24, 23));
    const bool sign = !bit(insn, 13);
    if (msize > 4 || (msize == 4 && sign)) return Context::undefined();
    Addresses a;
    vector_plus(c, rn(insn), 4, mem::off_reg(c, rm(insn)), a);
    return gather(insn, c, 4, msize, sign, false, a);
  }
  if (!bit(insn, 13) && rm(insn) == 31) return Context::undefined();
  return prefetch(insn);
}

// Bits 22:21 = 00, 15 = 1 of the 64-bit gather group: SVE2's LDNT1* (vector plus scalar; bit 13
// = 0, U bit 14) and the 64-bit gather prefetch (vector plus immediate; bits 14:13 = 11).
Outcome gather64_other(uint32_t insn, Context& c) {
  if (!bit(insn, 13)) {
    unsigned msize = 0;
    bool sign = false;
    if (!gather_sizes(insn, 8, msize, sign)) return Context::undefined();
    Addresses a;
    vector_plus(c, rn(insn), 8, mem::off_reg(c, rm(insn)), a);
    return gather(insn, c, 8, msize, sign, false, a);
  }
  if (!bit(insn, 14)) return Context::undefined();
  return prefetch(insn);
}

// SVE 32- and 64-bit scatter store (scalar plus 32-bit offsets; bits 15:13 = 1x0): xs bit 14,
// bits 22:21 = 11 32-bit scaled, 10 32-bit unscaled, 01 64-bit (unpacked) scaled, 00 64-bit
// unscaled. Scaled bytes and memory elements wider than the register's are unallocated.
Outcome scatter_32off(uint32_t insn, Context& c) {
  const unsigned msz = bits(insn, 24, 23), esize = bit(insn, 22) ? 4 : 8;
  const bool scaled = bit(insn, 21);
  if (esize_of(msz) > esize || (scaled && msz == 0)) return Context::undefined();
  Addresses a;
  scalar_plus_vector(insn, c, esize, true, bit(insn, 14), scaled ? msz : 0, a);
  return scatter(insn, c, esize, esize_of(msz), a);
}

// Bits 15:13 = 101 of the store group: bits 22:21 = 01 64-bit scatter (scalar plus 64-bit
// scaled offsets), 00 its unscaled form, 10 64-bit scatter (vector plus immediate), 11 32-bit
// scatter (vector plus immediate).
Outcome scatter_101(uint32_t insn, Context& c) {
  const unsigned msz = bits(insn, 24, 23), msize = esize_of(msz);
  Addresses a;
  switch (bits(insn, 22, 21)) {
    case 0:
    case 1:
      if (bit(insn, 21) && msz == 0) return Context::undefined();
      scalar_plus_vector(insn, c, 8, false, false, bit(insn, 21) ? msz : 0, a);
      return scatter(insn, c, 8, msize, a);
    case 2:
      vector_plus(c, rn(insn), 8, bits(insn, 20, 16) * msize, a);
      return scatter(insn, c, 8, msize, a);
    default:
      if (msz == 3) return Context::undefined();
      vector_plus(c, rn(insn), 4, bits(insn, 20, 16) * msize, a);
      return scatter(insn, c, 4, msize, a);
  }
}

// SVE2's STNT1* (vector plus scalar; bits 15:13 = 001): bits 22:21 = 00 64-bit elements, 10
// 32-bit ones (no doubleword form); 01 and 11 unallocated.
Outcome stnt1_vs(uint32_t insn, Context& c) {
  if (bit(insn, 21)) return Context::undefined();
  const unsigned msz = bits(insn, 24, 23), esize = bit(insn, 22) ? 4 : 8;
  if (esize_of(msz) > esize) return Context::undefined();
  Addresses a;
  vector_plus(c, rn(insn), esize, mem::off_reg(c, rm(insn)), a);
  return scatter(insn, c, esize, esize_of(msz), a);
}

const Encoding kTable[] = {
    // 32-bit gather and unsized contiguous group (bits 31:25 = 1000010).
    {0xfe008000, 0x84000000, gather32_sv, "SVE 32-bit gather load (scalar plus 32-bit offsets)"},
    {0xfe608000, 0x84208000, gather_vi, "SVE 32-bit gather load (vector plus immediate)"},
    {0xfe608000, 0x84008000, gather32_other, "SVE2 32-bit gather non-temporal load, SVE prefetches"},
    // 64-bit gather group (1100010).
    {0xfe008000, 0xc4000000, gather64_sv, "SVE 64-bit gather load (scalar plus unpacked 32-bit offsets)"},
    {0xfe408000, 0xc4408000, gather64_sv, "SVE 64-bit gather load (scalar plus 64-bit offsets)"},
    {0xfe608000, 0xc4208000, gather_vi, "SVE 64-bit gather load (vector plus immediate)"},
    {0xfe608000, 0xc4008000, gather64_other, "SVE2 64-bit gather non-temporal load, SVE 64-bit gather prefetch"},
    // Store group (1110010).
    {0xfe00a000, 0xe4008000, scatter_32off, "SVE scatter store (scalar plus 32-bit offsets)"},
    {0xfe00e000, 0xe400a000, scatter_101, "SVE scatter store (scalar plus 64-bit offsets, vector plus immediate)"},
    {0xfe00e000, 0xe4002000, stnt1_vs, "SVE2 scatter non-temporal store (vector plus scalar)"},
};

}  // namespace

void add_gather_scatter_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
