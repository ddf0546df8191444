/* msvcrt's string and memory functions on text made at run time (so the compiler cannot fold the
 * calls away), and errno: set by the C runtime, read through _errno(), one per thread. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
