// OLE32.dll: the advise holders objects use to keep their advise sinks — CreateOleAdviseHolder's
// IOleAdviseHolder (rename, save and close notifications) and CreateDataAdviseHolder's
// IDataAdviseHolder (data changes, with the format each sink asked for and its ADVF flags) — and
// the IEnumSTATDATA their EnumAdvise hands out. Connections are numbered from 1 by their slot (a
// freed slot is used again); sinks are held until unadvised.
#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr GuidBytes kIidIOleAdviseHolder = ole_iid(0x00000111), kIidIDataAdviseHolder = ole_iid(0x00000110),
                    kIidIEnumSTATDATA = ole_iid(0x00000105);
// IAdviseSink's methods after IUnknown's three.
constexpr unsigned kOnDataChange = 3, kOnRename = 5, kOnSave = 6, kOnClose = 7;
constexpr uint32_t ADVF_NODATA = 1, ADVF_PRIMEFIRST = 2, ADVF_ONLYONCE = 4;

// A connection: the sink (held), its FORMATETC's bytes (the target device not copied) and flags.
struct Connection {
  uint64_t sink = 0;
  std::vector<uint8_t> format;
  uint32_t advf = 0;
  uint32_t number = 0;  // (in snapshots: the connection's number)
};
struct Holder {
  uint32_t refs = 1;
  bool data = false;  // IDataAdviseHolder (else IOleAdviseHolder)
  std::vector<Connection> slots;
};
struct StatEnum {
  uint32_t refs = 1;
  std::vector<Connection> items;  // each sink held
  size_t next = 0;
};
std::map<uint64_t, Holder> holders;
std::map<uint64_t, StatEnum> stat_enums;

uint64_t formatetc_bytes(WindowsProcess& p) { return p.isa->ptr == 8 ? 32 : 20; }
// STATDATA: FORMATETC, advf, pAdvSink, dwConnection.
uint64_t statdata_bytes(WindowsProcess& p) { return p.isa->ptr == 8 ? 56 : 32; }

Holder& holder_of(uint64_t self) {
  auto it = holders.find(self);
  if (it == holders.end()) touch_guest_byte(0);
  return it->second;
}
StatEnum& enum_of(uint64_t self) {
  auto it = stat_enums.find(self);
  if (it == stat_enums.end()) touch_guest_byte(0);
  return it->second;
}

const std::vector<Export>& stat_enum_methods();

// ---- IEnumSTATDATA ----
int32_t Se_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIEnumSTATDATA)) {
    ++enum_of(self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Se_AddRef(WindowsProcess&, Ptr self) { return ++enum_of(self.addr).refs; }
uint32_t Se_Release(WindowsProcess& p, Ptr self) {
  StatEnum& e = enum_of(self.addr);
  if (--e.refs) return e.refs;
  StatEnum gone = std::move(e);
  stat_enums.erase(self.addr);
  p.heap.free(self.addr);
  for (const Connection& c : gone.items)
    if (c.sink) call_method(p, c.sink, kRelease);
  return 0;
}
int32_t Se_Next(WindowsProcess& p, Ptr self, uint32_t count, Ptr out, Ptr fetched) {
  StatEnum& e = enum_of(self.addr);
  const uint64_t size = statdata_bytes(p), fsize = formatetc_bytes(p);
  uint32_t n = 0;
  while (n < count && e.next < e.items.size()) {
    const Connection& c = e.items[e.next];
    const uint64_t at = out.addr + n * size;
    std::memset(guest_pointer(at), 0, size);
    std::memcpy(guest_pointer(at), c.format.data(), fsize);
    put<uint32_t>(at + fsize, c.advf);
    p.put_ptr(at + (p.isa->ptr == 8 ? 40 : 24), c.sink);
    if (c.sink) call_method(p, c.sink, kAddRef);
    put<uint32_t>(at + (p.isa->ptr == 8 ? 48 : 28), c.number);
    ++e.next;
    ++n;
  }
  if (fetched) put<uint32_t>(fetched.addr, n);
  return n == count ? com::S_OK : com::S_FALSE;
}
int32_t Se_Skip(WindowsProcess&, Ptr self, uint32_t count) {
  StatEnum& e = enum_of(self.addr);
  const size_t left = e.items.size() - e.next;
  e.next += std::min<size_t>(count, left);
  return count <= left ? com::S_OK : com::S_FALSE;
}
int32_t Se_Reset(WindowsProcess&, Ptr self) {
  enum_of(self.addr).next = 0;
  return com::S_OK;
}
uint64_t new_stat_enum(WindowsProcess& p, std::vector<Connection> items, size_t next);
int32_t Se_Clone(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return com::E_POINTER;
  StatEnum& e = enum_of(self.addr);
  for (const Connection& c : e.items)
    if (c.sink) call_method(p, c.sink, kAddRef);
  const uint64_t made = new_stat_enum(p, e.items, e.next);
  p.put_ptr(out.addr, made);
  return made ? com::S_OK : com::E_OUTOFMEMORY;
}
const std::vector<Export>& stat_enum_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IEnumSTATDATA::QueryInterface", Se_QueryInterface),
      EXPORT("IEnumSTATDATA::AddRef", Se_AddRef),
      EXPORT("IEnumSTATDATA::Release", Se_Release),
      EXPORT("IEnumSTATDATA::Next", Se_Next),
      EXPORT("IEnumSTATDATA::Skip", Se_Skip),
      EXPORT("IEnumSTATDATA::Reset", Se_Reset),
      EXPORT("IEnumSTATDATA::Clone", Se_Clone),
  };
  return methods;
}
uint64_t new_stat_enum(WindowsProcess& p, std::vector<Connection> items, size_t next) {
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOle32, stat_enum_methods()));
  StatEnum e;
  e.items = std::move(items);
  e.next = next;
  stat_enums[self] = std::move(e);
  return self;
}

// The holder's live connections, each sink AddRef'd, and their connection numbers.
std::vector<Connection> snapshot(WindowsProcess& p, Holder& h, std::vector<uint32_t>* numbers = nullptr) {
  std::vector<Connection> out;
  for (size_t i = 0; i < h.slots.size(); ++i) {
    if (!h.slots[i].sink) continue;
    call_method(p, h.slots[i].sink, kAddRef);
    out.push_back(h.slots[i]);
    out.back().number = static_cast<uint32_t>(i + 1);
    if (numbers) numbers->push_back(static_cast<uint32_t>(i + 1));
  }
  return out;
}

// ---- both holders ----
int32_t Ah_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_POINTER;
  Holder& h = holder_of(self.addr);
  if (guid_is(iid.addr, kIidIUnknown) ||
      guid_is(iid.addr, h.data ? kIidIDataAdviseHolder : kIidIOleAdviseHolder)) {
    ++h.refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Ah_AddRef(WindowsProcess&, Ptr self) { return ++holder_of(self.addr).refs; }
uint32_t Ah_Release(WindowsProcess& p, Ptr self) {
  Holder& h = holder_of(self.addr);
  if (--h.refs) return h.refs;
  Holder gone = std::move(h);
  holders.erase(self.addr);
  p.heap.free(self.addr);
  for (const Connection& c : gone.slots)
    if (c.sink) call_method(p, c.sink, kRelease);
  return 0;
}

uint32_t add_connection(WindowsProcess& p, Holder& h, Connection c) {
  call_method(p, c.sink, kAddRef);
  for (size_t i = 0; i < h.slots.size(); ++i) {
    if (h.slots[i].sink) continue;
    h.slots[i] = std::move(c);
    return static_cast<uint32_t>(i + 1);
  }
  h.slots.push_back(std::move(c));
  return static_cast<uint32_t>(h.slots.size());
}

int32_t unadvise(WindowsProcess& p, Holder& h, uint32_t connection) {
  if (connection == 0 || connection > h.slots.size() || !h.slots[connection - 1].sink) return OLE_E_NOCONNECTION;
  const uint64_t sink = h.slots[connection - 1].sink;
  h.slots[connection - 1] = Connection{};
  call_method(p, sink, kRelease);
  return com::S_OK;
}

int32_t Ah_Unadvise(WindowsProcess& p, Ptr self, uint32_t connection) {
  return unadvise(p, holder_of(self.addr), connection);
}

int32_t Ah_EnumAdvise(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return com::E_POINTER;
  const uint64_t made = new_stat_enum(p, snapshot(p, holder_of(self.addr)), 0);
  p.put_ptr(out.addr, made);
  return made ? com::S_OK : com::E_OUTOFMEMORY;
}

// ---- IOleAdviseHolder ----
int32_t Oah_Advise(WindowsProcess& p, Ptr self, Ptr sink, Ptr connection) {
  if (!connection) return com::E_POINTER;
  put<uint32_t>(connection.addr, 0);
  if (!sink) return com::E_INVALIDARG;
  Connection c;
  c.sink = sink.addr;
  c.format.assign(formatetc_bytes(p), 0);
  std::memcpy(c.format.data() + 2 * p.isa->ptr + 4, "\xff\xff\xff\xff", 4);  // lindex -1
  put<uint32_t>(connection.addr, add_connection(p, holder_of(self.addr), std::move(c)));
  return com::S_OK;
}
// The notification sent to every sink in turn (each held while it runs).
int32_t notify(WindowsProcess& p, Ptr self, unsigned slot, const std::vector<uint64_t>& args) {
  for (const Connection& c : snapshot(p, holder_of(self.addr))) {
    call_method(p, c.sink, slot, args);
    call_method(p, c.sink, kRelease);
  }
  return com::S_OK;
}
int32_t Oah_SendOnRename(WindowsProcess& p, Ptr self, Ptr moniker) { return notify(p, self, kOnRename, {moniker.addr}); }
int32_t Oah_SendOnSave(WindowsProcess& p, Ptr self) { return notify(p, self, kOnSave, {}); }
int32_t Oah_SendOnClose(WindowsProcess& p, Ptr self) { return notify(p, self, kOnClose, {}); }

const std::vector<Export>& ole_holder_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IOleAdviseHolder::QueryInterface", Ah_QueryInterface),
      EXPORT("IOleAdviseHolder::AddRef", Ah_AddRef),
      EXPORT("IOleAdviseHolder::Release", Ah_Release),
      EXPORT("IOleAdviseHolder::Advise", Oah_Advise),
      EXPORT("IOleAdviseHolder::Unadvise", Ah_Unadvise),
      EXPORT("IOleAdviseHolder::EnumAdvise", Ah_EnumAdvise),
      EXPORT("IOleAdviseHolder::SendOnRename", Oah_SendOnRename),
      EXPORT("IOleAdviseHolder::SendOnSave", Oah_SendOnSave),
      EXPORT("IOleAdviseHolder::SendOnClose", Oah_SendOnClose),
  };
  return methods;
}

// ---- IDataAdviseHolder ----
int32_t Dah_SendOnDataChange(WindowsProcess& p, Ptr self, Ptr data, uint32_t, uint32_t);

// Advise(data, format, advf, sink, &connection): the sink kept with its format and flags; with
// ADVF_PRIMEFIRST the sinks are told of the data at once.
int32_t Dah_Advise(WindowsProcess& p, Ptr self, Ptr data, Ptr format, uint32_t advf, Ptr sink, Ptr connection) {
  if (!connection) return com::E_POINTER;
  put<uint32_t>(connection.addr, 0);
  if (!sink || !format) return com::E_INVALIDARG;
  Connection c;
  c.sink = sink.addr;
  c.format.resize(formatetc_bytes(p));
  std::memcpy(c.format.data(), guest_pointer(format.addr), c.format.size());
  std::memset(c.format.data() + p.isa->ptr, 0, p.isa->ptr);  // (the target device is not kept)
  c.advf = advf;
  put<uint32_t>(connection.addr, add_connection(p, holder_of(self.addr), std::move(c)));
  if (advf & ADVF_PRIMEFIRST) Dah_SendOnDataChange(p, self, data, 0, advf);
  return com::S_OK;
}

// SendOnDataChange(data, reserved, advf): each sink's OnDataChange with its format and (but for
// ADVF_NODATA) the data object's GetData of it, released afterwards; ADVF_ONLYONCE sinks are then
// unadvised.
int32_t Dah_SendOnDataChange(WindowsProcess& p, Ptr self, Ptr data, uint32_t, uint32_t) {
  constexpr unsigned kGetData = 3;
  Holder& h = holder_of(self.addr);
  std::vector<uint32_t> numbers;
  const std::vector<Connection> all = snapshot(p, h, &numbers);
  Scratch format(p, formatetc_bytes(p)), medium(p, 3 * p.isa->ptr);
  for (size_t i = 0; i < all.size(); ++i) {
    const Connection& c = all[i];
    std::memcpy(guest_pointer(format.addr), c.format.data(), c.format.size());
    std::memset(guest_pointer(medium.addr), 0, 3 * p.isa->ptr);
    if (!(c.advf & ADVF_NODATA) && data) call_method(p, data.addr, kGetData, {format.addr, medium.addr});
    call_method(p, c.sink, kOnDataChange, {format.addr, medium.addr});
    p.call_export("ole32.dll", "ReleaseStgMedium", {medium.addr});
    if (c.advf & ADVF_ONLYONCE) unadvise(p, holder_of(self.addr), numbers[i]);
    call_method(p, c.sink, kRelease);
  }
  return com::S_OK;
}

const std::vector<Export>& data_holder_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IDataAdviseHolder::QueryInterface", Ah_QueryInterface),
      EXPORT("IDataAdviseHolder::AddRef", Ah_AddRef),
      EXPORT("IDataAdviseHolder::Release", Ah_Release),
      EXPORT("IDataAdviseHolder::Advise", Dah_Advise),
      EXPORT("IDataAdviseHolder::Unadvise", Ah_Unadvise),
      EXPORT("IDataAdviseHolder::EnumAdvise", Ah_EnumAdvise),
      EXPORT("IDataAdviseHolder::SendOnDataChange", Dah_SendOnDataChange),
  };
  return methods;
}

int32_t new_holder(WindowsProcess& p, bool data, Ptr out) {
  if (!out) return com::E_POINTER;
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return com::E_OUTOFMEMORY;
  p.put_ptr(self, com_vtable(p, kOle32, data ? data_holder_methods() : ole_holder_methods()));
  Holder h;
  h.data = data;
  holders[self] = std::move(h);
  p.put_ptr(out.addr, self);
  return com::S_OK;
}

int32_t CreateOleAdviseHolder(WindowsProcess& p, Ptr out) { return new_holder(p, false, out); }
int32_t CreateDataAdviseHolder(WindowsProcess& p, Ptr out) { return new_holder(p, true, out); }

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_advise_holder_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateOleAdviseHolder", CreateOleAdviseHolder),
      EXPORT("CreateDataAdviseHolder", CreateDataAdviseHolder),
  };
  return exports;
}

}  // namespace polyrun::shims
