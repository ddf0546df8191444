// ntdll.dll: the few Rtl functions console programs import directly. Everything else is bound
// lazily and reported by name if called.
#include <cstring>

#include "shims/seh.h"
#include "shims/shim.h"

namespace polyrun::shims {

namespace {

uint32_t RtlNtStatusToDosError(WindowsProcess&, uint32_t status) { return status == 0 ? 0 : 317; }  // ERROR_MR_MID_NOT_FOUND

void RtlZeroMemory(WindowsProcess&, Ptr d, USize n) { std::memset(d.as<void>(), 0, n); }

}  // namespace

static std::vector<Export> ntdll_exports() {
  std::vector<Export> e = {
      EXPORT("RtlNtStatusToDosError", RtlNtStatusToDosError),
      EXPORT("RtlZeroMemory", RtlZeroMemory),
  };
  const auto& seh = seh_ntdll_exports();
  e.insert(e.end(), seh.begin(), seh.end());
  return e;
}

const Dll kNtdll{"ntdll.dll", false, ntdll_exports()};

}  // namespace polyrun::shims
