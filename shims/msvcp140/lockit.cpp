// MSVCP140.dll's library-wide locks and start-up counters: std::_Lockit (the STL's own locks, one
// of each kind: the locale's, the iostreams' …, taken for a scope), std::_Init_locks (the count
// of its users), and std::ios_base::Init and std::_Winit (the count of the translation units that
// use the standard narrow and wide streams, _Init_cnt: -1 before the first).
//
// The locks are the process's, eight of them (_MAX_LOCK), each a CRITICAL_SECTION in guest memory
// made at the first use (recursive: a thread may take a kind it holds); a kind outside them takes
// no lock, as MSVC's STL does. _Lockit is {int _Locktype}. The standard streams (std_streams.cpp)
// keep no buffer of their own (their characters go straight to the C runtime's FILEs, which it
// flushes at the process's end), so the last Init's destruction has none to flush.
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

constexpr int32_t kMaxLock = 8;

struct LockitState : DllStateBase {
  uint64_t sections = 0;  // kMaxLock CRITICAL_SECTIONs
  int32_t init_locks = 0;
  uint64_t ios_init_cnt = 0, winit_cnt = 0;  // the two _Init_cnt ints
};
LockitState& lockit_state(WindowsProcess& p) { return dll_state<LockitState>(p); }

uint64_t section_size(const WindowsProcess& p) { return p.isa->ptr == 8 ? 40 : 24; }

// The lock of `kind` (0 for none).
uint64_t section_of(WindowsProcess& p, int32_t kind) {
  if (kind < 0 || kind >= kMaxLock) return 0;
  LockitState& s = lockit_state(p);
  if (!s.sections) {
    s.sections = p.alloc_data(kMaxLock * section_size(p));
    for (int32_t i = 0; i < kMaxLock; ++i) put<int32_t>(s.sections + i * section_size(p) + p.isa->ptr, -1);  // LockCount
  }
  return s.sections + static_cast<uint64_t>(kind) * section_size(p);
}

void lock_kind(WindowsProcess& p, int32_t kind) {
  if (const uint64_t cs = section_of(p, kind)) enter_critical_section(p, cs);
}
void unlock_kind(WindowsProcess& p, int32_t kind) {
  if (const uint64_t cs = section_of(p, kind)) leave_critical_section(p, cs);
}

// ---- _Lockit ----

void Lockit_ctor_lock(WindowsProcess& p, int32_t kind) { lock_kind(p, kind); }
void Lockit_dtor_unlock(WindowsProcess& p, int32_t kind) { unlock_kind(p, kind); }
void Lockit_ctor_locktype_static(WindowsProcess& p, Ptr self, int32_t kind) {
  put<int32_t>(self.addr, kind);
  lock_kind(p, kind);
}
void Lockit_ctor_static(WindowsProcess& p, Ptr self) { Lockit_ctor_locktype_static(p, self, 0); }
void Lockit_dtor_static(WindowsProcess& p, Ptr self) { unlock_kind(p, get<int32_t>(self.addr)); }

Ptr Lockit_ctor_locktype(WindowsProcess& p, Ptr self, int32_t kind) {
  Lockit_ctor_locktype_static(p, self, kind);
  return self;
}
Ptr Lockit_ctor(WindowsProcess& p, Ptr self) { return Lockit_ctor_locktype(p, self, 0); }
void Lockit_dtor(WindowsProcess& p, Ptr self) { Lockit_dtor_static(p, self); }

// ---- _Init_locks ----

void Init_locks_ctor_static(WindowsProcess& p, Ptr) { ++lockit_state(p).init_locks; }
void Init_locks_dtor_static(WindowsProcess& p, Ptr) { --lockit_state(p).init_locks; }
Ptr Init_locks_ctor(WindowsProcess& p, Ptr self) {
  Init_locks_ctor_static(p, self);
  return self;
}
void Init_locks_dtor(WindowsProcess& p, Ptr self) { Init_locks_dtor_static(p, self); }

// ---- ios_base::Init and _Winit: the counts, in guest memory (exported variables) ----

uint64_t count_cell(WindowsProcess& p, uint64_t LockitState::*cell) {
  uint64_t& at = lockit_state(p).*cell;
  if (!at) {
    at = p.alloc_data(4);
    put<int32_t>(at, -1);
  }
  return at;
}
uint64_t ios_init_cnt(WindowsProcess& p) { return count_cell(p, &LockitState::ios_init_cnt); }
uint64_t winit_cnt(WindowsProcess& p) { return count_cell(p, &LockitState::winit_cnt); }

// One more user: the count becomes 1 from -1 (never constructed), or goes up by one.
void count_up(uint64_t cell) {
  const int32_t n = get<int32_t>(cell);
  put<int32_t>(cell, n < 0 ? 1 : n + 1);
}
void count_down(uint64_t cell) { put<int32_t>(cell, get<int32_t>(cell) - 1); }

Ptr Init_cnt_func(WindowsProcess& p) { return Ptr(ios_init_cnt(p)); }
void Init_ctor_static(WindowsProcess& p, Ptr) { count_up(ios_init_cnt(p)); }
void Init_dtor_static(WindowsProcess& p, Ptr) { count_down(ios_init_cnt(p)); }
Ptr Init_ctor(WindowsProcess& p, Ptr self) {
  count_up(ios_init_cnt(p));
  return self;
}
void Init_dtor(WindowsProcess& p, Ptr) { count_down(ios_init_cnt(p)); }
// Assignment: an Init has no state of its own.
Ptr Init_assign(WindowsProcess&, Ptr self, Ptr) { return self; }

Ptr Winit_ctor(WindowsProcess& p, Ptr self) {
  count_up(winit_cnt(p));
  return self;
}
void Winit_dtor(WindowsProcess& p, Ptr) { count_down(winit_cnt(p)); }

}  // namespace

const std::vector<Export>& lockit_exports() {
  static const std::vector<Export> e = {
      MSVCP_METHOD("??0_Lockit@std@@QAE@H@Z", "??0_Lockit@std@@QEAA@H@Z", Lockit_ctor_locktype),
      MSVCP_METHOD("??0_Lockit@std@@QAE@XZ", "??0_Lockit@std@@QEAA@XZ", Lockit_ctor),
      MSVCP_METHOD("??1_Lockit@std@@QAE@XZ", "??1_Lockit@std@@QEAA@XZ", Lockit_dtor),
      MSVCP_FUNCTION("?_Lockit_ctor@_Lockit@std@@CAXPAV12@@Z", "?_Lockit_ctor@_Lockit@std@@CAXPEAV12@@Z",
                     Lockit_ctor_static),
      MSVCP_FUNCTION("?_Lockit_ctor@_Lockit@std@@CAXPAV12@H@Z", "?_Lockit_ctor@_Lockit@std@@CAXPEAV12@H@Z",
                     Lockit_ctor_locktype_static),
      EXPORT("?_Lockit_ctor@_Lockit@std@@SAXH@Z", Lockit_ctor_lock),
      MSVCP_FUNCTION("?_Lockit_dtor@_Lockit@std@@CAXPAV12@@Z", "?_Lockit_dtor@_Lockit@std@@CAXPEAV12@@Z",
                     Lockit_dtor_static),
      EXPORT("?_Lockit_dtor@_Lockit@std@@SAXH@Z", Lockit_dtor_unlock),
      MSVCP_METHOD("??0_Init_locks@std@@QAE@XZ", "??0_Init_locks@std@@QEAA@XZ", Init_locks_ctor),
      MSVCP_METHOD("??1_Init_locks@std@@QAE@XZ", "??1_Init_locks@std@@QEAA@XZ", Init_locks_dtor),
      MSVCP_FUNCTION("?_Init_locks_ctor@_Init_locks@std@@CAXPAV12@@Z", "?_Init_locks_ctor@_Init_locks@std@@CAXPEAV12@@Z",
                     Init_locks_ctor_static),
      MSVCP_FUNCTION("?_Init_locks_dtor@_Init_locks@std@@CAXPAV12@@Z", "?_Init_locks_dtor@_Init_locks@std@@CAXPEAV12@@Z",
                     Init_locks_dtor_static),
      MSVCP_METHOD("??0Init@ios_base@std@@QAE@XZ", "??0Init@ios_base@std@@QEAA@XZ", Init_ctor),
      MSVCP_METHOD("??1Init@ios_base@std@@QAE@XZ", "??1Init@ios_base@std@@QEAA@XZ", Init_dtor),
      MSVCP_METHOD("??4Init@ios_base@std@@QAEAAV012@ABV012@@Z", "??4Init@ios_base@std@@QEAAAEAV012@AEBV012@@Z",
                   Init_assign),
      MSVCP_FUNCTION("?_Init_cnt_func@Init@ios_base@std@@CAAAHXZ", "?_Init_cnt_func@Init@ios_base@std@@CAAEAHXZ",
                     Init_cnt_func),
      MSVCP_FUNCTION("?_Init_ctor@Init@ios_base@std@@CAXPAV123@@Z", "?_Init_ctor@Init@ios_base@std@@CAXPEAV123@@Z",
                     Init_ctor_static),
      MSVCP_FUNCTION("?_Init_dtor@Init@ios_base@std@@CAXPAV123@@Z", "?_Init_dtor@Init@ios_base@std@@CAXPEAV123@@Z",
                     Init_dtor_static),
      EXPORT_DATA("?_Init_cnt@Init@ios_base@std@@0HA", ios_init_cnt),
      MSVCP_METHOD("??0_Winit@std@@QAE@XZ", "??0_Winit@std@@QEAA@XZ", Winit_ctor),
      MSVCP_METHOD("??1_Winit@std@@QAE@XZ", "??1_Winit@std@@QEAA@XZ", Winit_dtor),
      MSVCP_METHOD("??4_Winit@std@@QAEAAV01@ABV01@@Z", "??4_Winit@std@@QEAAAEAV01@AEBV01@@Z", Init_assign),
      EXPORT_DATA("?_Init_cnt@_Winit@std@@0HA", winit_cnt),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
