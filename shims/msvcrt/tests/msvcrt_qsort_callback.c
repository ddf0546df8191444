/* qsort and bsearch with comparators in the program: the C runtime calls back into it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int calls;

static int by_value(const void* a, const void* b) {
  ++calls;
  int x = *(const int*)a, y = *(const int*)b;
  return (x > y) - (x < y);
}

static int by_length_then_text(const void* a, const void* b) {
  const char* x = *(const char* const*)a;
  const char* y = *(const char* const*)b;
  size_t lx = strlen(x), ly = strlen(y);
  if (lx != ly) return lx < ly ? -1 : 1;
  return strcmp(x, y);
}

int main(void) {
  int v[] = {42, 7, 19, 3, 88, 23, 5, 61, 0, -4};
  size_t n = sizeof v / sizeof v[0];
  qsort(v, n, sizeof v[0], by_value);
  printf("sorted:");
  for (size_t i = 0; i < n; ++i) printf(" %d", v[i]);
  printf("\ncomparator called: %s\n", calls > 0 ? "yes" : "no");
  int key = 23;
  int* hit = bsearch(&key, v, n, sizeof v[0], by_value);
  printf("bsearch 23: index %d\n", hit ? (int)(hit - v) : -1);
  key = 24;
  printf("bsearch 24: %s\n", bsearch(&key, v, n, sizeof v[0], by_value) ? "found" : "not found");
  const char* words[] = {"pear", "fig", "banana", "kiwi", "apple", "date"};
  qsort(words, 6, sizeof words[0], by_length_then_text);
  for (int i = 0; i < 6; ++i) printf("%s%s", words[i], i < 5 ? "," : "\n");
  return 0;
}
