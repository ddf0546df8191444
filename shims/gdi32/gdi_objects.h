// GDI32's objects and their handles: pens, brushes, fonts, bitmaps, regions, palettes and device
// contexts, in one table per process (as the window manager is, used under the execution lock).
// A handle is 32 bits as on Windows (its object's type in bits 16..22, so that a handle names
// its kind) and 64-bit programs' handles are compared by those 32 bits. Stock objects are never
// deleted; an object selected into a DC is deleted once it is deselected.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shims/core/windows_process.h"
#include "shims/gdi32/geometry.h"
#include "shims/gdi32/surface.h"

namespace polyrun::shims::gdi32 {

class Region;

// GetObjectType's values.
enum ObjectType : uint32_t {
  OBJ_PEN = 1, OBJ_BRUSH = 2, OBJ_DC = 3, OBJ_METADC = 4, OBJ_PAL = 5, OBJ_FONT = 6, OBJ_BITMAP = 7,
  OBJ_REGION = 8, OBJ_METAFILE = 9, OBJ_MEMDC = 10, OBJ_EXTPEN = 11, OBJ_ENHMETADC = 12, OBJ_ENHMETAFILE = 13,
};

// GetStockObject's numbers; DEFAULT_BITMAP is the 1x1 monochrome bitmap a new memory DC holds.
enum StockObject : int {
  WHITE_BRUSH = 0, LTGRAY_BRUSH = 1, GRAY_BRUSH = 2, DKGRAY_BRUSH = 3, BLACK_BRUSH = 4, NULL_BRUSH = 5,
  WHITE_PEN = 6, BLACK_PEN = 7, NULL_PEN = 8, OEM_FIXED_FONT = 10, ANSI_FIXED_FONT = 11, ANSI_VAR_FONT = 12,
  SYSTEM_FONT = 13, DEVICE_DEFAULT_FONT = 14, DEFAULT_PALETTE = 15, SYSTEM_FIXED_FONT = 16, DEFAULT_GUI_FONT = 17,
  DC_BRUSH = 18, DC_PEN = 19, DEFAULT_BITMAP = 20, STOCK_COUNT = 21,
};

enum : uint32_t {
  PS_SOLID = 0, PS_DASH = 1, PS_DOT = 2, PS_DASHDOT = 3, PS_DASHDOTDOT = 4, PS_NULL = 5, PS_INSIDEFRAME = 6,
  PS_USERSTYLE = 7, PS_ALTERNATE = 8, PS_STYLE_MASK = 0xf, PS_ENDCAP_MASK = 0xf00, PS_JOIN_MASK = 0xf000,
  PS_TYPE_MASK = 0xf0000, PS_GEOMETRIC = 0x10000,
  BS_SOLID = 0, BS_NULL = 1, BS_HATCHED = 2, BS_PATTERN = 3, BS_DIBPATTERN = 5, BS_DIBPATTERNPT = 6,
  BS_PATTERN8X8 = 7, BS_DIBPATTERN8X8 = 8,
  TRANSPARENT = 1, OPAQUE = 2, R2_COPYPEN = 13, ALTERNATE = 1, WINDING = 2, MM_TEXT = 1,
  GM_COMPATIBLE = 1, GM_ADVANCED = 2, AD_COUNTERCLOCKWISE = 1, AD_CLOCKWISE = 2, CLR_INVALID = 0xffffffff,
};

struct GdiObject {
  explicit GdiObject(uint32_t t) : type(t) {}
  virtual ~GdiObject() = default;
  uint32_t type;
  uint32_t handle = 0;
  bool stock = false;
  int selected = 0;             // how many DCs hold it
  bool delete_pending = false;  // DeleteObject while selected: gone once no DC holds it
};

struct Pen : GdiObject {
  Pen() : GdiObject(OBJ_PEN) {}
  uint32_t style = PS_SOLID;  // with ExtCreatePen's type, end cap and join bits
  int32_t width = 1;
  ColorRef color = 0;
  uint32_t brush_style = BS_SOLID;  // ExtCreatePen's brush (OBJ_EXTPEN)
  uint64_t hatch = 0;
  std::vector<uint32_t> user_style;  // PS_USERSTYLE's dashes and gaps
};

struct Brush : GdiObject {
  Brush() : GdiObject(OBJ_BRUSH) {}
  uint32_t style = BS_SOLID;
  ColorRef color = 0;
  uint64_t hatch = 0;                 // HS_* for BS_HATCHED; the bitmap or packed DIB for patterns
  std::shared_ptr<Surface> pattern;   // BS_PATTERN, BS_DIBPATTERN*: the pattern's pixels (a copy)
  bool dc_brush = false;              // DC_BRUSH: the DC's brush colour
};

// LOGFONTW with the face name as UTF-16.
struct LogFont {
  int32_t height = 0, width = 0, escapement = 0, orientation = 0, weight = 0;
  uint8_t italic = 0, underline = 0, strike_out = 0, char_set = 0, out_precision = 0, clip_precision = 0,
          quality = 0, pitch_and_family = 0;
  std::u16string face;
};

struct Font : GdiObject {
  Font() : GdiObject(OBJ_FONT) {}
  LogFont log;
};

struct Bitmap : GdiObject {
  Bitmap() : GdiObject(OBJ_BITMAP) {}
  std::shared_ptr<Surface> surface;
  // A DIB section's: its bits in guest memory (owned unless from a file mapping), its header.
  bool dib_section = false;
  uint64_t bits = 0, bits_size = 0, section = 0;
  uint32_t offset = 0;
  bool owns_bits = false;
  bool top_down = false;
  uint32_t compression = 0;  // BI_RGB 0, BI_BITFIELDS 3
  int32_t dimension_x = 0, dimension_y = 0;  // SetBitmapDimensionEx
};

struct RegionObject : GdiObject {
  RegionObject();
  ~RegionObject() override;
  std::unique_ptr<Region> region;
};

struct PaletteEntry {
  uint8_t red = 0, green = 0, blue = 0, flags = 0;
};
struct Palette : GdiObject {
  Palette() : GdiObject(OBJ_PAL) {}
  std::vector<PaletteEntry> entries;
};

// XFORM: x' = x * m11 + y * m21 + dx, y' = x * m12 + y * m22 + dy.
struct Xform {
  float m11 = 1, m12 = 0, m21 = 0, m22 = 1, dx = 0, dy = 0;
};

// What SaveDC keeps and RestoreDC brings back.
struct DcState {
  uint32_t pen = 0, brush = 0, font = 0, bitmap = 0, palette = 0;
  ColorRef text_color = 0, bk_color = 0xffffff, dc_brush_color = 0xffffff, dc_pen_color = 0;
  int32_t bk_mode = OPAQUE, rop2 = R2_COPYPEN, poly_fill_mode = ALTERNATE, stretch_mode = 1, rel_abs = 1;
  uint32_t text_align = 0, layout = 0;
  int32_t map_mode = MM_TEXT, graphics_mode = GM_COMPATIBLE, arc_direction = AD_COUNTERCLOCKWISE;
  Point window_org, viewport_org, window_ext{1, 1}, viewport_ext{1, 1};
  Xform world;
  Point brush_org, position;
  int32_t char_extra = 0, break_extra = 0, break_count = 0;
  float miter_limit = 10.0f;
  std::shared_ptr<Region> clip;  // SelectClipRgn's, in device units; null: none
};

struct DcPath;  // BeginPath's path (gdi32/paths.h)

struct DeviceContext : GdiObject {
  explicit DeviceContext(bool memory) : GdiObject(memory ? OBJ_MEMDC : OBJ_DC) {}
  DcState s;
  std::vector<DcState> saved;
  // Where it draws: a memory DC its bitmap's surface, a window's DC its top-level window's surface
  // (USER32 keeps these current: refresh), the screen's DC the desktop's.
  std::shared_ptr<Surface> surface;
  Point origin;                      // device (0, 0) on the surface
  std::shared_ptr<Region> visible;   // what of the surface it may touch (surface units); null: all of it
  uint64_t hwnd = 0;                 // a window's DC: the window
  std::function<void(DeviceContext&)> refresh;  // brings surface, origin and visible up to date
  uint64_t dc_flags = 0;             // USER32's own (DCX_* of GetDCEx)
  std::shared_ptr<Region> drawing_clip;  // all of the above with the clip region (gdi32.h: drawing_clip)
  bool clip_current = false;
  std::shared_ptr<DcPath> path;          // BeginPath's, open or ended; null: none
  uint64_t abort_proc = 0;               // SetAbortProc's (print_jobs.cpp)
};

class GdiTable {
 public:
  // Adds an object and gives its handle.
  uint32_t add(std::unique_ptr<GdiObject> object);
  GdiObject* find(uint64_t handle) const;
  template <typename T>
  T* find_as(uint64_t handle, uint32_t type) const {
    GdiObject* o = find(handle);
    return o && o->type == type ? static_cast<T*>(o) : nullptr;
  }
  // Removes it (not a stock object; one selected is removed once deselected). False: no such object.
  bool remove(uint64_t handle);
  uint32_t stock(int index) const { return index >= 0 && index < STOCK_COUNT ? stock_[index] : 0; }
  void set_stock(int index, uint32_t handle) { stock_[index] = handle; }
  size_t count() const { return objects_.size(); }

 private:
  std::map<uint32_t, std::unique_ptr<GdiObject>> objects_;
  uint32_t next_ = 0x20;
  std::array<uint32_t, STOCK_COUNT> stock_{};
};

// The process's table, its stock objects made on first use.
GdiTable& gdi_table(WindowsProcess& p);
inline DeviceContext* find_dc(WindowsProcess& p, uint64_t h) {
  GdiObject* o = gdi_table(p).find(h);
  return o && (o->type == OBJ_DC || o->type == OBJ_MEMDC) ? static_cast<DeviceContext*>(o) : nullptr;
}
// find_dc, with ERROR_INVALID_HANDLE as the last error when `h` is no DC.
inline DeviceContext* dc_or_fail(WindowsProcess& p, uint64_t h) {
  DeviceContext* dc = find_dc(p, h);
  if (!dc) p.set_last_error(6 /* ERROR_INVALID_HANDLE */);
  return dc;
}
// The DC's objects of the moment.
Pen& dc_pen(WindowsProcess& p, DeviceContext& dc);
Brush& dc_brush(WindowsProcess& p, DeviceContext& dc);
Font& dc_font(WindowsProcess& p, DeviceContext& dc);
Bitmap* dc_bitmap(WindowsProcess& p, DeviceContext& dc);
// Selects `handle` (a pen, brush, font, bitmap or palette) into the DC; the previous one's handle, or 0.
uint32_t select_object(WindowsProcess& p, DeviceContext& dc, uint64_t handle);
// A memory or window DC: USER32's GetDC makes window DCs through this.
DeviceContext& new_dc(WindowsProcess& p, bool memory);
// Lets the DC go (DeleteDC, ReleaseDC): its objects are deselected.
void delete_dc(WindowsProcess& p, DeviceContext& dc);
// The 32-bit surface format of the screen and its compatible bitmaps.
PixelFormat screen_format();

}  // namespace polyrun::shims::gdi32
