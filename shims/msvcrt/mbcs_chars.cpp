// msvcrt.dll and the Universal CRT, the multibyte code page and its characters: _setmbcp and
// _getmbcp, _mbctype (and __p__mbctype), the byte classes (_ismbblead, _ismbbtrail, _ismbbkana,
// _mbbtype, _mbsbtype, _ismbslead, _ismbstrail), the character classes (_ismbcalpha …, over the
// character's Unicode class), case (_mbctolower, _mbctoupper), code page 932's conversions
// (_mbcjistojms, _mbcjmstojis, _mbctohira, _mbctokata, _mbbtombc, _mbctombb, _ismbchira,
// _ismbckata, _ismbcl0/1/2), and one character's length, value and copy (_mbclen, _mbsnextc,
// _mbccpy, _mbccpy_s). Each `_l` form is its plain form (msvcrt/locale_objects.cpp), and the
// multibyte code page is the process's (setlocale leaves it alone, as Windows' runtime does).
//
// The code page's data is what KERNEL32 says of it: GetCPInfo's lead-byte ranges and character
// size, and core's conversions (MultiByteToWideChar's and WideCharToMultiByte's) for each single
// byte's letter case. Trail-byte
// ranges are not in CPINFO: the C runtime knows those of the double-byte code pages it supports.
#include <cstring>
#include <mutex>

#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/kernel32/char_types.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/mbcs.h"

namespace polyrun::shims {

namespace mbcs {

namespace {

constexpr uint32_t kCpUtf8 = 65001;

// A block of the program's heap for KERNEL32's arguments, given back at the end of the scope.
struct Scratch {
  WindowsProcess& p;
  uint64_t addr;
  Scratch(WindowsProcess& proc, uint64_t size) : p(proc), addr(proc.heap.alloc(size, true)) {}
  ~Scratch() { p.heap.free(addr); }
};

uint64_t kernel32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("kernel32.dll", name, args);
}

// The Unicode character of code page `cp`'s character `c` (one or two bytes), 0 where it has none
// (core's tables, MultiByteToWideChar's). Code page 0 is the "C" locale's: ASCII.
char16_t to_wide(WindowsProcess&, int32_t cp, uint32_t c) {
  if (cp == 0) return c < 0x80 ? static_cast<char16_t>(c) : 0;
  std::string b;
  if (c > 0xff) b.push_back(static_cast<char>(c >> 8));
  b.push_back(static_cast<char>(c));
  std::u16string w;
  if (!multibyte_to_utf16(resolve_code_page(static_cast<uint32_t>(cp)), 0, b, w) || w.size() != 1) return 0;
  return w[0];
}
// The bytes of Unicode character `w` in code page `cp` (one or two as a value), -1 where it has
// none (WideCharToMultiByte's, without its default character).
int64_t from_wide(WindowsProcess&, int32_t cp, char16_t w) {
  if (cp == 0) return w < 0x80 ? w : -1;
  std::string out;
  bool used_default = false;
  if (!utf16_to_multibyte(resolve_code_page(static_cast<uint32_t>(cp)), 0, std::u16string_view(&w, 1), nullptr,
                          &used_default, out) ||
      used_default || out.empty() || out.size() > 2)
    return -1;
  const uint8_t* o = reinterpret_cast<const uint8_t*>(out.data());
  return out.size() == 1 ? o[0] : (o[0] << 8 | o[1]);
}

// The trail bytes of the double-byte code pages (ranges, low and high), which CPINFO does not give;
// a double-byte code page not listed takes every byte but 0.
struct TrailRanges {
  int32_t cp;
  uint8_t ranges[4][2];
};
constexpr TrailRanges kTrails[] = {
    {932, {{0x40, 0x7e}, {0x80, 0xfc}}},
    {936, {{0x40, 0xfe}}},
    {949, {{0x41, 0xfe}}},
    {950, {{0x40, 0x7e}, {0xa1, 0xfe}}},
    {1361, {{0x31, 0x7e}, {0x81, 0xfe}}},
};

// The "C" locale's data: single bytes, the ASCII letters with their cases.
std::shared_ptr<MbcInfo> c_locale_info() {
  auto m = std::make_shared<MbcInfo>();
  for (int c = 'A'; c <= 'Z'; ++c) {
    m->type[c + 1] = kSbUpper;
    m->casemap[c] = static_cast<uint8_t>(c + 32);
    m->type[c + 32 + 1] = kSbLower;
    m->casemap[c + 32] = static_cast<uint8_t>(c);
  }
  return m;
}

// Code page `cp`'s data as KERNEL32 describes it; null where KERNEL32 does not know the code page.
std::shared_ptr<MbcInfo> build(WindowsProcess& p, int32_t cp) {
  Scratch info(p, 20);
  if (!kernel32(p, "GetCPInfo", {static_cast<uint32_t>(cp), info.addr})) return nullptr;
  auto m = std::make_shared<MbcInfo>();
  m->code_page = cp;
  const uint8_t* lead = reinterpret_cast<const uint8_t*>(info.addr + 6);  // CPINFO.LeadByte
  for (int i = 0; i + 1 < 12 && (lead[i] || lead[i + 1]); i += 2)
    for (int b = lead[i]; b <= lead[i + 1]; ++b) m->type[b + 1] |= kLead;
  if (get<uint32_t>(info.addr) == 2) {  // MaxCharSize
    m->multibyte = true;
    const TrailRanges* t = nullptr;
    for (const TrailRanges& r : kTrails)
      if (r.cp == cp) t = &r;
    if (t) {
      for (const auto& r : t->ranges)
        for (int b = r[0]; r[1] && b <= r[1]; ++b) m->type[b + 1] |= kTrail;
    } else {
      for (int b = 1; b <= 0xff; ++b) m->type[b + 1] |= kTrail;
    }
  }
  // Each single byte that is a letter: its case, and the byte of its other case. UTF-8's single
  // bytes are ASCII's.
  const int bytes = cp == static_cast<int32_t>(kCpUtf8) ? 0x80 : 0x100;
  for (int b = 0; b < bytes; ++b) {
    if (m->type[b + 1] & kLead) continue;
    const char16_t w = to_wide(p, cp, static_cast<uint32_t>(b));
    const uint16_t cls = char_type1(w);
    char16_t other;
    if (cls & 1) {
      m->type[b + 1] |= kSbUpper;
      other = char_lower(w);
    } else if (cls & 2) {
      m->type[b + 1] |= kSbLower;
      other = char_upper(w);
    } else {
      continue;
    }
    const int64_t o = from_wide(p, cp, other);
    m->casemap[b] = o >= 0 && o <= 0xff ? static_cast<uint8_t>(o) : 0;
  }
  // Code page 932's half-width katakana (0xa6–0xdf) and punctuation (0xa1–0xa5).
  if (cp == 932) {
    for (int b = 0xa1; b <= 0xa5; ++b) m->type[b + 1] |= kSinglePunct;
    for (int b = 0xa6; b <= 0xdf; ++b) m->type[b + 1] |= kSingleKana;
  }
  return m;
}

std::mutex g_setting;

// The process's _mbctype variable (257 bytes), kept equal to the current code page's table.
uint64_t mbctype_slot(WindowsProcess& p) { return data_slot(p, "_mbctype", 260); }

void make_current(WindowsProcess& p, std::shared_ptr<const MbcInfo> m) {
  std::memcpy(reinterpret_cast<void*>(mbctype_slot(p)), m->type, sizeof m->type);
  std::atomic_store(&crt(p).mbc, std::move(m));
}

}  // namespace

std::shared_ptr<const MbcInfo> current(WindowsProcess& p) {
  std::shared_ptr<const MbcInfo> m = std::atomic_load(&crt(p).mbc);
  if (m) return m;
  std::lock_guard<std::mutex> g(g_setting);
  m = std::atomic_load(&crt(p).mbc);
  if (!m) {
    // The runtime starts in the system's ANSI code page, as _setmbcp(_MB_CP_ANSI) sets it.
    m = build(p, static_cast<int32_t>(kernel32(p, "GetACP", {})));
    if (!m) m = c_locale_info();
    make_current(p, m);
  }
  return m;
}

uint32_t to_lower(WindowsProcess& p, const MbcInfo& m, uint32_t c) {
  if (c <= 0xff) return (m.type[c + 1] & kSbUpper) ? m.casemap[c] : c;
  if (!is_lead(m, c >> 8)) return c;
  const char16_t w = to_wide(p, m.code_page, c & 0xffff);
  if (!w) return c;
  const int64_t o = from_wide(p, m.code_page, char_lower(w));
  return o < 0 ? c : static_cast<uint32_t>(o);
}
uint32_t to_upper(WindowsProcess& p, const MbcInfo& m, uint32_t c) {
  if (c <= 0xff) return (m.type[c + 1] & kSbLower) ? m.casemap[c] : c;
  if (!is_lead(m, c >> 8)) return c;
  const char16_t w = to_wide(p, m.code_page, c & 0xffff);
  if (!w) return c;
  const int64_t o = from_wide(p, m.code_page, char_upper(w));
  return o < 0 ? c : static_cast<uint32_t>(o);
}

namespace {

// ---- the code page ----

// _setmbcp: _MB_CP_SBCS (and _MB_CP_LOCALE, the "C" locale having no code page) the single bytes,
// _MB_CP_ANSI and _MB_CP_OEM the system's code pages, else the code page of that number; -1 with
// errno EINVAL for one KERNEL32 does not know.
int32_t _setmbcp_(WindowsProcess& p, int32_t cp) {
  int32_t resolved = cp;
  if (cp == kCpAnsi) resolved = static_cast<int32_t>(kernel32(p, "GetACP", {}));
  else if (cp == kCpOem) resolved = static_cast<int32_t>(kernel32(p, "GetOEMCP", {}));
  else if (cp == kCpLocale || cp == kCpSbcs) resolved = 0;
  const std::shared_ptr<const MbcInfo> now = current(p);
  if (resolved == now->code_page) return 0;
  std::shared_ptr<const MbcInfo> m = resolved == 0 ? c_locale_info() : build(p, resolved);
  if (!m) {
    *guest_errno(p) = kEinval;
    return -1;
  }
  std::lock_guard<std::mutex> g(g_setting);
  make_current(p, std::move(m));
  return 0;
}
int32_t _getmbcp_(WindowsProcess& p) { return current(p)->code_page; }
// The variable, found when the program's imports are bound: the code page is not asked of KERNEL32
// then; until the first multibyte function builds the table, it holds the single bytes' ASCII
// letters (which are also UTF-8's).
uint64_t mbctype_data(WindowsProcess& p) {
  const uint64_t slot = mbctype_slot(p);
  if (!std::atomic_load(&crt(p).mbc)) std::memcpy(reinterpret_cast<void*>(slot), c_locale_info()->type, 257);
  return slot;
}
Ptr __p__mbctype_(WindowsProcess& p) {
  current(p);
  return Ptr(mbctype_slot(p));
}

// ---- bytes ----

int32_t _ismbblead_(WindowsProcess& p, uint32_t c) { return is_lead(*current(p), c) ? 1 : 0; }
int32_t _ismbbtrail_(WindowsProcess& p, uint32_t c) { return is_trail(*current(p), c) ? 1 : 0; }
int32_t _ismbbkana_(WindowsProcess& p, uint32_t c) { return current(p)->code_page == 932 && c >= 0xa1 && c <= 0xdf; }
int32_t _ismbclegal_(WindowsProcess& p, uint32_t c) {
  const auto m = current(p);
  return is_lead(*m, (c >> 8) & 0xff) && is_trail(*m, c & 0xff) ? 1 : 0;
}

// Whether the byte at `at` is a lead byte, reading the string from `start` (a lead byte's
// follower is its trail, whatever its value): -1 or 0; 0 at a NUL before `at` or where the code
// page has single bytes only.
template <bool Ucrt>
int32_t _ismbslead_(WindowsProcess& p, Ptr start, Ptr at) {
  if (!start || !at) {
    *guest_errno(p) = kEinval;
    crt_invalid_parameter(p, Ucrt);
    return 0;
  }
  const auto m = current(p);
  if (!m->multibyte) return 0;
  bool lead = false;
  for (const uint8_t* s = start.as<uint8_t>(); s <= at.as<uint8_t>(); ++s) {
    if (!*s) return 0;
    lead = !lead && is_lead(*m, *s);
  }
  return lead ? -1 : 0;
}
// Whether the byte at `at` is the trail of a lead byte just before it.
template <bool Ucrt>
int32_t _ismbstrail_(WindowsProcess& p, Ptr start, Ptr at) {
  if (!start || !at) {
    *guest_errno(p) = kEinval;
    crt_invalid_parameter(p, Ucrt);
    return 0;
  }
  return at.addr > start.addr && _ismbslead_<Ucrt>(p, start, Ptr(at.addr - 1)) ? -1 : 0;
}

// _mbbtype: the byte's type where the byte before was a lead byte (`type` 1: _MBC_TRAIL 2 or
// _MBC_ILLEGAL -1) or not (_MBC_LEAD 1, _MBC_SINGLE 0 for a printable byte, else _MBC_ILLEGAL).
constexpr int32_t kMbcSingle = 0, kMbcLead = 1, kMbcTrail = 2, kMbcIllegal = -1;
int32_t _mbbtype_(WindowsProcess& p, uint32_t c, int32_t type) {
  const auto m = current(p);
  c &= 0xff;
  if (type == 1) return is_trail(*m, c) ? kMbcTrail : kMbcIllegal;
  if (is_lead(*m, c)) return kMbcLead;
  return crt_c_ctype(static_cast<int32_t>(c)) & 0x157 ? kMbcSingle : kMbcIllegal;
}
// _mbsbtype: the type of the byte `count` bytes into the string read from its start; illegal
// where a NUL comes first.
int32_t _mbsbtype_(WindowsProcess& p, Ptr str, USize count) {
  const auto m = current(p);
  const uint8_t* s = str.as<uint8_t>();
  bool lead = false;
  for (uint64_t i = 0; i < count; ++i) {
    if (!s[i]) return kMbcIllegal;
    lead = m->multibyte && !lead && is_lead(*m, s[i]);
  }
  const uint8_t b = s[count];
  if (lead) return is_trail(*m, b) ? kMbcTrail : kMbcIllegal;
  return is_lead(*m, b) ? kMbcLead : kMbcSingle;
}

// ---- characters' classes: the class of the character's Unicode counterpart ----

// KERNEL32's CT_CTYPE1 bits: upper 1, lower 2, digit 4, space 8, punct 0x10, cntrl 0x20, blank 0x40,
// alpha 0x100.
int32_t wide_class(WindowsProcess& p, uint32_t c, uint32_t mask) {
  const char16_t w = to_wide(p, current(p)->code_page, c & 0xffff);
  return w ? crt_wide_class(w, mask) : 0;
}
int32_t _ismbcalpha_(WindowsProcess& p, uint32_t c) { return wide_class(p, c, 0x103); }
int32_t _ismbcalnum_(WindowsProcess& p, uint32_t c) { return wide_class(p, c, 0x107); }
int32_t _ismbcdigit_(WindowsProcess& p, uint32_t c) { return wide_class(p, c, 0x4); }
int32_t _ismbcgraph_(WindowsProcess& p, uint32_t c) { return wide_class(p, c, 0x117); }
int32_t _ismbclower_(WindowsProcess& p, uint32_t c) { return wide_class(p, c, 0x2); }
int32_t _ismbcupper_(WindowsProcess& p, uint32_t c) { return wide_class(p, c, 0x1); }
int32_t _ismbcspace_(WindowsProcess& p, uint32_t c) { return wide_class(p, c, 0x8); }
int32_t _ismbcpunct_(WindowsProcess& p, uint32_t c) { return wide_class(p, c, 0x10); }
// Printable: the Universal CRT does not count the tab (its iswprint: msvcrt/wctype.cpp).
template <bool Ucrt>
int32_t _ismbcprint_(WindowsProcess& p, uint32_t c) {
  const char16_t w = to_wide(p, current(p)->code_page, c & 0xffff);
  if (!w || (Ucrt && w == '\t')) return 0;
  return crt_wide_class(w, 0x157);
}
// A symbol: KERNEL32's CT_CTYPE3 C3_SYMBOL (8).
int32_t _ismbcsymbol_(WindowsProcess& p, uint32_t c) {
  const char16_t w = to_wide(p, current(p)->code_page, c & 0xffff);
  Scratch s(p, 8);
  put<char16_t>(s.addr, w);
  if (!kernel32(p, "GetStringTypeW", {4, s.addr, 1, s.addr + 4})) return 0;
  return (get<uint16_t>(s.addr + 4) & 0x8) ? 1 : 0;
}

// ---- case ----

uint32_t _mbctolower_(WindowsProcess& p, uint32_t c) { return to_lower(p, *current(p), c); }
uint32_t _mbctoupper_(WindowsProcess& p, uint32_t c) { return to_upper(p, *current(p), c); }

// ---- code page 932 ----

bool japanese(WindowsProcess& p) { return current(p)->code_page == 932; }
// JIS ↔ Shift-JIS: unchanged in another code page, 0 for a value without a counterpart.
uint32_t _mbcjistojms_(WindowsProcess& p, uint32_t c) { return japanese(p) ? jis_to_jms(c) : c; }
uint32_t _mbcjmstojis_(WindowsProcess& p, uint32_t c) {
  if (!japanese(p)) return c;
  return _ismbclegal_(p, c) ? jms_to_jis(c) : 0;
}
int32_t _ismbchira_(WindowsProcess& p, uint32_t c) { return japanese(p) && jms_hiragana(c) ? 1 : 0; }
int32_t _ismbckata_(WindowsProcess& p, uint32_t c) { return japanese(p) && jms_katakana(c) ? 1 : 0; }
uint32_t _mbctohira_(WindowsProcess& p, uint32_t c) { return japanese(p) ? jms_to_hiragana(c) : c; }
uint32_t _mbctokata_(WindowsProcess& p, uint32_t c) { return japanese(p) ? jms_to_katakana(c) : c; }
// JIS levels: non-kanji 0x8140–0x889e, level 1 kanji 0x889f–0x9872, level 2 0x989f–0xeaa4.
int32_t jis_level(WindowsProcess& p, uint32_t c, uint32_t lo, uint32_t hi) {
  return japanese(p) && _ismbclegal_(p, c) && c >= lo && c <= hi ? 1 : 0;
}
int32_t _ismbcl0_(WindowsProcess& p, uint32_t c) { return jis_level(p, c, 0x8140, 0x889e); }
int32_t _ismbcl1_(WindowsProcess& p, uint32_t c) { return jis_level(p, c, 0x889f, 0x9872); }
int32_t _ismbcl2_(WindowsProcess& p, uint32_t c) { return jis_level(p, c, 0x989f, 0xeaa4); }

// Half-width katakana U+FF61–U+FF9F and their full-width forms (the Unicode standard's
// compatibility decompositions).
constexpr char16_t kFullKana[] = {
    0x3002, 0x300c, 0x300d, 0x3001, 0x30fb, 0x30f2, 0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9, 0x30e3, 0x30e5,
    0x30e7, 0x30c3, 0x30fc, 0x30a2, 0x30a4, 0x30a6, 0x30a8, 0x30aa, 0x30ab, 0x30ad, 0x30af, 0x30b1, 0x30b3,
    0x30b5, 0x30b7, 0x30b9, 0x30bb, 0x30bd, 0x30bf, 0x30c1, 0x30c4, 0x30c6, 0x30c8, 0x30ca, 0x30cb, 0x30cc,
    0x30cd, 0x30ce, 0x30cf, 0x30d2, 0x30d5, 0x30d8, 0x30db, 0x30de, 0x30df, 0x30e0, 0x30e1, 0x30e2, 0x30e4,
    0x30e6, 0x30e8, 0x30e9, 0x30ea, 0x30eb, 0x30ec, 0x30ed, 0x30ef, 0x30f3, 0x309b, 0x309c};
// The full-width form of a single-byte character: ASCII's printable characters (the space U+3000,
// the rest U+FF01–U+FF5E) and the half-width katakana.
char16_t full_width(char16_t w) {
  if (w == ' ') return 0x3000;
  if (w > ' ' && w < 0x7f) return static_cast<char16_t>(w - 0x21 + 0xff01);
  if (w >= 0xff61 && w <= 0xff9f) return kFullKana[w - 0xff61];
  return 0;
}
// The half-width character of a full-width one: ASCII's, the katakana's (a hiragana counts as its
// katakana; a voiced kana as its unvoiced one), 0 where there is none.
char16_t half_width(char16_t w) {
  if (w == 0x3000) return ' ';
  if (w >= 0xff01 && w <= 0xff5e) return static_cast<char16_t>(w - 0xff01 + 0x21);
  if (w >= 0x3041 && w <= 0x3096) w = static_cast<char16_t>(w + 0x60);  // hiragana → katakana
  for (int pass = 0; pass < 3; ++pass) {
    for (size_t i = 0; i < sizeof kFullKana / sizeof kFullKana[0]; ++i)
      if (kFullKana[i] == w) return static_cast<char16_t>(0xff61 + i);
    // A voiced (゛) or semi-voiced (゜) katakana: the unvoiced one before it.
    if (w >= 0x30ab && w <= 0x30dd) --w;
    else if (w == 0x30f4) w = 0x30a6;
    else break;
  }
  return 0;
}
// _mbbtombc: a single-byte character's full-width double-byte form in code page 932.
uint32_t _mbbtombc_(WindowsProcess& p, uint32_t c) {
  if (!japanese(p) || !((c >= 0x20 && c <= 0x7e) || (c >= 0xa1 && c <= 0xdf))) return c;
  const char16_t full = full_width(to_wide(p, 932, c));
  const int64_t o = full ? from_wide(p, 932, full) : -1;
  return o > 0xff ? static_cast<uint32_t>(o) : c;
}
// _mbctombb: a double-byte character's single-byte form in code page 932.
uint32_t _mbctombb_(WindowsProcess& p, uint32_t c) {
  if (!japanese(p) || c <= 0xff) return c;
  const char16_t half = half_width(to_wide(p, 932, c & 0xffff));
  const int64_t o = half ? from_wide(p, 932, half) : -1;
  return o >= 0 && o <= 0xff ? static_cast<uint32_t>(o) : c;
}

// ---- one character ----

USize _mbclen_(WindowsProcess& p, Ptr s) {
  const uint8_t* b = s.as<uint8_t>();
  return is_lead(*current(p), b[0]) && b[1] ? 2 : 1;
}
uint32_t _mbsnextc_(WindowsProcess& p, Ptr s) { return next_char(*current(p), s.as<uint8_t>()); }

// _mbccpy_s: the character at `src` into `dst` (`size` bytes), how many bytes in *copied. EILSEQ
// for a lead byte the string ends after; EINVAL and ERANGE through the invalid-parameter handler.
template <bool Ucrt>
int32_t _mbccpy_s_(WindowsProcess& p, Ptr dst, USize size, Ptr copied, Ptr src) {
  if (copied) put<int32_t>(copied.addr, 0);
  auto invalid = [&](int32_t err) {
    *guest_errno(p) = err;
    crt_invalid_parameter(p, Ucrt);
    return err;
  };
  if (!dst || size < 1) return invalid(kEinval);
  put<uint8_t>(dst.addr, 0);
  if (!src) return invalid(kEinval);
  const uint8_t* s = src.as<uint8_t>();
  if (is_lead(*current(p), s[0])) {
    if (!s[1]) {
      if (copied) put<int32_t>(copied.addr, 1);
      *guest_errno(p) = kEilseq;
      return kEilseq;
    }
    if (size < 2) return invalid(kErange);
    put<uint8_t>(dst.addr, s[0]);
    put<uint8_t>(dst.addr + 1, s[1]);
    if (copied) put<int32_t>(copied.addr, 2);
    return 0;
  }
  put<uint8_t>(dst.addr, s[0]);
  if (copied) put<int32_t>(copied.addr, 1);
  return 0;
}
template <bool Ucrt>
void _mbccpy_(WindowsProcess& p, Ptr dst, Ptr src) {
  _mbccpy_s_<Ucrt>(p, dst, 2, Ptr(0), src);
}

template <bool Ucrt>
std::vector<Export> chars_exports() {
  return {
      EXPORT("_setmbcp", _setmbcp_),
      EXPORT("_getmbcp", _getmbcp_),
      EXPORT("__p__mbctype", __p__mbctype_),
      EXPORT_DATA("_mbctype", mbctype_data),
      EXPORT("_ismbblead", _ismbblead_), EXPORT("_ismbblead_l", _ismbblead_),
      EXPORT("_ismbbtrail", _ismbbtrail_), EXPORT("_ismbbtrail_l", _ismbbtrail_),
      EXPORT("_ismbbkana", _ismbbkana_), EXPORT("_ismbbkana_l", _ismbbkana_),
      EXPORT("_ismbclegal", _ismbclegal_), EXPORT("_ismbclegal_l", _ismbclegal_),
      EXPORT("_ismbslead", _ismbslead_<Ucrt>), EXPORT("_ismbslead_l", _ismbslead_<Ucrt>),
      EXPORT("_ismbstrail", _ismbstrail_<Ucrt>), EXPORT("_ismbstrail_l", _ismbstrail_<Ucrt>),
      EXPORT("_mbbtype", _mbbtype_), EXPORT("_mbbtype_l", _mbbtype_),
      EXPORT("_mbsbtype", _mbsbtype_), EXPORT("_mbsbtype_l", _mbsbtype_),
      EXPORT("_ismbcalpha", _ismbcalpha_), EXPORT("_ismbcalpha_l", _ismbcalpha_),
      EXPORT("_ismbcalnum", _ismbcalnum_), EXPORT("_ismbcalnum_l", _ismbcalnum_),
      EXPORT("_ismbcdigit", _ismbcdigit_), EXPORT("_ismbcdigit_l", _ismbcdigit_),
      EXPORT("_ismbcgraph", _ismbcgraph_), EXPORT("_ismbcgraph_l", _ismbcgraph_),
      EXPORT("_ismbclower", _ismbclower_), EXPORT("_ismbclower_l", _ismbclower_),
      EXPORT("_ismbcupper", _ismbcupper_), EXPORT("_ismbcupper_l", _ismbcupper_),
      EXPORT("_ismbcspace", _ismbcspace_), EXPORT("_ismbcspace_l", _ismbcspace_),
      EXPORT("_ismbcpunct", _ismbcpunct_), EXPORT("_ismbcpunct_l", _ismbcpunct_),
      EXPORT("_ismbcprint", _ismbcprint_<Ucrt>), EXPORT("_ismbcprint_l", _ismbcprint_<Ucrt>),
      EXPORT("_ismbcsymbol", _ismbcsymbol_), EXPORT("_ismbcsymbol_l", _ismbcsymbol_),
      EXPORT("_mbctolower", _mbctolower_), EXPORT("_mbctolower_l", _mbctolower_),
      EXPORT("_mbctoupper", _mbctoupper_), EXPORT("_mbctoupper_l", _mbctoupper_),
      EXPORT("_mbcjistojms", _mbcjistojms_), EXPORT("_mbcjistojms_l", _mbcjistojms_),
      EXPORT("_mbcjmstojis", _mbcjmstojis_), EXPORT("_mbcjmstojis_l", _mbcjmstojis_),
      EXPORT("_ismbchira", _ismbchira_), EXPORT("_ismbchira_l", _ismbchira_),
      EXPORT("_ismbckata", _ismbckata_), EXPORT("_ismbckata_l", _ismbckata_),
      EXPORT("_mbctohira", _mbctohira_), EXPORT("_mbctohira_l", _mbctohira_),
      EXPORT("_mbctokata", _mbctokata_), EXPORT("_mbctokata_l", _mbctokata_),
      EXPORT("_ismbcl0", _ismbcl0_), EXPORT("_ismbcl0_l", _ismbcl0_),
      EXPORT("_ismbcl1", _ismbcl1_), EXPORT("_ismbcl1_l", _ismbcl1_),
      EXPORT("_ismbcl2", _ismbcl2_), EXPORT("_ismbcl2_l", _ismbcl2_),
      EXPORT("_mbbtombc", _mbbtombc_), EXPORT("_mbbtombc_l", _mbbtombc_),
      EXPORT("_mbctombb", _mbctombb_), EXPORT("_mbctombb_l", _mbctombb_),
      EXPORT("_mbclen", _mbclen_), EXPORT("_mbclen_l", _mbclen_),
      EXPORT("_mbsnextc", _mbsnextc_), EXPORT("_mbsnextc_l", _mbsnextc_),
      EXPORT("_mbccpy", _mbccpy_<Ucrt>), EXPORT("_mbccpy_l", _mbccpy_<Ucrt>),
      EXPORT("_mbccpy_s", _mbccpy_s_<Ucrt>), EXPORT("_mbccpy_s_l", _mbccpy_s_<Ucrt>),
  };
}

}  // namespace
}  // namespace mbcs

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp) and, in the Universal CRT's forms, ucrtbase.dll's.
const std::vector<Export>& msvcrt_mbcs_chars_exports() {
  static const std::vector<Export> exports = mbcs::chars_exports<false>();
  return exports;
}
const std::vector<Export>& ucrtbase_mbcs_chars_exports() {
  static const std::vector<Export> exports = mbcs::chars_exports<true>();
  return exports;
}

}  // namespace polyrun::shims
