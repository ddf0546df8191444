// Image lists: images of one size kept as a colour surface and a mask each (a set mask bit is
// transparent), added from bitmaps (with a mask bitmap, or a colour that is transparent) or icons,
// and drawn into a DC masked, or over the list's background colour. The handle is a block of guest
// memory of the list's own, so that every list has a distinct non-null pointer.
#include <algorithm>
#include <map>
#include <memory>

#include "shims/comctl32/views.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"

namespace polyrun::shims::comctl32 {

namespace imagelist_impl {

using gdi32::PixelFormat;
using gdi32::Surface;
using gdi32::Rect;

constexpr uint32_t ILC_MASK = 0x1, CLR_NONE = 0xffffffffu, CLR_DEFAULT = 0xff000000u;
constexpr uint32_t ILD_TRANSPARENT = 0x1, ILD_MASK = 0x10, ILD_IMAGE = 0x20;
constexpr uint32_t kSrcCopy = 0xcc0020, kSrcAnd = 0x8800c6, kSrcPaint = 0xee0086;

struct Image {
  std::shared_ptr<Surface> color, mask;
};
struct ImageList {
  int32_t cx = 0, cy = 0;
  uint32_t flags = 0;
  uint32_t bk = CLR_NONE;
  std::vector<Image> images;
};

std::map<uint64_t, ImageList>& lists() {
  static std::map<uint64_t, ImageList> m;
  return m;
}
ImageList* find_list(uint64_t h) {
  auto it = lists().find(h);
  return it == lists().end() ? nullptr : &it->second;
}

Image blank(const ImageList& l) {
  Image im;
  im.color = std::make_shared<Surface>(l.cx, l.cy, gdi32::screen_format());
  im.mask = std::make_shared<Surface>(l.cx, l.cy, PixelFormat::monochrome());
  return im;
}

// Bit value of a white pixel in a 1-bit surface (its colour table says which index is white).
uint32_t white_bit(const Surface& mono) { return mono.color_of(1) == 0xffffff ? 1u : 0u; }

// Images cut from a bitmap's surface, left to right; `transparent` a colour made transparent, or
// the mask bitmap's white pixels.
int32_t add_from(ImageList& l, const Surface& src, const Surface* mask_src, uint32_t transparent) {
  if (l.cx <= 0 || l.cy <= 0) return -1;
  const int32_t n = std::max(src.width() / l.cx, 1);
  const int32_t first = static_cast<int32_t>(l.images.size());
  for (int32_t k = 0; k < n; ++k) {
    Image im = blank(l);
    const uint32_t one = white_bit(*im.mask);
    for (int32_t y = 0; y < l.cy; ++y)
      for (int32_t x = 0; x < l.cx; ++x) {
        const int32_t sx = k * l.cx + x;
        if (sx >= src.width() || y >= src.height()) {
          im.mask->set_pixel(x, y, (l.flags & ILC_MASK) ? one : one ^ 1);
          continue;
        }
        const gdi32::ColorRef c = src.color_of(src.pixel(sx, y));
        bool clear = false;
        if (mask_src && sx < mask_src->width() && y < mask_src->height())
          clear = mask_src->color_of(mask_src->pixel(sx, y)) == 0xffffff;
        else if (transparent != CLR_NONE)
          clear = (c & 0xffffff) == (transparent & 0xffffff);
        if (!(l.flags & ILC_MASK)) clear = false;
        im.color->set_pixel(x, y, im.color->pixel_of(clear ? 0 : c));
        im.mask->set_pixel(x, y, clear ? one : one ^ 1);
      }
    l.images.push_back(std::move(im));
  }
  return first;
}

Surface* bitmap_surface(WindowsProcess& p, uint64_t hbm) {
  if (!hbm) return nullptr;
  auto* b = gdi32::gdi_table(p).find_as<gdi32::Bitmap>(hbm, gdi32::OBJ_BITMAP);
  return b && b->surface ? b->surface.get() : nullptr;
}

// An icon drawn over black and over white: the colour from the first, transparent where the two
// differ as black and white do.
Image from_icon(WindowsProcess& p, const ImageList& l, uint64_t icon, bool& ok) {
  Image im = blank(l);
  ok = false;
  std::shared_ptr<Surface> over[2];
  for (int k = 0; k < 2; ++k) {
    over[k] = std::make_shared<Surface>(l.cx, l.cy, gdi32::screen_format());
    const uint32_t fill = over[k]->pixel_of(k ? 0xffffff : 0);
    for (int32_t y = 0; y < l.cy; ++y)
      for (int32_t x = 0; x < l.cx; ++x) over[k]->set_pixel(x, y, fill);
    gdi32::DeviceContext& dc = gdi32::new_dc(p, true);
    dc.surface = over[k];
    const uint64_t h = dc.handle;
    ok = user32::draw_icon(p, h, 0, 0, icon, l.cx, l.cy);
    if (gdi32::DeviceContext* again = gdi32::find_dc(p, h)) gdi32::delete_dc(p, *again);
    if (!ok) return im;
  }
  const uint32_t one = white_bit(*im.mask);
  for (int32_t y = 0; y < l.cy; ++y)
    for (int32_t x = 0; x < l.cx; ++x) {
      const gdi32::ColorRef a = over[0]->color_of(over[0]->pixel(x, y)) & 0xffffff;
      const gdi32::ColorRef b = over[1]->color_of(over[1]->pixel(x, y)) & 0xffffff;
      const bool clear = a == 0 && b == 0xffffff;
      im.color->set_pixel(x, y, im.color->pixel_of(clear ? 0 : a));
      im.mask->set_pixel(x, y, clear ? one : one ^ 1);
    }
  return im;
}

// ---- exports ----
Ptr ImageList_Create(WindowsProcess& p, int32_t cx, int32_t cy, uint32_t flags, int32_t initial, int32_t grow) {
  (void)initial, (void)grow;
  if (cx < 0 || cy < 0) return Ptr();
  const uint64_t h = p.alloc_data(16);
  if (!h) return 0;
  ImageList& l = lists()[h];
  l.cx = cx, l.cy = cy, l.flags = flags;
  return Ptr(h);
}

int32_t ImageList_Destroy(WindowsProcess&, Ptr h) { return lists().erase(h.addr) ? 1 : 0; }

int32_t ImageList_GetImageCount(WindowsProcess&, Ptr h) {
  ImageList* l = find_list(h.addr);
  return l ? static_cast<int32_t>(l->images.size()) : 0;
}

int32_t ImageList_GetIconSize(WindowsProcess&, Ptr h, Ptr cx, Ptr cy) {
  ImageList* l = find_list(h.addr);
  if (!l || !cx || !cy) return 0;
  put<int32_t>(cx.addr, l->cx);
  put<int32_t>(cy.addr, l->cy);
  return 1;
}

int32_t ImageList_Add(WindowsProcess& p, Ptr h, Ptr image, Ptr mask) {
  ImageList* l = find_list(h.addr);
  Surface* src = bitmap_surface(p, image.addr);
  if (!l || !src) return -1;
  return add_from(*l, *src, bitmap_surface(p, mask.addr), CLR_NONE);
}

int32_t ImageList_AddMasked(WindowsProcess& p, Ptr h, Ptr image, uint32_t color) {
  ImageList* l = find_list(h.addr);
  Surface* src = bitmap_surface(p, image.addr);
  if (!l || !src) return -1;
  if (color == CLR_DEFAULT) color = src->color_of(src->pixel(0, 0));
  return add_from(*l, *src, nullptr, color);
}

int32_t ImageList_ReplaceIcon(WindowsProcess& p, Ptr hp, int32_t index, Ptr iconp) {
  const uint64_t h = hp.addr, icon = iconp.addr;
  ImageList* l = find_list(h);
  if (!l || index < -1 || index >= static_cast<int32_t>(l->images.size())) return -1;
  bool ok = false;
  Image im = from_icon(p, *l, icon, ok);
  if (!ok || !(l = find_list(h))) return -1;
  if (index == -1) {
    l->images.push_back(std::move(im));
    return static_cast<int32_t>(l->images.size()) - 1;
  }
  if (index >= static_cast<int32_t>(l->images.size())) return -1;
  l->images[static_cast<size_t>(index)] = std::move(im);
  return index;
}

uint32_t ImageList_SetBkColor(WindowsProcess&, Ptr h, uint32_t color) {
  ImageList* l = find_list(h.addr);
  if (!l) return CLR_NONE;
  const uint32_t old = l->bk;
  l->bk = color;
  return old;
}

uint32_t ImageList_GetBkColor(WindowsProcess&, Ptr h) {
  ImageList* l = find_list(h.addr);
  return l ? l->bk : CLR_NONE;
}

int32_t ImageList_DrawEx(WindowsProcess& p, Ptr hp, int32_t i, Ptr hdcp, int32_t x, int32_t y, int32_t dx,
                         int32_t dy, uint32_t bk, uint32_t fg, uint32_t style) {
  (void)fg;
  const uint64_t hdc = hdcp.addr;
  ImageList* l = find_list(hp.addr);
  gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!l || !dc || i < 0 || i >= static_cast<int32_t>(l->images.size())) return 0;
  const Image& im = l->images[static_cast<size_t>(i)];
  const int32_t w = dx > 0 ? std::min(dx, l->cx) : l->cx, hgt = dy > 0 ? std::min(dy, l->cy) : l->cy;
  const Rect part{0, 0, w, hgt};
  const gdi32::ColorRef old_text = dc->s.text_color, old_bk = dc->s.bk_color;
  dc->s.text_color = 0;
  dc->s.bk_color = 0xffffff;
  gdi32::dc_changed(*dc);
  if (style & ILD_MASK) {
    gdi32::stretch_surface(p, *dc, x, y, w, hgt, *im.mask, part, kSrcCopy);
  } else {
    if (bk == CLR_DEFAULT) bk = l->bk;
    const bool masked = (l->flags & ILC_MASK) && ((style & ILD_TRANSPARENT) || bk == CLR_NONE);
    if (masked) {
      gdi32::stretch_surface(p, *dc, x, y, w, hgt, *im.mask, part, kSrcAnd);
      gdi32::stretch_surface(p, *dc, x, y, w, hgt, *im.color, part, kSrcPaint);
    } else if ((l->flags & ILC_MASK) && bk != CLR_NONE && !(style & ILD_IMAGE)) {
      const gdi32::ColorRef keep = dc->s.bk_color;
      dc->s.bk_color = bk & 0xffffff;
      gdi32::dc_changed(*dc);
      Rect r{x, y, x + w, y + hgt};
      gdi32::ext_text_out(p, *dc, x, y, 2 /* ETO_OPAQUE */, &r, {}, nullptr, true);
      dc->s.bk_color = keep;
      gdi32::dc_changed(*dc);
      gdi32::stretch_surface(p, *dc, x, y, w, hgt, *im.mask, part, kSrcAnd);
      gdi32::stretch_surface(p, *dc, x, y, w, hgt, *im.color, part, kSrcPaint);
    } else {
      gdi32::stretch_surface(p, *dc, x, y, w, hgt, *im.color, part, kSrcCopy);
    }
  }
  if ((dc = gdi32::find_dc(p, hdc))) {
    dc->s.text_color = old_text, dc->s.bk_color = old_bk;
    gdi32::dc_changed(*dc);
  }
  return 1;
}

int32_t ImageList_Draw(WindowsProcess& p, Ptr h, int32_t i, Ptr hdc, int32_t x, int32_t y, uint32_t style) {
  return ImageList_DrawEx(p, h, i, hdc, x, y, 0, 0, CLR_DEFAULT, CLR_DEFAULT, style);
}

}  // namespace imagelist_impl

bool views::draw_list_image(WindowsProcess& p, uint64_t list, int32_t index, uint64_t hdc, int32_t x, int32_t y) {
  return imagelist_impl::ImageList_Draw(p, Ptr(list), index, Ptr(hdc), x, y, imagelist_impl::ILD_TRANSPARENT) != 0;
}

void views::destroy_image_list(uint64_t list) { imagelist_impl::lists().erase(list); }

bool views::list_image_size(uint64_t list, int32_t& cx, int32_t& cy) {
  imagelist_impl::ImageList* l = imagelist_impl::find_list(list);
  if (!l) return false;
  cx = l->cx, cy = l->cy;
  return true;
}

uint64_t views::new_image_list(WindowsProcess& p, int32_t cx, int32_t cy, uint32_t flags) {
  return imagelist_impl::ImageList_Create(p, cx, cy, flags, 4, 4).addr;
}

int32_t views::add_list_bitmap(WindowsProcess& p, uint64_t list, uint64_t hbm, uint32_t transparent) {
  imagelist_impl::ImageList* l = imagelist_impl::find_list(list);
  gdi32::Surface* src = imagelist_impl::bitmap_surface(p, hbm);
  if (!l || !src) return -1;
  return imagelist_impl::add_from(*l, *src, nullptr, transparent);
}

int32_t views::add_list_surface(uint64_t list, const gdi32::Surface& src, uint32_t transparent) {
  imagelist_impl::ImageList* l = imagelist_impl::find_list(list);
  return l ? imagelist_impl::add_from(*l, src, nullptr, transparent) : -1;
}

int32_t views::list_image_count(uint64_t list) {
  imagelist_impl::ImageList* l = imagelist_impl::find_list(list);
  return l ? static_cast<int32_t>(l->images.size()) : 0;
}

bool views::list_image_parts(uint64_t list, int32_t index, std::shared_ptr<gdi32::Surface>& color,
                             std::shared_ptr<gdi32::Surface>& mask) {
  imagelist_impl::ImageList* l = imagelist_impl::find_list(list);
  if (!l || index < 0 || index >= static_cast<int32_t>(l->images.size())) return false;
  color = l->images[static_cast<size_t>(index)].color, mask = l->images[static_cast<size_t>(index)].mask;
  return true;
}

const std::vector<Export>& imagelist_exports() {
  using namespace imagelist_impl;
  static const std::vector<Export> e = {
      EXPORT("ImageList_Create", ImageList_Create),
      EXPORT("ImageList_Destroy", ImageList_Destroy),
      EXPORT("ImageList_Add", ImageList_Add),
      EXPORT("ImageList_AddMasked", ImageList_AddMasked),
      EXPORT("ImageList_ReplaceIcon", ImageList_ReplaceIcon),
      EXPORT("ImageList_GetImageCount", ImageList_GetImageCount),
      EXPORT("ImageList_GetIconSize", ImageList_GetIconSize),
      EXPORT("ImageList_Draw", ImageList_Draw),
      EXPORT("ImageList_DrawEx", ImageList_DrawEx),
      EXPORT("ImageList_SetBkColor", ImageList_SetBkColor),
      EXPORT("ImageList_GetBkColor", ImageList_GetBkColor),
  };
  return e;
}

}  // namespace polyrun::shims::comctl32
