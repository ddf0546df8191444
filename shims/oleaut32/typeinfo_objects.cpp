// ITypeInfo2: one type of a loaded library. Its attributes, functions and variables (a dispatch
// interface's functions include those of the interfaces it inherits, IUnknown's and IDispatch's
// first, as IDispatch::Invoke sees them), names, implemented interfaces and the types they refer
// to (in this library or one it imports, loaded when first asked for; a dual interface's other
// view through the reference -2), documentation, DLL entries, custom data, and the instances of a
// class (CreateInstance). Invoke and AddressOfMember are typeinfo_invoke.cpp's.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/typeinfo_descs.h"
#include "shims/oleaut32/typelib_objects.h"

namespace polyrun::shims::oleaut::tlb {

namespace {

constexpr uint32_t kDispatchHrefOffset = 0x01000000, kDispatchHrefMask = 0xff000000;
constexpr int32_t CLASS_E_NOAGGREGATION = static_cast<int32_t>(0x80040110);
constexpr uint32_t CLSCTX_INPROC_SERVER = 1, CLSCTX_LOCAL_SERVER = 4;
constexpr uint16_t TYPEFLAG_FAPPOBJECT = 0x1;

// A type info's library, type and the kind its view gives it.
struct View {
  InfoObject& object;
  LibObject& owner;
  const Info& info;
  uint32_t kind;
};
View view_of(uint64_t self) {
  InfoObject& o = info_object(self);
  LibObject& l = library_object(o.library);
  const Info& info = l.lib->infos[static_cast<size_t>(o.index)];
  uint32_t kind = info.kind;
  if (o.other_view) kind = kind == TKIND_INTERFACE ? TKIND_DISPATCH : TKIND_INTERFACE;
  return View{o, l, info, kind};
}

uint32_t add_ref(uint64_t self) {
  InfoObject& o = info_object(self);
  if (o.refs++ == 0) add_ref_library(o.library);
  return o.refs;
}
uint32_t release(WindowsProcess& p, uint64_t self) {
  InfoObject& o = info_object(self);
  if (o.refs == 0) return 0;
  if (--o.refs) return o.refs;
  release_library(p, o.library);
  return 0;
}

int32_t ref_type_info(WindowsProcess& p, uint64_t self, uint32_t href, uint64_t& out);

// The reference -2: a dual interface's other view.
int32_t other_view(WindowsProcess& p, uint64_t self, uint64_t& out) {
  const View v = view_of(self);
  if (!(v.info.flags & TYPEFLAG_FDUAL) || (v.kind != TKIND_INTERFACE && v.kind != TKIND_DISPATCH))
    return TYPE_E_ELEMENTNOTFOUND;
  out = typeinfo_object(p, v.object.library, v.object.index, !v.object.other_view);
  return S_OK;
}

// A reference of an inherited interface's function seen through a dispatch interface: each
// level of inheritance added kDispatchHrefOffset.
int32_t dispatch_ref(WindowsProcess& p, uint64_t self, uint32_t& href, uint64_t& out) {
  const View v = view_of(self);
  if (!v.info.impls.empty() && (href & kDispatchHrefMask)) {
    uint64_t sub = 0;
    const int32_t hr = ref_type_info(p, self, v.info.impls[0].href, sub);
    if (hr < 0) return hr;
    const int32_t r = dispatch_ref(p, sub, href, out);
    release(p, sub);
    if (r >= 0) return r;
  }
  href -= kDispatchHrefOffset;
  if (!(href & kDispatchHrefMask)) return ref_type_info(p, self, href, out);
  return E_FAIL;
}

int32_t ref_type_info(WindowsProcess& p, uint64_t self, uint32_t href, uint64_t& out) {
  out = 0;
  if (static_cast<int32_t>(href) < 0) return other_view(p, self, out);
  const View v = view_of(self);
  if ((href & kDispatchHrefMask) && v.kind == TKIND_DISPATCH) return dispatch_ref(p, self, href, out);
  uint64_t found = 0;
  if (!(href & 1)) {
    const int index = info_index_of_href(*v.owner.lib, href);
    if (index >= 0) found = typeinfo_object(p, v.object.library, index);
  }
  if (!found) {
    const ImportRef* ref = nullptr;
    for (const ImportRef& r : v.owner.lib->refs)
      if (r.reference == (href & ~3u)) ref = &r;
    if (!ref || ref->library < 0) return E_FAIL;
    uint64_t other = 0;
    const int32_t hr = load_import(p, v.object.library, ref->library, other);
    if (hr < 0) return hr;
    const Library& lib = *library_object(other).lib;
    int index = -1;
    if (ref->by_guid) {
      for (size_t i = 0; i < lib.infos.size(); ++i)
        if (lib.infos[i].guid == ref->guid) index = static_cast<int>(i);
    } else if (ref->index >= 0 && static_cast<size_t>(ref->index) < lib.infos.size()) {
      index = ref->index;
    }
    if (index < 0) return TYPE_E_ELEMENTNOTFOUND;
    found = typeinfo_object(p, other, index);
  }
  if (href & 2) {
    uint64_t dual = 0;
    if (other_view(p, found, dual) >= 0) {
      release(p, found);
      found = dual;
    }
  }
  out = found;
  return S_OK;
}

// Function `index` of a dispatch interface counting the inherited ones first: the function, the
// type info it belongs to and how much its references are offset.
int32_t dispatch_func(WindowsProcess& p, uint64_t self, uint32_t index, const Func*& func, uint32_t* funcs,
                      uint32_t& href_offset) {
  const View v = view_of(self);
  if (funcs) *funcs = 0;
  else href_offset = kDispatchHrefOffset;
  uint32_t inherited = 0;
  if (!v.info.impls.empty()) {
    uint64_t sub = 0;
    const int32_t hr = ref_type_info(p, self, v.info.impls[0].href, sub);
    if (hr < 0) return hr;
    uint32_t sub_funcs = 0;
    const int32_t r = dispatch_func(p, sub, index, func, &sub_funcs, href_offset);
    inherited += sub_funcs;
    release(p, sub);
    if (r >= 0) return r;
    href_offset += kDispatchHrefOffset;
  }
  if (funcs) *funcs = inherited + static_cast<uint32_t>(v.info.funcs.size());
  else href_offset = 0;
  if (index < inherited) return E_INVALIDARG;
  index -= inherited;
  if (index >= v.info.funcs.size()) return TYPE_E_ELEMENTNOTFOUND;
  func = &v.info.funcs[index];
  return S_OK;
}

// The function at `index` as this view sees it.
int32_t func_at(WindowsProcess& p, uint64_t self, uint32_t index, const Func*& func, uint32_t& href_offset) {
  const View v = view_of(self);
  href_offset = 0;
  if (v.kind == TKIND_DISPATCH) return dispatch_func(p, self, index, func, nullptr, href_offset);
  if (index >= v.info.funcs.size()) return TYPE_E_ELEMENTNOTFOUND;
  func = &v.info.funcs[index];
  return S_OK;
}

const Func* func_of_memid(const Info& info, int32_t memid) {
  for (const Func& f : info.funcs)
    if (f.memid == memid) return &f;
  return nullptr;
}
const Var* var_of_memid(const Info& info, int32_t memid) {
  for (const Var& v : info.vars)
    if (v.memid == memid) return &v;
  return nullptr;
}
// The first implemented interface's type info, for the searches that go on there.
bool inherited(WindowsProcess& p, uint64_t self, uint64_t& sub) {
  const View v = view_of(self);
  if (v.info.impls.empty() || (v.kind != TKIND_INTERFACE && v.kind != TKIND_DISPATCH)) return false;
  return ref_type_info(p, self, v.info.impls[0].href, sub) >= 0;
}

// ---- ITypeInfo ----

HRESULT QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidITypeInfo) || guid_is(iid.addr, kIidITypeInfo2)) {
    add_ref(self.addr);
    p.put_ptr(out.addr, self.addr);
    return S_OK;
  }
  p.put_ptr(out.addr, 0);
  return E_NOINTERFACE;
}
uint32_t AddRef(WindowsProcess&, Ptr self) { return add_ref(self.addr); }
uint32_t Release(WindowsProcess& p, Ptr self) { return release(p, self.addr); }

HRESULT GetTypeAttr(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  const View v = view_of(self.addr);
  const Library& lib = *v.owner.lib;
  TypeAttr a;
  a.guid = v.info.guid;
  a.lcid = lib.set_lcid;
  a.size = v.info.size;
  a.kind = v.kind;
  a.funcs = static_cast<uint16_t>(v.info.funcs.size());
  a.vars = static_cast<uint16_t>(v.info.vars.size());
  a.impls = v.info.impl_count;
  a.vft_size = v.info.vft_size;
  a.alignment = v.info.alignment;
  a.flags = v.info.flags;
  a.major = v.info.major;
  a.minor = v.info.minor;
  a.alias = v.info.alias;
  const unsigned ptr = p.isa->ptr;
  if (ptr == 8 && lib.ptr_size == 4 &&
      (v.kind == TKIND_INTERFACE || v.kind == TKIND_DISPATCH || v.kind == TKIND_COCLASS)) {
    a.size = 8;  // a 32-bit library's interfaces in a 64-bit process: pointers of 8 bytes
    a.alignment = 8;
  }
  if (a.kind == TKIND_DISPATCH) {
    a.funcs = static_cast<uint16_t>(a.vft_size / lib.ptr_size);  // the inherited ones too
    a.vft_size = static_cast<uint16_t>(7 * ptr);                  // IDispatch's vtable
    a.flags &= ~TYPEFLAG_FOLEAUTOMATION;
  }
  const uint64_t block = write_type_attr(p, a);
  if (!block) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, block);
  return S_OK;
}
HRESULT GetTypeComp(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  const uint64_t c = new_type_comp(p, self.addr);
  if (!c) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, c);
  return S_OK;
}
HRESULT GetFuncDesc(WindowsProcess& p, Ptr self, uint32_t index, Ptr out) {
  if (!out) return E_INVALIDARG;
  const Func* f = nullptr;
  uint32_t href_offset = 0;
  const int32_t hr = func_at(p, self.addr, index, f, href_offset);
  if (hr < 0) return hr;
  const View v = view_of(self.addr);
  FuncView fv;
  fv.dispatch = v.kind == TKIND_DISPATCH;
  fv.href_offset = fv.dispatch ? href_offset : 0;
  fv.vtable_offset = vtable_offset_in(p, *f, *v.owner.lib);
  const uint64_t block = write_func_desc(p, *f, fv);
  if (!block) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, block);
  return S_OK;
}
HRESULT GetVarDesc(WindowsProcess& p, Ptr self, uint32_t index, Ptr out) {
  if (!out) return E_INVALIDARG;
  const View v = view_of(self.addr);
  if (index >= v.info.vars.size()) return TYPE_E_ELEMENTNOTFOUND;
  const uint64_t block = write_var_desc(p, v.info.vars[index]);
  if (!block) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, block);
  return S_OK;
}

// GetNames(memid, names[], max, &count): a function's name and its parameters' (through a
// dispatch interface, without those Invoke supplies), or a variable's; else the inherited
// interface's.
int32_t names_of(WindowsProcess& p, uint64_t self, int32_t memid, uint64_t names, uint32_t max, uint32_t& count,
                 bool dispatch) {
  const View v = view_of(self);
  count = 0;
  if (const Func* f = func_of_memid(v.info, memid)) {
    if (!max || f->name.empty()) return S_OK;
    size_t params = f->params.size();
    if (dispatch && f->funckind != FUNC_DISPATCH) {
      if (params && (f->params[params - 1].flags & PARAMFLAG_FRETVAL)) --params;
      if (params && (f->params[params - 1].flags & PARAMFLAG_FLCID)) --params;
    }
    p.put_ptr(names, make_bstr(p, f->name));
    ++count;
    for (size_t k = 0; k < params; ++k) {
      if (count >= max || f->params[k].name.empty()) return S_OK;
      p.put_ptr(names + count * p.isa->ptr, make_bstr(p, f->params[k].name));
      ++count;
    }
    return S_OK;
  }
  if (const Var* var = var_of_memid(v.info, memid)) {
    p.put_ptr(names, make_bstr(p, var->name));
    count = 1;
    return S_OK;
  }
  uint64_t sub = 0;
  if (inherited(p, self, sub)) {
    const int32_t hr = names_of(p, sub, memid, names, max, count, dispatch);
    release(p, sub);
    return hr;
  }
  count = 0;
  return TYPE_E_ELEMENTNOTFOUND;
}
HRESULT GetNames(WindowsProcess& p, Ptr self, int32_t memid, Ptr names, uint32_t max, Ptr count) {
  if (!names || !count) return E_INVALIDARG;
  uint32_t n = 0;
  const int32_t hr = names_of(p, self.addr, memid, names.addr, max, n, view_of(self.addr).kind == TKIND_DISPATCH);
  put<uint32_t>(count.addr, n);
  return hr;
}
// GetRefTypeOfImplType(index, &href): -1 a dual interface's other view (-2); a dispatch
// interface's first, IDispatch; an interface's references carry bit 1 (its own view of a dual).
HRESULT GetRefTypeOfImplType(WindowsProcess&, Ptr self, uint32_t index, Ptr out) {
  if (!out) return E_INVALIDARG;
  const View v = view_of(self.addr);
  if (index == 0xffffffffu) {
    if (!(v.info.flags & TYPEFLAG_FDUAL)) return TYPE_E_ELEMENTNOTFOUND;
    put<uint32_t>(out.addr, 0xfffffffeu);
    return S_OK;
  }
  if (index == 0 && v.kind == TKIND_DISPATCH) {
    put<uint32_t>(out.addr, v.owner.lib->dispatch_href);
    return S_OK;
  }
  if (index >= v.info.impl_count || index >= v.info.impls.size()) return TYPE_E_ELEMENTNOTFOUND;
  uint32_t href = v.info.impls[index].href;
  if (v.kind == TKIND_INTERFACE) href |= 2;
  put<uint32_t>(out.addr, href);
  return S_OK;
}
HRESULT GetImplTypeFlags(WindowsProcess&, Ptr self, uint32_t index, Ptr out) {
  if (!out) return E_INVALIDARG;
  const View v = view_of(self.addr);
  if (v.kind == TKIND_DISPATCH && index == 0) {
    put<int32_t>(out.addr, 0);
    return S_OK;
  }
  if (index >= v.info.impl_count || index >= v.info.impls.size()) return TYPE_E_ELEMENTNOTFOUND;
  put<int32_t>(out.addr, v.info.impls[index].flags);
  return S_OK;
}
// GetIDsOfNames(names[], count, memids[]): the member's ID, then each named parameter's index.
int32_t ids_of(WindowsProcess& p, uint64_t self, const std::vector<std::u16string>& names, uint64_t memids) {
  const View v = view_of(self);
  for (size_t k = 0; k < names.size(); ++k) put<int32_t>(memids + k * 4, MEMBERID_NIL);
  if (names.empty()) return S_OK;
  for (const Func& f : v.info.funcs) {
    if (!same_name(f.name, names[0])) continue;
    put<int32_t>(memids, f.memid);
    int32_t hr = S_OK;
    for (size_t k = 1; k < names.size(); ++k) {
      size_t j = 0;
      while (j < f.params.size() && !same_name(f.params[j].name, names[k])) ++j;
      if (j < f.params.size()) put<int32_t>(memids + k * 4, static_cast<int32_t>(j));
      else hr = DISP_E_UNKNOWNNAME;
    }
    return hr;
  }
  for (const Var& var : v.info.vars) {
    if (same_name(var.name, names[0])) {
      put<int32_t>(memids, var.memid);
      return S_OK;
    }
  }
  if (!v.info.impls.empty()) {
    uint64_t sub = 0;
    const int32_t hr = ref_type_info(p, self, v.info.impls[0].href, sub);
    if (hr < 0) return hr;
    const int32_t r = ids_of(p, sub, names, memids);
    release(p, sub);
    return r;
  }
  return DISP_E_UNKNOWNNAME;
}
HRESULT GetIDsOfNames(WindowsProcess& p, Ptr self, Ptr names, uint32_t count, Ptr memids) {
  if (!names || (count && !memids)) return E_INVALIDARG;
  std::vector<std::u16string> list;
  for (uint32_t k = 0; k < count; ++k) {
    const uint64_t s = p.get_ptr(names.addr + k * p.isa->ptr);
    list.push_back(s ? std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(s))) : std::u16string());
  }
  return ids_of(p, self.addr, list, memids.addr);
}
// GetDocumentation(memid, &name, &doc, &help_context, &help_file): MEMBERID_NIL the type's.
int32_t documentation(WindowsProcess& p, uint64_t self, int32_t memid, Ptr name, Ptr doc, Ptr context, Ptr file) {
  const View v = view_of(self);
  const std::u16string *n = nullptr, *d = nullptr;
  uint32_t c = 0;
  if (memid == MEMBERID_NIL) {
    n = &v.info.name;
    d = &v.info.doc;
    c = v.info.help_context;
  } else if (const Func* f = func_of_memid(v.info, memid)) {
    n = &f->name;
    d = &f->help_string;
    c = f->help_context;
  } else if (const Var* var = var_of_memid(v.info, memid)) {
    n = &var->name;
    d = &var->help_string;
    c = var->help_context;
  }
  if (n) {
    if (name) put_bstr(p, name.addr, *n);
    if (doc) put_bstr(p, doc.addr, *d);
    if (context) put<uint32_t>(context.addr, c);
    if (file) put_bstr(p, file.addr, v.owner.lib->help_file);
    return S_OK;
  }
  uint64_t sub = 0;
  if (inherited(p, self, sub)) {
    const int32_t hr = documentation(p, sub, memid, name, doc, context, file);
    release(p, sub);
    return hr;
  }
  return TYPE_E_ELEMENTNOTFOUND;
}
HRESULT GetDocumentation(WindowsProcess& p, Ptr self, int32_t memid, Ptr name, Ptr doc, Ptr context, Ptr file) {
  return documentation(p, self.addr, memid, name, doc, context, file);
}
// GetDllEntry(memid, invkind, &dll, &name, &ordinal): a module's function's entry (the ordinal
// 0xffff when it has a name).
HRESULT GetDllEntry(WindowsProcess& p, Ptr self, int32_t memid, uint32_t invkind, Ptr dll, Ptr name, Ptr ordinal) {
  if (dll) p.put_ptr(dll.addr, 0);
  if (name) p.put_ptr(name.addr, 0);
  if (ordinal) put<uint16_t>(ordinal.addr, 0);
  const View v = view_of(self.addr);
  if (v.kind != TKIND_MODULE) return TYPE_E_BADMODULEKIND;
  const Func* f = nullptr;
  for (const Func& fn : v.info.funcs)
    if (!f && fn.memid == memid && (fn.invkind & invkind)) f = &fn;
  if (!f) return TYPE_E_ELEMENTNOTFOUND;
  if (dll) put_bstr(p, dll.addr, v.info.dll_name);
  uint16_t ord = 0;
  switch (f->entry_kind) {
    case Func::Entry::kName:
      if (name) put_bstr(p, name.addr, f->entry);
      ord = 0xffff;
      break;
    case Func::Entry::kAbsent: ord = 0xffff; break;
    case Func::Entry::kOrdinal: ord = f->entry_ordinal; break;
    case Func::Entry::kNull: break;
  }
  if (ordinal) put<uint16_t>(ordinal.addr, ord);
  return S_OK;
}
HRESULT Invoke(WindowsProcess& p, Ptr self, Ptr object, int32_t memid, uint16_t flags, Ptr params, Ptr result,
               Ptr excep, Ptr arg_err) {
  return typeinfo_invoke(p, self.addr, object.addr, memid, flags, params.addr, result.addr, excep.addr, arg_err.addr);
}
HRESULT AddressOfMember(WindowsProcess& p, Ptr self, int32_t memid, uint32_t invkind, Ptr out) {
  if (!out) return E_INVALIDARG;
  return typeinfo_address_of_member(p, self.addr, memid, invkind, out.addr);
}
HRESULT GetRefTypeInfo(WindowsProcess& p, Ptr self, uint32_t href, Ptr out) {
  if (!out) return E_INVALIDARG;
  uint64_t found = 0;
  const int32_t hr = ref_type_info(p, self.addr, href, found);
  p.put_ptr(out.addr, found);
  return hr;
}
// CreateInstance(outer, iid, &object): a class's object, the running one of an application
// object (GetActiveObject) or a new one (CoCreateInstance).
HRESULT CreateInstance(WindowsProcess& p, Ptr self, Ptr outer, Ptr iid, Ptr out) {
  if (!out) return E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (outer) return CLASS_E_NOAGGREGATION;
  const View v = view_of(self.addr);
  if (v.kind != TKIND_COCLASS) return E_INVALIDARG;
  const ole32::Scratch block(p, 16 + p.isa->ptr);
  const uint64_t clsid = block.addr;
  if (!clsid) return E_OUTOFMEMORY;
  std::memcpy(guest_pointer(clsid), v.info.guid.data(), 16);
  int32_t hr = S_FALSE;
  if (v.info.flags & TYPEFLAG_FAPPOBJECT) {
    const uint64_t slot = clsid + 16;
    hr = static_cast<int32_t>(p.call_export("oleaut32.dll", "GetActiveObject", {clsid, 0, slot}));
    if (hr == S_OK) {
      const uint64_t running = p.get_ptr(slot);
      hr = static_cast<int32_t>(call_method(p, running, kQueryInterface, {iid.addr, out.addr}));
      call_method(p, running, kRelease);
    }
  }
  if (hr != S_OK)
    hr = static_cast<int32_t>(p.call_export("ole32.dll", "CoCreateInstance",
                                            {clsid, 0, CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER, iid.addr, out.addr}));
  return hr;
}
// GetMops: Windows gives no marshaling string.
HRESULT GetMops(WindowsProcess& p, Ptr, int32_t, Ptr out) {
  if (!out) return E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  return S_OK;
}
HRESULT GetContainingTypeLib(WindowsProcess& p, Ptr self, Ptr lib, Ptr index) {
  const InfoObject& o = info_object(self.addr);
  if (index) put<uint32_t>(index.addr, static_cast<uint32_t>(o.index));
  if (lib) {
    add_ref_library(o.library);
    p.put_ptr(lib.addr, o.library);
  }
  return S_OK;
}
void ReleaseDesc(WindowsProcess& p, Ptr, Ptr block) { release_desc(p, block.addr); }

// ---- ITypeInfo2 ----

HRESULT GetTypeKind(WindowsProcess&, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  put<uint32_t>(out.addr, view_of(self.addr).kind);
  return S_OK;
}
HRESULT GetTypeFlags(WindowsProcess&, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  put<uint32_t>(out.addr, view_of(self.addr).info.flags);
  return S_OK;
}
HRESULT GetFuncIndexOfMemId(WindowsProcess&, Ptr self, int32_t memid, uint32_t invkind, Ptr out) {
  if (!out) return E_INVALIDARG;
  const View v = view_of(self.addr);
  for (size_t k = 0; k < v.info.funcs.size(); ++k) {
    if (v.info.funcs[k].memid == memid && (invkind & v.info.funcs[k].invkind)) {
      put<uint32_t>(out.addr, static_cast<uint32_t>(k));
      return S_OK;
    }
  }
  return TYPE_E_ELEMENTNOTFOUND;
}
HRESULT GetVarIndexOfMemId(WindowsProcess&, Ptr self, int32_t memid, Ptr out) {
  if (!out) return E_INVALIDARG;
  const View v = view_of(self.addr);
  for (size_t k = 0; k < v.info.vars.size(); ++k) {
    if (v.info.vars[k].memid == memid) {
      put<uint32_t>(out.addr, static_cast<uint32_t>(k));
      return S_OK;
    }
  }
  return TYPE_E_ELEMENTNOTFOUND;
}
HRESULT GetCustData(WindowsProcess& p, Ptr self, Ptr guid, Ptr out) {
  if (!guid || !out) return E_INVALIDARG;
  return write_custom(p, guid.addr, out.addr, view_of(self.addr).info.custom);
}
HRESULT GetFuncCustData(WindowsProcess& p, Ptr self, uint32_t index, Ptr guid, Ptr out) {
  const Func* f = nullptr;
  uint32_t offset = 0;
  const int32_t hr = func_at(p, self.addr, index, f, offset);
  if (hr < 0) return hr;
  return write_custom(p, guid.addr, out.addr, f->custom);
}
HRESULT GetParamCustData(WindowsProcess& p, Ptr self, uint32_t index, uint32_t param, Ptr guid, Ptr out) {
  const Func* f = nullptr;
  uint32_t offset = 0;
  const int32_t hr = func_at(p, self.addr, index, f, offset);
  if (hr < 0) return hr;
  if (param >= f->params.size()) return TYPE_E_ELEMENTNOTFOUND;
  return write_custom(p, guid.addr, out.addr, f->params[param].custom);
}
HRESULT GetVarCustData(WindowsProcess& p, Ptr self, uint32_t index, Ptr guid, Ptr out) {
  const View v = view_of(self.addr);
  if (index >= v.info.vars.size()) return TYPE_E_ELEMENTNOTFOUND;
  return write_custom(p, guid.addr, out.addr, v.info.vars[index].custom);
}
HRESULT GetImplTypeCustData(WindowsProcess& p, Ptr self, uint32_t index, Ptr guid, Ptr out) {
  const View v = view_of(self.addr);
  if (index >= v.info.impls.size()) return TYPE_E_ELEMENTNOTFOUND;
  return write_custom(p, guid.addr, out.addr, v.info.impls[index].custom);
}
// GetDocumentation2(memid, lcid, &help_string, &help_string_context, &help_string_dll).
HRESULT GetDocumentation2(WindowsProcess& p, Ptr self, int32_t memid, uint32_t, Ptr text, Ptr context, Ptr dll) {
  const View v = view_of(self.addr);
  const std::u16string* d = nullptr;
  uint32_t c = 0;
  if (memid == MEMBERID_NIL) {
    d = &v.info.doc;
    c = v.info.help_string_context;
  } else if (const Func* f = func_of_memid(v.info, memid)) {
    d = &f->help_string;
    c = f->help_string_context;
  } else if (const Var* var = var_of_memid(v.info, memid)) {
    d = &var->help_string;
    c = var->help_string_context;
  }
  if (!d) return TYPE_E_ELEMENTNOTFOUND;
  if (text) put_bstr(p, text.addr, *d);
  if (context) put<uint32_t>(context.addr, c);
  if (dll) put_bstr(p, dll.addr, v.owner.lib->help_dll);
  return S_OK;
}
HRESULT GetAllCustData(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  return write_all_custom(p, out.addr, view_of(self.addr).info.custom);
}
HRESULT GetAllFuncCustData(WindowsProcess& p, Ptr self, uint32_t index, Ptr out) {
  const Func* f = nullptr;
  uint32_t offset = 0;
  const int32_t hr = func_at(p, self.addr, index, f, offset);
  if (hr < 0) return hr;
  return write_all_custom(p, out.addr, f->custom);
}
HRESULT GetAllParamCustData(WindowsProcess& p, Ptr self, uint32_t index, uint32_t param, Ptr out) {
  const Func* f = nullptr;
  uint32_t offset = 0;
  const int32_t hr = func_at(p, self.addr, index, f, offset);
  if (hr < 0) return hr;
  if (param >= f->params.size()) return TYPE_E_ELEMENTNOTFOUND;
  return write_all_custom(p, out.addr, f->params[param].custom);
}
HRESULT GetAllVarCustData(WindowsProcess& p, Ptr self, uint32_t index, Ptr out) {
  const View v = view_of(self.addr);
  if (index >= v.info.vars.size()) return TYPE_E_ELEMENTNOTFOUND;
  return write_all_custom(p, out.addr, v.info.vars[index].custom);
}
HRESULT GetAllImplTypeCustData(WindowsProcess& p, Ptr self, uint32_t index, Ptr out) {
  const View v = view_of(self.addr);
  if (index >= v.info.impls.size()) return TYPE_E_ELEMENTNOTFOUND;
  return write_all_custom(p, out.addr, v.info.impls[index].custom);
}

}  // namespace

TypeView type_view(uint64_t tinfo) {
  const View v = view_of(tinfo);
  return TypeView{v.info, *v.owner.lib, v.kind};
}
int32_t referenced_info(WindowsProcess& p, uint64_t info, uint32_t href, uint64_t& out) {
  return ref_type_info(p, info, href, out);
}
uint32_t release_info(WindowsProcess& p, uint64_t info) { return release(p, info); }

const std::vector<Export>& typeinfo_methods() {
  static const std::vector<Export> m = {
      EXPORT("ITypeInfo2::QueryInterface", QueryInterface),
      EXPORT("ITypeInfo2::AddRef", AddRef),
      EXPORT("ITypeInfo2::Release", Release),
      EXPORT("ITypeInfo2::GetTypeAttr", GetTypeAttr),
      EXPORT("ITypeInfo2::GetTypeComp", GetTypeComp),
      EXPORT("ITypeInfo2::GetFuncDesc", GetFuncDesc),
      EXPORT("ITypeInfo2::GetVarDesc", GetVarDesc),
      EXPORT("ITypeInfo2::GetNames", GetNames),
      EXPORT("ITypeInfo2::GetRefTypeOfImplType", GetRefTypeOfImplType),
      EXPORT("ITypeInfo2::GetImplTypeFlags", GetImplTypeFlags),
      EXPORT("ITypeInfo2::GetIDsOfNames", GetIDsOfNames),
      EXPORT("ITypeInfo2::Invoke", Invoke),
      EXPORT("ITypeInfo2::GetDocumentation", GetDocumentation),
      EXPORT("ITypeInfo2::GetDllEntry", GetDllEntry),
      EXPORT("ITypeInfo2::GetRefTypeInfo", GetRefTypeInfo),
      EXPORT("ITypeInfo2::AddressOfMember", AddressOfMember),
      EXPORT("ITypeInfo2::CreateInstance", CreateInstance),
      EXPORT("ITypeInfo2::GetMops", GetMops),
      EXPORT("ITypeInfo2::GetContainingTypeLib", GetContainingTypeLib),
      EXPORT("ITypeInfo2::ReleaseTypeAttr", ReleaseDesc),
      EXPORT("ITypeInfo2::ReleaseFuncDesc", ReleaseDesc),
      EXPORT("ITypeInfo2::ReleaseVarDesc", ReleaseDesc),
      EXPORT("ITypeInfo2::GetTypeKind", GetTypeKind),
      EXPORT("ITypeInfo2::GetTypeFlags", GetTypeFlags),
      EXPORT("ITypeInfo2::GetFuncIndexOfMemId", GetFuncIndexOfMemId),
      EXPORT("ITypeInfo2::GetVarIndexOfMemId", GetVarIndexOfMemId),
      EXPORT("ITypeInfo2::GetCustData", GetCustData),
      EXPORT("ITypeInfo2::GetFuncCustData", GetFuncCustData),
      EXPORT("ITypeInfo2::GetParamCustData", GetParamCustData),
      EXPORT("ITypeInfo2::GetVarCustData", GetVarCustData),
      EXPORT("ITypeInfo2::GetImplTypeCustData", GetImplTypeCustData),
      EXPORT("ITypeInfo2::GetDocumentation2", GetDocumentation2),
      EXPORT("ITypeInfo2::GetAllCustData", GetAllCustData),
      EXPORT("ITypeInfo2::GetAllFuncCustData", GetAllFuncCustData),
      EXPORT("ITypeInfo2::GetAllParamCustData", GetAllParamCustData),
      EXPORT("ITypeInfo2::GetAllVarCustData", GetAllVarCustData),
      EXPORT("ITypeInfo2::GetAllImplTypeCustData", GetAllImplTypeCustData),
  };
  return m;
}

}  // namespace polyrun::shims::oleaut::tlb
