// What GDI32's files share with each other and with USER32: the DC's coordinate transforms and
// clipping, turning pens and brushes into the DIB engine's patterns, and each file's exports.
#pragma once

#include <cstdint>
#include <vector>

#include "shims/core/shim.h"
#include "shims/gdi32/dib_engine.h"
#include "shims/gdi32/gdi_objects.h"

namespace polyrun::shims::gdi32 {

constexpr uint32_t kGdiError = 0xffffffffu;  // GDI_ERROR, which several queries return

// ---- the DC (device_contexts.cpp) ----
// Logical to device units (the DC's own device units; surface units add dc.origin).
Point to_device(const DeviceContext& dc, Point p);
Point to_logical(const DeviceContext& dc, Point p);
// A logical rectangle in device units, ordered (left <= right, top <= bottom).
Rect rect_to_device(const DeviceContext& dc, const Rect& r);
// Whether logical to device is only a translation (MM_TEXT without a world transform).
bool simple_mapping(const DeviceContext& dc);
// Everything the DC may draw on, in surface units: the surface, the window's visible region, the
// clip region. Recomputed after dc_changed.
const Region& drawing_clip(WindowsProcess& p, DeviceContext& dc);
void dc_changed(DeviceContext& dc);
// The surface to draw on (a window DC's brought up to date first); null when there is none.
Surface* dc_surface(WindowsProcess& p, DeviceContext& dc);
// SelectClipRgn/ExtSelectClipRgn: `mode` RGN_AND … RGN_COPY (5); the region's kind, or ERROR (0).
int32_t select_clip_region(WindowsProcess& p, DeviceContext& dc, RegionObject* region, int32_t mode);
void hold_saved_state(WindowsProcess& p, const DcState& s);
void release_saved_state(WindowsProcess& p, const DcState& s);

// ---- colours and patterns (brushes.cpp) ----
// A COLORREF (or PALETTEINDEX/DIBINDEX) as the surface's pixel; `mono_fixup`: on a 1-bit surface,
// a colour that is neither table entry maps away from the background colour (Windows' rule for
// pens, brushes and text there).
uint32_t pixel_for(WindowsProcess& p, DeviceContext& dc, const Surface& s, ColorRef color, bool mono_fixup);
// The DC's brush (`brush` 0) or the given one as a pattern for ROP2 `rop2`; false for a null brush.
bool brush_pattern(WindowsProcess& p, DeviceContext& dc, const Surface& s, uint32_t brush, int rop2,
                   FillPattern& out);
// The pen's colour as masks for the DC's ROP2, and the background colour's (for gaps and hatches).
RopMasks pen_masks(WindowsProcess& p, DeviceContext& dc, const Surface& s);
RopMasks background_masks(WindowsProcess& p, DeviceContext& dc, const Surface& s, ColorRef fg);

// ---- drawing for USER32 (FillRect, FrameRect, InvertRect) ----
// Fills a logical rectangle with a brush (PATCOPY, as FillRect). False: no such brush.
bool fill_rect_with_brush(WindowsProcess& p, DeviceContext& dc, const Rect& logical, uint32_t brush);
// ROP2 fill of a rectangle with a solid colour in device units (for InvertRect: R2_NOT).
void rop2_rect(WindowsProcess& p, DeviceContext& dc, const Rect& logical, int rop2);

// ---- fonts (fonts.cpp, gdi_objects.cpp) ----
class FontFace;
struct TextMetrics;
// The DC's font realized at its height in device units (null when the system has no font).
std::shared_ptr<FontFace> dc_font_face(WindowsProcess& p, DeviceContext& dc);
// A string's width in device units with the DC's character extra.
int32_t text_extent(DeviceContext& dc, FontFace& face, const std::u16string& s);
// ExtTextOut with the text in UTF-16 (`dx`: the program's advances, logical units); with
// `force_top_left` the DC's alignment is taken as TA_TOP | TA_LEFT without TA_UPDATECP (DrawText).
bool ext_text_out(WindowsProcess& p, DeviceContext& dc, int32_t x, int32_t y, uint32_t options, const Rect* rect,
                  const std::u16string& text, const std::vector<int32_t>* dx, bool force_top_left);
// The DC's font's TEXTMETRIC in logical units, and a string's width in logical units; false when
// the system has no font.
bool logical_text_metrics(WindowsProcess& p, DeviceContext& dc, TextMetrics& out);
bool logical_text_width(WindowsProcess& p, DeviceContext& dc, const std::u16string& s, int32_t& width);
// `n` characters of a program's string (UTF-16, or narrow in the ANSI code page) as
// UTF-16; a negative `n`: up to its NUL. Null or empty: nothing.
std::u16string guest_text(uint64_t s, int64_t n, bool wide);
// A device width or height back in logical units.
int32_t logical_width(const DeviceContext& dc, int32_t device);
int32_t logical_height(const DeviceContext& dc, int32_t device);
// TEXTMETRICW (60 bytes) or TEXTMETRICA (56 bytes) into `out`.
void write_text_metrics(void* out, const TextMetrics& t, bool wide);
// LOGFONTW or LOGFONTA at `out`.
void put_logfont(uint64_t out, const LogFont& f, bool wide);

// ---- bitmaps (bitmaps.cpp) ----
void release_bitmap_bits(WindowsProcess& p, Bitmap& b);
// A BITMAPINFO as Windows reads it: any header (BITMAPCOREHEADER, BITMAPINFOHEADER, V4, V5), its
// bit fields and colour table (DIB_PAL_COLORS: indices into the DC's palette).
struct DibHeader {
  int32_t width = 0, height = 0;  // height positive (top_down says which way the rows go)
  bool top_down = false;
  uint32_t compression = 0, image_size = 0;
  PixelFormat format;
};
enum : uint32_t { BI_RGB = 0, BI_RLE8 = 1, BI_RLE4 = 2, BI_BITFIELDS = 3, DIB_RGB_COLORS = 0, DIB_PAL_COLORS = 1 };
// False for a header Windows refuses (or a compression not drawn here).
bool read_dib_header(WindowsProcess& p, DeviceContext* dc, uint64_t info, uint32_t usage, DibHeader& out);
// The header's size with its masks and table: where a packed DIB's bits begin.
uint32_t dib_header_bytes(uint64_t info, uint32_t usage);
// A surface over DIB bits in guest memory (rows as the header says).
std::shared_ptr<Surface> surface_over_bits(const DibHeader& h, uint64_t bits);
// A copy of a packed DIB's pixels (header, table, bits in one block).
std::shared_ptr<Surface> surface_from_packed_dib(WindowsProcess& p, uint64_t packed, uint32_t usage);
bool same_format(const PixelFormat& a, const PixelFormat& b);
// Pixels of `src` in `dst`'s format, by colour (the same format: the same values).
uint32_t convert_pixel(const Surface& src, const Surface& dst, uint32_t v);

// A new bitmap handle over a surface (a device-dependent bitmap: 1 bit or the screen's format),
// and a new DIB section of the header's format with its bits zeroed (0: no memory for them).
uint32_t new_bitmap(WindowsProcess& p, std::shared_ptr<Surface> s);
// The colour table GetDIBits gives a bitmap of `bpp` bits (8 and less) that has none of its own.
std::vector<RgbQuad> default_color_table(int bpp);
uint32_t new_dib_section(WindowsProcess& p, const DibHeader& h);

// ---- blits for USER32's icons (blits.cpp) ----
// The source pixel a stretch puts at destination pixel `k` of `dst` from `src` (COLORONCOLOR).
int32_t stretch_source(int32_t k, int32_t dst, int32_t src);
// StretchBlt from a surface without a DC (`src_rect` in its pixels) to a logical rectangle of the
// DC, with Windows' monochrome rules (a 1-bit source takes the DC's text and background colours).
bool stretch_surface(WindowsProcess& p, DeviceContext& dc, int32_t x, int32_t y, int32_t w, int32_t h,
                     const Surface& src, const Rect& src_rect, uint32_t rop);
// GdiAlphaBlend from a surface without a DC (`src_rect` in its pixels, inside it).
bool alpha_blend_surface(WindowsProcess& p, DeviceContext& dc, int32_t x, int32_t y, int32_t w, int32_t h,
                         const Surface& src, const Rect& src_rect, uint32_t blend);

// ---- each file's exports ----
const std::vector<Export>& object_exports();
const std::vector<Export>& dc_exports();
const std::vector<Export>& brush_exports();
const std::vector<Export>& bitmap_exports();
const std::vector<Export>& blit_exports();
const std::vector<Export>& region_exports();
const std::vector<Export>& drawing_exports();
const std::vector<Export>& path_exports();
const std::vector<Export>& font_data_exports();
const std::vector<Export>& glyph_outline_exports();
const std::vector<Export>& outline_metric_exports();
const std::vector<Export>& path_widening_exports();
const std::vector<Export>& font_exports();
const std::vector<Export>& print_job_exports();
const std::vector<Export>& font_resource_exports();
const std::vector<Export>& text_out_exports();
const std::vector<Export>& pixel_format_exports();
const std::vector<Export>& palette_exports();

}  // namespace polyrun::shims::gdi32
