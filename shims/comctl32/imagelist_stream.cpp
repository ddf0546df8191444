// Image lists in streams: ImageList_Write, WriteEx and Read through the program's IStream, in the
// format Windows' COMCTL32 uses: an ILHEAD (magic "IL", version 0x101, image count, room, grow
// step, image size, background colour, flags, the first four overlay images), then the colour
// bitmap of four images a row as a .bmp file (BITMAPFILEHEADER, BITMAPINFOHEADER, colour table for
// 8 bits and less, bottom-up rows), then the mask the same way when the list has one.
#include <cstring>

#include "shims/comctl32/imagelist.h"
#include "shims/core/guest_memory.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/ole32/com_object.h"

namespace polyrun::shims::comctl32::imagelist {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;
constexpr unsigned kRead = 3, kWrite = 4;  // ISequentialStream's methods
constexpr uint16_t kMagic = 0x4c49, kVersion = 0x101;

bool stream_write(WindowsProcess& p, uint64_t stream, const std::vector<uint8_t>& bytes) {
  ole32::Scratch buf(p, bytes.size());
  if (!buf.addr) return false;
  std::memcpy(reinterpret_cast<void*>(buf.addr), bytes.data(), bytes.size());
  return !com::failed(static_cast<int32_t>(call_method(p, stream, kWrite, {buf.addr, bytes.size(), 0})));
}

bool stream_read(WindowsProcess& p, uint64_t stream, std::vector<uint8_t>& out, size_t n) {
  ole32::Scratch buf(p, n + 4);
  if (!buf.addr) return false;
  const uint64_t got_at = buf.addr + n;
  const int32_t hr = static_cast<int32_t>(call_method(p, stream, kRead, {buf.addr, n, got_at}));
  if (com::failed(hr) || get<uint32_t>(got_at) != n) return false;
  out.assign(reinterpret_cast<const uint8_t*>(buf.addr), reinterpret_cast<const uint8_t*>(buf.addr) + n);
  return true;
}

template <typename T>
void append(std::vector<uint8_t>& v, T x) {
  const auto* b = reinterpret_cast<const uint8_t*>(&x);
  v.insert(v.end(), b, b + sizeof x);
}
template <typename T>
T field(const std::vector<uint8_t>& v, size_t at) {
  T x{};
  if (at + sizeof x <= v.size()) std::memcpy(&x, v.data() + at, sizeof x);
  return x;
}

// A surface as a .bmp file.
std::vector<uint8_t> bmp_file(const Surface& s) {
  const int bpp = s.bpp();
  const uint32_t row = Surface::row_bytes(s.width(), bpp), image = row * static_cast<uint32_t>(s.height());
  const uint32_t table = bpp <= 8 ? 4u << bpp : 0, bits_at = 14 + 40 + table;
  std::vector<uint8_t> f;
  append<uint16_t>(f, 0x4d42);
  append<uint32_t>(f, bits_at + image);
  append<uint32_t>(f, 0);
  append<uint32_t>(f, bits_at);
  append<uint32_t>(f, 40);
  append<int32_t>(f, s.width());
  append<int32_t>(f, s.height());
  append<uint16_t>(f, 1);
  append<uint16_t>(f, static_cast<uint16_t>(bpp));
  append<uint32_t>(f, 0);  // BI_RGB
  append<uint32_t>(f, image);
  append<uint32_t>(f, 0), append<uint32_t>(f, 0), append<uint32_t>(f, 0), append<uint32_t>(f, 0);
  if (table) {
    std::vector<gdi32::RgbQuad> colors = s.format().colors;
    colors.resize(1u << bpp);
    for (const auto& c : colors) append<gdi32::RgbQuad>(f, c);
  }
  const bool bgr = bpp <= 8 || (bpp == 24) || (bpp == 32 && s.format().red_mask == 0xff0000) ||
                   (bpp == 16 && s.format().red_mask == 0x7c00);
  for (int32_t y = s.height() - 1; y >= 0; --y) {
    if (bgr) {
      f.insert(f.end(), s.row(y), s.row(y) + row);
      continue;
    }
    // (a surface of other masks: its colours in BI_RGB's layout)
    Surface line(s.width(), 1, gdi32::PixelFormat::rgb_default(bpp));
    for (int32_t x = 0; x < s.width(); ++x) line.set_pixel(x, 0, line.pixel_of(s.color_of(s.pixel(x, y))));
    f.insert(f.end(), line.row(0), line.row(0) + row);
  }
  return f;
}

// A .bmp file from the stream (BITMAPINFOHEADER only), as a surface.
std::shared_ptr<Surface> read_bmp(WindowsProcess& p, uint64_t stream) {
  std::vector<uint8_t> head;
  if (!stream_read(p, stream, head, 14 + 40)) return nullptr;
  if (field<uint16_t>(head, 0) != 0x4d42 || field<uint32_t>(head, 14) != 40) return nullptr;
  const int32_t w = field<int32_t>(head, 18), h = field<int32_t>(head, 22);
  const int bpp = field<uint16_t>(head, 26) * field<uint16_t>(head, 28);
  if (w <= 0 || h == 0 || !Surface::size_ok(w, h < 0 ? -int64_t{h} : h, bpp) ||
      (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32))
    return nullptr;
  const int32_t rows = h < 0 ? -h : h;
  gdi32::PixelFormat f = gdi32::PixelFormat::rgb_default(bpp);
  if (bpp <= 8) {
    std::vector<uint8_t> table;
    if (!stream_read(p, stream, table, 4u << bpp)) return nullptr;
    f.colors.resize(1u << bpp);
    for (size_t i = 0; i < f.colors.size(); ++i) f.colors[i] = field<gdi32::RgbQuad>(table, 4 * i), f.colors[i].reserved = 0;
  }
  const uint32_t row = Surface::row_bytes(w, bpp);
  if (uint64_t{row} * rows > (256u << 20)) return nullptr;
  std::vector<uint8_t> bits;
  if (!stream_read(p, stream, bits, size_t{row} * rows)) return nullptr;
  auto s = std::make_shared<Surface>(w, rows, f);
  for (int32_t y = 0; y < rows; ++y)
    std::memcpy(s->row(h < 0 ? y : rows - 1 - y), bits.data() + size_t{row} * y, row);
  return s;
}

BOOL ImageList_Write(WindowsProcess& p, Ptr h, Ptr stream) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l || !stream) return 0;
  std::vector<uint8_t> head;
  append<uint16_t>(head, kMagic);
  append<uint16_t>(head, kVersion);
  append<uint16_t>(head, static_cast<uint16_t>(l->count));
  append<uint16_t>(head, static_cast<uint16_t>(l->max));
  append<uint16_t>(head, static_cast<uint16_t>(l->grow));
  append<uint16_t>(head, static_cast<uint16_t>(l->cx));
  append<uint16_t>(head, static_cast<uint16_t>(l->cy));
  append<uint32_t>(head, l->bk);
  append<uint16_t>(head, static_cast<uint16_t>(l->flags));
  for (int i = 0; i < 4; ++i) append<int16_t>(head, static_cast<int16_t>(l->overlay[static_cast<size_t>(i)]));
  const std::vector<uint8_t> color = bmp_file(*l->color);
  const std::vector<uint8_t> mask = l->mask ? bmp_file(*l->mask) : std::vector<uint8_t>{};
  if (!stream_write(p, stream.addr, head) || !stream_write(p, stream.addr, color)) return 0;
  return !l->mask || stream_write(p, stream.addr, mask);
}

int32_t ImageList_WriteEx(WindowsProcess& p, Ptr h, uint32_t flags, Ptr stream) {
  (void)flags;  // ILP_NORMAL and ILP_DOWNLEVEL: the one format both read
  return ImageList_Write(p, h, stream) ? com::S_OK : com::E_FAIL;
}

Ptr ImageList_Read(WindowsProcess& p, Ptr stream) {
  if (!stream) return Ptr();
  std::vector<uint8_t> head;
  if (!stream_read(p, stream.addr, head, 28)) return Ptr();
  if (field<uint16_t>(head, 0) != kMagic || field<uint16_t>(head, 2) != kVersion) return Ptr();
  const int32_t count = field<uint16_t>(head, 4), max = field<uint16_t>(head, 6), grow = field<uint16_t>(head, 8);
  const int32_t cx = field<uint16_t>(head, 10), cy = field<uint16_t>(head, 12);
  const uint32_t bk = field<uint32_t>(head, 14), flags = field<uint16_t>(head, 18);
  std::shared_ptr<Surface> color = read_bmp(p, stream.addr), mask;
  if (!color) return Ptr();
  if ((flags & ILC_MASK) && !(mask = read_bmp(p, stream.addr))) return Ptr();
  Lock g(lock());
  const uint64_t handle = create(p, cx, cy, flags, max, grow);
  List* l = find(handle);
  if (!l) return Ptr();
  if (!remake(p, *l, std::max(max, count + 1), 0)) {
    destroy(p, handle);
    return Ptr();
  }
  for (int32_t i = 0; i < count; ++i) {
    const int32_t x0 = tile_x(*l, i), y0 = tile_y(*l, i);
    bool alpha = false;
    for (int32_t y = 0; y < cy; ++y)
      for (int32_t x = 0; x < cx; ++x) {
        const int32_t sx = x0 + x, sy = y0 + y;
        if (sx >= color->width() || sy >= color->height()) continue;
        const uint32_t raw = color->pixel(sx, sy);
        uint32_t v = l->color->pixel_of(color->color_of(raw));
        if (l->bpp == 32 && color->bpp() == 32 && (raw >> 24)) v = (v & 0xffffffu) | (raw & 0xff000000u), alpha = true;
        l->color->set_pixel(sx, sy, v);
        if (l->mask && mask && sx < mask->width() && sy < mask->height()) set_mask_bit(*l->mask, sx, sy, mask_bit(*mask, sx, sy));
      }
    l->item_flags[static_cast<size_t>(i)] = alpha ? uint32_t{ILIF_ALPHA} : 0u;
  }
  l->count = count;
  l->bk = bk;
  for (int i = 0; i < 4; ++i) {
    const int16_t o = field<int16_t>(head, 20 + 2 * i);
    if (o == -1 || (o >= 0 && o <= count)) l->overlay[static_cast<size_t>(i)] = o;
  }
  return Ptr(handle);
}

}  // namespace

const std::vector<Export>& stream_exports() {
  static const std::vector<Export> e = {
      EXPORT("ImageList_Write", ImageList_Write),
      EXPORT("ImageList_WriteEx", ImageList_WriteEx),
      EXPORT("ImageList_Read", ImageList_Read),
  };
  return e;
}

}  // namespace polyrun::shims::comctl32::imagelist
