// Winsock inside polyrun: what the files of ws2_32/ share (and, through kernel32/iocp.h, what they
// report overlapped socket I/O to: KERNEL32's completion ports). A SOCKET is a kernel32 handle whose host object is a socket descriptor (in
// WindowsProcess::handle_fd, so ReadFile and WriteFile take it as Windows' do); what Winsock knows
// of it beyond the descriptor lives in the socket table here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "shims/core/windows_process.h"
#include "shims/core/windows_threads.h"
#include "shims/kernel32/iocp.h"

namespace polyrun::shims::winsock {

constexpr int32_t SOCKET_ERROR = -1;
constexpr uint64_t INVALID_SOCKET = ~0ull;

// Windows' error codes (winerror.h's WSAE* range).
enum WsaError : int32_t {
  WSAEINTR = 10004,
  WSAEBADF = 10009,
  WSAEACCES = 10013,
  WSAEFAULT = 10014,
  WSAEINVAL = 10022,
  WSAEMFILE = 10024,
  WSAEWOULDBLOCK = 10035,
  WSAEINPROGRESS = 10036,
  WSAEALREADY = 10037,
  WSAENOTSOCK = 10038,
  WSAEDESTADDRREQ = 10039,
  WSAEMSGSIZE = 10040,
  WSAEPROTOTYPE = 10041,
  WSAENOPROTOOPT = 10042,
  WSAEPROTONOSUPPORT = 10043,
  WSAESOCKTNOSUPPORT = 10044,
  WSAEOPNOTSUPP = 10045,
  WSAEPFNOSUPPORT = 10046,
  WSAEAFNOSUPPORT = 10047,
  WSAEADDRINUSE = 10048,
  WSAEADDRNOTAVAIL = 10049,
  WSAENETDOWN = 10050,
  WSAENETUNREACH = 10051,
  WSAENETRESET = 10052,
  WSAECONNABORTED = 10053,
  WSAECONNRESET = 10054,
  WSAENOBUFS = 10055,
  WSAEISCONN = 10056,
  WSAENOTCONN = 10057,
  WSAESHUTDOWN = 10058,
  WSAETIMEDOUT = 10060,
  WSAECONNREFUSED = 10061,
  WSAELOOP = 10062,
  WSAENAMETOOLONG = 10063,
  WSAEHOSTDOWN = 10064,
  WSAEHOSTUNREACH = 10065,
  WSANOTINITIALISED = 10093,
  WSAHOST_NOT_FOUND = 11001,
  WSATRY_AGAIN = 11002,
  WSANO_RECOVERY = 11003,
  WSANO_DATA = 11004,
  WSA_IO_PENDING = 997,
  WSA_IO_INCOMPLETE = 996,
  WSA_OPERATION_ABORTED = 995,
  WSA_INVALID_HANDLE = 6,
  WSA_INVALID_PARAMETER = 87,
};

// Windows' address families where they differ from Linux's (AF_INET is 2 on both).
constexpr uint16_t kWinAfInet6 = 23;

// What Winsock knows of one socket.
struct Socket {
  int fd = -1;
  int family = 0, type = 0, protocol = 0;  // host values
  bool nonblocking = false;   // FIONBIO, or WSAEventSelect (the host descriptor's O_NONBLOCK mirrors it)
  bool overlapped = true;     // socket(), or WSASocket with WSA_FLAG_OVERLAPPED
  bool listening = false;
  bool shut_send = false;     // shutdown(SD_SEND or SD_BOTH): a send fails with WSAESHUTDOWN
  bool shut_receive = false;  // shutdown(SD_RECEIVE or SD_BOTH): a receive fails likewise
  bool connecting = false;    // a non-blocking connect under way
  bool event_select = false;  // WSAEventSelect asked for events (the socket is non-blocking since)
  uint64_t select_event = 0;  // its event and FD_* events, which an accepted socket takes over
  int32_t select_mask = 0;
  int connect_error = 0;      // how it failed (errno), kept for getsockopt(SO_ERROR) once select saw it
  int blocked = 0;            // threads in a blocking call on it (lock released)
  bool closing = false;       // closesocket woke them: their call fails with WSAEINTR
};

// setsockopt and getsockopt with WS2_32's option numbers (WSOCK32's map Winsock 1.1's first).
int32_t set_socket_option(WindowsProcess& p, uint64_t s, int32_t level, int32_t name, uint64_t value, int32_t len);
int32_t get_socket_option(WindowsProcess& p, uint64_t s, int32_t level, int32_t name, uint64_t value, uint64_t len);

// The socket behind a SOCKET, or null (last error WSAENOTSOCK, or WSANOTINITIALISED before
// WSAStartup). A handle CloseHandle closed, or that names another object, is not a socket.
std::shared_ptr<Socket> find_socket(WindowsProcess& p, uint64_t s);
// closesocket's part of the table: the entry goes.
void remove_socket(uint64_t s);
// A new SOCKET for a host socket descriptor (socket, accept).
uint64_t add_socket(WindowsProcess& p, int fd, int family, int type, int protocol);
// False (last error WSANOTINITIALISED) before WSAStartup.
bool started(WindowsProcess& p);

// A WSAPROTOCOL_INFOW (`wide`) or WSAPROTOCOL_INFOA record at `at` for a socket of the host's
// family, type and protocol: its catalogue entry's (ws2_32/ws2_32.cpp), as WSAEnumProtocols lists it.
void put_protocol_info(uint64_t at, int family, int type, int protocol, bool wide);

// Winsock's error for a host errno; `connecting`: EINPROGRESS of a non-blocking connect is
// WSAEWOULDBLOCK, as Windows reports it.
int32_t wsa_error_from_errno(int err, bool connecting = false);
// Sets the calling thread's last error and returns SOCKET_ERROR.
int32_t wsa_fail(WindowsProcess& p, int32_t wsa_error);
int32_t wsa_fail_errno(WindowsProcess& p, bool connecting = false);

// The NT status an overlapped operation that failed with `err` ends with, and what the status
// reads as: GetLastError's code (GetQueuedCompletionStatus, GetOverlappedResult) and
// WSAGetLastError's (WSAGetOverlappedResult).
uint32_t ntstatus_from_errno(int err);
int32_t wsa_error_from_ntstatus(uint32_t status);
constexpr uint32_t STATUS_SUCCESS = 0, STATUS_PENDING = 0x103, STATUS_CANCELLED = 0xC0000120,
                   STATUS_BUFFER_OVERFLOW = 0x80000005, STATUS_HANDLES_CLOSED = 0x8000000A;

// Runs a host call that may block on the socket with the lock released (non-blocking sockets
// call straight away). closesocket from another thread wakes it (a shutdown) and makes it
// fail with WSAEINTR, as Windows cancels blocking calls on a socket it closes; the descriptor is
// closed once the last such call has left it, so its number cannot be reused under one.
template <class Call>
ssize_t socket_call(WindowsProcess& p, const std::shared_ptr<Socket>& s, Call&& call) {
  if (s->nonblocking) return call();
  ssize_t r;
  int err;
  ++s->blocked;
  // A signal (Ctrl-C: its console control handlers start) interrupts nothing on Windows.
  do {
    r = blocking(p, call);
    err = errno;
  } while (r < 0 && err == EINTR && !s->closing && (poll_console_ctrl(p), !p.stopping()));
  if (--s->blocked == 0 && s->closing) ::close(s->fd);
  if (s->closing) r = -1, err = EINTR;
  if (r < 0 && err == EAGAIN) err = ETIMEDOUT;  // SO_RCVTIMEO or SO_SNDTIMEO ran out: WSAETIMEDOUT
  errno = err;
  return r;
}

// Windows' send/recv flags to Linux's; -1 for one polyrun cannot honour.
inline int host_msg_flags(int32_t flags) {
  constexpr int32_t kOob = 1, kPeek = 2, kDontRoute = 4, kWaitAll = 8, kPushImmediate = 0x20;
  if (flags & ~(kOob | kPeek | kDontRoute | kWaitAll | kPushImmediate)) return -1;
  int f = flags & (kOob | kPeek | kDontRoute);
  if (flags & kWaitAll) f |= MSG_WAITALL;
  return f;  // MSG_PUSH_IMMEDIATE is a hint
}

// Socket addresses: a Windows sockaddr in guest memory to a host one (false: WSAEFAULT or
// WSAEAFNOSUPPORT set), and back (`len` in/out; false if the buffer is too small: WSAEFAULT).
bool to_host_sockaddr(WindowsProcess& p, uint64_t addr, int32_t len, struct sockaddr_storage& out, uint32_t& out_len);
bool to_guest_sockaddr(WindowsProcess& p, const struct sockaddr* a, uint32_t a_len, uint64_t addr, uint64_t len_ptr);
// A host sockaddr's size as Windows gives it (16 for IPv4, 28 for IPv6).
uint32_t guest_sockaddr_size(const struct sockaddr* a);
// Writes a host sockaddr in Windows' form to `out` (which has room for it).
void write_guest_sockaddr(const struct sockaddr* a, uint8_t* out);

// ---- the I/O thread: overlapped operations and WSAEventSelect's watches (ws2_32/io.cpp) ----

// Ends every overlapped operation under way on the socket (closesocket): they complete with
// STATUS_HANDLES_CLOSED (as under wine 8.0, whose choice follows Windows'), and a WSAEventSelect
// watch ends. Under the lock; returns once no I/O of polyrun's touches the descriptor.
void abort_socket_io(WindowsProcess& p, uint64_t s, int fd);

// A new socket got descriptor `fd`: what polyrun still keeps for that number belonged to a socket
// that CloseHandle (not closesocket) closed, and goes (its operations end with
// STATUS_HANDLES_CLOSED), so that none of it is carried out on the new socket.
void forget_descriptor(WindowsProcess& p, int fd);

// WSAEventSelect (FD_* bits as winsock2.h numbers them).
constexpr int32_t FD_READ = 1, FD_WRITE = 2, FD_OOB = 4, FD_ACCEPT = 8, FD_CONNECT = 16, FD_CLOSE = 32;
constexpr int FD_CONNECT_BIT = 4, FD_CLOSE_BIT = 5;
// Watches the descriptor for the FD_* events in `wanted` and sets `event` when one is recorded
// (none: the watch ends).
void watch_network_events(WindowsProcess& p, int fd, uint64_t event, int32_t wanted, bool listening, bool stream);
// A call that re-enables recording of the FD_* `bits` (recv for FD_READ, a send that would block for
// FD_WRITE, accept for FD_ACCEPT, connect for FD_CONNECT); nothing if the socket has no watch.
void reenable_network_event(WindowsProcess& p, int fd, int32_t bits);
// WSAAsyncSelect's watch: the FD_* events in `wanted` each posted to the window `hwnd` as message
// `msg` (wParam the socket `h`, lParam WSAMAKESELECTREPLY(event, error)) when recorded.
void watch_network_messages(WindowsProcess& p, int fd, uint64_t h, uint64_t hwnd, uint32_t msg, int32_t wanted,
                            bool listening, bool stream);
// connect for a socket with a watch: the I/O thread sees the connect under way from its first
// moment (it holds the I/O mutex), so that it reports FD_CONNECT and not an earlier state.
int connect_watched(WindowsProcess& p, int fd, const struct sockaddr* a, socklen_t len);
// The events recorded since the last call, with their error codes (cleared); false: no watch.
bool take_network_events(int fd, int32_t& recorded, int32_t (&errors)[10]);

// CancelIoEx, CancelIo and NtCancelIoFileEx, which reach it through core's SocketHooks (registered
// at the process's start, ws2_32/ws2_32.cpp): the operations on handle `h` (all, or the one with
// that OVERLAPPED; `thread` non-zero: only those that thread started) complete with
// STATUS_CANCELLED. How many.
int cancel_socket_io(WindowsProcess& p, uint64_t h, uint64_t overlapped, uint32_t thread);

}  // namespace polyrun::shims::winsock
