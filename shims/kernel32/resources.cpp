// KERNEL32.dll, resources of the program and of the DLLs loaded from files: FindResource(Ex),
// LoadResource, LockResource, SizeofResource, FreeResource and the EnumResource{Types,Names,
// Languages} walks, read from the resource directory of the mapped image (its .rsrc data is in
// memory with the rest of the image, as on Windows, where a resource's data is a pointer into the
// image). polyrun's own DLLs have no resources.
#include "shims/kernel32/resources.h"

#include <optional>

#include <cstring>
#include <string>
#include <vector>

#include "loader/pe_resource_directory.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace resources = loader::resources;

namespace {

using resources::Directory;
using resources::Entry;
using resources::Key;
using resources::kErrorResourceDataNotFound;

// The resource directory of the image at `base` (no root when it has none).
Directory resource_root(WindowsProcess& p, uint64_t base) {
  if (!base || !p.memory.accessible(base, 0x40, mem::kRead) || get<uint16_t>(base) != 0x5a4d) return {};
  const uint64_t nt = base + get<uint32_t>(base + 0x3c);
  if (!p.memory.accessible(nt, 0x18 + 0x90, mem::kRead) || get<uint32_t>(nt) != 0x4550) return {};
  const uint64_t opt = nt + 24;
  const uint16_t magic = get<uint16_t>(opt);
  const uint64_t dirs = opt + (magic == 0x20b ? 112 : 96);
  const uint32_t count = get<uint32_t>(dirs - 4);  // NumberOfRvaAndSizes
  if (count < 3) return {};
  const uint32_t rva = get<uint32_t>(dirs + 2 * 8), size = get<uint32_t>(dirs + 2 * 8 + 4);
  if (!rva || size < 16 || !p.memory.accessible(base + rva, size, mem::kRead)) return {};
  return {static_cast<const uint8_t*>(guest_pointer(base + rva)), size};
}

uint64_t address_of(const Directory& d) { return reinterpret_cast<uint64_t>(d.root); }

// A resource name or type as the program gives it: an integer below 0x10000 (MAKEINTRESOURCE) or a
// string of the caller's width; nothing for a "#NUMBER" past 16 bits.
std::optional<Key> key_of(uint64_t value, bool wide) {
  if (value < 0x10000) {
    Key k;
    k.id = static_cast<uint32_t>(value);
    return k;
  }
  return resources::key_of_string(wide ? std::u16string(reinterpret_cast<const char16_t*>(value))
                                       : utf8_to_utf16(std::string(reinterpret_cast<const char*>(value))));
}

// The keys of a type and, when asked, a name (a bad "#NUMBER" in either: ERROR_INVALID_PARAMETER).
// FindResource reads them before it looks at the image, the enumerations after they found its
// resource directory, as Windows does.
bool keys_of(WindowsProcess& p, uint64_t type, std::optional<Key>& t, bool wide, const uint64_t* name = nullptr,
             std::optional<Key>* n = nullptr) {
  if (name) *n = key_of(*name, wide);
  t = key_of(type, wide);
  if (!t || (name && !*n)) return fail(p, ERROR_INVALID_PARAMETER), false;
  return true;
}

uint64_t module_base(WindowsProcess& p, uint64_t module) { return module ? module : p.image.base; }

}  // namespace

uint64_t find_resource(WindowsProcess& p, uint64_t module, uint64_t type, uint64_t name, int32_t language, bool wide) {
  std::optional<Key> t, n;
  if (!keys_of(p, type, t, wide, &name, &n)) return 0;
  const Directory d = resource_root(p, module_base(p, module));
  if (!d.root) return fail(p, kErrorResourceDataNotFound), 0;
  const resources::Found f = resources::lookup(d, *t, *n, language);
  if (f.error) return fail(p, f.error), 0;
  return address_of(d) + f.offset;  // the IMAGE_RESOURCE_DATA_ENTRY: the HRSRC
}

uint64_t resource_data(WindowsProcess& p, uint64_t module, uint64_t hrsrc, uint32_t* size) {
  if (!hrsrc) return 0;
  if (size) *size = get<uint32_t>(hrsrc + 4);
  return module_base(p, module) + get<uint32_t>(hrsrc);
}

namespace {

Ptr FindResourceW(WindowsProcess& p, Ptr module, Ptr name, Ptr type) {
  return Ptr(find_resource(p, module.addr, type.addr, name.addr, -1, true));
}
Ptr FindResourceA(WindowsProcess& p, Ptr module, Ptr name, Ptr type) {
  return Ptr(find_resource(p, module.addr, type.addr, name.addr, -1, false));
}
Ptr FindResourceExW(WindowsProcess& p, Ptr module, Ptr type, Ptr name, uint16_t language) {
  return Ptr(find_resource(p, module.addr, type.addr, name.addr, language, true));
}
Ptr FindResourceExA(WindowsProcess& p, Ptr module, Ptr type, Ptr name, uint16_t language) {
  return Ptr(find_resource(p, module.addr, type.addr, name.addr, language, false));
}
Ptr LoadResource(WindowsProcess& p, Ptr module, Ptr hrsrc) {
  if (!hrsrc) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  return Ptr(resource_data(p, module.addr, hrsrc.addr, nullptr));
}
Ptr LockResource(WindowsProcess&, Ptr data) { return data; }
BOOL FreeResource(WindowsProcess&, Ptr) { return FALSE; }  // (obsolete: nothing to free)
uint32_t SizeofResource(WindowsProcess& p, Ptr, Ptr hrsrc) {
  if (!hrsrc) return fail(p, ERROR_INVALID_HANDLE), 0;
  return get<uint32_t>(hrsrc.addr + 4);
}

// The enumerations: each entry to the callback, a name as a string of the caller's width in
// memory of the process heap (freed after the walk), an id as the integer; FALSE from the
// callback stops the walk (ERROR_RESOURCE_ENUM_USER_STOP).
struct Walk {
  WindowsProcess& p;
  bool wide;
  std::vector<uint64_t> strings;
  ~Walk() {
    for (uint64_t s : strings) p.heap.free(s);
  }
  uint64_t value(const Entry& e) {
    if (!e.named) return e.id;
    const std::string narrow = utf16_to_utf8(e.name);
    const size_t bytes = wide ? (e.name.size() + 1) * 2 : narrow.size() + 1;
    const uint64_t s = p.heap.alloc(bytes);
    if (!s) return 0;
    if (wide) std::memcpy(guest_pointer(s), e.name.c_str(), bytes);
    else std::memcpy(guest_pointer(s), narrow.c_str(), bytes);
    strings.push_back(s);
    return s;
  }
};
constexpr uint32_t kErrorEnumUserStop = 15106;

BOOL enum_types(WindowsProcess& p, uint64_t module, uint64_t callback, uint64_t param, bool wide) {
  const Directory d = resource_root(p, module_base(p, module));
  if (!d.root) return fail(p, kErrorResourceDataNotFound);
  Walk w{p, wide, {}};
  for (const Entry& t : resources::entries(d, 0))
    if (!p.call_guest(callback, {module, w.value(t), param})) return fail(p, kErrorEnumUserStop);
  return TRUE;
}
BOOL EnumResourceTypesW(WindowsProcess& p, Ptr module, Ptr callback, Ptr param) {
  return enum_types(p, module.addr, callback.addr, param.addr, true);
}
BOOL EnumResourceTypesA(WindowsProcess& p, Ptr module, Ptr callback, Ptr param) {
  return enum_types(p, module.addr, callback.addr, param.addr, false);
}

BOOL enum_names(WindowsProcess& p, uint64_t module, uint64_t type, uint64_t callback, uint64_t param, bool wide) {
  const Directory d = resource_root(p, module_base(p, module));
  if (!d.root) return fail(p, kErrorResourceDataNotFound);
  std::optional<Key> k;
  if (!keys_of(p, type, k, wide)) return FALSE;
  const resources::Found names = resources::subdirectory(d, *k, nullptr);
  if (names.error) return fail(p, names.error);
  Walk w{p, wide, {}};
  for (const Entry& n : resources::entries(d, names.offset))
    if (!p.call_guest(callback, {module, type, w.value(n), param})) return fail(p, kErrorEnumUserStop);
  return TRUE;
}
BOOL EnumResourceNamesW(WindowsProcess& p, Ptr module, Ptr type, Ptr callback, Ptr param) {
  return enum_names(p, module.addr, type.addr, callback.addr, param.addr, true);
}
BOOL EnumResourceNamesA(WindowsProcess& p, Ptr module, Ptr type, Ptr callback, Ptr param) {
  return enum_names(p, module.addr, type.addr, callback.addr, param.addr, false);
}

BOOL enum_languages(WindowsProcess& p, uint64_t module, uint64_t type, uint64_t name, uint64_t callback, uint64_t param,
                    bool wide) {
  const Directory d = resource_root(p, module_base(p, module));
  if (!d.root) return fail(p, kErrorResourceDataNotFound);
  std::optional<Key> tk, nk;
  if (!keys_of(p, type, tk, wide, &name, &nk)) return FALSE;
  const resources::Found langs = resources::subdirectory(d, *tk, &*nk);
  if (langs.error) return fail(p, langs.error);
  for (const Entry& l : resources::entries(d, langs.offset))
    if (!p.call_guest(callback, {module, type, name, l.id, param})) return fail(p, kErrorEnumUserStop);
  return TRUE;
}
BOOL EnumResourceLanguagesW(WindowsProcess& p, Ptr module, Ptr type, Ptr name, Ptr callback, Ptr param) {
  return enum_languages(p, module.addr, type.addr, name.addr, callback.addr, param.addr, true);
}
BOOL EnumResourceLanguagesA(WindowsProcess& p, Ptr module, Ptr type, Ptr name, Ptr callback, Ptr param) {
  return enum_languages(p, module.addr, type.addr, name.addr, callback.addr, param.addr, false);
}

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_resource_exports() {
  static const std::vector<Export> exports = {
      EXPORT("FindResourceA", FindResourceA),
      EXPORT("FindResourceW", FindResourceW),
      EXPORT("FindResourceExA", FindResourceExA),
      EXPORT("FindResourceExW", FindResourceExW),
      EXPORT("LoadResource", LoadResource),
      EXPORT("LockResource", LockResource),
      EXPORT("FreeResource", FreeResource),
      EXPORT("SizeofResource", SizeofResource),
      EXPORT("EnumResourceTypesA", EnumResourceTypesA),
      EXPORT("EnumResourceTypesW", EnumResourceTypesW),
      EXPORT("EnumResourceNamesA", EnumResourceNamesA),
      EXPORT("EnumResourceNamesW", EnumResourceNamesW),
      EXPORT("EnumResourceLanguagesA", EnumResourceLanguagesA),
      EXPORT("EnumResourceLanguagesW", EnumResourceLanguagesW),
  };
  return exports;
}

}  // namespace polyrun::shims
