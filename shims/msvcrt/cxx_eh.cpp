// MSVC C++ exceptions: what both ISAs share (see msvcrt/cxx_eh.h): throwing, matching a thrown object
// against catch clauses, building catch parameters, unwind maps, and the lifetime of exception
// objects while catch blocks run.
#include "shims/msvcrt/cxx_eh.h"

#include <cstdio>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/windows_modules.h"
#include "shims/msvcrt/crt_internal.h"

namespace polyrun::shims::cxx {

namespace {

constexpr uint32_t kMagic1 = 0x19930520, kMagic3 = 0x19930522;
// HandlerType adjectives, CatchableType properties, ThrowInfo attributes.
constexpr uint32_t kHtConst = 1, kHtVolatile = 2, kHtUnaligned = 4, kHtReference = 8;
constexpr uint32_t kCtSimpleType = 1, kCtByReferenceOnly = 2, kCtHasVirtualBase = 4;
constexpr uint32_t kTiConst = 1, kTiVolatile = 2, kTiUnaligned = 4;

uint32_t u32(uint64_t a) { return get<uint32_t>(a); }
int32_t i32(uint64_t a) { return get<int32_t>(a); }

// An offset or pointer field of the tables.
uint64_t ref(uint64_t base, uint64_t field) {
  uint32_t v = u32(field);
  return v ? base + v : 0;
}

const char* type_name(WindowsProcess& p, uint64_t type) {
  return reinterpret_cast<const char*>(guest_pointer(type + 2ull * p.isa->ptr));
}

// A pointer to a base-class sub-object: PMD {mdisp, pdisp, vdisp}.
uint64_t adjust(WindowsProcess& p, uint64_t object, uint64_t pmd) {
  uint64_t r = object + static_cast<int64_t>(i32(pmd));
  int32_t pdisp = i32(pmd + 4);
  if (pdisp >= 0) {
    uint64_t vbtable = p.get_ptr(object + pdisp);
    r += static_cast<int64_t>(i32(vbtable + i32(pmd + 8))) + pdisp;
  }
  return r;
}

bool type_matches(WindowsProcess& p, const Thrown& t, const Handler& h, uint64_t ct) {
  uint64_t ct_type = ref(t.base, ct + 4);
  if (h.type != ct_type && std::strcmp(type_name(p, h.type), type_name(p, ct_type)) != 0) return false;
  uint32_t props = u32(ct), attrs = u32(t.info);
  if ((props & kCtByReferenceOnly) && !(h.adjectives & kHtReference)) return false;
  if ((attrs & kTiConst) && !(h.adjectives & kHtConst)) return false;
  if ((attrs & kTiVolatile) && !(h.adjectives & kHtVolatile)) return false;
  if ((attrs & kTiUnaligned) && !(h.adjectives & kHtUnaligned)) return false;
  return true;
}

// What the runtime keeps for each thread (core's per-DLL slots, core/dll_state.h).
struct State : DllStateBase {
  std::vector<ActiveCatch> catches;
  uint64_t se_translator = 0;  // _set_se_translator's function
  // The thread's current exception: pointers to the innermost running catch block's exception
  // record and context (vcruntime's per-thread _curexception and _curcontext), null outside one.
  uint64_t current = 0;
};

State& state(WindowsProcess& p) { return dll_state<State>(p.thread()); }

// Whether an exception being dispatched or unwound carries this object.
bool in_flight(WindowsProcess& p, uint64_t object) {
  for (const auto& r : p.raises()) {
    Thrown t;
    if (thrown_of(p, r.record, &t) && t.object == object) return true;
  }
  return false;
}

}  // namespace

uint64_t adjust_this(WindowsProcess& p, uint64_t object, uint64_t pmd) { return adjust(p, object, pmd); }

bool thrown_of(WindowsProcess& p, uint64_t rec, Thrown* out) {
  const SehRuntime& rt = *p.isa->seh;
  if (u32(rec) != kCxxExceptionCode || u32(rec + rt.rec_nparams) < 3) return false;
  uint64_t magic = p.get_ptr(rec + rt.rec_info);
  if (magic < kMagic1 || magic > kMagic3) return false;
  out->object = p.get_ptr(rec + rt.rec_info + p.isa->ptr);
  out->info = p.get_ptr(rec + rt.rec_info + 2 * p.isa->ptr);
  out->base = cxx_runtime(p).image_relative ? p.get_ptr(rec + rt.rec_info + 3 * p.isa->ptr) : 0;
  return out->info != 0;
}

bool read_func_info(WindowsProcess& p, uint64_t addr, uint64_t base, FuncInfo* out) {
  uint32_t magic = u32(addr) & 0x1fffffff;
  if (magic < kMagic1 || magic > kMagic3) return false;
  *out = FuncInfo{};
  out->addr = addr;
  out->base = base;
  int32_t max_state = i32(addr + 4);
  uint64_t unwind_map = ref(base, addr + 8), try_map = ref(base, addr + 16), ip_map = ref(base, addr + 24);
  for (int32_t i = 0; i < max_state && unwind_map; ++i) {
    uint64_t e = unwind_map + 8ull * static_cast<uint32_t>(i);
    uint64_t action = ref(base, e + 4);
    out->unwind.push_back({i32(e), action ? UnwindEntry::Funclet : UnwindEntry::None, action, 0});
  }
  const uint32_t hsize = cxx_runtime(p).handler_size;
  for (uint32_t i = 0, n = u32(addr + 12); i < n && try_map; ++i) {
    uint64_t e = try_map + 20ull * i;
    TryBlock tb{i32(e), i32(e + 4), i32(e + 8), {}};
    uint64_t handlers = ref(base, e + 16);
    for (uint32_t j = 0, nh = u32(e + 12); j < nh; ++j) {
      uint64_t h = handlers + uint64_t{hsize} * j;
      Handler hd;
      hd.adjectives = u32(h);
      hd.type = ref(base, h + 4);
      hd.disp_catch = i32(h + 8);
      hd.address = ref(base, h + 12);
      if (hsize >= 20) hd.disp_frame = i32(h + 16);
      tb.handlers.push_back(hd);
    }
    out->tries.push_back(std::move(tb));
  }
  // EHFlags, after the ES type list (and x64's dispUnwindHelp), from Visual C++ 2005's tables on.
  constexpr uint32_t kMagicEhFlags = 0x19930522;
  if (magic >= kMagicEhFlags) out->ehs = (u32(addr + (p.isa->ptr == 8 ? 36 : 32)) & 1) != 0;
  for (uint32_t i = 0, n = u32(addr + 20); i < n && ip_map; ++i)
    out->ip_states.emplace_back(base + u32(ip_map + 8ull * i), i32(ip_map + 8ull * i + 4));
  return true;
}

int32_t state_at(const FuncInfo& f, uint64_t pc) {
  int32_t state = -1;
  for (const auto& [ip, st] : f.ip_states) {
    if (pc < ip) break;
    state = st;
  }
  return state;
}

bool find_handler(WindowsProcess& p, const FuncInfo& f, int32_t state, const Thrown& t, Match* out,
                  bool (*accept)(const TryBlock&, const void*), const void* ctx) {
  uint64_t cta = ref(t.base, t.info + 12);
  uint32_t ntypes = cta ? u32(cta) : 0;
  for (const TryBlock& tb : f.tries) {
    if (state < tb.low || state > tb.high) continue;
    if (accept && !accept(tb, ctx)) continue;
    for (const Handler& h : tb.handlers) {
      if (!h.type || type_name(p, h.type)[0] == 0) {  // catch (...)
        *out = {tb, h, 0};
        return true;
      }
      for (uint32_t k = 0; k < ntypes; ++k) {
        uint64_t ct = ref(t.base, cta + 4 + 4ull * k);
        if (ct && type_matches(p, t, h, ct)) {
          *out = {tb, h, ct};
          return true;
        }
      }
    }
  }
  return false;
}

void build_catch_object(WindowsProcess& p, const Thrown& t, const Match& m, uint64_t slot) {
  if (!m.catchable || !m.h.type || !m.h.disp_catch) return;
  const uint64_t ct = m.catchable, pmd = ct + 8;
  uint32_t props = u32(ct), size = u32(ct + 20);
  uint64_t copy = ref(t.base, ct + 24);
  if (m.h.adjectives & kHtReference) {
    p.put_ptr(slot, adjust(p, t.object, pmd));
  } else if (props & kCtSimpleType) {
    std::memcpy(guest_pointer(slot), guest_pointer(t.object), size);
    if (size == p.isa->ptr && p.get_ptr(slot)) p.put_ptr(slot, adjust(p, p.get_ptr(slot), pmd));  // a pointer
  } else if (!copy) {
    std::memcpy(guest_pointer(slot), guest_pointer(adjust(p, t.object, pmd)), size);
  } else if (props & kCtHasVirtualBase) {
    cxx_runtime(p).call_method(p, copy, slot, {adjust(p, t.object, pmd), 1});
  } else {
    cxx_runtime(p).call_method(p, copy, slot, {adjust(p, t.object, pmd)});
  }
}

void unwind_states(WindowsProcess& p, const FuncInfo& f, uint64_t parent, int32_t from, int32_t to,
                   const std::function<void(uint64_t)>& call_funclet) {
  for (int32_t cur = from; cur > to && cur < static_cast<int32_t>(f.unwind.size()) && !p.exited;) {
    const UnwindEntry& e = f.unwind[static_cast<size_t>(cur)];
    switch (e.kind) {
      case UnwindEntry::Funclet: call_funclet(e.action); break;
      case UnwindEntry::DtorOfObject: cxx_runtime(p).call_method(p, e.action, parent + e.object, {}); break;
      case UnwindEntry::DtorOfPointer: cxx_runtime(p).call_method(p, e.action, p.get_ptr(parent + e.object), {}); break;
      case UnwindEntry::None: break;
    }
    cur = e.to_state;
  }
}

std::vector<ActiveCatch>& active_catches(WindowsProcess& p) { return state(p).catches; }

namespace {

uint64_t current_slots(WindowsProcess& p) {
  State& st = state(p);
  if (!st.current) st.current = p.alloc_data(2ull * p.isa->ptr);
  return st.current;
}

void update_current(WindowsProcess& p) {
  const auto& catches = state(p).catches;
  const uint64_t slots = current_slots(p);
  p.put_ptr(slots, catches.empty() ? 0 : catches.back().record);
  p.put_ptr(slots + p.isa->ptr, catches.empty() ? 0 : catches.back().context);
}

uint64_t guest_copy(WindowsProcess& p, uint64_t from, uint64_t size) {
  if (!from) return 0;
  uint64_t to = p.heap.alloc(size);
  if (to) std::memcpy(guest_pointer(to), guest_pointer(from), size);
  return to;
}

}  // namespace

void begin_catch(WindowsProcess& p, ActiveCatch c, uint64_t rec, uint64_t ctx) {
  const SehRuntime& rt = *p.isa->seh;
  c.record = guest_copy(p, rec, rt.rec_info + 15ull * p.isa->ptr);  // the whole EXCEPTION_RECORD
  c.context = guest_copy(p, ctx, rt.context_size);
  state(p).catches.push_back(c);
  update_current(p);
}

void return_from_catch(WindowsProcess& p, uint64_t sp, uint64_t returned,
                       void (*resume_context)(WindowsProcess&, const ActiveCatch&, uint64_t, uint64_t)) {
  auto& catches = state(p).catches;
  for (size_t i = catches.size(); i-- > 0;) {
    const ActiveCatch& c = catches[i];
    if (c.stack != sp) continue;
    uint64_t ctx = new_context(p);
    resume_context(p, c, returned < c.ncont ? c.cont[returned] : returned, ctx);
    end_catch(p, i);
    if (!p.exited) resume_at(p, ctx);
    p.heap.free(ctx);
    return;
  }
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: a C++ catch block returned to a stack polyrun did not give it\n");
  p.terminate(128 + 6);
}

bool inside_catch(const ActiveCatch& c, const TryBlock& t) { return c.try_high < t.low && t.low <= c.catch_high; }

void end_catch(WindowsProcess& p, size_t i) {
  auto& catches = state(p).catches;
  if (i >= catches.size()) return;
  ActiveCatch c = catches[i];
  catches.erase(catches.begin() + static_cast<std::ptrdiff_t>(i));
  for (size_t k = p.host_frames().size(); k-- > 0;)
    if (p.host_frames()[k].sp == c.stack) p.host_frames().erase(p.host_frames().begin() + static_cast<std::ptrdiff_t>(k));
  if (c.resume_ctx) p.heap.free(c.resume_ctx);
  if (c.walk_ctx) p.heap.free(c.walk_ctx);
  if (c.record) p.heap.free(c.record);
  if (c.context) p.heap.free(c.context);
  update_current(p);
  for (const auto& other : catches)
    if (other.thrown.object == c.thrown.object) return;
  if (in_flight(p, c.thrown.object)) return;
  uint64_t dtor = ref(c.thrown.base, c.thrown.info + 4);
  if (dtor && c.thrown.object) cxx_runtime(p).call_method(p, dtor, c.thrown.object, {});
}


namespace {

// ---- exports ----

// std::terminate: the C runtime's abort().
void terminate_(WindowsProcess& p) { msvcrt_terminate(p); }

void _CxxThrowException(WindowsProcess& p, Ptr object, Ptr info) {
  // (x64: the ThrowInfo's addresses are relative to the image that holds it, the program or a DLL)
  const loader::PeImage* img = image_containing(p, info.addr);
  Thrown t{object.addr, info.addr, img ? img->base : p.image.base};
  if (!object && !info) {  // throw; : the exception the innermost catch block handles
    auto& catches = state(p).catches;
    if (catches.empty()) {
      terminate_(p);
      return;
    }
    t = catches.back().thrown;
  }
  std::vector<uint64_t> params = {kMagic1, t.object, t.info};
  if (cxx_runtime(p).image_relative) params.push_back(t.base);
  raise_from_call_of<&_CxxThrowException>(p, kCxxExceptionCode, kExceptionNoncontinuable, params);
}

int32_t __CxxFrameHandler3(WindowsProcess& p, Ptr rec, Ptr frame, Ptr ctx, Ptr dc) {
  return cxx_runtime(p).frame_handler(p, rec.addr, frame.addr, ctx.addr, dc.addr);
}

int32_t __CxxFrameHandler4(WindowsProcess& p, Ptr rec, Ptr frame, Ptr ctx, Ptr dc) {
  return frame_handler4(p, rec.addr, frame.addr, ctx.addr, dc.addr);
}

int32_t __uncaught_exceptions(WindowsProcess& p) {
  int32_t n = 0;
  for (const auto& r : p.raises()) {
    Thrown t;
    if (thrown_of(p, r.record, &t)) ++n;
  }
  return n;
}

int32_t __uncaught_exception(WindowsProcess& p) { return __uncaught_exceptions(p) > 0; }

// The addresses of the thread's pointers to the exception record and context of the catch block
// that runs (null pointers outside one): what std::current_exception reads.
Ptr __current_exception(WindowsProcess& p) { return Ptr(current_slots(p)); }
Ptr __current_exception_context(WindowsProcess& p) { return Ptr(current_slots(p) + p.isa->ptr); }

// _set_se_translator(function): the thread's translator of structured exceptions into C++ ones
// (translate_foreign); the previous one.
Ptr _set_se_translator(WindowsProcess& p, Ptr function) {
  uint64_t& t = state(p).se_translator;
  const uint64_t old = t;
  t = function.addr;
  return Ptr(old);
}

// __CxxExceptionFilter(pointers, type, adjectives, copy): whether a catch clause of that type
// (TypeDescriptor; null for catch (...)) and adjectives (a HandlerType's: reference, const …) takes
// the exception `pointers` describe — EXCEPTION_EXECUTE_HANDLER (1) or EXCEPTION_CONTINUE_SEARCH
// (0) — and where it does and `copy` is given, the catch parameter built there (the object copied,
// or a reference to it), as the frame handler builds it. What code mixing __except and C++
// exceptions (C++/CLI's, MFC's filters) calls.
int32_t __CxxExceptionFilter(WindowsProcess& p, Ptr pointers, Ptr type, int32_t adjectives, Ptr copy) {
  if (!pointers) return 0;
  if (!type) return 1;
  Thrown t;
  if (!thrown_of(p, p.get_ptr(pointers.addr), &t)) return 0;
  FuncInfo f;
  TryBlock tb;
  Handler h;
  h.adjectives = static_cast<uint32_t>(adjectives);
  h.type = type.addr;
  h.disp_catch = 1;  // (a parameter to build: `copy` is its address)
  tb.handlers.push_back(h);
  f.tries.push_back(tb);
  Match m;
  if (!find_handler(p, f, 0, t, &m)) return 0;
  if (copy) build_catch_object(p, t, m, copy.addr);
  return 1;
}

// __CxxLongjmpUnwind(jmp) (i386, stdcall): the unwind function _setjmp3 records for a function with
// C++ exception handling: its objects destroyed from its current state down to the one setjmp was
// called in (the jump buffer's Registration at 24, TryLevel at 28, UnwindData[0], the FuncInfo,
// at 40). The record is {Next, Handler, State}; the function's ebp is record + 12.
void __CxxLongjmpUnwind(WindowsProcess& p, Ptr jmp) {
  if (p.isa->ptr != 4) return;
  const uint64_t node = get<uint32_t>(jmp.addr + 24);
  const auto to = get<int32_t>(jmp.addr + 28);
  FuncInfo f;
  if (!read_func_info(p, get<uint32_t>(jmp.addr + 40), 0, &f)) return;
  unwind_states(p, f, node + 12, get<int32_t>(node + 8), to,
                [&](uint64_t action) { p.call_guest(action, {}, {.frame_pointer = node + 12}); });
  put<int32_t>(node + 8, to);
}

}  // namespace

void translate_foreign(WindowsProcess& p, const FuncInfo& f, int32_t state_now, uint64_t rec, uint64_t ctx) {
  const uint64_t translator = state(p).se_translator;
  if (!translator || f.ehs) return;  // (a /EHs function's catch clauses see C++ exceptions only)
  bool in_try = false;
  for (const TryBlock& tb : f.tries) in_try |= tb.low <= state_now && state_now <= tb.high;
  if (!in_try) return;
  const uint64_t pointers = p.heap.alloc(2ull * p.isa->ptr, true);
  p.put_ptr(pointers, rec);
  p.put_ptr(pointers + p.isa->ptr, ctx);
  p.call_guest(translator, {get<uint32_t>(rec), pointers});
  p.heap.free(pointers);  // (the translator returned: the exception goes on untranslated)
}

uint64_t current_exception_slots(WindowsProcess& p) { return current_slots(p); }

const std::vector<Export>& cxx_exports() {
  static const std::vector<Export> e = {
      EXPORT("_CxxThrowException", _CxxThrowException),
      EXPORT("__CxxFrameHandler", __CxxFrameHandler3),
      EXPORT("__CxxFrameHandler2", __CxxFrameHandler3),
      EXPORT("__CxxFrameHandler3", __CxxFrameHandler3),
      EXPORT("__CxxFrameHandler4", __CxxFrameHandler4),
      EXPORT("__CxxExceptionFilter", __CxxExceptionFilter),
      EXPORT("_set_se_translator", _set_se_translator),
      EXPORT("?_set_se_translator@@YAP6AXIPAU_EXCEPTION_POINTERS@@@ZP6AXI0@Z@Z", _set_se_translator),
      EXPORT("?_set_se_translator@@YAP6AXIPEAU_EXCEPTION_POINTERS@@@ZP6AXI0@Z@Z", _set_se_translator),
      stdcall_export(EXPORT("__CxxLongjmpUnwind", __CxxLongjmpUnwind)),
      EXPORT("__std_terminate", terminate_),
      EXPORT("terminate", terminate_),
      EXPORT("?terminate@@YAXXZ", terminate_),
      EXPORT("__uncaught_exceptions", __uncaught_exceptions),
      EXPORT("__uncaught_exception", __uncaught_exception),
      EXPORT("__current_exception", __current_exception),
      EXPORT("__current_exception_context", __current_exception_context),
  };
  return e;
}

}  // namespace polyrun::shims::cxx
