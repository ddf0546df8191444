// msvcrt.dll and the Universal CRT, the current locale (msvcrt/crt_locale.h): setlocale's names and
// code pages by category, the character data of a code page (the _ctype table, case, lead bytes,
// MB_CUR_MAX) made from core's code-page tables and KERNEL32's Unicode classes, the conversions of
// one character and of strings between a code page and UTF-16, and the code page of the names of
// the system.
//
// The locales known are the "C" locale and the user's, US English ("English_United States"), in
// any code page polyrun has a table of: "" (the user's default) and ".ACP" give its ANSI code page
// (1252), ".OCP" its OEM one (437), ".NNN" code page NNN, "English", "English_United States" with
// or without a code page; the Universal CRT adds UTF-8 (".UTF-8", ".utf8", code page 65001) and
// the names of locales ("en-US"). A program starts in the "C" locale, where bytes are the
// characters 0–255 and only the ASCII ones have classes.
#include <strings.h>

#include <cstring>
#include <map>
#include <mutex>

#include "shims/core/code_pages.h"
#include "shims/core/text.h"
#include "shims/kernel32/char_types.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/msvcrt/crt_state.h"

namespace polyrun::shims::crt_locale {

namespace {

constexpr const char* kCategoryNames[6] = {"LC_ALL", "LC_COLLATE", "LC_CTYPE", "LC_MONETARY", "LC_NUMERIC", "LC_TIME"};
constexpr const char* kUserLocale = "English_United States";

// The "C" locale's classes (the ASCII characters' only).
uint16_t c_class(int c) {
  if (c >= 'A' && c <= 'Z') return 0x1 | (c <= 'F' ? 0x80 : 0);
  if (c >= 'a' && c <= 'z') return 0x2 | (c <= 'f' ? 0x80 : 0);
  if (c >= '0' && c <= '9') return 0x84;
  if (c == ' ') return 0x48;
  if (c >= 0x09 && c <= 0x0d) return 0x28;
  if (c < 0x20 || c == 0x7f) return 0x20;
  if (c < 0x7f) return 0x10;
  return 0;
}

std::shared_ptr<CodePageData> make_c_data() {
  auto d = std::make_shared<CodePageData>();
  for (int c = 0; c < 256; ++c) {
    d->ctype[c + 1] = c_class(c);
    d->upper[c] = static_cast<uint8_t>(c >= 'a' && c <= 'z' ? c - 32 : c);
    d->lower[c] = static_cast<uint8_t>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return d;
}

// A code page's data: each single byte's Unicode character classified (CT_CTYPE1's bits, as
// GetStringTypeA gives them) and its case mapped back into the page where it has a byte there
// (exactly: µ's capital, Greek, has none in code page 1252).
std::shared_ptr<CodePageData> make_data(uint32_t cp) {
  CodePageInfo info;
  if (!code_page_info(cp, info)) return nullptr;
  auto d = std::make_shared<CodePageData>();
  d->code_page = cp;
  d->mb_max = cp == kCpUtf8 ? 4 : static_cast<int32_t>(info.max_char_size);
  for (int c = 0; c < 256; ++c) {
    d->upper[c] = d->lower[c] = static_cast<uint8_t>(c);
    if (cp == kCpUtf8 ? c >= 0x80 : is_lead_byte(cp, static_cast<uint8_t>(c))) {
      if (cp != kCpUtf8) {
        d->lead[c] = true;
        d->ctype[c + 1] = 0x8000;  // _LEADBYTE
      }
      continue;
    }
    std::u16string w;
    const char b = static_cast<char>(c);
    if (!multibyte_to_utf16(cp, 0, std::string_view(&b, 1), w) || w.size() != 1) continue;
    d->ctype[c + 1] = char_type1(w[0]) & 0x3ff;  // (with C1_DEFINED, 0x200, as GetStringTypeA's)
    for (int up = 0; up < 2; ++up) {
      const char16_t other = up ? char_upper(w[0]) : char_lower(w[0]);
      if (other == w[0]) continue;
      std::string back;
      bool used_default = false;
      if (utf16_to_multibyte(cp, kWcNoBestFitChars, std::u16string_view(&other, 1), nullptr, &used_default, back) &&
          !used_default &&
          back.size() == 1)
        (up ? d->upper : d->lower)[c] = static_cast<uint8_t>(back[0]);
    }
  }
  return d;
}

std::mutex g_pages_lock;

std::shared_ptr<const Settings> c_settings() {
  auto s = std::make_shared<Settings>();
  for (auto& n : s->names) n = "C";
  s->ctype = code_page_data(0);
  return s;
}

// A locale name of setlocale's: its name as setlocale gives it back and its code page; false
// for one that names no locale here.
bool parse_name(const std::string& name, bool ucrt, std::string& out, uint32_t& cp) {
  if (name == "C") {
    out = "C";
    cp = 0;
    return true;
  }
  std::string lang = name, page;
  if (size_t dot = name.find('.'); dot != std::string::npos) {
    lang = name.substr(0, dot);
    page = name.substr(dot + 1);
  }
  std::string shown = kUserLocale;
  if (!lang.empty()) {
    if (!::strcasecmp(lang.c_str(), "English") || !::strcasecmp(lang.c_str(), "English_United States") ||
        !::strcasecmp(lang.c_str(), "English_USA") || !::strcasecmp(lang.c_str(), "American") ||
        !::strcasecmp(lang.c_str(), "American English")) {
    } else if (ucrt && (!::strcasecmp(lang.c_str(), "en-US") || !::strcasecmp(lang.c_str(), "en_US")) && page.empty()) {
      shown = lang;
    } else {
      return false;
    }
  }
  if (page.empty() || !::strcasecmp(page.c_str(), "ACP")) {
    cp = kAnsiCodePage;
  } else if (!::strcasecmp(page.c_str(), "OCP")) {
    cp = kOemCodePage;
  } else if (!::strcasecmp(page.c_str(), "UTF-8") || !::strcasecmp(page.c_str(), "UTF8")) {
    if (!ucrt) return false;
    cp = kCpUtf8;
  } else {
    char* end = nullptr;
    const unsigned long n = std::strtoul(page.c_str(), &end, 10);
    if (!end || *end || page.empty() || n == 0 || n > 0xffff) return false;
    cp = static_cast<uint32_t>(n);
    if (cp == kCpUtf8 ? !ucrt : (cp == kCpUtf7 || !code_page_data(cp))) return false;
  }
  if (shown == kUserLocale) shown += "." + std::to_string(cp);
  out = shown;
  return true;
}

std::string all_name(const Settings& s) {
  bool same = true;
  for (int c = 2; c <= kLcTime; ++c) same = same && s.names[c] == s.names[1];
  if (same) return s.names[1];
  std::string out;
  for (int c = 1; c <= kLcTime; ++c) out += std::string(c > 1 ? ";" : "") + kCategoryNames[c] + "=" + s.names[c];
  return out;
}

}  // namespace

std::shared_ptr<const CodePageData> code_page_data(uint32_t cp) {
  static std::map<uint32_t, std::shared_ptr<const CodePageData>> made;
  std::lock_guard<std::mutex> g(g_pages_lock);
  auto it = made.find(cp);
  if (it != made.end()) return it->second;
  std::shared_ptr<const CodePageData> d = cp == 0 ? make_c_data() : make_data(cp);
  made[cp] = d;
  return d;
}

std::shared_ptr<const Settings> current(WindowsProcess& p) {
  std::shared_ptr<const Settings> s = std::atomic_load(&crt(p).locale);
  if (s) return s;
  static std::shared_ptr<const Settings> c = c_settings();
  return c;
}

std::string name_of(WindowsProcess& p, int32_t category) {
  const auto s = current(p);
  return category == kLcAll ? all_name(*s) : s->names[category];
}

const std::string* set(WindowsProcess& p, int32_t category, const char* name, bool ucrt) {
  static thread_local std::string result;
  if (category < kLcAll || category > kLcTime) return nullptr;
  if (!name) return &(result = name_of(p, category));
  static std::mutex setting;
  std::lock_guard<std::mutex> g(setting);
  auto s = std::make_shared<Settings>(*current(p));
  std::string n = name;
  if (category == kLcAll && n.rfind("LC_", 0) == 0) {
    // The form setlocale(LC_ALL, NULL) gives where categories differ: "LC_COLLATE=…;LC_CTYPE=…".
    size_t at = 0;
    while (at < n.size()) {
      size_t eq = n.find('=', at), end = n.find(';', at);
      if (eq == std::string::npos) return nullptr;
      if (end == std::string::npos) end = n.size();
      int c = 1;
      while (c <= kLcTime && n.compare(at, eq - at, kCategoryNames[c]) != 0) ++c;
      if (c > kLcTime || !parse_name(n.substr(eq + 1, end - eq - 1), ucrt, s->names[c], s->code_pages[c])) return nullptr;
      at = end + 1;
    }
  } else {
    std::string shown;
    uint32_t cp = 0;
    if (!parse_name(n, ucrt, shown, cp)) return nullptr;
    for (int c = 1; c <= kLcTime; ++c)
      if (category == kLcAll || category == c) s->names[c] = shown, s->code_pages[c] = cp;
  }
  s->ctype = code_page_data(s->code_pages[kLcCtype]);
  if (!s->ctype) return nullptr;
  std::atomic_store(&crt(p).locale, std::shared_ptr<const Settings>(s));
  publish(p);
  return &(result = category == kLcAll ? all_name(*s) : s->names[category]);
}

int32_t to_wide(const CodePageData& d, const uint8_t* s, uint64_t n, std::u16string& out) {
  out.clear();
  if (!n) return -1;
  if (!s[0]) {
    out.push_back(0);
    return 0;
  }
  if (d.code_page == 0) {
    out.push_back(s[0]);
    return 1;
  }
  uint64_t len = 1;
  if (d.code_page == kCpUtf8) {
    const uint8_t b = s[0];
    len = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  } else if (d.lead[s[0]]) {
    len = 2;
  }
  if (len > n) return -1;
  for (uint64_t i = 1; i < len; ++i)
    if (!s[i]) return -1;
  if (!multibyte_to_utf16(d.code_page, kMbErrInvalidChars,
                          std::string_view(reinterpret_cast<const char*>(s), static_cast<size_t>(len)), out) ||
      out.empty())
    return -1;
  return static_cast<int32_t>(len);
}

bool to_bytes(const CodePageData& d, std::u16string_view w, std::string& out) {
  out.clear();
  if (d.code_page == 0) {
    for (char16_t c : w) {
      if (c > 0xff) return false;
      out.push_back(static_cast<char>(c));
    }
    return true;
  }
  bool used_default = false;
  return utf16_to_multibyte(d.code_page, 0, w, nullptr, &used_default, out) && !used_default;
}

bool string_to_wide(const CodePageData& d, std::string_view s, std::u16string& out) {
  out.clear();
  std::u16string one;
  for (size_t i = 0; i < s.size();) {
    const int32_t n = to_wide(d, reinterpret_cast<const uint8_t*>(s.data()) + i, s.size() - i, one);
    if (n < 0) return false;
    out += one;
    i += n ? static_cast<size_t>(n) : 1;
  }
  return true;
}

std::string name_to_utf8(WindowsProcess& p, std::string_view bytes, bool file) {
  if (current(p)->code_pages[kLcCtype] == kCpUtf8) return std::string(bytes);
  return file ? file_api_to_utf8(p.file_apis_oem, bytes) : ansi_to_utf8(bytes);
}
std::string utf8_to_name(WindowsProcess& p, std::string_view utf8, bool file) {
  if (current(p)->code_pages[kLcCtype] == kCpUtf8) return std::string(utf8);
  return file ? utf8_to_file_api(p.file_apis_oem, utf8) : utf8_to_ansi(utf8);
}

}  // namespace polyrun::shims::crt_locale
