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
