// OLE32.dll: monikers and the running object table. One object serves the system monikers: a
// file moniker (a path), an item moniker (a delimiter and a name, bound through the object on its
// left's IOleItemContainer), an anti moniker (it cancels the element on its left when composed), a
// class moniker (a class's class object), a pointer moniker (an object of the process) and the
// generic composite (a sequence of the others, bound from the right). Each has IMoniker (with
// IPersistStream's GetClassID; their Load, Save and GetSizeMax stop the program as missing methods
// do) and IROTData. An OBJREF moniker (CreateObjrefMoniker) names an object by a marshalled
// reference. GetRunningObjectTable's table is the process's own: objects registered by
// moniker, found again by IMoniker::IsEqual. Also: CreateBindCtx's contexts hand it out
// (IBindCtx::GetRunningObjectTable), MkParseDisplayName ("clsid:" names, and paths), BindMoniker,
// CoGetObject, MonikerCommonPrefixWith.
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr GuidBytes kIidIMoniker = ole_iid(0x0000000f), kIidIPersist = ole_iid(0x0000010c),
                    kIidIPersistStream = ole_iid(0x00000109), kIidIROTData = make_guid(0xf29f6bc0, 0x5021, 0x11ce, {0xaa, 0x15, 0x00, 0x00, 0x69, 0x01, 0x29, 0x3f}),
                    kIidIRunningObjectTable = ole_iid(0x00000010), kIidIOleItemContainer = ole_iid(0x0000011c),
                    kIidIPersistFileMk = ole_iid(0x0000010b);
enum class Kind { kFile, kItem, kAnti, kClass, kPointer, kComposite, kObjref };
// Their classes (IPersist::GetClassID) and IMoniker::IsSystemMoniker's MKSYS values.
GuidBytes class_of(Kind k) {
  switch (k) {
    case Kind::kFile: return ole_iid(0x00000303);
    case Kind::kItem: return ole_iid(0x00000304);
    case Kind::kAnti: return ole_iid(0x00000305);
    case Kind::kPointer: return ole_iid(0x00000306);
    case Kind::kComposite: return ole_iid(0x00000309);
    case Kind::kClass: return ole_iid(0x0000031a);
    case Kind::kObjref: return ole_iid(0x00000327);
  }
  return {};
}
uint32_t mksys_of(Kind k) {
  switch (k) {
    case Kind::kComposite: return 1;
    case Kind::kFile: return 2;
    case Kind::kAnti: return 3;
    case Kind::kItem: return 4;
    case Kind::kPointer: return 5;
    case Kind::kClass: return 7;
    case Kind::kObjref: return 8;
  }
  return 0;
}

struct Moniker {
  uint32_t refs = 1;
  Kind kind = Kind::kFile;
  std::u16string text, delimiter;  // a file's path, an item's name and delimiter
  GuidBytes clsid{};
  uint64_t object = 0;             // a pointer or OBJREF moniker's (held)
  std::vector<uint8_t> objref;     // an OBJREF moniker's marshalled reference
  uint32_t count = 1;              // an anti moniker's
  std::vector<uint64_t> parts;     // a composite's (held)
};
std::map<uint64_t, Moniker> monikers;  // by IMoniker pointer; IROTData is the block's second pointer

Moniker& moniker_of(uint64_t self) {
  auto it = monikers.find(self);
  if (it == monikers.end()) touch_guest_byte(0);
  return it->second;
}
const Moniker* ours(uint64_t object) {
  auto it = monikers.find(object);
  return it == monikers.end() ? nullptr : &it->second;
}

const std::vector<Export>& moniker_methods();
const std::vector<Export>& rot_data_methods();

uint64_t new_moniker(WindowsProcess& p, Moniker m) {
  const uint64_t self = p.heap.alloc(2 * p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOle32, moniker_methods()));
  p.put_ptr(self + p.isa->ptr, com_vtable(p, kOle32, rot_data_methods()));
  monikers[self] = std::move(m);
  return self;
}

// The elements of a moniker, each AddRef'd: a composite's parts, or the moniker itself.
std::vector<uint64_t> elements(WindowsProcess& p, uint64_t m) {
  std::vector<uint64_t> out;
  if (const Moniker* mk = ours(m); mk && mk->kind == Kind::kComposite) out = mk->parts;
  else out.push_back(m);
  for (uint64_t e : out) call_method(p, e, kAddRef);
  return out;
}

// A moniker of the elements (taking their references): none (0), one, or a composite.
uint64_t from_elements(WindowsProcess& p, std::vector<uint64_t> parts) {
  if (parts.empty()) return 0;
  if (parts.size() == 1) return parts[0];
  Moniker m;
  m.kind = Kind::kComposite;
  m.parts = std::move(parts);
  return new_moniker(p, std::move(m));
}

bool is_anti(uint64_t m) {
  const Moniker* mk = ours(m);
  return mk && mk->kind == Kind::kAnti;
}

// The generic composite of left and right: their elements, each anti moniker cancelling as many
// elements before it as it counts (what it cannot cancel stays, an anti moniker of the rest).
uint64_t compose(WindowsProcess& p, uint64_t left, uint64_t right) {
  std::vector<uint64_t> all = elements(p, left);
  for (uint64_t e : elements(p, right)) {
    if (!is_anti(e)) {
      all.push_back(e);
      continue;
    }
    uint32_t count = ours(e)->count;
    while (count > 0 && !all.empty() && !is_anti(all.back())) {
      call_method(p, all.back(), kRelease);
      all.pop_back();
      --count;
    }
    call_method(p, e, kRelease);
    if (count > 0) {
      Moniker rest;
      rest.kind = Kind::kAnti;
      rest.count = count;
      if (const uint64_t anti = new_moniker(p, std::move(rest))) all.push_back(anti);
    }
  }
  return from_elements(p, std::move(all));
}

std::u16string upper(std::u16string s) {
  for (char16_t& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char16_t>(c - 32);
  return s;
}

// Whether two monikers are the same: the same kind and contents (paths and items without case),
// a program's moniker by its own IsEqual.
bool same(WindowsProcess& p, uint64_t a, uint64_t b) {
  const Moniker* x = ours(a);
  const Moniker* y = ours(b);
  constexpr unsigned kIsEqual = 13;
  if (!x || !y) return x ? call_method(p, b, kIsEqual, {a}) == com::S_OK : call_method(p, a, kIsEqual, {b}) == com::S_OK;
  if (x->kind != y->kind) return false;
  switch (x->kind) {
    case Kind::kFile: case Kind::kItem: return upper(x->text) == upper(y->text);
    case Kind::kAnti: return x->count == y->count;
    case Kind::kClass: return x->clsid == y->clsid;
    case Kind::kPointer: case Kind::kObjref: return x->object == y->object;
    case Kind::kComposite:
      if (x->parts.size() != y->parts.size()) return false;
      for (size_t i = 0; i < x->parts.size(); ++i)
        if (!same(p, x->parts[i], y->parts[i])) return false;
      return true;
  }
  return false;
}

std::u16string display_name(const Moniker& m) {
  switch (m.kind) {
    case Kind::kFile: return m.text;
    case Kind::kItem: return m.delimiter + m.text;
    case Kind::kAnti: {
      std::u16string s;
      for (uint32_t i = 0; i < m.count; ++i) s += u"\\..";
      return s;
    }
    case Kind::kClass: {
      std::u16string g = guid_text(m.clsid);
      return u"clsid:" + g.substr(1, 36) + u":";
    }
    case Kind::kObjref: {
      // "objref:", the marshalled reference in base64, ":".
      static const char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      std::u16string s = u"objref:";
      const std::vector<uint8_t>& b = m.objref;
      for (size_t i = 0; i < b.size(); i += 3) {
        const uint32_t v = b[i] << 16 | (i + 1 < b.size() ? b[i + 1] << 8 : 0) | (i + 2 < b.size() ? b[i + 2] : 0);
        s += static_cast<char16_t>(kDigits[v >> 18 & 63]);
        s += static_cast<char16_t>(kDigits[v >> 12 & 63]);
        s += i + 1 < b.size() ? static_cast<char16_t>(kDigits[v >> 6 & 63]) : u'=';
        s += i + 2 < b.size() ? static_cast<char16_t>(kDigits[v & 63]) : u'=';
      }
      return s + u":";
    }
    default: return u"";
  }
}

// ---- the running object table ----
struct Running {
  uint64_t object = 0, moniker = 0;  // both held
  uint64_t changed = 0;
  uint32_t flags = 0;
};
std::map<uint32_t, Running> running;
uint32_t next_rot_cookie = 1;
uint64_t rot_object = 0;

uint64_t find_running(WindowsProcess& p, uint64_t moniker, uint32_t* cookie = nullptr) {
  for (auto& [key, r] : running) {
    if (!same(p, r.moniker, moniker)) continue;
    if (cookie) *cookie = key;
    return r.object;
  }
  return 0;
}

// ---- IMoniker ----
int32_t Mk_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  Moniker& m = moniker_of(self.addr);
  uint64_t result = 0;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIMoniker) || guid_is(iid.addr, kIidIPersist) ||
      guid_is(iid.addr, kIidIPersistStream))
    result = self.addr;
  else if (guid_is(iid.addr, kIidIROTData) && m.kind != Kind::kPointer)
    result = self.addr + p.isa->ptr;
  p.put_ptr(out.addr, result);
  if (!result) return com::E_NOINTERFACE;
  ++m.refs;
  return com::S_OK;
}
uint32_t Mk_AddRef(WindowsProcess&, Ptr self) { return ++moniker_of(self.addr).refs; }
uint32_t Mk_Release(WindowsProcess& p, Ptr self) {
  Moniker& m = moniker_of(self.addr);
  if (--m.refs) return m.refs;
  Moniker gone = std::move(m);
  monikers.erase(self.addr);
  p.heap.free(self.addr);
  if (gone.object) call_method(p, gone.object, kRelease);
  for (uint64_t part : gone.parts) call_method(p, part, kRelease);
  return 0;
}
int32_t Mk_GetClassID(WindowsProcess&, Ptr self, Ptr clsid) {
  if (!clsid) return com::E_POINTER;
  write_guid(clsid.addr, class_of(moniker_of(self.addr).kind));
  return com::S_OK;
}
int32_t Mk_IsDirty(WindowsProcess&, Ptr) { return com::S_FALSE; }

int32_t Mk_BindToObject(WindowsProcess& p, Ptr self, Ptr bc, Ptr left, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  Moniker& m = moniker_of(self.addr);
  switch (m.kind) {
    case Kind::kPointer:
    case Kind::kObjref:
      if (!m.object) return E_UNEXPECTED;
      return static_cast<int32_t>(call_method(p, m.object, kQueryInterface, {iid.addr, out.addr}));
    case Kind::kClass: {
      if (left) return com::E_INVALIDARG;
      Scratch clsid(p, 16);
      write_guid(clsid.addr, m.clsid);
      return static_cast<int32_t>(
          p.call_export("ole32.dll", "CoGetClassObject", {clsid.addr, CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER, 0, iid.addr, out.addr}));
    }
    case Kind::kAnti: return com::E_NOTIMPL;
    case Kind::kFile: {
      if (const uint64_t object = find_running(p, self.addr))
        return static_cast<int32_t>(call_method(p, object, kQueryInterface, {iid.addr, out.addr}));
      Scratch clsid(p, 16), made(p, 8), persist_iid(p, 16);
      GuestText path(p, m.text);
      int32_t hr = static_cast<int32_t>(p.call_export("ole32.dll", "GetClassFile", {path.addr, clsid.addr}));
      if (com::failed(hr)) return hr;
      write_guid(persist_iid.addr, kIidIPersistFileMk);
      hr = static_cast<int32_t>(p.call_export("ole32.dll", "CoCreateInstance",
                                              {clsid.addr, 0, CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER, persist_iid.addr, made.addr}));
      if (com::failed(hr)) return hr;
      const uint64_t persist = p.get_ptr(made.addr);
      hr = static_cast<int32_t>(call_method(p, persist, 5, {path.addr, STGM_READ}));  // IPersistFile::Load
      if (!com::failed(hr)) hr = static_cast<int32_t>(call_method(p, persist, kQueryInterface, {iid.addr, out.addr}));
      call_method(p, persist, kRelease);
      return hr;
    }
    case Kind::kItem: {
      if (!left) return com::E_INVALIDARG;
      Scratch made(p, 8), container_iid(p, 16);
      write_guid(container_iid.addr, kIidIOleItemContainer);
      int32_t hr = static_cast<int32_t>(call_method(p, left.addr, 8, {bc.addr, 0, container_iid.addr, made.addr}));
      if (com::failed(hr)) return hr;
      const uint64_t container = p.get_ptr(made.addr);
      GuestText item(p, m.text);
      // IOleItemContainer::GetObject(item, BINDSPEED_INDEFINITE, bc, iid, out), after IParseDisplayName
      // and IOleContainer's methods.
      hr = static_cast<int32_t>(call_method(p, container, 6, {item.addr, 1, bc.addr, iid.addr, out.addr}));
      call_method(p, container, kRelease);
      return hr;
    }
    case Kind::kComposite: {
      // The last element bound with the rest (and the caller's left) as its left.
      std::vector<uint64_t> rest = m.parts;
      const uint64_t last = rest.back();
      rest.pop_back();
      for (uint64_t e : rest) call_method(p, e, kAddRef);
      uint64_t prefix = from_elements(p, rest);
      if (left) {
        const uint64_t whole = compose(p, left.addr, prefix);
        if (prefix) call_method(p, prefix, kRelease);
        prefix = whole;
      }
      const int32_t hr = static_cast<int32_t>(call_method(p, last, 8, {bc.addr, prefix, iid.addr, out.addr}));
      if (prefix) call_method(p, prefix, kRelease);
      return hr;
    }
  }
  return com::E_NOTIMPL;
}

// BindToStorage: the object's storage interface, for the monikers whose objects are it.
int32_t Mk_BindToStorage(WindowsProcess& p, Ptr self, Ptr bc, Ptr left, Ptr iid, Ptr out) {
  return Mk_BindToObject(p, self, bc, left, iid, out);
}

// Reduce: every system moniker is as reduced as it gets (MK_S_REDUCED_TO_SELF), itself handed back.
int32_t Mk_Reduce(WindowsProcess& p, Ptr self, Ptr, uint32_t, Ptr left_out, Ptr out) {
  if (!out) return com::E_POINTER;
  (void)left_out;
  call_method(p, self.addr, kAddRef);
  p.put_ptr(out.addr, self.addr);
  return MK_S_REDUCED_TO_SELF;
}

// ComposeWith(right, only_if_not_generic, &result): two file monikers join their paths; the rest
// make the generic composite (MK_E_NEEDGENERIC when only a non-generic one was asked for).
int32_t Mk_ComposeWith(WindowsProcess& p, Ptr self, Ptr right, int32_t only_if_not_generic, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!right) {
    call_method(p, self.addr, kAddRef);
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  const Moniker& m = moniker_of(self.addr);
  const Moniker* r = ours(right.addr);
  if (m.kind == Kind::kFile && r && r->kind == Kind::kFile) {
    Moniker joined;
    joined.kind = Kind::kFile;
    std::u16string a = m.text, b = r->text;
    if (!a.empty() && a.back() != '\\') a += u"\\";
    if (!b.empty() && b.front() == '\\') b = b.substr(1);
    joined.text = a + b;
    const uint64_t made = new_moniker(p, std::move(joined));
    p.put_ptr(out.addr, made);
    return made ? com::S_OK : com::E_OUTOFMEMORY;
  }
  if (r && r->kind == Kind::kAnti && m.kind != Kind::kComposite && m.kind != Kind::kAnti) {
    if (r->count == 1) return com::S_OK;  // cancelled: no moniker
  }
  if (only_if_not_generic) return MK_E_NEEDGENERIC;
  p.put_ptr(out.addr, compose(p, self.addr, right.addr));
  return com::S_OK;
}

int32_t Mk_Enum(WindowsProcess& p, Ptr, int32_t, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);  // only a composite's elements would be enumerated; the rest have none
  return com::S_OK;
}

int32_t Mk_IsEqual(WindowsProcess& p, Ptr self, Ptr other) {
  if (!other) return com::S_FALSE;
  return same(p, self.addr, other.addr) ? com::S_OK : com::S_FALSE;
}

int32_t Mk_Hash(WindowsProcess&, Ptr self, Ptr out) {
  if (!out) return com::E_POINTER;
  const Moniker& m = moniker_of(self.addr);
  uint32_t h = static_cast<uint32_t>(m.kind) * 0x9e3779b9u;
  for (char16_t c : upper(display_name(m))) h = h * 31 + c;
  if (m.kind == Kind::kPointer) h ^= static_cast<uint32_t>(m.object);
  put<uint32_t>(out.addr, h);
  return com::S_OK;
}

// IsRunning: in the running object table (a pointer moniker's object always is).
int32_t Mk_IsRunning(WindowsProcess& p, Ptr self, Ptr, Ptr, Ptr) {
  const Moniker& m = moniker_of(self.addr);
  if (m.kind == Kind::kPointer) return com::S_OK;
  return find_running(p, self.addr) ? com::S_OK : com::S_FALSE;
}

int32_t Mk_GetTimeOfLastChange(WindowsProcess& p, Ptr self, Ptr, Ptr, Ptr out) {
  if (!out) return com::E_POINTER;
  uint32_t cookie = 0;
  if (!find_running(p, self.addr, &cookie)) return MK_E_UNAVAILABLE;
  put<uint64_t>(out.addr, running[cookie].changed);
  return com::S_OK;
}

// Inverse: an anti moniker for the simple monikers (one for each element of a composite);
// MK_E_NOINVERSE for an anti moniker.
int32_t Mk_Inverse(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  const Moniker& m = moniker_of(self.addr);
  if (m.kind == Kind::kAnti) return MK_E_NOINVERSE;
  Moniker anti;
  anti.kind = Kind::kAnti;
  anti.count = m.kind == Kind::kComposite ? static_cast<uint32_t>(m.parts.size()) : 1;
  const uint64_t made = new_moniker(p, std::move(anti));
  p.put_ptr(out.addr, made);
  return made ? com::S_OK : com::E_OUTOFMEMORY;
}

// CommonPrefixWith(other, &prefix): the elements both start with: MK_S_US when all of both,
// MK_S_ME when all of this one, MK_S_HIM when all of the other, MK_E_NOPREFIX for none.
int32_t common_prefix(WindowsProcess& p, uint64_t a, uint64_t b, uint64_t out) {
  p.put_ptr(out, 0);
  std::vector<uint64_t> x = elements(p, a), y = elements(p, b);
  size_t n = 0;
  while (n < x.size() && n < y.size() && same(p, x[n], y[n])) ++n;
  int32_t hr;
  if (n == 0) {
    hr = MK_E_NOPREFIX;
  } else {
    hr = (n == x.size() && n == y.size()) ? MK_S_US : n == x.size() ? MK_S_ME : n == y.size() ? MK_S_HIM : com::S_OK;
    std::vector<uint64_t> prefix(x.begin(), x.begin() + static_cast<ptrdiff_t>(n));
    for (uint64_t e : prefix) call_method(p, e, kAddRef);
    p.put_ptr(out, from_elements(p, prefix));
  }
  for (uint64_t e : x) call_method(p, e, kRelease);
  for (uint64_t e : y) call_method(p, e, kRelease);
  return hr;
}
int32_t Mk_CommonPrefixWith(WindowsProcess& p, Ptr self, Ptr other, Ptr out) {
  if (!out || !other) return com::E_INVALIDARG;
  return common_prefix(p, self.addr, other.addr, out.addr);
}

// RelativePathTo(other, &path): the other moniker itself (MK_S_HIM: no shorter relative path).
int32_t Mk_RelativePathTo(WindowsProcess& p, Ptr, Ptr other, Ptr out) {
  if (!out) return com::E_POINTER;
  if (other) call_method(p, other.addr, kAddRef);
  p.put_ptr(out.addr, other.addr);
  return MK_S_HIM;
}

int32_t Mk_GetDisplayName(WindowsProcess& p, Ptr self, Ptr bc, Ptr left, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  const Moniker& m = moniker_of(self.addr);
  if (m.kind == Kind::kPointer) return com::E_NOTIMPL;
  std::u16string name;
  if (m.kind == Kind::kComposite) {
    for (uint64_t part : m.parts) {
      Scratch piece(p, 8);
      const int32_t hr = static_cast<int32_t>(call_method(p, part, 20, {bc.addr, 0, piece.addr}));
      if (com::failed(hr)) return hr;
      name += read_wide(p.get_ptr(piece.addr));
      task_free(p, p.get_ptr(piece.addr));
    }
  } else {
    name = display_name(m);
  }
  (void)left;
  const uint64_t block = task_wide(p, name);
  if (!block) return com::E_OUTOFMEMORY;
  p.put_ptr(out.addr, block);
  return com::S_OK;
}

int32_t Mk_ParseDisplayName(WindowsProcess& p, Ptr, Ptr, Ptr, Ptr, Ptr eaten, Ptr out) {
  if (eaten) put<uint32_t>(eaten.addr, 0);
  if (out) p.put_ptr(out.addr, 0);
  return MK_E_SYNTAX;
}

int32_t Mk_IsSystemMoniker(WindowsProcess&, Ptr self, Ptr out) {
  if (!out) return com::E_POINTER;
  put<uint32_t>(out.addr, mksys_of(moniker_of(self.addr).kind));
  return com::S_OK;
}

const std::vector<Export>& moniker_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IMoniker::QueryInterface", Mk_QueryInterface),
      EXPORT("IMoniker::AddRef", Mk_AddRef),
      EXPORT("IMoniker::Release", Mk_Release),
      EXPORT("IMoniker::GetClassID", Mk_GetClassID),
      EXPORT("IMoniker::IsDirty", Mk_IsDirty),
      missing_method("IMoniker::Load"),
      missing_method("IMoniker::Save"),
      missing_method("IMoniker::GetSizeMax"),
      EXPORT("IMoniker::BindToObject", Mk_BindToObject),
      EXPORT("IMoniker::BindToStorage", Mk_BindToStorage),
      EXPORT("IMoniker::Reduce", Mk_Reduce),
      EXPORT("IMoniker::ComposeWith", Mk_ComposeWith),
      EXPORT("IMoniker::Enum", Mk_Enum),
      EXPORT("IMoniker::IsEqual", Mk_IsEqual),
      EXPORT("IMoniker::Hash", Mk_Hash),
      EXPORT("IMoniker::IsRunning", Mk_IsRunning),
      EXPORT("IMoniker::GetTimeOfLastChange", Mk_GetTimeOfLastChange),
      EXPORT("IMoniker::Inverse", Mk_Inverse),
      EXPORT("IMoniker::CommonPrefixWith", Mk_CommonPrefixWith),
      EXPORT("IMoniker::RelativePathTo", Mk_RelativePathTo),
      EXPORT("IMoniker::GetDisplayName", Mk_GetDisplayName),
      EXPORT("IMoniker::ParseDisplayName", Mk_ParseDisplayName),
      EXPORT("IMoniker::IsSystemMoniker", Mk_IsSystemMoniker),
  };
  return methods;
}

// IROTData (the block's second pointer): GetComparisonData — the class and the display name.
uint64_t moniker_of_rot(WindowsProcess& p, uint64_t rot) { return rot - p.isa->ptr; }
int32_t Rot_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  return Mk_QueryInterface(p, Ptr(moniker_of_rot(p, self.addr)), iid, out);
}
uint32_t Rot_AddRef(WindowsProcess& p, Ptr self) { return Mk_AddRef(p, Ptr(moniker_of_rot(p, self.addr))); }
uint32_t Rot_Release(WindowsProcess& p, Ptr self) { return Mk_Release(p, Ptr(moniker_of_rot(p, self.addr))); }
int32_t Rot_GetComparisonData(WindowsProcess& p, Ptr self, Ptr data, uint32_t size, Ptr used) {
  const Moniker& m = moniker_of(moniker_of_rot(p, self.addr));
  const std::u16string name = upper(display_name(m));
  const uint32_t need = 16 + static_cast<uint32_t>((name.size() + 1) * 2);
  if (used) put<uint32_t>(used.addr, need);
  if (size < need) return com::E_OUTOFMEMORY;
  write_guid(data.addr, class_of(m.kind));
  std::memcpy(guest_pointer(data.addr + 16), name.c_str(), (name.size() + 1) * 2);
  return com::S_OK;
}
const std::vector<Export>& rot_data_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IROTData::QueryInterface", Rot_QueryInterface),
      EXPORT("IROTData::AddRef", Rot_AddRef),
      EXPORT("IROTData::Release", Rot_Release),
      EXPORT("IROTData::GetComparisonData", Rot_GetComparisonData),
  };
  return methods;
}

// ---- IRunningObjectTable ----
int32_t Table_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIRunningObjectTable)) {
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Table_AddRef(WindowsProcess&, Ptr) { return 2; }
uint32_t Table_Release(WindowsProcess&, Ptr) { return 1; }

// Register(flags, object, moniker, &cookie): kept (object and moniker held) under a new cookie;
// MK_S_MONIKERALREADYREGISTERED when an equal moniker is there already (registered all the same).
int32_t Table_Register(WindowsProcess& p, Ptr, uint32_t flags, Ptr object, Ptr moniker, Ptr cookie) {
  constexpr int32_t MK_S_MONIKERALREADYREGISTERED = 0x000401e7;
  if (!object || !moniker || !cookie) return com::E_INVALIDARG;
  if (flags & ~3u) return com::E_INVALIDARG;
  const bool already = find_running(p, moniker.addr) != 0;
  call_method(p, object.addr, kAddRef);
  call_method(p, moniker.addr, kAddRef);
  const uint32_t id = next_rot_cookie++;
  running[id] = Running{object.addr, moniker.addr, filetime_now(), flags};
  put<uint32_t>(cookie.addr, id);
  return already ? MK_S_MONIKERALREADYREGISTERED : com::S_OK;
}
int32_t Table_Revoke(WindowsProcess& p, Ptr, uint32_t cookie) {
  auto it = running.find(cookie);
  if (it == running.end()) return com::E_INVALIDARG;
  const Running r = it->second;
  running.erase(it);
  call_method(p, r.object, kRelease);
  call_method(p, r.moniker, kRelease);
  return com::S_OK;
}
int32_t Table_IsRunning(WindowsProcess& p, Ptr, Ptr moniker) {
  if (!moniker) return com::E_INVALIDARG;
  return find_running(p, moniker.addr) ? com::S_OK : com::S_FALSE;
}
int32_t Table_GetObject(WindowsProcess& p, Ptr, Ptr moniker, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!moniker) return com::E_INVALIDARG;
  const uint64_t object = find_running(p, moniker.addr);
  if (!object) return MK_E_UNAVAILABLE;
  call_method(p, object, kAddRef);
  p.put_ptr(out.addr, object);
  return com::S_OK;
}
int32_t Table_NoteChangeTime(WindowsProcess&, Ptr, uint32_t cookie, Ptr time) {
  auto it = running.find(cookie);
  if (it == running.end()) return com::E_INVALIDARG;
  if (time) it->second.changed = get<uint64_t>(time.addr);
  return com::S_OK;
}
int32_t Table_GetTimeOfLastChange(WindowsProcess& p, Ptr, Ptr moniker, Ptr out) {
  if (!moniker || !out) return com::E_INVALIDARG;
  uint32_t cookie = 0;
  if (!find_running(p, moniker.addr, &cookie)) return MK_E_UNAVAILABLE;
  put<uint64_t>(out.addr, running[cookie].changed);
  return com::S_OK;
}
const std::vector<Export>& table_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IRunningObjectTable::QueryInterface", Table_QueryInterface),
      EXPORT("IRunningObjectTable::AddRef", Table_AddRef),
      EXPORT("IRunningObjectTable::Release", Table_Release),
      EXPORT("IRunningObjectTable::Register", Table_Register),
      EXPORT("IRunningObjectTable::Revoke", Table_Revoke),
      EXPORT("IRunningObjectTable::IsRunning", Table_IsRunning),
      EXPORT("IRunningObjectTable::GetObject", Table_GetObject),
      EXPORT("IRunningObjectTable::NoteChangeTime", Table_NoteChangeTime),
      EXPORT("IRunningObjectTable::GetTimeOfLastChange", Table_GetTimeOfLastChange),
      missing_method("IRunningObjectTable::EnumRunning"),
  };
  return methods;
}

// GetRunningObjectTable(reserved, &table): the process's table; E_UNEXPECTED with a reserved
// value.
int32_t GetRunningObjectTable(WindowsProcess& p, uint32_t reserved, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (reserved) return E_UNEXPECTED;
  if (!rot_object) {
    rot_object = p.alloc_data(p.isa->ptr);
    p.put_ptr(rot_object, com_vtable(p, kOle32, table_methods()));
  }
  p.put_ptr(out.addr, rot_object);
  return com::S_OK;
}

// DestroyRunningObjectTable: every registration revoked.
void DestroyRunningObjectTable(WindowsProcess& p) {
  std::vector<uint32_t> cookies;
  for (const auto& [key, r] : running) cookies.push_back(key);
  for (uint32_t c : cookies) Table_Revoke(p, Ptr(0), c);
}

// ---- the constructors ----
int32_t hand_out(WindowsProcess& p, Moniker m, Ptr out) {
  const uint64_t made = new_moniker(p, std::move(m));
  if (!made) return com::E_OUTOFMEMORY;
  p.put_ptr(out.addr, made);
  return com::S_OK;
}

int32_t CreateFileMoniker(WindowsProcess& p, Ptr path, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!path) return MK_E_SYNTAX;
  Moniker m;
  m.kind = Kind::kFile;
  m.text = read_wide(path.addr);
  return hand_out(p, std::move(m), out);
}
int32_t CreateItemMoniker(WindowsProcess& p, Ptr delimiter, Ptr item, Ptr out) {
  if (!out) return com::E_POINTER;
  Moniker m;
  m.kind = Kind::kItem;
  m.delimiter = read_wide(delimiter.addr);
  m.text = read_wide(item.addr);
  return hand_out(p, std::move(m), out);
}
int32_t CreateAntiMoniker(WindowsProcess& p, Ptr out) {
  if (!out) return com::E_POINTER;
  Moniker m;
  m.kind = Kind::kAnti;
  return hand_out(p, std::move(m), out);
}
int32_t CreateClassMoniker(WindowsProcess& p, Ptr clsid, Ptr out) {
  if (!out) return com::E_POINTER;
  Moniker m;
  m.kind = Kind::kClass;
  m.clsid = read_guid(clsid.addr);
  return hand_out(p, std::move(m), out);
}
int32_t CreatePointerMoniker(WindowsProcess& p, Ptr object, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  Moniker m;
  m.kind = Kind::kPointer;
  m.object = object.addr;
  if (object) call_method(p, object.addr, kAddRef);
  return hand_out(p, std::move(m), out);
}
// CreateObjrefMoniker(object, &moniker): a moniker of a marshalled reference to the object (a
// table-weak marshal: the moniker holds the object itself), its display name "objref:" and the
// reference in base64; bound, the object itself.
int32_t CreateObjrefMoniker(WindowsProcess& p, Ptr object, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  Moniker m;
  m.kind = Kind::kObjref;
  if (object) {
    Scratch made(p, 8), iid(p, 16), global(p, 8);
    int32_t hr = static_cast<int32_t>(p.call_export("ole32.dll", "CreateStreamOnHGlobal", {0, 1, made.addr}));
    if (com::failed(hr)) return hr;
    const uint64_t stream = p.get_ptr(made.addr);
    write_guid(iid.addr, kIidIUnknown);
    constexpr uint32_t MSHLFLAGS_TABLEWEAK = 2;
    hr = static_cast<int32_t>(p.call_export("ole32.dll", "CoMarshalInterface",
                                            {stream, iid.addr, object.addr, MSHCTX_DIFFERENTMACHINE, 0, MSHLFLAGS_TABLEWEAK}));
    if (!com::failed(hr)) {
      p.call_export("ole32.dll", "GetHGlobalFromStream", {stream, global.addr});
      const uint64_t h = p.get_ptr(global.addr);
      const uint64_t size = kernel32(p, "GlobalSize", {h}), at = kernel32(p, "GlobalLock", {h});
      const uint8_t* bytes = static_cast<const uint8_t*>(guest_pointer(at));
      m.objref.assign(bytes, bytes + size);
      kernel32(p, "GlobalUnlock", {h});
    }
    call_method(p, stream, kRelease);
    if (com::failed(hr)) return hr;
    call_method(p, object.addr, kAddRef);
    m.object = object.addr;
  }
  return hand_out(p, std::move(m), out);
}

int32_t CreateGenericComposite(WindowsProcess& p, Ptr left, Ptr right, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!left && !right) return com::S_OK;
  if (!left || !right) {
    const uint64_t only = left ? left.addr : right.addr;
    call_method(p, only, kAddRef);
    p.put_ptr(out.addr, only);
    return com::S_OK;
  }
  p.put_ptr(out.addr, compose(p, left.addr, right.addr));
  return com::S_OK;
}

int32_t MonikerCommonPrefixWith(WindowsProcess& p, Ptr a, Ptr b, Ptr out) {
  if (!a || !b || !out) return com::E_INVALIDARG;
  return common_prefix(p, a.addr, b.addr, out.addr);
}

// MkParseDisplayName(bc, name, &eaten, &moniker): "clsid:{…}:" names a class moniker (and what
// follows, ParseDisplayName of it, is not taken); any other name a file moniker of all of it.
int32_t MkParseDisplayName(WindowsProcess& p, Ptr bc, Ptr name, Ptr eaten, Ptr out) {
  if (!bc || !name || !eaten || !out) return com::E_INVALIDARG;
  const std::u16string text = read_wide(name.addr);
  if (text.empty()) return com::E_INVALIDARG;
  put<uint32_t>(eaten.addr, 0);
  p.put_ptr(out.addr, 0);
  if (text.size() >= 6 && upper(text.substr(0, 6)) == u"CLSID:") {
    std::u16string rest = text.substr(6);
    const size_t colon = rest.find(u':');
    std::u16string id = colon == std::u16string::npos ? rest : rest.substr(0, colon);
    if (!id.empty() && id.front() == '{') id = id.substr(1);
    if (!id.empty() && id.back() == '}') id.pop_back();
    uint8_t bytes[16];
    if (id.size() != 36 || !parse_guid((u"{" + id + u"}").c_str(), bytes)) return MK_E_SYNTAX;
    Moniker m;
    m.kind = Kind::kClass;
    std::memcpy(m.clsid.data(), bytes, 16);
    put<uint32_t>(eaten.addr, static_cast<uint32_t>(6 + (colon == std::u16string::npos ? rest.size() : colon + 1)));
    return hand_out(p, std::move(m), out);
  }
  Moniker m;
  m.kind = Kind::kFile;
  m.text = text;
  put<uint32_t>(eaten.addr, static_cast<uint32_t>(text.size()));
  return hand_out(p, std::move(m), out);
}

// BindMoniker(moniker, reserved, iid, &object): bound with a new bind context.
int32_t BindMoniker(WindowsProcess& p, Ptr moniker, uint32_t, Ptr iid, Ptr out) {
  if (!moniker || !out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  Scratch made(p, 8);
  int32_t hr = static_cast<int32_t>(p.call_export("ole32.dll", "CreateBindCtx", {0, made.addr}));
  if (com::failed(hr)) return hr;
  const uint64_t bc = p.get_ptr(made.addr);
  hr = static_cast<int32_t>(call_method(p, moniker.addr, 8, {bc, 0, iid.addr, out.addr}));
  call_method(p, bc, kRelease);
  return hr;
}

// CoGetObject(name, options, iid, &object): MkParseDisplayName's moniker bound (with the bind
// options given).
int32_t CoGetObject(WindowsProcess& p, Ptr name, Ptr options, Ptr iid, Ptr out) {
  p.put_ptr(out.addr, 0);
  Scratch made(p, 8), eaten(p, 4), moniker(p, 8);
  int32_t hr = static_cast<int32_t>(p.call_export("ole32.dll", "CreateBindCtx", {0, made.addr}));
  if (com::failed(hr)) return hr;
  const uint64_t bc = p.get_ptr(made.addr);
  if (options) hr = static_cast<int32_t>(call_method(p, bc, 6, {options.addr}));  // SetBindOptions
  if (!com::failed(hr)) hr = MkParseDisplayName(p, Ptr(bc), name, Ptr(eaten.addr), Ptr(moniker.addr));
  if (!com::failed(hr)) {
    const uint64_t m = p.get_ptr(moniker.addr);
    hr = static_cast<int32_t>(call_method(p, m, 8, {bc, 0, iid.addr, out.addr}));
    call_method(p, m, kRelease);
  }
  call_method(p, bc, kRelease);
  return hr;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_moniker_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateFileMoniker", CreateFileMoniker),
      EXPORT("CreateItemMoniker", CreateItemMoniker),
      EXPORT("CreateAntiMoniker", CreateAntiMoniker),
      EXPORT("CreateClassMoniker", CreateClassMoniker),
      EXPORT("CreatePointerMoniker", CreatePointerMoniker),
      EXPORT("CreateGenericComposite", CreateGenericComposite),
      EXPORT("CreateObjrefMoniker", CreateObjrefMoniker),
      EXPORT("MonikerCommonPrefixWith", MonikerCommonPrefixWith),
      EXPORT("MkParseDisplayName", MkParseDisplayName),
      EXPORT("BindMoniker", BindMoniker),
      EXPORT("CoGetObject", CoGetObject),
      EXPORT("GetRunningObjectTable", GetRunningObjectTable),
      EXPORT("DestroyRunningObjectTable", DestroyRunningObjectTable),
  };
  return exports;
}

}  // namespace polyrun::shims
