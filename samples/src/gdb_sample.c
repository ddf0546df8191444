// A program to debug under gdb (tests/gdb/): functions with arguments and locals, a loop, a
// library call and an exit status of its own; with an argument, a loop that runs until stopped
// from outside, a fault, or a signal it catches (not on Windows). Built -g -O0 for each Linux ISA
// and with mingw-w64; tests/gdb/gdb_test.py checks its line numbers.
#include <signal.h>
#include <stdio.h>
#include <string.h>

int square(int v) {
  int result = v * v;
  return result;
}

int sum_of_squares(int n) {
  int total = 0;
  for (int i = 1; i <= n; i++)
    total += square(i);
  return total;
}

volatile unsigned long spins;

void spin(void) {
  for (;;) spins++;
}

volatile int caught;

void on_usr1(int sig) { caught = sig; }

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "spin") == 0) spin();
  if (strcmp(mode, "segv") == 0) *(volatile int*)16 = 1;
#ifdef SIGUSR1
  if (strcmp(mode, "usr1") == 0) {
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    printf("caught signal %d\n", caught);
  }
#endif
  int n = 4;
  int sum = sum_of_squares(n);
  printf("sum of squares to %d: %d\n", n, sum);
  return sum;
}
