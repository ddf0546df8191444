// __CxxFrameHandler3 for i386. A function with C++ exception handling registers a record
// {Next, Handler, State} on the fs:[0] chain, with the stack pointer to resume with just below it
// (record - 4); its handler is a stub that loads the FuncInfo into eax and jumps here. Its catch
// blocks and cleanups run with ebp = record + 12, and a catch block returns the address to
// continue at in eax.
//
// Catching: the catch parameter is built, the records above the function's are unwound, the
// function's states inside the try block are unwound, then the catch block starts on the stack
// below everything still in use, under a guard record of polyrun's own: the guard offers
// exceptions thrown inside the catch block to try blocks within it, and ends the catch if an
// exception leaves it. The catch block returns to a polyrun thunk that resumes the function at
// the continuation with its saved stack pointer.
#include <cstring>

#include "cpu-emu/x86_regs.h"
#include "shims/msvcrt/cxx_eh.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh_i386.h"

namespace polyrun::shims::cxx {

namespace x86 = cpu::x86;

namespace {

int32_t state_of(uint64_t node) { return get<int32_t>(node + 8); }
uint64_t frame_ebp(uint64_t node) { return node + 12; }

void call_action(WindowsProcess& p, uint64_t action, uint64_t node) {
  p.call_guest(action, {}, {.frame_pointer = frame_ebp(node)});
}

// Back in the function: its records as they were, its saved stack pointer and its ebp.
void resume_context(WindowsProcess& p, const ActiveCatch& c, uint64_t continuation, uint64_t ctx) {
  seh_i386::set_chain_head(p, get<uint32_t>(c.guard));
  put<uint32_t>(c.parent - 4, static_cast<uint32_t>(c.saved_esp));
  p.isa->seh->capture(p, ctx, continuation, c.saved_esp);
  put<uint32_t>(ctx + seh_i386::kCtxEbp, static_cast<uint32_t>(frame_ebp(c.parent)));
}

void on_catch_return(WindowsProcess& p) {
  return_from_catch(p, p.cpu().reg(x86::RSP), p.cpu().reg(x86::RAX) & 0xffffffffu, resume_context);
}

void on_guard(WindowsProcess& p);

// marker: the guard record of the catch block the try block lies in, or 0.
void catch_it(WindowsProcess& p, uint64_t rec, uint64_t ctx, uint64_t node, uint64_t marker, const FuncInfo& f,
              int32_t state, const Thrown& t, const Match& m) {
  build_catch_object(p, t, m, frame_ebp(node) + m.h.disp_catch);
  if (p.exited) return;
  seh_i386::unwind_chain(p, marker ? marker : node, rec, ctx);
  if (p.exited) return;
  unwind_states(p, f, frame_ebp(node), state, m.tb.low, [&](uint64_t action) { call_action(p, action, node); });
  if (p.exited) return;
  put<int32_t>(node + 8, m.tb.high + 1);

  uint64_t sp = (p.cpu().reg(x86::RSP) - 0x100) & ~15ull;
  uint64_t guard = sp - 16;
  put<uint32_t>(guard, static_cast<uint32_t>(seh_i386::chain_head(p)));
  put<uint32_t>(guard + 4, static_cast<uint32_t>(p.own_thunk("catch-guard", on_guard)));
  seh_i386::set_chain_head(p, guard);
  sp = guard - 4;
  put<uint32_t>(sp, static_cast<uint32_t>(p.own_thunk("catch-return", on_catch_return)));

  ActiveCatch c;
  c.thrown = t;
  c.parent = node;
  c.func_info = f.addr;
  c.try_high = m.tb.high;
  c.catch_high = m.tb.catch_high;
  c.stack = sp + 4;
  c.saved_esp = get<uint32_t>(node - 4);
  c.guard = guard;
  begin_catch(p, c, rec, ctx);

  uint64_t start = new_context(p);
  std::memcpy(guest_pointer(start), guest_pointer(ctx), p.isa->seh->context_size);
  put<uint32_t>(start + seh_i386::kCtxEbp, static_cast<uint32_t>(frame_ebp(node)));
  put<uint32_t>(start + seh_i386::kCtxEsp, static_cast<uint32_t>(sp));
  put<uint32_t>(start + seh_i386::kCtxEip, static_cast<uint32_t>(m.h.address));
  resume_at(p, start);
  p.heap.free(start);
}

bool within(const TryBlock& tb, const void* c) { return inside_catch(*static_cast<const ActiveCatch*>(c), tb); }

// The guard record's handler (cdecl: record, guard, context, dispatcher context).
void on_guard(WindowsProcess& p) {
  uint64_t esp = p.cpu().reg(x86::RSP);
  uint64_t rec = get<uint32_t>(esp + 4), guard = get<uint32_t>(esp + 8), ctx = get<uint32_t>(esp + 12);
  p.cpu().set_reg(x86::RAX, kContinueSearch);
  auto& catches = active_catches(p);
  size_t i = catches.size();
  while (i-- > 0 && catches[i].guard != guard) {}
  if (i == static_cast<size_t>(-1)) return;
  if (get<uint32_t>(rec + 4) & (kExceptionUnwinding | kExceptionExitUnwind)) {
    // The catch block is left by an exception: the function's saved stack pointer is its own again.
    put<uint32_t>(catches[i].parent - 4, static_cast<uint32_t>(catches[i].saved_esp));
    end_catch(p, i);
    return;
  }
  const ActiveCatch c = catches[i];
  FuncInfo f;
  Thrown t;
  Match m;
  if (!read_func_info(p, c.func_info, 0, &f) || !thrown_of(p, rec, &t)) return;
  int32_t state = state_of(c.parent);
  if (find_handler(p, f, state, t, &m, within, &c)) catch_it(p, rec, ctx, c.parent, guard, f, state, t, m);
}

int32_t frame_handler(WindowsProcess& p, uint64_t rec, uint64_t node, uint64_t ctx, uint64_t) {
  FuncInfo f;
  if (!read_func_info(p, p.cpu().reg(x86::RAX) & 0xffffffffu, 0, &f)) return kContinueSearch;  // the stub's eax
  int32_t state = state_of(node);
  if (get<uint32_t>(rec + 4) & (kExceptionUnwinding | kExceptionExitUnwind)) {
    unwind_states(p, f, frame_ebp(node), state, -1, [&](uint64_t action) { call_action(p, action, node); });
    put<int32_t>(node + 8, -1);
    return kContinueSearch;
  }
  Thrown t;
  Match m;
  if (!thrown_of(p, rec, &t)) translate_foreign(p, f, state, rec, ctx);
  else if (find_handler(p, f, state, t, &m)) catch_it(p, rec, ctx, node, 0, f, state, t, m);
  return kContinueSearch;
}

void call_method(WindowsProcess& p, uint64_t fn, uint64_t self, const std::vector<uint64_t>& args) {
  p.call_guest(fn, args, {.this_reg = self});  // thiscall
}

}  // namespace

const CxxRuntime& cxx_runtime_i386() {
  static const CxxRuntime rt{16, false, call_method, frame_handler};
  return rt;
}

}  // namespace polyrun::shims::cxx
