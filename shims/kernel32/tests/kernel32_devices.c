// MS-DOS device names (QueryDosDevice of a drive, a device, every name; DefineDosDevice and its
// removal), the reserved names in any directory and with any extension (NUL opened, its
// attributes, "if exist DIR\\NUL" of a missing directory, FindFirstFile's one entry for it,
// GetFullPathName's \\.\NAME), GetBinaryType, ReOpenFile (other access to the same file),
// CreateRemoteThread on this process, a thread's processor group, Beep. Setting the clock and a
// volume's label are refused to a program without the privilege.
#include <stdio.h>
#include <string.h>
#include <windows.h>

static DWORD WINAPI remote(LPVOID p) { return (DWORD)(INT_PTR)p * 2; }

int main(void) {
  WCHAR b[4096];
  DWORD n;
  const WCHAR* names[] = {L"C:", L"Z:", L"Q:", L"NUL", L"CON", L"c:"};
  for (int i = 0; i < 6; ++i) {
    SetLastError(0);
    n = QueryDosDeviceW(names[i], b, 4096);
    printf("QueryDosDevice %ls -> %lu [%ls] %lu\n", names[i], n, n ? b : L"", n ? 0 : GetLastError());
  }
  n = QueryDosDeviceW(NULL, b, 4096);
  int c = 0, z = 0, nul = 0;
  for (WCHAR* s = b; s < b + n && *s; s += wcslen(s) + 1) c |= !wcscmp(s, L"C:"), z |= !wcscmp(s, L"Z:"), nul |= !wcscmp(s, L"NUL");
  printf("QueryDosDevice(all): C: %d Z: %d NUL %d\n", c, z, nul);
  SetLastError(0);
  n = QueryDosDeviceW(L"C:", b, 4);
  printf("QueryDosDevice, short: %lu error %lu\n", n, GetLastError());
  printf("DefineDosDevice Q: %d\n", DefineDosDeviceW(0, L"Q:", L"C:\\windows"));
  n = QueryDosDeviceW(L"Q:", b, 4096);
  printf("  Q: -> %lu [%ls]\n", n, n ? b : L"");
  printf("remove Q: %d\n", DefineDosDeviceW(DDD_REMOVE_DEFINITION, L"Q:", NULL));
  SetLastError(0);
  n = QueryDosDeviceW(L"Q:", b, 4096);
  printf("  Q: after -> %lu error %lu\n", n, GetLastError());

  char dir[MAX_PATH], name[MAX_PATH + 32];
  GetTempPathA(MAX_PATH, dir);
  snprintf(dir + strlen(dir), 40, "polyrun-nul-%lu", GetCurrentProcessId());
  CreateDirectoryA(dir, NULL);
  const char* reserved[] = {"nul.txt", "NUL.log", "nul:", "NUL  .x", "nulx.txt"};
  for (int i = 0; i < 5; ++i) {
    snprintf(name, sizeof name, "%s\\%s", dir, reserved[i]);
    HANDLE f = CreateFileA(name, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD w = 0;
    if (f == INVALID_HANDLE_VALUE) {
      printf("CreateFile %s: error %lu\n", reserved[i], GetLastError());
      continue;
    }
    WriteFile(f, "hello", 5, &w, NULL);
    printf("CreateFile %s: type %lu wrote %lu size %lu\n", reserved[i], GetFileType(f), w, GetFileSize(f, NULL));
    CloseHandle(f);
  }
  WIN32_FIND_DATAA fd;
  snprintf(name, sizeof name, "%s\\*", dir);
  HANDLE found = FindFirstFileA(name, &fd);
  do {
    if (strcmp(fd.cFileName, ".") && strcmp(fd.cFileName, "..")) printf("  in the directory: %s\n", fd.cFileName);
  } while (FindNextFileA(found, &fd));
  FindClose(found);
  snprintf(name, sizeof name, "%s\\nulx.txt", dir);
  DeleteFileA(name);
  const char* attributes_of[] = {"nul", "CON", "conout$", "lpt8.txt", "prnx"};
  for (int i = 0; i < 5; ++i) {
    SetLastError(0);
    DWORD a = GetFileAttributesA(attributes_of[i]);
    printf("GetFileAttributes %s: %lx error %lu\n", attributes_of[i], a, a == INVALID_FILE_ATTRIBUTES ? GetLastError() : 0);
  }
  snprintf(name, sizeof name, "%s\\nul", dir);
  printf("exists %%TEMP%%\\polyrun-nul-PID\\nul: %d\n", GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES);
  snprintf(name, sizeof name, "%s\\missing\\nul", dir);
  SetLastError(0);
  const DWORD missing = GetFileAttributesA(name);
  printf("exists ...\\missing\\nul: %d error %lu\n", missing != INVALID_FILE_ATTRIBUTES, GetLastError());
  const char* found_of[] = {"nul", "CON", "\\nul.txt", "\\missing\\nul"};
  for (int i = 0; i < 4; ++i) {
    snprintf(name, sizeof name, "%s%s", i < 2 ? "" : dir, found_of[i]);
    WIN32_FILE_ATTRIBUTE_DATA data;
    SetLastError(0);
    BOOL got = GetFileAttributesExA(name, GetFileExInfoStandard, &data);
    DWORD error = GetLastError();
    HANDLE find = FindFirstFileA(name, &fd);
    if (find == INVALID_HANDLE_VALUE) {
      printf("%s: GetFileAttributesEx %d error %lu, FindFirstFile error %lu\n", found_of[i], got, error, GetLastError());
      continue;
    }
    printf("%s: GetFileAttributesEx %d error %lu, FindFirstFile [%s] %lx size %lu time %lx, next %d\n", found_of[i], got,
           error, fd.cFileName, fd.dwFileAttributes, fd.nFileSizeLow, fd.ftLastWriteTime.dwLowDateTime,
           FindNextFileA(find, &fd));
    FindClose(find);
  }
  RemoveDirectoryA(dir);
  const char* full_of[] = {"sub\\con.txt", "c:\\dir\\NUL", "aux  ", "conout$", "sub\\", "sub\\file.txt"};
  for (int i = 0; i < 6; ++i) {
    char full[MAX_PATH], *part = full;
    DWORD len = GetFullPathNameA(full_of[i], MAX_PATH, full, &part);
    if (!strncmp(full, "\\\\.\\", 4)) {
      printf("GetFullPathName %s: %lu %s part %s\n", full_of[i], len, full, part ? part : "(null)");
      continue;
    }
    printf("GetFullPathName %s: ends in \\ %d, part %s\n", full_of[i], full[len - 1] == '\\', part ? part : "(null)");
  }

  DWORD type = 99;
  WCHAR self[MAX_PATH];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  BOOL ok = GetBinaryTypeW(self, &type);
  printf("GetBinaryType(this program): %d type %s\n", ok, type == SCS_64BIT_BINARY ? "64-bit" : type == SCS_32BIT_BINARY ? "32-bit" : "other");
  SetLastError(0);
  ok = GetBinaryTypeW(L"C:\\surely-not-here.exe", &type);
  printf("GetBinaryType(missing): %d error %lu\n", ok, GetLastError());
  char tmp[MAX_PATH], file[MAX_PATH];
  GetTempPathA(MAX_PATH, tmp);
  snprintf(file, sizeof file, "%spolyrun-devices-%lu.txt", tmp, GetCurrentProcessId());
  HANDLE h = CreateFileA(file, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD done;
  WriteFile(h, "not a program", 13, &done, NULL);
  HANDLE again = ReOpenFile(h, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, 0);
  char text[32] = {0};
  ok = ReadFile(again, text, sizeof text - 1, &done, NULL);
  printf("ReOpenFile for reading: %d read %d [%s]\n", again != INVALID_HANDLE_VALUE, ok, text);
  CloseHandle(again);
  CloseHandle(h);
  ok = GetBinaryTypeA(file, &type);
  printf("GetBinaryType(text): %d\n", ok);
  DeleteFileA(file);

  DWORD tid = 0;
  HANDLE t = CreateRemoteThread(GetCurrentProcess(), NULL, 0, remote, (LPVOID)21, 0, &tid);
  WaitForSingleObject(t, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(t, &code);
  printf("CreateRemoteThread(this process): %d exit %lu\n", t != NULL && tid != 0, code);
  CloseHandle(t);

  GROUP_AFFINITY ga = {0}, prev;
  ok = GetThreadGroupAffinity(GetCurrentThread(), &ga);
  printf("GetThreadGroupAffinity: %d group %u mask nonzero %d\n", ok, ga.Group, ga.Mask != 0);
  ok = SetThreadGroupAffinity(GetCurrentThread(), &ga, &prev);
  printf("SetThreadGroupAffinity: %d previous the same %d\n", ok, prev.Mask == ga.Mask);
  ga.Group = 5;
  SetLastError(0);
  ok = SetThreadGroupAffinity(GetCurrentThread(), &ga, NULL);
  printf("SetThreadGroupAffinity(group 5): %d error %lu\n", ok, GetLastError());

  SYSTEMTIME st;
  GetSystemTime(&st);
  SetLastError(0);
  ok = SetSystemTime(&st);
  printf("SetSystemTime: %d error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = SetLocalTime(&st);
  printf("SetLocalTime: %d error %lu\n", ok, GetLastError());
  ULONG64 c1 = 0, c2 = 0;
  QueryThreadCycleTime(GetCurrentThread(), &c1);
  for (volatile int i = 0; i < 20000000; ++i) {
  }
  QueryThreadCycleTime(GetCurrentThread(), &c2);
  printf("QueryThreadCycleTime grows: %d\n", c2 > c1);
  printf("Beep: %d\n", Beep(880, 20));
  return 0;
}
