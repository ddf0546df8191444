// OLE fonts (font.h): IFontDisp (the properties through IDispatch::Invoke, converted as
// VariantChangeTypeEx converts; its type from stdole2.tlb), IPersistStream (the font's stream
// form: version 1, charset, the italic/underline/strikethrough bits, weight, size, the name's
// length and its ANSI text) and IPersistPropertyBag (VB's properties Name, Size, Charset, Weight,
// Underline, Italic, Strikethrough).
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/font.h"
#include "shims/oleaut32/type_library.h"

namespace polyrun::shims::oleaut::font {

namespace {

constexpr int32_t DISP_E_UNKNOWNINTERFACE = static_cast<int32_t>(0x80020001),
                  DISP_E_PARAMNOTOPTIONAL = static_cast<int32_t>(0x8002000f),
                  DISP_E_BADPARAMCOUNT = static_cast<int32_t>(0x8002000e);
constexpr uint16_t DISPATCH_PROPERTYGET = 2, DISPATCH_PROPERTYPUT = 4;
constexpr uint8_t FONTPERSIST_ITALIC = 0x02, FONTPERSIST_UNDERLINE = 0x04, FONTPERSIST_STRIKETHROUGH = 0x08;
// IPropertyBag's Read and Write (after IUnknown's).
constexpr unsigned kBagRead = 3, kBagWrite = 4;

uint64_t object_of(WindowsProcess& p, Ptr self, unsigned index) { return base_of(p, self.addr, index); }

// The VARTYPE a property is put as.
uint16_t property_type(int32_t dispid) {
  switch (dispid) {
    case DISPID_FONT_NAME: return VT_BSTR;
    case DISPID_FONT_SIZE: return VT_CY;
    case DISPID_FONT_WEIGHT: case DISPID_FONT_CHARSET: return VT_I2;
    default: return VT_BOOL;
  }
}

// ---- IFontDisp ----

int32_t Disp_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  return query_font(p, object_of(p, self, kDispatchIface), iid.addr, out.addr);
}
uint32_t Disp_AddRef(WindowsProcess& p, Ptr self) { return add_ref_font(object_of(p, self, kDispatchIface)); }
uint32_t Disp_Release(WindowsProcess& p, Ptr self) { return release_font(p, object_of(p, self, kDispatchIface)); }
int32_t Disp_GetTypeInfoCount(WindowsProcess&, Ptr, Ptr count) {
  put<uint32_t>(count.addr, 1);
  return S_OK;
}
int32_t Disp_GetTypeInfo(WindowsProcess& p, Ptr, uint32_t index, uint32_t, Ptr out) {
  return tlb::stdole_get_type_info(p, kIidIFontDisp, index, out.addr);
}
int32_t Disp_GetIDsOfNames(WindowsProcess& p, Ptr, Ptr, Ptr names, uint32_t count, uint32_t, Ptr ids) {
  return tlb::stdole_ids_of_names(p, kIidIFontDisp, names.addr, count, ids.addr);
}
int32_t Disp_Invoke(WindowsProcess& p, Ptr self, int32_t id, Ptr iid, uint32_t lcid, uint16_t flags, Ptr params,
                    Ptr result, Ptr, Ptr) {
  if (!guid_is(iid.addr, GuidBytes{})) return DISP_E_UNKNOWNINTERFACE;
  const uint64_t base = object_of(p, self, kDispatchIface);
  if (flags & DISPATCH_PROPERTYGET) {
    if (!result) return DISP_E_PARAMNOTOPTIONAL;
    Value v;
    const int32_t hr = get_property(p, base, id, v);
    if (hr < 0) return hr;
    return write_variant(p, result.addr, v);
  }
  if (!(flags & DISPATCH_PROPERTYPUT)) return DISP_E_MEMBERNOTFOUND;
  if (!params) return DISP_E_PARAMNOTOPTIONAL;
  if (get<uint32_t>(params.addr + 2 * p.isa->ptr) != 1) return DISP_E_BADPARAMCOUNT;
  if (id < DISPID_FONT_NAME || id > DISPID_FONT_CHARSET || id == 1) return DISP_E_MEMBERNOTFOUND;
  const ole32::Scratch converted(p, variant_size(p));
  const int32_t hr = change_type(p, converted.addr, p.get_ptr(params.addr), lcid, 0, property_type(id));
  if (hr < 0) return hr;
  const Value v = read_variant(p, converted.addr);
  clear_variant(p, converted.addr);
  return put_property(p, base, id, v);
}

// ---- IPersistStream ----

int32_t Persist_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  return query_font(p, object_of(p, self, kPersistIface), iid.addr, out.addr);
}
uint32_t Persist_AddRef(WindowsProcess& p, Ptr self) { return add_ref_font(object_of(p, self, kPersistIface)); }
uint32_t Persist_Release(WindowsProcess& p, Ptr self) { return release_font(p, object_of(p, self, kPersistIface)); }
int32_t GetClassID(WindowsProcess&, Ptr, Ptr out) {
  if (!out) return E_POINTER;
  ole32::write_guid(out.addr, kClsidStdFont);
  return S_OK;
}
// IsDirty: S_OK, as Windows answers for fonts whatever changed.
int32_t IsDirty(WindowsProcess&, Ptr) { return S_OK; }

// Reads `count` bytes of the stream into `out`: false when fewer came.
bool read_exact(WindowsProcess& p, uint64_t stream, uint32_t count, std::vector<uint8_t>& out) {
  const ole32::Scratch buf(p, count);
  uint32_t got = 0;
  ole32::stream_read(p, stream, buf.addr, count, got);
  if (got != count) return false;
  const uint8_t* at = static_cast<const uint8_t*>(guest_pointer(buf.addr));
  out.assign(at, at + count);
  return true;
}
std::string ansi(const std::u16string& s) {
  std::string out;
  for (char16_t c : s) out.push_back(c < 0x100 ? static_cast<char>(c) : '?');
  return out;
}

int32_t Load(WindowsProcess& p, Ptr self, Ptr stream) {
  if (!stream) return E_POINTER;
  const uint64_t base = object_of(p, self, kPersistIface);
  std::vector<uint8_t> b;
  if (!read_exact(p, stream.addr, 1, b) || b[0] != 1) return E_FAIL;  // the version
  if (!read_exact(p, stream.addr, 2, b)) return E_FAIL;
  const int16_t charset = static_cast<int16_t>(b[0] | b[1] << 8);
  if (!read_exact(p, stream.addr, 1, b)) return E_FAIL;
  const uint8_t attributes = b[0];
  if (!read_exact(p, stream.addr, 2, b)) return E_FAIL;
  const int16_t weight = static_cast<int16_t>(b[0] | b[1] << 8);
  if (!read_exact(p, stream.addr, 4, b)) return E_FAIL;
  uint32_t size;
  std::memcpy(&size, b.data(), 4);
  if (!read_exact(p, stream.addr, 1, b)) return E_FAIL;
  const uint8_t length = b[0];
  std::vector<uint8_t> name;
  if (length && !read_exact(p, stream.addr, length, name)) return E_FAIL;
  Font& f = font_at(base);
  f.charset = charset;
  f.italic = (attributes & FONTPERSIST_ITALIC) != 0;
  f.underline = (attributes & FONTPERSIST_UNDERLINE) != 0;
  f.strike = (attributes & FONTPERSIST_STRIKETHROUGH) != 0;
  f.weight = weight;
  f.size = size;
  f.name.assign(name.begin(), name.end());
  f.dirty = true;  // (made again when next asked for)
  return S_OK;
}
std::vector<uint8_t> stream_form(const Font& f) {
  std::vector<uint8_t> out;
  out.push_back(1);
  out.push_back(static_cast<uint8_t>(f.charset));
  out.push_back(static_cast<uint8_t>(f.charset >> 8));
  out.push_back(static_cast<uint8_t>((f.italic ? FONTPERSIST_ITALIC : 0) | (f.strike ? FONTPERSIST_STRIKETHROUGH : 0) |
                                     (f.underline ? FONTPERSIST_UNDERLINE : 0)));
  out.push_back(static_cast<uint8_t>(f.weight));
  out.push_back(static_cast<uint8_t>(f.weight >> 8));
  const uint32_t size = static_cast<uint32_t>(f.size);
  for (int k = 0; k < 4; ++k) out.push_back(static_cast<uint8_t>(size >> (8 * k)));
  const std::string name = ansi(f.name).substr(0, 255);
  out.push_back(static_cast<uint8_t>(name.size()));
  out.insert(out.end(), name.begin(), name.end());
  return out;
}
int32_t Save(WindowsProcess& p, Ptr self, Ptr stream, int32_t) {
  if (!stream) return E_POINTER;
  const std::vector<uint8_t> bytes = stream_form(font_at(object_of(p, self, kPersistIface)));
  const ole32::Scratch buf(p, bytes.size());
  std::memcpy(guest_pointer(buf.addr), bytes.data(), bytes.size());
  uint32_t done = 0;
  ole32::stream_write(p, stream.addr, buf.addr, static_cast<uint32_t>(bytes.size()), done);
  return done == bytes.size() ? S_OK : E_FAIL;
}
int32_t GetSizeMax(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  put<uint64_t>(out.addr, stream_form(font_at(object_of(p, self, kPersistIface))).size());
  return S_OK;
}

// ---- IPersistPropertyBag ----

int32_t Bag_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  return query_font(p, object_of(p, self, kBagIface), iid.addr, out.addr);
}
uint32_t Bag_AddRef(WindowsProcess& p, Ptr self) { return add_ref_font(object_of(p, self, kBagIface)); }
uint32_t Bag_Release(WindowsProcess& p, Ptr self) { return release_font(p, object_of(p, self, kBagIface)); }
int32_t InitNew(WindowsProcess&, Ptr) { return S_OK; }

struct BagProperty {
  const char16_t* name;
  int32_t dispid;
};
// In the order Windows reads them.
constexpr BagProperty kBagProperties[] = {
    {u"Name", DISPID_FONT_NAME},     {u"Size", DISPID_FONT_SIZE},         {u"Charset", DISPID_FONT_CHARSET},
    {u"Weight", DISPID_FONT_WEIGHT}, {u"Underline", DISPID_FONT_UNDER},   {u"Italic", DISPID_FONT_ITALIC},
    {u"Strikethrough", DISPID_FONT_STRIKE},
};

// Load(bag, error_log): each property the bag has, converted to its type; one the bag lacks
// (E_INVALIDARG) is left as it is.
int32_t Bag_Load(WindowsProcess& p, Ptr self, Ptr bag, Ptr log) {
  if (!bag) return E_POINTER;
  const uint64_t base = object_of(p, self, kBagIface);
  const ole32::Scratch v(p, variant_size(p));
  for (const BagProperty& prop : kBagProperties) {
    const ole32::GuestText name(p, prop.name);
    put<uint16_t>(v.addr, VT_EMPTY);
    int32_t hr = static_cast<int32_t>(call_method(p, bag.addr, kBagRead, {name.addr, v.addr, log.addr}));
    if (hr == E_INVALIDARG) continue;
    if (hr == S_OK) hr = change_type(p, v.addr, v.addr, 0, 0, property_type(prop.dispid));
    if (hr == S_OK) hr = put_property(p, base, prop.dispid, read_variant(p, v.addr));
    clear_variant(p, v.addr);
    if (hr != S_OK) return hr;
  }
  return S_OK;
}
// Save(bag, clear_dirty, all): each property written to the bag.
int32_t Bag_Save(WindowsProcess& p, Ptr self, Ptr bag, int32_t, int32_t) {
  if (!bag) return E_POINTER;
  const uint64_t base = object_of(p, self, kBagIface);
  const ole32::Scratch v(p, variant_size(p));
  for (const BagProperty& prop : kBagProperties) {
    Value value;
    int32_t hr = get_property(p, base, prop.dispid, value);
    if (hr < 0) return hr;
    hr = write_variant(p, v.addr, value);
    if (hr < 0) return hr;
    const ole32::GuestText name(p, prop.name);
    hr = static_cast<int32_t>(call_method(p, bag.addr, kBagWrite, {name.addr, v.addr}));
    clear_variant(p, v.addr);
    if (hr < 0) return hr;
  }
  return S_OK;
}

}  // namespace

const std::vector<Export>& dispatch_methods() {
  static const std::vector<Export> m = {
      EXPORT("IFontDisp::QueryInterface", Disp_QueryInterface), EXPORT("IFontDisp::AddRef", Disp_AddRef),
      EXPORT("IFontDisp::Release", Disp_Release),               EXPORT("IFontDisp::GetTypeInfoCount", Disp_GetTypeInfoCount),
      EXPORT("IFontDisp::GetTypeInfo", Disp_GetTypeInfo),       EXPORT("IFontDisp::GetIDsOfNames", Disp_GetIDsOfNames),
      EXPORT("IFontDisp::Invoke", Disp_Invoke),
  };
  return m;
}
const std::vector<Export>& persist_methods() {
  static const std::vector<Export> m = {
      EXPORT("IPersistStream::QueryInterface", Persist_QueryInterface), EXPORT("IPersistStream::AddRef", Persist_AddRef),
      EXPORT("IPersistStream::Release", Persist_Release),               EXPORT("IPersistStream::GetClassID", GetClassID),
      EXPORT("IPersistStream::IsDirty", IsDirty),                       EXPORT("IPersistStream::Load", Load),
      EXPORT("IPersistStream::Save", Save),                             EXPORT("IPersistStream::GetSizeMax", GetSizeMax),
  };
  return m;
}
const std::vector<Export>& bag_methods() {
  static const std::vector<Export> m = {
      EXPORT("IPersistPropertyBag::QueryInterface", Bag_QueryInterface),
      EXPORT("IPersistPropertyBag::AddRef", Bag_AddRef),
      EXPORT("IPersistPropertyBag::Release", Bag_Release),
      EXPORT("IPersistPropertyBag::GetClassID", GetClassID),
      EXPORT("IPersistPropertyBag::InitNew", InitNew),
      EXPORT("IPersistPropertyBag::Load", Bag_Load),
      EXPORT("IPersistPropertyBag::Save", Bag_Save),
  };
  return m;
}

}  // namespace polyrun::shims::oleaut::font
