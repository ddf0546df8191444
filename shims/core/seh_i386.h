// The i386 dispatcher's pieces that the C++ exception runtime (core/cxx_eh_i386.cpp) builds on.
#pragma once

#include <cstdint>

#include "shims/core/seh.h"

namespace polyrun::shims::seh_i386 {

// CONTEXT offsets.
constexpr uint32_t kCtxEbp = 0xb4, kCtxEip = 0xb8, kCtxEsp = 0xc4;

// TEB.ExceptionList: the innermost registration record.
uint64_t chain_head(WindowsProcess& p);
void set_chain_head(WindowsProcess& p, uint64_t node);
// Calls the handlers of the registration records above target (all if 0) with
// EXCEPTION_UNWINDING and unlinks them, as RtlUnwind does (raising, as it does, for a target below
// a record it reaches or a record off the stack).
void unwind_chain(WindowsProcess& p, uint64_t target, uint64_t rec, uint64_t ctx);

}  // namespace polyrun::shims::seh_i386
