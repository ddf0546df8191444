// ITypeComp's binding of names, the compilers' and script engines' lookup: a type info's (its
// functions by name, a property's by its invocation kind, then its variables, then the interface
// it inherits; through a dispatch interface a function's description is its dispatch form) and a
// library's (an enum's or module's name is that type's ITypeComp, their members by name, a member
// of an application object's class its implicit object; BindType: a type by name).
#include "shims/core/guest_memory.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/typeinfo_descs.h"
#include "shims/oleaut32/typelib_objects.h"

namespace polyrun::shims::oleaut::tlb {

namespace {

constexpr uint32_t DESCKIND_NONE = 0, DESCKIND_FUNCDESC = 1, DESCKIND_VARDESC = 2, DESCKIND_TYPECOMP = 3,
                   DESCKIND_IMPLICITAPPOBJ = 4;
constexpr int32_t TYPE_E_TYPEMISMATCH = static_cast<int32_t>(0x80028ca0);
constexpr uint16_t TYPEFLAG_FAPPOBJECT = 0x1;


// What a bind found: its kind, the type info it is in (a reference counted) and its description
// (FUNCDESC, VARDESC) or ITypeComp.
struct Bound {
  uint32_t kind = DESCKIND_NONE;
  uint64_t tinfo = 0, ptr = 0;
};

uint64_t func_desc_as(WindowsProcess& p, const TypeView& s, const Func& f, bool dispatch) {
  FuncView view;
  view.dispatch = dispatch;
  view.vtable_offset = vtable_offset_in(p, f, s.lib);
  return write_func_desc(p, f, view);
}

// A type info's member by name; `dispatch`: seen through a dispatch interface that inherits this
// type, whose functions are described in their dispatch form.
int32_t bind_info(WindowsProcess& p, uint64_t self, const std::u16string& name, uint16_t flags, Bound& out,
                  bool dispatch = false) {
  const TypeView s = type_view(self);
  dispatch = dispatch || s.kind == TKIND_DISPATCH;
  int32_t hr = DISP_E_MEMBERNOTFOUND;
  for (const Func& f : s.info.funcs) {
    if (!same_name(f.name, name)) continue;
    if (flags && !(f.invkind & flags)) {
      hr = TYPE_E_TYPEMISMATCH;  // the name, but not of that kind
      continue;
    }
    out.ptr = func_desc_as(p, s, f, dispatch);
    if (!out.ptr) return E_OUTOFMEMORY;
    out.kind = DESCKIND_FUNCDESC;
    call_method(p, self, kAddRef);
    out.tinfo = self;
    return S_OK;
  }
  if (hr == DISP_E_MEMBERNOTFOUND) {
    for (const Var& v : s.info.vars) {
      if (!same_name(v.name, name)) continue;
      out.ptr = write_var_desc(p, v);
      if (!out.ptr) return E_OUTOFMEMORY;
      out.kind = DESCKIND_VARDESC;
      call_method(p, self, kAddRef);
      out.tinfo = self;
      return S_OK;
    }
  }
  if (hr == DISP_E_MEMBERNOTFOUND && !s.info.impls.empty()) {
    uint64_t base = 0;
    if (referenced_info(p, self, s.info.impls[0].href, base) >= 0) {
      hr = bind_info(p, base, name, flags, out, dispatch);
      release_info(p, base);
      return hr;
    }
  }
  return hr == DISP_E_MEMBERNOTFOUND ? S_OK : hr;
}

int32_t bind_library(WindowsProcess& p, uint64_t self, const std::u16string& name, uint16_t flags, Bound& out) {
  const Library& lib = *library_object(self).lib;
  bool mismatch = false;
  for (size_t i = 0; i < lib.infos.size(); ++i) {
    const Info& info = lib.infos[i];
    if (info.kind == TKIND_ENUM || info.kind == TKIND_MODULE) {
      const uint64_t tinfo = typeinfo_object(p, self, static_cast<int>(i));
      int32_t hr = S_OK;
      if (info.name == name) {
        // The type's own name: its ITypeComp, to bind its members with.
        out.kind = DESCKIND_TYPECOMP;
        out.ptr = new_type_comp(p, tinfo);
        release_info(p, tinfo);
        return out.ptr ? S_OK : E_OUTOFMEMORY;
      }
      hr = bind_info(p, tinfo, name, flags, out);
      release_info(p, tinfo);
      if (hr >= 0 && out.kind != DESCKIND_NONE) return S_OK;
      if (hr == TYPE_E_TYPEMISMATCH) mismatch = true;
    }
    if (info.kind == TKIND_COCLASS && (info.flags & TYPEFLAG_FAPPOBJECT)) {
      // A member of an application object's class: the implicit object, a static variable
      // holding a pointer to the class.
      const uint64_t tinfo = typeinfo_object(p, self, static_cast<int>(i));
      Bound sub;
      const int32_t hr = bind_info(p, tinfo, name, flags, sub);
      if (sub.kind == DESCKIND_FUNCDESC || sub.kind == DESCKIND_VARDESC) release_desc(p, sub.ptr);
      if (sub.tinfo) release_info(p, sub.tinfo);
      if (hr >= 0 && sub.kind != DESCKIND_NONE) {
        Var object;
        object.memid = -2;
        Type user = simple(VT_USERDEFINED);
        user.href = info.hreftype;
        object.type = pointer_to(user);
        object.varkind = VAR_STATIC;
        out.ptr = write_var_desc(p, object);
        if (!out.ptr) {
          release_info(p, tinfo);
          return E_OUTOFMEMORY;
        }
        out.kind = DESCKIND_IMPLICITAPPOBJ;
        out.tinfo = tinfo;
        return S_OK;
      }
      release_info(p, tinfo);
      if (hr == TYPE_E_TYPEMISMATCH) mismatch = true;
    }
  }
  return mismatch ? TYPE_E_TYPEMISMATCH : S_OK;
}

}  // namespace

int32_t type_comp_bind(WindowsProcess& p, uint64_t owner, uint64_t name, uint16_t flags, uint64_t tinfo_out,
                       uint64_t kind_out, uint64_t bind_out) {
  put<uint32_t>(kind_out, DESCKIND_NONE);
  p.put_ptr(bind_out, 0);
  p.put_ptr(tinfo_out, 0);
  const std::u16string text = name ? std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(name))) : u"";
  Bound b;
  const int32_t hr = is_library_object(owner) ? bind_library(p, owner, text, flags, b)
                                               : bind_info(p, owner, text, flags, b);
  if (hr < 0) return hr;
  put<uint32_t>(kind_out, b.kind);
  p.put_ptr(bind_out, b.ptr);
  p.put_ptr(tinfo_out, b.tinfo);
  return hr;
}

int32_t type_comp_bind_type(WindowsProcess& p, uint64_t owner, uint64_t name, uint64_t tinfo_out, uint64_t comp_out) {
  if (!is_library_object(owner)) {
    // A type info binds no types.
    if (!tinfo_out || !comp_out) return E_POINTER;
    p.put_ptr(tinfo_out, 0);
    p.put_ptr(comp_out, 0);
    return S_OK;
  }
  if (!name || !tinfo_out || !comp_out) return E_INVALIDARG;
  p.put_ptr(tinfo_out, 0);
  p.put_ptr(comp_out, 0);
  const std::u16string text(reinterpret_cast<const char16_t*>(guest_pointer(name)));
  const Library& lib = *library_object(owner).lib;
  for (size_t i = 0; i < lib.infos.size(); ++i) {
    if (!same_name(lib.infos[i].name, text)) continue;
    const uint64_t tinfo = typeinfo_object(p, owner, static_cast<int>(i));
    const uint64_t comp = new_type_comp(p, tinfo);
    if (!comp) {
      release_info(p, tinfo);
      return E_OUTOFMEMORY;
    }
    p.put_ptr(tinfo_out, tinfo);
    p.put_ptr(comp_out, comp);
    return S_OK;
  }
  return S_OK;
}

}  // namespace polyrun::shims::oleaut::tlb
