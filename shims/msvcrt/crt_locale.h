// The C runtime's current locale (msvcrt/locale_state.cpp): what setlocale chose for each category
// (its name and code page), the character data of LC_CTYPE's code page (classes, case, lead bytes,
// MB_CUR_MAX) and the conversions between its bytes and UTF-16 that mbtowc, wctomb, mbstowcs,
// wcstombs and printf's %S use; and the code page the runtime's narrow names of the system (file
// names, paths, the environment, command lines) are in: the ANSI code page, as Windows' C runtime
// passes them to the A functions (the OEM one after SetFileApisToOEM, for file names), or UTF-8
// where the Universal CRT's locale is a UTF-8 one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "shims/core/windows_process.h"

namespace polyrun::shims::crt_locale {

constexpr int32_t kLcAll = 0, kLcCollate = 1, kLcCtype = 2, kLcMonetary = 3, kLcNumeric = 4, kLcTime = 5;

// One code page's character data: `code_page` 0 is the "C" locale's (bytes are the characters
// 0–255, the ASCII ones classified); `ctype` the _ctype table (EOF's entry first: _pctype is
// ctype + 1); `upper`/`lower` each byte's case; `lead` the lead bytes of a double-byte page;
// `mb_max` MB_CUR_MAX.
struct CodePageData {
  uint32_t code_page = 0;
  int32_t mb_max = 1;
  uint16_t ctype[257] = {};
  uint8_t upper[256] = {}, lower[256] = {};
  bool lead[256] = {};
};

// The locale's settings: each category's name (index 0 unused) and code page.
struct Settings {
  std::string names[6];
  uint32_t code_pages[6] = {};
  std::shared_ptr<const CodePageData> ctype;  // LC_CTYPE's code page's data
};

// The current settings (the "C" locale's until setlocale changes them).
std::shared_ptr<const Settings> current(WindowsProcess& p);
inline std::shared_ptr<const CodePageData> ctype(WindowsProcess& p) { return current(p)->ctype; }
// setlocale: `name` (bytes) for `category`, null to ask; the name the category (or LC_ALL) has
// now, or nullopt where the name is no locale's. `ucrt`: the Universal CRT's names (UTF-8 code
// pages and locale names such as "en-US").
const std::string* set(WindowsProcess& p, int32_t category, const char* name, bool ucrt);
// The runtime's variables of the locale (__lc_codepage, __mb_cur_max, _pctype …) made to match
// the current settings (msvcrt/locale.cpp).
void publish(WindowsProcess& p);
// The category's name now.
std::string name_of(WindowsProcess& p, int32_t category);

// The character data of code page `cp` (0: the "C" locale's); null for a page polyrun has not.
std::shared_ptr<const CodePageData> code_page_data(uint32_t cp);

// The multibyte character at `s` (`n` bytes readable) in `d`'s code page: its length in bytes (0
// for the NUL), and its UTF-16 in `out` (one or two units); -1 for an invalid or incomplete
// character.
int32_t to_wide(const CodePageData& d, const uint8_t* s, uint64_t n, std::u16string& out);
// A UTF-16 string's bytes in `d`'s code page (no NUL added): false where a character has none
// (the "C" locale's characters above 255, a page's characters without a code).
bool to_bytes(const CodePageData& d, std::u16string_view w, std::string& out);
// A whole string of bytes in `d`'s code page as UTF-16, false at an invalid character.
bool string_to_wide(const CodePageData& d, std::string_view s, std::u16string& out);

// The names of the system (files, paths, environment, command lines): the program's bytes as
// UTF-8 and back. `file`: a file name (the OEM code page after SetFileApisToOEM).
std::string name_to_utf8(WindowsProcess& p, std::string_view bytes, bool file = true);
std::string utf8_to_name(WindowsProcess& p, std::string_view utf8, bool file = true);

}  // namespace polyrun::shims::crt_locale
