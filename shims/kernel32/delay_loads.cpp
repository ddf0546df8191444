// KERNEL32's delay-load functions: ResolveDelayLoadedAPI, over core's resolver (core/delay_loads.cpp,
// which says how a module's delay-loaded imports are found and bound), and DelayLoadFailureHook, the
// system's failure hook programs pass it. DelayLoadFailureHook raises a noncontinuable exception:
// VcppException(ERROR_SEVERITY_ERROR, ERROR_MOD_NOT_FOUND or ERROR_PROC_NOT_FOUND), the codes of
// MSVC's delay-load helper, with the DLL's and the function's names as its parameters.
#include <string>
#include <vector>

#include "common/log.h"
#include "shims/core/delay_import_table.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/windows_modules.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kVcppModNotFound = 0xc06d007e, kVcppProcNotFound = 0xc06d007f;

Ptr ResolveDelayLoadedAPI(WindowsProcess& p, Ptr base, Ptr desc, Ptr dll_hook, Ptr system_hook, Ptr thunk,
                          uint32_t /*flags*/) {
  return Ptr(resolve_delay_load(p, base.addr, desc.addr, dll_hook.addr, system_hook.addr, thunk.addr));
}

// DelayLoadFailureHook(dll name, function name or ordinal).
Ptr DelayLoadFailureHook(WindowsProcess& p, CStr dll, Ptr function) {
  const bool by_ordinal = function.addr < 0x10000;
  const std::string what =
      by_ordinal ? "#" + std::to_string(function.addr) : delay_imports::name(GuestAccess{}, function.addr);
  const uint64_t module = load_library_named(p, dll.str());
  if (module) free_library(p, module);
  log().warn("failed to delay-load {}!{}", dll.str(), what);
  raise_from_host_call(p, module ? kVcppProcNotFound : kVcppModNotFound, kExceptionNoncontinuable,
                       {dll.addr, function.addr}, stack_bytes<&DelayLoadFailureHook>());
  return Ptr(0);
}

}  // namespace

const std::vector<Export>& kernel32_delay_load_exports() {
  static const std::vector<Export> exports = {
      EXPORT("ResolveDelayLoadedAPI", ResolveDelayLoadedAPI),
      EXPORT("DelayLoadFailureHook", DelayLoadFailureHook),
  };
  return exports;
}

}  // namespace polyrun::shims
