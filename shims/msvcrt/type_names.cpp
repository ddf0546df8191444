// MSVC's decorated type names read back as C++ (what type_info::name() gives): vcruntime140's
// __std_type_info_name and msvcrt.dll's type_info::name, which cache the text in the type_info.
//
// A type_info's decorated name is '.' and a type's code: a built-in type (H int, D char, _J
// __int64 …), a pointer or reference (P, Q, R, S, A, B; E for __ptr64; the pointee's const and
// volatile as A–D), a class, struct, union or enum (V, U, T, W4) with its qualified name, an array
// ($$BY), a pointer to function (P6) or to member data. A qualified name is its fragments from the
// innermost out, each "name@", a template "?$name@arguments@" (types, or $0 and an encoded
// integer), "?A0x…@" for an anonymous namespace, or a digit naming an earlier fragment, ended by
// '@'. The text is as Microsoft's undecorator writes it with UNDNAME_NO_ARGUMENTS and
// UNDNAME_32_BIT_DECODE's companion __ptr64 ("class ns::Foo<int,char const * __ptr64>").
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"
#include "shims/msvcrt/type_names.h"

namespace polyrun::shims {

namespace type_names {
namespace {

// The C++ text of a type_info's decorated name (after its '.'), or nothing if it is not a type code
// this reader knows.
std::optional<std::string> type_name(const char* decorated) {
  Reader r{decorated};
  std::string t;
  if (r.eat("?A")) t = r.type();  // a class type: "?A" then its code
  else t = r.type();
  if (!r.ok || *r.s) return std::nullopt;
  return t;
}

// The name cached in `slot` (a heap block), made from `decorated` at the first call; null if the
// decorated name cannot be read. With a `list` (an SLIST_HEADER), the block is an entry of it
// (its first pointer-pair the SLIST_ENTRY, the name after), as __std_type_info_destroy_list frees
// them; KERNEL32's InterlockedPushEntrySList puts it there.
Ptr cached_name(WindowsProcess& p, uint64_t slot, const char* decorated, uint64_t list = 0) {
  if (uint64_t made = p.get_ptr(slot)) return Ptr(made);
  std::optional<std::string> t = type_name(decorated + 1);
  if (!t) return Ptr(0);
  const uint64_t header = list ? 2ull * p.isa->ptr : 0;
  uint64_t b = p.heap.alloc(header + t->size() + 1, true);
  if (!b) return Ptr(0);
  std::memcpy(reinterpret_cast<void*>(b + header), t->c_str(), t->size() + 1);
  if (list) p.call_export("kernel32.dll", "InterlockedPushEntrySList", {list, b});
  p.put_ptr(slot, b + header);
  return Ptr(b + header);
}

// __std_type_info_name(&type_info's data, &list): data is {name, decorated}; the name's block
// joins the list.
Ptr __std_type_info_name_(WindowsProcess& p, Ptr data, Ptr list) {
  return cached_name(p, data.addr, reinterpret_cast<const char*>(data.addr + p.isa->ptr), list.addr);
}
// msvcrt.dll's type_info::name(): {vftable, name, decorated}.
Ptr type_info_name_(WindowsProcess& p, Ptr self) {
  return cached_name(p, self.addr + p.isa->ptr, reinterpret_cast<const char*>(self.addr + 2ull * p.isa->ptr));
}

}  // namespace
}  // namespace type_names

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_type_names_exports() {
  using namespace type_names;
  static const std::vector<Export> exports = {
      EXPORT_METHOD("?name@type_info@@QEBAPEBDXZ", type_info_name_),
      EXPORT_METHOD("?name@type_info@@QBEPBDXZ", type_info_name_),
  };
  return exports;
}
// vcruntime140.dll's (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_type_names_exports() {
  using namespace type_names;
  static const std::vector<Export> exports = {
      EXPORT("__std_type_info_name", __std_type_info_name_),
  };
  return exports;
}

}  // namespace polyrun::shims
