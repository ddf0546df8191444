// MSVCP140.dll's collation, called by name in the "C" locale (no vector, and _Getcoll's): _Strcoll
// and _Wcscoll compare by the characters' values, then by length; _Strxfrm and _Wcsxfrm copy the
// range where it fits and return its length either way.
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "msvcp_names.h"

typedef struct {
  unsigned page;
  wchar_t* name;
} collvec;

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  int(__cdecl * strcoll_)(const char*, const char*, const char*, const char*, const collvec*) = fn("_Strcoll");
  int(__cdecl * wcscoll_)(const wchar_t*, const wchar_t*, const wchar_t*, const wchar_t*, const collvec*) =
      fn("_Wcscoll");
  size_t(__cdecl * strxfrm_)(char*, char*, const char*, const char*, const collvec*) = fn("_Strxfrm");
  size_t(__cdecl * wcsxfrm_)(wchar_t*, wchar_t*, const wchar_t*, const wchar_t*, const collvec*) = fn("_Wcsxfrm");
  collvec(__cdecl * getcoll)(void) = fn("_Getcoll");
  collvec c = getcoll();

  const char* pairs[][2] = {{"apple", "apple"}, {"apple", "apples"}, {"apples", "apple"}, {"abc", "abd"},
                            {"zeta", "alpha"}, {"", ""}, {"", "a"}};
  for (int i = 0; i < 7; ++i) {
    const char *a = pairs[i][0], *b = pairs[i][1];
    int r1 = strcoll_(a, a + strlen(a), b, b + strlen(b), NULL);
    int r2 = strcoll_(a, a + strlen(a), b, b + strlen(b), &c);
    wchar_t wa[16], wb[16];
    MultiByteToWideChar(CP_ACP, 0, a, -1, wa, 16);
    MultiByteToWideChar(CP_ACP, 0, b, -1, wb, 16);
    int r3 = wcscoll_(wa, wa + wcslen(wa), wb, wb + wcslen(wb), NULL);
    int r4 = wcscoll_(wa, wa + wcslen(wa), wb, wb + wcslen(wb), &c);
    printf("\"%s\" vs \"%s\": _Strcoll %d %d, _Wcscoll %d %d\n", a, b, r1, r2, r3, r4);
  }
  printf("a range's end bounds it: %d\n", strcoll_("apple", "apple" + 3, "apricot", "apricot" + 2, &c));

  char out[16];
  memset(out, '#', sizeof out);
  size_t n = strxfrm_(out, out + 16, "hello", "hello" + 5, &c);
  printf("_Strxfrm: %u, \"%.5s\", after it %c\n", (unsigned)n, out, out[5]);
  memset(out, '#', sizeof out);
  n = strxfrm_(out, out + 3, "hello", "hello" + 5, &c);
  printf("_Strxfrm into 3: %u, untouched %d\n", (unsigned)n, out[0] == '#');
  wchar_t wout[16];
  wmemset(wout, L'#', 16);
  n = wcsxfrm_(wout, wout + 16, L"wide", L"wide" + 4, &c);
  printf("_Wcsxfrm: %u, \"%.4ls\"\n", (unsigned)n, wout);
  wmemset(wout, L'#', 16);
  n = wcsxfrm_(wout, wout + 2, L"wide", L"wide" + 4, &c);
  printf("_Wcsxfrm into 2: %u, untouched %d\n", (unsigned)n, wout[0] == L'#');
  fflush(stdout);
  return 0;
}
