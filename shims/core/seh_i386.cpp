// i386 exception dispatch: the chain of EXCEPTION_REGISTRATION_RECORDs {Next, Handler} headed by
// TEB.ExceptionList (fs:[0]) and ended by 0xffffffff. RaiseException calls each record's
// handler(record, frame, context, dispatcher_context) until one continues execution or unwinds;
// RtlUnwind calls the handlers of the records above a frame with EXCEPTION_UNWINDING and unlinks
// them, then returns to its caller. The C compilers' frame handlers for __try scopes
// (_except_handler3 of msvcrt, _except_handler4_common of vcruntime140: msvcrt/except_i386.cpp)
// run on top of that.
//
// CONTEXT (i386, 0x2cc bytes): ContextFlags 0, SegGs 0x8c, SegFs 0x90, SegEs 0x94, SegDs 0x98,
// Edi 0x9c, Esi 0xa0, Ebx 0xa4, Edx 0xa8, Ecx 0xac, Eax 0xb0, Ebp 0xb4, Eip 0xb8, SegCs 0xbc,
// EFlags 0xc0, Esp 0xc4, SegSs 0xc8.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh_i386.h"
#include "shims/core/shim.h"
#include "shims/core/windows_modules.h"

namespace polyrun::shims {

namespace x86 = cpu::x86;

namespace {

using seh_i386::chain_head;

using seh_i386::kChainEnd, seh_i386::kContextSize;
using seh_i386::kCtxEbp, seh_i386::kCtxEip, seh_i386::kCtxEsp;
constexpr uint32_t kCtxEflags = 0xc0;
// CONTEXT offsets of eax, ecx, edx, ebx, (esp), ebp, esi, edi in the CPU's register order.
constexpr uint32_t kCtxGpr[8] = {0xb0, 0xac, 0xa8, 0xa4, kCtxEsp, kCtxEbp, 0xa0, 0x9c};

bool valid_record(WindowsProcess& p, uint64_t node) {
  return node != kChainEnd && node != 0 && p.memory.accessible(node, 8, mem::kRead);
}

// RtlDispatchException's checks of a record before its handler is called: the record lies on the
// thread's stack (TEB StackLimit..StackBase) at a multiple of 4, and its handler is one the
// system may call (RtlIsValidHandler): not inside an image marked NO_SEH, listed in the image's
// SafeSEH table when it has one, and elsewhere in executable memory (polyrun's own DLLs' thunks
// included). A record that fails either stops the dispatch with EXCEPTION_STACK_INVALID: the
// exception is unhandled.
bool frame_on_stack(WindowsProcess& p, uint64_t node) {
  const uint64_t limit = p.get_ptr(p.teb() + p.isa->teb.stack_limit), base = p.get_ptr(p.teb() + p.isa->teb.stack_base);
  return node % 4 == 0 && node >= limit && node + 8 <= base;
}

bool valid_handler(WindowsProcess& p, uint64_t handler) {
  if (const loader::PeImage* image = image_containing(p, handler)) {
    if (image->no_seh) return false;
    if (!image->safe_seh.empty())
      return std::binary_search(image->safe_seh.begin(), image->safe_seh.end(), static_cast<uint32_t>(handler - image->base));
    return true;
  }
  return thunk_target(p, handler) || p.memory.accessible(handler, 1, mem::kExec);
}

void capture(WindowsProcess& p, uint64_t ctx, uint64_t pc, uint64_t sp) {
  std::memset(guest_pointer(ctx), 0, kContextSize);
  put<uint32_t>(ctx, 0x10007);  // CONTEXT_i386 | CONTROL | INTEGER | SEGMENTS
  for (unsigned i = 0; i < 8; ++i) put<uint32_t>(ctx + kCtxGpr[i], static_cast<uint32_t>(p.cpu().reg(static_cast<int>(x86::RAX + i))));
  put<uint32_t>(ctx + kCtxEsp, static_cast<uint32_t>(sp));
  put<uint32_t>(ctx + kCtxEip, static_cast<uint32_t>(pc));
  put<uint32_t>(ctx + kCtxEflags, static_cast<uint32_t>(p.cpu().reg(x86::RFLAGS)));
  put<uint32_t>(ctx + 0xbc, 0x1b);                       // SegCs
  for (uint32_t seg : {0x94u, 0x98u, 0xc8u}) put<uint32_t>(ctx + seg, 0x23);  // SegEs, SegDs, SegSs
  put<uint32_t>(ctx + 0x90, 0x3b);                       // SegFs
}

void restore(WindowsProcess& p, const uint8_t* c) {
  auto ctx = reinterpret_cast<uint64_t>(c);
  for (unsigned i = 0; i < 8; ++i) p.cpu().set_reg(static_cast<int>(x86::RAX + i), get<uint32_t>(ctx + kCtxGpr[i]));
  uint64_t fl = p.cpu().reg(x86::RFLAGS);  // status and direction flags, as on x64
  p.cpu().set_reg(x86::RFLAGS, (fl & ~0xcd5ull) | (get<uint32_t>(ctx + kCtxEflags) & 0xcd5u));
  p.cpu().set_pc(get<uint32_t>(ctx + kCtxEip));
}

bool dispatch(WindowsProcess& p, uint64_t rec, uint64_t ctx) {
  uint64_t dc = p.heap.alloc(8, true);
  bool continued = false;
  for (uint64_t node = chain_head(p); valid_record(p, node) && !p.exited && !p.restore_pending();
       node = get<uint32_t>(node)) {
    uint64_t handler = get<uint32_t>(node + 4);
    if (!frame_on_stack(p, node) || !valid_handler(p, handler)) {
      put<uint32_t>(rec + 4, get<uint32_t>(rec + 4) | kExceptionStackInvalid);
      break;
    }
    int32_t r = static_cast<int32_t>(p.call_guest(handler, {rec, node, ctx, dc}));
    if (p.exited || p.restore_pending()) break;
    if (r == kContinueExecution) {
      continued = true;
      break;
    }
  }
  p.heap.free(dc);
  return continued;
}

}  // namespace

void seh_i386::capture(WindowsProcess& p, uint64_t ctx, uint64_t pc, uint64_t sp) { shims::capture(p, ctx, pc, sp); }

uint64_t seh_i386::chain_head(WindowsProcess& p) { return get<uint32_t>(p.teb() + p.isa->teb.exception_list); }

void seh_i386::set_chain_head(WindowsProcess& p, uint64_t node) {
  put<uint32_t>(p.teb() + p.isa->teb.exception_list, static_cast<uint32_t>(node));
}

void seh_i386::unwind_chain(WindowsProcess& p, uint64_t target, uint64_t rec, uint64_t ctx) {
  uint32_t flags = get<uint32_t>(rec + 4) | kExceptionUnwinding | (target ? 0 : kExceptionExitUnwind);
  put<uint32_t>(rec + 4, flags);
  uint64_t dc = p.heap.alloc(8, true);
  for (uint64_t node = chain_head(p); valid_record(p, node) && node != target && !p.exited;) {
    // RtlUnwind's checks: a target below the record reached (it is not on the chain), or a record
    // off the stack, end the unwind with a noncontinuable STATUS_INVALID_UNWIND_TARGET or
    // STATUS_BAD_STACK, raised where it was called.
    const bool past_target = target && node > target;
    if (past_target || !frame_on_stack(p, node)) {
      raise_from_host_call(p, past_target ? kStatusInvalidUnwindTarget : kStatusBadStack, kExceptionNoncontinuable, {}, 0);
      break;
    }
    uint64_t handler = get<uint32_t>(node + 4), next = get<uint32_t>(node);
    p.call_guest(handler, {rec, node, ctx, dc});
    if (p.exited) break;
    set_chain_head(p, next);
    node = next;
  }
  p.heap.free(dc);
}

namespace {

using seh_i386::unwind_chain;

void unwind(WindowsProcess& p, uint64_t frame, uint64_t, uint64_t record, uint64_t) {
  auto f = abi::make_frame(abi::Convention::Stdcall, p.cpu());
  uint64_t rec = record ? record : new_exception_record(p, kStatusUnwind, 0, f->return_address(), {});
  uint64_t ctx = new_context(p);
  capture(p, ctx, f->return_address(), p.cpu().reg(x86::RSP) + 4 + 16);
  unwind_chain(p, frame, rec, ctx);
  p.heap.free(ctx);
  if (!record) p.heap.free(rec);
}

}  // namespace

const SehRuntime& seh_runtime_i386() {
  static const SehRuntime rt{kContextSize, 0x50, 0xc, 0x10, 0x14, capture, restore, dispatch, unwind, 1,
                              [](WindowsProcess& p, uint64_t pc) { return x86_divide_error_code(p, pc, false); }};
  return rt;
}

}  // namespace polyrun::shims
