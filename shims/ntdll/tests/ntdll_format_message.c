/* NTDLL's RtlFormatMessage and RtlFormatMessageEx: inserts from an argument array and from a
 * va_list, a printf format in an insert, escapes (%n %t %% %0), inserts left as they are, the size
 * told in bytes with the NUL, a buffer too small; KERNEL32's FormatMessageW beside it. Expected
 * output: wine 8.0's (x64); the i686 build is held to the same file. */
#include <stdarg.h>
#include <stdio.h>
#include <windows.h>

typedef LONG(NTAPI* Format_fn)(const WCHAR*, ULONG, BOOLEAN, BOOLEAN, BOOLEAN, va_list*, WCHAR*, ULONG, ULONG*);
typedef LONG(NTAPI* FormatEx_fn)(const WCHAR*, ULONG, BOOLEAN, BOOLEAN, BOOLEAN, va_list*, WCHAR*, ULONG, ULONG*, ULONG);
static Format_fn format;

static void show(const char* what, LONG s, const WCHAR* buf, ULONG size) {
  printf("%s: 0x%lx, %lu bytes:", what, (unsigned long)s, (unsigned long)size);
  if (s == 0)
    for (const WCHAR* c = buf; *c; ++c) printf(*c >= 0x20 && *c < 0x7f ? "%c" : "<%02x>", *c);
  printf("\n");
}

static void with_va_list(const WCHAR* tmpl, ...) {
  va_list ap;
  va_start(ap, tmpl);
  WCHAR buf[128];
  ULONG size = 0;
  LONG s = format(tmpl, 0, FALSE, FALSE, FALSE, &ap, buf, sizeof buf, &size);
  va_end(ap);
  show("a va_list", s, buf, size);
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  format = (Format_fn)GetProcAddress(ntdll, "RtlFormatMessage");
  FormatEx_fn format_ex = (FormatEx_fn)GetProcAddress(ntdll, "RtlFormatMessageEx");
  printf("found: %d %d\n", format != NULL, format_ex != NULL);

  ULONG_PTR array[] = {(ULONG_PTR)L"world", 42, (ULONG_PTR)"narrow"};
  WCHAR buf[128];
  ULONG size = 0;
  LONG s = format(L"Hello %1, number %2!d!%n%ttab 100%% done%0 not this", 0, FALSE, FALSE, TRUE, (va_list*)array, buf,
                  sizeof buf, &size);
  show("an array", s, buf, size);
  s = format(L"%1 and %2", 0, TRUE, FALSE, TRUE, (va_list*)array, buf, sizeof buf, &size);
  show("inserts ignored", s, buf, size);
  ULONG_PTR narrow[] = {(ULONG_PTR)"narrow"};
  s = format(L"an ANSI %1", 0, FALSE, TRUE, TRUE, (va_list*)narrow, buf, sizeof buf, &size);
  show("an ANSI insert", s, buf, size);
  s = format(L"Hello %1", 0, FALSE, FALSE, TRUE, (va_list*)array, buf, 8, &size);
  printf("into 8 bytes: 0x%lx\n", (unsigned long)s);
  size = 0;
  s = format_ex(L"Ex %1!x!", 0, FALSE, FALSE, TRUE, (va_list*)(array + 1), buf, sizeof buf, &size, 0);
  show("RtlFormatMessageEx", s, buf, size);
  with_va_list(L"%1 is %2!u!", L"seven", 7u);

  DWORD_PTR k32args[] = {(DWORD_PTR)L"world", 42};
  DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, L"Hello %1, number %2!d!", 0, 0,
                           buf, 128, (va_list*)k32args);
  printf("FormatMessageW: %lu, %ls\n", n, buf);
  return 0;
}
