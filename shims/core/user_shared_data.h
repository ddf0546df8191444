// KUSER_SHARED_DATA: the page Windows maps read-only at 0x7ffe0000 in every process, whose clocks
// (interrupt time, system time, tick count) programs read directly instead of calling the
// system — Go's runtime does for its nanotime and walltime.
#pragma once

#include <cstdint>

namespace polyrun::shims {

struct WindowsProcess;

constexpr uint64_t kUserSharedData = 0x7ffe0000;

// Maps the page with the version, system root and processor facts, and starts the host thread that
// keeps its clocks current (every millisecond, as a Windows clock tick at its finest period).
void map_user_shared_data(WindowsProcess& p);

}  // namespace polyrun::shims
