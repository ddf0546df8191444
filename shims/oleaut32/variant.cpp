// OLEAUT32's VARIANTs: reading one into a Value and writing one back (the layout: vt in the first
// 2 bytes, three reserved words, the value at offset 8; a DECIMAL fills all 16 bytes but vt; a
// VT_RECORD is its record and IRecordInfo pointers; 16 bytes on i386, 24 on x64), and VariantInit,
// VariantClear, VariantCopy, VariantCopyInd, VariantChangeType and VariantChangeTypeEx as
// Microsoft's pages of them describe: what a VARIANT owns (a BSTR, a SAFEARRAY, a reference on an
// interface, a record) is freed by VariantClear and duplicated by VariantCopy; a BYREF one owns
// nothing.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut {

uint64_t variant_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 24 : 16; }

std::u16string u16(const char* ascii) {
  std::u16string s;
  for (; *ascii; ++ascii) s.push_back(static_cast<unsigned char>(*ascii));
  return s;
}

uint64_t make_bstr(WindowsProcess& p, const std::u16string& s) {
  const uint64_t b = alloc_bstr(p, 0, static_cast<uint32_t>(s.size() * 2));
  if (b && !s.empty()) std::memcpy(guest_pointer(b), s.data(), s.size() * 2);
  return b;
}
uint32_t bstr_bytes(uint64_t bstr) { return bstr ? get<uint32_t>(bstr - 4) : 0; }
std::u16string bstr_text(uint64_t bstr) {
  if (!bstr) return {};
  return std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(bstr)), bstr_bytes(bstr) / 2);
}

namespace {

// The value of type vt whose bytes are at `data` (a VARIANT's offset 8, or where a BYREF points).
void read_data(WindowsProcess& p, uint16_t vt, uint64_t data, Value& v) {
  switch (vt) {
    case VT_I1: v.i = get<int8_t>(data); break;
    case VT_UI1: v.u = get<uint8_t>(data); break;
    case VT_I2: case VT_BOOL: v.i = get<int16_t>(data); break;
    case VT_UI2: v.u = get<uint16_t>(data); break;
    case VT_I4: case VT_INT: case VT_ERROR: case VT_HRESULT: v.i = get<int32_t>(data); break;
    case VT_UI4: case VT_UINT: v.u = get<uint32_t>(data); break;
    case VT_I8: case VT_CY: v.i = get<int64_t>(data); break;
    case VT_UI8: v.u = get<uint64_t>(data); break;
    case VT_R4: v.r = get<float>(data); break;
    case VT_R8: case VT_DATE: v.r = get<double>(data); break;
    case VT_BSTR: {
      const uint64_t b = p.get_ptr(data);
      v.null_bstr = b == 0;
      v.s = bstr_text(b);
      v.ptr = b;
      break;
    }
    case VT_INT_PTR: case VT_UINT_PTR: v.i = static_cast<int64_t>(p.get_ptr(data)); break;
    default: v.ptr = p.get_ptr(data); break;  // interfaces, arrays
  }
}

}  // namespace

Value read_variant(WindowsProcess& p, uint64_t addr) {
  Value v;
  v.vt = get<uint16_t>(addr);
  if (v.vt & (VT_BYREF | VT_ARRAY)) {
    v.ptr = p.get_ptr(addr + 8);
  } else if (v.vt == VT_DECIMAL) {
    v.dec = read_decimal(addr);
  } else if (v.vt == VT_RECORD) {
    v.ptr = p.get_ptr(addr + 8);
    v.record = p.get_ptr(addr + 8 + p.isa->ptr);
  } else {
    read_data(p, v.vt, addr + 8, v);
  }
  return v;
}

int32_t deref_variant(WindowsProcess& p, const Value& byref, Value& out) {
  const uint16_t vt = byref.vt & ~VT_BYREF;
  out = Value{};
  if (!byref.ptr) return DISP_E_TYPEMISMATCH;
  if (vt == VT_VARIANT) {
    out = read_variant(p, byref.ptr);
    return S_OK;
  }
  out.vt = vt;
  if (vt & VT_ARRAY) {
    out.ptr = p.get_ptr(byref.ptr);
  } else if (vt == VT_DECIMAL) {
    out.dec = read_decimal(byref.ptr);
  } else {
    read_data(p, vt, byref.ptr, out);
  }
  return S_OK;
}

int32_t write_scalar(WindowsProcess& p, uint64_t addr, const Value& v) {
  switch (v.vt) {
    case VT_I1: case VT_UI1: put<uint8_t>(addr, static_cast<uint8_t>(v.vt == VT_I1 ? v.i : v.u)); break;
    case VT_I2: case VT_BOOL: put<int16_t>(addr, static_cast<int16_t>(v.i)); break;
    case VT_UI2: put<uint16_t>(addr, static_cast<uint16_t>(v.u)); break;
    case VT_I4: case VT_INT: case VT_ERROR: case VT_HRESULT: put<int32_t>(addr, static_cast<int32_t>(v.i)); break;
    case VT_UI4: case VT_UINT: put<uint32_t>(addr, static_cast<uint32_t>(v.u)); break;
    case VT_I8: case VT_CY: put<int64_t>(addr, v.i); break;
    case VT_UI8: put<uint64_t>(addr, v.u); break;
    case VT_R4: put<float>(addr, static_cast<float>(v.r)); break;
    case VT_R8: case VT_DATE: put<double>(addr, v.r); break;
    case VT_DECIMAL: write_decimal(addr, v.dec); break;
    case VT_BSTR: {
      const uint64_t b = v.null_bstr ? 0 : make_bstr(p, v.s);
      if (!b && !v.null_bstr) return E_OUTOFMEMORY;
      p.put_ptr(addr, b);
      break;
    }
    case VT_INT_PTR: case VT_UINT_PTR: p.put_ptr(addr, static_cast<uint64_t>(v.i)); break;
    default: p.put_ptr(addr, v.ptr); break;
  }
  return S_OK;
}

int32_t write_variant(WindowsProcess& p, uint64_t addr, const Value& v) {
  if (v.vt == VT_DECIMAL) {
    write_decimal(addr, v.dec);
  } else if (v.vt == VT_RECORD) {
    p.put_ptr(addr + 8, v.ptr);
    p.put_ptr(addr + 8 + p.isa->ptr, v.record);
  } else if (v.vt & (VT_BYREF | VT_ARRAY)) {
    p.put_ptr(addr + 8, v.ptr);
  } else if (v.vt != VT_EMPTY && v.vt != VT_NULL) {
    if (int32_t hr = write_scalar(p, addr + 8, v); hr != S_OK) {
      put<uint16_t>(addr, VT_EMPTY);
      return hr;
    }
  }
  put<uint16_t>(addr, v.vt);
  return S_OK;
}

namespace {


// The VARTYPEs a VARIANT may hold (Microsoft's VARENUM table: the ones marked [V]).
int32_t validate_type(uint16_t vt) {
  const uint16_t extra = vt & 0xf000, base = vt & VT_TYPEMASK;
  if (extra & (VT_VECTOR | VT_RESERVED)) return DISP_E_BADVARTYPE;
  if (base < VT_VOID || base == VT_RECORD || base == VT_CLSID) {
    if ((extra & (VT_BYREF | VT_ARRAY)) && base <= VT_NULL) return DISP_E_BADVARTYPE;
    if (base != 15) return S_OK;
  }
  return DISP_E_BADVARTYPE;
}

void release(WindowsProcess& p, uint64_t unk) {
  if (unk) call_method(p, unk, kRelease);
}

// A copy of a record (IRecordInfo::GetSize, a block of the process heap, RecordCopy).
int32_t copy_record(WindowsProcess& p, uint64_t dst, const Value& src) {
  if (!src.record) {
    if (src.ptr) return E_INVALIDARG;
    p.put_ptr(dst + 8, 0);
    p.put_ptr(dst + 8 + p.isa->ptr, 0);
    return S_OK;
  }
  const uint64_t size_slot = p.heap.alloc(4);
  if (!size_slot) return E_OUTOFMEMORY;
  int32_t hr = static_cast<int32_t>(call_method(p, src.record, kRecordGetSize, {size_slot}));
  const uint32_t size = get<uint32_t>(size_slot);
  p.heap.free(size_slot);
  if (hr < 0) return hr;
  const uint64_t block = p.heap.alloc(size ? size : 1);
  if (!block) return E_OUTOFMEMORY;
  std::memset(guest_pointer(block), 0, size);
  p.put_ptr(dst + 8, block);
  p.put_ptr(dst + 8 + p.isa->ptr, src.record);
  call_method(p, src.record, kAddRef);
  return static_cast<int32_t>(call_method(p, src.record, kRecordCopy, {src.ptr, block}));
}

}  // namespace

int32_t clear_variant(WindowsProcess& p, uint64_t v) {
  const uint16_t vt = get<uint16_t>(v);
  int32_t hr = validate_type(vt);
  if (hr != S_OK) return hr;
  if (!(vt & VT_BYREF)) {
    if ((vt & VT_ARRAY) || vt == VT_SAFEARRAY) {
      hr = safearray_destroy(p, p.get_ptr(v + 8));
    } else if (vt == VT_BSTR) {
      free_bstr(p, p.get_ptr(v + 8));
    } else if (vt == VT_RECORD) {
      const uint64_t rec = p.get_ptr(v + 8 + p.isa->ptr);
      if (rec) {
        call_method(p, rec, kRecordClear, {p.get_ptr(v + 8)});
        release(p, rec);
      }
    } else if (vt == VT_DISPATCH || vt == VT_UNKNOWN) {
      release(p, p.get_ptr(v + 8));
    }
  }
  put<uint16_t>(v, VT_EMPTY);
  return hr;
}

int32_t copy_variant(WindowsProcess& p, uint64_t dst, uint64_t src) {
  const uint16_t vt = get<uint16_t>(src);
  if ((vt & VT_TYPEMASK) == VT_CLSID || validate_type(vt) != S_OK) return DISP_E_BADVARTYPE;
  if (dst == src) return S_OK;
  if (int32_t hr = clear_variant(p, dst); hr != S_OK) return hr;
  std::memcpy(guest_pointer(dst), guest_pointer(src), variant_size(p));
  if (vt & VT_BYREF) return S_OK;
  if (vt == VT_BSTR) {
    const uint64_t b = p.get_ptr(src + 8);
    if (b) {
      const uint64_t copy = alloc_bstr(p, b, bstr_bytes(b));
      p.put_ptr(dst + 8, copy);
      if (!copy) return E_OUTOFMEMORY;
    }
  } else if (vt == VT_RECORD) {
    return copy_record(p, dst, read_variant(p, src));
  } else if (vt == VT_DISPATCH || vt == VT_UNKNOWN) {
    const uint64_t unk = p.get_ptr(src + 8);
    if (unk) call_method(p, unk, kAddRef);
  } else if (vt & VT_ARRAY) {
    uint64_t copy = 0;
    int32_t hr = safearray_copy(p, p.get_ptr(src + 8), copy);
    p.put_ptr(dst + 8, copy);
    return hr;
  }
  return S_OK;
}

namespace {

// The bytes a BYREF's target of each type has (VariantCopyInd copies them into the VARIANT).
unsigned data_size(WindowsProcess& p, uint16_t vt) {
  switch (vt) {
    case VT_I1: case VT_UI1: return 1;
    case VT_I2: case VT_UI2: case VT_BOOL: return 2;
    case VT_INT: case VT_UINT: case VT_I4: case VT_UI4: case VT_R4: case VT_ERROR: return 4;
    case VT_I8: case VT_UI8: case VT_R8: case VT_DATE: case VT_CY: return 8;
    case VT_DISPATCH: case VT_UNKNOWN: case VT_BSTR: return p.isa->ptr;
    default: return 0;
  }
}


// A VARIANT on the process heap, for the work of ChangeType.
struct TempVariant {
  WindowsProcess& p;
  uint64_t addr;
  explicit TempVariant(WindowsProcess& proc) : p(proc), addr(proc.heap.alloc(24)) {
    if (addr) std::memset(guest_pointer(addr), 0, 24);
  }
  ~TempVariant() {
    if (addr) {
      clear_variant(p, addr);
      p.heap.free(addr);
    }
  }
};

// BSTR ⇄ array of bytes: the bytes of the text (BstrFromVector, VectorFromBstr: safearray.cpp).
int32_t coerce_array(WindowsProcess& p, uint64_t dst, uint64_t src, uint16_t vt);

int32_t coerce(WindowsProcess& p, uint64_t dst, uint64_t src, uint32_t lcid, uint16_t wflags, uint16_t vt) {
  Value in = read_variant(p, src);
  uint16_t from = in.vt;
  uint16_t to = vt == VT_INT ? VT_I4 : vt == VT_UINT ? VT_UI4 : vt;
  if (from == VT_INT) from = VT_I4;
  if (from == VT_UINT) from = VT_UI4;
  if (to == from) return copy_variant(p, dst, src);
  if ((wflags & VARIANT_NOVALUEPROP) && from == VT_DISPATCH && to != VT_UNKNOWN) return DISP_E_TYPEMISMATCH;
  if (to == VT_EMPTY || to == VT_NULL) {
    if (to == VT_EMPTY && from == VT_NULL) return DISP_E_TYPEMISMATCH;
    if (from <= VT_UINT && from != 15 && from != VT_ERROR) return clear_variant(p, dst);
    return DISP_E_TYPEMISMATCH;
  }
  if (from == VT_NULL || from == VT_ERROR || from == VT_UNKNOWN || from == VT_RECORD) {
    if (!(to == VT_DISPATCH && from == VT_UNKNOWN)) return DISP_E_TYPEMISMATCH;
  }
  if (to == VT_UNKNOWN || to == VT_DISPATCH) {
    if (!((to == VT_UNKNOWN && from == VT_DISPATCH) || (to == VT_DISPATCH && from == VT_UNKNOWN)))
      return DISP_E_TYPEMISMATCH;
    uint64_t out = 0;
    int32_t hr = S_OK;
    if (in.ptr) {
      hr = query_interface(p, in.ptr, to == VT_UNKNOWN ? kIidIUnknown : kIidIDispatch, out);
    }
    if (hr >= 0) {
      p.put_ptr(dst + 8, out);
      put<uint16_t>(dst, to);
    }
    return hr;
  }
  // Between the signed and unsigned whole numbers of one size VariantChangeType keeps the bits as
  // they are (VT_I2 -300 is VT_UI2 0xfed4).
  auto width = [](uint16_t t) -> unsigned {
    switch (t) {
      case VT_I1: case VT_UI1: return 1;
      case VT_I2: case VT_UI2: return 2;
      case VT_I4: case VT_UI4: return 4;
      case VT_I8: case VT_UI8: return 8;
      default: return 0;
    }
  };
  if (width(to) && width(to) == width(from)) {
    const Value raw = read_variant(p, src);
    const uint64_t bits = (raw.vt == VT_UI1 || raw.vt == VT_UI2 || raw.vt == VT_UI4 || raw.vt == VT_UI8 || raw.vt == VT_UINT)
                              ? raw.u
                              : static_cast<uint64_t>(raw.i);
    Value r;
    r.vt = vt;
    const unsigned w = width(to);
    const uint64_t mask = w == 8 ? ~0ull : (1ull << (8 * w)) - 1;
    if (to == VT_UI1 || to == VT_UI2 || to == VT_UI4 || to == VT_UI8) {
      r.u = bits & mask;
    } else {
      const unsigned shift = 64 - 8 * w;
      r.i = static_cast<int64_t>((bits & mask) << shift) >> shift;
    }
    return write_variant(p, dst, r);
  }
  if (to == VT_DECIMAL && from == VT_BOOL) {  // VariantChangeType's VARIANT_TRUE is 1 as a DECIMAL
    Value r;
    r.vt = VT_DECIMAL;
    r.dec.mant = in.i ? 1 : 0;
    return write_variant(p, dst, r);
  }
  uint32_t flags = 0;
  if (to == VT_BSTR || from == VT_BSTR) {
    if (wflags & VARIANT_LOCALBOOL) flags |= VAR_LOCALBOOL;
    if (wflags & VARIANT_CALENDAR_HIJRI) flags |= VAR_CALENDAR_HIJRI;
    if (wflags & VARIANT_CALENDAR_THAI) flags |= VAR_CALENDAR_THAI;
    if (wflags & VARIANT_CALENDAR_GREGORIAN) flags |= VAR_CALENDAR_GREGORIAN;
    if (wflags & VARIANT_NOUSEROVERRIDE) flags |= LOCALE_NOUSEROVERRIDE;
    if (wflags & VARIANT_USE_NLS) flags |= LOCALE_USE_NLS;
  }
  Value r;
  int32_t hr = convert(p, in, to, lcid, flags, r, (wflags & (VARIANT_ALPHABOOL | VARIANT_LOCALBOOL)) != 0);
  if (hr != S_OK) return hr;
  r.vt = vt;  // INT and UINT keep their names
  return write_variant(p, dst, r);
}

}  // namespace

int32_t copy_ind(WindowsProcess& p, uint64_t dst, uint64_t src) {
  const uint16_t vt = get<uint16_t>(src);
  if (!(vt & VT_BYREF)) return copy_variant(p, dst, src);
  const uint16_t base = vt & VT_TYPEMASK;
  if (!((vt & VT_ARRAY) || vt == (VT_RECORD | VT_BYREF) ||
        (base > VT_NULL && base != 15 && base < VT_VOID && !(vt & (VT_VECTOR | VT_RESERVED)))))
    return E_INVALIDARG;
  // A copy of the source first: the destination may be the source itself.
  const uint64_t vsize = variant_size(p);
  std::vector<uint8_t> saved(vsize);
  std::memcpy(saved.data(), guest_pointer(src), vsize);
  if (dst == src) {
    put<uint16_t>(dst, VT_EMPTY);
  } else if (int32_t hr = clear_variant(p, dst); hr != S_OK) {
    return hr;
  }
  uint64_t ref;
  std::memcpy(&ref, saved.data() + 8, p.isa->ptr);
  if (p.isa->ptr == 4) ref &= 0xffffffffu;
  int32_t hr = S_OK;
  if (vt & VT_ARRAY) {
    uint64_t copy = 0;
    hr = safearray_copy(p, p.get_ptr(ref), copy);
    p.put_ptr(dst + 8, copy);
  } else if (vt == (VT_BSTR | VT_BYREF)) {
    const uint64_t b = p.get_ptr(ref);
    p.put_ptr(dst + 8, b ? alloc_bstr(p, b, bstr_bytes(b)) : 0);
  } else if (vt == (VT_RECORD | VT_BYREF)) {
    Value rec;
    rec.ptr = ref;
    uint64_t info;
    std::memcpy(&info, saved.data() + 8 + p.isa->ptr, p.isa->ptr);
    if (p.isa->ptr == 4) info &= 0xffffffffu;
    rec.record = info;
    hr = copy_record(p, dst, rec);
  } else if (vt == (VT_DISPATCH | VT_BYREF) || vt == (VT_UNKNOWN | VT_BYREF)) {
    const uint64_t unk = p.get_ptr(ref);
    p.put_ptr(dst + 8, unk);
    if (unk) call_method(p, unk, kAddRef);
  } else if (vt == (VT_VARIANT | VT_BYREF)) {
    if (get<uint16_t>(ref) == (VT_VARIANT | VT_BYREF)) return E_INVALIDARG;  // one level only
    return copy_ind(p, dst, ref);
  } else if (vt == (VT_DECIMAL | VT_BYREF)) {
    std::memcpy(guest_pointer(dst + 2), guest_pointer(ref + 2), 14);
  } else {
    std::memcpy(guest_pointer(dst + 8), guest_pointer(ref), data_size(p, base));
  }
  put<uint16_t>(dst, vt & ~VT_BYREF);
  return hr;
}

int32_t change_type(WindowsProcess& p, uint64_t dst, uint64_t src, uint32_t lcid, uint16_t flags, uint16_t vt) {
  if (vt == VT_CLSID) return DISP_E_BADVARTYPE;
  if (int32_t hr = validate_type(get<uint16_t>(src)); hr != S_OK) return hr;
  if (int32_t hr = validate_type(vt); hr != S_OK) return hr;
  const uint16_t src_vt = get<uint16_t>(src);
  if ((src_vt & VT_BYREF) && !p.get_ptr(src + 8)) return DISP_E_TYPEMISMATCH;
  TempVariant deref(p), result(p);
  if (!deref.addr || !result.addr) return E_OUTOFMEMORY;
  int32_t hr = copy_ind(p, deref.addr, src);
  if (hr != S_OK) return hr;
  if ((get<uint16_t>(deref.addr) & VT_ARRAY) || (vt & VT_ARRAY))
    hr = coerce_array(p, result.addr, deref.addr, vt);
  else
    hr = coerce(p, result.addr, deref.addr, lcid, flags, vt);
  if (hr < 0) return hr;
  put<uint16_t>(result.addr, vt);
  return copy_variant(p, dst, result.addr);
}

namespace {

int32_t coerce_array(WindowsProcess& p, uint64_t dst, uint64_t src, uint16_t vt) {
  const uint16_t from = get<uint16_t>(src);
  if (from == vt) {
    uint64_t copy = 0;
    int32_t hr = safearray_copy(p, p.get_ptr(src + 8), copy);
    p.put_ptr(dst + 8, copy);
    return hr;
  }
  if (vt == VT_BSTR && from == (VT_ARRAY | VT_UI1)) {
    const uint64_t psa = p.get_ptr(src + 8);
    if (!psa || get<uint16_t>(psa) != 1) return E_INVALIDARG;  // one dimension
    const uint32_t count = get<uint32_t>(psa + 8 + 2 * p.isa->ptr);  // rgsabound[0].cElements
    const uint64_t b = alloc_bstr(p, 0, count);
    if (!b) return E_OUTOFMEMORY;
    std::memcpy(guest_pointer(b), guest_pointer(p.get_ptr(psa + 8 + p.isa->ptr)), count);
    p.put_ptr(dst + 8, b);
    return S_OK;
  }
  if (from == VT_BSTR && vt == (VT_ARRAY | VT_UI1)) {
    uint64_t psa = 0;
    int32_t hr = vector_from_bstr(p, p.get_ptr(src + 8), psa);
    p.put_ptr(dst + 8, psa);
    return hr;
  }
  return DISP_E_TYPEMISMATCH;
}

// ---- the exports ----

void VariantInit(WindowsProcess&, Ptr v) { put<uint16_t>(v.addr, VT_EMPTY); }
int32_t VariantClear(WindowsProcess& p, Ptr v) { return clear_variant(p, v.addr); }
int32_t VariantCopy(WindowsProcess& p, Ptr dst, Ptr src) { return copy_variant(p, dst.addr, src.addr); }
int32_t VariantCopyInd(WindowsProcess& p, Ptr dst, Ptr src) { return copy_ind(p, dst.addr, src.addr); }
int32_t VariantChangeType(WindowsProcess& p, Ptr dst, Ptr src, uint16_t flags, uint16_t vt) {
  return change_type(p, dst.addr, src.addr, 0x0400, flags, vt);  // LOCALE_USER_DEFAULT
}
int32_t VariantChangeTypeEx(WindowsProcess& p, Ptr dst, Ptr src, uint32_t lcid, uint16_t flags, uint16_t vt) {
  return change_type(p, dst.addr, src.addr, lcid, flags, vt);
}

}  // namespace

const std::vector<Export>& variant_exports() {
  static const std::vector<Export> exports = {
      EXPORT("VariantInit", VariantInit),
      EXPORT("VariantClear", VariantClear),
      EXPORT("VariantCopy", VariantCopy),
      EXPORT("VariantCopyInd", VariantCopyInd),
      EXPORT("VariantChangeType", VariantChangeType),
      EXPORT("VariantChangeTypeEx", VariantChangeTypeEx),
  };
  return exports;
}

}  // namespace polyrun::shims::oleaut
