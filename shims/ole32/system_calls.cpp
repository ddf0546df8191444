// OLE32's calls of other DLLs and the helpers its files share (ole32/ole32_internal.h): guest
// strings and GUIDs, HKEY_CLASSES_ROOT through ADVAPI32's registry functions, KERNEL32, USER32 and
// GDI32 by name (core's call_export: no link to their folders), and the program's streams.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims::ole32 {

namespace {
constexpr uint32_t kErrorSuccess = 0, kErrorFileNotFound = 2, kErrorOutOfMemory = 14;
constexpr uint32_t kKeyRead = 0x20019, kKeyAllAccess = 0xf003f;
constexpr uint32_t kRegSz = 1, kRegExpandSz = 2, kRegDword = 4;

uint64_t advapi32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("advapi32.dll", name, args, kErrorFileNotFound);
}
}  // namespace

GuidBytes read_guid(uint64_t at) {
  GuidBytes g{};
  std::memcpy(g.data(), guest_pointer(at), g.size());
  return g;
}

void write_guid(uint64_t at, const GuidBytes& g) { std::memcpy(guest_pointer(at), g.data(), g.size()); }

uint64_t guest_wide(WindowsProcess& p, const std::u16string& s) {
  const uint64_t block = p.heap.alloc((s.size() + 1) * 2);
  if (block) std::memcpy(guest_pointer(block), s.c_str(), (s.size() + 1) * 2);
  return block;
}

uint64_t task_wide(WindowsProcess& p, const std::u16string& s) { return guest_wide(p, s); }

std::u16string read_wide(uint64_t addr) {
  return addr ? std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(addr))) : std::u16string();
}

uint64_t classes_root(WindowsProcess& p) { return p.isa->ptr == 8 ? 0xffffffff80000000ull : 0x80000000ull; }

uint32_t reg_open(WindowsProcess& p, uint64_t parent, const std::u16string& path, uint64_t& key, bool write) {
  key = 0;
  GuestText name(p, path);
  Scratch out(p, 8);
  if (!name.addr || !out.addr) return kErrorOutOfMemory;
  const uint32_t rc = static_cast<uint32_t>(advapi32(
      p, "RegOpenKeyExW", {parent ? parent : classes_root(p), name.addr, 0, write ? kKeyAllAccess : kKeyRead, out.addr}));
  if (rc == kErrorSuccess) key = p.get_ptr(out.addr);
  return rc;
}

uint32_t reg_create(WindowsProcess& p, uint64_t parent, const std::u16string& path, uint64_t& key,
                    uint32_t* disposition) {
  key = 0;
  GuestText name(p, path);
  Scratch out(p, 8), made(p, 4);
  if (!name.addr || !out.addr || !made.addr) return kErrorOutOfMemory;
  const uint32_t rc = static_cast<uint32_t>(advapi32(p, "RegCreateKeyExW",
                                                     {parent ? parent : classes_root(p), name.addr, 0, 0, 0,
                                                      kKeyAllAccess, 0, out.addr, made.addr}));
  if (rc == kErrorSuccess) key = p.get_ptr(out.addr);
  if (disposition) *disposition = get<uint32_t>(made.addr);
  return rc;
}

void reg_close(WindowsProcess& p, uint64_t key) {
  if (key) advapi32(p, "RegCloseKey", {key});
}

uint32_t reg_string(WindowsProcess& p, uint64_t key, const std::u16string& name, std::u16string& value) {
  GuestText value_name(p, name);
  Scratch type(p, 4), size(p, 4);
  const uint64_t name_arg = name.empty() ? 0 : value_name.addr;
  uint32_t rc = static_cast<uint32_t>(advapi32(p, "RegQueryValueExW", {key, name_arg, 0, type.addr, 0, size.addr}));
  if (rc != kErrorSuccess) return rc;
  const uint32_t t = get<uint32_t>(type.addr);
  if (t != kRegSz && t != kRegExpandSz) return kErrorFileNotFound;
  Scratch data(p, get<uint32_t>(size.addr) + 2);
  rc = static_cast<uint32_t>(advapi32(p, "RegQueryValueExW", {key, name_arg, 0, type.addr, data.addr, size.addr}));
  if (rc != kErrorSuccess) return rc;
  value = read_wide(data.addr);
  return kErrorSuccess;
}

uint32_t reg_dword(WindowsProcess& p, uint64_t key, const std::u16string& name, uint32_t& value) {
  GuestText value_name(p, name);
  Scratch type(p, 4), size(p, 4), data(p, 8);
  put<uint32_t>(size.addr, 4);
  const uint32_t rc = static_cast<uint32_t>(
      advapi32(p, "RegQueryValueExW", {key, name.empty() ? 0 : value_name.addr, 0, type.addr, data.addr, size.addr}));
  if (rc != kErrorSuccess) return rc;
  if (get<uint32_t>(type.addr) != kRegDword) return kErrorFileNotFound;
  value = get<uint32_t>(data.addr);
  return kErrorSuccess;
}

uint32_t reg_set_string(WindowsProcess& p, uint64_t key, const std::u16string& name, const std::u16string& value) {
  GuestText value_name(p, name), data(p, value);
  return static_cast<uint32_t>(advapi32(p, "RegSetValueExW", {key, name.empty() ? 0 : value_name.addr, 0, kRegSz,
                                                              data.addr, (value.size() + 1) * 2}));
}

uint32_t reg_delete_tree_value(WindowsProcess& p, uint64_t key, const std::u16string& subkey) {
  GuestText name(p, subkey);
  return static_cast<uint32_t>(advapi32(p, "RegDeleteKeyW", {key, name.addr}));
}

int32_t register_classes(WindowsProcess& p, const char16_t* dll, const std::vector<OwnClass>& classes) {
  for (const OwnClass& c : classes) {
    uint64_t key = 0, server = 0;
    if (reg_create(p, 0, std::u16string(u"CLSID\\") + c.clsid, key) != 0) return com::E_FAIL;
    reg_set_string(p, key, u"", c.name);
    if (reg_create(p, key, u"InprocServer32", server) == 0) {
      reg_set_string(p, server, u"", dll);
      reg_set_string(p, server, u"ThreadingModel", u"Both");
      reg_close(p, server);
    }
    reg_close(p, key);
  }
  return com::S_OK;
}

int32_t unregister_classes(WindowsProcess& p, const std::vector<OwnClass>& classes) {
  for (const OwnClass& c : classes) {
    uint64_t key = 0;
    if (reg_open(p, 0, std::u16string(u"CLSID\\") + c.clsid, key, true) != 0) continue;
    reg_delete_tree_value(p, key, u"InprocServer32");
    reg_close(p, key);
    uint64_t clsid_key = 0;
    if (reg_open(p, 0, u"CLSID", clsid_key, true) == 0) {
      reg_delete_tree_value(p, clsid_key, c.clsid);
      reg_close(p, clsid_key);
    }
  }
  return com::S_OK;
}

uint32_t reg_enum_key(WindowsProcess& p, uint64_t key, uint32_t index, std::u16string& name) {
  Scratch buffer(p, 512), length(p, 4);
  put<uint32_t>(length.addr, 256);
  const uint32_t rc =
      static_cast<uint32_t>(advapi32(p, "RegEnumKeyExW", {key, index, buffer.addr, length.addr, 0, 0, 0, 0}));
  if (rc == kErrorSuccess) name = read_wide(buffer.addr);
  return rc;
}

std::optional<std::u16string> classes_string(WindowsProcess& p, const std::u16string& path) {
  uint64_t key = 0;
  if (reg_open(p, 0, path, key) != kErrorSuccess) return std::nullopt;
  std::u16string value;
  const uint32_t rc = reg_string(p, key, u"", value);
  reg_close(p, key);
  if (rc != kErrorSuccess) return std::nullopt;
  return value;
}

int32_t open_clsid_key(WindowsProcess& p, const GuidBytes& clsid, const std::u16string& sub, uint64_t& key) {
  key = 0;
  uint64_t class_key = 0;
  uint32_t rc = reg_open(p, 0, u"CLSID\\" + guid_text(clsid), class_key);
  if (rc == kErrorFileNotFound) return com::REGDB_E_CLASSNOTREG;
  if (rc != kErrorSuccess) return REGDB_E_READREGDB;
  if (sub.empty()) {
    key = class_key;
    return com::S_OK;
  }
  rc = reg_open(p, class_key, sub, key);
  reg_close(p, class_key);
  if (rc == kErrorFileNotFound) return REGDB_E_KEYMISSING;
  if (rc != kErrorSuccess) return REGDB_E_READREGDB;
  return com::S_OK;
}

uint64_t kernel32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("kernel32.dll", name, args);
}
uint64_t user32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("user32.dll", name, args);
}
uint64_t gdi32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("gdi32.dll", name, args);
}

uint64_t call_method_wide(WindowsProcess& p, uint64_t object, unsigned slot, const std::vector<uint64_t>& args) {
  const uint64_t method = p.get_ptr(p.get_ptr(object) + uint64_t{slot} * p.isa->ptr);
  std::vector<uint64_t> all = {object};
  all.insert(all.end(), args.begin(), args.end());
  const uint64_t r = p.call_guest(method, all);
  return p.isa->ptr == 8 ? r : (r & 0xffffffffull);
}

int32_t stream_read(WindowsProcess& p, uint64_t stream, uint64_t buffer, uint32_t size, uint32_t& done) {
  Scratch count(p, 4);
  const int32_t hr = static_cast<int32_t>(call_method(p, stream, kStreamRead, {buffer, size, count.addr}));
  done = get<uint32_t>(count.addr);
  return hr;
}

int32_t stream_write(WindowsProcess& p, uint64_t stream, uint64_t buffer, uint32_t size, uint32_t& done) {
  Scratch count(p, 4);
  const int32_t hr = static_cast<int32_t>(call_method(p, stream, kStreamWrite, {buffer, size, count.addr}));
  done = get<uint32_t>(count.addr);
  return hr;
}

int32_t stream_seek(WindowsProcess& p, uint64_t stream, int64_t offset, uint32_t origin, uint64_t& position) {
  Scratch out(p, 8);
  const uint64_t o = static_cast<uint64_t>(offset);
  // A LARGE_INTEGER by value: one slot on x64, two (low, high) on i386.
  const std::vector<uint64_t> args = p.isa->ptr == 8 ? std::vector<uint64_t>{o, origin, out.addr}
                                                     : std::vector<uint64_t>{o & 0xffffffff, o >> 32, origin, out.addr};
  const int32_t hr = static_cast<int32_t>(call_method(p, stream, kStreamSeek, args));
  position = get<uint64_t>(out.addr);
  return hr;
}

}  // namespace polyrun::shims::ole32
