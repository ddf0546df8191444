// GetFileTitleA and GetFileTitleW of names with letters of the ANSI code page (1252) above ASCII:
// the title's bytes or UTF-16 units in hex, the size a buffer too small needs (in the caller's
// characters, its NUL included), and names with no title.
// Links: -lcomdlg32
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <commdlg.h>

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

int main(void) {
  char title[64];
  wchar_t wtitle[64];
  short r = GetFileTitleA("C:\\caf\xe9\\\xfc\xdf \x80.txt", title, sizeof title);
  printf("GetFileTitleA: %d\n", r);
  print_bytes("  bytes", title, -1);
  printf("GetFileTitleA into 3: %d\n", GetFileTitleA("C:\\caf\xe9\\\xfc\xdf \x80.txt", title, 3));
  printf("GetFileTitleA, no buffer: %d\n", GetFileTitleA("D:\\\x9c\x8c", NULL, 0));
  r = GetFileTitleA("\xe9t\xe9", title, sizeof title);
  printf("GetFileTitleA(\"\\xe9t\\xe9\"): %d\n", r);
  print_bytes("  bytes", title, -1);
  printf("GetFileTitleA(\"C:\\\\\\xe9\\\\\"): %d\n", GetFileTitleA("C:\\\xe9\\", title, sizeof title));
  r = GetFileTitleW(L"C:\\caf\x00e9\\\x20ac\x0411.txt", wtitle, 64);
  printf("GetFileTitleW: %d\n", r);
  print_units("  units", wtitle, -1);
  printf("GetFileTitleW into 2: %d\n", GetFileTitleW(L"C:\\caf\x00e9\\\x20ac\x0411.txt", wtitle, 2));
  return 0;
}
