// KERNEL32.dll, initialization files: Get/WritePrivateProfileString, GetPrivateProfileInt,
// Get/WritePrivateProfileSection, GetPrivateProfileSectionNames, Get/WritePrivateProfileStruct,
// narrow and wide, and the same on win.ini (GetProfileString …).
//
// A file named without a directory lies in the Windows directory (no name: win.ini there); any
// other name is taken from the current directory. A file that does not exist reads as empty and
// is made at the first write (and, for the Windows directory, that directory too, as Windows has
// it). Reading: lines with their blanks trimmed, "[name]" starts a section (up to its last ']'),
// "name = value" is a key, a line without '=' a key without a value, a line starting with ';' a
// comment; sections and keys are found without case and with the caller's blanks trimmed. A value
// enclosed in matching single or double quotes is given without them (GetPrivateProfileString and
// GetPrivateProfileInt). Files are UTF-16 with a byte-order mark, UTF-8 with one, or in the ANSI
// code page; a file written keeps its encoding. Writing puts the file back as Windows does: each
// section "[name]", then its lines "name=value" (names and values without the blanks around
// them), CR LF each.
//
// Buffer sizes as Windows' (the facts of wine's kernel32/profile.c, which its tests hold to
// Windows'): a string is cut to the buffer less its terminator and the characters copied are
// returned; a list (keys, sections, a section's lines) too long for the buffer ends with the last
// string cut and two terminators, and returns the size less two.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <cwctype>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

using ProfileText = std::u16string;

struct ProfileKey {
  ProfileText name;
  std::optional<ProfileText> value;  // none: a line without '='
};
struct ProfileSection {
  ProfileText name;  // empty: the lines before the first section
  std::vector<ProfileKey> keys;
};
enum class ProfileEncoding { kAnsi, kUtf8, kUtf16 };
struct ProfileFile {
  std::string host_path;
  bool windows_dir = false;
  ProfileEncoding encoding = ProfileEncoding::kAnsi;
  std::vector<ProfileSection> sections;
};

GuestCallMutex& profile_mutex() {
  static GuestCallMutex m;
  return m;
}

bool profile_space(char16_t c) { return c == u' ' || c == u'\t' || c == u'\r' || c == u'\n' || c == u'\v' || c == u'\f' || c == 0x1a; }

ProfileText profile_trim(const ProfileText& s) {
  size_t b = 0, e = s.size();
  while (b < e && profile_space(s[b])) ++b;
  while (e > b && profile_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool profile_same(const ProfileText& a, const ProfileText& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::towupper(a[i]) != std::towupper(b[i])) return false;
  return true;
}

// The file a profile name stands for: the Windows directory's for a bare name (win.ini for none).
std::string profile_windows_path(const std::optional<ProfileText>& name, bool& windows_dir) {
  std::string n = name ? utf16_to_utf8(*name) : "win.ini";
  const bool bare = n.find('\\') == std::string::npos && n.find('/') == std::string::npos &&
                    !(n.size() >= 2 && n[1] == ':');
  windows_dir = bare;
  return bare ? "C:\\windows\\" + n : windows_full_path(n);
}

// Reads the file into sections (an absent file: none); false when it exists but cannot be read.
bool profile_load(ProfileFile& f, const std::optional<ProfileText>& name) {
  f.host_path = windows_to_host_path(profile_windows_path(name, f.windows_dir));
  f.sections.assign(1, ProfileSection{});
  struct stat st;
  if (::stat(f.host_path.c_str(), &st) != 0) return errno == ENOENT || errno == ENOTDIR;
  std::ifstream in(f.host_path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  ProfileText text;
  if (bytes.size() >= 2 && static_cast<uint8_t>(bytes[0]) == 0xff && static_cast<uint8_t>(bytes[1]) == 0xfe) {
    f.encoding = ProfileEncoding::kUtf16;
    for (size_t i = 2; i + 1 < bytes.size(); i += 2)
      text.push_back(static_cast<char16_t>(static_cast<uint8_t>(bytes[i]) | static_cast<uint8_t>(bytes[i + 1]) << 8));
  } else if (bytes.rfind("\xef\xbb\xbf", 0) == 0) {
    f.encoding = ProfileEncoding::kUtf8;
    text = utf8_to_utf16(bytes.substr(3));
  } else {
    text = ansi_to_utf16(bytes);  // a file without a byte order mark: the ANSI code page's text
  }
  bool last_key_empty = false, any_key = false;
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find(u'\n', at);
    if (nl == ProfileText::npos) nl = text.size();
    const ProfileText line = profile_trim(text.substr(at, nl - at));
    at = nl + 1;
    if (line.empty()) continue;
    if (line[0] == u'[') {
      const size_t close = line.rfind(u']');
      if (close != ProfileText::npos) {
        f.sections.push_back(ProfileSection{line.substr(1, close - 1), {}});
        any_key = false;
        continue;
      }
    }
    ProfileKey k;
    const size_t eq = line.find(u'=');
    if (eq != ProfileText::npos) {
      k.name = profile_trim(line.substr(0, eq));
      k.value = profile_trim(line.substr(eq + 1));
    } else {
      k.name = line;
    }
    // (Consecutive lines with no name keep only the first, as Windows reads them.)
    if (!k.name.empty() || !any_key || !last_key_empty) {
      f.sections.back().keys.push_back(std::move(k));
      last_key_empty = f.sections.back().keys.back().name.empty();
      any_key = true;
    }
  }
  return true;
}

bool profile_save(const ProfileFile& f) {
  ProfileText text;
  for (const auto& s : f.sections) {
    if (!s.name.empty()) text += u"[" + s.name + u"]\r\n";
    for (const auto& k : s.keys) {
      text += k.name;
      if (k.value) text += u"=" + *k.value;
      text += u"\r\n";
    }
  }
  if (f.windows_dir) ::mkdir(windows_to_host_path("C:\\windows").c_str(), 0777);
  std::ofstream out(f.host_path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  if (f.encoding == ProfileEncoding::kUtf16) {
    std::string bytes = "\xff\xfe";
    for (char16_t c : text) {
      bytes.push_back(static_cast<char>(c & 0xff));
      bytes.push_back(static_cast<char>(c >> 8));
    }
    out << bytes;
  } else {
    if (f.encoding == ProfileEncoding::kUtf8) out << "\xef\xbb\xbf";
    out << (f.encoding == ProfileEncoding::kUtf8 ? utf16_to_utf8(text) : utf16_to_ansi(text));
  }
  return static_cast<bool>(out.flush());
}

ProfileSection* profile_find_section(ProfileFile& f, const ProfileText& name) {
  const ProfileText n = profile_trim(name);
  for (auto& s : f.sections)
    if (profile_same(s.name, n)) return &s;
  return nullptr;
}
ProfileKey* profile_find_key(ProfileSection* s, const ProfileText& name) {
  if (!s) return nullptr;
  const ProfileText n = profile_trim(name);
  for (auto& k : s->keys)
    if (profile_same(k.name, n)) return &k;
  return nullptr;
}

// lstrcpyn into a string: at most len - 1 characters (none for a size of 0).
ProfileText profile_cut(const ProfileText& s, size_t len) { return len ? s.substr(0, std::min(s.size(), len - 1)) : ProfileText(); }

// A value as GetPrivateProfileString gives it: without the quotes around it when all of it fits.
ProfileText profile_unquoted(const ProfileText& v, size_t len) {
  if (v.size() >= 2 && (v[0] == u'"' || v[0] == u'\'') && v.back() == v[0]) {
    const ProfileText inner = v.substr(1);
    ProfileText out = profile_cut(inner, len);
    if (len >= inner.size() && !out.empty()) out.pop_back();
    return out;
  }
  return profile_cut(v, len);
}

// A list of strings into a buffer of `len` characters: each with its terminator, then one more;
// too long, the last string that does not fit is cut and the result is len - 2.
struct ProfileList {
  ProfileText out;
  uint32_t result = 0;
};
ProfileList profile_list(const std::vector<ProfileText>& items, uint32_t len) {
  ProfileList r;
  if (len <= 2) {  // (nothing but the terminators)
    r.out.assign(std::min<uint32_t>(len, 2), u'\0');
    return r;
  }
  ProfileText all;
  for (const auto& s : items) all += s + u'\0';
  if (all.empty()) {
    r.out.assign(2, u'\0');
    return r;
  }
  if (all.size() + 1 <= len) {
    r.out = all + u'\0';
    r.result = static_cast<uint32_t>(all.size());
    return r;
  }
  r.out = all.substr(0, len - 2) + u'\0' + u'\0';
  r.result = len - 2;
  return r;
}

struct ProfileArgs {
  std::optional<ProfileText> section, key, value, file;
};

std::optional<ProfileText> profile_opt_w(uint64_t s) { return s ? std::optional<ProfileText>(WStr{s}.str()) : std::nullopt; }
// The A forms' strings are in the ANSI code page.
std::optional<ProfileText> profile_opt_a(uint64_t s) {
  return s ? std::optional<ProfileText>(ansi_to_utf16(reinterpret_cast<const char*>(s))) : std::nullopt;
}

// GetPrivateProfileString's work: the characters to store (with their terminators) and the result.
ProfileList profile_get_string(const ProfileArgs& a, uint32_t len) {
  ProfileText def = a.value ? *a.value : ProfileText();
  while (!def.empty() && def.back() == u' ') def.pop_back();
  ProfileList r;
  std::lock_guard<GuestCallMutex> lock(profile_mutex());
  ProfileFile f;
  if (!profile_load(f, a.file)) {
    r.out = profile_cut(def, len) + u'\0';
    r.result = static_cast<uint32_t>(r.out.size() - 1);
    return r;
  }
  if (!a.section) {  // the section names
    std::vector<ProfileText> names;
    for (const auto& s : f.sections)
      if (!s.name.empty()) names.push_back(s.name);
    return profile_list(names, len);
  }
  if (a.key) {
    ProfileKey* k = profile_find_key(profile_find_section(f, *a.section), *a.key);
    r.out = profile_unquoted(k && k->value ? *k->value : def, len) + u'\0';
    r.result = static_cast<uint32_t>(r.out.size() - 1);
    return r;
  }
  if (!a.section->empty()) {  // the section's keys (those with a value, no comments)
    std::vector<ProfileText> names;
    if (ProfileSection* s = profile_find_section(f, *a.section))
      for (const auto& k : s->keys)
        if (!k.name.empty() && k.name[0] != u';' && k.value) names.push_back(k.name);
    if (!names.empty()) return profile_list(names, len);
    r.out = profile_unquoted(def, len) + u'\0';
    r.result = static_cast<uint32_t>(r.out.size() - 1);
    return r;
  }
  r.out = ProfileText(1, u'\0');
  return r;
}

// The result's characters into the program's buffer, wide or narrow (narrow: cut to the buffer
// in bytes, the count of bytes before the terminator returned).
uint32_t profile_store_w(const ProfileList& r, uint64_t buf, uint32_t len) {
  const size_t n = std::min<size_t>(r.out.size(), len);
  for (size_t i = 0; i < n; ++i) put<char16_t>(buf + 2 * i, r.out[i]);
  return r.result;
}
uint32_t profile_store_a(const ProfileList& r, uint64_t buf, uint32_t len, bool list) {
  if (!len || r.out.empty()) return r.result;
  const std::string bytes = utf16_to_ansi(r.out.substr(0, r.result + 1));
  if (bytes.size() <= len) {
    for (size_t i = 0; i < bytes.size(); ++i) put<char>(buf + i, bytes[i]);
    if (list && r.out.size() > r.result + 1 && bytes.size() < len) put<char>(buf + bytes.size(), 0);
    return static_cast<uint32_t>(bytes.size() - 1);
  }
  for (size_t i = 0; i + 1 < len; ++i) put<char>(buf + i, bytes[i]);
  put<char>(buf + len - 1, 0);
  if (list && len >= 2) put<char>(buf + len - 2, 0);
  return list ? len - 2 : len - 1;
}

uint32_t GetPrivateProfileStringW(WindowsProcess&, Ptr section, Ptr key, Ptr def, Ptr buf, uint32_t len, Ptr file) {
  if (!buf) return 0;
  const ProfileList r = profile_get_string({profile_opt_w(section.addr), profile_opt_w(key.addr), profile_opt_w(def.addr), profile_opt_w(file.addr)}, len);
  return profile_store_w(r, buf.addr, len);
}
uint32_t GetPrivateProfileStringA(WindowsProcess&, Ptr section, Ptr key, Ptr def, Ptr buf, uint32_t len, Ptr file) {
  if (!buf) return 0;
  const ProfileArgs a{profile_opt_a(section.addr), profile_opt_a(key.addr), profile_opt_a(def.addr), profile_opt_a(file.addr)};
  const ProfileList r = profile_get_string(a, len);
  return profile_store_a(r, buf.addr, len, !a.section || !a.key);
}
uint32_t GetProfileStringW(WindowsProcess& p, Ptr section, Ptr key, Ptr def, Ptr buf, uint32_t len) {
  return GetPrivateProfileStringW(p, section, key, def, buf, len, Ptr(0));
}
uint32_t GetProfileStringA(WindowsProcess& p, Ptr section, Ptr key, Ptr def, Ptr buf, uint32_t len) {
  return GetPrivateProfileStringA(p, section, key, def, buf, len, Ptr(0));
}

// RtlUnicodeStringToInteger with base 0: blanks, a sign, 0x / 0o / 0b for the base, digits up to
// the first that is not one.
uint32_t profile_integer(const ProfileText& s) {
  size_t i = 0;
  while (i < s.size() && s[i] <= u' ') ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == u'+' || s[i] == u'-')) negative = s[i++] == u'-';
  unsigned base = 10;
  if (i + 1 < s.size() && s[i] == u'0') {
    const char16_t c = s[i + 1];
    if (c == u'x' || c == u'X') base = 16, i += 2;
    else if (c == u'o' || c == u'O') base = 8, i += 2;
    else if (c == u'b' || c == u'B') base = 2, i += 2;
  }
  uint32_t v = 0;
  for (; i < s.size(); ++i) {
    const char16_t c = s[i];
    unsigned d = c >= u'0' && c <= u'9' ? c - u'0' : c >= u'a' && c <= u'z' ? c - u'a' + 10 : c >= u'A' && c <= u'Z' ? c - u'A' + 10 : 99;
    if (d >= base) break;
    v = v * base + d;
  }
  return negative ? 0u - v : v;
}

uint32_t profile_get_int(const ProfileArgs& a, int32_t def) {
  ProfileArgs b = a;
  b.value = ProfileText();
  const ProfileList r = profile_get_string(b, 30);
  if (!r.result || r.out.empty() || r.out[0] == 0) return static_cast<uint32_t>(def);
  return profile_integer(r.out.substr(0, r.result));
}
uint32_t GetPrivateProfileIntW(WindowsProcess&, Ptr section, Ptr key, int32_t def, Ptr file) {
  return profile_get_int({profile_opt_w(section.addr), profile_opt_w(key.addr), {}, profile_opt_w(file.addr)}, def);
}
uint32_t GetPrivateProfileIntA(WindowsProcess&, Ptr section, Ptr key, int32_t def, Ptr file) {
  return profile_get_int({profile_opt_a(section.addr), profile_opt_a(key.addr), {}, profile_opt_a(file.addr)}, def);
}
uint32_t GetProfileIntW(WindowsProcess& p, Ptr section, Ptr key, int32_t def) { return GetPrivateProfileIntW(p, section, key, def, Ptr(0)); }
uint32_t GetProfileIntA(WindowsProcess& p, Ptr section, Ptr key, int32_t def) { return GetPrivateProfileIntA(p, section, key, def, Ptr(0)); }

// GetPrivateProfileSection: the section's lines, "name=value" (or the name of a line without a
// value; no comments), values as written.
ProfileList profile_get_section(const ProfileText& section, const std::optional<ProfileText>& file, uint32_t len) {
  std::lock_guard<GuestCallMutex> lock(profile_mutex());
  ProfileFile f;
  std::vector<ProfileText> lines;
  if (profile_load(f, file))
    if (ProfileSection* s = profile_find_section(f, section))
      for (const auto& k : s->keys)
        if (!k.name.empty() && k.name[0] != u';') lines.push_back(k.value ? k.name + u"=" + *k.value : k.name);
  return profile_list(lines, len);
}
uint32_t GetPrivateProfileSectionW(WindowsProcess& p, Ptr section, Ptr buf, uint32_t len, Ptr file) {
  if (!section || !buf) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  return profile_store_w(profile_get_section(WStr{section.addr}.str(), profile_opt_w(file.addr), len), buf.addr, len);
}
uint32_t GetPrivateProfileSectionA(WindowsProcess& p, Ptr section, Ptr buf, uint32_t len, Ptr file) {
  if (!section || !buf) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  return profile_store_a(profile_get_section(*profile_opt_a(section.addr), profile_opt_a(file.addr), len), buf.addr, len, true);
}
uint32_t GetProfileSectionW(WindowsProcess& p, Ptr section, Ptr buf, uint32_t len) { return GetPrivateProfileSectionW(p, section, buf, len, Ptr(0)); }
uint32_t GetProfileSectionA(WindowsProcess& p, Ptr section, Ptr buf, uint32_t len) { return GetPrivateProfileSectionA(p, section, buf, len, Ptr(0)); }

uint32_t GetPrivateProfileSectionNamesW(WindowsProcess&, Ptr buf, uint32_t len, Ptr file) {
  if (!buf) return 0;
  return profile_store_w(profile_get_string({std::nullopt, std::nullopt, std::nullopt, profile_opt_w(file.addr)}, len), buf.addr, len);
}
uint32_t GetPrivateProfileSectionNamesA(WindowsProcess&, Ptr buf, uint32_t len, Ptr file) {
  if (!buf) return 0;
  return profile_store_a(profile_get_string({std::nullopt, std::nullopt, std::nullopt, profile_opt_a(file.addr)}, len), buf.addr, len, true);
}

// WritePrivateProfileString: no key deletes the section, no value the key; the value is stored
// without its leading blanks. No section, key or value only asks for the file to be written out
// (polyrun keeps nothing unwritten) and is FALSE.
BOOL profile_write(WindowsProcess& p, const ProfileArgs& a) {
  if (!a.section) return FALSE;
  std::lock_guard<GuestCallMutex> lock(profile_mutex());
  ProfileFile f;
  if (!profile_load(f, a.file)) return p.set_last_error(ERROR_ACCESS_DENIED), FALSE;
  bool changed = false;
  ProfileSection* s = profile_find_section(f, *a.section);
  if (!a.key) {
    if (s) {
      f.sections.erase(f.sections.begin() + (s - f.sections.data()));
      changed = true;
    }
  } else if (!a.value) {
    if (ProfileKey* k = profile_find_key(s, *a.key)) {
      s->keys.erase(s->keys.begin() + (k - s->keys.data()));
      changed = true;
    }
  } else {
    ProfileText v = *a.value;
    size_t b = 0;
    while (b < v.size() && profile_space(v[b])) ++b;
    v = v.substr(b);
    if (!s) {
      f.sections.push_back(ProfileSection{profile_trim(*a.section), {}});
      s = &f.sections.back();
    }
    ProfileKey* k = profile_find_key(s, *a.key);
    if (!k) {
      s->keys.push_back(ProfileKey{profile_trim(*a.key), std::nullopt});
      k = &s->keys.back();
    }
    if (!k->value || *k->value != v) {
      k->value = v;
      changed = true;
    }
  }
  if (changed && !profile_save(f)) return p.set_last_error(ERROR_ACCESS_DENIED), FALSE;
  return TRUE;
}
BOOL WritePrivateProfileStringW(WindowsProcess& p, Ptr section, Ptr key, Ptr value, Ptr file) {
  return profile_write(p, {profile_opt_w(section.addr), profile_opt_w(key.addr), profile_opt_w(value.addr), profile_opt_w(file.addr)});
}
BOOL WritePrivateProfileStringA(WindowsProcess& p, Ptr section, Ptr key, Ptr value, Ptr file) {
  return profile_write(p, {profile_opt_a(section.addr), profile_opt_a(key.addr), profile_opt_a(value.addr), profile_opt_a(file.addr)});
}
BOOL WriteProfileStringW(WindowsProcess& p, Ptr section, Ptr key, Ptr value) { return WritePrivateProfileStringW(p, section, key, value, Ptr(0)); }
BOOL WriteProfileStringA(WindowsProcess& p, Ptr section, Ptr key, Ptr value) { return WritePrivateProfileStringA(p, section, key, value, Ptr(0)); }

// WritePrivateProfileSection: the section's lines replaced by "name=value" strings (a list ending
// with an empty one); no lines deletes the section.
BOOL profile_write_section(WindowsProcess& p, const std::optional<ProfileText>& section, const std::optional<std::vector<ProfileText>>& lines,
                           const std::optional<ProfileText>& file) {
  if (!section) return FALSE;
  if (!lines) return profile_write(p, {section, std::nullopt, std::nullopt, file});
  std::lock_guard<GuestCallMutex> lock(profile_mutex());
  ProfileFile f;
  if (!profile_load(f, file)) return p.set_last_error(ERROR_ACCESS_DENIED), FALSE;
  ProfileSection* s = profile_find_section(f, *section);
  if (!s) {
    f.sections.push_back(ProfileSection{profile_trim(*section), {}});
    s = &f.sections.back();
  }
  s->keys.clear();
  for (const auto& line : *lines) {
    const size_t eq = line.find(u'=');
    if (eq == ProfileText::npos) continue;
    ProfileText v = line.substr(eq + 1);
    size_t b = 0;
    while (b < v.size() && profile_space(v[b])) ++b;
    s->keys.push_back(ProfileKey{profile_trim(line.substr(0, eq)), v.substr(b)});
  }
  if (!profile_save(f)) return p.set_last_error(ERROR_ACCESS_DENIED), FALSE;
  return TRUE;
}
template <bool Wide>
std::optional<std::vector<ProfileText>> profile_lines(uint64_t s) {
  if (!s) return std::nullopt;
  std::vector<ProfileText> out;
  while (true) {
    ProfileText line = Wide ? WStr{s}.str() : ansi_to_utf16(reinterpret_cast<const char*>(s));
    if (line.empty()) break;
    s += Wide ? 2 * (line.size() + 1) : std::strlen(reinterpret_cast<const char*>(s)) + 1;
    out.push_back(std::move(line));
  }
  return out;
}
BOOL WritePrivateProfileSectionW(WindowsProcess& p, Ptr section, Ptr lines, Ptr file) {
  return profile_write_section(p, profile_opt_w(section.addr), profile_lines<true>(lines.addr), profile_opt_w(file.addr));
}
BOOL WritePrivateProfileSectionA(WindowsProcess& p, Ptr section, Ptr lines, Ptr file) {
  return profile_write_section(p, profile_opt_a(section.addr), profile_lines<false>(lines.addr), profile_opt_a(file.addr));
}
BOOL WriteProfileSectionW(WindowsProcess& p, Ptr section, Ptr lines) { return WritePrivateProfileSectionW(p, section, lines, Ptr(0)); }
BOOL WriteProfileSectionA(WindowsProcess& p, Ptr section, Ptr lines) { return WritePrivateProfileSectionA(p, section, lines, Ptr(0)); }

// Get/WritePrivateProfileStruct: the bytes as upper-case hexadecimal digits, then their sum's low
// byte the same way; reading needs exactly that many digits, all hexadecimal, and the sum to match.
BOOL profile_get_struct(const ProfileArgs& a, uint64_t buf, uint32_t len) {
  if (!a.section || !a.key) return FALSE;
  std::lock_guard<GuestCallMutex> lock(profile_mutex());
  ProfileFile f;
  if (!profile_load(f, a.file)) return FALSE;
  ProfileKey* k = profile_find_key(profile_find_section(f, *a.section), *a.key);
  if (!k || !k->value) return FALSE;
  const ProfileText& v = *k->value;
  if (v.size() < 2 || (v.size() - 2) / 2 != len) return FALSE;
  auto hex = [](char16_t c) -> int {
    if (c >= u'0' && c <= u'9') return c - u'0';
    if (c >= u'a' && c <= u'f') return c - u'a' + 10;
    if (c >= u'A' && c <= u'F') return c - u'A' + 10;
    return -1;
  };
  for (char16_t c : v)
    if (hex(c) < 0) return FALSE;
  uint32_t sum = 0;
  for (uint32_t i = 0; i < len; ++i) {
    const uint8_t b = static_cast<uint8_t>(hex(v[2 * i]) << 4 | hex(v[2 * i + 1]));
    put<uint8_t>(buf + i, b);
    sum += b;
  }
  const size_t c = v.size() - 2;
  return static_cast<uint8_t>(hex(v[c]) << 4 | hex(v[c + 1])) == (sum & 0xff) ? TRUE : FALSE;
}
BOOL GetPrivateProfileStructW(WindowsProcess&, Ptr section, Ptr key, Ptr buf, uint32_t len, Ptr file) {
  return profile_get_struct({profile_opt_w(section.addr), profile_opt_w(key.addr), {}, profile_opt_w(file.addr)}, buf.addr, len);
}
BOOL GetPrivateProfileStructA(WindowsProcess&, Ptr section, Ptr key, Ptr buf, uint32_t len, Ptr file) {
  return profile_get_struct({profile_opt_a(section.addr), profile_opt_a(key.addr), {}, profile_opt_a(file.addr)}, buf.addr, len);
}
BOOL profile_write_struct(WindowsProcess& p, ProfileArgs a, uint64_t buf, uint32_t len) {
  if (!a.section && !a.key && !buf) return FALSE;  // (writing out: nothing is kept unwritten)
  static const char16_t digits[] = u"0123456789ABCDEF";
  ProfileText v;
  uint32_t sum = 0;
  for (uint32_t i = 0; i < len; ++i) {
    const uint8_t b = get<uint8_t>(buf + i);
    v += digits[b >> 4];
    v += digits[b & 15];
    sum += b;
  }
  v += digits[(sum >> 4) & 15];
  v += digits[sum & 15];
  a.value = v;
  return profile_write(p, a);
}
BOOL WritePrivateProfileStructW(WindowsProcess& p, Ptr section, Ptr key, Ptr buf, uint32_t len, Ptr file) {
  return profile_write_struct(p, {profile_opt_w(section.addr), profile_opt_w(key.addr), {}, profile_opt_w(file.addr)}, buf.addr, len);
}
BOOL WritePrivateProfileStructA(WindowsProcess& p, Ptr section, Ptr key, Ptr buf, uint32_t len, Ptr file) {
  return profile_write_struct(p, {profile_opt_a(section.addr), profile_opt_a(key.addr), {}, profile_opt_a(file.addr)}, buf.addr, len);
}

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_profile_exports() {
  static const std::vector<Export> exports = {
      EXPORT("GetPrivateProfileStringA", GetPrivateProfileStringA),
      EXPORT("GetPrivateProfileStringW", GetPrivateProfileStringW),
      EXPORT("GetProfileStringA", GetProfileStringA),
      EXPORT("GetProfileStringW", GetProfileStringW),
      EXPORT("GetPrivateProfileIntA", GetPrivateProfileIntA),
      EXPORT("GetPrivateProfileIntW", GetPrivateProfileIntW),
      EXPORT("GetProfileIntA", GetProfileIntA),
      EXPORT("GetProfileIntW", GetProfileIntW),
      EXPORT("GetPrivateProfileSectionA", GetPrivateProfileSectionA),
      EXPORT("GetPrivateProfileSectionW", GetPrivateProfileSectionW),
      EXPORT("GetProfileSectionA", GetProfileSectionA),
      EXPORT("GetProfileSectionW", GetProfileSectionW),
      EXPORT("GetPrivateProfileSectionNamesA", GetPrivateProfileSectionNamesA),
      EXPORT("GetPrivateProfileSectionNamesW", GetPrivateProfileSectionNamesW),
      EXPORT("WritePrivateProfileStringA", WritePrivateProfileStringA),
      EXPORT("WritePrivateProfileStringW", WritePrivateProfileStringW),
      EXPORT("WriteProfileStringA", WriteProfileStringA),
      EXPORT("WriteProfileStringW", WriteProfileStringW),
      EXPORT("WritePrivateProfileSectionA", WritePrivateProfileSectionA),
      EXPORT("WritePrivateProfileSectionW", WritePrivateProfileSectionW),
      EXPORT("WriteProfileSectionA", WriteProfileSectionA),
      EXPORT("WriteProfileSectionW", WriteProfileSectionW),
      EXPORT("GetPrivateProfileStructA", GetPrivateProfileStructA),
      EXPORT("GetPrivateProfileStructW", GetPrivateProfileStructW),
      EXPORT("WritePrivateProfileStructA", WritePrivateProfileStructA),
      EXPORT("WritePrivateProfileStructW", WritePrivateProfileStructW),
  };
  return exports;
}

}  // namespace polyrun::shims
