// KERNEL32.dll's I/O completion ports: CreateIoCompletionPort (a new port, or a handle associated
// with one under a key), GetQueuedCompletionStatus(Ex), PostQueuedCompletionStatus,
// SetFileCompletionNotificationModes, CancelIo(Ex) and GetOverlappedResult(Ex) — what overlapped
// socket I/O (ws2_32/overlapped.cpp) reports to, the way Go's network poller and IOCP servers use it.
//
// The ports themselves are NTDLL's (ntdll/io_completion.h): the handles associated with a port, and
// under what key, are KERNEL32's.
#include "shims/kernel32/iocp.h"

#include "shims/ntdll/io_completion.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t WAIT_TIMEOUT = 258, ERROR_IO_INCOMPLETE = 996;


// OVERLAPPED: Internal, InternalHigh (ULONG_PTR), Offset, OffsetHigh (DWORD), hEvent (HANDLE).
uint64_t internal_high_at(WindowsProcess& p, uint64_t ov) { return ov + p.isa->ptr; }
uint64_t event_at(WindowsProcess& p, uint64_t ov) { return ov + 2 * p.isa->ptr + 8; }

Waitable* event_of(WindowsProcess& p, uint64_t ov) {
  const uint64_t h = p.get_ptr(event_at(p, ov)) & ~1ull;  // the low bit: no packet for the port
  return h ? waitable_of_kind(p, h, Waitable::Kind::Event) : nullptr;
}

}  // namespace

// ---- what overlapped I/O reports to ----


void finish_overlapped(WindowsProcess& p, const CompletionTarget& target, uint64_t ov, uint32_t status, uint64_t bytes,
                       bool skip_port) {
  // InternalHigh first, then Internal with release: a thread that sees the operation done
  // (HasOverlappedIoCompleted reads Internal) sees its byte count.
  p.put_ptr(internal_high_at(p, ov), bytes);
  if (p.isa->ptr == 8) __atomic_store_n(reinterpret_cast<uint64_t*>(guest_pointer(ov)), uint64_t{status}, __ATOMIC_RELEASE);
  else __atomic_store_n(reinterpret_cast<uint32_t*>(guest_pointer(ov)), status, __ATOMIC_RELEASE);
  const bool no_port = p.get_ptr(event_at(p, ov)) & 1;
  if (target.port && !skip_port && !no_port) target.port->post({target.key, ov, status, bytes});
}

uint32_t overlapped_status(WindowsProcess& p, uint64_t ov) {
  if (p.isa->ptr == 8)
    return static_cast<uint32_t>(__atomic_load_n(reinterpret_cast<uint64_t*>(guest_pointer(ov)), __ATOMIC_ACQUIRE));
  return __atomic_load_n(reinterpret_cast<uint32_t*>(guest_pointer(ov)), __ATOMIC_ACQUIRE);
}

uint64_t overlapped_event(WindowsProcess& p, uint64_t ov) { return p.get_ptr(event_at(p, ov)) & ~1ull; }

void set_overlapped_event(WindowsProcess& p, uint64_t ov) {
  if (Waitable* e = event_of(p, ov)) set_waitable_level(p, *e, 1);
}

void signal_event(WindowsProcess& p, uint64_t h) {
  if (Waitable* e = waitable_of_kind(p, h, Waitable::Kind::Event)) set_waitable_level(p, *e, 1);
}

void reset_overlapped_event(WindowsProcess& p, uint64_t ov) {
  if (Waitable* e = event_of(p, ov)) set_waitable_level(p, *e, 0);
}

namespace {

// ---- ports ----

Ptr CreateIoCompletionPort(WindowsProcess& p, Ptr file, Ptr existing, USize key, uint32_t) {
  const uint64_t invalid = p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
  std::shared_ptr<CompletionPort> port;
  uint64_t port_handle = existing.addr;
  if (existing) {
    port = completion_port(p, existing.addr);
    if (!port) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  }
  if (file.addr == invalid) {
    if (existing) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  } else {
    if (p.fd_for_handle(file.addr) < 0) return Ptr(fail(p, ERROR_INVALID_HANDLE));
    if (completion_target(p, file.addr).port || is_completion_port(file.addr))
      return Ptr(fail(p, ERROR_INVALID_PARAMETER));  // a handle is associated once
  }
  if (!port) {
    port = std::make_shared<CompletionPort>();
    port_handle = new_completion_port(p, port);
    if (!port_handle) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  }
  if (file.addr != invalid) {
    auto& t = completion_targets()[file.addr];
    t.port = port;
    t.key = key;
  }
  p.set_last_error(0);
  return Ptr(port_handle);
}

BOOL GetQueuedCompletionStatus(WindowsProcess& p, Ptr h, Ptr bytes, Ptr key, Ptr ov, uint32_t timeout_ms) {
  auto port = completion_port(p, h.addr);
  if (!port) return fail(p, ERROR_INVALID_HANDLE);
  if (!bytes || !key || !ov) return fail(p, ERROR_INVALID_PARAMETER);
  auto got = take_completion_packets(p, port, 1, timeout_ms);
  if (got.empty()) {
    p.put_ptr(ov.addr, 0);
    return fail(p, WAIT_TIMEOUT);
  }
  const auto& k = got[0];
  put<uint32_t>(bytes.addr, static_cast<uint32_t>(k.bytes));
  p.put_ptr(key.addr, k.key);
  p.put_ptr(ov.addr, k.overlapped);
  // A packet of an operation that failed (or a datagram cut short, STATUS_BUFFER_OVERFLOW):
  // FALSE, with the OVERLAPPED given and the status's error.
  if (k.status >= 0x80000000u) return fail(p, win_error_from_nt_status(k.status));
  p.set_last_error(0);
  return TRUE;
}

// OVERLAPPED_ENTRY: lpCompletionKey, lpOverlapped, Internal (pointer-sized), then the byte count.
BOOL GetQueuedCompletionStatusEx(WindowsProcess& p, Ptr h, Ptr entries, uint32_t count, Ptr removed,
                                 uint32_t timeout_ms, int32_t /*alertable: polyrun queues no APCs*/) {
  auto port = completion_port(p, h.addr);
  if (!port) return fail(p, ERROR_INVALID_HANDLE);
  if (!entries || !count || !removed) return fail(p, ERROR_INVALID_PARAMETER);
  auto got = take_completion_packets(p, port, count, timeout_ms);
  // A wait that timed out reports one entry removed, as wine's NtRemoveIoCompletionEx does
  // (deliberately, so presumably as Windows does); the entries are not written.
  put<uint32_t>(removed.addr, got.empty() ? 1u : static_cast<uint32_t>(got.size()));
  if (got.empty()) return fail(p, WAIT_TIMEOUT);
  const unsigned ptr = p.isa->ptr;
  for (size_t i = 0; i < got.size(); ++i) {
    const uint64_t at = entries.addr + i * 4 * ptr;
    p.put_ptr(at, got[i].key);
    p.put_ptr(at + ptr, got[i].overlapped);
    p.put_ptr(at + 2 * ptr, got[i].status);
    put<uint32_t>(at + 3 * ptr, static_cast<uint32_t>(got[i].bytes));
  }
  p.set_last_error(0);
  return TRUE;
}

BOOL PostQueuedCompletionStatus(WindowsProcess& p, Ptr h, uint32_t bytes, USize key, Ptr ov) {
  auto port = completion_port(p, h.addr);
  if (!port) return fail(p, ERROR_INVALID_HANDLE);
  port->post({key, ov.addr, 0, bytes});
  return TRUE;
}

// FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: an operation that succeeds at once queues no packet.
// FILE_SKIP_SET_EVENT_ON_HANDLE: the handle itself is not signalled (polyrun never signals it).
BOOL SetFileCompletionNotificationModes(WindowsProcess& p, Ptr h, uint8_t flags) {
  if (p.fd_for_handle(h.addr) < 0) return fail(p, ERROR_INVALID_HANDLE);
  if (flags & ~(FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE))
    return fail(p, ERROR_INVALID_PARAMETER);
  auto& t = completion_targets();
  auto it = t.find(h.addr);
  // Modes outlive an association made later: keep them in an entry with no port meanwhile.
  if (it == t.end()) it = t.emplace(h.addr, CompletionTarget{}).first;
  it->second.modes = flags;
  return TRUE;
}

// CancelIoEx: what may be pending is socket I/O, WS2_32's (core's SocketHooks).
BOOL CancelIoEx(WindowsProcess& p, Ptr h, Ptr ov) {
  if (p.fd_for_handle(h.addr) < 0) return fail(p, ERROR_INVALID_HANDLE);
  const auto cancel = p.socket_hooks.cancel_io;
  if (!cancel || cancel(p, h.addr, ov.addr, 0) == 0) return fail(p, ERROR_NOT_FOUND);
  return TRUE;
}

// CancelIo: the operations the calling thread started on the handle.
BOOL CancelIo(WindowsProcess& p, Ptr h) {
  if (p.fd_for_handle(h.addr) < 0) return fail(p, ERROR_INVALID_HANDLE);
  if (const auto cancel = p.socket_hooks.cancel_io) cancel(p, h.addr, 0, p.thread().id);
  return TRUE;
}

// GetOverlappedResult(Ex): waits (if asked) until the operation has ended — its event is set then,
// and so is Internal, which the host thread that completes socket I/O writes before it wakes
// waiters under the lock.
BOOL GetOverlappedResultEx(WindowsProcess& p, Ptr h, Ptr ov, Ptr bytes, uint32_t timeout_ms, int32_t) {
  (void)h;
  if (!ov) return fail(p, ERROR_INVALID_PARAMETER);
  if (overlapped_status(p, ov.addr) == nt::kPending) {
    if (timeout_ms == 0) return fail(p, ERROR_IO_INCOMPLETE);
    if (!wait_until(p, timeout_ms, [&] { return overlapped_status(p, ov.addr) != nt::kPending; },
                    "for an overlapped operation"))
      return fail(p, WAIT_TIMEOUT);
  }
  put<uint32_t>(bytes.addr, static_cast<uint32_t>(p.get_ptr(internal_high_at(p, ov.addr))));
  // Any status but success is a failure with its error (STATUS_NOTIFY_ENUM_DIR too: as wine 8.0).
  const uint32_t status = overlapped_status(p, ov.addr);
  if (status) return fail(p, win_error_from_nt_status(status));
  return TRUE;
}

BOOL GetOverlappedResult(WindowsProcess& p, Ptr h, Ptr ov, Ptr bytes, int32_t wait) {
  return GetOverlappedResultEx(p, h, ov, bytes, wait ? kInfinite : 0, FALSE);
}

}  // namespace

const std::vector<Export>& kernel32_iocp_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateIoCompletionPort", CreateIoCompletionPort),
      EXPORT("GetQueuedCompletionStatus", GetQueuedCompletionStatus),
      EXPORT("GetQueuedCompletionStatusEx", GetQueuedCompletionStatusEx),
      EXPORT("PostQueuedCompletionStatus", PostQueuedCompletionStatus),
      EXPORT("SetFileCompletionNotificationModes", SetFileCompletionNotificationModes),
      EXPORT("CancelIoEx", CancelIoEx),
      EXPORT("CancelIo", CancelIo),
      EXPORT("GetOverlappedResult", GetOverlappedResult),
      EXPORT("GetOverlappedResultEx", GetOverlappedResultEx),
  };
  return exports;
}

}  // namespace polyrun::shims
