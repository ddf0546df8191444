// msvcrt.dll and the Universal CRT, formatted output: the printf, sprintf and _s families narrow
// and wide with their _l and _c forms (the locale given before the arguments), and the Universal CRT's
// __stdio_common_v*printf entry points, over printf's
// conversions with Microsoft's rules (msvcrt.dll's legacy ones or the Universal CRT's standard
// ones: core/printf_format.cpp).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/code_pages.h"
#include "shims/core/printf_text.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/core/printf_format.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"

namespace polyrun::shims {

extern thread_local bool ucrt_formatting;

// printf's strings of the other width by LC_CTYPE's code page (msvcrt/crt_locale.h): in narrow
// output a UTF-16 string's bytes (the "C" locale's characters 0–255; one without bytes ends the
// output, EILSEQ), in wide output a narrow string's characters.
std::string crt_format(WindowsProcess& p, const char* fmt, VarArgs& va, bool wide, bool legacy, bool* failed) {
  const std::shared_ptr<const crt_locale::CodePageData> d = crt_locale::ctype(p);
  PrintfText text;
  text.narrow_of_wide = [&d](std::u16string_view w, std::string& out) { return crt_locale::to_bytes(*d, w, out); };
  text.wide_of_narrow = [&d](std::string_view n) {
    std::u16string w;
    if (!crt_locale::string_to_wide(*d, n, w)) w = ansi_to_utf16(n);
    return utf16_to_utf8(w);
  };
  text.count_output = !ucrt_formatting || crt(p).printf_count_output;
  std::string out = format_printf_text(fmt, va, wide, legacy, text);
  if (text.count_refused) {  // %n where the Universal CRT does not allow it
    crt_invalid_parameter(p, true);
    *msvcrt_errno(p) = 22;  // EINVAL
  } else if (text.failed) {
    *msvcrt_errno(p) = 42;  // EILSEQ
  }
  if (failed) *failed = text.failed;
  return out;
}

thread_local bool ucrt_formatting = false;
UcrtFormatting::UcrtFormatting() : outer_(ucrt_formatting) { ucrt_formatting = true; }
UcrtFormatting::~UcrtFormatting() { ucrt_formatting = outer_; }

namespace {

// Narrow formatted output to the stream at `f`: its length, or -1 where it could not be written or
// a wide string had no bytes in the locale (what came before it written).
int32_t print_to(WindowsProcess& p, Ptr f, const char* fmt, VarArgs& va, bool legacy = true) {
  bool failed = false;
  const int32_t r = write_formatted(p, f, crt_format(p, fmt, va, false, legacy, &failed));
  return failed ? -1 : r;
}

int32_t printf_(WindowsProcess& p, CStr fmt, VarArgs va) {
  return print_to(p, Ptr(iob(p) + file_size(p)), fmt.c_str(), va);
}
int32_t fprintf_(WindowsProcess& p, Ptr f, CStr fmt, VarArgs va) { return print_to(p, f, fmt.c_str(), va); }
int32_t vprintf_(WindowsProcess& p, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return print_to(p, Ptr(iob(p) + file_size(p)), fmt.c_str(), v);
}
int32_t vfprintf_(WindowsProcess& p, Ptr f, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return print_to(p, f, fmt.c_str(), v);
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
  return utf8_to_utf16(crt_format(p, utf16_to_utf8(fmt.str()).c_str(), va, wide_strings, legacy));
}

// Narrow output into a buffer of `count` bytes by `store` where the locale had bytes for every wide
// string; otherwise what came before the one that had none, terminated where there is room, and -1.
template <typename Store>
int32_t store_narrow(WindowsProcess& p, const char* fmt, VarArgs& va, bool legacy, char* buf, uint64_t count,
                     Store&& store) {
  bool failed = false;
  const std::string s = crt_format(p, fmt, va, false, legacy, &failed);
  if (!failed) return store(s);
  if (buf && count) {
    const size_t k = std::min<uint64_t>(s.size(), count - 1);
    std::memcpy(buf, s.data(), k);
    buf[k] = 0;
  }
  return -1;
}

int32_t sprintf_(WindowsProcess& p, Ptr buf, CStr fmt, VarArgs va) {
  return store_narrow(p, fmt.c_str(), va, true, buf.as<char>(), ~0ull, [&](const std::string& s) {
    std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
    return static_cast<int32_t>(s.size());
  });
}
int32_t vsprintf_(WindowsProcess& p, Ptr buf, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return sprintf_(p, buf, fmt, v);
}
// _snprintf: -1 when the output does not fit (and no NUL then).
int32_t _snprintf_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, VarArgs va) {
  return store_narrow(p, fmt.c_str(), va, true, buf.as<char>(), n, [&](const std::string& s) {
    return store_output(s, buf.as<char>(), n, kPrintfLegacyNullTermination);
  });
}
int32_t _vsnprintf_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return _snprintf_(p, buf, n, fmt, v);
}
// The _s forms: sprintf_s(buf, size, fmt, ...), _snprintf_s(buf, size, count, fmt, ...).
int32_t sprintf_s_(WindowsProcess& p, Ptr buf, USize size, CStr fmt, VarArgs va) {
  return store_output_s(p, crt_format(p, fmt.c_str(), va, false), buf.as<char>(), size, ~0ull, false);
}
int32_t vsprintf_s_(WindowsProcess& p, Ptr buf, USize size, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, crt_format(p, fmt.c_str(), v, false), buf.as<char>(), size, ~0ull, false);
}
int32_t _snprintf_s_(WindowsProcess& p, Ptr buf, USize size, USize count, CStr fmt, VarArgs va) {
  return store_output_s(p, crt_format(p, fmt.c_str(), va, false), buf.as<char>(), size, count, count == truncate_count(p));
}
int32_t _vsnprintf_s_(WindowsProcess& p, Ptr buf, USize size, USize count, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, crt_format(p, fmt.c_str(), v, false), buf.as<char>(), size, count, count == truncate_count(p));
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

// ---- wide output ----

int32_t write_wide(WindowsProcess& p, Ptr f, WStr fmt, VarArgs& va) {
  std::string narrow_fmt = utf16_to_utf8(fmt.str());
  return write_formatted(p, f, crt_format(p, narrow_fmt.c_str(), va, true));
}
int32_t fwprintf_(WindowsProcess& p, Ptr f, WStr fmt, VarArgs va) { return write_wide(p, f, fmt, va); }
int32_t wprintf_(WindowsProcess& p, WStr fmt, VarArgs va) { return write_wide(p, Ptr(iob(p) + file_size(p)), fmt, va); }
int32_t vfwprintf_(WindowsProcess& p, Ptr f, WStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return write_wide(p, f, fmt, v);
}

// ---- the Universal CRT's own entry points (api-ms-win-crt-*, ucrtbase.dll) ----

bool ucrt_legacy(uint64_t options) { return options & (kPrintfLegacyMsvcrt | kPrintfThreeDigitExponents); }

int32_t __stdio_common_vfprintf_(WindowsProcess& p, uint64_t options, Ptr f, CStr fmt, Ptr, Ptr va) {
  UcrtFormatting ucrt;
  VarArgs v = va_list_at(p, va);
  return print_to(p, f, fmt.c_str(), v, ucrt_legacy(options));
}

// _CRT_INTERNAL_PRINTF_LEGACY_WIDE_SPECIFIERS (what Microsoft's and mingw-w64's headers pass
// unless a program asks for ISO's): %s and %c of a wide function take wide characters; without it
// narrow ones, as ISO C has it.
int32_t __stdio_common_vfwprintf_(WindowsProcess& p, uint64_t options, Ptr f, WStr fmt, Ptr, Ptr va) {
  UcrtFormatting ucrt;
  VarArgs v = va_list_at(p, va);
  std::string narrow_fmt = utf16_to_utf8(fmt.str());
  return write_formatted(p, f, crt_format(p, narrow_fmt.c_str(), v, options & kPrintfLegacyWide, ucrt_legacy(options)));
}

// snprintf and friends (store_output's rules by the options).
int32_t __stdio_common_vsprintf_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, CStr fmt, Ptr, Ptr va) {
  UcrtFormatting ucrt;
  VarArgs v = va_list_at(p, va);
  return store_narrow(p, fmt.c_str(), v, ucrt_legacy(options), buf.as<char>(), n,
                      [&](const std::string& s) { return store_output(s, buf.as<char>(), n, options); });
}
int32_t __stdio_common_vswprintf_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, WStr fmt, Ptr, Ptr va) {
  UcrtFormatting ucrt;
  VarArgs v = va_list_at(p, va);
  return store_output(wide_output(p, fmt, v, options & kPrintfLegacyWide, ucrt_legacy(options)), buf.as<char16_t>(), n, options);
}
// sprintf_s, _snprintf_s and the wide ones (store_output_s's rules).
int32_t __stdio_common_vsprintf_s_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, CStr fmt, Ptr, Ptr va) {
  UcrtFormatting ucrt;
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, crt_format(p, fmt.c_str(), v, false, ucrt_legacy(options)), buf.as<char>(), n, ~0ull, false);
}
int32_t __stdio_common_vsnprintf_s_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, USize count, CStr fmt, Ptr, Ptr va) {
  UcrtFormatting ucrt;
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, crt_format(p, fmt.c_str(), v, false, ucrt_legacy(options)), buf.as<char>(), n, count,
                        count == truncate_count(p));
}
int32_t __stdio_common_vswprintf_s_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, WStr fmt, Ptr, Ptr va) {
  UcrtFormatting ucrt;
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, wide_output(p, fmt, v, options & kPrintfLegacyWide, ucrt_legacy(options)), buf.as<char16_t>(), n,
                        ~0ull, false);
}
int32_t __stdio_common_vsnwprintf_s_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, USize count, WStr fmt, Ptr,
                                     Ptr va) {
  UcrtFormatting ucrt;
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, wide_output(p, fmt, v, options & kPrintfLegacyWide, ucrt_legacy(options)), buf.as<char16_t>(), n,
                        count, count == truncate_count(p));
}

// ---- the _s forms of the stream functions: a missing stream or format is an invalid parameter
// (EINVAL, -1); otherwise they print as the plain ones ----

int32_t printf_invalid(WindowsProcess& p) {
  *guest_errno(p) = EINVAL;
  crt_invalid_parameter(p, false);
  return -1;
}
int32_t printf_s_(WindowsProcess& p, CStr fmt, VarArgs va) { return fmt.addr ? printf_(p, fmt, va) : printf_invalid(p); }
int32_t fprintf_s_(WindowsProcess& p, Ptr f, CStr fmt, VarArgs va) {
  return f && fmt.addr ? fprintf_(p, f, fmt, va) : printf_invalid(p);
}
int32_t vprintf_s_(WindowsProcess& p, CStr fmt, Ptr va) { return fmt.addr ? vprintf_(p, fmt, va) : printf_invalid(p); }
int32_t vfprintf_s_(WindowsProcess& p, Ptr f, CStr fmt, Ptr va) {
  return f && fmt.addr ? vfprintf_(p, f, fmt, va) : printf_invalid(p);
}
int32_t vwprintf_(WindowsProcess& p, WStr fmt, Ptr va) { return vfwprintf_(p, Ptr(iob(p) + file_size(p)), fmt, va); }
int32_t wprintf_s_(WindowsProcess& p, WStr fmt, VarArgs va) { return fmt.addr ? wprintf_(p, fmt, va) : printf_invalid(p); }
int32_t fwprintf_s_(WindowsProcess& p, Ptr f, WStr fmt, VarArgs va) {
  return f && fmt.addr ? fwprintf_(p, f, fmt, va) : printf_invalid(p);
}
int32_t vwprintf_s_(WindowsProcess& p, WStr fmt, Ptr va) { return fmt.addr ? vwprintf_(p, fmt, va) : printf_invalid(p); }
int32_t vfwprintf_s_(WindowsProcess& p, Ptr f, WStr fmt, Ptr va) {
  return f && fmt.addr ? vfwprintf_(p, f, fmt, va) : printf_invalid(p);
}

// ---- the _l forms: the locale comes after the format, before the arguments (only the "C" locale
// exists: msvcrt/locale_objects.cpp) ----

int32_t _fprintf_l_(WindowsProcess& p, Ptr f, CStr fmt, Ptr, VarArgs va) { return fprintf_(p, f, fmt, va); }
int32_t _vfprintf_l_(WindowsProcess& p, Ptr f, CStr fmt, Ptr, Ptr va) { return vfprintf_(p, f, fmt, va); }
int32_t _fprintf_s_l_(WindowsProcess& p, Ptr f, CStr fmt, Ptr, VarArgs va) { return fprintf_s_(p, f, fmt, va); }
int32_t _vfprintf_s_l_(WindowsProcess& p, Ptr f, CStr fmt, Ptr, Ptr va) { return vfprintf_s_(p, f, fmt, va); }
int32_t _sprintf_l_(WindowsProcess& p, Ptr buf, CStr fmt, Ptr, VarArgs va) { return sprintf_(p, buf, fmt, va); }
int32_t _vsprintf_l_(WindowsProcess& p, Ptr buf, CStr fmt, Ptr, Ptr va) { return vsprintf_(p, buf, fmt, va); }
int32_t _snprintf_l_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, Ptr, VarArgs va) { return _snprintf_(p, buf, n, fmt, va); }
int32_t _vsnprintf_l_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, Ptr, Ptr va) { return _vsnprintf_(p, buf, n, fmt, va); }
int32_t _sprintf_s_l_(WindowsProcess& p, Ptr buf, USize size, CStr fmt, Ptr, VarArgs va) {
  return sprintf_s_(p, buf, size, fmt, va);
}
int32_t _vsprintf_s_l_(WindowsProcess& p, Ptr buf, USize size, CStr fmt, Ptr, Ptr va) {
  return vsprintf_s_(p, buf, size, fmt, va);
}
int32_t _snprintf_s_l_(WindowsProcess& p, Ptr buf, USize size, USize count, CStr fmt, Ptr, VarArgs va) {
  return _snprintf_s_(p, buf, size, count, fmt, va);
}
int32_t _vsnprintf_s_l_(WindowsProcess& p, Ptr buf, USize size, USize count, CStr fmt, Ptr, Ptr va) {
  return _vsnprintf_s_(p, buf, size, count, fmt, va);
}
int32_t _fwprintf_l_(WindowsProcess& p, Ptr f, WStr fmt, Ptr, VarArgs va) { return fwprintf_(p, f, fmt, va); }
int32_t _vfwprintf_l_(WindowsProcess& p, Ptr f, WStr fmt, Ptr, Ptr va) { return vfwprintf_(p, f, fmt, va); }
int32_t _fwprintf_s_l_(WindowsProcess& p, Ptr f, WStr fmt, Ptr, VarArgs va) { return fwprintf_s_(p, f, fmt, va); }
int32_t _vfwprintf_s_l_(WindowsProcess& p, Ptr f, WStr fmt, Ptr, Ptr va) { return vfwprintf_s_(p, f, fmt, va); }
int32_t _swprintf_s_l_(WindowsProcess& p, Ptr buf, USize size, WStr fmt, Ptr, VarArgs va) {
  return swprintf_s_(p, buf, size, fmt, va);
}
int32_t _vswprintf_s_l_(WindowsProcess& p, Ptr buf, USize size, WStr fmt, Ptr, Ptr va) {
  return vswprintf_s_(p, buf, size, fmt, va);
}
int32_t _snwprintf_s_l_(WindowsProcess& p, Ptr buf, USize size, USize count, WStr fmt, Ptr, VarArgs va) {
  return _snwprintf_s_(p, buf, size, count, fmt, va);
}
int32_t _vsnwprintf_s_l_(WindowsProcess& p, Ptr buf, USize size, USize count, WStr fmt, Ptr, Ptr va) {
  return _vsnwprintf_s_(p, buf, size, count, fmt, va);
}
// _snwprintf_l and _vsnwprintf_l: _snwprintf's rule (legacy NUL termination).
int32_t _vsnwprintf_l_(WindowsProcess& p, Ptr buf, USize n, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output(wide_output(p, fmt, v, true, true), buf.as<char16_t>(), n, kPrintfLegacyNullTermination);
}
int32_t _snwprintf_l_(WindowsProcess& p, Ptr buf, USize n, WStr fmt, Ptr, VarArgs va) {
  return store_output(wide_output(p, fmt, va, true, true), buf.as<char16_t>(), n, kPrintfLegacyNullTermination);
}
int32_t printf_invalid_c(WindowsProcess& p) {
  *guest_errno(p) = EINVAL;
  crt_invalid_parameter(p, false);
  return -1;
}
// The _c forms: at most the buffer's size less one, always with a NUL (cut to fit: -1); no buffer
// is an invalid parameter (EINVAL, -1).
template <typename C>
int32_t store_output_c(WindowsProcess& p, const std::basic_string<C>& s, C* buf, uint64_t n) {
  if (!buf || n == 0) return printf_invalid_c(p);
  const uint64_t k = std::min<uint64_t>(s.size(), n - 1);
  std::copy_n(s.data(), k, buf);
  buf[k] = 0;
  return s.size() < n ? static_cast<int32_t>(s.size()) : -1;
}
int32_t _snprintf_c_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, VarArgs va) {
  return store_output_c(p, crt_format(p, fmt.c_str(), va, false), buf.as<char>(), n);
}
int32_t _snprintf_c_l_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, Ptr, VarArgs va) { return _snprintf_c_(p, buf, n, fmt, va); }
int32_t _vsnprintf_c_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_c(p, crt_format(p, fmt.c_str(), v, false), buf.as<char>(), n);
}
int32_t _vsnprintf_c_l_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, Ptr, Ptr va) { return _vsnprintf_c_(p, buf, n, fmt, va); }
int32_t _swprintf_c_(WindowsProcess& p, Ptr buf, USize n, WStr fmt, VarArgs va) {
  return store_output_c(p, wide_output(p, fmt, va, true, true), buf.as<char16_t>(), n);
}
int32_t _swprintf_c_l_(WindowsProcess& p, Ptr buf, USize n, WStr fmt, Ptr, VarArgs va) { return _swprintf_c_(p, buf, n, fmt, va); }
int32_t _vswprintf_c_(WindowsProcess& p, Ptr buf, USize n, WStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_c(p, wide_output(p, fmt, v, true, true), buf.as<char16_t>(), n);
}
int32_t _vswprintf_c_l_(WindowsProcess& p, Ptr buf, USize n, WStr fmt, Ptr, Ptr va) { return _vswprintf_c_(p, buf, n, fmt, va); }
// _vswprintf_l: vswprintf's unbounded form (msvcrt.dll's, without a count).
int32_t _vswprintf_l_(WindowsProcess& p, Ptr buf, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output(wide_output(p, fmt, v, true, true), buf.as<char16_t>(), 0x7fffffff, kPrintfLegacyNullTermination);
}
// The lengths: _scprintf_l, _vscprintf_l, _scwprintf and the wide _l ones.
int32_t _scprintf_l_(WindowsProcess& p, CStr fmt, Ptr, VarArgs va) {
  return static_cast<int32_t>(crt_format(p, fmt.c_str(), va, false).size());
}
int32_t _vscprintf_l_(WindowsProcess& p, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return static_cast<int32_t>(crt_format(p, fmt.c_str(), v, false).size());
}
int32_t _scwprintf_(WindowsProcess& p, WStr fmt, VarArgs va) { return static_cast<int32_t>(wide_output(p, fmt, va, true, true).size()); }
int32_t _scwprintf_l_(WindowsProcess& p, WStr fmt, Ptr, VarArgs va) { return _scwprintf_(p, fmt, va); }
int32_t _vscwprintf_l_(WindowsProcess& p, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return static_cast<int32_t>(wide_output(p, fmt, v, true, true).size());
}

// The Universal CRT's checking stream entry points: __stdio_common_vfprintf's with a missing
// stream or format an invalid parameter.
int32_t __stdio_common_vfprintf_s_(WindowsProcess& p, uint64_t options, Ptr f, CStr fmt, Ptr locale, Ptr va) {
  UcrtFormatting ucrt;
  if (!f || !fmt.addr) {
    *guest_errno(p) = EINVAL;
    crt_invalid_parameter(p, true);
    return -1;
  }
  return __stdio_common_vfprintf_(p, options, f, fmt, locale, va);
}
int32_t __stdio_common_vfwprintf_s_(WindowsProcess& p, uint64_t options, Ptr f, WStr fmt, Ptr locale, Ptr va) {
  UcrtFormatting ucrt;
  if (!f || !fmt.addr) {
    *guest_errno(p) = EINVAL;
    crt_invalid_parameter(p, true);
    return -1;
  }
  return __stdio_common_vfwprintf_(p, options, f, fmt, locale, va);
}

}  // namespace

int32_t msvcrt_store_legacy(const std::u16string& s, uint64_t buf, uint64_t count) {
  return store_output(s, reinterpret_cast<char16_t*>(buf), count, kPrintfLegacyNullTermination);
}

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
// _set_printf_count_output(enable): whether the Universal CRT's printf family (and Visual C++
// 2005–2013's runtimes, which it serves) stores %n's count; off at the start. The previous setting.
int32_t _set_printf_count_output_(WindowsProcess& p, int32_t enable) {
  const bool old = crt(p).printf_count_output.exchange(enable != 0);
  return old ? 1 : 0;
}
int32_t _get_printf_count_output_(WindowsProcess& p) { return crt(p).printf_count_output ? 1 : 0; }

// The Universal CRT's own (ucrtbase.dll's table; Visual C++ 2005–2013's runtimes have them too).
const std::vector<Export>& ucrtbase_printf_exports() {
  static const std::vector<Export> exports = {
      EXPORT("_set_printf_count_output", _set_printf_count_output_),
      EXPORT("_get_printf_count_output", _get_printf_count_output_),
  };
  return exports;
}

const std::vector<Export>& msvcrt_printf_exports() {
  static const std::vector<Export> exports = {
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
      EXPORT("__stdio_common_vfprintf", __stdio_common_vfprintf_),
      EXPORT("__stdio_common_vfwprintf", __stdio_common_vfwprintf_),
      EXPORT("__stdio_common_vsprintf", __stdio_common_vsprintf_),
      EXPORT("__stdio_common_vswprintf", __stdio_common_vswprintf_),
      EXPORT("__stdio_common_vsprintf_s", __stdio_common_vsprintf_s_),
      EXPORT("__stdio_common_vsnprintf_s", __stdio_common_vsnprintf_s_),
      EXPORT("__stdio_common_vswprintf_s", __stdio_common_vswprintf_s_),
      EXPORT("__stdio_common_vsnwprintf_s", __stdio_common_vsnwprintf_s_),
      EXPORT("fwprintf", fwprintf_),
      EXPORT("wprintf", wprintf_),
      EXPORT("vfwprintf", vfwprintf_),
      EXPORT("printf_s", printf_s_),
      EXPORT("fprintf_s", fprintf_s_),
      EXPORT("vprintf_s", vprintf_s_),
      EXPORT("vfprintf_s", vfprintf_s_),
      EXPORT("vwprintf", vwprintf_),
      EXPORT("wprintf_s", wprintf_s_),
      EXPORT("fwprintf_s", fwprintf_s_),
      EXPORT("vwprintf_s", vwprintf_s_),
      EXPORT("vfwprintf_s", vfwprintf_s_),
      EXPORT("vsnprintf", _vsnprintf_),
      EXPORT("_fprintf_l", _fprintf_l_),
      EXPORT("_vfprintf_l", _vfprintf_l_),
      EXPORT("_fprintf_s_l", _fprintf_s_l_),
      EXPORT("_vfprintf_s_l", _vfprintf_s_l_),
      EXPORT("_sprintf_l", _sprintf_l_),
      EXPORT("_vsprintf_l", _vsprintf_l_),
      EXPORT("_snprintf_l", _snprintf_l_),
      EXPORT("_vsnprintf_l", _vsnprintf_l_),
      EXPORT("_sprintf_s_l", _sprintf_s_l_),
      EXPORT("_vsprintf_s_l", _vsprintf_s_l_),
      EXPORT("_snprintf_s_l", _snprintf_s_l_),
      EXPORT("_vsnprintf_s_l", _vsnprintf_s_l_),
      EXPORT("_fwprintf_l", _fwprintf_l_),
      EXPORT("_vfwprintf_l", _vfwprintf_l_),
      EXPORT("_fwprintf_s_l", _fwprintf_s_l_),
      EXPORT("_vfwprintf_s_l", _vfwprintf_s_l_),
      EXPORT("_swprintf_s_l", _swprintf_s_l_),
      EXPORT("_vswprintf_s_l", _vswprintf_s_l_),
      EXPORT("_snwprintf_s_l", _snwprintf_s_l_),
      EXPORT("_vsnwprintf_s_l", _vsnwprintf_s_l_),
      EXPORT("_snwprintf_l", _snwprintf_l_),
      EXPORT("_vsnwprintf_l", _vsnwprintf_l_),
      EXPORT("_scprintf_l", _scprintf_l_),
      EXPORT("_vscprintf_l", _vscprintf_l_),
      EXPORT("_scwprintf", _scwprintf_),
      EXPORT("_scwprintf_l", _scwprintf_l_),
      EXPORT("_vscwprintf_l", _vscwprintf_l_),
      EXPORT("__stdio_common_vfprintf_s", __stdio_common_vfprintf_s_),
      EXPORT("_snprintf_c", _snprintf_c_),
      EXPORT("_snprintf_c_l", _snprintf_c_l_),
      EXPORT("_vsnprintf_c", _vsnprintf_c_),
      EXPORT("_vsnprintf_c_l", _vsnprintf_c_l_),
      EXPORT("_swprintf_c", _swprintf_c_),
      EXPORT("_swprintf_c_l", _swprintf_c_l_),
      EXPORT("_vswprintf_c", _vswprintf_c_),
      EXPORT("_vswprintf_c_l", _vswprintf_c_l_),
      EXPORT("_vswprintf_l", _vswprintf_l_),
      EXPORT("__stdio_common_vfwprintf_s", __stdio_common_vfwprintf_s_),
  };
  return exports;
}

}  // namespace polyrun::shims
