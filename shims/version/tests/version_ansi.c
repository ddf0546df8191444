// VERSION.dll's A functions with text of the ANSI code page (1252): VerQueryValueA of a UTF-16
// version resource (version_ansi.rc) gives its strings converted to the ANSI code page, their
// lengths in bytes with the NUL; a key named in ANSI ("Caf\xe9"); VerQueryValueW of the same, in
// UTF-16 code units; GetFileVersionInfoSizeA and GetFileVersionInfoA of a copy of the program
// whose name has an e acute (made by CopyFileW). Bytes are printed in hex.
// Links: -lversion
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static void hex(const char* what, const void* data, unsigned n) {
  printf("%s (%u):", what, n);
  for (unsigned i = 0; i < n; ++i) printf(" %02x", ((const BYTE*)data)[i]);
  printf("\n");
}

static void query_a(const void* block, const char* path, const char* shown) {
  void* value = NULL;
  UINT len = 12345;
  SetLastError(0);
  BOOL ok = VerQueryValueA(block, path, &value, &len);
  printf("VerQueryValueA(%s): %d", shown, ok);
  if (!ok) {
    printf(" len %u error %lu\n", len, GetLastError());
    return;
  }
  const WORD length = *(const WORD*)block;
  const long offset = (long)((const char*)value - (const char*)block);
  printf(" in the %s half ", offset < length ? "first" : "second");
  hex("value", value, len);
}

static void query_w(const void* block, const wchar_t* path, const char* shown) {
  void* value = NULL;
  UINT len = 12345;
  BOOL ok = VerQueryValueW(block, path, &value, &len);
  printf("VerQueryValueW(%s): %d len %u:", shown, ok, len);
  for (UINT i = 0; ok && i < len; ++i) printf(" %04x", ((const WCHAR*)value)[i]);
  printf("\n");
}

int main(void) {
  wchar_t self[MAX_PATH];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  DeleteFileW(L"version_caf\u00e9.exe");
  printf("CopyFileW: %d\n", CopyFileW(self, L"version_caf\u00e9.exe", FALSE));
  DWORD handle = 1;
  const DWORD size = GetFileVersionInfoSizeA("version_caf\xe9.exe", &handle);
  printf("GetFileVersionInfoSizeA(version_caf\\xe9.exe): size>0 %d handle %lu error %lu\n", size > 0, handle,
         GetLastError());
  char* block = calloc(size ? size : 1, 1);
  BOOL ok = GetFileVersionInfoA("version_caf\xe9.exe", 0, size, block);
  printf("GetFileVersionInfoA: %d\n", ok);
  if (ok) {
    query_w(block, L"\\StringFileInfo\\040904b0\\ProductName", "ProductName");
    query_a(block, "\\StringFileInfo\\040904b0\\ProductName", "ProductName");
    query_w(block, L"\\StringFileInfo\\040904b0\\Caf\u00e9", "Caf\\xe9");
    query_a(block, "\\StringFileInfo\\040904b0\\Caf\xe9", "Caf\\xe9");
    query_a(block, "\\StringFileInfo\\040904b0\\CAF\xc9", "CAF\\xc9");
    query_a(block, "\\StringFileInfo\\040904b0\\Cafe", "Cafe");
    query_a(block, "\\VarFileInfo\\Translation", "Translation");
  }
  free(block);
  handle = 1;
  printf("GetFileVersionInfoSizeA(no_caf\\xe9.exe, a missing file): %lu", GetFileVersionInfoSizeA("no_caf\xe9.exe", &handle));
  printf(" error %lu\n", GetLastError());
  printf("DeleteFileW: %d\n", DeleteFileW(L"version_caf\u00e9.exe"));
  return 0;
}
