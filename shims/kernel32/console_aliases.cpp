// KERNEL32.dll, what the console keeps for the programs that read from it, by their executable's
// name: aliases (AddConsoleAlias, GetConsoleAlias, the lengths of an executable's aliases and of
// the executables' names), the command history (the lines ReadConsole took with line input:
// kernel32/console.cpp hands them over; GetConsoleCommandHistory, its length,
// ExpungeConsoleCommandHistory), and the name the process reads under (Get/SetConsoleInputExeName:
// its own program's file name at first). Names of executables are compared without case. The
// console's functions fail with ERROR_INVALID_HANDLE where the process has no console.
#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/kernel32/console.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kErrorBufferOverflow = 111;
constexpr size_t kHistorySize = 50;  // the console's default number of commands remembered

std::u16string folded(std::u16string s) {
  for (char16_t& c : s)
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - 32);
  return s;
}

struct ConsoleMemory {
  std::mutex m;
  // By the executable's name in capitals: its name as first given, and its aliases (source in
  // capitals → source as given, target).
  struct Exe {
    std::u16string name;
    std::map<std::u16string, std::pair<std::u16string, std::u16string>> aliases;
    std::vector<std::u16string> history;
  };
  std::map<std::u16string, Exe> exes;
  std::u16string input_exe;  // empty: not set yet (the program's file name)
};
ConsoleMemory& memory() {
  static ConsoleMemory m;
  return m;
}

std::u16string input_exe_name(WindowsProcess& p) {
  ConsoleMemory& m = memory();
  if (m.input_exe.empty()) {
    std::string path = p.exe_path;
    const size_t slash = path.find_last_of("\\/");
    m.input_exe = utf8_to_utf16(slash == std::string::npos ? path : path.substr(slash + 1));
  }
  return m.input_exe;
}

ConsoleMemory::Exe& exe(const std::u16string& name) {
  ConsoleMemory::Exe& e = memory().exes[folded(name)];
  if (e.name.empty()) e.name = name;
  return e;
}

// Text of the caller's (wide, or narrow in the console's input code page) as UTF-16; null as empty.
std::u16string text(uint64_t s, bool wide) {
  if (!s) return {};
  return wide ? std::u16string(reinterpret_cast<const char16_t*>(s))
              : console_text_to_utf16(console_input_code_page(), reinterpret_cast<const char*>(s));
}
std::string narrow_text(const std::u16string& s) { return utf16_to_console_text(console_input_code_page(), s); }
// Its length in the caller's bytes (with no NUL).
uint32_t bytes_of(const std::u16string& s, bool wide) {
  return static_cast<uint32_t>(wide ? s.size() * 2 : narrow_text(s).size());
}

// ---- aliases ----

// An empty or null target removes the alias.
BOOL add_alias(WindowsProcess& p, uint64_t source, uint64_t target, uint64_t exe_name, bool wide) {
  if (!console_present(p)) return fail(p, ERROR_INVALID_HANDLE);
  if (!source || !exe_name) return fail(p, ERROR_INVALID_PARAMETER);
  const std::u16string s = text(source, wide), t = text(target, wide), e = text(exe_name, wide);
  if (s.empty() || e.empty()) return fail(p, ERROR_INVALID_PARAMETER);
  ConsoleMemory& m = memory();
  std::lock_guard<std::mutex> g(m.m);
  auto& aliases = exe(e).aliases;
  if (t.empty()) aliases.erase(folded(s));
  else aliases[folded(s)] = {s, t};
  return TRUE;
}
BOOL AddConsoleAliasW(WindowsProcess& p, Ptr source, Ptr target, Ptr exe_name) {
  return add_alias(p, source.addr, target.addr, exe_name.addr, true);
}
BOOL AddConsoleAliasA(WindowsProcess& p, Ptr source, Ptr target, Ptr exe_name) {
  return add_alias(p, source.addr, target.addr, exe_name.addr, false);
}

// The alias's target into a buffer of `size` bytes: its length in bytes (with its NUL); too small:
// ERROR_INSUFFICIENT_BUFFER; no such alias: ERROR_GEN_FAILURE (the console's STATUS_UNSUCCESSFUL).
uint32_t get_alias(WindowsProcess& p, uint64_t source, uint64_t buf, uint32_t size, uint64_t exe_name, bool wide) {
  if (!console_present(p)) return fail(p, ERROR_INVALID_HANDLE);
  if (!source || !exe_name || !buf) return fail(p, ERROR_INVALID_PARAMETER);
  ConsoleMemory& m = memory();
  std::lock_guard<std::mutex> g(m.m);
  auto& aliases = exe(text(exe_name, wide)).aliases;
  auto it = aliases.find(folded(text(source, wide)));
  if (it == aliases.end()) return fail(p, ERROR_GEN_FAILURE);
  const std::u16string& target = it->second.second;
  const uint32_t need = bytes_of(target, wide) + (wide ? 2 : 1);
  if (need > size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (wide) std::memcpy(reinterpret_cast<void*>(buf), target.c_str(), need);
  else std::memcpy(reinterpret_cast<void*>(buf), narrow_text(target).c_str(), need);
  return need;
}
uint32_t GetConsoleAliasW(WindowsProcess& p, Ptr source, Ptr buf, uint32_t size, Ptr exe_name) {
  return get_alias(p, source.addr, buf.addr, size, exe_name.addr, true);
}
uint32_t GetConsoleAliasA(WindowsProcess& p, Ptr source, Ptr buf, uint32_t size, Ptr exe_name) {
  return get_alias(p, source.addr, buf.addr, size, exe_name.addr, false);
}

// The bytes GetConsoleAliases would write: "source=target" and a NUL for each alias.
uint32_t aliases_length(WindowsProcess& p, uint64_t exe_name, bool wide) {
  if (!console_present(p)) return fail(p, ERROR_INVALID_HANDLE);
  if (!exe_name) return fail(p, ERROR_INVALID_PARAMETER);
  ConsoleMemory& m = memory();
  std::lock_guard<std::mutex> g(m.m);
  uint32_t n = 0;
  for (const auto& [key, alias] : exe(text(exe_name, wide)).aliases)
    n += bytes_of(alias.first + u"=" + alias.second, wide) + (wide ? 2 : 1);
  return n;
}
uint32_t GetConsoleAliasesLengthW(WindowsProcess& p, Ptr exe_name) { return aliases_length(p, exe_name.addr, true); }
uint32_t GetConsoleAliasesLengthA(WindowsProcess& p, Ptr exe_name) { return aliases_length(p, exe_name.addr, false); }

// The bytes of the names of the executables that have aliases, each with its NUL.
uint32_t alias_exes_length(WindowsProcess& p, bool wide) {
  if (!console_present(p)) return fail(p, ERROR_INVALID_HANDLE);
  ConsoleMemory& m = memory();
  std::lock_guard<std::mutex> g(m.m);
  uint32_t n = 0;
  for (const auto& [key, e] : m.exes)
    if (!e.aliases.empty()) n += bytes_of(e.name, wide) + (wide ? 2 : 1);
  return n;
}
uint32_t GetConsoleAliasExesLengthW(WindowsProcess& p) { return alias_exes_length(p, true); }
uint32_t GetConsoleAliasExesLengthA(WindowsProcess& p) { return alias_exes_length(p, false); }

// ---- the command history ----

// The executable's commands, oldest first, each with its NUL: their length in bytes, or (a buffer
// given) the bytes written, ERROR_INSUFFICIENT_BUFFER where they do not fit.
uint32_t history(WindowsProcess& p, uint64_t buf, uint32_t size, uint64_t exe_name, bool wide, bool length_only) {
  if (!console_present(p)) return fail(p, ERROR_INVALID_HANDLE);
  if (!exe_name) return fail(p, ERROR_INVALID_PARAMETER);
  ConsoleMemory& m = memory();
  std::lock_guard<std::mutex> g(m.m);
  std::u16string all;
  for (const std::u16string& line : exe(text(exe_name, wide)).history) all += line + u'\0';
  const std::string narrow = narrow_text(all);
  const uint32_t need = static_cast<uint32_t>(wide ? all.size() * 2 : narrow.size());
  if (length_only) return need;
  if (need > size || (need && !buf)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (need) std::memcpy(reinterpret_cast<void*>(buf), wide ? static_cast<const void*>(all.data()) : narrow.data(), need);
  return need;
}
uint32_t GetConsoleCommandHistoryW(WindowsProcess& p, Ptr buf, uint32_t size, Ptr exe_name) {
  return history(p, buf.addr, size, exe_name.addr, true, false);
}
uint32_t GetConsoleCommandHistoryA(WindowsProcess& p, Ptr buf, uint32_t size, Ptr exe_name) {
  return history(p, buf.addr, size, exe_name.addr, false, false);
}
uint32_t GetConsoleCommandHistoryLengthW(WindowsProcess& p, Ptr exe_name) { return history(p, 0, 0, exe_name.addr, true, true); }
uint32_t GetConsoleCommandHistoryLengthA(WindowsProcess& p, Ptr exe_name) { return history(p, 0, 0, exe_name.addr, false, true); }
void expunge(WindowsProcess& p, uint64_t exe_name, bool wide) {
  if (!console_present(p)) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return;
  }
  if (!exe_name) return;
  ConsoleMemory& m = memory();
  std::lock_guard<std::mutex> g(m.m);
  exe(text(exe_name, wide)).history.clear();
}
void ExpungeConsoleCommandHistoryW(WindowsProcess& p, Ptr exe_name) { expunge(p, exe_name.addr, true); }
void ExpungeConsoleCommandHistoryA(WindowsProcess& p, Ptr exe_name) { expunge(p, exe_name.addr, false); }

// ---- the input's executable name ----

// Into a buffer of `size` characters: TRUE, or (too small) ERROR_BUFFER_OVERFLOW and FALSE.
BOOL input_exe(WindowsProcess& p, uint32_t size, Ptr buf, bool wide) {
  ConsoleMemory& m = memory();
  std::lock_guard<std::mutex> g(m.m);
  const std::u16string name = input_exe_name(p);
  const std::string narrow = narrow_text(name);
  const size_t chars = wide ? name.size() : narrow.size();
  if (chars + 1 > size || !buf) return fail(p, kErrorBufferOverflow);
  if (wide) std::memcpy(buf.as<char16_t>(), name.c_str(), (name.size() + 1) * 2);
  else std::memcpy(buf.as<char>(), narrow.c_str(), narrow.size() + 1);
  return TRUE;
}
BOOL GetConsoleInputExeNameW(WindowsProcess& p, uint32_t size, Ptr buf) { return input_exe(p, size, buf, true); }
BOOL GetConsoleInputExeNameA(WindowsProcess& p, uint32_t size, Ptr buf) { return input_exe(p, size, buf, false); }
BOOL set_input_exe(WindowsProcess& p, uint64_t name, bool wide) {
  const std::u16string n = text(name, wide);
  if (n.empty() || n.size() > 260) return fail(p, ERROR_INVALID_PARAMETER);
  ConsoleMemory& m = memory();
  std::lock_guard<std::mutex> g(m.m);
  m.input_exe = n;
  return TRUE;
}
BOOL SetConsoleInputExeNameW(WindowsProcess& p, Ptr name) { return set_input_exe(p, name.addr, true); }
BOOL SetConsoleInputExeNameA(WindowsProcess& p, Ptr name) { return set_input_exe(p, name.addr, false); }

}  // namespace

// A line a read with line input took: the command history of the executable the process reads as,
// the oldest forgotten past the history's size.
void console_history_add(const std::u16string& line) {
  ConsoleMemory& m = memory();
  std::lock_guard<std::mutex> g(m.m);
  WindowsProcess& p = WindowsProcess::instance();
  auto& h = exe(input_exe_name(p)).history;
  h.push_back(line);
  if (h.size() > kHistorySize) h.erase(h.begin());
}

const std::vector<Export>& kernel32_console_alias_exports() {
  static const std::vector<Export> exports = {
      EXPORT("AddConsoleAliasW", AddConsoleAliasW),
      EXPORT("AddConsoleAliasA", AddConsoleAliasA),
      EXPORT("GetConsoleAliasW", GetConsoleAliasW),
      EXPORT("GetConsoleAliasA", GetConsoleAliasA),
      EXPORT("GetConsoleAliasesLengthW", GetConsoleAliasesLengthW),
      EXPORT("GetConsoleAliasesLengthA", GetConsoleAliasesLengthA),
      EXPORT("GetConsoleAliasExesLengthW", GetConsoleAliasExesLengthW),
      EXPORT("GetConsoleAliasExesLengthA", GetConsoleAliasExesLengthA),
      EXPORT("GetConsoleCommandHistoryW", GetConsoleCommandHistoryW),
      EXPORT("GetConsoleCommandHistoryA", GetConsoleCommandHistoryA),
      EXPORT("GetConsoleCommandHistoryLengthW", GetConsoleCommandHistoryLengthW),
      EXPORT("GetConsoleCommandHistoryLengthA", GetConsoleCommandHistoryLengthA),
      EXPORT("ExpungeConsoleCommandHistoryW", ExpungeConsoleCommandHistoryW),
      EXPORT("ExpungeConsoleCommandHistoryA", ExpungeConsoleCommandHistoryA),
      EXPORT("GetConsoleInputExeNameW", GetConsoleInputExeNameW),
      EXPORT("GetConsoleInputExeNameA", GetConsoleInputExeNameA),
      EXPORT("SetConsoleInputExeNameW", SetConsoleInputExeNameW),
      EXPORT("SetConsoleInputExeNameA", SetConsoleInputExeNameA),
  };
  return exports;
}

}  // namespace polyrun::shims
