// NTDLL's exception functions: RtlUnwind, RtlCaptureContext, RtlCaptureStackBackTrace, and x64's
// RtlUnwindEx, RtlVirtualUnwind, RtlLookupFunctionEntry and the function tables a program registers
// for code it makes at run time. KERNEL32 exports them too (ntdll/ntdll.h), as Windows' KERNEL32
// forwards them here. The machinery is core's, which exception dispatch itself goes through: each
// ISA's SehRuntime (core/seh.h) and the x64 unwinder (core/seh_x64.h).
#include <algorithm>
#include <vector>

#include "abi/call_frame.h"
#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
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
  uint32_t popped = p.isa->api_convention == abi::Convention::Stdcall ? stack_bytes<&RtlCaptureContext>() : 0;
  p.isa->seh->capture(p, ctx.addr, frame->return_address(), p.cpu().reg(cpu::x86::RSP) + p.isa->ptr + popped);
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
                     Ptr) {
  uint64_t data = 0, est = 0;
  uint64_t h = seh_x64::virtual_unwind(type, base.addr, pc.addr, fe.addr, ctx.addr, &data, &est);
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
uint8_t RtlDeleteFunctionTable(WindowsProcess&, Ptr table) { return seh_x64::delete_function_table(table.addr) ? 1 : 0; }
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

}  // namespace

const std::vector<Export>& ntdll_exception_exports() {
  static const std::vector<Export> exports = {
      EXPORT("RtlUnwind", RtlUnwind),
      EXPORT("RtlCaptureContext", RtlCaptureContext),
      EXPORT("RtlCaptureStackBackTrace", RtlCaptureStackBackTrace),
      EXPORT("RtlLookupFunctionEntry", RtlLookupFunctionEntry),
      EXPORT("RtlAddFunctionTable", RtlAddFunctionTable),
      EXPORT("RtlDeleteFunctionTable", RtlDeleteFunctionTable),
      EXPORT("RtlAddGrowableFunctionTable", RtlAddGrowableFunctionTable),
      EXPORT("RtlGrowFunctionTable", RtlGrowFunctionTable),
      EXPORT("RtlDeleteGrowableFunctionTable", RtlDeleteGrowableFunctionTable),
      EXPORT("RtlVirtualUnwind", RtlVirtualUnwind),
      EXPORT("RtlUnwindEx", RtlUnwindEx),
  };
  return exports;
}

}  // namespace polyrun::shims
