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
#include FT_OUTLINE_H
#include FT_SFNT_NAMES_H
#include FT_TRUETYPE_IDS_H
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

// A kerning value of the font's units at the em's pixels, away from zero by half an em unit and a
// pixel as GetKerningPairs gives them (wine 8.0's reading of Windows' numbers).
int32_t kern_pixels(int64_t units, int64_t ppem, int64_t upem) {
  int64_t amount = units * ppem;
  if (amount < 0) amount -= upem / 2 + ppem;
  else if (amount > 0) amount += upem / 2 + ppem;
  return static_cast<int32_t>(amount / upem);
}

// A name of the font's 'name' table: Windows' English (United States) record in UTF-16, else the
// Macintosh Roman one; empty where it has neither.
std::u16string sfnt_name(FT_Face face, FT_UShort id) {
  std::u16string mac;
  const FT_UInt n = FT_Get_Sfnt_Name_Count(face);
  for (FT_UInt i = 0; i < n; ++i) {
    FT_SfntName name;
    if (FT_Get_Sfnt_Name(face, i, &name) || name.name_id != id) continue;
    if (name.platform_id == 3 && (name.encoding_id == 1 || name.encoding_id == 0) && name.language_id == 0x409) {
      std::u16string out;
      for (FT_UInt k = 0; k + 1 < name.string_len; k += 2)
        out += static_cast<char16_t>(name.string[k] << 8 | name.string[k + 1]);
      return out;
    }
    if (name.platform_id == 1 && name.encoding_id == 0 && name.language_id == 0 && mac.empty())
      for (FT_UInt k = 0; k < name.string_len; ++k) mac += static_cast<char16_t>(name.string[k]);
  }
  return mac;
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
  const int64_t upem = face->units_per_EM ? face->units_per_EM : 2048;
  return kern_pixels(v.x, face->size->metrics.y_ppem, upem);
}

std::vector<KerningPair> FontFace::kerning_pairs() const {
  std::vector<KerningPair> out;
  uint64_t size = 0;
  constexpr uint32_t kKern = 'k' | 'e' << 8 | 'r' << 16 | 'n' << 24;  // (as GetFontData takes a tag)
  if (!table(kKern, 0, nullptr, size) || size < 4) return out;
  std::vector<uint8_t> t(size);
  if (!table(kKern, 0, t.data(), size)) return out;
  auto u16 = [&](uint64_t at) { return at + 2 <= t.size() ? static_cast<uint16_t>(t[at] << 8 | t[at + 1]) : uint16_t{0}; };
  FT_Face face = static_cast<FT_Face>(face_);
  std::unordered_map<uint32_t, char16_t> char_of;
  FT_UInt index = 0;
  for (FT_ULong c = FT_Get_First_Char(face, &index); index != 0 && c <= 0xffff; c = FT_Get_Next_Char(face, c, &index))
    char_of.emplace(index, static_cast<char16_t>(c));
  const int64_t upem = face->units_per_EM ? face->units_per_EM : 2048, ppem = face->size->metrics.y_ppem;
  // The version-0 table: version, nTables, then subtables of version, length, coverage (its format
  // in the high byte, bit 0 horizontal); format 0: nPairs and three search words, then the pairs.
  const uint16_t tables = u16(2);
  uint64_t at = 4;
  for (uint16_t i = 0; i < tables && at + 6 <= t.size(); ++i) {
    const uint16_t length = u16(at + 2), coverage = u16(at + 4);
    if ((coverage >> 8) == 0 && (coverage & 1)) {
      const uint16_t pairs = u16(at + 6);
      for (uint32_t k = 0; k < pairs && at + 14 + 6 * (k + 1) <= t.size(); ++k) {
        const uint64_t pair = at + 14 + 6ull * k;
        auto left = char_of.find(u16(pair)), right = char_of.find(u16(pair + 2));
        if (left == char_of.end() || right == char_of.end()) continue;
        out.push_back({left->second, right->second, kern_pixels(static_cast<int16_t>(u16(pair + 4)), ppem, upem)});
      }
    }
    if (length < 6) break;
    at += length;
  }
  return out;
}

bool FontFace::outline(uint32_t code, bool by_index, Hinting hinting, GlyphOutline& out) const {
  FT_Face face = static_cast<FT_Face>(face_);
  const uint32_t index = by_index ? code : FT_Get_Char_Index(face, code);
  FT_Int32 load = FT_LOAD_NO_BITMAP | FT_LOAD_IGNORE_GLOBAL_ADVANCE_WIDTH;
  load |= hinting == Hinting::kNone ? FT_LOAD_NO_HINTING : hinting == Hinting::kMono ? FT_LOAD_TARGET_MONO : FT_LOAD_TARGET_NORMAL;
  // (a glyph whose hinting fails is taken unhinted)
  if (FT_Load_Glyph(face, index, load) && (hinting == Hinting::kNone || FT_Load_Glyph(face, index, load | FT_LOAD_NO_HINTING)))
    return false;
  FT_GlyphSlot slot = face->glyph;
  if (slot->format != FT_GLYPH_FORMAT_OUTLINE) return false;
  if (embolden_) FT_GlyphSlot_Embolden(slot);
  if (oblique_) FT_GlyphSlot_Oblique(slot);
  const FT_Outline& o = slot->outline;
  out = GlyphOutline{};
  for (int i = 0; i < o.n_points; ++i) {
    out.xs.push_back(o.points[i].x), out.ys.push_back(o.points[i].y);
    const int tag = FT_CURVE_TAG(o.tags[i]);
    out.kinds.push_back(tag == FT_CURVE_TAG_ON ? kOnCurve : tag == FT_CURVE_TAG_CUBIC ? kCubic : kQuadratic);
  }
  for (int i = 0; i < o.n_contours; ++i) out.ends.push_back(o.contours[i]);
  out.flags = o.flags;
  const FT_Glyph_Metrics& m = slot->metrics;
  out.bearing_x = m.horiBearingX, out.bearing_y = m.horiBearingY, out.width = m.width, out.height = m.height;
  out.advance = m.horiAdvance;
  return true;
}

void FontFace::signature(uint32_t words[6]) const {
  const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(static_cast<FT_Face>(face_), FT_SFNT_OS2));
  if (!os2) {
    std::fill(words, words + 6, 0u);
    return;
  }
  const FT_ULong v[6] = {os2->ulUnicodeRange1, os2->ulUnicodeRange2, os2->ulUnicodeRange3, os2->ulUnicodeRange4,
                         os2->ulCodePageRange1, os2->ulCodePageRange2};
  for (int i = 0; i < 6; ++i) words[i] = static_cast<uint32_t>(v[i]);
}

bool FontFace::outline_metrics(OutlineMetrics& out) const {
  FT_Face face = static_cast<FT_Face>(face_);
  const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(face, FT_SFNT_OS2));
  const auto* hhea = static_cast<const TT_HoriHeader*>(FT_Get_Sfnt_Table(face, FT_SFNT_HHEA));
  const auto* post = static_cast<const TT_Postscript*>(FT_Get_Sfnt_Table(face, FT_SFNT_POST));
  const auto* head = static_cast<const TT_Header*>(FT_Get_Sfnt_Table(face, FT_SFNT_HEAD));
  if (!FT_IS_SFNT(face) || !os2 || !hhea) return false;
  const FT_Long upem = face->units_per_EM ? face->units_per_EM : 2048;
  const FT_Fixed em_scale = FT_MulDiv(face->size->metrics.y_ppem, 1 << 16, upem);
  auto s = [&](FT_Long v) { return static_cast<int32_t>(FT_MulFix(v, em_scale)); };
  out = OutlineMetrics{};
  std::memcpy(out.panose, os2->panose, 10);
  out.fs_selection = os2->fsSelection | (oblique_ ? 1u : 0u) | (embolden_ ? 0x20u : 0u);
  out.fs_type = os2->fsType & 0x30e;  // (the embedding and subsetting bits)
  out.slope_rise = hhea->caret_Slope_Rise, out.slope_run = hhea->caret_Slope_Run;
  // post's italicAngle: 16.16 degrees counter-clockwise from the vertical, here in tenths.
  out.italic_angle = post ? static_cast<int32_t>(std::lround(post->italicAngle * 10.0 / 65536.0)) : 0;
  out.em_square = static_cast<uint32_t>(upem);
  out.ascent = s(os2->sTypoAscender), out.descent = s(os2->sTypoDescender);
  out.line_gap = static_cast<uint32_t>(s(os2->sTypoLineGap));
  out.cap_em_height = s(os2->sCapHeight), out.x_height = s(os2->sxHeight);
  out.box_left = s(face->bbox.xMin), out.box_right = s(face->bbox.xMax);
  out.box_top = s(face->bbox.yMax), out.box_bottom = s(face->bbox.yMin);
  out.mac_line_gap = static_cast<uint32_t>(s(hhea->Line_Gap));
  out.minimum_ppem = head ? head->Lowest_Rec_PPEM : 0;
  out.subscript_size_x = s(os2->ySubscriptXSize), out.subscript_size_y = s(os2->ySubscriptYSize);
  out.subscript_offset_x = s(os2->ySubscriptXOffset), out.subscript_offset_y = s(os2->ySubscriptYOffset);
  out.superscript_size_x = s(os2->ySuperscriptXSize), out.superscript_size_y = s(os2->ySuperscriptYSize);
  out.superscript_offset_x = s(os2->ySuperscriptXOffset), out.superscript_offset_y = s(os2->ySuperscriptYOffset);
  out.strikeout_size = static_cast<uint32_t>(s(os2->yStrikeoutSize));
  out.strikeout_position = s(os2->yStrikeoutPosition);
  if (post) out.underscore_size = s(post->underlineThickness), out.underscore_position = s(post->underlinePosition);
  out.family = sfnt_name(face, TT_NAME_ID_FONT_FAMILY);
  out.style = sfnt_name(face, TT_NAME_ID_FONT_SUBFAMILY);
  out.face = sfnt_name(face, TT_NAME_ID_FULL_NAME);
  out.full = sfnt_name(face, TT_NAME_ID_UNIQUE_ID);
  if (out.family.empty() && face->family_name) out.family = utf8_to_utf16(face->family_name);
  if (out.style.empty() && face->style_name) out.style = utf8_to_utf16(face->style_name);
  if (out.face.empty()) out.face = out.family;
  if (out.full.empty()) out.full = out.face;
  return true;
}

void rasterize_outline(const GlyphOutline& o, int64_t dx, int64_t dy, bool mono, uint32_t width, uint32_t height,
                       uint32_t pitch, uint8_t* out) {
  std::memset(out, 0, static_cast<size_t>(pitch) * height);
  if (!freetype() || o.xs.empty() || !width || !height) return;
  std::vector<FT_Vector> points(o.xs.size());
  std::vector<char> tags(o.xs.size());
  std::vector<short> contours(o.ends.begin(), o.ends.end());
  for (size_t i = 0; i < points.size(); ++i) {
    points[i] = {static_cast<FT_Pos>(o.xs[i] + dx), static_cast<FT_Pos>(o.ys[i] + dy)};
    tags[i] = static_cast<char>(o.kinds[i] == kOnCurve ? FT_CURVE_TAG_ON : o.kinds[i] == kCubic ? FT_CURVE_TAG_CUBIC : FT_CURVE_TAG_CONIC);
  }
  FT_Outline outline{};
  outline.n_points = static_cast<short>(points.size());
  outline.n_contours = static_cast<short>(contours.size());
  outline.points = points.data();
  outline.tags = tags.data();
  outline.contours = contours.data();
  outline.flags = o.flags;
  FT_Bitmap bitmap{};
  bitmap.rows = height, bitmap.width = width, bitmap.pitch = static_cast<int>(pitch);
  bitmap.buffer = out;
  bitmap.num_grays = 256;
  bitmap.pixel_mode = mono ? FT_PIXEL_MODE_MONO : FT_PIXEL_MODE_GRAY;
  FT_Outline_Get_Bitmap(freetype(), &outline, &bitmap);
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
  // (the cell's font units beyond the em, scaled as FreeType's FT_MulFix scales them)
  t.internal_leading = std::max<int32_t>(
      0, static_cast<int32_t>(FT_MulFix(win_ascent + win_descent - upem, FT_MulDiv(ppem, 1 << 16, upem))));
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
