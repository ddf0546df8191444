// NTDLL's wait completion packets (NtCreateWaitCompletionPacket, NtAssociateWaitCompletionPacket,
// NtCancelWaitCompletionPacket): a packet associated with an I/O completion port and a waitable
// object is queued to the port, once, when the object is signalled, taking the signal as a wait
// would — how Go 1.23 and later wake their network poller for high-resolution timers.
//
// A packet is idle, waiting (associated, its object not signalled yet) or queued (on the port,
// until a GetQueuedCompletionStatus picks it up: then idle again). While one waits, a host thread
// of its own watches the object under the execution lock, woken by every change the program's
// waits are (WindowsProcess::sync) and by the object's due time if it is a timer. The packet's
// handle names an eventfd, as a port's does, so that CloseHandle closes it; the watcher then ends.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "common/log.h"
#include "shims/core/guest_memory.h"
#include "shims/core/handle_objects.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/io_completion.h"

namespace polyrun::shims {

namespace {

struct WaitPacket {
  enum class State { Idle, Waiting, Queued };
  int fd = -1;
  uint64_t handle = 0;
  // Under the execution lock:
  State state = State::Idle;
  std::shared_ptr<Waitable> target;
  std::shared_ptr<CompletionPort> port;
  CompletionPort::Packet packet{};
  bool watched = false;  // a watcher thread runs

  // A queued packet that was picked up has made the packet idle.
  void settle() {
    if (state == State::Queued && packet.picked_up->load()) {
      state = State::Idle;
      port.reset();
    }
  }
  // The object was signalled and taken: the packet goes to the port.
  void fire() {
    port->post(packet);
    state = State::Queued;
    target.reset();
  }
};

// Packets by handle, under the execution lock.
std::map<uint64_t, std::shared_ptr<WaitPacket>>& packets() {
  static std::map<uint64_t, std::shared_ptr<WaitPacket>> all;
  return all;
}

std::shared_ptr<WaitPacket> find_packet(WindowsProcess& p, uint64_t h) { return find_handle_object(p, packets(), h); }

// Watches a waiting packet's object until the packet's handle is closed or the process ends.
void watch(WindowsProcess& p, std::shared_ptr<WaitPacket> w) {
  w->watched = true;
  p.helper_threads = true;
  std::thread([&p, w] {
    ExecutionLockable l{p.lock};
    std::unique_lock<ExecutionLockable> g(l);
    while (!p.exited && p.fd_for_handle(w->handle) == w->fd) {
      uint32_t ms = 1000;  // (a closed handle is seen within a second)
      if (w->state == WaitPacket::State::Waiting) {
        if (take_if_signalled(*w->target)) {
          w->fire();
          continue;
        }
        ms = std::min(ms, ms_until_due(*w->target));
      }
      p.sync.wait_for(g, std::chrono::milliseconds(ms));
    }
    w->watched = false;
  }).detach();
}

uint32_t NtCreateWaitCompletionPacket(WindowsProcess& p, Ptr out, uint32_t, Ptr) {
  auto w = std::make_shared<WaitPacket>();
  w->handle = new_handle_object(p, packets(), w, "WaitCompletionPacket");
  if (!w->handle) return nt::kNoMemory;
  p.put_ptr(out.addr, w->handle);
  return nt::kSuccess;
}

uint32_t NtAssociateWaitCompletionPacket(WindowsProcess& p, Ptr packet, Ptr port_handle, Ptr target_handle, Ptr key,
                                         Ptr apc_context, uint32_t io_status, USize information, Ptr already_signalled) {
  auto w = find_packet(p, packet.addr);
  auto port = completion_port(p, port_handle.addr);
  auto target = waitable_object(p, target_handle.addr);
  if (!w || !port || !target) return nt::kInvalidHandle;
  w->settle();
  if (w->state != WaitPacket::State::Idle) return nt::kInvalidParameter1;  // in use
  if (target->kind == Waitable::Kind::Mutex) {
    // (A wait makes a mutex the waiting thread's own: a packet has no thread to give it.)
    log().debug("NtAssociateWaitCompletionPacket: a mutex is not supported as the target");
    return nt::kNotSupported;
  }
  w->port = port;
  w->target = target;
  w->packet = {key.addr, apc_context.addr, io_status, information.v, std::make_shared<std::atomic<bool>>(false)};
  w->state = WaitPacket::State::Waiting;
  const bool now = take_if_signalled(*target);
  if (now) w->fire();
  else if (!w->watched) watch(p, w);
  else p.wake_waiters();  // the watcher looks at its new object
  if (already_signalled) put<uint8_t>(already_signalled.addr, now ? 1 : 0);
  return nt::kSuccess;
}

// STATUS_SUCCESS: the association ended before its object was signalled, or (remove_signalled) its
// packet was taken off the port before anyone picked it up; STATUS_PENDING: the packet is queued;
// STATUS_CANCELLED: nothing was associated (or its packet was picked up already).
uint32_t NtCancelWaitCompletionPacket(WindowsProcess& p, Ptr packet, uint8_t remove_signalled) {
  auto w = find_packet(p, packet.addr);
  if (!w) return nt::kInvalidHandle;
  w->settle();
  switch (w->state) {
    case WaitPacket::State::Idle: return nt::kCancelled;
    case WaitPacket::State::Waiting:
      w->state = WaitPacket::State::Idle;
      w->target.reset();
      w->port.reset();
      return nt::kSuccess;
    case WaitPacket::State::Queued:
      if (!remove_signalled) return nt::kPending;
      const bool removed = w->port->remove(w->packet.picked_up);
      w->state = WaitPacket::State::Idle;
      w->port.reset();
      return removed ? nt::kSuccess : nt::kCancelled;
  }
  return nt::kCancelled;
}

}  // namespace

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_wait_packet_exports() {
  static const std::vector<Export> exports = {
      EXPORT("NtCreateWaitCompletionPacket", NtCreateWaitCompletionPacket),
      EXPORT("NtAssociateWaitCompletionPacket", NtAssociateWaitCompletionPacket),
      EXPORT("NtCancelWaitCompletionPacket", NtCancelWaitCompletionPacket),
  };
  return exports;
}

}  // namespace polyrun::shims
