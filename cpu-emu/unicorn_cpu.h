// The Unicorn backend shared by every ISA. Per-ISA facts (engine mode, CPU model, register ids,
// which interrupt numbers mean what) come from an UnicornIsa description in cpu-emu/<isa>_unicorn.cpp.
//
// Engine rules this backend keeps (Unicorn 2.1): no per-instruction or memory-access hooks (code
// hooks only on the atomic instructions — load/store-exclusives, i386's locked instructions — of
// blocks a thread of a process with threads has run, and on the few instructions an ISA's
// find_emulated lists), a block hook
// only once a guest needs safe points (share_execution, watch_interrupts); no count or timeout
// given to uc_emu_start; stops only from inside hooks (a stop from another thread, or the engine's
// timeout, can end a block after some of its loads and stores and report the block's start: an
// instruction would run twice); a bounded number of memory regions (EngineRegionPlanner). (A
// scratch engine that locates faulting instructions is exempt.)
#pragma once

#include <unicorn/unicorn.h>

#include <map>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "cpu-emu/cpu.h"
#include "cpu-emu/engine_code_buffer.h"
#include "cpu-emu/engine_regions.h"
#include "cpu-emu/execution_lock.h"
#include "cpu-emu/writable_code_pages.h"
#include "memory/address_space.h"

namespace polyrun::cpu {

enum class InterruptMeaning { Syscall, Breakpoint, Undefined, DivideError, Other };

// The monitor of an ISA's load-exclusive instruction as polyrun executes it: what was loaded from
// where (a store-exclusive succeeds while memory still holds that value).
struct ExclusiveMonitor {
  bool valid = false;
  uint64_t addr = 0;
  uint32_t size = 0;  // bytes: 1, 2, 4, 8 or 16
  uint64_t value[2] = {0, 0};
};

// What UnicornIsa::run_missing returns when it moved the pc itself.
constexpr uint32_t kMissingMovedPc = 0xffffffffu;

// Per-CPU state of an ISA's model beyond the engine's (aarch64: SVE's registers, which
// run_missing's instructions use; s390x: the model's facility list), which its hooks are given.
class ModelState {
 public:
  virtual ~ModelState() = default;
  // The guest made a syscall.
  virtual void on_syscall() {}
  virtual ScalableVectors* scalable_vectors() { return nullptr; }
};

// Guest memory as run_missing's own loads and stores are to see it (they access host memory at
// the guest's address directly): what the guest map grants, not whatever the host has there
// (polyrun's own memory, a sanitizer's shadow), so that they fault where the engine's would; and
// a store into executable memory makes every engine drop what it translated from there.
class GuestMemory {
 public:
  virtual ~GuestMemory() = default;
  // How many bytes from addr on (at most len) the guest map grants `prot` (mem::Prot bits).
  virtual uint64_t accessible_prefix(uint64_t addr, uint64_t len, uint32_t prot) = 0;
  // The instruction stored to [addr, addr + len).
  virtual void stored(uint64_t addr, uint64_t len) = 0;
};

// One call of UnicornIsa::run_missing: the CPU's ModelState (null: none), its guest memory and,
// where the instruction's memory access faulted (it returns 0 then), the fault.
struct MissingRun {
  ModelState* state = nullptr;
  GuestMemory* memory = nullptr;
  // run_missing may go on with the instructions after the one at pc that it executes too (the
  // engine's exception and restart cost more than such an instruction), returning the size of
  // all it ran; not while a debugger steps or sets breakpoints.
  bool one_only = false;
  bool fault = false;
  uint64_t fault_addr = 0;
  uint64_t fault_pc = 0;  // the faulting instruction's (0: the one at pc)
  Access access = Access::Read;
};

struct UnicornIsa {
  Isa isa;
  uc_arch arch;
  uc_mode mode;
  int cpu_model;                       // the default model's engine id (-1: the engine's default)
  std::vector<int> reg_ids;            // our register id -> Unicorn register id
  int pc_reg;                          // Unicorn id of the program counter
  size_t region_cap;                   // engine regions allowed (below the engine's section bound)
  std::vector<std::string> features;   // what the default model implements
  InterruptMeaning (*classify)(uint32_t intno);
  void (*init)(uc_engine* uc);         // enables FP/SIMD etc.
  void (*set_segment_base)(uc_engine* uc, Segment seg, uint64_t base);  // null: not supported
  std::vector<int> thread_regs = {};     // what a thread's context holds (our ids); empty: no
  std::vector<int> thread_vectors = {};  // threads on this backend yet
  // The engine ends a run by itself, without a hook, on an instruction that halts the CPU (x86
  // hlt): its size, to report it as a PrivilegedInstruction; 0: no such instruction.
  uint32_t halt_size = 0;
  // Called after a DivideError trap, outside the engine: undoes what the engine keeps of an
  // exception its hook took instead of delivering (null: nothing to undo).
  void (*after_divide_error)(uc_engine* uc) = nullptr;
  // Copies what decides the addresses an instruction accesses (general registers, flags, segment
  // bases) from one engine to another of the same ISA; null: faults are not located (their pc
  // may be their block's first instruction's).
  void (*copy_for_replay)(uc_engine* from, uc_engine* to) = nullptr;
  // Hooks the guest's instruction-cache maintenance (aarch64 `ic ivau`), which a program that
  // writes code issues before running it: `sync` gets the range, so that every engine drops what
  // it translated from there (an engine sees its own stores to code, not another engine's).
  // Null: the ISA keeps caches coherent without such instructions.
  void (*hook_code_sync)(uc_engine* uc, const struct CodeSyncHook* hook) = nullptr;
  // Guest threads of this ISA run at the same time, each engine on its own host thread, when its
  // atomic instructions can be taken out of the engine's hands (which translates them as plain
  // load, compare and store): find_exclusive lists the addresses of such instructions in guest
  // code [lo, hi) (read from host memory), and run_exclusive, called before the instruction at pc
  // executes, performs it with host atomics and moves pc past it (false: the engine executes it,
  // to raise its fault). Null: the ISA's threads take turns under the execution lock.
  void (*find_exclusive)(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out) = nullptr;
  bool (*run_exclusive)(uc_engine* uc, uint64_t pc, ExclusiveMonitor& monitor) = nullptr;
  // What an exception `classify` leaves as InterruptMeaning::Other means as a Trap (kind, code,
  // fault address; the engine's pc moved to the trap's): false for a number the engine does not
  // raise for user code, which is reported as an engine error (cpu-emu/engine_exceptions.h).
  bool (*describe_exception)(uc_engine* uc, uint32_t intno, Trap& t) = nullptr;
  // Cpu::read_system_register for the ISA (null: none); `state`: the CPU's ModelState, if any.
  bool (*read_system_register)(uc_engine* uc, ModelState* state, uint32_t id, uint64_t& value) = nullptr;
  // What the engine adds to pc on every exception before the interrupt hook sees it (its riscv
  // target adds 4, whatever the instruction's size): taken back but for a syscall, whose return
  // address it then is.
  uint32_t exception_pc_skew = 0;
  // What the engine's invalid-instruction stop at t.pc means where that is not always an
  // undefined instruction (riscv: ebreak stops the engine that way): may change t.kind. Null:
  // an undefined instruction.
  void (*describe_invalid)(uc_engine* uc, Trap& t) = nullptr;
  // An instruction the engine's model lacks and polyrun executes itself (riscv64's Zba, Zbb and
  // Zbs: the engine raises its undefined-instruction exception there): run_missing executes the
  // instruction at pc (registers but the pc) and returns its size, and the run goes on after it;
  // kMissingMovedPc: it moved the pc itself (a branch taken), the run goes on there; 0 (not such
  // an instruction): the undefined instruction's trap. Null: none.
  uint32_t (*run_missing)(uc_engine* uc, uint64_t pc, MissingRun& run) = nullptr;
  // Makes a CPU's ModelState for its model (options.model), once its engine is set up (null, or
  // returning null: none).
  std::unique_ptr<ModelState> (*new_model_state)(uc_engine* uc, const CpuOptions& options) = nullptr;
  // The default model's features polyrun executes itself through run_missing (aarch64: SVE and
  // SVE2): in its features only with CpuOptions::sve Shown, and not executed at all with Off.
  std::vector<std::string> missing_features = {};
  // run_missing is offered the exceptions classify leaves as Other too (s390x, whose engine
  // raises one program interruption for every cause: run_missing reads which), 0 from it going on
  // to describe_exception.
  bool missing_on_other = false;
  // Where the engine is to go on at `pc` in the instruction set it runs now, as uc_emu_start and
  // its pc register take it (ARM: bit 0 set in Thumb state; a pc written with bit 0 clear would
  // switch to ARM state): what run() starts from and what the backend's own moves of the pc
  // (traps, hooks, replays) write. Null: pc itself.
  uint64_t (*resume_address)(uc_engine* uc, uint64_t pc) = nullptr;
  // Registers the engine reaches only through a structure of its own, or whose writes keep to what
  // user code may set (ARM: TPIDRURW through UC_ARM_REG_CP_REG; CPSR, whose mode stays User):
  // reg_ids holds -1 for them, and these read and write them. Null: every register is in reg_ids.
  uint64_t (*read_reg)(uc_engine* uc, int id) = nullptr;
  void (*write_reg)(uc_engine* uc, int id, uint64_t value) = nullptr;
  // Our register id -> the Unicorn id read_vector and write_vector reach, -1 for none (ARM: Q0–Q15
  // as the ids of D0, D2 … D30, the low halves). Empty: reg_ids.
  std::vector<int> vector_ids = {};
  // The engine's invalid-instruction stop also comes where no instruction is undefined (its ARM
  // target raises an internal exception, with the pc after them, at yield and wfe): true lets the
  // engine go on from there, which then runs those as the hints they are and passes an undefined
  // instruction to the interrupt hook (classify) with its own pc. False: describe_invalid.
  bool invalid_goes_on = false;
  // The ISA keeps instruction fetches coherent with stores, with no instruction a program must
  // issue before running code it wrote (x86, s390x): where threads take turns, an engine whose
  // thread takes the lock over from another drops what it translated from writable and executable
  // mappings, which the other thread's engine may have stored to (an engine notices its own stores
  // to code only). Where they run in parallel, an engine drops what it translated from such
  // mappings when its thread next passes through polyrun (a syscall: the futex calls of the locks
  // and barriers that order one thread's rewrite before another's run) after another thread did,
  // and at the instructions hook_serializing hooks (x86 cpuid, which serializes as a syscall does).
  bool coherent_code = false;
  // The default model's name (null: the ISA offers no choice of model) and the other models a
  // CPU may be created as (CpuOptions::model), each with its engine id and what it implements.
  const char* model_name = nullptr;
  struct OtherModel {
    const char* name;
    int engine_model;
    std::vector<std::string> features;
    bool run_missing = true;  // false: the engine's model alone, without run_missing's instructions
    // Where what it implements is found from the engine's model when first asked (i386: from its
    // CPUID), instead of `features`: what a program's start need not compute for models it does
    // not run.
    const std::vector<std::string>& (*features_of)(int engine_model) = nullptr;
    const std::vector<std::string>& implements() const { return features_of ? features_of(engine_model) : features; }
  };
  std::vector<OtherModel> other_models = {};
  // With coherent_code and threads in parallel: hooks the serializing instructions user code may
  // issue besides syscalls (x86 cpuid), which call `hook->sync` (its range is left 0).
  void (*hook_serializing)(uc_engine* uc, const struct CodeSyncHook* hook) = nullptr;
  // Takes the engine to user privilege (CpuOptions::user_mode), once, at creation; false when it
  // could not. Null: the ISA's engine has no such choice.
  bool (*enter_user_mode)(uc_engine* uc) = nullptr;
  // The engine reports a syscall with the pc at its instruction (s390x's svc): the pc is moved on
  // by this before the handler runs, so that it is the return address. 0: the pc is past it.
  uint32_t syscall_pc_advance = 0;
  // An instruction that is a system call without being an interrupt (x86-64's `syscall`:
  // UC_X86_INS_SYSCALL), served by the syscall handler from an instruction hook with the pc at
  // the instruction (the engine steps over it afterwards). 0: none.
  int syscall_instruction = 0;
  // Guest memory is reached through the engine's virtual TLB, filled page by page with the guest
  // map's own permissions: a refused access stops the engine at the faulting instruction, with
  // the page known (s390x, whose engine otherwise reports an unmapped access without its address
  // and a refused one at its block's start). The TLB is flushed whenever the map changes.
  bool virtual_tlb = false;
  // With virtual_tlb: the engine fetches from the page before the pc's while raising some
  // exceptions (s390x's privileged-operation exception), not for the guest: a readable page
  // there is lent as executable until the exception's interrupt (refused, the exception would be
  // lost).
  bool lend_page_before_pc = false;
  // Instructions polyrun executes itself in every process, where the engine's are wrong (s390x's
  // STCK stores 0: the engine has no time-of-day clock). find_emulated lists the addresses where
  // guest code [lo, hi) holds one, hooked as code is mapped or written (they are few); before the
  // instruction at pc runs, run_emulated executes it and moves the pc on (false: the engine
  // executes it).
  void (*find_emulated)(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out) = nullptr;
  bool (*run_emulated)(uc_engine* uc, ModelState* state, uint64_t pc) = nullptr;
  // Of find_exclusive's instructions, the ones the engine executes wrongly, which run_exclusive
  // executes even while the engine runs alone, where the other atomics are left to it (aarch64:
  // the engine compares LSE's signed LDSMAX/LDSMIN of 1, 2 and 4 bytes unsigned). Scanned for
  // only where the model has `wrong_feature` (a model without it raises the engine's
  // undefined-instruction exception).
  void (*find_engine_wrong)(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out) = nullptr;
  const char* wrong_feature = nullptr;
  // Where the engine may go from the instruction at pc (`insn`, `size` bytes of it) without
  // storing a pc, which it does only on leaving a block through its main loop or an indirect
  // branch: the targets of a direct branch or call (the engine chains blocks through them) into
  // `targets`; returns whether it may also go on to the next instruction (false after an
  // unconditional branch, a call, an indirect branch, a return, a syscall). For locating a
  // memory fault without the block hook. Null: straight on from the engine's pc only.
  bool (*direct_successors)(const uint8_t* insn, uint32_t size, uint64_t pc, std::vector<uint64_t>& targets) = nullptr;
  // The engine ends a run with an exception of its own, calling no hook, on an instruction it
  // refuses to decode (s390x: an RRE instruction whose reserved byte is not zero): reported as an
  // IllegalInstruction at the pc it stopped at, as the CPU's operation exception would be. False:
  // such a stop is an engine error.
  bool unhooked_exception_is_illegal = false;
};

// What UnicornIsa::hook_code_sync reports to (owned by the engine's UnicornCpu).
struct CodeSyncHook {
  void (*sync)(void* self, uint64_t addr, uint64_t len);
  void* self;
};

// Register ids from..to (UnicornIsa::thread_regs and thread_vectors).
inline std::vector<int> reg_range(int from, int to) {
  std::vector<int> v;
  for (int i = from; i <= to; ++i) v.push_back(i);
  return v;
}

const UnicornIsa& unicorn_isa_aarch64();
void aarch64_find_exclusive(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out);
void aarch64_find_engine_wrong(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out);
bool aarch64_run_exclusive(uc_engine* uc, uint64_t pc, ExclusiveMonitor& monitor);
// LSE's atomic instructions (aarch64_lse.cpp), which the exclusives' scan and hook take as well.
bool aarch64_is_lse(uint32_t insn);
bool aarch64_run_lse(uc_engine* uc, uint64_t pc, uint32_t insn);
bool aarch64_direct_successors(const uint8_t* insn, uint32_t size, uint64_t pc, std::vector<uint64_t>& targets);
const UnicornIsa& unicorn_isa_riscv64();
void riscv64_find_atomic(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out);
bool riscv64_run_atomic(uc_engine* uc, uint64_t pc, ExclusiveMonitor& monitor);
// riscv64's Zba, Zbb and Zbs instructions, which the engine's model lacks (riscv64_bitmanip.cpp;
// their decoding alone in riscv64_bitmanip.h): the one at pc executed in the engine, its size
// returned (0: none of them; UnicornIsa::run_missing).
uint32_t riscv64_run_bitmanip(uc_engine* uc, uint64_t pc, MissingRun& run);
// aarch64's SVE and SVE2 instructions (cpu-emu/aarch64_sve_engine.cpp, over cpu-emu/sve/).
uint32_t aarch64_run_sve(uc_engine* uc, uint64_t pc, MissingRun& run);
std::unique_ptr<ModelState> aarch64_new_sve_state(uc_engine* uc, const CpuOptions& options);
const UnicornIsa& unicorn_isa_arm();
void arm_find_exclusive(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out);
bool arm_run_exclusive(uc_engine* uc, uint64_t pc, ExclusiveMonitor& monitor);
// The data address and direction of the load/store-exclusive at pc (in the engine's current
// instruction set), for an alignment fault's report; false: no such instruction there.
bool arm_exclusive_target(uc_engine* uc, uint64_t pc, uint64_t& addr, Access& access);
const UnicornIsa& unicorn_isa_s390x();
void s390x_find_atomic(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out);
bool s390x_run_atomic(uc_engine* uc, uint64_t pc, ExclusiveMonitor& monitor);
const UnicornIsa& unicorn_isa_x86_64();
const UnicornIsa& unicorn_isa_i386();
bool x86_64_direct_successors(const uint8_t* insn, uint32_t size, uint64_t pc, std::vector<uint64_t>& targets);
bool i386_direct_successors(const uint8_t* insn, uint32_t size, uint64_t pc, std::vector<uint64_t>& targets);
// i386's locked instructions (cpu-emu/x86_atomics.cpp; i386_find_atomic in x86_atomics.h), and
// the base of a segment register (x86::kEs … x86::kGs) of a 32-bit engine, for their addresses.
bool i386_run_atomic(uc_engine* uc, uint64_t pc, ExclusiveMonitor& monitor);
uint32_t i386_segment_base(uc_engine* uc, int segment);

class UnicornCpu final : public Cpu, public mem::Observer, private GuestMemory {
 public:
  UnicornCpu(const UnicornIsa& desc, mem::AddressSpace& memory, const CpuOptions& options = {});
  ~UnicornCpu() override;

  Isa isa() const override { return desc_.isa; }
  uint64_t reg(int id) override;
  void set_reg(int id, uint64_t value) override;
  void read_vector(int id, uint8_t out[16]) override;
  void write_vector(int id, const uint8_t in[16]) override;
  uint64_t pc() override;
  void set_pc(uint64_t pc) override;
  Trap run() override;
  void stop() override;
  void invalidate(uint64_t lo, uint64_t hi) override;
  const std::vector<std::string>& features() const override { return *features_; }
  ScalableVectors* scalable_vectors() override { return model_state_ ? model_state_->scalable_vectors() : nullptr; }
  bool read_system_register(uint32_t id, uint64_t& value) override {
    return desc_.read_system_register && desc_.read_system_register(uc_, model_state_.get(), id, value);
  }
  size_t engine_region_count() const override { return planner_.regions().size(); }
  void set_segment_base(Segment seg, uint64_t base) override;
  void push_x87(double value) override;
  long double pop_x87() override;
  CpuContext save_context() override;
  void load_context(const CpuContext& c) override;
  void share_execution(ExecutionLock& lock) override;
  void watch_interrupts(const std::atomic<bool>* flag) override;
  bool set_debug_breakpoints(const std::vector<uint64_t>& addrs) override;
  bool set_single_step(bool on) override;
  void watch_debug_requests(const std::atomic<bool>* flag) override;

  void on_map_change(uint64_t lo, uint64_t hi) override;
  void on_code_write(uint64_t lo, uint64_t hi) override;

 private:
  // GuestMemory, for run_missing: the guest map, read under the lock where threads run in
  // parallel, with the last two mappings found kept until the map next changes.
  uint64_t accessible_prefix(uint64_t addr, uint64_t len, uint32_t prot) override;
  void stored(uint64_t addr, uint64_t len) override;
  // The guest mapping holding addr, from the kept ones or the map (false: none).
  bool guest_mapping(uint64_t addr, uint64_t& start, uint64_t& end, uint32_t& prot);
  static void on_interrupt(uc_engine* uc, uint32_t intno, void* self);
  static void on_syscall_instruction(uc_engine* uc, void* self);
  void serve_syscall();
  static bool on_invalid_memory(uc_engine* uc, uc_mem_type type, uint64_t addr, int size,
                                int64_t value, void* self);
  static bool on_invalid_insn(uc_engine* uc, void* self);
  static void on_block(uc_engine* uc, uint64_t address, uint32_t size, void* self);
  [[gnu::noinline]] void safe_point(uc_engine* uc, uint64_t address);
  static bool on_tlb_fill(uc_engine* uc, uint64_t vaddr, uc_mem_type type, uc_tlb_entry* e, void* self);
  static void on_exclusive(uc_engine* uc, uint64_t address, uint32_t size, void* self);
  // The whole translation cache goes (engine_code_buffer.h); outside a run.
  void flush_code_buffer();
  // Parallel execution: hooks the exclusive instructions of guest code in [lo, hi) not hooked yet
  // and drops what was translated of them without the hook.
  void hook_exclusive(uint64_t lo, uint64_t hi);
  // Hooks, with `callback`, the addresses `find` lists in the executable mappings of [lo, hi) that
  // `hooked` does not hold yet; the translations made without the hook go.
  void hook_sites(uint64_t lo, uint64_t hi, void (*find)(uint64_t, uint64_t, std::vector<uint64_t>&),
                  std::unordered_set<uint64_t>& hooked, void* callback);
  static void on_emulated(uc_engine* uc, uint64_t address, uint32_t size, void* self);
  // Debugging: a hook bounded to one address per breakpoint, and while stepping one hook over
  // every address, which lets the first instruction of a run execute and stops before the second.
  static void on_debug_breakpoint(uc_engine* uc, uint64_t address, uint32_t size, void* self);
  static void on_debug_step(uc_engine* uc, uint64_t address, uint32_t size, void* self);
  // Parallel execution: exclusives are hooked block by block as the engine translates each block
  // (on_new_block), not all at once: the engine walks its whole list of code hooks for every
  // hooked instruction it executes, so each hook that is never needed costs every exclusive that
  // runs (glibc's armhf build has some 2,000 exclusives, its riscv64 build 600). Hooks the
  // exclusives of the block [address, address + size); true if it had any not hooked yet (its
  // translation, made without them, is then dropped).
  bool scan_block(uint64_t address, uint64_t size);
  static void on_new_block(uc_engine* uc, uc_tb* cur, uc_tb* prev, void* self);
  // Stops the run at a block boundary (from a hook), with the pc at that block.
  void stop_at(uc_engine* uc, uint64_t pc, TrapKind kind);
  // Locating a memory fault: the engine stops with the registers as the faulting instruction
  // found them, but its pc is only where it last stored one — the start of the run, of a block it
  // entered through its main loop or an indirect branch — not of a block it chained into from
  // there through direct branches. With the block hook, block_start_ is the faulting block's own
  // start; else the search goes from the engine's pc along UnicornIsa::direct_successors. A
  // scratch engine executes the instructions one at a time with those registers (over the
  // guest's memory, read-only) until one faults the same way. Returns the start if none does.
  uint64_t locate_fault(const Trap& t);
  static void on_code_sync(void* self, uint64_t addr, uint64_t len);
  // UnicornIsa::coherent_code in parallel: this engine's thread serializes; what the engine
  // translated from the writable pages it ran blocks from since and that other engines stored to
  // goes, to be translated and scanned again (writable_code_pages.h).
  void drop_writable_code();
  // From a hook: the run stops where the engine stops next and run() starts it again (restart_),
  // unless a trap is pending already.
  void stop_to_restart();
  // Other threads held the execution lock since this one last looked: the same for every page
  // the engine translated writable code from. Returns whether any went.
  bool drop_rewritten_code();
  static void on_serializing(void* self, uint64_t addr, uint64_t len);
  static void on_replay_code(uc_engine* uc, uint64_t address, uint32_t size, void* self);
  // What uc_emu_start and the pc register take to go on at `pc` (UnicornIsa::resume_address).
  uint64_t resume_address(uc_engine* uc, uint64_t pc) const {
    return desc_.resume_address ? desc_.resume_address(uc, pc) : pc;
  }
  // Moves the engine's pc, in the instruction set it runs now (set_pc's bit 0 may choose another).
  void move_pc(uint64_t pc);
  static bool on_replay_memory(uc_engine* uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void* self);
  // Adds the new-block hook (once): on_new_block sees every block the engine translates after
  // its first.
  void add_new_block_hook();
  // Adds the block hook (once) and retranslates the code translated without it.
  void add_block_hook();
  // Retranslates every executable range (code translated before a hook was added lacks it).
  void retranslate_all();
  void record_trap(Trap t);
  void apply_map_change(uint64_t lo, uint64_t hi);
  // Guest code in [lo, hi) changed (this engine's thread): its translation goes, its exclusive
  // instructions are hooked.
  void code_changed(uint64_t lo, uint64_t hi);
  // Applies what other threads changed while this one did not hold the lock; true if anything.
  bool catch_up();

  // What an interrupt number means for this CPU: the ISA's classification, with the syscall
  // vector the options name instead of its own.
  InterruptMeaning classify(uint32_t intno) const;

  const UnicornIsa& desc_;
  mem::AddressSpace& memory_;
  CpuOptions options_;
  int engine_model_ = -1;                                // the chosen model's engine id
  const std::vector<std::string>* features_ = nullptr;  // and what it shows of what it implements
  std::vector<std::string> shown_features_;             // (features_ where it shows less than the model's)
  uint32_t (*run_missing_)(uc_engine* uc, uint64_t pc, MissingRun& run) = nullptr;  // UnicornIsa::run_missing, if the model has it
  std::unique_ptr<ModelState> model_state_;
  uc_engine* uc_ = nullptr;
  EngineRegionPlanner planner_;
  bool trap_pending_ = false;
  Trap trap_;
  bool trap_located_ = false;  // trap_ is a memory fault whose pc is known (run_missing's), not to be located
  bool warned_coarse_ = false;
  // UnicornIsa::virtual_tlb: the last access the TLB fill hook refused (the engine then stops
  // with UC_ERR_EXCEPTION, or raises the ISA's own fault for a helper's probe).
  bool tlb_refused_ = false;
  uint64_t tlb_refused_page_ = 0;
  Access tlb_refused_access_ = Access::Read;
  bool tlb_refused_unmapped_ = false;
  int engine_work_ = 0;
  bool tlb_lent_ = false;  // a page was lent for UnicornIsa::lend_page_before_pc  // inside polyrun's own calls of the engine (map changes, invalidation)
  bool block_hook_ = false;
  bool new_block_hook_ = false;
  uint64_t block_start_ = 0;  // with the block hook: the block the engine runs (on_block)
  // The replay engine (made on the first fault) and the state of one replay.
  uc_engine* replay_ = nullptr;
  bool replay_decode_ = false;         // stop before executing, noting the instruction's size
  uint64_t replay_at_ = 0, replay_size_ = 0;
  bool replay_fault_ = false;
  uint64_t replay_addr_ = 0;
  Access replay_access_ = Access::Read;
  std::vector<uint64_t> replay_pages_;  // guest pages mapped into it for this replay
  // The flags watched (watch_interrupts, watch_debug_requests): never null, a flag that is never
  // set when none is.
  const std::atomic<bool>* interrupt_flag_;
  const std::atomic<bool>* debug_flag_;
  // Debugging: the breakpoint hooks by address, the step hook (0: not stepping) and how many
  // instructions this run has reached while stepping.
  std::map<uint64_t, uc_hook> debug_breakpoints_;
  uc_hook step_hook_ = 0;
  uint64_t step_seen_ = 0;
  // Threads: the host thread that runs this engine, and what others changed meanwhile (ranges
  // whose map changed, ranges whose code was written), read and written under the lock.
  std::thread::id owner_ = std::this_thread::get_id();
  ExecutionLock* lock_ = nullptr;
  CodeSyncHook code_sync_{&on_code_sync, this};
  CodeSyncHook serializing_{&on_serializing, this};
  std::vector<std::pair<uint64_t, uint64_t>> pending_maps_, pending_code_;
  std::atomic<bool> has_pending_{false};  // pending_maps_ or pending_code_ is not empty
  // Changes of the guest map by any thread (on_map_change), and the mappings guest_mapping kept
  // at a count of them.
  std::atomic<uint64_t> map_changes_{0};
  struct KeptMapping {
    uint64_t start = 0, end = 0;
    uint32_t prot = 0;
  };
  KeptMapping kept_[2];
  uint64_t kept_at_ = ~0ull;
  // Parallel execution (UnicornIsa::run_exclusive): the engine runs without the lock, which it
  // takes only to serve the guest (syscalls, faults, catching up); exclusive instructions are
  // hooked one by one, block by block (scan_block).
  bool parallel_ = false;
  bool scan_engine_wrong_ = false;  // find_engine_wrong's sites are hooked as blocks are translated
  uint64_t seen_holder_changes_ = 0;  // ExecutionLock::holder_changes when last caught up
  ExclusiveMonitor monitor_;
  std::unordered_set<uint64_t> exclusive_hooked_;
  std::unordered_set<uint64_t> emulated_hooked_;
  // A hook stopped the run to translate a block again or to apply what other threads changed:
  // run() goes on at the block.
  bool restart_ = false;
  // The translation buffer, until its first flush (engine_code_buffer.h), and how many blocks the
  // engine translated (seen where it has a new-block hook: threads in parallel) and syscalls it
  // served since it was last looked at; flush_due_: run() flushes it.
  static constexpr uint32_t kTranslationsPerBufferLook = 64, kSyscallsPerBufferLook = 16;
  EngineCodeBuffer code_buffer_;
  uint32_t translations_unwatched_ = 0, syscalls_unwatched_ = 0;
  bool flush_due_ = false;
  // The engine calls on_new_block only once it has run a block: the first run of an engine
  // running in parallel scans the code at its start itself.
  bool ran_ = false;
  // The pages this engine translated code from in writable and executable mappings, with digests
  // of their bytes as it saw them (UnicornIsa::coherent_code in parallel).
  WritableCodePages code_pages_{memory_.page_size()};
  uint64_t last_run_page_ = ~0ull;  // the page on_block last noted a run from
};

}  // namespace polyrun::cpu
