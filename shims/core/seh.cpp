// The parts of exception handling both ISAs share: raising from a host call, resuming at a
// CONTEXT, the vectored handlers' part in the dispatch, the unhandled-exception path. The exports
// over them are the DLLs': RaiseException, RaiseFailFastException and DebugBreak KERNEL32's
// (kernel32/exceptions.cpp), DbgBreakPoint and the Rtl* functions NTDLL's (ntdll/exceptions.cpp).
#include "shims/core/seh.h"
#include "shims/core/nt_raise.h"

#include <atomic>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <sys/syscall.h>
#include <unistd.h>

#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/core/rtl_unhandled_filter.h"
#include "shims/core/shim.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

uint64_t new_exception_record(WindowsProcess& p, uint32_t code, uint32_t flags, uint64_t address,
                              const std::vector<uint64_t>& params) {
  const SehRuntime& rt = *p.isa->seh;
  uint64_t rec = p.heap.alloc(rt.record_size, true);
  put<uint32_t>(rec, code);
  put<uint32_t>(rec + 4, flags);
  p.put_ptr(rec + rt.rec_address, address);
  size_t n = std::min<size_t>(params.size(), 15);
  put<uint32_t>(rec + rt.rec_nparams, static_cast<uint32_t>(n));
  for (size_t i = 0; i < n; ++i) p.put_ptr(rec + rt.rec_info + i * p.isa->ptr, params[i]);
  return rec;
}

uint64_t new_context(WindowsProcess& p) { return p.heap.alloc(p.isa->seh->context_size, true); }

void resume_at(WindowsProcess& p, uint64_t ctx) {
  const auto* c = reinterpret_cast<const uint8_t*>(guest_pointer(ctx));
  p.restore_context().assign(c, c + p.isa->seh->context_size);
  p.restore_pending() = true;
  p.stop_guest();
}

namespace {

std::atomic<uint64_t> g_rtl_unhandled_filter{0};

// The program's unhandled-exception filter's verdict: -1 continue execution at ctx, 1 execute the
// handler (the process ends, as the program chose), 0 continue the search (no filter: 0). The
// filter RtlSetUnhandledExceptionFilter set takes the place of KERNEL32's UnhandledExceptionFilter,
// which calls the one SetUnhandledExceptionFilter set.
int32_t unhandled_filter_verdict(WindowsProcess& p, uint64_t rec, uint64_t ctx) {
  const uint64_t filter = g_rtl_unhandled_filter.load() ? g_rtl_unhandled_filter.load() : p.unhandled_filter;
  if (!filter) return 0;
  uint64_t ptrs = p.heap.alloc(2 * p.isa->ptr, true);
  p.put_ptr(ptrs, rec);
  p.put_ptr(ptrs + p.isa->ptr, ctx);
  int32_t r = static_cast<int32_t>(p.call_guest(filter, {ptrs}));
  p.heap.free(ptrs);
  return r < 0 ? -1 : r > 0 ? 1 : 0;
}

// The end of a process no handler saved: the exception code as exit status, and one line unless
// the program's filter chose this end.
void end_unhandled(WindowsProcess& p, uint64_t rec, int32_t verdict) {
  uint32_t code = get<uint32_t>(rec);
  if (verdict == 1) {
    p.onexit.clear();
    p.terminate(static_cast<int>(code));
    return;
  }
  std::string what;
  if ((code == kStatusAccessViolation || code == kStatusStackOverflow) && get<uint32_t>(rec + p.isa->seh->rec_nparams) >= 2) {
    uint64_t kind = p.get_ptr(rec + p.isa->seh->rec_info), addr = p.get_ptr(rec + p.isa->seh->rec_info + p.isa->ptr);
    char b[96];
    std::snprintf(b, sizeof b, " (%s %s 0x%llx)", code == kStatusAccessViolation ? "access violation" : "stack overflow",
                  kind == 1 ? "writing" : kind == 8 ? "executing" : "reading", static_cast<unsigned long long>(addr));
    what = b;
  }
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: unhandled exception 0x%08x at 0x%llx%s\n", code,
               static_cast<unsigned long long>(p.get_ptr(rec + p.isa->seh->rec_address)), what.c_str());
  p.onexit.clear();
  p.terminate(static_cast<int>(code));
}

// What follows when no handler took an exception: the program's unhandled-exception filter (as
// the thread's outermost frame calls it on Windows), then the vectored continue handlers, as a
// handled exception's are and as the last chance otherwise (Go's runtime prints its crash report
// from one). -1: continue at ctx; 1: the filter chose the end; 0: the end.
int32_t last_chance(WindowsProcess& p, uint64_t rec, uint64_t ctx) {
  // A dispatch stopped by an invalid registration record (i386) never reaches the thread's
  // outermost frame, whose filter calls the unhandled-exception filter: the end.
  if (get<uint32_t>(rec + 4) & kExceptionStackInvalid) return 0;
  int32_t verdict = unhandled_filter_verdict(p, rec, ctx);
  if (verdict == 1 || p.exited || p.restore_pending()) return verdict;
  bool continued = call_vectored_handlers(p, rec, ctx, true);
  return verdict == -1 || continued ? -1 : 0;
}

}  // namespace

void set_rtl_unhandled_filter(uint64_t filter) { g_rtl_unhandled_filter.store(filter); }

void fail_fast(WindowsProcess& p, uint32_t code, const std::string& why) {
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: %s: the process ends with 0x%08x\n", why.c_str(), code);
  std::fflush(nullptr);
  if (p.exit_report) {  // for a Windows parent's GetExitCodeProcess
    p.exit_report->page->exit_code.store(code);
    p.exit_report->page->exit_set.store(1);
  }
  ::syscall(SYS_exit_group, static_cast<int>(code & 0xff));
  __builtin_unreachable();
}

void unhandled_exception(WindowsProcess& p, uint64_t rec, uint64_t ctx) {
  int32_t verdict = last_chance(p, rec, ctx);
  if (p.exited || p.restore_pending()) return;
  if (verdict == -1) resume_at(p, ctx);
  else end_unhandled(p, rec, verdict);
}

// Exceptions raised while handlers of others run, at most (each dispatch nests a run of the
// engine, whose nesting is bounded: Unicorn's 64 levels).
constexpr size_t kMaxNestedRaises = 16;

// ---- vectored exception and continue handlers ----
// Exception handlers run before the frame-based handlers; continue handlers run once the exception
// is dealt with — handled (a handler said to continue execution) or not handled by anything (the
// last chance before the unhandled-exception filter), as Go's runtime relies on.

std::vector<std::pair<uint64_t, uint64_t>>& vectored_list(WindowsProcess& p, bool continue_handlers) {
  return continue_handlers ? p.vectored_continue_handlers : p.vectored_handlers;
}

bool call_vectored_handlers(WindowsProcess& p, uint64_t rec, uint64_t ctx, bool continue_handlers) {
  const auto handlers = vectored_list(p, continue_handlers);  // a copy: a handler may remove itself
  if (handlers.empty()) return false;
  uint64_t ptrs = p.heap.alloc(2 * p.isa->ptr, true);
  p.put_ptr(ptrs, rec);
  p.put_ptr(ptrs + p.isa->ptr, ctx);
  bool resume = false;
  for (const auto& [entry, fn] : handlers) {
    int32_t r = static_cast<int32_t>(p.call_guest(fn, {ptrs}));
    if (p.exited || p.restore_pending()) break;
    if (r == -1) {  // EXCEPTION_CONTINUE_EXECUTION
      resume = true;
      break;
    }
  }
  p.heap.free(ptrs);
  return resume;
}

// RtlDispatchException's order: the vectored exception handlers, then the frame-based handlers;
// the vectored continue handlers run once either said to continue execution. False: not handled.
static bool dispatch_exception(WindowsProcess& p, uint64_t rec, uint64_t ctx) {
  bool continued = call_vectored_handlers(p, rec, ctx);
  if (!continued && !p.exited && !p.restore_pending()) continued = p.isa->seh->dispatch(p, rec, ctx);
  if (continued && !p.exited && !p.restore_pending()) call_vectored_handlers(p, rec, ctx, true);
  return continued;
}

void raise_from_trap(WindowsProcess& p, const cpu::Trap& t) {
  const SehRuntime& rt = *p.isa->seh;
  if (p.exited) return;
  if (t.kind != cpu::TrapKind::Interrupted && p.raises().size() >= kMaxNestedRaises) {
    // Handlers that fault again and again: Windows runs out of stack for the records and ends
    // the process; so does polyrun, with the stack-overflow code.
    end_unhandled(p, new_exception_record(p, kStatusStackOverflow, kExceptionNoncontinuable, t.pc, {}), 0);
    return;
  }
  uint32_t code = 0;
  uint64_t pc = t.pc;
  std::vector<uint64_t> params;
  switch (t.kind) {
    case cpu::TrapKind::MemoryFault: {
      // ExceptionInformation: 0 read, 1 write, 8 execute (DEP); the address.
      uint64_t kind = t.access == cpu::Access::Write ? 1 : t.access == cpu::Access::Fetch ? 8 : 0;
      params = {kind, t.fault_addr};
      code = kStatusAccessViolation;
      // The stack's guard region (below its committed part): a stack overflow, and the region becomes
      // the stack the handlers run on (as Windows gives them the guard page).
      if (p.thread().stack_guard && t.fault_addr >= p.thread().stack_guard && t.fault_addr < p.thread().stack_limit) {
        code = kStatusStackOverflow;
        p.memory.protect(p.thread().stack_guard, p.thread().stack_limit - p.thread().stack_guard, mem::kRead | mem::kWrite);
        // The TEB's StackLimit moves down over it, as when Windows commits a stack's guard page
        // (the i386 dispatcher accepts registration records down to it).
        p.put_ptr(p.teb() + p.isa->teb.stack_limit, p.thread().stack_guard);
        p.thread().stack_guard = 0;
      }
      break;
    }
    case cpu::TrapKind::IllegalInstruction: code = kStatusIllegalInstruction; break;
    case cpu::TrapKind::PrivilegedInstruction: code = kStatusPrivilegedInstruction; break;
    case cpu::TrapKind::SoftwareInterrupt:
      // `int N` from user mode is a general protection fault, except the vectors Windows gives
      // user code: 0x29 __fastfail (the process ends, no handler runs), 0x2c an assertion
      // failure, 0x2d a debug service call (a breakpoint after it).
      if (t.code == 0x29) {
        uint64_t rec = new_exception_record(p, kStatusStackBufferOverrun, kExceptionNoncontinuable, pc,
                                            {p.cpu().reg(cpu::x86::RCX)});
        end_unhandled(p, rec, 0);
        return;
      }
      if (t.code == 0x2c) {
        code = kStatusAssertionFailure;
        break;
      }
      if (t.code == 0x2d) {
        code = kStatusBreakpoint;
        pc += 2;
        params = {p.cpu().reg(cpu::x86::RAX)};
        break;
      }
      [[fallthrough]];
    case cpu::TrapKind::ProtectionFault:
      // A general protection fault (and #NP, #SS, #TS, #DF): an access violation reading the
      // address all ones, as Windows reports it.
      code = kStatusAccessViolation;
      params = {0, p.isa->ptr == 4 ? 0xffffffffull : ~0ull};
      break;
    case cpu::TrapKind::Overflow: code = kStatusIntegerOverflow; break;
    case cpu::TrapKind::BoundRange: code = kStatusArrayBoundsExceeded; break;
    case cpu::TrapKind::SingleStep: code = kStatusSingleStep; break;
    case cpu::TrapKind::AlignmentFault: code = kStatusDatatypeMisalignment; break;
    case cpu::TrapKind::FloatingPoint:
      // One code for the first pending exception, in the order Windows checks them.
      code = t.code & 0x40   ? kStatusFloatStackCheck
             : t.code & 1    ? kStatusFloatInvalidOperation
             : t.code & 4    ? kStatusFloatDivideByZero
             : t.code & 2    ? kStatusFloatDenormalOperand
             : t.code & 8    ? kStatusFloatOverflow
             : t.code & 0x10 ? kStatusFloatUnderflow
                             : kStatusFloatInexactResult;
      break;
    case cpu::TrapKind::Breakpoint:
      code = kStatusBreakpoint;
      pc -= rt.breakpoint_back;
      params = {0};  // BREAKPOINT_BREAK
      break;
    case cpu::TrapKind::DivideError: code = rt.divide_error(p, pc); break;
    case cpu::TrapKind::Interrupted:
      // Between two blocks, and nothing runs on this thread's engine meanwhile: SuspendThread,
      // TerminateThread or a console control event (whose handlers run on a thread of their own).
      serve_interrupt(p);
      return;
    default: {
      std::fflush(stdout);
      std::fprintf(stderr, "polyrun: the CPU engine stopped at pc=0x%llx: %s\n", static_cast<unsigned long long>(t.pc),
                   t.detail.c_str());
      p.terminate(128 + 6);
      return;
    }
  }
  uint64_t rec = new_exception_record(p, code, 0, pc, params);
  // No stack to run the handlers on (the program wrecked its stack pointer): Windows cannot deliver
  // the exception and ends the process.
  const uint64_t sp = p.cpu().reg(cpu::x86::RSP) & (p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  if (!p.stack_usable(sp, 0x100)) {
    end_unhandled(p, rec, 0);
    return;
  }
  uint64_t ctx = new_context(p);
  rt.capture(p, ctx, pc, p.cpu().reg(cpu::x86::RSP));
  // The dispatch is a host call of its own (KiUserExceptionDispatcher's place): what the handlers
  // call nests inside it.
  const int depth = p.hook_depth();
  ++p.hook_depth();
  p.raises().push_back({rec, ctx});
  bool continued = dispatch_exception(p, rec, ctx);
  if (!continued && !p.exited && !p.restore_pending()) {
    int32_t verdict = last_chance(p, rec, ctx);
    if (verdict == -1) continued = true;
    else if (!p.exited && !p.restore_pending()) end_unhandled(p, rec, verdict);
  }
  p.raises().pop_back();
  p.hook_depth() = depth;
  if (!p.exited) {
    if (continued) {
      p.restore_pending() = false;
      rt.restore(p, reinterpret_cast<const uint8_t*>(guest_pointer(ctx)));
    } else if (p.restore_pending() && depth == 0) {  // unwound to a handler: resume there now
      p.restore_pending() = false;
      rt.restore(p, p.restore_context().data());
    }
  }
  p.heap.free(ctx);
  p.heap.free(rec);
}

void raise_from_host_call(WindowsProcess& p, uint32_t code, uint32_t flags, const std::vector<uint64_t>& params,
                          uint32_t popped) {
  const SehRuntime& rt = *p.isa->seh;
  auto frame = abi::make_frame(p.isa->api_convention, p.cpu());
  uint64_t ret = frame->return_address();
  uint64_t caller_sp = p.cpu().reg(cpu::x86::RSP) + p.isa->ptr + popped;
  uint64_t rec = new_exception_record(p, code, flags & kExceptionNoncontinuable, ret, params);
  uint64_t ctx = new_context(p);
  rt.capture(p, ctx, ret, caller_sp);
  p.raises().push_back({rec, ctx});
  bool continued = dispatch_exception(p, rec, ctx);
  if (continued && (flags & kExceptionNoncontinuable)) continued = false;
  if (continued) resume_at(p, ctx);
  else if (!p.exited && !p.restore_pending()) unhandled_exception(p, rec, ctx);
  p.raises().pop_back();
}

void end_by_exception(WindowsProcess& p, uint64_t rec) { end_unhandled(p, rec, 0); }

void raise_at_context(WindowsProcess& p, uint64_t rec, uint64_t ctx, bool first_chance) {
  p.raises().push_back({rec, ctx});
  bool continued = first_chance && dispatch_exception(p, rec, ctx);
  if (continued && (get<uint32_t>(rec + 4) & kExceptionNoncontinuable)) continued = false;
  if (continued) resume_at(p, ctx);
  else if (!p.exited && !p.restore_pending()) {
    if (first_chance) unhandled_exception(p, rec, ctx);
    else end_unhandled(p, rec, 0);
  }
  p.raises().pop_back();
}

}  // namespace polyrun::shims
