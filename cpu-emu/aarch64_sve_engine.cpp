// SVE and SVE2 on the aarch64 engine: the engine decodes no SVE instruction it could run (its
// `max` model claims SVE, but enabling it aborts the engine: no vector length is valid there), so
// each one raises its undefined-instruction exception and is executed by cpu-emu/sve/ here
// (UnicornIsa::run_missing), over polyrun's own copy of the scalable registers, one per CPU.
// Guest memory is host memory at the same address: SVE's loads and stores touch it directly,
// a host fault becoming the instruction's memory fault.
#include <unicorn/unicorn.h>

#include <cstring>
#include <memory>

#include "cpu-emu/aarch64_engine_regs.h"
#include "cpu-emu/arm_conditions.h"
#include "cpu-emu/sve/sve.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

using namespace a64_engine;

// What an SVE instruction sees of the engine.
class EngineMachine final : public sve::Machine {
 public:
  EngineMachine(uc_engine* uc, GuestMemory& memory) : uc_(uc), memory_(memory) {}
  uint64_t x(unsigned n) override { return read_x(uc_, n); }
  void set_x(unsigned n, uint64_t value) override { write_x(uc_, n, value); }
  uint64_t sp() override { return base_reg(uc_, 31); }
  void set_sp(uint64_t value) override { uc_reg_write(uc_, UC_ARM64_REG_SP, &value); }
  uint32_t nzcv() override {
    uint64_t v = 0;
    uc_reg_read(uc_, UC_ARM64_REG_NZCV, &v);
    return static_cast<uint32_t>(v) & 0xf0000000u;
  }
  void set_nzcv(uint32_t nzcv) override {
    uint64_t v = nzcv & 0xf0000000u;
    uc_reg_write(uc_, UC_ARM64_REG_NZCV, &v);
  }
  uint32_t fpcr() override {
    uint64_t v = 0;
    uc_reg_read(uc_, UC_ARM64_REG_FPCR, &v);
    return static_cast<uint32_t>(v);
  }
  void raise_fp_flags(uint32_t bits) override {
    if (!bits) return;
    uint64_t v = 0;
    uc_reg_read(uc_, UC_ARM64_REG_FPSR, &v);
    v |= bits;
    uc_reg_write(uc_, UC_ARM64_REG_FPSR, &v);
  }
  void read_v(unsigned n, uint8_t out[16]) override { uc_reg_read(uc_, UC_ARM64_REG_Q0 + static_cast<int>(n), out); }
  void write_v(unsigned n, const uint8_t in[16]) override {
    uc_reg_write(uc_, UC_ARM64_REG_Q0 + static_cast<int>(n), in);
  }
  // What the guest map grants is accessed on the host directly, as the engine's own accesses are
  // (a host refusal there, as of a file mapping past its end, is the guest's fault as the
  // personality reports it).
  bool read(uint64_t addr, void* out, size_t len, uint64_t& fault_addr) override {
    const uint64_t granted = memory_.accessible_prefix(addr, len, mem::kRead);
    if (granted < len) {
      fault_addr = addr + granted;
      return false;
    }
    std::memcpy(out, reinterpret_cast<const void*>(addr), len);
    return true;
  }
  bool write(uint64_t addr, const void* in, size_t len, uint64_t& fault_addr) override {
    const uint64_t granted = memory_.accessible_prefix(addr, len, mem::kWrite);
    if (granted < len) {
      fault_addr = addr + granted;
      return false;
    }
    std::memcpy(reinterpret_cast<void*>(addr), in, len);
    memory_.stored(addr, len);
    return true;
  }

 private:
  uc_engine* uc_;
  GuestMemory& memory_;
};

// A CPU's scalable registers.
class SveState final : public ModelState, public ScalableVectors {
 public:
  SveState(uc_engine* uc, unsigned vl) : uc_(uc) { state_.vl = vl; }
  sve::State& state() { return state_; }

  void on_syscall() override {
    if (state_.live) discard();
  }
  ScalableVectors* scalable_vectors() override { return this; }

  unsigned vector_length() const override { return state_.vl; }
  void set_vector_length(unsigned bytes) override {
    state_.vl = bytes;
    discard();
  }
  bool live() const override { return state_.live; }
  void discard() override {
    state_.clear();
    state_.live = false;
  }
  void read_z(unsigned n, uint8_t* out) override {
    uint8_t v[16];
    uc_reg_read(uc_, UC_ARM64_REG_Q0 + static_cast<int>(n), v);
    state_.take_v(n, v);
    std::memcpy(out, state_.z[n], state_.vl);
  }
  void write_z(unsigned n, const uint8_t* in) override {
    std::memcpy(state_.z[n], in, state_.vl);
    uc_reg_write(uc_, UC_ARM64_REG_Q0 + static_cast<int>(n), in);
    state_.live = true;
  }
  void read_p(unsigned n, uint8_t* out) override {
    std::memcpy(out, n == 16 ? state_.ffr : state_.p[n], state_.vl / 8);
  }
  void write_p(unsigned n, const uint8_t* in) override {
    std::memcpy(n == 16 ? state_.ffr : state_.p[n], in, state_.vl / 8);
    state_.live = true;
  }

 private:
  uc_engine* uc_;
  sve::State state_;
};

}  // namespace

std::unique_ptr<ModelState> aarch64_new_sve_state(uc_engine* uc, const CpuOptions& options) {
  if (!options.model.empty() && options.model != "max") return nullptr;  // (the older models have no SVE)
  if (options.sve == SveMode::Off) return nullptr;
  return std::make_unique<SveState>(uc, options.vector_length ? options.vector_length : sve::kDefaultVl);
}

namespace {

// Where the direct branch `insn` at pc goes (B, B.cond, CBZ/CBNZ, TBZ/TBNZ), taken or not; false
// for any other instruction.
bool branch_next(uc_engine* uc, uint32_t insn, uint64_t pc, uint64_t& next) {
  const auto offset = [&](unsigned lo, unsigned width) {  // pc + the signed word offset in bits lo+width-1:lo
    const int64_t words = static_cast<int64_t>(static_cast<uint64_t>(insn) << (64 - lo - width)) >> (64 - width);
    return pc + static_cast<uint64_t>(words * 4);
  };
  if ((insn & 0xfc000000u) == 0x14000000u) {  // B
    next = offset(0, 26);
    return true;
  }
  if ((insn & 0xff000010u) == 0x54000000u) {  // B.cond: NZCV against cond
    uint64_t f = 0;
    uc_reg_read(uc, UC_ARM64_REG_NZCV, &f);
    const bool r = cond_passed(insn & 15, f);
    next = r ? offset(5, 19) : pc + 4;
    return true;
  }
  if ((insn & 0x7e000000u) == 0x34000000u) {  // CBZ, CBNZ
    uint64_t t = read_x(uc, insn & 31);
    if (!(insn >> 31)) t &= 0xffffffffu;
    next = ((t == 0) != (insn >> 24 & 1)) ? offset(5, 19) : pc + 4;
    return true;
  }
  if ((insn & 0x7e000000u) == 0x36000000u) {  // TBZ, TBNZ
    const unsigned b = (insn >> 31) << 5 | (insn >> 19 & 31);
    const bool set = read_x(uc, insn & 31) >> b & 1;
    next = (set == static_cast<bool>(insn >> 24 & 1)) ? offset(5, 14) : pc + 4;
    return true;
  }
  return false;
}

}  // namespace

uint32_t aarch64_run_sve(uc_engine* uc, uint64_t pc, MissingRun& run) {
  // (The engine read the instruction from guest memory, host memory at the same address, before
  // finding it undefined.)
  uint32_t insn;
  std::memcpy(&insn, reinterpret_cast<const void*>(pc), 4);
  if (!sve::is_sve_space(insn) || !run.state || !run.memory) return 0;
  EngineMachine m(uc, *run.memory);
  // One context for the whole stretch: a V register is read from the engine once, and the ones
  // written go back once, when it ends (nothing else runs meanwhile).
  sve::Context context(static_cast<SveState*>(run.state)->state(), m);
  // The SVE instructions that follow within the page run here too (up to a bound, so that the
  // engine's checks for interrupts still come), through a direct branch to more of them in the
  // same page (glibc's SVE memcpy: WHILELO, CNTB, TBNZ, LD1B, ST1B): a stretch of SVE code then
  // costs one exception of the engine instead of one per instruction. An undefined one is left
  // to the engine, whose exception for it comes next.
  uint64_t at = pc;
  bool branched = false;
  for (unsigned n = 0;; ++n) {
    const sve::Outcome o = sve::execute(insn, context);
    if (o.kind == sve::Outcome::MemoryFault) {
      context.finish();  // (what the instructions before it wrote)
      run.fault = true;
      run.fault_addr = o.fault_addr;
      run.fault_pc = at;
      run.access = o.write ? Access::Write : Access::Read;
      return 0;
    }
    if (o.kind != sve::Outcome::Done) break;
    at += 4;
    if (run.one_only || n == 63 || (at & 4095) == 0) break;
    std::memcpy(&insn, reinterpret_cast<const void*>(at), 4);
    uint64_t next = 0;
    if (!sve::is_sve_space(insn) && branch_next(uc, insn, at, next) && (next & ~4095ull) == (at & ~4095ull)) {
      uint32_t target;
      std::memcpy(&target, reinterpret_cast<const void*>(next), 4);
      if (!sve::is_sve_space(target) || !sve::decode(target)) break;
      at = next, insn = target, branched = true;
      continue;
    }
    if (!sve::is_sve_space(insn) || !sve::decode(insn)) break;
  }
  context.finish();
  if (!branched) return static_cast<uint32_t>(at - pc);
  uc_reg_write(uc, UC_ARM64_REG_PC, &at);
  return kMissingMovedPc;
}

}  // namespace polyrun::cpu
