// msvcrt.dll, the floating-point environment: _controlfp/_control87 over the emulated x87
// control word and MXCSR (exception masks, rounding, precision, denormal handling), the status
// words (_statusfp, _clearfp, _fpreset; i386's per-unit __control87_2 and _statusfp2), the Universal CRT's <fenv.h> (fegetenv, fesetround, feraiseexcept …,
// whose fenv_t packs both units' words in its own encoding), and the i386 compiler helpers that
// convert the value on the x87 stack to an integer (_ftol and its SSE2-era names); the math
// functions' IEEE exceptions (_except1) and their description to a filter's handler (_fpieee_flt).
#include <cerrno>
#include <cmath>
#include <cstring>

#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
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

// i386's: each unit on its own. __control87_2 sets the x87 control word (the portable word but for
// the denormal mode) and MXCSR (but for precision and infinity control) from the same value and
// mask, and gives each unit's word where asked (1); _statusfp2 each unit's sticky flags.
int32_t __control87_2_(WindowsProcess& p, uint32_t value, uint32_t mask, Ptr x87_out, Ptr sse_out) {
  if (x87_out) {
    const uint32_t x87 = from_x87(static_cast<uint32_t>(p.cpu().reg(x86::FPCW)));
    const uint32_t v = (x87 & ~mask) | (value & mask);
    p.cpu().set_reg(x86::FPCW, to_x87(static_cast<uint32_t>(p.cpu().reg(x86::FPCW)), v));
    put<uint32_t>(x87_out.addr, from_x87(static_cast<uint32_t>(p.cpu().reg(x86::FPCW))));
  }
  if (sse_out) {
    const uint32_t sse = from_mxcsr(static_cast<uint32_t>(p.cpu().reg(x86::MXCSR)));
    const uint32_t m = mask & ~(MCW_PC | MCW_IC);
    const uint32_t v = (sse & ~m) | (value & m);
    p.cpu().set_reg(x86::MXCSR, to_mxcsr(static_cast<uint32_t>(p.cpu().reg(x86::MXCSR)), v));
    put<uint32_t>(sse_out.addr, from_mxcsr(static_cast<uint32_t>(p.cpu().reg(x86::MXCSR))));
  }
  return 1;
}
void _statusfp2_(WindowsProcess& p, Ptr x87_out, Ptr sse_out) {
  if (x87_out) put<uint32_t>(x87_out.addr, portable_bits(static_cast<uint32_t>(p.cpu().reg(x86::FPSW)) & 0x3f));
  if (sse_out) put<uint32_t>(sse_out.addr, portable_bits(static_cast<uint32_t>(p.cpu().reg(x86::MXCSR)) & 0x3f));
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

void _set_controlfp_(WindowsProcess& p, uint32_t value, uint32_t mask) { control(p, value, mask & ~EM_DENORMAL); }

// FLT_ROUNDS: 0 toward zero, 1 to nearest, 2 up, 3 down.
int32_t __fpe_flt_rounds_(WindowsProcess& p) {
  switch (current(p) & MCW_RC) {
    case 0x300: return 0;
    case 0: return 1;
    case 0x200: return 2;
    default: return 3;
  }
}

// ---- <fenv.h> (the Universal CRT) ----
//
// fenv_t is {unsigned long _Fe_ctl, _Fe_stat}: each holds the portable control (or status) word
// of the SSE unit and, on i386, the x87's, in the Universal CRT's bit encoding: each portable flag
// is a pair of bits per unit (kSse, kX87), a value decodes only if it is a union of whole pairs.
constexpr uint32_t FE_ALL_EXCEPT = 0x1f;
struct FenvBit {
  uint32_t portable, x87, sse;
};
constexpr FenvBit kFenvBits[] = {
    {EM_INVALID, 0x00100010, 0x10000010}, {EM_DENORMAL, 0x00200020, 0x20000020},
    {EM_ZERODIVIDE, 0x00080008, 0x08000008}, {EM_OVERFLOW, 0x00040004, 0x04000004},
    {EM_UNDERFLOW, 0x00020002, 0x02000002}, {EM_INEXACT, 0x00010001, 0x01000001},
    {0x200 /* _RC_UP */, 0x00800200, 0x80000200}, {0x100 /* _RC_DOWN */, 0x00400100, 0x40000100},
    {IC_AFFINE, 0x00004000, 0}, {PC_24, 0x00002000, 0}, {PC_53, 0x00001000, 0},
    {DN_FLUSH, 0, 0x00000400}, {DN_FLUSH_OPERANDS, 0, 0x00000800},
};

uint32_t fenv_encode(WindowsProcess& p, uint32_t x87, uint32_t sse) {
  uint32_t r = 0;
  for (const FenvBit& b : kFenvBits) {
    if (has_x87_crt(p) && b.x87 && (x87 & b.portable)) r |= b.x87;
    if (b.sse && (sse & b.portable)) r |= b.sse;
  }
  return r;
}
bool fenv_decode(WindowsProcess& p, uint32_t enc, uint32_t* x87, uint32_t* sse) {
  *x87 = *sse = 0;
  for (const FenvBit& b : kFenvBits) {
    if (b.x87 && (enc & b.x87) == b.x87) *x87 |= b.portable;
    if (b.sse && (enc & b.sse) == b.sse) *sse |= b.portable;
  }
  return fenv_encode(p, *x87, *sse) == enc;
}

uint32_t x87_control(WindowsProcess& p) { return from_x87(static_cast<uint32_t>(p.cpu().reg(x86::FPCW))); }
uint32_t sse_control(WindowsProcess& p) { return from_mxcsr(static_cast<uint32_t>(p.cpu().reg(x86::MXCSR))); }
uint32_t x87_status(WindowsProcess& p) { return portable_bits(static_cast<uint32_t>(p.cpu().reg(x86::FPSW)) & 0x3f); }
uint32_t sse_status(WindowsProcess& p) { return portable_bits(static_cast<uint32_t>(p.cpu().reg(x86::MXCSR)) & 0x3f); }

struct Fenv {
  uint32_t ctl, stat;
};
Fenv get_fenv(WindowsProcess& p) {
  if (has_x87_crt(p))
    return {fenv_encode(p, x87_control(p), sse_control(p)), fenv_encode(p, x87_status(p), sse_status(p))};
  return {fenv_encode(p, 0, current(p)), fenv_encode(p, 0, status(p))};
}
// Both words of both units replaced; a zero environment is the start-up one (_fpreset). Non-zero
// if a word does not decode.
int32_t set_fenv(WindowsProcess& p, Fenv env) {
  if (!env.ctl && !env.stat) {
    _fpreset_(p);
    return 0;
  }
  uint32_t x87_cw, cw, x87_sw, sw;
  if (!fenv_decode(p, env.ctl, &x87_cw, &cw) || !fenv_decode(p, env.stat, &x87_sw, &sw)) return 1;
  uint32_t m = static_cast<uint32_t>(p.cpu().reg(x86::MXCSR));
  p.cpu().set_reg(x86::MXCSR, (to_mxcsr(m, cw) & ~0x3fu) | hardware_bits(sw));
  if (has_x87_crt(p)) {
    p.cpu().set_reg(x86::FPCW, to_x87(static_cast<uint32_t>(p.cpu().reg(x86::FPCW)), x87_cw));
    p.cpu().set_reg(x86::FPSW, (p.cpu().reg(x86::FPSW) & ~0x3full) | hardware_bits(x87_sw));
  }
  return 0;
}

int32_t fegetenv_(WindowsProcess& p, Ptr env) {
  Fenv e = get_fenv(p);
  put<uint32_t>(env.addr, e.ctl);
  put<uint32_t>(env.addr + 4, e.stat);
  return 0;
}
int32_t fesetenv_(WindowsProcess& p, Ptr env) { return set_fenv(p, {get<uint32_t>(env.addr), get<uint32_t>(env.addr + 4)}); }
int32_t fetestexcept_(WindowsProcess& p, int32_t flags) { return static_cast<int32_t>(status(p) & static_cast<uint32_t>(flags)); }
int32_t feclearexcept_(WindowsProcess& p, int32_t flags) {
  Fenv e = get_fenv(p);
  uint32_t f = static_cast<uint32_t>(flags) & FE_ALL_EXCEPT;
  e.stat &= ~fenv_encode(p, f, f);
  return set_fenv(p, e);
}
int32_t fegetexceptflag_(WindowsProcess& p, Ptr out, int32_t excepts) {
  uint32_t ex = static_cast<uint32_t>(excepts);
  uint32_t v = has_x87_crt(p) ? fenv_encode(p, x87_status(p) & ex, sse_status(p) & ex) : fenv_encode(p, 0, status(p) & ex);
  put<uint32_t>(out.addr, v);
  return 0;
}
int32_t fesetexceptflag_(WindowsProcess& p, Ptr in, int32_t excepts) {
  uint32_t ex = static_cast<uint32_t>(excepts) & FE_ALL_EXCEPT;
  if (!ex) return 0;
  Fenv e = get_fenv(p);
  uint32_t bits = fenv_encode(p, ex, ex);
  e.stat = (e.stat & ~bits) | (get<uint32_t>(in.addr) & bits);
  return set_fenv(p, e);
}
int32_t fegetround_(WindowsProcess& p) { return static_cast<int32_t>(current(p) & MCW_RC); }
int32_t fesetround_(WindowsProcess& p, int32_t mode) {
  if (static_cast<uint32_t>(mode) & ~MCW_RC) return 1;
  control(p, static_cast<uint32_t>(mode), MCW_RC);
  return 0;
}

// feraiseexcept(flags) (Visual C++ 2013's runtime): the sticky flags of `flags` (FE_* bits) set, in
// both units on i386. 0, or non-zero for a flag that is none.
int32_t feraiseexcept_(WindowsProcess& p, int32_t flags) {
  const auto f = static_cast<uint32_t>(flags);
  if (f & ~FE_ALL_EXCEPT) return 1;
  p.cpu().set_reg(x86::MXCSR, p.cpu().reg(x86::MXCSR) | hardware_bits(f));
  if (has_x87_crt(p)) p.cpu().set_reg(x86::FPSW, p.cpu().reg(x86::FPSW) | hardware_bits(f));
  return 0;
}
// feupdateenv(env): the environment `env` installed, the flags raised before kept raised.
int32_t feupdateenv_(WindowsProcess& p, Ptr env) {
  const uint32_t raised = status(p) & FE_ALL_EXCEPT;
  if (set_fenv(p, {get<uint32_t>(env.addr), get<uint32_t>(env.addr + 4)}) != 0) return 1;
  return feraiseexcept_(p, static_cast<int32_t>(raised));
}

// _except1(fpe, operation, argument, result, control word, …): what MSVC's x64 math functions call
// when an operation gives an IEEE exception (fpe: 1 overflow, 2 underflow, 4 zero-divide, 8
// invalid, 0x10 inexact, possibly with another). Where the control word the function was called
// under (MXCSR's layout on x64, the x87's on i386) masks it, the flags are raised and the result
// made the masked one (overflow ±infinity, underflow ±0); otherwise the exception is raised, with
// the operation code (op << 5) behind its one parameter. The caller's control word is then put
// back, and the result returned.
double _except1_(WindowsProcess& p, uint32_t fpe, int32_t op, double, double res, uint32_t cw, Ptr) {
  if (p.isa->ptr == 8) cw = ((cw >> 7) & 0x3f) | ((cw >> 3) & 0xc00);  // MXCSR's masks and rounding, as the x87 has them
  struct Kind {
    uint32_t bit, mask, flag, code;
  };
  // Overflow, underflow, zero-divide, invalid, inexact: fpe's bit, the x87 mask, the FE flag, the code.
  static constexpr Kind kKinds[] = {{0x1, 0x8, EM_OVERFLOW, 0xc0000091}, {0x2, 0x10, EM_UNDERFLOW, 0xc0000093},
                                    {0x4, 0x4, EM_ZERODIVIDE, 0xc000008e}, {0x8, 0x1, EM_INVALID, 0xc0000090},
                                    {0x10, 0x20, EM_INEXACT, 0xc000008f}};
  for (const Kind& k : kKinds) {
    if (!(fpe & k.bit)) continue;
    const bool inexact_too = k.bit != 0x10 && (fpe & 0x10);
    const bool masked = (cw & k.mask) && (!inexact_too || (cw & 0x20));
    if (masked) {
      feraiseexcept_(p, static_cast<int32_t>(k.flag | (inexact_too ? EM_INEXACT : 0)));
      if (k.bit == 0x1) res = std::signbit(res) ? -HUGE_VAL : HUGE_VAL;
      if (k.bit == 0x2) res = std::signbit(res) ? -0.0 : 0.0;
    } else {
      const uint64_t operation = p.heap.alloc(2, true);
      put<uint16_t>(operation, static_cast<uint16_t>(op << 5));
      if (p.isa->ptr == 8) {  // a handler that continues resumes the caller with the result in xmm0
        uint8_t v[16] = {};
        std::memcpy(v, &res, sizeof res);
        p.cpu().write_vector(x86::XMM0, v);
      }
      raise_from_host_call(p, k.code, 0, {operation}, 0);
    }
    break;
  }
  // The caller's control word back: masks, rounding, precision and infinity control.
  control(p, from_x87(cw), MCW_EM | MCW_RC | MCW_PC | MCW_IC);
  return res;
}

// _fpieee_flt(code, pointers, handler): what an __except filter calls to have a floating-point
// exception described to `handler` as an _FPIEEE_RECORD (rounding mode, precision, and the
// exceptions that caused it, are enabled and are raised, from the context's control and status
// words); the handler's verdict is the filter's. Codes that are no IEEE exception:
// EXCEPTION_CONTINUE_SEARCH. The operation and its operands are not decoded: the record says
// _FpCodeUnspecified, its operands not valid.
int32_t _fpieee_flt_(WindowsProcess& p, uint32_t code, Ptr pointers, Ptr handler) {
  switch (code) {
    case 0xc000008e: case 0xc000008f: case 0xc0000090: case 0xc0000091: case 0xc0000093: break;
    default: return 0;
  }
  const uint64_t ctx = p.get_ptr(pointers.addr + p.isa->ptr);
  uint32_t cw, sw;  // in the x87's layout
  uint32_t rounding, precision;
  if (p.isa->ptr == 8) {
    const uint32_t mxcsr = get<uint32_t>(ctx + 0x34);  // CONTEXT.MxCsr
    cw = (mxcsr >> 7) & 0x3f;
    sw = mxcsr & 0x3f;
    rounding = (mxcsr >> 13) & 3;
    precision = 1;  // _FpPrecision53: SSE2's doubles
  } else {
    cw = get<uint32_t>(ctx + 0x1c);  // FloatSave.ControlWord
    sw = get<uint32_t>(ctx + 0x20);  // FloatSave.StatusWord
    rounding = (cw >> 10) & 3;
    static constexpr uint32_t kPrecision[4] = {2, 0, 1, 0};  // 24-bit, reserved, 53-bit, 64-bit
    precision = kPrecision[(cw >> 8) & 3];
  }
  // The flags in _FPIEEE_EXCEPTION_FLAGS' order: inexact, underflow, overflow, zero-divide, invalid.
  auto flags = [](uint32_t hw) {
    return ((hw >> 5) & 1) | ((hw >> 4) & 1) << 1 | ((hw >> 3) & 1) << 2 | ((hw >> 2) & 1) << 3 | (hw & 1) << 4;
  };
  const uint32_t status = flags(sw), enable = flags(~cw & 0x3f);
  const uint64_t rec = p.heap.alloc(88, true);
  put<uint32_t>(rec, rounding | precision << 2);  // Operation 0: _FpCodeUnspecified
  put<uint32_t>(rec + 4, status & enable);         // Cause
  put<uint32_t>(rec + 8, enable);
  put<uint32_t>(rec + 12, status);
  const auto verdict = static_cast<int32_t>(p.call_guest(handler.addr, {rec}));
  p.heap.free(rec);
  return verdict;
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
      EXPORT("__control87_2", __control87_2_),  // (i386's: x64 has one unit)
      EXPORT("_statusfp2", _statusfp2_),
      EXPORT("_clearfp", _clearfp_),
      EXPORT("_fpreset", _fpreset_),
      EXPORT("_ftol", _ftol_),
      EXPORT("_ftol2", _ftol_),
      EXPORT("_ftol2_sse", _ftol_),
      EXPORT_DATA("_adjust_fdiv", adjust_fdiv_data),
      EXPORT("_set_controlfp", _set_controlfp_),
      EXPORT("_fpieee_flt", _fpieee_flt_),
  };
  return exports;
}

// The Universal CRT's own (ucrtbase.dll's table, msvcrt/msvcrt.cpp).
const std::vector<Export>& ucrtbase_float_exports() {
  static const std::vector<Export> exports = {
      EXPORT("__fpe_flt_rounds", __fpe_flt_rounds_),
      EXPORT("fegetenv", fegetenv_),
      EXPORT("fesetenv", fesetenv_),
      EXPORT("fetestexcept", fetestexcept_),
      EXPORT("feclearexcept", feclearexcept_),
      EXPORT("fegetexceptflag", fegetexceptflag_),
      EXPORT("fesetexceptflag", fesetexceptflag_),
      EXPORT("fegetround", fegetround_),
      EXPORT("fesetround", fesetround_),
      EXPORT("feraiseexcept", feraiseexcept_),
      EXPORT("feupdateenv", feupdateenv_),
      EXPORT("_except1", _except1_),
  };
  return exports;
}

}  // namespace polyrun::shims
