// What the locale, facet and iostream files of MSVCP140.dll share: the C++ objects they make in
// guest memory, whose virtual functions are this DLL's exports (vtables of thunks), calls of an
// object's virtual functions (the program may have overridden them: its own facets and stream
// buffers derive from this DLL's classes), the names of a class template's three instantiations
// (char `D`, wchar_t `_W`, and unsigned short `G`, wchar_t's older spelling), and the fields of the
// objects MSVC's headers lay out (the program's inline code reads and writes them).
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

namespace objects {

// ---- names ----

// `pattern` with every "$C" replaced by the character type's code (D, _W, G) and every "$I" by its
// traits' int_type (H: int for char; G: unsigned short for the others), kept for the process's
// life (an Export's name points into it).
const char* expand(const char* pattern, const char* code);

// A member function whose i386 and x64 forms differ (an object passed by value: a copy's address on
// x64, its bytes on the stack on i386).
#define MSVCP_TMETHOD2(code, x86_pattern, fn86, x64_pattern, fn64)                              \
  ::polyrun::shims::Export{::polyrun::shims::msvcp::objects::expand(x86_pattern, code),             \
                           &::polyrun::shims::invoke<&fn86>, ::polyrun::shims::stack_bytes<&fn86>(), nullptr, \
                           false, true},                                                            \
      ::polyrun::shims::Export {                                                                    \
    ::polyrun::shims::msvcp::objects::expand(x64_pattern, code), &::polyrun::shims::invoke<&fn64>,   \
        ::polyrun::shims::stack_bytes<&fn64>(), nullptr, false, true                               \
  }
// The same for a private member MSVC makes __cdecl on i386 (`this` the first stack argument).
#define MSVCP_TFUNCTION2(code, x86_pattern, fn86, x64_pattern, fn64)                            \
  ::polyrun::shims::Export{::polyrun::shims::msvcp::objects::expand(x86_pattern, code),             \
                           &::polyrun::shims::invoke<&fn86>, ::polyrun::shims::stack_bytes<&fn86>(), nullptr}, \
      ::polyrun::shims::Export {                                                                    \
    ::polyrun::shims::msvcp::objects::expand(x64_pattern, code), &::polyrun::shims::invoke<&fn64>,   \
        ::polyrun::shims::stack_bytes<&fn64>(), nullptr                                            \
  }
// An export of a member function under its i386 and x64 name patterns, for one character code.
#define MSVCP_TMETHOD(code, x86_pattern, x64_pattern, fn)                                        \
  ::polyrun::shims::Export{::polyrun::shims::msvcp::objects::expand(x86_pattern, code),             \
                           &::polyrun::shims::invoke<&fn>, ::polyrun::shims::stack_bytes<&fn>(), nullptr, \
                           false, true},                                                            \
      ::polyrun::shims::Export {                                                                    \
    ::polyrun::shims::msvcp::objects::expand(x64_pattern, code), &::polyrun::shims::invoke<&fn>,     \
        ::polyrun::shims::stack_bytes<&fn>(), nullptr, false, true                                 \
  }
// The same for a static or free function (cdecl on i386).
#define MSVCP_TFUNCTION(code, x86_pattern, x64_pattern, fn)                                      \
  ::polyrun::shims::Export{::polyrun::shims::msvcp::objects::expand(x86_pattern, code),             \
                           &::polyrun::shims::invoke<&fn>, ::polyrun::shims::stack_bytes<&fn>(), nullptr, \
                           std::is_same_v<typename ::polyrun::shims::FnTraits<decltype(&fn)>::Ret, double>}, \
      ::polyrun::shims::Export {                                                                    \
    ::polyrun::shims::msvcp::objects::expand(x64_pattern, code), &::polyrun::shims::invoke<&fn>,     \
        ::polyrun::shims::stack_bytes<&fn>(), nullptr,                                             \
        std::is_same_v<typename ::polyrun::shims::FnTraits<decltype(&fn)>::Ret, double>           \
  }
#define MSVCP_TDATA(code, x86_pattern, x64_pattern, fn)                                          \
  ::polyrun::shims::Export{::polyrun::shims::msvcp::objects::expand(x86_pattern, code), nullptr, 0, &fn}, \
      ::polyrun::shims::Export {                                                                    \
    ::polyrun::shims::msvcp::objects::expand(x64_pattern, code), nullptr, 0, &fn                    \
  }

// ---- vtables and virtual calls ----

// The vtable whose entries are the functions `entries` (EXPORT_METHOD, named for --strace: "std::ctype<char>::do_widen"),
// made once per process in guest memory (keyed by the table's address), its RTTI locator slot
// (empty) just before it.
uint64_t vtable(WindowsProcess& p, const std::vector<Export>& entries);

// Calls virtual function `slot` of the object `obj` (its vtable at offset 0) with `args` after
// `this` (each one a pointer-sized slot: i386's 64-bit values are two, arg64 below); the result
// (eax on i386: a streamsize result's high half is its sign there, as a count or position in a
// 32-bit process's memory fits 31 bits: vcall_size).
uint64_t vcall(WindowsProcess& p, uint64_t obj, int slot, const std::vector<uint64_t>& args);
int64_t vcall_size(WindowsProcess& p, uint64_t obj, int slot, const std::vector<uint64_t>& args);
// Calls this DLL's member function `name` (its x64 or i386 name, as the ISA is) on `self`: `this`
// in ecx on i386 (call_export passes every argument on the stack).
uint64_t call_method(WindowsProcess& p, const char* x86_name, const char* x64_name, uint64_t self, const std::vector<uint64_t>& args);
// Appends a 64-bit argument: one slot on x64, two (low, high) on i386.
void arg64(const WindowsProcess& p, std::vector<uint64_t>& args, uint64_t v);
// Appends a streamsize or streamoff argument: as arg64, or one 32-bit slot on i386 before MSVCP100.
inline void arg_size(const WindowsProcess& p, std::vector<uint64_t>& args, int64_t v) {
  if (streamsize_bytes(p) == 8) arg64(p, args, static_cast<uint64_t>(v));
  else args.push_back(static_cast<uint32_t>(v));
}

// ---- heap ----
// The C runtime's operator new and delete (msvcrt's malloc and free: the process heap).
uint64_t new_object(WindowsProcess& p, uint64_t size);
void delete_object(WindowsProcess& p, uint64_t obj);

// ---- the locale (locale.cpp) ----

// The offsets of the objects' fields on the process's ISA.
struct Layout {
  uint32_t ptr;
  // locale::facet {vtable; unsigned _Myrefs}
  uint64_t facet_refs, facet_size;
  // locale::_Locimp : facet {facet** _Facetvec; size_t _Facetcount; int _Catmask; bool _Xparent; _Yarn<char> _Name}
  uint64_t locimp_facetvec, locimp_count, locimp_catmask, locimp_xparent, locimp_name, locimp_size;
};
const Layout& layout(const WindowsProcess& p);

// The classic locale's and the global locale's implementations (made at the first use).
uint64_t classic_locimp(WindowsProcess& p);
uint64_t global_locimp(WindowsProcess& p);
// A facet's reference taken or let go (its _Incref and _Decref, virtual: a program's facet may
// count otherwise); a facet whose last reference goes is deleted.
void facet_incref(WindowsProcess& p, uint64_t facet);
void facet_release(WindowsProcess& p, uint64_t facet);
// locale::facet's own _Incref and _Decref (what the vtables of this DLL's facets hold): the count
// one more, or one less with the facet returned when none is left (else 0).
void facet_add_ref(WindowsProcess& p, uint64_t facet);
uint64_t facet_drop_ref(WindowsProcess& p, uint64_t facet);
// (the same as vtable entries: EXPORT_METHOD("std::locale::facet::_Incref", facet_incref_method))
void facet_incref_method(WindowsProcess& p, Ptr self);
Ptr facet_decref_method(WindowsProcess& p, Ptr self);
// locale objects {int (an empty base's byte); _Locimp* _Ptr} (2 pointers wide): their _Ptr, a new
// one of `imp` (a reference taken), a copy made at `at` of `from`'s (a reference taken), and one
// let go.
uint64_t locale_imp(const WindowsProcess& p, uint64_t loc);
void locale_set(const WindowsProcess& p, uint64_t loc, uint64_t imp);
uint64_t new_locale_object(WindowsProcess& p, uint64_t imp);
void locale_copy(WindowsProcess& p, uint64_t at, uint64_t from);
void locale_destroy(WindowsProcess& p, uint64_t loc);
// The facet with `id`'s index of the locale implementation `imp` (the global locale's for a
// transparent one), or 0.
uint64_t locimp_facet(WindowsProcess& p, uint64_t imp, uint64_t index);
// The facet the locale object at `loc` has of the kind `id` names (an `id` DATA export's object),
// made and added to the locale (as use_facet does) when it has none: `make` makes a new one.
uint64_t use_facet(WindowsProcess& p, uint64_t loc, uint64_t id, uint64_t (*make)(WindowsProcess& p));
// A facet's index: locale::id's operator size_t (numbered at the first use).
uint64_t id_index(WindowsProcess& p, uint64_t id);
// Initialises a facet's base at `obj`: vtable, references (from `refs`: 0 the locale's to count,
// nonzero the caller's).
void facet_init(WindowsProcess& p, uint64_t obj, uint64_t vtable, uint64_t refs);
// Registers a facet to be deleted at the process's end (std::_Facet_Register).
void facet_register(WindowsProcess& p, uint64_t facet);

// The facets the iostreams use (facets.cpp): their ids' objects and constructors.
template <typename Char>
uint64_t ctype_id(WindowsProcess& p);
template <typename Char>
uint64_t make_ctype(WindowsProcess& p);
template <>
uint64_t ctype_id<char>(WindowsProcess& p);
template <>
uint64_t ctype_id<char16_t>(WindowsProcess& p);
template <>
uint64_t make_ctype<char>(WindowsProcess& p);
template <>
uint64_t make_ctype<char16_t>(WindowsProcess& p);

// ---- stream buffers (streambuf.cpp) ----

// std::char_traits<Char>'s int_type and eof(): int and -1 for char; unsigned short and 0xffff
// (WEOF) for wchar_t and unsigned short.
template <typename Char>
struct Traits;
template <>
struct Traits<char> {
  using Int = int32_t;
  static constexpr Int kEof = -1;
  static Int to_int(char c) { return static_cast<uint8_t>(c); }
};
template <>
struct Traits<char16_t> {
  using Int = uint16_t;
  static constexpr Int kEof = 0xffff;
  static Int to_int(char16_t c) { return c; }
};

// basic_streambuf<Char>'s members as the DLL's own code calls them (the virtual ones through the
// buffer's vtable: a program's stringbuf or filebuf overrides them).
template <typename Char>
typename Traits<Char>::Int sb_sputc(WindowsProcess& p, uint64_t sb, Char c);
template <typename Char>
int64_t sb_sputn(WindowsProcess& p, uint64_t sb, uint64_t s, int64_t n);
template <typename Char>
typename Traits<Char>::Int sb_sgetc(WindowsProcess& p, uint64_t sb);
template <typename Char>
typename Traits<Char>::Int sb_sbumpc(WindowsProcess& p, uint64_t sb);
template <typename Char>
typename Traits<Char>::Int sb_snextc(WindowsProcess& p, uint64_t sb);
template <typename Char>
typename Traits<Char>::Int sb_sputbackc(WindowsProcess& p, uint64_t sb, Char c);
template <typename Char>
typename Traits<Char>::Int sb_sungetc(WindowsProcess& p, uint64_t sb);
template <typename Char>
int64_t sb_sgetn(WindowsProcess& p, uint64_t sb, uint64_t s, int64_t n);
template <typename Char>
int64_t sb_in_avail(WindowsProcess& p, uint64_t sb);
int32_t sb_pubsync(WindowsProcess& p, uint64_t sb);

// An input iterator's walk over a stream buffer as num_get and time_get take their fields: the
// buffer, none once its input has ended.
template <typename Char>
struct InputCursor {
  WindowsProcess& p;
  uint64_t sb;
  // The next character (-1 at the end).
  int32_t val() {
    if (!sb) return -1;
    const auto c = sb_sgetc<Char>(p, sb);
    if (c == Traits<Char>::kEof) {
      sb = 0;
      return -1;
    }
    return static_cast<int32_t>(static_cast<std::make_unsigned_t<Char>>(c));
  }
  void inc() {
    if (sb) sb_sbumpc<Char>(p, sb);
  }
};
// pubseekoff and pubseekpos: the position reached (-1: failed).
int64_t sb_pubseekoff(WindowsProcess& p, uint64_t sb, int64_t off, int32_t way, int32_t mode);
int64_t sb_pubseekpos(WindowsProcess& p, uint64_t sb, int64_t pos, int32_t mode);
// The buffer's locale object (its _Plocale).
uint64_t sb_locale(WindowsProcess& p, uint64_t sb);
// pubimbue: the buffer's imbue called and its locale replaced by a copy of `loc`.
void sb_imbue(WindowsProcess& p, uint64_t sb, uint64_t loc);

// Writes an fpos {off, 0, state} at `at`.
void put_fpos(uint64_t at, int64_t off, int64_t fpos = 0, uint64_t state = 0);

}  // namespace objects

}  // namespace msvcp

}  // namespace polyrun::shims
