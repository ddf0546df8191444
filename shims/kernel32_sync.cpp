// KERNEL32.dll, waitable objects: semaphores, events, mutexes, and handles to the running thread and
// process; WaitForSingleObject(Ex) and WaitForMultipleObjects; duplicating such handles.
// There is one guest thread: nothing else can signal an object, so a wait that is not satisfied
// at once either times out or could never end (which stops the program with a message).
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "shims/guest_memory.h"
#include "shims/shim.h"
#include "shims/text.h"
#include "shims/win_errors.h"

namespace polyrun::shims {

namespace {

using BOOL = int32_t;
constexpr BOOL TRUE = 1, FALSE = 0;
using Kind = Waitable::Kind;

BOOL fail(WindowsProcess& p, uint32_t error) {
  p.set_last_error(error);
  return FALSE;
}

uint64_t new_handle(WindowsProcess& p, std::shared_ptr<Waitable> w) {
  uint64_t h = p.next_handle;
  p.next_handle += 4;
  p.waitables[h] = std::move(w);
  return h;
}

// Named objects are shared within the process: creating one that exists opens it.
std::shared_ptr<Waitable> find_named(WindowsProcess& p, const std::string& name, Kind kind) {
  if (name.empty()) return nullptr;
  for (const auto& [h, w] : p.waitables)
    if (w->kind == kind && w->name == name) return w;
  return nullptr;
}

Waitable* object(WindowsProcess& p, uint64_t h, Kind kind) {
  auto it = p.waitables.find(h);
  return it == p.waitables.end() || it->second->kind != kind ? nullptr : it->second.get();
}

Ptr create(WindowsProcess& p, Waitable w) {
  if (auto existing = find_named(p, w.name, w.kind)) {
    p.set_last_error(ERROR_ALREADY_EXISTS);
    return Ptr(new_handle(p, existing));
  }
  p.set_last_error(0);
  return Ptr(new_handle(p, std::make_shared<Waitable>(std::move(w))));
}

Ptr open_named(WindowsProcess& p, const std::string& name, Kind kind) {
  if (auto existing = find_named(p, name, kind)) return Ptr(new_handle(p, existing));
  return Ptr(fail(p, ERROR_FILE_NOT_FOUND));
}

// ---- semaphores ----

Ptr CreateSemaphoreW(WindowsProcess& p, Ptr, int32_t initial, int32_t maximum, WStr name) {
  if (maximum <= 0 || initial < 0 || initial > maximum) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return create(p, {Kind::Semaphore, false, initial, maximum, utf16_to_utf8(name.str())});
}
Ptr CreateSemaphoreA(WindowsProcess& p, Ptr, int32_t initial, int32_t maximum, CStr name) {
  if (maximum <= 0 || initial < 0 || initial > maximum) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return create(p, {Kind::Semaphore, false, initial, maximum, name.str()});
}
Ptr OpenSemaphoreW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_named(p, utf16_to_utf8(name.str()), Kind::Semaphore); }
Ptr OpenSemaphoreA(WindowsProcess& p, uint32_t, int32_t, CStr name) { return open_named(p, name.str(), Kind::Semaphore); }

BOOL ReleaseSemaphore(WindowsProcess& p, Ptr h, int32_t count, Ptr previous) {
  Waitable* s = object(p, h.addr, Kind::Semaphore);
  if (!s) return fail(p, ERROR_INVALID_HANDLE);
  if (count <= 0 || s->count + count > s->maximum) return fail(p, 298);  // ERROR_TOO_MANY_POSTS
  put<int32_t>(previous.addr, static_cast<int32_t>(s->count));
  s->count += count;
  return TRUE;
}

// ---- events ----

Ptr CreateEventW(WindowsProcess& p, Ptr, int32_t manual_reset, int32_t initial, WStr name) {
  return create(p, {Kind::Event, manual_reset != 0, initial ? 1 : 0, 1, utf16_to_utf8(name.str())});
}
Ptr CreateEventA(WindowsProcess& p, Ptr, int32_t manual_reset, int32_t initial, CStr name) {
  return create(p, {Kind::Event, manual_reset != 0, initial ? 1 : 0, 1, name.str()});
}
// CreateEventEx flags: CREATE_EVENT_MANUAL_RESET 1, CREATE_EVENT_INITIAL_SET 2.
Ptr CreateEventExW(WindowsProcess& p, Ptr, WStr name, uint32_t flags, uint32_t) {
  return create(p, {Kind::Event, (flags & 1) != 0, (flags & 2) ? 1 : 0, 1, utf16_to_utf8(name.str())});
}
Ptr OpenEventW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_named(p, utf16_to_utf8(name.str()), Kind::Event); }
Ptr OpenEventA(WindowsProcess& p, uint32_t, int32_t, CStr name) { return open_named(p, name.str(), Kind::Event); }

BOOL set_event(WindowsProcess& p, Ptr h, int64_t state) {
  Waitable* e = object(p, h.addr, Kind::Event);
  if (!e) return fail(p, ERROR_INVALID_HANDLE);
  e->count = state;
  return TRUE;
}
BOOL SetEvent(WindowsProcess& p, Ptr h) { return set_event(p, h, 1); }
BOOL ResetEvent(WindowsProcess& p, Ptr h) { return set_event(p, h, 0); }

// ---- mutexes (the one guest thread owns every mutex it waits for) ----

Ptr CreateMutexW(WindowsProcess& p, Ptr, int32_t owned, WStr name) {
  return create(p, {Kind::Mutex, false, owned ? 1 : 0, 0, utf16_to_utf8(name.str())});
}
Ptr CreateMutexA(WindowsProcess& p, Ptr, int32_t owned, CStr name) {
  return create(p, {Kind::Mutex, false, owned ? 1 : 0, 0, name.str()});
}
// CreateMutexEx flags: CREATE_MUTEX_INITIAL_OWNER 1.
Ptr CreateMutexExW(WindowsProcess& p, Ptr, WStr name, uint32_t flags, uint32_t) {
  return create(p, {Kind::Mutex, false, (flags & 1) ? 1 : 0, 0, utf16_to_utf8(name.str())});
}
Ptr OpenMutexW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_named(p, utf16_to_utf8(name.str()), Kind::Mutex); }
Ptr OpenMutexA(WindowsProcess& p, uint32_t, int32_t, CStr name) { return open_named(p, name.str(), Kind::Mutex); }
BOOL ReleaseMutex(WindowsProcess& p, Ptr h) {
  Waitable* m = object(p, h.addr, Kind::Mutex);
  if (!m) return fail(p, ERROR_INVALID_HANDLE);
  if (m->count == 0) return fail(p, 288);  // ERROR_NOT_OWNER
  --m->count;
  return TRUE;
}

// ---- the running thread and process ----

constexpr uint32_t kStillActive = 259;

BOOL GetExitCodeThread(WindowsProcess& p, Ptr h, Ptr code) {
  if (!p.is_current_thread(h.addr) && !object(p, h.addr, Kind::Thread)) return fail(p, ERROR_INVALID_HANDLE);
  put<uint32_t>(code.addr, kStillActive);
  return TRUE;
}
BOOL GetExitCodeProcess(WindowsProcess& p, Ptr h, Ptr code) {
  if (!p.is_current_process(h.addr) && !object(p, h.addr, Kind::Process)) return fail(p, ERROR_INVALID_HANDLE);
  put<uint32_t>(code.addr, kStillActive);
  return TRUE;
}
uint32_t GetThreadId(WindowsProcess& p, Ptr h) {
  if (p.is_current_thread(h.addr)) return static_cast<uint32_t>(::gettid());
  Waitable* t = object(p, h.addr, Kind::Thread);
  return t ? t->id : fail(p, ERROR_INVALID_HANDLE);
}
uint32_t GetProcessId(WindowsProcess& p, Ptr h) {
  if (p.is_current_process(h.addr)) return static_cast<uint32_t>(::getpid());
  Waitable* t = object(p, h.addr, Kind::Process);
  return t ? t->id : fail(p, ERROR_INVALID_HANDLE);
}

// Scheduling priorities are recorded, not applied: the host schedules the one guest thread.
bool is_thread(WindowsProcess& p, uint64_t h) { return p.is_current_thread(h) || object(p, h, Kind::Thread); }
bool is_process(WindowsProcess& p, uint64_t h) { return p.is_current_process(h) || object(p, h, Kind::Process); }
int32_t GetThreadPriority(WindowsProcess& p, Ptr h) {
  if (!is_thread(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE), 0x7fffffff;  // THREAD_PRIORITY_ERROR_RETURN
  return p.thread_priority;
}
BOOL SetThreadPriority(WindowsProcess& p, Ptr h, int32_t priority) {
  if (!is_thread(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (!((priority >= -2 && priority <= 2) || priority == -15 || priority == 15)) return fail(p, ERROR_INVALID_PARAMETER);
  p.thread_priority = priority;
  return TRUE;
}
uint32_t GetPriorityClass(WindowsProcess& p, Ptr h) {
  if (!is_process(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  return p.priority_class;
}
BOOL SetPriorityClass(WindowsProcess& p, Ptr h, uint32_t cls) {
  if (!is_process(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  switch (cls) {
    case 0x20: case 0x40: case 0x80: case 0x100: case 0x4000: case 0x8000: p.priority_class = cls; return TRUE;
    default: return fail(p, ERROR_INVALID_PARAMETER);
  }
}

// ---- waiting ----

constexpr uint32_t kWaitFailed = 0xffffffffu, kWaitTimeout = 258, kInfinite = 0xffffffffu;

// A wait that nothing can end: no other guest code runs to signal the objects.
uint32_t wait_unsatisfiable(WindowsProcess& p, uint32_t timeout_ms) {
  if (timeout_ms != kInfinite) {
    struct timespec ts{static_cast<time_t>(timeout_ms / 1000), static_cast<long>(timeout_ms % 1000) * 1000000};
    while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    return kWaitTimeout;
  }
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: the program waits forever on an object no thread can signal\n");
  p.terminate(1);
  return kWaitFailed;
}

// The object behind a handle to wait on (the pseudo handles included); null if there is none.
std::shared_ptr<Waitable> waitable(WindowsProcess& p, uint64_t h) {
  if (p.is_current_thread(h) || p.is_current_process(h)) {
    // The running thread or process ends only with the program: never signalled while waited on.
    Waitable self;
    self.kind = Kind::Thread;
    return std::make_shared<Waitable>(self);
  }
  auto it = p.waitables.find(h);
  return it == p.waitables.end() ? nullptr : it->second;
}

// Whether a wait on the object is satisfied now: a mutex always is (its owner can only be the
// waiting thread, which acquires it again).
bool signalled(const Waitable& w) { return w.kind == Kind::Mutex || w.count > 0; }

// Takes a signalled object: a semaphore's count drops, an auto-reset event resets, a mutex is
// acquired once more.
void consume(Waitable& w) {
  if (w.kind == Kind::Semaphore || (w.kind == Kind::Event && !w.manual_reset)) --w.count;
  if (w.kind == Kind::Mutex) ++w.count;
}

uint32_t WaitForMultipleObjects(WindowsProcess& p, uint32_t count, Ptr handles, int32_t wait_all, uint32_t timeout_ms) {
  if (count == 0 || count > 64) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return kWaitFailed;
  }
  std::vector<std::shared_ptr<Waitable>> objects;
  for (uint32_t i = 0; i < count; ++i) {
    auto w = waitable(p, p.get_ptr(handles.addr + i * p.isa->ptr));
    if (!w) {
      p.set_last_error(ERROR_INVALID_HANDLE);
      return kWaitFailed;
    }
    objects.push_back(std::move(w));
  }
  if (wait_all) {
    for (const auto& w : objects)
      if (!signalled(*w)) return wait_unsatisfiable(p, timeout_ms);
    for (const auto& w : objects) consume(*w);
    return 0;
  }
  for (uint32_t i = 0; i < count; ++i)
    if (signalled(*objects[i])) {
      consume(*objects[i]);
      return i;  // WAIT_OBJECT_0 + i: the first signalled one
    }
  return wait_unsatisfiable(p, timeout_ms);
}

uint32_t WaitForSingleObject(WindowsProcess& p, Ptr h, uint32_t timeout_ms) {
  uint64_t one = h.addr;
  return WaitForMultipleObjects(p, 1, Ptr(reinterpret_cast<uint64_t>(&one)), FALSE, timeout_ms);
}
uint32_t WaitForSingleObjectEx(WindowsProcess& p, Ptr h, uint32_t timeout_ms, int32_t) {
  return WaitForSingleObject(p, h, timeout_ms);
}
uint32_t WaitForMultipleObjectsEx(WindowsProcess& p, uint32_t count, Ptr handles, int32_t all, uint32_t timeout_ms, int32_t) {
  return WaitForMultipleObjects(p, count, handles, all, timeout_ms);
}

}  // namespace

// DuplicateHandle for waitable objects and the pseudo handles: a new handle to the same object
// (for the pseudo handles, a real handle to the running thread or process). 0 when `h` is none
// of these.
uint64_t duplicate_object(WindowsProcess& p, uint64_t h) {
  if (p.is_current_thread(h))
    return new_handle(p, std::make_shared<Waitable>(Waitable{Kind::Thread, false, 0, 0, "", static_cast<uint32_t>(::gettid())}));
  if (p.is_current_process(h))
    return new_handle(p, std::make_shared<Waitable>(Waitable{Kind::Process, false, 0, 0, "", static_cast<uint32_t>(::getpid())}));
  auto it = p.waitables.find(h);
  return it == p.waitables.end() ? 0 : new_handle(p, it->second);
}

// These join KERNEL32's table (kernel32.cpp).
const std::vector<Export>& kernel32_sync_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateSemaphoreA", CreateSemaphoreA),
      EXPORT("CreateSemaphoreW", CreateSemaphoreW),
      EXPORT("OpenSemaphoreA", OpenSemaphoreA),
      EXPORT("OpenSemaphoreW", OpenSemaphoreW),
      EXPORT("ReleaseSemaphore", ReleaseSemaphore),
      EXPORT("CreateEventA", CreateEventA),
      EXPORT("CreateEventW", CreateEventW),
      EXPORT("CreateEventExW", CreateEventExW),
      EXPORT("OpenEventA", OpenEventA),
      EXPORT("OpenEventW", OpenEventW),
      EXPORT("SetEvent", SetEvent),
      EXPORT("ResetEvent", ResetEvent),
      EXPORT("CreateMutexA", CreateMutexA),
      EXPORT("CreateMutexW", CreateMutexW),
      EXPORT("CreateMutexExW", CreateMutexExW),
      EXPORT("OpenMutexA", OpenMutexA),
      EXPORT("OpenMutexW", OpenMutexW),
      EXPORT("ReleaseMutex", ReleaseMutex),
      EXPORT("GetExitCodeThread", GetExitCodeThread),
      EXPORT("GetExitCodeProcess", GetExitCodeProcess),
      EXPORT("GetThreadId", GetThreadId),
      EXPORT("GetProcessId", GetProcessId),
      EXPORT("GetThreadPriority", GetThreadPriority),
      EXPORT("SetThreadPriority", SetThreadPriority),
      EXPORT("GetPriorityClass", GetPriorityClass),
      EXPORT("SetPriorityClass", SetPriorityClass),
      EXPORT("WaitForSingleObject", WaitForSingleObject),
      EXPORT("WaitForSingleObjectEx", WaitForSingleObjectEx),
      EXPORT("WaitForMultipleObjects", WaitForMultipleObjects),
      EXPORT("WaitForMultipleObjectsEx", WaitForMultipleObjectsEx),
  };
  return exports;
}

}  // namespace polyrun::shims
