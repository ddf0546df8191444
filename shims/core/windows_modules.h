// The modules of a Windows process: the program, polyrun's built-in DLLs, and DLLs loaded from
// files (beside the program, in the current directory, on PATH, or where LoadLibrary was told),
// with their imports, TLS, DllMain calls and reference counts (core/windows_modules.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loader/pe_loader.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims {

// The mapped image `address` lies in: the program's or a loaded DLL's; null elsewhere (polyrun's
// thunks and built-in DLLs have none).
const loader::PeImage* image_containing(WindowsProcess& p, uint64_t address);

// The module an address lies in: its image's base, or a built-in DLL's handle for an address of its
// functions (their thunks); 0 if none (GetModuleHandleEx's FROM_ADDRESS, RtlPcToFileHeader).
uint64_t module_of_address(WindowsProcess& p, uint64_t address);

// Start-up: binds the program's imports, loading the DLLs it needs that are not built in (and
// what those need). A DLL that cannot be found or loaded stops here with UserError: one line
// naming it, and Windows' status for it (STATUS_DLL_NOT_FOUND …) as the exit status.
void bind_program_imports(WindowsProcess& p);
// Calls DLL_PROCESS_ATTACH of the DLLs loaded at start-up, each after the DLLs it imports; false
// (after one line on stderr, the process ending with STATUS_DLL_INIT_FAILED) if one refused.
bool attach_startup_dlls(WindowsProcess& p);

// A thread starts (after its TEB exists) or ends: DLL_THREAD_ATTACH / DLL_THREAD_DETACH of the
// DLLs (TLS callbacks and DllMain, in the order they were initialized, or the reverse), then the
// program's own TLS callbacks.
void modules_thread_attach(WindowsProcess& p);
void modules_thread_detach(WindowsProcess& p);
// The loaded DLLs' static TLS blocks of a thread: made in its TLS array (init_thread), freed at its
// end.
void modules_init_thread_tls(WindowsProcess& p, WindowsThread& t);
// A thread's copy of a module's TLS template (and its zero fill): a block of the process's data, or
// 0 when there is no room.
uint64_t tls_block(WindowsProcess& p, const loader::PeTls& tls);
void modules_free_thread_tls(WindowsProcess& p, WindowsThread& t);

// The process ends the way ExitProcess ends it (ExitProcess, exit, the main thread's return, the
// last thread's end): DLLs get DLL_PROCESS_DETACH then (modules_process_detach, from end_process).
// Other ends (TerminateProcess, an unhandled exception) detach nothing, as on Windows.
void note_orderly_exit(WindowsProcess& p);
void modules_process_detach(WindowsProcess& p);

// The process's modules in Windows' order (EnumProcessModules, Module32First): the program, the
// built-in DLLs (always loaded here), then the DLLs loaded from files, in load order. A built-in
// DLL's image is the one page its handle names.
struct ModuleEntry {
  uint64_t base = 0, size = 0, entry = 0;
  std::string windows_path;
};
std::vector<ModuleEntry> process_modules(WindowsProcess& p);

// ::unlink as Windows deletes a file (DeleteFile, the C runtime's remove/_unlink): the image file
// of one of the process's modules (the program, or a DLL loaded from a file) stays while it is
// mapped, -1 with errno EACCES (ERROR_ACCESS_DENIED), where the host would let it go.
int unlink_file(WindowsProcess& p, const std::string& host_path);

// The file a DLL name leads to, found as LoadLibrary finds it but not loaded (what
// LoadLibraryEx(LOAD_LIBRARY_AS_IMAGE_RESOURCE) reads: GetFileVersionInfo's). `system`: a built-in
// DLL, or a Windows system DLL polyrun lacks, of which polyrun has no file. Else `host`: a path as
// given, a loaded DLL's file, or what the DLL search order finds — or, when it finds nothing, the
// name in the current directory (whose absence says which error).
struct DllFile {
  std::string host;
  bool system = false;
};
DllFile find_dll_file(WindowsProcess& p, const std::string& name);

// Whether a DLL name (lower case, with its extension: "gdi32.dll") is one of the DLLs Windows
// keeps in its system directory (core/windows_system_dlls.cpp), polyrun's built-in ones among them.
bool is_windows_system_dll(const std::string& name);

// The built-in DLL whose function the thunk at `address` leads to (null: none), the thunk itself,
// and a built-in DLL's module handle's DLL (null: not one).
const Dll* builtin_dll_of_thunk(WindowsProcess& p, uint64_t address);
const ThunkTarget* thunk_target(WindowsProcess& p, uint64_t address);
const Dll* builtin_dll_of_handle(uint64_t handle);

// ---- what KERNEL32's module functions (kernel32/modules.cpp) are made of ----
// Each fails as the function does: 0 or false with the Win32 last error set.

// GetModuleHandle's: the module a name names, loaded already (a built-in DLL by any spelling, a
// DLL by its path or file name, the program by its own); `name` null: the program. 0 if none (no
// last error: the caller says ERROR_MOD_NOT_FOUND).
uint64_t module_handle(WindowsProcess& p, const std::string* name);
// GetModuleHandleEx's reference: a DLL loaded from a file gains one, or with `pin` stays loaded
// for good; the program and the built-in DLLs have no count.
void reference_module(uint64_t module, bool pin);
// LoadLibraryEx's work (LOAD_LIBRARY_* flags): the module's handle, the DLL found, mapped, bound
// and initialized where it is not loaded; a second load only references it. LoadLibrary's is
// load_library_named (flags 0: delay-loaded imports use it too).
uint64_t load_library(WindowsProcess& p, const std::string& name, uint32_t flags);
uint64_t load_library_named(WindowsProcess& p, const std::string& name);
// FreeLibrary's work (the thread pool's FreeLibraryWhenCallbackReturns too): a reference taken back,
// and whatever nothing keeps any more unloaded.
bool free_library(WindowsProcess& p, uint64_t module);
// GetProcAddress's work (delay-loaded imports use it too): `name_or_ordinal` is a guest string's
// address or an ordinal below 0x10000; a forwarder may load the DLL it leads to. A built-in DLL's
// function polyrun lacks is not found (said once at warn level).
uint64_t module_proc_address(WindowsProcess& p, uint64_t module, uint64_t name_or_ordinal);
// GetModuleFileName's name of a module (0: the program): its Windows path, a built-in DLL's in the
// system directory.
bool module_file_name(WindowsProcess& p, uint64_t module, std::string& out);
// The DLL search path: SetDllDirectory's directory (nullopt: the standard order, "" drops the
// current directory), SetDefaultDllDirectories' LOAD_LIBRARY_SEARCH_* flags (false: flags it does
// not take), AddDllDirectory's directories by cookie (RemoveDllDirectory: false for an unknown one).
void set_dll_directory(std::optional<std::string> dir);
std::optional<std::string> dll_directory();
bool set_default_dll_directories(uint32_t flags);
uint64_t add_dll_directory(const std::string& dir);
bool remove_dll_directory(uint64_t cookie);
// DisableThreadLibraryCalls: a DLL loaded from a file gets no DLL_THREAD_* calls any more; false
// if `module` is no module's handle.
bool disable_thread_library_calls(WindowsProcess& p, uint64_t module);

// ResolveDelayLoadedAPI's work (core/delay_loads.cpp; the exports over it are KERNEL32's,
// kernel32/delay_loads.cpp, and NTDLL's LdrResolveDelayLoadedAPI, ntdll/loader.cpp): the function a
// delay-loaded import's thunk leads to, its DLL loaded on first use and the thunk written; where the
// DLL or the function cannot be found, what the DLL's failure hook (or else the system's) returns,
// or 0 with the last error set.
uint64_t resolve_delay_load(WindowsProcess& p, uint64_t base, uint64_t descriptor, uint64_t dll_hook,
                            uint64_t system_hook, uint64_t thunk);

}  // namespace polyrun::shims
