// Resources of the program: LoadString (by id, from a later block, an empty one, a missing one, cut
// to a small buffer, the pointer form), FindResource/LoadResource/SizeofResource by id, by name and
// of a type of the program's own and by "#NUMBER" (read as Windows reads it), FindResourceEx by
// language, the walks over types, names and languages, and the errors of what is not there.
// Links: -luser32
#include <stdio.h>
#include <string.h>
#include <windows.h>

static BOOL CALLBACK on_type(HMODULE m, LPSTR type, LONG_PTR count) {
  (void)m;
  if (IS_INTRESOURCE(type)) printf("  type #%u\n", (unsigned)(ULONG_PTR)type);
  else printf("  type %s\n", type);
  ++*(int*)count;
  return TRUE;
}
static BOOL CALLBACK on_name(HMODULE m, LPCSTR type, LPSTR name, LONG_PTR count) {
  (void)m, (void)type;
  if (IS_INTRESOURCE(name)) printf("  name #%u\n", (unsigned)(ULONG_PTR)name);
  else printf("  name %s\n", name);
  ++*(int*)count;
  return TRUE;
}
static BOOL CALLBACK on_language(HMODULE m, LPCSTR type, LPCSTR name, WORD language, LONG_PTR count) {
  (void)m, (void)type, (void)name;
  printf("  language %#x\n", language);
  ++*(int*)count;
  return TRUE;
}

int main(void) {
  char buf[64];
  WCHAR wbuf[64];
  int n = LoadStringA(NULL, 1, buf, sizeof buf);
  printf("string 1: %d \"%s\"\n", n, buf);
  n = LoadStringW(NULL, 17, wbuf, 64);
  printf("string 17: %d \"%ls\"\n", n, wbuf);
  n = LoadStringA(NULL, 18, buf, sizeof buf);
  printf("string 18: %d \"%s\"\n", n, buf);
  SetLastError(0);
  n = LoadStringA(NULL, 5, buf, sizeof buf);
  printf("string 5: %d\n", n);
  n = LoadStringA(NULL, 1, buf, 6);
  printf("string 1 cut: %d \"%s\"\n", n, buf);
  const WCHAR* direct = NULL;
  n = LoadStringW(NULL, 17, (LPWSTR)&direct, 0);
  printf("string 17 in place: %d \"%.*ls\"\n", n, n, direct);

  HRSRC r = FindResourceA(NULL, MAKEINTRESOURCEA(42), (LPCSTR)RT_RCDATA);
  HGLOBAL g = LoadResource(NULL, r);
  printf("rcdata 42: found %d, size %lu, \"%s\"\n", r != NULL, SizeofResource(NULL, r), (const char*)LockResource(g));
  r = FindResourceA(NULL, "blob", (LPCSTR)RT_RCDATA);
  const unsigned char* b = LockResource(LoadResource(NULL, r));
  printf("rcdata blob (any case): found %d, size %lu, %d %d %d %d %d\n", r != NULL, SizeofResource(NULL, r), b[0], b[2], b[4],
         b[6], b[8]);
  r = FindResourceA(NULL, "#7", "MYTYPE");
  printf("MYTYPE #7: found %d, \"%s\"\n", r != NULL, (const char*)LockResource(LoadResource(NULL, r)));
  r = FindResourceExA(NULL, (LPCSTR)RT_STRING, MAKEINTRESOURCEA(1), MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN));
  const WCHAR* block = LockResource(LoadResource(NULL, r));
  printf("German string block: found %d, first \"%.*ls\"\n", r != NULL, block ? block[1] : 0, block ? block + 2 : L"");
  SetLastError(0);
  r = FindResourceA(NULL, MAKEINTRESOURCEA(43), (LPCSTR)RT_RCDATA);
  printf("rcdata 43: found %d, error %lu\n", r != NULL, GetLastError());
  r = FindResourceA(NULL, MAKEINTRESOURCEA(1), "NOTYPE");
  printf("type NOTYPE: found %d, error %lu\n", r != NULL, GetLastError());

  // "#NUMBER" as Windows reads it: blanks and a sign, then decimal digits up to the first other
  // character ("#abc" is 0); past 16 bits ERROR_INVALID_PARAMETER, before any lookup.
  const char* numbers[] = {"#007", "# 7", "#+7", "#7x", "#abc", "#", "#-1", "#70000", "#4294967303"};
  for (unsigned i = 0; i < sizeof numbers / sizeof *numbers; i++) {
    SetLastError(0);
    r = FindResourceA(NULL, numbers[i], "MYTYPE");
    printf("MYTYPE \"%s\": found %d, error %lu\n", numbers[i], r != NULL, GetLastError());
  }
  SetLastError(0);
  r = FindResourceA(NULL, MAKEINTRESOURCEA(7), "#70000");
  printf("type \"#70000\": found %d, error %lu\n", r != NULL, GetLastError());
  SetLastError(0);
  BOOL walked = EnumResourceNamesA(NULL, "#70000", NULL, 0);
  printf("names of type \"#70000\": %d, error %lu\n", walked, GetLastError());

  int count = 0;
  printf("types:\n");
  EnumResourceTypesA(NULL, on_type, (LONG_PTR)&count);
  printf("names of RCDATA:\n");
  EnumResourceNamesA(NULL, (LPCSTR)RT_RCDATA, on_name, (LONG_PTR)&count);
  printf("languages of string block 1:\n");
  EnumResourceLanguagesA(NULL, (LPCSTR)RT_STRING, MAKEINTRESOURCEA(1), on_language, (LONG_PTR)&count);
  printf("callbacks: %d\n", count);
  return 0;
}
