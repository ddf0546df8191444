// The SVE decoding table, made once from the groups' tables (most specific encoding first), and
// an instruction's execution.
#include <algorithm>
#include <bit>
#include <vector>

#include "cpu-emu/sve/sve.h"

namespace polyrun::cpu::sve {

namespace {

const std::vector<Encoding>& table() {
  static const std::vector<Encoding> all = [] {
    std::vector<Encoding> v;
    add_int_encodings(v);
    add_predicate_encodings(v);
    add_permute_encodings(v);
    add_memory_encodings(v);
    add_fp_encodings(v);
    add_sve2_encodings(v);
    std::stable_sort(v.begin(), v.end(),
                     [](const Encoding& a, const Encoding& b) {
                       return std::popcount(a.mask) > std::popcount(b.mask);
                     });
    return v;
  }();
  return all;
}

// The words decoded last on this thread (programs run few distinct SVE words, in loops).
struct CacheEntry {
  uint32_t insn = 0;
  const Encoding* enc = nullptr;
  bool valid = false;
};
constexpr unsigned kCacheSize = 1024;
thread_local CacheEntry cache[kCacheSize];

}  // namespace

const Encoding* decode(uint32_t insn) {
  if (!is_sve_space(insn)) return nullptr;
  CacheEntry& e = cache[(insn ^ insn >> 10 ^ insn >> 20) % kCacheSize];
  if (e.valid && e.insn == insn) return e.enc;
  const Encoding* found = nullptr;
  for (const Encoding& enc : table())
    if ((insn & enc.mask) == enc.value) {
      found = &enc;
      break;
    }
  e = {insn, found, true};
  return found;
}

void Context::load(unsigned n) {
  uint8_t v[16];
  m_.read_v(n, v);
  s_.take_v(n, v);
  loaded_ |= 1u << n;
}

void Context::finish() {
  for (uint32_t w = written_; w; w &= w - 1) {
    const unsigned n = static_cast<unsigned>(std::countr_zero(w));
    m_.write_v(n, s_.z[n]);
  }
  written_ = 0;
}

Outcome execute(uint32_t insn, Context& c) {
  const Encoding* enc = decode(insn);
  if (!enc) return Context::undefined();
  const Outcome o = enc->run(insn, c);
  if (o.kind == Outcome::Done) c.state().live = true;
  return o;
}


}  // namespace polyrun::cpu::sve
