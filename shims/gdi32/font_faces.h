// Fonts as GDI32 draws them: a LOGFONT realized as a FreeType face at a pixel size, chosen by
// fontconfig from the fonts of the system (a Windows face name goes to the family of the same
// kind: the dialog and UI faces to the default sans-serif, Courier and the console faces to
// monospace, Times to serif), with the TEXTMETRIC Windows computes from a TrueType font's OS/2
// and hhea tables, and its glyphs rendered as 8-bit coverage (or 1-bit for
// NONANTIALIASED_QUALITY), cached per face.
//
// FreeType and fontconfig (Debian's libfreetype-dev, libfontconfig-dev) are what wine uses for the
// same job: a font format, hinting and rendering library and the system's font catalogue are
// years of work that a few hundred kilobytes of a static polyrun buy.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "shims/gdi32/gdi_objects.h"

namespace polyrun::shims::gdi32 {

// TEXTMETRICW's numbers.
struct TextMetrics {
  int32_t height = 0, ascent = 0, descent = 0, internal_leading = 0, external_leading = 0, ave_char_width = 0,
          max_char_width = 0, weight = 400, overhang = 0, digitized_aspect_x = 96, digitized_aspect_y = 96;
  char16_t first_char = 0x20, last_char = 0xfffc, default_char = 0x1f, break_char = 0x20;
  uint8_t italic = 0, underlined = 0, struck_out = 0, pitch_and_family = 0, char_set = 0;
};

// A glyph's outline as FreeType loads it for GetGlyphOutline: 26.6 fixed-point pixels, y up, the
// pen point at the origin; `ends` the last point of each contour, `kinds` each point's: on the
// curve, or a quadratic (TrueType) or cubic (CFF) control point. The metrics as FT_Glyph_Metrics
// has them (26.6).
enum PointKind : uint8_t { kQuadratic = 0, kOnCurve = 1, kCubic = 2 };
struct GlyphOutline {
  std::vector<int64_t> xs, ys;
  std::vector<uint8_t> kinds;
  std::vector<int32_t> ends;
  int32_t flags = 0;  // FreeType's outline flags (the fill rule and the hinter's dropout control)
  int64_t bearing_x = 0, bearing_y = 0, width = 0, height = 0, advance = 0;
};
// How an outline is hinted: as for gray pixels, for black-and-white pixels, or not at all.
enum class Hinting { kNormal, kMono, kNone };

// OUTLINETEXTMETRIC's numbers that the font's tables give (font units scaled to the face's
// pixels as FreeType's FT_MulFix scales them), and its names.
struct OutlineMetrics {
  uint8_t panose[10] = {};
  uint32_t fs_selection = 0, fs_type = 0;
  int32_t slope_rise = 1, slope_run = 0, italic_angle = 0;  // (tenths of a degree)
  uint32_t em_square = 2048;
  int32_t ascent = 0, descent = 0, cap_em_height = 0, x_height = 0;
  uint32_t line_gap = 0, mac_line_gap = 0, minimum_ppem = 0;
  int32_t box_left = 0, box_top = 0, box_right = 0, box_bottom = 0;
  int32_t subscript_size_x = 0, subscript_size_y = 0, subscript_offset_x = 0, subscript_offset_y = 0;
  int32_t superscript_size_x = 0, superscript_size_y = 0, superscript_offset_x = 0, superscript_offset_y = 0;
  uint32_t strikeout_size = 0;
  int32_t strikeout_position = 0, underscore_size = 0, underscore_position = 0;
  std::u16string family, style, face, full;  // the name table's IDs 1, 2, 4 and 3
};

// A pair of characters the font's 'kern' table moves apart (GetKerningPairs' KERNINGPAIR).
struct KerningPair {
  char16_t first, second;
  int32_t amount;  // in pixels
};

struct Glyph {
  int32_t left = 0, top = 0;       // the bitmap's position from the pen point (top: above the baseline)
  int32_t width = 0, rows = 0;
  int32_t advance = 0;             // in pixels
  int32_t abc_a = 0, abc_b = 0, abc_c = 0;
  std::vector<uint8_t> coverage;   // rows x width, 0..255
};

class FontFace {
 public:
  ~FontFace();
  const TextMetrics& metrics() const { return metrics_; }
  const std::u16string& face_name() const { return face_name_; }  // the name the program asked for
  const std::string& family() const { return family_; }          // the family actually used
  // The glyph of a character (or, with `by_index`, of a glyph index).
  const Glyph& glyph(uint32_t code, bool by_index = false);
  bool antialiased() const { return antialiased_; }
  uint32_t glyph_index(char32_t c) const;
  // A table of the font file (`tag` as GetFontData takes it: the four letters' bytes in order, or 0
  // for the whole file) from `offset`: its size when `out` is null, else what was copied; false
  // when the font has no such table.
  bool table(uint32_t tag, uint64_t offset, uint8_t* out, uint64_t& size) const;
  // The pixels the font's kerning table ('kern', as GetKerningPairs reads it) moves `right` by after
  // `left`: 0 where it has no pair or no table.
  int32_t kerning(char32_t left, char32_t right) const;
  // The characters the font maps to glyphs, in order.
  std::vector<char32_t> characters() const;
  // The outline of a character (or of a glyph index) hinted as `hinting` says, the face's
  // synthesized bold and slant applied; false when the glyph has no outline (a bitmap font).
  bool outline(uint32_t code, bool by_index, Hinting hinting, GlyphOutline& out) const;
  // OUTLINETEXTMETRIC's numbers; false for a font that is not TrueType or OpenType.
  bool outline_metrics(OutlineMetrics& out) const;
  // The pairs of the font's 'kern' table (its horizontal format-0 subtables), in its order, each
  // glyph as the lowest character that maps to it; pairs of glyphs no character maps to are left out.
  std::vector<KerningPair> kerning_pairs() const;
  // The font's FONTSIGNATURE: OS/2's ulUnicodeRange1..4, then ulCodePageRange1..2 (zeros where
  // the font has no OS/2 table).
  void signature(uint32_t words[6]) const;
  // Whether the font was made bold or slanted where its file is not.
  bool synthetic_bold() const { return embolden_; }

 private:
  friend std::shared_ptr<FontFace> realize_font(const LogFont& f, int32_t pixel_height);
  void* face_ = nullptr;  // FT_Face
  TextMetrics metrics_;
  std::u16string face_name_;
  std::string family_;
  bool antialiased_ = true, embolden_ = false, oblique_ = false;
  double x_scale_ = 1.0;  // lfWidth's stretch
  std::unordered_map<uint64_t, Glyph> glyphs_;
};

// The face for a LOGFONT at the height in device pixels (its lfHeight mapped: negative for the
// character height, positive for the cell height, 0 for the default); cached. Null when the
// system has no font at all.
std::shared_ptr<FontFace> realize_font(const LogFont& f, int32_t pixel_height);

// An outline drawn into a `width` x `height` bitmap of `pitch`-byte rows (top row first) after
// its points are moved by (dx, dy) 26.6 pixels: 1 bit a pixel with `mono`, else 8 bits of coverage.
void rasterize_outline(const GlyphOutline& o, int64_t dx, int64_t dy, bool mono, uint32_t width, uint32_t height,
                       uint32_t pitch, uint8_t* out);

// The families a program can enumerate (EnumFontFamiliesEx): Windows' usual names, each served by
// the family realize_font gives it.
struct FontFamilyInfo {
  std::u16string name;
  uint8_t pitch_and_family;
  bool truetype;
};
std::vector<FontFamilyInfo> font_families();  // with those of the fonts added below

// AddFontResourceEx's fonts: a font file's faces added to those realize_font chooses from
// (fontconfig's application fonts), and unless `enumerated` is false (FR_NOT_ENUM) their families
// to font_families(). The number of faces added (0: not a font file). remove_font_file undoes one
// addition (false: the file was not added); at the last, the faces are chosen no more.
int add_font_file(const std::string& host_path, bool enumerated);
bool remove_font_file(const std::string& host_path);

}  // namespace polyrun::shims::gdi32
