// x64 exception dispatch and unwinding, driven by the image's .pdata/.xdata (read by
// core/unwind_x64.h): the dispatcher behind RaiseException, RtlUnwindEx, RtlVirtualUnwind and
// RtlLookupFunctionEntry (the pieces C++ exceptions of mingw-w64 and MSVC programs go through) and
// the C compilers' __C_specific_handler (ntdll/exceptions.cpp).
//
// CONTEXT (x64): ContextFlags 0x30, MxCsr 0x34, EFlags 0x44, Rax…R15 at 0x78 + 8*i in the order
// rax rcx rdx rbx rsp rbp rsi rdi r8…r15 (the CPU's own register numbering), Rip 0xf8, Xmm0…15 at
// 0x1a0 + 16*i.
#include "shims/core/seh_x64.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <list>
#include <mutex>

#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/unwind_x64.h"
#include "shims/core/windows_modules.h"

namespace polyrun::shims {

namespace x86 = cpu::x86;

namespace {

// Frames a stack walk visits at most (a bound for corrupt stacks): a stack overflow's walk starts
// under as many frames as a full stack holds, 1 MiB of 48-byte frames is 21,845.
constexpr int kMaxFrames = 1 << 20;

using unwind_x64::kCtxGpr;
using unwind_x64::kCtxRip;
using unwind_x64::kCtxXmm;
using unwind_x64::kUnwFlagEHandler;
using unwind_x64::kUnwFlagUHandler;
constexpr uint64_t kCtxFlags = 0x30, kCtxMxcsr = 0x34, kCtxEflags = 0x44;

// The unwinder's way to memory (unwind_x64.h).
GuestAccess g_guest;

template <typename T>
T rd(uint64_t a) {
  return g_guest.read<T>(a);
}
template <typename T>
void wr(uint64_t a, T v) {
  g_guest.write<T>(a, v);
}

uint64_t gpr(uint64_t ctx, unsigned i) { return unwind_x64::gpr(g_guest, ctx, i); }
void set_gpr(uint64_t ctx, unsigned i, uint64_t v) { unwind_x64::set_gpr(g_guest, ctx, i, v); }
using unwind_x64::kRsp;

// The CPU's registers into a CONTEXT, as seen by the caller of the current host call.
void capture(WindowsProcess& p, uint64_t ctx, uint64_t rip, uint64_t rsp) {
  std::memset(reinterpret_cast<void*>(ctx), 0, seh_x64::kContextSize);
  wr<uint32_t>(ctx + kCtxFlags, 0x10001f);  // CONTEXT_AMD64 | CONTEXT_FULL | SEGMENTS | DEBUG
  wr<uint32_t>(ctx + kCtxMxcsr, 0x1f80);
  wr<uint32_t>(ctx + 0x100 + 0x18, 0x1f80);
  wr<uint32_t>(ctx + kCtxEflags, static_cast<uint32_t>(p.cpu().reg(x86::RFLAGS)));
  wr<uint16_t>(ctx + 0x38, 0x33);  // SegCs
  wr<uint16_t>(ctx + 0x42, 0x2b);  // SegSs
  for (unsigned i = 0; i < 16; ++i) set_gpr(ctx, i, p.cpu().reg(static_cast<int>(x86::RAX + i)));
  set_gpr(ctx, kRsp, rsp);
  wr<uint64_t>(ctx + kCtxRip, rip);
  for (int i = 0; i < 16; ++i) p.cpu().read_vector(x86::XMM0 + i, reinterpret_cast<uint8_t*>(ctx + kCtxXmm + 16 * i));
}

uint64_t search_table(uint64_t table, uint64_t count, uint32_t rva) {
  return unwind_x64::search_table(g_guest, table, count, rva);
}

// The function tables a program registers for code it makes at run time (RtlAddFunctionTable,
// RtlAddGrowableFunctionTable: JIT compilers, V8's among them): entries relative to `base`, sorted,
// covering [begin, end); a growable table's count grows up to its maximum. Under their own mutex
// (a thread registers code while another unwinds).
// A table installed with a callback (RtlInstallFunctionTableCallback) has no entries: the
// program's callback(pc, context) gives the RUNTIME_FUNCTION for a pc in [begin, end), its base.
struct DynamicTable {
  uint64_t entries;
  uint32_t count, max;
  uint64_t base, begin, end;
  uint64_t callback = 0, context = 0;
};
GuestCallMutex g_tables_mutex;
std::list<DynamicTable> g_tables;  // (a growable table's handle is its element's address)

// The .pdata entry covering pc (an image's, or a table the program registered), or 0.
uint64_t lookup(WindowsProcess& p, uint64_t pc, uint64_t* base) {
  if (const loader::PeImage* found = image_containing(p, pc)) {  // the program's or a DLL's
    if (!found->pdata) return 0;
    const uint64_t e = search_table(found->pdata, found->pdata_size / 12, static_cast<uint32_t>(pc - found->base));
    if (e && base) *base = found->base;
    return e;
  }
  DynamicTable by_callback{};
  {
    std::lock_guard<GuestCallMutex> lock(g_tables_mutex);
    for (const DynamicTable& t : g_tables) {
      if (pc < t.begin || pc >= t.end || pc - t.base > 0xffffffffu) continue;
      if (t.callback) {
        by_callback = t;
        break;
      }
      if (const uint64_t e = search_table(t.entries, t.count, static_cast<uint32_t>(pc - t.base))) {
        if (base) *base = t.base;
        return e;
      }
    }
  }
  if (!by_callback.callback) return 0;
  // (The program's code runs with the tables' mutex released: it may register tables itself.)
  const uint64_t e = p.call_guest(by_callback.callback, {pc, by_callback.context});
  if (e && base) *base = by_callback.base;
  return e;
}

// RtlVirtualUnwind: moves ctx to the caller's frame; returns the handler of `type` (or 0).
uint64_t virtual_unwind(uint32_t type, uint64_t base, uint64_t pc, uint64_t fe, uint64_t ctx, uint64_t* handler_data,
                        uint64_t* establisher) {
  return unwind_x64::virtual_unwind(g_guest, type, base, pc, fe, ctx, handler_data, establisher);
}

// Steps ctx out of a function without unwind data (a leaf: the return address is on top).
bool leaf_step(WindowsProcess& p, uint64_t ctx) {
  uint64_t pc = rd<uint64_t>(ctx + kCtxRip), rsp = gpr(ctx, kRsp);
  if (!image_containing(p, pc) && !p.in_leaf_code(pc)) return false;
  if (!p.memory.accessible(rsp, 8, mem::kRead)) return false;
  wr<uint64_t>(ctx + kCtxRip, rd<uint64_t>(rsp));
  set_gpr(ctx, kRsp, rsp + 8);
  return true;
}

void copy_context(uint64_t to, uint64_t from) {
  std::memcpy(reinterpret_cast<void*>(to), reinterpret_cast<const void*>(from), seh_x64::kContextSize);
}

// DISPATCHER_CONTEXT: ControlPc, ImageBase, FunctionEntry, EstablisherFrame, TargetIp,
// ContextRecord, LanguageHandler, HandlerData, HistoryTable, ScopeIndex.
uint64_t dispatcher_context(WindowsProcess& p, uint64_t pc, uint64_t base, uint64_t fe, uint64_t frame, uint64_t target,
                            uint64_t ctx, uint64_t handler, uint64_t data) {
  uint64_t dc = p.heap.alloc(0x50, true);
  uint64_t v[9] = {pc, base, fe, frame, target, ctx, handler, data, 0};
  std::memcpy(reinterpret_cast<void*>(dc), v, sizeof v);
  return dc;
}

// A pseudo frame host code pushed (a C++ catch block it started): the walk continues at the
// context the pseudo frame recorded; unwinding through it ends it.
bool step_host_frame(WindowsProcess& p, uint64_t ctx, bool unwinding) {
  uint64_t pc = rd<uint64_t>(ctx + kCtxRip), sp = gpr(ctx, kRsp);
  for (size_t i = p.host_frames().size(); i-- > 0;) {
    auto& f = p.host_frames()[i];
    if (f.return_pc != pc || f.sp != sp) continue;
    copy_context(ctx, f.outer);
    if (unwinding) {
      auto ended = std::move(f.unwound);
      p.host_frames().erase(p.host_frames().begin() + static_cast<std::ptrdiff_t>(i));
      if (ended) ended(p);
    }
    return true;
  }
  return false;
}

// Steps ctx one frame towards the caller (ignoring handlers). False at the end of the stack.
bool step_frame(WindowsProcess& p, uint64_t ctx, bool unwinding) {
  if (step_host_frame(p, ctx, unwinding)) return true;
  uint64_t pc = rd<uint64_t>(ctx + kCtxRip), base = 0;
  uint64_t fe = lookup(p, pc, &base);
  if (!fe) return leaf_step(p, ctx);
  virtual_unwind(0, base, pc, fe, ctx, nullptr, nullptr);
  return true;
}

// Steps ctx over pseudo frames and leaf functions until it is in a function with unwind data;
// returns that function's entry (and image base), or 0 at the end of the stack.
uint64_t next_function(WindowsProcess& p, uint64_t ctx, bool unwinding, uint64_t* base) {
  for (int steps = 0; steps < kMaxFrames && !p.exited; ++steps) {
    if (step_host_frame(p, ctx, unwinding)) continue;
    if (uint64_t fe = lookup(p, rd<uint64_t>(ctx + kCtxRip), base)) return fe;
    if (!leaf_step(p, ctx)) return 0;
  }
  return 0;
}

bool dispatch(WindowsProcess& p, uint64_t rec, uint64_t ctx) {
  uint64_t walk = new_context(p), here = new_context(p);
  copy_context(walk, ctx);
  bool continued = false;
  for (int depth = 0; depth < kMaxFrames && !p.exited && !p.restore_pending(); ++depth) {
    uint64_t base = 0, fe = next_function(p, walk, false, &base);
    if (!fe) break;
    uint64_t pc = rd<uint64_t>(walk + kCtxRip);
    copy_context(here, walk);
    uint64_t data = 0, est = 0;
    uint64_t handler = virtual_unwind(kUnwFlagEHandler, base, pc, fe, walk, &data, &est);
    if (!handler) continue;
    uint64_t dc = dispatcher_context(p, pc, base, fe, est, 0, here, handler, data);
    int32_t r = static_cast<int32_t>(p.call_guest(handler, {rec, est, ctx, dc}));
    p.heap.free(dc);
    if (p.exited || p.restore_pending()) break;
    if (r == kContinueExecution) {
      continued = true;
      break;
    }
  }
  p.heap.free(walk);
  p.heap.free(here);
  return continued;
}

}  // namespace

bool seh_x64::unwind_to(WindowsProcess& p, uint64_t target_frame, uint64_t target_ip, uint64_t rec, uint64_t cur) {
  wr<uint32_t>(rec + 4, rd<uint32_t>(rec + 4) | kExceptionUnwinding);
  uint64_t next = new_context(p);
  bool reached = false;
  for (int depth = 0; depth < kMaxFrames && !p.exited; ++depth) {
    uint64_t base = 0, fe = next_function(p, cur, true, &base);
    if (!fe) break;
    uint64_t pc = rd<uint64_t>(cur + kCtxRip);
    copy_context(next, cur);
    uint64_t data = 0, est = 0;
    uint64_t handler = virtual_unwind(kUnwFlagUHandler, base, pc, fe, next, &data, &est);
    bool target = est == target_frame;
    if (target) wr<uint32_t>(rec + 4, rd<uint32_t>(rec + 4) | kExceptionTargetUnwind);
    if (handler) {
      uint64_t dc = dispatcher_context(p, pc, base, fe, est, target_ip, cur, handler, data);
      p.call_guest(handler, {rec, est, cur, dc});
      p.heap.free(dc);
      // A handler that unwound elsewhere itself (GCC's cleanups: a nested RaiseException whose
      // handler calls RtlUnwindEx to the landing pad) ends this unwind: the guest resumes there.
      if (p.exited || p.restore_pending()) break;
    }
    if (target) {
      reached = true;
      break;
    }
    copy_context(cur, next);
  }
  p.heap.free(next);
  return reached;
}

bool seh_x64::step(WindowsProcess& p, uint64_t ctx) { return step_frame(p, ctx, false); }
void seh_x64::set_reg(uint64_t ctx, unsigned i, uint64_t v) { set_gpr(ctx, i, v); }
void seh_x64::set_pc(uint64_t ctx, uint64_t v) { wr<uint64_t>(ctx + kCtxRip, v); }
void seh_x64::copy(uint64_t to, uint64_t from) { copy_context(to, from); }
uint64_t seh_x64::function_entry(WindowsProcess& p, uint64_t pc, uint64_t* base) { return lookup(p, pc, base); }

// ---- what NTDLL's exports (ntdll/exceptions.cpp) are made of ----

uint64_t seh_x64::virtual_unwind(uint32_t type, uint64_t base, uint64_t pc, uint64_t fe, uint64_t ctx, uint64_t* data,
                                 uint64_t* establisher, uint64_t pointers) {
  return unwind_x64::virtual_unwind(g_guest, type, base, pc, fe, ctx, data, establisher, pointers);
}

bool seh_x64::add_function_table(uint64_t table, uint32_t count, uint64_t base) {
  if (!table || !count) return false;
  uint64_t begin = ~0ull, end = 0;
  for (uint32_t i = 0; i < count; ++i) {
    begin = std::min<uint64_t>(begin, base + rd<uint32_t>(table + 12ull * i));
    end = std::max<uint64_t>(end, base + rd<uint32_t>(table + 12ull * i + 4));
  }
  std::lock_guard<GuestCallMutex> lock(g_tables_mutex);
  g_tables.push_back({table, count, count, base, begin, end});
  return true;
}

bool seh_x64::install_function_table_callback(uint64_t identifier, uint64_t base, uint32_t length, uint64_t callback,
                                               uint64_t context) {
  if ((identifier & 3) != 3 || !callback || !length) return false;
  std::lock_guard<GuestCallMutex> lock(g_tables_mutex);
  DynamicTable t{identifier, 0, 0, base, base, base + length};
  t.callback = callback;
  t.context = context;
  g_tables.push_back(t);
  return true;
}

bool seh_x64::delete_function_table(uint64_t table) {
  std::lock_guard<GuestCallMutex> lock(g_tables_mutex);
  for (auto it = g_tables.begin(); it != g_tables.end(); ++it)
    if (it->entries == table) {
      g_tables.erase(it);
      return true;
    }
  return false;
}

uint64_t seh_x64::add_growable_function_table(uint64_t table, uint32_t count, uint32_t max, uint64_t begin, uint64_t end) {
  std::lock_guard<GuestCallMutex> lock(g_tables_mutex);
  g_tables.push_back({table, count, max, begin, begin, end});
  return reinterpret_cast<uint64_t>(&g_tables.back());
}

void seh_x64::grow_function_table(uint64_t handle, uint32_t count) {
  std::lock_guard<GuestCallMutex> lock(g_tables_mutex);
  for (DynamicTable& t : g_tables)
    if (reinterpret_cast<uint64_t>(&t) == handle && count >= t.count && count <= t.max) t.count = count;
}

void seh_x64::delete_growable_function_table(uint64_t handle) {
  std::lock_guard<GuestCallMutex> lock(g_tables_mutex);
  g_tables.remove_if([&](const DynamicTable& t) { return reinterpret_cast<uint64_t>(&t) == handle; });
}

// x64's _JUMP_BUFFER {Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12–R15, Rip, MxCsr, FpCsr, Spare, Xmm6–15}
// into a CONTEXT: the registers longjmp goes on with.
static void load_jump_buffer(uint64_t ctx, uint64_t jmp) {
  static const unsigned kRegs[] = {3, 4, 5, 6, 7, 12, 13, 14, 15};  // rbx rsp rbp rsi rdi r12–r15
  for (unsigned i = 0; i < 9; ++i) set_gpr(ctx, kRegs[i], rd<uint64_t>(jmp + 8 + 8 * i));
  wr<uint64_t>(ctx + kCtxRip, rd<uint64_t>(jmp + 0x50));
  wr<uint32_t>(ctx + 0x34, rd<uint32_t>(jmp + 0x58));  // MxCsr
  for (unsigned i = 0; i < 10; ++i) std::memcpy(reinterpret_cast<void*>(ctx + kCtxXmm + 16 * (6 + i)), reinterpret_cast<const void*>(jmp + 0x60 + 16 * i), 16);
}

// Where an unwind starts: the exception being dispatched, or the caller of the current host call.
static void unwind_start(WindowsProcess& p, uint64_t cur) {
  if (!p.raises().empty()) {
    copy_context(cur, p.raises().back().context);
  } else {
    auto frame = abi::make_frame(abi::Convention::Win64, p.cpu());
    capture(p, cur, frame->return_address(), p.cpu().reg(x86::RSP) + 8);
  }
}

bool seh_x64::reaches_frame(WindowsProcess& p, uint64_t target_frame) {
  uint64_t cur = new_context(p), next = new_context(p);
  unwind_start(p, cur);
  bool reached = false;
  for (int depth = 0; depth < kMaxFrames && !reached; ++depth) {
    uint64_t base = 0, fe = next_function(p, cur, true, &base);
    if (!fe) break;
    copy_context(next, cur);
    uint64_t data = 0, est = 0;
    virtual_unwind(kUnwFlagUHandler, base, rd<uint64_t>(cur + kCtxRip), fe, next, &data, &est);
    reached = est == target_frame;
    copy_context(cur, next);
  }
  p.heap.free(next);
  p.heap.free(cur);
  return reached;
}

void seh_x64::unwind_ex(WindowsProcess& p, uint64_t target_frame, uint64_t target_ip, uint64_t record, uint64_t retval,
                       uint64_t context) {
  uint64_t cur = context ? context : new_context(p);
  unwind_start(p, cur);
  uint64_t rec = record ? record : new_exception_record(p, kStatusUnwind, 0, rd<uint64_t>(cur + kCtxRip), {});
  if (seh_x64::unwind_to(p, target_frame, target_ip, rec, cur) && !p.restore_pending()) {
    // Resume in the target frame at target_ip with the return value in rax; longjmp's unwind
    // (STATUS_LONGJUMP, the jump buffer its parameter) with the buffer's registers.
    set_gpr(cur, 0, retval);
    wr<uint64_t>(cur + kCtxRip, target_ip);
    constexpr uint32_t kStatusLongjump = 0x80000026;
    if (rd<uint32_t>(rec) == kStatusLongjump && rd<uint32_t>(rec + 24) >= 1) load_jump_buffer(cur, rd<uint64_t>(rec + 32));
    resume_at(p, cur);
  } else if (!p.exited && !p.restore_pending()) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: RtlUnwindEx did not reach its target frame 0x%llx\n",
                 static_cast<unsigned long long>(target_frame));
    p.terminate(128 + 6);
  }
  if (!record) p.heap.free(rec);
  if (!context) p.heap.free(cur);
}

namespace {

void unwind(WindowsProcess& p, uint64_t frame, uint64_t ip, uint64_t rec, uint64_t retval) {
  seh_x64::unwind_ex(p, frame, ip, rec, retval, 0);
}

void restore(WindowsProcess& p, const uint8_t* c) {
  auto ctx = reinterpret_cast<uint64_t>(c);
  for (unsigned i = 0; i < 16; ++i) p.cpu().set_reg(static_cast<int>(x86::RAX + i), gpr(ctx, i));
  for (int i = 0; i < 16; ++i) p.cpu().write_vector(x86::XMM0 + i, c + kCtxXmm + 16 * i);
  // The status flags and the direction flag (the program may have been between a compare and its
  // jump); the system flags stay the CPU's.
  uint64_t fl = p.cpu().reg(x86::RFLAGS);
  p.cpu().set_reg(x86::RFLAGS, (fl & ~0xcd5ull) | (rd<uint32_t>(ctx + kCtxEflags) & 0xcd5u));
  p.cpu().set_pc(rd<uint64_t>(ctx + kCtxRip));
}

}  // namespace

const SehRuntime& seh_runtime_x64() {
  static const SehRuntime rt{static_cast<uint32_t>(seh_x64::kContextSize), 0x98, 0x10, 0x18, 0x20, capture, restore, dispatch, unwind, 1,
                              [](WindowsProcess& p, uint64_t pc) { return x86_divide_error_code(p, pc, true); }};
  return rt;
}

}  // namespace polyrun::shims
