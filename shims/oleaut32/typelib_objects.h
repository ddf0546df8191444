// The program's view of type libraries: the ITypeLib2 object of a loaded library
// (typelib_objects.cpp) and the ITypeInfo2 objects of its types (typeinfo_objects.cpp), each a
// guest block whose first pointer is its vtable; polyrun keeps their state here, by address.
// A library's type infos are made once and stay while the library does: each holds a reference
// to its library while the program holds one to it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "shims/oleaut32/type_library.h"

namespace polyrun::shims::oleaut::tlb {

inline constexpr GuidBytes kIidITypeLib = make_guid(0x00020402, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                           kIidITypeLib2 = make_guid(0x00020411, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                           kIidITypeInfo = make_guid(0x00020401, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                           kIidITypeInfo2 = make_guid(0x00020412, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                           kIidITypeComp = make_guid(0x00020403, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});

struct LibObject {
  uint32_t refs = 1;
  std::shared_ptr<Library> lib;
  std::u16string path;  // the file it was read from ("" for one polyrun made)
  int index = 1;        // the TYPELIB resource's
  std::map<std::pair<int, bool>, uint64_t> infos;  // (type index, the dual's other view) → its ITypeInfo2
  std::vector<uint64_t> imported;                  // each import's library object once loaded (0 before)
};
struct InfoObject {
  uint32_t refs = 0;
  uint64_t library = 0;  // its LibObject's address
  int index = 0;
  bool other_view = false;  // a dual interface seen as the other kind (GetRefTypeOfImplType(-1))
};

// A new library object for `lib` (one reference), 0 when out of memory.
uint64_t new_library_object(WindowsProcess& p, std::shared_ptr<Library> lib, const std::u16string& path, int index);
// The object at `self` (an access violation, as on Windows, when there is none).
LibObject& library_object(uint64_t self);
InfoObject& info_object(uint64_t self);
bool is_library_object(uint64_t self);
bool is_info_object(uint64_t self);
uint32_t add_ref_library(uint64_t self);
uint32_t release_library(WindowsProcess& p, uint64_t self);
// The ITypeInfo2 of type `index` of the library (the same object each time), with a reference
// counted for the caller.
uint64_t typeinfo_object(WindowsProcess& p, uint64_t library, int index, bool other_view = false);

// A loaded library found by its file and resource index (the cache LoadTypeLib keeps while a
// library lives), and the library object of an import, loaded when first asked for: by the
// registry (LoadRegTypeLib), else by the file name the library gives (typelib_loading.cpp).
uint64_t cached_library(const std::u16string& path, int index);
int32_t load_import(WindowsProcess& p, uint64_t library, int import, uint64_t& out);

// A function's vtable offset in the process's pointers (the library's may be the other width).
inline int32_t vtable_offset_in(WindowsProcess& p, const Func& f, const Library& lib) {
  return f.vtable_offset * static_cast<int32_t>(p.isa->ptr) / static_cast<int32_t>(lib.ptr_size);
}
// A type info's type as its view shows it (a dual interface's other view has the other kind).
struct TypeView {
  const Info& info;
  const Library& lib;
  uint32_t kind;
};
TypeView type_view(uint64_t tinfo);
// The type info the reference `href` of type info `info` names, with a reference counted for the
// caller (GetRefTypeInfo), and one of a type info's references released (typeinfo_objects.cpp).
int32_t referenced_info(WindowsProcess& p, uint64_t info, uint32_t href, uint64_t& out);
uint32_t release_info(WindowsProcess& p, uint64_t info);
// ITypeInfo's Invoke and AddressOfMember (typeinfo_invoke.cpp).
int32_t typeinfo_invoke(WindowsProcess& p, uint64_t self, uint64_t object, int32_t memid, uint16_t flags,
                        uint64_t params, uint64_t result, uint64_t excep, uint64_t arg_err);
int32_t typeinfo_address_of_member(WindowsProcess& p, uint64_t self, int32_t memid, uint32_t invkind, uint64_t out);

// ITypeComp's Bind and BindType of the library or type info `owner` (type_comp.cpp).
int32_t type_comp_bind(WindowsProcess& p, uint64_t owner, uint64_t name, uint16_t flags, uint64_t tinfo_out,
                       uint64_t kind_out, uint64_t bind_out);
int32_t type_comp_bind_type(WindowsProcess& p, uint64_t owner, uint64_t name, uint64_t tinfo_out, uint64_t comp_out);

// The ITypeInfo2 methods' table (typeinfo_objects.cpp) and an ITypeComp's (typelib_objects.cpp).
const std::vector<Export>& typeinfo_methods();
uint64_t new_type_comp(WindowsProcess& p, uint64_t owner);

// Guest memory helpers shared by the objects.
uint64_t bstr_or_null(WindowsProcess& p, const std::u16string& s);  // NULL for ""
void put_bstr(WindowsProcess& p, uint64_t out, const std::u16string& s);
// CUSTDATA filled from a list (CoTaskMemAlloc'd items, each value copied).
int32_t write_all_custom(WindowsProcess& p, uint64_t out, const std::vector<CustomDatum>& list);
// GetCustData: the value of `guid`'s datum into the VARIANT (VT_EMPTY when there is none).
int32_t write_custom(WindowsProcess& p, uint64_t guid, uint64_t variant, const std::vector<CustomDatum>& list);
bool same_name(const std::u16string& a, const std::u16string& b);  // without case

}  // namespace polyrun::shims::oleaut::tlb
