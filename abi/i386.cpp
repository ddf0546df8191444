// The i386 conventions: arguments in 4-byte stack slots above the return address; results in
// eax (edx:eax for 64-bit values). stdcall callees pop their arguments (the thunk's `ret N`),
// cdecl callers do.
#include <cstring>

#include "abi/call_frame.h"
#include "cpu-emu/cpu.h"
#include "cpu-emu/x86_regs.h"

namespace polyrun::abi {

namespace x86 = cpu::x86;

namespace {

class I386Frame final : public CallFrame {
 public:
  I386Frame(cpu::Cpu& cpu, bool this_in_ecx)
      : cpu_(cpu), esp_(cpu.reg(x86::RSP) & 0xffffffffu), this_in_ecx_(this_in_ecx) {}

  uint64_t int_arg(unsigned slot) override {
    if (this_in_ecx_) {
      if (slot == 0) return cpu_.reg(x86::RCX) & 0xffffffffu;
      --slot;
    }
    uint32_t v;
    std::memcpy(&v, reinterpret_cast<const void*>(esp_ + 4 + 4ull * slot), 4);
    return v;
  }
  double float_arg(unsigned slot) override {
    if (this_in_ecx_) --slot;
    double d;
    std::memcpy(&d, reinterpret_cast<const void*>(esp_ + 4 + 4ull * slot), 8);
    return d;
  }
  float float32_arg(unsigned slot) override {
    if (this_in_ecx_) --slot;
    float f;
    std::memcpy(&f, reinterpret_cast<const void*>(esp_ + 4 + 4ull * slot), 4);
    return f;
  }
  // ST0 holds any floating-point result, whatever its C type.
  void return_float32(float v) override { cpu_.push_x87(v); }
  void return_int(uint64_t v) override {
    cpu_.set_reg(x86::RAX, v & 0xffffffffu);
    cpu_.set_reg(x86::RDX, v >> 32);
  }
  // Floating-point results go on the x87 stack: push (TOP - 1), store ST0, mark its tag valid.
  void return_float(double v) override { cpu_.push_x87(v); }
  uint64_t return_address() override {
    uint32_t v;
    std::memcpy(&v, reinterpret_cast<const void*>(esp_), 4);
    return v;
  }
  unsigned slot_bytes() const override { return 4; }

 private:
  cpu::Cpu& cpu_;
  uint64_t esp_;
  bool this_in_ecx_;
};

}  // namespace

std::unique_ptr<CallFrame> make_i386_frame(cpu::Cpu& cpu, bool this_in_ecx) {
  return std::make_unique<I386Frame>(cpu, this_in_ecx);
}

}  // namespace polyrun::abi
