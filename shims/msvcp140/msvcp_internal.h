// What the files of MSVCP140.dll share: each file's export table (msvcp140.cpp joins them into the
// DLL's), the two names each export has (MSVC decorates a C++ name differently for i386 and x64),
// and the widths of MSVC's types in the process's ISA.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/windows_process.h"

// The runtime these files are built for: MSVCP140 (and MSVCP120 and MSVCP110, which share its
// objects) by default; shims/msvcp90/ builds them again with MSVCP_VERSION=90 in a namespace of
// its own (msvcp90), for Visual C++ 2008's objects (shims/msvcp90/README.md says what differs).
#ifndef MSVCP_VERSION
#define MSVCP_VERSION 140
#endif

// The i386 decorations of the types that changed width with Visual C++ 2010: streamsize (int
// before, __int64 from then), streamoff (long before) and fpos's state (int before Visual C++
// 2015, _Mbstatet from then). x64 spells streamsize and streamoff _J in every version.
#if MSVCP_VERSION >= 100
#define MSVCP_SIZE86 "_J"
#define MSVCP_OFF86 "_J"
#else
#define MSVCP_SIZE86 "H"
#define MSVCP_OFF86 "J"
#endif
#if MSVCP_VERSION >= 140
#define MSVCP_FPOS_STATE "U_Mbstatet@@"
#else
#define MSVCP_FPOS_STATE "H"
#endif

namespace polyrun::shims {

namespace msvcp {

inline constexpr int kVersion = MSVCP_VERSION;
// basic_streambuf holds a _Mutex (a pointer) after its vtable in Visual C++ 2003 to 2010.
inline constexpr unsigned kStreambufMutexSlots = kVersion >= 70 && kVersion <= 100 ? 1 : 0;
// The DLL this build serves (MSVCP140.dll, or MSVCP90.dll), whose thunks the objects' vtables hold.
const Dll& this_dll();

// streamsize and streamoff as arguments: __int64 from MSVCP100 on, the pointer's width before (int
// and long on i386); as values, and in memory (an ios_base's precision and width, an istream's
// count): 8 bytes, or 4 on i386 before MSVCP100.
#if MSVCP_VERSION >= 100
using Streamsize = int64_t;
inline int64_t ssize(const WindowsProcess&, int64_t v) { return v; }
#else
using Streamsize = USize;
inline int64_t ssize(const WindowsProcess& p, USize v) {
  return p.isa->ptr == 4 ? static_cast<int64_t>(static_cast<int32_t>(v.v)) : static_cast<int64_t>(v.v);
}
#endif
inline unsigned streamsize_bytes(const WindowsProcess& p) { return kVersion < 100 && p.isa->ptr == 4 ? 4 : 8; }
inline int64_t get_streamsize(const WindowsProcess& p, uint64_t at) {
  return streamsize_bytes(p) == 4 ? int64_t{get<int32_t>(at)} : get<int64_t>(at);
}
// An fpos's offset (its streamoff) and whole position (offset plus its __int64 file position).
inline int64_t fpos_offset(const WindowsProcess& p, uint64_t fpos) { return get_streamsize(p, fpos); }
inline int64_t fpos_position(const WindowsProcess& p, uint64_t fpos) { return get_streamsize(p, fpos) + get<int64_t>(fpos + 8); }
inline void put_streamsize(const WindowsProcess& p, uint64_t at, int64_t v) {
  if (streamsize_bytes(p) == 4) put<int32_t>(at, static_cast<int32_t>(v));
  else put<int64_t>(at, v);
}

// A function under its i386 name and its x64 name (cdecl on i386: the DLL's convention), and a
// member function (thiscall on i386); a name both share is given once with EXPORT / EXPORT_METHOD.
#define MSVCP_FUNCTION(x86_name, x64_name, fn) EXPORT(x86_name, fn), EXPORT(x64_name, fn)
#define MSVCP_METHOD(x86_name, x64_name, fn) EXPORT_METHOD(x86_name, fn), EXPORT_METHOD(x64_name, fn)

// The export tables, one per file.
const std::vector<Export>& thread_exports();     // threads.cpp: _Mtx_*, _Cnd_*, _Thrd_*, _Xtime_* …
const std::vector<Export>& exception_exports();  // exceptions.cpp: std::_X*, uncaught_exception(s) …
const std::vector<Export>& error_map_exports();  // error_maps.cpp: _Syserror_map, _Winerror_map …
const std::vector<Export>& numeric_exports();    // numerics.cpp: _Stod …, _Dtest, _Exp, _Inf …
const std::vector<Export>& lockit_exports();     // lockit.cpp: std::_Lockit, _Init_locks, ios_base::Init …
const std::vector<Export>& exception_ptr_exports();  // exception_ptr.cpp: __ExceptionPtrCreate …
const std::vector<Export>& crt_wrapper_exports();    // crt_wrappers.cpp: __crtCreateEventExW …
const std::vector<Export>& filesystem_exports();     // filesystem.cpp: _Stat, _Open_dir …
const std::vector<Export>& task_exports();           // tasks.cpp: _Schedule_chore, _TaskEventLogger …
const std::vector<Export>& manipulator_exports();    // manipulators.cpp: setw, setprecision …
const std::vector<Export>& ctype_exports();          // ctype.cpp: _Getctype, _Tolower, _Mbrtowc …
const std::vector<Export>& collate_exports();        // collate.cpp: _Strcoll, _Strxfrm …
const std::vector<Export>& yarn_exports();           // yarn.cpp: std::_Yarn, std::_Timevec
const std::vector<Export>& locale_exports();         // locale.cpp: std::locale, _Locimp, facet, id, _Locinfo
const std::vector<Export>& facet_exports();          // facets.cpp: ctype, codecvt, their bases and ids
const std::vector<Export>& streambuf_exports();      // streambuf.cpp: basic_streambuf
const std::vector<Export>& ios_exports();            // ios.cpp: ios_base, basic_ios
const std::vector<Export>& ostream_exports();        // ostream.cpp: basic_ostream
const std::vector<Export>& istream_exports();        // istream.cpp: basic_istream, basic_iostream
const std::vector<Export>& std_stream_exports();     // std_streams.cpp: cin, cout …, _Fiopen
const std::vector<Export>& num_facet_exports();      // num_facets.cpp: num_put, num_get
const std::vector<Export>& time_facet_exports();     // time_facets.cpp: time_put
const std::vector<Export>& time_get_exports();       // time_get.cpp: time_get

// MSVCP140.dll's whole table (msvcp140.cpp), which MSVCP120 and MSVCP110 (shims/msvcp120) serve
// too under their names.
const std::vector<Export>& msvcp140_exports();
// The names Visual C++ 2013's runtime (MSVCP120, and MSVCP110 with it) has beyond MSVCP140's for
// these families, served by the same functions: threads.cpp's _Thrd_lt, _Call_once(Ex), _Do_call and
// std::_Pad; numerics.cpp's _Dscale, _Eps …; istream.cpp's std::ws.
const std::vector<Export>& thread_vc12_exports();
const std::vector<Export>& numeric_vc12_exports();
const std::vector<Export>& istream_vc12_exports();
// ctype.cpp's _Mbrtowc of an int state.
const std::vector<Export>& ctype_vc12_exports();
// One multibyte character to a wide one as _Mbrtowc converts it (ctype.cpp), the state's type
// `state_bytes` long (8: _Mbstatet, 4: the int of older runtimes; the facets pass 4, which serves
// both, as only the first four bytes hold anything).
int32_t multibyte_to_wide(WindowsProcess& p, uint64_t out, uint64_t in, uint64_t len, uint64_t state, uint64_t cvt,
                          unsigned state_bytes);
// Visual C++ 2012's (MSVCP110's) alone: std::endl, ends, flush (ostream.cpp) and ios_base's
// operator void* (ios.cpp).
const std::vector<Export>& ostream_vc11_exports();
const std::vector<Export>& ios_vc11_exports();

// Throws a std::exception carrying `message` as MSVC's `throw` does (exceptions.cpp).
void throw_std_exception(WindowsProcess& p, const char* message);
// Throws a std::out_of_range, a std::range_error carrying `message`.
void throw_out_of_range(WindowsProcess& p, const char* message);
void throw_length_error(WindowsProcess& p, const char* message);
void throw_invalid_argument(WindowsProcess& p, const char* message);
void throw_range_error(WindowsProcess& p, const char* message);
// Throws a std::ios_base::failure (a system_error of io_errc::stream) carrying `message`.
void throw_ios_failure(WindowsProcess& p, const char* message);

// An exported constant (EXPORT_DATA): `Size` bytes of `Bits` in guest memory of its own, made on
// first use.
template <uint64_t Bits, unsigned Size>
uint64_t constant(WindowsProcess& p) {
  static std::map<const WindowsProcess*, uint64_t> made;  // (one process per polyrun)
  uint64_t& at = made[&p];
  if (!at) {
    at = p.alloc_data(8);
    const uint64_t bits = Bits;
    std::memcpy(guest_pointer(at), &bits, Size);
  }
  return at;
}

// Thread results, as <xthreads.h> names them.
inline constexpr int32_t kThrdSuccess = 0, kThrdNomem = 1, kThrdTimedout = 2, kThrdBusy = 3, kThrdError = 4;

// KERNEL32's `name` called with `args` (pointer-sized each) as the program's code would call it
// (WindowsProcess::call_export).
inline uint64_t call_kernel32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("kernel32.dll", name, args);
}

// A block of the process heap for a call's out-parameters, freed with it (`at` 0 when memory ran
// out); KERNEL32's last error; whether a BOOL result is TRUE; INVALID_HANDLE_VALUE of the ISA.
struct Scratch {
  WindowsProcess& p;
  uint64_t at;
  Scratch(WindowsProcess& proc, uint64_t size) : p(proc), at(proc.heap.alloc(size, true)) {}
  ~Scratch() {
    if (at) p.heap.free(at);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};
inline uint32_t kernel32_last_error(WindowsProcess& p) { return static_cast<uint32_t>(call_kernel32(p, "GetLastError", {})); }
inline bool succeeded(uint64_t r) { return static_cast<uint32_t>(r) != 0; }
inline uint64_t invalid_handle_value(const WindowsProcess& p) { return p.isa->ptr == 8 ? ~0ull : 0xffffffffull; }

}  // namespace msvcp

}  // namespace polyrun::shims
