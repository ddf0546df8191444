// OLE pictures (StdPicture) on polyrun's side: a bitmap, icon, metafile or enhanced metafile
// handle with its size in pixels and in HIMETRIC, the bytes it was loaded from, the DC it is
// selected into, and its IPropertyNotifySink connection point. The program's object is a guest
// block of four interface pointers: IPicture, IPictureDisp (IDispatch), IPersistStream and
// IConnectionPointContainer. picture.cpp has the object and its interfaces but the stream's,
// picture_stream.cpp the stream (IPersistStream, OleLoadPicture and its kin).
#pragma once

#include <cstdint>
#include <vector>

#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut::picture {

inline constexpr int16_t PICTYPE_UNINITIALIZED = -1, PICTYPE_NONE = 0, PICTYPE_BITMAP = 1, PICTYPE_METAFILE = 2,
                         PICTYPE_ICON = 3, PICTYPE_ENHMETAFILE = 4;
inline constexpr int32_t DISPID_PICT_HANDLE = 0, DISPID_PICT_HPAL = 2, DISPID_PICT_TYPE = 3,
                         DISPID_PICT_WIDTH = 4, DISPID_PICT_HEIGHT = 5, DISPID_PICT_RENDER = 6;
inline constexpr GuidBytes kClsidStdPicture =
    make_guid(0x0be35204, 0x8f91, 0x11ce, {0x9d, 0xe3, 0x00, 0xaa, 0x00, 0x4b, 0xb8, 0x51});
inline constexpr GuidBytes kIidIPicture =
                               make_guid(0x7bf80980, 0xbf32, 0x101a, {0x8b, 0xbb, 0x00, 0xaa, 0x00, 0x30, 0x0c, 0xab}),
                           kIidIPictureDisp =
                               make_guid(0x7bf80981, 0xbf32, 0x101a, {0x8b, 0xbb, 0x00, 0xaa, 0x00, 0x30, 0x0c, 0xab});
// The interfaces' places in the object.
inline constexpr unsigned kPictureIface = 0, kDispatchIface = 1, kPersistIface = 2, kContainerIface = 3;

struct Picture {
  uint32_t refs = 1;
  int16_t type = PICTYPE_UNINITIALIZED;
  uint64_t handle = 0, palette = 0;    // the bitmap, metafile, icon or enhanced metafile; a bitmap's palette
  int32_t wmf_x = 0, wmf_y = 0;        // a metafile's PICTDESC extents
  bool own = false;                    // its handle destroyed with it
  bool keep_original = true, dirty = false;
  int32_t width = 0, height = 0;       // pixels, of a bitmap or icon
  int32_t hm_width = 0, hm_height = 0; // HIMETRIC
  uint64_t dc = 0, stock_bitmap = 0;   // SelectPicture's DC and the bitmap it had before
  std::vector<uint8_t> data;           // what it was loaded from, or last saved as
  uint16_t format = 0;                 // their first two bytes ("BM" 0x4d42 …)
  uint64_t point = 0;                  // the IPropertyNotifySink connection point
};

// The picture whose object is at `base` (an access violation, as on Windows, when none is).
Picture& picture_at(uint64_t base);
// The object of the interface pointer `iface` at place `index`.
inline uint64_t base_of(WindowsProcess& p, uint64_t iface, unsigned index) { return iface - index * p.isa->ptr; }
// A new picture, uninitialized (PICTYPE_UNINITIALIZED), with one reference.
uint64_t new_picture(WindowsProcess& p);
uint32_t release_picture(WindowsProcess& p, uint64_t base);
int32_t query_picture(WindowsProcess& p, uint64_t base, uint64_t iid, uint64_t out);
// An icon's bitmaps (GetIconInfo's: the caller deletes them).
struct IconBitmaps {
  uint64_t mask = 0, color = 0;
};
bool icon_bitmaps(WindowsProcess& p, uint64_t icon, IconBitmaps& out);
// The pixel and HIMETRIC sizes of a picture's bitmap or icon.
void measure_bitmap(WindowsProcess& p, Picture& pic);
void measure_icon(WindowsProcess& p, Picture& pic);
// HIMETRIC of `pixels` at the screen's 96 pixels an inch (MulDiv's rounding).
int32_t himetric(int32_t pixels);
// IPropertyNotifySink::OnChanged of the picture's sinks.
void notify(WindowsProcess& p, uint64_t base, int32_t dispid);
// GDI32's function `name`; gdi_needed for those polyrun's GDI32 may lack yet (the metafiles'):
// there the program stops as at any call of a missing function.
uint64_t gdi(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args);
uint64_t gdi_needed(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args);
// OleCreatePictureIndirect, OleIconToCursor (picture.cpp).
const std::vector<Export>& picture_exports();

// picture_stream.cpp: IPersistStream's methods, IPicture::SaveAsFile, and the DLL's exports that
// load and save pictures.
const std::vector<Export>& persist_methods();
int32_t save_as_file(WindowsProcess& p, uint64_t base, uint64_t stream, bool save_copy, uint64_t size_out);
const std::vector<Export>& picture_stream_exports();

}  // namespace polyrun::shims::oleaut::picture
