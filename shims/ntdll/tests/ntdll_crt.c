// NTDLL's C runtime functions, looked up in ntdll.dll itself (as wine's programs and native code
// that loads no C runtime use them): the printf family with its truncation rules, number
// conversions both ways, comparisons without case, character classes and a sort.
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef int(__cdecl* vsnprintf_fn)(char*, size_t, const char*, va_list);
typedef int(__cdecl* snprintf_fn)(char*, size_t, const char*, ...);
typedef int(__cdecl* snwprintf_fn)(WCHAR*, size_t, const WCHAR*, ...);
typedef int(__cdecl* sprintf_fn)(char*, const char*, ...);
typedef int(__cdecl* swprintf_fn)(WCHAR*, const WCHAR*, ...);
typedef char*(__cdecl* itoa_fn)(int, char*, int);
typedef char*(__cdecl* ultoa_fn)(unsigned long, char*, int);
typedef char*(__cdecl* i64toa_fn)(long long, char*, int);
typedef WCHAR*(__cdecl* itow_fn)(int, WCHAR*, int);
typedef long(__cdecl* strtol_fn)(const char*, char**, int);
typedef unsigned long(__cdecl* strtoul_fn)(const char*, char**, int);
typedef long(__cdecl* wcstol_fn)(const WCHAR*, WCHAR**, int);
typedef int(__cdecl* atoi_fn)(const char*);
typedef int(__cdecl* wtoi_fn)(const WCHAR*);
typedef int(__cdecl* stricmp_fn)(const char*, const char*);
typedef int(__cdecl* strnicmp_fn)(const char*, const char*, size_t);
typedef int(__cdecl* wcsicmp_fn)(const WCHAR*, const WCHAR*);
typedef int(__cdecl* wcsnicmp_fn)(const WCHAR*, const WCHAR*, size_t);
typedef WCHAR(__cdecl* towupper_fn)(WCHAR);
typedef int(__cdecl* toupper_fn)(int);
typedef size_t(__cdecl* strlen_fn)(const char*);
typedef size_t(__cdecl* wcslen_fn)(const WCHAR*);
typedef char*(__cdecl* strstr_fn)(const char*, const char*);
typedef WCHAR*(__cdecl* wcschr_fn)(const WCHAR*, WCHAR);
typedef char*(__cdecl* strlwr_fn)(char*);
typedef void(__cdecl* qsort_fn)(void*, size_t, size_t, int(__cdecl*)(const void*, const void*));
typedef int(__cdecl* isdigit_fn)(int);

static HMODULE ntdll;
static void* fn(const char* name) {
  void* f = (void*)GetProcAddress(ntdll, name);
  if (!f) printf("%s: not exported\n", name);
  return f;
}

static int call_vsnprintf(char* buf, size_t n, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = ((vsnprintf_fn)fn("_vsnprintf"))(buf, n, format, ap);
  va_end(ap);
  return r;
}

static void show_w(const char* what, int r, const WCHAR* w, int n) {
  printf("%s: %d \"", what, r);
  for (int i = 0; i < n && w[i]; ++i) putchar((char)w[i]);
  printf("\"\n");
}

static int __cdecl by_value(const void* a, const void* b) { return *(const int*)a - *(const int*)b; }

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  char buf[64];
  memset(buf, '*', sizeof buf);
  int r = call_vsnprintf(buf, sizeof buf, "%d|%5s|%-4x|%c|%lu|%.3d|%%", -42, "ab", 255, 'z', 4000000000ul, 7);
  printf("_vsnprintf: %d \"%s\"\n", r, buf);
  memset(buf, '*', sizeof buf);
  r = call_vsnprintf(buf, 5, "%s", "truncated");
  printf("_vsnprintf (5): %d \"%.8s\"\n", r, buf);
  memset(buf, '*', sizeof buf);
  r = call_vsnprintf(buf, 4, "%s", "four");
  printf("_vsnprintf (exact): %d \"%.6s\"\n", r, buf);
  memset(buf, '*', sizeof buf);
  r = ((snprintf_fn)fn("_snprintf"))(buf, sizeof buf, "%s-%I64d-%#x", "x", -1234567890123ll, 0x1234);
  printf("_snprintf: %d \"%s\"\n", r, buf);
  WCHAR w[64];
  r = ((snwprintf_fn)fn("_snwprintf"))(w, 64, L"%s=%d %S", L"wide", 5, "narrow");
  show_w("_snwprintf", r, w, 64);
  r = ((snwprintf_fn)fn("_snwprintf"))(w, 3, L"%s", L"long");
  show_w("_snwprintf (3)", r, w, 3);
  r = ((sprintf_fn)fn("sprintf"))(buf, "[%3d|%-3d|%03d]", 5, 6, 7);
  printf("sprintf: %d \"%s\"\n", r, buf);
  r = ((swprintf_fn)fn("swprintf"))(w, L"%d-%ls", 12, L"w");
  show_w("swprintf", r, w, 64);

  printf("_itoa: %s", ((itoa_fn)fn("_itoa"))(-255, buf, 16));
  printf(" %s", ((itoa_fn)fn("_itoa"))(255, buf, 2));
  printf(" %s\n", ((itoa_fn)fn("_itoa"))(-255, buf, 10));
  printf("_ultoa: %s\n", ((ultoa_fn)fn("_ultoa"))(4000000000ul, buf, 36));
  printf("_i64toa: %s\n", ((i64toa_fn)fn("_i64toa"))(-9000000000ll, buf, 10));
  show_w("_itow", 0, ((itow_fn)fn("_itow"))(-77, w, 10), 64);

  char* end;
  long l = ((strtol_fn)fn("strtol"))("  -0x1fZ", &end, 0);
  printf("strtol: %ld rest \"%s\"\n", l, end);
  l = ((strtol_fn)fn("strtol"))("0777", &end, 0);
  printf("strtol (octal): %ld\n", l);
  printf("strtoul: %lu\n", ((strtoul_fn)fn("strtoul"))("4294967295", NULL, 10));
  WCHAR* wend;
  l = ((wcstol_fn)fn("wcstol"))(L"123abc", &wend, 10);
  printf("wcstol: %ld rest %d\n", l, (int)(wend - L"123abc" >= 0 ? 3 : -1));
  printf("atoi: %d\n", ((atoi_fn)fn("atoi"))(" +42x"));
  printf("_wtoi: %d\n", ((wtoi_fn)fn("_wtoi"))(L"-17"));

  printf("_stricmp: %d %d\n", ((stricmp_fn)fn("_stricmp"))("Hello", "hELLO") == 0, ((stricmp_fn)fn("_stricmp"))("a", "B") < 0);
  printf("_strnicmp: %d\n", ((strnicmp_fn)fn("_strnicmp"))("ABCdef", "abcXYZ", 3) == 0);
  printf("_wcsicmp: %d %d\n", ((wcsicmp_fn)fn("_wcsicmp"))(L"Wide", L"wIDE") == 0, ((wcsicmp_fn)fn("_wcsicmp"))(L"b", L"A") > 0);
  printf("_wcsnicmp: %d\n", ((wcsnicmp_fn)fn("_wcsnicmp"))(L"ABx", L"aby", 2) == 0);
  printf("towupper: %c towlower: %c\n", (char)((towupper_fn)fn("towupper"))(L'q'), (char)((towupper_fn)fn("towlower"))(L'Q'));
  printf("toupper: %c tolower: %c\n", ((toupper_fn)fn("toupper"))('a'), ((toupper_fn)fn("tolower"))('A'));
  printf("isdigit: %d %d\n", ((isdigit_fn)fn("isdigit"))('5') != 0, ((isdigit_fn)fn("isdigit"))('x') != 0);
  printf("strlen: %u wcslen: %u\n", (unsigned)((strlen_fn)fn("strlen"))("seven!!"), (unsigned)((wcslen_fn)fn("wcslen"))(L"four"));
  printf("strstr: %s\n", ((strstr_fn)fn("strstr"))("needle in haystack", "hay"));
  WCHAR* found = ((wcschr_fn)fn("wcschr"))(L"abcdef", L'd');
  printf("wcschr: %c\n", found ? (char)*found : '-');
  strcpy(buf, "MiXeD");
  printf("_strlwr: %s\n", ((strlwr_fn)fn("_strlwr"))(buf));
  int values[] = {5, -3, 9, 0, 2};
  ((qsort_fn)fn("qsort"))(values, 5, sizeof values[0], by_value);
  printf("qsort: %d %d %d %d %d\n", values[0], values[1], values[2], values[3], values[4]);
  return 0;
}
