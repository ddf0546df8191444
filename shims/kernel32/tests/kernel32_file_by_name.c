// GetFileInformationByName (Windows 11 24H2) on a file and a directory: each class's values against
// what GetFileInformationByHandleEx tells of the same file through a handle (FileBasicInfo's times
// and attributes, FileStandardInfo's size and links, FileIdInfo's volume serial number and id),
// and the errors of a missing file, a missing directory, a buffer too small and a bad class.
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef BOOL(WINAPI* ByNameFn)(PCWSTR, int, PVOID, ULONG);

typedef struct {
  LARGE_INTEGER FileId, CreationTime, LastAccessTime, LastWriteTime, ChangeTime, AllocationSize, EndOfFile;
  ULONG FileAttributes, ReparseTag, NumberOfLinks, EffectiveAccess;
} STAT_INFO;  // FILE_STAT_INFORMATION

typedef struct {
  LARGE_INTEGER FileId, CreationTime, LastAccessTime, LastWriteTime, ChangeTime, AllocationSize, EndOfFile;
  ULONG FileAttributes, ReparseTag, NumberOfLinks, DeviceType, DeviceCharacteristics, Reserved;
  LARGE_INTEGER VolumeSerialNumber;
  BYTE FileId128[16];
} STAT_BASIC_INFO;  // FILE_STAT_BASIC_INFORMATION

static const char* yes(int b) { return b ? "yes" : "no"; }

static void compare(ByNameFn by_name, const wchar_t* path, const char* what, DWORD flags) {
  STAT_INFO s;
  STAT_BASIC_INFO b;
  memset(&s, 0, sizeof s);
  memset(&b, 0, sizeof b);
  BOOL ok_stat = by_name(path, 0 /* FileStatByNameInfo */, &s, sizeof s);
  BOOL ok_basic = by_name(path, 3 /* FileStatBasicByNameInfo */, &b, sizeof b);
  printf("%s: FileStatByNameInfo %d, FileStatBasicByNameInfo %d\n", what, ok_stat, ok_basic);
  HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, flags, NULL);
  FILE_BASIC_INFO basic;
  FILE_STANDARD_INFO standard;
  FILE_ID_INFO id;
  GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic);
  GetFileInformationByHandleEx(h, FileStandardInfo, &standard, sizeof standard);
  GetFileInformationByHandleEx(h, FileIdInfo, &id, sizeof id);
  CloseHandle(h);
  printf("  times as FileBasicInfo's: %s\n",
         yes(s.CreationTime.QuadPart == basic.CreationTime.QuadPart && s.LastWriteTime.QuadPart == basic.LastWriteTime.QuadPart &&
             s.ChangeTime.QuadPart == basic.ChangeTime.QuadPart && b.LastWriteTime.QuadPart == basic.LastWriteTime.QuadPart));
  printf("  attributes as FileBasicInfo's: %s (directory: %s)\n",
         yes(s.FileAttributes == basic.FileAttributes && b.FileAttributes == basic.FileAttributes),
         yes(s.FileAttributes & FILE_ATTRIBUTE_DIRECTORY));
  printf("  end of file %lld, as FileStandardInfo's: %s\n", s.EndOfFile.QuadPart,
         yes(s.EndOfFile.QuadPart == standard.EndOfFile.QuadPart && b.EndOfFile.QuadPart == standard.EndOfFile.QuadPart));
  printf("  links as FileStandardInfo's: %s\n", yes(s.NumberOfLinks == standard.NumberOfLinks));
  printf("  volume serial number and id as FileIdInfo's: %s\n",
         yes(b.VolumeSerialNumber.QuadPart == (LONGLONG)id.VolumeSerialNumber &&
             memcmp(b.FileId128, id.FileId.Identifier, 16) == 0 && memcmp(&s.FileId, id.FileId.Identifier, 8) == 0));
  printf("  reparse tag %lu, device type %lu\n", s.ReparseTag, b.DeviceType);
}

int main(void) {
  ByNameFn by_name = (ByNameFn)GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetFileInformationByName");
  printf("GetFileInformationByName found: %s\n", yes(by_name != NULL));
  if (!by_name) return 0;
  HANDLE f = CreateFileA("by_name.tmp", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD n;
  WriteFile(f, "12345", 5, &n, NULL);
  CloseHandle(f);
  CreateDirectoryA("by_name.dir", NULL);

  compare(by_name, L"by_name.tmp", "file", 0);
  compare(by_name, L"by_name.dir", "directory", FILE_FLAG_BACKUP_SEMANTICS);

  ULONG flags = 0xffffffff;
  BOOL ok = by_name(L"by_name.dir", 2 /* FileCaseSensitiveByNameInfo */, &flags, sizeof flags);
  printf("FileCaseSensitiveByNameInfo of the directory: %d, flags %lu\n", ok, flags);

  STAT_INFO s;
  SetLastError(0);
  ok = by_name(L"by_name.missing", 0, &s, sizeof s);
  printf("a missing file: %d, error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = by_name(L"no-such-dir\\by_name.tmp", 0, &s, sizeof s);
  printf("in a missing directory: %d, error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = by_name(L"by_name.tmp", 0, &s, 16);
  printf("into 16 bytes: %d, error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = by_name(L"by_name.tmp", 9, &s, sizeof s);
  printf("class 9: %d, error %lu\n", ok, GetLastError());

  DeleteFileA("by_name.tmp");
  RemoveDirectoryA("by_name.dir");
  return 0;
}
