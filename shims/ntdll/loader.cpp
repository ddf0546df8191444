// NTDLL's loader functions: RtlPcToFileHeader (which KERNEL32 exports too, ntdll/ntdll.h),
// LdrResolveDelayLoadedAPI, and the Ldr forms of KERNEL32's module functions (LdrLoadDll,
// LdrGetDllHandle(Ex), LdrGetProcedureAddress, LdrUnloadDll, LdrAddRefDll, LdrGetDllFullName, the DLL
// search path …) with NTSTATUS results, over the modules core keeps (core/windows_modules.cpp,
// core/delay_loads.cpp); LdrProcessRelocationBlock.
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_modules.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace {

// RtlPcToFileHeader(pc, &base): the image an address lies in (a built-in DLL's handle for an
// address of its functions), NULL if none.
Ptr RtlPcToFileHeader(WindowsProcess& p, Ptr pc, Ptr base) {
  const uint64_t b = module_of_address(p, pc.addr);
  p.put_ptr(base.addr, b);
  return Ptr(b);
}

// LdrResolveDelayLoadedAPI(base, descriptor, dll hook, system hook, thunk, flags): KERNEL32's
// ResolveDelayLoadedAPI.
Ptr LdrResolveDelayLoadedAPI(WindowsProcess& p, Ptr base, Ptr desc, Ptr dll_hook, Ptr system_hook, Ptr thunk, uint32_t) {
  return Ptr(resolve_delay_load(p, base.addr, desc.addr, dll_hook.addr, system_hook.addr, thunk.addr));
}

}  // namespace

namespace ntdll_ldr_impl {

using namespace ntdll_text;

constexpr uint32_t kDllNotFound = 0xc0000135, kProcedureNotFound = 0xc000007a, kInvalidImageFormat = 0xc000007b, kDllInitFailed = 0xc0000142;

// Core's module functions report failures as KERNEL32's do, in the last error; the native API's
// leave it as it was.
struct KeepLastError {
  WindowsProcess& p;
  uint32_t saved;
  explicit KeepLastError(WindowsProcess& proc) : p(proc), saved(proc.last_error()) {}
  ~KeepLastError() { p.set_last_error(saved); }
};

std::string name_of(WindowsProcess& p, uint64_t us) { return utf16_to_utf8(unicode_of(p, us)); }

// LdrLoadDll(search path, flags, name, &module).
uint32_t LdrLoadDll(WindowsProcess& p, Ptr, Ptr, Ptr name, Ptr out) {
  KeepLastError keep(p);
  const uint64_t m = load_library(p, name_of(p, name.addr), 0);
  if (m) {
    p.put_ptr(out.addr, m);
    return nt::kSuccess;
  }
  switch (p.last_error()) {
    case 193: return kInvalidImageFormat;  // ERROR_BAD_EXE_FORMAT
    case 1114: return kDllInitFailed;      // ERROR_DLL_INIT_FAILED
    default: return kDllNotFound;
  }
}

uint32_t LdrUnloadDll(WindowsProcess& p, Ptr module) {
  KeepLastError keep(p);
  return free_library(p, module.addr) ? nt::kSuccess : kDllNotFound;
}

// LdrGetDllHandle(search path, flags, name, &module): a module loaded already.
uint32_t LdrGetDllHandle(WindowsProcess& p, Ptr, Ptr, Ptr name, Ptr out) {
  const std::string n = name_of(p, name.addr);
  const uint64_t m = module_handle(p, &n);
  if (!m) return kDllNotFound;  // (*module left as it was)
  p.put_ptr(out.addr, m);
  return nt::kSuccess;
}

// Flags: LDR_GET_DLL_HANDLE_EX_UNCHANGED_REFCOUNT 1, _PIN 2; without either the module gains a
// reference.
uint32_t LdrGetDllHandleEx(WindowsProcess& p, uint32_t flags, Ptr, Ptr, Ptr name, Ptr out) {
  if ((flags & ~3u) || flags == 3) return nt::kInvalidParameter;
  const std::string n = name_of(p, name.addr);
  const uint64_t m = module_handle(p, &n);
  if (!m) return kDllNotFound;
  p.put_ptr(out.addr, m);
  if (!(flags & 1)) reference_module(m, flags & 2);
  return nt::kSuccess;
}

// Whether a handle is a module's (the program's, a DLL's).
bool is_module(WindowsProcess& p, uint64_t m) {
  std::string unused;
  KeepLastError keep(p);
  return m && module_file_name(p, m, unused);
}

// LdrGetProcedureAddress(module, ANSI_STRING name or null, ordinal, &address).
uint32_t LdrGetProcedureAddress(WindowsProcess& p, Ptr module, Ptr name, uint32_t ordinal, Ptr out) {
  p.put_ptr(out.addr, 0);
  if (!is_module(p, module.addr)) return kDllNotFound;
  KeepLastError keep(p);
  uint64_t f;
  if (name) {
    const Counted c = read_counted(p, name.addr);
    const uint64_t text = heap_alloc(p, c.length + 1u);  // (the name with a NUL, as GetProcAddress takes it)
    if (!text) return nt::kNoMemory;
    std::memcpy(guest_pointer(text), guest_pointer(c.buffer), c.length);
    put<uint8_t>(text + c.length, 0);
    f = module_proc_address(p, module.addr, text);
    heap_free(p, text);
  } else {
    f = ordinal && ordinal < 0x10000 ? module_proc_address(p, module.addr, ordinal) : 0;
  }
  p.put_ptr(out.addr, f);
  return f ? nt::kSuccess : kProcedureNotFound;  // (by name or by ordinal: GetProcAddress's ERROR_PROC_NOT_FOUND)
}

// LDR_ADDREF_DLL_PIN 1: loaded for good.
uint32_t LdrAddRefDll(WindowsProcess& p, uint32_t flags, Ptr module) {
  if (flags & ~1u) return nt::kInvalidParameter;
  if (!is_module(p, module.addr)) return nt::kInvalidParameter;
  reference_module(module.addr, flags & 1);
  return nt::kSuccess;
}

uint32_t LdrDisableThreadCalloutsForDll(WindowsProcess& p, Ptr module) {
  KeepLastError keep(p);
  return disable_thread_library_calls(p, module.addr) ? nt::kSuccess : kDllNotFound;
}

// Copies `s` into a UNICODE_STRING's buffer as far as it goes (with its NUL where that fits);
// STATUS_BUFFER_TOO_SMALL where the whole and its NUL do not.
uint32_t put_unicode(WindowsProcess& p, uint64_t us, const std::u16string& s) {
  const Counted c = read_counted(p, us);
  const uint32_t bytes = static_cast<uint32_t>(s.size() * 2);
  const uint32_t n = std::min<uint32_t>(bytes, c.max & ~1u);
  if (n) std::memcpy(guest_pointer(c.buffer), s.data(), n);
  set_length(us, static_cast<uint16_t>(n));
  if (n + 2 <= c.max) put<char16_t>(c.buffer + n, 0);
  return bytes + 2 <= c.max ? nt::kSuccess : nt::kBufferTooSmall;
}

// The module's full path (null: the program's).
uint32_t LdrGetDllFullName(WindowsProcess& p, Ptr module, Ptr name) {
  if (module && !is_module(p, module.addr)) return kDllNotFound;
  std::string path;
  KeepLastError keep(p);
  if (!module_file_name(p, module.addr, path)) return kDllNotFound;
  return put_unicode(p, name.addr, utf8_to_utf16(path));
}

// SetDllDirectory's: a directory (an empty one drops the current directory from the search), or
// with no buffer the standard order again.
uint32_t LdrSetDllDirectory(WindowsProcess& p, Ptr dir) {
  const Counted c = read_counted(p, dir.addr);
  if (!c.buffer) set_dll_directory(std::nullopt);
  else set_dll_directory(name_of(p, dir.addr));
  return nt::kSuccess;
}

// The directory (Length set to its bytes), STATUS_BUFFER_TOO_SMALL where it and its NUL do not fit.
uint32_t LdrGetDllDirectory(WindowsProcess& p, Ptr dir) {
  const std::optional<std::string> d = dll_directory();
  const std::u16string w = d ? utf8_to_utf16(*d) : std::u16string();
  const Counted c = read_counted(p, dir.addr);
  set_length(dir.addr, static_cast<uint16_t>(w.size() * 2));
  if (w.size() * 2 + 2 > c.max) return nt::kBufferTooSmall;
  std::memcpy(guest_pointer(c.buffer), w.c_str(), (w.size() + 1) * 2);
  return nt::kSuccess;
}

uint32_t LdrSetDefaultDllDirectories(WindowsProcess&, uint32_t flags) {
  return set_default_dll_directories(flags) ? nt::kSuccess : nt::kInvalidParameter;
}

// AddDllDirectory's: an absolute directory (a drive's or a share's), its cookie.
uint32_t LdrAddDllDirectory(WindowsProcess& p, Ptr dir, Ptr cookie) {
  const std::u16string d = unicode_of(p, dir.addr);
  const bool absolute = (d.size() >= 3 && d[1] == u':' && (d[2] == u'\\' || d[2] == u'/')) ||
                        (d.size() >= 2 && (d[0] == u'\\' || d[0] == u'/') && (d[1] == u'\\' || d[1] == u'/'));
  if (!absolute) return nt::kInvalidParameter;
  const uint64_t c = add_dll_directory(utf16_to_utf8(d));
  if (!c) return nt::kInvalidParameter;
  p.put_ptr(cookie.addr, c);
  return nt::kSuccess;
}

uint32_t LdrRemoveDllDirectory(WindowsProcess&, Ptr cookie) {
  return remove_dll_directory(cookie.addr) ? nt::kSuccess : nt::kInvalidParameter;
}

// Applies a base relocation block's `count` entries (type in the top 4 bits: IMAGE_REL_BASED_ABSOLUTE
// 0 skipped, HIGH 1, LOW 2, HIGHLOW 3, DIR64 10; the offset in the page below) to the page at
// `page`, moved by `delta`; the entry after the block, or null at an entry of another type.
Ptr LdrProcessRelocationBlock(WindowsProcess& p, Ptr page, uint32_t count, Ptr relocs, USize diff) {
  const int64_t delta = p.isa->ptr == 4 ? static_cast<int32_t>(diff.v) : static_cast<int64_t>(diff.v);  // a LONG_PTR
  for (uint32_t i = 0; i < count; ++i) {
    const uint16_t r = get<uint16_t>(relocs.addr + 2ull * i);
    const uint64_t at = page.addr + (r & 0xfff);
    switch (r >> 12) {
      case 0: break;
      case 1: put<uint16_t>(at, static_cast<uint16_t>(get<uint16_t>(at) + static_cast<uint16_t>(delta >> 16))); break;
      case 2: put<uint16_t>(at, static_cast<uint16_t>(get<uint16_t>(at) + static_cast<uint16_t>(delta))); break;
      case 3: put<uint32_t>(at, get<uint32_t>(at) + static_cast<uint32_t>(delta)); break;
      case 10: put<uint64_t>(at, get<uint64_t>(at) + static_cast<uint64_t>(delta)); break;
      default: return Ptr(0);
    }
  }
  return Ptr(relocs.addr + 2ull * count);
}

}  // namespace ntdll_ldr_impl

const std::vector<Export>& ntdll_module_exports() {
  static const std::vector<Export> exports = {EXPORT("RtlPcToFileHeader", RtlPcToFileHeader)};
  return exports;
}

const std::vector<Export>& ntdll_loader_exports() {
  using namespace ntdll_ldr_impl;
  static const std::vector<Export> exports = {
      EXPORT("LdrResolveDelayLoadedAPI", LdrResolveDelayLoadedAPI),
      EXPORT("LdrLoadDll", LdrLoadDll),
      EXPORT("LdrUnloadDll", LdrUnloadDll),
      EXPORT("LdrGetDllHandle", LdrGetDllHandle),
      EXPORT("LdrGetDllHandleEx", LdrGetDllHandleEx),
      EXPORT("LdrGetProcedureAddress", LdrGetProcedureAddress),
      EXPORT("LdrAddRefDll", LdrAddRefDll),
      EXPORT("LdrDisableThreadCalloutsForDll", LdrDisableThreadCalloutsForDll),
      EXPORT("LdrGetDllFullName", LdrGetDllFullName),
      EXPORT("LdrSetDllDirectory", LdrSetDllDirectory),
      EXPORT("LdrGetDllDirectory", LdrGetDllDirectory),
      EXPORT("LdrSetDefaultDllDirectories", LdrSetDefaultDllDirectories),
      EXPORT("LdrAddDllDirectory", LdrAddDllDirectory),
      EXPORT("LdrRemoveDllDirectory", LdrRemoveDllDirectory),
      EXPORT("LdrProcessRelocationBlock", LdrProcessRelocationBlock),
  };
  return exports;
}

}  // namespace polyrun::shims
