// What the C runtime shares with KERNEL32's heap functions (kernel32/heap.cpp).
#pragma once

#include <cstdint>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

// `call` (HeapFree, free, realloc …) was handed `block`, which is not a live block of `heap`: where
// Windows ends the process for heap corruption (WindowsProcess::heap_terminates) the process ends
// here with STATUS_HEAP_CORRUPTION; otherwise this returns and the call fails.
void heap_corruption(WindowsProcess& p, const char* call, uint64_t heap, uint64_t block);

}  // namespace polyrun::shims
