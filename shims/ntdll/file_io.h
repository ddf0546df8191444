// How NTDLL's file functions of their own files (ntdll/file_segments.cpp, ntdll/file_controls.cpp)
// end an operation the caller asked to be told of (defined in ntdll/file_segments.cpp).
#pragma once

#include <cstdint>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_file_io {

// The operation's IO_STATUS_BLOCK (Status, pointer-sized, then Information), its event set, its APC
// routine queued to the calling thread (ApcContext, the IO_STATUS_BLOCK, 0: PIO_APC_ROUTINE's
// arguments), run by the thread's next alertable wait. A port the handle is associated with through
// KERNEL32's CreateIoCompletionPort is KERNEL32's to post to and is not told.
void finish(WindowsProcess& p, uint64_t iosb, uint32_t status, uint64_t information, uint64_t event, uint64_t apc,
            uint64_t apc_context);
// The event an operation signals when it ends, cleared as it starts (none: 0).
void reset_event(WindowsProcess& p, uint64_t event);

}  // namespace polyrun::shims::ntdll_file_io
