// KERNEL32.dll: The process's own facts: its last error, exit, command line, start-up information, current
// process and thread, unhandled-exception filter, environment variables and the Windows version.
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_guest.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_version.h"
#include "shims/ntdll/runtime.h"

namespace polyrun::shims {

namespace {

// ---- errors ----

uint32_t GetLastError(WindowsProcess& p) { return p.last_error(); }
void SetLastError(WindowsProcess& p, uint32_t code) { p.set_last_error(code); }

// ---- process ----

// ExitProcess is NTDLL's RtlExitUserProcess (ntdll/threads.cpp).

Ptr GetCommandLineA(WindowsProcess& p) { return Ptr(p.cmdline_a); }
Ptr GetCommandLineW(WindowsProcess& p) { return Ptr(p.cmdline_w); }

// STARTUPINFO: 104 bytes on x64, 68 on i386 (pointer and handle fields shrink).
// cbReserved2 and lpReserved2: what the parent passed (the C runtime's descriptors).
void GetStartupInfoA(WindowsProcess& p, Ptr info) {
  const bool x64 = p.isa->ptr == 8;
  uint32_t size = x64 ? 104 : 68;
  std::memset(info.as<void>(), 0, size);
  put<uint32_t>(info.addr, size);  // cb
  const std::string& reserved = p.startup_reserved;
  if (!reserved.empty() && reserved.size() <= 0xffff) {
    if (!p.startup_reserved_copy && (p.startup_reserved_copy = p.heap.alloc(reserved.size())))
      std::memcpy(guest_pointer(p.startup_reserved_copy), reserved.data(), reserved.size());
    if (p.startup_reserved_copy) {
      put<uint16_t>(info.addr + (x64 ? 66 : 50), static_cast<uint16_t>(reserved.size()));
      p.put_ptr(info.addr + (x64 ? 72 : 52), p.startup_reserved_copy);
    }
  }
}
void GetStartupInfoW(WindowsProcess& p, Ptr info) { GetStartupInfoA(p, info); }

Ptr GetCurrentProcess(WindowsProcess&) { return Ptr(kInvalidHandle); }
Ptr GetCurrentThread(WindowsProcess& p) { return Ptr(p.isa->ptr == 4 ? 0xfffffffeull : ~1ull); }
uint32_t GetCurrentProcessId(WindowsProcess&) { return static_cast<uint32_t>(::getpid()); }
uint32_t GetCurrentThreadId(WindowsProcess&) { return static_cast<uint32_t>(::gettid()); }

Ptr SetUnhandledExceptionFilter(WindowsProcess& p, Ptr filter) {
  uint64_t old = p.unhandled_filter;
  p.unhandled_filter = filter.addr;
  return Ptr(old);
}

// ---- environment ----

// Copies a value into a caller's buffer of `size` characters: the length without the NUL, or
// the size needed (with it) when it does not fit; 0 and ERROR_ENVVAR_NOT_FOUND when unset. (The A
// form's characters are the ANSI code page's bytes.)
uint32_t GetEnvironmentVariableA(WindowsProcess& p, AStr name, Ptr buf, uint32_t size) {
  std::optional<std::string> found = p.find_env(name.str());
  if (!found) return fail(p, ERROR_ENVVAR_NOT_FOUND);
  const std::string value = utf8_to_ansi(*found);
  if (value.size() + 1 > size) return static_cast<uint32_t>(value.size() + 1);
  std::memcpy(buf.as<char>(), value.c_str(), value.size() + 1);
  return static_cast<uint32_t>(value.size());
}

uint32_t GetEnvironmentVariableW(WindowsProcess& p, WStr name, Ptr buf, uint32_t size) {
  std::optional<std::string> found = p.find_env(utf16_to_utf8(name.str()));
  if (!found) return fail(p, ERROR_ENVVAR_NOT_FOUND);
  std::u16string value = utf8_to_utf16(*found);
  if (value.size() + 1 > size) return static_cast<uint32_t>(value.size() + 1);
  std::memcpy(buf.as<char16_t>(), value.c_str(), (value.size() + 1) * 2);
  return static_cast<uint32_t>(value.size());
}

// ExpandEnvironmentStrings: each %NAME% of a set variable becomes its value (names without case);
// the rest stays as it is. Returns the characters the result takes with its NUL (the buffer is
// written only when that fits).
std::string expand_environment(WindowsProcess& p, const std::string& s) { return p.expand_env(s); }
uint32_t ExpandEnvironmentStringsA(WindowsProcess& p, AStr src, Ptr dst, uint32_t size) {
  const std::string r = utf8_to_ansi(expand_environment(p, src.str()));
  if (r.size() + 1 <= size && dst) std::memcpy(dst.as<char>(), r.c_str(), r.size() + 1);
  return static_cast<uint32_t>(r.size() + 1);
}
uint32_t ExpandEnvironmentStringsW(WindowsProcess& p, WStr src, Ptr dst, uint32_t size) {
  const std::u16string r = utf8_to_utf16(expand_environment(p, utf16_to_utf8(src.str())));
  if (r.size() + 1 <= size && dst) std::memcpy(dst.as<char16_t>(), r.c_str(), (r.size() + 1) * 2);
  return static_cast<uint32_t>(r.size() + 1);
}

BOOL SetEnvironmentVariableA(WindowsProcess& p, AStr name, AStr value) {
  std::string v = value.str();
  p.set_env(name.str(), value.addr ? &v : nullptr);
  return TRUE;
}

BOOL SetEnvironmentVariableW(WindowsProcess& p, WStr name, WStr value) {
  std::string v = utf16_to_utf8(value.str());
  p.set_env(utf16_to_utf8(name.str()), value.addr ? &v : nullptr);
  return TRUE;
}

// SetEnvironmentStrings: the whole environment replaced by a block of VAR=VALUE strings (ended by an
// empty one); each must have a name before its '=' (ERROR_INVALID_PARAMETER, nothing changed).
BOOL set_environment_strings(WindowsProcess& p, const std::vector<std::string>& entries) {
  for (const std::string& e : entries) {
    const size_t eq = e.find('=', e.empty() || e[0] != '=' ? 0 : 1);
    if (eq == std::string::npos || eq == 0) return fail(p, ERROR_INVALID_PARAMETER);
  }
  p.env.clear();
  for (const std::string& e : entries) {
    const size_t eq = e.find('=', e[0] == '=' ? 1 : 0);
    const std::string value = e.substr(eq + 1);
    p.set_env(e.substr(0, eq), &value, false);
  }
  update_process_environment_block(p);  // (once, also for an empty block)
  return TRUE;
}
BOOL SetEnvironmentStringsA(WindowsProcess& p, Ptr block) {
  std::vector<std::string> entries;
  for (const char* s = block.as<const char>(); *s; s += std::strlen(s) + 1) entries.push_back(ansi_to_utf8(s));
  return set_environment_strings(p, entries);
}
BOOL SetEnvironmentStringsW(WindowsProcess& p, Ptr block) {
  std::vector<std::string> entries;
  for (const char16_t* s = block.as<const char16_t>(); *s; s += std::char_traits<char16_t>::length(s) + 1)
    entries.push_back(utf16_to_utf8(s));
  return set_environment_strings(p, entries);
}

// The environment block: VAR=VALUE strings one after another, ended by an empty string (the A
// form's in the ANSI code page).
Ptr GetEnvironmentStringsA(WindowsProcess& p) {
  std::string block;
  for (const auto& kv : p.env) block += utf8_to_ansi(kv) + '\0';
  block += '\0';
  uint64_t b = p.heap.alloc(block.size());
  std::memcpy(guest_pointer(b), block.data(), block.size());
  return Ptr(b);
}

Ptr GetEnvironmentStringsW(WindowsProcess& p) {
  std::u16string block;
  for (const auto& kv : p.env) block += utf8_to_utf16(kv) + u'\0';
  block += u'\0';
  uint64_t b = p.heap.alloc(block.size() * 2);
  std::memcpy(guest_pointer(b), block.data(), block.size() * 2);
  return Ptr(b);
}

BOOL FreeEnvironmentStrings(WindowsProcess& p, Ptr block) {
  p.heap.free(block.addr);
  return TRUE;
}

// OSVERSIONINFO(EX)A/W: size, major, minor, build, platform, CSD string (128 characters).
BOOL version_ex(WindowsProcess& p, Ptr info, uint32_t char_size) {
  uint32_t size = get<uint32_t>(info.addr);
  if (size < 20 + 128 * char_size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memset(guest_pointer(info.addr + 4), 0, size - 4);
  // Windows 8.1 and later report 6.2 (build 9200) to programs without a compatibility manifest
  // that declares them (core/windows_version.cpp).
  const WindowsVersion& r = reported_version(p.image.manifest);
  uint32_t v[4] = {r.major, r.minor, r.build, 2};
  std::memcpy(guest_pointer(info.addr + 4), v, sizeof v);
  return TRUE;
}
BOOL GetVersionExA(WindowsProcess& p, Ptr info) { return version_ex(p, info, 1); }
BOOL GetVersionExW(WindowsProcess& p, Ptr info) { return version_ex(p, info, 2); }

// VerSetConditionMask: each VER_* type (its bit's index) has three bits of condition in the mask;
// of several types given at once only the highest is set, as Windows does (core/windows_version.cpp).
uint64_t VerSetConditionMask(WindowsProcess&, uint64_t mask, uint32_t type, uint8_t condition) {
  return ver_set_condition_mask(mask, type, condition);
}

// VerifyVersionInfo compares against the version GetVersionEx reports (a workstation, no service
// pack): 6.2.9200 to programs without a compatibility manifest that declares Windows 10.
BOOL VerifyVersionInfoA(WindowsProcess& p, Ptr info, uint32_t type, uint64_t conditions) {
  const uint32_t e = version_mismatch(info.addr, type, conditions, 1, reported_version(p.image.manifest));
  return e ? fail(p, e) : TRUE;
}
BOOL VerifyVersionInfoW(WindowsProcess& p, Ptr info, uint32_t type, uint64_t conditions) {
  const uint32_t e = version_mismatch(info.addr, type, conditions, 2, reported_version(p.image.manifest));
  return e ? fail(p, e) : TRUE;
}

}  // namespace
const std::vector<Export>& kernel32_environment_exports() {
  static const std::vector<Export> exports = {
          EXPORT("GetLastError", GetLastError),
          EXPORT("SetLastError", SetLastError),
          EXPORT("RestoreLastError", SetLastError),
          EXPORT("ExitProcess", ntdll_runtime::RtlExitUserProcess),
          EXPORT("GetCommandLineA", GetCommandLineA),
          EXPORT("GetCommandLineW", GetCommandLineW),
          EXPORT("GetStartupInfoA", GetStartupInfoA),
          EXPORT("GetStartupInfoW", GetStartupInfoW),
          EXPORT("GetCurrentProcess", GetCurrentProcess),
          EXPORT("GetCurrentThread", GetCurrentThread),
          EXPORT("GetCurrentProcessId", GetCurrentProcessId),
          EXPORT("GetCurrentThreadId", GetCurrentThreadId),
          EXPORT("SetUnhandledExceptionFilter", SetUnhandledExceptionFilter),
          EXPORT("GetEnvironmentVariableA", GetEnvironmentVariableA),
          EXPORT("SetEnvironmentVariableA", SetEnvironmentVariableA),
          EXPORT("GetEnvironmentVariableW", GetEnvironmentVariableW),
          EXPORT("ExpandEnvironmentStringsA", ExpandEnvironmentStringsA),
          EXPORT("ExpandEnvironmentStringsW", ExpandEnvironmentStringsW),
          EXPORT("SetEnvironmentVariableW", SetEnvironmentVariableW),
          EXPORT("GetEnvironmentStrings", GetEnvironmentStringsA),
          EXPORT("GetEnvironmentStringsA", GetEnvironmentStringsA),
          EXPORT("GetEnvironmentStringsW", GetEnvironmentStringsW),
          EXPORT("SetEnvironmentStringsA", SetEnvironmentStringsA),
          EXPORT("SetEnvironmentStringsW", SetEnvironmentStringsW),
          EXPORT("FreeEnvironmentStringsA", FreeEnvironmentStrings),
          EXPORT("FreeEnvironmentStringsW", FreeEnvironmentStrings),
          EXPORT("GetVersionExA", GetVersionExA),
          EXPORT("GetVersionExW", GetVersionExW),
          EXPORT("VerSetConditionMask", VerSetConditionMask),
          EXPORT("VerifyVersionInfoA", VerifyVersionInfoA),
          EXPORT("VerifyVersionInfoW", VerifyVersionInfoW),
  };
  return exports;
}

}  // namespace polyrun::shims
