// CRYPT32's subject interface packages (SIPs): which package handles a file
// (CryptSIPRetrieveSubjectGuid, CryptSIPRetrieveSubjectGuidForCatalogFile), a package's functions
// (CryptSIPLoad) and the dispatchers that call them for a subject (CryptSIPGetSignedDataMsg,
// CryptSIPPutSignedDataMsg, CryptSIPRemoveSignedDataMsg, CryptSIPCreateIndirectData,
// CryptSIPVerifyIndirectData), and a package's registration (CryptSIPAddProvider,
// CryptSIPRemoveProvider).
//
// A package is registered as Windows registers it: for each function, the key
// HKLM\Software\Microsoft\Cryptography\OID\EncodingType 0\CryptSIPDll<function>\{GUID} with the
// values Dll and FuncName. The packages Windows installs with WINTRUST — PE images, cabinets and
// catalogs — are WINTRUST.DLL's functions of the same names where the registry names none. A
// package's DLL is loaded (LoadLibraryW) the first time a process asks for it, and stays.
//
// A file's package: "MZ" a PE image, "MSCF" a cabinet, a DER SEQUENCE whose length is the file's a
// catalog (also one of indefinite length, or a file over 64 KiB), else the first registered
// package whose CryptSIPDllIsMyFileType (then IsMyFileType2) says so; TRUST_E_SUBJECT_FORM_UNKNOWN
// otherwise.
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypt32/exports.h"

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace subject_packages {
namespace {

using stores::GuestScratch;

constexpr uint32_t kTrustESubjectFormUnknown = 0x800B0003;

struct Guid {
  uint8_t bytes[16];
  bool operator<(const Guid& o) const { return std::memcmp(bytes, o.bytes, 16) < 0; }
  bool operator==(const Guid& o) const { return std::memcmp(bytes, o.bytes, 16) == 0; }
};
Guid guid_at(uint64_t at) {
  Guid g;
  copy_guest(g.bytes, guest_pointer(at), 16, at, false);
  return g;
}
constexpr Guid make_guid(uint32_t a, uint16_t b, uint16_t c, uint64_t d) {
  Guid g{};
  for (int i = 0; i < 4; ++i) g.bytes[i] = static_cast<uint8_t>(a >> (8 * i));
  g.bytes[4] = static_cast<uint8_t>(b), g.bytes[5] = static_cast<uint8_t>(b >> 8);
  g.bytes[6] = static_cast<uint8_t>(c), g.bytes[7] = static_cast<uint8_t>(c >> 8);
  for (int i = 0; i < 8; ++i) g.bytes[8 + i] = static_cast<uint8_t>(d >> (8 * (7 - i)));
  return g;
}
// mssip.h's subject types.
constexpr Guid kPeImage = make_guid(0xC689AAB8, 0x8E78, 0x11D0, 0x8C4700C04FC295EEull);
constexpr Guid kCabinet = make_guid(0xC689AABA, 0x8E78, 0x11D0, 0x8C4700C04FC295EEull);
constexpr Guid kFlatImage = make_guid(0xDE351A42, 0x8E59, 0x11D0, 0x8C4700C04FC295EEull);
constexpr Guid kCatalog = make_guid(0xDE351A43, 0x8E59, 0x11D0, 0x8C4700C04FC295EEull);

// "{C689AAB8-8E78-11D0-8C47-00C04FC295EE}", as StringFromGUID2 writes it.
std::string guid_text(const Guid& g) {
  const uint8_t* b = g.bytes;
  char s[40];
  std::snprintf(s, sizeof s, "{%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X}", b[3], b[2], b[1], b[0],
                b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return s;
}

uint64_t k32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("kernel32.dll", name, args);
}
uint64_t reg(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("advapi32.dll", name, args);
}
uint64_t hklm(const WindowsProcess& p) { return p.isa->ptr == 8 ? 0xffffffff80000002ull : 0x80000002ull; }
uint64_t invalid_handle(const WindowsProcess& p) { return p.isa->ptr == 8 ? ~0ull : 0xffffffffull; }

// The registry key of a package's function ("GetSignedDataMsg" …).
std::u16string function_key(const char* function, const Guid& g) {
  return utf8_to_utf16(std::string("Software\\Microsoft\\Cryptography\\OID\\EncodingType 0\\CryptSIPDll") + function +
                       "\\" + guid_text(g));
}

// A string value of a registry key (HKLM\subkey), if there is one.
std::optional<std::u16string> registry_string(WindowsProcess& p, const std::u16string& subkey, const char16_t* value) {
  GuestScratch name(p, subkey), handle(p, 8), type(p, 4), size(p, 4), data(p, 1024), vname(p, std::u16string(value));
  if (!name.at || !data.at) return std::nullopt;
  if (static_cast<uint32_t>(reg(p, "RegOpenKeyExW", {hklm(p), name.at, 0, 0x20019, handle.at})) != 0) return std::nullopt;
  const uint64_t key = p.get_ptr(handle.at);
  put<uint32_t>(size.at, 1022);
  const uint32_t r = static_cast<uint32_t>(reg(p, "RegQueryValueExW", {key, vname.at, 0, type.at, data.at, size.at}));
  reg(p, "RegCloseKey", {key});
  if (r != 0) return std::nullopt;
  const uint32_t n = get<uint32_t>(size.at) / 2;
  std::u16string s(n, u'\0');
  copy_guest(s.data(), guest_pointer(data.at), n * 2, data.at, false);
  while (!s.empty() && s.back() == 0) s.pop_back();
  return s;
}

// The address of a DLL's export (the DLL loaded and kept); 0 when either is missing.
uint64_t load_function(WindowsProcess& p, const std::u16string& dll, const std::string& function) {
  GuestScratch name(p, dll), fname(p, function.size() + 1);
  if (!name.at || !fname.at) return 0;
  std::memcpy(guest_pointer(fname.at), function.c_str(), function.size() + 1);
  const uint64_t module = k32(p, "LoadLibraryW", {name.at});
  return module ? k32(p, "GetProcAddress", {module, fname.at}) : 0;
}

// A package's function: the registered one, else WINTRUST's of the same name for the packages it
// serves; 0 when there is none.
uint64_t package_function(WindowsProcess& p, const char* function, const Guid& g) {
  const std::u16string key = function_key(function, g);
  if (auto dll = registry_string(p, key, u"Dll"))
    if (auto name = registry_string(p, key, u"FuncName")) return load_function(p, *dll, utf16_to_utf8(*name));
  if (g == kPeImage || g == kCabinet || g == kCatalog || g == kFlatImage)
    return load_function(p, u"wintrust.dll", std::string("CryptSIP") + function);
  return 0;
}

// The five functions of a package, looked up once a process.
struct Package {
  uint64_t get = 0, put = 0, create = 0, verify = 0, remove = 0;
};
struct Packages : DllStateBase {
  std::map<Guid, Package> loaded;
};
const Package* load_package(WindowsProcess& p, const Guid& g) {
  auto& loaded = dll_state<Packages>(p).loaded;
  if (auto it = loaded.find(g); it != loaded.end()) return &it->second;
  Package k;
  k.get = package_function(p, "GetSignedDataMsg", g);
  k.put = package_function(p, "PutSignedDataMsg", g);
  k.create = package_function(p, "CreateIndirectData", g);
  k.verify = package_function(p, "VerifyIndirectData", g);
  k.remove = package_function(p, "RemoveSignedDataMsg", g);
  if (!k.get || !k.put || !k.create || !k.verify || !k.remove) return nullptr;
  return &(loaded[g] = k);
}
// The package a subject names (SIP_SUBJECTINFO's pgSubjectType), loaded before by CryptSIPLoad.
const Package* subject_package(WindowsProcess& p, Ptr subject) {
  if (!subject) return nullptr;
  const uint64_t type = p.get_ptr(subject.addr + p.isa->ptr);
  if (!type) return nullptr;
  auto& loaded = dll_state<Packages>(p).loaded;
  auto it = loaded.find(guid_at(type));
  return it == loaded.end() ? nullptr : &it->second;
}

// ---- a file's package ----

struct FileStart {
  bool read = false;
  uint8_t head[4] = {};
  uint32_t got = 0;
  uint64_t size = 0;
};
// The first four bytes of a file (by its handle, else its name) and its size; the handle given is
// left where it was.
FileStart file_start(WindowsProcess& p, WStr name, Ptr given) {
  FileStart f;
  uint64_t h = given.addr;
  const bool own = !given;
  if (own) {
    h = k32(p, "CreateFileW", {name.addr, 0x80000000u, 1, 0, 3, 0x80, 0});  // GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING
    if (h == invalid_handle(p)) return f;
  }
  GuestScratch buf(p, 16), moved(p, 8), count(p, 4);
  const bool x64 = p.isa->ptr == 8;
  if (x64) k32(p, "SetFilePointerEx", {h, 0, moved.at, 1});
  else k32(p, "SetFilePointerEx", {h, 0, 0, moved.at, 1});
  const uint64_t old = get<uint64_t>(moved.at);
  k32(p, "SetFilePointer", {h, 0, 0, 0});
  f.read = static_cast<uint32_t>(k32(p, "ReadFile", {h, buf.at, 4, count.at, 0})) != 0;
  f.got = get<uint32_t>(count.at);
  std::memcpy(f.head, guest_pointer(buf.at), 4);
  f.size = static_cast<uint32_t>(k32(p, "GetFileSize", {h, 0}));
  if (own) {
    k32(p, "CloseHandle", {h});
  } else if (x64) {
    k32(p, "SetFilePointerEx", {h, old, 0, 0});
  } else {
    k32(p, "SetFilePointerEx", {h, old & 0xffffffffu, old >> 32, 0, 0});
  }
  return f;
}

bool is_catalog(const FileStart& f) {
  if (f.head[0] != 0x30) return false;
  const uint8_t l = f.head[1];
  if (l < 0x80) return f.size == 2u + l;
  if (l == 0x80) return true;  // (an indefinite length: nothing to check it against)
  const unsigned n = l & 0x7f;
  if (n == 1 && f.size == 2u + n + f.head[2]) return true;
  if (n == 2 && f.size == 2u + n + (uint32_t{f.head[2]} << 8 | f.head[3])) return true;
  return f.size > 0xffff;
}

void put_guid(uint64_t at, const Guid& g) { copy_guest(guest_pointer(at), g.bytes, 16, at, true); }

// The registered packages' IsMyFileType (handle, GUID*) or, second, IsMyFileType2 (name, GUID*).
bool registered_file_type(WindowsProcess& p, WStr name, uint64_t handle, Ptr out) {
  for (const char* function : {"IsMyFileType", "IsMyFileType2"}) {
    const std::u16string base =
        utf8_to_utf16(std::string("Software\\Microsoft\\Cryptography\\OID\\EncodingType 0\\CryptSIPDll") + function);
    GuestScratch key_name(p, base), handle_out(p, 8), sub(p, 2 * 260), sub_size(p, 4);
    if (static_cast<uint32_t>(reg(p, "RegOpenKeyExW", {hklm(p), key_name.at, 0, 0x20019, handle_out.at})) != 0) continue;
    const uint64_t key = p.get_ptr(handle_out.at);
    std::vector<std::u16string> subkeys;
    for (uint32_t i = 0;; ++i) {
      put<uint32_t>(sub_size.at, 260);
      if (static_cast<uint32_t>(reg(p, "RegEnumKeyExW", {key, i, sub.at, sub_size.at, 0, 0, 0, 0})) != 0) break;
      subkeys.push_back(WStr{sub.at}.str());
    }
    reg(p, "RegCloseKey", {key});
    for (const std::u16string& s : subkeys) {
      const std::u16string path = base + u"\\" + s;
      auto dll = registry_string(p, path, u"Dll");
      auto fn_name = registry_string(p, path, u"FuncName");
      if (!dll || !fn_name) continue;
      const uint64_t fn = load_function(p, *dll, utf16_to_utf8(*fn_name));
      if (!fn) continue;
      const uint64_t first = function[12] == '2' ? name.addr : handle;
      if (static_cast<uint32_t>(p.call_guest(fn, {first, out.addr}))) return true;
    }
  }
  return false;
}

BOOL CryptSIPRetrieveSubjectGuid(WindowsProcess& p, WStr name, Ptr file, Ptr out) {
  if (!out || (!name.addr && !file)) return fail(p, ERROR_INVALID_PARAMETER);
  std::memset(guest_pointer(out.addr), 0, 16);
  const FileStart f = file_start(p, name, file);
  if (!f.read) return FALSE;  // (CreateFileW's or ReadFile's error)
  if (f.got < 4) return fail(p, ERROR_INVALID_PARAMETER);
  const Guid* g = nullptr;
  if (f.head[0] == 'M' && f.head[1] == 'Z') g = &kPeImage;
  else if (std::memcmp(f.head, "MSCF", 4) == 0) g = &kCabinet;
  else if (is_catalog(f)) g = &kCatalog;
  if (g) {
    put_guid(out.addr, *g);
    p.set_last_error(0);
    return TRUE;
  }
  uint64_t handle = file.addr;
  const bool own = !file;
  if (own) handle = k32(p, "CreateFileW", {name.addr, 0x80000000u, 1, 0, 3, 0x80, 0});
  const bool found = handle != invalid_handle(p) && registered_file_type(p, name, handle, out);
  if (own && handle != invalid_handle(p)) k32(p, "CloseHandle", {handle});
  if (found) return TRUE;
  return fail(p, kTrustESubjectFormUnknown);
}

// The packages a catalog lists files by: PE images, cabinets, and any other file as a flat one.
BOOL CryptSIPRetrieveSubjectGuidForCatalogFile(WindowsProcess& p, WStr name, Ptr file, Ptr out) {
  if (!out || (!name.addr && !file)) return fail(p, ERROR_INVALID_PARAMETER);
  std::memset(guest_pointer(out.addr), 0, 16);
  const FileStart f = file_start(p, name, file);
  if (!f.read) return FALSE;
  const Guid& g = f.got >= 2 && f.head[0] == 'M' && f.head[1] == 'Z'                 ? kPeImage
                  : f.got >= 4 && std::memcmp(f.head, "MSCF", 4) == 0 ? kCabinet
                                                                         : kFlatImage;
  put_guid(out.addr, g);
  p.set_last_error(0);
  return TRUE;
}

// ---- a package's functions ----

uint64_t own_function(WindowsProcess& p, const char* name) {
  const Export* e = kCrypt32.find(name);
  return e ? p.export_thunk(&kCrypt32, "crypt32.dll", name, e) : 0;
}

// SIP_DISPATCH_INFO {cbSize, hSIP, pfGet, pfPut, pfCreate, pfVerify, pfRemove}: CRYPT32's
// dispatchers, which call the package's functions.
BOOL CryptSIPLoad(WindowsProcess& p, Ptr subject, uint32_t flags, Ptr dispatch) {
  if (!subject || flags || !dispatch) return fail(p, ERROR_INVALID_PARAMETER);
  if (!load_package(p, guid_at(subject.addr))) return fail(p, kTrustESubjectFormUnknown);
  const unsigned w = p.isa->ptr;
  const uint64_t at = dispatch.addr;
  p.put_ptr(at + w, 0);
  p.put_ptr(at + 2 * w, own_function(p, "CryptSIPGetSignedDataMsg"));
  p.put_ptr(at + 3 * w, own_function(p, "CryptSIPPutSignedDataMsg"));
  p.put_ptr(at + 4 * w, own_function(p, "CryptSIPCreateIndirectData"));
  p.put_ptr(at + 5 * w, own_function(p, "CryptSIPVerifyIndirectData"));
  p.put_ptr(at + 6 * w, own_function(p, "CryptSIPRemoveSignedDataMsg"));
  return TRUE;
}

BOOL CryptSIPGetSignedDataMsg(WindowsProcess& p, Ptr subject, Ptr encoding, uint32_t index, Ptr size, Ptr data) {
  const Package* k = subject_package(p, subject);
  if (!k) return FALSE;
  return static_cast<BOOL>(p.call_guest(k->get, {subject.addr, encoding.addr, index, size.addr, data.addr}));
}
BOOL CryptSIPPutSignedDataMsg(WindowsProcess& p, Ptr subject, uint32_t encoding, Ptr index, uint32_t size, Ptr data) {
  const Package* k = subject_package(p, subject);
  if (!k) return FALSE;
  return static_cast<BOOL>(p.call_guest(k->put, {subject.addr, encoding, index.addr, size, data.addr}));
}
BOOL CryptSIPCreateIndirectData(WindowsProcess& p, Ptr subject, Ptr size, Ptr data) {
  if (!subject || !p.get_ptr(subject.addr + p.isa->ptr) || !size) return fail(p, ERROR_INVALID_PARAMETER);
  const Package* k = subject_package(p, subject);
  if (!k) return FALSE;
  return static_cast<BOOL>(p.call_guest(k->create, {subject.addr, size.addr, data.addr}));
}
BOOL CryptSIPVerifyIndirectData(WindowsProcess& p, Ptr subject, Ptr data) {
  const Package* k = subject_package(p, subject);
  if (!k) return FALSE;
  return static_cast<BOOL>(p.call_guest(k->verify, {subject.addr, data.addr}));
}
BOOL CryptSIPRemoveSignedDataMsg(WindowsProcess& p, Ptr subject, uint32_t index) {
  const Package* k = subject_package(p, subject);
  if (!k) return FALSE;
  return static_cast<BOOL>(p.call_guest(k->remove, {subject.addr, index}));
}

// ---- registration ----

// SIP_ADD_NEWPROVIDER {cbStruct, pgSubject, pwszDLLFileName, pwszMagicNumber, pwszIsFunctionName,
// pwszGetFuncName, pwszPutFuncName, pwszCreateFuncName, pwszVerifyFuncName, pwszRemoveFuncName,
// pwszIsFunctionNameFmt2 …}: the functions it names, by these keys.
constexpr struct {
  const char* key;
  unsigned field;  // the pointer's index after cbStruct
} kProviderFunctions[] = {{"IsMyFileType", 3},      {"GetSignedDataMsg", 4},   {"PutSignedDataMsg", 5},
                          {"CreateIndirectData", 6}, {"VerifyIndirectData", 7}, {"RemoveSignedDataMsg", 8},
                          {"IsMyFileType2", 9}};

bool set_function(WindowsProcess& p, const std::u16string& key, const std::u16string& dll, const std::u16string& function) {
  GuestScratch name(p, key), handle(p, 8);
  if (static_cast<uint32_t>(reg(p, "RegCreateKeyExW", {hklm(p), name.at, 0, 0, 0, 0xf003f, 0, handle.at, 0})) != 0) return false;
  const uint64_t h = p.get_ptr(handle.at);
  bool ok = true;
  for (const auto& [value, text] : {std::pair<std::u16string, std::u16string>{u"Dll", dll}, {u"FuncName", function}}) {
    GuestScratch vname(p, value), data(p, text);
    ok = ok && static_cast<uint32_t>(reg(p, "RegSetValueExW", {h, vname.at, 0, 1, data.at, 2 * (text.size() + 1)})) == 0;
  }
  reg(p, "RegCloseKey", {h});
  return ok;
}

BOOL CryptSIPAddProvider(WindowsProcess& p, Ptr provider) {
  const unsigned w = p.isa->ptr;
  const uint64_t field0 = provider.addr + w;  // (cbStruct, then the pointers, aligned)
  auto field = [&](unsigned i) { return p.get_ptr(field0 + i * w); };
  // Up to pwszIsFunctionNameFmt2, and the five functions every package has.
  if (!provider || get<uint32_t>(provider.addr) < w + 10 * w || !field(4) || !field(5) || !field(6) || !field(7) || !field(8))
    return fail(p, ERROR_INVALID_PARAMETER);
  const Guid g = guid_at(field(0));
  const std::u16string dll_name = WStr{field(1)}.str();
  for (const auto& f : kProviderFunctions) {
    const uint64_t name = field(f.field);
    if (!name) continue;
    if (!set_function(p, function_key(f.key, g), dll_name, WStr{name}.str())) return fail(p, ERROR_ACCESS_DENIED);
  }
  dll_state<Packages>(p).loaded.erase(g);
  return TRUE;
}

// Every function's key deleted; the last failure (a key that was not there too) is the answer.
BOOL CryptSIPRemoveProvider(WindowsProcess& p, Ptr subject) {
  if (!subject) return fail(p, ERROR_INVALID_PARAMETER);
  const Guid g = guid_at(subject.addr);
  uint32_t last = 0;
  for (const auto& f : kProviderFunctions) {
    GuestScratch name(p, function_key(f.key, g));
    if (const uint32_t r = static_cast<uint32_t>(reg(p, "RegDeleteKeyW", {hklm(p), name.at}))) last = r;
  }
  dll_state<Packages>(p).loaded.erase(g);
  if (last) return fail(p, last);
  return TRUE;
}

}  // namespace
}  // namespace subject_packages

const std::vector<Export>& subject_package_exports() {
  using namespace subject_packages;
  static const std::vector<Export> exports = {
      EXPORT("CryptSIPRetrieveSubjectGuid", CryptSIPRetrieveSubjectGuid),
      EXPORT("CryptSIPRetrieveSubjectGuidForCatalogFile", CryptSIPRetrieveSubjectGuidForCatalogFile),
      EXPORT("CryptSIPLoad", CryptSIPLoad),
      EXPORT("CryptSIPGetSignedDataMsg", CryptSIPGetSignedDataMsg),
      EXPORT("CryptSIPPutSignedDataMsg", CryptSIPPutSignedDataMsg),
      EXPORT("CryptSIPCreateIndirectData", CryptSIPCreateIndirectData),
      EXPORT("CryptSIPVerifyIndirectData", CryptSIPVerifyIndirectData),
      EXPORT("CryptSIPRemoveSignedDataMsg", CryptSIPRemoveSignedDataMsg),
      EXPORT("CryptSIPAddProvider", CryptSIPAddProvider),
      EXPORT("CryptSIPRemoveProvider", CryptSIPRemoveProvider),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
