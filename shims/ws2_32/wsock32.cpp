// WSOCK32.dll, Winsock 1.1: WS2_32's functions under the same numbers (Winsock 2 kept them), but
// for setsockopt and getsockopt, whose IPPROTO_IP options Winsock 1.1 numbered differently
// (winsock.h against ws2ipdef.h): they are mapped to WS2_32's before WS2_32's functions serve them.
#include "shims/ws2_32/exports.h"
#include "shims/core/shim.h"
#include "shims/ws2_32/ws2_32.h"

namespace polyrun::shims {

namespace {

constexpr int32_t kIpprotoIp = 0;

// Winsock 1.1's IP_OPTIONS … IP_DONTFRAGMENT (1–9) as WS2_32 numbers them.
int32_t ws2_option(int32_t level, int32_t name) {
  static const int32_t ws2[] = {0, 1, 9, 10, 11, 12, 13, 4, 3, 14};
  if (level == kIpprotoIp && name >= 1 && name <= 9) return ws2[name];
  return name;
}

int32_t setsockopt_ws1(WindowsProcess& p, USize s, int32_t level, int32_t name, Ptr value, int32_t len) {
  return winsock::set_socket_option(p, s, level, ws2_option(level, name), value.addr, len);
}
int32_t getsockopt_ws1(WindowsProcess& p, USize s, int32_t level, int32_t name, Ptr value, Ptr len) {
  return winsock::get_socket_option(p, s, level, ws2_option(level, name), value.addr, len.addr);
}

}  // namespace

const Dll kWsock32{
    "wsock32.dll",
    false,
    {
        EXPORT("setsockopt", setsockopt_ws1),
        EXPORT("getsockopt", getsockopt_ws1),
    },
    {},
    &kWs2_32,
};

}  // namespace polyrun::shims
