// KERNEL32's functions that raise exceptions: RaiseException, RaiseFailFastException and DebugBreak,
// over core's exception machinery (core/seh.cpp: raising from a host call, the dispatch, the end of
// a process no handler saves). The exception filters, vectored handlers and error modes are
// runtime.cpp's; the Rtl* functions KERNEL32 exports too are NTDLL's (ntdll/exceptions.cpp).
#include <algorithm>
#include <vector>

#include "shims/core/seh.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

void RaiseException(WindowsProcess& p, uint32_t code, uint32_t flags, uint32_t nargs, Ptr args) {
  std::vector<uint64_t> params;
  for (uint32_t i = 0; args && i < std::min<uint32_t>(nargs, 15); ++i) params.push_back(p.get_ptr(args.addr + i * p.isa->ptr));
  uint32_t popped = p.isa->api_convention == abi::Convention::Stdcall ? stack_bytes<&RaiseException>() : 0;
  raise_from_host_call(p, code, flags, params, popped);
}

// DebugBreak (as NTDLL's DbgBreakPoint): its thunk is `int3; ret`, so the breakpoint exception
// (STATUS_BREAKPOINT, BREAKPOINT_BREAK) is raised by the program's CPU at the function's own address,
// as Windows' function raises it: a handler that steps over the int3 returns to the caller; with no
// handler the program ends with 0x80000003 and one line. Called from polyrun itself, the same
// exception at the caller.
void DebugBreak(WindowsProcess& p) { raise_from_host_call(p, kStatusBreakpoint, 0, {0}, 0); }

// RaiseFailFastException: the process ends at once, no handler runs (as __fastfail): with the
// record's code, or STATUS_FAIL_FAST_EXCEPTION without a record, and one line.
void RaiseFailFastException(WindowsProcess& p, Ptr rec, Ptr, uint32_t) {
  constexpr uint32_t kStatusFailFastException = 0xc0000602;
  const uint64_t at = current_caller(p);
  if (rec && !p.get_ptr(rec.addr + p.isa->seh->rec_address)) p.put_ptr(rec.addr + p.isa->seh->rec_address, at);
  end_by_exception(p, rec ? rec.addr : new_exception_record(p, kStatusFailFastException, kExceptionNoncontinuable, at, {}));
}

}  // namespace

const std::vector<Export>& kernel32_exception_exports() {
  static const std::vector<Export> exports = {
      EXPORT("RaiseException", RaiseException),
      EXPORT("RaiseFailFastException", RaiseFailFastException),
      EXPORT_BREAKPOINT("DebugBreak", DebugBreak),
  };
  return exports;
}

}  // namespace polyrun::shims
