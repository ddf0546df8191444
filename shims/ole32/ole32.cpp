// OLE32.dll and combase.dll for console programs: the COM task allocator (CoTaskMemAlloc,
// CoTaskMemRealloc, CoTaskMemFree, and CoGetMalloc's IMalloc over the same blocks), which other
// APIs hand their results out in, and PropVariantClear. The apartments and object creation are in
// ole32/apartments.cpp, GUIDs and their strings in ole32/guid.cpp, bind contexts in
// ole32/bind_context.cpp, the thread's error object in ole32/error_info.cpp, BSTRs (which
// PropVariantClear frees) in ole32/bstr.cpp.
#include <cstring>

#include "shims/ole32/exports.h"
#include "shims/ole32/com_object.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

const std::vector<Export>& ole32_guid_exports();        // ole32/guid.cpp
const std::vector<Export>& ole32_apartment_exports();   // ole32/apartments.cpp
const std::vector<Export>& ole32_bind_context_exports();  // ole32/bind_context.cpp

void task_free(WindowsProcess& p, uint64_t block) {
  if (block && p.heap.owns(block)) p.heap.free(block);
}

namespace {

Ptr CoTaskMemAlloc(WindowsProcess& p, USize size) { return Ptr(p.heap.alloc(size)); }
Ptr CoTaskMemRealloc(WindowsProcess& p, Ptr block, USize size) { return Ptr(p.heap.realloc(block.addr, size)); }
void CoTaskMemFree(WindowsProcess& p, Ptr block) { task_free(p, block.addr); }

// CoGetMalloc's IMalloc: one object for the process, whose blocks are the task allocator's (a
// block from either is freed by the other). Its reference counts are those of a static object.
constexpr GuidBytes kIidIMalloc = make_guid(0x00000002, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});

int32_t Malloc_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIMalloc)) {
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Malloc_AddRef(WindowsProcess&, Ptr) { return 2; }
uint32_t Malloc_Release(WindowsProcess&, Ptr) { return 1; }
Ptr Malloc_Alloc(WindowsProcess& p, Ptr, USize size) { return CoTaskMemAlloc(p, size); }
// Realloc of NULL allocates; to 0 bytes frees and gives NULL.
Ptr Malloc_Realloc(WindowsProcess& p, Ptr, Ptr block, USize size) {
  if (!block) return CoTaskMemAlloc(p, size);
  if (size == 0) {
    task_free(p, block.addr);
    return Ptr(0);
  }
  return CoTaskMemRealloc(p, block, size);
}
void Malloc_Free(WindowsProcess& p, Ptr, Ptr block) { task_free(p, block.addr); }
// The size asked for; -1 for NULL or a block that is not the allocator's.
USize Malloc_GetSize(WindowsProcess& p, Ptr, Ptr block) {
  const uint64_t all_ones = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  if (!block || !p.heap.owns(block.addr)) return USize(all_ones);
  return USize(p.heap.size(block.addr));
}
// 1: a block of the allocator's; 0: not; -1: NULL (cannot tell).
int32_t Malloc_DidAlloc(WindowsProcess& p, Ptr, Ptr block) {
  if (!block) return -1;
  return p.heap.owns(block.addr) ? 1 : 0;
}
void Malloc_HeapMinimize(WindowsProcess&, Ptr) {}

const std::vector<Export>& malloc_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IMalloc::QueryInterface", Malloc_QueryInterface),
      EXPORT("IMalloc::AddRef", Malloc_AddRef),
      EXPORT("IMalloc::Release", Malloc_Release),
      EXPORT("IMalloc::Alloc", Malloc_Alloc),
      EXPORT("IMalloc::Realloc", Malloc_Realloc),
      EXPORT("IMalloc::Free", Malloc_Free),
      EXPORT("IMalloc::GetSize", Malloc_GetSize),
      EXPORT("IMalloc::DidAlloc", Malloc_DidAlloc),
      EXPORT("IMalloc::HeapMinimize", Malloc_HeapMinimize),
  };
  return methods;
}

// CoGetMalloc(MEMCTX_TASK, &malloc): the task allocator; other contexts (MEMCTX_SHARED, the
// Macintosh ones) are E_INVALIDARG with NULL stored.
int32_t CoGetMalloc(WindowsProcess& p, uint32_t context, Ptr out) {
  constexpr uint32_t kMemctxTask = 1;
  if (context != kMemctxTask) {
    p.put_ptr(out.addr, 0);
    return com::E_INVALIDARG;
  }
  static uint64_t object = 0;  // the interface pointer: a block holding the vtable's address
  if (!object) {
    object = p.alloc_data(p.isa->ptr);
    p.put_ptr(object, com_vtable(p, kOle32, malloc_methods()));
  }
  p.put_ptr(out.addr, object);
  return com::S_OK;
}

// PROPVARIANT: vt (16 bits), three reserved 16-bit words, the value at offset 8; 16 bytes on i386,
// 24 on x64. Counted arrays (BLOB, the VT_VECTOR types) keep a 32-bit count at 8 and a pointer
// after it (at 8 + pointer size); CLIPDATA is cbSize, ulClipFmt, then pClipData at 8.
bool is_value_type(uint16_t vt) {  // nothing to free
  switch (vt) {
    case VT_EMPTY: case VT_NULL: case VT_I1: case VT_I2: case VT_I4: case VT_I8: case VT_R4: case VT_R8:
    case VT_CY: case VT_DATE: case VT_ERROR: case VT_BOOL: case VT_DECIMAL: case VT_UI1: case VT_UI2:
    case VT_UI4: case VT_UI8: case VT_INT: case VT_UINT: case VT_FILETIME:
      return true;
  }
  return false;
}

// The types a PROPVARIANT may hold (the rest are STG_E_INVALIDPARAMETER: VT_BYREF is a VARIANT's).
bool is_property_type(uint16_t vt) {
  if (is_value_type(vt)) return true;
  switch (vt) {
    case VT_BSTR: case VT_LPSTR: case VT_LPWSTR: case VT_BLOB: case VT_DISPATCH: case VT_UNKNOWN: case VT_STREAM:
    case VT_STORAGE: case VT_STREAMED_OBJECT: case VT_STORED_OBJECT: case VT_BLOB_OBJECT: case VT_CF: case VT_CLSID:
      return true;
  }
  const uint16_t element = vt & 0xfff;
  if ((vt & 0xf000) == VT_VECTOR) {
    switch (element) {
      case VT_I1: case VT_I2: case VT_I4: case VT_I8: case VT_R4: case VT_R8: case VT_CY: case VT_DATE: case VT_BSTR:
      case VT_ERROR: case VT_BOOL: case VT_VARIANT: case VT_UI1: case VT_UI2: case VT_UI4: case VT_UI8: case VT_LPSTR:
      case VT_LPWSTR: case VT_FILETIME: case VT_CF: case VT_CLSID:
        return true;
    }
  }
  if ((vt & 0xf000) == VT_ARRAY) {
    switch (element) {
      case VT_I1: case VT_UI1: case VT_I2: case VT_UI2: case VT_I4: case VT_UI4: case VT_INT: case VT_UINT: case VT_R4:
      case VT_R8: case VT_CY: case VT_DATE: case VT_BSTR: case VT_BOOL: case VT_DECIMAL: case VT_DISPATCH:
      case VT_UNKNOWN: case VT_ERROR: case VT_VARIANT:
        return true;
    }
  }
  return false;
}

uint64_t propvariant_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 24 : 16; }
uint64_t clipdata_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 16 : 12; }

int32_t clear_propvariant(WindowsProcess& p, uint64_t v) {
  const uint16_t vt = get<uint16_t>(v);
  const unsigned ptr = p.isa->ptr;
  if (!is_property_type(vt)) {
    std::memset(guest_pointer(v), 0, propvariant_size(p));
    return com::STG_E_INVALIDPARAMETER;
  }
  const uint64_t value = p.get_ptr(v + 8);
  if ((vt & 0xf000) == VT_ARRAY) {
    // SAFEARRAYs are not provided (SafeArrayCreate and SafeArrayDestroy are not polyrun's), as in
    // VariantClear; a null one is nothing to destroy.
    if (value) return com::DISP_E_BADVARTYPE;
  } else if (vt & VT_VECTOR) {
    const uint32_t count = get<uint32_t>(v + 8);
    const uint64_t elements = p.get_ptr(v + 8 + ptr);
    for (uint32_t i = 0; i < count && elements; ++i) {
      switch (vt & 0xfff) {
        case VT_VARIANT: clear_propvariant(p, elements + i * propvariant_size(p)); break;
        case VT_CF: task_free(p, p.get_ptr(elements + i * clipdata_size(p) + 8)); break;
        case VT_BSTR: free_bstr(p, p.get_ptr(elements + uint64_t{i} * ptr)); break;
        case VT_LPSTR: case VT_LPWSTR: task_free(p, p.get_ptr(elements + uint64_t{i} * ptr)); break;
      }
    }
    task_free(p, elements);
  } else {
    switch (vt) {
      case VT_DISPATCH: case VT_UNKNOWN: case VT_STREAM: case VT_STREAMED_OBJECT: case VT_STORAGE:
      case VT_STORED_OBJECT:
        if (value) call_method(p, value, kRelease);
        break;
      case VT_CLSID: case VT_LPSTR: case VT_LPWSTR: task_free(p, value); break;
      case VT_BLOB: case VT_BLOB_OBJECT: task_free(p, p.get_ptr(v + 8 + ptr)); break;
      case VT_BSTR: free_bstr(p, value); break;
      case VT_CF:
        if (value) {
          task_free(p, p.get_ptr(value + 8));
          task_free(p, value);
        }
        break;
    }
  }
  std::memset(guest_pointer(v), 0, propvariant_size(p));
  return com::S_OK;
}

// PropVariantClear: frees what the PROPVARIANT holds (strings and blobs with CoTaskMemFree, BSTRs
// with SysFreeString, interfaces released) and zeroes it; NULL is S_OK.
int32_t PropVariantClear(WindowsProcess& p, Ptr v) { return v ? clear_propvariant(p, v.addr) : com::S_OK; }

}  // namespace

const Dll kOle32{
    "ole32.dll",
    false,
    [] {
      std::vector<Export> exports = {
          EXPORT("CoTaskMemAlloc", CoTaskMemAlloc),
          EXPORT("CoTaskMemRealloc", CoTaskMemRealloc),
          EXPORT("CoTaskMemFree", CoTaskMemFree),
          EXPORT("CoGetMalloc", CoGetMalloc),
          EXPORT("PropVariantClear", PropVariantClear),
          EXPORT("GetErrorInfo", GetErrorInfo),
          EXPORT("SetErrorInfo", SetErrorInfo),
      };
      for (const auto* more : {&ole32_guid_exports(), &ole32_apartment_exports(), &ole32_bind_context_exports()})
        exports.insert(exports.end(), more->begin(), more->end());
      return exports;
    }(),
};

}  // namespace polyrun::shims
