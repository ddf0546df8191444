// IConnectionPoint of OLEAUT32's own objects and its IEnumConnections (connection_point.h).
#include "shims/oleaut32/connection_point.h"

#include <map>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/exports.h"

namespace polyrun::shims::oleaut {

namespace {

constexpr int32_t OLE_E_NOCONNECTION = static_cast<int32_t>(0x80040004),
                  CONNECT_E_CANNOTCONNECT = static_cast<int32_t>(0x80040202);
constexpr GuidBytes kIidIEnumConnections =
                        make_guid(0xb196b287, 0xbab4, 0x101a, {0xb6, 0x9c, 0x00, 0xaa, 0x00, 0x34, 0x1d, 0x07}),
                    kIidIEnumConnectionPoints =
                        make_guid(0xb196b285, 0xbab4, 0x101a, {0xb6, 0x9c, 0x00, 0xaa, 0x00, 0x34, 0x1d, 0x07});
constexpr unsigned kOnChanged = 3;  // IPropertyNotifySink::OnChanged, after IUnknown's

struct Point {
  uint32_t refs = 1;
  uint64_t container = 0;
  GuidBytes iid{};
  std::vector<uint64_t> sinks;  // by cookie - 1; 0 for an unadvised cookie
};
std::map<uint64_t, Point>& points() {
  static std::map<uint64_t, Point> m;
  return m;
}
Point& point(uint64_t self) {
  auto it = points().find(self);
  if (it == points().end()) touch_guest_byte(0);
  return it->second;
}

// An enumeration: the connections as they were when it was made (each sink referenced), or a
// container's connection points (IEnumConnectionPoints: each point referenced, no cookies).
struct Enumeration {
  uint32_t refs = 1;
  std::vector<std::pair<uint64_t, uint32_t>> items;  // sink or point, cookie
  size_t next = 0;
  bool points = false;
};
std::map<uint64_t, Enumeration>& enumerations() {
  static std::map<uint64_t, Enumeration> m;
  return m;
}
Enumeration& enumeration(uint64_t self) {
  auto it = enumerations().find(self);
  if (it == enumerations().end()) touch_guest_byte(0);
  return it->second;
}
const std::vector<Export>& enum_methods();
const std::vector<Export>& point_enum_methods();
uint64_t new_enumeration(WindowsProcess& p, Enumeration e) {
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOleaut32, e.points ? point_enum_methods() : enum_methods()));
  for (const auto& item : e.items) call_method(p, item.first, kAddRef);
  e.refs = 1;
  enumerations()[self] = std::move(e);
  return self;
}

// ---- IConnectionPoint ----

int32_t Point_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (!guid_is(iid.addr, kIidIUnknown) && !guid_is(iid.addr, kIidIConnectionPoint)) return E_NOINTERFACE;
  ++point(self.addr).refs;
  p.put_ptr(out.addr, self.addr);
  return S_OK;
}
uint32_t Point_AddRef(WindowsProcess&, Ptr self) { return ++point(self.addr).refs; }
uint32_t Point_Release(WindowsProcess& p, Ptr self) {
  Point& pt = point(self.addr);
  if (--pt.refs) return pt.refs;
  const std::vector<uint64_t> sinks = pt.sinks;
  points().erase(self.addr);
  p.heap.free(self.addr);
  for (uint64_t s : sinks)
    if (s) call_method(p, s, kRelease);
  return 0;
}
int32_t Point_GetConnectionInterface(WindowsProcess&, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  ole32::write_guid(out.addr, point(self.addr).iid);
  return S_OK;
}
int32_t Point_GetConnectionPointContainer(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  uint64_t container = 0;
  const int32_t hr = query_interface(p, point(self.addr).container, kIidIConnectionPointContainer, container);
  p.put_ptr(out.addr, container);
  return hr;
}
// Advise(sink, &cookie): the sink's interface of the point's kind, kept; its cookie the first free slot's.
int32_t Point_Advise(WindowsProcess& p, Ptr self, Ptr sink, Ptr cookie) {
  if (!cookie) return E_POINTER;
  put<uint32_t>(cookie.addr, 0);
  if (!sink) return E_POINTER;
  uint64_t got = 0;
  if (query_interface(p, sink.addr, point(self.addr).iid, got) < 0) return CONNECT_E_CANNOTCONNECT;
  Point& pt = point(self.addr);
  size_t k = 0;
  while (k < pt.sinks.size() && pt.sinks[k]) ++k;
  if (k == pt.sinks.size()) pt.sinks.push_back(0);
  pt.sinks[k] = got;
  put<uint32_t>(cookie.addr, static_cast<uint32_t>(k + 1));
  return S_OK;
}
// Unadvise(cookie): CONNECT_E_NOCONNECTION for a cookie that names no connection (Microsoft's
// IConnectionPoint::Unadvise page).
int32_t Point_Unadvise(WindowsProcess& p, Ptr self, uint32_t cookie) {
  Point& pt = point(self.addr);
  if (cookie == 0 || cookie > pt.sinks.size() || !pt.sinks[cookie - 1]) return CONNECT_E_NOCONNECTION;
  const uint64_t sink = pt.sinks[cookie - 1];
  pt.sinks[cookie - 1] = 0;
  call_method(p, sink, kRelease);
  return S_OK;
}
int32_t Point_EnumConnections(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  Enumeration e;
  const Point& pt = point(self.addr);
  for (size_t k = 0; k < pt.sinks.size(); ++k)
    if (pt.sinks[k]) e.items.emplace_back(pt.sinks[k], static_cast<uint32_t>(k + 1));
  if (e.items.empty()) return OLE_E_NOCONNECTION;
  const uint64_t en = new_enumeration(p, std::move(e));
  if (!en) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, en);
  return S_OK;
}
const std::vector<Export>& point_methods() {
  static const std::vector<Export> m = {
      EXPORT("IConnectionPoint::QueryInterface", Point_QueryInterface),
      EXPORT("IConnectionPoint::AddRef", Point_AddRef),
      EXPORT("IConnectionPoint::Release", Point_Release),
      EXPORT("IConnectionPoint::GetConnectionInterface", Point_GetConnectionInterface),
      EXPORT("IConnectionPoint::GetConnectionPointContainer", Point_GetConnectionPointContainer),
      EXPORT("IConnectionPoint::Advise", Point_Advise),
      EXPORT("IConnectionPoint::Unadvise", Point_Unadvise),
      EXPORT("IConnectionPoint::EnumConnections", Point_EnumConnections),
  };
  return m;
}

// ---- IEnumConnections (CONNECTDATA { IUnknown* pUnk; DWORD dwCookie }) and
// IEnumConnectionPoints (IConnectionPoint*) ----

int32_t Enum_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  const GuidBytes& own = enumeration(self.addr).points ? kIidIEnumConnectionPoints : kIidIEnumConnections;
  if (!guid_is(iid.addr, kIidIUnknown) && !guid_is(iid.addr, own)) return E_NOINTERFACE;
  ++enumeration(self.addr).refs;
  p.put_ptr(out.addr, self.addr);
  return S_OK;
}
uint32_t Enum_AddRef(WindowsProcess&, Ptr self) { return ++enumeration(self.addr).refs; }
uint32_t Enum_Release(WindowsProcess& p, Ptr self) {
  Enumeration& e = enumeration(self.addr);
  if (--e.refs) return e.refs;
  const auto items = e.items;
  enumerations().erase(self.addr);
  p.heap.free(self.addr);
  for (const auto& item : items) call_method(p, item.first, kRelease);
  return 0;
}
int32_t Enum_Next(WindowsProcess& p, Ptr self, uint32_t count, Ptr out, Ptr fetched) {
  if (!out) return E_POINTER;
  Enumeration& e = enumeration(self.addr);
  const unsigned ptr = p.isa->ptr;
  uint32_t n = 0;
  while (n < count && e.next < e.items.size()) {
    const auto& item = e.items[e.next++];
    call_method(p, item.first, kAddRef);
    if (e.points) {
      p.put_ptr(out.addr + n * uint64_t{ptr}, item.first);
    } else {
      p.put_ptr(out.addr + n * 2ull * ptr, item.first);
      put<uint32_t>(out.addr + n * 2ull * ptr + ptr, item.second);
    }
    ++n;
  }
  if (fetched) put<uint32_t>(fetched.addr, n);
  return n == count ? S_OK : S_FALSE;
}
int32_t Enum_Skip(WindowsProcess&, Ptr self, uint32_t count) {
  Enumeration& e = enumeration(self.addr);
  const size_t left = e.items.size() - e.next;
  e.next += count < left ? count : left;
  return count <= left ? S_OK : S_FALSE;
}
int32_t Enum_Reset(WindowsProcess&, Ptr self) {
  enumeration(self.addr).next = 0;
  return S_OK;
}
int32_t Enum_Clone(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  Enumeration copy = enumeration(self.addr);
  const uint64_t en = new_enumeration(p, std::move(copy));
  p.put_ptr(out.addr, en);
  return en ? S_OK : E_OUTOFMEMORY;
}
const std::vector<Export>& enum_methods() {
  static const std::vector<Export> m = {
      EXPORT("IEnumConnections::QueryInterface", Enum_QueryInterface),
      EXPORT("IEnumConnections::AddRef", Enum_AddRef),
      EXPORT("IEnumConnections::Release", Enum_Release),
      EXPORT("IEnumConnections::Next", Enum_Next),
      EXPORT("IEnumConnections::Skip", Enum_Skip),
      EXPORT("IEnumConnections::Reset", Enum_Reset),
      EXPORT("IEnumConnections::Clone", Enum_Clone),
  };
  return m;
}

const std::vector<Export>& point_enum_methods() {
  static const std::vector<Export> m = {
      EXPORT("IEnumConnectionPoints::QueryInterface", Enum_QueryInterface),
      EXPORT("IEnumConnectionPoints::AddRef", Enum_AddRef),
      EXPORT("IEnumConnectionPoints::Release", Enum_Release),
      EXPORT("IEnumConnectionPoints::Next", Enum_Next),
      EXPORT("IEnumConnectionPoints::Skip", Enum_Skip),
      EXPORT("IEnumConnectionPoints::Reset", Enum_Reset),
      EXPORT("IEnumConnectionPoints::Clone", Enum_Clone),
  };
  return m;
}

}  // namespace

int32_t enum_connection_points(WindowsProcess& p, const std::vector<uint64_t>& at, uint64_t out) {
  if (!out) return E_POINTER;
  p.put_ptr(out, 0);
  Enumeration e;
  e.points = true;
  for (uint64_t pt : at) e.items.emplace_back(pt, 0);
  const uint64_t en = new_enumeration(p, std::move(e));
  if (!en) return E_OUTOFMEMORY;
  p.put_ptr(out, en);
  return S_OK;
}

uint64_t new_connection_point(WindowsProcess& p, uint64_t container, const GuidBytes& iid) {
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOleaut32, point_methods()));
  Point pt;
  pt.container = container;
  pt.iid = iid;
  points()[self] = std::move(pt);
  return self;
}

void release_connection_point(WindowsProcess& p, uint64_t point) {
  if (point) Point_Release(p, Ptr(point));
}

std::vector<uint64_t> advised_sinks(uint64_t at) {
  std::vector<uint64_t> out;
  if (!at) return out;
  for (uint64_t s : point(at).sinks)
    if (s) out.push_back(s);
  return out;
}

void notify_changed(WindowsProcess& p, uint64_t at, int32_t dispid) {
  // (a sink may unadvise while told: the list is copied, each sink held for its call)
  for (uint64_t s : advised_sinks(at)) {
    call_method(p, s, kAddRef);
    call_method(p, s, kOnChanged, {static_cast<uint32_t>(dispid)});
    call_method(p, s, kRelease);
  }
}

}  // namespace polyrun::shims::oleaut
