/* Delay-loaded imports as lld-link (and MSVC's link) make them with /DELAYLOAD:SHLWAPI.dll: a
 * delay-import directory, an IAT whose slots first lead to the linker's thunks, and the program's
 * __delayLoadHelper2, which the thunks call with the descriptor and the slot. The helper here is
 * the Windows SDK's way for system DLLs: KERNEL32's ResolveDelayLoadedAPI, with
 * DelayLoadFailureHook as the system's failure hook. The first call of each function loads the DLL
 * (once) and writes the function into its slot; later calls go straight to it. Built for the MSVC
 * target (win64 and win32). */
#include "msvc.h"

__declspec(dllimport) char* __stdcall PathFindFileNameA(const char* path);
__declspec(dllimport) char* __stdcall PathFindExtensionA(const char* path);
__declspec(dllimport) void* __stdcall GetModuleHandleA(const char* name);
__declspec(dllimport) void* __stdcall GetProcAddress(void* module, const char* name);
__declspec(dllimport) void* __stdcall ResolveDelayLoadedAPI(void* base, const void* descriptor, void* dll_hook,
                                                           void* system_hook, void** slot, DWORD flags);
__declspec(dllimport) void* __stdcall DelayLoadFailureHook(const char* dll, const char* function);

extern char __ImageBase[];  /* the linker's: this image's IMAGE_DOS_HEADER */
/* The IAT slot of a delay-loaded function, as the compiler reaches it (__imp_NAME). */
#ifdef _M_IX86
extern void* imp_find_file_name __asm__("__imp__PathFindFileNameA@4");
#else
extern void* imp_find_file_name __asm__("__imp_PathFindFileNameA");
#endif

static int helper_calls;

void* __stdcall __delayLoadHelper2(const void* descriptor, void** slot) {
  ++helper_calls;
  return ResolveDelayLoadedAPI(__ImageBase, descriptor, NULL, (void*)DelayLoadFailureHook, slot, 0);
}

int main(void) {
  printf("PathFindFileNameA: %s\n", PathFindFileNameA("C:\\dir\\file.txt"));
  printf("helper calls: %d\n", helper_calls);
  void* shlwapi = GetModuleHandleA("SHLWAPI.dll");
  printf("SHLWAPI.dll loaded: %s\n", shlwapi ? "yes" : "no");
  printf("the slot holds SHLWAPI's PathFindFileNameA: %s\n",
         shlwapi && imp_find_file_name == GetProcAddress(shlwapi, "PathFindFileNameA") ? "yes" : "no");
  printf("PathFindFileNameA again: %s\n", PathFindFileNameA("a\\b"));
  printf("helper calls: %d\n", helper_calls);
  printf("PathFindExtensionA: %s\n", PathFindExtensionA("C:\\dir\\file.txt"));
  printf("helper calls: %d\n", helper_calls);
  return 0;
}
