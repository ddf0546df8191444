// The x64 unwinder's pieces that the C++ exception runtime (msvcrt/cxx_eh_x64.cpp) and NTDLL's
// exception functions (ntdll/exceptions.cpp: RtlUnwindEx, RtlVirtualUnwind, the function tables)
// build on.
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
// RtlUnwindEx: unwinds to target_frame from the exception being dispatched (or from the caller of
// the current host call), with `record` (0: a STATUS_UNWIND record of its own) and `context` (0: a
// CONTEXT of its own), then resumes the target frame at target_ip with retval in rax once every
// nested host call has returned; a target not reached ends the process.
// Whether unwinding from the calling host call's caller would reach the frame whose establisher
// frame is `target_frame` (the frames walked as unwind_ex walks them, no handler called).
bool reaches_frame(WindowsProcess& p, uint64_t target_frame);
void unwind_ex(WindowsProcess& p, uint64_t target_frame, uint64_t target_ip, uint64_t record, uint64_t retval,
               uint64_t context);
// RtlVirtualUnwind: moves ctx to the caller's frame; the handler of `type` (or 0), with its data and
// the establisher frame; `pointers` (a KNONVOLATILE_CONTEXT_POINTERS, or 0): where each register
// restored was read from.
uint64_t virtual_unwind(uint32_t type, uint64_t base, uint64_t pc, uint64_t fe, uint64_t ctx, uint64_t* data,
                        uint64_t* establisher, uint64_t pointers = 0);

// The function tables a program registers for code it makes at run time (RtlAddFunctionTable,
// RtlAddGrowableFunctionTable: JIT compilers, V8's among them), which function_entry searches after
// the images: entries relative to `base`; a growable table covers [begin, end), relative to begin,
// and its handle is what add_growable_function_table returns. Any thread may call these.
bool add_function_table(uint64_t table, uint32_t count, uint64_t base);  // false: no entries
bool delete_function_table(uint64_t table);                              // false: not registered
// RtlInstallFunctionTableCallback's: [base, base + length) covered by the program's callback(pc,
// context), which gives the RUNTIME_FUNCTION (relative to base); `identifier` (its low two bits
// set) is what delete_function_table takes. False for an identifier without those bits, no callback
// or no length.
bool install_function_table_callback(uint64_t identifier, uint64_t base, uint32_t length, uint64_t callback,
                                     uint64_t context);
uint64_t add_growable_function_table(uint64_t table, uint32_t count, uint32_t max, uint64_t begin, uint64_t end);
void grow_function_table(uint64_t handle, uint32_t count);
void delete_growable_function_table(uint64_t handle);

}  // namespace polyrun::shims::seh_x64
