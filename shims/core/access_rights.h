// The generic access rights (winnt.h's GENERIC_*), which every object type maps onto its own.
#pragma once

#include <cstdint>

namespace polyrun::shims {

inline constexpr uint32_t GENERIC_READ = 0x80000000u, GENERIC_WRITE = 0x40000000, GENERIC_EXECUTE = 0x20000000,
                          GENERIC_ALL = 0x10000000;

}  // namespace polyrun::shims
