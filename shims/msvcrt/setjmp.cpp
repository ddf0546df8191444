// msvcrt.dll and the Universal CRT, setjmp and longjmp: the caller's callee-saved registers, stack
// and return address in the jmp_buf (x64's and i386's layouts), and back.
#include <cstring>

#include "abi/call_frame.h"
#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/seh_x64.h"
#include "shims/msvcrt/crt_internal.h"
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

// i386's _JUMP_BUFFER: Ebp, Ebx, Edi, Esi, Esp, Eip, then what longjmp unwinds by: Registration (the
// fs:[0] record of the frame that called setjmp), TryLevel (its __try level then), Cookie
// ("VC20"), UnwindFunc and UnwindData[6] (what _setjmp3's further arguments give: the function
// that unwinds the frame itself, _seh_longjmp_unwind(4) or __CxxLongjmpUnwind, and its data).
constexpr uint32_t kChainEnd = 0xffffffffu, kTryLevelEnd = 0xffffffffu, kJmpCookie = 0x56433230u;  // "VC20"

// `extra`: _setjmp3's arguments after the count, `count` of them (none for _setjmp).
void setjmp_i386(WindowsProcess& p, abi::CallFrame& f, uint64_t buf, uint32_t count, VarArgs* extra) {
  namespace x86 = cpu::x86;
  auto& c = p.cpu();
  const uint32_t registration = get<uint32_t>(p.teb());
  uint32_t v[16] = {static_cast<uint32_t>(c.reg(x86::RBP)), static_cast<uint32_t>(c.reg(x86::RBX)),
                    static_cast<uint32_t>(c.reg(x86::RDI)), static_cast<uint32_t>(c.reg(x86::RSI)),
                    static_cast<uint32_t>(c.reg(x86::RSP) + 4), static_cast<uint32_t>(f.return_address()),
                    registration, kTryLevelEnd, kJmpCookie, 0};
  if (registration != kChainEnd) {
    if (count > 0 && extra) v[9] = static_cast<uint32_t>(extra->next_int());
    v[7] = count > 1 && extra ? static_cast<uint32_t>(extra->next_int()) : get<uint32_t>(registration + 0xc);
    for (uint32_t i = 0; i < 6 && i + 2 < count && extra; ++i) v[10 + i] = static_cast<uint32_t>(extra->next_int());
  }
  std::memcpy(guest_pointer(buf), v, sizeof v);
}

// The frame is read here rather than through Arg<> because setjmp needs the caller's registers.
int32_t _setjmp_(WindowsProcess& p, Ptr buf, Ptr frame) {
  auto f = abi::make_frame(p.isa->crt_convention, p.cpu());
  if (p.isa->ptr == 8) setjmp_x64(p, *f, buf.addr, frame.addr);
  else setjmp_i386(p, *f, buf.addr, 0, nullptr);
  return 0;
}
// _setjmp3(buf, count, ...): what MSVC's i386 code calls for setjmp, with `count` words for longjmp's
// unwinding after it (an unwind function, the try level, the function's data).
int32_t _setjmp3_(WindowsProcess& p, Ptr buf, uint32_t count, VarArgs extra) {
  if (p.isa->ptr == 8) return _setjmp_(p, buf, Ptr(0));
  auto f = abi::make_frame(p.isa->crt_convention, p.cpu());
  setjmp_i386(p, *f, buf.addr, count, &extra);
  return 0;
}
// The Universal CRT's (api-ms-win-crt-private, vcruntime140), what its <setjmp.h> makes of setjmp:
// on x64 __intrinsic_setjmpex(buf, frame), the frame that longjmp unwinds to recorded as msvcrt's
// _setjmp records it; __intrinsic_setjmp(buf) records none (x64 and i386; i386 programs call
// _setjmp3 for setjmp).
int32_t __intrinsic_setjmp_(WindowsProcess& p, Ptr buf) { return _setjmp_(p, buf, Ptr(0)); }

// longjmp unwinds what lies between it and setjmp's frame, as Windows' does (destructors and
// __finally blocks run). x64: with a frame recorded (_setjmp's second argument, the establisher
// frame), RtlUnwind to it with STATUS_LONGJUMP, which resumes with the buffer's registers
// (core/seh_x64.cpp); without one, or with one the unwind would not reach (code without unwind
// data between), the registers come back at once. i386: the records registered
// above setjmp's are unwound (_global_unwind2; all of them where the chain was empty), then
// setjmp's frame itself down to its try level then, by the frame's unwind function where _setjmp3
// was given one, else as an _except_handler3 frame (_local_unwind2).
void longjmp_(WindowsProcess& p, Ptr buf, int32_t value) {
  namespace x86 = cpu::x86;
  auto& c = p.cpu();
  uint64_t result = value ? static_cast<uint32_t>(value) : 1;
  if (p.isa->ptr == 8) {
    uint64_t v[11];
    std::memcpy(v, guest_pointer(buf.addr), sizeof v);
    if (v[0] && seh_x64::reaches_frame(p, v[0])) {
      constexpr uint32_t kStatusLongjump = 0x80000026;
      const uint64_t rec = new_exception_record(p, kStatusLongjump, 0, 0, {buf.addr});
      p.isa->seh->unwind(p, v[0], v[10], rec, result);
      p.heap.free(rec);
      return;
    }
    const int regs[] = {x86::RBX, x86::RSP, x86::RBP, x86::RSI, x86::RDI, x86::R12, x86::R13, x86::R14, x86::R15};
    for (int i = 0; i < 9; ++i) c.set_reg(regs[i], v[1 + i]);
    for (int i = 0; i < 10; ++i) c.write_vector(x86::XMM6 + i, reinterpret_cast<const uint8_t*>(guest_pointer(buf.addr + 0x60 + 16 * i)));
    c.set_reg(x86::RAX, result);
    c.set_pc(v[10]);
  } else {
    uint32_t v[10];
    std::memcpy(v, guest_pointer(buf.addr), sizeof v);
    const uint32_t registration = v[6];
    if (registration) {  // (the chain's end when setjmp was called: every record there is now)
      msvcrt_global_unwind_i386(p, registration);
      if (p.exited || p.restore_pending()) return;
      if (registration != kChainEnd) {
        if (v[8] == kJmpCookie && v[9]) p.call_guest(v[9], {buf.addr});  // stdcall (jmp_buf*)
        else msvcrt_local_unwind_i386(p, registration, v[7]);
        if (p.exited || p.restore_pending()) return;
      }
    }
    c.set_reg(x86::RBP, v[0]);
    c.set_reg(x86::RBX, v[1]);
    c.set_reg(x86::RDI, v[2]);
    c.set_reg(x86::RSI, v[3]);
    c.set_reg(x86::RSP, v[4]);
    c.set_reg(x86::RAX, result);
    c.set_pc(v[5]);
  }
}

// _local_unwind(frame, target) (x64): what compiled code calls to leave __try scopes early (a
// return or goto out of them): RtlUnwind to that frame and address, with no record.
void _local_unwind_(WindowsProcess& p, Ptr frame, Ptr target) {
  if (p.isa->ptr == 8) p.isa->seh->unwind(p, frame.addr, target.addr, 0, 0);
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
      EXPORT("_longjmpex", longjmp_),  // (i386's, for code built with /EHa)
      EXPORT("_local_unwind", _local_unwind_),
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
