// ADVAPI32.dll, performance counters (Performance Counters version 2.0). A provider of this process
// starts (PerfStartProvider(Ex)), describes its counter sets (PerfSetCounterSetInfo: each counter
// an 8-byte slot of an instance's data, in the template's order), creates and deletes instances
// (PERF_COUNTERSET_INSTANCE blocks of the process heap: the header, the counters' slots, the
// instance's name), points by-reference counters at its own variables (PerfSetCounterRefValue) and
// updates its counters' raw data (PerfSet/Increment/DecrementULong(Long)CounterValue).
// A consumer (PerfOpenQueryHandle, PerfAddCounters, PerfQueryCounterData) sees the counter sets
// installed on the machine (lodctr's manifests), of which there are none here: each counter asked
// for is ERROR_WMI_GUID_NOT_FOUND and the data queried holds no counter.
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {

namespace advapi32_perf_counters {

constexpr uint32_t kErrorNotFound = 1168, kErrorAlreadyExists = 183, kErrorWmiGuidNotFound = 4200, kErrorBadNetpath = 53;

struct Counter {
  uint32_t id, type;
  bool by_reference;  // PERF_ATTRIB_BY_REFERENCE: the slot holds the address of the value
};
struct CounterSet {
  uint8_t guid[16];
  std::vector<Counter> counters;
};
struct Instance {
  const CounterSet* set;
  uint32_t id;
};
struct Provider {
  std::vector<std::unique_ptr<CounterSet>> sets;
  std::map<uint64_t, Instance> instances;  // block → its instance
};
std::map<uint64_t, Provider>& providers() {  // handle → provider
  static std::map<uint64_t, Provider> p;
  return p;
}
Provider* provider_of(uint64_t h) {
  auto it = providers().find(h);
  return it == providers().end() ? nullptr : &it->second;
}

// PERF_PROVIDER_CONTEXT: ContextSize, Reserved, ControlCallback, MemAllocRoutine, MemFreeRoutine,
// pMemContext.
uint32_t start(WindowsProcess& p, Ptr guid, Ptr context, Ptr out) {
  if (!guid || !out) return ERROR_INVALID_PARAMETER;
  if (context && get<uint32_t>(context.addr) < 8 + 4 * p.isa->ptr) return ERROR_INVALID_PARAMETER;
  const uint64_t h = p.heap.alloc(8, true);  // (a unique value)
  if (!h) return ERROR_NOT_ENOUGH_MEMORY;
  providers()[h];
  p.put_ptr(out.addr, h);
  return ERROR_SUCCESS;
}
uint32_t PerfStartProvider(WindowsProcess& p, Ptr guid, Ptr, Ptr out) { return start(p, guid, Ptr(0), out); }
uint32_t PerfStartProviderEx(WindowsProcess& p, Ptr guid, Ptr context, Ptr out) {
  if (!context) return ERROR_INVALID_PARAMETER;
  return start(p, guid, context, out);
}
uint32_t PerfStopProvider(WindowsProcess& p, Ptr h) {
  Provider* prov = provider_of(h.addr);
  if (!prov) return ERROR_INVALID_HANDLE;
  for (const auto& [block, inst] : prov->instances) p.heap.free(block);
  providers().erase(h.addr);
  p.heap.free(h.addr);
  return ERROR_SUCCESS;
}

// PERF_COUNTERSET_INFO (CounterSetGuid, ProviderGuid, NumCounters, InstanceType), then
// PERF_COUNTER_INFO each (CounterId, Type, Attrib, Size, DetailLevel, Scale, Offset: 32 bytes).
uint32_t PerfSetCounterSetInfo(WindowsProcess&, Ptr h, Ptr info, uint32_t size) {
  Provider* prov = provider_of(h.addr);
  if (!prov || !info) return ERROR_INVALID_PARAMETER;
  const uint32_t n = get<uint32_t>(info.addr + 32);
  if (!n || size < 40 || (size - 40) / 32 < n) return ERROR_INVALID_PARAMETER;
  for (const auto& s : prov->sets)
    if (std::memcmp(s->guid, guest_pointer(info.addr), 16) == 0) return kErrorAlreadyExists;
  auto set = std::make_unique<CounterSet>();
  std::memcpy(set->guid, guest_pointer(info.addr), 16);
  for (uint32_t i = 0; i < n; ++i) set->counters.push_back({get<uint32_t>(info.addr + 40 + 32 * i), get<uint32_t>(info.addr + 44 + 32 * i),
                             (get<uint64_t>(info.addr + 48 + 32 * i) & 1) != 0});
  prov->sets.push_back(std::move(set));
  return ERROR_SUCCESS;
}

// PERF_COUNTERSET_INSTANCE: CounterSetGuid, dwSize, InstanceId, InstanceNameOffset,
// InstanceNameSize (32 bytes); the counters' slots, then the name.
Ptr PerfCreateInstance(WindowsProcess& p, Ptr h, Ptr guid, WStr name, uint32_t id) {
  Provider* prov = provider_of(h.addr);
  if (!prov || !guid || !name.addr) return p.set_last_error(ERROR_INVALID_PARAMETER), Ptr(0);
  const CounterSet* set = nullptr;
  for (const auto& s : prov->sets)
    if (std::memcmp(s->guid, guest_pointer(guid.addr), 16) == 0) set = s.get();
  if (!set) return p.set_last_error(kErrorNotFound), Ptr(0);
  for (const auto& [block, inst] : prov->instances)
    if (inst.set == set && inst.id == id) return p.set_last_error(kErrorAlreadyExists), Ptr(0);
  const std::u16string n = name.str();
  const uint32_t name_at = 32 + 8 * static_cast<uint32_t>(set->counters.size());
  const uint32_t name_size = static_cast<uint32_t>((n.size() + 1) * 2);
  const uint32_t size = (name_at + name_size + 7) & ~7u;
  const uint64_t block = p.heap.alloc(size, true);
  if (!block) return p.set_last_error(ERROR_NOT_ENOUGH_MEMORY), Ptr(0);
  std::memcpy(guest_pointer(block), set->guid, 16);
  put<uint32_t>(block + 16, size);
  put<uint32_t>(block + 20, id);
  put<uint32_t>(block + 24, name_at);
  put<uint32_t>(block + 28, name_size);
  std::memcpy(guest_pointer(block + name_at), n.c_str(), name_size);
  prov->instances[block] = {set, id};
  return Ptr(block);
}
uint32_t PerfDeleteInstance(WindowsProcess& p, Ptr h, Ptr instance) {
  Provider* prov = provider_of(h.addr);
  if (!prov || !instance) return ERROR_INVALID_PARAMETER;
  if (!prov->instances.erase(instance.addr)) return kErrorNotFound;
  p.heap.free(instance.addr);
  return ERROR_SUCCESS;
}
// PerfSetCounterRefValue: the counter's slot holds the address of the provider's value.
uint32_t PerfSetCounterRefValue(WindowsProcess& p, Ptr h, Ptr instance, uint32_t counter, Ptr address) {
  Provider* prov = provider_of(h.addr);
  if (!prov || !instance || !address) return ERROR_INVALID_PARAMETER;
  auto it = prov->instances.find(instance.addr);
  if (it == prov->instances.end()) return ERROR_INVALID_PARAMETER;
  const auto& counters = it->second.set->counters;
  for (size_t i = 0; i < counters.size(); ++i)
    if (counters[i].id == counter) {
      p.put_ptr(instance.addr + 32 + 8 * i, address.addr);
      return ERROR_SUCCESS;
    }
  return kErrorNotFound;
}

// PerfSet/Increment/DecrementULong(Long)CounterValue: a provider's convenience functions over a
// counter's raw data — the instance's slot, or for a by-reference counter the variable the slot
// points at (nothing to update before PerfSetCounterRefValue gave one). 4-byte values wrap at 2^32.
enum class Update { kSet, kAdd, kSubtract };
template <typename T>
uint32_t update_value(WindowsProcess& p, Ptr h, Ptr instance, uint32_t counter, T value, Update how) {
  Provider* prov = provider_of(h.addr);
  if (!prov || !instance) return ERROR_INVALID_PARAMETER;
  auto it = prov->instances.find(instance.addr);
  if (it == prov->instances.end()) return ERROR_INVALID_PARAMETER;
  const auto& counters = it->second.set->counters;
  for (size_t i = 0; i < counters.size(); ++i) {
    if (counters[i].id != counter) continue;
    uint64_t at = instance.addr + 32 + 8 * i;
    if (counters[i].by_reference) {
      at = p.get_ptr(at);
      if (!at) return ERROR_INVALID_PARAMETER;
    }
    T now = get<T>(at);
    switch (how) {
      case Update::kSet: now = value; break;
      case Update::kAdd: now = static_cast<T>(now + value); break;
      case Update::kSubtract: now = static_cast<T>(now - value); break;
    }
    put<T>(at, now);
    return ERROR_SUCCESS;
  }
  return kErrorNotFound;
}
uint32_t PerfSetULongCounterValue(WindowsProcess& p, Ptr h, Ptr inst, uint32_t id, uint32_t v) {
  return update_value<uint32_t>(p, h, inst, id, v, Update::kSet);
}
uint32_t PerfIncrementULongCounterValue(WindowsProcess& p, Ptr h, Ptr inst, uint32_t id, uint32_t v) {
  return update_value<uint32_t>(p, h, inst, id, v, Update::kAdd);
}
uint32_t PerfDecrementULongCounterValue(WindowsProcess& p, Ptr h, Ptr inst, uint32_t id, uint32_t v) {
  return update_value<uint32_t>(p, h, inst, id, v, Update::kSubtract);
}
uint32_t PerfSetULongLongCounterValue(WindowsProcess& p, Ptr h, Ptr inst, uint32_t id, uint64_t v) {
  return update_value<uint64_t>(p, h, inst, id, v, Update::kSet);
}
uint32_t PerfIncrementULongLongCounterValue(WindowsProcess& p, Ptr h, Ptr inst, uint32_t id, uint64_t v) {
  return update_value<uint64_t>(p, h, inst, id, v, Update::kAdd);
}
uint32_t PerfDecrementULongLongCounterValue(WindowsProcess& p, Ptr h, Ptr inst, uint32_t id, uint64_t v) {
  return update_value<uint64_t>(p, h, inst, id, v, Update::kSubtract);
}

// ---- consumers ----

std::map<uint64_t, bool>& queries() {
  static std::map<uint64_t, bool> q;
  return q;
}
uint32_t PerfOpenQueryHandle(WindowsProcess& p, WStr machine, Ptr out) {
  if (!out) return ERROR_INVALID_PARAMETER;
  if (machine.addr && !machine.str().empty() && machine.str() != u"." && !names_this_computer(utf16_to_utf8(machine.str())))
    return kErrorBadNetpath;
  const uint64_t h = p.heap.alloc(8, true);
  if (!h) return ERROR_NOT_ENOUGH_MEMORY;
  queries()[h] = true;
  p.put_ptr(out.addr, h);
  return ERROR_SUCCESS;
}
uint32_t PerfCloseQueryHandle(WindowsProcess& p, Ptr h) {
  if (!queries().erase(h.addr)) return ERROR_INVALID_HANDLE;
  p.heap.free(h.addr);
  return ERROR_SUCCESS;
}
// PERF_COUNTER_IDENTIFIER: CounterSetGuid, Status, Size, CounterId, InstanceId, Index, Reserved,
// then the instance's name; one after another, each Size bytes.
uint32_t PerfAddCounters(WindowsProcess&, Ptr h, Ptr ids, uint32_t size) {
  if (!queries().count(h.addr)) return ERROR_INVALID_HANDLE;
  if (!ids || size < 40) return ERROR_INVALID_PARAMETER;
  for (uint32_t at = 0; at + 40 <= size;) {
    const uint32_t one = get<uint32_t>(ids.addr + at + 20);
    if (one < 40 || at + one > size) return ERROR_INVALID_PARAMETER;
    put<uint32_t>(ids.addr + at + 16, kErrorWmiGuidNotFound);
    at += (one + 7) & ~7u;
  }
  return ERROR_SUCCESS;
}
// PERF_DATA_HEADER: dwTotalSize, dwNumCounters, PerfTimeStamp, PerfTime100NSec, PerfFreq, SystemTime.
uint32_t PerfQueryCounterData(WindowsProcess& p, Ptr h, Ptr data, uint32_t size, Ptr needed) {
  if (!queries().count(h.addr)) return ERROR_INVALID_HANDLE;
  if (!needed) return ERROR_INVALID_PARAMETER;
  put<uint32_t>(needed.addr, 48);
  if (!data || size < 48) return ERROR_NOT_ENOUGH_MEMORY;
  std::memset(data.as<void>(), 0, 48);
  put<uint32_t>(data.addr, 48);
  p.call_export("kernel32.dll", "QueryPerformanceCounter", {data.addr + 8});
  put<uint64_t>(data.addr + 16, filetime_now());
  p.call_export("kernel32.dll", "QueryPerformanceFrequency", {data.addr + 24});
  p.call_export("kernel32.dll", "GetSystemTime", {data.addr + 32});
  return ERROR_SUCCESS;
}

}  // namespace advapi32_perf_counters

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_perf_counter_exports() {
  using namespace advapi32_perf_counters;
  static const std::vector<Export> exports = {
      EXPORT("PerfStartProvider", PerfStartProvider),
      EXPORT("PerfStartProviderEx", PerfStartProviderEx),
      EXPORT("PerfStopProvider", PerfStopProvider),
      EXPORT("PerfSetCounterSetInfo", PerfSetCounterSetInfo),
      EXPORT("PerfCreateInstance", PerfCreateInstance),
      EXPORT("PerfDeleteInstance", PerfDeleteInstance),
      EXPORT("PerfSetCounterRefValue", PerfSetCounterRefValue),
      EXPORT("PerfSetULongCounterValue", PerfSetULongCounterValue),
      EXPORT("PerfIncrementULongCounterValue", PerfIncrementULongCounterValue),
      EXPORT("PerfDecrementULongCounterValue", PerfDecrementULongCounterValue),
      EXPORT("PerfSetULongLongCounterValue", PerfSetULongLongCounterValue),
      EXPORT("PerfIncrementULongLongCounterValue", PerfIncrementULongLongCounterValue),
      EXPORT("PerfDecrementULongLongCounterValue", PerfDecrementULongLongCounterValue),
      EXPORT("PerfOpenQueryHandle", PerfOpenQueryHandle),
      EXPORT("PerfCloseQueryHandle", PerfCloseQueryHandle),
      EXPORT("PerfAddCounters", PerfAddCounters),
      EXPORT("PerfQueryCounterData", PerfQueryCounterData),
  };
  return exports;
}

}  // namespace polyrun::shims
