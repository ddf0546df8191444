// Reading the arguments of a call into the host and writing its result, per calling convention.
// A frame is looked at while the CPU sits in a host-call thunk: the guest has just executed
// `call` into the thunk, so the return address is on top of the guest stack.
#pragma once

#include <cstdint>
#include <memory>

namespace polyrun::cpu {
class Cpu;
}

namespace polyrun::abi {

enum class Convention {
  Win64,    // rcx, rdx, r8, r9 / xmm0–3, then the stack above 32 bytes of shadow space
  Stdcall,  // i386: arguments on the stack, the callee pops them
  Cdecl,    // i386: arguments on the stack, the caller pops them
  Thiscall, // i386 C++ methods: `this` in ecx (slot 0), the rest on the stack, the callee pops them
};

class CallFrame {
 public:
  virtual ~CallFrame() = default;
  // Integer/pointer argument in slot `slot` (Win64: one slot per argument; i386: 4-byte slots,
  // 64-bit values take two).
  virtual uint64_t int_arg(unsigned slot) = 0;
  virtual double float_arg(unsigned slot) = 0;
  virtual float float32_arg(unsigned slot) = 0;  // a `float` (one slot)
  virtual void return_int(uint64_t value) = 0;
  virtual void return_float(double value) = 0;
  virtual void return_float32(float value) = 0;
  virtual uint64_t return_address() = 0;
  virtual unsigned slot_bytes() const = 0;
};

std::unique_ptr<CallFrame> make_frame(Convention c, cpu::Cpu& cpu);

}  // namespace polyrun::abi
