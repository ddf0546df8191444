// NTDLL's RtlIsTextUnicode (ADVAPI32's IsTextUnicode on Windows): whether a buffer looks like UTF-16
// text, by the tests the caller asks for in *flags (every test without flags), on at most its first
// 256 characters, a last NUL byte left out: IS_TEXT_UNICODE_ODD_LENGTH (an odd byte count), the
// byte order marks (SIGNATURE, REVERSE_SIGNATURE), STATISTICS (more than half the characters below
// 256), NULL_BYTES (a character with a zero byte), CONTROLS (CR, LF, tab, space or the ideographic
// space) and REVERSE_CONTROLS (those byte-swapped). The tests passed among those asked are written
// back; a reverse or not-Unicode test passed says no, a not-ASCII or Unicode one yes.
#include <algorithm>
#include <cstdint>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_text_unicode_impl {

enum : uint32_t {
  kStatistics = 0x2, kControls = 0x4, kSignature = 0x8, kReverseControls = 0x40, kReverseSignature = 0x80,
  kOddLength = 0x200, kNullBytes = 0x1000, kUnicodeMask = 0xf, kReverseMask = 0xf0, kNotUnicodeMask = 0xf00,
  kNotAsciiMask = 0xf000,
};

uint8_t RtlIsTextUnicode(WindowsProcess&, Ptr buffer, int32_t length, Ptr flags) {
  if (length < 2) {
    put<int32_t>(flags.addr, 0);
    return 0;
  }
  const uint32_t asked = flags ? get<uint32_t>(flags.addr) : ~0u;
  uint32_t passed = (length & 1) ? uint32_t{kOddLength} : 0u;
  if (get<uint8_t>(buffer.addr + static_cast<uint32_t>(length) - 1) == 0) --length;
  const int32_t chars = std::min(length / 2, 256);
  auto at = [&](int32_t i) { return get<uint16_t>(buffer.addr + 2ull * i); };
  if (chars > 0 && at(0) == 0xfeff) passed |= kSignature;
  if (chars > 0 && at(0) == 0xfffe) passed |= kReverseSignature;
  int32_t narrow = 0;
  for (int32_t i = 0; i < chars; ++i) {
    const uint16_t c = at(i);
    narrow += c <= 0xff;
    if ((asked & kNullBytes) && (!(c & 0xff) || !(c >> 8))) passed |= kNullBytes;
    if ((asked & kControls) && (c == u'\r' || c == u'\n' || c == u'\t' || c == u' ' || c == 0x3000))
      passed |= kControls;
    if ((asked & kReverseControls) && (c == 0x0d00 || c == 0x0a00 || c == 0x0900 || c == 0x2000))
      passed |= kReverseControls;
  }
  if ((asked & kStatistics) && narrow > chars / 2) passed |= kStatistics;
  if (flags) {
    passed &= asked;
    put<uint32_t>(flags.addr, passed);
  }
  if (passed & (kReverseMask | kNotUnicodeMask)) return 0;
  return (passed & (kNotAsciiMask | kUnicodeMask)) ? 1 : 0;
}

}  // namespace ntdll_text_unicode_impl

const std::vector<Export>& ntdll_text_unicode_exports() {
  using namespace ntdll_text_unicode_impl;
  static const std::vector<Export> exports = {EXPORT("RtlIsTextUnicode", RtlIsTextUnicode)};
  return exports;
}

}  // namespace polyrun::shims
