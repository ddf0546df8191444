// SHLWAPI's (and SHCore's) SHCreateMemStream: an IStream over a copy of a block of memory, which
// grows as it is written past its end and goes with its last reference. Read gives what is left
// from the position (S_FALSE and nothing at or past the end); Write extends the stream (zeros in
// any gap the position left); Seek takes SET, CUR or END (STG_E_INVALIDFUNCTION before the start,
// the position kept to 32 bits); SetSize cuts or extends with zeros; CopyTo writes into another
// stream through its Write; Stat gives the size, STGTY_STREAM and STGM_READWRITE, no name;
// Commit, Revert, the region locks and Clone are not supported (E_NOTIMPL), as in Windows' stream.
#include <cstring>
#include <map>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/ole32/com_object.h"
#include "shims/shlwapi/exports.h"

namespace polyrun::shims::shlwapi_memory_stream {

namespace {

constexpr GuidBytes kIidSequentialStream = make_guid(0x0c733a30, 0x2a1c, 0x11ce, {0xad, 0xe5, 0, 0xaa, 0, 0x44, 0x77, 0x3d});
constexpr GuidBytes kIidStream = make_guid(0x0000000c, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr HRESULT kStgInvalidFunction = static_cast<HRESULT>(0x80030001),
                  kStgInvalidParameter = static_cast<HRESULT>(0x80030057);

struct MemoryStream {
  uint32_t refs = 1;
  std::vector<uint8_t> data;
  uint32_t position = 0;
};
std::map<uint64_t, MemoryStream>& streams() {
  static std::map<uint64_t, MemoryStream> s;
  return s;
}
// A method called on a stream that is no more: the access violation of a freed object's use.
MemoryStream& stream_of(uint64_t self) {
  auto it = streams().find(self);
  if (it == streams().end()) touch_guest_byte(0);
  return it->second;
}

HRESULT Mem_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidSequentialStream) || guid_is(iid.addr, kIidStream)) {
    ++stream_of(self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return S_OK;
  }
  p.put_ptr(out.addr, 0);
  return E_NOINTERFACE;
}
uint32_t Mem_AddRef(WindowsProcess&, Ptr self) { return ++stream_of(self.addr).refs; }
uint32_t Mem_Release(WindowsProcess& p, Ptr self) {
  MemoryStream& s = stream_of(self.addr);
  if (--s.refs) return s.refs;
  streams().erase(self.addr);
  p.heap.free(self.addr);
  return 0;
}

HRESULT Mem_Read(WindowsProcess&, Ptr self, Ptr buf, uint32_t count, Ptr read) {
  MemoryStream& s = stream_of(self.addr);
  if (s.position >= s.data.size()) {
    if (read) put<uint32_t>(read.addr, 0);
    return S_FALSE;
  }
  const uint32_t n = std::min<uint32_t>(count, static_cast<uint32_t>(s.data.size()) - s.position);
  if (n) std::memmove(buf.as<uint8_t>(), s.data.data() + s.position, n);
  s.position += n;
  if (read) put<uint32_t>(read.addr, n);
  return S_OK;
}
HRESULT Mem_Write(WindowsProcess&, Ptr self, Ptr data, uint32_t count, Ptr written) {
  MemoryStream& s = stream_of(self.addr);
  const uint64_t end = uint64_t{s.position} + count;
  if (end > 0xffffffffu) return static_cast<HRESULT>(0x80030008);  // STG_E_INSUFFICIENTMEMORY
  if (end > s.data.size()) s.data.resize(end, 0);
  if (count) std::memmove(s.data.data() + s.position, data.as<const uint8_t>(), count);
  s.position = static_cast<uint32_t>(end);
  if (written) put<uint32_t>(written.addr, count);
  return S_OK;
}
HRESULT Mem_Seek(WindowsProcess&, Ptr self, int64_t move, uint32_t origin, Ptr position) {
  MemoryStream& s = stream_of(self.addr);
  int64_t at;
  if (origin == 0) at = move;
  else if (origin == 1) at = int64_t{s.position} + move;
  else if (origin == 2) at = static_cast<int64_t>(s.data.size()) + move;
  else return kStgInvalidParameter;
  if (at < 0) return kStgInvalidFunction;
  s.position = static_cast<uint32_t>(at);
  if (position) put<uint64_t>(position.addr, s.position);
  return S_OK;
}
HRESULT Mem_SetSize(WindowsProcess&, Ptr self, uint64_t size) {
  stream_of(self.addr).data.resize(static_cast<uint32_t>(size), 0);
  return S_OK;
}
// CopyTo(stream, count, &read, &written): in blocks through the other stream's Write.
HRESULT Mem_CopyTo(WindowsProcess& p, Ptr self, Ptr to, uint64_t count, Ptr read_total, Ptr written_total) {
  if (!to) return E_POINTER;
  constexpr uint32_t kBlock = 0x400;
  const uint64_t block = p.heap.alloc(kBlock + 8);
  if (!block) return E_OUTOFMEMORY;
  uint64_t read_sum = 0, written_sum = 0;
  HRESULT hr = S_OK;
  while (count > 0) {
    const uint32_t want = static_cast<uint32_t>(std::min<uint64_t>(kBlock, count));
    MemoryStream& s = stream_of(self.addr);
    const uint32_t n = s.position >= s.data.size() ? 0 : std::min<uint32_t>(want, static_cast<uint32_t>(s.data.size()) - s.position);
    if (n) std::memcpy(guest_pointer(block), s.data.data() + s.position, n);
    s.position += n;
    read_sum += n;
    if (n) {
      put<uint32_t>(block + kBlock, 0);
      hr = static_cast<HRESULT>(call_method(p, to.addr, 4 /* ISequentialStream::Write */, {block, n, block + kBlock}));
      if (hr < 0) break;
      written_sum += get<uint32_t>(block + kBlock);
    }
    count = n != want ? 0 : count - n;
  }
  p.heap.free(block);
  if (read_total) put<uint64_t>(read_total.addr, read_sum);
  if (written_total) put<uint64_t>(written_total.addr, written_sum);
  return hr;
}
HRESULT Mem_NotSupported(WindowsProcess&, Ptr) { return E_NOTIMPL; }
HRESULT Mem_CommitNotSupported(WindowsProcess&, Ptr, uint32_t) { return E_NOTIMPL; }
HRESULT Mem_RegionNotSupported(WindowsProcess&, Ptr, uint64_t, uint64_t, uint32_t) { return E_NOTIMPL; }
HRESULT Mem_CloneNotSupported(WindowsProcess& p, Ptr, Ptr out) {
  p.put_ptr(out.addr, 0);
  return E_NOTIMPL;
}
// Stat: STATSTG zeroed but for the type (STGTY_STREAM), the size and the mode (STGM_READWRITE).
HRESULT Mem_Stat(WindowsProcess& p, Ptr self, Ptr out, uint32_t) {
  const MemoryStream& s = stream_of(self.addr);
  const uint64_t w = p.isa->ptr;
  std::memset(guest_pointer(out.addr), 0, w == 8 ? 80 : 72);
  put<uint32_t>(out.addr + w, 2);
  put<uint64_t>(out.addr + (w == 8 ? 16 : 8), s.data.size());
  put<uint32_t>(out.addr + (w == 8 ? 48 : 40), 2);
  return S_OK;
}

const std::vector<Export>& methods() {
  static const std::vector<Export> m = {
      EXPORT("IStream::QueryInterface", Mem_QueryInterface),
      EXPORT("IStream::AddRef", Mem_AddRef),
      EXPORT("IStream::Release", Mem_Release),
      EXPORT("IStream::Read", Mem_Read),
      EXPORT("IStream::Write", Mem_Write),
      EXPORT("IStream::Seek", Mem_Seek),
      EXPORT("IStream::SetSize", Mem_SetSize),
      EXPORT("IStream::CopyTo", Mem_CopyTo),
      EXPORT("IStream::Commit", Mem_CommitNotSupported),
      EXPORT("IStream::Revert", Mem_NotSupported),
      EXPORT("IStream::LockRegion", Mem_RegionNotSupported),
      EXPORT("IStream::UnlockRegion", Mem_RegionNotSupported),
      EXPORT("IStream::Stat", Mem_Stat),
      EXPORT("IStream::Clone", Mem_CloneNotSupported),
  };
  return m;
}

// SHCreateMemStream(data, size): the stream over a copy of the data (none for NULL data).
Ptr SHCreateMemStream(WindowsProcess& p, Ptr data, uint32_t size) {
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return Ptr(0);
  p.put_ptr(self, com_vtable(p, kShlwapi, methods()));
  MemoryStream s;
  if (data) s.data.assign(data.as<const uint8_t>(), data.as<const uint8_t>() + size);
  streams()[self] = std::move(s);
  return Ptr(self);
}

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {EXPORT("SHCreateMemStream", SHCreateMemStream)};
  return exports;
}

}  // namespace polyrun::shims::shlwapi_memory_stream
