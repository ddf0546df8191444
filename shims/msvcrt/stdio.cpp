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

// fopen's work, for a name and a mode in UTF-8.
Ptr open_stream(WindowsProcess& p, const std::string& name, const std::string& m) {
  int flags = 0;
  bool plus = m.find('+') != std::string::npos;
  switch (m.empty() ? 'r' : m[0]) {
    case 'r': flags = plus ? O_RDWR : O_RDONLY; break;
    case 'w': flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC; break;
    case 'a': flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND; break;
    default: *guest_errno(p) = EINVAL; return Ptr(0);
  }
  int fd = ::open(windows_to_host_path(name).c_str(), flags | O_CLOEXEC, 0666);
  if (fd < 0) {
    host_failure(p, errno);
    return Ptr(0);
  }
  crt_descriptor_open(p, fd, m.find('b') != std::string::npos);
  return new_stream(p, fd, m);
}
Ptr fopen_(WindowsProcess& p, CStr name, CStr mode) { return open_stream(p, name.str(), mode.str()); }

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

int32_t fseek_(WindowsProcess& p, Ptr f, int32_t off, int32_t whence) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  flush(p, *st);
  off_t adjust = static_cast<off_t>(st->rbuf.size() + st->unread.size()) + (st->ungot >= 0 ? 1 : 0);
  st->rbuf.clear();
  st->unread.clear();
  st->ungot = -1;
  st->eof = false;
  if (whence == SEEK_CUR) off -= static_cast<int32_t>(adjust);
  return ::lseek(st->fd, off, whence) < 0 ? -1 : 0;
}

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

int32_t ftell_(WindowsProcess& p, Ptr f) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  off_t pos = ::lseek(st->fd, 0, SEEK_CUR);
  if (pos < 0) return -1;
  return static_cast<int32_t>(pos + static_cast<off_t>(st->wbuf.size()) -
                              static_cast<off_t>(st->rbuf.size() + st->unread.size()));
}

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

int32_t fputwc_(WindowsProcess& p, int32_t c, Ptr f) {
  std::string s = utf16_to_utf8(std::u16string(1, static_cast<char16_t>(c)));
  LockedStream st = stream(p, f);
  if (!st) return 0xffff;
  stream_write(p, *st, s.data(), s.size());
  return st->error ? 0xffff : c;
}

Ptr __acrt_iob_func_(WindowsProcess& p, uint32_t index) { return Ptr(iob(p) + file_size(p) * index); }

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
      EXPORT("__acrt_iob_func", __acrt_iob_func_),
      EXPORT("_lock_file", _lock_file_),
      EXPORT("_unlock_file", _unlock_file_),
      EXPORT("fputwc", fputwc_),
  };
  return exports;
}

}  // namespace polyrun::shims
