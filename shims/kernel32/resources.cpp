// KERNEL32.dll, resources of the program and of the DLLs loaded from files: FindResource(Ex),
// LoadResource, LockResource, SizeofResource, FreeResource and the EnumResource{Types,Names,
// Languages} walks, read from the resource directory of the mapped image (its .rsrc data is in
// memory with the rest of the image, as on Windows, where a resource's data is a pointer into the
// image). polyrun's own DLLs have no resources.
#include "shims/core/resources.h"

#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kErrorResourceDataNotFound = 1812, kErrorResourceTypeNotFound = 1813,
                   kErrorResourceNameNotFound = 1814, kErrorResourceLangNotFound = 1815;

// The size of the resource directory found last (offsets past it are a corrupt image's).
thread_local uint32_t root_size = 0;

// The resource directory of the image at `base` (its address, 0 when it has none).
uint64_t resource_root(WindowsProcess& p, uint64_t base) {
  if (!base || !p.memory.accessible(base, 0x40, mem::kRead) || get<uint16_t>(base) != 0x5a4d) return 0;
  const uint64_t nt = base + get<uint32_t>(base + 0x3c);
  if (!p.memory.accessible(nt, 0x18 + 0x90, mem::kRead) || get<uint32_t>(nt) != 0x4550) return 0;
  const uint64_t opt = nt + 24;
  const uint16_t magic = get<uint16_t>(opt);
  const uint64_t dirs = opt + (magic == 0x20b ? 112 : 96);
  const uint32_t count = get<uint32_t>(dirs - 4);  // NumberOfRvaAndSizes
  if (count < 3) return 0;
  const uint32_t rva = get<uint32_t>(dirs + 2 * 8), size = get<uint32_t>(dirs + 2 * 8 + 4);
  if (!rva || size < 16 || !p.memory.accessible(base + rva, size, mem::kRead)) return 0;
  root_size = size;
  return base + rva;
}

// A directory's entries: (name or id, what it points to).
struct Entry {
  bool named;
  uint32_t id;           // when !named
  std::u16string name;   // when named
  uint32_t offset;       // from the resource root: a subdirectory (high bit) or a data entry
};
std::vector<Entry> entries(uint64_t root, uint32_t dir_offset) {
  std::vector<Entry> out;
  dir_offset &= 0x7fffffffu;
  if (uint64_t{dir_offset} + 16 > root_size) return out;
  const uint64_t dir = root + dir_offset;
  const uint32_t n = uint32_t{get<uint16_t>(dir + 12)} + get<uint16_t>(dir + 14);
  for (uint32_t i = 0; i < n && uint64_t{dir_offset} + 16 + 8 * (i + 1) <= root_size; ++i) {
    const uint64_t e = dir + 16 + 8 * i;
    Entry x{};
    const uint32_t name = get<uint32_t>(e), to = get<uint32_t>(e + 4);
    if ((to & 0x7fffffffu) + uint64_t{16} > root_size) continue;
    x.named = name & 0x80000000u;
    if (x.named) {
      const uint32_t at = name & 0x7fffffffu;
      if (uint64_t{at} + 2 > root_size) continue;
      const uint64_t s = root + at;
      const uint16_t len = get<uint16_t>(s);
      if (uint64_t{at} + 2 + 2ull * len > root_size) continue;
      x.name.assign(reinterpret_cast<const char16_t*>(s + 2), len);
    } else {
      x.id = name & 0xffff;
    }
    x.offset = to;
    out.push_back(std::move(x));
  }
  return out;
}

std::u16string upper(std::u16string s) {
  for (char16_t& c : s)
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - 32);
  return s;
}

// A resource name or type as the program gives it: an integer (MAKEINTRESOURCE), "#NUMBER", or a
// name (compared without case).
struct Key {
  bool is_id = true;
  uint32_t id = 0;
  std::u16string name;
};
Key key_of(uint64_t value, bool wide) {
  Key k;
  if (value < 0x10000) {
    k.id = static_cast<uint32_t>(value);
    return k;
  }
  std::u16string s = wide ? std::u16string(reinterpret_cast<const char16_t*>(value))
                          : utf8_to_utf16(std::string(reinterpret_cast<const char*>(value)));
  if (!s.empty() && s[0] == u'#') {
    k.id = static_cast<uint32_t>(std::stoul(utf16_to_utf8(s.substr(1))));
    return k;
  }
  k.is_id = false;
  k.name = upper(s);
  return k;
}

const Entry* find(const std::vector<Entry>& all, const Key& k) {
  for (const Entry& e : all)
    if (k.is_id ? !e.named && e.id == k.id : e.named && upper(e.name) == k.name) return &e;
  return nullptr;
}

uint64_t module_base(WindowsProcess& p, uint64_t module) { return module ? module : p.image.base; }

}  // namespace

uint64_t find_resource(WindowsProcess& p, uint64_t module, uint64_t type, uint64_t name, int32_t language, bool wide) {
  const uint64_t root = resource_root(p, module_base(p, module));
  if (!root) return fail(p, kErrorResourceDataNotFound), 0;
  const std::vector<Entry> types = entries(root, 0);  // (find() points into these: they must live)
  const Entry* t = find(types, key_of(type, wide));
  if (!t || !(t->offset & 0x80000000u)) return fail(p, kErrorResourceTypeNotFound), 0;
  const std::vector<Entry> names = entries(root, t->offset & 0x7fffffffu);
  const Entry* n = find(names, key_of(name, wide));
  if (!n || !(n->offset & 0x80000000u)) return fail(p, kErrorResourceNameNotFound), 0;
  const std::vector<Entry> langs = entries(root, n->offset & 0x7fffffffu);
  const Entry* l = nullptr;
  if (language >= 0) {
    for (const Entry& e : langs)
      if (!e.named && e.id == static_cast<uint32_t>(language)) l = &e;
    if (!l) {
      // FindResourceEx with a language: its neutral form and the neutral language serve too.
      for (uint32_t want : {uint32_t(language) & 0x3ff, 0u})
        for (const Entry& e : langs)
          if (!l && !e.named && e.id == want) l = &e;
    }
  } else {
    // FindResource: the neutral language, the user's (en-US), English, then the first there is.
    for (uint32_t want : {0u, 0x400u, 0x409u, 0x9u, 0x800u})
      for (const Entry& e : langs)
        if (!l && !e.named && (e.id == want || (want == 0x9 && (e.id & 0x3ff) == 0x9))) l = &e;
    if (!l && !langs.empty()) l = &langs.front();
  }
  if (!l || (l->offset & 0x80000000u)) return fail(p, kErrorResourceLangNotFound), 0;
  return root + l->offset;  // the IMAGE_RESOURCE_DATA_ENTRY: the HRSRC
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
  const uint64_t root = resource_root(p, module_base(p, module));
  if (!root) return fail(p, kErrorResourceDataNotFound);
  Walk w{p, wide, {}};
  for (const Entry& t : entries(root, 0))
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
  const uint64_t root = resource_root(p, module_base(p, module));
  if (!root) return fail(p, kErrorResourceDataNotFound);
  const std::vector<Entry> types = entries(root, 0);
  const Entry* t = find(types, key_of(type, wide));
  if (!t || !(t->offset & 0x80000000u)) return fail(p, kErrorResourceTypeNotFound);
  Walk w{p, wide, {}};
  for (const Entry& n : entries(root, t->offset & 0x7fffffffu))
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
  const uint64_t root = resource_root(p, module_base(p, module));
  if (!root) return fail(p, kErrorResourceDataNotFound);
  const std::vector<Entry> types = entries(root, 0);
  const Entry* t = find(types, key_of(type, wide));
  if (!t || !(t->offset & 0x80000000u)) return fail(p, kErrorResourceTypeNotFound);
  const std::vector<Entry> names = entries(root, t->offset & 0x7fffffffu);
  const Entry* n = find(names, key_of(name, wide));
  if (!n || !(n->offset & 0x80000000u)) return fail(p, kErrorResourceNameNotFound);
  for (const Entry& l : entries(root, n->offset & 0x7fffffffu))
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
