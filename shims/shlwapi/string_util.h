// What SHLWAPI's string files share (shlwapi/string_search.cpp, shlwapi/string_buffers.cpp): a
// guest string's length, the case-folded form of a character (KERNEL32's Unicode upper case, of
// the ANSI code page's character for a byte of the ANSI forms), and a string's text as UTF-16.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include "shims/core/code_pages.h"
#include "shims/core/text.h"
#include "shims/kernel32/char_types.h"

namespace polyrun::shims::shlwapi_text {

template <typename C>
size_t length(const C* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

// A character as an unsigned code (a byte of the ANSI text, or a UTF-16 unit).
template <typename C>
uint32_t code(C c) {
  return static_cast<uint32_t>(static_cast<std::make_unsigned_t<C>>(c));
}

template <typename C>
uint32_t upper(C c) {
  const uint32_t u = code(c);
  if constexpr (sizeof(C) == 1) {
    if (u < 0x80) return u >= 'a' && u <= 'z' ? u - 32 : u;
    const std::u16string w = ansi_to_utf16(std::string(1, static_cast<char>(u)));
    return w.empty() ? u : char_upper(w[0]);
  } else {
    return char_upper(static_cast<char16_t>(u));
  }
}

inline std::u16string wide(const char* s) { return ansi_to_utf16(s); }
inline std::u16string wide(const char16_t* s) { return std::u16string(s); }

// A UTF-16 text as the string type C holds (the ANSI code page's bytes for the ANSI forms).
template <typename C>
std::basic_string<C> narrow_or_wide(const std::u16string& s) {
  if constexpr (sizeof(C) == 1) return utf16_to_ansi(s);
  else return s;
}

}  // namespace polyrun::shims::shlwapi_text
