// Static TLS of a DLL loaded with LoadLibrary (modtls.dll): each thread has its own copy, started
// from the DLL's template, in the main thread as in one created later; loaded again after
// FreeLibrary, the DLL's TLS starts afresh.
#include <stdio.h>
#include <windows.h>

static int (*get)(void);
static void (*set)(int);

static DWORD WINAPI thread(LPVOID arg) {
  (void)arg;
  printf("thread: %d\n", get());
  set(99);
  printf("thread after setting 99: %d\n", get());
  return 0;
}

static void load(void) {
  HMODULE h = LoadLibraryA("modtls.dll");
  get = (int (*)(void))GetProcAddress(h, "tls_get");
  set = (void (*)(int))GetProcAddress(h, "tls_set");
}

int main(void) {
  load();
  printf("main: %d\n", get());
  set(5);
  HANDLE t = CreateThread(NULL, 0, thread, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  printf("main after the thread: %d\n", get());
  FreeLibrary(GetModuleHandleA("modtls.dll"));
  printf("unloaded: %s\n", GetModuleHandleA("modtls.dll") ? "no" : "yes");
  load();
  printf("main, loaded again: %d\n", get());
  return 0;
}
