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
#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/register_calls.h"
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
// The frames whose __finally blocks an unwind runs on this thread, innermost last: what
// _abnormal_termination answers from.
struct UnwindingFrames : DllStateBase {
  std::vector<uint64_t> nodes;
};

void local_unwind(WindowsProcess& p, uint64_t node, uint64_t entries, uint32_t stop, uint32_t none) {
  std::vector<uint64_t>& unwinding = dll_state<UnwindingFrames>(p.thread()).nodes;
  for (uint32_t level = get<uint32_t>(node + 0xc); level != none && level != stop && !p.exited;
       level = get<uint32_t>(node + 0xc)) {
    uint64_t e = entries + 12ull * level;
    put<uint32_t>(node + 0xc, get<uint32_t>(e));  // leave the scope before running its __finally
    if (get<uint32_t>(e + 4) == 0) {
      unwinding.push_back(node);
      call_scope(p, get<uint32_t>(e + 8), node);
      unwinding.pop_back();
    }
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

// _except_handler2: the handler of Visual C++ 4 and 5's __try frames, whose records and scope
// tables are laid out as _except_handler3's.
int32_t _except_handler2(WindowsProcess& p, Ptr rec, Ptr node, Ptr ctx, Ptr) {
  return run_scopes(p, rec.addr, node.addr, ctx.addr, get<uint32_t>(node.addr + 8), kChainEnd);
}

// _abnormal_termination() (AbnormalTermination() in a __finally block, __intrinsic_abnormal_termination
// in the Universal CRT): 1 where the block runs because an unwind left its __try (an exception,
// or return, goto or longjmp out of it), 0 where the __try block ended normally. The block's frame
// is its caller's ebp; on x64 the compiler passes the answer to the block itself.
int32_t _abnormal_termination(WindowsProcess& p) {
  if (p.isa->ptr == 8) return 0;
  const std::vector<uint64_t>& unwinding = dll_state<UnwindingFrames>(p.thread()).nodes;
  const uint64_t ebp = p.cpu().reg(x86::RBP) & 0xffffffffu;
  return !unwinding.empty() && unwinding.back() + 0x10 == ebp ? 1 : 0;
}

// The i386 jump buffer's fields longjmp unwinds by (msvcrt/setjmp.cpp): Registration at 24,
// TryLevel at 28, Cookie at 32.
// _seh_longjmp_unwind(jmp) (stdcall): the unwind function _setjmp3 records for a function with
// __try scopes: its __finally blocks down to the try level setjmp was called at.
void _seh_longjmp_unwind(WindowsProcess& p, Ptr jmp) {
  _local_unwind2(p, Ptr(get<uint32_t>(jmp.addr + 24)), get<int32_t>(jmp.addr + 28));
}
// _seh_longjmp_unwind4(jmp): the same for _except_handler4's frames (the cookie in the buffer).
void _seh_longjmp_unwind4(WindowsProcess& p, Ptr jmp) {
  _local_unwind4(p, Ptr(jmp.addr + 32), Ptr(get<uint32_t>(jmp.addr + 24)), get<int32_t>(jmp.addr + 28));
}

// _EH_prolog: what Visual C++ 5 and 6 call at the start of a function with C++ exception handling,
// the frame handler in eax: it builds the function's frame as the compiler would inline it —
// ebp saved and set, then below it the state -1, the handler and the previous fs:[0] record, which
// becomes the chain's head; the function goes on with esp at that record.
void _EH_prolog(WindowsProcess& p) {
  using registers::get32, registers::set32;
  if (p.isa->ptr != 4) return;  // (i386's alone)
  const uint32_t s = get32(p, x86::RSP), ret = get<uint32_t>(s);
  put<uint32_t>(s - 4, 0xffffffffu);
  put<uint32_t>(s - 8, get32(p, x86::RAX));
  put<uint32_t>(s - 12, get<uint32_t>(p.teb()));
  put<uint32_t>(p.teb(), s - 12);
  put<uint32_t>(s, get32(p, x86::RBP));
  set32(p, x86::RBP, s);
  // The thunk's `ret` pops the return address, written just below the new top.
  put<uint32_t>(s - 16, ret);
  set32(p, x86::RSP, s - 16);
  set32(p, x86::RAX, ret);
}

// _chkesp: what Visual C++'s debug code calls after each call, with the flags of its comparison
// of esp with the value saved before the call: equal (ZF) returns; otherwise a prototype did not
// match the callee, reported as the debug runtime does, by a breakpoint at the check.
void _chkesp(WindowsProcess& p) {
  if (p.isa->ptr != 4 || (p.cpu().reg(x86::RFLAGS) & 0x40)) return;
  raise_from_host_call(p, kStatusBreakpoint, 0, {0}, 0);
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

void msvcrt_global_unwind_i386(WindowsProcess& p, uint64_t node) { except_i386::_global_unwind2(p, Ptr(node)); }
void msvcrt_local_unwind_i386(WindowsProcess& p, uint64_t node, uint32_t level) {
  except_i386::_local_unwind2(p, Ptr(node), static_cast<int32_t>(level));
}

}  // namespace polyrun::shims

namespace polyrun::shims {

const std::vector<Export>& msvcrt_except_i386_exports() {
  using namespace except_i386;
  static const std::vector<Export> e = {
      EXPORT("_except_handler3", _except_handler3),
      EXPORT("_except_handler4_common", _except_handler4_common),
      EXPORT("_local_unwind2", _local_unwind2),
      EXPORT("_local_unwind4", _local_unwind4),
      EXPORT("_global_unwind2", _global_unwind2),
      EXPORT("_except_handler2", _except_handler2),
      EXPORT("_abnormal_termination", _abnormal_termination),
      EXPORT("__intrinsic_abnormal_termination", _abnormal_termination),
      stdcall_export(EXPORT("_seh_longjmp_unwind", _seh_longjmp_unwind)),
      stdcall_export(EXPORT("_seh_longjmp_unwind4", _seh_longjmp_unwind4)),
      EXPORT("_EH_prolog", _EH_prolog),
      EXPORT("_chkesp", _chkesp),
  };
  return e;
}

}  // namespace polyrun::shims
