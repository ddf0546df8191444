// The MSFT type library file (what MIDL and widl write, and ICreateTypeLib2::SaveAllChanges), read
// into a Library. The layout, all little-endian:
//   a header of 21 32-bit fields ("MSFT", version, the library's GUID, LCIDs, SYSKIND and flags,
//   its version, the number of types, help strings and contexts, name, help file, custom data,
//   IDispatch's reference), then the help DLL's string when flag 0x100 is set, one offset per type,
//   and a directory of 15 segments (offset, length, two words) naming the tables: the types'
//   records (0x64 bytes each), imported types, imported libraries, references, GUID hash, GUIDs,
//   name hash, names, strings, type descriptions, array descriptions, custom data, custom data's
//   directory.
// Every offset read is checked against the file: a file cut short or corrupt gives no library
// (LoadTypeLib's TYPE_E_CANTLOADLIBRARY), never a read outside it.
#include <array>
#include <cstring>
#include <functional>
#include <map>

#include "shims/oleaut32/type_library.h"

namespace polyrun::shims::oleaut::tlb {

Type simple(uint16_t vt) {
  Type t;
  t.vt = vt;
  return t;
}
Type pointer_to(Type t, uint16_t vt) {
  Type p;
  p.vt = vt;
  p.inner = std::make_shared<Type>(std::move(t));
  return p;
}

int info_index_of_href(const Library& lib, uint32_t href) {
  for (size_t i = 0; i < lib.infos.size(); ++i)
    if (lib.infos[i].hreftype == (href & ~3u)) return static_cast<int>(i);
  return -1;
}

namespace {

constexpr uint32_t kMsftSignature = 0x5446534d;  // "MSFT"
constexpr size_t kHeaderSize = 0x54, kInfoRecordSize = 0x64, kSegmentCount = 15;
enum Segment { kTypeInfos, kImportInfos, kImportFiles, kRefs, kGuidHash, kGuids, kNameHash, kNames, kStrings,
               kTypeDescs, kArrayDescs, kCustomData, kCustomDataGuids };

struct File {
  File(const uint8_t* bytes, size_t length) : data(bytes), size(length) {}
  const uint8_t* data;
  size_t size;
  bool ok = true;
  struct Seg {
    int32_t offset = -1, length = 0;
  } seg[kSegmentCount];

  bool has(int64_t at, int64_t len) {
    if (at < 0 || len < 0 || static_cast<uint64_t>(at) + static_cast<uint64_t>(len) > size) {
      ok = false;
      return false;
    }
    return true;
  }
  int32_t i32(int64_t at) {
    if (!has(at, 4)) return 0;
    int32_t v;
    std::memcpy(&v, data + at, 4);
    return v;
  }
  int16_t i16(int64_t at) {
    if (!has(at, 2)) return 0;
    int16_t v;
    std::memcpy(&v, data + at, 2);
    return v;
  }
  // Text of the file's code page (ANSI; read as Latin-1, which ASCII names are).
  std::u16string text(int64_t at, int64_t len) {
    if (!has(at, len)) return {};
    std::u16string s;
    for (int64_t k = 0; k < len; ++k) s += static_cast<char16_t>(data[at + k]);
    return s;
  }
  int64_t in(Segment s, int64_t offset) const { return static_cast<int64_t>(seg[s].offset) + offset; }

  std::u16string name(int32_t offset) {
    if (offset < 0 || offset >= seg[kNames].length) return {};
    const int64_t at = in(kNames, offset);
    const int32_t len = i32(at + 8) & 0xff;
    return text(at + 12, len);
  }
  std::u16string string(int32_t offset) {
    if (offset < 0 || offset >= seg[kStrings].length) return {};
    const int64_t at = in(kStrings, offset);
    const int16_t len = i16(at);
    return len > 0 ? text(at + 2, len) : std::u16string();
  }
  GuidBytes guid(int32_t offset) {
    GuidBytes g{};
    if (offset < 0 || offset >= seg[kGuids].length) return g;
    const int64_t at = in(kGuids, offset);
    if (has(at, 16)) std::memcpy(g.data(), data + at, 16);
    return g;
  }

  // A value: packed into the offset itself when negative (VARTYPE in bits 26-30, 26 bits of
  // data), else a VARTYPE and its bytes in the custom data table.
  Value value(int32_t offset) {
    Value v;
    uint16_t vt;
    uint64_t bits = 0;
    if (offset < 0) {
      vt = static_cast<uint16_t>((static_cast<uint32_t>(offset) & 0x7c000000) >> 26);
      bits = static_cast<uint32_t>(offset) & 0x3ffffff;
    } else {
      const int64_t at = in(kCustomData, offset);
      vt = static_cast<uint16_t>(i16(at));
      switch (vt) {
        case VT_R8: case VT_CY: case VT_DATE: case VT_I8: case VT_UI8: case VT_FILETIME:
          if (has(at + 2, 8)) std::memcpy(&bits, data + at + 2, 8);
          break;
        case VT_BSTR: {
          const int32_t len = i32(at + 2);
          v.vt = VT_BSTR;
          if (len == -1) v.null_bstr = true;
          else v.s = text(at + 6, len);
          return v;
        }
        default:
          if (has(at + 2, 4)) std::memcpy(&bits, data + at + 2, 4);
          break;
      }
    }
    v.vt = vt;
    switch (vt) {
      case VT_I1: v.i = static_cast<int8_t>(bits); break;
      case VT_I2: case VT_BOOL: v.i = static_cast<int16_t>(bits); break;
      case VT_I4: case VT_INT: case VT_ERROR: case oleaut::VT_HRESULT: v.i = static_cast<int32_t>(bits); break;
      case VT_I8: case VT_CY: v.i = static_cast<int64_t>(bits); break;
      case VT_UI1: v.u = static_cast<uint8_t>(bits); break;
      case VT_UI2: v.u = static_cast<uint16_t>(bits); break;
      case VT_UI4: case VT_UINT: v.u = static_cast<uint32_t>(bits); break;
      case VT_UI8: case VT_FILETIME: v.u = bits; break;
      case VT_R4: {
        float f;
        const uint32_t b = static_cast<uint32_t>(bits);
        std::memcpy(&f, &b, 4);
        v.r = f;
        break;
      }
      case VT_R8: case VT_DATE: std::memcpy(&v.r, &bits, 8); break;
      default: v.u = bits; break;
    }
    return v;
  }

  // The custom data chain from `offset` (each entry: GUID offset, data offset, next), in the
  // order Windows lists it: the chain's last entry first.
  std::vector<CustomDatum> custom(int32_t offset) {
    std::vector<CustomDatum> out;
    if (seg[kCustomDataGuids].offset < 0) return out;
    for (int n = 0; offset >= 0 && ok && n < 4096; ++n) {
      const int64_t at = in(kCustomDataGuids, offset);
      CustomDatum d;
      d.guid = guid(i32(at));
      d.value = value(i32(at + 4));
      out.insert(out.begin(), std::move(d));
      offset = i32(at + 8);
    }
    return out;
  }
};

// The type descriptions table: 8 bytes each (VARTYPE, a word, and a 32-bit reference: what a
// pointer or safe array holds, an array description's offset, a user-defined type's HREFTYPE).
struct TypeTable {
  File& f;
  std::vector<std::array<int16_t, 4>> raw;
  std::map<size_t, std::shared_ptr<Type>> done;

  explicit TypeTable(File& file) : f(file) {
    const int32_t n = f.seg[kTypeDescs].length / 8;
    for (int32_t k = 0; k < n && f.ok; ++k) {
      std::array<int16_t, 4> td{};
      for (int w = 0; w < 4; ++w) td[w] = f.i16(f.in(kTypeDescs, k * 8 + w * 2));
      raw.push_back(td);
    }
  }
  std::shared_ptr<Type> entry(size_t k, int depth) {
    if (k >= raw.size() || depth > 64) {
      f.ok = false;
      return std::make_shared<Type>();
    }
    if (auto it = done.find(k); it != done.end()) return it->second;
    const auto& td = raw[k];
    auto t = std::make_shared<Type>();
    t->vt = static_cast<uint16_t>(td[0]) & VT_TYPEMASK;
    if (t->vt == oleaut::VT_PTR || t->vt == oleaut::VT_SAFEARRAY) {
      t->inner = td[3] < 0 ? std::make_shared<Type>(simple(static_cast<uint16_t>(td[2]) & VT_TYPEMASK))
                           : entry(static_cast<uint16_t>(td[2]) / 8, depth + 1);
    } else if (t->vt == oleaut::VT_CARRAY) {
      const int64_t at = f.in(kArrayDescs, static_cast<uint16_t>(td[2]));
      const int16_t elem = f.i16(at), elem_kind = f.i16(at + 2), dims = f.i16(at + 4);
      t->inner = elem_kind < 0 ? std::make_shared<Type>(simple(static_cast<uint16_t>(elem) & VT_TYPEMASK))
                               : entry(static_cast<uint16_t>(elem) / 8, depth + 1);
      for (int16_t d = 0; d < dims && f.ok && d < 64; ++d)
        t->bounds.emplace_back(static_cast<uint32_t>(f.i32(at + 8 + d * 8)), f.i32(at + 12 + d * 8));
    } else if (t->vt == oleaut::VT_USERDEFINED) {
      t->href = static_cast<uint16_t>(td[2]) | static_cast<uint32_t>(static_cast<uint16_t>(td[3])) << 16;
    }
    done[k] = t;
    return t;
  }
  // A member's or parameter's type: negative, a VARTYPE of its own; else the table's entry at
  // that byte offset.
  Type of(int32_t type) {
    if (type < 0) return simple(static_cast<uint16_t>(type) & VT_TYPEMASK);
    return *entry(static_cast<size_t>(type) / 8, 0);
  }
};

bool is_property(uint32_t invkind) {
  return invkind == INVOKE_PROPERTYGET || invkind == INVOKE_PROPERTYPUT || invkind == INVOKE_PROPERTYPUTREF;
}

// A type's functions and variables, at its member block: the block's length, the records (a
// function's: size, return type, flags, vtable offset, kinds, argument counts, optional help,
// entry and custom data fields, default values, then 12 bytes a parameter; a variable's: size,
// type, flags, kind, value or offset, optional fields), then the member IDs, the names' offsets
// and the records' offsets.
void read_members(File& f, TypeTable& types, Info& info, int32_t memoffset, int funcs, int vars) {
  const int32_t infolen = f.i32(memoffset);
  int64_t rec = static_cast<int64_t>(memoffset) + 4;
  const int64_t tables = static_cast<int64_t>(memoffset) + infolen + 4;
  for (int i = 0; i < funcs && f.ok; ++i) {
    Func fn;
    const int32_t reclen = f.i32(rec) & 0xffff;
    const int32_t datatype = f.i32(rec + 4), flags = f.i32(rec + 8);
    const int16_t vtoffset = f.i16(rec + 12);
    const int32_t fkccic = f.i32(rec + 16);
    const int16_t nargs = f.i16(rec + 20), nopt = f.i16(rec + 22);
    if (nargs < 0 || reclen < 24 + nargs * 12) {
      f.ok = false;
      return;
    }
    int32_t optional = reclen - nargs * 12;
    if (fkccic & 0x1000) optional -= nargs * 4;
    if (optional > 0x18) fn.help_context = static_cast<uint32_t>(f.i32(rec + 0x18));
    if (optional > 0x1c) fn.help_string = f.string(f.i32(rec + 0x1c));
    if (optional > 0x20) {
      const int32_t entry = f.i32(rec + 0x20);
      if (fkccic & 0x2000) {
        fn.entry_kind = Func::Entry::kOrdinal;
        fn.entry_ordinal = static_cast<uint16_t>(entry);
      } else if (entry == -1) {
        fn.entry_kind = Func::Entry::kNull;
      } else {
        fn.entry_kind = Func::Entry::kName;
        fn.entry = f.string(entry);
      }
    }
    if (optional > 0x2c) fn.help_string_context = static_cast<uint32_t>(f.i32(rec + 0x2c));
    if (optional > 0x30 && (fkccic & 0x80)) fn.custom = f.custom(f.i32(rec + 0x30));
    fn.memid = f.i32(tables + i * 4);
    fn.funckind = fkccic & 7;
    fn.invkind = (fkccic >> 3) & 0xf;
    fn.callconv = (fkccic >> 8) & 0xf;
    fn.optional_params = nopt;
    fn.vtable_offset = fn.funckind == FUNC_DISPATCH ? 0 : static_cast<int16_t>(vtoffset & ~1);
    fn.flags = static_cast<uint16_t>(flags);
    const int32_t name_at = f.i32(tables + (funcs + vars + i) * 4);
    if (name_at == -1 && i > 0 && is_property(info.funcs.back().invkind) && is_property(fn.invkind))
      fn.name = info.funcs.back().name;
    else
      fn.name = f.name(name_at);
    fn.ret = types.of(datatype);
    const int64_t params = rec + reclen - nargs * 12, defaults = rec + reclen - nargs * 16;
    for (int j = 0; j < nargs && f.ok; ++j) {
      Param pa;
      pa.type = types.of(f.i32(params + j * 12));
      const int32_t pname = f.i32(params + j * 12 + 4);
      if (pname != -1) pa.name = f.name(pname);
      pa.flags = static_cast<uint16_t>(f.i32(params + j * 12 + 8));
      if ((pa.flags & PARAMFLAG_FHASDEFAULT) && (fkccic & 0x1000)) pa.default_value = f.value(f.i32(defaults + j * 4));
      if (optional > 0x34 + j * 4 && (fkccic & 0x80)) pa.custom = f.custom(f.i32(rec + 0x34 + j * 4));
      fn.params.push_back(std::move(pa));
    }
    info.funcs.push_back(std::move(fn));
    rec += reclen;
  }
  if (vars <= 0 || !f.ok) return;
  rec = static_cast<int64_t>(memoffset) + 4 + f.i32(tables + ((funcs + vars) * 2 + funcs) * 4);
  for (int i = 0; i < vars && f.ok; ++i) {
    Var v;
    v.name = f.name(f.i32(tables + (2 * funcs + vars + i) * 4));
    const int32_t reclen = f.i32(rec) & 0xff;
    if (reclen < 0x14) {
      f.ok = false;
      return;
    }
    const int32_t datatype = f.i32(rec + 4), flags = f.i32(rec + 8);
    const int16_t kind = f.i16(rec + 12);
    const int32_t value = f.i32(rec + 16);
    if (reclen > 0x14) v.help_context = static_cast<uint32_t>(f.i32(rec + 0x14));
    if (reclen > 0x18) v.help_string = f.string(f.i32(rec + 0x18));
    if (reclen > 0x20) v.custom = f.custom(f.i32(rec + 0x20));
    if (reclen > 0x24) v.help_string_context = static_cast<uint32_t>(f.i32(rec + 0x24));
    v.memid = f.i32(tables + (funcs + i) * 4);
    v.varkind = static_cast<uint16_t>(kind);
    v.flags = static_cast<uint16_t>(flags);
    v.type = types.of(datatype);
    if (v.varkind == VAR_CONST) v.value = f.value(value);
    else v.offset = static_cast<uint32_t>(value);
    info.vars.push_back(std::move(v));
    rec += reclen;
  }
}

}  // namespace

std::shared_ptr<Library> read_msft(const uint8_t* data, size_t size) {
  File f(data, size);
  if (size < kHeaderSize || f.i32(0) != static_cast<int32_t>(kMsftSignature)) return nullptr;
  const int32_t varflags = f.i32(0x14), ninfos = f.i32(0x20);
  if (ninfos < 0 || ninfos > 0x10000) return nullptr;
  const int64_t dir = kHeaderSize + static_cast<int64_t>(ninfos) * 4 + ((varflags & 0x100) ? 4 : 0);
  for (size_t s = 0; s < kSegmentCount; ++s) {
    f.seg[s].offset = f.i32(dir + s * 16);
    f.seg[s].length = f.i32(dir + s * 16 + 4);
  }
  if (!f.ok || f.i32(dir + 12) != 0x0f || f.i32(dir + 16 + 12) != 0x0f) return nullptr;
  for (size_t s = 0; s < kSegmentCount; ++s) {
    if (f.seg[s].offset >= 0 && f.seg[s].length > 0 && !f.has(f.seg[s].offset, f.seg[s].length)) return nullptr;
    if (f.seg[s].offset < 0) f.seg[s].length = 0;
  }

  auto lib = std::make_shared<Library>();
  lib->guid = f.guid(f.i32(0x08));
  lib->lcid = static_cast<uint32_t>(f.i32(0x0c));
  lib->set_lcid = static_cast<uint32_t>(f.i32(0x10));
  lib->syskind = varflags & 0x0f;
  lib->ptr_size = lib->syskind == SYS_WIN64 ? 8 : 4;
  const int32_t version = f.i32(0x18);
  lib->major = static_cast<uint16_t>(version);
  lib->minor = static_cast<uint16_t>(static_cast<uint32_t>(version) >> 16);
  lib->flags = static_cast<uint16_t>(f.i32(0x1c)) | LIBFLAG_FHASDISKIMAGE;
  lib->doc = f.string(f.i32(0x24));
  lib->help_string_context = static_cast<uint32_t>(f.i32(0x28));
  lib->help_context = static_cast<uint32_t>(f.i32(0x2c));
  lib->name = f.name(f.i32(0x38));
  lib->help_file = f.string(f.i32(0x3c));
  if (varflags & 0x100) lib->help_dll = f.string(f.i32(kHeaderSize));
  if (f.i32(0x40) >= 0) lib->custom = f.custom(f.i32(0x40));
  lib->dispatch_href = static_cast<uint32_t>(f.i32(0x4c));

  TypeTable types(f);

  // Imported libraries: GUID offset, LCID, version, a length (<< 2) and the file's name.
  std::vector<int32_t> import_offsets;
  for (int64_t at = f.seg[kImportFiles].offset, end = at + f.seg[kImportFiles].length;
       f.seg[kImportFiles].offset > 0 && at < end && f.ok;) {
    ImportedLibrary imp;
    import_offsets.push_back(static_cast<int32_t>(at - f.seg[kImportFiles].offset));
    imp.guid = f.guid(f.i32(at));
    imp.lcid = static_cast<uint32_t>(f.i32(at + 4));
    imp.major = static_cast<uint16_t>(f.i16(at + 8));
    imp.minor = static_cast<uint16_t>(f.i16(at + 10));
    const int32_t len = static_cast<uint16_t>(f.i16(at + 12)) >> 2;
    imp.name = f.text(at + 14, len);
    lib->imports.push_back(std::move(imp));
    at = (at + 14 + len + 3) & ~int64_t{3};
  }
  // Imported types: flags (bit 16: by GUID), the library's offset, a GUID's offset or an index.
  for (int32_t at = 0; at + 12 <= f.seg[kImportInfos].length && f.ok; at += 12) {
    const int64_t p = f.in(kImportInfos, at);
    ImportRef ref;
    ref.reference = static_cast<uint32_t>(at);
    const int32_t flags = f.i32(p), file = f.i32(p + 4), guid = f.i32(p + 8);
    for (size_t k = 0; k < import_offsets.size(); ++k)
      if (import_offsets[k] == file) ref.library = static_cast<int>(k);
    if (flags & 0x10000) {
      ref.by_guid = true;
      ref.guid = f.guid(guid);
    } else {
      ref.index = guid;
    }
    lib->refs.push_back(ref);
  }

  for (int32_t i = 0; i < ninfos && f.ok; ++i) {
    const int64_t b = f.in(kTypeInfos, static_cast<int64_t>(i) * kInfoRecordSize);
    if (!f.has(b, kInfoRecordSize)) break;
    Info info;
    const int32_t typekind = f.i32(b), memoffset = f.i32(b + 4), elements = f.i32(b + 0x18);
    info.kind = typekind & 0xf;
    info.alignment = static_cast<uint16_t>((typekind >> 11) & 0x1f);
    info.guid = f.guid(f.i32(b + 0x2c));
    info.flags = static_cast<uint16_t>(f.i32(b + 0x30));
    info.name = f.name(f.i32(b + 0x34));
    const int32_t iversion = f.i32(b + 0x38);
    info.major = static_cast<uint16_t>(iversion);
    info.minor = static_cast<uint16_t>(static_cast<uint32_t>(iversion) >> 16);
    info.doc = f.string(f.i32(b + 0x3c));
    info.help_string_context = static_cast<uint32_t>(f.i32(b + 0x40));
    info.help_context = static_cast<uint32_t>(f.i32(b + 0x44));
    const int16_t impl_count = f.i16(b + 0x4c);
    info.impl_count = static_cast<uint16_t>(impl_count);
    info.vft_size = static_cast<uint16_t>(f.i16(b + 0x4e));
    info.size = static_cast<uint32_t>(f.i32(b + 0x50));
    const int32_t datatype1 = f.i32(b + 0x54);
    info.hreftype = static_cast<uint32_t>(i * kInfoRecordSize);
    if (info.kind == TKIND_ALIAS) info.alias = types.of(datatype1);
    if (info.kind == TKIND_MODULE) info.dll_name = f.string(datatype1);
    const int funcs = elements & 0xffff, vars = (static_cast<uint32_t>(elements) >> 16) & 0xffff;
    if (funcs || vars) read_members(f, types, info, memoffset, funcs, vars);
    if (impl_count > 0) {
      if (info.kind == TKIND_COCLASS) {
        int32_t at = datatype1;
        for (int k = 0; k < impl_count && at >= 0 && f.ok; ++k) {
          const int64_t p = f.in(kRefs, at);
          Impl impl;
          impl.href = static_cast<uint32_t>(f.i32(p));
          impl.flags = f.i32(p + 4);
          impl.custom = f.custom(f.i32(p + 8));
          info.impls.push_back(std::move(impl));
          at = f.i32(p + 12);
        }
      } else if (info.kind != TKIND_DISPATCH || datatype1 != -1) {
        Impl impl;
        impl.href = static_cast<uint32_t>(datatype1);
        info.impls.push_back(impl);
      }
    }
    info.custom = f.custom(f.i32(b + 0x48));
    lib->infos.push_back(std::move(info));
  }
  if (!f.ok) return nullptr;
  return lib;
}

}  // namespace polyrun::shims::oleaut::tlb
