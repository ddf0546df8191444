// WS2_32.dll: Winsock's start-up, its error codes, the socket table, the protocol catalogue and the
// DLL's export list; the socket calls live in ws2_32/sockets.cpp, names and addresses in
// ws2_32/names.cpp, overlapped calls in ws2_32/overlapped.cpp (carried on by the I/O thread of
// ws2_32/io.cpp), events and WSAEventSelect in ws2_32/events.cpp.
#include "shims/ws2_32/exports.h"
#include "shims/ws2_32/ws2_32.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/ws2_32/winsock_state.h"

namespace polyrun::shims {

namespace winsock {

namespace {

// SOCKET → what Winsock knows of it. Touched only under the execution lock.
std::map<uint64_t, std::shared_ptr<Socket>>& table() {
  static std::map<uint64_t, std::shared_ptr<Socket>> t;
  return t;
}

}  // namespace

std::shared_ptr<Socket> find_socket(WindowsProcess& p, uint64_t s) {
  if (!started(p)) return nullptr;
  auto& t = table();
  auto it = t.find(s);
  if (it != t.end()) {
    // CloseHandle (not closesocket) took the handle: handle values are never reused, so the
    // entry is stale.
    if (p.fd_for_handle(s) == it->second->fd) return it->second;
    t.erase(it);
  }
  p.set_last_error(WSAENOTSOCK);
  return nullptr;
}

uint64_t add_socket(WindowsProcess& p, int fd, int family, int type, int protocol) {
  forget_descriptor(p, fd);
  uint64_t h = p.handle_for_fd(fd);
  auto s = std::make_shared<Socket>();
  s->fd = fd;
  s->family = family;
  s->type = type;
  s->protocol = protocol;
  table()[h] = std::move(s);
  return h;
}

void remove_socket(uint64_t s) { table().erase(s); }

bool started(WindowsProcess& p) {
  if (winsock_state(p).users) return true;
  p.set_last_error(WSANOTINITIALISED);
  return false;
}

int32_t wsa_error_from_errno(int err, bool connecting) {
  switch (err) {
    case 0: return 0;
    case EINTR: return WSAEINTR;
    case EBADF: return WSAENOTSOCK;
    case EACCES: case EPERM: return WSAEACCES;
    case EFAULT: return WSAEFAULT;
    case EINVAL: return WSAEINVAL;
    case EMFILE: case ENFILE: return WSAEMFILE;
    case EAGAIN: return WSAEWOULDBLOCK;
    case EINPROGRESS: return connecting ? WSAEWOULDBLOCK : WSAEINPROGRESS;
    case EALREADY: return WSAEALREADY;
    case ENOTSOCK: return WSAENOTSOCK;
    case EDESTADDRREQ: return WSAEDESTADDRREQ;
    case EMSGSIZE: return WSAEMSGSIZE;
    case EPROTOTYPE: return WSAEPROTOTYPE;
    case ENOPROTOOPT: return WSAENOPROTOOPT;
    case EPROTONOSUPPORT: return WSAEPROTONOSUPPORT;
    case ESOCKTNOSUPPORT: return WSAESOCKTNOSUPPORT;
    case EOPNOTSUPP: return WSAEOPNOTSUPP;
    case EPFNOSUPPORT: return WSAEPFNOSUPPORT;
    case EAFNOSUPPORT: return WSAEAFNOSUPPORT;
    case EADDRINUSE: return WSAEADDRINUSE;
    case EADDRNOTAVAIL: return WSAEADDRNOTAVAIL;
    case ENETDOWN: return WSAENETDOWN;
    case ENETUNREACH: return WSAENETUNREACH;
    case ENETRESET: return WSAENETRESET;
    case ECONNABORTED: return WSAECONNABORTED;
    case ECONNRESET: return WSAECONNRESET;
    case EPIPE: return WSAECONNRESET;  // the peer went away (a local shutdown is checked before)
    case ENOBUFS: case ENOMEM: return WSAENOBUFS;
    case EISCONN: return WSAEISCONN;
    case ENOTCONN: return WSAENOTCONN;
    case ESHUTDOWN: return WSAESHUTDOWN;
    case ETIMEDOUT: return WSAETIMEDOUT;
    case ECONNREFUSED: return WSAECONNREFUSED;
    case ELOOP: return WSAELOOP;
    case ENAMETOOLONG: return WSAENAMETOOLONG;
    case EHOSTDOWN: return WSAEHOSTDOWN;
    case EHOSTUNREACH: return WSAEHOSTUNREACH;
    default: return WSAEINVAL;
  }
}

int32_t wsa_fail(WindowsProcess& p, int32_t wsa_error) {
  p.set_last_error(static_cast<uint32_t>(wsa_error));
  return SOCKET_ERROR;
}

int32_t wsa_fail_errno(WindowsProcess& p, bool connecting) { return wsa_fail(p, wsa_error_from_errno(errno, connecting)); }

namespace {

// The NT statuses socket operations end with, and how Winsock reads them (the Win32 errors they
// stand for: win_error_from_nt_status).
struct StatusRow {
  int err;
  uint32_t status;
  int32_t wsa_error;
};
constexpr StatusRow kStatuses[] = {
    {ECONNREFUSED, 0xC0000236, WSAECONNREFUSED},      // STATUS_CONNECTION_REFUSED
    {ECONNRESET, 0xC000020D, WSAECONNRESET},          // STATUS_CONNECTION_RESET, ERROR_NETNAME_DELETED
    {EPIPE, 0xC000020D, WSAECONNRESET},               // likewise
    {ECONNABORTED, 0xC0000241, WSAECONNABORTED},      // STATUS_CONNECTION_ABORTED
    {ESHUTDOWN, 0xC00000B0, WSAESHUTDOWN},            // STATUS_PIPE_DISCONNECTED
    {ETIMEDOUT, 0xC00000B5, WSAETIMEDOUT},            // STATUS_IO_TIMEOUT, ERROR_SEM_TIMEOUT
    {ENETUNREACH, 0xC000023C, WSAENETUNREACH},        // STATUS_NETWORK_UNREACHABLE
    {EHOSTUNREACH, 0xC000023D, WSAEHOSTUNREACH},      // STATUS_HOST_UNREACHABLE
    {EADDRINUSE, 0xC000020A, WSAEADDRINUSE},          // STATUS_ADDRESS_ALREADY_EXISTS, ERROR_DUP_NAME
    {EADDRNOTAVAIL, 0xC0000207, WSAEADDRNOTAVAIL},    // STATUS_INVALID_ADDRESS_COMPONENT
    {ENOTCONN, 0xC0000140, WSAENOTCONN},              // STATUS_INVALID_CONNECTION
    {EISCONN, 0xC0000238, WSAEISCONN},                // STATUS_ADDRESS_ALREADY_ASSOCIATED
    {ENOBUFS, 0xC0000017, WSAENOBUFS},                // STATUS_NO_MEMORY
    {EMSGSIZE, 0x80000005, WSAEMSGSIZE},              // STATUS_BUFFER_OVERFLOW, ERROR_MORE_DATA
    {EINVAL, 0xC000000D, WSAEINVAL},                  // STATUS_INVALID_PARAMETER
    {EFAULT, 0xC0000005, WSAEFAULT},                  // STATUS_ACCESS_VIOLATION, ERROR_NOACCESS
    {0, 0xC000014B, WSAESHUTDOWN},                    // STATUS_PIPE_BROKEN (pipes' overlapped reads)
    {ECANCELED, 0xC0000120, WSA_OPERATION_ABORTED},   // STATUS_CANCELLED
    {-1, 0x8000000A, WSA_OPERATION_ABORTED},          // STATUS_HANDLES_CLOSED, ERROR_HANDLES_CLOSED
};
constexpr uint32_t STATUS_UNSUCCESSFUL = 0xC0000001;

}  // namespace

uint32_t ntstatus_from_errno(int err) {
  for (const auto& r : kStatuses)
    if (r.err == err) return r.status;
  return STATUS_UNSUCCESSFUL;
}

int32_t wsa_error_from_ntstatus(uint32_t status) {
  if (status == STATUS_SUCCESS) return 0;
  if (status == STATUS_PENDING) return WSA_IO_INCOMPLETE;
  for (const auto& r : kStatuses)
    if (r.status == status) return r.wsa_error;
  return WSAEINVAL;
}

}  // namespace winsock

namespace {

using namespace winsock;

constexpr int32_t WSAVERNOTSUPPORTED = 10092;

// WSAStartup(version, &data): Winsock 2.2 at most; WSADATA's layout differs between 64-bit and
// 32-bit programs (the strings come first on 32-bit).
int32_t WSAStartup(WindowsProcess& p, uint32_t version, Ptr data) {
  uint8_t major = version & 0xff, minor = (version >> 8) & 0xff;
  if (major < 1) return WSAVERNOTSUPPORTED;
  if (!data) return WSAEFAULT;
  uint16_t granted = major > 2 || (major == 2 && minor >= 2) ? 0x0202 : static_cast<uint16_t>(major | minor << 8);
  const bool wide = p.isa->ptr == 8;
  std::memset(guest_pointer(data.addr), 0, wide ? 408 : 400);
  put<uint16_t>(data.addr, granted);
  put<uint16_t>(data.addr + 2, 0x0202);
  uint64_t description = wide ? data.addr + 16 : data.addr + 4;
  std::strcpy(static_cast<char*>(guest_pointer(description)), "WinSock 2.0");
  std::strcpy(static_cast<char*>(guest_pointer(description + 257)), "Running");
  ++winsock_state(p).users;
  return 0;
}

int32_t WSACleanup(WindowsProcess& p) {
  uint32_t& users = winsock_state(p).users;
  if (users == 0) {
    p.set_last_error(WSANOTINITIALISED);
    return -1;  // SOCKET_ERROR
  }
  --users;
  return 0;
}

int32_t WSAGetLastError(WindowsProcess& p) { return static_cast<int32_t>(p.last_error()); }
void WSASetLastError(WindowsProcess& p, int32_t e) { p.set_last_error(static_cast<uint32_t>(e)); }

// ---- the protocol catalogue ----

// The four protocols polyrun provides, as Windows' catalogue describes its own (MSAFD Tcpip).
struct Protocol {
  uint32_t service_flags;
  int32_t family, max_addr, type, protocol;
  uint32_t message_size;
  const char* name;
};
constexpr Protocol kProtocols[] = {
    // XP1_IFS_HANDLES | XP1_EXPEDITED_DATA | XP1_GRACEFUL_CLOSE | XP1_GUARANTEED_ORDER |
    // XP1_GUARANTEED_DELIVERY; UDP: XP1_IFS_HANDLES | XP1_SUPPORT_MULTIPOINT | XP1_SUPPORT_BROADCAST |
    // XP1_MESSAGE_ORIENTED | XP1_CONNECTIONLESS. IFS handles: a socket is a handle ReadFile takes.
    {0x20066, AF_INET, 16, SOCK_STREAM, IPPROTO_TCP, 0, "MSAFD Tcpip [TCP/IP]"},
    {0x20609, AF_INET, 16, SOCK_DGRAM, IPPROTO_UDP, 65467, "MSAFD Tcpip [UDP/IP]"},
    {0x20066, kWinAfInet6, 28, SOCK_STREAM, IPPROTO_TCP, 0, "MSAFD Tcpip [TCP/IPv6]"},
    {0x20609, kWinAfInet6, 28, SOCK_DGRAM, IPPROTO_UDP, 65467, "MSAFD Tcpip [UDP/IPv6]"},
};

// One WSAPROTOCOL_INFO record (628 bytes with the UTF-16 name, 372 with the narrow one).
constexpr uint32_t kProtocolInfoW = 628, kProtocolInfoA = 372;
void put_protocol_record(uint64_t at, const Protocol& pr, bool wide) {
  // The provider's GUID: MSAFD's, {e70f1aa0-ab8b-11cf-8ca3-00805f48a192}.
  constexpr uint8_t kProvider[16] = {0xa0, 0x1a, 0x0f, 0xe7, 0x8b, 0xab, 0xcf, 0x11,
                                     0x8c, 0xa3, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92};
  std::memset(guest_pointer(at), 0, wide ? kProtocolInfoW : kProtocolInfoA);
  put<uint32_t>(at, pr.service_flags);                 // dwServiceFlags1
  put<uint32_t>(at + 16, 8);                           // dwProviderFlags: PFL_MATCHES_PROTOCOL_ZERO
  std::memcpy(guest_pointer(at + 20), kProvider, 16);  // ProviderId
  put<uint32_t>(at + 36, static_cast<uint32_t>(1001 + (&pr - kProtocols)));  // dwCatalogEntryId
  put<int32_t>(at + 40, 1);                            // ProtocolChain.ChainLen: BASE_PROTOCOL
  put<int32_t>(at + 72, 2);                            // iVersion
  put<int32_t>(at + 76, pr.family);
  put<int32_t>(at + 80, pr.max_addr);                  // iMaxSockAddr
  put<int32_t>(at + 84, pr.max_addr);                  // iMinSockAddr
  put<int32_t>(at + 88, pr.type);
  put<int32_t>(at + 92, pr.protocol);
  put<uint32_t>(at + 108, pr.message_size);            // dwMessageSize
  for (size_t c = 0; pr.name[c]; ++c) {                // szProtocol
    if (wide) put<uint16_t>(at + 116 + 2 * c, static_cast<uint8_t>(pr.name[c]));
    else put<char>(at + 116 + c, pr.name[c]);
  }
}

// WSAEnumProtocols: the protocols (all, or those in the zero-ended list) as WSAPROTOCOL_INFO
// records.
std::vector<const Protocol*> protocols_wanted(Ptr wanted) {
  std::vector<const Protocol*> out;
  for (const auto& pr : kProtocols) {
    bool take = !wanted;
    for (uint64_t at = wanted.addr; at && get<int32_t>(at); at += 4)
      if (get<int32_t>(at) == pr.protocol) take = true;
    if (take) out.push_back(&pr);
  }
  return out;
}

int32_t enum_protocols(WindowsProcess& p, Ptr wanted, Ptr buf, Ptr len, bool wide) {
  if (!started(p)) return SOCKET_ERROR;
  if (!len) return wsa_fail(p, WSAEFAULT);
  const std::vector<const Protocol*> out = protocols_wanted(wanted);
  const uint32_t record = wide ? kProtocolInfoW : kProtocolInfoA;
  const uint32_t need = record * static_cast<uint32_t>(out.size());
  if (!buf || get<uint32_t>(len.addr) < need) {
    put<uint32_t>(len.addr, need);
    return wsa_fail(p, WSAENOBUFS);
  }
  for (size_t i = 0; i < out.size(); ++i) put_protocol_record(buf.addr + i * record, *out[i], wide);
  put<uint32_t>(len.addr, need);
  p.set_last_error(0);
  return static_cast<int32_t>(out.size());
}

int32_t WSAEnumProtocolsW(WindowsProcess& p, Ptr wanted, Ptr buf, Ptr len) { return enum_protocols(p, wanted, buf, len, true); }
int32_t WSAEnumProtocolsA(WindowsProcess& p, Ptr wanted, Ptr buf, Ptr len) { return enum_protocols(p, wanted, buf, len, false); }

// WSCEnumProtocols(list, buffer, &length, &error): the service providers' view of the same
// catalogue, as WSAPROTOCOL_INFOW records, with no WSAStartup needed; the error in *error
// (WSAENOBUFS with the length needed, WSAEFAULT without a length) rather than the thread's.
int32_t WSCEnumProtocols(WindowsProcess& p, Ptr wanted, Ptr buf, Ptr len, Ptr error) {
  auto failed = [&](int32_t e) {
    if (error) put<int32_t>(error.addr, e);
    return SOCKET_ERROR;
  };
  if (!len) return failed(WSAEFAULT);
  const std::vector<const Protocol*> out = protocols_wanted(wanted);
  const uint32_t need = kProtocolInfoW * static_cast<uint32_t>(out.size());
  if (!buf || get<uint32_t>(len.addr) < need) {
    put<uint32_t>(len.addr, need);
    return failed(WSAENOBUFS);
  }
  for (size_t i = 0; i < out.size(); ++i) put_protocol_record(buf.addr + i * kProtocolInfoW, *out[i], true);
  (void)p;  // (the length stays as given once the records fit)
  return static_cast<int32_t>(out.size());
}

// Byte order: the network's is big-endian, the guest's (x86) little-endian.
uint32_t htonl_(WindowsProcess&, uint32_t v) { return __builtin_bswap32(v); }
uint16_t htons_(WindowsProcess&, uint16_t v) { return __builtin_bswap16(v); }

// WSAHtonl, WSAHtons, WSANtohl, WSANtohs(socket, value, &out): the byte swaps of a socket's
// provider (every one here is the network's big-endian TCP/IP): 0, or SOCKET_ERROR with
// WSAENOTSOCK for no socket and WSAEFAULT for no place to put the result.
int32_t WSAHtonl(WindowsProcess& p, USize s, uint32_t v, Ptr out) {
  if (!find_socket(p, s)) return SOCKET_ERROR;
  if (!out) return wsa_fail(p, WSAEFAULT);
  put<uint32_t>(out.addr, __builtin_bswap32(v));
  return 0;
}
int32_t WSAHtons(WindowsProcess& p, USize s, uint16_t v, Ptr out) {
  if (!find_socket(p, s)) return SOCKET_ERROR;
  if (!out) return wsa_fail(p, WSAEFAULT);
  put<uint16_t>(out.addr, __builtin_bswap16(v));
  return 0;
}

}  // namespace

namespace winsock {

void put_protocol_info(uint64_t at, int family, int type, int protocol, bool wide) {
  const int32_t win_family = family == AF_INET6 ? kWinAfInet6 : AF_INET;
  // A raw socket, which the catalogue does not list, is described as its family's datagrams are.
  const int32_t listed_type = type == SOCK_STREAM ? SOCK_STREAM : SOCK_DGRAM;
  for (const auto& pr : kProtocols)
    if (pr.family == win_family && pr.type == listed_type) {
      put_protocol_record(at, pr, wide);
      put<int32_t>(at + 88, type);
      put<int32_t>(at + 92, protocol ? protocol : pr.protocol);
      return;
    }
}

}  // namespace winsock

const std::vector<Export>& ws2_32_socket_exports();     // ws2_32/sockets.cpp
const std::vector<Export>& ws2_32_name_exports();       // ws2_32/names.cpp
const std::vector<Export>& ws2_32_overlapped_exports(); // ws2_32/overlapped.cpp
const std::vector<Export>& ws2_32_event_exports();      // ws2_32/events.cpp
const std::vector<Export>& ws2_32_message_exports();    // ws2_32/socket_messages.cpp

// WS2_32's part at the process's start: NTDLL's NtCancelIoFileEx and KERNEL32's CancelIo(Ex) reach
// the socket I/O they cancel through core's SocketHooks.
static void ws2_32_process_start(WindowsProcess& p) { p.socket_hooks = {.cancel_io = winsock::cancel_socket_io}; }

static std::vector<Export> ws2_32_exports(std::vector<Export> own) {
  for (const auto* more : {&ws2_32_socket_exports(), &ws2_32_name_exports(), &ws2_32_overlapped_exports(),
                            &ws2_32_event_exports(), &ws2_32_message_exports()})
    own.insert(own.end(), more->begin(), more->end());
  return own;
}

const Dll kWs2_32{
    "ws2_32.dll",
    false,
    ws2_32_exports({
        EXPORT("WSAStartup", WSAStartup),
        EXPORT("WSACleanup", WSACleanup),
        EXPORT("WSAEnumProtocolsW", WSAEnumProtocolsW),
        EXPORT("WSAEnumProtocolsA", WSAEnumProtocolsA),
        EXPORT("WSCEnumProtocols", WSCEnumProtocols),
        EXPORT_DIRECT("WSAGetLastError", WSAGetLastError),
        EXPORT_DIRECT("WSASetLastError", WSASetLastError),
        EXPORT("WSAHtonl", WSAHtonl),
        EXPORT("WSANtohl", WSAHtonl),
        EXPORT("WSAHtons", WSAHtons),
        EXPORT("WSANtohs", WSAHtons),
        EXPORT_DIRECT("htonl", htonl_),
        EXPORT_DIRECT("ntohl", htonl_),
        EXPORT_DIRECT("htons", htons_),
        EXPORT_DIRECT("ntohs", htons_),
    }),
    // The numbers Winsock 1.1 gave its functions, which every ws2_32.dll keeps and programs
    // linked with Microsoft's import library import these functions by.
    {{1, "accept"},          {2, "bind"},           {3, "closesocket"},    {4, "connect"},
     {5, "getpeername"},     {6, "getsockname"},    {7, "getsockopt"},     {8, "htonl"},
     {9, "htons"},           {10, "ioctlsocket"},   {11, "inet_addr"},     {12, "inet_ntoa"},
     {13, "listen"},         {14, "ntohl"},         {15, "ntohs"},         {16, "recv"},
     {17, "recvfrom"},       {18, "select"},        {19, "send"},          {20, "sendto"},
     {21, "setsockopt"},     {22, "shutdown"},      {23, "socket"},        {51, "gethostbyaddr"},
     {52, "gethostbyname"},  {53, "getprotobyname"}, {54, "getprotobynumber"}, {55, "getservbyname"},
     {56, "getservbyport"},  {57, "gethostname"},
     {101, "WSAAsyncSelect"}, {111, "WSAGetLastError"}, {112, "WSASetLastError"}, {115, "WSAStartup"}, {116, "WSACleanup"},
     {151, "__WSAFDIsSet"}},
    nullptr,
    ws2_32_process_start,
};

}  // namespace polyrun::shims
