// KERNEL32.dll: FoldStringW and FoldStringA, a string's characters mapped as the flags ask:
// MAP_FOLDDIGITS (each digit of any script or form to 0-9: superscript and circled ones too), MAP_EXPAND_LIGATURES (the Latin, Hebrew
// and presentation-form ligatures spelled out), MAP_PRECOMPOSED and MAP_COMPOSITE (normalization
// forms C and D), MAP_FOLDCZONE (the compatibility forms: KC, or KD with MAP_COMPOSITE), in the
// combinations Windows accepts (another: ERROR_INVALID_FLAGS). The normalization is NTDLL's
// (ntdll/normalization.h); a digit's value libunistring's character data, as
// polyrun already links it for GnuTLS (uc_digit_value).
#include <unictype.h>

#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/ntdll/normalization.h"

namespace polyrun::shims {

namespace kernel32_fold_string {

constexpr uint32_t kFoldCZone = 0x10, kPrecomposed = 0x20, kComposite = 0x40, kFoldDigits = 0x80,
                   kExpandLigatures = 0x2000;
constexpr uint32_t kErrorInvalidFlags = 1004;

// The ligatures MAP_EXPAND_LIGATURES spells out, and their letters.
struct Ligature {
  char16_t ligature;
  const char16_t* letters;
};
constexpr Ligature kLigatures[] = {
    {0x00c6, u"AE"},           {0x00de, u"TH"},          {0x00df, u"ss"},          {0x00e6, u"ae"},
    {0x00fe, u"th"},           {0x0132, u"IJ"},          {0x0133, u"ij"},          {0x0152, u"OE"},
    {0x0153, u"oe"},           {0x01c4, u"D\u017d"},     {0x01c5, u"D\u017e"},     {0x01c6, u"d\u017e"},
    {0x01c7, u"LJ"},           {0x01c8, u"Lj"},          {0x01c9, u"lj"},          {0x01ca, u"NJ"},
    {0x01cb, u"Nj"},           {0x01cc, u"nj"},          {0x01e2, u"\u0100\u0112"}, {0x01e3, u"\u0101\u0113"},
    {0x01f1, u"DZ"},           {0x01f2, u"Dz"},          {0x01f3, u"dz"},          {0x01fc, u"\u00c1\u00c9"},
    {0x01fd, u"\u00e1\u00e9"}, {0x05f0, u"\u05d5\u05d5"}, {0x05f1, u"\u05d5\u05d9"}, {0x05f2, u"\u05d9\u05d9"},
    {0xfb00, u"ff"},           {0xfb01, u"fi"},          {0xfb02, u"fl"},          {0xfb03, u"ffi"},
    {0xfb04, u"ffl"},          {0xfb05, u"\u017ft"},     {0xfb06, u"st"},
};

std::u16string fold_digits(const std::u16string& in) {
  std::u16string out = in;
  for (char16_t& c : out) {
    const int v = uc_digit_value(c);
    if (v >= 0) c = static_cast<char16_t>(u'0' + v);
  }
  return out;
}
std::u16string expand_ligatures(const std::u16string& in) {
  std::u16string out;
  for (char16_t c : in) {
    const Ligature* found = nullptr;
    for (const Ligature& l : kLigatures)
      if (l.ligature == c) found = &l;
    if (found) out += found->letters;
    else out += c;
  }
  return out;
}

// The folded string, or the error (ERROR_INVALID_FLAGS, or what normalizing gave).
uint32_t fold(uint32_t flags, const std::u16string& in, std::u16string& out) {
  const uint32_t rest = flags & ~kFoldDigits;
  std::u16string s = flags & kFoldDigits ? fold_digits(in) : in;
  uint32_t form = 0;
  switch (rest) {
    case 0: if (!(flags & kFoldDigits)) return kErrorInvalidFlags; out = s; return 0;
    case kPrecomposed: form = 1; break;
    case kFoldCZone:
    case kPrecomposed | kFoldCZone: form = 5; break;
    case kComposite: form = 2; break;
    case kComposite | kFoldCZone: form = 6; break;
    case kExpandLigatures:
    case kExpandLigatures | kFoldCZone: out = expand_ligatures(s); return 0;
    default: return kErrorInvalidFlags;
  }
  const uint32_t status = ntdll_normalization::normalize(form, s, &out);
  return status == 0 ? 0 : win_error_from_nt_status(status);
}

// FoldStringW(flags, src, src length (-1: to its NUL, which is folded too), dst, dst length (0:
// the length needed)): the length of the result; when dst is too short for it, nothing is written
// and the last error is ERROR_INSUFFICIENT_BUFFER (the length still returned, as wine 8.0 does).
int32_t FoldStringW(WindowsProcess& p, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t size) {
  if (!src || !n || size < 0 || (size && !dst) || src.addr == dst.addr) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const char16_t* text = src.as<const char16_t>();
  const std::u16string in(text, n < 0 ? std::char_traits<char16_t>::length(text) + 1 : static_cast<size_t>(n));
  std::u16string out;
  if (const uint32_t e = fold(flags, in, out)) return fail(p, e), 0;
  const auto len = static_cast<int32_t>(out.size());
  if (!size) return len;
  if (size < len) return fail(p, ERROR_INSUFFICIENT_BUFFER), len;
  std::memcpy(dst.as<char16_t>(), out.data(), out.size() * 2);
  return len;
}

// FoldStringA: the same over the ANSI code page's characters (the length of the wide result when
// dst length is 0, as wine 8.0 gives it).
int32_t FoldStringA(WindowsProcess& p, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t size) {
  if (!src || !n || size < 0 || (size && !dst) || src.addr == dst.addr) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const char* text = src.as<const char>();
  const std::string bytes(text, n < 0 ? std::strlen(text) + 1 : static_cast<size_t>(n));
  std::u16string out;
  if (const uint32_t e = fold(flags, utf8_to_utf16(ansi_to_utf8(bytes)), out)) return fail(p, e), 0;
  if (!size) return static_cast<int32_t>(out.size());
  const std::string narrow = utf8_to_ansi(utf16_to_utf8(out));
  if (narrow.size() > static_cast<size_t>(size)) return fail(p, ERROR_INSUFFICIENT_BUFFER), 0;
  std::memcpy(dst.as<char>(), narrow.data(), narrow.size());
  return static_cast<int32_t>(out.size());
}

}  // namespace kernel32_fold_string

const std::vector<Export>& kernel32_fold_string_exports() {
  using namespace kernel32_fold_string;
  static const std::vector<Export> exports = {
      EXPORT("FoldStringW", FoldStringW),
      EXPORT("FoldStringA", FoldStringA),
  };
  return exports;
}

}  // namespace polyrun::shims
