// KERNEL32.dll, tape devices: no tape drive is attached to this machine, so no handle names one.
// Each function takes the handle of an opened tape drive and returns its error: a handle that
// names nothing is ERROR_INVALID_HANDLE, any other device (a file, a pipe, the console) does not
// take a tape's requests, ERROR_NOT_SUPPORTED (what Windows' devices answer an IOCTL_TAPE_* they
// do not know; wine 8.0 answers the same). The error is the last error too.
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

uint32_t tape_error(WindowsProcess& p, Ptr h) {
  const uint32_t error = p.fd_for_handle(h.addr) >= 0 ? ERROR_NOT_SUPPORTED : ERROR_INVALID_HANDLE;
  p.set_last_error(error);
  return error;
}
uint32_t CreateTapePartition(WindowsProcess& p, Ptr h, uint32_t, uint32_t, uint32_t) { return tape_error(p, h); }
uint32_t EraseTape(WindowsProcess& p, Ptr h, uint32_t, int32_t) { return tape_error(p, h); }
uint32_t GetTapeParameters(WindowsProcess& p, Ptr h, uint32_t, Ptr, Ptr) { return tape_error(p, h); }
uint32_t GetTapePosition(WindowsProcess& p, Ptr h, uint32_t, Ptr, Ptr, Ptr) { return tape_error(p, h); }
uint32_t GetTapeStatus(WindowsProcess& p, Ptr h) { return tape_error(p, h); }
uint32_t PrepareTape(WindowsProcess& p, Ptr h, uint32_t, int32_t) { return tape_error(p, h); }
uint32_t SetTapeParameters(WindowsProcess& p, Ptr h, uint32_t, Ptr) { return tape_error(p, h); }
uint32_t SetTapePosition(WindowsProcess& p, Ptr h, uint32_t, uint32_t, uint32_t, uint32_t, int32_t) { return tape_error(p, h); }
uint32_t WriteTapemark(WindowsProcess& p, Ptr h, uint32_t, uint32_t, int32_t) { return tape_error(p, h); }

}  // namespace

const std::vector<Export>& kernel32_tape_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateTapePartition", CreateTapePartition), EXPORT("EraseTape", EraseTape),
      EXPORT("GetTapeParameters", GetTapeParameters),     EXPORT("GetTapePosition", GetTapePosition),
      EXPORT("GetTapeStatus", GetTapeStatus),             EXPORT("PrepareTape", PrepareTape),
      EXPORT("SetTapeParameters", SetTapeParameters),     EXPORT("SetTapePosition", SetTapePosition),
      EXPORT("WriteTapemark", WriteTapemark),
  };
  return exports;
}

}  // namespace polyrun::shims
