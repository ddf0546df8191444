// aarch64's Scalable Vector Extension (SVE and SVE2) executed by polyrun: the engine has no SVE
// it can run (cpu-emu/README.md), so every SVE instruction reaches the engine's undefined-
// instruction exception and is executed here, on polyrun's own copy of the scalable registers.
//
// Nothing here knows the engine: an instruction sees the rest of the CPU (general registers,
// flags, FPCR/FPSR, memory, the low 128 bits of each Z register, which are the engine's V
// registers) through Machine, and its own registers through Context. The engine's side is
// cpu-emu/aarch64_sve_engine.cpp; the decoding table is sve_decode.cpp, fed by one file per
// group of instructions (sve_*.cpp; README.md lists which holds what).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace polyrun::cpu::sve {

// The architecture's largest vector length, in bytes (2048 bits).
constexpr unsigned kMaxVl = 256;
// The vector length a CPU starts with where none is chosen: qemu-user's (its `max` CPU's
// sve-default-vector-length, 64 bytes).
constexpr unsigned kDefaultVl = 64;

// The scalable registers of one CPU (one guest thread). Z registers hold vl bytes; their low 16
// are the engine's V registers, which Context keeps in step. Predicates hold vl / 8 bytes.
struct State {
  unsigned vl = kDefaultVl;  // bytes: a multiple of 16, at most kMaxVl
  alignas(64) uint8_t z[32][kMaxVl];
  uint8_t p[16][kMaxVl / 8];
  uint8_t ffr[kMaxVl / 8];
  // Some SVE instruction ran since the state was last discarded (a syscall discards all but the
  // low 128 bits of each Z register, as Linux does: Documentation/arch/arm64/sve.rst).
  bool live = false;
  State() { clear(); }
  // Z n brought in step with V n as the engine holds it: a V register whose value differs from
  // Z n's low 128 bits was written by Advanced SIMD or FP since, which zeroes the rest of Z n.
  void take_v(unsigned n, const uint8_t v[16]) {
    if (std::memcmp(v, z[n], 16) == 0) return;
    std::memcpy(z[n], v, 16);
    std::memset(z[n] + 16, 0, kMaxVl - 16);
  }
  // Everything zero: the state after a syscall or a change of vector length.
  void clear() {
    std::memset(z, 0, sizeof z);
    std::memset(p, 0, sizeof p);
    std::memset(ffr, 0, sizeof ffr);
  }
};

// What an SVE instruction sees of the rest of the CPU.
class Machine {
 public:
  virtual ~Machine() = default;
  // General registers: n = 31 is xzr for x() and set_x() (a write there is dropped); sp() and
  // set_sp() for the stack pointer where an encoding names it.
  virtual uint64_t x(unsigned n) = 0;
  virtual void set_x(unsigned n, uint64_t value) = 0;
  virtual uint64_t sp() = 0;
  virtual void set_sp(uint64_t value) = 0;
  // NZCV in bits 31:28, as MRS NZCV gives it.
  virtual uint32_t nzcv() = 0;
  virtual void set_nzcv(uint32_t nzcv) = 0;
  virtual uint32_t fpcr() = 0;
  // ORs cumulative floating-point exception flags into FPSR (IOC 0, DZC 1, OFC 2, UFC 3, IXC 4,
  // IDC 7).
  virtual void raise_fp_flags(uint32_t bits) = 0;
  // The low 128 bits of Z register n, which the rest of the CPU (Advanced SIMD and FP) shares.
  virtual void read_v(unsigned n, uint8_t out[16]) = 0;
  virtual void write_v(unsigned n, const uint8_t in[16]) = 0;
  // Guest memory: false when the access faults (nothing or part of it done); `fault_addr` then
  // holds the first address that faulted.
  virtual bool read(uint64_t addr, void* out, size_t len, uint64_t& fault_addr) = 0;
  virtual bool write(uint64_t addr, const void* in, size_t len, uint64_t& fault_addr) = 0;
};

// How an instruction ended.
struct Outcome {
  enum Kind { Done, Undefined, MemoryFault };
  Kind kind = Done;
  uint64_t fault_addr = 0;  // MemoryFault
  bool write = false;       // MemoryFault: a store
};

// One instruction's view of the registers: the Z registers it reads are brought in step with
// the engine's V registers first (an Advanced SIMD or FP write of V n zeroes the rest of Z n,
// as the architecture says: seen here as low bits that differ from polyrun's copy), and those
// it writes go back to the engine's V registers when it ends (finish()).
class Context {
 public:
  Context(State& s, Machine& m) : s_(s), m_(m) {}
  State& state() { return s_; }
  Machine& machine() { return m_; }
  unsigned vl() const { return s_.vl; }
  unsigned pl() const { return s_.vl / 8; }  // predicate bytes
  // Z register n, to read (zr) or to write (zw; its old value is there too, for merging).
  const uint8_t* zr(unsigned n) {
    if (!(loaded_ >> n & 1)) load(n);
    return s_.z[n];
  }
  uint8_t* zw(unsigned n) {
    if (!(loaded_ >> n & 1)) load(n);
    written_ |= 1u << n;
    return s_.z[n];
  }
  // Predicate n (0–15) and FFR; writes of the whole register.
  const uint8_t* pr(unsigned n) const { return s_.p[n]; }
  uint8_t* pw(unsigned n) { return s_.p[n]; }
  const uint8_t* ffr() const { return s_.ffr; }
  uint8_t* ffr_w() { return s_.ffr; }
  // Ends the instruction: the written Z registers' low 128 bits go to the engine's V registers.
  void finish();

  // Outcomes.
  static Outcome done() { return {}; }
  static Outcome undefined() { return {Outcome::Undefined}; }
  static Outcome fault(uint64_t addr, bool write) { return {Outcome::MemoryFault, addr, write}; }

 private:
  void load(unsigned n);
  State& s_;
  Machine& m_;
  uint32_t loaded_ = 0, written_ = 0;
};

// An SVE instruction's execution: `insn` is the instruction word.
using Handler = Outcome (*)(uint32_t insn, Context& c);

// One encoding: the words w with (w & mask) == value. Where encodings overlap the one with more
// bits in its mask decides (so an alias or an exception carved out of a wider class is listed
// as its own encoding).
struct Encoding {
  uint32_t mask, value;
  Handler run;
  const char* name;  // the instruction class, as the Arm ARM names it
};

// Whether the word lies in SVE's part of the A64 encoding space (op0 = x010: bits 28:25 = 0010).
constexpr bool is_sve_space(uint32_t insn) { return (insn & 0x1e000000u) == 0x04000000u; }

// The encoding that decodes the word (null: none, an undefined instruction here).
const Encoding* decode(uint32_t insn);

// Executes the instruction (an SVE or SVE2 one; anything else is Undefined) in a context that may
// run several instructions in a row (the engine's V registers read once, written back by the
// caller's Context::finish() when the run ends). Registers the instruction writes are left
// unchanged when it ends in a memory fault before completing.
Outcome execute(uint32_t insn, Context& c);

// The encodings of each group of instructions, added to the decoding table by the group's
// files (README.md).
void add_int_encodings(std::vector<Encoding>& out);        // integer arithmetic, logical, shifts, reductions
void add_predicate_encodings(std::vector<Encoding>& out);  // predicates, compares, counts, WHILE, FFR
void add_permute_encodings(std::vector<Encoding>& out);    // permutes, DUP, INDEX, element moves
void add_memory_encodings(std::vector<Encoding>& out);     // loads, stores, gathers, scatters, prefetches
void add_fp_encodings(std::vector<Encoding>& out);         // floating point (SVE and SVE2)
void add_sve2_encodings(std::vector<Encoding>& out);       // SVE2's integer, crypto and bit-permute instructions

}  // namespace polyrun::cpu::sve
