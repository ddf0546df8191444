// What SETUPAPI's files share: SetupAPI's and the configuration manager's error codes, GUIDs in
// guest memory, and each file's exports.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "shims/core/shim.h"

namespace polyrun::shims::setupapi {

// SetupAPI's own Win32 errors (setupapi.h: APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | n).
constexpr uint32_t ERROR_NO_ASSOCIATED_CLASS = 0xE0000200, ERROR_NO_SUCH_DEVINST = 0xE000020B,
                   ERROR_INVALID_MACHINENAME = 0xE0000220, ERROR_NO_SUCH_DEVICE_INTERFACE = 0xE0000225;

using Guid = std::array<uint8_t, 16>;
Guid read_guid(uint64_t addr);
void write_guid(uint64_t addr, const Guid& g);

const std::vector<Export>& device_exports();          // setupapi/devices.cpp
const std::vector<Export>& config_manager_exports();  // setupapi/config_manager.cpp
const std::vector<Export>& cabinet_exports();         // setupapi/cabinets.cpp
const std::vector<Export>& inf_exports();             // setupapi/inf.cpp

}  // namespace polyrun::shims::setupapi
