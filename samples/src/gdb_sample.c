// A program to debug under gdb (tests/gdb/): functions with arguments and locals, a loop, a
// library call and an exit status of its own. Built -g -O0; its line numbers are what the gdb
// test checks, so changes here go with tests/gdb/gdb_test.py.
#include <stdio.h>
#include <stdlib.h>

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

int main(int argc, char** argv) {
  int n = argc > 1 ? atoi(argv[1]) : 4;
  int sum = sum_of_squares(n);
  printf("sum of squares to %d: %d\n", n, sum);
  return sum;
}
