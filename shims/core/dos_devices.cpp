// The MS-DOS device names and what they stand for, the table QueryDosDevice reads and
// DefineDosDevice changes: the fixed names (polyrun's drives C: and Z:, each a volume of its own,
// and the devices NUL, CON, CONIN$ and CONOUT$), then those the process defined (Windows keeps them
// for the session), each a stack whose newest definition is the name's.
#include "shims/core/dos_devices.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kRawTargetPath = 1, kRemoveDefinition = 2, kExactMatchOnRemove = 4;

std::u16string upper_ascii(std::u16string s) {
  for (auto& c : s)
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - 32);
  return s;
}

// The names and what they stand for: the fixed ones, then the process's (each a stack: the newest
// definition is the name's).
GuestCallMutex g_dos_devices_lock;
std::map<std::u16string, std::vector<std::u16string>>& defined() {
  static std::map<std::u16string, std::vector<std::u16string>> names;
  return names;
}
const std::vector<std::pair<std::u16string, std::u16string>>& fixed_names() {
  static const std::vector<std::pair<std::u16string, std::u16string>> names = {
      {u"C:", u"\\Device\\HarddiskVolume1"}, {u"Z:", u"\\Device\\HarddiskVolume2"}, {u"NUL", u"\\Device\\Null"},
      {u"CON", u"\\Device\\ConDrv\\Console"}, {u"CONIN$", u"\\Device\\ConDrv\\CurrentIn"},
      {u"CONOUT$", u"\\Device\\ConDrv\\CurrentOut"},
  };
  return names;
}

bool path_separator(char16_t c) { return c == u'\\' || c == u'/'; }

bool same_ascii(const std::u16string& s, size_t at, const char* word, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = 0; i < n; ++i) {
    char16_t c = s[at + i];
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - 32);
    if (c != static_cast<char16_t>(word[i])) return false;
  }
  return true;
}

}  // namespace

ReservedDevice reserved_dos_device(const std::u16string& s) {
  auto at = [&](size_t i) { return i < s.size() ? s[i] : u'\0'; };
  size_t start = 0;
  if (path_separator(at(0)) && path_separator(at(1))) {
    // \\server\share\… holds files only; of the local device paths only \\.\CON is one.
    if ((at(2) == u'.' || at(2) == u'?') && path_separator(at(3)))
      return s.size() == 7 && at(2) == u'.' && same_ascii(s, 4, "CON", 3) ? ReservedDevice{4, 3} : ReservedDevice{};
    if ((at(2) != u'.' && at(2) != u'?') || at(3)) return {};  // (\\. and \\? alone are roots)
  } else if (at(0) && at(1) == u':') {
    start = 2;  // past a drive
  }
  for (size_t i = start; i < s.size(); ++i)
    if (path_separator(s[i])) start = i + 1;
  size_t end = start;  // the name ends at an extension or a ':'
  while (end < s.size() && s[end] != u'.' && s[end] != u':') ++end;
  while (end > start && s[end - 1] == u' ') --end;  // (trailing spaces are no part of it)
  const size_t n = end - start;
  const bool device = (n == 3 && (same_ascii(s, start, "AUX", 3) || same_ascii(s, start, "CON", 3) ||
                                  same_ascii(s, start, "NUL", 3) || same_ascii(s, start, "PRN", 3))) ||
                      (n == 4 && (same_ascii(s, start, "COM", 3) || same_ascii(s, start, "LPT", 3)) &&
                       s[start + 3] > u'0' && s[start + 3] <= u'9') ||
                      (n == 6 && same_ascii(s, start, "CONIN$", 6)) || (n == 7 && same_ascii(s, start, "CONOUT$", 7));
  return device ? ReservedDevice{start, n} : ReservedDevice{};
}

std::vector<std::u16string> dos_device_targets(const std::u16string& name) {
  const std::u16string key = upper_ascii(name);
  std::lock_guard<GuestCallMutex> lock(g_dos_devices_lock);
  auto it = defined().find(key);
  if (it != defined().end() && !it->second.empty()) return {it->second.rbegin(), it->second.rend()};
  for (const auto& [n, t] : fixed_names())
    if (n == key) return {t};
  return {};
}

std::vector<std::u16string> dos_device_names() {
  std::vector<std::u16string> all;
  for (const auto& [n, t] : fixed_names()) all.push_back(n);
  std::lock_guard<GuestCallMutex> lock(g_dos_devices_lock);
  for (const auto& [n, t] : defined())
    if (!t.empty() && std::find(all.begin(), all.end(), n) == all.end()) all.push_back(n);
  return all;
}

uint32_t define_dos_device(uint32_t flags, const std::u16string& name, const std::u16string* target) {
  if (name.empty() || (flags & ~7u)) return ERROR_INVALID_PARAMETER;
  const std::u16string key = upper_ascii(name);
  std::lock_guard<GuestCallMutex> lock(g_dos_devices_lock);
  auto& stack = defined()[key];
  if (flags & kRemoveDefinition) {
    // With no target, the newest definition goes; with one, the definition it matches (exactly, or
    // as a prefix of it).
    if (stack.empty()) return ERROR_FILE_NOT_FOUND;
    if (!target) {
      stack.pop_back();
      return 0;
    }
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      const std::u16string shown = (flags & kRawTargetPath) ? *target : u"\\??\\" + *target;
      if ((flags & kExactMatchOnRemove) ? *it == shown : it->compare(0, shown.size(), shown) == 0) {
        stack.erase(std::next(it).base());
        return 0;
      }
    }
    return ERROR_FILE_NOT_FOUND;
  }
  if (!target || target->empty()) return ERROR_INVALID_PARAMETER;
  stack.push_back((flags & kRawTargetPath) ? *target : u"\\??\\" + *target);
  return 0;
}

std::u16string nt_path_of_dos_path(const std::u16string& dos) {
  if (dos.size() < 2 || dos[1] != u':') return {};
  std::vector<std::u16string> t = dos_device_targets(dos.substr(0, 2));
  return t.empty() ? std::u16string() : t.front() + dos.substr(2);
}

std::u16string dos_path_of_nt_path(const std::u16string& nt) {
  if (nt.rfind(u"\\??\\", 0) == 0) return nt.substr(4);
  const std::u16string up = upper_ascii(nt);
  for (const std::u16string& drive : dos_device_names()) {
    if (drive.size() != 2 || drive[1] != u':') continue;
    for (const std::u16string& target : dos_device_targets(drive)) {
      const std::u16string t = upper_ascii(target);
      if (up.size() >= t.size() && up.compare(0, t.size(), t) == 0 && (up.size() == t.size() || up[t.size()] == u'\\'))
        return drive + (up.size() == t.size() ? std::u16string(u"\\") : nt.substr(t.size()));
    }
  }
  return {};
}

}  // namespace polyrun::shims
