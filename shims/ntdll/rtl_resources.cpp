// NTDLL's resources (RTL_RWLOCK: RtlInitializeResource, RtlAcquireResourceShared,
// RtlAcquireResourceExclusive, RtlReleaseResource, RtlDeleteResource, RtlDumpResource): a lock
// many threads hold shared or one exclusively (again and again: it counts), kept in the caller's
// structure as Windows keeps it (iNumberActive: the shared holders, or minus the exclusive
// owner's count; hOwningThreadId: that owner), the waits being the program's other waits.
#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_rtl_resources_impl {

// RTL_RWLOCK: RTL_CRITICAL_SECTION rtlCS; HANDLE hSharedReleaseSemaphore; UINT uSharedWaiters;
// HANDLE hExclusiveReleaseSemaphore; UINT uExclusiveWaiters; INT iNumberActive; HANDLE
// hOwningThreadId; DWORD dwTimeoutBoost; PVOID pDebugInfo.
struct Fields {
  uint64_t shared_waiters, exclusive_waiters, active, owner, size;
};
Fields fields(WindowsProcess& p) {
  const unsigned w = p.isa->ptr;
  const uint64_t cs = w == 8 ? 40 : 24;
  const uint64_t shared_waiters = cs + w, exclusive_waiters = cs + 3 * w, active = exclusive_waiters + 4;
  const uint64_t owner = (active + 4 + w - 1) / w * w;
  const uint64_t size = (owner + w + 4 + w - 1) / w * w + w;
  return {shared_waiters, exclusive_waiters, active, owner, size};
}

void RtlInitializeResource(WindowsProcess& p, Ptr rwl) {
  if (!rwl) return;
  const Fields f = fields(p);
  std::memset(rwl.as<void>(), 0, f.size);
}
void RtlDeleteResource(WindowsProcess& p, Ptr rwl) { RtlInitializeResource(p, rwl); }

// Shared: while nobody holds it exclusively (its exclusive owner taking it shared takes it
// exclusively once more). FALSE, without `wait`, where it would have to wait.
uint8_t RtlAcquireResourceShared(WindowsProcess& p, Ptr rwl, uint8_t wait) {
  if (!rwl) return 0;
  const Fields f = fields(p);
  const uint64_t self = p.thread().id;
  int32_t& active = *reinterpret_cast<int32_t*>(rwl.addr + f.active);
  if (active < 0 && p.get_ptr(rwl.addr + f.owner) == self) {
    --active;
    return 1;
  }
  if (active < 0) {
    if (!wait) return 0;
    ++*reinterpret_cast<uint32_t*>(rwl.addr + f.shared_waiters);
    wait_until(p, kInfinite, [&] { return active >= 0; }, "for a resource another thread holds");
    --*reinterpret_cast<uint32_t*>(rwl.addr + f.shared_waiters);
  }
  ++active;
  return 1;
}

// Exclusive: once nobody holds it (its owner again at once).
uint8_t RtlAcquireResourceExclusive(WindowsProcess& p, Ptr rwl, uint8_t wait) {
  if (!rwl) return 0;
  const Fields f = fields(p);
  const uint64_t self = p.thread().id;
  int32_t& active = *reinterpret_cast<int32_t*>(rwl.addr + f.active);
  if (active < 0 && p.get_ptr(rwl.addr + f.owner) == self) {
    --active;
    return 1;
  }
  if (active != 0) {
    if (!wait) return 0;
    ++*reinterpret_cast<uint32_t*>(rwl.addr + f.exclusive_waiters);
    wait_until(p, kInfinite, [&] { return active == 0; }, "for a resource another thread holds");
    --*reinterpret_cast<uint32_t*>(rwl.addr + f.exclusive_waiters);
  }
  active = -1;
  p.put_ptr(rwl.addr + f.owner, self);
  return 1;
}

void RtlReleaseResource(WindowsProcess& p, Ptr rwl) {
  if (!rwl) return;
  const Fields f = fields(p);
  int32_t& active = *reinterpret_cast<int32_t*>(rwl.addr + f.active);
  if (active > 0) {
    --active;
  } else if (active < 0) {
    if (++active == 0) p.put_ptr(rwl.addr + f.owner, 0);
  }
  p.wake_waiters();
}

// What a debugger would be shown of it: with none attached (DbgPrint's output goes nowhere),
// nothing.
void RtlDumpResource(WindowsProcess&, Ptr) {}

}  // namespace ntdll_rtl_resources_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_resource_exports() {
  using namespace ntdll_rtl_resources_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlInitializeResource", RtlInitializeResource),
      EXPORT("RtlDeleteResource", RtlDeleteResource),
      EXPORT("RtlAcquireResourceShared", RtlAcquireResourceShared),
      EXPORT("RtlAcquireResourceExclusive", RtlAcquireResourceExclusive),
      EXPORT("RtlReleaseResource", RtlReleaseResource),
      EXPORT("RtlDumpResource", RtlDumpResource),
  };
  return exports;
}

}  // namespace polyrun::shims
