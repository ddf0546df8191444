// NTDLL's smaller facts and tools: handle tables (RtlInitializeHandleTable, RtlAllocateHandle,
// RtlFreeHandle, RtlIsValidHandle, RtlIsValidIndexHandle, RtlDestroyHandleTable: RTL_HANDLE_TABLE
// with its handles in a block of the process heap, an in-use handle's Next with bit 0 set),
// RtlIsProcessorFeaturePresent (which KERNEL32's IsProcessorFeaturePresent is), the default locale
// and UI language (NtQueryDefaultLocale …: 0x409, KERNEL32's GetUserDefaultLCID), debug output
// (DbgPrint …: with no debugger attached it goes nowhere), the PEB lock, the thread's transaction,
// RtlDllShutdownInProgress.
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/runtime.h"

namespace polyrun::shims {

namespace ntdll_runtime {

// PF_MMX_INSTRUCTIONS_AVAILABLE 3 … : what every x86-64 processor this runs on has (MMX, SSE,
// SSE2, SSE3, NX, cmpxchg16b era), and fast fail.
uint8_t RtlIsProcessorFeaturePresent(WindowsProcess&, uint32_t feature) {
  switch (feature) {
    case 6: case 7: case 10: case 12: case 13: return 1;
    case 23: return 1;  // PF_FASTFAIL_AVAILABLE
    default: return 0;
  }
}

}  // namespace ntdll_runtime

namespace ntdll_misc_impl {

using namespace ntdll_text;

// ---- handle tables: MaxHandleCount, HandleSize, two unused ULONGs, then NextFree, FirstHandle,
// ReservedMemory and MaxHandle (pointers) ----

struct HandleTable {
  uint64_t at;
  unsigned w;
  uint32_t max_count() const { return get<uint32_t>(at); }
  uint32_t handle_size() const { return get<uint32_t>(at + 4); }
  uint64_t field(WindowsProcess& p, int i) const { return p.get_ptr(at + 16 + w * i); }
  void set(WindowsProcess& p, int i, uint64_t v) const { p.put_ptr(at + 16 + w * i, v); }
};
enum { kNextFree = 0, kFirstHandle = 1, kReserved = 2, kMaxHandle = 3 };

std::mutex& blocks_lock() {
  static std::mutex m;
  return m;
}
std::map<uint64_t, uint64_t>& blocks() {  // the handles' first address -> the heap block holding them
  static std::map<uint64_t, uint64_t> b;
  return b;
}

void RtlInitializeHandleTable(WindowsProcess& p, uint32_t max, uint32_t size, Ptr table) {
  std::memset(guest_pointer(table.addr), 0, 16 + 4 * p.isa->ptr);
  put<uint32_t>(table.addr, max);
  put<uint32_t>(table.addr + 4, size);
}

// A free handle (its index in *index), the table's handles made on first use: all of them, each
// free one linked to the next.
Ptr RtlAllocateHandle(WindowsProcess& p, Ptr table, Ptr index) {
  const HandleTable t{table.addr, p.isa->ptr};
  const uint32_t size = t.handle_size();
  if (!t.field(p, kFirstHandle)) {
    const uint64_t bytes = static_cast<uint64_t>(t.max_count()) * size;
    if (!bytes || !size) return Ptr(0);
    const uint64_t block = p.heap.alloc(bytes + size, true);
    if (!block) return Ptr(0);
    const uint64_t first = (block + size - 1) / size * size;  // (aligned to a handle's size)
    for (uint64_t h = first; h < first + bytes; h += size) p.put_ptr(h, h + size < first + bytes ? h + size : 0);
    {
      std::lock_guard<std::mutex> g(blocks_lock());
      blocks()[first] = block;
    }
    t.set(p, kFirstHandle, first);
    t.set(p, kReserved, first + bytes);
    t.set(p, kMaxHandle, first + bytes);
    t.set(p, kNextFree, first);
  }
  const uint64_t h = t.field(p, kNextFree);
  if (!h) return Ptr(0);
  t.set(p, kNextFree, p.get_ptr(h));
  put<uint32_t>(index.addr, static_cast<uint32_t>((h - t.field(p, kFirstHandle)) / size));
  return Ptr(h);
}

// The handle zeroed and free again.
uint8_t RtlFreeHandle(WindowsProcess& p, Ptr table, Ptr h) {
  const HandleTable t{table.addr, p.isa->ptr};
  std::memset(guest_pointer(h.addr), 0, t.handle_size());
  p.put_ptr(h.addr, t.field(p, kNextFree));
  t.set(p, kNextFree, h.addr);
  return 1;
}

bool valid_handle(WindowsProcess& p, const HandleTable& t, uint64_t h) {
  const uint32_t size = t.handle_size();
  return size && h >= t.field(p, kFirstHandle) && h < t.field(p, kReserved) && (h - t.field(p, kFirstHandle)) % size == 0 &&
         (p.get_ptr(h) & 1);
}
uint8_t RtlIsValidHandle(WindowsProcess& p, Ptr table, Ptr h) { return valid_handle(p, {table.addr, p.isa->ptr}, h.addr); }
uint8_t RtlIsValidIndexHandle(WindowsProcess& p, Ptr table, uint32_t index, Ptr out) {
  const HandleTable t{table.addr, p.isa->ptr};
  const uint64_t h = t.field(p, kFirstHandle) + static_cast<uint64_t>(index) * t.handle_size();
  if (!t.field(p, kFirstHandle) || !valid_handle(p, t, h)) return 0;
  p.put_ptr(out.addr, h);
  return 1;
}

uint32_t RtlDestroyHandleTable(WindowsProcess& p, Ptr table) {
  const HandleTable t{table.addr, p.isa->ptr};
  const uint64_t first = t.field(p, kFirstHandle);
  if (first) {
    std::lock_guard<std::mutex> g(blocks_lock());
    auto it = blocks().find(first);
    if (it != blocks().end()) {
      p.heap.free(it->second);
      blocks().erase(it);
    }
  }
  std::memset(guest_pointer(table.addr + 16), 0, 4 * p.isa->ptr);
  return nt::kSuccess;
}

// ---- locale: US English, as KERNEL32's GetUserDefaultLCID and GetUserDefaultUILanguage say ----

constexpr uint32_t kLcid = 0x0409;
uint32_t NtQueryDefaultLocale(WindowsProcess&, uint8_t, Ptr lcid) {
  put<uint32_t>(lcid.addr, kLcid);
  return nt::kSuccess;
}
uint32_t NtQueryDefaultUILanguage(WindowsProcess&, Ptr lang) {
  put<uint16_t>(lang.addr, static_cast<uint16_t>(kLcid));
  return nt::kSuccess;
}

// ---- debug output: no debugger is attached (KERNEL32's OutputDebugString says the same) ----

uint32_t DbgPrint(WindowsProcess&, Ptr, VarArgs) { return nt::kSuccess; }
uint32_t DbgPrintEx(WindowsProcess&, uint32_t, uint32_t, Ptr, VarArgs) { return nt::kSuccess; }
uint32_t vDbgPrintEx(WindowsProcess&, uint32_t, uint32_t, Ptr, Ptr) { return nt::kSuccess; }
uint32_t vDbgPrintExWithPrefix(WindowsProcess&, Ptr, uint32_t, uint32_t, Ptr, Ptr) { return nt::kSuccess; }

// ---- the PEB's lock (FastPebLock, a CRITICAL_SECTION of the process heap made on first use) ----

uint64_t peb_lock(WindowsProcess& p) {
  const uint64_t field = p.peb + (p.isa->ptr == 8 ? 0x38 : 0x1c);
  uint64_t cs = p.get_ptr(field);
  if (!cs) {
    static std::mutex m;
    std::lock_guard<std::mutex> g(m);
    if (!(cs = p.get_ptr(field))) {
      cs = p.heap.alloc(p.isa->critical_section.size, true);
      p.put_ptr(field, cs);
    }
  }
  return cs;
}
void RtlAcquirePebLock(WindowsProcess& p) { enter_critical_section(p, peb_lock(p)); }
void RtlReleasePebLock(WindowsProcess& p) { leave_critical_section(p, peb_lock(p)); }

// ---- the thread's transaction (TEB CurrentTransactionHandle: x64 0x17b8, i386 0xfac) ----

uint64_t transaction_field(WindowsProcess& p) { return p.teb() + (p.isa->ptr == 8 ? 0x17b8 : 0xfac); }
Ptr RtlGetCurrentTransaction(WindowsProcess& p) { return Ptr(p.get_ptr(transaction_field(p))); }
uint8_t RtlSetCurrentTransaction(WindowsProcess& p, Ptr h) {
  p.put_ptr(transaction_field(p), h.addr);
  return 1;
}

// Whether the process is ending (ExitProcess under way).
uint8_t RtlDllShutdownInProgress(WindowsProcess& p) { return p.stopping(); }

}  // namespace ntdll_misc_impl

const std::vector<Export>& ntdll_misc_exports() {
  using namespace ntdll_misc_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlInitializeHandleTable", RtlInitializeHandleTable),
      EXPORT("RtlAllocateHandle", RtlAllocateHandle),
      EXPORT("RtlFreeHandle", RtlFreeHandle),
      EXPORT("RtlIsValidHandle", RtlIsValidHandle),
      EXPORT("RtlIsValidIndexHandle", RtlIsValidIndexHandle),
      EXPORT("RtlDestroyHandleTable", RtlDestroyHandleTable),
      EXPORT("RtlIsProcessorFeaturePresent", ntdll_runtime::RtlIsProcessorFeaturePresent),
      EXPORT("NtQueryDefaultLocale", NtQueryDefaultLocale),
      EXPORT("NtQueryDefaultUILanguage", NtQueryDefaultUILanguage),
      EXPORT("NtQueryInstallUILanguage", NtQueryDefaultUILanguage),
      EXPORT("DbgPrint", DbgPrint),
      EXPORT("DbgPrintEx", DbgPrintEx),
      EXPORT("vDbgPrintEx", vDbgPrintEx),
      EXPORT("vDbgPrintExWithPrefix", vDbgPrintExWithPrefix),
      EXPORT("RtlAcquirePebLock", RtlAcquirePebLock),
      EXPORT("RtlReleasePebLock", RtlReleasePebLock),
      EXPORT("RtlGetCurrentTransaction", RtlGetCurrentTransaction),
      EXPORT("RtlSetCurrentTransaction", RtlSetCurrentTransaction),
      EXPORT("RtlDllShutdownInProgress", RtlDllShutdownInProgress),
  };
  return exports;
}

}  // namespace polyrun::shims
