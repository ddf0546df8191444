// KERNEL32's completion ports (kernel32/iocp.cpp) as overlapped I/O reports to them — KERNEL32's
// own asynchronous file, pipe and directory I/O and WS2_32's socket I/O: which port a handle is
// associated with, how an operation ends (the OVERLAPPED's fields, its event, a completion packet).
// The ports themselves are NTDLL's (ntdll/io_completion.h).
#pragma once

#include <cstdint>
#include <memory>

#include "shims/ntdll/io_completion.h"

namespace polyrun::shims {

// Which port a handle is associated with (CompletionTarget, completion_target,
// forget_completion_target) is NTDLL's (ntdll/io_completion.h), which the thread pool's I/O objects
// use too.

// Ends an overlapped operation: the OVERLAPPED's Internal (the NT status) and InternalHigh (bytes),
// then a packet on the target's port unless `skip_port` (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS for
// an operation that succeeded at once, or an hEvent with its low bit set). Needs no lock: any
// thread may call it. The OVERLAPPED's event is the caller's to set (that needs the lock).
void finish_overlapped(WindowsProcess& p, const CompletionTarget& target, uint64_t overlapped, uint32_t status,
                       uint64_t bytes, bool skip_port);
// Sets the event of an OVERLAPPED whose operation ended (under the lock); none if hEvent is null.
void set_overlapped_event(WindowsProcess& p, uint64_t overlapped);
// Resets it as an operation starts (under the lock).
void reset_overlapped_event(WindowsProcess& p, uint64_t overlapped);
// Sets an event by its handle (under the lock); nothing if it names no event.
void signal_event(WindowsProcess& p, uint64_t handle);
// The OVERLAPPED's fields (the layout differs between 64-bit and 32-bit programs): its status
// (Internal, read with acquire: the byte count in InternalHigh is there once it is not
// STATUS_PENDING) and its event.
uint32_t overlapped_status(WindowsProcess& p, uint64_t overlapped);
uint64_t overlapped_event(WindowsProcess& p, uint64_t overlapped);

}  // namespace polyrun::shims
