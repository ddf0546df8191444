/* NTDLL's NtNotifyChangeDirectoryFile: on a synchronous handle (waits until a file is made, its
 * record then), on an overlapped handle with an event (STATUS_PENDING, the IO_STATUS_BLOCK and event
 * when a file is removed), a buffer too small for what came (STATUS_NOTIFY_ENUM_DIR), and what a bad
 * filter is told. Expected output: wine 8.0's (x64), but for the synchronous handle's wait
 * (wine-differences.txt); the i686 build is held to the same file. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  union {
    LONG Status;
    void* Pointer;
  };
  ULONG_PTR Information;
} IOSB;
typedef LONG(NTAPI* Notify_fn)(HANDLE, HANDLE, void*, void*, IOSB*, void*, ULONG, ULONG, BOOLEAN);

static WCHAR dir[MAX_PATH];

static void touch(const WCHAR* name) {
  WCHAR path[MAX_PATH];
  swprintf(path, MAX_PATH, L"%ls\\%ls", dir, name);
  HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(f);
}
static void rm(const WCHAR* name) {
  WCHAR path[MAX_PATH];
  swprintf(path, MAX_PATH, L"%ls\\%ls", dir, name);
  DeleteFileW(path);
}
static DWORD WINAPI later(void* name) {
  Sleep(200);
  touch((const WCHAR*)name);
  return 0;
}

static void show_records(const unsigned char* buf, LONG status, ULONG_PTR bytes) {
  const FILE_NOTIFY_INFORMATION* r = (const FILE_NOTIFY_INFORMATION*)buf;
  if (status || !bytes || bytes > 1024) return;
  for (;;) {
    printf("  action %lu name %.*ls\n", r->Action, (int)(r->FileNameLength / 2), r->FileName);
    if (!r->NextEntryOffset) break;
    r = (const FILE_NOTIFY_INFORMATION*)((const unsigned char*)r + r->NextEntryOffset);
  }
}

int main(void) {
  Notify_fn notify = (Notify_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtNotifyChangeDirectoryFile");
  printf("found: %d\n", notify != NULL);
  GetTempPathW(MAX_PATH, dir);
  wcscat(dir, L"polyrun_ntdll_watch");
  CreateDirectoryW(dir, NULL);

  HANDLE d = CreateFileW(dir, FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                         OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
  DWORD words[256];
  unsigned char* buf = (unsigned char*)words;
  IOSB io;
  memset(&io, 0xcc, sizeof io);
  LONG s = notify(d, NULL, NULL, NULL, &io, buf, sizeof words, 0x1000, FALSE);
  printf("a bad filter: 0x%lx\n", (unsigned long)s);
  HANDLE t = CreateThread(NULL, 0, later, (void*)L"first.txt", 0, NULL);
  s = notify(d, NULL, NULL, NULL, &io, buf, sizeof words, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE);
  printf("synchronous: 0x%lx, status 0x%lx, %lu bytes\n", (unsigned long)s, (unsigned long)io.Status,
         (unsigned long)io.Information);
  show_records(buf, io.Status, io.Information);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(d);

  d = CreateFileW(dir, FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                  FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED, NULL);
  HANDLE event = CreateEventW(NULL, TRUE, TRUE, NULL);
  memset(&io, 0xcc, sizeof io);
  s = notify(d, event, NULL, NULL, &io, buf, sizeof words, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE);
  printf("overlapped: 0x%lx, the event reset %d\n", (unsigned long)s, WaitForSingleObject(event, 0) == WAIT_TIMEOUT);
  rm(L"first.txt");
  printf("the event: %lu\n", WaitForSingleObject(event, 5000));
  printf("status 0x%lx, %lu bytes\n", (unsigned long)io.Status, (unsigned long)io.Information);
  show_records(buf, io.Status, io.Information);

  /* Two changes come before the next call, whose buffer holds neither record. */
  touch(L"second.txt");
  touch(L"third.txt");
  Sleep(200);
  ResetEvent(event);
  memset(&io, 0xcc, sizeof io);
  s = notify(d, event, NULL, NULL, &io, buf, 8, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE);
  if (s == STATUS_PENDING) WaitForSingleObject(event, 5000);
  printf("into 8 bytes: status 0x%lx, %lu bytes\n", (unsigned long)io.Status, (unsigned long)io.Information);
  CloseHandle(event);
  CloseHandle(d);
  rm(L"second.txt");
  rm(L"third.txt");
  RemoveDirectoryW(dir);
  return 0;
}
