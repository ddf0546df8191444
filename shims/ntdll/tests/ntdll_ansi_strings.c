/* NTDLL's conversions in the ANSI (1252) and OEM (437) code pages of US English: the buffer
 * conversions with their sizes and truncation, the counted strings both ways (allocated, and into a
 * buffer too small), upper case through the code page, RtlAnsiCharToUnicodeChar, comparisons
 * without case. Expected output: wine 8.0's (x64), whose code pages are the same. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  USHORT Length, MaximumLength;
  char *Buffer;
} STR;
typedef struct {
  USHORT Length, MaximumLength;
  WCHAR *Buffer;
} USTR;

#define FN(ret, name, args) static ret(NTAPI *p##name) args;
FN(LONG, RtlMultiByteToUnicodeN, (WCHAR *, ULONG, ULONG *, const char *, ULONG))
FN(LONG, RtlUnicodeToMultiByteN, (char *, ULONG, ULONG *, const WCHAR *, ULONG))
FN(LONG, RtlUpcaseUnicodeToMultiByteN, (char *, ULONG, ULONG *, const WCHAR *, ULONG))
FN(LONG, RtlOemToUnicodeN, (WCHAR *, ULONG, ULONG *, const char *, ULONG))
FN(LONG, RtlUnicodeToOemN, (char *, ULONG, ULONG *, const WCHAR *, ULONG))
FN(LONG, RtlUpcaseUnicodeToOemN, (char *, ULONG, ULONG *, const WCHAR *, ULONG))
FN(LONG, RtlMultiByteToUnicodeSize, (ULONG *, const char *, ULONG))
FN(LONG, RtlUnicodeToMultiByteSize, (ULONG *, const WCHAR *, ULONG))
FN(ULONG, RtlAnsiStringToUnicodeSize, (const STR *))
FN(ULONG, RtlOemStringToUnicodeSize, (const STR *))
FN(ULONG, RtlUnicodeStringToAnsiSize, (const USTR *))
FN(ULONG, RtlUnicodeStringToOemSize, (const USTR *))
FN(LONG, RtlAnsiStringToUnicodeString, (USTR *, const STR *, BOOLEAN))
FN(LONG, RtlOemStringToUnicodeString, (USTR *, const STR *, BOOLEAN))
FN(LONG, RtlUnicodeStringToAnsiString, (STR *, const USTR *, BOOLEAN))
FN(LONG, RtlUnicodeStringToOemString, (STR *, const USTR *, BOOLEAN))
FN(LONG, RtlUpcaseUnicodeStringToAnsiString, (STR *, const USTR *, BOOLEAN))
FN(LONG, RtlUpcaseUnicodeStringToOemString, (STR *, const USTR *, BOOLEAN))
FN(WCHAR, RtlAnsiCharToUnicodeChar, (char **))
FN(CHAR, RtlUpperChar, (CHAR))
FN(void, RtlUpperString, (STR *, const STR *))
FN(LONG, RtlCompareString, (const STR *, const STR *, BOOLEAN))
FN(BOOLEAN, RtlEqualString, (const STR *, const STR *, BOOLEAN))
FN(BOOLEAN, RtlCreateUnicodeStringFromAsciiz, (USTR *, const char *))
FN(void, RtlFreeUnicodeString, (USTR *))
FN(void, RtlFreeAnsiString, (STR *))
#define GET(name) p##name = (void *)GetProcAddress(ntdll, #name)

static void hexw(const WCHAR *w, int n) {
  for (int i = 0; i < n; i++) printf(" %04x", w[i]);
  printf("\n");
}
static void hexa(const char *s, int n) {
  for (int i = 0; i < n; i++) printf(" %02x", (unsigned char)s[i]);
  printf("\n");
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(RtlMultiByteToUnicodeN); GET(RtlUnicodeToMultiByteN); GET(RtlUpcaseUnicodeToMultiByteN);
  GET(RtlOemToUnicodeN); GET(RtlUnicodeToOemN); GET(RtlUpcaseUnicodeToOemN); GET(RtlMultiByteToUnicodeSize);
  GET(RtlUnicodeToMultiByteSize); GET(RtlAnsiStringToUnicodeSize); GET(RtlOemStringToUnicodeSize);
  GET(RtlUnicodeStringToAnsiSize); GET(RtlUnicodeStringToOemSize); GET(RtlAnsiStringToUnicodeString);
  GET(RtlOemStringToUnicodeString); GET(RtlUnicodeStringToAnsiString); GET(RtlUnicodeStringToOemString);
  GET(RtlUpcaseUnicodeStringToAnsiString); GET(RtlUpcaseUnicodeStringToOemString); GET(RtlAnsiCharToUnicodeChar);
  GET(RtlUpperChar); GET(RtlUpperString); GET(RtlCompareString); GET(RtlEqualString);
  GET(RtlCreateUnicodeStringFromAsciiz); GET(RtlFreeUnicodeString); GET(RtlFreeAnsiString);

  const char ansi[] = "caf\xe9 \x80\xfc\xdf\x9f\xff";
  const WCHAR wide[] = {'c', 'a', 'f', 0xe9, ' ', 0x20ac, 0xfc, 0xdf, 0x178, 0xff, 0x3042, 0x100, 0x4e00};
  WCHAR wbuf[32];
  char abuf[32];
  ULONG n = 0;
  LONG st;

  st = pRtlMultiByteToUnicodeN(wbuf, sizeof wbuf, &n, ansi, 11);
  printf("RtlMultiByteToUnicodeN 0x%lx %lu:", st, n);
  hexw(wbuf, n / 2);
  st = pRtlMultiByteToUnicodeN(wbuf, 6, &n, ansi, 11);
  printf("  into 6 bytes 0x%lx %lu:", st, n);
  hexw(wbuf, n / 2);
  st = pRtlOemToUnicodeN(wbuf, sizeof wbuf, &n, "\x82\x80\xe1\xb0\xc9\xfe", 6);
  printf("RtlOemToUnicodeN 0x%lx %lu:", st, n);
  hexw(wbuf, n / 2);
  st = pRtlUnicodeToMultiByteN(abuf, sizeof abuf, &n, wide, sizeof wide);
  printf("RtlUnicodeToMultiByteN 0x%lx %lu:", st, n);
  hexa(abuf, n);
  st = pRtlUnicodeToMultiByteN(abuf, 4, &n, wide, sizeof wide);
  printf("  into 4 bytes 0x%lx %lu:", st, n);
  hexa(abuf, n);
  st = pRtlUpcaseUnicodeToMultiByteN(abuf, sizeof abuf, &n, wide, 20);
  printf("RtlUpcaseUnicodeToMultiByteN 0x%lx %lu:", st, n);
  hexa(abuf, n);
  st = pRtlUnicodeToOemN(abuf, sizeof abuf, &n, wide, 20);
  printf("RtlUnicodeToOemN 0x%lx %lu:", st, n);
  hexa(abuf, n);
  st = pRtlUpcaseUnicodeToOemN(abuf, sizeof abuf, &n, wide, 20);
  printf("RtlUpcaseUnicodeToOemN 0x%lx %lu:", st, n);
  hexa(abuf, n);
  pRtlMultiByteToUnicodeSize(&n, ansi, 11);
  printf("RtlMultiByteToUnicodeSize %lu\n", n);
  pRtlUnicodeToMultiByteSize(&n, wide, sizeof wide);
  printf("RtlUnicodeToMultiByteSize %lu\n", n);

  STR a = {11, 12, (char *)ansi};
  USTR u = {sizeof wide, sizeof wide, (WCHAR *)wide};
  printf("sizes %lu %lu %lu %lu\n", pRtlAnsiStringToUnicodeSize(&a), pRtlOemStringToUnicodeSize(&a),
         pRtlUnicodeStringToAnsiSize(&u), pRtlUnicodeStringToOemSize(&u));
  USTR got = {0, 0, NULL};
  st = pRtlAnsiStringToUnicodeString(&got, &a, TRUE);
  printf("RtlAnsiStringToUnicodeString 0x%lx %u %u:", st, got.Length, got.MaximumLength);
  hexw(got.Buffer, got.Length / 2);
  pRtlFreeUnicodeString(&got);
  st = pRtlOemStringToUnicodeString(&got, &a, TRUE);
  printf("RtlOemStringToUnicodeString 0x%lx %u:", st, got.Length);
  hexw(got.Buffer, got.Length / 2);
  pRtlFreeUnicodeString(&got);
  STR ga = {0, 0, NULL};
  st = pRtlUnicodeStringToAnsiString(&ga, &u, TRUE);
  printf("RtlUnicodeStringToAnsiString 0x%lx %u %u:", st, ga.Length, ga.MaximumLength);
  hexa(ga.Buffer, ga.Length + 1);
  pRtlFreeAnsiString(&ga);
  st = pRtlUnicodeStringToOemString(&ga, &u, TRUE);
  printf("RtlUnicodeStringToOemString 0x%lx %u:", st, ga.Length);
  hexa(ga.Buffer, ga.Length);
  pRtlFreeAnsiString(&ga);
  st = pRtlUpcaseUnicodeStringToAnsiString(&ga, &u, TRUE);
  printf("RtlUpcaseUnicodeStringToAnsiString 0x%lx %u:", st, ga.Length);
  hexa(ga.Buffer, ga.Length);
  pRtlFreeAnsiString(&ga);
  st = pRtlUpcaseUnicodeStringToOemString(&ga, &u, TRUE);
  printf("RtlUpcaseUnicodeStringToOemString 0x%lx %u:", st, ga.Length);
  hexa(ga.Buffer, ga.Length);
  pRtlFreeAnsiString(&ga);
  memset(abuf, 0x55, sizeof abuf);
  STR small = {0, 6, abuf};
  st = pRtlUnicodeStringToAnsiString(&small, &u, FALSE);
  printf("  into 6 bytes 0x%lx %u:", st, small.Length);
  hexa(abuf, 7);

  char *pc = (char *)ansi + 3;
  WCHAR c1 = pRtlAnsiCharToUnicodeChar(&pc);
  WCHAR c2 = pRtlAnsiCharToUnicodeChar(&pc);
  WCHAR c3 = pRtlAnsiCharToUnicodeChar(&pc);
  printf("RtlAnsiCharToUnicodeChar %04x %04x %04x moved %d\n", c1, c2, c3, (int)(pc - ansi));
  printf("RtlUpperChar");
  for (const char *q = "a\xe9\xfc\xff\xb5\xdf\x9a\x80"; *q; q++) printf(" %02x", (unsigned char)pRtlUpperChar(*q));
  printf("\n");
  char up[16];
  STR ud = {0, sizeof up, up};
  pRtlUpperString(&ud, &a);
  printf("RtlUpperString %u:", ud.Length);
  hexa(up, ud.Length);
  STR x = {4, 4, "caf\xe9"}, y = {4, 4, "CAF\xc9"};
  printf("RtlCompareString %ld %ld RtlEqualString %d %d\n", pRtlCompareString(&x, &y, FALSE),
         pRtlCompareString(&x, &y, TRUE), pRtlEqualString(&x, &y, FALSE), pRtlEqualString(&x, &y, TRUE));
  BOOLEAN ok = pRtlCreateUnicodeStringFromAsciiz(&got, "\xe9t\xe9");
  printf("RtlCreateUnicodeStringFromAsciiz %d %u:", ok, got.Length);
  hexw(got.Buffer, got.Length / 2);
  pRtlFreeUnicodeString(&got);
  return 0;
}
