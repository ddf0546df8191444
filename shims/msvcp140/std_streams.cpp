// MSVCP140.dll's standard streams std::cin, cout, cerr, clog and the wide wcin, wcout, wcerr, wclog
// (the names of wchar_t and of unsigned short lead to the same objects), their _Ptr_ variables,
// and std::_Fiopen, which opens the FILE a program's inline basic_filebuf reads and writes.
//
// Each standard stream is made at its first use (the program's import of it, before its code
// runs): an istream or ostream over a stream buffer of this DLL's own that reads and writes the C
// runtime's stdin, stdout or stderr FILE through the C runtime's functions (fputc, fwrite, fgetc,
// ungetc, fflush; fputwc … for the wide ones), character by character, so that the program's printf
// and cout share one FILE and its buffer, as MSVC's _Init_cout does with a filebuf over stdout. As
// MSVC's: cin and cerr are tied to cout (wcin and wcerr to wcout), cerr and wcerr are unitbuf.
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

namespace std_streams_file {

using namespace objects;

enum Std { kCin, kCout, kCerr, kClog, kWcin, kWcout, kWcerr, kWclog, kStds };

// The stdio buffer: basic_streambuf's fields, then the FILE*.
uint64_t file_at(const WindowsProcess& p, uint64_t sb) {
  return sb + (p.isa->ptr == 8 ? 104 : 56) + kStreambufMutexSlots * p.isa->ptr;
}
uint64_t stdio_buffer_size(const WindowsProcess& p) { return (p.isa->ptr == 8 ? 112 : 64) + kStreambufMutexSlots * p.isa->ptr; }
uint64_t file_of(WindowsProcess& p, uint64_t sb) { return p.get_ptr(file_at(p, sb)); }
uint64_t crt(WindowsProcess& p, const char* fn, const std::vector<uint64_t>& args) { return p.call_export("ucrtbase.dll", fn, args); }

// ---- the stdio buffer's virtual functions (no buffer of its own: the FILE's) ----
template <typename Char>
typename Traits<Char>::Int sio_overflow(WindowsProcess& p, Ptr self, typename Traits<Char>::Int c) {
  if (c == Traits<Char>::kEof) return 0;  // (nothing to write: not eof)
  const uint64_t f = file_of(p, self.addr);
  if constexpr (sizeof(Char) == 1) {
    return static_cast<int32_t>(crt(p, "fputc", {static_cast<uint8_t>(c), f})) == -1 ? Traits<Char>::kEof : c;
  } else {
    return static_cast<uint16_t>(crt(p, "fputwc", {c, f})) == 0xffff ? Traits<Char>::kEof : c;
  }
}
template <typename Char>
typename Traits<Char>::Int sio_underflow(WindowsProcess& p, Ptr self) {
  const uint64_t f = file_of(p, self.addr);
  if constexpr (sizeof(Char) == 1) {
    const int32_t c = static_cast<int32_t>(crt(p, "fgetc", {f}));
    if (c == -1) return Traits<Char>::kEof;
    crt(p, "ungetc", {static_cast<uint32_t>(c), f});
    return c;
  } else {
    const uint16_t c = static_cast<uint16_t>(crt(p, "fgetwc", {f}));
    if (c == 0xffff) return Traits<Char>::kEof;
    crt(p, "ungetwc", {c, f});
    return c;
  }
}
template <typename Char>
typename Traits<Char>::Int sio_uflow(WindowsProcess& p, Ptr self) {
  const uint64_t f = file_of(p, self.addr);
  if constexpr (sizeof(Char) == 1) {
    const int32_t c = static_cast<int32_t>(crt(p, "fgetc", {f}));
    return c == -1 ? Traits<Char>::kEof : c;
  } else {
    const uint16_t c = static_cast<uint16_t>(crt(p, "fgetwc", {f}));
    return c;
  }
}
template <typename Char>
typename Traits<Char>::Int sio_pbackfail(WindowsProcess& p, Ptr self, typename Traits<Char>::Int c) {
  if (c == Traits<Char>::kEof) return Traits<Char>::kEof;
  const uint64_t f = file_of(p, self.addr);
  if constexpr (sizeof(Char) == 1) {
    return static_cast<int32_t>(crt(p, "ungetc", {static_cast<uint8_t>(c), f})) == -1 ? Traits<Char>::kEof : c;
  } else {
    return static_cast<uint16_t>(crt(p, "ungetwc", {c, f})) == 0xffff ? Traits<Char>::kEof : c;
  }
}
template <typename Char>
int64_t sio_xsputn(WindowsProcess& p, Ptr self, Ptr s, Streamsize count) {
  const int64_t n = ssize(p, count);
  if (n <= 0) return 0;
  if constexpr (sizeof(Char) == 1) {
    return static_cast<int64_t>(crt(p, "fwrite", {s.addr, 1, static_cast<uint64_t>(n), file_of(p, self.addr)}));
  } else {
    int64_t done = 0;
    for (; done < n; ++done)
      if (sio_overflow<Char>(p, self, get<char16_t>(s.addr + 2 * done)) == Traits<Char>::kEof) break;
    return done;
  }
}
template <typename Char>
int64_t sio_xsgetn(WindowsProcess& p, Ptr self, Ptr s, Streamsize count) {
  const int64_t n = ssize(p, count);
  int64_t done = 0;
  for (; done < n; ++done) {
    const auto c = sio_uflow<Char>(p, self);
    if (c == Traits<Char>::kEof) break;
    put<Char>(s.addr + done * sizeof(Char), static_cast<Char>(c));
  }
  return done;
}
template <typename Char>
int32_t sio_sync(WindowsProcess& p, Ptr self) {
  return static_cast<int32_t>(crt(p, "fflush", {file_of(p, self.addr)})) ? -1 : 0;
}
// The buffer's lock: the FILE's (as basic_filebuf's _Lock).
template <typename Char>
void sio_lock(WindowsProcess& p, Ptr self) { crt(p, "_lock_file", {file_of(p, self.addr)}); }
template <typename Char>
void sio_unlock(WindowsProcess& p, Ptr self) { crt(p, "_unlock_file", {file_of(p, self.addr)}); }
template <typename Char>
Ptr sio_vector_dtor(WindowsProcess&, Ptr self, uint32_t) { return self; }  // (standard streams live on)

// The vtable: the default streambuf's entries where this buffer has none (taken from the
// basic_streambuf vtable made for the ISA), its own where it has.
template <typename Char>
uint64_t stdio_vtable(WindowsProcess& p, uint64_t base) {
  static const std::vector<Export> own = {
      EXPORT_METHOD("std::_Stdio_buffer::`vector deleting destructor'", sio_vector_dtor<Char>),
      EXPORT_METHOD("std::_Stdio_buffer::_Lock", sio_lock<Char>),
      EXPORT_METHOD("std::_Stdio_buffer::_Unlock", sio_unlock<Char>),
      EXPORT_METHOD("std::_Stdio_buffer::overflow", sio_overflow<Char>),
      EXPORT_METHOD("std::_Stdio_buffer::pbackfail", sio_pbackfail<Char>),
      EXPORT_METHOD("std::_Stdio_buffer::underflow", sio_underflow<Char>),
      EXPORT_METHOD("std::_Stdio_buffer::uflow", sio_uflow<Char>),
      EXPORT_METHOD("std::_Stdio_buffer::xsgetn", sio_xsgetn<Char>),
      EXPORT_METHOD("std::_Stdio_buffer::xsputn", sio_xsputn<Char>),
      EXPORT_METHOD("std::_Stdio_buffer::sync", sio_sync<Char>),
  };
  static std::map<const WindowsProcess*, uint64_t> made;  // (one process per polyrun)
  uint64_t& at = made[&p];
  if (at) return at;
  // slots: 0 dtor, 1 _Lock, 2 _Unlock, 3 overflow, 4 pbackfail, 5 showmanyc, 6 underflow, 7 uflow,
  // 8 xsgetn, 9 xsputn, 10 seekoff, 11 seekpos, 12 setbuf, 13 sync, 14 imbue
  const int own_slot[] = {0, 1, 2, 3, 4, 6, 7, 8, 9, 13};
  const uint32_t ptr = p.isa->ptr;
  const uint64_t block = p.alloc_data(16ull * ptr);
  for (int i = 0; i < 15; ++i) p.put_ptr(block + ptr + i * ptr, p.get_ptr(base + i * ptr));
  for (size_t i = 0; i < own.size(); ++i)
    p.put_ptr(block + ptr + own_slot[i] * ptr, p.export_thunk(&this_dll(), this_dll().name, own[i].name, &own[i]));
  at = block + ptr;
  return at;
}



// A stdio buffer over `file` (the C runtime's FILE*).
template <typename Char>
uint64_t make_buffer(WindowsProcess& p, uint64_t file) {
  const uint64_t sb = p.alloc_data(stdio_buffer_size(p));
  if (sizeof(Char) == 1)
    call_method(p, "??0?$basic_streambuf@DU?$char_traits@D@std@@@std@@IAE@XZ", "??0?$basic_streambuf@DU?$char_traits@D@std@@@std@@IEAA@XZ", sb, {});
  else
    call_method(p, "??0?$basic_streambuf@_WU?$char_traits@_W@std@@@std@@IAE@XZ", "??0?$basic_streambuf@_WU?$char_traits@_W@std@@@std@@IEAA@XZ",
                sb, {});
  p.put_ptr(sb, stdio_vtable<Char>(p, p.get_ptr(sb)));
  p.put_ptr(file_at(p, sb), file);
  return sb;
}

struct StdState : DllStateBase {
  uint64_t obj[kStds] = {};
  uint64_t ptr_var[kStds] = {};
  bool making = false;
};

// The standard streams, all made at the first use of any.
void make_all(WindowsProcess& p) {
  StdState& s = dll_state<StdState>(p);
  if (s.obj[kCout] || s.making) return;
  s.making = true;
  const uint32_t ptr = p.isa->ptr;
  uint64_t files[3];
  for (int i = 0; i < 3; ++i) files[i] = crt(p, "__acrt_iob_func", {static_cast<uint64_t>(i)});
  for (int k = 0; k < kStds; ++k) {
    const bool wide = k >= kWcin, in = k == kCin || k == kWcin;
    const int fd = in ? 0 : (k == kCout || k == kWcout) ? 1 : 2;
    const uint64_t sb = wide ? make_buffer<char16_t>(p, files[fd]) : make_buffer<char>(p, files[fd]);
    const uint64_t obj = p.alloc_data(24 + 104);
    const char *ctor86, *ctor64;
    if (in) {
      ctor86 = wide ? "??0?$basic_istream@_WU?$char_traits@_W@std@@@std@@QAE@PAV?$basic_streambuf@_WU?$char_traits@_W@std@@@1@_N@Z"
                    : "??0?$basic_istream@DU?$char_traits@D@std@@@std@@QAE@PAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z";
      ctor64 = wide ? "??0?$basic_istream@_WU?$char_traits@_W@std@@@std@@QEAA@PEAV?$basic_streambuf@_WU?$char_traits@_W@std@@@1@_N@Z"
                    : "??0?$basic_istream@DU?$char_traits@D@std@@@std@@QEAA@PEAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z";
    } else {
      ctor86 = wide ? "??0?$basic_ostream@_WU?$char_traits@_W@std@@@std@@QAE@PAV?$basic_streambuf@_WU?$char_traits@_W@std@@@1@_N@Z"
                    : "??0?$basic_ostream@DU?$char_traits@D@std@@@std@@QAE@PAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z";
      ctor64 = wide ? "??0?$basic_ostream@_WU?$char_traits@_W@std@@@std@@QEAA@PEAV?$basic_streambuf@_WU?$char_traits@_W@std@@@1@_N@Z"
                    : "??0?$basic_ostream@DU?$char_traits@D@std@@@std@@QEAA@PEAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z";
    }
    call_method(p, ctor86, ctor64, obj, {sb, 1, 1});
    s.obj[k] = obj;
    s.ptr_var[k] = p.alloc_data(ptr);
    p.put_ptr(s.ptr_var[k], obj);
  }
  const IosLayout l = ios_layout(p);
  for (int k : {kCin, kCerr, kWcin, kWcerr}) {
    const uint64_t ios = stream_ios(p, s.obj[k]);
    p.put_ptr(ios + l.tie, s.obj[k < kWcin ? kCout : kWcout]);
    if (k == kCerr || k == kWcerr) put<int32_t>(ios + l.fmtfl, get<int32_t>(ios + l.fmtfl) | 0x2);  // unitbuf
  }
  s.making = false;
}
template <int K>
uint64_t std_object(WindowsProcess& p) {
  make_all(p);
  return dll_state<StdState>(p).obj[K];
}
template <int K>
uint64_t std_pointer(WindowsProcess& p) {
  make_all(p);
  return dll_state<StdState>(p).ptr_var[K];
}

// ---- _Fiopen ----

// The FILE for `name` opened as the openmode `mode` says (in 1, out 2, ate 4, app 8, trunc 0x10,
// binary 0x20, _Nocreate 0x40, _Noreplace 0x80) with sharing `prot` (_wfsopen's), or null for a
// mode that names no fopen mode, a file _Nocreate wants that is not there, one _Noreplace wants
// absent that is.
uint64_t fiopen_wide(WindowsProcess& p, uint64_t name, int32_t mode, int32_t prot) {
  struct {
    int32_t mode;
    const char* text;
  } const modes[] = {{2, "w"}, {2 | 8, "a"}, {8, "a"}, {2 | 0x10, "w"}, {1, "r"}, {1 | 2, "r+"}, {1 | 2 | 0x10, "w+"}, {1 | 2 | 8, "a+"}, {1 | 8, "a+"}};
  const int32_t real = mode & ~(4 | 0x40 | 0x80 | 0x20);
  const char* m = nullptr;
  for (const auto& e : modes)
    if (e.mode == real) m = e.text;
  if (!m) return 0;
  const uint64_t buf = p.heap.alloc(32, true);
  auto wide_mode = [&](const char* text, bool binary) {
    size_t i = 0;
    for (; text[i]; ++i) put<char16_t>(buf + 2 * i, static_cast<char16_t>(text[i]));
    if (binary) put<char16_t>(buf + 2 * i++, u'b');
    put<char16_t>(buf + 2 * i, 0);
    return buf;
  };
  uint64_t f = 0;
  if (mode & 0x40) {  // _Nocreate: the file must be there
    f = crt(p, "_wfopen", {name, wide_mode("r", false)});
    if (!f) return p.heap.free(buf), 0;
    crt(p, "fclose", {f});
  }
  if ((mode & 0x80) && (mode & (2 | 8))) {  // _Noreplace: it must not
    f = crt(p, "_wfopen", {name, wide_mode("r", false)});
    if (f) {
      crt(p, "fclose", {f});
      p.heap.free(buf);
      return 0;
    }
  }
  f = crt(p, "_wfsopen", {name, wide_mode(m, (mode & 0x20) != 0), static_cast<uint32_t>(prot)});
  p.heap.free(buf);
  if (f && (mode & 4) && crt(p, "fseek", {f, 0, 2 /* SEEK_END */}) != 0) {
    crt(p, "fclose", {f});
    return 0;
  }
  return f;
}
Ptr Fiopen_wchar(WindowsProcess& p, Ptr name, int32_t mode, int32_t prot) { return fiopen_wide(p, name.addr, mode, prot); }
// (the narrow name: the ANSI code page's, to UTF-16)
Ptr Fiopen(WindowsProcess& p, Ptr name, int32_t mode, int32_t prot) {
  const uint64_t wide = p.heap.alloc(2 * 260, true);
  uint64_t f = 0;
  if (call_kernel32(p, "MultiByteToWideChar", {0 /* CP_ACP */, 0, name.addr, static_cast<uint64_t>(-1) & (p.isa->ptr == 8 ? ~0ull : 0xffffffffull), wide, 259}))
    f = fiopen_wide(p, wide, mode, prot);
  p.heap.free(wide);
  return f;
}

}  // namespace std_streams_file

namespace std_streams_file {

const std::vector<Export>& exports_table() {
  static const std::vector<Export> e = {
      EXPORT_DATA("?cin@std@@3V?$basic_istream@DU?$char_traits@D@std@@@1@A", std_object<kCin>),
      EXPORT_DATA("?cout@std@@3V?$basic_ostream@DU?$char_traits@D@std@@@1@A", std_object<kCout>),
      EXPORT_DATA("?cerr@std@@3V?$basic_ostream@DU?$char_traits@D@std@@@1@A", std_object<kCerr>),
      EXPORT_DATA("?clog@std@@3V?$basic_ostream@DU?$char_traits@D@std@@@1@A", std_object<kClog>),
      EXPORT_DATA("?wcin@std@@3V?$basic_istream@_WU?$char_traits@_W@std@@@1@A", std_object<kWcin>),
      EXPORT_DATA("?wcout@std@@3V?$basic_ostream@_WU?$char_traits@_W@std@@@1@A", std_object<kWcout>),
      EXPORT_DATA("?wcerr@std@@3V?$basic_ostream@_WU?$char_traits@_W@std@@@1@A", std_object<kWcerr>),
      EXPORT_DATA("?wclog@std@@3V?$basic_ostream@_WU?$char_traits@_W@std@@@1@A", std_object<kWclog>),
      EXPORT_DATA("?wcin@std@@3V?$basic_istream@GU?$char_traits@G@std@@@1@A", std_object<kWcin>),
      EXPORT_DATA("?wcout@std@@3V?$basic_ostream@GU?$char_traits@G@std@@@1@A", std_object<kWcout>),
      EXPORT_DATA("?wcerr@std@@3V?$basic_ostream@GU?$char_traits@G@std@@@1@A", std_object<kWcerr>),
      EXPORT_DATA("?wclog@std@@3V?$basic_ostream@GU?$char_traits@G@std@@@1@A", std_object<kWclog>),
      EXPORT_DATA("?_Ptr_cin@std@@3PAV?$basic_istream@DU?$char_traits@D@std@@@1@A", std_pointer<kCin>), EXPORT_DATA("?_Ptr_cin@std@@3PEAV?$basic_istream@DU?$char_traits@D@std@@@1@EA", std_pointer<kCin>),
      EXPORT_DATA("?_Ptr_cout@std@@3PAV?$basic_ostream@DU?$char_traits@D@std@@@1@A", std_pointer<kCout>), EXPORT_DATA("?_Ptr_cout@std@@3PEAV?$basic_ostream@DU?$char_traits@D@std@@@1@EA", std_pointer<kCout>),
      EXPORT_DATA("?_Ptr_cerr@std@@3PAV?$basic_ostream@DU?$char_traits@D@std@@@1@A", std_pointer<kCerr>), EXPORT_DATA("?_Ptr_cerr@std@@3PEAV?$basic_ostream@DU?$char_traits@D@std@@@1@EA", std_pointer<kCerr>),
      EXPORT_DATA("?_Ptr_clog@std@@3PAV?$basic_ostream@DU?$char_traits@D@std@@@1@A", std_pointer<kClog>), EXPORT_DATA("?_Ptr_clog@std@@3PEAV?$basic_ostream@DU?$char_traits@D@std@@@1@EA", std_pointer<kClog>),
      EXPORT_DATA("?_Ptr_wcin@std@@3PAV?$basic_istream@_WU?$char_traits@_W@std@@@1@A", std_pointer<kWcin>), EXPORT_DATA("?_Ptr_wcin@std@@3PEAV?$basic_istream@_WU?$char_traits@_W@std@@@1@EA", std_pointer<kWcin>),
      EXPORT_DATA("?_Ptr_wcout@std@@3PAV?$basic_ostream@_WU?$char_traits@_W@std@@@1@A", std_pointer<kWcout>), EXPORT_DATA("?_Ptr_wcout@std@@3PEAV?$basic_ostream@_WU?$char_traits@_W@std@@@1@EA", std_pointer<kWcout>),
      EXPORT_DATA("?_Ptr_wcerr@std@@3PAV?$basic_ostream@_WU?$char_traits@_W@std@@@1@A", std_pointer<kWcerr>), EXPORT_DATA("?_Ptr_wcerr@std@@3PEAV?$basic_ostream@_WU?$char_traits@_W@std@@@1@EA", std_pointer<kWcerr>),
      EXPORT_DATA("?_Ptr_wclog@std@@3PAV?$basic_ostream@_WU?$char_traits@_W@std@@@1@A", std_pointer<kWclog>), EXPORT_DATA("?_Ptr_wclog@std@@3PEAV?$basic_ostream@_WU?$char_traits@_W@std@@@1@EA", std_pointer<kWclog>),
      EXPORT_DATA("?_Ptr_wcin@std@@3PAV?$basic_istream@GU?$char_traits@G@std@@@1@A", std_pointer<kWcin>), EXPORT_DATA("?_Ptr_wcin@std@@3PEAV?$basic_istream@GU?$char_traits@G@std@@@1@EA", std_pointer<kWcin>),
      EXPORT_DATA("?_Ptr_wcout@std@@3PAV?$basic_ostream@GU?$char_traits@G@std@@@1@A", std_pointer<kWcout>), EXPORT_DATA("?_Ptr_wcout@std@@3PEAV?$basic_ostream@GU?$char_traits@G@std@@@1@EA", std_pointer<kWcout>),
      EXPORT_DATA("?_Ptr_wcerr@std@@3PAV?$basic_ostream@GU?$char_traits@G@std@@@1@A", std_pointer<kWcerr>), EXPORT_DATA("?_Ptr_wcerr@std@@3PEAV?$basic_ostream@GU?$char_traits@G@std@@@1@EA", std_pointer<kWcerr>),
      EXPORT_DATA("?_Ptr_wclog@std@@3PAV?$basic_ostream@GU?$char_traits@G@std@@@1@A", std_pointer<kWclog>), EXPORT_DATA("?_Ptr_wclog@std@@3PEAV?$basic_ostream@GU?$char_traits@G@std@@@1@EA", std_pointer<kWclog>),
      MSVCP_FUNCTION("?_Fiopen@std@@YAPAU_iobuf@@PBDHH@Z", "?_Fiopen@std@@YAPEAU_iobuf@@PEBDHH@Z", Fiopen),
      MSVCP_FUNCTION("?_Fiopen@std@@YAPAU_iobuf@@PBGHH@Z", "?_Fiopen@std@@YAPEAU_iobuf@@PEBGHH@Z", Fiopen_wchar),
      MSVCP_FUNCTION("?_Fiopen@std@@YAPAU_iobuf@@PB_WHH@Z", "?_Fiopen@std@@YAPEAU_iobuf@@PEB_WHH@Z", Fiopen_wchar),
  };
  return e;
}

}  // namespace std_streams_file

const std::vector<Export>& std_stream_exports() { return std_streams_file::exports_table(); }

}  // namespace msvcp

}  // namespace polyrun::shims
