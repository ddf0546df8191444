// VERSION.dll: GetFileVersionInfoSize, GetFileVersionInfo and VerQueryValue (both character sets)
// over the program's own version resource (version_info.rc), a system DLL's, a file without one,
// a missing file and bad names.
// Links: -lversion
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void show_fixed(const VS_FIXEDFILEINFO* f) {
  printf("  signature %08lx struct %08lx\n", f->dwSignature, f->dwStrucVersion);
  printf("  file %lu.%lu.%lu.%lu product %lu.%lu.%lu.%lu\n", HIWORD(f->dwFileVersionMS), LOWORD(f->dwFileVersionMS),
         HIWORD(f->dwFileVersionLS), LOWORD(f->dwFileVersionLS), HIWORD(f->dwProductVersionMS),
         LOWORD(f->dwProductVersionMS), HIWORD(f->dwProductVersionLS), LOWORD(f->dwProductVersionLS));
  printf("  flags %lx/%lx os %lx type %lu subtype %lu\n", f->dwFileFlags, f->dwFileFlagsMask, f->dwFileOS,
         f->dwFileType, f->dwFileSubtype);
}

static void query_w(const void* block, const wchar_t* path) {
  void* value = NULL;
  UINT len = 12345;
  SetLastError(0);
  BOOL ok = VerQueryValueW(block, path, &value, &len);
  printf("VerQueryValueW(%ls): %d len %u", path, ok, len);
  if (ok && value) {
    int inside = (const char*)value >= (const char*)block && (const char*)value < (const char*)block + *(const WORD*)block;
    printf(" inside %d", inside);
    if (len && wcslen((const wchar_t*)value) + 1 == len) {
      char utf8[256];
      WideCharToMultiByte(CP_UTF8, 0, (const wchar_t*)value, -1, utf8, sizeof utf8, NULL, NULL);
      printf(" \"%s\"", utf8);
    }
  } else {
    printf(" error %lu", GetLastError());
  }
  printf("\n");
}

static void query_a(const void* block, const char* path) {
  void* value = NULL;
  UINT len = 12345;
  SetLastError(0);
  BOOL ok = VerQueryValueA(block, path, &value, &len);
  WORD length = *(const WORD*)block;
  printf("VerQueryValueA(%s): %d", path, ok);
  if (ok && value) {
    long offset = (long)((const char*)value - (const char*)block);
    printf(" in the %s half", offset < length ? "first" : offset >= length + 4 ? "second" : "signature");
    // (a converted string's length, in bytes with its NUL, depends on the ANSI code page)
    if (offset < length) printf(" len %u", len);
    else printf(" len is its length %d", strlen((const char*)value) + 1 == len);
    if (len && strlen((const char*)value) + 1 == len && offset >= length) {
      // The ANSI code page's form of the value (whichever code page that is).
      wchar_t wide_path[128];
      void* wide = NULL;
      UINT wide_len = 0;
      char acp[256] = "";
      MultiByteToWideChar(CP_ACP, 0, path, -1, wide_path, 128);
      if (VerQueryValueW(block, wide_path, &wide, &wide_len))
        WideCharToMultiByte(CP_ACP, 0, (const wchar_t*)wide, -1, acp, sizeof acp, NULL, NULL);
      printf(" as CP_ACP converts it %d", strcmp(acp, (const char*)value) == 0);
      if (strspn((const char*)value, " .0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_") == len - 1)
        printf(" \"%s\"", (const char*)value);
    }
  } else {
    printf(" len %u error %lu", len, GetLastError());
  }
  printf("\n");
}

int main(void) {
  wchar_t self[MAX_PATH];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  DWORD handle = 77;
  SetLastError(1234);
  DWORD size = GetFileVersionInfoSizeW(self, &handle);
  printf("own size: %d handle %lu error %lu\n", size > 0, handle, GetLastError());
  char* block = calloc(1, size + 16);
  SetLastError(1234);
  BOOL ok = GetFileVersionInfoW(self, 0, size, block);
  WORD length = *(WORD*)block;
  printf("GetFileVersionInfoW: %d error %lu; size is twice the resource and 4: %d\n", ok, GetLastError(),
         size == (DWORD)((length + 3) & ~3) * 2 + 4 || size == (DWORD)length * 2 + 4);
  printf("signature after the resource: %.4s\n", block + length);
  printf("key: %ls\n", (wchar_t*)(block + 6));
  VS_FIXEDFILEINFO* fixed = NULL;
  UINT len = 0;
  if (VerQueryValueW(block, L"\\", (void**)&fixed, &len) && fixed) {
    printf("root value: %u bytes\n", len);
    show_fixed(fixed);
  }
  query_w(block, L"");
  query_w(block, L"\\VarFileInfo\\Translation");
  query_w(block, L"\\StringFileInfo\\040904b0\\CompanyName");
  query_w(block, L"\\\\stringfileinfo\\040904B0\\\\productname\\");
  query_w(block, L"\\StringFileInfo\\040904b0\\FileVersion");
  query_w(block, L"\\StringFileInfo\\040904b0\\Comments");
  query_w(block, L"\\StringFileInfo\\040904b0\\Product");
  query_w(block, L"\\StringFileInfo\\040904b0");
  query_w(block, L"\\NoSuchBlock");
  query_a(block, "\\StringFileInfo\\040904b0\\CompanyName");
  query_a(block, "\\StringFileInfo\\040904b0\\ProductName");
  query_a(block, "\\VarFileInfo\\Translation");
  query_a(block, "\\");
  query_a(block, "\\StringFileInfo\\040904b0\\Missing");
  WORD* translation = NULL;
  if (VerQueryValueA(block, "\\VarFileInfo\\Translation", (void**)&translation, &len) && translation)
    printf("translation: %04x %u\n", translation[0], translation[1]);

  // A buffer that holds the resource but not the signature: no signature written.
  char* small = calloc(1, length + 8);
  memset(small, 'x', length + 8);
  ok = GetFileVersionInfoW(self, 0, length + 2, small);
  printf("buffer of the resource and 2: %d, after it \"%.4s\"\n", ok, small + length);
  ok = GetFileVersionInfoW(self, 0, 8, small);
  printf("buffer of 8: %d, length %u\n", ok, *(WORD*)small);
  free(small);

  // The narrow forms, by the program's name.
  char self_a[MAX_PATH];
  GetModuleFileNameA(NULL, self_a, MAX_PATH);
  printf("GetFileVersionInfoSizeA: same %d\n", GetFileVersionInfoSizeA(self_a, NULL) == size);
  memset(block, 0, size);
  ok = GetFileVersionInfoA(self_a, 0, size, block);
  printf("GetFileVersionInfoA: %d length same %d\n", ok, *(WORD*)block == length);
  // (by GetProcAddress: not every import library has it)
  typedef DWORD(WINAPI * size_ex_fn)(DWORD, const wchar_t*, DWORD*);
  size_ex_fn size_ex = (size_ex_fn)GetProcAddress(LoadLibraryA("version.dll"), "GetFileVersionInfoSizeExW");
  printf("GetFileVersionInfoSizeExW(0): same %d\n", size_ex && size_ex(0, self, &handle) == size);
  free(block);

  // A system DLL, by its name alone.
  size = GetFileVersionInfoSizeW(L"kernel32.dll", NULL);
  printf("kernel32.dll: size %d\n", size > 0);
  block = calloc(1, size + 16);
  if (size && GetFileVersionInfoW(L"kernel32.dll", 0, size, block) &&
      VerQueryValueW(block, L"\\", (void**)&fixed, &len)) {
    printf("  signature %08lx type %lu major %lu\n", fixed->dwSignature, fixed->dwFileType, HIWORD(fixed->dwFileVersionMS));
    wchar_t* company = NULL;
    WORD* tr = NULL;
    if (VerQueryValueW(block, L"\\VarFileInfo\\Translation", (void**)&tr, &len) && tr) {
      wchar_t path[64];
      swprintf(path, 64, L"\\StringFileInfo\\%04x%04x\\CompanyName", tr[0], tr[1]);
      if (VerQueryValueW(block, path, (void**)&company, &len)) printf("  company: %ls\n", company);
    }
  }
  free(block);

  // A file without a version resource, a missing one, bad names.
  HANDLE f = CreateFileA("version_info.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD written;
  WriteFile(f, "no resources here\r\n", 19, &written, NULL);
  CloseHandle(f);
  SetLastError(0);
  handle = 77;
  size = GetFileVersionInfoSizeA("version_info.txt", &handle);
  printf("a text file: %lu handle %lu error %lu\n", size, handle, GetLastError());
  char buf[64];
  SetLastError(0);
  ok = GetFileVersionInfoA("version_info.txt", 0, sizeof buf, buf);
  printf("GetFileVersionInfoA of it: %d error %lu\n", ok, GetLastError());
  DeleteFileA("version_info.txt");
  SetLastError(0);
  size = GetFileVersionInfoSizeA("no_such_file.exe", NULL);
  printf("a missing file: %lu error %lu\n", size, GetLastError());
  SetLastError(0);
  size = GetFileVersionInfoSizeA("no_such_dir\\x.exe", NULL);
  printf("a missing directory: %lu error %lu\n", size, GetLastError());
  SetLastError(0);
  size = GetFileVersionInfoSizeA("", NULL);
  printf("an empty name: %lu error %lu\n", size, GetLastError());
  SetLastError(0);
  ok = GetFileVersionInfoA(self_a, 0, 100, NULL);
  printf("no buffer: %d error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = VerQueryValueA(NULL, "\\", (void**)&fixed, &len);
  printf("VerQueryValueA of no block: %d error %lu\n", ok, GetLastError());
  return 0;
}
