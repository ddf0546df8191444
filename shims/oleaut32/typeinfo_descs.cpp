// The structures ITypeInfo hands out, laid out in guest memory as the SDK's oaidl.h lays them out
// at the process's pointer width: TYPEATTR, FUNCDESC and VARDESC, each one heap block holding its
// TYPEDESCs, ARRAYDESCs, ELEMDESCs and PARAMDESCEXs, freed whole by ReleaseTypeAttr,
// ReleaseFuncDesc and ReleaseVarDesc (the VARIANTs inside cleared first).
//   TYPEDESC  { union { TYPEDESC*; ARRAYDESC*; HREFTYPE }; VARTYPE vt; }        16 / 8 bytes
//   ARRAYDESC { TYPEDESC tdescElem; USHORT cDims; SAFEARRAYBOUND rgbounds[]; }
//   ELEMDESC  { TYPEDESC tdesc; PARAMDESC { PARAMDESCEX*; USHORT wParamFlags; } } 32 / 16 bytes
//   PARAMDESCEX { ULONG cBytes; VARIANT varDefaultValue; }                      32 / 24 bytes
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/typeinfo_descs.h"

namespace polyrun::shims::oleaut::tlb {

namespace {

// A structure with what it points at, built on polyrun's side, then copied into one block.
struct Blob {
  explicit Blob(unsigned pointer) : ptr(pointer) {}
  unsigned ptr;
  std::vector<uint8_t> bytes;
  std::vector<std::pair<size_t, size_t>> pointers;  // (where, to what): made absolute when placed
  std::vector<std::pair<size_t, const Value*>> variants;

  size_t take(size_t size, size_t align = 8) {
    size_t at = (bytes.size() + align - 1) / align * align;
    bytes.resize(at + size, 0);
    return at;
  }
  template <typename T>
  void set(size_t at, T v) {
    std::memcpy(bytes.data() + at, &v, sizeof v);
  }
  void point(size_t at, size_t target) { pointers.emplace_back(at, target); }

  size_t typedesc_size() const { return ptr == 8 ? 16 : 8; }
  size_t elemdesc_size() const { return ptr == 8 ? 32 : 16; }

  // A TYPEDESC at `at`, what it points at placed after the blob's end.
  void typedesc(size_t at, const Type& t, uint32_t href_offset) {
    set<uint16_t>(at + ptr, t.vt);
    if ((t.vt == VT_PTR || t.vt == VT_SAFEARRAY) && t.inner) {
      const size_t inner = take(typedesc_size());
      point(at, inner);
      typedesc(inner, *t.inner, href_offset);
    } else if (t.vt == VT_CARRAY && t.inner) {
      const size_t dims = t.bounds.size();
      const size_t head = typedesc_size() + 4;  // tdescElem, cDims (and padding)
      const size_t a = take(head + 8 * (dims ? dims : 1));
      point(at, a);
      typedesc(a, *t.inner, href_offset);
      set<uint16_t>(a + typedesc_size(), static_cast<uint16_t>(dims));
      for (size_t d = 0; d < dims; ++d) {
        set<uint32_t>(a + head + d * 8, t.bounds[d].first);
        set<int32_t>(a + head + d * 8 + 4, t.bounds[d].second);
      }
    } else if (t.vt == VT_USERDEFINED) {
      set<uint32_t>(at, t.href + href_offset);
    }
  }
  // An ELEMDESC at `at`: the type, and a parameter's flags and default value.
  void elemdesc(size_t at, const Type& t, uint16_t flags, const std::optional<Value>& def, uint32_t href_offset,
                uint64_t variant_bytes) {
    typedesc(at, t, href_offset);
    set<uint16_t>(at + typedesc_size() + ptr, flags);
    if (def && (flags & PARAMFLAG_FHASDEFAULT)) {
      const size_t ex = take(8 + variant_bytes);
      set<uint32_t>(ex, static_cast<uint32_t>(8 + variant_bytes));
      variants.emplace_back(ex + 8, &*def);
      point(at + typedesc_size(), ex);
    }
  }

  // Copied into a new heap block: its address, 0 when out of memory.
  uint64_t place(WindowsProcess& p, std::vector<uint64_t>& variant_addrs) {
    const uint64_t block = p.heap.alloc(bytes.size());
    if (!block) return 0;
    std::memcpy(guest_pointer(block), bytes.data(), bytes.size());
    for (const auto& [where, target] : pointers) p.put_ptr(block + where, block + target);
    for (const auto& [where, value] : variants) {
      write_variant(p, block + where, *value);
      variant_addrs.push_back(block + where);
    }
    return block;
  }
};

// The blocks handed out that hold VARIANTs, cleared when the block is released.
std::map<uint64_t, std::vector<uint64_t>>& held_variants() {
  static std::map<uint64_t, std::vector<uint64_t>> m;
  return m;
}

uint64_t finish(WindowsProcess& p, Blob& b) {
  std::vector<uint64_t> vars;
  const uint64_t block = b.place(p, vars);
  if (block && !vars.empty()) held_variants()[block] = std::move(vars);
  return block;
}

}  // namespace

// TYPEATTR: GUID 0, LCID 16, dwReserved 20, memidConstructor 24, memidDestructor 28, lpstrSchema 32,
// then (x64 / x86) cbSizeInstance 40/36, typekind 44/40, cFuncs 48/44, cVars, cImplTypes,
// cbSizeVft, cbAlignment, wTypeFlags, wMajorVerNum, wMinorVerNum, tdescAlias 64/60, idldescType.
uint64_t write_type_attr(WindowsProcess& p, const TypeAttr& a) {
  Blob b(p.isa->ptr);
  const DescLayout at(b.ptr);
  b.take(at.attr_bytes(), 8);
  std::memcpy(b.bytes.data(), a.guid.data(), 16);
  b.set<uint32_t>(16, a.lcid);
  b.set<int32_t>(24, MEMBERID_NIL);
  b.set<int32_t>(28, MEMBERID_NIL);
  const size_t o = at.attr_size_instance();
  b.set<uint32_t>(o, a.size);
  b.set<uint32_t>(o + 4, a.kind);
  b.set<uint16_t>(o + 8, a.funcs);
  b.set<uint16_t>(o + 10, a.vars);
  b.set<uint16_t>(o + 12, a.impls);
  b.set<uint16_t>(o + 14, a.vft_size);
  b.set<uint16_t>(o + 16, a.alignment);
  b.set<uint16_t>(o + 18, a.flags);
  b.set<uint16_t>(o + 20, a.major);
  b.set<uint16_t>(o + 22, a.minor);
  if (a.kind == TKIND_ALIAS) b.typedesc(at.attr_alias(), a.alias, 0);
  return finish(p, b);
}

// FUNCDESC: memid 0, lprgscode 8/4, lprgelemdescParam 16/8, funckind 24/12, invkind, callconv,
// cParams 36/24, cParamsOpt, oVft, cScodes, elemdescFunc 48/32, wFuncFlags 80/48.
uint64_t write_func_desc(WindowsProcess& p, const Func& f, const FuncView& view) {
  Blob b(p.isa->ptr);
  const bool x64 = b.ptr == 8;
  b.take(x64 ? 88 : 52, 8);
  const uint64_t vsize = variant_size(p);
  size_t params = f.params.size();
  Type ret = f.ret;
  if (view.dispatch && f.funckind != FUNC_DISPATCH) {
    // What IDispatch::Invoke passes apart from DISPPARAMS: a [retval] parameter is the result, an
    // HRESULT is the exception's, an [lcid] parameter is Invoke's lcid.
    if (params && (f.params[params - 1].flags & PARAMFLAG_FRETVAL) && f.params[params - 1].type.vt == VT_PTR &&
        f.params[params - 1].type.inner) {
      ret = *f.params[params - 1].type.inner;
      --params;
    } else if (ret.vt == oleaut::VT_HRESULT) {
      ret = simple(VT_VOID);
    }
    if (params && (f.params[params - 1].flags & PARAMFLAG_FLCID)) --params;
  }
  b.set<int32_t>(0, f.memid);
  b.set<uint32_t>(x64 ? 24 : 12, view.dispatch ? FUNC_DISPATCH : f.funckind);
  b.set<uint32_t>(x64 ? 28 : 16, f.invkind);
  b.set<uint32_t>(x64 ? 32 : 20, f.callconv);
  b.set<int16_t>(x64 ? 36 : 24, static_cast<int16_t>(params));
  b.set<int16_t>(x64 ? 38 : 26, f.optional_params);
  b.set<int16_t>(x64 ? 40 : 28, static_cast<int16_t>(view.vtable_offset & 0xfffc));
  b.elemdesc(x64 ? 48 : 32, ret, 0, std::nullopt, view.href_offset, vsize);
  b.set<uint16_t>(x64 ? 80 : 48, f.flags);
  if (params) {
    const size_t arr = b.take(b.elemdesc_size() * params);
    b.point(x64 ? 16 : 8, arr);
    for (size_t k = 0; k < params; ++k)
      b.elemdesc(arr + k * b.elemdesc_size(), f.params[k].type, f.params[k].flags, f.params[k].default_value,
                 view.href_offset, vsize);
  }
  return finish(p, b);
}

// VARDESC: memid 0, lpstrSchema 8/4, oInst or lpvarValue 16/8, elemdescVar 24/12, wVarFlags
// 56/28, varkind 60/32.
uint64_t write_var_desc(WindowsProcess& p, const Var& v) {
  Blob b(p.isa->ptr);
  const DescLayout at(b.ptr);
  b.take(at.var_bytes(), 8);
  b.set<int32_t>(0, v.memid);
  if (v.varkind == VAR_CONST) {
    const size_t value = b.take(variant_size(p));
    b.variants.emplace_back(value, &v.value);
    b.point(at.var_value(), value);
  } else {
    b.set<uint32_t>(at.var_value(), v.offset);
  }
  b.elemdesc(at.var_elem(), v.type, 0, std::nullopt, 0, variant_size(p));
  b.set<uint16_t>(at.var_flags(), v.flags);
  b.set<uint32_t>(at.var_kind(), v.varkind);
  return finish(p, b);
}

void release_desc(WindowsProcess& p, uint64_t block) {
  if (!block) return;
  auto it = held_variants().find(block);
  if (it != held_variants().end()) {
    for (uint64_t v : it->second) clear_variant(p, v);
    held_variants().erase(it);
  }
  p.heap.free(block);
}

}  // namespace polyrun::shims::oleaut::tlb
