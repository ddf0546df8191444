// msvcrt.dll, the floating-point environment: _controlfp/_control87 over the emulated x87
// control word and MXCSR (exception masks, rounding, precision, denormal handling), the status
// words (_statusfp, _clearfp, _fpreset), and the i386 compiler helpers that convert the value on the
// x87 stack to an integer (_ftol and its SSE2-era names).
#include <cerrno>
#include <cmath>

#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

namespace x86 = cpu::x86;

// The C runtime's portable control word (float.h).
constexpr uint32_t EM_INEXACT = 0x1, EM_UNDERFLOW = 0x2, EM_OVERFLOW = 0x4, EM_ZERODIVIDE = 0x8,
                   EM_INVALID = 0x10, EM_DENORMAL = 0x80000;
constexpr uint32_t MCW_EM = 0x8001f, MCW_RC = 0x300, MCW_PC = 0x30000, MCW_IC = 0x40000, MCW_DN = 0x3000000;
constexpr uint32_t PC_64 = 0, PC_53 = 0x10000, PC_24 = 0x20000, IC_AFFINE = 0x40000;
constexpr uint32_t DN_FLUSH = 0x1000000, DN_FLUSH_OPERANDS = 0x2000000, DN_FLUSH_RESULTS = 0x3000000;

// Hardware exception bits in x87 and SSE order: invalid, denormal, zero-divide, overflow,
// underflow, inexact; the portable flag for each.
constexpr uint32_t kPortable[6] = {EM_INVALID, EM_DENORMAL, EM_ZERODIVIDE, EM_OVERFLOW, EM_UNDERFLOW, EM_INEXACT};

uint32_t portable_bits(uint32_t hw) {
  uint32_t r = 0;
  for (int i = 0; i < 6; ++i)
    if (hw >> i & 1) r |= kPortable[i];
  return r;
}
uint32_t hardware_bits(uint32_t portable) {
  uint32_t r = 0;
  for (int i = 0; i < 6; ++i)
    if (portable & kPortable[i]) r |= 1u << i;
  return r;
}

uint32_t from_x87(uint32_t cw) {
  uint32_t r = portable_bits(cw & 0x3f) | ((cw >> 10) & 3) << 8;
  switch ((cw >> 8) & 3) {
    case 0: r |= PC_24; break;
    case 2: r |= PC_53; break;
    default: r |= PC_64; break;
  }
  if (cw & 0x1000) r |= IC_AFFINE;
  return r;
}
uint32_t to_x87(uint32_t cw, uint32_t v) {
  cw = (cw & ~0x1f3fu) | hardware_bits(v) | ((v & MCW_RC) >> 8) << 10;
  uint32_t pc = v & MCW_PC;
  cw |= (pc == PC_24 ? 0u : pc == PC_53 ? 2u : 3u) << 8;
  if (v & IC_AFFINE) cw |= 0x1000;
  return cw;
}

uint32_t from_mxcsr(uint32_t m) {
  uint32_t r = portable_bits((m >> 7) & 0x3f) | ((m >> 13) & 3) << 8;
  bool daz = m & 0x40, fz = m & 0x8000;
  if (daz && fz) r |= DN_FLUSH;
  else if (daz) r |= DN_FLUSH_OPERANDS;
  else if (fz) r |= DN_FLUSH_RESULTS;
  return r;
}
uint32_t to_mxcsr(uint32_t m, uint32_t v) {
  m = (m & ~0xffc0u) | hardware_bits(v) << 7 | ((v & MCW_RC) >> 8) << 13;
  switch (v & MCW_DN) {
    case DN_FLUSH: m |= 0x8040; break;
    case DN_FLUSH_OPERANDS: m |= 0x40; break;
    case DN_FLUSH_RESULTS: m |= 0x8000; break;
    default: break;
  }
  return m;
}

bool has_x87_crt(const WindowsProcess& p) { return p.isa->ptr == 4; }

// The current portable word: the x87's on i386 (with the SSE denormal mode), MXCSR's on x64.
uint32_t current(WindowsProcess& p) {
  uint32_t m = from_mxcsr(static_cast<uint32_t>(p.cpu().reg(x86::MXCSR)));
  if (!has_x87_crt(p)) return m;
  return from_x87(static_cast<uint32_t>(p.cpu().reg(x86::FPCW))) | (m & MCW_DN);
}

uint32_t control(WindowsProcess& p, uint32_t value, uint32_t mask) {
  uint32_t v = (current(p) & ~mask) | (value & mask);
  p.cpu().set_reg(x86::MXCSR, to_mxcsr(static_cast<uint32_t>(p.cpu().reg(x86::MXCSR)), v));
  if (has_x87_crt(p)) p.cpu().set_reg(x86::FPCW, to_x87(static_cast<uint32_t>(p.cpu().reg(x86::FPCW)), v));
  return current(p);
}

uint32_t _control87_(WindowsProcess& p, uint32_t value, uint32_t mask) { return control(p, value, mask); }
// _controlfp leaves the denormal exception mask alone.
uint32_t _controlfp_(WindowsProcess& p, uint32_t value, uint32_t mask) { return control(p, value, mask & ~EM_DENORMAL); }

int32_t _controlfp_s_(WindowsProcess& p, Ptr out, uint32_t value, uint32_t mask) {
  constexpr uint32_t kValid = MCW_EM | MCW_RC | MCW_PC | MCW_IC | MCW_DN;
  if (mask & ~kValid) {
    put<uint32_t>(out.addr, current(p));
    *msvcrt_errno(p) = EINVAL;
    return EINVAL;
  }
  put<uint32_t>(out.addr, control(p, value, mask & ~EM_DENORMAL));
  return 0;
}

// The sticky exception flags, in the portable _SW_* bits (the same values as the masks).
uint32_t status(WindowsProcess& p) {
  uint32_t s = portable_bits(static_cast<uint32_t>(p.cpu().reg(x86::MXCSR)) & 0x3f);
  if (has_x87_crt(p)) s |= portable_bits(static_cast<uint32_t>(p.cpu().reg(x86::FPSW)) & 0x3f);
  return s;
}
uint32_t _statusfp_(WindowsProcess& p) { return status(p); }
uint32_t _clearfp_(WindowsProcess& p) {
  uint32_t s = status(p);
  p.cpu().set_reg(x86::MXCSR, p.cpu().reg(x86::MXCSR) & ~0x3full);
  if (has_x87_crt(p)) p.cpu().set_reg(x86::FPSW, p.cpu().reg(x86::FPSW) & ~0x80ffull);
  return s;
}

// _fpreset: the C runtime's start-up state (all exceptions masked, round to nearest, and on
// i386 53-bit precision).
void _fpreset_(WindowsProcess& p) {
  p.cpu().set_reg(x86::MXCSR, 0x1f80);
  if (has_x87_crt(p)) p.cpu().set_reg(x86::FPCW, 0x27f);
}

// _ftol: ST0 popped and truncated toward zero into edx:eax (the integer indefinite value
// 0x8000000000000000 when it does not fit).
int64_t _ftol_(WindowsProcess& p) {
  long double v = p.cpu().pop_x87();
  if (!(v > -9223372036854775809.0L && v < 9223372036854775808.0L)) return INT64_MIN;
  return static_cast<int64_t>(v);
}

// No Pentium FDIV erratum to work around.
uint64_t adjust_fdiv_data(WindowsProcess& p) { return msvcrt_data(p, "_adjust_fdiv", 4); }

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_float_exports() {
  static const std::vector<Export> exports = {
      EXPORT("_control87", _control87_),
      EXPORT("_controlfp", _controlfp_),
      EXPORT("_controlfp_s", _controlfp_s_),
      EXPORT("_statusfp", _statusfp_),
      EXPORT("_clearfp", _clearfp_),
      EXPORT("_fpreset", _fpreset_),
      EXPORT("_ftol", _ftol_),
      EXPORT("_ftol2", _ftol_),
      EXPORT("_ftol2_sse", _ftol_),
      EXPORT_DATA("_adjust_fdiv", adjust_fdiv_data),
  };
  return exports;
}

}  // namespace polyrun::shims
