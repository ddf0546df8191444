// Winsock's overlapped operations, as ws2_32/overlapped.cpp starts them and the I/O thread
// (ws2_32/io.cpp) carries them on.
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "shims/ws2_32/ws2_32.h"

namespace polyrun::shims::winsock {

// One overlapped operation under way.
struct Op {
  enum class Kind { Receive, Send, Accept, Connect } kind;
  uint64_t handle = 0;
  int fd = -1;  // where it waits: the socket's descriptor (AcceptEx's accepting one, once accepted)
  uint64_t overlapped = 0;
  uint32_t thread = 0;  // the thread that started it (CancelIo)
  CompletionTarget target;
  std::vector<iovec> iov;  // guest buffers still to fill or send
  std::vector<char> owned; // what TransmitFile read from its file, which `iov` points into
  int flags = 0;           // host message flags
  bool stream = true;
  uint64_t done = 0;  // bytes moved so far
  // WSARecvFrom: where the sender's address goes.
  uint64_t from = 0, from_len = 0;
  // WSASendTo and ConnectEx: the peer.
  sockaddr_storage to{};
  socklen_t to_len = 0;
  // AcceptEx: the socket that takes the connection, its output buffer and sizes.
  int accept_fd = -1;
  uint64_t accept_handle = 0;
  bool accept_nonblocking = false;
  uint64_t out_buf = 0;
  uint32_t data_len = 0, local_len = 0, remote_len = 0;
  bool accepted = false, connected = false;
};

// Starts an overlapped operation (under the execution lock). Returns 0 if it finished at once
// (reported to the OVERLAPPED, its event and the port, and its byte count to `bytes_out`),
// SOCKET_ERROR with WSA_IO_PENDING if it was queued, or SOCKET_ERROR with its error if it failed
// at once (which reports nothing to the port, as on Windows).
int32_t start_operation(WindowsProcess& p, const std::shared_ptr<Op>& op, uint64_t bytes_out);

// WSABUF arrays (u_long len; char* buf) to host iovecs of guest memory; false (WSAEFAULT set) if a
// buffer is not there (overlapped.cpp).
bool guest_buffers(WindowsProcess& p, uint64_t bufs, uint32_t count, bool writable, std::vector<iovec>& out);
// A call carried out at once on an overlapped socket: its OVERLAPPED completed with the status.
void report_at_once(WindowsProcess& p, uint64_t h, uint64_t ov, uint32_t status, uint64_t bytes);

}  // namespace polyrun::shims::winsock

namespace polyrun::shims {
// MSWSOCK's WSARecvMsg, which WSAIoctl hands out (socket_messages.cpp).
extern const Export kWsaRecvMsgExport;
}  // namespace polyrun::shims
