// msvcrt.dll and the Universal CRT, setjmp and longjmp: the caller's callee-saved registers, stack
// and return address in the jmp_buf (x64's and i386's layouts), and back.
#include <cstring>

#include "abi/call_frame.h"
#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

// ---- setjmp / longjmp: the caller's callee-saved registers, stack and return address ----

void setjmp_x64(WindowsProcess& p, abi::CallFrame& f, uint64_t buf, uint64_t frame) {
  namespace x86 = cpu::x86;
  auto& c = p.cpu();
  uint64_t v[11] = {frame, c.reg(x86::RBX), c.reg(x86::RSP) + 8, c.reg(x86::RBP), c.reg(x86::RSI), c.reg(x86::RDI),
                    c.reg(x86::R12), c.reg(x86::R13), c.reg(x86::R14), c.reg(x86::R15), f.return_address()};
  std::memcpy(guest_pointer(buf), v, sizeof v);
  put<uint32_t>(buf + 0x58, 0x1f80);  // MxCsr
  put<uint16_t>(buf + 0x5c, 0x27f);   // FpCsr
  for (int i = 0; i < 10; ++i) c.read_vector(x86::XMM6 + i, reinterpret_cast<uint8_t*>(guest_pointer(buf + 0x60 + 16 * i)));
}

void setjmp_i386(WindowsProcess& p, abi::CallFrame& f, uint64_t buf) {
  namespace x86 = cpu::x86;
  auto& c = p.cpu();
  uint32_t v[10] = {static_cast<uint32_t>(c.reg(x86::RBP)), static_cast<uint32_t>(c.reg(x86::RBX)),
                    static_cast<uint32_t>(c.reg(x86::RDI)), static_cast<uint32_t>(c.reg(x86::RSI)),
                    static_cast<uint32_t>(c.reg(x86::RSP) + 4), static_cast<uint32_t>(f.return_address()),
                    get<uint32_t>(p.teb()), 0xffffffffu, 0x56433230u /* "VC20" */, 0};
  std::memcpy(guest_pointer(buf), v, sizeof v);
}

// The frame is read here rather than through Arg<> because setjmp needs the caller's registers.
int32_t _setjmp_(WindowsProcess& p, Ptr buf, Ptr frame) {
  auto f = abi::make_frame(p.isa->crt_convention, p.cpu());
  if (p.isa->ptr == 8) setjmp_x64(p, *f, buf.addr, frame.addr);
  else setjmp_i386(p, *f, buf.addr);
  return 0;
}
int32_t _setjmp3_(WindowsProcess& p, Ptr buf, int32_t) { return _setjmp_(p, buf, Ptr(0)); }
// The Universal CRT's (api-ms-win-crt-private, vcruntime140), what its <setjmp.h> makes of setjmp:
// on x64 __intrinsic_setjmpex(buf, frame), the frame that longjmp unwinds to recorded as msvcrt's
// _setjmp records it; __intrinsic_setjmp(buf) records none (x64 and i386; i386 programs call
// _setjmp3 for setjmp).
int32_t __intrinsic_setjmp_(WindowsProcess& p, Ptr buf) { return _setjmp_(p, buf, Ptr(0)); }

void longjmp_(WindowsProcess& p, Ptr buf, int32_t value) {
  namespace x86 = cpu::x86;
  auto& c = p.cpu();
  uint64_t result = value ? static_cast<uint32_t>(value) : 1;
  if (p.isa->ptr == 8) {
    uint64_t v[11];
    std::memcpy(v, guest_pointer(buf.addr), sizeof v);
    const int regs[] = {x86::RBX, x86::RSP, x86::RBP, x86::RSI, x86::RDI, x86::R12, x86::R13, x86::R14, x86::R15};
    for (int i = 0; i < 9; ++i) c.set_reg(regs[i], v[1 + i]);
    for (int i = 0; i < 10; ++i) c.write_vector(x86::XMM6 + i, reinterpret_cast<const uint8_t*>(guest_pointer(buf.addr + 0x60 + 16 * i)));
    c.set_reg(x86::RAX, result);
    c.set_pc(v[10]);
  } else {
    uint32_t v[6];
    std::memcpy(v, guest_pointer(buf.addr), sizeof v);
    c.set_reg(x86::RBP, v[0]);
    c.set_reg(x86::RBX, v[1]);
    c.set_reg(x86::RDI, v[2]);
    c.set_reg(x86::RSI, v[3]);
    c.set_reg(x86::RSP, v[4]);
    c.set_reg(x86::RAX, result);
    c.set_pc(v[5]);
  }
}

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_setjmp_exports() {
  static const std::vector<Export> exports = {
      EXPORT("_setjmp", _setjmp_),
      EXPORT("setjmp", _setjmp_),     // x64's plain name for it
      EXPORT("_setjmpex", _setjmp_),  // (x64's _setjmp unwinds as setjmpex does)
      EXPORT("_setjmp3", _setjmp3_),
      EXPORT("longjmp", longjmp_),
  };
  return exports;
}

// The Universal CRT's own names (ucrtbase.dll's table, msvcrt/msvcrt.cpp).
const std::vector<Export>& ucrtbase_setjmp_exports() {
  static const std::vector<Export> exports = {
      EXPORT("__intrinsic_setjmp", __intrinsic_setjmp_),
      EXPORT("__intrinsic_setjmpex", _setjmp_),
  };
  return exports;
}

}  // namespace polyrun::shims
