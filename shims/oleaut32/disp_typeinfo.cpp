// CreateDispTypeInfo: the simplified type of an object that CreateStdDispatch calls through, made
// from an INTERFACEDATA (its methods' names, DISPIDs, vtable indexes, conventions, flags, result
// and parameter types). As on Windows the type given is a class whose one interface holds the
// methods, in a library of their own that lives as long as the type info does.
#include "shims/core/guest_memory.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/typelib_objects.h"

namespace polyrun::shims::oleaut::tlb {

namespace {

constexpr uint32_t kInfoRecordBytes = 0x64;  // an MSFT type's record: the class's reference

// A type of the made library: no help context, size or vtable size (all -1), 2-byte alignment.
Info made_type(uint32_t kind) {
  Info info;
  info.kind = kind;
  info.help_context = 0xffffffffu;
  info.alignment = 2;
  info.size = 0xffffffffu;
  info.vft_size = 0xffff;
  return info;
}

// INTERFACEDATA { METHODDATA* pmethdata; UINT cMembers }; METHODDATA { szName, ppdata, dispid,
// iMeth, cc, cArgs, wFlags, vtReturn }; PARAMDATA { szName, vt }.
int32_t CreateDispTypeInfo(WindowsProcess& p, Ptr data, uint32_t lcid, Ptr out) {
  if (!data || !out) return E_INVALIDARG;
  const unsigned ptr = p.isa->ptr;
  const uint64_t methods = p.get_ptr(data.addr);
  const uint32_t count = get<uint32_t>(data.addr + ptr);
  const uint64_t method_bytes = ptr == 8 ? 40 : 28, param_bytes = 2 * ptr;
  auto lib = std::make_shared<Library>();
  lib->lcid = lib->set_lcid = lcid;
  lib->syskind = ptr == 8 ? SYS_WIN64 : SYS_WIN32;
  lib->ptr_size = ptr;
  Info iface = made_type(TKIND_INTERFACE);
  for (uint32_t k = 0; k < count; ++k) {
    const uint64_t m = methods + k * method_bytes;
    Func f;
    f.name = ole32::read_wide(p.get_ptr(m));
    f.memid = get<int32_t>(m + 2 * ptr);
    f.funckind = FUNC_VIRTUAL;
    f.vtable_offset = static_cast<int16_t>(get<uint32_t>(m + 2 * ptr + 4) * ptr);
    f.callconv = get<uint32_t>(m + 2 * ptr + 8);
    f.invkind = get<uint16_t>(m + 2 * ptr + 16);
    f.ret = simple(get<uint16_t>(m + 2 * ptr + 18));
    const uint32_t args = get<uint32_t>(m + 2 * ptr + 12);
    const uint64_t params = p.get_ptr(m + ptr);
    for (uint32_t j = 0; j < args; ++j) {
      Param param;
      param.name = ole32::read_wide(p.get_ptr(params + j * param_bytes));
      param.type = simple(get<uint16_t>(params + j * param_bytes + ptr));
      f.params.push_back(std::move(param));
    }
    iface.funcs.push_back(std::move(f));
  }
  Info klass = made_type(TKIND_COCLASS);
  klass.hreftype = kInfoRecordBytes;
  klass.impl_count = 1;
  klass.impls.push_back(Impl{});  // the interface, reference 0
  lib->infos.push_back(std::move(iface));
  lib->infos.push_back(std::move(klass));
  const uint64_t library = new_library_object(p, lib, u"", 0);
  if (!library) return E_OUTOFMEMORY;
  const uint64_t tinfo = typeinfo_object(p, library, 1);  // (which holds the library)
  release_library(p, library);
  p.put_ptr(out.addr, tinfo);
  return S_OK;
}

}  // namespace

const std::vector<Export>& disp_typeinfo_exports() {
  static const std::vector<Export> e = {EXPORT("CreateDispTypeInfo", CreateDispTypeInfo)};
  return e;
}

}  // namespace polyrun::shims::oleaut::tlb
