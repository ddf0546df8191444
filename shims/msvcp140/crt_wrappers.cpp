// MSVCP140.dll's __crt* functions: the STL's ways to KERNEL32's functions of Windows Vista and
// later (events and semaphores with access masks, the thread pool's timers and waits,
// InitializeCriticalSectionEx, GetTickCount64 …), which MSVCP140 calls directly where those exist,
// as they always do here; the string comparisons and mappings of a locale (__crtCompareString,
// __crtLCMapString: KERNEL32's CompareString and LCMapString, their first six arguments; the code
// page and flag after them are not read); and Concurrency::details::platform::GetCurrentThreadId.
//
// Each is KERNEL32's own function served with this DLL's convention (cdecl on i386: the caller pops
// the arguments), its arguments read from the same slots: the call goes to the KERNEL32 export's
// marshalling as it stands.
#include <cstdio>
#include <cstdlib>

#include "shims/core/shim.h"
#include "shims/kernel32/exports.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

// Serves the call as KERNEL32's function `Name` (found at its first use: the tables are built
// before any call, in no set order).
template <const char* Name>
void kernel32_call(WindowsProcess& p, abi::CallFrame& f) {
  static const Export* e = kKernel32.find(Name);
  if (!e || !e->call) {
    std::fprintf(stderr, "polyrun: internal error: KERNEL32.dll has no %s for MSVCP140.dll\n", Name);
    std::abort();
  }
  e->call(p, f);
}

#define KERNEL32_NAME(fn) constexpr char k##fn[] = #fn;
KERNEL32_NAME(CloseThreadpoolTimer)
KERNEL32_NAME(CloseThreadpoolWait)
KERNEL32_NAME(CompareStringA)
KERNEL32_NAME(CompareStringW)
KERNEL32_NAME(CreateEventExW)
KERNEL32_NAME(CreateSemaphoreExW)
KERNEL32_NAME(CreateThreadpoolTimer)
KERNEL32_NAME(CreateThreadpoolWait)
KERNEL32_NAME(FlushProcessWriteBuffers)
KERNEL32_NAME(FreeLibraryWhenCallbackReturns)
KERNEL32_NAME(GetCurrentProcessorNumber)
KERNEL32_NAME(GetCurrentThreadId)
KERNEL32_NAME(GetTickCount64)
KERNEL32_NAME(InitializeCriticalSectionEx)
KERNEL32_NAME(LCMapStringA)
KERNEL32_NAME(LCMapStringW)
KERNEL32_NAME(SetThreadpoolTimer)
KERNEL32_NAME(SetThreadpoolWait)
KERNEL32_NAME(WaitForThreadpoolTimerCallbacks)
#undef KERNEL32_NAME

// An export of this DLL that is KERNEL32's function `kernel32_name`.
#define AS_KERNEL32(name, fn) ::polyrun::shims::Export{name, &kernel32_call<k##fn>, 0, nullptr}

}  // namespace

const std::vector<Export>& crt_wrapper_exports() {
  static const std::vector<Export> e = {
      AS_KERNEL32("__crtCloseThreadpoolTimer", CloseThreadpoolTimer),
      AS_KERNEL32("__crtCloseThreadpoolWait", CloseThreadpoolWait),
      AS_KERNEL32("__crtCompareStringA", CompareStringA),
      AS_KERNEL32("__crtCompareStringW", CompareStringW),
      AS_KERNEL32("__crtCreateEventExW", CreateEventExW),
      AS_KERNEL32("__crtCreateSemaphoreExW", CreateSemaphoreExW),
      AS_KERNEL32("__crtCreateThreadpoolTimer", CreateThreadpoolTimer),
      AS_KERNEL32("__crtCreateThreadpoolWait", CreateThreadpoolWait),
      AS_KERNEL32("__crtFlushProcessWriteBuffers", FlushProcessWriteBuffers),
      AS_KERNEL32("__crtFreeLibraryWhenCallbackReturns", FreeLibraryWhenCallbackReturns),
      AS_KERNEL32("__crtGetCurrentProcessorNumber", GetCurrentProcessorNumber),
      AS_KERNEL32("__crtGetTickCount64", GetTickCount64),
      AS_KERNEL32("__crtInitializeCriticalSectionEx", InitializeCriticalSectionEx),
      AS_KERNEL32("__crtLCMapStringA", LCMapStringA),
      AS_KERNEL32("__crtLCMapStringW", LCMapStringW),
      AS_KERNEL32("__crtSetThreadpoolTimer", SetThreadpoolTimer),
      AS_KERNEL32("__crtSetThreadpoolWait", SetThreadpoolWait),
      AS_KERNEL32("__crtWaitForThreadpoolTimerCallbacks", WaitForThreadpoolTimerCallbacks),
      AS_KERNEL32("?GetCurrentThreadId@platform@details@Concurrency@@YAJXZ", GetCurrentThreadId),
  };
  return e;
}

#undef AS_KERNEL32

}  // namespace msvcp

}  // namespace polyrun::shims
