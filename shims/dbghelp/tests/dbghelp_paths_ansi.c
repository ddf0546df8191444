// DBGHELP's paths and the ANSI code page (1252): SymInitialize's search path with "caf\xe9" and
// the euro sign \x80, read back by SymGetSearchPath (bytes, truncated to a short buffer) and
// SymGetSearchPathW (UTF-16 code units); SymSetSearchPath and SymSetSearchPathW the other way.
// Links: -ldbghelp
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <dbghelp.h>

static void hex(const char* what, const void* data, DWORD n) {
  printf("%s (%lu):", what, n);
  for (DWORD i = 0; i < n; ++i) printf(" %02x", ((const BYTE*)data)[i]);
  printf("\n");
}

static void show(HANDLE process) {
  char a[64];
  memset(a, '#', sizeof a);
  BOOL ok = SymGetSearchPath(process, a, sizeof a);
  printf("SymGetSearchPath: %d ", ok);
  hex("path", a, ok ? (DWORD)strlen(a) + 1 : 0);
  memset(a, '#', sizeof a);
  ok = SymGetSearchPath(process, a, 8);
  printf("SymGetSearchPath into 8: %d ", ok);
  hex("path", a, ok ? (DWORD)strlen(a) + 1 : 0);
  WCHAR w[64];
  ok = SymGetSearchPathW(process, w, 64);
  printf("SymGetSearchPathW: %d (%u):", ok, ok ? (unsigned)wcslen(w) : 0);
  for (DWORD i = 0; ok && w[i]; ++i) printf(" %04x", w[i]);
  printf("\n");
}

int main(void) {
  HANDLE process = GetCurrentProcess();
  BOOL ok = SymInitialize(process, "C:\\caf\xe9;D:\\\x80\xfc", FALSE);
  printf("SymInitialize: %d\n", ok);
  show(process);
  ok = SymSetSearchPathW(process, L"E:\\\u00df\u20ac");
  printf("SymSetSearchPathW: %d\n", ok);
  show(process);
  ok = SymSetSearchPath(process, "F:\\\xe9");
  printf("SymSetSearchPath: %d\n", ok);
  show(process);
  SymCleanup(process);
  return 0;
}
