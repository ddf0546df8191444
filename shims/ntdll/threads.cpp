// NTDLL's threads and the process's end: RtlCreateUserThread and NtCreateThreadEx (a thread of this
// process, core's create_thread), RtlExitUserThread, RtlExitUserProcess (which KERNEL32's
// ExitProcess is), NtFlushInstructionCache (the CPU engine's translations of the range dropped, as
// KERNEL32's FlushInstructionCache) and NtFlushProcessWriteBuffers (which KERNEL32's
// FlushProcessWriteBuffers is), NtQueryInformationThread and NtSetInformationThread (a few classes).
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <algorithm>
#include <map>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/runtime.h"

namespace polyrun::shims {

namespace ntdll_runtime {

// The CRT's atexit functions do not run (ExitProcess's rule); the DLLs get DLL_PROCESS_DETACH.
void RtlExitUserProcess(WindowsProcess& p, uint32_t code) {
  p.onexit.clear();
  note_orderly_exit(p);
  p.terminate(static_cast<int>(code));
}

// Every thread of the process sees the stores of every other before this returns: membarrier's
// private expedited command (a barrier on every processor running one of its threads), or where the
// host refuses it, a page's protection changed, whose TLB shootdown reaches the same processors.
void FlushProcessWriteBuffers(WindowsProcess&) {
  static std::atomic<int> registered{0};
  constexpr int kCmdPrivateExpedited = 1 << 3, kCmdRegisterPrivateExpedited = 1 << 4;  // MEMBARRIER_CMD_*
  int r = registered.load();
  if (r == 0) {
    r = ::syscall(__NR_membarrier, kCmdRegisterPrivateExpedited, 0, 0) == 0 ? 1 : -1;
    registered.store(r);
  }
  if (r == 1 && ::syscall(__NR_membarrier, kCmdPrivateExpedited, 0, 0) == 0) return;
  static char* page = static_cast<char*>(::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ::mprotect(page, 4096, PROT_READ | PROT_WRITE);
  __atomic_add_fetch(page, 1, __ATOMIC_SEQ_CST);
  ::mprotect(page, 4096, PROT_READ);
}

}  // namespace ntdll_runtime

namespace ntdll_threads_impl {

using namespace ntdll_runtime;

constexpr uint32_t kAccessDenied = 0xc0000022;

// A thread of this process: its handle and CLIENT_ID {UniqueProcess, UniqueThread}. Another
// process's: STATUS_ACCESS_DENIED, what Windows answers a caller without PROCESS_CREATE_THREAD on it
// (polyrun runs no code in another process).
uint32_t create(WindowsProcess& p, uint64_t process, uint64_t start, uint64_t param, uint64_t stack, bool suspended,
                Ptr handle, Ptr client_id) {
  if (!p.is_current_process(process)) return kAccessDenied;
  uint32_t id = 0;
  const uint64_t h = create_thread(p, start, param, stack, suspended, &id);
  if (!h) return nt::kNoMemory;
  p.put_ptr(handle.addr, h);
  if (client_id) {
    p.put_ptr(client_id.addr, static_cast<uint64_t>(::getpid()));
    p.put_ptr(client_id.addr + p.isa->ptr, id);
  }
  return nt::kSuccess;
}

// RtlCreateUserThread(process, security descriptor, suspended, zero bits, stack reserve, stack
// commit, start, parameter, &handle, &client id).
uint32_t RtlCreateUserThread(WindowsProcess& p, Ptr process, Ptr, uint8_t suspended, uint32_t, USize reserve, USize commit,
                             Ptr start, Ptr param, Ptr handle, Ptr client_id) {
  return create(p, process.addr, start.addr, param.addr, reserve ? reserve : commit, suspended, handle, client_id);
}

// NtCreateThreadEx(&handle, access, attributes, process, start, parameter, flags
// (THREAD_CREATE_FLAGS_CREATE_SUSPENDED 1), zero bits, stack size, maximum stack size, attribute
// list).
uint32_t NtCreateThreadEx(WindowsProcess& p, Ptr handle, uint32_t, Ptr, Ptr process, Ptr start, Ptr param, uint32_t flags,
                          USize, USize stack, USize max_stack, Ptr) {
  return create(p, process.addr, start.addr, param.addr, max_stack ? max_stack : stack, flags & 1, handle, Ptr(0));
}

void RtlExitUserThread(WindowsProcess& p, uint32_t code) { exit_thread(p, code); }

uint32_t NtFlushProcessWriteBuffers(WindowsProcess& p) {
  FlushProcessWriteBuffers(p);
  return nt::kSuccess;
}

uint32_t NtFlushInstructionCache(WindowsProcess& p, Ptr process, Ptr addr, USize size) {
  if (!p.is_current_process(process.addr)) return kAccessDenied;
  if (addr && size.v) p.cpu().invalidate(addr.addr, addr.addr + size.v);
  return nt::kSuccess;
}

// ---- NtQueryInformationThread / NtSetInformationThread ----

// The thread a handle names: its object (the calling thread's for its pseudo handle).
Waitable* thread_object(WindowsProcess& p, uint64_t h) {
  return p.is_current_thread(h) ? p.thread().object.get() : waitable_of_kind(p, h, Waitable::Kind::Thread);
}

// ThreadBasicInformation (0): ExitStatus (STATUS_PENDING while it runs), TebBaseAddress, ClientId,
// AffinityMask, Priority, BasePriority; ThreadAmILastThread (12); ThreadNameInformation (38): a
// UNICODE_STRING of the description and its text after it. Other classes: STATUS_INVALID_INFO_CLASS.
uint32_t NtQueryInformationThread(WindowsProcess& p, Ptr h, uint32_t cls, Ptr out, uint32_t size, Ptr returned) {
  Waitable* t = thread_object(p, h.addr);
  if (!t) return nt::kInvalidHandle;
  const unsigned w = p.isa->ptr;
  auto answer = [&](uint32_t bytes, auto fill) {
    put<uint32_t>(returned.addr, bytes);
    if (size != bytes) return nt::kInfoLengthMismatch;
    std::memset(out.as<void>(), 0, bytes);
    fill();
    return nt::kSuccess;
  };
  switch (cls) {
    case 0: {
      const uint32_t bytes = w == 8 ? 48 : 28;
      return answer(bytes, [&] {
        const bool ended = t->count > 0;
        put<uint32_t>(out.addr, ended ? t->exit_code : nt::kPending);
        const WindowsThread* th = find_thread(p, t->id);
        p.put_ptr(out.addr + w, th ? th->teb : 0);
        p.put_ptr(out.addr + 2 * w, static_cast<uint64_t>(::getpid()));
        p.put_ptr(out.addr + 3 * w, t->id);
        p.put_ptr(out.addr + 4 * w, w == 4 ? processor_mask() & 0xffffffffu : processor_mask());
        put<int32_t>(out.addr + 5 * w, 8 + p.thread_priority);  // a normal process's base 8 and the thread's level
        put<int32_t>(out.addr + 5 * w + 4, p.thread_priority);
      });
    }
    case 12:
      return answer(4, [&] { put<uint32_t>(out.addr, p.live_threads == 1); });
    case 38: {
      const uint32_t text = static_cast<uint32_t>(t->description.size() * 2);
      const uint32_t head = 2 * w;
      put<uint32_t>(returned.addr, head + text);
      if (size < head + text) return nt::kBufferTooSmall;
      std::memcpy(guest_pointer(out.addr + head), t->description.data(), text);
      put<uint16_t>(out.addr, static_cast<uint16_t>(text));
      put<uint16_t>(out.addr + 2, static_cast<uint16_t>(text));
      p.put_ptr(out.addr + w, out.addr + head);
      return nt::kSuccess;
    }
    default:
      return nt::kInvalidInfoClass;
  }
}

// ThreadBasePriority (3: a LONG of THREAD_PRIORITY_* levels, as SetThreadPriority takes),
// ThreadHideFromDebugger (17, no data: there is no debugger to hide from), ThreadNameInformation
// (38: a UNICODE_STRING, SetThreadDescription's). Other classes: STATUS_INVALID_INFO_CLASS.
uint32_t NtSetInformationThread(WindowsProcess& p, Ptr h, uint32_t cls, Ptr in, uint32_t size) {
  Waitable* t = thread_object(p, h.addr);
  if (!t) return nt::kInvalidHandle;
  switch (cls) {
    case 3: {
      if (size != 4) return nt::kInfoLengthMismatch;
      const int32_t level = get<int32_t>(in.addr);
      if (!((level >= -2 && level <= 2) || level == -15 || level == 15)) return nt::kInvalidParameter;
      p.thread_priority = level;
      return nt::kSuccess;
    }
    case 17:
      return size ? nt::kInfoLengthMismatch : nt::kSuccess;
    case 38: {
      if (size != 2 * p.isa->ptr) return nt::kInfoLengthMismatch;
      t->description = ntdll_text::unicode_of(p, in.addr);
      return nt::kSuccess;
    }
    default:
      return nt::kInvalidInfoClass;
  }
}


// ---- user stacks ----

// The stacks RtlCreateUserStack made, by their DeallocationStack (the guard's start).
std::map<uint64_t, StackRegion>& user_stacks() {
  static std::map<uint64_t, StackRegion> all;
  return all;
}

// RtlCreateUserStack(commit, reserve, zero bits, page size, reserve alignment, INITIAL_TEB*): a
// stack of `reserve` bytes (at least `commit`; the image's reserve when 0) with its guard below;
// INITIAL_TEB: OldStackBase, OldStackLimit (0), StackBase, StackLimit, DeallocationStack.
uint32_t RtlCreateUserStack(WindowsProcess& p, USize commit, USize reserve, uint32_t, USize, USize, Ptr initial) {
  if (!initial) return nt::kInvalidParameter;
  uint64_t size = std::max<uint64_t>(reserve, commit);
  if (!size) size = 0x100000;
  StackRegion r;
  if (!map_stack_region(p, size, r)) return nt::kNoMemory;
  user_stacks()[r.guard] = r;
  const unsigned w = p.isa->ptr;
  p.put_ptr(initial.addr, 0);
  p.put_ptr(initial.addr + w, 0);
  p.put_ptr(initial.addr + 2 * w, r.base);
  p.put_ptr(initial.addr + 3 * w, r.limit);
  p.put_ptr(initial.addr + 4 * w, r.guard);
  return nt::kSuccess;
}
// RtlFreeUserStack(DeallocationStack): the stack RtlCreateUserStack made there goes.
void RtlFreeUserStack(WindowsProcess& p, Ptr stack) {
  auto it = user_stacks().find(stack.addr);
  if (it == user_stacks().end()) return;
  unmap_stack_region(p, it->second);
  user_stacks().erase(it);
}

}  // namespace ntdll_threads_impl

const std::vector<Export>& ntdll_thread_exports() {
  using namespace ntdll_threads_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlCreateUserThread", RtlCreateUserThread),
      EXPORT("NtCreateThreadEx", NtCreateThreadEx),
      EXPORT("RtlExitUserThread", RtlExitUserThread),
      EXPORT("RtlExitUserProcess", RtlExitUserProcess),
      EXPORT("NtFlushInstructionCache", NtFlushInstructionCache),
      EXPORT("NtFlushProcessWriteBuffers", NtFlushProcessWriteBuffers),
      EXPORT("NtQueryInformationThread", NtQueryInformationThread),
      EXPORT("NtSetInformationThread", NtSetInformationThread),
      EXPORT("RtlCreateUserStack", RtlCreateUserStack),
      EXPORT("RtlFreeUserStack", RtlFreeUserStack),
  };
  return exports;
}

}  // namespace polyrun::shims
