// KERNEL32's module functions: GetModuleHandle*, LoadLibrary*, FreeLibrary, GetProcAddress,
// GetModuleFileName*, the DLL search path (SetDllDirectory, SetDefaultDllDirectories,
// AddDllDirectory …) and DisableThreadLibraryCalls. Each reads its arguments and keeps the Win32
// conventions (the last error, the buffer sizes); the modules themselves — finding, mapping,
// binding, initializing and unloading DLLs, the search path they are found on — are core's
// (core/windows_modules.cpp), which its own loading at start-up and delay-loaded imports use too.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

// GetModuleHandleEx flags.
constexpr uint32_t kModulePin = 1, kModuleUnchangedRefcount = 2, kModuleFromAddress = 4;

// The A functions' module and directory names are in the file functions' code page (ANSI, or OEM
// after SetFileApisToOEM), as UTF-8 here; their results go back in it.
std::string narrow_name(WindowsProcess& p, AStr s) { return file_api_to_utf8(p.file_apis_oem, s.bytes()); }

// A module name argument, narrow or wide (null: "").
std::string module_name_arg(WindowsProcess& p, Ptr s, bool wide) {
  if (!s) return std::string();
  return wide ? utf16_to_utf8(std::u16string(s.as<const char16_t>())) : narrow_name(p, AStr{s.addr});
}

Ptr GetModuleHandleA(WindowsProcess& p, AStr name) {
  std::string n = narrow_name(p, name);
  uint64_t m = module_handle(p, name.addr ? &n : nullptr);
  if (!m) p.set_last_error(ERROR_MOD_NOT_FOUND);
  return Ptr(m);
}
Ptr GetModuleHandleW(WindowsProcess& p, WStr name) {
  std::string n = utf16_to_utf8(name.str());
  uint64_t m = module_handle(p, name.addr ? &n : nullptr);
  if (!m) p.set_last_error(ERROR_MOD_NOT_FOUND);
  return Ptr(m);
}

// GetModuleHandleEx: by name (null: the program) or by an address inside a module; a loaded DLL
// gains a reference unless GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, or is pinned for good.
BOOL module_handle_ex(WindowsProcess& p, uint32_t flags, Ptr arg, bool wide_name, Ptr out) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  p.put_ptr(out.addr, 0);
  if ((flags & ~(kModulePin | kModuleUnchangedRefcount | kModuleFromAddress)) ||
      ((flags & kModulePin) && (flags & kModuleUnchangedRefcount)))
    return fail(p, ERROR_INVALID_PARAMETER);
  uint64_t m;
  if (flags & kModuleFromAddress) {
    m = module_of_address(p, arg.addr);
  } else {
    std::string n = module_name_arg(p, arg, wide_name);
    m = module_handle(p, arg ? &n : nullptr);
  }
  if (!m) return fail(p, ERROR_MOD_NOT_FOUND);
  p.put_ptr(out.addr, m);
  if ((flags & kModulePin) || !(flags & kModuleUnchangedRefcount)) reference_module(m, flags & kModulePin);
  return TRUE;
}
BOOL GetModuleHandleExA(WindowsProcess& p, uint32_t flags, ModuleNameOrAddress<false> name, Ptr out) {
  return module_handle_ex(p, flags, Ptr(name.addr), false, out);
}
BOOL GetModuleHandleExW(WindowsProcess& p, uint32_t flags, ModuleNameOrAddress<true> name, Ptr out) {
  return module_handle_ex(p, flags, Ptr(name.addr), true, out);
}

// LoadLibraryEx: no name, or the reserved file handle given, is ERROR_INVALID_PARAMETER.
Ptr load_library_arg(WindowsProcess& p, bool named, const std::string& name, Ptr file, uint32_t flags) {
  if (!named || file) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return Ptr(load_library(p, name, flags));
}
Ptr LoadLibraryA(WindowsProcess& p, AStr name) { return load_library_arg(p, name.addr, narrow_name(p, name), Ptr(0), 0); }
Ptr LoadLibraryW(WindowsProcess& p, WStr name) {
  return load_library_arg(p, name.addr, utf16_to_utf8(name.str()), Ptr(0), 0);
}
Ptr LoadLibraryExA(WindowsProcess& p, AStr name, Ptr file, uint32_t flags) {
  return load_library_arg(p, name.addr, narrow_name(p, name), file, flags);
}
Ptr LoadLibraryExW(WindowsProcess& p, WStr name, Ptr file, uint32_t flags) {
  return load_library_arg(p, name.addr, utf16_to_utf8(name.str()), file, flags);
}

BOOL FreeLibrary(WindowsProcess& p, HModule module) { return free_library(p, module.addr) ? TRUE : FALSE; }
void FreeLibraryAndExitThread(WindowsProcess& p, Ptr h, uint32_t code) {
  free_library(p, h.addr);
  exit_thread(p, code);
}

Ptr GetProcAddress(WindowsProcess& p, HModule module, ProcName name) {
  return Ptr(module_proc_address(p, module.addr, name.addr));
}

// What i386's stdcall pops: the documented arguments, each a pointer-sized stack slot.
static_assert(stack_bytes<&GetProcAddress>() == 8 && stack_bytes<&FreeLibrary>() == 4 &&
              stack_bytes<&GetModuleHandleExA>() == 12 && stack_bytes<&GetModuleHandleExW>() == 12);

// Copied up to the buffer's size: the length without the NUL, or the size (truncated, last error
// ERROR_INSUFFICIENT_BUFFER); the A form's in bytes of the file functions' code page.
uint32_t GetModuleFileNameA(WindowsProcess& p, Ptr module, Ptr buf, uint32_t size) {
  std::string utf8;
  if (!module_file_name(p, module.addr, utf8) || size == 0) return 0;
  const std::string name = utf8_to_file_api(p.file_apis_oem, utf8);
  uint32_t n = static_cast<uint32_t>(std::min<size_t>(name.size(), size - 1));
  std::memcpy(buf.as<char>(), name.data(), n);
  buf.as<char>()[n] = 0;
  p.set_last_error(n < name.size() ? uint32_t{ERROR_INSUFFICIENT_BUFFER} : 0u);
  return n < name.size() ? size : n;
}
uint32_t GetModuleFileNameW(WindowsProcess& p, Ptr module, Ptr buf, uint32_t size) {
  std::string name;
  if (!module_file_name(p, module.addr, name) || size == 0) return 0;
  std::u16string w = utf8_to_utf16(name);
  uint32_t n = static_cast<uint32_t>(std::min<size_t>(w.size(), size - 1));
  std::memcpy(buf.as<char16_t>(), w.data(), n * 2);
  buf.as<char16_t>()[n] = 0;
  p.set_last_error(n < w.size() ? uint32_t{ERROR_INSUFFICIENT_BUFFER} : 0u);
  return n < w.size() ? size : n;
}

// ---- the DLL search path ----

// SetDllDirectory: a directory searched after the program's instead of the current one; "" drops
// the current directory; NULL restores the standard order.
BOOL SetDllDirectoryA(WindowsProcess& p, AStr dir) {
  set_dll_directory(dir.addr ? std::optional<std::string>(narrow_name(p, dir)) : std::nullopt);
  return TRUE;
}
BOOL SetDllDirectoryW(WindowsProcess&, WStr dir) {
  set_dll_directory(dir.addr ? std::optional<std::string>(utf16_to_utf8(dir.str())) : std::nullopt);
  return TRUE;
}

uint32_t GetDllDirectoryA(WindowsProcess& p, uint32_t size, Ptr buf) {
  std::string d = utf8_to_file_api(p.file_apis_oem, dll_directory().value_or(""));
  if (d.size() + 1 > size) return static_cast<uint32_t>(d.size() + 1);
  std::memcpy(buf.as<char>(), d.c_str(), d.size() + 1);
  return static_cast<uint32_t>(d.size());
}
uint32_t GetDllDirectoryW(WindowsProcess&, uint32_t size, Ptr buf) {
  std::u16string d = utf8_to_utf16(dll_directory().value_or(""));
  if (d.size() + 1 > size) return static_cast<uint32_t>(d.size() + 1);
  std::memcpy(buf.as<char16_t>(), d.c_str(), (d.size() + 1) * 2);
  return static_cast<uint32_t>(d.size());
}

BOOL SetDefaultDllDirectories(WindowsProcess& p, uint32_t flags) {
  return set_default_dll_directories(flags) ? TRUE : fail(p, ERROR_INVALID_PARAMETER);
}

// AddDllDirectory: an absolute directory LOAD_LIBRARY_SEARCH_USER_DIRS searches; its cookie.
Ptr AddDllDirectory(WindowsProcess& p, WStr dir) {
  std::string d = utf16_to_utf8(dir.str());
  if (d.size() < 3 || d[1] != ':' || (d[2] != '\\' && d[2] != '/')) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return Ptr(add_dll_directory(d));
}
BOOL RemoveDllDirectory(WindowsProcess& p, Ptr cookie) {
  return remove_dll_directory(cookie.addr) ? TRUE : fail(p, ERROR_INVALID_PARAMETER);
}

BOOL DisableThreadLibraryCalls(WindowsProcess& p, Ptr module) {
  return disable_thread_library_calls(p, module.addr) ? TRUE : fail(p, ERROR_MOD_NOT_FOUND);
}

}  // namespace

const std::vector<Export>& kernel32_module_exports() {
  static const std::vector<Export> exports = {
      EXPORT("GetModuleHandleA", GetModuleHandleA),
      EXPORT("GetModuleHandleW", GetModuleHandleW),
      EXPORT("GetModuleHandleExA", GetModuleHandleExA),
      EXPORT("GetModuleHandleExW", GetModuleHandleExW),
      EXPORT("LoadLibraryA", LoadLibraryA),
      EXPORT("LoadLibraryW", LoadLibraryW),
      EXPORT("LoadLibraryExA", LoadLibraryExA),
      EXPORT("LoadLibraryExW", LoadLibraryExW),
      EXPORT("FreeLibrary", FreeLibrary),
      EXPORT("FreeLibraryAndExitThread", FreeLibraryAndExitThread),
      EXPORT("GetProcAddress", GetProcAddress),
      EXPORT("GetModuleFileNameA", GetModuleFileNameA),
      EXPORT("GetModuleFileNameW", GetModuleFileNameW),
      EXPORT("SetDllDirectoryA", SetDllDirectoryA),
      EXPORT("SetDllDirectoryW", SetDllDirectoryW),
      EXPORT("GetDllDirectoryA", GetDllDirectoryA),
      EXPORT("GetDllDirectoryW", GetDllDirectoryW),
      EXPORT("SetDefaultDllDirectories", SetDefaultDllDirectories),
      EXPORT("AddDllDirectory", AddDllDirectory),
      EXPORT("RemoveDllDirectory", RemoveDllDirectory),
      EXPORT("DisableThreadLibraryCalls", DisableThreadLibraryCalls),
  };
  return exports;
}

}  // namespace polyrun::shims
