// NTDLL's locks and waits by address (ntdll/locks.cpp), which KERNEL32's SRW lock, condition
// variable, WaitOnAddress and InitOnce functions are (kernel32/sync.cpp): the same functions where
// the two agree, and the waits' work with a timeout in milliseconds and an NTSTATUS (STATUS_SUCCESS,
// STATUS_TIMEOUT, STATUS_INVALID_PARAMETER …, or kEnding once the thread or process is ending
// meanwhile) from which KERNEL32's make their BOOL and last error.
#pragma once

#include <cstdint>

#include "shims/core/shim.h"

namespace polyrun::shims::ntdll_locks {

// The thread or the process is ending: the wait was given up (nothing is held).
constexpr uint32_t kEnding = 0xc000004b;  // STATUS_THREAD_IS_TERMINATING

void RtlInitializeSRWLock(WindowsProcess& p, Ptr l);
uint8_t RtlTryAcquireSRWLockExclusive(WindowsProcess& p, Ptr l);
uint8_t RtlTryAcquireSRWLockShared(WindowsProcess& p, Ptr l);
void RtlAcquireSRWLockExclusive(WindowsProcess& p, Ptr l);
void RtlAcquireSRWLockShared(WindowsProcess& p, Ptr l);
void RtlReleaseSRWLockExclusive(WindowsProcess& p, Ptr l);
void RtlReleaseSRWLockShared(WindowsProcess& p, Ptr l);

void RtlInitializeConditionVariable(WindowsProcess& p, Ptr cv);
void RtlWakeConditionVariable(WindowsProcess& p, Ptr cv);
void RtlWakeAllConditionVariable(WindowsProcess& p, Ptr cv);
// Leaves the critical section (however many times it was entered) or the SRW lock
// (CONDITION_VARIABLE_LOCKMODE_SHARED 1 in `flags`: held shared), sleeps until a wake or the
// timeout, takes it again.
uint32_t sleep_condition_cs(WindowsProcess& p, Ptr cv, Ptr cs, uint32_t timeout_ms);
uint32_t sleep_condition_srw(WindowsProcess& p, Ptr cv, Ptr l, uint32_t timeout_ms, uint32_t flags);

// Returns when the value at `address` differs from the one at `compare` (at once if it does
// already), when woken (or spuriously), or with STATUS_TIMEOUT; a size not 1, 2, 4 or 8 is
// STATUS_INVALID_PARAMETER.
uint32_t wait_on_address(WindowsProcess& p, Ptr address, Ptr compare, uint64_t size, uint32_t timeout_ms);
void RtlWakeAddressSingle(WindowsProcess& p, Ptr address);
void RtlWakeAddressAll(WindowsProcess& p, Ptr address);

// RTL_RUN_ONCE (KERNEL32's INIT_ONCE): its word is 0 (not run), 1 (running), or the context the
// initialisation left (its low two bits clear) | 2 (done).
void RtlRunOnceInitialize(WindowsProcess& p, Ptr once);
uint32_t RtlRunOnceExecuteOnce(WindowsProcess& p, Ptr once, Ptr fn, Ptr param, Ptr context);
uint32_t RtlRunOnceBeginInitialize(WindowsProcess& p, Ptr once, uint32_t flags, Ptr context);
uint32_t RtlRunOnceComplete(WindowsProcess& p, Ptr once, uint32_t flags, Ptr context);

}  // namespace polyrun::shims::ntdll_locks
