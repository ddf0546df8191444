// ADVAPI32.dll's registry: KERNEL32's registry functions (kernel32/registry.cpp, the tree in
// ntdll/registry_tree.cpp), which ADVAPI32 exports as on Windows 7 and later it forwards them to
// KERNELBASE, and the 16-bit era's forms that only ADVAPI32 exports, over KERNEL32's Ex functions
// (their W forms: the A forms' names converted from the ANSI code page here).
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/kernel32/registry.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t MAXIMUM_ALLOWED = 0x2000000;
constexpr int32_t kErrorMoreData = 234;

// An A function's key name, given to KERNEL32's W functions: its UTF-16 form (from the ANSI code
// page) in a block of the process's data, freed when done; NULL stays NULL.
class WideName {
 public:
  WideName(WindowsProcess& p, AStr name) : p_(p) {
    if (!name.addr) return;
    const std::u16string w = ansi_to_utf16(name.bytes());
    at_ = p.alloc_data(2 * (w.size() + 1));
    std::memcpy(guest_pointer(at_), w.c_str(), 2 * (w.size() + 1));
  }
  ~WideName() {
    if (at_) p_.heap.free(at_);
  }
  WideName(const WideName&) = delete;
  WideName& operator=(const WideName&) = delete;
  WStr str() const { return WStr{at_}; }

 private:
  WindowsProcess& p_;
  uint64_t at_ = 0;
};

// RegOpenKey: the same handle back for no subkey; else opened with every right.
int32_t RegOpenKeyW(WindowsProcess& p, Ptr hkey, WStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  if (name.str().empty()) {
    p.put_ptr(result.addr, hkey.addr);
    return ERROR_SUCCESS;
  }
  return registry::RegOpenKeyExW(p, hkey, name, 0, MAXIMUM_ALLOWED, result);
}
int32_t RegOpenKeyA(WindowsProcess& p, Ptr hkey, AStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  if (name.bytes().empty()) {
    p.put_ptr(result.addr, hkey.addr);
    return ERROR_SUCCESS;
  }
  WideName w(p, name);
  return registry::RegOpenKeyExW(p, hkey, w.str(), 0, MAXIMUM_ALLOWED, result);
}

// RegCreateKey: RegCreateKeyEx with no class, options or disposition, and every right.
int32_t RegCreateKeyW(WindowsProcess& p, Ptr hkey, WStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  return registry::RegCreateKeyExW(p, hkey, name, 0, WStr{}, 0, MAXIMUM_ALLOWED, Ptr(0), result, Ptr(0));
}
int32_t RegCreateKeyA(WindowsProcess& p, Ptr hkey, AStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  WideName w(p, name);
  return registry::RegCreateKeyExW(p, hkey, w.str(), 0, WStr{}, 0, MAXIMUM_ALLOWED, Ptr(0), result, Ptr(0));
}

// RegEnumKey: RegEnumKeyEx with the buffer's size given by value, and no class or time. The ANSI
// form reads the UTF-16 name and converts it: a buffer too small for its ANSI bytes and their NUL is
// ERROR_MORE_DATA, the buffer untouched.
int32_t enum_key_plain(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, uint32_t size, bool ansi) {
  if (!ansi) {
    uint64_t len = p.alloc_data(4);
    put<uint32_t>(len, size);
    int32_t e = registry::RegEnumKeyExW(p, hkey, index, name, Ptr(len), Ptr(0), Ptr(0), Ptr(0), Ptr(0));
    p.heap.free(len);
    return e;
  }
  constexpr uint32_t kMaxKeyChars = 256;  // a key's name has at most 255 characters
  uint64_t len = p.alloc_data(4 + 2 * kMaxKeyChars);
  put<uint32_t>(len, kMaxKeyChars);
  int32_t e = registry::RegEnumKeyExW(p, hkey, index, Ptr(len + 4), Ptr(len), Ptr(0), Ptr(0), Ptr(0), Ptr(0));
  if (e == ERROR_SUCCESS) {
    const std::string a =
        utf16_to_ansi(std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(len + 4)), get<uint32_t>(len)));
    if (a.size() + 1 > size) e = kErrorMoreData;
    else std::memcpy(name.as<char>(), a.c_str(), a.size() + 1);
  }
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
int32_t RegDeleteKeyA(WindowsProcess& p, Ptr hkey, AStr name) {
  WideName w(p, name);
  return registry::RegDeleteKeyExW(p, hkey, w.str(), 0, 0);
}

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
