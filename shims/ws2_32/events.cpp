// WS2_32.dll's event objects, WSAEventSelect and WSAAsyncSelect. Winsock's events are kernel32's
// (WSACreateEvent is a manual-reset CreateEvent, WSAWaitForMultipleEvents is
// WaitForMultipleObjectsEx), so those calls go to kernel32's own functions, as Windows' ws2_32
// forwards them. WSAEventSelect has the host thread that carries overlapped I/O
// (ws2_32/overlapped.cpp) watch the socket and record its network events; WSAAsyncSelect has it
// post them to a window as messages instead.
#include <fcntl.h>
#include <sys/socket.h>

#include <cstring>
#include <vector>

#include "shims/kernel32/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"
#include "shims/ws2_32/ws2_32.h"

namespace polyrun::shims {

namespace {

using namespace winsock;

// The arguments of a call polyrun makes to one of its own exports, in the process's argument slots.
class ForwardFrame final : public abi::CallFrame {
 public:
  ForwardFrame(std::vector<uint64_t> args, unsigned slot_bytes) : args_(std::move(args)), slot_bytes_(slot_bytes) {}
  uint64_t int_arg(unsigned slot) override { return slot < args_.size() ? args_[slot] : 0; }
  double float_arg(unsigned) override { return 0; }
  float float32_arg(unsigned) override { return 0; }
  void return_int(uint64_t v) override { result = v; }
  void return_float(double) override {}
  void return_float32(float) override {}
  uint64_t return_address() override { return 0; }
  unsigned slot_bytes() const override { return slot_bytes_; }
  uint64_t result = 0;

 private:
  std::vector<uint64_t> args_;
  unsigned slot_bytes_;
};

}  // namespace

namespace {

// Calls kernel32's export `name` with pointer-sized arguments; its result. Under --strace its
// line names it, called from 0 (polyrun).
uint64_t kernel32(WindowsProcess& p, const char* name, std::vector<uint64_t> args) {
  const Export* e = kKernel32.find(name);
  ForwardFrame f(std::move(args), p.isa->ptr);
  const char* outer = current_export_name(p);
  const uint64_t outer_caller = current_caller(p);
  const std::string label = std::string("KERNEL32.dll!") + name;
  set_current_export_name(label.c_str());
  e->call(p, f);
  set_current_export_name(outer, outer_caller);
  return p.isa->ptr == 4 ? static_cast<uint32_t>(f.result) : f.result;
}

Ptr WSACreateEvent(WindowsProcess& p) { return Ptr(kernel32(p, "CreateEventW", {0, 1, 0, 0})); }
BOOL WSACloseEvent(WindowsProcess& p, Ptr h) { return static_cast<BOOL>(kernel32(p, "CloseHandle", {h.addr})); }
BOOL WSASetEvent(WindowsProcess& p, Ptr h) { return static_cast<BOOL>(kernel32(p, "SetEvent", {h.addr})); }
BOOL WSAResetEvent(WindowsProcess& p, Ptr h) { return static_cast<BOOL>(kernel32(p, "ResetEvent", {h.addr})); }
uint32_t WSAWaitForMultipleEvents(WindowsProcess& p, uint32_t count, Ptr events, int32_t all, uint32_t timeout,
                                  int32_t alertable) {
  return static_cast<uint32_t>(
      kernel32(p, "WaitForMultipleObjectsEx", {count, events.addr, static_cast<uint32_t>(all), timeout,
                                               static_cast<uint32_t>(alertable)}));
}

constexpr int32_t kAllEvents = FD_READ | FD_WRITE | FD_OOB | FD_ACCEPT | FD_CONNECT | FD_CLOSE;

// WSAEventSelect: makes the socket non-blocking and records the FD_* events asked for, setting the
// event when one is; a new call replaces the previous one and forgets what it recorded.
int32_t WSAEventSelect(WindowsProcess& p, USize h, Ptr event, int32_t events) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (events & ~kAllEvents) return wsa_fail(p, WSAEINVAL);  // QoS and address-list events: not provided
  if (events && !waitable_of_kind(p, event.addr, Waitable::Kind::Event)) return wsa_fail(p, WSAEINVAL);
  const int fl = ::fcntl(s->fd, F_GETFL);
  if (fl < 0 || ::fcntl(s->fd, F_SETFL, fl | O_NONBLOCK) != 0) return wsa_fail_errno(p);
  s->nonblocking = true;
  s->event_select = events != 0;
  s->select_event = events ? event.addr : 0;
  s->select_mask = events;
  watch_network_events(p, s->fd, s->select_event, events, s->listening, s->type == SOCK_STREAM);
  if (s->connecting) reenable_network_event(p, s->fd, FD_CONNECT);
  return 0;
}

// WSAAsyncSelect(socket, window, message, events): makes the socket non-blocking and posts each of
// the FD_* events asked for to the window as the message (wParam the socket, lParam the event and
// its error), once until the call that re-enables it; a new call replaces the previous one (and
// any WSAEventSelect's), no events ends the posting.
int32_t WSAAsyncSelect(WindowsProcess& p, USize h, Ptr hwnd, uint32_t msg, int32_t events) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (events & ~kAllEvents) return wsa_fail(p, WSAEINVAL);
  if (events && !user32::find_window(p, hwnd.addr)) return wsa_fail(p, WSAEINVAL);
  const int fl = ::fcntl(s->fd, F_GETFL);
  if (fl < 0 || ::fcntl(s->fd, F_SETFL, fl | O_NONBLOCK) != 0) return wsa_fail_errno(p);
  s->nonblocking = true;
  s->event_select = events != 0;
  s->select_event = 0;
  s->select_mask = events;
  watch_network_messages(p, s->fd, h, hwnd.addr, msg, events, s->listening, s->type == SOCK_STREAM);
  if (s->connecting) reenable_network_event(p, s->fd, FD_CONNECT);
  return 0;
}

// WSAEnumNetworkEvents: WSANETWORKEVENTS is the recorded FD_* bits, then ten error codes.
int32_t WSAEnumNetworkEvents(WindowsProcess& p, USize h, Ptr event, Ptr out) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (!out) return wsa_fail(p, WSAEFAULT);
  int32_t recorded = 0, errors[10] = {};
  take_network_events(s->fd, recorded, errors);
  if (event) kernel32(p, "ResetEvent", {event.addr});
  put<int32_t>(out.addr, recorded);
  for (int i = 0; i < 10; ++i) put<int32_t>(out.addr + 4 + 4 * i, errors[i]);
  return 0;
}

}  // namespace

const std::vector<Export>& ws2_32_event_exports() {
  static const std::vector<Export> exports = {
      EXPORT("WSACreateEvent", WSACreateEvent),
      EXPORT("WSACloseEvent", WSACloseEvent),
      EXPORT("WSASetEvent", WSASetEvent),
      EXPORT("WSAResetEvent", WSAResetEvent),
      EXPORT("WSAWaitForMultipleEvents", WSAWaitForMultipleEvents),
      EXPORT("WSAEventSelect", WSAEventSelect),
      EXPORT("WSAAsyncSelect", WSAAsyncSelect),
      EXPORT("WSAEnumNetworkEvents", WSAEnumNetworkEvents),
  };
  return exports;
}

}  // namespace polyrun::shims
