// OLE32.dll: the threads' apartments (CoInitialize, CoInitializeEx, CoUninitialize, with the
// thread's IInitializeSpy objects told of each), the process's multithreaded apartment (kept alive
// by its threads and by CoIncrementMTAUsage), what a thread asks of its apartment
// (CoGetApartmentType, CoGetContextToken and CoGetObjectContext's context object), its message
// filter (CoRegisterMessageFilter) and its waits (CoWaitForMultipleHandles: a single-threaded
// apartment keeps dispatching its messages meanwhile), and the persistence helpers over the
// program's own streams (OleLoadFromStream, OleSaveToStream). Finding and making objects is in
// ole32/activation.cpp.
#include <cstring>
#include <map>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

// The calling thread's apartment: how many CoInitialize(Ex) calls it has not yet undone, and
// whether it is the multithreaded apartment (COINIT_MULTITHREADED) or a single-threaded one.
struct Apartment {
  uint32_t inits = 0;
  bool multithreaded = false;
  bool main = false;  // the process's first single-threaded apartment (APTTYPE_MAINSTA)
  uint64_t id = 0;    // a single-threaded apartment's number (the multithreaded one is 0)
};
thread_local Apartment apartment;
// Threads in the process's multithreaded apartment and CoIncrementMTAUsage's cookies: while there
// are some, a thread that never called CoInitialize(Ex) is in it too (its implicit member), and
// may use COM.
int mta_threads = 0;
std::vector<uint64_t> mta_usage_cookies;
bool main_sta_taken = false;
uint64_t next_sta_id = 1, main_sta_id = 0;
bool security_initialized = false;

constexpr uint32_t COINIT_APARTMENTTHREADED = 0x2;

// The thread's IInitializeSpy objects (CoRegisterInitializeSpy), each with its cookie's number.
struct InitSpy {
  uint32_t id;
  uint64_t spy;
};
thread_local std::vector<InitSpy> init_spies;
// IInitializeSpy's methods after IUnknown's three.
constexpr unsigned kPreInitialize = 3, kPostInitialize = 4, kPreUninitialize = 5, kPostUninitialize = 6;
constexpr GuidBytes kIidIInitializeSpy = make_guid(0x00000034, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});

int32_t enter_apartment(bool multithreaded) {
  if (apartment.inits > 0) {
    if (apartment.multithreaded != multithreaded) return com::RPC_E_CHANGED_MODE;
    ++apartment.inits;
    return com::S_FALSE;
  }
  apartment.inits = 1;
  apartment.multithreaded = multithreaded;
  apartment.id = multithreaded ? 0 : next_sta_id++;
  if (multithreaded) {
    ++mta_threads;
  } else if (!main_sta_taken) {
    main_sta_taken = apartment.main = true;
    main_sta_id = apartment.id;
  }
  return com::S_OK;
}

// CoInitializeEx(reserved, model): S_OK when the thread enters an apartment, S_FALSE when it is
// already in one of that model (counted: each needs its CoUninitialize), RPC_E_CHANGED_MODE when it
// is in the other one (not counted). The thread's spies see the call before (PreInitialize) and
// after (PostInitialize, whose result becomes the result).
int32_t CoInitializeEx(WindowsProcess& p, Ptr, uint32_t model) {
  const bool multithreaded = !(model & COINIT_APARTMENTTHREADED);
  const std::vector<InitSpy> spies = init_spies;
  for (const InitSpy& s : spies) call_method(p, s.spy, kPreInitialize, {model, apartment.inits});
  int32_t hr = enter_apartment(multithreaded);
  for (const InitSpy& s : spies)
    hr = static_cast<int32_t>(call_method(p, s.spy, kPostInitialize, {static_cast<uint32_t>(hr), model, apartment.inits}));
  return hr;
}

// CoInitialize: a single-threaded apartment.
int32_t CoInitialize(WindowsProcess& p, Ptr reserved) { return CoInitializeEx(p, reserved, COINIT_APARTMENTTHREADED); }

// CoUninitialize: undoes one CoInitialize(Ex); the last leaves the apartment. One too many does
// nothing (but for the spies, which see it).
void CoUninitialize(WindowsProcess& p) {
  const std::vector<InitSpy> spies = init_spies;
  for (const InitSpy& s : spies) call_method(p, s.spy, kPreUninitialize, {apartment.inits});
  if (apartment.inits > 0 && --apartment.inits == 0) {
    if (apartment.multithreaded) --mta_threads;
    if (apartment.main) {
      main_sta_taken = apartment.main = false;
      main_sta_id = 0;
    }
  }
  for (const InitSpy& s : init_spies) call_method(p, s.spy, kPostUninitialize, {apartment.inits});
}

// OleInitialize: a single-threaded apartment (RPC_E_CHANGED_MODE in a multithreaded one), as
// CoInitializeEx gives, and OLE's own initialization: S_OK at the thread's first OleInitialize,
// S_FALSE at a later one. OleUninitialize undoes it.
thread_local uint32_t ole_inits = 0;
int32_t OleInitialize(WindowsProcess& p, Ptr reserved) {
  const int32_t hr = CoInitializeEx(p, reserved, COINIT_APARTMENTTHREADED);
  if (com::failed(hr)) return hr;
  return ole_inits++ == 0 ? com::S_OK : com::S_FALSE;
}
void OleUninitialize(WindowsProcess& p) {
  if (ole_inits) --ole_inits;
  CoUninitialize(p);
}

// CoRegisterInitializeSpy(spy, &cookie): the spy's IInitializeSpy (held) sees the thread's
// CoInitialize(Ex) and CoUninitialize calls; the cookie is the thread's id (high part) and the
// smallest number the thread's spies do not use (low part). CoRevokeInitializeSpy(cookie) releases
// it; E_INVALIDARG for a cookie of another thread or one that names no spy.
int32_t CoRegisterInitializeSpy(WindowsProcess& p, Ptr spy, Ptr cookie) {
  if (!spy || !cookie) return com::E_INVALIDARG;
  uint64_t object = 0;
  const int32_t hr = query_interface(p, spy.addr, kIidIInitializeSpy, object);
  if (com::failed(hr)) return hr;
  uint32_t id = 0;
  for (bool used = true; used; ) {
    used = false;
    for (const InitSpy& s : init_spies)
      if (s.id == id) used = true;
    if (used) ++id;
  }
  init_spies.insert(init_spies.begin(), InitSpy{id, object});
  put<uint32_t>(cookie.addr, id);
  put<uint32_t>(cookie.addr + 4, static_cast<uint32_t>(kernel32(p, "GetCurrentThreadId", {})));
  return com::S_OK;
}

int32_t CoRevokeInitializeSpy(WindowsProcess& p, uint64_t cookie) {
  if (static_cast<uint32_t>(cookie >> 32) != static_cast<uint32_t>(kernel32(p, "GetCurrentThreadId", {})))
    return com::E_INVALIDARG;
  for (auto it = init_spies.begin(); it != init_spies.end(); ++it) {
    if (it->id != static_cast<uint32_t>(cookie)) continue;
    const uint64_t spy = it->spy;
    init_spies.erase(it);
    call_method(p, spy, kRelease);
    return com::S_OK;
  }
  return com::E_INVALIDARG;
}

// CoIncrementMTAUsage(&cookie): keeps the multithreaded apartment alive (its implicit members may
// use COM) until CoDecrementMTAUsage(cookie). The cookie is a block of the process's.
int32_t CoIncrementMTAUsage(WindowsProcess& p, Ptr out) {
  p.put_ptr(out.addr, 0);
  const uint64_t cookie = p.heap.alloc(p.isa->ptr, true);
  if (!cookie) return com::E_OUTOFMEMORY;
  mta_usage_cookies.push_back(cookie);
  p.put_ptr(out.addr, cookie);
  return com::S_OK;
}
int32_t CoDecrementMTAUsage(WindowsProcess& p, Ptr cookie) {
  for (auto it = mta_usage_cookies.begin(); it != mta_usage_cookies.end(); ++it) {
    if (*it != cookie.addr) continue;
    mta_usage_cookies.erase(it);
    p.heap.free(cookie.addr);
    break;
  }
  return com::S_OK;
}

// APTTYPE and APTTYPEQUALIFIER values.
constexpr int32_t APTTYPE_CURRENT = -1, APTTYPE_STA = 0, APTTYPE_MTA = 1, APTTYPE_MAINSTA = 3;
constexpr uint32_t APTTYPEQUALIFIER_NONE = 0, APTTYPEQUALIFIER_IMPLICIT_MTA = 1;

// CoGetApartmentType(&type, &qualifier): the thread's apartment; a thread in none is the implicit
// member of the multithreaded apartment while there is one, and else APTTYPE_CURRENT with
// CO_E_NOTINITIALIZED.
int32_t apartment_type(int32_t& type, uint32_t& qualifier) {
  qualifier = APTTYPEQUALIFIER_NONE;
  if (apartment.inits) {
    type = apartment.multithreaded ? APTTYPE_MTA : apartment.main ? APTTYPE_MAINSTA : APTTYPE_STA;
    return com::S_OK;
  }
  if (mta_threads > 0 || !mta_usage_cookies.empty()) {
    type = APTTYPE_MTA;
    qualifier = APTTYPEQUALIFIER_IMPLICIT_MTA;
    return com::S_OK;
  }
  type = APTTYPE_CURRENT;
  return com::CO_E_NOTINITIALIZED;
}

int32_t CoGetApartmentType(WindowsProcess&, Ptr type, Ptr qualifier) {
  if (!type || !qualifier) return com::E_INVALIDARG;
  int32_t t;
  uint32_t q;
  const int32_t hr = apartment_type(t, q);
  put<int32_t>(type.addr, t);
  put<uint32_t>(qualifier.addr, q);
  return hr;
}

// The apartments' (default) context objects (CoGetContextToken's token, CoGetObjectContext's and
// CoGetDefaultContext's object): one block of three interface pointers — IObjContext (the token),
// IComThreadingInfo (its IUnknown), IContextCallback — for each apartment (the multithreaded one's
// shared by its threads), made at its first request and kept for the process's life (the token
// holds no reference). There are no COM+ contexts here, so an apartment's context is its default
// context.
constexpr GuidBytes kIidIComThreadingInfo = make_guid(0x000001ce, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr GuidBytes kIidIContextCallback = make_guid(0x000001da, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr GuidBytes kIidIObjContext = make_guid(0x000001c6, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
std::map<uint64_t, uint64_t> context_objects;  // by apartment number
std::map<uint64_t, uint32_t> context_refs;     // by block

// The block an interface pointer of a context object belongs to.
uint64_t context_base(WindowsProcess& p, uint64_t itf) {
  for (unsigned k = 0; k < 3; ++k)
    if (context_refs.count(itf - k * p.isa->ptr)) return itf - k * p.isa->ptr;
  touch_guest_byte(0);
  return 0;
}

int32_t Context_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_POINTER;
  const unsigned ptr = p.isa->ptr;
  const uint64_t context_object = context_base(p, self.addr);
  uint64_t result = 0;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIComThreadingInfo)) result = context_object + ptr;
  else if (guid_is(iid.addr, kIidIContextCallback)) result = context_object + 2 * ptr;
  else if (guid_is(iid.addr, kIidIObjContext)) result = context_object;
  p.put_ptr(out.addr, result);
  if (!result) return com::E_NOINTERFACE;
  ++context_refs[context_object];
  return com::S_OK;
}
uint32_t Context_AddRef(WindowsProcess& p, Ptr self) { return ++context_refs[context_base(p, self.addr)]; }
uint32_t Context_Release(WindowsProcess& p, Ptr self) {
  uint32_t& refs = context_refs[context_base(p, self.addr)];
  return refs ? --refs : 0;
}

// IComThreadingInfo: the apartment's type, the thread's (THDTYPE_PROCESSMESSAGES in a
// single-threaded apartment, THDTYPE_BLOCKMESSAGES otherwise), its logical thread id.
int32_t Context_GetCurrentApartmentType(WindowsProcess&, Ptr, Ptr out) {
  int32_t t;
  uint32_t q;
  const int32_t hr = apartment_type(t, q);
  put<int32_t>(out.addr, t);
  return hr;
}
int32_t Context_GetCurrentThreadType(WindowsProcess&, Ptr, Ptr out) {
  int32_t t;
  uint32_t q;
  const int32_t hr = apartment_type(t, q);
  if (com::failed(hr)) return hr;
  constexpr uint32_t THDTYPE_BLOCKMESSAGES = 0, THDTYPE_PROCESSMESSAGES = 1;
  put<uint32_t>(out.addr, t == APTTYPE_STA || t == APTTYPE_MAINSTA ? THDTYPE_PROCESSMESSAGES : THDTYPE_BLOCKMESSAGES);
  return com::S_OK;
}
int32_t Context_GetCurrentLogicalThreadId(WindowsProcess& p, Ptr, Ptr out) {
  return static_cast<int32_t>(p.call_export("ole32.dll", "CoGetCurrentLogicalThreadId", {out.addr}));
}

// IContextCallback::ContextCallback(callback, data, iid, method, unknown): the caller is in this
// context already, so the callback runs here and now; its result is the result.
int32_t Context_ContextCallback(WindowsProcess& p, Ptr, Ptr callback, Ptr data, Ptr, int32_t, Ptr) {
  if (!callback) return com::E_INVALIDARG;
  return static_cast<int32_t>(p.call_guest(callback.addr, {data.addr}));
}

const std::vector<Export>& threading_info_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IComThreadingInfo::QueryInterface", Context_QueryInterface),
      EXPORT("IComThreadingInfo::AddRef", Context_AddRef),
      EXPORT("IComThreadingInfo::Release", Context_Release),
      EXPORT("IComThreadingInfo::GetCurrentApartmentType", Context_GetCurrentApartmentType),
      EXPORT("IComThreadingInfo::GetCurrentThreadType", Context_GetCurrentThreadType),
      EXPORT("IComThreadingInfo::GetCurrentLogicalThreadId", Context_GetCurrentLogicalThreadId),
      missing_method("IComThreadingInfo::SetCurrentLogicalThreadId"),
  };
  return methods;
}
const std::vector<Export>& context_callback_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IContextCallback::QueryInterface", Context_QueryInterface),
      EXPORT("IContextCallback::AddRef", Context_AddRef),
      EXPORT("IContextCallback::Release", Context_Release),
      EXPORT("IContextCallback::ContextCallback", Context_ContextCallback),
  };
  return methods;
}
const std::vector<Export>& object_context_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IObjContext::QueryInterface", Context_QueryInterface),
      EXPORT("IObjContext::AddRef", Context_AddRef),
      EXPORT("IObjContext::Release", Context_Release),
      missing_method("IObjContext::SetProperty"),
      missing_method("IObjContext::RemoveProperty"),
      missing_method("IObjContext::GetProperty"),
      missing_method("IObjContext::EnumContextProps"),
  };
  return methods;
}

// CoGetContextToken(&token): the thread's context object, without a reference; CO_E_NOTINITIALIZED
// outside COM, E_POINTER without the out-parameter.
// The context object of apartment `id` (made at the first request).
uint64_t context_of_apartment(WindowsProcess& p, uint64_t id) {
  uint64_t& object = context_objects[id];
  if (!object) {
    const unsigned ptr = p.isa->ptr;
    object = p.alloc_data(3 * ptr);
    p.put_ptr(object, com_vtable(p, kOle32, object_context_methods()));
    p.put_ptr(object + ptr, com_vtable(p, kOle32, threading_info_methods()));
    p.put_ptr(object + 2 * ptr, com_vtable(p, kOle32, context_callback_methods()));
    context_refs[object] = 0;
  }
  return object;
}
// The calling thread's apartment number (the multithreaded apartment's also for its implicit members).
uint64_t current_apartment_id() { return apartment.inits && !apartment.multithreaded ? apartment.id : 0; }

int32_t CoGetContextToken(WindowsProcess& p, Ptr out) {
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, context_of_apartment(p, current_apartment_id()));
  return com::S_OK;
}

// CoGetDefaultContext(type, iid, &object): the default context of the caller's apartment
// (APTTYPE_CURRENT), of the multithreaded apartment or of the main single-threaded one, asked for
// `iid`; E_INVALIDARG for APTTYPE_STA (Microsoft's page: which STA cannot be told),
// CO_E_NOTINITIALIZED for a caller outside COM or an apartment that does not exist (the neutral
// apartment is not provided here).
int32_t CoGetDefaultContext(WindowsProcess& p, int32_t type, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (type == APTTYPE_STA) return com::E_INVALIDARG;
  if (!com_initialized()) return com::CO_E_NOTINITIALIZED;
  uint64_t id;
  if (type == APTTYPE_CURRENT) {
    id = current_apartment_id();
  } else if (type == APTTYPE_MTA) {
    if (mta_threads == 0 && mta_usage_cookies.empty()) return com::CO_E_NOTINITIALIZED;
    id = 0;
  } else if (type == APTTYPE_MAINSTA) {
    if (!main_sta_id) return com::CO_E_NOTINITIALIZED;
    id = main_sta_id;
  } else {
    return type == 2 ? com::CO_E_NOTINITIALIZED : com::E_INVALIDARG;
  }
  return Context_QueryInterface(p, Ptr(context_of_apartment(p, id)), iid, out);
}

// CoGetObjectContext(iid, &object): the context object's interface `iid`.
int32_t CoGetObjectContext(WindowsProcess& p, Ptr iid, Ptr out) {
  p.put_ptr(out.addr, 0);
  Scratch token(p, 8);
  const int32_t hr = CoGetContextToken(p, Ptr(token.addr));
  if (com::failed(hr)) return hr;
  return Context_QueryInterface(p, Ptr(p.get_ptr(token.addr)), iid, out);
}

// CoRegisterMessageFilter(filter, &previous): the single-threaded apartment's IMessageFilter
// (held; NULL removes it), the previous one handed back (or released when not asked for);
// CO_E_NOT_SUPPORTED outside a single-threaded apartment.
thread_local uint64_t message_filter = 0;
int32_t CoRegisterMessageFilter(WindowsProcess& p, Ptr filter, Ptr previous) {
  if (previous) p.put_ptr(previous.addr, 0);
  if (!apartment.inits || apartment.multithreaded) return CO_E_NOT_SUPPORTED;
  if (filter) call_method(p, filter.addr, kAddRef);
  const uint64_t old = message_filter;
  message_filter = filter.addr;
  if (previous) p.put_ptr(previous.addr, old);
  else if (old) call_method(p, old, kRelease);
  return com::S_OK;
}

// CoWaitForMultipleHandles(flags, timeout, count, handles, &index): waits for the handles (all of
// them with COWAIT_WAITALL, alertably with COWAIT_ALERTABLE). A single-threaded apartment keeps
// dispatching, meanwhile, the messages COM needs it to (those sent to its windows, which any
// PeekMessage delivers, WM_PAINT, and the DDE range posted), leaving the program's other posted messages queued; a multithreaded one
// just waits. The index of the handle that ended the wait; RPC_S_CALLPENDING when the time ran
// out, E_INVALIDARG without `index` or `handles`, RPC_E_NO_SYNC for no handles.
int32_t CoWaitForMultipleHandles(WindowsProcess& p, uint32_t flags, uint32_t timeout, uint32_t count, Ptr handles,
                                 Ptr index) {
  constexpr int32_t RPC_S_CALLPENDING = static_cast<int32_t>(0x80010115), RPC_E_NO_SYNC = static_cast<int32_t>(0x80010120);
  constexpr uint32_t COWAIT_WAITALL = 1, COWAIT_ALERTABLE = 2, WAIT_TIMEOUT = 0x102, WAIT_IO_COMPLETION = 0xc0,
                     WAIT_ABANDONED = 0x80, WAIT_FAILED = 0xffffffff, MWMO_WAITALL = 1, MWMO_ALERTABLE = 2,
                     QS_SENDMESSAGE = 0x40, QS_PAINT = 0x20, QS_ALLPOSTMESSAGE = 0x100, PM_REMOVE = 1,
                     PM_NOREMOVE = 0, PM_NOYIELD = 2, PM_QS_POSTMESSAGE = (0x8 | 0x80 | 0x10) << 16,
                     WM_PAINT = 0xf, WM_QUIT = 0x12,
                     WM_DDE_FIRST = 0x3e0, WM_DDE_LAST = 0x3e8, INFINITE = 0xffffffff;
  if (!index) return com::E_INVALIDARG;
  put<uint32_t>(index.addr, 0);
  if (!handles) return com::E_INVALIDARG;
  if (!count) return RPC_E_NO_SYNC;
  const bool message_loop = apartment.inits && !apartment.multithreaded;
  const uint32_t start = static_cast<uint32_t>(kernel32(p, "GetTickCount", {}));
  bool quit = false;
  uint64_t quit_code = 0;
  int32_t hr = com::S_OK;
  Scratch msg(p, 48);
  for (;;) {
    const uint32_t elapsed = static_cast<uint32_t>(kernel32(p, "GetTickCount", {})) - start;
    if (timeout != INFINITE && elapsed > timeout) {
      hr = RPC_S_CALLPENDING;
      break;
    }
    const uint32_t left = timeout == INFINITE ? INFINITE : timeout - elapsed;
    uint32_t r;
    if (message_loop) {
      r = static_cast<uint32_t>(user32(p, "MsgWaitForMultipleObjectsEx",
                                       {count, handles.addr, left, QS_SENDMESSAGE | QS_ALLPOSTMESSAGE | QS_PAINT,
                                        ((flags & COWAIT_WAITALL) ? MWMO_WAITALL : 0) |
                                            ((flags & COWAIT_ALERTABLE) ? MWMO_ALERTABLE : 0)}));
      if (r == count) {  // messages: COM's dispatched, the rest marked seen, and the wait goes on
        user32(p, "PeekMessageW", {msg.addr, 0, 0, 0, PM_QS_POSTMESSAGE | PM_NOREMOVE | PM_NOYIELD});
        for (int n = 0; n < 100; ++n) {
          if (!user32(p, "PeekMessageW", {msg.addr, 0, WM_DDE_FIRST, WM_DDE_LAST, PM_REMOVE | PM_NOYIELD}) &&
              !user32(p, "PeekMessageW", {msg.addr, 0, WM_PAINT, WM_PAINT, PM_REMOVE | PM_NOYIELD}))
            break;
          if (get<uint32_t>(msg.addr + p.isa->ptr) == WM_QUIT) {
            quit = true;
            quit_code = p.get_ptr(msg.addr + 2 * p.isa->ptr);
          } else {
            user32(p, "TranslateMessage", {msg.addr});
            user32(p, "DispatchMessageW", {msg.addr});
          }
        }
        continue;
      }
    } else {
      r = static_cast<uint32_t>(kernel32(p, "WaitForMultipleObjectsEx", {count, handles.addr, (flags & COWAIT_WAITALL) ? 1u : 0u,
                                                                         left, (flags & COWAIT_ALERTABLE) ? 1u : 0u}));
    }
    if (r == WAIT_TIMEOUT) {
      hr = RPC_S_CALLPENDING;
    } else if (r == WAIT_IO_COMPLETION) {
      put<uint32_t>(index.addr, WAIT_IO_COMPLETION);
    } else if (r == WAIT_FAILED) {
      hr = hresult_from_win32(static_cast<uint32_t>(kernel32(p, "GetLastError", {})));
    } else {
      put<uint32_t>(index.addr, r >= WAIT_ABANDONED ? r - WAIT_ABANDONED : r);
    }
    break;
  }
  if (quit) user32(p, "PostQuitMessage", {quit_code});
  return hr;
}

// CoInitializeSecurity: the process's security is set once; every later call is RPC_E_TOO_LATE
// ("CoInitializeSecurity has already been called", Microsoft's page). With no COM server or proxy
// here, the values themselves are never used.
int32_t CoInitializeSecurity(WindowsProcess&, Ptr, int32_t, Ptr, Ptr, uint32_t, uint32_t, Ptr, uint32_t, Ptr) {
  if (security_initialized) return com::RPC_E_TOO_LATE;
  security_initialized = true;
  return com::S_OK;
}

// IStream's Read and Write (after IUnknown's three), and IPersistStream's GetClassID (IPersist's)
// and Save.
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
// (CoCreateInstance, in-process) and has it load the rest (IPersistStream::Load); an error leaves
// no object.
constexpr GuidBytes kIidIPersistStream = make_guid(0x00000109, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr unsigned kPersistLoad = 5;
int32_t OleLoadFromStream(WindowsProcess& p, Ptr stream, Ptr iid, Ptr out) {
  if (!stream) return com::E_INVALIDARG;
  const uint64_t clsid = p.heap.alloc(16);
  if (!clsid) return com::E_OUTOFMEMORY;
  int32_t hr = read_class(p, stream.addr, clsid);
  if (!com::failed(hr))
    hr = static_cast<int32_t>(p.call_export("ole32.dll", "CoCreateInstance",
                                            {clsid, 0, CLSCTX_INPROC_SERVER, iid.addr, out.addr}));
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

bool com_initialized() { return apartment.inits > 0 || mta_threads > 0 || !mta_usage_cookies.empty(); }

bool ole32::ole_initialized() { return ole_inits > 0; }

int ole32::apartment_kind() {
  if (apartment.inits) return apartment.multithreaded ? 2 : 1;
  return mta_threads > 0 || !mta_usage_cookies.empty() ? 2 : 0;
}

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_apartment_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CoInitialize", CoInitialize),
      EXPORT("CoInitializeEx", CoInitializeEx),
      EXPORT("CoUninitialize", CoUninitialize),
      EXPORT("OleInitialize", OleInitialize),
      EXPORT("OleUninitialize", OleUninitialize),
      EXPORT("CoRegisterInitializeSpy", CoRegisterInitializeSpy),
      EXPORT("CoRevokeInitializeSpy", CoRevokeInitializeSpy),
      EXPORT("CoIncrementMTAUsage", CoIncrementMTAUsage),
      EXPORT("CoDecrementMTAUsage", CoDecrementMTAUsage),
      EXPORT("CoGetApartmentType", CoGetApartmentType),
      EXPORT("CoGetContextToken", CoGetContextToken),
      EXPORT("CoGetObjectContext", CoGetObjectContext),
      EXPORT("CoGetDefaultContext", CoGetDefaultContext),
      EXPORT("CoRegisterMessageFilter", CoRegisterMessageFilter),
      EXPORT("CoWaitForMultipleHandles", CoWaitForMultipleHandles),
      EXPORT("CoInitializeSecurity", CoInitializeSecurity),
      EXPORT("OleLoadFromStream", OleLoadFromStream),
      EXPORT("OleSaveToStream", OleSaveToStream),
  };
  return exports;
}

}  // namespace polyrun::shims
