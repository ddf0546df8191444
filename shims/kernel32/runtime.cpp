// KERNEL32.dll (and the API sets and small DLLs that forward to the same functions), what compiler
// runtimes call around start-up and failure: interlocked singly linked lists, encoded pointers and
// vectored exception handlers (NTDLL's functions, ntdll/rtl_runtime.cpp, as Windows' KERNEL32
// forwards them), debugger queries, UnhandledExceptionFilter, the error modes, stack guarantees,
// the system's random generator (ProcessPrng), module lookups by
// address, and the system and Windows directories.
#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "shims/kernel32/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/hresult.h"
#include "shims/core/register_calls.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"
#include "shims/ntdll/runtime.h"

namespace polyrun::shims {

namespace {

// ---- Error modes ----
// Which failures show the user a dialog box (none does here: the modes are only kept). Windows
// never clears SEM_NOALIGNMENTFAULTEXCEPT once a process set it; a thread's own mode takes only
// the bits a thread may set.
constexpr uint32_t kSemFailCriticalErrors = 0x1, kSemNoGpFaultErrorBox = 0x2, kSemNoAlignmentFaultExcept = 0x4,
                   kSemNoOpenFileErrorBox = 0x8000;

uint32_t SetErrorMode(WindowsProcess& p, uint32_t mode) {
  const uint32_t old = p.error_mode;
  p.error_mode = mode | (old & kSemNoAlignmentFaultExcept);
  return old;
}

uint32_t GetErrorMode(WindowsProcess& p) { return p.error_mode; }

BOOL SetThreadErrorMode(WindowsProcess& p, uint32_t mode, Ptr old) {
  if (mode & ~(kSemFailCriticalErrors | kSemNoGpFaultErrorBox | kSemNoOpenFileErrorBox)) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  if (old.addr) put<uint32_t>(old.addr, p.thread().error_mode);
  p.thread().error_mode = mode;
  return TRUE;
}

uint32_t GetThreadErrorMode(WindowsProcess& p) { return p.thread().error_mode; }

// Windows Error Reporting's flags for this process (WER_FAULT_REPORTING_*): kept, as the error
// modes are; there is no reporting to turn off.
int32_t WerSetFlags(WindowsProcess& p, uint32_t flags) {
  p.wer_flags = flags;
  return S_OK;
}
int32_t WerGetFlags(WindowsProcess& p, Ptr process, Ptr flags) {
  if (!flags || !p.is_current_process(process.addr)) return E_INVALIDARG;
  put<uint32_t>(flags.addr, p.wer_flags);
  return S_OK;
}

// ---- debugging and failure ----

BOOL IsDebuggerPresent(WindowsProcess&) { return FALSE; }
// With no debugger attached the string goes nowhere.
void OutputDebugStringA(WindowsProcess&, AStr) {}
void OutputDebugStringW(WindowsProcess&, WStr) {}

// The top-level filter: the program's own (SetUnhandledExceptionFilter) decides; without one the
// exception is reported and the caller is told to run its handler, which ends the process.
int32_t UnhandledExceptionFilter(WindowsProcess& p, Ptr pointers) {
  if (p.unhandled_filter) return static_cast<int32_t>(p.call_guest(p.unhandled_filter, {pointers.addr}));
  uint64_t rec = p.get_ptr(pointers.addr);
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: unhandled exception 0x%08x at 0x%llx\n", get<uint32_t>(rec),
               static_cast<unsigned long long>(p.get_ptr(rec + p.isa->seh->rec_address)));
  return 1;  // EXCEPTION_EXECUTE_HANDLER
}

// SetThreadStackGuarantee: the guest stack is committed in full, so any guarantee holds; the
// previous value (none asked for yet) is returned through the argument.
BOOL SetThreadStackGuarantee(WindowsProcess& p, Ptr size) {
  uint32_t asked = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, p.thread().stack_guarantee);
  p.thread().stack_guarantee = std::max(p.thread().stack_guarantee, asked);
  return TRUE;
}


// ---- randomness ----

bool random_bytes(uint64_t buf, uint64_t len) {
  uint64_t done = 0;
  while (done < len) {
    ssize_t n = ::getrandom(static_cast<char*>(guest_pointer(buf)) + done, len - done, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<uint64_t>(n);
  }
  return true;
}
BOOL ProcessPrng(WindowsProcess&, Ptr buf, USize len) { return random_bytes(buf.addr, len) ? TRUE : FALSE; }

// ---- modules by address, system directories ----

// A result string into a buffer of `size` characters: its length, or the size it needs.
uint32_t store_a(const std::string& s, Ptr buf, uint32_t size) {
  if (s.size() + 1 > size) return static_cast<uint32_t>(s.size() + 1);
  std::memcpy(guest_pointer(buf.addr), s.c_str(), s.size() + 1);
  return static_cast<uint32_t>(s.size());
}
uint32_t store_w(const std::string& s, Ptr buf, uint32_t size) {
  std::u16string w = utf8_to_utf16(s);
  if (w.size() + 1 > size) return static_cast<uint32_t>(w.size() + 1);
  std::memcpy(guest_pointer(buf.addr), w.c_str(), (w.size() + 1) * 2);
  return static_cast<uint32_t>(w.size());
}
// Where Windows keeps itself; no such directory backs these names here.
const std::string kWindowsDir = "C:\\windows", kSystemDir = "C:\\windows\\system32";
uint32_t GetWindowsDirectoryA(WindowsProcess&, Ptr buf, uint32_t size) { return store_a(kWindowsDir, buf, size); }
uint32_t GetWindowsDirectoryW(WindowsProcess&, Ptr buf, uint32_t size) { return store_w(kWindowsDir, buf, size); }
uint32_t GetSystemDirectoryA(WindowsProcess&, Ptr buf, uint32_t size) { return store_a(kSystemDir, buf, size); }
uint32_t GetSystemDirectoryW(WindowsProcess&, Ptr buf, uint32_t size) { return store_w(kSystemDir, buf, size); }

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp); the same functions serve the DLLs below.
const std::vector<Export>& kernel32_runtime_exports() {
  static const std::vector<Export> exports = {
      EXPORT("InitializeSListHead", ntdll_runtime::RtlInitializeSListHead),
      EXPORT_DIRECT("InterlockedPushEntrySList", ntdll_runtime::RtlInterlockedPushEntrySList),
      EXPORT_DIRECT("InterlockedPushListSListEx", ntdll_runtime::RtlInterlockedPushListSListEx),
      fastcall_export(EXPORT_METHOD("InterlockedPushListSList", ntdll_runtime::RtlInterlockedPushListSList), 8),
      EXPORT_DIRECT("InterlockedPopEntrySList", ntdll_runtime::RtlInterlockedPopEntrySList),
      EXPORT_DIRECT("InterlockedFlushSList", ntdll_runtime::RtlInterlockedFlushSList),
      EXPORT_DIRECT("QueryDepthSList", ntdll_runtime::RtlQueryDepthSList),
      EXPORT("SetErrorMode", SetErrorMode),
      EXPORT("GetErrorMode", GetErrorMode),
      EXPORT("WerSetFlags", WerSetFlags),
      EXPORT("WerGetFlags", WerGetFlags),
      EXPORT("SetThreadErrorMode", SetThreadErrorMode),
      EXPORT("GetThreadErrorMode", GetThreadErrorMode),
      EXPORT("IsDebuggerPresent", IsDebuggerPresent),
      EXPORT("OutputDebugStringA", OutputDebugStringA),
      EXPORT("OutputDebugStringW", OutputDebugStringW),
      EXPORT("UnhandledExceptionFilter", UnhandledExceptionFilter),
      EXPORT("EncodePointer", ntdll_runtime::RtlEncodePointer),
      EXPORT("DecodePointer", ntdll_runtime::RtlEncodePointer),
      EXPORT("EncodeSystemPointer", ntdll_runtime::RtlEncodePointer),
      EXPORT("DecodeSystemPointer", ntdll_runtime::RtlEncodePointer),
      EXPORT("AddVectoredExceptionHandler", ntdll_runtime::RtlAddVectoredExceptionHandler),
      EXPORT("RemoveVectoredExceptionHandler", ntdll_runtime::RtlRemoveVectoredExceptionHandler),
      EXPORT("AddVectoredContinueHandler", ntdll_runtime::RtlAddVectoredContinueHandler),
      EXPORT("RemoveVectoredContinueHandler", ntdll_runtime::RtlRemoveVectoredContinueHandler),
      EXPORT("SetThreadStackGuarantee", SetThreadStackGuarantee),
      EXPORT("GetWindowsDirectoryA", GetWindowsDirectoryA),
      EXPORT("GetWindowsDirectoryW", GetWindowsDirectoryW),
      EXPORT("GetSystemDirectoryA", GetSystemDirectoryA),
      EXPORT("GetSystemDirectoryW", GetSystemDirectoryW),
  };
  return exports;
}

// bcryptprimitives.dll: the random generator (BCRYPT.dll is bcrypt/bcrypt.cpp).
const Dll kBcryptprimitives{"bcryptprimitives.dll", false, {EXPORT("ProcessPrng", ProcessPrng)}};

}  // namespace polyrun::shims
