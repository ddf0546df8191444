// KERNEL32.dll, resources of the program, of the DLLs loaded from files and of the files
// LoadLibraryEx mapped as data files or image resources: FindResource(Ex),
// LoadResource, LockResource, SizeofResource, FreeResource and the EnumResource{Types,Names,
// Languages} walks, read from the resource directory of the mapped image (its .rsrc data is in
// memory with the rest of the image, as on Windows, where a resource's data is a pointer into the
// image). polyrun's own DLLs have no resources.
#include "shims/kernel32/resources.h"

#include <algorithm>
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

// A module handle's image: its base, and whether it is a file mapped as it is (LoadLibraryEx's
// LOAD_LIBRARY_AS_DATAFILE: the handle's low bit; its RVAs lead through the section table), not
// as an image (a module, or LOAD_LIBRARY_AS_IMAGE_RESOURCE's mapping: the handle's second bit).
struct Mapped {
  uint64_t base = 0;
  bool flat = false;
};
Mapped mapped(WindowsProcess& p, uint64_t module) {
  if (!module) return {p.image.base, false};
  return {module & ~uint64_t{3}, (module & 1) != 0};
}

// The headers of the image at `base`: its NT headers' address (0 when it has none).
uint64_t nt_headers(WindowsProcess& p, uint64_t base) {
  if (!base || !p.memory.accessible(base, 0x40, mem::kRead) || get<uint16_t>(base) != 0x5a4d) return 0;
  const uint64_t nt = base + get<uint32_t>(base + 0x3c);
  if (!p.memory.accessible(nt, 0x18 + 0x90, mem::kRead) || get<uint32_t>(nt) != 0x4550) return 0;
  return nt;
}

// Where an RVA of the image lies in memory: past the base in an image, at the file offset the
// section holding it gives in a data file (0 where no section holds it).
uint64_t rva_address(WindowsProcess& p, const Mapped& m, uint32_t rva) {
  if (!m.flat) return m.base + rva;
  const uint64_t nt = nt_headers(p, m.base);
  if (!nt) return 0;
  const uint16_t sections = get<uint16_t>(nt + 6), optional_size = get<uint16_t>(nt + 20);
  const uint64_t table = nt + 24 + optional_size;
  for (uint16_t i = 0; i < sections; ++i) {
    const uint64_t s = table + 40ull * i;
    if (!p.memory.accessible(s, 40, mem::kRead)) return 0;
    const uint32_t vsize = get<uint32_t>(s + 8), va = get<uint32_t>(s + 12), raw_size = get<uint32_t>(s + 16),
                   raw = get<uint32_t>(s + 20);
    if (rva >= va && rva - va < std::max(vsize, raw_size)) return rva - va < raw_size ? m.base + raw + (rva - va) : 0;
  }
  return 0;
}

// The resource directory of a module's image (no root when it has none).
Directory resource_root(WindowsProcess& p, const Mapped& m) {
  const uint64_t nt = nt_headers(p, m.base);
  if (!nt) return {};
  const uint64_t opt = nt + 24;
  const uint16_t magic = get<uint16_t>(opt);
  const uint64_t dirs = opt + (magic == 0x20b ? 112 : 96);
  const uint32_t count = get<uint32_t>(dirs - 4);  // NumberOfRvaAndSizes
  if (count < 3) return {};
  const uint32_t rva = get<uint32_t>(dirs + 2 * 8), size = get<uint32_t>(dirs + 2 * 8 + 4);
  const uint64_t at = rva ? rva_address(p, m, rva) : 0;
  if (!at || size < 16 || !p.memory.accessible(at, size, mem::kRead)) return {};
  return {static_cast<const uint8_t*>(guest_pointer(at)), size};
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
                                       : ansi_to_utf16(reinterpret_cast<const char*>(value)));
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


}  // namespace

uint64_t find_resource(WindowsProcess& p, uint64_t module, uint64_t type, uint64_t name, int32_t language, bool wide) {
  std::optional<Key> t, n;
  if (!keys_of(p, type, t, wide, &name, &n)) return 0;
  const Directory d = resource_root(p, mapped(p, module));
  if (!d.root) return fail(p, kErrorResourceDataNotFound), 0;
  const resources::Found f = resources::lookup(d, *t, *n, language);
  if (f.error) return fail(p, f.error), 0;
  return address_of(d) + f.offset;  // the IMAGE_RESOURCE_DATA_ENTRY: the HRSRC
}

uint64_t resource_data(WindowsProcess& p, uint64_t module, uint64_t hrsrc, uint32_t* size) {
  if (!hrsrc) return 0;
  if (size) *size = get<uint32_t>(hrsrc + 4);
  return rva_address(p, mapped(p, module), get<uint32_t>(hrsrc));
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
    const std::string narrow = utf16_to_ansi(e.name);
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
  const Directory d = resource_root(p, mapped(p, module));
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
  const Directory d = resource_root(p, mapped(p, module));
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
  const Directory d = resource_root(p, mapped(p, module));
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

// The Ex forms: RESOURCE_ENUM_LN (1) the module's own resources, RESOURCE_ENUM_MUI (2) those of its
// language-specific MUI files (none: no module here has any), 0 both; RESOURCE_ENUM_VALIDATE (8)
// and RESOURCE_ENUM_MUI_SYSTEM (4) change nothing here. The language only filters the MUI files'
// resources (the functions' pages), so the module's own are all enumerated.
constexpr uint32_t kEnumLn = 1, kEnumMui = 2, kEnumFlags = 1 | 2 | 4 | 8;
bool own_resources(WindowsProcess& p, uint32_t flags, bool& any) {
  if (flags & ~kEnumFlags) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return false;
  }
  any = flags == 0 || (flags & kEnumLn) || !(flags & kEnumMui);
  return true;
}
BOOL EnumResourceTypesExW(WindowsProcess& p, Ptr module, Ptr callback, Ptr param, uint32_t flags, uint16_t) {
  bool any;
  if (!own_resources(p, flags, any)) return FALSE;
  return any ? enum_types(p, module.addr, callback.addr, param.addr, true) : fail(p, kErrorResourceDataNotFound);
}
BOOL EnumResourceTypesExA(WindowsProcess& p, Ptr module, Ptr callback, Ptr param, uint32_t flags, uint16_t) {
  bool any;
  if (!own_resources(p, flags, any)) return FALSE;
  return any ? enum_types(p, module.addr, callback.addr, param.addr, false) : fail(p, kErrorResourceDataNotFound);
}
BOOL EnumResourceNamesExW(WindowsProcess& p, Ptr module, Ptr type, Ptr callback, Ptr param, uint32_t flags, uint16_t) {
  bool any;
  if (!own_resources(p, flags, any)) return FALSE;
  return any ? enum_names(p, module.addr, type.addr, callback.addr, param.addr, true) : fail(p, kErrorResourceDataNotFound);
}
BOOL EnumResourceNamesExA(WindowsProcess& p, Ptr module, Ptr type, Ptr callback, Ptr param, uint32_t flags, uint16_t) {
  bool any;
  if (!own_resources(p, flags, any)) return FALSE;
  return any ? enum_names(p, module.addr, type.addr, callback.addr, param.addr, false) : fail(p, kErrorResourceDataNotFound);
}
BOOL EnumResourceLanguagesExW(WindowsProcess& p, Ptr module, Ptr type, Ptr name, Ptr callback, Ptr param, uint32_t flags,
                              uint16_t) {
  bool any;
  if (!own_resources(p, flags, any)) return FALSE;
  return any ? enum_languages(p, module.addr, type.addr, name.addr, callback.addr, param.addr, true)
             : fail(p, kErrorResourceDataNotFound);
}
BOOL EnumResourceLanguagesExA(WindowsProcess& p, Ptr module, Ptr type, Ptr name, Ptr callback, Ptr param, uint32_t flags,
                              uint16_t) {
  bool any;
  if (!own_resources(p, flags, any)) return FALSE;
  return any ? enum_languages(p, module.addr, type.addr, name.addr, callback.addr, param.addr, false)
             : fail(p, kErrorResourceDataNotFound);
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
      EXPORT("EnumResourceTypesExA", EnumResourceTypesExA),
      EXPORT("EnumResourceTypesExW", EnumResourceTypesExW),
      EXPORT("EnumResourceNamesExA", EnumResourceNamesExA),
      EXPORT("EnumResourceNamesExW", EnumResourceNamesExW),
      EXPORT("EnumResourceLanguagesExA", EnumResourceLanguagesExA),
      EXPORT("EnumResourceLanguagesExW", EnumResourceLanguagesExW),
  };
  return exports;
}

}  // namespace polyrun::shims
