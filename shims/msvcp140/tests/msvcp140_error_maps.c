// MSVCP140.dll's error maps, called by name: the message of C runtime errno values
// (_Syserror_map, "unknown error" for another), the errno value Windows errors stand for
// (_Winerror_map), a Windows error's system message (_Winerror_message) and std::random_device's
// numbers (_Random_device).
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifdef _WIN64
#define NAME(x86, x64) x64
#else
#define NAME(x86, x64) x86
#endif

#include "msvcp_names.h"

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  const char*(__cdecl * syserror_map)(int) = fn(NAME("?_Syserror_map@std@@YAPBDH@Z", "?_Syserror_map@std@@YAPEBDH@Z"));
  int(__cdecl * winerror_map)(int) = fn("?_Winerror_map@std@@YAHH@Z");
  unsigned long(__cdecl * winerror_message)(unsigned long, char*, unsigned long) =
      fn(NAME("?_Winerror_message@std@@YAKKPADK@Z", "?_Winerror_message@std@@YAKKPEADK@Z"));
  unsigned(__cdecl * random_device)(void) = fn("?_Random_device@std@@YAIXZ");

  int errnos[] = {0, 1, 2, 13, 15, 22, 34, 36, 41, 42, 43, 100, 105, 131, 138, 140, 141, 999, -1};
  for (int i = 0; i < (int)(sizeof errnos / sizeof errnos[0]); ++i)
    printf("_Syserror_map(%d): \"%s\"\n", errnos[i], syserror_map(errnos[i]));
  printf("same text, same pointer: %d\n", syserror_map(2) == syserror_map(2));

  int errors[] = {0, 1, 2, 3, 5, 6, 8, 32, 80, 87, 112, 145, 183, 267, 995, 1237, 4393, 10035, 10048, 10061, 10065,
                  7, 10036 + 1000, 123456};
  for (int i = 0; i < (int)(sizeof errors / sizeof errors[0]); ++i)
    printf("_Winerror_map(%d): %d\n", errors[i], winerror_map(errors[i]));

  char buf[256];
  memset(buf, 'x', sizeof buf);
  unsigned long n = winerror_message(2, buf, sizeof buf);
  printf("_Winerror_message(2): %lu, ends with CR LF %d, NUL after %d\n", n, n >= 2 && buf[n - 2] == '\r' && buf[n - 1] == '\n',
         buf[n] == 0);
  memset(buf, 'x', sizeof buf);
  n = winerror_message(2, buf, 5);
  printf("  into 5 characters: %lu\n", n);
  n = winerror_message(0x2bad, buf, sizeof buf);
  printf("  of an error with no message: %lu\n", n);

  unsigned a = random_device(), b = random_device(), c = random_device();
  printf("_Random_device: three values not all equal %d\n", !(a == b && b == c));
  fflush(stdout);
  return 0;
}
