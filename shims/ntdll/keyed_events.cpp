// NTDLL's keyed events (NtCreateKeyedEvent, NtOpenKeyedEvent, NtWaitForKeyedEvent,
// NtReleaseKeyedEvent): a rendezvous by key — a wait lasts until a release with the same key, and a
// release until it has released one waiter of that key (or the timeout). The runtimes of Rust and
// of older Windows use them where WaitOnAddress is missing; a null handle names the system's one
// keyed event. A keyed event's handle names an eventfd (CloseHandle closes it); its waits are the
// program's other waits (under the execution lock, on WindowsProcess::sync). A named one (in
// \BaseNamedObjects or a session's directory, as the other named objects) is found by its name while
// a handle to it is open, in this process.
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/handle_objects.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/counted_strings.h"

namespace polyrun::shims {

namespace ntdll_keyed_events_impl {

constexpr uint32_t kObjectNameExists = 0x40000000, kObjectNameNotFound = 0xc0000034, kObjectNameCollision = 0xc0000035,
                   kObjectPathSyntaxBad = 0xc000003b, kObjectPathNotFound = 0xc000003a, kObjectTypeMismatch = 0xc0000024;
constexpr uint32_t kObjInherit = 0x2, kObjOpenIf = 0x80;

struct KeyedState {
  struct Key {
    uint64_t waiting = 0;  // threads waiting with the key
    uint64_t released = 0; // of them, released and not yet gone
  };
  std::map<uint64_t, Key> keys;
  std::u16string name;  // its name, folded to upper case (empty: none)
};

// A handle's: its descriptor and the keyed event it names (several handles may name one).
struct KeyedEvent {
  int fd = -1;
  std::shared_ptr<KeyedState> state;
};

std::map<uint64_t, std::shared_ptr<KeyedEvent>>& keyed_events() {
  static std::map<uint64_t, std::shared_ptr<KeyedEvent>> all;
  return all;
}

// The keyed event a handle names (0: the system's), or null.
std::shared_ptr<KeyedState> find_keyed_event(WindowsProcess& p, uint64_t h) {
  if (!h) {
    static const std::shared_ptr<KeyedState> system = std::make_shared<KeyedState>();
    return system;
  }
  auto e = find_handle_object(p, keyed_events(), h);
  return e ? e->state : nullptr;
}

// OBJECT_ATTRIBUTES' name (Length, RootDirectory, ObjectName, Attributes at the pointer's stride),
// folded to upper case as the object manager compares names; the status of a name no keyed event
// can have. A name relative to a directory's handle is not provided (STATUS_INVALID_HANDLE, as
// for a handle that names no directory).
struct Name {
  std::u16string folded;
  uint32_t attributes = 0;
};
uint32_t name_of(WindowsProcess& p, uint64_t oa, Name& out) {
  if (!oa) return nt::kSuccess;
  const unsigned w = p.isa->ptr;
  out.attributes = get<uint32_t>(oa + 3 * w);
  const uint64_t s = p.get_ptr(oa + 2 * w);
  const std::u16string n = s ? ntdll_text::unicode_of(p, s) : std::u16string();
  if (n.empty()) return nt::kSuccess;
  if (p.get_ptr(oa + w)) return nt::kInvalidHandle;
  if (n[0] != u'\\') return kObjectPathSyntaxBad;
  for (char16_t c : n) out.folded.push_back(ntdll_text::upcase(c));
  // The directories named objects live in: \BaseNamedObjects, a session's, \KernelObjects.
  const size_t last = out.folded.rfind(u'\\');
  const std::u16string dir = out.folded.substr(0, last);
  const bool session = dir.rfind(u"\\SESSIONS\\", 0) == 0 && dir.size() > 27 &&
                       dir.compare(dir.size() - 17, 17, u"\\BASENAMEDOBJECTS") == 0 &&
                       dir.find(u'\\', 10) == dir.size() - 17;
  if (dir != u"\\BASENAMEDOBJECTS" && dir != u"\\KERNELOBJECTS" && !session) return kObjectPathNotFound;
  if (last + 1 == out.folded.size()) return kObjectNameNotFound;
  return nt::kSuccess;
}

// Whether another kind of named object (an event, mutant, semaphore, timer: KERNEL32's names,
// \BaseNamedObjects\X as Global\X, a session's X as X) has the name.
bool other_object_named(WindowsProcess& p, const std::u16string& folded) {
  std::u16string k32;
  if (folded.rfind(u"\\BASENAMEDOBJECTS\\", 0) == 0) k32 = u"GLOBAL\\" + folded.substr(18);
  else if (folded.rfind(u"\\SESSIONS\\", 0) == 0) k32 = folded.substr(folded.rfind(u'\\') + 1);
  else return false;
  for (const auto& [h, w] : p.waitables) {
    if (w->name.empty() || w->kind == Waitable::Kind::Thread || w->kind == Waitable::Kind::Process) continue;
    std::u16string n;
    for (char16_t c : utf8_to_utf16(w->name)) n.push_back(ntdll_text::upcase(c));
    if (n == k32) return true;
  }
  return false;
}

// The keyed event of the name that a handle of this process still names, or null.
std::shared_ptr<KeyedState> find_named(WindowsProcess& p, const std::u16string& folded) {
  std::vector<uint64_t> handles;
  for (const auto& [h, e] : keyed_events()) handles.push_back(h);
  for (uint64_t h : handles)
    if (auto e = find_handle_object(p, keyed_events(), h); e && e->state->name == folded) return e->state;
  return nullptr;
}

uint32_t new_handle(WindowsProcess& p, Ptr out, std::shared_ptr<KeyedState> state, uint32_t attributes) {
  auto e = std::make_shared<KeyedEvent>();
  e->state = std::move(state);
  const uint64_t h = new_handle_object(p, keyed_events(), std::move(e), "KeyedEvent");
  if (!h) return nt::kNoMemory;
  p.put_ptr(out.addr, p.mark_inheritable(h, attributes & kObjInherit));
  return nt::kSuccess;
}

uint32_t timeout_of(Ptr timeout) { return timeout ? timeout_ms_from_nt(get<int64_t>(timeout.addr)) : kInfinite; }

// NtCreateKeyedEvent(&handle, access, attributes, flags): a new keyed event, or with OBJ_OPENIF the
// one of the name (STATUS_OBJECT_NAME_EXISTS).
uint32_t NtCreateKeyedEvent(WindowsProcess& p, Ptr out, uint32_t, Ptr oa, uint32_t) {
  Name n;
  if (const uint32_t s = name_of(p, oa.addr, n)) return s;
  if (!n.folded.empty()) {
    if (auto existing = find_named(p, n.folded)) {
      if (!(n.attributes & kObjOpenIf)) return kObjectNameCollision;
      const uint32_t s = new_handle(p, out, existing, n.attributes);
      return s ? s : kObjectNameExists;
    }
    if (other_object_named(p, n.folded)) return kObjectNameCollision;
  }
  auto state = std::make_shared<KeyedState>();
  state->name = n.folded;
  return new_handle(p, out, std::move(state), n.attributes);
}

// NtOpenKeyedEvent(&handle, access, attributes): the keyed event of the name.
uint32_t NtOpenKeyedEvent(WindowsProcess& p, Ptr out, uint32_t, Ptr oa) {
  Name n;
  if (const uint32_t s = name_of(p, oa.addr, n)) return s;
  if (n.folded.empty()) return kObjectPathSyntaxBad;
  auto existing = find_named(p, n.folded);
  if (!existing) return other_object_named(p, n.folded) ? kObjectTypeMismatch : kObjectNameNotFound;
  return new_handle(p, out, existing, n.attributes);
}

// (`alertable`: polyrun queues no APCs such a wait would run.)
uint32_t NtWaitForKeyedEvent(WindowsProcess& p, Ptr h, Ptr key, uint8_t, Ptr timeout) {
  auto e = find_keyed_event(p, h.addr);
  if (!e) return nt::kInvalidHandle;
  KeyedState::Key& k = e->keys[key.addr];
  ++k.waiting;
  p.wake_waiters();  // a release may be waiting for a waiter
  const bool released = wait_until(p, timeout_of(timeout), [&] { return k.released > 0; }, "on a keyed event nobody releases");
  --k.waiting;
  if (released) --k.released;
  if (!k.waiting && !k.released) e->keys.erase(key.addr);
  return released ? nt::kSuccess : nt::kTimeout;
}

uint32_t NtReleaseKeyedEvent(WindowsProcess& p, Ptr h, Ptr key, uint8_t, Ptr timeout) {
  auto e = find_keyed_event(p, h.addr);
  if (!e) return nt::kInvalidHandle;
  auto waiter = [&] {
    auto it = e->keys.find(key.addr);
    return it != e->keys.end() && it->second.waiting > it->second.released;
  };
  if (!wait_until(p, timeout_of(timeout), waiter, "to release a keyed event nobody waits for")) return nt::kTimeout;
  ++e->keys[key.addr].released;
  p.wake_waiters();
  return nt::kSuccess;
}

}  // namespace ntdll_keyed_events_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_keyed_event_exports() {
  using namespace ntdll_keyed_events_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtCreateKeyedEvent", NtCreateKeyedEvent),
      EXPORT("NtOpenKeyedEvent", NtOpenKeyedEvent),
      EXPORT("NtWaitForKeyedEvent", NtWaitForKeyedEvent),
      EXPORT("NtReleaseKeyedEvent", NtReleaseKeyedEvent),
  };
  return exports;
}

}  // namespace polyrun::shims
