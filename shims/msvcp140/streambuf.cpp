// MSVCP140.dll's std::basic_streambuf<char>, <wchar_t> and <unsigned short>: the stream buffer
// every stream reads and writes through: its get and put areas (eback/gptr/egptr, pbase/pptr/
// epptr, setg, setp, gbump, pbump), the public members (sgetc, sbumpc, snextc, sputc, sputn,
// sgetn, sputbackc, sungetc, in_avail, pubseekoff, pubsync, pubimbue, getloc …) and the virtual
// defaults a derived buffer overrides (overflow, underflow, uflow, pbackfail, showmanyc, xsgetn,
// xsputn, seekoff, seekpos, setbuf, sync, imbue, _Lock, _Unlock). One implementation for a
// character type, exported under each of its names.
//
// The object, as MSVC lays it out: vtable; Char* _Gfirst, _Pfirst; Char** _IGfirst, _IPfirst;
// Char* _Gnext, _Pnext; Char** _IGnext, _IPnext; int _Gcount, _Pcount; int* _IGcount, _IPcount;
// locale* _Plocale. The areas are read through the indirect pointers (_Init points them at the
// object's own fields, a derived buffer may point them elsewhere). The public members call the
// virtual ones through the buffer's vtable: a program's stringbuf or filebuf (MSVC's headers
// implement those inline) overrides them.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp140/guest_objects.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

namespace objects {

void put_fpos(uint64_t at, int64_t off, int64_t fpos, uint64_t state) {
  put<int64_t>(at, off);
  put<int64_t>(at + 8, fpos);
  put<uint64_t>(at + 16, state);
}

}  // namespace objects

namespace streambuf_file {

using namespace objects;

// The vtable's slots.
enum Slot { kDtor, kLock, kUnlock, kOverflow, kPbackfail, kShowmanyc, kUnderflow, kUflow, kXsgetn, kXsputn, kSeekoff,
            kSeekpos, kSetbuf, kSync, kImbue };

// The fields: the k-th pointer after the vtable (0 _Gfirst … 7 _IPnext), the counts and the locale.
// (Visual C++ 2003 to 2010: a _Mutex after the vtable first.)
constexpr uint64_t kMutexSlots = kStreambufMutexSlots;
uint64_t field(const WindowsProcess& p, uint64_t sb, int k) {
  return sb + static_cast<uint64_t>(k + 1 + kMutexSlots) * p.isa->ptr;
}
uint64_t gcount_at(const WindowsProcess& p, uint64_t sb) { return sb + (9 + kMutexSlots) * p.isa->ptr; }
uint64_t igcount_at(const WindowsProcess& p, uint64_t sb) { return sb + (9 + kMutexSlots) * p.isa->ptr + 8; }
uint64_t ipcount_at(const WindowsProcess& p, uint64_t sb) { return sb + (10 + kMutexSlots) * p.isa->ptr + 8; }
uint64_t plocale_at(const WindowsProcess& p, uint64_t sb) { return sb + (11 + kMutexSlots) * p.isa->ptr + 8; }
enum { kGfirst, kPfirst, kIGfirst, kIPfirst, kGnext, kPnext, kIGnext, kIPnext };

// The indirect fields' targets.
uint64_t ig_first(WindowsProcess& p, uint64_t sb) { return p.get_ptr(field(p, sb, kIGfirst)); }
uint64_t ip_first(WindowsProcess& p, uint64_t sb) { return p.get_ptr(field(p, sb, kIPfirst)); }
uint64_t ig_next(WindowsProcess& p, uint64_t sb) { return p.get_ptr(field(p, sb, kIGnext)); }
uint64_t ip_next(WindowsProcess& p, uint64_t sb) { return p.get_ptr(field(p, sb, kIPnext)); }
uint64_t ig_count(WindowsProcess& p, uint64_t sb) { return p.get_ptr(igcount_at(p, sb)); }
uint64_t ip_count(WindowsProcess& p, uint64_t sb) { return p.get_ptr(ipcount_at(p, sb)); }

template <typename Char>
uint64_t eback_(WindowsProcess& p, uint64_t sb) { return p.get_ptr(ig_first(p, sb)); }
template <typename Char>
uint64_t gptr_(WindowsProcess& p, uint64_t sb) { return p.get_ptr(ig_next(p, sb)); }
template <typename Char>
uint64_t egptr_(WindowsProcess& p, uint64_t sb) {
  return p.get_ptr(ig_next(p, sb)) + static_cast<int64_t>(get<int32_t>(ig_count(p, sb))) * static_cast<int64_t>(sizeof(Char));
}
template <typename Char>
uint64_t pbase_(WindowsProcess& p, uint64_t sb) { return p.get_ptr(ip_first(p, sb)); }
template <typename Char>
uint64_t pptr_(WindowsProcess& p, uint64_t sb) { return p.get_ptr(ip_next(p, sb)); }
template <typename Char>
uint64_t epptr_(WindowsProcess& p, uint64_t sb) {
  return p.get_ptr(ip_next(p, sb)) + static_cast<int64_t>(get<int32_t>(ip_count(p, sb))) * static_cast<int64_t>(sizeof(Char));
}
template <typename Char>
void setg_(WindowsProcess& p, uint64_t sb, uint64_t first, uint64_t next, uint64_t last) {
  p.put_ptr(ig_first(p, sb), first);
  p.put_ptr(ig_next(p, sb), next);
  put<int32_t>(ig_count(p, sb), static_cast<int32_t>((static_cast<int64_t>(last) - static_cast<int64_t>(next)) / static_cast<int64_t>(sizeof(Char))));
}
template <typename Char>
void setp3_(WindowsProcess& p, uint64_t sb, uint64_t first, uint64_t next, uint64_t last) {
  p.put_ptr(ip_first(p, sb), first);
  p.put_ptr(ip_next(p, sb), next);
  put<int32_t>(ip_count(p, sb), static_cast<int32_t>((static_cast<int64_t>(last) - static_cast<int64_t>(next)) / static_cast<int64_t>(sizeof(Char))));
}
template <typename Char>
int64_t gnavail_(WindowsProcess& p, uint64_t sb) { return gptr_<Char>(p, sb) ? get<int32_t>(ig_count(p, sb)) : 0; }
template <typename Char>
int64_t pnavail_(WindowsProcess& p, uint64_t sb) { return pptr_<Char>(p, sb) ? get<int32_t>(ip_count(p, sb)) : 0; }
// Moves the next character pointer by `n` (the count the other way).
template <typename Char>
void gbump_(WindowsProcess& p, uint64_t sb, int32_t n) {
  put<int32_t>(ig_count(p, sb), get<int32_t>(ig_count(p, sb)) - n);
  p.put_ptr(ig_next(p, sb), gptr_<Char>(p, sb) + static_cast<int64_t>(n) * static_cast<int64_t>(sizeof(Char)));
}
template <typename Char>
void pbump_(WindowsProcess& p, uint64_t sb, int32_t n) {
  put<int32_t>(ip_count(p, sb), get<int32_t>(ip_count(p, sb)) - n);
  p.put_ptr(ip_next(p, sb), pptr_<Char>(p, sb) + static_cast<int64_t>(n) * static_cast<int64_t>(sizeof(Char)));
}

template <typename Char>
using Int = typename Traits<Char>::Int;
template <typename Char>
Int<Char> to_int_result(uint64_t r) {
  return static_cast<Int<Char>>(r);
}

// ---- the virtual functions, called through the vtable ----
template <typename Char>
Int<Char> v_overflow(WindowsProcess& p, uint64_t sb, Int<Char> c) {
  return to_int_result<Char>(vcall(p, sb, kOverflow, {static_cast<uint64_t>(static_cast<uint32_t>(c))}));
}
template <typename Char>
Int<Char> v_pbackfail(WindowsProcess& p, uint64_t sb, Int<Char> c) {
  return to_int_result<Char>(vcall(p, sb, kPbackfail, {static_cast<uint64_t>(static_cast<uint32_t>(c))}));
}
template <typename Char>
Int<Char> v_underflow(WindowsProcess& p, uint64_t sb) { return to_int_result<Char>(vcall(p, sb, kUnderflow, {})); }
template <typename Char>
Int<Char> v_uflow(WindowsProcess& p, uint64_t sb) { return to_int_result<Char>(vcall(p, sb, kUflow, {})); }

// ---- the members ----

// (seekpos takes its position as the ISA passes it: a vtable for each)
template <typename Char>
const std::vector<Export>& vtable_of(const WindowsProcess& p);

template <typename Char>
void Init(WindowsProcess& p, Ptr self) {
  const uint64_t sb = self.addr;
  p.put_ptr(field(p, sb, kIGfirst), field(p, sb, kGfirst));
  p.put_ptr(field(p, sb, kIPfirst), field(p, sb, kPfirst));
  p.put_ptr(field(p, sb, kIGnext), field(p, sb, kGnext));
  p.put_ptr(field(p, sb, kIPnext), field(p, sb, kPnext));
  p.put_ptr(igcount_at(p, sb), gcount_at(p, sb));
  p.put_ptr(ipcount_at(p, sb), gcount_at(p, sb) + 4);
  setp3_<Char>(p, sb, 0, 0, 0);
  setg_<Char>(p, sb, 0, 0, 0);
}
template <typename Char>
void Init_ptrs(WindowsProcess& p, Ptr self, Ptr gf, Ptr gn, Ptr gc, Ptr pf, Ptr pn, Ptr pc) {
  const uint64_t sb = self.addr;
  p.put_ptr(field(p, sb, kIGfirst), gf.addr);
  p.put_ptr(field(p, sb, kIPfirst), pf.addr);
  p.put_ptr(field(p, sb, kIGnext), gn.addr);
  p.put_ptr(field(p, sb, kIPnext), pn.addr);
  p.put_ptr(igcount_at(p, sb), gc.addr);
  p.put_ptr(ipcount_at(p, sb), pc.addr);
}
// A new buffer: empty areas, a copy of the global locale.
template <typename Char>
Ptr ctor(WindowsProcess& p, Ptr self) {
  p.put_ptr(self.addr, vtable(p, vtable_of<Char>(p)));
  p.put_ptr(plocale_at(p, self.addr), new_locale_object(p, global_locimp(p)));
  Init<Char>(p, self);
  return self;
}
// (_Uninitialized: the fields are left as they are)
template <typename Char>
Ptr ctor_uninitialized(WindowsProcess& p, Ptr self, int32_t) {
  p.put_ptr(self.addr, vtable(p, vtable_of<Char>(p)));
  return self;
}
template <typename Char>
void dtor(WindowsProcess& p, Ptr self) {
  if (const uint64_t loc = p.get_ptr(plocale_at(p, self.addr))) {
    locale_destroy(p, loc);
    delete_object(p, loc);
    p.put_ptr(plocale_at(p, self.addr), 0);
  }
}
template <typename Char>
Ptr vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  dtor<Char>(p, self);
  if (flags & 1) delete_object(p, self.addr);
  return self;
}

template <typename Char>
Ptr eback(WindowsProcess& p, Ptr self) { return eback_<Char>(p, self.addr); }
template <typename Char>
Ptr gptr(WindowsProcess& p, Ptr self) { return gptr_<Char>(p, self.addr); }
template <typename Char>
Ptr egptr(WindowsProcess& p, Ptr self) { return egptr_<Char>(p, self.addr); }
template <typename Char>
Ptr pbase(WindowsProcess& p, Ptr self) { return pbase_<Char>(p, self.addr); }
template <typename Char>
Ptr pptr(WindowsProcess& p, Ptr self) { return pptr_<Char>(p, self.addr); }
template <typename Char>
Ptr epptr(WindowsProcess& p, Ptr self) { return epptr_<Char>(p, self.addr); }
template <typename Char>
void setg(WindowsProcess& p, Ptr self, Ptr first, Ptr next, Ptr last) { setg_<Char>(p, self.addr, first.addr, next.addr, last.addr); }
template <typename Char>
void setp(WindowsProcess& p, Ptr self, Ptr first, Ptr last) { setp3_<Char>(p, self.addr, first.addr, first.addr, last.addr); }
template <typename Char>
void setp3(WindowsProcess& p, Ptr self, Ptr first, Ptr next, Ptr last) { setp3_<Char>(p, self.addr, first.addr, next.addr, last.addr); }
template <typename Char>
void gbump(WindowsProcess& p, Ptr self, int32_t n) { gbump_<Char>(p, self.addr, n); }
template <typename Char>
void pbump(WindowsProcess& p, Ptr self, int32_t n) { pbump_<Char>(p, self.addr, n); }
template <typename Char>
int64_t Gnavail(WindowsProcess& p, Ptr self) { return gnavail_<Char>(p, self.addr); }
template <typename Char>
int64_t Pnavail(WindowsProcess& p, Ptr self) { return pnavail_<Char>(p, self.addr); }
// The next character pointer moved back (returned after), on (returned before), on (after).
template <typename Char>
Ptr Gndec(WindowsProcess& p, Ptr self) {
  gbump_<Char>(p, self.addr, -1);
  return gptr_<Char>(p, self.addr);
}
template <typename Char>
Ptr Gninc(WindowsProcess& p, Ptr self) {
  const uint64_t at = gptr_<Char>(p, self.addr);
  gbump_<Char>(p, self.addr, 1);
  return at;
}
template <typename Char>
Ptr Gnpreinc(WindowsProcess& p, Ptr self) {
  gbump_<Char>(p, self.addr, 1);
  return gptr_<Char>(p, self.addr);
}
template <typename Char>
Ptr Pninc(WindowsProcess& p, Ptr self) {
  const uint64_t at = pptr_<Char>(p, self.addr);
  pbump_<Char>(p, self.addr, 1);
  return at;
}
template <typename Char>
void Lock(WindowsProcess&, Ptr) {}  // (a plain buffer has no lock: basic_filebuf's lock its FILE)
template <typename Char>
void Unlock(WindowsProcess&, Ptr) {}

// ---- the virtual defaults ----
template <typename Char>
Int<Char> overflow(WindowsProcess&, Ptr, Int<Char>) { return Traits<Char>::kEof; }
template <typename Char>
Int<Char> pbackfail(WindowsProcess&, Ptr, Int<Char>) { return Traits<Char>::kEof; }
template <typename Char>
int64_t showmanyc(WindowsProcess&, Ptr) { return 0; }
template <typename Char>
Int<Char> underflow(WindowsProcess&, Ptr) { return Traits<Char>::kEof; }
// The next character taken: underflow's, and the get area moved past it.
template <typename Char>
Int<Char> uflow(WindowsProcess& p, Ptr self) {
  if (v_underflow<Char>(p, self.addr) == Traits<Char>::kEof) return Traits<Char>::kEof;
  return Traits<Char>::to_int(get<Char>(Gninc<Char>(p, self).addr));
}
// Up to `n` characters into `s`: from the get area, and uflow for each beyond it.
template <typename Char>
int64_t xsgetn(WindowsProcess& p, Ptr self, Ptr s, Streamsize count) {
  const int64_t n = ssize(p, count);
  int64_t done = 0;
  while (done < n) {
    const int64_t avail = gnavail_<Char>(p, self.addr);
    if (avail > 0) {
      const int64_t k = avail < n - done ? avail : n - done;
      std::memcpy(guest_pointer(s.addr + done * sizeof(Char)), guest_pointer(gptr_<Char>(p, self.addr)), k * sizeof(Char));
      gbump_<Char>(p, self.addr, static_cast<int32_t>(k));
      done += k;
    } else {
      const Int<Char> c = v_uflow<Char>(p, self.addr);
      if (c == Traits<Char>::kEof) break;
      put<Char>(s.addr + done * sizeof(Char), static_cast<Char>(c));
      ++done;
    }
  }
  return done;
}
// Up to `n` characters from `s`: into the put area, and overflow for each beyond it.
template <typename Char>
int64_t xsputn(WindowsProcess& p, Ptr self, Ptr s, Streamsize count) {
  const int64_t n = ssize(p, count);
  int64_t done = 0;
  while (done < n) {
    const int64_t avail = pnavail_<Char>(p, self.addr);
    if (avail > 0) {
      const int64_t k = avail < n - done ? avail : n - done;
      std::memcpy(guest_pointer(pptr_<Char>(p, self.addr)), guest_pointer(s.addr + done * sizeof(Char)), k * sizeof(Char));
      pbump_<Char>(p, self.addr, static_cast<int32_t>(k));
      done += k;
    } else {
      if (v_overflow<Char>(p, self.addr, Traits<Char>::to_int(get<Char>(s.addr + done * sizeof(Char)))) == Traits<Char>::kEof) break;
      ++done;
    }
  }
  return done;
}
// No positioning: the invalid position, -1.
template <typename Char>
Ptr seekoff(WindowsProcess&, Ptr, Ptr ret, Streamsize, int32_t, int32_t) {
  put_fpos(ret.addr, -1);
  return ret;
}
template <typename Char>
Ptr seekpos(WindowsProcess&, Ptr, Ptr ret, Ptr, int32_t) {
  put_fpos(ret.addr, -1);
  return ret;
}
template <typename Char>
Ptr seekpos_i386(WindowsProcess&, Ptr, Ptr ret, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, int32_t) {
  put_fpos(ret.addr, -1);
  return ret;
}
template <typename Char>
Ptr setbuf(WindowsProcess&, Ptr self, Ptr, Streamsize) { return self; }
template <typename Char>
int32_t sync(WindowsProcess&, Ptr) { return 0; }
template <typename Char>
void imbue(WindowsProcess&, Ptr, Ptr) {}

// ---- the public members ----
template <typename Char>
Int<Char> sgetc(WindowsProcess& p, Ptr self) {
  if (gnavail_<Char>(p, self.addr) > 0) return Traits<Char>::to_int(get<Char>(gptr_<Char>(p, self.addr)));
  return v_underflow<Char>(p, self.addr);
}
template <typename Char>
Int<Char> sbumpc(WindowsProcess& p, Ptr self) {
  if (gnavail_<Char>(p, self.addr) > 0) return Traits<Char>::to_int(get<Char>(Gninc<Char>(p, self).addr));
  return v_uflow<Char>(p, self.addr);
}
template <typename Char>
Int<Char> snextc(WindowsProcess& p, Ptr self) {
  if (gnavail_<Char>(p, self.addr) > 1) return Traits<Char>::to_int(get<Char>(Gnpreinc<Char>(p, self).addr));
  if (sbumpc<Char>(p, self) == Traits<Char>::kEof) return Traits<Char>::kEof;
  return sgetc<Char>(p, self);
}
template <typename Char>
void stossc(WindowsProcess& p, Ptr self) {
  if (gnavail_<Char>(p, self.addr) > 0) Gninc<Char>(p, self);
  else v_uflow<Char>(p, self.addr);
}
template <typename Char>
Int<Char> sputc(WindowsProcess& p, Ptr self, Char c) {
  if (pnavail_<Char>(p, self.addr) > 0) {
    put<Char>(Pninc<Char>(p, self).addr, c);
    return Traits<Char>::to_int(c);
  }
  return v_overflow<Char>(p, self.addr, Traits<Char>::to_int(c));
}
template <typename Char>
Int<Char> sputbackc(WindowsProcess& p, Ptr self, Char c) {
  const uint64_t g = gptr_<Char>(p, self.addr);
  if (g && eback_<Char>(p, self.addr) < g && get<Char>(g - sizeof(Char)) == c)
    return Traits<Char>::to_int(get<Char>(Gndec<Char>(p, self).addr));
  return v_pbackfail<Char>(p, self.addr, Traits<Char>::to_int(c));
}
template <typename Char>
Int<Char> sungetc(WindowsProcess& p, Ptr self) {
  const uint64_t g = gptr_<Char>(p, self.addr);
  if (g && eback_<Char>(p, self.addr) < g) return Traits<Char>::to_int(get<Char>(Gndec<Char>(p, self).addr));
  return v_pbackfail<Char>(p, self.addr, Traits<Char>::kEof);
}
template <typename Char>
int64_t in_avail(WindowsProcess& p, Ptr self) {
  const int64_t n = gnavail_<Char>(p, self.addr);
  return n > 0 ? n : vcall_size(p, self.addr, kShowmanyc, {});
}
template <typename Char>
int64_t sgetn(WindowsProcess& p, Ptr self, Ptr s, Streamsize n) {
  std::vector<uint64_t> args{s.addr};
  arg_size(p, args, ssize(p, n));
  return vcall_size(p, self.addr, kXsgetn, args);
}
template <typename Char>
int64_t sputn(WindowsProcess& p, Ptr self, Ptr s, Streamsize n) {
  std::vector<uint64_t> args{s.addr};
  arg_size(p, args, ssize(p, n));
  return vcall_size(p, self.addr, kXsputn, args);
}
template <typename Char>
int32_t pubsync(WindowsProcess& p, Ptr self) { return static_cast<int32_t>(vcall(p, self.addr, kSync, {})); }
template <typename Char>
Ptr pubsetbuf(WindowsProcess& p, Ptr self, Ptr s, Streamsize n) {
  std::vector<uint64_t> args{s.addr};
  arg_size(p, args, ssize(p, n));
  return vcall(p, self.addr, kSetbuf, args) & (p.isa->ptr == 8 ? ~0ull : 0xffffffffull);
}
template <typename Char>
Ptr pubseekoff(WindowsProcess& p, Ptr self, Ptr ret, Streamsize off, int32_t way, int32_t mode) {
  std::vector<uint64_t> args{ret.addr};
  arg_size(p, args, ssize(p, off));
  args.push_back(static_cast<uint32_t>(way));
  args.push_back(static_cast<uint32_t>(mode));
  vcall(p, self.addr, kSeekoff, args);
  return ret;
}
// The position passed on as the program passed it: a copy's address on x64, its 24 bytes on i386.
void seekpos_call(WindowsProcess& p, uint64_t sb, uint64_t ret, int64_t off, int64_t fpos, uint64_t state, int32_t mode) {
  std::vector<uint64_t> args{ret};
  uint64_t copy = 0;
  if (p.isa->ptr == 8) {
    copy = p.heap.alloc(24, true);
    put_fpos(copy, off, fpos, state);
    args.push_back(copy);
  } else {
    arg64(p, args, static_cast<uint64_t>(off));
    arg64(p, args, static_cast<uint64_t>(fpos));
    arg64(p, args, state);
  }
  args.push_back(static_cast<uint32_t>(mode));
  vcall(p, sb, kSeekpos, args);
  if (copy) p.heap.free(copy);
}
template <typename Char>
Ptr pubseekpos(WindowsProcess& p, Ptr self, Ptr ret, Ptr pos, int32_t mode) {
  seekpos_call(p, self.addr, ret.addr, fpos_offset(p, pos.addr), get<int64_t>(pos.addr + 8), get<uint64_t>(pos.addr + 16), mode);
  return ret;
}
template <typename Char>
Ptr pubseekpos_i386(WindowsProcess& p, Ptr self, Ptr ret, uint32_t o0, uint32_t o1, uint32_t f0, uint32_t f1, uint32_t s0,
                    uint32_t s1, int32_t mode) {
  seekpos_call(p, self.addr, ret.addr, static_cast<int64_t>(o0 | uint64_t{o1} << 32), static_cast<int64_t>(f0 | uint64_t{f1} << 32),
               s0 | uint64_t{s1} << 32, mode);
  return ret;
}
template <typename Char>
Ptr getloc(WindowsProcess& p, Ptr self, Ptr ret) {
  locale_copy(p, ret.addr, p.get_ptr(plocale_at(p, self.addr)));
  return ret;
}
// The old locale (at `ret`); imbue told of the new one, which the buffer keeps a copy of.
template <typename Char>
Ptr pubimbue(WindowsProcess& p, Ptr self, Ptr ret, Ptr loc) {
  const uint64_t mine = p.get_ptr(plocale_at(p, self.addr));
  locale_copy(p, ret.addr, mine);
  vcall(p, self.addr, kImbue, {loc.addr});
  locale_destroy(p, mine);
  locale_copy(p, mine, loc.addr);
  return ret;
}
template <typename Char>
void swap(WindowsProcess& p, Ptr self, Ptr other) {
  if (self.addr == other.addr) return;
  const uint64_t a = self.addr, b = other.addr;
  const uint64_t pf = pbase_<Char>(p, a), pn = pptr_<Char>(p, a), pe = epptr_<Char>(p, a);
  const uint64_t gf = eback_<Char>(p, a), gn = gptr_<Char>(p, a), ge = egptr_<Char>(p, a);
  setp3_<Char>(p, a, pbase_<Char>(p, b), pptr_<Char>(p, b), epptr_<Char>(p, b));
  setp3_<Char>(p, b, pf, pn, pe);
  setg_<Char>(p, a, eback_<Char>(p, b), gptr_<Char>(p, b), egptr_<Char>(p, b));
  setg_<Char>(p, b, gf, gn, ge);
  const uint64_t la = p.get_ptr(plocale_at(p, a));
  p.put_ptr(plocale_at(p, a), p.get_ptr(plocale_at(p, b)));
  p.put_ptr(plocale_at(p, b), la);
}

template <typename Char>
std::vector<Export> vtable_entries(const char* cls, bool x64) {
  std::string c = cls;
  auto n = [&](const char* m) { return expand((c + "::" + m).c_str(), ""); };
  return {
      EXPORT_METHOD(n("`vector deleting destructor'"), vector_dtor<Char>), EXPORT_METHOD(n("_Lock"), Lock<Char>),
      EXPORT_METHOD(n("_Unlock"), Unlock<Char>),         EXPORT_METHOD(n("overflow"), overflow<Char>),
      EXPORT_METHOD(n("pbackfail"), pbackfail<Char>),    EXPORT_METHOD(n("showmanyc"), showmanyc<Char>),
      EXPORT_METHOD(n("underflow"), underflow<Char>),    EXPORT_METHOD(n("uflow"), uflow<Char>),
      EXPORT_METHOD(n("xsgetn"), xsgetn<Char>),          EXPORT_METHOD(n("xsputn"), xsputn<Char>),
      EXPORT_METHOD(n("seekoff"), seekoff<Char>),
      x64 ? EXPORT_METHOD(n("seekpos"), seekpos<Char>) : EXPORT_METHOD(n("seekpos"), seekpos_i386<Char>),
      EXPORT_METHOD(n("setbuf"), setbuf<Char>),          EXPORT_METHOD(n("sync"), sync<Char>),
      EXPORT_METHOD(n("imbue"), imbue<Char>),
  };
}
template <typename Char>
const std::vector<Export>& vtable_of(const WindowsProcess& p) {
  const char* cls = sizeof(Char) == 1 ? "std::basic_streambuf<char>" : "std::basic_streambuf<wchar_t>";
  static const std::vector<Export> x64 = vtable_entries<Char>(cls, true), x86 = vtable_entries<Char>(cls, false);
  return p.isa->ptr == 8 ? x64 : x86;
}
template <typename Char>
uint64_t vtable_data(WindowsProcess& p) { return vtable(p, vtable_of<Char>(p)); }


template <typename Char>
void add_exports(std::vector<Export>& e, const char* code) {
  const std::vector<Export> w = {
      MSVCP_TMETHOD(code, "??0?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAE@W4_Uninitialized@1@@Z", "??0?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAA@W4_Uninitialized@1@@Z", ctor_uninitialized<Char>),
      MSVCP_TMETHOD(code, "??0?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAE@XZ", "??0?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAA@XZ", ctor<Char>),
      MSVCP_TMETHOD(code, "??1?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@UAE@XZ", "??1?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@UEAA@XZ", dtor<Char>),
      MSVCP_TDATA(code, "??_7?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@6B@", "??_7?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@6B@", vtable_data<Char>),
      MSVCP_TMETHOD(code, "?_Gnavail@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IBE" MSVCP_SIZE86 "XZ", "?_Gnavail@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEBA_JXZ", Gnavail<Char>),
      MSVCP_TMETHOD(code, "?_Gndec@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEPA$CXZ", "?_Gndec@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAPEA$CXZ", Gndec<Char>),
      MSVCP_TMETHOD(code, "?_Gninc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEPA$CXZ", "?_Gninc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAPEA$CXZ", Gninc<Char>),
      MSVCP_TMETHOD(code, "?_Gnpreinc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEPA$CXZ", "?_Gnpreinc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAPEA$CXZ", Gnpreinc<Char>),
      MSVCP_TMETHOD(code, "?_Init@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEXPAPA$C0PAH001@Z", "?_Init@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAXPEAPEA$C0PEAH001@Z", Init_ptrs<Char>),
      MSVCP_TMETHOD(code, "?_Init@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEXXZ", "?_Init@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAXXZ", Init<Char>),
      MSVCP_TMETHOD(code, "?_Lock@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@UAEXXZ", "?_Lock@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@UEAAXXZ", Lock<Char>),
      MSVCP_TMETHOD(code, "?_Pnavail@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IBE" MSVCP_SIZE86 "XZ", "?_Pnavail@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEBA_JXZ", Pnavail<Char>),
      MSVCP_TMETHOD(code, "?_Pninc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEPA$CXZ", "?_Pninc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAPEA$CXZ", Pninc<Char>),
      MSVCP_TMETHOD(code, "?_Unlock@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@UAEXXZ", "?_Unlock@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@UEAAXXZ", Unlock<Char>),
      MSVCP_TMETHOD(code, "?eback@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IBEPA$CXZ", "?eback@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEBAPEA$CXZ", eback<Char>),
      MSVCP_TMETHOD(code, "?egptr@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IBEPA$CXZ", "?egptr@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEBAPEA$CXZ", egptr<Char>),
      MSVCP_TMETHOD(code, "?epptr@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IBEPA$CXZ", "?epptr@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEBAPEA$CXZ", epptr<Char>),
      MSVCP_TMETHOD(code, "?gbump@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEXH@Z", "?gbump@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAXH@Z", gbump<Char>),
      MSVCP_TMETHOD(code, "?getloc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QBE?AVlocale@2@XZ", "?getloc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEBA?AVlocale@2@XZ", getloc<Char>),
      MSVCP_TMETHOD(code, "?gptr@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IBEPA$CXZ", "?gptr@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEBAPEA$CXZ", gptr<Char>),
      MSVCP_TMETHOD(code, "?imbue@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAEXABVlocale@2@@Z", "?imbue@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAAXAEBVlocale@2@@Z", imbue<Char>),
      MSVCP_TMETHOD(code, "?in_avail@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE" MSVCP_SIZE86 "XZ", "?in_avail@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA_JXZ", in_avail<Char>),
      MSVCP_TMETHOD(code, "?overflow@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAE$I$I@Z", "?overflow@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAA$I$I@Z", overflow<Char>),
      MSVCP_TMETHOD(code, "?pbackfail@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAE$I$I@Z", "?pbackfail@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAA$I$I@Z", pbackfail<Char>),
      MSVCP_TMETHOD(code, "?pbase@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IBEPA$CXZ", "?pbase@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEBAPEA$CXZ", pbase<Char>),
      MSVCP_TMETHOD(code, "?pbump@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEXH@Z", "?pbump@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAXH@Z", pbump<Char>),
      MSVCP_TMETHOD(code, "?pptr@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IBEPA$CXZ", "?pptr@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEBAPEA$CXZ", pptr<Char>),
      MSVCP_TMETHOD(code, "?pubimbue@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE?AVlocale@2@ABV32@@Z", "?pubimbue@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA?AVlocale@2@AEBV32@@Z", pubimbue<Char>),
      MSVCP_TMETHOD(code, "?pubseekoff@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE?AV?$fpos@U_Mbstatet@@@2@" MSVCP_OFF86 "HH@Z", "?pubseekoff@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA?AV?$fpos@U_Mbstatet@@@2@_JHH@Z", pubseekoff<Char>),
      MSVCP_TMETHOD(code, "?pubseekoff@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE?AV?$fpos@U_Mbstatet@@@2@" MSVCP_OFF86 "II@Z", "?pubseekoff@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA?AV?$fpos@U_Mbstatet@@@2@_JII@Z", pubseekoff<Char>),
      MSVCP_TMETHOD2(code, "?pubseekpos@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE?AV?$fpos@U_Mbstatet@@@2@V32@H@Z", pubseekpos_i386<Char>, "?pubseekpos@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA?AV?$fpos@U_Mbstatet@@@2@V32@H@Z", pubseekpos<Char>),
      MSVCP_TMETHOD2(code, "?pubseekpos@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE?AV?$fpos@U_Mbstatet@@@2@V32@I@Z", pubseekpos_i386<Char>, "?pubseekpos@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA?AV?$fpos@U_Mbstatet@@@2@V32@I@Z", pubseekpos<Char>),
      MSVCP_TMETHOD(code, "?pubsetbuf@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAEPAV12@PA$C" MSVCP_SIZE86 "@Z", "?pubsetbuf@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAAPEAV12@PEA$C_J@Z", pubsetbuf<Char>),
      MSVCP_TMETHOD(code, "?pubsync@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAEHXZ", "?pubsync@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAAHXZ", pubsync<Char>),
      MSVCP_TMETHOD(code, "?sbumpc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE$IXZ", "?sbumpc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA$IXZ", sbumpc<Char>),
      MSVCP_TMETHOD(code, "?seekoff@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAE?AV?$fpos@U_Mbstatet@@@2@" MSVCP_OFF86 "HH@Z", "?seekoff@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAA?AV?$fpos@U_Mbstatet@@@2@_JHH@Z", seekoff<Char>),
      MSVCP_TMETHOD2(code, "?seekpos@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAE?AV?$fpos@U_Mbstatet@@@2@V32@H@Z", seekpos_i386<Char>, "?seekpos@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAA?AV?$fpos@U_Mbstatet@@@2@V32@H@Z", seekpos<Char>),
      MSVCP_TMETHOD(code, "?setbuf@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAEPAV12@PA$C" MSVCP_SIZE86 "@Z", "?setbuf@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAAPEAV12@PEA$C_J@Z", setbuf<Char>),
      MSVCP_TMETHOD(code, "?setg@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEXPA$C00@Z", "?setg@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAXPEA$C00@Z", setg<Char>),
      MSVCP_TMETHOD(code, "?setp@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEXPA$C00@Z", "?setp@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAXPEA$C00@Z", setp3<Char>),
      MSVCP_TMETHOD(code, "?setp@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEXPA$C0@Z", "?setp@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAXPEA$C0@Z", setp<Char>),
      MSVCP_TMETHOD(code, "?sgetc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE$IXZ", "?sgetc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA$IXZ", sgetc<Char>),
      MSVCP_TMETHOD(code, "?sgetn@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE" MSVCP_SIZE86 "PA$C" MSVCP_SIZE86 "@Z", "?sgetn@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA_JPEA$C_J@Z", sgetn<Char>),
      MSVCP_TMETHOD(code, "?showmanyc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAE" MSVCP_SIZE86 "XZ", "?showmanyc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAA_JXZ", showmanyc<Char>),
      MSVCP_TMETHOD(code, "?snextc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE$IXZ", "?snextc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA$IXZ", snextc<Char>),
      MSVCP_TMETHOD(code, "?sputbackc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE$I$C@Z", "?sputbackc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA$I$C@Z", sputbackc<Char>),
      MSVCP_TMETHOD(code, "?sputc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE$I$C@Z", "?sputc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA$I$C@Z", sputc<Char>),
      MSVCP_TMETHOD(code, "?sputn@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE" MSVCP_SIZE86 "PB$C" MSVCP_SIZE86 "@Z", "?sputn@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA_JPEB$C_J@Z", sputn<Char>),
      MSVCP_TMETHOD(code, "?stossc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAEXXZ", "?stossc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAAXXZ", stossc<Char>),
      MSVCP_TMETHOD(code, "?sungetc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QAE$IXZ", "?sungetc@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@QEAA$IXZ", sungetc<Char>),
      MSVCP_TMETHOD(code, "?swap@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IAEXAAV12@@Z", "?swap@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@IEAAXAEAV12@@Z", swap<Char>),
      MSVCP_TMETHOD(code, "?sync@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAEHXZ", "?sync@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAAHXZ", sync<Char>),
      MSVCP_TMETHOD(code, "?uflow@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAE$IXZ", "?uflow@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAA$IXZ", uflow<Char>),
      MSVCP_TMETHOD(code, "?underflow@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAE$IXZ", "?underflow@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAA$IXZ", underflow<Char>),
      MSVCP_TMETHOD(code, "?xsgetn@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAE" MSVCP_SIZE86 "PA$C" MSVCP_SIZE86 "@Z", "?xsgetn@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAA_JPEA$C_J@Z", xsgetn<Char>),
      MSVCP_TMETHOD(code, "?xsputn@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MAE" MSVCP_SIZE86 "PB$C" MSVCP_SIZE86 "@Z", "?xsputn@?$basic_streambuf@$CU?$char_traits@$C@std@@@std@@MEAA_JPEB$C_J@Z", xsputn<Char>),
  };
  e.insert(e.end(), w.begin(), w.end());
}

}  // namespace streambuf_file

// ---- what the stream files call ----

namespace objects {

template <typename Char>
typename Traits<Char>::Int sb_sputc(WindowsProcess& p, uint64_t sb, Char c) { return streambuf_file::sputc<Char>(p, sb, c); }
template <typename Char>
int64_t sb_sputn(WindowsProcess& p, uint64_t sb, uint64_t s, int64_t n) { return streambuf_file::sputn<Char>(p, sb, s, n); }
template <typename Char>
typename Traits<Char>::Int sb_sgetc(WindowsProcess& p, uint64_t sb) { return streambuf_file::sgetc<Char>(p, sb); }
template <typename Char>
typename Traits<Char>::Int sb_sbumpc(WindowsProcess& p, uint64_t sb) { return streambuf_file::sbumpc<Char>(p, sb); }
template <typename Char>
typename Traits<Char>::Int sb_snextc(WindowsProcess& p, uint64_t sb) { return streambuf_file::snextc<Char>(p, sb); }
template <typename Char>
typename Traits<Char>::Int sb_sputbackc(WindowsProcess& p, uint64_t sb, Char c) { return streambuf_file::sputbackc<Char>(p, sb, c); }
template <typename Char>
typename Traits<Char>::Int sb_sungetc(WindowsProcess& p, uint64_t sb) { return streambuf_file::sungetc<Char>(p, sb); }
template <typename Char>
int64_t sb_sgetn(WindowsProcess& p, uint64_t sb, uint64_t s, int64_t n) { return streambuf_file::sgetn<Char>(p, sb, s, n); }
template <typename Char>
int64_t sb_in_avail(WindowsProcess& p, uint64_t sb) { return streambuf_file::in_avail<Char>(p, sb); }
int32_t sb_pubsync(WindowsProcess& p, uint64_t sb) { return streambuf_file::pubsync<char>(p, sb); }
int64_t sb_pubseekoff(WindowsProcess& p, uint64_t sb, int64_t off, int32_t way, int32_t mode) {
  const uint64_t ret = p.heap.alloc(24, true);
  streambuf_file::pubseekoff<char>(p, sb, ret, off, way, mode);
  const int64_t r = fpos_position(p, ret);
  p.heap.free(ret);
  return r;
}
int64_t sb_pubseekpos(WindowsProcess& p, uint64_t sb, int64_t pos, int32_t mode) {
  const uint64_t ret = p.heap.alloc(24, true);
  streambuf_file::seekpos_call(p, sb, ret, pos, 0, 0, mode);
  const int64_t r = fpos_position(p, ret);
  p.heap.free(ret);
  return r;
}
uint64_t sb_locale(WindowsProcess& p, uint64_t sb) { return p.get_ptr(streambuf_file::plocale_at(p, sb)); }
void sb_imbue(WindowsProcess& p, uint64_t sb, uint64_t loc) {
  const uint64_t ret = p.heap.alloc(16, true);
  streambuf_file::pubimbue<char>(p, sb, ret, loc);
  locale_destroy(p, ret);
  p.heap.free(ret);
}

template Traits<char>::Int sb_sputc<char>(WindowsProcess&, uint64_t, char);
template Traits<char16_t>::Int sb_sputc<char16_t>(WindowsProcess&, uint64_t, char16_t);
template int64_t sb_sputn<char>(WindowsProcess&, uint64_t, uint64_t, int64_t);
template int64_t sb_sputn<char16_t>(WindowsProcess&, uint64_t, uint64_t, int64_t);
template Traits<char>::Int sb_sgetc<char>(WindowsProcess&, uint64_t);
template Traits<char16_t>::Int sb_sgetc<char16_t>(WindowsProcess&, uint64_t);
template Traits<char>::Int sb_sbumpc<char>(WindowsProcess&, uint64_t);
template Traits<char16_t>::Int sb_sbumpc<char16_t>(WindowsProcess&, uint64_t);
template Traits<char>::Int sb_snextc<char>(WindowsProcess&, uint64_t);
template Traits<char16_t>::Int sb_snextc<char16_t>(WindowsProcess&, uint64_t);
template Traits<char>::Int sb_sputbackc<char>(WindowsProcess&, uint64_t, char);
template Traits<char16_t>::Int sb_sputbackc<char16_t>(WindowsProcess&, uint64_t, char16_t);
template Traits<char>::Int sb_sungetc<char>(WindowsProcess&, uint64_t);
template Traits<char16_t>::Int sb_sungetc<char16_t>(WindowsProcess&, uint64_t);
template int64_t sb_sgetn<char>(WindowsProcess&, uint64_t, uint64_t, int64_t);
template int64_t sb_sgetn<char16_t>(WindowsProcess&, uint64_t, uint64_t, int64_t);
template int64_t sb_in_avail<char>(WindowsProcess&, uint64_t);
template int64_t sb_in_avail<char16_t>(WindowsProcess&, uint64_t);

}  // namespace objects

namespace streambuf_file {

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

}  // namespace streambuf_file

const std::vector<Export>& streambuf_exports() { return streambuf_file::exports_table(); }

}  // namespace msvcp

}  // namespace polyrun::shims
