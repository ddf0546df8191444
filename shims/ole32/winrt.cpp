// COMBASE.dll's Windows Runtime core (api-ms-win-core-winrt-l1-1-0, -error-): RoInitialize and
// RoUninitialize over COM's apartments; activation — RoGetActivationFactory finds a class's
// activation factory among those the process registered (RoRegisterActivationFactories), else by
// the class's registration (HKLM\Software\Microsoft\WindowsRuntime\ActivatableClassId\CLASS: an
// in-process server's DllPath, whose DllGetActivationFactory makes it), else the class is not
// registered (REGDB_E_CLASSNOTREG: polyrun installs no Windows Runtime classes); RoActivateInstance
// through the factory's IActivationFactory; the thread's restricted error object
// (Get/SetRestrictedErrorInfo) and the error-reporting flags.
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/ole32/com_object.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace ole32_winrt {

constexpr uint32_t RO_INIT_MULTITHREADED = 1, COINIT_APARTMENTTHREADED = 2;
constexpr int32_t CO_E_SERVER_EXEC_FAILURE = static_cast<int32_t>(0x80080005);
// IActivationFactory {00000035-0000-0000-C000-000000000046}: IInspectable's methods, then ActivateInstance.
constexpr GuidBytes kIidActivationFactory = {0x35, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46};
constexpr unsigned kActivateInstance = 6;

std::u16string hstring_text(WindowsProcess& p, uint64_t h) {
  if (!h) return {};
  const uint32_t n = get<uint32_t>(h + 4);
  std::u16string s(n, u'\0');
  const uint64_t at = p.get_ptr(h + 16);
  if (n) copy_guest(s.data(), guest_pointer(at), n * 2ull, at, false);
  return s;
}

int32_t RoInitialize(WindowsProcess& p, uint32_t type) {
  const uint32_t model = type == RO_INIT_MULTITHREADED ? 0 : COINIT_APARTMENTTHREADED;
  return static_cast<int32_t>(p.call_export("ole32.dll", "CoInitializeEx", {0, model}, 0));
}
void RoUninitialize(WindowsProcess& p) { p.call_export("ole32.dll", "CoUninitialize", {}, 0); }

// The factories the process registered: class name → PFNGETACTIVATIONFACTORY, with their cookie.
struct Registered {
  std::map<std::u16string, std::pair<uint64_t, uint64_t>> factories;  // name → (function, cookie)
  uint64_t next_cookie = 1;
};
Registered& registered() {
  static Registered r;
  return r;
}

// RoRegisterActivationFactories(classes, functions, count, &cookie).
int32_t RoRegisterActivationFactories(WindowsProcess& p, Ptr classes, Ptr functions, uint32_t count, Ptr cookie) {
  if (!classes || !functions || !count || !cookie) return E_INVALIDARG;
  const unsigned ps = p.isa->ptr;
  Registered& r = registered();
  const uint64_t c = r.next_cookie++;
  for (uint32_t i = 0; i < count; ++i) {
    const std::u16string name = hstring_text(p, p.get_ptr(classes.addr + i * ps));
    if (r.factories.count(name)) return static_cast<int32_t>(0x800401F8);  // CO_E_OBJISREG
  }
  for (uint32_t i = 0; i < count; ++i)
    r.factories[hstring_text(p, p.get_ptr(classes.addr + i * ps))] = {p.get_ptr(functions.addr + i * ps), c};
  p.put_ptr(cookie.addr, c);
  return S_OK;
}
void RoRevokeActivationFactories(WindowsProcess&, Ptr cookie) {
  auto& f = registered().factories;
  for (auto it = f.begin(); it != f.end();) it = it->second.second == cookie.addr ? f.erase(it) : std::next(it);
}

// A registry value of the class's registration: its text (REG_SZ) or number (REG_DWORD).
bool class_value(WindowsProcess& p, const std::u16string& cls, const char16_t* name, uint32_t rrf, std::vector<uint8_t>& out) {
  const uint64_t hklm = p.isa->ptr == 8 ? 0xffffffff80000002ull : 0x80000002ull;
  const std::u16string path = u"Software\\Microsoft\\WindowsRuntime\\ActivatableClassId\\" + cls;
  const std::u16string value = name;
  const uint64_t key = p.heap.alloc((path.size() + 1) * 2), v = p.heap.alloc((value.size() + 1) * 2),
                 data = p.heap.alloc(2048, true), size = p.heap.alloc(4, true);
  bool ok = false;
  if (key && v && data && size) {
    std::memcpy(guest_pointer(key), path.c_str(), (path.size() + 1) * 2);
    std::memcpy(guest_pointer(v), value.c_str(), (value.size() + 1) * 2);
    put<uint32_t>(size, 2048);
    ok = static_cast<uint32_t>(p.call_export("advapi32.dll", "RegGetValueW", {hklm, key, v, rrf, 0, data, size}, 2)) == 0;
    if (ok) out.assign(static_cast<uint8_t*>(guest_pointer(data)), static_cast<uint8_t*>(guest_pointer(data)) + get<uint32_t>(size));
  }
  for (uint64_t b : {key, v, data, size})
    if (b) p.heap.free(b);
  return ok;
}

// The class's activation factory as the interface `iid` (its HRESULT; `out` 0 when it failed).
int32_t activation_factory(WindowsProcess& p, uint64_t class_id, const GuidBytes& iid, uint64_t& out) {
  out = 0;
  const std::u16string cls = hstring_text(p, class_id);
  uint64_t factory = 0;
  auto it = registered().factories.find(cls);
  const uint64_t slot = p.heap.alloc(8, true);
  if (!slot) return E_OUTOFMEMORY;
  int32_t hr;
  if (it != registered().factories.end()) {
    hr = static_cast<int32_t>(p.call_guest(it->second.first, {class_id, slot}));
  } else {
    std::vector<uint8_t> dll_path, type;
    if (!class_value(p, cls, u"DllPath", 0x2 | 0x4 /* RRF_RT_REG_SZ | REG_EXPAND_SZ */, dll_path)) {
      p.heap.free(slot);
      return com::REGDB_E_CLASSNOTREG;
    }
    if (class_value(p, cls, u"ActivationType", 0x10 /* RRF_RT_REG_DWORD */, type) && type.size() == 4 && type[0] != 0) {
      p.heap.free(slot);
      return CO_E_SERVER_EXEC_FAILURE;  // (an out-of-process server: none runs here)
    }
    const uint64_t path = p.heap.alloc(dll_path.size() + 2, true);
    std::memcpy(guest_pointer(path), dll_path.data(), dll_path.size());
    const uint64_t module = p.call_export("kernel32.dll", "LoadLibraryW", {path}, 0);
    p.heap.free(path);
    if (!module) {
      p.heap.free(slot);
      return hresult_from_win32(static_cast<uint32_t>(p.call_export("kernel32.dll", "GetLastError", {}, 0)));
    }
    const uint64_t name = p.heap.alloc(32, true);
    std::memcpy(guest_pointer(name), "DllGetActivationFactory", 24);
    const uint64_t fn = p.call_export("kernel32.dll", "GetProcAddress", {module, name}, 0);
    p.heap.free(name);
    hr = fn ? static_cast<int32_t>(p.call_guest(fn, {class_id, slot})) : E_FAIL;
  }
  factory = p.get_ptr(slot);
  p.heap.free(slot);
  if (hr < 0 || !factory) return hr < 0 ? hr : E_FAIL;
  hr = query_interface(p, factory, iid, out);
  call_method(p, factory, kRelease);
  return hr;
}

int32_t RoGetActivationFactory(WindowsProcess& p, Ptr class_id, Ptr iid, Ptr factory) {
  if (!iid || !factory) return E_INVALIDARG;
  p.put_ptr(factory.addr, 0);
  if (!class_id) return E_INVALIDARG;
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  GuidBytes want;
  std::memcpy(want.data(), guest_pointer(iid.addr), 16);
  uint64_t out = 0;
  const int32_t hr = activation_factory(p, class_id.addr, want, out);
  p.put_ptr(factory.addr, out);
  return hr;
}

// RoActivateInstance(class, &instance): the factory's IActivationFactory::ActivateInstance.
int32_t RoActivateInstance(WindowsProcess& p, Ptr class_id, Ptr instance) {
  if (!instance) return E_POINTER;
  p.put_ptr(instance.addr, 0);
  if (!class_id) return E_INVALIDARG;
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  uint64_t factory = 0;
  int32_t hr = activation_factory(p, class_id.addr, kIidActivationFactory, factory);
  if (hr < 0) return hr;
  hr = static_cast<int32_t>(call_method(p, factory, kActivateInstance, {instance.addr}));
  call_method(p, factory, kRelease);
  return hr;
}

// RoGetApartmentIdentifier(&id): the apartment's identifier, of a thread in one.
int32_t RoGetApartmentIdentifier(WindowsProcess& p, Ptr id) {
  if (!id) return E_INVALIDARG;
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  put<uint64_t>(id.addr, apartment_kind() == 2 ? 0 : 0x100000000ull | p.thread().id);
  return S_OK;
}

// The thread's restricted error object (IRestrictedErrorInfo), held until taken.
thread_local uint64_t restricted_error = 0;
int32_t SetRestrictedErrorInfo(WindowsProcess& p, Ptr info) {
  if (info) call_method(p, info.addr, kAddRef);
  if (restricted_error) call_method(p, restricted_error, kRelease);
  restricted_error = info.addr;
  return S_OK;
}
// GetRestrictedErrorInfo(&info): the object, handed over (S_FALSE and NULL when there is none).
int32_t GetRestrictedErrorInfo(WindowsProcess& p, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, restricted_error);
  const bool had = restricted_error != 0;
  restricted_error = 0;
  return had ? S_OK : S_FALSE;
}

// RO_ERROR_REPORTING_FLAGS: the process's (RO_ERROR_REPORTING_USESETERRORINFO by default).
uint32_t reporting_flags = 0x4;
int32_t RoSetErrorReportingFlags(WindowsProcess&, uint32_t flags) {
  if (flags & ~0x1fu) return E_INVALIDARG;
  reporting_flags = flags;
  return S_OK;
}
int32_t RoGetErrorReportingFlags(WindowsProcess&, Ptr flags) {
  if (!flags) return E_POINTER;
  put<uint32_t>(flags.addr, reporting_flags);
  return S_OK;
}

}  // namespace ole32_winrt

const std::vector<Export>& ole32_winrt_exports() {
  using namespace ole32_winrt;
  static const std::vector<Export> exports = {
      EXPORT("RoInitialize", RoInitialize),
      EXPORT("RoUninitialize", RoUninitialize),
      EXPORT("RoGetActivationFactory", RoGetActivationFactory),
      EXPORT("RoActivateInstance", RoActivateInstance),
      EXPORT("RoRegisterActivationFactories", RoRegisterActivationFactories),
      EXPORT("RoRevokeActivationFactories", RoRevokeActivationFactories),
      EXPORT("RoGetApartmentIdentifier", RoGetApartmentIdentifier),
      EXPORT("SetRestrictedErrorInfo", SetRestrictedErrorInfo),
      EXPORT("GetRestrictedErrorInfo", GetRestrictedErrorInfo),
      EXPORT("RoSetErrorReportingFlags", RoSetErrorReportingFlags),
      EXPORT("RoGetErrorReportingFlags", RoGetErrorReportingFlags),
  };
  return exports;
}

}  // namespace polyrun::shims
