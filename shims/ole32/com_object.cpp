// COM interfaces across the boundary (ole32/com_object.h): vtables of polyrun's methods for the program,
// and calls of the program's methods.
#include "shims/ole32/com_object.h"

#include <cstring>
#include <map>
#include <utility>

#include "shims/core/guest_memory.h"

namespace polyrun::shims {

bool guid_is(uint64_t addr, const GuidBytes& g) { return std::memcmp(guest_pointer(addr), g.data(), g.size()) == 0; }

uint64_t com_vtable(WindowsProcess& p, const Dll& dll, const std::vector<Export>& methods) {
  // (one process per polyrun: the list's address names the interface)
  static std::map<std::pair<const WindowsProcess*, const std::vector<Export>*>, uint64_t> made;
  uint64_t& vtable = made[{&p, &methods}];
  if (vtable) return vtable;
  const uint64_t table = p.alloc_data(methods.size() * p.isa->ptr);
  for (size_t i = 0; i < methods.size(); ++i) {
    const Export* e = methods[i].call ? &methods[i] : nullptr;  // (a method polyrun lacks: a trap)
    p.put_ptr(table + i * p.isa->ptr, p.export_thunk(&dll, dll.name, methods[i].name, e));
  }
  return vtable = table;
}

uint32_t call_method(WindowsProcess& p, uint64_t object, unsigned slot, const std::vector<uint64_t>& args) {
  const uint64_t method = p.get_ptr(p.get_ptr(object) + uint64_t{slot} * p.isa->ptr);
  std::vector<uint64_t> all = {object};
  all.insert(all.end(), args.begin(), args.end());
  return static_cast<uint32_t>(p.call_guest(method, all));
}

int32_t query_interface(WindowsProcess& p, uint64_t object, const GuidBytes& iid, uint64_t& out) {
  out = 0;
  // The IID and the out-parameter in guest memory, where the program's method reads and writes them.
  const uint64_t block = p.heap.alloc(16 + 8, true);
  if (!block) return com::E_OUTOFMEMORY;
  std::memcpy(guest_pointer(block), iid.data(), 16);
  const int32_t hr = static_cast<int32_t>(call_method(p, object, kQueryInterface, {block, block + 16}));
  if (!com::failed(hr)) out = p.get_ptr(block + 16);
  p.heap.free(block);
  return hr;
}

}  // namespace polyrun::shims
