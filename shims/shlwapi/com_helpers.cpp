// SHLWAPI's (and SHCore's) helpers over COM interfaces the program passes: IStream_Read and
// IStream_Write (E_FAIL unless every byte moved), IStream_Reset (Seek to the start), IStream_Size
// (Stat's size); IUnknown_AtomicRelease, IUnknown_Set (a reference-counted pointer replaced),
// IUnknown_GetSite and IUnknown_SetSite (IObjectWithSite, or an IInternetSecurityManager's
// security site), IUnknown_QueryService (IServiceProvider), IUnknown_GetWindow (IOleWindow,
// IShellView or IInternetSecurityMgrSite); QISearch (QueryInterface from a QITAB table); the
// thread's reference (SHSetThreadRef, SHGetThreadRef) and SHCreateThreadRef's object, whose count
// is the caller's variable; and SHSkipJunction (a bind context's "Skip Binding CLSID" object is of
// the class given); ConnectToConnectionPoint (an IConnectionPointContainer's point advised or
// unadvised). The program's objects are called through their vtables (ole32/com_object.h).
#include <cstring>
#include <map>
#include <vector>

#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/ole32/com_object.h"
#include "shims/shlwapi/exports.h"
#include "shims/shlwapi/system_calls.h"

namespace polyrun::shims::shlwapi_com {

namespace {

using shlwapi_calls::GuestBlock;
using shlwapi_calls::GuestText;

constexpr GuidBytes kIidObjectWithSite = make_guid(0xfc4801a3, 0x2ba9, 0x11cf, {0xa2, 0x29, 0x00, 0xaa, 0x00, 0x3d, 0x73, 0x52});
constexpr GuidBytes kIidServiceProvider = make_guid(0x6d5140c1, 0x7436, 0x11ce, {0x80, 0x34, 0x00, 0xaa, 0x00, 0x60, 0x09, 0xfa});
constexpr GuidBytes kIidOleWindow = make_guid(0x00000114, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr GuidBytes kIidShellView = make_guid(0x000214e3, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr GuidBytes kIidSecurityMgrSite = make_guid(0x79eac9ed, 0xbaf9, 0x11ce, {0x8c, 0x82, 0x00, 0xaa, 0x00, 0x4b, 0xa9, 0x0b});
constexpr GuidBytes kIidSecurityManager = make_guid(0x79eac9ee, 0xbaf9, 0x11ce, {0x8c, 0x82, 0x00, 0xaa, 0x00, 0x4b, 0xa9, 0x0b});
constexpr GuidBytes kIidPersist = make_guid(0x0000010c, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});

// IStream's slots (after IUnknown's): Read 3, Write 4, Seek 5, Stat 12; IObjectWithSite's SetSite 3,
// GetSite 4; IServiceProvider's QueryService 3; GetWindow 3 of the window interfaces;
// IInternetSecurityManager's SetSecuritySite 3; IBindCtx's GetObjectParam 10; IPersist's GetClassID 3.
constexpr unsigned kRead = 3, kWrite = 4, kSeek = 5, kStat = 12, kSetSite = 3, kGetSite = 4, kQueryService = 3,
                   kGetWindow = 3, kSetSecuritySite = 3, kGetObjectParam = 10, kGetClassId = 3;

inline bool SUCCEEDED(HRESULT hr) { return hr >= 0; }
inline bool FAILED(HRESULT hr) { return hr < 0; }

void release(WindowsProcess& p, uint64_t object) {
  if (object) call_method(p, object, kRelease);
}

// ---- IStream ----

HRESULT IStream_Read(WindowsProcess& p, Ptr stream, Ptr buf, uint32_t size) {
  GuestBlock done(p, 4);
  HRESULT hr = static_cast<HRESULT>(call_method(p, stream.addr, kRead, {buf.addr, size, done.addr()}));
  if (SUCCEEDED(hr) && get<uint32_t>(done.addr()) != size) hr = E_FAIL;
  return hr;
}
HRESULT IStream_Write(WindowsProcess& p, Ptr stream, Ptr buf, uint32_t size) {
  GuestBlock done(p, 4);
  HRESULT hr = static_cast<HRESULT>(call_method(p, stream.addr, kWrite, {buf.addr, size, done.addr()}));
  if (SUCCEEDED(hr) && get<uint32_t>(done.addr()) != size) hr = E_FAIL;
  return hr;
}
// IStream::Seek(LARGE_INTEGER 0, STREAM_SEEK_SET, NULL): the 64-bit move takes two slots on i386.
HRESULT IStream_Reset(WindowsProcess& p, Ptr stream) {
  const std::vector<uint64_t> args = p.isa->ptr == 4 ? std::vector<uint64_t>{0, 0, 0, 0} : std::vector<uint64_t>{0, 0, 0};
  return static_cast<HRESULT>(call_method(p, stream.addr, kSeek, args));
}
// IStream_Size: Stat(STATFLAG_NONAME)'s cbSize (after the name's pointer and the type).
HRESULT IStream_Size(WindowsProcess& p, Ptr stream, Ptr size) {
  GuestBlock stat(p, 80);
  const HRESULT hr = static_cast<HRESULT>(call_method(p, stream.addr, kStat, {stat.addr(), 1}));
  if (SUCCEEDED(hr) && size) put<uint64_t>(size.addr, get<uint64_t>(stat.addr() + (p.isa->ptr == 8 ? 16 : 8)));
  return hr;
}

// ---- IUnknown ----

void IUnknown_AtomicRelease(WindowsProcess& p, Ptr slot) {
  if (!slot) return;
  const uint64_t object = p.get_ptr(slot.addr);
  if (!object) return;
  p.put_ptr(slot.addr, 0);
  release(p, object);
}
void IUnknown_Set(WindowsProcess& p, Ptr slot, Ptr object) {
  const uint64_t old = p.get_ptr(slot.addr);
  if (old == object.addr) return;
  if (old) release(p, old);
  if (object) call_method(p, object.addr, kAddRef);
  p.put_ptr(slot.addr, object.addr);
}

// (*out is left as it was when there is no object or no IObjectWithSite.)
HRESULT IUnknown_GetSite(WindowsProcess& p, Ptr object, Ptr iid, Ptr out) {
  if (!object) return E_INVALIDARG;
  uint64_t site = 0;
  HRESULT hr = query_interface(p, object.addr, kIidObjectWithSite, site);
  if (SUCCEEDED(hr)) {
    hr = static_cast<HRESULT>(call_method(p, site, kGetSite, {iid.addr, out.addr}));
    release(p, site);
  }
  return hr;
}
HRESULT IUnknown_SetSite(WindowsProcess& p, Ptr object, Ptr site) {
  if (!object) return E_FAIL;
  uint64_t with_site = 0;
  HRESULT hr = query_interface(p, object.addr, kIidObjectWithSite, with_site);
  if (SUCCEEDED(hr)) {
    hr = static_cast<HRESULT>(call_method(p, with_site, kSetSite, {site.addr}));
    release(p, with_site);
    return hr;
  }
  uint64_t manager = 0;
  hr = query_interface(p, object.addr, kIidSecurityManager, manager);
  if (SUCCEEDED(hr)) {
    hr = static_cast<HRESULT>(call_method(p, manager, kSetSecuritySite, {site.addr}));
    release(p, manager);
  }
  return hr;
}
HRESULT IUnknown_QueryService(WindowsProcess& p, Ptr object, Ptr service, Ptr iid, Ptr out) {
  if (!out) return E_FAIL;
  p.put_ptr(out.addr, 0);
  if (!object) return E_FAIL;
  uint64_t provider = 0;
  HRESULT hr = query_interface(p, object.addr, kIidServiceProvider, provider);
  if (SUCCEEDED(hr) && provider) {
    hr = static_cast<HRESULT>(call_method(p, provider, kQueryService, {service.addr, iid.addr, out.addr}));
    release(p, provider);
  }
  return hr;
}
HRESULT IUnknown_GetWindow(WindowsProcess& p, Ptr object, Ptr hwnd) {
  if (!object) return E_FAIL;
  uint64_t window = 0;
  HRESULT hr = query_interface(p, object.addr, kIidOleWindow, window);
  if (FAILED(hr)) hr = query_interface(p, object.addr, kIidShellView, window);
  if (FAILED(hr)) hr = query_interface(p, object.addr, kIidSecurityMgrSite, window);
  if (SUCCEEDED(hr)) {
    hr = static_cast<HRESULT>(call_method(p, window, kGetWindow, {hwnd.addr}));
    release(p, window);
  }
  return hr;
}

// QISearch(base, table, iid, out): the QITAB entry (IID pointer, DWORD offset; a NULL IID ends
// the table) for the interface, or for IUnknown the first entry; the object at base + offset,
// AddRef'd.
HRESULT QISearch(WindowsProcess& p, Ptr base, Ptr table, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  const uint64_t entry_size = p.isa->ptr == 8 ? 16 : 8;
  for (uint64_t e = table.addr; e; e += entry_size) {
    const uint64_t entry_iid = p.get_ptr(e);
    if (!entry_iid) break;
    if (guid_is(iid.addr, kIidIUnknown) || std::memcmp(reinterpret_cast<const void*>(entry_iid), iid.as<const void>(), 16) == 0) {
      const uint64_t object = base.addr + get<uint32_t>(e + p.isa->ptr);
      call_method(p, object, kAddRef);
      p.put_ptr(out.addr, object);
      return S_OK;
    }
  }
  p.put_ptr(out.addr, 0);
  return E_NOINTERFACE;
}

// ---- the thread's reference ----

struct ThreadRef : DllStateBase {
  uint64_t object = 0;
};
HRESULT SHSetThreadRef(WindowsProcess& p, Ptr object) {
  dll_state<ThreadRef>(p.thread()).object = object.addr;
  return S_OK;
}
HRESULT SHGetThreadRef(WindowsProcess& p, Ptr out) {
  const uint64_t object = dll_state<ThreadRef>(p.thread()).object;
  p.put_ptr(out.addr, object);
  if (!object) return E_NOINTERFACE;
  call_method(p, object, kAddRef);
  return S_OK;
}

// SHCreateThreadRef(count, out): an IUnknown whose reference count is the caller's LONG (set to
// 1); the object goes when it reaches 0.
struct CountedRef {
  uint64_t count = 0;  // the caller's LONG
};
std::map<uint64_t, CountedRef>& counted_refs() {
  static std::map<uint64_t, CountedRef> refs;
  return refs;
}
HRESULT Ref_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  if (guid_is(iid.addr, kIidIUnknown)) {
    put<int32_t>(counted_refs()[self.addr].count, get<int32_t>(counted_refs()[self.addr].count) + 1);
    p.put_ptr(out.addr, self.addr);
    return S_OK;
  }
  p.put_ptr(out.addr, 0);
  return E_NOINTERFACE;
}
uint32_t Ref_AddRef(WindowsProcess&, Ptr self) {
  const uint64_t count = counted_refs()[self.addr].count;
  const int32_t n = get<int32_t>(count) + 1;
  put<int32_t>(count, n);
  return static_cast<uint32_t>(n);
}
uint32_t Ref_Release(WindowsProcess& p, Ptr self) {
  const uint64_t count = counted_refs()[self.addr].count;
  const int32_t n = get<int32_t>(count) - 1;
  put<int32_t>(count, n);
  if (n == 0) {
    counted_refs().erase(self.addr);
    p.heap.free(self.addr);
  }
  return static_cast<uint32_t>(n);
}
const std::vector<Export>& ref_methods() {
  static const std::vector<Export> methods = {
      EXPORT("ThreadRef::QueryInterface", Ref_QueryInterface),
      EXPORT("ThreadRef::AddRef", Ref_AddRef),
      EXPORT("ThreadRef::Release", Ref_Release),
  };
  return methods;
}
HRESULT SHCreateThreadRef(WindowsProcess& p, Ptr count, Ptr out) {
  if (!count || !out) return E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return E_OUTOFMEMORY;
  p.put_ptr(self, com_vtable(p, kShlwapi, ref_methods()));
  counted_refs()[self].count = count.addr;
  put<int32_t>(count.addr, 1);
  p.put_ptr(out.addr, self);
  return S_OK;
}

// SHSkipJunction(bind_context, clsid): TRUE when the bind context holds a "Skip Binding CLSID"
// object (IBindCtx::GetObjectParam) whose IPersist class is `clsid`.
BOOL SHSkipJunction(WindowsProcess& p, Ptr bind_context, Ptr clsid) {
  if (!bind_context) return FALSE;
  GuestText key(p, u"Skip Binding CLSID");
  GuestBlock object(p, 8), class_id(p, 16);
  BOOL skip = FALSE;
  if (SUCCEEDED(static_cast<HRESULT>(call_method(p, bind_context.addr, kGetObjectParam, {key.addr(), object.addr()})))) {
    const uint64_t unknown = p.get_ptr(object.addr());
    uint64_t persist = 0;
    if (unknown && SUCCEEDED(query_interface(p, unknown, kIidPersist, persist))) {
      if (SUCCEEDED(static_cast<HRESULT>(call_method(p, persist, kGetClassId, {class_id.addr()}))) &&
          std::memcmp(class_id.as<const void>(), clsid.as<const void>(), 16) == 0)
        skip = TRUE;
      release(p, persist);
    }
    release(p, unknown);
  }
  return skip;
}

// ConnectToConnectionPoint(sink, iid, connect, object, cookie*, point**): the object's connection
// point for `iid` (IConnectionPointContainer's FindConnectionPoint) advised of the sink, or
// unadvised of *cookie; the point given to the caller where asked for and all went well (else
// released; a failed call leaves the cookie 0). E_FAIL without an object, or a sink to connect.
constexpr GuidBytes kIidConnectionPointContainer =
    make_guid(0xb196b284, 0xbab4, 0x101a, {0xb6, 0x9c, 0x00, 0xaa, 0x00, 0x34, 0x1d, 0x07});
constexpr unsigned kFindConnectionPoint = 4, kAdvise = 5, kUnadvise = 6;
HRESULT ConnectToConnectionPoint(WindowsProcess& p, Ptr sink, Ptr iid, BOOL connect, Ptr object, Ptr cookie, Ptr point) {
  if (!object || (connect && !sink)) return E_FAIL;
  if (point) p.put_ptr(point.addr, 0);
  uint64_t container = 0;
  HRESULT hr = query_interface(p, object.addr, kIidConnectionPointContainer, container);
  if (FAILED(hr)) return hr;
  GuestBlock found(p, 8);
  hr = static_cast<HRESULT>(call_method(p, container, kFindConnectionPoint, {iid.addr, found.addr()}));
  if (SUCCEEDED(hr)) {
    const uint64_t cp = p.get_ptr(found.addr());
    if (connect) hr = static_cast<HRESULT>(call_method(p, cp, kAdvise, {sink.addr, cookie.addr}));
    else hr = static_cast<HRESULT>(call_method(p, cp, kUnadvise, {get<uint32_t>(cookie.addr)}));
    if (FAILED(hr)) put<uint32_t>(cookie.addr, 0);
    if (point && SUCCEEDED(hr)) p.put_ptr(point.addr, cp);
    else release(p, cp);
  }
  release(p, container);
  return hr;
}

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {
      EXPORT("IStream_Read", IStream_Read),
      EXPORT("IStream_Write", IStream_Write),
      EXPORT("IStream_Reset", IStream_Reset),
      EXPORT("IStream_Size", IStream_Size),
      EXPORT("IUnknown_AtomicRelease", IUnknown_AtomicRelease),
      EXPORT("IUnknown_Set", IUnknown_Set),
      EXPORT("IUnknown_GetSite", IUnknown_GetSite),
      EXPORT("IUnknown_SetSite", IUnknown_SetSite),
      EXPORT("IUnknown_QueryService", IUnknown_QueryService),
      EXPORT("IUnknown_GetWindow", IUnknown_GetWindow),
      EXPORT("QISearch", QISearch),
      EXPORT("SHSetThreadRef", SHSetThreadRef),
      EXPORT("SHGetThreadRef", SHGetThreadRef),
      EXPORT("SHCreateThreadRef", SHCreateThreadRef),
      EXPORT("SHSkipJunction", SHSkipJunction),
      EXPORT("ConnectToConnectionPoint", ConnectToConnectionPoint),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_com
