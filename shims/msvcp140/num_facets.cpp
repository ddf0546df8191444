// MSVCP140.dll's numeric facets num_put and num_get for char, wchar_t and unsigned short: their
// constructors, vtables, ids and _Getcat, put and get (which call do_put and do_get through the
// vtable: a program's own facet may override them) and the do_ defaults, which format and read
// numbers as the ostream inserters and istream extractors do (ostream.cpp put_number, istream.cpp
// parse_number: the "C" locale's conversions).
//
// The iterators they take and return by value: ostreambuf_iterator {bool _Failed;
// basic_streambuf* _Strbuf} and istreambuf_iterator {basic_streambuf* _Strbuf; bool _Got; Char
// _Val}, 16 bytes on x64 (passed as a pointer to a copy), 8 on i386 (two stack slots): each
// function has an x64 and an i386 form. The result is written through the hidden pointer that
// follows `this`.
#include <algorithm>
#include <cstring>
#include <map>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp140/guest_objects.h"
#include "shims/msvcp140/ios_internal.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

namespace num_facets_file {

using namespace objects;

constexpr int32_t kLcNumeric = 4;

// ---- the iterators ----

struct OutIter {
  bool failed;
  uint64_t sb;
};
OutIter out_iter_at(WindowsProcess& p, uint64_t at) { return {get<uint8_t>(at) != 0, p.get_ptr(at + p.isa->ptr)}; }
void put_out_iter(WindowsProcess& p, uint64_t at, OutIter it) {
  put<uint8_t>(at, it.failed);
  p.put_ptr(at + p.isa->ptr, it.sb);
}
// (i386: the iterator's two stack slots)
OutIter out_iter_of(uint32_t w0, uint32_t w1) { return {(w0 & 0xff) != 0, w1}; }
uint64_t in_iter_sb(WindowsProcess& p, uint64_t at) { return p.get_ptr(at); }
void put_in_iter(WindowsProcess& p, uint64_t at, uint64_t sb) {
  p.put_ptr(at, sb);
  put<uint64_t>(at + p.isa->ptr, 0);  // not got (and no cached character)
  if (p.isa->ptr == 4) put<uint32_t>(at + 4, 0);
}

// ---- num_put ----

template <typename Char>
const std::vector<Export>& put_vtable(const WindowsProcess& p);

template <typename Char>
Ptr put_ctor(WindowsProcess& p, Ptr self, USize refs) {
  facet_init(p, self.addr, vtable(p, put_vtable<Char>(p)), refs);
  return self;
}
template <typename Char>
Ptr put_ctor_locinfo(WindowsProcess& p, Ptr self, Ptr, USize refs) { return put_ctor<Char>(p, self, refs); }
template <typename Char>
Ptr put_ctor_default(WindowsProcess& p, Ptr self) { return put_ctor<Char>(p, self, 0); }
void facet_dtor(WindowsProcess&, Ptr) {}
void init_locinfo(WindowsProcess&, Ptr, Ptr) {}
Ptr vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  if (flags & 1) delete_object(p, self.addr);
  return self;
}
template <typename Char>
USize put_getcat(WindowsProcess& p, Ptr facet, Ptr) {
  if (facet && !p.get_ptr(facet.addr)) {
    const uint64_t f = new_object(p, layout(p).facet_size);
    put_ctor<Char>(p, f, 0);
    p.put_ptr(facet.addr, f);
  }
  return USize(kLcNumeric);
}

// The number written to the iterator's buffer as the stream's format says; the iterator after it.
template <typename Char>
OutIter do_put_impl(WindowsProcess& p, OutIter dest, uint64_t ios, Char fill, NumKind kind, uint64_t bits) {
  if (!dest.sb) {
    put_streamsize(p, ios + ios_layout(p).wide, 0);
    return {true, 0};
  }
  const bool failed = put_number<Char>(p, dest.sb, ios, fill, kind, bits);
  return {dest.failed || failed, dest.sb};
}
template <typename T>
uint64_t bits_of(T v) {
  if constexpr (std::is_same_v<T, double>) {
    uint64_t b;
    std::memcpy(&b, &v, 8);
    return b;
  } else if constexpr (std::is_same_v<T, Ptr>) {
    return v.addr;
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    return v ? 1 : 0;
  } else {
    return static_cast<uint64_t>(v);
  }
}
template <typename Char, NumKind K, typename T>
Ptr do_put_x64(WindowsProcess& p, Ptr, Ptr ret, Ptr dest, Ptr ios, Char fill, T v) {
  put_out_iter(p, ret.addr, do_put_impl<Char>(p, out_iter_at(p, dest.addr), ios.addr, fill, K, bits_of(v)));
  return ret;
}
template <typename Char, NumKind K, typename T>
Ptr do_put_i386(WindowsProcess& p, Ptr, Ptr ret, uint32_t d0, uint32_t d1, Ptr ios, Char fill, T v) {
  put_out_iter(p, ret.addr, do_put_impl<Char>(p, out_iter_of(d0, d1), ios.addr, fill, K, bits_of(v)));
  return ret;
}

// The vtable's slots of do_put for each kind (3 pointer, 4 long double, 5 double, 6 unsigned
// __int64, 7 __int64, 8 unsigned long, 9 long, 10 bool).
template <typename T>
constexpr int put_slot(NumKind k, bool long_double) {
  return k == kNumPtr ? 3 : k == kNumDouble ? (long_double ? 4 : 5) : k == kNumUint64 ? 6 : k == kNumInt64 ? 7
       : k == kNumUlong ? 8 : k == kNumLong ? 9 : 10;
}
// put: do_put through the vtable, the iterator and the value passed on as the ISA passes them.
uint64_t call_do_put(WindowsProcess& p, uint64_t self, uint64_t ret, OutIter dest, uint64_t ios, uint32_t fill, int slot, uint64_t bits,
                     bool wide_value) {
  std::vector<uint64_t> args{ret};
  uint64_t copy = 0;
  if (p.isa->ptr == 8) {
    copy = p.heap.alloc(16, true);
    put_out_iter(p, copy, dest);
    args.push_back(copy);
  } else {
    args.push_back(dest.failed ? 1 : 0);
    args.push_back(dest.sb);
  }
  args.push_back(ios);
  args.push_back(fill);
  if (wide_value) arg64(p, args, bits);
  else args.push_back(bits);
  vcall(p, self, slot, args);
  if (copy) p.heap.free(copy);
  return ret;
}
template <typename Char, NumKind K, typename T, bool LongDouble = false>
Ptr put_x64(WindowsProcess& p, Ptr self, Ptr ret, Ptr dest, Ptr ios, Char fill, T v) {
  const bool wide = sizeof(T) == 8 && !std::is_same_v<T, Ptr>;
  return call_do_put(p, self.addr, ret.addr, out_iter_at(p, dest.addr), ios.addr, static_cast<std::make_unsigned_t<Char>>(fill),
                     put_slot<T>(K, LongDouble), bits_of(v), wide);
}
template <typename Char, NumKind K, typename T, bool LongDouble = false>
Ptr put_i386(WindowsProcess& p, Ptr self, Ptr ret, uint32_t d0, uint32_t d1, Ptr ios, Char fill, T v) {
  const bool wide = sizeof(T) == 8 && !std::is_same_v<T, Ptr>;
  return call_do_put(p, self.addr, ret.addr, out_iter_of(d0, d1), ios.addr, static_cast<std::make_unsigned_t<Char>>(fill),
                     put_slot<T>(K, LongDouble), bits_of(v), wide);
}

template <typename Char>
std::vector<Export> put_vtable_entries(bool x64) {
  const char* c = sizeof(Char) == 1 ? "std::num_put<char>::" : "std::num_put<wchar_t>::";
  auto n = [&](const char* m) { return expand((std::string(c) + m).c_str(), ""); };
#define NP_ENTRY(label, K, T)                                                                                 \
  (x64 ? EXPORT_METHOD(n(label), (do_put_x64<Char, K, T>)) : EXPORT_METHOD(n(label), (do_put_i386<Char, K, T>)))
  return {
      EXPORT_METHOD(n("`vector deleting destructor'"), vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_incref_method),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_decref_method),
      NP_ENTRY("do_put(const void*)", kNumPtr, Ptr),
      NP_ENTRY("do_put(long double)", kNumDouble, double),
      NP_ENTRY("do_put(double)", kNumDouble, double),
      NP_ENTRY("do_put(unsigned __int64)", kNumUint64, uint64_t),
      NP_ENTRY("do_put(__int64)", kNumInt64, int64_t),
      NP_ENTRY("do_put(unsigned long)", kNumUlong, uint32_t),
      NP_ENTRY("do_put(long)", kNumLong, int32_t),
      NP_ENTRY("do_put(bool)", kNumBool, uint8_t),
  };
#undef NP_ENTRY
}
template <typename Char>
const std::vector<Export>& put_vtable(const WindowsProcess& p) {
  static const std::vector<Export> x64 = put_vtable_entries<Char>(true), x86 = put_vtable_entries<Char>(false);
  return p.isa->ptr == 8 ? x64 : x86;
}
template <typename Char>
uint64_t put_vtable_data(WindowsProcess& p) { return vtable(p, put_vtable<Char>(p)); }

// ---- num_put's helpers (private; __cdecl on i386) ----

// _Ffmt: the printf format of a floating-point value for the flags: "%" [+] [#] ".*" [spec] and
// f, e/E, a/A (fixed and scientific) or g/G.
Ptr Ffmt(WindowsProcess&, Ptr, Ptr fmt, char spec, int32_t flags) {
  std::string f = "%";
  if (flags & 0x20) f += '+';
  if (flags & 0x10) f += '#';
  f += ".*";
  if (spec) f += spec;
  const int32_t type = flags & 0x3000;
  const bool up = flags & 0x4;
  f += type == 0x2000 ? "f" : type == 0x1000 ? (up ? "E" : "e") : type == 0x3000 ? (up ? "A" : "a") : (up ? "G" : "g");
  std::memcpy(guest_pointer(fmt.addr), f.c_str(), f.size() + 1);
  return fmt;
}
// _Ifmt: an integer's format: "%" [+] [#], the length of `spec` ("ld", "lld" …), and o, x/X or its
// own conversion as the base says.
Ptr Ifmt(WindowsProcess&, Ptr, Ptr fmt, Ptr spec, int32_t flags) {
  const std::string s = static_cast<const char*>(guest_pointer(spec.addr));
  std::string f = "%";
  if (flags & 0x20) f += '+';
  if (flags & 0x8) f += '#';
  size_t i = 0;
  if (i < s.size()) f += s[i++];
  if (i < s.size() && s[i] == 'l') f += s[i++];
  const int32_t base = flags & 0xe00;
  f += base == 0x400 ? 'o' : base == 0x800 ? ((flags & 0x4) ? 'X' : 'x') : (i < s.size() ? s[i] : 'd');
  std::memcpy(guest_pointer(fmt.addr), f.c_str(), f.size() + 1);
  return fmt;
}
template <typename Char>
OutIter put_chars(WindowsProcess& p, OutIter it, uint64_t s, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i)
    if (!it.sb || sb_sputc<Char>(p, it.sb, get<Char>(s + i * sizeof(Char))) == Traits<Char>::kEof) it.failed = true;
  return it;
}
template <typename Char>
OutIter rep_char(WindowsProcess& p, OutIter it, Char c, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i)
    if (!it.sb || sb_sputc<Char>(p, it.sb, c) == Traits<Char>::kEof) it.failed = true;
  return it;
}
template <typename Char>
Ptr Put_x64(WindowsProcess& p, Ptr, Ptr ret, Ptr dest, Ptr s, USize n) {
  put_out_iter(p, ret.addr, put_chars<Char>(p, out_iter_at(p, dest.addr), s.addr, n));
  return ret;
}
template <typename Char>
Ptr Put_i386(WindowsProcess& p, Ptr, Ptr ret, uint32_t d0, uint32_t d1, Ptr s, USize n) {
  put_out_iter(p, ret.addr, put_chars<Char>(p, out_iter_of(d0, d1), s.addr, n));
  return ret;
}
template <typename Char>
Ptr Rep_x64(WindowsProcess& p, Ptr, Ptr ret, Ptr dest, Char c, USize n) {
  put_out_iter(p, ret.addr, rep_char<Char>(p, out_iter_at(p, dest.addr), c, n));
  return ret;
}
template <typename Char>
Ptr Rep_i386(WindowsProcess& p, Ptr, Ptr ret, uint32_t d0, uint32_t d1, Char c, USize n) {
  put_out_iter(p, ret.addr, rep_char<Char>(p, out_iter_of(d0, d1), c, n));
  return ret;
}
// _Iput: an integer's characters (narrow, `count` of them at `buf`) padded as the stream's width
// and adjustfield say.
template <typename Char>
OutIter iput(WindowsProcess& p, OutIter dest, uint64_t ios, Char fill, uint64_t buf, uint64_t count) {
  const std::string text(static_cast<const char*>(guest_pointer(buf)), count);
  if (!dest.sb) {
    put_streamsize(p, ios + ios_layout(p).wide, 0);
    return {true, 0};
  }
  const bool failed = put_field<Char>(p, dest.sb, ios, fill, text, true);
  return {dest.failed || failed, dest.sb};
}
template <typename Char>
Ptr Iput_x64(WindowsProcess& p, Ptr, Ptr ret, Ptr dest, Ptr ios, Char fill, Ptr buf, USize n) {
  put_out_iter(p, ret.addr, iput<Char>(p, out_iter_at(p, dest.addr), ios.addr, fill, buf.addr, n));
  return ret;
}
template <typename Char>
Ptr Iput_i386(WindowsProcess& p, Ptr, Ptr ret, uint32_t d0, uint32_t d1, Ptr ios, Char fill, Ptr buf, USize n) {
  put_out_iter(p, ret.addr, iput<Char>(p, out_iter_of(d0, d1), ios.addr, fill, buf.addr, n));
  return ret;
}

// ---- num_get ----

template <typename Char>
const std::vector<Export>& get_vtable(const WindowsProcess& p);

// _Getifld (private; __cdecl on i386): an integer's field taken from *first into `dest` (a sign,
// then its digits without leading zeros and without a 0x prefix, at most 24 of them, NUL-ended;
// "0" for zeros alone, "" for no number), *first moved past it (none at the end of the input);
// the base it is in: 8, 10 or 16 (from the flags' basefield, or the prefix where it is 0). The "C"
// locale has no digit grouping.
template <typename Char>
int32_t Getifld(WindowsProcess& p, Ptr, Ptr dest, Ptr first, Ptr, int32_t flags, Ptr) {
  static const char kDigits[] = "0123456789abcdefABCDEF";
  InputCursor<Char> in{p, p.get_ptr(first.addr)};
  auto val = [&] { return in.val(); };
  auto inc = [&] { in.inc(); };
  const int32_t basefield = flags & 0xe00;
  int base = basefield == 0x400 ? 8 : basefield == 0x800 ? 22 : basefield == 0 ? 0 : 10;
  std::string out;
  bool error = true, empty = true, zero = false;
  if (val() == '-' || val() == '+') {
    out += static_cast<char>(val());
    inc();
  }
  const size_t sign = out.size();
  if (val() == '0') {
    zero = true;
    inc();
    if (val() == 'x' || val() == 'X') {
      if (!base || base == 22) {
        zero = false;
        inc();
        base = 22;
      } else {
        base = 10;
      }
    } else {
      error = false;
      if (!base) base = 8;
    }
  } else if (!base) {
    base = 10;
  }
  for (int32_t c = val(); c != -1; inc(), c = val()) {
    const char* d = c > 0 && c < 0x80 ? std::strchr(kDigits, c) : nullptr;
    if (!d || d - kDigits >= base) break;
    error = false;
    if (empty && c == '0') {
      zero = true;
      continue;
    }
    empty = false;
    if (out.size() < 24) out += static_cast<char>(c);
  }
  if (error) out = zero ? out.substr(0, sign) + "0" : "";
  else if (empty) out += '0';
  std::memcpy(guest_pointer(dest.addr), out.c_str(), out.size() + 1);
  p.put_ptr(first.addr, in.sb);
  put<uint8_t>(first.addr + p.isa->ptr, 0);  // (not got)
  return base == 22 ? 16 : base;
}

// _Getffldx (private; __cdecl on i386): a floating-point field, decimal or hexadecimal, taken
// from *first into `dest` as the runtime's own strtod reads it back: a sign, a "0" that carries a
// rounding, "x" for a hexadecimal field (after "0x" in the input), its significant digits (at most
// 36, or 768 where *hexexp held 1000000000 on entry; one more digit dropped past them rounds the
// last kept one up from 0 or the half-way digit), the "C" locale's point and fraction, and an
// exponent ("e" or "p", decimal) that counts the dropped digits, bounded to +-1100 (decimal) or
// +-4200 (binary). "" where no digit came. *first moved past the field; *hexexp set to 0 for a
// hexadecimal field; returns 0 (no power of ten left over).
template <typename Char>
int32_t Getffldx(WindowsProcess& p, Ptr, Ptr dest, Ptr first, Ptr, Ptr, Ptr hexexp) {
  static const char kDigits[] = "0123456789ABCDEFabcdef";
  InputCursor<Char> in{p, p.get_ptr(first.addr)};
  auto val = [&] { return in.val(); };
  auto inc = [&] { in.inc(); };
  auto digit = [&](bool hex) -> int {
    const int32_t c = val();
    const char* d = c > 0 && c < 0x80 ? std::strchr(kDigits, c) : nullptr;
    return d && d - kDigits < (hex ? 22 : 10) ? static_cast<int>(d - kDigits) : -1;
  };
  const int max_significant = hexexp && get<int32_t>(hexexp.addr) == 1000000000 ? 768 : 36;
  std::string out;
  auto finish = [&](const std::string& field, bool hex) {
    std::memcpy(guest_pointer(dest.addr), field.c_str(), field.size() + 1);
    p.put_ptr(first.addr, in.sb);
    put<uint8_t>(first.addr + p.isa->ptr, 0);  // (not got)
    if (hex && hexexp) put<int32_t>(hexexp.addr, 0);
    return 0;
  };
  if (val() == '+' || val() == '-') {
    out += static_cast<char>(val());
    inc();
  }
  out += '0';
  bool hex = false, seen = false;
  if (val() == '0') {
    inc();
    if (val() == -1) return finish(out, false);
    if (val() == 'x' || val() == 'X') {
      hex = true;
      inc();
      out += 'x';
    } else {
      seen = true;
    }
  }
  int significant = 0;
  int64_t power = 0;  // of the base, for the digits dropped
  bool dropped = false;
  for (int d; (d = digit(hex)) >= 0; inc()) {
    seen = true;
    if (significant >= max_significant) {
      ++power;
      dropped |= d > 0;
    } else if (d != 0 || significant != 0) {
      out += kDigits[d];
      ++significant;
    }
  }
  if (hex && seen && significant == 0) out += '0';
  if (val() == '.') {
    out += '.';
    inc();
  }
  if (significant == 0) {
    for (; val() == '0'; inc()) {
      seen = true;
      --power;
    }
  }
  for (int d; (d = digit(hex)) >= 0; inc()) {
    seen = true;
    if (significant < max_significant) {
      out += kDigits[d];
      ++significant;
    } else {
      dropped |= d > 0;
    }
  }
  if (dropped) {
    char& last = out.back() == '.' ? out[out.size() - 2] : out.back();
    if (last == '0' || last == (hex ? '8' : '5')) ++last;
  }
  int64_t exponent = 0;
  const int32_t e = val();
  if (seen && (hex ? e == 'p' || e == 'P' : e == 'e' || e == 'E')) {
    inc();
    seen = false;
    bool negative = false;
    if (val() == '+' || val() == '-') {
      negative = val() == '-';
      inc();
    }
    constexpr int64_t kSaturated = int64_t{1} << 40;
    for (int d; (d = digit(false)) >= 0; inc()) {
      seen = true;
      exponent = std::min(exponent * 10 + d, kSaturated);
    }
    if (negative) exponent = -exponent;
  }
  if (!seen) return finish("", false);
  const int64_t bound = hex ? 4200 : 1100;
  exponent = std::clamp(exponent + power * (hex ? 4 : 1), -bound, bound);
  if (exponent != 0) out += (hex ? 'p' : 'e') + std::to_string(exponent);
  return finish(out, hex);
}

template <typename Char>
Ptr get_ctor(WindowsProcess& p, Ptr self, USize refs) {
  facet_init(p, self.addr, vtable(p, get_vtable<Char>(p)), refs);
  return self;
}
template <typename Char>
Ptr get_ctor_locinfo(WindowsProcess& p, Ptr self, Ptr, USize refs) { return get_ctor<Char>(p, self, refs); }
template <typename Char>
Ptr get_ctor_default(WindowsProcess& p, Ptr self) { return get_ctor<Char>(p, self, 0); }
template <typename Char>
USize get_getcat(WindowsProcess& p, Ptr facet, Ptr) {
  if (facet && !p.get_ptr(facet.addr)) {
    const uint64_t f = new_object(p, layout(p).facet_size);
    get_ctor<Char>(p, f, 0);
    p.put_ptr(facet.addr, f);
  }
  return USize(kLcNumeric);
}

// A value of `kind` read from the buffer into `val` (as T), the state's bits added; the iterator
// after it (none at the end of the input).
template <typename Char, NumKind K, typename T>
void do_get_impl(WindowsProcess& p, uint64_t ret, uint64_t sb, uint64_t ios, uint64_t state, uint64_t val) {
  constexpr int32_t kEofBit = 1, kFail = 2;
  int32_t st = kFail | (sb ? 0 : kEofBit);
  if (sb) {
    uint64_t bits = 0;
    const int32_t flags = get<int32_t>(ios + ios_layout(p).fmtfl);
    int64_t lo = 0;
    uint64_t hi = 0;
    if constexpr (std::is_same_v<T, uint16_t>) hi = 0xffff;
    else if constexpr (std::is_same_v<T, uint32_t>) hi = 0xffffffffu;
    else if constexpr (std::is_same_v<T, int32_t>) lo = INT32_MIN, hi = INT32_MAX;
    else if constexpr (std::is_same_v<T, int64_t>) lo = INT64_MIN, hi = INT64_MAX;
    else if constexpr (std::is_same_v<T, uint64_t>) hi = UINT64_MAX;
    else if constexpr (std::is_same_v<T, Ptr>) hi = p.isa->ptr == 8 ? UINT64_MAX : 0xffffffffu;
    else if constexpr (std::is_same_v<T, uint8_t>) lo = INT32_MIN, hi = INT32_MAX;
    const int32_t used_flags = std::is_same_v<T, Ptr> ? (flags & ~0xe00) | 0x800 : flags;
    st = parse_number<Char>(p, sb, used_flags, K, &bits, lo, hi);
    if (!(st & kFail)) {
      if constexpr (std::is_same_v<T, float>) {
        double d;
        std::memcpy(&d, &bits, 8);
        put<float>(val, static_cast<float>(d));
      } else if constexpr (std::is_same_v<T, double>) {
        put<uint64_t>(val, bits);
      } else if constexpr (std::is_same_v<T, Ptr>) {
        p.put_ptr(val, bits);
      } else if constexpr (std::is_same_v<T, uint8_t>) {  // bool: 0 or 1
        if (bits == 0 || bits == 1) put<uint8_t>(val, static_cast<uint8_t>(bits));
        else st |= kFail;
      } else {
        put<T>(val, static_cast<T>(bits));
      }
    }
  }
  put<int32_t>(state, get<int32_t>(state) | st);
  put_in_iter(p, ret, (st & kEofBit) ? 0 : sb);
}
template <typename Char, NumKind K, typename T>
Ptr do_get_x64(WindowsProcess& p, Ptr, Ptr ret, Ptr first, Ptr, Ptr ios, Ptr state, Ptr val) {
  do_get_impl<Char, K, T>(p, ret.addr, in_iter_sb(p, first.addr), ios.addr, state.addr, val.addr);
  return ret;
}
template <typename Char, NumKind K, typename T>
Ptr do_get_i386(WindowsProcess& p, Ptr, Ptr ret, uint32_t f0, uint32_t, uint32_t, uint32_t, Ptr ios, Ptr state, Ptr val) {
  do_get_impl<Char, K, T>(p, ret.addr, f0, ios.addr, state.addr, val.addr);
  return ret;
}
// get: do_get through the vtable (3 void*, 4 long double, 5 double, 6 float, 7 unsigned __int64,
// 8 __int64, 9 unsigned long, 10 long, 11 unsigned int, 12 unsigned short, 13 bool).
void call_do_get(WindowsProcess& p, uint64_t self, int slot, uint64_t ret, const uint64_t first[2], const uint64_t last[2], uint64_t ios,
                 uint64_t state, uint64_t val, bool by_pointer) {
  std::vector<uint64_t> args{ret};
  uint64_t copies = 0;
  if (by_pointer) {
    copies = p.heap.alloc(32, true);
    std::memcpy(guest_pointer(copies), guest_pointer(first[0]), 16);
    std::memcpy(guest_pointer(copies + 16), guest_pointer(last[0]), 16);
    args.push_back(copies);
    args.push_back(copies + 16);
  } else {
    args.insert(args.end(), {first[0], first[1], last[0], last[1]});
  }
  args.insert(args.end(), {ios, state, val});
  vcall(p, self, slot, args);
  if (copies) p.heap.free(copies);
}
template <int Slot>
Ptr get_x64(WindowsProcess& p, Ptr self, Ptr ret, Ptr first, Ptr last, Ptr ios, Ptr state, Ptr val) {
  const uint64_t f[2] = {first.addr, 0}, l[2] = {last.addr, 0};
  call_do_get(p, self.addr, Slot, ret.addr, f, l, ios.addr, state.addr, val.addr, true);
  return ret;
}
template <int Slot>
Ptr get_i386(WindowsProcess& p, Ptr self, Ptr ret, uint32_t f0, uint32_t f1, uint32_t l0, uint32_t l1, Ptr ios, Ptr state, Ptr val) {
  const uint64_t f[2] = {f0, f1}, l[2] = {l0, l1};
  call_do_get(p, self.addr, Slot, ret.addr, f, l, ios.addr, state.addr, val.addr, false);
  return ret;
}

template <typename Char>
std::vector<Export> get_vtable_entries(bool x64) {
  const char* c = sizeof(Char) == 1 ? "std::num_get<char>::" : "std::num_get<wchar_t>::";
  auto n = [&](const char* m) { return expand((std::string(c) + m).c_str(), ""); };
#define NG_ENTRY(label, K, T)                                                                                 \
  (x64 ? EXPORT_METHOD(n(label), (do_get_x64<Char, K, T>)) : EXPORT_METHOD(n(label), (do_get_i386<Char, K, T>)))
  return {
      EXPORT_METHOD(n("`vector deleting destructor'"), vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_incref_method),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_decref_method),
      NG_ENTRY("do_get(void*&)", kNumUint64, Ptr),
      NG_ENTRY("do_get(long double&)", kNumDouble, double),
      NG_ENTRY("do_get(double&)", kNumDouble, double),
      NG_ENTRY("do_get(float&)", kNumDouble, float),
      NG_ENTRY("do_get(unsigned __int64&)", kNumUint64, uint64_t),
      NG_ENTRY("do_get(__int64&)", kNumInt64, int64_t),
      NG_ENTRY("do_get(unsigned long&)", kNumUlong, uint32_t),
      NG_ENTRY("do_get(long&)", kNumLong, int32_t),
      NG_ENTRY("do_get(unsigned int&)", kNumUlong, uint32_t),
      NG_ENTRY("do_get(unsigned short&)", kNumUlong, uint16_t),
      NG_ENTRY("do_get(bool&)", kNumLong, uint8_t),
  };
#undef NG_ENTRY
}
template <typename Char>
const std::vector<Export>& get_vtable(const WindowsProcess& p) {
  static const std::vector<Export> x64 = get_vtable_entries<Char>(true), x86 = get_vtable_entries<Char>(false);
  return p.isa->ptr == 8 ? x64 : x86;
}
template <typename Char>
uint64_t get_vtable_data(WindowsProcess& p) { return vtable(p, get_vtable<Char>(p)); }

struct Ids : DllStateBase {
  std::map<int, uint64_t> at;
};
template <int K>
uint64_t id_object(WindowsProcess& p) {
  uint64_t& at = dll_state<Ids>(p).at[K];
  if (!at) at = p.alloc_data(p.isa->ptr);
  return at;
}

#define NUM_PUT "?$num_put@$CV?$ostreambuf_iterator@$CU?$char_traits@$C@std@@@std@@@std@@"
#define NUM_GET "?$num_get@$CV?$istreambuf_iterator@$CU?$char_traits@$C@std@@@std@@@std@@"
#define OUT_IT "V?$ostreambuf_iterator@$CU?$char_traits@$C@std@@@2@"
#define IN_IT "V?$istreambuf_iterator@$CU?$char_traits@$C@std@@@2@"

// (do_put and put: the x64 and the i386 form of each, MSVCP_TMETHOD2)
#define PUTS(name, x86mod, x64mod, T86, T64, fn86, fn64)                                                           \
  MSVCP_TMETHOD2(code, "?" name "@" NUM_PUT x86mod "?A" OUT_IT "V32@AAVios_base@2@$C" T86 "@Z", fn86,                \
                 "?" name "@" NUM_PUT x64mod "?A" OUT_IT "V32@AEAVios_base@2@$C" T64 "@Z", fn64)
#define GETS(name, x86mod, x64mod, T86, T64, slot)                                                                 \
  MSVCP_TMETHOD2(code, "?" name "@" NUM_GET x86mod "?A" IN_IT "V32@0AAVios_base@2@AAHAA" T86 "@Z", get_i386<slot>, \
                 "?" name "@" NUM_GET x64mod "?A" IN_IT "V32@0AEAVios_base@2@AEAHAEA" T64 "@Z", get_x64<slot>)
#define DOGETS(T86, T64, K, T)                                                                                           \
  MSVCP_TMETHOD2(code, "?do_get@" NUM_GET "MBE?A" IN_IT "V32@0AAVios_base@2@AAHAA" T86 "@Z", (do_get_i386<Char, K, T>), \
                 "?do_get@" NUM_GET "MEBA?A" IN_IT "V32@0AEAVios_base@2@AEAHAEA" T64 "@Z", (do_get_x64<Char, K, T>))

template <typename Char>
void add_exports(std::vector<Export>& e, const char* code, uint64_t (*put_id)(WindowsProcess&), uint64_t (*get_id)(WindowsProcess&)) {
  const std::vector<Export> w = {
      MSVCP_TMETHOD(code, "??0" NUM_PUT "QAE@ABV_Locinfo@1@I@Z", "??0" NUM_PUT "QEAA@AEBV_Locinfo@1@_K@Z", put_ctor_locinfo<Char>),
      MSVCP_TMETHOD(code, "??0" NUM_PUT "QAE@I@Z", "??0" NUM_PUT "QEAA@_K@Z", put_ctor<Char>),
      MSVCP_TMETHOD(code, "??_F" NUM_PUT "QAEXXZ", "??_F" NUM_PUT "QEAAXXZ", put_ctor_default<Char>),
      MSVCP_TMETHOD(code, "??1" NUM_PUT "MAE@XZ", "??1" NUM_PUT "MEAA@XZ", facet_dtor),
      MSVCP_TDATA(code, "??_7" NUM_PUT "6B@", "??_7" NUM_PUT "6B@", put_vtable_data<Char>),
      MSVCP_TDATA(code, "?id@" NUM_PUT "2V0locale@2@A", "?id@" NUM_PUT "2V0locale@2@A", *put_id),
      MSVCP_TFUNCTION(code, "?_Getcat@" NUM_PUT "SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@" NUM_PUT "SA_KPEAPEBVfacet@locale@2@PEBV42@@Z",
                      put_getcat<Char>),
      MSVCP_TMETHOD(code, "?_Init@" NUM_PUT "IAEXABV_Locinfo@2@@Z", "?_Init@" NUM_PUT "IEAAXAEBV_Locinfo@2@@Z", init_locinfo),
      PUTS("do_put", "MBE", "MEBA", "J", "J", (do_put_i386<Char, kNumLong, int32_t>), (do_put_x64<Char, kNumLong, int32_t>)),
      PUTS("do_put", "MBE", "MEBA", "K", "K", (do_put_i386<Char, kNumUlong, uint32_t>), (do_put_x64<Char, kNumUlong, uint32_t>)),
      PUTS("do_put", "MBE", "MEBA", "N", "N", (do_put_i386<Char, kNumDouble, double>), (do_put_x64<Char, kNumDouble, double>)),
      PUTS("do_put", "MBE", "MEBA", "O", "O", (do_put_i386<Char, kNumDouble, double>), (do_put_x64<Char, kNumDouble, double>)),
      PUTS("do_put", "MBE", "MEBA", "PBX", "PEBX", (do_put_i386<Char, kNumPtr, Ptr>), (do_put_x64<Char, kNumPtr, Ptr>)),
      PUTS("do_put", "MBE", "MEBA", "_J", "_J", (do_put_i386<Char, kNumInt64, int64_t>), (do_put_x64<Char, kNumInt64, int64_t>)),
      PUTS("do_put", "MBE", "MEBA", "_K", "_K", (do_put_i386<Char, kNumUint64, uint64_t>), (do_put_x64<Char, kNumUint64, uint64_t>)),
      PUTS("do_put", "MBE", "MEBA", "_N", "_N", (do_put_i386<Char, kNumBool, uint8_t>), (do_put_x64<Char, kNumBool, uint8_t>)),
      MSVCP_TFUNCTION2(code, "?_Ffmt@" NUM_PUT "ABAPADPADDH@Z", Ffmt, "?_Ffmt@" NUM_PUT "AEBAPEADPEADDH@Z", Ffmt),
      MSVCP_TFUNCTION2(code, "?_Ifmt@" NUM_PUT "ABAPADPADPBDH@Z", Ifmt, "?_Ifmt@" NUM_PUT "AEBAPEADPEADPEBDH@Z", Ifmt),
      MSVCP_TFUNCTION2(code, "?_Put@" NUM_PUT "ABA?A" OUT_IT "V32@PB$CI@Z", Put_i386<Char>, "?_Put@" NUM_PUT "AEBA?A" OUT_IT "V32@PEB$C_K@Z",
                       Put_x64<Char>),
      MSVCP_TFUNCTION2(code, "?_Rep@" NUM_PUT "ABA?A" OUT_IT "V32@$CI@Z", Rep_i386<Char>, "?_Rep@" NUM_PUT "AEBA?A" OUT_IT "V32@$C_K@Z",
                       Rep_x64<Char>),
      MSVCP_TFUNCTION2(code, "?_Iput@" NUM_PUT "ABA?A" OUT_IT "V32@AAVios_base@2@$CPADI@Z", Iput_i386<Char>,
                       "?_Iput@" NUM_PUT "AEBA?A" OUT_IT "V32@AEAVios_base@2@$CPEAD_K@Z", Iput_x64<Char>),
      PUTS("put", "QBE", "QEBA", "J", "J", (put_i386<Char, kNumLong, int32_t>), (put_x64<Char, kNumLong, int32_t>)),
      PUTS("put", "QBE", "QEBA", "K", "K", (put_i386<Char, kNumUlong, uint32_t>), (put_x64<Char, kNumUlong, uint32_t>)),
      PUTS("put", "QBE", "QEBA", "N", "N", (put_i386<Char, kNumDouble, double>), (put_x64<Char, kNumDouble, double>)),
      PUTS("put", "QBE", "QEBA", "O", "O", (put_i386<Char, kNumDouble, double, true>), (put_x64<Char, kNumDouble, double, true>)),
      PUTS("put", "QBE", "QEBA", "PBX", "PEBX", (put_i386<Char, kNumPtr, Ptr>), (put_x64<Char, kNumPtr, Ptr>)),
      PUTS("put", "QBE", "QEBA", "_J", "_J", (put_i386<Char, kNumInt64, int64_t>), (put_x64<Char, kNumInt64, int64_t>)),
      PUTS("put", "QBE", "QEBA", "_K", "_K", (put_i386<Char, kNumUint64, uint64_t>), (put_x64<Char, kNumUint64, uint64_t>)),
      PUTS("put", "QBE", "QEBA", "_N", "_N", (put_i386<Char, kNumBool, uint8_t>), (put_x64<Char, kNumBool, uint8_t>)),
      // num_get
      MSVCP_TMETHOD(code, "??0" NUM_GET "QAE@ABV_Locinfo@1@I@Z", "??0" NUM_GET "QEAA@AEBV_Locinfo@1@_K@Z", get_ctor_locinfo<Char>),
      MSVCP_TMETHOD(code, "??0" NUM_GET "QAE@I@Z", "??0" NUM_GET "QEAA@_K@Z", get_ctor<Char>),
      MSVCP_TMETHOD(code, "??_F" NUM_GET "QAEXXZ", "??_F" NUM_GET "QEAAXXZ", get_ctor_default<Char>),
      MSVCP_TMETHOD(code, "??1" NUM_GET "MAE@XZ", "??1" NUM_GET "MEAA@XZ", facet_dtor),
      MSVCP_TDATA(code, "??_7" NUM_GET "6B@", "??_7" NUM_GET "6B@", get_vtable_data<Char>),
      MSVCP_TDATA(code, "?id@" NUM_GET "2V0locale@2@A", "?id@" NUM_GET "2V0locale@2@A", *get_id),
      MSVCP_TFUNCTION(code, "?_Getcat@" NUM_GET "SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@" NUM_GET "SA_KPEAPEBVfacet@locale@2@PEBV42@@Z",
                      get_getcat<Char>),
      MSVCP_TMETHOD(code, "?_Init@" NUM_GET "IAEXABV_Locinfo@2@@Z", "?_Init@" NUM_GET "IEAAXAEBV_Locinfo@2@@Z", init_locinfo),
      MSVCP_TFUNCTION(code, "?_Getifld@" NUM_GET "ABAHPADAAV?$istreambuf_iterator@$CU?$char_traits@$C@std@@@2@1HABVlocale@2@@Z",
                      "?_Getifld@" NUM_GET "AEBAHPEADAEAV?$istreambuf_iterator@$CU?$char_traits@$C@std@@@2@1HAEBVlocale@2@@Z", Getifld<Char>),
      MSVCP_TFUNCTION(code, "?_Getffldx@" NUM_GET "ABAHPADAAV?$istreambuf_iterator@$CU?$char_traits@$C@std@@@2@1AAVios_base@2@PAH@Z",
                      "?_Getffldx@" NUM_GET "AEBAHPEADAEAV?$istreambuf_iterator@$CU?$char_traits@$C@std@@@2@1AEAVios_base@2@PEAH@Z",
                      Getffldx<Char>),
      DOGETS("G", "G", kNumUlong, uint16_t),
      DOGETS("I", "I", kNumUlong, uint32_t),
      DOGETS("J", "J", kNumLong, int32_t),
      DOGETS("K", "K", kNumUlong, uint32_t),
      DOGETS("M", "M", kNumDouble, float),
      DOGETS("N", "N", kNumDouble, double),
      DOGETS("O", "O", kNumDouble, double),
      DOGETS("PAX", "PEAX", kNumUint64, Ptr),
      DOGETS("_J", "_J", kNumInt64, int64_t),
      DOGETS("_K", "_K", kNumUint64, uint64_t),
      DOGETS("_N", "_N", kNumLong, uint8_t),
      GETS("get", "QBE", "QEBA", "G", "G", 12),
      GETS("get", "QBE", "QEBA", "I", "I", 11),
      GETS("get", "QBE", "QEBA", "J", "J", 10),
      GETS("get", "QBE", "QEBA", "K", "K", 9),
      GETS("get", "QBE", "QEBA", "M", "M", 6),
      GETS("get", "QBE", "QEBA", "N", "N", 5),
      GETS("get", "QBE", "QEBA", "O", "O", 4),
      GETS("get", "QBE", "QEBA", "PAX", "PEAX", 3),
      GETS("get", "QBE", "QEBA", "_J", "_J", 8),
      GETS("get", "QBE", "QEBA", "_K", "_K", 7),
      GETS("get", "QBE", "QEBA", "_N", "_N", 13),
  };
  e.insert(e.end(), w.begin(), w.end());
}

const std::vector<Export>& exports_table() {
  static const std::vector<Export> e = [] {
    std::vector<Export> e;
    add_exports<char>(e, "D", id_object<0>, id_object<1>);
    add_exports<char16_t>(e, "_W", id_object<2>, id_object<3>);
    add_exports<char16_t>(e, "G", id_object<4>, id_object<5>);
    return e;
  }();
  return e;
}

}  // namespace num_facets_file

const std::vector<Export>& num_facet_exports() { return num_facets_file::exports_table(); }

}  // namespace msvcp

}  // namespace polyrun::shims
