// Reading the arguments of a call into the host and writing its result, per calling convention.
// A frame is looked at while the CPU sits in a host-call thunk: the guest has just executed
// `call` into the thunk, so the return address is on top of the guest stack.
#pragma once

#include <cstdint>
#include <cstring>
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

// A Win64 call that natively running code made straight into a host function (no CPU state to
// read: cpu::native_direct_entry_address): its four register arguments, integer and xmm, and
// the stack from the fifth argument's slot. The result is kept for the function's return
// (rax and xmm0 together, as System V returns a {uint64_t, double} pair).
class Win64DirectFrame final : public CallFrame {
 public:
  Win64DirectFrame(const uint64_t (&ints)[4], const double (&xmm)[4], const uint64_t* stack)
      : ints_{ints[0], ints[1], ints[2], ints[3]}, xmm_{xmm[0], xmm[1], xmm[2], xmm[3]}, stack_(stack) {}

  uint64_t int_arg(unsigned slot) override { return slot < 4 ? ints_[slot] : stack_[slot - 4]; }
  double float_arg(unsigned slot) override {
    if (slot < 4) return xmm_[slot];
    double d;
    std::memcpy(&d, &stack_[slot - 4], 8);
    return d;
  }
  float float32_arg(unsigned slot) override {  // the low 32 bits of the register or slot
    uint64_t bits = int_arg(slot);
    if (slot < 4) std::memcpy(&bits, &xmm_[slot], 8);
    const auto low = static_cast<uint32_t>(bits);
    float f;
    std::memcpy(&f, &low, 4);
    return f;
  }
  void return_int(uint64_t v) override { rax = v; }
  void return_float(double v) override { xmm0 = v; }
  void return_float32(float v) override {
    uint64_t bits = 0;
    std::memcpy(&bits, &v, 4);
    std::memcpy(&xmm0, &bits, 8);
  }
  uint64_t return_address() override { return stack_[-5]; }  // below the shadow space
  unsigned slot_bytes() const override { return 8; }

  uint64_t rax = 0;
  double xmm0 = 0;

 private:
  uint64_t ints_[4];
  double xmm_[4];
  const uint64_t* stack_;
};

}  // namespace polyrun::abi
