// Functions whose arguments or results are where no calling convention of abi/ puts them, on the
// CPU engine: MSVC's i386 helpers (_allshl takes edx:eax and cl, _alldvrm gives its remainder in
// ebx:ecx, _chkstk takes eax and moves esp) and the x87 forms (_CIsin takes ST0). Such a shim is an
// ordinary export of a stdcall or cdecl signature with the arguments it has on the stack (none for
// most), and reads and writes the rest through these, while its host call is served: what it
// writes stays as the program's state when the thunk returns (a double result still goes on the x87
// stack as any i386 double result does, CallFrame::return_float). Natively (x64) the registers are
// the NativeFrame's, read and written the same way.
#pragma once

#include <cstdint>

#include "cpu-emu/x86_regs.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims::registers {

inline uint32_t get32(WindowsProcess& p, cpu::x86::Reg r) { return static_cast<uint32_t>(p.cpu().reg(r)); }
inline void set32(WindowsProcess& p, cpu::x86::Reg r, uint32_t v) { p.cpu().set_reg(r, v); }
// A 64-bit value in a pair of 32-bit registers (edx:eax, ebx:ecx).
inline uint64_t get_pair(WindowsProcess& p, cpu::x86::Reg high, cpu::x86::Reg low) {
  return uint64_t{get32(p, high)} << 32 | get32(p, low);
}
inline void set_pair(WindowsProcess& p, cpu::x86::Reg high, cpu::x86::Reg low, uint64_t v) {
  set32(p, low, static_cast<uint32_t>(v));
  set32(p, high, static_cast<uint32_t>(v >> 32));
}
// An x87 argument: ST0, popped (the first of two is then in the new ST0).
inline double pop_x87(WindowsProcess& p) { return static_cast<double>(p.cpu().pop_x87()); }

}  // namespace polyrun::shims::registers

namespace polyrun::shims {

// An i386 fastcall function (its first argument in ecx, its second in edx, the rest on the stack,
// popped by the callee) that is an ordinary Win64 function on x64: exported as a method
// (EXPORT_METHOD: ecx is its first argument on i386, rcx on x64) of its x64 signature, of which
// `i386_stack_bytes` of arguments are on i386's stack. On i386 the function then reads its second
// argument from edx (registers::get32) and finds the stack's arguments from its second parameter
// on; on x64 its parameters are what they say.
inline Export fastcall_export(Export e, uint16_t i386_stack_bytes) {
  e.stack_bytes = static_cast<uint16_t>(i386_stack_bytes + 4);  // (a method's count includes ecx's slot)
  return e;
}

}  // namespace polyrun::shims
