// The C runtime's multibyte code page (msvcrt/mbcs_chars.cpp, msvcrt/mbcs_strings.cpp): its
// _mbctype table and case map, built from KERNEL32's description of the code page (GetCPInfo,
// MultiByteToWideChar, WideCharToMultiByte) as _setmbcp builds them, and the arithmetic of code
// page 932's JIS and Shift-JIS values, which needs no table.
#pragma once

#include <cstdint>
#include <memory>

#include "shims/core/windows_process.h"

namespace polyrun::shims::mbcs {

// _mbctype's bits (<mbctype.h>): _MS a single-byte katakana, _MP single-byte punctuation, _M1 a
// lead byte, _M2 a trail byte, _SBUP and _SBLOW a single-byte upper and lower case letter.
constexpr uint8_t kSingleKana = 0x01, kSinglePunct = 0x02, kLead = 0x04, kTrail = 0x08, kSbUpper = 0x10,
                  kSbLower = 0x20;

// The C runtime's errno values (errno.h).
constexpr int32_t kEinval = 22, kErange = 34, kEilseq = 42;

// _setmbcp's pseudo code pages.
constexpr int32_t kCpSbcs = 0, kCpOem = -2, kCpAnsi = -3, kCpLocale = -4;

// One multibyte code page's data: `code_page` 0 is the "C" locale's single bytes (ASCII letters);
// `multibyte` a code page of two-byte characters; `type` _mbctype (EOF's entry first), `casemap`
// each letter's other case.
struct MbcInfo {
  int32_t code_page = 0;
  bool multibyte = false;
  uint8_t type[257] = {};
  uint8_t casemap[256] = {};
};

// The process's multibyte code page (the "C" locale's until _setmbcp changes it).
std::shared_ptr<const MbcInfo> current(WindowsProcess& p);

inline bool is_lead(const MbcInfo& m, uint32_t c) { return (m.type[(c & 0xff) + 1] & kLead) != 0; }
inline bool is_trail(const MbcInfo& m, uint32_t c) { return (m.type[(c & 0xff) + 1] & kTrail) != 0; }
// The character at `s`: a lead byte and the byte after it as one value, else the byte.
inline uint32_t next_char(const MbcInfo& m, const uint8_t* s) {
  return is_lead(m, s[0]) ? (static_cast<uint32_t>(s[0]) << 8 | s[1]) : s[0];
}

// A character's case in the code page: single bytes by the table, two-byte characters through
// the character's Unicode case (KERNEL32), unchanged where that is not a character of the page.
uint32_t to_lower(WindowsProcess& p, const MbcInfo& m, uint32_t c);
uint32_t to_upper(WindowsProcess& p, const MbcInfo& m, uint32_t c);

// Code page 932's arithmetic (JIS X 0208 rows and cells ↔ Shift-JIS), 0 where `c` has no
// counterpart (bits above the two bytes are not read). `jms` must be a legal Shift-JIS character for jms_to_jis (lead 0x81–0x9f or
// 0xe0–0xfc, trail 0x40–0x7e or 0x80–0xfc).
inline uint32_t jis_to_jms(uint32_t c) {
  uint32_t hi = (c >> 8) & 0xff, lo = c & 0xff;
  if (hi < 0x21 || hi > 0x7e || lo < 0x21 || lo > 0x7e) return 0;
  // Two JIS rows share one Shift-JIS lead byte: odd rows take trail bytes 0x40–0x9e (skipping
  // 0x7f), even rows 0x9f–0xfc.
  uint32_t lead = (hi + 1) / 2 + 0x70;
  if (lead > 0x9f) lead += 0x40;
  uint32_t trail;
  if (hi & 1) trail = lo + 0x1f + (lo >= 0x60 ? 1 : 0);
  else trail = lo + 0x7e;
  return lead << 8 | trail;
}
inline bool jms_legal(uint32_t c) {
  uint32_t hi = (c >> 8) & 0xff, lo = c & 0xff;
  bool lead = (hi >= 0x81 && hi <= 0x9f) || (hi >= 0xe0 && hi <= 0xfc);
  bool trail = (lo >= 0x40 && lo <= 0x7e) || (lo >= 0x80 && lo <= 0xfc);
  return lead && trail;
}
inline uint32_t jms_to_jis(uint32_t c) {
  if (!jms_legal(c) || ((c >> 8) & 0xff) >= 0xf0) return 0;
  uint32_t hi = (c >> 8) & 0xff, lo = c & 0xff;
  if (hi >= 0xe0) hi -= 0x40;
  uint32_t row = (hi - 0x81) * 2 + 0x21;
  uint32_t cell;
  if (lo >= 0x9f) {
    ++row;
    cell = lo - 0x7e;
  } else {
    cell = lo - 0x1f - (lo > 0x7f ? 1 : 0);
  }
  return row << 8 | cell;
}
// Code page 932's hiragana (0x829f–0x82f1) and katakana (0x8340–0x8396 but 0x837f), and each to
// the other where the other has it (katakana past 0x8393 have no hiragana).
inline bool jms_hiragana(uint32_t c) { return c >= 0x829f && c <= 0x82f1; }
inline bool jms_katakana(uint32_t c) { return c >= 0x8340 && c <= 0x8396 && c != 0x837f; }
inline uint32_t jms_to_hiragana(uint32_t c) {
  if (!jms_katakana(c) || c > 0x8393) return c;
  return c - 0x8340 - (c > 0x837f ? 1 : 0) + 0x829f;
}
inline uint32_t jms_to_katakana(uint32_t c) {
  if (!jms_hiragana(c)) return c;
  uint32_t k = c - 0x829f + 0x8340;
  return k >= 0x837f ? k + 1 : k;
}

}  // namespace polyrun::shims::mbcs
