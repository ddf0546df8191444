// What GDI32 says of a TrueType font beyond TEXTMETRIC: GetOutlineTextMetricsW/A (the font's OS/2,
// hhea, post and head numbers at the DC's size, and its names), GetKerningPairsW/A (the 'kern'
// table's pairs), GetTextCharsetInfo's FONTSIGNATURE (OS/2's Unicode and code page ranges),
// GetFontLanguageInfo, GetRasterizerCaps, and TranslateCharsetInfo (the character sets, their
// ANSI code pages and font signature bits: Microsoft's table of them).
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi32.h"

namespace polyrun::shims::gdi32 {

namespace {

// OUTLINETEXTMETRICW/A: otmSize, the TEXTMETRIC (60 or 56 bytes), otmFiller, PANOSE, then the
// numbers from otmfsSelection (at 76 or 72) on, 124 bytes of them, then the four name offsets
// (pointer-aligned): the family's, the face's, the style's and the full name's.
struct OtmLayout {
  uint32_t numbers, names, size;
};
OtmLayout otm_layout(const WindowsProcess& p, bool wide) {
  const uint32_t ptr = p.isa->ptr, numbers = wide ? 76 : 72;
  const uint32_t names = (numbers + 124 + ptr - 1) / ptr * ptr;
  return {numbers, names, names + 4 * ptr};
}

// The whole OUTLINETEXTMETRIC with its names after it, as the program's structure lays it out.
std::vector<uint8_t> outline_text_metrics(const WindowsProcess& p, const TextMetrics& tm, const OutlineMetrics& m,
                                          bool wide) {
  const OtmLayout l = otm_layout(p, wide);
  const std::u16string* names[4] = {&m.family, &m.face, &m.style, &m.full};
  std::vector<std::string> narrow;
  uint32_t size = l.size;
  for (const std::u16string* n : names) {
    if (wide) {
      size += static_cast<uint32_t>(2 * (n->size() + 1));
    } else {
      narrow.push_back(utf8_to_ansi(utf16_to_utf8(*n)));
      size += static_cast<uint32_t>(narrow.back().size() + 1);
    }
  }
  std::vector<uint8_t> out(size);
  auto u32 = [&](uint32_t at, uint32_t v) { std::memcpy(out.data() + at, &v, 4); };
  auto i32 = [&](uint32_t at, int32_t v) { std::memcpy(out.data() + at, &v, 4); };
  u32(0, size);
  // (the TEXTMETRIC through put_text_metrics, into a scratch copy of the guest's layout)
  std::vector<uint8_t> tmbytes(60);
  write_text_metrics(tmbytes.data(), tm, wide);
  std::memcpy(out.data() + 4, tmbytes.data(), wide ? 57 : 53);
  std::memcpy(out.data() + (wide ? 65 : 61), m.panose, 10);
  const uint32_t n = l.numbers;
  u32(n, m.fs_selection), u32(n + 4, m.fs_type), i32(n + 8, m.slope_rise), i32(n + 12, m.slope_run);
  i32(n + 16, m.italic_angle), u32(n + 20, m.em_square), i32(n + 24, m.ascent), i32(n + 28, m.descent);
  u32(n + 32, m.line_gap), u32(n + 36, static_cast<uint32_t>(m.cap_em_height)), u32(n + 40, static_cast<uint32_t>(m.x_height));
  i32(n + 44, m.box_left), i32(n + 48, m.box_top), i32(n + 52, m.box_right), i32(n + 56, m.box_bottom);
  // (the Macintosh ascent and descent: the font's Windows ones, as TEXTMETRIC has them)
  i32(n + 60, tm.ascent), i32(n + 64, -tm.descent), u32(n + 68, m.mac_line_gap), u32(n + 72, m.minimum_ppem);
  i32(n + 76, m.subscript_size_x), i32(n + 80, m.subscript_size_y);
  i32(n + 84, m.subscript_offset_x), i32(n + 88, m.subscript_offset_y);
  i32(n + 92, m.superscript_size_x), i32(n + 96, m.superscript_size_y);
  i32(n + 100, m.superscript_offset_x), i32(n + 104, m.superscript_offset_y);
  u32(n + 108, m.strikeout_size), i32(n + 112, m.strikeout_position);
  i32(n + 116, m.underscore_size), i32(n + 120, m.underscore_position);
  // The names in the order family, style, face, full; their offsets in the structure's order.
  const int order[4] = {0, 2, 1, 3};  // family, style, face, full → the offsets' slots 0, 2, 1, 3
  uint32_t at = l.size;
  for (int k : order) {
    const uint64_t offset = at;
    std::memcpy(out.data() + l.names + k * p.isa->ptr, &offset, p.isa->ptr);
    if (wide) {
      std::memcpy(out.data() + at, names[k]->data(), 2 * names[k]->size());
      at += static_cast<uint32_t>(2 * (names[k]->size() + 1));
    } else {
      std::memcpy(out.data() + at, narrow[k].data(), narrow[k].size());
      at += static_cast<uint32_t>(narrow[k].size() + 1);
    }
  }
  return out;
}

// GetOutlineTextMetrics(hdc, size, buffer): the size it takes with no buffer; else as much of it as
// `size` holds (the W form keeps otmSize the whole size, the A form writes the size it filled),
// and that size. 0 for a font that is not TrueType or OpenType.
uint32_t get_outline_text_metrics(WindowsProcess& p, uint64_t hdc, uint32_t size, uint64_t out, bool wide) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc) return 0;
  auto face = dc_font_face(p, *dc);
  TextMetrics tm;
  OutlineMetrics m;
  if (!face || !face->outline_metrics(m) || !logical_text_metrics(p, *dc, tm)) return 0;
  std::vector<uint8_t> bytes = outline_text_metrics(p, tm, m, wide);
  const uint32_t needed = static_cast<uint32_t>(bytes.size());
  if (!out) return needed;
  const uint32_t n = std::min(size, needed);
  if (!wide && n >= 4) std::memcpy(bytes.data(), &n, 4);
  std::memcpy(guest_pointer(out), bytes.data(), n);
  return n;
}
uint32_t GetOutlineTextMetricsW(WindowsProcess& p, Ptr hdc, uint32_t size, Ptr out) {
  return get_outline_text_metrics(p, hdc.addr, size, out.addr, true);
}
uint32_t GetOutlineTextMetricsA(WindowsProcess& p, Ptr hdc, uint32_t size, Ptr out) {
  return get_outline_text_metrics(p, hdc.addr, size, out.addr, false);
}

// GetKerningPairs(hdc, count, KERNINGPAIR*): with no buffer (or a count of 0) how many pairs the
// font has; else the first `count` of them (wFirst, wSecond: WORDs; iKernAmount: an int) and how
// many were written. The ANSI form gives the pairs whose characters the ANSI code page has, as
// its bytes.
uint32_t kerning_pairs(WindowsProcess& p, uint64_t hdc, uint32_t count, uint64_t out, bool wide) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc) return 0;
  auto face = dc_font_face(p, *dc);
  if (!face) return 0;
  std::vector<KerningPair> pairs = face->kerning_pairs();
  if (!wide) {
    std::vector<KerningPair> ansi;
    for (KerningPair k : pairs) {
      const std::string a = utf8_to_ansi(utf16_to_utf8(std::u16string(1, k.first)));
      const std::string b = utf8_to_ansi(utf16_to_utf8(std::u16string(1, k.second)));
      if (a.size() != 1 || b.size() != 1 || (a == "?" && k.first != u'?') || (b == "?" && k.second != u'?')) continue;
      ansi.push_back({static_cast<char16_t>(static_cast<uint8_t>(a[0])), static_cast<char16_t>(static_cast<uint8_t>(b[0])),
                      k.amount});
    }
    pairs = ansi;
  }
  if (!out || !count) return static_cast<uint32_t>(pairs.size());
  const uint32_t n = std::min<uint32_t>(count, static_cast<uint32_t>(pairs.size()));
  for (uint32_t i = 0; i < n; ++i) {
    put<uint16_t>(out + 8ull * i, pairs[i].first);
    put<uint16_t>(out + 8ull * i + 2, pairs[i].second);
    put<int32_t>(out + 8ull * i + 4, logical_width(*dc, pairs[i].amount));
  }
  return n;
}
uint32_t GetKerningPairsW(WindowsProcess& p, Ptr hdc, uint32_t count, Ptr out) {
  return kerning_pairs(p, hdc.addr, count, out.addr, true);
}
uint32_t GetKerningPairsA(WindowsProcess& p, Ptr hdc, uint32_t count, Ptr out) {
  return kerning_pairs(p, hdc.addr, count, out.addr, false);
}

// The character sets Windows knows with their ANSI code pages and the code page bit of a font
// signature's fsCsb[0] (Microsoft Learn, "FONTSIGNATURE": the code page bit field).
struct Charset {
  uint32_t charset, code_page, csb;
};
constexpr Charset kCharsets[] = {
    {0, 1252, 0x1},         {238, 1250, 0x2},    {204, 1251, 0x4},     {161, 1253, 0x8},    {162, 1254, 0x10},
    {177, 1255, 0x20},      {178, 1256, 0x40},   {186, 1257, 0x80},    {163, 1258, 0x100},  {222, 874, 0x10000},
    {128, 932, 0x20000},    {134, 936, 0x40000}, {129, 949, 0x80000},  {136, 950, 0x100000}, {130, 1361, 0x200000},
    {254, 65001, 0x4000000}, {2, 42, 0x80000000u},
};

// TranslateCharsetInfo(source, CHARSETINFO*, flags): the character set a charset number
// (TCI_SRCCHARSET 1), an ANSI code page (TCI_SRCCODEPAGE 2) or a font signature's first code page
// bit that is set (TCI_SRCFONTSIG 3: `source` points at fsCsb) belongs to: ciCharset, ciACP and
// its FONTSIGNATURE (fsUsb 0, fsCsb its bit).
BOOL TranslateCharsetInfo(WindowsProcess&, Ptr source, Ptr out, uint32_t flags) {
  const Charset* found = nullptr;
  for (const Charset& c : kCharsets) {
    const bool match = flags == 1 ? source.addr == c.charset
                       : flags == 2 ? source.addr == c.code_page
                       : flags == 3 ? source && (get<uint32_t>(source.addr) & c.csb) != 0
                                    : false;
    if (match) {
      found = &c;
      break;
    }
  }
  if (!found || !out) return FALSE;
  const uint32_t v[8] = {found->charset, found->code_page, 0, 0, 0, 0, found->csb, 0};
  std::memcpy(guest_pointer(out.addr), v, sizeof v);
  return TRUE;
}

// GetTextCharsetInfo(hdc, FONTSIGNATURE*, flags): the DC font's character set, and with a
// buffer the font's signature: OS/2's four Unicode range words and two code page range words.
int32_t GetTextCharsetInfo(WindowsProcess& p, Ptr hdc, Ptr sig, uint32_t) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return 255;  // DEFAULT_CHARSET... as an error: Windows' (UINT)-1 truncates to it
  if (sig) {
    uint32_t words[6] = {};
    auto face = dc_font_face(p, *dc);
    if (face) face->signature(words);
    std::memcpy(guest_pointer(sig.addr), words, sizeof words);
  }
  const uint8_t cs = dc_font(p, *dc).log.char_set;
  return cs == 1 ? 0 : cs;
}

// GetFontLanguageInfo(hdc): what the font asks of GetCharacterPlacement: GCP_DBCS (1) for a font
// of a double-byte code page, GCP_GLYPHSHAPE (0x10) for one with Arabic, GCP_USEKERNING (8) where it
// has kerning pairs, and GCP_REORDER (2) for Hebrew or Arabic under TA_RTLREADING.
uint32_t GetFontLanguageInfo(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return 0x80000000u;  // GCP_ERROR
  auto face = dc_font_face(p, *dc);
  if (!face) return 0;
  uint32_t words[6] = {};
  face->signature(words);
  const uint32_t csb = words[4];
  uint32_t result = 0;
  if (csb & (0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x200000)) result |= 1;
  if (csb & 0x40) result |= 0x10;
  if (!face->kerning_pairs().empty()) result |= 8;
  if ((dc->s.text_align & 0x100) && (csb & (0x20 | 0x40))) result |= 2;
  return result;
}

// GetRasterizerCaps(RASTERIZER_STATUS*, size): nSize 6, wFlags TT_AVAILABLE | TT_ENABLED (TrueType
// fonts are there and on), nLanguageID 0.
BOOL GetRasterizerCaps(WindowsProcess&, Ptr out, uint32_t size) {
  if (!out || size < 6) return FALSE;
  put<int16_t>(out.addr, 6);
  put<int16_t>(out.addr + 2, 3);
  put<int16_t>(out.addr + 4, 0);
  return TRUE;
}

}  // namespace

const std::vector<Export>& outline_metric_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetOutlineTextMetricsW", GetOutlineTextMetricsW),
      EXPORT("GetOutlineTextMetricsA", GetOutlineTextMetricsA),
      EXPORT("GetKerningPairsW", GetKerningPairsW),
      EXPORT("GetKerningPairsA", GetKerningPairsA),
      EXPORT("GetKerningPairs", GetKerningPairsA),
      EXPORT("TranslateCharsetInfo", TranslateCharsetInfo),
      EXPORT("GetTextCharsetInfo", GetTextCharsetInfo),
      EXPORT("GetFontLanguageInfo", GetFontLanguageInfo),
      EXPORT("GetRasterizerCaps", GetRasterizerCaps),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
