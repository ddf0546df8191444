// NTSTATUS values (ntstatus.h) that the native API's functions return.
#pragma once

#include <cstdint>

namespace polyrun::shims::nt {

constexpr uint32_t kSuccess = 0, kTimeout = 0x102, kPending = 0x103, kInvalidHandle = 0xc0000008,
                   kNoMemory = 0xc0000017, kNotSupported = 0xc00000bb, kInvalidParameter1 = 0xc00000ef,
                   kCancelled = 0xc0000120;

}  // namespace polyrun::shims::nt
