// Unicode character classes and case, as KERNEL32's GetStringTypeW and LCMapStringW give them
// (kernel32/locale.cpp), for the other DLLs' character functions (USER32's IsCharAlpha, CharUpper …).
#pragma once

#include <cstdint>

namespace polyrun::shims {

// CT_CTYPE1's bits (C1_UPPER 1, C1_LOWER 2, C1_DIGIT 4, C1_SPACE 8, C1_PUNCT 0x10, C1_CNTRL 0x20,
// C1_BLANK 0x40, C1_XDIGIT 0x80, C1_ALPHA 0x100, C1_DEFINED 0x200).
uint16_t char_type1(char16_t c);
char16_t char_upper(char16_t c);
char16_t char_lower(char16_t c);

}  // namespace polyrun::shims
