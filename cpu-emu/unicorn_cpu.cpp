#include "cpu-emu/unicorn_cpu.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <stdexcept>

#include "common/fault_report.h"
#include "common/host_heap.h"
#include "common/log.h"
#include "cpu-emu/engine_code_buffer.h"
#include "cpu-emu/engine_stats.h"

namespace polyrun::cpu {

namespace {

// The most bytes a block reaches from its start.
constexpr uint64_t kBlockReach = 0x2000;

// What an unwatched flag reads.
const std::atomic<bool> kNeverSet{false};

void flush_tlb(uc_engine* uc) {
  stats::add(stats::TlbFlushes);
  uc_ctl_flush_tlb(uc);
}

uint32_t uc_perms(uint32_t prot) {
  uint32_t p = UC_PROT_NONE;
  if (prot & mem::kRead) p |= UC_PROT_READ;
  if (prot & mem::kWrite) p |= UC_PROT_WRITE;
  if (prot & mem::kExec) p |= UC_PROT_EXEC;
  return p;
}

[[noreturn]] void engine_fail(const char* what, uc_err err) {
  throw std::runtime_error(std::string(what) + ": " + uc_strerror(err));
}

}  // namespace

UnicornCpu::UnicornCpu(const UnicornIsa& desc, mem::AddressSpace& memory, const CpuOptions& options)
    : desc_(desc), memory_(memory), options_(options), planner_(desc.region_cap) {
  interrupt_flag_ = debug_flag_ = &kNeverSet;
  engine_model_ = desc.cpu_model;
  features_ = &desc.features;
  run_missing_ = desc.run_missing;
  if (!options.model.empty() && !(desc.model_name && options.model == desc.model_name)) {
    auto m = std::find_if(desc.other_models.begin(), desc.other_models.end(),
                          [&](const UnicornIsa::OtherModel& o) { return options.model == o.name; });
    if (m == desc.other_models.end()) throw std::runtime_error("no CPU model " + options.model + " for " + isa_name(desc.isa));
    engine_model_ = m->engine_model;
    features_ = &m->implements();
    if (!m->run_missing) run_missing_ = nullptr;
  } else if (!desc.missing_features.empty() && options.sve != SveMode::Shown) {
    for (const std::string& f : desc.features)
      if (std::find(desc.missing_features.begin(), desc.missing_features.end(), f) == desc.missing_features.end())
        shown_features_.push_back(f);
    features_ = &shown_features_;
    if (options.sve == SveMode::Off) run_missing_ = nullptr;
  }
  fill_host_heap();  // the engine's tables and translator state come next
  begin_noting_code_buffer();  // (the engine maps its translation buffer as it starts: the first hook added)
  uc_err err = uc_open(desc.arch, desc.mode, &uc_);
  if (err != UC_ERR_OK) engine_fail("cannot create the CPU engine", err);
  if (options.code_buffer_bytes && (err = uc_ctl_set_tcg_buffer_size(uc_, options.code_buffer_bytes)))
    engine_fail("cannot size the engine's translation buffer", err);
  if (engine_model_ >= 0) {
    err = uc_ctl_set_cpu_model(uc_, engine_model_);
    if (err != UC_ERR_OK) engine_fail("cannot select the CPU model", err);
  }
  if (desc.init) desc.init(uc_);
  if (desc.new_model_state) model_state_ = desc.new_model_state(uc_, options);
  if (options.user_mode && !(desc.enter_user_mode && desc.enter_user_mode(uc_)))
    throw std::runtime_error("the CPU engine cannot run code at user privilege");
  uc_hook h;
  if ((err = uc_hook_add(uc_, &h, UC_HOOK_INTR, reinterpret_cast<void*>(&on_interrupt), this, 1, 0)) ||
      (err = uc_hook_add(uc_, &h, UC_HOOK_MEM_INVALID, reinterpret_cast<void*>(&on_invalid_memory),
                         this, 1, 0)) ||
      (err = uc_hook_add(uc_, &h, UC_HOOK_INSN_INVALID, reinterpret_cast<void*>(&on_invalid_insn),
                         this, 1, 0)))
    engine_fail("cannot install the CPU hooks", err);
  if (desc.virtual_tlb &&
      ((err = uc_ctl_tlb_mode(uc_, UC_TLB_VIRTUAL)) ||
       (err = uc_hook_add(uc_, &h, UC_HOOK_TLB_FILL, reinterpret_cast<void*>(&on_tlb_fill), this, 1, 0))))
    engine_fail("cannot install the TLB hook", err);
  if (desc.syscall_instruction &&
      (err = uc_hook_add(uc_, &h, UC_HOOK_INSN, reinterpret_cast<void*>(&on_syscall_instruction), this, 1, 0,
                         desc.syscall_instruction)))
    engine_fail("cannot install the system-call instruction hook", err);
  if (desc.hook_code_sync) desc.hook_code_sync(uc_, &code_sync_);
  if (desc.find_engine_wrong && desc.wrong_feature &&
      std::find(features_->begin(), features_->end(), std::string(desc.wrong_feature)) != features_->end()) {
    scan_engine_wrong_ = true;
    add_new_block_hook();
  }
  uint32_t buffer_size = 0;
  uc_ctl_get_tcg_buffer_size(uc_, &buffer_size);
  code_buffer_ = end_noting_code_buffer(buffer_size);
  if (stats::g_enabled) add_new_block_hook();  // (counting translations)
  memory_.add_observer(this);
  // Mirror what is mapped already.
  if (!memory_.vmas().empty())
    on_map_change(memory_.vmas().begin()->first, std::prev(memory_.vmas().end())->second.end);
}

UnicornCpu::~UnicornCpu() {
  memory_.remove_observer(this);
  if (uc_) uc_close(uc_);
  if (replay_) uc_close(replay_);
}

uint64_t UnicornCpu::reg(int id) {
  const int uid = desc_.reg_ids.at(static_cast<size_t>(id));
  if (uid < 0 && desc_.read_reg) return desc_.read_reg(uc_, id);
  uint64_t v[2] = {0, 0};  // room for registers the engine writes wider than asked
  uc_reg_read(uc_, uid, v);
  return v[0];
}

void UnicornCpu::set_reg(int id, uint64_t value) {
  const int uid = desc_.reg_ids.at(static_cast<size_t>(id));
  if (uid < 0 && desc_.write_reg) return desc_.write_reg(uc_, id, value);
  uc_reg_write(uc_, uid, &value);
}

void UnicornCpu::read_vector(int id, uint8_t out[16]) {
  const auto& ids = desc_.vector_ids.empty() ? desc_.reg_ids : desc_.vector_ids;
  const int uid = ids.at(static_cast<size_t>(id));
  if (uid < 0) throw std::runtime_error("no vector register " + std::to_string(id) + " on this CPU");
  uc_reg_read(uc_, uid, out);
}

void UnicornCpu::write_vector(int id, const uint8_t in[16]) {
  const auto& ids = desc_.vector_ids.empty() ? desc_.reg_ids : desc_.vector_ids;
  const int uid = ids.at(static_cast<size_t>(id));
  if (uid < 0) throw std::runtime_error("no vector register " + std::to_string(id) + " on this CPU");
  uc_reg_write(uc_, uid, in);
}

uint64_t UnicornCpu::pc() {
  uint64_t v = 0;
  uc_reg_read(uc_, desc_.pc_reg, &v);
  return v;
}

void UnicornCpu::set_pc(uint64_t pc) { uc_reg_write(uc_, desc_.pc_reg, &pc); }

void UnicornCpu::move_pc(uint64_t pc) {
  const uint64_t at = resume_address(uc_, pc);
  uc_reg_write(uc_, desc_.pc_reg, &at);
}

void UnicornCpu::record_trap(Trap t) {
  if (trap_pending_) return;  // the first trap of a run is the one that matters
  trap_pending_ = true;
  trap_ = std::move(t);
}

Trap UnicornCpu::run() {
  step_seen_ = 0;
  for (;;) {
    trap_pending_ = false;
    trap_located_ = false;
    tlb_refused_ = false;
    // No count, no timeout: the engine runs until a hook stops it. In parallel execution without
    // the lock, which the hooks take to serve the guest.
    if (parallel_ && !ran_) hook_exclusive(pc(), pc() + kBlockReach);
    ran_ = true;
    if (parallel_) lock_->release();
    stats::add(stats::Runs);
    uc_err err = uc_emu_start(uc_, resume_address(uc_, pc()), ~0ull, 0, 0);
    if (parallel_) lock_->acquire();
    if (tlb_lent_) {
      tlb_lent_ = false;
      flush_tlb(uc_);
    }
    if (restart_) {
      restart_ = false;
      if (flush_due_) flush_code_buffer();
      if (trap_pending_ && trap_.kind == TrapKind::Stopped) {
        stats::add(stats::Restarts);
        continue;
      }
    }
    if (!trap_pending_ && err == UC_ERR_EXCEPTION && tlb_refused_) {
      // The engine stopped at the instruction whose access the TLB hook refused.
      Trap f;
      f.kind = TrapKind::MemoryFault;
      f.fault_addr = tlb_refused_page_;
      f.access = tlb_refused_access_;
      f.unmapped = tlb_refused_unmapped_;
      record_trap(f);
    }
    if (!trap_pending_ && err == UC_ERR_EXCEPTION && desc_.unhooked_exception_is_illegal) {
      Trap f;
      f.kind = TrapKind::IllegalInstruction;
      record_trap(f);
    }
    if (trap_pending_ && trap_.kind == TrapKind::DivideError && desc_.after_divide_error) desc_.after_divide_error(uc_);
    if (trap_pending_) {
      if (trap_.kind != TrapKind::Stopped && trap_.pc == 0) trap_.pc = pc();
      if (trap_.kind == TrapKind::MemoryFault && trap_.access != Access::Fetch && !desc_.virtual_tlb && !trap_located_) {
        trap_.pc = locate_fault(trap_);
        move_pc(trap_.pc);
      }
      // The engine may not know yet of a mapping another thread made (running in parallel, or
      // taking turns: a thread back from a host call has not caught up until its next block
      // boundary that hands the lock over): once it has, an access the guest map allows is made
      // again.
      if (trap_.kind == TrapKind::MemoryFault) stats::add(stats::Faults);
      if (trap_.kind == TrapKind::MemoryFault && (parallel_ || lock_) && catch_up()) {
        uint32_t need = trap_.access == Access::Fetch ? uint32_t{mem::kExec}
                        : trap_.access == Access::Write ? uint32_t{mem::kWrite} : uint32_t{mem::kRead};
        if (memory_.accessible(trap_.fault_addr, 1, need)) {
          stats::add(stats::FaultsRetried);
          move_pc(trap_.pc);
          continue;
        }
      }
      return trap_;
    }
    Trap t;
    t.pc = pc();
    if (err == UC_ERR_OK && desc_.halt_size) {
      // Nothing asked the engine to stop: it executed an instruction that halts the CPU.
      t.kind = TrapKind::PrivilegedInstruction;
      t.pc -= desc_.halt_size;
      set_pc(t.pc);
    } else if (err == UC_ERR_OK) {
      t.kind = TrapKind::Stopped;
    } else {
      t.kind = TrapKind::EngineError;
      t.code = err;
      t.detail = uc_strerror(err);
    }
    return t;
  }
}

void UnicornCpu::set_segment_base(Segment seg, uint64_t base) {
  if (!desc_.set_segment_base) throw std::runtime_error("this CPU has no segment bases");
  desc_.set_segment_base(uc_, seg, base);
}

void UnicornCpu::push_x87(double value) {
  if (desc_.arch != UC_ARCH_X86) throw std::runtime_error("this CPU has no x87 stack");
  // 80-bit extended format: 64-bit mantissa with an explicit integer bit, 15-bit exponent.
  uint64_t bits;
  std::memcpy(&bits, &value, 8);
  uint16_t sign = static_cast<uint16_t>((bits >> 63) << 15);
  int exp = static_cast<int>((bits >> 52) & 0x7ff);
  uint64_t frac = bits & ((1ull << 52) - 1);
  uint64_t mant;
  uint16_t e;
  if (exp == 0 && frac == 0) {
    mant = 0, e = 0;
  } else if (exp == 0x7ff) {
    mant = (1ull << 63) | (frac << 11), e = 0x7fff;
  } else if (exp == 0) {  // subnormal double: normalise
    int shift = __builtin_clzll(frac) - 11;
    mant = (frac << 11) << (shift + 1);
    mant |= 1ull << 63;
    e = static_cast<uint16_t>(1 - 1023 + 16383 - (shift + 1));
  } else {
    mant = (1ull << 63) | (frac << 11), e = static_cast<uint16_t>(exp - 1023 + 16383);
  }
  uint16_t fpsw = 0;
  uc_reg_read(uc_, UC_X86_REG_FPSW, &fpsw);
  unsigned top = ((fpsw >> 11) - 1) & 7;
  fpsw = static_cast<uint16_t>((fpsw & ~0x3800) | top << 11);
  uc_reg_write(uc_, UC_X86_REG_FPSW, &fpsw);
#pragma pack(push, 1)
  struct {
    uint64_t mantissa;
    uint16_t exponent;
  } f{mant, static_cast<uint16_t>(sign | e)};
#pragma pack(pop)
  uc_reg_write(uc_, UC_X86_REG_FP0 + static_cast<int>(top), &f);  // physical register TOP is ST0
  uint16_t tags = 0;
  uc_reg_read(uc_, UC_X86_REG_FPTAG, &tags);
  tags = static_cast<uint16_t>(tags & ~(3u << (2 * top)));  // 00: valid
  uc_reg_write(uc_, UC_X86_REG_FPTAG, &tags);
}

long double UnicornCpu::pop_x87() {
  if (desc_.arch != UC_ARCH_X86) throw std::runtime_error("this CPU has no x87 stack");
  uint16_t fpsw = 0, tags = 0;
  uc_reg_read(uc_, UC_X86_REG_FPSW, &fpsw);
  unsigned top = (fpsw >> 11) & 7;
  uint8_t raw[16] = {};
  uc_reg_read(uc_, UC_X86_REG_FP0 + static_cast<int>(top), raw);
  // The host is x86-64: its long double is the same 80-bit extended format.
  long double v = 0;
  std::memcpy(&v, raw, 10);
  uc_reg_read(uc_, UC_X86_REG_FPTAG, &tags);
  tags = static_cast<uint16_t>(tags | 3u << (2 * top));  // 11: empty
  uc_reg_write(uc_, UC_X86_REG_FPTAG, &tags);
  fpsw = static_cast<uint16_t>((fpsw & ~0x3800) | ((top + 1) & 7) << 11);
  uc_reg_write(uc_, UC_X86_REG_FPSW, &fpsw);
  return v;
}

void UnicornCpu::stop() {
  Trap t;
  t.kind = TrapKind::Stopped;
  record_trap(t);
  uc_emu_stop(uc_);
}

void UnicornCpu::invalidate(uint64_t lo, uint64_t hi) {
  if (hi <= lo) return;
  stats::add(stats::Invalidations);
  stats::add(stats::InvalidatedBytes, hi - lo);
  ++engine_work_;
  uc_ctl_remove_cache(uc_, lo, hi);
  --engine_work_;
  if (desc_.virtual_tlb && !engine_work_) flush_tlb(uc_);  // what the lookups filled in
}

CpuContext UnicornCpu::save_context() {
  if (desc_.thread_regs.empty()) throw std::runtime_error("threads are not supported on this CPU yet");
  CpuContext c;
  for (int id : desc_.thread_regs) c.regs.push_back(reg(id));
  for (int id : desc_.thread_vectors) {
    c.vectors.emplace_back();
    read_vector(id, c.vectors.back().data());
  }
  if (ScalableVectors* sv = scalable_vectors()) c.vector_length = sv->vector_length();
  return c;
}

void UnicornCpu::load_context(const CpuContext& c) {
  for (size_t i = 0; i < c.regs.size() && i < desc_.thread_regs.size(); ++i) set_reg(desc_.thread_regs[i], c.regs[i]);
  for (size_t i = 0; i < c.vectors.size() && i < desc_.thread_vectors.size(); ++i)
    write_vector(desc_.thread_vectors[i], c.vectors[i].data());
  if (ScalableVectors* sv = scalable_vectors(); sv && c.vector_length) sv->set_vector_length(c.vector_length);
}

void UnicornCpu::retranslate_all() {
  // (UC_CTL_TB_FLUSH would clear the engine's whole translation buffer, about 0.7 s of page
  // zeroing.)
  memory_.for_each_in(0, ~0ull, [&](const mem::Vma& v) {
    if (v.prot & mem::kExec) invalidate(v.start, v.end);
  });
}

void UnicornCpu::add_new_block_hook() {
  if (new_block_hook_) return;
  uc_hook h;
  uc_err err = uc_hook_add(uc_, &h, UC_HOOK_EDGE_GENERATED, reinterpret_cast<void*>(&on_new_block), this, 1, 0);
  if (err != UC_ERR_OK) engine_fail("cannot hook the engine's new blocks", err);
  new_block_hook_ = true;
}

void UnicornCpu::add_block_hook() {
  if (block_hook_) return;
  uc_hook h;
  uc_err err = uc_hook_add(uc_, &h, UC_HOOK_BLOCK, reinterpret_cast<void*>(&on_block), this, 1, 0);
  if (err != UC_ERR_OK) engine_fail("cannot install the block hook", err);
  block_hook_ = true;
  retranslate_all();  // code translated before has no call to the hook
}

void UnicornCpu::share_execution(ExecutionLock& lock) {
  if (lock_) return;
  lock_ = &lock;
  owner_ = std::this_thread::get_id();
  if (desc_.run_exclusive) {
    lock.go_parallel();
    parallel_ = true;
    if (desc_.coherent_code && desc_.hook_serializing) desc_.hook_serializing(uc_, &serializing_);
    // Every block the engine translates from now on has its exclusives hooked (on_new_block);
    // what it translated before, unscanned, goes (here, or as the block hook is added).
    add_new_block_hook();
    if (block_hook_) retranslate_all();
  }
  add_block_hook();
}

bool UnicornCpu::scan_block(uint64_t address, uint64_t size) {
  if (desc_.coherent_code) {
    const mem::Vma* v = memory_.find(address);
    if (v && (v->prot & mem::kWrite)) code_pages_.add(address, address + size);
  }
  const size_t before = exclusive_hooked_.size();
  hook_exclusive(address, address + size);
  if (exclusive_hooked_.size() == before) return false;
  invalidate(address, address + size);
  return true;
}

// A block the engine has just translated, before it runs: its exclusives are hooked; if it had
// any not hooked yet (or other threads changed the guest map or code meanwhile), the run stops
// at the block before its first instruction and starts again, translating it anew.
void UnicornCpu::on_new_block(uc_engine* uc, uc_tb* cur, uc_tb*, void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  stats::add(stats::Translations);
  if (self->code_buffer_ && ++self->translations_unwatched_ >= kTranslationsPerBufferLook) {
    self->translations_unwatched_ = 0;
    if (code_buffer_nearly_full(self->code_buffer_)) {
      self->flush_due_ = true;  // (not here: the engine goes on with the block it has just made)
      self->restart_ = true;    // run() flushes, and starts the engine again at the block
      self->stop_at(uc, cur->pc, TrapKind::Stopped);
      return;
    }
  }
  if (!self->parallel_) {
    if (!self->scan_engine_wrong_) return;
    const size_t before = self->exclusive_hooked_.size();
    self->hook_sites(cur->pc, cur->pc + std::max<uint64_t>(cur->size, 4), self->desc_.find_engine_wrong,
                     self->exclusive_hooked_, reinterpret_cast<void*>(&on_exclusive));
    if (self->exclusive_hooked_.size() != before) {
      self->restart_ = true;  // run() starts the engine again at the block, translated with the hooks
      self->stop_at(uc, cur->pc, TrapKind::Stopped);
    }
    return;
  }
  self->lock_->acquire();
  const bool changed = self->catch_up();
  const bool hooked = self->scan_block(cur->pc, std::max<uint64_t>(cur->size, 4));
  self->lock_->release();
  if (hooked || changed) {
    self->restart_ = true;  // run() starts the engine again at the block
    self->stop_at(uc, cur->pc, TrapKind::Stopped);
  }
}

void UnicornCpu::flush_code_buffer() {
  flush_due_ = false;
  uc_ctl(uc_, UC_CTL_WRITE(UC_CTL_TB_FLUSH, 0));  // (uc_ctl_flush_tb)
  code_buffer_ = {};  // the engine flushes by itself from now on
  stats::add(stats::BufferFlushes);
}

void UnicornCpu::hook_sites(uint64_t lo, uint64_t hi, void (*find)(uint64_t, uint64_t, std::vector<uint64_t>&),
                            std::unordered_set<uint64_t>& hooked, void* callback) {
  // Executable mappings that touch are one range: x86 code is decoded from a block's start, which
  // is an instruction boundary, and a block may run on into the next mapping.
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  memory_.for_each_in(lo, hi, [&](const mem::Vma& v) {
    if (!(v.prot & mem::kExec)) return;
    const uint64_t from = std::max(lo, v.start), to = std::min(hi, v.end);
    if (!ranges.empty() && ranges.back().second == from) ranges.back().second = to;
    else ranges.emplace_back(from, to);
  });
  std::vector<uint64_t> found;
  for (const auto& range : ranges) {
    uint64_t from = range.first;
    const uint64_t to = range.second;
    // A mapping of a file may reach past its end, where reading raises SIGBUS: the scan goes on
    // from the page after a fault.
    FaultRecovery r;
    while (from < to && !run_recovering(r, [&] { find(from, to, found); })) from = memory_.page_up(r.addr + 1);
  }
  for (uint64_t a : found) {
    if (!hooked.insert(a).second) continue;
    uc_hook h;
    uc_err err = uc_hook_add(uc_, &h, UC_HOOK_CODE, callback, this, a, a);
    if (err != UC_ERR_OK) engine_fail("cannot hook an instruction", err);
    invalidate(a, a + 1);  // translated without the hook
  }
}

void UnicornCpu::hook_exclusive(uint64_t lo, uint64_t hi) {
  hook_sites(lo, hi, desc_.find_exclusive, exclusive_hooked_, reinterpret_cast<void*>(&on_exclusive));
}

void UnicornCpu::on_emulated(uc_engine* uc, uint64_t address, uint32_t, void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  self->desc_.run_emulated(uc, self->model_state_.get(), address);
}

void UnicornCpu::on_exclusive(uc_engine* uc, uint64_t address, uint32_t, void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  self->desc_.run_exclusive(uc, address, self->monitor_);
}

void UnicornCpu::stop_at(uc_engine* uc, uint64_t at, TrapKind kind) {
  // (With code hooks installed the engine does not reset the pc to the block's start when a hook
  // stops it there: it is set here.)
  const uint64_t resume = resume_address(uc, at);
  uc_reg_write(uc, desc_.pc_reg, &resume);
  Trap t;
  t.kind = kind;
  record_trap(t);
  uc_emu_stop(uc);
}

void UnicornCpu::watch_interrupts(const std::atomic<bool>* flag) {
  interrupt_flag_ = flag ? flag : &kNeverSet;
  if (flag) add_block_hook();
}

void UnicornCpu::watch_debug_requests(const std::atomic<bool>* flag) {
  debug_flag_ = flag ? flag : &kNeverSet;
  if (flag) add_block_hook();
}

bool UnicornCpu::set_debug_breakpoints(const std::vector<uint64_t>& addrs) {
  std::set<uint64_t> want(addrs.begin(), addrs.end());
  for (auto it = debug_breakpoints_.begin(); it != debug_breakpoints_.end();) {
    if (want.count(it->first)) {
      ++it;
      continue;
    }
    uc_hook_del(uc_, it->second);
    invalidate(it->first, it->first + 1);  // translated with the hook
    it = debug_breakpoints_.erase(it);
  }
  for (uint64_t a : want) {
    if (debug_breakpoints_.count(a)) continue;
    uc_hook h;
    if (uc_hook_add(uc_, &h, UC_HOOK_CODE, reinterpret_cast<void*>(&on_debug_breakpoint), this, a, a) != UC_ERR_OK)
      return false;
    debug_breakpoints_[a] = h;
    invalidate(a, a + 1);  // translated without the hook
  }
  return true;
}

bool UnicornCpu::set_single_step(bool on) {
  if (on == (step_hook_ != 0)) return true;
  if (on) {
    // Every instruction calls the hook from now on: code translated before goes.
    if (uc_hook_add(uc_, &step_hook_, UC_HOOK_CODE, reinterpret_cast<void*>(&on_debug_step), this, 1, 0) != UC_ERR_OK) {
      step_hook_ = 0;
      return false;
    }
  } else {
    uc_hook_del(uc_, step_hook_);
    step_hook_ = 0;
  }
  retranslate_all();
  return true;
}

void UnicornCpu::on_debug_breakpoint(uc_engine* uc, uint64_t address, uint32_t, void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  if (self->step_hook_) return;  // stepping: the step hook decides
  self->stop_at(uc, address, TrapKind::DebugBreakpoint);
}

void UnicornCpu::on_debug_step(uc_engine* uc, uint64_t address, uint32_t, void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  if (self->step_seen_++ == 0) return;  // the instruction to execute
  self->stop_at(uc, address, TrapKind::DebugStep);
}

// Every block the engine runs, hundreds of millions of times a second in a busy program: only
// the questions whether this block is a safe point with something to do (safe_point).
void UnicornCpu::on_block(uc_engine* uc, uint64_t address, uint32_t size, void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  stats::add(stats::BlockHookCalls);
  self->block_start_ = address;
  if (self->code_pages_.pages()) {  // (parallel x86 that ran writable code: drop_writable_code)
    const uint64_t page = address & ~(self->memory_.page_size() - 1);
    if (page != self->last_run_page_) {
      self->last_run_page_ = page;
      self->code_pages_.note_run(page);
      const uint64_t last = (address + std::max<uint32_t>(size, 1) - 1) & ~(self->memory_.page_size() - 1);
      if (last != page) self->code_pages_.note_run(last);  // (a block across two pages)
    }
  }
  const bool flagged = self->interrupt_flag_->load(std::memory_order_relaxed) |
                       self->debug_flag_->load(std::memory_order_relaxed);
  const bool others = self->parallel_ ? self->has_pending_.load(std::memory_order_acquire)
                                      : self->lock_ && self->lock_->contended();
  if (flagged || others) [[unlikely]]
    self->safe_point(uc, address);
}

// A safe point between blocks: a watched interrupt flag stops the run; another thread that waits
// for the lock runs first; what it changed in the guest map is applied before this thread goes
// on, from a fresh start of run().
void UnicornCpu::safe_point(uc_engine* uc, uint64_t address) {
  auto interrupted = [&] {
    if (!interrupt_flag_->load(std::memory_order_relaxed) && !debug_flag_->load(std::memory_order_relaxed))
      return false;
    stop_at(uc, address, TrapKind::Interrupted);
    return true;
  };
  if (interrupted()) return;
  if (parallel_) {
    // Nothing to hand over: only what other threads changed in the guest map or code.
    if (!has_pending_.load(std::memory_order_acquire)) return;
    lock_->acquire();
    bool changed = catch_up();
    lock_->release();
    if (changed) {
      restart_ = true;  // run() starts the engine again at the block
      stop_at(uc, address, TrapKind::Stopped);
    }
    return;
  }
  if (!lock_ || !lock_->contended()) return;
  lock_->yield_after_slice();
  // What the threads that ran meanwhile asked of this one (SuspendThread …) before another block.
  if (interrupted()) {
    catch_up();
    return;
  }
  if (catch_up()) {
    restart_ = true;
    stop_at(uc, address, TrapKind::Stopped);
  }
}

// The guest made code at [addr, addr + len) coherent: this engine's translation of it goes now,
// the other engines' when their threads next hold the lock (on_code_write).
void UnicornCpu::on_code_sync(void* opaque, uint64_t addr, uint64_t len) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  stats::add(stats::CodeSyncs);
  if (self->parallel_) self->lock_->acquire();
  self->memory_.host_wrote(addr, len);
  if (self->parallel_) self->lock_->release();
}

namespace {

// What WritableCodePages may read of the guest's memory.
WritableCodePages::Readable readable_in(mem::AddressSpace& memory) {
  return [&memory](uint64_t at) {
    const mem::Vma* v = memory.find(at);
    return v && (v->prot & mem::kRead);
  };
}

}  // namespace

void UnicornCpu::drop_writable_code() {
  // (The pages blocks ran from since the last time: translated then or before, still translated
  // where their bytes were unchanged; on_block notes them.)
  last_run_page_ = ~0ull;
  if (!code_pages_.check_ran(readable_in(memory_), [this](uint64_t lo, uint64_t hi) { invalidate(lo, hi); })) return;
  // The block running now may be one that went, and the engine (2.1.1) goes on with it; one that
  // jumps to itself it would run on for good (invalidating a block takes the jumps of others to
  // it back, but its own jump to itself is taken out of its list first and never undone): the
  // run stops at the next block and starts again (where the engine stopped).
  stop_to_restart();
}

void UnicornCpu::stop_to_restart() {
  if (trap_pending_) return;  // (the guest stops anyway)
  restart_ = true;
  Trap t;
  t.kind = TrapKind::Stopped;
  record_trap(t);
  uc_emu_stop(uc_);
}

bool UnicornCpu::drop_rewritten_code() {
  last_run_page_ = ~0ull;
  return code_pages_.check_all(readable_in(memory_), [this](uint64_t lo, uint64_t hi) { invalidate(lo, hi); });
}

void UnicornCpu::on_serializing(void* opaque, uint64_t, uint64_t) {
  static_cast<UnicornCpu*>(opaque)->drop_writable_code();
}

bool UnicornCpu::catch_up() {
  bool others_wrote = false;
  if (desc_.coherent_code && lock_ && lock_->holder_changes() != seen_holder_changes_) {
    seen_holder_changes_ = lock_->holder_changes();
    others_wrote = drop_rewritten_code();
  }
  if (pending_maps_.empty() && pending_code_.empty()) return others_wrote;
  stats::add(stats::CatchUps);
  auto maps = std::move(pending_maps_);
  auto code = std::move(pending_code_);
  pending_maps_.clear();
  pending_code_.clear();
  has_pending_.store(false, std::memory_order_relaxed);
  for (const auto& [lo, hi] : maps) apply_map_change(lo, hi);
  for (const auto& [lo, hi] : code) code_changed(lo, hi);
  return true;
}

void UnicornCpu::on_code_write(uint64_t lo, uint64_t hi) {
  if (std::this_thread::get_id() != owner_) {
    pending_code_.emplace_back(lo, hi);  // applied by this engine's own thread
    has_pending_.store(true, std::memory_order_release);
    return;
  }
  code_changed(lo, hi);
}

void UnicornCpu::code_changed(uint64_t lo, uint64_t hi) {
  invalidate(lo, hi);  // (translated again, the blocks are scanned again: on_new_block)
  if (desc_.find_emulated) hook_sites(lo, hi, desc_.find_emulated, emulated_hooked_, reinterpret_cast<void*>(&on_emulated));
}

void UnicornCpu::on_map_change(uint64_t lo, uint64_t hi) {
  map_changes_.fetch_add(1, std::memory_order_release);
  if (std::this_thread::get_id() != owner_) {
    pending_maps_.emplace_back(lo, hi);  // applied by this engine's own thread
    has_pending_.store(true, std::memory_order_release);
    return;
  }
  apply_map_change(lo, hi);
}

bool UnicornCpu::guest_mapping(uint64_t addr, uint64_t& start, uint64_t& end, uint32_t& prot) {
  const uint64_t now = map_changes_.load(std::memory_order_acquire);
  if (kept_at_ == now) {
    for (const KeptMapping& k : kept_)
      if (addr >= k.start && addr < k.end) {
        start = k.start, end = k.end, prot = k.prot;
        return true;
      }
  } else {
    kept_[0] = kept_[1] = {};
    kept_at_ = now;
  }
  const bool take = parallel_ && lock_ && !lock_->held();
  if (take) lock_->acquire();
  const mem::Vma* v = memory_.find(addr);
  if (v) start = v->start, end = v->end, prot = v->prot;
  if (take) lock_->release();
  if (!v) return false;
  kept_[1] = kept_[0];
  kept_[0] = {start, end, prot};
  return true;
}

uint64_t UnicornCpu::accessible_prefix(uint64_t addr, uint64_t len, uint32_t prot) {
  uint64_t done = 0;
  while (done < len) {
    uint64_t start, end;
    uint32_t has;
    if (!guest_mapping(addr + done, start, end, has) || (has & prot) != prot) break;
    done = std::min(len, end - addr);
  }
  return done;
}

void UnicornCpu::stored(uint64_t addr, uint64_t len) {
  uint64_t start, end;
  uint32_t prot;
  if (!guest_mapping(addr, start, end, prot)) return;
  if (!(prot & mem::kExec) && addr + len <= end) return;
  // Into code: every engine drops what it translated from there, this one at once.
  const bool take = parallel_ && lock_ && !lock_->held();
  if (take) lock_->acquire();
  memory_.host_wrote(addr, len);
  if (take) lock_->release();
}

void UnicornCpu::apply_map_change(uint64_t lo, uint64_t hi) {
  ++engine_work_;
  struct Done {
    int& n;
    ~Done() { --n; }
  } done{engine_work_};
  auto diff = planner_.update(memory_, lo, hi);
  stats::add(stats::MapChanges);
  stats::add(stats::RegionsUnmapped, diff.removed.size());
  stats::add(stats::RegionsMapped, diff.added.size());
  for (const auto& r : diff.removed) {
    uc_err err = uc_mem_unmap(uc_, r.start, r.end - r.start);
    if (err != UC_ERR_OK) engine_fail("engine unmap failed", err);
  }
  for (const auto& r : diff.added) {
    uc_err err = uc_mem_map_ptr(uc_, r.start, r.end - r.start, uc_perms(r.perms),
                                reinterpret_cast<void*>(r.start));
    if (err != UC_ERR_OK) engine_fail("engine map failed", err);
  }
  // Pages the TLB holds may have other permissions now.
  if (desc_.virtual_tlb) flush_tlb(uc_);
  if (planner_.coarsened() && !warned_coarse_) {
    warned_coarse_ = true;
    log().info("the guest map has more protection changes than the engine holds regions ({}); "
               "some regions now carry the union of their pages' permissions",
               planner_.cap());
  }
  // Code that was translated from this range before the change is stale.
  memory_.for_each_in(lo, hi, [&](const mem::Vma& v) {
    if (v.prot & mem::kExec) code_changed(std::max(lo, v.start), std::min(hi, v.end));
  });
}

InterruptMeaning UnicornCpu::classify(uint32_t intno) const {
  const InterruptMeaning own = desc_.classify(intno);
  if (options_.syscall_vector < 0) return own;
  if (intno == static_cast<uint32_t>(options_.syscall_vector)) return InterruptMeaning::Syscall;
  return own == InterruptMeaning::Syscall ? InterruptMeaning::Other : own;
}

void UnicornCpu::serve_syscall() {
  if (model_state_) model_state_->on_syscall();
  if (parallel_) lock_->acquire();
  syscall_handler_(*this);
  // Other threads may have changed the map while this one waited in a host call.
  if (lock_) catch_up();
  // ... or stored to code (UnicornIsa::coherent_code: a syscall serializes).
  if (parallel_ && desc_.coherent_code) drop_writable_code();
  // (A clone that made the first other thread turned parallel execution on meanwhile.)
  if (parallel_) lock_->release();
  if (code_buffer_ && ++syscalls_unwatched_ >= kSyscallsPerBufferLook) {
    syscalls_unwatched_ = 0;
    if (code_buffer_nearly_full(code_buffer_) && !trap_pending_) {
      flush_due_ = true;  // (run() flushes the buffer, and starts the engine again after the syscall)
      stop_to_restart();
    }
  }
}

void UnicornCpu::on_syscall_instruction(uc_engine*, void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  if (self->syscall_handler_) self->serve_syscall();
}

void UnicornCpu::on_interrupt(uc_engine* uc, uint32_t intno, void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  Trap t;
  const InterruptMeaning meaning = self->classify(intno);
  if (self->tlb_lent_ && meaning != InterruptMeaning::Syscall) {
    self->tlb_lent_ = false;
    flush_tlb(uc);  // what was lent goes
  }
  if ((meaning == InterruptMeaning::Undefined || (meaning == InterruptMeaning::Other && self->desc_.missing_on_other)) &&
      self->run_missing_) {
    // An instruction the engine's model lacks: executed, and the run goes on after it. (The pc is
    // written only where the exception did not leave it there already: a write from a hook costs
    // the engine a restart.)
    const uint64_t skewed = self->pc(), at = skewed - self->desc_.exception_pc_skew;
    MissingRun run;
    run.state = self->model_state_.get();
    run.memory = self;
    run.one_only = self->step_hook_ || !self->debug_breakpoints_.empty();
    if (const uint32_t size = self->run_missing_(uc, at, run)) {
      if (size != kMissingMovedPc && skewed != at + size) self->move_pc(at + size);
      return;
    }
    if (run.fault) {
      // Its memory access faulted: the fault is the instruction's, as the engine's own are.
      const uint64_t fault_pc = run.fault_pc ? run.fault_pc : at;
      if (skewed != fault_pc) self->move_pc(fault_pc);
      t.kind = TrapKind::MemoryFault;
      t.fault_addr = run.fault_addr;
      t.access = run.access;
      if (self->parallel_) self->lock_->acquire();
      t.unmapped = self->memory_.find(run.fault_addr) == nullptr;
      if (self->parallel_) self->lock_->release();
      t.pc = fault_pc;
      if (!self->trap_pending_) self->trap_located_ = true;  // (its pc is the instruction's)
      self->record_trap(t);
      uc_emu_stop(uc);
      return;
    }
  }
  if (self->desc_.exception_pc_skew && meaning != InterruptMeaning::Syscall)
    self->move_pc(self->pc() - self->desc_.exception_pc_skew);
  switch (meaning) {
    case InterruptMeaning::Syscall:
      if (self->desc_.syscall_pc_advance) self->move_pc(self->pc() + self->desc_.syscall_pc_advance);
      if (self->syscall_handler_) {
        self->serve_syscall();
        return;
      }
      t.kind = TrapKind::EngineError;
      t.detail = "syscall with no handler";
      break;
    case InterruptMeaning::Breakpoint: t.kind = TrapKind::Breakpoint; break;
    case InterruptMeaning::Undefined: t.kind = TrapKind::IllegalInstruction; break;
    case InterruptMeaning::DivideError: t.kind = TrapKind::DivideError; break;
    case InterruptMeaning::Other:
      if (self->desc_.describe_exception && self->desc_.describe_exception(uc, intno, t)) {
        // A fault the ISA raised after a refused probe of the TLB hook: its page.
        if (t.kind == TrapKind::MemoryFault && self->tlb_refused_) {
          t.fault_addr = self->tlb_refused_page_;
          t.access = self->tlb_refused_access_;
          t.unmapped = self->tlb_refused_unmapped_;
        }
        break;
      }
      t.kind = TrapKind::EngineError;
      t.code = intno;
      t.detail = "unexpected CPU exception " + std::to_string(intno);
      break;
  }
  t.pc = self->pc();
  self->record_trap(t);
  uc_emu_stop(uc);
}

bool UnicornCpu::on_invalid_memory(uc_engine*, uc_mem_type type, uint64_t addr, int, int64_t,
                                   void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  Trap t;
  t.kind = TrapKind::MemoryFault;
  t.fault_addr = addr;
  switch (type) {
    case UC_MEM_READ_UNMAPPED: t.access = Access::Read, t.unmapped = true; break;
    case UC_MEM_WRITE_UNMAPPED: t.access = Access::Write, t.unmapped = true; break;
    case UC_MEM_FETCH_UNMAPPED: t.access = Access::Fetch, t.unmapped = true; break;
    case UC_MEM_READ_PROT: t.access = Access::Read; break;
    case UC_MEM_WRITE_PROT: t.access = Access::Write; break;
    case UC_MEM_FETCH_PROT: t.access = Access::Fetch; break;
    default: break;
  }
  t.pc = self->pc();
  if (t.access == Access::Fetch) t.pc = addr;
  self->record_trap(t);
  return false;  // the engine stops with an error; run() returns the trap
}

// The guest map's permissions for the page, as the TLB entry of an identity mapping (guest
// memory is host memory at the same address, which the engine's regions map one to one).
bool UnicornCpu::on_tlb_fill(uc_engine* uc, uint64_t vaddr, uc_mem_type type, uc_tlb_entry* e, void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  // (Each run looks up the code at its end address, ~0: not an access of the guest's.)
  if (vaddr == (~0ull & ~0xfffull)) return false;
  // The guest map, read under the lock where threads run in parallel (another thread's mmap may
  // be changing it: this engine runs without the lock).
  bool mapped = false;
  uint32_t prot = 0;
  {
    const bool take = self->parallel_ && self->lock_ && !self->lock_->held();
    if (take) self->lock_->acquire();
    if (const mem::Vma* v = self->memory_.find(vaddr)) {
      mapped = true;
      prot = v->prot;
    }
    if (take) self->lock_->release();
  }
  if (self->engine_work_) {
    // The engine looks code up for polyrun's own calls (dropping translations, unmapping): a
    // refusal there would unwind into a run that is not there. Granted; the TLB is flushed after.
    e->paddr = vaddr;
    e->perms = UC_PROT_ALL;
    return true;
  }
  const uint32_t need = type == UC_MEM_WRITE ? uint32_t{mem::kWrite} : type == UC_MEM_FETCH ? uint32_t{mem::kExec} : uint32_t{mem::kRead};
  if (mapped && (prot & need)) {
    e->paddr = vaddr;
    e->perms = static_cast<uc_prot>(uc_perms(prot));
    return true;
  }
  if (type == UC_MEM_FETCH && mapped && (prot & mem::kRead) && self->desc_.lend_page_before_pc) {
    uint64_t pc = 0;
    uc_reg_read(uc, self->desc_.pc_reg, &pc);
    if (vaddr + self->memory_.page_size() == self->memory_.page_down(pc)) {
      // Not the guest's fetch (UnicornIsa::lend_page_before_pc): granted until the next trap.
      e->paddr = vaddr;
      e->perms = static_cast<uc_prot>(uc_perms(prot) | UC_PROT_EXEC);
      self->tlb_lent_ = true;
      return true;
    }
  }
  self->tlb_refused_ = true;
  self->tlb_refused_page_ = vaddr;
  self->tlb_refused_access_ = type == UC_MEM_WRITE ? Access::Write : type == UC_MEM_FETCH ? Access::Fetch : Access::Read;
  self->tlb_refused_unmapped_ = !mapped;
  return false;
}

bool UnicornCpu::on_invalid_insn(uc_engine* uc, void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  if (self->desc_.invalid_goes_on) return true;  // an undefined instruction comes to on_interrupt
  Trap t;
  t.kind = TrapKind::IllegalInstruction;
  t.pc = self->pc();
  if (self->desc_.describe_invalid) self->desc_.describe_invalid(uc, t);
  self->record_trap(t);
  return false;
}

uint64_t UnicornCpu::locate_fault(const Trap& t) {
  if (!desc_.copy_for_replay) return t.pc;
  if (!replay_) {
    if (uc_open(desc_.arch, desc_.mode, &replay_) != UC_ERR_OK) {
      replay_ = nullptr;
      return t.pc;
    }
    if (engine_model_ >= 0) uc_ctl_set_cpu_model(replay_, engine_model_);
    if (desc_.init) desc_.init(replay_);
    uc_hook h;
    if (uc_hook_add(replay_, &h, UC_HOOK_CODE, reinterpret_cast<void*>(&on_replay_code), this, 1, 0) != UC_ERR_OK ||
        uc_hook_add(replay_, &h, UC_HOOK_MEM_INVALID, reinterpret_cast<void*>(&on_replay_memory), this, 1, 0) != UC_ERR_OK) {
      uc_close(replay_);
      replay_ = nullptr;
      return t.pc;
    }
  }
  const uint64_t start = block_hook_ ? block_start_ : t.pc;
  uint64_t found = start;
  // From the start, the instructions in the order the engine may have run them without storing a
  // pc: straight on, and with the ISA's direct_successors into the blocks its direct branches
  // chain to (the nearest first). Known from the block hook, the start's own block holds the
  // fault: a block ends at its first jump, a few hundred instructions at most.
  std::deque<uint64_t> next{start};
  std::unordered_set<uint64_t> seen;
  std::vector<uint64_t> targets;
  const bool follow = desc_.direct_successors && !block_hook_;
  int budget = follow ? 4096 : 512;
  while (!next.empty() && budget > 0) {
    uint64_t at = next.front();
    next.pop_front();
    for (; budget > 0 && seen.insert(at).second; --budget) {
      replay_decode_ = true;
      replay_size_ = 0;
      // (The registers first: what an instruction is may depend on them, ARM's Thumb and IT state.)
      desc_.copy_for_replay(uc_, replay_);
      uc_emu_start(replay_, resume_address(uc_, at), ~0ull, 0, 0);
      if (!replay_size_) break;
      replay_decode_ = false;
      replay_at_ = at;
      replay_fault_ = false;
      desc_.copy_for_replay(uc_, replay_);
      uc_emu_start(replay_, resume_address(uc_, at), at + replay_size_, 0, 0);
      if (replay_fault_ && replay_addr_ == t.fault_addr && replay_access_ == t.access) {
        found = at;
        next.clear();
        break;
      }
      if (follow) {
        uint8_t insn[16];
        const auto size = static_cast<uint32_t>(std::min<uint64_t>(replay_size_, sizeof insn));
        if (!memory_.accessible(at, size, mem::kRead)) break;
        std::memcpy(insn, reinterpret_cast<const void*>(at), size);
        targets.clear();
        const bool goes_on = desc_.direct_successors(insn, size, at, targets);
        for (uint64_t target : targets) next.push_back(target);
        if (!goes_on) break;
      }
      at += replay_size_;
    }
  }
  // The guest may unmap what was mapped for this replay: none of it stays.
  for (uint64_t page : replay_pages_) uc_mem_unmap(replay_, page, memory_.page_size());
  replay_pages_.clear();
  return found;
}

// Decoding: note the instruction and stop before it executes. Executing: only the one instruction.
void UnicornCpu::on_replay_code(uc_engine* uc, uint64_t address, uint32_t size, void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  if (self->replay_decode_) {
    self->replay_size_ = size;
    uc_emu_stop(uc);
  } else if (address != self->replay_at_) {
    uc_emu_stop(uc);
  }
}

// Guest memory the access may touch is mapped in (read-only and executable: the replay changes
// nothing); any other access is a fault, noted.
bool UnicornCpu::on_replay_memory(uc_engine* uc, uc_mem_type type, uint64_t addr, int size, int64_t,
                                  void* opaque) {
  auto* self = static_cast<UnicornCpu*>(opaque);
  bool fetch = type == UC_MEM_FETCH_UNMAPPED, read = type == UC_MEM_READ_UNMAPPED;
  uint32_t need = fetch ? uint32_t{mem::kExec} : read ? uint32_t{mem::kRead} : 0u;
  uint64_t page = self->memory_.page_down(addr);
  uint64_t end = self->memory_.page_up(addr + static_cast<uint64_t>(std::max(size, 1)));
  if (need && self->memory_.accessible(page, end - page, need)) {
    bool ok = true;
    for (uint64_t p = page; p < end && ok; p += self->memory_.page_size()) {
      ok = uc_mem_map_ptr(uc, p, self->memory_.page_size(), UC_PROT_READ | UC_PROT_EXEC, reinterpret_cast<void*>(p)) == UC_ERR_OK;
      if (ok) self->replay_pages_.push_back(p);
    }
    if (ok) return true;  // the engine retries the access
  }
  if (!self->replay_decode_ && !self->replay_fault_) {
    self->replay_fault_ = true;
    self->replay_addr_ = addr;
    self->replay_access_ = type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT ? Access::Write
                           : fetch || type == UC_MEM_FETCH_PROT ? Access::Fetch : Access::Read;
  }
  return false;
}

bool Cpu::has_feature(const std::string& name) const {
  const auto& f = features();
  return std::find(f.begin(), f.end(), name) != f.end();
}

static const UnicornIsa* unicorn_isa_for(Isa isa) {
  switch (isa) {
    case Isa::Aarch64: return &unicorn_isa_aarch64();
    case Isa::Riscv64: return &unicorn_isa_riscv64();
    case Isa::X86_64: return &unicorn_isa_x86_64();
    case Isa::I386: return &unicorn_isa_i386();
    case Isa::Arm: return &unicorn_isa_arm();
    case Isa::S390x: return &unicorn_isa_s390x();
    default: return nullptr;
  }
}

std::vector<CpuModel> cpu_models(Isa isa) {
  std::vector<CpuModel> out;
  const UnicornIsa* d = unicorn_isa_for(isa);
  if (!d || !d->model_name) return out;
  out.push_back({d->model_name, d->features});
  for (const auto& m : d->other_models) out.push_back({m.name, m.implements()});
  return out;
}

std::unique_ptr<Cpu> create_cpu(Isa isa, mem::AddressSpace& memory, const CpuOptions& options) {
  if (const UnicornIsa* d = unicorn_isa_for(isa)) return std::make_unique<UnicornCpu>(*d, memory, options);
  throw std::runtime_error(std::string("no CPU backend for ") + isa_name(isa));
}

}  // namespace polyrun::cpu
