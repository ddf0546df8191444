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
#include "shims/msvcrt/cxx_eh.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh_x64.h"

namespace polyrun::shims::cxx {

namespace x86 = cpu::x86;

namespace {

// DISPATCHER_CONTEXT fields.
constexpr uint64_t kDcControlPc = 0, kDcImageBase = 8, kDcFunctionEntry = 0x10, kDcHandlerData = 0x38;

// The frame of the function a (catch) funclet belongs to; `frame` itself for the function.
uint64_t parent_frame(const FuncInfo& f, uint64_t frame, int32_t state, uint64_t fe) {
  if (f.is_catch) return get<uint64_t>(frame + f.disp_frame);  // FH4 says so directly
  uint64_t begin = f.base + get<uint32_t>(fe);
  for (size_t i = f.tries.size(); i-- > 0;) {
    const TryBlock& tb = f.tries[i];
    if (state <= tb.high || state > tb.catch_high) continue;
    for (const Handler& h : tb.handlers)
      if (h.address == begin) return get<uint64_t>(frame + h.disp_frame);
  }
  return frame;
}

// While frame_handler4 reads a function's tables: the guest map, against which every read is
// checked. A corrupt table that points outside it ends the parse with BadTable, which unwinds
// what the parse allocated (a fault recovered inside the parse would lose it).
thread_local const mem::AddressSpace* t_tables_memory = nullptr;
struct BadTable {};

template <typename T>
T table_get(uint64_t at) {
  if (t_tables_memory && !t_tables_memory->accessible(at, sizeof(T), mem::kRead)) throw BadTable{};
  return get<T>(at);
}

// FH4's compressed unsigned integers: the low one bits of the first byte give the length.
uint32_t read_compressed(uint64_t& at) {
  uint32_t b = table_get<uint8_t>(at);
  uint32_t v;
  if ((b & 1) == 0) {
    v = b >> 1;
    at += 1;
  } else if ((b & 3) == 1) {
    v = uint32_t{table_get<uint16_t>(at)} >> 2;
    at += 2;
  } else if ((b & 7) == 3) {
    v = (b | uint32_t{table_get<uint16_t>(at + 1)} << 8) >> 3;
    at += 3;
  } else if ((b & 15) == 7) {
    v = table_get<uint32_t>(at) >> 4;
    at += 4;
  } else {
    v = table_get<uint32_t>(at + 1);
    at += 5;
  }
  return v;
}

int32_t read_int(uint64_t& at) {
  int32_t v = table_get<int32_t>(at);
  at += 4;
  return v;
}

void call_funclet(WindowsProcess& p, uint64_t funclet, uint64_t parent) { p.call_guest(funclet, {funclet, parent}); }

void resume_context(WindowsProcess&, const ActiveCatch& c, uint64_t continuation, uint64_t ctx) {
  seh_x64::copy(ctx, c.resume_ctx);
  seh_x64::set_pc(ctx, continuation);
}

void on_catch_return(WindowsProcess& p) {
  return_from_catch(p, p.cpu().reg(x86::RSP), p.cpu().reg(x86::RAX), resume_context);
}

void catch_it(WindowsProcess& p, uint64_t rec, uint64_t frame, const FuncInfo& f, uint64_t parent, int32_t state,
              const Thrown& t, const Match& m) {
  build_catch_object(p, t, m, parent + m.h.disp_catch);
  if (p.exited) return;
  uint64_t cur = new_context(p);
  seh_x64::copy(cur, p.raises().back().context);
  if (!seh_x64::unwind_to(p, frame, 0, rec, cur) || p.restore_pending()) {
    p.heap.free(cur);
    if (p.exited || p.restore_pending()) return;
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: C++ exception: the catching frame 0x%llx was not found while unwinding\n",
                 static_cast<unsigned long long>(frame));
    p.terminate(128 + 6);
    return;
  }
  unwind_states(p, f, parent, state, m.tb.low, [&](uint64_t action) { call_funclet(p, action, parent); });
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

  uint64_t thunk = p.own_thunk("catch-return", on_catch_return);
  uint64_t sp = ((p.cpu().reg(x86::RSP) - 0x100) & ~15ull) - 8;
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
  c.ncont = m.h.ncont;
  c.cont[0] = m.h.cont[0];
  c.cont[1] = m.h.cont[1];
  begin_catch(p, c, rec, p.raises().back().context);
  p.host_frames().push_back({thunk, sp + 8, walk, [stack = sp + 8](WindowsProcess& q) {
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

// Both handlers, once the tables are decoded.
int32_t handle(WindowsProcess& p, const FuncInfo& f, uint64_t rec, uint64_t frame, uint64_t dc) {
  int32_t state = state_at(f, get<uint64_t>(dc + kDcControlPc));
  uint64_t parent = parent_frame(f, frame, state, get<uint64_t>(dc + kDcFunctionEntry));
  uint32_t flags = get<uint32_t>(rec + 4);
  if (flags & (kExceptionUnwinding | kExceptionExitUnwind)) {
    // The catching frame unwinds its own states (catch_it); every other frame unwinds them all.
    if (!(flags & kExceptionTargetUnwind))
      unwind_states(p, f, parent, state, -1, [&](uint64_t action) { call_funclet(p, action, parent); });
    return kContinueSearch;
  }
  Thrown t;
  if (!thrown_of(p, rec, &t)) {
    translate_foreign(p, f, state, rec, p.raises().back().context);
    return kContinueSearch;
  }
  Match m;
  if (find_handler(p, f, state, t, &m)) catch_it(p, rec, frame, f, parent, state, t, m);
  return kContinueSearch;
}

// HandlerData holds the image-relative address of the function's tables.
uint64_t tables(uint64_t dc, uint64_t base) { return base + get<uint32_t>(get<uint64_t>(dc + kDcHandlerData)); }

int32_t frame_handler(WindowsProcess& p, uint64_t rec, uint64_t frame, uint64_t, uint64_t dc) {
  uint64_t base = get<uint64_t>(dc + kDcImageBase);
  FuncInfo f;
  if (!read_func_info(p, tables(dc, base), base, &f)) return kContinueSearch;
  return handle(p, f, rec, frame, dc);
}

void call_method(WindowsProcess& p, uint64_t fn, uint64_t self, const std::vector<uint64_t>& args) {
  std::vector<uint64_t> all = {self};
  all.insert(all.end(), args.begin(), args.end());
  p.call_guest(fn, all);
}

}  // namespace

bool read_func_info4(uint64_t addr, uint64_t base, uint32_t function_start, FuncInfo* out) {
  *out = FuncInfo{};
  out->addr = addr;
  out->base = base;
  uint64_t at = addr;
  uint32_t header = table_get<uint8_t>(at++);
  if (header & 0x80) return false;  // reserved: a format this runtime does not know
  if (header & 0x04) read_compressed(at);  // BBT flags
  int32_t unwind_rva = (header & 0x08) ? read_int(at) : 0;
  int32_t try_rva = (header & 0x10) ? read_int(at) : 0;
  int32_t ip_rva = read_int(at);
  if (header & 0x02) {  // separated code: {segment start, IP map} pairs
    uint64_t seg = base + static_cast<uint32_t>(ip_rva);
    bool present = ip_rva != 0;
    ip_rva = 0;
    for (uint32_t i = 0, n = present ? read_compressed(seg) : 0; i < n; ++i) {
      int32_t start = read_int(seg), map = read_int(seg);
      if (static_cast<uint32_t>(start) == function_start) ip_rva = map;
    }
  }
  out->ehs = (header & 0x20) != 0;
  if (header & 0x01) {
    out->is_catch = true;
    out->disp_frame = read_compressed(at);
  }
  if (unwind_rva) {
    // Entries follow each other; each names the entry of the state it leads to by a backward byte
    // offset from its own start (before the first entry: state -1).
    uint64_t m = base + static_cast<uint32_t>(unwind_rva);
    uint32_t n = read_compressed(m);
    std::vector<uint64_t> starts, targets;
    for (uint32_t i = 0; i < n; ++i) {
      starts.push_back(m);
      uint32_t v = read_compressed(m);
      UnwindEntry e;
      e.kind = (v & 3) == 1 ? UnwindEntry::DtorOfObject : (v & 3) == 2 ? UnwindEntry::DtorOfPointer
               : (v & 3) == 3 ? UnwindEntry::Funclet : UnwindEntry::None;
      if (e.kind != UnwindEntry::None) e.action = base + static_cast<uint32_t>(read_int(m));
      if (e.kind == UnwindEntry::DtorOfObject || e.kind == UnwindEntry::DtorOfPointer) e.object = read_compressed(m);
      targets.push_back(starts.back() - (v >> 2));
      out->unwind.push_back(e);
    }
    for (uint32_t i = 0; i < n; ++i)
      for (uint32_t j = 0; j < i; ++j)
        if (starts[j] == targets[i]) out->unwind[i].to_state = static_cast<int32_t>(j);
  }
  if (try_rva) {
    uint64_t m = base + static_cast<uint32_t>(try_rva);
    for (uint32_t i = 0, n = read_compressed(m); i < n; ++i) {
      TryBlock tb;
      tb.low = static_cast<int32_t>(read_compressed(m));
      tb.high = static_cast<int32_t>(read_compressed(m));
      tb.catch_high = static_cast<int32_t>(read_compressed(m));
      uint64_t h = base + static_cast<uint32_t>(read_int(m));
      for (uint32_t j = 0, nh = read_compressed(h); j < nh; ++j) {
        uint32_t hh = table_get<uint8_t>(h++);
        Handler hd;
        if (hh & 0x01) hd.adjectives = read_compressed(h);
        if (hh & 0x02) {
          int32_t type = read_int(h);
          hd.type = type ? base + static_cast<uint32_t>(type) : 0;
        }
        if (hh & 0x04) hd.disp_catch = static_cast<int32_t>(read_compressed(h));
        hd.address = base + static_cast<uint32_t>(read_int(h));
        hd.ncont = (hh >> 4) & 3;
        if (hd.ncont > 2) hd.ncont = 0;
        for (uint32_t k = 0; k < hd.ncont; ++k)
          hd.cont[k] = (hh & 0x08) ? base + static_cast<uint32_t>(read_int(h)) : base + function_start + read_compressed(h);
        tb.handlers.push_back(hd);
      }
      out->tries.push_back(std::move(tb));
    }
  }
  if (ip_rva) {
    uint64_t m = base + static_cast<uint32_t>(ip_rva);
    uint32_t ip = 0;
    for (uint32_t i = 0, n = read_compressed(m); i < n; ++i) {
      ip += read_compressed(m);
      out->ip_states.emplace_back(base + function_start + ip, static_cast<int32_t>(read_compressed(m)) - 1);
    }
  }
  return true;
}

int32_t frame_handler4(WindowsProcess& p, uint64_t rec, uint64_t frame, uint64_t, uint64_t dc) {
  uint64_t base = get<uint64_t>(dc + kDcImageBase);
  FuncInfo f;
  const uint32_t start = get<uint32_t>(get<uint64_t>(dc + kDcFunctionEntry));
  t_tables_memory = &p.memory;
  bool ok = false;
  try {
    ok = read_func_info4(tables(dc, base), base, start, &f);
  } catch (const BadTable&) {
    ok = false;  // tables outside the program's memory: nothing this handler can act on
  }
  t_tables_memory = nullptr;
  if (!ok) return kContinueSearch;
  return handle(p, f, rec, frame, dc);
}

const CxxRuntime& cxx_runtime_x64() {
  static const CxxRuntime rt{20, true, call_method, frame_handler};
  return rt;
}

}  // namespace polyrun::shims::cxx
