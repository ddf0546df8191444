// NTDLL's fiber-local storage: RtlFlsAlloc, RtlFlsFree, RtlFlsGetValue and RtlFlsSetValue, which
// KERNEL32's FlsAlloc, FlsFree, FlsGetValue and FlsSetValue are made of (ntdll/fiber_storage.h).
#include "shims/ntdll/fiber_storage.h"

#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_fls {

uint32_t alloc(WindowsProcess& p, uint64_t callback, uint32_t* index) {
  p.fls_callbacks.push_back(callback);
  *index = static_cast<uint32_t>(p.fls_callbacks.size() - 1);
  return nt::kSuccess;
}

uint32_t free(WindowsProcess& p, uint32_t index) {
  if (index >= p.fls_callbacks.size()) return nt::kInvalidParameter;
  const uint64_t callback = p.fls_callbacks[index];
  p.fls_callbacks[index] = 0;
  auto& mine = p.thread().fls;
  const uint64_t value = index < mine.size() ? mine[index] : 0;
  // The callback still finds the value in the slot (FlsGetValue), as on Windows; then the slots go.
  if (value && callback) p.call_guest(callback, {value});
  for (const auto& t : p.threads)
    if (index < t->fls.size()) t->fls[index] = 0;
  return nt::kSuccess;
}

uint32_t get(WindowsProcess& p, uint32_t index, uint64_t* value) {
  if (index >= p.fls_callbacks.size()) return nt::kInvalidParameter;
  auto& fls = p.thread().fls;
  *value = index < fls.size() ? fls[index] : 0;
  return nt::kSuccess;
}

uint32_t set(WindowsProcess& p, uint32_t index, uint64_t value) {
  if (index >= p.fls_callbacks.size()) return nt::kInvalidParameter;
  auto& fls = p.thread().fls;
  if (fls.size() <= index) fls.resize(index + 1);
  fls[index] = value;
  return nt::kSuccess;
}

}  // namespace ntdll_fls

namespace ntdll_fiber_storage_impl {

uint32_t RtlFlsAlloc(WindowsProcess& p, Ptr callback, Ptr index) {
  uint32_t i = 0;
  const uint32_t s = ntdll_fls::alloc(p, callback.addr, &i);
  if (!s) put<uint32_t>(index.addr, i);
  return s;
}
uint32_t RtlFlsFree(WindowsProcess& p, uint32_t index) { return ntdll_fls::free(p, index); }
uint32_t RtlFlsGetValue(WindowsProcess& p, uint32_t index, Ptr value) {
  uint64_t v = 0;
  const uint32_t s = ntdll_fls::get(p, index, &v);
  if (!s) p.put_ptr(value.addr, v);
  return s;
}
uint32_t RtlFlsSetValue(WindowsProcess& p, uint32_t index, Ptr value) { return ntdll_fls::set(p, index, value.addr); }

}  // namespace ntdll_fiber_storage_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_fls_exports() {
  using namespace ntdll_fiber_storage_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlFlsAlloc", RtlFlsAlloc),
      EXPORT("RtlFlsFree", RtlFlsFree),
      EXPORT("RtlFlsGetValue", RtlFlsGetValue),
      EXPORT("RtlFlsSetValue", RtlFlsSetValue),
  };
  return exports;
}

}  // namespace polyrun::shims
