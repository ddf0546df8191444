// NTDLL's fiber-local storage (ntdll/fiber_storage.cpp) under KERNEL32's FlsAlloc, FlsFree,
// FlsGetValue and FlsSetValue: the indexes are the process's (WindowsProcess::fls_callbacks, each
// with its callback), the values each thread's (one fiber per thread). These give the NTSTATUS.
#pragma once

#include <cstdint>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_fls {

// A new index with its callback (run at a thread's end for a value it leaves set).
uint32_t alloc(WindowsProcess& p, uint64_t callback, uint32_t* index);
// The index's callback runs for the calling thread's value (if set); every thread's value is
// cleared and the index is no longer valid. STATUS_INVALID_PARAMETER for an index not allocated.
uint32_t free(WindowsProcess& p, uint32_t index);
uint32_t get(WindowsProcess& p, uint32_t index, uint64_t* value);
uint32_t set(WindowsProcess& p, uint32_t index, uint64_t value);

}  // namespace polyrun::shims::ntdll_fls
