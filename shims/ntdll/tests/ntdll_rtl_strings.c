/* NTDLL's counted strings: making, copying, appending, comparing, hashing, case, the conversions
 * between UTF-16 and the code pages (ASCII text: the ANSI code page differs between systems) and
 * UTF-8, integers in text and GUIDs. Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  USHORT Length, MaximumLength;
  char* Buffer;
} STR;
typedef struct {
  USHORT Length, MaximumLength;
  WCHAR* Buffer;
} USTR;

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(void, RtlInitString, (STR*, const char*))
FN(void, RtlInitAnsiString, (STR*, const char*))
FN(LONG, RtlInitAnsiStringEx, (STR*, const char*))
FN(void, RtlInitUnicodeString, (USTR*, const WCHAR*))
FN(LONG, RtlInitUnicodeStringEx, (USTR*, const WCHAR*))
FN(void, RtlFreeAnsiString, (STR*))
FN(void, RtlFreeUnicodeString, (USTR*))
FN(BOOLEAN, RtlCreateUnicodeString, (USTR*, const WCHAR*))
FN(BOOLEAN, RtlCreateUnicodeStringFromAsciiz, (USTR*, const char*))
FN(void, RtlCopyString, (STR*, const STR*))
FN(void, RtlCopyUnicodeString, (USTR*, const USTR*))
FN(LONG, RtlDuplicateUnicodeString, (int, const USTR*, USTR*))
FN(void, RtlEraseUnicodeString, (USTR*))
FN(LONG, RtlAppendAsciizToString, (STR*, const char*))
FN(LONG, RtlAppendStringToString, (STR*, const STR*))
FN(LONG, RtlAppendUnicodeToString, (USTR*, const WCHAR*))
FN(LONG, RtlAppendUnicodeStringToString, (USTR*, const USTR*))
FN(CHAR, RtlUpperChar, (CHAR))
FN(void, RtlUpperString, (STR*, const STR*))
FN(LONG, RtlCompareString, (const STR*, const STR*, BOOLEAN))
FN(LONG, RtlCompareUnicodeString, (const USTR*, const USTR*, BOOLEAN))
FN(LONG, RtlCompareUnicodeStrings, (const WCHAR*, SIZE_T, const WCHAR*, SIZE_T, BOOLEAN))
FN(BOOLEAN, RtlEqualString, (const STR*, const STR*, BOOLEAN))
FN(BOOLEAN, RtlEqualUnicodeString, (const USTR*, const USTR*, BOOLEAN))
FN(BOOLEAN, RtlPrefixString, (const STR*, const STR*, BOOLEAN))
FN(BOOLEAN, RtlPrefixUnicodeString, (const USTR*, const USTR*, BOOLEAN))
FN(LONG, RtlHashUnicodeString, (const USTR*, BOOLEAN, ULONG, ULONG*))
FN(WCHAR, RtlUpcaseUnicodeChar, (WCHAR))
FN(WCHAR, RtlDowncaseUnicodeChar, (WCHAR))
FN(LONG, RtlUpcaseUnicodeString, (USTR*, const USTR*, BOOLEAN))
FN(LONG, RtlDowncaseUnicodeString, (USTR*, const USTR*, BOOLEAN))
FN(LONG, RtlMultiByteToUnicodeN, (WCHAR*, ULONG, ULONG*, const char*, ULONG))
FN(LONG, RtlUnicodeToMultiByteN, (char*, ULONG, ULONG*, const WCHAR*, ULONG))
FN(LONG, RtlUpcaseUnicodeToMultiByteN, (char*, ULONG, ULONG*, const WCHAR*, ULONG))
FN(LONG, RtlOemToUnicodeN, (WCHAR*, ULONG, ULONG*, const char*, ULONG))
FN(LONG, RtlUnicodeToOemN, (char*, ULONG, ULONG*, const WCHAR*, ULONG))
FN(LONG, RtlMultiByteToUnicodeSize, (ULONG*, const char*, ULONG))
FN(LONG, RtlUnicodeToMultiByteSize, (ULONG*, const WCHAR*, ULONG))
FN(LONG, RtlUTF8ToUnicodeN, (WCHAR*, ULONG, ULONG*, const char*, ULONG))
FN(LONG, RtlUnicodeToUTF8N, (char*, ULONG, ULONG*, const WCHAR*, ULONG))
FN(ULONG, RtlAnsiStringToUnicodeSize, (const STR*))
FN(ULONG, RtlUnicodeStringToAnsiSize, (const USTR*))
FN(ULONG, RtlOemStringToUnicodeSize, (const STR*))
FN(ULONG, RtlUnicodeStringToOemSize, (const USTR*))
FN(WCHAR, RtlAnsiCharToUnicodeChar, (char**))
FN(LONG, RtlAnsiStringToUnicodeString, (USTR*, const STR*, BOOLEAN))
FN(LONG, RtlOemStringToUnicodeString, (USTR*, const STR*, BOOLEAN))
FN(LONG, RtlUnicodeStringToAnsiString, (STR*, const USTR*, BOOLEAN))
FN(LONG, RtlUnicodeStringToOemString, (STR*, const USTR*, BOOLEAN))
FN(LONG, RtlUpcaseUnicodeStringToAnsiString, (STR*, const USTR*, BOOLEAN))
FN(LONG, RtlUpcaseUnicodeStringToOemString, (STR*, const USTR*, BOOLEAN))
FN(LONG, RtlUpcaseUnicodeStringToCountedOemString, (STR*, const USTR*, BOOLEAN))
FN(LONG, RtlEqualComputerName, (const USTR*, const USTR*))
FN(LONG, RtlFindCharInUnicodeString, (int, const USTR*, const USTR*, USHORT*))
FN(LONG, RtlCharToInteger, (const char*, ULONG, ULONG*))
FN(LONG, RtlUnicodeStringToInteger, (const USTR*, ULONG, ULONG*))
FN(LONG, RtlIntegerToChar, (ULONG, ULONG, ULONG, char*))
FN(LONG, RtlLargeIntegerToChar, (const ULONGLONG*, ULONG, ULONG, char*))
FN(LONG, RtlIntegerToUnicodeString, (ULONG, ULONG, USTR*))
FN(LONG, RtlInt64ToUnicodeString, (ULONGLONG, ULONG, USTR*))
FN(LONG, RtlGUIDFromString, (const USTR*, GUID*))
FN(LONG, RtlStringFromGUID, (const GUID*, USTR*))

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

static void show_w(const char* label, const WCHAR* s, int n) {
  printf("%s \"", label);
  for (int i = 0; i < n; ++i) {
    if (s[i] >= 0x20 && s[i] < 0x7f) putchar(s[i]);
    else printf("\\u%04x", s[i]);
  }
  printf("\"\n");
}
static void show_us(const char* label, const USTR* u) {
  printf("%s len %u max %u", label, u->Length, u->MaximumLength);
  if (u->Buffer) show_w("", u->Buffer, u->Length / 2);
  else printf(" null\n");
}
static void show_s(const char* label, const STR* s) {
  printf("%s len %u max %u", label, s->Length, s->MaximumLength);
  if (!s->Buffer) {
    printf(" null\n");
    return;
  }
  printf(" \"");
  for (int i = 0; i < s->Length; ++i) {
    unsigned char c = (unsigned char)s->Buffer[i];
    if (c >= 0x20 && c < 0x7f) putchar(c);
    else printf("\\x%02x", c);
  }
  printf("\"\n");
}
static void show_bytes(const char* label, const char* b, ULONG n) {
  printf("%s", label);
  for (ULONG i = 0; i < n; ++i) printf(" %02x", (unsigned char)b[i]);
  printf("\n");
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(RtlInitString); GET(RtlInitAnsiString); GET(RtlInitAnsiStringEx); GET(RtlInitUnicodeString);
  GET(RtlInitUnicodeStringEx); GET(RtlFreeAnsiString); GET(RtlFreeUnicodeString); GET(RtlCreateUnicodeString);
  GET(RtlCreateUnicodeStringFromAsciiz); GET(RtlCopyString); GET(RtlCopyUnicodeString);
  GET(RtlDuplicateUnicodeString); GET(RtlEraseUnicodeString); GET(RtlAppendAsciizToString);
  GET(RtlAppendStringToString); GET(RtlAppendUnicodeToString); GET(RtlAppendUnicodeStringToString);
  GET(RtlUpperChar); GET(RtlUpperString); GET(RtlCompareString); GET(RtlCompareUnicodeString);
  GET(RtlCompareUnicodeStrings); GET(RtlEqualString); GET(RtlEqualUnicodeString); GET(RtlPrefixString);
  GET(RtlPrefixUnicodeString); GET(RtlHashUnicodeString); GET(RtlUpcaseUnicodeChar); GET(RtlDowncaseUnicodeChar);
  GET(RtlUpcaseUnicodeString); GET(RtlDowncaseUnicodeString); GET(RtlMultiByteToUnicodeN);
  GET(RtlUnicodeToMultiByteN); GET(RtlUpcaseUnicodeToMultiByteN); GET(RtlOemToUnicodeN); GET(RtlUnicodeToOemN);
  GET(RtlMultiByteToUnicodeSize); GET(RtlUnicodeToMultiByteSize); GET(RtlUTF8ToUnicodeN); GET(RtlUnicodeToUTF8N);
  GET(RtlAnsiStringToUnicodeSize); GET(RtlUnicodeStringToAnsiSize); GET(RtlOemStringToUnicodeSize);
  GET(RtlUnicodeStringToOemSize); GET(RtlAnsiCharToUnicodeChar); GET(RtlAnsiStringToUnicodeString);
  GET(RtlOemStringToUnicodeString); GET(RtlUnicodeStringToAnsiString); GET(RtlUnicodeStringToOemString);
  GET(RtlUpcaseUnicodeStringToAnsiString); GET(RtlUpcaseUnicodeStringToOemString);
  GET(RtlUpcaseUnicodeStringToCountedOemString); GET(RtlEqualComputerName); GET(RtlFindCharInUnicodeString);
  GET(RtlCharToInteger); GET(RtlUnicodeStringToInteger); GET(RtlIntegerToChar); GET(RtlLargeIntegerToChar);
  GET(RtlIntegerToUnicodeString); GET(RtlInt64ToUnicodeString); GET(RtlGUIDFromString); GET(RtlStringFromGUID);

  /* making */
  STR s, t;
  USTR u, v, w;
  pRtlInitString(&s, "Hello");
  show_s("RtlInitString", &s);
  pRtlInitAnsiString(&s, NULL);
  show_s("RtlInitAnsiString(NULL)", &s);
  printf("RtlInitAnsiStringEx: 0x%lx\n", pRtlInitAnsiStringEx(&s, "abc"));
  show_s("  ", &s);
  pRtlInitUnicodeString(&u, L"Wide text");
  show_us("RtlInitUnicodeString", &u);
  printf("RtlInitUnicodeStringEx(NULL): 0x%lx\n", pRtlInitUnicodeStringEx(&u, NULL));
  show_us("  ", &u);
  printf("RtlCreateUnicodeString: %d\n", pRtlCreateUnicodeString(&u, L"created"));
  show_us("  ", &u);
  pRtlFreeUnicodeString(&u);
  show_us("RtlFreeUnicodeString", &u);
  printf("RtlCreateUnicodeStringFromAsciiz: %d\n", pRtlCreateUnicodeStringFromAsciiz(&u, "from ascii"));
  show_us("  ", &u);

  /* copying */
  char nbuf[8];
  WCHAR wbuf[8], wbuf2[32];
  t.Buffer = nbuf, t.Length = 0, t.MaximumLength = sizeof nbuf;
  pRtlInitString(&s, "a longer string");
  pRtlCopyString(&t, &s);
  show_s("RtlCopyString (cut)", &t);
  pRtlCopyString(&t, NULL);
  show_s("RtlCopyString(NULL)", &t);
  memset(wbuf, 0x55, sizeof wbuf);
  v.Buffer = wbuf, v.Length = 0, v.MaximumLength = sizeof wbuf;
  pRtlInitUnicodeString(&w, L"abc");
  pRtlCopyUnicodeString(&v, &w);
  show_us("RtlCopyUnicodeString", &v);
  printf("  terminator 0x%04x\n", wbuf[3]);
  pRtlCopyUnicodeString(&v, &u);
  show_us("RtlCopyUnicodeString (cut)", &v);
  for (int flags = 0; flags < 5; ++flags) {
    USTR d = {0x1111, 0x2222, (WCHAR*)1};
    LONG st = pRtlDuplicateUnicodeString(flags, &w, &d);
    printf("RtlDuplicateUnicodeString(%d): 0x%lx", flags, st);
    if (!st) show_us("", &d);
    else printf("\n");
    if (!st && d.Buffer) pRtlFreeUnicodeString(&d);
  }
  {
    USTR empty = {0, 0, NULL}, d = {1, 1, (WCHAR*)1};
    printf("RtlDuplicateUnicodeString(empty, 1): 0x%lx", pRtlDuplicateUnicodeString(1, &empty, &d));
    show_us("", &d);
    printf("RtlDuplicateUnicodeString(empty, 3): 0x%lx", pRtlDuplicateUnicodeString(3, &empty, &d));
    show_us("", &d);
    printf("  terminator 0x%04x\n", d.Buffer[0]);
  }
  v.Buffer = wbuf, v.Length = 4, v.MaximumLength = sizeof wbuf;
  pRtlEraseUnicodeString(&v);
  printf("RtlEraseUnicodeString: len %u, buffer %04x %04x\n", v.Length, wbuf[0], wbuf[7]);

  /* appending */
  t.Buffer = nbuf, t.Length = 0, t.MaximumLength = sizeof nbuf;
  printf("RtlAppendAsciizToString: 0x%lx", pRtlAppendAsciizToString(&t, "abc"));
  show_s("", &t);
  printf("RtlAppendAsciizToString (too long): 0x%lx", pRtlAppendAsciizToString(&t, "defghi"));
  show_s("", &t);
  pRtlInitString(&s, "defg");
  printf("RtlAppendStringToString: 0x%lx", pRtlAppendStringToString(&t, &s));
  show_s("", &t);
  memset(wbuf2, 0x55, sizeof wbuf2);
  v.Buffer = wbuf2, v.Length = 0, v.MaximumLength = 12;
  printf("RtlAppendUnicodeToString: 0x%lx", pRtlAppendUnicodeToString(&v, L"ab"));
  show_us("", &v);
  printf("  terminator 0x%04x\n", wbuf2[2]);
  pRtlInitUnicodeString(&w, L"cde");
  printf("RtlAppendUnicodeStringToString: 0x%lx", pRtlAppendUnicodeStringToString(&v, &w));
  show_us("", &v);
  pRtlInitUnicodeString(&w, L"cd");
  wbuf2[4] = 0x5555;
  printf("RtlAppendUnicodeStringToString (too long): 0x%lx", pRtlAppendUnicodeStringToString(&v, &w));
  show_us("", &v);
  printf("  after 0x%04x\n", wbuf2[4]);

  /* comparing */
  STR a1, a2;
  USTR u1, u2;
  pRtlInitString(&a1, "Apple");
  pRtlInitString(&a2, "apples");
  printf("RtlCompareString: %ld %ld\n", pRtlCompareString(&a1, &a2, FALSE), pRtlCompareString(&a1, &a2, TRUE));
  printf("RtlEqualString: %d %d\n", pRtlEqualString(&a1, &a2, TRUE), pRtlEqualString(&a1, &a1, FALSE));
  printf("RtlPrefixString: %d %d %d\n", pRtlPrefixString(&a1, &a2, FALSE), pRtlPrefixString(&a1, &a2, TRUE),
         pRtlPrefixString(&a2, &a1, TRUE));
  printf("RtlUpperChar: %c %c %c\n", pRtlUpperChar('a'), pRtlUpperChar('Z'), pRtlUpperChar('5'));
  t.Buffer = nbuf, t.Length = 0, t.MaximumLength = sizeof nbuf;
  pRtlUpperString(&t, &a2);
  show_s("RtlUpperString", &t);
  pRtlInitUnicodeString(&u1, L"Stra\x00dfe \x00e9t\x00e9");
  pRtlInitUnicodeString(&u2, L"STRA\x00dfE \x00c9T\x00c9");
  printf("RtlCompareUnicodeString: %ld %ld\n", pRtlCompareUnicodeString(&u1, &u2, FALSE),
         pRtlCompareUnicodeString(&u1, &u2, TRUE));
  printf("RtlEqualUnicodeString: %d %d\n", pRtlEqualUnicodeString(&u1, &u2, FALSE),
         pRtlEqualUnicodeString(&u1, &u2, TRUE));
  printf("RtlCompareUnicodeStrings: %ld %ld\n", pRtlCompareUnicodeStrings(L"abc", 3, L"abd", 3, FALSE),
         pRtlCompareUnicodeStrings(L"abc", 2, L"abd", 3, FALSE));
  pRtlInitUnicodeString(&w, L"stra");
  printf("RtlPrefixUnicodeString: %d %d\n", pRtlPrefixUnicodeString(&w, &u2, FALSE), pRtlPrefixUnicodeString(&w, &u2, TRUE));
  ULONG hash = 0;
  printf("RtlHashUnicodeString: 0x%lx", pRtlHashUnicodeString(&u1, FALSE, 0, &hash));
  printf(" 0x%08lx", hash);
  pRtlHashUnicodeString(&u1, TRUE, 1, &hash);
  printf(" 0x%08lx", hash);
  printf(" bad algorithm 0x%lx\n", pRtlHashUnicodeString(&u1, TRUE, 2, &hash));
  pRtlInitUnicodeString(&u1, L"Server-01");
  pRtlInitUnicodeString(&u2, L"server-01");
  printf("RtlEqualComputerName: %ld\n", pRtlEqualComputerName(&u1, &u2));

  /* case */
  printf("RtlUpcaseUnicodeChar: %04x %04x %04x %04x\n", pRtlUpcaseUnicodeChar('q'), pRtlUpcaseUnicodeChar(0xe9),
         pRtlUpcaseUnicodeChar(0x3b1), pRtlUpcaseUnicodeChar(0x436));
  printf("RtlDowncaseUnicodeChar: %04x %04x %04x\n", pRtlDowncaseUnicodeChar('Q'), pRtlDowncaseUnicodeChar(0xc9),
         pRtlDowncaseUnicodeChar(0x416));
  pRtlInitUnicodeString(&w, L"Mixed \x00e9\x00c9 Case");
  printf("RtlUpcaseUnicodeString: 0x%lx", pRtlUpcaseUnicodeString(&v, &w, TRUE));
  show_us("", &v);
  pRtlFreeUnicodeString(&v);
  v.Buffer = wbuf, v.Length = 0, v.MaximumLength = sizeof wbuf;
  printf("RtlDowncaseUnicodeString (too small): 0x%lx\n", pRtlDowncaseUnicodeString(&v, &w, FALSE));
  v.Buffer = wbuf2, v.Length = 0, v.MaximumLength = sizeof wbuf2;
  printf("RtlDowncaseUnicodeString: 0x%lx", pRtlDowncaseUnicodeString(&v, &w, FALSE));
  show_us("", &v);

  /* code pages (ASCII) */
  ULONG n = 0;
  printf("RtlMultiByteToUnicodeN: 0x%lx", pRtlMultiByteToUnicodeN(wbuf, sizeof wbuf, &n, "ascii text", 10));
  printf(" %lu", n);
  show_w("", wbuf, n / 2);
  printf("RtlOemToUnicodeN: 0x%lx", pRtlOemToUnicodeN(wbuf, 6, &n, "oem", 3));
  printf(" %lu\n", n);
  printf("RtlUnicodeToMultiByteN: 0x%lx", pRtlUnicodeToMultiByteN(nbuf, 4, &n, L"abcdef", 12));
  printf(" %lu", n);
  show_bytes("", nbuf, n);
  printf("RtlUpcaseUnicodeToMultiByteN: 0x%lx", pRtlUpcaseUnicodeToMultiByteN(nbuf, 8, &n, L"abcdef", 12));
  printf(" %lu", n);
  show_bytes("", nbuf, n);
  printf("RtlUnicodeToOemN: 0x%lx", pRtlUnicodeToOemN(nbuf, 8, &n, L"xyz", 6));
  printf(" %lu\n", n);
  printf("RtlMultiByteToUnicodeSize: 0x%lx", pRtlMultiByteToUnicodeSize(&n, "twelve chars", 12));
  printf(" %lu\n", n);
  printf("RtlUnicodeToMultiByteSize: 0x%lx", pRtlUnicodeToMultiByteSize(&n, L"five!", 10));
  printf(" %lu\n", n);
  pRtlInitString(&s, "sized");
  pRtlInitUnicodeString(&w, L"sized");
  printf("sizes: %lu %lu %lu %lu\n", pRtlAnsiStringToUnicodeSize(&s), pRtlUnicodeStringToAnsiSize(&w),
         pRtlOemStringToUnicodeSize(&s), pRtlUnicodeStringToOemSize(&w));
  {
    char text[] = "Az";
    char* at = text;
    WCHAR c1 = pRtlAnsiCharToUnicodeChar(&at);
    printf("RtlAnsiCharToUnicodeChar: %04x, moved %d\n", c1, (int)(at - text));
  }
  pRtlInitString(&s, "to unicode");
  printf("RtlAnsiStringToUnicodeString: 0x%lx", pRtlAnsiStringToUnicodeString(&u, &s, TRUE));
  show_us("", &u);
  pRtlFreeUnicodeString(&u);
  v.Buffer = wbuf, v.Length = 0, v.MaximumLength = sizeof wbuf;
  printf("RtlOemStringToUnicodeString (too small): 0x%lx", pRtlOemStringToUnicodeString(&v, &s, FALSE));
  printf(" len %u\n", v.Length);
  pRtlInitUnicodeString(&w, L"back to ansi");
  printf("RtlUnicodeStringToAnsiString: 0x%lx", pRtlUnicodeStringToAnsiString(&s, &w, TRUE));
  show_s("", &s);
  printf("  terminator %d\n", s.Buffer[s.Length]);
  pRtlFreeAnsiString(&s);
  t.Buffer = nbuf, t.Length = 0, t.MaximumLength = sizeof nbuf;
  printf("RtlUnicodeStringToOemString (cut): 0x%lx", pRtlUnicodeStringToOemString(&t, &w, FALSE));
  show_s("", &t);
  t.MaximumLength = 0;
  printf("RtlUnicodeStringToAnsiString (no room): 0x%lx", pRtlUnicodeStringToAnsiString(&t, &w, FALSE));
  printf(" len %u\n", t.Length);
  printf("RtlUpcaseUnicodeStringToAnsiString: 0x%lx", pRtlUpcaseUnicodeStringToAnsiString(&s, &w, TRUE));
  show_s("", &s);
  pRtlFreeAnsiString(&s);
  printf("RtlUpcaseUnicodeStringToOemString: 0x%lx", pRtlUpcaseUnicodeStringToOemString(&s, &w, TRUE));
  show_s("", &s);
  pRtlFreeAnsiString(&s);
  t.Buffer = nbuf, t.Length = 0, t.MaximumLength = sizeof nbuf;
  printf("RtlUpcaseUnicodeStringToCountedOemString (cut): 0x%lx", pRtlUpcaseUnicodeStringToCountedOemString(&t, &w, FALSE));
  show_s("", &t);
  printf("RtlUpcaseUnicodeStringToCountedOemString: 0x%lx", pRtlUpcaseUnicodeStringToCountedOemString(&s, &w, TRUE));
  show_s("", &s);

  /* UTF-8 */
  const char utf8[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";
  n = 0;
  printf("RtlUTF8ToUnicodeN (size): 0x%lx", pRtlUTF8ToUnicodeN(NULL, 0, &n, utf8, sizeof utf8 - 1));
  printf(" %lu\n", n);
  printf("RtlUTF8ToUnicodeN: 0x%lx", pRtlUTF8ToUnicodeN(wbuf2, sizeof wbuf2, &n, utf8, sizeof utf8 - 1));
  printf(" %lu", n);
  show_w("", wbuf2, n / 2);
  printf("RtlUTF8ToUnicodeN (small): 0x%lx", pRtlUTF8ToUnicodeN(wbuf2, 8, &n, utf8, sizeof utf8 - 1));
  printf(" %lu\n", n);
  printf("RtlUTF8ToUnicodeN (bad): 0x%lx", pRtlUTF8ToUnicodeN(wbuf2, sizeof wbuf2, &n, "x\xff\xc3y\xe2\x82", 6));
  printf(" %lu", n);
  show_w("", wbuf2, n / 2);
  printf("RtlUTF8ToUnicodeN (no source, no length): 0x%lx 0x%lx\n", pRtlUTF8ToUnicodeN(wbuf2, 8, &n, NULL, 1),
         pRtlUTF8ToUnicodeN(wbuf2, 8, NULL, "a", 1));
  const WCHAR wide[] = {'a', 0xe9, 0x20ac, 0xd83d, 0xde00, 0xd800, 'z'};
  char ubuf[32];
  printf("RtlUnicodeToUTF8N (size): 0x%lx", pRtlUnicodeToUTF8N(NULL, 0, &n, wide, sizeof wide));
  printf(" %lu\n", n);
  printf("RtlUnicodeToUTF8N: 0x%lx", pRtlUnicodeToUTF8N(ubuf, sizeof ubuf, &n, wide, sizeof wide));
  printf(" %lu", n);
  show_bytes("", ubuf, n);
  printf("RtlUnicodeToUTF8N (small): 0x%lx", pRtlUnicodeToUTF8N(ubuf, 5, &n, wide, sizeof wide));
  printf(" %lu", n);
  show_bytes("", ubuf, n);
  printf("RtlUnicodeToUTF8N (odd length): 0x%lx\n", pRtlUnicodeToUTF8N(ubuf, 5, &n, wide, 3));

  /* searching */
  USHORT pos = 0xffff;
  pRtlInitUnicodeString(&u1, L"path\\to/file.txt");
  pRtlInitUnicodeString(&u2, L"\\/");
  for (int flags = 0; flags < 5; ++flags) {
    LONG st = pRtlFindCharInUnicodeString(flags, &u1, &u2, &pos);
    printf("RtlFindCharInUnicodeString(%d): 0x%lx %u\n", flags, st, pos);
  }
  pRtlInitUnicodeString(&u2, L"xyz");
  printf("RtlFindCharInUnicodeString (none): 0x%lx %u\n", pRtlFindCharInUnicodeString(0, &u1, &u2, &pos), pos);

  /* integers */
  ULONG value = 0;
  const char* texts[] = {"  123xyz", "-42", "+0x1F", "0b101", "0o17", "ffff", ""};
  for (int i = 0; i < 7; ++i) {
    LONG st = pRtlCharToInteger(texts[i], 0, &value);
    printf("RtlCharToInteger(\"%s\", 0): 0x%lx %lu\n", texts[i], st, value);
  }
  printf("RtlCharToInteger(\"ffff\", 16): 0x%lx", pRtlCharToInteger("ffff", 16, &value));
  printf(" %lu\n", value);
  printf("RtlCharToInteger base 7: 0x%lx, no value: 0x%lx\n", pRtlCharToInteger("1", 7, &value),
         pRtlCharToInteger("1", 10, NULL));
  pRtlInitUnicodeString(&w, L" -0x7fz");
  printf("RtlUnicodeStringToInteger: 0x%lx", pRtlUnicodeStringToInteger(&w, 0, &value));
  printf(" %ld\n", (LONG)value);
  char digits[80];
  memset(digits, 'x', sizeof digits);
  printf("RtlIntegerToChar: 0x%lx", pRtlIntegerToChar(255, 16, sizeof digits, digits));
  printf(" \"%s\"\n", digits);
  memset(digits, 'x', sizeof digits);
  printf("RtlIntegerToChar (exact): 0x%lx", pRtlIntegerToChar(1234, 10, 4, digits));
  printf(" %c%c%c%c%c\n", digits[0], digits[1], digits[2], digits[3], digits[4]);
  printf("RtlIntegerToChar (small, bad base): 0x%lx 0x%lx\n", pRtlIntegerToChar(12345, 10, 4, digits),
         pRtlIntegerToChar(1, 3, 4, digits));
  ULONGLONG big = 0x123456789abcdefULL;
  printf("RtlLargeIntegerToChar: 0x%lx", pRtlLargeIntegerToChar(&big, 2, sizeof digits, digits));
  printf(" \"%s\"\n", digits);
  printf("RtlLargeIntegerToChar (small): 0x%lx\n", pRtlLargeIntegerToChar(&big, 2, 56, digits));
  v.Buffer = wbuf2, v.Length = 0, v.MaximumLength = sizeof wbuf2;
  printf("RtlIntegerToUnicodeString: 0x%lx", pRtlIntegerToUnicodeString(4000000000u, 0, &v));
  show_us("", &v);
  printf("RtlInt64ToUnicodeString: 0x%lx", pRtlInt64ToUnicodeString(big, 16, &v));
  show_us("", &v);
  v.MaximumLength = 8;
  printf("RtlInt64ToUnicodeString (small): 0x%lx", pRtlInt64ToUnicodeString(big, 8, &v));
  printf(" len %u\n", v.Length);

  /* GUIDs */
  GUID g;
  pRtlInitUnicodeString(&w, L"{12345678-9abc-DEF0-0102-030405060708}");
  printf("RtlGUIDFromString: 0x%lx", pRtlGUIDFromString(&w, &g));
  printf(" %08lx %04x %04x %02x %02x %02x\n", g.Data1, g.Data2, g.Data3, g.Data4[0], g.Data4[1], g.Data4[7]);
  pRtlInitUnicodeString(&w, L"{12345678-9abc-DEF0-0102+030405060708}");
  printf("RtlGUIDFromString (bad): 0x%lx\n", pRtlGUIDFromString(&w, &g));
  g.Data1 = 0xdeadbeef;
  printf("RtlStringFromGUID: 0x%lx", pRtlStringFromGUID(&g, &u));
  show_us("", &u);
  pRtlFreeUnicodeString(&u);
  return 0;
}
