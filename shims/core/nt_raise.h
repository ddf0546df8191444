// Raising an exception at a context the caller gives (NTDLL's NtRaiseException), over the dispatch
// core/seh.cpp has for every raise.
#pragma once

#include <cstdint>

namespace polyrun::shims {

struct WindowsProcess;

// The exception of the record at `rec` raised at the CONTEXT at `ctx` (both the caller's), offered
// to the handlers (vectored, then frame-based) on its first chance; a handler that continues
// resumes the thread at the context. Not handled, or on its second chance (no debugger is attached
// to see it), the process ends as for an unhandled exception (the second chance without the
// unhandled-exception filter).
void raise_at_context(WindowsProcess& p, uint64_t rec, uint64_t ctx, bool first_chance);

}  // namespace polyrun::shims
