/* qsort_s and bsearch_s with a context, __threadid and __threadhandle, the program's path
 * (_get_pgmptr, _get_wpgmptr, __p__pgmptr), WinMain's command line (the Universal CRT), _sleep,
 * and _set_abort_behavior (the Universal CRT: abort() without its message, status 3); taken by
 * GetProcAddress from ucrtbase.dll (with _UCRT) or msvcrt.dll. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static HMODULE crt;
static void* fn(const char* name) {
  void* f = (void*)GetProcAddress(crt, name);
  if (!f) printf("missing %s\n", name);
  return f;
}
static int __cdecl by_key(void* ctx, const void* a, const void* b) {
  ++*(int*)ctx;
  return *(const int*)a - *(const int*)b;
}
static const char* base_name(const char* path) {
  const char* s = strrchr(path, '\\');
  return s ? s + 1 : path;
}

int main(void) {
#ifdef _UCRT
  crt = LoadLibraryA("ucrtbase.dll");
#else
  crt = LoadLibraryA("msvcrt.dll");
#endif
  int v[] = {42, 7, 19, 3, 88, 61, 25, 14};
  int calls = 0;
  ((void (*)(void*, size_t, size_t, int(__cdecl*)(void*, const void*, const void*), void*))fn("qsort_s"))(
      v, 8, sizeof(int), by_key, &calls);
  printf("qsort_s:");
  for (int i = 0; i < 8; i++) printf(" %d", v[i]);
  printf(" (comparisons counted %d)\n", calls > 0);
  int key = 61, none = 5;
  calls = 0;
  void* (*bsearch_s_)(const void*, const void*, size_t, size_t, int(__cdecl*)(void*, const void*, const void*),
                      void*) = fn("bsearch_s");
  int* at = bsearch_s_(&key, v, 8, sizeof(int), by_key, &calls);
  printf("bsearch_s 61 at %d, 5 %s, comparisons %d\n", (int)(at - v),
         bsearch_s_(&none, v, 8, sizeof(int), by_key, &calls) ? "found" : "absent", calls > 0);

  printf("__threadid is GetCurrentThreadId %d\n", ((unsigned (*)(void))fn("__threadid"))() == GetCurrentThreadId());
  printf("__threadhandle is GetCurrentThread %d\n", ((HANDLE(*)(void))fn("__threadhandle"))() == GetCurrentThread());
  char* pgm = NULL;
  int r = ((int (*)(char**))fn("_get_pgmptr"))(&pgm);
  char module[MAX_PATH];
  GetModuleFileNameA(NULL, module, MAX_PATH);
  printf("_get_pgmptr %d is the module's path %d\n", r, strcmp(pgm, module) == 0);
  wchar_t* wpgm = NULL;
  r = ((int (*)(wchar_t**))fn("_get_wpgmptr"))(&wpgm);
  printf("_get_wpgmptr %d ends .exe %d\n", r, wcslen(wpgm) > 4 && wcscmp(wpgm + wcslen(wpgm) - 4, L".exe") == 0);
#ifdef _UCRT /* (not msvcrt.dll's on x64) */
  printf("__p__pgmptr same %d\n", *((char** (*)(void))fn("__p__pgmptr"))() == pgm);
#endif
  printf("program %s\n", base_name(pgm));
  printf("_getdrives is GetLogicalDrives %d\n", ((unsigned long (*)(void))fn("_getdrives"))() == GetLogicalDrives());
  /* (The performance counter: wine's GetTickCount stands still while its server is busy.) */
  LARGE_INTEGER freq, t0, t1;
  QueryPerformanceFrequency(&freq);
  QueryPerformanceCounter(&t0);
  ((void (*)(unsigned long))fn("_sleep"))(50);
  QueryPerformanceCounter(&t1);
  printf("_sleep(50) waited %d\n", (t1.QuadPart - t0.QuadPart) * 1000 / freq.QuadPart >= 45);
#ifdef _UCRT
  printf("winmain command line \"%s\"\n", ((char* (*)(void))fn("_get_narrow_winmain_command_line"))());
  wchar_t* w = ((wchar_t* (*)(void))fn("_get_wide_winmain_command_line"))();
  printf("wide winmain command line length %u\n", (unsigned)wcslen(w));
  unsigned (*abort_behavior)(unsigned, unsigned) = fn("_set_abort_behavior");
  printf("_set_abort_behavior old %u\n", abort_behavior(0, 1));
  printf("now %u\n", abort_behavior(0, 0));
  fflush(stdout);
  ((void (*)(void))fn("abort"))();
#endif
  return 0;
}
