/* Files through stdio in text and binary mode, then read back byte for byte. */
#include <stdio.h>
#include <string.h>

int main(void) {
  const char* name = "polyrun-win-sample.txt";
  FILE* f = fopen(name, "w");
  if (!f) { printf("fopen failed\n"); return 1; }
  fputs("line one\nline two\n", f);
  fprintf(f, "number %d\n", 3);
  fclose(f);

  f = fopen(name, "rb");
  char raw[128] = {0};
  size_t n = fread(raw, 1, sizeof raw - 1, f);
  fclose(f);
  printf("binary read %u bytes:", (unsigned)n);
  for (size_t i = 0; i < n; ++i) printf(" %02x", (unsigned char)raw[i]);
  printf("\n");

  f = fopen(name, "r");
  char line[64];
  int count = 0;
  while (fgets(line, sizeof line, f)) {
    size_t len = strlen(line);
    printf("text line %d: %u chars, ends with LF only: %s\n", ++count, (unsigned)len,
           len >= 2 && line[len - 2] != '\r' && line[len - 1] == '\n' ? "yes" : "no");
  }
  fclose(f);
  remove(name);
  return 0;
}
