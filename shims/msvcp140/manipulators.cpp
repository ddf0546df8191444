// MSVCP140.dll's parameterised manipulators of <iomanip>: setw, setprecision, setbase, setiosflags
// and resetiosflags each return an _Smanip {function, argument}, which the program's inline
// operator<< and operator>> apply to the stream as function(ios_base&, argument). The functions
// are this DLL's (thunks): they set the ios_base's width or precision, or its format flags.
//
// ios_base as MSVC lays it out: vtable; size_t _Stdstr (8-aligned); int _Mystate, _Except,
// _Fmtfl; streamsize (64-bit) _Prec, _Wide; … — _Fmtfl at 24 on x64 and 20 on i386, _Prec at 32
// and 24, _Wide at 40 and 32. _Smanip<streamsize> holds its argument at offset 8 on both ISAs,
// _Smanip<int> just after the function pointer. Both are returned through the hidden pointer.
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp140/ios_internal.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

constexpr int32_t kDec = 0x200, kOct = 0x400, kHex = 0x800, kBasefield = kDec | kOct | kHex, kFlagsMask = 0xffff;

uint64_t fmtfl_at(const WindowsProcess& p, uint64_t ios) { return ios + objects::ios_layout(p).fmtfl; }

// ios_base::setf(flags, mask): the flags under the mask replaced.
void setf(const WindowsProcess& p, uint64_t ios, int32_t flags, int32_t mask) {
  const int32_t old = get<int32_t>(fmtfl_at(p, ios));
  put<int32_t>(fmtfl_at(p, ios), (old & ~mask) | (flags & mask & kFlagsMask));
}

// ---- the functions an _Smanip carries (cdecl: ios_base&, argument) ----
void apply_width(WindowsProcess& p, Ptr ios, Streamsize width) {
  put_streamsize(p, ios.addr + objects::ios_layout(p).wide, ssize(p, width));
}
void apply_precision(WindowsProcess& p, Ptr ios, Streamsize prec) {
  put_streamsize(p, ios.addr + objects::ios_layout(p).prec, ssize(p, prec));
}
void apply_setflags(WindowsProcess& p, Ptr ios, int32_t mask) { setf(p, ios.addr, kFlagsMask, mask); }
void apply_resetflags(WindowsProcess& p, Ptr ios, int32_t mask) { setf(p, ios.addr, 0, mask); }
// The base's flag: 8, 10 and 16 have one; any other base clears the base field.
void apply_base(WindowsProcess& p, Ptr ios, int32_t base) {
  const int32_t flag = base == 10 ? kDec : base == 8 ? kOct : base == 16 ? kHex : 0;
  setf(p, ios.addr, flag, kBasefield);
}

enum Applier { kWidth, kPrecision, kSetFlags, kResetFlags, kBase };
const std::vector<Export>& appliers() {
  static const std::vector<Export> a = {
      EXPORT("std::_Smanip: width", apply_width),
      EXPORT("std::_Smanip: precision", apply_precision),
      EXPORT("std::_Smanip: setiosflags", apply_setflags),
      EXPORT("std::_Smanip: resetiosflags", apply_resetflags),
      EXPORT("std::_Smanip: setbase", apply_base),
  };
  return a;
}
uint64_t applier(WindowsProcess& p, Applier which) {
  const Export& e = appliers()[which];
  return p.export_thunk(&this_dll(), this_dll().name, e.name, &e);
}

// _Smanip<streamsize>: the function, then the argument (8-aligned when it is an __int64).
Ptr manip_size(WindowsProcess& p, Ptr ret, Applier which, int64_t arg) {
  p.put_ptr(ret.addr, applier(p, which));
  put_streamsize(p, ret.addr + (streamsize_bytes(p) == 8 ? 8 : p.isa->ptr), arg);
  return ret;
}
Ptr manip32(WindowsProcess& p, Ptr ret, Applier which, int32_t arg) {
  p.put_ptr(ret.addr, applier(p, which));
  put<int32_t>(ret.addr + p.isa->ptr, arg);
  return ret;
}

Ptr setw(WindowsProcess& p, Ptr ret, Streamsize width) { return manip_size(p, ret, kWidth, ssize(p, width)); }
Ptr setprecision(WindowsProcess& p, Ptr ret, Streamsize prec) { return manip_size(p, ret, kPrecision, ssize(p, prec)); }
Ptr setiosflags(WindowsProcess& p, Ptr ret, int32_t mask) { return manip32(p, ret, kSetFlags, mask); }
Ptr resetiosflags(WindowsProcess& p, Ptr ret, int32_t mask) { return manip32(p, ret, kResetFlags, mask); }
Ptr setbase(WindowsProcess& p, Ptr ret, int32_t base) { return manip32(p, ret, kBase, base); }

}  // namespace

const std::vector<Export>& manipulator_exports() {
  static const std::vector<Export> e = {
      MSVCP_FUNCTION("?setw@std@@YA?AU?$_Smanip@" MSVCP_SIZE86 "@1@" MSVCP_SIZE86 "@Z", "?setw@std@@YA?AU?$_Smanip@_J@1@_J@Z", setw),
      MSVCP_FUNCTION("?setprecision@std@@YA?AU?$_Smanip@" MSVCP_SIZE86 "@1@" MSVCP_SIZE86 "@Z",
                     "?setprecision@std@@YA?AU?$_Smanip@_J@1@_J@Z", setprecision),
      EXPORT("?setiosflags@std@@YA?AU?$_Smanip@H@1@H@Z", setiosflags),
      EXPORT("?resetiosflags@std@@YA?AU?$_Smanip@H@1@H@Z", resetiosflags),
      EXPORT("?setbase@std@@YA?AU?$_Smanip@H@1@H@Z", setbase),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
