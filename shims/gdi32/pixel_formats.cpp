// OpenGL's pixel formats on a DC (ChoosePixelFormat, DescribePixelFormat, GetPixelFormat,
// SetPixelFormat, SwapBuffers) and the display's colour management (the gamma ramp, the ICM
// profile). polyrun has no OpenGL and its headless display no gamma or colour profile, so each
// answers as Windows does on a display that offers none: no pixel format (ERROR_INVALID_PIXEL_FORMAT),
// the gamma ramp refused (ERROR_INVALID_PARAMETER, as wine's display driver does without one), no
// profile. The first pixel-format call says so once on stderr, as the program's own error will
// otherwise name OpenGL without saying why.
#include "common/log.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"

namespace polyrun::shims::gdi32 {

namespace {

constexpr uint32_t ERROR_INVALID_PIXEL_FORMAT = 2000;

BOOL no_pixel_formats(WindowsProcess& p, uint64_t hdc, const char* call) {
  static bool told = false;
  if (!told) {
    told = true;
    log().warn("{}: no OpenGL pixel formats (polyrun has no OpenGL)", call);
  }
  if (!find_dc(p, hdc)) return fail(p, ERROR_INVALID_HANDLE);
  return fail(p, ERROR_INVALID_PIXEL_FORMAT);
}

int32_t ChoosePixelFormat(WindowsProcess& p, Ptr hdc, Ptr) { return no_pixel_formats(p, hdc.addr, "ChoosePixelFormat"); }
int32_t DescribePixelFormat(WindowsProcess& p, Ptr hdc, int32_t, uint32_t, Ptr) {
  return no_pixel_formats(p, hdc.addr, "DescribePixelFormat");
}
int32_t GetPixelFormat(WindowsProcess& p, Ptr hdc) { return no_pixel_formats(p, hdc.addr, "GetPixelFormat"); }
BOOL SetPixelFormat(WindowsProcess& p, Ptr hdc, int32_t, Ptr) { return no_pixel_formats(p, hdc.addr, "SetPixelFormat"); }
BOOL SwapBuffers(WindowsProcess& p, Ptr hdc) { return no_pixel_formats(p, hdc.addr, "SwapBuffers"); }

BOOL GetDeviceGammaRamp(WindowsProcess& p, Ptr hdc, Ptr) {
  if (!find_dc(p, hdc.addr)) return fail(p, ERROR_INVALID_HANDLE);
  return fail(p, ERROR_INVALID_PARAMETER);
}
BOOL SetDeviceGammaRamp(WindowsProcess& p, Ptr hdc, Ptr ramp) { return GetDeviceGammaRamp(p, hdc, ramp); }

// No colour profile is installed: the call fails and says nothing of a file name.
BOOL GetICMProfileW(WindowsProcess& p, Ptr hdc, Ptr, Ptr) {
  if (!find_dc(p, hdc.addr)) return fail(p, ERROR_INVALID_HANDLE);
  return FALSE;
}
BOOL GetICMProfileA(WindowsProcess& p, Ptr hdc, Ptr size, Ptr name) { return GetICMProfileW(p, hdc, size, name); }

}  // namespace

const std::vector<Export>& pixel_format_exports() {
  static const std::vector<Export> e = {
      EXPORT("ChoosePixelFormat", ChoosePixelFormat), EXPORT("DescribePixelFormat", DescribePixelFormat),
      EXPORT("GetPixelFormat", GetPixelFormat),       EXPORT("SetPixelFormat", SetPixelFormat),
      EXPORT("SwapBuffers", SwapBuffers),             EXPORT("GetDeviceGammaRamp", GetDeviceGammaRamp),
      EXPORT("SetDeviceGammaRamp", SetDeviceGammaRamp), EXPORT("GetICMProfileW", GetICMProfileW),
      EXPORT("GetICMProfileA", GetICMProfileA),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
