/* ReplaceFile (with and without a backup, its failures), MoveFileWithProgress, CreateFile2,
 * GetCompressedFileSize, CheckNameLegalDOS8Dot3, SetFileValidData; and small facts: NUMA nodes'
 * memory and proximity, GetNamedPipe*SessionId, CreateEventExA and CreateMutexExA,
 * QueryUnbiasedInterruptTime, GetBinaryType, IsBadHugeReadPtr. */
#include <windows.h>

#include <stdio.h>
#include <string.h>

static void put_file(const char* name, const char* text) {
  HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD n;
  WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
  CloseHandle(h);
}
static void show_file(const char* name) {
  char buf[64] = {0};
  DWORD n = 0;
  HANDLE h = CreateFileA(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  if (h == INVALID_HANDLE_VALUE) {
    printf("  %s: none (%lu)\n", name, GetLastError());
    return;
  }
  ReadFile(h, buf, sizeof buf - 1, &n, NULL);
  CloseHandle(h);
  printf("  %s: [%s]\n", name, buf);
}

static void replace(void) {
  put_file("rf_target.txt", "old");
  put_file("rf_new.txt", "new");
  BOOL r = ReplaceFileA("rf_target.txt", "rf_new.txt", "rf_backup.txt", 0, NULL, NULL);
  printf("ReplaceFileA with backup %d\n", r);
  show_file("rf_target.txt");
  show_file("rf_new.txt");
  show_file("rf_backup.txt");
  put_file("rf_new.txt", "newer");
  r = ReplaceFileW(L"rf_target.txt", L"rf_new.txt", NULL, 0, NULL, NULL);
  printf("ReplaceFileW %d\n", r);
  show_file("rf_target.txt");
  SetLastError(0);
  r = ReplaceFileA("rf_target.txt", "rf_missing.txt", NULL, 0, NULL, NULL);
  printf("ReplaceFileA missing replacement %d err %lu\n", r, GetLastError());
  SetLastError(0);
  r = ReplaceFileA("rf_missing.txt", "rf_target.txt", NULL, 0, NULL, NULL);
  printf("ReplaceFileA missing replaced %d err %lu\n", r, GetLastError());
  SetLastError(0);
  r = ReplaceFileA(NULL, "rf_target.txt", NULL, 0, NULL, NULL);
  printf("ReplaceFileA NULL %d err %lu\n", r, GetLastError());
  put_file("rf_new.txt", "x");
  SetFileAttributesA("rf_target.txt", FILE_ATTRIBUTE_READONLY);
  SetLastError(0);
  r = ReplaceFileA("rf_target.txt", "rf_new.txt", NULL, 0, NULL, NULL);
  printf("ReplaceFileA read-only %d err %lu\n", r, GetLastError());
  SetFileAttributesA("rf_target.txt", FILE_ATTRIBUTE_NORMAL);
  DeleteFileA("rf_target.txt");
  DeleteFileA("rf_new.txt");
  DeleteFileA("rf_backup.txt");
}

static DWORD CALLBACK progress(LARGE_INTEGER total, LARGE_INTEGER done, LARGE_INTEGER ssize, LARGE_INTEGER sdone, DWORD stream,
                               DWORD reason, HANDLE from, HANDLE to, LPVOID data) {
  ++*(int*)data;
  return PROGRESS_CONTINUE;
}

static void move(void) {
  put_file("mv_a.txt", "moved");
  int calls = 0;
  BOOL r = MoveFileWithProgressA("mv_a.txt", "mv_b.txt", progress, &calls, 0);
  printf("MoveFileWithProgressA %d\n", r);
  show_file("mv_a.txt");
  show_file("mv_b.txt");
  put_file("mv_a.txt", "again");
  SetLastError(0);
  r = MoveFileWithProgressW(L"mv_a.txt", L"mv_b.txt", NULL, NULL, 0);
  printf("MoveFileWithProgressW onto existing %d err %lu\n", r, GetLastError());
  r = MoveFileWithProgressW(L"mv_a.txt", L"mv_b.txt", NULL, NULL, MOVEFILE_REPLACE_EXISTING);
  printf("MoveFileWithProgressW replace %d\n", r);
  show_file("mv_b.txt");
  SetLastError(0);
  r = MoveFileWithProgressA("mv_none.txt", "mv_c.txt", NULL, NULL, 0);
  printf("MoveFileWithProgressA missing %d err %lu\n", r, GetLastError());
  DeleteFileA("mv_b.txt");
}

static void others(void) {
  CREATEFILE2_EXTENDED_PARAMETERS ex = {sizeof ex, FILE_ATTRIBUTE_NORMAL, 0, 0, NULL, NULL};
  HANDLE h = CreateFile2(L"cf2.txt", GENERIC_WRITE, 0, CREATE_NEW, &ex);
  printf("CreateFile2 ok %d\n", h != INVALID_HANDLE_VALUE);
  DWORD n;
  WriteFile(h, "12345", 5, &n, NULL);
  SetLastError(0);
  BOOL r = SetFileValidData(h, 100);
  printf("SetFileValidData %d err %lu\n", r, GetLastError());
  CloseHandle(h);
  SetLastError(0);
  h = CreateFile2(L"cf2.txt", GENERIC_READ, 0, CREATE_NEW, NULL);
  printf("CreateFile2 CREATE_NEW existing %d err %lu\n", h == INVALID_HANDLE_VALUE, GetLastError());
  DWORD high = 7;
  DWORD low = GetCompressedFileSizeA("cf2.txt", &high);
  printf("GetCompressedFileSizeA %lu high %lu\n", low, high);
  SetLastError(0);
  low = GetCompressedFileSizeW(L"cf2_none.txt", &high);
  printf("GetCompressedFileSizeW missing %lx err %lu\n", low, GetLastError());
  DeleteFileA("cf2.txt");

  const char* names[] = {"FILE.TXT", "file.txt", "toolongname.txt", "a.long", "a b.c", "a+b.c", ".", "..", ".x", "a.b.c", "abc.", NULL};
  for (int i = 0; names[i]; ++i) {
    char oem[16] = "";
    BOOL spaces = 7, legal = 7;
    r = CheckNameLegalDOS8Dot3A(names[i], oem, sizeof oem, &spaces, &legal);
    printf("CheckNameLegalDOS8Dot3A [%s] %d legal %d spaces %d oem [%s]\n", names[i], r, legal, spaces, legal ? oem : "");
  }

  ULONGLONG avail = 0;
  r = GetNumaAvailableMemoryNode(0, &avail);
  printf("GetNumaAvailableMemoryNode %d some %d\n", r, avail > 0);
  SetLastError(0);
  printf("GetNumaAvailableMemoryNode(5) %d err %lu\n", GetNumaAvailableMemoryNode(5, &avail), GetLastError());
  UCHAR node = 9;
  r = GetNumaProximityNode(0, &node);
  printf("GetNumaProximityNode %d node %u\n", r, node);
  USHORT unode = 9;
  r = GetNumaProximityNodeEx(0, &unode);
  printf("GetNumaProximityNodeEx %d node %u\n", r, unode);

  HANDLE e = CreateEventExA(NULL, "polyrun_k32_event_ex", CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS);
  printf("CreateEventExA signalled %d\n", WaitForSingleObject(e, 0) == WAIT_OBJECT_0);
  HANDLE m = CreateMutexExA(NULL, NULL, CREATE_MUTEX_INITIAL_OWNER, MUTEX_ALL_ACCESS);
  printf("CreateMutexExA owned %d\n", ReleaseMutex(m));
  CloseHandle(e);
  CloseHandle(m);

  HANDLE server = CreateNamedPipeA("\\\\.\\pipe\\polyrun_k32_session", PIPE_ACCESS_DUPLEX, 0, 1, 64, 64, 0, NULL);
  HANDLE client = CreateFileA("\\\\.\\pipe\\polyrun_k32_session", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  ULONG s1 = 99, s2 = 99, mine = 0;
  ProcessIdToSessionId(GetCurrentProcessId(), &mine);
  BOOL r1 = GetNamedPipeClientSessionId(server, &s1), r2 = GetNamedPipeServerSessionId(client, &s2);
  printf("GetNamedPipe*SessionId %d %d same as process %d %d\n", r1, r2, s1 == mine, s2 == mine);
  CloseHandle(client);
  CloseHandle(server);

  ULONGLONG t1 = 0, t2 = 0;
  QueryUnbiasedInterruptTime(&t1);
  Sleep(20);
  QueryUnbiasedInterruptTime(&t2);
  printf("QueryUnbiasedInterruptTime advanced %d\n", t2 > t1);
  char self[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);
  DWORD type = 99;
  typedef BOOL(WINAPI * GetBinaryType_t)(LPCSTR, LPDWORD);
  GetBinaryType_t gbt = (GetBinaryType_t)GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetBinaryType");
  r = gbt ? gbt(self, &type) : -1;
  printf("GetBinaryType %d type %lu\n", r, type);
  printf("IsBadHugeReadPtr %d %d\n", IsBadHugeReadPtr(self, 4), IsBadHugeReadPtr(NULL, 4));
}

int main(void) {
  char dir[MAX_PATH];
  GetTempPathA(sizeof dir, dir);
  strcat(dir, "k32_file_replace");
  CreateDirectoryA(dir, NULL);
  SetCurrentDirectoryA(dir);
  replace();
  move();
  others();
  SetCurrentDirectoryA("..");
  RemoveDirectoryA(dir);
  return 0;
}
