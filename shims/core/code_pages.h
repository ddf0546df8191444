// Windows code pages: the process's ANSI and OEM code pages (those of its locale, US English:
// 1252 and 437, as on Windows and wine), the tables of every single- and double-byte page polyrun
// knows (code_page_tables_gen.cpp makes them at build time), UTF-7/UTF-8, and the conversions
// MultiByteToWideChar and WideCharToMultiByte are made of. The A functions convert their strings
// here: polyrun's inner form of text is UTF-8 (text.h), the guest's narrow strings are ANSI.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace polyrun::shims {

constexpr unsigned kCpAcp = 0, kCpOemCp = 1, kCpMacCp = 2, kCpThreadAcp = 3, kCpSymbol = 42;
constexpr unsigned kCpUtf7 = 65000, kCpUtf8 = 65001;
constexpr unsigned kAnsiCodePage = 1252, kOemCodePage = 437, kMacCodePage = 10000;

// MultiByteToWideChar's and WideCharToMultiByte's flags.
constexpr uint32_t kMbPrecomposed = 0x1, kMbComposite = 0x2, kMbUseGlyphChars = 0x4, kMbErrInvalidChars = 0x8;
constexpr uint32_t kWcCompositeCheck = 0x200, kWcDiscardNs = 0x10, kWcSepChars = 0x20, kWcDefaultChar = 0x40,
                   kWcErrInvalidChars = 0x80, kWcNoBestFitChars = 0x400;

// CP_ACP/CP_THREAD_ACP, CP_OEMCP and CP_MACCP as the pages they name; others unchanged.
unsigned resolve_code_page(unsigned cp);
// A page IsValidCodePage accepts: one of the tables, UTF-7 or UTF-8 (not the CP_ACP-like aliases).
bool is_valid_code_page(unsigned cp);

// The pages of tables polyrun has (EnumSystemCodePages), in the order of their numbers as text.
std::vector<unsigned> table_code_pages();

// What GetCPInfoEx says of a page (after resolve_code_page); false: no such page.
struct CodePageInfo {
  unsigned id = 0;
  unsigned max_char_size = 1;
  uint8_t default_char[2] = {'?', 0};
  uint8_t lead_bytes[12] = {};
  char16_t unicode_default = '?';
  std::string name;  // as GetCPInfoEx's CodePageName gives it
};
bool code_page_info(unsigned cp, CodePageInfo& info);
// IsDBCSLeadByteEx: false for a page of single bytes or an unknown one.
bool is_lead_byte(unsigned cp, uint8_t byte);

// MultiByteToWideChar's conversion of bytes in page `cp` (resolved; a table page, UTF-7, UTF-8 or
// CP_SYMBOL): false where MB_ERR_INVALID_CHARS finds an invalid character.
bool multibyte_to_utf16(unsigned cp, uint32_t flags, std::string_view in, std::u16string& out);
// WideCharToMultiByte's: `default_char` (nullptr: the page's) replaces what has no code, which
// sets *used_default; false where WC_ERR_INVALID_CHARS finds an invalid character (UTF-8).
bool utf16_to_multibyte(unsigned cp, uint32_t flags, std::u16string_view in, const char* default_char,
                        bool* used_default, std::string& out);

// The A functions' strings: the ANSI (or OEM) code page to and from UTF-16 and UTF-8.
std::u16string ansi_to_utf16(std::string_view s);
std::string utf16_to_ansi(std::u16string_view s);
std::string ansi_to_utf8(std::string_view s);
std::string utf8_to_ansi(std::string_view s);
std::string oem_to_utf8(std::string_view s);
std::string utf8_to_oem(std::string_view s);
// The file functions' code page (SetFileApisToOEM): OEM where `oem`, else ANSI.
inline std::string file_api_to_utf8(bool oem, std::string_view s) { return oem ? oem_to_utf8(s) : ansi_to_utf8(s); }
inline std::string utf8_to_file_api(bool oem, std::string_view s) { return oem ? utf8_to_oem(s) : utf8_to_ansi(s); }
// Whether a byte of the ANSI code page starts a two-byte character (never, for 1252).
bool is_ansi_lead_byte(uint8_t byte);

}  // namespace polyrun::shims
