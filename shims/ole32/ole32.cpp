// OLE32.dll and combase.dll: the DLL's table, the COM task allocator (CoTaskMemAlloc,
// CoTaskMemRealloc, CoTaskMemFree, and CoGetMalloc's IMalloc over the same blocks, which an
// IMallocSpy registered with CoRegisterMallocSpy watches), which other APIs hand their results out
// in, and PROPVARIANTs (PropVariantClear, PropVariantCopy, FreePropVariantArray). Where every other
// family lives: ole32/README.md.
#include <cstring>
#include <set>

#include "shims/ole32/exports.h"
#include "shims/ole32/com_object.h"
#include "shims/ole32/ole32_internal.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

const std::vector<Export>& ole32_guid_exports();        // ole32/guid.cpp
int32_t ole32_CreateErrorInfo(WindowsProcess& p, Ptr out);  // ole32/error_info.cpp
const std::vector<Export>& ole32_apartment_exports();   // ole32/apartments.cpp
const std::vector<Export>& ole32_bind_context_exports();  // ole32/bind_context.cpp
const std::vector<Export>& ole32_basics_exports();        // ole32/basics.cpp
const std::vector<Export>& ole32_activation_exports();    // ole32/activation.cpp
const std::vector<Export>& ole32_call_security_exports();  // ole32/call_security.cpp
const std::vector<Export>& ole32_hglobal_exports();       // ole32/hglobal_stream.cpp
const std::vector<Export>& ole32_marshal_exports();       // ole32/marshal.cpp
const std::vector<Export>& ole32_user_marshal_exports();  // ole32/user_marshal.cpp
const std::vector<Export>& ole32_storage_medium_exports();  // ole32/storage_medium.cpp
const std::vector<Export>& ole32_storage_exports();       // ole32/storage.cpp
const std::vector<Export>& ole32_storage_helper_exports();  // ole32/storage_helpers.cpp
const std::vector<Export>& ole32_ole_object_exports();    // ole32/ole_objects.cpp
const std::vector<Export>& ole32_window_exports();        // ole32/ole_windows.cpp
const std::vector<Export>& ole32_moniker_exports();       // ole32/monikers.cpp
const std::vector<Export>& ole32_advise_holder_exports();  // ole32/advise_holders.cpp
const std::vector<Export>& ole32_registry_enum_exports();  // ole32/registry_enums.cpp
const std::vector<Export>& ole32_clipboard_exports();     // ole32/ole_clipboard.cpp
const std::vector<Export>& ole32_property_storage_exports();  // ole32/property_storage.cpp
const std::vector<Export>& ole32_winrt_exports();            // ole32/winrt.cpp
const std::vector<Export>& ole32_winrt_string_exports();     // ole32/winrt_strings.cpp

namespace {

using ole32::call_method_wide;
using ole32::Scratch;

// The registered IMallocSpy (CoRegisterMallocSpy), which sees every call of the task allocator:
// its Pre method may change the request (a size of 0 refuses an allocation of more than 0 bytes),
// its Post method the result. Blocks allocated while it is registered are "spied"; it is released
// when revoked with none left, or once the last of them is freed after a revoke that found some.
struct MallocSpy {
  uint64_t spy = 0;
  bool release_pending = false;
  std::set<uint64_t> blocks;  // the spied blocks, as the spy's PostAlloc handed them out
};
MallocSpy malloc_spy;
// IMallocSpy's methods after IUnknown's three.
constexpr unsigned kPreAlloc = 3, kPostAlloc = 4, kPreFree = 5, kPostFree = 6, kPreRealloc = 7, kPostRealloc = 8,
                   kPreGetSize = 9, kPostGetSize = 10, kPreDidAlloc = 11, kPostDidAlloc = 12, kPreHeapMinimize = 13,
                   kPostHeapMinimize = 14;
constexpr GuidBytes kIidIMallocSpy = make_guid(0x0000001d, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr int32_t CO_E_OBJISREG = static_cast<int32_t>(0x800401fc), CO_E_OBJNOTREG = static_cast<int32_t>(0x800401fb),
                  E_ACCESSDENIED = static_cast<int32_t>(0x80070005);

bool take_spied(uint64_t block) { return block && malloc_spy.blocks.erase(block) > 0; }
void keep_spied(uint64_t block) {
  if (block) malloc_spy.blocks.insert(block);
}
void release_spy_if_done(WindowsProcess& p) {
  if (!malloc_spy.spy || !malloc_spy.release_pending || !malloc_spy.blocks.empty()) return;
  const uint64_t spy = malloc_spy.spy;
  malloc_spy = MallocSpy{};
  call_method(p, spy, kRelease);
}

uint64_t task_alloc(WindowsProcess& p, uint64_t size) {
  if (!malloc_spy.spy) return p.heap.alloc(size);
  const uint64_t spy = malloc_spy.spy;
  const uint64_t asked = call_method_wide(p, spy, kPreAlloc, {size});
  if (size && !asked) return 0;
  const uint64_t block = call_method_wide(p, spy, kPostAlloc, {p.heap.alloc(asked)});
  keep_spied(block);
  return block;
}

uint64_t task_realloc(WindowsProcess& p, uint64_t block, uint64_t size) {
  if (malloc_spy.spy) {
    const uint64_t spy = malloc_spy.spy;
    const bool spied = take_spied(block);
    Scratch real(p, 8);
    size = call_method_wide(p, spy, kPreRealloc, {block, size, real.addr, spied});
    block = p.get_ptr(real.addr);
    release_spy_if_done(p);
    if (!size) return 0;
    uint64_t result = block ? p.heap.realloc(block, size) : p.heap.alloc(size);
    if (malloc_spy.spy) {
      result = call_method_wide(p, malloc_spy.spy, kPostRealloc, {result, 1});
      keep_spied(result);
    }
    return result;
  }
  if (!block) return p.heap.alloc(size);
  return p.heap.realloc(block, size);
}

}  // namespace

void task_free(WindowsProcess& p, uint64_t block) {
  if (!block) return;
  if (malloc_spy.spy) {
    const uint64_t spy = malloc_spy.spy;
    const bool spied = take_spied(block);
    block = call_method_wide(p, spy, kPreFree, {block, spied});
    if (block && p.heap.owns(block)) p.heap.free(block);
    call_method(p, spy, kPostFree, {spied});
    release_spy_if_done(p);
    return;
  }
  if (p.heap.owns(block)) p.heap.free(block);
}

namespace {

Ptr CoTaskMemAlloc(WindowsProcess& p, USize size) { return Ptr(task_alloc(p, size)); }
Ptr CoTaskMemRealloc(WindowsProcess& p, Ptr block, USize size) {
  if (!malloc_spy.spy) return Ptr(p.heap.realloc(block.addr, size));
  return Ptr(task_realloc(p, block.addr, size));
}
void CoTaskMemFree(WindowsProcess& p, Ptr block) { task_free(p, block.addr); }

// CoRegisterMallocSpy(spy): the spy (its IMallocSpy, held) watches the task allocator from now on;
// CO_E_OBJISREG while another is registered, E_INVALIDARG for NULL or an object without IMallocSpy.
int32_t CoRegisterMallocSpy(WindowsProcess& p, Ptr spy) {
  if (!spy) return com::E_INVALIDARG;
  if (malloc_spy.spy) return CO_E_OBJISREG;
  uint64_t object = 0;
  if (com::failed(query_interface(p, spy.addr, kIidIMallocSpy, object))) return com::E_INVALIDARG;
  malloc_spy = MallocSpy{};
  malloc_spy.spy = object;
  return com::S_OK;
}

// CoRevokeMallocSpy: the spy released (S_OK); E_ACCESSDENIED while blocks it spied on are still
// allocated (it is then released when the last of them is freed); CO_E_OBJNOTREG without one.
int32_t CoRevokeMallocSpy(WindowsProcess& p) {
  if (!malloc_spy.spy) return CO_E_OBJNOTREG;
  if (!malloc_spy.blocks.empty()) {
    malloc_spy.release_pending = true;
    return E_ACCESSDENIED;
  }
  const uint64_t spy = malloc_spy.spy;
  malloc_spy = MallocSpy{};
  call_method(p, spy, kRelease);
  return com::S_OK;
}

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
  if (malloc_spy.spy) return Ptr(task_realloc(p, block.addr, size));
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
  if (!block) return USize(all_ones);
  uint64_t at = block.addr;
  bool spied = false;
  if (malloc_spy.spy) {
    spied = malloc_spy.blocks.count(at) > 0;
    at = call_method_wide(p, malloc_spy.spy, kPreGetSize, {at, spied});
  }
  uint64_t size = at && p.heap.owns(at) ? p.heap.size(at) : all_ones;
  if (malloc_spy.spy) size = call_method_wide(p, malloc_spy.spy, kPostGetSize, {size, spied});
  return USize(size);
}
// 1: a block of the allocator's; 0: not; -1: NULL (cannot tell).
int32_t Malloc_DidAlloc(WindowsProcess& p, Ptr, Ptr block) {
  if (!block) return -1;
  if (!malloc_spy.spy) return p.heap.owns(block.addr) ? 1 : 0;
  const bool spied = malloc_spy.blocks.count(block.addr) > 0;
  const uint64_t at = call_method_wide(p, malloc_spy.spy, kPreDidAlloc, {block.addr, spied});
  const int32_t did = at && p.heap.owns(at) ? 1 : 0;
  return static_cast<int32_t>(call_method(p, malloc_spy.spy, kPostDidAlloc, {at, spied, static_cast<uint32_t>(did)}));
}
// Nothing to give back (the process heap keeps its pages); the spy sees the call.
void Malloc_HeapMinimize(WindowsProcess& p, Ptr) {
  if (!malloc_spy.spy) return;
  const uint64_t spy = malloc_spy.spy;
  call_method(p, spy, kPreHeapMinimize);
  call_method(p, spy, kPostHeapMinimize);
}

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

// A copy of `count` bytes at `from` in a block of the task allocator (0 for none).
uint64_t task_copy(WindowsProcess& p, uint64_t from, uint64_t count) {
  const uint64_t block = task_alloc(p, count ? count : 1);
  if (block && count) std::memcpy(guest_pointer(block), guest_pointer(from), count);
  return block;
}
uint64_t task_copy_string(WindowsProcess& p, uint64_t from, bool wide) {
  if (!from) return 0;
  uint64_t n = 0;
  if (wide) {
    while (get<uint16_t>(from + 2 * n)) ++n;
    return task_copy(p, from, 2 * (n + 1));
  }
  while (get<uint8_t>(from + n)) ++n;
  return task_copy(p, from, n + 1);
}
uint64_t bstr_copy(WindowsProcess& p, uint64_t bstr) { return bstr ? alloc_bstr(p, bstr, get<uint32_t>(bstr - 4)) : 0; }

// The bytes of one element of a VT_VECTOR of `element` (0: not a vector's element type).
uint32_t vector_element_size(WindowsProcess& p, uint16_t element) {
  switch (element) {
    case VT_I1: case VT_UI1: return 1;
    case VT_I2: case VT_UI2: case VT_BOOL: return 2;
    case VT_I4: case VT_UI4: case VT_R4: case VT_ERROR: return 4;
    case VT_I8: case VT_UI8: case VT_R8: case VT_CY: case VT_DATE: case VT_FILETIME: return 8;
    case VT_CLSID: return 16;
    case VT_CF: return static_cast<uint32_t>(clipdata_size(p));
    case VT_BSTR: case VT_LPSTR: case VT_LPWSTR: return p.isa->ptr;
    case VT_VARIANT: return static_cast<uint32_t>(propvariant_size(p));
  }
  return 0;
}

int32_t copy_propvariant(WindowsProcess& p, uint64_t to, uint64_t from) {
  const uint16_t vt = get<uint16_t>(from);
  const unsigned ptr = p.isa->ptr;
  if (!is_property_type(vt)) return com::DISP_E_BADVARTYPE;
  std::memmove(guest_pointer(to), guest_pointer(from), propvariant_size(p));
  const uint64_t value = p.get_ptr(from + 8);
  if ((vt & 0xf000) == VT_ARRAY) {
    // SAFEARRAYs are OLEAUT32's: SafeArrayCopy, by name.
    p.put_ptr(to + 8, 0);
    return static_cast<int32_t>(p.call_export("oleaut32.dll", "SafeArrayCopy", {value, to + 8}, 0));
  }
  if (vt & VT_VECTOR) {
    const uint16_t element = vt & 0xfff;
    const uint32_t size = vector_element_size(p, element), count = get<uint32_t>(from + 8);
    if (!size) return com::E_INVALIDARG;
    const uint64_t elements = p.get_ptr(from + 8 + ptr);
    const uint64_t copy = count ? task_alloc(p, uint64_t{count} * size) : 0;
    p.put_ptr(to + 8 + ptr, copy);
    for (uint32_t i = 0; i < count && copy; ++i) {
      const uint64_t a = elements + uint64_t{i} * size, b = copy + uint64_t{i} * size;
      switch (element) {
        case VT_VARIANT: copy_propvariant(p, b, a); break;
        case VT_BSTR: p.put_ptr(b, bstr_copy(p, p.get_ptr(a))); break;
        case VT_LPSTR: p.put_ptr(b, task_copy_string(p, p.get_ptr(a), false)); break;
        case VT_LPWSTR: p.put_ptr(b, task_copy_string(p, p.get_ptr(a), true)); break;
        case VT_CF: {
          std::memcpy(guest_pointer(b), guest_pointer(a), size);
          const uint32_t bytes = get<uint32_t>(a) >= 4 ? get<uint32_t>(a) - 4 : 0;
          p.put_ptr(b + 8, task_copy(p, p.get_ptr(a + 8), bytes));
          break;
        }
        default: std::memcpy(guest_pointer(b), guest_pointer(a), size);
      }
    }
    return com::S_OK;
  }
  switch (vt) {
    case VT_DISPATCH: case VT_UNKNOWN: case VT_STREAM: case VT_STREAMED_OBJECT: case VT_STORAGE: case VT_STORED_OBJECT:
      if (value) call_method(p, value, kAddRef);
      break;
    case VT_CLSID: p.put_ptr(to + 8, value ? task_copy(p, value, 16) : 0); break;
    case VT_LPSTR: p.put_ptr(to + 8, task_copy_string(p, value, false)); break;
    case VT_LPWSTR: p.put_ptr(to + 8, task_copy_string(p, value, true)); break;
    case VT_BLOB: case VT_BLOB_OBJECT: {
      const uint64_t data = p.get_ptr(from + 8 + ptr);
      if (data) p.put_ptr(to + 8 + ptr, task_copy(p, data, get<uint32_t>(from + 8)));
      break;
    }
    case VT_BSTR: p.put_ptr(to + 8, bstr_copy(p, value)); break;
    case VT_CF:
      if (value) {
        const uint64_t clip = task_copy(p, value, clipdata_size(p));
        const uint32_t bytes = get<uint32_t>(value) >= 4 ? get<uint32_t>(value) - 4 : 0;
        p.put_ptr(clip + 8, task_copy(p, p.get_ptr(value + 8), bytes));
        p.put_ptr(to + 8, clip);
      }
      break;
  }
  return com::S_OK;
}

// PropVariantCopy(to, from): a deep copy (strings, blobs, CLSIDs and vectors in new blocks of the
// task allocator, BSTRs new, interfaces AddRef'd, SAFEARRAYs copied); DISP_E_BADVARTYPE for a type
// a PROPVARIANT cannot hold.
int32_t PropVariantCopy(WindowsProcess& p, Ptr to, Ptr from) { return copy_propvariant(p, to.addr, from.addr); }

// FreePropVariantArray(count, variants): PropVariantClear of each; E_INVALIDARG for NULL.
int32_t FreePropVariantArray(WindowsProcess& p, uint32_t count, Ptr variants);

// PropSysAllocString and PropSysFreeString: BSTRs, as OLEAUT32's SysAllocString and SysFreeString.
Ptr PropSysAllocString(WindowsProcess& p, Ptr text) {
  if (!text) return Ptr(0);
  uint32_t n = 0;
  while (get<uint16_t>(text.addr + 2 * n)) ++n;
  return Ptr(alloc_bstr(p, text.addr, 2 * n));
}
void PropSysFreeString(WindowsProcess& p, Ptr bstr) { free_bstr(p, bstr.addr); }

// PropVariantClear: frees what the PROPVARIANT holds (strings and blobs with CoTaskMemFree, BSTRs
// with SysFreeString, interfaces released) and zeroes it; NULL is S_OK.
int32_t PropVariantClear(WindowsProcess& p, Ptr v) { return v ? clear_propvariant(p, v.addr) : com::S_OK; }

int32_t FreePropVariantArray(WindowsProcess& p, uint32_t count, Ptr variants) {
  if (!variants) return com::E_INVALIDARG;
  for (uint32_t i = 0; i < count; ++i) clear_propvariant(p, variants.addr + i * propvariant_size(p));
  return com::S_OK;
}

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
          EXPORT("CoRegisterMallocSpy", CoRegisterMallocSpy),
          EXPORT("CoRevokeMallocSpy", CoRevokeMallocSpy),
          EXPORT("PropVariantClear", PropVariantClear),
          EXPORT("PropVariantCopy", PropVariantCopy),
          EXPORT("FreePropVariantArray", FreePropVariantArray),
          EXPORT("PropSysAllocString", PropSysAllocString),
          EXPORT("PropSysFreeString", PropSysFreeString),
          EXPORT("GetErrorInfo", GetErrorInfo),
          EXPORT("SetErrorInfo", SetErrorInfo),
          EXPORT("CreateErrorInfo", ole32_CreateErrorInfo),
      };
      for (const auto* more : {&ole32_guid_exports(), &ole32_apartment_exports(), &ole32_bind_context_exports(),
                               &ole32_basics_exports(), &ole32_activation_exports(), &ole32_call_security_exports(),
                               &ole32_hglobal_exports(), &ole32_marshal_exports(),
                               &ole32_user_marshal_exports(), &ole32_storage_medium_exports(),
                               &ole32_storage_exports(), &ole32_storage_helper_exports(),
                               &ole32_ole_object_exports(), &ole32_window_exports(), &ole32_moniker_exports(),
                               &ole32_advise_holder_exports(), &ole32_registry_enum_exports(),
                               &ole32_clipboard_exports(), &ole32_property_storage_exports(),
                               &ole32_winrt_exports(), &ole32_winrt_string_exports()})
        exports.insert(exports.end(), more->begin(), more->end());
      return exports;
    }(),
};

}  // namespace polyrun::shims
