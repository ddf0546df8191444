// BSTR strings' allocation and freeing (ole32/com_object.h): OLEAUT32's Sys* functions make and
// free them (oleaut32/oleaut32.cpp), and OLE32's PropVariantClear frees those a PROPVARIANT holds.
//
// A BSTR points at UTF-16 text that is preceded by its length in bytes (4 bytes) and followed by a
// NUL character; it lives on the process heap.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/ole32/com_object.h"

namespace polyrun::shims {

uint64_t alloc_bstr(WindowsProcess& p, uint64_t text, uint32_t bytes) {
  uint64_t block = p.heap.alloc(uint64_t{4} + bytes + 2);
  if (!block) return 0;
  put<uint32_t>(block, bytes);
  if (text) std::memmove(guest_pointer(block + 4), guest_pointer(text), bytes);
  std::memset(guest_pointer(block + 4 + bytes), 0, 2);
  return block + 4;
}

void free_bstr(WindowsProcess& p, uint64_t bstr) {
  if (bstr) p.heap.free(bstr - 4);
}

}  // namespace polyrun::shims
