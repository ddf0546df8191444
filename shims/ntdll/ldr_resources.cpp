// NTDLL's resource functions: LdrFindResourceDirectory_U and LdrFindResource_U (the directory or
// data entry of a type, name and language, LDR_RESOURCE_INFO, down to the level asked),
// LdrAccessResource (a data entry's data and size), and RtlFindMessage (an entry of a module's
// message table, MESSAGE_RESOURCE_DATA). They read the resource directory of the image in memory
// (IMAGE_DIRECTORY_ENTRY_RESOURCE; a module handle with its low bit set is a file mapped as data,
// whose RVAs lead through its section table); polyrun's own DLLs have no resources. A name is
// matched as it is stored (the resource compiler stores names in upper case), an integer below
// 0x10000 by id. Without a language (LANG_NEUTRAL) the search takes the neutral and the user's
// languages (en-US), English, then the first there is. A bad pointer met on the way is the status
// of its access violation, as Windows returns it.
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/ldr_resources.h"

namespace polyrun::shims {

namespace ntdll_ldr_resources_impl {

constexpr uint32_t kSuccess = 0, kInvalidParameter = 0xc000000d, kAccessViolation = 0xc0000005,
                   kDataNotFound = 0xc0000089, kTypeNotFound = 0xc000008a, kNameNotFound = 0xc000008b,
                   kLangNotFound = 0xc0000204, kMessageNotFound = 0xc0000109;
constexpr uint16_t kUserLanguage = 0x409;  // en-US, the user's and the system's

uint64_t nt_headers(WindowsProcess& p, uint64_t base) {
  if (!base || !p.memory.accessible(base, 0x40, mem::kRead) || get<uint16_t>(base) != 0x5a4d) return 0;
  const uint64_t nt = base + get<uint32_t>(base + 0x3c);
  if (!p.memory.accessible(nt, 0x18 + 0x90, mem::kRead) || get<uint32_t>(nt) != 0x4550) return 0;
  return nt;
}

// Where an RVA of the module lies: past the base of an image; through the section table in a file
// mapped as data (a handle with its low bit set).
uint64_t rva_address(WindowsProcess& p, uint64_t module, uint32_t rva) {
  const uint64_t base = module & ~uint64_t{3};
  if (!(module & 1)) return base + rva;
  const uint64_t nt = nt_headers(p, base);
  if (!nt) return 0;
  if (rva < get<uint32_t>(nt + 24 + 60)) return base + rva;  // in the headers
  const uint16_t sections = get<uint16_t>(nt + 6), optional_size = get<uint16_t>(nt + 20);
  for (uint16_t i = 0; i < sections; ++i) {
    const uint64_t s = nt + 24 + optional_size + 40ull * i;
    const uint32_t va = get<uint32_t>(s + 12), raw_size = get<uint32_t>(s + 16), raw = get<uint32_t>(s + 20);
    if (rva >= va && rva - va < raw_size) return base + raw + (rva - va);
  }
  return 0;
}

// The resource directory: its address and size (0 when the module has none).
uint64_t resource_root(WindowsProcess& p, uint64_t module, uint32_t* size) {
  const uint64_t nt = nt_headers(p, module & ~uint64_t{3});
  if (!nt) return 0;
  const uint64_t dirs = nt + 24 + (get<uint16_t>(nt + 24) == 0x20b ? 112 : 96);
  if (get<uint32_t>(dirs - 4) < 3) return 0;
  const uint32_t rva = get<uint32_t>(dirs + 16);
  *size = get<uint32_t>(dirs + 20);
  return rva ? rva_address(p, module, rva) : 0;
}

// IMAGE_RESOURCE_DIRECTORY: 16 bytes, then its named entries, then its id entries, 8 bytes each
// (the name or id, then the offset from the root of a data entry or, high bit set, a directory).
struct Dir {
  uint64_t root, at;
  uint32_t named() const { return get<uint16_t>(at + 12); }
  uint32_t ids() const { return get<uint16_t>(at + 14); }
  uint64_t entry(uint32_t i) const { return at + 16 + 8ull * i; }
};

// The target of the entry `key` names (an id below 0x10000, else a UTF-16 name), if it is a
// directory as `want_dir` says.
uint64_t find_entry(const Dir& d, uint64_t key, bool want_dir) {
  const uint32_t first = key < 0x10000 ? d.named() : 0, count = key < 0x10000 ? d.ids() : d.named();
  std::u16string name;
  if (key >= 0x10000)
    name.assign(static_cast<const char16_t*>(guest_pointer(key)), ntdll_text::wide_length(key));
  for (uint32_t i = first; i < first + count; ++i) {
    const uint64_t e = d.entry(i);
    const uint32_t n = get<uint32_t>(e), to = get<uint32_t>(e + 4);
    bool match;
    if (key < 0x10000) {
      match = (n & 0xffff) == key;
    } else {
      const uint64_t s = d.root + (n & 0x7fffffffu);
      const uint16_t len = get<uint16_t>(s);
      match = len == name.size() && !std::memcmp(guest_pointer(s + 2), name.data(), 2ull * len);
    }
    if (!match) continue;
    if (((to & 0x80000000u) != 0) != want_dir) return 0;
    return d.root + (to & 0x7fffffffu);
  }
  return 0;
}

uint64_t first_entry(const Dir& d, bool want_dir) {
  for (uint32_t i = 0; i < d.named() + d.ids(); ++i) {
    const uint32_t to = get<uint32_t>(d.entry(i) + 4);
    if (((to & 0x80000000u) != 0) == want_dir) return d.root + (to & 0x7fffffffu);
  }
  return 0;
}

// The walk of both functions: the root (level 0), the type's directory (1), the name's (2), the
// language's entry (3).
uint32_t find(WindowsProcess& p, uint64_t module, uint64_t type, uint64_t name, uint16_t language, uint32_t level,
              bool want_dir, uint64_t* out) {
  uint32_t size = 0;
  const uint64_t root = resource_root(p, module, &size);
  if (!root || size < 16) return kDataNotFound;
  if (level == 0) {
    *out = root;
    return kSuccess;
  }
  uint64_t at = find_entry(Dir{root, root}, type, want_dir || level > 1);
  if (!at) return kTypeNotFound;
  if (level == 1) return *out = at, kSuccess;
  at = find_entry(Dir{root, at}, name, want_dir || level > 2);
  if (!at) return kNameNotFound;
  if (level == 2) return *out = at, kSuccess;
  if (level > 3) return kInvalidParameter;
  std::vector<uint16_t> tries;
  auto add = [&](uint16_t l) {
    for (uint16_t t : tries)
      if (t == l) return;
    tries.push_back(l);
  };
  add(language);
  add(language & 0x3ff);  // its primary language, neutral sublanguage
  add(0);
  const bool neutral = !(language & 0x3ff);
  if (neutral) {
    if ((language >> 10) != 2) {  // SUBLANG_SYS_DEFAULT: the system's only
      add(kUserLanguage);
      add(kUserLanguage & 0x3ff);
    }
    add(kUserLanguage);
    add(kUserLanguage & 0x3ff);
    add(0x409);  // English
  }
  const Dir languages{root, at};
  for (uint16_t l : tries)
    if (const uint64_t e = find_entry(languages, l, want_dir)) return *out = e, kSuccess;
  if (neutral)
    if (const uint64_t e = first_entry(languages, want_dir)) return *out = e, kSuccess;
  return kLangNotFound;
}

// LDR_RESOURCE_INFO: Type, Name (pointer-sized each), Language; what the level reads of it.
uint32_t find_info(WindowsProcess& p, uint64_t module, uint64_t info, uint32_t level, bool want_dir, uint64_t* out) {
  const unsigned ps = p.isa->ptr;
  const uint64_t type = level > 0 ? p.get_ptr(info) : 0, name = level > 1 ? p.get_ptr(info + ps) : 0;
  const uint16_t language = level > 2 ? static_cast<uint16_t>(get<uint32_t>(info + 2 * ps)) : 0;
  return find(p, module, type, name, language, level, want_dir, out);
}

uint32_t LdrFindResourceDirectory_U(WindowsProcess& p, Ptr module, Ptr info, uint32_t level, Ptr dir) {
  try {
    uint64_t at = 0;
    const uint32_t status = find_info(p, module.addr, info.addr, level, true, &at);
    if (!status) p.put_ptr(dir.addr, at);
    return status;
  } catch (const GuestMemoryFault&) {
    return kAccessViolation;
  }
}

uint32_t LdrFindResource_U(WindowsProcess& p, Ptr module, Ptr info, uint32_t level, Ptr entry) {
  try {
    uint64_t at = 0;
    const uint32_t status = find_info(p, module.addr, info.addr, level, false, &at);
    if (!status) p.put_ptr(entry.addr, at);
    return status;
  } catch (const GuestMemoryFault&) {
    return kAccessViolation;
  }
}

// The data of an IMAGE_RESOURCE_DATA_ENTRY (OffsetToData, an RVA; Size).
uint32_t LdrAccessResource(WindowsProcess& p, Ptr module, Ptr entry, Ptr data, Ptr size) {
  try {
    uint32_t dir_size = 0;
    if (!resource_root(p, module.addr, &dir_size)) return kDataNotFound;
    if (data) p.put_ptr(data.addr, rva_address(p, module.addr, get<uint32_t>(entry.addr)));
    if (size) put<uint32_t>(size.addr, get<uint32_t>(entry.addr + 4));
    return kSuccess;
  } catch (const GuestMemoryFault&) {
    return kAccessViolation;
  }
}

// The message `id` of the module's message table (resource type `type`, name 1, `language`):
// its MESSAGE_RESOURCE_ENTRY (Length, Flags, Text).
uint32_t RtlFindMessage(WindowsProcess& p, Ptr module, uint32_t type, uint32_t language, uint32_t id, Ptr out) {
  uint64_t entry = 0;
  const uint32_t status = find(p, module.addr, type, 1, static_cast<uint16_t>(language), 3, false, &entry);
  if (status) return status;
  const uint64_t data = rva_address(p, module.addr, get<uint32_t>(entry));
  const uint32_t blocks = get<uint32_t>(data);
  for (uint32_t i = 0; i < blocks; ++i) {
    const uint64_t b = data + 4 + 12ull * i;
    const uint32_t low = get<uint32_t>(b), high = get<uint32_t>(b + 4);
    if (id < low || id > high) continue;
    uint64_t e = data + get<uint32_t>(b + 8);
    for (uint32_t n = id - low; n; --n) e += get<uint16_t>(e);
    p.put_ptr(out.addr, e);
    return kSuccess;
  }
  return kMessageNotFound;
}

}  // namespace ntdll_ldr_resources_impl

uint64_t ldr_resource_data(WindowsProcess& p, uint64_t module, uint64_t type, uint64_t name, uint16_t language,
                           uint32_t* size) {
  using namespace ntdll_ldr_resources_impl;
  try {
    uint64_t entry = 0;
    if (find(p, module, type, name, language, 3, false, &entry) != kSuccess || !entry) return 0;
    if (size) *size = get<uint32_t>(entry + 4);
    return rva_address(p, module, get<uint32_t>(entry));
  } catch (const GuestMemoryFault&) {
    return 0;
  }
}

const std::vector<Export>& ntdll_ldr_resource_exports() {
  using namespace ntdll_ldr_resources_impl;
  static const std::vector<Export> exports = {
      EXPORT("LdrFindResourceDirectory_U", LdrFindResourceDirectory_U),
      EXPORT("LdrFindResource_U", LdrFindResource_U),
      EXPORT("LdrAccessResource", LdrAccessResource),
      EXPORT("RtlFindMessage", RtlFindMessage),
  };
  return exports;
}

}  // namespace polyrun::shims
