// KERNEL32.dll (and the API sets and small DLLs that forward to the same functions), what compiler
// runtimes call around start-up and failure: interlocked singly linked lists, debugger queries,
// UnhandledExceptionFilter, the error modes, encoded pointers, vectored exception handlers, stack guarantees,
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
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"

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

// ---- SLIST_HEADER ----
// x64: 16 bytes, Depth (16 bits) and Sequence (48) in the first quadword, the first entry's
// address in the second (entries are 16-byte aligned). i386: 8 bytes, Next (32), Depth (16),
// Sequence (16). An entry starts with its Next pointer. Every change is one compare-exchange of
// the whole header (cmpxchg16b on x64), so the list is lock-free and atomic with the program's
// other threads, whatever they run; the sequence, bumped by every push and pop, keeps a pop from
// succeeding on a header that was popped and pushed back meanwhile.

struct SList {
  uint64_t first, depth, sequence;
};

// The header's raw words (lo, hi; i386: one 8-byte word in lo).
struct SListWords {
  uint64_t lo = 0, hi = 0;
};

SListWords load_slist(WindowsProcess& p, uint64_t head) {
  if (p.isa->ptr == 8)
    return {__atomic_load_n(reinterpret_cast<uint64_t*>(head), __ATOMIC_ACQUIRE),
            __atomic_load_n(reinterpret_cast<uint64_t*>(head + 8), __ATOMIC_ACQUIRE)};
  return {__atomic_load_n(reinterpret_cast<uint64_t*>(head), __ATOMIC_ACQUIRE), 0};
}

SList decode_slist(WindowsProcess& p, SListWords w) {
  if (p.isa->ptr == 8) return {w.hi & ~15ull, w.lo & 0xffff, w.lo >> 16};
  return {w.lo & 0xffffffffu, (w.lo >> 32) & 0xffff, w.lo >> 48};
}

SListWords encode_slist(WindowsProcess& p, const SList& s) {
  if (p.isa->ptr == 8) return {(s.depth & 0xffff) | s.sequence << 16, s.first};
  return {(s.first & 0xffffffffu) | (s.depth & 0xffff) << 32 | (s.sequence & 0xffff) << 48, 0};
}

// An entry's Next pointer, read and written atomically: another thread may pop the entry and push
// it back (writing its link) while this one reads it for a pop that its compare-exchange will then
// refuse.
uint64_t slist_link(WindowsProcess& p, uint64_t entry) {
  if (p.isa->ptr == 8) return __atomic_load_n(reinterpret_cast<uint64_t*>(entry), __ATOMIC_RELAXED);
  return __atomic_load_n(reinterpret_cast<uint32_t*>(entry), __ATOMIC_RELAXED);
}
void set_slist_link(WindowsProcess& p, uint64_t entry, uint64_t next) {
  if (p.isa->ptr == 8) __atomic_store_n(reinterpret_cast<uint64_t*>(entry), next, __ATOMIC_RELAXED);
  else __atomic_store_n(reinterpret_cast<uint32_t*>(entry), static_cast<uint32_t>(next), __ATOMIC_RELAXED);
}

// Replaces the header's words `seen` with `next` if they are still there.
bool swap_slist(WindowsProcess& p, uint64_t head, SListWords seen, SListWords next) {
  if (p.isa->ptr == 4)
    return __atomic_compare_exchange_n(reinterpret_cast<uint64_t*>(head), &seen.lo, next.lo, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE);
  bool done;
  asm volatile("lock cmpxchg16b %1"
               : "=@ccz"(done), "+m"(*reinterpret_cast<unsigned __int128*>(head)), "+a"(seen.lo), "+d"(seen.hi)
               : "b"(next.lo), "c"(next.hi)
               : "memory");
  return done;
}

void InitializeSListHead(WindowsProcess& p, Ptr head) { std::memset(guest_pointer(head.addr), 0, 2 * p.isa->ptr); }

// Pushes the chain first … last (linked through their Next pointers) of `count` entries.
Ptr push_slist(WindowsProcess& p, uint64_t head, uint64_t first, uint64_t last, uint64_t count) {
  while (true) {
    SListWords seen = load_slist(p, head);
    SList s = decode_slist(p, seen);
    set_slist_link(p, last, s.first);
    if (swap_slist(p, head, seen, encode_slist(p, {first, s.depth + count, s.sequence + 1}))) return Ptr(s.first);
  }
}

Ptr InterlockedPushEntrySList(WindowsProcess& p, Ptr head, Ptr entry) { return push_slist(p, head.addr, entry.addr, entry.addr, 1); }
Ptr InterlockedPushListSListEx(WindowsProcess& p, Ptr head, Ptr first, Ptr last, uint32_t count) {
  return push_slist(p, head.addr, first.addr, last.addr, count);
}

Ptr InterlockedPopEntrySList(WindowsProcess& p, Ptr head) {
  while (true) {
    SListWords seen = load_slist(p, head.addr);
    SList s = decode_slist(p, seen);
    if (!s.first) return Ptr(0);
    uint64_t next = slist_link(p, s.first);
    if (swap_slist(p, head.addr, seen, encode_slist(p, {next, s.depth - 1, s.sequence + 1}))) return Ptr(s.first);
  }
}

Ptr InterlockedFlushSList(WindowsProcess& p, Ptr head) {
  while (true) {
    SListWords seen = load_slist(p, head.addr);
    SList s = decode_slist(p, seen);
    if (!s.first) return Ptr(0);
    if (swap_slist(p, head.addr, seen, encode_slist(p, {0, 0, s.sequence}))) return Ptr(s.first);
  }
}

uint16_t QueryDepthSList(WindowsProcess& p, Ptr head) { return static_cast<uint16_t>(decode_slist(p, load_slist(p, head.addr)).depth); }

// ---- debugging and failure ----

BOOL IsDebuggerPresent(WindowsProcess&) { return FALSE; }
// With no debugger attached the string goes nowhere.
void OutputDebugStringA(WindowsProcess&, CStr) {}
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

// Encoded pointers are only required to round-trip: a per-process secret XORed in.
constexpr uint64_t kPointerSecret = 0x5a3c96e1d2b4f087ull;
uint64_t encode(WindowsProcess& p, uint64_t v) {
  uint64_t x = v ^ kPointerSecret;
  return p.isa->ptr == 4 ? x & 0xffffffffu : x;
}
Ptr EncodePointer(WindowsProcess& p, Ptr v) { return Ptr(encode(p, v.addr)); }
Ptr DecodePointer(WindowsProcess& p, Ptr v) { return Ptr(encode(p, v.addr)); }
Ptr EncodeSystemPointer(WindowsProcess& p, Ptr v) { return Ptr(encode(p, v.addr)); }
Ptr DecodeSystemPointer(WindowsProcess& p, Ptr v) { return Ptr(encode(p, v.addr)); }

// ---- vectored exception and continue handlers (called by the exception dispatch: core/seh.cpp) ----

Ptr add_vectored(WindowsProcess& p, bool continue_handlers, uint32_t first, Ptr handler) {
  uint64_t entry = p.heap.alloc(16, true);  // the handle the caller removes it by
  auto& hs = vectored_list(p, continue_handlers);
  if (first) hs.insert(hs.begin(), {entry, handler.addr});
  else hs.push_back({entry, handler.addr});
  return Ptr(entry);
}

uint32_t remove_vectored(WindowsProcess& p, bool continue_handlers, Ptr entry) {
  auto& hs = vectored_list(p, continue_handlers);
  for (auto it = hs.begin(); it != hs.end(); ++it)
    if (it->first == entry.addr) {
      hs.erase(it);
      p.heap.free(entry.addr);
      return 1;
    }
  return 0;
}

Ptr AddVectoredExceptionHandler(WindowsProcess& p, uint32_t first, Ptr handler) {
  return add_vectored(p, false, first, handler);
}
uint32_t RemoveVectoredExceptionHandler(WindowsProcess& p, Ptr entry) { return remove_vectored(p, false, entry); }
Ptr AddVectoredContinueHandler(WindowsProcess& p, uint32_t first, Ptr handler) {
  return add_vectored(p, true, first, handler);
}
uint32_t RemoveVectoredContinueHandler(WindowsProcess& p, Ptr entry) { return remove_vectored(p, true, entry); }

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
      EXPORT("InitializeSListHead", InitializeSListHead),
      EXPORT_DIRECT("InterlockedPushEntrySList", InterlockedPushEntrySList),
      EXPORT_DIRECT("InterlockedPushListSListEx", InterlockedPushListSListEx),
      EXPORT_DIRECT("InterlockedPopEntrySList", InterlockedPopEntrySList),
      EXPORT_DIRECT("InterlockedFlushSList", InterlockedFlushSList),
      EXPORT_DIRECT("QueryDepthSList", QueryDepthSList),
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
      EXPORT("EncodePointer", EncodePointer),
      EXPORT("DecodePointer", DecodePointer),
      EXPORT("EncodeSystemPointer", EncodeSystemPointer),
      EXPORT("DecodeSystemPointer", DecodeSystemPointer),
      EXPORT("AddVectoredExceptionHandler", AddVectoredExceptionHandler),
      EXPORT("RemoveVectoredExceptionHandler", RemoveVectoredExceptionHandler),
      EXPORT("AddVectoredContinueHandler", AddVectoredContinueHandler),
      EXPORT("RemoveVectoredContinueHandler", RemoveVectoredContinueHandler),
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
