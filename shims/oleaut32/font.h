// OLE fonts (StdFont) on polyrun's side: a FONTDESC (name, size in points x 10000, weight,
// charset, italic, underline, strikethrough), the GDI font made of it when first asked for (and
// again once the description changed), the scaling ratio, and the two connection points
// (IPropertyNotifySink, IFontEventsDisp). The program's object is a guest block of five interface
// pointers: IFont, IFontDisp (IDispatch), IPersistStream, IConnectionPointContainer and
// IPersistPropertyBag. font.cpp has the object, IFont and its container; font_persist.cpp
// IFontDisp and the persistence interfaces.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut::font {

inline constexpr int32_t DISPID_FONT_NAME = 0, DISPID_FONT_SIZE = 2, DISPID_FONT_BOLD = 3, DISPID_FONT_ITALIC = 4,
                         DISPID_FONT_UNDER = 5, DISPID_FONT_STRIKE = 6, DISPID_FONT_WEIGHT = 7,
                         DISPID_FONT_CHARSET = 8, DISPID_FONT_CHANGED = 9;
inline constexpr GuidBytes kClsidStdFont =
    make_guid(0x0be35203, 0x8f91, 0x11ce, {0x9d, 0xe3, 0x00, 0xaa, 0x00, 0x4b, 0xb8, 0x51});
inline constexpr GuidBytes kIidIFont = make_guid(0xbef6e002, 0xa874, 0x101a, {0x8b, 0xba, 0x00, 0xaa, 0x00, 0x30, 0x0c, 0xab}),
                           kIidIFontDisp = make_guid(0xbef6e003, 0xa874, 0x101a, {0x8b, 0xba, 0x00, 0xaa, 0x00, 0x30, 0x0c, 0xab}),
                           kIidIFontEventsDisp =
                               make_guid(0x4ef6100a, 0xaf88, 0x11d0, {0x98, 0x46, 0x00, 0xc0, 0x4f, 0xc2, 0x99, 0x93});
// The interfaces' places in the object.
inline constexpr unsigned kFontIface = 0, kDispatchIface = 1, kPersistIface = 2, kContainerIface = 3, kBagIface = 4;

struct Font {
  uint32_t refs = 1;
  std::u16string name;
  int64_t size = 0;  // CY: points x 10000
  int16_t weight = 0, charset = 0;
  int32_t italic = 0, underline = 0, strike = 0;  // BOOLs as given (VARIANT_TRUE stays -1)
  uint64_t hfont = 0;          // the GDI font made of it (0 before)
  bool dirty = true;           // the description changed since the GDI font was made
  int32_t cy_logical = 96, cy_himetric = 2540;
  int32_t real_height = 0;     // the made font's character height in pixels
  uint64_t notify_point = 0, events_point = 0;
};

Font& font_at(uint64_t base);
inline uint64_t base_of(WindowsProcess& p, uint64_t iface, unsigned index) { return iface - index * p.isa->ptr; }
uint32_t add_ref_font(uint64_t base);
uint32_t release_font(WindowsProcess& p, uint64_t base);
int32_t query_font(WindowsProcess& p, uint64_t base, uint64_t iid, uint64_t out);
// The GDI font of the description, made when it changed; the name and charset then are the
// made font's.
void realize(WindowsProcess& p, uint64_t base);
// A property changed: the font is made again when next asked for, and both points' sinks are told
// (IPropertyNotifySink::OnChanged(dispid), IFontEventsDisp's FontChanged(the property's name)).
void changed(WindowsProcess& p, uint64_t base, int32_t dispid);
// IFont's property methods the dispatch interface calls (font.cpp).
int32_t get_property(WindowsProcess& p, uint64_t base, int32_t dispid, Value& out);
int32_t put_property(WindowsProcess& p, uint64_t base, int32_t dispid, const Value& in);

// font_persist.cpp: the methods of IFontDisp, IPersistStream and IPersistPropertyBag.
const std::vector<Export>& dispatch_methods();
const std::vector<Export>& persist_methods();
const std::vector<Export>& bag_methods();
// OleCreateFontIndirect and DllGetClassObject's StdFont (font.cpp).
int32_t create_font(WindowsProcess& p, uint64_t desc, uint64_t iid, uint64_t out);
const std::vector<Export>& font_exports();

}  // namespace polyrun::shims::oleaut::font
