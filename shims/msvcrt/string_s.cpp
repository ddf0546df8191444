// msvcrt.dll and the Universal CRT: the invalid-parameter handlers (_invalid_parameter,
// _invalid_parameter_noinfo, the process's and the thread's handler), and memory and string
// functions around them: the bounds-checked copies memcpy_s, memmove_s, wmemcpy_s, wmemmove_s,
// wcsncpy_s and wcsncat_s, the bounded case and fill functions (_strlwr_s, _wcsupr_s, _strnset_s,
// _wcsset_s …), wcstok_s; and the plain ones beside them: _memccpy, _memicmp, _strnset, _swab,
// _wcsnset, _wcsrev, _wcsset, wcsnlen, __strncnt, wcstok, _lfind, _lfind_s, _lsearch, _makepath
// and _wmakepath.
//
// A function given an invalid parameter calls the thread's invalid-parameter handler (the Universal
// CRT's _set_thread_local_invalid_parameter_handler), else the process's
// (_set_invalid_parameter_handler), sets errno and returns its error. With no handler, msvcrt.dll
// goes on; ucrtbase.dll raises STATUS_INVALID_CRUNTIME_PARAMETER, non-continuable, as wine 8.0's
// does (Windows' Universal CRT ends the process there by __fastfail). So each such function comes
// in both DLLs' forms (Ucrt = false, true).
#include <cerrno>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

// The handler gets (expression, function, file, line, reserved): all null but in a call of
// _invalid_parameter's that gives them.
void crt_invalid_parameter(WindowsProcess& p, bool ucrt, const std::vector<uint64_t>& args) {
  constexpr uint32_t kStatusInvalidCruntimeParameter = 0xc0000417, kExceptionNoncontinuable = 1;
  uint64_t handler = ucrt ? crt_thread(p).invalid_parameter_handler : 0;
  if (!handler) handler = get<uint64_t>(data_slot(p, "invalid-parameter-handler"));
  if (handler) {
    p.call_guest(handler, args);
    return;
  }
  if (ucrt) raise_from_host_call(p, kStatusInvalidCruntimeParameter, kExceptionNoncontinuable, {}, 0);
}

namespace string_s {
namespace {

constexpr uint32_t kStatusInvalidCruntimeParameter = 0xc0000417;
constexpr int32_t STRUNCATE = 80;

uint64_t& process_handler(WindowsProcess& p) { return data_slot(p, "invalid-parameter-handler"); }

template <bool Ucrt>
void invalid_parameter(WindowsProcess& p, const std::vector<uint64_t>& args = {0, 0, 0, 0, 0}) {
  crt_invalid_parameter(p, Ucrt, args);
}

// An invalid parameter: the handler, then errno `err`, which the caller returns.
template <bool Ucrt>
int32_t invalid(WindowsProcess& p, int32_t err) {
  *msvcrt_errno(p) = err;
  invalid_parameter<Ucrt>(p);
  return err;
}

// ---- the handlers ----

void _invalid_parameter_(WindowsProcess& p, Ptr expr, Ptr fn, Ptr file, uint32_t line, USize reserved) {
  invalid_parameter<false>(p, {expr.addr, fn.addr, file.addr, line, reserved});
}
void _invalid_parameter_noinfo_(WindowsProcess& p) { invalid_parameter<true>(p); }
// ... and the process ends with STATUS_INVALID_CRUNTIME_PARAMETER if the handler returns.
void _invalid_parameter_noinfo_noreturn_(WindowsProcess& p) {
  invalid_parameter<true>(p);
  flush_all(p);
  p.onexit.clear();
  p.terminate(static_cast<int>(kStatusInvalidCruntimeParameter));
}
Ptr _get_invalid_parameter_handler_(WindowsProcess& p) { return Ptr(get<uint64_t>(process_handler(p))); }
Ptr _set_thread_local_invalid_parameter_handler_(WindowsProcess& p, Ptr handler) {
  uint64_t old = crt_thread(p).invalid_parameter_handler;
  crt_thread(p).invalid_parameter_handler = handler.addr;
  return Ptr(old);
}
Ptr _get_thread_local_invalid_parameter_handler_(WindowsProcess& p) {
  return Ptr(crt_thread(p).invalid_parameter_handler);
}

// ---- bounds-checked copies ----

// memcpy_s and wmemcpy_s (elements of `unit` bytes): a missing source or too small a destination
// clears the destination.
template <bool Ucrt, size_t unit>
int32_t copy_checked(WindowsProcess& p, Ptr dst, USize size, Ptr src, USize count) {
  if (!count) return 0;
  if (!dst) return invalid<Ucrt>(p, EINVAL);
  if (!src) {
    std::memset(dst.as<char>(), 0, size * unit);
    return invalid<Ucrt>(p, EINVAL);
  }
  if (count > size) {
    std::memset(dst.as<char>(), 0, size * unit);
    return invalid<Ucrt>(p, ERANGE);
  }
  std::memmove(dst.as<char>(), src.as<char>(), count * unit);
  return 0;
}
template <bool Ucrt>
int32_t memcpy_s_(WindowsProcess& p, Ptr dst, USize size, Ptr src, USize count) {
  return copy_checked<Ucrt, 1>(p, dst, size, src, count);
}
int32_t wmemcpy_s_(WindowsProcess& p, Ptr dst, USize size, Ptr src, USize count) {
  return copy_checked<true, 2>(p, dst, size, src, count);
}
// memmove_s and wmemmove_s leave the destination alone on an error.
template <bool Ucrt, size_t unit>
int32_t move_checked(WindowsProcess& p, Ptr dst, USize size, Ptr src, USize count) {
  if (!count) return 0;
  if (!dst || !src) return invalid<Ucrt>(p, EINVAL);
  if (count > size) return invalid<Ucrt>(p, ERANGE);
  std::memmove(dst.as<char>(), src.as<char>(), count * unit);
  return 0;
}

template <bool Ucrt>
int32_t memmove_s_(WindowsProcess& p, Ptr dst, USize size, Ptr src, USize count) {
  return move_checked<Ucrt, 1>(p, dst, size, src, count);
}
int32_t wmemmove_s_(WindowsProcess& p, Ptr dst, USize size, Ptr src, USize count) {
  return move_checked<true, 2>(p, dst, size, src, count);
}

uint64_t truncate_value(WindowsProcess& p) { return p.isa->ptr == 4 ? 0xffffffffull : ~0ull; }

// wcsncpy_s: at most `count` characters and a NUL; _TRUNCATE copies what fits (STRUNCATE).
template <bool Ucrt>
int32_t wcsncpy_s_(WindowsProcess& p, Ptr dst, USize elems, Ptr src, USize count) {
  const bool truncate = count == truncate_value(p);
  char16_t* d = dst.as<char16_t>();
  if (!count) {
    if (dst && elems) d[0] = 0;
    return 0;
  }
  if (!dst || !elems) return invalid<Ucrt>(p, EINVAL);
  if (!src) {
    d[0] = 0;
    return invalid<Ucrt>(p, EINVAL);
  }
  const char16_t* s = src.as<const char16_t>();
  uint64_t room = elems, left = count, i = 0;
  while (room && left && s[i]) {
    d[i] = s[i];
    ++i, --room, --left;
  }
  if (!room) {
    if (truncate) {
      d[i - 1] = 0;
      return STRUNCATE;
    }
    d[0] = 0;
    return ERANGE;  // (no handler, errno untouched)
  }
  d[i] = 0;
  return 0;
}

// wcsncat_s: appends at most `count` characters.
template <bool Ucrt>
int32_t wcsncat_s_(WindowsProcess& p, Ptr dst, USize elems, Ptr src, USize count) {
  if (!dst || !elems) return invalid<Ucrt>(p, EINVAL);
  if (!count) return 0;
  char16_t* d = dst.as<char16_t>();
  if (!src) {
    d[0] = 0;
    return invalid<Ucrt>(p, EINVAL);
  }
  const char16_t* s = src.as<const char16_t>();
  uint64_t i = 0;
  while (i < elems && d[i]) ++i;
  if (i == elems) {
    d[0] = 0;
    return invalid<Ucrt>(p, EINVAL);
  }
  const bool truncate = count == truncate_value(p);
  for (uint64_t j = 0; i + j < elems; ++j) {
    if (truncate && i + j == elems - 1) {
      d[i + j] = 0;
      return STRUNCATE;
    }
    if (j == count || (d[i + j] = s[j]) == 0) {
      d[i + j] = 0;
      return 0;
    }
  }
  d[0] = 0;
  return invalid<Ucrt>(p, ERANGE);
}

// ---- bounded case and fill ("C" locale: ASCII letters) ----

template <typename C>
C lower(C c) { return c >= 'A' && c <= 'Z' ? static_cast<C>(c + 32) : c; }
template <typename C>
C upper(C c) { return c >= 'a' && c <= 'z' ? static_cast<C>(c - 32) : c; }

// _strlwr_s and _strupr_s: EINVAL (errno, no handler) for no string, no room, or no NUL within it.
template <bool Upper>
int32_t narrow_case_s(WindowsProcess& p, Ptr str, USize len) {
  if (!str || !len) return *msvcrt_errno(p) = EINVAL;
  char* s = str.as<char>();
  uint64_t n = 0;
  while (n < len && s[n]) ++n;
  if (n == len) {
    s[0] = 0;
    return *msvcrt_errno(p) = EINVAL;
  }
  for (char* q = s; *q; ++q) *q = Upper ? upper(*q) : lower(*q);
  return 0;
}
int32_t _strlwr_s_(WindowsProcess& p, Ptr str, USize len) { return narrow_case_s<false>(p, str, len); }
int32_t _strupr_s_(WindowsProcess& p, Ptr str, USize len) { return narrow_case_s<true>(p, str, len); }
// _wcslwr_s and _wcsupr_s convert as they go: without a NUL within the buffer, the string is
// emptied (EINVAL).
template <bool Upper>
int32_t wide_case_s(WindowsProcess& p, Ptr str, USize len) {
  char16_t* s = str.as<char16_t>();
  if (!str || !len) {
    if (str) s[0] = 0;
    return *msvcrt_errno(p) = EINVAL;
  }
  for (uint64_t i = 0; i < len; ++i) {
    if (!s[i]) return 0;
    s[i] = Upper ? upper(s[i]) : lower(s[i]);
  }
  s[0] = 0;
  return *msvcrt_errno(p) = EINVAL;
}
int32_t _wcslwr_s_(WindowsProcess& p, Ptr str, USize len) { return wide_case_s<false>(p, str, len); }
int32_t _wcsupr_s_(WindowsProcess& p, Ptr str, USize len) { return wide_case_s<true>(p, str, len); }

// _strnset_s and _wcsnset_s: at most `count` characters set; the string must end within `size`.
template <bool Ucrt, typename C>
int32_t nset_s(WindowsProcess& p, Ptr str, USize size, int32_t c, USize count) {
  if (!str && !size && !count) return 0;
  if (!str || !size) return invalid<Ucrt>(p, EINVAL);
  C* s = str.as<C>();
  uint64_t i = 0;
  for (; i < size - 1 && i < count; ++i) {
    if (!s[i]) return 0;
    s[i] = static_cast<C>(c);
  }
  for (; i < size; ++i)
    if (!s[i]) return 0;
  s[0] = 0;
  return invalid<Ucrt>(p, EINVAL);
}
template <bool Ucrt>
int32_t _strnset_s_(WindowsProcess& p, Ptr str, USize size, int32_t c, USize count) {
  return nset_s<Ucrt, char>(p, str, size, c, count);
}
template <bool Ucrt>
int32_t _wcsnset_s_(WindowsProcess& p, Ptr str, USize size, uint16_t c, USize count) {
  return nset_s<Ucrt, char16_t>(p, str, size, c, count);
}
template <bool Ucrt>
int32_t _wcsset_s_(WindowsProcess& p, Ptr str, USize size, uint16_t c) {
  if (!str || !size) return invalid<Ucrt>(p, EINVAL);
  char16_t* s = str.as<char16_t>();
  uint64_t n = size, i = 0;
  while (s[i] && --n) s[i++] = c;
  if (!n) {
    s[0] = 0;
    return invalid<Ucrt>(p, EINVAL);
  }
  return 0;
}

// ---- tokens ----

Ptr wide_token(char16_t* str, const char16_t* delim, uint64_t& next) {
  auto in = [&](char16_t c) {
    for (const char16_t* d = delim; *d; ++d)
      if (*d == c) return true;
    return false;
  };
  if (!str) str = reinterpret_cast<char16_t*>(next);
  while (*str && in(*str)) ++str;
  Ptr r(0);
  if (*str) {
    r = Ptr(reinterpret_cast<uint64_t>(str++));
    while (*str && !in(*str)) ++str;
    if (*str) *str++ = 0;
  }
  next = reinterpret_cast<uint64_t>(str);
  return r;
}
template <bool Ucrt>
Ptr wcstok_s_(WindowsProcess& p, Ptr str, Ptr delim, Ptr context) {
  if (!delim || !context || (!str && !p.get_ptr(context.addr))) {
    invalid<Ucrt>(p, EINVAL);
    return Ptr(0);
  }
  uint64_t next = p.get_ptr(context.addr);
  Ptr r = wide_token(str.as<char16_t>(), delim.as<const char16_t>(), next);
  p.put_ptr(context.addr, next);
  return r;
}
// msvcrt.dll's wcstok keeps its position per thread.
Ptr wcstok_msvcrt_(WindowsProcess& p, Ptr str, Ptr delim) {
  uint64_t& next = crt_thread(p).wcstok_next;
  if (!str && !next) return Ptr(0);
  return wide_token(str.as<char16_t>(), delim.as<const char16_t>(), next);
}
// The Universal CRT's takes the position's place as its third argument (the thread's if null).
Ptr wcstok_ucrt_(WindowsProcess& p, Ptr str, Ptr delim, Ptr context) {
  if (context) return wcstok_s_<true>(p, str, delim, context);
  uint64_t& next = crt_thread(p).wcstok_next;
  if (!str && !next) {
    invalid<true>(p, EINVAL);
    return Ptr(0);
  }
  return wide_token(str.as<char16_t>(), delim.as<const char16_t>(), next);
}

// ---- plain memory and string functions ----

// _memccpy: copies up to and including the first byte `c`; the byte after it, or null.
Ptr _memccpy_(WindowsProcess&, Ptr dst, Ptr src, int32_t c, USize n) {
  auto* d = dst.as<unsigned char>();
  const auto* s = src.as<const unsigned char>();
  for (uint64_t i = 0; i < n; ++i)
    if ((d[i] = s[i]) == static_cast<unsigned char>(c)) return Ptr(dst.addr + i + 1);
  return Ptr(0);
}
// _memicmp: case-blind ("C" locale); null pointers with a length are an invalid parameter
// (_NLSCMPERROR, 0x7fffffff).
template <bool Ucrt>
int32_t _memicmp_(WindowsProcess& p, Ptr a, Ptr b, USize n) {
  if (!a || !b) {
    if (!n) return 0;
    invalid<Ucrt>(p, EINVAL);
    return 0x7fffffff;
  }
  const auto* x = a.as<const unsigned char>();
  const auto* y = b.as<const unsigned char>();
  for (uint64_t i = 0; i < n; ++i)
    if (int d = lower<int>(x[i]) - lower<int>(y[i])) return d;
  return 0;
}
Ptr _strnset_(WindowsProcess&, Ptr str, int32_t c, USize n) {
  char* s = str.as<char>();
  for (uint64_t i = 0; str && i < n && s[i]; ++i) s[i] = static_cast<char>(c);
  return str;
}
Ptr _wcsnset_(WindowsProcess&, Ptr str, uint16_t c, USize n) {
  char16_t* s = str.as<char16_t>();
  for (uint64_t i = 0; i < n && s[i]; ++i) s[i] = c;
  return str;
}
Ptr _wcsset_(WindowsProcess&, Ptr str, uint16_t c) {
  for (char16_t* s = str.as<char16_t>(); *s; ++s) *s = c;
  return str;
}
Ptr _wcsrev_(WindowsProcess&, Ptr str) {
  char16_t* b = str.as<char16_t>();
  char16_t* e = b;
  while (*e) ++e;
  while (b < e && b < --e) std::swap(*b++, *e);
  return str;
}
// _swab: swaps each pair of bytes (an odd last byte is left).
void _swab_(WindowsProcess&, Ptr src, Ptr dst, int32_t len) {
  if (len < 2) return;
  const char* s = src.as<const char>();
  char* d = dst.as<char>();
  for (uint32_t i = 0, n = static_cast<uint32_t>(len) / 2; i < n; ++i) {
    char a = s[2 * i], b = s[2 * i + 1];
    d[2 * i] = b;
    d[2 * i + 1] = a;
  }
}
USize wcsnlen_(WindowsProcess&, Ptr s, USize max) {
  const char16_t* w = s.as<const char16_t>();
  uint64_t i = 0;
  while (i < max && w[i]) ++i;
  return i;
}
// __strncnt: the length, at most `size`.
USize __strncnt_(WindowsProcess&, CStr s, USize size) {
  const char* c = s.c_str();
  uint64_t n = 0;
  while (n < size && c[n]) ++n;
  return n;
}

// ---- linear search ----

Ptr linear_find(WindowsProcess& p, Ptr key, Ptr base, uint32_t count, uint32_t size, Ptr compare, Ptr context,
                bool with_context) {
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t elem = base.addr + uint64_t{i} * size;
    uint64_t r = with_context ? p.call_guest(compare.addr, {context.addr, key.addr, elem})
                              : p.call_guest(compare.addr, {key.addr, elem});
    if (static_cast<int32_t>(r) == 0) return Ptr(elem);
  }
  return Ptr(0);
}
Ptr _lfind_(WindowsProcess& p, Ptr key, Ptr base, Ptr count, uint32_t size, Ptr compare) {
  return linear_find(p, key, base, get<uint32_t>(count.addr), size, compare, Ptr(0), false);
}
template <bool Ucrt>
Ptr _lfind_s_(WindowsProcess& p, Ptr key, Ptr base, Ptr count, uint32_t size, Ptr compare, Ptr context) {
  if (!key || !count || (!base && get<uint32_t>(count.addr)) || !compare || !size) {
    invalid<Ucrt>(p, EINVAL);
    return Ptr(0);
  }
  return linear_find(p, key, base, get<uint32_t>(count.addr), size, compare, context, true);
}
// _lsearch: as _lfind, but a key not found is appended and the count grows.
Ptr _lsearch_(WindowsProcess& p, Ptr key, Ptr base, Ptr count, uint32_t size, Ptr compare) {
  uint32_t n = get<uint32_t>(count.addr);
  if (Ptr found = linear_find(p, key, base, n, size, compare, Ptr(0), false)) return found;
  uint64_t end = base.addr + uint64_t{n} * size;
  std::memcpy(reinterpret_cast<void*>(end), key.as<void>(), size);
  put<uint32_t>(count.addr, n + 1);
  return Ptr(end);
}

// ---- paths ----

// _makepath: drive letter and colon, directory (with a backslash added unless it ends in a slash),
// name, and extension (with a dot added unless it starts with one).
template <typename C>
void make_path(C* out, const C* drive, const C* dir, const C* name, const C* ext) {
  if (!out) return;
  auto len = [](const C* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
  };
  C* q = out;
  if (drive && drive[0]) {
    *q++ = drive[0];
    *q++ = ':';
  }
  if (dir && dir[0]) {
    size_t n = len(dir);
    std::memmove(q, dir, n * sizeof(C));
    q += n;
    if (q[-1] != '/' && q[-1] != '\\') *q++ = '\\';
  }
  if (name && name[0]) {
    size_t n = len(name);
    std::memmove(q, name, n * sizeof(C));
    q += n;
  }
  if (ext && ext[0]) {
    if (ext[0] != '.') *q++ = '.';
    size_t n = len(ext);
    std::memmove(q, ext, (n + 1) * sizeof(C));
  } else {
    *q = 0;
  }
}
void _makepath_(WindowsProcess&, Ptr out, Ptr drive, Ptr dir, Ptr name, Ptr ext) {
  make_path(out.as<char>(), drive.as<const char>(), dir.as<const char>(), name.as<const char>(), ext.as<const char>());
}
void _wmakepath_(WindowsProcess&, Ptr out, Ptr drive, Ptr dir, Ptr name, Ptr ext) {
  make_path(out.as<char16_t>(), drive.as<const char16_t>(), dir.as<const char16_t>(), name.as<const char16_t>(),
            ext.as<const char16_t>());
}

// The functions both DLLs have, in DLL `Ucrt`'s form.
template <bool Ucrt>
std::vector<Export> checked_exports() {
  return {
      EXPORT("memcpy_s", memcpy_s_<Ucrt>),
      EXPORT("memmove_s", memmove_s_<Ucrt>),
      EXPORT("wcsncpy_s", wcsncpy_s_<Ucrt>),
      EXPORT("wcsncat_s", wcsncat_s_<Ucrt>),
      EXPORT("_strnset_s", _strnset_s_<Ucrt>),
      EXPORT("_wcsnset_s", _wcsnset_s_<Ucrt>),
      EXPORT("_wcsset_s", _wcsset_s_<Ucrt>),
      EXPORT("wcstok_s", wcstok_s_<Ucrt>),
      EXPORT("_memicmp", _memicmp_<Ucrt>),
      EXPORT("_lfind_s", _lfind_s_<Ucrt>),
  };
}

}  // namespace
}  // namespace string_s

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_string_s_exports() {
  using namespace string_s;
  static const std::vector<Export> exports = [] {
    std::vector<Export> all = checked_exports<false>();
    const std::vector<Export> more = {
        EXPORT("_invalid_parameter", _invalid_parameter_),
        EXPORT("_strlwr_s", _strlwr_s_),
        EXPORT("_strupr_s", _strupr_s_),
        EXPORT("_wcslwr_s", _wcslwr_s_),
        EXPORT("_wcsupr_s", _wcsupr_s_),
        EXPORT("wcstok", wcstok_msvcrt_),
        EXPORT("_memccpy", _memccpy_),
        EXPORT("_strnset", _strnset_),
        EXPORT("_wcsnset", _wcsnset_),
        EXPORT("_wcsset", _wcsset_),
        EXPORT("_wcsrev", _wcsrev_),
        EXPORT("_swab", _swab_),
        EXPORT("wcsnlen", wcsnlen_),
        EXPORT("__strncnt", __strncnt_),
        EXPORT("_lfind", _lfind_),
        EXPORT("_lsearch", _lsearch_),
        EXPORT("_makepath", _makepath_),
        EXPORT("_wmakepath", _wmakepath_),
    };
    all.insert(all.end(), more.begin(), more.end());
    return all;
  }();
  return exports;
}

// The Universal CRT's forms and its own (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_string_s_exports() {
  using namespace string_s;
  static const std::vector<Export> exports = [] {
    std::vector<Export> all = checked_exports<true>();
    const std::vector<Export> more = {
        EXPORT("wmemcpy_s", wmemcpy_s_),
        EXPORT("wmemmove_s", wmemmove_s_),
        EXPORT("wcstok", wcstok_ucrt_),
        EXPORT("_invalid_parameter_noinfo", _invalid_parameter_noinfo_),
        EXPORT("_invalid_parameter_noinfo_noreturn", _invalid_parameter_noinfo_noreturn_),
        EXPORT("_get_invalid_parameter_handler", _get_invalid_parameter_handler_),
        EXPORT("_set_thread_local_invalid_parameter_handler", _set_thread_local_invalid_parameter_handler_),
        EXPORT("_get_thread_local_invalid_parameter_handler", _get_thread_local_invalid_parameter_handler_),
    };
    all.insert(all.end(), more.begin(), more.end());
    return all;
  }();
  return exports;
}

}  // namespace polyrun::shims
