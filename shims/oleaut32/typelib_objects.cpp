// ITypeLib2: a loaded type library as the program sees it. Its types by index or GUID, its
// attributes (TLIBATTR), documentation, names (IsName, FindName: without case, as Microsoft
// documents), statistics and custom data; the objects' bookkeeping the type infos share
// (typelib_objects.h); the ITypeComp object of a library or a type info, whose binding of names
// is type_comp.cpp's.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/typelib_objects.h"

namespace polyrun::shims::oleaut::tlb {

namespace {

std::map<uint64_t, LibObject>& libraries() {
  static std::map<uint64_t, LibObject> m;
  return m;
}
std::map<uint64_t, InfoObject>& infos() {
  static std::map<uint64_t, InfoObject> m;
  return m;
}
std::map<uint64_t, uint64_t>& comps() {  // ITypeComp → its owner's object
  static std::map<uint64_t, uint64_t> m;
  return m;
}

const Info* info_at(const LibObject& o, uint32_t index) {
  return index < o.lib->infos.size() ? &o.lib->infos[index] : nullptr;
}

// ---- ITypeLib2 ----

HRESULT Lib_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidITypeLib) || guid_is(iid.addr, kIidITypeLib2)) {
    add_ref_library(self.addr);
    p.put_ptr(out.addr, self.addr);
    return S_OK;
  }
  p.put_ptr(out.addr, 0);
  return E_NOINTERFACE;
}
uint32_t Lib_AddRef(WindowsProcess&, Ptr self) { return add_ref_library(self.addr); }
uint32_t Lib_Release(WindowsProcess& p, Ptr self) { return release_library(p, self.addr); }
uint32_t Lib_GetTypeInfoCount(WindowsProcess&, Ptr self) {
  return static_cast<uint32_t>(library_object(self.addr).lib->infos.size());
}
HRESULT Lib_GetTypeInfo(WindowsProcess& p, Ptr self, uint32_t index, Ptr out) {
  if (!out) return E_INVALIDARG;
  if (!info_at(library_object(self.addr), index)) return TYPE_E_ELEMENTNOTFOUND;
  p.put_ptr(out.addr, typeinfo_object(p, self.addr, static_cast<int>(index)));
  return S_OK;
}
HRESULT Lib_GetTypeInfoType(WindowsProcess&, Ptr self, uint32_t index, Ptr out) {
  if (!out) return E_INVALIDARG;
  const Info* info = info_at(library_object(self.addr), index);
  if (!info) return TYPE_E_ELEMENTNOTFOUND;
  put<uint32_t>(out.addr, info->kind);
  return S_OK;
}
HRESULT Lib_GetTypeInfoOfGuid(WindowsProcess& p, Ptr self, Ptr guid, Ptr out) {
  if (!guid || !out) return E_INVALIDARG;
  const LibObject& o = library_object(self.addr);
  for (size_t i = 0; i < o.lib->infos.size(); ++i) {
    if (guid_is(guid.addr, o.lib->infos[i].guid)) {
      p.put_ptr(out.addr, typeinfo_object(p, self.addr, static_cast<int>(i)));
      return S_OK;
    }
  }
  p.put_ptr(out.addr, 0);
  return TYPE_E_ELEMENTNOTFOUND;
}
// TLIBATTR: GUID, LCID, SYSKIND, major and minor version, flags (32 bytes at either width).
HRESULT Lib_GetLibAttr(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  const Library& lib = *library_object(self.addr).lib;
  const uint64_t a = p.heap.alloc(32);
  if (!a) return E_OUTOFMEMORY;
  std::memset(guest_pointer(a), 0, 32);
  std::memcpy(guest_pointer(a), lib.guid.data(), 16);
  put<uint32_t>(a + 16, lib.set_lcid);
  put<uint32_t>(a + 20, lib.syskind);
  put<uint16_t>(a + 24, lib.major);
  put<uint16_t>(a + 26, lib.minor);
  put<uint16_t>(a + 28, lib.flags);
  p.put_ptr(out.addr, a);
  return S_OK;
}
void Lib_ReleaseTLibAttr(WindowsProcess& p, Ptr, Ptr attr) {
  if (attr) p.heap.free(attr.addr);
}
HRESULT Lib_GetTypeComp(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  const uint64_t c = new_type_comp(p, self.addr);
  if (!c) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, c);
  return S_OK;
}
// GetDocumentation(index, &name, &doc, &help_context, &help_file): index -1 the library's own.
HRESULT Lib_GetDocumentation(WindowsProcess& p, Ptr self, int32_t index, Ptr name, Ptr doc, Ptr context, Ptr file) {
  const LibObject& o = library_object(self.addr);
  const Library& lib = *o.lib;
  const std::u16string *n = &lib.name, *d = &lib.doc;
  uint32_t c = lib.help_context;
  if (index != -1) {
    const Info* info = info_at(o, static_cast<uint32_t>(index));
    if (!info) return TYPE_E_ELEMENTNOTFOUND;
    n = &info->name;
    d = &info->doc;
    c = info->help_context;
  }
  if (name) put_bstr(p, name.addr, *n);
  if (doc) put_bstr(p, doc.addr, *d);
  if (context) put<uint32_t>(context.addr, c);
  if (file) put_bstr(p, file.addr, lib.help_file);
  return S_OK;
}
// Whether a type, member or parameter has the name; the name's case as the library has it
// written back into the caller's buffer.
bool find_any_name(const Library& lib, const std::u16string& want, std::u16string& found) {
  auto match = [&](const std::u16string& n) {
    if (!same_name(n, want)) return false;
    found = n;
    return true;
  };
  for (const Info& info : lib.infos) {
    if (match(info.name)) return true;
    for (const Func& f : info.funcs) {
      if (match(f.name)) return true;
      for (const Param& pa : f.params)
        if (match(pa.name)) return true;
    }
    for (const Var& v : info.vars)
      if (match(v.name)) return true;
  }
  return false;
}
void write_case(uint64_t buf, const std::u16string& found) {
  std::memcpy(guest_pointer(buf), found.data(), found.size() * 2);
}
HRESULT Lib_IsName(WindowsProcess&, Ptr self, WStr name, uint32_t, Ptr result) {
  if (!name.addr || !result) return E_INVALIDARG;
  std::u16string found;
  const bool yes = find_any_name(*library_object(self.addr).lib, name.data(), found);
  if (yes) write_case(name.addr, found);
  put<int32_t>(result.addr, yes ? 1 : 0);
  return S_OK;
}
// FindName(name, hash, infos[], memids[], &count): each type named so (MEMBERID_NIL) or having a
// function or variable so named (its member ID), up to *count of them.
HRESULT Lib_FindName(WindowsProcess& p, Ptr self, WStr name, uint32_t, Ptr out_infos, Ptr memids, Ptr count) {
  if (!name.addr || !count || !get<uint16_t>(count.addr) || !memids || !out_infos) return E_INVALIDARG;
  const uint16_t room = get<uint16_t>(count.addr);
  const std::u16string want = name.data();
  const Library& lib = *library_object(self.addr).lib;
  uint16_t n = 0;
  for (size_t i = 0; i < lib.infos.size() && n < room; ++i) {
    const Info& info = lib.infos[i];
    int32_t memid = 0;
    const std::u16string* hit = nullptr;
    if (same_name(info.name, want)) {
      memid = MEMBERID_NIL;
      hit = &info.name;
    }
    for (const Func& f : info.funcs)
      if (!hit && same_name(f.name, want)) {
        memid = f.memid;
        hit = &f.name;
      }
    for (const Var& v : info.vars)
      if (!hit && same_name(v.name, want)) {
        memid = v.memid;
        hit = &v.name;
      }
    if (!hit) continue;
    write_case(name.addr, *hit);
    p.put_ptr(out_infos.addr + n * p.isa->ptr, typeinfo_object(p, self.addr, static_cast<int>(i)));
    put<int32_t>(memids.addr + n * 4, memid);
    ++n;
  }
  put<uint16_t>(count.addr, n);
  return S_OK;
}
HRESULT Lib_GetCustData(WindowsProcess& p, Ptr self, Ptr guid, Ptr out) {
  if (!guid || !out) return E_INVALIDARG;
  const auto& list = library_object(self.addr).lib->custom;
  for (const CustomDatum& d : list)
    if (guid_is(guid.addr, d.guid)) return write_custom(p, guid.addr, out.addr, list);
  return TYPE_E_ELEMENTNOTFOUND;
}
// GetLibStatistics: the number of distinct names (without case) and their characters.
HRESULT Lib_GetLibStatistics(WindowsProcess&, Ptr self, Ptr names, Ptr chars) {
  const Library& lib = *library_object(self.addr).lib;
  std::vector<std::u16string> seen;
  uint32_t total = 0;
  auto add = [&](const std::u16string& n) {
    if (n.empty()) return;
    for (const auto& s : seen)
      if (same_name(s, n)) return;
    seen.push_back(n);
    total += static_cast<uint32_t>(n.size());
  };
  add(lib.name);
  for (const Info& info : lib.infos) {
    add(info.name);
    for (const Func& f : info.funcs) {
      add(f.name);
      for (const Param& pa : f.params) add(pa.name);
    }
    for (const Var& v : info.vars) add(v.name);
  }
  if (names) put<uint32_t>(names.addr, static_cast<uint32_t>(seen.size()));
  if (chars) put<uint32_t>(chars.addr, total);
  return S_OK;
}
// GetDocumentation2(index, lcid, &help_string, &help_string_context, &help_string_dll).
HRESULT Lib_GetDocumentation2(WindowsProcess& p, Ptr self, int32_t index, uint32_t, Ptr text, Ptr context, Ptr dll) {
  const LibObject& o = library_object(self.addr);
  const std::u16string* d = &o.lib->doc;
  uint32_t c = o.lib->help_string_context;
  if (index != -1) {
    const Info* info = info_at(o, static_cast<uint32_t>(index));
    if (!info) return TYPE_E_ELEMENTNOTFOUND;
    d = &info->doc;
    c = info->help_string_context;
  }
  if (text) put_bstr(p, text.addr, *d);
  if (context) put<uint32_t>(context.addr, c);
  if (dll) put_bstr(p, dll.addr, o.lib->help_dll);
  return S_OK;
}
HRESULT Lib_GetAllCustData(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  return write_all_custom(p, out.addr, library_object(self.addr).lib->custom);
}

const std::vector<Export>& library_methods() {
  static const std::vector<Export> m = {
      EXPORT("ITypeLib2::QueryInterface", Lib_QueryInterface),
      EXPORT("ITypeLib2::AddRef", Lib_AddRef),
      EXPORT("ITypeLib2::Release", Lib_Release),
      EXPORT("ITypeLib2::GetTypeInfoCount", Lib_GetTypeInfoCount),
      EXPORT("ITypeLib2::GetTypeInfo", Lib_GetTypeInfo),
      EXPORT("ITypeLib2::GetTypeInfoType", Lib_GetTypeInfoType),
      EXPORT("ITypeLib2::GetTypeInfoOfGuid", Lib_GetTypeInfoOfGuid),
      EXPORT("ITypeLib2::GetLibAttr", Lib_GetLibAttr),
      EXPORT("ITypeLib2::GetTypeComp", Lib_GetTypeComp),
      EXPORT("ITypeLib2::GetDocumentation", Lib_GetDocumentation),
      EXPORT("ITypeLib2::IsName", Lib_IsName),
      EXPORT("ITypeLib2::FindName", Lib_FindName),
      EXPORT("ITypeLib2::ReleaseTLibAttr", Lib_ReleaseTLibAttr),
      EXPORT("ITypeLib2::GetCustData", Lib_GetCustData),
      EXPORT("ITypeLib2::GetLibStatistics", Lib_GetLibStatistics),
      EXPORT("ITypeLib2::GetDocumentation2", Lib_GetDocumentation2),
      EXPORT("ITypeLib2::GetAllCustData", Lib_GetAllCustData),
  };
  return m;
}

// ---- ITypeComp: a reference on its owner (a library or a type info) ----

HRESULT Comp_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidITypeComp)) {
    call_method(p, self.addr, kAddRef);
    p.put_ptr(out.addr, self.addr);
    return S_OK;
  }
  p.put_ptr(out.addr, 0);
  return E_NOINTERFACE;
}
uint32_t Comp_AddRef(WindowsProcess& p, Ptr self) {
  auto it = comps().find(self.addr);
  if (it == comps().end()) touch_guest_byte(0);
  return call_method(p, it->second, kAddRef);
}
uint32_t Comp_Release(WindowsProcess& p, Ptr self) {
  auto it = comps().find(self.addr);
  if (it == comps().end()) touch_guest_byte(0);
  return call_method(p, it->second, kRelease);
}
uint64_t comp_owner(uint64_t self) {
  auto it = comps().find(self);
  if (it == comps().end()) touch_guest_byte(0);
  return it->second;
}
HRESULT Comp_Bind(WindowsProcess& p, Ptr self, Ptr name, uint32_t, uint16_t flags, Ptr tinfo, Ptr kind, Ptr bind) {
  return type_comp_bind(p, comp_owner(self.addr), name.addr, flags, tinfo.addr, kind.addr, bind.addr);
}
HRESULT Comp_BindType(WindowsProcess& p, Ptr self, Ptr name, uint32_t, Ptr tinfo, Ptr comp) {
  return type_comp_bind_type(p, comp_owner(self.addr), name.addr, tinfo.addr, comp.addr);
}
const std::vector<Export>& comp_methods() {
  static const std::vector<Export> m = {
      EXPORT("ITypeComp::QueryInterface", Comp_QueryInterface),
      EXPORT("ITypeComp::AddRef", Comp_AddRef),
      EXPORT("ITypeComp::Release", Comp_Release),
      EXPORT("ITypeComp::Bind", Comp_Bind),
      EXPORT("ITypeComp::BindType", Comp_BindType),
  };
  return m;
}

}  // namespace

bool same_name(const std::u16string& a, const std::u16string& b) {
  if (a.size() != b.size() || a.empty()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    char16_t x = a[k], y = b[k];
    if (x >= u'a' && x <= u'z') x = static_cast<char16_t>(x - 32);
    if (y >= u'a' && y <= u'z') y = static_cast<char16_t>(y - 32);
    if (x != y) return false;
  }
  return true;
}

uint64_t bstr_or_null(WindowsProcess& p, const std::u16string& s) { return s.empty() ? 0 : make_bstr(p, s); }
void put_bstr(WindowsProcess& p, uint64_t out, const std::u16string& s) { p.put_ptr(out, bstr_or_null(p, s)); }

int32_t write_custom(WindowsProcess& p, uint64_t guid, uint64_t variant, const std::vector<CustomDatum>& list) {
  std::memset(guest_pointer(variant), 0, variant_size(p));
  for (const CustomDatum& d : list)
    if (guid_is(guid, d.guid)) return write_variant(p, variant, d.value);
  return S_OK;
}

// CUSTDATA: a count and a CoTaskMemAlloc'd array of CUSTDATAITEM (a GUID and a VARIANT).
int32_t write_all_custom(WindowsProcess& p, uint64_t out, const std::vector<CustomDatum>& list) {
  const uint64_t item = 16 + variant_size(p);
  const uint64_t items = list.empty() ? 0 : p.heap.alloc(item * list.size());
  if (!list.empty() && !items) return E_OUTOFMEMORY;
  put<uint32_t>(out, static_cast<uint32_t>(list.size()));
  p.put_ptr(out + p.isa->ptr, items);
  for (size_t k = 0; k < list.size(); ++k) {
    const uint64_t at = items + k * item;
    std::memcpy(guest_pointer(at), list[k].guid.data(), 16);
    std::memset(guest_pointer(at + 16), 0, variant_size(p));
    const int32_t hr = write_variant(p, at + 16, list[k].value);
    if (hr < 0) return hr;
  }
  return S_OK;
}

uint64_t new_library_object(WindowsProcess& p, std::shared_ptr<Library> lib, const std::u16string& path, int index) {
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOleaut32, library_methods()));
  LibObject o;
  o.imported.assign(lib->imports.size(), 0);
  o.lib = std::move(lib);
  o.path = path;
  o.index = index;
  libraries()[self] = std::move(o);
  return self;
}

bool is_library_object(uint64_t self) { return libraries().count(self) != 0; }
bool is_info_object(uint64_t self) { return infos().count(self) != 0; }

LibObject& library_object(uint64_t self) {
  auto it = libraries().find(self);
  if (it == libraries().end()) touch_guest_byte(0);
  return it->second;
}
InfoObject& info_object(uint64_t self) {
  auto it = infos().find(self);
  if (it == infos().end()) touch_guest_byte(0);
  return it->second;
}

uint32_t add_ref_library(uint64_t self) { return ++library_object(self).refs; }

uint32_t release_library(WindowsProcess& p, uint64_t self) {
  LibObject& o = library_object(self);
  if (--o.refs) return o.refs;
  // Its type infos go with it, and its hold on the libraries it imported.
  for (const auto& [key, info] : o.infos) {
    infos().erase(info);
    p.heap.free(info);
  }
  const std::vector<uint64_t> imported = o.imported;
  libraries().erase(self);
  p.heap.free(self);
  for (uint64_t i : imported)
    if (i) release_library(p, i);
  return 0;
}

uint64_t cached_library(const std::u16string& path, int index) {
  for (auto& [addr, o] : libraries()) {
    if (!o.path.empty() && o.index == index && same_name(o.path, path)) {
      ++o.refs;
      return addr;
    }
  }
  return 0;
}

uint64_t typeinfo_object(WindowsProcess& p, uint64_t library, int index, bool other_view) {
  LibObject& o = library_object(library);
  uint64_t& slot = o.infos[{index, other_view}];
  if (!slot) {
    slot = p.heap.alloc(p.isa->ptr);
    if (!slot) touch_guest_byte(0);
    p.put_ptr(slot, com_vtable(p, kOleaut32, typeinfo_methods()));
    InfoObject io;
    io.library = library;
    io.index = index;
    io.other_view = other_view;
    infos()[slot] = io;
  }
  InfoObject& io = infos()[slot];
  if (io.refs++ == 0) add_ref_library(library);
  return slot;
}

uint64_t new_type_comp(WindowsProcess& p, uint64_t owner) {
  // One per owner, as Windows' is part of its owner: its references are the owner's.
  for (const auto& [comp, of] : comps()) {
    if (of == owner) {
      call_method(p, owner, kAddRef);
      return comp;
    }
  }
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOleaut32, comp_methods()));
  comps()[self] = owner;
  call_method(p, owner, kAddRef);
  return self;
}

}  // namespace polyrun::shims::oleaut::tlb
