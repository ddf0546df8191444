// SVE's contiguous loads and stores: LD1* and ST1* (scalar plus scalar, scalar plus immediate),
// their non-temporal forms LDNT1*/STNT1*, the structure loads and stores LD2–4/ST2–4, the
// replicating loads LD1R*, LD1RQ* and LD1RO*, the first-fault LDFF1* and the non-fault LDNF1*.
//
// Elements are accessed in order; a load writes its registers only once every active element is
// read, a store writes memory only once every active element is known to be accessible.
#include <iterator>

#include "cpu-emu/sve/sve_memory_access.h"

namespace polyrun::cpu::sve {

namespace {

// The register and memory element of a load's dtype field: where the register element is no
// narrower than the memory element the load zero-extends (LD1B … LD1D), otherwise it
// sign-extends (LD1SB, LD1SH, LD1SW), the fields then counting down.
struct DType {
  unsigned esize, msize;
  bool sign;
};
constexpr DType dtype(uint32_t d) {
  const unsigned m = d >> 2, e = d & 3;
  return e >= m ? DType{1u << e, 1u << m, false} : DType{1u << (3 - e), 1u << (3 - m), true};
}

unsigned rt(uint32_t insn) { return bits(insn, 4, 0); }
unsigned rn(uint32_t insn) { return bits(insn, 9, 5); }
unsigned rm(uint32_t insn) { return bits(insn, 20, 16); }
const uint8_t* governing(uint32_t insn, Context& c) { return c.pr(bits(insn, 12, 10)); }
int64_t imm4(uint32_t insn) { return sext(bits(insn, 19, 16), 4); }

// Loads nreg registers' first `bytes` bytes from structures of nreg elements at base (element i
// of register r at base + (i * nreg + r) * msize); inactive elements are zero. False with the
// fault address when an active structure cannot be read.
bool load_structures(Context& c, const uint8_t* pg, uint64_t base, unsigned bytes, unsigned esize, unsigned msize,
                     bool sign, unsigned nreg, uint8_t (*out)[kMaxVl], uint64_t& fault) {
  const unsigned n = bytes / esize, ssize = msize * nreg;
  for (unsigned r = 0; r < nreg; ++r) std::memset(out[r], 0, bytes);
  unsigned first, last;
  bool dense;
  active_span(pg, n, esize, first, last, dense);
  if (first == n) return true;
  // Fast path: the span from the first active structure to the last read at once (inactive
  // ones between them are read too, which changes nothing); per structure where it faults.
  uint8_t span[4 * kMaxVl];
  uint64_t host_fault = 0;
  if (c.machine().read(mem::untag(base + static_cast<uint64_t>(first) * ssize), span, (last + 1 - first) * ssize,
                       host_fault)) {
    if (nreg == 1 && msize == esize && dense) {
      // (The usual case: a whole vector, or WHILELO's first elements.)
      std::memcpy(out[0] + static_cast<size_t>(first) * esize, span, (last + 1 - first) * esize);
      return true;
    }
    for (unsigned i = first; i <= last; ++i)
      if (active(pg, i, esize))
        for (unsigned r = 0; r < nreg; ++r)
          set_elem(out[r], i, esize, mem::extend(span + (i - first) * ssize + r * msize, msize, sign));
    return true;
  }
  for (unsigned i = first; i <= last; ++i) {
    if (!active(pg, i, esize)) continue;
    uint8_t s[32];
    if (!mem::read(c, base + static_cast<uint64_t>(i) * ssize, s, ssize, fault)) return false;
    for (unsigned r = 0; r < nreg; ++r) set_elem(out[r], i, esize, mem::extend(s + r * msize, msize, sign));
  }
  return true;
}

// A load of nreg consecutive registers from Zt (modulo 32).
Outcome load(uint32_t insn, Context& c, uint64_t base, unsigned esize, unsigned msize, bool sign, unsigned nreg) {
  uint8_t out[4][kMaxVl];
  uint64_t fault = 0;
  if (!load_structures(c, governing(insn, c), base, c.vl(), esize, msize, sign, nreg, out, fault))
    return Context::fault(fault, false);
  for (unsigned r = 0; r < nreg; ++r) std::memcpy(c.zw((rt(insn) + r) % 32), out[r], c.vl());
  return Context::done();
}

// LD1* (scalar plus scalar): Xn|SP + Xm * msize; Xm = XZR is unallocated.
Outcome ld1_ss(uint32_t insn, Context& c) {
  if (rm(insn) == 31) return Context::undefined();
  const DType d = dtype(bits(insn, 24, 21));
  return load(insn, c, mem::base_reg(c, rn(insn)) + c.machine().x(rm(insn)) * d.msize, d.esize, d.msize, d.sign, 1);
}

// LD1* (scalar plus immediate): Xn|SP + imm4 * (VL / esize) * msize.
Outcome ld1_si(uint32_t insn, Context& c) {
  const DType d = dtype(bits(insn, 24, 21));
  const int64_t off = imm4(insn) * static_cast<int64_t>(c.vl() / d.esize * d.msize);
  return load(insn, c, mem::base_reg(c, rn(insn)) + static_cast<uint64_t>(off), d.esize, d.msize, d.sign, 1);
}

// LDNT1* and LD2–LD4 (scalar plus scalar): nreg - 1 in bits 22:21, msz in 24:23; Xm scaled by
// the element size; Xm = XZR unallocated.
Outcome ldn_ss(uint32_t insn, Context& c) {
  if (rm(insn) == 31) return Context::undefined();
  const unsigned msize = esize_of(bits(insn, 24, 23)), nreg = bits(insn, 22, 21) + 1;
  return load(insn, c, mem::base_reg(c, rn(insn)) + c.machine().x(rm(insn)) * msize, msize, msize, false, nreg);
}

// LDNT1* and LD2–LD4 (scalar plus immediate): Xn|SP + imm4 * nreg * VL.
Outcome ldn_si(uint32_t insn, Context& c) {
  const unsigned msize = esize_of(bits(insn, 24, 23)), nreg = bits(insn, 22, 21) + 1;
  const int64_t off = imm4(insn) * static_cast<int64_t>(nreg * c.vl());
  return load(insn, c, mem::base_reg(c, rn(insn)) + static_cast<uint64_t>(off), msize, msize, false, nreg);
}

// LD1RQ* / LD1RO*: 16 (bit 21 clear) or 32 bytes loaded under the predicate's first elements,
// replicated through the vector. LD1RO* with a vector shorter than 256 bits is undefined.
Outcome replicate_segment(uint32_t insn, Context& c, uint64_t base) {
  const unsigned msize = esize_of(bits(insn, 24, 23)), bytes = bit(insn, 21) ? 32 : 16;
  if (bytes > c.vl()) return Context::undefined();
  uint8_t seg[1][kMaxVl];
  uint64_t fault = 0;
  if (!load_structures(c, governing(insn, c), base, bytes, msize, msize, false, 1, seg, fault))
    return Context::fault(fault, false);
  uint8_t* z = c.zw(rt(insn));
  for (unsigned k = 0; k < c.vl(); ++k) z[k] = seg[0][k % bytes];
  return Context::done();
}

// LD1RQ*, LD1RO* (scalar plus scalar): Xn|SP + Xm * msize; bits 22:21 = 1x unallocated, as
// Xm = XZR.
Outcome ld1rq_ss(uint32_t insn, Context& c) {
  if (bit(insn, 22) || rm(insn) == 31) return Context::undefined();
  return replicate_segment(insn, c,
                           mem::base_reg(c, rn(insn)) + c.machine().x(rm(insn)) * esize_of(bits(insn, 24, 23)));
}

// LD1RQ*, LD1RO* (scalar plus immediate): Xn|SP + imm4 * 16 (or 32); bits 22:21 = 1x
// unallocated.
Outcome ld1rq_si(uint32_t insn, Context& c) {
  if (bit(insn, 22)) return Context::undefined();
  const int64_t off = imm4(insn) * (bit(insn, 21) ? 32 : 16);
  return replicate_segment(insn, c, mem::base_reg(c, rn(insn)) + static_cast<uint64_t>(off));
}

// LD1R* (load and broadcast element): Xn|SP + imm6 * msize, read only if some element is
// active; dtype in bits 24:23 and 14:13; inactive elements zero.
Outcome ld1r(uint32_t insn, Context& c) {
  const DType d = dtype(bits(insn, 24, 23) << 2 | bits(insn, 14, 13));
  const uint8_t* pg = governing(insn, c);
  const unsigned n = c.vl() / d.esize;
  uint8_t out[kMaxVl] = {};
  unsigned first, last;
  bool dense;
  active_span(pg, n, d.esize, first, last, dense);
  if (first < n) {
    const uint64_t addr = mem::base_reg(c, rn(insn)) + bits(insn, 21, 16) * d.msize;
    uint8_t m[8];
    uint64_t fault = 0;
    if (!mem::read(c, addr, m, d.msize, fault)) return Context::fault(mem::host_fault_address(fault), false);
    const uint64_t v = mem::extend(m, d.msize, d.sign);
    for (unsigned i = 0; i < n; ++i)
      if (active(pg, i, d.esize)) set_elem(out, i, d.esize, v);
  }
  std::memcpy(c.zw(rt(insn)), out, c.vl());
  return Context::done();
}

// LDFF1* (scalar plus scalar) and LDNF1*: the first active element of a first-fault load may
// fault; every other element, and every element of a non-fault load, that is not loaded clears
// FFR from its bit on. Which ones are loaded is the implementation's choice; this is qemu 7.2's
// (the reference): the elements up to the end of the base's page are loaded, none beyond it
// (FFR cleared from the first active one there), and an element that crosses into the next page
// only when it is the first active one.
Outcome load_speculative(uint32_t insn, Context& c, uint64_t base, const DType& d, bool first_fault) {
  const uint8_t* pg = governing(insn, c);
  const unsigned esize = d.esize, msize = d.msize, n = c.vl() / esize;
  uint8_t out[kMaxVl] = {};
  // Ends the load: the destination, and FFR cleared from element `stop` on (n: none).
  auto finish = [&](unsigned stop) {
    std::memcpy(c.zw(rt(insn)), out, c.vl());
    if (stop < n) mem::clear_ffr_from(c, stop * esize);
    return Context::done();
  };
  auto load_elem = [&](unsigned i, uint64_t& fault) {
    uint8_t m[8];
    if (!mem::read(c, base + static_cast<uint64_t>(i) * msize, m, msize, fault)) return false;
    set_elem(out, i, esize, mem::extend(m, msize, d.sign));
    return true;
  };
  auto page_valid = [&](uint64_t addr) {
    uint8_t b;
    uint64_t f;
    return c.machine().read(mem::untag(addr), &b, 1, f);
  };
  unsigned first, last;
  bool dense;
  active_span(pg, n, esize, first, last, dense);
  if (first == n) return finish(n);
  uint64_t fault = 0;
  const uint64_t first_addr = base + static_cast<uint64_t>(first) * msize;
  const uint64_t page_split = mem::kPage - (base & (mem::kPage - 1));  // bytes to the end of base's page
  const bool one_page = static_cast<uint64_t>(last) * msize + msize <= page_split;
  // Where the active elements reach past base's page: the element that crosses into the next
  // page (if active: `split`), and the first active element wholly on it (`first1`).
  const unsigned elt_split = one_page ? n : static_cast<unsigned>(page_split / msize);
  const bool crossing = !one_page && page_split % msize != 0;
  const unsigned split = crossing && active(pg, elt_split, esize) ? elt_split : n;
  unsigned first1 = n;
  if (!one_page && split != last)
    for (unsigned i = elt_split + (crossing ? 1 : 0); i <= last; ++i)
      if (active(pg, i, esize)) {
        first1 = i;
        break;
      }
  // The first active element's page decides whether anything is loaded.
  if (!page_valid(first_addr)) {
    if (first_fault) return Context::fault(mem::untag(first_addr), false);
    return finish(first);
  }
  if (split < n) {
    const uint64_t second = base + page_split;
    // A first-fault load's first element that crosses into an inaccessible page faults (a
    // non-fault load's is loaded regardless, and faults: qemu 7.2's); a later crossing element
    // on an inaccessible page stops a non-fault load before its first element.
    if (!page_valid(second)) {
      if (first == split && first_fault) return Context::fault(mem::untag(second), false);
      if (first < split && !first_fault) return finish(first);
    }
  }
  if (first == split) {
    // The first active element crosses the pages: loaded (a fault of its second page is taken).
    if (!load_elem(first, fault)) return Context::fault(fault, false);
    return finish(first1);
  }
  // The elements wholly on the first page, from the first active one (loaded at least once).
  // qemu 7.2 reads the predicate of each run of elements up to a 64-bit boundary of the
  // predicate as the 64 bits from the byte of the run's first element's bit, and tests element
  // i's bit number (i * esize) % 64 in them; the elements it loads are those it finds so.
  const unsigned stop = one_page ? last + 1 : elt_split;  // one past the last element walked
  unsigned i = first;
  do {
    const unsigned byte = i * esize / 8;
    uint64_t word = 0;
    for (unsigned k = 0; k < 8; ++k)
      if (byte + k < c.pl()) word |= static_cast<uint64_t>(pg[byte + k]) << (8 * k);
    do {
      if ((word >> (i * esize % 64) & 1) && !load_elem(i, fault)) {
        if (first_fault && i == first) return Context::fault(fault, false);
        return finish(i);
      }
      ++i;
    } while (i < stop && i * esize % 64 != 0);
  } while (i < stop);
  if (one_page) return finish(n);
  return finish(split < n ? split : first1);
}

// LDFF1* (scalar plus scalar): Xn|SP + Xm * msize (Xm = XZR allowed).
Outcome ldff1(uint32_t insn, Context& c) {
  const DType d = dtype(bits(insn, 24, 21));
  return load_speculative(insn, c, mem::base_reg(c, rn(insn)) + mem::off_reg(c, rm(insn)) * d.msize, d, true);
}

// LDNF1*: Xn|SP + imm4 * (VL / esize) * msize.
Outcome ldnf1(uint32_t insn, Context& c) {
  const DType d = dtype(bits(insn, 24, 21));
  const int64_t off = imm4(insn) * static_cast<int64_t>(c.vl() / d.esize * d.msize);
  return load_speculative(insn, c, mem::base_reg(c, rn(insn)) + static_cast<uint64_t>(off), d, false);
}

// A store of nreg consecutive registers from Zt as structures at base, each register element
// truncated to msize bytes. Memory is written once every active structure is accessible.
Outcome store(uint32_t insn, Context& c, uint64_t base, unsigned esize, unsigned msize, unsigned nreg) {
  const uint8_t* pg = governing(insn, c);
  const unsigned n = c.vl() / esize, ssize = msize * nreg;
  unsigned first, last;
  bool dense;
  active_span(pg, n, esize, first, last, dense);
  if (first == n) return Context::done();
  // Every active structure accessible: the span from the first to the last at once where it
  // reads (the usual case), else structure by structure for the fault address.
  uint8_t span[4 * kMaxVl];
  uint64_t fault = 0;
  if (!c.machine().read(mem::untag(base + static_cast<uint64_t>(first) * ssize), span, (last + 1 - first) * ssize,
                        fault))
    for (unsigned i = first; i <= last; ++i)
      if (active(pg, i, esize) && !mem::accessible(c, base + static_cast<uint64_t>(i) * ssize, ssize, fault))
        return Context::fault(fault, true);
  const uint8_t* src[4];
  for (unsigned r = 0; r < nreg; ++r) src[r] = c.zr((rt(insn) + r) % 32);
  if (nreg == 1 && msize == esize && dense) {  // (the usual case)
    if (!mem::write(c, base + static_cast<uint64_t>(first) * esize, src[0] + static_cast<size_t>(first) * esize,
                    (last + 1 - first) * esize, fault))
      return Context::fault(fault, true);
    return Context::done();
  }
  // Each run of consecutive active structures written at once; inactive ones are not touched.
  for (unsigned i = first; i <= last;) {
    if (!active(pg, i, esize)) {
      ++i;
      continue;
    }
    const unsigned start = i;
    for (; i <= last && active(pg, i, esize); ++i)
      for (unsigned r = 0; r < nreg; ++r)
        std::memcpy(span + (i - start) * ssize + r * msize, src[r] + static_cast<size_t>(i) * esize, msize);
    if (!mem::write(c, base + static_cast<uint64_t>(start) * ssize, span, (i - start) * ssize, fault))
      return Context::fault(fault, true);
  }
  return Context::done();
}

// ST1* (contiguous): msz in bits 24:23, the register element size in 22:21, at least msz (the
// 32-bit store from 16-bit elements and the 64-bit one from 32-bit elements unallocated too).
bool st1_sizes(uint32_t insn, unsigned& esize, unsigned& msize) {
  const unsigned msz = bits(insn, 24, 23), esz = bits(insn, 22, 21);
  if (esz < msz) return false;
  esize = esize_of(esz), msize = esize_of(msz);
  return true;
}

// ST1* (scalar plus scalar): Xn|SP + Xm * msize; Xm = XZR unallocated.
Outcome st1_ss(uint32_t insn, Context& c) {
  unsigned esize = 0, msize = 0;
  if (!st1_sizes(insn, esize, msize) || rm(insn) == 31) return Context::undefined();
  return store(insn, c, mem::base_reg(c, rn(insn)) + c.machine().x(rm(insn)) * msize, esize, msize, 1);
}

// ST1* (scalar plus immediate): Xn|SP + imm4 * (VL / esize) * msize.
Outcome st1_si(uint32_t insn, Context& c) {
  unsigned esize = 0, msize = 0;
  if (!st1_sizes(insn, esize, msize)) return Context::undefined();
  const int64_t off = imm4(insn) * static_cast<int64_t>(c.vl() / esize * msize);
  return store(insn, c, mem::base_reg(c, rn(insn)) + static_cast<uint64_t>(off), esize, msize, 1);
}

// STNT1* and ST2–ST4 (scalar plus scalar): nreg - 1 in bits 22:21; Xm = XZR unallocated.
Outcome stn_ss(uint32_t insn, Context& c) {
  if (rm(insn) == 31) return Context::undefined();
  const unsigned msize = esize_of(bits(insn, 24, 23)), nreg = bits(insn, 22, 21) + 1;
  return store(insn, c, mem::base_reg(c, rn(insn)) + c.machine().x(rm(insn)) * msize, msize, msize, nreg);
}

// STNT1* and ST2–ST4 (scalar plus immediate): Xn|SP + imm4 * nreg * VL.
Outcome stn_si(uint32_t insn, Context& c) {
  const unsigned msize = esize_of(bits(insn, 24, 23)), nreg = bits(insn, 22, 21) + 1;
  const int64_t off = imm4(insn) * static_cast<int64_t>(nreg * c.vl());
  return store(insn, c, mem::base_reg(c, rn(insn)) + static_cast<uint64_t>(off), msize, msize, nreg);
}

const Encoding kLoads[] = {
    {0xfe00e000, 0xa4004000, ld1_ss, "SVE contiguous load (scalar plus scalar)"},
    {0xfe00e000, 0xa4006000, ldff1, "SVE contiguous first-fault load (scalar plus scalar)"},
    {0xfe10e000, 0xa400a000, ld1_si, "SVE contiguous load (scalar plus immediate)"},
    {0xfe10e000, 0xa410a000, ldnf1, "SVE contiguous non-fault load (scalar plus immediate)"},
    {0xfe00e000, 0xa400c000, ldn_ss, "SVE contiguous non-temporal / multiple structures load (scalar plus scalar)"},
    {0xfe10e000, 0xa400e000, ldn_si, "SVE contiguous non-temporal / multiple structures load (scalar plus immediate)"},
    {0xfe00e000, 0xa4000000, ld1rq_ss, "SVE load and broadcast quadword / octword (scalar plus scalar)"},
    {0xfe10e000, 0xa4002000, ld1rq_si, "SVE load and broadcast quadword / octword (scalar plus immediate)"},
    {0xfe408000, 0x84408000, ld1r, "SVE load and broadcast element"},
};

const Encoding kStores[] = {
    {0xfe00e000, 0xe4004000, st1_ss, "SVE contiguous store (scalar plus scalar)"},
    {0xfe10e000, 0xe400e000, st1_si, "SVE contiguous store (scalar plus immediate)"},
    {0xfe00e000, 0xe4006000, stn_ss, "SVE contiguous non-temporal / multiple structures store (scalar plus scalar)"},
    {0xfe10e000, 0xe410e000, stn_si, "SVE contiguous non-temporal / multiple structures store (scalar plus immediate)"},
};

}  // namespace

void add_contiguous_load_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kLoads), std::end(kLoads));
}
void add_contiguous_store_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kStores), std::end(kStores));
}

}  // namespace polyrun::cpu::sve
