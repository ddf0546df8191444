// printf's strings of the other width converted by a C runtime's locale (core/printf_format.cpp):
// the C runtime's printf family (msvcrt/printf.cpp) turns a UTF-16 string or character in narrow
// output into the bytes of its locale's code page (and stops where one has none), and a narrow one
// in wide output into the characters of those bytes. format_printf (core/printf_format.h) without
// a converter: the ANSI code page's.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "shims/core/shim.h"

namespace polyrun::shims {

struct PrintfText {
  // A UTF-16 string or character in narrow output: its bytes; false where a character has none
  // (the output ends before it, and `failed` is set).
  std::function<bool(std::u16string_view, std::string&)> narrow_of_wide;
  // A narrow string or character in wide output: its text as UTF-8.
  std::function<std::string(std::string_view)> wide_of_narrow;
  bool failed = false;
  // %n: the number of characters written so far stored where its argument points (its size by the
  // length modifier), as a C runtime that allows it does (msvcrt.dll always; the Universal CRT
  // after _set_printf_count_output(1)); otherwise the output ends there, `failed` and
  // `count_refused` set (the Universal CRT's invalid parameter).
  bool count_output = true;
  bool count_refused = false;
};

// format_printf's output with `text`'s conversions.
std::string format_printf_text(const char* fmt, VarArgs& args, bool wide, bool legacy, PrintfText& text);

}  // namespace polyrun::shims
