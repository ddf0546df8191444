// Delay-loaded imports resolved at run time: the work of KERNEL32's ResolveDelayLoadedAPI
// (kernel32/delay_loads.cpp) and NTDLL's LdrResolveDelayLoadedAPI (ntdll/loader.cpp).
//
// A module linked with delay-loaded imports (MSVC's /DELAYLOAD, wine's own programs) keeps an
// IMAGE_DELAYLOAD_DESCRIPTOR per DLL, all RVAs from its base: the DLL's name, a module handle
// variable, the thunks its calls go through (the IAT, each at first the address of the module's
// own helper) and the import name table beside them. The loader does nothing with them at load
// time; the module's helper calls ResolveDelayLoadedAPI with the thunk a call went through. The
// DLL is loaded on first use (its handle stored in the module's variable), the function found by
// name or ordinal from the name table at the thunk's index, written into the thunk and returned.
//
// When the DLL or the function cannot be found, the DLL's failure hook (if given) is called with
// a DELAYLOAD_INFO and the reason (3 the DLL failed to load, 4 the function was not found, as
// delayimp.h's dliFailLoadLib and dliFailGetProc), and what it returns is the result; without one,
// the system's failure hook (KERNEL32's DelayLoadFailureHook, which programs pass) gets the DLL's
// name and the function's name or ordinal. Neither result is written into the thunk.
#include <string>
#include <vector>

#include "shims/core/delay_import_table.h"
#include "shims/core/guest_memory.h"
#include "shims/core/windows_modules.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kDelayFailLoadLib = 3, kDelayFailGetProc = 4;

}  // namespace

uint64_t resolve_delay_load(WindowsProcess& p, uint64_t base, uint64_t desc, uint64_t dll_hook, uint64_t system_hook,
                            uint64_t thunk) {
  const uint32_t ptr = p.isa->ptr;
  const delay_imports::Import imp = delay_imports::describe(GuestAccess{}, base, desc, thunk, ptr);
  const uint64_t name = imp.dll_name, module_var = imp.module_var, function = imp.function;
  const bool by_ordinal = imp.by_ordinal;

  uint32_t reason = kDelayFailLoadLib, error = 0;
  uint64_t module = p.get_ptr(module_var);
  if (!module) {
    module = load_library_named(p, delay_imports::name(GuestAccess{}, name));
    if (module) {
      // Another thread may have stored the handle meanwhile: the module is referenced once.
      if (const uint64_t stored = p.get_ptr(module_var)) {
        if (stored == module) free_library(p, module);
        module = stored;
      } else {
        p.put_ptr(module_var, module);
      }
    } else {
      error = p.last_error();
    }
  }
  if (module) {
    if (const uint64_t fn = module_proc_address(p, module, function)) {
      p.put_ptr(thunk, fn);
      return fn;
    }
    reason = kDelayFailGetProc;
    error = p.last_error();
  }

  if (dll_hook) {
    // DELAYLOAD_INFO, pointer-sized fields: Size, DelayloadDescriptor, ThunkAddress, TargetDllName,
    // TargetApiDescriptor (ImportDescribedByName, then the name or ordinal), TargetModuleBase,
    // Unused, LastError.
    const uint64_t info = p.heap.alloc(9 * ptr, true);
    put<uint32_t>(info, 9 * ptr);
    p.put_ptr(info + 1 * ptr, desc);
    p.put_ptr(info + 2 * ptr, thunk);
    p.put_ptr(info + 3 * ptr, name);
    put<uint32_t>(info + 4 * ptr, by_ordinal ? 0 : 1);
    p.put_ptr(info + 5 * ptr, function);
    p.put_ptr(info + 6 * ptr, module);
    put<uint32_t>(info + 8 * ptr, error);
    const uint64_t r = p.call_guest(dll_hook, {reason, info});
    p.heap.free(info);
    return ptr == 4 ? r & 0xffffffffu : r;
  }
  if (system_hook) {
    const uint64_t r = p.call_guest(system_hook, {name, function});
    return ptr == 4 ? r & 0xffffffffu : r;
  }
  p.set_last_error(error);
  return 0;
}

}  // namespace polyrun::shims
