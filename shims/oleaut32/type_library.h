// Type libraries on polyrun's side: what a library describes (its types, their functions,
// variables and implemented interfaces, the libraries it imports), read from an MSFT file
// (typelib_msft.cpp) or made by polyrun for the OLE Automation library stdole2.tlb
// (typelib_stdole.cpp), and served to the program as ITypeLib2 and ITypeInfo2
// (typelib_objects.cpp, typeinfo_objects.cpp) by LoadTypeLib and its kin (typelib_loading.cpp).
// Shared by those files in namespace oleaut::tlb.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut::tlb {

// HRESULTs of type libraries (winerror.h).
inline constexpr int32_t TYPE_E_REGISTRYACCESS = static_cast<int32_t>(0x8002801c),
                         TYPE_E_LIBNOTREGISTERED = static_cast<int32_t>(0x8002801d),
                         TYPE_E_INVALIDSTATE = static_cast<int32_t>(0x80028029),
                         TYPE_E_ELEMENTNOTFOUND = static_cast<int32_t>(0x8002802b),
                         TYPE_E_AMBIGUOUSNAME = static_cast<int32_t>(0x8002802c),
                         TYPE_E_BADMODULEKIND = static_cast<int32_t>(0x800288bd),
                         TYPE_E_CANTLOADLIBRARY = static_cast<int32_t>(0x80029c4a),
                         DISP_E_UNKNOWNNAME = static_cast<int32_t>(0x80020006),
                         DISP_E_UNKNOWNINTERFACE = static_cast<int32_t>(0x80020001);

// TYPEKIND, SYSKIND, FUNCKIND, INVOKEKIND, VARKIND, CALLCONV and the flags (oaidl.h).
inline constexpr uint32_t TKIND_ENUM = 0, TKIND_RECORD = 1, TKIND_MODULE = 2, TKIND_INTERFACE = 3,
                          TKIND_DISPATCH = 4, TKIND_COCLASS = 5, TKIND_ALIAS = 6, TKIND_UNION = 7;
inline constexpr uint32_t SYS_WIN16 = 0, SYS_WIN32 = 1, SYS_MAC = 2, SYS_WIN64 = 3;
inline constexpr uint32_t FUNC_VIRTUAL = 0, FUNC_PUREVIRTUAL = 1, FUNC_NONVIRTUAL = 2, FUNC_STATIC = 3,
                          FUNC_DISPATCH = 4;
inline constexpr uint32_t INVOKE_FUNC = 1, INVOKE_PROPERTYGET = 2, INVOKE_PROPERTYPUT = 4,
                          INVOKE_PROPERTYPUTREF = 8;
inline constexpr uint32_t VAR_PERINSTANCE = 0, VAR_STATIC = 1, VAR_CONST = 2, VAR_DISPATCH = 3;
inline constexpr uint32_t CC_CDECL = 1, CC_STDCALL = 4;
inline constexpr uint16_t TYPEFLAG_FDUAL = 0x40, TYPEFLAG_FOLEAUTOMATION = 0x100, TYPEFLAG_FDISPATCHABLE = 0x1000;
inline constexpr uint16_t LIBFLAG_FHASDISKIMAGE = 0x8;
inline constexpr uint16_t PARAMFLAG_FIN = 0x1, PARAMFLAG_FOUT = 0x2, PARAMFLAG_FLCID = 0x4,
                          PARAMFLAG_FRETVAL = 0x8, PARAMFLAG_FOPT = 0x10, PARAMFLAG_FHASDEFAULT = 0x20;
inline constexpr int32_t MEMBERID_NIL = -1;

// A type as a TYPEDESC describes it.
struct Type {
  uint16_t vt = VT_EMPTY;
  std::shared_ptr<Type> inner;  // VT_PTR and VT_SAFEARRAY: what they hold; VT_CARRAY: the element
  uint32_t href = 0;            // VT_USERDEFINED: the type's reference
  std::vector<std::pair<uint32_t, int32_t>> bounds;  // VT_CARRAY: (elements, lower bound) each dimension
};
Type simple(uint16_t vt);
Type pointer_to(Type t, uint16_t vt = VT_PTR);

// A custom datum: a GUID and a value.
struct CustomDatum {
  GuidBytes guid{};
  Value value;
};

struct Param {
  std::u16string name;  // empty: none
  Type type;
  uint16_t flags = 0;
  std::optional<Value> default_value;
  std::vector<CustomDatum> custom;
};

struct Func {
  int32_t memid = MEMBERID_NIL;
  std::u16string name;
  Type ret;
  std::vector<Param> params;
  uint32_t funckind = FUNC_PUREVIRTUAL, invkind = INVOKE_FUNC, callconv = CC_STDCALL;
  int16_t optional_params = 0;
  int16_t vtable_offset = 0;  // bytes, in the library's own pointer size
  uint16_t flags = 0;
  uint32_t help_context = 0, help_string_context = 0;
  std::u16string help_string;
  // A module's function's DLL entry: none recorded, recorded as none, an ordinal, a name.
  enum class Entry : uint8_t { kAbsent, kNull, kOrdinal, kName } entry_kind = Entry::kAbsent;
  std::u16string entry;
  uint16_t entry_ordinal = 0;
  std::vector<CustomDatum> custom;
};

struct Var {
  int32_t memid = MEMBERID_NIL;
  std::u16string name;
  Type type;
  uint32_t varkind = VAR_PERINSTANCE;
  uint16_t flags = 0;
  uint32_t offset = 0;  // VAR_PERINSTANCE: its offset in the instance
  Value value;          // VAR_CONST: its value
  uint32_t help_context = 0, help_string_context = 0;
  std::u16string help_string;
  std::vector<CustomDatum> custom;
};

struct Impl {
  uint32_t href = 0;
  int32_t flags = 0;
  std::vector<CustomDatum> custom;
};

// One type of the library.
struct Info {
  GuidBytes guid{};
  std::u16string name, doc;
  uint32_t help_context = 0, help_string_context = 0;
  uint32_t kind = TKIND_ENUM;
  uint16_t flags = 0;
  uint16_t major = 0, minor = 0;
  uint32_t size = 0;  // cbSizeInstance
  uint16_t alignment = 0, vft_size = 0;
  uint16_t impl_count = 0;    // cImplTypes as the library gives it
  Type alias;                 // TKIND_ALIAS: the type it names
  std::u16string dll_name;    // TKIND_MODULE
  uint32_t hreftype = 0;      // its own reference in the library
  std::vector<Func> funcs;
  std::vector<Var> vars;
  std::vector<Impl> impls;
  std::vector<CustomDatum> custom;
};

struct Library;

// A library this one takes types from.
struct ImportedLibrary {
  GuidBytes guid{};
  uint32_t lcid = 0;
  uint16_t major = 0, minor = 0;
  std::u16string name;
};

// A reference to a type of an imported library: by its GUID, or by its index there.
struct ImportRef {
  uint32_t reference = 0;  // the HREFTYPE without its low bits
  int library = -1;        // index into imports, -1 when not found
  bool by_guid = false;
  GuidBytes guid{};
  int32_t index = 0;
};

struct Library {
  GuidBytes guid{};
  uint32_t lcid = 0, set_lcid = 0;
  uint32_t syskind = SYS_WIN32;
  uint16_t major = 0, minor = 0, flags = 0;
  std::u16string name, doc, help_file, help_dll;
  uint32_t help_context = 0, help_string_context = 0;
  std::vector<Info> infos;
  std::vector<ImportedLibrary> imports;
  std::vector<ImportRef> refs;
  uint32_t dispatch_href = 0xffffffff;  // IDispatch's reference, or -1
  std::vector<CustomDatum> custom;
  unsigned ptr_size = 4;  // of its syskind
};

// An MSFT file's library (nothing when the file is not one, or is cut short or corrupt).
std::shared_ptr<Library> read_msft(const uint8_t* data, size_t size);

// stdole2.tlb, the OLE Automation library (IUnknown, IDispatch, IEnumVARIANT, fonts and
// pictures), as polyrun describes it for a process of `ptr_size`.
std::shared_ptr<Library> stdole2_library(unsigned ptr_size);
inline constexpr GuidBytes kStdOleLibid = make_guid(0x00020430, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});

// The type info of `iid` in stdole2.tlb, with a reference for the caller (OLE pictures' and
// fonts' IDispatch::GetTypeInfo; typelib_loading.cpp).
int32_t stdole_type_info(WindowsProcess& p, const GuidBytes& iid, uint64_t& out);
// IDispatch::GetTypeInfo and GetIDsOfNames of an object described by type `iid` of stdole2.tlb
// (OLE pictures and fonts): its one type info (index 0, else E_FAIL), the names through it.
int32_t stdole_get_type_info(WindowsProcess& p, const GuidBytes& iid, uint32_t index, uint64_t out);
int32_t stdole_ids_of_names(WindowsProcess& p, const GuidBytes& iid, uint64_t names, uint32_t count, uint64_t ids);
// LoadTypeLib and its kin, LHashValOfNameSys (typelib_loading.cpp), for the DLL's table.
const std::vector<Export>& typelib_exports();
// GetRecordInfoFromTypeInfo, GetRecordInfoFromGuids (record_info.cpp).
const std::vector<Export>& record_exports();
// CreateDispTypeInfo (disp_typeinfo.cpp).
const std::vector<Export>& disp_typeinfo_exports();

// The info of a library whose reference is `href` (its index), or -1.
int info_index_of_href(const Library& lib, uint32_t href);

}  // namespace polyrun::shims::oleaut::tlb
