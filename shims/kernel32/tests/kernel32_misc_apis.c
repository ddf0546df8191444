/* Assorted system calls console programs make: version, strings, CompareString, environment
 * block, one-time initialisation, fiber-local storage, interlocked operations, random bytes,
 * the (absent) registry, CommandLineToArgvW, wsprintf and CharUpper. */
// Links: -ladvapi32 -lshell32 -luser32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <shellapi.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

static int once_calls;
static BOOL CALLBACK init_once(PINIT_ONCE once, PVOID param, PVOID* context) {
  (void)once, (void)context;
  ++once_calls;
  return param != NULL;
}

int main(void) {
  OSVERSIONINFOA v;
  v.dwOSVersionInfoSize = sizeof v;
  GetVersionExA(&v);
  printf("version at least 6 (Vista): %s, platform %lu\n", v.dwMajorVersion >= 6 ? "yes" : "no", v.dwPlatformId);

  printf("lstrlen %d %d\n", lstrlenA("polyrun"), lstrlenW(L"wide"));
  printf("lstrcmpi %d, CompareString %d %d %d\n", lstrcmpiA("ABC", "abc"),
         CompareStringA(LOCALE_USER_DEFAULT, 0, "apple", -1, "banana", -1),
         CompareStringA(LOCALE_USER_DEFAULT, NORM_IGNORECASE, "Kiwi", -1, "kIWI", -1),
         CompareStringW(LOCALE_USER_DEFAULT, 0, L"zeta", -1, L"alpha", -1));

  SetEnvironmentVariableA("POLYRUN_BLOCK_TEST", "yes");
  LPCH block = GetEnvironmentStringsA();
  int found = 0;
  for (LPCH e = block; *e; e += strlen(e) + 1)
    if (strcmp(e, "POLYRUN_BLOCK_TEST=yes") == 0) found = 1;
  FreeEnvironmentStringsA(block);
  printf("environment block has the new variable: %s\n", found ? "yes" : "no");

  INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  BOOL a = InitOnceExecuteOnce(&once, init_once, (PVOID)1, NULL);
  BOOL b = InitOnceExecuteOnce(&once, init_once, (PVOID)1, NULL);
  printf("InitOnceExecuteOnce %d %d, callback ran %d time(s)\n", a, b, once_calls);

  DWORD fls = FlsAlloc(NULL);
  FlsSetValue(fls, (PVOID)0x1234);
  printf("FLS value %s\n", FlsGetValue(fls) == (PVOID)0x1234 ? "kept" : "lost");

  volatile LONG counter = 5;
  InterlockedIncrement(&counter);
  LONG old = InterlockedExchangeAdd(&counter, 10);
  LONG prev = InterlockedCompareExchange(&counter, 100, 16);
  printf("interlocked: old %ld prev %ld now %ld\n", old, prev, counter);

  unsigned char r1[16] = {0}, r2[16] = {0};
  SystemFunction036(r1, sizeof r1);
  SystemFunction036(r2, sizeof r2);
  printf("random bytes differ: %s\n", memcmp(r1, r2, sizeof r1) ? "yes" : "no");

  HKEY key;
  LONG st = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\polyrun\\does-not-exist", 0, KEY_READ, &key);
  printf("RegOpenKeyEx of a missing key: %ld\n", st);

  int argc = 0;
  LPWSTR* argv = CommandLineToArgvW(L"prog.exe \"two words\" a\\\\\"b plain", &argc);
  printf("CommandLineToArgvW: %d:", argc);
  for (int i = 0; i < argc; ++i) printf(" [%ls]", argv[i]);
  printf("\n");
  LocalFree(argv);

  char buf[64];
  int n = wsprintfA(buf, "%s-%d-%04x", "ws", 42, 0xbeef);
  char up[] = "mixed Case";
  CharUpperA(up);
  printf("wsprintf %d %s, CharUpper %s\n", n, buf, up);
  /* Error modes: SetErrorMode returns the previous mode; SEM_NOALIGNMENTFAULTEXCEPT stays set. */
  UINT first = SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOALIGNMENTFAULTEXCEPT);
  UINT second = SetErrorMode(0);
  printf("error mode: first %#x, then %#x, now %#x\n", first, second, GetErrorMode());
  DWORD old_thread = 123;
  BOOL bad = SetThreadErrorMode(SEM_NOALIGNMENTFAULTEXCEPT, &old_thread);
  DWORD bad_error = GetLastError();
  BOOL good = SetThreadErrorMode(SEM_FAILCRITICALERRORS, &old_thread);
  printf("thread error mode: invalid %d (error %lu), valid %d (old %lu), now %#lx\n", bad, bad_error, good,
         old_thread, GetThreadErrorMode());
  return 0;
}
