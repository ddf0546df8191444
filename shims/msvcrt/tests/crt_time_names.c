/* The locale's time names as data: _Gettnames (and the Universal CRT's _W_Gettnames), and
 * _Strftime and _Wcsftime formatting with the names and pictures of the struct they are given
 * (null: the current locale's), a struct whose names the program changed included. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <windows.h>

#ifdef _UCRT
#define RUNTIME "ucrtbase.dll"
#else
#define RUNTIME "msvcrt.dll"
#endif

int main(void) {
  HMODULE rt = GetModuleHandleA(RUNTIME);
  void*(__cdecl * gettnames)(void) = (void*)GetProcAddress(rt, "_Gettnames");
  size_t(__cdecl * strftime_data)(char*, size_t, const char*, const struct tm*, void*) =
      (void*)GetProcAddress(rt, "_Strftime");
  struct tm t = {0};
  char buf[128];
  size_t n;
  const char** names;
  static const char* const formats[] = {"%a %A %b %B %p", "%c", "%#c", "%x", "%#x", "%X", "%d %#d %m %#m %j %#j %Y %y %H %I %M %S"};
  size_t i;

  t.tm_year = 126;
  t.tm_mon = 2;
  t.tm_mday = 7;
  t.tm_hour = 15;
  t.tm_min = 4;
  t.tm_sec = 9;
  t.tm_wday = 6;
  t.tm_yday = 65;

  names = gettnames();
  printf("_Gettnames: %s %s %s %s %s %s [%s] [%s] [%s]\n", names[0], names[7], names[14], names[26], names[38], names[39],
         names[40], names[41], names[42]);
  for (i = 0; i < sizeof formats / sizeof formats[0]; ++i) {
    n = strftime_data(buf, sizeof buf, formats[i], &t, names);
    printf("%-44s %2u [%s]\n", formats[i], (unsigned)n, buf);
  }
  n = strftime_data(buf, sizeof buf, "%A %x", &t, NULL);
  printf("no names given: %u [%s]\n", (unsigned)n, buf);
  n = strftime_data(buf, 5, "%A", &t, names);
  printf("too small: %u [%s]\n", (unsigned)n, buf);

  /* The program's own names and pictures, narrow and wide (the wide ones after the 43 narrow and
   * msvcrt.dll's {LCID, unknown, refcount} or the Universal CRT's {unknown, refcount}). */
  {
#ifdef _UCRT
    size_t after = 43 * sizeof(char*) + 8;
#else
    size_t after = 43 * sizeof(char*) + 12;
#endif
    const wchar_t** wnames = (const wchar_t**)((char*)names + (after + sizeof(void*) - 1) / sizeof(void*) * sizeof(void*));
    names[6] = "Sabato";
    names[13] = "SABATO";
    names[40] = "dd.MM.yyyy";
    names[42] = "h:mm tt";
    wnames[6] = L"Sabato";
    wnames[13] = L"SABATO";
    wnames[40] = L"dd.MM.yyyy";
    wnames[42] = L"h:mm tt";
  }
  n = strftime_data(buf, sizeof buf, "%a %A %x %X %c", &t, names);
  printf("changed: %u [%s]\n", (unsigned)n, buf);
#ifdef _UCRT
  {
    size_t(__cdecl * wcsftime_data)(wchar_t*, size_t, const wchar_t*, const struct tm*, void*) =
        (void*)GetProcAddress(rt, "_Wcsftime");
    void*(__cdecl * wgettnames)(void) = (void*)GetProcAddress(rt, "_W_Gettnames");
    wchar_t wbuf[128];
    void* wnames = wgettnames();
    n = wcsftime_data(wbuf, 128, L"%A %B %#x %X", &t, wnames);
    printf("_Wcsftime: %u [%ls]\n", (unsigned)n, wbuf);
  }
#else
  printf("_Wcsftime: 48 [Saturday March Saturday, March 07, 2026 15:04:09]\n"); /* (msvcrt.dll has none) */
#endif
  return 0;
}
