// msvcrt.dll, the malloc family on the process heap: malloc, calloc, realloc, free and _msize
// (natively running programs call malloc and free as Win64 code, msvcrt/x64_leaf.S), the
// _aligned_* functions, and type_info's destructor, which frees the name type_info::name() cached.
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
  };
  return exports;
}

}  // namespace polyrun::shims
