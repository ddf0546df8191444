/* msvcrt.dll's 80-bit extended values as text: __STRINGTOLD (text to a value: its status, where it
 * stopped) and $I10_OUTPUT (a value's decimal digits for the runtime's formatting: the point's
 * position, the sign, the digits). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  unsigned char x[10];
} LD;
struct I10 {
  short pos;
  char sign;
  unsigned char len;
  char str[22];
};
typedef int(__cdecl* StringToLd)(LD*, char**, const char*, int);
typedef int(__cdecl* I10Output)(LD, int, int, struct I10*);

static LD ld(long double v) {
  LD r;
  memcpy(r.x, &v, 10);
  return r;
}

int main(void) {
  HMODULE crt = GetModuleHandleA("msvcrt.dll");
  StringToLd to_ld = (StringToLd)GetProcAddress(crt, "__STRINGTOLD");
  I10Output out = (I10Output)GetProcAddress(crt, "$I10_OUTPUT");
  printf("found: %d %d\n", to_ld != NULL, out != NULL);
  static const char* texts[] = {"  3.25xyz", "abc", "-1e5000", "1e-5000", "12345678901234567890"};
  for (int i = 0; i < 5; ++i) {
    LD v;
    memset(&v, 0, sizeof v);
    char* end = NULL;
    int r = to_ld(&v, &end, texts[i], 0);
    printf("__STRINGTOLD(\"%s\"): %d, stopped after %d, bytes", texts[i], r, (int)(end - texts[i]));
    for (int j = 9; j >= 0; --j) printf(" %02x", v.x[j]);
    printf("\n");
  }
  static const long double values[] = {3.25L, 1234.5678L, -2.5L, 0.001234L, 0.0L, 1e300L};
  static const int precs[] = {5, 6, 3, 3, 4, 8};
  for (int i = 0; i < 6; ++i)
    for (int flag = 0; flag < 2; ++flag) {
      struct I10 d;
      memset(&d, 0, sizeof d);
      int r = out(ld(values[i]), precs[i], flag, &d);
      printf("$I10_OUTPUT(#%d, %d, %d): %d, pos %d, sign '%c', len %u, \"%s\"\n", i, precs[i], flag, r, d.pos, d.sign,
             d.len, d.str);
    }
  LD inf;
  memset(&inf, 0, sizeof inf);
  inf.x[7] = 0x80;
  inf.x[8] = 0xff, inf.x[9] = 0x7f;
  struct I10 d;
  memset(&d, 0, sizeof d);
  int r = out(inf, 5, 0, &d);
  printf("$I10_OUTPUT(infinity): %d, pos %d, sign '%c', len %u, \"%s\"\n", r, d.pos, d.sign, d.len, d.str);
  return 0;
}
