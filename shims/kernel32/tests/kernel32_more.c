// More of KERNEL32 that real programs import: ExpandEnvironmentStrings, MulDiv's rounding and
// overflow, lstrcatW, CopyFile/CopyFileEx (replacing, refusing, a progress routine that cancels),
// CreateDirectoryEx, byte-range locks between two handles (LockFile, LockFileEx, UnlockFile),
// Get/ShortPathName, VirtualLock, the process's and the system's times and counters (only that
// they are there: their values are the machine's).
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <psapi.h>

static DWORD CALLBACK progress(LARGE_INTEGER total, LARGE_INTEGER done, LARGE_INTEGER stream, LARGE_INTEGER stream_done,
                               DWORD number, DWORD reason, HANDLE from, HANDLE to, LPVOID data) {
  (void)stream, (void)stream_done, (void)number, (void)reason, (void)from, (void)to;
  *(LONGLONG*)data = done.QuadPart == total.QuadPart ? total.QuadPart : -1;
  return done.QuadPart == total.QuadPart ? PROGRESS_CANCEL : PROGRESS_CONTINUE;
}

int main(void) {
  SetEnvironmentVariableA("POLYRUN_SAMPLE_VAR", "value");
  char expanded[64];
  DWORD n = ExpandEnvironmentStringsA("[%POLYRUN_SAMPLE_VAR%] [%NOT_SET_HERE%] [100%]", expanded, sizeof expanded);
  printf("expand: %lu \"%s\"\n", n, expanded);
  WCHAR wide[8];
  DWORD short_n = ExpandEnvironmentStringsW(L"%POLYRUN_SAMPLE_VAR%-long", wide, 4);
  printf("expand (short buffer): %lu\n", short_n);

  printf("MulDiv: %d %d %d %d %d %d\n", MulDiv(10, 3, 4), MulDiv(-10, 3, 4), MulDiv(7, 1, 2), MulDiv(-7, 1, 2),
         MulDiv(0x7fffffff, 2, 1), MulDiv(5, 5, 0));

  WCHAR cat[32] = L"left-";
  lstrcatW(cat, L"right");
  printf("lstrcatW: %ls\n", cat);

  char dir[MAX_PATH];
  GetTempPathA(sizeof dir, dir);
  snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "polyrun-k32more-%lu", GetCurrentProcessId());
  BOOL made = CreateDirectoryExA(".", dir, NULL);
  SetCurrentDirectoryA(dir);
  HANDLE f = CreateFileA("source.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD wrote;
  WriteFile(f, "0123456789", 10, &wrote, NULL);
  CloseHandle(f);
  BOOL copied = CopyFileA("source.txt", "copy.txt", TRUE);
  BOOL again = CopyFileA("source.txt", "copy.txt", TRUE);
  DWORD again_error = GetLastError();
  BOOL replaced = CopyFileW(L"source.txt", L"copy.txt", FALSE);
  WIN32_FILE_ATTRIBUTE_DATA a;
  GetFileAttributesExA("copy.txt", GetFileExInfoStandard, &a);
  printf("CreateDirectoryEx %d, CopyFile %d, again %d (%lu), replacing %d, size %lu\n", made, copied, again, again_error,
         replaced, a.nFileSizeLow);
  LONGLONG seen = 0;
  BOOL cancelled = CopyFileExW(L"source.txt", L"cancelled.txt", progress, &seen, NULL, 0);
  DWORD cancel_error = GetLastError();
  printf("CopyFileEx cancelled: %d (%lu), progress saw %lld, copy left %d\n", cancelled, cancel_error, seen,
         GetFileAttributesA("cancelled.txt") != INVALID_FILE_ATTRIBUTES);

  // Two handles of one file: a range one locks, the other cannot.
  HANDLE one = CreateFileA("copy.txt", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
  HANDLE two = CreateFileA("copy.txt", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
  BOOL locked = LockFile(one, 0, 0, 5, 0);
  BOOL other = LockFile(two, 2, 0, 2, 0);
  DWORD other_error = GetLastError();
  OVERLAPPED ov;
  memset(&ov, 0, sizeof ov);
  ov.Offset = 5;
  BOOL beside = LockFileEx(two, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 5, 0, &ov);
  memset(&ov, 0, sizeof ov);
  BOOL shared = LockFileEx(two, LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov);
  DWORD shared_error = GetLastError();
  BOOL unlocked = UnlockFile(one, 0, 0, 5, 0);
  BOOL after = LockFile(two, 2, 0, 2, 0);
  printf("locks: %d, other %d (%lu), beside %d, shared %d (%lu), unlocked %d, then %d\n", locked, other, other_error, beside,
         shared, shared_error, unlocked, after);
  CloseHandle(one);
  CloseHandle(two);

  char long_name[MAX_PATH], short_name[MAX_PATH];
  DWORD l = GetLongPathNameA("copy.txt", long_name, sizeof long_name);
  DWORD missing = GetLongPathNameA("missing.txt", long_name, sizeof long_name);
  DWORD missing_error = GetLastError();
  DWORD s = GetShortPathNameA("copy.txt", short_name, sizeof short_name);
  printf("GetLongPathName %lu \"%s\", missing %lu (%lu), GetShortPathName %lu\n", l, "copy.txt", missing, missing_error, s);
  char found[MAX_PATH];
  char* file_part = NULL;
  DWORD searched = SearchPathA(NULL, "copy", ".txt", sizeof found, found, &file_part);
  int searched_whole = searched == strlen(found);
  char searched_part[MAX_PATH];
  snprintf(searched_part, sizeof searched_part, "%s", file_part ? file_part : "(none)");
  DWORD in_dir = SearchPathA(".", "source.txt", NULL, sizeof found, found, &file_part);
  int in_dir_whole = in_dir == strlen(found);
  SetLastError(0);
  DWORD nowhere = SearchPathA(NULL, "nowhere-such-file.txt", NULL, sizeof found, found, &file_part);
  DWORD nowhere_error = GetLastError();
  printf("SearchPath: %d \"%s\", in a directory %d, nowhere %lu (%lu)\n", searched_whole, searched_part, in_dir_whole,
         nowhere, nowhere_error);

  DeleteFileA("source.txt");
  DeleteFileA("copy.txt");
  DeleteFileA("cancelled.txt");  // (left where the progress routine is not called)
  SetCurrentDirectoryA("..");
  RemoveDirectoryA(dir);

  static char page[4096];
  BOOL vlock = VirtualLock(page, sizeof page);
  BOOL vunlock = VirtualUnlock(page, sizeof page);
  printf("VirtualLock %d, VirtualUnlock %d\n", vlock, vunlock);

  FILETIME idle, kernel, user, created, exited;
  BOOL sys = GetSystemTimes(&idle, &kernel, &user);
  BOOL thr = GetThreadTimes(GetCurrentThread(), &created, &exited, &kernel, &user);
  IO_COUNTERS io;
  BOOL ioc = GetProcessIoCounters(GetCurrentProcess(), &io);
  PROCESS_MEMORY_COUNTERS pmc;
  BOOL mem = K32GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc);
  SYSTEM_POWER_STATUS power;
  BOOL pw = GetSystemPowerStatus(&power);
  printf("times %d %d, io %d, memory %d (working set %d, cb %lu), power %d\n", sys, thr, ioc, mem, pmc.WorkingSetSize > 0,
         pmc.cb, pw);
  return 0;
}
