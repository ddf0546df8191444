// Font objects and what GDI32 says about text: CreateFont*, GetTextMetrics, GetTextFace,
// GetTextExtentPoint32, GetTextExtentExPoint, GetCharacterPlacement, GetCharWidth32, GetCharABCWidths
// (and their float and glyph-index forms), GetTextCharset,
// EnumFontFamiliesEx/EnumFontFamilies/EnumFonts (Windows' usual families, each served by a system
// font: font_faces.h). Heights are in logical units, mapped to the device as the DC maps y.
#include <cmath>
#include <cstdio>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi32.h"

namespace polyrun::shims::gdi32 {

namespace {

// LOGFONTW/LOGFONTA: 28 bytes of numbers, then 32 characters of face name.
LogFont read_logfont(uint64_t at, bool wide) {
  LogFont f;
  f.height = get<int32_t>(at), f.width = get<int32_t>(at + 4), f.escapement = get<int32_t>(at + 8);
  f.orientation = get<int32_t>(at + 12), f.weight = get<int32_t>(at + 16);
  uint8_t b[8];
  std::memcpy(b, guest_pointer(at + 20), 8);
  f.italic = b[0], f.underline = b[1], f.strike_out = b[2], f.char_set = b[3], f.out_precision = b[4];
  f.clip_precision = b[5], f.quality = b[6], f.pitch_and_family = b[7];
  if (wide) {
    const auto* s = static_cast<const char16_t*>(guest_pointer(at + 28));
    for (int i = 0; i < 32 && s[i]; ++i) f.face.push_back(s[i]);
  } else {
    const auto* s = static_cast<const char*>(guest_pointer(at + 28));
    f.face = ansi_to_utf16(std::string(s, strnlen(s, 32)));
  }
  return f;
}

Ptr add_font(WindowsProcess& p, const LogFont& f) {
  auto o = std::make_unique<Font>();
  o->log = f;
  return Ptr(gdi_table(p).add(std::move(o)));
}

Ptr CreateFontIndirectW(WindowsProcess& p, Ptr lf) {
  if (!lf) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return add_font(p, read_logfont(lf.addr, true));
}
Ptr CreateFontIndirectA(WindowsProcess& p, Ptr lf) {
  if (!lf) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return add_font(p, read_logfont(lf.addr, false));
}
Ptr CreateFontIndirectExW(WindowsProcess& p, Ptr enumlf) { return CreateFontIndirectW(p, enumlf); }
Ptr CreateFontIndirectExA(WindowsProcess& p, Ptr enumlf) { return CreateFontIndirectA(p, enumlf); }

LogFont font_args(int32_t h, int32_t w, int32_t esc, int32_t orient, int32_t weight, uint32_t italic, uint32_t underline,
                  uint32_t strike, uint32_t charset, uint32_t out_prec, uint32_t clip_prec, uint32_t quality,
                  uint32_t pitch) {
  LogFont f;
  f.height = h, f.width = w, f.escapement = esc, f.orientation = orient, f.weight = weight;
  f.italic = static_cast<uint8_t>(italic), f.underline = static_cast<uint8_t>(underline);
  f.strike_out = static_cast<uint8_t>(strike), f.char_set = static_cast<uint8_t>(charset);
  f.out_precision = static_cast<uint8_t>(out_prec), f.clip_precision = static_cast<uint8_t>(clip_prec);
  f.quality = static_cast<uint8_t>(quality), f.pitch_and_family = static_cast<uint8_t>(pitch);
  return f;
}
Ptr CreateFontW(WindowsProcess& p, int32_t h, int32_t w, int32_t esc, int32_t orient, int32_t weight, uint32_t italic,
                uint32_t underline, uint32_t strike, uint32_t charset, uint32_t out_prec, uint32_t clip_prec,
                uint32_t quality, uint32_t pitch, WStr face) {
  LogFont f = font_args(h, w, esc, orient, weight, italic, underline, strike, charset, out_prec, clip_prec, quality, pitch);
  if (face.addr) f.face = face.str().substr(0, 31);
  return add_font(p, f);
}
Ptr CreateFontA(WindowsProcess& p, int32_t h, int32_t w, int32_t esc, int32_t orient, int32_t weight, uint32_t italic,
                uint32_t underline, uint32_t strike, uint32_t charset, uint32_t out_prec, uint32_t clip_prec,
                uint32_t quality, uint32_t pitch, AStr face) {
  LogFont f = font_args(h, w, esc, orient, weight, italic, underline, strike, charset, out_prec, clip_prec, quality, pitch);
  if (face.addr) f.face = ansi_to_utf16(face.bytes()).substr(0, 31);
  return add_font(p, f);
}

}  // namespace

std::shared_ptr<FontFace> dc_font_face(WindowsProcess& p, DeviceContext& dc) {
  const LogFont& f = dc_font(p, dc).log;
  int32_t h = f.height;
  if (!simple_mapping(dc) && h) {
    const Point a = to_device(dc, {0, 0}), b = to_device(dc, {0, std::abs(h)});
    const int32_t dev = std::abs(b.y - a.y);
    h = h < 0 ? -dev : dev;
  }
  return realize_font(f, h);
}

int32_t text_extent(DeviceContext& dc, FontFace& face, const std::u16string& s) {
  int32_t w = 0;
  for (char16_t c : s) w += face.glyph(c).advance + dc.s.char_extra;
  return w;
}

// A device width back in logical units (x).
int32_t logical_width(const DeviceContext& dc, int32_t device) {
  if (simple_mapping(dc)) return device;
  const Point a = to_logical(dc, {0, 0}), b = to_logical(dc, {device, 0});
  return std::abs(b.x - a.x);
}
int32_t logical_height(const DeviceContext& dc, int32_t device) {
  if (simple_mapping(dc)) return device;
  const Point a = to_logical(dc, {0, 0}), b = to_logical(dc, {0, device});
  return std::abs(b.y - a.y);
}

void write_text_metrics(void* out, const TextMetrics& t, bool wide) {
  auto* b = static_cast<uint8_t*>(out);
  const int32_t numbers[11] = {t.height, t.ascent, t.descent, t.internal_leading, t.external_leading, t.ave_char_width,
                               t.max_char_width, t.weight, t.overhang, t.digitized_aspect_x, t.digitized_aspect_y};
  std::memcpy(b, numbers, sizeof numbers);
  size_t at = 44;
  if (wide) {
    const char16_t chars[4] = {t.first_char, t.last_char, t.default_char, t.break_char};
    std::memcpy(b + at, chars, 8);
    at += 8;
  } else {
    const uint8_t chars[4] = {static_cast<uint8_t>(t.first_char), 0xff, static_cast<uint8_t>(t.default_char),
                              static_cast<uint8_t>(t.break_char)};
    std::memcpy(b + at, chars, 4);
    at += 4;
  }
  const uint8_t flags[5] = {t.italic, t.underlined, t.struck_out, t.pitch_and_family, t.char_set};
  std::memcpy(b + at, flags, 5);
}

namespace {

// TEXTMETRICW (60 bytes) or TEXTMETRICA (56) at the guest's `out`.
void put_text_metrics(uint64_t out, const TextMetrics& t, bool wide) {
  write_text_metrics(guest_pointer(out), t, wide);
}

TextMetrics logical_metrics(const DeviceContext& dc, const TextMetrics& d) {
  TextMetrics t = d;
  t.height = logical_height(dc, d.height), t.ascent = logical_height(dc, d.ascent);
  t.descent = logical_height(dc, d.descent), t.internal_leading = logical_height(dc, d.internal_leading);
  t.external_leading = logical_height(dc, d.external_leading);
  t.ave_char_width = logical_width(dc, d.ave_char_width), t.max_char_width = logical_width(dc, d.max_char_width);
  return t;
}

}  // namespace

bool logical_text_metrics(WindowsProcess& p, DeviceContext& dc, TextMetrics& out) {
  auto face = dc_font_face(p, dc);
  if (!face) return false;
  out = logical_metrics(dc, face->metrics());
  return true;
}

bool logical_text_width(WindowsProcess& p, DeviceContext& dc, const std::u16string& s, int32_t& width) {
  auto face = dc_font_face(p, dc);
  if (!face) return false;
  width = logical_width(dc, text_extent(dc, *face, s));
  return true;
}

namespace {

BOOL text_metrics(WindowsProcess& p, uint64_t hdc, uint64_t out, bool wide) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc || !out) return FALSE;
  auto face = dc_font_face(p, *dc);
  if (!face) return FALSE;
  put_text_metrics(out, logical_metrics(*dc, face->metrics()), wide);
  return TRUE;
}
BOOL GetTextMetricsW(WindowsProcess& p, Ptr hdc, Ptr out) { return text_metrics(p, hdc.addr, out.addr, true); }
BOOL GetTextMetricsA(WindowsProcess& p, Ptr hdc, Ptr out) { return text_metrics(p, hdc.addr, out.addr, false); }

int32_t GetTextFaceW(WindowsProcess& p, Ptr hdc, int32_t count, Ptr out) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return 0;
  const std::u16string& name = dc_font(p, *dc).log.face;
  if (!out) return static_cast<int32_t>(name.size()) + 1;
  if (count <= 0) return 0;
  const size_t n = std::min<size_t>(name.size(), static_cast<size_t>(count) - 1);
  std::memcpy(guest_pointer(out.addr), name.data(), n * 2);
  put<char16_t>(out.addr + n * 2, 0);
  return static_cast<int32_t>(n) + 1;
}
int32_t GetTextFaceA(WindowsProcess& p, Ptr hdc, int32_t count, Ptr out) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return 0;
  const std::string name = utf16_to_ansi(dc_font(p, *dc).log.face);
  if (!out) return static_cast<int32_t>(name.size()) + 1;
  if (count <= 0) return 0;
  const size_t n = std::min<size_t>(name.size(), static_cast<size_t>(count) - 1);
  std::memcpy(guest_pointer(out.addr), name.data(), n);
  put<char>(out.addr + n, 0);
  return static_cast<int32_t>(n) + 1;
}

BOOL text_extent_point(WindowsProcess& p, uint64_t hdc, uint64_t s, int32_t n, uint64_t size, bool wide) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc || !size || n < 0) return fail(p, ERROR_INVALID_PARAMETER);
  auto face = dc_font_face(p, *dc);
  if (!face) return FALSE;
  const std::u16string text = guest_text(s, n, wide);  // (n checked not negative)
  put<int32_t>(size, logical_width(*dc, text_extent(*dc, *face, text)));
  put<int32_t>(size + 4, logical_height(*dc, face->metrics().height));
  return TRUE;
}
BOOL GetTextExtentPoint32W(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, Ptr size) {
  return text_extent_point(p, hdc.addr, s.addr, n, size.addr, true);
}
BOOL GetTextExtentPoint32A(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, Ptr size) {
  return text_extent_point(p, hdc.addr, s.addr, n, size.addr, false);
}

// GetTextExtentExPoint: how many characters fit in `max` (with lpnFit), each prefix's extent
// (alpDx), and the whole string's size.
BOOL text_extent_ex(WindowsProcess& p, uint64_t hdc, uint64_t s, int32_t n, int32_t max, uint64_t fit, uint64_t dx,
                    uint64_t size, bool wide) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc || n < 0) return fail(p, ERROR_INVALID_PARAMETER);
  auto face = dc_font_face(p, *dc);
  if (!face) return FALSE;
  const std::u16string text = guest_text(s, n, wide);  // (n checked not negative)
  int32_t x = 0, fits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    x += face->glyph(text[i]).advance + dc->s.char_extra;
    const int32_t lx = logical_width(*dc, x);
    if (dx) put<int32_t>(dx + 4 * i, lx);
    if (lx <= max) fits = static_cast<int32_t>(i) + 1;
  }
  if (fit) put<int32_t>(fit, fits);
  if (size) put<int32_t>(size, logical_width(*dc, x)), put<int32_t>(size + 4, logical_height(*dc, face->metrics().height));
  return TRUE;
}
BOOL GetTextExtentExPointW(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, int32_t max, Ptr fit, Ptr dx, Ptr size) {
  return text_extent_ex(p, hdc.addr, s.addr, n, max, fit.addr, dx.addr, size.addr, true);
}
BOOL GetTextExtentExPointA(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, int32_t max, Ptr fit, Ptr dx, Ptr size) {
  return text_extent_ex(p, hdc.addr, s.addr, n, max, fit.addr, dx.addr, size.addr, false);
}

// GetCharacterPlacement(hdc, text, count, max extent, GCP_RESULTS*, flags): with no results, the
// text's extent as GetTextExtentPoint32 gives it (MAKELONG(width, height)); else up to nGlyphs
// characters' output string, order, widths (lpDx), caret positions and glyph indices, nGlyphs
// set to how many, and the extent (with GCP_USEKERNING the font's kerning pairs in the widths and
// the extent). GCP_MAXEXTENT: nMaxFit, how many characters fit in the extent. GCP_RESULTS: its
// size, then lpOutString, lpOrder, lpDx, lpCaretPos, lpClass, lpGlyphs at pointer strides, then
// nGlyphs and nMaxFit. The text is laid out left to right: right-to-left text with GCP_REORDER
// would need the Unicode bidirectional algorithm, which polyrun lacks.
uint32_t character_placement(WindowsProcess& p, uint64_t hdc, const std::u16string& text, int32_t max_extent,
                             uint64_t results, uint32_t flags, std::u16string* out_string) {
  constexpr uint32_t GCP_REORDER = 0x2, GCP_USEKERNING = 0x8, GCP_MAXEXTENT = 0x100000;
  if (text.empty()) return 0;
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc) return 0;
  auto face = dc_font_face(p, *dc);
  if (!face) return 0;
  if (flags & GCP_REORDER)
    for (char16_t c : text)
      if ((c >= 0x0590 && c <= 0x08ff) || (c >= 0xfb1d && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefc)) {
        std::fflush(stdout);
        std::fprintf(stderr, "polyrun: unimplemented: GDI32.dll!GetCharacterPlacement of right-to-left text with GCP_REORDER\n");
        p.terminate(127);
        return 0;
      }
  const size_t n = text.size();
  std::vector<int32_t> kern(n, 0);
  if (flags & GCP_USEKERNING)
    for (size_t i = 0; i + 1 < n; ++i) kern[i] = face->kerning(text[i], text[i + 1]);
  int32_t kern_total = 0;
  for (int32_t k : kern) kern_total += k;
  const uint32_t extent = static_cast<uint32_t>(logical_width(*dc, text_extent(*dc, *face, text) + kern_total) & 0xffff) |
                          static_cast<uint32_t>(logical_height(*dc, face->metrics().height)) << 16;
  if (!results) return extent;
  const uint64_t w = p.isa->ptr;
  const uint64_t out_at = results + w, order = p.get_ptr(results + 2 * w), dx = p.get_ptr(results + 3 * w),
                 carets = p.get_ptr(results + 4 * w), glyphs = p.get_ptr(results + 6 * w);
  const uint64_t count_at = results + 7 * w;
  const size_t set = std::min<size_t>(n, get<uint32_t>(count_at));
  put<uint32_t>(count_at, static_cast<uint32_t>(set));
  if (out_string) *out_string = text.substr(0, set);
  else if (const uint64_t out = p.get_ptr(out_at)) std::memcpy(guest_pointer(out), text.data(), 2 * set);
  if (order)
    for (size_t i = 0; i < set; ++i) put<uint32_t>(order + 4 * i, static_cast<uint32_t>(i));
  if (dx)
    for (size_t i = 0; i < set; ++i) put<int32_t>(dx + 4 * i, logical_width(*dc, face->glyph(text[i]).advance) + kern[i]);
  if (carets && set) {
    int32_t pos = 0;
    put<int32_t>(carets, 0);
    for (size_t i = 0; i + 1 < set; ++i) {
      pos += kern[i] + logical_width(*dc, face->glyph(text[i]).advance + dc->s.char_extra);
      put<int32_t>(carets + 4 * (i + 1), pos);
    }
  }
  if (glyphs)
    for (size_t i = 0; i < set; ++i) put<uint16_t>(glyphs + 2 * i, static_cast<uint16_t>(face->glyph_index(text[i])));
  if (flags & GCP_MAXEXTENT) {
    int32_t x = 0, fit = 0;
    for (size_t i = 0; i < n; ++i) {
      x += face->glyph(text[i]).advance + dc->s.char_extra + kern[i];
      if (logical_width(*dc, x) > max_extent) break;
      fit = static_cast<int32_t>(i) + 1;
    }
    put<int32_t>(count_at + 4, fit);
  }
  return extent;
}
uint32_t GetCharacterPlacementW(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, int32_t max_extent, Ptr results,
                                uint32_t flags) {
  if (n <= 0 || !s) return 0;
  return character_placement(p, hdc.addr, guest_text(s.addr, n, true), max_extent, results.addr, flags, nullptr);
}
// The ANSI form: the text in the ANSI code page, its output string given back in it.
uint32_t GetCharacterPlacementA(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, int32_t max_extent, Ptr results,
                                uint32_t flags) {
  if (n <= 0 || !s) return 0;
  std::u16string out;
  const uint32_t r =
      character_placement(p, hdc.addr, guest_text(s.addr, n, false), max_extent, results.addr, flags, &out);
  if (results)
    if (const uint64_t to = p.get_ptr(results.addr + p.isa->ptr)) {
      const std::string bytes = utf16_to_ansi(out);
      std::memcpy(guest_pointer(to), bytes.data(), std::min<size_t>(bytes.size(), static_cast<size_t>(n)));
    }
  return r;
}

BOOL char_widths(WindowsProcess& p, uint64_t hdc, uint32_t first, uint32_t last, uint64_t out, bool abc) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc || last < first || !out) return FALSE;
  auto face = dc_font_face(p, *dc);
  if (!face) return FALSE;
  for (uint32_t c = first; c <= last; ++c) {
    const Glyph& g = face->glyph(c);
    if (abc) {
      const uint64_t at = out + 12ull * (c - first);
      put<int32_t>(at, logical_width(*dc, g.abc_a)), put<uint32_t>(at + 4, static_cast<uint32_t>(logical_width(*dc, g.abc_b)));
      put<int32_t>(at + 8, logical_width(*dc, g.abc_c));
    } else {
      put<int32_t>(out + 4ull * (c - first), logical_width(*dc, g.advance));
    }
  }
  return TRUE;
}
BOOL GetCharWidth32W(WindowsProcess& p, Ptr hdc, uint32_t first, uint32_t last, Ptr out) {
  return char_widths(p, hdc.addr, first, last, out.addr, false);
}
BOOL GetCharABCWidthsW(WindowsProcess& p, Ptr hdc, uint32_t first, uint32_t last, Ptr out) {
  return char_widths(p, hdc.addr, first, last, out.addr, true);
}
// The glyph-index forms: GetCharWidthI and GetCharABCWidthsI(hdc, first, count, indices, out)
// measure `count` glyphs, those of `indices`, or with none the indices from `first` on;
// GetTextExtentPointI and GetTextExtentExPointI measure a string of glyph indices as their
// character forms measure characters.
BOOL index_widths(WindowsProcess& p, uint64_t hdc, uint32_t first, uint32_t count, uint64_t indices, uint64_t out,
                  bool abc) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc || !out) return FALSE;
  auto face = dc_font_face(p, *dc);
  if (!face) return FALSE;
  for (uint32_t i = 0; i < count; ++i) {
    const Glyph& g = face->glyph(indices ? get<uint16_t>(indices + 2ull * i) : first + i, true);
    if (abc) {
      const uint64_t at = out + 12ull * i;
      put<int32_t>(at, logical_width(*dc, g.abc_a)), put<uint32_t>(at + 4, static_cast<uint32_t>(logical_width(*dc, g.abc_b)));
      put<int32_t>(at + 8, logical_width(*dc, g.abc_c));
    } else {
      put<int32_t>(out + 4ull * i, logical_width(*dc, g.advance));
    }
  }
  return TRUE;
}
BOOL GetCharWidthI(WindowsProcess& p, Ptr hdc, uint32_t first, uint32_t count, Ptr indices, Ptr out) {
  return index_widths(p, hdc.addr, first, count, indices.addr, out.addr, false);
}
BOOL GetCharABCWidthsI(WindowsProcess& p, Ptr hdc, uint32_t first, uint32_t count, Ptr indices, Ptr out) {
  return index_widths(p, hdc.addr, first, count, indices.addr, out.addr, true);
}
BOOL GetTextExtentExPointI(WindowsProcess& p, Ptr hdc, Ptr indices, int32_t n, int32_t max, Ptr fit, Ptr dx, Ptr size) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc || n < 0 || (n && !indices)) return fail(p, ERROR_INVALID_PARAMETER);
  auto face = dc_font_face(p, *dc);
  if (!face) return FALSE;
  int32_t x = 0, fits = 0;
  for (int32_t i = 0; i < n; ++i) {
    x += face->glyph(get<uint16_t>(indices.addr + 2ull * i), true).advance + dc->s.char_extra;
    const int32_t lx = logical_width(*dc, x);
    if (dx) put<int32_t>(dx.addr + 4ull * i, lx);
    if (lx <= max) fits = i + 1;
  }
  if (fit) put<int32_t>(fit.addr, fits);
  if (size) put<int32_t>(size.addr, logical_width(*dc, x)), put<int32_t>(size.addr + 4, logical_height(*dc, face->metrics().height));
  return TRUE;
}
BOOL GetTextExtentPointI(WindowsProcess& p, Ptr hdc, Ptr indices, int32_t n, Ptr size) {
  if (!size) return fail(p, ERROR_INVALID_PARAMETER);
  return GetTextExtentExPointI(p, hdc, indices, n, 0, Ptr{0}, Ptr{0}, size);
}

// The ANSI forms: the codes from `first` to `last` are characters of the ANSI code page (a code
// above 0xFF: a lead byte and its trail byte), each measured as its UTF-16 character.
// The UTF-16 character of an ANSI code (above 0xFF: a lead byte and its trail byte); 0 for none.
char16_t ansi_code_char(uint32_t code) {
  std::string bytes;
  if (code > 0xff) bytes.push_back(static_cast<char>(code >> 8));
  bytes.push_back(static_cast<char>(code & 0xff));
  const std::u16string w = ansi_to_utf16(bytes);
  return w.empty() ? u'\0' : w[0];
}
BOOL char_widths_a(WindowsProcess& p, uint64_t hdc, uint32_t first, uint32_t last, uint64_t out, bool abc) {
  if (last < first || !out) return FALSE;
  const size_t each = abc ? 12 : 4;
  for (uint32_t c = first; c <= last; ++c) {
    const uint32_t wc = ansi_code_char(c);
    if (!char_widths(p, hdc, wc, wc, out + each * (c - first), abc)) return FALSE;
    if (c == 0xffffffffu) break;
  }
  return TRUE;
}
BOOL GetCharWidth32A(WindowsProcess& p, Ptr hdc, uint32_t first, uint32_t last, Ptr out) {
  return char_widths_a(p, hdc.addr, first, last, out.addr, false);
}
BOOL GetCharABCWidthsA(WindowsProcess& p, Ptr hdc, uint32_t first, uint32_t last, Ptr out) {
  return char_widths_a(p, hdc.addr, first, last, out.addr, true);
}

// The float forms: each width in device pixels times the logical units of one (as wine 8.0 scales
// them: its viewport-to-world transform's x scale, unrounded); an ABCFLOAT is three floats.
BOOL char_widths_float(WindowsProcess& p, uint64_t hdc, const std::u16string& chars, uint64_t out, bool abc) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc || !out) return FALSE;
  auto face = dc_font_face(p, *dc);
  if (!face) return FALSE;
  double scale = 1.0;
  if (!simple_mapping(*dc)) {
    const Point a = to_logical(*dc, {0, 0}), b = to_logical(*dc, {1 << 16, 0});
    scale = std::fabs(static_cast<double>(b.x - a.x)) / (1 << 16);
  }
  for (size_t i = 0; i < chars.size(); ++i) {
    const Glyph& g = face->glyph(chars[i]);
    if (abc) {
      put<float>(out + 12 * i, static_cast<float>(g.abc_a * scale));
      put<float>(out + 12 * i + 4, static_cast<float>(g.abc_b * scale));
      put<float>(out + 12 * i + 8, static_cast<float>(g.abc_c * scale));
    } else {
      put<float>(out + 4 * i, static_cast<float>(g.advance * scale));
    }
  }
  return TRUE;
}
std::u16string char_range(uint32_t first, uint32_t last, bool ansi) {
  std::u16string out;
  for (uint32_t c = first; c <= last && out.size() < 0x10000; ++c) {
    out.push_back(ansi ? ansi_code_char(c) : static_cast<char16_t>(c));
    if (c == 0xffffffffu) break;
  }
  return out;
}
BOOL GetCharABCWidthsFloatW(WindowsProcess& p, Ptr hdc, uint32_t first, uint32_t last, Ptr out) {
  return last >= first && char_widths_float(p, hdc.addr, char_range(first, last, false), out.addr, true);
}
BOOL GetCharABCWidthsFloatA(WindowsProcess& p, Ptr hdc, uint32_t first, uint32_t last, Ptr out) {
  return last >= first && char_widths_float(p, hdc.addr, char_range(first, last, true), out.addr, true);
}
BOOL GetCharWidthFloatW(WindowsProcess& p, Ptr hdc, uint32_t first, uint32_t last, Ptr out) {
  return last >= first && char_widths_float(p, hdc.addr, char_range(first, last, false), out.addr, false);
}
BOOL GetCharWidthFloatA(WindowsProcess& p, Ptr hdc, uint32_t first, uint32_t last, Ptr out) {
  return last >= first && char_widths_float(p, hdc.addr, char_range(first, last, true), out.addr, false);
}

int32_t GetTextCharset(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return 255;  // DEFAULT_CHARSET... as an error: Windows' (UINT)-1 truncates to it
  const uint8_t cs = dc_font(p, *dc).log.char_set;
  return cs == 1 ? 0 : cs;
}

// The callbacks of EnumFontFamiliesEx and friends: ENUMLOGFONTEXW/A, NEWTEXTMETRICEXW/A, the font
// type (TRUETYPE_FONTTYPE 4), the program's value; a zero return stops.
int32_t enum_fonts(WindowsProcess& p, const std::u16string& only, uint64_t proc, uint64_t lparam,
                   bool wide) {
  if (!proc) return 0;
  const uint64_t lf = p.heap.alloc(512, true), tm = p.heap.alloc(128, true);
  int32_t result = 1;
  std::u16string want = only;
  for (char16_t& c : want) c = c < 0x80 ? static_cast<char16_t>(std::tolower(c)) : c;
  for (const FontFamilyInfo& fam : font_families()) {
    std::u16string name = fam.name;
    for (char16_t& c : name) c = c < 0x80 ? static_cast<char16_t>(std::tolower(c)) : c;
    if (!want.empty() && name != want) continue;
    LogFont f;
    f.height = -12, f.weight = 400, f.pitch_and_family = fam.pitch_and_family, f.face = fam.name;
    f.out_precision = 3, f.clip_precision = 2, f.quality = 1;
    auto face = realize_font(f, -12);
    if (!face) continue;
    std::memset(guest_pointer(lf), 0, 512);
    std::memset(guest_pointer(tm), 0, 128);
    TextMetrics t = face->metrics();
    f.height = t.height, f.width = t.ave_char_width;
    put_logfont(lf, f, wide);
    // elfFullName, elfStyle, elfScript after the LOGFONT.
    const uint64_t names = lf + (wide ? 92 : 60);
    const std::u16string style = u"Regular", script = u"Western";
    if (wide) {
      std::memcpy(guest_pointer(names), fam.name.data(), fam.name.size() * 2);
      std::memcpy(guest_pointer(names + 128), style.data(), style.size() * 2);
      std::memcpy(guest_pointer(names + 192), script.data(), script.size() * 2);
    } else {
      const std::string n8 = utf16_to_ansi(fam.name);
      std::memcpy(guest_pointer(names), n8.data(), n8.size());
      std::memcpy(guest_pointer(names + 64), "Regular", 7);
      std::memcpy(guest_pointer(names + 96), "Western", 7);
    }
    put_text_metrics(tm, t, wide);
    const uint64_t ntm = tm + (wide ? 60 : 56);  // ntmFlags, ntmSizeEM, ntmCellHeight, ntmAvgWidth
    put<uint32_t>(ntm, 0x40 /* NTM_REGULAR */), put<uint32_t>(ntm + 4, 2048), put<uint32_t>(ntm + 8, static_cast<uint32_t>(t.height));
    put<uint32_t>(ntm + 12, static_cast<uint32_t>(t.ave_char_width));
    result = static_cast<int32_t>(p.call_guest(proc, {lf, tm, 4 /* TRUETYPE_FONTTYPE */, lparam}));
    if (!result) break;
  }
  p.heap.free(lf);
  p.heap.free(tm);
  return result;
}
int32_t EnumFontFamiliesExW(WindowsProcess& p, Ptr, Ptr lf, Ptr proc, Ptr lparam, uint32_t) {
  std::u16string face;
  if (lf) face = read_logfont(lf.addr, true).face;
  return enum_fonts(p, face, proc.addr, lparam.addr, true);
}
int32_t EnumFontFamiliesExA(WindowsProcess& p, Ptr, Ptr lf, Ptr proc, Ptr lparam, uint32_t) {
  std::u16string face;
  if (lf) face = read_logfont(lf.addr, false).face;
  return enum_fonts(p, face, proc.addr, lparam.addr, false);
}
int32_t EnumFontFamiliesW(WindowsProcess& p, Ptr, WStr family, Ptr proc, Ptr lparam) {
  return enum_fonts(p, family.addr ? family.str() : u"", proc.addr, lparam.addr, true);
}
int32_t EnumFontFamiliesA(WindowsProcess& p, Ptr, AStr family, Ptr proc, Ptr lparam) {
  return enum_fonts(p, family.addr ? ansi_to_utf16(family.bytes()) : u"", proc.addr, lparam.addr, false);
}

}  // namespace

const std::vector<Export>& font_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreateFontIndirectW", CreateFontIndirectW), EXPORT("CreateFontIndirectA", CreateFontIndirectA),
      EXPORT("CreateFontIndirectExW", CreateFontIndirectExW), EXPORT("CreateFontIndirectExA", CreateFontIndirectExA),
      EXPORT("CreateFontW", CreateFontW), EXPORT("CreateFontA", CreateFontA),
      EXPORT("GetTextMetricsW", GetTextMetricsW), EXPORT("GetTextMetricsA", GetTextMetricsA),
      EXPORT("GetTextFaceW", GetTextFaceW), EXPORT("GetTextFaceA", GetTextFaceA),
      EXPORT("GetTextExtentPoint32W", GetTextExtentPoint32W), EXPORT("GetTextExtentPoint32A", GetTextExtentPoint32A),
      EXPORT("GetTextExtentPointW", GetTextExtentPoint32W), EXPORT("GetTextExtentPointA", GetTextExtentPoint32A),
      EXPORT("GetTextExtentExPointW", GetTextExtentExPointW), EXPORT("GetTextExtentExPointA", GetTextExtentExPointA),
      EXPORT("GetCharWidth32W", GetCharWidth32W), EXPORT("GetCharWidthW", GetCharWidth32W),
      EXPORT("GetCharWidth32A", GetCharWidth32A), EXPORT("GetCharWidthA", GetCharWidth32A),
      EXPORT("GetCharABCWidthsW", GetCharABCWidthsW), EXPORT("GetCharABCWidthsA", GetCharABCWidthsA),
      EXPORT("GetCharWidthI", GetCharWidthI), EXPORT("GetCharABCWidthsI", GetCharABCWidthsI),
      EXPORT("GetTextExtentPointI", GetTextExtentPointI), EXPORT("GetTextExtentExPointI", GetTextExtentExPointI),
      EXPORT("GetCharABCWidthsFloatW", GetCharABCWidthsFloatW), EXPORT("GetCharABCWidthsFloatA", GetCharABCWidthsFloatA),
      EXPORT("GetCharWidthFloatW", GetCharWidthFloatW), EXPORT("GetCharWidthFloatA", GetCharWidthFloatA),
      EXPORT("GetTextCharset", GetTextCharset),
      EXPORT("GetCharacterPlacementW", GetCharacterPlacementW),
      EXPORT("GetCharacterPlacementA", GetCharacterPlacementA),
      EXPORT("EnumFontFamiliesExW", EnumFontFamiliesExW), EXPORT("EnumFontFamiliesExA", EnumFontFamiliesExA),
      EXPORT("EnumFontFamiliesW", EnumFontFamiliesW), EXPORT("EnumFontFamiliesA", EnumFontFamiliesA),
      EXPORT("EnumFontsW", EnumFontFamiliesW), EXPORT("EnumFontsA", EnumFontFamiliesA),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
