// Image lists: the lists themselves (imagelist.h says how they are kept), and the functions that add,
// replace, remove, copy and describe their images. Drawing is imagelist_draw.cpp's, dragging
// imagelist_drag.cpp's, streams imagelist_stream.cpp's, the IImageList interface imagelist_com.cpp's.
#include "shims/comctl32/imagelist.h"

#include <algorithm>

#include "shims/comctl32/views.h"
#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comctl32 {

namespace imagelist {

namespace {

std::map<uint64_t, List>& lists() {
  static std::map<uint64_t, List> m;
  return m;
}

gdi32::Bitmap* bitmap_of(WindowsProcess& p, uint64_t hbm) {
  return hbm ? gdi32::gdi_table(p).find_as<gdi32::Bitmap>(hbm, gdi32::OBJ_BITMAP) : nullptr;
}
Surface* bitmap_surface(WindowsProcess& p, uint64_t hbm) {
  gdi32::Bitmap* b = bitmap_of(p, hbm);
  return b && b->surface ? b->surface.get() : nullptr;
}

// The depth of the colour bitmap for ILC_COLOR* (ILC_COLOR itself is ILC_COLOR4; ILC_COLORDDB the screen's).
int depth_for(uint32_t flags) {
  const uint32_t ilc = flags & 0xfe;
  if (ilc == ILC_COLOR) return 4;
  if (ilc == ILC_COLOR4 || ilc == ILC_COLOR8 || ilc == ILC_COLOR16 || ilc == ILC_COLOR24 || ilc == ILC_COLOR32)
    return static_cast<int>(ilc);
  return gdi32::screen_format().bpp;
}

}  // namespace

std::recursive_mutex& lock() {
  static std::recursive_mutex m;
  return m;
}

List* find(uint64_t handle) {
  auto it = lists().find(handle);
  return it == lists().end() ? nullptr : &it->second;
}

std::shared_ptr<Surface> color_surface(const List& l, int32_t w, int32_t h) {
  gdi32::PixelFormat f = (l.flags & 0xfe) == ILC_COLORDDB ? gdi32::screen_format() : gdi32::PixelFormat::rgb_default(l.bpp);
  if (l.bpp <= 8) {
    if (l.color_table_set && l.color) {
      f.colors = l.color->format().colors;
    } else {
      f.colors = gdi32::default_color_table(l.bpp);
      if (l.bpp == 4) std::swap(f.colors[7], f.colors[8]);  // (the list's own order of the grays)
    }
  }
  return std::make_shared<Surface>(std::max(w, 1), std::max(h, 1), f);
}

std::shared_ptr<Surface> mono_surface(int32_t w, int32_t h) {
  return std::make_shared<Surface>(std::max(w, 1), std::max(h, 1), gdi32::PixelFormat::monochrome());
}

bool mask_bit(const Surface& m, int32_t x, int32_t y) { return m.color_of(m.pixel(x, y)) == 0xffffff; }
void set_mask_bit(Surface& m, int32_t x, int32_t y, bool transparent) {
  m.set_pixel(x, y, m.pixel_of(transparent ? 0xffffff : 0));
}

bool remake(WindowsProcess& p, List& l, int32_t max, int32_t keep) {
  max = std::max(max, 1);
  const int32_t rows = (max + kTile - 1) / kTile;
  // (bitmaps Windows could make: within 2 GB, and here within 256 MB each)
  const int64_t w = std::max<int64_t>(int64_t{l.cx} * kTile, 1), h = std::max<int64_t>(int64_t{l.cy} * rows, 1);
  if (!Surface::size_ok(w, h, 32) || w * h > (int64_t{1} << 26)) return false;
  auto color = color_surface(l, l.cx * kTile, l.cy * rows);
  std::shared_ptr<Surface> mask = (l.flags & ILC_MASK) ? mono_surface(l.cx * kTile, l.cy * rows) : nullptr;
  keep = std::min({keep, l.count, max});
  for (int32_t i = 0; i < keep && l.color; ++i)
    for (int32_t y = 0; y < l.cy; ++y)
      for (int32_t x = 0; x < l.cx; ++x) {
        const int32_t sx = tile_x(l, i) + x, sy = tile_y(l, i) + y;
        if (sx >= l.color->width() || sy >= l.color->height()) continue;
        const uint32_t v = l.color->pixel(sx, sy);
        color->set_pixel(sx, sy, gdi32::same_format(l.color->format(), color->format()) ? v
                                                                                        : color->pixel_of(l.color->color_of(v)));
        if (mask && l.mask) set_mask_bit(*mask, sx, sy, mask_bit(*l.mask, sx, sy));
      }
  l.color = color, l.mask = mask;
  l.max = max;
  l.item_flags.resize(static_cast<size_t>(max));
  // The program's handles of the bitmaps (GetImageInfo) stay; they show the new pixels.
  if (gdi32::Bitmap* b = bitmap_of(p, l.color_bitmap)) b->surface = color;
  else l.color_bitmap = gdi32::new_bitmap(p, color);
  if (mask) {
    if (gdi32::Bitmap* b = bitmap_of(p, l.mask_bitmap)) b->surface = mask;
    else l.mask_bitmap = gdi32::new_bitmap(p, mask);
  } else if (l.mask_bitmap) {
    gdi32::gdi_table(p).remove(l.mask_bitmap);
    l.mask_bitmap = 0;
  }
  return true;
}

bool reserve(WindowsProcess& p, List& l, int32_t more) {
  if (more < 0 || more > (1 << 24)) return false;
  return l.count + more < l.max || remake(p, l, l.max + std::max(more, l.grow) + 1, l.count);
}

bool sizes_ok(int32_t cx, int32_t cy, uint32_t flags) {
  return cx >= 0 && cy >= 0 && ((flags & ILC_COLORDDB) == ILC_COLORDDB || (cx != 0 && cy != 0));
}

void set_flags(List& l, uint32_t flags) {
  l.flags = (flags & 0xfe) == ILC_COLOR ? flags | ILC_COLOR4 : flags;
  l.bpp = depth_for(l.flags);
}

bool configure(WindowsProcess& p, List& l, int32_t cx, int32_t cy, uint32_t flags, int32_t initial, int32_t grow) {
  l.cx = cx, l.cy = cy;
  set_flags(l, flags);
  l.initial = std::max(initial, 0);
  l.grow = std::min((std::max(grow, 1) + 3) & ~3, 256);
  return remake(p, l, std::min(l.initial, 1 << 20) + 1, 0);
}

uint64_t create(WindowsProcess& p, int32_t cx, int32_t cy, uint32_t flags, int32_t initial, int32_t grow) {
  if (!sizes_ok(cx, cy, flags)) return 0;
  const uint64_t handle = p.heap.alloc(4ull * p.isa->ptr, true);
  if (!handle) return 0;
  p.put_ptr(handle, vtable(p));
  List& l = lists()[handle];
  if (!configure(p, l, cx, cy, flags, initial, grow)) {
    lists().erase(handle);
    p.heap.free(handle);
    return 0;
  }
  return handle;
}

void destroy(WindowsProcess& p, uint64_t handle) {
  List* l = find(handle);
  if (!l) return;
  if (l->color_bitmap) gdi32::gdi_table(p).remove(l->color_bitmap);
  if (l->mask_bitmap) gdi32::gdi_table(p).remove(l->mask_bitmap);
  lists().erase(handle);
  p.heap.free(handle);
}

void copy_image(const List& src, int32_t i, List& dst, int32_t j) {
  // (of a different size: stretched, as StretchBlt with COLORONCOLOR takes the nearest pixel)
  for (int32_t y = 0; y < dst.cy; ++y)
    for (int32_t x = 0; x < dst.cx; ++x) {
      const int32_t sx = tile_x(src, i) + gdi32::stretch_source(x, dst.cx, src.cx);
      const int32_t sy = tile_y(src, i) + gdi32::stretch_source(y, dst.cy, src.cy);
      const int32_t dx = tile_x(dst, j) + x, dy = tile_y(dst, j) + y;
      dst.color->set_pixel(dx, dy, dst.color->pixel_of(src.color->color_of(src.color->pixel(sx, sy))) |
                                       (dst.bpp == 32 && src.bpp == 32 ? src.color->pixel(sx, sy) & 0xff000000u : 0));
      if (dst.mask) set_mask_bit(*dst.mask, dx, dy, src.mask ? mask_bit(*src.mask, sx, sy) : false);
    }
  dst.item_flags[static_cast<size_t>(j)] = src.item_flags[static_cast<size_t>(i)];
}

void put_image(List& l, int32_t index, const Surface& src, int32_t sx0, const Surface* mask_src, ColorRef transparent) {
  // A 32-bit image with any alpha in a 32-bit list keeps its alpha (drawn blended).
  bool alpha = false;
  if (l.bpp == 32 && src.bpp() == 32)
    for (int32_t y = 0; y < std::min(l.cy, src.height()) && !alpha; ++y)
      for (int32_t x = 0; x < l.cx && sx0 + x < src.width() && !alpha; ++x) alpha = src.pixel(sx0 + x, y) >> 24;
  l.item_flags[static_cast<size_t>(index)] = alpha ? uint32_t{ILIF_ALPHA} : 0u;
  for (int32_t y = 0; y < l.cy; ++y)
    for (int32_t x = 0; x < l.cx; ++x) {
      const int32_t dx = tile_x(l, index) + x, dy = tile_y(l, index) + y, sx = sx0 + x;
      if (sx >= src.width() || y >= src.height()) {
        l.color->set_pixel(dx, dy, 0);
        if (l.mask) set_mask_bit(*l.mask, dx, dy, false);
        continue;
      }
      const uint32_t raw = src.pixel(sx, y);
      const ColorRef c = src.color_of(raw) & 0xffffff;
      bool clear = false;
      if (mask_src) clear = sx < mask_src->width() && y < mask_src->height() && mask_bit(*mask_src, sx, y);
      else if (transparent != CLR_NONE) clear = c == (transparent & 0xffffff);
      if (!l.mask) clear = false;
      uint32_t v = clear ? l.color->pixel_of(0) : l.color->pixel_of(c);
      if (alpha && !clear) v = (v & 0xffffffu) | (raw & 0xff000000u);
      l.color->set_pixel(dx, dy, v);
      if (l.mask) set_mask_bit(*l.mask, dx, dy, clear);
    }
}

int32_t append_strip(WindowsProcess& p, List& l, const Surface& src, int32_t n, const Surface* mask_src,
                     ColorRef transparent) {
  const int32_t first = l.count;
  if (!reserve(p, l, n)) return -1;
  for (int32_t k = 0; k < n; ++k) put_image(l, first + k, src, k * l.cx, mask_src, transparent);
  l.count += n;
  return first;
}

bool put_icon(WindowsProcess& p, List& l, int32_t index, uint64_t icon) {
  // The icon drawn over black and over white: its colour from the first, transparent where the
  // two differ as black and white do; drawn once more into a 32-bit surface for its alpha.
  int32_t w = 0, h = 0;
  if (!user32::icon_size(icon, w, h)) return false;
  std::shared_ptr<Surface> over[2];
  for (int k = 0; k < 2; ++k) {
    over[k] = std::make_shared<Surface>(l.cx, l.cy, gdi32::screen_format());
    const uint32_t fill = over[k]->pixel_of(k ? 0xffffff : 0);
    for (int32_t y = 0; y < l.cy; ++y)
      for (int32_t x = 0; x < l.cx; ++x) over[k]->set_pixel(x, y, fill);
    gdi32::DeviceContext& dc = gdi32::new_dc(p, true);
    dc.surface = over[k];
    const uint64_t hdc = dc.handle;
    const bool ok = user32::draw_icon(p, hdc, 0, 0, icon, l.cx, l.cy);
    if (gdi32::DeviceContext* again = gdi32::find_dc(p, hdc)) gdi32::delete_dc(p, *again);
    if (!ok) return false;
  }
  l.item_flags[static_cast<size_t>(index)] = 0;
  for (int32_t y = 0; y < l.cy; ++y)
    for (int32_t x = 0; x < l.cx; ++x) {
      const ColorRef a = over[0]->color_of(over[0]->pixel(x, y)) & 0xffffff;
      const ColorRef b = over[1]->color_of(over[1]->pixel(x, y)) & 0xffffff;
      const bool clear = a == 0 && b == 0xffffff && l.mask;
      const int32_t dx = tile_x(l, index) + x, dy = tile_y(l, index) + y;
      l.color->set_pixel(dx, dy, l.color->pixel_of(clear ? 0 : a));
      if (l.mask) set_mask_bit(*l.mask, dx, dy, clear);
    }
  return true;
}

namespace {

// ---- exports ----
using Lock = std::lock_guard<std::recursive_mutex>;

Ptr ImageList_Create(WindowsProcess& p, int32_t cx, int32_t cy, uint32_t flags, int32_t initial, int32_t grow) {
  Lock g(lock());
  return Ptr(create(p, cx, cy, flags, initial, grow));
}

BOOL ImageList_Destroy(WindowsProcess& p, Ptr h) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l) return 0;
  if (!--l->refs) destroy(p, h.addr);
  return 1;
}

int32_t ImageList_GetImageCount(WindowsProcess&, Ptr h) {
  Lock g(lock());
  List* l = find(h.addr);
  return l ? l->count : 0;
}

BOOL ImageList_SetImageCount(WindowsProcess& p, Ptr h, uint32_t count) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l) return 0;
  const int32_t n = static_cast<int32_t>(count);
  if (n < 0 || !remake(p, *l, n + 1, std::min(l->count, n))) return 0;
  l->count = n;
  return 1;
}

BOOL ImageList_GetIconSize(WindowsProcess&, Ptr h, Ptr cx, Ptr cy) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l || !cx || !cy) return 0;
  put<int32_t>(cx.addr, l->cx);
  put<int32_t>(cy.addr, l->cy);
  return 1;
}

BOOL ImageList_SetIconSize(WindowsProcess& p, Ptr h, int32_t cx, int32_t cy) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l || cx < 0 || cy < 0) return 0;
  const int32_t old_cx = l->cx, old_cy = l->cy;
  l->cx = cx, l->cy = cy;
  if (!remake(p, *l, l->initial + 1, 0)) {
    l->cx = old_cx, l->cy = old_cy;
    return 0;
  }
  l->count = 0;
  l->overlay.fill(-1);
  return 1;
}

int32_t ImageList_Add(WindowsProcess& p, Ptr h, Ptr image, Ptr mask) {
  Lock g(lock());
  List* l = find(h.addr);
  Surface* src = bitmap_surface(p, image.addr);
  if (!l || !src || l->cx <= 0) return -1;
  return append_strip(p, *l, *src, src->width() / l->cx, bitmap_surface(p, mask.addr), CLR_NONE);
}

int32_t ImageList_AddMasked(WindowsProcess& p, Ptr h, Ptr image, uint32_t color) {
  Lock g(lock());
  List* l = find(h.addr);
  Surface* src = bitmap_surface(p, image.addr);
  if (!l || !src || l->cx <= 0) return -1;
  if (color == CLR_DEFAULT) color = src->color_of(src->pixel(0, 0));
  const int32_t first = append_strip(p, *l, *src, src->width() / l->cx, nullptr, l->mask ? color : CLR_NONE);
  if (first < 0) return -1;
  // As Windows does, the program's bitmap (of more than 8 bits) is left black where it was the
  // transparent colour.
  if (src->bpp() > 8) {
    const uint32_t black = src->pixel_of(0);
    for (int32_t y = 0; y < src->height(); ++y)
      for (int32_t x = 0; x < src->width(); ++x)
        if ((src->color_of(src->pixel(x, y)) & 0xffffff) == (color & 0xffffff)) src->set_pixel(x, y, black);
    src->touch(src->rect());
  }
  return first;
}

int32_t ImageList_ReplaceIcon(WindowsProcess& p, Ptr h, int32_t index, Ptr icon) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l || index < -1 || index >= l->count) return -1;
  int32_t w = 0, hgt = 0;
  if (!user32::icon_size(icon.addr, w, hgt)) return -1;
  const bool append = index == -1;
  if (append) {
    if (!reserve(p, *l, 1)) return -1;
    index = l->count;
  }
  if (!put_icon(p, *l, index, icon.addr)) return -1;
  if (append) ++l->count;
  return index;
}

int32_t ImageList_AddIcon(WindowsProcess& p, Ptr h, Ptr icon) { return ImageList_ReplaceIcon(p, h, -1, icon); }

BOOL ImageList_Replace(WindowsProcess& p, Ptr h, int32_t i, Ptr image, Ptr mask) {
  Lock g(lock());
  List* l = find(h.addr);
  Surface* src = bitmap_surface(p, image.addr);
  if (!l || !src || i < 0 || i >= l->count) return 0;
  // The whole bitmap (and mask) stretched to the image's size; the colour black where masked.
  Surface* mask_src = bitmap_surface(p, mask.addr);
  const int32_t x0 = tile_x(*l, i), y0 = tile_y(*l, i);
  for (int32_t y = 0; y < l->cy; ++y)
    for (int32_t x = 0; x < l->cx; ++x) {
      const int32_t sx = gdi32::stretch_source(x, l->cx, src->width()), sy = gdi32::stretch_source(y, l->cy, src->height());
      bool clear = false;
      if (l->mask && mask_src) {
        // (the mask's part of the image bitmap's size, as Windows stretches it)
        clear = sx < mask_src->width() && sy < mask_src->height() && mask_bit(*mask_src, sx, sy);
        set_mask_bit(*l->mask, x0 + x, y0 + y, clear);
      } else if (l->mask) {
        clear = mask_bit(*l->mask, x0 + x, y0 + y);
      }
      l->color->set_pixel(x0 + x, y0 + y, l->color->pixel_of(clear ? 0 : src->color_of(src->pixel(sx, sy))));
    }
  l->item_flags[static_cast<size_t>(i)] = 0;
  return 1;
}

BOOL ImageList_Remove(WindowsProcess& p, Ptr h, int32_t i) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l || i < -1 || i >= l->count) return 0;
  if (i == -1) {
    if (!l->count) return 1;
    if (!remake(p, *l, l->grow, 0)) return 0;
    l->count = 0;
    l->overlay.fill(-1);
    std::fill(l->item_flags.begin(), l->item_flags.end(), 0);
    return 1;
  }
  for (int32_t k = i; k + 1 < l->count; ++k) copy_image(*l, k + 1, *l, k);
  --l->count;
  return 1;
}

BOOL ImageList_Copy(WindowsProcess&, Ptr dst, int32_t i_dst, Ptr src, int32_t i_src, uint32_t flags) {
  constexpr uint32_t ILCF_SWAP = 1;
  Lock g(lock());
  List* d = find(dst.addr);
  List* s = find(src.addr);
  if (!d || !s || i_dst < 0 || i_dst >= d->count || i_src < 0 || i_src >= s->count) return 0;
  if (flags & ILCF_SWAP) {
    // The destination's image kept aside at the source's size, then put where the source's was.
    List keep = *s;
    keep.color = color_surface(*s, s->cx * kTile, s->cy);
    keep.mask = mono_surface(s->cx * kTile, s->cy);
    keep.item_flags.assign(kTile, 0);
    copy_image(*d, i_dst, keep, 0);
    copy_image(*s, i_src, *d, i_dst);
    copy_image(keep, 0, *s, i_src);
  } else {
    copy_image(*s, i_src, *d, i_dst);
  }
  return 1;
}

Ptr ImageList_Duplicate(WindowsProcess& p, Ptr h) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l) return Ptr();
  const List from = *l;
  const uint64_t copy = create(p, from.cx, from.cy, from.flags, from.initial, from.grow);
  List* c = find(copy);
  if (!c) return Ptr();
  if (!remake(p, *c, std::max(from.count + 1, from.max), 0)) {
    destroy(p, copy);
    return Ptr();
  }
  for (int32_t i = 0; i < from.count; ++i) copy_image(from, i, *c, i);
  c->count = from.count, c->bk = from.bk, c->fg = from.fg, c->overlay = from.overlay;
  return Ptr(copy);
}

uint32_t ImageList_SetBkColor(WindowsProcess&, Ptr h, uint32_t color) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l) return CLR_NONE;
  const uint32_t old = l->bk;
  l->bk = color;
  return old;
}

uint32_t ImageList_GetBkColor(WindowsProcess&, Ptr h) {
  Lock g(lock());
  List* l = find(h.addr);
  return l ? l->bk : CLR_NONE;
}

uint32_t ImageList_GetFlags(WindowsProcess&, Ptr h) {
  Lock g(lock());
  List* l = find(h.addr);
  return l ? l->flags : 0;
}

// ImageList_SetFlags: the list's ILC_* flags; a new colour depth or mask converts the images kept.
BOOL ImageList_SetFlags(WindowsProcess& p, Ptr h, uint32_t flags) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l) return 0;
  const uint32_t old_flags = l->flags;
  const int old_bpp = l->bpp;
  set_flags(*l, flags);
  if (!remake(p, *l, l->max, l->count)) {
    l->flags = old_flags, l->bpp = old_bpp;
    return 0;
  }
  return 1;
}

// ImageList_SetFilter: Microsoft documents it as not implemented (FALSE).
BOOL ImageList_SetFilter(WindowsProcess&, Ptr, int32_t, uint32_t) { return 0; }

BOOL ImageList_SetOverlayImage(WindowsProcess&, Ptr h, int32_t image, int32_t overlay) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l || overlay < 1 || overlay > kOverlays) return 0;
  if (image != -1 && (image < 0 || image > l->count)) return 0;
  l->overlay[static_cast<size_t>(overlay - 1)] = image;
  return 1;
}

void put_rect(uint64_t at, const List& l, int32_t i) {
  put<int32_t>(at, tile_x(l, i));
  put<int32_t>(at + 4, tile_y(l, i));
  put<int32_t>(at + 8, tile_x(l, i) + l.cx);
  put<int32_t>(at + 12, tile_y(l, i) + l.cy);
}

BOOL ImageList_GetImageRect(WindowsProcess&, Ptr h, int32_t i, Ptr rect) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l || !rect || i < 0 || i >= l->count) return 0;
  put_rect(rect.addr, *l, i);
  return 1;
}

// IMAGEINFO: hbmImage, hbmMask (handles), Unused1, Unused2, rcImage.
BOOL ImageList_GetImageInfo(WindowsProcess& p, Ptr h, int32_t i, Ptr info) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l || !info || i < 0 || i >= l->count) return 0;
  const unsigned ptr = p.isa->ptr;
  p.put_ptr(info.addr, l->color_bitmap);
  p.put_ptr(info.addr + ptr, l->mask_bitmap);
  put_rect(info.addr + 2 * ptr + 8, *l, i);
  return 1;
}

uint32_t ImageList_SetColorTable(WindowsProcess&, Ptr h, uint32_t start, uint32_t n, Ptr colors) {
  Lock g(lock());
  List* l = find(h.addr);
  if (!l || !colors) return 0;
  l->color_table_set = true;
  auto& table = l->color->format().colors;
  uint32_t set = 0;
  for (; set < n && start + set < table.size(); ++set) {
    table[start + set] = get<gdi32::RgbQuad>(colors.addr + 4 * set);
    table[start + set].reserved = 0;
  }
  return set;
}

// ImageList_LoadImage: a list of images cut from a bitmap resource (or file: LR_LOADFROMFILE) `cx`
// wide, `mask` transparent (CLR_NONE: no mask); an icon or cursor makes a list of one.
Ptr load_image(WindowsProcess& p, uint64_t module, uint64_t name, bool wide, int32_t cx, int32_t grow, uint32_t mask,
               uint32_t type, uint32_t flags) {
  constexpr uint32_t IMAGE_BITMAP = 0, IMAGE_ICON = 1, IMAGE_CURSOR = 2;
  const uint64_t image = p.call_export("user32.dll", wide ? "LoadImageW" : "LoadImageA",
                                       {module, name, type, 0, 0, flags | 0x2000 /* LR_CREATEDIBSECTION */});
  if (!image) return Ptr();
  Lock g(lock());
  uint64_t list = 0;
  if (type == IMAGE_BITMAP) {
    Surface* s = bitmap_surface(p, image);
    if (s) {
      if (!cx) cx = s->height();
      const uint32_t ilc = s->bpp() <= 8 ? (s->bpp() <= 4 ? ILC_COLOR4 : ILC_COLOR8) : static_cast<uint32_t>(s->bpp());
      list = create(p, cx, s->height(), ilc | (mask != CLR_NONE ? uint32_t{ILC_MASK} : 0u), std::max(s->width() / std::max(cx, 1), 1), grow);
      if (List* l = find(list))
        append_strip(p, *l, *s, s->width() / std::max(cx, 1), nullptr,
                     mask == CLR_DEFAULT ? s->color_of(s->pixel(0, 0)) : mask);
    }
    p.call_export("gdi32.dll", "DeleteObject", {image});
  } else if (type == IMAGE_ICON || type == IMAGE_CURSOR) {
    int32_t w = 0, h = 0;
    if (user32::icon_size(image, w, h)) {
      list = create(p, w, h, ILC_MASK | ILC_COLOR32, 1, grow);
      if (List* l = find(list))
        if (reserve(p, *l, 1) && put_icon(p, *l, 0, image)) l->count = 1;
    }
    p.call_export("user32.dll", type == IMAGE_ICON ? "DestroyIcon" : "DestroyCursor", {image});
  }
  return Ptr(list);
}
Ptr ImageList_LoadImageW(WindowsProcess& p, Ptr module, Ptr name, int32_t cx, int32_t grow, uint32_t mask, uint32_t type,
                         uint32_t flags) {
  return load_image(p, module.addr, name.addr, true, cx, grow, mask, type, flags);
}
Ptr ImageList_LoadImageA(WindowsProcess& p, Ptr module, Ptr name, int32_t cx, int32_t grow, uint32_t mask, uint32_t type,
                         uint32_t flags) {
  return load_image(p, module.addr, name.addr, false, cx, grow, mask, type, flags);
}

}  // namespace

const std::vector<Export>& core_exports() {
  static const std::vector<Export> e = {
      EXPORT("ImageList_Create", ImageList_Create),
      EXPORT("ImageList_Destroy", ImageList_Destroy),
      EXPORT("ImageList_Add", ImageList_Add),
      EXPORT("ImageList_AddMasked", ImageList_AddMasked),
      EXPORT("ImageList_AddIcon", ImageList_AddIcon),
      EXPORT("ImageList_ReplaceIcon", ImageList_ReplaceIcon),
      EXPORT("ImageList_Replace", ImageList_Replace),
      EXPORT("ImageList_Remove", ImageList_Remove),
      EXPORT("ImageList_Copy", ImageList_Copy),
      EXPORT("ImageList_Duplicate", ImageList_Duplicate),
      EXPORT("ImageList_GetImageCount", ImageList_GetImageCount),
      EXPORT("ImageList_SetImageCount", ImageList_SetImageCount),
      EXPORT("ImageList_GetIconSize", ImageList_GetIconSize),
      EXPORT("ImageList_SetIconSize", ImageList_SetIconSize),
      EXPORT("ImageList_SetBkColor", ImageList_SetBkColor),
      EXPORT("ImageList_GetBkColor", ImageList_GetBkColor),
      EXPORT("ImageList_GetFlags", ImageList_GetFlags),
      EXPORT("ImageList_SetFlags", ImageList_SetFlags),
      EXPORT("ImageList_SetFilter", ImageList_SetFilter),
      EXPORT("ImageList_SetOverlayImage", ImageList_SetOverlayImage),
      EXPORT("ImageList_GetImageRect", ImageList_GetImageRect),
      EXPORT("ImageList_GetImageInfo", ImageList_GetImageInfo),
      EXPORT("ImageList_SetColorTable", ImageList_SetColorTable),
      EXPORT("ImageList_LoadImageW", ImageList_LoadImageW),
      EXPORT("ImageList_LoadImageA", ImageList_LoadImageA),
      EXPORT("ImageList_LoadImage", ImageList_LoadImageA),
  };
  return e;
}

}  // namespace imagelist

// ---- what the other controls use ----

bool views::draw_list_image(WindowsProcess& p, uint64_t list, int32_t index, uint64_t hdc, int32_t x, int32_t y) {
  imagelist::DrawParams d;
  d.list = list, d.i = index, d.hdc = hdc, d.x = x, d.y = y, d.style = imagelist::ILD_TRANSPARENT;
  return imagelist::draw(p, d);
}

void views::destroy_image_list(WindowsProcess& p, uint64_t list) {
  std::lock_guard<std::recursive_mutex> g(imagelist::lock());
  imagelist::destroy(p, list);
}

bool views::list_image_size(uint64_t list, int32_t& cx, int32_t& cy) {
  std::lock_guard<std::recursive_mutex> g(imagelist::lock());
  imagelist::List* l = imagelist::find(list);
  if (!l) return false;
  cx = l->cx, cy = l->cy;
  return true;
}

uint64_t views::new_image_list(WindowsProcess& p, int32_t cx, int32_t cy, uint32_t flags) {
  std::lock_guard<std::recursive_mutex> g(imagelist::lock());
  return imagelist::create(p, cx, cy, flags, 4, 4);
}

int32_t views::add_list_surface(WindowsProcess& p, uint64_t list, const gdi32::Surface& src, uint32_t transparent) {
  std::lock_guard<std::recursive_mutex> g(imagelist::lock());
  imagelist::List* l = imagelist::find(list);
  if (!l || l->cx <= 0) return -1;
  return imagelist::append_strip(p, *l, src, std::max(src.width() / l->cx, 1), nullptr, transparent);
}

int32_t views::add_list_bitmap(WindowsProcess& p, uint64_t list, uint64_t hbm, uint32_t transparent) {
  gdi32::Surface* src = imagelist::bitmap_surface(p, hbm);
  return src ? add_list_surface(p, list, *src, transparent) : -1;
}

int32_t views::list_image_count(uint64_t list) {
  std::lock_guard<std::recursive_mutex> g(imagelist::lock());
  imagelist::List* l = imagelist::find(list);
  return l ? l->count : 0;
}

bool views::list_image_parts(uint64_t list, int32_t index, std::shared_ptr<gdi32::Surface>& color,
                             std::shared_ptr<gdi32::Surface>& mask) {
  std::lock_guard<std::recursive_mutex> g(imagelist::lock());
  imagelist::List* l = imagelist::find(list);
  if (!l || index < 0 || index >= l->count) return false;
  color = std::make_shared<gdi32::Surface>(l->cx, l->cy, l->color->format());
  mask = imagelist::mono_surface(l->cx, l->cy);
  for (int32_t y = 0; y < l->cy; ++y)
    for (int32_t x = 0; x < l->cx; ++x) {
      const int32_t sx = imagelist::tile_x(*l, index) + x, sy = imagelist::tile_y(*l, index) + y;
      color->set_pixel(x, y, l->color->pixel(sx, sy));
      imagelist::set_mask_bit(*mask, x, y, l->mask && imagelist::mask_bit(*l->mask, sx, sy));
    }
  return true;
}

const std::vector<Export>& imagelist_exports() {
  static const std::vector<Export> e = [] {
    std::vector<Export> all;
    for (const auto* part : {&imagelist::core_exports(), &imagelist::draw_exports(), &imagelist::drag_exports(),
                             &imagelist::stream_exports(), &imagelist::com_exports()})
      all.insert(all.end(), part->begin(), part->end());
    return all;
  }();
  return e;
}

}  // namespace polyrun::shims::comctl32
