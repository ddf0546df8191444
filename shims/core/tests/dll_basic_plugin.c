// modplug.dll, which dll_basic.exe loads with LoadLibrary: it imports modlib.dll, forwards one
// export to it and one to msvcrt.dll, and prints why its DllMain is called.
#include <stdio.h>
#include <windows.h>

__declspec(dllimport) int add(int a, int b);

int plug_twice(int x) { return add(x, x); }

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved) {
  (void)self;
  const char* what = reason == DLL_PROCESS_ATTACH   ? (reserved ? "process attach (loaded with the program)" : "process attach (LoadLibrary)")
                     : reason == DLL_PROCESS_DETACH ? (reserved ? "process detach (process end)" : "process detach (FreeLibrary)")
                     : reason == DLL_THREAD_ATTACH  ? "thread attach"
                                                    : "thread detach";
  printf("modplug: %s\n", what);
  return TRUE;
}
