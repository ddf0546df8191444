// msvcrt.dll and the Universal CRT, printf with positional arguments (Microsoft's "printf_p
// positional parameters"): `%n$` names the argument a conversion takes and `*n$` the one a width or
// precision takes, so one argument may serve twice and the order of the text need not be the
// arguments'. The _p family: _printf_p's relatives _fprintf_p, _vfprintf_p, _vsprintf_p,
// _sprintf_p_l, _scprintf_p_l … with their wide and _l forms, and the Universal CRT's
// __stdio_common_vfprintf_p, __stdio_common_vfwprintf_p, __stdio_common_vsprintf_p and
// __stdio_common_vswprintf_p. A format without positions is formatted as by the plain functions;
// one that mixes positional and other conversions, skips an argument or gives one two types is an
// invalid parameter (-1, errno EINVAL).
//
// The arguments are read once, in their order, each by the type its conversions give it; then each
// conversion is formatted alone by core's conversions (core/printf_format.cpp) from its own
// argument.
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/printf_format.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/msvcrt/crt_internal.h"

namespace polyrun::shims {

namespace printf_positional {
namespace {

constexpr int32_t kEinval = 22;

enum class Kind { None, Int, Int64, Native, Double, Pointer };

// One conversion of the format: where it lies in the text, its pieces, and the positions (1-based)
// of its argument, width and precision (0: none; -1 for the width or precision written out).
struct Conversion {
  size_t start = 0, end = 0;  // the text from '%' through the conversion letter
  std::string flags, width, precision, size;
  char letter = 0;
  int arg = 0, width_arg = 0, precision_arg = 0;
  bool positional = false, sequential = false;
};

// The argument type a conversion takes.
Kind kind_of(const Conversion& c) {
  switch (c.letter) {
    case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
      if (c.size == "ll" || c.size == "I64" || c.size == "j") return Kind::Int64;
      if (c.size == "I" || c.size == "z" || c.size == "t") return Kind::Native;
      return Kind::Int;
    case 'c': case 'C': return Kind::Int;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A': return Kind::Double;
    case 's': case 'S': case 'Z': case 'p': case 'n': return Kind::Pointer;
    default: return Kind::None;
  }
}

// "n$" at `i`: n, with `i` past it; 0 where there is none.
int position_at(const std::string& f, size_t& i) {
  size_t j = i;
  int n = 0;
  while (j < f.size() && f[j] >= '0' && f[j] <= '9') n = n * 10 + (f[j++] - '0');
  if (j == i || j >= f.size() || f[j] != '$' || n <= 0) return 0;
  i = j + 1;
  return n;
}

// The format's conversions; false for one that is not whole.
bool parse(const std::string& f, std::vector<Conversion>& out) {
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') continue;
    if (i + 1 < f.size() && f[i + 1] == '%') {
      ++i;
      continue;
    }
    Conversion c;
    c.start = i++;
    if (int n = position_at(f, i)) {
      c.arg = n;
      c.positional = true;
    }
    while (i < f.size() && std::strchr("+- 0#", f[i])) c.flags += f[i++];
    if (i < f.size() && f[i] == '*') {
      ++i;
      if (int n = position_at(f, i)) {
        c.width_arg = n;
        c.positional = true;
      } else {
        c.width_arg = -1;
        c.sequential = true;
      }
    }
    while (i < f.size() && f[i] >= '0' && f[i] <= '9') c.width += f[i++];
    if (i < f.size() && f[i] == '.') {
      c.precision = ".";
      ++i;
      if (i < f.size() && f[i] == '*') {
        ++i;
        if (int n = position_at(f, i)) {
          c.precision_arg = n;
          c.positional = true;
        } else {
          c.precision_arg = -1;
          c.sequential = true;
        }
      }
      while (i < f.size() && f[i] >= '0' && f[i] <= '9') c.precision += f[i++];
    }
    for (;;) {
      if (f.compare(i, 3, "I64") == 0 || f.compare(i, 3, "I32") == 0) {
        c.size += f.substr(i, 3);
        i += 3;
      } else if (i < f.size() && std::strchr("hlLwIjzt", f[i])) {
        c.size += f[i++];
      } else if (i + 1 < f.size() && (f[i] == 'F' || f[i] == 'N') && std::strchr("sSpcCnZ", f[i + 1])) {
        c.size += f[i++];  // msvcrt.dll's far and near pointers (%F alone is a conversion)
      } else {
        break;
      }
    }
    if (i >= f.size()) return false;
    c.letter = f[i];
    c.end = i + 1;
    if (!c.positional && kind_of(c) != Kind::None) c.sequential = true;
    out.push_back(c);
    i = c.end - 1;
  }
  return true;
}

// One argument's value as read from the call, by its type.
struct Value {
  Kind kind = Kind::None;
  uint64_t bits = 0;
};

// The conversion `c` formatted alone, its argument (and width and precision) given outright.
std::string format_one(WindowsProcess& p, uint64_t scratch, const Conversion& c, const std::vector<Value>& v,
                       bool wide, bool legacy) {
  std::string spec = "%" + c.flags;
  if (c.width_arg) {
    const auto w = static_cast<int32_t>(v[c.width_arg].bits);
    if (w < 0) spec += "-";
    spec += std::to_string(w < 0 ? -static_cast<int64_t>(w) : w);
  } else {
    spec += c.width;
  }
  if (c.precision_arg) {
    const auto prec = static_cast<int32_t>(v[c.precision_arg].bits);
    if (prec >= 0) spec += "." + std::to_string(prec);
  } else {
    spec += c.precision;
  }
  spec += c.size;
  spec += c.letter;
  const unsigned slot = p.isa->ptr;
  if (c.arg) {
    const Value& a = v[c.arg];
    std::memcpy(reinterpret_cast<void*>(scratch), &a.bits, 8);
  }
  VarArgs args{nullptr, 0, scratch, slot};
  return format_printf(spec.c_str(), args, wide, legacy);
}

}  // namespace

// `fmt` formatted with positional arguments (or, without positions, as format_printf formats it);
// `ok` false for an invalid format.
std::string format(WindowsProcess& p, const char* fmt, VarArgs& va, bool wide, bool legacy, bool& ok) {
  ok = true;
  const std::string f = fmt;
  std::vector<Conversion> convs;
  bool any_positional = false, any_sequential = false;
  if (parse(f, convs)) {
    for (const Conversion& c : convs) {
      any_positional |= c.positional;
      any_sequential |= c.sequential;
    }
  }
  if (!any_positional) return format_printf(fmt, va, wide, legacy);
  if (any_sequential) {
    ok = false;
    return {};
  }
  // Each argument's type: every use must agree; none may be left out.
  std::vector<Value> values(1);
  auto want = [&](int n, Kind k) {
    if (static_cast<size_t>(n) >= values.size()) values.resize(static_cast<size_t>(n) + 1);
    Kind& have = values[static_cast<size_t>(n)].kind;
    if (have != Kind::None && have != k) ok = false;
    have = k;
  };
  for (const Conversion& c : convs) {
    if (c.width_arg) want(c.width_arg, Kind::Int);
    if (c.precision_arg) want(c.precision_arg, Kind::Int);
    if (c.arg && kind_of(c) != Kind::None) want(c.arg, kind_of(c));
  }
  for (size_t n = 1; n < values.size(); ++n)
    if (values[n].kind == Kind::None) ok = false;
  if (!ok) return {};
  const bool wide_native = p.isa->ptr == 8;
  for (size_t n = 1; n < values.size(); ++n) {
    Value& v = values[n];
    switch (v.kind) {
      case Kind::Int64: case Kind::Double: v.bits = va.next_int64(); break;
      case Kind::Native: case Kind::Pointer: v.bits = wide_native ? va.next_int64() : va.next_int() & 0xffffffffull; break;
      default: v.bits = va.next_int() & 0xffffffffull; break;
    }
  }
  const uint64_t scratch = p.heap.alloc(16, true);
  std::string out;
  size_t at = 0;
  for (const Conversion& c : convs) {
    for (size_t i = at; i < c.start; ++i) {
      out += f[i];
      if (f[i] == '%' && i + 1 < c.start && f[i + 1] == '%') ++i;
    }
    out += format_one(p, scratch, c, values, wide, legacy);
    at = c.end;
  }
  for (size_t i = at; i < f.size(); ++i) {
    out += f[i];
    if (f[i] == '%' && i + 1 < f.size() && f[i + 1] == '%') ++i;
  }
  p.heap.free(scratch);
  return out;
}

namespace {

// An invalid format: the invalid-parameter handler, errno EINVAL, -1.
template <bool Ucrt>
int32_t invalid(WindowsProcess& p) {
  crt_invalid_parameter(p, Ucrt);
  *guest_errno(p) = kEinval;
  return -1;
}

// Stored in a buffer of `n` characters by _snprintf's rule (the length, or -1 when it does not
// fit: as much as fits, a NUL only where there is room); a null buffer only measures.
template <typename C>
int32_t store(const std::basic_string<C>& s, C* buf, uint64_t n) {
  if (!buf) return static_cast<int32_t>(s.size());  // only measured
  const size_t k = s.size() < n ? s.size() : n;
  std::memcpy(buf, s.data(), k * sizeof(C));
  if (s.size() < n) buf[s.size()] = 0;
  return s.size() <= n ? static_cast<int32_t>(s.size()) : -1;
}

// ---- narrow ----

template <bool Ucrt>
int32_t to_stream(WindowsProcess& p, Ptr f, CStr fmt, VarArgs& va, bool legacy = true) {
  bool ok;
  const std::string s = format(p, fmt.c_str(), va, false, legacy, ok);
  return ok ? write_formatted(p, f, s) : invalid<Ucrt>(p);
}
template <bool Ucrt>
int32_t to_buffer(WindowsProcess& p, Ptr buf, uint64_t n, CStr fmt, VarArgs& va, bool legacy = true) {
  bool ok;
  const std::string s = format(p, fmt.c_str(), va, false, legacy, ok);
  return ok ? store(s, buf.as<char>(), n) : invalid<Ucrt>(p);
}
int32_t count(WindowsProcess& p, CStr fmt, VarArgs& va) {
  bool ok;
  const std::string s = format(p, fmt.c_str(), va, false, true, ok);
  return ok ? static_cast<int32_t>(s.size()) : invalid<false>(p);
}
int32_t _fprintf_p_(WindowsProcess& p, Ptr f, CStr fmt, VarArgs va) { return to_stream<false>(p, f, fmt, va); }
int32_t _fprintf_p_l_(WindowsProcess& p, Ptr f, CStr fmt, Ptr, VarArgs va) { return to_stream<false>(p, f, fmt, va); }
int32_t _vfprintf_p_(WindowsProcess& p, Ptr f, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return to_stream<false>(p, f, fmt, v);
}
int32_t _vfprintf_p_l_(WindowsProcess& p, Ptr f, CStr fmt, Ptr, Ptr va) { return _vfprintf_p_(p, f, fmt, va); }
int32_t _vsprintf_p_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return to_buffer<false>(p, buf, n, fmt, v);
}
int32_t _vsprintf_p_l_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, Ptr, Ptr va) { return _vsprintf_p_(p, buf, n, fmt, va); }
int32_t _sprintf_p_l_(WindowsProcess& p, Ptr buf, USize n, CStr fmt, Ptr, VarArgs va) {
  return to_buffer<false>(p, buf, n, fmt, va);
}
int32_t _scprintf_p_l_(WindowsProcess& p, CStr fmt, Ptr, VarArgs va) { return count(p, fmt, va); }
int32_t _vscprintf_p_l_(WindowsProcess& p, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return count(p, fmt, v);
}

// ---- wide (%s takes a wide string, as in every wide function of msvcrt.dll) ----

std::u16string wide_format(WindowsProcess& p, WStr fmt, VarArgs& va, bool wide_strings, bool legacy, bool& ok) {
  const std::string narrow = utf16_to_utf8(fmt.str());
  return utf8_to_utf16(format(p, narrow.c_str(), va, wide_strings, legacy, ok));
}
template <bool Ucrt>
int32_t to_stream_w(WindowsProcess& p, Ptr f, WStr fmt, VarArgs& va, bool wide_strings = true, bool legacy = true) {
  bool ok;
  const std::string narrow = utf16_to_utf8(fmt.str());
  const std::string s = format(p, narrow.c_str(), va, wide_strings, legacy, ok);
  return ok ? write_formatted(p, f, s) : invalid<Ucrt>(p);
}
template <bool Ucrt>
int32_t to_buffer_w(WindowsProcess& p, Ptr buf, uint64_t n, WStr fmt, VarArgs& va, bool wide_strings = true,
                    bool legacy = true) {
  bool ok;
  const std::u16string s = wide_format(p, fmt, va, wide_strings, legacy, ok);
  return ok ? store(s, buf.as<char16_t>(), n) : invalid<Ucrt>(p);
}
int32_t count_w(WindowsProcess& p, WStr fmt, VarArgs& va) {
  bool ok;
  const std::u16string s = wide_format(p, fmt, va, true, true, ok);
  return ok ? static_cast<int32_t>(s.size()) : invalid<false>(p);
}
int32_t _fwprintf_p_(WindowsProcess& p, Ptr f, WStr fmt, VarArgs va) { return to_stream_w<false>(p, f, fmt, va); }
int32_t _fwprintf_p_l_(WindowsProcess& p, Ptr f, WStr fmt, Ptr, VarArgs va) { return to_stream_w<false>(p, f, fmt, va); }
int32_t _vfwprintf_p_(WindowsProcess& p, Ptr f, WStr fmt, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return to_stream_w<false>(p, f, fmt, v);
}
int32_t _vfwprintf_p_l_(WindowsProcess& p, Ptr f, WStr fmt, Ptr, Ptr va) { return _vfwprintf_p_(p, f, fmt, va); }
int32_t _swprintf_p_l_(WindowsProcess& p, Ptr buf, USize n, WStr fmt, Ptr, VarArgs va) {
  return to_buffer_w<false>(p, buf, n, fmt, va);
}
int32_t _vswprintf_p_l_(WindowsProcess& p, Ptr buf, USize n, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return to_buffer_w<false>(p, buf, n, fmt, v);
}
int32_t _scwprintf_p_l_(WindowsProcess& p, WStr fmt, Ptr, VarArgs va) { return count_w(p, fmt, va); }
int32_t _vscwprintf_p_l_(WindowsProcess& p, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return count_w(p, fmt, v);
}

// ---- the Universal CRT's entry points: options, then as their plain __stdio_common_ ones ----

constexpr uint64_t kLegacyWide = 4, kLegacyMsvcrt = 8, kThreeDigitExponents = 16;
bool legacy(uint64_t options) { return options & (kLegacyMsvcrt | kThreeDigitExponents); }
int32_t __stdio_common_vfprintf_p_(WindowsProcess& p, uint64_t options, Ptr f, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return to_stream<true>(p, f, fmt, v, legacy(options));
}
int32_t __stdio_common_vfwprintf_p_(WindowsProcess& p, uint64_t options, Ptr f, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return to_stream_w<true>(p, f, fmt, v, options & kLegacyWide, legacy(options));
}
int32_t __stdio_common_vsprintf_p_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, CStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return to_buffer<true>(p, buf, n, fmt, v, legacy(options));
}
int32_t __stdio_common_vswprintf_p_(WindowsProcess& p, uint64_t options, Ptr buf, USize n, WStr fmt, Ptr, Ptr va) {
  VarArgs v = va_list_at(p, va);
  return to_buffer_w<true>(p, buf, n, fmt, v, options & kLegacyWide, legacy(options));
}

}  // namespace
}  // namespace printf_positional

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp); the __stdio_common_ ones are ucrtbase.dll's.
const std::vector<Export>& msvcrt_printf_positional_exports() {
  using namespace printf_positional;
  static const std::vector<Export> exports = {
      EXPORT("_fprintf_p", _fprintf_p_),         EXPORT("_fprintf_p_l", _fprintf_p_l_),
      EXPORT("_vfprintf_p", _vfprintf_p_),       EXPORT("_vfprintf_p_l", _vfprintf_p_l_),
      EXPORT("_vsprintf_p", _vsprintf_p_),       EXPORT("_vsprintf_p_l", _vsprintf_p_l_),
      EXPORT("_sprintf_p_l", _sprintf_p_l_),     EXPORT("_scprintf_p_l", _scprintf_p_l_),
      EXPORT("_vscprintf_p_l", _vscprintf_p_l_), EXPORT("_fwprintf_p", _fwprintf_p_),
      EXPORT("_fwprintf_p_l", _fwprintf_p_l_),   EXPORT("_vfwprintf_p", _vfwprintf_p_),
      EXPORT("_vfwprintf_p_l", _vfwprintf_p_l_), EXPORT("_swprintf_p_l", _swprintf_p_l_),
      EXPORT("_vswprintf_p_l", _vswprintf_p_l_), EXPORT("_scwprintf_p_l", _scwprintf_p_l_),
      EXPORT("_vscwprintf_p_l", _vscwprintf_p_l_),
  };
  return exports;
}
const std::vector<Export>& ucrtbase_printf_positional_exports() {
  using namespace printf_positional;
  static const std::vector<Export> exports = {
      EXPORT("__stdio_common_vfprintf_p", __stdio_common_vfprintf_p_),
      EXPORT("__stdio_common_vfwprintf_p", __stdio_common_vfwprintf_p_),
      EXPORT("__stdio_common_vsprintf_p", __stdio_common_vsprintf_p_),
      EXPORT("__stdio_common_vswprintf_p", __stdio_common_vswprintf_p_),
  };
  return exports;
}

}  // namespace polyrun::shims
