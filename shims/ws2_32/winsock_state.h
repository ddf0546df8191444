// What Winsock (WS2_32.dll, WSOCK32.dll) keeps per process, in core's per-DLL slots
// (core/dll_state.h). (The socket table is ws2_32/ws2_32.cpp's.)
#pragma once

#include <cstdint>

#include "shims/core/dll_state.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims::winsock {

struct WinsockState : DllStateBase {
  uint32_t users = 0;  // WSAStartup calls not yet cleaned up
};

inline WinsockState& winsock_state(WindowsProcess& p) { return dll_state<WinsockState>(p); }

}  // namespace polyrun::shims::winsock
