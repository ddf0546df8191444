// msvcrt.dll (and the UCRT names mapped onto it): startup, stdio with Microsoft's format rules
// and text mode, strings, memory, the malloc family, exit handling.
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cctype>
#include <cstring>
#include <ctime>
#include <mutex>
#include <vector>

#include "cpu-emu/x86_regs.h"
#include "shims/kernel32/console.h"
#include "shims/core/command_line.h"
#include "shims/core/cxx_eh.h"
#include "shims/core/seh.h"
#include "shims/core/path_mapping.h"
#include "shims/core/guest_memory.h"
#include "shims/kernel32/heap.h"
#include "shims/msvcrt/descriptors.h"
#include "shims/msvcrt/scanf.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"
#include "shims/core/windows_time_zone.h"

namespace polyrun::shims {

namespace {

constexpr int kStdStreams = 3;
constexpr int32_t kIobEntries = 20;  // _iob's FILEs (_IOB_ENTRIES)

uint64_t file_size(const WindowsProcess& p) { return p.isa->file.size; }

uint64_t& data_slot(WindowsProcess& p, const char* name, uint64_t size = 8) {
  uint64_t& slot = p.data[name];
  if (!slot) slot = p.alloc_data(size);
  return slot;
}

// The calling thread's errno and _doserrno sit just after its TEB (core/windows_threads.cpp, init_thread).
int* guest_errno(WindowsProcess& p) { return reinterpret_cast<int*>(p.teb() + p.isa->teb.size); }
uint32_t* guest_doserrno(WindowsProcess& p) { return reinterpret_cast<uint32_t*>(p.teb() + p.isa->teb.size + 4); }

// The C runtime's errno for a Windows error code, as its _dosmaperr maps them (Windows' errno
// numbers: ENOTEMPTY is 41).
int errno_from_os(uint32_t e) {
  switch (e) {
    case 2: case 3: case 15: case 18: case 53: case 67: case 161: case 206: return ENOENT;  // file, path, drive, net name
    case 4: return EMFILE;
    case 5: case 16: case 33: case 65: case 82: case 83: case 108: case 132: case 158: case 167: return EACCES;
    case 6: case 114: case 130: return EBADF;
    case 7: case 8: case 9: case 1816: return ENOMEM;
    case 10: return E2BIG;
    case 11: return ENOEXEC;
    case 17: return EXDEV;
    case 80: case 183: return EEXIST;
    case 89: case 164: case 215: return EAGAIN;
    case 109: return EPIPE;
    case 112: return ENOSPC;
    case 128: case 129: return ECHILD;
    case 145: return 41;  // ENOTEMPTY
    default:
      if (e >= 19 && e <= 36) return EACCES;    // write-protect … sharing-buffer-exceeded
      if (e >= 188 && e <= 202) return ENOEXEC;  // the executable-format errors
      return EINVAL;
  }
}

// A system call failed with the host's errno `err`: _doserrno gets the Windows error it stands
// for and errno the C runtime's value for that, as _dosmaperr leaves them on Windows.
void host_failure(WindowsProcess& p, int err) {
  const uint32_t e = win_error_from_errno(err);
  *guest_doserrno(p) = e;
  *guest_errno(p) = errno_from_os(e);
}

// ---- streams ----

uint64_t iob(WindowsProcess& p) {
  if (!p.iob) {
    p.iob = p.alloc_data(file_size(p) * kIobEntries);
    for (int i = 0; i < kStdStreams; ++i) {
      uint64_t f = p.iob + file_size(p) * static_cast<uint64_t>(i);
      put<int32_t>(f + p.isa->file.fd, i);
      GuestStream s;
      s.fd = i;
      p.streams[f] = s;
    }
  }
  return p.iob;
}

// msvcrt's lock table (_lock/_unlock): a CRITICAL_SECTION of the guest's for each number, made on
// first use, as msvcrt's _locktable. Lock _STREAM_LOCKS + i (16 + i) is _iob[i]'s, which mingw-w64's
// _lock_file takes for the standard streams (for any other stream it enters the _FILEX's own).
constexpr int32_t kStreamLocks = 16;

uint64_t crt_lock(WindowsProcess& p, int32_t n) {
  uint64_t& cs = p.crt_locks[n];
  if (!cs) cs = p.alloc_data(p.isa->critical_section.size);
  return cs;
}

// The lock of the stream at `f`, or 0 for an address that is not a stream of ours.
uint64_t stream_lock(WindowsProcess& p, uint64_t f) {
  const uint64_t base = iob(p), fs = file_size(p);
  if (f >= base && f < base + fs * kIobEntries && (f - base) % fs == 0)
    return crt_lock(p, kStreamLocks + static_cast<int32_t>((f - base) / fs));
  return p.streams.count(f) ? f + fs : 0;  // a _FILEX: the FILE, then its CRITICAL_SECTION
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
    auto it = p.streams.find(f);
    if (it != p.streams.end()) s_ = &it->second;
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

void flush_all(WindowsProcess& p, bool ending = true);

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

// ---- printf with Microsoft's rules ----

// `legacy`: msvcrt.dll's rules (three exponent digits, 1.#INF); otherwise the Universal CRT's
// standard ones (two digits, inf, nan, -nan(ind)).
std::string format(WindowsProcess& p, const char* fmt, VarArgs& va, bool wide_fmt, bool legacy = true) {
  (void)p;
  std::string out;
  for (const char* c = fmt; *c; ++c) {
    if (*c != '%') {
      out += *c;
      continue;
    }
    const char* start = c++;
    std::string flags;
    while (*c && std::strchr("-+ #0", *c)) flags += *c++;
    int width = -1, prec = -1;
    if (*c == '*') {
      width = static_cast<int>(static_cast<int32_t>(va.next_int()));
      if (width < 0) flags += '-', width = -width;
      ++c;
    } else {
      while (*c >= '0' && *c <= '9') width = (width < 0 ? 0 : width * 10) + (*c++ - '0');
    }
    if (*c == '.') {
      ++c;
      prec = 0;
      if (*c == '*') {
        prec = static_cast<int>(static_cast<int32_t>(va.next_int()));
        ++c;
      } else {
        while (*c >= '0' && *c <= '9') prec = prec * 10 + (*c++ - '0');
      }
    }
    // Size: h hh l ll L w I I32 I64 z t j.
    int bits = 32;
    bool wide = false, narrow = false;
    while (true) {
      if (*c == 'h') { bits = c[1] == 'h' ? (++c, 8) : 16; narrow = true; ++c; }
      else if (*c == 'l') { if (c[1] == 'l') { bits = 64; ++c; } else wide = true; ++c; }
      else if (*c == 'w') { wide = true; ++c; }
      else if (*c == 'L') { ++c; }
      else if (*c == 'I' && c[1] == '6' && c[2] == '4') { bits = 64; c += 3; }
      else if (*c == 'I' && c[1] == '3' && c[2] == '2') { bits = 32; c += 3; }
      else if (*c == 'j') { bits = 64; ++c; }
      else if (*c == 'I' || *c == 'z' || *c == 't') { bits = static_cast<int>(va.slot_bytes * 8); ++c; }  // pointer-sized
      else break;
    }
    char conv = *c;
    if (!conv) break;
    auto spec = [&](const char* host_size, char host_conv) {
      std::string s = "%" + flags;
      if (width >= 0) s += std::to_string(width);
      if (prec >= 0) s += "." + std::to_string(prec);
      s += host_size;
      s += host_conv;
      return s;
    };
    char buf[512];
    switch (conv) {
      case 'd': case 'i': {
        int64_t v = bits == 64 ? static_cast<int64_t>(va.next_int64()) : static_cast<int64_t>(static_cast<int32_t>(va.next_int()));
        if (bits == 16) v = static_cast<int16_t>(v);
        if (bits == 8) v = static_cast<int8_t>(v);
        std::snprintf(buf, sizeof buf, spec("ll", 'd').c_str(), static_cast<long long>(v));
        out += buf;
        break;
      }
      case 'u': case 'o': case 'x': case 'X': {
        uint64_t v = bits == 64 ? va.next_int64() : static_cast<uint32_t>(va.next_int());
        if (bits == 16) v = static_cast<uint16_t>(v);
        if (bits == 8) v = static_cast<uint8_t>(v);
        std::snprintf(buf, sizeof buf, spec("ll", conv).c_str(), static_cast<unsigned long long>(v));
        out += buf;
        break;
      }
      case 'p': {
        uint64_t v = va.slot_bytes == 8 ? va.next_int() : static_cast<uint32_t>(va.next_int());
        std::snprintf(buf, sizeof buf, va.slot_bytes == 8 ? "%016llX" : "%08llX", static_cast<unsigned long long>(v));
        out += buf;
        break;
      }
      case 'c': case 'C': {
        uint32_t ch = static_cast<uint32_t>(va.next_int());
        bool w = (conv == 'C') != (wide || wide_fmt) ? !narrow : false;
        std::string s = w ? utf16_to_utf8(std::u16string(1, static_cast<char16_t>(ch))) : std::string(1, static_cast<char>(ch));
        std::snprintf(buf, sizeof buf, spec("", 's').c_str(), s.c_str());
        out += buf;
        break;
      }
      case 's': case 'S': {
        uint64_t a = va.next_int();
        if (va.slot_bytes == 4) a &= 0xffffffffu;
        bool w = narrow ? false : wide ? true : (conv == 'S') != wide_fmt;
        std::string s;
        if (!a) {
          s = "(null)";
        } else if (w) {
          const char16_t* ws = reinterpret_cast<const char16_t*>(a);
          size_t n = 0;
          while (ws[n] && (prec < 0 || n < static_cast<size_t>(prec))) ++n;
          s = utf16_to_utf8(ws, n);
        } else {
          const char* ns = reinterpret_cast<const char*>(a);
          s.assign(ns, prec < 0 ? std::strlen(ns) : ::strnlen(ns, static_cast<size_t>(prec)));
        }
        std::string sp = "%" + flags + (width >= 0 ? std::to_string(width) : "") + "s";
        std::vector<char> big(s.size() + static_cast<size_t>(std::max(width, 0)) + 1);
        std::snprintf(big.data(), big.size(), sp.c_str(), s.c_str());
        out += big.data();
        break;
      }
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A': {
        double v = va.next_double();
        if (!legacy && (std::isinf(v) || std::isnan(v))) {
          bool upper = std::isupper(static_cast<unsigned char>(conv));
          std::string s = std::isinf(v) ? "inf" : std::signbit(v) ? "nan(ind)" : "nan";
          if (upper) for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
          s = std::string(std::signbit(v) ? "-" : flags.find('+') != std::string::npos ? "+" : "") + s;
          std::string sp = "%" + std::string(flags.find('-') != std::string::npos ? "-" : "") + (width >= 0 ? std::to_string(width) : "") + "s";
          std::snprintf(buf, sizeof buf, sp.c_str(), s.c_str());
          out += buf;
          break;
        }
        if (std::isinf(v) || std::isnan(v)) {
          // msvcrt prints these as if "1.#INF", "1.#IND" (negative NaN) or "1.#QNAN" were the
          // digits: the fraction is cut to the precision and rounded on the next character
          // ("%.3f" of 1.#IND is 1.#IO), %e adds a zero exponent, %g drops trailing zeros.
          std::string frac = std::isinf(v) ? "#INF" : std::signbit(v) ? "#IND" : "#QNAN";
          int digits = prec < 0 ? 6 : prec;
          bool g = conv == 'g' || conv == 'G';
          if (g) digits = std::max(digits, 1) - 1;
          frac.resize(std::max<size_t>(frac.size(), static_cast<size_t>(digits) + 1), '0');
          char next = frac[static_cast<size_t>(digits)];
          frac.resize(static_cast<size_t>(digits));
          if (digits > 0 && next >= '5') ++frac.back();
          if (g) while (!frac.empty() && frac.back() == '0') frac.pop_back();
          std::string s = std::string(std::signbit(v) ? "-" : flags.find('+') != std::string::npos ? "+" : "") + "1";
          if (!frac.empty() || flags.find('#') != std::string::npos) s += "." + frac;
          if (conv == 'e' || conv == 'E') s += conv == 'e' ? "e+000" : "E+000";
          std::string sp = "%" + std::string(flags.find('-') != std::string::npos ? "-" : "") + (width >= 0 ? std::to_string(width) : "") + "s";
          std::snprintf(buf, sizeof buf, sp.c_str(), s.c_str());
          out += buf;
          break;
        }
        std::snprintf(buf, sizeof buf, spec("", conv).c_str(), v);
        std::string s = buf;
        if (legacy && (conv == 'e' || conv == 'E' || conv == 'g' || conv == 'G')) {
          // msvcrt writes three exponent digits (1.5e+000).
          size_t e = s.find_first_of("eE");
          if (e != std::string::npos && e + 3 < s.size() + 1 && (s[e + 1] == '+' || s[e + 1] == '-')) {
            size_t digits_start = e + 2, digits_end = digits_start;
            while (digits_end < s.size() && std::isdigit(static_cast<unsigned char>(s[digits_end]))) ++digits_end;
            if (digits_end - digits_start == 2) {
              s.insert(digits_start, "0");
              // Keep the field width: take the padding back.
              if (width > 0 && static_cast<int>(s.size()) > width) {
                if (s[0] == ' ') s.erase(0, 1);
                else if (flags.find('-') != std::string::npos && s.back() == ' ') s.pop_back();
              }
            }
          }
        }
        out += s;
        break;
      }
      case 'n':
        va.next_int();  // %n is disabled in Microsoft's CRT: nothing is written
        break;
      case '%':
        out += '%';
        break;
      default:
        out.append(start, static_cast<size_t>(c - start + 1));
        break;
    }
  }
  return out;
}

int32_t write_formatted(WindowsProcess& p, Ptr f, const std::string& s) {
  LockedStream st = stream(p, f);
  if (!st) return -1;
  stream_write(p, *st, s.data(), s.size());
  return st->error ? -1 : static_cast<int32_t>(s.size());
}

VarArgs va_list_at(WindowsProcess& p, Ptr va) { return VarArgs{nullptr, 0, va.addr, p.isa->ptr}; }

int32_t printf_(WindowsProcess& p, CStr fmt, VarArgs va) {
  return write_formatted(p, Ptr(iob(p) + file_size(p)), format(p, fmt.c_str(), va, false));
}
int32_t fprintf_(WindowsProcess& p, Ptr f, CStr fmt, VarArgs va) { return write_formatted(p, f, format(p, fmt.c_str(), va, false)); }
int32_t vprintf_(WindowsProcess& p, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return write_formatted(p, Ptr(iob(p) + file_size(p)), format(p, fmt.c_str(), v, false));
}
int32_t vfprintf_(WindowsProcess& p, Ptr f, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return write_formatted(p, f, format(p, fmt.c_str(), v, false));
}

// The Universal CRT's printf options (msvcrt.dll's functions each follow one fixed set).
constexpr uint64_t kPrintfLegacyNullTermination = 1, kPrintfStandardSnprintf = 2, kPrintfLegacyWide = 4,
                   kPrintfLegacyMsvcrt = 8, kPrintfThreeDigitExponents = 16;

// Formatted output stored in a buffer of `count` characters by the rule `options` asks for: C99's
// snprintf (as much as fits and a NUL; the full length); _snprintf's, legacy NUL termination (a
// NUL only where there is room; the length if it fits without the NUL, else -1); otherwise -1
// when it does not fit with its NUL, the buffer holding as much as fits and a NUL. A null buffer
// only measures.
template <typename C>
int32_t store_output(const std::basic_string<C>& s, C* buf, uint64_t count, uint64_t options) {
  const auto len = static_cast<int32_t>(s.size());
  if (!buf) return len;
  if (options & kPrintfStandardSnprintf) {
    if (count) {
      const size_t k = std::min<uint64_t>(s.size(), count - 1);
      std::copy_n(s.data(), k, buf);
      buf[k] = 0;
    }
    return len;
  }
  if (options & kPrintfLegacyNullTermination) {
    std::copy_n(s.data(), std::min<uint64_t>(s.size(), count), buf);
    if (s.size() < count) buf[s.size()] = 0;
    return s.size() <= count ? len : -1;
  }
  if (s.size() >= count) {
    if (count) {
      std::copy_n(s.data(), count - 1, buf);
      buf[count - 1] = 0;
    }
    return -1;
  }
  std::copy_n(s.data(), s.size() + 1, buf);
  return len;
}

// The _s forms' rule (sprintf_s, _snprintf_s and the wide ones): at most `max_count` characters
// (with `truncate`, _TRUNCATE: as many as fit) in a buffer of `count`, always with a NUL. The
// length; -1 when the output was cut at max_count or, with _TRUNCATE, at the buffer's end; -1 with
// errno ERANGE and an empty buffer when it does not fit otherwise, and EINVAL without a buffer
// (where Windows also calls the invalid-parameter handler).
template <typename C>
int32_t store_output_s(WindowsProcess& p, const std::basic_string<C>& s, C* buf, uint64_t count, uint64_t max_count,
                       bool truncate) {
  if (!buf || count == 0) {
    if (!buf && count == 0 && max_count == 0) return 0;
    *guest_errno(p) = EINVAL;
    return -1;
  }
  const uint64_t most = truncate ? count - 1 : std::min(max_count, count - 1);
  if (s.size() <= most) {
    std::copy_n(s.data(), s.size() + 1, buf);
    return static_cast<int32_t>(s.size());
  }
  if (truncate || max_count < count) {
    std::copy_n(s.data(), most, buf);
    buf[most] = 0;
    return -1;
  }
  buf[0] = 0;
  *guest_errno(p) = ERANGE;
  return -1;
}

// _TRUNCATE, (size_t)-1 as the program passes it.
uint64_t truncate_count(WindowsProcess& p) { return p.isa->ptr == 4 ? 0xffffffffull : ~0ull; }

// Output of a wide format, as UTF-16: `wide_strings`, %s and %c take wide characters.
std::u16string wide_output(WindowsProcess& p, WStr fmt, VarArgs& va, bool wide_strings, bool legacy) {
  return utf8_to_utf16(format(p, utf16_to_utf8(fmt.str()).c_str(), va, wide_strings, legacy));
}

int32_t sprintf_(WindowsProcess& p, Ptr buf, CStr fmt, VarArgs va) {
  std::string s = format(p, fmt.c_str(), va, false);
  std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
  return static_cast<int32_t>(s.size());
}
int32_t vsprintf_(WindowsProcess& p, Ptr buf, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  std::string s = format(p, fmt.c_str(), v, false);
  std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
  return static_cast<int32_t>(s.size());
}
// _snprintf: -1 when the output does not fit (and no NUL then).
int32_t _snprintf_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, VarArgs va) {
  return store_output(format(p, fmt.c_str(), va, false), buf.as<char>(), n, kPrintfLegacyNullTermination);
}
int32_t _vsnprintf_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output(format(p, fmt.c_str(), v, false), buf.as<char>(), n, kPrintfLegacyNullTermination);
}
// The _s forms: sprintf_s(buf, size, fmt, ...), _snprintf_s(buf, size, count, fmt, ...).
int32_t sprintf_s_(WindowsProcess& p, Ptr buf, USize size, CStr fmt, VarArgs va) {
  return store_output_s(p, format(p, fmt.c_str(), va, false), buf.as<char>(), size, ~0ull, false);
}
int32_t vsprintf_s_(WindowsProcess& p, Ptr buf, USize size, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, format(p, fmt.c_str(), v, false), buf.as<char>(), size, ~0ull, false);
}
int32_t _snprintf_s_(WindowsProcess& p, Ptr buf, USize size, USize count, CStr fmt, VarArgs va) {
  return store_output_s(p, format(p, fmt.c_str(), va, false), buf.as<char>(), size, count, count == truncate_count(p));
}
int32_t _vsnprintf_s_(WindowsProcess& p, Ptr buf, USize size, USize count, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, format(p, fmt.c_str(), v, false), buf.as<char>(), size, count, count == truncate_count(p));
}
// The wide ones (%s takes a wide string, as in every wide function of msvcrt.dll).
int32_t swprintf_s_(WindowsProcess& p, Ptr buf, USize size, WStr fmt, VarArgs va) {
  return store_output_s(p, wide_output(p, fmt, va, true, true), buf.as<char16_t>(), size, ~0ull, false);
}
int32_t vswprintf_s_(WindowsProcess& p, Ptr buf, USize size, WStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, wide_output(p, fmt, v, true, true), buf.as<char16_t>(), size, ~0ull, false);
}
int32_t _snwprintf_s_(WindowsProcess& p, Ptr buf, USize size, USize count, WStr fmt, VarArgs va) {
  return store_output_s(p, wide_output(p, fmt, va, true, true), buf.as<char16_t>(), size, count, count == truncate_count(p));
}
int32_t _vsnwprintf_s_(WindowsProcess& p, Ptr buf, USize size, USize count, WStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, wide_output(p, fmt, v, true, true), buf.as<char16_t>(), size, count, count == truncate_count(p));
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
  p.streams[f] = s;
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
  p.streams.erase(f.addr);
  if (f.addr < p.iob || f.addr >= p.iob + file_size(p) * kIobEntries) p.heap.free(f.addr);
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
  for (const auto& [addr, s] : p.streams)
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

// ---- files and directories by name ----

int32_t errno_result(WindowsProcess& p, int r) {
  if (r != 0) host_failure(p, errno);
  return r == 0 ? 0 : -1;
}
int32_t remove_(WindowsProcess& p, CStr name) { return errno_result(p, unlink_file(p, windows_to_host_path(name.str()))); }
int32_t rename_(WindowsProcess& p, CStr from, CStr to) {
  std::string f = windows_to_host_path(from.str()), t = windows_to_host_path(to.str());
  // Unlike POSIX rename, the C runtime's refuses to replace an existing file.
  if (::access(t.c_str(), F_OK) == 0) {
    *guest_errno(p) = EEXIST;
    return -1;
  }
  return errno_result(p, ::rename(f.c_str(), t.c_str()));
}
int32_t _mkdir_(WindowsProcess& p, CStr name) { return errno_result(p, ::mkdir(windows_to_host_path(name.str()).c_str(), 0777)); }
int32_t _rmdir_(WindowsProcess& p, CStr name) { return errno_result(p, ::rmdir(windows_to_host_path(name.str()).c_str())); }
int32_t _chdir_(WindowsProcess& p, CStr name) { return errno_result(p, ::chdir(windows_to_host_path(name.str()).c_str())); }
int32_t _access_(WindowsProcess& p, CStr name, int32_t mode) {
  return errno_result(p, ::access(windows_to_host_path(name.str()).c_str(), mode & 6));
}
Ptr _getcwd_(WindowsProcess& p, Ptr buf, int32_t size) {
  char cwd[4096];
  if (!::getcwd(cwd, sizeof cwd)) return Ptr(0);
  std::string w = host_to_windows_path(cwd);
  if (!buf) {
    buf = Ptr(p.heap.alloc(std::max<size_t>(w.size() + 1, static_cast<size_t>(std::max(size, 0)))));
  } else if (w.size() + 1 > static_cast<size_t>(size)) {
    *guest_errno(p) = ERANGE;
    return Ptr(0);
  }
  std::memcpy(buf.as<char>(), w.c_str(), w.size() + 1);
  return buf;
}

// ---- low-level I/O on descriptors (text mode turns \n into \r\n on the way out) ----

int32_t _write_(WindowsProcess& p, int32_t fd, Ptr buf, uint32_t n) {
  std::string out;
  const char* data = buf.as<const char>();
  size_t len = n;
  if (!p.fd_binary[fd]) {
    for (uint32_t i = 0; i < n; ++i) {
      if (data[i] == '\n') out += '\r';
      out += data[i];
    }
    data = out.data();
    len = out.size();
  }
  if (::isatty(fd) && console_write_fd(p, fd, data, len)) return static_cast<int32_t>(n);  // the console's screen
  size_t done = 0;
  while (done < len) {
    ssize_t w = synchronous_io(p, [&] { return ::write(fd, data + done, len - done); });
    if (w < 0) {
      if (errno == EINTR) continue;
      host_failure(p, errno);
      return -1;
    }
    done += static_cast<size_t>(w);
  }
  return static_cast<int32_t>(n);
}

int32_t _read_(WindowsProcess& p, int32_t fd, Ptr buf, uint32_t n) {
  ssize_t r;
  if (auto from_console = ::isatty(fd) ? console_read_fd(p, fd, buf.as<char>(), n) : std::nullopt) {
    r = *from_console;
  } else {
    do r = synchronous_io(p, [&] { return ::read(fd, buf.as<char>(), n); });
    while (r < 0 && errno == EINTR);
  }
  if (r < 0) {
    host_failure(p, errno);
    return -1;
  }
  if (p.fd_binary[fd]) return static_cast<int32_t>(r);
  // Text mode: \r\n reads as \n.
  char* d = buf.as<char>();
  ssize_t j = 0;
  for (ssize_t i = 0; i < r; ++i)
    if (!(d[i] == '\r' && i + 1 < r && d[i + 1] == '\n')) d[j++] = d[i];
  return static_cast<int32_t>(j);
}

int32_t _close_(WindowsProcess& p, int32_t fd) {
  if (::close(fd) != 0) {
    host_failure(p, errno);
    return -1;
  }
  crt_descriptor_closed(p, fd);
  return 0;
}

int64_t _lseeki64_(WindowsProcess& p, int32_t fd, int64_t off, int32_t whence) {
  off_t r = ::lseek(fd, off, whence);
  if (r < 0) host_failure(p, errno);
  return r;
}

int64_t _filelengthi64_(WindowsProcess& p, int32_t fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    host_failure(p, errno);
    return -1;
  }
  return st.st_size;
}
int32_t _filelength_(WindowsProcess& p, int32_t fd) { return static_cast<int32_t>(_filelengthi64_(p, fd)); }

// struct _stat64: dev, ino(16), mode(16), nlink(16), uid(16), gid(16), rdev, size, atime, mtime, ctime.

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

// ---- locale ("C") ----

Ptr setlocale_(WindowsProcess& p, int32_t, CStr name) {
  // Only the "C" locale exists here: asking for it (or querying) succeeds, anything else fails.
  if (name.addr && name.str() != "C" && !name.str().empty()) return Ptr(0);
  uint64_t& slot = data_slot(p, "locale-name", 2);
  put<char>(slot, 'C');
  return Ptr(slot);
}
int32_t strcoll_(WindowsProcess&, CStr a, CStr b) { return std::strcmp(a.c_str(), b.c_str()); }
USize strxfrm_(WindowsProcess&, Ptr dst, CStr src, USize n) {
  size_t len = std::strlen(src.c_str());
  if (len < n) std::memcpy(dst.as<char>(), src.c_str(), len + 1);
  return len;
}
int32_t wcscoll_(WindowsProcess&, WStr a, WStr b) { return a.str().compare(b.str()) < 0 ? -1 : a.str() == b.str() ? 0 : 1; }
USize wcsxfrm_(WindowsProcess&, Ptr dst, WStr src, USize n) {
  std::u16string s = src.str();
  if (s.size() < n) std::memcpy(dst.as<char16_t>(), s.c_str(), (s.size() + 1) * 2);
  return s.size();
}
int32_t towlower_(WindowsProcess&, int32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
int32_t towupper_(WindowsProcess&, int32_t c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
// iswctype masks: _UPPER 1, _LOWER 2, _DIGIT 4, _SPACE 8, _PUNCT 0x10, _CONTROL 0x20, _BLANK 0x40,
// _HEX 0x80, _ALPHA 0x100 (with _UPPER|_LOWER).
int32_t iswctype_(WindowsProcess&, int32_t c, int32_t mask) {
  if (c < 0 || c > 0x7f) return 0;
  int32_t t = 0;
  if (std::isupper(c)) t |= 0x1 | 0x100;
  if (std::islower(c)) t |= 0x2 | 0x100;
  if (std::isdigit(c)) t |= 0x4;
  if (std::isspace(c)) t |= 0x8;
  if (std::ispunct(c)) t |= 0x10;
  if (std::iscntrl(c)) t |= 0x20;
  if (c == ' ' || c == '\t') t |= 0x40;
  if (std::isxdigit(c)) t |= 0x80;
  return t & mask;
}

// struct tm is nine ints on every Windows ISA, as on Linux: host strftime in the C locale.
USize strftime_(WindowsProcess&, Ptr buf, USize size, CStr fmt, Ptr tm) {
  struct tm t {};
  std::memcpy(&t, tm.as<void>(), 9 * sizeof(int));
  return std::strftime(buf.as<char>(), size, fmt.c_str(), &t);
}
USize wcsftime_(WindowsProcess&, Ptr buf, USize size, WStr fmt, Ptr tm) {
  struct tm t {};
  std::memcpy(&t, tm.as<void>(), 9 * sizeof(int));
  char out[1024];
  size_t n = std::strftime(out, sizeof out, utf16_to_utf8(fmt.str()).c_str(), &t);
  std::u16string w = utf8_to_utf16(std::string(out, n));
  if (w.size() + 1 > size) return 0;
  std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  return w.size();
}

Ptr __iob_func_(WindowsProcess& p) { return Ptr(iob(p)); }
uint64_t iob_data(WindowsProcess& p) { return iob(p); }

// ---- startup ----

uint64_t guest_strings_array(WindowsProcess& p, const std::vector<std::string>& v) {
  const unsigned ptr = p.isa->ptr;
  uint64_t arr = p.alloc_data((v.size() + 1) * ptr);
  for (size_t i = 0; i < v.size(); ++i) {
    uint64_t s = p.alloc_data(v[i].size() + 1);
    std::memcpy(reinterpret_cast<void*>(s), v[i].c_str(), v[i].size() + 1);
    std::memcpy(reinterpret_cast<void*>(arr + i * ptr), &s, ptr);
  }
  return arr;
}

uint64_t guest_wstrings_array(WindowsProcess& p, const std::vector<std::string>& v) {
  const unsigned ptr = p.isa->ptr;
  uint64_t arr = p.alloc_data((v.size() + 1) * ptr);
  for (size_t i = 0; i < v.size(); ++i) {
    std::u16string w = utf8_to_utf16(v[i]);
    uint64_t s = p.alloc_data((w.size() + 1) * 2);
    std::memcpy(reinterpret_cast<void*>(s), w.c_str(), (w.size() + 1) * 2);
    std::memcpy(reinterpret_cast<void*>(arr + i * ptr), &s, ptr);
  }
  return arr;
}


uint64_t argc_data(WindowsProcess& p) { return data_slot(p, "__argc"); }
uint64_t argv_data(WindowsProcess& p) { return data_slot(p, "__argv"); }
uint64_t wargv_data(WindowsProcess& p) { return data_slot(p, "__wargv"); }
uint64_t initenv_data(WindowsProcess& p) { return data_slot(p, "__initenv"); }
uint64_t winitenv_data(WindowsProcess& p) { return data_slot(p, "__winitenv"); }
uint64_t environ_data(WindowsProcess& p) { return data_slot(p, "_environ"); }
uint64_t fmode_data(WindowsProcess& p) { return data_slot(p, "_fmode"); }
uint64_t commode_data(WindowsProcess& p) { return data_slot(p, "_commode"); }
uint64_t acmdln_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_acmdln");
  p.put_ptr(slot, p.cmdline_a);
  return slot;
}
uint64_t wcmdln_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_wcmdln");
  p.put_ptr(slot, p.cmdline_w);
  return slot;
}

// __getmainargs / __wgetmainargs: the command line split by the C runtime's rules, and the
// environment, as narrow or UTF-16 string arrays.
int32_t main_args(WindowsProcess& p, Ptr argc, Ptr argv, Ptr env, bool wide) {
  std::vector<std::string> args = split_command_line(p.command_line);
  uint64_t av = wide ? guest_wstrings_array(p, args) : guest_strings_array(p, args);
  uint64_t ev = wide ? guest_wstrings_array(p, p.env) : guest_strings_array(p, p.env);
  put<int32_t>(argc.addr, static_cast<int32_t>(args.size()));
  p.put_ptr(argv.addr, av);
  p.put_ptr(env.addr, ev);
  put<int32_t>(argc_data(p), static_cast<int32_t>(args.size()));
  p.put_ptr(wide ? wargv_data(p) : argv_data(p), av);
  p.put_ptr(wide ? winitenv_data(p) : initenv_data(p), ev);
  if (!wide) p.put_ptr(environ_data(p), ev);
  return 0;
}

int32_t __getmainargs_(WindowsProcess& p, Ptr argc, Ptr argv, Ptr env, int32_t, Ptr) {
  return main_args(p, argc, argv, env, false);
}
int32_t __wgetmainargs_(WindowsProcess& p, Ptr argc, Ptr argv, Ptr env, int32_t, Ptr) {
  return main_args(p, argc, argv, env, true);
}

Ptr __p___argc_(WindowsProcess& p) { return Ptr(argc_data(p)); }
Ptr __p___argv_(WindowsProcess& p) { return Ptr(argv_data(p)); }
Ptr __p___initenv_(WindowsProcess& p) { return Ptr(initenv_data(p)); }
Ptr __p___winitenv_(WindowsProcess& p) { return Ptr(winitenv_data(p)); }
Ptr __p___wargv_(WindowsProcess& p) { return Ptr(wargv_data(p)); }
Ptr __p__environ_(WindowsProcess& p) { return Ptr(environ_data(p)); }
Ptr __p__fmode_(WindowsProcess& p) { return Ptr(fmode_data(p)); }
Ptr __p__commode_(WindowsProcess& p) { return Ptr(commode_data(p)); }
int32_t _set_fmode_(WindowsProcess& p, int32_t mode) {
  if (mode != 0x4000 && mode != 0x8000) {  // _O_TEXT, _O_BINARY
    *guest_errno(p) = EINVAL;
    return EINVAL;
  }
  put<int32_t>(fmode_data(p), mode);
  return 0;
}
// Where the runtime's error messages go: default, stderr, a message box (none here: the mode is
// kept); _REPORT_ERRMODE (3) asks for the mode without changing it.
int32_t _set_error_mode_(WindowsProcess& p, int32_t mode) {
  const int32_t old = p.crt_error_mode;
  if (mode == 3) return old;
  if (mode < 0 || mode > 2) {
    *guest_errno(p) = EINVAL;
    return -1;
  }
  p.crt_error_mode = mode;
  return old;
}
int32_t _get_fmode_(WindowsProcess& p, Ptr out) {
  if (!out) return EINVAL;
  put<int32_t>(out.addr, get<int32_t>(fmode_data(p)));
  return 0;
}
Ptr __p__acmdln_(WindowsProcess& p) { return Ptr(acmdln_data(p)); }
Ptr __p__wcmdln_(WindowsProcess& p) { return Ptr(wcmdln_data(p)); }

void __set_app_type_(WindowsProcess&, int32_t) {}
// __lconv_init: the C runtime's start-up of the "C" locale's conventions, which localeconv()
// builds on demand here.
int32_t __lconv_init_(WindowsProcess&) { return 0; }
// _configthreadlocale: per-thread locales are off (_DISABLE_PER_THREAD_LOCALE, 2) until asked for;
// with one locale for the program either setting behaves the same. -1 only asks.
int32_t _configthreadlocale_(WindowsProcess& p, int32_t type) {
  int32_t old = p.per_thread_locale ? 1 : 2;
  if (type == 1) p.per_thread_locale = true;
  else if (type == 2) p.per_thread_locale = false;
  else if (type != 0 && type != -1) return -1;
  return old;
}
void __setusermatherr_(WindowsProcess&, Ptr) {}
// Programs start in the "C" locale: code page 0, one byte per character.
int32_t ___lc_codepage_func_(WindowsProcess&) { return 0; }
int32_t ___mb_cur_max_func_(WindowsProcess&) { return 1; }
uint64_t mb_cur_max_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "__mb_cur_max", 4);
  put<int32_t>(slot, 1);
  return slot;
}
void _lock_(WindowsProcess& p, int32_t n) { enter_critical_section(p, crt_lock(p, n)); }
void _unlock_(WindowsProcess& p, int32_t n) { leave_critical_section(p, crt_lock(p, n)); }

// Calls each non-null function pointer in [begin, end).
void _initterm_(WindowsProcess& p, Ptr begin, Ptr end) {
  const unsigned ptr = p.isa->ptr;
  for (uint64_t a = begin.addr; a < end.addr && !p.exited; a += ptr) {
    uint64_t fn = 0;
    std::memcpy(&fn, reinterpret_cast<const void*>(a), ptr);
    if (fn) p.call_guest(fn, {});
  }
}

int32_t _initterm_e_(WindowsProcess& p, Ptr begin, Ptr end) {
  const unsigned ptr = p.isa->ptr;
  for (uint64_t a = begin.addr; a < end.addr && !p.exited; a += ptr) {
    uint64_t fn = 0;
    std::memcpy(&fn, reinterpret_cast<const void*>(a), ptr);
    if (fn) {
      int32_t r = static_cast<int32_t>(p.call_guest(fn, {}));
      if (r) return r;
    }
  }
  return 0;
}

Ptr _onexit_(WindowsProcess& p, Ptr fn) {
  p.onexit.push_back(fn.addr);
  return fn;
}
int32_t atexit_(WindowsProcess& p, Ptr fn) {
  p.onexit.push_back(fn.addr);
  return 0;
}

// ---- the Universal CRT's tables of exit functions (a DLL's own atexit table, the onexit tables
// of vcruntime's start-up code) ----

// _onexit_table_t: first, last and end of a heap block of function pointers, registered in order
// (kept plain here: Windows keeps them encoded, which only the C runtime reads).
struct OnexitTable {
  WindowsProcess& p;
  uint64_t at;
  uint64_t get(int i) const { return p.get_ptr(at + i * p.isa->ptr); }
  void set(uint64_t first, uint64_t last, uint64_t end) const {
    p.put_ptr(at, first);
    p.put_ptr(at + p.isa->ptr, last);
    p.put_ptr(at + 2 * p.isa->ptr, end);
  }
};

// An empty table; one already in use (first != end) is left as it is.
int32_t _initialize_onexit_table_(WindowsProcess& p, Ptr table) {
  if (!table) return -1;
  OnexitTable t{p, table.addr};
  if (t.get(0) == t.get(2)) t.set(0, 0, 0);
  return 0;
}

// Appends a function, growing the block as the Universal CRT does (by its size, at most 512
// entries at a time, 32 at first); -1 when memory runs out.
int32_t _register_onexit_function_(WindowsProcess& p, Ptr table, Ptr fn) {
  if (!table) return -1;
  OnexitTable t{p, table.addr};
  const unsigned w = p.isa->ptr;
  uint64_t first = t.get(0), last = t.get(1), end = t.get(2);
  if (last == end) {
    const uint64_t count = first ? (end - first) / w : 0, more = std::min<uint64_t>(count ? count : 32, 512);
    const uint64_t block = p.heap.realloc(first, (count + more) * w);
    if (!block) return -1;
    last = block + (last - first);
    first = block;
    end = block + (count + more) * w;
  }
  p.put_ptr(last, fn.addr);
  t.set(first, last + w, end);
  return 0;
}

// Calls the functions newest first, each once; one that registers more starts the walk again
// from the table's new end (those called are cleared). The table is empty after, its block freed.
int32_t _execute_onexit_table_(WindowsProcess& p, Ptr table) {
  if (!table) return -1;
  OnexitTable t{p, table.addr};
  const unsigned w = p.isa->ptr;
  const uint64_t none = p.isa->ptr == 4 ? 0xffffffffull : ~0ull;  // the start-up code's "not in use"
  uint64_t first = t.get(0), last = t.get(1);
  if (!first || first == none) return 0;
  uint64_t walk = last;
  while (!p.exited) {
    while (walk > first && !p.get_ptr(walk - w)) walk -= w;
    if (walk <= first) break;
    walk -= w;
    const uint64_t fn = p.get_ptr(walk);
    p.put_ptr(walk, 0);
    p.call_guest(fn, {});
    if (t.get(0) != first || t.get(1) != last) {  // it registered more: from the new end
      first = t.get(0);
      walk = last = t.get(1);
    }
  }
  p.heap.free(first);
  t.set(0, 0, 0);
  return 0;
}

// The destructor of the program's thread_local objects for the thread that calls exit (a TLS
// callback, called with DLL_PROCESS_DETACH): set once, run before the atexit functions.
void _register_thread_local_exe_atexit_callback_(WindowsProcess& p, Ptr callback) {
  uint64_t& slot = p.data["tls-exit-callback"];
  if (slot) {  // a second one is a fatal error of the program's
    msvcrt_terminate(p);
    return;
  }
  slot = callback.addr;
}
void run_tls_exit_callback(WindowsProcess& p) {
  uint64_t& slot = p.data["tls-exit-callback"];
  const uint64_t callback = std::exchange(slot, ~0ull);  // once (and not set again)
  if (callback && callback != ~0ull) p.call_guest(callback, {0, 0 /* DLL_PROCESS_DETACH */, 0});
}

// Every stream's buffered output. At the process's end (`ending`) a stream another thread is
// blocked on is left as it is, where fflush(NULL) waits for it.
void flush_all(WindowsProcess& p, bool ending) {
  std::vector<uint64_t> addrs;
  for (const auto& [addr, s] : p.streams) addrs.push_back(addr);
  for (uint64_t addr : addrs) {
    auto it = p.streams.find(addr);
    if (it == p.streams.end() || (ending && it->second.busy)) continue;
    if (ending) {
      flush(p, it->second);  // whoever holds a stream's lock now is parked for good
    } else if (LockedStream s = stream(p, addr)) {
      flush(p, *s);
    }
  }
}

// exit: the atexit functions run after this returns to the host (see core/windows_guest.cpp).
void exit_(WindowsProcess& p, int32_t code) {
  run_tls_exit_callback(p);
  if (p.exited) return;  // the callback ended the process
  flush_all(p);
  note_orderly_exit(p);  // exit ends in ExitProcess: DLLs get DLL_PROCESS_DETACH
  p.terminate(code);
}
void _exit_(WindowsProcess& p, int32_t code) {
  flush_all(p);
  p.onexit.clear();
  note_orderly_exit(p);
  p.terminate(code);
}
// ---- threads: the C runtime's wrappers of CreateThread and ExitThread ----

// _beginthreadex: the thread's handle, closed by the program (CloseHandle); 0 and errno on failure.
Ptr _beginthreadex_(WindowsProcess& p, Ptr, uint32_t stack_size, Ptr start, Ptr arg, uint32_t flags, Ptr id) {
  if (!start) {
    *guest_errno(p) = EINVAL;
    return Ptr(0);
  }
  uint32_t tid = 0;
  uint64_t h = create_thread(p, start.addr, arg.addr, stack_size, flags & 4 /* CREATE_SUSPENDED */, &tid);
  if (!h) *guest_errno(p) = EAGAIN;
  else if (id) put<uint32_t>(id.addr, tid);
  return Ptr(h);
}
// _beginthread: a cdecl start routine; the handle closes itself when the thread ends. -1 on failure.
Ptr _beginthread_(WindowsProcess& p, Ptr start, uint32_t stack_size, Ptr arg) {
  if (!start) {
    *guest_errno(p) = EINVAL;
    return Ptr(p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  }
  uint32_t tid = 0;
  uint64_t h = create_thread(p, start.addr, arg.addr, stack_size, false, &tid);
  if (!h) {
    *guest_errno(p) = EAGAIN;
    return Ptr(p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  }
  if (WindowsThread* t = find_thread(p, tid)) t->close_at_exit = h;
  return Ptr(h);
}
void _endthreadex_(WindowsProcess& p, uint32_t code) { exit_thread(p, code); }
void _endthread_(WindowsProcess& p) { exit_thread(p, 0); }

void _cexit_(WindowsProcess& p) {
  run_tls_exit_callback(p);
  flush_all(p);
}
// _c_exit: the C runtime's termination without the atexit functions, and without exiting.
void _c_exit_(WindowsProcess& p) { flush_all(p); }

// A DLL's own atexit table (*begin .. *end, a heap block of function pointers): append to it.
Ptr __dllonexit_(WindowsProcess& p, Ptr fn, Ptr begin, Ptr end) {
  const unsigned ptr = p.isa->ptr;
  uint64_t b = p.get_ptr(begin.addr), e = p.get_ptr(end.addr);
  uint64_t used = e >= b ? e - b : 0;
  uint64_t grown = p.heap.realloc(b, used + ptr);
  if (!grown) return Ptr(0);
  p.put_ptr(grown + used, fn.addr);
  p.put_ptr(begin.addr, grown);
  p.put_ptr(end.addr, grown + used + ptr);
  return fn;
}

void _purecall_(WindowsProcess& p) {
  flush_all(p);
  std::fputs("runtime error R6025\n- pure virtual function call\n", stderr);
  p.onexit.clear();
  p.terminate(255);
}
void _amsg_exit_(WindowsProcess& p, int32_t msg) {
  flush_all(p);
  std::fprintf(stderr, "runtime error R60%02d\n", msg);
  p.onexit.clear();
  p.terminate(255);
}
// ---- signals (the C runtime's own: raise() and abort() deliver them to signal() handlers) ----

constexpr int kSigAbrt = 22, kSigFpe = 8, kSigIll = 4, kSigInt = 2, kSigSegv = 11, kSigTerm = 15;
constexpr uint64_t kSigDfl = 0, kSigIgn = 1, kSigErr = ~0ull;

bool known_signal(int sig) {
  return sig == kSigAbrt || sig == kSigFpe || sig == kSigIll || sig == kSigInt || sig == kSigSegv ||
         sig == kSigTerm || sig == 21 /* SIGBREAK */ || sig == 6 /* SIGABRT_COMPAT */;
}

Ptr signal_(WindowsProcess& p, int32_t sig, Ptr handler) {
  if (!known_signal(sig)) {
    *guest_errno(p) = EINVAL;
    return Ptr(kSigErr);
  }
  if (sig == 6) sig = kSigAbrt;
  uint64_t old = p.signal_handlers[sig];
  p.signal_handlers[sig] = handler.addr;
  if (sig == kSigInt || sig == 21 /* SIGBREAK */) console_ctrl_changed(p);
  return Ptr(old);
}

// Runs a handler the program installed (reset to SIG_DFL first, as the C runtime does).
// Returns false when the signal takes its default action.
bool deliver(WindowsProcess& p, int sig) {
  uint64_t h = p.signal_handlers[sig];
  if (h == kSigIgn) return true;
  if (h == kSigDfl) return false;
  p.signal_handlers[sig] = kSigDfl;
  if (sig == kSigInt || sig == 21 /* SIGBREAK */) console_ctrl_changed(p);
  p.call_guest(h, {static_cast<uint64_t>(sig)});
  return true;
}

void abort_(WindowsProcess& p) {
  if (deliver(p, kSigAbrt) && p.exited) return;  // a handler that exits
  flush_all(p);
  std::fputs("\nThis application has requested the Runtime to terminate it in an unusual way.\n", stderr);
  p.onexit.clear();
  p.terminate(3);
}

// _assert and _wassert: "Assertion failed: EXPRESSION, file FILE, line N" on stderr, then
// abort() (a console program's report; Windows shows a message box instead where the error mode
// asks for one, which a console here has not got).
void assertion_failed(WindowsProcess& p, const std::string& expression, const std::string& file, uint32_t line) {
  std::string text = "Assertion failed: " + expression + ", file " + file + ", line " + std::to_string(line) + "\n";
  write_formatted(p, Ptr(iob(p) + 2 * file_size(p)), text);
  abort_(p);
}
void _assert_(WindowsProcess& p, CStr expression, CStr file, uint32_t line) {
  assertion_failed(p, expression.str(), file.str(), line);
}
void _wassert_(WindowsProcess& p, WStr expression, WStr file, uint32_t line) {
  assertion_failed(p, utf16_to_utf8(expression.str()), utf16_to_utf8(file.str()), line);
}

int32_t raise_(WindowsProcess& p, int32_t sig) {
  if (sig == 6) sig = kSigAbrt;
  if (!known_signal(sig)) return -1;
  if (deliver(p, sig)) return 0;
  // Default actions: SIGABRT ends with status 3, the others with the C runtime's exit code.
  flush_all(p);
  p.onexit.clear();
  p.terminate(sig == kSigAbrt ? 3 : sig == kSigInt ? static_cast<int>(0xc000013a) : 3);
  return 0;
}

// _XcptFilter: the filter of the C runtime's own __try around main. Hardware exceptions go to the
// signal() handler the program installed for them (SIGSEGV, SIGILL, SIGFPE); with none, the search
// goes on (EXCEPTION_CONTINUE_SEARCH, 0); after a handler, execution continues (-1).
int32_t _XcptFilter_(WindowsProcess& p, uint32_t code, Ptr pointers) {
  (void)pointers;
  int sig;
  switch (code) {
    case 0xc0000005u: sig = kSigSegv; break;  // STATUS_ACCESS_VIOLATION
    case 0xc000001du: case 0xc0000096u: sig = kSigIll; break;  // illegal / privileged instruction
    case 0xc000008du: case 0xc000008eu: case 0xc000008fu: case 0xc0000090u:
    case 0xc0000091u: case 0xc0000092u: case 0xc0000093u: case 0xc00002b4u: case 0xc00002b5u:
      sig = kSigFpe; break;  // floating-point exceptions
    default: return 0;
  }
  uint64_t h = p.signal_handlers[sig];
  if (h == kSigDfl) return 0;
  if (h == kSigIgn) return -1;
  p.signal_handlers[sig] = kSigDfl;
  p.call_guest(h, {static_cast<uint64_t>(sig)});
  return -1;
}

int32_t _isatty_(WindowsProcess&, int32_t fd) { return ::isatty(fd) ? 0x40 : 0; }  // FDEV

// type_info's destructor frees the undecorated name that type_info::name() may have cached.
void type_info_destructor(WindowsProcess& p, Ptr self) {
  uint64_t cached = p.get_ptr(self.addr + p.isa->ptr);
  if (cached && p.heap.owns(cached)) p.heap.free(cached);
}

Ptr _errno_(WindowsProcess& p) { return Ptr(reinterpret_cast<uint64_t>(guest_errno(p))); }
// _doserrno: the Windows error of the C runtime's last failed system call (host_failure).
Ptr __doserrno_(WindowsProcess& p) { return Ptr(reinterpret_cast<uint64_t>(guest_doserrno(p))); }
int32_t _get_doserrno_(WindowsProcess& p, Ptr out) {
  if (!out) return *guest_errno(p) = EINVAL;
  put<uint32_t>(out.addr, *guest_doserrno(p));
  return 0;
}
int32_t _set_doserrno_(WindowsProcess& p, uint32_t v) {
  *guest_doserrno(p) = v;
  return 0;
}
int32_t _get_errno_(WindowsProcess& p, Ptr out) {
  if (!out) return *guest_errno(p) = EINVAL;
  put<int32_t>(out.addr, *guest_errno(p));
  return 0;
}
int32_t _set_errno_(WindowsProcess& p, int32_t v) {
  *guest_errno(p) = v;
  return 0;
}

// ---- setjmp / longjmp: the caller's callee-saved registers, stack and return address ----

void setjmp_x64(WindowsProcess& p, abi::CallFrame& f, uint64_t buf, uint64_t frame) {
  namespace x86 = cpu::x86;
  auto& c = p.cpu();
  uint64_t v[11] = {frame, c.reg(x86::RBX), c.reg(x86::RSP) + 8, c.reg(x86::RBP), c.reg(x86::RSI), c.reg(x86::RDI),
                    c.reg(x86::R12), c.reg(x86::R13), c.reg(x86::R14), c.reg(x86::R15), f.return_address()};
  std::memcpy(guest_pointer(buf), v, sizeof v);
  put<uint32_t>(buf + 0x58, 0x1f80);  // MxCsr
  put<uint16_t>(buf + 0x5c, 0x27f);   // FpCsr
  for (int i = 0; i < 10; ++i) c.read_vector(x86::XMM6 + i, reinterpret_cast<uint8_t*>(guest_pointer(buf + 0x60 + 16 * i)));
}

void setjmp_i386(WindowsProcess& p, abi::CallFrame& f, uint64_t buf) {
  namespace x86 = cpu::x86;
  auto& c = p.cpu();
  uint32_t v[10] = {static_cast<uint32_t>(c.reg(x86::RBP)), static_cast<uint32_t>(c.reg(x86::RBX)),
                    static_cast<uint32_t>(c.reg(x86::RDI)), static_cast<uint32_t>(c.reg(x86::RSI)),
                    static_cast<uint32_t>(c.reg(x86::RSP) + 4), static_cast<uint32_t>(f.return_address()),
                    get<uint32_t>(p.teb()), 0xffffffffu, 0x56433230u /* "VC20" */, 0};
  std::memcpy(guest_pointer(buf), v, sizeof v);
}

// The frame is read here rather than through Arg<> because setjmp needs the caller's registers.
int32_t _setjmp_(WindowsProcess& p, Ptr buf, Ptr frame) {
  auto f = abi::make_frame(p.isa->crt_convention, p.cpu());
  if (p.isa->ptr == 8) setjmp_x64(p, *f, buf.addr, frame.addr);
  else setjmp_i386(p, *f, buf.addr);
  return 0;
}
int32_t _setjmp3_(WindowsProcess& p, Ptr buf, int32_t) { return _setjmp_(p, buf, Ptr(0)); }
// The Universal CRT's (api-ms-win-crt-private, vcruntime140), what its <setjmp.h> makes of setjmp:
// on x64 __intrinsic_setjmpex(buf, frame), the frame that longjmp unwinds to recorded as msvcrt's
// _setjmp records it; __intrinsic_setjmp(buf) records none (x64 and i386; i386 programs call
// _setjmp3 for setjmp).
int32_t __intrinsic_setjmp_(WindowsProcess& p, Ptr buf) { return _setjmp_(p, buf, Ptr(0)); }

void longjmp_(WindowsProcess& p, Ptr buf, int32_t value) {
  namespace x86 = cpu::x86;
  auto& c = p.cpu();
  uint64_t result = value ? static_cast<uint32_t>(value) : 1;
  if (p.isa->ptr == 8) {
    uint64_t v[11];
    std::memcpy(v, guest_pointer(buf.addr), sizeof v);
    const int regs[] = {x86::RBX, x86::RSP, x86::RBP, x86::RSI, x86::RDI, x86::R12, x86::R13, x86::R14, x86::R15};
    for (int i = 0; i < 9; ++i) c.set_reg(regs[i], v[1 + i]);
    for (int i = 0; i < 10; ++i) c.write_vector(x86::XMM6 + i, reinterpret_cast<const uint8_t*>(guest_pointer(buf.addr + 0x60 + 16 * i)));
    c.set_reg(x86::RAX, result);
    c.set_pc(v[10]);
  } else {
    uint32_t v[6];
    std::memcpy(v, guest_pointer(buf.addr), sizeof v);
    c.set_reg(x86::RBP, v[0]);
    c.set_reg(x86::RBX, v[1]);
    c.set_reg(x86::RDI, v[2]);
    c.set_reg(x86::RSI, v[3]);
    c.set_reg(x86::RSP, v[4]);
    c.set_reg(x86::RAX, result);
    c.set_pc(v[5]);
  }
}

// ---- character classes ("C" locale) ----

int32_t isalpha_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::isalpha(c) ? 0x103 & (std::isupper(c) ? 0x101 : 0x102) : 0; }
int32_t isupper_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::isupper(c) ? 1 : 0; }
int32_t islower_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::islower(c) ? 2 : 0; }
int32_t isdigit_(WindowsProcess&, int32_t c) { return c >= '0' && c <= '9' ? 4 : 0; }
int32_t isspace_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::isspace(c) ? 8 : 0; }
int32_t ispunct_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::ispunct(c) ? 0x10 : 0; }
int32_t iscntrl_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::iscntrl(c) ? 0x20 : 0; }
int32_t isxdigit_(WindowsProcess&, int32_t c) { return c >= 0 && c < 128 && std::isxdigit(c) ? 0x80 : 0; }
int32_t isalnum_(WindowsProcess& p, int32_t c) { return isalpha_(p, c) | isdigit_(p, c); }
int32_t isprint_(WindowsProcess&, int32_t c) { return c >= 0x20 && c < 0x7f ? 0x40 : 0; }
int32_t toupper_(WindowsProcess&, int32_t c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
int32_t tolower_(WindowsProcess&, int32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

// ---- wide output ----

int32_t write_wide(WindowsProcess& p, Ptr f, WStr fmt, VarArgs& va) {
  std::string narrow_fmt = utf16_to_utf8(fmt.str());
  return write_formatted(p, f, format(p, narrow_fmt.c_str(), va, true));
}
int32_t fwprintf_(WindowsProcess& p, Ptr f, WStr fmt, VarArgs va) { return write_wide(p, f, fmt, va); }
int32_t wprintf_(WindowsProcess& p, WStr fmt, VarArgs va) { return write_wide(p, Ptr(iob(p) + file_size(p)), fmt, va); }
int32_t vfwprintf_(WindowsProcess& p, Ptr f, WStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return write_wide(p, f, fmt, v);
}
int32_t fputwc_(WindowsProcess& p, int32_t c, Ptr f) {
  std::string s = utf16_to_utf8(std::u16string(1, static_cast<char16_t>(c)));
  LockedStream st = stream(p, f);
  if (!st) return 0xffff;
  stream_write(p, *st, s.data(), s.size());
  return st->error ? 0xffff : c;
}

// ---- broken-down time: struct tm is nine ints; one static result per thread, as in the CRT ----

uint64_t put_tm(WindowsProcess& p, const struct tm& t) {
  uint64_t& slot = data_slot(p, "tm-result", 9 * sizeof(int));
  int v[9] = {t.tm_sec, t.tm_min, t.tm_hour, t.tm_mday, t.tm_mon, t.tm_year, t.tm_wday, t.tm_yday, t.tm_isdst};
  std::memcpy(guest_pointer(slot), v, sizeof v);
  return slot;
}
Ptr broken_down(WindowsProcess& p, int64_t t, bool local) {
  if (t < 0) return Ptr(0);
  time_t tt = static_cast<time_t>(t);
  struct tm r;
  if (!(local ? ::localtime_r(&tt, &r) : ::gmtime_r(&tt, &r))) return Ptr(0);
  return Ptr(put_tm(p, r));
}
Ptr _gmtime64_(WindowsProcess& p, Ptr t) { return broken_down(p, get<int64_t>(t.addr), false); }
Ptr _localtime64_(WindowsProcess& p, Ptr t) { return broken_down(p, get<int64_t>(t.addr), true); }
Ptr _gmtime32_(WindowsProcess& p, Ptr t) { return broken_down(p, get<int32_t>(t.addr), false); }
Ptr _localtime32_(WindowsProcess& p, Ptr t) { return broken_down(p, get<int32_t>(t.addr), true); }
int64_t _mktime64_(WindowsProcess&, Ptr tm) {
  int v[9];
  std::memcpy(v, guest_pointer(tm.addr), sizeof v);
  struct tm t {};
  t.tm_sec = v[0], t.tm_min = v[1], t.tm_hour = v[2], t.tm_mday = v[3], t.tm_mon = v[4], t.tm_year = v[5];
  t.tm_isdst = v[8];
  time_t r = ::mktime(&t);
  int out[9] = {t.tm_sec, t.tm_min, t.tm_hour, t.tm_mday, t.tm_mon, t.tm_year, t.tm_wday, t.tm_yday, t.tm_isdst};
  std::memcpy(guest_pointer(tm.addr), out, sizeof out);
  return r;
}
int32_t _mktime32_(WindowsProcess& p, Ptr tm) { return static_cast<int32_t>(_mktime64_(p, tm)); }
// msvcrt.dll's unsuffixed names use time_t as wide as a pointer: 32 bits on i386, 64 on x64.
Ptr gmtime_(WindowsProcess& p, Ptr t) { return p.isa->ptr == 8 ? _gmtime64_(p, t) : _gmtime32_(p, t); }
Ptr localtime_(WindowsProcess& p, Ptr t) { return p.isa->ptr == 8 ? _localtime64_(p, t) : _localtime32_(p, t); }
int64_t mktime_(WindowsProcess& p, Ptr tm) { return p.isa->ptr == 8 ? _mktime64_(p, tm) : _mktime32_(p, tm); }

// asctime's text, "Wed Jan 02 02:03:55 1980\n" (the day of the month in two digits, as Microsoft's
// C runtime writes it), in the buffer asctime and ctime share; null and EINVAL for a field out of
// its range.
Ptr time_text(WindowsProcess& p, const int v[9]) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (v[0] < 0 || v[0] > 59 || v[1] < 0 || v[1] > 59 || v[2] < 0 || v[2] > 23 || v[3] < 1 || v[3] > 31 || v[4] < 0 ||
      v[4] > 11 || v[5] < 0 || v[5] > 8099 || v[6] < 0 || v[6] > 6) {
    *guest_errno(p) = EINVAL;
    return Ptr(0);
  }
  char text[32];
  std::snprintf(text, sizeof text, "%s %s %02d %02d:%02d:%02d %d\n", kDays[v[6]], kMonths[v[4]], v[3], v[2], v[1], v[0],
                v[5] + 1900);
  uint64_t& slot = data_slot(p, "asctime-buffer", 26);
  std::memcpy(guest_pointer(slot), text, 26);
  return Ptr(slot);
}
Ptr asctime_(WindowsProcess& p, Ptr tm) {
  int v[9];
  std::memcpy(v, guest_pointer(tm.addr), sizeof v);
  return time_text(p, v);
}
// ctime: asctime's text of the local time (leaving localtime's result alone); null and EINVAL for
// a time before 1970.
Ptr local_time_text(WindowsProcess& p, int64_t t) {
  time_t tt = static_cast<time_t>(t);
  struct tm r;
  if (t < 0 || !::localtime_r(&tt, &r)) {
    *guest_errno(p) = EINVAL;
    return Ptr(0);
  }
  int v[9] = {r.tm_sec, r.tm_min, r.tm_hour, r.tm_mday, r.tm_mon, r.tm_year, r.tm_wday, r.tm_yday, r.tm_isdst};
  return time_text(p, v);
}
Ptr _ctime64_(WindowsProcess& p, Ptr t) { return local_time_text(p, get<int64_t>(t.addr)); }
Ptr _ctime32_(WindowsProcess& p, Ptr t) { return local_time_text(p, get<int32_t>(t.addr)); }
Ptr ctime_(WindowsProcess& p, Ptr t) { return p.isa->ptr == 8 ? _ctime64_(p, t) : _ctime32_(p, t); }

// difftime: t1 - t0 in seconds; 0 and EINVAL for a negative time.
double time_difference(WindowsProcess& p, int64_t t1, int64_t t0) {
  if (t1 < 0 || t0 < 0) {
    *guest_errno(p) = EINVAL;
    return 0;
  }
  return static_cast<double>(t1 - t0);
}
double _difftime64_(WindowsProcess& p, int64_t t1, int64_t t0) { return time_difference(p, t1, t0); }
double _difftime32_(WindowsProcess& p, int32_t t1, int32_t t0) { return time_difference(p, t1, t0); }
// msvcrt.dll's difftime takes its pointer-wide time_t.
double difftime_(WindowsProcess& p, USize t1, USize t0) {
  if (p.isa->ptr == 4) return time_difference(p, static_cast<int32_t>(t1.v), static_cast<int32_t>(t0.v));
  return time_difference(p, static_cast<int64_t>(t1.v), static_cast<int64_t>(t0.v));
}

// _ftime: struct _timeb, __timeb32 or __timeb64: the time (32 or 64 bits), millitm (unsigned short,
// the milliseconds), timezone (short: minutes west of UTC, the C runtime's _timezone) and dstflag
// (short: daylight saving time in effect).
void put_timeb(uint64_t out, bool time64) {
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  ::tzset();
  time_t now = ts.tv_sec;
  struct tm local {};
  ::localtime_r(&now, &local);
  const uint64_t at = out + (time64 ? 8 : 4);
  if (time64) put<int64_t>(out, ts.tv_sec);
  else put<int32_t>(out, static_cast<int32_t>(ts.tv_sec));
  put<uint16_t>(at, static_cast<uint16_t>(ts.tv_nsec / 1000000));
  put<int16_t>(at + 2, static_cast<int16_t>(::timezone / 60));
  put<int16_t>(at + 4, local.tm_isdst > 0 ? 1 : 0);
}
int32_t ftime_s(WindowsProcess& p, Ptr out, bool time64) {
  if (!out) return *guest_errno(p) = EINVAL;
  put_timeb(out.addr, time64);
  return 0;
}
void _ftime64_(WindowsProcess& p, Ptr out) { ftime_s(p, out, true); }
void _ftime32_(WindowsProcess& p, Ptr out) { ftime_s(p, out, false); }
void _ftime_(WindowsProcess& p, Ptr out) { ftime_s(p, out, p.isa->ptr == 8); }
int32_t _ftime64_s_(WindowsProcess& p, Ptr out) { return ftime_s(p, out, true); }
int32_t _ftime32_s_(WindowsProcess& p, Ptr out) { return ftime_s(p, out, false); }
int32_t _ftime_s_(WindowsProcess& p, Ptr out) { return ftime_s(p, out, p.isa->ptr == 8); }

// ---- the Universal CRT's own entry points (api-ms-win-crt-*, ucrtbase.dll) ----

bool ucrt_legacy(uint64_t options) { return options & (kPrintfLegacyMsvcrt | kPrintfThreeDigitExponents); }

int32_t __stdio_common_vfprintf_(WindowsProcess& p, uint64_t options, Ptr f, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return write_formatted(p, f, format(p, fmt.c_str(), v, false, ucrt_legacy(options)));
}

// _CRT_INTERNAL_PRINTF_LEGACY_WIDE_SPECIFIERS (what Microsoft's and mingw-w64's headers pass
// unless a program asks for ISO's): %s and %c of a wide function take wide characters; without it
// narrow ones, as ISO C has it.
int32_t __stdio_common_vfwprintf_(WindowsProcess& p, uint64_t options, Ptr f, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  std::string narrow_fmt = utf16_to_utf8(fmt.str());
  return write_formatted(p, f, format(p, narrow_fmt.c_str(), v, options & kPrintfLegacyWide, ucrt_legacy(options)));
}

// snprintf and friends (store_output's rules by the options).
int32_t __stdio_common_vsprintf_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output(format(p, fmt.c_str(), v, false, ucrt_legacy(options)), buf.as<char>(), n, options);
}
int32_t __stdio_common_vswprintf_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output(wide_output(p, fmt, v, options & kPrintfLegacyWide, ucrt_legacy(options)), buf.as<char16_t>(), n, options);
}
// sprintf_s, _snprintf_s and the wide ones (store_output_s's rules).
int32_t __stdio_common_vsprintf_s_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, format(p, fmt.c_str(), v, false, ucrt_legacy(options)), buf.as<char>(), n, ~0ull, false);
}
int32_t __stdio_common_vsnprintf_s_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, USize count, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, format(p, fmt.c_str(), v, false, ucrt_legacy(options)), buf.as<char>(), n, count,
                        count == truncate_count(p));
}
int32_t __stdio_common_vswprintf_s_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, wide_output(p, fmt, v, options & kPrintfLegacyWide, ucrt_legacy(options)), buf.as<char16_t>(), n,
                        ~0ull, false);
}
int32_t __stdio_common_vsnwprintf_s_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, USize count, WStr fmt, Ptr,
                                     Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, wide_output(p, fmt, v, options & kPrintfLegacyWide, ucrt_legacy(options)), buf.as<char16_t>(), n,
                        count, count == truncate_count(p));
}

Ptr __acrt_iob_func_(WindowsProcess& p, uint32_t index) { return Ptr(iob(p) + file_size(p) * index); }

// The arguments land in __argc/__argv (__p___argc …); the out-parameters are not wanted here.
int32_t _configure_narrow_argv_(WindowsProcess& p, int32_t) {
  uint64_t scratch = p.alloc_data(24);
  main_args(p, Ptr(scratch), Ptr(scratch + 8), Ptr(scratch + 16), false);
  return 0;
}
int32_t _configure_wide_argv_(WindowsProcess& p, int32_t) {
  uint64_t scratch = p.alloc_data(24);
  main_args(p, Ptr(scratch), Ptr(scratch + 8), Ptr(scratch + 16), true);
  return 0;
}
int32_t _initialize_narrow_environment_(WindowsProcess& p) {
  if (!p.get_ptr(environ_data(p))) p.put_ptr(environ_data(p), guest_strings_array(p, p.env));
  return 0;
}
int32_t _initialize_wide_environment_(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_wenviron");
  if (!p.get_ptr(slot)) p.put_ptr(slot, guest_wstrings_array(p, p.env));
  return 0;
}
Ptr _get_initial_narrow_environment_(WindowsProcess& p) {
  _initialize_narrow_environment_(p);
  return Ptr(p.get_ptr(environ_data(p)));
}
Ptr _get_initial_wide_environment_(WindowsProcess& p) {
  _initialize_wide_environment_(p);
  return Ptr(p.get_ptr(data_slot(p, "_wenviron")));
}
Ptr __p__wenviron_(WindowsProcess& p) {
  _initialize_wide_environment_(p);
  return Ptr(data_slot(p, "_wenviron"));
}
void _set_app_type_(WindowsProcess&, int32_t) {}
Ptr _set_invalid_parameter_handler_(WindowsProcess& p, Ptr handler) {
  uint64_t& slot = data_slot(p, "invalid-parameter-handler");
  uint64_t old = get<uint64_t>(slot);
  put<uint64_t>(slot, handler.addr);
  return Ptr(old);
}
int32_t _set_new_mode_(WindowsProcess& p, int32_t mode) {
  uint64_t& slot = data_slot(p, "new-mode", 4);
  int32_t old = get<int32_t>(slot);
  put<int32_t>(slot, mode);
  return old;
}
int32_t _crt_atexit_(WindowsProcess& p, Ptr fn) {
  p.onexit.push_back(fn.addr);
  return 0;
}
// quick_exit handlers: quick_exit itself is not offered, so they are only recorded.
int32_t _crt_at_quick_exit_(WindowsProcess& p, Ptr fn) {
  p.data["quick-exit-" + std::to_string(fn.addr)] = fn.addr;
  return 0;
}
// A FILE's lock, held across calls (the stream functions take it too, and it is recursive).
void _lock_file_(WindowsProcess& p, Ptr f) {
  if (uint64_t cs = stream_lock(p, f.addr)) enter_critical_section(p, cs);
}
void _unlock_file_(WindowsProcess& p, Ptr f) {
  if (uint64_t cs = stream_lock(p, f.addr)) leave_critical_section(p, cs);
}
Ptr __daylight_(WindowsProcess& p) {
  ::tzset();
  uint64_t& slot = data_slot(p, "daylight", 4);
  put<int32_t>(slot, ::daylight);
  return Ptr(slot);
}
Ptr __timezone_(WindowsProcess& p) {
  ::tzset();
  uint64_t& slot = data_slot(p, "timezone", 4);
  put<int32_t>(slot, static_cast<int32_t>(::timezone));
  return Ptr(slot);
}
Ptr __tzname_(WindowsProcess& p) {
  uint64_t& slot = p.data["tzname"];
  if (!slot) {  // char* [2]: GetTimeZoneInformation's names (not ::tzname: another thread may clear it)
    const HostTimeZone z = host_time_zone();
    slot = guest_strings_array(p, {z.standard_name, z.daylight_name});
  }
  return Ptr(slot);
}
void _tzset_(WindowsProcess&) { ::tzset(); }
// msvcrt.dll's variables of the same.
uint64_t daylight_data(WindowsProcess& p) { return __daylight_(p).addr; }
uint64_t timezone_data(WindowsProcess& p) { return __timezone_(p).addr; }
uint64_t tzname_data(WindowsProcess& p) { return __tzname_(p).addr; }

// The "C" locale: bytes are characters 0–255. No bytes to read give 0, as in Microsoft's C runtime
// (which has no state-dependent encodings).
USize mbrtowc_(WindowsProcess&, Ptr wc, Ptr s, USize n, Ptr) {
  if (!s) return 0;
  if (n == 0) return 0;
  unsigned char c = *s.as<unsigned char>();
  if (wc) put<uint16_t>(wc.addr, c);
  return c ? 1 : 0;
}
USize mbrlen_(WindowsProcess& p, Ptr s, USize n, Ptr state) { return mbrtowc_(p, Ptr(0), s, n, state); }
USize wcrtomb_(WindowsProcess& p, Ptr s, int32_t wc, Ptr) {
  if (!s) return 1;
  if (wc < 0 || wc > 0xff) {
    *guest_errno(p) = EILSEQ;
    return static_cast<uint64_t>(-1);
  }
  put<uint8_t>(s.addr, static_cast<uint8_t>(wc));
  return 1;
}

// ---- memory and strings ----

Ptr malloc_(WindowsProcess& p, USize n) {
  uint64_t b = p.heap.alloc(n);
  if (!b) *guest_errno(p) = ENOMEM;
  return Ptr(b);
}
Ptr calloc_(WindowsProcess& p, USize n, USize size) {
  if (size && n > ~0ull / size) return Ptr(0);
  return Ptr(p.heap.alloc(n * size, true));
}
// A block that is not live: heap corruption (kernel32/heap.h), or (where that does not end the
// process) EINVAL.
Ptr not_live(WindowsProcess& p, const char* call, Ptr b) {
  heap_corruption(p, call, p.heap.handle(), b.addr);
  *guest_errno(p) = EINVAL;
  return Ptr(0);
}
// realloc(b, 0) frees the block and gives null (msvcrt's and the Universal CRT's realloc pages).
Ptr realloc_(WindowsProcess& p, Ptr b, USize n) {
  if (b && !p.heap.owns(b.addr)) return not_live(p, "realloc", b);
  if (b && !n) {
    p.heap.free(b.addr);
    return Ptr(0);
  }
  uint64_t r = p.heap.realloc(b.addr, n);
  if (!r) *guest_errno(p) = ENOMEM;
  return Ptr(r);
}
void free_(WindowsProcess& p, Ptr b) {
  if (!p.heap.free(b.addr)) not_live(p, "free", b);
}
USize _msize_(WindowsProcess& p, Ptr b) { return p.heap.size(b.addr); }

// _aligned_malloc: a heap block with room to align; the block's address and the size asked for
// sit in the two words just below the aligned address.
Ptr _aligned_malloc_(WindowsProcess& p, USize size, USize alignment) {
  if (alignment == 0 || (alignment & (alignment - 1))) {
    *guest_errno(p) = EINVAL;
    return Ptr(0);
  }
  const uint64_t w = p.isa->ptr;
  uint64_t align = std::max<uint64_t>(alignment, w);
  uint64_t block = p.heap.alloc(size + align + 2 * w);
  if (!block) {
    *guest_errno(p) = ENOMEM;
    return Ptr(0);
  }
  uint64_t aligned = (block + 2 * w + align - 1) & ~(align - 1);
  p.put_ptr(aligned - w, block);
  p.put_ptr(aligned - 2 * w, size);
  return Ptr(aligned);
}
void _aligned_free_(WindowsProcess& p, Ptr b) {
  if (b) p.heap.free(p.get_ptr(b.addr - p.isa->ptr));
}
USize _aligned_msize_(WindowsProcess& p, Ptr b, USize, USize) { return b ? p.get_ptr(b.addr - 2 * p.isa->ptr) : 0; }
Ptr _aligned_realloc_(WindowsProcess& p, Ptr b, USize size, USize alignment) {
  if (!b) return _aligned_malloc_(p, size, alignment);
  if (size == 0) {
    _aligned_free_(p, b);
    return Ptr(0);
  }
  Ptr fresh = _aligned_malloc_(p, size, alignment);
  if (!fresh) return fresh;
  uint64_t old = p.get_ptr(b.addr - 2 * p.isa->ptr);
  std::memcpy(guest_pointer(fresh.addr), guest_pointer(b.addr), std::min<uint64_t>(old, size));
  _aligned_free_(p, b);
  return fresh;
}

#if defined(POLYRUN_NATIVE_X64)
// The same functions as Win64 code, for natively running programs (msvcrt/x64_leaf.S).
extern "C" void polyrun_msvcrt_strlen();
extern "C" void polyrun_msvcrt_strchr();
extern "C" void polyrun_msvcrt_strcmp();
extern "C" void polyrun_msvcrt_memcpy();
extern "C" void polyrun_msvcrt_memset();
extern "C" void polyrun_msvcrt_strstr();
extern "C" void polyrun_msvcrt_memcmp();
extern "C" void polyrun_msvcrt_memchr();
extern "C" void polyrun_msvcrt_strnlen();
extern "C" void polyrun_msvcrt_strncmp();
extern "C" void polyrun_msvcrt__stricmp();
extern "C" void polyrun_msvcrt__strnicmp();
extern "C" void polyrun_msvcrt_strcpy();
extern "C" void polyrun_msvcrt_strncpy();
extern "C" void polyrun_msvcrt_strcat();
extern "C" void polyrun_msvcrt_strrchr();
extern "C" void polyrun_msvcrt_wcslen();
extern "C" void polyrun_msvcrt_errno();
extern "C" void polyrun_msvcrt_malloc();
extern "C" void polyrun_msvcrt_free();
extern "C" void polyrun_msvcrt_lc_codepage();
extern "C" void polyrun_msvcrt_mb_cur_max();
extern "C" void polyrun_msvcrt_localeconv();
extern "C" uint64_t polyrun_msvcrt_malloc_slow, polyrun_msvcrt_free_slow, polyrun_msvcrt_localeconv_slow;
extern "C" uint64_t polyrun_msvcrt_lconv;
extern "C" char polyrun_msvcrt_leaf_begin[], polyrun_msvcrt_leaf_end[];
#define LEAF(fn) &polyrun_msvcrt_##fn
#if defined(__SANITIZE_THREAD__)
// The heap cache's leaves hand blocks between threads where ThreadSanitizer cannot see it: the
// heap's C++ functions serve instead.
#define HEAP_LEAF(fn) nullptr
#define LEAF_SLOW(fn) nullptr
#else
#define HEAP_LEAF(fn) &polyrun_msvcrt_##fn
#define LEAF_SLOW(fn) &polyrun_msvcrt_##fn##_slow
#endif
#define LOCALE_SLOW(fn) &polyrun_msvcrt_##fn##_slow
#else
#define HEAP_LEAF(fn) nullptr
#define LEAF(fn) nullptr
#define LEAF_SLOW(fn) nullptr
#define LOCALE_SLOW(fn) nullptr
#endif

// Nothing to do for a length of 0 (null pointers too, as on Windows); a null pointer with a length
// faults at its first byte.
bool touches(Ptr a, Ptr b, uint64_t n) {
  if (!n) return false;
  if (!a) touch_guest_byte(a.addr);
  if (!b) touch_guest_byte(b.addr);
  return true;
}
Ptr memcpy_(WindowsProcess&, Ptr d, Ptr s, USize n) {
  if (touches(d, s, n)) std::memmove(d.as<void>(), s.as<void>(), n);
  return d;
}
Ptr memmove_(WindowsProcess& p, Ptr d, Ptr s, USize n) { return memcpy_(p, d, s, n); }
Ptr memset_(WindowsProcess&, Ptr d, int32_t c, USize n) {
  if (touches(d, d, n)) std::memset(d.as<void>(), c, n);
  return d;
}
// memcmp, strcmp and x64's strncmp answer -1, 0 or 1, 32-bit msvcrt.dll's strncmp the difference
// of the bytes (wine's msvcrt, dlls/msvcrt/string.c; wine 8.0 prints the same).
int32_t sign(int v) { return (v > 0) - (v < 0); }
int32_t memcmp_(WindowsProcess&, Ptr a, Ptr b, USize n) { return touches(a, b, n) ? sign(std::memcmp(a.as<void>(), b.as<void>(), n)) : 0; }
Ptr memchr_(WindowsProcess&, Ptr s, int32_t c, USize n) {
  const void* r = touches(s, s, n) ? std::memchr(s.as<void>(), c, n) : nullptr;
  return Ptr(reinterpret_cast<uint64_t>(r));
}
USize strlen_(WindowsProcess&, CStr s) { return std::strlen(s.c_str()); }
// A length of 0 reads nothing (a null pointer neither), as msvcrt's.
USize strnlen_(WindowsProcess&, CStr s, USize n) { return n ? ::strnlen(s.c_str(), n) : 0; }
int32_t strcmp_(WindowsProcess&, CStr a, CStr b) { return sign(std::strcmp(a.c_str(), b.c_str())); }
int32_t strncmp_(WindowsProcess& p, CStr a, CStr b, USize n) {
  if (!n) return 0;
  const auto* x = reinterpret_cast<const unsigned char*>(a.c_str());
  const auto* y = reinterpret_cast<const unsigned char*>(b.c_str());
  size_t i = 0;
  while (i + 1 < n && x[i] && x[i] == y[i]) ++i;
  const int d = x[i] - y[i];
  return p.isa->ptr == 8 ? sign(d) : d;
}
// The "C" locale's folding ('A'-'Z' only), the difference of the folded bytes.
int32_t _stricmp_(WindowsProcess&, CStr a, CStr b) { return ::strcasecmp(a.c_str(), b.c_str()); }
int32_t _strnicmp_(WindowsProcess&, CStr a, CStr b, USize n) { return n ? ::strncasecmp(a.c_str(), b.c_str(), n) : 0; }
Ptr strcpy_(WindowsProcess&, Ptr d, CStr s) { std::strcpy(d.as<char>(), s.c_str()); return d; }
Ptr strncpy_(WindowsProcess&, Ptr d, CStr s, USize n) {
  if (n) std::strncpy(d.as<char>(), s.c_str(), n);
  return d;
}
Ptr strcat_(WindowsProcess&, Ptr d, CStr s) { std::strcat(d.as<char>(), s.c_str()); return d; }
Ptr strncat_(WindowsProcess&, Ptr d, CStr s, USize n) { std::strncat(d.as<char>(), s.c_str(), n); return d; }
Ptr strchr_(WindowsProcess&, CStr s, int32_t c) { return Ptr(reinterpret_cast<uint64_t>(std::strchr(s.c_str(), c))); }
Ptr strrchr_(WindowsProcess&, CStr s, int32_t c) { return Ptr(reinterpret_cast<uint64_t>(std::strrchr(s.c_str(), c))); }
Ptr strstr_(WindowsProcess&, CStr s, CStr n) { return Ptr(reinterpret_cast<uint64_t>(std::strstr(s.c_str(), n.c_str()))); }
Ptr _strdup_(WindowsProcess& p, CStr s) {
  size_t n = std::strlen(s.c_str()) + 1;
  uint64_t b = p.heap.alloc(n);
  if (b) std::memcpy(reinterpret_cast<void*>(b), s.c_str(), n);
  return Ptr(b);
}
USize wcslen_(WindowsProcess&, WStr s) { return std::char_traits<char16_t>::length(s.data()); }

// The C runtime's messages for its errno values, Windows' texts (_sys_errlist; numbers without
// one of their own have "Unknown error", as has every number from _sys_nerr on).
constexpr const char* kErrorTexts[] = {
    "No error", "Operation not permitted", "No such file or directory", "No such process",
    "Interrupted function call", "Input/output error", "No such device or address", "Arg list too long",
    "Exec format error", "Bad file descriptor", "No child processes", "Resource temporarily unavailable",
    "Not enough space", "Permission denied", "Bad address", "Unknown error", "Resource device", "File exists",
    "Improper link", "No such device", "Not a directory", "Is a directory", "Invalid argument",
    "Too many open files in system", "Too many open files", "Inappropriate I/O control operation",
    "Unknown error", "File too large", "No space left on device", "Invalid seek", "Read-only file system",
    "Too many links", "Broken pipe", "Domain error", "Result too large", "Unknown error",
    "Resource deadlock avoided", "Unknown error", "Filename too long", "No locks available",
    "Function not implemented", "Directory not empty", "Illegal byte sequence", "Unknown error"};
constexpr int32_t kSysNerr = 43;  // the messages before the last "Unknown error"

// _sys_errlist (an array of char*) and _sys_nerr (an int), msvcrt.dll's variables, which the
// Universal CRT gives through __sys_errlist() and __sys_nerr().
uint64_t sys_errlist_data(WindowsProcess& p) {
  uint64_t& slot = p.data["_sys_errlist"];
  if (!slot) slot = guest_strings_array(p, std::vector<std::string>(std::begin(kErrorTexts), std::end(kErrorTexts)));
  return slot;
}
uint64_t sys_nerr_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_sys_nerr", 4);
  put<int32_t>(slot, kSysNerr);
  return slot;
}
Ptr __sys_errlist_(WindowsProcess& p) { return Ptr(sys_errlist_data(p)); }
Ptr __sys_nerr_(WindowsProcess& p) { return Ptr(sys_nerr_data(p)); }

Ptr strerror_(WindowsProcess& p, int32_t e) {
  uint64_t& slot = data_slot(p, "strerror-buffer", 128);
  std::snprintf(reinterpret_cast<char*>(slot), 128, "%s", std::strerror(e));
  return Ptr(slot);
}

Ptr getenv_(WindowsProcess& p, CStr name) {
  std::string prefix = name.str() + "=";
  uint64_t& env = data_slot(p, "_environ");
  if (!p.get_ptr(env)) p.put_ptr(env, guest_strings_array(p, p.env));
  for (uint64_t e = p.get_ptr(env); e && p.get_ptr(e); e += p.isa->ptr) {
    const char* kv = reinterpret_cast<const char*>(p.get_ptr(e));
    if (::strncasecmp(kv, prefix.c_str(), prefix.size()) == 0) return Ptr(reinterpret_cast<uint64_t>(kv + prefix.size()));
  }
  return Ptr(0);
}

// qsort and bsearch call the guest's comparator for every comparison (a nested guest call).
void qsort_(WindowsProcess& p, Ptr base, USize count, USize size, Ptr compare) {
  if (count < 2 || size == 0) return;
  // Sort an index array with the guest's order, then permute the elements once. The array stays
  // where it is meanwhile, so the comparator is given pointers into it, as the C runtime's own
  // qsort gives. A comparator that throws leaves the array as it was.
  std::vector<uint64_t> order(count);
  for (uint64_t i = 0; i < count; ++i) order[i] = i;
  auto less = [&](uint64_t a, uint64_t b) {
    if (p.exited || p.restore_pending()) return false;
    return static_cast<int32_t>(p.call_guest(compare.addr, {base.addr + a * size, base.addr + b * size})) < 0;
  };
  std::stable_sort(order.begin(), order.end(), less);
  if (p.exited || p.restore_pending()) return;
  std::vector<uint8_t> copy(base.as<uint8_t>(), base.as<uint8_t>() + count * size);
  for (uint64_t i = 0; i < count; ++i) std::memcpy(base.as<uint8_t>() + i * size, &copy[order[i] * size], size);
}

Ptr bsearch_(WindowsProcess& p, Ptr key, Ptr base, USize count, USize size, Ptr compare) {
  uint64_t lo = 0, hi = count;
  while (lo < hi && !p.exited && !p.restore_pending()) {
    uint64_t mid = lo + (hi - lo) / 2;
    uint64_t elem = base.addr + mid * size;
    int32_t c = static_cast<int32_t>(p.call_guest(compare.addr, {key.addr, elem}));
    if (c == 0) return Ptr(elem);
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return Ptr(0);
}

// long is 32 bits on Windows. msvcrt.dll's atoi and atol check for no overflow: the digits
// accumulate modulo 2^32 (wine's msvcrt.dll does the same); the Universal CRT's saturate, as
// documented ("INT_MAX and INT_MIN on these conditions").
int32_t atoi_(WindowsProcess&, CStr s) {
  const char* c = s.c_str();
  while (*c == ' ' || (*c >= '\t' && *c <= '\r')) ++c;
  bool minus = *c == '-';
  if (*c == '-' || *c == '+') ++c;
  uint32_t v = 0;
  for (; *c >= '0' && *c <= '9'; ++c) v = v * 10 + static_cast<uint32_t>(*c - '0');
  return static_cast<int32_t>(minus ? 0u - v : v);
}
int32_t atoi_ucrt_(WindowsProcess&, CStr s) {
  return static_cast<int32_t>(std::clamp<long long>(std::strtoll(s.c_str(), nullptr, 10), INT32_MIN, INT32_MAX));
}
void put_end(WindowsProcess& p, Ptr end, const char* e) {
  if (end) p.put_ptr(end.addr, reinterpret_cast<uint64_t>(e));
}
// Out of range: the nearest limit and errno ERANGE (a negated unsigned value wraps, as in C).
int32_t strtol_(WindowsProcess& p, CStr s, Ptr end, int32_t base) {
  char* e = nullptr;
  errno = 0;
  long long v = std::strtoll(s.c_str(), &e, base);
  put_end(p, end, e);
  if (errno == ERANGE || v > INT32_MAX || v < INT32_MIN) {
    *guest_errno(p) = ERANGE;
    return v > 0 ? INT32_MAX : INT32_MIN;
  }
  return static_cast<int32_t>(v);
}
uint32_t strtoul_(WindowsProcess& p, CStr s, Ptr end, int32_t base) {
  char* e = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &e, base);
  put_end(p, end, e);
  if (errno == ERANGE || (v > UINT32_MAX && v < 0xffffffff00000000ull)) {
    *guest_errno(p) = ERANGE;
    return UINT32_MAX;
  }
  return static_cast<uint32_t>(v);
}
double strtod_(WindowsProcess& p, CStr s, Ptr end) {
  char* e = nullptr;
  errno = 0;
  double v = std::strtod(s.c_str(), &e);
  if (errno == ERANGE) *guest_errno(p) = ERANGE;
  put_end(p, end, e);
  return v;
}
double atof_(WindowsProcess&, CStr s) { return std::atof(s.c_str()); }

// The "C" locale's struct lconv: decimal_point ".", thousands_sep "", grouping "" and the rest
// empty. Made once (mingw-w64's printf asks for it at every %f, from any thread, directly).
Ptr localeconv_(WindowsProcess& p) {
  if (uint64_t made = p.lconv.load(std::memory_order_acquire)) return Ptr(made);
  static std::mutex making;
  std::lock_guard<std::mutex> g(making);
  if (uint64_t made = p.lconv.load(std::memory_order_acquire)) return Ptr(made);
  uint64_t lconv = p.alloc_data(160), strings = p.alloc_data(8);
  std::memcpy(reinterpret_cast<void*>(strings), ".\0\0", 3);
  for (unsigned i = 0; i < 10; ++i) p.put_ptr(lconv + p.isa->ptr * i, strings + (i == 0 ? 0 : 1));
  p.lconv.store(lconv, std::memory_order_release);
#if defined(POLYRUN_NATIVE_X64)
  __atomic_store_n(&polyrun_msvcrt_lconv, lconv, __ATOMIC_RELEASE);  // what the leaf gives from now on
#endif
  return Ptr(lconv);
}

int64_t time64_(WindowsProcess&, Ptr out) {
  int64_t t = static_cast<int64_t>(::time(nullptr));
  put<int64_t>(out.addr, t);
  return t;
}
int32_t time32_(WindowsProcess&, Ptr out) {
  int32_t t = static_cast<int32_t>(::time(nullptr));
  put<int32_t>(out.addr, t);
  return t;
}
int64_t time_(WindowsProcess& p, Ptr out) { return p.isa->ptr == 8 ? time64_(p, out) : time32_(p, out); }
int32_t clock_(WindowsProcess&) {
  struct timespec ts;
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<int32_t>(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

}  // namespace

void msvcrt_terminate(WindowsProcess& p) { abort_(p); }
int* msvcrt_errno(WindowsProcess& p) { return guest_errno(p); }
uint32_t* msvcrt_doserrno(WindowsProcess& p) { return guest_doserrno(p); }
void msvcrt_host_failure(WindowsProcess& p, int err) { host_failure(p, err); }
uint64_t msvcrt_data(WindowsProcess& p, const char* name, uint64_t size) { return data_slot(p, name, size); }
uint64_t msvcrt_open_stream(WindowsProcess& p, int fd, const std::string& mode) { return new_stream(p, fd, mode).addr; }
int32_t msvcrt_close_stream(WindowsProcess& p, uint64_t f) { return fclose_(p, Ptr(f)); }

const std::vector<Export>& msvcrt_wide_exports();
const std::vector<Export>& msvcrt_float_exports();
const std::vector<Export>& msvcrt_math_exports();
const std::vector<Export>& msvcrt_string_exports();
const std::vector<Export>& msvcrt_lowio_exports();
const std::vector<Export>& msvcrt_process_exports();
const std::vector<Export>& msvcrt_scanf_exports();

static std::vector<Export> msvcrt_exports(std::vector<Export> own) {
  for (const auto* more : {&msvcrt_wide_exports(), &msvcrt_float_exports(), &msvcrt_math_exports(),
                           &msvcrt_string_exports(), &msvcrt_lowio_exports(), &msvcrt_process_exports(),
                           &msvcrt_scanf_exports()})
    own.insert(own.end(), more->begin(), more->end());
  const auto& seh = seh_crt_exports();
  own.insert(own.end(), seh.begin(), seh.end());
  const auto& cxx = cxx::cxx_exports();
  own.insert(own.end(), cxx.begin(), cxx.end());
  return own;
}

// msvcrt.dll's table, made on first use: NTDLL serves some of its functions too (ntdll/crt.cpp).
const std::vector<Export>& msvcrt_table() {
  static const std::vector<Export> table = msvcrt_exports({
        EXPORT("printf", printf_),
        EXPORT("fprintf", fprintf_),
        EXPORT("vprintf", vprintf_),
        EXPORT("vfprintf", vfprintf_),
        EXPORT("sprintf", sprintf_),
        EXPORT("vsprintf", vsprintf_),
        EXPORT("_snprintf", _snprintf_),
        EXPORT("_vsnprintf", _vsnprintf_),
        EXPORT("sprintf_s", sprintf_s_),
        EXPORT("vsprintf_s", vsprintf_s_),
        EXPORT("_snprintf_s", _snprintf_s_),
        EXPORT("_vsnprintf_s", _vsnprintf_s_),
        EXPORT("swprintf_s", swprintf_s_),
        EXPORT("vswprintf_s", vswprintf_s_),
        EXPORT("_snwprintf_s", _snwprintf_s_),
        EXPORT("_vsnwprintf_s", _vsnwprintf_s_),
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
        EXPORT("_write", _write_),
        EXPORT("_read", _read_),
        EXPORT("_close", _close_),
        EXPORT("_lseeki64", _lseeki64_),
        EXPORT("_filelengthi64", _filelengthi64_),
        EXPORT("_filelength", _filelength_),
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
        EXPORT("setlocale", setlocale_),
        EXPORT("strcoll", strcoll_),
        EXPORT("strxfrm", strxfrm_),
        EXPORT("wcscoll", wcscoll_),
        EXPORT("wcsxfrm", wcsxfrm_),
        EXPORT("towlower", towlower_),
        EXPORT("towupper", towupper_),
        EXPORT("iswctype", iswctype_),
        EXPORT("strftime", strftime_),
        EXPORT("wcsftime", wcsftime_),
        EXPORT_DATA("__mb_cur_max", mb_cur_max_data),
        EXPORT("remove", remove_),
        EXPORT("_unlink", remove_),
        EXPORT("rename", rename_),
        EXPORT("_mkdir", _mkdir_),
        EXPORT("_rmdir", _rmdir_),
        EXPORT("_chdir", _chdir_),
        EXPORT("_access", _access_),
        EXPORT("_getcwd", _getcwd_),
        EXPORT_DATA("_iob", iob_data),
        EXPORT("__getmainargs", __getmainargs_),
        EXPORT("__wgetmainargs", __wgetmainargs_),
        EXPORT("__p___argc", __p___argc_),
        EXPORT("__p___argv", __p___argv_),
        EXPORT("__p___wargv", __p___wargv_),
        EXPORT("__p__environ", __p__environ_),
        EXPORT("__p__fmode", __p__fmode_),
        EXPORT("__p__commode", __p__commode_),
        EXPORT("_set_fmode", _set_fmode_),
        EXPORT("_set_error_mode", _set_error_mode_),
        EXPORT("_get_fmode", _get_fmode_),
        EXPORT("__p__acmdln", __p__acmdln_),
        EXPORT("__p__wcmdln", __p__wcmdln_),
        EXPORT_DATA("__argc", argc_data),
        EXPORT_DATA("__argv", argv_data),
        EXPORT_DATA("__wargv", wargv_data),
        EXPORT_DATA("__initenv", initenv_data),
        EXPORT_DATA("__winitenv", winitenv_data),
        EXPORT_DATA("_environ", environ_data),
        EXPORT_DATA("_fmode", fmode_data),
        EXPORT_DATA("_commode", commode_data),
        EXPORT_DATA("_acmdln", acmdln_data),
        EXPORT_DATA("_wcmdln", wcmdln_data),
        EXPORT("__set_app_type", __set_app_type_),
        EXPORT("__setusermatherr", __setusermatherr_),
        EXPORT_LEAF("___lc_codepage_func", ___lc_codepage_func_, LEAF(lc_codepage)),
        EXPORT_LEAF("___mb_cur_max_func", ___mb_cur_max_func_, LEAF(mb_cur_max)),
        EXPORT("_lock", _lock_),
        EXPORT("_unlock", _unlock_),
        EXPORT("_initterm", _initterm_),
        EXPORT("_initterm_e", _initterm_e_),
        EXPORT("_onexit", _onexit_),
        EXPORT("_initialize_onexit_table", _initialize_onexit_table_),
        EXPORT("_register_onexit_function", _register_onexit_function_),
        EXPORT("_execute_onexit_table", _execute_onexit_table_),
        EXPORT("_register_thread_local_exe_atexit_callback", _register_thread_local_exe_atexit_callback_),
        EXPORT("atexit", atexit_),
        EXPORT("exit", exit_),
        EXPORT("_exit", _exit_),
        EXPORT("_beginthreadex", _beginthreadex_),
        EXPORT("_beginthread", _beginthread_),
        EXPORT("_endthreadex", _endthreadex_),
        EXPORT("_endthread", _endthread_),
        EXPORT("_cexit", _cexit_),
        EXPORT("_amsg_exit", _amsg_exit_),
        EXPORT("abort", abort_),
        EXPORT("_assert", _assert_),
        EXPORT("_wassert", _wassert_),
        EXPORT("signal", signal_),
        EXPORT("__stdio_common_vfprintf", __stdio_common_vfprintf_),
        EXPORT("__stdio_common_vfwprintf", __stdio_common_vfwprintf_),
        EXPORT("__stdio_common_vsprintf", __stdio_common_vsprintf_),
        EXPORT("__stdio_common_vswprintf", __stdio_common_vswprintf_),
        EXPORT("__stdio_common_vsprintf_s", __stdio_common_vsprintf_s_),
        EXPORT("__stdio_common_vsnprintf_s", __stdio_common_vsnprintf_s_),
        EXPORT("__stdio_common_vswprintf_s", __stdio_common_vswprintf_s_),
        EXPORT("__stdio_common_vsnwprintf_s", __stdio_common_vsnwprintf_s_),
        EXPORT("__acrt_iob_func", __acrt_iob_func_),
        EXPORT("_configure_narrow_argv", _configure_narrow_argv_),
        EXPORT("_configure_wide_argv", _configure_wide_argv_),
        EXPORT("_initialize_narrow_environment", _initialize_narrow_environment_),
        EXPORT("_get_initial_narrow_environment", _get_initial_narrow_environment_),
        EXPORT("_get_initial_wide_environment", _get_initial_wide_environment_),
        EXPORT("_initialize_wide_environment", _initialize_wide_environment_),
        EXPORT("__p__wenviron", __p__wenviron_),
        EXPORT("_set_app_type", _set_app_type_),
        EXPORT("_set_invalid_parameter_handler", _set_invalid_parameter_handler_),
        EXPORT("_set_new_mode", _set_new_mode_),
        EXPORT("_crt_atexit", _crt_atexit_),
        EXPORT("_crt_at_quick_exit", _crt_at_quick_exit_),
        EXPORT("_lock_file", _lock_file_),
        EXPORT("_unlock_file", _unlock_file_),
        EXPORT("__daylight", __daylight_),
        EXPORT("__timezone", __timezone_),
        EXPORT("__tzname", __tzname_),
        EXPORT_DATA("_daylight", daylight_data),
        EXPORT_DATA("_timezone", timezone_data),
        EXPORT_DATA("_tzname", tzname_data),
        EXPORT("_tzset", _tzset_),
        EXPORT("mbrtowc", mbrtowc_),
        EXPORT("mbrlen", mbrlen_),
        EXPORT("wcrtomb", wcrtomb_),
        EXPORT("_setjmp", _setjmp_),
        EXPORT("_setjmp3", _setjmp3_),
        EXPORT("longjmp", longjmp_),
        EXPORT_DIRECT("isalpha", isalpha_),
        EXPORT_DIRECT("isupper", isupper_),
        EXPORT_DIRECT("islower", islower_),
        EXPORT_DIRECT("isdigit", isdigit_),
        EXPORT_DIRECT("isspace", isspace_),
        EXPORT_DIRECT("ispunct", ispunct_),
        EXPORT_DIRECT("iscntrl", iscntrl_),
        EXPORT_DIRECT("isxdigit", isxdigit_),
        EXPORT_DIRECT("isalnum", isalnum_),
        EXPORT_DIRECT("isprint", isprint_),
        EXPORT_DIRECT("toupper", toupper_),
        EXPORT_DIRECT("tolower", tolower_),
        EXPORT("fwprintf", fwprintf_),
        EXPORT("wprintf", wprintf_),
        EXPORT("vfwprintf", vfwprintf_),
        EXPORT("fputwc", fputwc_),
        EXPORT("_gmtime64", _gmtime64_),
        EXPORT("_localtime64", _localtime64_),
        EXPORT("_gmtime32", _gmtime32_),
        EXPORT("_localtime32", _localtime32_),
        EXPORT("_mktime32", _mktime32_),
        EXPORT("asctime", asctime_),
        EXPORT("ctime", ctime_),
        EXPORT("_ctime32", _ctime32_),
        EXPORT("_ctime64", _ctime64_),
        EXPORT("difftime", difftime_),
        EXPORT("_difftime32", _difftime32_),
        EXPORT("_difftime64", _difftime64_),
        EXPORT("_ftime", _ftime_),
        EXPORT("_ftime32", _ftime32_),
        EXPORT("_ftime64", _ftime64_),
        EXPORT("_ftime_s", _ftime_s_),
        EXPORT("_ftime32_s", _ftime32_s_),
        EXPORT("_ftime64_s", _ftime64_s_),
        EXPORT("raise", raise_),
        EXPORT_LEAF("_errno", _errno_, LEAF(errno)),
        EXPORT("__doserrno", __doserrno_),
        EXPORT("_get_doserrno", _get_doserrno_),
        EXPORT("_set_doserrno", _set_doserrno_),
        EXPORT("_get_errno", _get_errno_),
        EXPORT("_set_errno", _set_errno_),
        EXPORT_LEAF_SLOW("malloc", malloc_, HEAP_LEAF(malloc), LEAF_SLOW(malloc)),
        EXPORT_DIRECT("calloc", calloc_),
        EXPORT_DIRECT("realloc", realloc_),
        EXPORT_LEAF_SLOW("free", free_, HEAP_LEAF(free), LEAF_SLOW(free)),
        EXPORT_DIRECT("_msize", _msize_),
        EXPORT_LEAF("memcpy", memcpy_, LEAF(memcpy)),
        EXPORT_LEAF("memmove", memmove_, LEAF(memcpy)),
        EXPORT_LEAF("memset", memset_, LEAF(memset)),
        EXPORT_LEAF("memcmp", memcmp_, LEAF(memcmp)),
        EXPORT_LEAF("memchr", memchr_, LEAF(memchr)),
        EXPORT_LEAF("strlen", strlen_, LEAF(strlen)),
        EXPORT_LEAF("strnlen", strnlen_, LEAF(strnlen)),
        EXPORT_LEAF("strcmp", strcmp_, LEAF(strcmp)),
        EXPORT_LEAF("strncmp", strncmp_, LEAF(strncmp)),
        EXPORT_LEAF("_stricmp", _stricmp_, LEAF(_stricmp)),
        EXPORT_LEAF("_strnicmp", _strnicmp_, LEAF(_strnicmp)),
        EXPORT_LEAF("strcpy", strcpy_, LEAF(strcpy)),
        EXPORT_LEAF("strncpy", strncpy_, LEAF(strncpy)),
        EXPORT_LEAF("strcat", strcat_, LEAF(strcat)),
        EXPORT_DIRECT("strncat", strncat_),
        EXPORT_LEAF("strchr", strchr_, LEAF(strchr)),
        EXPORT_LEAF("strrchr", strrchr_, LEAF(strrchr)),
        EXPORT_LEAF("strstr", strstr_, LEAF(strstr)),
        EXPORT_DIRECT("_strdup", _strdup_),
        EXPORT_LEAF("wcslen", wcslen_, LEAF(wcslen)),
        EXPORT("strerror", strerror_),
        EXPORT("__sys_errlist", __sys_errlist_),
        EXPORT("__sys_nerr", __sys_nerr_),
        EXPORT_DATA("_sys_errlist", sys_errlist_data),
        EXPORT_DATA("_sys_nerr", sys_nerr_data),
        EXPORT("getenv", getenv_),
        EXPORT("qsort", qsort_),
        EXPORT("bsearch", bsearch_),
        EXPORT_DIRECT("atoi", atoi_),
        EXPORT_DIRECT("atol", atoi_),
        EXPORT_DIRECT("strtol", strtol_),
        EXPORT_DIRECT("strtoul", strtoul_),
        EXPORT_DIRECT("strtod", strtod_),
        EXPORT_DIRECT("atof", atof_),
        EXPORT_LEAF_SLOW("localeconv", localeconv_, LEAF(localeconv), LOCALE_SLOW(localeconv)),
        EXPORT("_time64", time64_),
        EXPORT("time", time_),
        EXPORT("_time32", time32_),
        EXPORT("gmtime", gmtime_),
        EXPORT("localtime", localtime_),
        EXPORT("mktime", mktime_),
        EXPORT("_mktime64", _mktime64_),
        EXPORT("clock", clock_),
        EXPORT("_c_exit", _c_exit_),
        EXPORT("__lconv_init", __lconv_init_),
        EXPORT("_aligned_malloc", _aligned_malloc_),
        EXPORT("_aligned_free", _aligned_free_),
        EXPORT("_aligned_msize", _aligned_msize_),
        EXPORT("_aligned_realloc", _aligned_realloc_),
        EXPORT("_configthreadlocale", _configthreadlocale_),
        EXPORT("__dllonexit", __dllonexit_),
        EXPORT("_purecall", _purecall_),
        EXPORT("_XcptFilter", _XcptFilter_),
        EXPORT("_seh_filter_exe", _XcptFilter_),  // the Universal CRT's name for it
        EXPORT("_isatty", _isatty_),
        EXPORT_METHOD("??1type_info@@UEAA@XZ", type_info_destructor),
        EXPORT_METHOD("??1type_info@@UAE@XZ", type_info_destructor),
        EXPORT("__p___initenv", __p___initenv_),
        EXPORT("__p___winitenv", __p___winitenv_),
    });
  return table;
}

const Dll kMsvcrt{"msvcrt.dll", true, msvcrt_table()};

// ucrtbase.dll and the api-ms-win-crt-* sets: msvcrt.dll's functions but where the Universal CRT's
// rules differ, and setjmp's names of its own.
const Dll kUcrtbase{
    "ucrtbase.dll",
    true,
    {
        EXPORT_DIRECT("atoi", atoi_ucrt_),
        EXPORT_DIRECT("atol", atoi_ucrt_),
        EXPORT("__intrinsic_setjmp", __intrinsic_setjmp_),
        EXPORT("__intrinsic_setjmpex", _setjmp_),
    },
    {},
    &kMsvcrt,
};

void msvcrt_flush_all(WindowsProcess& p) { flush_all(p, true); }

#if defined(POLYRUN_NATIVE_X64)
extern "C" char polyrun_kernel32_leaf_begin[], polyrun_kernel32_leaf_end[];
extern "C" char polyrun_kernel32_heap_leaf_begin[], polyrun_kernel32_heap_leaf_end[];
#endif

bool in_polyrun_leaf(uint64_t pc) {
#if defined(POLYRUN_NATIVE_X64)
  auto in = [pc](const char* begin, const char* end) {
    return pc >= reinterpret_cast<uint64_t>(begin) && pc < reinterpret_cast<uint64_t>(end);
  };
  return in(polyrun_msvcrt_leaf_begin, polyrun_msvcrt_leaf_end) || in(polyrun_kernel32_leaf_begin, polyrun_kernel32_leaf_end) ||
         in(polyrun_kernel32_heap_leaf_begin, polyrun_kernel32_heap_leaf_end);
#else
  (void)pc;
  return false;
#endif
}

int32_t msvcrt_store_legacy(const std::u16string& s, uint64_t buf, uint64_t count) {
  return store_output(s, reinterpret_cast<char16_t*>(buf), count, kPrintfLegacyNullTermination);
}

std::string format_printf(WindowsProcess& p, const char* fmt, VarArgs& args, bool wide) {
  return format(p, fmt, args, wide);
}

}  // namespace polyrun::shims
