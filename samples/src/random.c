/* getrandom: two draws differ and are not all zero. */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

int main(void) {
  unsigned char a[32], b[32], zero[32] = {0};
  if (getrandom(a, sizeof a, 0) != (ssize_t)sizeof a) return 1;
  if (getrandom(b, sizeof b, GRND_NONBLOCK) != (ssize_t)sizeof b) return 1;
  int ok = memcmp(a, b, sizeof a) != 0 && memcmp(a, zero, sizeof a) != 0;
  printf("getrandom %s\n", ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
