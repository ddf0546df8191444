// MSVCP90.dll's std::basic_string<char>, <wchar_t> and <unsigned short>, which Visual C++ 2008's
// runtime exports (later runtimes keep them in the headers): every member (those taking and giving
// iterators too: a _String_iterator is {the string, the character's address}), the comparisons
// and concatenations, and the string inserter and extractors (<<, >>, getline). Names:
// string_names.inc.
//
// The object, as Visual C++ 2008 lays it out: its allocator (a pointer-sized slot, unused), a
// 16-byte union of the characters themselves (short strings) or a pointer to them (from 16 bytes
// on), the size, the capacity ("res"), both size_t. The characters are in the union while the
// capacity is less than 16 bytes' worth. The program's inline code reads these fields (c_str,
// size, operator[] …), so the layout is the ABI. Growth follows the runtime's rule (the new
// capacity with its low four bits set, or half as much again when that is more), and each
// operation grows in the runtime's steps (operator+ copies the left operand, then appends), so
// that capacity() answers as the runtime's does.
#include <algorithm>
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/guest_objects.h"
#include "shims/msvcp140/ios_internal.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

// A _String_iterator or _String_const_iterator passed by value: {the string, the character's
// address}; two stack slots on i386, the address of a copy on x64.
struct StrIter {
  uint64_t bstr = 0, pos = 0;
};

}  // namespace msvcp

template <>
struct Arg<msvcp::StrIter> {
  template <typename Frame>
  static msvcp::StrIter read(Frame& f, unsigned& slot) {
    if (f.slot_bytes() == 8) {
      const uint64_t at = f.int_arg(slot++);
      return {get<uint64_t>(at), get<uint64_t>(at + 8)};
    }
    const uint64_t bstr = f.int_arg(slot++);
    return {bstr, f.int_arg(slot++)};
  }
  static std::string show(msvcp::StrIter v) { return show_hex(v.pos); }
};

namespace msvcp {

namespace string_file {

using namespace objects;

template <typename Char>
using Text = std::basic_string<Char>;

template <typename Char>
constexpr uint64_t kBuf = 16 / sizeof(Char);  // characters the union holds

// Field offsets: the allocator slot first.
struct Fields {
  uint64_t buf, size, res;
};
Fields fields(const WindowsProcess& p) {
  const uint64_t ptr = p.isa->ptr;
  return {ptr, ptr + 16, ptr + 16 + ptr};
}
uint64_t npos(const WindowsProcess& p) { return p.isa->ptr == 8 ? ~0ull : 0xffffffffull; }

uint64_t size_of(WindowsProcess& p, uint64_t s) { return p.get_ptr(s + fields(p).size); }
uint64_t res_of(WindowsProcess& p, uint64_t s) { return p.get_ptr(s + fields(p).res); }
template <typename Char>
uint64_t chars(WindowsProcess& p, uint64_t s) {
  return res_of(p, s) < kBuf<Char> ? s + fields(p).buf : p.get_ptr(s + fields(p).buf);
}
template <typename Char>
Text<Char> text_of(WindowsProcess& p, uint64_t s) {
  const auto* c = static_cast<const Char*>(guest_pointer(chars<Char>(p, s)));
  return Text<Char>(c, c + size_of(p, s));
}
template <typename Char>
Text<Char> cstr(uint64_t at) {
  Text<Char> t;
  if (!at) return t;
  for (uint64_t i = 0;; ++i) {
    const Char c = get<Char>(at + i * sizeof(Char));
    if (!c) break;
    t.push_back(c);
  }
  return t;
}
template <typename Char>
Text<Char> cstr_len(uint64_t at, uint64_t n) {
  if (!at || !n) return {};
  const auto* c = static_cast<const Char*>(guest_pointer(at));
  return Text<Char>(c, c + n);
}
template <typename Char>
uint64_t max_size_(const WindowsProcess& p) {
  return npos(p) / sizeof(Char) - 1;
}

[[noreturn]] void xran(WindowsProcess& p) {
  throw_out_of_range(p, "invalid string position");
  __builtin_unreachable();
}
[[noreturn]] void xlen(WindowsProcess& p) {
  throw_length_error(p, "string too long");
  __builtin_unreachable();
}

// _Eos, _Tidy, _Grow: the runtime's own steps, whose effects on the capacity the program sees.
template <typename Char>
void eos(WindowsProcess& p, uint64_t s, uint64_t len) {
  p.put_ptr(s + fields(p).size, len);
  put<Char>(chars<Char>(p, s) + len * sizeof(Char), 0);
}
template <typename Char>
void tidy(WindowsProcess& p, uint64_t s, bool built, uint64_t new_size) {
  const Fields f = fields(p);
  if (built && res_of(p, s) >= kBuf<Char>) {
    const uint64_t heap = p.get_ptr(s + f.buf);
    if (new_size) std::memmove(guest_pointer(s + f.buf), guest_pointer(heap), new_size * sizeof(Char));
    delete_object(p, heap);
  }
  p.put_ptr(s + f.res, kBuf<Char> - 1);
  eos<Char>(p, s, new_size);
}
template <typename Char>
bool grow(WindowsProcess& p, uint64_t s, uint64_t new_size, bool trim) {
  if (new_size > max_size_<Char>(p)) xlen(p);
  const uint64_t res = res_of(p, s), len = size_of(p, s);
  if (res < new_size) {
    uint64_t new_res = new_size | 15;  // (for every character type)
    if (new_res / 3 < res / 2) new_res = res + res / 2;
    if (new_res > max_size_<Char>(p)) new_res = new_size;
    const uint64_t block = new_object(p, (new_res + 1) * sizeof(Char));
    std::memcpy(guest_pointer(block), guest_pointer(chars<Char>(p, s)), len * sizeof(Char));
    tidy<Char>(p, s, true, 0);
    p.put_ptr(s + fields(p).buf, block);
    p.put_ptr(s + fields(p).res, new_res);
    eos<Char>(p, s, len);
  } else if (trim && new_size < kBuf<Char>) {
    tidy<Char>(p, s, true, std::min(new_size, len));
  } else if (new_size == 0) {
    eos<Char>(p, s, 0);
  }
  return new_size > 0;
}
// The string's characters made `t` (grown first as the runtime grows it).
template <typename Char>
void set_text(WindowsProcess& p, uint64_t s, const Text<Char>& t) {
  if (grow<Char>(p, s, t.size(), false)) std::memcpy(guest_pointer(chars<Char>(p, s)), t.data(), t.size() * sizeof(Char));
  eos<Char>(p, s, t.size());
}
template <typename Char>
void init(WindowsProcess& p, uint64_t s) {
  p.put_ptr(s, 0);  // (the allocator)
  p.put_ptr(s + fields(p).res, kBuf<Char> - 1);
  eos<Char>(p, s, 0);
}
// A position and count within `len` characters: out_of_range past its end, the count clipped.
uint64_t clip(WindowsProcess& p, uint64_t len, uint64_t pos, uint64_t n) {
  if (pos > len) xran(p);
  return std::min<uint64_t>(n, len - pos);
}
template <typename Char>
Char ch(uint32_t c) {
  return static_cast<Char>(c);
}

// ---- construction ----
template <typename Char>
Ptr ctor(WindowsProcess& p, Ptr self) {
  init<Char>(p, self.addr);
  return self;
}
template <typename Char>
Ptr ctor_alloc(WindowsProcess& p, Ptr self, Ptr) { return ctor<Char>(p, self); }
template <typename Char>
Ptr copy_ctor(WindowsProcess& p, Ptr self, Ptr other) {
  init<Char>(p, self.addr);
  set_text<Char>(p, self.addr, text_of<Char>(p, other.addr));
  return self;
}
template <typename Char>
Ptr ctor_substr(WindowsProcess& p, Ptr self, Ptr other, USize pos, USize n) {
  init<Char>(p, self.addr);
  const Text<Char> t = text_of<Char>(p, other.addr);
  const uint64_t k = clip(p, t.size(), pos.v, n.v);
  set_text<Char>(p, self.addr, t.substr(pos.v, k));
  return self;
}
template <typename Char>
Ptr ctor_substr_alloc(WindowsProcess& p, Ptr self, Ptr other, USize pos, USize n, Ptr) {
  return ctor_substr<Char>(p, self, other, pos, n);
}
template <typename Char>
Ptr ctor_cstr(WindowsProcess& p, Ptr self, Ptr s) {
  init<Char>(p, self.addr);
  set_text<Char>(p, self.addr, cstr<Char>(s.addr));
  return self;
}
template <typename Char>
Ptr ctor_cstr_alloc(WindowsProcess& p, Ptr self, Ptr s, Ptr) { return ctor_cstr<Char>(p, self, s); }
template <typename Char>
Ptr ctor_cstr_len(WindowsProcess& p, Ptr self, Ptr s, USize n) {
  init<Char>(p, self.addr);
  set_text<Char>(p, self.addr, cstr_len<Char>(s.addr, n.v));
  return self;
}
template <typename Char>
Ptr ctor_cstr_len_alloc(WindowsProcess& p, Ptr self, Ptr s, USize n, Ptr) { return ctor_cstr_len<Char>(p, self, s, n); }
template <typename Char>
Ptr ctor_ch(WindowsProcess& p, Ptr self, USize n, uint32_t c) {
  init<Char>(p, self.addr);
  if (n.v > max_size_<Char>(p)) xlen(p);
  set_text<Char>(p, self.addr, Text<Char>(n.v, ch<Char>(c)));
  return self;
}
template <typename Char>
Ptr ctor_ch_alloc(WindowsProcess& p, Ptr self, USize n, uint32_t c, Ptr) { return ctor_ch<Char>(p, self, n, c); }
template <typename Char>
Ptr ctor_ptr_ptr(WindowsProcess& p, Ptr self, Ptr first, Ptr last) {
  init<Char>(p, self.addr);
  set_text<Char>(p, self.addr, cstr_len<Char>(first.addr, last.addr > first.addr ? (last.addr - first.addr) / sizeof(Char) : 0));
  return self;
}
template <typename Char>
void dtor(WindowsProcess& p, Ptr self) { tidy<Char>(p, self.addr, true, 0); }

// ---- assignment, appending, inserting, erasing, replacing ----
template <typename Char>
Ptr assign(WindowsProcess& p, Ptr self, Ptr other) {
  if (self.addr != other.addr) set_text<Char>(p, self.addr, text_of<Char>(p, other.addr));
  return self;
}
template <typename Char>
Ptr assign_substr(WindowsProcess& p, Ptr self, Ptr other, USize pos, USize n) {
  const Text<Char> t = text_of<Char>(p, other.addr);
  set_text<Char>(p, self.addr, t.substr(pos.v, clip(p, t.size(), pos.v, n.v)));
  return self;
}
template <typename Char>
Ptr assign_cstr(WindowsProcess& p, Ptr self, Ptr s) {
  set_text<Char>(p, self.addr, cstr<Char>(s.addr));
  return self;
}
template <typename Char>
Ptr assign_cstr_len(WindowsProcess& p, Ptr self, Ptr s, USize n) {
  set_text<Char>(p, self.addr, cstr_len<Char>(s.addr, n.v));
  return self;
}
template <typename Char>
Ptr assign_ch(WindowsProcess& p, Ptr self, uint32_t c) {
  set_text<Char>(p, self.addr, Text<Char>(1, ch<Char>(c)));
  return self;
}
template <typename Char>
Ptr assignn(WindowsProcess& p, Ptr self, USize n, uint32_t c) {
  if (n.v > max_size_<Char>(p)) xlen(p);
  set_text<Char>(p, self.addr, Text<Char>(n.v, ch<Char>(c)));
  return self;
}
template <typename Char>
Ptr assign_ptr_ptr(WindowsProcess& p, Ptr self, Ptr first, Ptr last) {
  return assign_cstr_len<Char>(p, self, first, USize(last.addr > first.addr ? (last.addr - first.addr) / sizeof(Char) : 0));
}
// The string with `t` put at `pos` in place of `n` characters: the work of append, insert, erase
// and replace, with their checks (out_of_range past the end, length_error beyond max_size). In
// place, grown first as set_text grows: what follows moves, the rest stays (appending a character
// costs no copy of the string).
template <typename Char>
Ptr splice(WindowsProcess& p, Ptr self, uint64_t pos, uint64_t n, const Text<Char>& t) {
  const uint64_t len = size_of(p, self.addr);
  n = clip(p, len, pos, n);
  if (len - n >= max_size_<Char>(p) - t.size()) xlen(p);
  const uint64_t new_len = len - n + t.size();
  if (grow<Char>(p, self.addr, new_len, false)) {
    auto* c = static_cast<Char*>(guest_pointer(chars<Char>(p, self.addr)));
    std::memmove(c + pos + t.size(), c + pos + n, (len - pos - n) * sizeof(Char));
    if (!t.empty()) std::memcpy(c + pos, t.data(), t.size() * sizeof(Char));
  }
  eos<Char>(p, self.addr, new_len);
  return self;
}
template <typename Char>
Text<Char> substr_of(WindowsProcess& p, uint64_t s, uint64_t pos, uint64_t n) {
  const Text<Char> t = text_of<Char>(p, s);
  return t.substr(pos, clip(p, t.size(), pos, n));
}
template <typename Char>
Ptr append(WindowsProcess& p, Ptr self, Ptr other) {
  return splice<Char>(p, self, size_of(p, self.addr), 0, text_of<Char>(p, other.addr));
}
template <typename Char>
Ptr append_substr(WindowsProcess& p, Ptr self, Ptr other, USize pos, USize n) {
  return splice<Char>(p, self, size_of(p, self.addr), 0, substr_of<Char>(p, other.addr, pos.v, n.v));
}
template <typename Char>
Ptr append_cstr(WindowsProcess& p, Ptr self, Ptr s) { return splice<Char>(p, self, size_of(p, self.addr), 0, cstr<Char>(s.addr)); }
template <typename Char>
Ptr append_cstr_len(WindowsProcess& p, Ptr self, Ptr s, USize n) {
  return splice<Char>(p, self, size_of(p, self.addr), 0, cstr_len<Char>(s.addr, n.v));
}
template <typename Char>
Ptr append_ch(WindowsProcess& p, Ptr self, uint32_t c) {
  return splice<Char>(p, self, size_of(p, self.addr), 0, Text<Char>(1, ch<Char>(c)));
}
template <typename Char>
Ptr append_len_ch(WindowsProcess& p, Ptr self, USize n, uint32_t c) {
  if (n.v > max_size_<Char>(p)) xlen(p);
  return splice<Char>(p, self, size_of(p, self.addr), 0, Text<Char>(n.v, ch<Char>(c)));
}
template <typename Char>
Ptr insert(WindowsProcess& p, Ptr self, USize pos, Ptr other) { return splice<Char>(p, self, pos.v, 0, text_of<Char>(p, other.addr)); }
template <typename Char>
Ptr insert_substr(WindowsProcess& p, Ptr self, USize pos, Ptr other, USize spos, USize n) {
  return splice<Char>(p, self, pos.v, 0, substr_of<Char>(p, other.addr, spos.v, n.v));
}
template <typename Char>
Ptr insert_cstr(WindowsProcess& p, Ptr self, USize pos, Ptr s) { return splice<Char>(p, self, pos.v, 0, cstr<Char>(s.addr)); }
template <typename Char>
Ptr insert_cstr_len(WindowsProcess& p, Ptr self, USize pos, Ptr s, USize n) {
  return splice<Char>(p, self, pos.v, 0, cstr_len<Char>(s.addr, n.v));
}
template <typename Char>
Ptr insert_chn(WindowsProcess& p, Ptr self, USize pos, USize n, uint32_t c) {
  if (n.v > max_size_<Char>(p)) xlen(p);
  return splice<Char>(p, self, pos.v, 0, Text<Char>(n.v, ch<Char>(c)));
}
template <typename Char>
Ptr erase(WindowsProcess& p, Ptr self, USize pos, USize n) { return splice<Char>(p, self, pos.v, n.v, Text<Char>()); }
template <typename Char>
Ptr replace(WindowsProcess& p, Ptr self, USize pos, USize n, Ptr other) {
  return splice<Char>(p, self, pos.v, n.v, text_of<Char>(p, other.addr));
}
template <typename Char>
Ptr replace_substr(WindowsProcess& p, Ptr self, USize pos, USize n, Ptr other, USize spos, USize sn) {
  return splice<Char>(p, self, pos.v, n.v, substr_of<Char>(p, other.addr, spos.v, sn.v));
}
template <typename Char>
Ptr replace_cstr(WindowsProcess& p, Ptr self, USize pos, USize n, Ptr s) { return splice<Char>(p, self, pos.v, n.v, cstr<Char>(s.addr)); }
template <typename Char>
Ptr replace_cstr_len(WindowsProcess& p, Ptr self, USize pos, USize n, Ptr s, USize sn) {
  return splice<Char>(p, self, pos.v, n.v, cstr_len<Char>(s.addr, sn.v));
}
template <typename Char>
Ptr replace_ch(WindowsProcess& p, Ptr self, USize pos, USize n, USize count, uint32_t c) {
  if (count.v > max_size_<Char>(p)) xlen(p);
  return splice<Char>(p, self, pos.v, n.v, Text<Char>(count.v, ch<Char>(c)));
}
template <typename Char>
void Chassign(WindowsProcess& p, Ptr self, USize off, USize count, uint32_t c) {
  const uint64_t at = chars<Char>(p, self.addr) + off.v * sizeof(Char);
  for (uint64_t i = 0; i < count.v; ++i) put<Char>(at + i * sizeof(Char), ch<Char>(c));
}

// ---- size and capacity ----
template <typename Char>
USize length(WindowsProcess& p, Ptr self) { return USize(size_of(p, self.addr)); }
template <typename Char>
USize capacity(WindowsProcess& p, Ptr self) { return USize(res_of(p, self.addr)); }
template <typename Char>
USize max_size(WindowsProcess& p, Ptr) { return USize(max_size_<Char>(p)); }
template <typename Char>
uint8_t empty(WindowsProcess& p, Ptr self) { return size_of(p, self.addr) == 0; }
template <typename Char>
void clear(WindowsProcess& p, Ptr self) { eos<Char>(p, self.addr, 0); }
template <typename Char>
void reserve(WindowsProcess& p, Ptr self, USize n) {
  const uint64_t len = size_of(p, self.addr);
  if (len <= n.v && res_of(p, self.addr) != n.v && grow<Char>(p, self.addr, n.v, true)) eos<Char>(p, self.addr, len);
}
template <typename Char>
void resize_ch(WindowsProcess& p, Ptr self, USize n, uint32_t c) {
  const uint64_t len = size_of(p, self.addr);
  if (n.v <= len) eos<Char>(p, self.addr, n.v);
  else append_len_ch<Char>(p, self, USize(n.v - len), c);
}
template <typename Char>
void resize(WindowsProcess& p, Ptr self, USize n) { resize_ch<Char>(p, self, n, 0); }
template <typename Char>
void swap(WindowsProcess& p, Ptr self, Ptr other) {
  if (self.addr == other.addr) return;
  // (one allocator for every string: the characters, size and capacity change places)
  const Fields f = fields(p);
  const uint64_t bytes = f.res + p.isa->ptr - f.buf;
  std::vector<uint8_t> keep(bytes);
  std::memcpy(keep.data(), guest_pointer(self.addr + f.buf), bytes);
  std::memmove(guest_pointer(self.addr + f.buf), guest_pointer(other.addr + f.buf), bytes);
  std::memcpy(guest_pointer(other.addr + f.buf), keep.data(), bytes);
}

// ---- characters ----
template <typename Char>
Ptr c_str(WindowsProcess& p, Ptr self) { return Ptr(chars<Char>(p, self.addr)); }
template <typename Char>
Ptr ptr(WindowsProcess& p, Ptr self) { return c_str<Char>(p, self); }
template <typename Char>
Ptr const_ptr(WindowsProcess& p, Ptr self) { return c_str<Char>(p, self); }
template <typename Char>
Ptr at(WindowsProcess& p, Ptr self, USize pos) {
  if (pos.v >= size_of(p, self.addr)) xran(p);
  return Ptr(chars<Char>(p, self.addr) + pos.v * sizeof(Char));
}
template <typename Char>
Ptr const_at(WindowsProcess& p, Ptr self, USize pos) { return at<Char>(p, self, pos); }
// operator[]: the character at `pos` (the one past the end is the terminating NUL).
template <typename Char>
Ptr operator_at(WindowsProcess& p, Ptr self, USize pos) { return Ptr(chars<Char>(p, self.addr) + pos.v * sizeof(Char)); }
template <typename Char>
Ptr const_operator_at(WindowsProcess& p, Ptr self, USize pos) { return operator_at<Char>(p, self, pos); }
template <typename Char>
Ptr operator_at_noverify(WindowsProcess& p, Ptr self, USize pos) { return operator_at<Char>(p, self, pos); }
template <typename Char>
Ptr operator_const_at_noverify(WindowsProcess& p, Ptr self, USize pos) { return operator_at<Char>(p, self, pos); }
template <typename Char>
Ptr substr(WindowsProcess& p, Ptr self, Ptr ret, USize pos, USize n) {
  const Text<Char> t = substr_of<Char>(p, self.addr, pos.v, n.v);
  init<Char>(p, ret.addr);
  set_text<Char>(p, ret.addr, t);
  return ret;
}
template <typename Char>
USize copy(WindowsProcess& p, Ptr self, Ptr dest, USize n, USize pos) {
  const uint64_t k = clip(p, size_of(p, self.addr), pos.v, n.v);
  if (k) std::memmove(guest_pointer(dest.addr), guest_pointer(chars<Char>(p, self.addr) + pos.v * sizeof(Char)), k * sizeof(Char));
  return USize(k);
}
template <typename Char>
USize Copy_s(WindowsProcess& p, Ptr self, Ptr dest, USize dest_size, USize n, USize pos) {
  const uint64_t k = clip(p, size_of(p, self.addr), pos.v, n.v);
  if (k > dest_size.v) xran(p);
  return copy<Char>(p, self, dest, USize(k), pos);
}
template <typename Char>
void eos_(WindowsProcess& p, Ptr self, USize len) { eos<Char>(p, self.addr, len.v); }
template <typename Char>
void tidy_(WindowsProcess& p, Ptr self, uint8_t built, USize n) { tidy<Char>(p, self.addr, built != 0, n.v); }
template <typename Char>
uint8_t grow_(WindowsProcess& p, Ptr self, USize n, uint8_t trim) { return grow<Char>(p, self.addr, n.v, trim != 0); }
template <typename Char>
void Copy_(WindowsProcess& p, Ptr self, USize n, USize len) {
  if (grow<Char>(p, self.addr, n.v, false)) eos<Char>(p, self.addr, len.v);
}
template <typename Char>
uint8_t inside(WindowsProcess& p, Ptr self, Ptr at) {
  const uint64_t first = chars<Char>(p, self.addr);
  return at.addr >= first && at.addr < first + size_of(p, self.addr) * sizeof(Char);
}
template <typename Char>
Ptr get_allocator(WindowsProcess&, Ptr, Ptr ret) { return ret; }

// ---- searching ----
// npos of the ISA for "not found", as a size_t result.
template <typename Char>
USize found(WindowsProcess& p, size_t at) { return USize(at == Text<Char>::npos ? npos(p) : at); }
size_t host_pos(WindowsProcess& p, uint64_t pos) { return pos == npos(p) ? std::string::npos : static_cast<size_t>(pos); }

#define POLYRUN_STRING_FINDS(name, method)                                                                   \
  template <typename Char>                                                                                  \
  USize name(WindowsProcess& p, Ptr self, Ptr other, USize pos) {                                           \
    return found<Char>(p, text_of<Char>(p, self.addr).method(text_of<Char>(p, other.addr), host_pos(p, pos.v))); \
  }                                                                                                         \
  template <typename Char>                                                                                  \
  USize name##_cstr(WindowsProcess& p, Ptr self, Ptr s, USize pos) {                                        \
    return found<Char>(p, text_of<Char>(p, self.addr).method(cstr<Char>(s.addr), host_pos(p, pos.v)));       \
  }                                                                                                         \
  template <typename Char>                                                                                  \
  USize name##_cstr_substr(WindowsProcess& p, Ptr self, Ptr s, USize pos, USize n) {                        \
    return found<Char>(p, text_of<Char>(p, self.addr).method(cstr_len<Char>(s.addr, n.v), host_pos(p, pos.v))); \
  }                                                                                                         \
  template <typename Char>                                                                                  \
  USize name##_ch(WindowsProcess& p, Ptr self, uint32_t c, USize pos) {                                     \
    return found<Char>(p, text_of<Char>(p, self.addr).method(ch<Char>(c), host_pos(p, pos.v)));             \
  }
POLYRUN_STRING_FINDS(find_off, find)
POLYRUN_STRING_FINDS(rfind_off, rfind)
POLYRUN_STRING_FINDS(find_first_of, find_first_of)
POLYRUN_STRING_FINDS(find_last_of, find_last_of)
POLYRUN_STRING_FINDS(find_first_not_of, find_first_not_of)
POLYRUN_STRING_FINDS(find_last_not_of, find_last_not_of)
#undef POLYRUN_STRING_FINDS
// (the runtime's names for find's and rfind's other forms)
template <typename Char>
USize find_cstr_off(WindowsProcess& p, Ptr self, Ptr s, USize pos) { return find_off_cstr<Char>(p, self, s, pos); }
template <typename Char>
USize find_cstr_substr(WindowsProcess& p, Ptr self, Ptr s, USize pos, USize n) { return find_off_cstr_substr<Char>(p, self, s, pos, n); }
template <typename Char>
USize find_ch(WindowsProcess& p, Ptr self, uint32_t c, USize pos) { return find_off_ch<Char>(p, self, c, pos); }
template <typename Char>
USize rfind_cstr_off(WindowsProcess& p, Ptr self, Ptr s, USize pos) { return rfind_off_cstr<Char>(p, self, s, pos); }
template <typename Char>
USize rfind_cstr_substr(WindowsProcess& p, Ptr self, Ptr s, USize pos, USize n) { return rfind_off_cstr_substr<Char>(p, self, s, pos, n); }
template <typename Char>
USize rfind_ch(WindowsProcess& p, Ptr self, uint32_t c, USize pos) { return rfind_off_ch<Char>(p, self, c, pos); }

// ---- comparing ----
// The first `n` characters of each by value, then the shorter first: -1, 0 or 1.
template <typename Char>
int32_t order(const Char* a, uint64_t an, const Char* b, uint64_t bn) {
  for (uint64_t i = 0; i < std::min(an, bn); ++i)
    if (a[i] != b[i]) return static_cast<std::make_unsigned_t<Char>>(a[i]) < static_cast<std::make_unsigned_t<Char>>(b[i]) ? -1 : 1;
  return an < bn ? -1 : an == bn ? 0 : 1;
}
template <typename Char>
int32_t order(const Text<Char>& a, const Text<Char>& b) {
  return order<Char>(a.data(), a.size(), b.data(), b.size());
}
template <typename Char>
int32_t compare(WindowsProcess& p, Ptr self, Ptr other) { return order<Char>(text_of<Char>(p, self.addr), text_of<Char>(p, other.addr)); }
template <typename Char>
int32_t compare_substr(WindowsProcess& p, Ptr self, USize pos, USize n, Ptr other) {
  return order<Char>(substr_of<Char>(p, self.addr, pos.v, n.v), text_of<Char>(p, other.addr));
}
template <typename Char>
int32_t compare_substr_substr(WindowsProcess& p, Ptr self, USize pos, USize n, Ptr other, USize spos, USize sn) {
  return order<Char>(substr_of<Char>(p, self.addr, pos.v, n.v), substr_of<Char>(p, other.addr, spos.v, sn.v));
}
template <typename Char>
int32_t compare_cstr(WindowsProcess& p, Ptr self, Ptr s) { return order<Char>(text_of<Char>(p, self.addr), cstr<Char>(s.addr)); }
template <typename Char>
int32_t compare_substr_cstr(WindowsProcess& p, Ptr self, USize pos, USize n, Ptr s) {
  return order<Char>(substr_of<Char>(p, self.addr, pos.v, n.v), cstr<Char>(s.addr));
}
template <typename Char>
int32_t compare_substr_cstr_len(WindowsProcess& p, Ptr self, USize pos, USize n, Ptr s, USize sn) {
  return order<Char>(substr_of<Char>(p, self.addr, pos.v, n.v), cstr_len<Char>(s.addr, sn.v));
}

// The free operators: ==, !=, <, >, <=, >= of two strings, a string and a C string, a C string and a string.
#define POLYRUN_STRING_RELATION(name, test)                                                                           \
  template <typename Char>                                                                                            \
  uint8_t name(WindowsProcess& p, Ptr a, Ptr b) {                                                                     \
    const int32_t r = order<Char>(text_of<Char>(p, a.addr), text_of<Char>(p, b.addr));                                \
    return test;                                                                                                      \
  }                                                                                                                   \
  template <typename Char>                                                                                            \
  uint8_t name##_bstr_cstr(WindowsProcess& p, Ptr a, Ptr b) {                                                         \
    const int32_t r = order<Char>(text_of<Char>(p, a.addr), cstr<Char>(b.addr));                                      \
    return test;                                                                                                      \
  }                                                                                                                   \
  template <typename Char>                                                                                            \
  uint8_t name##_cstr_bstr(WindowsProcess& p, Ptr a, Ptr b) {                                                         \
    const int32_t r = order<Char>(cstr<Char>(a.addr), text_of<Char>(p, b.addr));                                      \
    return test;                                                                                                      \
  }
POLYRUN_STRING_RELATION(equal, r == 0)
POLYRUN_STRING_RELATION(not_equal, r != 0)
POLYRUN_STRING_RELATION(lower, r < 0)
POLYRUN_STRING_RELATION(greater, r > 0)
POLYRUN_STRING_RELATION(leq, r <= 0)
POLYRUN_STRING_RELATION(geq, r >= 0)
#undef POLYRUN_STRING_RELATION
// (the runtime's names for == and != with the C string on either side)
template <typename Char>
uint8_t equal_str_cstr(WindowsProcess& p, Ptr a, Ptr b) { return equal_bstr_cstr<Char>(p, a, b); }
template <typename Char>
uint8_t equal_cstr_str(WindowsProcess& p, Ptr a, Ptr b) { return equal_cstr_bstr<Char>(p, a, b); }
template <typename Char>
uint8_t not_equal_str_cstr(WindowsProcess& p, Ptr a, Ptr b) { return not_equal_bstr_cstr<Char>(p, a, b); }
template <typename Char>
uint8_t not_equal_cstr_str(WindowsProcess& p, Ptr a, Ptr b) { return not_equal_cstr_bstr<Char>(p, a, b); }

// operator+: a new string (the returned object) of the two.
template <typename Char>
Ptr made(WindowsProcess& p, Ptr ret, const Text<Char>& t) {
  init<Char>(p, ret.addr);
  set_text<Char>(p, ret.addr, t);
  return ret;
}
// (a string of the left operand, then the right one appended: the capacity grows in those two steps)
template <typename Char>
Ptr joined(WindowsProcess& p, Ptr ret, const Text<Char>& left, const Text<Char>& right) {
  made<Char>(p, ret, left);
  return splice<Char>(p, ret, left.size(), 0, right);
}
template <typename Char>
Ptr concatenate(WindowsProcess& p, Ptr ret, Ptr a, Ptr b) { return joined<Char>(p, ret, text_of<Char>(p, a.addr), text_of<Char>(p, b.addr)); }
template <typename Char>
Ptr concatenate_bstr_cstr(WindowsProcess& p, Ptr ret, Ptr a, Ptr b) { return joined<Char>(p, ret, text_of<Char>(p, a.addr), cstr<Char>(b.addr)); }
template <typename Char>
Ptr concatenate_cstr_bstr(WindowsProcess& p, Ptr ret, Ptr a, Ptr b) { return joined<Char>(p, ret, cstr<Char>(a.addr), text_of<Char>(p, b.addr)); }
template <typename Char>
Ptr concatenate_bstr_ch(WindowsProcess& p, Ptr ret, Ptr a, uint32_t c) {
  return joined<Char>(p, ret, text_of<Char>(p, a.addr), Text<Char>(1, ch<Char>(c)));
}
template <typename Char>
Ptr concatenate_ch_bstr(WindowsProcess& p, Ptr ret, uint32_t c, Ptr b) {
  return joined<Char>(p, ret, Text<Char>(1, ch<Char>(c)), text_of<Char>(p, b.addr));
}

// ---- the inserter and extractors ----
constexpr int32_t kGood = 0, kEofBit = 1, kFailBit = 2, kBadBit = 4;
constexpr int32_t kLeft = 0x40, kAdjustfield = 0x1c0;
bool space(uint32_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// getline(is, str, delim): characters up to the delimiter (taken, not stored), the end, or
// max_size; failbit when none was taken.
template <typename Char>
Ptr getline_delim_(WindowsProcess& p, Ptr is, Ptr str, Char delim) {
  int32_t state = kGood;
  bool changed = false;
  if (istream_begin<Char>(p, is.addr, true)) {
    const uint64_t sb = p.get_ptr(stream_ios(p, is.addr) + ios_layout(p).strbuf);
    Text<Char> t;
    for (auto c = sb_sgetc<Char>(p, sb);; c = sb_snextc<Char>(p, sb)) {
      if (c == Traits<Char>::kEof) {
        state |= kEofBit;
        break;
      }
      if (static_cast<Char>(c) == delim) {
        changed = true;
        sb_sbumpc<Char>(p, sb);
        break;
      }
      if (t.size() >= max_size_<Char>(p)) {
        state |= kFailBit;
        break;
      }
      t.push_back(static_cast<Char>(c));
      changed = true;
    }
    set_text<Char>(p, str.addr, t);
  }
  istream_end(p, is.addr);
  if (!changed) state |= kFailBit;
  ios_setstate(p, stream_ios(p, is.addr), state);
  return is;
}
template <typename Char>
Ptr getline_bstr_delim(WindowsProcess& p, Ptr is, Ptr str, uint32_t delim) { return getline_delim_<Char>(p, is, str, ch<Char>(delim)); }
template <typename Char>
Ptr getline_bstr(WindowsProcess& p, Ptr is, Ptr str) { return getline_delim_<Char>(p, is, str, static_cast<Char>('\n')); }

// operator>>(is, str): white space skipped, then characters up to white space, the end, or the
// stream's width (max_size for none); the width then 0; failbit when none was taken.
template <typename Char>
Ptr read_bstr(WindowsProcess& p, Ptr is, Ptr str) {
  int32_t state = kGood;
  bool changed = false;
  const uint64_t ios = stream_ios(p, is.addr);
  if (istream_begin<Char>(p, is.addr, false)) {
    const uint64_t sb = p.get_ptr(ios + ios_layout(p).strbuf);
    const int64_t width = get_streamsize(p, ios + ios_layout(p).wide);
    const uint64_t limit = width > 0 && static_cast<uint64_t>(width) < max_size_<Char>(p) ? static_cast<uint64_t>(width) : max_size_<Char>(p);
    Text<Char> t;
    for (auto c = sb_sgetc<Char>(p, sb); t.size() < limit; c = sb_snextc<Char>(p, sb)) {
      if (c == Traits<Char>::kEof) {
        state |= kEofBit;
        break;
      }
      if (space(static_cast<uint32_t>(c) & (sizeof(Char) == 1 ? 0xff : 0xffff))) break;
      t.push_back(static_cast<Char>(c));
      changed = true;
    }
    set_text<Char>(p, str.addr, t);
  }
  put_streamsize(p, ios + ios_layout(p).wide, 0);
  istream_end(p, is.addr);
  if (!changed) state |= kFailBit;
  ios_setstate(p, ios, state);
  return is;
}

// operator<<(os, str): padded with the fill character to the stream's width (before unless
// left-adjusted, after then), the width then 0; badbit when the buffer takes less.
template <typename Char>
Ptr print_bstr(WindowsProcess& p, Ptr os, Ptr str) {
  const uint64_t ios = stream_ios(p, os.addr);
  const IosLayout l = ios_layout(p);
  const uint64_t size = size_of(p, str.addr);
  const int64_t width = get_streamsize(p, ios + l.wide);
  uint64_t pad = width <= 0 || static_cast<uint64_t>(width) <= size ? 0 : static_cast<uint64_t>(width) - size;
  int32_t state = kGood;
  if (!ostream_begin<Char>(p, os.addr)) {
    state |= kBadBit;
  } else {
    const uint64_t sb = p.get_ptr(ios + l.strbuf);
    const Char fill = get<Char>(ios + l.fill);
    const bool left = (get<int32_t>(ios + l.fmtfl) & kAdjustfield) == kLeft;
    if (!left)
      for (; pad > 0; --pad)
        if (sb_sputc<Char>(p, sb, fill) == Traits<Char>::kEof) {
          state |= kBadBit;
          break;
        }
    if (state == kGood && static_cast<uint64_t>(sb_sputn<Char>(p, sb, chars<Char>(p, str.addr), static_cast<int64_t>(size))) != size)
      state |= kBadBit;
    else
      for (; pad > 0; --pad)
        if (sb_sputc<Char>(p, sb, fill) == Traits<Char>::kEof) {
          state |= kBadBit;
          break;
        }
    put_streamsize(p, ios + l.wide, 0);
  }
  ostream_end<Char>(p, os.addr);
  ios_setstate(p, ios, state);
  return os;
}

// ---- the iterator forms ----
// An iterator's index in the string `s`, and an iterator {s, its address} stored at `ret`.
template <typename Char>
uint64_t index_of(WindowsProcess& p, uint64_t s, const StrIter& it) {
  const uint64_t first = chars<Char>(p, s);
  return it.pos >= first ? (it.pos - first) / sizeof(Char) : 0;
}
template <typename Char>
Ptr iter_at(WindowsProcess& p, Ptr ret, uint64_t s, uint64_t index) {
  p.put_ptr(ret.addr, s);
  p.put_ptr(ret.addr + p.isa->ptr, chars<Char>(p, s) + index * sizeof(Char));
  return ret;
}
template <typename Char>
Text<Char> between(const StrIter& first, const StrIter& last) {
  return cstr_len<Char>(first.pos, last.pos > first.pos ? (last.pos - first.pos) / sizeof(Char) : 0);
}
template <typename Char>
Ptr begin(WindowsProcess& p, Ptr self, Ptr ret) { return iter_at<Char>(p, ret, self.addr, 0); }
template <typename Char>
Ptr end(WindowsProcess& p, Ptr self, Ptr ret) { return iter_at<Char>(p, ret, self.addr, size_of(p, self.addr)); }
// reverse_iterator: its base iterator, the end's for rbegin and the beginning's for rend.
template <typename Char>
Ptr rbegin(WindowsProcess& p, Ptr self, Ptr ret) { return end<Char>(p, self, ret); }
template <typename Char>
Ptr rend(WindowsProcess& p, Ptr self, Ptr ret) { return begin<Char>(p, self, ret); }
template <typename Char>
USize Pdif(WindowsProcess&, StrIter a, StrIter b) {
  return USize(a.pos && b.pos && a.pos >= b.pos ? (a.pos - b.pos) / sizeof(Char) : 0);
}
template <typename Char>
Ptr ctor_iter(WindowsProcess& p, Ptr self, StrIter first, StrIter last) {
  init<Char>(p, self.addr);
  set_text<Char>(p, self.addr, between<Char>(first, last));
  return self;
}
template <typename Char>
Ptr append_iter(WindowsProcess& p, Ptr self, StrIter first, StrIter last) {
  return splice<Char>(p, self, size_of(p, self.addr), 0, between<Char>(first, last));
}
template <typename Char>
Ptr append_beg_end(WindowsProcess& p, Ptr self, Ptr first, Ptr last) {
  return splice<Char>(p, self, size_of(p, self.addr), 0, between<Char>({0, first.addr}, {0, last.addr}));
}
template <typename Char>
Ptr assign_iter(WindowsProcess& p, Ptr self, StrIter first, StrIter last) {
  set_text<Char>(p, self.addr, between<Char>(first, last));
  return self;
}
template <typename Char>
Ptr erase_iter(WindowsProcess& p, Ptr self, Ptr ret, StrIter at) {
  const uint64_t i = index_of<Char>(p, self.addr, at);
  splice<Char>(p, self, i, 1, Text<Char>());
  return iter_at<Char>(p, ret, self.addr, i);
}
template <typename Char>
Ptr erase_iter_range(WindowsProcess& p, Ptr self, Ptr ret, StrIter first, StrIter last) {
  const uint64_t i = index_of<Char>(p, self.addr, first), j = index_of<Char>(p, self.addr, last);
  splice<Char>(p, self, i, j > i ? j - i : 0, Text<Char>());
  return iter_at<Char>(p, ret, self.addr, i);
}
template <typename Char>
Ptr insert_iter_ch(WindowsProcess& p, Ptr self, Ptr ret, StrIter at, uint32_t c) {
  const uint64_t i = index_of<Char>(p, self.addr, at);
  splice<Char>(p, self, i, 0, Text<Char>(1, ch<Char>(c)));
  return iter_at<Char>(p, ret, self.addr, i);
}
template <typename Char>
Ptr insert_iter_null(WindowsProcess& p, Ptr self, Ptr ret, StrIter at) { return insert_iter_ch<Char>(p, self, ret, at, 0); }
template <typename Char>
void insert_iter_chn(WindowsProcess& p, Ptr self, StrIter at, USize n, uint32_t c) {
  if (n.v > max_size_<Char>(p)) xlen(p);
  splice<Char>(p, self, index_of<Char>(p, self.addr, at), 0, Text<Char>(n.v, ch<Char>(c)));
}
template <typename Char>
void insert_iter_ptr_ptr(WindowsProcess& p, Ptr self, StrIter at, Ptr first, Ptr last) {
  splice<Char>(p, self, index_of<Char>(p, self.addr, at), 0, between<Char>({0, first.addr}, {0, last.addr}));
}
template <typename Char>
void insert_iter_beg_end(WindowsProcess& p, Ptr self, StrIter at, StrIter first, StrIter last) {
  splice<Char>(p, self, index_of<Char>(p, self.addr, at), 0, between<Char>(first, last));
}
// replace(first, last, …): the characters between the two iterators in place of those given.
template <typename Char>
Ptr replace_range(WindowsProcess& p, Ptr self, const StrIter& first, const StrIter& last, const Text<Char>& t) {
  const uint64_t i = index_of<Char>(p, self.addr, first), j = index_of<Char>(p, self.addr, last);
  return splice<Char>(p, self, i, j > i ? j - i : 0, t);
}
template <typename Char>
Ptr replace_iter_bstr(WindowsProcess& p, Ptr self, StrIter first, StrIter last, Ptr str) {
  return replace_range<Char>(p, self, first, last, text_of<Char>(p, str.addr));
}
template <typename Char>
Ptr replace_iter_ch(WindowsProcess& p, Ptr self, StrIter first, StrIter last, USize n, uint32_t c) {
  if (n.v > max_size_<Char>(p)) xlen(p);
  return replace_range<Char>(p, self, first, last, Text<Char>(n.v, ch<Char>(c)));
}
template <typename Char>
Ptr replace_iter_cstr(WindowsProcess& p, Ptr self, StrIter first, StrIter last, Ptr s) {
  return replace_range<Char>(p, self, first, last, cstr<Char>(s.addr));
}
template <typename Char>
Ptr replace_iter_cstr_len(WindowsProcess& p, Ptr self, StrIter first, StrIter last, Ptr s, USize n) {
  return replace_range<Char>(p, self, first, last, cstr_len<Char>(s.addr, n.v));
}
template <typename Char>
Ptr replace_iter_iter(WindowsProcess& p, Ptr self, StrIter first, StrIter last, StrIter from, StrIter to) {
  return replace_range<Char>(p, self, first, last, between<Char>(from, to));
}
template <typename Char>
Ptr replace_iter_ptr_ptr(WindowsProcess& p, Ptr self, StrIter first, StrIter last, Ptr from, Ptr to) {
  return replace_range<Char>(p, self, first, last, between<Char>({0, from.addr}, {0, to.addr}));
}

// ---- the table ----
template <typename Char>
Export make(const char* name, const char* op) {
  // Member functions thiscall on i386; the free operators and npos cdecl / data.
#define METHOD(fn) \
  if (!std::strcmp(op, #fn)) return EXPORT_METHOD(name, fn<Char>);
#define FREE(fn) \
  if (!std::strcmp(op, #fn)) return EXPORT(name, fn<Char>);
  METHOD(ctor) METHOD(ctor_alloc) METHOD(copy_ctor) METHOD(ctor_substr) METHOD(ctor_substr_alloc) METHOD(ctor_cstr)
  METHOD(ctor_cstr_alloc) METHOD(ctor_cstr_len) METHOD(ctor_cstr_len_alloc) METHOD(ctor_ch) METHOD(ctor_ch_alloc)
  METHOD(ctor_ptr_ptr) METHOD(dtor) METHOD(assign) METHOD(assign_substr) METHOD(assign_cstr) METHOD(assign_cstr_len)
  METHOD(assign_ch) METHOD(assignn) METHOD(assign_ptr_ptr) METHOD(append) METHOD(append_substr) METHOD(append_cstr)
  METHOD(append_cstr_len) METHOD(append_ch) METHOD(append_len_ch) METHOD(insert) METHOD(insert_substr)
  METHOD(insert_cstr) METHOD(insert_cstr_len) METHOD(insert_chn) METHOD(erase) METHOD(replace) METHOD(replace_substr)
  METHOD(replace_cstr) METHOD(replace_cstr_len) METHOD(replace_ch) METHOD(Chassign) METHOD(length) METHOD(capacity)
  METHOD(max_size) METHOD(empty) METHOD(clear) METHOD(reserve) METHOD(resize) METHOD(resize_ch) METHOD(swap)
  METHOD(c_str) METHOD(ptr) METHOD(const_ptr) METHOD(at) METHOD(const_at) METHOD(operator_at) METHOD(const_operator_at)
  METHOD(operator_at_noverify) METHOD(operator_const_at_noverify) METHOD(substr) METHOD(copy) METHOD(Copy_s)
  METHOD(inside) METHOD(get_allocator) METHOD(find_off) METHOD(find_cstr_off) METHOD(find_cstr_substr) METHOD(find_ch)
  METHOD(rfind_off) METHOD(rfind_cstr_off) METHOD(rfind_cstr_substr) METHOD(rfind_ch) METHOD(find_first_of)
  METHOD(find_first_of_cstr) METHOD(find_first_of_cstr_substr) METHOD(find_first_of_ch) METHOD(find_last_of)
  METHOD(find_last_of_cstr) METHOD(find_last_of_cstr_substr) METHOD(find_last_of_ch) METHOD(find_first_not_of)
  METHOD(find_first_not_of_cstr) METHOD(find_first_not_of_cstr_substr) METHOD(find_first_not_of_ch)
  METHOD(find_last_not_of) METHOD(find_last_not_of_cstr) METHOD(find_last_not_of_cstr_substr) METHOD(find_last_not_of_ch)
  METHOD(compare) METHOD(compare_substr) METHOD(compare_substr_substr) METHOD(compare_cstr) METHOD(compare_substr_cstr)
  METHOD(compare_substr_cstr_len)
  METHOD(begin) METHOD(end) METHOD(rbegin) METHOD(rend) METHOD(ctor_iter) METHOD(append_iter) METHOD(append_beg_end)
  METHOD(assign_iter) METHOD(erase_iter) METHOD(erase_iter_range) METHOD(insert_iter_ch) METHOD(insert_iter_null)
  METHOD(insert_iter_chn) METHOD(insert_iter_ptr_ptr) METHOD(insert_iter_beg_end) METHOD(replace_iter_bstr)
  METHOD(replace_iter_ch) METHOD(replace_iter_cstr) METHOD(replace_iter_cstr_len) METHOD(replace_iter_iter)
  METHOD(replace_iter_ptr_ptr) FREE(Pdif)
  FREE(equal) FREE(equal_str_cstr) FREE(equal_cstr_str) FREE(not_equal) FREE(not_equal_str_cstr) FREE(not_equal_cstr_str)
  FREE(lower) FREE(lower_bstr_cstr) FREE(lower_cstr_bstr) FREE(greater) FREE(greater_bstr_cstr) FREE(greater_cstr_bstr)
  FREE(leq) FREE(leq_bstr_cstr) FREE(leq_cstr_bstr) FREE(geq) FREE(geq_bstr_cstr) FREE(geq_cstr_bstr)
  FREE(concatenate) FREE(concatenate_bstr_cstr) FREE(concatenate_cstr_bstr) FREE(concatenate_bstr_ch)
  FREE(concatenate_ch_bstr) FREE(getline_bstr) FREE(getline_bstr_delim) FREE(read_bstr) FREE(print_bstr)
#undef METHOD
#undef FREE
  if (!std::strcmp(op, "eos")) return EXPORT_METHOD(name, eos_<Char>);
  if (!std::strcmp(op, "tidy")) return EXPORT_METHOD(name, tidy_<Char>);
  if (!std::strcmp(op, "grow")) return EXPORT_METHOD(name, grow_<Char>);
  if (!std::strcmp(op, "_Copy")) return EXPORT_METHOD(name, Copy_<Char>);
  // (npos: size_t's every bit set, 8 bytes of them read as 4 on i386)
  if (!std::strcmp(op, "npos")) return EXPORT_DATA(name, (constant<~0ull, 8>));
  return Export{name, nullptr, 0, nullptr};  // (not in this file: the program stops if it calls it)
}

struct NameEntry {
  const char *op, *code, *x86, *x64;
};
const NameEntry kNames[] = {
#define STRING_NAME(op, code, x86, x64) {#op, code, x86, x64},
#include "shims/msvcp90/string_names.inc"
#undef STRING_NAME
};

}  // namespace string_file

const std::vector<Export>& string_exports() {
  static const std::vector<Export> e = [] {
    std::vector<Export> all;
    for (const auto& n : string_file::kNames)
      for (const char* name : {n.x86, n.x64}) {
        if (!*name) continue;
        all.push_back(std::strcmp(n.code, "D") == 0 ? string_file::make<char>(name, n.op)
                                                    : string_file::make<char16_t>(name, n.op));
      }
    return all;
  }();
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
