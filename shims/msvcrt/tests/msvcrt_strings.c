/* msvcrt's string and memory functions on text made at run time (so the compiler cannot fold the
 * calls away), and errno: set by the C runtime, read through _errno(), one per thread. The expected
 * output (expected/msvcrt_strings.stdout) is wine 8.0's, wine64 running the x86_64-w64-mingw32-gcc
 * -O2 build. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

static char text[300];

static DWORD WINAPI other_thread(LPVOID arg) {
  (void)arg;
  errno = 0;
  strtol("99999999999999999999", NULL, 10);
  printf("thread: errno after an overflowing strtol is ERANGE: %s\n", errno == ERANGE ? "yes" : "no");
  errno = 77;
  return 0;
}

int main(int argc, char** argv) {
  (void)argv;
  /* "the quick brown fox ..." repeated, with argc folded in so nothing is known at compile time */
  const char* words = "the quick brown fox jumps over the lazy dog ";
  size_t n = 0;
  while (n + strlen(words) < sizeof text - 1) {
    memcpy(text + n, words, strlen(words));
    n += strlen(words);
  }
  text[n] = 0;
  text[0] = (char)('t' + argc - 1);
  printf("strlen %u\n", (unsigned)strlen(text));
  printf("strchr 'q' at %d, 'z' at %d, '#' %s, NUL at %d\n", (int)(strchr(text, 'q') - text),
         (int)(strchr(text, 'z') - text), strchr(text, '#') ? "found" : "not found", (int)(strchr(text, 0) - text));
  printf("strstr \"lazy dog\" at %d, \"dog the\" at %d, \"dog cat\" %s, \"\" at %d\n",
         (int)(strstr(text, "lazy dog") - text), (int)(strstr(text, "dog the") - text),
         strstr(text, "dog cat") ? "found" : "not found", (int)(strstr(text, "") - text));
  char a[64], b[64];
  strncpy(a, text + 4, 20);
  a[20] = 0;
  strcpy(b, a);
  printf("strcmp equal %d", strcmp(a, b));
  b[7] = 'A';
  printf(", a > b %d", strcmp(a, b) > 0);
  b[7] = (char)0xe9;
  printf(", a < b (as unsigned bytes) %d\n", strcmp(a, b) < 0);
  /* memcmp, strcmp and wcscmp answer -1, 0 or 1 in msvcrt; strncmp too in x64's (32-bit
   * msvcrt.dll's answers the difference of the bytes: its sign is printed); _stricmp the difference
   * of the bytes folded to lower case */
  char x[80], y[80], z[80];
  size_t k = (size_t)argc + 29;
  memcpy(x, text + 4, k);
  x[k] = 0;
  strcpy(y, x);
  printf("memcmp equal %d", memcmp(x, y, k));
  y[k - 3] = 'T';
  int sn = strncmp(y, x, 60);
  printf(", differing %d %d, strcmp %d, strncmp before it %d, across it %d\n", memcmp(x, y, k), memcmp(y, x, k),
         strcmp(x, y), strncmp(x, y, k - 3), (sn > 0) - (sn < 0));
  y[0] = '_';
  printf("_stricmp %d %d %d, _strnicmp %d %d\n", _stricmp(x + 1, y + 1), _stricmp(x, y), _stricmp(y, x),
         _strnicmp(x + 1, y + 1, k), _strnicmp(x, y, 0));
  /* (through a pointer: the compiler would turn strcat into strlen and memcpy) */
  char* (*volatile cat)(char*, const char*) = strcat;
  strncpy(z, text + 10, 6);
  z[6] = 0;
  cat(z, "|");
  cat(z, x);
  printf("strcat: %s (%u)\n", z, (unsigned)strlen(z));
  memset(z, '#', sizeof z);
  strncpy(z, x, k + 10);
  int nuls = 0;
  for (size_t i = 0; i < sizeof z; ++i) nuls += z[i] == 0;
  printf("strncpy: %s, %d NULs\n", z, nuls);
  printf("strrchr 'o' at %d, 'q' at %d, '#' %s; memchr 'z' at %d, within 30 %s\n", (int)(strrchr(text, 'o') - text),
         (int)(strrchr(text, 'q') - text), strrchr(text, '#') ? "found" : "not found",
         (int)((char*)memchr(text, 'z', 100) - text), memchr(text, 'z', 30) ? "found" : "not found");
  wchar_t w1[60], w2[60];
  for (int i = 0; i < 50; ++i) w1[i] = w2[i] = (wchar_t)text[i];
  w1[50] = w2[50] = 0;
  printf("wcslen %u, wcschr 'z' at %d, '#' %s, wcscmp equal %d", (unsigned)wcslen(w1), (int)(wcschr(w1, L'z') - w1),
         wcschr(w1, L'#') ? "found" : "not found", wcscmp(w1, w2));
  w2[33] = 0xe900;
  printf(", below %d, above %d\n", wcscmp(w1, w2), wcscmp(w2, w1));
  /* memmove both ways over the same buffer, memset of a length not a multiple of anything */
  char buf[100];
  for (int i = 0; i < 100; ++i) buf[i] = (char)('A' + i % 26);
  memmove(buf + 10, buf, 50);
  printf("memmove up: %.20s\n", buf + 5);
  memmove(buf, buf + 33, 40);
  printf("memmove down: %.20s\n", buf);
  memset(buf + 3, '-', 37);
  memcpy(buf + 60, "copied", 6);
  buf[70] = 0;
  printf("memset+memcpy: %s\n", buf);

  errno = 0;
  FILE* f = fopen("no/such/file.txt", "r");
  printf("fopen of a missing file: %s, errno is ENOENT: %s\n", f ? "opened" : "NULL", errno == ENOENT ? "yes" : "no");
  errno = 0;
  long v = strtol("-99999999999999999999", NULL, 10);
  printf("strtol overflow: %ld, errno is ERANGE: %s\n", v, errno == ERANGE ? "yes" : "no");
  errno = 5;
  HANDLE h = CreateThread(NULL, 0, other_thread, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  CloseHandle(h);
  printf("main: errno still %d after the thread set its own\n", errno);
  return 0;
}
