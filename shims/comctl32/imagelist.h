// Image lists inside COMCTL32 (imagelist*.cpp): what the files of the family share. A list keeps its
// images as Windows' does, in two bitmaps of four images a row (TILE_COUNT): the colour bitmap, of
// the depth ILC_COLOR* asks for, and a monochrome mask where a set bit is transparent; the
// program sees both through ImageList_GetImageInfo. The handle is the list's IImageList2 interface
// pointer (a guest block whose first pointer is the vtable), as HIMAGELIST is on Windows.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "shims/core/shim.h"
#include "shims/core/windows_process.h"
#include "shims/gdi32/surface.h"

namespace polyrun::shims::comctl32::imagelist {

using gdi32::ColorRef;
using gdi32::Surface;

enum : uint32_t {
  ILC_MASK = 0x1, ILC_COLOR = 0, ILC_COLORDDB = 0xfe, ILC_COLOR4 = 4, ILC_COLOR8 = 8, ILC_COLOR16 = 0x10,
  ILC_COLOR24 = 0x18, ILC_COLOR32 = 0x20, ILC_PALETTE = 0x800, ILC_MIRROR = 0x2000, ILC_PERITEMMIRROR = 0x8000,
};
enum : uint32_t {
  ILD_NORMAL = 0, ILD_TRANSPARENT = 0x1, ILD_BLEND25 = 0x2, ILD_BLEND50 = 0x4, ILD_MASK = 0x10, ILD_IMAGE = 0x20,
  ILD_ROP = 0x40, ILD_OVERLAYMASK = 0xf00, ILD_PRESERVEALPHA = 0x1000, ILD_SCALE = 0x2000, ILD_DPISCALE = 0x4000,
};
enum : uint32_t { ILS_NORMAL = 0, ILS_GLOW = 1, ILS_SHADOW = 2, ILS_SATURATE = 4, ILS_ALPHA = 8 };
enum : uint32_t { ILIF_ALPHA = 1 };
inline constexpr uint32_t CLR_NONE = 0xffffffffu, CLR_DEFAULT = 0xff000000u;
inline constexpr int kTile = 4;       // images in a row of the bitmaps
inline constexpr int kOverlays = 15;  // MAX_OVERLAYIMAGE

struct List {
  int32_t cx = 0, cy = 0;
  uint32_t flags = 0;
  int32_t count = 0, max = 0, initial = 0, grow = 4;
  int bpp = 32;  // the colour bitmap's depth
  ColorRef bk = CLR_NONE, fg = CLR_DEFAULT;
  std::array<int32_t, kOverlays> overlay;
  std::shared_ptr<Surface> color, mask;  // mask null without ILC_MASK
  uint32_t color_bitmap = 0, mask_bitmap = 0;  // GDI handles over the two surfaces
  std::vector<uint32_t> item_flags;
  bool color_table_set = false;
  uint32_t refs = 1;
  List() { overlay.fill(-1); }
};

// The lists and the lock every export takes (a program may use lists from several threads).
std::recursive_mutex& lock();
List* find(uint64_t handle);

// Whether ImageList_Create takes these sizes (0 only for ILC_COLORDDB); the flags as a list keeps
// them (ILC_COLOR is ILC_COLOR4) and the depth they ask for; a list given its size, flags, depth,
// grow step and bitmaps for `initial` images (false when the bitmaps cannot be made).
bool sizes_ok(int32_t cx, int32_t cy, uint32_t flags);
void set_flags(List& l, uint32_t flags);
bool configure(WindowsProcess& p, List& l, int32_t cx, int32_t cy, uint32_t flags, int32_t initial, int32_t grow);
// ImageList_Create's work: a new list (0 for bad sizes or no memory).
uint64_t create(WindowsProcess& p, int32_t cx, int32_t cy, uint32_t flags, int32_t initial, int32_t grow);
// The reference count's last Release: the list and its bitmaps gone.
void destroy(WindowsProcess& p, uint64_t handle);
// Where image `i` lies in the bitmaps.
inline int32_t tile_x(const List& l, int32_t i) { return (i % kTile) * l.cx; }
inline int32_t tile_y(const List& l, int32_t i) { return (i / kTile) * l.cy; }
// Room for `more` images beyond the current count (the bitmaps grown by the list's grow step);
// false, the list unchanged, when bitmaps that large cannot be made.
bool reserve(WindowsProcess& p, List& l, int32_t more);
// The bitmaps remade for `max` images, keeping the first `keep` (image size and depth as the
// list's); false, the list unchanged, when bitmaps that large cannot be made.
bool remake(WindowsProcess& p, List& l, int32_t max, int32_t keep);
// A new surface of the list's colour format, and a monochrome one, of the given size.
std::shared_ptr<Surface> color_surface(const List& l, int32_t w, int32_t h);
std::shared_ptr<Surface> mono_surface(int32_t w, int32_t h);
// Whether pixel (x, y) of a mask surface is transparent (set), and setting it.
bool mask_bit(const Surface& m, int32_t x, int32_t y);
void set_mask_bit(Surface& m, int32_t x, int32_t y, bool transparent);
// Image `i` of `src` copied to image `j` of `dst` (colour, mask, its flags).
void copy_image(const List& src, int32_t i, List& dst, int32_t j);
// Image `index` from a bitmap's surface at (sx, 0), with a mask surface (white transparent) or a
// transparent colour (CLR_NONE: none): the masked part of the colour made black, as Windows keeps it.
void put_image(List& l, int32_t index, const Surface& src, int32_t sx, const Surface* mask_src, ColorRef transparent);
// `n` images cut from a surface left to right appended (put_image's way): the first's index, -1
// when there is no room for them.
int32_t append_strip(WindowsProcess& p, List& l, const Surface& src, int32_t n, const Surface* mask_src,
                     ColorRef transparent);
// Image `index` from an icon or cursor handle (false when it is not one).
bool put_icon(WindowsProcess& p, List& l, int32_t index, uint64_t icon);
// ImageList_DrawIndirect's work with its parameters read.
struct DrawParams {
  uint64_t list = 0, hdc = 0;
  int32_t i = 0, x = 0, y = 0, cx = 0, cy = 0, x_bitmap = 0, y_bitmap = 0;
  ColorRef bk = CLR_DEFAULT, fg = CLR_DEFAULT;
  uint32_t style = 0, rop = 0, state = 0, frame = 0;
};
bool draw(WindowsProcess& p, const DrawParams& d);
// ImageList_GetIcon's work: a new icon of image `i` drawn with `style`.
uint64_t make_icon(WindowsProcess& p, uint64_t handle, int32_t i, uint32_t style);
// ImageList_Merge's work: a new list of one image, `i2` of the second over `i1` of the first at (dx, dy).
uint64_t merge(WindowsProcess& p, uint64_t h1, int32_t i1, uint64_t h2, int32_t i2, int32_t dx, int32_t dy);

// The COM side (imagelist_com.cpp): the IImageList2 vtable a new list's handle points to.
uint64_t vtable(WindowsProcess& p);

// Each file's exports.
const std::vector<Export>& core_exports();
const std::vector<Export>& draw_exports();
const std::vector<Export>& drag_exports();
const std::vector<Export>& stream_exports();
const std::vector<Export>& com_exports();

}  // namespace polyrun::shims::comctl32::imagelist
