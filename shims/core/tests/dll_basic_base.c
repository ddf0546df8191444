// modbase.dll, which modlib.dll imports: loaded with the program before modlib.dll is, initialized
// before it and detached after it.
#include <stdio.h>
#include <windows.h>

__declspec(dllexport) int base_offset(void) { return 0; }

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved) {
  (void)self;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) printf("modbase: process attach\n");
  if (reason == DLL_PROCESS_DETACH) printf("modbase: process detach\n");
  return TRUE;
}
