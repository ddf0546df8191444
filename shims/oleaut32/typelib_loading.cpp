// Type libraries found, loaded and registered:
// - LoadTypeLib and LoadTypeLibEx: a file found as SearchPath finds it (else in the system
//   directory), an MSFT file of its own or a module's TYPELIB resource ("file.dll\2": resource 2;
//   1 by default); the library read once and shared while it lives. REGKIND_DEFAULT registers a
//   library named without a full path, REGKIND_REGISTER always. stdole2.tlb, which Windows keeps
//   in its system directory, is polyrun's own description (typelib_stdole.cpp).
// - The registry's HKCR\TypeLib\{libid}\maj.min (hexadecimal) key: its name, the file of each
//   LCID and SYSKIND ("0\win32", "0\win64"), FLAGS and HELPDIR; each OLE Automation interface's
//   HKCR\Interface\{iid} (ProxyStubClsid(32), TypeLib and its Version). RegisterTypeLib,
//   UnRegisterTypeLib, their ForUser forms, QueryPathOfRegTypeLib (the version asked for, else
//   the highest minor one of its major version; the LCID, then its primary language, then 0;
//   a 64-bit process's win64 entry before the win32 one) and LoadRegTypeLib over it.
// - LHashValOfNameSys(A): the hash names carry in type libraries.
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/text.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/typelib_objects.h"

namespace polyrun::shims::oleaut::tlb {

namespace {

constexpr uint32_t REGKIND_DEFAULT = 0, REGKIND_REGISTER = 1, REGKIND_NONE = 2;
constexpr uint32_t kRegSz = 1, kErrorSuccess = 0, kErrorFileNotFound = 2, kRegCreatedNewKey = 1;
constexpr uint64_t kLoadLibraryAsDatafile = 2;

// Guest blocks, text and the registry through OLE32's helpers (com_object.h).
using ole32::GuestText;
using ole32::Scratch;
using ole32::read_wide;

uint64_t kernel32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("kernel32.dll", name, args);
}

// ---- the registry ----

uint64_t hkey_current_user(WindowsProcess& p) { return p.isa->ptr == 8 ? 0xffffffff80000001ull : 0x80000001ull; }

// The default value of `key`\`sub` when it is a string (RegQueryValueW's), or nothing.
bool query_default(WindowsProcess& p, uint64_t key, const std::u16string& sub, std::u16string& value) {
  uint64_t k = 0;
  if (ole32::reg_open(p, key, sub, k) != kErrorSuccess) return false;
  auto query = [&](uint64_t type, uint64_t data, uint64_t size) {
    return p.call_export("advapi32.dll", "RegQueryValueExW", {k, 0, 0, type, data, size}, kErrorFileNotFound) ==
           kErrorSuccess;
  };
  Scratch type(p, 4), size(p, 4);
  bool ok = query(type.addr, 0, size.addr) && get<uint32_t>(type.addr) == kRegSz;
  if (ok) {
    Scratch data(p, get<uint32_t>(size.addr) + 2);
    ok = query(type.addr, data.addr, size.addr);
    if (ok) value = read_wide(data.addr);
  }
  ole32::reg_close(p, k);
  return ok;
}

std::u16string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%x", v);
  return utf8_to_utf16(buf);
}
std::u16string library_key(const GuidBytes& libid) { return u"Typelib\\" + ole32::guid_text(libid); }
std::u16string version_key(const GuidBytes& libid, uint16_t major, uint16_t minor) {
  return library_key(libid) + u"\\" + hex(major) + u"." + hex(minor);
}
const char16_t* syskind_name(uint32_t syskind) {
  switch (syskind) {
    case SYS_WIN16: return u"win16";
    case SYS_WIN32: return u"win32";
    case SYS_WIN64: return u"win64";
    default: return nullptr;
  }
}

// The registered version best matching maj.min: that one, else the highest minor above it of
// the same major version (0xffff.0xffff: the highest of each).
bool find_version(WindowsProcess& p, const GuidBytes& libid, uint16_t& major, uint16_t& minor) {
  uint64_t key = 0;
  if (ole32::reg_open(p, ole32::classes_root(p), library_key(libid), key) != kErrorSuccess) return false;
  int best_major = -1, best_minor = -1;
  std::u16string name;
  for (uint32_t i = 0; ole32::reg_enum_key(p, key, i, name) == kErrorSuccess; ++i) {
    unsigned vmaj, vmin;
    if (std::sscanf(utf16_to_utf8(name).c_str(), "%x.%x", &vmaj, &vmin) != 2) continue;
    if (major == 0xffff && minor == 0xffff) {
      best_major = std::max(best_major, static_cast<int>(vmaj));
      best_minor = std::max(best_minor, static_cast<int>(vmin));
    } else if (vmaj == major) {
      best_major = static_cast<int>(vmaj);
      if (vmin == minor) {
        best_minor = static_cast<int>(vmin);
        break;
      }
      if (minor != 0xffff && static_cast<int>(vmin) >= minor && static_cast<int>(vmin) > best_minor)
        best_minor = static_cast<int>(vmin);
    }
  }
  ole32::reg_close(p, key);
  if (major == 0xffff && minor == 0xffff) {
    if (best_major < 0 || best_minor < 0) return false;
    major = static_cast<uint16_t>(best_major);
    minor = static_cast<uint16_t>(best_minor);
    return true;
  }
  if (major == best_major && best_minor >= 0) {
    minor = static_cast<uint16_t>(best_minor);
    return true;
  }
  return false;
}

int32_t query_path(WindowsProcess& p, const GuidBytes& libid, uint16_t major, uint16_t minor, uint32_t syskind,
                   uint32_t lcid, std::u16string& path) {
  if (!find_version(p, libid, major, minor)) return TYPE_E_LIBNOTREGISTERED;
  uint64_t key = 0;
  const uint32_t rc = ole32::reg_open(p, ole32::classes_root(p), version_key(libid, major, minor), key);
  if (rc == kErrorFileNotFound) return TYPE_E_LIBNOTREGISTERED;
  if (rc != kErrorSuccess) return TYPE_E_REGISTRYACCESS;
  int32_t hr = TYPE_E_LIBNOTREGISTERED;
  uint32_t at = lcid;
  for (;;) {
    if (query_default(p, key, hex(at) + u"\\" + syskind_name(syskind), path)) {
      hr = S_OK;
      break;
    }
    if (!lcid) break;
    if (at == lcid) at = (lcid >> 10) & 0x3f;  // SUBLANGID, as Windows' own lookup takes it
    else if (at == ((lcid >> 10) & 0x3f) && at) at = 0;
    else break;
  }
  ole32::reg_close(p, key);
  return hr;
}

std::u16string system_directory(WindowsProcess& p);

// stdole2.tlb 2.0 is registered on every Windows: polyrun's counts as registered when the
// registry does not say otherwise.
int32_t query_path_any(WindowsProcess& p, const GuidBytes& libid, uint16_t major, uint16_t minor, uint32_t lcid,
                       std::u16string& path) {
  if (p.isa->ptr == 8 && query_path(p, libid, major, minor, SYS_WIN64, lcid, path) >= 0) return S_OK;
  const int32_t hr = query_path(p, libid, major, minor, SYS_WIN32, lcid, path);
  if (hr >= 0 || libid != kStdOleLibid) return hr;
  if (!((major == 2 && (minor == 0 || minor == 0xffff)) || (major == 0xffff && minor == 0xffff))) return hr;
  path = system_directory(p) + u"\\stdole2.tlb";
  return S_OK;
}

// ---- reading ----

std::u16string system_directory(WindowsProcess& p) {
  Scratch buf(p, 520);
  kernel32(p, "GetSystemDirectoryW", {buf.addr, 260});
  return read_wide(buf.addr);
}
std::u16string file_name_of(const std::u16string& path) {
  const size_t slash = path.find_last_of(u"\\/");
  return slash == std::u16string::npos ? path : path.substr(slash + 1);
}

// The bytes of a file's library: a module's (a file beginning "MZ") TYPELIB resource `index`, else
// the file's own bytes; false when the file cannot be read or the module has no such resource.
bool read_bytes(WindowsProcess& p, const std::u16string& path, int index, std::vector<uint8_t>& out) {
  std::ifstream in(windows_to_host_path(utf16_to_utf8(path)), std::ios::binary);
  if (!in) return false;
  char magic[2] = {};
  in.read(magic, 2);
  if (in.gcount() != 2 || magic[0] != 'M' || magic[1] != 'Z') {
    in.clear();
    in.seekg(0);
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
  }
  in.close();
  GuestText name(p, path);
  const uint64_t module = kernel32(p, "LoadLibraryExW", {name.addr, 0, kLoadLibraryAsDatafile});
  if (!module) return false;
  GuestText type(p, u"TYPELIB");
  bool ok = false;
  const uint64_t res = kernel32(p, "FindResourceW", {module, static_cast<uint64_t>(index), type.addr});
  if (res) {
    const uint32_t size = static_cast<uint32_t>(kernel32(p, "SizeofResource", {module, res}));
    const uint64_t data = kernel32(p, "LockResource", {kernel32(p, "LoadResource", {module, res})});
    if (data && size) {
      const auto* bytes = static_cast<const uint8_t*>(guest_pointer(data));
      out.assign(bytes, bytes + size);
      ok = true;
    }
  }
  kernel32(p, "FreeLibrary", {module});
  return ok;
}

bool file_exists(const std::u16string& path) {
  struct stat st {};
  return ::stat(windows_to_host_path(utf16_to_utf8(path)).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The library of `file` ("name", "name\N" for resource N), its object in `out` and its full path.
int32_t load(WindowsProcess& p, const std::u16string& file, uint64_t& out, std::u16string& full) {
  out = 0;
  std::u16string name = file;
  int index = 1;
  const size_t slash = file.find_last_of(u'\\');
  if (slash != std::u16string::npos && slash + 1 < file.size()) {
    const std::u16string tail = file.substr(slash + 1);
    if (tail.find_first_not_of(u"0123456789") == std::u16string::npos && tail.size() < 10) {
      index = std::stoi(utf16_to_utf8(tail));
      name = file.substr(0, slash);
    }
  }
  {
    GuestText n(p, name);
    Scratch buf(p, 2 * 1024);
    if (kernel32(p, "SearchPathW", {0, n.addr, 0, 1024, buf.addr, 0})) full = read_wide(buf.addr);
    else if (name.find(u'\\') != std::u16string::npos) full = name;
    else full = system_directory(p) + u"\\" + name;
    GuestText f(p, full);
    Scratch canon(p, 2 * 1024);
    if (kernel32(p, "GetFullPathNameW", {f.addr, 1024, canon.addr, 0})) full = read_wide(canon.addr);
  }
  if ((out = cached_library(full, index))) return S_OK;
  std::shared_ptr<Library> lib;
  std::vector<uint8_t> bytes;
  if (read_bytes(p, full, index, bytes)) {
    lib = read_msft(bytes.data(), bytes.size());
  } else if (!file_exists(full) && same_name(file_name_of(full), u"stdole2.tlb")) {
    lib = stdole2_library(p.isa->ptr);
  }
  if (!lib) return TYPE_E_CANTLOADLIBRARY;
  out = new_library_object(p, std::move(lib), full, index);
  return out ? S_OK : E_OUTOFMEMORY;
}

// ---- registering ----

void register_interface(WindowsProcess& p, uint64_t root, const Library& lib, const Info& info, uint32_t kind) {
  uint64_t key = 0;
  if (ole32::reg_create(p, root, u"Interface\\" + ole32::guid_text(info.guid), key) != kErrorSuccess) return;
  const char16_t* proxy = kind == TKIND_INTERFACE || (info.flags & TYPEFLAG_FDUAL)
                              ? u"{00020424-0000-0000-C000-000000000046}"
                              : u"{00020420-0000-0000-C000-000000000046}";
  if (!info.name.empty()) ole32::reg_set_string(p, key, u"", info.name);
  for (const char16_t* sub : {u"ProxyStubClsid", u"ProxyStubClsid32"}) {
    uint64_t k = 0;
    if (ole32::reg_create(p, key, sub, k) == kErrorSuccess) {
      ole32::reg_set_string(p, k, u"", proxy);
      ole32::reg_close(p, k);
    }
  }
  uint64_t k = 0;
  if (ole32::reg_create(p, key, u"TypeLib", k) == kErrorSuccess) {
    ole32::reg_set_string(p, k, u"", ole32::guid_text(lib.guid));
    ole32::reg_set_string(p, k, u"Version", hex(lib.major) + u"." + hex(lib.minor));
    ole32::reg_close(p, k);
  }
  ole32::reg_close(p, key);
}

bool registers_interface(const Info& info) {
  return (info.kind == TKIND_INTERFACE && (info.flags & TYPEFLAG_FOLEAUTOMATION)) || info.kind == TKIND_DISPATCH;
}

int32_t register_library(WindowsProcess& p, uint64_t root, uint64_t object, const std::u16string& path,
                         const std::u16string* help_dir) {
  const Library& lib = *library_object(object).lib;
  int32_t hr = S_OK;
  uint64_t key = 0;
  if (ole32::reg_create(p, root, version_key(lib.guid, lib.major, lib.minor), key) != kErrorSuccess) return E_FAIL;
  const std::u16string& title = lib.doc.empty() ? lib.name : lib.doc;
  if (!title.empty() && ole32::reg_set_string(p, key, u"", title) != kErrorSuccess) hr = E_FAIL;
  const char16_t* kind = syskind_name(lib.syskind);
  uint64_t sub = 0;
  if (!kind || ole32::reg_create(p, key, hex(lib.set_lcid) + u"\\" + kind, sub) != kErrorSuccess) hr = E_FAIL;
  if (hr == S_OK) {
    if (ole32::reg_set_string(p, sub, u"", path) != kErrorSuccess) hr = E_FAIL;
    ole32::reg_close(p, sub);
  }
  if (hr == S_OK && ole32::reg_create(p, key, u"FLAGS", sub) == kErrorSuccess) {
    if (ole32::reg_set_string(p, sub, u"", utf8_to_utf16(std::to_string(lib.flags))) != kErrorSuccess) hr = E_FAIL;
    ole32::reg_close(p, sub);
  } else {
    hr = E_FAIL;
  }
  uint32_t disposition = 0;
  if (hr == S_OK && ole32::reg_create(p, key, u"HELPDIR", sub, &disposition) == kErrorSuccess) {
    // A new key without a help directory given: the library's own directory (a resource
    // index dropped).
    std::u16string dir;
    bool set = help_dir != nullptr;
    if (help_dir) dir = *help_dir;
    else if (disposition == kRegCreatedNewKey) {
      dir = path;
      size_t slash = dir.find_last_of(u'\\');
      if (slash != std::u16string::npos && slash + 1 < dir.size() &&
          dir.find_first_not_of(u"0123456789", slash + 1) == std::u16string::npos) {
        dir.resize(slash);
        slash = dir.find_last_of(u'\\');
      }
      if (slash != std::u16string::npos) dir.resize(slash);
      set = true;
    }
    if (set && ole32::reg_set_string(p, sub, u"", dir) != kErrorSuccess) hr = E_FAIL;
    ole32::reg_close(p, sub);
  } else {
    hr = E_FAIL;
  }
  ole32::reg_close(p, key);
  for (const Info& info : lib.infos)
    if (registers_interface(info)) register_interface(p, root, lib, info, info.kind);
  return hr;
}

uint64_t root_for(WindowsProcess& p, bool for_user, uint64_t& opened) {
  opened = 0;
  if (!for_user) return ole32::classes_root(p);
  ole32::reg_create(p, hkey_current_user(p), u"Software\\Classes", opened);
  return opened ? opened : ole32::classes_root(p);
}

int32_t unregister_library(WindowsProcess& p, bool for_user, const GuidBytes& libid, uint16_t major, uint16_t minor,
                           uint32_t lcid, uint32_t syskind) {
  if (syskind != SYS_WIN16 && syskind != SYS_WIN32 && syskind != SYS_WIN64) return E_INVALIDARG;
  std::u16string path;
  if (query_path(p, libid, major, minor, syskind, lcid, path) != S_OK) return E_INVALIDARG;
  uint64_t opened = 0;
  const uint64_t root = root_for(p, for_user, opened);
  uint64_t key = 0;
  if (ole32::reg_open(p, root, version_key(libid, major, minor), key, true) != kErrorSuccess) {
    ole32::reg_close(p, opened);
    return E_INVALIDARG;
  }
  uint64_t object = 0;
  std::u16string full;
  if (load(p, path, object, full) != S_OK) {
    ole32::reg_close(p, key);
    ole32::reg_close(p, opened);
    return TYPE_E_INVALIDSTATE;
  }
  const Library& lib = *library_object(object).lib;
  for (const Info& info : lib.infos) {
    if (!registers_interface(info)) continue;
    const std::u16string name = u"Interface\\" + ole32::guid_text(info.guid);
    uint64_t k = 0;
    if (ole32::reg_open(p, root, name, k, true) != kErrorSuccess) continue;
    ole32::reg_delete_tree_value(p, k, u"ProxyStubClsid");
    ole32::reg_delete_tree_value(p, k, u"ProxyStubClsid32");
    ole32::reg_delete_tree_value(p, k, u"TypeLib");
    ole32::reg_close(p, k);
    ole32::reg_delete_tree_value(p, root, name);
  }
  release_library(p, object);
  ole32::reg_delete_tree_value(p, key, hex(lcid) + u"\\" + syskind_name(syskind));
  ole32::reg_delete_tree_value(p, key, hex(lcid));
  bool others = false;
  std::u16string sub;
  for (uint32_t i = 0; ole32::reg_enum_key(p, key, i, sub) == kErrorSuccess; ++i)
    if (sub != u"FLAGS" && sub != u"HELPDIR") others = true;
  if (!others) {
    ole32::reg_delete_tree_value(p, key, u"FLAGS");
    ole32::reg_delete_tree_value(p, key, u"HELPDIR");
    ole32::reg_close(p, key);
    key = 0;
    ole32::reg_delete_tree_value(p, root, version_key(libid, major, minor));
    ole32::reg_delete_tree_value(p, root, library_key(libid));
  }
  ole32::reg_close(p, key);
  ole32::reg_close(p, opened);
  return S_OK;
}

// ---- exports ----

HRESULT LoadTypeLibEx(WindowsProcess& p, WStr file, uint32_t regkind, Ptr out) {
  if (!file.addr || !out) return E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  const std::u16string name = file.data();
  uint64_t object = 0;
  std::u16string full;
  int32_t hr = load(p, name, object, full);
  if (hr < 0) return hr;
  const bool full_path = (name.size() >= 2 && name[0] == u'\\' && name[1] == u'\\') || (name.size() >= 2 && name[1] == u':');
  if (regkind == REGKIND_REGISTER || (regkind == REGKIND_DEFAULT && !full_path)) {
    hr = register_library(p, ole32::classes_root(p), object, full, nullptr);
    if (hr < 0) {
      release_library(p, object);
      return hr;
    }
  }
  p.put_ptr(out.addr, object);
  return hr;
}
HRESULT LoadTypeLib(WindowsProcess& p, WStr file, Ptr out) { return LoadTypeLibEx(p, file, REGKIND_DEFAULT, out); }

HRESULT QueryPathOfRegTypeLib(WindowsProcess& p, Ptr libid, uint16_t major, uint16_t minor, uint32_t lcid, Ptr out) {
  if (!libid || !out) return E_INVALIDARG;
  std::u16string path;
  const int32_t hr = query_path_any(p, ole32::read_guid(libid.addr), major, minor, lcid, path);
  if (hr >= 0) p.put_ptr(out.addr, make_bstr(p, path));
  return hr;
}

// The registered library, of the version asked for (the same major version and a minor one at
// least as high) unless 0xffff.0xffff asks for any.
int32_t load_registered(WindowsProcess& p, const GuidBytes& libid, uint16_t major, uint16_t minor, uint32_t lcid,
                        uint64_t& out) {
  out = 0;
  std::u16string path;
  int32_t hr = query_path_any(p, libid, major, minor, lcid, path);
  if (hr < 0) return hr;
  std::u16string full;
  hr = load(p, path, out, full);
  if (hr < 0 || !out) return hr;
  const Library& lib = *library_object(out).lib;
  if ((major != 0xffff || minor != 0xffff) && (lib.major != major || lib.minor < minor)) {
    release_library(p, out);
    out = 0;
    return TYPE_E_LIBNOTREGISTERED;
  }
  return hr;
}
HRESULT LoadRegTypeLib(WindowsProcess& p, Ptr libid, uint16_t major, uint16_t minor, uint32_t lcid, Ptr out) {
  if (!out) return E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (!libid) return E_INVALIDARG;
  uint64_t object = 0;
  const int32_t hr = load_registered(p, ole32::read_guid(libid.addr), major, minor, lcid, object);
  p.put_ptr(out.addr, object);
  return hr;
}

HRESULT register_from(WindowsProcess& p, bool for_user, Ptr lib, WStr path, WStr help_dir) {
  if (!lib || !path.addr) return E_INVALIDARG;
  if (!is_library_object(lib.addr)) return E_FAIL;  // another library object: not one polyrun can read
  const std::u16string dir = help_dir.addr ? std::u16string(help_dir.data()) : std::u16string();
  uint64_t opened = 0;
  const uint64_t root = root_for(p, for_user, opened);
  const int32_t hr = register_library(p, root, lib.addr, path.data(), help_dir.addr ? &dir : nullptr);
  ole32::reg_close(p, opened);
  return hr;
}
HRESULT RegisterTypeLib(WindowsProcess& p, Ptr lib, WStr path, WStr help_dir) {
  return register_from(p, false, lib, path, help_dir);
}
HRESULT RegisterTypeLibForUser(WindowsProcess& p, Ptr lib, WStr path, WStr help_dir) {
  return register_from(p, true, lib, path, help_dir);
}
HRESULT UnRegisterTypeLib(WindowsProcess& p, Ptr libid, uint16_t major, uint16_t minor, uint32_t lcid, uint32_t syskind) {
  if (!libid) return E_INVALIDARG;
  return unregister_library(p, false, ole32::read_guid(libid.addr), major, minor, lcid, syskind);
}
HRESULT UnRegisterTypeLibForUser(WindowsProcess& p, Ptr libid, uint16_t major, uint16_t minor, uint32_t lcid,
                                 uint32_t syskind) {
  if (!libid) return E_INVALIDARG;
  return unregister_library(p, true, ole32::read_guid(libid.addr), major, minor, lcid, syskind);
}

// LHashValOfNameSys(A): the language group's number in the high word (SYS_MAC adds 1), and in
// the low word 37 times the running value plus each byte's value in the group's table, modulo
// 65599. Letters count without case; the Western table also folds W into V and Y into U, and
// '/' counts as 0; for code page 1252's upper half (Mac Roman's for SYS_MAC) it folds accented
// letters into their base. (The other groups' tables for the upper half are not polyrun's: their
// bytes there count as themselves.)
uint32_t language_group(uint32_t lcid) {
  switch (lcid & 0x3ff) {
    case 0x05: case 0x0e: case 0x15: case 0x1b: case 0x0a: return 32;  // Czech, Hungarian, Polish, Slovak, Spanish
    case 0x0d: return 48;                                              // Hebrew
    case 0x11: return 64;                                              // Japanese
    case 0x12: return 80;                                              // Korean
    case 0x04: return 112;                                             // Chinese
    case 0x08: return 128;                                             // Greek
    case 0x0f: return 144;                                             // Icelandic
    case 0x1f: return 160;                                             // Turkish
    case 0x14: return ((lcid >> 10) & 0x3f) == 2 ? 176 : 16;          // Norwegian (Nynorsk)
    case 0x01: case 0x29: return 208;                                  // Arabic, Farsi
    case 0x19: return 224;                                             // Russian
    default: return 16;
  }
}
uint8_t western_upper_half(uint8_t c) {
  auto in = [c](int lo, int hi) { return c >= lo && c <= hi; };
  if (in(0xc0, 0xc6) || in(0xe0, 0xe6) || c == 0xaa) return 'A';
  if (c == 0xc7 || c == 0xe7) return 'C';
  if (in(0xc8, 0xcb) || in(0xe8, 0xeb)) return 'E';
  if (in(0xcc, 0xcf) || in(0xec, 0xef)) return 'I';
  if (c == 0xd0 || c == 0xf0) return 'D';
  if (c == 0xd1 || c == 0xf1) return 'N';
  if (in(0xd2, 0xd6) || in(0xf2, 0xf6) || c == 0xd8 || c == 0xf8 || c == 0xba) return 'O';
  if (in(0xd9, 0xdd) || in(0xf9, 0xfd) || c == 0xff || c == 0x9f) return 'U';
  if (c == 0x8a || c == 0x9a) return 'S';
  if (c == 0x83) return 'F';
  if (c == 0x9c) return 0x8c;
  if (c == 0xfe) return 0xde;
  if (c == 0x97 || c == 0xad) return 0x96;
  if (c == 0xb2) return '2';
  if (c == 0xb3) return '3';
  if (c == 0xb9) return '1';
  if (c == 0x80 || c == 0x81 || c == 0x88 || in(0x8d, 0x90) || c == 0x9d || c == 0x9e) return 0x7f;
  return c;
}
// Mac Roman's upper half (SYS_MAC), folded as the Western table folds it.
uint8_t mac_upper_half(uint8_t c) {
  auto in = [c](int lo, int hi) { return c >= lo && c <= hi; };
  if (in(0x80, 0x81) || in(0x87, 0x8c) || c == 0xae || c == 0xbb || c == 0xbe || c == 0xcb || c == 0xcc ||
      c == 0xe5 || c == 0xe7)
    return 'A';
  if (c == 0x82 || c == 0x8d) return 'C';
  if (c == 0x83 || in(0x8e, 0x91) || c == 0xe6 || c == 0xe8 || c == 0xe9) return 'E';
  if (in(0x92, 0x95) || in(0xea, 0xed) || c == 0xf5) return 'I';
  if (c == 0x84 || c == 0x96) return 'N';
  if (c == 0x85 || in(0x97, 0x9b) || c == 0xaf || c == 0xbc || c == 0xbf || c == 0xcd || c == 0xee || c == 0xef ||
      c == 0xf1)
    return 'O';
  if (c == 0x86 || in(0x9c, 0x9f) || c == 0xd8 || c == 0xd9 || in(0xf2, 0xf4)) return 'U';
  if (c == 0xc4) return 'F';
  if (c == 0xcf) return 0xce;
  if (c == 0xd1) return 0xd0;
  if (c == 0xde || c == 0xdf || c == 0xf0 || c == 0xfc) return '?';
  if (c == 0xf6 || c == 0xf8 || c == 0xff) return 0x7f;
  return c;
}
uint8_t hash_weight(uint32_t group, uint8_t c, bool mac) {
  if (c >= 'a' && c <= 'z') c = static_cast<uint8_t>(c - 32);
  const bool folds_wy = group == 16 || group == 64 || group == 80 || group == 112;
  if (folds_wy && c == 'W') return 'V';
  if (folds_wy && c == 'Y') return 'U';
  if (c == '/' && group <= 112) return 0;
  if (c == 0x7f && group >= 128 && group <= 176) return 0;
  if (c >= 0x80 && group == 16) return mac ? mac_upper_half(c) : western_upper_half(c);
  return c;
}
uint32_t hash_name(uint32_t syskind, uint32_t lcid, const std::string& bytes) {
  const uint32_t group = language_group(lcid);
  uint32_t low = 0x0deadbee;
  for (unsigned char c : bytes) low = 37 * low + hash_weight(group, c, syskind == SYS_MAC);
  low = (low % 65599) & 0xffff;
  return ((group | (syskind == SYS_MAC ? 1u : 0u)) << 16) | low;
}
uint32_t LHashValOfNameSysA(WindowsProcess&, uint32_t syskind, uint32_t lcid, AStr name) {
  if (!name.addr) return 0;
  return hash_name(syskind, lcid, name.bytes());
}
uint32_t LHashValOfNameSys(WindowsProcess&, uint32_t syskind, uint32_t lcid, WStr name) {
  if (!name.addr) return 0;
  std::string bytes;  // code page 1252 (ASCII and Latin-1)
  for (const char16_t* c = name.data(); *c; ++c) bytes += *c < 0x100 ? static_cast<char>(*c) : '?';
  return hash_name(syskind, lcid, bytes);
}

}  // namespace

int32_t load_import(WindowsProcess& p, uint64_t library, int import, uint64_t& out) {
  LibObject& o = library_object(library);
  if (import < 0 || static_cast<size_t>(import) >= o.imported.size()) return E_FAIL;
  if (o.imported[import]) {
    out = o.imported[import];
    return S_OK;
  }
  const ImportedLibrary imp = o.lib->imports[import];
  const uint32_t syskind = o.lib->syskind;
  std::u16string path, full;
  uint64_t loaded = 0;
  int32_t hr = query_path(p, imp.guid, imp.major, imp.minor, syskind, imp.lcid, path);
  if (hr < 0) path = imp.name;
  hr = load(p, path, loaded, full);
  if (hr < 0) return hr;
  library_object(library).imported[import] = loaded;  // (the map may have grown)
  out = loaded;
  return S_OK;
}

const std::vector<Export>& typelib_exports() {
  static const std::vector<Export> e = {
      EXPORT("LoadTypeLib", LoadTypeLib),
      EXPORT("LoadTypeLibEx", LoadTypeLibEx),
      EXPORT("LoadRegTypeLib", LoadRegTypeLib),
      EXPORT("QueryPathOfRegTypeLib", QueryPathOfRegTypeLib),
      EXPORT("RegisterTypeLib", RegisterTypeLib),
      EXPORT("RegisterTypeLibForUser", RegisterTypeLibForUser),
      EXPORT("UnRegisterTypeLib", UnRegisterTypeLib),
      EXPORT("UnRegisterTypeLibForUser", UnRegisterTypeLibForUser),
      EXPORT("LHashValOfNameSys", LHashValOfNameSys),
      EXPORT("LHashValOfNameSysA", LHashValOfNameSysA),
  };
  return e;
}

int32_t stdole_type_info(WindowsProcess& p, const GuidBytes& iid, uint64_t& out) {
  out = 0;
  const ole32::GuestText name(p, u"stdole2.tlb");
  const ole32::Scratch slot(p, 16 + p.isa->ptr);
  if (!name.addr || !slot.addr) return E_OUTOFMEMORY;
  int32_t hr = static_cast<int32_t>(p.call_export("oleaut32.dll", "LoadTypeLib", {name.addr, slot.addr}));
  if (hr < 0) return hr;
  const uint64_t lib = p.get_ptr(slot.addr);
  ole32::write_guid(slot.addr, iid);
  constexpr unsigned kGetTypeInfoOfGuid = 6;  // ITypeLib's, after GetTypeInfoCount, GetTypeInfo, GetTypeInfoType
  hr = static_cast<int32_t>(call_method(p, lib, kGetTypeInfoOfGuid, {slot.addr, slot.addr + 16}));
  if (hr >= 0) out = p.get_ptr(slot.addr + 16);
  call_method(p, lib, kRelease);
  return hr;
}

int32_t stdole_get_type_info(WindowsProcess& p, const GuidBytes& iid, uint32_t index, uint64_t out) {
  if (index != 0) return E_FAIL;
  uint64_t tinfo = 0;
  const int32_t hr = stdole_type_info(p, iid, tinfo);
  p.put_ptr(out, tinfo);
  return hr;
}

int32_t stdole_ids_of_names(WindowsProcess& p, const GuidBytes& iid, uint64_t names, uint32_t count, uint64_t ids) {
  if (count == 0) return E_INVALIDARG;
  uint64_t tinfo = 0;
  int32_t hr = stdole_type_info(p, iid, tinfo);
  if (hr < 0) return hr;
  hr = static_cast<int32_t>(p.call_export("oleaut32.dll", "DispGetIDsOfNames", {tinfo, names, count, ids}));
  call_method(p, tinfo, kRelease);
  return hr;
}

}  // namespace polyrun::shims::oleaut::tlb
