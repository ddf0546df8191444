// DLLs shipped beside the program: modlib.dll imported (by name, by ordinal, a variable) with the
// modbase.dll it imports, modplug.dll loaded and freed with LoadLibrary/FreeLibrary (its forwarders
// to modlib.dll and msvcrt.dll), two DLLs that import each other, modfail.dll whose DllMain
// refuses, the DllMain calls of each (process and thread attach and detach), and the module
// functions on all of them and on built-in DLLs.
#include <stdio.h>
#include <string.h>
#include <windows.h>

__declspec(dllimport) int add(int a, int b);
__declspec(dllimport) int mul(int a, int b);  // imported by ordinal: modlib exports it without a name
__declspec(dllimport) int get_calls(void);
__declspec(dllimport) int modlib_value;

static const char* file_part(const char* path) {
  const char* s = strrchr(path, '\\');
  return s ? s + 1 : path;
}

static DWORD WINAPI worker(LPVOID arg) {
  printf("worker: add(%d, 1) = %d\n", (int)(INT_PTR)arg, add((int)(INT_PTR)arg, 1));
  return 0;
}

static void run_thread(int n) {
  HANDLE t = CreateThread(NULL, 0, worker, (LPVOID)(INT_PTR)n, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

static const char* yes(int b) { return b ? "yes" : "no"; }

int main(void) {
  printf("main: start\n");
  printf("add(2, 3) = %d, mul(6, 7) = %d, modlib_value = %d, calls %d\n", add(2, 3), mul(6, 7), modlib_value, get_calls());

  HMODULE lib = GetModuleHandleA("modlib");
  printf("GetModuleHandle: modlib and MODLIB.DLL the same: %s\n", yes(lib && lib == GetModuleHandleA("MODLIB.DLL")));
  char path[MAX_PATH];
  DWORD n = GetModuleFileNameA(lib, path, sizeof path);
  printf("GetModuleFileName: %s (length %s)\n", file_part(path), yes(n == strlen(path)));
  FARPROC fadd = GetProcAddress(lib, "add");
  printf("GetProcAddress(add) is the imported add: %s\n", yes(fadd == (FARPROC)add));
  int (*by_ordinal)(int, int) = (int (*)(int, int))GetProcAddress(lib, MAKEINTRESOURCEA(5));
  printf("GetProcAddress(ordinal 5)(3, 4) = %d, ordinal 1 is add: %s\n", by_ordinal ? by_ordinal(3, 4) : -1,
         yes(GetProcAddress(lib, MAKEINTRESOURCEA(1)) == fadd));
  int* value = (int*)GetProcAddress(lib, "modlib_value");
  printf("GetProcAddress(modlib_value) is the imported variable: %s\n", yes(value == &modlib_value));
  SetLastError(0);
  FARPROC none = GetProcAddress(lib, "missing");
  DWORD error = GetLastError();
  printf("GetProcAddress(missing): %s, error %lu\n", yes(none != NULL), error);
  HMODULE from = NULL;
  BOOL ok = GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                               (LPCSTR)fadd, &from);
  printf("GetModuleHandleEx from an address in modlib: %s\n", yes(ok && from == lib));
  ok = GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          (LPCSTR)main, &from);
  printf("GetModuleHandleEx from an address in the program: %s\n", yes(ok && from == GetModuleHandleA(NULL)));
  HMODULE k32 = GetModuleHandleA("kernel32.dll");
  ok = GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          (LPCSTR)GetProcAddress(k32, "Sleep"), &from);
  printf("GetModuleHandleEx from kernel32's Sleep: %s\n", yes(ok && from == k32));
  MEMORY_BASIC_INFORMATION mbi;
  VirtualQuery((void*)fadd, &mbi, sizeof mbi);
  printf("VirtualQuery of add: allocation base modlib's handle %s, an image %s\n", yes(mbi.AllocationBase == (void*)lib),
         yes(mbi.Type == MEM_IMAGE));

  printf("main: a thread\n");
  run_thread(10);

  printf("main: LoadLibrary(modplug.dll)\n");
  HMODULE plug = LoadLibraryA("modplug.dll");
  printf("loaded: %s, GetModuleHandle finds it: %s\n", yes(plug != NULL), yes(plug == GetModuleHandleA("modplug")));
  int (*twice)(int) = (int (*)(int))GetProcAddress(plug, "plug_twice");
  printf("plug_twice(21) = %d\n", twice(21));
  printf("plug_add is forwarded to modlib's add: %s\n", yes(GetProcAddress(plug, "plug_add") == fadd));
  size_t (*plug_strlen)(const char*) = (size_t (*)(const char*))GetProcAddress(plug, "plug_strlen");
  printf("plug_strlen (forwarded to msvcrt) = %u\n", plug_strlen ? (unsigned)plug_strlen("forwarded") : 0u);
  printf("LoadLibrary(MODPLUG) again is the same: %s\n", yes(LoadLibraryA("MODPLUG") == plug));
  printf("main: a thread with modplug loaded\n");
  run_thread(20);
  printf("FreeLibrary: %d, still loaded: %s\n", FreeLibrary(plug), yes(GetModuleHandleA("modplug.dll") != NULL));
  printf("main: FreeLibrary again\n");
  printf("FreeLibrary: %d\n", FreeLibrary(plug));
  SetLastError(0);
  HMODULE gone = GetModuleHandleA("modplug.dll");
  error = GetLastError();
  printf("unloaded: %s, error %lu\n", yes(gone == NULL), error);

  printf("main: LoadLibrary(modcyca.dll), which imports modcycb.dll, which imports it\n");
  HMODULE cyca = LoadLibraryA("modcyca.dll");
  int (*cyc_a)(int) = cyca ? (int (*)(int))GetProcAddress(cyca, "cyc_a") : NULL;
  printf("loaded: %s, both: %s, cyc_a(5) = %d\n", yes(cyca != NULL), yes(GetModuleHandleA("modcycb.dll") != NULL),
         cyc_a ? cyc_a(5) : -1);
  FreeLibrary(cyca);
  printf("freed: both unloaded: %s\n", yes(!GetModuleHandleA("modcyca.dll") && !GetModuleHandleA("modcycb.dll")));

  printf("built-ins: KERNEL32 %s, kernel32.dll %s, a System32 path to advapi32 %s\n",
         yes(LoadLibraryA("KERNEL32") == k32), yes(LoadLibraryA("kernel32.dll") == k32),
         yes(LoadLibraryA("C:\\Windows\\System32\\advapi32.dll") == GetModuleHandleA("ADVAPI32")));
  n = GetModuleFileNameA(k32, path, sizeof path);
  printf("kernel32's file name: %s\n", CharLowerA((char*)file_part(path)));

  SetLastError(0);
  HMODULE missing = LoadLibraryA("no-such-library.dll");
  error = GetLastError();
  printf("LoadLibrary(no-such-library.dll): %s, error %lu\n", yes(missing != NULL), error);
  printf("main: LoadLibrary(modfail.dll)\n");
  SetLastError(0);
  HMODULE failing = LoadLibraryA("modfail.dll");
  error = GetLastError();
  printf("LoadLibrary(modfail.dll): %s, error %lu, left loaded: %s\n", yes(failing != NULL), error,
         yes(GetModuleHandleA("modfail.dll") != NULL));
  printf("main: end, calls %d\n", get_calls());
  return 0;
}
