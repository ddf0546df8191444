// SHLWAPI's shared memory and module helpers, over KERNEL32's functions called through their thunks
// (shlwapi/system_calls.h). Shared memory: SHAllocShared copies data into a file mapping of the
// paging file (the size first, then the data) and gives a handle to it for the process named, as
// DuplicateHandle makes one (another process's through OpenProcess with PROCESS_DUP_HANDLE, which
// fails where that process is not reachable; for this process, the mapping's own handle); SHLockShared maps it (a pointer past the size),
// SHUnlockShared unmaps it, SHFreeShared closes the handle in the process that holds it. Modules:
// MLLoadLibrary loads a DLL from the folder of the module given (the program's own for NULL),
// MLFreeLibrary frees it; SHLoadIndirectString turns "@dll,-id" into the DLL's string resource id,
// and copies any other text.
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/shlwapi/string_util.h"
#include "shims/shlwapi/system_calls.h"

namespace polyrun::shims::shlwapi_shared {

namespace {

using shlwapi_calls::GuestBlock;
using shlwapi_calls::GuestText;

uint64_t k32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return shlwapi_calls::call(p, "kernel32.dll", name, args);
}
uint64_t current_process(WindowsProcess& p) { return p.isa->ptr == 4 ? 0xffffffffull : ~0ull; }
uint64_t invalid_handle(WindowsProcess& p) { return current_process(p); }  // INVALID_HANDLE_VALUE, also -1

constexpr uint32_t kPageReadWrite = 0x4, kFileMapWrite = 0x2, kFileMapRead = 0x4, kFileMapAllAccess = 0xf001f,
                   kDuplicateCloseSource = 0x1, kDuplicateSameAccess = 0x2, kProcessDupHandle = 0x40;

// A handle valid in process `to` for the one `handle` is in process `from` (0: none).
uint64_t map_handle(WindowsProcess& p, uint64_t handle, uint32_t from, uint32_t to, uint32_t access, uint32_t options) {
  if (!handle) return 0;
  const uint32_t me = static_cast<uint32_t>(k32(p, "GetCurrentProcessId", {}));
  const uint64_t target = to == me ? current_process(p) : k32(p, "OpenProcess", {kProcessDupHandle, 0, to});
  if (!target) return 0;
  const uint64_t source = from == me ? current_process(p) : k32(p, "OpenProcess", {kProcessDupHandle, 0, from});
  uint64_t result = 0;
  if (source) {
    GuestBlock out(p, 8);
    if (static_cast<uint32_t>(k32(p, "DuplicateHandle", {source, handle, target, out.addr(), access, 0, options | kDuplicateSameAccess})))
      result = p.get_ptr(out.addr());
    if (from != me) k32(p, "CloseHandle", {source});
  }
  if (to != me) k32(p, "CloseHandle", {target});
  return result;
}

Ptr SHAllocShared(WindowsProcess& p, Ptr data, uint32_t size, uint32_t process) {
  const uint64_t mapping = k32(p, "CreateFileMappingW", {invalid_handle(p), 0, kPageReadWrite, 0, uint64_t{size} + 4, 0});
  if (!mapping) return Ptr(0);
  uint64_t result = 0;
  const uint64_t view = k32(p, "MapViewOfFile", {mapping, kFileMapRead | kFileMapWrite, 0, 0, 0});
  if (view) {
    put<uint32_t>(view, size);
    if (data) std::memcpy(reinterpret_cast<void*>(view + 4), data.as<const void>(), size);
    k32(p, "UnmapViewOfFile", {view});
    const uint32_t me = static_cast<uint32_t>(k32(p, "GetCurrentProcessId", {}));
    if (process == me) return Ptr(mapping);  // for this process: the mapping's own handle
    result = map_handle(p, mapping, me, process, kFileMapAllAccess, kDuplicateSameAccess);
  }
  k32(p, "CloseHandle", {mapping});
  return Ptr(result);
}
Ptr SHLockShared(WindowsProcess& p, Ptr shared, uint32_t process) {
  const uint32_t me = static_cast<uint32_t>(k32(p, "GetCurrentProcessId", {}));
  const uint64_t mine = process == me ? shared.addr : map_handle(p, shared.addr, process, me, kFileMapAllAccess, 0);
  const uint64_t view = mine ? k32(p, "MapViewOfFile", {mine, kFileMapRead | kFileMapWrite, 0, 0, 0}) : 0;
  if (mine && process != me) k32(p, "CloseHandle", {mine});
  return view ? Ptr(view + 4) : Ptr(0);  // past the size
}
BOOL SHUnlockShared(WindowsProcess& p, Ptr view) {
  return static_cast<uint32_t>(k32(p, "UnmapViewOfFile", {view.addr - 4})) ? TRUE : FALSE;
}
BOOL SHFreeShared(WindowsProcess& p, Ptr shared, uint32_t process) {
  if (!shared) return TRUE;
  const uint32_t me = static_cast<uint32_t>(k32(p, "GetCurrentProcessId", {}));
  const uint64_t mine =
      process == me ? shared.addr : map_handle(p, shared.addr, process, me, kFileMapAllAccess, kDuplicateCloseSource);
  return static_cast<uint32_t>(k32(p, "CloseHandle", {mine})) ? TRUE : FALSE;
}

// ---- modules ----

// MLLoadLibrary(name, module, code_page): `name` in the folder of `module`'s file.
Ptr load_beside(WindowsProcess& p, const std::u16string& name, uint64_t module) {
  constexpr uint32_t kRoom = 520;
  GuestBlock path(p, kRoom * 2 + 2);
  const uint32_t n = static_cast<uint32_t>(k32(p, "GetModuleFileNameW", {module, path.addr(), kRoom}));
  if (!n || n >= kRoom) return Ptr(0);
  std::u16string full(path.as<const char16_t>());
  const size_t slash = full.rfind(u'\\');
  if (slash == std::u16string::npos) return Ptr(0);
  full = full.substr(0, slash + 1) + name;
  GuestText file(p, full);
  return Ptr(k32(p, "LoadLibraryW", {file.addr()}));
}
Ptr MLLoadLibraryW(WindowsProcess& p, Ptr name, Ptr module, uint32_t) {
  return name ? load_beside(p, name.as<const char16_t>(), module.addr) : Ptr(0);
}
Ptr MLLoadLibraryA(WindowsProcess& p, Ptr name, Ptr module, uint32_t) {
  return name ? load_beside(p, ansi_to_utf16(name.as<const char>()), module.addr) : Ptr(0);
}
BOOL MLFreeLibrary(WindowsProcess& p, Ptr module) {
  return static_cast<uint32_t>(k32(p, "FreeLibrary", {module.addr})) ? TRUE : FALSE;
}

// SHLoadIndirectString(source, buffer, size, reserved): "@dll,-id" is the DLL's string resource id
// (E_FAIL when the DLL or the string is not there); any other text is copied, cut to the buffer.
HRESULT SHLoadIndirectString(WindowsProcess& p, Ptr source, Ptr buf, uint32_t size, Ptr) {
  const std::u16string s(source.as<const char16_t>());
  char16_t* out = buf.as<char16_t>();
  if (s.empty() || s[0] != u'@') {
    if (buf.addr != source.addr && size) {
      const size_t n = std::min<size_t>(s.size(), size - 1);
      std::memmove(out, s.data(), n * 2);
      out[n] = 0;
    }
    return S_OK;
  }
  out[0] = 0;
  const size_t comma = s.find(u',');
  if (comma == std::u16string::npos) return E_FAIL;
  const std::string index_text = utf16_to_utf8(s.substr(comma + 1));
  const long index = std::strtol(index_text.c_str(), nullptr, 10);
  GuestText dll(p, s.substr(1, comma - 1));
  const uint64_t module = k32(p, "LoadLibraryW", {dll.addr()});
  if (!module) return E_FAIL;
  HRESULT hr = E_FAIL;
  // (A non-negative index would name an icon-style resource index; Windows' strings use "-id".)
  if (index < 0 && static_cast<uint32_t>(shlwapi_calls::call(p, "user32.dll", "LoadStringW", {module, static_cast<uint64_t>(-index), buf.addr, size}))) hr = S_OK;
  k32(p, "FreeLibrary", {module});
  return hr;
}

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {
      EXPORT("SHAllocShared", SHAllocShared),   EXPORT("SHLockShared", SHLockShared),
      EXPORT("SHUnlockShared", SHUnlockShared), EXPORT("SHFreeShared", SHFreeShared),
      EXPORT("MLLoadLibraryA", MLLoadLibraryA), EXPORT("MLLoadLibraryW", MLLoadLibraryW),
      EXPORT("MLFreeLibrary", MLFreeLibrary),   EXPORT("SHLoadIndirectString", SHLoadIndirectString),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_shared
