// MSVCP140.dll's time_get facet for char and wchar_t: reading a date and time from a stream into a
// struct tm: get_time ("%H:%M:%S"), get_date (the locale's date order: month, day and year, a
// month by number or name, '/' or ':' between), get_weekday and get_monthname (the longest name or
// abbreviation of the locale's that the input spells), get_year (1900 to 2035, or years since
// 1900), get of one conversion ("%a" … "%Y", strptime's) and of a pattern, _Getfmt; its
// constructors, vtable, id and _Getcat. The public members call the do_ ones through the vtable.
//
// The object: a facet, then const Char* _Days and _Months (the locale's names, ":Sun:Sunday:…",
// copies the facet owns), dateorder _Dateorder, _Cvtvec _Cvt. The iterators are
// istreambuf_iterator {basic_streambuf* _Strbuf; bool _Got; Char _Val}, by value (a pointer to a
// copy on x64, two stack slots on i386); reading stops at the end of the buffer's input.
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

namespace time_get_file {

using namespace objects;

constexpr int32_t kLcTime = 5, kEofBit = 1, kFail = 2;
enum DateOrder { kNoOrder, kDmy, kMdy, kYmd, kYdm };
// struct tm's fields (ints).
enum Tm { kSec, kMin, kHour, kMday, kMon, kYear, kWday, kYday };

uint64_t days_at(const WindowsProcess& p, uint64_t f) { return f + layout(p).facet_size; }
uint64_t months_at(const WindowsProcess& p, uint64_t f) { return days_at(p, f) + p.isa->ptr; }
uint64_t order_at(const WindowsProcess& p, uint64_t f) { return days_at(p, f) + 2ull * p.isa->ptr; }
uint64_t cvt_at(const WindowsProcess& p, uint64_t f) { return order_at(p, f) + 4; }
uint64_t facet_bytes(const WindowsProcess& p) { return (cvt_at(p, 0) + 44 + 7) & ~7ull; }

// The input (guest_objects.h).
template <typename Char>
using Cursor = InputCursor<Char>;
bool is_space(int32_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
template <typename Char>
void skip_ws(Cursor<Char>& c) {
  while (c.val() != -1 && is_space(c.val())) c.inc();
}

// A number of at most the field's digits in [lo, hi] into *out; the state's bits (failbit when
// none or out of range, eofbit at the end).
template <typename Char>
int32_t get_int(Cursor<Char>& c, int32_t lo, int32_t hi, int32_t* out) {
  std::string text;
  bool digit = false;
  if (c.val() == '-' || c.val() == '+') {
    text += static_cast<char>(c.val());
    c.inc();
  }
  if (c.val() == '0') {
    digit = true;
    text += '0';
    c.inc();
  }
  while (c.val() == '0') c.inc();
  while (c.val() >= '0' && c.val() <= '9') {
    if (text.size() < 15) text += static_cast<char>(c.val());
    digit = true;
    c.inc();
  }
  int32_t st = c.val() == -1 ? kEofBit : 0;
  if (!digit || text.size() >= 15) return st | kFail;
  const long long v = std::strtoll(text.c_str(), nullptr, 10);
  if (v < lo || v > hi) return st | kFail;
  *out = static_cast<int32_t>(v);
  return st;
}

// The index of the longest of the ':'-separated names in `names` that the input spells (taken),
// or -1.
template <typename Char>
int find_longest(Cursor<Char>& c, const std::u16string& names) {
  std::vector<std::u16string> list;
  for (size_t at = 1; at <= names.size();) {
    const size_t end = names.find(u':', at);
    const size_t stop = end == std::u16string::npos ? names.size() : end;
    list.push_back(names.substr(at, stop - at));
    at = stop + 1;
  }
  std::u16string got;
  int match = -1, last = -1;
  while (c.val() != -1) {
    got += static_cast<char16_t>(c.val());
    last = match;
    match = -1;
    bool prefix = false;
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].size() >= got.size() && list[i].compare(0, got.size(), got) == 0) {
        if (list[i].size() == got.size()) match = static_cast<int>(i);
        else prefix = true;
      }
    }
    if (!prefix) {
      if (match != -1) {
        c.inc();
        return match;
      }
      return last;
    }
    c.inc();
  }
  return match != -1 ? match : last;
}
template <typename Char>
std::u16string names_of(uint64_t s) {
  std::u16string r;
  if (!s) return r;
  for (uint64_t a = s;; a += sizeof(Char)) {
    const auto ch = get<Char>(a);
    if (!ch) break;
    r += static_cast<char16_t>(static_cast<std::make_unsigned_t<Char>>(ch));
  }
  return r;
}

template <typename Char>
struct Ctx {
  WindowsProcess& p;
  uint64_t self, tm;
  int32_t* err;
  int32_t& field(Tm f) const { return *static_cast<int32_t*>(guest_pointer(tm + 4ull * f)); }
};

template <typename Char>
void get_weekday(Ctx<Char>& x, Cursor<Char>& c) {
  const int m = find_longest(c, names_of<Char>(x.p.get_ptr(days_at(x.p, x.self))));
  if (m != -1) x.field(kWday) = m / 2;
  else *x.err |= kFail;
}
template <typename Char>
void get_monthname(Ctx<Char>& x, Cursor<Char>& c) {
  const int m = find_longest(c, names_of<Char>(x.p.get_ptr(months_at(x.p, x.self))));
  if (m != -1) x.field(kMon) = m / 2;
  else *x.err |= kFail;
}
// (only the years 1900 to 2035: given in full or as years since 1900)
template <typename Char>
void get_year(Ctx<Char>& x, Cursor<Char>& c) {
  int32_t year = 0;
  *x.err |= get_int(c, 0, 2035, &year);
  if (!(*x.err & kFail)) {
    if (year >= 1900) year -= 1900;
    if (year > 135) *x.err |= kFail;
    else x.field(kYear) = year;
  }
}
template <typename Char>
void get_time(Ctx<Char>& x, Cursor<Char>& c) {
  *x.err |= get_int(c, 0, 23, &x.field(kHour));
  if (*x.err || c.val() != ':') *x.err |= kFail;
  if (!*x.err) {
    c.inc();
    *x.err |= get_int(c, 0, 59, &x.field(kMin));
  }
  if (*x.err || c.val() != ':') *x.err |= kFail;
  if (!*x.err) {
    c.inc();
    *x.err |= get_int(c, 0, 59, &x.field(kSec));
  }
}
template <typename Char>
void skip_delim(Cursor<Char>& c) {
  skip_ws(c);
  if (c.val() == '/' || c.val() == ':') c.inc();
  skip_ws(c);
}
template <typename Char>
void get_month(Ctx<Char>& x, Cursor<Char>& c) {
  if (c.val() >= '0' && c.val() <= '9') {
    *x.err |= get_int(c, 1, 12, &x.field(kMon));
    x.field(kMon)--;
  } else {
    get_monthname(x, c);
  }
}
template <typename Char>
void get_date(Ctx<Char>& x, Cursor<Char>& c) {
  int32_t order = get<int32_t>(order_at(x.p, x.self));
  if (order == kNoOrder) order = kMdy;
  auto step = [&](int part) {  // 0 day, 1 month, 2 year
    if (part == 0) *x.err |= get_int(c, 1, 31, &x.field(kMday));
    else if (part == 1) get_month(x, c);
    else get_year(x, c);
  };
  const int parts[5][3] = {{}, {0, 1, 2}, {1, 0, 2}, {2, 1, 0}, {2, 0, 1}};
  for (int i = 0; i < 3; ++i) {
    if (i) {
      skip_delim(c);
      if (c.val() == -1) {
        *x.err |= kFail;
        return;
      }
    }
    step(parts[order][i]);
  }
}

template <typename Char>
void get_fmt(Ctx<Char>& x, Cursor<Char>& c, const std::string& fmt);

// One conversion, as strptime reads it.
template <typename Char>
void get_spec(Ctx<Char>& x, Cursor<Char>& c, char spec) {
  int32_t* e = x.err;
  switch (spec) {
    case 'a': case 'A': get_weekday(x, c); break;
    case 'b': case 'B': case 'h': get_monthname(x, c); break;
    case 'c': get_fmt(x, c, "%b %d %H:%M:%S %Y"); break;
    case 'C':
      *e |= get_int(c, 0, 99, &x.field(kYear));
      if (!(*e & kFail)) x.field(kYear) = x.field(kYear) * 100 - 1900;
      break;
    case 'd': case 'e':
      if (spec == 'e') skip_ws(c);
      *e |= get_int(c, 1, 31, &x.field(kMday));
      break;
    case 'D': get_fmt(x, c, "%m/%d/%y"); break;
    case 'F': get_fmt(x, c, "%Y-%m-%d"); break;
    case 'H': *e |= get_int(c, 0, 23, &x.field(kHour)); break;
    case 'I': *e |= get_int(c, 0, 11, &x.field(kHour)); break;
    case 'j': *e |= get_int(c, 1, 366, &x.field(kYday)); break;
    case 'm':
      *e |= get_int(c, 1, 12, &x.field(kMon));
      if (!(*e & kFail)) x.field(kMon)--;
      break;
    case 'M': *e |= get_int(c, 0, 59, &x.field(kMin)); break;
    case 'n': case 't': skip_ws(c); break;
    case 'p': {
      bool pm = false;
      if (c.val() == 'P' || c.val() == 'p') pm = true;
      else if (c.val() != 'A' && c.val() != 'a') {
        *e |= kFail;
        break;
      }
      c.inc();
      if (c.val() != 'M' && c.val() != 'm') {
        *e |= kFail;
        break;
      }
      c.inc();
      if (pm) x.field(kHour) += 12;
      break;
    }
    case 'r': get_fmt(x, c, "%I:%M:%S %p"); break;
    case 'R': get_fmt(x, c, "%H:%M"); break;
    case 'S': *e |= get_int(c, 0, 59, &x.field(kSec)); break;
    case 'T': case 'X': get_fmt(x, c, "%H:%M:%S"); break;
    case 'u':
      *e |= get_int(c, 1, 7, &x.field(kWday));
      if (!(*e & kFail) && x.field(kWday) == 7) x.field(kWday) = 0;
      break;
    case 'w': *e |= get_int(c, 0, 6, &x.field(kWday)); break;
    case 'x': get_date(x, c); break;
    case 'y':
      *e |= get_int(c, 0, 99, &x.field(kYear));
      if (!(*e & kFail) && x.field(kYear) < 69) x.field(kYear) += 100;
      break;
    case 'Y': get_year(x, c); break;
    default: *e |= kFail; break;
  }
  if (c.val() == -1) *e |= kEofBit;
}

// A pattern: white space in it skips the input's; a conversion is read; another character must be
// the input's next.
template <typename Char>
void get_fmt(Ctx<Char>& x, Cursor<Char>& c, const std::string& fmt) {
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (is_space(static_cast<unsigned char>(fmt[i]))) {
      skip_ws(c);
      continue;
    }
    if (c.val() == -1) {
      *x.err |= kFail;
      break;
    }
    if (fmt[i] == '%' && i + 1 < fmt.size() && fmt[i + 1] != '%') {
      get_spec(x, c, fmt[++i]);
    } else {
      if (c.val() != static_cast<unsigned char>(fmt[i])) *x.err |= kFail;
      else c.inc();
      if (fmt[i] == '%') ++i;
    }
    if (*x.err & kFail) break;
  }
  if (c.val() == -1) *x.err |= kEofBit;
}

// ---- the members: iterators as the ISA passes them ----

void put_in_iter(WindowsProcess& p, uint64_t at, uint64_t sb) {
  p.put_ptr(at, sb);
  put<uint32_t>(at + p.isa->ptr, 0);
}
// What a do_ function reads: the first iterator's buffer (x64: its copy's; i386: the first slot).
template <typename Char, void (*Fn)(Ctx<Char>&, Cursor<Char>&)>
Ptr do_x64(WindowsProcess& p, Ptr self, Ptr ret, Ptr first, Ptr, Ptr, Ptr err, Ptr tm) {
  int32_t e = get<int32_t>(err.addr);
  Ctx<Char> x{p, self.addr, tm.addr, &e};
  Cursor<Char> c{p, p.get_ptr(first.addr)};
  Fn(x, c);
  if (c.val() == -1) e |= kEofBit;
  put<int32_t>(err.addr, e);
  put_in_iter(p, ret.addr, c.sb);
  return ret;
}
template <typename Char, void (*Fn)(Ctx<Char>&, Cursor<Char>&)>
Ptr do_i386(WindowsProcess& p, Ptr self, Ptr ret, uint32_t f0, uint32_t, uint32_t, uint32_t, Ptr, Ptr err, Ptr tm) {
  int32_t e = get<int32_t>(err.addr);
  Ctx<Char> x{p, self.addr, tm.addr, &e};
  Cursor<Char> c{p, f0};
  Fn(x, c);
  if (c.val() == -1) e |= kEofBit;
  put<int32_t>(err.addr, e);
  put_in_iter(p, ret.addr, c.sb);
  return ret;
}
template <typename Char>
void run_spec(WindowsProcess& p, uint64_t self, uint64_t ret, uint64_t sb, uint64_t err, uint64_t tm, char spec) {
  int32_t e = get<int32_t>(err);
  Ctx<Char> x{p, self, tm, &e};
  Cursor<Char> c{p, sb};
  get_spec(x, c, spec);
  put<int32_t>(err, e);
  put_in_iter(p, ret, c.sb);
}
template <typename Char>
Ptr do_get_x64(WindowsProcess& p, Ptr self, Ptr ret, Ptr first, Ptr, Ptr, Ptr err, Ptr tm, char spec, char) {
  run_spec<Char>(p, self.addr, ret.addr, p.get_ptr(first.addr), err.addr, tm.addr, spec);
  return ret;
}
template <typename Char>
Ptr do_get_i386(WindowsProcess& p, Ptr self, Ptr ret, uint32_t f0, uint32_t, uint32_t, uint32_t, Ptr, Ptr err, Ptr tm, char spec, char) {
  run_spec<Char>(p, self.addr, ret.addr, f0, err.addr, tm.addr, spec);
  return ret;
}
template <typename Char>
void run_pattern(WindowsProcess& p, uint64_t self, uint64_t ret, uint64_t sb, uint64_t ios, uint64_t err, uint64_t tm, const std::string& fmt) {
  int32_t e = get<int32_t>(err);
  Ctx<Char> x{p, self, tm, &e};
  Cursor<Char> c{p, sb};
  get_fmt(x, c, fmt);
  put<int32_t>(err, e);
  put_in_iter(p, ret, c.sb);
  (void)ios;
}
// _Getfmt: a narrow pattern.
std::string narrow_text(uint64_t s) { return s ? static_cast<const char*>(guest_pointer(s)) : ""; }
template <typename Char>
Ptr Getfmt_x64(WindowsProcess& p, Ptr self, Ptr ret, Ptr first, Ptr, Ptr ios, Ptr err, Ptr tm, Ptr fmt) {
  run_pattern<Char>(p, self.addr, ret.addr, p.get_ptr(first.addr), ios.addr, err.addr, tm.addr, narrow_text(fmt.addr));
  return ret;
}
template <typename Char>
Ptr Getfmt_i386(WindowsProcess& p, Ptr self, Ptr ret, uint32_t f0, uint32_t, uint32_t, uint32_t, Ptr ios, Ptr err, Ptr tm, Ptr fmt) {
  run_pattern<Char>(p, self.addr, ret.addr, f0, ios.addr, err.addr, tm.addr, narrow_text(fmt.addr));
  return ret;
}
// get of a pattern [first, last) of the stream's characters (narrowed).
template <typename Char>
std::string pattern_text(WindowsProcess& p, uint64_t ios, uint64_t first, uint64_t last) {
  std::string s;
  for (uint64_t a = first; a < last; a += sizeof(Char)) s += ios_narrow<Char>(p, ios, get<Char>(a), 0);
  return s;
}
template <typename Char>
Ptr get_pattern_x64(WindowsProcess& p, Ptr self, Ptr ret, Ptr first, Ptr, Ptr ios, Ptr err, Ptr tm, Ptr pf, Ptr pl) {
  run_pattern<Char>(p, self.addr, ret.addr, p.get_ptr(first.addr), ios.addr, err.addr, tm.addr, pattern_text<Char>(p, ios.addr, pf.addr, pl.addr));
  return ret;
}
template <typename Char>
Ptr get_pattern_i386(WindowsProcess& p, Ptr self, Ptr ret, uint32_t f0, uint32_t, uint32_t, uint32_t, Ptr ios, Ptr err, Ptr tm, Ptr pf,
                     Ptr pl) {
  run_pattern<Char>(p, self.addr, ret.addr, f0, ios.addr, err.addr, tm.addr, pattern_text<Char>(p, ios.addr, pf.addr, pl.addr));
  return ret;
}

// The public get_ members: the do_ ones through the vtable (4 time, 5 date, 6 weekday, 7
// monthname, 8 year, 9 get), the iterators passed on as they came.
void call_do(WindowsProcess& p, uint64_t self, int slot, uint64_t ret, const uint64_t it[4], bool by_pointer, const std::vector<uint64_t>& rest) {
  std::vector<uint64_t> args{ret};
  uint64_t copies = 0;
  if (by_pointer) {
    copies = p.heap.alloc(32, true);
    std::memcpy(guest_pointer(copies), guest_pointer(it[0]), 16);
    std::memcpy(guest_pointer(copies + 16), guest_pointer(it[2]), 16);
    args.push_back(copies);
    args.push_back(copies + 16);
  } else {
    args.insert(args.end(), {it[0], it[1], it[2], it[3]});
  }
  args.insert(args.end(), rest.begin(), rest.end());
  vcall(p, self, slot, args);
  if (copies) p.heap.free(copies);
}
template <int Slot>
Ptr pub_x64(WindowsProcess& p, Ptr self, Ptr ret, Ptr first, Ptr last, Ptr ios, Ptr err, Ptr tm) {
  const uint64_t it[4] = {first.addr, 0, last.addr, 0};
  call_do(p, self.addr, Slot, ret.addr, it, true, {ios.addr, err.addr, tm.addr});
  return ret;
}
template <int Slot>
Ptr pub_i386(WindowsProcess& p, Ptr self, Ptr ret, uint32_t f0, uint32_t f1, uint32_t l0, uint32_t l1, Ptr ios, Ptr err, Ptr tm) {
  const uint64_t it[4] = {f0, f1, l0, l1};
  call_do(p, self.addr, Slot, ret.addr, it, false, {ios.addr, err.addr, tm.addr});
  return ret;
}
Ptr get_spec_x64(WindowsProcess& p, Ptr self, Ptr ret, Ptr first, Ptr last, Ptr ios, Ptr err, Ptr tm, char spec, char mod) {
  const uint64_t it[4] = {first.addr, 0, last.addr, 0};
  call_do(p, self.addr, 9, ret.addr, it, true, {ios.addr, err.addr, tm.addr, static_cast<uint8_t>(spec), static_cast<uint8_t>(mod)});
  return ret;
}
Ptr get_spec_i386(WindowsProcess& p, Ptr self, Ptr ret, uint32_t f0, uint32_t f1, uint32_t l0, uint32_t l1, Ptr ios, Ptr err, Ptr tm, char spec,
                  char mod) {
  const uint64_t it[4] = {f0, f1, l0, l1};
  call_do(p, self.addr, 9, ret.addr, it, false, {ios.addr, err.addr, tm.addr, static_cast<uint8_t>(spec), static_cast<uint8_t>(mod)});
  return ret;
}
int32_t do_date_order(WindowsProcess& p, Ptr self) { return get<int32_t>(order_at(p, self.addr)); }
int32_t date_order(WindowsProcess& p, Ptr self) { return static_cast<int32_t>(vcall(p, self.addr, 3, {})); }

// ---- construction ----

template <typename Char>
const std::vector<Export>& get_vtable(const WindowsProcess& p);

// _Init: the locale's names of days and months (copies), its date order and conversion vector.
template <typename Char>
void Init(WindowsProcess& p, Ptr self, Ptr locinfo) {
  const bool wide = sizeof(Char) != 1;
  const char* days86 = wide ? "?_W_Getdays@_Locinfo@std@@QBEPBGXZ" : "?_Getdays@_Locinfo@std@@QBEPBDXZ";
  const char* days64 = wide ? "?_W_Getdays@_Locinfo@std@@QEBAPEBGXZ" : "?_Getdays@_Locinfo@std@@QEBAPEBDXZ";
  const char* months86 = wide ? "?_W_Getmonths@_Locinfo@std@@QBEPBGXZ" : "?_Getmonths@_Locinfo@std@@QBEPBDXZ";
  const char* months64 = wide ? "?_W_Getmonths@_Locinfo@std@@QEBAPEBGXZ" : "?_Getmonths@_Locinfo@std@@QEBAPEBDXZ";
  auto copy = [&](uint64_t s) {
    uint64_t n = 0;
    while (s && get<Char>(s + n * sizeof(Char))) ++n;
    const uint64_t d = new_object(p, (n + 1) * sizeof(Char));
    if (n) std::memcpy(guest_pointer(d), guest_pointer(s), n * sizeof(Char));
    put<Char>(d + n * sizeof(Char), 0);
    return d;
  };
  p.put_ptr(days_at(p, self.addr), copy(call_method(p, days86, days64, locinfo.addr, {})));
  p.put_ptr(months_at(p, self.addr), copy(call_method(p, months86, months64, locinfo.addr, {})));
  put<int32_t>(order_at(p, self.addr), static_cast<int32_t>(p.call_export(this_dll().name, "_Getdateorder", {})));
  p.call_export(this_dll().name, "_Getcvt", {cvt_at(p, self.addr)});
}
// A _Locinfo of the "C" locale for the constructors that take none.
template <typename Char>
Ptr ctor_locinfo(WindowsProcess& p, Ptr self, Ptr locinfo, USize refs) {
  facet_init(p, self.addr, vtable(p, get_vtable<Char>(p)), refs);
  Init<Char>(p, self, locinfo);
  return self;
}
template <typename Char>
Ptr ctor_named(WindowsProcess& p, Ptr self, Ptr name, USize refs) {
  const uint64_t info = p.heap.alloc(128, true);
  call_method(p, "??0_Locinfo@std@@QAE@PBD@Z", "??0_Locinfo@std@@QEAA@PEBD@Z", info, {name.addr});
  ctor_locinfo<Char>(p, self, info, refs);
  call_method(p, "??1_Locinfo@std@@QAE@XZ", "??1_Locinfo@std@@QEAA@XZ", info, {});
  p.heap.free(info);
  return self;
}
template <typename Char>
Ptr ctor(WindowsProcess& p, Ptr self, USize refs) {
  const uint64_t info = p.heap.alloc(128, true);
  call_method(p, "??_F_Locinfo@std@@QAEXXZ", "??_F_Locinfo@std@@QEAAXXZ", info, {});
  ctor_locinfo<Char>(p, self, info, refs);
  call_method(p, "??1_Locinfo@std@@QAE@XZ", "??1_Locinfo@std@@QEAA@XZ", info, {});
  p.heap.free(info);
  return self;
}
template <typename Char>
Ptr ctor_default(WindowsProcess& p, Ptr self) { return ctor<Char>(p, self, 0); }
void Tidy(WindowsProcess& p, Ptr self) {
  delete_object(p, p.get_ptr(days_at(p, self.addr)));
  delete_object(p, p.get_ptr(months_at(p, self.addr)));
  p.put_ptr(days_at(p, self.addr), 0);
  p.put_ptr(months_at(p, self.addr), 0);
}
void dtor(WindowsProcess& p, Ptr self) { Tidy(p, self); }
Ptr vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  Tidy(p, self);
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

template <typename Char>
std::vector<Export> vtable_entries(bool x64) {
  const char* cls = sizeof(Char) == 1 ? "std::time_get<char>::" : "std::time_get<wchar_t>::";
  auto n = [&](const char* m) { return expand((std::string(cls) + m).c_str(), ""); };
#define TG_ENTRY(label, fn) (x64 ? EXPORT_METHOD(n(label), (do_x64<Char, fn<Char>>)) : EXPORT_METHOD(n(label), (do_i386<Char, fn<Char>>)))
  return {
      EXPORT_METHOD(n("`vector deleting destructor'"), vector_dtor),
      EXPORT_METHOD("std::locale::facet::_Incref", facet_incref_method),
      EXPORT_METHOD("std::locale::facet::_Decref", facet_decref_method),
      EXPORT_METHOD(n("do_date_order"), do_date_order),
      TG_ENTRY("do_get_time", get_time),
      TG_ENTRY("do_get_date", get_date),
      TG_ENTRY("do_get_weekday", get_weekday),
      TG_ENTRY("do_get_monthname", get_monthname),
      TG_ENTRY("do_get_year", get_year),
      x64 ? EXPORT_METHOD(n("do_get"), do_get_x64<Char>) : EXPORT_METHOD(n("do_get"), do_get_i386<Char>),
  };
#undef TG_ENTRY
}
template <typename Char>
const std::vector<Export>& get_vtable(const WindowsProcess& p) {
  static const std::vector<Export> x64 = vtable_entries<Char>(true), x86 = vtable_entries<Char>(false);
  return p.isa->ptr == 8 ? x64 : x86;
}
template <typename Char>
uint64_t vtable_data(WindowsProcess& p) { return vtable(p, get_vtable<Char>(p)); }

struct Ids : DllStateBase {
  std::map<int, uint64_t> at;
};
template <int K>
uint64_t id_object(WindowsProcess& p) {
  uint64_t& at = dll_state<Ids>(p).at[K];
  if (!at) at = p.alloc_data(p.isa->ptr);
  return at;
}

#define TIME_GET "?$time_get@$CV?$istreambuf_iterator@$CU?$char_traits@$C@std@@@std@@@std@@"
#define IN_IT "V?$istreambuf_iterator@$CU?$char_traits@$C@std@@@2@"
#define ARGS86 "V32@0AAVios_base@2@AAHPAUtm@@"
#define ARGS64 "V32@0AEAVios_base@2@AEAHPEAUtm@@"
#define DO(name, fn)                                                                                             \
  MSVCP_TMETHOD2(code, "?" name "@" TIME_GET "MBE?A" IN_IT ARGS86 "@Z", (do_i386<Char, fn<Char>>),                 \
                 "?" name "@" TIME_GET "MEBA?A" IN_IT ARGS64 "@Z", (do_x64<Char, fn<Char>>))
#define PUB(name, slot)                                                                                                            \
  MSVCP_TMETHOD2(code, "?" name "@" TIME_GET "QBE?A" IN_IT ARGS86 "@Z", pub_i386<slot>, "?" name "@" TIME_GET "QEBA?A" IN_IT ARGS64 "@Z", \
                 pub_x64<slot>)

template <typename Char>
void add_exports(std::vector<Export>& e, const char* code, uint64_t (*id)(WindowsProcess&)) {
  const std::vector<Export> w = {
      MSVCP_TMETHOD(code, "??0" TIME_GET "IAE@PBDI@Z", "??0" TIME_GET "IEAA@PEBD_K@Z", ctor_named<Char>),
      MSVCP_TMETHOD(code, "??0" TIME_GET "QAE@ABV_Locinfo@1@I@Z", "??0" TIME_GET "QEAA@AEBV_Locinfo@1@_K@Z", ctor_locinfo<Char>),
      MSVCP_TMETHOD(code, "??0" TIME_GET "QAE@I@Z", "??0" TIME_GET "QEAA@_K@Z", ctor<Char>),
      MSVCP_TMETHOD(code, "??_F" TIME_GET "QAEXXZ", "??_F" TIME_GET "QEAAXXZ", ctor_default<Char>),
      MSVCP_TMETHOD(code, "??1" TIME_GET "MAE@XZ", "??1" TIME_GET "MEAA@XZ", dtor),
      MSVCP_TDATA(code, "??_7" TIME_GET "6B@", "??_7" TIME_GET "6B@", vtable_data<Char>),
      MSVCP_TDATA(code, "?id@" TIME_GET "2V0locale@2@A", "?id@" TIME_GET "2V0locale@2@A", *id),
      MSVCP_TFUNCTION(code, "?_Getcat@" TIME_GET "SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@" TIME_GET "SA_KPEAPEBVfacet@locale@2@PEBV42@@Z",
                      getcat<Char>),
      MSVCP_TMETHOD(code, "?_Init@" TIME_GET "IAEXABV_Locinfo@2@@Z", "?_Init@" TIME_GET "IEAAXAEBV_Locinfo@2@@Z", Init<Char>),
      MSVCP_TMETHOD(code, "?_Tidy@" TIME_GET "AAEXXZ", "?_Tidy@" TIME_GET "AEAAXXZ", Tidy),
      MSVCP_TMETHOD(code, "?date_order@" TIME_GET "QBE?AW4dateorder@time_base@2@XZ", "?date_order@" TIME_GET "QEBA?AW4dateorder@time_base@2@XZ",
                    date_order),
      MSVCP_TMETHOD(code, "?do_date_order@" TIME_GET "MBE?AW4dateorder@time_base@2@XZ",
                    "?do_date_order@" TIME_GET "MEBA?AW4dateorder@time_base@2@XZ", do_date_order),
      MSVCP_TMETHOD2(code, "?_Getfmt@" TIME_GET "IBE?A" IN_IT ARGS86 "PBD@Z", Getfmt_i386<Char>,
                     "?_Getfmt@" TIME_GET "IEBA?A" IN_IT ARGS64 "PEBD@Z", Getfmt_x64<Char>),
      MSVCP_TMETHOD2(code, "?do_get@" TIME_GET "MBE?A" IN_IT ARGS86 "DD@Z", do_get_i386<Char>, "?do_get@" TIME_GET "MEBA?A" IN_IT ARGS64 "DD@Z",
                     do_get_x64<Char>),
      DO("do_get_date", get_date),
      DO("do_get_monthname", get_monthname),
      DO("do_get_time", get_time),
      DO("do_get_weekday", get_weekday),
      DO("do_get_year", get_year),
      MSVCP_TMETHOD2(code, "?get@" TIME_GET "QBE?A" IN_IT ARGS86 "DD@Z", get_spec_i386, "?get@" TIME_GET "QEBA?A" IN_IT ARGS64 "DD@Z",
                     get_spec_x64),
      MSVCP_TMETHOD2(code, "?get@" TIME_GET "QBE?A" IN_IT ARGS86 "PB$C4@Z", get_pattern_i386<Char>,
                     "?get@" TIME_GET "QEBA?A" IN_IT ARGS64 "PEB$C4@Z", get_pattern_x64<Char>),
      PUB("get_date", 5),
      PUB("get_monthname", 7),
      PUB("get_time", 4),
      PUB("get_weekday", 6),
      PUB("get_year", 8),
  };
  e.insert(e.end(), w.begin(), w.end());
}

const std::vector<Export>& exports_table() {
  static const std::vector<Export> e = [] {
    std::vector<Export> e;
    add_exports<char>(e, "D", id_object<0>);
    add_exports<char16_t>(e, "_W", id_object<1>);
    return e;
  }();
  return e;
}

}  // namespace time_get_file

const std::vector<Export>& time_get_exports() { return time_get_file::exports_table(); }

}  // namespace msvcp

}  // namespace polyrun::shims
