// Bitmaps: device-dependent ones (CreateBitmap, CreateCompatibleBitmap: pixels of polyrun's own,
// 1 bit or the screen's 32), DIB sections (CreateDIBSection: pixels in guest memory the program
// writes directly, rows bottom-up or top-down as its header says), and moving pixels in and out of
// them in DIB form (GetDIBits, SetDIBits, GetBitmapBits, SetBitmapBits, CreateDIBitmap), the colour
// tables of DIB sections, and reading BITMAPINFO headers for all of them.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"

namespace polyrun::shims::gdi32 {

namespace {

bool valid_bpp(int bpp) { return bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32; }

struct RawHeader {
  uint32_t size = 0;
  int32_t width = 0, height = 0;
  uint16_t planes = 0, bpp = 0;
  uint32_t compression = 0, image_size = 0, colors_used = 0;
};

RawHeader raw_header(uint64_t info) {
  RawHeader h;
  h.size = get<uint32_t>(info);
  if (h.size == 12) {  // BITMAPCOREHEADER
    h.width = get<uint16_t>(info + 4), h.height = get<int16_t>(info + 6);
    h.planes = get<uint16_t>(info + 8), h.bpp = get<uint16_t>(info + 10);
    return h;
  }
  h.width = get<int32_t>(info + 4), h.height = get<int32_t>(info + 8);
  h.planes = get<uint16_t>(info + 12), h.bpp = get<uint16_t>(info + 14);
  h.compression = get<uint32_t>(info + 16), h.image_size = get<uint32_t>(info + 20);
  h.colors_used = get<uint32_t>(info + 32);
  return h;
}

uint32_t table_entries(const RawHeader& h) {
  if (h.bpp > 8) return 0;
  const uint32_t most = 1u << h.bpp;
  return h.size != 12 && h.colors_used && h.colors_used < most ? h.colors_used : most;
}

}  // namespace

uint32_t dib_header_bytes(uint64_t info, uint32_t usage) {
  const RawHeader h = raw_header(info);
  uint32_t n = h.size;
  if (h.size == 40 && h.compression == BI_BITFIELDS) n += 12;
  n += table_entries(h) * (usage == DIB_PAL_COLORS ? 2 : h.size == 12 ? 3 : 4);
  return n;
}

bool read_dib_header(WindowsProcess& p, DeviceContext* dc, uint64_t info, uint32_t usage, DibHeader& out) {
  if (!info) return false;
  const RawHeader h = raw_header(info);
  if (h.size != 12 && h.size < 40) return false;
  if (!valid_bpp(h.bpp) || h.width <= 0 || h.height == 0 || h.planes != 1) return false;
  if (!Surface::size_ok(h.width, h.height < 0 ? -static_cast<int64_t>(h.height) : h.height, h.bpp)) return false;
  if (h.compression != BI_RGB && h.compression != BI_BITFIELDS) return false;
  if (h.compression == BI_BITFIELDS && h.bpp != 16 && h.bpp != 32) return false;
  out.width = h.width;
  out.top_down = h.height < 0;
  out.height = h.height < 0 ? -h.height : h.height;
  out.compression = h.compression, out.image_size = h.image_size;
  out.format = PixelFormat::rgb_default(h.bpp);
  if (h.compression == BI_BITFIELDS) {
    const uint64_t masks = info + (h.size == 40 ? 40 : 40);  // after the 40-byte header, or a V4/V5's own fields
    out.format.red_mask = get<uint32_t>(masks), out.format.green_mask = get<uint32_t>(masks + 4);
    out.format.blue_mask = get<uint32_t>(masks + 8);
    out.format.bitfields = true;
  }
  if (h.bpp <= 8) {
    const uint32_t n = table_entries(h);
    uint64_t table = info + h.size;
    out.format.colors.resize(n);
    if (usage == DIB_PAL_COLORS) {
      auto* pal = dc ? gdi_table(p).find_as<Palette>(dc->s.palette, OBJ_PAL) : nullptr;
      for (uint32_t i = 0; i < n; ++i) {
        const uint16_t index = get<uint16_t>(table + 2 * i);
        if (pal && index < pal->entries.size())
          out.format.colors[i] = {pal->entries[index].blue, pal->entries[index].green, pal->entries[index].red, 0};
      }
    } else if (h.size == 12) {
      for (uint32_t i = 0; i < n; ++i)
        out.format.colors[i] = {get<uint8_t>(table + 3 * i), get<uint8_t>(table + 3 * i + 1), get<uint8_t>(table + 3 * i + 2), 0};
    } else {
      for (uint32_t i = 0; i < n; ++i) out.format.colors[i] = get<RgbQuad>(table + 4 * i), out.format.colors[i].reserved = 0;
    }
  }
  return true;
}

std::shared_ptr<Surface> surface_over_bits(const DibHeader& h, uint64_t bits) {
  const int64_t stride = Surface::row_bytes(h.width, h.format.bpp);
  auto* base = static_cast<uint8_t*>(guest_pointer(bits));
  if (h.top_down) return std::make_shared<Surface>(h.width, h.height, h.format, base, stride);
  return std::make_shared<Surface>(h.width, h.height, h.format, base + stride * (h.height - 1), -stride);
}

bool same_format(const PixelFormat& a, const PixelFormat& b) {
  return a.bpp == b.bpp && a.red_mask == b.red_mask && a.green_mask == b.green_mask && a.blue_mask == b.blue_mask &&
         a.bitfields == b.bitfields && (a.bpp > 8 || a.colors == b.colors);
}

uint32_t convert_pixel(const Surface& src, const Surface& dst, uint32_t v) {
  return same_format(src.format(), dst.format()) ? v : dst.pixel_of(src.color_of(v));
}

namespace {

// Copies a whole surface's pixels into another of the same size (converting by colour).
void copy_pixels(const Surface& src, Surface& dst, int32_t src_y0, int32_t dst_y0, int32_t rows) {
  const bool same = same_format(src.format(), dst.format());
  const int32_t w = std::min(src.width(), dst.width());
  for (int32_t r = 0; r < rows; ++r) {
    const int32_t sy = src_y0 + r, dy = dst_y0 + r;
    if (sy < 0 || sy >= src.height() || dy < 0 || dy >= dst.height()) continue;
    if (same && src.width() == dst.width()) {
      std::memcpy(dst.row(dy), src.row(sy), Surface::row_bytes(w, src.bpp()));
      continue;
    }
    for (int32_t x = 0; x < w; ++x) dst.set_pixel(x, dy, convert_pixel(src, dst, src.pixel(x, sy)));
  }
  dst.touch({0, dst_y0, w, dst_y0 + rows});
}

}  // namespace

std::shared_ptr<Surface> surface_from_packed_dib(WindowsProcess& p, uint64_t packed, uint32_t usage) {
  DibHeader h;
  if (!read_dib_header(p, nullptr, packed, usage, h)) return nullptr;
  auto view = surface_over_bits(h, packed + dib_header_bytes(packed, usage));
  auto copy = std::make_shared<Surface>(h.width, h.height, h.format);
  copy_pixels(*view, *copy, 0, 0, h.height);
  return copy;
}

void release_bitmap_bits(WindowsProcess& p, Bitmap& b) {
  if (b.owns_bits && b.bits) p.memory.unmap(b.bits, p.memory.page_up(b.bits_size));
  b.bits = 0, b.owns_bits = false;
}

uint32_t new_bitmap(WindowsProcess& p, std::shared_ptr<Surface> s) {
  auto b = std::make_unique<Bitmap>();
  b->surface = std::move(s);
  return gdi_table(p).add(std::move(b));
}

uint32_t new_dib_section(WindowsProcess& p, const DibHeader& h) {
  const uint64_t size = static_cast<uint64_t>(Surface::row_bytes(h.width, h.format.bpp)) * h.height;
  mem::MapRequest req;
  const int64_t r = p.memory.map(0, p.memory.page_up(size), mem::kRead | mem::kWrite, req);
  if (r < 0) return 0;
  auto b = std::make_unique<Bitmap>();
  b->dib_section = true, b->bits = static_cast<uint64_t>(r), b->bits_size = size, b->owns_bits = true;
  b->top_down = h.top_down, b->compression = h.compression;
  if (h.format.bpp == 16 || h.format.bpp == 32) b->compression = h.format.bitfields ? BI_BITFIELDS : BI_RGB;
  b->surface = surface_over_bits(h, b->bits);
  return gdi_table(p).add(std::move(b));
}

namespace {

Ptr add_bitmap(WindowsProcess& p, std::shared_ptr<Surface> s) {
  auto b = std::make_unique<Bitmap>();
  b->surface = std::move(s);
  return Ptr(gdi_table(p).add(std::move(b)));
}

// A device-dependent bitmap: 1 bit per pixel, or the screen's 32 (any other depth is refused,
// as by a 32-bit display).
Ptr create_ddb(WindowsProcess& p, int32_t width, int32_t height, uint32_t planes, uint32_t bpp, uint64_t bits) {
  if (width < 0 || height < 0 || planes != 1 || bpp > 32) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  if (!width || !height) return Ptr(gdi_table(p).stock(DEFAULT_BITMAP));
  if (!Surface::size_ok(width, height, 32)) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  const int depth = bpp == 1 ? 1 : bpp <= 32 ? 32 : 0;
  if (bpp != 1 && bpp != 32 && bpp != 24 && bpp != 16 && bpp != 8 && bpp != 4) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  auto s = std::make_shared<Surface>(width, height, depth == 1 ? PixelFormat::monochrome() : screen_format());
  if (bits) {  // rows of whole 16-bit words, top first, in the given depth
    const uint32_t in_row = ((static_cast<uint32_t>(width) * bpp + 15) / 16) * 2;
    PixelFormat f = bpp == 1 ? PixelFormat::monochrome() : PixelFormat::rgb_default(static_cast<int>(bpp));
    Surface view(width, height, f, static_cast<uint8_t*>(guest_pointer(bits)), in_row);
    copy_pixels(view, *s, 0, 0, height);
  }
  return add_bitmap(p, std::move(s));
}

Ptr CreateBitmap(WindowsProcess& p, int32_t width, int32_t height, uint32_t planes, uint32_t bpp, Ptr bits) {
  return create_ddb(p, width, height, planes, bpp, bits.addr);
}
Ptr CreateBitmapIndirect(WindowsProcess& p, Ptr bm) {
  if (!bm) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return create_ddb(p, get<int32_t>(bm.addr + 4), get<int32_t>(bm.addr + 8), get<uint16_t>(bm.addr + 16),
                    get<uint16_t>(bm.addr + 18), p.get_ptr(bm.addr + (p.isa->ptr == 8 ? 24 : 20)));
}

// A bitmap like the DC's: a DIB section's format for a DC holding one, monochrome for a memory DC
// holding a monochrome bitmap, the screen's otherwise.
Ptr CreateCompatibleBitmap(WindowsProcess& p, Ptr hdc, int32_t width, int32_t height) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return Ptr();
  if (width < 0 || height < 0) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  if (!width || !height) return Ptr(gdi_table(p).stock(DEFAULT_BITMAP));
  if (!Surface::size_ok(width, height, 32)) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  Bitmap* held = dc->type == OBJ_MEMDC ? dc_bitmap(p, *dc) : nullptr;
  PixelFormat f = screen_format();
  if (held && held->dib_section) f = held->surface->format();
  else if (held && held->surface->bpp() == 1) f = PixelFormat::monochrome();
  return add_bitmap(p, std::make_shared<Surface>(width, height, f));
}
Ptr CreateDiscardableBitmap(WindowsProcess& p, Ptr hdc, int32_t width, int32_t height) {
  return CreateCompatibleBitmap(p, hdc, width, height);
}

Ptr CreateDIBSection(WindowsProcess& p, Ptr hdc, Ptr info, uint32_t usage, Ptr bits_out, Ptr section, uint32_t offset) {
  DibHeader h;
  if (usage > DIB_PAL_COLORS || !read_dib_header(p, find_dc(p, hdc.addr), info.addr, usage, h)) {
    if (bits_out) p.put_ptr(bits_out.addr, 0);
    return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  }
  if (section) {
    // (sections of file mappings are not drawn on here)
    if (bits_out) p.put_ptr(bits_out.addr, 0);
    return Ptr(fail(p, ERROR_NOT_SUPPORTED));
  }
  const uint32_t made = new_dib_section(p, h);
  if (!made) {
    if (bits_out) p.put_ptr(bits_out.addr, 0);
    return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  }
  auto* b = gdi_table(p).find_as<Bitmap>(made, OBJ_BITMAP);
  b->offset = offset;
  if (bits_out) p.put_ptr(bits_out.addr, b->bits);
  return Ptr(made);
}

int32_t SetDIBits(WindowsProcess& p, Ptr hdc, Ptr bitmap, uint32_t start, uint32_t lines, Ptr bits, Ptr info,
                  uint32_t usage) {
  auto* b = gdi_table(p).find_as<Bitmap>(bitmap.addr, OBJ_BITMAP);
  DibHeader h;
  if (!b || !bits || !read_dib_header(p, find_dc(p, hdc.addr), info.addr, usage, h)) return 0;
  Surface& dst = *b->surface;
  auto src = surface_over_bits(h, bits.addr);
  // The DIB's scan lines start..start+lines-1 (from its bottom, bottom-up) hold rows of the
  // bitmap counted from its bottom the same way.
  const int32_t first = static_cast<int32_t>(start);
  const int32_t count = std::min(static_cast<int32_t>(lines), h.height - first);
  if (count <= 0) return 0;
  for (int32_t i = 0; i < count; ++i) {
    // The bits hold the scan lines from `start` on: the i-th is row i of memory.
    const int32_t scan = first + i;
    const int32_t sy = h.top_down ? i : h.height - 1 - i;               // row in the DIB view
    const int32_t dy = h.top_down ? scan : dst.height() - 1 - scan;    // row in the bitmap
    if (dy < 0 || dy >= dst.height() || sy < 0 || sy >= h.height) continue;
    const int32_t w = std::min(dst.width(), h.width);
    for (int32_t x = 0; x < w; ++x) dst.set_pixel(x, dy, convert_pixel(*src, dst, src->pixel(x, sy)));
  }
  dst.touch(dst.rect());
  return count;
}

}  // namespace

std::vector<RgbQuad> default_color_table(int bpp) {
  if (bpp == 1) return PixelFormat::monochrome().colors;
  if (bpp > 8) return {};
  // The default palette's 20 static colours (0x00bbggrr): the first ten and the last ten.
  static const uint32_t kStatic[20] = {0x000000, 0x000080, 0x008000, 0x008080, 0x800000, 0x800080, 0x808000,
                                       0xc0c0c0, 0xc0dcc0, 0xf0caa6, 0xf0fbff, 0xa4a0a0, 0x808080, 0x0000ff,
                                       0x00ff00, 0x00ffff, 0xff0000, 0xff00ff, 0xffff00, 0xffffff};
  auto quad = [](uint32_t c) { return RgbQuad{static_cast<uint8_t>(c >> 16), static_cast<uint8_t>(c >> 8), static_cast<uint8_t>(c), 0}; };
  std::vector<RgbQuad> t;
  if (bpp == 4) {
    // The 16 colours: the first seven static ones, the two grays, the eight bright ones.
    for (int i = 0; i < 7; ++i) t.push_back(quad(kStatic[i]));
    t.push_back(quad(0x808080)), t.push_back(quad(0xc0c0c0));
    for (int i = 13; i < 20; ++i) t.push_back(quad(kStatic[i]));
    return t;
  }
  // 8 bits: the static colours at both ends, between them blue in steps of 0x40, green and red of 0x20.
  t.resize(256);
  for (int i = 0; i < 256; ++i)
    t[static_cast<size_t>(i)] = {static_cast<uint8_t>((i >> 6) * 0x40), static_cast<uint8_t>(((i >> 3) & 7) * 0x20),
                                 static_cast<uint8_t>((i & 7) * 0x20), 0};
  for (int i = 0; i < 10; ++i) t[static_cast<size_t>(i)] = quad(kStatic[i]), t[static_cast<size_t>(246 + i)] = quad(kStatic[10 + i]);
  t.resize(bpp <= 8 ? 1u << bpp : 0);
  return t;
}

namespace {

int32_t GetDIBits(WindowsProcess& p, Ptr hdc, Ptr bitmap, uint32_t start, uint32_t lines, Ptr bits, Ptr info,
                  uint32_t usage) {
  auto* b = gdi_table(p).find_as<Bitmap>(bitmap.addr, OBJ_BITMAP);
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!b || !dc || !info) return 0;
  const Surface& src = *b->surface;
  const uint16_t asked_bpp = get<uint16_t>(info.addr + 14);
  const uint32_t hsize = get<uint32_t>(info.addr);
  if (hsize < 40 && hsize != 12) return 0;
  if (asked_bpp == 0) {
    // Describe the bitmap: its header (and for a DIB section its masks), no bits.
    if (bits) return 0;
    put<int32_t>(info.addr + 4, src.width());
    put<int32_t>(info.addr + 8, src.height());  // (BITMAP's height: positive, top-down or not)
    put<uint16_t>(info.addr + 12, 1), put<uint16_t>(info.addr + 14, static_cast<uint16_t>(src.bpp()));
    const bool fields = src.bpp() == 16 || src.bpp() == 32;
    // (16 and 32 bits are described with their masks, as wine 8.0 does)
    put<uint32_t>(info.addr + 16, fields ? BI_BITFIELDS : BI_RGB);
    put<uint32_t>(info.addr + 20, Surface::row_bytes(src.width(), src.bpp()) * static_cast<uint32_t>(src.height()));
    put<uint32_t>(info.addr + 24, 0), put<uint32_t>(info.addr + 28, 0);
    put<uint32_t>(info.addr + 32, 0), put<uint32_t>(info.addr + 36, 0);
    if (fields) {
      put<uint32_t>(info.addr + 40, src.format().red_mask), put<uint32_t>(info.addr + 44, src.format().green_mask);
      put<uint32_t>(info.addr + 48, src.format().blue_mask);
    }
    return src.height();
  }
  // The requested format, with a colour table made for it (a bitmap's own for its depth, the
  // default 1-bit black and white, or the standard palettes Windows gives 4 and 8 bits).
  const int32_t height = get<int32_t>(info.addr + 8);
  DibHeader h;
  h.width = src.width(), h.height = src.height(), h.top_down = height < 0;
  h.format = PixelFormat::rgb_default(asked_bpp);
  uint32_t compression = hsize >= 40 ? get<uint32_t>(info.addr + 16) : BI_RGB;
  if (!valid_bpp(asked_bpp) || (compression != BI_RGB && compression != BI_BITFIELDS)) return 0;
  if (compression == BI_BITFIELDS && asked_bpp != 16 && asked_bpp != 32) return 0;
  if (compression == BI_BITFIELDS) {
    h.format.bitfields = true;
    if (asked_bpp == 16) h.format.red_mask = 0xf800, h.format.green_mask = 0x07e0, h.format.blue_mask = 0x001f;
    put<uint32_t>(info.addr + 40, h.format.red_mask), put<uint32_t>(info.addr + 44, h.format.green_mask);
    put<uint32_t>(info.addr + 48, h.format.blue_mask);
  }
  if (asked_bpp <= 8) {
    if (src.bpp() == asked_bpp && !src.format().colors.empty()) {
      h.format.colors = src.format().colors;
    } else if (asked_bpp == 1) {
      h.format.colors = PixelFormat::monochrome().colors;
    } else {
      h.format.colors = default_color_table(asked_bpp);
    }
    h.format.colors.resize(1u << asked_bpp);
    if (usage == DIB_RGB_COLORS && hsize >= 40)
      for (size_t i = 0; i < h.format.colors.size(); ++i) put<RgbQuad>(info.addr + hsize + 4 * i, h.format.colors[i]);
    if (hsize >= 40) put<uint32_t>(info.addr + 32, 0);
  }
  if (hsize >= 40) {
    put<uint32_t>(info.addr + 20, Surface::row_bytes(src.width(), asked_bpp) * static_cast<uint32_t>(src.height()));
    put<int32_t>(info.addr + 4, src.width());
  }
  if (!bits) return static_cast<int32_t>(src.height());
  const int32_t dib_height = height < 0 ? -height : height;
  h.height = dib_height ? dib_height : src.height();
  auto dst = surface_over_bits(h, bits.addr);
  const int32_t first = static_cast<int32_t>(start);
  const int32_t count = std::min(static_cast<int32_t>(lines), std::min(h.height, src.height()) - first);
  if (count <= 0) return 0;
  for (int32_t i = 0; i < count; ++i) {
    const int32_t scan = first + i;
    const int32_t dy = h.top_down ? i : h.height - 1 - i;  // (the buffer starts with scan line `start`)
    const int32_t sy = h.top_down ? scan : src.height() - 1 - scan;
    if (sy < 0 || sy >= src.height()) continue;
    for (int32_t x = 0; x < src.width(); ++x) dst->set_pixel(x, dy, convert_pixel(src, *dst, src.pixel(x, sy)));
  }
  return count;
}

Ptr CreateDIBitmap(WindowsProcess& p, Ptr hdc, Ptr header, uint32_t init, Ptr bits, Ptr info, uint32_t usage) {
  if (!header) return Ptr();
  const RawHeader h = raw_header(header.addr);
  const int32_t height = h.height < 0 ? -h.height : h.height;
  if (h.width <= 0 || !height) return Ptr(gdi_table(p).stock(DEFAULT_BITMAP));
  // A bitmap compatible with the DC (1 bit for a monochrome header: Windows makes those monochrome).
  DeviceContext* dc = find_dc(p, hdc.addr);
  Ptr bm = h.bpp == 1 ? create_ddb(p, h.width, height, 1, 1, 0)
                      : (dc ? CreateCompatibleBitmap(p, hdc, h.width, height) : create_ddb(p, h.width, height, 1, 32, 0));
  if (bm && (init & 4) && bits && info) SetDIBits(p, hdc, bm, 0, static_cast<uint32_t>(height), bits, info, usage);
  return bm;
}

// GetBitmapBits/SetBitmapBits: the bitmap's rows, top first, each of whole 16-bit words.
int32_t bitmap_bits(WindowsProcess& p, uint64_t bitmap, int32_t count, uint64_t bits, bool set) {
  auto* b = gdi_table(p).find_as<Bitmap>(bitmap, OBJ_BITMAP);
  if (!b) return 0;
  Surface& s = *b->surface;
  const uint32_t in_row = ((static_cast<uint32_t>(s.width()) * s.bpp() + 15) / 16) * 2;
  const int32_t total = static_cast<int32_t>(in_row) * s.height();
  if (!bits) return set ? 0 : total;
  if (count > total) count = total;
  if (count <= 0) return 0;
  const int32_t rows = count / static_cast<int32_t>(in_row);
  auto* mem = static_cast<uint8_t*>(guest_pointer(bits));
  for (int32_t y = 0; y < rows; ++y) {
    if (set) std::memcpy(s.row(y), mem + y * in_row, in_row);
    else std::memcpy(mem + y * in_row, s.row(y), in_row);
  }
  if (set) s.touch(s.rect());
  return rows * static_cast<int32_t>(in_row);
}
int32_t GetBitmapBits(WindowsProcess& p, Ptr bitmap, int32_t count, Ptr bits) {
  return bitmap_bits(p, bitmap.addr, count, bits.addr, false);
}
int32_t SetBitmapBits(WindowsProcess& p, Ptr bitmap, uint32_t count, Ptr bits) {
  return bitmap_bits(p, bitmap.addr, static_cast<int32_t>(count), bits.addr, true);
}

BOOL GetBitmapDimensionEx(WindowsProcess& p, Ptr bitmap, Ptr out) {
  auto* b = gdi_table(p).find_as<Bitmap>(bitmap.addr, OBJ_BITMAP);
  if (!b) return FALSE;
  put<int32_t>(out.addr, b->dimension_x), put<int32_t>(out.addr + 4, b->dimension_y);
  return TRUE;
}
BOOL SetBitmapDimensionEx(WindowsProcess& p, Ptr bitmap, int32_t x, int32_t y, Ptr old) {
  auto* b = gdi_table(p).find_as<Bitmap>(bitmap.addr, OBJ_BITMAP);
  if (!b) return FALSE;
  if (old) put<int32_t>(old.addr, b->dimension_x), put<int32_t>(old.addr + 4, b->dimension_y);
  b->dimension_x = x, b->dimension_y = y;
  return TRUE;
}

// The colour table of the DIB section selected into a memory DC.
uint32_t dib_color_table(WindowsProcess& p, uint64_t hdc, uint32_t start, uint32_t count, uint64_t colors, bool set) {
  DeviceContext* dc = find_dc(p, hdc);
  Bitmap* b = dc && dc->type == OBJ_MEMDC ? dc_bitmap(p, *dc) : nullptr;
  if (!b || !b->dib_section || b->surface->bpp() > 8) return 0;
  auto& table = b->surface->format().colors;
  if (start >= table.size()) return 0;
  const uint32_t n = std::min<uint32_t>(count, static_cast<uint32_t>(table.size()) - start);
  for (uint32_t i = 0; i < n; ++i) {
    if (set) table[start + i] = get<RgbQuad>(colors + 4 * i), table[start + i].reserved = 0;
    else put<RgbQuad>(colors + 4 * i, table[start + i]);
  }
  if (set) b->surface->touch(b->surface->rect());
  return n;
}
uint32_t GetDIBColorTable(WindowsProcess& p, Ptr hdc, uint32_t start, uint32_t count, Ptr colors) {
  return dib_color_table(p, hdc.addr, start, count, colors.addr, false);
}
uint32_t SetDIBColorTable(WindowsProcess& p, Ptr hdc, uint32_t start, uint32_t count, Ptr colors) {
  return dib_color_table(p, hdc.addr, start, count, colors.addr, true);
}

}  // namespace

const std::vector<Export>& bitmap_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreateBitmap", CreateBitmap), EXPORT("CreateBitmapIndirect", CreateBitmapIndirect),
      EXPORT("CreateCompatibleBitmap", CreateCompatibleBitmap), EXPORT("CreateDiscardableBitmap", CreateDiscardableBitmap),
      EXPORT("CreateDIBSection", CreateDIBSection), EXPORT("CreateDIBitmap", CreateDIBitmap),
      EXPORT("SetDIBits", SetDIBits), EXPORT("GetDIBits", GetDIBits), EXPORT("GetBitmapBits", GetBitmapBits),
      EXPORT("SetBitmapBits", SetBitmapBits), EXPORT("GetBitmapDimensionEx", GetBitmapDimensionEx),
      EXPORT("SetBitmapDimensionEx", SetBitmapDimensionEx), EXPORT("GetDIBColorTable", GetDIBColorTable),
      EXPORT("SetDIBColorTable", SetDIBColorTable),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
