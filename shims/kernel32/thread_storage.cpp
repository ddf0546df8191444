// KERNEL32.dll: Fiber-local storage, thread-local storage (TEB.TlsSlots) and the Interlocked functions.
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

// ---- fiber-local storage, interlocked operations (atomic: every call holds the execution lock) ----

// FLS indexes are the process's, each with its callback (run at a thread's end for a value it
// leaves set); the values are each thread's (one fiber per thread).
uint32_t FlsAlloc(WindowsProcess& p, Ptr callback) {
  p.fls_callbacks.push_back(callback.addr);
  return static_cast<uint32_t>(p.fls_callbacks.size() - 1);
}
Ptr FlsGetValue(WindowsProcess& p, uint32_t index) {
  if (index >= p.fls_callbacks.size()) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  p.set_last_error(0);
  auto& fls = p.thread().fls;
  return Ptr(index < fls.size() ? fls[index] : 0);
}
// FlsGetValue2 (Windows 11 24H2's, which current C runtimes look up): the same value, without
// checking the index or touching the last error.
Ptr FlsGetValue2(WindowsProcess& p, uint32_t index) {
  auto& fls = p.thread().fls;
  return Ptr(index < fls.size() ? fls[index] : 0);
}
BOOL FlsSetValue(WindowsProcess& p, uint32_t index, Ptr value) {
  if (index >= p.fls_callbacks.size()) return fail(p, ERROR_INVALID_PARAMETER);
  auto& fls = p.thread().fls;
  if (fls.size() <= index) fls.resize(index + 1);
  fls[index] = value.addr;
  return TRUE;
}
// FlsFree: the slot's callback runs for the calling thread's value (if set); every thread's value
// is cleared and the index is no longer valid for the callback.
BOOL FlsFree(WindowsProcess& p, uint32_t index) {
  if (index >= p.fls_callbacks.size()) return fail(p, ERROR_INVALID_PARAMETER);
  uint64_t callback = p.fls_callbacks[index];
  p.fls_callbacks[index] = 0;
  auto& mine = p.thread().fls;
  uint64_t value = index < mine.size() ? mine[index] : 0;
  for (const auto& t : p.threads)
    if (index < t->fls.size()) t->fls[index] = 0;
  if (value && callback) p.call_guest(callback, {value});
  return TRUE;
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
  };
  return exports;
}

}  // namespace polyrun::shims
