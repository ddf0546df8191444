// msvcrt.dll, the C runtime's own signals: signal, raise and abort deliver them to the program's
// handlers; _assert and _wassert; _XcptFilter, the filter of the runtime's __try around main,
// which gives hardware exceptions to the SIGSEGV, SIGILL and SIGFPE handlers (with the thread's
// __pxcptinfoptrs and __fpecode), _seh_filter_dll and __CppXcptFilter.
#include <cerrno>
#include <cstdio>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"

namespace polyrun::shims {

namespace {

// ---- signals (the C runtime's own: raise() and abort() deliver them to signal() handlers) ----

constexpr int kSigAbrt = 22, kSigFpe = 8, kSigIll = 4, kSigInt = 2, kSigSegv = 11, kSigTerm = 15;
constexpr uint64_t kSigDfl = 0, kSigIgn = 1, kSigErr = ~0ull;

bool known_signal(int sig) {
  return sig == kSigAbrt || sig == kSigFpe || sig == kSigIll || sig == kSigInt || sig == kSigSegv ||
         sig == kSigTerm || sig == 21 /* SIGBREAK */ || sig == 6 /* SIGABRT_COMPAT */;
}

Ptr signal_(WindowsProcess& p, int32_t sig, Ptr handler) {
  if (!known_signal(sig)) {
    *guest_errno(p) = EINVAL;
    return Ptr(kSigErr);
  }
  if (sig == 6) sig = kSigAbrt;
  uint64_t old = p.signal_handlers[sig];
  p.signal_handlers[sig] = handler.addr;
  if (sig == kSigInt || sig == 21 /* SIGBREAK */) console_ctrl_changed(p);
  return Ptr(old);
}

// Runs a handler the program installed (reset to SIG_DFL first, as the C runtime does).
// Returns false when the signal takes its default action.
bool deliver(WindowsProcess& p, int sig) {
  uint64_t h = p.signal_handlers[sig];
  if (h == kSigIgn) return true;
  if (h == kSigDfl) return false;
  p.signal_handlers[sig] = kSigDfl;
  if (sig == kSigInt || sig == 21 /* SIGBREAK */) console_ctrl_changed(p);
  p.call_guest(h, {static_cast<uint64_t>(sig)});
  return true;
}

void abort_(WindowsProcess& p) {
  if (deliver(p, kSigAbrt) && p.exited) return;  // a handler that exits
  flush_all(p);
  if (crt_abort_writes_message(p))
    std::fputs("\nThis application has requested the Runtime to terminate it in an unusual way.\n", stderr);
  p.onexit.clear();
  p.terminate(3);
}

// _assert and _wassert: "Assertion failed: EXPRESSION, file FILE, line N" on stderr, then
// abort() (a console program's report; Windows shows a message box instead where the error mode
// asks for one, which a console here has not got).
void assertion_failed(WindowsProcess& p, const std::string& expression, const std::string& file, uint32_t line) {
  std::string text = "Assertion failed: " + expression + ", file " + file + ", line " + std::to_string(line) + "\n";
  write_formatted(p, Ptr(iob(p) + 2 * file_size(p)), text);
  abort_(p);
}
void _assert_(WindowsProcess& p, CStr expression, CStr file, uint32_t line) {
  assertion_failed(p, expression.str(), file.str(), line);
}
void _wassert_(WindowsProcess& p, WStr expression, WStr file, uint32_t line) {
  assertion_failed(p, utf16_to_utf8(expression.str()), utf16_to_utf8(file.str()), line);
}

int32_t raise_(WindowsProcess& p, int32_t sig) {
  if (sig == 6) sig = kSigAbrt;
  if (!known_signal(sig)) return -1;
  if (deliver(p, sig)) return 0;
  // Default actions: SIGABRT ends with status 3, the others with the C runtime's exit code.
  flush_all(p);
  p.onexit.clear();
  p.terminate(sig == kSigAbrt ? 3 : sig == kSigInt ? static_cast<int>(0xc000013a) : 3);
  return 0;
}

// The thread's exception pointers while a signal handler _XcptFilter called runs (__pxcptinfoptrs)
// and the floating-point exception's code (__fpecode): variables of the thread's own.
uint64_t xcptinfo_slot(WindowsProcess& p) {
  uint64_t& slot = crt_thread(p).xcptinfo;
  if (!slot) slot = p.alloc_data(8);
  return slot;
}
uint64_t fpecode_slot(WindowsProcess& p) {
  uint64_t& slot = crt_thread(p).fpecode;
  if (!slot) slot = p.alloc_data(4);
  return slot;
}
Ptr __pxcptinfoptrs_(WindowsProcess& p) { return Ptr(xcptinfo_slot(p)); }
Ptr __fpecode_(WindowsProcess& p) { return Ptr(fpecode_slot(p)); }

// _XcptFilter: the filter of the C runtime's own __try around main. Hardware exceptions go to the
// signal() handler the program installed for them (SIGSEGV, SIGILL, SIGFPE; SIGFPE's gets the
// exception's _FPE_ code second, <float.h>), with __pxcptinfoptrs giving the exception's pointers
// while it runs; with none, the search goes on (EXCEPTION_CONTINUE_SEARCH, 0); after a handler,
// execution continues (-1).
int32_t _XcptFilter_(WindowsProcess& p, uint32_t code, Ptr pointers) {
  int sig;
  int32_t fpe = 0x81;  // _FPE_INVALID
  switch (code) {
    case 0xc0000005u: sig = kSigSegv; break;  // STATUS_ACCESS_VIOLATION
    case 0xc000001du: case 0xc0000096u: sig = kSigIll; break;  // illegal / privileged instruction
    case 0xc000008du: fpe = 0x82; sig = kSigFpe; break;  // denormal operand: _FPE_DENORMAL
    case 0xc000008eu: fpe = 0x83; sig = kSigFpe; break;  // divide by zero: _FPE_ZERODIVIDE
    case 0xc000008fu: fpe = 0x86; sig = kSigFpe; break;  // inexact result: _FPE_INEXACT
    case 0xc0000090u: fpe = 0x81; sig = kSigFpe; break;  // invalid operation: _FPE_INVALID
    case 0xc0000091u: fpe = 0x84; sig = kSigFpe; break;  // overflow: _FPE_OVERFLOW
    case 0xc0000092u: fpe = 0x8a; sig = kSigFpe; break;  // stack check: _FPE_STACKOVERFLOW
    case 0xc0000093u: fpe = 0x85; sig = kSigFpe; break;  // underflow: _FPE_UNDERFLOW
    case 0xc00002b4u: case 0xc00002b5u: sig = kSigFpe; break;  // multiple faults or traps
    default: return 0;
  }
  uint64_t h = p.signal_handlers[sig];
  if (h == kSigDfl) return 0;
  if (h == kSigIgn) return -1;
  p.signal_handlers[sig] = kSigDfl;
  const uint64_t slot = xcptinfo_slot(p), saved = p.get_ptr(slot);
  p.put_ptr(slot, pointers.addr);
  if (sig == kSigFpe) {
    put<int32_t>(fpecode_slot(p), fpe);
    p.call_guest(h, {static_cast<uint64_t>(sig), static_cast<uint64_t>(fpe)});
  } else {
    p.call_guest(h, {static_cast<uint64_t>(sig)});
  }
  p.put_ptr(slot, saved);
  return -1;
}
// __CppXcptFilter: _XcptFilter for C++ exceptions (0xE06D7363) alone; the search goes on for others.
int32_t __CppXcptFilter_(WindowsProcess& p, uint32_t code, Ptr pointers) {
  return code == 0xe06d7363u ? _XcptFilter_(p, code, pointers) : 0;
}
// _seh_filter_dll: a DLL's: as _XcptFilter, but for STATUS_CONTROL_C_EXIT, which it leaves to the
// next handler.
int32_t _seh_filter_dll_(WindowsProcess& p, uint32_t code, Ptr pointers) {
  return code == 0xc000013au ? 0 : _XcptFilter_(p, code, pointers);
}

}  // namespace

// terminate(): the thread's terminate handler (set_terminate, msvcrt/cxx_handlers.cpp), then abort.
void msvcrt_terminate(WindowsProcess& p) {
  if (uint64_t h = crt_thread(p).terminate_handler) p.call_guest(h, {});
  abort_(p);
}

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_signals_exports() {
  static const std::vector<Export> exports = {
      EXPORT("abort", abort_),
      EXPORT("_assert", _assert_),
      EXPORT("_wassert", _wassert_),
      EXPORT("signal", signal_),
      EXPORT("raise", raise_),
      EXPORT("_XcptFilter", _XcptFilter_),
      EXPORT("_seh_filter_exe", _XcptFilter_),  // the Universal CRT's name for it
      EXPORT("_seh_filter_dll", _seh_filter_dll_),
      EXPORT("__CppXcptFilter", __CppXcptFilter_),
      EXPORT("__pxcptinfoptrs", __pxcptinfoptrs_),
      EXPORT("__fpecode", __fpecode_),
  };
  return exports;
}

}  // namespace polyrun::shims
