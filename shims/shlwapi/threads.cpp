// SHLWAPI's (and SHCore's) SHCreateThread: the caller's thread procedure on a new thread, as the
// shell starts its worker threads. The new thread first initializes COM (CTF_COINIT: a
// single-threaded apartment, else the multithreaded one) and runs the optional callback while the
// creating thread waits; then the creator goes on and the new thread runs the procedure, holding
// the creator's thread reference (CTF_THREAD_REF: SHGetThreadRef's object, AddRef'd) until it
// ends or calls SHReleaseThreadRef. When no thread can be made, CTF_INSIST runs the procedure on
// the calling thread (only without a callback); else FALSE. The thread is KERNEL32's CreateThread's,
// started at a function of SHLWAPI's own (shlwapi/system_calls.h for the calls).
#include <cstring>
#include <vector>

#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/ole32/com_object.h"
#include "shims/shlwapi/system_calls.h"

namespace polyrun::shims::shlwapi_threads {

namespace {

constexpr uint32_t kInsist = 0x1, kThreadRef = 0x2, kCoInit = 0x8;
constexpr uint32_t kCoinitApartmentThreaded = 0x2, kCoinitDisableOle1Dde = 0x4, kInfinite = 0xffffffff;

uint64_t k32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return shlwapi_calls::call(p, "kernel32.dll", name, args);
}

// What the new thread is given: a block of the process heap with the procedure, the callback, the
// data, the flags, the event the creator waits on and the thread reference.
struct Start {
  uint64_t proc, callback, data, flags, event, thread_ref;
};
constexpr unsigned kFields = 6;

// The thread's reference taken from its creator (SHReleaseThreadRef lets it go early).
struct HeldRef : DllStateBase {
  uint64_t object = 0;
};

uint32_t thread_start(WindowsProcess& p, Ptr block) {
  const unsigned w = p.isa->ptr;
  Start s{};
  uint64_t* fields[kFields] = {&s.proc, &s.callback, &s.data, &s.flags, &s.event, &s.thread_ref};
  for (unsigned i = 0; i < kFields; ++i) *fields[i] = p.get_ptr(block.addr + i * w);
  dll_state<HeldRef>(p.thread()).object = s.thread_ref;
  HRESULT co = E_FAIL;
  if (s.flags & kCoInit) {
    co = static_cast<HRESULT>(shlwapi_calls::call(p, "ole32.dll", "CoInitializeEx", {0, kCoinitApartmentThreaded | kCoinitDisableOle1Dde}));
    if (co < 0) co = static_cast<HRESULT>(shlwapi_calls::call(p, "ole32.dll", "CoInitializeEx", {0, kCoinitDisableOle1Dde}));
  }
  if (s.callback) p.call_guest(s.callback, {s.data});
  k32(p, "SetEvent", {s.event});  // (the creator frees the block once it wakes)
  const uint32_t result = static_cast<uint32_t>(p.call_guest(s.proc, {s.data}));
  if (const uint64_t ref = dll_state<HeldRef>(p.thread()).object) {
    dll_state<HeldRef>(p.thread()).object = 0;
    call_method(p, ref, kRelease);
  }
  if (co >= 0 && (s.flags & kCoInit)) shlwapi_calls::call(p, "ole32.dll", "CoUninitialize", {});
  return result;
}
const Export kThreadStart = EXPORT("SHCreateThread's thread", thread_start);

BOOL SHCreateThread(WindowsProcess& p, Ptr proc, Ptr data, uint32_t flags, Ptr callback) {
  const unsigned w = p.isa->ptr;
  uint64_t thread_ref = 0;
  if (flags & kThreadRef) {
    shlwapi_calls::GuestBlock out(p, 8);
    if (shlwapi_calls::call(p, "shlwapi.dll", "SHGetThreadRef", {out.addr()}) == 0) thread_ref = p.get_ptr(out.addr());
  }
  BOOL called = FALSE;
  const uint64_t event = k32(p, "CreateEventW", {0, 0, 0, 0});
  if (event) {
    const uint64_t block = p.heap.alloc(kFields * w, true);
    const uint64_t fields[kFields] = {proc.addr, callback.addr, data.addr, flags, event, thread_ref};
    for (unsigned i = 0; i < kFields; ++i) p.put_ptr(block + i * w, fields[i]);
    const uint64_t start = p.export_thunk(nullptr, "SHLWAPI.dll", kThreadStart.name, &kThreadStart);
    shlwapi_calls::GuestBlock id(p, 4);
    const uint64_t thread = k32(p, "CreateThread", {0, 0, start, block, 0, id.addr()});
    if (thread) {
      k32(p, "WaitForSingleObject", {event, kInfinite});
      k32(p, "CloseHandle", {thread});
      called = TRUE;
    }
    p.heap.free(block);
    k32(p, "CloseHandle", {event});
  }
  if (!called) {
    if (!callback && (flags & kInsist)) {
      p.call_guest(proc.addr, {data.addr});  // no thread: the procedure on this one
      called = TRUE;
    }
    if (thread_ref) call_method(p, thread_ref, kRelease);
  }
  return called;
}

// SHReleaseThreadRef: the reference SHCreateThread's thread holds for its creator (CTF_THREAD_REF)
// released before the thread ends; nothing to do on a thread that holds none.
HRESULT SHReleaseThreadRef(WindowsProcess& p) {
  if (const uint64_t ref = dll_state<HeldRef>(p.thread()).object) {
    dll_state<HeldRef>(p.thread()).object = 0;
    call_method(p, ref, kRelease);
  }
  return S_OK;
}

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {
      EXPORT("SHCreateThread", SHCreateThread),
      EXPORT("SHReleaseThreadRef", SHReleaseThreadRef),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_threads
