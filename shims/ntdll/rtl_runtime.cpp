// NTDLL's runtime helpers: interlocked singly linked lists (RtlInitializeSListHead,
// RtlInterlockedPushEntrySList … RtlFirstEntrySList, RtlQueryDepthSList), encoded pointers
// (RtlEncodePointer …), vectored exception and continue handlers (RtlAddVectoredExceptionHandler …,
// which core's exception dispatch calls: core/seh.cpp), the last error and last status in the TEB
// (RtlGetLastWin32Error …), the thread's error mode, and small process facts (RtlGetNtGlobalFlags,
// RtlGetNtProductType, RtlGetCurrentProcessorNumberEx, NtAllocateLocallyUniqueId).
// KERNEL32's InterlockedPushEntrySList, EncodePointer, AddVectoredExceptionHandler … are these
// functions (ntdll/runtime.h).
#include "shims/ntdll/runtime.h"

#include <sched.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/seh.h"
#include "shims/core/register_calls.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_runtime {

namespace {

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

// Pushes the chain first … last (linked through their Next pointers) of `count` entries.
Ptr push_slist(WindowsProcess& p, uint64_t head, uint64_t first, uint64_t last, uint64_t count) {
  while (true) {
    SListWords seen = load_slist(p, head);
    SList s = decode_slist(p, seen);
    set_slist_link(p, last, s.first);
    if (swap_slist(p, head, seen, encode_slist(p, {first, s.depth + count, s.sequence + 1}))) return Ptr(s.first);
  }
}


// Encoded pointers are only required to round-trip: a per-process secret XORed in.
constexpr uint64_t kPointerSecret = 0x5a3c96e1d2b4f087ull;
uint64_t encode(WindowsProcess& p, uint64_t v) {
  uint64_t x = v ^ kPointerSecret;
  return p.isa->ptr == 4 ? x & 0xffffffffu : x;
}

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


}  // namespace

void RtlInitializeSListHead(WindowsProcess& p, Ptr head) { std::memset(guest_pointer(head.addr), 0, 2 * p.isa->ptr); }

Ptr RtlInterlockedPushEntrySList(WindowsProcess& p, Ptr head, Ptr entry) { return push_slist(p, head.addr, entry.addr, entry.addr, 1); }
Ptr RtlInterlockedPushListSListEx(WindowsProcess& p, Ptr head, Ptr first, Ptr last, uint32_t count) {
  return push_slist(p, head.addr, first.addr, last.addr, count);
}

// RtlInterlockedPushListSList(head, first, last, count): fastcall on i386 (head in ecx, first in
// edx, last and count on the stack: core/register_calls.h's fastcall_export), RtlInterlockedPushListSListEx's work.
Ptr RtlInterlockedPushListSList(WindowsProcess& p, Ptr head, Ptr a2, Ptr a3, uint32_t a4) {
  if (p.isa->ptr == 4)
    return push_slist(p, head.addr, registers::get32(p, cpu::x86::RDX), a2.addr, static_cast<uint32_t>(a3.addr));
  return push_slist(p, head.addr, a2.addr, a3.addr, a4);
}

Ptr RtlInterlockedPopEntrySList(WindowsProcess& p, Ptr head) {
  while (true) {
    SListWords seen = load_slist(p, head.addr);
    SList s = decode_slist(p, seen);
    if (!s.first) return Ptr(0);
    uint64_t next = slist_link(p, s.first);
    if (swap_slist(p, head.addr, seen, encode_slist(p, {next, s.depth - 1, s.sequence + 1}))) return Ptr(s.first);
  }
}

Ptr RtlInterlockedFlushSList(WindowsProcess& p, Ptr head) {
  while (true) {
    SListWords seen = load_slist(p, head.addr);
    SList s = decode_slist(p, seen);
    if (!s.first) return Ptr(0);
    if (swap_slist(p, head.addr, seen, encode_slist(p, {0, 0, s.sequence}))) return Ptr(s.first);
  }
}

uint16_t RtlQueryDepthSList(WindowsProcess& p, Ptr head) { return static_cast<uint16_t>(decode_slist(p, load_slist(p, head.addr)).depth); }


Ptr RtlEncodePointer(WindowsProcess& p, Ptr v) { return Ptr(encode(p, v.addr)); }

Ptr RtlAddVectoredExceptionHandler(WindowsProcess& p, uint32_t first, Ptr handler) {
  return add_vectored(p, false, first, handler);
}
uint32_t RtlRemoveVectoredExceptionHandler(WindowsProcess& p, Ptr entry) { return remove_vectored(p, false, entry); }
Ptr RtlAddVectoredContinueHandler(WindowsProcess& p, uint32_t first, Ptr handler) {
  return add_vectored(p, true, first, handler);
}
uint32_t RtlRemoveVectoredContinueHandler(WindowsProcess& p, Ptr entry) { return remove_vectored(p, true, entry); }


}  // namespace ntdll_runtime

namespace ntdll_rtl_runtime_impl {

using namespace ntdll_runtime;

// The first entry, or null (the list is left as it is).
Ptr RtlFirstEntrySList(WindowsProcess& p, Ptr head) { return Ptr(decode_slist(p, load_slist(p, head.addr)).first); }

// ---- the TEB's last error (LastErrorValue) and last status (LastStatusValue: x64 0x1250, i386
// 0xbf4) ----

uint64_t last_status_field(WindowsProcess& p) { return p.teb() + (p.isa->ptr == 8 ? 0x1250 : 0xbf4); }

uint32_t RtlGetLastWin32Error(WindowsProcess& p) { return p.last_error(); }
void RtlSetLastWin32Error(WindowsProcess& p, uint32_t e) { p.set_last_error(e); }
uint32_t RtlGetLastNtStatus(WindowsProcess& p) { return get<uint32_t>(last_status_field(p)); }
// Both: the status, and the Win32 error it maps to.
void RtlSetLastWin32ErrorAndNtStatusFromNtStatus(WindowsProcess& p, uint32_t status) {
  put<uint32_t>(last_status_field(p), status);
  p.set_last_error(win_error_from_nt_status(status));
}
uint32_t RtlNtStatusToDosErrorNoTeb(WindowsProcess&, uint32_t status) { return win_error_from_nt_status(status); }

// ---- the thread's error mode, in NTDLL's bits (RTL_ERRORMODE_FAILCRITICALERRORS 0x10,
// _NOGPFAULTERRORBOX 0x20, _NOOPENFILEERRORBOX 0x40) over the mode KERNEL32's GetThreadErrorMode
// keeps in SEM_* bits (SEM_FAILCRITICALERRORS 1, SEM_NOGPFAULTERRORBOX 2, SEM_NOOPENFILEERRORBOX
// 0x8000) ----

constexpr uint32_t kRtlModes[3] = {0x10, 0x20, 0x40}, kSemModes[3] = {0x1, 0x2, 0x8000};

uint32_t rtl_mode_of(uint32_t sem) {
  uint32_t r = 0;
  for (int i = 0; i < 3; ++i)
    if (sem & kSemModes[i]) r |= kRtlModes[i];
  return r;
}

uint32_t RtlSetThreadErrorMode(WindowsProcess& p, uint32_t mode, Ptr old) {
  if (mode & ~0x70u) return nt::kInvalidParameter1;
  put<uint32_t>(old.addr, rtl_mode_of(p.thread().error_mode));
  uint32_t sem = 0;
  for (int i = 0; i < 3; ++i)
    if (mode & kRtlModes[i]) sem |= kSemModes[i];
  p.thread().error_mode = sem;
  return nt::kSuccess;
}
uint32_t RtlGetThreadErrorMode(WindowsProcess& p) { return rtl_mode_of(p.thread().error_mode); }

// ---- process facts ----

// No global flags are set (no debugging aids of the image file execution options).
uint32_t RtlGetNtGlobalFlags(WindowsProcess&) { return 0; }

// NtProductWinNt (1): a workstation, as RtlGetVersion's wProductType says.
uint8_t RtlGetNtProductType(WindowsProcess&, Ptr type) {
  put<uint32_t>(type.addr, 1);
  return 1;
}

uint32_t current_cpu() {
  const int c = ::sched_getcpu();
  return c < 0 ? 0 : static_cast<uint32_t>(c);
}
uint32_t NtGetCurrentProcessorNumber(WindowsProcess&) { return current_cpu(); }
// PROCESSOR_NUMBER: Group (one: 0), Number, Reserved.
void RtlGetCurrentProcessorNumberEx(WindowsProcess&, Ptr out) {
  put<uint16_t>(out.addr, 0);
  put<uint8_t>(out.addr + 2, static_cast<uint8_t>(current_cpu()));
  put<uint8_t>(out.addr + 3, 0);
}

// A LUID unique while the system runs: a process counter above a start drawn at random.
uint32_t NtAllocateLocallyUniqueId(WindowsProcess&, Ptr luid) {
  static uint64_t next = [] {
    uint32_t r = 0;
    if (::getrandom(&r, sizeof r, 0) != sizeof r) r = 0x1000;
    return (static_cast<uint64_t>(r) << 8) + 0x10000;
  }();
  if (!luid) return 0xc0000005;  // STATUS_ACCESS_VIOLATION: nowhere to write it
  put<uint64_t>(luid.addr, __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED));
  return nt::kSuccess;
}

}  // namespace ntdll_rtl_runtime_impl

const std::vector<Export>& ntdll_runtime_exports() {
  using namespace ntdll_rtl_runtime_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlInitializeSListHead", RtlInitializeSListHead),
      EXPORT("RtlInterlockedPushEntrySList", RtlInterlockedPushEntrySList),
      EXPORT("RtlInterlockedPushListSListEx", RtlInterlockedPushListSListEx),
      fastcall_export(EXPORT_METHOD("RtlInterlockedPushListSList", RtlInterlockedPushListSList), 8),
      EXPORT("RtlInterlockedPopEntrySList", RtlInterlockedPopEntrySList),
      EXPORT("RtlInterlockedFlushSList", RtlInterlockedFlushSList),
      EXPORT("RtlQueryDepthSList", RtlQueryDepthSList),
      EXPORT("RtlFirstEntrySList", RtlFirstEntrySList),
      EXPORT("RtlEncodePointer", RtlEncodePointer),
      EXPORT("RtlDecodePointer", RtlEncodePointer),
      EXPORT("RtlEncodeSystemPointer", RtlEncodePointer),
      EXPORT("RtlDecodeSystemPointer", RtlEncodePointer),
      EXPORT("RtlAddVectoredExceptionHandler", RtlAddVectoredExceptionHandler),
      EXPORT("RtlRemoveVectoredExceptionHandler", RtlRemoveVectoredExceptionHandler),
      EXPORT("RtlAddVectoredContinueHandler", RtlAddVectoredContinueHandler),
      EXPORT("RtlRemoveVectoredContinueHandler", RtlRemoveVectoredContinueHandler),
      EXPORT("RtlGetLastWin32Error", RtlGetLastWin32Error),
      EXPORT("RtlSetLastWin32Error", RtlSetLastWin32Error),
      EXPORT("RtlRestoreLastWin32Error", RtlSetLastWin32Error),
      EXPORT("RtlGetLastNtStatus", RtlGetLastNtStatus),
      EXPORT("RtlSetLastWin32ErrorAndNtStatusFromNtStatus", RtlSetLastWin32ErrorAndNtStatusFromNtStatus),
      EXPORT("RtlNtStatusToDosErrorNoTeb", RtlNtStatusToDosErrorNoTeb),
      EXPORT("RtlSetThreadErrorMode", RtlSetThreadErrorMode),
      EXPORT("RtlGetThreadErrorMode", RtlGetThreadErrorMode),
      EXPORT("RtlGetNtGlobalFlags", RtlGetNtGlobalFlags),
      EXPORT("RtlGetNtProductType", RtlGetNtProductType),
      EXPORT("NtGetCurrentProcessorNumber", NtGetCurrentProcessorNumber),
      EXPORT("RtlGetCurrentProcessorNumberEx", RtlGetCurrentProcessorNumberEx),
      EXPORT("NtAllocateLocallyUniqueId", NtAllocateLocallyUniqueId),
  };
  return exports;
}

}  // namespace polyrun::shims
