// NTDLL's synchronization objects and waits: events (NtCreateEvent, NtOpenEvent, NtSetEvent,
// NtResetEvent, NtClearEvent, NtPulseEvent, NtQueryEvent), mutants (NtCreateMutant, NtOpenMutant,
// NtReleaseMutant, NtQueryMutant), semaphores (NtCreateSemaphore, NtOpenSemaphore,
// NtReleaseSemaphore, NtQuerySemaphore), timers (NtCreateTimer, NtOpenTimer, NtSetTimer,
// NtCancelTimer, NtQueryTimer), NtWaitForMultipleObjects, NtSignalAndWaitForSingleObject,
// NtDelayExecution and NtYieldExecution. They are the objects KERNEL32's CreateEvent … make, core's
// waitables (core/waitables.cpp): a handle from either API serves the other, and a name in
// \BaseNamedObjects (or a session's) is the name KERNEL32's functions give without that directory.
#include <sched.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/thread_alerts.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/object_attributes.h"

namespace polyrun::shims {

namespace ntdll_object_attributes {

Attributes attributes_of(WindowsProcess& p, uint64_t oa) {
  Attributes a;
  if (!oa) return a;
  const unsigned w = p.isa->ptr;
  a.root = p.get_ptr(oa + w);
  const uint64_t name = p.get_ptr(oa + 2 * w);
  if (name) {
    a.name = ntdll_text::unicode_of(p, name);
    a.named = !a.name.empty();
  }
  a.flags = get<uint32_t>(oa + 3 * w);
  return a;
}

uint32_t kernel32_name(const Attributes& a, std::string* out) {
  if (!a.named) return nt::kSuccess;
  // polyrun has no object directories a handle could name.
  if (a.root) return nt::kInvalidHandle;
  if (a.name[0] != u'\\') return 0xc000003b /* STATUS_OBJECT_PATH_SYNTAX_BAD */;
  std::string n = utf16_to_utf8(a.name);
  const std::string base = "\\BaseNamedObjects\\";
  if (n.rfind(base, 0) == 0) {
    n = "Global\\" + n.substr(base.size());
  } else if (n.rfind("\\Sessions\\", 0) == 0) {
    const size_t at = n.find(base, 10);
    if (at != std::string::npos && n.find('\\', 10) == at) n = n.substr(at + base.size());
  }
  *out = n;
  return nt::kSuccess;
}

}  // namespace ntdll_object_attributes

namespace ntdll_nt_sync_impl {

using Kind = Waitable::Kind;

constexpr uint32_t kObjectNameExists = 0x40000000, kObjectNameNotFound = 0xc0000034,
                   kObjectNameCollision = 0xc0000035, kObjectPathSyntaxBad = 0xc000003b,
                   kObjectTypeMismatch = 0xc0000024, kMutantNotOwned = 0xc0000046,
                   kSemaphoreLimitExceeded = 0xc0000047, kInvalidParameter1 = 0xc00000ef,
                   kNoYieldPerformed = 0x40000024;

using ntdll_object_attributes::Attributes;
using ntdll_object_attributes::attributes_of;
using ntdll_object_attributes::kernel32_name;
using ntdll_object_attributes::kObjInherit;
using ntdll_object_attributes::kObjOpenIf;

std::shared_ptr<Waitable> find_named(WindowsProcess& p, const std::string& name) {
  if (name.empty()) return nullptr;
  for (const auto& [h, w] : p.waitables)
    if (w->name == name && (w->kind == Kind::Event || w->kind == Kind::Mutex || w->kind == Kind::Semaphore ||
                            w->kind == Kind::Timer))
      return w;
  return nullptr;
}

// NtCreate*: a new object, or with OBJ_OPENIF an existing one of the name (STATUS_OBJECT_NAME_EXISTS).
uint32_t create(WindowsProcess& p, Ptr out, Ptr oa, Waitable w) {
  const Attributes a = attributes_of(p, oa.addr);
  if (const uint32_t s = kernel32_name(a, &w.name)) return s;
  uint32_t status = nt::kSuccess;
  std::shared_ptr<Waitable> object = find_named(p, w.name);
  if (object) {
    if (object->kind != w.kind) return kObjectTypeMismatch;
    if (!(a.flags & kObjOpenIf)) return kObjectNameCollision;
    status = kObjectNameExists;
  } else {
    object = std::make_shared<Waitable>(std::move(w));
  }
  p.put_ptr(out.addr, p.mark_inheritable(new_waitable_handle(p, object), a.flags & kObjInherit));
  return status;
}

uint32_t open(WindowsProcess& p, Ptr out, Ptr oa, Kind kind) {
  const Attributes a = attributes_of(p, oa.addr);
  if (!a.named) return kObjectPathSyntaxBad;
  std::string name;
  if (const uint32_t s = kernel32_name(a, &name)) return s;
  std::shared_ptr<Waitable> object = find_named(p, name);
  if (!object) return kObjectNameNotFound;
  if (object->kind != kind) return kObjectTypeMismatch;
  p.put_ptr(out.addr, p.mark_inheritable(new_waitable_handle(p, object), a.flags & kObjInherit));
  return nt::kSuccess;
}

// The object a handle names, of the kind asked; the status where it names none or another kind.
Waitable* object_of(WindowsProcess& p, uint64_t h, Kind kind, uint32_t* status) {
  if (Waitable* w = waitable_of_kind(p, h, kind)) return w;
  *status = waitable_object(p, h) || p.handle_fd.count(h) ? kObjectTypeMismatch : nt::kInvalidHandle;
  return nullptr;
}

int64_t level_of(const Waitable& w) { return w.shared ? w.shared->page->count.load() : w.count; }

// ---- events: EVENT_TYPE NotificationEvent (0, manual reset) or SynchronizationEvent (1) ----

uint32_t NtCreateEvent(WindowsProcess& p, Ptr out, uint32_t, Ptr oa, uint32_t type, uint8_t initial) {
  if (type > 1) return nt::kInvalidParameter;
  return create(p, out, oa, {Kind::Event, type == 0, initial ? 1 : 0, 1, ""});
}
uint32_t NtOpenEvent(WindowsProcess& p, Ptr out, uint32_t, Ptr oa) { return open(p, out, oa, Kind::Event); }

// The state before, in *previous (optional).
uint32_t set_event(WindowsProcess& p, Ptr h, Ptr previous, int64_t state) {
  uint32_t status = nt::kSuccess;
  Waitable* e = object_of(p, h.addr, Kind::Event, &status);
  if (!e) return status;
  const int64_t before = level_of(*e);
  set_waitable_level(p, *e, state);
  put<int32_t>(previous.addr, before ? 1 : 0);
  return nt::kSuccess;
}
uint32_t NtSetEvent(WindowsProcess& p, Ptr h, Ptr previous) { return set_event(p, h, previous, 1); }
uint32_t NtResetEvent(WindowsProcess& p, Ptr h, Ptr previous) { return set_event(p, h, previous, 0); }
uint32_t NtClearEvent(WindowsProcess& p, Ptr h) { return set_event(p, h, Ptr(0), 0); }

// Releases the threads waiting now (one, for a synchronization event) and leaves it reset.
uint32_t NtPulseEvent(WindowsProcess& p, Ptr h, Ptr previous) {
  uint32_t status = nt::kSuccess;
  Waitable* e = object_of(p, h.addr, Kind::Event, &status);
  if (!e) return status;
  put<int32_t>(previous.addr, level_of(*e) ? 1 : 0);
  set_waitable_level(p, *e, 0);
  if (e->waiting > 0) {
    ++e->pulses;
    e->pulse_tokens = e->manual_reset ? e->waiting : std::min<int64_t>(e->pulse_tokens + 1, e->waiting);
    p.wake_waiters();
  }
  return nt::kSuccess;
}

// The one class of each query (…BasicInformation, 0): its fixed size exactly.
uint32_t check_query(uint32_t cls, uint32_t len, uint32_t size) {
  if (cls != 0) return nt::kInvalidInfoClass;
  if (len != size) return nt::kInfoLengthMismatch;
  return nt::kSuccess;
}

// EVENT_BASIC_INFORMATION: EventType, EventState.
uint32_t NtQueryEvent(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, uint32_t len, Ptr ret) {
  uint32_t status = nt::kSuccess;
  Waitable* e = object_of(p, h.addr, Kind::Event, &status);
  if (!e) return status;
  if ((status = check_query(cls, len, 8))) return status;
  put<uint32_t>(info.addr, e->manual_reset ? 0 : 1);
  put<int32_t>(info.addr + 4, level_of(*e) ? 1 : 0);
  put<uint32_t>(ret.addr, 8);
  return nt::kSuccess;
}

// ---- mutants: `count` is how often the owner (thread id `id`) holds it ----

uint32_t self_id(WindowsProcess& p) { return p.thread().id; }

uint32_t NtCreateMutant(WindowsProcess& p, Ptr out, uint32_t, Ptr oa, uint8_t owned) {
  return create(p, out, oa, {Kind::Mutex, false, owned ? 1 : 0, 0, "", owned ? self_id(p) : 0u});
}
uint32_t NtOpenMutant(WindowsProcess& p, Ptr out, uint32_t, Ptr oa) { return open(p, out, oa, Kind::Mutex); }

// The mutant's CurrentCount: 1 free, 1 - n held n times.
int32_t current_count(WindowsProcess& p, const Waitable& m) {
  if (m.shared) return shared_mutex_available(m, self_id(p)) ? 1 : 0;
  return static_cast<int32_t>(1 - m.count);
}

uint32_t NtReleaseMutant(WindowsProcess& p, Ptr h, Ptr previous) {
  uint32_t status = nt::kSuccess;
  Waitable* m = object_of(p, h.addr, Kind::Mutex, &status);
  if (!m) return status;
  const int32_t before = current_count(p, *m);
  if (m->shared) {
    if (!shared_mutex_release(*m, self_id(p))) return kMutantNotOwned;
  } else {
    if (m->count == 0 || m->id != self_id(p)) return kMutantNotOwned;
    if (--m->count == 0) m->id = 0;
  }
  p.wake_waiters();
  put<int32_t>(previous.addr, before);
  return nt::kSuccess;
}

// MUTANT_BASIC_INFORMATION: CurrentCount, OwnedByCaller, AbandonedState.
uint32_t NtQueryMutant(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, uint32_t len, Ptr ret) {
  uint32_t status = nt::kSuccess;
  Waitable* m = object_of(p, h.addr, Kind::Mutex, &status);
  if (!m) return status;
  if ((status = check_query(cls, len, 8))) return status;
  put<int32_t>(info.addr, current_count(p, *m));
  put<uint8_t>(info.addr + 4, !m->shared && m->count > 0 && m->id == self_id(p));
  put<uint8_t>(info.addr + 5, m->abandoned);
  put<uint16_t>(info.addr + 6, 0);
  put<uint32_t>(ret.addr, 8);
  return nt::kSuccess;
}

// ---- semaphores ----

uint32_t NtCreateSemaphore(WindowsProcess& p, Ptr out, uint32_t, Ptr oa, int32_t initial, int32_t maximum) {
  if (maximum <= 0 || initial < 0 || initial > maximum) return nt::kInvalidParameter;
  return create(p, out, oa, {Kind::Semaphore, false, initial, maximum, ""});
}
uint32_t NtOpenSemaphore(WindowsProcess& p, Ptr out, uint32_t, Ptr oa) { return open(p, out, oa, Kind::Semaphore); }

uint32_t NtReleaseSemaphore(WindowsProcess& p, Ptr h, int32_t count, Ptr previous) {
  uint32_t status = nt::kSuccess;
  Waitable* s = object_of(p, h.addr, Kind::Semaphore, &status);
  if (!s) return status;
  if (count <= 0) return nt::kInvalidParameter;
  int64_t before;
  if (!s->shared) {
    before = s->count;
    if (before + count > s->maximum) return kSemaphoreLimitExceeded;
    s->count += count;
  } else {
    before = s->shared->page->count.load();
    do {
      if (before + count > s->maximum) return kSemaphoreLimitExceeded;
    } while (!s->shared->page->count.compare_exchange_weak(before, before + count));
    s->shared->changed();
  }
  p.wake_waiters();
  put<int32_t>(previous.addr, static_cast<int32_t>(before));
  return nt::kSuccess;
}

// SEMAPHORE_BASIC_INFORMATION: CurrentCount, MaximumCount.
uint32_t NtQuerySemaphore(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, uint32_t len, Ptr ret) {
  uint32_t status = nt::kSuccess;
  Waitable* s = object_of(p, h.addr, Kind::Semaphore, &status);
  if (!s) return status;
  if ((status = check_query(cls, len, 8))) return status;
  put<int32_t>(info.addr, static_cast<int32_t>(level_of(*s)));
  put<int32_t>(info.addr + 4, static_cast<int32_t>(s->maximum));
  put<uint32_t>(ret.addr, 8);
  return nt::kSuccess;
}

// ---- timers: TIMER_TYPE NotificationTimer (0, manual reset) or SynchronizationTimer (1) ----

uint32_t NtCreateTimer(WindowsProcess& p, Ptr out, uint32_t, Ptr oa, uint32_t type) {
  if (type > 1) return nt::kInvalidParameter;
  Waitable w{};
  w.kind = Kind::Timer;
  w.manual_reset = type == 0;
  return create(p, out, oa, std::move(w));
}
uint32_t NtOpenTimer(WindowsProcess& p, Ptr out, uint32_t, Ptr oa) { return open(p, out, oa, Kind::Timer); }

// Whether the timer is signalled (its due time passed).
bool timer_state(Waitable& t) {
  settle_timer(t);
  return t.count > 0;
}

// NtSetTimer(timer, due, apc routine, apc context, resume, period in ms, previous state): an APC
// routine is not run here (polyrun queues no timer APCs): such a call fails as KERNEL32's
// SetWaitableTimer with one does.
uint32_t NtSetTimer(WindowsProcess& p, Ptr h, Ptr due, Ptr routine, Ptr, uint8_t, int32_t period, Ptr previous) {
  uint32_t status = nt::kSuccess;
  Waitable* t = object_of(p, h.addr, Kind::Timer, &status);
  if (!t) return status;
  if (!due || period < 0) return nt::kInvalidParameter;
  if (routine) return nt::kNotSupported;
  put<uint8_t>(previous.addr, timer_state(*t));
  t->count = 0;
  t->due = std::chrono::steady_clock::now() + std::chrono::microseconds(timeout_us_from_nt(get<int64_t>(due.addr)));
  t->period = std::chrono::milliseconds(period);
  ++p.timers_set;
  p.wake_waiters();
  return nt::kSuccess;
}

uint32_t NtCancelTimer(WindowsProcess& p, Ptr h, Ptr previous) {
  uint32_t status = nt::kSuccess;
  Waitable* t = object_of(p, h.addr, Kind::Timer, &status);
  if (!t) return status;
  put<uint8_t>(previous.addr, timer_state(*t));
  t->due.reset();
  ++p.timers_set;
  p.wake_waiters();
  return nt::kSuccess;
}

// TIMER_BASIC_INFORMATION: RemainingTime (LARGE_INTEGER, 100 ns; negative once due), TimerState.
uint32_t NtQueryTimer(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, uint32_t len, Ptr ret) {
  uint32_t status = nt::kSuccess;
  Waitable* t = object_of(p, h.addr, Kind::Timer, &status);
  if (!t) return status;
  if ((status = check_query(cls, len, 16))) return status;
  const bool signalled = timer_state(*t);
  int64_t remaining = 0;
  if (t->due)
    remaining = std::chrono::duration_cast<std::chrono::nanoseconds>(*t->due - std::chrono::steady_clock::now()).count() / 100;
  put<int64_t>(info.addr, remaining);
  put<uint8_t>(info.addr + 8, signalled);
  std::memset(guest_pointer(info.addr + 9), 0, 7);
  put<uint32_t>(ret.addr, 16);
  return nt::kSuccess;
}

// ---- waits ----

uint32_t sync_timeout_ms(Ptr timeout) { return timeout ? timeout_ms_from_nt(get<int64_t>(timeout.addr)) : kInfinite; }

// WAIT_TYPE: WaitAll (0), else WaitAny (1). The statuses are the WAIT_* numbers (STATUS_WAIT_0 + i,
// STATUS_ABANDONED_WAIT_0 + i, STATUS_TIMEOUT, STATUS_USER_APC); a bad handle is
// STATUS_INVALID_HANDLE.
uint32_t NtWaitForMultipleObjects(WindowsProcess& p, uint32_t count, Ptr handles, uint32_t type, uint8_t alertable,
                                  Ptr timeout) {
  if (!count || count > 64) return kInvalidParameter1;
  const uint32_t r = wait_for_objects_or(p, count, handles.addr, type == 0, sync_timeout_ms(timeout), alertable);
  return r == 0xffffffffu ? nt::kInvalidHandle : r;
}

// Signals one object (an event, a semaphore, a mutant) and waits for another.
uint32_t NtSignalAndWaitForSingleObject(WindowsProcess& p, Ptr signal, Ptr wait, uint8_t alertable, Ptr timeout) {
  auto w = waitable_object(p, signal.addr);
  if (!w) return nt::kInvalidHandle;
  uint32_t status = nt::kSuccess;
  if (w->kind == Kind::Event) status = set_event(p, signal, Ptr(0), 1);
  else if (w->kind == Kind::Semaphore) status = NtReleaseSemaphore(p, signal, 1, Ptr(0));
  else if (w->kind == Kind::Mutex) status = NtReleaseMutant(p, signal, Ptr(0));
  else return kObjectTypeMismatch;
  if (status) return status;
  uint64_t one = wait.addr;
  const uint32_t r = wait_for_objects_or(p, 1, reinterpret_cast<uint64_t>(&one), false, sync_timeout_ms(timeout), alertable);
  return r == 0xffffffffu ? nt::kInvalidHandle : r;
}

// NtDelayExecution(alertable, interval): STATUS_SUCCESS once the time has passed; an alertable
// delay ends early with STATUS_USER_APC once queued APCs have run, or with STATUS_ALERTED when the
// thread is alerted (NtAlertThread).
uint32_t NtDelayExecution(WindowsProcess& p, uint8_t alertable, Ptr interval) {
  const uint32_t ms = sync_timeout_ms(interval);
  if (alertable) {
    WindowsThread& t = p.thread();
    if (thread_alerted(t.id, true)) return kWaitAlerted;
    if (run_apcs(p)) return kWaitIoCompletion;
    const bool arrived = wait_until(p, ms, [&] { return thread_alerted(t.id, false) || !t.apcs.empty(); },
                                    "in an alertable NtDelayExecution");
    if (arrived && thread_alerted(t.id, true)) return kWaitAlerted;
    return arrived && run_apcs(p) ? kWaitIoCompletion : nt::kSuccess;
  }
  if (ms == 0) {
    p.lock.yield();
    after_blocking(p);
    return nt::kSuccess;
  }
  wait_until(p, ms, [] { return false; }, "in NtDelayExecution with no end");
  return nt::kSuccess;
}

// STATUS_NO_YIELD_PERFORMED where no other thread was ready to run.
uint32_t NtYieldExecution(WindowsProcess& p) {
  const bool others = p.lock.contended();
  p.lock.yield();
  after_blocking(p);
  return others ? nt::kSuccess : kNoYieldPerformed;
}

}  // namespace ntdll_nt_sync_impl

const std::vector<Export>& ntdll_sync_exports() {
  using namespace ntdll_nt_sync_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtCreateEvent", NtCreateEvent),
      EXPORT("NtOpenEvent", NtOpenEvent),
      EXPORT("NtSetEvent", NtSetEvent),
      EXPORT("NtResetEvent", NtResetEvent),
      EXPORT("NtClearEvent", NtClearEvent),
      EXPORT("NtPulseEvent", NtPulseEvent),
      EXPORT("NtQueryEvent", NtQueryEvent),
      EXPORT("NtCreateMutant", NtCreateMutant),
      EXPORT("NtOpenMutant", NtOpenMutant),
      EXPORT("NtReleaseMutant", NtReleaseMutant),
      EXPORT("NtQueryMutant", NtQueryMutant),
      EXPORT("NtCreateSemaphore", NtCreateSemaphore),
      EXPORT("NtOpenSemaphore", NtOpenSemaphore),
      EXPORT("NtReleaseSemaphore", NtReleaseSemaphore),
      EXPORT("NtQuerySemaphore", NtQuerySemaphore),
      EXPORT("NtCreateTimer", NtCreateTimer),
      EXPORT("NtOpenTimer", NtOpenTimer),
      EXPORT("NtSetTimer", NtSetTimer),
      EXPORT("NtCancelTimer", NtCancelTimer),
      EXPORT("NtQueryTimer", NtQueryTimer),
      EXPORT("NtWaitForMultipleObjects", NtWaitForMultipleObjects),
      EXPORT("NtSignalAndWaitForSingleObject", NtSignalAndWaitForSingleObject),
      EXPORT("NtDelayExecution", NtDelayExecution),
      EXPORT("NtYieldExecution", NtYieldExecution),
  };
  return exports;
}

}  // namespace polyrun::shims
