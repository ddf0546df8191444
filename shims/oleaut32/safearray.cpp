// OLEAUT32's SAFEARRAYs. The descriptor: cDims (2 bytes), fFeatures (2), cbElements (4), cLocks
// (4), pvData (a pointer), then one SAFEARRAYBOUND (cElements, lLbound) a dimension, the LAST one
// the first index's (SafeArrayCreate's bounds are stored in reverse). The 16 bytes before the
// descriptor hold the element's IID (FADF_HAVEIID), its VARTYPE in their last 4 bytes
// (FADF_HAVEVARTYPE) or its IRecordInfo in their last pointer (FADF_RECORD), as Windows keeps them.
// Descriptors and data are task allocator blocks (the process heap); a vector's data follows its
// descriptor. An array of BSTRs, VARIANTs or interfaces owns its elements: destroying or shrinking
// it frees them, copying it copies them, Get/PutElement hand out and take in copies (Microsoft's
// pages of SafeArrayDestroyData, SafeArrayCopy, SafeArrayGetElement and SafeArrayPutElement).
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut {

namespace {

constexpr uint16_t FADF_AUTO = 0x1, FADF_STATIC = 0x2, FADF_EMBEDDED = 0x4, FADF_FIXEDSIZE = 0x10,
                   FADF_RECORD = 0x20, FADF_HAVEIID = 0x40, FADF_HAVEVARTYPE = 0x80, FADF_BSTR = 0x100,
                   FADF_UNKNOWN = 0x200, FADF_DISPATCH = 0x400, FADF_VARIANT = 0x800,
                   FADF_CREATEVECTOR = 0x2000, FADF_DATADELETED = 0x1000;
constexpr uint16_t kIgnoredOnCopy = FADF_AUTO | FADF_STATIC | FADF_EMBEDDED | FADF_FIXEDSIZE | FADF_CREATEVECTOR;

// The descriptor's fields.
struct Sa {
  WindowsProcess& p;
  uint64_t a;
  uint16_t dims() const { return get<uint16_t>(a); }
  uint16_t features() const { return get<uint16_t>(a + 2); }
  void set_features(uint16_t f) const { put<uint16_t>(a + 2, f); }
  uint32_t elem() const { return get<uint32_t>(a + 4); }
  void set_elem(uint32_t n) const { put<uint32_t>(a + 4, n); }
  uint32_t locks() const { return get<uint32_t>(a + 8); }
  void set_locks(uint32_t n) const { put<uint32_t>(a + 8, n); }
  uint64_t data() const { return p.get_ptr(a + 8 + p.isa->ptr); }
  void set_data(uint64_t d) const { p.put_ptr(a + 8 + p.isa->ptr, d); }
  uint64_t bound(unsigned k) const { return a + 8 + 2 * p.isa->ptr + 8 * k; }  // rgsabound[k]
  uint32_t count(unsigned k) const { return get<uint32_t>(bound(k)); }
  int32_t lbound(unsigned k) const { return get<int32_t>(bound(k) + 4); }
  uint64_t cells() const {
    uint64_t n = 1;
    for (unsigned k = 0; k < dims(); ++k) {
      if (!count(k)) return 0;
      n *= count(k);
    }
    return n;
  }
  uint64_t record() const { return p.get_ptr(a - p.isa->ptr); }
  void set_record(uint64_t r) const { p.put_ptr(a - p.isa->ptr, r); }
};

uint64_t descriptor_bytes(WindowsProcess& p, unsigned dims) { return 8 + 2 * p.isa->ptr + 8ull * dims; }

uint32_t vt_size(WindowsProcess& p, uint16_t vt) {
  switch (vt) {
    case VT_I1: case VT_UI1: return 1;
    case VT_BOOL: case VT_I2: case VT_UI2: return 2;
    case VT_I4: case VT_UI4: case VT_R4: case VT_ERROR: case VT_INT: case VT_UINT: return 4;
    case VT_R8: case VT_I8: case VT_UI8: case VT_CY: case VT_DATE: return 8;
    case VT_INT_PTR: case VT_UINT_PTR: case VT_BSTR: case VT_DISPATCH: case VT_UNKNOWN: return p.isa->ptr;
    case VT_VARIANT: return static_cast<uint32_t>(variant_size(p));
    case VT_DECIMAL: return 16;
    case VT_RECORD: return 32;
    default: return 0;
  }
}

uint64_t alloc_zero(WindowsProcess& p, uint64_t bytes) { return p.heap.alloc(bytes ? bytes : 1, true); }

int32_t alloc_descriptor(WindowsProcess& p, uint64_t bytes, uint64_t& out) {
  const uint64_t block = alloc_zero(p, bytes + 16);
  if (!block) return E_OUTOFMEMORY;
  out = block + 16;
  return S_OK;
}

void set_iid(uint64_t psa, const uint8_t* guid) { std::memcpy(guest_pointer(psa - 16), guid, 16); }

void set_kind(WindowsProcess& p, uint16_t vt, uint64_t psa) {
  Sa sa{p, psa};
  if (vt == VT_DISPATCH) {
    sa.set_features(FADF_HAVEIID);
    set_iid(psa, kIidIDispatch.data());
  } else if (vt == VT_UNKNOWN) {
    sa.set_features(FADF_HAVEIID);
    set_iid(psa, kIidIUnknown.data());
  } else if (vt == VT_RECORD) {
    sa.set_features(FADF_RECORD);
  } else {
    sa.set_features(FADF_HAVEVARTYPE);
    put<uint32_t>(psa - 4, vt);
  }
}
uint16_t owner_feature(uint16_t vt) {
  switch (vt) {
    case VT_BSTR: return FADF_BSTR;
    case VT_UNKNOWN: return FADF_UNKNOWN;
    case VT_DISPATCH: return FADF_DISPATCH;
    case VT_VARIANT: return FADF_VARIANT;
    default: return 0;
  }
}

// Frees what the cells from `start` on own.
void destroy_cells(WindowsProcess& p, uint64_t psa, uint64_t start) {
  Sa sa{p, psa};
  if (!sa.data() || (sa.features() & FADF_DATADELETED)) return;
  const uint64_t total = sa.cells();
  if (start > total) return;
  const uint16_t f = sa.features();
  const uint64_t ptr = p.isa->ptr;
  for (uint64_t k = start; k < total; ++k) {
    if (f & (FADF_UNKNOWN | FADF_DISPATCH)) {
      const uint64_t unk = p.get_ptr(sa.data() + k * ptr);
      if (unk) call_method(p, unk, kRelease);
    } else if (f & FADF_RECORD) {
      if (const uint64_t rec = sa.record()) call_method(p, rec, kRecordClear, {sa.data() + k * sa.elem()});
    } else if (f & FADF_BSTR) {
      free_bstr(p, p.get_ptr(sa.data() + k * ptr));
      p.put_ptr(sa.data() + k * ptr, 0);
    } else if (f & FADF_VARIANT) {
      clear_variant(p, sa.data() + k * variant_size(p));
    }
  }
}

int32_t copy_cells(WindowsProcess& p, uint64_t src, uint64_t dst) {
  Sa s{p, src}, d{p, dst};
  if (!s.data()) return S_OK;
  if (!d.data() || (s.features() & FADF_DATADELETED)) return E_INVALIDARG;
  const uint64_t n = s.cells();
  d.set_features(static_cast<uint16_t>((d.features() & FADF_CREATEVECTOR) | (s.features() & ~kIgnoredOnCopy)));
  const uint16_t f = s.features();
  const uint64_t ptr = p.isa->ptr;
  int32_t hr = S_OK;
  if (f & FADF_VARIANT) {
    const uint64_t vs = variant_size(p);
    for (uint64_t k = 0; k < n; ++k) copy_variant(p, d.data() + k * vs, s.data() + k * vs);
  } else if (f & FADF_BSTR) {
    for (uint64_t k = 0; k < n; ++k) {
      free_bstr(p, p.get_ptr(d.data() + k * ptr));
      const uint64_t b = p.get_ptr(s.data() + k * ptr);
      const uint64_t c = b ? alloc_bstr(p, b, bstr_bytes(b)) : 0;
      p.put_ptr(d.data() + k * ptr, c);
      if (b && !c) return E_OUTOFMEMORY;
    }
  } else if (f & FADF_RECORD) {
    const uint64_t rec = s.record();
    for (uint64_t k = 0; k < n && rec; ++k) {
      hr = static_cast<int32_t>(call_method(p, rec, kRecordCopy, {s.data() + k * s.elem(), d.data() + k * s.elem()}));
      if (hr < 0) break;
    }
    if (rec) call_method(p, rec, kAddRef);
    if (const uint64_t old = d.record()) call_method(p, old, kRelease);
    d.set_record(rec);
    d.set_elem(s.elem());
  } else if (f & (FADF_UNKNOWN | FADF_DISPATCH)) {
    for (uint64_t k = 0; k < n; ++k) {
      const uint64_t old = p.get_ptr(d.data() + k * ptr);
      if (old) call_method(p, old, kRelease);
      const uint64_t unk = p.get_ptr(s.data() + k * ptr);
      p.put_ptr(d.data() + k * ptr, unk);
      if (unk) call_method(p, unk, kAddRef);
    }
  } else {
    std::memmove(guest_pointer(d.data()), guest_pointer(s.data()), n * s.elem());
  }
  if (f & FADF_HAVEIID) std::memcpy(guest_pointer(dst - 16), guest_pointer(src - 16), 16);
  else if (f & FADF_HAVEVARTYPE) put<uint32_t>(dst - 4, get<uint32_t>(src - 4));
  return hr;
}

// ---- descriptors and data ----

int32_t SafeArrayAllocDescriptor(WindowsProcess& p, uint32_t dims, Ptr out) {
  if (!dims || dims >= 0x10000) return E_INVALIDARG;
  if (!out) return E_POINTER;
  uint64_t psa;
  if (int32_t hr = alloc_descriptor(p, descriptor_bytes(p, dims), psa); hr != S_OK) return hr;
  put<uint16_t>(psa, static_cast<uint16_t>(dims));
  p.put_ptr(out.addr, psa);
  return S_OK;
}

int32_t SafeArrayAllocDescriptorEx(WindowsProcess& p, uint16_t vt, uint32_t dims, Ptr out) {
  int32_t hr = SafeArrayAllocDescriptor(p, dims, out);
  if (hr != S_OK) return hr;
  const uint64_t psa = p.get_ptr(out.addr);
  set_kind(p, vt, psa);
  Sa{p, psa}.set_elem(vt_size(p, vt));
  return S_OK;
}

int32_t SafeArrayAllocData(WindowsProcess& p, Ptr psa) {
  if (!psa) return E_INVALIDARG;
  Sa sa{p, psa.addr};
  const uint64_t data = alloc_zero(p, sa.cells() * sa.elem());
  if (!data) return E_OUTOFMEMORY;
  sa.set_data(data);
  return S_OK;
}

int32_t SafeArrayDestroyDescriptor(WindowsProcess& p, Ptr psa) {
  if (!psa) return S_OK;
  Sa sa{p, psa.addr};
  if (sa.locks()) return DISP_E_ARRAYISLOCKED;
  if (sa.features() & FADF_RECORD) {
    if (const uint64_t rec = sa.record()) call_method(p, rec, kRelease);
    sa.set_record(0);
  }
  if ((sa.features() & FADF_CREATEVECTOR) && !(sa.features() & FADF_DATADELETED)) destroy_cells(p, psa.addr, 0);
  p.heap.free(psa.addr - 16);
  return S_OK;
}

int32_t SafeArrayDestroyData(WindowsProcess& p, Ptr psa) {
  if (!psa) return E_INVALIDARG;
  Sa sa{p, psa.addr};
  if (sa.locks()) return DISP_E_ARRAYISLOCKED;
  destroy_cells(p, psa.addr, 0);
  if (sa.data()) {
    if (sa.features() & FADF_STATIC) {
      std::memset(guest_pointer(sa.data()), 0, sa.cells() * sa.elem());
      return S_OK;
    }
    if (!(sa.features() & FADF_CREATEVECTOR)) {
      p.heap.free(sa.data());
      sa.set_data(0);
    } else {
      sa.set_features(sa.features() | FADF_DATADELETED);
    }
  }
  return S_OK;
}

uint64_t create(WindowsProcess& p, uint16_t vt, uint32_t dims, uint64_t bounds, uint32_t elem_size) {
  if (!bounds) return 0;
  const uint64_t out = p.heap.alloc(8, true);
  if (!out) return 0;
  uint64_t psa = 0;
  if (SafeArrayAllocDescriptorEx(p, vt, dims, Ptr(out)) == S_OK) {
    psa = p.get_ptr(out);
    Sa sa{p, psa};
    sa.set_features(sa.features() | owner_feature(vt));
    for (uint32_t k = 0; k < dims; ++k)
      std::memcpy(guest_pointer(sa.bound(k)), guest_pointer(bounds + 8ull * (dims - 1 - k)), 8);
    if (elem_size) sa.set_elem(elem_size);
    if (!sa.elem() || SafeArrayAllocData(p, Ptr(psa)) != S_OK) {
      SafeArrayDestroyDescriptor(p, Ptr(psa));
      psa = 0;
    }
  }
  p.heap.free(out);
  return psa;
}

uint64_t create_vector(WindowsProcess& p, uint16_t vt, int32_t lbound, uint32_t count, uint32_t elem_size) {
  if (!elem_size && vt != VT_RECORD) return 0;
  uint64_t psa;
  const uint64_t head = descriptor_bytes(p, 1);
  if (alloc_descriptor(p, head + uint64_t{elem_size} * count, psa) != S_OK) return 0;
  set_kind(p, vt, psa);
  Sa sa{p, psa};
  put<uint16_t>(psa, 1);
  sa.set_features(sa.features() | FADF_CREATEVECTOR | owner_feature(vt));
  sa.set_data(psa + head);
  sa.set_elem(elem_size);
  put<uint32_t>(sa.bound(0), count);
  put<int32_t>(sa.bound(0) + 4, lbound);
  return psa;
}

uint32_t record_size(WindowsProcess& p, uint64_t rec) {
  const uint64_t slot = p.heap.alloc(4, true);
  if (!slot) return 0;
  call_method(p, rec, kRecordGetSize, {slot});
  const uint32_t size = get<uint32_t>(slot);
  p.heap.free(slot);
  return size;
}

int32_t SafeArraySetRecordInfo(WindowsProcess& p, Ptr psa, Ptr rec);
int32_t SafeArraySetIID(WindowsProcess& p, Ptr psa, Ptr guid);

Ptr SafeArrayCreate(WindowsProcess& p, uint16_t vt, uint32_t dims, Ptr bounds) {
  if (vt == VT_RECORD) return Ptr(0);
  return Ptr(create(p, vt, dims, bounds.addr, 0));
}
Ptr SafeArrayCreateEx(WindowsProcess& p, uint16_t vt, uint32_t dims, Ptr bounds, Ptr extra) {
  uint32_t size = 0;
  if (vt == VT_RECORD) {
    if (!extra) return Ptr(0);
    size = record_size(p, extra.addr);
  }
  const uint64_t psa = create(p, vt, dims, bounds.addr, size);
  if (psa && extra) {
    if (vt == VT_RECORD) SafeArraySetRecordInfo(p, Ptr(psa), extra);
    else if (vt == VT_UNKNOWN || vt == VT_DISPATCH) SafeArraySetIID(p, Ptr(psa), extra);
  }
  return Ptr(psa);
}
Ptr SafeArrayCreateVector(WindowsProcess& p, uint16_t vt, int32_t lbound, uint32_t count) {
  if (vt == VT_RECORD) return Ptr(0);
  return Ptr(create_vector(p, vt, lbound, count, vt_size(p, vt)));
}
Ptr SafeArrayCreateVectorEx(WindowsProcess& p, uint16_t vt, int32_t lbound, uint32_t count, Ptr extra) {
  uint32_t size;
  if (vt == VT_RECORD) {
    if (!extra) return Ptr(0);
    size = record_size(p, extra.addr);
  } else {
    size = vt_size(p, vt);
  }
  const uint64_t psa = create_vector(p, vt, lbound, count, size);
  if (psa && extra) {
    if (vt == VT_RECORD) SafeArraySetRecordInfo(p, Ptr(psa), extra);
    else if (vt == VT_UNKNOWN || vt == VT_DISPATCH) SafeArraySetIID(p, Ptr(psa), extra);
  }
  return Ptr(psa);
}

// ---- locks, bounds, elements ----

int32_t SafeArrayLock(WindowsProcess& p, Ptr psa) {
  if (!psa) return E_INVALIDARG;
  Sa sa{p, psa.addr};
  if (sa.locks() >= 0xffff) return E_UNEXPECTED;
  sa.set_locks(sa.locks() + 1);
  return S_OK;
}
int32_t SafeArrayUnlock(WindowsProcess& p, Ptr psa) {
  if (!psa) return E_INVALIDARG;
  Sa sa{p, psa.addr};
  if (sa.locks() == 0) return E_UNEXPECTED;
  sa.set_locks(sa.locks() - 1);
  return S_OK;
}
uint32_t SafeArrayGetDim(WindowsProcess& p, Ptr psa) { return psa ? Sa{p, psa.addr}.dims() : 0; }
uint32_t SafeArrayGetElemsize(WindowsProcess& p, Ptr psa) { return psa ? Sa{p, psa.addr}.elem() : 0; }
int32_t SafeArrayGetUBound(WindowsProcess& p, Ptr psa, uint32_t dim, Ptr out) {
  if (!psa || !out) return E_INVALIDARG;
  Sa sa{p, psa.addr};
  if (!dim || dim > sa.dims()) return DISP_E_BADINDEX;
  const unsigned k = sa.dims() - dim;
  put<int32_t>(out.addr, static_cast<int32_t>(sa.lbound(k) + sa.count(k) - 1));
  return S_OK;
}
int32_t SafeArrayGetLBound(WindowsProcess& p, Ptr psa, uint32_t dim, Ptr out) {
  if (!psa || !out) return E_INVALIDARG;
  Sa sa{p, psa.addr};
  if (!dim || dim > sa.dims()) return DISP_E_BADINDEX;
  put<int32_t>(out.addr, sa.lbound(sa.dims() - dim));
  return S_OK;
}
int32_t SafeArrayAccessData(WindowsProcess& p, Ptr psa, Ptr out) {
  if (!psa || !out) return E_INVALIDARG;
  int32_t hr = SafeArrayLock(p, psa);
  p.put_ptr(out.addr, hr == S_OK ? Sa{p, psa.addr}.data() : 0);
  return hr;
}
int32_t SafeArrayUnaccessData(WindowsProcess& p, Ptr psa) { return SafeArrayUnlock(p, psa); }

int32_t ptr_of_index(WindowsProcess& p, uint64_t psa, uint64_t indices, uint64_t& out) {
  Sa sa{p, psa};
  const unsigned dims = sa.dims();
  if (!dims) return DISP_E_BADINDEX;
  uint64_t cell = 0, stride = 1;
  for (unsigned d = 0; d < dims; ++d) {
    const unsigned k = dims - 1 - d;
    const int64_t index = get<int32_t>(indices + 4ull * d);
    const int64_t lo = sa.lbound(k);
    if (!sa.count(k) || index < lo || index >= lo + static_cast<int64_t>(sa.count(k))) return DISP_E_BADINDEX;
    cell += static_cast<uint64_t>(index - lo) * stride;
    stride *= sa.count(k);
  }
  if (!sa.data()) return E_UNEXPECTED;
  out = sa.data() + cell * sa.elem();
  return S_OK;
}
int32_t SafeArrayPtrOfIndex(WindowsProcess& p, Ptr psa, Ptr indices, Ptr out) {
  if (!psa || !indices || !out) return E_INVALIDARG;
  uint64_t cell;
  int32_t hr = ptr_of_index(p, psa.addr, indices.addr, cell);
  if (hr == S_OK) p.put_ptr(out.addr, cell);
  return hr;
}

int32_t SafeArrayPutElement(WindowsProcess& p, Ptr psa, Ptr indices, Ptr data) {
  if (!psa || !indices) return E_INVALIDARG;
  int32_t hr = SafeArrayLock(p, psa);
  if (hr != S_OK) return hr;
  uint64_t cell;
  hr = ptr_of_index(p, psa.addr, indices.addr, cell);
  if (hr == S_OK) {
    Sa sa{p, psa.addr};
    const uint16_t f = sa.features();
    if (f & FADF_VARIANT) {
      hr = copy_variant(p, cell, data.addr);
    } else if (f & FADF_BSTR) {  // the BSTR itself is the argument
      free_bstr(p, p.get_ptr(cell));
      const uint64_t c = data ? alloc_bstr(p, data.addr, bstr_bytes(data.addr)) : 0;
      p.put_ptr(cell, c);
      if (data && !c) hr = E_OUTOFMEMORY;
    } else if (f & (FADF_UNKNOWN | FADF_DISPATCH)) {  // the interface pointer is the argument
      if (data) call_method(p, data.addr, kAddRef);
      const uint64_t old = p.get_ptr(cell);
      if (old) call_method(p, old, kRelease);
      p.put_ptr(cell, data.addr);
    } else if (f & FADF_RECORD) {
      hr = static_cast<int32_t>(call_method(p, sa.record(), kRecordCopy, {data.addr, cell}));
    } else {
      std::memmove(guest_pointer(cell), guest_pointer(data.addr), sa.elem());
    }
  }
  SafeArrayUnlock(p, psa);
  return hr;
}

int32_t SafeArrayGetElement(WindowsProcess& p, Ptr psa, Ptr indices, Ptr data) {
  if (!psa || !indices || !data) return E_INVALIDARG;
  int32_t hr = SafeArrayLock(p, psa);
  if (hr != S_OK) return hr;
  uint64_t cell;
  hr = ptr_of_index(p, psa.addr, indices.addr, cell);
  if (hr == S_OK) {
    Sa sa{p, psa.addr};
    const uint16_t f = sa.features();
    if (f & FADF_VARIANT) {
      put<uint16_t>(data.addr, VT_EMPTY);
      hr = copy_variant(p, data.addr, cell);
    } else if (f & FADF_BSTR) {
      const uint64_t b = p.get_ptr(cell);
      const uint64_t c = b ? alloc_bstr(p, b, bstr_bytes(b)) : 0;
      p.put_ptr(data.addr, c);
      if (b && !c) hr = E_OUTOFMEMORY;
    } else if (f & (FADF_UNKNOWN | FADF_DISPATCH)) {
      const uint64_t unk = p.get_ptr(cell);
      if (unk) call_method(p, unk, kAddRef);
      p.put_ptr(data.addr, unk);
    } else if (f & FADF_RECORD) {
      hr = static_cast<int32_t>(call_method(p, sa.record(), kRecordCopy, {cell, data.addr}));
    } else {
      std::memmove(guest_pointer(data.addr), guest_pointer(cell), sa.elem());
    }
  }
  SafeArrayUnlock(p, psa);
  return hr;
}

// ---- copies and resizing ----

int32_t SafeArrayGetVartype(WindowsProcess& p, Ptr psa, Ptr out);

int32_t SafeArrayCopyData(WindowsProcess& p, Ptr src, Ptr dst) {
  if (!src || !dst) return E_INVALIDARG;
  Sa s{p, src.addr}, d{p, dst.addr};
  if (s.dims() != d.dims() || s.elem() != d.elem()) return E_INVALIDARG;
  for (unsigned k = 0; k < s.dims(); ++k)
    if (s.count(k) != d.count(k)) return E_INVALIDARG;
  return copy_cells(p, src.addr, dst.addr);
}

int32_t SafeArrayRedim(WindowsProcess& p, Ptr psa, Ptr bound) {
  if (!psa || !bound) return E_INVALIDARG;
  Sa sa{p, psa.addr};
  if ((sa.features() & FADF_FIXEDSIZE) || sa.locks()) return DISP_E_ARRAYISLOCKED;
  // The first bound stored is the last dimension's, the one Redim changes.
  const uint32_t old_count = sa.count(0), new_count = get<uint32_t>(bound.addr);
  put<int32_t>(sa.bound(0) + 4, get<int32_t>(bound.addr + 4));
  if (new_count != old_count) {
    const uint64_t cells = sa.cells();
    if (new_count < old_count) {
      destroy_cells(p, psa.addr, new_count * (cells / old_count));
    } else {
      const uint64_t old_bytes = cells * sa.elem();
      uint64_t new_bytes;
      if (old_bytes) {
        new_bytes = old_bytes / old_count * new_count;
      } else {
        put<uint32_t>(sa.bound(0), new_count);
        new_bytes = sa.cells() * sa.elem();
        put<uint32_t>(sa.bound(0), old_count);
      }
      const uint64_t data = alloc_zero(p, new_bytes);
      if (!data) return E_OUTOFMEMORY;
      if (old_bytes) std::memcpy(guest_pointer(data), guest_pointer(sa.data()), old_bytes);
      if (sa.data()) p.heap.free(sa.data());
      sa.set_data(data);
    }
    put<uint32_t>(sa.bound(0), new_count);
  }
  return S_OK;
}

// ---- what the array holds ----

int32_t SafeArrayGetVartype(WindowsProcess& p, Ptr psa, Ptr out) {
  if (!psa || !out) return E_INVALIDARG;
  const uint16_t f = Sa{p, psa.addr}.features();
  uint16_t vt;
  if (f & FADF_RECORD) vt = VT_RECORD;
  else if ((f & (FADF_HAVEIID | FADF_DISPATCH)) == (FADF_HAVEIID | FADF_DISPATCH)) vt = VT_DISPATCH;
  else if (f & FADF_HAVEIID) vt = VT_UNKNOWN;
  else if (f & FADF_HAVEVARTYPE) vt = static_cast<uint16_t>(get<uint32_t>(psa.addr - 4));
  else return E_INVALIDARG;
  put<uint16_t>(out.addr, vt);
  return S_OK;
}
int32_t SafeArraySetRecordInfo(WindowsProcess& p, Ptr psa, Ptr rec) {
  if (!psa) return E_INVALIDARG;
  Sa sa{p, psa.addr};
  if (!(sa.features() & FADF_RECORD)) return E_INVALIDARG;
  if (rec) call_method(p, rec.addr, kAddRef);
  if (const uint64_t old = sa.record()) call_method(p, old, kRelease);
  sa.set_record(rec.addr);
  return S_OK;
}
int32_t SafeArrayGetRecordInfo(WindowsProcess& p, Ptr psa, Ptr out) {
  if (!psa || !out) return E_INVALIDARG;
  Sa sa{p, psa.addr};
  if (!(sa.features() & FADF_RECORD)) return E_INVALIDARG;
  const uint64_t rec = sa.record();
  p.put_ptr(out.addr, rec);
  if (rec) call_method(p, rec, kAddRef);
  return S_OK;
}
int32_t SafeArraySetIID(WindowsProcess& p, Ptr psa, Ptr guid) {
  if (!psa || !guid || !(Sa{p, psa.addr}.features() & FADF_HAVEIID)) return E_INVALIDARG;
  std::memmove(guest_pointer(psa.addr - 16), guest_pointer(guid.addr), 16);
  return S_OK;
}
int32_t SafeArrayGetIID(WindowsProcess& p, Ptr psa, Ptr guid) {
  if (!psa || !guid || !(Sa{p, psa.addr}.features() & FADF_HAVEIID)) return E_INVALIDARG;
  std::memmove(guest_pointer(guid.addr), guest_pointer(psa.addr - 16), 16);
  return S_OK;
}

int32_t SafeArrayDestroy(WindowsProcess& p, Ptr psa) { return safearray_destroy(p, psa.addr); }
int32_t SafeArrayCopy(WindowsProcess& p, Ptr psa, Ptr out) {
  if (!out) return E_INVALIDARG;
  uint64_t copy = 0;
  int32_t hr = safearray_copy(p, psa.addr, copy);
  p.put_ptr(out.addr, copy);
  return hr;
}

// ---- BSTR ⇄ vector of bytes ----

int32_t VectorFromBstr(WindowsProcess& p, Ptr bstr, Ptr out) {
  if (!out) return E_INVALIDARG;
  uint64_t psa = 0;
  int32_t hr = vector_from_bstr(p, bstr.addr, psa);
  p.put_ptr(out.addr, psa);
  return hr;
}
int32_t BstrFromVector(WindowsProcess& p, Ptr psa, Ptr out) {
  if (!out) return E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (!psa) return E_INVALIDARG;
  Sa sa{p, psa.addr};
  if (sa.elem() != 1 || sa.dims() != 1) return E_INVALIDARG;
  const uint64_t b = alloc_bstr(p, sa.data(), sa.count(0));
  if (!b) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, b);
  return S_OK;
}

}  // namespace

int32_t vector_from_bstr(WindowsProcess& p, uint64_t bstr, uint64_t& out) {
  const uint32_t bytes = bstr_bytes(bstr);
  const uint64_t bound = p.heap.alloc(8, true);  // {bytes, 0}
  if (!bound) return E_OUTOFMEMORY;
  put<uint32_t>(bound, bytes);
  out = create(p, VT_UI1, 1, bound, 0);
  p.heap.free(bound);
  if (!out) return E_OUTOFMEMORY;
  if (bytes) std::memcpy(guest_pointer(Sa{p, out}.data()), guest_pointer(bstr), bytes);
  return S_OK;
}

int32_t safearray_destroy(WindowsProcess& p, uint64_t psa) {
  if (!psa) return S_OK;
  if (Sa{p, psa}.locks()) return DISP_E_ARRAYISLOCKED;
  SafeArrayDestroyData(p, Ptr(psa));
  SafeArrayDestroyDescriptor(p, Ptr(psa));
  return S_OK;
}

int32_t safearray_copy(WindowsProcess& p, uint64_t psa, uint64_t& out) {
  out = 0;
  if (!psa) return S_OK;
  Sa s{p, psa};
  if (!s.elem()) return E_INVALIDARG;
  const uint64_t slot = p.heap.alloc(8, true);
  if (!slot) return E_OUTOFMEMORY;
  int32_t hr;
  if (s.features() & (FADF_RECORD | FADF_HAVEIID | FADF_HAVEVARTYPE)) {
    hr = SafeArrayGetVartype(p, Ptr(psa), Ptr(slot));
    if (hr == S_OK) hr = SafeArrayAllocDescriptorEx(p, get<uint16_t>(slot), s.dims(), Ptr(slot));
  } else {
    hr = SafeArrayAllocDescriptor(p, s.dims(), Ptr(slot));
    if (hr == S_OK) {
      Sa d{p, p.get_ptr(slot)};
      d.set_features(static_cast<uint16_t>(s.features() & ~kIgnoredOnCopy));
      d.set_elem(s.elem());
    }
  }
  const uint64_t copy = hr == S_OK ? p.get_ptr(slot) : 0;
  p.heap.free(slot);
  if (hr != S_OK) return hr;
  Sa d{p, copy};
  std::memcpy(guest_pointer(d.bound(0)), guest_pointer(s.bound(0)), 8ull * s.dims());
  const uint64_t data = alloc_zero(p, s.cells() * s.elem());
  if (!data) {
    SafeArrayDestroyDescriptor(p, Ptr(copy));
    return E_OUTOFMEMORY;
  }
  d.set_data(data);
  hr = copy_cells(p, psa, copy);
  if (hr < 0) {
    p.heap.free(data);
    d.set_data(0);
    SafeArrayDestroyDescriptor(p, Ptr(copy));
    return hr;
  }
  out = copy;
  return hr;
}

const std::vector<Export>& safearray_exports() {
  static const std::vector<Export> exports = {
      EXPORT("SafeArrayAllocDescriptor", SafeArrayAllocDescriptor),
      EXPORT("SafeArrayAllocDescriptorEx", SafeArrayAllocDescriptorEx),
      EXPORT("SafeArrayAllocData", SafeArrayAllocData),
      EXPORT("SafeArrayDestroyDescriptor", SafeArrayDestroyDescriptor),
      EXPORT("SafeArrayDestroyData", SafeArrayDestroyData),
      EXPORT("SafeArrayDestroy", SafeArrayDestroy),
      EXPORT("SafeArrayCreate", SafeArrayCreate),
      EXPORT("SafeArrayCreateEx", SafeArrayCreateEx),
      EXPORT("SafeArrayCreateVector", SafeArrayCreateVector),
      EXPORT("SafeArrayCreateVectorEx", SafeArrayCreateVectorEx),
      EXPORT("SafeArrayLock", SafeArrayLock),
      EXPORT("SafeArrayUnlock", SafeArrayUnlock),
      EXPORT("SafeArrayGetDim", SafeArrayGetDim),
      EXPORT("SafeArrayGetElemsize", SafeArrayGetElemsize),
      EXPORT("SafeArrayGetUBound", SafeArrayGetUBound),
      EXPORT("SafeArrayGetLBound", SafeArrayGetLBound),
      EXPORT("SafeArrayAccessData", SafeArrayAccessData),
      EXPORT("SafeArrayUnaccessData", SafeArrayUnaccessData),
      EXPORT("SafeArrayPtrOfIndex", SafeArrayPtrOfIndex),
      EXPORT("SafeArrayPutElement", SafeArrayPutElement),
      EXPORT("SafeArrayGetElement", SafeArrayGetElement),
      EXPORT("SafeArrayCopy", SafeArrayCopy),
      EXPORT("SafeArrayCopyData", SafeArrayCopyData),
      EXPORT("SafeArrayRedim", SafeArrayRedim),
      EXPORT("SafeArrayGetVartype", SafeArrayGetVartype),
      EXPORT("SafeArraySetRecordInfo", SafeArraySetRecordInfo),
      EXPORT("SafeArrayGetRecordInfo", SafeArrayGetRecordInfo),
      EXPORT("SafeArraySetIID", SafeArraySetIID),
      EXPORT("SafeArrayGetIID", SafeArrayGetIID),
      EXPORT("VectorFromBstr", VectorFromBstr),
      EXPORT("BstrFromVector", BstrFromVector),
  };
  return exports;
}

uint64_t variant_vector(WindowsProcess& p, uint32_t count, uint64_t& data) {
  const uint64_t psa = create_vector(p, VT_VARIANT, 0, count, static_cast<uint32_t>(variant_size(p)));
  data = psa ? Sa{p, psa}.data() : 0;
  return psa;
}

}  // namespace polyrun::shims::oleaut
