// The wire forms of Automation's types, for the proxies and stubs MIDL makes (RPC's user
// marshalling: *_UserSize, *_UserMarshal, *_UserUnmarshal, *_UserFree, whose first argument
// points at the flags, the destination context in their low word):
// - a BSTR: 4-byte aligned, its length in characters, its length in bytes (0xffffffff for NULL),
//   the characters' count again, the characters;
// - a VARIANT: 8-byte aligned, a header (its size in 8-byte units, a reserved DWORD, the VARTYPE
//   and the three reserved words, the union's switch), then its value aligned to the value's size
//   (a reference: the referenced size first; a VARIANT by reference: "User"), then what a value
//   holds beyond itself: a BSTR's form, an interface's (a pointer-sized tag, then OLE32's
//   WdtpInterfacePointer form), a referenced VARIANT's, an array's;
// - a SAFEARRAY: 4-byte aligned, a pointer tag, the dimensions, features, element size on the
//   wire, locks and VARTYPE, the kind of its elements, their count, a data tag, the IID of an
//   interface array, the bounds (last dimension first), the count again, then the elements:
//   numbers as they are (8-byte ones 8-byte aligned), BSTRs, interfaces and VARIANTs each in its
//   own form.
// Structures (VT_RECORD) on the wire are not polyrun's yet: they stop the program. Malformed
// data raises the RPC exception Windows raises (RPC_S_INVALID_BOUND, DISP_E_BADCALLEE).
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut {

namespace {

constexpr uint32_t RPC_S_INVALID_BOUND = 1734;
constexpr uint32_t kBadCallee = 0x80020010;  // DISP_E_BADCALLEE
constexpr uint16_t FADF_AUTO = 0x1, FADF_STATIC = 0x2, FADF_EMBEDDED = 0x4, FADF_FIXEDSIZE = 0x10,
                   FADF_RECORD = 0x20, FADF_HAVEIID = 0x40, FADF_HAVEVARTYPE = 0x80, FADF_BSTR = 0x100,
                   FADF_UNKNOWN = 0x200, FADF_DISPATCH = 0x400, FADF_VARIANT = 0x800, FADF_CREATEVECTOR = 0x2000;
constexpr uint16_t kAutoSetFeatures = FADF_HAVEIID | FADF_RECORD | FADF_HAVEVARTYPE | FADF_BSTR | FADF_UNKNOWN |
                                      FADF_DISPATCH | FADF_VARIANT | FADF_CREATEVECTOR;
// SF_TYPE: the kind of a SAFEARRAY's elements on the wire.
constexpr uint32_t SF_ERROR = VT_ERROR, SF_I1 = VT_I1, SF_I2 = VT_I2, SF_I4 = VT_I4, SF_I8 = VT_I8,
                   SF_BSTR = VT_BSTR, SF_UNKNOWN = VT_UNKNOWN, SF_DISPATCH = VT_DISPATCH, SF_VARIANT = VT_VARIANT,
                   SF_RECORD = VT_RECORD, SF_HAVEIID = VT_UNKNOWN | 0x8000;
constexpr uint32_t kVariantHeader = 20;       // clSize, rpcReserved, vt, wReserved1-3, switch_is
constexpr uint32_t kUserTag = 0x72657355;     // "User"
constexpr GuidBytes kIidIUnknownBytes = kIidIUnknown;

uint64_t align(uint64_t v, uint64_t mask) { return (v + mask) & ~mask; }

Ptr LPSAFEARRAY_UserUnmarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr psa);
// RPC's exception for data that is not what the wire form says (raised at the program's call;
// every function here takes three arguments).
void rpc_raise(WindowsProcess& p, uint32_t code) { raise_from_call_of<&LPSAFEARRAY_UserUnmarshal>(p, code); }

[[noreturn]] void records_unsupported(WindowsProcess& p) {
  stop_unimplemented(p, "VARIANT_UserMarshal and its kin of a structure (VT_RECORD)");
}

// ---- BSTR ----

uint32_t bstr_size(uint32_t start, uint64_t bstr) {
  return static_cast<uint32_t>(align(start, 3) + 12 + ((bstr_bytes(bstr) + 1) & ~1u));
}
uint64_t bstr_marshal(WindowsProcess& p, uint64_t buffer, uint64_t slot) {
  const uint64_t b = p.get_ptr(slot);
  const uint32_t bytes = bstr_bytes(b);
  const uint64_t at = align(buffer, 3);
  const uint32_t chars = (bytes + 1) / 2;
  put<uint32_t>(at, chars);
  put<uint32_t>(at + 4, b ? bytes : 0xffffffffu);
  put<uint32_t>(at + 8, chars);
  if (b && chars) std::memcpy(guest_pointer(at + 12), guest_pointer(b), chars * 2ull);
  return at + 12 + chars * 2ull;
}
uint64_t bstr_unmarshal(WindowsProcess& p, uint64_t buffer, uint64_t slot) {
  const uint64_t at = align(buffer, 3);
  const uint32_t chars = get<uint32_t>(at), bytes = get<uint32_t>(at + 4);
  free_bstr(p, p.get_ptr(slot));
  p.put_ptr(slot, bytes == 0xffffffffu ? 0 : alloc_bstr(p, at + 12, chars * 2));
  return at + 12 + chars * 2ull;
}

// ---- interface pointers: the pointer's low 32 bits as a tag, then OLE32's form ----

struct GuestIid {
  ole32::Scratch block;
  GuestIid(WindowsProcess& p, const GuidBytes& g) : block(p, 16) { ole32::write_guid(block.addr, g); }
};
uint32_t interface_size(WindowsProcess& p, uint64_t flags, uint32_t start, const GuidBytes& iid, uint64_t unk) {
  uint32_t size = 0;
  if (unk) {
    const GuestIid g(p, iid);
    size = static_cast<uint32_t>(p.call_export("ole32.dll", "WdtpInterfacePointer_UserSize",
                                               {flags, get<uint32_t>(flags) & 0xffff, 0, unk, g.block.addr}));
    if (!size) return 0;
  }
  return start + size + 4;
}
uint64_t interface_marshal(WindowsProcess& p, uint64_t flags, uint64_t buffer, const GuidBytes& iid, uint64_t unk) {
  put<uint32_t>(buffer, static_cast<uint32_t>(unk));
  if (!unk) return buffer + 4;
  const GuestIid g(p, iid);
  return p.call_export("ole32.dll", "WdtpInterfacePointer_UserMarshal",
                       {flags, get<uint32_t>(flags) & 0xffff, buffer + 4, unk, g.block.addr});
}
uint64_t interface_unmarshal(WindowsProcess& p, uint64_t flags, uint64_t buffer, const GuidBytes& iid, uint64_t slot) {
  const uint32_t tag = get<uint32_t>(buffer);
  if (!tag) return buffer + 4;
  const GuestIid g(p, iid);
  return p.call_export("ole32.dll", "WdtpInterfacePointer_UserUnmarshal", {flags, buffer + 4, slot, g.block.addr});
}

// ---- SAFEARRAY: cDims, fFeatures, cbElements, cLocks, pvData, the bounds ----

struct Array {
  WindowsProcess& p;
  uint64_t a;
  uint16_t dims() const { return get<uint16_t>(a); }
  uint16_t features() const { return get<uint16_t>(a + 2); }
  uint32_t elem() const { return get<uint32_t>(a + 4); }
  uint32_t locks() const { return get<uint32_t>(a + 8); }
  uint64_t data() const { return p.get_ptr(a + 8 + p.isa->ptr); }
  uint64_t bound(unsigned k) const { return a + 8 + 2ull * p.isa->ptr + 8ull * k; }
  uint32_t cells() const {
    uint32_t n = 1;
    for (unsigned k = 0; k < dims(); ++k) {
      const uint32_t c = get<uint32_t>(bound(k));
      if (!c) return 0;
      n *= c;
    }
    return n;
  }
};

// SafeArrayGetVartype's answer, or 0 with its failure.
int32_t array_vartype(WindowsProcess& p, uint64_t psa, uint16_t& vt) {
  const ole32::Scratch out(p, 4);
  const int32_t hr = static_cast<int32_t>(p.call_export("oleaut32.dll", "SafeArrayGetVartype", {psa, out.addr}));
  vt = hr >= 0 ? get<uint16_t>(out.addr) : 0;
  return hr;
}
uint32_t union_type(WindowsProcess& p, const Array& sa) {
  uint16_t vt = 0;
  const int32_t hr = array_vartype(p, sa.a, vt);
  if (hr < 0) {
    if (sa.features() & FADF_VARIANT) return SF_VARIANT;
    switch (sa.elem()) {
      case 1: vt = VT_I1; break;
      case 2: vt = VT_I2; break;
      case 4: vt = VT_I4; break;
      case 8: vt = VT_I8; break;
      default: rpc_raise(p, static_cast<uint32_t>(hr)); return SF_ERROR;
    }
  }
  if (sa.features() & FADF_HAVEIID) return SF_HAVEIID;
  switch (vt) {
    case VT_I1: case VT_UI1: return SF_I1;
    case VT_BOOL: case VT_I2: case VT_UI2: return SF_I2;
    case VT_INT: case VT_UINT: case VT_I4: case VT_UI4: case VT_R4: return SF_I4;
    case VT_DATE: case VT_CY: case VT_R8: case VT_I8: case VT_UI8: return SF_I8;
    case VT_INT_PTR: case VT_UINT_PTR: return p.isa->ptr == 4 ? SF_I4 : SF_I8;
    case VT_BSTR: return SF_BSTR;
    case VT_DISPATCH: return SF_DISPATCH;
    case VT_VARIANT: return SF_VARIANT;
    case VT_UNKNOWN: return SF_UNKNOWN;
    case VT_RECORD: return SF_RECORD;
    default: return SF_ERROR;
  }
}
GuidBytes array_iid(WindowsProcess& p, uint64_t psa, uint32_t kind) {
  if (kind == SF_DISPATCH) return kIidIDispatch;
  if (kind != SF_HAVEIID) return kIidIUnknownBytes;
  const ole32::Scratch out(p, 16);
  p.call_export("oleaut32.dll", "SafeArrayGetIID", {psa, out.addr});
  return ole32::read_guid(out.addr);
}
uint32_t wire_elem_size(const Array& sa, uint32_t kind) {
  switch (kind) {
    case SF_BSTR: case SF_HAVEIID: case SF_UNKNOWN: case SF_DISPATCH: return 4;
    case SF_VARIANT: return kVariantHeader - 4;
    default: return sa.elem();
  }
}
uint32_t memory_elem_size(WindowsProcess& p, uint32_t wire_elem, uint32_t kind) {
  switch (kind) {
    case SF_HAVEIID: case SF_UNKNOWN: case SF_DISPATCH: case SF_BSTR: return p.isa->ptr;
    case SF_VARIANT: return static_cast<uint32_t>(variant_size(p));
    default: return wire_elem;
  }
}

uint32_t variant_wire_size(WindowsProcess& p, uint64_t flags, uint32_t start, uint64_t v);
uint64_t variant_marshal(WindowsProcess& p, uint64_t flags, uint64_t buffer, uint64_t v);
uint64_t variant_unmarshal(WindowsProcess& p, uint64_t flags, uint64_t buffer, uint64_t v);
void variant_free(WindowsProcess& p, uint64_t flags, uint64_t v);

uint32_t array_size(WindowsProcess& p, uint64_t flags, uint32_t start, uint64_t slot) {
  uint32_t size = static_cast<uint32_t>(align(start, 3)) + 4;
  const uint64_t psa = p.get_ptr(slot);
  if (!psa) return size;
  const Array sa{p, psa};
  const uint32_t cells = sa.cells();
  const uint32_t kind = union_type(p, sa);
  size += 28;  // the dimensions; the descriptor's dimensions, features, element size, locks; the kind, count, data tag
  if (kind == SF_HAVEIID) size += 16;
  size += 8u * sa.dims() + 4;
  const uint64_t data = sa.data();
  const unsigned ptr = p.isa->ptr;
  switch (kind) {
    case SF_BSTR:
      for (uint32_t k = 0; k < cells; ++k) size = bstr_size(size, p.get_ptr(data + uint64_t{k} * ptr));
      break;
    case SF_DISPATCH: case SF_UNKNOWN: case SF_HAVEIID: {
      const GuidBytes iid = array_iid(p, psa, kind);
      for (uint32_t k = 0; k < cells; ++k) size = interface_size(p, flags, size, iid, p.get_ptr(data + uint64_t{k} * ptr));
      break;
    }
    case SF_VARIANT:
      for (uint32_t k = 0; k < cells; ++k) size = variant_wire_size(p, flags, size, data + k * variant_size(p));
      break;
    case SF_RECORD: records_unsupported(p);
    case SF_I8: size = static_cast<uint32_t>(align(size, 7)); [[fallthrough]];
    case SF_I1: case SF_I2: case SF_I4: size += cells * sa.elem(); break;
    default: break;
  }
  return size;
}

uint64_t array_marshal(WindowsProcess& p, uint64_t flags, uint64_t buffer, uint64_t slot) {
  uint64_t at = align(buffer, 3);
  const uint64_t psa = p.get_ptr(slot);
  put<uint32_t>(at, psa ? 1 : 0);
  at += 4;
  if (!psa) return at;
  const Array sa{p, psa};
  const uint32_t cells = sa.cells();
  const uint32_t kind = union_type(p, sa);
  put<uint32_t>(at, sa.dims());
  put<uint16_t>(at + 4, sa.dims());
  put<uint16_t>(at + 6, sa.features());
  put<uint32_t>(at + 8, wire_elem_size(sa, kind));
  uint16_t vt = 0;
  if (array_vartype(p, psa, vt) < 0 || (sa.features() & FADF_HAVEIID)) vt = 0;
  put<uint32_t>(at + 12, (sa.locks() & 0xffff) | uint32_t{vt} << 16);
  put<uint32_t>(at + 16, kind);
  put<uint32_t>(at + 20, cells);
  put<uint32_t>(at + 24, sa.data() ? 2 : 0);
  at += 28;
  GuidBytes iid = array_iid(p, psa, kind);
  if (kind == SF_HAVEIID) {
    ole32::write_guid(at, iid);
    at += 16;
  }
  for (unsigned k = 0; k < sa.dims(); ++k)  // the last dimension first
    std::memcpy(guest_pointer(at + 8ull * k), guest_pointer(sa.bound(sa.dims() - 1u - k)), 8);
  at += 8ull * sa.dims();
  put<uint32_t>(at, cells);
  at += 4;
  const uint64_t data = sa.data();
  if (!data) return at;
  const unsigned ptr = p.isa->ptr;
  switch (kind) {
    case SF_BSTR:
      for (uint32_t k = 0; k < cells; ++k) at = bstr_marshal(p, at, data + uint64_t{k} * ptr);
      break;
    case SF_DISPATCH: case SF_UNKNOWN: case SF_HAVEIID:
      for (uint32_t k = 0; k < cells; ++k) at = interface_marshal(p, flags, at, iid, p.get_ptr(data + uint64_t{k} * ptr));
      break;
    case SF_VARIANT:
      for (uint32_t k = 0; k < cells; ++k) at = variant_marshal(p, flags, at, data + k * variant_size(p));
      break;
    case SF_RECORD: records_unsupported(p);
    case SF_I8: at = align(at, 7); [[fallthrough]];
    case SF_I1: case SF_I2: case SF_I4:
      std::memcpy(guest_pointer(at), guest_pointer(data), uint64_t{cells} * sa.elem());
      at += uint64_t{cells} * sa.elem();
      break;
    default: break;
  }
  return at;
}

uint64_t array_unmarshal(WindowsProcess& p, uint64_t flags, uint64_t buffer, uint64_t slot) {
  uint64_t at = align(buffer, 3);
  const uint32_t present = get<uint32_t>(at);
  at += 4;
  if (!present) {
    safearray_destroy(p, p.get_ptr(slot));
    p.put_ptr(slot, 0);
    return at;
  }
  const uint32_t dims = get<uint32_t>(at);
  const uint16_t wire_dims = get<uint16_t>(at + 4), wire_features = get<uint16_t>(at + 6);
  const uint32_t wire_elem = get<uint32_t>(at + 8), wire_locks = get<uint32_t>(at + 12);
  at += 16;
  if (dims != wire_dims) rpc_raise(p, RPC_S_INVALID_BOUND);
  const uint16_t vt = static_cast<uint16_t>(wire_locks >> 16);
  const uint32_t kind = get<uint32_t>(at), count = get<uint32_t>(at + 4), data_tag = get<uint32_t>(at + 8);
  at += 12;
  GuidBytes iid = kind == SF_DISPATCH ? kIidIDispatch : kIidIUnknownBytes;
  if (kind == SF_HAVEIID) {
    iid = ole32::read_guid(at);
    at += 16;
  }
  const uint64_t bounds = at;
  at += 8ull * wire_dims;
  const uint32_t mem_elem = memory_elem_size(p, wire_elem, kind);
  uint64_t psa = p.get_ptr(slot);
  if (psa && Array{p, psa}.dims() == wire_dims) {
    const Array sa{p, psa};
    if ((sa.features() & ~kAutoSetFeatures) != (wire_features & ~kAutoSetFeatures)) rpc_raise(p, kBadCallee);
    if (uint64_t{sa.cells()} * sa.elem() != uint64_t{count} * mem_elem) {
      if (sa.features() & (FADF_AUTO | FADF_STATIC | FADF_EMBEDDED | FADF_FIXEDSIZE)) rpc_raise(p, kBadCallee);
      const int32_t hr = static_cast<int32_t>(p.call_export("oleaut32.dll", "SafeArrayDestroyData", {psa}));
      if (hr < 0) rpc_raise(p, static_cast<uint32_t>(hr));
    }
    std::memcpy(guest_pointer(sa.bound(0)), guest_pointer(bounds), 8ull * wire_dims);
    if (sa.features() & FADF_HAVEVARTYPE) put<uint32_t>(psa - 4, vt);
  } else if (vt) {
    safearray_destroy(p, psa);
    psa = p.call_export("oleaut32.dll", "SafeArrayCreateEx", {vt, wire_dims, bounds, 0});
    if (!psa) rpc_raise(p, static_cast<uint32_t>(E_OUTOFMEMORY));
  } else {
    safearray_destroy(p, psa);
    const ole32::Scratch out(p, p.isa->ptr);
    if (static_cast<int32_t>(p.call_export("oleaut32.dll", "SafeArrayAllocDescriptor", {wire_dims, out.addr})) < 0)
      rpc_raise(p, static_cast<uint32_t>(E_OUTOFMEMORY));
    psa = p.get_ptr(out.addr);
    std::memcpy(guest_pointer(Array{p, psa}.bound(0)), guest_pointer(bounds), 8ull * wire_dims);
  }
  p.put_ptr(slot, psa);
  const Array sa{p, psa};
  // (only the features that describe the elements are taken from the wire as they are)
  put<uint16_t>(psa + 2, static_cast<uint16_t>((sa.features() & kAutoSetFeatures) | (wire_features & ~kAutoSetFeatures)));
  put<uint32_t>(psa + 4, mem_elem);
  if (!sa.data()) {
    const int32_t hr = static_cast<int32_t>(p.call_export("oleaut32.dll", "SafeArrayAllocData", {psa}));
    if (hr < 0) rpc_raise(p, static_cast<uint32_t>(hr));
  }
  if (get<uint32_t>(at) != count || sa.cells() != count) rpc_raise(p, RPC_S_INVALID_BOUND);
  at += 4;
  if (!data_tag) return at;
  const uint64_t data = sa.data();
  const unsigned ptr = p.isa->ptr;
  switch (kind) {
    case SF_BSTR:
      for (uint32_t k = 0; k < count; ++k) at = bstr_unmarshal(p, at, data + uint64_t{k} * ptr);
      break;
    case SF_DISPATCH: case SF_UNKNOWN: case SF_HAVEIID:
      for (uint32_t k = 0; k < count; ++k) at = interface_unmarshal(p, flags, at, iid, data + uint64_t{k} * ptr);
      break;
    case SF_VARIANT:
      for (uint32_t k = 0; k < count; ++k) at = variant_unmarshal(p, flags, at, data + k * variant_size(p));
      break;
    case SF_RECORD: records_unsupported(p);
    case SF_I8: at = align(at, 7); [[fallthrough]];
    case SF_I1: case SF_I2: case SF_I4:
      std::memcpy(guest_pointer(data), guest_pointer(at), uint64_t{count} * mem_elem);
      at += uint64_t{count} * mem_elem;
      break;
    default: break;
  }
  return at;
}

// ---- VARIANT ----

// The bytes a value of `vt` takes on the wire (a reference's target's), and its alignment mask.
uint32_t wire_size(WindowsProcess& p, uint16_t vt) {
  if (vt & VT_ARRAY) return 4;
  switch (vt & ~VT_BYREF) {
    case VT_I1: case VT_UI1: return 1;
    case VT_I2: case VT_UI2: case VT_BOOL: return 2;
    case VT_I4: case VT_UI4: case VT_HRESULT: case VT_INT: case VT_UINT: case VT_R4: case VT_ERROR: case VT_BSTR: return 4;
    case VT_I8: case VT_UI8: case VT_R8: case VT_DATE: case VT_CY: return 8;
    case VT_DECIMAL: return 16;
    case VT_VARIANT: return static_cast<uint32_t>(variant_size(p));
    default: return 0;  // EMPTY, NULL; interfaces and structures go in their own forms
  }
}
uint32_t wire_align(WindowsProcess& p, uint16_t vt) {
  const uint32_t size = wire_size(p, vt);
  if (vt & VT_BYREF) return 3;
  if (size == 0) return 0;
  return size <= 4 ? size - 1 : 7;
}

// What a VARIANT holds beyond its own value: (kind, where the pointer to it is).
uint32_t variant_extra_size(WindowsProcess& p, uint64_t flags, uint32_t start, uint64_t v) {
  const uint16_t vt = get<uint16_t>(v);
  const uint64_t value = v + 8, ref = (vt & VT_BYREF) ? p.get_ptr(value) : 0;
  if (vt & VT_ARRAY) return array_size(p, flags, start, (vt & VT_BYREF) ? ref : value);
  switch (vt) {
    case VT_BSTR: return bstr_size(start, p.get_ptr(value));
    case VT_BSTR | VT_BYREF: return bstr_size(start, p.get_ptr(ref));
    case VT_VARIANT | VT_BYREF: return variant_wire_size(p, flags, start, ref);
    case VT_UNKNOWN: return interface_size(p, flags, start, kIidIUnknownBytes, p.get_ptr(value));
    case VT_UNKNOWN | VT_BYREF: return interface_size(p, flags, start, kIidIUnknownBytes, p.get_ptr(ref));
    case VT_DISPATCH: return interface_size(p, flags, start, kIidIDispatch, p.get_ptr(value));
    case VT_DISPATCH | VT_BYREF: return interface_size(p, flags, start, kIidIDispatch, p.get_ptr(ref));
    case VT_RECORD: case VT_RECORD | VT_BYREF: records_unsupported(p);
    default: return start;
  }
}

uint32_t variant_wire_size(WindowsProcess& p, uint64_t flags, uint32_t start, uint64_t v) {
  const uint16_t vt = get<uint16_t>(v);
  uint64_t size = align(start, 7) + kVariantHeader;
  if (vt & VT_BYREF) size += 4;
  size = align(size, wire_align(p, vt));
  size += vt == (VT_VARIANT | VT_BYREF) ? 4 : wire_size(p, vt);
  return variant_extra_size(p, flags, static_cast<uint32_t>(size), v);
}

uint64_t variant_marshal(WindowsProcess& p, uint64_t flags, uint64_t buffer, uint64_t v) {
  const uint64_t header = align(buffer, 7);
  const uint16_t vt = get<uint16_t>(v);
  put<uint32_t>(header, 0);
  put<uint32_t>(header + 4, 0);
  std::memcpy(guest_pointer(header + 8), guest_pointer(v), 8);  // vt and the reserved words
  put<uint32_t>(header + 16, (vt & VT_ARRAY) ? vt & ~VT_TYPEMASK : vt);
  const uint32_t size = wire_size(p, vt);
  uint64_t at = align(header + kVariantHeader, wire_align(p, vt));
  const uint64_t value = v + 8, ref = (vt & VT_BYREF) ? p.get_ptr(value) : 0;
  if (vt & VT_BYREF) {
    put<uint32_t>(at, size > 4 ? size : 4);
    at += 4;
    if ((vt & VT_TYPEMASK) != VT_VARIANT) {
      if (size) std::memcpy(guest_pointer(at), guest_pointer(ref), size);
      at += size;
    } else {
      put<uint32_t>(at, kUserTag);
      at += 4;
    }
  } else {
    if (size) std::memcpy(guest_pointer(at), guest_pointer((vt & VT_TYPEMASK) == VT_DECIMAL ? v : value), size);
    at += size;
  }
  if (vt & VT_ARRAY) {
    at = array_marshal(p, flags, at, (vt & VT_BYREF) ? ref : value);
  } else {
    switch (vt) {
      case VT_BSTR: at = bstr_marshal(p, at, value); break;
      case VT_BSTR | VT_BYREF: at = bstr_marshal(p, at, ref); break;
      case VT_VARIANT | VT_BYREF: at = variant_marshal(p, flags, at, ref); break;
      case VT_UNKNOWN: at = interface_marshal(p, flags, at, kIidIUnknownBytes, p.get_ptr(value)); break;
      case VT_UNKNOWN | VT_BYREF: at = interface_marshal(p, flags, at, kIidIUnknownBytes, p.get_ptr(ref)); break;
      case VT_DISPATCH: at = interface_marshal(p, flags, at, kIidIDispatch, p.get_ptr(value)); break;
      case VT_DISPATCH | VT_BYREF: at = interface_marshal(p, flags, at, kIidIDispatch, p.get_ptr(ref)); break;
      case VT_RECORD: case VT_RECORD | VT_BYREF: records_unsupported(p);
      default: break;
    }
  }
  put<uint32_t>(header, static_cast<uint32_t>((at - header + 7) >> 3));
  return at;
}

uint64_t variant_unmarshal(WindowsProcess& p, uint64_t flags, uint64_t buffer, uint64_t v) {
  const uint64_t header = align(buffer, 7);
  const uint16_t vt = get<uint16_t>(header + 8);
  const uint32_t size = wire_size(p, vt);
  uint64_t at = align(header + kVariantHeader, wire_align(p, vt));
  const uint16_t base = vt & VT_TYPEMASK;
  if (vt & VT_BYREF) {
    at += 4;
    // The reference's target in memory: pointers are pointer-sized there.
    const uint32_t mem = (vt & VT_ARRAY) || base == VT_UNKNOWN || base == VT_DISPATCH || base == VT_BSTR ? p.isa->ptr : size;
    if (get<uint16_t>(v) != vt || !p.get_ptr(v + 8)) {
      if (get<uint16_t>(v) != vt) clear_variant(p, v);
      const uint64_t block = p.call_export("ole32.dll", "CoTaskMemAlloc", {mem ? mem : 1});
      if (block) std::memset(guest_pointer(block), 0, mem ? mem : 1);
      p.put_ptr(v + 8, block);
    }
    const uint64_t ref = p.get_ptr(v + 8);
    if (!(vt & VT_ARRAY) && base != VT_BSTR && base != VT_VARIANT && base != VT_UNKNOWN && base != VT_DISPATCH &&
        base != VT_RECORD && size)
      std::memcpy(guest_pointer(ref), guest_pointer(at), size);
    at += base != VT_VARIANT ? size : 4;
  } else {
    clear_variant(p, v);
    if ((vt & VT_ARRAY) || base == VT_BSTR || base == VT_UNKNOWN || base == VT_DISPATCH || base == VT_RECORD)
      p.put_ptr(v + 8, 0);
    else if (base == VT_DECIMAL) std::memcpy(guest_pointer(v), guest_pointer(at), size);
    else if (size) std::memcpy(guest_pointer(v + 8), guest_pointer(at), size);
    at += size;
  }
  std::memcpy(guest_pointer(v), guest_pointer(header + 8), 8);  // vt and the reserved words
  const uint64_t value = v + 8, ref = (vt & VT_BYREF) ? p.get_ptr(value) : 0;
  if (vt & VT_ARRAY) return array_unmarshal(p, flags, at, (vt & VT_BYREF) ? ref : value);
  switch (vt) {
    case VT_BSTR: return bstr_unmarshal(p, at, value);
    case VT_BSTR | VT_BYREF: return bstr_unmarshal(p, at, ref);
    case VT_VARIANT | VT_BYREF: return variant_unmarshal(p, flags, at, ref);
    case VT_UNKNOWN: return interface_unmarshal(p, flags, at, kIidIUnknownBytes, value);
    case VT_UNKNOWN | VT_BYREF: return interface_unmarshal(p, flags, at, kIidIUnknownBytes, ref);
    case VT_DISPATCH: return interface_unmarshal(p, flags, at, kIidIDispatch, value);
    case VT_DISPATCH | VT_BYREF: return interface_unmarshal(p, flags, at, kIidIDispatch, ref);
    case VT_RECORD: case VT_RECORD | VT_BYREF: records_unsupported(p);
    default: return at;
  }
}

// VARIANT_UserFree: the value cleared; a reference's target, which unmarshalling allocated, freed
// with what it holds.
void variant_free(WindowsProcess& p, uint64_t flags, uint64_t v) {
  const uint16_t vt = get<uint16_t>(v);
  const uint64_t ref = (vt & VT_BYREF) ? p.get_ptr(v + 8) : 0;
  clear_variant(p, v);
  if (!ref) return;
  if (vt & VT_ARRAY) {
    safearray_destroy(p, p.get_ptr(ref));
    p.put_ptr(ref, 0);
  } else {
    switch (vt) {
      case VT_BSTR | VT_BYREF:
        free_bstr(p, p.get_ptr(ref));
        p.put_ptr(ref, 0);
        break;
      case VT_VARIANT | VT_BYREF: variant_free(p, flags, ref); break;
      case VT_UNKNOWN | VT_BYREF:
      case VT_DISPATCH | VT_BYREF:
        if (p.get_ptr(ref)) call_method(p, p.get_ptr(ref), kRelease);
        break;
      case VT_RECORD | VT_BYREF: records_unsupported(p);
      default: break;
    }
  }
  p.call_export("ole32.dll", "CoTaskMemFree", {ref});
}

// ---- the exports ----

uint32_t BSTR_UserSize(WindowsProcess& p, Ptr, uint32_t start, Ptr bstr) { return bstr_size(start, p.get_ptr(bstr.addr)); }
Ptr BSTR_UserMarshal(WindowsProcess& p, Ptr, Ptr buffer, Ptr bstr) { return Ptr(bstr_marshal(p, buffer.addr, bstr.addr)); }
Ptr BSTR_UserUnmarshal(WindowsProcess& p, Ptr, Ptr buffer, Ptr bstr) { return Ptr(bstr_unmarshal(p, buffer.addr, bstr.addr)); }
void BSTR_UserFree(WindowsProcess& p, Ptr, Ptr bstr) {
  free_bstr(p, p.get_ptr(bstr.addr));
  p.put_ptr(bstr.addr, 0);
}
uint32_t VARIANT_UserSize(WindowsProcess& p, Ptr flags, uint32_t start, Ptr v) {
  return variant_wire_size(p, flags.addr, start, v.addr);
}
Ptr VARIANT_UserMarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr v) {
  return Ptr(variant_marshal(p, flags.addr, buffer.addr, v.addr));
}
Ptr VARIANT_UserUnmarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr v) {
  return Ptr(variant_unmarshal(p, flags.addr, buffer.addr, v.addr));
}
void VARIANT_UserFree(WindowsProcess& p, Ptr flags, Ptr v) { variant_free(p, flags.addr, v.addr); }
uint32_t LPSAFEARRAY_UserSize(WindowsProcess& p, Ptr flags, uint32_t start, Ptr psa) {
  return array_size(p, flags.addr, start, psa.addr);
}
Ptr LPSAFEARRAY_UserMarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr psa) {
  return Ptr(array_marshal(p, flags.addr, buffer.addr, psa.addr));
}
Ptr LPSAFEARRAY_UserUnmarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr psa) {
  return Ptr(array_unmarshal(p, flags.addr, buffer.addr, psa.addr));
}
void LPSAFEARRAY_UserFree(WindowsProcess& p, Ptr, Ptr psa) {
  safearray_destroy(p, p.get_ptr(psa.addr));
  p.put_ptr(psa.addr, 0);
}

}  // namespace

const std::vector<Export>& wire_form_exports() {
  static const std::vector<Export> e = {
      EXPORT("BSTR_UserSize", BSTR_UserSize),
      EXPORT("BSTR_UserMarshal", BSTR_UserMarshal),
      EXPORT("BSTR_UserUnmarshal", BSTR_UserUnmarshal),
      EXPORT("BSTR_UserFree", BSTR_UserFree),
      EXPORT("VARIANT_UserSize", VARIANT_UserSize),
      EXPORT("VARIANT_UserMarshal", VARIANT_UserMarshal),
      EXPORT("VARIANT_UserUnmarshal", VARIANT_UserUnmarshal),
      EXPORT("VARIANT_UserFree", VARIANT_UserFree),
      EXPORT("LPSAFEARRAY_UserSize", LPSAFEARRAY_UserSize),
      EXPORT("LPSAFEARRAY_UserMarshal", LPSAFEARRAY_UserMarshal),
      EXPORT("LPSAFEARRAY_UserUnmarshal", LPSAFEARRAY_UserUnmarshal),
      EXPORT("LPSAFEARRAY_UserFree", LPSAFEARRAY_UserFree),
  };
  return e;
}

}  // namespace polyrun::shims::oleaut
