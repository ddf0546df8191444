// modlib.dll, which dll_basic.exe imports: functions exported by name and (mul) by ordinal only, a
// variable, and a DllMain that prints why it is called. It imports modbase.dll.
#include <stdio.h>
#include <windows.h>

__declspec(dllimport) int base_offset(void);

int modlib_value = 42;
static int calls;

int add(int a, int b) {
  ++calls;
  return a + b + base_offset();
}
int mul(int a, int b) { return a * b; }
int get_calls(void) { return calls; }

static const char* reason_name(DWORD reason, LPVOID reserved) {
  switch (reason) {
    case DLL_PROCESS_ATTACH: return reserved ? "process attach (loaded with the program)" : "process attach (LoadLibrary)";
    case DLL_PROCESS_DETACH: return reserved ? "process detach (process end)" : "process detach (FreeLibrary)";
    case DLL_THREAD_ATTACH: return "thread attach";
    case DLL_THREAD_DETACH: return "thread detach";
  }
  return "?";
}

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved) {
  printf("modlib: %s%s\n", reason_name(reason, reserved),
         reason == DLL_PROCESS_ATTACH && self == GetModuleHandleA("modlib.dll") ? ", its own handle" : "");
  return TRUE;
}
