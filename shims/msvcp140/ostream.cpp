// MSVCP140.dll's std::basic_ostream<char>, <wchar_t> and <unsigned short>: the sentry's work
// (opfx: the tied stream flushed; _Osfx/osfx: unitbuf's flush), put, write, flush, tellp, seekp,
// swap, the inserters of every arithmetic type, pointers, a stream buffer's contents and the
// manipulator functions; and the formatting of numbers as num_put does it (put_number: printf's
// conversions of the format flags, the width filled as adjustfield says).
//
// The object, as MSVC lays it out: a pointer to its virtual base table (??_8: {0, offset}), then
// the basic_ios it derives from virtually, after an int (the vtordisp, 0) just before it and
// 8-aligned: at 16 on x64, 8 on i386; a basic_istream has a streamsize _Chcount after its vbptr and
// its basic_ios at 24; a basic_iostream holds a basic_istream and a basic_ostream's vbptr (at 16)
// before its basic_ios (at 32). A member function's `this` is the object; the vtable in the basic_ios part
// (??_7) holds the deleting destructor, whose `this` is the basic_ios part. The constructors of a
// class with a virtual base take a last hidden argument: nonzero when they construct it.
#include <cstdio>
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/printf_format.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp140/guest_objects.h"
#include "shims/msvcp140/ios_internal.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

namespace objects {

uint64_t stream_ios(WindowsProcess& p, uint64_t obj) {
  return obj + static_cast<int64_t>(get<int32_t>(p.get_ptr(obj) + 4));
}

namespace {
struct Vbtables : DllStateBase {
  uint64_t at = 0;
};
}  // namespace
int32_t vbase_offset(const WindowsProcess& p, VbKind kind) {
  // (the basic_ios part after the class's own fields and the vtordisp int just before it, 8-aligned)
  // (before MSVCP100 on i386 nothing in them is 8-aligned: _Chcount an int, 4-aligned basic_ios)
  const bool packed = streamsize_bytes(p) == 4;
  switch (kind) {
    case kVbOstream: return p.isa->ptr == 8 ? 16 : 8;
    case kVbIstream: return packed ? 12 : 24;
    case kVbIostreamIstream: return packed ? 16 : 32;
    case kVbIostreamOstream: return packed ? 8 : 16;
  }
  return 0;
}
uint64_t vbtable(WindowsProcess& p, VbKind kind) {
  Vbtables& v = dll_state<Vbtables>(p);
  if (!v.at) {
    v.at = p.alloc_data(32);
    const int32_t offsets[4] = {vbase_offset(p, kVbOstream), vbase_offset(p, kVbIstream), vbase_offset(p, kVbIostreamIstream),
                                vbase_offset(p, kVbIostreamOstream)};
    for (int i = 0; i < 4; ++i) {
      put<int32_t>(v.at + 8ull * i, 0);
      put<int32_t>(v.at + 8ull * i + 4, offsets[i]);
    }
  }
  return v.at + 8ull * static_cast<uint64_t>(kind);
}

// The text of a number as num_put writes it in the "C" locale (before the width's fill).
std::string format_number(WindowsProcess& p, int32_t flags, int64_t prec, NumKind kind, uint64_t bits) {
  constexpr int32_t kShowpos = 0x20, kShowbase = 0x8, kShowpoint = 0x10, kUppercase = 0x4, kOct = 0x400, kHex = 0x800,
                    kBasefield = 0xe00, kFixed = 0x2000, kScientific = 0x1000, kFloatfield = 0x3000;
  char buf[64];
  if (kind == kNumPtr) {
    std::snprintf(buf, sizeof buf, p.isa->ptr == 8 ? "%016llX" : "%08llX", static_cast<unsigned long long>(bits));
    return buf;
  }
  if (kind == kNumDouble) {
    std::string fmt = "%";
    if (flags & kShowpos) fmt += '+';
    if (flags & kShowpoint) fmt += '#';
    fmt += ".*";
    const int32_t type = flags & kFloatfield;
    const bool up = flags & kUppercase;
    fmt += type == kFixed ? "f" : type == kScientific ? (up ? "E" : "e") : type == kFloatfield ? (up ? "A" : "a") : (up ? "G" : "g");
    const int64_t precision = prec <= 0 && type != kFixed ? 6 : prec;
    // (the C runtime's conversions, the Universal CRT's rules: a va_list of {int, double})
    const uint64_t va = p.heap.alloc(16, true);
    put<int32_t>(va, static_cast<int32_t>(precision > 0x7fffffff ? 0x7fffffff : precision));
    put<uint64_t>(va + p.isa->ptr, bits);
    VarArgs args{nullptr, 0, va, p.isa->ptr};
    std::string s = format_printf(fmt.c_str(), args, false, false);
    p.heap.free(va);
    return s;
  }
  std::string fmt = "%";
  if (flags & kShowpos) fmt += '+';
  if (flags & kShowbase) fmt += '#';
  fmt += "ll";
  const int32_t base = flags & kBasefield;
  const bool is_signed = kind == kNumLong || kind == kNumInt64;
  fmt += base == kOct ? "o" : base == kHex ? ((flags & kUppercase) ? "X" : "x") : (is_signed ? "d" : "u");
  unsigned long long v = bits;
  if (kind == kNumLong) v = static_cast<unsigned long long>(static_cast<long long>(static_cast<int32_t>(bits)));
  if (kind == kNumUlong) v = static_cast<uint32_t>(bits);
  if ((kind == kNumLong) && (base == kOct || base == kHex)) v = static_cast<uint32_t>(bits);  // (as %lo and %lx: 32 bits)
  std::snprintf(buf, sizeof buf, fmt.c_str(), v);
  return buf;
}

template <typename Char>
bool put_number(WindowsProcess& p, uint64_t sb, uint64_t ios, Char fill, NumKind kind, uint64_t bits) {
  constexpr int32_t kBoolalpha = 0x4000;
  const IosLayout l = ios_layout(p);
  const int32_t flags = get<int32_t>(ios + l.fmtfl);
  if (kind == kNumBool && (flags & kBoolalpha)) return put_field<Char>(p, sb, ios, fill, bits ? "true" : "false", false);
  return put_field<Char>(p, sb, ios, fill, format_number(p, flags, get_streamsize(p, ios + l.prec), kind == kNumBool ? kNumLong : kind, bits),
                         true);
}

template <typename Char>
bool put_field(WindowsProcess& p, uint64_t sb, uint64_t ios, Char fill, const std::string& text, bool numeric) {
  const IosLayout l = ios_layout(p);
  constexpr int32_t kLeft = 0x40, kInternal = 0x100, kAdjust = 0x1c0;
  const int32_t flags = get<int32_t>(ios + l.fmtfl);
  const int64_t width = get_streamsize(p, ios + l.wide);
  put_streamsize(p, ios + l.wide, 0);
  uint64_t pad = width > static_cast<int64_t>(text.size()) ? static_cast<uint64_t>(width) - text.size() : 0;
  bool failed = false;
  auto out = [&](Char c) {
    if (!failed && sb_sputc<Char>(p, sb, c) == Traits<Char>::kEof) failed = true;
  };
  size_t at = 0;
  const int32_t adjust = flags & kAdjust;
  if (adjust == kInternal && numeric) {
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
      out(static_cast<Char>(text[0]));
      at = 1;
    } else if (text.size() > 1 && (text[1] == 'x' || text[1] == 'X')) {
      out(static_cast<Char>(text[0]));
      out(static_cast<Char>(text[1]));
      at = 2;
    }
  }
  if (adjust != kLeft) {
    for (; pad; --pad) out(fill);
  }
  for (; at < text.size(); ++at) out(static_cast<Char>(static_cast<unsigned char>(text[at])));
  for (; pad; --pad) out(fill);
  return failed;
}
template bool put_field<char>(WindowsProcess&, uint64_t, uint64_t, char, const std::string&, bool);
template bool put_field<char16_t>(WindowsProcess&, uint64_t, uint64_t, char16_t, const std::string&, bool);
template bool put_number<char>(WindowsProcess&, uint64_t, uint64_t, char, NumKind, uint64_t);
template bool put_number<char16_t>(WindowsProcess&, uint64_t, uint64_t, char16_t, NumKind, uint64_t);

}  // namespace objects

namespace ostream_file {

using namespace objects;

constexpr int32_t kGood = 0, kEofBit = 1, kFail = 2, kBad = 4, kUnitbuf = 0x2, kOut = 2, kCur = 1;

uint64_t ios_of(WindowsProcess& p, uint64_t os) { return stream_ios(p, os); }
uint64_t rdbuf_of(WindowsProcess& p, uint64_t os) { return p.get_ptr(ios_of(p, os) + ios_layout(p).strbuf); }
int32_t state_of(WindowsProcess& p, uint64_t os) { return get<int32_t>(ios_of(p, os) + ios_layout(p).state); }
bool good_(WindowsProcess& p, uint64_t os) { return state_of(p, os) == kGood; }

const std::vector<Export>& ostream_vtable_char();
const std::vector<Export>& ostream_vtable_wide();
template <typename Char>
const std::vector<Export>& ostream_vtable() {
  if constexpr (sizeof(Char) == 1) return ostream_vtable_char();
  else return ostream_vtable_wide();
}

// ---- construction ----

template <typename Char>
Ptr ctor_sb(WindowsProcess& p, Ptr self, Ptr sb, uint8_t isstd, int32_t virt) {
  if (virt) {
    p.put_ptr(self.addr, vbtable(p, kVbOstream));
    p.put_ptr(ios_of(p, self.addr), basic_ios_vtable_of(p, sizeof(Char) != 1));
    put<int32_t>(ios_of(p, self.addr) - 4, 0);  // the vtordisp
  }
  const uint64_t ios = ios_of(p, self.addr);
  p.put_ptr(ios, vtable(p, ostream_vtable<Char>()));
  ios_init_stream(p, ios, sb.addr, isstd != 0, sizeof(Char) != 1);
  return self;
}
template <typename Char>
Ptr ctor_uninit(WindowsProcess& p, Ptr self, int32_t, uint8_t addstd, int32_t virt) {
  if (virt) {
    p.put_ptr(self.addr, vbtable(p, kVbOstream));
    put<int32_t>(ios_of(p, self.addr) - 4, 0);
  }
  const uint64_t ios = ios_of(p, self.addr);
  p.put_ptr(ios, vtable(p, ostream_vtable<Char>()));
  if (addstd) p.call_export(this_dll().name, p.isa->ptr == 8 ? "?_Addstd@ios_base@std@@SAXPEAV12@@Z" : "?_Addstd@ios_base@std@@SAXPAV12@@Z", {ios});
  return self;
}
// ~basic_ostream (`this`: the basic_ios part): nothing of its own; the virtual base is destroyed by
// the complete object's destructor (??_D).
template <typename Char>
void dtor(WindowsProcess&, Ptr) {}
template <typename Char>
void vbase_dtor(WindowsProcess& p, Ptr self) { ios_base_destroy(p, ios_of(p, self.addr)); }
// (the vtable's: `this` is the basic_ios part)
template <typename Char>
Ptr vector_dtor(WindowsProcess& p, Ptr ios, uint32_t flags) {
  const uint64_t obj = ios.addr - static_cast<uint64_t>(vbase_offset(p, kVbOstream));
  ios_base_destroy(p, ios.addr);
  if (flags & 1) delete_object(p, obj);
  return obj;
}

// ---- the sentry ----

template <typename Char>
Ptr flush(WindowsProcess& p, Ptr self);

// opfx, the sentry's check: the tied stream flushed first; whether the stream is good.
template <typename Char>
uint8_t opfx(WindowsProcess& p, Ptr self) {
  if (!good_(p, self.addr)) return 0;
  const uint64_t tie = p.get_ptr(ios_of(p, self.addr) + ios_layout(p).tie);
  if (tie && tie != self.addr) flush<Char>(p, tie);
  return good_(p, self.addr);
}
// _Osfx: a unitbuf stream's buffer synchronised after each insertion.
template <typename Char>
void Osfx(WindowsProcess& p, Ptr self) {
  const uint64_t ios = ios_of(p, self.addr);
  if (good_(p, self.addr) && (get<int32_t>(ios + ios_layout(p).fmtfl) & kUnitbuf))
    if (sb_pubsync(p, rdbuf_of(p, self.addr)) == -1) ios_setstate(p, ios, kBad);
}
template <typename Char>
void osfx(WindowsProcess& p, Ptr self) { Osfx<Char>(p, self); }

// A sentry's scope: the buffer locked (its _Lock), the check made; at its end _Osfx (unless an
// exception is on its way) and _Unlock.
template <typename Char>
struct Sentry {
  Sentry(WindowsProcess& p, uint64_t os) : p_(p), os_(os), sb_(rdbuf_of(p, os)) {
    if (sb_) vcall(p, sb_, 1, {});
    ok = opfx<Char>(p, os) != 0;
  }
  ~Sentry() {
    if (!p_.call_export("msvcp140.dll", "?uncaught_exception@std@@YA_NXZ", {}) ) Osfx<Char>(p_, os_);
    if (sb_) vcall(p_, sb_, 2, {});
  }
  WindowsProcess& p_;
  uint64_t os_, sb_;
  bool ok = false;
};

template <typename Char>
Ptr flush(WindowsProcess& p, Ptr self) {
  const uint64_t sb = rdbuf_of(p, self.addr);
  if (sb) {
    Sentry<Char> s(p, self.addr);
    if (s.ok && sb_pubsync(p, sb) == -1) ios_setstate(p, ios_of(p, self.addr), kBad);
  }
  return self;
}
template <typename Char>
Ptr put_(WindowsProcess& p, Ptr self, Char c) {
  int32_t state = kGood;
  {
    Sentry<Char> s(p, self.addr);
    if (!s.ok) state = kBad;
    else if (sb_sputc<Char>(p, rdbuf_of(p, self.addr), c) == Traits<Char>::kEof) state = kBad;
  }
  if (state) ios_setstate(p, ios_of(p, self.addr), state);
  return self;
}
template <typename Char>
Ptr write(WindowsProcess& p, Ptr self, Ptr s, Streamsize n_arg) {
  int64_t n = ssize(p, n_arg);
  int32_t state = kGood;
  {
    Sentry<Char> sentry(p, self.addr);
    if (!sentry.ok) state = kBad;
    else if (sb_sputn<Char>(p, rdbuf_of(p, self.addr), s.addr, n) != n) state = kBad;
  }
  if (state) ios_setstate(p, ios_of(p, self.addr), state);
  return self;
}
// The put position (-1 once the stream has failed).
template <typename Char>
Ptr tellp(WindowsProcess& p, Ptr self, Ptr ret) {
  const bool failed = state_of(p, self.addr) & (kFail | kBad);
  put_fpos(ret.addr, failed ? -1 : sb_pubseekoff(p, rdbuf_of(p, self.addr), 0, kCur, kOut));
  return ret;
}
template <typename Char>
Ptr seekp_off(WindowsProcess& p, Ptr self, Streamsize off_arg, int32_t way) {
  const int64_t off = ssize(p, off_arg);
  if (!(state_of(p, self.addr) & (kFail | kBad)) && sb_pubseekoff(p, rdbuf_of(p, self.addr), off, way, kOut) == -1)
    ios_setstate(p, ios_of(p, self.addr), kFail);
  return self;
}
void seekp_to(WindowsProcess& p, uint64_t os, int64_t pos) {
  if (!(state_of(p, os) & (kFail | kBad)) && sb_pubseekpos(p, rdbuf_of(p, os), pos, kOut) == -1)
    ios_setstate(p, ios_of(p, os), kFail);
}
template <typename Char>
Ptr seekp_pos(WindowsProcess& p, Ptr self, Ptr pos) {
  seekp_to(p, self.addr, fpos_position(p, pos.addr));
  return self;
}
template <typename Char>
Ptr seekp_pos_i386(WindowsProcess& p, Ptr self, uint32_t o0, uint32_t o1, uint32_t f0, uint32_t f1, uint32_t, uint32_t) {
  seekp_to(p, self.addr, static_cast<int64_t>(o0 | uint64_t{o1} << 32) + static_cast<int64_t>(f0 | uint64_t{f1} << 32));
  return self;
}
template <typename Char>
void swap(WindowsProcess& p, Ptr self, Ptr other) {
  if (self.addr != other.addr) ios_swap(p, ios_of(p, self.addr), ios_of(p, other.addr), sizeof(Char) != 1);
}

// ---- the inserters ----

template <typename Char>
Ptr insert_number(WindowsProcess& p, Ptr self, NumKind kind, uint64_t bits) {
  int32_t state = kGood;
  {
    Sentry<Char> s(p, self.addr);
    if (s.ok) {
      const uint64_t ios = ios_of(p, self.addr);
      const Char fill = get<Char>(ios + ios_layout(p).fill);
      if (put_number<Char>(p, rdbuf_of(p, self.addr), ios, fill, kind, bits)) state = kBad;
    }
  }
  if (state) ios_setstate(p, ios_of(p, self.addr), state);
  return self;
}
int32_t basefield(WindowsProcess& p, uint64_t os) { return get<int32_t>(ios_of(p, os) + ios_layout(p).fmtfl) & 0xe00; }
bool oct_or_hex(WindowsProcess& p, uint64_t os) { return basefield(p, os) == 0x400 || basefield(p, os) == 0x800; }

// short and int: as unsigned under oct and hex (MSVC's inserters), then as long.
template <typename Char>
Ptr ins_short(WindowsProcess& p, Ptr self, int16_t v) {
  const int32_t x = oct_or_hex(p, self.addr) ? static_cast<int32_t>(static_cast<uint16_t>(v)) : v;
  return insert_number<Char>(p, self, kNumLong, static_cast<uint32_t>(x));
}
template <typename Char>
Ptr ins_ushort(WindowsProcess& p, Ptr self, uint16_t v) { return insert_number<Char>(p, self, kNumUlong, v); }
template <typename Char>
Ptr ins_int(WindowsProcess& p, Ptr self, int32_t v) { return insert_number<Char>(p, self, kNumLong, static_cast<uint32_t>(v)); }
template <typename Char>
Ptr ins_uint(WindowsProcess& p, Ptr self, uint32_t v) { return insert_number<Char>(p, self, kNumUlong, v); }
template <typename Char>
Ptr ins_int64(WindowsProcess& p, Ptr self, int64_t v) { return insert_number<Char>(p, self, kNumInt64, static_cast<uint64_t>(v)); }
template <typename Char>
Ptr ins_uint64(WindowsProcess& p, Ptr self, uint64_t v) { return insert_number<Char>(p, self, kNumUint64, v); }
template <typename Char>
Ptr ins_bool(WindowsProcess& p, Ptr self, uint8_t v) { return insert_number<Char>(p, self, kNumBool, v ? 1 : 0); }
template <typename Char>
Ptr ins_double(WindowsProcess& p, Ptr self, double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  return insert_number<Char>(p, self, kNumDouble, bits);
}
template <typename Char>
Ptr ins_float(WindowsProcess& p, Ptr self, float v) { return ins_double<Char>(p, self, v); }
template <typename Char>
Ptr ins_ptr(WindowsProcess& p, Ptr self, Ptr v) { return insert_number<Char>(p, self, kNumPtr, v.addr); }
// A stream buffer's characters up to its end: failbit when none was inserted, badbit without a buffer.
template <typename Char>
Ptr ins_streambuf(WindowsProcess& p, Ptr self, Ptr from) {
  int32_t state = kGood;
  bool copied = false;
  {
    Sentry<Char> s(p, self.addr);
    if (!from) {
      state = kBad;
    } else if (s.ok) {
      const uint64_t sb = rdbuf_of(p, self.addr);
      for (auto c = sb_sgetc<Char>(p, from.addr); c != Traits<Char>::kEof; c = sb_snextc<Char>(p, from.addr)) {
        if (sb_sputc<Char>(p, sb, static_cast<Char>(c)) == Traits<Char>::kEof) break;
        copied = true;
      }
    }
  }
  if (!copied && state == kGood) state = kFail;
  if (state) ios_setstate(p, ios_of(p, self.addr), state);
  return self;
}
// Manipulators: the function applied to the stream (its ostream, basic_ios or ios_base part).
template <typename Char>
Ptr ins_manip_ostream(WindowsProcess& p, Ptr self, Ptr fn) {
  p.call_guest(fn.addr, {self.addr});
  return self;
}
template <typename Char>
Ptr ins_manip_ios(WindowsProcess& p, Ptr self, Ptr fn) {
  p.call_guest(fn.addr, {ios_of(p, self.addr)});
  return self;
}

const std::vector<Export>& ostream_vtable_char() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::basic_ostream<char>::`vector deleting destructor'", vector_dtor<char>),
  };
  return v;
}
const std::vector<Export>& ostream_vtable_wide() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("std::basic_ostream<wchar_t>::`vector deleting destructor'", vector_dtor<char16_t>),
  };
  return v;
}
template <typename Char>
uint64_t vtable_data(WindowsProcess& p) { return vtable(p, ostream_vtable<Char>()); }
uint64_t vbtable_ostream(WindowsProcess& p) { return vbtable(p, kVbOstream); }
uint64_t vbtable_iostream_ostream(WindowsProcess& p) { return vbtable(p, kVbIostreamOstream); }

template <typename Char>
void add_exports(std::vector<Export>& e, const char* code) {
  const std::vector<Export> w = {
      MSVCP_TMETHOD(code, "??0?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAE@PAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@_N@Z", "??0?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAA@PEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@_N@Z", ctor_sb<Char>),
      MSVCP_TMETHOD(code, "??0?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAE@W4_Uninitialized@1@_N@Z", "??0?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAA@W4_Uninitialized@1@_N@Z", ctor_uninit<Char>),
      MSVCP_TMETHOD(code, "??1?$basic_ostream@$CU?$char_traits@$C@std@@@std@@UAE@XZ", "??1?$basic_ostream@$CU?$char_traits@$C@std@@@std@@UEAA@XZ", dtor<Char>),
      MSVCP_TDATA(code, "??_7?$basic_ostream@$CU?$char_traits@$C@std@@@std@@6B@", "??_7?$basic_ostream@$CU?$char_traits@$C@std@@@std@@6B@", vtable_data<Char>),
      MSVCP_TDATA(code, "??_8?$basic_ostream@$CU?$char_traits@$C@std@@@std@@7B@", "??_8?$basic_ostream@$CU?$char_traits@$C@std@@@std@@7B@", vbtable_ostream),
      MSVCP_TDATA(code, "??_8?$basic_iostream@$CU?$char_traits@$C@std@@@std@@7B?$basic_ostream@$CU?$char_traits@$C@std@@@1@@", "??_8?$basic_iostream@$CU?$char_traits@$C@std@@@std@@7B?$basic_ostream@$CU?$char_traits@$C@std@@@1@@", vbtable_iostream_ostream),
      MSVCP_TMETHOD(code, "??_D?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEXXZ", "??_D?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAXXZ", vbase_dtor<Char>),
      MSVCP_TMETHOD(code, "?_Osfx@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEXXZ", "?_Osfx@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAXXZ", Osfx<Char>),
      MSVCP_TMETHOD(code, "?osfx@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEXXZ", "?osfx@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAXXZ", osfx<Char>),
      MSVCP_TMETHOD(code, "?opfx@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAE_NXZ", "?opfx@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAA_NXZ", opfx<Char>),
      MSVCP_TMETHOD(code, "?flush@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@XZ", "?flush@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@XZ", flush<Char>),
      MSVCP_TMETHOD(code, "?put@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@$C@Z", "?put@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@$C@Z", put_<Char>),
      MSVCP_TMETHOD(code, "?write@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@PB$C" MSVCP_SIZE86 "@Z", "?write@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@PEB$C_J@Z", write<Char>),
      MSVCP_TMETHOD(code, "?tellp@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAE?AV?$fpos@U_Mbstatet@@@2@XZ", "?tellp@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAA?AV?$fpos@U_Mbstatet@@@2@XZ", tellp<Char>),
      MSVCP_TMETHOD(code, "?seekp@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@" MSVCP_OFF86 "H@Z", "?seekp@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@_JH@Z", seekp_off<Char>),
      MSVCP_TMETHOD2(code, "?seekp@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@V?$fpos@U_Mbstatet@@@2@@Z",
                     seekp_pos_i386<Char>, "?seekp@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@V?$fpos@U_Mbstatet@@@2@@Z",
                     seekp_pos<Char>),
      MSVCP_TMETHOD(code, "?swap@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@IAEXAAV12@@Z", "?swap@?$basic_ostream@$CU?$char_traits@$C@std@@@std@@IEAAXAEAV12@@Z", swap<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@F@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@F@Z", ins_short<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@G@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@G@Z", ins_ushort<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@H@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@H@Z", ins_int<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@I@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@I@Z", ins_uint<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@J@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@J@Z", ins_int<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@K@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@K@Z", ins_uint<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@M@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@M@Z", ins_float<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@N@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@N@Z", ins_double<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@O@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@O@Z", ins_double<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@_J@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@_J@Z", ins_int64<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@_K@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@_K@Z", ins_uint64<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@_N@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@_N@Z", ins_bool<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@PBX@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@PEBX@Z", ins_ptr<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@PAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@PEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@@Z", ins_streambuf<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@P6AAAV01@AAV01@@Z@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@P6AAEAV01@AEAV01@@Z@Z", ins_manip_ostream<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@P6AAAV?$basic_ios@$CU?$char_traits@$C@std@@@1@AAV21@@Z@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@P6AAEAV?$basic_ios@$CU?$char_traits@$C@std@@@1@AEAV21@@Z@Z", ins_manip_ios<Char>),
      MSVCP_TMETHOD(code, "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@P6AAAVios_base@1@AAV21@@Z@Z", "??6?$basic_ostream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@P6AAEAVios_base@1@AEAV21@@Z@Z", ins_manip_ios<Char>),
  };
  e.insert(e.end(), w.begin(), w.end());
}

// std::endl, std::ends and std::flush, which Visual C++ 2012's runtime (MSVCP110) exports.
template <typename Char>
Ptr endl(WindowsProcess& p, Ptr self) {
  put_<Char>(p, self, ios_widen<Char>(p, ios_of(p, self.addr), '\n'));
  return flush<Char>(p, self);
}
template <typename Char>
Ptr ends(WindowsProcess& p, Ptr self) { return put_<Char>(p, self, Char()); }
template <typename Char>
Ptr flush_fn(WindowsProcess& p, Ptr self) { return flush<Char>(p, self); }

template <typename Char>
void add_vc11_exports(std::vector<Export>& e, const char* code) {
  const std::vector<Export> w = {
      MSVCP_TFUNCTION(code, "?endl@std@@YAAAV?$basic_ostream@$CU?$char_traits@$C@std@@@1@AAV21@@Z",
                      "?endl@std@@YAAEAV?$basic_ostream@$CU?$char_traits@$C@std@@@1@AEAV21@@Z", endl<Char>),
      MSVCP_TFUNCTION(code, "?ends@std@@YAAAV?$basic_ostream@$CU?$char_traits@$C@std@@@1@AAV21@@Z",
                      "?ends@std@@YAAEAV?$basic_ostream@$CU?$char_traits@$C@std@@@1@AEAV21@@Z", ends<Char>),
      MSVCP_TFUNCTION(code, "?flush@std@@YAAAV?$basic_ostream@$CU?$char_traits@$C@std@@@1@AAV21@@Z",
                      "?flush@std@@YAAEAV?$basic_ostream@$CU?$char_traits@$C@std@@@1@AEAV21@@Z", flush_fn<Char>),
  };
  e.insert(e.end(), w.begin(), w.end());
}

}  // namespace ostream_file

namespace ostream_file {

const std::vector<Export>& exports_table() {
  static const std::vector<Export> e = [] {
    std::vector<Export> e;
    add_exports<char>(e, "D");
    add_exports<char16_t>(e, "_W");
    add_exports<char16_t>(e, "G");
    return e;
  }();
  return e;
}

}  // namespace ostream_file

const std::vector<Export>& ostream_exports() { return ostream_file::exports_table(); }

const std::vector<Export>& ostream_vc11_exports() {
  static const std::vector<Export> e = [] {
    std::vector<Export> e;
    ostream_file::add_vc11_exports<char>(e, "D");
    ostream_file::add_vc11_exports<char16_t>(e, "_W");
    ostream_file::add_vc11_exports<char16_t>(e, "G");
    return e;
  }();
  return e;
}


namespace objects {

template <typename Char>
bool ostream_begin(WindowsProcess& p, uint64_t os) {
  if (const uint64_t sb = ostream_file::rdbuf_of(p, os)) vcall(p, sb, 1, {});
  return ostream_file::opfx<Char>(p, Ptr(os)) != 0;
}
template <typename Char>
void ostream_end(WindowsProcess& p, uint64_t os) {
  ostream_file::Osfx<Char>(p, Ptr(os));
  if (const uint64_t sb = ostream_file::rdbuf_of(p, os)) vcall(p, sb, 2, {});
}
template bool ostream_begin<char>(WindowsProcess&, uint64_t);
template bool ostream_begin<char16_t>(WindowsProcess&, uint64_t);
template void ostream_end<char>(WindowsProcess&, uint64_t);
template void ostream_end<char16_t>(WindowsProcess&, uint64_t);

}  // namespace objects

}  // namespace msvcp

}  // namespace polyrun::shims
