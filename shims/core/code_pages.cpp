#include "shims/core/code_pages.h"

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <vector>

#include "shims/core/text.h"

namespace polyrun::shims {

namespace {

struct CodePagePair {
  char16_t unicode;
  uint16_t code;
};

struct GeneratedCodePage {
  unsigned id;
  const char* name;
  uint8_t default_char;
  char16_t unicode_default;
  const char16_t* single;    // 256 bytes → UTF-16 (a lead byte: the Unicode default)
  const uint8_t* invalid;    // 256 bits: the byte is no character (MB_ERR_INVALID_CHARS)
  const CodePagePair* reverse;  // characters of two codes: the one Windows writes
  size_t reverse_n;
  const CodePagePair* best_fit;  // characters without a code: the nearest one, by code point
  size_t best_fit_n;
  const char16_t* pairs;     // DBCS: 256 per lead byte, in lead order; 0: no character
  uint8_t lead_ranges[12];
};

#include "code_page_tables.inc"

constexpr uint16_t kNoCode = 0xFFFF;

// A page with its lead bytes' rows and, built at its first use, the code of each character.
struct Page {
  const GeneratedCodePage* gen = nullptr;
  std::array<int16_t, 256> row{};  // lead byte → its row in gen->pairs, -1 for a single byte
  std::once_flag back_once;
  std::unique_ptr<uint16_t[]> back;

  bool lead(uint8_t b) const { return row[b] >= 0; }
  bool invalid_byte(uint8_t b) const { return gen->invalid[b >> 3] >> (b & 7) & 1; }
  char16_t pair(uint8_t lead_byte, uint8_t trail) const { return gen->pairs[row[lead_byte] * 256 + trail]; }

  const uint16_t* codes() {
    std::call_once(back_once, [this] {
      back = std::make_unique<uint16_t[]>(0x10000);
      std::fill_n(back.get(), 0x10000, kNoCode);
      for (unsigned b = 0; b < 256; ++b)
        if (!lead(static_cast<uint8_t>(b)) && back[gen->single[b]] == kNoCode) back[gen->single[b]] = static_cast<uint16_t>(b);
      for (unsigned l = 0; l < 256; ++l)
        if (lead(static_cast<uint8_t>(l)))
          for (unsigned t = 0; t < 256; ++t)
            if (char16_t u = pair(static_cast<uint8_t>(l), static_cast<uint8_t>(t)); u && back[u] == kNoCode)
              back[u] = static_cast<uint16_t>(l << 8 | t);
      for (size_t i = 0; i < gen->reverse_n; ++i) back[gen->reverse[i].unicode] = gen->reverse[i].code;
    });
    return back.get();
  }
  // A character's best fit (WideCharToMultiByte without WC_NO_BEST_FIT_CHARS), or kNoCode.
  uint16_t best_fit(char16_t c) const {
    const CodePagePair* end = gen->best_fit + gen->best_fit_n;
    const CodePagePair* it = std::lower_bound(gen->best_fit, end, c,
                                              [](const CodePagePair& p, char16_t v) { return p.unicode < v; });
    return it != end && it->unicode == c ? it->code : kNoCode;
  }
};

const std::vector<std::unique_ptr<Page>>& all_pages() {
  static const std::vector<std::unique_ptr<Page>> pages = [] {
    std::vector<std::unique_ptr<Page>> v;
    for (const GeneratedCodePage& g : kGeneratedCodePages) {
      auto p = std::make_unique<Page>();
      p->gen = &g;
      p->row.fill(-1);
      int16_t n = 0;
      for (size_t i = 0; i + 1 < sizeof g.lead_ranges && g.lead_ranges[i]; i += 2)
        for (unsigned b = g.lead_ranges[i]; b <= g.lead_ranges[i + 1]; ++b) p->row[b] = n++;
      v.push_back(std::move(p));
    }
    return v;
  }();
  return pages;
}

Page* find_page(unsigned cp) {
  for (const auto& p : all_pages())
    if (p->gen->id == cp) return p.get();
  return nullptr;
}

// MB_USEGLYPHCHARS on the IBM PC's OEM pages: the glyphs of bytes 0x01-0x1F and 0x7F.
constexpr char16_t kPcGlyphs[32] = {0,      0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
                                    0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,
                                    0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,
                                    0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC};
bool has_pc_glyphs(unsigned cp) {
  switch (cp) {
    case 437: case 737: case 775: case 850: case 852: case 855: case 857: case 860: case 861:
    case 862: case 863: case 864: case 865: case 866: case 869:
      return true;
    default:
      return false;
  }
}

// ---- UTF-8 (invalid sequences: U+FFFD, or a failure under the strict flag) ----

bool utf8_decode(std::string_view s, bool strict, std::u16string& out) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    size_t len;
    uint32_t min;
    if (c < 0x80) { out += c; ++i; continue; }
    if (c >= 0xC2 && c < 0xE0) cp = c & 0x1F, len = 2, min = 0x80;
    else if (c >= 0xE0 && c < 0xF0) cp = c & 0x0F, len = 3, min = 0x800;
    else if (c >= 0xF0 && c < 0xF5) cp = c & 0x07, len = 4, min = 0x10000;
    else {
      if (strict) return false;
      out += u'\uFFFD';
      ++i;
      continue;
    }
    // The second byte's range excludes overlong forms and surrogates (E0 A0-BF, ED 80-9F, F0 90-BF,
    // F4 80-8F): a continuation byte outside it makes one U+FFFD with the lead (as wine reads it).
    if (i + 1 < s.size()) {
      const unsigned char c2 = static_cast<unsigned char>(s[i + 1]);
      const unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
      const unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
      if ((c2 >> 6) == 2 && (c2 < lo || c2 > hi)) {
        if (strict) return false;
        out += u'\uFFFD';
        i += 2;
        continue;
      }
    }
    size_t k = 1;
    for (; k < len && i + k < s.size(); ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 2) break;
      cp = cp << 6 | (cc & 0x3F);
    }
    if (k < len || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) {
      if (strict) return false;
      out += u'\uFFFD';
      i += k;  // the bytes of a sequence cut short make one U+FFFD
      continue;
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return true;
}

bool utf8_encode(std::u16string_view s, bool strict, std::string& out) {
  for (size_t i = 0; i < s.size(); ++i) {
    uint32_t c = s[i];
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < s.size() && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000) {
      c = 0x10000 + ((c - 0xD800) << 10) + (s[++i] - 0xDC00);
    } else if (c >= 0xD800 && c < 0xE000) {
      if (strict) return false;
      c = 0xFFFD;
    }
    append_utf8(out, c);
  }
  return true;
}

// ---- UTF-7 (RFC 2152): direct characters, and "+" base64 of UTF-16 "-" ----

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
int base64_value(unsigned char c) {
  const char* p = c ? std::char_traits<char>::find(kBase64, 64, static_cast<char>(c)) : nullptr;
  return p ? static_cast<int>(p - kBase64) : -1;
}
// Characters written as themselves (RFC 2152's sets D and O without the ones Windows encodes).
bool utf7_direct(char16_t c) {
  if (c >= 0x80) return false;
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::char_traits<char>::find("'(),-./:? \t\r\n!\"#$%&*;<=>@[]^_`{|}", 34, static_cast<char>(c)) != nullptr;
}

void utf7_decode(std::string_view s, std::u16string& out) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != '+') {
      out += static_cast<char16_t>(c & 0x7F);  // a byte above 0x7F reads as its low seven bits
      ++i;
      continue;
    }
    ++i;
    if (i < s.size() && s[i] == '-') {  // "+-" is "+"
      out += u'+';
      ++i;
      continue;
    }
    uint32_t bits = 0;
    int nbits = 0;
    while (i < s.size()) {
      const int v = base64_value(static_cast<unsigned char>(s[i]));
      if (v < 0) break;
      bits = bits << 6 | static_cast<uint32_t>(v);
      nbits += 6;
      ++i;
      if (nbits >= 16) {
        nbits -= 16;
        out += static_cast<char16_t>(bits >> nbits);
        bits &= (1u << nbits) - 1;
      }
    }
    if (i < s.size() && s[i] == '-') ++i;  // the '-' that ends a run is no character
  }
}

void utf7_encode(std::u16string_view s, std::string& out) {
  for (size_t i = 0; i < s.size();) {
    if (s[i] == u'+') {
      out += "+-";
      ++i;
      continue;
    }
    if (utf7_direct(s[i])) {
      out += static_cast<char>(s[i++]);
      continue;
    }
    out += '+';
    uint32_t bits = 0;
    int nbits = 0;
    while (i < s.size() && !utf7_direct(s[i]) && s[i] != u'+') {
      bits = bits << 16 | s[i++];
      nbits += 16;
      while (nbits >= 6) {
        nbits -= 6;
        out += kBase64[(bits >> nbits) & 0x3F];
      }
    }
    if (nbits) out += kBase64[(bits << (6 - nbits)) & 0x3F];
    out += '-';  // every run ends with its '-', as Windows writes it
  }
}

}  // namespace

unsigned resolve_code_page(unsigned cp) {
  switch (cp) {
    case kCpAcp: case kCpThreadAcp: return kAnsiCodePage;
    case kCpOemCp: return kOemCodePage;
    case kCpMacCp: return kMacCodePage;
    default: return cp;
  }
}

std::vector<unsigned> table_code_pages() {
  std::vector<unsigned> ids;
  for (const auto& p : all_pages()) ids.push_back(p->gen->id);
  std::sort(ids.begin(), ids.end(), [](unsigned a, unsigned b) { return std::to_string(a) < std::to_string(b); });
  return ids;
}

bool is_valid_code_page(unsigned cp) { return cp == kCpUtf7 || cp == kCpUtf8 || find_page(cp); }

bool code_page_info(unsigned cp, CodePageInfo& info) {
  cp = resolve_code_page(cp);
  info = CodePageInfo{};
  info.id = cp;
  if (cp == kCpUtf7 || cp == kCpUtf8) {
    info.max_char_size = cp == kCpUtf7 ? 5 : 4;
    info.unicode_default = 0xFFFD;
    info.name = cp == kCpUtf7 ? "65000 (UTF-7)" : "65001 (UTF-8)";
    return true;
  }
  const Page* p = find_page(cp);
  if (!p) return false;
  info.max_char_size = p->gen->pairs ? 2 : 1;
  info.default_char[0] = p->gen->default_char;
  std::copy(p->gen->lead_ranges, p->gen->lead_ranges + 12, info.lead_bytes);
  info.unicode_default = p->gen->unicode_default;
  info.name = p->gen->name;
  return true;
}

bool is_lead_byte(unsigned cp, uint8_t byte) {
  const Page* p = find_page(resolve_code_page(cp));
  return p && p->lead(byte);
}

bool multibyte_to_utf16(unsigned cp, uint32_t flags, std::string_view in, std::u16string& out) {
  const bool strict = flags & kMbErrInvalidChars;
  if (cp == kCpUtf8) return utf8_decode(in, strict, out);
  if (cp == kCpUtf7) {
    utf7_decode(in, out);
    return true;
  }
  if (cp == kCpSymbol) {  // the Symbol font's bytes: U+F000 + byte above the controls
    for (unsigned char c : in) out += static_cast<char16_t>(c < 0x20 ? c : 0xF000 + c);
    return true;
  }
  const Page* p = find_page(cp);
  if (!p) return false;
  const bool glyphs = (flags & kMbUseGlyphChars) && has_pc_glyphs(cp);
  for (size_t i = 0; i < in.size(); ++i) {
    const uint8_t b = static_cast<uint8_t>(in[i]);
    if (p->lead(b)) {
      if (i + 1 < in.size() && in[i + 1] != '\0') {  // a NUL is never a trail byte
        const char16_t u = p->pair(b, static_cast<uint8_t>(in[++i]));
        if (!u && strict) return false;
        out += u ? u : p->gen->unicode_default;
      } else {  // a lead byte at the end (or before a NUL)
        if (strict) return false;
        out += p->gen->unicode_default;
      }
      continue;
    }
    if (strict && p->invalid_byte(b)) return false;
    if (glyphs && b && (b < 0x20 || b == 0x7F)) out += b == 0x7F ? u'\u2302' : kPcGlyphs[b];
    else out += p->gen->single[b];
  }
  return true;
}

bool utf16_to_multibyte(unsigned cp, uint32_t flags, std::u16string_view in, const char* default_char,
                        bool* used_default, std::string& out) {
  if (used_default) *used_default = false;
  if (cp == kCpUtf8) return utf8_encode(in, flags & kWcErrInvalidChars, out);
  if (cp == kCpUtf7) {
    utf7_encode(in, out);
    return true;
  }
  if (cp == kCpSymbol) {
    for (char16_t c : in) {
      if (c < 0x20) out += static_cast<char>(c);
      else if (c >= 0xF020 && c < 0xF100) out += static_cast<char>(c - 0xF000);
      else return false;
    }
    return true;
  }
  Page* p = find_page(cp);
  if (!p) return false;
  const uint16_t* codes = p->codes();
  const bool best_fit = !(flags & kWcNoBestFitChars);
  std::string fallback;
  if (default_char) {
    fallback = default_char;
    if (fallback.size() > 2 || (fallback.size() == 2 && !p->lead(static_cast<uint8_t>(fallback[0]))))
      fallback.resize(1);
    if (fallback.empty()) fallback.assign(1, '\0');
  } else {
    fallback.assign(1, static_cast<char>(p->gen->default_char));
  }
  for (char16_t c : in) {
    uint16_t code = codes[c];
    if (code == kNoCode && best_fit) code = p->best_fit(c);
    if (code == kNoCode) {
      out += fallback;
      if (used_default) *used_default = true;
      continue;
    }
    if (code > 0xFF) out += static_cast<char>(code >> 8);
    out += static_cast<char>(code & 0xFF);
  }
  return true;
}

std::u16string ansi_to_utf16(std::string_view s) {
  std::u16string out;
  multibyte_to_utf16(kAnsiCodePage, 0, s, out);
  return out;
}
std::string utf16_to_ansi(std::u16string_view s) {
  std::string out;
  utf16_to_multibyte(kAnsiCodePage, 0, s, nullptr, nullptr, out);
  return out;
}
std::string ansi_to_utf8(std::string_view s) {
  bool ascii = true;
  for (char c : s) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) return std::string(s);
  const std::u16string w = ansi_to_utf16(s);
  return utf16_to_utf8(w.data(), w.size());
}
std::string utf8_to_ansi(std::string_view s) {
  bool ascii = true;
  for (char c : s) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) return std::string(s);
  std::u16string w;
  utf8_decode(s, false, w);
  return utf16_to_ansi(w);
}
std::string oem_to_utf8(std::string_view s) {
  std::u16string w;
  multibyte_to_utf16(kOemCodePage, 0, s, w);
  return utf16_to_utf8(w.data(), w.size());
}
std::string utf8_to_oem(std::string_view s) {
  std::u16string w;
  utf8_decode(s, false, w);
  std::string out;
  utf16_to_multibyte(kOemCodePage, 0, w, nullptr, nullptr, out);
  return out;
}
bool is_ansi_lead_byte(uint8_t byte) { return is_lead_byte(kAnsiCodePage, byte); }

}  // namespace polyrun::shims
