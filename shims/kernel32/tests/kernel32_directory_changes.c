// Changes in a directory: ReadDirectoryChangesW overlapped with an event (a file made), synchronous
// with changes kept for the handle between calls (a rename and a removal), a buffer too small for
// what came (success with no records), CloseHandle ending a pending call; and a change
// notification handle (not signalled, signalled by a new directory, reset by FindNext).
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void print_records(const char* what, const BYTE* buf, DWORD bytes) {
  printf("%s: %lu bytes\n", what, bytes ? 1ul : 0ul);
  if (!bytes) return;
  for (;;) {
    const FILE_NOTIFY_INFORMATION* r = (const FILE_NOTIFY_INFORMATION*)buf;
    printf("  action %lu name %.*ls\n", r->Action, (int)(r->FileNameLength / 2), r->FileName);
    if (!r->NextEntryOffset) break;
    buf += r->NextEntryOffset;
  }
}

static void make_file(const char* name) {
  HANDLE f = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
  CloseHandle(f);
}

int main(void) {
  char dir[MAX_PATH];
  GetTempPathA(sizeof dir, dir);
  snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "polyrun-changes-%lu", GetCurrentProcessId());
  CreateDirectoryA(dir, NULL);
  SetCurrentDirectoryA(dir);
  HANDLE h = CreateFileA(".", FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                         OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED, NULL);
  static DWORD buf[1024];
  OVERLAPPED ov;
  memset(&ov, 0, sizeof ov);
  ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
  BOOL started = ReadDirectoryChangesW(h, buf, sizeof buf, FALSE, FILE_NOTIFY_CHANGE_FILE_NAME, NULL, &ov, NULL);
  DWORD early = WaitForSingleObject(ov.hEvent, 50);
  make_file("made.txt");
  DWORD waited = WaitForSingleObject(ov.hEvent, 5000);
  DWORD bytes = 0;
  BOOL got = GetOverlappedResult(h, &ov, &bytes, FALSE);
  printf("overlapped: started %d, before the change %lu, after %lu, result %d\n", started, early, waited, got);
  print_records("made", (const BYTE*)buf, bytes);

  // Changes between calls are kept for the handle.
  MoveFileA("made.txt", "renamed.txt");
  DeleteFileA("renamed.txt");
  ResetEvent(ov.hEvent);
  started = ReadDirectoryChangesW(h, buf, sizeof buf, FALSE, FILE_NOTIFY_CHANGE_FILE_NAME, NULL, &ov, NULL);
  waited = WaitForSingleObject(ov.hEvent, 5000);
  got = GetOverlappedResult(h, &ov, &bytes, FALSE);
  printf("kept: started %d, %lu, result %d\n", started, waited, got);
  print_records("renamed and deleted", (const BYTE*)buf, bytes);

  // A buffer too small: success, no records.
  make_file("a-rather-long-file-name-for-a-small-buffer.txt");
  ResetEvent(ov.hEvent);
  started = ReadDirectoryChangesW(h, buf, 16, FALSE, FILE_NOTIFY_CHANGE_FILE_NAME, NULL, &ov, NULL);
  waited = WaitForSingleObject(ov.hEvent, 5000);
  got = GetOverlappedResult(h, &ov, &bytes, FALSE);
  printf("small buffer: started %d, %lu, result %d, bytes %lu\n", started, waited, got, bytes);
  DeleteFileA("a-rather-long-file-name-for-a-small-buffer.txt");

  // A change notification for new directories.
  HANDLE n = FindFirstChangeNotificationA(".", FALSE, FILE_NOTIFY_CHANGE_DIR_NAME);
  DWORD before = WaitForSingleObject(n, 50);
  CreateDirectoryA("sub", NULL);
  DWORD after = WaitForSingleObject(n, 5000);
  BOOL next = FindNextChangeNotification(n);
  DWORD reset = WaitForSingleObject(n, 50);
  printf("notification: %d, before %lu, after %lu, next %d, then %lu, closed %d\n", n != INVALID_HANDLE_VALUE, before,
         after, next, reset, FindCloseChangeNotification(n));
  RemoveDirectoryA("sub");

  CloseHandle(h);
  SetCurrentDirectoryA("..");
  printf("removed: %d\n", RemoveDirectoryA(dir));
  return 0;
}
