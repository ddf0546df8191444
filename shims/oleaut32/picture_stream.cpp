// OLE pictures in streams and files (picture.h): IPersistStream (Load: a picture's bytes, after
// any number of "lt\0\0" length headers, as a Windows bitmap, an icon or cursor file, an Aldus
// placeable metafile or an enhanced metafile; Save: the header and the bytes it was loaded from,
// or a bitmap or icon file made from its handle), IPicture::SaveAsFile, OleLoadPicture(Ex),
// OleLoadPicturePath (a path or file: URL), OleLoadPictureFile and OleSavePictureFile. GIF, JPEG and PNG need image
// decoders polyrun does not have yet: loading one stops the program, naming the format.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/picture.h"

namespace polyrun::shims::oleaut::picture {

namespace {

constexpr uint16_t kFormatBmp = 0x4d42, kFormatJpeg = 0xd8ff, kFormatGif = 0x4947, kFormatPng = 0x5089,
                   kFormatApm = 0xcdd7;
constexpr uint32_t kLengthHeader = 0x0000746c;  // "lt\0\0"
constexpr int32_t INET_E_RESOURCE_NOT_FOUND = static_cast<int32_t>(0x800c0005),
                  CTL_E_PATHFILEACCESSERROR = static_cast<int32_t>(0x800a004b),
                  CTL_E_FILENOTFOUND = static_cast<int32_t>(0x800a0035);
// IStream's Stat (after IUnknown's three, Read … Revert and the locks).
constexpr unsigned kStat = 12;

uint64_t kernel(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("kernel32.dll", name, args);
}

// Guest bytes holding `data` for as long as this lives.
struct GuestBytes {
  ole32::Scratch block;
  GuestBytes(WindowsProcess& p, const std::vector<uint8_t>& data) : block(p, data.size()) {
    if (block.addr && !data.empty()) std::memcpy(guest_pointer(block.addr), data.data(), data.size());
  }
};

uint32_t u32(const std::vector<uint8_t>& d, size_t at) {
  uint32_t v = 0;
  if (at + 4 <= d.size()) std::memcpy(&v, d.data() + at, 4);
  return v;
}
uint16_t u16(const std::vector<uint8_t>& d, size_t at) {
  uint16_t v = 0;
  if (at + 2 <= d.size()) std::memcpy(&v, d.data() + at, 2);
  return v;
}

// ---- decoding ----

// A Windows bitmap file: BITMAPFILEHEADER, BITMAPINFO, bits at bfOffBits.
int32_t load_bmp(WindowsProcess& p, Picture& pic, const std::vector<uint8_t>& d) {
  if (d.size() < 14 + 12) return E_FAIL;
  const uint32_t bits = u32(d, 10);
  if (bits > d.size()) return E_FAIL;
  const GuestBytes g(p, d);
  if (!g.block.addr) return E_OUTOFMEMORY;
  const uint64_t screen = p.call_export("user32.dll", "GetDC", {0});
  const uint64_t bitmap = gdi(p, "CreateDIBitmap", {screen, g.block.addr + 14, 4 /* CBM_INIT */, g.block.addr + bits,
                                                    g.block.addr + 14, 0 /* DIB_RGB_COLORS */});
  p.call_export("user32.dll", "ReleaseDC", {0, screen});
  if (!bitmap) return E_FAIL;
  pic.type = PICTYPE_BITMAP;
  pic.handle = bitmap;
  measure_bitmap(p, pic);
  return S_OK;
}

// An icon or cursor file: its 32-pixel-wide image when it has several, else its first.
int32_t load_icon(WindowsProcess& p, Picture& pic, const std::vector<uint8_t>& d) {
  const uint16_t type = u16(d, 2), count = u16(d, 4);
  if (!count || d.size() < 6 + 16ull * count) return E_FAIL;
  size_t k = 0;
  if (count != 1) {
    while (k < count && d[6 + 16 * k] != 32) ++k;
    if (k == count) k = 0;
  }
  const size_t entry = 6 + 16 * k;
  const uint32_t size = u32(d, entry + 8), offset = u32(d, entry + 12);
  if (uint64_t{offset} + size > d.size()) return E_FAIL;
  const uint8_t width = d[entry], height = d[entry + 1];
  std::vector<uint8_t> resource;
  if (type == 2) {  // a cursor's resource starts with its hot spot
    resource.assign(d.begin() + static_cast<std::ptrdiff_t>(entry + 4), d.begin() + static_cast<std::ptrdiff_t>(entry + 8));
  }
  resource.insert(resource.end(), d.begin() + offset, d.begin() + offset + size);
  const GuestBytes g(p, resource);
  if (!g.block.addr) return E_OUTOFMEMORY;
  const uint64_t icon = p.call_export("user32.dll", "CreateIconFromResourceEx",
                                      {g.block.addr, resource.size(), type == 2 ? 0u : 1u, 0x00030000, width, height, 0});
  if (!icon) return E_FAIL;
  pic.type = PICTYPE_ICON;
  pic.handle = icon;
  pic.width = width;
  pic.height = height;
  pic.hm_width = himetric(width);
  pic.hm_height = himetric(height);
  return S_OK;
}

// An Aldus placeable metafile: its 22-byte header (key, handle, bounds, units an inch), then the metafile.
int32_t load_apm(WindowsProcess& p, Picture& pic, const std::vector<uint8_t>& d) {
  if (d.size() < 22 || u32(d, 0) != 0x9ac6cdd7) return E_FAIL;
  const std::vector<uint8_t> rest(d.begin() + 22, d.end());
  const GuestBytes g(p, rest);
  const uint64_t meta = gdi_needed(p, "SetMetaFileBitsEx", {rest.size(), g.block.addr});
  if (!meta) return E_FAIL;
  const auto s16 = [&](size_t at) { return static_cast<int16_t>(u16(d, at)); };
  const int32_t inch = u16(d, 14) ? u16(d, 14) : 1;
  pic.type = PICTYPE_METAFILE;
  pic.handle = meta;
  pic.hm_width = static_cast<int32_t>((int64_t{s16(10) - s16(6)} * 2540 + inch / 2) / inch);
  pic.hm_height = static_cast<int32_t>((int64_t{s16(12) - s16(8)} * 2540 + inch / 2) / inch);
  return S_OK;
}

// An enhanced metafile: EMR_HEADER (type 1) with " EMF" at byte 40; its size the header's frame.
bool is_emf(const std::vector<uint8_t>& d) { return d.size() >= 88 && u32(d, 0) == 1 && u32(d, 40) == 0x464d4520; }
int32_t load_emf(WindowsProcess& p, Picture& pic, const std::vector<uint8_t>& d) {
  const GuestBytes g(p, d);
  const uint64_t emf = gdi_needed(p, "SetEnhMetaFileBits", {d.size(), g.block.addr});
  if (!emf) return E_FAIL;
  pic.type = PICTYPE_ENHMETAFILE;
  pic.handle = emf;
  pic.hm_width = static_cast<int32_t>(u32(d, 32) - u32(d, 24));
  pic.hm_height = static_cast<int32_t>(u32(d, 36) - u32(d, 28));
  return S_OK;
}

int32_t decode(WindowsProcess& p, Picture& pic, const std::vector<uint8_t>& d) {
  const uint16_t magic = u16(d, 0);
  pic.format = magic;
  switch (magic) {
    case kFormatBmp: return load_bmp(p, pic, d);
    case kFormatApm: return load_apm(p, pic, d);
    case 0x0000: return load_icon(p, pic, d);
    case kFormatGif: stop_unimplemented(p, "OleLoadPicture of a GIF picture (no GIF decoder yet)");
    case kFormatJpeg: stop_unimplemented(p, "OleLoadPicture of a JPEG picture (no JPEG decoder yet)");
    case kFormatPng: stop_unimplemented(p, "OleLoadPicture of a PNG picture (no PNG decoder yet)");
    default: return is_emf(d) ? load_emf(p, pic, d) : E_FAIL;
  }
}

// ---- reading the stream ----

// IStream::Read of up to `count` bytes appended to `out`: the HRESULT, and the bytes read.
int32_t read_some(WindowsProcess& p, uint64_t stream, uint32_t count, std::vector<uint8_t>& out, uint32_t& got) {
  got = 0;
  const ole32::Scratch buf(p, count);
  if (!buf.addr) return E_OUTOFMEMORY;
  const int32_t hr = ole32::stream_read(p, stream, buf.addr, count, got);
  if (got > count) got = count;
  const uint8_t* at = static_cast<const uint8_t*>(guest_pointer(buf.addr));
  out.insert(out.end(), at, at + got);
  return hr;
}

// The bytes of a picture in the stream, found as Windows finds them: VB's "lt\0\0" headers
// (each with a length) until the picture's own first bytes; a stream whose size Stat does not
// tell is read to its end.
int32_t load_stream(WindowsProcess& p, uint64_t base, uint64_t stream) {
  const unsigned ptr = p.isa->ptr;
  const ole32::Scratch stat(p, 128);
  if (!stat.addr) return E_OUTOFMEMORY;
  uint64_t size = 8;
  bool size_unknown = static_cast<int32_t>(call_method(p, stream, kStat, {stat.addr, 1 /* STATFLAG_NONAME */})) != S_OK;
  if (!size_unknown) size = get<uint64_t>(stat.addr + (ptr == 8 ? 16 : 8));
  uint64_t to_read = 0, header_bytes = 0;
  bool header_is_data = false;
  std::vector<uint8_t> header;
  do {
    header.clear();
    uint32_t got = 0;
    const int32_t hr = read_some(p, stream, 8, header, got);
    if (hr != S_OK || got != 8) return hr ? hr : E_FAIL;
    header_bytes += 8;
    const uint32_t h0 = u32(header, 0), h1 = u32(header, 4);
    if (h0 == kLengthHeader && (size_unknown || h1 + header_bytes <= size)) {
      to_read = h1;
      if (size_unknown) {
        size = uint64_t{h1} + 8;
        size_unknown = false;
      }
      if (to_read == 0) break;
    } else if (std::memcmp(header.data(), "GIF8", 4) == 0 || std::memcmp(header.data(), "BM", 2) == 0 ||
               (header[0] == 0xff && header[1] == 0xd8) || h0 == 1 /* EMR_HEADER */ || h0 == 0x10000 ||
               h0 == 0x20000 || h1 > size || h1 == 0) {
      header_is_data = true;
      to_read = to_read == 0 ? size - 8 : to_read - 8;
    } else {
      to_read = h1;  // an unknown header: what it says is skipped over
    }
  } while (!header_is_data);
  std::vector<uint8_t> data;
  if (header_is_data) data = header;
  if (size_unknown) {
    for (;;) {
      uint32_t got = 0;
      const int32_t hr = read_some(p, stream, 4096, data, got);
      if (hr != S_OK || !got) break;
    }
  } else {
    const uint64_t want = to_read + (header_is_data ? 8 : 0);
    if (want > 0x40000000) return E_OUTOFMEMORY;
    while (data.size() < want) {
      uint32_t got = 0;
      const int32_t hr = read_some(p, stream, static_cast<uint32_t>(std::min<uint64_t>(want - data.size(), 1 << 20)),
                                   data, got);
      if (hr != S_OK || !got) break;
    }
  }
  Picture& pic = picture_at(base);
  if (data.empty()) {
    pic.type = PICTYPE_NONE;
    return S_OK;
  }
  const int32_t hr = decode(p, pic, data);
  pic.data = std::move(data);
  pic.dirty = false;
  if (hr == S_OK) notify(p, base, DISPID_PICT_TYPE);
  return hr;
}

// ---- encoding ----

// BITMAPINFO of a bitmap's own format, from GetDIBits' query (room for 256 colours).
struct DibInfo {
  ole32::Scratch info;
  explicit DibInfo(WindowsProcess& p) : info(p, 40 + 256 * 4) {}
};
uint32_t palette_entries(const DibInfo& d) {
  const uint32_t used = get<uint32_t>(d.info.addr + 32), bits = get<uint16_t>(d.info.addr + 14);
  if (used) return used > 256 ? 256 : used;
  return bits <= 8 ? 1u << bits : 0u;
}
void append_guest(std::vector<uint8_t>& out, uint64_t addr, size_t n) {
  const uint8_t* at = static_cast<const uint8_t*>(guest_pointer(addr));
  out.insert(out.end(), at, at + n);
}
template <typename T>
void append(std::vector<uint8_t>& out, T v) {
  const uint8_t* at = reinterpret_cast<const uint8_t*>(&v);
  out.insert(out.end(), at, at + sizeof v);
}

// A bitmap file of the bitmap in its own format.
bool serialize_bmp(WindowsProcess& p, uint64_t bitmap, std::vector<uint8_t>& out) {
  DibInfo d(p);
  if (!d.info.addr) return false;
  put<uint32_t>(d.info.addr, 40);
  const uint64_t screen = p.call_export("user32.dll", "GetDC", {0});
  gdi(p, "GetDIBits", {screen, bitmap, 0, 0, 0, d.info.addr, 0});
  const uint32_t image = get<uint32_t>(d.info.addr + 20);
  const uint32_t height = get<uint32_t>(d.info.addr + 8);
  const ole32::Scratch pixels(p, image);
  gdi(p, "GetDIBits", {screen, bitmap, 0, height, pixels.addr, d.info.addr, 0});
  p.call_export("user32.dll", "ReleaseDC", {0, screen});
  const uint32_t colors = palette_entries(d);
  const uint32_t offset = 14 + 40 + colors * 4;
  out.clear();
  append<uint16_t>(out, kFormatBmp);
  append<uint32_t>(out, offset + image);
  append<uint32_t>(out, 0);
  append<uint32_t>(out, offset);
  append_guest(out, d.info.addr, 40 + colors * 4ull);
  append_guest(out, pixels.addr, image);
  return true;
}

// An icon file of one image: the colour bitmap's DIB, then its mask (a colour icon's).
bool serialize_icon(WindowsProcess& p, uint64_t icon, std::vector<uint8_t>& out) {
  IconBitmaps b;
  if (!icon_bitmaps(p, icon, b)) return false;
  const uint64_t mask = b.mask, color = b.color;
  bool ok = false;
  if (color) {
    DibInfo d(p);
    put<uint32_t>(d.info.addr, 40);
    const uint64_t screen = p.call_export("user32.dll", "GetDC", {0});
    gdi(p, "GetDIBits", {screen, color, 0, 0, 0, d.info.addr, 0});
    const int32_t width = get<int32_t>(d.info.addr + 4), height = get<int32_t>(d.info.addr + 8);
    const uint16_t bits = get<uint16_t>(d.info.addr + 14);
    const uint32_t compression = get<uint32_t>(d.info.addr + 16), image = get<uint32_t>(d.info.addr + 20);
    const uint32_t mask_line = ((static_cast<uint32_t>(width) + 31) >> 5) << 2;
    uint32_t colors;
    if ((bits == 16 && compression == 0) || bits == 24 || (bits == 32 && compression == 0))
      colors = std::min<uint32_t>(get<uint32_t>(d.info.addr + 32), 256);
    else if ((bits == 16 || bits == 32) && compression == 3) colors = 3;
    else colors = bits <= 8 ? 1u << bits : 0u;
    const ole32::Scratch pixels(p, image), mask_bits(p, uint64_t{mask_line} * static_cast<uint32_t>(height));
    gdi(p, "GetDIBits", {screen, color, 0, static_cast<uint32_t>(height), pixels.addr, d.info.addr, 0});
    std::vector<uint8_t> header(40);
    std::memcpy(header.data(), guest_pointer(d.info.addr), 40);
    std::vector<uint8_t> palette(colors * 4ull);
    if (colors) std::memcpy(palette.data(), guest_pointer(d.info.addr + 40), palette.size());
    // The mask as a 1-bit DIB.
    DibInfo m(p);
    put<uint32_t>(m.info.addr, 40);
    gdi(p, "GetDIBits", {screen, mask, 0, 0, 0, m.info.addr, 0});
    gdi(p, "GetDIBits", {screen, mask, 0, static_cast<uint32_t>(height), mask_bits.addr, m.info.addr, 0});
    p.call_export("user32.dll", "ReleaseDC", {0, screen});
    const uint32_t mask_bytes = mask_line * static_cast<uint32_t>(height);
    const uint32_t dib = 40 + colors * 4 + image + mask_bytes;
    // The DIB's header describes the image and its mask: twice the height.
    uint32_t size_image, double_height = static_cast<uint32_t>(height) * 2;
    std::memcpy(&size_image, header.data() + 20, 4);
    size_image += mask_bytes;
    std::memcpy(header.data() + 20, &size_image, 4);
    std::memcpy(header.data() + 8, &double_height, 4);
    out.clear();
    append<uint16_t>(out, 0);
    append<uint16_t>(out, 1);
    append<uint16_t>(out, 1);
    out.push_back(static_cast<uint8_t>(width));
    out.push_back(static_cast<uint8_t>(height));
    out.push_back(bits < 8 ? static_cast<uint8_t>(1u << bits) : 0);
    out.push_back(0);
    append<uint16_t>(out, get<uint16_t>(d.info.addr + 12));  // (the planes, as Windows writes them)
    append<uint16_t>(out, bits);
    append<uint32_t>(out, dib);
    append<uint32_t>(out, 22);
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), palette.begin(), palette.end());
    append_guest(out, pixels.addr, image);
    append_guest(out, mask_bits.addr, mask_bytes);
    ok = true;
  }
  gdi(p, "DeleteObject", {mask});
  if (color) gdi(p, "DeleteObject", {color});
  return ok;
}

// The picture's bytes for Save and SaveAsFile: those it was loaded from, unless it changed since,
// else a file made from its handle. E_FAIL when it has none to give.
int32_t picture_bytes(WindowsProcess& p, Picture& pic, bool& none) {
  none = false;
  switch (pic.type) {
    case PICTYPE_NONE: none = true; return S_OK;
    case PICTYPE_ICON:
      if (pic.dirty || pic.data.empty()) {
        std::vector<uint8_t> bytes;
        if (!serialize_icon(p, pic.handle, bytes)) return E_FAIL;
        pic.data = std::move(bytes);
      }
      return S_OK;
    case PICTYPE_BITMAP:
      if (pic.dirty || pic.data.empty()) {
        const uint16_t format = pic.keep_original ? pic.format : kFormatBmp;
        if (format != kFormatBmp) return E_FAIL;  // (only bitmaps are written back)
        std::vector<uint8_t> bytes;
        if (!serialize_bmp(p, pic.handle, bytes)) return E_FAIL;
        pic.data = std::move(bytes);
      }
      return S_OK;
    case PICTYPE_METAFILE:
    case PICTYPE_ENHMETAFILE:
      if (pic.data.empty() || pic.dirty) stop_unimplemented(p, "IPersistStream::Save of a metafile picture made from its handle");
      return S_OK;
    default: return E_NOTIMPL;  // uninitialized: nothing to save
  }
}

// The bytes written to the stream: its HRESULT, the count written into `written_out` (if any).
int32_t write_stream(WindowsProcess& p, uint64_t stream, const std::vector<uint8_t>& bytes, uint64_t written_out) {
  const GuestBytes g(p, bytes);
  if (!g.block.addr && !bytes.empty()) return E_OUTOFMEMORY;
  uint32_t done = 0;
  const int32_t hr = ole32::stream_write(p, stream, g.block.addr, static_cast<uint32_t>(bytes.size()), done);
  if (written_out) put<uint32_t>(written_out, done);
  return hr;
}

// ---- IPersistStream ----

uint64_t me(WindowsProcess& p, Ptr self) { return base_of(p, self.addr, kPersistIface); }
int32_t Persist_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  return query_picture(p, me(p, self), iid.addr, out.addr);
}
uint32_t Persist_AddRef(WindowsProcess& p, Ptr self) { return ++picture_at(me(p, self)).refs; }
uint32_t Persist_Release(WindowsProcess& p, Ptr self) { return release_picture(p, me(p, self)); }
int32_t Persist_GetClassID(WindowsProcess&, Ptr, Ptr out) {
  if (!out) return E_POINTER;
  ole32::write_guid(out.addr, kClsidStdPicture);
  return S_OK;
}
// IsDirty: S_OK when the picture changed since it was loaded or saved, else S_FALSE (Microsoft's
// IPersistStream::IsDirty page; wine 8.0 answers E_NOTIMPL).
int32_t Persist_IsDirty(WindowsProcess& p, Ptr self) { return picture_at(me(p, self)).dirty ? S_OK : S_FALSE; }
int32_t Persist_Load(WindowsProcess& p, Ptr self, Ptr stream) {
  if (!stream) return E_POINTER;
  return load_stream(p, me(p, self), stream.addr);
}
// Save(stream, clear_dirty): "lt\0\0", the length, the bytes.
int32_t Persist_Save(WindowsProcess& p, Ptr self, Ptr stream, int32_t clear_dirty) {
  Picture& pic = picture_at(me(p, self));
  bool none = false;
  const int32_t hr = picture_bytes(p, pic, none);
  if (hr != S_OK) return hr;
  std::vector<uint8_t> out;
  append<uint32_t>(out, kLengthHeader);
  append<uint32_t>(out, none ? 0 : static_cast<uint32_t>(pic.data.size()));
  if (!none) out.insert(out.end(), pic.data.begin(), pic.data.end());
  const int32_t w = write_stream(p, stream.addr, out, 0);
  if (w < 0) return w;
  if (clear_dirty) picture_at(me(p, self)).dirty = false;
  return S_OK;
}
// GetSizeMax(&size): what Save writes.
int32_t Persist_GetSizeMax(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  Picture& pic = picture_at(me(p, self));
  bool none = false;
  const int32_t hr = picture_bytes(p, pic, none);
  if (hr != S_OK) return hr;
  put<uint64_t>(out.addr, 8 + (none ? 0 : pic.data.size()));
  return S_OK;
}

// A new picture loaded from the stream, as `iid`.
int32_t load_new(WindowsProcess& p, uint64_t stream, bool own, uint64_t iid, uint64_t out) {
  if (!out) return E_POINTER;
  p.put_ptr(out, 0);
  if (!stream) return E_POINTER;
  const uint64_t base = new_picture(p);
  if (!base) return E_OUTOFMEMORY;
  picture_at(base).own = own;
  int32_t hr = load_stream(p, base, stream);
  if (hr >= 0) hr = query_picture(p, base, iid, out);
  release_picture(p, base);
  return hr;
}

// OleLoadPicture(stream, size, run_mode, iid, &object): the picture owns its handle unless
// run_mode (the program's own use of the handle) says otherwise — as wine 8.0 has it.
int32_t OleLoadPicture(WindowsProcess& p, Ptr stream, int32_t, int32_t run_mode, Ptr iid, Ptr out) {
  return load_new(p, stream.addr, run_mode == 0, iid.addr, out.addr);
}
// OleLoadPictureEx(stream, size, run_mode, iid, x, y, flags, &object): the sizes and LP_* flags
// choose among an icon file's images on Windows; here, as in wine 8.0, the usual choice is made.
int32_t OleLoadPictureEx(WindowsProcess& p, Ptr stream, int32_t, int32_t run_mode, Ptr iid, uint32_t, uint32_t,
                         uint32_t, Ptr out) {
  return load_new(p, stream.addr, run_mode == 0, iid.addr, out.addr);
}

// A file's bytes through KERNEL32 (its path as the program gives it).
bool read_file(WindowsProcess& p, const std::u16string& path, std::vector<uint8_t>& out) {
  const ole32::GuestText name(p, path);
  const uint64_t file = kernel(p, "CreateFileW", {name.addr, 0x80000000u, 1, 0, 3 /* OPEN_EXISTING */, 0, 0});
  const uint64_t invalid = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  if (file == invalid) return false;
  const uint32_t size = static_cast<uint32_t>(kernel(p, "GetFileSize", {file, 0}));
  bool ok = size != 0xffffffffu && size < 0x40000000u;
  if (ok) {
    const ole32::Scratch buf(p, uint64_t{size} + 4);
    ok = buf.addr && kernel(p, "ReadFile", {file, buf.addr, size, buf.addr + size, 0}) &&
         get<uint32_t>(buf.addr + size) == size;
    if (ok) {
      out.clear();
      append_guest(out, buf.addr, size);
    }
  }
  kernel(p, "CloseHandle", {file});
  return ok;
}

// A stream over a copy of `bytes` (CreateStreamOnHGlobal's).
uint64_t memory_stream(WindowsProcess& p, const std::vector<uint8_t>& bytes) {
  const uint64_t global = kernel(p, "GlobalAlloc", {0x42 /* GMEM_MOVEABLE | GMEM_ZEROINIT */, bytes.size() ? bytes.size() : 1});
  if (!global) return 0;
  const uint64_t at = kernel(p, "GlobalLock", {global});
  if (!bytes.empty()) std::memcpy(guest_pointer(at), bytes.data(), bytes.size());
  kernel(p, "GlobalUnlock", {global});
  const ole32::Scratch slot(p, p.isa->ptr);
  if (static_cast<int32_t>(p.call_export("ole32.dll", "CreateStreamOnHGlobal", {global, 1, slot.addr})) < 0) {
    kernel(p, "GlobalFree", {global});
    return 0;
  }
  return p.get_ptr(slot.addr);
}

// OleLoadPicturePath(path or file: URL, caller, reserved, colour, iid, &object): a DOS path ("C:…")
// or a file URL read whole; other URLs need URL monikers polyrun does not have.
int32_t OleLoadPicturePath(WindowsProcess& p, Ptr url, Ptr, uint32_t, uint32_t, Ptr iid, Ptr out) {
  if (!url || !out) return E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  std::u16string path = ole32::read_wide(url.addr);
  if (path.compare(0, 5, u"file:") == 0) {
    path.erase(0, 5);
    while (!path.empty() && path[0] == u'/') path.erase(0, 1);
    for (char16_t& c : path)
      if (c == u'/') c = u'\\';
  }
  if (path.size() < 2 || path[1] != u':') stop_unimplemented(p, "OleLoadPicturePath of a URL other than a file's");
  std::vector<uint8_t> bytes;
  if (!read_file(p, path, bytes)) return INET_E_RESOURCE_NOT_FOUND;
  const uint64_t stream = memory_stream(p, bytes);
  if (!stream) return E_OUTOFMEMORY;
  const int32_t hr = load_new(p, stream, true, iid.addr, out.addr);
  call_method(p, stream, kRelease);
  return hr;
}

// OleLoadPictureFile(file, &picture): the file the VARIANT names (as text) loaded as a picture,
// given as its IPictureDisp; CTL_E_FILENOTFOUND when it cannot be read.
int32_t OleLoadPictureFile(WindowsProcess& p, VariantByValue file, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  const uint64_t vsize = variant_size(p);
  const ole32::Scratch copy(p, 2 * vsize);
  if (!copy.addr) return E_OUTOFMEMORY;
  if (file.pointer) std::memcpy(guest_pointer(copy.addr), guest_pointer(file.pointer), vsize);
  else std::memcpy(guest_pointer(copy.addr), file.words, 16);
  int32_t hr = change_type(p, copy.addr + vsize, copy.addr, 0, 0, VT_BSTR);
  if (hr < 0) return hr;
  const std::u16string path = bstr_text(p.get_ptr(copy.addr + vsize + 8));
  clear_variant(p, copy.addr + vsize);
  std::vector<uint8_t> bytes;
  if (!read_file(p, path, bytes)) return CTL_E_FILENOTFOUND;
  const uint64_t stream = memory_stream(p, bytes);
  if (!stream) return E_OUTOFMEMORY;
  const ole32::Scratch iid(p, 16);
  ole32::write_guid(iid.addr, kIidIPictureDisp);
  hr = load_new(p, stream, true, iid.addr, out.addr);
  call_method(p, stream, kRelease);
  return hr;
}

// OleSavePictureFile(picture, file): the picture's bytes (SaveAsFile's) written to the file.
int32_t OleSavePictureFile(WindowsProcess& p, Ptr picture_disp, Ptr file) {
  if (!picture_disp || !file) return E_POINTER;
  uint64_t ipic = 0;
  int32_t hr = query_interface(p, picture_disp.addr, kIidIPicture, ipic);
  if (hr < 0) return hr;
  Picture& pic = picture_at(base_of(p, ipic, kPictureIface));
  bool none = false;
  hr = picture_bytes(p, pic, none);
  std::vector<uint8_t> bytes = none ? std::vector<uint8_t>{} : pic.data;
  call_method(p, ipic, kRelease);
  if (hr != S_OK) return hr;
  const ole32::GuestText name(p, ole32::read_wide(file.addr));
  const uint64_t handle = kernel(p, "CreateFileW", {name.addr, 0x40000000u, 0, 0, 2 /* CREATE_ALWAYS */, 0x80, 0});
  const uint64_t invalid = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  if (handle == invalid) return CTL_E_PATHFILEACCESSERROR;
  const GuestBytes g(p, bytes);
  const ole32::Scratch written(p, 4);
  const bool ok = kernel(p, "WriteFile", {handle, g.block.addr, bytes.size(), written.addr, 0}) != 0;
  kernel(p, "CloseHandle", {handle});
  return ok ? S_OK : CTL_E_PATHFILEACCESSERROR;
}

}  // namespace

int32_t save_as_file(WindowsProcess& p, uint64_t base, uint64_t stream, bool, uint64_t size_out) {
  if (!stream) return E_POINTER;
  Picture& pic = picture_at(base);
  bool none = false;
  const int32_t hr = picture_bytes(p, pic, none);
  if (hr != S_OK) return hr;
  const std::vector<uint8_t> bytes = none ? std::vector<uint8_t>{} : pic.data;
  return write_stream(p, stream, bytes, size_out);
}

const std::vector<Export>& persist_methods() {
  static const std::vector<Export> m = {
      EXPORT("IPersistStream::QueryInterface", Persist_QueryInterface),
      EXPORT("IPersistStream::AddRef", Persist_AddRef),
      EXPORT("IPersistStream::Release", Persist_Release),
      EXPORT("IPersistStream::GetClassID", Persist_GetClassID),
      EXPORT("IPersistStream::IsDirty", Persist_IsDirty),
      EXPORT("IPersistStream::Load", Persist_Load),
      EXPORT("IPersistStream::Save", Persist_Save),
      EXPORT("IPersistStream::GetSizeMax", Persist_GetSizeMax),
  };
  return m;
}

const std::vector<Export>& picture_stream_exports() {
  static const std::vector<Export> e = {
      EXPORT("OleLoadPicture", OleLoadPicture),
      EXPORT("OleLoadPictureEx", OleLoadPictureEx),
      EXPORT("OleLoadPicturePath", OleLoadPicturePath),
      EXPORT("OleLoadPictureFile", OleLoadPictureFile),
      EXPORT("OleSavePictureFile", OleSavePictureFile),
  };
  return e;
}

}  // namespace polyrun::shims::oleaut::picture
