// msvcrt.dll and the Universal CRT, formatted output: the printf, sprintf and _s families narrow
// and wide, and the Universal CRT's __stdio_common_v*printf entry points, over printf's
// conversions with Microsoft's rules (msvcrt.dll's legacy ones or the Universal CRT's standard
// ones: core/printf_format.cpp).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "shims/msvcrt/crt_internal.h"
#include "shims/core/printf_format.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"

namespace polyrun::shims {

namespace {

int32_t printf_(WindowsProcess& p, CStr fmt, VarArgs va) {
  return write_formatted(p, Ptr(iob(p) + file_size(p)), format_printf(fmt.c_str(), va, false));
}
int32_t fprintf_(WindowsProcess& p, Ptr f, CStr fmt, VarArgs va) { return write_formatted(p, f, format_printf(fmt.c_str(), va, false)); }
int32_t vprintf_(WindowsProcess& p, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return write_formatted(p, Ptr(iob(p) + file_size(p)), format_printf(fmt.c_str(), v, false));
}
int32_t vfprintf_(WindowsProcess& p, Ptr f, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return write_formatted(p, f, format_printf(fmt.c_str(), v, false));
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
std::u16string wide_output(WindowsProcess&, WStr fmt, VarArgs& va, bool wide_strings, bool legacy) {
  return utf8_to_utf16(format_printf(utf16_to_utf8(fmt.str()).c_str(), va, wide_strings, legacy));
}

int32_t sprintf_(WindowsProcess&, Ptr buf, CStr fmt, VarArgs va) {
  std::string s = format_printf(fmt.c_str(), va, false);
  std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
  return static_cast<int32_t>(s.size());
}
int32_t vsprintf_(WindowsProcess& p, Ptr buf, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  std::string s = format_printf(fmt.c_str(), v, false);
  std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
  return static_cast<int32_t>(s.size());
}
// _snprintf: -1 when the output does not fit (and no NUL then).
int32_t _snprintf_(WindowsProcess&, Ptr buf, USize n, CStr fmt, VarArgs va) {
  return store_output(format_printf(fmt.c_str(), va, false), buf.as<char>(), n, kPrintfLegacyNullTermination);
}
int32_t _vsnprintf_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output(format_printf(fmt.c_str(), v, false), buf.as<char>(), n, kPrintfLegacyNullTermination);
}
// The _s forms: sprintf_s(buf, size, fmt, ...), _snprintf_s(buf, size, count, fmt, ...).
int32_t sprintf_s_(WindowsProcess& p, Ptr buf, USize size, CStr fmt, VarArgs va) {
  return store_output_s(p, format_printf(fmt.c_str(), va, false), buf.as<char>(), size, ~0ull, false);
}
int32_t vsprintf_s_(WindowsProcess& p, Ptr buf, USize size, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, format_printf(fmt.c_str(), v, false), buf.as<char>(), size, ~0ull, false);
}
int32_t _snprintf_s_(WindowsProcess& p, Ptr buf, USize size, USize count, CStr fmt, VarArgs va) {
  return store_output_s(p, format_printf(fmt.c_str(), va, false), buf.as<char>(), size, count, count == truncate_count(p));
}
int32_t _vsnprintf_s_(WindowsProcess& p, Ptr buf, USize size, USize count, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, format_printf(fmt.c_str(), v, false), buf.as<char>(), size, count, count == truncate_count(p));
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
  return write_formatted(p, f, format_printf(narrow_fmt.c_str(), va, true));
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
  VarArgs v = va_list_at(p, va);
  return write_formatted(p, f, format_printf(fmt.c_str(), v, false, ucrt_legacy(options)));
}

// _CRT_INTERNAL_PRINTF_LEGACY_WIDE_SPECIFIERS (what Microsoft's and mingw-w64's headers pass
// unless a program asks for ISO's): %s and %c of a wide function take wide characters; without it
// narrow ones, as ISO C has it.
int32_t __stdio_common_vfwprintf_(WindowsProcess& p, uint64_t options, Ptr f, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  std::string narrow_fmt = utf16_to_utf8(fmt.str());
  return write_formatted(p, f, format_printf(narrow_fmt.c_str(), v, options & kPrintfLegacyWide, ucrt_legacy(options)));
}

// snprintf and friends (store_output's rules by the options).
int32_t __stdio_common_vsprintf_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output(format_printf(fmt.c_str(), v, false, ucrt_legacy(options)), buf.as<char>(), n, options);
}
int32_t __stdio_common_vswprintf_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output(wide_output(p, fmt, v, options & kPrintfLegacyWide, ucrt_legacy(options)), buf.as<char16_t>(), n, options);
}
// sprintf_s, _snprintf_s and the wide ones (store_output_s's rules).
int32_t __stdio_common_vsprintf_s_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, format_printf(fmt.c_str(), v, false, ucrt_legacy(options)), buf.as<char>(), n, ~0ull, false);
}
int32_t __stdio_common_vsnprintf_s_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, USize count, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return store_output_s(p, format_printf(fmt.c_str(), v, false, ucrt_legacy(options)), buf.as<char>(), n, count,
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

}  // namespace

int32_t msvcrt_store_legacy(const std::u16string& s, uint64_t buf, uint64_t count) {
  return store_output(s, reinterpret_cast<char16_t*>(buf), count, kPrintfLegacyNullTermination);
}

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
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
  };
  return exports;
}

}  // namespace polyrun::shims
