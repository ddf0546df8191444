// MSVCP140.dll's std::basic_istream<char>, <wchar_t> and <unsigned short> and basic_iostream: the
// sentry's work (_Ipfx/ipfx: the tied stream flushed, white space skipped as skipws says), get,
// getline, ignore, peek, putback, unget, read, readsome, gcount, sync, tellg, seekg, swap, the
// extractors of every arithmetic type (read as num_get reads them in the "C" locale: the longest
// field the type's syntax allows, then converted), pointers, into a stream buffer, and the
// manipulator functions.
//
// The object, as MSVC lays it out: vbptr ({0, 24}), streamsize _Chcount, the vtordisp, then the
// basic_ios part (at 24); basic_iostream: the basic_istream's vbptr ({0, 32}) and _Chcount, the
// basic_ostream's vbptr at 16 ({0, 16}), the basic_ios part at 32 (ostream.cpp says more).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp140/guest_objects.h"
#include "shims/msvcp140/ios_internal.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

namespace objects {

// The characters of a number's field as num_get takes them (the "C" locale): a sign, then digits
// of the base (0x after a 0 where the base is 16 or chosen by the prefix), or for a floating-point
// value digits, one point and an exponent. eofbit where the input ended.
template <typename Char>
std::string take_field(WindowsProcess& p, uint64_t sb, bool floating, int base, int32_t* state) {
  constexpr int32_t kEofBit = 1;
  std::string s;
  auto c = sb_sgetc<Char>(p, sb);
  auto at_end = [&] { return c == Traits<Char>::kEof; };
  auto ch = [&] { return static_cast<char>(static_cast<uint32_t>(c) < 0x80 ? c : 0); };
  auto next = [&] {
    s += ch();
    c = sb_snextc<Char>(p, sb);
  };
  if (!at_end() && (ch() == '+' || ch() == '-')) next();
  if (floating) {
    bool digits = false, point = false;
    while (!at_end()) {
      const char x = ch();
      if (x >= '0' && x <= '9') digits = true, next();
      else if (x == '.' && !point) point = true, next();
      else break;
    }
    if (digits && !at_end() && (ch() == 'e' || ch() == 'E')) {
      next();
      if (!at_end() && (ch() == '+' || ch() == '-')) next();
      while (!at_end() && ch() >= '0' && ch() <= '9') next();
    }
  } else {
    if (!at_end() && ch() == '0' && (base == 16 || base == 0)) {
      next();
      if (!at_end() && (ch() == 'x' || ch() == 'X')) {
        next();
        base = 16;
      } else if (base == 0) {
        base = 8;
      }
    }
    if (base == 0) base = 10;
    while (!at_end()) {
      const char x = ch();
      const bool digit = base == 16 ? std::isxdigit(static_cast<unsigned char>(x)) != 0
                                    : x >= '0' && x < static_cast<char>('0' + (base < 10 ? base : 10));
      if (!digit) break;
      next();
    }
  }
  if (at_end()) *state |= kEofBit;
  return s;
}

// num_get's work: a number of `kind` read from the buffer `sb` as the format flags `flags` say into
// *out (its bits; untouched on failure; lo and hi its type's range); the state to set (eofbit,
// failbit).
template <typename Char>
int32_t parse_number(WindowsProcess& p, uint64_t sb, int32_t flags, NumKind kind, uint64_t* out, int64_t lo, uint64_t hi) {
  constexpr int32_t kGood = 0, kFail = 2;
  const int32_t basefield = flags & 0xe00;
  const int base = basefield == 0x400 ? 8 : basefield == 0x800 ? 16 : basefield == 0 ? 0 : 10;
  int32_t state = kGood;
  const std::string text = take_field<Char>(p, sb, kind == kNumDouble, base, &state);
  if (text.empty() || text == "+" || text == "-") return state | kFail;
  errno = 0;
  char* end = nullptr;
  if (kind == kNumDouble) {
    const double d = std::strtod(text.c_str(), &end);
    if (*end || errno == ERANGE) return state | kFail;
    std::memcpy(out, &d, 8);
  } else if (kind == kNumLong || kind == kNumInt64) {
    const long long v = std::strtoll(text.c_str(), &end, base);
    if (*end || errno == ERANGE || v < lo || v > static_cast<long long>(hi)) return state | kFail;
    *out = static_cast<uint64_t>(v);
  } else {
    // (a negative value is its magnitude negated in the type's width, as strtoul's)
    const bool negative = text[0] == '-';
    const unsigned long long v = std::strtoull(text.c_str() + (negative || text[0] == '+' ? 1 : 0), &end, base);
    if (*end || errno == ERANGE || v > hi) return state | kFail;
    *out = negative ? (0 - v) & hi : v;
  }
  return state;
}

template int32_t parse_number<char>(WindowsProcess&, uint64_t, int32_t, NumKind, uint64_t*, int64_t, uint64_t);
template int32_t parse_number<char16_t>(WindowsProcess&, uint64_t, int32_t, NumKind, uint64_t*, int64_t, uint64_t);

}  // namespace objects

namespace istream_file {

using namespace objects;

constexpr int32_t kGood = 0, kEofBit = 1, kFail = 2, kBad = 4, kSkipws = 0x1, kIn = 1, kCur = 1;

uint64_t ios_of(WindowsProcess& p, uint64_t is) { return stream_ios(p, is); }
uint64_t rdbuf_of(WindowsProcess& p, uint64_t is) { return p.get_ptr(ios_of(p, is) + ios_layout(p).strbuf); }
int32_t state_of(WindowsProcess& p, uint64_t is) { return get<int32_t>(ios_of(p, is) + ios_layout(p).state); }
// _Chcount: after the vbptr, 8-aligned when it is an __int64.
uint64_t count_at(const WindowsProcess& p, uint64_t is) { return is + (streamsize_bytes(p) == 8 ? 8 : 4); }
int64_t get_count(const WindowsProcess& p, uint64_t is) { return get_streamsize(p, count_at(p, is)); }
void set_count(const WindowsProcess& p, uint64_t is, int64_t n) { put_streamsize(p, count_at(p, is), n); }
void add_count(const WindowsProcess& p, uint64_t is, int64_t n) { set_count(p, is, get_count(p, is) + n); }
void setstate(WindowsProcess& p, uint64_t is, int32_t state) {
  if (state) ios_setstate(p, ios_of(p, is), state);
}
// The "C" locale's white space.
bool is_space(uint32_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

const std::vector<Export>& istream_vtable_char();
const std::vector<Export>& istream_vtable_wide();
const std::vector<Export>& iostream_vtable_char();
const std::vector<Export>& iostream_vtable_wide();
template <typename Char>
const std::vector<Export>& istream_vtable() {
  if constexpr (sizeof(Char) == 1) return istream_vtable_char();
  else return istream_vtable_wide();
}
template <typename Char>
const std::vector<Export>& iostream_vtable() {
  if constexpr (sizeof(Char) == 1) return iostream_vtable_char();
  else return iostream_vtable_wide();
}

// ---- construction ----

template <typename Char>
Ptr ctor_init(WindowsProcess& p, Ptr self, Ptr sb, uint8_t isstd, uint8_t noinit, int32_t virt) {
  if (virt) {
    p.put_ptr(self.addr, vbtable(p, kVbIstream));
    p.put_ptr(ios_of(p, self.addr), basic_ios_vtable_of(p, sizeof(Char) != 1));
    put<int32_t>(ios_of(p, self.addr) - 4, 0);  // the vtordisp
  }
  set_count(p, self.addr, 0);
  const uint64_t ios = ios_of(p, self.addr);
  p.put_ptr(ios, vtable(p, istream_vtable<Char>()));
  if (!noinit) ios_init_stream(p, ios, sb.addr, isstd != 0, sizeof(Char) != 1);
  return self;
}
template <typename Char>
Ptr ctor_sb(WindowsProcess& p, Ptr self, Ptr sb, uint8_t isstd, int32_t virt) { return ctor_init<Char>(p, self, sb, isstd, 0, virt); }
template <typename Char>
Ptr ctor_uninit(WindowsProcess& p, Ptr self, int32_t, int32_t virt) {
  if (virt) {
    p.put_ptr(self.addr, vbtable(p, kVbIstream));
    put<int32_t>(ios_of(p, self.addr) - 4, 0);
  }
  const uint64_t ios = ios_of(p, self.addr);
  p.put_ptr(ios, vtable(p, istream_vtable<Char>()));
  p.call_export(this_dll().name, p.isa->ptr == 8 ? "?_Addstd@ios_base@std@@SAXPEAV12@@Z" : "?_Addstd@ios_base@std@@SAXPAV12@@Z", {ios});
  return self;
}
template <typename Char>
void dtor(WindowsProcess&, Ptr) {}
template <typename Char>
void vbase_dtor(WindowsProcess& p, Ptr self) { ios_base_destroy(p, ios_of(p, self.addr)); }
template <typename Char>
Ptr vector_dtor(WindowsProcess& p, Ptr ios, uint32_t flags) {
  const uint64_t obj = ios.addr - 24;
  ios_base_destroy(p, ios.addr);
  if (flags & 1) delete_object(p, obj);
  return obj;
}

// ---- the sentry ----

// The stream good (the tied stream flushed), and white space skipped unless `noskip`; failbit
// (and eofbit at the end) when not.
template <typename Char>
uint8_t Ipfx(WindowsProcess& p, Ptr self, uint8_t noskip) {
  const uint64_t ios = ios_of(p, self.addr);
  const IosLayout l = ios_layout(p);
  if (state_of(p, self.addr) != kGood) {
    setstate(p, self.addr, kFail);
    return 0;
  }
  if (const uint64_t tie = p.get_ptr(ios + l.tie)) {
    if (sizeof(Char) == 1)
      call_method(p, "?flush@?$basic_ostream@DU?$char_traits@D@std@@@std@@QAEAAV12@XZ",
                  "?flush@?$basic_ostream@DU?$char_traits@D@std@@@std@@QEAAAEAV12@XZ", tie, {});
    else
      call_method(p, "?flush@?$basic_ostream@_WU?$char_traits@_W@std@@@std@@QAEAAV12@XZ",
                  "?flush@?$basic_ostream@_WU?$char_traits@_W@std@@@std@@QEAAAEAV12@XZ", tie, {});
  }
  if (!noskip && (get<int32_t>(ios + l.fmtfl) & kSkipws)) {
    const uint64_t sb = rdbuf_of(p, self.addr);
    int32_t state = kGood;
    for (auto c = sb_sgetc<Char>(p, sb);; c = sb_snextc<Char>(p, sb)) {
      if (c == Traits<Char>::kEof) {
        state = kEofBit;
        break;
      }
      if (!is_space(static_cast<uint32_t>(c) & (sizeof(Char) == 1 ? 0xff : 0xffff))) break;
    }
    setstate(p, self.addr, state);
    if (state_of(p, self.addr) != kGood) {
      setstate(p, self.addr, kFail);
      return 0;
    }
  }
  return 1;
}
template <typename Char>
uint8_t ipfx(WindowsProcess& p, Ptr self, uint8_t noskip) { return Ipfx<Char>(p, self, noskip); }
template <typename Char>
void isfx(WindowsProcess&, Ptr) {}

template <typename Char>
struct Sentry {
  Sentry(WindowsProcess& p, uint64_t is, bool noskip) : p_(p), sb_(rdbuf_of(p, is)) {
    if (sb_) vcall(p, sb_, 1, {});
    ok = Ipfx<Char>(p, is, noskip) != 0;
  }
  ~Sentry() {
    if (sb_) vcall(p_, sb_, 2, {});
  }
  WindowsProcess& p_;
  uint64_t sb_;
  bool ok = false;
};

// ---- unformatted input ----

using Int = int64_t;

template <typename Char>
typename Traits<Char>::Int get_char(WindowsProcess& p, Ptr self) {
  set_count(p, self.addr, 0);
  int32_t state = kGood;
  typename Traits<Char>::Int c = Traits<Char>::kEof;
  {
    Sentry<Char> s(p, self.addr, true);
    if (s.ok) {
      c = sb_sbumpc<Char>(p, rdbuf_of(p, self.addr));
      if (c == Traits<Char>::kEof) state = kEofBit | kFail;
      else set_count(p, self.addr, 1);
    }
  }
  setstate(p, self.addr, state);
  return c;
}
template <typename Char>
Ptr get_ch(WindowsProcess& p, Ptr self, Ptr ch) {
  const auto c = get_char<Char>(p, self);
  if (c != Traits<Char>::kEof) put<Char>(ch.addr, static_cast<Char>(c));
  return self;
}
template <typename Char>
Ptr get_str_delim(WindowsProcess& p, Ptr self, Ptr s, Streamsize n_arg, Char delim) {
  int64_t n = ssize(p, n_arg);
  set_count(p, self.addr, 0);
  int32_t state = kGood;
  uint64_t out = s.addr;
  {
    Sentry<Char> sentry(p, self.addr, true);
    if (sentry.ok && n > 0) {
      const uint64_t sb = rdbuf_of(p, self.addr);
      auto c = sb_sgetc<Char>(p, sb);
      for (; 0 < --n; c = sb_snextc<Char>(p, sb)) {
        if (c == Traits<Char>::kEof) {
          state |= kEofBit;
          break;
        }
        if (static_cast<Char>(c) == delim) break;
        put<Char>(out, static_cast<Char>(c));
        out += sizeof(Char);
        add_count(p, self.addr, 1);
      }
    }
  }
  if (!get_count(p, self.addr)) state |= kFail;
  setstate(p, self.addr, state);
  if (n >= 0 && s) put<Char>(out, 0);
  return self;
}
template <typename Char>
Ptr get_str(WindowsProcess& p, Ptr self, Ptr s, Streamsize n_arg) {
  int64_t n = ssize(p, n_arg);
  return get_str_delim<Char>(p, self, s, n, ios_widen<Char>(p, ios_of(p, self.addr), '\n'));
}
template <typename Char>
Ptr get_sb_delim(WindowsProcess& p, Ptr self, Ptr to, Char delim) {
  set_count(p, self.addr, 0);
  int32_t state = kGood;
  {
    Sentry<Char> sentry(p, self.addr, true);
    if (sentry.ok) {
      const uint64_t sb = rdbuf_of(p, self.addr);
      for (auto c = sb_sgetc<Char>(p, sb);; c = sb_snextc<Char>(p, sb)) {
        if (c == Traits<Char>::kEof) {
          state |= kEofBit;
          break;
        }
        if (static_cast<Char>(c) == delim || sb_sputc<Char>(p, to.addr, static_cast<Char>(c)) == Traits<Char>::kEof) break;
        add_count(p, self.addr, 1);
      }
    }
  }
  if (!get_count(p, self.addr)) state |= kFail;
  setstate(p, self.addr, state);
  return self;
}
template <typename Char>
Ptr get_sb(WindowsProcess& p, Ptr self, Ptr to) {
  return get_sb_delim<Char>(p, self, to, ios_widen<Char>(p, ios_of(p, self.addr), '\n'));
}
// A line into `s` (at most n - 1 characters and the NUL): the delimiter taken and counted, not
// stored; failbit when the line is longer or nothing was taken.
template <typename Char>
Ptr getline_delim(WindowsProcess& p, Ptr self, Ptr s, Streamsize n_arg, Char delim) {
  int64_t n = ssize(p, n_arg);
  set_count(p, self.addr, 0);
  int32_t state = kGood;
  uint64_t out = s.addr;
  {
    Sentry<Char> sentry(p, self.addr, true);
    if (sentry.ok && n > 0) {
      const uint64_t sb = rdbuf_of(p, self.addr);
      for (auto c = sb_sgetc<Char>(p, sb);; c = sb_snextc<Char>(p, sb)) {
        if (c == Traits<Char>::kEof) {
          state |= kEofBit;
          break;
        }
        if (static_cast<Char>(c) == delim) {
          add_count(p, self.addr, 1);
          sb_sbumpc<Char>(p, sb);
          break;
        }
        if (--n <= 0) {
          state |= kFail;
          break;
        }
        put<Char>(out, static_cast<Char>(c));
        out += sizeof(Char);
        add_count(p, self.addr, 1);
      }
    }
  }
  if (s) put<Char>(out, 0);
  if (!get_count(p, self.addr)) state |= kFail;
  setstate(p, self.addr, state);
  return self;
}
template <typename Char>
Ptr getline(WindowsProcess& p, Ptr self, Ptr s, Streamsize n_arg) {
  int64_t n = ssize(p, n_arg);
  return getline_delim<Char>(p, self, s, n, ios_widen<Char>(p, ios_of(p, self.addr), '\n'));
}
template <typename Char>
Ptr ignore(WindowsProcess& p, Ptr self, Streamsize n_arg, typename Traits<Char>::Int delim) {
  int64_t n = ssize(p, n_arg);
  set_count(p, self.addr, 0);
  int32_t state = kGood;
  {
    Sentry<Char> sentry(p, self.addr, true);
    if (sentry.ok && n > 0) {
      const uint64_t sb = rdbuf_of(p, self.addr);
      for (;;) {
        if (n != std::numeric_limits<int64_t>::max() && --n < 0) break;
        const auto c = sb_sbumpc<Char>(p, sb);
        if (c == Traits<Char>::kEof) {
          state |= kEofBit;
          break;
        }
        add_count(p, self.addr, 1);
        if (c == delim) break;
      }
    }
  }
  setstate(p, self.addr, state);
  return self;
}
template <typename Char>
typename Traits<Char>::Int peek(WindowsProcess& p, Ptr self) {
  set_count(p, self.addr, 0);
  int32_t state = kGood;
  typename Traits<Char>::Int c = Traits<Char>::kEof;
  {
    Sentry<Char> sentry(p, self.addr, true);
    if (sentry.ok) {
      c = sb_sgetc<Char>(p, rdbuf_of(p, self.addr));
      if (c == Traits<Char>::kEof) state = kEofBit;
    }
  }
  setstate(p, self.addr, state);
  return c;
}
// putback and unget: eofbit cleared first; badbit when the buffer cannot step back.
void clear_eof(WindowsProcess& p, uint64_t is) {
  const uint64_t at = ios_of(p, is) + ios_layout(p).state;
  put<int32_t>(at, get<int32_t>(at) & ~kEofBit);
}
template <typename Char>
Ptr putback(WindowsProcess& p, Ptr self, Char c) {
  set_count(p, self.addr, 0);
  clear_eof(p, self.addr);
  int32_t state = kGood;
  {
    Sentry<Char> sentry(p, self.addr, true);
    if (sentry.ok && sb_sputbackc<Char>(p, rdbuf_of(p, self.addr), c) == Traits<Char>::kEof) state = kBad;
  }
  setstate(p, self.addr, state);
  return self;
}
template <typename Char>
Ptr unget(WindowsProcess& p, Ptr self) {
  set_count(p, self.addr, 0);
  clear_eof(p, self.addr);
  int32_t state = kGood;
  {
    Sentry<Char> sentry(p, self.addr, true);
    if (sentry.ok && sb_sungetc<Char>(p, rdbuf_of(p, self.addr)) == Traits<Char>::kEof) state = kBad;
  }
  setstate(p, self.addr, state);
  return self;
}
template <typename Char>
Ptr read(WindowsProcess& p, Ptr self, Ptr s, Streamsize n_arg) {
  int64_t n = ssize(p, n_arg);
  set_count(p, self.addr, 0);
  int32_t state = kGood;
  {
    Sentry<Char> sentry(p, self.addr, true);
    if (sentry.ok && n > 0) {
      const int64_t got = sb_sgetn<Char>(p, rdbuf_of(p, self.addr), s.addr, n);
      set_count(p, self.addr, got);
      if (got != n) state = kEofBit | kFail;
    }
  }
  setstate(p, self.addr, state);
  return self;
}
template <typename Char>
int64_t readsome(WindowsProcess& p, Ptr self, Ptr s, Streamsize n_arg) {
  int64_t n = ssize(p, n_arg);
  set_count(p, self.addr, 0);
  int32_t state = kGood;
  int64_t avail = 0;
  bool ok;
  {
    Sentry<Char> sentry(p, self.addr, true);
    ok = sentry.ok;
    if (ok) avail = sb_in_avail<Char>(p, rdbuf_of(p, self.addr));
  }
  if (!ok) state = kFail;
  else if (avail < 0) state = kEofBit;
  else if (n > 0 && avail > 0) read<Char>(p, self, s, n < avail ? n : avail);
  setstate(p, self.addr, state);
  return get_count(p, self.addr);
}
template <typename Char>
int64_t gcount(WindowsProcess& p, Ptr self) { return get_count(p, self.addr); }
template <typename Char>
int32_t sync(WindowsProcess& p, Ptr self) {
  const uint64_t sb = rdbuf_of(p, self.addr);
  if (!sb) return -1;
  if (sb_pubsync(p, sb) == -1) {
    setstate(p, self.addr, kBad);
    return -1;
  }
  return 0;
}
template <typename Char>
Ptr tellg(WindowsProcess& p, Ptr self, Ptr ret) {
  int64_t pos = -1;
  {
    Sentry<Char> sentry(p, self.addr, true);
    if (!(state_of(p, self.addr) & (kFail | kBad))) pos = sb_pubseekoff(p, rdbuf_of(p, self.addr), 0, kCur, kIn);
  }
  put_fpos(ret.addr, pos);
  return ret;
}
template <typename Char>
Ptr seekg_off(WindowsProcess& p, Ptr self, Streamsize off_arg, int32_t way) {
  const int64_t off = ssize(p, off_arg);
  clear_eof(p, self.addr);
  int32_t state = kGood;
  {
    Sentry<Char> sentry(p, self.addr, true);
    if (!(state_of(p, self.addr) & (kFail | kBad)) && sb_pubseekoff(p, rdbuf_of(p, self.addr), off, way, kIn) == -1) state = kFail;
  }
  setstate(p, self.addr, state);
  return self;
}
template <typename Char>
void seekg_to(WindowsProcess& p, uint64_t is, int64_t pos) {
  clear_eof(p, is);
  int32_t state = kGood;
  {
    Sentry<Char> sentry(p, is, true);
    if (!(state_of(p, is) & (kFail | kBad)) && sb_pubseekpos(p, rdbuf_of(p, is), pos, kIn) == -1) state = kFail;
  }
  setstate(p, is, state);
}
template <typename Char>
Ptr seekg_pos(WindowsProcess& p, Ptr self, Ptr pos) {
  seekg_to<Char>(p, self.addr, fpos_position(p, pos.addr));
  return self;
}
template <typename Char>
Ptr seekg_pos_i386(WindowsProcess& p, Ptr self, uint32_t o0, uint32_t o1, uint32_t f0, uint32_t f1, uint32_t, uint32_t) {
  seekg_to<Char>(p, self.addr, static_cast<int64_t>(o0 | uint64_t{o1} << 32) + static_cast<int64_t>(f0 | uint64_t{f1} << 32));
  return self;
}
template <typename Char>
void swap(WindowsProcess& p, Ptr self, Ptr other) {
  if (self.addr == other.addr) return;
  ios_swap(p, ios_of(p, self.addr), ios_of(p, other.addr), sizeof(Char) != 1);
  const int64_t c = get_count(p, self.addr);
  set_count(p, self.addr, get_count(p, other.addr));
  set_count(p, other.addr, c);
}

// ---- formatted input ----

// Reads a number of `kind` into *out (the bits; untouched on failure); the state to set.
template <typename Char>
int32_t get_number(WindowsProcess& p, uint64_t is, NumKind kind, uint64_t* out, int64_t lo, uint64_t hi) {
  const int32_t flags = get<int32_t>(ios_of(p, is) + ios_layout(p).fmtfl);
  return parse_number<Char>(p, rdbuf_of(p, is), flags, kind, out, lo, hi);
}

template <typename Char, typename T>
Ptr extract(WindowsProcess& p, Ptr self, Ptr at, NumKind kind, int64_t lo, uint64_t hi) {
  int32_t state = kGood;
  {
    Sentry<Char> sentry(p, self.addr, false);
    if (sentry.ok) {
      uint64_t bits = 0;
      state = get_number<Char>(p, self.addr, kind, &bits, lo, hi);
      if (!(state & kFail)) {
        if constexpr (std::is_same_v<T, float>) {
          double d;
          std::memcpy(&d, &bits, 8);
          put<float>(at.addr, static_cast<float>(d));
        } else if constexpr (std::is_same_v<T, double>) {
          put<uint64_t>(at.addr, bits);
        } else {
          put<T>(at.addr, static_cast<T>(bits));
        }
      }
    }
  }
  setstate(p, self.addr, state);
  return self;
}
template <typename Char>
Ptr ex_short(WindowsProcess& p, Ptr self, Ptr at) { return extract<Char, int16_t>(p, self, at, kNumLong, -32768, 32767); }
template <typename Char>
Ptr ex_ushort(WindowsProcess& p, Ptr self, Ptr at) { return extract<Char, uint16_t>(p, self, at, kNumUlong, 0, 0xffff); }
template <typename Char>
Ptr ex_int(WindowsProcess& p, Ptr self, Ptr at) { return extract<Char, int32_t>(p, self, at, kNumLong, INT32_MIN, INT32_MAX); }
template <typename Char>
Ptr ex_uint(WindowsProcess& p, Ptr self, Ptr at) { return extract<Char, uint32_t>(p, self, at, kNumUlong, 0, 0xffffffffu); }
template <typename Char>
Ptr ex_int64(WindowsProcess& p, Ptr self, Ptr at) { return extract<Char, int64_t>(p, self, at, kNumInt64, INT64_MIN, INT64_MAX); }
template <typename Char>
Ptr ex_uint64(WindowsProcess& p, Ptr self, Ptr at) { return extract<Char, uint64_t>(p, self, at, kNumUint64, 0, UINT64_MAX); }
template <typename Char>
Ptr ex_float(WindowsProcess& p, Ptr self, Ptr at) { return extract<Char, float>(p, self, at, kNumDouble, 0, 0); }
template <typename Char>
Ptr ex_double(WindowsProcess& p, Ptr self, Ptr at) { return extract<Char, double>(p, self, at, kNumDouble, 0, 0); }
template <typename Char>
Ptr ex_ptr(WindowsProcess& p, Ptr self, Ptr at) {
  int32_t state = kGood;
  {
    Sentry<Char> sentry(p, self.addr, false);
    if (sentry.ok) {
      uint64_t bits = 0;
      const uint64_t ios = ios_of(p, self.addr);
      const uint64_t fl = ios + ios_layout(p).fmtfl;
      const int32_t saved = get<int32_t>(fl);
      put<int32_t>(fl, (saved & ~0xe00) | 0x800);  // (a pointer reads as hexadecimal)
      state = get_number<Char>(p, self.addr, kNumUint64, &bits, 0, p.isa->ptr == 8 ? UINT64_MAX : 0xffffffffu);
      put<int32_t>(fl, saved);
      if (!(state & kFail)) p.put_ptr(at.addr, bits);
    }
  }
  setstate(p, self.addr, state);
  return self;
}
// bool: 0 or 1 (numbers), or "true"/"false" under boolalpha.
template <typename Char>
Ptr ex_bool(WindowsProcess& p, Ptr self, Ptr at) {
  int32_t state = kGood;
  {
    Sentry<Char> sentry(p, self.addr, false);
    if (sentry.ok) {
      const uint64_t ios = ios_of(p, self.addr);
      if (get<int32_t>(ios + ios_layout(p).fmtfl) & 0x4000) {
        const uint64_t sb = rdbuf_of(p, self.addr);
        std::string got;
        const std::string t = "true", f = "false";
        auto c = sb_sgetc<Char>(p, sb);
        while (c != Traits<Char>::kEof) {
          const std::string next = got + static_cast<char>(c);
          if (t.compare(0, next.size(), next) && f.compare(0, next.size(), next)) break;
          got = next;
          if (got == t || got == f) {
            sb_sbumpc<Char>(p, sb);
            break;
          }
          c = sb_snextc<Char>(p, sb);
        }
        if (c == Traits<Char>::kEof) state |= kEofBit;
        if (got == t || got == f) put<uint8_t>(at.addr, got == t);
        else state |= kFail;
      } else {
        uint64_t bits = 0;
        state = get_number<Char>(p, self.addr, kNumLong, &bits, INT32_MIN, INT32_MAX);
        if (!(state & kFail)) {
          const int32_t v = static_cast<int32_t>(bits);
          if (v == 0 || v == 1) put<uint8_t>(at.addr, static_cast<uint8_t>(v));
          else state |= kFail;
        }
      }
    }
  }
  setstate(p, self.addr, state);
  return self;
}
// Into a stream buffer: everything up to the end (failbit when nothing moved).
template <typename Char>
Ptr ex_streambuf(WindowsProcess& p, Ptr self, Ptr to) {
  int32_t state = kGood;
  bool copied = false;
  {
    Sentry<Char> sentry(p, self.addr, false);
    if (!to) {
      state = kFail;
    } else if (sentry.ok) {
      const uint64_t sb = rdbuf_of(p, self.addr);
      for (auto c = sb_sgetc<Char>(p, sb);; c = sb_snextc<Char>(p, sb)) {
        if (c == Traits<Char>::kEof) {
          state |= kEofBit;
          break;
        }
        if (sb_sputc<Char>(p, to.addr, static_cast<Char>(c)) == Traits<Char>::kEof) break;
        copied = true;
      }
    }
  }
  if (!copied) state |= kFail;
  setstate(p, self.addr, state);
  return self;
}
template <typename Char>
Ptr ex_manip_istream(WindowsProcess& p, Ptr self, Ptr fn) {
  p.call_guest(fn.addr, {self.addr});
  return self;
}
template <typename Char>
Ptr ex_manip_ios(WindowsProcess& p, Ptr self, Ptr fn) {
  p.call_guest(fn.addr, {ios_of(p, self.addr)});
  return self;
}

// ---- basic_iostream ----

template <typename Char>
Ptr io_ctor(WindowsProcess& p, Ptr self, Ptr sb, int32_t virt) {
  if (virt) {
    p.put_ptr(self.addr, vbtable(p, kVbIostreamIstream));
    p.put_ptr(self.addr + 16, vbtable(p, kVbIostreamOstream));
    p.put_ptr(ios_of(p, self.addr), basic_ios_vtable_of(p, sizeof(Char) != 1));
    put<int32_t>(ios_of(p, self.addr) - 4, 0);
  }
  ctor_init<Char>(p, self, sb, 0, 0, 0);
  p.put_ptr(ios_of(p, self.addr), vtable(p, iostream_vtable<Char>()));
  return self;
}
template <typename Char>
Ptr io_vector_dtor(WindowsProcess& p, Ptr ios, uint32_t flags) {
  const uint64_t obj = ios.addr - 32;
  ios_base_destroy(p, ios.addr);
  if (flags & 1) delete_object(p, obj);
  return obj;
}

const std::vector<Export>& istream_vtable_char() {
  static const std::vector<Export> v = {EXPORT_METHOD("std::basic_istream<char>::`vector deleting destructor'", vector_dtor<char>)};
  return v;
}
const std::vector<Export>& istream_vtable_wide() {
  static const std::vector<Export> v = {EXPORT_METHOD("std::basic_istream<wchar_t>::`vector deleting destructor'", vector_dtor<char16_t>)};
  return v;
}
const std::vector<Export>& iostream_vtable_char() {
  static const std::vector<Export> v = {EXPORT_METHOD("std::basic_iostream<char>::`vector deleting destructor'", io_vector_dtor<char>)};
  return v;
}
const std::vector<Export>& iostream_vtable_wide() {
  static const std::vector<Export> v = {EXPORT_METHOD("std::basic_iostream<wchar_t>::`vector deleting destructor'", io_vector_dtor<char16_t>)};
  return v;
}
template <typename Char>
uint64_t istream_vtable_data(WindowsProcess& p) { return vtable(p, istream_vtable<Char>()); }
template <typename Char>
uint64_t iostream_vtable_data(WindowsProcess& p) { return vtable(p, iostream_vtable<Char>()); }
uint64_t vbtable_istream(WindowsProcess& p) { return vbtable(p, kVbIstream); }
uint64_t vbtable_iostream_istream(WindowsProcess& p) { return vbtable(p, kVbIostreamIstream); }

// std::ws (exported by Visual C++ 2012 and 2013's runtimes): white space skipped whatever skipws
// says; eofbit at the end of the input.
template <typename Char>
Ptr ws(WindowsProcess& p, Ptr self) {
  bool at_end = false;
  {
    Sentry<Char> s(p, self.addr, true);
    if (s.ok) {
      const uint64_t sb = rdbuf_of(p, self.addr);
      for (auto c = sb_sgetc<Char>(p, sb);; c = sb_snextc<Char>(p, sb)) {
        if (c == Traits<Char>::kEof) {
          at_end = true;
          break;
        }
        if (!is_space(static_cast<uint32_t>(c) & (sizeof(Char) == 1 ? 0xff : 0xffff))) break;
      }
    }
  }
  if (at_end) setstate(p, self.addr, kEofBit);
  return self;
}

template <typename Char>
void add_exports(std::vector<Export>& e, const char* code) {
  const std::vector<Export> w = {
      MSVCP_TMETHOD(code, "??0?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAE@PAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@_N1@Z", "??0?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAA@PEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@_N1@Z", ctor_init<Char>),
      MSVCP_TMETHOD(code, "??0?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAE@PAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@_N@Z", "??0?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAA@PEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@_N@Z", ctor_sb<Char>),
      MSVCP_TMETHOD(code, "??0?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAE@W4_Uninitialized@1@@Z", "??0?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAA@W4_Uninitialized@1@@Z", ctor_uninit<Char>),
      MSVCP_TMETHOD(code, "??1?$basic_istream@$CU?$char_traits@$C@std@@@std@@UAE@XZ", "??1?$basic_istream@$CU?$char_traits@$C@std@@@std@@UEAA@XZ", dtor<Char>),
      MSVCP_TDATA(code, "??_7?$basic_istream@$CU?$char_traits@$C@std@@@std@@6B@", "??_7?$basic_istream@$CU?$char_traits@$C@std@@@std@@6B@", istream_vtable_data<Char>),
      MSVCP_TDATA(code, "??_8?$basic_istream@$CU?$char_traits@$C@std@@@std@@7B@", "??_8?$basic_istream@$CU?$char_traits@$C@std@@@std@@7B@", vbtable_istream),
      MSVCP_TDATA(code, "??_8?$basic_iostream@$CU?$char_traits@$C@std@@@std@@7B?$basic_istream@$CU?$char_traits@$C@std@@@1@@", "??_8?$basic_iostream@$CU?$char_traits@$C@std@@@std@@7B?$basic_istream@$CU?$char_traits@$C@std@@@1@@", vbtable_iostream_istream),
      MSVCP_TMETHOD(code, "??_D?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEXXZ", "??_D?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAXXZ", vbase_dtor<Char>),
      MSVCP_TMETHOD(code, "?_Ipfx@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAE_N_N@Z", "?_Ipfx@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAA_N_N@Z", Ipfx<Char>),
      MSVCP_TMETHOD(code, "?ipfx@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAE_N_N@Z", "?ipfx@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAA_N_N@Z", ipfx<Char>),
      MSVCP_TMETHOD(code, "?isfx@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEXXZ", "?isfx@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAXXZ", isfx<Char>),
      MSVCP_TMETHOD(code, "?gcount@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QBE" MSVCP_SIZE86 "XZ", "?gcount@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEBA_JXZ", gcount<Char>),
      MSVCP_TMETHOD(code, "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@AA$C@Z", "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@AEA$C@Z", get_ch<Char>),
      MSVCP_TMETHOD(code, "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@AAV?$basic_streambuf@$CU?$char_traits@$C@std@@@2@@Z", "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@AEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@2@@Z", get_sb<Char>),
      MSVCP_TMETHOD(code, "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@AAV?$basic_streambuf@$CU?$char_traits@$C@std@@@2@$C@Z", "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@AEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@2@$C@Z", get_sb_delim<Char>),
      MSVCP_TMETHOD(code, "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@PA$C" MSVCP_SIZE86 "@Z", "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@PEA$C_J@Z", get_str<Char>),
      MSVCP_TMETHOD(code, "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@PA$C" MSVCP_SIZE86 "$C@Z", "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@PEA$C_J$C@Z", get_str_delim<Char>),
      MSVCP_TMETHOD(code, "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAE$IXZ", "?get@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAA$IXZ", get_char<Char>),
      MSVCP_TMETHOD(code, "?getline@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@PA$C" MSVCP_SIZE86 "@Z", "?getline@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@PEA$C_J@Z", getline<Char>),
      MSVCP_TMETHOD(code, "?getline@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@PA$C" MSVCP_SIZE86 "$C@Z", "?getline@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@PEA$C_J$C@Z", getline_delim<Char>),
      MSVCP_TMETHOD(code, "?ignore@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@" MSVCP_SIZE86 "$I@Z", "?ignore@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@_J$I@Z", ignore<Char>),
      MSVCP_TMETHOD(code, "?peek@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAE$IXZ", "?peek@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAA$IXZ", peek<Char>),
      MSVCP_TMETHOD(code, "?putback@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@$C@Z", "?putback@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@$C@Z", putback<Char>),
      MSVCP_TMETHOD(code, "?read@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@PA$C" MSVCP_SIZE86 "@Z", "?read@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@PEA$C_J@Z", read<Char>),
      MSVCP_TMETHOD(code, "?readsome@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAE" MSVCP_SIZE86 "PA$C" MSVCP_SIZE86 "@Z", "?readsome@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAA_JPEA$C_J@Z", readsome<Char>),
      MSVCP_TMETHOD2(code, "?seekg@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@V?$fpos@U_Mbstatet@@@2@@Z", seekg_pos_i386<Char>,
                     "?seekg@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@V?$fpos@U_Mbstatet@@@2@@Z", seekg_pos<Char>),
      MSVCP_TMETHOD(code, "?seekg@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@" MSVCP_OFF86 "H@Z", "?seekg@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@_JH@Z", seekg_off<Char>),
      MSVCP_TMETHOD(code, "?swap@?$basic_istream@$CU?$char_traits@$C@std@@@std@@IAEXAAV12@@Z", "?swap@?$basic_istream@$CU?$char_traits@$C@std@@@std@@IEAAXAEAV12@@Z", swap<Char>),
      MSVCP_TMETHOD(code, "?sync@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEHXZ", "?sync@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAHXZ", sync<Char>),
      MSVCP_TMETHOD(code, "?tellg@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAE?AV?$fpos@U_Mbstatet@@@2@XZ", "?tellg@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAA?AV?$fpos@U_Mbstatet@@@2@XZ", tellg<Char>),
      MSVCP_TMETHOD(code, "?unget@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV12@XZ", "?unget@?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV12@XZ", unget<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AAF@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEAF@Z", ex_short<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AAG@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEAG@Z", ex_ushort<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AAH@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEAH@Z", ex_int<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AAI@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEAI@Z", ex_uint<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AAJ@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEAJ@Z", ex_int<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AAK@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEAK@Z", ex_uint<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AAM@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEAM@Z", ex_float<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AAN@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEAN@Z", ex_double<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AAO@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEAO@Z", ex_double<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AAPAX@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEAPEAX@Z", ex_ptr<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AA_J@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEA_J@Z", ex_int64<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AA_K@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEA_K@Z", ex_uint64<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@AA_N@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@AEA_N@Z", ex_bool<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@P6AAAV01@AAV01@@Z@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@P6AAEAV01@AEAV01@@Z@Z", ex_manip_istream<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@P6AAAV?$basic_ios@$CU?$char_traits@$C@std@@@1@AAV21@@Z@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@P6AAEAV?$basic_ios@$CU?$char_traits@$C@std@@@1@AEAV21@@Z@Z", ex_manip_ios<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@P6AAAVios_base@1@AAV21@@Z@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@P6AAEAVios_base@1@AEAV21@@Z@Z", ex_manip_ios<Char>),
      MSVCP_TMETHOD(code, "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QAEAAV01@PAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@@Z", "??5?$basic_istream@$CU?$char_traits@$C@std@@@std@@QEAAAEAV01@PEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@@Z", ex_streambuf<Char>),
      // basic_iostream
      MSVCP_TMETHOD(code, "??0?$basic_iostream@$CU?$char_traits@$C@std@@@std@@QAE@PAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@@Z", "??0?$basic_iostream@$CU?$char_traits@$C@std@@@std@@QEAA@PEAV?$basic_streambuf@$CU?$char_traits@$C@std@@@1@@Z", io_ctor<Char>),
      MSVCP_TMETHOD(code, "??1?$basic_iostream@$CU?$char_traits@$C@std@@@std@@UAE@XZ", "??1?$basic_iostream@$CU?$char_traits@$C@std@@@std@@UEAA@XZ", dtor<Char>),
      MSVCP_TDATA(code, "??_7?$basic_iostream@$CU?$char_traits@$C@std@@@std@@6B@", "??_7?$basic_iostream@$CU?$char_traits@$C@std@@@std@@6B@", iostream_vtable_data<Char>),
      MSVCP_TMETHOD(code, "??_D?$basic_iostream@$CU?$char_traits@$C@std@@@std@@QAEXXZ", "??_D?$basic_iostream@$CU?$char_traits@$C@std@@@std@@QEAAXXZ", vbase_dtor<Char>),
      MSVCP_TMETHOD(code, "?swap@?$basic_iostream@$CU?$char_traits@$C@std@@@std@@IAEXAAV12@@Z", "?swap@?$basic_iostream@$CU?$char_traits@$C@std@@@std@@IEAAXAEAV12@@Z", swap<Char>),
  };
  e.insert(e.end(), w.begin(), w.end());
}

template <typename Char>
void add_vc12_exports(std::vector<Export>& e, const char* code) {
  const std::vector<Export> w = {
      MSVCP_TFUNCTION(code, "?ws@std@@YAAAV?$basic_istream@$CU?$char_traits@$C@std@@@1@AAV21@@Z",
                      "?ws@std@@YAAEAV?$basic_istream@$CU?$char_traits@$C@std@@@1@AEAV21@@Z", ws<Char>),
  };
  e.insert(e.end(), w.begin(), w.end());
}

}  // namespace istream_file

namespace istream_file {

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

}  // namespace istream_file

const std::vector<Export>& istream_exports() { return istream_file::exports_table(); }

const std::vector<Export>& istream_vc12_exports() {
  static const std::vector<Export> e = [] {
    std::vector<Export> e;
    istream_file::add_vc12_exports<char>(e, "D");
    istream_file::add_vc12_exports<char16_t>(e, "_W");
    istream_file::add_vc12_exports<char16_t>(e, "G");
    return e;
  }();
  return e;
}


namespace objects {

template <typename Char>
bool istream_begin(WindowsProcess& p, uint64_t is, bool noskip) {
  if (const uint64_t sb = istream_file::rdbuf_of(p, is)) vcall(p, sb, 1, {});
  return istream_file::Ipfx<Char>(p, Ptr(is), noskip) != 0;
}
void istream_end(WindowsProcess& p, uint64_t is) {
  if (const uint64_t sb = istream_file::rdbuf_of(p, is)) vcall(p, sb, 2, {});
}
template bool istream_begin<char>(WindowsProcess&, uint64_t, bool);
template bool istream_begin<char16_t>(WindowsProcess&, uint64_t, bool);

}  // namespace objects

}  // namespace msvcp

}  // namespace polyrun::shims
