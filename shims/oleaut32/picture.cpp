// OLE pictures (picture.h): OleCreatePictureIndirect and the object's IPicture (its handle,
// palette, type, HIMETRIC size, Render, SelectPicture, attributes), IPictureDisp (the properties
// and Render through IDispatch::Invoke, its type from stdole2.tlb) and IConnectionPointContainer
// (IPropertyNotifySink's point, told of PictureChanged and set_hPal).
#include "shims/oleaut32/picture.h"

#include <cstdio>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/oleaut32/connection_point.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/type_library.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::oleaut::picture {

namespace {

constexpr int32_t CTL_E_INVALIDPROPERTYVALUE = static_cast<int32_t>(0x800a017c),
                  DISP_E_UNKNOWNNAME = static_cast<int32_t>(0x80020006),
                  DISP_E_PARAMNOTOPTIONAL = static_cast<int32_t>(0x8002000f),
                  DISP_E_BADPARAMCOUNT = static_cast<int32_t>(0x8002000e);
constexpr uint32_t PICTURE_SCALABLE = 1, PICTURE_TRANSPARENT = 2;
constexpr uint32_t SRCCOPY = 0x00cc0020, SRCAND = 0x008800c6, SRCPAINT = 0x00ee0086;
constexpr uint16_t DISPATCH_METHOD = 1, DISPATCH_PROPERTYGET = 2, DISPATCH_PROPERTYPUT = 4;
constexpr GuidBytes kIidIPersist = make_guid(0x0000010c, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                    kIidIPersistStream = make_guid(0x00000109, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});

std::map<uint64_t, Picture>& pictures() {
  static std::map<uint64_t, Picture> m;
  return m;
}

uint64_t user(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("user32.dll", name, args);
}

void destroy(WindowsProcess& p, const Picture& pic) {
  if (!pic.own || !pic.handle) return;
  switch (pic.type) {
    case PICTYPE_BITMAP: gdi(p, "DeleteObject", {pic.handle}); break;
    case PICTYPE_METAFILE: gdi(p, "DeleteMetaFile", {pic.handle}); break;
    case PICTYPE_ICON: user(p, "DestroyIcon", {pic.handle}); break;
    case PICTYPE_ENHMETAFILE: gdi(p, "DeleteEnhMetaFile", {pic.handle}); break;
    default: break;
  }
}

// ---- IPicture ----

Picture& pic_of(WindowsProcess& p, Ptr self, unsigned index = kPictureIface) {
  return picture_at(base_of(p, self.addr, index));
}
int32_t QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) { return query_picture(p, self.addr, iid.addr, out.addr); }
uint32_t AddRef(WindowsProcess& p, Ptr self) { return ++pic_of(p, self).refs; }
uint32_t Release(WindowsProcess& p, Ptr self) { return release_picture(p, self.addr); }

int32_t get_Handle(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  const Picture& pic = pic_of(p, self);
  put<uint32_t>(out.addr, pic.type == PICTYPE_NONE || pic.type == PICTYPE_UNINITIALIZED ? 0 : static_cast<uint32_t>(pic.handle));
  return S_OK;
}
int32_t get_hPal(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  const Picture& pic = pic_of(p, self);
  if (pic.type != PICTYPE_BITMAP) return E_FAIL;
  put<uint32_t>(out.addr, static_cast<uint32_t>(pic.palette));
  return S_OK;
}
int32_t get_Type(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  put<int16_t>(out.addr, pic_of(p, self).type);
  return S_OK;
}
int32_t get_Width(WindowsProcess& p, Ptr self, Ptr out) {
  put<int32_t>(out.addr, pic_of(p, self).hm_width);
  return S_OK;
}
int32_t get_Height(WindowsProcess& p, Ptr self, Ptr out) {
  put<int32_t>(out.addr, pic_of(p, self).hm_height);
  return S_OK;
}

// The part of a bitmap (and its mask) that the HIMETRIC source rectangle covers, stretched onto
// the destination: HIMETRIC's y axis goes up from the picture's bottom, so (ySrc = height, cySrc =
// -height) is the picture upright. A mask is ANDed and the image ORed over it; a monochrome icon's
// mask holds its image in its lower half.
void blit_masked(WindowsProcess& p, const Picture& pic, uint64_t hdc, int32_t x, int32_t y, int32_t cx, int32_t cy,
                 int32_t xs, int32_t ys, int32_t cxs, int32_t cys, uint64_t mask, uint64_t image) {
  auto mul_div = [](int64_t a, int64_t b, int64_t c) -> int32_t {
    if (!c) return 0;
    const int64_t n = a * b;
    return static_cast<int32_t>((n + (n >= 0 ? c / 2 : -c / 2)) / c);
  };
  const int32_t sx = mul_div(xs, pic.width, pic.hm_width), sy = pic.height - mul_div(ys, pic.height, pic.hm_height);
  const int32_t sw = mul_div(cxs, pic.width, pic.hm_width), sh = -mul_div(cys, pic.height, pic.hm_height);
  const uint64_t mem = gdi(p, "CreateCompatibleDC", {0});
  if (mask) {
    gdi(p, "SetBkColor", {hdc, 0xffffff});
    gdi(p, "SetTextColor", {hdc, 0});
    gdi(p, "SelectObject", {mem, mask});
    gdi(p, "StretchBlt", {hdc, static_cast<uint32_t>(x), static_cast<uint32_t>(y), static_cast<uint32_t>(cx),
                          static_cast<uint32_t>(cy), mem, static_cast<uint32_t>(sx), static_cast<uint32_t>(sy),
                          static_cast<uint32_t>(sw), static_cast<uint32_t>(sh), SRCAND});
    const int32_t image_y = image ? sy : sy + pic.height;
    if (image) gdi(p, "SelectObject", {mem, image});
    gdi(p, "StretchBlt", {hdc, static_cast<uint32_t>(x), static_cast<uint32_t>(y), static_cast<uint32_t>(cx),
                          static_cast<uint32_t>(cy), mem, static_cast<uint32_t>(sx), static_cast<uint32_t>(image_y),
                          static_cast<uint32_t>(sw), static_cast<uint32_t>(sh), SRCPAINT});
  } else {
    gdi(p, "SelectObject", {mem, image});
    gdi(p, "StretchBlt", {hdc, static_cast<uint32_t>(x), static_cast<uint32_t>(y), static_cast<uint32_t>(cx),
                          static_cast<uint32_t>(cy), mem, static_cast<uint32_t>(sx), static_cast<uint32_t>(sy),
                          static_cast<uint32_t>(sw), static_cast<uint32_t>(sh), SRCCOPY});
  }
  gdi(p, "DeleteDC", {mem});
}

int32_t render(WindowsProcess& p, const Picture& pic, uint64_t hdc, int32_t x, int32_t y, int32_t cx, int32_t cy,
               int32_t xs, int32_t ys, int32_t cxs, int32_t cys) {
  if (cx == 0 || cy == 0 || cxs == 0 || cys == 0) return CTL_E_INVALIDPROPERTYVALUE;
  switch (pic.type) {
    case PICTYPE_UNINITIALIZED:
    case PICTYPE_NONE: return S_OK;
    case PICTYPE_BITMAP: blit_masked(p, pic, hdc, x, y, cx, cy, xs, ys, cxs, cys, 0, pic.handle); return S_OK;
    case PICTYPE_ICON: {
      IconBitmaps b;
      if (!icon_bitmaps(p, pic.handle, b)) return E_FAIL;
      blit_masked(p, pic, hdc, x, y, cx, cy, xs, ys, cxs, cys, b.mask, b.color);
      gdi(p, "DeleteObject", {b.mask});
      if (b.color) gdi(p, "DeleteObject", {b.color});
      return S_OK;
    }
    case PICTYPE_METAFILE: {
      // The metafile's HIMETRIC source rectangle (y up) mapped onto the destination rectangle.
      const uint32_t old_mode = static_cast<uint32_t>(gdi(p, "SetMapMode", {hdc, 8}));  // MM_ANISOTROPIC
      const ole32::Scratch saved(p, 32);
      gdi(p, "SetWindowOrgEx", {hdc, static_cast<uint32_t>(xs), static_cast<uint32_t>(pic.hm_height - ys), saved.addr});
      gdi(p, "SetWindowExtEx", {hdc, static_cast<uint32_t>(cxs), static_cast<uint32_t>(-cys), saved.addr + 8});
      gdi(p, "SetViewportOrgEx", {hdc, static_cast<uint32_t>(x), static_cast<uint32_t>(y), saved.addr + 16});
      gdi(p, "SetViewportExtEx", {hdc, static_cast<uint32_t>(cx), static_cast<uint32_t>(cy), saved.addr + 24});
      gdi_needed(p, "PlayMetaFile", {hdc, pic.handle});
      gdi(p, "SetWindowExtEx", {hdc, get<uint32_t>(saved.addr + 8), get<uint32_t>(saved.addr + 12), 0});
      gdi(p, "SetWindowOrgEx", {hdc, get<uint32_t>(saved.addr), get<uint32_t>(saved.addr + 4), 0});
      gdi(p, "SetViewportExtEx", {hdc, get<uint32_t>(saved.addr + 24), get<uint32_t>(saved.addr + 28), 0});
      gdi(p, "SetViewportOrgEx", {hdc, get<uint32_t>(saved.addr + 16), get<uint32_t>(saved.addr + 20), 0});
      gdi(p, "SetMapMode", {hdc, old_mode});
      return S_OK;
    }
    case PICTYPE_ENHMETAFILE: {
      const ole32::Scratch rect(p, 16);
      put<int32_t>(rect.addr, x);
      put<int32_t>(rect.addr + 4, y);
      put<int32_t>(rect.addr + 8, x + cx);
      put<int32_t>(rect.addr + 12, y + cy);
      gdi_needed(p, "PlayEnhMetaFile", {hdc, pic.handle, rect.addr});
      return S_OK;
    }
    default: return E_NOTIMPL;
  }
}
int32_t Render(WindowsProcess& p, Ptr self, Ptr hdc, int32_t x, int32_t y, int32_t cx, int32_t cy, int32_t xs,
               int32_t ys, int32_t cxs, int32_t cys, Ptr) {
  return render(p, pic_of(p, self), hdc.addr, x, y, cx, cy, xs, ys, cxs, cys);
}
int32_t set_hPal(WindowsProcess& p, Ptr self, uint32_t palette) {
  Picture& pic = pic_of(p, self);
  if (pic.type != PICTYPE_BITMAP) return E_FAIL;
  pic.palette = palette;
  notify(p, base_of(p, self.addr, kPictureIface), DISPID_PICT_HPAL);
  return S_OK;
}
int32_t get_CurDC(WindowsProcess& p, Ptr self, Ptr out) {
  if (out) p.put_ptr(out.addr, pic_of(p, self).dc);
  return S_OK;
}
// SelectPicture(dc, &old_dc, &bitmap): the bitmap into the DC, the DC it was in given back its
// own bitmap.
int32_t SelectPicture(WindowsProcess& p, Ptr self, Ptr dc, Ptr old_dc, Ptr bitmap) {
  Picture& pic = pic_of(p, self);
  if (pic.type != PICTYPE_BITMAP) return E_FAIL;
  if (old_dc) p.put_ptr(old_dc.addr, pic.dc);
  if (pic.dc) gdi(p, "SelectObject", {pic.dc, pic.stock_bitmap});
  if (dc) gdi(p, "SelectObject", {dc.addr, pic.handle});
  pic.dc = dc.addr;
  if (bitmap) put<uint32_t>(bitmap.addr, static_cast<uint32_t>(pic.handle));
  return S_OK;
}
int32_t get_KeepOriginalFormat(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  put<int32_t>(out.addr, pic_of(p, self).keep_original ? 1 : 0);
  return S_OK;
}
int32_t put_KeepOriginalFormat(WindowsProcess& p, Ptr self, int32_t keep) {
  pic_of(p, self).keep_original = keep != 0;
  return S_OK;
}
int32_t PictureChanged(WindowsProcess& p, Ptr self) {
  notify(p, base_of(p, self.addr, kPictureIface), DISPID_PICT_HANDLE);
  pic_of(p, self).dirty = true;
  return S_OK;
}
int32_t SaveAsFile(WindowsProcess& p, Ptr self, Ptr stream, int32_t copy, Ptr size) {
  return save_as_file(p, base_of(p, self.addr, kPictureIface), stream.addr, copy != 0, size.addr);
}
int32_t get_Attributes(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  uint32_t a = 0;
  switch (pic_of(p, self).type) {
    case PICTYPE_ICON: a = PICTURE_TRANSPARENT; break;
    case PICTYPE_METAFILE:
    case PICTYPE_ENHMETAFILE: a = PICTURE_TRANSPARENT | PICTURE_SCALABLE; break;
    default: break;
  }
  put<uint32_t>(out.addr, a);
  return S_OK;
}
const std::vector<Export>& picture_methods() {
  static const std::vector<Export> m = {
      EXPORT("IPicture::QueryInterface", QueryInterface),
      EXPORT("IPicture::AddRef", AddRef),
      EXPORT("IPicture::Release", Release),
      EXPORT("IPicture::get_Handle", get_Handle),
      EXPORT("IPicture::get_hPal", get_hPal),
      EXPORT("IPicture::get_Type", get_Type),
      EXPORT("IPicture::get_Width", get_Width),
      EXPORT("IPicture::get_Height", get_Height),
      EXPORT("IPicture::Render", Render),
      EXPORT("IPicture::set_hPal", set_hPal),
      EXPORT("IPicture::get_CurDC", get_CurDC),
      EXPORT("IPicture::SelectPicture", SelectPicture),
      EXPORT("IPicture::get_KeepOriginalFormat", get_KeepOriginalFormat),
      EXPORT("IPicture::put_KeepOriginalFormat", put_KeepOriginalFormat),
      EXPORT("IPicture::PictureChanged", PictureChanged),
      EXPORT("IPicture::SaveAsFile", SaveAsFile),
      EXPORT("IPicture::get_Attributes", get_Attributes),
  };
  return m;
}

// ---- IPictureDisp ----

int32_t Disp_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  return query_picture(p, base_of(p, self.addr, kDispatchIface), iid.addr, out.addr);
}
uint32_t Disp_AddRef(WindowsProcess& p, Ptr self) { return ++pic_of(p, self, kDispatchIface).refs; }
uint32_t Disp_Release(WindowsProcess& p, Ptr self) {
  return release_picture(p, base_of(p, self.addr, kDispatchIface));
}
int32_t Disp_GetTypeInfoCount(WindowsProcess&, Ptr, Ptr count) {
  put<uint32_t>(count.addr, 1);
  return S_OK;
}
int32_t Disp_GetTypeInfo(WindowsProcess& p, Ptr, uint32_t index, uint32_t, Ptr out) {
  return tlb::stdole_get_type_info(p, kIidIPictureDisp, index, out.addr);
}
int32_t Disp_GetIDsOfNames(WindowsProcess& p, Ptr, Ptr, Ptr names, uint32_t count, uint32_t, Ptr ids) {
  return tlb::stdole_ids_of_names(p, kIidIPictureDisp, names.addr, count, ids.addr);
}
// Invoke: the properties Handle, hPal (also put), Type, Width and Height, and Render's ten I4 arguments.
int32_t Disp_Invoke(WindowsProcess& p, Ptr self, int32_t id, Ptr iid, uint32_t lcid, uint16_t flags, Ptr params,
                    Ptr result, Ptr, Ptr) {
  if (!guid_is(iid.addr, GuidBytes{})) return DISP_E_UNKNOWNNAME;
  if (!params) return DISP_E_PARAMNOTOPTIONAL;
  const unsigned ptr = p.isa->ptr;
  const uint64_t args = p.get_ptr(params.addr);
  const uint32_t count = get<uint32_t>(params.addr + 2 * ptr);
  if (flags & DISPATCH_PROPERTYGET) {
    if (count != 0) return DISP_E_BADPARAMCOUNT;
    if (!result) return DISP_E_PARAMNOTOPTIONAL;
  } else if ((flags & DISPATCH_PROPERTYPUT) && count != 1) {
    return DISP_E_BADPARAMCOUNT;
  }
  const Ptr me(base_of(p, self.addr, kDispatchIface));
  const uint64_t value = result.addr + 8;
  auto property = [&](uint16_t vt, int32_t (*getter)(WindowsProcess&, Ptr, Ptr)) {
    put<uint16_t>(result.addr, vt);
    return getter(p, me, Ptr(value));
  };
  switch (id) {
    case DISPID_PICT_HANDLE:
      if (flags & DISPATCH_PROPERTYGET) return property(VT_I4, get_Handle);
      break;
    case DISPID_PICT_HPAL:
      if (flags & DISPATCH_PROPERTYGET) return property(VT_I4, get_hPal);
      if (flags & DISPATCH_PROPERTYPUT) {
        const ole32::Scratch v(p, variant_size(p));
        const int32_t hr = change_type(p, v.addr, args, lcid, 0, VT_I4);
        if (hr < 0) return hr;
        return set_hPal(p, me, get<uint32_t>(v.addr + 8));
      }
      break;
    case DISPID_PICT_TYPE:
      if (flags & DISPATCH_PROPERTYGET) return property(VT_I2, get_Type);
      break;
    case DISPID_PICT_WIDTH:
      if (flags & DISPATCH_PROPERTYGET) return property(VT_I4, get_Width);
      break;
    case DISPID_PICT_HEIGHT:
      if (flags & DISPATCH_PROPERTYGET) return property(VT_I4, get_Height);
      break;
    case DISPID_PICT_RENDER:
      if (flags & DISPATCH_METHOD) {
        if (count != 10) return DISP_E_BADPARAMCOUNT;
        const uint64_t vsize = variant_size(p);
        int32_t v[10];
        for (uint32_t k = 0; k < 10; ++k) {
          if (get<uint16_t>(args + k * vsize) != VT_I4) return DISP_E_TYPEMISMATCH;
          v[k] = get<int32_t>(args + k * vsize + 8);
        }
        // (in reverse: the DC last of the array; the bounds rectangle, first, is not used)
        return render(p, picture_at(me.addr), static_cast<uint32_t>(v[9]), v[8], v[7], v[6], v[5], v[4], v[3], v[2],
                      v[1]);
      }
      break;
    default: break;
  }
  return DISP_E_MEMBERNOTFOUND;
}
const std::vector<Export>& dispatch_methods() {
  static const std::vector<Export> m = {
      EXPORT("IPictureDisp::QueryInterface", Disp_QueryInterface),
      EXPORT("IPictureDisp::AddRef", Disp_AddRef),
      EXPORT("IPictureDisp::Release", Disp_Release),
      EXPORT("IPictureDisp::GetTypeInfoCount", Disp_GetTypeInfoCount),
      EXPORT("IPictureDisp::GetTypeInfo", Disp_GetTypeInfo),
      EXPORT("IPictureDisp::GetIDsOfNames", Disp_GetIDsOfNames),
      EXPORT("IPictureDisp::Invoke", Disp_Invoke),
  };
  return m;
}

// ---- IConnectionPointContainer ----

int32_t Cpc_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  return query_picture(p, base_of(p, self.addr, kContainerIface), iid.addr, out.addr);
}
uint32_t Cpc_AddRef(WindowsProcess& p, Ptr self) { return ++pic_of(p, self, kContainerIface).refs; }
uint32_t Cpc_Release(WindowsProcess& p, Ptr self) {
  return release_picture(p, base_of(p, self.addr, kContainerIface));
}
int32_t Cpc_EnumConnectionPoints(WindowsProcess& p, Ptr self, Ptr out) {
  return enum_connection_points(p, {pic_of(p, self, kContainerIface).point}, out.addr);
}
int32_t Cpc_FindConnectionPoint(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!guid_is(iid.addr, kIidIPropertyNotifySink)) return CONNECT_E_NOCONNECTION;
  uint64_t point = 0;
  const int32_t hr = query_interface(p, pic_of(p, self, kContainerIface).point, kIidIConnectionPoint, point);
  p.put_ptr(out.addr, point);
  return hr;
}
const std::vector<Export>& container_methods() {
  static const std::vector<Export> m = {
      EXPORT("IConnectionPointContainer::QueryInterface", Cpc_QueryInterface),
      EXPORT("IConnectionPointContainer::AddRef", Cpc_AddRef),
      EXPORT("IConnectionPointContainer::Release", Cpc_Release),
      EXPORT("IConnectionPointContainer::EnumConnectionPoints", Cpc_EnumConnectionPoints),
      EXPORT("IConnectionPointContainer::FindConnectionPoint", Cpc_FindConnectionPoint),
  };
  return m;
}

// OleCreatePictureIndirect(desc, iid, own, &object): PICTDESC { cbSizeofstruct, picType, then
// the handles: bitmap and palette, metafile and its extents, icon, enhanced metafile }; no
// description, an uninitialized picture (for IPersistStream::Load).
int32_t OleCreatePictureIndirect(WindowsProcess& p, Ptr desc, Ptr iid, int32_t own, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  const uint64_t base = new_picture(p);
  if (!base) return E_OUTOFMEMORY;
  Picture& pic = picture_at(base);
  pic.own = own != 0;
  if (desc) {
    const unsigned ptr = p.isa->ptr;
    const int32_t type = get<int32_t>(desc.addr + 4);
    const uint64_t handle = p.get_ptr(desc.addr + 8);
    switch (type) {
      case PICTYPE_BITMAP:
        pic.type = PICTYPE_BITMAP;
        pic.handle = handle;
        pic.palette = p.get_ptr(desc.addr + 8 + ptr);
        measure_bitmap(p, pic);
        break;
      case PICTYPE_METAFILE:
        pic.type = PICTYPE_METAFILE;
        pic.handle = handle;
        pic.hm_width = pic.wmf_x = get<int32_t>(desc.addr + 8 + ptr);
        pic.hm_height = pic.wmf_y = get<int32_t>(desc.addr + 12 + ptr);
        break;
      case PICTYPE_NONE: pic.type = PICTYPE_NONE; break;
      case PICTYPE_ICON:
        pic.type = PICTYPE_ICON;
        pic.handle = handle;
        measure_icon(p, pic);
        break;
      case PICTYPE_ENHMETAFILE: {
        pic.type = PICTYPE_ENHMETAFILE;
        pic.handle = handle;
        // Its size: the header's frame, in HIMETRIC (ENHMETAHEADER's rclFrame after iType, nSize, rclBounds).
        const ole32::Scratch header(p, 108);
        gdi_needed(p, "GetEnhMetaFileHeader", {handle, 108, header.addr});
        pic.hm_width = get<int32_t>(header.addr + 32) - get<int32_t>(header.addr + 24);
        pic.hm_height = get<int32_t>(header.addr + 36) - get<int32_t>(header.addr + 28);
        break;
      }
      default:
        pic.own = false;
        release_picture(p, base);
        return E_UNEXPECTED;
    }
  }
  const int32_t hr = query_picture(p, base, iid.addr, out.addr);
  release_picture(p, base);
  return hr;
}

// OleIconToCursor(instance, icon): a cursor of the icon, a copy of it (the image as it is, as
// wine 8.0 makes it; Microsoft's page speaks of a monochrome icon).
uint64_t OleIconToCursor(WindowsProcess& p, Ptr, Ptr icon) { return user(p, "CopyIcon", {icon.addr}); }

}  // namespace

Picture& picture_at(uint64_t base) {
  auto it = pictures().find(base);
  if (it == pictures().end()) touch_guest_byte(0);
  return it->second;
}

uint64_t new_picture(WindowsProcess& p) {
  const unsigned ptr = p.isa->ptr;
  const uint64_t base = p.heap.alloc(4 * ptr);
  if (!base) return 0;
  p.put_ptr(base + kPictureIface * ptr, com_vtable(p, kOleaut32, picture_methods()));
  p.put_ptr(base + kDispatchIface * ptr, com_vtable(p, kOleaut32, dispatch_methods()));
  p.put_ptr(base + kPersistIface * ptr, com_vtable(p, kOleaut32, persist_methods()));
  p.put_ptr(base + kContainerIface * ptr, com_vtable(p, kOleaut32, container_methods()));
  Picture pic;
  pic.point = new_connection_point(p, base + kContainerIface * ptr, kIidIPropertyNotifySink);
  if (!pic.point) {
    p.heap.free(base);
    return 0;
  }
  pictures()[base] = std::move(pic);
  return base;
}

uint32_t release_picture(WindowsProcess& p, uint64_t base) {
  Picture& pic = picture_at(base);
  if (--pic.refs) return pic.refs;
  const Picture gone = std::move(pic);
  pictures().erase(base);
  release_connection_point(p, gone.point);
  destroy(p, gone);
  p.heap.free(base);
  return 0;
}

int32_t query_picture(WindowsProcess& p, uint64_t base, uint64_t iid, uint64_t out) {
  if (!out) return E_INVALIDARG;
  p.put_ptr(out, 0);
  Picture& pic = picture_at(base);
  unsigned index;
  if (guid_is(iid, kIidIUnknown) || guid_is(iid, kIidIPicture)) index = kPictureIface;
  else if (guid_is(iid, kIidIDispatch) || guid_is(iid, kIidIPictureDisp)) index = kDispatchIface;
  else if (guid_is(iid, kIidIPersist) || guid_is(iid, kIidIPersistStream)) index = kPersistIface;
  else if (guid_is(iid, kIidIConnectionPointContainer)) index = kContainerIface;
  else return E_NOINTERFACE;
  ++pic.refs;
  p.put_ptr(out, base + index * p.isa->ptr);
  return S_OK;
}

int32_t himetric(int32_t pixels) {
  const int64_t n = int64_t{pixels} * 2540;
  return static_cast<int32_t>((n + (n >= 0 ? 48 : -48)) / 96);
}

// ICONINFO's bitmaps: hbmMask after BOOL fIcon and two DWORDs, then hbmColor.
bool icon_bitmaps(WindowsProcess& p, uint64_t icon, IconBitmaps& out) {
  const unsigned ptr = p.isa->ptr;
  const ole32::Scratch info(p, 12 + 3 * ptr);
  if (!info.addr || !p.call_export("user32.dll", "GetIconInfo", {icon, info.addr})) return false;
  const uint64_t at = ptr == 8 ? 16 : 12;
  out.mask = p.get_ptr(info.addr + at);
  out.color = p.get_ptr(info.addr + at + ptr);
  return true;
}

// The sizes from GDI32's bitmap and USER32's icon themselves; a bitmap's DC gives back the
// default 1x1 bitmap when SelectPicture takes the picture out.
void measure_bitmap(WindowsProcess& p, Picture& pic) {
  const auto* bitmap = gdi32::gdi_table(p).find_as<gdi32::Bitmap>(pic.handle, gdi32::OBJ_BITMAP);
  if (!bitmap || !bitmap->surface) return;
  pic.width = bitmap->surface->width();
  pic.height = bitmap->surface->height();
  pic.hm_width = himetric(pic.width);
  pic.hm_height = himetric(pic.height);
  pic.stock_bitmap = gdi32::gdi_table(p).stock(gdi32::DEFAULT_BITMAP);
  pic.format = 0x4d42;  // "BM"
}

void measure_icon(WindowsProcess& p, Picture& pic) {
  if (!user32::icon_size(pic.handle, pic.width, pic.height)) return;
  pic.hm_width = himetric(pic.width);
  pic.hm_height = himetric(pic.height);
}

uint64_t gdi(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("gdi32.dll", name, args);
}
uint64_t gdi_needed(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export_needed("gdi32.dll", "GDI32.dll", name, args);
}

void notify(WindowsProcess& p, uint64_t base, int32_t dispid) { notify_changed(p, picture_at(base).point, dispid); }

const std::vector<Export>& picture_exports() {
  static const std::vector<Export> e = {EXPORT("OleCreatePictureIndirect", OleCreatePictureIndirect),
                                        EXPORT("OleIconToCursor", OleIconToCursor)};
  return e;
}

}  // namespace polyrun::shims::oleaut::picture
