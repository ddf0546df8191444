// MSVCP140.dll's std::ios_base (a stream's state, exceptions, format flags, width, precision, the
// words of xalloc's indices (iword, pword), the callbacks of register_callback, its locale, the
// standard streams' registration _Addstd, sync_with_stdio) and std::basic_ios<char>, <wchar_t>
// and <unsigned short> (the stream buffer, the tied stream, the fill character, widen and narrow
// through the locale's ctype). clear and setstate throw ios_base::failure where the exception mask
// asks (its message "eofbit is set", "failbit is set" …, wine 8.0's).
//
// ios_base as MSVC lays it out (manipulators.cpp uses the same fields): vtable; size_t _Stdstr
// (8-aligned); int _Mystate, _Except, _Fmtfl; streamsize _Prec, _Wide; _Iosarray* _Arr; _Fnarray*
// _Calls; locale* _Ploc. basic_ios adds basic_streambuf* _Mystrbuf; basic_ostream* _Tiestr; Char
// _Fillch. _Iosarray {next; int index; long lo; void* vp (8-aligned on x64)}, _Fnarray {next; int
// index; callback}
// come from the C runtime's heap (operator new).
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

namespace objects {

IosLayout ios_layout(const WindowsProcess& p) {
  IosLayout l;
  if (p.isa->ptr == 8) {
    l = {8, 16, 20, 24, 32, 40, 48, 56, 64, 72};
  } else if (kVersion < 100) {
    l = {4, 8, 12, 16, 20, 24, 28, 32, 36, 40};  // (streamsize an int, nothing 8-aligned)
  } else {
    l = {8, 12, 16, 20, 24, 32, 40, 44, 48, 56};
  }
  l.strbuf = l.size;
  l.tie = l.size + p.isa->ptr;
  l.fill = l.size + 2ull * p.isa->ptr;
  l.basic_ios_size = p.isa->ptr == 8 ? 96 : kVersion < 100 ? 52 : 72;
  return l;
}

}  // namespace objects

namespace ios_file {

using namespace objects;

constexpr int32_t kGood = 0, kEof = 1, kFail = 2, kBad = 4, kHardfail = 16, kStateMask = 0x17;
constexpr int32_t kSkipws = 0x1, kDec = 0x200, kFlagsMask = 0xffff;
enum Event { kEraseEvent, kImbueEvent, kCopyfmtEvent };

struct IosState : DllStateBase {
  uint64_t index = 0;     // ios_base::_Index (int): the next xalloc index
  uint64_t sync = 0;      // ios_base::_Sync (bool)
  std::map<uint64_t, int32_t> stdopens;  // the standard streams _Addstd registered: their count of users
  std::map<uint64_t, uint64_t> slots;    // stream → its _Stdstr slot
};
IosState& ios_state(WindowsProcess& p) {
  IosState& s = dll_state<IosState>(p);
  if (!s.index) {
    s.index = p.alloc_data(4);
    s.sync = p.alloc_data(4);
    put<uint8_t>(s.sync, 1);
  }
  return s;
}

// The stream lock (_Lockit kind 2, _LOCK_STREAM).
struct StreamLock {
  explicit StreamLock(WindowsProcess& p) : p_(p) { p.call_export(this_dll().name, "?_Lockit_ctor@_Lockit@std@@SAXH@Z", {2}); }
  ~StreamLock() { p_.call_export("msvcp140.dll", "?_Lockit_dtor@_Lockit@std@@SAXH@Z", {2}); }
  WindowsProcess& p_;
};

const std::vector<Export>& ios_base_vtable();

// ---- ios_base ----

Ptr ios_base_ctor(WindowsProcess& p, Ptr self) {
  p.put_ptr(self.addr, vtable(p, ios_base_vtable()));
  return self;
}

void callfns(WindowsProcess& p, uint64_t ios, int32_t event) {
  const IosLayout l = ios_layout(p);
  const uint32_t ptr = p.isa->ptr;
  for (uint64_t f = p.get_ptr(ios + l.calls); f; f = p.get_ptr(f)) {
    const int32_t index = get<int32_t>(f + ptr);
    p.call_guest(p.get_ptr(f + 2ull * ptr), {static_cast<uint32_t>(event), ios, static_cast<uint32_t>(index)});
  }
}
void Callfns(WindowsProcess& p, Ptr self, int32_t event) { callfns(p, self.addr, event); }

// The erase event told, the words and callbacks freed.
void tidy(WindowsProcess& p, uint64_t ios) {
  const IosLayout l = ios_layout(p);
  callfns(p, ios, kEraseEvent);
  for (uint64_t a = p.get_ptr(ios + l.arr); a;) {
    const uint64_t next = p.get_ptr(a);
    delete_object(p, a);
    a = next;
  }
  p.put_ptr(ios + l.arr, 0);
  for (uint64_t f = p.get_ptr(ios + l.calls); f;) {
    const uint64_t next = p.get_ptr(f);
    delete_object(p, f);
    f = next;
  }
  p.put_ptr(ios + l.calls, 0);
}
void Tidy(WindowsProcess& p, Ptr self) { tidy(p, self.addr); }

// A standard stream's last user gone (or any other stream): its words, callbacks and locale freed.
void Ios_base_dtor(WindowsProcess& p, Ptr self) {
  const IosLayout l = ios_layout(p);
  IosState& s = ios_state(p);
  const uint64_t slot = p.get_ptr(self.addr + l.stdstr);
  if (slot && s.stdopens.count(slot) && --s.stdopens[slot] > 0) return;
  tidy(p, self.addr);
  if (const uint64_t loc = p.get_ptr(self.addr + l.ploc)) {
    locale_destroy(p, loc);
    delete_object(p, loc);
    p.put_ptr(self.addr + l.ploc, 0);
  }
}
void ios_base_dtor(WindowsProcess& p, Ptr self) { Ios_base_dtor(p, self); }
Ptr ios_base_vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  Ios_base_dtor(p, self);
  if (flags & 1) delete_object(p, self.addr);
  return self;
}

// Registers a standard stream (cout …): its slot counts the users its destructor waits for.
void Addstd(WindowsProcess& p, Ptr self) {
  StreamLock lock(p);
  IosState& s = ios_state(p);
  uint64_t& slot = s.slots[self.addr];
  if (!slot) slot = s.slots.size();
  p.put_ptr(self.addr + ios_layout(p).stdstr, slot);
  ++s.stdopens[slot];
}

// The state, format and locale of a new stream: good, skipws | dec, precision 6, width 0, the
// global locale.
void Init(WindowsProcess& p, Ptr self) {
  const IosLayout l = ios_layout(p);
  const uint64_t ios = self.addr;
  p.put_ptr(ios + l.stdstr, 0);
  put<int32_t>(ios + l.state, kGood);
  put<int32_t>(ios + l.except, kGood);
  put<int32_t>(ios + l.fmtfl, kSkipws | kDec);
  put_streamsize(p, ios + l.prec, 6);
  put_streamsize(p, ios + l.wide, 0);
  p.put_ptr(ios + l.arr, 0);
  p.put_ptr(ios + l.calls, 0);
  p.put_ptr(ios + l.ploc, new_locale_object(p, global_locimp(p)));
}

// The state set; the failure thrown for a state the exception mask names (or the exception being
// handled rethrown, `reraise`).
void clear_reraise(WindowsProcess& p, Ptr self, int32_t state, uint8_t reraise) {
  const IosLayout l = ios_layout(p);
  put<int32_t>(self.addr + l.state, state & kStateMask);
  const int32_t hit = state & kStateMask & get<int32_t>(self.addr + l.except);
  if (!hit) return;
  if (reraise) {
    p.call_export("ucrtbase.dll", "_CxxThrowException", {0, 0});
    return;
  }
  throw_ios_failure(p, hit & kEof ? "eofbit is set" : hit & kFail ? "failbit is set" : hit & kBad ? "badbit is set" : "_Hardfail is set");
}
void clear(WindowsProcess& p, Ptr self, int32_t state) { clear_reraise(p, self, state, 0); }
void setstate_reraise(WindowsProcess& p, Ptr self, int32_t state, uint8_t reraise) {
  if (state != kGood) clear_reraise(p, self, get<int32_t>(self.addr + ios_layout(p).state) | state, reraise);
}
void setstate(WindowsProcess& p, Ptr self, int32_t state) { setstate_reraise(p, self, state, 0); }
int32_t rdstate(WindowsProcess& p, Ptr self) { return get<int32_t>(self.addr + ios_layout(p).state); }
uint8_t good(WindowsProcess& p, Ptr self) { return rdstate(p, self) == kGood; }
uint8_t eof(WindowsProcess& p, Ptr self) { return (rdstate(p, self) & kEof) != 0; }
uint8_t fail(WindowsProcess& p, Ptr self) { return (rdstate(p, self) & (kFail | kBad)) != 0; }
uint8_t bad(WindowsProcess& p, Ptr self) { return (rdstate(p, self) & kBad) != 0; }
uint8_t operator_not(WindowsProcess& p, Ptr self) { return fail(p, self); }
uint8_t operator_bool(WindowsProcess& p, Ptr self) { return !fail(p, self); }
// operator void* (Visual C++ 2012's): the stream when it has not failed, else null.
Ptr operator_void_ptr(WindowsProcess& p, Ptr self) { return fail(p, self) ? Ptr(0) : self; }
int32_t exceptions_get(WindowsProcess& p, Ptr self) { return get<int32_t>(self.addr + ios_layout(p).except); }
void exceptions_set(WindowsProcess& p, Ptr self, int32_t mask) {
  put<int32_t>(self.addr + ios_layout(p).except, mask & kStateMask);
  clear(p, self, rdstate(p, self));
}
int32_t flags_get(WindowsProcess& p, Ptr self) { return get<int32_t>(self.addr + ios_layout(p).fmtfl); }
int32_t flags_set(WindowsProcess& p, Ptr self, int32_t flags) {
  const int32_t old = flags_get(p, self);
  put<int32_t>(self.addr + ios_layout(p).fmtfl, flags & kFlagsMask);
  return old;
}
int32_t setf(WindowsProcess& p, Ptr self, int32_t flags) {
  const int32_t old = flags_get(p, self);
  put<int32_t>(self.addr + ios_layout(p).fmtfl, old | (flags & kFlagsMask));
  return old;
}
int32_t setf_mask(WindowsProcess& p, Ptr self, int32_t flags, int32_t mask) {
  const int32_t old = flags_get(p, self);
  put<int32_t>(self.addr + ios_layout(p).fmtfl, (old & ~mask) | (flags & mask & kFlagsMask));
  return old;
}
void unsetf(WindowsProcess& p, Ptr self, int32_t mask) {
  put<int32_t>(self.addr + ios_layout(p).fmtfl, flags_get(p, self) & ~mask);
}
int64_t precision_get(WindowsProcess& p, Ptr self) { return get_streamsize(p, self.addr + ios_layout(p).prec); }
int64_t precision_set(WindowsProcess& p, Ptr self, Streamsize v) {
  const int64_t old = precision_get(p, self);
  put_streamsize(p, self.addr + ios_layout(p).prec, ssize(p, v));
  return old;
}
int64_t width_get(WindowsProcess& p, Ptr self) { return get_streamsize(p, self.addr + ios_layout(p).wide); }
int64_t width_set(WindowsProcess& p, Ptr self, Streamsize v) {
  const int64_t old = width_get(p, self);
  put_streamsize(p, self.addr + ios_layout(p).wide, ssize(p, v));
  return old;
}
Ptr getloc(WindowsProcess& p, Ptr self, Ptr ret) {
  locale_copy(p, ret.addr, p.get_ptr(self.addr + ios_layout(p).ploc));
  return ret;
}
// The old locale (at `ret`); the stream takes a copy of `loc`, and its callbacks hear of it.
Ptr imbue(WindowsProcess& p, Ptr self, Ptr ret, Ptr loc) {
  const uint64_t mine = p.get_ptr(self.addr + ios_layout(p).ploc);
  locale_copy(p, ret.addr, mine);
  locale_destroy(p, mine);
  locale_copy(p, mine, loc.addr);
  callfns(p, self.addr, kImbueEvent);
  return ret;
}

// The word of `index`: an _Iosarray node of the stream's, made (or an unused one taken) at the first use.
uint64_t findarr(WindowsProcess& p, uint64_t ios, int32_t index) {
  const IosLayout l = ios_layout(p);
  const uint32_t ptr = p.isa->ptr;
  const uint64_t lo_at = ptr + 4ull, vp_at = ptr == 8 ? 16 : 12;
  for (uint64_t a = p.get_ptr(ios + l.arr); a; a = p.get_ptr(a))
    if (get<int32_t>(a + ptr) == index) return a;
  for (uint64_t a = p.get_ptr(ios + l.arr); a; a = p.get_ptr(a)) {
    if (!get<int32_t>(a + lo_at) && !p.get_ptr(a + vp_at)) {
      put<int32_t>(a + ptr, index);
      return a;
    }
  }
  const uint64_t a = new_object(p, ptr == 8 ? 24 : 16);
  p.put_ptr(a, p.get_ptr(ios + l.arr));
  put<int32_t>(a + ptr, index);
  p.put_ptr(ios + l.arr, a);
  return a;
}
Ptr Findarr(WindowsProcess& p, Ptr self, int32_t index) { return findarr(p, self.addr, index); }
Ptr iword(WindowsProcess& p, Ptr self, int32_t index) { return findarr(p, self.addr, index) + p.isa->ptr + 4; }
Ptr pword(WindowsProcess& p, Ptr self, int32_t index) { return findarr(p, self.addr, index) + (p.isa->ptr == 8 ? 16 : 12); }
void register_callback(WindowsProcess& p, Ptr self, Ptr fn, int32_t index) {
  const IosLayout l = ios_layout(p);
  const uint32_t ptr = p.isa->ptr;
  const uint64_t f = new_object(p, 3ull * ptr);
  p.put_ptr(f, p.get_ptr(self.addr + l.calls));
  put<int32_t>(f + ptr, index);
  p.put_ptr(f + 2ull * ptr, fn.addr);
  p.put_ptr(self.addr + l.calls, f);
}
int32_t xalloc(WindowsProcess& p) {
  StreamLock lock(p);
  const uint64_t at = ios_state(p).index;
  const int32_t v = get<int32_t>(at);
  put<int32_t>(at, v + 1);
  return v;
}
uint8_t sync_with_stdio(WindowsProcess& p, uint8_t sync) {
  StreamLock lock(p);
  const uint64_t at = ios_state(p).sync;
  const uint8_t old = get<uint8_t>(at);
  put<uint8_t>(at, sync);
  return old;
}
uint64_t index_data(WindowsProcess& p) { return ios_state(p).index; }
uint64_t sync_data(WindowsProcess& p) { return ios_state(p).sync; }

// Another stream's format copied: its words, _Stdstr, flags, precision, width, locale and
// callbacks (the copyfmt event told), then its exception mask.
Ptr copyfmt(WindowsProcess& p, Ptr self, Ptr other) {
  if (self.addr == other.addr) return self;
  const IosLayout l = ios_layout(p);
  const uint32_t ptr = p.isa->ptr;
  const uint64_t vp_at = ptr == 8 ? 16 : 12;
  tidy(p, self.addr);
  for (uint64_t a = p.get_ptr(other.addr + l.arr); a; a = p.get_ptr(a)) {
    const int32_t index = get<int32_t>(a + ptr);
    if (const int32_t lo = get<int32_t>(a + ptr + 4)) put<int32_t>(findarr(p, self.addr, index) + ptr + 4, lo);
    if (const uint64_t vp = p.get_ptr(a + vp_at)) p.put_ptr(findarr(p, self.addr, index) + vp_at, vp);
  }
  p.put_ptr(self.addr + l.stdstr, p.get_ptr(other.addr + l.stdstr));
  put<int32_t>(self.addr + l.fmtfl, get<int32_t>(other.addr + l.fmtfl));
  put_streamsize(p, self.addr + l.prec, get_streamsize(p, other.addr + l.prec));
  put_streamsize(p, self.addr + l.wide, get_streamsize(p, other.addr + l.wide));
  const uint64_t mine = p.get_ptr(self.addr + l.ploc);
  locale_destroy(p, mine);
  locale_copy(p, mine, p.get_ptr(other.addr + l.ploc));
  for (uint64_t f = p.get_ptr(other.addr + l.calls); f; f = p.get_ptr(f))
    register_callback(p, self, p.get_ptr(f + 2ull * ptr), get<int32_t>(f + ptr));
  callfns(p, self.addr, kCopyfmtEvent);
  exceptions_set(p, self, get<int32_t>(other.addr + l.except));
  return self;
}
// Every field but the vtable exchanged.
void swap(WindowsProcess& p, Ptr self, Ptr other) {
  if (self.addr == other.addr) return;
  const uint64_t n = ios_layout(p).size - p.isa->ptr;
  std::vector<uint8_t> tmp(n);
  std::memcpy(tmp.data(), guest_pointer(self.addr + p.isa->ptr), n);
  std::memcpy(guest_pointer(self.addr + p.isa->ptr), guest_pointer(other.addr + p.isa->ptr), n);
  std::memcpy(guest_pointer(other.addr + p.isa->ptr), tmp.data(), n);
}

const std::vector<Export>& ios_base_vtable() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::ios_base::`vector deleting destructor'", ios_base_vector_dtor),
  };
  return v;
}
uint64_t ios_base_vtable_data(WindowsProcess& p) { return vtable(p, ios_base_vtable()); }

// ---- basic_ios<Char> ----

const std::vector<Export>& basic_ios_vtable_char();
const std::vector<Export>& basic_ios_vtable_wide();
template <typename Char>
const std::vector<Export>& basic_ios_vtable() {
  if constexpr (sizeof(Char) == 1) return basic_ios_vtable_char();
  else return basic_ios_vtable_wide();
}

template <typename Char>
Ptr bios_ctor(WindowsProcess& p, Ptr self) {
  p.put_ptr(self.addr, vtable(p, basic_ios_vtable<Char>()));
  return self;
}
// The stream's fields for buffer `sb` (bad without one), filled with spaces, tied to none.
template <typename Char>
void bios_init(WindowsProcess& p, Ptr self, Ptr sb, uint8_t isstd) {
  const IosLayout l = ios_layout(p);
  Init(p, self);
  p.put_ptr(self.addr + l.strbuf, sb.addr);
  p.put_ptr(self.addr + l.tie, 0);
  put<Char>(self.addr + l.fill, static_cast<Char>(' '));
  if (!sb) setstate(p, self, kBad);
  if (isstd) Addstd(p, self);
}
template <typename Char>
Ptr bios_ctor_sb(WindowsProcess& p, Ptr self, Ptr sb) {
  bios_ctor<Char>(p, self);
  bios_init<Char>(p, self, sb, 0);
  return self;
}
template <typename Char>
void bios_dtor(WindowsProcess& p, Ptr self) { Ios_base_dtor(p, self); }
template <typename Char>
Ptr bios_vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  Ios_base_dtor(p, self);
  if (flags & 1) delete_object(p, self.addr);
  return self;
}
// clear and setstate: badbit added while there is no buffer.
template <typename Char>
void bios_clear_reraise(WindowsProcess& p, Ptr self, int32_t state, uint8_t reraise) {
  const bool has_buffer = p.get_ptr(self.addr + ios_layout(p).strbuf) != 0;
  clear_reraise(p, self, state | (has_buffer ? kGood : kBad), reraise);
}
template <typename Char>
void bios_clear(WindowsProcess& p, Ptr self, int32_t state) { bios_clear_reraise<Char>(p, self, state, 0); }
template <typename Char>
void bios_setstate_reraise(WindowsProcess& p, Ptr self, int32_t state, uint8_t reraise) {
  if (state != kGood) bios_clear_reraise<Char>(p, self, rdstate(p, self) | state, reraise);
}
template <typename Char>
void bios_setstate(WindowsProcess& p, Ptr self, int32_t state) { bios_setstate_reraise<Char>(p, self, state, 0); }
template <typename Char>
Ptr bios_copyfmt(WindowsProcess& p, Ptr self, Ptr other) {
  if (self.addr == other.addr) return self;
  const IosLayout l = ios_layout(p);
  p.put_ptr(self.addr + l.tie, p.get_ptr(other.addr + l.tie));
  put<Char>(self.addr + l.fill, get<Char>(other.addr + l.fill));
  copyfmt(p, self, other);
  return self;
}
template <typename Char>
Char bios_fill_get(WindowsProcess& p, Ptr self) { return get<Char>(self.addr + ios_layout(p).fill); }
template <typename Char>
Char bios_fill_set(WindowsProcess& p, Ptr self, Char c) {
  const Char old = bios_fill_get<Char>(p, self);
  put<Char>(self.addr + ios_layout(p).fill, c);
  return old;
}
// The buffer told of the new locale too.
template <typename Char>
Ptr bios_imbue(WindowsProcess& p, Ptr self, Ptr ret, Ptr loc) {
  if (const uint64_t sb = p.get_ptr(self.addr + ios_layout(p).strbuf)) sb_imbue(p, sb, loc.addr);
  return imbue(p, self, ret, loc);
}
template <typename Char>
Ptr bios_rdbuf_get(WindowsProcess& p, Ptr self) { return p.get_ptr(self.addr + ios_layout(p).strbuf); }
template <typename Char>
Ptr bios_rdbuf_set(WindowsProcess& p, Ptr self, Ptr sb) {
  const uint64_t old = p.get_ptr(self.addr + ios_layout(p).strbuf);
  p.put_ptr(self.addr + ios_layout(p).strbuf, sb.addr);
  bios_clear<Char>(p, self, kGood);
  return old;
}
template <typename Char>
Ptr bios_tie_get(WindowsProcess& p, Ptr self) { return p.get_ptr(self.addr + ios_layout(p).tie); }
template <typename Char>
Ptr bios_tie_set(WindowsProcess& p, Ptr self, Ptr os) {
  const uint64_t old = p.get_ptr(self.addr + ios_layout(p).tie);
  p.put_ptr(self.addr + ios_layout(p).tie, os.addr);
  return old;
}
template <typename Char>
void bios_swap(WindowsProcess& p, Ptr self, Ptr other) {
  if (self.addr == other.addr) return;
  const IosLayout l = ios_layout(p);
  swap(p, self, other);
  const uint64_t t = p.get_ptr(self.addr + l.tie);
  p.put_ptr(self.addr + l.tie, p.get_ptr(other.addr + l.tie));
  p.put_ptr(other.addr + l.tie, t);
  const Char f = get<Char>(self.addr + l.fill);
  put<Char>(self.addr + l.fill, get<Char>(other.addr + l.fill));
  put<Char>(other.addr + l.fill, f);
}
// widen and narrow: the stream's locale's ctype facet's.
template <typename Char>
Char bios_widen(WindowsProcess& p, Ptr self, char c) { return ios_widen<Char>(p, self.addr, c); }
template <typename Char>
char bios_narrow(WindowsProcess& p, Ptr self, Char c, char dflt) { return ios_narrow<Char>(p, self.addr, c, dflt); }

const std::vector<Export>& basic_ios_vtable_char() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::basic_ios<char>::`vector deleting destructor'", bios_vector_dtor<char>),
  };
  return v;
}
const std::vector<Export>& basic_ios_vtable_wide() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::basic_ios<wchar_t>::`vector deleting destructor'", bios_vector_dtor<char16_t>),
  };
  return v;
}
template <typename Char>
uint64_t bios_vtable_data(WindowsProcess& p) { return vtable(p, basic_ios_vtable<Char>()); }

template <typename Char>
void add_basic_ios(std::vector<Export>& e, const char* code) {
  const std::vector<Export> w = {
      MSVCP_TMETHOD(code, "??0?$basic_ios@$CU?$char_traits@$C@std@@@std@@IAE@XZ", "??0?$basic_ios@$CU?$char_traits@$C@std@@@std@@IEAA@XZ", bios_ctor<Char>),
      MSVCP_TMETHOD(code, "??0?$basic_ios@$CU?$char_traits@$C@std@@@std@@QAE@PAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@@Z", "??0?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEAA@PEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@@Z", bios_ctor_sb<Char>),
      MSVCP_TMETHOD(code, "??1?$basic_ios@$CU?$char_traits@$C@std@@@std@@UAE@XZ", "??1?$basic_ios@$CU?$char_traits@$C@std@@@std@@UEAA@XZ", bios_dtor<Char>),
      MSVCP_TDATA(code, "??_7?$basic_ios@$CU?$char_traits@$C@std@@@std@@6B@", "??_7?$basic_ios@$CU?$char_traits@$C@std@@@std@@6B@", bios_vtable_data<Char>),
      MSVCP_TMETHOD(code, "?clear@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QAEXH_N@Z", "?clear@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEAAXH_N@Z", bios_clear_reraise<Char>),
      MSVCP_TMETHOD(code, "?clear@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QAEXI@Z", "?clear@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEAAXI@Z", bios_clear<Char>),
      MSVCP_TMETHOD(code, "?copyfmt@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QAEAAV12@ABV12@@Z", "?copyfmt@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@AEBV12@@Z", bios_copyfmt<Char>),
      MSVCP_TMETHOD(code, "?fill@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QAE$C$C@Z", "?fill@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEAA$C$C@Z", bios_fill_set<Char>),
      MSVCP_TMETHOD(code, "?fill@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QBE$CXZ", "?fill@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEBA$CXZ", bios_fill_get<Char>),
      MSVCP_TMETHOD(code, "?imbue@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QAE?AVlocale@2@ABV32@@Z", "?imbue@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEAA?AVlocale@2@AEBV32@@Z", bios_imbue<Char>),
      MSVCP_TMETHOD(code, "?init@?$basic_ios@$CU?$char_traits@$C@std@@@std@@IAEXPAV?$basic_streambuf@$CU?$char_traits@$C@std@@@2@_N@Z", "?init@?$basic_ios@$CU?$char_traits@$C@std@@@std@@IEAAXPEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@2@_N@Z", bios_init<Char>),
      MSVCP_TMETHOD(code, "?narrow@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QBED$CD@Z", "?narrow@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEBAD$CD@Z", bios_narrow<Char>),
      MSVCP_TMETHOD(code, "?rdbuf@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QAEPAV?$basic_streambuf@$CU?$char_traits@$C@std@@@2@PAV32@@Z", "?rdbuf@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEAAPEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@2@PEAV32@@Z", bios_rdbuf_set<Char>),
      MSVCP_TMETHOD(code, "?rdbuf@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QBEPAV?$basic_streambuf@$CU?$char_traits@$C@std@@@2@XZ", "?rdbuf@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEBAPEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@2@XZ", bios_rdbuf_get<Char>),
      MSVCP_TMETHOD(code, "?setstate@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QAEXH_N@Z", "?setstate@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEAAXH_N@Z", bios_setstate_reraise<Char>),
      MSVCP_TMETHOD(code, "?setstate@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QAEXI@Z", "?setstate@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEAAXI@Z", bios_setstate<Char>),
      MSVCP_TMETHOD(code, "?swap@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QAEXAAV12@@Z", "?swap@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEAAXAEAV12@@Z", bios_swap<Char>),
      MSVCP_TMETHOD(code, "?tie@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QAEPAV?$basic_ostream@$CU?$char_traits@$C@std@@@2@PAV32@@Z", "?tie@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEAAPEAV?$basic_ostream@$CU?$char_traits@$C@std@@@2@PEAV32@@Z", bios_tie_set<Char>),
      MSVCP_TMETHOD(code, "?tie@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QBEPAV?$basic_ostream@$CU?$char_traits@$C@std@@@2@XZ", "?tie@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEBAPEAV?$basic_ostream@$CU?$char_traits@$C@std@@@2@XZ", bios_tie_get<Char>),
      MSVCP_TMETHOD(code, "?widen@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QBE$CD@Z", "?widen@?$basic_ios@$CU?$char_traits@$C@std@@@std@@QEBA$CD@Z", bios_widen<Char>),
  };
  e.insert(e.end(), w.begin(), w.end());
}

}  // namespace ios_file

namespace objects {

void ios_setstate(WindowsProcess& p, uint64_t ios, int32_t state) { ios_file::setstate_reraise(p, ios, state, 0); }
void ios_setstate_reraise(WindowsProcess& p, uint64_t ios, int32_t state) { ios_file::setstate_reraise(p, ios, state, 1); }
void ios_init_stream(WindowsProcess& p, uint64_t ios, uint64_t sb, bool isstd, bool wide) {
  if (wide) ios_file::bios_init<char16_t>(p, ios, sb, isstd);
  else ios_file::bios_init<char>(p, ios, sb, isstd);
}
uint64_t basic_ios_vtable_of(WindowsProcess& p, bool wide) {
  return wide ? vtable(p, ios_file::basic_ios_vtable_wide()) : vtable(p, ios_file::basic_ios_vtable_char());
}
void ios_base_destroy(WindowsProcess& p, uint64_t ios) { ios_file::Ios_base_dtor(p, ios); }
void ios_swap(WindowsProcess& p, uint64_t a, uint64_t b, bool wide) {
  if (wide) ios_file::bios_swap<char16_t>(p, a, b);
  else ios_file::bios_swap<char>(p, a, b);
}

template <typename Char>
Char ios_widen(WindowsProcess& p, uint64_t ios, char c) {
  const uint64_t f = use_facet(p, p.get_ptr(ios + ios_layout(p).ploc), ctype_id<Char>(p), make_ctype<Char>);
  return static_cast<Char>(vcall(p, f, sizeof(Char) == 1 ? 8 : 12, {static_cast<uint8_t>(c)}));
}
template <typename Char>
char ios_narrow(WindowsProcess& p, uint64_t ios, Char c, char dflt) {
  const uint64_t f = use_facet(p, p.get_ptr(ios + ios_layout(p).ploc), ctype_id<Char>(p), make_ctype<Char>);
  return static_cast<char>(vcall(p, f, sizeof(Char) == 1 ? 10 : 14,
                                 {static_cast<uint64_t>(static_cast<std::make_unsigned_t<Char>>(c)), static_cast<uint8_t>(dflt)}));
}
template char ios_widen<char>(WindowsProcess&, uint64_t, char);
template char16_t ios_widen<char16_t>(WindowsProcess&, uint64_t, char);
template char ios_narrow<char>(WindowsProcess&, uint64_t, char, char);
template char ios_narrow<char16_t>(WindowsProcess&, uint64_t, char16_t, char);

}  // namespace objects

namespace ios_file {

const std::vector<Export>& exports_table() {
  static const std::vector<Export> e = [] {
    std::vector<Export> e = {
        MSVCP_METHOD("??0ios_base@std@@IAE@XZ", "??0ios_base@std@@IEAA@XZ", ios_base_ctor),
        MSVCP_METHOD("??1ios_base@std@@UAE@XZ", "??1ios_base@std@@UEAA@XZ", ios_base_dtor),
        EXPORT_DATA("??_7ios_base@std@@6B@", ios_base_vtable_data), EXPORT_DATA("??_7ios_base@std@@6B@", ios_base_vtable_data),
        MSVCP_METHOD("??7ios_base@std@@QBE_NXZ", "??7ios_base@std@@QEBA_NXZ", operator_not),
        MSVCP_METHOD("??Bios_base@std@@QBE_NXZ", "??Bios_base@std@@QEBA_NXZ", operator_bool),
        MSVCP_FUNCTION("?_Addstd@ios_base@std@@SAXPAV12@@Z", "?_Addstd@ios_base@std@@SAXPEAV12@@Z", Addstd),
        MSVCP_METHOD("?_Callfns@ios_base@std@@AAEXW4event@12@@Z", "?_Callfns@ios_base@std@@AEAAXW4event@12@@Z", Callfns),
        MSVCP_METHOD("?_Findarr@ios_base@std@@AAEAAU_Iosarray@12@H@Z", "?_Findarr@ios_base@std@@AEAAAEAU_Iosarray@12@H@Z", Findarr),
        EXPORT_DATA("?_Index@ios_base@std@@0HA", index_data), EXPORT_DATA("?_Index@ios_base@std@@0HA", index_data),
        MSVCP_METHOD("?_Init@ios_base@std@@IAEXXZ", "?_Init@ios_base@std@@IEAAXXZ", Init),
        MSVCP_FUNCTION("?_Ios_base_dtor@ios_base@std@@CAXPAV12@@Z", "?_Ios_base_dtor@ios_base@std@@CAXPEAV12@@Z", Ios_base_dtor),
        EXPORT_DATA("?_Sync@ios_base@std@@0_NA", sync_data), EXPORT_DATA("?_Sync@ios_base@std@@0_NA", sync_data),
        MSVCP_METHOD("?_Tidy@ios_base@std@@AAEXXZ", "?_Tidy@ios_base@std@@AEAAXXZ", Tidy),
        EXPORT("?_Tidy@ios_base@std@@AAAXXZ", Tidy),  // (i386's __cdecl spelling, `this` on the stack)
        MSVCP_METHOD("?bad@ios_base@std@@QBE_NXZ", "?bad@ios_base@std@@QEBA_NXZ", bad),
        MSVCP_METHOD("?clear@ios_base@std@@QAEXH@Z", "?clear@ios_base@std@@QEAAXH@Z", clear),
        MSVCP_METHOD("?clear@ios_base@std@@QAEXH_N@Z", "?clear@ios_base@std@@QEAAXH_N@Z", clear_reraise),
        MSVCP_METHOD("?clear@ios_base@std@@QAEXI@Z", "?clear@ios_base@std@@QEAAXI@Z", clear),
        MSVCP_METHOD("?copyfmt@ios_base@std@@QAEAAV12@ABV12@@Z", "?copyfmt@ios_base@std@@QEAAAEAV12@AEBV12@@Z", copyfmt),
        MSVCP_METHOD("?eof@ios_base@std@@QBE_NXZ", "?eof@ios_base@std@@QEBA_NXZ", eof),
        MSVCP_METHOD("?exceptions@ios_base@std@@QAEXH@Z", "?exceptions@ios_base@std@@QEAAXH@Z", exceptions_set),
        MSVCP_METHOD("?exceptions@ios_base@std@@QAEXI@Z", "?exceptions@ios_base@std@@QEAAXI@Z", exceptions_set),
        MSVCP_METHOD("?exceptions@ios_base@std@@QBEHXZ", "?exceptions@ios_base@std@@QEBAHXZ", exceptions_get),
        MSVCP_METHOD("?fail@ios_base@std@@QBE_NXZ", "?fail@ios_base@std@@QEBA_NXZ", fail),
        MSVCP_METHOD("?flags@ios_base@std@@QAEHH@Z", "?flags@ios_base@std@@QEAAHH@Z", flags_set),
        MSVCP_METHOD("?flags@ios_base@std@@QBEHXZ", "?flags@ios_base@std@@QEBAHXZ", flags_get),
        MSVCP_METHOD("?getloc@ios_base@std@@QBE?AVlocale@2@XZ", "?getloc@ios_base@std@@QEBA?AVlocale@2@XZ", getloc),
        MSVCP_METHOD("?good@ios_base@std@@QBE_NXZ", "?good@ios_base@std@@QEBA_NXZ", good),
        MSVCP_METHOD("?imbue@ios_base@std@@QAE?AVlocale@2@ABV32@@Z", "?imbue@ios_base@std@@QEAA?AVlocale@2@AEBV32@@Z", imbue),
        MSVCP_METHOD("?iword@ios_base@std@@QAEAAJH@Z", "?iword@ios_base@std@@QEAAAEAJH@Z", iword),
        MSVCP_METHOD("?precision@ios_base@std@@QAE" MSVCP_SIZE86 MSVCP_SIZE86 "@Z", "?precision@ios_base@std@@QEAA_J_J@Z", precision_set),
        MSVCP_METHOD("?precision@ios_base@std@@QBE" MSVCP_SIZE86 "XZ", "?precision@ios_base@std@@QEBA_JXZ", precision_get),
        MSVCP_METHOD("?pword@ios_base@std@@QAEAAPAXH@Z", "?pword@ios_base@std@@QEAAAEAPEAXH@Z", pword),
        MSVCP_METHOD("?rdstate@ios_base@std@@QBEHXZ", "?rdstate@ios_base@std@@QEBAHXZ", rdstate),
        MSVCP_METHOD("?register_callback@ios_base@std@@QAEXP6AXW4event@12@AAV12@H@ZH@Z", "?register_callback@ios_base@std@@QEAAXP6AXW4event@12@AEAV12@H@ZH@Z", register_callback),
        MSVCP_METHOD("?setf@ios_base@std@@QAEHH@Z", "?setf@ios_base@std@@QEAAHH@Z", setf),
        MSVCP_METHOD("?setf@ios_base@std@@QAEHHH@Z", "?setf@ios_base@std@@QEAAHHH@Z", setf_mask),
        MSVCP_METHOD("?setstate@ios_base@std@@QAEXH@Z", "?setstate@ios_base@std@@QEAAXH@Z", setstate),
        MSVCP_METHOD("?setstate@ios_base@std@@QAEXH_N@Z", "?setstate@ios_base@std@@QEAAXH_N@Z", setstate_reraise),
        MSVCP_METHOD("?setstate@ios_base@std@@QAEXI@Z", "?setstate@ios_base@std@@QEAAXI@Z", setstate),
        MSVCP_METHOD("?swap@ios_base@std@@QAEXAAV12@@Z", "?swap@ios_base@std@@QEAAXAEAV12@@Z", swap),
        MSVCP_FUNCTION("?sync_with_stdio@ios_base@std@@SA_N_N@Z", "?sync_with_stdio@ios_base@std@@SA_N_N@Z", sync_with_stdio),
        MSVCP_METHOD("?unsetf@ios_base@std@@QAEXH@Z", "?unsetf@ios_base@std@@QEAAXH@Z", unsetf),
        MSVCP_METHOD("?width@ios_base@std@@QAE" MSVCP_SIZE86 MSVCP_SIZE86 "@Z", "?width@ios_base@std@@QEAA_J_J@Z", width_set),
        MSVCP_METHOD("?width@ios_base@std@@QBE" MSVCP_SIZE86 "XZ", "?width@ios_base@std@@QEBA_JXZ", width_get),
        MSVCP_FUNCTION("?xalloc@ios_base@std@@SAHXZ", "?xalloc@ios_base@std@@SAHXZ", xalloc),
    };
    add_basic_ios<char>(e, "D");
    add_basic_ios<char16_t>(e, "_W");
    add_basic_ios<char16_t>(e, "G");
    return e;
  }();
  return e;
}

}  // namespace ios_file

const std::vector<Export>& ios_exports() { return ios_file::exports_table(); }

const std::vector<Export>& ios_vc11_exports() {
  static const std::vector<Export> e = {
      MSVCP_METHOD("??Bios_base@std@@QBEPAXXZ", "??Bios_base@std@@QEBAPEAXXZ", ios_file::operator_void_ptr),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
