// MSVCP140.dll's time_put facet for char, wchar_t and unsigned short: its constructors, vtable, id
// and _Getcat; do_put, one conversion of a struct tm ("%" and the modifier and specifier given) as
// the C runtime's strftime (wcsftime for the wide ones) makes it in the "C" locale; put of one
// conversion (do_put through the vtable) and put of a pattern (its text copied, each "%x" or
// "%#x" in it a do_put).
//
// The object: a facet, then _Timevec _Tnames (the locale's time names: the C runtime's _Gettnames,
// which the facet frees). The iterators are ostreambuf_iterator {bool _Failed; streambuf*
// _Strbuf}, passed by value: a pointer to a copy on x64, two stack slots on i386.
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp140/guest_objects.h"
#include "shims/msvcp140/ios_internal.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

namespace time_facets_file {

using namespace objects;

constexpr int32_t kLcTime = 5;

struct OutIter {
  bool failed;
  uint64_t sb;
};
OutIter out_iter_at(WindowsProcess& p, uint64_t at) { return {get<uint8_t>(at) != 0, p.get_ptr(at + p.isa->ptr)}; }
void put_out_iter(WindowsProcess& p, uint64_t at, OutIter it) {
  put<uint8_t>(at, it.failed);
  p.put_ptr(at + p.isa->ptr, it.sb);
}
template <typename Char>
void out(WindowsProcess& p, OutIter& it, Char c) {
  if (!it.sb || sb_sputc<Char>(p, it.sb, c) == Traits<Char>::kEof) it.failed = true;
}

uint64_t tnames_at(const WindowsProcess& p, uint64_t f) { return f + layout(p).facet_size; }
uint64_t facet_bytes(const WindowsProcess& p) { return layout(p).facet_size + p.isa->ptr; }

template <typename Char>
const std::vector<Export>& put_vtable(const WindowsProcess& p);

// _Init: the locale's time names (the C runtime's; none where it has no _Gettnames).
void Init(WindowsProcess& p, Ptr self, Ptr) { p.put_ptr(tnames_at(p, self.addr), p.call_export("ucrtbase.dll", "_Gettnames", {})); }
template <typename Char>
Ptr ctor_locinfo(WindowsProcess& p, Ptr self, Ptr locinfo, USize refs) {
  facet_init(p, self.addr, vtable(p, put_vtable<Char>(p)), refs);
  Init(p, self, locinfo);
  return self;
}
template <typename Char>
Ptr ctor(WindowsProcess& p, Ptr self, USize refs) { return ctor_locinfo<Char>(p, self, 0, refs); }
// (a named locale: the C runtime's, whose names the "C" locale's are)
template <typename Char>
Ptr ctor_name(WindowsProcess& p, Ptr self, Ptr, USize refs) { return ctor_locinfo<Char>(p, self, 0, refs); }
template <typename Char>
Ptr ctor_default(WindowsProcess& p, Ptr self) { return ctor<Char>(p, self, 0); }
void dtor(WindowsProcess& p, Ptr self) {
  if (const uint64_t names = p.get_ptr(tnames_at(p, self.addr))) p.call_export("ucrtbase.dll", "free", {names});
  p.put_ptr(tnames_at(p, self.addr), 0);
}
Ptr vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  dtor(p, self);
  if (flags & 1) delete_object(p, self.addr);
  return self;
}
template <typename Char>
USize getcat(WindowsProcess& p, Ptr facet, Ptr) {
  if (facet && !p.get_ptr(facet.addr)) {
    const uint64_t f = new_object(p, facet_bytes(p));
    ctor<Char>(p, f, 0);
    p.put_ptr(facet.addr, f);
  }
  return USize(kLcTime);
}

// One conversion: "%" [mod] spec through strftime (wcsftime), its characters written.
template <typename Char>
OutIter do_put_impl(WindowsProcess& p, OutIter dest, uint64_t tm, char spec, char mod) {
  const uint64_t buf = p.heap.alloc(512, true);
  const uint64_t fmt = buf + 256;
  size_t i = 0;
  auto put_fmt = [&](char c) {
    if constexpr (sizeof(Char) == 1) put<char>(fmt + i, c);
    else put<char16_t>(fmt + 2 * i, static_cast<char16_t>(c));
    ++i;
  };
  put_fmt('%');
  if (mod) put_fmt(mod);
  put_fmt(spec);
  put_fmt(0);
  const uint64_t n = p.call_export("ucrtbase.dll", sizeof(Char) == 1 ? "strftime" : "wcsftime", {buf, 256 / sizeof(Char) - 16, fmt, tm});
  for (uint64_t k = 0; k < n; ++k) out<Char>(p, dest, get<Char>(buf + k * sizeof(Char)));
  p.heap.free(buf);
  return dest;
}
template <typename Char>
Ptr do_put_x64(WindowsProcess& p, Ptr, Ptr ret, Ptr dest, Ptr, Char, Ptr tm, char spec, char mod) {
  put_out_iter(p, ret.addr, do_put_impl<Char>(p, out_iter_at(p, dest.addr), tm.addr, spec, mod));
  return ret;
}
template <typename Char>
Ptr do_put_i386(WindowsProcess& p, Ptr, Ptr ret, uint32_t d0, uint32_t d1, Ptr, Char, Ptr tm, char spec, char mod) {
  put_out_iter(p, ret.addr, do_put_impl<Char>(p, {(d0 & 0xff) != 0, d1}, tm.addr, spec, mod));
  return ret;
}
// put of one conversion: do_put (slot 3) through the vtable.
OutIter call_do_put(WindowsProcess& p, uint64_t self, OutIter dest, uint64_t ios, uint32_t fill, uint64_t tm, char spec, char mod) {
  const uint64_t tmp = p.heap.alloc(48, true);
  std::vector<uint64_t> args{tmp};
  if (p.isa->ptr == 8) {
    put_out_iter(p, tmp + 16, dest);
    args.push_back(tmp + 16);
  } else {
    args.push_back(dest.failed ? 1 : 0);
    args.push_back(dest.sb);
  }
  args.insert(args.end(), {ios, fill, tm, static_cast<uint8_t>(spec), static_cast<uint8_t>(mod)});
  vcall(p, self, 3, args);
  const OutIter r = out_iter_at(p, tmp);
  p.heap.free(tmp);
  return r;
}
template <typename Char>
Ptr put_x64(WindowsProcess& p, Ptr self, Ptr ret, Ptr dest, Ptr ios, Char fill, Ptr tm, char spec, char mod) {
  put_out_iter(p, ret.addr, call_do_put(p, self.addr, out_iter_at(p, dest.addr), ios.addr, static_cast<std::make_unsigned_t<Char>>(fill), tm.addr, spec, mod));
  return ret;
}
template <typename Char>
Ptr put_i386(WindowsProcess& p, Ptr self, Ptr ret, uint32_t d0, uint32_t d1, Ptr ios, Char fill, Ptr tm, char spec, char mod) {
  put_out_iter(p, ret.addr, call_do_put(p, self.addr, {(d0 & 0xff) != 0, d1}, ios.addr, static_cast<std::make_unsigned_t<Char>>(fill), tm.addr, spec, mod));
  return ret;
}
// put of a pattern [first, last): its characters, and a conversion for each '%' (with '#', a
// modifier); a '%' at the end is itself.
template <typename Char>
OutIter put_pattern(WindowsProcess& p, uint64_t self, OutIter dest, uint64_t ios, Char fill, uint64_t tm, uint64_t first, uint64_t last) {
  auto at = [&](uint64_t a) { return static_cast<char>(ios_narrow<Char>(p, ios, get<Char>(a), 0)); };
  uint64_t c = first;
  while (c < last) {
    if (at(c) != '%') {
      out<Char>(p, dest, get<Char>(c));
      c += sizeof(Char);
    } else if ((c += sizeof(Char)) == last) {
      out<Char>(p, dest, static_cast<Char>('%'));
    } else if (at(c) == '#' && c + sizeof(Char) == last) {
      out<Char>(p, dest, static_cast<Char>('%'));
      out<Char>(p, dest, get<Char>(c));
      c += sizeof(Char);
    } else {
      char mod = 0;
      if (at(c) == '#') {
        mod = '#';
        c += sizeof(Char);
      }
      const char spec = at(c);
      c += sizeof(Char);
      dest = call_do_put(p, self, dest, ios, static_cast<std::make_unsigned_t<Char>>(fill), tm, spec, mod);
    }
  }
  return dest;
}
template <typename Char>
Ptr put_fmt_x64(WindowsProcess& p, Ptr self, Ptr ret, Ptr dest, Ptr ios, Char fill, Ptr tm, Ptr first, Ptr last) {
  put_out_iter(p, ret.addr, put_pattern<Char>(p, self.addr, out_iter_at(p, dest.addr), ios.addr, fill, tm.addr, first.addr, last.addr));
  return ret;
}
template <typename Char>
Ptr put_fmt_i386(WindowsProcess& p, Ptr self, Ptr ret, uint32_t d0, uint32_t d1, Ptr ios, Char fill, Ptr tm, Ptr first, Ptr last) {
  put_out_iter(p, ret.addr, put_pattern<Char>(p, self.addr, {(d0 & 0xff) != 0, d1}, ios.addr, fill, tm.addr, first.addr, last.addr));
  return ret;
}

template <typename Char>
std::vector<Export> put_vtable_entries(bool x64) {
  const char* c = sizeof(Char) == 1 ? "std::time_put<char>::" : "std::time_put<wchar_t>::";
  auto n = [&](const char* m) { return expand((std::string(c) + m).c_str(), ""); };
  return {
      EXPORT_METHOD(n("`vector deleting destructor'"), vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_incref_method),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_decref_method),
      x64 ? EXPORT_METHOD(n("do_put"), do_put_x64<Char>) : EXPORT_METHOD(n("do_put"), do_put_i386<Char>),
  };
}
template <typename Char>
const std::vector<Export>& put_vtable(const WindowsProcess& p) {
  static const std::vector<Export> x64 = put_vtable_entries<Char>(true), x86 = put_vtable_entries<Char>(false);
  return p.isa->ptr == 8 ? x64 : x86;
}
template <typename Char>
uint64_t put_vtable_data(WindowsProcess& p) { return vtable(p, put_vtable<Char>(p)); }

struct Ids : DllStateBase {
  std::map<int, uint64_t> at;
};
template <int K>
uint64_t id_object(WindowsProcess& p) {
  uint64_t& at = dll_state<Ids>(p).at[K];
  if (!at) at = p.alloc_data(p.isa->ptr);
  return at;
}

#define TIME_PUT "?$time_put@$CV?$ostreambuf_iterator@$CU?$char_traits@$C@std@@@std@@@std@@"
#define OUT_IT "V?$ostreambuf_iterator@$CU?$char_traits@$C@std@@@2@"

template <typename Char>
void add_exports(std::vector<Export>& e, const char* code, uint64_t (*id)(WindowsProcess&), bool named_ctor) {
  std::vector<Export> w = {
      MSVCP_TMETHOD(code, "??0" TIME_PUT "QAE@ABV_Locinfo@1@I@Z", "??0" TIME_PUT "QEAA@AEBV_Locinfo@1@_K@Z", ctor_locinfo<Char>),
      MSVCP_TMETHOD(code, "??0" TIME_PUT "QAE@I@Z", "??0" TIME_PUT "QEAA@_K@Z", ctor<Char>),
      MSVCP_TMETHOD(code, "??_F" TIME_PUT "QAEXXZ", "??_F" TIME_PUT "QEAAXXZ", ctor_default<Char>),
      MSVCP_TMETHOD(code, "??1" TIME_PUT "MAE@XZ", "??1" TIME_PUT "MEAA@XZ", dtor),
      MSVCP_TDATA(code, "??_7" TIME_PUT "6B@", "??_7" TIME_PUT "6B@", put_vtable_data<Char>),
      MSVCP_TDATA(code, "?id@" TIME_PUT "2V0locale@2@A", "?id@" TIME_PUT "2V0locale@2@A", *id),
      MSVCP_TFUNCTION(code, "?_Getcat@" TIME_PUT "SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@" TIME_PUT "SA_KPEAPEBVfacet@locale@2@PEBV42@@Z",
                      getcat<Char>),
      MSVCP_TMETHOD(code, "?_Init@" TIME_PUT "IAEXABV_Locinfo@2@@Z", "?_Init@" TIME_PUT "IEAAXAEBV_Locinfo@2@@Z", Init),
      MSVCP_TMETHOD2(code, "?do_put@" TIME_PUT "MBE?A" OUT_IT "V32@AAVios_base@2@$CPBUtm@@DD@Z", do_put_i386<Char>,
                     "?do_put@" TIME_PUT "MEBA?A" OUT_IT "V32@AEAVios_base@2@$CPEBUtm@@DD@Z", do_put_x64<Char>),
      MSVCP_TMETHOD2(code, "?put@" TIME_PUT "QBE?A" OUT_IT "V32@AAVios_base@2@$CPBUtm@@DD@Z", put_i386<Char>,
                     "?put@" TIME_PUT "QEBA?A" OUT_IT "V32@AEAVios_base@2@$CPEBUtm@@DD@Z", put_x64<Char>),
  };
  // (the pattern's pointers: a back reference to the fill's type, numbered 3 after a one-letter
  // type, 4 after _W)
  if (std::string(code) != "_W") {
    w.insert(w.end(), {MSVCP_TMETHOD2(code, "?put@" TIME_PUT "QBE?A" OUT_IT "V32@AAVios_base@2@$CPBUtm@@PB$C3@Z", put_fmt_i386<Char>,
                                      "?put@" TIME_PUT "QEBA?A" OUT_IT "V32@AEAVios_base@2@$CPEBUtm@@PEB$C3@Z", put_fmt_x64<Char>)});
  } else {
    w.insert(w.end(), {MSVCP_TMETHOD2(code, "?put@" TIME_PUT "QBE?A" OUT_IT "V32@AAVios_base@2@$CPBUtm@@PB$C4@Z", put_fmt_i386<Char>,
                                      "?put@" TIME_PUT "QEBA?A" OUT_IT "V32@AEAVios_base@2@$CPEBUtm@@PEB$C4@Z", put_fmt_x64<Char>)});
  }
  if (named_ctor) w.insert(w.end(), {MSVCP_TMETHOD(code, "??0" TIME_PUT "IAE@PBDI@Z", "??0" TIME_PUT "IEAA@PEBD_K@Z", ctor_name<Char>)});
  e.insert(e.end(), w.begin(), w.end());
}

const std::vector<Export>& exports_table() {
  static const std::vector<Export> e = [] {
    std::vector<Export> e;
    add_exports<char>(e, "D", id_object<0>, false);
    add_exports<char16_t>(e, "_W", id_object<1>, true);
    add_exports<char16_t>(e, "G", id_object<2>, true);
    return e;
  }();
  return e;
}

}  // namespace time_facets_file

const std::vector<Export>& time_facet_exports() { return time_facets_file::exports_table(); }

}  // namespace msvcp

}  // namespace polyrun::shims
