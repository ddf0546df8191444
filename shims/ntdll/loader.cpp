// NTDLL's loader functions: RtlPcToFileHeader (which KERNEL32 exports too, ntdll/ntdll.h) and
// LdrResolveDelayLoadedAPI, over the modules core keeps (core/windows_modules.cpp,
// core/delay_loads.cpp).
#include <vector>

#include "shims/core/shim.h"
#include "shims/core/windows_modules.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace {

// RtlPcToFileHeader(pc, &base): the image an address lies in (a built-in DLL's handle for an
// address of its functions), NULL if none.
Ptr RtlPcToFileHeader(WindowsProcess& p, Ptr pc, Ptr base) {
  const uint64_t b = module_of_address(p, pc.addr);
  p.put_ptr(base.addr, b);
  return Ptr(b);
}

// LdrResolveDelayLoadedAPI(base, descriptor, dll hook, system hook, thunk, flags): KERNEL32's
// ResolveDelayLoadedAPI.
Ptr LdrResolveDelayLoadedAPI(WindowsProcess& p, Ptr base, Ptr desc, Ptr dll_hook, Ptr system_hook, Ptr thunk, uint32_t) {
  return Ptr(resolve_delay_load(p, base.addr, desc.addr, dll_hook.addr, system_hook.addr, thunk.addr));
}

}  // namespace

const std::vector<Export>& ntdll_module_exports() {
  static const std::vector<Export> exports = {EXPORT("RtlPcToFileHeader", RtlPcToFileHeader)};
  return exports;
}

const std::vector<Export>& ntdll_loader_exports() {
  static const std::vector<Export> exports = {EXPORT("LdrResolveDelayLoadedAPI", LdrResolveDelayLoadedAPI)};
  return exports;
}

}  // namespace polyrun::shims
