// The exception numbers the engine's ARM target (aarch64 and 32-bit ARM alike) passes to the
// interrupt hook: its EXCP_* values.
#pragma once

#include <cstdint>

namespace polyrun::cpu::arm_target {

constexpr uint32_t kExcpUdef = 1;
constexpr uint32_t kExcpSwi = 2;
constexpr uint32_t kExcpPrefetchAbort = 3;
constexpr uint32_t kExcpDataAbort = 4;
constexpr uint32_t kExcpBkpt = 7;
constexpr uint32_t kExcpHvc = 11;
constexpr uint32_t kExcpSmc = 13;

}  // namespace polyrun::cpu::arm_target
