// NTDLL's file functions: NtCancelIoFileEx.
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace {

// NtCancelIoFileEx(handle, request, &iosb): CancelIoEx in NTDLL's terms (an OVERLAPPED starts
// with its IO_STATUS_BLOCK): STATUS_NOT_FOUND when nothing was pending. What may be pending is
// socket I/O, WS2_32's (core's SocketHooks).
uint32_t NtCancelIoFileEx(WindowsProcess& p, Ptr h, Ptr request, Ptr iosb) {
  constexpr uint32_t kNotFound = 0xc0000225;
  if (p.fd_for_handle(h.addr) < 0) return nt::kInvalidHandle;
  const auto cancel = p.socket_hooks.cancel_io;
  if (!cancel || cancel(p, h.addr, request.addr, 0) == 0) return kNotFound;
  if (iosb) {
    put<uint32_t>(iosb.addr, nt::kSuccess);
    p.put_ptr(iosb.addr + p.isa->ptr, 0);
  }
  return nt::kSuccess;
}

}  // namespace

const std::vector<Export>& ntdll_cancel_exports() {
  static const std::vector<Export> exports = {EXPORT("NtCancelIoFileEx", NtCancelIoFileEx)};
  return exports;
}

}  // namespace polyrun::shims
