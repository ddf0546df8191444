// Icons and cursors: objects of USER32's own, each a picture as Windows' ICONINFO describes it — a
// colour bitmap (none for a monochrome one, whose mask is twice as tall: the AND mask above the
// XOR image), an AND mask, a hotspot, icon or cursor — with a premultiplied copy of a 32-bit
// picture's alpha when it has one. Made from bitmaps (CreateIconIndirect, CreateIcon,
// CreateCursor), from the RT_ICON/RT_CURSOR format (a DIB of double height: the XOR image then the
// AND mask) and from a module's icon and cursor groups or .ico/.cur files with the size chosen as
// Windows chooses it; LoadImage also loads bitmaps (RT_BITMAP, .bmp files). The system's cursors
// and icons are simple pictures polyrun draws itself. DrawIconEx composes as Windows does: the
// mask with SRCAND, then the image with SRCINVERT (a picture with alpha is blended instead).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <tuple>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/kernel32/resources.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

using gdi32::PixelFormat;
using gdi32::Surface;

enum : uint32_t {
  LR_MONOCHROME = 0x1, LR_COPYDELETEORG = 0x8, LR_LOADFROMFILE = 0x10, LR_LOADTRANSPARENT = 0x20,
  LR_DEFAULTSIZE = 0x40, LR_CREATEDIBSECTION = 0x2000, LR_SHARED = 0x8000,
  DI_MASK = 1, DI_IMAGE = 2, DI_DEFAULTSIZE = 8,
  RT_CURSOR = 1, RT_BITMAP = 2, RT_ICON = 3, RT_GROUP_CURSOR = 12, RT_GROUP_ICON = 14,
  SM_CXICON = 11, SM_CYICON = 12, SM_CXCURSOR = 13, SM_CYCURSOR = 14,
  SRCCOPY = 0xcc0020, SRCAND = 0x8800c6, SRCINVERT = 0x660046,
  ERROR_RESOURCE_NAME_NOT_FOUND = 1814, ERROR_INVALID_CURSOR_HANDLE = 1402,
};
// The screen's depth, against which icon pictures are chosen.
constexpr int kScreenDepth = 32;

struct CursorIcon {
  bool is_icon = true;
  int32_t width = 0, height = 0;  // the picture's (a monochrome mask is twice as tall)
  int32_t hot_x = 0, hot_y = 0;
  std::shared_ptr<Surface> color, mask, alpha;  // alpha: 32-bit premultiplied, or none
  bool shared = false;                          // LR_SHARED: DestroyIcon leaves it
};

struct IconTable {
  std::map<uint32_t, std::shared_ptr<CursorIcon>> icons;
  // LR_SHARED's: (module, resource name, kind, width, height) to the handle.
  std::map<std::tuple<uint64_t, std::u16string, bool, int32_t, int32_t>, uint32_t> shared;
  uint32_t next = 0;
};
IconTable& icon_table() {
  static IconTable t;
  return t;
}

// The system's handles keep the values they had before icons had pictures: cursor id 32512 + n at
// 0x12000 + 4n, icon id 32512 + n at 0x13000 + 4n; others from 0x14000 on.
uint32_t add_icon(std::shared_ptr<CursorIcon> icon, uint32_t handle = 0) {
  IconTable& t = icon_table();
  if (!handle) do handle = 0x14000 + 4 * t.next++;
    while (t.icons.count(handle));
  t.icons[handle] = std::move(icon);
  return handle;
}
CursorIcon* find_icon(uint64_t handle) {
  auto& icons = icon_table().icons;
  auto it = icons.find(static_cast<uint32_t>(handle));
  return it == icons.end() ? nullptr : it->second.get();
}

// ---- pixels ----

std::shared_ptr<Surface> mono_surface(int32_t w, int32_t h) { return std::make_shared<Surface>(w, h, PixelFormat::monochrome()); }
std::shared_ptr<Surface> color_surface(int32_t w, int32_t h) { return std::make_shared<Surface>(w, h, gdi32::screen_format()); }

// One pixel of `src` as `dst` holds it: the same format keeps the value (a 32-bit picture's alpha
// byte with it); a colour onto a 1-bit DDB is 1 where it is the background colour, white, as a blit
// from a fresh DC makes it; otherwise the nearest colour.
uint32_t icon_pixel(const Surface& src, const Surface& dst, uint32_t v) {
  if (dst.bpp() == 1 && src.bpp() != 1 && dst.format().colors == PixelFormat::monochrome().colors)
    return src.color_of(v) == 0xffffff ? 1 : 0;
  return gdi32::convert_pixel(src, dst, v);
}
// Rows `sy0 .. sy0 + sh` of `src` stretched onto rows `dy0 .. dy0 + dh` of `dst` (all its width).
void stretch_rows(const Surface& src, int32_t sy0, int32_t sh, Surface& dst, int32_t dy0, int32_t dh) {
  const int32_t sw = src.width(), dw = dst.width();
  for (int32_t y = 0; y < dh; ++y) {
    const int32_t sy = sy0 + std::min(gdi32::stretch_source(y, dh, sh), sh - 1);
    for (int32_t x = 0; x < dw; ++x) {
      const int32_t sx = std::min(gdi32::stretch_source(x, dw, sw), sw - 1);
      dst.set_pixel(x, dy0 + y, icon_pixel(src, dst, src.pixel(sx, sy)));
    }
  }
}
std::shared_ptr<Surface> scaled_like(const Surface& src, int32_t w, int32_t h, bool mono) {
  auto out = mono ? mono_surface(w, h) : color_surface(w, h);
  stretch_rows(src, 0, src.height(), *out, 0, h);
  return out;
}

// A 32-bit picture with any alpha byte set: its premultiplied copy for blending (none without).
std::shared_ptr<Surface> alpha_of(const Surface* color) {
  if (!color || color->bpp() != 32 || color->format().bitfields) return nullptr;
  bool any = false;
  for (int32_t y = 0; y < color->height() && !any; ++y)
    for (int32_t x = 0; x < color->width() && !any; ++x) any = color->pixel(x, y) >> 24;
  if (!any) return nullptr;
  auto out = std::make_shared<Surface>(color->width(), color->height(), PixelFormat::rgb_default(32));
  for (int32_t y = 0; y < color->height(); ++y)
    for (int32_t x = 0; x < color->width(); ++x) {
      const uint32_t v = color->pixel(x, y), a = v >> 24;
      auto pre = [&](int shift) { return (((v >> shift) & 0xff) * a + 127) / 255 << shift; };
      out->set_pixel(x, y, a << 24 | pre(16) | pre(8) | pre(0));
    }
  return out;
}

// ---- making icons ----

// CreateIconIndirect's work on surfaces: a colour picture with a mask of its size, or (the colour
// and the mask both monochrome, or no colour) one monochrome mask with the image below it.
std::shared_ptr<CursorIcon> icon_from_surfaces(const Surface* color, const Surface& mask, bool is_icon, int32_t hot_x,
                                               int32_t hot_y) {
  auto icon = std::make_shared<CursorIcon>();
  icon->is_icon = is_icon;
  if (color) {
    icon->width = color->width(), icon->height = color->height();
    if (color->bpp() != 1 || mask.bpp() != 1) {
      icon->mask = scaled_like(mask, icon->width, icon->height, true);
      icon->color = color_surface(icon->width, icon->height);
      stretch_rows(*color, 0, color->height(), *icon->color, 0, icon->height);
      icon->alpha = alpha_of(color);
    } else {
      icon->mask = mono_surface(icon->width, icon->height * 2);
      stretch_rows(mask, 0, mask.height(), *icon->mask, 0, icon->height);
      stretch_rows(*color, 0, color->height(), *icon->mask, icon->height, icon->height);
    }
  } else {
    icon->width = mask.width(), icon->height = mask.height() / 2;
    icon->mask = mono_surface(mask.width(), mask.height());
    stretch_rows(mask, 0, mask.height(), *icon->mask, 0, mask.height());
  }
  // An icon's hotspot is its centre; a cursor's is the one given.
  icon->hot_x = is_icon ? icon->width / 2 : hot_x;
  icon->hot_y = is_icon ? icon->height / 2 : hot_y;
  return icon;
}

// An RT_ICON/RT_CURSOR picture (after a cursor's hotspot words): a BITMAPCOREHEADER or
// BITMAPINFOHEADER (BI_RGB, BI_BITFIELDS) of double height, its colour table, the XOR image, the
// AND mask (a 32-bit image without one gets it from its alpha). Scaled to `width` x `height` (0:
// the picture's, or with LR_DEFAULTSIZE the system's size). PNG pictures are refused.
std::shared_ptr<CursorIcon> icon_from_dib(WindowsProcess& p, uint64_t bmi, uint32_t size, bool is_icon, int32_t hot_x,
                                          int32_t hot_y, int32_t width, int32_t height, uint32_t flags) {
  if (size < 12) return nullptr;
  const uint32_t hsize = get<uint32_t>(bmi);
  if (size < hsize) return nullptr;
  if (hsize != 12 && (hsize != 40 || (get<uint32_t>(bmi + 16) != gdi32::BI_RGB &&
                                      get<uint32_t>(bmi + 16) != gdi32::BI_BITFIELDS)))
    return nullptr;
  gdi32::DibHeader h;
  if (!gdi32::read_dib_header(p, nullptr, bmi, gdi32::DIB_RGB_COLORS, h) || h.top_down) return nullptr;
  const uint32_t header = gdi32::dib_header_bytes(bmi, gdi32::DIB_RGB_COLORS);
  const int32_t bw = h.width, bh = h.height / 2;
  if (bh <= 0) return nullptr;
  const uint64_t color_size = static_cast<uint64_t>(Surface::row_bytes(bw, h.format.bpp)) * bh;
  uint64_t mask_size = static_cast<uint64_t>(Surface::row_bytes(bw, 1)) * bh;
  if (header > size || color_size > size - header) return nullptr;
  if (mask_size > size - header - color_size) mask_size = 0;  // no mask
  if (flags & LR_DEFAULTSIZE) {
    if (!width) width = system_metric(p, is_icon ? SM_CXICON : SM_CXCURSOR);
    if (!height) height = system_metric(p, is_icon ? SM_CYICON : SM_CYCURSOR);
  } else {
    if (!width) width = bw;
    if (!height) height = bh;
  }
  if (!is_icon && (width != bw || height != bh)) hot_x = hot_x * width / bw, hot_y = hot_y * height / bh;
  gdi32::DibHeader half = h;
  half.height = bh;
  const uint64_t color_bits = bmi + header;
  auto image = gdi32::surface_over_bits(half, color_bits);
  gdi32::DibHeader mono = half;
  mono.format = PixelFormat::monochrome();
  std::vector<uint8_t> made_mask;
  uint64_t mask_bits = color_bits + color_size;
  auto icon = std::make_shared<CursorIcon>();
  icon->is_icon = is_icon, icon->width = width, icon->height = height;
  icon->hot_x = is_icon ? width / 2 : hot_x, icon->hot_y = is_icon ? height / 2 : hot_y;
  const bool monochrome = h.format.bpp == 1 && h.format.colors.size() == 2 &&
                          h.format.colors[0].color() == 0 && h.format.colors[1].color() == 0xffffff;
  if (monochrome) {
    icon->mask = mono_surface(width, height * 2);
    stretch_rows(*image, 0, bh, *icon->mask, height, height);
  } else {
    icon->mask = mono_surface(width, height);
    icon->color = color_surface(width, height);
    stretch_rows(*image, 0, bh, *icon->color, 0, height);
    if (auto alpha = alpha_of(image.get())) {
      icon->alpha = width == bw && height == bh ? alpha : scaled_like(*alpha, width, height, false);
      if (!mask_size) {
        // The mask from the alpha: transparent wherever a pixel is not fully opaque.
        const uint32_t stride = Surface::row_bytes(bw, 1);
        made_mask.assign(static_cast<size_t>(stride) * bh, 0);
        for (int32_t y = 0; y < bh; ++y)
          for (int32_t x = 0; x < bw; ++x)
            if (image->pixel(x, y) >> 24 != 0xff) made_mask[static_cast<size_t>(bh - 1 - y) * stride + x / 8] |= 0x80 >> (x % 8);
        mask_bits = reinterpret_cast<uint64_t>(made_mask.data());
        mask_size = made_mask.size();
      }
    }
  }
  if (mask_size) stretch_rows(*gdi32::surface_over_bits(mono, mask_bits), 0, bh, *icon->mask, 0, height);
  return icon;
}

// ---- choosing a picture of a group or file ----

struct Entry {
  int32_t width = 0, height = 0, bits = 0;
};

// The best icon for a size and depth: the nearest size (the first of equals), then of those the
// nearest depth. Without a size (and without LR_DEFAULTSIZE) the first entry's size.
int best_icon(const std::vector<Entry>& e, int32_t width, int32_t height, int depth, uint32_t flags) {
  if (e.empty()) return -1;
  uint32_t total = 0xffffffff, dx = 0, dy = 0;
  if (flags & LR_DEFAULTSIZE) {
    if (!width) width = 32;
    if (!height) height = 32;
  } else if (!width && !height) {
    width = e[0].width, height = e[0].height;
    total = 0;
  }
  for (size_t i = 0; total && i < e.size(); ++i) {
    const uint32_t x = std::abs(width - e[i].width), y = std::abs(height - e[i].height);
    if (total > x + y) dx = x, dy = y, total = x + y;
  }
  int best = -1;
  uint32_t color = 0xffffffff;
  for (size_t i = 0; i < e.size(); ++i)
    if (static_cast<uint32_t>(std::abs(width - e[i].width)) == dx && static_cast<uint32_t>(std::abs(height - e[i].height)) == dy) {
      const uint32_t c = std::abs(depth - e[i].bits);
      if (color > c) best = static_cast<int>(i), color = c;
    }
  return best;
}

// The best cursor: the largest no larger than the size (the deepest of equals), else the smallest
// larger one. Without a size (and without LR_DEFAULTSIZE) the first.
int best_cursor(const std::vector<Entry>& e, int32_t width, int32_t height, uint32_t flags) {
  if (e.empty()) return -1;
  if (flags & LR_DEFAULTSIZE) {
    if (!width) width = 32;
    if (!height) height = 32;
  } else if (!width && !height) {
    return 0;
  }
  int best = -1;
  int32_t mw = 0, mh = 0, mb = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    if (e[i].width <= width && e[i].height <= height && e[i].width > mw && e[i].height > mh)
      best = static_cast<int>(i), mw = e[i].width, mh = e[i].height, mb = e[i].bits;
    else if (e[i].width == mw && e[i].height == mh && e[i].bits > mb)
      best = static_cast<int>(i), mb = e[i].bits;
  }
  if (best >= 0) return best;
  mw = mh = 255;
  for (size_t i = 0; i < e.size(); ++i) {
    if ((e[i].width < mw && e[i].height < mh) || best == -1)
      best = static_cast<int>(i), mw = e[i].width, mh = e[i].height, mb = e[i].bits;
    else if (e[i].width == mw && e[i].height == mh && e[i].bits > mb)
      best = static_cast<int>(i), mb = e[i].bits;
  }
  return best;
}

// A group resource (RT_GROUP_ICON, RT_GROUP_CURSOR: NEWHEADER then 14-byte entries whose last word
// is the picture's id): its entries (a cursor's height is stored doubled).
std::vector<Entry> group_entries(uint64_t dir, bool icon) {
  std::vector<Entry> out;
  const uint16_t count = get<uint16_t>(dir + 4);
  for (uint16_t i = 0; i < count; ++i) {
    const uint64_t e = dir + 6 + 14 * i;
    Entry x;
    if (icon) {
      x.width = get<uint8_t>(e), x.height = get<uint8_t>(e + 1);
      if (!x.width) x.width = 256;
      if (!x.height) x.height = 256;
    } else {
      x.width = get<uint16_t>(e), x.height = get<uint16_t>(e + 2);
      if (x.height == x.width * 2) x.height /= 2;
    }
    x.bits = get<uint16_t>(e + 6);
    out.push_back(x);
  }
  return out;
}
uint16_t group_id(uint64_t dir, int index) { return get<uint16_t>(dir + 6 + 14 * index + 12); }

int32_t LookupIconIdFromDirectoryEx(WindowsProcess&, Ptr dir, BOOL icon, int32_t width, int32_t height, uint32_t flags) {
  if (!dir || get<uint16_t>(dir.addr) != 0 || !(get<uint16_t>(dir.addr + 2) & 3)) return 0;
  const int depth = flags & LR_MONOCHROME ? 1 : kScreenDepth;
  const auto e = group_entries(dir.addr, icon);
  const int n = icon ? best_icon(e, width, height, depth, LR_DEFAULTSIZE) : best_cursor(e, width, height, LR_DEFAULTSIZE);
  return n >= 0 ? group_id(dir.addr, n) : 0;
}
int32_t LookupIconIdFromDirectory(WindowsProcess& p, Ptr dir, BOOL icon) {
  return LookupIconIdFromDirectoryEx(p, dir, icon, 0, 0, icon ? 0u : static_cast<uint32_t>(LR_MONOCHROME));
}

uint64_t add_made(WindowsProcess& p, std::shared_ptr<CursorIcon> icon) {
  if (!icon) return fail(p, ERROR_INVALID_PARAMETER), 0;
  return add_icon(std::move(icon));
}

Ptr CreateIconFromResourceEx(WindowsProcess& p, Ptr bits, uint32_t size, BOOL icon, uint32_t version, int32_t width,
                             int32_t height, uint32_t flags) {
  // (version 2 pictures, Windows 2's, are not read)
  if (!bits || version != 0x30000) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  int32_t hx = 0, hy = 0;
  uint64_t at = bits.addr;
  if (!icon) {
    if (size < 4) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
    hx = get<uint16_t>(at), hy = get<uint16_t>(at + 2);
    at += 4, size -= 4;
  }
  return add_made(p, icon_from_dib(p, at, size, icon, hx, hy, width, height, flags));
}
Ptr CreateIconFromResource(WindowsProcess& p, Ptr bits, uint32_t size, BOOL icon, uint32_t version) {
  return CreateIconFromResourceEx(p, bits, size, icon, version, 0, 0, LR_DEFAULTSIZE | LR_SHARED);
}

Ptr CreateIconIndirect(WindowsProcess& p, Ptr info) {
  // ICONINFO: fIcon, xHotspot, yHotspot, hbmMask, hbmColor.
  if (!info) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  const unsigned w = p.isa->ptr;
  const uint64_t mask_h = p.get_ptr(info.addr + (w == 8 ? 16 : 12)), color_h = p.get_ptr(info.addr + (w == 8 ? 24 : 16));
  auto& gdi = gdi32::gdi_table(p);
  auto* mask = gdi.find_as<gdi32::Bitmap>(mask_h, gdi32::OBJ_BITMAP);
  if (!mask) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  auto* color = color_h ? gdi.find_as<gdi32::Bitmap>(color_h, gdi32::OBJ_BITMAP) : nullptr;
  return add_made(p, icon_from_surfaces(color ? color->surface.get() : nullptr, *mask->surface, get<uint32_t>(info.addr) != 0,
                                        get<int32_t>(info.addr + 4), get<int32_t>(info.addr + 8)));
}

// Rows of whole 16-bit words, as CreateBitmap takes them.
std::shared_ptr<Surface> word_rows(uint64_t bits, int32_t w, int32_t h, int bpp) {
  const uint32_t stride = ((static_cast<uint32_t>(w) * bpp + 15) / 16) * 2;
  PixelFormat f = bpp == 1 ? PixelFormat::monochrome() : PixelFormat::rgb_default(bpp);
  return std::make_shared<Surface>(w, h, f, static_cast<uint8_t*>(guest_pointer(bits)), stride);
}

Ptr CreateIcon(WindowsProcess& p, Ptr, int32_t w, int32_t h, uint8_t planes, uint8_t bpp, Ptr and_bits, Ptr xor_bits) {
  if (w <= 0 || h <= 0 || !and_bits || !xor_bits) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  const int depth = planes * bpp;
  if (depth > 1) {
    if (depth != 4 && depth != 8 && depth != 16 && depth != 24 && depth != 32) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
    auto color = word_rows(xor_bits.addr, w, h, depth);
    return add_made(p, icon_from_surfaces(color.get(), *word_rows(and_bits.addr, w, h, 1), true, 0, 0));
  }
  auto mask = mono_surface(w, h * 2);
  stretch_rows(*word_rows(and_bits.addr, w, h, 1), 0, h, *mask, 0, h);
  stretch_rows(*word_rows(xor_bits.addr, w, h, 1), 0, h, *mask, h, h);
  return add_made(p, icon_from_surfaces(nullptr, *mask, true, 0, 0));
}
Ptr CreateCursor(WindowsProcess& p, Ptr, int32_t hx, int32_t hy, int32_t w, int32_t h, Ptr and_bits, Ptr xor_bits) {
  if (w <= 0 || h <= 0 || !and_bits || !xor_bits) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  auto mask = mono_surface(w, h * 2);
  stretch_rows(*word_rows(and_bits.addr, w, h, 1), 0, h, *mask, 0, h);
  stretch_rows(*word_rows(xor_bits.addr, w, h, 1), 0, h, *mask, h, h);
  return add_made(p, icon_from_surfaces(nullptr, *mask, false, hx, hy));
}

// ---- the system's pictures ----

// A picture of polyrun's own for a system cursor or icon: shapes in a unit square, each pixel
// opaque in a colour, or transparent. Plain on purpose.
struct Ink {
  bool opaque = false;
  gdi32::ColorRef color = 0;
};
Ink cursor_ink(uint32_t id, double u, double v) {
  const Ink black{true, 0}, white{true, 0xffffff}, none{};
  auto near = [](double a, double b, double w) { return std::abs(a - b) < w; };
  switch (id) {
    case 32513:  // IDC_IBEAM: a bar with serifs
      if (near(u, 0.5, 0.04) && v > 0.15 && v < 0.85) return black;
      if ((near(v, 0.15, 0.03) || near(v, 0.85, 0.03)) && near(u, 0.5, 0.15)) return black;
      return none;
    case 32515:  // IDC_CROSS
    case 32646:  // IDC_SIZEALL
      if ((near(u, 0.5, 0.04) && v > 0.1 && v < 0.9) || (near(v, 0.5, 0.04) && u > 0.1 && u < 0.9)) return black;
      return none;
    case 32514:  // IDC_WAIT: a ring
    case 32650: {  // IDC_APPSTARTING
      const double r = std::hypot(u - 0.5, v - 0.5);
      return r < 0.4 ? (r > 0.3 ? black : r > 0.26 ? white : none) : none;
    }
    case 32648: {  // IDC_NO: a ring with a bar
      const double r = std::hypot(u - 0.5, v - 0.5);
      if (r < 0.4 && (r > 0.32 || near(u, v, 0.05))) return black;
      return none;
    }
    case 32644:  // IDC_SIZEWE
      return near(v, 0.5, 0.04) && u > 0.1 && u < 0.9 ? black : none;
    case 32645:  // IDC_SIZENS
    case 32516:  // IDC_UPARROW
      return near(u, 0.5, 0.04) && v > 0.1 && v < 0.9 ? black : none;
    case 32642:  // IDC_SIZENWSE
      return near(u, v, 0.05) && u > 0.1 && u < 0.9 ? black : none;
    case 32643:  // IDC_SIZENESW
      return near(u, 1 - v, 0.05) && u > 0.1 && u < 0.9 ? black : none;
    default: {  // IDC_ARROW, IDC_HAND, IDC_HELP and the rest: a wedge from the top left
      if (v < 0.7 && u <= v * 0.6) return u >= v * 0.6 - 0.08 || u < 0.05 || v > 0.64 ? black : white;
      return none;
    }
  }
}
Ink icon_ink(uint32_t id, double u, double v) {
  const double r = std::hypot(u - 0.5, v - 0.5);
  switch (id) {
    case 32513: return {r < 0.45, r < 0.45 && !(std::abs(u - v) < 0.08 || std::abs(u - 1 + v) < 0.08) ? 0x2020c0u : 0xffffffu};  // IDI_HAND: a red disc with a cross
    case 32514: return {r < 0.45, r < 0.45 && !(std::abs(u - 0.5) < 0.07 && v > 0.25 && v < 0.75) ? 0xc06020u : 0xffffffu};  // IDI_QUESTION
    case 32515: return {v > 0.1 && std::abs(u - 0.5) < (v - 0.1) * 0.55, std::abs(u - 0.5) < 0.05 && v > 0.3 ? 0 : 0x20d0f0u};  // IDI_EXCLAMATION: a triangle
    case 32516: return {r < 0.45, std::abs(u - 0.5) < 0.06 && v > 0.3 ? 0xffffffu : 0xc07020u};  // IDI_ASTERISK
    default: {  // IDI_APPLICATION and others: a window with a title bar
      const bool in = u > 0.1 && u < 0.9 && v > 0.15 && v < 0.85;
      return {in, v < 0.3 ? 0x903010u : (u < 0.14 || u > 0.86 || v > 0.81) ? 0x404040u : 0xf0f0f0u};
    }
  }
}

std::shared_ptr<CursorIcon> system_picture(uint32_t id, bool icon, int32_t size) {
  auto c = std::make_shared<CursorIcon>();
  c->is_icon = icon, c->width = c->height = size, c->shared = true;
  c->color = color_surface(size, size);
  c->mask = mono_surface(size, size);
  for (int32_t y = 0; y < size; ++y)
    for (int32_t x = 0; x < size; ++x) {
      const double u = (x + 0.5) / size, v = (y + 0.5) / size;
      const Ink ink = icon ? icon_ink(id, u, v) : cursor_ink(id, u, v);
      c->mask->set_pixel(x, y, ink.opaque ? 0 : 1);
      c->color->set_pixel(x, y, ink.opaque ? c->color->pixel_of(ink.color) : 0);
    }
  // Hotspots where the pictures point: the wedge's tip, the other cursors' centres.
  const bool tip = !icon && (id == 32512 || id == 32649 || id == 32651);
  c->hot_x = tip ? 0 : size / 2, c->hot_y = tip ? 0 : size / 2;
  return c;
}

// A system cursor or icon by id (32512 …): shared, made at its first use at each size.
uint64_t system_image(WindowsProcess& p, uint64_t id, bool icon, int32_t width) {
  if (id < 32512 || id >= 32700) return fail(p, ERROR_RESOURCE_NAME_NOT_FOUND), 0;
  if (!width) width = 32;
  IconTable& t = icon_table();
  const auto key = std::make_tuple(uint64_t{0}, std::u16string(1, static_cast<char16_t>(id)), icon, width, width);
  if (auto it = t.shared.find(key); it != t.shared.end() && t.icons.count(it->second)) return it->second;
  const uint32_t handle = width == 32 ? (icon ? 0x13000 : 0x12000) + static_cast<uint32_t>(id - 32512) * 4 : 0;
  const uint32_t h = add_icon(system_picture(static_cast<uint32_t>(id), icon, width), handle);
  t.shared[key] = h;
  return h;
}

// ---- loading ----

std::u16string resource_key(uint64_t name, bool wide) {
  if (name < 0x10000) return std::u16string(1, static_cast<char16_t>(name)) + u"#";
  return wide ? std::u16string(reinterpret_cast<const char16_t*>(name)) : ansi_to_utf16(reinterpret_cast<const char*>(name));
}

// LoadImage of an icon or cursor from the module's group: the best picture for the size.
uint64_t load_icon_resource(WindowsProcess& p, uint64_t module, uint64_t name, bool wide, bool icon, int32_t width,
                            int32_t height, uint32_t flags) {
  const uint64_t group = find_resource(p, module, icon ? RT_GROUP_ICON : RT_GROUP_CURSOR, name, -1, wide);
  if (!group) return 0;
  const uint64_t dir = resource_data(p, module, group, nullptr);
  const auto entries = group_entries(dir, icon);
  const int depth = flags & LR_MONOCHROME ? 1 : kScreenDepth;
  const int n = icon ? best_icon(entries, width, height, depth, flags) : best_cursor(entries, width, height, flags);
  if (n < 0) return fail(p, ERROR_RESOURCE_NAME_NOT_FOUND), 0;
  IconTable& t = icon_table();
  // Shared pictures are found again by module, name, kind and the size they were made at.
  int32_t made_w = width, made_h = height;
  if (flags & LR_DEFAULTSIZE) {
    if (!made_w) made_w = 32;
    if (!made_h) made_h = 32;
  }
  if (!made_w) made_w = entries[n].width;
  if (!made_h) made_h = entries[n].height;
  const auto key = std::make_tuple(module, resource_key(name, wide), icon, made_w, made_h);
  if (flags & LR_SHARED)
    if (auto it = t.shared.find(key); it != t.shared.end() && t.icons.count(it->second)) return it->second;
  const uint64_t res = find_resource(p, module, icon ? RT_ICON : RT_CURSOR, group_id(dir, n), -1, true);
  if (!res) return 0;
  uint32_t size = 0;
  uint64_t at = resource_data(p, module, res, &size);
  int32_t hx = 0, hy = 0;
  if (!icon) {
    if (size < 4) return fail(p, ERROR_INVALID_PARAMETER), 0;
    hx = get<uint16_t>(at), hy = get<uint16_t>(at + 2);
    at += 4, size -= 4;
  }
  auto made = icon_from_dib(p, at, size, icon, hx, hy, width, height, flags);
  if (!made) return fail(p, ERROR_INVALID_PARAMETER), 0;
  made->shared = flags & LR_SHARED;
  const uint32_t h = add_icon(std::move(made));
  if (flags & LR_SHARED) t.shared[key] = h;
  return h;
}

bool read_file(WindowsProcess& p, uint64_t name, bool wide, std::vector<uint8_t>& out) {
  const std::string path = wide ? utf16_to_utf8(reinterpret_cast<const char16_t*>(name)) : ansi_to_utf8(reinterpret_cast<const char*>(name));
  std::ifstream f(windows_to_host_path(path), std::ios::binary);
  if (!f) return fail(p, ERROR_FILE_NOT_FOUND), false;
  out.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return true;
}

// An .ico or .cur file: ICONDIR, 16-byte entries (a cursor's hotspot in the planes and bit-count
// words), the pictures at their offsets.
uint64_t load_icon_file(WindowsProcess& p, uint64_t name, bool wide, bool icon, int32_t width, int32_t height,
                        uint32_t flags) {
  std::vector<uint8_t> file;
  if (!read_file(p, name, wide, file)) return 0;
  const uint64_t base = reinterpret_cast<uint64_t>(file.data());
  if (file.size() < 6 || get<uint16_t>(base) != 0) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const uint16_t type = get<uint16_t>(base + 2), count = get<uint16_t>(base + 4);
  if ((type != 1 && type != 2) || file.size() < 6 + 16ull * count) return fail(p, ERROR_INVALID_PARAMETER), 0;
  std::vector<Entry> entries;
  for (uint16_t i = 0; i < count; ++i) {
    const uint64_t e = base + 6 + 16 * i;
    const uint32_t offset = get<uint32_t>(e + 12);
    Entry x;
    x.width = get<uint8_t>(e), x.height = get<uint8_t>(e + 1);
    if (!x.width) x.width = 256;
    if (!x.height) x.height = 256;
    // The depth is the picture's own header's.
    if (offset + 16ull <= file.size()) x.bits = get<uint16_t>(base + offset + 14);
    entries.push_back(x);
  }
  const int depth = flags & LR_MONOCHROME ? 1 : kScreenDepth;
  const int n = icon ? best_icon(entries, width, height, depth, flags) : best_cursor(entries, width, height, flags);
  if (n < 0) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const uint64_t e = base + 6 + 16 * n;
  const uint32_t size = get<uint32_t>(e + 8), offset = get<uint32_t>(e + 12);
  if (offset > file.size() || size > file.size() - offset) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const int32_t hx = type == 2 ? get<uint16_t>(e + 4) : 0, hy = type == 2 ? get<uint16_t>(e + 6) : 0;
  return add_made(p, icon_from_dib(p, base + offset, size, icon, hx, hy, width, height, flags));
}

// A bitmap from a packed DIB (RT_BITMAP, or a .bmp file after its BITMAPFILEHEADER): the screen's
// depth (monochrome for a black-and-white one), or with LR_CREATEDIBSECTION a DIB section of the
// DIB's own format; stretched to the size asked. LR_LOADTRANSPARENT gives the colour of the first
// pixel of the bits the window colour (colour tables only).
uint64_t bitmap_from_dib(WindowsProcess& p, uint64_t info, uint64_t bits, int32_t width, int32_t height, uint32_t flags) {
  gdi32::DibHeader h;
  if (!gdi32::read_dib_header(p, nullptr, info, gdi32::DIB_RGB_COLORS, h)) return fail(p, ERROR_INVALID_PARAMETER), 0;
  if ((flags & LR_LOADTRANSPARENT) && h.format.bpp <= 8) {
    uint8_t first = get<uint8_t>(bits);
    const uint32_t index = h.format.bpp == 1 ? first >> 7 : h.format.bpp == 4 ? first >> 4 : first;
    const uint32_t c = sys_color(5);  // COLOR_WINDOW
    if (index < h.format.colors.size())
      h.format.colors[index] = gdi32::RgbQuad{gdi32::blue_of(c), gdi32::green_of(c), gdi32::red_of(c), 0};
  }
  auto src = gdi32::surface_over_bits(h, bits);
  const int32_t w = width ? width : h.width, ht = height ? std::abs(height) : h.height;
  uint32_t handle;
  if (flags & LR_CREATEDIBSECTION) {
    gdi32::DibHeader d = h;
    d.width = w, d.height = ht;
    // The section gets a whole colour table (GetObject's biClrUsed: 1 << depth, as wine 8.0 reports).
    if (d.format.bpp <= 8) d.format.colors.resize(size_t{1} << d.format.bpp);
    handle = gdi32::new_dib_section(p, d);
    if (!handle) return fail(p, ERROR_NOT_ENOUGH_MEMORY), 0;
  } else {
    const bool mono = h.format.bpp == 1 && h.format.colors.size() == 2 && h.format.colors[0].color() == 0 &&
                      h.format.colors[1].color() == 0xffffff;
    handle = gdi32::new_bitmap(p, mono ? mono_surface(w, ht) : color_surface(w, ht));
  }
  auto* b = gdi32::gdi_table(p).find_as<gdi32::Bitmap>(handle, gdi32::OBJ_BITMAP);
  auto& dst = *b->surface;
  for (int32_t y = 0; y < ht; ++y) {
    const int32_t sy = std::min(gdi32::stretch_source(y, ht, h.height), h.height - 1);
    for (int32_t x = 0; x < w; ++x) {
      const int32_t sx = std::min(gdi32::stretch_source(x, w, h.width), h.width - 1);
      dst.set_pixel(x, y, gdi32::convert_pixel(*src, dst, src->pixel(sx, sy)));
    }
  }
  return handle;
}

uint64_t load_bitmap(WindowsProcess& p, uint64_t module, uint64_t name, bool wide, int32_t width, int32_t height,
                     uint32_t flags) {
  if (flags & LR_LOADFROMFILE) {
    std::vector<uint8_t> file;
    if (!read_file(p, name, wide, file)) return 0;
    const uint64_t base = reinterpret_cast<uint64_t>(file.data());
    if (file.size() < 14 + 12 || get<uint16_t>(base) != 0x4d42) return fail(p, ERROR_INVALID_PARAMETER), 0;
    const uint32_t off_bits = get<uint32_t>(base + 10);
    const uint64_t info = base + 14;
    const uint64_t bits = off_bits ? base + off_bits : info + gdi32::dib_header_bytes(info, gdi32::DIB_RGB_COLORS);
    return bitmap_from_dib(p, info, bits, width, height, flags);
  }
  // (the OEM bitmaps of module 0 are not drawn here)
  if (!module) return fail(p, ERROR_RESOURCE_NAME_NOT_FOUND), 0;
  const uint64_t res = find_resource(p, module, RT_BITMAP, name, -1, wide);
  if (!res) return 0;
  const uint64_t info = resource_data(p, module, res, nullptr);
  return bitmap_from_dib(p, info, info + gdi32::dib_header_bytes(info, gdi32::DIB_RGB_COLORS), width, height, flags);
}

Ptr load_image(WindowsProcess& p, uint64_t module, uint64_t name, bool wide, uint32_t type, int32_t width,
               int32_t height, uint32_t flags) {
  switch (type) {
    case IMAGE_BITMAP:
      return load_bitmap(p, module, name, wide, width, height, flags);
    case IMAGE_ICON:
    case IMAGE_CURSOR: {
      const bool icon = type == IMAGE_ICON;
      if (flags & LR_LOADFROMFILE) return load_icon_file(p, name, wide, icon, width, height, flags);
      if (!module) {
        if (!width && !height && !(flags & LR_DEFAULTSIZE)) width = 32;
        return system_image(p, name, icon, width ? width : 32);
      }
      return load_icon_resource(p, module, name, wide, icon, width, height, flags);
    }
    default:
      return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  }
}
Ptr LoadImageW(WindowsProcess& p, Ptr module, Ptr name, uint32_t type, int32_t w, int32_t h, uint32_t flags) {
  return load_image(p, module.addr, name.addr, true, type, w, h, flags);
}
Ptr LoadImageA(WindowsProcess& p, Ptr module, Ptr name, uint32_t type, int32_t w, int32_t h, uint32_t flags) {
  return load_image(p, module.addr, name.addr, false, type, w, h, flags);
}
// LoadCursorFromFile: a cursor file (.cur) at the system's cursor size. (An animated cursor file,
// RIFF "ACON", is not read: the error LoadImage gives for a file that is no cursor.)
Ptr LoadCursorFromFileW(WindowsProcess& p, Ptr name) {
  return load_image(p, 0, name.addr, true, IMAGE_CURSOR, 0, 0, LR_LOADFROMFILE | LR_DEFAULTSIZE);
}
Ptr LoadCursorFromFileA(WindowsProcess& p, Ptr name) {
  return load_image(p, 0, name.addr, false, IMAGE_CURSOR, 0, 0, LR_LOADFROMFILE | LR_DEFAULTSIZE);
}
Ptr LoadCursorW(WindowsProcess& p, Ptr module, Ptr id) {
  return load_image(p, module.addr, id.addr, true, IMAGE_CURSOR, 0, 0, LR_SHARED | LR_DEFAULTSIZE);
}
Ptr LoadCursorA(WindowsProcess& p, Ptr module, Ptr id) {
  return load_image(p, module.addr, id.addr, false, IMAGE_CURSOR, 0, 0, LR_SHARED | LR_DEFAULTSIZE);
}
Ptr LoadIconW(WindowsProcess& p, Ptr module, Ptr id) {
  return load_image(p, module.addr, id.addr, true, IMAGE_ICON, 0, 0, LR_SHARED | LR_DEFAULTSIZE);
}
Ptr LoadIconA(WindowsProcess& p, Ptr module, Ptr id) {
  return load_image(p, module.addr, id.addr, false, IMAGE_ICON, 0, 0, LR_SHARED | LR_DEFAULTSIZE);
}
Ptr LoadBitmapW(WindowsProcess& p, Ptr module, Ptr name) { return load_bitmap(p, module.addr, name.addr, true, 0, 0, 0); }
Ptr LoadBitmapA(WindowsProcess& p, Ptr module, Ptr name) { return load_bitmap(p, module.addr, name.addr, false, 0, 0, 0); }

// ---- information, copies, destruction ----

BOOL GetIconInfo(WindowsProcess& p, Ptr handle, Ptr out) {
  CursorIcon* c = find_icon(handle.addr);
  if (!c) return fail(p, ERROR_INVALID_PARAMETER);
  if (!out) return fail(p, ERROR_NOACCESS);
  // The bitmaps are copies, the caller's to delete (device-dependent, as Windows gives them).
  const unsigned w = p.isa->ptr;
  put<uint32_t>(out.addr, c->is_icon ? 1 : 0);
  put<uint32_t>(out.addr + 4, static_cast<uint32_t>(c->hot_x));
  put<uint32_t>(out.addr + 8, static_cast<uint32_t>(c->hot_y));
  auto copy = [&](const std::shared_ptr<Surface>& s) -> uint64_t {
    if (!s) return 0;
    return gdi32::new_bitmap(p, scaled_like(*s, s->width(), s->height(), s->bpp() == 1));
  };
  p.put_ptr(out.addr + (w == 8 ? 16 : 12), copy(c->mask));
  p.put_ptr(out.addr + (w == 8 ? 24 : 16), copy(c->color));
  return TRUE;
}

Ptr CopyIcon(WindowsProcess& p, Ptr handle) {
  CursorIcon* c = find_icon(handle.addr);
  if (!c) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  auto copy = std::make_shared<CursorIcon>(*c);
  copy->shared = false;
  return add_icon(std::move(copy));
}

bool destroy_icon(WindowsProcess& p, uint64_t handle) {
  auto& icons = icon_table().icons;
  auto it = icons.find(static_cast<uint32_t>(handle));
  if (it == icons.end()) return fail(p, ERROR_INVALID_PARAMETER), false;
  if (!it->second->shared) icons.erase(it);  // (a shared one lives as long as the process)
  return true;
}
BOOL DestroyIcon(WindowsProcess& p, Ptr handle) { return destroy_icon(p, handle.addr); }
BOOL DestroyCursor(WindowsProcess& p, Ptr handle) { return destroy_icon(p, handle.addr); }

// CopyImage: a bitmap copied (stretched to the size asked; a DIB section with LR_CREATEDIBSECTION,
// of the source's format, else a device-dependent one), an icon or cursor with its pictures
// stretched and its hotspot kept. LR_COPYDELETEORG destroys the original.
Ptr CopyImage(WindowsProcess& p, Ptr handle, uint32_t type, int32_t width, int32_t height, uint32_t flags) {
  if (type == IMAGE_BITMAP) {
    auto* b = gdi32::gdi_table(p).find_as<gdi32::Bitmap>(handle.addr, gdi32::OBJ_BITMAP);
    if (!b) return fail(p, ERROR_INVALID_HANDLE), Ptr(0);
    const Surface& src = *b->surface;
    const int32_t w = width ? width : src.width(), h = height ? height : src.height();
    uint32_t made;
    if (flags & LR_CREATEDIBSECTION) {
      gdi32::DibHeader d;
      d.width = w, d.height = h;
      d.format = src.format();
      if (!b->dib_section && src.bpp() != 1) d.format = PixelFormat::rgb_default(src.bpp());
      made = gdi32::new_dib_section(p, d);
      if (!made) return fail(p, ERROR_NOT_ENOUGH_MEMORY), Ptr(0);
    } else {
      made = gdi32::new_bitmap(p, src.bpp() == 1 && (!b->dib_section || src.format().colors == PixelFormat::monochrome().colors)
                                      ? mono_surface(w, h) : color_surface(w, h));
    }
    auto& dst = *gdi32::gdi_table(p).find_as<gdi32::Bitmap>(made, gdi32::OBJ_BITMAP)->surface;
    stretch_rows(src, 0, src.height(), dst, 0, h);
    if (flags & LR_COPYDELETEORG) gdi32::gdi_table(p).remove(handle.addr);
    return made;
  }
  if (type != IMAGE_ICON && type != IMAGE_CURSOR) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  CursorIcon* c = find_icon(handle.addr);
  if (!c) return fail(p, ERROR_INVALID_CURSOR_HANDLE), Ptr(0);
  if (flags & LR_DEFAULTSIZE) {
    if (!width) width = 32;
    if (!height) height = 32;
  }
  const int32_t w = width ? width : c->width, h = height ? height : c->height;
  auto copy = std::make_shared<CursorIcon>(*c);
  copy->shared = false;
  copy->width = w, copy->height = h;
  if (w != c->width || h != c->height) {
    copy->mask = scaled_like(*c->mask, w, c->color ? h : 2 * h, true);
    if (c->color) {
      copy->color = scaled_like(*c->color, w, h, false);
      copy->alpha = alpha_of(copy->color.get());
    }
  }
  const uint32_t made = add_icon(std::move(copy));
  if (flags & LR_COPYDELETEORG) destroy_icon(p, handle.addr);
  return made;
}

// ---- drawing ----

// DrawIconEx: at (x, y) in the size asked (0: the picture's, or the system's with DI_DEFAULTSIZE),
// the mask with SRCAND and the image with SRCINVERT (either alone with SRCCOPY), black and white
// for the mask's bits whatever the DC's colours; a picture with alpha blended onto a DC of more
// than 8 bits; with a brush, drawn over the brush off the DC and then copied (flicker-free).
BOOL DrawIconEx(WindowsProcess& p, Ptr hdc, int32_t x0, int32_t y0, Ptr handle, int32_t width, int32_t height, uint32_t,
                Ptr brush, uint32_t flags) {
  CursorIcon* c = find_icon(handle.addr);
  if (!c) return fail(p, ERROR_INVALID_CURSOR_HANDLE);
  gdi32::DeviceContext* target = gdi32::find_dc(p, hdc.addr);
  if (!target) return fail(p, ERROR_INVALID_HANDLE);
  if (!width) width = flags & DI_DEFAULTSIZE ? system_metric(p, SM_CXICON) : c->width;
  if (!height) height = flags & DI_DEFAULTSIZE ? system_metric(p, SM_CYICON) : c->height;
  gdi32::DeviceContext* dc = target;
  uint32_t offscreen = 0;
  int32_t x = x0, y = y0;
  gdi32::Bitmap* held = target->type == gdi32::OBJ_MEMDC ? gdi32::dc_bitmap(p, *target) : nullptr;
  if (brush && gdi32::gdi_table(p).find_as<gdi32::Brush>(brush.addr, gdi32::OBJ_BRUSH)) {
    // A bitmap compatible with the DC, filled with the brush.
    PixelFormat f = gdi32::screen_format();
    if (held && held->dib_section) f = held->surface->format();
    else if (held && held->surface->bpp() == 1) f = PixelFormat::monochrome();
    offscreen = gdi32::new_bitmap(p, std::make_shared<Surface>(width, height, f));
    dc = &gdi32::new_dc(p, true);
    gdi32::select_object(p, *dc, offscreen);
    gdi32::fill_rect_with_brush(p, *dc, {0, 0, width, height}, static_cast<uint32_t>(brush.addr));
    x = y = 0;
  }
  const gdi32::ColorRef text = dc->s.text_color, back = dc->s.bk_color;
  dc->s.text_color = 0, dc->s.bk_color = 0xffffff;
  const gdi32::Rect whole{0, 0, c->width, c->height};
  bool done = false;
  if (c->alpha && (flags & DI_IMAGE)) {
    gdi32::Bitmap* b = dc->type == gdi32::OBJ_MEMDC ? gdi32::dc_bitmap(p, *dc) : nullptr;
    if (!b || b->surface->bpp() > 8)
      done = gdi32::alpha_blend_surface(p, *dc, x, y, width, height, *c->alpha, whole, 0x01ff0000);  // AC_SRC_ALPHA, 255
  }
  if (!done) {
    if (flags & DI_MASK)
      gdi32::stretch_surface(p, *dc, x, y, width, height, *c->mask, whole, flags & DI_IMAGE ? SRCAND : SRCCOPY);
    if (flags & DI_IMAGE) {
      const uint32_t rop = flags & DI_MASK ? SRCINVERT : SRCCOPY;
      if (c->color) gdi32::stretch_surface(p, *dc, x, y, width, height, *c->color, whole, rop);
      else gdi32::stretch_surface(p, *dc, x, y, width, height, *c->mask, whole.offset(0, c->height), rop);
    }
  }
  dc->s.text_color = text, dc->s.bk_color = back;
  if (offscreen) {
    Surface& s = *gdi32::gdi_table(p).find_as<gdi32::Bitmap>(offscreen, gdi32::OBJ_BITMAP)->surface;
    gdi32::stretch_surface(p, *target, x0, y0, width, height, s, s.rect(), SRCCOPY);
    gdi32::delete_dc(p, *dc);
    gdi32::gdi_table(p).remove(offscreen);
  }
  return TRUE;
}
BOOL DrawIcon(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, Ptr handle) {
  return DrawIconEx(p, hdc, x, y, handle, 0, 0, 0, Ptr(0), DI_MASK | DI_IMAGE | DI_DEFAULTSIZE);
}

}  // namespace

uint64_t system_cursor(WindowsProcess& p, uint32_t id) { return system_image(p, id, false, 32); }
uint64_t system_icon(WindowsProcess& p, uint32_t id) { return system_image(p, id, true, 32); }
bool draw_icon(WindowsProcess& p, uint64_t hdc, int32_t x, int32_t y, uint64_t icon, int32_t width, int32_t height) {
  return DrawIconEx(p, hdc, x, y, icon, width, height, 0, Ptr(0), DI_MASK | DI_IMAGE | (width ? 0u : DI_DEFAULTSIZE)) != 0;
}
uint64_t load_image_resource(WindowsProcess& p, uint64_t module, uint64_t name, bool wide, uint32_t type) {
  return load_image(p, module, name, wide, type, 0, 0, 0x8040 /* LR_SHARED | LR_DEFAULTSIZE */).addr;
}
uint64_t new_icon(WindowsProcess& p, const gdi32::Surface& color, const gdi32::Surface& mask) {
  return add_made(p, icon_from_surfaces(&color, mask, true, 0, 0));
}
bool icon_size(uint64_t icon, int32_t& width, int32_t& height) {
  CursorIcon* c = find_icon(icon);
  if (!c) return false;
  width = c->width, height = c->height;
  return true;
}

const std::vector<Export>& icon_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreateIconIndirect", CreateIconIndirect),
      EXPORT("CreateIcon", CreateIcon),
      EXPORT("CreateCursor", CreateCursor),
      EXPORT("CreateIconFromResource", CreateIconFromResource),
      EXPORT("CreateIconFromResourceEx", CreateIconFromResourceEx),
      EXPORT("LookupIconIdFromDirectory", LookupIconIdFromDirectory),
      EXPORT("LookupIconIdFromDirectoryEx", LookupIconIdFromDirectoryEx),
      EXPORT("GetIconInfo", GetIconInfo),
      EXPORT("CopyIcon", CopyIcon),
      EXPORT("CopyImage", CopyImage),
      EXPORT("DestroyIcon", DestroyIcon),
      EXPORT("DestroyCursor", DestroyCursor),
      EXPORT("LoadImageA", LoadImageA),
      EXPORT("LoadImageW", LoadImageW),
      EXPORT("LoadCursorFromFileW", LoadCursorFromFileW),
      EXPORT("LoadCursorFromFileA", LoadCursorFromFileA),
      EXPORT("LoadCursorA", LoadCursorA),
      EXPORT("LoadCursorW", LoadCursorW),
      EXPORT("LoadIconA", LoadIconA),
      EXPORT("LoadIconW", LoadIconW),
      EXPORT("LoadBitmapA", LoadBitmapA),
      EXPORT("LoadBitmapW", LoadBitmapW),
      EXPORT("DrawIcon", DrawIcon),
      EXPORT("DrawIconEx", DrawIconEx),
  };
  return e;
}

}  // namespace polyrun::shims::user32
