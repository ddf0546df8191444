// GDI32's print jobs and escapes: StartDoc, StartPage, EndPage, EndDoc, AbortDoc, SetAbortProc,
// ResetDC, Escape and ExtEscape. polyrun installs no printer (winspool/README.md), so every DC is
// a display's, a window's or a memory one, whose driver prints nothing: a document does not start
// (StartDoc 0, after the abort procedure, called with the DC and 0, has its say), a page "starts"
// (StartPage 1) and nothing ends (EndPage, EndDoc, AbortDoc 0), ResetDC resets no printer settings
// (NULL), and no driver escape is supported (ExtEscape 0). Escape serves the escapes GDI itself
// answers from these functions and the device's capabilities (QUERYESCSUPPORT says yes to them:
// NEWFRAME, ABORTDOC, SETABORTPROC, STARTDOC, ENDDOC, GETPHYSPAGESIZE, GETPRINTINGOFFSET,
// GETSCALINGFACTOR, whose sizes are a printer's, 0 here) and passes the others on as ExtEscape.
// The job functions give SP_ERROR (-1) for a handle that is no DC, with ERROR_INVALID_HANDLE
// (SetAbortProc FALSE; ExtEscape and ResetDC their 0, the last error as it was). The values are wine 8.0's, whose display and memory DCs are
// the same kind of driver.
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"

namespace polyrun::shims::gdi32 {

namespace {

constexpr int32_t SP_ERROR = -1;
enum : int32_t {
  NEWFRAME = 1, ABORTDOC = 2, QUERYESCSUPPORT = 8, SETABORTPROC = 9, STARTDOC = 10, ENDDOC = 11,
  GETPHYSPAGESIZE = 12, GETPRINTINGOFFSET = 13, GETSCALINGFACTOR = 14,
};

int32_t SetAbortProc(WindowsProcess& p, Ptr hdc, Ptr proc) {
  DeviceContext* dc = dc_or_fail(p, hdc.addr);
  if (!dc) return FALSE;
  dc->abort_proc = proc.addr;
  return TRUE;
}

// The document's name and output are a printer driver's to use; no DC here has one.
int32_t start_doc(WindowsProcess& p, uint64_t hdc) {
  DeviceContext* dc = dc_or_fail(p, hdc);
  if (!dc) return SP_ERROR;
  if (dc->abort_proc) p.call_guest(dc->abort_proc, {hdc, 0});  // whatever it says, no document starts
  return 0;
}
int32_t StartDocW(WindowsProcess& p, Ptr hdc, Ptr) { return start_doc(p, hdc.addr); }
int32_t StartDocA(WindowsProcess& p, Ptr hdc, Ptr) { return start_doc(p, hdc.addr); }
int32_t StartPage(WindowsProcess& p, Ptr hdc) { return dc_or_fail(p, hdc.addr) ? 1 : SP_ERROR; }
int32_t EndPage(WindowsProcess& p, Ptr hdc) { return dc_or_fail(p, hdc.addr) ? 0 : SP_ERROR; }
int32_t EndDoc(WindowsProcess& p, Ptr hdc) { return dc_or_fail(p, hdc.addr) ? 0 : SP_ERROR; }
int32_t AbortDoc(WindowsProcess& p, Ptr hdc) { return dc_or_fail(p, hdc.addr) ? 0 : SP_ERROR; }
Ptr ResetDCW(WindowsProcess&, Ptr, Ptr) { return Ptr(0); }
Ptr ResetDCA(WindowsProcess&, Ptr, Ptr) { return Ptr(0); }
int32_t ExtEscape(WindowsProcess&, Ptr, int32_t, int32_t, Ptr, int32_t, Ptr) { return 0; }

int32_t Escape(WindowsProcess& p, Ptr hdc, int32_t escape, int32_t in_count, Ptr in, Ptr out) {
  switch (escape) {
    case ABORTDOC: return AbortDoc(p, hdc);
    case ENDDOC: return EndDoc(p, hdc);
    case NEWFRAME: return EndPage(p, hdc);
    case SETABORTPROC: return SetAbortProc(p, hdc, in);
    case STARTDOC: {
      const int32_t r = start_doc(p, hdc.addr);
      return r > 0 ? StartPage(p, hdc) : r;
    }
    case GETPHYSPAGESIZE:
    case GETPRINTINGOFFSET:
    case GETSCALINGFACTOR:
      // PHYSICALWIDTH/HEIGHT, PHYSICALOFFSETX/Y, SCALINGFACTORX/Y: a printer's, none here.
      if (out) {
        put<int32_t>(out.addr, 0);
        put<int32_t>(out.addr + 4, 0);
      }
      return 1;
    case QUERYESCSUPPORT: {
      if (in_count < 2 || !in) return 0;
      const int32_t code = in_count < 4 ? get<uint16_t>(in.addr) : get<int32_t>(in.addr);
      switch (code) {
        case ABORTDOC: case ENDDOC: case GETPHYSPAGESIZE: case GETPRINTINGOFFSET: case GETSCALINGFACTOR:
        case NEWFRAME: case QUERYESCSUPPORT: case SETABORTPROC: case STARTDOC:
          return TRUE;
        default:
          break;
      }
      break;
    }
    default:
      break;
  }
  return ExtEscape(p, hdc, escape, in_count, in, 0, out);
}

}  // namespace

const std::vector<Export>& print_job_exports() {
  static const std::vector<Export> e = {
      EXPORT("SetAbortProc", SetAbortProc), EXPORT("StartDocW", StartDocW), EXPORT("StartDocA", StartDocA),
      EXPORT("StartPage", StartPage),       EXPORT("EndPage", EndPage),     EXPORT("EndDoc", EndDoc),
      EXPORT("AbortDoc", AbortDoc),         EXPORT("ResetDCW", ResetDCW),   EXPORT("ResetDCA", ResetDCA),
      EXPORT("ExtEscape", ExtEscape),       EXPORT("Escape", Escape),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
