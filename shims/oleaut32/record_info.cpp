// IRecordInfo: a structure of a type library (TKIND_RECORD, or an alias of one) as Automation
// passes it in VARIANTs (VT_RECORD). GetRecordInfoFromTypeInfo reads the structure's fields
// through the ITypeInfo it is given (any, the program's own too): each field's name, VARTYPE
// (an enumeration's is VT_I4, an alias's what it names) and offset. The record's instances:
// RecordInit, RecordClear (BSTRs freed, interfaces released, safe arrays destroyed, VARIANTs
// cleared), RecordCopy (a deep copy), RecordCreate(Copy), RecordDestroy; its fields read and
// written through VARIANTs (GetField copies, GetFieldNoCopy a reference into the record, PutField
// converts with VariantChangeType and frees what the field held, PutFieldNoCopy takes the
// value's ownership). A field of a type a VARIANT cannot hold by value (a nested structure, a C
// array, a pointer) stops the program with that name when read or written.
// GetRecordInfoFromGuids: the same for a registered library's type.
#include <cstdio>
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/typeinfo_descs.h"
#include "shims/oleaut32/type_library.h"

namespace polyrun::shims::oleaut::tlb {

namespace {

constexpr GuidBytes kIidIRecordInfo = make_guid(0x0000002f, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr int32_t TYPE_E_FIELDNOTFOUND = static_cast<int32_t>(0x80028017);
// ITypeInfo's methods (after IUnknown's three) and ITypeLib's GetTypeInfoOfGuid.
constexpr unsigned kGetTypeAttr = 3, kGetVarDesc = 6, kGetDocumentation = 12, kGetRefTypeInfo = 14,
                   kReleaseTypeAttr = 19, kReleaseVarDesc = 21, kGetTypeInfoOfGuid = 6, kGetGuid = 6;

struct Field {
  std::u16string name;
  uint16_t vt = 0;    // what a VARIANT holds it as (VT_ARRAY | element for a safe array)
  uint32_t varkind = 0, offset = 0;
};
struct Record {
  uint32_t refs = 1;
  uint64_t info = 0;  // its ITypeInfo, referenced
  GuidBytes guid{};
  std::u16string name;
  uint32_t size = 0;
  std::vector<Field> fields;
};
std::map<uint64_t, Record>& records() {
  static std::map<uint64_t, Record> m;
  return m;
}
Record& record_of(uint64_t self) {
  auto it = records().find(self);
  if (it == records().end()) touch_guest_byte(0);
  return it->second;
}

[[noreturn]] void unsupported(WindowsProcess& p, const char* method, const Field& f) {
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: unimplemented: OLEAUT32.dll!IRecordInfo::%s of a field of VARTYPE %u\n", method,
               static_cast<unsigned>(f.vt));
  p.terminate(127);
  throw 0;
}

// The bytes a scalar field of `vt` takes, 0 for the types handled apart.
uint32_t scalar_size(uint16_t vt, unsigned ptr) {
  switch (vt) {
    case VT_I1: case VT_UI1: return 1;
    case VT_I2: case VT_UI2: case VT_BOOL: return 2;
    case VT_I4: case VT_UI4: case VT_INT: case VT_UINT: case VT_ERROR: case VT_R4: case oleaut::VT_HRESULT: return 4;
    case VT_I8: case VT_UI8: case VT_R8: case VT_CY: case VT_DATE: return 8;
    case oleaut::VT_INT_PTR: case oleaut::VT_UINT_PTR: return ptr;
    default: return 0;
  }
}
bool holds_reference(uint16_t vt) { return vt == VT_BSTR || vt == VT_UNKNOWN || vt == VT_DISPATCH || (vt & VT_ARRAY); }

// A field's VARTYPE from its TYPEDESC (at `tdesc` in guest memory), user-defined types looked up.
uint16_t field_vt(WindowsProcess& p, uint64_t info, uint64_t tdesc, int depth = 0) {
  const unsigned ptr = p.isa->ptr;
  const uint16_t vt = get<uint16_t>(tdesc + ptr);
  if (vt == oleaut::VT_SAFEARRAY) {
    const uint64_t inner = p.get_ptr(tdesc);
    const uint16_t elem = inner ? get<uint16_t>(inner + ptr) : VT_EMPTY;
    return elem == oleaut::VT_USERDEFINED ? vt : static_cast<uint16_t>(VT_ARRAY | elem);
  }
  if (vt != oleaut::VT_USERDEFINED || depth > 8) return vt;
  const ole32::Scratch scratch(p, 2 * ptr);
  if (!scratch.addr) return vt;
  const DescLayout at(ptr);
  uint16_t out = vt;
  if (call_method(p, info, kGetRefTypeInfo, {get<uint32_t>(tdesc), scratch.addr}) == S_OK) {
    const uint64_t ref = p.get_ptr(scratch.addr);
    if (call_method(p, ref, kGetTypeAttr, {scratch.addr + ptr}) == S_OK) {
      const uint64_t attr = p.get_ptr(scratch.addr + ptr);
      const uint32_t kind = get<uint32_t>(attr + at.attr_kind());
      if (kind == TKIND_ENUM) out = VT_I4;
      else if (kind == TKIND_ALIAS) out = field_vt(p, ref, attr + at.attr_alias(), depth + 1);
      else if (kind == TKIND_RECORD) out = oleaut::VT_RECORD;
      else if (kind == TKIND_INTERFACE || kind == TKIND_DISPATCH) out = VT_UNKNOWN;
      call_method(p, ref, kReleaseTypeAttr, {attr});
    }
    call_method(p, ref, kRelease);
  }
  return out;
}

void clear_field(WindowsProcess& p, uint64_t at, const Field& f) {
  if (f.vt == VT_BSTR) {
    free_bstr(p, p.get_ptr(at));
    p.put_ptr(at, 0);
  } else if (f.vt == VT_UNKNOWN || f.vt == VT_DISPATCH) {
    if (const uint64_t unk = p.get_ptr(at)) call_method(p, unk, kRelease);
    p.put_ptr(at, 0);
  } else if (f.vt & VT_ARRAY) {
    if (const uint64_t sa = p.get_ptr(at)) safearray_destroy(p, sa);
    p.put_ptr(at, 0);
  } else if (f.vt == VT_VARIANT) {
    clear_variant(p, at);
  }
}

int32_t clear(WindowsProcess& p, const Record& r, uint64_t data) {
  if (!data) return E_INVALIDARG;
  for (const Field& f : r.fields)
    if (f.varkind == VAR_PERINSTANCE) clear_field(p, data + f.offset, f);
  return S_OK;
}

// The value of a field at `at` copied into `dst` (a field, or a VARIANT's data).
int32_t copy_field(WindowsProcess& p, uint64_t dst, uint64_t at, const Field& f) {
  if (f.vt == VT_BSTR) {
    const uint64_t s = p.get_ptr(at);
    const uint64_t copy = s ? alloc_bstr(p, s, get<uint32_t>(s - 4)) : 0;
    if (s && !copy) return E_OUTOFMEMORY;
    p.put_ptr(dst, copy);
  } else if (f.vt == VT_UNKNOWN || f.vt == VT_DISPATCH) {
    const uint64_t unk = p.get_ptr(at);
    if (unk) call_method(p, unk, kAddRef);
    p.put_ptr(dst, unk);
  } else if (f.vt & VT_ARRAY) {
    uint64_t copy = 0;
    const uint64_t sa = p.get_ptr(at);
    if (sa) {
      const int32_t hr = safearray_copy(p, sa, copy);
      if (hr < 0) return hr;
    }
    p.put_ptr(dst, copy);
  } else if (f.vt == VT_VARIANT) {
    std::memset(guest_pointer(dst), 0, variant_size(p));
    return copy_variant(p, dst, at);
  } else if (f.vt == VT_DECIMAL) {
    std::memcpy(guest_pointer(dst), guest_pointer(at), 16);
  } else if (const uint32_t n = scalar_size(f.vt, p.isa->ptr)) {
    std::memcpy(guest_pointer(dst), guest_pointer(at), n);
  } else {
    return -1;
  }
  return S_OK;
}

const Field* find_field(const Record& r, uint64_t name) {
  const std::u16string n(reinterpret_cast<const char16_t*>(guest_pointer(name)));
  for (const Field& f : r.fields)
    if (f.name == n) return &f;
  return nullptr;
}

uint64_t new_record_info(WindowsProcess& p, Record r);

// ---- IRecordInfo ----

HRESULT QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIRecordInfo)) {
    ++record_of(self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return S_OK;
  }
  p.put_ptr(out.addr, 0);
  return E_NOINTERFACE;
}
uint32_t AddRef(WindowsProcess&, Ptr self) { return ++record_of(self.addr).refs; }
uint32_t Release(WindowsProcess& p, Ptr self) {
  Record& r = record_of(self.addr);
  if (--r.refs) return r.refs;
  const uint64_t info = r.info;
  records().erase(self.addr);
  p.heap.free(self.addr);
  call_method(p, info, kRelease);
  return 0;
}
HRESULT RecordInit(WindowsProcess&, Ptr self, Ptr data) {
  if (!data) return E_INVALIDARG;
  std::memset(guest_pointer(data.addr), 0, record_of(self.addr).size);
  return S_OK;
}
HRESULT RecordClear(WindowsProcess& p, Ptr self, Ptr data) { return clear(p, record_of(self.addr), data.addr); }
HRESULT RecordCopy(WindowsProcess& p, Ptr self, Ptr src, Ptr dst) {
  if (!src || !dst) return E_INVALIDARG;
  const Record& r = record_of(self.addr);
  clear(p, r, dst.addr);
  // What the structure holds besides its fields (padding) comes along.
  std::memcpy(guest_pointer(dst.addr), guest_pointer(src.addr), r.size);
  for (const Field& f : r.fields) {
    if (f.varkind != VAR_PERINSTANCE || !(holds_reference(f.vt) || f.vt == VT_VARIANT)) continue;
    const int32_t hr = copy_field(p, dst.addr + f.offset, src.addr + f.offset, f);
    if (hr < 0) {
      clear(p, r, dst.addr);
      return hr;
    }
  }
  return S_OK;
}
HRESULT GetGuid(WindowsProcess&, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  std::memcpy(guest_pointer(out.addr), record_of(self.addr).guid.data(), 16);
  return S_OK;
}
HRESULT GetName(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  p.put_ptr(out.addr, make_bstr(p, record_of(self.addr).name));
  return S_OK;
}
HRESULT GetSize(WindowsProcess&, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  put<uint32_t>(out.addr, record_of(self.addr).size);
  return S_OK;
}
HRESULT GetTypeInfo(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  const uint64_t info = record_of(self.addr).info;
  call_method(p, info, kAddRef);
  p.put_ptr(out.addr, info);
  return S_OK;
}
// GetField(data, name, &variant): a copy of the field's value.
HRESULT GetField(WindowsProcess& p, Ptr self, Ptr data, Ptr name, Ptr out) {
  if (!data || !name || !out) return E_INVALIDARG;
  const Field* f = find_field(record_of(self.addr), name.addr);
  if (!f) return TYPE_E_FIELDNOTFOUND;
  clear_variant(p, out.addr);
  const uint64_t at = data.addr + f->offset;
  if (f->vt == VT_VARIANT) return copy_variant(p, out.addr, at);
  if (f->vt == VT_DECIMAL) {
    std::memcpy(guest_pointer(out.addr), guest_pointer(at), 16);
    put<uint16_t>(out.addr, VT_DECIMAL);
    return S_OK;
  }
  const int32_t hr = copy_field(p, out.addr + 8, at, *f);
  if (hr == -1) unsupported(p, "GetField", *f);
  if (hr >= 0) put<uint16_t>(out.addr, f->vt);
  return hr;
}
// GetFieldNoCopy(data, name, &variant, &carray): a VT_BYREF reference to the field in the record.
HRESULT GetFieldNoCopy(WindowsProcess& p, Ptr self, Ptr data, Ptr name, Ptr out, Ptr carray) {
  if (!data || !name || !out) return E_INVALIDARG;
  const Field* f = find_field(record_of(self.addr), name.addr);
  if (!f) return TYPE_E_FIELDNOTFOUND;
  if (!scalar_size(f->vt, p.isa->ptr) && !holds_reference(f->vt) && f->vt != VT_VARIANT && f->vt != VT_DECIMAL)
    unsupported(p, "GetFieldNoCopy", *f);
  clear_variant(p, out.addr);
  put<uint16_t>(out.addr, static_cast<uint16_t>(VT_BYREF | f->vt));
  p.put_ptr(out.addr + 8, data.addr + f->offset);
  if (carray) p.put_ptr(carray.addr, 0);
  return S_OK;
}
// PutField(INVOKE_PROPERTYPUT(REF), data, name, &variant): the value converted to the field's
// type; what the field held is freed.
int32_t put_field(WindowsProcess& p, uint64_t self, uint32_t flags, uint64_t data, uint64_t name, uint64_t value,
                  bool take) {
  if (!data || !name || !value || (flags != INVOKE_PROPERTYPUT && flags != INVOKE_PROPERTYPUTREF))
    return E_INVALIDARG;
  const Field* f = find_field(record_of(self), name);
  if (!f) return TYPE_E_FIELDNOTFOUND;
  const uint64_t at = data + f->offset;
  if (!scalar_size(f->vt, p.isa->ptr) && !holds_reference(f->vt) && f->vt != VT_VARIANT && f->vt != VT_DECIMAL)
    unsupported(p, take ? "PutFieldNoCopy" : "PutField", *f);
  const uint64_t vsize = variant_size(p);
  const ole32::Scratch scratch(p, vsize);
  const uint64_t tmp = scratch.addr;
  if (!tmp) return E_OUTOFMEMORY;
  int32_t hr = S_OK;
  if (f->vt == VT_VARIANT) {
    hr = take ? (std::memcpy(guest_pointer(tmp), guest_pointer(value), vsize), S_OK) : copy_variant(p, tmp, value);
  } else if (take && get<uint16_t>(value) == f->vt) {
    std::memcpy(guest_pointer(tmp), guest_pointer(value), vsize);
  } else {
    hr = change_type(p, tmp, value, 0, 0, f->vt);
  }
  if (hr >= 0) {
    clear_field(p, at, *f);
    if (f->vt == VT_VARIANT) std::memcpy(guest_pointer(at), guest_pointer(tmp), vsize);
    else if (f->vt == VT_DECIMAL) {
      std::memcpy(guest_pointer(at), guest_pointer(tmp), 16);
      put<uint16_t>(at, 0);
    } else if (holds_reference(f->vt)) p.put_ptr(at, p.get_ptr(tmp + 8));
    else std::memcpy(guest_pointer(at), guest_pointer(tmp + 8), scalar_size(f->vt, p.isa->ptr));
    if (take) std::memset(guest_pointer(value), 0, vsize);  // the value's data is the field's now
  }
  return hr;
}
HRESULT PutField(WindowsProcess& p, Ptr self, uint32_t flags, Ptr data, Ptr name, Ptr value) {
  return put_field(p, self.addr, flags, data.addr, name.addr, value.addr, false);
}
HRESULT PutFieldNoCopy(WindowsProcess& p, Ptr self, uint32_t flags, Ptr data, Ptr name, Ptr value) {
  return put_field(p, self.addr, flags, data.addr, name.addr, value.addr, true);
}
HRESULT GetFieldNames(WindowsProcess& p, Ptr self, Ptr count, Ptr names) {
  if (!count) return E_INVALIDARG;
  const Record& r = record_of(self.addr);
  uint32_t n = static_cast<uint32_t>(r.fields.size());
  n = std::min(n, get<uint32_t>(count.addr));
  if (names)
    for (uint32_t k = 0; k < n; ++k) p.put_ptr(names.addr + k * p.isa->ptr, make_bstr(p, r.fields[k].name));
  put<uint32_t>(count.addr, n);
  return S_OK;
}
int32_t IsMatchingType(WindowsProcess& p, Ptr self, Ptr other) {
  if (!other) return 0;
  const ole32::Scratch guid(p, 16);
  if (!guid.addr) return 0;
  call_method(p, other.addr, kGetGuid, {guid.addr});
  return guid_is(guid.addr, record_of(self.addr).guid) ? 1 : 0;
}
Ptr RecordCreate(WindowsProcess& p, Ptr self) {
  const uint32_t size = record_of(self.addr).size;
  return Ptr(p.heap.alloc(size ? size : 1, true));
}
HRESULT RecordCreateCopy(WindowsProcess& p, Ptr self, Ptr src, Ptr out) {
  if (!src || !out) return E_INVALIDARG;
  const Ptr fresh = RecordCreate(p, self);
  p.put_ptr(out.addr, fresh.addr);
  if (!fresh) return E_OUTOFMEMORY;
  return RecordCopy(p, self, src, fresh);
}
HRESULT RecordDestroy(WindowsProcess& p, Ptr self, Ptr data) {
  const int32_t hr = clear(p, record_of(self.addr), data.addr);
  if (hr < 0) return hr;
  p.heap.free(data.addr);
  return S_OK;
}

const std::vector<Export>& record_methods() {
  static const std::vector<Export> m = {
      EXPORT("IRecordInfo::QueryInterface", QueryInterface), EXPORT("IRecordInfo::AddRef", AddRef),
      EXPORT("IRecordInfo::Release", Release),               EXPORT("IRecordInfo::RecordInit", RecordInit),
      EXPORT("IRecordInfo::RecordClear", RecordClear),       EXPORT("IRecordInfo::RecordCopy", RecordCopy),
      EXPORT("IRecordInfo::GetGuid", GetGuid),               EXPORT("IRecordInfo::GetName", GetName),
      EXPORT("IRecordInfo::GetSize", GetSize),               EXPORT("IRecordInfo::GetTypeInfo", GetTypeInfo),
      EXPORT("IRecordInfo::GetField", GetField),             EXPORT("IRecordInfo::GetFieldNoCopy", GetFieldNoCopy),
      EXPORT("IRecordInfo::PutField", PutField),             EXPORT("IRecordInfo::PutFieldNoCopy", PutFieldNoCopy),
      EXPORT("IRecordInfo::GetFieldNames", GetFieldNames),   EXPORT("IRecordInfo::IsMatchingType", IsMatchingType),
      EXPORT("IRecordInfo::RecordCreate", RecordCreate),     EXPORT("IRecordInfo::RecordCreateCopy", RecordCreateCopy),
      EXPORT("IRecordInfo::RecordDestroy", RecordDestroy),
  };
  return m;
}

uint64_t new_record_info(WindowsProcess& p, Record r) {
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOleaut32, record_methods()));
  records()[self] = std::move(r);
  return self;
}

// GetRecordInfoFromTypeInfo(info, &record_info): the structure's (an alias's: the structure it
// names, with the alias's GUID) fields read through the ITypeInfo.
HRESULT GetRecordInfoFromTypeInfo(WindowsProcess& p, Ptr info, Ptr out) {
  if (!info || !out) return E_INVALIDARG;
  const unsigned ptr = p.isa->ptr;
  const DescLayout at(ptr);
  const ole32::Scratch scratch(p, 4 * ptr);
  if (!scratch.addr) return E_OUTOFMEMORY;
  const uint64_t slot = scratch.addr, second = scratch.addr + ptr;
  auto attr_of = [&](uint64_t ti, uint64_t& attr) {
    const int32_t hr = static_cast<int32_t>(call_method(p, ti, kGetTypeAttr, {slot}));
    attr = hr >= 0 ? p.get_ptr(slot) : 0;
    return hr;
  };
  uint64_t attr = 0;
  int32_t hr = attr_of(info.addr, attr);
  if (hr < 0 || !attr) return hr;
  Record r;
  std::memcpy(r.guid.data(), guest_pointer(attr), 16);
  uint64_t ti = info.addr;
  if (get<uint32_t>(attr + at.attr_kind()) == TKIND_ALIAS) {
    const uint32_t href = get<uint32_t>(attr + at.attr_alias());
    call_method(p, info.addr, kReleaseTypeAttr, {attr});
    hr = static_cast<int32_t>(call_method(p, info.addr, kGetRefTypeInfo, {href, second}));
    if (hr < 0) return hr;
    ti = p.get_ptr(second);
    hr = attr_of(ti, attr);
    if (hr < 0) {
      call_method(p, ti, kRelease);
      return hr;
    }
  } else {
    call_method(p, ti, kAddRef);
  }
  if (get<uint32_t>(attr + at.attr_kind()) != TKIND_RECORD) {
    call_method(p, ti, kReleaseTypeAttr, {attr});
    call_method(p, ti, kRelease);
    return E_INVALIDARG;
  }
  r.info = ti;
  r.size = get<uint32_t>(attr + at.attr_size_instance());
  const uint16_t vars = get<uint16_t>(attr + at.attr_vars());
  call_method(p, ti, kReleaseTypeAttr, {attr});
  // A member's name (MEMBERID_NIL: the type's), through GetDocumentation.
  auto name_of = [&](int32_t memid, std::u16string& name) {
    if (call_method(p, ti, kGetDocumentation, {static_cast<uint32_t>(memid), second, 0, 0, 0}) != S_OK) return;
    name = bstr_text(p.get_ptr(second));
    free_bstr(p, p.get_ptr(second));
  };
  name_of(MEMBERID_NIL, r.name);
  for (uint16_t k = 0; k < vars; ++k) {
    if (call_method(p, ti, kGetVarDesc, {k, slot}) != S_OK) continue;
    const uint64_t vd = p.get_ptr(slot);
    Field f;
    f.offset = get<uint32_t>(vd + at.var_value());
    f.varkind = get<uint32_t>(vd + at.var_kind());
    f.vt = field_vt(p, ti, vd + at.var_elem());
    name_of(get<int32_t>(vd), f.name);
    call_method(p, ti, kReleaseVarDesc, {vd});
    r.fields.push_back(std::move(f));
  }
  const uint64_t self = new_record_info(p, std::move(r));
  if (!self) {
    call_method(p, ti, kRelease);
    return E_OUTOFMEMORY;
  }
  p.put_ptr(out.addr, self);
  return S_OK;
}

// GetRecordInfoFromGuids(libid, major, minor, lcid, type's GUID, &record_info).
HRESULT GetRecordInfoFromGuids(WindowsProcess& p, Ptr libid, uint32_t major, uint32_t minor, uint32_t lcid, Ptr guid,
                               Ptr out) {
  if (!out) return E_INVALIDARG;
  const ole32::Scratch scratch(p, 2 * p.isa->ptr);
  if (!scratch.addr) return E_OUTOFMEMORY;
  const uint64_t lib_slot = scratch.addr, info_slot = scratch.addr + p.isa->ptr;
  int32_t hr = static_cast<int32_t>(p.call_export("oleaut32.dll", "LoadRegTypeLib",
                                                  {libid.addr, major & 0xffff, minor & 0xffff, lcid, lib_slot}));
  if (hr >= 0) {
    const uint64_t lib = p.get_ptr(lib_slot);
    hr = static_cast<int32_t>(call_method(p, lib, kGetTypeInfoOfGuid, {guid.addr, info_slot}));
    call_method(p, lib, kRelease);
    if (hr >= 0) {
      const uint64_t ti = p.get_ptr(info_slot);
      hr = GetRecordInfoFromTypeInfo(p, Ptr(ti), out);
      call_method(p, ti, kRelease);
    }
  }
  return hr;
}

}  // namespace

const std::vector<Export>& record_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetRecordInfoFromTypeInfo", GetRecordInfoFromTypeInfo),
      EXPORT("GetRecordInfoFromGuids", GetRecordInfoFromGuids),
  };
  return e;
}

}  // namespace polyrun::shims::oleaut::tlb
