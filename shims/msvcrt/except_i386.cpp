// The i386 C compilers' frame handlers for __try scopes, as the C runtime exports them:
// _except_handler3 (msvcrt's), _except_handler4_common (vcruntime140's, with the security cookie),
// and what compiled code calls to leave scopes early (_local_unwind2, _local_unwind4,
// _global_unwind2). They run on core's i386 dispatcher and unwinder (core/seh_i386.h), which call
// them as any registration record's handler.
//
// A __try frame of either handler: [ebp-0x18] the stack pointer to resume with, [ebp-0x14] the
// EXCEPTION_POINTERS a filter reads, [ebp-0x10] the registration record, [ebp-0xc] the handler,
// [ebp-8] the scope table, [ebp-4] the current try level; the handler's ebp is record + 0x10.
// Scope table entries are {EnclosingLevel, FilterFunc, HandlerFunc} (FilterFunc 0: a __finally);
// filters, __except blocks and __finally blocks run with that ebp.
#include <cstring>
#include <vector>

#include "abi/call_frame.h"
#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/seh_i386.h"
#include "shims/core/shim.h"

namespace polyrun::shims::except_i386 {

namespace x86 = cpu::x86;

namespace {

using seh_i386::capture, seh_i386::unwind_chain;
using seh_i386::kChainEnd, seh_i386::kContextSize, seh_i386::kCtxEbp, seh_i386::kCtxEip, seh_i386::kCtxEsp;

// The guest code of a scope (filter, __finally) run with the frame's ebp.
uint32_t call_scope(WindowsProcess& p, uint64_t code, uint64_t node) {
  return static_cast<uint32_t>(p.call_guest(code, {}, {.frame_pointer = node + 0x10}));
}

// Runs the __finally blocks of the frame from its current try level out to (not including)
// `stop`, leaving the try level at `stop`. `none` is the handler's "outside every scope" level.
void local_unwind(WindowsProcess& p, uint64_t node, uint64_t entries, uint32_t stop, uint32_t none) {
  for (uint32_t level = get<uint32_t>(node + 0xc); level != none && level != stop && !p.exited;
       level = get<uint32_t>(node + 0xc)) {
    uint64_t e = entries + 12ull * level;
    put<uint32_t>(node + 0xc, get<uint32_t>(e));  // leave the scope before running its __finally
    if (get<uint32_t>(e + 4) == 0) call_scope(p, get<uint32_t>(e + 8), node);
  }
}

int32_t run_scopes(WindowsProcess& p, uint64_t rec, uint64_t node, uint64_t ctx, uint64_t entries, uint32_t none) {
  uint32_t flags = get<uint32_t>(rec + 4);
  if (flags & (kExceptionUnwinding | kExceptionExitUnwind)) {
    local_unwind(p, node, entries, none, none);
    return kContinueSearch;
  }
  uint64_t pointers = p.heap.alloc(8, true);
  put<uint32_t>(pointers, static_cast<uint32_t>(rec));
  put<uint32_t>(pointers + 4, static_cast<uint32_t>(ctx));
  put<uint32_t>(node - 4, static_cast<uint32_t>(pointers));
  int32_t result = kContinueSearch;
  for (uint32_t level = get<uint32_t>(node + 0xc); level != none && !p.exited;) {
    uint64_t e = entries + 12ull * level;
    uint32_t enclosing = get<uint32_t>(e), filter = get<uint32_t>(e + 4), handler = get<uint32_t>(e + 8);
    if (filter) {
      auto verdict = static_cast<int32_t>(call_scope(p, filter, node));
      if (p.exited || p.restore_pending()) break;
      if (verdict < 0) {  // EXCEPTION_CONTINUE_EXECUTION
        result = kContinueExecution;
        break;
      }
      if (verdict > 0) {  // EXCEPTION_EXECUTE_HANDLER: unwind to this frame, then run the __except block
        unwind_chain(p, node, rec, ctx);
        if (p.exited) break;
        put<uint32_t>(rec + 4, flags);
        local_unwind(p, node, entries, level, none);
        put<uint32_t>(node + 0xc, enclosing);
        uint64_t resume = new_context(p);
        std::memcpy(guest_pointer(resume), guest_pointer(ctx), kContextSize);
        put<uint32_t>(resume + kCtxEbp, static_cast<uint32_t>(node + 0x10));
        put<uint32_t>(resume + kCtxEsp, get<uint32_t>(node - 8));
        put<uint32_t>(resume + kCtxEip, handler);
        resume_at(p, resume);
        p.heap.free(resume);
        break;
      }
    }
    level = enclosing;
  }
  return result;
}

int32_t _except_handler3(WindowsProcess& p, Ptr rec, Ptr node, Ptr ctx, Ptr) {
  return run_scopes(p, rec.addr, node.addr, ctx.addr, get<uint32_t>(node.addr + 8), kChainEnd);
}

// _except_handler4: the scope table pointer is XORed with the image's security cookie, and the
// table starts with four cookie offsets before the entries; "outside every scope" is -2.
int32_t _except_handler4_common(WindowsProcess& p, Ptr cookie, Ptr, Ptr rec, Ptr node, Ptr ctx, Ptr) {
  uint64_t table = get<uint32_t>(node.addr + 8) ^ get<uint32_t>(cookie.addr);
  return run_scopes(p, rec.addr, node.addr, ctx.addr, table + 16, 0xfffffffeu);
}

// What compiled code calls to leave __try scopes early (return, __leave, longjmp).
void _local_unwind2(WindowsProcess& p, Ptr node, int32_t level) {
  local_unwind(p, node.addr, get<uint32_t>(node.addr + 8), static_cast<uint32_t>(level), kChainEnd);
}

void _local_unwind4(WindowsProcess& p, Ptr cookie, Ptr node, int32_t level) {
  uint64_t table = get<uint32_t>(node.addr + 8) ^ get<uint32_t>(cookie.addr);
  local_unwind(p, node.addr, table + 16, static_cast<uint32_t>(level), 0xfffffffeu);
}

void _global_unwind2(WindowsProcess& p, Ptr node) {
  auto f = abi::make_frame(abi::Convention::Cdecl, p.cpu());
  uint64_t rec = new_exception_record(p, kStatusUnwind, 0, f->return_address(), {});
  uint64_t ctx = new_context(p);
  capture(p, ctx, f->return_address(), p.cpu().reg(x86::RSP) + 4);
  unwind_chain(p, node.addr, rec, ctx);
  p.heap.free(ctx);
  p.heap.free(rec);
}

}  // namespace

}  // namespace polyrun::shims::except_i386

namespace polyrun::shims {

const std::vector<Export>& msvcrt_except_i386_exports() {
  using namespace except_i386;
  static const std::vector<Export> e = {
      EXPORT("_except_handler3", _except_handler3),
      EXPORT("_except_handler4_common", _except_handler4_common),
      EXPORT("_local_unwind2", _local_unwind2),
      EXPORT("_local_unwind4", _local_unwind4),
      EXPORT("_global_unwind2", _global_unwind2),
  };
  return e;
}

}  // namespace polyrun::shims
