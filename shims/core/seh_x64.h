// The x64 unwinder's pieces that the C++ exception runtime (core/cxx_eh_x64.cpp) builds on.
// CONTEXT (x64): Rax…R15 in the CPU's register order (rax rcx rdx rbx rsp rbp rsi rdi r8…r15).
#pragma once

#include <cstdint>

#include "shims/core/seh.h"

namespace polyrun::shims::seh_x64 {

constexpr uint64_t kContextSize = 0x4d0;
constexpr unsigned kRcx = 1, kRdx = 2, kRsp = 4;

void set_reg(uint64_t ctx, unsigned i, uint64_t v);
void set_pc(uint64_t ctx, uint64_t v);
void copy(uint64_t to, uint64_t from);
// Moves ctx to the caller's frame without calling handlers; false at the end of the stack.
bool step(WindowsProcess& p, uint64_t ctx);
// The RUNTIME_FUNCTION covering pc (an image's .pdata entry, or a table the program registered),
// and the base its RVAs count from; 0 if none.
uint64_t function_entry(WindowsProcess& p, uint64_t pc, uint64_t* base);
// Calls the termination handlers of the frames from cur up to target_frame (whose handler sees
// EXCEPTION_TARGET_UNWIND), as RtlUnwindEx does; cur becomes the target frame's context. False
// if the target frame was not found.
bool unwind_to(WindowsProcess& p, uint64_t target_frame, uint64_t target_ip, uint64_t rec, uint64_t cur);

}  // namespace polyrun::shims::seh_x64
