// The process's RTL-level unhandled-exception filter (NTDLL's RtlSetUnhandledExceptionFilter):
// what the thread's outermost frame calls for an exception no handler took, in place of KERNEL32's
// UnhandledExceptionFilter, which is what calls the program's SetUnhandledExceptionFilter filter
// (core/seh.cpp). 0: none set, KERNEL32's. One process per polyrun: the value is the process's.
#pragma once

#include <cstdint>

namespace polyrun::shims {

void set_rtl_unhandled_filter(uint64_t filter);

}  // namespace polyrun::shims
