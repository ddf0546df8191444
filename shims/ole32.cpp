// OLE32.dll and combase.dll for console programs: the COM task allocator (CoTaskMemAlloc,
// CoTaskMemRealloc, CoTaskMemFree), which other APIs hand their results out in. No COM objects.
#include "shims/shim.h"

namespace polyrun::shims {

namespace {

Ptr CoTaskMemAlloc(WindowsProcess& p, USize size) { return Ptr(p.heap.alloc(size)); }
Ptr CoTaskMemRealloc(WindowsProcess& p, Ptr block, USize size) { return Ptr(p.heap.realloc(block.addr, size)); }
void CoTaskMemFree(WindowsProcess& p, Ptr block) {
  if (block && p.heap.owns(block.addr)) p.heap.free(block.addr);
}

}  // namespace

const Dll kOle32{
    "ole32.dll",
    false,
    {
        EXPORT("CoTaskMemAlloc", CoTaskMemAlloc),
        EXPORT("CoTaskMemRealloc", CoTaskMemRealloc),
        EXPORT("CoTaskMemFree", CoTaskMemFree),
    },
};

}  // namespace polyrun::shims
