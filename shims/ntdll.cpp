// ntdll.dll: the few Rtl functions console programs import directly. Everything else is bound
// lazily and reported by name if called.
#include <cstring>

#include "shims/shim.h"

namespace polyrun::shims {

namespace {

uint32_t RtlNtStatusToDosError(WindowsProcess&, uint32_t status) { return status == 0 ? 0 : 317; }  // ERROR_MR_MID_NOT_FOUND

void RtlZeroMemory(WindowsProcess&, Ptr d, USize n) { std::memset(d.as<void>(), 0, n); }

}  // namespace

const Dll kNtdll{
    "ntdll.dll",
    false,
    {
        EXPORT("RtlNtStatusToDosError", RtlNtStatusToDosError),
        EXPORT("RtlZeroMemory", RtlZeroMemory),
    },
};

}  // namespace polyrun::shims
