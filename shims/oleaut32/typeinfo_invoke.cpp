// ITypeInfo::Invoke: a member of an object called as its type describes it, from IDispatch's
// DISPPARAMS. Each parameter gets its argument (named ones by index, DISPID_PROPERTYPUT's the
// last; the others in reverse order), converted to the parameter's type (VariantChangeType; a
// reference made to a copy for a by-reference parameter given a value; an [lcid] parameter the
// library's locale; a missing [optional] one its default value or DISP_E_PARAMNOTFOUND; a [vararg]
// SAFEARRAY made of the remaining arguments), then the method is called through the object's
// vtable (DispCallFunc); a [retval] becomes the result, [out] values go back to the arguments
// given by value, a failed HRESULT is DISP_E_EXCEPTION with the thread's error object in
// EXCEPINFO, and a property got with arguments is indexed through its value (DISPID_VALUE). A
// dispinterface's member is the object's own IDispatch::Invoke. Members are looked for in the
// type, then the interface it inherits. AddressOfMember: a module's function's address in its DLL.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/typelib_objects.h"

namespace polyrun::shims::oleaut::tlb {

namespace {

constexpr int32_t DISP_E_NONAMEDARGS = static_cast<int32_t>(0x80020007),
                  DISP_E_EXCEPTION = static_cast<int32_t>(0x80020009),
                  DISP_E_BADPARAMCOUNT = static_cast<int32_t>(0x8002000e),
                  DISP_E_NOTACOLLECTION = static_cast<int32_t>(0x80020011),
                  TYPE_E_DLLFUNCTIONNOTFOUND = static_cast<int32_t>(0x8002802f),
                  STG_E_FILENOTFOUND = static_cast<int32_t>(0x80030002);
constexpr int32_t DISPID_VALUE = 0, DISPID_PROPERTYPUT = -3;
constexpr uint16_t FUNCFLAG_FRESTRICTED = 0x1, TYPEFLAG_FRESTRICTED = 0x200, IMPLTYPEFLAG_FDEFAULT = 0x1;
constexpr uint32_t LOCALE_USER_DEFAULT = 0x400;
// IDispatch::Invoke, IErrorInfo's GetSource … GetHelpContext (after IUnknown's three).
constexpr unsigned kDispatchInvoke = 6, kErrorGetSource = 4, kErrorGetDescription = 5, kErrorGetHelpFile = 6,
                   kErrorGetHelpContext = 7;


int32_t variant_type(WindowsProcess& p, uint64_t tinfo, const Type& type, uint16_t& vt);

// The VARTYPE a user-defined type is passed as: an enum's I4, an alias's own, an interface's
// DISPATCH or UNKNOWN; a structure or union is not supported (E_NOTIMPL, as wine 8.0).
int32_t user_defined_type(WindowsProcess& p, uint64_t tinfo, const Type& type, uint16_t& vt) {
  uint64_t other = 0;
  int32_t hr = referenced_info(p, tinfo, type.href, other);
  if (hr < 0) return hr;
  const TypeView s = type_view(other);
  switch (s.kind) {
    case TKIND_ENUM: vt |= VT_I4; break;
    case TKIND_ALIAS: hr = variant_type(p, other, s.info.alias, vt); break;
    case TKIND_INTERFACE: vt |= (s.info.flags & TYPEFLAG_FDISPATCHABLE) ? VT_DISPATCH : VT_UNKNOWN; break;
    case TKIND_DISPATCH: case TKIND_COCLASS: vt |= VT_DISPATCH; break;
    default: hr = E_NOTIMPL; break;
  }
  release_info(p, other);
  return hr;
}

// The VARTYPE a parameter of `type` takes: one level of pointer is VT_BYREF (a pointer to an
// interface pointer is the interface BYREF, a pointer to an interface the interface), HRESULT is
// ERROR, INT and UINT are I4 and UI4; C arrays, strings and other pointers cannot be VARIANTs.
int32_t variant_type(WindowsProcess& p, uint64_t tinfo, const Type& type, uint16_t& vt) {
  const Type* t = &type;
  if (!(vt & VT_BYREF) && !(vt & VT_ARRAY) && t->vt == VT_PTR && t->inner) {
    t = t->inner.get();
    const bool to_pointer = t->vt == VT_PTR && t->inner && t->inner->vt == VT_USERDEFINED;
    if (t->vt == VT_USERDEFINED || to_pointer) {
      uint16_t user = to_pointer ? VT_BYREF : 0;
      if (user_defined_type(p, tinfo, to_pointer ? *t->inner : *t, user) == S_OK &&
          ((user & VT_TYPEMASK) == VT_UNKNOWN || (user & VT_TYPEMASK) == VT_DISPATCH)) {
        vt |= user;
        return S_OK;
      }
    }
    vt = VT_BYREF;
  }
  switch (t->vt) {
    case VT_HRESULT: vt |= VT_ERROR; return S_OK;
    case VT_USERDEFINED: return user_defined_type(p, tinfo, *t, vt);
    case VT_VOID: case VT_CARRAY: case VT_PTR: case VT_LPSTR: case VT_LPWSTR: return DISP_E_BADVARTYPE;
    case VT_SAFEARRAY:
      vt |= VT_ARRAY;
      return t->inner ? variant_type(p, tinfo, *t->inner, vt) : DISP_E_BADVARTYPE;
    case VT_INT: vt |= VT_I4; return S_OK;
    case VT_UINT: vt |= VT_UI4; return S_OK;
    default: vt |= t->vt; return S_OK;
  }
}

// The interface a user-defined type stands for: an interface's own, an alias's, a class's default one.
int32_t interface_guid(WindowsProcess& p, uint64_t tinfo, uint32_t href, GuidBytes& guid) {
  uint64_t other = 0;
  int32_t hr = referenced_info(p, tinfo, href, other);
  if (hr < 0) return hr;
  const TypeView s = type_view(other);
  switch (s.kind) {
    case TKIND_ALIAS: hr = interface_guid(p, other, s.info.alias.href, guid); break;
    case TKIND_INTERFACE: case TKIND_DISPATCH: guid = s.info.guid; break;
    case TKIND_COCLASS: {
      size_t k = 0;
      while (k < s.info.impls.size() && !(s.info.impls[k].flags & IMPLTYPEFLAG_FDEFAULT)) ++k;
      if (k == s.info.impls.size()) k = 0;
      hr = k < s.info.impls.size() ? interface_guid(p, other, s.info.impls[k].href, guid) : TYPE_E_ELEMENTNOTFOUND;
      break;
    }
    default: hr = E_UNEXPECTED; break;
  }
  release_info(p, other);
  return hr;
}

// A BYREF VARIANT's target cleared (a [retval]'s storage once its value was copied out).
void clear_target(WindowsProcess& p, uint64_t v, uint64_t scratch) {
  const uint16_t vt = get<uint16_t>(v);
  if (!(vt & VT_BYREF)) {
    clear_variant(p, v);
    return;
  }
  const uint64_t target = p.get_ptr(v + 8);
  if (!target) return;
  if ((vt & ~VT_BYREF) == VT_VARIANT) {
    clear_variant(p, target);
    return;
  }
  // Any other type: its value as a VARIANT of that type, cleared (a BSTR freed, an interface released …).
  std::memset(guest_pointer(scratch), 0, variant_size(p));
  put<uint16_t>(scratch, vt & ~VT_BYREF);
  std::memcpy(guest_pointer(scratch + 8), guest_pointer(target), p.isa->ptr);
  clear_variant(p, scratch);
}

// EXCEPINFO of a method that failed: its HRESULT, and what the thread's error object says.
void fill_exception(WindowsProcess& p, uint64_t excep, int32_t scode) {
  const unsigned ptr = p.isa->ptr;
  put<int32_t>(excep + 7 * ptr, scode);  // EXCEPINFO's scode: after wCode, four pointers, a DWORD and two pointers
  const ole32::Scratch slot(p, ptr);
  if (!slot.addr || GetErrorInfo(p, 0, Ptr(slot.addr)) != S_OK) return;
  const uint64_t error = p.get_ptr(slot.addr);
  if (!error) return;
  call_method(p, error, kErrorGetDescription, {excep + 2 * ptr});
  call_method(p, error, kErrorGetHelpFile, {excep + 3 * ptr});
  call_method(p, error, kErrorGetSource, {excep + ptr});
  call_method(p, error, kErrorGetHelpContext, {excep + 4 * ptr});
  call_method(p, error, kRelease);
}

// DISPPARAMS: rgvarg, rgdispidNamedArgs, cArgs, cNamedArgs.
struct Params {
  uint64_t args = 0, named = 0;
  uint32_t count = 0, named_count = 0;
  uint64_t vsize = 0;
  uint64_t arg(uint32_t k) const { return args + k * vsize; }
  int32_t named_id(uint32_t k) const { return get<int32_t>(named + 4ull * k); }
};

// A virtual function's call (FUNC_VIRTUAL, FUNC_PUREVIRTUAL).
int32_t invoke_virtual(WindowsProcess& p, uint64_t self, const Func& f, uint64_t object, uint16_t flags,
                       const Params& in, uint64_t dispparams, uint64_t result, uint64_t excep, uint64_t arg_err) {
  const TypeView s = type_view(self);
  const unsigned ptr = p.isa->ptr;
  const uint64_t vsize = in.vsize;
  const uint32_t n = static_cast<uint32_t>(f.params.size());
  // Guest room: each parameter's VARIANT and the value a reference of it points at, their
  // pointers and types, and the [retval]'s storage, the result and a spare VARIANT.
  const ole32::Scratch block(p, uint64_t{n} * (2 * vsize + ptr + 2) + 3 * vsize);
  if (!block.addr) return E_OUTOFMEMORY;
  const uint64_t rgvarg = block.addr, missing = rgvarg + n * vsize, pointers = missing + n * vsize,
                 types = pointers + uint64_t{n} * ptr, retval = (types + 2ull * n + 7) & ~7ull,
                 varresult = retval + vsize, spare = varresult + vsize;
  auto var = [&](uint32_t i) { return rgvarg + i * vsize; };
  auto miss = [&](uint32_t i) { return missing + i * vsize; };
  auto vt_of = [&](uint32_t i) { return get<uint16_t>(types + 2ull * i); };
  auto set_arg = [&](uint32_t i, uint64_t v) { p.put_ptr(pointers + uint64_t{i} * ptr, v); };
  auto arg_at = [&](uint32_t i) { return p.get_ptr(pointers + uint64_t{i} * ptr); };
  const bool vararg = f.optional_params < 0;
  const uint32_t named = in.named_count;

  int32_t hr = S_OK;
  if ((f.invkind & (INVOKE_PROPERTYPUT | INVOKE_PROPERTYPUTREF)) && (!named || in.named_id(0) != DISPID_PROPERTYPUT))
    return DISP_E_PARAMNOTFOUND;
  if (vararg && named) return DISP_E_NONAMEDARGS;
  for (uint32_t i = 0; i < n; ++i) {
    uint16_t vt = 0;
    hr = variant_type(p, self, f.params[i].type, vt);
    if (hr < 0) return hr;
    put<uint16_t>(types + 2ull * i, vt);
  }
  uint32_t positional = 0;
  std::vector<uint64_t> arrays;  // the [vararg] SAFEARRAYs made
  for (uint32_t i = 0; i < n && hr >= 0; ++i) {
    const Param& param = f.params[i];
    const uint16_t vt = vt_of(i);
    if (param.flags & PARAMFLAG_FLCID) {
      set_arg(i, var(i));
      put<uint16_t>(var(i), VT_I4);
      put<uint32_t>(var(i) + 8, s.lib.lcid);
      continue;
    }
    uint64_t src = 0;
    for (uint32_t j = 0; j < named && !src; ++j)
      if (in.named_id(j) == static_cast<int32_t>(i) || (i == n - 1 && in.named_id(j) == DISPID_PROPERTYPUT))
        src = in.arg(j);
    if (!src && positional + named < in.count) src = in.arg(in.count - 1 - positional++);
    if (param.flags & PARAMFLAG_FRETVAL) {
      // No argument may stand where the [retval] is, but for a property got with an index (a
      // [vararg] array before it took all that were left: wine 8.0 counts them here too and
      // refuses the call, which Microsoft's [vararg] page allows).
      if (i < in.count && !(vararg && !arrays.empty()) && (n != 1 || !result || !(f.invkind & INVOKE_PROPERTYGET))) {
        hr = DISP_E_BADPARAMCOUNT;
        break;
      }
      if (i != n - 1) {
        hr = E_UNEXPECTED;
        break;
      }
      set_arg(i, var(i));
      p.put_ptr(var(i) + 8, retval);
      put<uint16_t>(var(i), vt);
      continue;
    }
    const bool missing_optional = src && (param.flags & PARAMFLAG_FOPT) && get<uint16_t>(src) == VT_ERROR &&
                                  get<int32_t>(src + 8) == DISP_E_PARAMNOTFOUND;
    if (src && !missing_optional) {
      const uint16_t src_vt = get<uint16_t>(src);
      if (vt == src_vt) {
        set_arg(i, src);
      } else {
        if (vt == VT_VARIANT) {
          hr = copy_variant(p, var(i), src);
        } else if (vt == (VT_VARIANT | VT_BYREF)) {
          if (param.flags & PARAMFLAG_FIN) hr = copy_variant(p, miss(i), src);
          p.put_ptr(var(i) + 8, miss(i));
          put<uint16_t>(var(i), vt);
        } else if ((vt == (VT_VARIANT | VT_ARRAY) || vt == (VT_VARIANT | VT_ARRAY | VT_BYREF)) && vararg) {
          // The arguments from here on, in their order, as one array.
          const uint32_t count = in.count > i ? in.count - i : 0;
          uint64_t data = 0;
          const uint64_t psa = variant_vector(p, count, data);
          if (!psa) {
            hr = E_OUTOFMEMORY;
            break;
          }
          arrays.push_back(psa);
          for (uint32_t j = 0; j < count; ++j) copy_variant(p, data + j * vsize, in.arg(in.count - 1 - i - j));
          if (vt & VT_BYREF) {
            p.put_ptr(miss(i) + 8, psa);
            p.put_ptr(var(i) + 8, miss(i) + 8);
          } else {
            p.put_ptr(var(i) + 8, psa);
          }
          put<uint16_t>(var(i), vt);
        } else if ((vt & VT_BYREF) && !(src_vt & VT_BYREF)) {
          // A value given for a reference: the reference is to a converted copy.
          if (param.flags & PARAMFLAG_FIN) hr = change_type(p, miss(i), src, LOCALE_USER_DEFAULT, 0, vt & ~VT_BYREF);
          else put<uint16_t>(miss(i), vt & ~VT_BYREF);
          p.put_ptr(var(i) + 8, miss(i) + 8);
          put<uint16_t>(var(i), vt);
        } else {
          put<uint16_t>(var(i), src_vt);
          hr = change_type(p, var(i), src, LOCALE_USER_DEFAULT, 0, vt);
          put<uint16_t>(var(i), vt);
        }
        if (hr < 0) break;
        set_arg(i, var(i));
      }
      // An interface argument of a user-defined interface type: the object's interface of that type.
      const Type* t = &param.type;
      if (t->vt == VT_PTR && t->inner && t->inner->vt == VT_USERDEFINED) t = t->inner.get();
      const uint64_t a = arg_at(i);
      const uint16_t avt = get<uint16_t>(a);
      if (t->vt == VT_USERDEFINED && (avt == VT_DISPATCH || avt == VT_UNKNOWN) && p.get_ptr(a + 8)) {
        GuidBytes guid{};
        hr = interface_guid(p, self, t->href, guid);
        if (hr < 0) break;
        uint64_t iface = 0;
        hr = query_interface(p, p.get_ptr(a + 8), guid, iface);
        if (hr < 0) break;
        call_method(p, p.get_ptr(a + 8), kRelease);
        p.put_ptr(a + 8, iface);
      }
    } else if (param.flags & PARAMFLAG_FOPT) {
      set_arg(i, var(i));
      if ((param.flags & PARAMFLAG_FHASDEFAULT) && param.default_value) {
        hr = write_variant(p, var(i), *param.default_value);
        if (hr < 0) break;
      } else if (vt & VT_BYREF) {
        put<uint16_t>(miss(i), VT_ERROR);
        put<int32_t>(miss(i) + 8, DISP_E_PARAMNOTFOUND);
        put<uint16_t>(var(i), VT_VARIANT | VT_BYREF);
        p.put_ptr(var(i) + 8, miss(i));
      } else {
        put<uint16_t>(var(i), VT_ERROR);
        put<int32_t>(var(i) + 8, DISP_E_PARAMNOTFOUND);
      }
    } else {
      hr = DISP_E_BADPARAMCOUNT;
    }
  }
  uint16_t ret_vt = VT_EMPTY;
  if (hr >= 0 && f.ret.vt != VT_VOID) hr = variant_type(p, self, f.ret, ret_vt);
  if (hr < 0) {
    for (uint32_t i = 0; i < n; ++i) clear_variant(p, miss(i));
    for (uint64_t psa : arrays) safearray_destroy(p, psa);
    return hr;
  }
  put<uint16_t>(varresult, ret_vt);
  const int32_t offset = vtable_offset_in(p, f, s.lib);
  hr = disp_call_func(p, object, static_cast<uint64_t>(offset & 0xfffc), f.callconv, ret_vt, n, types, pointers,
                      varresult);
  if (p.stopping()) return hr;
  // Afterwards: the [retval] into the result, [out] values back into the arguments given by value.
  positional = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const Param& param = f.params[i];
    if (param.flags & PARAMFLAG_FLCID) continue;
    if (param.flags & PARAMFLAG_FRETVAL) {
      if (result) {
        put<uint16_t>(result, VT_EMPTY);
        hr = copy_ind(p, result, arg_at(i));
      }
      clear_target(p, arg_at(i), spare);
    } else if (positional < in.count) {
      const uint64_t given = in.arg(in.count - 1 - positional);
      if (param.flags & PARAMFLAG_FOUT) {
        const uint16_t given_vt = get<uint16_t>(given);
        if ((vt_of(i) & VT_BYREF) && !(given_vt & VT_BYREF)) {
          hr = change_type(p, given, var(i), LOCALE_USER_DEFAULT, 0, given_vt);
          if (hr < 0) break;
        }
      }
      clear_variant(p, var(i));
      ++positional;
    } else if ((param.flags & PARAMFLAG_FOPT) && (param.flags & PARAMFLAG_FHASDEFAULT)) {
      clear_variant(p, var(i));
    }
    clear_variant(p, miss(i));
  }
  for (uint64_t psa : arrays)
    if (vt_of(n - 1) & VT_BYREF) safearray_destroy(p, psa);  // (a value's went with its VARIANT)
  const uint16_t got_vt = get<uint16_t>(varresult);
  if (got_vt == VT_ERROR && get<int32_t>(varresult + 8) < 0) {
    hr = DISP_E_EXCEPTION;
    if (excep) fill_exception(p, excep, get<int32_t>(varresult + 8));
  }
  if (got_vt != VT_ERROR) {
    if (result) {
      clear_variant(p, result);
      std::memcpy(guest_pointer(result), guest_pointer(varresult), vsize);
    } else {
      clear_variant(p, varresult);
    }
  }
  // A property got with arguments whose only parameter is its [retval]: the arguments index the
  // value it gave (a collection's default member).
  if (hr >= 0 && result && n == 1 && (f.invkind & INVOKE_PROPERTYGET) && (f.params[0].flags & PARAMFLAG_FRETVAL) &&
      in.count != 0) {
    if (get<uint16_t>(result) == VT_DISPATCH) {
      const uint64_t disp = p.get_ptr(result + 8);
      put<uint16_t>(result, VT_EMPTY);
      std::memset(guest_pointer(spare), 0, 16);
      hr = static_cast<int32_t>(call_method(p, disp, kDispatchInvoke,
                                            {DISPID_VALUE, spare, p.call_export("kernel32.dll", "GetSystemDefaultLCID", {}),
                                             flags, dispparams, result, excep, arg_err}));
      call_method(p, disp, kRelease);
    } else {
      clear_variant(p, result);
      hr = DISP_E_NOTACOLLECTION;
    }
  }
  return hr;
}

}  // namespace

int32_t typeinfo_invoke(WindowsProcess& p, uint64_t self, uint64_t object, int32_t memid, uint16_t flags,
                        uint64_t params, uint64_t result, uint64_t excep, uint64_t arg_err) {
  const TypeView s = type_view(self);
  if (s.info.flags & TYPEFLAG_FRESTRICTED) return DISP_E_MEMBERNOTFOUND;
  if (!params) return E_INVALIDARG;
  Params in;
  const unsigned ptr = p.isa->ptr;
  in.args = p.get_ptr(params);
  in.named = p.get_ptr(params + ptr);
  in.count = get<uint32_t>(params + 2 * ptr);
  in.named_count = get<uint32_t>(params + 2 * ptr + 4);
  in.vsize = variant_size(p);
  if (in.named_count > in.count) return E_INVALIDARG;
  for (const Func& f : s.info.funcs) {
    if (f.memid != memid || !(flags & f.invkind) || ((f.flags & FUNCFLAG_FRESTRICTED) && f.memid >= 0)) continue;
    switch (f.funckind) {
      case FUNC_VIRTUAL:
      case FUNC_PUREVIRTUAL:
        return invoke_virtual(p, self, f, object, flags, in, params, result, excep, arg_err);
      case FUNC_DISPATCH: {
        // A dispinterface's member: the object's own IDispatch.
        uint64_t disp = 0;
        int32_t hr = query_interface(p, object, kIidIDispatch, disp);
        if (hr < 0) return hr;
        const ole32::Scratch iid(p, 16);
        hr = static_cast<int32_t>(call_method(p, disp, kDispatchInvoke,
                                              {static_cast<uint32_t>(memid), iid.addr, LOCALE_USER_DEFAULT, flags,
                                               params, result, excep, arg_err}));
        call_method(p, disp, kRelease);
        return hr;
      }
      default: return E_FAIL;  // a module's static function is not called through an object
    }
  }
  for (const Var& v : s.info.vars)
    if (v.memid == memid) return E_NOTIMPL;  // a dispinterface's property: wine 8.0 has it so too
  // Not the type's own: the interface's it inherits, or a class's first (CreateDispTypeInfo's
  // type, a class, is made to be called so through CreateStdDispatch; wine 8.0 stops at a class).
  if ((s.kind == TKIND_INTERFACE || s.kind == TKIND_DISPATCH || s.kind == TKIND_COCLASS) && !s.info.impls.empty()) {
    uint64_t base = 0;
    if (referenced_info(p, self, s.info.impls[0].href, base) >= 0) {
      const int32_t hr = typeinfo_invoke(p, base, object, memid, flags, params, result, excep, arg_err);
      release_info(p, base);
      return hr;
    }
  }
  return DISP_E_MEMBERNOTFOUND;
}

int32_t typeinfo_address_of_member(WindowsProcess& p, uint64_t self, int32_t memid, uint32_t invkind, uint64_t out) {
  const TypeView s = type_view(self);
  if (s.kind != TKIND_MODULE) return TYPE_E_BADMODULEKIND;
  const Func* f = nullptr;
  for (const Func& fn : s.info.funcs)
    if (!f && fn.memid == memid && (fn.invkind & invkind)) f = &fn;
  if (!f) return TYPE_E_ELEMENTNOTFOUND;
  // (*out is written only by the lookup, as on Windows: a failure before it leaves it as it was)
  const ole32::GuestText dll(p, s.info.dll_name);
  const uint64_t module = p.call_export("kernel32.dll", "LoadLibraryW", {dll.addr});
  if (!module) return STG_E_FILENOTFOUND;
  uint64_t address = 0;
  if (f->entry_kind == Func::Entry::kName) {
    std::string name;
    for (char16_t c : f->entry) name.push_back(static_cast<char>(c));
    const ole32::Scratch text(p, name.size() + 1);
    std::memcpy(guest_pointer(text.addr), name.c_str(), name.size() + 1);
    address = p.call_export("kernel32.dll", "GetProcAddress", {module, text.addr});
  } else if (f->entry_kind == Func::Entry::kOrdinal) {
    address = p.call_export("kernel32.dll", "GetProcAddress", {module, f->entry_ordinal});
  }
  p.put_ptr(out, address);
  return address ? S_OK : TYPE_E_DLLFUNCTIONNOTFOUND;
}

}  // namespace polyrun::shims::oleaut::tlb
