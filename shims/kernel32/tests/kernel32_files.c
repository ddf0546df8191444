/* Files and directories through the Win32 API: create, write, seek, read, size, attributes,
 * listing, move, delete; errors through GetLastError. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(void) {
  const char* dir = "polyrun-win32-dir";
  RemoveDirectoryA(dir);
  if (!CreateDirectoryA(dir, NULL)) { printf("CreateDirectory failed %lu\n", GetLastError()); return 1; }
  BOOL ok = CreateDirectoryA(dir, NULL);
  printf("CreateDirectory again: %d error %lu\n", ok, GetLastError());

  HANDLE h = CreateFileW(L"polyrun-win32-dir\\Data.bin", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                         FILE_ATTRIBUTE_NORMAL, NULL);
  if (h == INVALID_HANDLE_VALUE) { printf("CreateFile failed %lu\n", GetLastError()); return 1; }
  DWORD n = 0;
  WriteFile(h, "0123456789abcdef", 16, &n, NULL);
  printf("wrote %lu\n", n);
  printf("size %lu\n", GetFileSize(h, NULL));
  printf("seek to %lu\n", SetFilePointer(h, 10, NULL, FILE_BEGIN));
  char buf[16] = {0};
  ReadFile(h, buf, 4, &n, NULL);
  printf("read %lu: %s\n", n, buf);
  LARGE_INTEGER pos;
  pos.QuadPart = -2;
  SetFilePointerEx(h, pos, &pos, FILE_END);
  printf("SetFilePointerEx from end: %lld\n", (long long)pos.QuadPart);
  CloseHandle(h);

  /* Case-insensitive lookup of the name written above. */
  DWORD attrs = GetFileAttributesA("polyrun-win32-dir\\data.BIN");
  printf("attributes of data.BIN: %s\n", attrs == INVALID_FILE_ATTRIBUTES ? "missing" : (attrs & FILE_ATTRIBUTE_DIRECTORY) ? "dir" : "file");
  printf("attributes of dir: %s\n", (GetFileAttributesA(dir) & FILE_ATTRIBUTE_DIRECTORY) ? "dir" : "file");
  attrs = GetFileAttributesA("polyrun-win32-dir\\nope");
  printf("missing file: %lx error %lu\n", attrs, GetLastError());

  h = CreateFileA("polyrun-win32-dir\\second.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
  CloseHandle(h);
  h = CreateFileA("polyrun-win32-dir\\second.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
  printf("CREATE_NEW on an existing file: %s error %lu\n", h == INVALID_HANDLE_VALUE ? "failed" : "opened", GetLastError());

  WIN32_FIND_DATAA fd;
  HANDLE f = FindFirstFileA("polyrun-win32-dir\\*", &fd);
  printf("listing:");
  if (f != INVALID_HANDLE_VALUE) {
    do printf(" %s%s", fd.cFileName, (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ? "/" : "");
    while (FindNextFileA(f, &fd));
    printf(" (end: error %lu)", GetLastError());
    FindClose(f);
  }
  printf("\n");

  ok = MoveFileExA("polyrun-win32-dir\\second.txt", "polyrun-win32-dir\\data.bin", 0);
  printf("MoveFileEx without replace: %d error %lu\n", ok, GetLastError());
  printf("MoveFileEx: %d\n", MoveFileExA("polyrun-win32-dir\\second.txt", "polyrun-win32-dir\\third.txt", 0));
  char full[MAX_PATH];
  char* part = NULL;
  GetFullPathNameA("polyrun-win32-dir\\..\\polyrun-win32-dir\\third.txt", MAX_PATH, full, &part);
  printf("full path ends with: %s (file part %s)\n", strstr(full, "polyrun-win32-dir\\third.txt") ? "polyrun-win32-dir\\third.txt" : full, part);
  BOOL d1 = DeleteFileA("polyrun-win32-dir\\third.txt");
  BOOL d2 = DeleteFileA("polyrun-win32-dir\\Data.bin");
  printf("delete: %d %d\n", d1, d2);
  ok = DeleteFileA("polyrun-win32-dir\\third.txt");
  printf("delete missing: %d error %lu\n", ok, GetLastError());
  printf("RemoveDirectory: %d\n", RemoveDirectoryA(dir));
  return 0;
}
