// msvcrt.dll and the Universal CRT, console I/O (conio.h): keys read without the streams (_getch,
// _getche, _getwch, _getwche, _kbhit, with _ungetch's and _ungetwch's pushed-back key, and the
// _nolock forms), characters and strings written to the console (_putch, _putwch, _cputs, _cputws),
// a line read from it (_cgets), formatted output to it (_cprintf, _cwprintf, _vcprintf, _vcwprintf
// and their _l forms; the Universal CRT's __conio_common_vcprintf and __conio_common_vcwprintf),
// and _beep.
//
// Output goes to the console's screen buffer through KERNEL32 (CONOUT$, WriteConsoleA and
// WriteConsoleW) and _cgets reads CONIN$ (ReadConsoleA), as Windows' runtime does: where the
// process has no console they fail as there. Keys come from the console's input (msvcrt/lowio.cpp).
// One lock serves all: the _nolock forms are the same functions.
#include <cstring>
#include <mutex>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/printf_format.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_state.h"

namespace polyrun::shims {

namespace console_io {
namespace {

constexpr int32_t kEof = -1;
constexpr uint32_t kWeof = 0xffff;
constexpr int32_t kEinval = 22;

uint64_t kernel32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("kernel32.dll", name, args);
}
bool valid_handle(WindowsProcess& p, uint64_t h) {
  return h && h != (p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
}

// The console's handles, opened at the first use (CreateFile of CONOUT$ or CONIN$); 0 where the
// process has no console.
uint64_t console_handle(WindowsProcess& p, bool output) {
  uint64_t& h = output ? crt(p).conout : crt(p).conin;
  if (valid_handle(p, h)) return h;
  constexpr uint64_t kGenericRead = 0x80000000, kGenericWrite = 0x40000000, kShareRead = 1, kShareWrite = 2,
                     kOpenExisting = 3;
  const char* name = output ? "CONOUT$" : "CONIN$";
  const uint64_t block = p.heap.alloc(8, true);
  std::memcpy(reinterpret_cast<void*>(block), name, std::strlen(name) + 1);
  const uint64_t opened = kernel32(p, "CreateFileA", {block, kGenericRead | kGenericWrite, kShareRead | kShareWrite, 0,
                                                      kOpenExisting, 0, 0});
  p.heap.free(block);
  h = valid_handle(p, opened) ? opened : 0;
  return h;
}

// `n` bytes (or UTF-16 units, `wide`) written to the console: whether all were.
bool write_console(WindowsProcess& p, const void* data, size_t n, bool wide) {
  const uint64_t h = console_handle(p, true);
  if (!h) return false;
  if (!n) return true;
  const size_t bytes = n * (wide ? 2 : 1);
  const uint64_t block = p.heap.alloc(bytes + 8, true);
  if (!block) return false;
  std::memcpy(reinterpret_cast<void*>(block + 8), data, bytes);
  const bool ok = kernel32(p, wide ? "WriteConsoleW" : "WriteConsoleA", {h, block + 8, n, block, 0}) &&
                  get<uint32_t>(block) == n;
  p.heap.free(block);
  return ok;
}

std::recursive_mutex g_console;

// ---- keys ----

int32_t _getch_(WindowsProcess& p) {
  std::lock_guard<std::recursive_mutex> g(g_console);
  int32_t& ungot = crt(p).ungot_key;
  if (ungot != kEof) {
    const int32_t c = ungot;
    ungot = kEof;
    return c;
  }
  return crt_read_key(p);
}
int32_t _putch_(WindowsProcess& p, int32_t c) {
  std::lock_guard<std::recursive_mutex> g(g_console);
  const char b = static_cast<char>(c);
  return write_console(p, &b, 1, false) ? c : kEof;
}
int32_t _getche_(WindowsProcess& p) {
  std::lock_guard<std::recursive_mutex> g(g_console);
  const int32_t c = _getch_(p);
  return c == kEof ? c : _putch_(p, c);
}
// _ungetch: `c` is the next key _getch gives; EOF where one waits already (or `c` is EOF).
int32_t _ungetch_(WindowsProcess& p, int32_t c) {
  std::lock_guard<std::recursive_mutex> g(g_console);
  int32_t& ungot = crt(p).ungot_key;
  if (c == kEof || ungot != kEof) return kEof;
  return ungot = c;
}
int32_t _kbhit_(WindowsProcess& p) {
  std::lock_guard<std::recursive_mutex> g(g_console);
  if (crt(p).ungot_key != kEof) return 1;
  return crt_key_waiting(p);
}

// The wide keys: the console's UTF-8 input decoded (a byte that starts no character is itself).
uint32_t _getwch_(WindowsProcess& p) {
  std::lock_guard<std::recursive_mutex> g(g_console);
  uint32_t& ungot = crt(p).ungot_wkey;
  if (ungot != kWeof) {
    const uint32_t c = ungot;
    ungot = kWeof;
    return c;
  }
  const int32_t first = crt_read_key(p);
  if (first == kEof) return kWeof;
  const int more = first >= 0xf0 ? 3 : first >= 0xe0 ? 2 : first >= 0xc0 ? 1 : 0;
  std::string bytes(1, static_cast<char>(first));
  for (int i = 0; i < more; ++i) {
    const int32_t next = crt_read_key(p);
    if (next == kEof) break;
    bytes += static_cast<char>(next);
  }
  const std::u16string w = utf8_to_utf16(bytes);
  return w.empty() ? kWeof : w[0];
}
uint32_t _putwch_(WindowsProcess& p, uint32_t c) {
  std::lock_guard<std::recursive_mutex> g(g_console);
  const char16_t w = static_cast<char16_t>(c);
  return write_console(p, &w, 1, true) ? (c & 0xffff) : kWeof;
}
uint32_t _getwche_(WindowsProcess& p) {
  std::lock_guard<std::recursive_mutex> g(g_console);
  const uint32_t c = _getwch_(p);
  return c == kWeof ? c : _putwch_(p, c);
}
uint32_t _ungetwch_(WindowsProcess& p, uint32_t c) {
  std::lock_guard<std::recursive_mutex> g(g_console);
  uint32_t& ungot = crt(p).ungot_wkey;
  c &= 0xffff;
  if (c == kWeof || ungot != kWeof) return kWeof;
  return ungot = c;
}

// ---- strings ----

template <bool Ucrt>
int32_t _cputs_(WindowsProcess& p, Ptr s) {
  if (!s) {
    *guest_errno(p) = kEinval;
    crt_invalid_parameter(p, Ucrt);
    return -1;
  }
  std::lock_guard<std::recursive_mutex> g(g_console);
  const char* c = s.as<const char>();
  return write_console(p, c, std::strlen(c), false) ? 0 : -1;
}
template <bool Ucrt>
int32_t _cputws_(WindowsProcess& p, Ptr s) {
  if (!s) {
    *guest_errno(p) = kEinval;
    crt_invalid_parameter(p, Ucrt);
    return -1;
  }
  std::lock_guard<std::recursive_mutex> g(g_console);
  const char16_t* c = s.as<const char16_t>();
  return write_console(p, c, std::char_traits<char16_t>::length(c), true) ? 0 : -1;
}

// _cgets: a line of at most buf[0] characters read from the console (line input, echo and
// processed input on), stored from buf[2] without its end (CR LF) and its length in buf[1]; the
// line's address, or null where the console cannot be read.
Ptr _cgets_(WindowsProcess& p, Ptr buf) {
  uint8_t* b = buf.as<uint8_t>();
  const uint32_t max = b[0];
  b[1] = 0;
  std::lock_guard<std::recursive_mutex> g(g_console);
  const uint64_t h = console_handle(p, false);
  if (!h) return Ptr(0);
  constexpr uint64_t kLineInput = 2, kEchoInput = 4, kProcessedInput = 1;
  const uint64_t scratch = p.heap.alloc(8, true);
  kernel32(p, "GetConsoleMode", {h, scratch});
  const uint32_t mode = get<uint32_t>(scratch);
  kernel32(p, "SetConsoleMode", {h, kLineInput | kEchoInput | kProcessedInput});
  Ptr line(0);
  if (kernel32(p, "ReadConsoleA", {h, buf.addr + 2, max, scratch + 4, 0})) {
    const uint32_t got = get<uint32_t>(scratch + 4);
    uint8_t* text = b + 2;
    uint32_t len = got;
    if (got >= 2 && text[got - 2] == '\r') len = got - 2;
    else if (got == 1 && text[0] == '\n') len = 0;
    else if (got == max && got && text[got - 1] == '\r') len = got - 1;
    if (len < max || len < got) text[len] = 0;
    b[1] = static_cast<uint8_t>(len);
    line = Ptr(buf.addr + 2);
  }
  kernel32(p, "SetConsoleMode", {h, mode});
  p.heap.free(scratch);
  return line;
}

// ---- formatted output: the text's length, or -1 where it could not be written ----

int32_t write_text(WindowsProcess& p, const std::string& utf8, bool wide) {
  std::lock_guard<std::recursive_mutex> g(g_console);
  if (wide) {
    const std::u16string w = utf8_to_utf16(utf8);
    return write_console(p, w.data(), w.size(), true) ? static_cast<int32_t>(w.size()) : -1;
  }
  return write_console(p, utf8.data(), utf8.size(), false) ? static_cast<int32_t>(utf8.size()) : -1;
}
int32_t _cprintf_(WindowsProcess& p, CStr fmt, VarArgs va) { return write_text(p, crt_format(p, fmt.c_str(), va, false), false); }
int32_t _vcprintf_(WindowsProcess& p, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return write_text(p, crt_format(p, fmt.c_str(), v, false), false);
}
int32_t _vcprintf_l_(WindowsProcess& p, CStr fmt, Ptr, Ptr va) { return _vcprintf_(p, fmt, va); }
int32_t _cwprintf_(WindowsProcess& p, WStr fmt, VarArgs va) {
  return write_text(p, crt_format(p, utf16_to_utf8(fmt.str()).c_str(), va, true), true);
}
int32_t _vcwprintf_(WindowsProcess& p, WStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return write_text(p, crt_format(p, utf16_to_utf8(fmt.str()).c_str(), v, true), true);
}
int32_t _vcwprintf_l_(WindowsProcess& p, WStr fmt, Ptr, Ptr va) { return _vcwprintf_(p, fmt, va); }

// The Universal CRT's: its printf options (_CRT_INTERNAL_PRINTF_LEGACY_WIDE_SPECIFIERS 4,
// _CRT_INTERNAL_PRINTF_LEGACY_MSVCRT_COMPATIBILITY 8, ..._LEGACY_THREE_DIGIT_EXPONENTS 16), the
// format, the locale, the va_list.
constexpr uint64_t kLegacyWide = 4, kLegacyMsvcrt = 8, kThreeDigitExponents = 16;
int32_t __conio_common_vcprintf_(WindowsProcess& p, uint64_t options, CStr fmt, Ptr, Ptr va) {
  UcrtFormatting ucrt;
  VarArgs v = va_list_at(p, va);
  return write_text(p, crt_format(p, fmt.c_str(), v, false, options & (kLegacyMsvcrt | kThreeDigitExponents)), false);
}
int32_t __conio_common_vcwprintf_(WindowsProcess& p, uint64_t options, WStr fmt, Ptr, Ptr va) {
  UcrtFormatting ucrt;
  VarArgs v = va_list_at(p, va);
  return write_text(p,
                    crt_format(p, utf16_to_utf8(fmt.str()).c_str(), v, options & kLegacyWide,
                                  options & (kLegacyMsvcrt | kThreeDigitExponents)),
                    true);
}

// _beep: KERNEL32's Beep.
void _beep_(WindowsProcess& p, uint32_t frequency, uint32_t duration) { kernel32(p, "Beep", {frequency, duration}); }

template <bool Ucrt>
std::vector<Export> console_exports() {
  return {
      EXPORT("_getch", _getch_),         EXPORT("_getch_nolock", _getch_),
      EXPORT("_getche", _getche_),       EXPORT("_getche_nolock", _getche_),
      EXPORT("_putch", _putch_),         EXPORT("_putch_nolock", _putch_),
      EXPORT("_ungetch", _ungetch_),     EXPORT("_ungetch_nolock", _ungetch_),
      EXPORT("_kbhit", _kbhit_),
      EXPORT("_getwch", _getwch_),       EXPORT("_getwch_nolock", _getwch_),
      EXPORT("_getwche", _getwche_),     EXPORT("_getwche_nolock", _getwche_),
      EXPORT("_putwch", _putwch_),       EXPORT("_putwch_nolock", _putwch_),
      EXPORT("_ungetwch", _ungetwch_),   EXPORT("_ungetwch_nolock", _ungetwch_),
      EXPORT("_cputs", _cputs_<Ucrt>),   EXPORT("_cputws", _cputws_<Ucrt>),
      EXPORT("_cgets", _cgets_),         EXPORT("_beep", _beep_),
  };
}

}  // namespace
}  // namespace console_io

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp) with its console printf family, and, in the
// Universal CRT's forms with its __conio_common_* entry points, ucrtbase.dll's.
const std::vector<Export>& msvcrt_console_io_exports() {
  using namespace console_io;
  static const std::vector<Export> exports = [] {
    std::vector<Export> all = console_exports<false>();
    const std::vector<Export> more = {
        EXPORT("_cprintf", _cprintf_),       EXPORT("_vcprintf", _vcprintf_),   EXPORT("_vcprintf_l", _vcprintf_l_),
        EXPORT("_cwprintf", _cwprintf_),     EXPORT("_vcwprintf", _vcwprintf_), EXPORT("_vcwprintf_l", _vcwprintf_l_),
    };
    all.insert(all.end(), more.begin(), more.end());
    return all;
  }();
  return exports;
}
const std::vector<Export>& ucrtbase_console_io_exports() {
  using namespace console_io;
  static const std::vector<Export> exports = [] {
    std::vector<Export> all = console_exports<true>();
    all.push_back(EXPORT("__conio_common_vcprintf", __conio_common_vcprintf_));
    all.push_back(EXPORT("__conio_common_vcwprintf", __conio_common_vcwprintf_));
    return all;
  }();
  return exports;
}

}  // namespace polyrun::shims
