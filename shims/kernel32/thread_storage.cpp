// KERNEL32.dll: Fiber-local storage, thread-local storage (TEB.TlsSlots) and the Interlocked functions.
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/fiber_storage.h"

namespace polyrun::shims {

namespace {

// ---- fiber-local storage, interlocked operations (atomic: every call holds the execution lock) ----

// FLS indexes are the process's, each with its callback (run at a thread's end for a value it
// leaves set); the values are each thread's (one fiber per thread): NTDLL's Rtl*Fls* work
// (ntdll/fiber_storage.cpp).
uint32_t FlsAlloc(WindowsProcess& p, Ptr callback) {
  uint32_t index = 0;
  ntdll_fls::alloc(p, callback.addr, &index);
  return index;
}
Ptr FlsGetValue(WindowsProcess& p, uint32_t index) {
  uint64_t value = 0;
  if (ntdll_fls::get(p, index, &value)) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  p.set_last_error(0);
  return Ptr(value);
}
// FlsGetValue2 (Windows 11 24H2's, which current C runtimes look up): the same value, without
// checking the index or touching the last error.
Ptr FlsGetValue2(WindowsProcess& p, uint32_t index) {
  auto& fls = p.thread().fls;
  return Ptr(index < fls.size() ? fls[index] : 0);
}
BOOL FlsSetValue(WindowsProcess& p, uint32_t index, Ptr value) {
  return ntdll_fls::set(p, index, value.addr) ? fail(p, ERROR_INVALID_PARAMETER) : TRUE;
}
BOOL FlsFree(WindowsProcess& p, uint32_t index) {
  return ntdll_fls::free(p, index) ? fail(p, ERROR_INVALID_PARAMETER) : TRUE;
}

// i386's KERNEL32 exports the Interlocked family (x64 code has only the compiler's intrinsics):
// host atomics on the guest's word, sequentially consistent as a `lock`-prefixed instruction, so
// they are atomic with the program's own locked instructions on every other thread.
int32_t* word32(Ptr v) { return v.as<int32_t>(); }
int32_t InterlockedIncrement(WindowsProcess&, Ptr v) { return __atomic_add_fetch(word32(v), 1, __ATOMIC_SEQ_CST); }
int32_t InterlockedDecrement(WindowsProcess&, Ptr v) { return __atomic_sub_fetch(word32(v), 1, __ATOMIC_SEQ_CST); }
int32_t InterlockedExchange(WindowsProcess&, Ptr v, int32_t x) { return __atomic_exchange_n(word32(v), x, __ATOMIC_SEQ_CST); }
int32_t InterlockedExchangeAdd(WindowsProcess&, Ptr v, int32_t x) { return __atomic_fetch_add(word32(v), x, __ATOMIC_SEQ_CST); }
int32_t InterlockedCompareExchange(WindowsProcess&, Ptr v, int32_t x, int32_t cmp) {
  __atomic_compare_exchange_n(word32(v), &cmp, x, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return cmp;  // the value found: cmp when it matched, else what was there
}
int64_t InterlockedCompareExchange64(WindowsProcess&, Ptr v, int64_t x, int64_t cmp) {
  __atomic_compare_exchange_n(v.as<int64_t>(), &cmp, x, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return cmp;
}

// ---- TLS (TEB.TlsSlots, 64 slots, each thread its own) ----

uint64_t tls_slot(WindowsProcess& p, uint32_t index) { return p.teb() + p.isa->teb.tls_slots + index * p.isa->ptr; }

uint32_t TlsAlloc(WindowsProcess& p) {
  for (uint32_t i = 0; i < 64; ++i)
    if (!(p.tls_used >> i & 1)) {
      p.tls_used |= 1ull << i;
      for (const auto& t : p.threads)  // a new index starts out null in every thread
        if (t->teb) p.put_ptr(t->teb + p.isa->teb.tls_slots + i * p.isa->ptr, 0);
      return i;
    }
  return 0xffffffffu;  // TLS_OUT_OF_INDEXES
}

Ptr TlsGetValue(WindowsProcess& p, uint32_t index) {
  if (index >= 64) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  p.set_last_error(0);
  return Ptr(p.get_ptr(tls_slot(p, index)));
}

BOOL TlsSetValue(WindowsProcess& p, uint32_t index, Ptr value) {
  if (index >= 64) return fail(p, ERROR_INVALID_PARAMETER);
  p.put_ptr(tls_slot(p, index), value.addr);
  return TRUE;
}

BOOL TlsFree(WindowsProcess& p, uint32_t index) {
  if (index >= 64 || !(p.tls_used >> index & 1)) return fail(p, ERROR_INVALID_PARAMETER);
  p.tls_used &= ~(1ull << index);
  return TRUE;
}

}  // namespace
const std::vector<Export>& kernel32_thread_storage_exports() {
  static const std::vector<Export> exports = {
          EXPORT("FlsAlloc", FlsAlloc),
          EXPORT("FlsGetValue", FlsGetValue),
          EXPORT("FlsGetValue2", FlsGetValue2),
          EXPORT("FlsSetValue", FlsSetValue),
          EXPORT("FlsFree", FlsFree),
          EXPORT("InterlockedIncrement", InterlockedIncrement),
          EXPORT("InterlockedDecrement", InterlockedDecrement),
          EXPORT("InterlockedExchange", InterlockedExchange),
          EXPORT("InterlockedExchangeAdd", InterlockedExchangeAdd),
          EXPORT("InterlockedCompareExchange", InterlockedCompareExchange),
          EXPORT("InterlockedCompareExchange64", InterlockedCompareExchange64),
          EXPORT("TlsAlloc", TlsAlloc),
          EXPORT("TlsGetValue", TlsGetValue),
          EXPORT("TlsSetValue", TlsSetValue),
          EXPORT("TlsFree", TlsFree),
          // (Names of KernelBase's that Windows' KERNEL32 exports for the same two functions.)
          EXPORT("TlsAllocInternal", TlsAlloc),
          EXPORT("TlsFreeInternal", TlsFree),
  };
  return exports;
}

}  // namespace polyrun::shims
