/* libc-heavy: string functions, memcpy/memset, snprintf, malloc/free.  Usage: libc_heavy [scale]
 * (Fixed-width arithmetic: the checksum is the same for 32- and 64-bit builds.) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  uint64_t check = 0;
  char buf[256], other[256];
  for (long long it = 0; it < 150000LL * scale; ++it) {
    int n = snprintf(buf, sizeof buf, "item-%lld:%08llx:%s", it, (unsigned long long)it * 2654435761u, it & 1 ? "odd" : "even");
    check += (uint64_t)n + strlen(buf);
    memcpy(other, buf, (size_t)n + 1);
    check += strcmp(buf, other) == 0;
    char* copy = malloc((size_t)n + 1 + (it % 512));
    strcpy(copy, buf);
    memset(copy + n, 'x', it % 512);
    copy[n + it % 512] = 0;
    check += strlen(copy);
    char* colon = strchr(copy, ':');
    if (colon) check += (uint64_t)(colon - copy);
    check += strstr(copy, "odd") != NULL;
    free(copy);
  }
  printf("libc_heavy %llu\n", (unsigned long long)check);
  return 0;
}
