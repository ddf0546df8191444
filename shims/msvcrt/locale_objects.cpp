// msvcrt.dll and the Universal CRT, locales as objects: _create_locale, _wcreate_locale,
// _get_current_locale and _free_locale, _wsetlocale, the current locale's tables and values
// (__pctype_func and _pctype, _ctype, __pwctype_func, _pwctype and _wctype, ___lc_collate_cp_func,
// ___lc_locale_name_func, ___mb_cur_max_l_func), and the functions that take a locale (_isalpha_l,
// _strtod_l, _stricmp_l …) with the collation functions (_stricoll, _strncoll …).
//
// _create_locale makes an object for "C" (or "") and fails for any other name; every _l function
// is its plain form, served as an alias of the plain function (the locale, the last argument, is
// left unread: the current locale, msvcrt/crt_locale.h, serves). _wsetlocale is setlocale's
// (msvcrt/locale_state.cpp), its name in UTF-16.
//
// A locale object is {locinfo, mbcinfo}; locinfo starts as the Universal CRT's public part,
// {_locale_pctype, _locale_mb_cur_max, _locale_lc_codepage}, which its headers' inline ctype
// functions read: the current locale's ctype table, MB_CUR_MAX and code page. (msvcrt.dll's threadlocinfo begins otherwise; no
// program of msvcrt.dll reads it directly.)
#include <cstring>
#include <mutex>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/kernel32/char_types.h"
#include "shims/core/code_pages.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace locale_objects {
namespace {

// ---- the "C" locale's tables ----

// _ctype: 257 entries, EOF's first; _pctype points at the entry for 0. _UPPER 1, _LOWER 2,
// _DIGIT 4, _SPACE 8, _PUNCT 0x10, _CONTROL 0x20, _BLANK 0x40, _HEX 0x80 (the "C" locale's letters
// have no 0x100, the bit other locales' letters outside ASCII have).
uint16_t c_class(int c) {
  if (c >= 'A' && c <= 'Z') return 0x1 | (c <= 'F' ? 0x80 : 0);
  if (c >= 'a' && c <= 'z') return 0x2 | (c <= 'f' ? 0x80 : 0);
  if (c >= '0' && c <= '9') return 0x84;
  if (c == ' ') return 0x48;
  if (c >= 0x09 && c <= 0x0d) return 0x28;  // (the tab too: isblank knows it apart)
  if (c < 0x20 || c == 0x7f) return 0x20;
  if (c < 0x7f) return 0x10;
  return 0;
}
uint64_t ctype_table(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "ctype-table", 257 * 2);
  uint16_t* t = reinterpret_cast<uint16_t*>(slot);
  if (!t['0' + 1])
    for (int c = 0; c < 256; ++c) t[c + 1] = c_class(c);
  return slot;
}
// The wide classes of characters 0–255 (CT_CTYPE1's bits, KERNEL32's); the Universal CRT's count
// U+0085 (next line) a space too. The table is _wctype's entries after its first (WEOF's, 0).
uint64_t wctype_array(WindowsProcess& p, bool ucrt) {
  uint64_t& slot = data_slot(p, ucrt ? "wctype-table-ucrt" : "wctype-table", 257 * 2);
  uint16_t* t = reinterpret_cast<uint16_t*>(slot) + 1;
  if (!t['0']) {
    for (int c = 0; c < 256; ++c) t[c] = char_type1(static_cast<char16_t>(c)) & 0x1ff;
    if (ucrt) t[0x85] |= 0x8;
  }
  return slot;
}
uint64_t wctype_table(WindowsProcess& p, bool ucrt = false) { return wctype_array(p, ucrt) + 2; }
uint64_t wctype_data(WindowsProcess& p) { return wctype_array(p, false); }
uint64_t wctype_data_ucrt(WindowsProcess& p) { return wctype_array(p, true); }
// The current locale's table (the "C" locale's is _ctype's), one per code page, made at its first use.
uint64_t current_ctype_table(WindowsProcess& p) {
  const auto d = crt_locale::ctype(p);
  if (!d->code_page) return ctype_table(p);
  static std::mutex making;
  std::lock_guard<std::mutex> g(making);
  uint64_t& t = crt(p).ctype_tables[d->code_page];
  if (!t) {
    t = p.alloc_data(sizeof d->ctype);
    std::memcpy(reinterpret_cast<void*>(t), d->ctype, sizeof d->ctype);
  }
  return t;
}
Ptr __pctype_func_(WindowsProcess& p) { return Ptr(current_ctype_table(p) + 2); }
Ptr __pwctype_func_(WindowsProcess& p) { return Ptr(wctype_table(p)); }
Ptr __pwctype_func_ucrt_(WindowsProcess& p) { return Ptr(wctype_table(p, true)); }
// _pctype and _pwctype are variables holding those pointers; __p__pctype and __p__pwctype give
// their addresses.
uint64_t pctype_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_pctype");
  p.put_ptr(slot, current_ctype_table(p) + 2);
  return slot;
}
uint64_t pwctype_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_pwctype");
  p.put_ptr(slot, wctype_table(p));
  return slot;
}
uint64_t ctype_data(WindowsProcess& p) { return ctype_table(p); }
Ptr __p__pctype_(WindowsProcess& p) { return Ptr(pctype_data(p)); }
Ptr __p__pwctype_(WindowsProcess& p) { return Ptr(pwctype_data(p)); }

// The current locale's collation code page (0 in the "C" locale); no locale names.
int32_t ___lc_collate_cp_func_(WindowsProcess& p) {
  return static_cast<int32_t>(crt_locale::current(p)->code_pages[crt_locale::kLcCollate]);
}
Ptr ___lc_locale_name_func_(WindowsProcess& p) { return Ptr(data_slot(p, "lc-locale-names", 6ull * p.isa->ptr)); }
int32_t ___mb_cur_max_l_func_(WindowsProcess& p, Ptr locale) {
  if (!locale) return crt_locale::ctype(p)->mb_max;
  return get<int32_t>(p.get_ptr(locale.addr) + p.isa->ptr);
}

// ---- locale objects ----

constexpr int32_t kLcMax = 5;  // LC_ALL 0 … LC_TIME 5

bool is_c_locale(const std::string& name) { return name == "C" || name.empty(); }

// One heap block: the object {locinfo, mbcinfo}, then locinfo (its public part, zeroed after),
// then mbcinfo (zeroed: code page 0).
Ptr new_locale(WindowsProcess& p) {
  const uint64_t w = p.isa->ptr;
  const uint64_t locinfo_size = 0x40, mbcinfo_size = 0x40;
  uint64_t b = p.heap.alloc(2 * w + locinfo_size + mbcinfo_size, true);
  if (!b) return Ptr(0);
  uint64_t locinfo = b + 2 * w, mbcinfo = locinfo + locinfo_size;
  p.put_ptr(b, locinfo);
  p.put_ptr(b + w, mbcinfo);
  const auto d = crt_locale::ctype(p);
  p.put_ptr(locinfo, current_ctype_table(p) + 2);
  put<int32_t>(locinfo + w, d->mb_max);
  put<uint32_t>(locinfo + w + 4, d->code_page);
  return Ptr(b);
}
Ptr _create_locale_(WindowsProcess& p, int32_t category, CStr name) {
  if (category < 0 || category > kLcMax || !name.addr || !is_c_locale(name.str())) return Ptr(0);
  return new_locale(p);
}
Ptr _wcreate_locale_(WindowsProcess& p, int32_t category, WStr name) {
  if (category < 0 || category > kLcMax || !name.addr) return Ptr(0);
  const std::u16string n = name.str();
  if (!(n.empty() || n == u"C")) return Ptr(0);
  return new_locale(p);
}
Ptr _get_current_locale_(WindowsProcess& p) { return new_locale(p); }
void _free_locale_(WindowsProcess& p, Ptr locale) {
  if (locale && p.heap.owns(locale.addr)) p.heap.free(locale.addr);
}

// _wsetlocale: setlocale's wide form (msvcrt/locale_state.cpp), its name as UTF-16.
Ptr wsetlocale(WindowsProcess& p, int32_t category, Ptr name, bool ucrt) {
  std::string n;
  if (name) {
    for (const char16_t* c = name.as<const char16_t>(); *c; ++c) {
      if (*c > 0x7f) return Ptr(0);  // (locale names are ASCII)
      n += static_cast<char>(*c);
    }
  }
  const std::string* now = crt_locale::set(p, category, name ? n.c_str() : nullptr, ucrt);
  if (!now) return Ptr(0);
  uint64_t& slot = data_slot(p, "wlocale-name", 2048);
  const std::u16string w = ansi_to_utf16(now->substr(0, 1023));
  std::memcpy(reinterpret_cast<void*>(slot), w.c_str(), (w.size() + 1) * 2);
  return Ptr(slot);
}
Ptr _wsetlocale_(WindowsProcess& p, int32_t category, Ptr name) { return wsetlocale(p, category, name, false); }
Ptr _wsetlocale_ucrt_(WindowsProcess& p, int32_t category, Ptr name) { return wsetlocale(p, category, name, true); }

// ---- the _l functions and collation, as their plain forms ----

struct Alias {
  const char* name;
  const char* serves;
};
// Both DLLs' names.
const Alias kMsvcrtAliases[] = {
    {"_isalnum_l", "isalnum"}, {"_isalpha_l", "isalpha"}, {"_iscntrl_l", "iscntrl"}, {"_isctype_l", "_isctype"},
    {"_isdigit_l", "isdigit"}, {"_isgraph_l", "isgraph"}, {"_isleadbyte_l", "isleadbyte"},
    {"_islower_l", "islower"}, {"_isprint_l", "isprint"}, {"_isspace_l", "isspace"}, {"_isupper_l", "isupper"},
    {"_isxdigit_l", "isxdigit"}, {"_iswalnum_l", "iswalnum"}, {"_iswalpha_l", "iswalpha"},
    {"_iswcntrl_l", "iswcntrl"}, {"_iswctype_l", "iswctype"}, {"_iswdigit_l", "iswdigit"},
    {"_iswgraph_l", "iswgraph"}, {"_iswlower_l", "iswlower"}, {"_iswprint_l", "iswprint"},
    {"_iswpunct_l", "iswpunct"}, {"_iswspace_l", "iswspace"}, {"_iswupper_l", "iswupper"},
    {"_iswxdigit_l", "iswxdigit"}, {"_tolower_l", "tolower"}, {"_toupper_l", "toupper"},
    {"_towlower_l", "towlower"}, {"_towupper_l", "towupper"}, {"_memicmp_l", "_memicmp"},
    {"_stricmp_l", "_stricmp"}, {"_strnicmp_l", "_strnicmp"}, {"_strcoll_l", "strcoll"},
    {"_stricoll_l", "_stricoll"}, {"_strncoll_l", "_strncoll"}, {"_strnicoll_l", "_strnicoll"},
    {"_wcscoll_l", "wcscoll"}, {"_wcsicmp_l", "_wcsicmp"}, {"_wcsnicmp_l", "_wcsnicmp"},
    {"_wcsicoll", "_wcsicmp"}, {"_wcsicoll_l", "_wcsicmp"}, {"_wcsncoll", "wcsncmp"},
    {"_wcsncoll_l", "wcsncmp"}, {"_wcsnicoll", "_wcsnicmp"}, {"_wcsnicoll_l", "_wcsnicmp"},
    {"_strlwr_l", "_strlwr"}, {"_strupr_l", "_strupr"}, {"_strlwr_s_l", "_strlwr_s"},
    {"_strupr_s_l", "_strupr_s"}, {"_wcslwr_l", "_wcslwr"}, {"_wcsupr_l", "_wcsupr"},
    {"_wcslwr_s_l", "_wcslwr_s"}, {"_wcsupr_s_l", "_wcsupr_s"}, {"_strxfrm_l", "strxfrm"},
    {"_wcsxfrm_l", "wcsxfrm"}, {"_atof_l", "atof"}, {"_atoi_l", "atoi"},
    {"_atol_l", "atol"}, {"_atoi64_l", "_atoi64"}, {"_strtod_l", "strtod"}, {"_strtol_l", "strtol"},
    {"_strtoul_l", "strtoul"}, {"_strtoi64_l", "_strtoi64"}, {"_strtoui64_l", "_strtoui64"},
    {"_wcstod_l", "wcstod"}, {"_wcstol_l", "wcstol"}, {"_wcstoul_l", "wcstoul"}, {"_wcstoi64_l", "_wcstoi64"},
    {"_wcstoui64_l", "_wcstoui64"}, {"_wtof_l", "_wtof"}, {"_wtoi_l", "_wtoi"}, {"_wtol_l", "_wtol"},
    {"_wtoi64_l", "_wtoi64"}, {"_mbstowcs_l", "mbstowcs"}, {"_mbstowcs_s_l", "mbstowcs_s"},
    {"_wcstombs_l", "wcstombs"}, {"_wcstombs_s_l", "wcstombs_s"}, {"_mbtowc_l", "mbtowc"},
    {"_wctomb_l", "wctomb"}, {"_wctomb_s_l", "wctomb_s"}, {"_wcsftime_l", "wcsftime"},
};
// The Universal CRT's own.
const Alias kUcrtAliases[] = {
    {"_isblank_l", "isblank"}, {"_ispunct_l", "ispunct"}, {"_iswblank_l", "iswblank"}, {"_atoll_l", "atoll"},
    {"_strtof_l", "strtof"}, {"_strtold_l", "strtod"}, {"strtold", "strtod"}, {"_strtoll_l", "_strtoi64"},
    {"_strtoull_l", "_strtoui64"}, {"strtoimax", "_strtoi64"}, {"strtoumax", "_strtoui64"},
    {"_strtoimax_l", "_strtoi64"}, {"_strtoumax_l", "_strtoui64"}, {"_wcstof_l", "wcstof"},
    {"wcstold", "wcstod"}, {"_wcstold_l", "wcstod"}, {"wcstoll", "_wcstoi64"}, {"wcstoull", "_wcstoui64"},
    {"_wcstoll_l", "_wcstoi64"}, {"_wcstoull_l", "_wcstoui64"}, {"_wtoll", "_wtoi64"}, {"_wtoll_l", "_wtoi64"},
    {"_strftime_l", "strftime"},
};

}  // namespace

// The aliases `table` (with `base` behind it) can serve. msvcrt.dll's (ucrt false): the names both
// DLLs have. ucrtbase.dll's: its own names, and those of both whose function it has its own form
// of (or that msvcrt.dll's table could not serve).
std::vector<Export> aliases(const std::vector<Export>& table, const Dll* base, bool ucrt) {
  auto own = [&](const char* n) -> const Export* {
    for (const Export& e : table)
      if (std::strcmp(n, e.name) == 0) return &e;
    return nullptr;
  };
  std::vector<Export> out;
  auto add = [&](const Alias& a, bool both) {
    const Export* e = own(a.serves);
    if (ucrt && both && !e && base && base->find(a.name)) return;
    if (!e && base) e = base->find(a.serves);
    if (!e) return;
    Export alias = *e;
    alias.name = a.name;
    out.push_back(alias);
  };
  for (const Alias& a : kMsvcrtAliases) add(a, true);
  if (ucrt)
    for (const Alias& a : kUcrtAliases) add(a, false);
  return out;
}

}  // namespace locale_objects

uint16_t crt_c_ctype(int32_t c) { return c >= 0 && c < 256 ? locale_objects::c_class(c) : 0; }
uint16_t crt_ctype(WindowsProcess& p, int32_t c) { return c >= -1 && c < 256 ? crt_locale::ctype(p)->ctype[c + 1] : 0; }
uint64_t crt_current_pctype(WindowsProcess& p) { return locale_objects::current_ctype_table(p) + 2; }

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_locale_objects_exports() {
  using namespace locale_objects;
  static const std::vector<Export> exports = {
      EXPORT("__pctype_func", __pctype_func_),
      EXPORT("__pwctype_func", __pwctype_func_),
      EXPORT_DATA("_pctype", pctype_data),
      EXPORT_DATA("_pwctype", pwctype_data),
      EXPORT_DATA("_ctype", ctype_data),
      EXPORT_DATA("_wctype", wctype_data),
      EXPORT("__p__pctype", __p__pctype_),
      EXPORT("__p__pwctype", __p__pwctype_),
      EXPORT("___lc_collate_cp_func", ___lc_collate_cp_func_),
      EXPORT("_create_locale", _create_locale_),
      EXPORT("_get_current_locale", _get_current_locale_),
      EXPORT("_free_locale", _free_locale_),
      EXPORT("_wsetlocale", _wsetlocale_),
  };
  return exports;
}

// The Universal CRT's own (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_locale_objects_exports() {
  using namespace locale_objects;
  static const std::vector<Export> exports = {
      EXPORT("_wcreate_locale", _wcreate_locale_),
      EXPORT("__pwctype_func", __pwctype_func_ucrt_),
      EXPORT_DATA("_wctype", wctype_data_ucrt),
      EXPORT("___lc_locale_name_func", ___lc_locale_name_func_),
      EXPORT("___mb_cur_max_l_func", ___mb_cur_max_l_func_),
      EXPORT("_wsetlocale", _wsetlocale_ucrt_),
  };
  return exports;
}

}  // namespace polyrun::shims
