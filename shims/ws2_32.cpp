// WS2_32.dll: Winsock's start-up and error functions, which programs call whether or not they
// open a socket. The socket functions themselves are not provided yet: calling one stops the
// program with its name, like any unimplemented import.
#include <cstring>

#include "shims/guest_memory.h"
#include "shims/shim.h"

namespace polyrun::shims {

namespace {

constexpr int32_t WSAVERNOTSUPPORTED = 10092, WSANOTINITIALISED = 10093, WSAEFAULT = 10014;

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
  ++p.winsock_users;
  return 0;
}

int32_t WSACleanup(WindowsProcess& p) {
  if (p.winsock_users == 0) {
    p.set_last_error(WSANOTINITIALISED);
    return -1;  // SOCKET_ERROR
  }
  --p.winsock_users;
  return 0;
}

int32_t WSAGetLastError(WindowsProcess& p) { return static_cast<int32_t>(p.last_error()); }
void WSASetLastError(WindowsProcess& p, int32_t e) { p.set_last_error(static_cast<uint32_t>(e)); }

}  // namespace

const Dll kWs2_32{
    "ws2_32.dll",
    false,
    {
        EXPORT("WSAStartup", WSAStartup),
        EXPORT("WSACleanup", WSACleanup),
        EXPORT("WSAGetLastError", WSAGetLastError),
        EXPORT("WSASetLastError", WSASetLastError),
    },
    // Programs import these by number as well.
    {{115, "WSAStartup"}, {116, "WSACleanup"}, {111, "WSAGetLastError"}, {112, "WSASetLastError"}},
};

}  // namespace polyrun::shims
