// OLE32.dll: marshalling interfaces within the process. CoMarshalInterface writes an OBJREF (the
// "MEOW" record of [MS-DCOM] 2.2.18) into a stream: a custom one when the object has its own
// IMarshal (the free-threaded marshaler's among them: CoCreateFreeThreadedMarshaler, whose record
// carries the interface pointer itself), else a standard one naming an entry of the process's
// export table — the object, the apartment it lives in, the marshal's kind (normal: unmarshalled
// once; table-strong and table-weak: until CoReleaseMarshalData) and the reference it holds.
// CoUnmarshalInterface reads it back: the custom record's class (an IMarshal made with
// CoCreateInstance) unmarshals its own; a standard one gives the object's own interface pointer to
// a thread in the object's apartment (or in the multithreaded apartment for an object of it).
//
// Calls into another apartment: an object of a single-threaded apartment unmarshalled elsewhere
// would be reached through a proxy that posts each call to that apartment's window and waits
// (CoWaitForMultipleHandles), its stub unpacking the arguments there. Packing arguments takes the
// interface's proxy/stub (a MIDL-generated DLL registered under HKCR\Interface\{iid}, or a type
// library), which polyrun does not load; so such an unmarshal answers E_NOINTERFACE, as Windows
// does for an interface without a registered proxy/stub, and only objects whose pointers may pass
// between apartments (free-threaded ones, the multithreaded apartment's among its threads) do.
//
// Also: CoGetMarshalSizeMax, CoReleaseMarshalData, CoGetStandardMarshal's IMarshal,
// CoMarshalInterThreadInterfaceInStream and CoGetInterfaceAndReleaseStream, CoDisconnectObject and
// CoLockObjectExternal over the export table, and the global interface table
// (CLSID_StdGlobalInterfaceTable: table-strong marshals kept by cookie).
#include <cstring>
#include <map>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr GuidBytes kIidIGlobalInterfaceTable = ole_iid(0x00000146);
constexpr GuidBytes kClsidStdMarshal = ole_iid(0x00000017);
constexpr GuidBytes kClsidInProcFreeMarshaler = ole_iid(0x0000033a);
constexpr GuidBytes kClsidStdGlobalInterfaceTable = ole_iid(0x00000323);
constexpr uint32_t kObjrefSignature = 0x574f454d;  // "MEOW"
constexpr uint32_t OBJREF_STANDARD = 1, OBJREF_CUSTOM = 4;
constexpr uint32_t MSHLFLAGS_NORMAL = 0, MSHLFLAGS_TABLESTRONG = 1, MSHLFLAGS_TABLEWEAK = 2;
constexpr int32_t RPC_E_INVALID_OBJREF = static_cast<int32_t>(0x8001011d);
// IMarshal's methods after IUnknown's three.
constexpr unsigned kGetUnmarshalClass = 3, kGetMarshalSizeMax = 4, kMarshalInterface = 5, kUnmarshalInterface = 6,
                   kReleaseMarshalData = 7, kDisconnectObject = 8;
// A standard OBJREF: signature, flags, iid; STDOBJREF (flags, public references, OXID, OID, IPID);
// an empty DUALSTRINGARRAY (entries, security offset).
constexpr uint32_t kStandardObjrefSize = 4 + 4 + 16 + 40 + 4;
// The custom OBJREF's header: signature, flags, iid, clsid, extension size, data size.
constexpr uint32_t kCustomHeaderSize = 4 + 4 + 16 + 16 + 4 + 4;
// sizeof(OBJREF), which CoGetMarshalSizeMax adds to a custom marshaler's size as Windows does.
constexpr uint32_t kObjrefStructSize = 88;

// The calling thread's apartment as the export table names it: its thread id in a
// single-threaded apartment, 0 in the multithreaded one; -1 outside COM.
int64_t current_apartment(WindowsProcess& p) {
  switch (apartment_kind()) {
    case 1: return static_cast<int64_t>(kernel32(p, "GetCurrentThreadId", {}));
    case 2: return 0;
  }
  return -1;
}

// One marshal of the export table.
struct Exported {
  uint64_t object = 0;     // the object's IUnknown (its identity)
  uint64_t interface = 0;  // the marshalled interface pointer, referenced when `holds`
  GuidBytes iid{};
  int64_t apartment = 0;
  uint32_t flags = 0;
  bool holds = false;      // a reference of the marshal's, released by unmarshal (normal) or release
  bool live = true;
};
std::map<uint32_t, Exported> exported;
uint32_t next_export = 1;
// CoLockObjectExternal's locks, by identity: the count and whether the lock holds a reference.
std::map<uint64_t, uint32_t> external_locks;

uint64_t identity(WindowsProcess& p, uint64_t object) {
  uint64_t unk = 0;
  if (com::failed(query_interface(p, object, kIidIUnknown, unk))) return object;
  call_method(p, unk, kRelease);
  return unk;
}

int32_t write_all(WindowsProcess& p, uint64_t stream, const void* data, uint32_t size) {
  Scratch block(p, size);
  std::memcpy(guest_pointer(block.addr), data, size);
  uint32_t done = 0;
  const int32_t hr = stream_write(p, stream, block.addr, size, done);
  if (com::failed(hr)) return hr;
  return done == size ? com::S_OK : STG_E_MEDIUMFULL;
}

int32_t read_all(WindowsProcess& p, uint64_t stream, void* data, uint32_t size) {
  Scratch block(p, size);
  uint32_t done = 0;
  const int32_t hr = stream_read(p, stream, block.addr, size, done);
  if (hr != com::S_OK || done != size) return com::STG_E_READFAULT;
  std::memcpy(data, guest_pointer(block.addr), size);
  return com::S_OK;
}

// The standard marshal of `object`'s interface `iid`: an export table entry and its OBJREF.
int32_t standard_marshal(WindowsProcess& p, uint64_t stream, const GuidBytes& iid, uint64_t object, uint32_t flags) {
  const int64_t apartment = current_apartment(p);
  if (apartment < 0) return com::CO_E_NOTINITIALIZED;
  uint64_t itf = 0;
  int32_t hr = query_interface(p, object, iid, itf);
  if (com::failed(hr)) return hr;
  Exported e;
  e.object = identity(p, object);
  e.interface = itf;
  e.iid = iid;
  e.apartment = apartment;
  e.flags = flags;
  e.holds = !(flags & MSHLFLAGS_TABLEWEAK);
  if (!e.holds) call_method(p, itf, kRelease);
  const uint32_t id = next_export++;
  uint8_t record[kStandardObjrefSize] = {};
  const uint32_t head[2] = {kObjrefSignature, OBJREF_STANDARD};
  std::memcpy(record, head, 8);
  std::memcpy(record + 8, iid.data(), 16);
  const uint32_t public_refs = flags == MSHLFLAGS_NORMAL ? 5 : 0;
  std::memcpy(record + 28, &public_refs, 4);
  const uint64_t oxid = static_cast<uint64_t>(apartment), oid = e.object;
  std::memcpy(record + 32, &oxid, 8);
  std::memcpy(record + 40, &oid, 8);
  std::memcpy(record + 48, &id, 4);  // the IPID's first field: the entry
  const uint32_t pid = static_cast<uint32_t>(kernel32(p, "GetCurrentProcessId", {}));
  std::memcpy(record + 52, &pid, 4);
  hr = write_all(p, stream, record, sizeof record);
  if (com::failed(hr)) {
    if (e.holds) call_method(p, itf, kRelease);
    return hr;
  }
  exported[id] = e;
  return com::S_OK;
}

// The export table entry a standard OBJREF names (after its 24-byte header): 0 when none.
int32_t read_standard(WindowsProcess& p, uint64_t stream, uint32_t& id) {
  uint8_t rest[kStandardObjrefSize - 24];
  const int32_t hr = read_all(p, stream, rest, sizeof rest);
  if (com::failed(hr)) return hr;
  uint32_t pid = 0;
  std::memcpy(&id, rest + 24, 4);
  std::memcpy(&pid, rest + 28, 4);
  if (pid != static_cast<uint32_t>(kernel32(p, "GetCurrentProcessId", {}))) id = 0;
  return com::S_OK;
}

int32_t standard_unmarshal(WindowsProcess& p, uint32_t id, const GuidBytes& iid, uint64_t& out) {
  out = 0;
  auto it = exported.find(id);
  if (it == exported.end() || !it->second.live) return CO_E_OBJNOTCONNECTED;
  Exported& e = it->second;
  const int64_t here = current_apartment(p);
  if (here < 0) return com::CO_E_NOTINITIALIZED;
  // Another apartment would need the interface's proxy/stub (see the file's head).
  if (here != e.apartment) return com::E_NOINTERFACE;
  const int32_t hr = query_interface(p, e.interface, iid, out);
  if (e.flags == MSHLFLAGS_NORMAL) {
    e.live = false;
    if (e.holds) call_method(p, e.interface, kRelease);
    e.holds = false;
  }
  return hr;
}

void release_export(WindowsProcess& p, Exported& e) {
  const bool held = e.holds;
  e.live = false;
  e.holds = false;
  if (held) call_method(p, e.interface, kRelease);
}

// The custom marshaler of an object: its IMarshal (0 when it has none).
uint64_t custom_marshaler(WindowsProcess& p, uint64_t object) {
  uint64_t marshal = 0;
  if (com::failed(query_interface(p, object, kIidIMarshal, marshal))) return 0;
  return marshal;
}

int32_t marshal_interface(WindowsProcess& p, uint64_t stream, uint64_t iid_at, uint64_t object, uint32_t context,
                          uint64_t context_data, uint32_t flags) {
  if (!object || !stream) return com::E_INVALIDARG;
  const GuidBytes iid = read_guid(iid_at);
  const uint64_t marshal = custom_marshaler(p, object);
  if (!marshal) return standard_marshal(p, stream, iid, object, flags);
  Scratch clsid(p, 16), size(p, 4);
  int32_t hr = static_cast<int32_t>(
      call_method(p, marshal, kGetUnmarshalClass, {iid_at, object, context, context_data, flags, clsid.addr}));
  if (hr == com::S_OK && read_guid(clsid.addr) == kClsidStdMarshal) {
    call_method(p, marshal, kRelease);
    return standard_marshal(p, stream, iid, object, flags);
  }
  if (hr == com::S_OK)
    hr = static_cast<int32_t>(
        call_method(p, marshal, kGetMarshalSizeMax, {iid_at, object, context, context_data, flags, size.addr}));
  if (hr == com::S_OK) {
    uint8_t header[kCustomHeaderSize] = {};
    const uint32_t head[2] = {kObjrefSignature, OBJREF_CUSTOM};
    std::memcpy(header, head, 8);
    std::memcpy(header + 8, iid.data(), 16);
    std::memcpy(header + 24, guest_pointer(clsid.addr), 16);
    std::memcpy(header + 44, guest_pointer(size.addr), 4);
    hr = write_all(p, stream, header, sizeof header);
  }
  if (hr == com::S_OK)
    hr = static_cast<int32_t>(
        call_method(p, marshal, kMarshalInterface, {stream, iid_at, object, context, context_data, flags}));
  call_method(p, marshal, kRelease);
  return hr;
}

// Reads an OBJREF's header: a standard one (marshal 0) or the custom marshaler its class makes.
int32_t read_objref(WindowsProcess& p, uint64_t stream, GuidBytes& iid, uint64_t& marshal) {
  marshal = 0;
  uint8_t head[24];
  int32_t hr = read_all(p, stream, head, sizeof head);
  if (com::failed(hr)) return hr;
  uint32_t signature, flags;
  std::memcpy(&signature, head, 4);
  std::memcpy(&flags, head + 4, 4);
  std::memcpy(iid.data(), head + 8, 16);
  if (signature != kObjrefSignature) return RPC_E_INVALID_OBJREF;
  if (flags & OBJREF_STANDARD) return com::S_FALSE;
  if (!(flags & OBJREF_CUSTOM)) return RPC_E_INVALID_OBJREF;
  uint8_t custom[kCustomHeaderSize - 24];
  hr = read_all(p, stream, custom, sizeof custom);
  if (com::failed(hr)) return hr;
  GuidBytes clsid;
  std::memcpy(clsid.data(), custom, 16);
  uint64_t factory = 0;
  hr = get_class_object(p, clsid, CLSCTX_INPROC_SERVER, kIidIClassFactory, factory);
  if (com::failed(hr)) return hr;
  Scratch iid_block(p, 16 + 8);
  write_guid(iid_block.addr, kIidIMarshal);
  hr = static_cast<int32_t>(call_method(p, factory, 3, {0, iid_block.addr, iid_block.addr + 16}));
  call_method(p, factory, kRelease);
  if (com::failed(hr)) return hr;
  marshal = p.get_ptr(iid_block.addr + 16);
  return com::S_OK;
}

int32_t unmarshal_interface(WindowsProcess& p, uint64_t stream, uint64_t iid_at, uint64_t out) {
  if (!stream || !out) return com::E_INVALIDARG;
  GuidBytes iid;
  uint64_t marshal = 0, object = 0;
  int32_t hr = read_objref(p, stream, iid, marshal);
  if (hr == com::S_FALSE) {
    uint32_t id = 0;
    hr = read_standard(p, stream, id);
    if (hr == com::S_OK) hr = standard_unmarshal(p, id, iid, object);
  } else if (hr == com::S_OK) {
    Scratch args(p, 16 + 8);
    write_guid(args.addr, iid);
    hr = static_cast<int32_t>(call_method(p, marshal, kUnmarshalInterface, {stream, args.addr, args.addr + 16}));
    object = p.get_ptr(args.addr + 16);
    call_method(p, marshal, kRelease);
  }
  if (hr != com::S_OK) return hr;
  const GuidBytes wanted = read_guid(iid_at);
  if (wanted != kGuidNull && wanted != iid) {
    uint64_t itf = 0;
    hr = query_interface(p, object, wanted, itf);
    call_method(p, object, kRelease);
    object = itf;
  }
  p.put_ptr(out, object);
  return hr;
}

int32_t release_marshal_data(WindowsProcess& p, uint64_t stream) {
  GuidBytes iid;
  uint64_t marshal = 0;
  int32_t hr = read_objref(p, stream, iid, marshal);
  if (hr == com::S_FALSE) {
    uint32_t id = 0;
    hr = read_standard(p, stream, id);
    if (com::failed(hr)) return hr;
    auto it = exported.find(id);
    if (it == exported.end() || !it->second.live) return RPC_E_INVALID_OBJREF;
    release_export(p, it->second);
    return com::S_OK;
  }
  if (com::failed(hr)) return hr;
  hr = static_cast<int32_t>(call_method(p, marshal, kReleaseMarshalData, {stream}));
  call_method(p, marshal, kRelease);
  return hr;
}

// CoMarshalInterface(stream, iid, object, context, context_data, flags).
int32_t CoMarshalInterface(WindowsProcess& p, Ptr stream, Ptr iid, Ptr object, uint32_t context, Ptr data,
                           uint32_t flags) {
  return marshal_interface(p, stream.addr, iid.addr, object.addr, context, data.addr, flags);
}

// CoUnmarshalInterface(stream, iid, &object): IID_NULL takes the marshalled interface as it is.
int32_t CoUnmarshalInterface(WindowsProcess& p, Ptr stream, Ptr iid, Ptr out) {
  return unmarshal_interface(p, stream.addr, iid.addr, out.addr);
}

// CoReleaseMarshalData(stream): the marshal's reference released and the record dead.
int32_t CoReleaseMarshalData(WindowsProcess& p, Ptr stream) { return release_marshal_data(p, stream.addr); }

// CoGetMarshalSizeMax(&size, iid, object, context, data, flags): the most a marshal writes — a
// custom marshaler's size plus sizeof(OBJREF), or the standard record's.
int32_t CoGetMarshalSizeMax(WindowsProcess& p, Ptr size, Ptr iid, Ptr object, uint32_t context, Ptr data,
                            uint32_t flags) {
  if (!object) return com::E_POINTER;
  const uint64_t marshal = custom_marshaler(p, object.addr);
  if (!marshal) {
    put<uint32_t>(size.addr, kStandardObjrefSize);
    return com::S_OK;
  }
  int32_t hr = static_cast<int32_t>(
      call_method(p, marshal, kGetMarshalSizeMax, {iid.addr, object.addr, context, data.addr, flags, size.addr}));
  if (hr == com::S_OK) put<uint32_t>(size.addr, get<uint32_t>(size.addr) + kObjrefStructSize);
  call_method(p, marshal, kRelease);
  return hr;
}

// CoMarshalInterThreadInterfaceInStream(iid, object, &stream): a normal in-process marshal in a
// new HGLOBAL stream, rewound.
int32_t CoMarshalInterThreadInterfaceInStream(WindowsProcess& p, Ptr iid, Ptr object, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  Scratch made(p, 8);
  int32_t hr = static_cast<int32_t>(p.call_export("ole32.dll", "CreateStreamOnHGlobal", {0, 1, made.addr}));
  if (com::failed(hr)) return hr;
  const uint64_t stream = p.get_ptr(made.addr);
  hr = marshal_interface(p, stream, iid.addr, object.addr, MSHCTX_INPROC, 0, MSHLFLAGS_NORMAL);
  if (com::failed(hr)) {
    call_method(p, stream, kRelease);
    return hr;
  }
  uint64_t position = 0;
  stream_seek(p, stream, 0, 0, position);
  p.put_ptr(out.addr, stream);
  return com::S_OK;
}

// CoGetInterfaceAndReleaseStream(stream, iid, &object): unmarshals and releases the stream.
int32_t CoGetInterfaceAndReleaseStream(WindowsProcess& p, Ptr stream, Ptr iid, Ptr out) {
  if (!stream) return com::E_INVALIDARG;
  const int32_t hr = unmarshal_interface(p, stream.addr, iid.addr, out.addr);
  call_method(p, stream.addr, kRelease);
  return hr;
}

// CoDisconnectObject(object, reserved): an object with its own IMarshal disconnects itself
// (IMarshal::DisconnectObject); else every marshal of it in the export table is released and
// dead, and its external locks are dropped. S_OK also when there were none.
int32_t CoDisconnectObject(WindowsProcess& p, Ptr object, uint32_t reserved) {
  if (!object) return com::E_INVALIDARG;
  if (const uint64_t marshal = custom_marshaler(p, object.addr)) {
    const int32_t hr = static_cast<int32_t>(call_method(p, marshal, kDisconnectObject, {reserved}));
    call_method(p, marshal, kRelease);
    return hr;
  }
  if (apartment_kind() == 0) return com::CO_E_NOTINITIALIZED;
  const uint64_t id = identity(p, object.addr);
  for (auto& [key, e] : exported)
    if (e.object == id && e.live) release_export(p, e);
  auto lock = external_locks.find(id);
  if (lock != external_locks.end()) {
    external_locks.erase(lock);
    call_method(p, id, kRelease);
  }
  return com::S_OK;
}

// CoLockObjectExternal(object, lock, last_unlock_releases): an external lock keeps the object
// alive (one reference however many locks); the last unlock releases it when asked to.
int32_t CoLockObjectExternal(WindowsProcess& p, Ptr object, int32_t lock, int32_t last_unlock_releases) {
  if (apartment_kind() == 0) return com::CO_E_NOTINITIALIZED;
  if (!object) return com::E_INVALIDARG;
  const uint64_t id = identity(p, object.addr);
  auto it = external_locks.find(id);
  if (lock) {
    if (it == external_locks.end()) {
      call_method(p, id, kAddRef);
      external_locks[id] = 1;
    } else {
      ++it->second;
    }
  } else if (it != external_locks.end() && --it->second == 0 && last_unlock_releases) {
    external_locks.erase(it);
    call_method(p, id, kRelease);
  }
  return com::S_OK;
}

// ---- IMarshal objects: the standard marshaler (CoGetStandardMarshal) and the free-threaded one
// (CoCreateFreeThreadedMarshaler, aggregated by its outer object) ----
struct MarshalObject {
  uint32_t refs = 1;
  bool free_threaded = false;
  uint64_t outer = 0;  // the free-threaded one's controlling object (its own inner IUnknown when alone)
};
std::map<uint64_t, MarshalObject> marshal_objects;  // by the IMarshal pointer
// The free-threaded marshaler's inner IUnknown is the block's second pointer.
MarshalObject& marshal_of(uint64_t self) {
  auto it = marshal_objects.find(self);
  if (it == marshal_objects.end()) touch_guest_byte(0);
  return it->second;
}

int32_t Marshal_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  MarshalObject& m = marshal_of(self.addr);
  if (m.free_threaded) return static_cast<int32_t>(call_method(p, m.outer, kQueryInterface, {iid.addr, out.addr}));
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIMarshal)) {
    ++m.refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Marshal_AddRef(WindowsProcess& p, Ptr self) {
  MarshalObject& m = marshal_of(self.addr);
  if (m.free_threaded) return call_method(p, m.outer, kAddRef);
  return ++m.refs;
}
uint32_t Marshal_Release(WindowsProcess& p, Ptr self) {
  MarshalObject& m = marshal_of(self.addr);
  if (m.free_threaded) return call_method(p, m.outer, kRelease);
  if (--m.refs) return m.refs;
  marshal_objects.erase(self.addr);
  p.heap.free(self.addr);
  return 0;
}

bool crosses_only_apartments(uint32_t context) { return context == MSHCTX_INPROC || context == MSHCTX_CROSSCTX; }

int32_t Marshal_GetUnmarshalClass(WindowsProcess&, Ptr self, Ptr, Ptr, uint32_t context, Ptr, uint32_t, Ptr clsid) {
  const bool ftm = marshal_of(self.addr).free_threaded && crosses_only_apartments(context);
  write_guid(clsid.addr, ftm ? kClsidInProcFreeMarshaler : kClsidStdMarshal);
  return com::S_OK;
}

// The free-threaded marshaler's record: the flags, the interface pointer (8 bytes), a GUID of 0.
constexpr uint32_t kFreeThreadedSize = 4 + 8 + 16;

int32_t Marshal_GetMarshalSizeMax(WindowsProcess&, Ptr self, Ptr, Ptr, uint32_t context, Ptr, uint32_t, Ptr size) {
  const bool ftm = marshal_of(self.addr).free_threaded && crosses_only_apartments(context);
  put<uint32_t>(size.addr, ftm ? kFreeThreadedSize : kStandardObjrefSize);
  return com::S_OK;
}

int32_t Marshal_MarshalInterface(WindowsProcess& p, Ptr self, Ptr stream, Ptr iid, Ptr object, uint32_t context, Ptr,
                                 uint32_t flags) {
  if (!(marshal_of(self.addr).free_threaded && crosses_only_apartments(context)))
    return standard_marshal(p, stream.addr, read_guid(iid.addr), object.addr, flags);
  uint64_t itf = 0;
  int32_t hr = query_interface(p, object.addr, read_guid(iid.addr), itf);
  if (com::failed(hr)) return hr;
  if (flags & MSHLFLAGS_TABLEWEAK) call_method(p, itf, kRelease);  // a table-weak marshal holds none
  uint8_t record[kFreeThreadedSize] = {};
  std::memcpy(record, &flags, 4);
  std::memcpy(record + 4, &itf, 8);
  hr = write_all(p, stream.addr, record, sizeof record);
  return com::failed(hr) ? STG_E_MEDIUMFULL : com::S_OK;
}

int32_t Marshal_UnmarshalInterface(WindowsProcess& p, Ptr self, Ptr stream, Ptr iid, Ptr out) {
  if (!marshal_of(self.addr).free_threaded) {
    // The standard marshaler reads a whole OBJREF.
    GuidBytes marshalled;
    uint64_t custom = 0;
    int32_t hr = read_objref(p, stream.addr, marshalled, custom);
    if (custom) call_method(p, custom, kRelease);
    if (hr != com::S_FALSE) return com::failed(hr) ? hr : RPC_E_INVALID_OBJREF;
    uint32_t id = 0;
    hr = read_standard(p, stream.addr, id);
    uint64_t object = 0;
    if (hr == com::S_OK) hr = standard_unmarshal(p, id, read_guid(iid.addr), object);
    p.put_ptr(out.addr, object);
    return hr;
  }
  uint8_t record[kFreeThreadedSize];
  if (read_all(p, stream.addr, record, sizeof record) != com::S_OK) return com::STG_E_READFAULT;
  uint32_t flags;
  uint64_t itf;
  std::memcpy(&flags, record, 4);
  std::memcpy(&itf, record + 4, 8);
  const int32_t hr = static_cast<int32_t>(call_method(p, itf, kQueryInterface, {iid.addr, out.addr}));
  if (!(flags & (MSHLFLAGS_TABLEWEAK | MSHLFLAGS_TABLESTRONG))) call_method(p, itf, kRelease);
  return hr;
}

int32_t Marshal_ReleaseMarshalData(WindowsProcess& p, Ptr self, Ptr stream) {
  if (!marshal_of(self.addr).free_threaded) return release_marshal_data(p, stream.addr);
  uint8_t record[kFreeThreadedSize];
  if (read_all(p, stream.addr, record, sizeof record) != com::S_OK) return com::STG_E_READFAULT;
  uint64_t itf;
  std::memcpy(&itf, record + 4, 8);
  call_method(p, itf, kRelease);
  return com::S_OK;
}

int32_t Marshal_DisconnectObject(WindowsProcess&, Ptr, uint32_t) { return com::S_OK; }

const std::vector<Export>& marshal_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IMarshal::QueryInterface", Marshal_QueryInterface),
      EXPORT("IMarshal::AddRef", Marshal_AddRef),
      EXPORT("IMarshal::Release", Marshal_Release),
      EXPORT("IMarshal::GetUnmarshalClass", Marshal_GetUnmarshalClass),
      EXPORT("IMarshal::GetMarshalSizeMax", Marshal_GetMarshalSizeMax),
      EXPORT("IMarshal::MarshalInterface", Marshal_MarshalInterface),
      EXPORT("IMarshal::UnmarshalInterface", Marshal_UnmarshalInterface),
      EXPORT("IMarshal::ReleaseMarshalData", Marshal_ReleaseMarshalData),
      EXPORT("IMarshal::DisconnectObject", Marshal_DisconnectObject),
  };
  return methods;
}

// The free-threaded marshaler's inner (non-delegating) IUnknown, at the block's second pointer.
uint64_t ftm_of_inner(uint64_t inner, WindowsProcess& p) { return inner - p.isa->ptr; }
int32_t Inner_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  const uint64_t marshal = ftm_of_inner(self.addr, p);
  MarshalObject& m = marshal_of(marshal);
  if (guid_is(iid.addr, kIidIUnknown)) {
    ++m.refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  if (guid_is(iid.addr, kIidIMarshal)) {
    call_method(p, m.outer, kAddRef);
    p.put_ptr(out.addr, marshal);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Inner_AddRef(WindowsProcess& p, Ptr self) { return ++marshal_of(ftm_of_inner(self.addr, p)).refs; }
uint32_t Inner_Release(WindowsProcess& p, Ptr self) {
  const uint64_t marshal = ftm_of_inner(self.addr, p);
  MarshalObject& m = marshal_of(marshal);
  if (--m.refs) return m.refs;
  marshal_objects.erase(marshal);
  p.heap.free(marshal);
  return 0;
}
const std::vector<Export>& inner_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IUnknown::QueryInterface", Inner_QueryInterface),
      EXPORT("IUnknown::AddRef", Inner_AddRef),
      EXPORT("IUnknown::Release", Inner_Release),
  };
  return methods;
}

// CoCreateFreeThreadedMarshaler(outer, &marshaler): the free-threaded marshaler's inner IUnknown,
// aggregated by `outer` (standing alone for NULL).
int32_t CoCreateFreeThreadedMarshaler(WindowsProcess& p, Ptr outer, Ptr out) {
  const unsigned ptr = p.isa->ptr;
  const uint64_t block = p.heap.alloc(2 * ptr);
  if (!block) return com::E_OUTOFMEMORY;
  p.put_ptr(block, com_vtable(p, kOle32, marshal_methods()));
  p.put_ptr(block + ptr, com_vtable(p, kOle32, inner_methods()));
  MarshalObject m;
  m.free_threaded = true;
  m.outer = outer ? outer.addr : block + ptr;
  marshal_objects[block] = m;
  p.put_ptr(out.addr, block + ptr);
  return com::S_OK;
}

// CoGetStandardMarshal(iid, object, context, data, flags, &marshal): a new standard marshaler.
int32_t CoGetStandardMarshal(WindowsProcess& p, Ptr, Ptr, uint32_t, Ptr, uint32_t, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return com::E_OUTOFMEMORY;
  p.put_ptr(self, com_vtable(p, kOle32, marshal_methods()));
  marshal_objects[self] = MarshalObject{};
  p.put_ptr(out.addr, self);
  return com::S_OK;
}

// ---- the global interface table: one object for the process ----
struct GlobalEntry {
  uint64_t stream = 0;  // a table-strong marshal
  GuidBytes iid{};
};
std::map<uint32_t, GlobalEntry> global_entries;
uint32_t next_global_cookie = 0x100;
uint64_t global_table = 0;

int32_t Git_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_POINTER;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIGlobalInterfaceTable)) {
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Git_AddRef(WindowsProcess&, Ptr) { return 2; }
uint32_t Git_Release(WindowsProcess&, Ptr) { return 1; }

// RegisterInterfaceInGlobal(object, iid, &cookie): a table-strong marshal kept under a new cookie.
int32_t Git_RegisterInterfaceInGlobal(WindowsProcess& p, Ptr, Ptr object, Ptr iid, Ptr cookie) {
  if (!cookie) return com::E_INVALIDARG;
  put<uint32_t>(cookie.addr, 0);
  Scratch made(p, 8);
  int32_t hr = static_cast<int32_t>(p.call_export("ole32.dll", "CreateStreamOnHGlobal", {0, 1, made.addr}));
  if (com::failed(hr)) return hr;
  const uint64_t stream = p.get_ptr(made.addr);
  hr = marshal_interface(p, stream, iid.addr, object.addr, MSHCTX_INPROC, 0, MSHLFLAGS_TABLESTRONG);
  if (com::failed(hr)) {
    call_method(p, stream, kRelease);
    return hr;
  }
  const uint32_t id = next_global_cookie++;
  global_entries[id] = GlobalEntry{stream, read_guid(iid.addr)};
  put<uint32_t>(cookie.addr, id);
  return com::S_OK;
}

// RevokeInterfaceFromGlobal(cookie): the marshal released; E_INVALIDARG for an unknown cookie.
int32_t Git_RevokeInterfaceFromGlobal(WindowsProcess& p, Ptr, uint32_t cookie) {
  auto it = global_entries.find(cookie);
  if (it == global_entries.end()) return com::E_INVALIDARG;
  const uint64_t stream = it->second.stream;
  global_entries.erase(it);
  uint64_t position = 0;
  stream_seek(p, stream, 0, 0, position);
  const int32_t hr = release_marshal_data(p, stream);
  call_method(p, stream, kRelease);
  return hr;
}

// GetInterfaceFromGlobal(cookie, iid, &object): unmarshalled from the kept record.
int32_t Git_GetInterfaceFromGlobal(WindowsProcess& p, Ptr, uint32_t cookie, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  auto it = global_entries.find(cookie);
  if (it == global_entries.end()) return com::E_INVALIDARG;
  uint64_t position = 0;
  stream_seek(p, it->second.stream, 0, 0, position);
  return unmarshal_interface(p, it->second.stream, iid.addr, out.addr);
}

const std::vector<Export>& git_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IGlobalInterfaceTable::QueryInterface", Git_QueryInterface),
      EXPORT("IGlobalInterfaceTable::AddRef", Git_AddRef),
      EXPORT("IGlobalInterfaceTable::Release", Git_Release),
      EXPORT("IGlobalInterfaceTable::RegisterInterfaceInGlobal", Git_RegisterInterfaceInGlobal),
      EXPORT("IGlobalInterfaceTable::RevokeInterfaceFromGlobal", Git_RevokeInterfaceFromGlobal),
      EXPORT("IGlobalInterfaceTable::GetInterfaceFromGlobal", Git_GetInterfaceFromGlobal),
  };
  return methods;
}

// ---- the class factories of OLE32's own classes ----
struct Factory {
  GuidBytes clsid;
};
std::map<uint64_t, Factory> factories;

int32_t Factory_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIClassFactory)) {
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Factory_AddRef(WindowsProcess&, Ptr) { return 2; }
uint32_t Factory_Release(WindowsProcess&, Ptr) { return 1; }

int32_t Factory_CreateInstance(WindowsProcess& p, Ptr self, Ptr outer, Ptr iid, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  const GuidBytes clsid = factories[self.addr].clsid;
  if (clsid == kClsidStdGlobalInterfaceTable) {
    if (outer) return CLASS_E_NOAGGREGATION;
    if (!global_table) {
      global_table = p.alloc_data(p.isa->ptr);
      p.put_ptr(global_table, com_vtable(p, kOle32, git_methods()));
    }
    return Git_QueryInterface(p, Ptr(global_table), iid, out);
  }
  // The free-threaded marshaler, standing alone.
  Scratch made(p, 8);
  int32_t hr = CoCreateFreeThreadedMarshaler(p, Ptr(0), Ptr(made.addr));
  if (com::failed(hr)) return hr;
  const uint64_t inner = p.get_ptr(made.addr);
  hr = static_cast<int32_t>(call_method(p, inner, kQueryInterface, {iid.addr, out.addr}));
  call_method(p, inner, kRelease);
  return hr;
}
int32_t Factory_LockServer(WindowsProcess&, Ptr, int32_t) { return com::S_OK; }

const std::vector<Export>& factory_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IClassFactory::QueryInterface", Factory_QueryInterface),
      EXPORT("IClassFactory::AddRef", Factory_AddRef),
      EXPORT("IClassFactory::Release", Factory_Release),
      EXPORT("IClassFactory::CreateInstance", Factory_CreateInstance),
      EXPORT("IClassFactory::LockServer", Factory_LockServer),
  };
  return methods;
}

// DllGetClassObject(clsid, iid, &object): OLE32's class objects (CLSID_StdGlobalInterfaceTable,
// CLSID_InProcFreeMarshaler); CLASS_E_CLASSNOTAVAILABLE for another class.
int32_t DllGetClassObject(WindowsProcess& p, Ptr clsid, Ptr iid, Ptr out) {
  uint64_t object = 0;
  const int32_t hr = own_class_object(p, read_guid(clsid.addr), read_guid(iid.addr), object);
  p.put_ptr(out.addr, object);
  return hr;
}

}  // namespace

int32_t ole32::own_class_object(WindowsProcess& p, const GuidBytes& clsid, const GuidBytes& iid, uint64_t& out) {
  out = 0;
  if (clsid != kClsidStdGlobalInterfaceTable && clsid != kClsidInProcFreeMarshaler) return CLASS_E_CLASSNOTAVAILABLE;
  static std::map<GuidBytes, uint64_t> made;
  uint64_t& factory = made[clsid];
  if (!factory) {
    factory = p.alloc_data(p.isa->ptr);
    p.put_ptr(factory, com_vtable(p, kOle32, factory_methods()));
    factories[factory] = Factory{clsid};
  }
  return query_interface(p, factory, iid, out);
}

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_marshal_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CoMarshalInterface", CoMarshalInterface),
      EXPORT("CoUnmarshalInterface", CoUnmarshalInterface),
      EXPORT("CoReleaseMarshalData", CoReleaseMarshalData),
      EXPORT("CoGetMarshalSizeMax", CoGetMarshalSizeMax),
      EXPORT("CoGetStandardMarshal", CoGetStandardMarshal),
      EXPORT("CoMarshalInterThreadInterfaceInStream", CoMarshalInterThreadInterfaceInStream),
      EXPORT("CoGetInterfaceAndReleaseStream", CoGetInterfaceAndReleaseStream),
      EXPORT("CoCreateFreeThreadedMarshaler", CoCreateFreeThreadedMarshaler),
      EXPORT("CoDisconnectObject", CoDisconnectObject),
      EXPORT("CoLockObjectExternal", CoLockObjectExternal),
      EXPORT("DllGetClassObject", DllGetClassObject),
      EXPORT("Ole32DllGetClassObject", DllGetClassObject),
  };
  return exports;
}

}  // namespace polyrun::shims
