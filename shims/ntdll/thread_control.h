// NTDLL's control of threads and processes (ntdll/thread_control.cpp) under KERNEL32's: OpenProcess
// is NtOpenProcess's work. These give the NTSTATUS.
#pragma once

#include <cstdint>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_threads {

// A new handle to the process `pid`: this one, a child, or another the host lets this one see
// (seen to end through a pidfd); STATUS_INVALID_CID for a process there is not.
uint32_t open_process(WindowsProcess& p, uint32_t pid, uint64_t* handle);
// NtSuspendThread / NtResumeThread of a thread of this process: its suspend count before.
uint32_t suspend(WindowsProcess& p, uint64_t h, uint32_t* previous);
uint32_t resume(WindowsProcess& p, uint64_t h, uint32_t* previous);
// NtTerminateThread: the thread ends with `code`, without its TLS and FLS callbacks.
uint32_t terminate_thread(WindowsProcess& p, uint64_t h, uint32_t code);

}  // namespace polyrun::shims::ntdll_threads
