// msvcrt.dll and the Universal CRT, the system's services the runtime passes on to KERNEL32: the
// current drive (_chdrive) and a drive's free space (_getdiskfree), and DLLs (_loaddll,
// _unloaddll, _getdllprocaddr), msvcrt.dll's __crt* names of KERNEL32's locale functions, and the
// Windows version msvcrt.dll's variables hold (_winmajor, _winminor, _winver, _osver, _osplatform,
// their __p__* and _get_* functions): GetVersionEx's, the version reported to the program.
#include <algorithm>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/windows_version.h"
#include "shims/msvcrt/crt_internal.h"

namespace polyrun::shims {

namespace os_services {
namespace {

uint64_t kernel32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("kernel32.dll", name, args);
}
// A narrow string in a block of the program's heap for KERNEL32, freed at the end of the scope.
struct GuestText {
  WindowsProcess& p;
  uint64_t addr;
  GuestText(WindowsProcess& proc, const std::string& s) : p(proc), addr(proc.heap.alloc(s.size() + 1, true)) {
    if (addr) std::copy(s.begin(), s.end(), reinterpret_cast<char*>(addr));
  }
  ~GuestText() { p.heap.free(addr); }
};
uint32_t last_error(WindowsProcess& p) { return static_cast<uint32_t>(kernel32(p, "GetLastError", {})); }

// _chdrive: drive n (1 is A:) the current one: its own current directory (the environment's "=X:",
// which Windows keeps for each drive, else its root) made the process's; 0, else -1 with errno from
// the system's error; a number outside 1 … 26 is an invalid parameter (errno EACCES).
template <bool Ucrt>
int32_t _chdrive_(WindowsProcess& p, int32_t drive) {
  if (drive < 1 || drive > 26) {
    *guest_errno(p) = 13;  // EACCES
    crt_invalid_parameter(p, Ucrt);
    return -1;
  }
  const std::string letter = {static_cast<char>('A' + drive - 1), ':'};
  std::string dir = letter + "\\";
  {
    GuestText var(p, "=" + letter);
    const uint64_t buf = p.heap.alloc(520, true);
    const uint64_t n = kernel32(p, "GetEnvironmentVariableA", {var.addr, buf, 520}) & 0xffffffffull;
    if (n > 0 && n < 520) dir.assign(reinterpret_cast<const char*>(buf), n);
    p.heap.free(buf);
  }
  GuestText name(p, dir);
  if (kernel32(p, "SetCurrentDirectoryA", {name.addr})) return 0;
  crt_windows_failure(p, last_error(p));
  return -1;
}

// _getdiskfree(drive, _diskfree_t*): {total clusters, available clusters, sectors per cluster,
// bytes per sector} of drive n (0 the current one): 0, else the system's error (errno set from
// it; ERROR_INVALID_PARAMETER alone for a drive past Z).
uint32_t _getdiskfree_(WindowsProcess& p, uint32_t drive, Ptr out) {
  constexpr uint32_t kErrorInvalidParameter = 87;
  if (drive > 26) return kErrorInvalidParameter;
  const std::string spec = {static_cast<char>('@' + drive), ':', '\\'};
  GuestText name(p, spec);
  const uint64_t v = p.heap.alloc(16, true);
  const bool ok = kernel32(p, "GetDiskFreeSpaceA", {drive ? name.addr : 0, v, v + 4, v + 8, v + 12}) != 0;
  uint32_t err = 0;
  if (ok) {
    put<uint32_t>(out.addr, get<uint32_t>(v + 12));      // total_clusters
    put<uint32_t>(out.addr + 4, get<uint32_t>(v + 8));   // avail_clusters
    put<uint32_t>(out.addr + 8, get<uint32_t>(v));       // sectors_per_cluster
    put<uint32_t>(out.addr + 12, get<uint32_t>(v + 4));  // bytes_per_sector
  } else {
    err = last_error(p);
    crt_windows_failure(p, err);
  }
  p.heap.free(v);
  return err;
}

// _loaddll: LoadLibraryA; _unloaddll: FreeLibrary, 0 or the system's error.
Ptr _loaddll_(WindowsProcess& p, CStr name) { return Ptr(kernel32(p, "LoadLibraryA", {name.addr})); }
int32_t _unloaddll_(WindowsProcess& p, Ptr module) {
  if (kernel32(p, "FreeLibrary", {module.addr})) return 0;
  return static_cast<int32_t>(last_error(p));
}
// _getdllprocaddr: a function by name (the ordinal then -1) or by ordinal (no name); null for
// both or neither.
Ptr _getdllprocaddr_(WindowsProcess& p, Ptr module, Ptr name, int32_t ordinal) {
  if (name) {
    if (ordinal != -1) return Ptr(0);
    return Ptr(kernel32(p, "GetProcAddress", {module.addr, name.addr}));
  }
  if (static_cast<uint32_t>(ordinal) >> 16) return Ptr(0);
  return Ptr(kernel32(p, "GetProcAddress", {module.addr, static_cast<uint32_t>(ordinal)}));
}

// msvcrt.dll's __crt* names for KERNEL32's locale functions: CompareStringA/W, LCMapStringW,
// GetLocaleInfoW and GetStringTypeW (whose first argument, unused, comes before the rest).
int32_t __crtCompareStringA_(WindowsProcess& p, uint32_t lcid, uint32_t flags, Ptr a, int32_t na, Ptr b, int32_t nb) {
  return static_cast<int32_t>(kernel32(p, "CompareStringA", {lcid, flags, a.addr, static_cast<uint64_t>(na), b.addr,
                                                             static_cast<uint64_t>(nb)}));
}
int32_t __crtCompareStringW_(WindowsProcess& p, uint32_t lcid, uint32_t flags, Ptr a, int32_t na, Ptr b, int32_t nb) {
  return static_cast<int32_t>(kernel32(p, "CompareStringW", {lcid, flags, a.addr, static_cast<uint64_t>(na), b.addr,
                                                             static_cast<uint64_t>(nb)}));
}
int32_t __crtLCMapStringW_(WindowsProcess& p, uint32_t lcid, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t size) {
  return static_cast<int32_t>(kernel32(p, "LCMapStringW", {lcid, flags, src.addr, static_cast<uint64_t>(n), dst.addr,
                                                           static_cast<uint64_t>(size)}));
}
// __crtLCMapStringA(lcid, flags, src, n, dst, size, code page, error flag): LCMapStringA's work (the
// code page and flag, of the runtime's own callers, change nothing there).
int32_t __crtLCMapStringA_(WindowsProcess& p, uint32_t lcid, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t size,
                           uint32_t, int32_t) {
  return static_cast<int32_t>(kernel32(p, "LCMapStringA", {lcid, flags, src.addr, static_cast<uint64_t>(n), dst.addr,
                                                           static_cast<uint64_t>(size)}));
}
int32_t __crtGetLocaleInfoW_(WindowsProcess& p, uint32_t lcid, uint32_t type, Ptr buf, int32_t size) {
  return static_cast<int32_t>(kernel32(p, "GetLocaleInfoW", {lcid, type, buf.addr, static_cast<uint64_t>(size)}));
}
int32_t __crtGetStringTypeW_(WindowsProcess& p, uint32_t, uint32_t type, Ptr src, int32_t n, Ptr out) {
  return static_cast<int32_t>(kernel32(p, "GetStringTypeW", {type, src.addr, static_cast<uint64_t>(n), out.addr}));
}

// The version variables, set once from the reported version: _osver the build, _winmajor and
// _winminor, _winver major * 256 + minor, _osplatform VER_PLATFORM_WIN32_NT.
uint64_t version_slot(WindowsProcess& p, const char* name) {
  if (!p.data.count("_osver")) {
    const WindowsVersion& v = reported_version(p.image.manifest);
    put<uint32_t>(data_slot(p, "_osver", 4), v.build);
    put<uint32_t>(data_slot(p, "_winmajor", 4), v.major);
    put<uint32_t>(data_slot(p, "_winminor", 4), v.minor);
    put<uint32_t>(data_slot(p, "_winver", 4), v.major << 8 | v.minor);
    put<uint32_t>(data_slot(p, "_osplatform", 4), 2);
  }
  return data_slot(p, name, 4);
}
uint64_t osver_data(WindowsProcess& p) { return version_slot(p, "_osver"); }
uint64_t winmajor_data(WindowsProcess& p) { return version_slot(p, "_winmajor"); }
uint64_t winminor_data(WindowsProcess& p) { return version_slot(p, "_winminor"); }
uint64_t winver_data(WindowsProcess& p) { return version_slot(p, "_winver"); }
uint64_t osplatform_data(WindowsProcess& p) { return version_slot(p, "_osplatform"); }
Ptr __p__osver_(WindowsProcess& p) { return Ptr(osver_data(p)); }
Ptr __p__winmajor_(WindowsProcess& p) { return Ptr(winmajor_data(p)); }
Ptr __p__winminor_(WindowsProcess& p) { return Ptr(winminor_data(p)); }
Ptr __p__winver_(WindowsProcess& p) { return Ptr(winver_data(p)); }
// _get_osver(&value) and the others: EINVAL (22) through the invalid parameter handler for a null
// pointer, else 0.
template <uint64_t (*Data)(WindowsProcess&)>
int32_t get_version_value(WindowsProcess& p, Ptr out) {
  if (!out) {
    crt_invalid_parameter(p, false);
    *guest_errno(p) = 22;
    return 22;
  }
  put<uint32_t>(out.addr, get<uint32_t>(Data(p)));
  return 0;
}

}  // namespace
}  // namespace os_services

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_os_services_exports() {
  using namespace os_services;
  static const std::vector<Export> exports = {
      EXPORT("_chdrive", _chdrive_<false>),  EXPORT("_getdiskfree", _getdiskfree_),
      EXPORT("_loaddll", _loaddll_),         EXPORT("_unloaddll", _unloaddll_),
      EXPORT("_getdllprocaddr", _getdllprocaddr_),
      EXPORT("__crtCompareStringA", __crtCompareStringA_),
      EXPORT("__crtCompareStringW", __crtCompareStringW_),
      EXPORT("__crtLCMapStringW", __crtLCMapStringW_),
      EXPORT("__crtLCMapStringA", __crtLCMapStringA_),
      EXPORT("__crtGetLocaleInfoW", __crtGetLocaleInfoW_),
      EXPORT("__crtGetStringTypeW", __crtGetStringTypeW_),
      EXPORT_DATA("_osver", osver_data),
      EXPORT_DATA("_winmajor", winmajor_data),
      EXPORT_DATA("_winminor", winminor_data),
      EXPORT_DATA("_winver", winver_data),
      EXPORT_DATA("_osplatform", osplatform_data),
      EXPORT("__p__osver", __p__osver_),
      EXPORT("__p__winmajor", __p__winmajor_),
      EXPORT("__p__winminor", __p__winminor_),
      EXPORT("__p__winver", __p__winver_),
      EXPORT("_get_osver", get_version_value<osver_data>),
      EXPORT("_get_winmajor", get_version_value<winmajor_data>),
      EXPORT("_get_winminor", get_version_value<winminor_data>),
      EXPORT("_get_osplatform", get_version_value<osplatform_data>),
  };
  return exports;
}
const std::vector<Export>& ucrtbase_os_services_exports() {
  using namespace os_services;
  static const std::vector<Export> exports = {EXPORT("_chdrive", _chdrive_<true>)};
  return exports;
}

}  // namespace polyrun::shims
