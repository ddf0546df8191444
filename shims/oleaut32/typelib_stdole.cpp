// stdole2.tlb, the OLE Automation type library (LIBID 00020430-0000-0000-C000-000000000046,
// version 2.0) that Windows keeps in its system directory and that nearly every other library
// imports IUnknown and IDispatch from. polyrun has no Windows files: this file describes the
// library's types as Microsoft documents them (the structures GUID, DISPPARAMS and EXCEPINFO;
// IUnknown, IDispatch, IEnumVARIANT; the OLE_* and FONT* types; OLE_TRISTATE; IFont, Font and
// StdFont; IPicture, Picture and StdPicture; LoadPictureConstants; the StdFunctions module;
// FontEvents), laid out for the process's pointer width, their member IDs numbered as MIDL
// numbers them (0x60000000, the interface's depth of inheritance in bits 16-23, the function's
// index; a property's functions share the first one's; a structure's fields and an
// enumeration's constants 0x40000000 on).
#include "shims/oleaut32/type_library.h"

namespace polyrun::shims::oleaut::tlb {

namespace {

constexpr uint16_t TYPEFLAG_FCANCREATE = 0x2, TYPEFLAG_FHIDDEN = 0x10, TYPEFLAG_FRESTRICTED = 0x200;
constexpr uint16_t FUNCFLAG_FRESTRICTED = 0x1, VARFLAG_FREADONLY = 0x1;
constexpr uint16_t IN = PARAMFLAG_FIN, OUT = PARAMFLAG_FOUT, RETVAL = PARAMFLAG_FOUT | PARAMFLAG_FRETVAL;

struct Builder {
  Library& lib;
  unsigned ptr;

  uint32_t href(int index) const { return static_cast<uint32_t>(index) * 0x64; }
  Type user(int index) const {
    Type t = simple(VT_USERDEFINED);
    t.href = href(index);
    return t;
  }
  int add(Info info) {
    info.hreftype = href(static_cast<int>(lib.infos.size()));
    lib.infos.push_back(std::move(info));
    return static_cast<int>(lib.infos.size()) - 1;
  }
  static Info info(uint32_t kind, const char* name, GuidBytes guid, uint16_t flags = 0) {
    Info i;
    i.kind = kind;
    i.name = u16(name);
    i.guid = guid;
    i.flags = flags;
    return i;
  }
  static Param param(const char* name, Type type, uint16_t flags) {
    Param pa;
    pa.name = u16(name);
    pa.type = std::move(type);
    pa.flags = flags;
    return pa;
  }
  static Func func(const char* name, Type ret, std::vector<Param> params, uint32_t invkind = INVOKE_FUNC,
                   uint16_t flags = 0) {
    Func f;
    f.name = u16(name);
    f.ret = std::move(ret);
    f.params = std::move(params);
    f.invkind = invkind;
    f.flags = flags;
    f.funckind = FUNC_PUREVIRTUAL;
    f.callconv = CC_STDCALL;
    return f;
  }
  // An interface deriving from `base` (-1: none) with `inherited` functions before its own, at
  // inheritance depth `depth`.
  int iface(Info i, int base, int inherited, int depth, std::vector<Func> funcs) {
    for (size_t k = 0; k < funcs.size(); ++k) {
      Func& f = funcs[k];
      f.memid = static_cast<int32_t>(0x60000000u | (static_cast<uint32_t>(depth) << 16) | static_cast<uint32_t>(k));
      for (size_t j = 0; j < k; ++j)
        if (funcs[j].name == f.name) f.memid = funcs[j].memid;
      f.vtable_offset = static_cast<int16_t>((inherited + static_cast<int>(k)) * static_cast<int>(ptr));
    }
    i.size = ptr;
    i.alignment = static_cast<uint16_t>(ptr);
    i.vft_size = static_cast<uint16_t>((inherited + static_cast<int>(funcs.size())) * static_cast<int>(ptr));
    i.funcs = std::move(funcs);
    if (base >= 0) {
      i.impl_count = 1;
      i.impls.push_back(Impl{href(base), 0, {}});
    }
    return add(std::move(i));
  }
  // A dispatch interface: properties (IDs given) and methods (IDs given).
  int dispinterface(Info i, std::vector<std::pair<Var, int32_t>> props, std::vector<std::pair<Func, int32_t>> methods) {
    for (auto& [v, id] : props) {
      v.memid = id;
      v.varkind = VAR_DISPATCH;
      i.vars.push_back(v);
    }
    for (auto& [f, id] : methods) {
      f.memid = id;
      f.funckind = FUNC_DISPATCH;
      i.funcs.push_back(f);
    }
    i.size = ptr;
    i.alignment = static_cast<uint16_t>(ptr);
    i.vft_size = static_cast<uint16_t>(i.funcs.size() * ptr);
    i.impl_count = 1;
    i.flags |= TYPEFLAG_FDISPATCHABLE;
    return add(std::move(i));
  }
  static Var field(const char* name, Type type, uint32_t offset, uint16_t flags = 0) {
    Var v;
    v.name = u16(name);
    v.type = std::move(type);
    v.offset = offset;
    v.flags = flags;
    return v;
  }
  int record(Info i, std::vector<Var> fields, uint32_t size, uint16_t alignment) {
    for (size_t k = 0; k < fields.size(); ++k) fields[k].memid = static_cast<int32_t>(0x40000000 + k);
    i.vars = std::move(fields);
    i.size = size;
    i.alignment = alignment;
    return add(std::move(i));
  }
  int alias(const char* name, GuidBytes guid, Type of, uint32_t size, uint16_t alignment) {
    Info i = info(TKIND_ALIAS, name, guid);
    i.alias = std::move(of);
    i.size = size;
    i.alignment = alignment;
    return add(std::move(i));
  }
  int enumeration(Info i, std::vector<std::pair<const char*, int32_t>> values) {
    for (size_t k = 0; k < values.size(); ++k) {
      Var v;
      v.name = u16(values[k].first);
      v.type = simple(VT_INT);  // as MIDL and widl write enumerations' constants
      v.varkind = VAR_CONST;
      v.memid = static_cast<int32_t>(0x40000000 + k);
      v.value.vt = VT_I4;
      v.value.i = values[k].second;
      i.vars.push_back(v);
    }
    i.size = 4;
    i.alignment = 4;
    return add(std::move(i));
  }
  int coclass(Info i, std::vector<std::pair<int, int32_t>> impls) {
    for (const auto& [index, flags] : impls) i.impls.push_back(Impl{href(index), flags, {}});
    i.impl_count = static_cast<uint16_t>(impls.size());
    i.size = ptr;
    i.alignment = 4;
    return add(std::move(i));
  }
};

GuidBytes ole_guid(uint32_t d1) { return make_guid(d1, 0xbe0f, 0x101a, {0x8b, 0xbb, 0x00, 0xaa, 0x00, 0x30, 0x0c, 0xab}); }
GuidBytes container_guid(uint32_t d1) {
  return make_guid(d1, 0x9069, 0x101b, {0xae, 0x2d, 0x08, 0x00, 0x2b, 0x2e, 0xc7, 0x13});
}

}  // namespace

std::shared_ptr<Library> stdole2_library(unsigned ptr_size) {
  auto lib = std::make_shared<Library>();
  lib->guid = kStdOleLibid;
  lib->name = u"stdole";
  lib->doc = u"OLE Automation";
  lib->major = 2;
  lib->minor = 0;
  lib->lcid = 0x409;
  lib->syskind = ptr_size == 8 ? SYS_WIN64 : SYS_WIN32;
  lib->ptr_size = ptr_size;
  lib->flags = LIBFLAG_FHASDISKIMAGE;
  Builder b{*lib, ptr_size};
  const uint32_t p = ptr_size;
  const Type i4 = simple(VT_I4), ui4 = simple(VT_UI4), ui2 = simple(VT_UI2), uint = simple(VT_UINT),
             hr = simple(oleaut::VT_HRESULT), bstr = simple(VT_BSTR), vbool = simple(VT_BOOL), i2 = simple(VT_I2),
             cy = simple(VT_CY), variant = simple(VT_VARIANT), intt = simple(VT_INT), voidt = simple(VT_VOID);
  const Type void_ptr = pointer_to(voidt), void_ptr_ptr = pointer_to(pointer_to(voidt));

  Type data4 = simple(VT_CARRAY);
  data4.inner = std::make_shared<Type>(simple(VT_UI1));
  data4.bounds = {{8, 0}};
  const int guid = b.record(Builder::info(TKIND_RECORD, "GUID", GuidBytes{}),
                            {Builder::field("Data1", ui4, 0), Builder::field("Data2", ui2, 4),
                             Builder::field("Data3", ui2, 6), Builder::field("Data4", data4, 8)},
                            16, 4);
  const int dispparams =
      b.record(Builder::info(TKIND_RECORD, "DISPPARAMS", GuidBytes{}),
               {Builder::field("rgvarg", pointer_to(variant), 0), Builder::field("rgdispidNamedArgs", pointer_to(i4), p),
                Builder::field("cArgs", uint, 2 * p), Builder::field("cNamedArgs", uint, 2 * p + 4)},
               2 * p + 8, static_cast<uint16_t>(p));
  const int excepinfo = b.record(
      Builder::info(TKIND_RECORD, "EXCEPINFO", GuidBytes{}),
      {Builder::field("wCode", ui2, 0), Builder::field("wReserved", ui2, 2), Builder::field("bstrSource", bstr, p),
       Builder::field("bstrDescription", bstr, 2 * p), Builder::field("bstrHelpFile", bstr, 3 * p),
       Builder::field("dwHelpContext", ui4, 4 * p), Builder::field("pvReserved", void_ptr, p == 8 ? 40 : 20),
       Builder::field("pfnDeferredFillIn", void_ptr, p == 8 ? 48 : 24), Builder::field("scode", simple(VT_ERROR), p == 8 ? 56 : 28)},
      p == 8 ? 64 : 32, static_cast<uint16_t>(p));

  const Type guid_ptr = pointer_to(b.user(guid));
  const int unknown = b.iface(
      Builder::info(TKIND_INTERFACE, "IUnknown", kIidIUnknown, TYPEFLAG_FHIDDEN), -1, 0, 0,
      {Builder::func("QueryInterface", hr, {Builder::param("riid", guid_ptr, IN), Builder::param("ppvObj", void_ptr_ptr, OUT)},
                     INVOKE_FUNC, FUNCFLAG_FRESTRICTED),
       Builder::func("AddRef", ui4, {}, INVOKE_FUNC, FUNCFLAG_FRESTRICTED),
       Builder::func("Release", ui4, {}, INVOKE_FUNC, FUNCFLAG_FRESTRICTED)});
  const int dispatch = b.iface(
      Builder::info(TKIND_INTERFACE, "IDispatch", kIidIDispatch, TYPEFLAG_FRESTRICTED), unknown, 3, 1,
      {Builder::func("GetTypeInfoCount", hr, {Builder::param("pctinfo", pointer_to(uint), OUT)}, INVOKE_FUNC,
                     FUNCFLAG_FRESTRICTED),
       Builder::func("GetTypeInfo", hr,
                     {Builder::param("itinfo", uint, IN), Builder::param("lcid", ui4, IN),
                      Builder::param("pptinfo", void_ptr_ptr, OUT)},
                     INVOKE_FUNC, FUNCFLAG_FRESTRICTED),
       Builder::func("GetIDsOfNames", hr,
                     {Builder::param("riid", guid_ptr, IN), Builder::param("rgszNames", pointer_to(pointer_to(simple(VT_I1))), IN),
                      Builder::param("cNames", uint, IN), Builder::param("lcid", ui4, IN),
                      Builder::param("rgdispid", pointer_to(i4), OUT)},
                     INVOKE_FUNC, FUNCFLAG_FRESTRICTED),
       Builder::func("Invoke", hr,
                     {Builder::param("dispidMember", i4, IN), Builder::param("riid", guid_ptr, IN),
                      Builder::param("lcid", ui4, IN), Builder::param("wFlags", ui2, IN),
                      Builder::param("pdispparams", pointer_to(b.user(dispparams)), IN),
                      Builder::param("pvarResult", pointer_to(variant), OUT),
                      Builder::param("pexcepinfo", pointer_to(b.user(excepinfo)), OUT),
                      Builder::param("puArgErr", pointer_to(uint), OUT)},
                     INVOKE_FUNC, FUNCFLAG_FRESTRICTED)});
  lib->dispatch_href = b.href(dispatch);
  const int enum_variant_index = static_cast<int>(lib->infos.size());
  b.iface(Builder::info(TKIND_INTERFACE, "IEnumVARIANT", make_guid(0x00020404, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                        TYPEFLAG_FHIDDEN),
          unknown, 3, 1,
          {Builder::func("Next", hr,
                         {Builder::param("celt", ui4, IN), Builder::param("rgvar", pointer_to(variant), IN),
                          Builder::param("pceltFetched", pointer_to(ui4), OUT)}),
           Builder::func("Skip", hr, {Builder::param("celt", ui4, IN)}), Builder::func("Reset", hr, {}),
           Builder::func("Clone", hr, {Builder::param("ppenum", pointer_to(pointer_to(b.user(enum_variant_index))), OUT)})});

  // The OLE_* and FONT* types, each an alias of its own GUID.
  struct Named {
    const char* name;
    GuidBytes guid;
    Type of;
    uint32_t size;
  };
  const Named ole_types[] = {
      {"OLE_COLOR", ole_guid(0x66504301), ui4, 4},         {"OLE_XPOS_PIXELS", ole_guid(0x66504302), i4, 4},
      {"OLE_YPOS_PIXELS", ole_guid(0x66504303), i4, 4},     {"OLE_XSIZE_PIXELS", ole_guid(0x66504304), i4, 4},
      {"OLE_YSIZE_PIXELS", ole_guid(0x66504305), i4, 4},    {"OLE_XPOS_HIMETRIC", ole_guid(0x66504306), i4, 4},
      {"OLE_YPOS_HIMETRIC", ole_guid(0x66504307), i4, 4},   {"OLE_XSIZE_HIMETRIC", ole_guid(0x66504308), i4, 4},
      {"OLE_YSIZE_HIMETRIC", ole_guid(0x66504309), i4, 4},  {"OLE_XPOS_CONTAINER", container_guid(0xbf030640), simple(VT_R4), 4},
      {"OLE_YPOS_CONTAINER", container_guid(0xbf030641), simple(VT_R4), 4},
      {"OLE_XSIZE_CONTAINER", container_guid(0xbf030642), simple(VT_R4), 4},
      {"OLE_YSIZE_CONTAINER", container_guid(0xbf030643), simple(VT_R4), 4},
      {"OLE_HANDLE", ole_guid(0x66504313), intt, 4},         {"OLE_OPTEXCLUSIVE", ole_guid(0x6650430b), vbool, 2},
      {"OLE_CANCELBOOL", container_guid(0xbf030644), vbool, 2},
      {"OLE_ENABLEDEFAULTBOOL", container_guid(0xbf030645), vbool, 2},
  };
  int handle = -1, xsize_himetric = -1, ysize_himetric = -1, xpos_himetric = -1, ypos_himetric = -1;
  for (const Named& n : ole_types) {
    const int at = b.alias(n.name, n.guid, n.of, n.size, static_cast<uint16_t>(n.size));
    const std::u16string name = u16(n.name);
    if (name == u"OLE_HANDLE") handle = at;
    if (name == u"OLE_XSIZE_HIMETRIC") xsize_himetric = at;
    if (name == u"OLE_YSIZE_HIMETRIC") ysize_himetric = at;
    if (name == u"OLE_XPOS_HIMETRIC") xpos_himetric = at;
    if (name == u"OLE_YPOS_HIMETRIC") ypos_himetric = at;
  }
  b.enumeration(Builder::info(TKIND_ENUM, "OLE_TRISTATE", ole_guid(0x6650430a)),
                {{"Unchecked", 0}, {"Checked", 1}, {"Gray", 2}});
  const Named font_types[] = {
      {"FONTNAME", ole_guid(0x6650430d), bstr, p},      {"FONTSIZE", ole_guid(0x6650430e), cy, 8},
      {"FONTBOLD", ole_guid(0x6650430f), vbool, 2},      {"FONTITALIC", ole_guid(0x66504310), vbool, 2},
      {"FONTUNDERSCORE", ole_guid(0x66504311), vbool, 2}, {"FONTSTRIKETHROUGH", ole_guid(0x66504312), vbool, 2},
  };
  for (const Named& n : font_types) b.alias(n.name, n.guid, n.of, n.size, static_cast<uint16_t>(n.size));

  const Type handle_t = b.user(handle);
  const int ifont_index = static_cast<int>(lib->infos.size());
  Info ifont = Builder::info(TKIND_INTERFACE, "IFont", make_guid(0xbef6e002, 0xa874, 0x101a, {0x8b, 0xba, 0x00, 0xaa, 0x00, 0x30, 0x0c, 0xab}),
                             TYPEFLAG_FHIDDEN);
  ifont.doc = u"Font Object";
  std::vector<Func> font_funcs;
  auto property = [&](std::vector<Func>& list, const char* name, const char* arg, Type t, bool put = true) {
    list.push_back(Builder::func(name, hr, {Builder::param(arg, pointer_to(t), RETVAL)}, INVOKE_PROPERTYGET));
    if (put) list.push_back(Builder::func(name, hr, {Builder::param(arg, t, IN)}, INVOKE_PROPERTYPUT));
  };
  property(font_funcs, "Name", "pname", bstr);
  property(font_funcs, "Size", "psize", cy);
  property(font_funcs, "Bold", "pbold", vbool);
  property(font_funcs, "Italic", "pitalic", vbool);
  property(font_funcs, "Underline", "punderline", vbool);
  property(font_funcs, "Strikethrough", "pstrikethrough", vbool);
  property(font_funcs, "Weight", "pweight", i2);
  property(font_funcs, "Charset", "pcharset", i2);
  property(font_funcs, "hFont", "phfont", handle_t, false);
  font_funcs.push_back(Builder::func("Clone", hr, {Builder::param("ppfont", pointer_to(pointer_to(b.user(ifont_index))), OUT)}));
  font_funcs.push_back(Builder::func("IsEqual", hr, {Builder::param("pfontOther", pointer_to(b.user(ifont_index)), IN)}));
  font_funcs.push_back(Builder::func("SetRatio", hr, {Builder::param("cyLogical", i4, IN), Builder::param("cyHimetric", i4, IN)}));
  font_funcs.push_back(Builder::func("AddRefHfont", hr, {Builder::param("hFont", handle_t, IN)}));
  font_funcs.push_back(Builder::func("ReleaseHfont", hr, {Builder::param("hFont", handle_t, IN)}));
  b.iface(ifont, unknown, 3, 1, std::move(font_funcs));

  Info font = Builder::info(TKIND_DISPATCH, "Font", make_guid(0xbef6e003, 0xa874, 0x101a, {0x8b, 0xba, 0x00, 0xaa, 0x00, 0x30, 0x0c, 0xab}));
  const int font_disp = b.dispinterface(
      font,
      {{Builder::field("Name", bstr, 0), 0}, {Builder::field("Size", cy, 0), 2}, {Builder::field("Bold", vbool, 0), 3},
       {Builder::field("Italic", vbool, 0), 4}, {Builder::field("Underline", vbool, 0), 5},
       {Builder::field("Strikethrough", vbool, 0), 6}, {Builder::field("Weight", i2, 0), 7},
       {Builder::field("Charset", i2, 0), 8}},
      {});
  b.alias("IFontDisp", GuidBytes{}, b.user(font_disp), p, static_cast<uint16_t>(p));
  b.coclass(Builder::info(TKIND_COCLASS, "StdFont", make_guid(0x0be35203, 0x8f91, 0x11ce, {0x9d, 0xe3, 0x00, 0xaa, 0x00, 0x4b, 0xb8, 0x51}),
                          TYPEFLAG_FCANCREATE),
            {{font_disp, 1}, {ifont_index, 0}});

  Info ipicture = Builder::info(TKIND_INTERFACE, "IPicture", make_guid(0x7bf80980, 0xbf32, 0x101a, {0x8b, 0xbb, 0x00, 0xaa, 0x00, 0x30, 0x0c, 0xab}),
                                TYPEFLAG_FHIDDEN);
  ipicture.doc = u"Picture Object";
  const Type xs = b.user(xsize_himetric), ys = b.user(ysize_himetric), xp = b.user(xpos_himetric), yp = b.user(ypos_himetric);
  std::vector<Func> pic;
  property(pic, "Handle", "phandle", handle_t, false);
  property(pic, "hPal", "phpal", handle_t, false);
  property(pic, "Type", "ptype", i2, false);
  property(pic, "Width", "pwidth", xs, false);
  property(pic, "Height", "pheight", ys, false);
  auto render_params = [&](uint16_t flags) {
    return std::vector<Param>{Builder::param("hdc", intt, flags),     Builder::param("x", i4, flags),
                              Builder::param("y", i4, flags),         Builder::param("cx", i4, flags),
                              Builder::param("cy", i4, flags),        Builder::param("xSrc", xp, flags),
                              Builder::param("ySrc", yp, flags),      Builder::param("cxSrc", xs, flags),
                              Builder::param("cySrc", ys, flags),     Builder::param("prcWBounds", void_ptr, flags)};
  };
  pic.push_back(Builder::func("Render", hr, render_params(IN)));
  pic.push_back(Builder::func("hPal", hr, {Builder::param("phpal", handle_t, IN)}, INVOKE_PROPERTYPUT));
  property(pic, "CurDC", "phdcOut", intt, false);
  pic.push_back(Builder::func("SelectPicture", hr,
                              {Builder::param("hdcIn", intt, IN), Builder::param("phdcOut", pointer_to(intt), OUT),
                               Builder::param("phbmpOut", pointer_to(handle_t), OUT)}));
  property(pic, "KeepOriginalFormat", "pfkeep", vbool);
  pic.push_back(Builder::func("PictureChanged", hr, {}));
  pic.push_back(Builder::func("SaveAsFile", hr,
                              {Builder::param("pstm", void_ptr, IN), Builder::param("fSaveMemCopy", vbool, IN),
                               Builder::param("pcbSize", pointer_to(i4), OUT)}));
  property(pic, "Attributes", "pdwAttr", i4, false);
  pic.push_back(Builder::func("SetHdc", hr, {Builder::param("hdc", handle_t, IN)}));
  const int ipicture_index = b.iface(ipicture, unknown, 3, 1, std::move(pic));

  Info picture = Builder::info(TKIND_DISPATCH, "Picture", make_guid(0x7bf80981, 0xbf32, 0x101a, {0x8b, 0xbb, 0x00, 0xaa, 0x00, 0x30, 0x0c, 0xab}));
  const int picture_disp = b.dispinterface(
      picture,
      {{Builder::field("Handle", handle_t, 0, VARFLAG_FREADONLY), 0}, {Builder::field("hPal", handle_t, 0), 2},
       {Builder::field("Type", i2, 0, VARFLAG_FREADONLY), 3}, {Builder::field("Width", xs, 0, VARFLAG_FREADONLY), 4},
       {Builder::field("Height", ys, 0, VARFLAG_FREADONLY), 5}},
      {{Builder::func("Render", voidt, render_params(0)), 6}});
  const int picture_alias = b.alias("IPictureDisp", GuidBytes{}, b.user(picture_disp), p, static_cast<uint16_t>(p));
  b.coclass(Builder::info(TKIND_COCLASS, "StdPicture", make_guid(0x0be35204, 0x8f91, 0x11ce, {0x9d, 0xe3, 0x00, 0xaa, 0x00, 0x4b, 0xb8, 0x51}),
                          TYPEFLAG_FCANCREATE),
            {{picture_disp, 1}, {ipicture_index, 0}});
  const int load_constants =
      b.enumeration(Builder::info(TKIND_ENUM, "LoadPictureConstants",
                                  make_guid(0xe6c8fa08, 0xbd9f, 0x11d0, {0x98, 0x5e, 0x00, 0xc0, 0x4f, 0xc2, 0x99, 0x93})),
                    {{"Default", 0}, {"Monochrome", 1}, {"VgaColor", 2}, {"Color", 4}});

  Info module = Builder::info(TKIND_MODULE, "StdFunctions", make_guid(0x91209ac0, 0x60f6, 0x11cf, {0x9c, 0x5d, 0x00, 0xaa, 0x00, 0xc1, 0x48, 0x9e}));
  module.doc = u"Functions for Standard OLE Objects";
  module.help_context = 0x2775;
  module.dll_name = u"oleaut32.dll";
  auto module_func = [&](const char* name, const char* entry, const char* help, std::vector<Param> params, int index) {
    Func f = Builder::func(name, hr, std::move(params));
    f.funckind = FUNC_STATIC;
    f.memid = 0x60000000 + index;
    f.entry_kind = Func::Entry::kName;
    f.entry = u16(entry);
    f.help_string = u16(help);
    f.help_context = 0x2775;
    return f;
  };
  Param filename = Builder::param("filename", variant, IN | PARAMFLAG_FOPT);
  auto defaulted = [&](const char* name, Type t, uint16_t vt) {
    Param pa = Builder::param(name, std::move(t), IN | PARAMFLAG_FOPT | PARAMFLAG_FHASDEFAULT);
    pa.default_value = Value{};
    pa.default_value->vt = vt;
    return pa;
  };
  module.funcs.push_back(module_func("LoadPicture", "OleLoadPictureFileEx", "Loads a picture from a file",
                                     {filename, defaulted("widthDesired", intt, VT_INT), defaulted("heightDesired", intt, VT_INT),
                                      defaulted("flags", b.user(load_constants), VT_I4),
                                      Builder::param("retval", pointer_to(pointer_to(b.user(picture_alias))), RETVAL)},
                                     0));
  module.funcs.push_back(module_func("SavePicture", "OleSavePictureFile", "Saves a picture to a file",
                                     {Builder::param("Picture", pointer_to(b.user(picture_alias)), IN),
                                      Builder::param("filename", bstr, IN)},
                                     1));
  module.funcs[0].optional_params = 1;
  module.alignment = 1;
  module.size = static_cast<uint32_t>(module.funcs.size());
  b.add(std::move(module));

  Info events = Builder::info(TKIND_DISPATCH, "FontEvents", make_guid(0x4ef6100a, 0xaf88, 0x11d0, {0x98, 0x46, 0x00, 0xc0, 0x4f, 0xc2, 0x99, 0x93}),
                              TYPEFLAG_FHIDDEN);
  events.doc = u"Event Interface for the Font Object";
  const int events_disp = b.dispinterface(
      events, {}, {{Builder::func("FontChanged", voidt, {Builder::param("PropertyName", bstr, IN)}), 9}});
  b.alias("IFontEventsDisp", GuidBytes{}, b.user(events_disp), p, static_cast<uint16_t>(p));
  return lib;
}

}  // namespace polyrun::shims::oleaut::tlb
