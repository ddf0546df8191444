// Calls made through Automation's descriptions: DispCallFunc (a function, or a method of an
// object's vtable, called with VARIANTs as its arguments under the process's calling convention:
// x64's four registers, each in its integer and its XMM register as for a function without a
// prototype, or i386's stack, an 8-byte value as two words and a VARIANT or DECIMAL by value;
// results from rax, XMM0, edx:eax or x87's ST0, a VARIANT or DECIMAL through a hidden pointer),
// DispInvoke and DispGetIDsOfNames (an ITypeInfo's Invoke and GetIDsOfNames), and
// CreateStdDispatch's object: IDispatch over an object's vtable and the ITypeInfo that describes it.
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/typelib_objects.h"

namespace polyrun::shims::oleaut {

namespace {

constexpr int32_t DISP_E_BADCALLEE = static_cast<int32_t>(0x80020010);
// ITypeInfo's GetIDsOfNames and Invoke after IUnknown's three and GetTypeAttr … GetImplTypeFlags.
constexpr unsigned kTypeInfoGetIDsOfNames = 10, kTypeInfoInvoke = 11;

}  // namespace

int32_t disp_call_func(WindowsProcess& p, uint64_t instance, uint64_t offset, uint32_t cc, uint16_t ret_vt,
                       uint32_t count, uint64_t vts, uint64_t args, uint64_t result) {
  if (cc != tlb::CC_STDCALL && cc != tlb::CC_CDECL) return E_INVALIDARG;
  const unsigned ptr = p.isa->ptr;
  const bool x64 = ptr == 8;
  std::vector<uint64_t> words;
  uint64_t func = offset;
  if (instance) {
    // The method's slot in the object's vtable; the object is the first argument.
    func = p.get_ptr(p.get_ptr(instance) + offset / ptr * ptr);
    words.push_back(instance);
  }
  if (ret_vt == VT_DECIMAL || ret_vt == VT_VARIANT) words.push_back(result);  // where the result goes
  else if (ret_vt == VT_HRESULT) return E_INVALIDARG;
  for (uint32_t i = 0; i < count; ++i) {
    const uint16_t vt = get<uint16_t>(vts + 2ull * i);
    const uint64_t arg = p.get_ptr(args + uint64_t{i} * ptr);
    if (x64) {
      switch (vt) {
        case VT_DECIMAL: case VT_VARIANT: words.push_back(arg); break;  // by reference
        case VT_BOOL: words.push_back(static_cast<uint64_t>(static_cast<int64_t>(get<int16_t>(arg + 8)))); break;
        default: words.push_back(get<uint64_t>(arg + 8)); break;
      }
      continue;
    }
    switch (vt) {
      case VT_EMPTY: break;
      case VT_I8: case VT_UI8: case VT_R8: case VT_DATE: case VT_CY:
        words.push_back(get<uint32_t>(arg + 8));
        words.push_back(get<uint32_t>(arg + 12));
        break;
      case VT_DECIMAL: case VT_VARIANT:  // the 16 bytes by value
        for (unsigned k = 0; k < 4; ++k) words.push_back(get<uint32_t>(arg + 4 * k));
        break;
      case VT_BOOL: words.push_back(static_cast<uint32_t>(static_cast<int32_t>(get<int16_t>(arg + 8)))); break;
      default: words.push_back(get<uint32_t>(arg + 8)); break;
    }
  }
  CallRegs regs;
  regs.fp_slots = x64;
  regs.x87_result = !x64 && (ret_vt == VT_R4 || ret_vt == VT_R8 || ret_vt == VT_DATE);
  const GuestResult r = p.call_guest_full(func, words, regs);
  if (p.stopping()) return E_FAIL;
  switch (ret_vt) {
    case VT_DECIMAL: case VT_VARIANT: break;  // the function wrote it
    case VT_R4: {
      float f;
      if (x64) std::memcpy(&f, &r.xmm0, 4);
      else f = static_cast<float>(r.st0);
      put<float>(result + 8, f);
      break;
    }
    case VT_R8: case VT_DATE:
      if (x64) put<uint64_t>(result + 8, r.xmm0);
      else put<double>(result + 8, r.st0);
      break;
    default:
      if (x64) put<uint64_t>(result + 8, r.rax);
      else if (ret_vt == VT_I8 || ret_vt == VT_UI8 || ret_vt == VT_CY) put<uint64_t>(result + 8, r.rax | r.rdx << 32);
      else if (ret_vt != VT_EMPTY) put<uint32_t>(result + 8, static_cast<uint32_t>(r.rax));
      break;
  }
  // A stdcall function that did not take exactly its arguments off the stack was not the function
  // the caller described.
  if (!x64 && cc == tlb::CC_STDCALL && r.popped != static_cast<int64_t>(4 * words.size())) return DISP_E_BADCALLEE;
  if (ret_vt != VT_VARIANT) put<uint16_t>(result, ret_vt);
  return S_OK;
}

namespace {

// DispCallFunc(instance, offset, cc, ret_vt, count, vts[], args[], &result).
int32_t DispCallFunc(WindowsProcess& p, Ptr instance, Ptr offset, uint32_t cc, uint16_t ret_vt, uint32_t count,
                     Ptr vts, Ptr args, Ptr result) {
  return disp_call_func(p, instance.addr, offset.addr, cc, ret_vt, count, vts.addr, args.addr, result.addr);
}

int32_t DispInvoke(WindowsProcess& p, Ptr object, Ptr tinfo, int32_t memid, uint16_t flags, Ptr params, Ptr result,
                   Ptr excep, Ptr arg_err) {
  return static_cast<int32_t>(call_method(p, tinfo.addr, kTypeInfoInvoke,
                                          {object.addr, static_cast<uint32_t>(memid), flags, params.addr,
                                           result.addr, excep.addr, arg_err.addr}));
}
int32_t DispGetIDsOfNames(WindowsProcess& p, Ptr tinfo, Ptr names, uint32_t count, Ptr ids) {
  return static_cast<int32_t>(call_method(p, tinfo.addr, kTypeInfoGetIDsOfNames, {names.addr, count, ids.addr}));
}

// ---- CreateStdDispatch's object: its vtable, the object it calls and the type info ----

struct StdDispatch {
  uint32_t refs = 1;
  uint64_t object = 0, tinfo = 0;
};
std::map<uint64_t, StdDispatch>& std_dispatches() {
  static std::map<uint64_t, StdDispatch> m;
  return m;
}
StdDispatch& std_dispatch(uint64_t self) {
  auto it = std_dispatches().find(self);
  if (it == std_dispatches().end()) touch_guest_byte(0);  // not one: an access violation, as on Windows
  return it->second;
}
bool iid_null(uint64_t iid) { return guid_is(iid, GuidBytes{}); }

int32_t Std_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  p.put_ptr(out.addr, 0);
  if (!guid_is(iid.addr, kIidIUnknown) && !guid_is(iid.addr, kIidIDispatch)) return E_NOINTERFACE;
  ++std_dispatch(self.addr).refs;
  p.put_ptr(out.addr, self.addr);
  return S_OK;
}
uint32_t Std_AddRef(WindowsProcess&, Ptr self) { return ++std_dispatch(self.addr).refs; }
uint32_t Std_Release(WindowsProcess& p, Ptr self) {
  StdDispatch& d = std_dispatch(self.addr);
  if (--d.refs) return d.refs;
  const uint64_t tinfo = d.tinfo;
  std_dispatches().erase(self.addr);
  call_method(p, tinfo, kRelease);
  p.heap.free(self.addr);
  return 0;
}
int32_t Std_GetTypeInfoCount(WindowsProcess&, Ptr, Ptr count) {
  put<uint32_t>(count.addr, 1);
  return S_OK;
}
int32_t Std_GetTypeInfo(WindowsProcess& p, Ptr self, uint32_t index, uint32_t, Ptr out) {
  p.put_ptr(out.addr, 0);
  if (index != 0) return DISP_E_BADINDEX;
  const uint64_t tinfo = std_dispatch(self.addr).tinfo;
  call_method(p, tinfo, kAddRef);
  p.put_ptr(out.addr, tinfo);
  return S_OK;
}
int32_t Std_GetIDsOfNames(WindowsProcess& p, Ptr self, Ptr iid, Ptr names, uint32_t count, uint32_t, Ptr ids) {
  if (!iid_null(iid.addr)) return E_INVALIDARG;
  return DispGetIDsOfNames(p, Ptr(std_dispatch(self.addr).tinfo), names, count, ids);
}
int32_t Std_Invoke(WindowsProcess& p, Ptr self, int32_t memid, Ptr iid, uint32_t, uint16_t flags, Ptr params,
                   Ptr result, Ptr excep, Ptr arg_err) {
  if (!iid_null(iid.addr)) return E_INVALIDARG;
  const StdDispatch& d = std_dispatch(self.addr);
  return DispInvoke(p, Ptr(d.object), Ptr(d.tinfo), memid, flags, params, result, excep, arg_err);
}
const std::vector<Export>& std_dispatch_methods() {
  static const std::vector<Export> m = {
      EXPORT("IDispatch::QueryInterface", Std_QueryInterface), EXPORT("IDispatch::AddRef", Std_AddRef),
      EXPORT("IDispatch::Release", Std_Release),               EXPORT("IDispatch::GetTypeInfoCount", Std_GetTypeInfoCount),
      EXPORT("IDispatch::GetTypeInfo", Std_GetTypeInfo),       EXPORT("IDispatch::GetIDsOfNames", Std_GetIDsOfNames),
      EXPORT("IDispatch::Invoke", Std_Invoke),
  };
  return m;
}

// CreateStdDispatch(outer, object, tinfo, &dispatch): the object's methods called through the
// type info's descriptions (the outer unknown is not consulted, as wine 8.0 has it).
int32_t CreateStdDispatch(WindowsProcess& p, Ptr, Ptr object, Ptr tinfo, Ptr out) {
  if (!object || !tinfo || !out) return E_INVALIDARG;
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return E_OUTOFMEMORY;
  p.put_ptr(self, com_vtable(p, kOleaut32, std_dispatch_methods()));
  std_dispatches()[self] = StdDispatch{1, object.addr, tinfo.addr};
  call_method(p, tinfo.addr, kAddRef);
  p.put_ptr(out.addr, self);
  return S_OK;
}

}  // namespace

const std::vector<Export>& dispatch_exports() {
  static const std::vector<Export> e = {
      EXPORT("DispCallFunc", DispCallFunc),
      EXPORT("DispInvoke", DispInvoke),
      EXPORT("DispGetIDsOfNames", DispGetIDsOfNames),
      EXPORT("CreateStdDispatch", CreateStdDispatch),
  };
  return e;
}

}  // namespace polyrun::shims::oleaut
