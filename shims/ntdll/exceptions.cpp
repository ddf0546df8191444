// NTDLL's exception functions: RtlUnwind, RtlCaptureContext, RtlCaptureStackBackTrace, and x64's
// RtlUnwindEx, RtlVirtualUnwind, RtlLookupFunctionEntry and the function tables a program registers
// for code it makes at run time; x64's __C_specific_handler, the C compilers' frame handler; and
// DbgBreakPoint (DbgUserBreakPoint). KERNEL32 exports the Rtl* functions and __C_specific_handler too, and the C runtime
// __C_specific_handler (ntdll/ntdll.h), as Windows' forward them here. The machinery is core's, which
// exception dispatch itself goes through: each ISA's SehRuntime (core/seh.h) and the x64 unwinder
// (core/seh_x64.h).
#include <algorithm>
#include <vector>

#include "abi/call_frame.h"
#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/core/rtl_unhandled_filter.h"
#include "shims/core/nt_raise.h"
#include "shims/core/nt_status.h"
#include "shims/core/seh.h"
#include "shims/core/seh_x64.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace {

void RtlUnwind(WindowsProcess& p, Ptr frame, Ptr ip, Ptr rec, Ptr retval) {
  p.isa->seh->unwind(p, frame.addr, ip.addr, rec.addr, retval.addr);
}
void RtlCaptureContext(WindowsProcess& p, Ptr ctx) {
  auto frame = abi::make_frame(p.isa->api_convention, p.cpu());
  p.isa->seh->capture(p, ctx.addr, frame->return_address(),
                      p.cpu().reg(cpu::x86::RSP) + p.isa->ptr + popped_by<&RtlCaptureContext>(p));
}

// RtlCaptureStackBackTrace(skip, count, out, hash): the return addresses of the calling thread's
// frames, its caller's first, after `skip` of them; their sum in *hash. x64 walks the frames as
// exception dispatch does (the images' unwind data); i386 follows the chain of frame pointers, as
// Windows' does, while it stays on the thread's stack.
uint16_t RtlCaptureStackBackTrace(WindowsProcess& p, uint32_t skip, uint32_t count, Ptr out, Ptr hash) {
  auto frame = abi::make_frame(p.isa->api_convention, p.cpu());
  std::vector<uint64_t> pcs;
  const uint32_t want = std::min<uint32_t>(skip + count, 0xffff);
  if (p.isa->ptr == 8) {
    const uint64_t ctx = new_context(p);
    p.isa->seh->capture(p, ctx, frame->return_address(), p.cpu().reg(cpu::x86::RSP) + 8);
    do {
      const uint64_t pc = get<uint64_t>(ctx + 0xf8);  // CONTEXT.Rip
      if (!pc) break;
      pcs.push_back(pc);
    } while (pcs.size() < want && seh_x64::step(p, ctx));
    p.heap.free(ctx);
  } else {
    pcs.push_back(frame->return_address());
    uint64_t ebp = p.cpu().reg(cpu::x86::RBP) & 0xffffffffu;
    while (pcs.size() < want && ebp && p.stack_usable(ebp, 8)) {
      const uint64_t ret = get<uint32_t>(ebp + 4), next = get<uint32_t>(ebp);
      if (!ret) break;
      pcs.push_back(ret);
      if (next <= ebp) break;  // frames only go up the stack
      ebp = next;
    }
  }
  uint64_t sum = 0;
  uint16_t n = 0;
  for (size_t i = skip; i < pcs.size() && n < count; ++i, ++n) {
    p.put_ptr(out.addr + n * p.isa->ptr, pcs[i]);
    sum += pcs[i];
  }
  if (hash) put<uint32_t>(hash.addr, static_cast<uint32_t>(sum));
  return n;
}

void RtlUnwindEx(WindowsProcess& p, Ptr target_frame, Ptr target_ip, Ptr record, Ptr retval, Ptr context, Ptr) {
  seh_x64::unwind_ex(p, target_frame.addr, target_ip.addr, record.addr, retval.addr, context.addr);
}

Ptr RtlVirtualUnwind(WindowsProcess&, uint32_t type, Ptr base, Ptr pc, Ptr fe, Ptr ctx, Ptr data_out, Ptr frame_out,
                     Ptr pointers) {
  uint64_t data = 0, est = 0;
  uint64_t h = seh_x64::virtual_unwind(type, base.addr, pc.addr, fe.addr, ctx.addr, &data, &est, pointers.addr);
  if (data_out) put<uint64_t>(data_out.addr, data);
  if (frame_out) put<uint64_t>(frame_out.addr, est);
  return Ptr(h);
}

Ptr RtlLookupFunctionEntry(WindowsProcess& p, Ptr pc, Ptr base_out, Ptr) {
  uint64_t base = 0;
  uint64_t fe = seh_x64::function_entry(p, pc.addr, &base);
  if (fe && base_out) put<uint64_t>(base_out.addr, base);
  return Ptr(fe);
}

// RtlAddFunctionTable(table, count, base): the range the entries cover; RtlDeleteFunctionTable by
// the same table.
uint8_t RtlAddFunctionTable(WindowsProcess&, Ptr table, uint32_t count, uint64_t base) {
  return seh_x64::add_function_table(table.addr, count, base) ? 1 : 0;
}
// RtlSetUnhandledExceptionFilter: the filter the thread's outermost frame calls for an exception no
// handler took, in place of KERNEL32's (core/rtl_unhandled_filter.h).
void RtlSetUnhandledExceptionFilter(WindowsProcess&, Ptr filter) { set_rtl_unhandled_filter(filter.addr); }

uint8_t RtlDeleteFunctionTable(WindowsProcess&, Ptr table) { return seh_x64::delete_function_table(table.addr) ? 1 : 0; }
// RtlInstallFunctionTableCallback(identifier, base, length, callback, context, out-of-process DLL):
// the callback gives the entries of [base, base + length) as they are asked for (the DLL is for
// debuggers reading the process from outside: none here).
uint8_t RtlInstallFunctionTableCallback(WindowsProcess&, uint64_t identifier, uint64_t base, uint32_t length, Ptr callback,
                                        Ptr context, Ptr) {
  return seh_x64::install_function_table_callback(identifier, base, length, callback.addr, context.addr) ? 1 : 0;
}
// RtlAddGrowableFunctionTable(&handle, table, count, maximum, range base, range end): the entries
// are relative to the range's base.
uint32_t RtlAddGrowableFunctionTable(WindowsProcess&, Ptr handle, Ptr table, uint32_t count, uint32_t max, uint64_t begin,
                                     uint64_t end) {
  if (!handle || count > max || begin >= end) return 0xc000000d;  // STATUS_INVALID_PARAMETER
  put<uint64_t>(handle.addr, seh_x64::add_growable_function_table(table.addr, count, max, begin, end));
  return 0;
}
void RtlGrowFunctionTable(WindowsProcess&, Ptr handle, uint32_t count) { seh_x64::grow_function_table(handle.addr, count); }
void RtlDeleteGrowableFunctionTable(WindowsProcess&, Ptr handle) { seh_x64::delete_growable_function_table(handle.addr); }

// DbgBreakPoint: its thunk is `int3; ret` (EXPORT_BREAKPOINT), so the breakpoint exception
// (STATUS_BREAKPOINT, BREAKPOINT_BREAK) is raised by the program's CPU at the function's own address,
// as Windows' function raises it: a handler that steps over the int3 returns to the caller; with no
// handler the program ends with 0x80000003 and one line. Called from polyrun itself, the same
// exception at the caller.
void DbgBreakPoint(WindowsProcess& p) { raise_from_host_call(p, kStatusBreakpoint, 0, {0}, 0); }

// x64's C compilers' handler for __try/__except/__finally scopes, as Windows' NTDLL exports it
// (KERNEL32's and the C runtime's are this one: ntdll/ntdll.h). HandlerData is a scope table:
// a count, then {BeginAddress, EndAddress, HandlerAddress, JumpTarget} RVAs per scope; a scope
// with JumpTarget 0 is a __finally, HandlerAddress 1 an EXCEPTION_EXECUTE_HANDLER filter.
int32_t __C_specific_handler(WindowsProcess& p, Ptr rec, Ptr frame, Ptr ctx, Ptr dc) {
  const GuestAccess mem;
  uint64_t base = mem.read<uint64_t>(dc.addr + 8), pc = mem.read<uint64_t>(dc.addr), scopes = mem.read<uint64_t>(dc.addr + 0x38);
  uint32_t count = mem.read<uint32_t>(scopes), flags = mem.read<uint32_t>(rec.addr + 4);
  uint64_t rva = pc - base;
  for (uint32_t i = mem.read<uint32_t>(dc.addr + 0x48); i < count && !p.exited; ++i) {
    uint64_t r = scopes + 4 + 16ull * i;
    uint32_t begin = mem.read<uint32_t>(r), end = mem.read<uint32_t>(r + 4), handler = mem.read<uint32_t>(r + 8), jump = mem.read<uint32_t>(r + 12);
    if (rva < begin || rva >= end) continue;
    if (!(flags & (kExceptionUnwinding | kExceptionExitUnwind))) {
      if (jump == 0) continue;  // __finally: nothing to do while searching
      int32_t filter = 1;       // EXCEPTION_EXECUTE_HANDLER
      if (handler != 1) {
        uint64_t pointers = p.heap.alloc(16, true);
        mem.write<uint64_t>(pointers, rec.addr);
        mem.write<uint64_t>(pointers + 8, ctx.addr);
        filter = static_cast<int32_t>(p.call_guest(base + handler, {pointers, frame.addr}));
        p.heap.free(pointers);
        if (p.exited || p.restore_pending()) return 1;
      }
      if (filter < 0) return 0;  // EXCEPTION_CONTINUE_EXECUTION
      if (filter > 0) {
        seh_x64::unwind_ex(p, frame.addr, base + jump, rec.addr, mem.read<uint32_t>(rec.addr), ctx.addr);
        return 1;
      }
    } else {
      uint64_t target = mem.read<uint64_t>(dc.addr + 0x20) - base;
      if ((flags & kExceptionTargetUnwind) && jump != 0 && target == jump) return 1;  // reached the __except
      if (jump == 0) {
        mem.write<uint32_t>(dc.addr + 0x48, i + 1);  // ScopeIndex: this __finally has run
        p.call_guest(base + handler, {1 /* abnormal termination */, frame.addr});
      }
    }
  }
  return 1;  // ExceptionContinueSearch
}

}  // namespace

const std::vector<Export>& ntdll_frame_handler_exports() {
  static const std::vector<Export> exports = {EXPORT("__C_specific_handler", __C_specific_handler)};
  return exports;
}

namespace ntdll_raise_impl {

// NtContinue(context, test alert) / RtlRestoreContext(context, record): the thread goes on at the
// context (after the call's return, which it never sees).
uint32_t NtContinue(WindowsProcess& p, Ptr ctx, uint8_t) {
  resume_at(p, ctx.addr);
  return 0;
}
void RtlRestoreContext(WindowsProcess& p, Ptr ctx, Ptr) { resume_at(p, ctx.addr); }

// RtlRaiseException(EXCEPTION_RECORD*): the exception it describes (code, flags, parameters) raised
// where it was called, as RaiseException raises it; returns when a handler continues.
void RtlRaiseException(WindowsProcess& p, Ptr rec) {
  const unsigned w = p.isa->ptr;
  const uint64_t nparams_at = w == 8 ? 24 : 16, info_at = w == 8 ? 32 : 20;
  const uint32_t n = std::min<uint32_t>(get<uint32_t>(rec.addr + nparams_at), 15);
  std::vector<uint64_t> params;
  for (uint32_t i = 0; i < n; ++i) params.push_back(p.get_ptr(rec.addr + info_at + i * w));
  raise_from_host_call(p, get<uint32_t>(rec.addr), get<uint32_t>(rec.addr + 4), params, w == 4 ? 4 : 0);
}

// NtRaiseException(EXCEPTION_RECORD*, CONTEXT*, first chance): the exception raised at the
// caller's context (KERNEL32's and the C runtime's raises are made this way on Windows): offered to
// the handlers on its first chance, the thread going on at the context if one continues; a second
// chance is what a debugger would see, and with none attached the process ends by it.
uint32_t NtRaiseException(WindowsProcess& p, Ptr rec, Ptr ctx, uint32_t first_chance) {
  if (!rec || !ctx) return 0xc0000005;  // STATUS_ACCESS_VIOLATION, as reading through a null pointer
  raise_at_context(p, rec.addr, ctx.addr, first_chance != 0);
  return nt::kSuccess;
}

}  // namespace ntdll_raise_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_raise_exports() {
  using namespace ntdll_raise_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtContinue", NtContinue),
      EXPORT("NtRaiseException", NtRaiseException),
      EXPORT("RtlRestoreContext", RtlRestoreContext),
      EXPORT("RtlRaiseException", RtlRaiseException),
  };
  return exports;
}

const std::vector<Export>& ntdll_debug_break_exports() {
  // (DbgUserBreakPoint: the same breakpoint, under the name user-mode code calls.)
  static const std::vector<Export> exports = {EXPORT_BREAKPOINT("DbgBreakPoint", DbgBreakPoint),
                                              EXPORT_BREAKPOINT("DbgUserBreakPoint", DbgBreakPoint)};
  return exports;
}

const std::vector<Export>& ntdll_exception_exports() {
  static const std::vector<Export> exports = {
      EXPORT("RtlUnwind", RtlUnwind),
      EXPORT("RtlCaptureContext", RtlCaptureContext),
      EXPORT("RtlCaptureStackBackTrace", RtlCaptureStackBackTrace),
      EXPORT("RtlLookupFunctionEntry", RtlLookupFunctionEntry),
      EXPORT("RtlAddFunctionTable", RtlAddFunctionTable),
      EXPORT("RtlDeleteFunctionTable", RtlDeleteFunctionTable),
      EXPORT("RtlInstallFunctionTableCallback", RtlInstallFunctionTableCallback),
      EXPORT("RtlSetUnhandledExceptionFilter", RtlSetUnhandledExceptionFilter),
      EXPORT("RtlAddGrowableFunctionTable", RtlAddGrowableFunctionTable),
      EXPORT("RtlGrowFunctionTable", RtlGrowFunctionTable),
      EXPORT("RtlDeleteGrowableFunctionTable", RtlDeleteGrowableFunctionTable),
      EXPORT("RtlVirtualUnwind", RtlVirtualUnwind),
      EXPORT("RtlUnwindEx", RtlUnwindEx),
  };
  return exports;
}

}  // namespace polyrun::shims
