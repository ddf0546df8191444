// NTDLL's keyed events (NtCreateKeyedEvent, NtWaitForKeyedEvent, NtReleaseKeyedEvent): a rendezvous
// by key — a wait lasts until a release with the same key, and a release until it has released one
// waiter of that key (or the timeout). The runtimes of Rust and of older Windows use them where
// WaitOnAddress is missing; a null handle names the system's one keyed event. A keyed event's
// handle names an eventfd (CloseHandle closes it); its waits are the program's other waits (under
// the execution lock, on WindowsProcess::sync).
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/handle_objects.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

struct KeyedEvent {
  struct Key {
    uint64_t waiting = 0;  // threads waiting with the key
    uint64_t released = 0; // of them, released and not yet gone
  };
  int fd = -1;
  std::map<uint64_t, Key> keys;
};

std::map<uint64_t, std::shared_ptr<KeyedEvent>>& keyed_events() {
  static std::map<uint64_t, std::shared_ptr<KeyedEvent>> all;
  return all;
}

// The keyed event a handle names (0: the system's), or null.
std::shared_ptr<KeyedEvent> find_keyed_event(WindowsProcess& p, uint64_t h) {
  auto& all = keyed_events();
  if (!h) {
    auto& system = all[0];
    if (!system) system = std::make_shared<KeyedEvent>();
    return system;
  }
  return find_handle_object(p, all, h);
}

uint32_t timeout_of(Ptr timeout) { return timeout ? timeout_ms_from_nt(get<int64_t>(timeout.addr)) : kInfinite; }

uint32_t NtCreateKeyedEvent(WindowsProcess& p, Ptr out, uint32_t, Ptr, uint32_t) {
  const uint64_t h = new_handle_object(p, keyed_events(), std::make_shared<KeyedEvent>(), "KeyedEvent");
  if (!h) return nt::kNoMemory;
  p.put_ptr(out.addr, h);
  return nt::kSuccess;
}

// (`alertable`: polyrun queues no APCs such a wait would run.)
uint32_t NtWaitForKeyedEvent(WindowsProcess& p, Ptr h, Ptr key, uint8_t, Ptr timeout) {
  auto e = find_keyed_event(p, h.addr);
  if (!e) return nt::kInvalidHandle;
  KeyedEvent::Key& k = e->keys[key.addr];
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

}  // namespace

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_keyed_event_exports() {
  static const std::vector<Export> exports = {
      EXPORT("NtCreateKeyedEvent", NtCreateKeyedEvent),
      EXPORT("NtWaitForKeyedEvent", NtWaitForKeyedEvent),
      EXPORT("NtReleaseKeyedEvent", NtReleaseKeyedEvent),
  };
  return exports;
}

}  // namespace polyrun::shims
