/* ntdll_loader_lib.dll: the DLL ntdll_loader.exe loads and unloads while NTDLL's DLL notifications
 * are registered. Its DllMain says when it runs, to place the notifications around it. */
#include <stdio.h>
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE module, DWORD reason, void* reserved) {
  (void)module;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) printf("  lib: DLL_PROCESS_ATTACH\n");
  if (reason == DLL_PROCESS_DETACH) printf("  lib: DLL_PROCESS_DETACH\n");
  fflush(stdout);
  return TRUE;
}

__declspec(dllexport) int loader_lib_value(void) { return 42; }
