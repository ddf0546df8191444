// ucrtbase.dll's _get_stream_buffer_pointers: where a FILE keeps its buffer's start, its next
// character and the count left, as offsets in the FILE (stdout's and a file's), each out pointer
// optional. Expected output: wine 8.0's (x64).
#include <stdio.h>
#include <windows.h>

typedef int (*get_fn)(FILE*, char***, char***, int**);

int main(void) {
  get_fn get = (get_fn)GetProcAddress(GetModuleHandleA("ucrtbase.dll"), "_get_stream_buffer_pointers");
  printf("present: %d\n", get != NULL);
  if (!get) return 1;
  char **base = NULL, **ptr = NULL;
  int* count = NULL;
  int r = get(stdout, &base, &ptr, &count);
  printf("stdout: %d, base at %d, ptr at %d, count at %d\n", r, (int)((char*)base - (char*)stdout),
         (int)((char*)ptr - (char*)stdout), (int)((char*)count - (char*)stdout));
  FILE* f = tmpfile();
  base = ptr = NULL;
  r = get(f, &base, NULL, NULL);
  printf("a file, base only: %d, base at %d\n", r, (int)((char*)base - (char*)f));
  fclose(f);
  return 0;
}
