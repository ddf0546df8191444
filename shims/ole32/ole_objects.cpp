// OLE32.dll: OLE's helpers over the program's compound-document objects — running state
// (OleIsRunning, OleRun, OleLockRunning, OleSetContainedObject through IRunnableObject;
// OleNoteObjectVisible), persistence (OleSave, OleLoad, CoGetInstanceFromFile,
// CoGetInstanceFromIStorage), what the registry says of a class (OleRegGetUserType,
// OleRegGetMiscStatus, OleGetAutoConvert, OleSetAutoConvert), what a data object offers
// (OleQueryCreateFromData, OleQueryLinkFromData), the foreground and handler helpers, and OLE32's
// own registration (DllRegisterServer, DllUnregisterServer).
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr GuidBytes kIidIRunnableObject = ole_iid(0x00000126);
constexpr GuidBytes kIidIPersistStorage = ole_iid(0x0000010a);
constexpr GuidBytes kIidIPersistFile = ole_iid(0x0000010b);
constexpr GuidBytes kIidIOleObject = ole_iid(0x00000112);
constexpr GuidBytes kIidIForegroundTransfer =
    make_guid(0x00000145, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
// IRunnableObject's methods after IUnknown's three.
constexpr unsigned kRun = 4, kIsRunning = 5, kLockRunning = 6, kSetContainedObject = 7;

// Method `slot` of the object's IRunnableObject with `args`, or `absent` when it has none.
int32_t runnable(WindowsProcess& p, uint64_t object, unsigned slot, const std::vector<uint64_t>& args, int32_t absent) {
  uint64_t r = 0;
  if (com::failed(query_interface(p, object, kIidIRunnableObject, r))) return absent;
  const int32_t hr = static_cast<int32_t>(call_method(p, r, slot, args));
  call_method(p, r, kRelease);
  return hr;
}

// OleIsRunning(object): IRunnableObject::IsRunning; TRUE for an object without it (it is always
// running), FALSE for NULL.
int32_t OleIsRunning(WindowsProcess& p, Ptr object) {
  if (!object) return 0;
  return runnable(p, object.addr, kIsRunning, {}, 1);
}
// OleRun, OleLockRunning, OleSetContainedObject: the object's IRunnableObject method; S_OK for an
// object without one.
int32_t OleRun(WindowsProcess& p, Ptr object) { return runnable(p, object.addr, kRun, {0}, com::S_OK); }
int32_t OleLockRunning(WindowsProcess& p, Ptr object, int32_t lock, int32_t last_unlock_closes) {
  return runnable(p, object.addr, kLockRunning, {static_cast<uint32_t>(lock), static_cast<uint32_t>(last_unlock_closes)},
                  com::S_OK);
}
int32_t OleSetContainedObject(WindowsProcess& p, Ptr object, int32_t contained) {
  return runnable(p, object.addr, kSetContainedObject, {static_cast<uint32_t>(contained)}, com::S_OK);
}
// OleNoteObjectVisible(object, visible): an external lock while visible (CoLockObjectExternal).
int32_t OleNoteObjectVisible(WindowsProcess& p, Ptr object, int32_t visible) {
  return static_cast<int32_t>(
      p.call_export("ole32.dll", "CoLockObjectExternal", {object.addr, static_cast<uint32_t>(visible), 1}));
}

// OleSave(persist, storage, same_as_load): the object's class written to the storage, then
// IPersistStorage::Save, and the storage committed when that succeeded.
int32_t OleSave(WindowsProcess& p, Ptr persist, Ptr storage, int32_t same_as_load) {
  constexpr unsigned kGetClassId = 3, kSave = 7, kCommit = 9;  // IPersistStorage's, IStorage's
  Scratch clsid(p, 16);
  if (!com::failed(static_cast<int32_t>(call_method(p, persist.addr, kGetClassId, {clsid.addr}))))
    p.call_export("ole32.dll", "WriteClassStg", {storage.addr, clsid.addr});
  const int32_t hr = static_cast<int32_t>(call_method(p, persist.addr, kSave, {storage.addr, static_cast<uint32_t>(same_as_load)}));
  if (!com::failed(hr)) call_method(p, storage.addr, kCommit, {0});
  return hr;
}

// OleLoad(storage, iid, site, &object): the storage's class made (in-process server or handler),
// loaded from the storage (IPersistStorage::Load), given the client site (IOleObject::SetClientSite)
// and asked for `iid`.
int32_t OleLoad(WindowsProcess& p, Ptr storage, Ptr iid, Ptr site, Ptr out) {
  constexpr unsigned kLoad = 6, kSetClientSite = 3;  // IPersistStorage's, IOleObject's
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  Scratch clsid(p, 16), made(p, 8), unk_iid(p, 16);
  int32_t hr = static_cast<int32_t>(p.call_export("ole32.dll", "ReadClassStg", {storage.addr, clsid.addr}));
  if (com::failed(hr)) return hr;
  write_guid(unk_iid.addr, kIidIUnknown);
  hr = static_cast<int32_t>(p.call_export("ole32.dll", "CoCreateInstance",
                                          {clsid.addr, 0, CLSCTX_INPROC_SERVER | CLSCTX_INPROC_HANDLER, unk_iid.addr,
                                           made.addr}));
  if (com::failed(hr)) return hr;
  const uint64_t object = p.get_ptr(made.addr);
  uint64_t persist = 0;
  hr = query_interface(p, object, kIidIPersistStorage, persist);
  if (!com::failed(hr)) {
    hr = static_cast<int32_t>(call_method(p, persist, kLoad, {storage.addr}));
    call_method(p, persist, kRelease);
  }
  if (!com::failed(hr) && site) {
    uint64_t ole_object = 0;
    if (!com::failed(query_interface(p, object, kIidIOleObject, ole_object))) {
      call_method(p, ole_object, kSetClientSite, {site.addr});
      call_method(p, ole_object, kRelease);
    }
  }
  if (!com::failed(hr)) hr = static_cast<int32_t>(call_method(p, object, kQueryInterface, {iid.addr, out.addr}));
  call_method(p, object, kRelease);
  return hr;
}

// The MULTI_QI entries filled from an object: S_OK when all were found, CO_S_NOTALLINTERFACES when
// some, E_NOINTERFACE when none.
int32_t fill_multi_qi(WindowsProcess& p, uint64_t object, uint32_t count, uint64_t results) {
  const uint64_t ptr = p.isa->ptr, size = ptr == 8 ? 24 : 12;
  uint32_t found = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t entry = results + i * size;
    uint64_t itf = 0;
    const int32_t hr = query_interface(p, object, read_guid(p.get_ptr(entry)), itf);
    p.put_ptr(entry + ptr, itf);
    put<int32_t>(entry + 2 * ptr, hr);
    if (!com::failed(hr)) ++found;
  }
  if (found == count) return com::S_OK;
  return found ? CO_S_NOTALLINTERFACES : com::E_NOINTERFACE;
}

// CoGetInstanceFromFile(server, clsid, outer, context, mode, name, count, results): an object of
// the class (GetClassFile's for NULL) loaded from the file (IPersistFile::Load(name, mode)), then
// asked for each interface.
int32_t CoGetInstanceFromFile(WindowsProcess& p, Ptr, Ptr clsid, Ptr outer, uint32_t context, uint32_t mode, Ptr name,
                              uint32_t count, Ptr results) {
  constexpr unsigned kLoad = 5;
  if (!count || !results) return com::E_INVALIDARG;
  Scratch id(p, 16), made(p, 8), unk_iid(p, 16);
  if (clsid) {
    std::memcpy(guest_pointer(id.addr), guest_pointer(clsid.addr), 16);
  } else {
    const int32_t hr = static_cast<int32_t>(p.call_export("ole32.dll", "GetClassFile", {name.addr, id.addr}));
    if (com::failed(hr)) return hr;
  }
  write_guid(unk_iid.addr, kIidIUnknown);
  int32_t hr = static_cast<int32_t>(
      p.call_export("ole32.dll", "CoCreateInstance", {id.addr, outer.addr, context, unk_iid.addr, made.addr}));
  if (com::failed(hr)) return hr;
  const uint64_t object = p.get_ptr(made.addr);
  uint64_t persist = 0;
  hr = query_interface(p, object, kIidIPersistFile, persist);
  if (!com::failed(hr)) {
    hr = static_cast<int32_t>(call_method(p, persist, kLoad, {name.addr, mode}));
    call_method(p, persist, kRelease);
  }
  if (!com::failed(hr)) hr = fill_multi_qi(p, object, count, results.addr);
  call_method(p, object, kRelease);
  return hr;
}

// CoGetInstanceFromIStorage(server, clsid, outer, context, storage, count, results): likewise from
// a storage (IPersistStorage::Load), its class ReadClassStg's for NULL.
int32_t CoGetInstanceFromIStorage(WindowsProcess& p, Ptr, Ptr clsid, Ptr outer, uint32_t context, Ptr storage,
                                  uint32_t count, Ptr results) {
  constexpr unsigned kLoad = 6;  // IPersistStorage's
  if (!count || !results) return com::E_INVALIDARG;
  Scratch id(p, 16), made(p, 8), unk_iid(p, 16);
  if (clsid) {
    std::memcpy(guest_pointer(id.addr), guest_pointer(clsid.addr), 16);
  } else {
    const int32_t hr = static_cast<int32_t>(p.call_export("ole32.dll", "ReadClassStg", {storage.addr, id.addr}));
    if (com::failed(hr)) return hr;
  }
  write_guid(unk_iid.addr, kIidIUnknown);
  int32_t hr = static_cast<int32_t>(
      p.call_export("ole32.dll", "CoCreateInstance", {id.addr, outer.addr, context, unk_iid.addr, made.addr}));
  if (com::failed(hr)) return hr;
  const uint64_t object = p.get_ptr(made.addr);
  uint64_t persist = 0;
  hr = query_interface(p, object, kIidIPersistStorage, persist);
  if (!com::failed(hr)) {
    hr = static_cast<int32_t>(call_method(p, persist, kLoad, {storage.addr}));
    call_method(p, persist, kRelease);
  }
  if (!com::failed(hr)) hr = fill_multi_qi(p, object, count, results.addr);
  call_method(p, object, kRelease);
  return hr;
}

// OleRegGetUserType(clsid, form, &text): the class's AuxUserType\<form> name (USERCLASSTYPE_FULL,
// and any form without one, the class key's own), in a block of the task allocator.
int32_t OleRegGetUserType(WindowsProcess& p, Ptr clsid, uint32_t form, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  const GuidBytes id = read_guid(clsid.addr);
  uint64_t key = 0;
  int32_t hr = open_clsid_key(p, id, u"", key);
  if (com::failed(hr)) return hr;
  std::u16string text;
  constexpr uint32_t USERCLASSTYPE_FULL = 1;
  bool found = false;
  if (form != USERCLASSTYPE_FULL) {
    std::string number = std::to_string(form);
    uint64_t aux = 0;
    if (!com::failed(open_clsid_key(p, id, u"AuxUserType\\" + std::u16string(number.begin(), number.end()), aux))) {
      found = reg_string(p, aux, u"", text) == 0 && !text.empty();
      reg_close(p, aux);
    }
  }
  if (!found && reg_string(p, key, u"", text) != 0) {
    reg_close(p, key);
    return REGDB_E_READREGDB;
  }
  reg_close(p, key);
  const uint64_t block = task_wide(p, text);
  if (!block) return com::E_OUTOFMEMORY;
  p.put_ptr(out.addr, block);
  return com::S_OK;
}

// A default value as a number: a REG_DWORD, or a string's decimal digits.
bool read_number(WindowsProcess& p, uint64_t key, uint32_t& value) {
  if (reg_dword(p, key, u"", value) == 0) return true;
  std::u16string text;
  if (reg_string(p, key, u"", text) != 0) return false;
  value = 0;
  for (char16_t c : text) {
    if (c < '0' || c > '9') break;
    value = value * 10 + (c - '0');
  }
  return true;
}

// OleRegGetMiscStatus(clsid, aspect, &status): MiscStatus\<aspect>'s value, else MiscStatus's own,
// else 0 (S_OK: a missing key is no failure).
int32_t OleRegGetMiscStatus(WindowsProcess& p, Ptr clsid, uint32_t aspect, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  put<uint32_t>(out.addr, 0);
  uint64_t key = 0;
  const int32_t hr = open_clsid_key(p, read_guid(clsid.addr), u"MiscStatus", key);
  if (com::failed(hr)) return hr == REGDB_E_KEYMISSING ? com::S_OK : hr;
  uint32_t value = 0;
  if (read_number(p, key, value)) put<uint32_t>(out.addr, value);
  const std::string number = std::to_string(aspect);
  uint64_t sub = 0;
  if (reg_open(p, key, std::u16string(number.begin(), number.end()), sub) == 0) {
    if (read_number(p, sub, value)) put<uint32_t>(out.addr, value);
    reg_close(p, sub);
  }
  reg_close(p, key);
  return com::S_OK;
}

// OleGetAutoConvert(old, &new): HKCR\CLSID\{old}\AutoConvertTo's class; REGDB_E_KEYMISSING without
// it. OleSetAutoConvert(old, new) records it (the key Microsoft's OleSetAutoConvert page names).
int32_t OleGetAutoConvert(WindowsProcess& p, Ptr old_clsid, Ptr out) {
  uint64_t key = 0;
  int32_t hr = open_clsid_key(p, read_guid(old_clsid.addr), u"AutoConvertTo", key);
  if (com::failed(hr)) return hr;
  std::u16string text;
  const uint32_t rc = reg_string(p, key, u"", text);
  reg_close(p, key);
  if (rc != 0) return REGDB_E_KEYMISSING;
  GuestText guest(p, text);
  return static_cast<int32_t>(p.call_export("ole32.dll", "CLSIDFromString", {guest.addr, out.addr}));
}
int32_t OleSetAutoConvert(WindowsProcess& p, Ptr old_clsid, Ptr new_clsid) {
  uint64_t key = 0;
  int32_t hr = open_clsid_key(p, read_guid(old_clsid.addr), u"", key);
  if (com::failed(hr)) return hr;
  reg_close(p, key);
  uint64_t sub = 0;
  if (reg_create(p, 0, u"CLSID\\" + guid_text(old_clsid.addr) + u"\\AutoConvertTo", sub) != 0) return REGDB_E_WRITEREGDB;
  hr = reg_set_string(p, sub, u"", guid_text(new_clsid.addr)) == 0 ? com::S_OK : REGDB_E_WRITEREGDB;
  reg_close(p, sub);
  return hr;
}

// Whether the data object offers a clipboard format on HGLOBAL (IDataObject::QueryGetData).
bool offers(WindowsProcess& p, uint64_t data, uint16_t format, uint32_t tymed = TYMED_HGLOBAL) {
  constexpr unsigned kQueryGetData = 5;
  const unsigned ptr = p.isa->ptr;
  Scratch etc(p, ptr == 8 ? 32 : 20);  // FORMATETC: cfFormat, ptd, dwAspect, lindex, tymed
  put<uint16_t>(etc.addr, format);
  put<uint32_t>(etc.addr + 2 * ptr, 1);  // DVASPECT_CONTENT
  put<int32_t>(etc.addr + 2 * ptr + 4, -1);
  put<uint32_t>(etc.addr + 2 * ptr + 8, tymed);
  return call_method(p, data, kQueryGetData, {etc.addr}) == com::S_OK;
}
uint16_t registered_format(WindowsProcess& p, const std::u16string& name) {
  GuestText text(p, name);
  return static_cast<uint16_t>(user32(p, "RegisterClipboardFormatW", {text.addr}));
}

// OleQueryCreateFromData(data): from the formats the data object enumerates (EnumFormatEtc):
// S_OK when one is an embedded object, its source or a file name to embed, OLE_S_STATIC when only
// a picture (metafile picture, bitmap, DIB), S_FALSE otherwise; the enumeration's failure as it is.
int32_t OleQueryCreateFromData(WindowsProcess& p, Ptr data) {
  constexpr int32_t OLE_S_STATIC = 0x00040001;
  constexpr uint16_t CF_BITMAP = 2, CF_METAFILEPICT = 3, CF_DIB = 8;
  constexpr unsigned kEnumFormatEtc = 8, kNext = 3;
  constexpr uint32_t DATADIR_GET = 1;
  Scratch made(p, 8);
  int32_t hr = static_cast<int32_t>(call_method(p, data.addr, kEnumFormatEtc, {DATADIR_GET, made.addr}));
  if (com::failed(hr)) return hr;
  const uint64_t formats = p.get_ptr(made.addr);
  const uint16_t embedded = registered_format(p, u"Embedded Object"), source = registered_format(p, u"Embed Source"),
                 file = registered_format(p, u"FileName");
  Scratch etc(p, 32);
  bool picture = false;
  int32_t result = com::S_FALSE;
  while (static_cast<int32_t>(call_method(p, formats, kNext, {1, etc.addr, 0})) == com::S_OK) {
    const uint16_t cf = get<uint16_t>(etc.addr);
    if (cf == embedded || cf == source || cf == file) {
      result = com::S_OK;
      break;
    }
    if (cf == CF_METAFILEPICT || cf == CF_BITMAP || cf == CF_DIB) picture = true;
  }
  call_method(p, formats, kRelease);
  if (result == com::S_OK) return result;
  return picture ? OLE_S_STATIC : com::S_FALSE;
}

// OleQueryLinkFromData(data): S_OK when it offers a link source ("Link Source"), else S_FALSE.
int32_t OleQueryLinkFromData(WindowsProcess& p, Ptr data) {
  return offers(p, data.addr, registered_format(p, u"Link Source"), TYMED_ISTREAM) ? com::S_OK : com::S_FALSE;
}

// CoAllowSetForegroundWindow(object, reserved): the object's IForegroundTransfer allows the
// foreground to pass; E_INVALIDARG with a reserved value, E_NOINTERFACE for an object without it.
int32_t CoAllowSetForegroundWindow(WindowsProcess& p, Ptr object, Ptr reserved) {
  if (reserved) return com::E_INVALIDARG;
  uint64_t transfer = 0;
  const int32_t hr = query_interface(p, object.addr, kIidIForegroundTransfer, transfer);
  if (com::failed(hr)) return hr;
  const int32_t result = static_cast<int32_t>(call_method(p, transfer, 3, {0}));
  call_method(p, transfer, kRelease);
  return result;
}

// CoIsHandlerConnected(object): TRUE — the process's objects are all in it, none a handler whose
// server could have gone.
int32_t CoIsHandlerConnected(WindowsProcess&, Ptr) { return 1; }

// DllRegisterServer: OLE32's classes registered under HKCR\CLSID (InprocServer32 ole32.dll, the
// threading model "Both"); DllUnregisterServer removes them.
const std::vector<OwnClass> kOwnClasses = {
    {u"{00000323-0000-0000-C000-000000000046}", u"StdGlobalInterfaceTable"},
    {u"{0000033A-0000-0000-C000-000000000046}", u"InProcFreeMarshaler"},
};
int32_t DllRegisterServer(WindowsProcess& p) { return register_classes(p, u"ole32.dll", kOwnClasses); }
int32_t DllUnregisterServer(WindowsProcess& p) { return unregister_classes(p, kOwnClasses); }

// OleDraw(object, aspect, dc, rect): IViewObject::Draw of the object (DV_E_NOIVIEWOBJECT without
// one); E_INVALIDARG for NULL.
int32_t OleDraw(WindowsProcess& p, Ptr object, uint32_t aspect, Ptr dc, Ptr rect) {
  constexpr int32_t DV_E_NOIVIEWOBJECT = static_cast<int32_t>(0x8004006d);
  constexpr GuidBytes kIidIViewObject = ole_iid(0x0000010d);
  constexpr unsigned kDraw = 3;
  if (!object) return com::E_INVALIDARG;
  uint64_t view = 0;
  if (com::failed(query_interface(p, object.addr, kIidIViewObject, view))) return DV_E_NOIVIEWOBJECT;
  const uint64_t minus_one = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  const int32_t hr = static_cast<int32_t>(
      call_method(p, view, kDraw, {aspect, minus_one & 0xffffffff, 0, 0, 0, dc.addr, rect.addr, 0, 0, 0}));
  call_method(p, view, kRelease);
  return hr;
}

// OleDoAutoConvert(storage, &new): the storage's class replaced by the one it auto-converts to
// (OleGetAutoConvert), its CompObj user type by the new class's, and its convert bit set; the new
// class handed back (the old one, and the failure, when there is none or a step fails — the class
// and user type then as they were).
int32_t OleDoAutoConvert(WindowsProcess& p, Ptr storage, Ptr out) {
  constexpr unsigned kSetClass = 15, kStat = 17;
  std::memset(guest_pointer(out.addr), 0, 16);
  if (!storage) return com::E_INVALIDARG;
  Scratch stat(p, p.isa->ptr == 8 ? 80 : 72), clsid(p, 16), format(p, 4), old_type(p, 8), new_type(p, 8);
  int32_t hr = static_cast<int32_t>(call_method(p, storage.addr, kStat, {stat.addr, STATFLAG_NONAME}));
  if (com::failed(hr)) return hr;
  const uint64_t old_clsid = stat.addr + (p.isa->ptr == 8 ? 56 : 48);
  std::memcpy(guest_pointer(out.addr), guest_pointer(old_clsid), 16);
  hr = OleGetAutoConvert(p, Ptr(old_clsid), Ptr(clsid.addr));
  if (com::failed(hr)) return hr;
  hr = static_cast<int32_t>(call_method(p, storage.addr, kSetClass, {clsid.addr}));
  if (com::failed(hr)) return hr;
  if (com::failed(static_cast<int32_t>(
          p.call_export("ole32.dll", "ReadFmtUserTypeStg", {storage.addr, format.addr, old_type.addr})))) {
    put<uint16_t>(format.addr, 0);
    p.put_ptr(old_type.addr, 0);
  }
  if (com::failed(OleRegGetUserType(p, Ptr(clsid.addr), 1, Ptr(new_type.addr)))) p.put_ptr(new_type.addr, 0);
  hr = static_cast<int32_t>(p.call_export("ole32.dll", "WriteFmtUserTypeStg",
                                          {storage.addr, get<uint16_t>(format.addr), p.get_ptr(new_type.addr)}));
  task_free(p, p.get_ptr(new_type.addr));
  if (com::failed(hr)) {
    call_method(p, storage.addr, kSetClass, {old_clsid});
  } else {
    hr = static_cast<int32_t>(p.call_export("ole32.dll", "SetConvertStg", {storage.addr, 1}));
    if (com::failed(hr)) {
      p.call_export("ole32.dll", "WriteFmtUserTypeStg", {storage.addr, get<uint16_t>(format.addr), p.get_ptr(old_type.addr)});
      call_method(p, storage.addr, kSetClass, {old_clsid});
    } else {
      std::memcpy(guest_pointer(out.addr), guest_pointer(clsid.addr), 16);
    }
  }
  task_free(p, p.get_ptr(old_type.addr));
  return hr;
}

// OleCreate(clsid, iid, render, format, site, storage, &object): an embedded object made
// (in-process server or handler, asked for `iid`), the storage given its class and to the object
// (IPersistStorage::InitNew), the client site set (IOleObject::SetClientSite); for OLERENDER_DRAW
// and OLERENDER_FORMAT the object is run and its cache asked for the format (IOleCache::Cache,
// ADVF_PRIMEFIRST). On failure no object is handed out.
int32_t OleCreate(WindowsProcess& p, Ptr clsid, Ptr iid, uint32_t render, Ptr format, Ptr site, Ptr storage, Ptr out) {
  constexpr unsigned kSetClass = 15, kInitNew = 5, kSetClientSite = 3, kGetMiscStatus = 22, kCache = 3;
  constexpr uint32_t OLERENDER_DRAW = 1, OLERENDER_FORMAT = 2, ADVF_PRIMEFIRST = 2;
  constexpr GuidBytes kIidIOleCache = ole_iid(0x0000011e);
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  Scratch made(p, 8);
  int32_t hr = static_cast<int32_t>(p.call_export(
      "ole32.dll", "CoCreateInstance", {clsid.addr, 0, CLSCTX_INPROC_SERVER | CLSCTX_INPROC_HANDLER, iid.addr, made.addr}));
  const uint64_t object = com::failed(hr) ? 0 : p.get_ptr(made.addr);
  if (object) hr = static_cast<int32_t>(call_method(p, storage.addr, kSetClass, {clsid.addr}));
  uint64_t ole_object = 0;
  if (object && site && !com::failed(hr)) {
    hr = query_interface(p, object, kIidIOleObject, ole_object);
    if (!com::failed(hr)) {
      Scratch status(p, 4);
      call_method(p, ole_object, kGetMiscStatus, {1, status.addr});
    }
  }
  if (object && !com::failed(hr)) {
    uint64_t persist = 0;
    hr = query_interface(p, object, kIidIPersistStorage, persist);
    if (!com::failed(hr)) {
      hr = static_cast<int32_t>(call_method(p, persist, kInitNew, {storage.addr}));
      call_method(p, persist, kRelease);
    }
  }
  if (ole_object && !com::failed(hr)) hr = static_cast<int32_t>(call_method(p, ole_object, kSetClientSite, {site.addr}));
  if (ole_object) call_method(p, ole_object, kRelease);
  if (object && !com::failed(hr) && (render == OLERENDER_DRAW || render == OLERENDER_FORMAT)) {
    hr = OleRun(p, Ptr(object));
    uint64_t cache = 0;
    if (!com::failed(hr) && !com::failed(query_interface(p, object, kIidIOleCache, cache))) {
      Scratch connection(p, 4), draw(p, 32);
      uint64_t etc = format.addr;
      if (render == OLERENDER_DRAW && !format) {
        put<uint32_t>(draw.addr + 2 * p.isa->ptr, 1);  // DVASPECT_CONTENT
        put<int32_t>(draw.addr + 2 * p.isa->ptr + 4, -1);
        etc = draw.addr;
      }
      hr = static_cast<int32_t>(call_method(p, cache, kCache, {etc, ADVF_PRIMEFIRST, connection.addr}));
      call_method(p, cache, kRelease);
    }
  }
  if (com::failed(hr)) {
    if (object) call_method(p, object, kRelease);
    return hr;
  }
  p.put_ptr(out.addr, object);
  return hr;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_ole_object_exports() {
  static const std::vector<Export> exports = {
      EXPORT("OleIsRunning", OleIsRunning),
      EXPORT("OleRun", OleRun),
      EXPORT("OleLockRunning", OleLockRunning),
      EXPORT("OleSetContainedObject", OleSetContainedObject),
      EXPORT("OleNoteObjectVisible", OleNoteObjectVisible),
      EXPORT("OleSave", OleSave),
      EXPORT("OleLoad", OleLoad),
      EXPORT("CoGetInstanceFromFile", CoGetInstanceFromFile),
      EXPORT("CoGetInstanceFromIStorage", CoGetInstanceFromIStorage),
      EXPORT("OleRegGetUserType", OleRegGetUserType),
      EXPORT("OleRegGetMiscStatus", OleRegGetMiscStatus),
      EXPORT("OleGetAutoConvert", OleGetAutoConvert),
      EXPORT("OleSetAutoConvert", OleSetAutoConvert),
      EXPORT("OleQueryCreateFromData", OleQueryCreateFromData),
      EXPORT("OleQueryLinkFromData", OleQueryLinkFromData),
      EXPORT("CoAllowSetForegroundWindow", CoAllowSetForegroundWindow),
      EXPORT("CoIsHandlerConnected", CoIsHandlerConnected),
      EXPORT("DllRegisterServer", DllRegisterServer),
      EXPORT("DllUnregisterServer", DllUnregisterServer),
      EXPORT("OleDraw", OleDraw),
      EXPORT("OleDoAutoConvert", OleDoAutoConvert),
      EXPORT("OleCreate", OleCreate),
  };
  return exports;
}

}  // namespace polyrun::shims
