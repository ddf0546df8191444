// Structured exception handling. What both ISAs share lives in core/seh.cpp (raising from a host
// call or a CPU trap, the unhandled-exception path, resuming at a CONTEXT); each ISA's dispatcher
// and unwinder is in its own file: core/seh_x64.cpp (.pdata/.xdata driven) and core/seh_i386.cpp
// (the fs:[0] registration chain). The exported functions over them are the DLLs' (KERNEL32's
// RaiseException, NTDLL's Rtl* functions and DbgBreakPoint, the compilers' frame handlers of NTDLL
// and the C runtime).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/core/shim.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims {

constexpr uint32_t kExceptionNoncontinuable = 1, kExceptionUnwinding = 2, kExceptionExitUnwind = 4,
                   kExceptionStackInvalid = 8, kExceptionTargetUnwind = 0x20;
constexpr uint32_t kStatusUnwind = 0xc0000027, kStatusBadStack = 0xc0000028, kStatusInvalidUnwindTarget = 0xc0000029;
// The exceptions CPU traps raise.
constexpr uint32_t kStatusAccessViolation = 0xc0000005, kStatusIllegalInstruction = 0xc000001d,
                   kStatusPrivilegedInstruction = 0xc0000096, kStatusBreakpoint = 0x80000003,
                   kStatusIntegerDivideByZero = 0xc0000094, kStatusIntegerOverflow = 0xc0000095,
                   kStatusStackOverflow = 0xc00000fd, kStatusSingleStep = 0x80000004,
                   kStatusDatatypeMisalignment = 0x80000002, kStatusArrayBoundsExceeded = 0xc000008c,
                   kStatusFloatDenormalOperand = 0xc000008d, kStatusFloatDivideByZero = 0xc000008e,
                   kStatusFloatInexactResult = 0xc000008f, kStatusFloatInvalidOperation = 0xc0000090,
                   kStatusFloatOverflow = 0xc0000091, kStatusFloatStackCheck = 0xc0000092,
                   kStatusFloatUnderflow = 0xc0000093, kStatusStackBufferOverrun = 0xc0000409,
                   kStatusAssertionFailure = 0xc0000420;
constexpr uint32_t kStatusNoMemory = 0xc0000017, kStatusHeapCorruption = 0xc0000374;
// EXCEPTION_DISPOSITION
constexpr int32_t kContinueExecution = 0, kContinueSearch = 1;

// One ISA's exception machinery.
struct SehRuntime {
  uint32_t context_size;
  // EXCEPTION_RECORD: code 0, flags 4, chained record 8, then these (pointer-sized parameters).
  uint32_t record_size, rec_address, rec_nparams, rec_info;
  // The CPU's registers into a CONTEXT; pc and sp are where the guest resumes.
  void (*capture)(WindowsProcess& p, uint64_t ctx, uint64_t pc, uint64_t sp);
  // Every register of the CPU from a CONTEXT.
  void (*restore)(WindowsProcess& p, const uint8_t* ctx);
  // Offers an exception raised at ctx to the guest's handlers. True: a handler asked to continue
  // execution at ctx. False: nobody handled it, or a handler unwound (restore_pending) or the
  // process ended.
  bool (*dispatch)(WindowsProcess& p, uint64_t rec, uint64_t ctx);
  // RtlUnwind(TargetFrame, TargetIp, ExceptionRecord, ReturnValue), called from the guest.
  void (*unwind)(WindowsProcess& p, uint64_t frame, uint64_t ip, uint64_t rec, uint64_t retval);
  // The CPU's breakpoint trap reports the pc after the breakpoint instruction; Windows reports the
  // exception, and resumes, this many bytes before it (x86: int3's one byte).
  uint32_t breakpoint_back;
  // The exception a divide error at pc raises (by zero, or an overflowing quotient).
  uint32_t (*divide_error)(WindowsProcess& p, uint64_t pc);
};

// x86 (core/seh_x86.cpp): the divide error's exception, from the instruction's divisor.
uint32_t x86_divide_error_code(WindowsProcess& p, uint64_t pc, bool long_mode);

const SehRuntime& seh_runtime_x64();
const SehRuntime& seh_runtime_i386();

// A zeroed EXCEPTION_RECORD in guest memory.
uint64_t new_exception_record(WindowsProcess& p, uint32_t code, uint32_t flags, uint64_t address,
                              const std::vector<uint64_t>& params);
uint64_t new_context(WindowsProcess& p);
// The guest resumes at ctx once every nested host call has returned.
void resume_at(WindowsProcess& p, uint64_t ctx);
// Raises an exception where the current host call returns to (its caller's frame), after the
// callee popped `popped` bytes of arguments; returns only if a handler continued execution.
void raise_from_host_call(WindowsProcess& p, uint32_t code, uint32_t flags, const std::vector<uint64_t>& params,
                          uint32_t popped);
// The bytes of stack arguments the host function F took off the program's stack (i386 stdcall's;
// none on x64): where its caller's frame is after the call.
template <auto F>
uint32_t popped_by(WindowsProcess& p) {
  return p.isa->api_convention == abi::Convention::Stdcall ? stack_bytes<F>() : 0;
}
// raise_from_host_call for the host function F the program called: after F's stack arguments are
// popped (a stdcall function that raises returns none).
template <auto F>
void raise_from_call_of(WindowsProcess& p, uint32_t code, uint32_t flags = 0, const std::vector<uint64_t>& params = {}) {
  raise_from_host_call(p, code, flags, params, popped_by<F>(p));
}
// No handler took the exception: the unhandled-exception filter, then the process ends.
void unhandled_exception(WindowsProcess& p, uint64_t rec, uint64_t ctx);
// The process ends by the exception of record `rec`, which no handler or filter sees
// (RaiseFailFastException, __fastfail): its code as exit status, one line on stderr saying which
// exception and where.
void end_by_exception(WindowsProcess& p, uint64_t rec);
// Ends the process at once with `code`, as Windows' fail-fast paths do (heap corruption): no
// handler, filter, atexit function or DLL detach runs and the C runtime's buffers are not flushed;
// one line on stderr says why. Takes no lock: callable from a direct call too.
[[noreturn]] void fail_fast(WindowsProcess& p, uint32_t code, const std::string& why);
// A CPU trap in guest code (access violation, illegal instruction, breakpoint, division error …)
// raised as the exception Windows raises for it, from the trapping instruction, through the same
// handlers as RaiseException. Returns with the CPU where the guest goes on (a handler continued or
// unwound), with restore_pending set for an enclosing host call, or with the process ended.
void raise_from_trap(WindowsProcess& p, const cpu::Trap& t);

// The vectored exception handlers (or continue handlers) AddVectoredExceptionHandler and
// AddVectoredContinueHandler registered (kernel32/runtime.cpp), as entry and handler, in the order
// they run; running them for an exception being raised: true when one of them says to continue
// execution with the (possibly edited) context.
std::vector<std::pair<uint64_t, uint64_t>>& vectored_list(WindowsProcess& p, bool continue_handlers);
bool call_vectored_handlers(WindowsProcess& p, uint64_t rec, uint64_t ctx, bool continue_handlers = false);

}  // namespace polyrun::shims
