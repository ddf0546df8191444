// TYPEATTR, FUNCDESC and VARDESC written into guest memory (typeinfo_descs.cpp), for
// ITypeInfo's GetTypeAttr, GetFuncDesc and GetVarDesc; each is one heap block, released by
// release_desc.
#pragma once

#include "shims/oleaut32/type_library.h"

namespace polyrun::shims::oleaut::tlb {

// Where TYPEATTR's and VARDESC's fields are at the process's pointer width: what the writers
// below lay out and what reads them back through any ITypeInfo (record_info.cpp) finds.
struct DescLayout {
  explicit DescLayout(unsigned ptr) : x64(ptr == 8) {}
  bool x64;
  size_t attr_bytes() const { return x64 ? 96 : 76; }
  size_t attr_size_instance() const { return x64 ? 40 : 36; }  // then typekind, cFuncs, cVars …
  size_t attr_kind() const { return attr_size_instance() + 4; }
  size_t attr_vars() const { return attr_size_instance() + 10; }
  size_t attr_alias() const { return x64 ? 64 : 60; }
  size_t var_bytes() const { return x64 ? 64 : 36; }
  size_t var_value() const { return x64 ? 16 : 8; }  // oInst or lpvarValue
  size_t var_elem() const { return x64 ? 24 : 12; }
  size_t var_flags() const { return x64 ? 56 : 28; }
  size_t var_kind() const { return x64 ? 60 : 32; }
};

// A TYPEATTR's fields as the type's view gives them.
struct TypeAttr {
  GuidBytes guid{};
  uint32_t lcid = 0, size = 0, kind = 0;
  uint16_t funcs = 0, vars = 0, impls = 0, vft_size = 0, alignment = 0, flags = 0, major = 0, minor = 0;
  Type alias;
};
uint64_t write_type_attr(WindowsProcess& p, const TypeAttr& a);

// How a function is seen: through a dispatch interface (FUNC_DISPATCH, the [retval], [lcid] and
// HRESULT rewritten as IDispatch::Invoke passes them), its vtable offset in the process's
// pointers, and what is added to its user-defined types' references (an inherited interface's).
struct FuncView {
  bool dispatch = false;
  int32_t vtable_offset = 0;
  uint32_t href_offset = 0;
};
uint64_t write_func_desc(WindowsProcess& p, const Func& f, const FuncView& view);
uint64_t write_var_desc(WindowsProcess& p, const Var& v);
void release_desc(WindowsProcess& p, uint64_t block);

}  // namespace polyrun::shims::oleaut::tlb
