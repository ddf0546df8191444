// msvcrt.dll (and the UCRT names mapped onto it), stdio: the FILE streams with Microsoft's text
// mode and buffering, _iob and the runtime's locks, fopen and friends, character, line and block
// I/O, formatted input from a stream (the conversions: msvcrt/scanf.cpp), positioning, _setmode.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/kernel32/console.h"
#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/core/path_mapping.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/msvcrt/descriptors.h"
#include "shims/msvcrt/scanf.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

constexpr int kStdStreams = 3;
constexpr int32_t kIobEntries = 20;  // _iob's FILEs (_IOB_ENTRIES)

}  // namespace

// ---- streams ----

uint64_t iob(WindowsProcess& p) {
  CrtProcessState& c = crt(p);
  if (!c.iob) {
    c.iob = p.alloc_data(file_size(p) * kIobEntries);
    for (int i = 0; i < kStdStreams; ++i) {
      uint64_t f = c.iob + file_size(p) * static_cast<uint64_t>(i);
      put<int32_t>(f + p.isa->file.fd, i);
      GuestStream s;
      s.fd = i;
      c.streams[f] = s;
    }
  }
  return c.iob;
}

namespace {

// msvcrt's lock table (_lock/_unlock): a CRITICAL_SECTION of the guest's for each number, made on
// first use, as msvcrt's _locktable. Lock _STREAM_LOCKS + i (16 + i) is _iob[i]'s, which mingw-w64's
// _lock_file takes for the standard streams (for any other stream it enters the _FILEX's own).
constexpr int32_t kStreamLocks = 16;

uint64_t crt_lock(WindowsProcess& p, int32_t n) {
  uint64_t& cs = crt(p).locks[n];
  if (!cs) cs = p.alloc_data(p.isa->critical_section.size);
  return cs;
}

// The lock of the stream at `f`, or 0 for an address that is not a stream of ours.
uint64_t stream_lock(WindowsProcess& p, uint64_t f) {
  const uint64_t base = iob(p), fs = file_size(p);
  if (f >= base && f < base + fs * kIobEntries && (f - base) % fs == 0)
    return crt_lock(p, kStreamLocks + static_cast<int32_t>((f - base) / fs));
  return crt(p).streams.count(f) ? f + fs : 0;  // a _FILEX: the FILE, then its CRITICAL_SECTION
}

// A stream held for one call of the C runtime, as msvcrt's functions hold a FILE's lock from start
// to end (_lock_file … _unlock_file): another thread's call on the same stream, or a thread that
// holds it with _lock_file, waits until this one is done — also while it reads or writes the
// descriptor with the execution lock released. Null if `f` is no stream.
class LockedStream {
 public:
  LockedStream(WindowsProcess& p, uint64_t f) : p_(p) {
    uint64_t cs = stream_lock(p, f);
    if (!cs || !enter_critical_section(p, cs)) return;  // every stream has a lock
    cs_ = cs;
    auto& streams = crt(p).streams;
    auto it = streams.find(f);
    if (it != streams.end()) s_ = &it->second;
  }
  ~LockedStream() { release(); }
  LockedStream(const LockedStream&) = delete;
  LockedStream& operator=(const LockedStream&) = delete;
  // Lets the stream go before the call ends (fclose, before the FILE's memory is freed).
  void release() {
    if (cs_) leave_critical_section(p_, cs_);
    cs_ = 0;
  }
  explicit operator bool() const { return s_ != nullptr; }
  GuestStream* operator->() const { return s_; }
  GuestStream& operator*() const { return *s_; }

 private:
  WindowsProcess& p_;
  uint64_t cs_ = 0;
  GuestStream* s_ = nullptr;
};

LockedStream stream(WindowsProcess& p, uint64_t f) { return LockedStream(p, f); }
LockedStream stream(WindowsProcess& p, Ptr f) { return LockedStream(p, f.addr); }

// Host I/O on a stream's descriptor that may block, with the execution lock released; the
// caller holds the stream's lock (fclose and every other use wait for it), and the mark lets the
// process's final flush leave the stream alone.
template <class Call>
ssize_t stream_io(WindowsProcess& p, GuestStream& s, Call&& call) {
  s.busy = true;
  int fd = s.fd;
  ssize_t n = synchronous_io(p, [&] { return call(fd); });
  s.busy = false;
  return n;
}

bool flush(WindowsProcess& p, GuestStream& s) {
  std::string out = std::move(s.wbuf);
  s.wbuf.clear();
  if (s.tty < 0) s.tty = ::isatty(s.fd);
  if (s.tty && !out.empty() && console_write_fd(p, s.fd, out.data(), out.size())) return true;  // the console's screen
  size_t off = 0;
  while (off < out.size()) {
    ssize_t n = stream_io(p, s, [&](int fd) { return ::write(fd, out.data() + off, out.size() - off); });
    if (n < 0) {
      if (errno == EINTR) continue;
      s.error = true;
      return false;
    }
    off += static_cast<size_t>(n);
  }
  return true;
}

// Writes with msvcrt's text-mode rule (\n becomes \r\n) and buffering: stderr and terminals
// are written at once, files and pipes in 4 KiB blocks.
size_t stream_write(WindowsProcess& p, GuestStream& s, const char* data, size_t n) {
  if (s.text) {
    for (size_t i = 0; i < n; ++i) {
      if (data[i] == '\n') s.wbuf += '\r';
      s.wbuf += data[i];
    }
  } else {
    s.wbuf.append(data, n);
  }
  if (s.tty < 0) s.tty = ::isatty(s.fd);
  bool immediate = s.unbuffered || s.fd == 2 || s.tty;
  if (immediate || s.wbuf.size() >= 4096) flush(p, s);
  return s.error ? 0 : n;
}

// A read of the stream's descriptor: from the console where it is the console's terminal.
ssize_t stream_read(WindowsProcess& p, GuestStream& s, char* buf, size_t len) {
  if (s.tty < 0) s.tty = ::isatty(s.fd);
  if (s.tty) {
    s.busy = true;
    std::optional<ssize_t> n = console_read_fd(p, s.fd, buf, len);
    s.busy = false;
    if (n) return *n;
  }
  return stream_io(p, s, [&](int fd) { return ::read(fd, buf, len); });
}

int stream_getc(WindowsProcess& p, GuestStream& s) {
  if (s.ungot >= 0) {
    int c = s.ungot;
    s.ungot = -1;
    return c;
  }
  if (!s.unread.empty()) {
    unsigned char c = static_cast<unsigned char>(s.unread[0]);
    s.unread.erase(0, 1);
    return c;
  }
  while (true) {
    if (s.rbuf.empty()) {
      char buf[4096];
      ssize_t n = stream_read(p, s, buf, sizeof buf);
      if (n <= 0) {
        if (n < 0) s.error = true;
        s.eof = true;
        return -1;
      }
      s.rbuf.assign(buf, static_cast<size_t>(n));
    }
    unsigned char c = static_cast<unsigned char>(s.rbuf[0]);
    s.rbuf.erase(0, 1);
    if (s.text && c == '\r') {
      // \r\n reads as \n; a lone \r stays.
      if (s.rbuf.empty()) {
        char next;
        ssize_t n = stream_read(p, s, &next, 1);
        if (n == 1) s.rbuf.assign(1, next);
      }
      if (!s.rbuf.empty() && s.rbuf[0] == '\n') continue;
    }
    if (s.text && c == 0x1a) {  // Ctrl-Z ends a text stream
      s.eof = true;
      return -1;
    }
    return c;
  }
}

int32_t fputc_(WindowsProcess& p, int32_t c, Ptr f) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  char ch = static_cast<char>(c);
  stream_write(p, *st, &ch, 1);
  return st->error ? -1 : static_cast<unsigned char>(ch);
}
int32_t putchar_(WindowsProcess& p, int32_t c) { return fputc_(p, c, Ptr(iob(p) + file_size(p))); }
int32_t fputs_(WindowsProcess& p, CStr s, Ptr f) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  stream_write(p, *st, s.c_str(), std::strlen(s.c_str()));
  return st->error ? -1 : 0;
}
int32_t puts_(WindowsProcess& p, CStr s) {
  Ptr out(iob(p) + file_size(p));
  if (fputs_(p, s, out) < 0) return -1;
  return fputc_(p, '\n', out) < 0 ? -1 : 0;
}
USize fwrite_(WindowsProcess& p, Ptr data, USize size, USize count, Ptr f) {
  LockedStream st = stream(p, f);
  if (!st || size == 0) return 0;
  stream_write(p, *st, data.as<const char>(), size * count);
  return st->error ? USize(0) : count;
}
int32_t fflush_(WindowsProcess& p, Ptr f) {
  if (!f) {
    flush_all(p, false);
    return 0;
  }
  LockedStream st = stream(p, f);
  return st && flush(p, *st) ? 0 : -1;
}
int32_t fgetc_(WindowsProcess& p, Ptr f) {
  if (LockedStream out = stream(p, iob(p) + file_size(p))) flush(p, *out);  // prompts appear before input is read
  LockedStream st = stream(p, f);
  if (!st) return -1;
  return stream_getc(p, *st);
}
int32_t getchar_(WindowsProcess& p) { return fgetc_(p, Ptr(iob(p))); }
// _filbuf and _flsbuf: what the getc and putc macros of Microsoft's old stdio.h call when the
// FILE's _cnt runs out. The stream's buffer is polyrun's, not the FILE's: _cnt (after _ptr) is left
// at 0, so that each getc and putc of the macros comes here, and the character goes through the
// stream as fgetc's and fputc's do.
int32_t _filbuf_(WindowsProcess& p, Ptr f) {
  if (!f) return -1;
  put<int32_t>(f.addr + p.isa->ptr, 0);
  return fgetc_(p, f);
}
int32_t _flsbuf_(WindowsProcess& p, int32_t c, Ptr f) {
  if (!f) return -1;
  put<int32_t>(f.addr + p.isa->ptr, 0);
  return fputc_(p, c, f);
}
int32_t ungetc_(WindowsProcess& p, int32_t c, Ptr f) {
  LockedStream st = stream(p, f);
  if (!st || c < 0) return -1;
  st->ungot = c & 0xff;
  st->eof = false;
  return c & 0xff;
}
Ptr fgets_(WindowsProcess& p, Ptr buf, int32_t n, Ptr f) {
  LockedStream st = stream(p, f);
  if (!st || n <= 0) return Ptr(0);
  int32_t i = 0;
  while (i < n - 1) {
    int c = stream_getc(p, *st);
    if (c < 0) break;
    buf.as<char>()[i++] = static_cast<char>(c);
    if (c == '\n') break;
  }
  if (i == 0) return Ptr(0);
  buf.as<char>()[i] = 0;
  return buf;
}
USize fread_(WindowsProcess& p, Ptr data, USize size, USize count, Ptr f) {
  LockedStream st = stream(p, f);
  if (!st || size == 0) return 0;
  uint64_t total = size * count, got = 0;
  while (got < total) {
    int c = stream_getc(p, *st);
    if (c < 0) break;
    data.as<char>()[got++] = static_cast<char>(c);
  }
  return got / size;
}
// Formatted input from a stream (the conversions: msvcrt/scanf.cpp): the characters as fgetc
// reads them; those looked at and not taken are given back, to be read first by the next call.
int32_t scan_stream(WindowsProcess& p, Ptr f, CStr fmt, VarArgs& args, bool secure) {
  if (LockedStream out = stream(p, iob(p) + file_size(p))) flush(p, *out);  // prompts appear before input is read
  LockedStream st = stream(p, f);
  if (!st) return -1;
  ScanInput in([&] { return stream_getc(p, *st); });
  int32_t r = scan_formatted(p, in, fmt.c_str(), args, secure);
  if (!in.unread().empty()) {
    st->unread.insert(0, in.unread());
    st->eof = false;
  }
  return r;
}
int32_t fscanf_(WindowsProcess& p, Ptr f, CStr fmt, VarArgs va) { return scan_stream(p, f, fmt, va, false); }
int32_t fscanf_s_(WindowsProcess& p, Ptr f, CStr fmt, VarArgs va) { return scan_stream(p, f, fmt, va, true); }
int32_t scanf_(WindowsProcess& p, CStr fmt, VarArgs va) { return scan_stream(p, Ptr(iob(p)), fmt, va, false); }
int32_t scanf_s_(WindowsProcess& p, CStr fmt, VarArgs va) { return scan_stream(p, Ptr(iob(p)), fmt, va, true); }
// The Universal CRT's: options bit 0 is _CRT_INTERNAL_SCANF_SECURECRT.
int32_t __stdio_common_vfscanf_(WindowsProcess& p, uint64_t options, Ptr f, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return scan_stream(p, f, fmt, v, options & 1);
}
// The _l forms (the locale, after the format, is the "C" locale).
int32_t _fscanf_l_(WindowsProcess& p, Ptr f, CStr fmt, Ptr, VarArgs va) { return scan_stream(p, f, fmt, va, false); }
int32_t _fscanf_s_l_(WindowsProcess& p, Ptr f, CStr fmt, Ptr, VarArgs va) { return scan_stream(p, f, fmt, va, true); }
int32_t _scanf_l_(WindowsProcess& p, CStr fmt, Ptr, VarArgs va) { return scan_stream(p, Ptr(iob(p)), fmt, va, false); }
int32_t _scanf_s_l_(WindowsProcess& p, CStr fmt, Ptr, VarArgs va) { return scan_stream(p, Ptr(iob(p)), fmt, va, true); }
int32_t stream_getwc(WindowsProcess& p, GuestStream& s);
// Wide formatted input from a stream: its wide characters as fgetwc reads them (a text stream's
// bytes are characters of the "C" locale), the format and %s, %c and %[ wide (`wide_strings`).
int32_t scan_stream_wide(WindowsProcess& p, Ptr f, WStr fmt, VarArgs& args, bool secure, bool wide_strings = true) {
  if (LockedStream out = stream(p, iob(p) + file_size(p))) flush(p, *out);
  LockedStream st = stream(p, f);
  if (!st) return -1;
  ScanInput in([&] {
    const int32_t c = st->text ? stream_getc(p, *st) : stream_getwc(p, *st);
    return c == 0xffff && !st->text ? -1 : c;
  });
  const std::u16string format = fmt.str();
  int32_t r = scan_formatted(p, in, format.c_str(), args, secure, wide_strings);
  if (!in.unread().empty()) {
    st->unread.insert(0, in.unread());
    st->eof = false;
  }
  return r;
}
int32_t fwscanf_(WindowsProcess& p, Ptr f, WStr fmt, VarArgs va) { return scan_stream_wide(p, f, fmt, va, false); }
int32_t fwscanf_s_(WindowsProcess& p, Ptr f, WStr fmt, VarArgs va) { return scan_stream_wide(p, f, fmt, va, true); }
int32_t wscanf_(WindowsProcess& p, WStr fmt, VarArgs va) { return scan_stream_wide(p, Ptr(iob(p)), fmt, va, false); }
int32_t wscanf_s_(WindowsProcess& p, WStr fmt, VarArgs va) { return scan_stream_wide(p, Ptr(iob(p)), fmt, va, true); }
int32_t _fwscanf_l_(WindowsProcess& p, Ptr f, WStr fmt, Ptr, VarArgs va) { return scan_stream_wide(p, f, fmt, va, false); }
int32_t _fwscanf_s_l_(WindowsProcess& p, Ptr f, WStr fmt, Ptr, VarArgs va) { return scan_stream_wide(p, f, fmt, va, true); }
int32_t _wscanf_l_(WindowsProcess& p, WStr fmt, Ptr, VarArgs va) { return scan_stream_wide(p, Ptr(iob(p)), fmt, va, false); }
int32_t _wscanf_s_l_(WindowsProcess& p, WStr fmt, Ptr, VarArgs va) { return scan_stream_wide(p, Ptr(iob(p)), fmt, va, true); }
// The Universal CRT's: options bit 0 _CRT_INTERNAL_SCANF_SECURECRT, bit 1
// _CRT_INTERNAL_SCANF_LEGACY_WIDE_SPECIFIERS (%s and %c wide).
int32_t __stdio_common_vfwscanf_(WindowsProcess& p, uint64_t options, Ptr f, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return scan_stream_wide(p, f, fmt, v, options & 1, options & 2);
}

int32_t feof_(WindowsProcess& p, Ptr f) {
  LockedStream st = stream(p, f);
  return st && st->eof ? 1 : 0;
}
int32_t ferror_(WindowsProcess& p, Ptr f) {
  LockedStream st = stream(p, f);
  return st && st->error ? 1 : 0;
}

// A FILE of the guest's over a descriptor it now owns; text mode unless the mode says "b".
// Like msvcrt's own, it is a _FILEX: the FILE and then a CRITICAL_SECTION, which mingw-w64's
// _lock_file enters for any stream but the standard ones (zeroed: not held).
Ptr new_stream(WindowsProcess& p, int fd, const std::string& mode) {
  uint64_t f = p.alloc_data(file_size(p) + p.isa->critical_section.size);
  put<int32_t>(f + p.isa->file.fd, fd);
  GuestStream s;
  s.fd = fd;
  s.owns_fd = true;
  s.text = mode.find('b') == std::string::npos;
  crt(p).streams[f] = s;
  return Ptr(f);
}

// The descriptor fopen opens for a name and mode (UTF-8), or -1 (errno set).
int open_for_mode(WindowsProcess& p, const std::string& name, const std::string& m) {
  int flags = 0;
  bool plus = m.find('+') != std::string::npos;
  switch (m.empty() ? 'r' : m[0]) {
    case 'r': flags = plus ? O_RDWR : O_RDONLY; break;
    case 'w': flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC; break;
    case 'a': flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND; break;
    default: *guest_errno(p) = EINVAL; return -1;
  }
  int fd = ::open(windows_to_host_path(name).c_str(), flags | O_CLOEXEC, 0666);
  if (fd < 0) {
    host_failure(p, errno);
    return -1;
  }
  crt_descriptor_open(p, fd, m.find('b') != std::string::npos);
  return fd;
}
// fopen's work, for a name and a mode in UTF-8.
Ptr open_stream(WindowsProcess& p, const std::string& name, const std::string& m) {
  int fd = open_for_mode(p, name, m);
  return fd < 0 ? Ptr(0) : new_stream(p, fd, m);
}

// freopen: the stream's file closed (its output written first), another opened in its place, the
// same FILE; null (the stream closed) if the new one cannot be opened.
Ptr reopen(WindowsProcess& p, const std::string& name, const std::string& m, Ptr f) {
  if (!f) {
    *guest_errno(p) = EINVAL;
    return Ptr(0);
  }
  {
    LockedStream st = stream(p, f);
    if (!st) {
      *guest_errno(p) = EINVAL;
      return Ptr(0);
    }
    flush(p, *st);
    if (st->owns_fd) {
      ::close(st->fd);
      crt_descriptor_closed(p, st->fd);
    }
    const int fd = open_for_mode(p, name, m);
    if (fd >= 0) {
      GuestStream fresh;
      fresh.fd = fd;
      fresh.owns_fd = true;
      fresh.text = m.find('b') == std::string::npos;
      *st = fresh;
      put<int32_t>(f.addr + p.isa->file.fd, fd);
      return f;
    }
  }
  crt(p).streams.erase(f.addr);
  return Ptr(0);
}
// The narrow names are in the ANSI code page (msvcrt/crt_locale.h).
Ptr freopen_(WindowsProcess& p, CStr name, CStr mode, Ptr f) {
  return reopen(p, name.addr ? crt_locale::name_to_utf8(p, name.c_str()) : std::string(), mode.str(), f);
}
Ptr _wfreopen_(WindowsProcess& p, WStr name, WStr mode, Ptr f) {
  return reopen(p, utf16_to_utf8(name.str()), utf16_to_utf8(mode.str()), f);
}
// freopen_s(&out, name, mode, f): the stream in *out; 0 or the error.
int32_t freopen_s_(WindowsProcess& p, Ptr out, CStr name, CStr mode, Ptr f) {
  if (!out) return *guest_errno(p) = EINVAL;
  Ptr r = reopen(p, name.addr ? crt_locale::name_to_utf8(p, name.c_str()) : std::string(), mode.str(), f);
  p.put_ptr(out.addr, r.addr);
  return r ? 0 : *guest_errno(p);
}
int32_t _wfreopen_s_(WindowsProcess& p, Ptr out, WStr name, WStr mode, Ptr f) {
  if (!out) return *guest_errno(p) = EINVAL;
  Ptr r = reopen(p, utf16_to_utf8(name.str()), utf16_to_utf8(mode.str()), f);
  p.put_ptr(out.addr, r.addr);
  return r ? 0 : *guest_errno(p);
}
Ptr fopen_(WindowsProcess& p, CStr name, CStr mode) {
  return open_stream(p, crt_locale::name_to_utf8(p, name.c_str()), mode.str());
}

int32_t fclose_(WindowsProcess& p, Ptr f) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  bool ok = flush(p, *st);
  if (st->owns_fd) {
    if (::close(st->fd) != 0) ok = false;
    crt_descriptor_closed(p, st->fd);
  }
  st.release();
  CrtProcessState& c = crt(p);
  c.streams.erase(f.addr);
  if (f.addr < c.iob || f.addr >= c.iob + file_size(p) * kIobEntries) p.heap.free(f.addr);
  return ok ? 0 : -1;
}

// fseek and _fseeki64: output written, read-ahead dropped, the end-of-file indicator cleared.
int32_t seek(WindowsProcess& p, Ptr f, int64_t off, int32_t whence) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  flush(p, *st);
  off_t adjust = static_cast<off_t>(st->rbuf.size() + st->unread.size()) + (st->ungot >= 0 ? 1 : 0);
  st->rbuf.clear();
  st->unread.clear();
  st->ungot = -1;
  st->eof = false;
  if (whence == SEEK_CUR) off -= adjust;
  return ::lseek(st->fd, off, whence) < 0 ? -1 : 0;
}
int32_t fseek_(WindowsProcess& p, Ptr f, int32_t off, int32_t whence) { return seek(p, f, off, whence); }
int32_t _fseeki64_(WindowsProcess& p, Ptr f, int64_t off, int32_t whence) { return seek(p, f, off, whence); }

// rewind: back to the start, with the stream's end-of-file and error indicators cleared.
void rewind_(WindowsProcess& p, Ptr f) {
  LockedStream st = stream(p, f);
  if (!st) return;
  fseek_(p, f, 0, SEEK_SET);
  st->error = false;
}
void clearerr_(WindowsProcess& p, Ptr f) {
  LockedStream st = stream(p, f);
  if (!st) return;
  st->eof = st->error = false;
}

int64_t tell(WindowsProcess& p, Ptr f) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  off_t pos = ::lseek(st->fd, 0, SEEK_CUR);
  if (pos < 0) return -1;
  return pos + static_cast<off_t>(st->wbuf.size()) - static_cast<off_t>(st->rbuf.size() + st->unread.size());
}
int32_t ftell_(WindowsProcess& p, Ptr f) { return static_cast<int32_t>(tell(p, f)); }
int64_t _ftelli64_(WindowsProcess& p, Ptr f) { return tell(p, f); }

int32_t _fileno_(WindowsProcess& p, Ptr f) {
  LockedStream st = stream(p, f);
  return st ? st->fd : -1;
}

// _setmode(fd, _O_TEXT 0x4000 | _O_BINARY 0x8000): returns the previous mode.
int32_t _setmode_(WindowsProcess& p, int32_t fd, int32_t mode) {
  iob(p);
  int32_t old = p.fd_binary[fd] ? 0x8000 : 0x4000;
  bool known = ::fcntl(fd, F_GETFD) >= 0;
  if (known) crt_descriptor_open(p, fd, mode & 0x8000);
  std::vector<uint64_t> addrs;
  for (const auto& [addr, s] : crt(p).streams)
    if (s.fd == fd) addrs.push_back(addr);
  for (uint64_t addr : addrs) {
    LockedStream s = stream(p, addr);
    if (!s) continue;
    flush(p, *s);
    s->text = !(mode & 0x8000);
    known = true;
  }
  if (!known) {
    *guest_errno(p) = EBADF;
    return -1;
  }
  return old;
}

Ptr _fdopen_(WindowsProcess& p, int32_t fd, CStr mode) { return new_stream(p, fd, mode.str()); }
Ptr _wfdopen_(WindowsProcess& p, int32_t fd, WStr mode) { return new_stream(p, fd, utf16_to_utf8(mode.str())); }

int32_t setvbuf_(WindowsProcess& p, Ptr f, Ptr, int32_t mode, USize) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  st->unbuffered = mode == 4;  // _IONBF
  return 0;
}
// setbuf: a buffer (fully buffered, _IOFBF), or none (_IONBF).
void setbuf_(WindowsProcess& p, Ptr f, Ptr buf) { setvbuf_(p, f, buf, buf ? 0 : 4, 512); }

int32_t fgetpos_(WindowsProcess& p, Ptr f, Ptr pos) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  off_t at = ::lseek(st->fd, 0, SEEK_CUR);
  if (at < 0) return -1;
  put<int64_t>(pos.addr, at + static_cast<off_t>(st->wbuf.size()) - static_cast<off_t>(st->rbuf.size() + st->unread.size()));
  return 0;
}

int32_t fsetpos_(WindowsProcess& p, Ptr f, Ptr pos) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  flush(p, *st);
  st->rbuf.clear();
  st->unread.clear();
  st->ungot = -1;
  st->eof = false;
  return ::lseek(st->fd, *pos.as<int64_t>(), SEEK_SET) < 0 ? -1 : 0;
}

Ptr _wfopen_(WindowsProcess& p, WStr name, WStr mode) {
  return open_stream(p, utf16_to_utf8(name.str()), utf16_to_utf8(mode.str()));
}

// fopen_s and _wfopen_s: the stream in *out (null on failure); 0 or the errno value. (Windows
// opens these without sharing; Linux has no sharing modes to refuse.)
int32_t opened_s(WindowsProcess& p, Ptr out, Ptr f) {
  p.put_ptr(out.addr, f.addr);
  return f ? 0 : *guest_errno(p);
}
int32_t fopen_s_(WindowsProcess& p, Ptr out, CStr name, CStr mode) {
  if (!out || !name.addr || !mode.addr) {
    if (out) p.put_ptr(out.addr, 0);
    return *guest_errno(p) = EINVAL;
  }
  return opened_s(p, out, fopen_(p, name, mode));
}
int32_t _wfopen_s_(WindowsProcess& p, Ptr out, WStr name, WStr mode) {
  if (!out || !name.addr || !mode.addr) {
    if (out) p.put_ptr(out.addr, 0);
    return *guest_errno(p) = EINVAL;
  }
  return opened_s(p, out, _wfopen_(p, name, mode));
}

// Wide characters on narrow streams: one byte each in the "C" locale.
int32_t putwc_(WindowsProcess& p, int32_t c, Ptr f) {
  if (c > 0xff) return 0xffff;  // WEOF: not representable
  return fputc_(p, c, f) < 0 ? 0xffff : c;
}
// Read as msvcrt reads them: from a text-mode stream one byte, the "C" locale's multibyte
// character; from a binary one a UTF-16 code unit, two bytes. WEOF (0xffff) at the end.
int32_t stream_getwc(WindowsProcess& p, GuestStream& s) {
  const int lo = stream_getc(p, s);
  if (lo < 0) return 0xffff;
  if (s.text) return lo;
  const int hi = stream_getc(p, s);
  return hi < 0 ? 0xffff : lo | hi << 8;
}
int32_t getwc_(WindowsProcess& p, Ptr f) {
  if (LockedStream out = stream(p, iob(p) + file_size(p))) flush(p, *out);  // prompts appear before input is read
  LockedStream st = stream(p, f);
  return st ? stream_getwc(p, *st) : 0xffff;
}
// fgetws: up to n - 1 wide characters, through the first newline; null when nothing was read.
Ptr fgetws_(WindowsProcess& p, Ptr buf, int32_t n, Ptr f) {
  if (LockedStream out = stream(p, iob(p) + file_size(p))) flush(p, *out);
  LockedStream st = stream(p, f);
  if (!st || n <= 0) return Ptr(0);
  int32_t i = 0;
  while (i < n - 1) {
    const int32_t c = stream_getwc(p, *st);
    if (c == 0xffff) break;
    buf.as<char16_t>()[i++] = static_cast<char16_t>(c);
    if (c == '\n') break;
  }
  if (i == 0) return Ptr(0);
  buf.as<char16_t>()[i] = 0;
  return buf;
}
int32_t ungetwc_(WindowsProcess& p, int32_t c, Ptr f) { return ungetc_(p, c == 0xffff ? -1 : c, f) < 0 ? 0xffff : c; }

Ptr __iob_func_(WindowsProcess& p) { return Ptr(iob(p)); }
uint64_t iob_data(WindowsProcess& p) { return iob(p); }

void _lock_(WindowsProcess& p, int32_t n) { enter_critical_section(p, crt_lock(p, n)); }
void _unlock_(WindowsProcess& p, int32_t n) { leave_critical_section(p, crt_lock(p, n)); }
// _lock_locales and _unlock_locales: the _lock table's locale lock (_SETLOCALE_LOCK, 19).
void _lock_locales_(WindowsProcess& p) { _lock_(p, 19); }
void _unlock_locales_(WindowsProcess& p) { _unlock_(p, 19); }

int32_t fputwc_(WindowsProcess& p, int32_t c, Ptr f) {
  std::string s = utf16_to_utf8(std::u16string(1, static_cast<char16_t>(c)));
  LockedStream st = stream(p, f);
  if (!st) return 0xffff;
  stream_write(p, *st, s.data(), s.size());
  return st->error ? 0xffff : c;
}

Ptr __acrt_iob_func_(WindowsProcess& p, uint32_t index) { return Ptr(iob(p) + file_size(p) * index); }

// ---- the standard streams' character functions, words, wide strings ----

Ptr std_in(WindowsProcess& p) { return Ptr(iob(p)); }
Ptr std_out(WindowsProcess& p) { return Ptr(iob(p) + file_size(p)); }
int32_t getwchar_(WindowsProcess& p) { return getwc_(p, std_in(p)); }
int32_t putwchar_(WindowsProcess& p, int32_t c) { return fputwc_(p, c & 0xffff, std_out(p)); }
// _getw and _putw: an int, its four bytes as they lie in memory; EOF at the end or on an error.
int32_t _getw_(WindowsProcess& p, Ptr f) {
  int32_t w = 0;
  if (fread_(p, Ptr(reinterpret_cast<uint64_t>(&w)), 4, 1, f) != 1) return -1;
  return w;
}
int32_t _putw_(WindowsProcess& p, int32_t w, Ptr f) {
  return fwrite_(p, Ptr(reinterpret_cast<uint64_t>(&w)), 4, 1, f) == 1 ? w : -1;
}
// fputws: each character as fputwc writes it; 0, or EOF on an error. _putws: to stdout, and a
// newline.
int32_t fputws_(WindowsProcess& p, WStr s, Ptr f) {
  for (const char16_t* q = s.data(); *q; ++q)
    if (fputwc_(p, *q, f) == 0xffff) return -1;
  return 0;
}
int32_t _putws_(WindowsProcess& p, WStr s) {
  if (fputws_(p, s, std_out(p)) != 0 || fputwc_(p, '\n', std_out(p)) == 0xffff) return -1;
  return 0;
}

// gets_s(buf, size): a line of the standard input without its newline (carriage returns dropped);
// null at the end of the input with nothing read, and (an invalid parameter) when the line does not
// fit. gets: the same, without a limit.
Ptr read_line(WindowsProcess& p, Ptr buf, uint64_t size, bool checked) {
  if (checked && (!buf || !size)) {
    *guest_errno(p) = EINVAL;
    crt_invalid_parameter(p, false);
    return Ptr(0);
  }
  char* out = buf.as<char>();
  uint64_t n = 0, room = size;
  int32_t c;
  for (c = fgetc_(p, std_in(p)); room != 0 && c != -1 && c != '\n'; c = fgetc_(p, std_in(p))) {
    if (c == '\r') continue;
    out[n++] = static_cast<char>(c);
    --room;
  }
  if (!room) {
    out[0] = 0;
    crt_invalid_parameter(p, false);
    return Ptr(0);
  }
  if (c == -1 && n == 0) return Ptr(0);
  out[n] = 0;
  return buf;
}
Ptr gets_s_(WindowsProcess& p, Ptr buf, USize size) { return read_line(p, buf, size, true); }
Ptr gets_(WindowsProcess& p, Ptr buf) { return read_line(p, buf, ~0ull, false); }
Ptr _getws_(WindowsProcess& p, Ptr buf) {
  char16_t* out = buf.as<char16_t>();
  uint64_t n = 0;
  int32_t c;
  for (c = getwc_(p, std_in(p)); c != 0xffff && c != '\n'; c = getwc_(p, std_in(p)))
    if (c != '\r') out[n++] = static_cast<char16_t>(c);
  if (c == 0xffff && n == 0) return Ptr(0);
  out[n] = 0;
  return buf;
}

// clearerr_s: clearerr, with no stream an invalid parameter (EINVAL).
int32_t clearerr_s_(WindowsProcess& p, Ptr f) {
  if (!f) {
    *guest_errno(p) = EINVAL;
    crt_invalid_parameter(p, false);
    return EINVAL;
  }
  clearerr_(p, f);
  return 0;
}
// fread_s(buf, size, element, count, f): fread into a buffer of `size` bytes; data beyond it is an
// invalid parameter (ERANGE) with the buffer cleared and 0 read.
USize fread_s_(WindowsProcess& p, Ptr buf, USize size, USize element, USize count, Ptr f) {
  auto invalid = [&](int32_t e) {
    *guest_errno(p) = e;
    crt_invalid_parameter(p, false);
    return USize(0);
  };
  if (!f) {
    if (buf && size) std::memset(buf.as<char>(), 0, size);
    return invalid(EINVAL);
  }
  if (!element || !count) return 0;
  if (!buf) return invalid(EINVAL);
  if (~0ull / count < element) return invalid(EINVAL);
  const uint64_t want = element * count;
  const uint64_t got = fread_(p, buf, 1, std::min<uint64_t>(want, size), f);
  if (want > size && got == size) {
    int32_t more = fgetc_(p, f);
    if (more != -1) {
      std::memset(buf.as<char>(), 0, size);
      return invalid(ERANGE);
    }
  }
  return got / element;
}

// ---- all streams ----

// _flushall: every stream's output written; the number of open streams.
int32_t _flushall_(WindowsProcess& p) {
  flush_all(p, false);
  return static_cast<int32_t>(crt(p).streams.size());
}
// _fcloseall: every stream the program opened closed (not stdin, stdout and stderr); how many.
int32_t _fcloseall_(WindowsProcess& p) {
  std::vector<uint64_t> open;
  const uint64_t first_own = iob(p) + 3 * file_size(p);
  for (const auto& [addr, s] : crt(p).streams)
    if (addr >= first_own || addr < iob(p)) open.push_back(addr);
  int32_t n = 0;
  for (uint64_t f : open)
    if (fclose_(p, Ptr(f)) == 0) ++n;
  return n;
}

// _fsopen and _wfsopen: fopen with a sharing mode, which the host's files do not enforce.
Ptr _fsopen_(WindowsProcess& p, CStr name, CStr mode, int32_t) { return fopen_(p, name, mode); }
Ptr _wfsopen_(WindowsProcess& p, WStr name, WStr mode, int32_t) { return _wfopen_(p, name, mode); }

// A FILE's lock, held across calls (the stream functions take it too, and it is recursive).
void _lock_file_(WindowsProcess& p, Ptr f) {
  if (uint64_t cs = stream_lock(p, f.addr)) enter_critical_section(p, cs);
}
void _unlock_file_(WindowsProcess& p, Ptr f) {
  if (uint64_t cs = stream_lock(p, f.addr)) leave_critical_section(p, cs);
}

}  // namespace

int32_t write_formatted(WindowsProcess& p, Ptr f, const std::string& s) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  stream_write(p, *st, s.data(), s.size());
  return st->error ? -1 : static_cast<int32_t>(s.size());
}

// Every stream's buffered output. At the process's end (`ending`) a stream another thread is
// blocked on is left as it is, where fflush(NULL) waits for it.
void flush_all(WindowsProcess& p, bool ending) {
  auto& streams = crt(p).streams;
  std::vector<uint64_t> addrs;
  for (const auto& [addr, s] : streams) addrs.push_back(addr);
  for (uint64_t addr : addrs) {
    auto it = streams.find(addr);
    if (it == streams.end() || (ending && it->second.busy)) continue;
    if (ending) {
      flush(p, it->second);  // whoever holds a stream's lock now is parked for good
    } else if (LockedStream s = stream(p, addr)) {
      flush(p, *s);
    }
  }
}

void msvcrt_flush_all(WindowsProcess& p) { flush_all(p, true); }
uint64_t msvcrt_open_stream(WindowsProcess& p, int fd, const std::string& mode) { return new_stream(p, fd, mode).addr; }
int32_t msvcrt_close_stream(WindowsProcess& p, uint64_t f) { return fclose_(p, Ptr(f)); }

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
namespace {
// _get_stream_buffer_pointers(stream, &base, &ptr, &count) (ucrtbase.dll): where the FILE keeps its
// buffer's start (_base), its next character (_ptr) and the count left (_cnt); each out pointer
// optional. (The buffer itself is polyrun's: _cnt stays 0, as for _filbuf.)
int32_t _get_stream_buffer_pointers_(WindowsProcess& p, Ptr f, Ptr base, Ptr ptr, Ptr count) {
  const unsigned w = p.isa->ptr;
  if (base) p.put_ptr(base.addr, f.addr + 2 * w);
  if (ptr) p.put_ptr(ptr.addr, f.addr);
  if (count) p.put_ptr(count.addr, f.addr + w);
  return 0;
}
}  // namespace

const std::vector<Export>& ucrtbase_stdio_exports() {
  static const std::vector<Export> exports = {
      EXPORT("_get_stream_buffer_pointers", _get_stream_buffer_pointers_),
  };
  return exports;
}

const std::vector<Export>& msvcrt_stdio_exports() {
  static const std::vector<Export> exports = {
      EXPORT("fputc", fputc_),
      EXPORT("putc", fputc_),
      EXPORT("putchar", putchar_),
      EXPORT("fputs", fputs_),
      EXPORT("puts", puts_),
      EXPORT("fwrite", fwrite_),
      EXPORT("fflush", fflush_),
      EXPORT("fgetc", fgetc_),
      EXPORT("getc", fgetc_),
      EXPORT("getchar", getchar_),
      EXPORT("ungetc", ungetc_),
      EXPORT("fgets", fgets_),
      EXPORT("fscanf", fscanf_),
      EXPORT("fscanf_s", fscanf_s_),
      EXPORT("scanf", scanf_),
      EXPORT("scanf_s", scanf_s_),
      EXPORT("__stdio_common_vfscanf", __stdio_common_vfscanf_),
      EXPORT("__stdio_common_vfwscanf", __stdio_common_vfwscanf_),
      EXPORT("_fscanf_l", _fscanf_l_),
      EXPORT("_fscanf_s_l", _fscanf_s_l_),
      EXPORT("_scanf_l", _scanf_l_),
      EXPORT("_scanf_s_l", _scanf_s_l_),
      EXPORT("fwscanf", fwscanf_),
      EXPORT("fwscanf_s", fwscanf_s_),
      EXPORT("wscanf", wscanf_),
      EXPORT("wscanf_s", wscanf_s_),
      EXPORT("_fwscanf_l", _fwscanf_l_),
      EXPORT("_fwscanf_s_l", _fwscanf_s_l_),
      EXPORT("_wscanf_l", _wscanf_l_),
      EXPORT("_wscanf_s_l", _wscanf_s_l_),
      EXPORT("fread", fread_),
      EXPORT("feof", feof_),
      EXPORT("ferror", ferror_),
      EXPORT("fopen", fopen_),
      EXPORT("fclose", fclose_),
      EXPORT("fseek", fseek_),
      EXPORT("rewind", rewind_),
      EXPORT("clearerr", clearerr_),
      EXPORT("ftell", ftell_),
      EXPORT("_fileno", _fileno_),
      EXPORT("_setmode", _setmode_),
      EXPORT("__iob_func", __iob_func_),
      EXPORT("__p__iob", __iob_func_),
      EXPORT("_filbuf", _filbuf_),
      EXPORT("_flsbuf", _flsbuf_),
      EXPORT("_fdopen", _fdopen_),
      EXPORT("_wfopen", _wfopen_),
      EXPORT("setvbuf", setvbuf_),
      EXPORT("fgetpos", fgetpos_),
      EXPORT("fsetpos", fsetpos_),
      EXPORT("putwc", putwc_),
      EXPORT("getwc", getwc_),
      EXPORT("fgetwc", getwc_),
      EXPORT("fgetws", fgetws_),
      EXPORT("fopen_s", fopen_s_),
      EXPORT("_wfopen_s", _wfopen_s_),
      EXPORT("_wfdopen", _wfdopen_),
      EXPORT("setbuf", setbuf_),
      EXPORT("ungetwc", ungetwc_),
      EXPORT_DATA("_iob", iob_data),
      EXPORT("_lock", _lock_),
      EXPORT("_unlock", _unlock_),
      EXPORT("_lock_locales", _lock_locales_),
      EXPORT("_unlock_locales", _unlock_locales_),
      EXPORT("__acrt_iob_func", __acrt_iob_func_),
      EXPORT("_lock_file", _lock_file_),
      EXPORT("_unlock_file", _unlock_file_),
      EXPORT("fputwc", fputwc_),
      EXPORT("_fseeki64", _fseeki64_),
      EXPORT("_ftelli64", _ftelli64_),
      EXPORT("getwchar", getwchar_),
      EXPORT("_fgetwchar", getwchar_),
      EXPORT("putwchar", putwchar_),
      EXPORT("_fputwchar", putwchar_),
      EXPORT("_fgetchar", getchar_),
      EXPORT("_fputchar", putchar_),
      EXPORT("_getw", _getw_),
      EXPORT("_putw", _putw_),
      EXPORT("fputws", fputws_),
      EXPORT("_putws", _putws_),
      EXPORT("_flushall", _flushall_),
      EXPORT("_fcloseall", _fcloseall_),
      EXPORT("_fsopen", _fsopen_),
      EXPORT("_wfsopen", _wfsopen_),
      EXPORT("freopen", freopen_),
      EXPORT("_wfreopen", _wfreopen_),
      EXPORT("freopen_s", freopen_s_),
      EXPORT("_wfreopen_s", _wfreopen_s_),
      EXPORT("gets", gets_),
      EXPORT("gets_s", gets_s_),
      EXPORT("_getws", _getws_),
      EXPORT("clearerr_s", clearerr_s_),
      EXPORT("fread_s", fread_s_),
      // The _nolock forms: the same functions without taking the stream's lock; here they take it
      // (what they do is the same).
      EXPORT("_fclose_nolock", fclose_),
      EXPORT("_fflush_nolock", fflush_),
      EXPORT("_fgetc_nolock", fgetc_),
      EXPORT("_getc_nolock", fgetc_),
      EXPORT("_fgetwc_nolock", getwc_),
      EXPORT("_getwc_nolock", getwc_),
      EXPORT("_fputc_nolock", fputc_),
      EXPORT("_putc_nolock", fputc_),
      EXPORT("_fputwc_nolock", fputwc_),
      EXPORT("_putwc_nolock", fputwc_),
      EXPORT("_fread_nolock", fread_),
      EXPORT("_fread_nolock_s", fread_s_),
      EXPORT("_fwrite_nolock", fwrite_),
      EXPORT("_fseek_nolock", fseek_),
      EXPORT("_fseeki64_nolock", _fseeki64_),
      EXPORT("_ftell_nolock", ftell_),
      EXPORT("_ftelli64_nolock", _ftelli64_),
      EXPORT("_ungetc_nolock", ungetc_),
      EXPORT("_ungetwc_nolock", ungetwc_),
  };
  return exports;
}

}  // namespace polyrun::shims
