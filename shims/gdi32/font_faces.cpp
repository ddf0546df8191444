// Realizing LOGFONTs with fontconfig and FreeType (see font_faces.h). Windows' rules for a
// TrueType font's size and metrics: a negative lfHeight is the em (character) height in pixels, a
// positive one the cell height, which the OS/2 table's usWinAscent + usWinDescent span; the
// ascent and descent are those two scaled, the internal leading what the cell has above the em,
// the external leading what hhea's line gap adds beyond the cell, the average width OS/2's
// xAvgCharWidth scaled. A weight of 600 or more on a face that is not bold is emboldened, an
// italic asked of an upright face slanted, as Windows synthesizes them.
#include "shims/gdi32/font_faces.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_SYNTHESIS_H
#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <iterator>
#include <cmath>
#include <cstring>
#include <map>
#include <tuple>

#include "shims/core/text.h"

namespace polyrun::shims::gdi32 {

namespace {

FT_Library freetype() {
  static FT_Library lib = [] {
    FT_Library l = nullptr;
    if (FT_Init_FreeType(&l)) l = nullptr;
    return l;
  }();
  return lib;
}

std::u16string lower(std::u16string s) {
  for (char16_t& c : s)
    if (c < 0x80) c = static_cast<char16_t>(std::tolower(c));
  return s;
}

// The fontconfig family a Windows face name is drawn with.
std::string family_for(const LogFont& f) {
  const std::u16string name = lower(f.face);
  static const char16_t* const kMono[] = {u"courier new", u"courier", u"fixedsys", u"terminal", u"consolas",
                                          u"lucida console", u"system fixed", u"oem fixed"};
  static const char16_t* const kSerif[] = {u"times new roman", u"times", u"georgia", u"roman", u"ms serif",
                                           u"palatino linotype", u"book antiqua", u"cambria"};
  static const char16_t* const kSans[] = {u"ms shell dlg", u"ms shell dlg 2", u"ms sans serif", u"tahoma",
                                          u"segoe ui", u"microsoft sans serif", u"arial", u"helvetica",
                                          u"system", u"verdana", u"calibri", u"lucida sans unicode", u""};
  for (const char16_t* m : kMono)
    if (name == m) return "monospace";
  for (const char16_t* m : kSerif)
    if (name == m) return "serif";
  for (const char16_t* m : kSans)
    if (name == m) return (f.pitch_and_family & 3) == 1 ? "monospace" : "sans-serif";
  return utf16_to_utf8(f.face);
}

struct Match {
  std::string file, family;
  int index = 0, weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
};

bool fontconfig_ready() {
  static const bool ready = FcInit();
  return ready;
}

bool match_font(const std::string& family, int32_t weight, bool italic, Match& out) {
  if (!fontconfig_ready()) return false;
  FcPattern* pat = FcPatternCreate();
  FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  FcPatternAddInteger(pat, FC_WEIGHT, weight >= 600 ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
  FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
  FcConfigSubstitute(nullptr, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult result;
  FcPattern* m = FcFontMatch(nullptr, pat, &result);
  FcPatternDestroy(pat);
  if (!m) return false;
  FcChar8* file = nullptr;
  FcChar8* fam = nullptr;
  bool ok = FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch;
  if (ok) {
    out.file = reinterpret_cast<const char*>(file);
    if (FcPatternGetString(m, FC_FAMILY, 0, &fam) == FcResultMatch) out.family = reinterpret_cast<const char*>(fam);
    FcPatternGetInteger(m, FC_INDEX, 0, &out.index);
    FcPatternGetInteger(m, FC_WEIGHT, 0, &out.weight);
    FcPatternGetInteger(m, FC_SLANT, 0, &out.slant);
  }
  FcPatternDestroy(m);
  return ok;
}

using FaceKey = std::tuple<std::string, int, int32_t, int32_t, int32_t, bool, bool, std::u16string, uint8_t, uint8_t>;
std::map<FaceKey, std::shared_ptr<FontFace>>& face_cache() {
  static std::map<FaceKey, std::shared_ptr<FontFace>> cache;
  return cache;
}

// The fonts AddFontResourceEx added: how many times each file was, and the families its faces
// bring to enumeration (none for FR_NOT_ENUM).
struct AddedFile {
  int additions = 0;
  std::vector<FontFamilyInfo> families;
};
std::map<std::string, AddedFile>& added_files() {
  static std::map<std::string, AddedFile> files;
  return files;
}

int32_t scaled(int64_t units, int64_t ppem, int64_t upem) {
  return static_cast<int32_t>((units * ppem + upem / 2) / upem);
}

}  // namespace

FontFace::~FontFace() {
  if (face_) FT_Done_Face(static_cast<FT_Face>(face_));
}

uint32_t FontFace::glyph_index(char32_t c) const { return FT_Get_Char_Index(static_cast<FT_Face>(face_), c); }

bool FontFace::table(uint32_t tag, uint64_t offset, uint8_t* out, uint64_t& size) const {
  FT_Face face = static_cast<FT_Face>(face_);
  // GetFontData's tag is the table's four bytes as they lie in memory; FreeType's the big-endian
  // number of them.
  const FT_ULong ft_tag = tag ? ((tag & 0xff) << 24 | (tag >> 8 & 0xff) << 16 | (tag >> 16 & 0xff) << 8 | tag >> 24) : 0;
  FT_ULong length = 0;
  if (FT_Load_Sfnt_Table(face, ft_tag, 0, nullptr, &length) != 0) return false;
  if (offset > length) return false;
  if (!out) {
    size = length - offset;
    return true;
  }
  std::vector<FT_Byte> all(length);
  if (FT_Load_Sfnt_Table(face, ft_tag, 0, all.data(), &length) != 0) return false;
  size = std::min<uint64_t>(size, length - offset);
  std::memcpy(out, all.data() + offset, size);
  return true;
}

int32_t FontFace::kerning(char32_t left, char32_t right) const {
  FT_Face face = static_cast<FT_Face>(face_);
  if (!FT_HAS_KERNING(face)) return 0;
  FT_Vector v{};
  if (FT_Get_Kerning(face, FT_Get_Char_Index(face, left), FT_Get_Char_Index(face, right), FT_KERNING_UNSCALED, &v))
    return 0;
  // The pair's font units at the em's pixels, away from zero by half an em unit and a pixel as
  // GetKerningPairs gives them (wine 8.0's reading of Windows' numbers).
  const int64_t upem = face->units_per_EM ? face->units_per_EM : 2048, ppem = face->size->metrics.y_ppem;
  int64_t amount = static_cast<int64_t>(v.x) * ppem;
  if (amount < 0) amount -= upem / 2 + ppem;
  else if (amount > 0) amount += upem / 2 + ppem;
  return static_cast<int32_t>(amount / upem);
}

std::vector<char32_t> FontFace::characters() const {
  FT_Face face = static_cast<FT_Face>(face_);
  std::vector<char32_t> out;
  FT_UInt index = 0;
  for (FT_ULong c = FT_Get_First_Char(face, &index); index != 0; c = FT_Get_Next_Char(face, c, &index))
    out.push_back(static_cast<char32_t>(c));
  return out;
}

const Glyph& FontFace::glyph(uint32_t code, bool by_index) {
  const uint64_t key = static_cast<uint64_t>(code) | (by_index ? 1ull << 32 : 0);
  auto it = glyphs_.find(key);
  if (it != glyphs_.end()) return it->second;
  Glyph& g = glyphs_[key];
  FT_Face face = static_cast<FT_Face>(face_);
  uint32_t index = by_index ? code : FT_Get_Char_Index(face, code);
  const FT_Int32 load = FT_LOAD_DEFAULT | (antialiased_ ? FT_LOAD_TARGET_NORMAL : FT_LOAD_TARGET_MONO);
  if (FT_Load_Glyph(face, index, load)) return g;
  FT_GlyphSlot slot = face->glyph;
  if (embolden_) FT_GlyphSlot_Embolden(slot);
  if (oblique_) FT_GlyphSlot_Oblique(slot);
  g.advance = static_cast<int32_t>((slot->advance.x + 32) >> 6);
  if (FT_Render_Glyph(slot, antialiased_ ? FT_RENDER_MODE_NORMAL : FT_RENDER_MODE_MONO)) return g;
  const FT_Bitmap& b = slot->bitmap;
  g.left = slot->bitmap_left, g.top = slot->bitmap_top;
  g.width = static_cast<int32_t>(b.width), g.rows = static_cast<int32_t>(b.rows);
  g.coverage.assign(static_cast<size_t>(g.width) * g.rows, 0);
  for (int32_t y = 0; y < g.rows; ++y) {
    const uint8_t* row = b.buffer + static_cast<ptrdiff_t>(y) * b.pitch;
    for (int32_t x = 0; x < g.width; ++x) {
      uint8_t v = b.pixel_mode == FT_PIXEL_MODE_MONO ? ((row[x / 8] >> (7 - x % 8)) & 1 ? 255 : 0) : row[x];
      g.coverage[static_cast<size_t>(y) * g.width + x] = v;
    }
  }
  g.abc_a = g.left, g.abc_b = std::max(g.width, 0), g.abc_c = g.advance - g.abc_a - g.abc_b;
  return g;
}

std::shared_ptr<FontFace> realize_font(const LogFont& f, int32_t pixel_height) {
  if (!freetype()) return nullptr;
  const std::string family = family_for(f);
  const bool italic = f.italic != 0;
  Match m;
  if (!match_font(family, f.weight, italic, m) && !match_font("sans-serif", f.weight, italic, m)) return nullptr;
  const bool aa = f.quality != 3;  // NONANTIALIASED_QUALITY
  auto& cache = face_cache();
  const FaceKey key{m.file, m.index, pixel_height, f.width, f.weight, italic, aa, f.face, f.underline, f.strike_out};
  if (auto it = cache.find(key); it != cache.end()) return it->second;

  FT_Face face = nullptr;
  if (FT_New_Face(freetype(), m.file.c_str(), m.index, &face)) return nullptr;
  auto out = std::shared_ptr<FontFace>(new FontFace);
  out->face_ = face;
  out->face_name_ = f.face;
  out->family_ = m.family;
  out->antialiased_ = aa;
  const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(face, FT_SFNT_OS2));
  const auto* hhea = static_cast<const TT_HoriHeader*>(FT_Get_Sfnt_Table(face, FT_SFNT_HHEA));
  const int64_t upem = face->units_per_EM ? face->units_per_EM : 2048;
  int64_t win_ascent = os2 && os2->usWinAscent ? os2->usWinAscent : face->ascender;
  int64_t win_descent = os2 && (os2->usWinAscent || os2->usWinDescent) ? os2->usWinDescent : -face->descender;
  if (win_ascent + win_descent <= 0) win_ascent = upem, win_descent = 0;
  // The em in pixels: a negative height is it, a positive one the cell; 0 is Windows' default cell.
  int32_t h = pixel_height ? pixel_height : 16;
  int64_t ppem = h < 0 ? -static_cast<int64_t>(h) : std::max<int64_t>(1, (h * upem + (win_ascent + win_descent) / 2) / (win_ascent + win_descent));
  if (ppem < 1) ppem = 1;
  TextMetrics& t = out->metrics_;
  t.ascent = scaled(win_ascent, ppem, upem);
  t.descent = scaled(win_descent, ppem, upem);
  if (h > 0 && t.ascent + t.descent != h) t.descent = h - t.ascent;  // (the cell asked for, exactly)
  t.height = t.ascent + t.descent;
  t.internal_leading = std::max<int32_t>(0, t.height - static_cast<int32_t>(ppem));
  if (hhea) {
    const int64_t gap = hhea->Line_Gap - ((win_ascent + win_descent) - (hhea->Ascender - hhea->Descender));
    t.external_leading = std::max<int32_t>(0, scaled(gap, ppem, upem));
  }
  const int64_t avg_units = os2 && os2->xAvgCharWidth ? os2->xAvgCharWidth : upem / 2;
  int32_t avg = std::max(1, scaled(avg_units, ppem, upem));
  if (f.width > 0) out->x_scale_ = static_cast<double>(f.width) / avg, avg = f.width;
  FT_Set_Pixel_Sizes(face, static_cast<FT_UInt>(std::lround(ppem * out->x_scale_)), static_cast<FT_UInt>(ppem));
  t.ave_char_width = avg;
  t.max_char_width = std::max(avg, scaled(face->bbox.xMax - face->bbox.xMin, std::lround(ppem * out->x_scale_), upem));
  const bool face_bold = m.weight >= FC_WEIGHT_DEMIBOLD;
  out->embolden_ = f.weight >= 600 && !face_bold;
  out->oblique_ = italic && m.slant == FC_SLANT_ROMAN;
  t.weight = f.weight ? f.weight : 400;
  if (out->embolden_) t.overhang = 0;
  t.italic = f.italic, t.underlined = f.underline, t.struck_out = f.strike_out;
  t.char_set = f.char_set == 1 ? 0 : f.char_set;  // (DEFAULT_CHARSET is reported as ANSI_CHARSET)
  const bool fixed = FT_IS_FIXED_WIDTH(face);
  // TMPF_FIXED_PITCH (1) set means a variable pitch (Windows' own inversion), TMPF_VECTOR 2, TMPF_TRUETYPE 4.
  const uint8_t family_bits = fixed ? 0x30 /* FF_MODERN */ : family == "serif" ? 0x10 /* FF_ROMAN */ : 0x20 /* FF_SWISS */;
  t.pitch_and_family = static_cast<uint8_t>(family_bits | (fixed ? 0 : 1) | 2 | 4);
  t.first_char = 0x1e, t.last_char = 0xfffc, t.default_char = 0x1f, t.break_char = 0x20;
  cache[key] = out;
  return out;
}

std::vector<FontFamilyInfo> font_families() {
  std::vector<FontFamilyInfo> families = {
      {u"Arial", 0x22, true},           {u"Courier New", 0x31, true},     {u"Microsoft Sans Serif", 0x22, true},
      {u"MS Shell Dlg", 0x22, true},    {u"MS Shell Dlg 2", 0x22, true},  {u"Segoe UI", 0x22, true},
      {u"Tahoma", 0x22, true},          {u"Times New Roman", 0x12, true}, {u"Consolas", 0x31, true},
      {u"Lucida Console", 0x31, true},
  };
  for (const auto& [path, added] : added_files())
    for (const FontFamilyInfo& f : added.families)
      if (std::none_of(families.begin(), families.end(), [&](const FontFamilyInfo& g) { return g.name == f.name; }))
        families.push_back(f);
  return families;
}

int add_font_file(const std::string& host_path, bool enumerated) {
  if (!freetype() || !fontconfig_ready()) return 0;
  FT_Face face = nullptr;
  if (FT_New_Face(freetype(), host_path.c_str(), -1, &face)) return 0;
  const int faces = static_cast<int>(face->num_faces);
  FT_Done_Face(face);
  if (faces <= 0 || !FcConfigAppFontAddFile(nullptr, reinterpret_cast<const FcChar8*>(host_path.c_str()))) return 0;
  AddedFile& added = added_files()[host_path];
  if (added.additions++ == 0 && enumerated) {
    for (int i = 0; i < faces; ++i) {
      if (FT_New_Face(freetype(), host_path.c_str(), i, &face)) continue;
      if (face->family_name) {
        const std::u16string name = utf8_to_utf16(face->family_name);
        // FIXED_PITCH | FF_MODERN for a fixed-pitch face, else VARIABLE_PITCH | FF_SWISS.
        const uint8_t pitch = FT_IS_FIXED_WIDTH(face) ? 0x31 : 0x22;
        if (std::none_of(added.families.begin(), added.families.end(), [&](const FontFamilyInfo& f) { return f.name == name; }))
          added.families.push_back({name, pitch, FT_IS_SFNT(face) != 0});
      }
      FT_Done_Face(face);
    }
  }
  return faces;
}

bool remove_font_file(const std::string& host_path) {
  auto& files = added_files();
  auto it = files.find(host_path);
  if (it == files.end()) return false;
  if (--it->second.additions > 0) return true;
  files.erase(it);
  // fontconfig forgets application fonts all at once: the others are added again, and faces
  // realized from the removed file are chosen no more.
  FcConfigAppFontClear(nullptr);
  for (const auto& [path, added] : files) FcConfigAppFontAddFile(nullptr, reinterpret_cast<const FcChar8*>(path.c_str()));
  auto& cache = face_cache();
  for (auto c = cache.begin(); c != cache.end();) c = std::get<0>(c->first) == host_path ? cache.erase(c) : std::next(c);
  return true;
}

}  // namespace polyrun::shims::gdi32
