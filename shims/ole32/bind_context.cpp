// OLE32.dll: CreateBindCtx's bind context (IBindCtx), what a program hands monikers it binds: the
// objects bound during the operation (held until released), the bind options, objects the program
// registers by name, and the process's running object table (ole32/monikers.cpp). The enumerator
// of its names (EnumObjectParam) is not provided: calling it stops the program with the method's
// name, as calling a function polyrun lacks does.
#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "shims/ole32/exports.h"
#include "shims/ole32/com_object.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

constexpr int32_t MK_E_NOTBOUND = static_cast<int32_t>(0x800401e9);
constexpr GuidBytes kIidIBindCtx = make_guid(0x0000000e, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});

// BIND_OPTS3: cbStruct, grfFlags, grfMode, dwTickCountDeadline, dwTrackFlags, dwClassContext,
// locale (32 bits each), then pServerInfo and hwnd (pointers): 36 bytes on i386, 48 on x64.
uint32_t bind_opts3_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 48 : 36; }

struct BindContext {
  uint32_t refs = 1;
  std::vector<uint64_t> bound;                              // RegisterObjectBound's, AddRef'd
  std::vector<std::pair<std::u16string, uint64_t>> params;  // RegisterObjectParam's, AddRef'd
  std::vector<uint8_t> options;                             // a BIND_OPTS3
};
// The process's bind contexts, by interface pointer.
std::map<uint64_t, BindContext>& bind_contexts() {
  static std::map<uint64_t, BindContext> contexts;
  return contexts;
}
// A method called on a bind context that is no more (released to the end): the access violation
// of a freed object's use.
BindContext& context_of(uint64_t self) {
  auto it = bind_contexts().find(self);
  if (it == bind_contexts().end()) touch_guest_byte(0);
  return it->second;
}

void drop_reference(WindowsProcess& p, uint64_t object) {
  if (object) call_method(p, object, kRelease);
}

int32_t BindCtx_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_POINTER;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIBindCtx)) {
    ++context_of(self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}

uint32_t BindCtx_AddRef(WindowsProcess&, Ptr self) { return ++context_of(self.addr).refs; }

// The last reference releases every object the context holds and frees it.
uint32_t BindCtx_Release(WindowsProcess& p, Ptr self) {
  BindContext& c = context_of(self.addr);
  if (--c.refs) return c.refs;
  BindContext gone = std::move(c);
  bind_contexts().erase(self.addr);
  p.heap.free(self.addr);
  for (uint64_t object : gone.bound) drop_reference(p, object);
  for (const auto& [key, object] : gone.params) drop_reference(p, object);
  return 0;
}

int32_t BindCtx_RegisterObjectBound(WindowsProcess& p, Ptr self, Ptr object) {
  if (!object) return com::S_OK;
  call_method(p, object.addr, kAddRef);
  context_of(self.addr).bound.push_back(object.addr);
  return com::S_OK;
}

int32_t BindCtx_RevokeObjectBound(WindowsProcess& p, Ptr self, Ptr object) {
  auto& bound = context_of(self.addr).bound;
  for (auto it = bound.begin(); it != bound.end(); ++it) {
    if (*it != object.addr) continue;
    bound.erase(it);
    drop_reference(p, object.addr);
    return com::S_OK;
  }
  return MK_E_NOTBOUND;
}

int32_t BindCtx_ReleaseBoundObjects(WindowsProcess& p, Ptr self) {
  std::vector<uint64_t> bound = std::move(context_of(self.addr).bound);
  context_of(self.addr).bound.clear();
  for (uint64_t object : bound) drop_reference(p, object);
  return com::S_OK;
}

// SetBindOptions copies the caller's structure as far as its cbStruct says (at most a BIND_OPTS3);
// GetBindOptions fills the caller's as far as its cbStruct says, which then says what was filled.
int32_t BindCtx_SetBindOptions(WindowsProcess& p, Ptr self, Ptr options) {
  if (!options) return com::E_INVALIDARG;
  std::vector<uint8_t>& kept = context_of(self.addr).options;
  const uint32_t size = get<uint32_t>(options.addr), full = bind_opts3_size(p);
  std::memcpy(kept.data(), guest_pointer(options.addr), std::min(size, full));
  if (size > full) std::memcpy(kept.data(), &full, 4);
  return com::S_OK;
}

int32_t BindCtx_GetBindOptions(WindowsProcess& p, Ptr self, Ptr options) {
  if (!options) return com::E_POINTER;
  const std::vector<uint8_t>& kept = context_of(self.addr).options;
  const uint32_t size = std::min(get<uint32_t>(options.addr), bind_opts3_size(p));
  std::memcpy(guest_pointer(options.addr), kept.data(), size);
  put<uint32_t>(options.addr, size);
  return com::S_OK;
}

std::vector<std::pair<std::u16string, uint64_t>>::iterator find_param(BindContext& c, const std::u16string& key) {
  auto it = c.params.begin();
  while (it != c.params.end() && it->first != key) ++it;
  return it;
}

// Objects by name: registering a name again replaces its object.
int32_t BindCtx_RegisterObjectParam(WindowsProcess& p, Ptr self, WStr key, Ptr object) {
  if (!key.addr || !object) return com::E_INVALIDARG;
  BindContext& c = context_of(self.addr);
  call_method(p, object.addr, kAddRef);
  auto it = find_param(c, key.str());
  if (it == c.params.end()) {
    c.params.emplace_back(key.str(), object.addr);
    return com::S_OK;
  }
  const uint64_t old = it->second;
  it->second = object.addr;
  drop_reference(p, old);
  return com::S_OK;
}

int32_t BindCtx_GetObjectParam(WindowsProcess& p, Ptr self, WStr key, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!key.addr) return com::E_INVALIDARG;
  BindContext& c = context_of(self.addr);
  auto it = find_param(c, key.str());
  if (it == c.params.end()) return com::E_FAIL;
  call_method(p, it->second, kAddRef);
  p.put_ptr(out.addr, it->second);
  return com::S_OK;
}

int32_t BindCtx_RevokeObjectParam(WindowsProcess& p, Ptr self, WStr key) {
  if (!key.addr) return com::E_INVALIDARG;
  BindContext& c = context_of(self.addr);
  auto it = find_param(c, key.str());
  if (it == c.params.end()) return com::E_FAIL;
  const uint64_t old = it->second;
  c.params.erase(it);
  drop_reference(p, old);
  return com::S_OK;
}

// GetRunningObjectTable: the process's (GetRunningObjectTable's).
int32_t BindCtx_GetRunningObjectTable(WindowsProcess& p, Ptr self, Ptr out) {
  context_of(self.addr);
  if (!out) return com::E_INVALIDARG;
  return static_cast<int32_t>(p.call_export("ole32.dll", "GetRunningObjectTable", {0, out.addr}));
}

const std::vector<Export>& bind_context_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IBindCtx::QueryInterface", BindCtx_QueryInterface),
      EXPORT("IBindCtx::AddRef", BindCtx_AddRef),
      EXPORT("IBindCtx::Release", BindCtx_Release),
      EXPORT("IBindCtx::RegisterObjectBound", BindCtx_RegisterObjectBound),
      EXPORT("IBindCtx::RevokeObjectBound", BindCtx_RevokeObjectBound),
      EXPORT("IBindCtx::ReleaseBoundObjects", BindCtx_ReleaseBoundObjects),
      EXPORT("IBindCtx::SetBindOptions", BindCtx_SetBindOptions),
      EXPORT("IBindCtx::GetBindOptions", BindCtx_GetBindOptions),
      EXPORT("IBindCtx::GetRunningObjectTable", BindCtx_GetRunningObjectTable),
      EXPORT("IBindCtx::RegisterObjectParam", BindCtx_RegisterObjectParam),
      EXPORT("IBindCtx::GetObjectParam", BindCtx_GetObjectParam),
      missing_method("IBindCtx::EnumObjectParam"),
      EXPORT("IBindCtx::RevokeObjectParam", BindCtx_RevokeObjectParam),
  };
  return methods;
}

// CreateBindCtx(reserved, &context): a new bind context with the default options — STGM_READWRITE,
// CLSCTX_SERVER and the thread's locale (GetThreadLocale's: en-US, kernel32/locale.cpp), no
// deadline; E_INVALIDARG with NULL stored for a reserved value other than 0.
int32_t CreateBindCtx(WindowsProcess& p, uint32_t reserved, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (reserved) return com::E_INVALIDARG;
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return com::E_OUTOFMEMORY;
  p.put_ptr(self, com_vtable(p, kOle32, bind_context_methods()));
  BindContext c;
  c.options.assign(bind_opts3_size(p), 0);
  constexpr uint32_t kStgmReadWrite = 2, kClsctxServer = 0x15, kThreadLocale = 0x0409;
  const uint32_t fields[7] = {bind_opts3_size(p), 0, kStgmReadWrite, 0, 0, kClsctxServer, kThreadLocale};
  std::memcpy(c.options.data(), fields, sizeof fields);
  bind_contexts()[self] = std::move(c);
  p.put_ptr(out.addr, self);
  return com::S_OK;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_bind_context_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateBindCtx", CreateBindCtx),
  };
  return exports;
}

}  // namespace polyrun::shims
