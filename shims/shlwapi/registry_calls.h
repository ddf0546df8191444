// ADVAPI32's registry functions as SHLWAPI's registry helpers call them (shlwapi/registry_values.cpp,
// shlwapi/registry_user_keys.cpp): by name and width, through their thunks (shlwapi/system_calls.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/shlwapi/system_calls.h"

namespace polyrun::shims::shlwapi_registry {

inline constexpr uint32_t kRegSz = 1, kRegExpandSz = 2, kRegBinary = 3, kRegDword = 4;
inline constexpr uint32_t kKeyQueryValue = 0x1, kKeySetValue = 0x2, kKeyRead = 0x20019, kKeyAllAccess = 0xf003f,
                          kMaximumAllowed = 0x2000000;
inline constexpr uint32_t kErrorMoreData = 234, kErrorCallNotImplemented = 120;

// ADVAPI32's `base` + "A" or "W" (the width of C) called with `args`: its 32-bit result.
template <typename C>
uint32_t reg(WindowsProcess& p, const char* base, const std::vector<uint64_t>& args) {
  const std::string name = std::string(base) + (sizeof(C) == 1 ? "A" : "W");
  return static_cast<uint32_t>(shlwapi_calls::call(p, "advapi32.dll", name.c_str(), args, kErrorCallNotImplemented));
}
inline uint32_t close_key(WindowsProcess& p, uint64_t key) {
  return static_cast<uint32_t>(shlwapi_calls::call(p, "advapi32.dll", "RegCloseKey", {key}, kErrorCallNotImplemented));
}

// The predefined keys as a guest's handle value (sign-extended on x64, as HKEY's (LONG) cast makes them).
inline uint64_t predefined_key(WindowsProcess& p, uint32_t which) {
  return p.isa->ptr == 4 ? which : static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(which)));
}
inline constexpr uint32_t kHkeyCurrentUser = 0x80000001, kHkeyLocalMachine = 0x80000002;

}  // namespace polyrun::shims::shlwapi_registry
