// MSVCP140.dll's character facets: ctype<char> (the classification table, case, widen and
// narrow), ctype<wchar_t> and ctype<unsigned short> (classification through the C runtime's wide
// character types, conversions one character at a time), ctype_base, codecvt_base,
// codecvt<char, char, _Mbstatet> (no conversion) and codecvt<wchar_t, char, _Mbstatet> (and
// <unsigned short, …>: multibyte to wide and back, _Mbrtowc and _Wcrtomb), with each one's _Getcat,
// vtable and id; and the ids of the facets MSVC's headers implement inline (collate, numpunct).
//
// Objects, as MSVC lays them out: a facet {vtable; unsigned _Myrefs}, then ctype<char> {_Ctypevec
// _Ctype}, ctype<wchar_t> {_Ctypevec _Ctype; _Cvtvec _Cvt}, codecvt<wchar_t, …> {_Cvtvec _Cvt};
// _Ctypevec {unsigned _Page; const short* _Table; int _Delfl; wchar_t* _LocaleName}. The program's
// inline ctype<char>::is reads _Table itself; the public members call the do_ ones through the
// vtable, which a program's own facet may override.
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp140/guest_objects.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

namespace facets_file {

using namespace objects;

constexpr int32_t kLcCollate = 1, kLcCtype = 2;
constexpr int32_t kCodecvtOk = 0, kCodecvtPartial = 1, kCodecvtError = 2, kCodecvtNoconv = 3;

uint32_t P(const WindowsProcess& p) { return p.isa->ptr; }
// The _Ctypevec's fields.
uint64_t ctype_vec(const WindowsProcess& p, uint64_t f) { return f + layout(p).facet_size; }
uint64_t ctype_table_at(const WindowsProcess& p, uint64_t f) { return ctype_vec(p, f) + P(p); }
uint64_t ctype_delfl_at(const WindowsProcess& p, uint64_t f) { return ctype_vec(p, f) + 2ull * P(p); }
uint64_t ctype_name_at(const WindowsProcess& p, uint64_t f) { return ctype_vec(p, f) + 3ull * P(p); }
uint64_t ctype_char_size(const WindowsProcess& p) { return layout(p).facet_size + 4ull * P(p); }
// ctype<wchar_t>'s _Cvtvec (44 bytes) after its _Ctypevec; codecvt<wchar_t>'s after the facet.
uint64_t ctype_wide_cvt(const WindowsProcess& p, uint64_t f) { return ctype_vec(p, f) + 4ull * P(p); }
uint64_t ctype_wide_size(const WindowsProcess& p) { return (ctype_wide_cvt(p, 0) + 44 + 7) & ~7ull; }
uint64_t codecvt_wide_cvt(const WindowsProcess& p, uint64_t f) { return f + layout(p).facet_size; }
uint64_t codecvt_wide_size(const WindowsProcess& p) { return (layout(p).facet_size + 44 + 7) & ~7ull; }

// A _Locinfo for the "C" locale (what a facet made without one reads), made and destroyed through
// the DLL's exports.
struct ClassicLocinfo {
  explicit ClassicLocinfo(WindowsProcess& p) : p_(p), at_(p.heap.alloc(128, true)) {
    call_method(p, "??_F_Locinfo@std@@QAEXXZ", "??_F_Locinfo@std@@QEAAXXZ", at_, {});
  }
  ~ClassicLocinfo() {
    call_method(p_, "??1_Locinfo@std@@QAE@XZ", "??1_Locinfo@std@@QEAA@XZ", at_, {});
    p_.heap.free(at_);
  }
  WindowsProcess& p_;
  uint64_t at_;
};
// (the member functions of _Locinfo, thiscall on i386: called as the DLL calls its own)
void locinfo_getctype(WindowsProcess& p, uint64_t info, uint64_t out) {
  (void)info;
  p.call_export(this_dll().name, "_Getctype", {out});
}
void locinfo_getcvt(WindowsProcess& p, uint64_t info, uint64_t out) {
  (void)info;
  p.call_export(this_dll().name, "_Getcvt", {out});
}

// ---- ctype_base, codecvt_base ----

const std::vector<Export>& ctype_base_vtable();
const std::vector<Export>& codecvt_base_vtable();

Ptr base_vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  if (flags & 1) delete_object(p, self.addr);
  return self;
}
void base_dtor(WindowsProcess&, Ptr) {}
Ptr ctype_base_ctor(WindowsProcess& p, Ptr self, USize refs) {
  facet_init(p, self.addr, vtable(p, ctype_base_vtable()), refs);
  return self;
}
Ptr ctype_base_ctor_default(WindowsProcess& p, Ptr self) { return ctype_base_ctor(p, self, 0); }
Ptr codecvt_base_ctor(WindowsProcess& p, Ptr self, USize refs) {
  facet_init(p, self.addr, vtable(p, codecvt_base_vtable()), refs);
  return self;
}
Ptr codecvt_base_ctor_default(WindowsProcess& p, Ptr self) { return codecvt_base_ctor(p, self, 0); }
uint8_t codecvt_base_do_always_noconv(WindowsProcess&, Ptr) { return 0; }
int32_t codecvt_base_do_max_length(WindowsProcess&, Ptr) { return 1; }
int32_t codecvt_base_do_encoding(WindowsProcess&, Ptr) { return 1; }
uint8_t codecvt_base_always_noconv(WindowsProcess& p, Ptr self) { return vcall(p, self.addr, 3, {}) & 0xff; }
int32_t codecvt_base_max_length(WindowsProcess& p, Ptr self) { return static_cast<int32_t>(vcall(p, self.addr, 4, {})); }
int32_t codecvt_base_encoding(WindowsProcess& p, Ptr self) { return static_cast<int32_t>(vcall(p, self.addr, 5, {})); }

void facet_Incref_(WindowsProcess& p, Ptr self) { facet_add_ref(p, self.addr); }
Ptr facet_Decref_(WindowsProcess& p, Ptr self) { return facet_drop_ref(p, self.addr); }

const std::vector<Export>& ctype_base_vtable() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::ctype_base::`vector deleting destructor'", base_vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_Incref_),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_Decref_),
  };
  return v;
}
const std::vector<Export>& codecvt_base_vtable() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::codecvt_base::`vector deleting destructor'", base_vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_Incref_),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_Decref_),
      EXPORT_METHOD("std::codecvt_base::do_always_noconv", codecvt_base_do_always_noconv),
      EXPORT_METHOD("std::codecvt_base::do_max_length", codecvt_base_do_max_length),
      EXPORT_METHOD("std::codecvt_base::do_encoding", codecvt_base_do_encoding),
  };
  return v;
}
uint64_t ctype_base_vtable_data(WindowsProcess& p) { return vtable(p, ctype_base_vtable()); }
uint64_t codecvt_base_vtable_data(WindowsProcess& p) { return vtable(p, codecvt_base_vtable()); }

// ---- the ids ----

struct Ids : DllStateBase {
  std::map<int, uint64_t> at;
};
template <int K>
uint64_t id_object(WindowsProcess& p) {
  uint64_t& at = dll_state<Ids>(p).at[K];
  if (!at) at = p.alloc_data(p.isa->ptr);
  return at;
}
enum IdKind { kCtypeChar, kCtypeWide, kCtypeUshort, kCvtChar, kCvtWide, kCvtUshort, kCollChar, kCollWide, kCollUshort,
              kPunctChar, kPunctWide, kPunctUshort };

// ---- ctype<char> ----

const std::vector<Export>& ctype_char_vtable();

void ctype_char_tidy(WindowsProcess& p, uint64_t f) {
  const int32_t delfl = get<int32_t>(ctype_delfl_at(p, f));
  const uint64_t table = p.get_ptr(ctype_table_at(p, f));
  if (delfl && table) p.call_export("ucrtbase.dll", "free", {table});
  if (const uint64_t name = p.get_ptr(ctype_name_at(p, f))) p.call_export("ucrtbase.dll", "free", {name});
  p.put_ptr(ctype_table_at(p, f), 0);
  p.put_ptr(ctype_name_at(p, f), 0);
}
void ctype_char_Init(WindowsProcess& p, Ptr self, Ptr locinfo) { locinfo_getctype(p, locinfo.addr, ctype_vec(p, self.addr)); }
void ctype_char_Tidy(WindowsProcess& p, Ptr self) { ctype_char_tidy(p, self.addr); }
Ptr ctype_char_ctor_locinfo(WindowsProcess& p, Ptr self, Ptr locinfo, USize refs) {
  facet_init(p, self.addr, vtable(p, ctype_char_vtable()), refs);
  ctype_char_Init(p, self, locinfo);
  return self;
}
// With the program's table (`del`: the facet frees it), or the locale's where none.
Ptr ctype_char_ctor_table(WindowsProcess& p, Ptr self, Ptr table, uint8_t del, USize refs) {
  facet_init(p, self.addr, vtable(p, ctype_char_vtable()), refs);
  ClassicLocinfo info(p);
  ctype_char_Init(p, self, info.at_);
  if (table) {
    ctype_char_tidy(p, self.addr);
    p.put_ptr(ctype_table_at(p, self.addr), table.addr);
    put<int32_t>(ctype_delfl_at(p, self.addr), del);
  }
  return self;
}
Ptr ctype_char_ctor_default(WindowsProcess& p, Ptr self) { return ctype_char_ctor_table(p, self, 0, 0, 0); }
void ctype_char_dtor(WindowsProcess& p, Ptr self) { ctype_char_tidy(p, self.addr); }
Ptr ctype_char_vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  ctype_char_tidy(p, self.addr);
  if (flags & 1) delete_object(p, self.addr);
  return self;
}
int16_t class_of(WindowsProcess& p, uint64_t f, uint8_t c) {
  const uint64_t table = p.get_ptr(ctype_table_at(p, f));
  return table ? get<int16_t>(table + 2ull * c) : 0;
}
uint8_t ctype_char_is(WindowsProcess& p, Ptr self, int16_t mask, char c) {
  return (class_of(p, self.addr, static_cast<uint8_t>(c)) & mask) != 0;
}
Ptr ctype_char_is_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last, Ptr dest) {
  for (uint64_t s = first.addr, d = dest.addr; s < last.addr; ++s, d += 2) put<int16_t>(d, class_of(p, self.addr, get<uint8_t>(s)));
  return last;
}
Ptr ctype_char_scan_is(WindowsProcess& p, Ptr self, int16_t mask, Ptr first, Ptr last) {
  uint64_t s = first.addr;
  while (s < last.addr && !(class_of(p, self.addr, get<uint8_t>(s)) & mask)) ++s;
  return s;
}
Ptr ctype_char_scan_not(WindowsProcess& p, Ptr self, int16_t mask, Ptr first, Ptr last) {
  uint64_t s = first.addr;
  while (s < last.addr && (class_of(p, self.addr, get<uint8_t>(s)) & mask)) ++s;
  return s;
}
char ctype_char_do_tolower(WindowsProcess& p, Ptr self, char c) {
  return static_cast<char>(p.call_export(this_dll().name, "_Tolower", {static_cast<uint8_t>(c), ctype_vec(p, self.addr)}));
}
char ctype_char_do_toupper(WindowsProcess& p, Ptr self, char c) {
  return static_cast<char>(p.call_export(this_dll().name, "_Toupper", {static_cast<uint8_t>(c), ctype_vec(p, self.addr)}));
}
Ptr ctype_char_do_tolower_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last) {
  for (uint64_t s = first.addr; s < last.addr; ++s) put<char>(s, ctype_char_do_tolower(p, self, get<char>(s)));
  return last;
}
Ptr ctype_char_do_toupper_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last) {
  for (uint64_t s = first.addr; s < last.addr; ++s) put<char>(s, ctype_char_do_toupper(p, self, get<char>(s)));
  return last;
}
char ctype_char_do_widen(WindowsProcess&, Ptr, char c) { return c; }
Ptr ctype_char_do_widen_range(WindowsProcess&, Ptr, Ptr first, Ptr last, Ptr dest) {
  if (last.addr > first.addr) std::memmove(guest_pointer(dest.addr), guest_pointer(first.addr), last.addr - first.addr);
  return last;
}
char ctype_char_do_narrow(WindowsProcess&, Ptr, char c, char) { return c; }
Ptr ctype_char_do_narrow_range(WindowsProcess&, Ptr, Ptr first, Ptr last, char, Ptr dest) {
  if (last.addr > first.addr) std::memmove(guest_pointer(dest.addr), guest_pointer(first.addr), last.addr - first.addr);
  return last;
}
// The public members: the virtual do_ ones (vtable: 3 tolower range, 4 tolower, 5 toupper range,
// 6 toupper, 7 widen range, 8 widen, 9 narrow range, 10 narrow).
char ctype_char_tolower(WindowsProcess& p, Ptr self, char c) { return static_cast<char>(vcall(p, self.addr, 4, {static_cast<uint8_t>(c)})); }
char ctype_char_toupper(WindowsProcess& p, Ptr self, char c) { return static_cast<char>(vcall(p, self.addr, 6, {static_cast<uint8_t>(c)})); }
Ptr ctype_char_tolower_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last) { return vcall(p, self.addr, 3, {first.addr, last.addr}); }
Ptr ctype_char_toupper_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last) { return vcall(p, self.addr, 5, {first.addr, last.addr}); }
char ctype_char_widen(WindowsProcess& p, Ptr self, char c) { return static_cast<char>(vcall(p, self.addr, 8, {static_cast<uint8_t>(c)})); }
Ptr ctype_char_widen_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last, Ptr dest) {
  return vcall(p, self.addr, 7, {first.addr, last.addr, dest.addr});
}
char ctype_char_narrow(WindowsProcess& p, Ptr self, char c, char dflt) {
  return static_cast<char>(vcall(p, self.addr, 10, {static_cast<uint8_t>(c), static_cast<uint8_t>(dflt)}));
}
Ptr ctype_char_narrow_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last, char dflt, Ptr dest) {
  return vcall(p, self.addr, 9, {first.addr, last.addr, static_cast<uint8_t>(dflt), dest.addr});
}
Ptr ctype_char_table(WindowsProcess& p, Ptr self) { return p.get_ptr(ctype_table_at(p, self.addr)); }
uint64_t ctype_char_table_size(WindowsProcess& p) {
  static std::map<const WindowsProcess*, uint64_t> at;  // (one process per polyrun)
  uint64_t& a = at[&p];
  if (!a) {
    a = p.alloc_data(p.isa->ptr);
    p.put_ptr(a, 256);
  }
  return a;
}
// The classic locale's ctype<char>'s table.
Ptr ctype_char_classic_table(WindowsProcess& p) {
  const uint64_t loc = p.alloc_data(2ull * p.isa->ptr);  // (a locale object for the lookup)
  locale_set(p, loc, classic_locimp(p));
  const uint64_t f = use_facet(p, loc, id_object<kCtypeChar>(p), make_ctype<char>);
  return p.get_ptr(ctype_table_at(p, f));
}
USize ctype_char_Getcat(WindowsProcess& p, Ptr facet, Ptr) {
  if (facet && !p.get_ptr(facet.addr)) p.put_ptr(facet.addr, make_ctype<char>(p));
  return USize(kLcCtype);
}

const std::vector<Export>& ctype_char_vtable() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::ctype<char>::`vector deleting destructor'", ctype_char_vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_Incref_),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_Decref_),
      EXPORT_METHOD("std::ctype<char>::do_tolower(range)", ctype_char_do_tolower_range),
      EXPORT_METHOD("std::ctype<char>::do_tolower", ctype_char_do_tolower),
      EXPORT_METHOD("std::ctype<char>::do_toupper(range)", ctype_char_do_toupper_range),
      EXPORT_METHOD("std::ctype<char>::do_toupper", ctype_char_do_toupper),
      EXPORT_METHOD("std::ctype<char>::do_widen(range)", ctype_char_do_widen_range),
      EXPORT_METHOD("std::ctype<char>::do_widen", ctype_char_do_widen),
      EXPORT_METHOD("std::ctype<char>::do_narrow(range)", ctype_char_do_narrow_range),
      EXPORT_METHOD("std::ctype<char>::do_narrow", ctype_char_do_narrow),
  };
  return v;
}
uint64_t ctype_char_vtable_data(WindowsProcess& p) { return vtable(p, ctype_char_vtable()); }

// ---- ctype<wchar_t>, ctype<unsigned short> ----

const std::vector<Export>& ctype_wide_vtable();

void ctype_wide_Init(WindowsProcess& p, Ptr self, Ptr locinfo) {
  locinfo_getctype(p, locinfo.addr, ctype_vec(p, self.addr));
  locinfo_getcvt(p, locinfo.addr, ctype_wide_cvt(p, self.addr));
}
Ptr ctype_wide_ctor_locinfo(WindowsProcess& p, Ptr self, Ptr locinfo, USize refs) {
  facet_init(p, self.addr, vtable(p, ctype_wide_vtable()), refs);
  ctype_wide_Init(p, self, locinfo);
  return self;
}
Ptr ctype_wide_ctor(WindowsProcess& p, Ptr self, USize refs) {
  ClassicLocinfo info(p);
  return ctype_wide_ctor_locinfo(p, self, info.at_, refs);
}
Ptr ctype_wide_ctor_default(WindowsProcess& p, Ptr self) { return ctype_wide_ctor(p, self, 0); }
void ctype_wide_dtor(WindowsProcess& p, Ptr self) { ctype_char_tidy(p, self.addr); }
Ptr ctype_wide_vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  ctype_char_tidy(p, self.addr);
  if (flags & 1) delete_object(p, self.addr);
  return self;
}
int16_t wide_class(WindowsProcess& p, uint64_t f, char16_t c) {
  return static_cast<int16_t>(p.call_export(this_dll().name, "_Getwctype", {c, ctype_vec(p, f)}));
}
uint8_t ctype_wide_do_is(WindowsProcess& p, Ptr self, int16_t mask, char16_t c) { return (wide_class(p, self.addr, c) & mask) != 0; }
Ptr ctype_wide_do_is_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last, Ptr dest) {
  return p.call_export(this_dll().name, "_Getwctypes", {first.addr, last.addr, dest.addr, ctype_vec(p, self.addr)});
}
Ptr ctype_wide_do_scan_is(WindowsProcess& p, Ptr self, int16_t mask, Ptr first, Ptr last) {
  uint64_t s = first.addr;
  while (s < last.addr && !(wide_class(p, self.addr, get<char16_t>(s)) & mask)) s += 2;
  return s;
}
Ptr ctype_wide_do_scan_not(WindowsProcess& p, Ptr self, int16_t mask, Ptr first, Ptr last) {
  uint64_t s = first.addr;
  while (s < last.addr && (wide_class(p, self.addr, get<char16_t>(s)) & mask)) s += 2;
  return s;
}
char16_t ctype_wide_do_tolower(WindowsProcess& p, Ptr self, char16_t c) {
  return static_cast<char16_t>(p.call_export(this_dll().name, "_Towlower", {c, ctype_vec(p, self.addr)}));
}
char16_t ctype_wide_do_toupper(WindowsProcess& p, Ptr self, char16_t c) {
  return static_cast<char16_t>(p.call_export(this_dll().name, "_Towupper", {c, ctype_vec(p, self.addr)}));
}
Ptr ctype_wide_do_tolower_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last) {
  for (uint64_t s = first.addr; s < last.addr; s += 2) put<char16_t>(s, ctype_wide_do_tolower(p, self, get<char16_t>(s)));
  return last;
}
Ptr ctype_wide_do_toupper_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last) {
  for (uint64_t s = first.addr; s < last.addr; s += 2) put<char16_t>(s, ctype_wide_do_toupper(p, self, get<char16_t>(s)));
  return last;
}
// One byte to its wide character (_Mbrtowc of the facet's _Cvtvec), WEOF for one that is none.
char16_t ctype_wide_Dowiden(WindowsProcess& p, Ptr self, char c) {
  const uint64_t buf = p.heap.alloc(16, true);
  put<char>(buf, c);
  const int32_t n = static_cast<int32_t>(multibyte_to_wide(p, buf + 2, buf, 1, buf + 8, ctype_wide_cvt(p, self.addr), 4));
  const char16_t w = n < 0 ? char16_t(0xffff) : get<char16_t>(buf + 2);
  p.heap.free(buf);
  return w;
}
// One wide character to its byte (_Wcrtomb), `dflt` for one of more or none.
char ctype_wide_Donarrow(WindowsProcess& p, Ptr self, char16_t c, char dflt) {
  const uint64_t buf = p.heap.alloc(32, true);
  const int32_t n = static_cast<int32_t>(p.call_export(this_dll().name, "_Wcrtomb", {buf, c, buf + 16, ctype_wide_cvt(p, self.addr)}));
  const char r = n == 1 ? get<char>(buf) : dflt;
  p.heap.free(buf);
  return r;
}
char16_t ctype_wide_do_widen(WindowsProcess& p, Ptr self, char c) { return ctype_wide_Dowiden(p, self, c); }
Ptr ctype_wide_do_widen_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last, Ptr dest) {
  for (uint64_t s = first.addr, d = dest.addr; s < last.addr; ++s, d += 2) put<char16_t>(d, ctype_wide_Dowiden(p, self, get<char>(s)));
  return last;
}
char ctype_wide_do_narrow(WindowsProcess& p, Ptr self, char16_t c, char dflt) { return ctype_wide_Donarrow(p, self, c, dflt); }
Ptr ctype_wide_do_narrow_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last, char dflt, Ptr dest) {
  for (uint64_t s = first.addr, d = dest.addr; s < last.addr; s += 2, ++d) put<char>(d, ctype_wide_Donarrow(p, self, get<char16_t>(s), dflt));
  return last;
}
// The public members through the vtable (3 is range, 4 is, 5 scan_is, 6 scan_not, 7 tolower range,
// 8 tolower, 9 toupper range, 10 toupper, 11 widen range, 12 widen, 13 narrow range, 14 narrow).
uint8_t ctype_wide_is(WindowsProcess& p, Ptr self, int16_t mask, char16_t c) {
  return vcall(p, self.addr, 4, {static_cast<uint16_t>(mask), c}) & 0xff;
}
Ptr ctype_wide_is_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last, Ptr dest) {
  return vcall(p, self.addr, 3, {first.addr, last.addr, dest.addr});
}
Ptr ctype_wide_scan_is(WindowsProcess& p, Ptr self, int16_t mask, Ptr first, Ptr last) {
  return vcall(p, self.addr, 5, {static_cast<uint16_t>(mask), first.addr, last.addr});
}
Ptr ctype_wide_scan_not(WindowsProcess& p, Ptr self, int16_t mask, Ptr first, Ptr last) {
  return vcall(p, self.addr, 6, {static_cast<uint16_t>(mask), first.addr, last.addr});
}
Ptr ctype_wide_tolower_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last) { return vcall(p, self.addr, 7, {first.addr, last.addr}); }
char16_t ctype_wide_tolower(WindowsProcess& p, Ptr self, char16_t c) { return static_cast<char16_t>(vcall(p, self.addr, 8, {c})); }
Ptr ctype_wide_toupper_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last) { return vcall(p, self.addr, 9, {first.addr, last.addr}); }
char16_t ctype_wide_toupper(WindowsProcess& p, Ptr self, char16_t c) { return static_cast<char16_t>(vcall(p, self.addr, 10, {c})); }
Ptr ctype_wide_widen_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last, Ptr dest) {
  return vcall(p, self.addr, 11, {first.addr, last.addr, dest.addr});
}
char16_t ctype_wide_widen(WindowsProcess& p, Ptr self, char c) { return static_cast<char16_t>(vcall(p, self.addr, 12, {static_cast<uint8_t>(c)})); }
Ptr ctype_wide_narrow_range(WindowsProcess& p, Ptr self, Ptr first, Ptr last, char dflt, Ptr dest) {
  return vcall(p, self.addr, 13, {first.addr, last.addr, static_cast<uint8_t>(dflt), dest.addr});
}
char ctype_wide_narrow(WindowsProcess& p, Ptr self, char16_t c, char dflt) {
  return static_cast<char>(vcall(p, self.addr, 14, {c, static_cast<uint8_t>(dflt)}));
}
USize ctype_wide_Getcat(WindowsProcess& p, Ptr facet, Ptr) {
  if (facet && !p.get_ptr(facet.addr)) p.put_ptr(facet.addr, make_ctype<char16_t>(p));
  return USize(kLcCtype);
}

const std::vector<Export>& ctype_wide_vtable() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::ctype<wchar_t>::`vector deleting destructor'", ctype_wide_vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_Incref_),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_Decref_),
      EXPORT_METHOD("std::ctype<wchar_t>::do_is(range)", ctype_wide_do_is_range),
      EXPORT_METHOD("std::ctype<wchar_t>::do_is", ctype_wide_do_is),
      EXPORT_METHOD("std::ctype<wchar_t>::do_scan_is", ctype_wide_do_scan_is),
      EXPORT_METHOD("std::ctype<wchar_t>::do_scan_not", ctype_wide_do_scan_not),
      EXPORT_METHOD("std::ctype<wchar_t>::do_tolower(range)", ctype_wide_do_tolower_range),
      EXPORT_METHOD("std::ctype<wchar_t>::do_tolower", ctype_wide_do_tolower),
      EXPORT_METHOD("std::ctype<wchar_t>::do_toupper(range)", ctype_wide_do_toupper_range),
      EXPORT_METHOD("std::ctype<wchar_t>::do_toupper", ctype_wide_do_toupper),
      EXPORT_METHOD("std::ctype<wchar_t>::do_widen(range)", ctype_wide_do_widen_range),
      EXPORT_METHOD("std::ctype<wchar_t>::do_widen", ctype_wide_do_widen),
      EXPORT_METHOD("std::ctype<wchar_t>::do_narrow(range)", ctype_wide_do_narrow_range),
      EXPORT_METHOD("std::ctype<wchar_t>::do_narrow", ctype_wide_do_narrow),
  };
  return v;
}
uint64_t ctype_wide_vtable_data(WindowsProcess& p) { return vtable(p, ctype_wide_vtable()); }

// ---- codecvt<char, char, _Mbstatet>: no conversion ----

const std::vector<Export>& codecvt_char_vtable();

Ptr codecvt_char_ctor(WindowsProcess& p, Ptr self, USize refs) {
  facet_init(p, self.addr, vtable(p, codecvt_char_vtable()), refs);
  return self;
}
Ptr codecvt_char_ctor_locinfo(WindowsProcess& p, Ptr self, Ptr, USize refs) { return codecvt_char_ctor(p, self, refs); }
Ptr codecvt_char_ctor_default(WindowsProcess& p, Ptr self) { return codecvt_char_ctor(p, self, 0); }
void codecvt_char_Init(WindowsProcess&, Ptr, Ptr) {}
uint8_t codecvt_char_do_always_noconv(WindowsProcess&, Ptr) { return 1; }
// in and out: nothing converted, the caller's own characters are the result (noconv).
int32_t codecvt_char_do_in(WindowsProcess& p, Ptr, Ptr, Ptr from, Ptr, Ptr from_next, Ptr to, Ptr, Ptr to_next) {
  p.put_ptr(from_next.addr, from.addr);
  p.put_ptr(to_next.addr, to.addr);
  return kCodecvtNoconv;
}
int32_t codecvt_char_do_unshift(WindowsProcess& p, Ptr, Ptr, Ptr to, Ptr, Ptr to_next) {
  p.put_ptr(to_next.addr, to.addr);
  return kCodecvtNoconv;
}
int32_t codecvt_char_do_length(WindowsProcess&, Ptr, Ptr, Ptr from, Ptr from_end, USize max) {
  const uint64_t n = from_end.addr > from.addr ? from_end.addr - from.addr : 0;
  return static_cast<int32_t>(n < max ? n : max.v);
}
// The public members through the vtable (6 in, 7 out, 8 unshift, 9 length).
int32_t codecvt_in(WindowsProcess& p, Ptr self, Ptr state, Ptr from, Ptr from_end, Ptr from_next, Ptr to, Ptr to_end, Ptr to_next) {
  return static_cast<int32_t>(vcall(p, self.addr, 6, {state.addr, from.addr, from_end.addr, from_next.addr, to.addr, to_end.addr, to_next.addr}));
}
int32_t codecvt_out(WindowsProcess& p, Ptr self, Ptr state, Ptr from, Ptr from_end, Ptr from_next, Ptr to, Ptr to_end, Ptr to_next) {
  return static_cast<int32_t>(vcall(p, self.addr, 7, {state.addr, from.addr, from_end.addr, from_next.addr, to.addr, to_end.addr, to_next.addr}));
}
int32_t codecvt_unshift(WindowsProcess& p, Ptr self, Ptr state, Ptr to, Ptr to_end, Ptr to_next) {
  return static_cast<int32_t>(vcall(p, self.addr, 8, {state.addr, to.addr, to_end.addr, to_next.addr}));
}
int32_t codecvt_length(WindowsProcess& p, Ptr self, Ptr state, Ptr from, Ptr from_end, USize max) {
  return static_cast<int32_t>(vcall(p, self.addr, 9, {state.addr, from.addr, from_end.addr, max.v}));
}
USize codecvt_char_Getcat(WindowsProcess& p, Ptr facet, Ptr) {
  if (facet && !p.get_ptr(facet.addr)) {
    const uint64_t f = new_object(p, layout(p).facet_size);
    codecvt_char_ctor(p, f, 0);
    p.put_ptr(facet.addr, f);
  }
  return USize(kLcCtype);
}

const std::vector<Export>& codecvt_char_vtable() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::codecvt<char,char,_Mbstatet>::`vector deleting destructor'", base_vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_Incref_),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_Decref_),
      EXPORT_METHOD("std::codecvt<char,char,_Mbstatet>::do_always_noconv", codecvt_char_do_always_noconv),
      EXPORT_METHOD("std::codecvt_base::do_max_length", codecvt_base_do_max_length),
      EXPORT_METHOD("std::codecvt_base::do_encoding", codecvt_base_do_encoding),
      EXPORT_METHOD("std::codecvt<char,char,_Mbstatet>::do_in", codecvt_char_do_in),
      EXPORT_METHOD("std::codecvt<char,char,_Mbstatet>::do_out", codecvt_char_do_in),
      EXPORT_METHOD("std::codecvt<char,char,_Mbstatet>::do_unshift", codecvt_char_do_unshift),
      EXPORT_METHOD("std::codecvt<char,char,_Mbstatet>::do_length", codecvt_char_do_length),
  };
  return v;
}
uint64_t codecvt_char_vtable_data(WindowsProcess& p) { return vtable(p, codecvt_char_vtable()); }

// ---- codecvt<wchar_t, char, _Mbstatet> and <unsigned short, …> ----

const std::vector<Export>& codecvt_wide_vtable();

void codecvt_wide_Init(WindowsProcess& p, Ptr self, Ptr locinfo) { locinfo_getcvt(p, locinfo.addr, codecvt_wide_cvt(p, self.addr)); }
Ptr codecvt_wide_ctor_locinfo(WindowsProcess& p, Ptr self, Ptr locinfo, USize refs) {
  facet_init(p, self.addr, vtable(p, codecvt_wide_vtable()), refs);
  codecvt_wide_Init(p, self, locinfo);
  return self;
}
Ptr codecvt_wide_ctor(WindowsProcess& p, Ptr self, USize refs) {
  ClassicLocinfo info(p);
  return codecvt_wide_ctor_locinfo(p, self, info.at_, refs);
}
Ptr codecvt_wide_ctor_default(WindowsProcess& p, Ptr self) { return codecvt_wide_ctor(p, self, 0); }
uint8_t codecvt_wide_do_always_noconv(WindowsProcess&, Ptr) { return 0; }
int32_t codecvt_wide_do_max_length(WindowsProcess&, Ptr) { return 5; }  // MB_LEN_MAX
int32_t codecvt_wide_do_encoding(WindowsProcess&, Ptr) { return 0; }    // (a character's bytes vary)
// Bytes to wide characters, one at a time (_Mbrtowc): ok, partial (a character cut short) or error.
int32_t codecvt_wide_do_in(WindowsProcess& p, Ptr self, Ptr state, Ptr from, Ptr from_end, Ptr from_next, Ptr to, Ptr to_end,
                           Ptr to_next) {
  uint64_t f = from.addr, t = to.addr;
  int32_t r = kCodecvtOk;
  while (f != from_end.addr && t != to_end.addr) {
    const int32_t n = static_cast<int32_t>(
        multibyte_to_wide(p, t, f, from_end.addr - f, state.addr, codecvt_wide_cvt(p, self.addr), 4));
    if (n == -2) {
      f = from_end.addr;
      r = kCodecvtPartial;
      break;
    }
    if (n == -1) {
      r = kCodecvtError;
      break;
    }
    f += n == 2 ? 2 : 1;
    t += 2;
  }
  p.put_ptr(from_next.addr, f);
  p.put_ptr(to_next.addr, t);
  return r;
}
// Wide characters to bytes (_Wcrtomb): partial where the next one's bytes do not fit.
int32_t codecvt_wide_do_out(WindowsProcess& p, Ptr self, Ptr state, Ptr from, Ptr from_end, Ptr from_next, Ptr to, Ptr to_end,
                            Ptr to_next) {
  uint64_t f = from.addr, t = to.addr;
  int32_t r = kCodecvtOk;
  const uint64_t buf = p.heap.alloc(16, true);
  while (f != from_end.addr && t != to_end.addr) {
    const uint32_t saved = get<uint32_t>(state.addr);  // (mbstate_t's first four bytes: ctype.cpp)
    const int32_t n = static_cast<int32_t>(
        p.call_export(this_dll().name, "_Wcrtomb", {buf, get<char16_t>(f), state.addr, codecvt_wide_cvt(p, self.addr)}));
    if (n < 0) {
      r = kCodecvtError;
      break;
    }
    if (static_cast<uint64_t>(n) > to_end.addr - t) {
      put<uint32_t>(state.addr, saved);
      r = kCodecvtPartial;
      break;
    }
    std::memcpy(guest_pointer(t), guest_pointer(buf), static_cast<size_t>(n));
    t += static_cast<uint64_t>(n);
    f += 2;
  }
  p.heap.free(buf);
  p.put_ptr(from_next.addr, f);
  p.put_ptr(to_next.addr, t);
  return r;
}
int32_t codecvt_wide_do_unshift(WindowsProcess& p, Ptr, Ptr, Ptr to, Ptr, Ptr to_next) {
  p.put_ptr(to_next.addr, to.addr);
  return kCodecvtOk;
}
// How many bytes of [from, from_end) make at most `max` wide characters.
int32_t codecvt_wide_do_length(WindowsProcess& p, Ptr self, Ptr state, Ptr from, Ptr from_end, USize max) {
  const uint64_t tmp = p.heap.alloc(16, true);
  put<uint32_t>(tmp, get<uint32_t>(state.addr));
  uint64_t f = from.addr;
  int32_t count = 0;
  while (static_cast<uint64_t>(count) < max.v && f != from_end.addr) {
    const int32_t n = static_cast<int32_t>(
        multibyte_to_wide(p, 0, f, from_end.addr - f, tmp, codecvt_wide_cvt(p, self.addr), 4));
    if (n < 0) break;
    f += n == 2 ? 2 : 1;
    ++count;
  }
  p.heap.free(tmp);
  return count;
}
USize codecvt_wide_Getcat(WindowsProcess& p, Ptr facet, Ptr) {
  if (facet && !p.get_ptr(facet.addr)) {
    const uint64_t f = new_object(p, codecvt_wide_size(p));
    codecvt_wide_ctor(p, f, 0);
    p.put_ptr(facet.addr, f);
  }
  return USize(kLcCtype);
}

const std::vector<Export>& codecvt_wide_vtable() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::codecvt<wchar_t,char,_Mbstatet>::`vector deleting destructor'", base_vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_Incref_),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_Decref_),
      EXPORT_METHOD("std::codecvt<wchar_t,char,_Mbstatet>::do_always_noconv", codecvt_wide_do_always_noconv),
      EXPORT_METHOD("std::codecvt<wchar_t,char,_Mbstatet>::do_max_length", codecvt_wide_do_max_length),
      EXPORT_METHOD("std::codecvt<wchar_t,char,_Mbstatet>::do_encoding", codecvt_wide_do_encoding),
      EXPORT_METHOD("std::codecvt<wchar_t,char,_Mbstatet>::do_in", codecvt_wide_do_in),
      EXPORT_METHOD("std::codecvt<wchar_t,char,_Mbstatet>::do_out", codecvt_wide_do_out),
      EXPORT_METHOD("std::codecvt<wchar_t,char,_Mbstatet>::do_unshift", codecvt_wide_do_unshift),
      EXPORT_METHOD("std::codecvt<wchar_t,char,_Mbstatet>::do_length", codecvt_wide_do_length),
  };
  return v;
}
uint64_t codecvt_wide_vtable_data(WindowsProcess& p) { return vtable(p, codecvt_wide_vtable()); }

uint64_t id_ctype_char(WindowsProcess& p) { return id_object<kCtypeChar>(p); }
uint64_t id_ctype_wide(WindowsProcess& p) { return id_object<kCtypeWide>(p); }
uint64_t id_ctype_ushort(WindowsProcess& p) { return id_object<kCtypeUshort>(p); }
uint64_t id_cvt_char(WindowsProcess& p) { return id_object<kCvtChar>(p); }
uint64_t id_cvt_wide(WindowsProcess& p) { return id_object<kCvtWide>(p); }
uint64_t id_cvt_ushort(WindowsProcess& p) { return id_object<kCvtUshort>(p); }
uint64_t id_coll_char(WindowsProcess& p) { return id_object<kCollChar>(p); }
uint64_t id_coll_wide(WindowsProcess& p) { return id_object<kCollWide>(p); }
uint64_t id_coll_ushort(WindowsProcess& p) { return id_object<kCollUshort>(p); }
uint64_t id_punct_char(WindowsProcess& p) { return id_object<kPunctChar>(p); }
uint64_t id_punct_wide(WindowsProcess& p) { return id_object<kPunctWide>(p); }
uint64_t id_punct_ushort(WindowsProcess& p) { return id_object<kPunctUshort>(p); }

}  // namespace facets_file

namespace objects {

template <>
uint64_t ctype_id<char>(WindowsProcess& p) { return facets_file::id_object<facets_file::kCtypeChar>(p); }
template <>
uint64_t ctype_id<char16_t>(WindowsProcess& p) { return facets_file::id_object<facets_file::kCtypeWide>(p); }
template <>
uint64_t make_ctype<char>(WindowsProcess& p) {
  const uint64_t f = new_object(p, facets_file::ctype_char_size(p));
  facets_file::ctype_char_ctor_table(p, f, 0, 0, 0);
  return f;
}
template <>
uint64_t make_ctype<char16_t>(WindowsProcess& p) {
  const uint64_t f = new_object(p, facets_file::ctype_wide_size(p));
  facets_file::ctype_wide_ctor(p, f, 0);
  return f;
}

}  // namespace objects

namespace facets_file {

void add_wide(std::vector<Export>& e, const char* code) {
  const std::vector<Export> w = {
      MSVCP_TMETHOD(code, "??0?$ctype@$C@std@@QAE@ABV_Locinfo@1@I@Z", "??0?$ctype@$C@std@@QEAA@AEBV_Locinfo@1@_K@Z", ctype_wide_ctor_locinfo),
      MSVCP_TMETHOD(code, "??0?$ctype@$C@std@@QAE@I@Z", "??0?$ctype@$C@std@@QEAA@_K@Z", ctype_wide_ctor),
      MSVCP_TMETHOD(code, "??_F?$ctype@$C@std@@QAEXXZ", "??_F?$ctype@$C@std@@QEAAXXZ", ctype_wide_ctor_default),
      MSVCP_TMETHOD(code, "??1?$ctype@$C@std@@MAE@XZ", "??1?$ctype@$C@std@@MEAA@XZ", ctype_wide_dtor),
      MSVCP_TDATA(code, "??_7?$ctype@$C@std@@6B@", "??_7?$ctype@$C@std@@6B@", ctype_wide_vtable_data),
      MSVCP_TFUNCTION(code, "?_Getcat@?$ctype@$C@std@@SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@?$ctype@$C@std@@SA_KPEAPEBVfacet@locale@2@PEBV42@@Z", ctype_wide_Getcat),
      MSVCP_TMETHOD(code, "?_Init@?$ctype@$C@std@@IAEXABV_Locinfo@2@@Z", "?_Init@?$ctype@$C@std@@IEAAXAEBV_Locinfo@2@@Z", ctype_wide_Init),
      MSVCP_TMETHOD(code, "?_Donarrow@?$ctype@$C@std@@IBED$CD@Z", "?_Donarrow@?$ctype@$C@std@@IEBAD$CD@Z", ctype_wide_Donarrow),
      MSVCP_TMETHOD(code, "?_Dowiden@?$ctype@$C@std@@IBE$CD@Z", "?_Dowiden@?$ctype@$C@std@@IEBA$CD@Z", ctype_wide_Dowiden),
      MSVCP_TMETHOD(code, "?do_is@?$ctype@$C@std@@MBEPB$CPB$C0PAF@Z", "?do_is@?$ctype@$C@std@@MEBAPEB$CPEB$C0PEAF@Z", ctype_wide_do_is_range),
      MSVCP_TMETHOD(code, "?do_is@?$ctype@$C@std@@MBE_NF$C@Z", "?do_is@?$ctype@$C@std@@MEBA_NF$C@Z", ctype_wide_do_is),
      MSVCP_TMETHOD(code, "?do_narrow@?$ctype@$C@std@@MBED$CD@Z", "?do_narrow@?$ctype@$C@std@@MEBAD$CD@Z", ctype_wide_do_narrow),
      MSVCP_TMETHOD(code, "?do_narrow@?$ctype@$C@std@@MBEPB$CPB$C0DPAD@Z", "?do_narrow@?$ctype@$C@std@@MEBAPEB$CPEB$C0DPEAD@Z", ctype_wide_do_narrow_range),
      MSVCP_TMETHOD(code, "?do_scan_is@?$ctype@$C@std@@MBEPB$CFPB$C0@Z", "?do_scan_is@?$ctype@$C@std@@MEBAPEB$CFPEB$C0@Z", ctype_wide_do_scan_is),
      MSVCP_TMETHOD(code, "?do_scan_not@?$ctype@$C@std@@MBEPB$CFPB$C0@Z", "?do_scan_not@?$ctype@$C@std@@MEBAPEB$CFPEB$C0@Z", ctype_wide_do_scan_not),
      MSVCP_TMETHOD(code, "?do_tolower@?$ctype@$C@std@@MBEPB$CPA$CPB$C@Z", "?do_tolower@?$ctype@$C@std@@MEBAPEB$CPEA$CPEB$C@Z", ctype_wide_do_tolower_range),
      MSVCP_TMETHOD(code, "?do_tolower@?$ctype@$C@std@@MBE$C$C@Z", "?do_tolower@?$ctype@$C@std@@MEBA$C$C@Z", ctype_wide_do_tolower),
      MSVCP_TMETHOD(code, "?do_toupper@?$ctype@$C@std@@MBEPB$CPA$CPB$C@Z", "?do_toupper@?$ctype@$C@std@@MEBAPEB$CPEA$CPEB$C@Z", ctype_wide_do_toupper_range),
      MSVCP_TMETHOD(code, "?do_toupper@?$ctype@$C@std@@MBE$C$C@Z", "?do_toupper@?$ctype@$C@std@@MEBA$C$C@Z", ctype_wide_do_toupper),
      MSVCP_TMETHOD(code, "?do_widen@?$ctype@$C@std@@MBEPBDPBD0PA$C@Z", "?do_widen@?$ctype@$C@std@@MEBAPEBDPEBD0PEA$C@Z", ctype_wide_do_widen_range),
      MSVCP_TMETHOD(code, "?do_widen@?$ctype@$C@std@@MBE$CD@Z", "?do_widen@?$ctype@$C@std@@MEBA$CD@Z", ctype_wide_do_widen),
      MSVCP_TMETHOD(code, "?is@?$ctype@$C@std@@QBEPB$CPB$C0PAF@Z", "?is@?$ctype@$C@std@@QEBAPEB$CPEB$C0PEAF@Z", ctype_wide_is_range),
      MSVCP_TMETHOD(code, "?is@?$ctype@$C@std@@QBE_NF$C@Z", "?is@?$ctype@$C@std@@QEBA_NF$C@Z", ctype_wide_is),
      MSVCP_TMETHOD(code, "?narrow@?$ctype@$C@std@@QBED$CD@Z", "?narrow@?$ctype@$C@std@@QEBAD$CD@Z", ctype_wide_narrow),
      MSVCP_TMETHOD(code, "?narrow@?$ctype@$C@std@@QBEPB$CPB$C0DPAD@Z", "?narrow@?$ctype@$C@std@@QEBAPEB$CPEB$C0DPEAD@Z", ctype_wide_narrow_range),
      MSVCP_TMETHOD(code, "?scan_is@?$ctype@$C@std@@QBEPB$CFPB$C0@Z", "?scan_is@?$ctype@$C@std@@QEBAPEB$CFPEB$C0@Z", ctype_wide_scan_is),
      MSVCP_TMETHOD(code, "?scan_not@?$ctype@$C@std@@QBEPB$CFPB$C0@Z", "?scan_not@?$ctype@$C@std@@QEBAPEB$CFPEB$C0@Z", ctype_wide_scan_not),
      MSVCP_TMETHOD(code, "?tolower@?$ctype@$C@std@@QBEPB$CPA$CPB$C@Z", "?tolower@?$ctype@$C@std@@QEBAPEB$CPEA$CPEB$C@Z", ctype_wide_tolower_range),
      MSVCP_TMETHOD(code, "?tolower@?$ctype@$C@std@@QBE$C$C@Z", "?tolower@?$ctype@$C@std@@QEBA$C$C@Z", ctype_wide_tolower),
      MSVCP_TMETHOD(code, "?toupper@?$ctype@$C@std@@QBEPB$CPA$CPB$C@Z", "?toupper@?$ctype@$C@std@@QEBAPEB$CPEA$CPEB$C@Z", ctype_wide_toupper_range),
      MSVCP_TMETHOD(code, "?toupper@?$ctype@$C@std@@QBE$C$C@Z", "?toupper@?$ctype@$C@std@@QEBA$C$C@Z", ctype_wide_toupper),
      MSVCP_TMETHOD(code, "?widen@?$ctype@$C@std@@QBEPBDPBD0PA$C@Z", "?widen@?$ctype@$C@std@@QEBAPEBDPEBD0PEA$C@Z", ctype_wide_widen_range),
      MSVCP_TMETHOD(code, "?widen@?$ctype@$C@std@@QBE$CD@Z", "?widen@?$ctype@$C@std@@QEBA$CD@Z", ctype_wide_widen),
      // codecvt<wchar_t or unsigned short, char, _Mbstatet>
      MSVCP_TMETHOD(code, "??0?$codecvt@$CDU_Mbstatet@@@std@@QAE@ABV_Locinfo@1@I@Z", "??0?$codecvt@$CDU_Mbstatet@@@std@@QEAA@AEBV_Locinfo@1@_K@Z", codecvt_wide_ctor_locinfo),
      MSVCP_TMETHOD(code, "??0?$codecvt@$CDU_Mbstatet@@@std@@QAE@I@Z", "??0?$codecvt@$CDU_Mbstatet@@@std@@QEAA@_K@Z", codecvt_wide_ctor),
      MSVCP_TMETHOD(code, "??_F?$codecvt@$CDU_Mbstatet@@@std@@QAEXXZ", "??_F?$codecvt@$CDU_Mbstatet@@@std@@QEAAXXZ", codecvt_wide_ctor_default),
      MSVCP_TMETHOD(code, "??1?$codecvt@$CDU_Mbstatet@@@std@@MAE@XZ", "??1?$codecvt@$CDU_Mbstatet@@@std@@MEAA@XZ", base_dtor),
      MSVCP_TDATA(code, "??_7?$codecvt@$CDU_Mbstatet@@@std@@6B@", "??_7?$codecvt@$CDU_Mbstatet@@@std@@6B@", codecvt_wide_vtable_data),
      MSVCP_TFUNCTION(code, "?_Getcat@?$codecvt@$CDU_Mbstatet@@@std@@SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@?$codecvt@$CDU_Mbstatet@@@std@@SA_KPEAPEBVfacet@locale@2@PEBV42@@Z", codecvt_wide_Getcat),
      MSVCP_TMETHOD(code, "?_Init@?$codecvt@$CDU_Mbstatet@@@std@@IAEXABV_Locinfo@2@@Z", "?_Init@?$codecvt@$CDU_Mbstatet@@@std@@IEAAXAEBV_Locinfo@2@@Z", codecvt_wide_Init),
      MSVCP_TMETHOD(code, "?do_always_noconv@?$codecvt@$CDU_Mbstatet@@@std@@MBE_NXZ", "?do_always_noconv@?$codecvt@$CDU_Mbstatet@@@std@@MEBA_NXZ", codecvt_wide_do_always_noconv),
      MSVCP_TMETHOD(code, "?do_encoding@?$codecvt@$CDU_Mbstatet@@@std@@MBEHXZ", "?do_encoding@?$codecvt@$CDU_Mbstatet@@@std@@MEBAHXZ", codecvt_wide_do_encoding),
      MSVCP_TMETHOD(code, "?do_max_length@?$codecvt@$CDU_Mbstatet@@@std@@MBEHXZ", "?do_max_length@?$codecvt@$CDU_Mbstatet@@@std@@MEBAHXZ", codecvt_wide_do_max_length),
      MSVCP_TMETHOD(code, "?do_in@?$codecvt@$CDU_Mbstatet@@@std@@MBEHAAU_Mbstatet@@PBD1AAPBDPA$C3AAPA$C@Z", "?do_in@?$codecvt@$CDU_Mbstatet@@@std@@MEBAHAEAU_Mbstatet@@PEBD1AEAPEBDPEA$C3AEAPEA$C@Z", codecvt_wide_do_in),
      MSVCP_TMETHOD(code, "?do_out@?$codecvt@$CDU_Mbstatet@@@std@@MBEHAAU_Mbstatet@@PB$C1AAPB$CPAD3AAPAD@Z", "?do_out@?$codecvt@$CDU_Mbstatet@@@std@@MEBAHAEAU_Mbstatet@@PEB$C1AEAPEB$CPEAD3AEAPEAD@Z", codecvt_wide_do_out),
      MSVCP_TMETHOD(code, "?do_unshift@?$codecvt@$CDU_Mbstatet@@@std@@MBEHAAU_Mbstatet@@PAD1AAPAD@Z", "?do_unshift@?$codecvt@$CDU_Mbstatet@@@std@@MEBAHAEAU_Mbstatet@@PEAD1AEAPEAD@Z", codecvt_wide_do_unshift),
      MSVCP_TMETHOD(code, "?do_length@?$codecvt@$CDU_Mbstatet@@@std@@MBEHAAU_Mbstatet@@PBD1I@Z", "?do_length@?$codecvt@$CDU_Mbstatet@@@std@@MEBAHAEAU_Mbstatet@@PEBD1_K@Z", codecvt_wide_do_length),
      MSVCP_TMETHOD(code, "?in@?$codecvt@$CDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PBD1AAPBDPA$C3AAPA$C@Z", "?in@?$codecvt@$CDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEBD1AEAPEBDPEA$C3AEAPEA$C@Z", codecvt_in),
      MSVCP_TMETHOD(code, "?out@?$codecvt@$CDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PB$C1AAPB$CPAD3AAPAD@Z", "?out@?$codecvt@$CDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEB$C1AEAPEB$CPEAD3AEAPEAD@Z", codecvt_out),
      MSVCP_TMETHOD(code, "?unshift@?$codecvt@$CDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PAD1AAPAD@Z", "?unshift@?$codecvt@$CDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEAD1AEAPEAD@Z", codecvt_unshift),
      MSVCP_TMETHOD(code, "?length@?$codecvt@$CDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PBD1I@Z", "?length@?$codecvt@$CDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEBD1_K@Z", codecvt_length),
  };
  e.insert(e.end(), w.begin(), w.end());
}

}  // namespace facets_file

namespace facets_file {

const std::vector<Export>& exports_table() {
  static const std::vector<Export> e = [] {
    std::vector<Export> e = {
        // ctype_base, codecvt_base
        MSVCP_METHOD("??0ctype_base@std@@QAE@I@Z", "??0ctype_base@std@@QEAA@_K@Z", ctype_base_ctor),
        MSVCP_METHOD("??_Fctype_base@std@@QAEXXZ", "??_Fctype_base@std@@QEAAXXZ", ctype_base_ctor_default),
        MSVCP_METHOD("??1ctype_base@std@@UAE@XZ", "??1ctype_base@std@@UEAA@XZ", base_dtor),
        EXPORT_DATA("??_7ctype_base@std@@6B@", ctype_base_vtable_data), EXPORT_DATA("??_7ctype_base@std@@6B@", ctype_base_vtable_data),
        MSVCP_METHOD("??0codecvt_base@std@@QAE@I@Z", "??0codecvt_base@std@@QEAA@_K@Z", codecvt_base_ctor),
        MSVCP_METHOD("??_Fcodecvt_base@std@@QAEXXZ", "??_Fcodecvt_base@std@@QEAAXXZ", codecvt_base_ctor_default),
        MSVCP_METHOD("??1codecvt_base@std@@UAE@XZ", "??1codecvt_base@std@@UEAA@XZ", base_dtor),
        EXPORT_DATA("??_7codecvt_base@std@@6B@", codecvt_base_vtable_data), EXPORT_DATA("??_7codecvt_base@std@@6B@", codecvt_base_vtable_data),
        MSVCP_METHOD("?always_noconv@codecvt_base@std@@QBE_NXZ", "?always_noconv@codecvt_base@std@@QEBA_NXZ", codecvt_base_always_noconv),
        MSVCP_METHOD("?do_always_noconv@codecvt_base@std@@MBE_NXZ", "?do_always_noconv@codecvt_base@std@@MEBA_NXZ", codecvt_base_do_always_noconv),
        MSVCP_METHOD("?do_encoding@codecvt_base@std@@MBEHXZ", "?do_encoding@codecvt_base@std@@MEBAHXZ", codecvt_base_do_encoding),
        MSVCP_METHOD("?do_max_length@codecvt_base@std@@MBEHXZ", "?do_max_length@codecvt_base@std@@MEBAHXZ", codecvt_base_do_max_length),
        MSVCP_METHOD("?encoding@codecvt_base@std@@QBEHXZ", "?encoding@codecvt_base@std@@QEBAHXZ", codecvt_base_encoding),
        MSVCP_METHOD("?max_length@codecvt_base@std@@QBEHXZ", "?max_length@codecvt_base@std@@QEBAHXZ", codecvt_base_max_length),
        // ctype<char>
        MSVCP_METHOD("??0?$ctype@D@std@@QAE@ABV_Locinfo@1@I@Z", "??0?$ctype@D@std@@QEAA@AEBV_Locinfo@1@_K@Z", ctype_char_ctor_locinfo),
        MSVCP_METHOD("??0?$ctype@D@std@@QAE@PBF_NI@Z", "??0?$ctype@D@std@@QEAA@PEBF_N_K@Z", ctype_char_ctor_table),
        MSVCP_METHOD("??_F?$ctype@D@std@@QAEXXZ", "??_F?$ctype@D@std@@QEAAXXZ", ctype_char_ctor_default),
        MSVCP_METHOD("??1?$ctype@D@std@@MAE@XZ", "??1?$ctype@D@std@@MEAA@XZ", ctype_char_dtor),
        EXPORT_DATA("??_7?$ctype@D@std@@6B@", ctype_char_vtable_data), EXPORT_DATA("??_7?$ctype@D@std@@6B@", ctype_char_vtable_data),
        MSVCP_FUNCTION("?_Getcat@?$ctype@D@std@@SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@?$ctype@D@std@@SA_KPEAPEBVfacet@locale@2@PEBV42@@Z", ctype_char_Getcat),
        MSVCP_METHOD("?_Init@?$ctype@D@std@@IAEXABV_Locinfo@2@@Z", "?_Init@?$ctype@D@std@@IEAAXAEBV_Locinfo@2@@Z", ctype_char_Init),
        MSVCP_METHOD("?_Tidy@?$ctype@D@std@@IAEXXZ", "?_Tidy@?$ctype@D@std@@IEAAXXZ", ctype_char_Tidy),
        MSVCP_METHOD("?do_narrow@?$ctype@D@std@@MBEDDD@Z", "?do_narrow@?$ctype@D@std@@MEBADDD@Z", ctype_char_do_narrow),
        MSVCP_METHOD("?do_narrow@?$ctype@D@std@@MBEPBDPBD0DPAD@Z", "?do_narrow@?$ctype@D@std@@MEBAPEBDPEBD0DPEAD@Z", ctype_char_do_narrow_range),
        MSVCP_METHOD("?do_tolower@?$ctype@D@std@@MBEDD@Z", "?do_tolower@?$ctype@D@std@@MEBADD@Z", ctype_char_do_tolower),
        MSVCP_METHOD("?do_tolower@?$ctype@D@std@@MBEPBDPADPBD@Z", "?do_tolower@?$ctype@D@std@@MEBAPEBDPEADPEBD@Z", ctype_char_do_tolower_range),
        MSVCP_METHOD("?do_toupper@?$ctype@D@std@@MBEDD@Z", "?do_toupper@?$ctype@D@std@@MEBADD@Z", ctype_char_do_toupper),
        MSVCP_METHOD("?do_toupper@?$ctype@D@std@@MBEPBDPADPBD@Z", "?do_toupper@?$ctype@D@std@@MEBAPEBDPEADPEBD@Z", ctype_char_do_toupper_range),
        MSVCP_METHOD("?do_widen@?$ctype@D@std@@MBEDD@Z", "?do_widen@?$ctype@D@std@@MEBADD@Z", ctype_char_do_widen),
        MSVCP_METHOD("?do_widen@?$ctype@D@std@@MBEPBDPBD0PAD@Z", "?do_widen@?$ctype@D@std@@MEBAPEBDPEBD0PEAD@Z", ctype_char_do_widen_range),
        MSVCP_METHOD("?is@?$ctype@D@std@@QBEPBDPBD0PAF@Z", "?is@?$ctype@D@std@@QEBAPEBDPEBD0PEAF@Z", ctype_char_is_range),
        MSVCP_METHOD("?is@?$ctype@D@std@@QBE_NFD@Z", "?is@?$ctype@D@std@@QEBA_NFD@Z", ctype_char_is),
        MSVCP_METHOD("?narrow@?$ctype@D@std@@QBEDDD@Z", "?narrow@?$ctype@D@std@@QEBADDD@Z", ctype_char_narrow),
        MSVCP_METHOD("?narrow@?$ctype@D@std@@QBEPBDPBD0DPAD@Z", "?narrow@?$ctype@D@std@@QEBAPEBDPEBD0DPEAD@Z", ctype_char_narrow_range),
        MSVCP_METHOD("?scan_is@?$ctype@D@std@@QBEPBDFPBD0@Z", "?scan_is@?$ctype@D@std@@QEBAPEBDFPEBD0@Z", ctype_char_scan_is),
        MSVCP_METHOD("?scan_not@?$ctype@D@std@@QBEPBDFPBD0@Z", "?scan_not@?$ctype@D@std@@QEBAPEBDFPEBD0@Z", ctype_char_scan_not),
        MSVCP_METHOD("?table@?$ctype@D@std@@QBEPBFXZ", "?table@?$ctype@D@std@@QEBAPEBFXZ", ctype_char_table),
        EXPORT_DATA("?table_size@?$ctype@D@std@@2IB", ctype_char_table_size), EXPORT_DATA("?table_size@?$ctype@D@std@@2_KB", ctype_char_table_size),
        MSVCP_FUNCTION("?classic_table@?$ctype@D@std@@SAPBFXZ", "?classic_table@?$ctype@D@std@@SAPEBFXZ", ctype_char_classic_table),
        MSVCP_METHOD("?tolower@?$ctype@D@std@@QBEDD@Z", "?tolower@?$ctype@D@std@@QEBADD@Z", ctype_char_tolower),
        MSVCP_METHOD("?tolower@?$ctype@D@std@@QBEPBDPADPBD@Z", "?tolower@?$ctype@D@std@@QEBAPEBDPEADPEBD@Z", ctype_char_tolower_range),
        MSVCP_METHOD("?toupper@?$ctype@D@std@@QBEDD@Z", "?toupper@?$ctype@D@std@@QEBADD@Z", ctype_char_toupper),
        MSVCP_METHOD("?toupper@?$ctype@D@std@@QBEPBDPADPBD@Z", "?toupper@?$ctype@D@std@@QEBAPEBDPEADPEBD@Z", ctype_char_toupper_range),
        MSVCP_METHOD("?widen@?$ctype@D@std@@QBEDD@Z", "?widen@?$ctype@D@std@@QEBADD@Z", ctype_char_widen),
        MSVCP_METHOD("?widen@?$ctype@D@std@@QBEPBDPBD0PAD@Z", "?widen@?$ctype@D@std@@QEBAPEBDPEBD0PEAD@Z", ctype_char_widen_range),
        // codecvt<char, char, _Mbstatet>
        MSVCP_METHOD("??0?$codecvt@DDU_Mbstatet@@@std@@QAE@ABV_Locinfo@1@I@Z", "??0?$codecvt@DDU_Mbstatet@@@std@@QEAA@AEBV_Locinfo@1@_K@Z", codecvt_char_ctor_locinfo),
        MSVCP_METHOD("??0?$codecvt@DDU_Mbstatet@@@std@@QAE@I@Z", "??0?$codecvt@DDU_Mbstatet@@@std@@QEAA@_K@Z", codecvt_char_ctor),
        MSVCP_METHOD("??_F?$codecvt@DDU_Mbstatet@@@std@@QAEXXZ", "??_F?$codecvt@DDU_Mbstatet@@@std@@QEAAXXZ", codecvt_char_ctor_default),
        MSVCP_METHOD("??1?$codecvt@DDU_Mbstatet@@@std@@MAE@XZ", "??1?$codecvt@DDU_Mbstatet@@@std@@MEAA@XZ", base_dtor),
        EXPORT_DATA("??_7?$codecvt@DDU_Mbstatet@@@std@@6B@", codecvt_char_vtable_data), EXPORT_DATA("??_7?$codecvt@DDU_Mbstatet@@@std@@6B@", codecvt_char_vtable_data),
        MSVCP_FUNCTION("?_Getcat@?$codecvt@DDU_Mbstatet@@@std@@SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@?$codecvt@DDU_Mbstatet@@@std@@SA_KPEAPEBVfacet@locale@2@PEBV42@@Z", codecvt_char_Getcat),
        MSVCP_METHOD("?_Init@?$codecvt@DDU_Mbstatet@@@std@@IAEXABV_Locinfo@2@@Z", "?_Init@?$codecvt@DDU_Mbstatet@@@std@@IEAAXAEBV_Locinfo@2@@Z", codecvt_char_Init),
        MSVCP_METHOD("?do_always_noconv@?$codecvt@DDU_Mbstatet@@@std@@MBE_NXZ", "?do_always_noconv@?$codecvt@DDU_Mbstatet@@@std@@MEBA_NXZ", codecvt_char_do_always_noconv),
        MSVCP_METHOD("?do_in@?$codecvt@DDU_Mbstatet@@@std@@MBEHAAU_Mbstatet@@PBD1AAPBDPAD3AAPAD@Z", "?do_in@?$codecvt@DDU_Mbstatet@@@std@@MEBAHAEAU_Mbstatet@@PEBD1AEAPEBDPEAD3AEAPEAD@Z", codecvt_char_do_in),
        MSVCP_METHOD("?do_out@?$codecvt@DDU_Mbstatet@@@std@@MBEHAAU_Mbstatet@@PBD1AAPBDPAD3AAPAD@Z", "?do_out@?$codecvt@DDU_Mbstatet@@@std@@MEBAHAEAU_Mbstatet@@PEBD1AEAPEBDPEAD3AEAPEAD@Z", codecvt_char_do_in),
        MSVCP_METHOD("?do_unshift@?$codecvt@DDU_Mbstatet@@@std@@MBEHAAU_Mbstatet@@PAD1AAPAD@Z", "?do_unshift@?$codecvt@DDU_Mbstatet@@@std@@MEBAHAEAU_Mbstatet@@PEAD1AEAPEAD@Z", codecvt_char_do_unshift),
        MSVCP_METHOD("?do_length@?$codecvt@DDU_Mbstatet@@@std@@MBEHAAU_Mbstatet@@PBD1I@Z", "?do_length@?$codecvt@DDU_Mbstatet@@@std@@MEBAHAEAU_Mbstatet@@PEBD1_K@Z", codecvt_char_do_length),
        MSVCP_METHOD("?in@?$codecvt@DDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PBD1AAPBDPAD3AAPAD@Z", "?in@?$codecvt@DDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEBD1AEAPEBDPEAD3AEAPEAD@Z", codecvt_in),
        MSVCP_METHOD("?out@?$codecvt@DDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PBD1AAPBDPAD3AAPAD@Z", "?out@?$codecvt@DDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEBD1AEAPEBDPEAD3AEAPEAD@Z", codecvt_out),
        MSVCP_METHOD("?unshift@?$codecvt@DDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PAD1AAPAD@Z", "?unshift@?$codecvt@DDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEAD1AEAPEAD@Z", codecvt_unshift),
        MSVCP_METHOD("?length@?$codecvt@DDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PBD1I@Z", "?length@?$codecvt@DDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEBD1_K@Z", codecvt_length),
        // the ids
        EXPORT_DATA("?id@?$ctype@D@std@@2V0locale@2@A", id_ctype_char), EXPORT_DATA("?id@?$ctype@D@std@@2V0locale@2@A", id_ctype_char),
        EXPORT_DATA("?id@?$ctype@_W@std@@2V0locale@2@A", id_ctype_wide), EXPORT_DATA("?id@?$ctype@_W@std@@2V0locale@2@A", id_ctype_wide),
        EXPORT_DATA("?id@?$ctype@G@std@@2V0locale@2@A", id_ctype_ushort), EXPORT_DATA("?id@?$ctype@G@std@@2V0locale@2@A", id_ctype_ushort),
        EXPORT_DATA("?id@?$codecvt@DDU_Mbstatet@@@std@@2V0locale@2@A", id_cvt_char), EXPORT_DATA("?id@?$codecvt@DDU_Mbstatet@@@std@@2V0locale@2@A", id_cvt_char),
        EXPORT_DATA("?id@?$codecvt@_WDU_Mbstatet@@@std@@2V0locale@2@A", id_cvt_wide), EXPORT_DATA("?id@?$codecvt@_WDU_Mbstatet@@@std@@2V0locale@2@A", id_cvt_wide),
        EXPORT_DATA("?id@?$codecvt@GDU_Mbstatet@@@std@@2V0locale@2@A", id_cvt_ushort), EXPORT_DATA("?id@?$codecvt@GDU_Mbstatet@@@std@@2V0locale@2@A", id_cvt_ushort),
        EXPORT_DATA("?id@?$collate@D@std@@2V0locale@2@A", id_coll_char), EXPORT_DATA("?id@?$collate@D@std@@2V0locale@2@A", id_coll_char),
        EXPORT_DATA("?id@?$collate@_W@std@@2V0locale@2@A", id_coll_wide), EXPORT_DATA("?id@?$collate@_W@std@@2V0locale@2@A", id_coll_wide),
        EXPORT_DATA("?id@?$collate@G@std@@2V0locale@2@A", id_coll_ushort), EXPORT_DATA("?id@?$collate@G@std@@2V0locale@2@A", id_coll_ushort),
        EXPORT_DATA("?id@?$numpunct@D@std@@2V0locale@2@A", id_punct_char), EXPORT_DATA("?id@?$numpunct@D@std@@2V0locale@2@A", id_punct_char),
        EXPORT_DATA("?id@?$numpunct@_W@std@@2V0locale@2@A", id_punct_wide), EXPORT_DATA("?id@?$numpunct@_W@std@@2V0locale@2@A", id_punct_wide),
        EXPORT_DATA("?id@?$numpunct@G@std@@2V0locale@2@A", id_punct_ushort), EXPORT_DATA("?id@?$numpunct@G@std@@2V0locale@2@A", id_punct_ushort),
    };
    add_wide(e, "_W");
    add_wide(e, "G");
    return e;
  }();
  return e;
}

}  // namespace facets_file

const std::vector<Export>& facet_exports() { return facets_file::exports_table(); }

}  // namespace msvcp

}  // namespace polyrun::shims
