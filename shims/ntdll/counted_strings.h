// What NTDLL's files share of counted strings (STRING, ANSI_STRING, OEM_STRING, UNICODE_STRING:
// Length and MaximumLength in bytes, then the buffer at the pointer's alignment) and of text:
// the ANSI and OEM code pages (UTF-8, core/text.h) with NTDLL's conversion rules, and the Unicode
// case mapping of RtlUpcaseUnicodeChar. Defined in ntdll/rtl_strings.cpp.
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/shim.h"

namespace polyrun::shims::ntdll_text {

struct Counted {
  uint16_t length = 0, max = 0;
  uint64_t buffer = 0;
};

// A counted string's fields (`s` is its address); the buffer sits one pointer in.
Counted read_counted(WindowsProcess& p, uint64_t s);
void write_counted(WindowsProcess& p, uint64_t s, const Counted& c);
inline void set_length(uint64_t s, uint16_t length) { put<uint16_t>(s, length); }

// A UNICODE_STRING's characters.
std::u16string unicode_of(WindowsProcess& p, uint64_t s);
// A NUL-terminated UTF-16 string at `a` (its length in characters).
size_t wide_length(uint64_t a);

char16_t upcase(char16_t c);
char16_t downcase(char16_t c);

// UTF-8 to UTF-16 as NTDLL converts (a malformed sequence is U+FFFD, STATUS_SOME_NOT_MAPPED):
// `count` only (dst null), or into at most `dst_chars` characters (STATUS_BUFFER_TOO_SMALL when
// input is left). `*written` is characters.
uint32_t utf8_to_utf16(const uint8_t* src, uint32_t src_len, char16_t* dst, uint32_t dst_chars, uint32_t* written);
// UTF-16 to UTF-8 (a lone surrogate is U+FFFD): the bytes, or into at most `dst_len` bytes
// without splitting a character.
uint32_t utf16_to_utf8(const char16_t* src, uint32_t src_chars, uint8_t* dst, uint32_t dst_len, uint32_t* written);
constexpr uint32_t kSomeNotMapped = 0x00000107;

// The process heap's blocks that NTDLL's allocating functions hand out (RtlFreeUnicodeString …
// give them back).
uint64_t heap_alloc(WindowsProcess& p, uint64_t size);
void heap_free(WindowsProcess& p, uint64_t block);

}  // namespace polyrun::shims::ntdll_text
