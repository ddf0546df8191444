// The helpers the compilers' generated code calls in NTDLL: i386's 64-bit arithmetic of MSVC's
// runtime (_alldiv, _allmul, _allrem, _aulldiv, _aullrem: two 64-bit operands on the stack, popped
// by the callee, the result in edx:eax; _alldvrm and _aulldvrm, the quotient in edx:eax and the
// remainder in ebx:ecx; the shifts _allshl, _allshr, _aullshr: the value in edx:eax and the count in
// cl, nothing on the stack), the stack probes (i386's _chkstk and _alloca_probe: eax bytes taken off
// the caller's stack, esp moved below them and eax not kept; x64's __chkstk: the pages of rax bytes
// below rsp touched, every register kept), and i386's NtCurrentTeb. The register forms are served
// through core's register access (core/register_calls.h). A division by zero raises
// EXCEPTION_INT_DIVIDE_BY_ZERO at the call, as the helpers' `div` raises it. (The x87 forms _CIsin
// … are msvcrt.dll's, forwarded: ntdll/crt.cpp.)
#include <cstdint>
#include <vector>

#include "shims/core/register_calls.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_compiler_helpers_impl {

namespace x86 = cpu::x86;
using registers::get_pair;
using registers::set_pair;

constexpr uint32_t kIntDivideByZero = 0xc0000094;

// A division by zero: the exception, raised at the helper's return (its 16 bytes popped).
void divide_by_zero(WindowsProcess& p) { raise_from_host_call(p, kIntDivideByZero, 0, {}, p.isa->ptr == 4 ? 16 : 0); }

int64_t _allmul(WindowsProcess&, int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
int64_t _alldiv(WindowsProcess& p, int64_t a, int64_t b) {
  if (!b) return divide_by_zero(p), 0;
  if (b == -1) return static_cast<int64_t>(0 - static_cast<uint64_t>(a));  // (INT64_MIN / -1 wraps, as `idiv`'s helper does)
  return a / b;
}
int64_t _allrem(WindowsProcess& p, int64_t a, int64_t b) {
  if (!b) return divide_by_zero(p), 0;
  return b == -1 ? 0 : a % b;
}
uint64_t _aulldiv(WindowsProcess& p, uint64_t a, uint64_t b) {
  if (!b) return divide_by_zero(p), 0;
  return a / b;
}
uint64_t _aullrem(WindowsProcess& p, uint64_t a, uint64_t b) {
  if (!b) return divide_by_zero(p), 0;
  return a % b;
}
// The remainder in ebx:ecx, the quotient returned (edx:eax).
int64_t _alldvrm(WindowsProcess& p, int64_t a, int64_t b) {
  if (!b) return divide_by_zero(p), 0;
  const int64_t q = b == -1 ? static_cast<int64_t>(0 - static_cast<uint64_t>(a)) : a / b;
  const int64_t r = b == -1 ? 0 : a % b;
  set_pair(p, x86::RBX, x86::RCX, static_cast<uint64_t>(r));
  return q;
}
uint64_t _aulldvrm(WindowsProcess& p, uint64_t a, uint64_t b) {
  if (!b) return divide_by_zero(p), 0;
  set_pair(p, x86::RBX, x86::RCX, a % b);
  return a / b;
}

// The shifts: edx:eax by cl (counts of 64 and more give 0, or the sign for _allshr).
uint64_t _allshl(WindowsProcess& p) {
  const uint64_t v = get_pair(p, x86::RDX, x86::RAX);
  const unsigned n = registers::get32(p, x86::RCX) & 0xff;
  return n >= 64 ? 0 : v << n;
}
int64_t _allshr(WindowsProcess& p) {
  const auto v = static_cast<int64_t>(get_pair(p, x86::RDX, x86::RAX));
  const unsigned n = registers::get32(p, x86::RCX) & 0xff;
  return v >> (n >= 64 ? 63 : n);
}
uint64_t _aullshr(WindowsProcess& p) {
  const uint64_t v = get_pair(p, x86::RDX, x86::RAX);
  const unsigned n = registers::get32(p, x86::RCX) & 0xff;
  return n >= 64 ? 0 : v >> n;
}

// i386's _chkstk (and _alloca_probe, the same function): eax bytes below the caller's stack pointer
// are the caller's; they are touched a page at a time from the top (as the probe commits a stack
// growing through its guard page: polyrun's stacks are mapped whole, and the touch finds them so),
// then the thunk returns with esp below them. On x64 the name is no function of Windows'; it
// touches the pages as __chkstk does.
void touch_pages(uint64_t top, uint64_t bytes) {
  if (!bytes || bytes > top) return;
  const uint64_t bottom = top - bytes;
  for (uint64_t at = top; at > bottom;) {
    at = at - bottom > 0x1000 ? at - 0x1000 : bottom;
    [[maybe_unused]] volatile uint8_t touched = get<uint8_t>(at);
  }
}
void _chkstk(WindowsProcess& p) {
  if (p.isa->ptr == 8) {
    touch_pages(p.cpu().reg(x86::RSP) + 8, p.cpu().reg(x86::RAX));
    return;
  }
  const uint32_t esp = registers::get32(p, x86::RSP), bytes = registers::get32(p, x86::RAX);
  const uint32_t ret = get<uint32_t>(esp);
  const uint32_t caller = esp + 4, below = caller - bytes;
  touch_pages(caller, bytes);
  // The thunk's `ret` pops the return address, written just below the new top.
  put<uint32_t>(below - 4, ret);
  registers::set32(p, x86::RSP, below - 4);
  registers::set32(p, x86::RAX, ret);
}
// x64's __chkstk: rax bytes below the caller's stack pointer touched; every register kept.
void __chkstk(WindowsProcess& p) {
  const uint64_t sp = p.cpu().reg(x86::RSP) + (p.isa->ptr == 8 ? 8 : 4);
  touch_pages(sp, p.isa->ptr == 8 ? p.cpu().reg(x86::RAX) : registers::get32(p, x86::RAX));
}

// The calling thread's TEB (i386's NtCurrentTeb is a function; x64's an inline read of gs).
Ptr NtCurrentTeb(WindowsProcess& p) { return Ptr(p.thread().teb); }

}  // namespace ntdll_compiler_helpers_impl

const std::vector<Export>& ntdll_compiler_helper_exports() {
  using namespace ntdll_compiler_helpers_impl;
  static const std::vector<Export> exports = {
      EXPORT("_allmul", _allmul),
      EXPORT("_alldiv", _alldiv),
      EXPORT("_allrem", _allrem),
      EXPORT("_aulldiv", _aulldiv),
      EXPORT("_aullrem", _aullrem),
      EXPORT("_alldvrm", _alldvrm),
      EXPORT("_aulldvrm", _aulldvrm),
      EXPORT("_allshl", _allshl),
      EXPORT("_allshr", _allshr),
      EXPORT("_aullshr", _aullshr),
      EXPORT("_chkstk", _chkstk),
      EXPORT("_alloca_probe", _chkstk),
      EXPORT("__chkstk", __chkstk),
      EXPORT("NtCurrentTeb", NtCurrentTeb),
  };
  return exports;
}

}  // namespace polyrun::shims
