// msvcrt.dll, the C runtime's own signals: signal, raise and abort deliver them to the program's
// handlers; _assert and _wassert; _XcptFilter, the filter of the runtime's __try around main,
// which gives hardware exceptions to the SIGSEGV, SIGILL and SIGFPE handlers.
#include <cerrno>
#include <cstdio>
#include <string>

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

// _XcptFilter: the filter of the C runtime's own __try around main. Hardware exceptions go to the
// signal() handler the program installed for them (SIGSEGV, SIGILL, SIGFPE); with none, the search
// goes on (EXCEPTION_CONTINUE_SEARCH, 0); after a handler, execution continues (-1).
int32_t _XcptFilter_(WindowsProcess& p, uint32_t code, Ptr pointers) {
  (void)pointers;
  int sig;
  switch (code) {
    case 0xc0000005u: sig = kSigSegv; break;  // STATUS_ACCESS_VIOLATION
    case 0xc000001du: case 0xc0000096u: sig = kSigIll; break;  // illegal / privileged instruction
    case 0xc000008du: case 0xc000008eu: case 0xc000008fu: case 0xc0000090u:
    case 0xc0000091u: case 0xc0000092u: case 0xc0000093u: case 0xc00002b4u: case 0xc00002b5u:
      sig = kSigFpe; break;  // floating-point exceptions
    default: return 0;
  }
  uint64_t h = p.signal_handlers[sig];
  if (h == kSigDfl) return 0;
  if (h == kSigIgn) return -1;
  p.signal_handlers[sig] = kSigDfl;
  p.call_guest(h, {static_cast<uint64_t>(sig)});
  return -1;
}

}  // namespace

void msvcrt_terminate(WindowsProcess& p) { abort_(p); }

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
  };
  return exports;
}

}  // namespace polyrun::shims
