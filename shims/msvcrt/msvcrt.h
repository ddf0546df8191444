// What MSVCRT offers the other DLLs: formatting by the Microsoft C runtime's printf rules
// (msvcrt/printf.cpp), which KERNEL32's FormatMessage inserts, USER32's wsprintf and SHLWAPI's
// wnsprintf use.
#pragma once

#include <string>

#include "shims/core/shim.h"

namespace polyrun::shims {

// Formats with the Microsoft C runtime's printf rules; `wide`: %s means UTF-16.
std::string format_printf(WindowsProcess& p, const char* fmt, VarArgs& args, bool wide);

}  // namespace polyrun::shims
