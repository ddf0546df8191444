// msvcrt.dll, the malloc family on the process heap: malloc, calloc, realloc, free and _msize
// (natively running programs call malloc and free as Win64 code, msvcrt/x64_leaf.S), the
// _aligned_* functions (and _aligned_offset_*), _recalloc, _expand, _heapwalk, the new handler with msvcrt.dll's operator
// new and delete, and type_info's destructor, which frees the name type_info::name() cached.
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/ntdll/heap.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/x64_leaf.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

Ptr malloc_(WindowsProcess& p, USize n) {
  uint64_t b = p.heap.alloc(n);
  if (!b) *guest_errno(p) = ENOMEM;
  return Ptr(b);
}
Ptr calloc_(WindowsProcess& p, USize n, USize size) {
  if (size && n > ~0ull / size) return Ptr(0);
  return Ptr(p.heap.alloc(n * size, true));
}
// A block that is not live: heap corruption (ntdll/heap.h), or (where that does not end the
// process) EINVAL.
Ptr not_live(WindowsProcess& p, const char* call, Ptr b) {
  heap_corruption(p, call, p.heap.handle(), b.addr);
  *guest_errno(p) = EINVAL;
  return Ptr(0);
}
// realloc(b, 0) frees the block and gives null (msvcrt's and the Universal CRT's realloc pages).
Ptr realloc_(WindowsProcess& p, Ptr b, USize n) {
  if (b && !p.heap.owns(b.addr)) return not_live(p, "realloc", b);
  if (b && !n) {
    p.heap.free(b.addr);
    return Ptr(0);
  }
  uint64_t r = p.heap.realloc(b.addr, n);
  if (!r) *guest_errno(p) = ENOMEM;
  return Ptr(r);
}
void free_(WindowsProcess& p, Ptr b) {
  if (!p.heap.free(b.addr)) not_live(p, "free", b);
}
USize _msize_(WindowsProcess& p, Ptr b) { return p.heap.size(b.addr); }

// _aligned_malloc: a heap block with room to align; the block's address and the size asked for
// sit in the two words just below the aligned address.
Ptr _aligned_malloc_(WindowsProcess& p, USize size, USize alignment) {
  if (alignment == 0 || (alignment & (alignment - 1))) {
    *guest_errno(p) = EINVAL;
    return Ptr(0);
  }
  const uint64_t w = p.isa->ptr;
  uint64_t align = std::max<uint64_t>(alignment, w);
  uint64_t block = p.heap.alloc(size + align + 2 * w);
  if (!block) {
    *guest_errno(p) = ENOMEM;
    return Ptr(0);
  }
  uint64_t aligned = (block + 2 * w + align - 1) & ~(align - 1);
  p.put_ptr(aligned - w, block);
  p.put_ptr(aligned - 2 * w, size);
  return Ptr(aligned);
}
void _aligned_free_(WindowsProcess& p, Ptr b) {
  if (b) p.heap.free(p.get_ptr(b.addr - p.isa->ptr));
}
USize _aligned_msize_(WindowsProcess& p, Ptr b, USize, USize) { return b ? p.get_ptr(b.addr - 2 * p.isa->ptr) : 0; }
Ptr _aligned_realloc_(WindowsProcess& p, Ptr b, USize size, USize alignment) {
  if (!b) return _aligned_malloc_(p, size, alignment);
  if (size == 0) {
    _aligned_free_(p, b);
    return Ptr(0);
  }
  Ptr fresh = _aligned_malloc_(p, size, alignment);
  if (!fresh) return fresh;
  uint64_t old = p.get_ptr(b.addr - 2 * p.isa->ptr);
  std::memcpy(guest_pointer(fresh.addr), guest_pointer(b.addr), std::min<uint64_t>(old, size));
  _aligned_free_(p, b);
  return fresh;
}

// _aligned_offset_malloc: a block whose address plus `offset` is aligned (offset below size),
// laid out as _aligned_malloc's, so that _aligned_free and _aligned_msize take it.
Ptr _aligned_offset_malloc_(WindowsProcess& p, USize size, USize alignment, USize offset) {
  if ((alignment & (alignment - 1)) || (offset && offset >= size)) {
    *guest_errno(p) = EINVAL;
    return Ptr(0);
  }
  const uint64_t w = p.isa->ptr;
  uint64_t align = std::max<uint64_t>(alignment, w);
  uint64_t block = p.heap.alloc(size + align + 2 * w);
  if (!block) {
    *guest_errno(p) = ENOMEM;
    return Ptr(0);
  }
  uint64_t aligned = ((block + 2 * w + offset + align - 1) & ~(align - 1)) - offset;
  p.put_ptr(aligned - w, block);
  p.put_ptr(aligned - 2 * w, size);
  return Ptr(aligned);
}
Ptr _aligned_offset_realloc_(WindowsProcess& p, Ptr b, USize size, USize alignment, USize offset) {
  if (!b) return _aligned_offset_malloc_(p, size, alignment, offset);
  if (size == 0) {
    _aligned_free_(p, b);
    return Ptr(0);
  }
  Ptr fresh = _aligned_offset_malloc_(p, size, alignment, offset);
  if (!fresh) return fresh;
  uint64_t old = p.get_ptr(b.addr - 2 * p.isa->ptr);
  std::memcpy(guest_pointer(fresh.addr), guest_pointer(b.addr), std::min<uint64_t>(old, size));
  _aligned_free_(p, b);
  return fresh;
}
// _recalloc: realloc of num * size bytes, what it adds zeroed.
Ptr _recalloc_(WindowsProcess& p, Ptr b, USize num, USize size) {
  if (!b) return calloc_(p, num, size);
  if (size && num > ~0ull / size) {
    *guest_errno(p) = ENOMEM;
    return Ptr(0);
  }
  uint64_t n = num * size, old = p.heap.size(b.addr);
  Ptr r = realloc_(p, b, n);
  if (!r) {
    *guest_errno(p) = ENOMEM;
    return r;
  }
  if (n > old) std::memset(guest_pointer(r.addr + old), 0, n - old);
  return r;
}
Ptr _get_heap_handle_(WindowsProcess& p) { return Ptr(p.heap.handle()); }
// _expand: the block resized where it lies (the C runtime's heap moves nothing): the block, or
// null with errno ENOMEM where it cannot grow in place (EINVAL for no block).
Ptr _expand_(WindowsProcess& p, Ptr b, USize size) {
  if (!b) {
    *guest_errno(p) = 22;
    return Ptr(0);
  }
  const uint64_t r = p.heap.realloc(b.addr, size ? size.v : 1, true);
  if (!r) *guest_errno(p) = 12;
  return Ptr(r);
}
// _heapwalk(_HEAPINFO*): {_pentry, _size, _useflag}: the heap's next block after _pentry (null
// starts the walk), its size and whether it is in use (_USEDENTRY 1) or free (_FREEENTRY 0);
// _HEAPOK (-2), _HEAPEND (-5) after the last, _HEAPBADNODE (-4) for an entry not of the heap.
int32_t _heapwalk_(WindowsProcess& p, Ptr info) {
  constexpr uint16_t kRegion = 1, kUncommitted = 2, kBusy = 4;
  const uint64_t w = p.isa->ptr, after = p.get_ptr(info.addr);
  GuestHeap::Entry e;
  bool passed = after == 0;
  while (p.heap.next(e)) {
    if (e.flags & (kRegion | kUncommitted)) continue;
    if (!passed) {
      passed = e.data == after;
      continue;
    }
    p.put_ptr(info.addr, e.data);
    p.put_ptr(info.addr + w, e.size);
    put<int32_t>(info.addr + 2 * w, (e.flags & kBusy) ? 1 : 0);
    return -2;
  }
  return passed ? -5 : -4;
}
// _heapadd: no longer supported (Microsoft's documentation): -1 with errno ENOSYS.
int32_t _heapadd_(WindowsProcess& p, Ptr, USize) {
  *guest_errno(p) = 40;  // the C runtime's ENOSYS
  return -1;
}
// _heapchk: _HEAPOK (-2) when every block header of the heap is whole (HeapValidate), else
// _HEAPBADNODE (-4). _heapmin: the heap compacted as HeapCompact does it; 0.
int32_t _heapchk_(WindowsProcess& p) { return p.heap.validate() ? -2 : -4; }
int32_t _heapmin_(WindowsProcess& p) {
  (void)p.heap.largest_free();
  return 0;
}

// ---- the new handler and operator new ----

uint64_t& new_handler(WindowsProcess& p) { return data_slot(p, "new-handler"); }
Ptr _set_new_handler_(WindowsProcess& p, Ptr fn) {
  uint64_t old = get<uint64_t>(new_handler(p));
  put<uint64_t>(new_handler(p), fn.addr);
  return Ptr(old);
}
Ptr _query_new_handler_(WindowsProcess& p) { return Ptr(get<uint64_t>(new_handler(p))); }
int32_t _query_new_mode_(WindowsProcess& p) { return get<int32_t>(data_slot(p, "new-mode", 4)); }
// _callnewh: the new handler's verdict on `size` bytes (1 to try again), 0 without one.
int32_t _callnewh_(WindowsProcess& p, USize size) {
  uint64_t h = get<uint64_t>(new_handler(p));
  return h && static_cast<int32_t>(p.call_guest(h, {size})) ? 1 : 0;
}
// operator new (msvcrt.dll's): malloc, asking the new handler while it says to try again; null
// at last.
Ptr operator_new_(WindowsProcess& p, USize size) {
  do {
    if (uint64_t b = p.heap.alloc(size)) return Ptr(b);
  } while (_callnewh_(p, size));
  *guest_errno(p) = ENOMEM;
  return Ptr(0);
}
Ptr operator_new_dbg_(WindowsProcess& p, USize size, int32_t, Ptr, int32_t) { return operator_new_(p, size); }
void operator_delete_(WindowsProcess& p, Ptr b) {
  if (b) free_(p, b);
}

// type_info's destructor frees the undecorated name that type_info::name() may have cached.
void type_info_destructor(WindowsProcess& p, Ptr self) {
  uint64_t cached = p.get_ptr(self.addr + p.isa->ptr);
  if (cached && p.heap.owns(cached)) p.heap.free(cached);
}

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_heap_exports() {
  static const std::vector<Export> exports = {
      EXPORT_LEAF_SLOW("malloc", malloc_, HEAP_LEAF(malloc), LEAF_SLOW(malloc)),
      EXPORT_DIRECT("calloc", calloc_),
      EXPORT_DIRECT("realloc", realloc_),
      EXPORT_LEAF_SLOW("free", free_, HEAP_LEAF(free), LEAF_SLOW(free)),
      EXPORT_DIRECT("_msize", _msize_),
      EXPORT("_aligned_malloc", _aligned_malloc_),
      EXPORT("_aligned_free", _aligned_free_),
      EXPORT("_aligned_msize", _aligned_msize_),
      EXPORT("_aligned_realloc", _aligned_realloc_),
      EXPORT_METHOD("??1type_info@@UEAA@XZ", type_info_destructor),
      EXPORT_METHOD("??1type_info@@UAE@XZ", type_info_destructor),
      EXPORT("_aligned_offset_malloc", _aligned_offset_malloc_),
      EXPORT("_aligned_offset_realloc", _aligned_offset_realloc_),
      EXPORT("_get_heap_handle", _get_heap_handle_),
      EXPORT("_heapchk", _heapchk_),
      EXPORT("_expand", _expand_),
      EXPORT("_heapwalk", _heapwalk_),
      EXPORT("_heapadd", _heapadd_),
      EXPORT("_heapmin", _heapmin_),
      EXPORT("_callnewh", _callnewh_),
      EXPORT("?_set_new_handler@@YAP6AH_K@ZP6AH0@Z@Z", _set_new_handler_),
      EXPORT("?_set_new_handler@@YAP6AHI@ZP6AHI@Z@Z", _set_new_handler_),
      EXPORT("?_query_new_handler@@YAP6AH_K@ZXZ", _query_new_handler_),
      EXPORT("?_query_new_handler@@YAP6AHI@ZXZ", _query_new_handler_),
      EXPORT("?_query_new_mode@@YAHXZ", _query_new_mode_),
      EXPORT("??2@YAPEAX_K@Z", operator_new_),
      EXPORT("??2@YAPAXI@Z", operator_new_),
      EXPORT("??_U@YAPEAX_K@Z", operator_new_),
      EXPORT("??_U@YAPAXI@Z", operator_new_),
      EXPORT("??2@YAPEAX_KHPEBDH@Z", operator_new_dbg_),
      EXPORT("??2@YAPAXIHPBDH@Z", operator_new_dbg_),
      EXPORT("??_U@YAPEAX_KHPEBDH@Z", operator_new_dbg_),
      EXPORT("??_U@YAPAXIHPBDH@Z", operator_new_dbg_),
      EXPORT("??3@YAXPEAX@Z", operator_delete_),
      EXPORT("??3@YAXPAX@Z", operator_delete_),
      EXPORT("??_V@YAXPEAX@Z", operator_delete_),
      EXPORT("??_V@YAXPAX@Z", operator_delete_),
  };
  return exports;
}

// The Universal CRT's (ucrtbase.dll's table): the allocator's second names, _set_new_handler.
const std::vector<Export>& ucrtbase_heap_exports() {
  static const std::vector<Export> exports = {
      EXPORT_DIRECT("_malloc_base", malloc_),
      EXPORT_DIRECT("_calloc_base", calloc_),
      EXPORT_DIRECT("_realloc_base", realloc_),
      EXPORT_DIRECT("_free_base", free_),
      EXPORT("_set_new_handler", _set_new_handler_),
      EXPORT("_recalloc", _recalloc_),
      EXPORT("_query_new_handler", _query_new_handler_),
      EXPORT("_query_new_mode", _query_new_mode_),
  };
  return exports;
}

}  // namespace polyrun::shims
