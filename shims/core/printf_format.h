// printf's conversions with Microsoft's rules (core/printf_format.cpp): what the C runtime's printf
// family formats (msvcrt/printf.cpp, msvcrt/string.cpp) and what the DLLs that format by its rules
// use — KERNEL32's FormatMessage inserts, USER32's wsprintf, SHLWAPI's wnsprintf.
#pragma once

#include <string>
#include <string_view>

#include "shims/core/shim.h"

namespace polyrun::shims {

// `fmt` formatted with the arguments `args` (the call's, or a va_list's): `wide`, a wide function's
// output, as UTF-8 (its %s and %c take UTF-16 strings and characters and %S and %C narrow ones),
// otherwise a narrow function's, as the bytes it writes (the reverse; h, l and w say it outright);
// a string of the other width in the ANSI code page (wsprintfA's %S, FormatMessageA's inserts: the
// C runtime converts by its locale instead, core/printf_text.h's format_printf_text); `legacy`,
// msvcrt.dll's rules (three exponent digits, 1.#INF), otherwise the Universal CRT's standard ones
// (two digits, inf, nan, -nan(ind)).
std::string format_printf(const char* fmt, VarArgs& args, bool wide, bool legacy = true);

}  // namespace polyrun::shims
