// OpenFileById: a file two directories below the volume hint (a directory handle) found by its
// FileIdType ID (GetFileInformationByHandle's index) and by its ExtendedFileIdType ID (FileIdInfo's),
// read through the new handle; a directory by ID with and without FILE_FLAG_BACKUP_SEMANTICS; the
// errors of an ID no file has, of no descriptor and of a bad hint; NTDLL's NtCreateFile with
// FILE_OPEN_BY_FILE_ID. Expected output: wine 8.0's (x64).
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <winternl.h>

static ULONGLONG file_index(const char* path, DWORD flags) {
  HANDLE h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, flags, NULL);
  BY_HANDLE_FILE_INFORMATION info;
  GetFileInformationByHandle(h, &info);
  CloseHandle(h);
  return ((ULONGLONG)info.nFileIndexHigh << 32) | info.nFileIndexLow;
}

static void read_back(const char* what, HANDLE h) {
  char buf[32] = {0};
  DWORD got = 0;
  if (h == INVALID_HANDLE_VALUE) {
    printf("%s: INVALID_HANDLE_VALUE, error %lu\n", what, GetLastError());
    return;
  }
  BOOL ok = ReadFile(h, buf, sizeof buf - 1, &got, NULL);
  printf("%s: read %d, %lu bytes \"%s\"\n", what, ok, got, buf);
  CloseHandle(h);
}

int main(void) {
  // A directory of this process's own: the x64, i686 and emulated runs of the tests may run at once.
  char top[64], a[80], b[80], file[96];
  sprintf(top, "fid_dir_%lu", GetCurrentProcessId());
  sprintf(a, "%s\\a", top);
  sprintf(b, "%s\\b", a);
  sprintf(file, "%s\\f.txt", b);
  CreateDirectoryA(top, NULL);
  CreateDirectoryA(a, NULL);
  CreateDirectoryA(b, NULL);
  HANDLE f = CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD n;
  WriteFile(f, "by its id", 9, &n, NULL);
  CloseHandle(f);

  const ULONGLONG id = file_index(file, 0);
  const ULONGLONG dir_id = file_index(a, FILE_FLAG_BACKUP_SEMANTICS);
  HANDLE hint = CreateFileA(top, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                            FILE_FLAG_BACKUP_SEMANTICS, NULL);
  printf("hint opened: %d\n", hint != INVALID_HANDLE_VALUE);

  FILE_ID_DESCRIPTOR d;
  memset(&d, 0, sizeof d);
  d.dwSize = sizeof d;
  d.Type = FileIdType;
  d.FileId.QuadPart = (LONGLONG)id;
  read_back("FileIdType", OpenFileById(hint, &d, GENERIC_READ, FILE_SHARE_READ, NULL, 0));

  HANDLE again = CreateFileA(file, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  FILE_ID_INFO info;
  BOOL got_info = GetFileInformationByHandleEx(again, FileIdInfo, &info, sizeof info);
  CloseHandle(again);
  memset(&d, 0, sizeof d);
  d.dwSize = sizeof d;
  d.Type = ExtendedFileIdType;
  memcpy(&d.ExtendedFileId, &info.FileId, sizeof info.FileId);
  printf("FileIdInfo: %d\n", got_info);
  read_back("ExtendedFileIdType", OpenFileById(hint, &d, GENERIC_READ, FILE_SHARE_READ, NULL, 0));

  memset(&d, 0, sizeof d);
  d.dwSize = sizeof d;
  d.Type = FileIdType;
  d.FileId.QuadPart = (LONGLONG)dir_id;
  HANDLE dir = OpenFileById(hint, &d, GENERIC_READ, FILE_SHARE_READ, NULL, FILE_FLAG_BACKUP_SEMANTICS);
  BY_HANDLE_FILE_INFORMATION dinfo;
  memset(&dinfo, 0, sizeof dinfo);
  if (dir != INVALID_HANDLE_VALUE) GetFileInformationByHandle(dir, &dinfo);
  printf("directory with backup semantics: %d, a directory %d, same index %d\n", dir != INVALID_HANDLE_VALUE,
         (dinfo.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0,
         (((ULONGLONG)dinfo.nFileIndexHigh << 32) | dinfo.nFileIndexLow) == dir_id);
  if (dir != INVALID_HANDLE_VALUE) CloseHandle(dir);
  SetLastError(0xdead);
  dir = OpenFileById(hint, &d, GENERIC_READ, FILE_SHARE_READ, NULL, 0);
  printf("directory without: %d, error %lu\n", dir != INVALID_HANDLE_VALUE, GetLastError());
  if (dir != INVALID_HANDLE_VALUE) CloseHandle(dir);

  d.FileId.QuadPart = 0x7ffffffffff0LL;
  SetLastError(0xdead);
  HANDLE none = OpenFileById(hint, &d, GENERIC_READ, FILE_SHARE_READ, NULL, 0);
  printf("an id no file has: %d, error %lu\n", none == INVALID_HANDLE_VALUE, GetLastError());
  SetLastError(0xdead);
  none = OpenFileById(hint, NULL, GENERIC_READ, FILE_SHARE_READ, NULL, 0);
  printf("no descriptor: %d, error %lu\n", none == INVALID_HANDLE_VALUE, GetLastError());

  typedef NTSTATUS(NTAPI * CreateFn)(HANDLE*, ULONG, OBJECT_ATTRIBUTES*, IO_STATUS_BLOCK*, LARGE_INTEGER*, ULONG, ULONG,
                                     ULONG, ULONG, void*, ULONG);
  CreateFn nt_create = (CreateFn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtCreateFile");
  ULONGLONG raw = id;
  UNICODE_STRING name = {sizeof raw, sizeof raw, (PWSTR)&raw};
  OBJECT_ATTRIBUTES oa;
  memset(&oa, 0, sizeof oa);
  oa.Length = sizeof oa;
  oa.RootDirectory = hint;
  oa.ObjectName = &name;
  IO_STATUS_BLOCK io;
  HANDLE h = NULL;
  NTSTATUS s = nt_create(&h, GENERIC_READ | SYNCHRONIZE, &oa, &io, NULL, 0, FILE_SHARE_READ, 1 /* FILE_OPEN */,
                         0x2000 /* FILE_OPEN_BY_FILE_ID */ | 0x40 /* FILE_NON_DIRECTORY_FILE */ | 0x20, NULL, 0);
  printf("NtCreateFile by file id: 0x%08lx, information %lu\n", (unsigned long)s, (unsigned long)io.Information);
  if (s == 0) read_back("  read", h);
  raw = 0x7ffffffffff0ULL;
  s = nt_create(&h, GENERIC_READ | SYNCHRONIZE, &oa, &io, NULL, 0, FILE_SHARE_READ, 1, 0x2000 | 0x40 | 0x20, NULL, 0);
  printf("NtCreateFile by an id no file has: 0x%08lx\n", (unsigned long)s);
  CloseHandle(hint);

  DeleteFileA(file);
  RemoveDirectoryA(b);
  RemoveDirectoryA(a);
  RemoveDirectoryA(top);
  return 0;
}
