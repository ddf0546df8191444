// What NTDLL's loader functions ask of the modules (core/windows_modules.cpp) besides
// windows_modules.h: the loader lock held across calls, and notifications of DLLs loaded and
// unloaded.
#pragma once

#include <string>
#include <vector>

#include "shims/core/windows_modules.h"

namespace polyrun::shims {

// NTDLL's DLL notifications (LdrRegisterDllNotification): the hook is called with the loader lock
// held as a DLL is mapped from a file (`loaded`, before its DllMain runs) and as one is unloaded
// (after its DLL_PROCESS_DETACH, before it is unmapped). Null: none.
using ModuleNotificationHook = void (*)(WindowsProcess& p, bool loaded, const ModuleEntry& module);
void set_module_notification_hook(ModuleNotificationHook hook);

// LdrLockLoaderLock and LdrUnlockLoaderLock: the loader lock LoadLibrary and FreeLibrary hold, taken
// by the calling thread (again, if it holds it: it counts) and waited for unless `try_only` (false
// then when another thread holds it); given back once (false: the thread does not hold it).
bool acquire_loader_lock(WindowsProcess& p, bool try_only);
bool release_loader_lock(WindowsProcess& p);

// LdrGetDllPath's: SetDefaultDllDirectories' LOAD_LIBRARY_SEARCH_* flags (0: none set), and
// AddDllDirectory's directories in the order they were added.
uint32_t default_dll_directories();
std::vector<std::string> user_dll_directories();

}  // namespace polyrun::shims
