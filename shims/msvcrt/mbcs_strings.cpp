// msvcrt.dll and the Universal CRT, multibyte strings in the process's multibyte code page
// (msvcrt/mbcs.h): moving through them (_mbsinc, _mbsdec, _mbsninc), their lengths (_mbslen,
// _mbsnlen, _mbstrlen, _mbsnccnt, _mbsnbcnt), copies and concatenations (_mbscpy, _mbsncpy,
// _mbsnbcpy, _mbscat, _mbsncat, _mbsnbcat and the _s forms, _mbsdup), comparisons and collation
// (_mbscmp, _mbsicmp, _mbsncmp, _mbsnbcmp, _mbsnicmp, _mbsnbicmp, _mbscoll …), searches (_mbschr,
// _mbsrchr, _mbsstr, _mbspbrk, _mbsspn, _mbscspn, _mbsspnp, _mbstok), and changes in place
// (_mbsrev, _mbsset, _mbsnset, _mbsnbset, _mbslwr, _mbsupr and their _s forms). In a code page of
// single bytes each is its str* counterpart; in a double-byte one a lead byte and its trail are one
// character. Each `_l` form is its plain form (msvcrt/mbcs_chars.cpp says why).
#include <algorithm>
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/mbcs.h"

namespace polyrun::shims {

namespace mbcs {
namespace {

constexpr int32_t kNlsCmpError = 0x7fffffff;  // _NLSCMPERROR

using Bytes = uint8_t*;
Bytes b(Ptr p) { return p.as<uint8_t>(); }
Ptr at(const uint8_t* s) { return Ptr(reinterpret_cast<uint64_t>(s)); }
// A single byte's case by the locale (msvcrt/crt_locale.h: the "C" locale's ASCII letters, a code
// page's letters in another), as a single-byte code page's strings have it.
uint8_t locale_lower(WindowsProcess& p, uint8_t c) { return crt_locale::ctype(p)->lower[c]; }
uint8_t locale_upper(WindowsProcess& p, uint8_t c) { return crt_locale::ctype(p)->upper[c]; }

// An invalid parameter: errno `err`, then the handler (msvcrt/string_s.cpp).
template <bool Ucrt>
int32_t invalid(WindowsProcess& p, int32_t err) {
  *guest_errno(p) = err;
  crt_invalid_parameter(p, Ucrt);
  return err;
}

// ---- moving and counting ----

Ptr _mbsinc_(WindowsProcess& p, Ptr s) {
  const uint8_t* c = b(s);
  return at(c + (is_lead(*current(p), c[0]) && c[1] ? 2 : 1));
}
// The character before `cur`, reading from `start`; null where `cur` is not after `start`.
Ptr _mbsdec_(WindowsProcess& p, Ptr start, Ptr cur) {
  if (start.addr >= cur.addr) return Ptr(0);
  const auto m = current(p);
  if (!m->multibyte) return Ptr(cur.addr - 1);
  // Whether the byte before `cur` is a trail: the byte before it a lead byte, reading from start.
  bool lead = false, before_is_lead = false;
  for (const uint8_t* s = b(start); s < b(cur) - 1; ++s) {
    if (!*s) {
      lead = false;
      break;
    }
    lead = !lead && is_lead(*m, *s);
  }
  before_is_lead = lead;
  return Ptr(cur.addr - (before_is_lead ? 2 : 1));
}
Ptr _mbsninc_(WindowsProcess& p, Ptr s, USize n) {
  if (!s) return Ptr(0);
  const auto m = current(p);
  const uint8_t* c = b(s);
  for (uint64_t left = n; left > 0 && *c; --left) {
    if (is_lead(*m, *c)) {
      if (!c[1]) break;
      ++c;
    }
    ++c;
  }
  return at(c);
}
// Characters in at most `max` bytes (a lead byte whose trail is the NUL does not count).
USize _mbsnlen_(WindowsProcess& p, Ptr s, USize max) {
  const auto m = current(p);
  const uint8_t* c = b(s);
  if (!m->multibyte) return strnlen(reinterpret_cast<const char*>(c), max);
  uint64_t i = 0, len = 0;
  while (i < max && c[i]) {
    if (is_lead(*m, c[i])) {
      ++i;
      if (!c[i]) break;
    }
    ++i;
    ++len;
  }
  return i < max ? len : static_cast<uint64_t>(max);
}
USize _mbslen_(WindowsProcess& p, Ptr s) { return _mbsnlen_(p, s, ~0ull); }
// _mbstrlen: characters by the locale's rules; the "C" locale's are single bytes.
USize _mbstrlen_(WindowsProcess&, CStr s) { return std::strlen(s.c_str()); }
// _mbsnccnt: characters in the first `n` bytes; _mbsnbcnt: bytes in the first `n` characters.
USize _mbsnccnt_(WindowsProcess& p, Ptr s, USize n) {
  const auto m = current(p);
  const uint8_t* c = b(s);
  if (!m->multibyte) return std::min<uint64_t>(std::strlen(reinterpret_cast<const char*>(c)), n);
  uint64_t count = 0, left = n;
  while (*c && left-- > 0) {
    if (is_lead(*m, *c)) {
      if (!left) break;
      --left;
      ++c;
    }
    ++c;
    ++count;
  }
  return count;
}
USize _mbsnbcnt_(WindowsProcess& p, Ptr s, USize n) {
  const auto m = current(p);
  const uint8_t* c = b(s);
  if (!m->multibyte) return std::min<uint64_t>(std::strlen(reinterpret_cast<const char*>(c)), n);
  const uint8_t* x = c;
  for (uint64_t left = n; *x && left-- > 0;)
    if (is_lead(*m, *x++)) ++x;
  return static_cast<uint64_t>(x - c);
}

// ---- copies ----

Ptr _mbscpy_(WindowsProcess&, Ptr dst, CStr src) {
  std::strcpy(dst.as<char>(), src.c_str());
  return dst;
}
Ptr _mbscat_(WindowsProcess&, Ptr dst, CStr src) {
  std::strcat(dst.as<char>(), src.c_str());
  return dst;
}
Ptr _mbsdup_(WindowsProcess& p, CStr s) {
  if (!s.addr) return Ptr(0);
  const size_t n = std::strlen(s.c_str()) + 1;
  const uint64_t copy = p.heap.alloc(n);
  if (copy) std::memcpy(reinterpret_cast<void*>(copy), s.c_str(), n);
  return Ptr(copy);
}
// _mbsncpy: `n` characters (a lead byte before the NUL ends the copy with two NULs), the rest of
// `n` filled with NULs.
Ptr _mbsncpy_(WindowsProcess& p, Ptr dst, Ptr src, USize n) {
  uint64_t left = n;
  if (!left) return dst;
  const auto m = current(p);
  uint8_t* d = b(dst);
  const uint8_t* s = b(src);
  if (m->multibyte) {
    while (*s && left) {
      --left;
      if (is_lead(*m, *s)) {
        if (!s[1]) {
          *d++ = 0;
          *d++ = 0;
          break;
        }
        *d++ = *s++;
      }
      *d++ = *s++;
    }
  } else {
    while (left) {
      --left;
      if (!(*d++ = *s++)) break;
    }
  }
  while (left--) *d++ = 0;
  return dst;
}
// _mbsnbcpy: `n` bytes (a lead byte cut from its trail becomes a NUL), the rest filled with NULs.
Ptr _mbsnbcpy_(WindowsProcess& p, Ptr dst, Ptr src, USize n) {
  uint64_t left = n;
  if (!left) return dst;
  const auto m = current(p);
  uint8_t* d = b(dst);
  const uint8_t* s = b(src);
  if (m->multibyte) {
    bool lead = false;
    while (*s && left) {
      lead = !lead && is_lead(*m, *s);
      --left;
      *d++ = *s++;
    }
    if (lead) d[-1] = 0;
  } else {
    while (left) {
      --left;
      if (!(*d++ = *s++)) break;
    }
  }
  while (left--) *d++ = 0;
  return dst;
}
// _mbsnbcpy_s: at most `n` bytes into `size`, terminated; EINVAL, ERANGE (the destination emptied).
int32_t _mbsnbcpy_s_(WindowsProcess& p, Ptr dst, USize size, Ptr src, USize n) {
  if (!dst || size == 0) return kEinval;
  uint8_t* d = b(dst);
  if (!src) {
    d[0] = 0;
    return kEinval;
  }
  if (!n) return 0;
  const auto m = current(p);
  const uint8_t* s = b(src);
  uint64_t pos = 0, left = n;
  if (m->multibyte) {
    bool lead = false;
    while (*s && left) {
      if (pos == size) {
        d[0] = 0;
        return kErange;
      }
      lead = !lead && is_lead(*m, *s);
      --left;
      d[pos++] = *s++;
    }
    if (lead) d[pos - 1] = 0;
  } else {
    while (left) {
      --left;
      if (pos == size) {
        d[0] = 0;
        return kErange;
      }
      if (!*s) break;
      d[pos++] = *s++;
    }
  }
  if (pos < size) {
    d[pos] = 0;
    return 0;
  }
  d[0] = 0;
  return kErange;
}
int32_t _mbscpy_s_(WindowsProcess& p, Ptr dst, USize size, Ptr src) { return _mbsnbcpy_s_(p, dst, size, src, ~0ull); }

// _mbscat_s: appended whole (a lead byte at either string's end dropped: EILSEQ); EINVAL for an
// unterminated destination, ERANGE where it does not fit (the destination emptied).
template <bool Ucrt>
int32_t _mbscat_s_(WindowsProcess& p, Ptr dst, USize size, Ptr src) {
  if (!dst || !src) return invalid<Ucrt>(p, kEinval);
  const auto m = current(p);
  uint8_t* d = b(dst);
  const uint8_t* s = b(src);
  uint64_t i = 0, j = 0;
  int32_t ret = 0;
  while (i < size && d[i]) ++i;
  if (i == size) {
    if (size) d[0] = 0;
    return invalid<Ucrt>(p, kEinval);
  }
  if (i && is_lead(*m, d[i - 1])) {
    ret = kEilseq;
    --i;
  }
  for (; s[j] && i + j < size; ++j) d[i + j] = s[j];
  if (i + j == size) {
    d[0] = 0;
    return invalid<Ucrt>(p, kErange);
  }
  if (j && is_lead(*m, s[j - 1])) {
    ret = kEilseq;
    --j;
  }
  d[i + j] = 0;
  return ret;
}
// _mbsncat: `n` characters of src after dst's.
Ptr _mbsncat_(WindowsProcess& p, Ptr dst, Ptr src, USize n) {
  const auto m = current(p);
  if (!m->multibyte) return Ptr(reinterpret_cast<uint64_t>(std::strncat(dst.as<char>(), src.as<const char>(), n)));
  uint8_t* d = b(dst);
  const uint8_t* s = b(src);
  while (*d)
    if (is_lead(*m, *d++)) ++d;
  for (uint64_t left = n; *s && left--;) {
    *d++ = *s;
    if (is_lead(*m, *s++)) *d++ = *s++;
  }
  *d = 0;
  return dst;
}
// _mbsnbcat: `n` bytes of src after dst's (over a lead byte dst ends with).
Ptr _mbsnbcat_(WindowsProcess& p, Ptr dst, Ptr src, USize n) {
  const auto m = current(p);
  if (!m->multibyte) return Ptr(reinterpret_cast<uint64_t>(std::strncat(dst.as<char>(), src.as<const char>(), n)));
  uint8_t* d = b(dst);
  const uint8_t* s = b(src);
  while (*d) {
    if (is_lead(*m, *d++)) {
      if (*d) {
        ++d;
      } else {
        --d;
        break;
      }
    }
  }
  for (uint64_t left = n; *s && left--;) *d++ = *s++;
  *d = 0;
  return dst;
}
// _mbsnbcat_s: EINVAL (errno too) for a missing argument or an unterminated destination, ERANGE
// where it does not fit; the destination emptied on either.
int32_t _mbsnbcat_s_(WindowsProcess& p, Ptr dst, USize size, Ptr src, USize n) {
  if (!dst && !size && !src && !n) return 0;
  if (!dst || !size || !src) {
    if (dst && size) put<uint8_t>(dst.addr, 0);
    *guest_errno(p) = kEinval;
    return kEinval;
  }
  const auto m = current(p);
  uint8_t* d = b(dst);
  uint8_t* e = d;
  const uint8_t* s = b(src);
  uint64_t room = size;
  while (room && *e) --room, ++e;
  if (!room) {
    *d = 0;
    *guest_errno(p) = kEinval;
    return kEinval;
  }
  if (e != d && m->multibyte && is_lead(*m, e[-1])) ++room, --e;
  for (uint64_t i = 0; *s && i < n; ++i) {
    *e++ = *s++;
    if (!--room) {
      *d = 0;
      *guest_errno(p) = kErange;
      return kErange;
    }
  }
  *e = 0;
  return 0;
}

// ---- comparisons ----

// By characters (a two-byte character's value above every single byte's), else bytes; the
// invalid-parameter handler and _NLSCMPERROR for a null string.
template <bool Ucrt, bool Fold>
int32_t compare(WindowsProcess& p, Ptr a, Ptr c, uint64_t n) {
  if (!a || !c) {
    invalid<Ucrt>(p, kEinval);
    return kNlsCmpError;
  }
  const auto m = current(p);
  const uint8_t* s = b(a);
  const uint8_t* t = b(c);
  if (!m->multibyte) {
    for (; n; --n, ++s, ++t) {
      const uint8_t x = Fold ? locale_lower(p, *s) : *s, y = Fold ? locale_lower(p, *t) : *t;
      if (x != y) return x < y ? -1 : 1;
      if (!x) return 0;
    }
    return 0;
  }
  for (; n; --n) {
    if (!*s) return *t ? -1 : 0;
    if (!*t) return 1;
    uint32_t x = next_char(*m, s), y = next_char(*m, t);
    if (Fold) {
      x = to_lower(p, *m, x);
      y = to_lower(p, *m, y);
    }
    if (x != y) return x < y ? -1 : 1;
    const int step = x > 0xff ? 2 : 1;
    s += step;
    t += step;
  }
  return 0;
}
template <bool Ucrt>
int32_t _mbscmp_(WindowsProcess& p, Ptr a, Ptr c) { return compare<Ucrt, false>(p, a, c, ~0ull); }
template <bool Ucrt>
int32_t _mbsicmp_(WindowsProcess& p, Ptr a, Ptr c) { return compare<Ucrt, true>(p, a, c, ~0ull); }
int32_t _mbsncmp_(WindowsProcess& p, Ptr a, Ptr c, USize n) { return n ? compare<false, false>(p, a, c, n) : 0; }
int32_t _mbsnicmp_(WindowsProcess& p, Ptr a, Ptr c, USize n) { return n ? compare<false, true>(p, a, c, n) : 0; }
// By at most `n` bytes: a two-byte character the count cuts in two compares as 0.
template <bool Fold>
int32_t compare_bytes(WindowsProcess& p, Ptr a, Ptr c, uint64_t n) {
  if (!n) return 0;
  const auto m = current(p);
  const uint8_t* s = b(a);
  const uint8_t* t = b(c);
  if (!m->multibyte) {
    for (; n; --n, ++s, ++t) {
      const uint8_t x = Fold ? locale_lower(p, *s) : *s, y = Fold ? locale_lower(p, *t) : *t;
      if (x != y) return x < y ? -1 : 1;
      if (!x) return 0;
    }
    return 0;
  }
  while (n) {
    if (!*s) return *t ? -1 : 0;
    if (!*t) return 1;
    uint32_t x, y;
    uint64_t len;
    if (is_lead(*m, *s)) {
      x = n >= 2 ? next_char(*m, s) : 0;
      len = 2;
    } else {
      x = *s;
      len = 1;
    }
    y = is_lead(*m, *t) ? (n >= 2 ? next_char(*m, t) : 0) : *t;
    if (Fold) {
      x = to_lower(p, *m, x);
      y = to_lower(p, *m, y);
    }
    if (x != y) return x < y ? -1 : 1;
    n = n > len ? n - len : 0;
    s += len;
    t += len;
  }
  return 0;
}
int32_t _mbsnbcmp_(WindowsProcess& p, Ptr a, Ptr c, USize n) { return compare_bytes<false>(p, a, c, n); }
int32_t _mbsnbicmp_(WindowsProcess& p, Ptr a, Ptr c, USize n) { return compare_bytes<true>(p, a, c, n); }
// Collation: the "C" locale's is ordinal (single bytes); a double-byte code page's is KERNEL32's
// CompareStringA in the user's locale.
template <bool Fold>
int32_t collate(WindowsProcess& p, Ptr a, Ptr c, uint64_t n) {
  const auto m = current(p);
  if (!m->multibyte) return compare_bytes<Fold>(p, a, c, n);
  const int64_t len = n > 0x7fffffff ? -1 : static_cast<int64_t>(n);
  constexpr uint64_t kLocaleUserDefault = 0x400, kNormIgnoreCase = 1;
  const uint64_t r = p.call_export("kernel32.dll", "CompareStringA",
                                   {kLocaleUserDefault, Fold ? kNormIgnoreCase : 0, a.addr,
                                    static_cast<uint64_t>(len), c.addr, static_cast<uint64_t>(len)});
  return static_cast<int32_t>(r) - 2;  // CSTR_EQUAL
}
int32_t _mbscoll_(WindowsProcess& p, Ptr a, Ptr c) { return collate<false>(p, a, c, ~0ull); }
int32_t _mbsicoll_(WindowsProcess& p, Ptr a, Ptr c) { return collate<true>(p, a, c, ~0ull); }
int32_t _mbsnbcoll_(WindowsProcess& p, Ptr a, Ptr c, USize n) { return collate<false>(p, a, c, n); }
int32_t _mbsnbicoll_(WindowsProcess& p, Ptr a, Ptr c, USize n) { return collate<true>(p, a, c, n); }

// ---- searches ----

template <bool Ucrt>
Ptr _mbschr_(WindowsProcess& p, Ptr s, uint32_t ch) {
  if (!s) {
    invalid<Ucrt>(p, kEinval);
    return Ptr(0);
  }
  const auto m = current(p);
  if (!m->multibyte) return Ptr(reinterpret_cast<uint64_t>(std::strchr(s.as<char>(), static_cast<char>(ch))));
  for (const uint8_t* c = b(s);;) {
    const uint32_t x = next_char(*m, c);
    if (x == ch) return at(c);
    if (!x) return Ptr(0);
    c += x > 0xff ? 2 : 1;
  }
}
Ptr _mbsrchr_(WindowsProcess& p, Ptr s, uint32_t ch) {
  const auto m = current(p);
  if (!m->multibyte) return Ptr(reinterpret_cast<uint64_t>(std::strrchr(s.as<char>(), static_cast<char>(ch))));
  if (!s) return Ptr(0);
  const uint8_t* found = nullptr;
  for (const uint8_t* c = b(s);;) {
    const uint32_t x = next_char(*m, c);
    if (x == ch) found = c;
    if (!x) return at(found);
    c += x > 0xff ? 2 : 1;
  }
}
Ptr _mbsstr_(WindowsProcess&, CStr s, CStr find) {
  return Ptr(reinterpret_cast<uint64_t>(std::strstr(s.c_str(), find.c_str())));
}
Ptr _mbspbrk_(WindowsProcess& p, Ptr s, Ptr set) {
  const auto m = current(p);
  for (const uint8_t* c = b(s); *c; c += is_lead(*m, *c) ? 2 : 1)
    for (const uint8_t* q = b(set); *q; q += is_lead(*m, *q) ? 2 : 1)
      if (*q == *c && (!is_lead(*m, *q) || q[1] == c[1])) return at(c);
  return Ptr(0);
}
// _mbsspn: the bytes at the start that are characters of `set`; a lead byte at set's end stops
// the scan of the set.
USize _mbsspn_(WindowsProcess& p, Ptr s, Ptr set) {
  const auto m = current(p);
  const uint8_t* c = b(s);
  for (; *c; ++c) {
    const uint8_t* q = b(set);
    for (; *q; ++q) {
      if (is_lead(*m, *q)) {
        if (!q[1]) break;
        if (c[0] == q[0] && c[1] == q[1]) {
          ++c;
          break;
        }
        ++q;
      } else if (c[0] == q[0]) {
        break;
      }
    }
    if (!*q) break;
  }
  return static_cast<uint64_t>(c - b(s));
}
Ptr _mbsspnp_(WindowsProcess& p, Ptr s, Ptr set) {
  const uint8_t* c = b(s) + _mbsspn_(p, s, set);
  return *c ? at(c) : Ptr(0);
}
// _mbscspn: the bytes at the start none of which begins a character of `set` (0 where set ends
// with a lead byte alone).
USize _mbscspn_(WindowsProcess& p, Ptr s, Ptr set) {
  const auto m = current(p);
  const uint8_t* c = b(s);
  for (; *c; ++c) {
    for (const uint8_t* q = b(set); *q; ++q) {
      if (is_lead(*m, *q)) {
        if (!q[1]) return 0;
        if (c[0] == q[0] && c[1] == q[1]) return static_cast<uint64_t>(c - b(s));
        ++q;
      } else if (c[0] == q[0]) {
        return static_cast<uint64_t>(c - b(s));
      }
    }
  }
  return static_cast<uint64_t>(c - b(s));
}

// _mbstok_s: the next token of `str` (or, null, of the string *ctx continues), delimited by the
// characters of `delim`.
template <bool Ucrt>
Ptr tokenise(WindowsProcess& p, Ptr str, Ptr delim, uint64_t& ctx) {
  if (!delim || (!str && !ctx)) {
    invalid<Ucrt>(p, kEinval);
    return Ptr(0);
  }
  const auto m = current(p);
  uint8_t* s = str ? b(str) : reinterpret_cast<uint8_t*>(ctx);
  const char* d = delim.as<const char>();
  if (!m->multibyte) {
    s += std::strspn(reinterpret_cast<char*>(s), d);
    if (!*s) {
      ctx = reinterpret_cast<uint64_t>(s);
      return Ptr(0);
    }
    uint8_t* e = s + std::strcspn(reinterpret_cast<char*>(s), d);
    if (*e) *e++ = 0;
    ctx = reinterpret_cast<uint64_t>(e);
    return at(s);
  }
  auto in_delim = [&](uint32_t c) {
    for (const uint8_t* q = b(delim);;) {
      const uint32_t x = next_char(*m, q);
      if (x == c) return true;
      if (!x) return false;
      q += x > 0xff ? 2 : 1;
    }
  };
  uint32_t c;
  while ((c = next_char(*m, s)) && in_delim(c)) s += c > 0xff ? 2 : 1;
  if (!*s) {
    ctx = reinterpret_cast<uint64_t>(s);
    return Ptr(0);
  }
  uint8_t* e = s + (c > 0xff ? 2 : 1);
  while ((c = next_char(*m, e)) && !in_delim(c)) e += c > 0xff ? 2 : 1;
  if (*e) {
    *e++ = 0;
    if (c > 0xff) *e++ = 0;
  }
  ctx = reinterpret_cast<uint64_t>(e);
  return at(s);
}
template <bool Ucrt>
Ptr _mbstok_s_(WindowsProcess& p, Ptr str, Ptr delim, Ptr context) {
  if (!context) {
    invalid<Ucrt>(p, kEinval);
    return Ptr(0);
  }
  uint64_t ctx = p.get_ptr(context.addr);
  const Ptr r = tokenise<Ucrt>(p, str, delim, ctx);
  p.put_ptr(context.addr, ctx);
  return r;
}
// _mbstok: the thread's own position; msvcrt.dll's gives null where there is none to go on from.
template <bool Ucrt>
Ptr _mbstok_(WindowsProcess& p, Ptr str, Ptr delim) {
  uint64_t& next = crt_thread(p).mbstok_next;
  if (!Ucrt && !str && !next) return Ptr(0);
  return tokenise<Ucrt>(p, str, delim, next);
}

// ---- in place ----

// _mbsrev: the characters in reverse order (each two-byte character kept whole).
Ptr _mbsrev_(WindowsProcess& p, Ptr s) {
  const auto m = current(p);
  std::basic_string<uint8_t> out;
  std::vector<std::pair<const uint8_t*, int>> chars;
  for (const uint8_t* c = b(s); *c;) {
    const int len = is_lead(*m, *c) ? 2 : 1;
    chars.emplace_back(c, len);
    c += len;
  }
  for (auto it = chars.rbegin(); it != chars.rend(); ++it) out.append(it->first, static_cast<size_t>(it->second));
  std::memcpy(b(s), out.data(), out.size());
  return s;
}
// _mbsset / _mbsnset: every character (at most `n`) set to `c`; a two-byte `c` fills pairs of
// bytes, an odd byte left at the end becomes the NUL. _mbsnbset: at most `n` bytes, an odd byte
// left becoming a space.
Ptr fill(WindowsProcess& p, Ptr s, uint32_t ch, uint64_t n, bool bytes) {
  const auto m = current(p);
  uint8_t* c = b(s);
  if (!m->multibyte || ch < 0x100) {
    for (uint64_t i = 0; i < n && c[i]; ++i) c[i] = static_cast<uint8_t>(ch);
    return s;
  }
  ch &= 0xffff;
  if (bytes) {
    while (c[0] && c[1] && n > 1) {
      *c++ = static_cast<uint8_t>(ch >> 8);
      *c++ = static_cast<uint8_t>(ch);
      n -= 2;
    }
    if (n && c[0]) c[0] = ' ';
    return s;
  }
  while (c[0] && c[1] && n) {
    --n;
    *c++ = static_cast<uint8_t>(ch >> 8);
    *c++ = static_cast<uint8_t>(ch);
  }
  if (n && c[0]) c[0] = 0;
  return s;
}
Ptr _mbsset_(WindowsProcess& p, Ptr s, uint32_t ch) { return fill(p, s, ch, ~0ull, false); }
Ptr _mbsnset_(WindowsProcess& p, Ptr s, uint32_t ch, USize n) { return n ? fill(p, s, ch, n, false) : s; }
Ptr _mbsnbset_(WindowsProcess& p, Ptr s, uint32_t ch, USize n) { return n ? fill(p, s, ch, n, true) : s; }

// Case in place: single bytes by the locale's rules (msvcrt/crt_locale.h), two-byte characters by the code page's.
template <bool Upper>
void change_case(WindowsProcess& p, uint8_t* c, uint64_t& room) {
  const auto m = current(p);
  if (!m->multibyte) {
    for (; *c && room; ++c, --room) *c = Upper ? locale_upper(p, *c) : locale_lower(p, *c);
    *c = 0;
    return;
  }
  for (; *c && room; --room) {
    uint32_t x = next_char(*m, c);
    x = Upper ? to_upper(p, *m, x) : to_lower(p, *m, x);
    if (x > 0xff) {
      *c++ = static_cast<uint8_t>(x >> 8);
      x &= 0xff;
    }
    *c++ = static_cast<uint8_t>(x);
  }
  if (room) *c = 0;
}
template <bool Upper>
Ptr _mbscase_(WindowsProcess& p, Ptr s) {
  if (!s) return Ptr(0);
  uint64_t room = ~0ull;
  change_case<Upper>(p, b(s), room);
  return s;
}
// The _s forms: EINVAL (through the handler) for no string, or one not terminated within `size`.
template <bool Ucrt, bool Upper>
int32_t _mbscase_s_(WindowsProcess& p, Ptr s, USize size) {
  if (!s && !size) return 0;
  if (!s || !size) return invalid<Ucrt>(p, kEinval);
  uint64_t room = size;
  uint8_t* c = b(s);
  const auto m = current(p);
  if (!m->multibyte) {
    for (; *c && room; ++c, --room) *c = Upper ? locale_upper(p, *c) : locale_lower(p, *c);
  } else {
    for (; *c && room; --room) {
      uint32_t x = next_char(*m, c);
      x = Upper ? to_upper(p, *m, x) : to_lower(p, *m, x);
      if (x > 0xff) {
        *c++ = static_cast<uint8_t>(x >> 8);
        x &= 0xff;
      }
      *c++ = static_cast<uint8_t>(x);
    }
  }
  if (!room) {
    put<uint8_t>(s.addr, 0);
    return invalid<Ucrt>(p, kEinval);
  }
  *c = 0;
  return 0;
}

template <bool Ucrt>
std::vector<Export> strings_exports() {
  return {
      EXPORT("_mbsinc", _mbsinc_), EXPORT("_mbsinc_l", _mbsinc_),
      EXPORT("_mbsdec", _mbsdec_), EXPORT("_mbsdec_l", _mbsdec_),
      EXPORT("_mbsninc", _mbsninc_), EXPORT("_mbsninc_l", _mbsninc_),
      EXPORT("_mbslen", _mbslen_), EXPORT("_mbslen_l", _mbslen_),
      EXPORT("_mbsnlen", _mbsnlen_), EXPORT("_mbsnlen_l", _mbsnlen_),
      EXPORT("_mbstrlen", _mbstrlen_), EXPORT("_mbstrlen_l", _mbstrlen_),
      EXPORT("_mbsnccnt", _mbsnccnt_), EXPORT("_mbsnccnt_l", _mbsnccnt_),
      EXPORT("_mbsnbcnt", _mbsnbcnt_), EXPORT("_mbsnbcnt_l", _mbsnbcnt_),
      EXPORT("_mbsdup", _mbsdup_),
      EXPORT("_mbsncpy", _mbsncpy_), EXPORT("_mbsncpy_l", _mbsncpy_),
      EXPORT("_mbsnbcpy", _mbsnbcpy_), EXPORT("_mbsnbcpy_l", _mbsnbcpy_),
      EXPORT("_mbsnbcpy_s", _mbsnbcpy_s_), EXPORT("_mbsnbcpy_s_l", _mbsnbcpy_s_),
      EXPORT("_mbscpy_s", _mbscpy_s_), EXPORT("_mbscpy_s_l", _mbscpy_s_),
      EXPORT("_mbscat_s", _mbscat_s_<Ucrt>), EXPORT("_mbscat_s_l", _mbscat_s_<Ucrt>),
      EXPORT("_mbsncat", _mbsncat_), EXPORT("_mbsncat_l", _mbsncat_),
      EXPORT("_mbsnbcat", _mbsnbcat_), EXPORT("_mbsnbcat_l", _mbsnbcat_),
      EXPORT("_mbsnbcat_s", _mbsnbcat_s_), EXPORT("_mbsnbcat_s_l", _mbsnbcat_s_),
      EXPORT("_mbscmp", _mbscmp_<Ucrt>), EXPORT("_mbscmp_l", _mbscmp_<Ucrt>),
      EXPORT("_mbsicmp", _mbsicmp_<Ucrt>), EXPORT("_mbsicmp_l", _mbsicmp_<Ucrt>),
      EXPORT("_mbsncmp", _mbsncmp_), EXPORT("_mbsncmp_l", _mbsncmp_),
      EXPORT("_mbsnicmp", _mbsnicmp_), EXPORT("_mbsnicmp_l", _mbsnicmp_),
      EXPORT("_mbsnbcmp", _mbsnbcmp_), EXPORT("_mbsnbcmp_l", _mbsnbcmp_),
      EXPORT("_mbsnbicmp", _mbsnbicmp_), EXPORT("_mbsnbicmp_l", _mbsnbicmp_),
      EXPORT("_mbscoll", _mbscoll_), EXPORT("_mbscoll_l", _mbscoll_),
      EXPORT("_mbsicoll", _mbsicoll_), EXPORT("_mbsicoll_l", _mbsicoll_),
      EXPORT("_mbsnbcoll", _mbsnbcoll_), EXPORT("_mbsnbcoll_l", _mbsnbcoll_),
      EXPORT("_mbsnbicoll", _mbsnbicoll_), EXPORT("_mbsnbicoll_l", _mbsnbicoll_),
      EXPORT("_mbschr", _mbschr_<Ucrt>), EXPORT("_mbschr_l", _mbschr_<Ucrt>),
      EXPORT("_mbsrchr", _mbsrchr_), EXPORT("_mbsrchr_l", _mbsrchr_),
      EXPORT("_mbsstr", _mbsstr_), EXPORT("_mbsstr_l", _mbsstr_),
      EXPORT("_mbspbrk", _mbspbrk_), EXPORT("_mbspbrk_l", _mbspbrk_),
      EXPORT("_mbsspn", _mbsspn_), EXPORT("_mbsspn_l", _mbsspn_),
      EXPORT("_mbsspnp", _mbsspnp_), EXPORT("_mbsspnp_l", _mbsspnp_),
      EXPORT("_mbscspn", _mbscspn_), EXPORT("_mbscspn_l", _mbscspn_),
      EXPORT("_mbstok", _mbstok_<Ucrt>), EXPORT("_mbstok_l", _mbstok_<Ucrt>),
      EXPORT("_mbstok_s", _mbstok_s_<Ucrt>), EXPORT("_mbstok_s_l", _mbstok_s_<Ucrt>),
      EXPORT("_mbsrev", _mbsrev_), EXPORT("_mbsrev_l", _mbsrev_),
      EXPORT("_mbsset", _mbsset_), EXPORT("_mbsset_l", _mbsset_),
      EXPORT("_mbsnset", _mbsnset_), EXPORT("_mbsnset_l", _mbsnset_),
      EXPORT("_mbsnbset", _mbsnbset_), EXPORT("_mbsnbset_l", _mbsnbset_),
      EXPORT("_mbslwr", _mbscase_<false>), EXPORT("_mbslwr_l", _mbscase_<false>),
      EXPORT("_mbsupr", _mbscase_<true>), EXPORT("_mbsupr_l", _mbscase_<true>),
      EXPORT("_mbslwr_s", (_mbscase_s_<Ucrt, false>)), EXPORT("_mbslwr_s_l", (_mbscase_s_<Ucrt, false>)),
      EXPORT("_mbsupr_s", (_mbscase_s_<Ucrt, true>)), EXPORT("_mbsupr_s_l", (_mbscase_s_<Ucrt, true>)),
  };
}

}  // namespace
}  // namespace mbcs

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp; its own _mbscpy and _mbscat, which the
// Universal CRT does not have) and, in the Universal CRT's forms, ucrtbase.dll's.
const std::vector<Export>& msvcrt_mbcs_strings_exports() {
  static const std::vector<Export> exports = [] {
    std::vector<Export> all = mbcs::strings_exports<false>();
    all.push_back(EXPORT("_mbscpy", mbcs::_mbscpy_));
    all.push_back(EXPORT("_mbscat", mbcs::_mbscat_));
    return all;
  }();
  return exports;
}
const std::vector<Export>& ucrtbase_mbcs_strings_exports() {
  static const std::vector<Export> exports = mbcs::strings_exports<true>();
  return exports;
}

}  // namespace polyrun::shims
