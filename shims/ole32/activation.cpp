// OLE32.dll: finding and making objects of a class. The class objects the program registered
// (CoRegisterClassObject, held until CoRevokeClassObject) come first; then in-process servers:
// the DLL HKEY_CLASSES_ROOT\CLSID\{clsid}\InprocServer32 (or InprocHandler32) names, loaded with
// KERNEL32's LoadLibraryEx and asked by its DllGetClassObject, and OLE32's own classes when that
// DLL is ole32.dll. A loaded server stays loaded until CoFreeUnusedLibraries(Ex) finds its
// DllCanUnloadNow saying S_OK. Its ThreadingModel is not consulted: the class object is made in
// the calling thread's apartment whatever the model (Windows would make an "Apartment" object of
// a multithreaded caller in a single-threaded host apartment). Local and remote servers (another
// process's class objects, through the service control manager) are not here: a class only they
// would serve is REGDB_E_CLASSNOTREG, Windows' answer for a class not registered in the contexts
// asked.
//
// Also: CoCreateInstance(Ex/FromApp), the TreatAs emulation (CoTreatAsClass, CoGetTreatAsClass),
// proxy/stub classes (CoGetPSClsid, CoRegisterPSClsid), the server's process reference count
// (CoAddRefServerProcess, CoReleaseServerProcess), suspended registrations (CoSuspendClassObjects,
// CoResumeClassObjects) and the libraries (CoLoadLibrary, CoFreeLibrary, CoFreeAllLibraries).
#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr GuidBytes kIidClassFactory = ole_iid(0x00000001);
constexpr unsigned kCreateInstance = 3;  // IClassFactory's, after IUnknown's three
constexpr uint32_t REGCLS_MULTIPLEUSE = 1, REGCLS_SUSPENDED = 4;
constexpr int32_t CO_E_OBJISREG = static_cast<int32_t>(0x800401fc);

// The class objects the program registered, each held with a reference until revoked.
struct RegisteredClass {
  GuidBytes clsid;
  uint64_t object = 0;
  uint32_t context = 0, flags = 0, cookie = 0;
  bool suspended = false;
};
std::vector<RegisteredClass> registered_classes;
uint32_t next_class_cookie = 1;
uint32_t server_process_refs = 0;

// The registered object of `clsid` in one of `context`'s contexts (0: none); a suspended one
// (REGCLS_SUSPENDED, until CoResumeClassObjects) serves only the process itself (in-process).
uint64_t registered_object(const GuidBytes& clsid, uint32_t context) {
  for (const RegisteredClass& c : registered_classes) {
    if (c.clsid != clsid || !(c.context & context)) continue;
    if (c.suspended && !(context & (CLSCTX_INPROC_SERVER | CLSCTX_INPROC_HANDLER))) continue;
    return c.object;
  }
  return 0;
}

// A DLL an in-process server was loaded from.
struct LoadedServer {
  uint64_t module = 0, get_class_object = 0, can_unload_now = 0;
};
std::map<std::u16string, LoadedServer> loaded_servers;  // by upper-case path

std::u16string upper(std::u16string s) {
  for (char16_t& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char16_t>(c - 'a' + 'A');
  return s;
}

uint64_t proc_address(WindowsProcess& p, uint64_t module, const char* name) {
  Scratch text(p, std::strlen(name) + 1);
  std::memcpy(guest_pointer(text.addr), name, std::strlen(name) + 1);
  return kernel32(p, "GetProcAddress", {module, text.addr});
}

// The expanded path of an InprocServer32/InprocHandler32 key's default value.
std::u16string expand(WindowsProcess& p, const std::u16string& path) {
  GuestText source(p, path);
  Scratch out(p, 2 * 1024);
  const uint64_t n = kernel32(p, "ExpandEnvironmentStringsW", {source.addr, out.addr, 1024});
  return n && n <= 1024 ? read_wide(out.addr) : path;
}

bool is_ole32(const std::u16string& path) {
  const std::u16string u = upper(path);
  const size_t slash = u.find_last_of(u"\\/");
  const std::u16string base = slash == std::u16string::npos ? u : u.substr(slash + 1);
  return base == u"OLE32.DLL" || base == u"OLE32" || base == u"COMBASE.DLL";
}

// The class object from the server DLL at `path`: its DllGetClassObject(clsid, iid, &out).
int32_t server_class_object(WindowsProcess& p, const std::u16string& raw_path, const GuidBytes& clsid,
                            const GuidBytes& iid, uint64_t& out) {
  out = 0;
  const std::u16string path = expand(p, raw_path);
  if (is_ole32(path)) return own_class_object(p, clsid, iid, out);
  LoadedServer& server = loaded_servers[upper(path)];
  if (!server.module) {
    GuestText name(p, path);
    constexpr uint32_t kLoadWithAlteredSearchPath = 8;
    server.module = kernel32(p, "LoadLibraryExW", {name.addr, 0, kLoadWithAlteredSearchPath});
    if (!server.module) {
      loaded_servers.erase(upper(path));
      return CO_E_DLLNOTFOUND;
    }
    server.get_class_object = proc_address(p, server.module, "DllGetClassObject");
    server.can_unload_now = proc_address(p, server.module, "DllCanUnloadNow");
    if (!server.get_class_object) {
      kernel32(p, "FreeLibrary", {server.module});
      loaded_servers.erase(upper(path));
      return CO_E_ERRORINDLL;
    }
  }
  Scratch args(p, 16 + 16 + 8);
  write_guid(args.addr, clsid);
  write_guid(args.addr + 16, iid);
  const int32_t hr = static_cast<int32_t>(p.call_guest(server.get_class_object, {args.addr, args.addr + 16, args.addr + 32}));
  if (!com::failed(hr)) out = p.get_ptr(args.addr + 32);
  return hr;
}

// The in-process server of a class under the registry key `subkey` (InprocServer32 or
// InprocHandler32): REGDB_E_CLASSNOTREG when the class or the key is missing.
int32_t registry_class_object(WindowsProcess& p, const GuidBytes& clsid, const std::u16string& subkey,
                              const GuidBytes& iid, uint64_t& out) {
  uint64_t key = 0;
  int32_t hr = open_clsid_key(p, clsid, subkey, key);
  if (hr == REGDB_E_KEYMISSING) return com::REGDB_E_CLASSNOTREG;
  if (com::failed(hr)) return hr;
  std::u16string path;
  const uint32_t rc = reg_string(p, key, u"", path);
  reg_close(p, key);
  if (rc != 0 || path.empty()) return com::REGDB_E_CLASSNOTREG;
  return server_class_object(p, path, clsid, iid, out);
}

// The classes built-in DLLs serve (ole32::add_builtin_server): clsid → the DLL.
std::map<GuidBytes, std::u16string>& builtin_servers() {
  static std::map<GuidBytes, std::u16string> m;
  return m;
}

// The class objects OLE32 serves itself whatever the registry says.
bool is_builtin_class(const GuidBytes& clsid) {
  constexpr GuidBytes kStdGlobalInterfaceTable = make_guid(0x00000323, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
  constexpr GuidBytes kInProcFreeMarshaler = make_guid(0x0000033a, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
  return clsid == kStdGlobalInterfaceTable || clsid == kInProcFreeMarshaler;
}

// CoGetClassObject(clsid, context, server_info, iid, &object).
int32_t CoGetClassObject(WindowsProcess& p, Ptr clsid, uint32_t context, Ptr, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  uint64_t object = 0;
  const int32_t hr = get_class_object(p, read_guid(clsid.addr), context, read_guid(iid.addr), object);
  p.put_ptr(out.addr, object);
  return hr;
}

// CoGetTreatAsClass(old, &new): the class HKCR\CLSID\{old}\TreatAs names (S_OK), or `old` itself
// when there is none (S_FALSE); E_INVALIDARG without either argument.
int32_t treat_as(WindowsProcess& p, const GuidBytes& old_clsid, GuidBytes& now) {
  now = old_clsid;
  uint64_t key = 0;
  if (com::failed(open_clsid_key(p, old_clsid, u"TreatAs", key))) return com::S_FALSE;
  std::u16string text;
  const uint32_t rc = reg_string(p, key, u"", text);
  reg_close(p, key);
  if (rc != 0) return com::S_FALSE;
  uint8_t bytes[16];
  if (!parse_guid(text.c_str(), bytes)) return com::CO_E_CLASSSTRING;
  std::memcpy(now.data(), bytes, 16);
  return com::S_OK;
}

int32_t CoGetTreatAsClass(WindowsProcess& p, Ptr old_clsid, Ptr out) {
  if (!old_clsid || !out) return com::E_INVALIDARG;
  GuidBytes now;
  const int32_t hr = treat_as(p, read_guid(old_clsid.addr), now);
  write_guid(out.addr, now);
  return hr;
}

// CoTreatAsClass(old, new): records (HKCR\CLSID\{old}\TreatAs) that `new` stands for `old`;
// CLSID_NULL as `new` removes it, and `new` equal to `old` restores the AutoTreatAs value if the
// class has one (removing TreatAs otherwise). REGDB_E_CLASSNOTREG when `old` is not registered,
// REGDB_E_WRITEREGDB when the registry refuses the change.
int32_t CoTreatAsClass(WindowsProcess& p, Ptr old_clsid, Ptr new_clsid) {
  const GuidBytes from = read_guid(old_clsid.addr), to = read_guid(new_clsid.addr);
  uint64_t key = 0;
  const uint32_t open = reg_open(p, 0, u"CLSID\\" + guid_text(from), key, true);
  if (open == 2) return com::REGDB_E_CLASSNOTREG;
  if (open != 0) return REGDB_E_READREGDB;
  int32_t hr = com::S_OK;
  if (from == to) {
    std::u16string automatic;
    uint8_t bytes[16];
    if (reg_string(p, key, u"AutoTreatAs", automatic) == 0 && parse_guid(automatic.c_str(), bytes)) {
      uint64_t treat = 0;
      if (reg_create(p, key, u"TreatAs", treat) != 0 || reg_set_string(p, treat, u"", automatic) != 0)
        hr = REGDB_E_WRITEREGDB;
      reg_close(p, treat);
    } else if (reg_delete_tree_value(p, key, u"TreatAs") != 0) {
      hr = REGDB_E_WRITEREGDB;
    }
  } else if (to == kGuidNull) {
    reg_delete_tree_value(p, key, u"TreatAs");
  } else {
    uint64_t treat = 0;
    if (reg_create(p, key, u"TreatAs", treat) != 0 || reg_set_string(p, treat, u"", guid_text(to)) != 0)
      hr = REGDB_E_WRITEREGDB;
    reg_close(p, treat);
  }
  reg_close(p, key);
  return hr;
}

// MULTI_QI: pIID, pItf (pointers), hr (32 bits), padded to the pointer size.
uint64_t multi_qi_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 24 : 12; }

// CoCreateInstanceEx(clsid, outer, context, server_info, count, results): the object made by the
// class object (the TreatAs class's where one is recorded) for the first interface, then each
// entry's interface asked of it: S_OK when all were found, CO_S_NOTALLINTERFACES when some,
// E_NOINTERFACE when none (each entry's hr says which).
int32_t create_instance_ex(WindowsProcess& p, uint64_t clsid_at, uint64_t outer, uint32_t context, uint32_t count,
                           uint64_t results) {
  if (!count || !results) return com::E_INVALIDARG;
  const uint64_t size = multi_qi_size(p), ptr = p.isa->ptr;
  for (uint32_t i = 0; i < count; ++i) {
    p.put_ptr(results + i * size + ptr, 0);
    put<int32_t>(results + i * size + 2 * ptr, com::E_NOINTERFACE);
  }
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  GuidBytes clsid;
  treat_as(p, read_guid(clsid_at), clsid);
  uint64_t factory = 0;
  int32_t hr = get_class_object(p, clsid, context, kIidClassFactory, factory);
  if (com::failed(hr)) return hr;
  Scratch made(p, 8);
  hr = static_cast<int32_t>(call_method(p, factory, kCreateInstance, {outer, p.get_ptr(results), made.addr}));
  call_method(p, factory, kRelease);
  if (com::failed(hr)) return hr;
  const uint64_t object = p.get_ptr(made.addr);
  uint32_t found = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t entry = results + i * size;
    uint64_t itf = 0;
    const int32_t qi = query_interface(p, object, read_guid(p.get_ptr(entry)), itf);
    put<int32_t>(entry + 2 * ptr, qi);
    p.put_ptr(entry + ptr, itf);
    if (!com::failed(qi)) ++found;
  }
  call_method(p, object, kRelease);
  if (found == count) return com::S_OK;
  return found ? CO_S_NOTALLINTERFACES : com::E_NOINTERFACE;
}

int32_t CoCreateInstanceEx(WindowsProcess& p, Ptr clsid, Ptr outer, uint32_t context, Ptr, uint32_t count,
                           Ptr results) {
  return create_instance_ex(p, clsid.addr, outer.addr, context, count, results.addr);
}

// CoCreateInstanceFromApp: CoCreateInstanceEx for a packaged application's classes; with no
// AppContainer here, every class a desktop program may make.
int32_t CoCreateInstanceFromApp(WindowsProcess& p, Ptr clsid, Ptr outer, uint32_t context, Ptr, uint32_t count,
                                Ptr results) {
  return create_instance_ex(p, clsid.addr, outer.addr, context, count, results.addr);
}

// CoCreateInstance(clsid, outer, context, iid, &object): the class object's CreateInstance for
// `iid` (the TreatAs class's where one is recorded); NULL stored and REGDB_E_CLASSNOTREG for a
// class neither registered by the program nor an in-process server; CO_E_NOTINITIALIZED on a
// thread outside every apartment; E_POINTER without the out-parameter.
int32_t CoCreateInstance(WindowsProcess& p, Ptr clsid, Ptr outer, uint32_t context, Ptr iid, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  if (!clsid || !iid) return com::E_INVALIDARG;
  GuidBytes wanted;
  treat_as(p, read_guid(clsid.addr), wanted);
  uint64_t factory = 0;
  int32_t hr = get_class_object(p, wanted, context, kIidClassFactory, factory);
  if (com::failed(hr)) return hr;
  hr = static_cast<int32_t>(call_method(p, factory, kCreateInstance, {outer.addr, iid.addr, out.addr}));
  call_method(p, factory, kRelease);
  return hr;
}

// CoRegisterClassObject(clsid, object, context, flags, &cookie): the object (a class factory)
// answers for the class in those contexts (REGCLS_MULTIPLEUSE adds the in-process one); its
// cookie for CoRevokeClassObject. A class registered already in one of the contexts is
// CO_E_OBJISREG, but for REGCLS_MULTIPLEUSE, which keeps the first registration (S_OK, cookie 0).
int32_t CoRegisterClassObject(WindowsProcess& p, Ptr clsid, Ptr object, uint32_t context, uint32_t flags, Ptr cookie) {
  if (!cookie) return com::E_INVALIDARG;
  put<uint32_t>(cookie.addr, 0);
  if (!clsid || !object) return com::E_INVALIDARG;
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  if (flags & REGCLS_MULTIPLEUSE) context |= CLSCTX_INPROC_SERVER;
  const GuidBytes id = read_guid(clsid.addr);
  if (registered_object(id, context)) return (flags & REGCLS_MULTIPLEUSE) ? com::S_OK : CO_E_OBJISREG;
  call_method(p, object.addr, kAddRef);
  registered_classes.push_back({id, object.addr, context, flags, next_class_cookie, (flags & REGCLS_SUSPENDED) != 0});
  put<uint32_t>(cookie.addr, next_class_cookie++);
  return com::S_OK;
}

// CoRevokeClassObject(cookie): the registration undone and its reference released; E_INVALIDARG
// for a cookie that names none.
int32_t CoRevokeClassObject(WindowsProcess& p, uint32_t cookie) {
  for (auto it = registered_classes.begin(); it != registered_classes.end(); ++it) {
    if (it->cookie != cookie) continue;
    const uint64_t object = it->object;
    registered_classes.erase(it);
    call_method(p, object, kRelease);
    return com::S_OK;
  }
  return com::E_INVALIDARG;
}

// CoSuspendClassObjects keeps every registration from serving other processes until
// CoResumeClassObjects, which also lifts REGCLS_SUSPENDED; the process's own requests are served
// throughout. S_OK.
int32_t CoSuspendClassObjects(WindowsProcess&) {
  for (RegisteredClass& c : registered_classes) c.suspended = true;
  return com::S_OK;
}
int32_t CoResumeClassObjects(WindowsProcess&) {
  for (RegisteredClass& c : registered_classes) c.suspended = false;
  return com::S_OK;
}

// CoAddRefServerProcess and CoReleaseServerProcess: the server's process-wide reference count,
// after the change.
uint32_t CoAddRefServerProcess(WindowsProcess&) { return ++server_process_refs; }
uint32_t CoReleaseServerProcess(WindowsProcess&) { return --server_process_refs; }

// CoLoadLibrary(path, autofree): LoadLibraryEx(path, LOAD_WITH_ALTERED_SEARCH_PATH), its module or
// NULL; CoFreeLibrary: FreeLibrary. CoFreeAllLibraries is a compatibility function that frees
// nothing (Microsoft: "for compatibility only"), as in Windows.
Ptr CoLoadLibrary(WindowsProcess& p, Ptr path, int32_t) {
  constexpr uint32_t kLoadWithAlteredSearchPath = 8;
  return Ptr(kernel32(p, "LoadLibraryExW", {path.addr, 0, kLoadWithAlteredSearchPath}));
}
void CoFreeLibrary(WindowsProcess& p, Ptr module) { kernel32(p, "FreeLibrary", {module.addr}); }
void CoFreeAllLibraries(WindowsProcess&) {}

// CoFreeUnusedLibrariesEx(delay, reserved): each server DLL loaded for a class object whose
// DllCanUnloadNow says S_OK is freed. (Windows waits out `delay` for a DLL of multithreaded
// objects; the objects here are made in the caller's apartment, so none is kept waiting.)
void CoFreeUnusedLibrariesEx(WindowsProcess& p, uint32_t, uint32_t) {
  if (!com_initialized()) return;
  for (auto it = loaded_servers.begin(); it != loaded_servers.end();) {
    const LoadedServer s = it->second;
    if (s.can_unload_now && static_cast<int32_t>(p.call_guest(s.can_unload_now, {})) == com::S_OK) {
      it = loaded_servers.erase(it);
      kernel32(p, "FreeLibrary", {s.module});
    } else {
      ++it;
    }
  }
}
void CoFreeUnusedLibraries(WindowsProcess& p) { CoFreeUnusedLibrariesEx(p, 0xffffffff, 0); }

// The proxy/stub classes of interfaces: those CoRegisterPSClsid recorded for the process, then
// HKCR\Interface\{iid}\ProxyStubClsid32. CO_E_NOTINITIALIZED outside COM, E_INVALIDARG without
// the out-parameter, REGDB_E_IIDNOTREG for an interface with neither.
std::vector<std::pair<GuidBytes, GuidBytes>> registered_proxy_stubs;

int32_t CoGetPSClsid(WindowsProcess& p, Ptr iid, Ptr out) {
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  if (!out) return com::E_INVALIDARG;
  const GuidBytes wanted = read_guid(iid.addr);
  for (const auto& [i, c] : registered_proxy_stubs) {
    if (i != wanted) continue;
    write_guid(out.addr, c);
    return com::S_OK;
  }
  const auto text = classes_string(p, u"Interface\\" + guid_text(wanted) + u"\\ProxyStubClsid32");
  uint8_t bytes[16];
  if (!text || !parse_guid(text->c_str(), bytes)) return REGDB_E_IIDNOTREG;
  std::memcpy(guest_pointer(out.addr), bytes, 16);
  return com::S_OK;
}

// CoRegisterPSClsid(iid, clsid): the proxy/stub class of the interface for this process (a later
// registration replaces an earlier one). CO_E_NOTINITIALIZED outside COM.
int32_t CoRegisterPSClsid(WindowsProcess&, Ptr iid, Ptr clsid) {
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  const GuidBytes i = read_guid(iid.addr), c = read_guid(clsid.addr);
  for (auto& entry : registered_proxy_stubs) {
    if (entry.first != i) continue;
    entry.second = c;
    return com::S_OK;
  }
  registered_proxy_stubs.emplace_back(i, c);
  return com::S_OK;
}

}  // namespace

int32_t ole32::get_class_object(WindowsProcess& p, const GuidBytes& clsid, uint32_t context, const GuidBytes& iid,
                                uint64_t& out) {
  out = 0;
  if ((context & CLSCTX_INPROC_SERVER) && is_builtin_class(clsid)) return own_class_object(p, clsid, iid, out);
  if (const uint64_t object = registered_object(clsid, context)) return query_interface(p, object, iid, out);
  int32_t hr = com::REGDB_E_CLASSNOTREG;
  if (context & CLSCTX_INPROC_SERVER) {
    hr = registry_class_object(p, clsid, u"InprocServer32", iid, out);
    if (!com::failed(hr)) return hr;
    if (auto it = builtin_servers().find(clsid); hr == com::REGDB_E_CLASSNOTREG && it != builtin_servers().end()) {
      hr = server_class_object(p, it->second, clsid, iid, out);
      if (!com::failed(hr)) return hr;
    }
  }
  if (context & CLSCTX_INPROC_HANDLER) {
    hr = registry_class_object(p, clsid, u"InprocHandler32", iid, out);
    if (!com::failed(hr)) return hr;
  }
  return hr;
}

void ole32::add_builtin_server(const GuidBytes& clsid, const char16_t* dll) { builtin_servers()[clsid] = dll; }

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_activation_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CoGetClassObject", CoGetClassObject),
      EXPORT("CoCreateInstance", CoCreateInstance),
      EXPORT("CoCreateInstanceEx", CoCreateInstanceEx),
      EXPORT("CoCreateInstanceFromApp", CoCreateInstanceFromApp),
      EXPORT("CoRegisterClassObject", CoRegisterClassObject),
      EXPORT("CoRevokeClassObject", CoRevokeClassObject),
      EXPORT("CoSuspendClassObjects", CoSuspendClassObjects),
      EXPORT("CoResumeClassObjects", CoResumeClassObjects),
      EXPORT("CoAddRefServerProcess", CoAddRefServerProcess),
      EXPORT("CoReleaseServerProcess", CoReleaseServerProcess),
      EXPORT("CoGetTreatAsClass", CoGetTreatAsClass),
      EXPORT("CoTreatAsClass", CoTreatAsClass),
      EXPORT("CoLoadLibrary", CoLoadLibrary),
      EXPORT("CoFreeLibrary", CoFreeLibrary),
      EXPORT("CoFreeAllLibraries", CoFreeAllLibraries),
      EXPORT("CoFreeUnusedLibraries", CoFreeUnusedLibraries),
      EXPORT("CoFreeUnusedLibrariesEx", CoFreeUnusedLibrariesEx),
      EXPORT("CoGetPSClsid", CoGetPSClsid),
      EXPORT("CoRegisterPSClsid", CoRegisterPSClsid),
  };
  return exports;
}

}  // namespace polyrun::shims
