// PDH's list of performance objects (PdhEnumObjects): the size asked for with no buffer, then the
// list, which names "Processor" (an object of every Windows).
// Links: -lpdh
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <pdh.h>
#include <pdhmsg.h>

int main(void) {
  PDH_STATUS st;
  DWORD size = 0;
  st = PdhEnumObjectsA(NULL, NULL, NULL, &size, PERF_DETAIL_WIZARD, TRUE);
  printf("PdhEnumObjects size: 0x%lx, some: %s\n", st, size > 0 ? "yes" : "no");
  char* list = calloc(size + 1, 1);
  st = PdhEnumObjectsA(NULL, NULL, list, &size, PERF_DETAIL_WIZARD, FALSE);
  int processor = 0;
  for (char* p = list; st == ERROR_SUCCESS && *p; p += strlen(p) + 1) processor |= !strcmp(p, "Processor");
  printf("PdhEnumObjects: 0x%lx, Processor listed: %s\n", st, processor ? "yes" : "no");
  free(list);

  DWORD wsize = 0;
  st = PdhEnumObjectsW(NULL, NULL, NULL, &wsize, PERF_DETAIL_WIZARD, FALSE);
  printf("PdhEnumObjectsW size: 0x%lx, the same count: %s\n", st, wsize == size ? "yes" : "no");
  return 0;
}
