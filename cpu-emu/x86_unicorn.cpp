// x86-64 on Unicorn: engine mode, register mapping and the interrupt vectors polyrun uses.
#include <unicorn/unicorn.h>

#include <cstring>
#include <initializer_list>
#include <map>
#include <mutex>

#include "common/fault_report.h"
#include "cpu-emu/engine_exceptions.h"
#include "cpu-emu/unicorn_cpu.h"
#include "cpu-emu/x86_atomics.h"
#include "cpu-emu/x86_descriptor.h"
#include "cpu-emu/x86_regs.h"

namespace polyrun::cpu {

namespace {

// Vectors the engine passes to the interrupt hook: `int 0x2e` is how polyrun's host-call thunks
// enter the host (the vector Windows NT once used for system calls); `int3` is a breakpoint; #UD
// an undefined instruction; #DE a division by zero or a quotient too large (the engine reports it
// with the pc of the division).
constexpr uint32_t kVecDe = 0;
constexpr uint32_t kVecUd = 6;
constexpr uint32_t kVecBp = 3;
constexpr uint32_t kVecHostCall = 0x2e;
// The engine runs code at privilege 0 and ends a run when it executes hlt (one byte).
constexpr uint32_t kHltSize = 1;

InterruptMeaning classify(uint32_t intno) {
  switch (intno) {
    case kVecHostCall: return InterruptMeaning::Syscall;
    case kVecBp: return InterruptMeaning::Breakpoint;
    case kVecUd: return InterruptMeaning::Undefined;
    case kVecDe: return InterruptMeaning::DivideError;
    default: return InterruptMeaning::Other;
  }
}

// The engine's interrupt hook takes a CPU exception instead of the engine delivering it through the
// IDT, so the engine still counts it in flight: after a #DE the next #DE (or #GP) would be raised
// as a double fault, and the next exception after that as a triple fault, which halts the CPU.
// The count is a field of the engine's CPU state with no register of its own; its offset in a
// saved context is found once, on a scratch engine: the 32-bit value that is -1 after reset, 0
// after a #DE and 8 after a second one. After each divide error it is set back to -1.
long find_in_flight_offset(uc_mode mode) {
  uc_engine* uc = nullptr;
  if (uc_open(UC_ARCH_X86, mode, &uc) != UC_ERR_OK) return -1;
  const uint8_t code[] = {0x31, 0xc9, 0xf7, 0xf1, 0xf7, 0xf1};  // xor ecx, ecx; div ecx; div ecx
  uc_mem_map(uc, 0x10000, 0x1000, UC_PROT_ALL);
  uc_mem_write(uc, 0x10000, code, sizeof code);
  uc_hook h;
  auto stop = +[](uc_engine* e, uint32_t, void*) { uc_emu_stop(e); };
  uc_hook_add(uc, &h, UC_HOOK_INTR, reinterpret_cast<void*>(stop), nullptr, 1, 0);
  size_t n = uc_context_size(uc);
  uc_context* c[3] = {};
  long found = -1;
  if (uc_context_alloc(uc, &c[0]) == UC_ERR_OK && uc_context_alloc(uc, &c[1]) == UC_ERR_OK &&
      uc_context_alloc(uc, &c[2]) == UC_ERR_OK) {
    uc_context_save(uc, c[0]);
    uc_emu_start(uc, 0x10000, ~0ull, 0, 0);
    uc_context_save(uc, c[1]);
    uc_emu_start(uc, 0x10004, ~0ull, 0, 0);
    uc_context_save(uc, c[2]);
    for (size_t off = 0; off + 4 <= n; off += 4) {
      int32_t v[3];
      for (int i = 0; i < 3; ++i) std::memcpy(&v[i], reinterpret_cast<const char*>(c[i]) + off, 4);
      if (v[0] == -1 && v[1] == 0 && v[2] == 8) {
        found = found < 0 ? static_cast<long>(off) : -2;  // it must be the only one
      }
    }
  }
  for (auto* one : c)
    if (one) uc_context_free(one);
  uc_close(uc);
  return found >= 0 ? found : -1;
}

// Found once, outside any run: a scratch engine made inside another's hook is not freed whole.
long in_flight_offset(int mode) {
  static const long off64 = find_in_flight_offset(UC_MODE_64), off32 = find_in_flight_offset(UC_MODE_32);
  return mode == UC_MODE_64 ? off64 : off32;
}

void forget_exception(uc_engine* uc) {
  int mode = 0;
  uc_ctl_get_mode(uc, &mode);
  long off = in_flight_offset(mode);
  uc_context* c = nullptr;
  if (off < 0 || uc_context_alloc(uc, &c) != UC_ERR_OK) return;
  uc_context_save(uc, c);
  const int32_t none = -1;
  std::memcpy(reinterpret_cast<char*>(c) + off, &none, 4);
  uc_context_restore(uc, c);
  uc_context_free(c);
}

std::vector<int> reg_ids_64() {
  std::vector<int> ids(x86::kCount);
  const int gpr[] = {UC_X86_REG_RAX, UC_X86_REG_RCX, UC_X86_REG_RDX, UC_X86_REG_RBX,
                     UC_X86_REG_RSP, UC_X86_REG_RBP, UC_X86_REG_RSI, UC_X86_REG_RDI,
                     UC_X86_REG_R8,  UC_X86_REG_R9,  UC_X86_REG_R10, UC_X86_REG_R11,
                     UC_X86_REG_R12, UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15};
  for (int i = 0; i < 16; ++i) ids[i] = gpr[i];
  ids[x86::RIP] = UC_X86_REG_RIP;
  ids[x86::RFLAGS] = UC_X86_REG_RFLAGS;
  ids[x86::FS_BASE] = UC_X86_REG_FS_BASE;
  ids[x86::GS_BASE] = UC_X86_REG_GS_BASE;
  ids[x86::FS] = UC_X86_REG_FS;
  ids[x86::GS] = UC_X86_REG_GS;
  ids[x86::CS] = UC_X86_REG_CS;
  ids[x86::SS] = UC_X86_REG_SS;
  ids[x86::DS] = UC_X86_REG_DS;
  ids[x86::ES] = UC_X86_REG_ES;
  for (int i = 0; i < 8; ++i) ids[x86::XMM0 + i] = UC_X86_REG_XMM0 + i;
  const int high[] = {UC_X86_REG_XMM8,  UC_X86_REG_XMM9,  UC_X86_REG_XMM10, UC_X86_REG_XMM11,
                      UC_X86_REG_XMM12, UC_X86_REG_XMM13, UC_X86_REG_XMM14, UC_X86_REG_XMM15};
  for (int i = 0; i < 8; ++i) ids[x86::XMM8 + i] = high[i];
  ids[x86::FPCW] = UC_X86_REG_FPCW;
  ids[x86::FPSW] = UC_X86_REG_FPSW;
  ids[x86::MXCSR] = UC_X86_REG_MXCSR;
  ids[x86::FPTAG] = UC_X86_REG_FPTAG;
  for (int i = 0; i < 8; ++i) ids[x86::FP0 + i] = UC_X86_REG_FP0 + i;
  return ids;
}

void set_segment_base_64(uc_engine* uc, Segment seg, uint64_t base) {
  uc_reg_write(uc, seg == Segment::FS ? UC_X86_REG_FS_BASE : UC_X86_REG_GS_BASE, &base);
}

// 32-bit mode ignores (Unicorn 2.0.1) or refuses (2.1.1) writes of the FS/GS base registers:
// segment bases come from descriptors.
// polyrun keeps a GDT in a page of the engine's own (not guest memory), at the top of the 32-bit
// space, with one writable data descriptor per segment it sets.
constexpr uint64_t kGdtAddress = 0xfffff000;
constexpr int kFsIndex = 3, kGsIndex = 4;

constexpr int kFlatCodeIndex = 1, kFlatDataIndex = 2;

// The engine starts with x87 control word and MXCSR at 0 (every floating-point exception
// unmasked); a processor comes out of reset (FNINIT) with 0x37f and 0x1f80: all masked, round to
// nearest, 64-bit x87 precision.
void init_fpu(uc_engine* uc) {
  uint32_t fpcw = 0x37f, mxcsr = 0x1f80;
  uc_reg_write(uc, UC_X86_REG_FPCW, &fpcw);
  uc_reg_write(uc, UC_X86_REG_MXCSR, &mxcsr);
}

// Every exception the engine raises, before the backend's interrupt hook sees it (hooks run in the
// order they were added): the engine's in-flight count is reset, whatever the exception, so that
// the next one is not made a double fault (#GP after #GP, #DE after #GP …). Host calls (`int
// 0x2e`) and syscalls (`int 0x80`) are software interrupts above the exception vectors, which the
// engine does not count.
void on_exception(uc_engine* uc, uint32_t intno, void*) {
  if (intno < 32) forget_exception(uc);
}

void hook_exceptions(uc_engine* uc) {
  in_flight_offset(UC_MODE_64);
  uc_hook h;
  uc_hook_add(uc, &h, UC_HOOK_INTR, reinterpret_cast<void*>(&on_exception), nullptr, 1, 0);
}

void init_x86_64(uc_engine* uc) {
  init_fpu(uc);
  hook_exceptions(uc);
}

// The i386 CPU: the engine's Skylake-Client model, the one of Unicorn 2.1.1's that runs the most
// in 32-bit mode, correctly (SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT, LZCNT, MOVBE, AES-NI,
// PCLMULQDQ, BMI2, ADX, RDRAND, XSAVE; measured model by model with samples/src/
// cpu_features_i386.c: docs/cpu-features.md). The engine's default model, qemu64,
// stops at SSE3.
constexpr int kI386Model = UC_CPU_X86_SKYLAKE_CLIENT;

// CR4 as Linux sets it for user code: OSFXSR (with a model chosen, the engine raises #UD at SSE
// instructions without it, and its fxsave and fxrstor leave MXCSR and the XMM registers out),
// OSXMMEXCPT, and OSXSAVE (xgetbv, xsave and xrstor run, and CPUID says OSXSAVE; the engine's
// XCR0 holds the x87 and SSE states). Measured on Unicorn 2.1.1.
constexpr uint64_t kCr4OsFxsr = 1u << 9, kCr4OsXmmExcpt = 1u << 10, kCr4OsXsave = 1u << 18;

void set_cr4_32(uc_engine* uc) {
  uint64_t cr4 = 0;
  uc_reg_read(uc, UC_X86_REG_CR4, &cr4);
  cr4 |= kCr4OsFxsr | kCr4OsXmmExcpt | kCr4OsXsave;
  uc_reg_write(uc, UC_X86_REG_CR4, &cr4);
}

// What the i386 CPU's CPUID changes of the model's own answer (from which the engine already
// drops what it cannot execute: AVX, AVX2, FMA, F16C …), so that it advertises what the engine
// executes, as the processor does (measured with samples/src/cpu_features_i386.c):
// - leaf 7, EBX: no BMI1 (the engine's blsi leaves CF clear for a source that is not zero, where
//   the processor sets it; andn, bextr, blsmsk, blsr and tzcnt would be right), and RDSEED (the
//   engine executes rdseed as rdrand: a random value, CF set);
// - leaf 0xd: the x87 and SSE states only (the model lists the AVX state too): subleaf 0's EAX
//   and the largest area (ECX, the legacy area and the header), no component from subleaf 2 on;
// - leaf 0x80000001, EDX: no SYSCALL, which the engine's 32-bit mode takes for a no-op (measured:
//   neither a system call nor #UD; qemu-i386 7.2 does not advertise it either).
constexpr uint32_t kLeaf7EbxBmi1 = 1u << 3, kLeaf7EbxRdseed = 1u << 18, kExtEdxSyscall = 1u << 11;
constexpr uint32_t kXsaveX87Sse = 3, kXsaveLegacyAndHeader = 512 + 64;

constexpr uint32_t kLeaf1EcxRdrand = 1u << 30;

// (leaf1_ecx: the model's leaf 1 ECX: RDSEED is said where RDRAND is, as rdrand.)
void adjust_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4], uint32_t leaf1_ecx) {
  if (leaf == 7 && sub == 0) r[1] = (r[1] & ~kLeaf7EbxBmi1) | (leaf1_ecx & kLeaf1EcxRdrand ? kLeaf7EbxRdseed : 0);
  if (leaf == 0x80000001) r[3] &= ~kExtEdxSyscall;
  if (leaf == 0xd && sub == 0) {
    r[0] &= kXsaveX87Sse;
    r[2] = kXsaveLegacyAndHeader;
    r[3] = 0;
  } else if (leaf == 0xd && sub >= 2) {
    r[0] = r[1] = r[2] = r[3] = 0;
  }
}

// CPUID (EAX, EBX, ECX, EDX) as an i386 CPU's engine model answers it, on a scratch engine of its
// own, outside any run.
bool model_cpuid(int model, uint32_t leaf, uint32_t sub, uint32_t r[4]) {
  uc_engine* s = nullptr;
  if (uc_open(UC_ARCH_X86, UC_MODE_32, &s) != UC_ERR_OK) return false;
  const uint8_t code[] = {0x0f, 0xa2};  // cpuid
  bool ok = uc_ctl_set_cpu_model(s, model) == UC_ERR_OK;
  if (ok) set_cr4_32(s);
  ok = ok && uc_mem_map(s, 0x10000, 0x1000, UC_PROT_ALL) == UC_ERR_OK &&
       uc_mem_write(s, 0x10000, code, sizeof code) == UC_ERR_OK && uc_reg_write(s, UC_X86_REG_EAX, &leaf) == UC_ERR_OK &&
       uc_reg_write(s, UC_X86_REG_ECX, &sub) == UC_ERR_OK && uc_emu_start(s, 0x10000, 0x10000 + sizeof code, 0, 0) == UC_ERR_OK;
  const int ids[4] = {UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX};
  for (int i = 0; ok && i < 4; ++i) ok = uc_reg_read(s, ids[i], &r[i]) == UC_ERR_OK;
  uc_close(s);
  return ok;
}

// The leaves adjust_cpuid changes, as guest code reads them, for one engine model: found once per
// model, on its first engine (made outside any run).
struct AdjustedLeaves {
  bool ok = false;
  uint32_t leaf1[4] = {}, leaf7[4] = {}, xsave0[4] = {}, xsave1[4] = {}, ext1[4] = {};
  std::vector<std::string> features;  // what they say of the optional instruction sets (features_from)
};

std::vector<std::string> features_from(const AdjustedLeaves& a);

const AdjustedLeaves& adjusted_leaves(int model) {
  static std::mutex mutex;
  static std::map<int, AdjustedLeaves> by_model;
  std::lock_guard<std::mutex> hold(mutex);
  auto found = by_model.find(model);
  if (found != by_model.end()) return found->second;
  AdjustedLeaves l;
  l.ok = model_cpuid(model, 1, 0, l.leaf1) && model_cpuid(model, 7, 0, l.leaf7) && model_cpuid(model, 0xd, 0, l.xsave0) &&
         model_cpuid(model, 0xd, 1, l.xsave1) && model_cpuid(model, 0x80000001, 0, l.ext1);
  adjust_cpuid(7, 0, l.leaf7, l.leaf1[2]);
  adjust_cpuid(0xd, 0, l.xsave0, l.leaf1[2]);
  adjust_cpuid(0xd, 1, l.xsave1, l.leaf1[2]);
  adjust_cpuid(0x80000001, 0, l.ext1, l.leaf1[2]);
  l.features = features_from(l);
  return by_model.emplace(model, std::move(l)).first->second;  // (a map's elements stay where they are)
}

// What an i386 model's CPUID (as adjusted) says of the optional instruction sets, by the names
// Linux's /proc/cpuinfo gives them, in its order.
std::vector<std::string> features_from(const AdjustedLeaves& a) {
  const uint32_t edx1 = a.leaf1[3], ecx1 = a.leaf1[2], ebx7 = a.leaf7[1], ecx81 = a.ext1[2];
  const struct {
    uint32_t word;
    unsigned bit;
    const char* name;
  } bits[] = {{edx1, 25, "sse"},   {edx1, 26, "sse2"},   {ecx1, 0, "pni"},     {ecx1, 1, "pclmulqdq"},
              {ecx1, 9, "ssse3"},  {ecx1, 19, "sse4_1"}, {ecx1, 20, "sse4_2"}, {ecx1, 22, "movbe"},
              {ecx1, 23, "popcnt"}, {ecx1, 25, "aes"},   {ecx1, 26, "xsave"},  {ecx1, 30, "rdrand"},
              {ecx81, 5, "abm"},   {ebx7, 3, "bmi1"},    {ebx7, 8, "bmi2"},    {ebx7, 18, "rdseed"},
              {ebx7, 19, "adx"}};
  std::vector<std::string> out;
  for (const auto& b : bits)
    if (b.word >> b.bit & 1) out.emplace_back(b.name);
  return out;
}

// UnicornIsa::OtherModel::features_of for i386.
const std::vector<std::string>& i386_features(int model) { return adjusted_leaves(model).features; }

int engine_model(uc_engine* uc) {
  int model = kI386Model;
  uc_ctl_get_cpu_model(uc, &model);
  return model;
}

// Whether the CPUID the engine executes now was answered by on_cpuid_answer (the hook added
// first: the engine calls a CPUID's hooks in the order they were added, on the thread that runs
// the engine, and skips the instruction when the last one returns 1).
thread_local bool cpuid_answered = false;

// The guest's cpuid: the leaves adjust_cpuid changes are answered here (and the instruction is
// skipped); the others the engine answers.
int on_cpuid_answer(uc_engine* uc, void* leaves) {
  uint32_t leaf = 0, sub = 0;
  uc_reg_read(uc, UC_X86_REG_EAX, &leaf);
  uc_reg_read(uc, UC_X86_REG_ECX, &sub);
  const AdjustedLeaves& a = *static_cast<const AdjustedLeaves*>(leaves);
  static constexpr uint32_t kNone[4] = {};
  const uint32_t* r = !a.ok ? nullptr
                      : leaf == 7 && sub == 0 ? a.leaf7
                      : leaf == 0xd ? (sub == 0 ? a.xsave0 : sub == 1 ? a.xsave1 : kNone)
                      : leaf == 0x80000001 ? a.ext1
                                           : nullptr;
  cpuid_answered = r != nullptr;
  if (r) {
    const int ids[4] = {UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX};
    for (int i = 0; i < 4; ++i) uc_reg_write(uc, ids[i], &r[i]);
  }
  return cpuid_answered ? 1 : 0;
}

void init_i386(uc_engine* uc) {
  set_cr4_32(uc);
  init_fpu(uc);
  hook_exceptions(uc);
  const AdjustedLeaves& leaves = adjusted_leaves(engine_model(uc));
  uc_hook cpuid;
  uc_hook_add(uc, &cpuid, UC_HOOK_INSN, reinterpret_cast<void*>(&on_cpuid_answer), const_cast<AdjustedLeaves*>(&leaves),
              1, 0, UC_X86_INS_CPUID);
  uc_mem_map(uc, kGdtAddress, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
  // Flat 4 GiB code and data at privilege 0 (the engine runs 32-bit code at CPL 0); once a GDT
  // is in use every segment register must come from it, the stack segment included.
  uint64_t code = x86_descriptor(0, 0xffffffff, 0x9b), data = x86_descriptor(0, 0xffffffff, 0x93);
  uc_mem_write(uc, kGdtAddress + 8 * kFlatCodeIndex, &code, 8);
  uc_mem_write(uc, kGdtAddress + 8 * kFlatDataIndex, &data, 8);
  uc_x86_mmr gdtr{};
  gdtr.base = kGdtAddress;
  gdtr.limit = 8 * 16 - 1;
  uc_reg_write(uc, UC_X86_REG_GDTR, &gdtr);
  uint32_t data_sel = kFlatDataIndex << 3;
  for (int r : {UC_X86_REG_SS, UC_X86_REG_DS, UC_X86_REG_ES}) uc_reg_write(uc, r, &data_sel);
}

// GDT entries 6–8 (x86::DESC6 …): the thread-local segments. A selector in FS or GS that names the
// entry is loaded again, as a processor keeps the descriptor it loaded until then. (Measured on
// Unicorn 2.1.1: guest code's `mov gs, r16` with a selector of this GDT loads the descriptor's
// base, which the next gs-relative access uses; a write of the GS register does the same; a
// selector of an empty entry is refused by the write (UC_ERR_EXCEPTION) and raises #GP (13) at
// the guest's `mov`.)
constexpr int kFirstTlsIndex = 6;

uint64_t read_reg_32(uc_engine* uc, int id) {
  uint64_t d = 0;
  if (id >= x86::DESC6 && id <= x86::DESC8)
    uc_mem_read(uc, kGdtAddress + 8 * static_cast<uint64_t>(kFirstTlsIndex + id - x86::DESC6), &d, 8);
  return d;
}

void write_reg_32(uc_engine* uc, int id, uint64_t value) {
  if (id < x86::DESC6 || id > x86::DESC8) return;
  const int index = kFirstTlsIndex + id - x86::DESC6;
  uc_mem_write(uc, kGdtAddress + 8 * static_cast<uint64_t>(index), &value, 8);
  for (int r : {UC_X86_REG_FS, UC_X86_REG_GS}) {
    uint32_t sel = 0;
    uc_reg_read(uc, r, &sel);
    if ((sel & 0xfffc) == static_cast<uint32_t>(index << 3)) {
      if (uc_reg_write(uc, r, &sel) != UC_ERR_OK) {
        const uint32_t null_sel = 0;  // the entry was emptied: the register holds nothing now
        uc_reg_write(uc, r, &null_sel);
      }
    }
  }
}

// User privilege for 32-bit code (CpuOptions::user_mode). The engine's privilege level follows
// the stack segment's, and a register write of a selector whose privilege is not the current one
// is refused (measured on Unicorn 2.1.1: cs takes 0x73, ss refuses 0x7b at level 0), so the move
// is made as an OS makes it: an iret from a scratch page, through a frame of eip, cs 0x73, eflags,
// esp and ss 0x7b, whose descriptors are Linux's __USER_CS and __USER_DS (GDT entries 14 and 15:
// flat, DPL 3). Afterwards int 0x80 still reaches the interrupt hook, and a control register, cli
// or hlt raises #GP (13).
constexpr int kUserCodeIndex = 14, kUserDataIndex = 15;
constexpr uint64_t kScratchPage = 0xffffe000;

bool enter_user_mode_32(uc_engine* uc) {
  const uint64_t code = x86_descriptor(0, 0xffffffff, 0xfb), data = x86_descriptor(0, 0xffffffff, 0xf3);
  uc_mem_write(uc, kGdtAddress + 8 * kUserCodeIndex, &code, 8);
  uc_mem_write(uc, kGdtAddress + 8 * kUserDataIndex, &data, 8);
  const uint32_t cs = kUserCodeIndex << 3 | 3, ds = kUserDataIndex << 3 | 3;
  const uint32_t frame[5] = {static_cast<uint32_t>(kScratchPage), cs, 0x202, static_cast<uint32_t>(kScratchPage + 0x800), ds};
  const uint8_t iret = 0xcf;
  const uint32_t sp = static_cast<uint32_t>(kScratchPage + 0x400);
  bool ok = uc_mem_map(uc, kScratchPage, 0x1000, UC_PROT_ALL) == UC_ERR_OK;
  ok = ok && uc_mem_write(uc, kScratchPage + 0x400, frame, sizeof frame) == UC_ERR_OK &&
       uc_mem_write(uc, kScratchPage + 0x100, &iret, 1) == UC_ERR_OK &&
       uc_reg_write(uc, UC_X86_REG_ESP, &sp) == UC_ERR_OK &&
       uc_emu_start(uc, kScratchPage + 0x100, kScratchPage, 0, 0) == UC_ERR_OK;
  uint32_t now_cs = 0, now_ss = 0;
  uc_reg_read(uc, UC_X86_REG_CS, &now_cs);
  uc_reg_read(uc, UC_X86_REG_SS, &now_ss);
  ok = ok && now_cs == cs && now_ss == ds && uc_reg_write(uc, UC_X86_REG_DS, &ds) == UC_ERR_OK &&
       uc_reg_write(uc, UC_X86_REG_ES, &ds) == UC_ERR_OK;
  uc_mem_unmap(uc, kScratchPage, 0x1000);
  uc_ctl_remove_cache(uc, kScratchPage, kScratchPage + 0x1000);
  const uint32_t zero = 0;
  uc_reg_write(uc, UC_X86_REG_ESP, &zero);
  return ok;
}

}  // namespace

// The base a segment register holds (x86::kEs … kGs). FS's is the engine's FS_BASE register,
// GS's its GSBASE MSR (32-bit mode has no GS_BASE register: measured on Unicorn 2.1.1,
// cpu-emu/engine_probe.cpp section 10); the others hold polyrun's flat selectors, or a
// selector of this GDT whose descriptor has the base.
uint32_t i386_segment_base(uc_engine* uc, int segment) {
  if (segment == x86::kFs) {
    uint64_t base = 0;
    uc_reg_read(uc, UC_X86_REG_FS_BASE, &base);
    return static_cast<uint32_t>(base);
  }
  if (segment == x86::kGs) {
    uc_x86_msr msr{0xc0000101, 0};  // IA32_GS_BASE
    uc_reg_read(uc, UC_X86_REG_MSR, &msr);
    return static_cast<uint32_t>(msr.value);
  }
  static constexpr int kIds[4] = {UC_X86_REG_ES, UC_X86_REG_CS, UC_X86_REG_SS, UC_X86_REG_DS};
  uint64_t sel = 0;
  uc_reg_read(uc, kIds[segment & 3], &sel);
  const uint64_t index = (sel & 0xffff) >> 3;
  if ((sel & 4) || index == 0 || index == kFlatCodeIndex || index == kFlatDataIndex || index == kUserCodeIndex ||
      index == kUserDataIndex)
    return 0;
  uint64_t d = 0;
  uc_mem_read(uc, kGdtAddress + 8 * index, &d, 8);
  return static_cast<uint32_t>((d >> 16 & 0xffffff) | (d >> 56) << 24);
}

namespace {

void set_segment_base_32(uc_engine* uc, Segment seg, uint64_t base) {
  int index = seg == Segment::FS ? kFsIndex : kGsIndex;
  uint64_t d = x86_descriptor(static_cast<uint32_t>(base), 0xfff);
  uc_mem_write(uc, kGdtAddress + 8 * index, &d, 8);
  uint32_t selector = static_cast<uint32_t>(index << 3 | 3);  // GDT, RPL 3
  uc_reg_write(uc, seg == Segment::FS ? UC_X86_REG_FS : UC_X86_REG_GS, &selector);
}

// cpuid, the serializing instruction user code issues (UnicornIsa::hook_serializing); it then
// executes as ever: answered by on_cpuid_answer, whose hook comes first, or by the engine. (The
// engine calls the hook from cpuid's helper, whatever the translation.)
int on_cpuid(uc_engine*, void* user) {
  const auto* hook = static_cast<const CodeSyncHook*>(user);
  hook->sync(hook->self, 0, 0);
  return cpuid_answered ? 1 : 0;
}

void hook_serializing_32(uc_engine* uc, const CodeSyncHook* hook) {
  uc_hook h;
  uc_hook_add(uc, &h, UC_HOOK_INSN, reinterpret_cast<void*>(&on_cpuid), const_cast<CodeSyncHook*>(hook), 1, 0,
              UC_X86_INS_CPUID);
}

// What decides an instruction's memory accesses, for the engine that locates faults.
void copy_regs(uc_engine* from, uc_engine* to, std::initializer_list<int> ids) {
  for (int id : ids) {
    uint64_t v[2] = {0, 0};
    uc_reg_read(from, id, v);
    uc_reg_write(to, id, v);
  }
}

void copy_for_replay_64(uc_engine* from, uc_engine* to) {
  copy_regs(from, to, {UC_X86_REG_RAX, UC_X86_REG_RCX, UC_X86_REG_RDX, UC_X86_REG_RBX, UC_X86_REG_RSP,
                       UC_X86_REG_RBP, UC_X86_REG_RSI, UC_X86_REG_RDI, UC_X86_REG_R8, UC_X86_REG_R9,
                       UC_X86_REG_R10, UC_X86_REG_R11, UC_X86_REG_R12, UC_X86_REG_R13, UC_X86_REG_R14,
                       UC_X86_REG_R15, UC_X86_REG_RFLAGS, UC_X86_REG_FS_BASE, UC_X86_REG_GS_BASE});
}

// 32-bit mode: segment bases come from polyrun's GDT page, copied before the selectors.
void copy_for_replay_32(uc_engine* from, uc_engine* to) {
  uint8_t gdt[0x1000];
  if (uc_mem_read(from, kGdtAddress, gdt, sizeof gdt) == UC_ERR_OK) uc_mem_write(to, kGdtAddress, gdt, sizeof gdt);
  copy_regs(from, to, {UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX, UC_X86_REG_ESP,
                       UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI, UC_X86_REG_EFLAGS, UC_X86_REG_FS,
                       UC_X86_REG_GS});
}

std::vector<int> reg_ids_32() {
  std::vector<int> ids = reg_ids_64();
  const int gpr[] = {UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX,
                     UC_X86_REG_ESP, UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI};
  for (int i = 0; i < 8; ++i) ids[i] = gpr[i];
  for (int i = 8; i < 16; ++i) ids[i] = UC_X86_REG_INVALID;
  ids[x86::RIP] = UC_X86_REG_EIP;
  ids[x86::RFLAGS] = UC_X86_REG_EFLAGS;
  for (int r : {x86::DESC6, x86::DESC7, x86::DESC8}) ids[r] = -1;  // read_reg_32, write_reg_32
  return ids;
}

// What a thread's context holds: general registers, pc, flags, x87 and SSE control, XMM
// registers; on x64 the FS/GS bases too (i386 segment bases live in each engine's own GDT, set by
// set_segment_base).
std::vector<int> thread_regs_64() {
  std::vector<int> ids;
  for (int r = x86::RAX; r <= x86::R15; ++r) ids.push_back(r);
  for (int r : {x86::RIP, x86::RFLAGS, x86::FS_BASE, x86::GS_BASE, x86::FPCW, x86::MXCSR}) ids.push_back(r);
  return ids;
}

// i386: the thread-local GDT entries, then the selectors that may name them.
std::vector<int> thread_regs_32() {
  std::vector<int> ids;
  for (int r = x86::RAX; r <= x86::RDI; ++r) ids.push_back(r);
  for (int r : {x86::RIP, x86::RFLAGS, x86::FPCW, x86::MXCSR, x86::DESC6, x86::DESC7, x86::DESC8, x86::FS, x86::GS})
    ids.push_back(r);
  return ids;
}

std::vector<int> xmm_regs(int n) {
  std::vector<int> ids;
  for (int i = 0; i < n; ++i) ids.push_back(x86::XMM0 + i);  // XMM8… follow XMM7 in x86_regs.h
  return ids;
}

uint64_t read_pc(uc_engine* uc) {
  int mode = 0;
  uc_ctl_get_mode(uc, &mode);
  uint64_t pc = 0;
  if (mode == UC_MODE_64) {
    uc_reg_read(uc, UC_X86_REG_RIP, &pc);
  } else {
    uint32_t eip = 0;
    uc_reg_read(uc, UC_X86_REG_EIP, &eip);
    pc = eip;
  }
  return pc;
}

void write_pc(uc_engine* uc, uint64_t pc) {
  int mode = 0;
  uc_ctl_get_mode(uc, &mode);
  if (mode == UC_MODE_64) {
    uc_reg_write(uc, UC_X86_REG_RIP, &pc);
  } else {
    uint32_t eip = static_cast<uint32_t>(pc);
    uc_reg_write(uc, UC_X86_REG_EIP, &eip);
  }
}

// `int N` (CD ib) just before pc: the engine reports a software interrupt with the pc after it.
bool after_int(uc_engine* uc, uint64_t pc, uint32_t n) {
  uint8_t b[2];
  return pc >= 2 && n < 256 && uc_mem_read(uc, pc - 2, b, 2) == UC_ERR_OK && b[0] == 0xcd && b[1] == n;
}

}  // namespace

// The vectors the engine raises (its i386 target's EXCPnn numbers; the software interrupts
// `int N`, `into` and `icebp` report the pc after the instruction, the others the instruction's).
bool describe_x86_exception(uc_engine* uc, uint32_t intno, Trap& t) {
  uint64_t pc = read_pc(uc);
  if (after_int(uc, pc, intno)) {  // `int N`: a #GP on Windows and Linux (no gate for user code)
    t.kind = TrapKind::SoftwareInterrupt;
    t.code = intno;
    write_pc(uc, pc - 2);
    return true;
  }
  switch (intno) {
    case 1: {  // #DB after an instruction: the trap flag (or icebp, a debug register)
      uint64_t flags = 0;
      uc_reg_read(uc, UC_X86_REG_EFLAGS, &flags);
      flags &= ~uint64_t{0x100};
      uc_reg_write(uc, UC_X86_REG_EFLAGS, &flags);
      t.kind = TrapKind::SingleStep;
      return true;
    }
    case 4: t.kind = TrapKind::Overflow; return true;
    case 5: t.kind = TrapKind::BoundRange; return true;
    case 7: t.kind = TrapKind::IllegalInstruction; return true;  // #NM: x87/SSE with CR0.TS or EM set
    case 16: {  // #MF: an unmasked x87 exception pending at an x87 instruction or fwait
      uint16_t sw = 0, cw = 0;
      uc_reg_read(uc, UC_X86_REG_FPSW, &sw);
      uc_reg_read(uc, UC_X86_REG_FPCW, &cw);
      t.kind = TrapKind::FloatingPoint;
      t.code = (sw & ~cw & 0x3f) | (sw & 0x40);
      return true;
    }
    case 19: {  // #XM: an unmasked SSE exception
      uint32_t mxcsr = 0;
      uc_reg_read(uc, UC_X86_REG_MXCSR, &mxcsr);
      t.kind = TrapKind::FloatingPoint;
      t.code = mxcsr & ~(mxcsr >> 7) & 0x3f;
      return true;
    }
    case 17: t.kind = TrapKind::AlignmentFault; return true;  // #AC (no address)
    case 2: case 8: case 9: case 10: case 11: case 12: case 13: case 14: case 15: case 18:
      // #GP, #NP, #SS, #TS: a segment selector, far transfer, iret or system instruction the CPU
      // refused; #DF; #PF (only once the guest turned paging on); what no user program raises.
      t.kind = TrapKind::ProtectionFault;
      t.code = intno;
      return true;
    default:
      if (intno < 32) return false;
      // A software interrupt whose bytes are not `int N` (the guest rewrote them meanwhile).
      t.kind = TrapKind::SoftwareInterrupt;
      t.code = intno;
      return true;
  }
}

// pcmpestri, pcmpestrm, pcmpistri and pcmpistrm (SSE4.2) with the equal-ordered aggregation
// (imm8 bits 3:2 = 11, a substring search), executed by polyrun: the engine's leaves out the
// matches that begin in the second operand but run past its last element, which the processor
// reports (measured: every imm8 against the processor; the other aggregations agree). The rest
// of these instructions, as the Intel SDM defines them, follows.
namespace {

bool is_equal_ordered_string_compare(const x86::Insn& in) {
  return in.map == x86::k0F3A && !in.vex && in.opsize16 && in.opcode >= 0x60 && in.opcode <= 0x63 && in.imm_bytes == 1 &&
         (in.imm & 0x0c) == 0x0c;
}

bool is_prefix(uint8_t b) {
  switch (b) {
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65: case 0x66: case 0x67:
    case 0xf0: case 0xf2: case 0xf3:
      return true;
    default:
      return false;
  }
}

void i386_find_string_compares(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out) {
  // Their opcode bytes, 0F 3A 60 … 63, wherever they are in the mapping (every engine scans
  // every executable mapping, a thread's too: a byte search, not a decode of all the code); each
  // start the prefixes before them allow (66 among them) that decodes to such an instruction is
  // listed: an address that is no instruction's start is never run, and its hook never called.
  // (Guest code: other threads may write it.)
  const auto* p = reinterpret_cast<const uint8_t*>(lo);
  const size_t n = hi - lo;
  auto at = [&](size_t i) { return __atomic_load_n(p + i, __ATOMIC_RELAXED); };
  for (size_t i = 1; i + 1 < n; ++i) {
    if (at(i) != 0x3a || at(i - 1) != 0x0f || (at(i + 1) & 0xfc) != 0x60) continue;
    for (size_t start = i - 1; start > 0 && i - start < 15 && is_prefix(at(start - 1));) {
      --start;
      x86::Insn in;
      if (x86::decode32(p + start, n - start, in) && is_equal_ordered_string_compare(in)) out.push_back(lo + start);
    }
  }
}

bool i386_run_string_compare(uc_engine* uc, ModelState*, uint64_t pc) {
  static constexpr int kGpr[8] = {UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX,
                                  UC_X86_REG_ESP, UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI};
  uint32_t r[8] = {};
  for (int i = 0; i < 8; ++i) uc_reg_read(uc, kGpr[i], &r[i]);
  x86::Insn in;
  uint8_t a[16] = {}, b[16] = {};
  bool ok = false;
  FaultRecovery recovery;  // (the instruction's bytes or its operand unmapped: the engine faults)
  const bool done = run_recovering(recovery, [&] {
    ok = x86::decode32(reinterpret_cast<const uint8_t*>(pc), 15, in) && is_equal_ordered_string_compare(in);
    if (!ok) return;
    if (uc_reg_read(uc, UC_X86_REG_XMM0 + static_cast<int>(in.reg()), a) != UC_ERR_OK) ok = false;
    if (!in.memory_operand()) {
      if (uc_reg_read(uc, UC_X86_REG_XMM0 + static_cast<int>(in.rm()), b) != UC_ERR_OK) ok = false;
      return;
    }
    int segment = x86::kDs;
    const uint32_t offset = x86::effective_address(in, r, segment);
    if (in.segment >= 0) segment = in.segment;
    std::memcpy(b, reinterpret_cast<const void*>(static_cast<uintptr_t>(i386_segment_base(uc, segment) + offset)), 16);
  });
  if (!done || !ok) return false;

  const unsigned imm = in.imm, words = imm & 1, n = words ? 8 : 16;
  auto element = [&](const uint8_t* v, unsigned i) -> uint32_t {
    return words ? static_cast<uint32_t>(v[2 * i] | v[2 * i + 1] << 8) : v[i];
  };
  // Valid elements: up to the first zero (pcmpistr*), or |EAX| and |EDX| (pcmpestr*), at most n.
  auto explicit_length = [&](uint32_t reg) {
    const int64_t v = static_cast<int32_t>(reg);
    const uint64_t m = static_cast<uint64_t>(v < 0 ? -v : v);
    return static_cast<unsigned>(m < n ? m : n);
  };
  auto implicit_length = [&](const uint8_t* v) {
    unsigned l = 0;
    while (l < n && element(v, l) != 0) ++l;
    return l;
  };
  const bool explicit_lengths = in.opcode <= 0x61;
  const unsigned la = explicit_lengths ? explicit_length(r[0]) : implicit_length(a);
  const unsigned lb = explicit_lengths ? explicit_length(r[2]) : implicit_length(b);
  // Equal ordered: bit j when the first operand's valid elements equal the second's from j on,
  // as far as the second has elements (an invalid element of the first matches anything, one of
  // the second matches nothing valid).
  uint32_t res = 0;
  for (unsigned j = 0; j < n; ++j) {
    bool match = true;
    for (unsigned k = 0; j + k < n && match; ++k) {
      if (k >= la) break;
      match = j + k < lb && element(a, k) == element(b, j + k);
    }
    if (match) res |= 1u << j;
  }
  const uint32_t all = (1u << n) - 1, valid_b = (1u << lb) - 1;
  switch (imm >> 4 & 3) {
    case 1: res ^= all; break;      // negative polarity
    case 3: res ^= valid_b; break;  // masked negative: the second operand's valid elements
    default: break;
  }
  uint32_t flags = 0;
  if (res) flags |= 0x001;          // CF
  if (lb < n) flags |= 0x040;       // ZF
  if (la < n) flags |= 0x080;       // SF
  if (res & 1) flags |= 0x800;      // OF
  uint32_t eflags = 0;
  uc_reg_read(uc, UC_X86_REG_EFLAGS, &eflags);
  eflags = (eflags & ~0x8d5u) | flags;
  if (in.opcode & 1) {  // an index in ECX: the lowest set bit's, or with imm8 bit 6 the highest's
    uint32_t index = n;
    if (res) index = imm & 0x40 ? 31 - static_cast<uint32_t>(__builtin_clz(res)) : static_cast<uint32_t>(__builtin_ctz(res));
    uc_reg_write(uc, UC_X86_REG_ECX, &index);
  } else {  // a mask in XMM0: the bits, or with imm8 bit 6 each element all ones or zeros
    uint8_t mask[16] = {};
    if (imm & 0x40) {
      for (unsigned i = 0; i < n; ++i)
        if (res >> i & 1) std::memset(mask + (words ? 2 * i : i), 0xff, words ? 2 : 1);
    } else {
      mask[0] = static_cast<uint8_t>(res);
      mask[1] = static_cast<uint8_t>(res >> 8);
    }
    uc_reg_write(uc, UC_X86_REG_XMM0, mask);
  }
  uc_reg_write(uc, UC_X86_REG_EFLAGS, &eflags);
  const uint32_t next = static_cast<uint32_t>(pc + in.length);
  uc_reg_write(uc, UC_X86_REG_EIP, &next);
  return true;
}

}  // namespace

// Cpu::read_system_register on i386: CPUID as the guest's cpuid answers it (x86::kCpuidEaxEbx in
// x86_regs.h says which registers; subleaf 0), on a scratch engine, outside any run.
static bool read_cpuid(uc_engine* uc, ModelState*, uint32_t id, uint64_t& value) {
  const uint32_t leaf = id & ~x86::kCpuidEaxEbx;
  const int model = engine_model(uc);
  uint32_t r[4];
  if (!model_cpuid(model, leaf, 0, r)) return false;
  adjust_cpuid(leaf, 0, r, adjusted_leaves(model).leaf1[2]);
  value = id & x86::kCpuidEaxEbx ? static_cast<uint64_t>(r[0]) << 32 | r[1] : static_cast<uint64_t>(r[3]) << 32 | r[2];
  return true;
}

const UnicornIsa& unicorn_isa_i386() {
  static const UnicornIsa desc = [] {
    UnicornIsa d{
        Isa::I386, UC_ARCH_X86, UC_MODE_32, kI386Model, reg_ids_32(), UC_X86_REG_EIP, 512,
        i386_features(kI386Model),
        &classify, &init_i386, &set_segment_base_32, thread_regs_32(), xmm_regs(8), kHltSize,
        &forget_exception, &copy_for_replay_32, nullptr, nullptr, nullptr, &describe_x86_exception,
    };
    d.read_system_register = &read_cpuid;
    d.read_reg = &read_reg_32;
    d.write_reg = &write_reg_32;
    d.coherent_code = true;
    d.enter_user_mode = &enter_user_mode_32;
    d.hook_serializing = &hook_serializing_32;
    d.find_exclusive = &i386_find_atomic;
    d.run_exclusive = &i386_run_atomic;
    d.direct_successors = &i386_direct_successors;
    d.find_emulated = &i386_find_string_compares;
    d.run_emulated = &i386_run_string_compare;
    // Lower models as qemu-i386 names them, each measured with cpu_features_i386 (its CPUID, with
    // adjust_cpuid's changes, says what runs); not the ones before SSE2 (pentium3 and older), on
    // which the engine runs what their CPUID leaves out, nor those before cmov, without which
    // Debian's i686 glibc cannot start.
    d.model_name = "Skylake-Client";
    for (const auto& [name, model] : std::initializer_list<std::pair<const char*, int>>{
             {"Broadwell", UC_CPU_X86_BROADWELL}, {"Haswell", UC_CPU_X86_HASWELL}, {"IvyBridge", UC_CPU_X86_IVYBRIDGE},
             {"SandyBridge", UC_CPU_X86_SANDYBRIDGE}, {"Westmere", UC_CPU_X86_WESTMERE}, {"Nehalem", UC_CPU_X86_NEHALEM},
             {"Penryn", UC_CPU_X86_PENRYN}, {"Conroe", UC_CPU_X86_CONROE}, {"qemu32", UC_CPU_X86_QEMU32}})
      d.other_models.push_back({name, model, {}, true, &i386_features});
    return d;
  }();
  return desc;
}

const UnicornIsa& unicorn_isa_x86_64() {
  // The engine's default 64-bit model (SSE, SSE2, SSE3 …); x86 target pages are 4 KiB and the
  // section bound 4,096, so the same 512-region cap leaves a wide margin.
  static const UnicornIsa desc = [] {
    UnicornIsa d{
        Isa::X86_64, UC_ARCH_X86, UC_MODE_64, -1, reg_ids_64(), UC_X86_REG_RIP, 512,
        {"sse", "sse2"}, &classify, &init_x86_64, &set_segment_base_64, thread_regs_64(), xmm_regs(16), kHltSize,
        &forget_exception, &copy_for_replay_64, nullptr, nullptr, nullptr, &describe_x86_exception,
    };
    d.direct_successors = &x86_64_direct_successors;
    d.syscall_instruction = UC_X86_INS_SYSCALL;
    return d;
  }();
  return desc;
}

}  // namespace polyrun::cpu
