// OLE32.dll: the threads' apartments (CoInitialize, CoInitializeEx, CoUninitialize), object
// creation, the process's security and the persistence helpers over the program's own streams.
//
// The classes CoCreateInstance knows are those the program registered itself with
// CoRegisterClassObject (its own class factories): polyrun has no COM servers, and loads none from
// the registry, so for any other class it answers as Windows does for a class that is not
// registered, and no proxy is ever handed out. The program's own objects work: OleSaveToStream,
// OleLoadFromStream and CoSetProxyBlanket call their methods.
#include <cstring>
#include <vector>

#include "shims/ole32/com_object.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

// The calling thread's apartment: how many CoInitialize(Ex) calls it has not yet undone, and
// whether it is the multithreaded apartment (COINIT_MULTITHREADED) or a single-threaded one.
struct Apartment {
  uint32_t inits = 0;
  bool multithreaded = false;
};
thread_local Apartment apartment;
// Threads in the process's multithreaded apartment: while there are some, a thread that never
// called CoInitialize(Ex) is in it too (its implicit member), and may use COM.
int mta_threads = 0;
bool security_initialized = false;

constexpr uint32_t COINIT_APARTMENTTHREADED = 0x2;

// CoInitializeEx(reserved, model): S_OK when the thread enters an apartment, S_FALSE when it is
// already in one of that model (counted: each needs its CoUninitialize), RPC_E_CHANGED_MODE when it
// is in the other one (not counted).
int32_t CoInitializeEx(WindowsProcess&, Ptr, uint32_t model) {
  const bool multithreaded = !(model & COINIT_APARTMENTTHREADED);
  if (apartment.inits > 0) {
    if (apartment.multithreaded != multithreaded) return com::RPC_E_CHANGED_MODE;
    ++apartment.inits;
    return com::S_FALSE;
  }
  apartment.inits = 1;
  apartment.multithreaded = multithreaded;
  if (multithreaded) ++mta_threads;
  return com::S_OK;
}

// CoInitialize: a single-threaded apartment.
int32_t CoInitialize(WindowsProcess& p, Ptr reserved) { return CoInitializeEx(p, reserved, COINIT_APARTMENTTHREADED); }

// CoUninitialize: undoes one CoInitialize(Ex); the last leaves the apartment. One too many does
// nothing.
void CoUninitialize(WindowsProcess&) {
  if (apartment.inits == 0) return;
  if (--apartment.inits == 0 && apartment.multithreaded) --mta_threads;
}

// OleInitialize: a single-threaded apartment (S_FALSE when the thread is in one already,
// RPC_E_CHANGED_MODE in a multithreaded one), as CoInitializeEx gives; OLE's clipboard and drag
// and drop need nothing more here. OleUninitialize undoes it.
int32_t OleInitialize(WindowsProcess& p, Ptr reserved) { return CoInitializeEx(p, reserved, COINIT_APARTMENTTHREADED); }
void OleUninitialize(WindowsProcess& p) { CoUninitialize(p); }

// The class objects the program registered (CoRegisterClassObject), each held with a reference
// until CoRevokeClassObject.
struct RegisteredClass {
  GuidBytes clsid;
  uint64_t object = 0;
  uint32_t context = 0, cookie = 0;
};
std::vector<RegisteredClass> registered_classes;
uint32_t next_class_cookie = 1;

GuidBytes read_guid(uint64_t at) {
  GuidBytes g{};
  std::memcpy(g.data(), guest_pointer(at), g.size());
  return g;
}

constexpr GuidBytes kIidIClassFactory = make_guid(0x00000001, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr unsigned kFactoryCreateInstance = 3;  // after IUnknown's three

// CoRegisterClassObject(clsid, object, context, flags, &cookie): the object (a class factory)
// answers CoCreateInstance for the class in those contexts; its cookie for CoRevokeClassObject.
int32_t CoRegisterClassObject(WindowsProcess& p, Ptr clsid, Ptr object, uint32_t context, uint32_t, Ptr cookie) {
  if (!cookie) return com::E_INVALIDARG;
  put<uint32_t>(cookie.addr, 0);
  if (!clsid || !object) return com::E_INVALIDARG;
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  call_method(p, object.addr, kAddRef);
  registered_classes.push_back({read_guid(clsid.addr), object.addr, context, next_class_cookie});
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

// CoCreateInstance(clsid, outer, context, iid, &object): a class the program registered in one of
// those contexts made by its factory (IClassFactory::CreateInstance); NULL stored and
// REGDB_E_CLASSNOTREG for every other class, as for one that is not registered;
// CO_E_NOTINITIALIZED on a thread outside every apartment; E_POINTER without the out-parameter.
int32_t CoCreateInstance(WindowsProcess& p, Ptr clsid, Ptr outer, uint32_t context, Ptr iid, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  if (!clsid || !iid) return com::E_INVALIDARG;
  const GuidBytes wanted = read_guid(clsid.addr);
  for (const RegisteredClass& c : registered_classes) {
    if (c.clsid != wanted || !(c.context & context)) continue;
    uint64_t factory = 0;
    int32_t hr = query_interface(p, c.object, kIidIClassFactory, factory);
    if (com::failed(hr)) return hr;
    hr = static_cast<int32_t>(call_method(p, factory, kFactoryCreateInstance, {outer.addr, iid.addr, out.addr}));
    call_method(p, factory, kRelease);
    return hr;
  }
  return com::REGDB_E_CLASSNOTREG;
}

// CoInitializeSecurity: the process's security is set once; every later call is RPC_E_TOO_LATE
// ("CoInitializeSecurity has already been called", Microsoft's page). With no COM server or proxy
// here, the values themselves are never used.
int32_t CoInitializeSecurity(WindowsProcess&, Ptr, int32_t, Ptr, Ptr, uint32_t, uint32_t, Ptr, uint32_t, Ptr) {
  if (security_initialized) return com::RPC_E_TOO_LATE;
  security_initialized = true;
  return com::S_OK;
}

// CoSetProxyBlanket: IClientSecurity::SetBlanket of the proxy, which only a proxy has (an object
// of the process's own answers E_NOINTERFACE to the query, and that is the result).
constexpr GuidBytes kIidIClientSecurity = make_guid(0x0000013d, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr unsigned kSetBlanket = 4;  // after IUnknown's three and QueryBlanket
int32_t CoSetProxyBlanket(WindowsProcess& p, Ptr proxy, uint32_t authn, uint32_t authz, Ptr server, uint32_t level,
                          uint32_t impersonation, Ptr auth_info, uint32_t capabilities) {
  if (!proxy) return com::E_INVALIDARG;
  uint64_t security = 0;
  int32_t hr = query_interface(p, proxy.addr, kIidIClientSecurity, security);
  if (com::failed(hr)) return hr;
  hr = static_cast<int32_t>(call_method(p, security, kSetBlanket,
                                        {proxy.addr, authn, authz, server.addr, level, impersonation, auth_info.addr,
                                         capabilities}));
  call_method(p, security, kRelease);
  return hr;
}

// IStream's Read and Write (after IUnknown's three), and IPersistStream's GetClassID (IPersist's)
// and Save.
constexpr unsigned kStreamRead = 3, kStreamWrite = 4;
constexpr unsigned kPersistGetClassId = 3, kPersistSave = 6;

// ReadClassStm: the CLSID at the stream's position (STG_E_READFAULT when fewer than 16 bytes are
// there), into `clsid` (guest memory).
int32_t read_class(WindowsProcess& p, uint64_t stream, uint64_t clsid) {
  const uint64_t count = p.heap.alloc(4, true);
  if (!count) return com::E_OUTOFMEMORY;
  std::memset(guest_pointer(clsid), 0, 16);
  int32_t hr = static_cast<int32_t>(call_method(p, stream, kStreamRead, {clsid, 16, count}));
  if (!com::failed(hr) && get<uint32_t>(count) != 16) hr = com::STG_E_READFAULT;
  else if (!com::failed(hr)) hr = com::S_OK;
  p.heap.free(count);
  return hr;
}

// OleLoadFromStream(stream, iid, &object): reads the object's CLSID from the stream, creates it
// (CoCreateInstance, in-process: a class the program registered) and has it load the rest
// (IPersistStream::Load); an error leaves no object.
constexpr GuidBytes kIidIPersistStream = make_guid(0x00000109, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr unsigned kPersistLoad = 5;
int32_t OleLoadFromStream(WindowsProcess& p, Ptr stream, Ptr iid, Ptr out) {
  if (!stream) return com::E_INVALIDARG;
  const uint64_t clsid = p.heap.alloc(16);
  if (!clsid) return com::E_OUTOFMEMORY;
  int32_t hr = read_class(p, stream.addr, clsid);
  constexpr uint32_t kClsctxInprocServer = 1;
  if (!com::failed(hr)) hr = CoCreateInstance(p, Ptr(clsid), Ptr(0), kClsctxInprocServer, iid, out);
  p.heap.free(clsid);
  if (com::failed(hr) || !out) return hr;
  const uint64_t object = p.get_ptr(out.addr);
  uint64_t persist = 0;
  hr = query_interface(p, object, kIidIPersistStream, persist);
  if (!com::failed(hr)) {
    hr = static_cast<int32_t>(call_method(p, persist, kPersistLoad, {stream.addr}));
    call_method(p, persist, kRelease);
  }
  if (com::failed(hr)) {
    call_method(p, object, kRelease);
    p.put_ptr(out.addr, 0);
  }
  return hr;
}

// OleSaveToStream(object, stream): the object's CLSID (IPersist::GetClassID) written to the stream
// (WriteClassStm), then IPersistStream::Save(stream, TRUE); OLE_E_BLANK without an object.
int32_t OleSaveToStream(WindowsProcess& p, Ptr object, Ptr stream) {
  if (!object) return com::OLE_E_BLANK;
  const uint64_t clsid = p.heap.alloc(16, true);
  if (!clsid) return com::E_OUTOFMEMORY;
  int32_t hr = static_cast<int32_t>(call_method(p, object.addr, kPersistGetClassId, {clsid}));
  if (!com::failed(hr)) {
    hr = stream ? static_cast<int32_t>(call_method(p, stream.addr, kStreamWrite, {clsid, 16, 0})) : com::E_INVALIDARG;
    if (!com::failed(hr)) hr = static_cast<int32_t>(call_method(p, object.addr, kPersistSave, {stream.addr, 1}));
  }
  p.heap.free(clsid);
  return hr;
}

}  // namespace

bool com_initialized() { return apartment.inits > 0 || mta_threads > 0; }

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_apartment_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CoInitialize", CoInitialize),
      EXPORT("CoInitializeEx", CoInitializeEx),
      EXPORT("CoUninitialize", CoUninitialize),
      EXPORT("OleInitialize", OleInitialize),
      EXPORT("OleUninitialize", OleUninitialize),
      EXPORT("CoCreateInstance", CoCreateInstance),
      EXPORT("CoRegisterClassObject", CoRegisterClassObject),
      EXPORT("CoRevokeClassObject", CoRevokeClassObject),
      EXPORT("CoInitializeSecurity", CoInitializeSecurity),
      EXPORT("CoSetProxyBlanket", CoSetProxyBlanket),
      EXPORT("OleLoadFromStream", OleLoadFromStream),
      EXPORT("OleSaveToStream", OleSaveToStream),
  };
  return exports;
}

}  // namespace polyrun::shims
