// Text of the ANSI code page (1252) through SHLWAPI's A functions: the parts of paths with
// letters above ASCII (PathFindExtensionA, PathFindFileNameA, PathRemoveExtensionA,
// PathAddExtensionA, PathCombineA, PathRenameExtensionA), comparisons and searches without case
// (StrCmpNIA, StrCmpICA, StrStrIA, StrChrIA, ChrCmpIA, StrIsIntlEqualA), IsCharSpaceA, the
// conversions (SHAnsiToUnicode, SHUnicodeToAnsi, StrRetToBufA), wnsprintfA with %S and wnsprintfW
// with %hs: bytes and UTF-16 units in hex.
// Links: -lshlwapi -lole32
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <shlwapi.h>
#include <shlobj.h>

static void print_bytes(const char* label, const char* s, int n) {
  printf("%s:", label);
  if (n < 0) n = (int)strlen(s);
  for (int i = 0; i < n; ++i) printf(" %02x", (unsigned char)s[i]);
  printf("\n");
}
static void print_units(const char* label, const wchar_t* s, int n) {
  printf("%s:", label);
  if (n < 0) n = (int)wcslen(s);
  for (int i = 0; i < n; ++i) printf(" %04x", (unsigned)s[i]);
  printf("\n");
}

typedef int(WINAPI* cmp2_fn)(const char*, const char*);
typedef int(WINAPI* cmp3_fn)(const char*, const char*, int);

int main(void) {
  const char* path = "C:\\caf\xe9\\n\xfc\xdf.t\xe9xt";
  printf("PathFindExtensionA: +%d\n", (int)(PathFindExtensionA(path) - path));
  printf("PathFindFileNameA: +%d\n", (int)(PathFindFileNameA(path) - path));
  char buf[MAX_PATH];
  strcpy(buf, path);
  PathRemoveExtensionA(buf);
  print_bytes("PathRemoveExtensionA", buf, -1);
  printf("PathAddExtensionA(\".\\x80\"): %d\n", PathAddExtensionA(buf, ".\x80"));
  print_bytes("  bytes", buf, -1);
  printf("PathRenameExtensionA(\".\\xe0\"): %d\n", PathRenameExtensionA(buf, ".\xe0"));
  print_bytes("  bytes", buf, -1);
  char combined[MAX_PATH];
  print_bytes("PathCombineA", PathCombineA(combined, "C:\\caf\xe9", "..\\\xfc\xdf\\x.txt"), -1);
  strcpy(buf, "C:\\dir\\\xc9T\xc9.TXT");
  printf("PathMatchSpecA(\"*.txt\") of \"...\\xc9T\\xc9.TXT\": %d\n", PathMatchSpecA(buf, "*.txt"));
  printf("PathMatchSpecA(\"\\xe9t\\xe9.*\") of \"...\\xc9T\\xc9.TXT\": %d\n", PathMatchSpecA("\xc9T\xc9.TXT", "\xe9t\xe9.*"));

  printf("StrCmpNIA(\"CAF\\xc9\", \"caf\\xe9\", 4): %d\n", StrCmpNIA("CAF\xc9", "caf\xe9", 4));
  printf("StrCmpNIA(\"\\xdc\", \"\\xfc\", 1): %d\n", StrCmpNIA("\xdc", "\xfc", 1));
  printf("StrCmpNIA(\"\\x8a\", \"\\x9a\", 1): %d\n", StrCmpNIA("\x8a", "\x9a", 1));
  HMODULE shlwapi = GetModuleHandleA("shlwapi.dll");
  cmp2_fn icmp = (cmp2_fn)GetProcAddress(shlwapi, "StrCmpICA");
  cmp3_fn nicmp = (cmp3_fn)GetProcAddress(shlwapi, "StrCmpNICA");
  if (icmp) printf("StrCmpICA(\"\\xc0\\xc9\", \"\\xe0\\xe9\"): %d\n", icmp("\xc0\xc9", "\xe0\xe9"));
  if (nicmp) printf("StrCmpNICA(\"\\xd6x\", \"\\xf6y\", 1): %d\n", nicmp("\xd6x", "\xf6y", 1));
  const char* hay = "xx CAF\xc9 yy";
  const char* found = StrStrIA(hay, "caf\xe9");
  printf("StrStrIA: %s +%d\n", found ? "found" : "none", found ? (int)(found - hay) : -1);
  found = StrChrIA(hay, 0xe9);
  printf("StrChrIA(0xe9): %s +%d\n", found ? "found" : "none", found ? (int)(found - hay) : -1);
  printf("ChrCmpIA(0xe9, 0xc9): %d, ChrCmpIA(0xe9, 0xe8): %d\n", ChrCmpIA(0xe9, 0xc9) != 0, ChrCmpIA(0xe9, 0xe8) != 0);
  printf("StrIsIntlEqualA(FALSE, \"\\xdf\\xe6\", \"\\xdf\\xc6\", 2): %d\n", StrIsIntlEqualA(FALSE, "\xdf\xe6", "\xdf\xc6", 2));
  printf("IsCharSpaceA: 0x20 %d, 0x09 %d, 0xe9 %d, 0x80 %d\n", IsCharSpaceA(' '), IsCharSpaceA('\t'), IsCharSpaceA((CHAR)0xe9),
         IsCharSpaceA((CHAR)0x80));

  WCHAR w[32];
  int n = SHAnsiToUnicode("caf\xe9 \x80\x9c", w, 32);
  printf("SHAnsiToUnicode: %d\n", n);
  print_units("  units", w, -1);
  memset(buf, 0x55, sizeof buf);
  n = SHUnicodeToAnsi(L"\x00e9\x20ac\x0411\x0152", buf, 32);
  printf("SHUnicodeToAnsi: %d\n", n);
  print_bytes("  bytes", buf, n);
  memset(buf, 0x55, sizeof buf);
  n = SHUnicodeToAnsi(L"\x00e9\x20ac\x0411\x0152", buf, 3);
  printf("SHUnicodeToAnsi into 3: %d\n", n);
  print_bytes("  bytes", buf, 3);

  STRRET sr;
  sr.uType = STRRET_WSTR;
  sr.pOleStr = CoTaskMemAlloc(16);
  memcpy(sr.pOleStr, L"\x00fc\x20ac", 6);
  printf("StrRetToBufA(STRRET_WSTR): %08lx\n", (unsigned long)StrRetToBufA(&sr, NULL, buf, 32));
  print_bytes("  bytes", buf, -1);
  sr.uType = STRRET_CSTR;
  strcpy(sr.cStr, "\xe9\x80");
  printf("StrRetToBufW(STRRET_CSTR): %08lx\n", (unsigned long)StrRetToBufW(&sr, NULL, w, 32));
  print_units("  units", w, -1);

  n = wnsprintfA(buf, 64, "%s|%S|%c", "caf\xe9", L"\x20ac\x0153\x0411", 0xfc);
  printf("wnsprintfA: %d\n", n);
  print_bytes("  bytes", buf, n);
  n = wnsprintfW(w, 32, L"%s|%hs", L"\x00e9", "\x80\xdf");
  printf("wnsprintfW: %d\n", n);
  print_units("  units", w, n);
  return 0;
}
