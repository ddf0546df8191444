// NTDLL's code pages from tables the caller holds (a code page's .nls file in memory): the table
// read into a CPTABLEINFO (RtlInitCodePageTable; RtlInitNlsTables, the ANSI and OEM pages and a case
// table into an NLSTABLEINFO), and text converted through one (RtlCustomCPToUnicodeN,
// RtlUnicodeToCustomCPN, RtlUpcaseUnicodeToCustomCPN). The file: a header (its size in words, the
// code page, the longest character's bytes, the default characters both ways and their
// translations, twelve bytes of lead byte ranges), then the word count up to the Unicode table, the
// 256-entry table of bytes to characters, a glyph table's flag (and its 256 entries), the DBCS
// ranges' flag followed, for a double-byte page, by each lead byte's offset to its 256 trail
// characters; then the table of characters to bytes (a byte each, or a word for a double-byte page).
// Conversions stop where the output is full, never splitting a double-byte character.
#include <algorithm>
#include <cstdint>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_custom_code_pages_impl {

// CPTABLEINFO: seven USHORTs (CodePage, MaximumCharacterSize, DefaultChar, UniDefaultChar,
// TransDefaultChar, TransUniDefaultChar, DBCSCodePage), LeadByte[12], then the pointers
// MultiByteTable, WideCharTable, DBCSRanges, DBCSOffsets at the next pointer boundary.
struct Info {
  unsigned ps;
  uint64_t at;
  uint64_t pointers() const { return at + (ps == 8 ? 32 : 28); }
  uint64_t multibyte(WindowsProcess& p) const { return p.get_ptr(pointers()); }
  uint64_t widechar(WindowsProcess& p) const { return p.get_ptr(pointers() + ps); }
  uint64_t offsets(WindowsProcess& p) const { return p.get_ptr(pointers() + 3 * ps); }
  bool dbcs() const { return get<uint16_t>(at + 12) != 0; }
};

void RtlInitCodePageTable(WindowsProcess& p, Ptr table, Ptr info) {
  const Info i{p.isa->ptr, info.addr};
  uint64_t w = table.addr;
  const uint16_t header = get<uint16_t>(w);
  for (int f = 0; f < 6; ++f) put<uint16_t>(info.addr + 2 * f, get<uint16_t>(w + 2 + 2 * f));
  for (int b = 0; b < 12; ++b) put<uint8_t>(info.addr + 14 + b, get<uint8_t>(w + 14 + b));
  w += 2ull * header;
  p.put_ptr(i.pointers() + i.ps, w + 2ull * (get<uint16_t>(w) + 1));  // WideCharTable
  w += 2;
  p.put_ptr(i.pointers(), w);  // MultiByteTable
  w += 2 * 256;
  if (get<uint16_t>(w)) w += 2 * 256;  // the glyph table
  w += 2;
  p.put_ptr(i.pointers() + 2 * i.ps, w);  // DBCSRanges
  const bool dbcs = get<uint16_t>(w) != 0;
  put<uint16_t>(info.addr + 12, dbcs ? 1 : 0);
  p.put_ptr(i.pointers() + 3 * i.ps, dbcs ? w + 2 : 0);  // DBCSOffsets
}

// NLSTABLEINFO: OemTableInfo, AnsiTableInfo, UpperCaseTable, LowerCaseTable; the case table's
// second word is the upper-case part's length.
void RtlInitNlsTables(WindowsProcess& p, Ptr ansi, Ptr oem, Ptr case_table, Ptr info) {
  const unsigned ps = p.isa->ptr;
  const uint64_t size = ps == 8 ? 64 : 44;
  RtlInitCodePageTable(p, ansi, info.addr + size);
  RtlInitCodePageTable(p, oem, info.addr);
  p.put_ptr(info.addr + 2 * size, case_table.addr + 4);
  p.put_ptr(info.addr + 2 * size + ps, case_table.addr + 2ull * get<uint16_t>(case_table.addr + 2) + 4);
}

uint32_t RtlCustomCPToUnicodeN(WindowsProcess& p, Ptr info, Ptr dst, uint32_t dst_bytes, Ptr written, Ptr src,
                               uint32_t src_len) {
  const Info i{p.isa->ptr, info.addr};
  const uint64_t mb = i.multibyte(p), offsets = i.offsets(p);
  uint32_t out = 0, room = dst_bytes / 2;
  for (uint32_t at = 0; at < src_len && out < room; ++out) {
    const uint8_t b = get<uint8_t>(src.addr + at++);
    const uint16_t off = offsets ? get<uint16_t>(offsets + 2ull * b) : 0;
    uint16_t c;
    if (off && at < src_len)
      c = get<uint16_t>(offsets + 2ull * (off + get<uint8_t>(src.addr + at++)));
    else
      c = get<uint16_t>(mb + 2ull * b);
    put<uint16_t>(dst.addr + 2ull * out, c);
  }
  put<uint32_t>(written.addr, out * 2);
  return nt::kSuccess;
}

uint32_t to_custom(WindowsProcess& p, Ptr info, Ptr dst, uint32_t dst_len, Ptr written, Ptr src, uint32_t src_bytes,
                   bool upper) {
  const Info i{p.isa->ptr, info.addr};
  const uint64_t wide = i.widechar(p);
  const uint32_t chars = src_bytes / 2;
  uint32_t out = 0;
  for (uint32_t at = 0; at < chars && out < dst_len; ++at) {
    char16_t c = get<uint16_t>(src.addr + 2ull * at);
    if (upper) c = ntdll_text::upcase(c);
    if (i.dbcs()) {
      const uint16_t code = get<uint16_t>(wide + 2ull * c);
      if (code & 0xff00) {
        if (out + 1 == dst_len) break;  // (no half of a character)
        put<uint8_t>(dst.addr + out++, static_cast<uint8_t>(code >> 8));
      }
      put<uint8_t>(dst.addr + out++, static_cast<uint8_t>(code));
    } else {
      put<uint8_t>(dst.addr + out++, get<uint8_t>(wide + c));
    }
  }
  put<uint32_t>(written.addr, out);
  return nt::kSuccess;
}

uint32_t RtlUnicodeToCustomCPN(WindowsProcess& p, Ptr info, Ptr dst, uint32_t dst_len, Ptr written, Ptr src,
                               uint32_t src_bytes) {
  return to_custom(p, info, dst, dst_len, written, src, src_bytes, false);
}

uint32_t RtlUpcaseUnicodeToCustomCPN(WindowsProcess& p, Ptr info, Ptr dst, uint32_t dst_len, Ptr written, Ptr src,
                                     uint32_t src_bytes) {
  return to_custom(p, info, dst, dst_len, written, src, src_bytes, true);
}

}  // namespace ntdll_custom_code_pages_impl

const std::vector<Export>& ntdll_custom_code_page_exports() {
  using namespace ntdll_custom_code_pages_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlInitCodePageTable", RtlInitCodePageTable),
      EXPORT("RtlInitNlsTables", RtlInitNlsTables),
      EXPORT("RtlCustomCPToUnicodeN", RtlCustomCPToUnicodeN),
      EXPORT("RtlUnicodeToCustomCPN", RtlUnicodeToCustomCPN),
      EXPORT("RtlUpcaseUnicodeToCustomCPN", RtlUpcaseUnicodeToCustomCPN),
  };
  return exports;
}

}  // namespace polyrun::shims
