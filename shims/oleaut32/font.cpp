// OLE fonts (font.h): OleCreateFontIndirect and the object's IFont (the description's properties,
// the GDI font made of it, its text metrics, Clone, IsEqual, the scaling ratio, the references
// on the GDI fonts it hands out) and IConnectionPointContainer (IPropertyNotifySink's and
// IFontEventsDisp's points, told of every change).
#include "shims/oleaut32/font.h"

#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/connection_point.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/typelib_objects.h"

namespace polyrun::shims::oleaut::font {

namespace {

constexpr int32_t CTL_E_INVALIDPROPERTYVALUE = static_cast<int32_t>(0x800a017c);
constexpr GuidBytes kIidIPersist = make_guid(0x0000010c, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                    kIidIPersistStream = make_guid(0x00000109, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                    kIidIPersistPropertyBag = make_guid(0x37d84f60, 0x42cb, 0x11ce, {0x81, 0x35, 0x00, 0xaa, 0x00, 0x4b, 0xb8, 0x51});
constexpr unsigned kDispatchInvoke = 6;
constexpr uint32_t LOGPIXELSY = 90;

std::map<uint64_t, Font>& fonts() {
  static std::map<uint64_t, Font> m;
  return m;
}

// The GDI fonts the objects made: the objects' references and the program's (AddRefHfont), as
// Windows keeps them; a font goes when neither holds it, and all go with the last object.
struct FontRefs {
  int32_t internal = 0, total = 0;
};
std::map<uint64_t, FontRefs>& gdi_fonts() {
  static std::map<uint64_t, FontRefs> m;
  return m;
}
uint64_t gdi(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("gdi32.dll", name, args);
}
void drop_internal(WindowsProcess& p, uint64_t hfont) {
  auto it = gdi_fonts().find(hfont);
  if (it == gdi_fonts().end()) return;
  --it->second.internal;
  --it->second.total;
  if (it->second.internal == 0 && it->second.total == 0) {
    gdi(p, "DeleteObject", {hfont});
    gdi_fonts().erase(it);
  }
}

// The DC the fonts are measured on (made once).
uint64_t measuring_dc(WindowsProcess& p) {
  static uint64_t dc = 0;
  if (!dc) dc = gdi(p, "CreateCompatibleDC", {0});
  return dc;
}

// The face name the DC's font has.
std::u16string text_face(WindowsProcess& p, uint64_t dc) {
  const ole32::Scratch buf(p, 64 * 2);
  const uint32_t n = static_cast<uint32_t>(gdi(p, "GetTextFaceW", {dc, 64, buf.addr}));
  return n ? ole32::read_wide(buf.addr) : u"";
}

const char16_t* const kPropertyNames[] = {u"Name", nullptr, u"Size", u"Bold", u"Italic", u"Underline",
                                         u"Strikethrough", u"Weight", u"Charset"};

// ---- IFont ----

Font& of(WindowsProcess& p, Ptr self, unsigned index = kFontIface) { return font_at(base_of(p, self.addr, index)); }
uint64_t me(WindowsProcess& p, Ptr self, unsigned index = kFontIface) { return base_of(p, self.addr, index); }

int32_t QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) { return query_font(p, self.addr, iid.addr, out.addr); }
uint32_t AddRef(WindowsProcess& p, Ptr self) { return add_ref_font(me(p, self)); }
uint32_t Release(WindowsProcess& p, Ptr self) { return release_font(p, me(p, self)); }

int32_t get_Name(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  realize(p, me(p, self));
  p.put_ptr(out.addr, make_bstr(p, of(p, self).name));
  return S_OK;
}
int32_t put_Name(WindowsProcess& p, Ptr self, Ptr name) {
  if (!name) return CTL_E_INVALIDPROPERTYVALUE;
  of(p, self).name = ole32::read_wide(name.addr);
  changed(p, me(p, self), DISPID_FONT_NAME);
  return S_OK;
}
// The size: the made font's character height in points (x 10000) at the scaling ratio.
int32_t get_Size(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  realize(p, me(p, self));
  const Font& f = of(p, self);
  const int64_t num = int64_t{f.real_height} * f.cy_himetric * 72 * 10000, den = int64_t{f.cy_logical} * 2540;
  put<int64_t>(out.addr, den ? (num + (num >= 0 ? den / 2 : -den / 2)) / den : 0);
  return S_OK;
}
int32_t put_Size(WindowsProcess& p, Ptr self, int64_t size) {
  of(p, self).size = static_cast<uint32_t>(size);  // (the low 32 bits, as Windows keeps them)
  changed(p, me(p, self), DISPID_FONT_SIZE);
  return S_OK;
}
template <int32_t Font::*Field>
int32_t get_flag(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  realize(p, me(p, self));
  put<int32_t>(out.addr, of(p, self).*Field);
  return S_OK;
}
template <int32_t Font::*Field, int32_t Dispid>
int32_t put_flag(WindowsProcess& p, Ptr self, int32_t value) {
  of(p, self).*Field = value;
  changed(p, me(p, self), Dispid);
  return S_OK;
}
int32_t get_Bold(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  realize(p, me(p, self));
  put<int32_t>(out.addr, of(p, self).weight > 550 ? 1 : 0);
  return S_OK;
}
int32_t put_Bold(WindowsProcess& p, Ptr self, int32_t bold) {
  of(p, self).weight = bold ? 700 : 400;
  changed(p, me(p, self), DISPID_FONT_BOLD);
  return S_OK;
}
template <int16_t Font::*Field>
int32_t get_short(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  realize(p, me(p, self));
  put<int16_t>(out.addr, of(p, self).*Field);
  return S_OK;
}
template <int16_t Font::*Field, int32_t Dispid>
int32_t put_short(WindowsProcess& p, Ptr self, int16_t value) {
  of(p, self).*Field = value;
  changed(p, me(p, self), Dispid);
  return S_OK;
}
int32_t get_hFont(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  realize(p, me(p, self));
  p.put_ptr(out.addr, of(p, self).hfont);
  return S_OK;
}
int32_t Clone(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  const unsigned ptr = p.isa->ptr;
  const uint64_t base = p.heap.alloc(5 * ptr);
  if (!base) return E_OUTOFMEMORY;
  std::memcpy(guest_pointer(base), guest_pointer(me(p, self)), 5 * ptr);  // the same vtables
  Font copy = of(p, self);
  copy.refs = 1;
  if (copy.hfont) {
    ++gdi_fonts()[copy.hfont].internal;
    ++gdi_fonts()[copy.hfont].total;
  }
  copy.notify_point = new_connection_point(p, base + kContainerIface * ptr, kIidIPropertyNotifySink);
  copy.events_point = new_connection_point(p, base + kContainerIface * ptr, kIidIFontEventsDisp);
  fonts()[base] = std::move(copy);
  p.put_ptr(out.addr, base);
  return S_OK;
}
// IsEqual(other): the same size, weight, charset, flags and name (compared as CompareString does
// by default).
int32_t IsEqual(WindowsProcess& p, Ptr self, Ptr other) {
  if (!other) return E_POINTER;
  const Font& a = of(p, self);
  const Font& b = font_at(other.addr);
  if (a.size != b.size || a.weight != b.weight || a.charset != b.charset || a.italic != b.italic ||
      a.underline != b.underline || a.strike != b.strike)
    return S_FALSE;
  return a.name == b.name ? S_OK : S_FALSE;
}
int32_t SetRatio(WindowsProcess& p, Ptr self, int32_t logical, int32_t himetric) {
  if (logical == 0 || himetric == 0) return E_FAIL;
  if (logical == 1 && himetric == 1) return S_OK;  // (no change, and no failure)
  Font& f = of(p, self);
  f.cy_logical = logical;
  f.cy_himetric = himetric;
  f.dirty = true;
  return S_OK;
}
int32_t QueryTextMetrics(WindowsProcess& p, Ptr self, Ptr out) {
  realize(p, me(p, self));
  const uint64_t dc = p.call_export("user32.dll", "GetDC", {0});
  const uint64_t old = gdi(p, "SelectObject", {dc, of(p, self).hfont});
  gdi(p, "GetTextMetricsW", {dc, out.addr});
  gdi(p, "SelectObject", {dc, old});
  p.call_export("user32.dll", "ReleaseDC", {0, dc});
  return S_OK;
}
// AddRefHfont, ReleaseHfont: the program's references on a GDI font an object made (S_FALSE
// for one none made).
int32_t AddRefHfont(WindowsProcess&, Ptr, Ptr hfont) {
  if (!hfont) return E_INVALIDARG;
  auto it = gdi_fonts().find(hfont.addr);
  if (it == gdi_fonts().end()) return S_FALSE;
  ++it->second.total;
  return S_OK;
}
int32_t ReleaseHfont(WindowsProcess&, Ptr, Ptr hfont) {
  if (!hfont) return E_INVALIDARG;
  auto it = gdi_fonts().find(hfont.addr);
  if (it == gdi_fonts().end()) return S_FALSE;
  return --it->second.total >= 0 ? S_OK : S_FALSE;
}

// SetHdc(dc): E_NOTIMPL, which Microsoft's IFont::SetHdc page documents for a font object that
// does not select itself into a DC's mapping (as wine 8.0's does not either).
int32_t SetHdc(WindowsProcess&, Ptr, Ptr) { return E_NOTIMPL; }

const std::vector<Export>& font_methods() {
  static const std::vector<Export> m = {
      EXPORT("IFont::QueryInterface", QueryInterface),
      EXPORT("IFont::AddRef", AddRef),
      EXPORT("IFont::Release", Release),
      EXPORT("IFont::get_Name", get_Name),
      EXPORT("IFont::put_Name", put_Name),
      EXPORT("IFont::get_Size", get_Size),
      EXPORT("IFont::put_Size", put_Size),
      EXPORT("IFont::get_Bold", get_Bold),
      EXPORT("IFont::put_Bold", put_Bold),
      EXPORT("IFont::get_Italic", get_flag<&Font::italic>),
      EXPORT("IFont::put_Italic", (put_flag<&Font::italic, DISPID_FONT_ITALIC>)),
      EXPORT("IFont::get_Underline", get_flag<&Font::underline>),
      EXPORT("IFont::put_Underline", (put_flag<&Font::underline, DISPID_FONT_UNDER>)),
      EXPORT("IFont::get_Strikethrough", get_flag<&Font::strike>),
      EXPORT("IFont::put_Strikethrough", (put_flag<&Font::strike, DISPID_FONT_STRIKE>)),
      EXPORT("IFont::get_Weight", get_short<&Font::weight>),
      EXPORT("IFont::put_Weight", (put_short<&Font::weight, DISPID_FONT_WEIGHT>)),
      EXPORT("IFont::get_Charset", get_short<&Font::charset>),
      EXPORT("IFont::put_Charset", (put_short<&Font::charset, DISPID_FONT_CHARSET>)),
      EXPORT("IFont::get_hFont", get_hFont),
      EXPORT("IFont::Clone", Clone),
      EXPORT("IFont::IsEqual", IsEqual),
      EXPORT("IFont::SetRatio", SetRatio),
      EXPORT("IFont::QueryTextMetrics", QueryTextMetrics),
      EXPORT("IFont::AddRefHfont", AddRefHfont),
      EXPORT("IFont::ReleaseHfont", ReleaseHfont),
      EXPORT("IFont::SetHdc", SetHdc),
  };
  return m;
}

// ---- IConnectionPointContainer ----

int32_t Cpc_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  return query_font(p, me(p, self, kContainerIface), iid.addr, out.addr);
}
uint32_t Cpc_AddRef(WindowsProcess& p, Ptr self) { return add_ref_font(me(p, self, kContainerIface)); }
uint32_t Cpc_Release(WindowsProcess& p, Ptr self) { return release_font(p, me(p, self, kContainerIface)); }
int32_t Cpc_EnumConnectionPoints(WindowsProcess& p, Ptr self, Ptr out) {
  const Font& f = of(p, self, kContainerIface);
  return enum_connection_points(p, {f.notify_point, f.events_point}, out.addr);
}
int32_t Cpc_FindConnectionPoint(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  const Font& f = of(p, self, kContainerIface);
  uint64_t point = 0;
  if (guid_is(iid.addr, kIidIPropertyNotifySink)) point = f.notify_point;
  else if (guid_is(iid.addr, kIidIFontEventsDisp)) point = f.events_point;
  else return CONNECT_E_NOCONNECTION;
  uint64_t got = 0;
  const int32_t hr = query_interface(p, point, kIidIConnectionPoint, got);
  p.put_ptr(out.addr, got);
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

// OleCreateFontIndirect(desc, iid, &object): FONTDESC { cbSizeofstruct, lpstrName, cySize,
// sWeight, sCharset, fItalic, fUnderline, fStrikethrough }; none: 8-point System.
int32_t OleCreateFontIndirect(WindowsProcess& p, Ptr desc, Ptr iid, Ptr out) {
  return create_font(p, desc.addr, iid.addr, out.addr);
}

}  // namespace

Font& font_at(uint64_t base) {
  auto it = fonts().find(base);
  if (it == fonts().end()) touch_guest_byte(0);
  return it->second;
}

uint32_t add_ref_font(uint64_t base) { return ++font_at(base).refs; }

uint32_t release_font(WindowsProcess& p, uint64_t base) {
  Font& f = font_at(base);
  if (--f.refs) return f.refs;
  const Font gone = std::move(f);
  fonts().erase(base);
  if (fonts().empty()) {
    // The last font object: the GDI fonts they made go.
    for (const auto& [h, refs] : gdi_fonts()) gdi(p, "DeleteObject", {h});
    gdi_fonts().clear();
  } else if (gone.hfont) {
    drop_internal(p, gone.hfont);
  }
  release_connection_point(p, gone.notify_point);
  release_connection_point(p, gone.events_point);
  p.heap.free(base);
  return 0;
}

int32_t query_font(WindowsProcess& p, uint64_t base, uint64_t iid, uint64_t out) {
  if (!out) return E_POINTER;
  p.put_ptr(out, 0);
  unsigned index;
  if (guid_is(iid, kIidIUnknown) || guid_is(iid, kIidIFont)) index = kFontIface;
  else if (guid_is(iid, kIidIDispatch) || guid_is(iid, kIidIFontDisp)) index = kDispatchIface;
  else if (guid_is(iid, kIidIPersist) || guid_is(iid, kIidIPersistStream)) index = kPersistIface;
  else if (guid_is(iid, kIidIConnectionPointContainer)) index = kContainerIface;
  else if (guid_is(iid, kIidIPersistPropertyBag)) index = kBagIface;
  else return E_NOINTERFACE;
  add_ref_font(base);
  p.put_ptr(out, base + index * p.isa->ptr);
  return S_OK;
}

// LOGFONTW: lfHeight, lfWidth, lfEscapement, lfOrientation, lfWeight, lfItalic, lfUnderline,
// lfStrikeOut, lfCharSet, lfOutPrecision, lfClipPrecision, lfQuality, lfPitchAndFamily, lfFaceName[32].
void realize(WindowsProcess& p, uint64_t base) {
  Font& f = font_at(base);
  if (!f.dirty) return;
  const uint64_t dc = measuring_dc(p);
  if (f.hfont) {
    drop_internal(p, f.hfont);
    f.hfont = 0;
  }
  const ole32::Scratch lf(p, 92);
  const int64_t num = f.size * f.cy_logical * 635, den = int64_t{f.cy_himetric} * 18;
  const int32_t height = den ? static_cast<int32_t>((num + (num >= 0 ? den / 2 : -den / 2)) / den) : 0;
  put<int32_t>(lf.addr, (height % 10000) > 5000 ? -height / 10000 - 1 : -height / 10000);
  put<int32_t>(lf.addr + 16, f.weight);
  put<uint8_t>(lf.addr + 20, static_cast<uint8_t>(f.italic));
  put<uint8_t>(lf.addr + 21, static_cast<uint8_t>(f.underline));
  put<uint8_t>(lf.addr + 22, static_cast<uint8_t>(f.strike));
  put<uint8_t>(lf.addr + 23, static_cast<uint8_t>(f.charset));
  put<uint8_t>(lf.addr + 24, 2);  // OUT_CHARACTER_PRECIS
  const size_t n = f.name.size() < 31 ? f.name.size() : 31;
  if (n) std::memcpy(guest_pointer(lf.addr + 28), f.name.data(), n * 2);
  const uint64_t hfont = gdi(p, "CreateFontIndirectW", {lf.addr});
  Font& g = font_at(base);  // (the calls above may run guest code)
  g.hfont = hfont;
  g.dirty = false;
  gdi_fonts()[hfont] = FontRefs{1, 1};
  // The name and charset become the made font's.
  const uint64_t old = gdi(p, "SelectObject", {dc, hfont});
  const std::u16string face = text_face(p, dc);
  if (!face.empty() && !tlb::same_name(face, g.name)) g.name = face;
  const ole32::Scratch tm(p, 64);
  gdi(p, "GetTextMetricsW", {dc, tm.addr});
  g.charset = get<uint8_t>(tm.addr + 56);                                   // tmCharSet
  g.real_height = get<int32_t>(tm.addr) - get<int32_t>(tm.addr + 12);       // tmHeight - tmInternalLeading
  gdi(p, "SelectObject", {dc, old});
}

void changed(WindowsProcess& p, uint64_t base, int32_t dispid) {
  Font& f = font_at(base);
  f.dirty = true;
  const uint64_t notify = f.notify_point, events = f.events_point;
  notify_changed(p, notify, dispid);
  // IFontEventsDisp::FontChanged(name): Invoke(DISPID_FONT_CHANGED) of each sink with the name.
  const unsigned ptr = p.isa->ptr;
  const uint64_t vsize = variant_size(p);
  const ole32::Scratch block(p, vsize + 4 * ptr + 16);
  const uint64_t arg = block.addr, params = arg + vsize, iid_null = params + 4 * ptr;
  put<uint16_t>(arg, VT_BSTR);
  const char16_t* name = dispid >= 0 && dispid <= DISPID_FONT_CHARSET ? kPropertyNames[dispid] : nullptr;
  p.put_ptr(arg + 8, name ? make_bstr(p, name) : 0);
  p.put_ptr(params, arg);
  put<uint32_t>(params + 2 * ptr, 1);
  for (uint64_t sink : advised_sinks(events)) {
    call_method(p, sink, kAddRef);
    call_method(p, sink, kDispatchInvoke, {DISPID_FONT_CHANGED, iid_null, 0, 1, params, 0, 0, 0});
    call_method(p, sink, kRelease);
  }
  clear_variant(p, arg);
}

int32_t get_property(WindowsProcess& p, uint64_t base, int32_t dispid, Value& out) {
  realize(p, base);
  const Font& f = font_at(base);
  out = Value{};
  switch (dispid) {
    case DISPID_FONT_NAME: out.vt = VT_BSTR; out.s = f.name; return S_OK;
    case DISPID_FONT_SIZE: {
      const ole32::Scratch cy(p, 8);
      get_Size(p, Ptr(base), Ptr(cy.addr));
      out.vt = VT_CY;
      out.i = get<int64_t>(cy.addr);
      return S_OK;
    }
    case DISPID_FONT_BOLD: out.vt = VT_BOOL; out.i = f.weight > 550 ? VARIANT_TRUE : VARIANT_FALSE; return S_OK;
    case DISPID_FONT_ITALIC: out.vt = VT_BOOL; out.i = f.italic ? VARIANT_TRUE : VARIANT_FALSE; return S_OK;
    case DISPID_FONT_UNDER: out.vt = VT_BOOL; out.i = f.underline ? VARIANT_TRUE : VARIANT_FALSE; return S_OK;
    case DISPID_FONT_STRIKE: out.vt = VT_BOOL; out.i = f.strike ? VARIANT_TRUE : VARIANT_FALSE; return S_OK;
    case DISPID_FONT_WEIGHT: out.vt = VT_I2; out.i = f.weight; return S_OK;
    case DISPID_FONT_CHARSET: out.vt = VT_I2; out.i = f.charset; return S_OK;
    default: return DISP_E_MEMBERNOTFOUND;
  }
}

int32_t put_property(WindowsProcess& p, uint64_t base, int32_t dispid, const Value& in) {
  Font& f = font_at(base);
  switch (dispid) {
    case DISPID_FONT_NAME:
      if (in.null_bstr) return CTL_E_INVALIDPROPERTYVALUE;
      f.name = in.s;
      break;
    case DISPID_FONT_SIZE: f.size = static_cast<uint32_t>(in.i); break;
    case DISPID_FONT_BOLD: f.weight = in.i ? 700 : 400; break;
    case DISPID_FONT_ITALIC: f.italic = static_cast<int32_t>(in.i); break;
    case DISPID_FONT_UNDER: f.underline = static_cast<int32_t>(in.i); break;
    case DISPID_FONT_STRIKE: f.strike = static_cast<int32_t>(in.i); break;
    case DISPID_FONT_WEIGHT: f.weight = static_cast<int16_t>(in.i); break;
    case DISPID_FONT_CHARSET: f.charset = static_cast<int16_t>(in.i); break;
    default: return DISP_E_MEMBERNOTFOUND;
  }
  changed(p, base, dispid);
  return S_OK;
}

int32_t create_font(WindowsProcess& p, uint64_t desc, uint64_t iid, uint64_t out) {
  if (!out) return E_POINTER;
  p.put_ptr(out, 0);
  const unsigned ptr = p.isa->ptr;
  Font f;
  if (desc) {
    f.name = ole32::read_wide(p.get_ptr(desc + ptr));
    const uint64_t cy = desc + 2 * ptr;
    f.size = get<int64_t>(cy);
    f.weight = get<int16_t>(cy + 8);
    f.charset = get<int16_t>(cy + 10);
    f.italic = get<int32_t>(cy + 12);
    f.underline = get<int32_t>(cy + 16);
    f.strike = get<int32_t>(cy + 20);
  } else {
    f.name = u"System";
    f.size = 80000;
  }
  f.cy_logical = static_cast<int32_t>(gdi(p, "GetDeviceCaps", {measuring_dc(p), LOGPIXELSY}));
  const uint64_t base = p.heap.alloc(5 * ptr);
  if (!base) return E_OUTOFMEMORY;
  p.put_ptr(base + kFontIface * ptr, com_vtable(p, kOleaut32, font_methods()));
  p.put_ptr(base + kDispatchIface * ptr, com_vtable(p, kOleaut32, dispatch_methods()));
  p.put_ptr(base + kPersistIface * ptr, com_vtable(p, kOleaut32, persist_methods()));
  p.put_ptr(base + kContainerIface * ptr, com_vtable(p, kOleaut32, container_methods()));
  p.put_ptr(base + kBagIface * ptr, com_vtable(p, kOleaut32, bag_methods()));
  f.notify_point = new_connection_point(p, base + kContainerIface * ptr, kIidIPropertyNotifySink);
  f.events_point = new_connection_point(p, base + kContainerIface * ptr, kIidIFontEventsDisp);
  fonts()[base] = std::move(f);
  const int32_t hr = query_font(p, base, iid, out);
  release_font(p, base);
  return hr;
}

const std::vector<Export>& font_exports() {
  static const std::vector<Export> e = {EXPORT("OleCreateFontIndirect", OleCreateFontIndirect)};
  return e;
}

}  // namespace polyrun::shims::oleaut::font
