// OLE32.dll: a stream (IStream) and a byte array (ILockBytes) over a global memory block
// (CreateStreamOnHGlobal, CreateILockBytesOnHGlobal), and the block behind one
// (GetHGlobalFromStream, GetHGlobalFromILockBytes). The block is KERNEL32's (GlobalAlloc,
// GlobalReAlloc, GlobalSize, GlobalFree, called by name); its contents are the data, its size
// only a floor: the stream keeps its own size, grown with GlobalReAlloc when a write goes past the
// end. A stream's clones share its block and size, each with its own position; the block is freed
// with the last of them when it was handed over with fDeleteOnRelease.
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>

#include "shims/core/guest_memory.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr uint32_t STGTY_STREAM = 2, STGTY_LOCKBYTES = 3;
constexpr GuidBytes kIidISequentialStream = make_guid(0x0c733a30, 0x2a1c, 0x11ce, {0xad, 0xe5, 0x00, 0xaa, 0x00, 0x44, 0x77, 0x3d});

// The global block and the data's size, shared by a stream and its clones.
struct GlobalData {
  uint64_t hglobal = 0;
  uint32_t size = 0;
  bool delete_on_release = false;
};

// The last user of the block gone: freed when it was handed over to be.
void drop_data(WindowsProcess& p, std::shared_ptr<GlobalData>& d) {
  if (d.use_count() == 1 && d->delete_on_release && d->hglobal) kernel32(p, "GlobalFree", {d->hglobal});
  d.reset();
}

std::shared_ptr<GlobalData> make_data(WindowsProcess& p, uint64_t hglobal, bool delete_on_release) {
  if (!hglobal) hglobal = kernel32(p, "GlobalAlloc", {GMEM_MOVEABLE | GMEM_NODISCARD | GMEM_SHARE, 0});
  if (!hglobal) return nullptr;
  auto d = std::make_shared<GlobalData>();
  d->hglobal = hglobal;
  d->size = static_cast<uint32_t>(kernel32(p, "GlobalSize", {hglobal}));
  d->delete_on_release = delete_on_release;
  return d;
}

// Resizes the block to hold `size` bytes: false when GlobalReAlloc fails.
bool resize(WindowsProcess& p, GlobalData& d, uint32_t size) {
  if (d.size == size) return true;
  const uint64_t h = kernel32(p, "GlobalReAlloc", {d.hglobal, size, GMEM_MOVEABLE});
  if (!h) return false;
  d.hglobal = h;
  d.size = size;
  return true;
}

uint64_t data_at(WindowsProcess& p, GlobalData& d) {
  const uint64_t at = kernel32(p, "GlobalLock", {d.hglobal});
  if (at) kernel32(p, "GlobalUnlock", {d.hglobal});
  return at;
}

// STATSTG: pwcsName, type, cbSize (8-aligned), three FILETIMEs, grfMode, grfLocksSupported, clsid,
// grfStateBits, reserved: 80 bytes on x64, 72 on i386.
uint64_t statstg_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 80 : 72; }

// ---- the stream ----
struct HStream {
  uint32_t refs = 1;
  std::shared_ptr<GlobalData> data;
  uint32_t position = 0;
};
std::map<uint64_t, HStream>& hstreams() {
  static std::map<uint64_t, HStream> all;
  return all;
}
HStream& hstream(uint64_t self) {
  auto it = hstreams().find(self);
  if (it == hstreams().end()) touch_guest_byte(0);  // a released stream: the use of freed memory
  return it->second;
}

uint64_t new_hstream(WindowsProcess& p, std::shared_ptr<GlobalData> data, uint32_t position);

int32_t HStream_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidISequentialStream) || guid_is(iid.addr, kIidIStream)) {
    ++hstream(self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t HStream_AddRef(WindowsProcess&, Ptr self) { return ++hstream(self.addr).refs; }
uint32_t HStream_Release(WindowsProcess& p, Ptr self) {
  HStream& s = hstream(self.addr);
  if (--s.refs) return s.refs;
  drop_data(p, s.data);
  hstreams().erase(self.addr);
  p.heap.free(self.addr);
  return 0;
}

// Read: as much as is there from the position on.
int32_t HStream_Read(WindowsProcess& p, Ptr self, Ptr buffer, uint32_t size, Ptr done) {
  HStream& s = hstream(self.addr);
  const uint32_t n = s.position >= s.data->size ? 0 : std::min(size, s.data->size - s.position);
  const uint64_t at = data_at(p, *s.data);
  if (n && at) std::memmove(guest_pointer(buffer.addr), guest_pointer(at + s.position), n);
  s.position += at ? n : 0;
  if (done) put<uint32_t>(done.addr, at ? n : 0);
  return com::S_OK;
}

// Write: the stream grows as needed (E_OUTOFMEMORY when it cannot).
int32_t HStream_Write(WindowsProcess& p, Ptr self, Ptr buffer, uint32_t size, Ptr done) {
  HStream& s = hstream(self.addr);
  if (done) put<uint32_t>(done.addr, 0);
  if (size) {
    const uint32_t end = s.position + size;
    if (end > s.data->size && !resize(p, *s.data, end)) return com::E_OUTOFMEMORY;
    const uint64_t at = data_at(p, *s.data);
    if (!at) return com::S_OK;
    std::memmove(guest_pointer(at + s.position), guest_pointer(buffer.addr), size);
    s.position += size;
  }
  if (done) put<uint32_t>(done.addr, size);
  return com::S_OK;
}

// Seek(move, origin, &position): from the start, the position or the end; STG_E_SEEKERROR for
// another origin or a position before the start (the position then unchanged). Positions are 32
// bits, as the block's size is.
int32_t HStream_Seek(WindowsProcess& p, Ptr self, int64_t move, uint32_t origin, Ptr out) {
  HStream& s = hstream(self.addr);
  (void)p;
  int32_t hr = com::S_OK;
  uint32_t base = 0;
  switch (origin) {
    case 0: base = 0; break;
    case 1: base = s.position; break;
    case 2: base = s.data->size; break;
    default: hr = STG_E_SEEKERROR;
  }
  if (hr == com::S_OK) {
    const uint32_t low = static_cast<uint32_t>(move);
    const uint32_t position = base + low;
    if (low >= 0x80000000u && position >= low) hr = STG_E_SEEKERROR;
    else s.position = position;
  }
  if (out) put<uint64_t>(out.addr, s.position);
  return hr;
}

int32_t HStream_SetSize(WindowsProcess& p, Ptr self, uint64_t size) {
  HStream& s = hstream(self.addr);
  return resize(p, *s.data, static_cast<uint32_t>(size)) ? com::S_OK : com::E_OUTOFMEMORY;
}

// CopyTo(destination, count, &read, &written): reads from the position and writes to the other
// stream until `count` bytes or the end.
int32_t HStream_CopyTo(WindowsProcess& p, Ptr self, Ptr dest, uint64_t count, Ptr read_total, Ptr written_total) {
  if (!dest) return com::STG_E_INVALIDPOINTER;
  HStream& s = hstream(self.addr);
  const uint32_t available = s.position >= s.data->size ? 0 : s.data->size - s.position;
  const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(count, available));
  uint32_t written = 0;
  int32_t hr = com::S_OK;
  if (n) {
    Scratch copy(p, n);
    std::memcpy(guest_pointer(copy.addr), guest_pointer(data_at(p, *s.data) + s.position), n);
    s.position += n;
    hr = stream_write(p, dest.addr, copy.addr, n, written);
  }
  if (read_total) put<uint64_t>(read_total.addr, n);
  if (written_total) put<uint64_t>(written_total.addr, com::failed(hr) ? 0 : written);
  return hr;
}

int32_t HStream_Commit(WindowsProcess&, Ptr, uint32_t) { return com::S_OK; }
int32_t HStream_Revert(WindowsProcess&, Ptr) { return com::S_OK; }
// Region locks are not supported by memory streams (STG_E_INVALIDFUNCTION, Microsoft's
// CreateStreamOnHGlobal page); unlocking what cannot be locked is S_OK.
int32_t HStream_LockRegion(WindowsProcess&, Ptr, uint64_t, uint64_t, uint32_t) { return STG_E_INVALIDFUNCTION; }
int32_t HStream_UnlockRegion(WindowsProcess&, Ptr, uint64_t, uint64_t, uint32_t) { return com::S_OK; }

int32_t HStream_Stat(WindowsProcess& p, Ptr self, Ptr out, uint32_t) {
  HStream& s = hstream(self.addr);
  std::memset(guest_pointer(out.addr), 0, statstg_size(p));
  put<uint32_t>(out.addr + p.isa->ptr, STGTY_STREAM);
  put<uint64_t>(out.addr + (p.isa->ptr == 8 ? 16 : 8), s.data->size);
  return com::S_OK;
}

int32_t HStream_Clone(WindowsProcess& p, Ptr self, Ptr out) {
  p.put_ptr(out.addr, 0);
  HStream& s = hstream(self.addr);
  const uint64_t clone = new_hstream(p, s.data, s.position);
  if (!clone) return com::E_OUTOFMEMORY;
  p.put_ptr(out.addr, clone);
  return com::S_OK;
}

const std::vector<Export>& hstream_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IStream::QueryInterface", HStream_QueryInterface),
      EXPORT("IStream::AddRef", HStream_AddRef),
      EXPORT("IStream::Release", HStream_Release),
      EXPORT("IStream::Read", HStream_Read),
      EXPORT("IStream::Write", HStream_Write),
      EXPORT("IStream::Seek", HStream_Seek),
      EXPORT("IStream::SetSize", HStream_SetSize),
      EXPORT("IStream::CopyTo", HStream_CopyTo),
      EXPORT("IStream::Commit", HStream_Commit),
      EXPORT("IStream::Revert", HStream_Revert),
      EXPORT("IStream::LockRegion", HStream_LockRegion),
      EXPORT("IStream::UnlockRegion", HStream_UnlockRegion),
      EXPORT("IStream::Stat", HStream_Stat),
      EXPORT("IStream::Clone", HStream_Clone),
  };
  return methods;
}

uint64_t new_hstream(WindowsProcess& p, std::shared_ptr<GlobalData> data, uint32_t position) {
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOle32, hstream_methods()));
  HStream s;
  s.data = std::move(data);
  s.position = position;
  hstreams()[self] = std::move(s);
  return self;
}

// CreateStreamOnHGlobal(hglobal, delete_on_release, &stream): a stream over the block (a new
// empty one for NULL), at position 0, as long as the block is; E_INVALIDARG without the
// out-parameter.
int32_t CreateStreamOnHGlobal(WindowsProcess& p, Ptr hglobal, int32_t delete_on_release, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  auto data = make_data(p, hglobal.addr, delete_on_release != 0);
  if (!data) return com::E_OUTOFMEMORY;
  const uint64_t stream = new_hstream(p, std::move(data), 0);
  if (!stream) return com::E_OUTOFMEMORY;
  p.put_ptr(out.addr, stream);
  return com::S_OK;
}

// GetHGlobalFromStream(stream, &hglobal): the block of a stream CreateStreamOnHGlobal made;
// E_INVALIDARG (NULL stored) for another stream or without an argument.
int32_t GetHGlobalFromStream(WindowsProcess& p, Ptr stream, Ptr out) {
  if (!stream || !out) return com::E_INVALIDARG;
  auto it = hstreams().find(stream.addr);
  if (it == hstreams().end()) {
    p.put_ptr(out.addr, 0);
    return com::E_INVALIDARG;
  }
  p.put_ptr(out.addr, it->second.data->hglobal);
  return com::S_OK;
}

// ---- the byte array ----
struct HLockBytes {
  uint32_t refs = 1;
  std::shared_ptr<GlobalData> data;
};
std::map<uint64_t, HLockBytes>& hlockbytes() {
  static std::map<uint64_t, HLockBytes> all;
  return all;
}
HLockBytes& lockbytes_of(uint64_t self) {
  auto it = hlockbytes().find(self);
  if (it == hlockbytes().end()) touch_guest_byte(0);
  return it->second;
}

int32_t HLock_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidILockBytes)) {
    ++lockbytes_of(self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  return com::E_NOINTERFACE;
}
uint32_t HLock_AddRef(WindowsProcess&, Ptr self) { return ++lockbytes_of(self.addr).refs; }
uint32_t HLock_Release(WindowsProcess& p, Ptr self) {
  HLockBytes& l = lockbytes_of(self.addr);
  if (--l.refs) return l.refs;
  drop_data(p, l.data);
  hlockbytes().erase(self.addr);
  p.heap.free(self.addr);
  return 0;
}

// ReadAt(offset, buffer, size, &read): what is there from the offset on; E_FAIL for an offset past
// the end, STG_E_READFAULT when fewer bytes than asked were there.
int32_t HLock_ReadAt(WindowsProcess& p, Ptr self, uint64_t offset, Ptr buffer, uint32_t size, Ptr done) {
  HLockBytes& l = lockbytes_of(self.addr);
  const uint32_t at = static_cast<uint32_t>(offset);
  if (done) put<uint32_t>(done.addr, 0);
  if (at > l.data->size) return com::E_FAIL;
  const uint32_t n = std::min(size, l.data->size - at);
  if (n) std::memmove(guest_pointer(buffer.addr), guest_pointer(data_at(p, *l.data) + at), n);
  if (done) put<uint32_t>(done.addr, n);
  return n == size ? com::S_OK : com::STG_E_READFAULT;
}

// WriteAt(offset, buffer, size, &written): the array grows as needed (STG_E_MEDIUMFULL when it
// cannot).
int32_t HLock_WriteAt(WindowsProcess& p, Ptr self, uint64_t offset, Ptr buffer, uint32_t size, Ptr done) {
  HLockBytes& l = lockbytes_of(self.addr);
  if (done) put<uint32_t>(done.addr, 0);
  if (!size) return com::S_OK;
  const uint32_t at = static_cast<uint32_t>(offset), end = at + size;
  if (end > l.data->size && !resize(p, *l.data, end)) return STG_E_MEDIUMFULL;
  std::memmove(guest_pointer(data_at(p, *l.data) + at), guest_pointer(buffer.addr), size);
  if (done) put<uint32_t>(done.addr, size);
  return com::S_OK;
}

int32_t HLock_Flush(WindowsProcess&, Ptr) { return com::S_OK; }

// SetSize: STG_E_INVALIDFUNCTION past 4 GB, STG_E_MEDIUMFULL when the block cannot grow.
int32_t HLock_SetSize(WindowsProcess& p, Ptr self, uint64_t size) {
  if (size >> 32) return STG_E_INVALIDFUNCTION;
  HLockBytes& l = lockbytes_of(self.addr);
  return resize(p, *l.data, static_cast<uint32_t>(size)) ? com::S_OK : STG_E_MEDIUMFULL;
}

// Memory has no region locks: STG_E_INVALIDFUNCTION for both.
int32_t HLock_LockRegion(WindowsProcess&, Ptr, uint64_t, uint64_t, uint32_t) { return STG_E_INVALIDFUNCTION; }
int32_t HLock_UnlockRegion(WindowsProcess&, Ptr, uint64_t, uint64_t, uint32_t) { return STG_E_INVALIDFUNCTION; }

int32_t HLock_Stat(WindowsProcess& p, Ptr self, Ptr out, uint32_t) {
  HLockBytes& l = lockbytes_of(self.addr);
  std::memset(guest_pointer(out.addr), 0, statstg_size(p));
  put<uint32_t>(out.addr + p.isa->ptr, STGTY_LOCKBYTES);
  put<uint64_t>(out.addr + (p.isa->ptr == 8 ? 16 : 8), l.data->size);
  return com::S_OK;
}

const std::vector<Export>& hlockbytes_methods() {
  static const std::vector<Export> methods = {
      EXPORT("ILockBytes::QueryInterface", HLock_QueryInterface),
      EXPORT("ILockBytes::AddRef", HLock_AddRef),
      EXPORT("ILockBytes::Release", HLock_Release),
      EXPORT("ILockBytes::ReadAt", HLock_ReadAt),
      EXPORT("ILockBytes::WriteAt", HLock_WriteAt),
      EXPORT("ILockBytes::Flush", HLock_Flush),
      EXPORT("ILockBytes::SetSize", HLock_SetSize),
      EXPORT("ILockBytes::LockRegion", HLock_LockRegion),
      EXPORT("ILockBytes::UnlockRegion", HLock_UnlockRegion),
      EXPORT("ILockBytes::Stat", HLock_Stat),
  };
  return methods;
}

// CreateILockBytesOnHGlobal(hglobal, delete_on_release, &lockbytes): a byte array over the block
// (a new empty one for NULL), as long as the block is.
int32_t CreateILockBytesOnHGlobal(WindowsProcess& p, Ptr hglobal, int32_t delete_on_release, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  auto data = make_data(p, hglobal.addr, delete_on_release != 0);
  const uint64_t self = data ? p.heap.alloc(p.isa->ptr) : 0;
  if (!self) return com::E_OUTOFMEMORY;
  p.put_ptr(self, com_vtable(p, kOle32, hlockbytes_methods()));
  HLockBytes l;
  l.data = std::move(data);
  hlockbytes()[self] = std::move(l);
  p.put_ptr(out.addr, self);
  return com::S_OK;
}

// GetHGlobalFromILockBytes(lockbytes, &hglobal): the block of one CreateILockBytesOnHGlobal made.
// Another ILockBytes: its contents (Stat's size, ReadAt from 0) are copied into the block the
// caller passes in *hglobal; E_INVALIDARG when that is NULL.
int32_t GetHGlobalFromILockBytes(WindowsProcess& p, Ptr lockbytes, Ptr out) {
  auto it = hlockbytes().find(lockbytes.addr);
  if (it != hlockbytes().end()) {
    p.put_ptr(out.addr, it->second.data->hglobal);
    return it->second.data->hglobal ? com::S_OK : com::E_INVALIDARG;
  }
  constexpr unsigned kReadAt = 3, kStat = 9;
  Scratch stat(p, statstg_size(p));
  int32_t hr = static_cast<int32_t>(call_method(p, lockbytes.addr, kStat, {stat.addr, 1}));
  if (hr != com::S_OK) return hr;
  const uint64_t target = p.get_ptr(out.addr);
  if (!target) return com::E_INVALIDARG;
  const uint32_t size = get<uint32_t>(stat.addr + (p.isa->ptr == 8 ? 16 : 8));
  Scratch done(p, 4);
  const uint64_t at = kernel32(p, "GlobalLock", {target});
  const std::vector<uint64_t> args = p.isa->ptr == 8 ? std::vector<uint64_t>{0, at, size, done.addr}
                                                     : std::vector<uint64_t>{0, 0, at, size, done.addr};
  hr = static_cast<int32_t>(call_method(p, lockbytes.addr, kReadAt, args));
  kernel32(p, "GlobalUnlock", {target});
  return hr;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_hglobal_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateStreamOnHGlobal", CreateStreamOnHGlobal),
      EXPORT("GetHGlobalFromStream", GetHGlobalFromStream),
      EXPORT("CreateILockBytesOnHGlobal", CreateILockBytesOnHGlobal),
      EXPORT("GetHGlobalFromILockBytes", GetHGlobalFromILockBytes),
  };
  return exports;
}

}  // namespace polyrun::shims
