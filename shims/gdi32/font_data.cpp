// GDI32's reading of the DC's font as data: GetFontData (a table of the font file, or the whole
// file), GetGlyphIndicesA/W (characters to the font's glyph indices), GetFontUnicodeRanges (the
// characters the font has, as GLYPHSET ranges). The font is the one realized for the DC's font
// object (font_faces.h).
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi32.h"

namespace polyrun::shims::gdi32 {

namespace {

constexpr uint32_t kMarkNonexisting = 1;     // GGI_MARK_NONEXISTING_GLYPHS

std::shared_ptr<FontFace> face_of(WindowsProcess& p, uint64_t hdc) {
  DeviceContext* dc = find_dc(p, hdc);
  return dc ? dc_font_face(p, *dc) : nullptr;
}

// GetFontData(hdc, table, offset, buffer, size): with no buffer (or size 0) the bytes there are
// from `offset`; else those copied (at most `size`); GDI_ERROR for a table the font lacks.
uint32_t GetFontData(WindowsProcess& p, Ptr hdc, uint32_t table, uint32_t offset, Ptr buffer, uint32_t size) {
  auto face = face_of(p, hdc.addr);
  if (!face) return kGdiError;
  uint64_t n = size;
  if (!buffer || size == 0) {
    if (!face->table(table, offset, nullptr, n)) return kGdiError;
    return static_cast<uint32_t>(n);
  }
  if (!face->table(table, offset, buffer.as<uint8_t>(), n)) return kGdiError;
  return static_cast<uint32_t>(n);
}

// GetGlyphIndices(hdc, text, count, indices, flags): each character's glyph index (WORDs); one
// the font lacks is glyph 0, or 0xffff with GGI_MARK_NONEXISTING_GLYPHS. The count converted.
uint32_t glyph_indices(WindowsProcess& p, uint64_t hdc, const std::u16string& text, Ptr out, uint32_t flags) {
  auto face = face_of(p, hdc);
  if (!face) return kGdiError;
  for (size_t i = 0; i < text.size(); ++i) {
    uint32_t g = face->glyph_index(text[i]);
    if (!g && (flags & kMarkNonexisting)) g = 0xffff;
    put<uint16_t>(out.addr + 2 * i, static_cast<uint16_t>(g));
  }
  return static_cast<uint32_t>(text.size());
}
uint32_t GetGlyphIndicesW(WindowsProcess& p, Ptr hdc, Ptr text, int32_t count, Ptr out, uint32_t flags) {
  if (count < 0 || (count && (!text || !out))) return kGdiError;
  return glyph_indices(p, hdc.addr, std::u16string(text.as<const char16_t>(), static_cast<size_t>(count)), out, flags);
}
// The ANSI form: each byte is a character of the ANSI code page.
uint32_t GetGlyphIndicesA(WindowsProcess& p, Ptr hdc, Ptr text, int32_t count, Ptr out, uint32_t flags) {
  if (count < 0 || (count && (!text || !out))) return kGdiError;
  std::u16string wide;
  for (int32_t i = 0; i < count; ++i) {
    const std::u16string c = utf8_to_utf16(ansi_to_utf8(std::string(1, text.as<const char>()[i])));
    wide += c.empty() ? u'?' : c[0];
  }
  return glyph_indices(p, hdc.addr, wide, out, flags);
}

// GetFontUnicodeRanges(hdc, GLYPHSET*): GLYPHSET is cbThis, flAccel, cGlyphsSupported, cRanges,
// then WCRANGEs (wcLow, cGlyphs: two WORDs each); with no buffer, the size it takes. Characters
// past the Basic Multilingual Plane are counted too, their ranges' wcLow cut to 16 bits (as wine
// 8.0 gives them).
uint32_t GetFontUnicodeRanges(WindowsProcess& p, Ptr hdc, Ptr out) {
  auto face = face_of(p, hdc.addr);
  if (!face) return 0;
  const std::vector<char32_t> chars = face->characters();
  std::vector<std::pair<char32_t, uint16_t>> ranges;
  for (char32_t c : chars)
    if (!ranges.empty() && ranges.back().first + ranges.back().second == c) ++ranges.back().second;
    else ranges.push_back({c, 1});
  const uint32_t size = 16 + 4 * static_cast<uint32_t>(ranges.size());
  if (!out) return size;
  put<uint32_t>(out.addr, size);
  put<uint32_t>(out.addr + 4, 0);
  put<uint32_t>(out.addr + 8, static_cast<uint32_t>(chars.size()));
  put<uint32_t>(out.addr + 12, static_cast<uint32_t>(ranges.size()));
  for (size_t i = 0; i < ranges.size(); ++i) {
    put<uint16_t>(out.addr + 16 + 4 * i, static_cast<uint16_t>(ranges[i].first));
    put<uint16_t>(out.addr + 18 + 4 * i, ranges[i].second);
  }
  return size;
}

}  // namespace

const std::vector<Export>& font_data_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetFontData", GetFontData),
      EXPORT("GetGlyphIndicesW", GetGlyphIndicesW),
      EXPORT("GetGlyphIndicesA", GetGlyphIndicesA),
      EXPORT("GetFontUnicodeRanges", GetFontUnicodeRanges),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
