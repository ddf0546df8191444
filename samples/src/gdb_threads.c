// A threaded program to debug under gdb (tests/gdb/): workers that each compute a value of their
// own, joined by main, whose exit status is their sum. Built -g -O0 (Linux ISAs, mingw-w64).
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define WORKERS 3

static int results[WORKERS];

void* worker(void* arg) {
  int index = (int)(intptr_t)arg;
  int value = (index + 1) * 10;
  results[index] = value;
  return NULL;
}

int main(void) {
  pthread_t threads[WORKERS];
  for (intptr_t i = 0; i < WORKERS; i++) pthread_create(&threads[i], NULL, worker, (void*)i);
  int total = 0;
  for (int i = 0; i < WORKERS; i++) {
    pthread_join(threads[i], NULL);
    total += results[i];
  }
  printf("total %d\n", total);
  return total;
}
