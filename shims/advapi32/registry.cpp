// ADVAPI32.dll's registry: KERNEL32's registry functions (kernel32/registry.cpp, the tree in
// kernel32/registry_tree.cpp), which ADVAPI32 exports as on Windows 7 and later it forwards them to
// KERNELBASE, and the 16-bit era's forms that only ADVAPI32 exports, over KERNEL32's Ex functions.
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/kernel32/registry.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t MAXIMUM_ALLOWED = 0x2000000;

// RegOpenKey: the same handle back for no subkey; else opened with every right.
int32_t RegOpenKeyW(WindowsProcess& p, Ptr hkey, WStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  if (name.str().empty()) {
    p.put_ptr(result.addr, hkey.addr);
    return ERROR_SUCCESS;
  }
  return registry::RegOpenKeyExW(p, hkey, name, 0, MAXIMUM_ALLOWED, result);
}
int32_t RegOpenKeyA(WindowsProcess& p, Ptr hkey, CStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  if (name.str().empty()) {
    p.put_ptr(result.addr, hkey.addr);
    return ERROR_SUCCESS;
  }
  return registry::RegOpenKeyExA(p, hkey, name, 0, MAXIMUM_ALLOWED, result);
}

// RegCreateKey: RegCreateKeyEx with no class, options or disposition, and every right.
int32_t RegCreateKeyW(WindowsProcess& p, Ptr hkey, WStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  return registry::RegCreateKeyExW(p, hkey, name, 0, WStr{}, 0, MAXIMUM_ALLOWED, Ptr(0), result, Ptr(0));
}
int32_t RegCreateKeyA(WindowsProcess& p, Ptr hkey, CStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  return registry::RegCreateKeyExA(p, hkey, name, 0, CStr{}, 0, MAXIMUM_ALLOWED, Ptr(0), result, Ptr(0));
}

// RegEnumKey: RegEnumKeyEx with the buffer's size given by value, and no class or time.
int32_t enum_key_plain(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, uint32_t size, bool ansi) {
  uint64_t len = p.alloc_data(4);
  put<uint32_t>(len, size);
  int32_t e = ansi ? registry::RegEnumKeyExA(p, hkey, index, name, Ptr(len), Ptr(0), Ptr(0), Ptr(0), Ptr(0))
                   : registry::RegEnumKeyExW(p, hkey, index, name, Ptr(len), Ptr(0), Ptr(0), Ptr(0), Ptr(0));
  p.heap.free(len);
  return e;
}
int32_t RegEnumKeyW(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, uint32_t size) {
  return enum_key_plain(p, hkey, index, name, size, false);
}
int32_t RegEnumKeyA(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, uint32_t size) {
  return enum_key_plain(p, hkey, index, name, size, true);
}

// RegDeleteKey: a key without subkeys (an empty name: the key hkey names).
int32_t RegDeleteKeyW(WindowsProcess& p, Ptr hkey, WStr name) { return registry::RegDeleteKeyExW(p, hkey, name, 0, 0); }
int32_t RegDeleteKeyA(WindowsProcess& p, Ptr hkey, CStr name) { return registry::RegDeleteKeyExA(p, hkey, name, 0, 0); }

}  // namespace

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_registry_exports() {
  static const std::vector<Export> exports = [] {
    std::vector<Export> e = {
        EXPORT("RegOpenKeyA", RegOpenKeyA),     EXPORT("RegOpenKeyW", RegOpenKeyW),
        EXPORT("RegCreateKeyA", RegCreateKeyA), EXPORT("RegCreateKeyW", RegCreateKeyW),
        EXPORT("RegDeleteKeyA", RegDeleteKeyA), EXPORT("RegDeleteKeyW", RegDeleteKeyW),
        EXPORT("RegEnumKeyA", RegEnumKeyA),     EXPORT("RegEnumKeyW", RegEnumKeyW),
    };
    const std::vector<Export>& shared = kernel32_registry_exports();
    e.insert(e.end(), shared.begin(), shared.end());
    return e;
  }();
  return exports;
}

}  // namespace polyrun::shims
