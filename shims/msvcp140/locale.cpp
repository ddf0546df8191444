// MSVCP140.dll's locale: std::locale (the classic and global locales, _Init, _Getgloballocale,
// _Setgloballocale, global, empty), its implementation locale::_Locimp (the facets by index:
// _Addfac, _Makeloc and its helpers, _Clocptr), locale::facet (_Incref, _Decref, _Getcat),
// locale::id (a facet kind's index, numbered from _Id_cnt at its first use) and _Locinfo (the C
// runtime's locale as the facets read it: its names, days, months, lconv, vectors); and what the
// facet and iostream files share (guest_objects.h): vtables of this DLL's functions, virtual calls.
//
// The objects are MSVC's: a facet {vtable; unsigned _Myrefs}, a _Locimp {facet; facet**
// _Facetvec; size_t _Facetcount; int _Catmask; bool _Xparent; _Yarn<char> _Name}, a locale
// {(an empty base's byte, padded); _Locimp* _Ptr}, an id {size_t _Id}, a _Locinfo {_Lockit; _Yarn<char> _Days, _Months;
// _Yarn<wchar_t> _W_Days, _W_Months; _Yarn<char> _Oldlocname, _Newlocname}. The program's inline
// use_facet reads _Facetvec and _Facetcount itself and, where the locale lacks the facet, makes
// one through the facet's _Getcat: the classic locale starts with none, each made when first asked
// for (the C runtime has the "C" locale alone: msvcrt/locale.cpp).
#include <cstring>
#include <deque>
#include <map>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp140/guest_objects.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

namespace objects {

const char* expand(const char* pattern, const char* code) {
  static std::deque<std::string> names;  // (never freed: the exports point into them)
  std::string s;
  for (const char* c = pattern; *c; ++c) {
    if (c[0] == '$' && c[1] == 'C') {
      s += code;
      ++c;
    } else if (c[0] == '$' && c[1] == 'I') {  // the traits' int_type: int for char, unsigned short else
      s += std::strcmp(code, "D") == 0 ? "H" : "G";
      ++c;
    } else {
      s += *c;
    }
  }
  names.push_back(std::move(s));
  return names.back().c_str();
}

namespace {
struct VtableState : DllStateBase {
  std::map<const void*, uint64_t> made;
};
}  // namespace

uint64_t vtable(WindowsProcess& p, const std::vector<Export>& entries) {
  uint64_t& at = dll_state<VtableState>(p).made[&entries];
  if (at) return at;
  const uint32_t ptr = p.isa->ptr;
  const uint64_t block = p.alloc_data((entries.size() + 1) * ptr);
  for (size_t i = 0; i < entries.size(); ++i)
    p.put_ptr(block + (i + 1) * ptr, p.export_thunk(&this_dll(), this_dll().name, entries[i].name, &entries[i]));
  at = block + ptr;
  return at;
}

uint64_t vcall(WindowsProcess& p, uint64_t obj, int slot, const std::vector<uint64_t>& args) {
  const uint64_t fn = p.get_ptr(p.get_ptr(obj) + static_cast<uint64_t>(slot) * p.isa->ptr);
  if (p.isa->ptr == 8) {
    std::vector<uint64_t> all{obj};
    all.insert(all.end(), args.begin(), args.end());
    return p.call_guest(fn, all);
  }
  CallRegs regs;
  regs.this_reg = obj;
  return p.call_guest(fn, args, regs) & 0xffffffffu;
}
uint64_t call_method(WindowsProcess& p, const char* x86_name, const char* x64_name, uint64_t self, const std::vector<uint64_t>& args) {
  const char* name = p.isa->ptr == 8 ? x64_name : x86_name;
  const Export* e = this_dll().find(name);
  if (!e) return 0;
  const uint64_t fn = p.export_thunk(&this_dll(), this_dll().name, name, e);
  if (p.isa->ptr == 8) {
    std::vector<uint64_t> all{self};
    all.insert(all.end(), args.begin(), args.end());
    return p.call_guest(fn, all);
  }
  CallRegs regs;
  regs.this_reg = self;
  return p.call_guest(fn, args, regs) & 0xffffffffu;
}
int64_t vcall_size(WindowsProcess& p, uint64_t obj, int slot, const std::vector<uint64_t>& args) {
  const uint64_t r = vcall(p, obj, slot, args);
  return p.isa->ptr == 8 ? static_cast<int64_t>(r) : static_cast<int64_t>(static_cast<int32_t>(r));
}

void arg64(const WindowsProcess& p, std::vector<uint64_t>& args, uint64_t v) {
  if (p.isa->ptr == 8) {
    args.push_back(v);
  } else {
    args.push_back(v & 0xffffffffu);
    args.push_back(v >> 32);
  }
}

uint64_t new_object(WindowsProcess& p, uint64_t size) {
  const uint64_t at = p.heap.alloc(size ? size : 1, true);
  if (!at) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: no memory left for a C++ object of MSVCP140\n");
    p.terminate(3);
  }
  return at;
}
void delete_object(WindowsProcess& p, uint64_t obj) {
  if (obj) p.heap.free(obj);
}

const Layout& layout(const WindowsProcess& p) {
  static const Layout x64{8, 8, 16, 16, 24, 32, 36, 40, 56};
  static const Layout x86{4, 4, 8, 8, 12, 16, 20, 24, 32};
  return p.isa->ptr == 8 ? x64 : x86;
}

}  // namespace objects

namespace locale_file {

using namespace objects;

// The locale's lock (_Lockit kind 0, _LOCK_LOCALE): lockit.cpp's, taken through its exports.
struct LocaleLock {
  explicit LocaleLock(WindowsProcess& p) : p_(p) { p.call_export(this_dll().name, "?_Lockit_ctor@_Lockit@std@@SAXH@Z", {0}); }
  ~LocaleLock() { p_.call_export("msvcp140.dll", "?_Lockit_dtor@_Lockit@std@@SAXH@Z", {0}); }
  WindowsProcess& p_;
};

struct LocaleState : DllStateBase {
  uint64_t global = 0;       // the global locale's _Locimp
  uint64_t classic_imp = 0;  // the classic one's
  uint64_t classic_obj = 0;  // locale::classic()'s object {_Locimp*}
  uint64_t clocptr = 0;      // _Locimp::_Clocptr (a pointer variable)
  uint64_t id_cnt = 0;       // locale::id::_Id_cnt (an int)
};
LocaleState& state(WindowsProcess& p) {
  LocaleState& s = dll_state<LocaleState>(p);
  if (!s.clocptr) {
    s.clocptr = p.alloc_data(p.isa->ptr);
    s.id_cnt = p.alloc_data(4);
    s.classic_obj = p.alloc_data(2ull * p.isa->ptr);
  }
  return s;
}

// ---- _Yarn<char> fields (yarn.cpp's functions, through the DLL's exports) ----

void yarn_set(WindowsProcess& p, uint64_t yarn, const char* text) {
  const size_t n = std::strlen(text) + 1;
  const uint64_t copy = p.heap.alloc(n);
  if (copy) std::memcpy(guest_pointer(copy), text, n);
  if (const uint64_t old = p.get_ptr(yarn)) p.heap.free(old);
  p.put_ptr(yarn, copy);
}
void yarn_set_wide(WindowsProcess& p, uint64_t yarn, uint64_t text) {
  size_t n = 0;
  while (get<char16_t>(text + 2 * n)) ++n;
  const uint64_t copy = p.heap.alloc(2 * (n + 1));
  if (copy) std::memcpy(guest_pointer(copy), guest_pointer(text), 2 * (n + 1));
  if (const uint64_t old = p.get_ptr(yarn)) p.heap.free(old);
  p.put_ptr(yarn, copy);
}
void yarn_init(WindowsProcess& p, uint64_t yarn) {
  p.put_ptr(yarn, 0);
  put<uint32_t>(yarn + p.isa->ptr, 0);  // (the _Nul: a char or a wchar_t, and padding)
}
void yarn_free(WindowsProcess& p, uint64_t yarn) {
  if (const uint64_t s = p.get_ptr(yarn)) p.heap.free(s);
  p.put_ptr(yarn, 0);
}
// The text, or its own empty _Nul.
uint64_t yarn_c_str(WindowsProcess& p, uint64_t yarn) {
  const uint64_t s = p.get_ptr(yarn);
  return s ? s : yarn + p.isa->ptr;
}
std::string yarn_text(WindowsProcess& p, uint64_t yarn) {
  return static_cast<const char*>(guest_pointer(yarn_c_str(p, yarn)));
}

// ---- locale::facet ----

Ptr facet_ctor_refs(WindowsProcess& p, Ptr self, USize refs);
const std::vector<Export>& facet_vtable_entries();

void facet_init_impl(WindowsProcess& p, uint64_t obj, uint64_t vt, uint64_t refs) {
  p.put_ptr(obj, vt);
  put<uint32_t>(obj + layout(p).facet_refs, static_cast<uint32_t>(refs));
}

Ptr facet_ctor_refs(WindowsProcess& p, Ptr self, USize refs) {
  facet_init_impl(p, self.addr, vtable(p, facet_vtable_entries()), refs);
  return self;
}
Ptr facet_ctor(WindowsProcess& p, Ptr self) { return facet_ctor_refs(p, self, 0); }
void facet_dtor(WindowsProcess&, Ptr) {}
Ptr facet_vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  if (flags & 1) delete_object(p, self.addr);
  return self;
}
void facet_Incref(WindowsProcess& p, Ptr self) {
  LocaleLock lock(p);
  const uint64_t at = self.addr + layout(p).facet_refs;
  put<uint32_t>(at, get<uint32_t>(at) + 1);
}
// The facet itself when its last reference went (the caller deletes it), else null.
Ptr facet_Decref(WindowsProcess& p, Ptr self) {
  LocaleLock lock(p);
  const uint64_t at = self.addr + layout(p).facet_refs;
  const uint32_t refs = get<uint32_t>(at);
  if (refs) put<uint32_t>(at, refs - 1);
  return refs == 1 ? self : Ptr(0);
}
// A plain facet has no category: -1.
USize facet_Getcat(WindowsProcess&, Ptr, Ptr) { return USize(~0ull); }

const std::vector<Export>& facet_vtable_entries() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::locale::facet::`vector deleting destructor'", facet_vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_Incref),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_Decref),
  };
  return v;
}
uint64_t facet_vtable_data(WindowsProcess& p) {
  static std::map<const WindowsProcess*, uint64_t> exported;  // (one process per polyrun)
  uint64_t& at = exported[&p];
  if (!at) {  // a variable holding the vtable's entries: the vtable itself
    at = vtable(p, facet_vtable_entries());
  }
  return at;
}

// ---- locale::id ----

Ptr id_ctor(WindowsProcess& p, Ptr self, USize value) {
  p.put_ptr(self.addr, value);
  return self;
}
Ptr id_ctor_default(WindowsProcess& p, Ptr self) { return id_ctor(p, self, 0); }
USize id_operator_size_t(WindowsProcess& p, Ptr self) { return USize(id_index(p, self.addr)); }
uint64_t id_cnt_data(WindowsProcess& p) { return state(p).id_cnt; }

// ---- locale::_Locimp ----

const std::vector<Export>& locimp_vtable_entries();

void locimp_init(WindowsProcess& p, uint64_t imp, bool transparent) {
  const Layout& l = layout(p);
  facet_init_impl(p, imp, vtable(p, locimp_vtable_entries()), 1);
  p.put_ptr(imp + l.locimp_facetvec, 0);
  p.put_ptr(imp + l.locimp_count, 0);
  put<int32_t>(imp + l.locimp_catmask, 0);
  put<uint8_t>(imp + l.locimp_xparent, transparent);
  yarn_init(p, imp + l.locimp_name);
  yarn_set(p, imp + l.locimp_name, "*");
}

// A copy of `from`'s facets (each a reference more), categories and name.
void locimp_init_copy(WindowsProcess& p, uint64_t imp, uint64_t from) {
  const Layout& l = layout(p);
  LocaleLock lock(p);
  facet_init_impl(p, imp, vtable(p, locimp_vtable_entries()), 1);
  const uint64_t n = p.get_ptr(from + l.locimp_count);
  uint64_t vec = 0;
  if (n) {
    vec = new_object(p, n * l.ptr);
    for (uint64_t i = 0; i < n; ++i) {
      const uint64_t f = p.get_ptr(p.get_ptr(from + l.locimp_facetvec) + i * l.ptr);
      p.put_ptr(vec + i * l.ptr, f);
      if (f) facet_incref(p, f);
    }
  }
  p.put_ptr(imp + l.locimp_facetvec, vec);
  p.put_ptr(imp + l.locimp_count, n);
  put<int32_t>(imp + l.locimp_catmask, get<int32_t>(from + l.locimp_catmask));
  put<uint8_t>(imp + l.locimp_xparent, get<uint8_t>(from + l.locimp_xparent));
  yarn_init(p, imp + l.locimp_name);
  yarn_set(p, imp + l.locimp_name, yarn_text(p, from + l.locimp_name).c_str());
}

void locimp_destroy(WindowsProcess& p, uint64_t imp) {
  const Layout& l = layout(p);
  {
    LocaleLock lock(p);
    const uint64_t vec = p.get_ptr(imp + l.locimp_facetvec), n = p.get_ptr(imp + l.locimp_count);
    for (uint64_t i = 0; i < n; ++i)
      if (const uint64_t f = p.get_ptr(vec + i * l.ptr)) facet_release(p, f);
    delete_object(p, vec);
    p.put_ptr(imp + l.locimp_facetvec, 0);
    p.put_ptr(imp + l.locimp_count, 0);
  }
  yarn_free(p, imp + l.locimp_name);
}

// Puts `facet` at index `index` (the vector grown as needed), letting go of the one it replaces.
void locimp_addfac(WindowsProcess& p, uint64_t imp, uint64_t facet, uint64_t index) {
  const Layout& l = layout(p);
  LocaleLock lock(p);
  uint64_t n = p.get_ptr(imp + l.locimp_count), vec = p.get_ptr(imp + l.locimp_facetvec);
  if (index >= n) {
    const uint64_t grown = index + 1 < 40 ? 40 : index + 1;
    const uint64_t bigger = new_object(p, grown * l.ptr);
    if (n) std::memcpy(guest_pointer(bigger), guest_pointer(vec), n * l.ptr);
    delete_object(p, vec);
    vec = bigger;
    n = grown;
    p.put_ptr(imp + l.locimp_facetvec, vec);
    p.put_ptr(imp + l.locimp_count, n);
  }
  facet_incref(p, facet);
  const uint64_t old = p.get_ptr(vec + index * l.ptr);
  p.put_ptr(vec + index * l.ptr, facet);
  if (old) facet_release(p, old);
}

Ptr locimp_ctor(WindowsProcess& p, Ptr self, uint8_t transparent) {
  locimp_init(p, self.addr, transparent != 0);
  return self;
}
Ptr locimp_ctor_copy(WindowsProcess& p, Ptr self, Ptr from) {
  locimp_init_copy(p, self.addr, from.addr);
  return self;
}
void locimp_dtor(WindowsProcess& p, Ptr self) { locimp_destroy(p, self.addr); }
Ptr locimp_vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  locimp_destroy(p, self.addr);
  if (flags & 1) delete_object(p, self.addr);
  return self;
}
void locimp_Addfac(WindowsProcess& p, Ptr self, Ptr facet, USize index) { locimp_addfac(p, self.addr, facet.addr, index); }
void locimp_Locimp_Addfac(WindowsProcess& p, Ptr self, Ptr facet, USize index) {
  locimp_addfac(p, self.addr, facet.addr, index);
}
void locimp_Locimp_ctor(WindowsProcess& p, Ptr self, Ptr from) { locimp_init_copy(p, self.addr, from.addr); }
void locimp_Locimp_dtor(WindowsProcess& p, Ptr self) { locimp_destroy(p, self.addr); }
Ptr locimp_New_Locimp(WindowsProcess& p, uint8_t transparent) {
  const uint64_t imp = new_object(p, layout(p).locimp_size);
  locimp_init(p, imp, transparent != 0);
  return imp;
}
Ptr locimp_New_Locimp_copy(WindowsProcess& p, Ptr from) {
  const uint64_t imp = new_object(p, layout(p).locimp_size);
  locimp_init_copy(p, imp, from.addr);
  return imp;
}

// _Makeloc and its parts: the facets of the categories `cats` (<xlocale>'s collate 1, ctype 2,
// monetary 4, numeric 8, time 16, messages 32), those of `from` where given, else new ones, added
// to `imp`. The facets this DLL implements (ctype, codecvt; the others are made by the program's
// own code when first asked for) are added; the categories and name are the _Locinfo's.
void add_facets(WindowsProcess& p, uint64_t imp, int32_t cats, uint64_t from, bool wide) {
  if (!(cats & 2)) return;
  if (wide) {
    const uint64_t id = ctype_id<char16_t>(p);
    const uint64_t index = id_index(p, id);
    const uint64_t f = from ? locimp_facet(p, locale_imp(p, from), index) : 0;
    locimp_addfac(p, imp, f ? f : make_ctype<char16_t>(p), index);
  } else {
    const uint64_t id = ctype_id<char>(p);
    const uint64_t index = id_index(p, id);
    const uint64_t f = from ? locimp_facet(p, locale_imp(p, from), index) : 0;
    locimp_addfac(p, imp, f ? f : make_ctype<char>(p), index);
  }
}
void locimp_Makexloc(WindowsProcess&, Ptr, int32_t, Ptr, Ptr) {}  // (no facet of its own here)
void locimp_Makewloc(WindowsProcess& p, Ptr, int32_t cats, Ptr imp, Ptr from) { add_facets(p, imp.addr, cats, from.addr, true); }
void locimp_Makeushloc(WindowsProcess& p, Ptr, int32_t cats, Ptr imp, Ptr from) { add_facets(p, imp.addr, cats, from.addr, true); }
Ptr locimp_Makeloc(WindowsProcess& p, Ptr locinfo, int32_t cats, Ptr imp, Ptr from) {
  add_facets(p, imp.addr, cats, from.addr, false);
  add_facets(p, imp.addr, cats, from.addr, true);
  const Layout& l = layout(p);
  put<int32_t>(imp.addr + l.locimp_catmask, get<int32_t>(imp.addr + l.locimp_catmask) | cats);
  const uint64_t newname = locinfo.addr + l.ptr + 5 * 2ull * l.ptr;  // _Locinfo's _Newlocname
  yarn_set(p, imp.addr + l.locimp_name, yarn_text(p, newname).c_str());
  return imp;
}

const std::vector<Export>& locimp_vtable_entries() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::locale::_Locimp::`vector deleting destructor'", locimp_vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_Incref),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_Decref),
  };
  return v;
}
uint64_t locimp_vtable_data(WindowsProcess& p) { return vtable(p, locimp_vtable_entries()); }
uint64_t clocptr_data(WindowsProcess& p) {
  classic_locimp(p);
  return state(p).clocptr;
}

// ---- std::locale ----

// The global locale's implementation, a reference taken when `inc` says.
Ptr locale_Init(WindowsProcess& p, uint8_t inc) {
  const uint64_t g = global_locimp(p);
  if (inc) facet_incref(p, g);
  return g;
}
Ptr locale_Getgloballocale(WindowsProcess& p) { return global_locimp(p); }
void locale_Setgloballocale(WindowsProcess& p, Ptr imp) {
  global_locimp(p);
  state(p).global = imp.addr;
}
Ptr locale_classic(WindowsProcess& p) {
  const LocaleState& s = state(p);
  locale_set(p, s.classic_obj, classic_locimp(p));
  return s.classic_obj;
}
// The global locale as it was (a copy at `ret`); `loc` becomes the global one, and the C
// runtime's locale takes its name for the categories it has when it has a name.
Ptr locale_global(WindowsProcess& p, Ptr ret, Ptr loc) {
  LocaleLock lock(p);
  LocaleState& s = state(p);
  const uint64_t old = global_locimp(p);
  facet_incref(p, old);
  locale_set(p, ret.addr, old);
  const uint64_t imp = locale_imp(p, loc.addr);
  if (imp != old) {
    facet_incref(p, imp);
    s.global = imp;
    facet_release(p, old);
    const Layout& l = layout(p);
    const std::string name = yarn_text(p, imp + l.locimp_name);
    if (!name.empty() && name != "*" && (get<int32_t>(imp + l.locimp_catmask) & 0x3f) == 0x3f) {
      const uint64_t text = p.heap.alloc(name.size() + 1);
      std::memcpy(guest_pointer(text), name.c_str(), name.size() + 1);
      p.call_export("ucrtbase.dll", "setlocale", {0 /* LC_ALL */, text});
      p.heap.free(text);
    }
  }
  return ret;
}
// A locale with no facets of its own that reads the global one's (transparent).
Ptr locale_empty(WindowsProcess& p, Ptr ret) {
  locale_set(p, ret.addr, locimp_New_Locimp(p, 1).addr);
  return ret;
}

// ---- _Locinfo ----

uint64_t locinfo_yarn(const WindowsProcess& p, uint64_t info, int k) {
  const uint32_t ptr = p.isa->ptr;
  return info + ptr + static_cast<uint64_t>(k) * 2 * ptr;
}
enum { kDays, kMonths, kWDays, kWMonths, kOldName, kNewName };

// The C runtime's setlocale(LC_ALL, name) (name 0: the query); its result as text, or none.
bool crt_setlocale(WindowsProcess& p, const char* name, std::string* out) {
  uint64_t text = 0;
  if (name) {
    text = p.heap.alloc(std::strlen(name) + 1);
    std::memcpy(guest_pointer(text), name, std::strlen(name) + 1);
  }
  const uint64_t r = p.call_export("ucrtbase.dll", "setlocale", {0, text});
  if (text) p.heap.free(text);
  if (!r) return false;
  *out = static_cast<const char*>(guest_pointer(r));
  return true;
}

void locinfo_ctor_impl(WindowsProcess& p, uint64_t info, int32_t cat, uint64_t name) {
  if (!name) {
    p.call_export(this_dll().name, p.isa->ptr == 8 ? "?_Xruntime_error@std@@YAXPEBD@Z" : "?_Xruntime_error@std@@YAXPBD@Z",
                  {[&] {
                    static std::map<const WindowsProcess*, uint64_t> text;
                    uint64_t& t = text[&p];
                    if (!t) {
                      t = p.alloc_data(16);
                      std::memcpy(guest_pointer(t), "bad locale name", 16);
                    }
                    return t;
                  }()});
    return;
  }
  put<int32_t>(info, 0);  // the _Lockit: the locale's
  p.call_export(this_dll().name, "?_Lockit_ctor@_Lockit@std@@SAXH@Z", {0});
  for (int k = kDays; k <= kNewName; ++k) yarn_init(p, locinfo_yarn(p, info, k));
  std::string now;
  yarn_set(p, locinfo_yarn(p, info, kOldName), crt_setlocale(p, nullptr, &now) ? now.c_str() : "");
  std::string set;
  const bool ok = cat ? crt_setlocale(p, static_cast<const char*>(guest_pointer(name)), &set) : crt_setlocale(p, nullptr, &set);
  yarn_set(p, locinfo_yarn(p, info, kNewName), ok ? set.c_str() : "*");
}
void locinfo_dtor_impl(WindowsProcess& p, uint64_t info) {
  std::string ignored;
  crt_setlocale(p, yarn_text(p, locinfo_yarn(p, info, kOldName)).c_str(), &ignored);
  for (int k = kDays; k <= kNewName; ++k) yarn_free(p, locinfo_yarn(p, info, k));
  p.call_export(this_dll().name, "?_Lockit_dtor@_Lockit@std@@SAXH@Z", {0});
}

Ptr Locinfo_ctor_cstr(WindowsProcess& p, Ptr self, Ptr name) {
  locinfo_ctor_impl(p, self.addr, 1, name.addr);
  return self;
}
Ptr Locinfo_ctor_cat_cstr(WindowsProcess& p, Ptr self, int32_t cat, Ptr name) {
  locinfo_ctor_impl(p, self.addr, cat, name.addr);
  return self;
}
Ptr Locinfo_ctor_default(WindowsProcess& p, Ptr self) {
  static std::map<const WindowsProcess*, uint64_t> text;  // (one process per polyrun)
  uint64_t& c = text[&p];
  if (!c) {
    c = p.alloc_data(2);
    put<char>(c, 'C');
  }
  locinfo_ctor_impl(p, self.addr, 1, c);
  return self;
}
void Locinfo_dtor(WindowsProcess& p, Ptr self) { locinfo_dtor_impl(p, self.addr); }
void Locinfo_static_ctor(WindowsProcess& p, Ptr self, Ptr name) { locinfo_ctor_impl(p, self.addr, 1, name.addr); }
void Locinfo_static_ctor_cat(WindowsProcess& p, Ptr self, int32_t cat, Ptr name) {
  locinfo_ctor_impl(p, self.addr, cat, name.addr);
}
void Locinfo_static_dtor(WindowsProcess& p, Ptr self) { locinfo_dtor_impl(p, self.addr); }
// The categories `cat` of the locale `name` added: the C runtime's locale set to it.
Ptr Locinfo_Addcats_impl(WindowsProcess& p, Ptr self, int32_t cat, Ptr name) {
  if (!name) {
    locinfo_ctor_impl(p, self.addr, cat, 0);  // (throws runtime_error("bad locale name"))
    return self;
  }
  std::string set;
  const bool ok = cat ? crt_setlocale(p, static_cast<const char*>(guest_pointer(name.addr)), &set) : crt_setlocale(p, nullptr, &set);
  yarn_set(p, locinfo_yarn(p, self.addr, kNewName), ok ? set.c_str() : "*");
  return self;
}
Ptr Locinfo_Addcats_static(WindowsProcess& p, Ptr self, int32_t cat, Ptr name) { return Locinfo_Addcats_impl(p, self, cat, name); }

Ptr Locinfo_Getname(WindowsProcess& p, Ptr self) { return yarn_c_str(p, locinfo_yarn(p, self.addr, kNewName)); }
Ptr Locinfo_Getfalse(WindowsProcess& p, Ptr) {
  static std::map<const WindowsProcess*, uint64_t> text;  // (one process per polyrun)
  uint64_t& t = text[&p];
  if (!t) {
    t = p.alloc_data(6);
    std::memcpy(guest_pointer(t), "false", 6);
  }
  return t;
}
Ptr Locinfo_Gettrue(WindowsProcess& p, Ptr) {
  static std::map<const WindowsProcess*, uint64_t> text;  // (one process per polyrun)
  uint64_t& t = text[&p];
  if (!t) {
    t = p.alloc_data(5);
    std::memcpy(guest_pointer(t), "true", 5);
  }
  return t;
}
// The C runtime's names of the days or months (":Sun:Sunday:…"), kept in the _Locinfo; "" where
// it has none.
Ptr Locinfo_names(WindowsProcess& p, uint64_t self, int k, const char* crt_fn, bool wide) {
  const uint64_t yarn = locinfo_yarn(p, self, k);
  const uint64_t s = p.call_export("ucrtbase.dll", crt_fn, {});
  if (s) {
    if (wide) yarn_set_wide(p, yarn, s);
    else yarn_set(p, yarn, static_cast<const char*>(guest_pointer(s)));
    p.call_export("ucrtbase.dll", "free", {s});
  }
  return yarn_c_str(p, yarn);
}
Ptr Locinfo_Getdays(WindowsProcess& p, Ptr self) { return Locinfo_names(p, self.addr, kDays, "_Getdays", false); }
Ptr Locinfo_Getmonths(WindowsProcess& p, Ptr self) { return Locinfo_names(p, self.addr, kMonths, "_Getmonths", false); }
Ptr Locinfo_W_Getdays(WindowsProcess& p, Ptr self) { return Locinfo_names(p, self.addr, kWDays, "_W_Getdays", true); }
Ptr Locinfo_W_Getmonths(WindowsProcess& p, Ptr self) { return Locinfo_names(p, self.addr, kWMonths, "_W_Getmonths", true); }
Ptr Locinfo_Getlconv(WindowsProcess& p, Ptr) { return p.call_export("ucrtbase.dll", "localeconv", {}); }
// _Timevec {void* _Timeptr}: the C runtime's time names (its _Gettnames, which the _Timevec frees).
Ptr Locinfo_Gettnames(WindowsProcess& p, Ptr, Ptr ret) {
  p.put_ptr(ret.addr, p.call_export("ucrtbase.dll", "_Gettnames", {}));
  return ret;
}
int32_t Locinfo_Getdateorder(WindowsProcess& p, Ptr) {
  return static_cast<int32_t>(p.call_export(this_dll().name, "_Getdateorder", {}));
}
Ptr Locinfo_Getctype(WindowsProcess& p, Ptr, Ptr ret) {
  p.call_export(this_dll().name, "_Getctype", {ret.addr});
  return ret;
}
Ptr Locinfo_Getcvt(WindowsProcess& p, Ptr, Ptr ret) {
  p.call_export(this_dll().name, "_Getcvt", {ret.addr});
  return ret;
}
// _Collvec {unsigned page; wchar_t* name}: the C locale's, code page 0 and no name (as _Getcoll).
Ptr Locinfo_Getcoll(WindowsProcess& p, Ptr, Ptr ret) {
  put<uint32_t>(ret.addr, 0);
  p.put_ptr(ret.addr + p.isa->ptr, 0);
  return ret;
}

}  // namespace locale_file

// ---- shared with the facet and iostream files ----

namespace objects {

uint64_t classic_locimp(WindowsProcess& p) {
  locale_file::LocaleState& s = locale_file::state(p);
  if (s.classic_imp) return s.classic_imp;
  locale_file::LocaleLock lock(p);
  const Layout& l = layout(p);
  const uint64_t imp = new_object(p, l.locimp_size);
  locale_file::locimp_init(p, imp, false);
  put<int32_t>(imp + l.locimp_catmask, 0x3f);  // every category
  locale_file::yarn_set(p, imp + l.locimp_name, "C");
  s.classic_imp = imp;
  locale_file::facet_init_impl(p, imp, vtable(p, locale_file::locimp_vtable_entries()), 2);  // the classic object's, the global's
  p.put_ptr(s.clocptr, imp);
  locale_set(p, s.classic_obj, imp);
  if (!s.global) s.global = imp;
  return imp;
}
uint64_t global_locimp(WindowsProcess& p) {
  classic_locimp(p);
  return locale_file::state(p).global;
}

void facet_incref(WindowsProcess& p, uint64_t facet) { vcall(p, facet, 1, {}); }
void facet_release(WindowsProcess& p, uint64_t facet) {
  const uint64_t gone = vcall(p, facet, 2, {}) & (p.isa->ptr == 8 ? ~0ull : 0xffffffffull);
  if (gone) vcall(p, gone, 0, {1});
}
// A std::locale: {int (an empty base's byte); _Locimp*} from Visual C++ 2015, {_Locimp*} before.
constexpr uint64_t kLocalePtrSlot = kVersion >= 140 ? 1 : 0;
uint64_t locale_imp(const WindowsProcess& p, uint64_t loc) { return p.get_ptr(loc + kLocalePtrSlot * p.isa->ptr); }
void locale_set(const WindowsProcess& p, uint64_t loc, uint64_t imp) {
  if (kLocalePtrSlot) p.put_ptr(loc, 0);
  p.put_ptr(loc + kLocalePtrSlot * p.isa->ptr, imp);
}
uint64_t new_locale_object(WindowsProcess& p, uint64_t imp) {
  const uint64_t loc = new_object(p, (kLocalePtrSlot + 1) * p.isa->ptr);
  locale_set(p, loc, imp);
  if (imp) facet_incref(p, imp);
  return loc;
}
void locale_copy(WindowsProcess& p, uint64_t at, uint64_t from) {
  const uint64_t imp = locale_imp(p, from);
  locale_set(p, at, imp);
  if (imp) facet_incref(p, imp);
}
void locale_destroy(WindowsProcess& p, uint64_t loc) {
  if (const uint64_t imp = locale_imp(p, loc)) facet_release(p, imp);
  locale_set(p, loc, 0);
}
uint64_t locimp_facet(WindowsProcess& p, uint64_t imp, uint64_t index) {
  const Layout& l = layout(p);
  if (index < p.get_ptr(imp + l.locimp_count))
    if (const uint64_t f = p.get_ptr(p.get_ptr(imp + l.locimp_facetvec) + index * l.ptr)) return f;
  if (!get<uint8_t>(imp + l.locimp_xparent)) return 0;
  const uint64_t g = global_locimp(p);
  return index < p.get_ptr(g + l.locimp_count) ? p.get_ptr(p.get_ptr(g + l.locimp_facetvec) + index * l.ptr) : 0;
}
uint64_t id_index(WindowsProcess& p, uint64_t id) {
  if (uint64_t v = p.get_ptr(id)) return v;
  locale_file::LocaleLock lock(p);
  if (uint64_t v = p.get_ptr(id)) return v;
  const uint64_t cnt = locale_file::state(p).id_cnt;
  const int32_t v = get<int32_t>(cnt) + 1;
  put<int32_t>(cnt, v);
  p.put_ptr(id, static_cast<uint64_t>(v));
  return static_cast<uint64_t>(v);
}
uint64_t use_facet(WindowsProcess& p, uint64_t loc, uint64_t id, uint64_t (*make)(WindowsProcess& p)) {
  const uint64_t index = id_index(p, id);
  uint64_t imp = locale_imp(p, loc);
  if (!imp) imp = global_locimp(p);
  if (const uint64_t f = locimp_facet(p, imp, index)) return f;
  // (as the program's use_facet: a new facet, added to the classic locale's set when the locale
  // is the classic one, else kept for the process's life)
  const uint64_t f = make(p);
  if (imp == classic_locimp(p) || imp == global_locimp(p)) {
    locale_file::locimp_addfac(p, imp, f, index);
  } else {
    facet_incref(p, f);
  }
  return f;
}
void facet_init(WindowsProcess& p, uint64_t obj, uint64_t vt, uint64_t refs) { locale_file::facet_init_impl(p, obj, vt, refs); }
void facet_incref_method(WindowsProcess& p, Ptr self) { locale_file::facet_Incref(p, self); }
Ptr facet_decref_method(WindowsProcess& p, Ptr self) { return locale_file::facet_Decref(p, self); }
void facet_add_ref(WindowsProcess& p, uint64_t facet) { locale_file::facet_Incref(p, facet); }
uint64_t facet_drop_ref(WindowsProcess& p, uint64_t facet) { return locale_file::facet_Decref(p, facet).addr; }

}  // namespace objects

namespace locale_file {

const std::vector<Export>& exports_table() {
  static const std::vector<Export> e = {
      // locale::facet
      MSVCP_METHOD("??0facet@locale@std@@IAE@I@Z", "??0facet@locale@std@@IEAA@_K@Z", facet_ctor_refs),
      MSVCP_METHOD("??_Ffacet@locale@std@@QAEXXZ", "??_Ffacet@locale@std@@QEAAXXZ", facet_ctor),
      MSVCP_METHOD("??1facet@locale@std@@MAE@XZ", "??1facet@locale@std@@MEAA@XZ", facet_dtor),
      MSVCP_METHOD("?_Incref@facet@locale@std@@UAEXXZ", "?_Incref@facet@locale@std@@UEAAXXZ", facet_Incref),
      MSVCP_METHOD("?_Decref@facet@locale@std@@UAEPAV_Facet_base@3@XZ", "?_Decref@facet@locale@std@@UEAAPEAV_Facet_base@3@XZ",
                   facet_Decref),
      MSVCP_FUNCTION("?_Getcat@facet@locale@std@@SAIPAPBV123@PBV23@@Z", "?_Getcat@facet@locale@std@@SA_KPEAPEBV123@PEBV23@@Z",
                     facet_Getcat),
      EXPORT_DATA("??_7facet@locale@std@@6B@", facet_vtable_data),
      EXPORT_DATA("??_7_Facet_base@std@@6B@", facet_vtable_data),
      // locale::id
      MSVCP_METHOD("??0id@locale@std@@QAE@I@Z", "??0id@locale@std@@QEAA@_K@Z", id_ctor),
      MSVCP_METHOD("??_Fid@locale@std@@QAEXXZ", "??_Fid@locale@std@@QEAAXXZ", id_ctor_default),
      MSVCP_METHOD("??Bid@locale@std@@QAEIXZ", "??Bid@locale@std@@QEAA_KXZ", id_operator_size_t),
      EXPORT_DATA("?_Id_cnt@id@locale@std@@0HA", id_cnt_data),
      // locale::_Locimp
      MSVCP_METHOD("??0_Locimp@locale@std@@AAE@_N@Z", "??0_Locimp@locale@std@@AEAA@_N@Z", locimp_ctor),
      MSVCP_METHOD("??0_Locimp@locale@std@@AAE@ABV012@@Z", "??0_Locimp@locale@std@@AEAA@AEBV012@@Z", locimp_ctor_copy),
      MSVCP_METHOD("??1_Locimp@locale@std@@MAE@XZ", "??1_Locimp@locale@std@@MEAA@XZ", locimp_dtor),
      MSVCP_METHOD("?_Addfac@_Locimp@locale@std@@AAEXPAVfacet@23@I@Z", "?_Addfac@_Locimp@locale@std@@AEAAXPEAVfacet@23@_K@Z",
                   locimp_Addfac),
      MSVCP_FUNCTION("?_Locimp_Addfac@_Locimp@locale@std@@CAXPAV123@PAVfacet@23@I@Z",
                     "?_Locimp_Addfac@_Locimp@locale@std@@CAXPEAV123@PEAVfacet@23@_K@Z", locimp_Locimp_Addfac),
      MSVCP_FUNCTION("?_Locimp_ctor@_Locimp@locale@std@@CAXPAV123@ABV123@@Z",
                     "?_Locimp_ctor@_Locimp@locale@std@@CAXPEAV123@AEBV123@@Z", locimp_Locimp_ctor),
      MSVCP_FUNCTION("?_Locimp_dtor@_Locimp@locale@std@@CAXPAV123@@Z", "?_Locimp_dtor@_Locimp@locale@std@@CAXPEAV123@@Z",
                     locimp_Locimp_dtor),
      MSVCP_FUNCTION("?_New_Locimp@_Locimp@locale@std@@CAPAV123@_N@Z", "?_New_Locimp@_Locimp@locale@std@@CAPEAV123@_N@Z",
                     locimp_New_Locimp),
      MSVCP_FUNCTION("?_New_Locimp@_Locimp@locale@std@@CAPAV123@ABV123@@Z",
                     "?_New_Locimp@_Locimp@locale@std@@CAPEAV123@AEBV123@@Z", locimp_New_Locimp_copy),
      MSVCP_FUNCTION("?_Makeloc@_Locimp@locale@std@@CAPAV123@ABV_Locinfo@3@HPAV123@PBV23@@Z",
                     "?_Makeloc@_Locimp@locale@std@@CAPEAV123@AEBV_Locinfo@3@HPEAV123@PEBV23@@Z", locimp_Makeloc),
      MSVCP_FUNCTION("?_Makewloc@_Locimp@locale@std@@CAXABV_Locinfo@3@HPAV123@PBV23@@Z",
                     "?_Makewloc@_Locimp@locale@std@@CAXAEBV_Locinfo@3@HPEAV123@PEBV23@@Z", locimp_Makewloc),
      MSVCP_FUNCTION("?_Makeushloc@_Locimp@locale@std@@CAXABV_Locinfo@3@HPAV123@PBV23@@Z",
                     "?_Makeushloc@_Locimp@locale@std@@CAXAEBV_Locinfo@3@HPEAV123@PEBV23@@Z", locimp_Makeushloc),
      MSVCP_FUNCTION("?_Makexloc@_Locimp@locale@std@@CAXABV_Locinfo@3@HPAV123@PBV23@@Z",
                     "?_Makexloc@_Locimp@locale@std@@CAXAEBV_Locinfo@3@HPEAV123@PEBV23@@Z", locimp_Makexloc),
      EXPORT_DATA("?_Clocptr@_Locimp@locale@std@@0PAV123@A", clocptr_data),
      EXPORT_DATA("?_Clocptr@_Locimp@locale@std@@0PEAV123@EA", clocptr_data),
      EXPORT_DATA("??_7_Locimp@locale@std@@6B@", locimp_vtable_data),
      // std::locale
      MSVCP_FUNCTION("?_Init@locale@std@@CAPAV_Locimp@12@_N@Z", "?_Init@locale@std@@CAPEAV_Locimp@12@_N@Z", locale_Init),
      MSVCP_FUNCTION("?_Getgloballocale@locale@std@@CAPAV_Locimp@12@XZ", "?_Getgloballocale@locale@std@@CAPEAV_Locimp@12@XZ",
                     locale_Getgloballocale),
      MSVCP_FUNCTION("?_Setgloballocale@locale@std@@CAXPAX@Z", "?_Setgloballocale@locale@std@@CAXPEAX@Z", locale_Setgloballocale),
      MSVCP_FUNCTION("?classic@locale@std@@SAABV12@XZ", "?classic@locale@std@@SAAEBV12@XZ", locale_classic),
      MSVCP_FUNCTION("?global@locale@std@@SA?AV12@ABV12@@Z", "?global@locale@std@@SA?AV12@AEBV12@@Z", locale_global),
      EXPORT("?empty@locale@std@@SA?AV12@XZ", locale_empty),
      // _Locinfo
      MSVCP_METHOD("??0_Locinfo@std@@QAE@PBD@Z", "??0_Locinfo@std@@QEAA@PEBD@Z", Locinfo_ctor_cstr),
      MSVCP_METHOD("??0_Locinfo@std@@QAE@HPBD@Z", "??0_Locinfo@std@@QEAA@HPEBD@Z", Locinfo_ctor_cat_cstr),
      MSVCP_METHOD("??_F_Locinfo@std@@QAEXXZ", "??_F_Locinfo@std@@QEAAXXZ", Locinfo_ctor_default),
      MSVCP_METHOD("??1_Locinfo@std@@QAE@XZ", "??1_Locinfo@std@@QEAA@XZ", Locinfo_dtor),
      MSVCP_FUNCTION("?_Locinfo_ctor@_Locinfo@std@@SAXPAV12@PBD@Z", "?_Locinfo_ctor@_Locinfo@std@@SAXPEAV12@PEBD@Z",
                     Locinfo_static_ctor),
      MSVCP_FUNCTION("?_Locinfo_ctor@_Locinfo@std@@SAXPAV12@HPBD@Z", "?_Locinfo_ctor@_Locinfo@std@@SAXPEAV12@HPEBD@Z",
                     Locinfo_static_ctor_cat),
      MSVCP_FUNCTION("?_Locinfo_dtor@_Locinfo@std@@SAXPAV12@@Z", "?_Locinfo_dtor@_Locinfo@std@@SAXPEAV12@@Z", Locinfo_static_dtor),
      MSVCP_METHOD("?_Addcats@_Locinfo@std@@QAEAAV12@HPBD@Z", "?_Addcats@_Locinfo@std@@QEAAAEAV12@HPEBD@Z", Locinfo_Addcats_impl),
      MSVCP_FUNCTION("?_Locinfo_Addcats@_Locinfo@std@@SAAAV12@PAV12@HPBD@Z",
                     "?_Locinfo_Addcats@_Locinfo@std@@SAAEAV12@PEAV12@HPEBD@Z", Locinfo_Addcats_static),
      MSVCP_METHOD("?_Getname@_Locinfo@std@@QBEPBDXZ", "?_Getname@_Locinfo@std@@QEBAPEBDXZ", Locinfo_Getname),
      MSVCP_METHOD("?_Getfalse@_Locinfo@std@@QBEPBDXZ", "?_Getfalse@_Locinfo@std@@QEBAPEBDXZ", Locinfo_Getfalse),
      MSVCP_METHOD("?_Gettrue@_Locinfo@std@@QBEPBDXZ", "?_Gettrue@_Locinfo@std@@QEBAPEBDXZ", Locinfo_Gettrue),
      MSVCP_METHOD("?_Getdays@_Locinfo@std@@QBEPBDXZ", "?_Getdays@_Locinfo@std@@QEBAPEBDXZ", Locinfo_Getdays),
      MSVCP_METHOD("?_Getmonths@_Locinfo@std@@QBEPBDXZ", "?_Getmonths@_Locinfo@std@@QEBAPEBDXZ", Locinfo_Getmonths),
      MSVCP_METHOD("?_W_Getdays@_Locinfo@std@@QBEPBGXZ", "?_W_Getdays@_Locinfo@std@@QEBAPEBGXZ", Locinfo_W_Getdays),
      MSVCP_METHOD("?_W_Getmonths@_Locinfo@std@@QBEPBGXZ", "?_W_Getmonths@_Locinfo@std@@QEBAPEBGXZ", Locinfo_W_Getmonths),
      MSVCP_METHOD("?_Getlconv@_Locinfo@std@@QBEPBUlconv@@XZ", "?_Getlconv@_Locinfo@std@@QEBAPEBUlconv@@XZ", Locinfo_Getlconv),
      MSVCP_METHOD("?_Gettnames@_Locinfo@std@@QBE?AV_Timevec@2@XZ", "?_Gettnames@_Locinfo@std@@QEBA?AV_Timevec@2@XZ",
                   Locinfo_Gettnames),
      MSVCP_METHOD("?_Getdateorder@_Locinfo@std@@QBEHXZ", "?_Getdateorder@_Locinfo@std@@QEBAHXZ", Locinfo_Getdateorder),
      MSVCP_METHOD("?_Getctype@_Locinfo@std@@QBE?AU_Ctypevec@@XZ", "?_Getctype@_Locinfo@std@@QEBA?AU_Ctypevec@@XZ",
                   Locinfo_Getctype),
      MSVCP_METHOD("?_Getcvt@_Locinfo@std@@QBE?AU_Cvtvec@@XZ", "?_Getcvt@_Locinfo@std@@QEBA?AU_Cvtvec@@XZ", Locinfo_Getcvt),
      MSVCP_METHOD("?_Getcoll@_Locinfo@std@@QBE?AU_Collvec@@XZ", "?_Getcoll@_Locinfo@std@@QEBA?AU_Collvec@@XZ",
                   Locinfo_Getcoll),
  };
  return e;
}

}  // namespace locale_file

const std::vector<Export>& locale_exports() { return locale_file::exports_table(); }

}  // namespace msvcp

}  // namespace polyrun::shims
