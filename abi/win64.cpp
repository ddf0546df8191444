// The Microsoft x64 calling convention.
#include <cstring>

#include "abi/call_frame.h"
#include "cpu-emu/cpu.h"
#include "cpu-emu/x86_regs.h"

namespace polyrun::abi {

namespace x86 = cpu::x86;

namespace {

class Win64Frame final : public CallFrame {
 public:
  explicit Win64Frame(cpu::Cpu& cpu) : cpu_(cpu), rsp_(cpu.reg(x86::RSP)) {}

  uint64_t int_arg(unsigned slot) override {
    static const int regs[4] = {x86::RCX, x86::RDX, x86::R8, x86::R9};
    if (slot < 4) return cpu_.reg(regs[slot]);
    // [rsp] return address, [rsp+8..+40) shadow space, then arguments 5, 6 …
    uint64_t v;
    std::memcpy(&v, reinterpret_cast<const void*>(rsp_ + 8 + 8ull * slot), 8);
    return v;
  }

  double float_arg(unsigned slot) override {
    if (slot < 4) {
      uint8_t x[16];
      cpu_.read_vector(x86::XMM0 + static_cast<int>(slot), x);
      double d;
      std::memcpy(&d, x, 8);
      return d;
    }
    uint64_t bits = int_arg(slot);
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }

  // A float sits in the low 32 bits of its register or stack slot.
  float float32_arg(unsigned slot) override {
    uint32_t bits;
    if (slot < 4) {
      uint8_t x[16];
      cpu_.read_vector(x86::XMM0 + static_cast<int>(slot), x);
      std::memcpy(&bits, x, 4);
    } else {
      bits = static_cast<uint32_t>(int_arg(slot));
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  void return_float32(float v) override {
    uint8_t x[16] = {};
    std::memcpy(x, &v, 4);
    cpu_.write_vector(x86::XMM0, x);
  }

  void return_int(uint64_t v) override { cpu_.set_reg(x86::RAX, v); }
  void return_float(double v) override {
    uint8_t x[16] = {};
    std::memcpy(x, &v, 8);
    cpu_.write_vector(x86::XMM0, x);
  }
  uint64_t return_address() override {
    uint64_t v;
    std::memcpy(&v, reinterpret_cast<const void*>(rsp_), 8);
    return v;
  }
  unsigned slot_bytes() const override { return 8; }

 private:
  cpu::Cpu& cpu_;
  uint64_t rsp_;
};

}  // namespace

std::unique_ptr<CallFrame> make_i386_frame(cpu::Cpu& cpu, bool this_in_ecx);

std::unique_ptr<CallFrame> make_frame(Convention c, cpu::Cpu& cpu) {
  switch (c) {
    case Convention::Win64: return std::make_unique<Win64Frame>(cpu);
    case Convention::Stdcall:
    case Convention::Cdecl: return make_i386_frame(cpu, false);
    case Convention::Thiscall: return make_i386_frame(cpu, true);
  }
  return nullptr;
}

}  // namespace polyrun::abi
