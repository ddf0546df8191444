// The parts of exception handling both ISAs share: raising from a host call, resuming at a
// CONTEXT, the unhandled-exception path, and the exports that exist on every ISA.
#include "shims/seh.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "cpu-emu/x86_regs.h"
#include "shims/guest_memory.h"
#include "shims/shim.h"

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

void unhandled_exception(WindowsProcess& p, uint64_t rec, uint64_t ctx) {
  uint32_t code = get<uint32_t>(rec);
  if (p.unhandled_filter) {
    uint64_t ptrs = p.heap.alloc(2 * p.isa->ptr, true);
    p.put_ptr(ptrs, rec);
    p.put_ptr(ptrs + p.isa->ptr, ctx);
    int32_t r = static_cast<int32_t>(p.call_guest(p.unhandled_filter, {ptrs}));
    if (p.exited || p.restore_pending()) return;
    if (r == -1) {  // EXCEPTION_CONTINUE_EXECUTION
      resume_at(p, ctx);
      return;
    }
  }
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: unhandled exception 0x%08x at 0x%llx\n", code,
               static_cast<unsigned long long>(p.get_ptr(rec + p.isa->seh->rec_address)));
  p.onexit.clear();
  p.terminate(static_cast<int>(code));
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
  bool continued = call_vectored_handlers(p, rec, ctx);
  if (!continued && !p.exited && !p.restore_pending()) continued = rt.dispatch(p, rec, ctx);
  if (continued && (flags & kExceptionNoncontinuable)) continued = false;
  if (continued) resume_at(p, ctx);
  else if (!p.exited && !p.restore_pending()) unhandled_exception(p, rec, ctx);
  p.raises().pop_back();
}

namespace {

void RaiseException(WindowsProcess& p, uint32_t code, uint32_t flags, uint32_t nargs, Ptr args) {
  std::vector<uint64_t> params;
  for (uint32_t i = 0; args && i < std::min<uint32_t>(nargs, 15); ++i) params.push_back(p.get_ptr(args.addr + i * p.isa->ptr));
  uint32_t popped = p.isa->api_convention == abi::Convention::Stdcall ? stack_bytes<&RaiseException>() : 0;
  raise_from_host_call(p, code, flags, params, popped);
}

void RtlUnwind(WindowsProcess& p, Ptr frame, Ptr ip, Ptr rec, Ptr retval) {
  p.isa->seh->unwind(p, frame.addr, ip.addr, rec.addr, retval.addr);
}

void RtlCaptureContext(WindowsProcess& p, Ptr ctx) {
  auto frame = abi::make_frame(p.isa->api_convention, p.cpu());
  uint32_t popped = p.isa->api_convention == abi::Convention::Stdcall ? stack_bytes<&RtlCaptureContext>() : 0;
  p.isa->seh->capture(p, ctx.addr, frame->return_address(), p.cpu().reg(cpu::x86::RSP) + p.isa->ptr + popped);
}

}  // namespace

const std::vector<Export>& seh_kernel32_exports() {
  static const std::vector<Export> e = [] {
    std::vector<Export> all = {
        EXPORT("RaiseException", RaiseException),
        EXPORT("RtlUnwind", RtlUnwind),
        EXPORT("RtlCaptureContext", RtlCaptureContext),
    };
    const auto& x64 = seh_x64_exports();
    all.insert(all.end(), x64.begin(), x64.end());
    return all;
  }();
  return e;
}

const std::vector<Export>& seh_ntdll_exports() {
  static const std::vector<Export> e = [] {
    std::vector<Export> all = seh_kernel32_exports();
    const auto& crt = seh_x64_crt_exports();
    all.insert(all.end(), crt.begin(), crt.end());
    return all;
  }();
  return e;
}

const std::vector<Export>& seh_crt_exports() {
  static const std::vector<Export> e = [] {
    std::vector<Export> all = seh_x64_crt_exports();
    const auto& i386 = seh_i386_crt_exports();
    all.insert(all.end(), i386.begin(), i386.end());
    return all;
  }();
  return e;
}

}  // namespace polyrun::shims
