// modfail.dll: its DllMain refuses DLL_PROCESS_ATTACH, so LoadLibrary fails.
#include <stdio.h>
#include <windows.h>

__declspec(dllexport) int modfail_unused(void) { return 0; }

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved) {
  (void)self;
  (void)reserved;
  printf("modfail: DllMain reason %lu%s\n", reason, reason == DLL_PROCESS_ATTACH ? ", refusing" : "");
  return reason != DLL_PROCESS_ATTACH;
}
