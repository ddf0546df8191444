// s390x on Unicorn (2.1.1): engine mode, CPU model, register mapping and the program
// interruptions the engine reports. docs/s390x-engine.md has the measurements behind each choice.
//
// - The model is the engine's "qemu" CPU: a hardware model would advertise CPACF functions whose
//   use aborts the host process.
// - The engine starts in 24-bit supervisor state with CR0's AFP and vector controls off. init()
//   runs `lctlg %c0` once from a scratch page and then puts the PSW in 64-bit problem state, so
//   that privileged instructions are privileged-operation exceptions, as under Linux.
// - `svc` comes to the interrupt hook as interrupt 2 with the pc at the svc (svc is always two
//   bytes: UnicornIsa::syscall_pc_advance); program interruptions come as interrupt 3.
// - Memory is reached through the virtual TLB (UnicornIsa::virtual_tlb): a refused access stops
//   the engine at the faulting instruction with its page known, where the engine's own checks give
//   neither.
// - 2.1.1's register API reads and writes general registers for A0-A15 and has no floating-point,
//   FPC or program-interruption-code registers: those are read and written in a saved uc_context,
//   at offsets init() verifies on the engine itself.
#include <unicorn/unicorn.h>

#include <algorithm>
#include <iterator>
#include <memory>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cpu-emu/s390x_missing.h"
#include "cpu-emu/s390x_regs.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

constexpr uint32_t kSvc = 2;  // EXCP_SVC
constexpr uint32_t kPgm = 3;  // EXCP_PGM

constexpr uint64_t kPswEaBa = 0x0000000180000000ull;  // 64-bit addressing
constexpr uint64_t kPswProblem = 0x0001000000000000ull;
constexpr uint64_t kPswUser = kPswEaBa | kPswProblem;
constexpr uint64_t kCr0 = 0xe0 | 0x40000 | 0x20000;  // the reset value with AFP and vector enabled

// Where the engine's CPUS390XState lies in a saved uc_context (Unicorn 2.1.1 on a 64-bit host:
// the context's 20-byte header, then the state): registers, vector registers (f<n> is the high
// half of v<n>), access registers, fpc, the PSW and the program-interruption code.
constexpr size_t kEnv = 20;
constexpr size_t kRegs = kEnv + 0;
constexpr size_t kVregs = kEnv + 128;
constexpr size_t kAregs = kEnv + 640;
constexpr size_t kFpc = kEnv + 756;
constexpr size_t kTininess = kEnv + 765;      // fpu_status.float_detect_tininess
constexpr size_t kRoundingMode = kEnv + 766;  // fpu_status.float_rounding_mode, softfloat's copy
constexpr size_t kPswAddr = kEnv + 792;
constexpr size_t kPgmCode = kEnv + 848;

// A saved context of the engine, edited and restored where a register has no API. (Its memory is
// the engine's own allocation, freed with it: a spare kept per thread for the next instruction
// run_missing executes outlives a thread or process that ends without destroying its CPU, where
// the sanitizer builds' leak checker finds it.)
class Context {
 public:
  explicit Context(uc_engine* uc) : uc_(uc) {
    if (uc_context_alloc(uc, &ctx_) != UC_ERR_OK) throw std::runtime_error("cannot save the s390x engine's state");
    size_ = uc_context_size(uc);
    uc_context_save(uc, ctx_);
  }
  ~Context() { uc_context_free(ctx_); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  template <typename T>
  T get(size_t off) const {
    T v{};
    if (off + sizeof v <= size_) std::memcpy(&v, reinterpret_cast<const char*>(ctx_) + off, sizeof v);
    return v;
  }
  template <typename T>
  void set(size_t off, T v) {
    if (off + sizeof v <= size_) std::memcpy(reinterpret_cast<char*>(ctx_) + off, &v, sizeof v);
  }
  void restore() { uc_context_restore(uc_, ctx_); }
  // Bytes [off, off + len) of the saved state, copied out or in.
  void read(size_t off, void* out, size_t len) const {
    if (off + len <= size_) std::memcpy(out, reinterpret_cast<const char*>(ctx_) + off, len);
  }
  void write(size_t off, const void* in, size_t len) {
    if (off + len <= size_) std::memcpy(reinterpret_cast<char*>(ctx_) + off, in, len);
  }

 private:
  uc_engine* uc_;
  uc_context* ctx_ = nullptr;
  size_t size_ = 0;
};

// FPC's rounding-mode field (bits 29-31) as the engine's softfloat rounding modes: nearest even,
// toward zero, up, down, three invalid values, to odd (prepare for shorter precision).
constexpr int8_t kFpcRounding[8] = {0, 3, 2, 1, -1, -1, -1, 5};

InterruptMeaning classify(uint32_t intno) {
  return intno == kSvc ? InterruptMeaning::Syscall : InterruptMeaning::Other;
}

// An operand of an instruction polyrun executed (run_missing) that the program may not read: its
// address, for the translation or protection exception reported in its place (this thread's;
// taken by describe_exception).
struct MissingFault {
  bool pending = false;
  uint64_t addr = 0;
};
thread_local MissingFault missing_fault;

// Program interruptions (Principles of Operation's interruption codes) as traps, the pc at the
// instruction. What Linux makes of each (arch/s390/kernel/traps.c, fault.c) is the personality's.
bool describe_exception(uc_engine* uc, uint32_t intno, Trap& t) {
  if (intno != kPgm) return false;
  const Context c(uc);
  const uint32_t code = c.get<uint32_t>(kPgmCode) & 0x7f;  // without the PER bit
  const uint32_t fpc = c.get<uint32_t>(kFpc);
  switch (code) {
    case 0x01:  // operation
    case 0x03:  // execute
    case 0x06:  // specification
      t.kind = TrapKind::IllegalInstruction;
      return true;
    case 0x02:  // privileged operation
      t.kind = TrapKind::PrivilegedInstruction;
      return true;
    case 0x07: {  // data: the data-exception code (DXC) is fpc's second byte
      const uint32_t dxc = (fpc >> 8) & 0xff;
      if ((dxc & 0x03) == 0 && (dxc & 0xf8)) {
        // An IEEE exception: invalid (0x80), divide by zero (0x40), overflow (0x20), underflow
        // (0x10), inexact (0x08), as x87 status bits.
        t.kind = TrapKind::FloatingPoint;
        t.code = (dxc & 0x80 ? 1u : 0u) | (dxc & 0x40 ? 4u : 0u) | (dxc & 0x20 ? 8u : 0u) |
                 (dxc & 0x10 ? 16u : 0u) | (dxc & 0x08 ? 32u : 0u);
        return true;
      }
      t.kind = TrapKind::IllegalInstruction;
      return true;
    }
    case 0x08:  // fixed-point overflow
    case 0x0a:  // decimal overflow
      t.kind = TrapKind::Overflow;
      return true;
    case 0x09:  // fixed-point divide
    case 0x0b:  // decimal divide
      t.kind = TrapKind::DivideError;
      return true;
    case 0x0c: case 0x0d: case 0x0e: case 0x0f:  // HFP exponent overflow, underflow, significance, divide
      t.kind = TrapKind::FloatingPoint;
      t.code = code == 0x0c ? 8u : code == 0x0d ? 16u : code == 0x0e ? 32u : 4u;  // (as x87 status bits)
      return true;
    case 0x1b: {  // vector processing: the vector-exception code (VXC) is in the DXC's place
      const uint32_t vic = (fpc >> 8) & 0x0f;  // (its high nibble is the element's index)
      t.kind = TrapKind::FloatingPoint;
      t.code = vic == 1 ? 1u : vic == 2 ? 4u : vic == 3 ? 8u : vic == 4 ? 16u : vic == 5 ? 32u : 0u;  // (x87 status bits)
      return true;
    }
    case 0x12:  // translation specification
    case 0x13:  // special operation
    case 0x15:  // operand
      t.kind = TrapKind::IllegalInstruction;
      return true;
    case 0x04:  // protection
    case 0x05:  // addressing
    case 0x10:  // segment translation
    case 0x11:  // page translation
    case 0x38: case 0x39: case 0x3a: case 0x3b:  // ASCE type, region first/second/third translation
      t.kind = TrapKind::MemoryFault;
      t.unmapped = code != 0x04;
      if (missing_fault.pending) {  // (an operand of an instruction run_missing executed)
        missing_fault.pending = false;
        t.fault_addr = missing_fault.addr;
        t.access = Access::Read;
      }
      return true;
    default:
      return false;
  }
}

// One run of code from a scratch page, far above any guest mapping (the engine takes 64-bit
// addresses up to 0xfffffffffff00000). It stays mapped: an engine that unmaps a region before
// mapping others may later fail to map one again (its RAM block list keeps what it freed).
constexpr uint64_t kScratch = 0xfffffffffff00000ull;
void run_stub(uc_engine* uc, const uint8_t* code, size_t len) {
  if (uc_mem_write(uc, kScratch, code, len) != UC_ERR_OK || uc_emu_start(uc, kScratch, kScratch + len, 0, 0) != UC_ERR_OK)
    throw std::runtime_error("cannot set the s390x engine up");
}

void init(uc_engine* uc) {
  // Every engine's first use fills one static feature bitmap the engine shares between them:
  // engines are made one at a time.
  static std::mutex creation;
  std::lock_guard<std::mutex> hold(creation);
  uint64_t v = kPswEaBa;
  uc_reg_write(uc, UC_S390X_REG_PSWM, &v);
  if (uc_mem_map(uc, kScratch, 4096, UC_PROT_ALL) != UC_ERR_OK) throw std::runtime_error("cannot set the s390x engine up");
  const uint64_t cr0_be = __builtin_bswap64(kCr0);
  uc_mem_write(uc, kScratch + 0x800, &cr0_be, 8);
  v = kScratch + 0x800;
  uc_reg_write(uc, UC_S390X_REG_R2, &v);
  const uint8_t lctlg[] = {0xeb, 0x00, 0x20, 0x00, 0x00, 0x2f};  // lctlg %c0,%c0,0(%r2)
  run_stub(uc, lctlg, sizeof lctlg);
  v = kPswUser;
  uc_reg_write(uc, UC_S390X_REG_PSWM, &v);

  // The context offsets, checked: marks put where the register API and unprivileged instructions
  // reach them are looked for where the offsets say.
  const uint64_t mark = 0x1122334455667788ull;
  v = mark;
  uc_reg_write(uc, UC_S390X_REG_R3, &v);
  v = 1;  // round toward zero
  uc_reg_write(uc, UC_S390X_REG_R4, &v);
  const uint8_t marks[] = {0xb2, 0x4e, 0x00, 0x03,   // sar %a0,%r3
                           0xb3, 0xc1, 0x00, 0xf3,   // ldgr %f15,%r3
                           0xb3, 0x84, 0x00, 0x40};  // sfpc %r4
  run_stub(uc, marks, sizeof marks);
  const uint64_t end = kScratch + sizeof marks;
  {
    const Context c(uc);
    if (c.get<uint64_t>(kRegs + 3 * 8) != mark || c.get<uint32_t>(kAregs) != 0x55667788u ||
        c.get<uint64_t>(kVregs + 15 * 16) != mark || c.get<uint32_t>(kFpc) != 1 ||
        c.get<int8_t>(kRoundingMode) != kFpcRounding[1] || c.get<uint64_t>(kPswAddr) != end)
      throw std::runtime_error("the s390x engine's saved state is not laid out as in Unicorn 2.1.1");
  }
  // Tininess is detected before rounding, as the Principles of Operation has it (and qemu, and
  // polyrun's own floating point: s390x_bfp.cpp); the engine's softfloat detects it after unless
  // told. Checked on the engine: LOAD ROUNDED of a long value just below the smallest normal short
  // one, which rounds up to it, is tiny before rounding (underflow flagged with inexact).
  {
    Context c(uc);
    const int8_t before = c.get<int8_t>(kTininess);
    c.set<int8_t>(kTininess, 1);  // float_tininess_before_rounding
    c.restore();
    v = 0x380fffffffffffffull;
    uc_reg_write(uc, UC_S390X_REG_R3, &v);
    const uint8_t ledbr[] = {0xb3, 0x84, 0x00, 0x00,   // sfpc %r0 (r0 is 0)
                             0xb3, 0xc1, 0x00, 0x03,   // ldgr %f0,%r3
                             0xb3, 0x44, 0x00, 0x00,   // ledbr %f0,%f0
                             0xb3, 0x8c, 0x00, 0x30,   // efpc %r3
                             0xb3, 0xc1, 0x00, 0x00};  // ldgr %f0,%r0
    v = 0;
    uc_reg_write(uc, UC_S390X_REG_R0, &v);
    run_stub(uc, ledbr, sizeof ledbr);
    uc_reg_read(uc, UC_S390X_REG_R3, &v);
    if ((v & 0x00f80000) != 0x00180000) {  // not this engine's field: as it was
      Context back(uc);
      back.set<int8_t>(kTininess, before);
      back.restore();
    }
  }
  v = 0;
  for (int id = UC_S390X_REG_R0; id <= UC_S390X_REG_R15; ++id) uc_reg_write(uc, id, &v);
  const uint8_t clear[] = {0xb3, 0x84, 0x00, 0x00,   // sfpc %r0
                           0xb2, 0x4e, 0x00, 0x00,   // sar %a0,%r0
                           0xb3, 0xc1, 0x00, 0xf0};  // ldgr %f15,%r0
  run_stub(uc, clear, sizeof clear);
}

// Where a vector register half (s390x::VL0 … VL31) lies in the saved state: vregs[n][0] is the
// high doubleword (f<n> for n < 16), vregs[n][1] the low one.
size_t vector_half(int id) {
  if (id < s390x::VH16) return kVregs + static_cast<size_t>(id - s390x::VL0) * 16 + 8;
  if (id < s390x::VL16) return kVregs + static_cast<size_t>(id - s390x::VH16 + 16) * 16;
  return kVregs + static_cast<size_t>(id - s390x::VL16 + 16) * 16 + 8;
}

// The facility list STORE FACILITY LIST EXTENDED stores (bit n of the list: facility n, from
// the left of doubleword 0): the facilities whose instructions run, the engine's and those polyrun
// executes (docs/cpu-features.md lists them):
//   0 N3, 1-2 z/Architecture installed and active, 7 STFLE (executed by polyrun: the engine's
//   stores nothing), 17 message-security assist (its query functions), 18-19 long displacement,
//   21 extended immediate, 22 and 30 extended translation 3 and its enhancement, 25 STORE CLOCK
//   FAST (executed by polyrun: the engine's clock is 0), 34 general-instructions extension, 35
//   execute extensions, 37 floating-point extension, 41 floating-point-support enhancement, 45
//   distinct operands, high word (RISBHG and RISBLG executed by polyrun: the engine's insert at
//   the wrong bits), interlocked access 1, load/store on condition 1 and population count, 49
//   execution hint, load and trap, miscellaneous-instruction extensions 1, 53 load/store on
//   condition 2 and load and zero rightmost byte, 57 message-security-assist extension 5 (query),
//   58 miscellaneous-instruction extensions 2 (polyrun: s390x_missing.cpp), 129 vector, 135
//   vector enhancements 1 (polyrun: s390x_missing.cpp).
// The z13 model's list has neither 58 nor 135, which z14 added.
constexpr int kFacilityBits[] = {0, 1, 2, 7, 17, 18, 19, 21, 22, 25, 30, 34, 35, 37, 41, 45, 49, 53, 57, 58, 129, 135};
constexpr int kZ14Facilities[] = {58, 135};
constexpr unsigned kFacilityDoublewords = 3;

// A CPU's model: its facility list (UnicornIsa::new_model_state).
class FacilityModel final : public ModelState {
 public:
  explicit FacilityModel(bool z14) {
    for (int bit : kFacilityBits) {
      if (!z14 && std::find(std::begin(kZ14Facilities), std::end(kZ14Facilities), bit) != std::end(kZ14Facilities)) continue;
      list_[bit / 64] |= 1ull << (63 - bit % 64);
    }
  }
  uint64_t doubleword(unsigned n) const { return list_[n]; }

 private:
  uint64_t list_[kFacilityDoublewords] = {};
};

uint64_t facility_doubleword(ModelState* state, unsigned n) { return static_cast<FacilityModel*>(state)->doubleword(n); }

std::unique_ptr<ModelState> new_model_state(uc_engine*, const CpuOptions& options) {
  return std::make_unique<FacilityModel>(options.model != "z13");
}

// Instructions polyrun executes in every process, where the engine's are wrong (find_emulated,
// run_emulated), all found by their opcode at a halfword boundary:
// - STORE CLOCK (B205), STORE CLOCK FAST (B27C) and STORE CLOCK EXTENDED (B278), S format with
//   the operand at D2(B2): the engine's helper stores 0 (it has no time-of-day clock), so polyrun
//   stores the host's: the TOD clock counts 2^-12 microseconds since 1900-01-01 UTC; the extended
//   form is an epoch byte (0), the clock's 64 bits and zeros to 16 bytes. Condition code 0 (the
//   clock is set).
// - STORE FACILITY LIST EXTENDED (B2B0), S format: the engine's stores nothing. GR0's low byte
//   gives the doublewords the program has room for, less one; as many of kFacilityBits' as fit are
//   stored, GR0's low byte set to the list's length less one, condition code 0 if it all fit, 3 if
//   not.
// - ROTATE THEN INSERT SELECTED BITS HIGH (EC..5D) and LOW (EC..51), RIE-f: the engine computes
//   the mask of the bits to insert over the whole register instead of the word.
constexpr uint16_t kStck = 0xb205, kStckf = 0xb27c, kStcke = 0xb278, kStfle = 0xb2b0;
constexpr uint8_t kRie = 0xec, kRisbhg = 0x5d, kRisblg = 0x51;

uint16_t halfword_be(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

void find_emulated(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out) {
  for (uint64_t a = (lo + 1) & ~1ull; a + 4 <= hi; a += 2) {
    const auto* p = reinterpret_cast<const uint8_t*>(a);
    const uint16_t h = halfword_be(p);
    if (h == kStck || h == kStckf || h == kStcke || h == kStfle || (p[0] == kRie && a + 6 <= hi && (p[5] == kRisbhg || p[5] == kRisblg)))
      out.push_back(a);
  }
}

// True when [addr, addr + len) lies in engine regions the guest may access with `perm` (0: in
// engine regions at all).
bool accessible(uc_engine* uc, uint64_t addr, uint64_t len, uint32_t perm) {
  uc_mem_region* regions = nullptr;
  uint32_t count = 0;
  if (uc_mem_regions(uc, &regions, &count) != UC_ERR_OK) return false;
  bool first = false, last = false;
  for (uint32_t i = 0; i < count; ++i) {
    if (perm && !(regions[i].perms & perm)) continue;
    first |= regions[i].begin <= addr && addr <= regions[i].end;
    last |= regions[i].begin <= addr + len - 1 && addr + len - 1 <= regions[i].end;
  }
  uc_free(regions);
  return first && last;
}
bool writable(uc_engine* uc, uint64_t addr, uint64_t len) { return accessible(uc, addr, len, UC_PROT_WRITE); }

uint64_t s_address(uc_engine* uc, uint16_t operand) {
  const unsigned base = operand >> 12;
  uint64_t addr = operand & 0xfff;
  if (base) {
    uint64_t b = 0;
    uc_reg_read(uc, UC_S390X_REG_R0 + static_cast<int>(base), &b);
    addr += b;
  }
  return addr;
}

void set_cc(uc_engine* uc, unsigned cc) {
  uint64_t mask = 0;
  uc_reg_read(uc, UC_S390X_REG_PSWM, &mask);
  mask = (mask & ~(3ull << 44)) | static_cast<uint64_t>(cc) << 44;
  uc_reg_write(uc, UC_S390X_REG_PSWM, &mask);
}

bool store_clock(uc_engine* uc, uint64_t pc, uint16_t op, uint16_t operand) {
  const uint64_t addr = s_address(uc, operand);
  const uint64_t len = op == kStcke ? 16 : 8;
  if (!writable(uc, addr, len)) return false;  // the engine raises the guest's fault
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  constexpr uint64_t kEpochTo1970Us = 2208988800ull * 1000000;
  const uint64_t us = kEpochTo1970Us + static_cast<uint64_t>(now.tv_sec) * 1000000 + static_cast<uint64_t>(now.tv_nsec) / 1000;
  const uint64_t tod = us << 12 | (static_cast<uint64_t>(now.tv_nsec) % 1000) * 4096 / 1000;
  uint8_t out[16] = {};
  const unsigned at = op == kStcke ? 1 : 0;
  for (unsigned i = 0; i < 8; ++i) out[at + i] = static_cast<uint8_t>(tod >> (56 - 8 * i));
  if (uc_mem_write(uc, addr, out, len) != UC_ERR_OK) return false;
  set_cc(uc, 0);
  const uint64_t next = pc + 4;
  uc_reg_write(uc, UC_S390X_REG_PC, &next);
  return true;
}

bool store_facility_list(uc_engine* uc, ModelState* model, uint64_t pc, uint16_t operand) {
  const uint64_t addr = s_address(uc, operand);
  if (addr & 7) return false;  // a specification exception (the engine's)
  uint64_t r0 = 0;
  uc_reg_read(uc, UC_S390X_REG_R0, &r0);
  const unsigned room = static_cast<unsigned>(r0 & 0xff) + 1;
  const unsigned n = room < kFacilityDoublewords ? room : kFacilityDoublewords;
  if (!writable(uc, addr, 8ull * n)) return false;
  uint8_t out[8 * kFacilityDoublewords];
  for (unsigned d = 0; d < n; ++d)
    for (unsigned i = 0; i < 8; ++i) out[8 * d + i] = static_cast<uint8_t>(facility_doubleword(model, d) >> (56 - 8 * i));
  if (uc_mem_write(uc, addr, out, 8ull * n) != UC_ERR_OK) return false;
  r0 = (r0 & ~0xffull) | (kFacilityDoublewords - 1);
  uc_reg_write(uc, UC_S390X_REG_R0, &r0);
  set_cc(uc, room >= kFacilityDoublewords ? 0 : 3);
  const uint64_t next = pc + 4;
  uc_reg_write(uc, UC_S390X_REG_PC, &next);
  return true;
}

// RISBHG and RISBLG: the second register rotated left by I5, its bits I3 to I4 (numbered 0-31
// within the high or low word, wrapping around from 31 to 0) inserted into the first register's
// same word; with I4's zero bit (0x80) the word's other bits are zeroed. The other word and the
// condition code are left alone.
bool rotate_insert_word(uc_engine* uc, uint64_t pc, const uint8_t* insn) {
  const int r1 = insn[1] >> 4, r2 = insn[1] & 15;
  const unsigned i3 = insn[2] & 31, i4 = insn[3] & 31, i5 = insn[4] & 63;
  const bool zero = insn[3] & 0x80, high = insn[5] == kRisbhg;
  uint64_t a = 0, b = 0;
  uc_reg_read(uc, UC_S390X_REG_R0 + r1, &a);
  uc_reg_read(uc, UC_S390X_REG_R0 + r2, &b);
  const uint64_t rotated = i5 ? (b << i5 | b >> (64 - i5)) : b;
  uint32_t mask = 0;  // within the word, bit 0 its leftmost
  for (unsigned i = i3;; i = (i + 1) & 31) {
    mask |= 0x80000000u >> i;
    if (i == i4) break;
  }
  const unsigned shift = high ? 32 : 0;
  const uint64_t word_mask = static_cast<uint64_t>(mask) << shift, whole_word = 0xffffffffull << shift;
  const uint64_t kept = zero ? a & ~whole_word : a & ~word_mask;
  const uint64_t result = kept | (rotated & word_mask);
  uc_reg_write(uc, UC_S390X_REG_R0 + r1, &result);
  const uint64_t next = pc + 6;
  uc_reg_write(uc, UC_S390X_REG_PC, &next);
  return true;
}

bool run_emulated(uc_engine* uc, ModelState* model, uint64_t pc) {
  uint8_t insn[6];
  if (uc_mem_read(uc, pc, insn, 4) != UC_ERR_OK) return false;
  const uint16_t op = halfword_be(insn), operand = halfword_be(insn + 2);
  if (op == kStck || op == kStckf || op == kStcke) return store_clock(uc, pc, op, operand);
  if (op == kStfle) return store_facility_list(uc, model, pc, operand);
  if (insn[0] == kRie && uc_mem_read(uc, pc, insn, 6) == UC_ERR_OK && (insn[5] == kRisbhg || insn[5] == kRisblg))
    return rotate_insert_word(uc, pc, insn);
  return false;  // other code at this address
}

// The engine's state as an instruction polyrun executes sees it (run_missing): general and vector
// registers and the FPC in a saved context, written back at once when changed; memory where the
// engine's regions let the program read (guest memory is host memory at the same address).
class EngineMachine final : public s390x_missing::Machine {
 public:
  EngineMachine(uc_engine* uc, Context& c) : uc_(uc), c_(c) {}
  uint64_t gpr(unsigned n) override { return c_.get<uint64_t>(kRegs + 8 * n); }
  void set_gpr(unsigned n, uint64_t value) override {
    c_.set<uint64_t>(kRegs + 8 * n, value);
    dirty_ = true;
  }
  uint64_t psw_mask() override {
    uint64_t v = 0;
    uc_reg_read(uc_, UC_S390X_REG_PSWM, &v);
    return v;
  }
  s390x_missing::VectorRegs& vectors() override {
    if (!loaded_) {  // (the engine's vregs[32][2], laid out as VectorRegs::v)
      c_.read(kVregs, regs_.v, sizeof regs_.v);
      regs_.fpc = c_.get<uint32_t>(kFpc);
      loaded_ = true;
    }
    return regs_;
  }
  bool read(uint64_t addr, void* out, size_t len) override {
    if (!accessible(uc_, addr, len, UC_PROT_READ)) return false;
    std::memcpy(out, reinterpret_cast<const void*>(addr), len);
    return true;
  }
  // Puts what the instruction changed into the context (vectors: when the outcome says so).
  void commit(bool vectors) {
    if (vectors && loaded_) {
      c_.write(kVregs, regs_.v, sizeof regs_.v);
      c_.set<uint32_t>(kFpc, regs_.fpc);
      dirty_ = true;
    }
  }
  bool dirty() const { return dirty_; }

 private:
  uc_engine* uc_;
  Context& c_;
  s390x_missing::VectorRegs regs_{};
  bool loaded_ = false, dirty_ = false;
};

// UnicornIsa::run_missing: the engine took an operation or specification exception at pc, which
// s390x_missing may execute; every other program interruption is left to describe_exception.
uint32_t run_missing(uc_engine* uc, uint64_t pc, MissingRun&) {
  Context c(uc);
  const uint32_t code = c.get<uint32_t>(kPgmCode) & 0x7f;
  if (code != 0x01 && code != 0x06) return 0;
  // (The engine read the whole instruction from guest memory, host memory at the same address,
  // before finding it wanting.)
  uint8_t insn[6];
  const auto* at = reinterpret_cast<const uint8_t*>(pc);
  const uint32_t length = s390x_missing::length(at[0]);
  std::memcpy(insn, at, length);
  if (insn[0] == 0x44 || (insn[0] == 0xc6 && (insn[1] & 15) == 0)) {
    // EXECUTE (RX-a) or EXECUTE RELATIVE LONG (RIL-b) of an instruction the engine lacks: the
    // engine stops at the EXECUTE. Its target, the second byte ORed with R1's low byte (R1 0:
    // as it is), is executed here, and the run goes on after the EXECUTE.
    auto gpr = [&](unsigned n) { return n ? c.get<uint64_t>(kRegs + 8 * n) : 0; };
    uint64_t target;
    if (insn[0] == 0x44) {
      target = gpr(insn[1] & 15) + gpr(insn[2] >> 4) + (static_cast<uint64_t>(insn[2] & 15) << 8 | insn[3]);
    } else {
      const int32_t half = static_cast<int32_t>(static_cast<uint32_t>(insn[2]) << 24 | insn[3] << 16 | insn[4] << 8 | insn[5]);
      target = pc + 2 * static_cast<int64_t>(half);
    }
    if ((target & 1) || !accessible(uc, target, 2, UC_PROT_EXEC)) return 0;
    const auto* t = reinterpret_cast<const uint8_t*>(target);
    const uint32_t tlen = s390x_missing::length(t[0]);
    if (!accessible(uc, target, tlen, UC_PROT_EXEC)) return 0;
    std::memcpy(insn, t, tlen);
    insn[1] |= static_cast<uint8_t>(gpr(at[1] >> 4));
  }
  EngineMachine m(uc, c);
  const s390x_missing::Outcome o = s390x_missing::execute(insn, m);
  switch (o.kind) {
    case s390x_missing::Outcome::NotMine: return 0;
    case s390x_missing::Outcome::Fault:
      // Reported as the translation or protection exception the operand's access would take.
      c.set<uint32_t>(kPgmCode, accessible(uc, o.target, 1, 0) ? 0x04 : 0x11);
      c.restore();
      missing_fault = {true, o.target};
      return 0;
    case s390x_missing::Outcome::VectorException:
      c.set<uint32_t>(kPgmCode, 0x1b);
      c.set<uint32_t>(kFpc, (c.get<uint32_t>(kFpc) & ~0xff00u) | static_cast<uint32_t>(o.vxc) << 8);
      c.restore();
      return 0;
    default: break;
  }
  m.commit(o.vectors);
  if (o.kind == s390x_missing::Outcome::FixedPointOverflow) c.set<uint32_t>(kPgmCode, 0x08);
  if (m.dirty() || o.kind == s390x_missing::Outcome::FixedPointOverflow) c.restore();
  if (o.cc >= 0) set_cc(uc, static_cast<unsigned>(o.cc));
  if (o.kind == s390x_missing::Outcome::Branch) {
    uc_reg_write(uc, UC_S390X_REG_PC, &o.target);
    return kMissingMovedPc;
  }
  if (o.kind == s390x_missing::Outcome::FixedPointOverflow) {
    // The interruption follows the completed instruction: reported with the pc after it.
    const uint64_t next = pc + length;
    uc_reg_write(uc, UC_S390X_REG_PC, &next);
    return 0;
  }
  return length;  // (an EXECUTE's: the run goes on after it)
}

// Cpu::read_system_register: s390x::kFacilityList + n, doubleword n of the facility list.
bool read_system_register(uc_engine*, ModelState* model, uint32_t id, uint64_t& value) {
  if (id < s390x::kFacilityList || id >= s390x::kFacilityList + kFacilityDoublewords) return false;
  value = facility_doubleword(model, id - s390x::kFacilityList);
  return true;
}

uint64_t read_reg(uc_engine* uc, int id) {
  if (id == s390x::SVC_NR) {
    // Called while the syscall is served: pc is past the two-byte svc.
    uint64_t pc = 0, nr = 0;
    uint8_t imm = 0;
    uc_reg_read(uc, UC_S390X_REG_PC, &pc);
    if (uc_mem_read(uc, pc - 1, &imm, 1) == UC_ERR_OK && imm != 0) return imm;
    uc_reg_read(uc, UC_S390X_REG_R1, &nr);
    return nr;
  }
  if (id == s390x::PSWM) {
    uint64_t v = 0;
    uc_reg_read(uc, UC_S390X_REG_PSWM, &v);
    return v;
  }
  const Context c(uc);
  if (id >= s390x::F0 && id <= s390x::F15) return c.get<uint64_t>(kVregs + static_cast<size_t>(id - s390x::F0) * 16);
  if (id >= s390x::VL0 && id < s390x::kCount) return c.get<uint64_t>(vector_half(id));
  if (id == s390x::FPC) return c.get<uint32_t>(kFpc);
  if (id == s390x::TP) return static_cast<uint64_t>(c.get<uint32_t>(kAregs)) << 32 | c.get<uint32_t>(kAregs + 4);
  return 0;
}

void write_reg(uc_engine* uc, int id, uint64_t value) {
  if (id == s390x::SVC_NR) return;
  if (id == s390x::PSWM) {
    // User code keeps to 64-bit problem state: only the condition code and program mask are its.
    value = (value & 0x00003f0000000000ull) | kPswUser;
    uc_reg_write(uc, UC_S390X_REG_PSWM, &value);
    return;
  }
  Context c(uc);
  if (id >= s390x::F0 && id <= s390x::F15) {
    c.set<uint64_t>(kVregs + static_cast<size_t>(id - s390x::F0) * 16, value);
  } else if (id >= s390x::VL0 && id < s390x::kCount) {
    c.set<uint64_t>(vector_half(id), value);
  } else if (id == s390x::FPC) {
    // (With softfloat's copy of the rounding mode, as sfpc sets both.)
    c.set<uint32_t>(kFpc, static_cast<uint32_t>(value));
    if (kFpcRounding[value & 7] >= 0) c.set<int8_t>(kRoundingMode, kFpcRounding[value & 7]);
  } else if (id == s390x::TP) {
    c.set<uint32_t>(kAregs, static_cast<uint32_t>(value >> 32));
    c.set<uint32_t>(kAregs + 4, static_cast<uint32_t>(value));
  } else {
    return;
  }
  c.restore();
}

std::vector<int> reg_ids() {
  std::vector<int> ids(s390x::kCount, -1);
  for (int i = 0; i < 16; ++i) ids[i] = UC_S390X_REG_R0 + i;
  ids[s390x::PC] = UC_S390X_REG_PC;
  return ids;  // PSWM (writes), F0-F15, FPC, TP and SVC_NR: read_reg, write_reg
}

}  // namespace

const UnicornIsa& unicorn_isa_s390x() {
  static const UnicornIsa desc = [] {
    UnicornIsa d{
        Isa::S390x,
        UC_ARCH_S390X,
        UC_MODE_BIG_ENDIAN,
        UC_CPU_S390X_QEMU,
        reg_ids(),
        UC_S390X_REG_PC,
        512,
        {"esan3", "zarch", "stfle", "msa", "ldisp", "eimm", "etf3eh", "highgprs", "vx", "vxe"},
        &classify,
        &init,
        nullptr,
        // a thread: r0-r15, pc, the PSW mask, f0-f15, fpc, the thread pointer
        reg_range(s390x::R0, s390x::TP),
    };
    d.describe_exception = &describe_exception;
    d.unhooked_exception_is_illegal = true;  // (mutation test, seed 2725140611 mutant 29: b980 07f1)
    d.read_reg = &read_reg;
    d.write_reg = &write_reg;
    d.syscall_pc_advance = 2;
    // Threads run in parallel: the compare-and-swap family and the interlocked-access
    // instructions are executed with host atomics (cpu-emu/s390x_atomics.cpp).
    d.find_exclusive = &s390x_find_atomic;
    d.run_exclusive = &s390x_run_atomic;
    d.find_emulated = &find_emulated;
    d.run_emulated = &run_emulated;
    // z14's instructions the engine lacks (cpu-emu/s390x_missing.cpp): its operation or
    // specification exception comes as a program interruption, which classify leaves as Other.
    d.run_missing = &run_missing;
    d.missing_on_other = true;
    d.read_system_register = &read_system_register;
    // Models as qemu-s390x names them: max (the default, z14's level) and z13, which lacks z14's
    // miscellaneous-instruction extensions 2 and vector enhancements 1 (run_missing's), its
    // facility list (STFLE, /proc/cpuinfo) and HWCAP saying so.
    d.model_name = "max";
    d.other_models = {{"z13", UC_CPU_S390X_QEMU, {"esan3", "zarch", "stfle", "msa", "ldisp", "eimm", "etf3eh", "highgprs", "vx"}, false}};
    d.new_model_state = &new_model_state;
    // s390x keeps instruction fetches coherent with stores (no instruction to hook): where
    // threads take turns, an engine taking the lock over drops what it translated from writable
    // and executable mappings, as x86's do.
    d.coherent_code = true;
    d.virtual_tlb = true;
    d.lend_page_before_pc = true;
    return d;
  }();
  return desc;
}

}  // namespace polyrun::cpu
