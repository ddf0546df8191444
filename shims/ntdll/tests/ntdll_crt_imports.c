// NTDLL's C runtime functions imported from ntdll.dll, as native programs and drivers' helpers
// link them (build.cmake makes the import library of strtol and _wcsicmp), and looked up there with
// GetProcAddress: the imports are ntdll.dll's own functions, whose addresses GetProcAddress gives
// too, not msvcrt.dll's.
#include <stdarg.h>
#include <stdio.h>
#include <windows.h>

// Imported from ntdll.dll (stdlib.h and wchar.h, which msvcrt.dll's import library would serve,
// are not included).
__declspec(dllimport) long __cdecl strtol(const char* s, char** end, int base);
__declspec(dllimport) int __cdecl _wcsicmp(const wchar_t* a, const wchar_t* b);

typedef int(__cdecl* vsnprintf_fn)(char*, size_t, const char*, va_list);

static vsnprintf_fn ntdll_vsnprintf;

static int call_vsnprintf(char* buf, size_t n, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = ntdll_vsnprintf(buf, n, format, ap);
  va_end(ap);
  return r;
}

static const char* yes(int b) { return b ? "yes" : "no"; }

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll");  // (".dll" is added to a name without an extension)
  HMODULE msvcrt = GetModuleHandleA("msvcrt.dll");

  char* end;
  long v = strtol("  -0x1fZ", &end, 0);
  printf("strtol: %ld rest \"%s\"\n", v, end);
  printf("strtol (octal): %ld\n", strtol("0777", NULL, 0));
  printf("strtol (overflow): %ld\n", strtol("2147483648", NULL, 10));
  printf("_wcsicmp: %d %d %d\n", _wcsicmp(L"Wide", L"wIDE") == 0, _wcsicmp(L"b", L"A") > 0,
         _wcsicmp(L"apple", L"APPLES") < 0);
  printf("strtol is ntdll.dll's: %s\n", yes((void*)GetProcAddress(ntdll, "strtol") == (void*)strtol));
  printf("_wcsicmp is ntdll.dll's: %s\n", yes((void*)GetProcAddress(ntdll, "_wcsicmp") == (void*)_wcsicmp));
  printf("strtol is not msvcrt.dll's: %s\n", yes(msvcrt && (void*)GetProcAddress(msvcrt, "strtol") != (void*)strtol));

  ntdll_vsnprintf = (vsnprintf_fn)(void*)GetProcAddress(ntdll, "_vsnprintf");
  printf("_vsnprintf found: %s\n", yes(ntdll_vsnprintf != NULL));
  if (!ntdll_vsnprintf) return 1;
  char buf[16];
  memset(buf, '*', sizeof buf);
  int r = call_vsnprintf(buf, sizeof buf, "%s-%d", "ab", 7);
  printf("_vsnprintf: %d \"%s\"\n", r, buf);
  memset(buf, '*', sizeof buf);
  r = call_vsnprintf(buf, 3, "%s", "abcdef");
  printf("_vsnprintf (3): %d \"%.5s\"\n", r, buf);
  return 0;
}
