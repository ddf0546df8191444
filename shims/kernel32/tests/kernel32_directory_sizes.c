// The size each API reports for a directory (0 on NTFS, whatever the host's file system keeps for
// one) and for a 5-byte file beside it: FindFirstFile, GetFileAttributesEx,
// GetFileInformationByHandle, GetFileSize(Ex), GetFileInformationByHandleEx's FileStandardInfo and
// FileIdBothDirectoryInfo, and msvcrt's _stat64 and _findfirst64. The directory holds 200 files so
// that a Linux directory takes more than one block. Expected output: wine 8.0's (x64).
#include <io.h>
#include <stdio.h>
#include <sys/stat.h>
#include <windows.h>

static void report(const char* what, const char* path) {
  WIN32_FIND_DATAA fd;
  HANDLE f = FindFirstFileA(path, &fd);
  printf("%s FindFirstFile: %lu %lu\n", what, fd.nFileSizeHigh, fd.nFileSizeLow);
  FindClose(f);
  WIN32_FILE_ATTRIBUTE_DATA ad;
  GetFileAttributesExA(path, GetFileExInfoStandard, &ad);
  printf("%s GetFileAttributesEx: %lu %lu\n", what, ad.nFileSizeHigh, ad.nFileSizeLow);
  HANDLE h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                         FILE_FLAG_BACKUP_SEMANTICS, NULL);
  BY_HANDLE_FILE_INFORMATION bi;
  GetFileInformationByHandle(h, &bi);
  printf("%s GetFileInformationByHandle: %lu %lu\n", what, bi.nFileSizeHigh, bi.nFileSizeLow);
  DWORD high = 7;
  DWORD low = GetFileSize(h, &high);
  printf("%s GetFileSize: %lu high %lu\n", what, low, high);
  LARGE_INTEGER li = {0};
  BOOL ok = GetFileSizeEx(h, &li);
  printf("%s GetFileSizeEx: %d %lld\n", what, ok, li.QuadPart);
  FILE_STANDARD_INFO si;
  ok = GetFileInformationByHandleEx(h, FileStandardInfo, &si, sizeof si);
  printf("%s FileStandardInfo: %d end %lld directory %d\n", what, ok, si.EndOfFile.QuadPart, si.Directory);
  CloseHandle(h);
  struct _stat64 st;
  int r = _stat64(path, &st);
  printf("%s _stat64: %d size %lld\n", what, r, st.st_size);
  struct __finddata64_t cf;
  intptr_t c = _findfirst64(path, &cf);
  printf("%s _findfirst64: %d size %lld\n", what, c != -1, cf.size);
  _findclose(c);
}

int main(void) {
  char base[MAX_PATH], dir[MAX_PATH], file[MAX_PATH];
  GetTempPathA(MAX_PATH, base);
  sprintf(dir, "%spolyrun_dirsize_%lu", base, GetCurrentProcessId());
  CreateDirectoryA(dir, NULL);
  for (int i = 0; i < 200; i++) {
    sprintf(file, "%s\\a_rather_long_file_name_that_takes_room_%03d.txt", dir, i);
    HANDLE h = CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;
    WriteFile(h, "hello", 5, &n, NULL);
    CloseHandle(h);
  }
  report("directory", dir);
  sprintf(file, "%s\\a_rather_long_file_name_that_takes_room_000.txt", dir);
  report("file", file);

  HANDLE h = CreateFileA(dir, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                         FILE_FLAG_BACKUP_SEMANTICS, NULL);
  char buf[4096];
  int dirs = 0, sized = 0;
  if (GetFileInformationByHandleEx(h, FileIdBothDirectoryRestartInfo, buf, sizeof buf)) {
    FILE_ID_BOTH_DIR_INFO* e = (FILE_ID_BOTH_DIR_INFO*)buf;
    for (;;) {
      if (e->FileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
        dirs++;
        if (e->EndOfFile.QuadPart != 0) sized++;
      }
      if (!e->NextEntryOffset) break;
      e = (FILE_ID_BOTH_DIR_INFO*)((char*)e + e->NextEntryOffset);
    }
  }
  printf("FileIdBothDirectoryInfo: %d directories (. and ..), %d with a size\n", dirs, sized);
  CloseHandle(h);

  for (int i = 0; i < 200; i++) {
    sprintf(file, "%s\\a_rather_long_file_name_that_takes_room_%03d.txt", dir, i);
    DeleteFileA(file);
  }
  printf("removed: %d\n", RemoveDirectoryA(dir));
  return 0;
}
