// Text conversions between UTF-16 and UTF-8, polyrun's inner form of text (the host's file names,
// environment, command line). The guest's narrow strings are in its ANSI code page: code_pages.h.
#pragma once

#include <cstdint>
#include <string>

namespace polyrun::shims {

std::u16string utf8_to_utf16(const std::string& s);
std::string utf16_to_utf8(const std::u16string& s);
std::string utf16_to_utf8(const char16_t* s, size_t n);
// A code point's UTF-8 bytes, appended.
void append_utf8(std::string& out, uint32_t code_point);
// The arguments of a Win32 text conversion (MultiByteToWideChar, WideCharToMultiByte, LCMapString
// …) as Windows checks them: a source, a length that is not 0 (-1: up to its terminator), and a
// destination wherever its length says there is one. False: ERROR_INVALID_PARAMETER.
inline bool text_arguments_ok(uint64_t src, int32_t srclen, uint64_t dst, int32_t dstlen) {
  return src && srclen != 0 && dstlen >= 0 && (dst || !dstlen);
}
// A copy with ASCII letters in lower case (names Windows compares without case: modules, symbols).
std::string ascii_lower(std::string s);

}  // namespace polyrun::shims
