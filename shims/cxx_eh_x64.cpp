// __CxxFrameHandler3 for x64. A function's state comes from its IP-to-state map; its catch blocks
// and cleanups are funclets called with the function's establisher frame in rdx (a funclet's own
// frame holds that frame at HandlerType.dispFrame). A catch block returns the address to continue
// at in rax.
//
// Catching: the catch parameter is built, the frames between the throw and the catching frame
// are unwound (RtlUnwindEx's walk), the catching frame's states inside the try block are
// unwound, then the catch funclet starts on the stack below everything still in use (the thrown
// object lives in the thrower's frame) and returns to a polyrun thunk that resumes the function
// at the continuation. While it runs, a pseudo frame lets stack walks from inside the catch
// block continue past the function, so exceptions thrown or rethrown there find outer handlers.
#include <cstdio>

#include "cpu-emu/x86_regs.h"
#include "shims/cxx_eh.h"
#include "shims/guest_memory.h"
#include "shims/seh_x64.h"

namespace polyrun::shims::cxx {

namespace x86 = cpu::x86;

namespace {

// DISPATCHER_CONTEXT fields.
constexpr uint64_t kDcControlPc = 0, kDcImageBase = 8, kDcFunctionEntry = 0x10, kDcHandlerData = 0x38;

int32_t state_from_pc(const FuncInfo& f, uint64_t pc) {
  int32_t state = -1;
  for (uint32_t i = 0; i < f.nip; ++i) {
    uint64_t e = f.ip_map + 8ull * i;
    if (pc < f.base + get<uint32_t>(e)) break;
    state = get<int32_t>(e + 4);
  }
  return state;
}

// The frame of the function a (catch) funclet belongs to; `frame` itself for the function.
uint64_t parent_frame(WindowsProcess& p, const FuncInfo& f, uint64_t frame, int32_t state, uint64_t fe) {
  uint64_t begin = f.base + get<uint32_t>(fe);
  for (uint32_t i = f.ntry; i-- > 0;) {
    TryBlock tb = try_block(f, i);
    if (state <= tb.high || state > tb.catch_high) continue;
    for (uint32_t j = 0; j < tb.ncatches; ++j) {
      Handler h = handler(p, f, tb, j);
      if (h.address == begin) return get<uint64_t>(frame + h.disp_frame);
    }
  }
  return frame;
}

void call_funclet(WindowsProcess& p, uint64_t funclet, uint64_t parent) { p.call_guest(funclet, {funclet, parent}); }

void on_catch_return(WindowsProcess& p) {
  auto& catches = active_catches(p);
  uint64_t sp = p.cpu->reg(x86::RSP);
  for (size_t i = catches.size(); i-- > 0;) {
    if (catches[i].stack != sp) continue;
    uint64_t ctx = new_context(p);
    seh_x64::copy(ctx, catches[i].resume_ctx);
    seh_x64::set_pc(ctx, p.cpu->reg(x86::RAX));  // the continuation
    end_catch(p, i);
    if (!p.exited) resume_at(p, ctx);
    p.heap.free(ctx);
    return;
  }
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: a C++ catch block returned to a stack polyrun did not give it\n");
  p.terminate(128 + 6);
}

void catch_it(WindowsProcess& p, uint64_t rec, uint64_t frame, const FuncInfo& f, uint64_t parent, int32_t state,
              const Thrown& t, const Match& m) {
  if (m.h.disp_catch) build_catch_object(p, t, m, parent + m.h.disp_catch);
  if (p.exited) return;
  uint64_t cur = new_context(p);
  seh_x64::copy(cur, p.raises.back().context);
  if (!seh_x64::unwind_to(p, frame, 0, rec, cur)) {
    p.heap.free(cur);
    if (p.exited) return;
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: C++ exception: the catching frame 0x%llx was not found while unwinding\n",
                 static_cast<unsigned long long>(frame));
    p.terminate(128 + 6);
    return;
  }
  unwind_states(p, f, state, m.tb.low, [&](uint64_t action) { call_funclet(p, action, parent); });
  if (p.exited) {
    p.heap.free(cur);
    return;
  }
  // Catch blocks of this activation that the continuation leaves end now; it resumes in the
  // frame of the innermost one it lies inside, or in the function itself.
  auto& catches = active_catches(p);
  while (!catches.empty()) {
    ActiveCatch& c = catches.back();
    if (c.parent != parent || c.func_info != f.addr || inside_catch(c, m.tb)) break;
    seh_x64::copy(cur, c.resume_ctx);
    end_catch(p, catches.size() - 1);
  }
  uint64_t walk = new_context(p);
  seh_x64::copy(walk, cur);
  seh_x64::step(p, walk);

  uint64_t thunk = runtime_thunk(p, "catch-return", on_catch_return);
  uint64_t sp = ((p.cpu->reg(x86::RSP) - 0x100) & ~15ull) - 8;
  put<uint64_t>(sp, thunk);
  ActiveCatch c;
  c.thrown = t;
  c.parent = parent;
  c.func_info = f.addr;
  c.try_high = m.tb.high;
  c.catch_high = m.tb.catch_high;
  c.stack = sp + 8;
  c.resume_ctx = cur;
  c.walk_ctx = walk;
  catches.push_back(c);
  p.host_frames.push_back({thunk, sp + 8, walk, [stack = sp + 8](WindowsProcess& q) {
                             auto& list = active_catches(q);
                             for (size_t i = list.size(); i-- > 0;)
                               if (list[i].stack == stack) end_catch(q, i);
                           }});
  uint64_t start = new_context(p);
  seh_x64::copy(start, cur);
  seh_x64::set_reg(start, seh_x64::kRsp, sp);
  seh_x64::set_reg(start, seh_x64::kRcx, m.h.address);
  seh_x64::set_reg(start, seh_x64::kRdx, parent);
  seh_x64::set_pc(start, m.h.address);
  resume_at(p, start);
  p.heap.free(start);
}

int32_t frame_handler(WindowsProcess& p, uint64_t rec, uint64_t frame, uint64_t, uint64_t dc) {
  uint64_t base = get<uint64_t>(dc + kDcImageBase), pc = get<uint64_t>(dc + kDcControlPc);
  FuncInfo f;
  if (!read_func_info(p, base + get<uint32_t>(get<uint64_t>(dc + kDcHandlerData)), base, &f)) return kContinueSearch;
  int32_t state = state_from_pc(f, pc);
  uint64_t parent = parent_frame(p, f, frame, state, get<uint64_t>(dc + kDcFunctionEntry));
  uint32_t flags = get<uint32_t>(rec + 4);
  if (flags & (kExceptionUnwinding | kExceptionExitUnwind)) {
    // The catching frame unwinds its own states (catch_it); every other frame unwinds them all.
    if (!(flags & kExceptionTargetUnwind))
      unwind_states(p, f, state, -1, [&](uint64_t action) { call_funclet(p, action, parent); });
    return kContinueSearch;
  }
  Thrown t;
  if (!thrown_of(p, rec, &t)) return kContinueSearch;
  Match m;
  if (find_handler(p, f, state, t, &m)) catch_it(p, rec, frame, f, parent, state, t, m);
  return kContinueSearch;
}

void call_method(WindowsProcess& p, uint64_t fn, uint64_t self, const std::vector<uint64_t>& args) {
  std::vector<uint64_t> all = {self};
  all.insert(all.end(), args.begin(), args.end());
  p.call_guest(fn, all);
}

}  // namespace

const CxxRuntime& cxx_runtime_x64() {
  static const CxxRuntime rt{20, true, call_method, frame_handler};
  return rt;
}

}  // namespace polyrun::shims::cxx
