// The i386 dispatcher's pieces that the C runtime's frame handlers build on: the compilers' __try
// scope handlers (msvcrt/except_i386.cpp) and the C++ exception runtime (msvcrt/cxx_eh_i386.cpp).
#pragma once

#include <cstdint>

#include "shims/core/seh.h"

namespace polyrun::shims::seh_i386 {

// CONTEXT: its size and offsets.
constexpr uint32_t kContextSize = 0x2cc;
constexpr uint32_t kCtxEbp = 0xb4, kCtxEip = 0xb8, kCtxEsp = 0xc4;
// The end of the registration chain (TEB.ExceptionList's last Next).
constexpr uint32_t kChainEnd = 0xffffffffu;

// The CPU's registers into a CONTEXT; pc and sp are where the guest resumes.
void capture(WindowsProcess& p, uint64_t ctx, uint64_t pc, uint64_t sp);

// TEB.ExceptionList: the innermost registration record.
uint64_t chain_head(WindowsProcess& p);
void set_chain_head(WindowsProcess& p, uint64_t node);
// Calls the handlers of the registration records above target (all if 0) with
// EXCEPTION_UNWINDING and unlinks them, as RtlUnwind does (raising, as it does, for a target below
// a record it reaches or a record off the stack).
void unwind_chain(WindowsProcess& p, uint64_t target, uint64_t rec, uint64_t ctx);

}  // namespace polyrun::shims::seh_i386
