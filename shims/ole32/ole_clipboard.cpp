// OLE32.dll: OLE's clipboard over USER32's (called by name). OleSetClipboard empties the clipboard
// and puts the data object's global-memory formats on it (its IDataObject::GetData of each format
// its EnumFormatEtc lists on TYMED_HGLOBAL), keeping the object as the clipboard's source until
// another is set or OleFlushClipboard lets it go (the formats stay). OleGetClipboard hands out a
// data object over the clipboard's contents as they are when asked (formats and data read from
// USER32's clipboard, copies in new global blocks); OleIsCurrentClipboard says whether an object is
// the source. Windows renders a source's formats when a reader asks for them; here they are
// rendered when the source is set, which readers cannot tell apart.
#include <cstring>
#include <map>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr int32_t CLIPBRD_E_CANT_OPEN = static_cast<int32_t>(0x800401d0),
                  CLIPBRD_E_CANT_EMPTY = static_cast<int32_t>(0x800401d1),
                  CLIPBRD_E_CANT_CLOSE = static_cast<int32_t>(0x800401d4),
                  DATA_S_SAMEFORMATETC = 0x00040130;
constexpr GuidBytes kIidIDataObject = ole_iid(0x0000010e);
constexpr uint32_t DATADIR_GET = 1;

uint64_t clipboard_source = 0;  // the data object OleSetClipboard set (held)
uint64_t snapshot_object = 0;
uint32_t snapshot_refs = 0;

uint64_t formatetc_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 32 : 20; }

// The window that owns the clipboard while OLE's source is on it (a clipboard emptied by a task
// without a window has no owner, and takes no data): a message-only window, made once.
uint64_t clipboard_window(WindowsProcess& p) {
  static uint64_t window = 0;
  if (!window) {
    GuestText cls(p, u"STATIC"), title(p, u"OLE clipboard");
    const uint64_t message_only = p.isa->ptr == 8 ? ~uint64_t{2} : 0xfffffffdull;  // HWND_MESSAGE
    window = user32(p, "CreateWindowExW", {0, cls.addr, title.addr, 0, 0, 0, 0, 0, message_only, 0, 0, 0});
  }
  return window;
}

// Copies a global block (0 when it cannot).
uint64_t copy_global(WindowsProcess& p, uint64_t h) {
  const uint64_t size = kernel32(p, "GlobalSize", {h});
  const uint64_t copy = kernel32(p, "GlobalAlloc", {GMEM_MOVEABLE, size});
  if (!copy) return 0;
  const uint64_t from = kernel32(p, "GlobalLock", {h}), to = kernel32(p, "GlobalLock", {copy});
  if (from && to && size) std::memcpy(guest_pointer(to), guest_pointer(from), size);
  kernel32(p, "GlobalUnlock", {copy});
  kernel32(p, "GlobalUnlock", {h});
  return copy;
}

// Puts each of the source's global-memory formats on the (open, empty) clipboard.
void render_formats(WindowsProcess& p, uint64_t data) {
  constexpr unsigned kGetData = 3, kEnumFormatEtc = 8, kNext = 3;
  Scratch made(p, 8);
  if (com::failed(static_cast<int32_t>(call_method(p, data, kEnumFormatEtc, {DATADIR_GET, made.addr})))) return;
  const uint64_t formats = p.get_ptr(made.addr);
  const unsigned ptr = p.isa->ptr;
  Scratch etc(p, formatetc_size(p)), medium(p, 3 * ptr);
  while (static_cast<int32_t>(call_method(p, formats, kNext, {1, etc.addr, 0})) == com::S_OK) {
    if (!(get<uint32_t>(etc.addr + 2 * ptr + 8) & TYMED_HGLOBAL)) continue;
    put<uint32_t>(etc.addr + 2 * ptr + 8, TYMED_HGLOBAL);
    std::memset(guest_pointer(medium.addr), 0, 3 * ptr);
    if (call_method(p, data, kGetData, {etc.addr, medium.addr}) != com::S_OK) continue;
    if (get<uint32_t>(medium.addr) == TYMED_HGLOBAL && p.get_ptr(medium.addr + ptr)) {
      const uint64_t copy = copy_global(p, p.get_ptr(medium.addr + ptr));
      if (copy && !user32(p, "SetClipboardData", {get<uint16_t>(etc.addr), copy})) kernel32(p, "GlobalFree", {copy});
    }
    p.call_export("ole32.dll", "ReleaseStgMedium", {medium.addr});
  }
  call_method(p, formats, kRelease);
}

void drop_source(WindowsProcess& p) {
  const uint64_t old = clipboard_source;
  clipboard_source = 0;
  if (old) call_method(p, old, kRelease);
}

// OleSetClipboard(data): CO_E_NOTINITIALIZED without OleInitialize; NULL empties the clipboard.
int32_t OleSetClipboard(WindowsProcess& p, Ptr data) {
  if (!ole_initialized()) return com::CO_E_NOTINITIALIZED;
  if (!user32(p, "OpenClipboard", {clipboard_window(p)})) return CLIPBRD_E_CANT_OPEN;
  int32_t hr = com::S_OK;
  if (!user32(p, "EmptyClipboard", {})) {
    hr = CLIPBRD_E_CANT_EMPTY;
  } else {
    drop_source(p);
    if (data) {
      call_method(p, data.addr, kAddRef);
      clipboard_source = data.addr;
      render_formats(p, data.addr);
    }
  }
  if (!user32(p, "CloseClipboard", {})) hr = CLIPBRD_E_CANT_CLOSE;
  return hr;
}

// OleFlushClipboard: the source let go, its formats left on the clipboard; E_FAIL without
// OleInitialize, S_OK when there is no source.
int32_t OleFlushClipboard(WindowsProcess& p) {
  if (!ole_initialized()) return com::E_FAIL;
  drop_source(p);
  return com::S_OK;
}

int32_t OleIsCurrentClipboard(WindowsProcess&, Ptr data) {
  if (!data) return com::S_FALSE;
  return data.addr == clipboard_source ? com::S_OK : com::S_FALSE;
}

// ---- the clipboard's data object ----
int32_t Clip_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIDataObject)) {
    ++snapshot_refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Clip_AddRef(WindowsProcess&, Ptr) { return ++snapshot_refs; }
uint32_t Clip_Release(WindowsProcess&, Ptr) { return snapshot_refs ? --snapshot_refs : 0; }

// GetData(format, &medium): the clipboard's data of the format on TYMED_HGLOBAL, a copy the
// caller owns; DV_E_FORMATETC when it is not there, DV_E_TYMED for another medium.
int32_t Clip_GetData(WindowsProcess& p, Ptr, Ptr format, Ptr medium) {
  if (!format || !medium) return com::E_INVALIDARG;
  const unsigned ptr = p.isa->ptr;
  std::memset(guest_pointer(medium.addr), 0, 3 * ptr);
  if (!(get<uint32_t>(format.addr + 2 * ptr + 8) & TYMED_HGLOBAL)) return DV_E_TYMED;
  if (!user32(p, "OpenClipboard", {0})) return CLIPBRD_E_CANT_OPEN;
  const uint64_t h = user32(p, "GetClipboardData", {get<uint16_t>(format.addr)});
  const uint64_t copy = h ? copy_global(p, h) : 0;
  user32(p, "CloseClipboard", {});
  if (!h) return DV_E_FORMATETC;
  if (!copy) return com::E_OUTOFMEMORY;
  put<uint32_t>(medium.addr, TYMED_HGLOBAL);
  p.put_ptr(medium.addr + ptr, copy);
  return com::S_OK;
}

// GetDataHere: the data into the caller's global block (STG_E_MEDIUMFULL when it is too small).
int32_t Clip_GetDataHere(WindowsProcess& p, Ptr self, Ptr format, Ptr medium) {
  if (!format || !medium) return com::E_INVALIDARG;
  const unsigned ptr = p.isa->ptr;
  if (get<uint32_t>(medium.addr) != TYMED_HGLOBAL) return DV_E_TYMED;
  Scratch mine(p, 3 * ptr);
  const int32_t hr = Clip_GetData(p, self, format, Ptr(mine.addr));
  if (hr != com::S_OK) return hr;
  const uint64_t from = p.get_ptr(mine.addr + ptr), to = p.get_ptr(medium.addr + ptr);
  const uint64_t size = kernel32(p, "GlobalSize", {from});
  int32_t result = com::S_OK;
  if (kernel32(p, "GlobalSize", {to}) < size) {
    result = STG_E_MEDIUMFULL;
  } else {
    const uint64_t a = kernel32(p, "GlobalLock", {from}), b = kernel32(p, "GlobalLock", {to});
    if (a && b && size) std::memcpy(guest_pointer(b), guest_pointer(a), size);
    kernel32(p, "GlobalUnlock", {to});
    kernel32(p, "GlobalUnlock", {from});
  }
  kernel32(p, "GlobalFree", {from});
  return result;
}

// QueryGetData(format): S_OK when the clipboard has the format, DV_E_CLIPFORMAT when not.
int32_t Clip_QueryGetData(WindowsProcess& p, Ptr, Ptr format) {
  if (!format) return com::E_INVALIDARG;
  return user32(p, "IsClipboardFormatAvailable", {get<uint16_t>(format.addr)}) ? com::S_OK : DV_E_CLIPFORMAT;
}

// GetCanonicalFormatEtc: the same format, without a target device (DATA_S_SAMEFORMATETC).
int32_t Clip_GetCanonicalFormatEtc(WindowsProcess& p, Ptr, Ptr in, Ptr out) {
  if (!in || !out) return com::E_INVALIDARG;
  std::memmove(guest_pointer(out.addr), guest_pointer(in.addr), formatetc_size(p));
  p.put_ptr(out.addr + p.isa->ptr, 0);
  return DATA_S_SAMEFORMATETC;
}

// SetData: the clipboard's object takes none (E_NOTIMPL); advises are not supported
// (OLE_E_ADVISENOTSUPPORTED).
int32_t Clip_SetData(WindowsProcess&, Ptr, Ptr, Ptr, int32_t) { return com::E_NOTIMPL; }
int32_t Clip_DAdvise(WindowsProcess&, Ptr, Ptr, uint32_t, Ptr, Ptr) { return OLE_E_ADVISENOTSUPPORTED; }
int32_t Clip_DUnadvise(WindowsProcess&, Ptr, uint32_t) { return OLE_E_ADVISENOTSUPPORTED; }
int32_t Clip_EnumDAdvise(WindowsProcess&, Ptr, Ptr) { return OLE_E_ADVISENOTSUPPORTED; }

// EnumFormatEtc(DATADIR_GET, &enum): the clipboard's formats, each on TYMED_HGLOBAL; E_NOTIMPL for
// the set direction.
int32_t Clip_EnumFormatEtc(WindowsProcess& p, Ptr, uint32_t direction, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (direction != DATADIR_GET) return com::E_NOTIMPL;
  if (!user32(p, "OpenClipboard", {0})) return CLIPBRD_E_CANT_OPEN;
  std::vector<std::vector<uint8_t>> formats;
  const unsigned ptr = p.isa->ptr;
  for (uint32_t cf = 0; (cf = static_cast<uint32_t>(user32(p, "EnumClipboardFormats", {cf}))) != 0;) {
    std::vector<uint8_t> etc(formatetc_size(p), 0);
    const uint16_t format = static_cast<uint16_t>(cf);
    const uint32_t aspect = 1, tymed = TYMED_HGLOBAL;
    const int32_t lindex = -1;
    std::memcpy(etc.data(), &format, 2);
    std::memcpy(etc.data() + 2 * ptr, &aspect, 4);
    std::memcpy(etc.data() + 2 * ptr + 4, &lindex, 4);
    std::memcpy(etc.data() + 2 * ptr + 8, &tymed, 4);
    formats.push_back(std::move(etc));
  }
  user32(p, "CloseClipboard", {});
  const uint64_t made = format_enumerator(p, formats);
  p.put_ptr(out.addr, made);
  return made ? com::S_OK : com::E_OUTOFMEMORY;
}

const std::vector<Export>& clipboard_object_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IDataObject::QueryInterface", Clip_QueryInterface),
      EXPORT("IDataObject::AddRef", Clip_AddRef),
      EXPORT("IDataObject::Release", Clip_Release),
      EXPORT("IDataObject::GetData", Clip_GetData),
      EXPORT("IDataObject::GetDataHere", Clip_GetDataHere),
      EXPORT("IDataObject::QueryGetData", Clip_QueryGetData),
      EXPORT("IDataObject::GetCanonicalFormatEtc", Clip_GetCanonicalFormatEtc),
      EXPORT("IDataObject::SetData", Clip_SetData),
      EXPORT("IDataObject::EnumFormatEtc", Clip_EnumFormatEtc),
      EXPORT("IDataObject::DAdvise", Clip_DAdvise),
      EXPORT("IDataObject::DUnadvise", Clip_DUnadvise),
      EXPORT("IDataObject::EnumDAdvise", Clip_EnumDAdvise),
  };
  return methods;
}

// OleGetClipboard(&data): the clipboard's data object (its reference counted; never the source
// itself).
int32_t OleGetClipboard(WindowsProcess& p, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  if (!snapshot_object) {
    snapshot_object = p.alloc_data(p.isa->ptr);
    p.put_ptr(snapshot_object, com_vtable(p, kOle32, clipboard_object_methods()));
  }
  ++snapshot_refs;
  p.put_ptr(out.addr, snapshot_object);
  return com::S_OK;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_clipboard_exports() {
  static const std::vector<Export> exports = {
      EXPORT("OleSetClipboard", OleSetClipboard),
      EXPORT("OleGetClipboard", OleGetClipboard),
      EXPORT("OleFlushClipboard", OleFlushClipboard),
      EXPORT("OleIsCurrentClipboard", OleIsCurrentClipboard),
  };
  return exports;
}

}  // namespace polyrun::shims
