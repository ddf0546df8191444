/* Asynchronous I/O and asynchronous procedure calls: ReadFileEx/WriteFileEx completion routines,
 * which run only in an alertable wait (SleepEx, WaitForSingleObjectEx, WaitForMultipleObjectsEx
 * return WAIT_IO_COMPLETION); QueueUserAPC to this thread and to one that waits; overlapped
 * ReadFile/WriteFile of a file at an offset and at its end, and of a named pipe whose read waits
 * for a writer thread, with GetOverlappedResult, events and a completion port. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static int order = 0;
static void CALLBACK on_done(DWORD error, DWORD bytes, LPOVERLAPPED ov) {
  printf("%d: completion routine: error %lu, %lu bytes, offset %lu\n", ++order, error, bytes, ov->Offset);
}
static void CALLBACK on_apc(ULONG_PTR data) { printf("%d: APC %lu\n", ++order, (unsigned long)data); }

static HANDLE waiter_ready;
static DWORD WINAPI alertable_waiter(LPVOID arg) {
  (void)arg;
  SetEvent(waiter_ready);
  DWORD r = SleepEx(INFINITE, TRUE);
  printf("%d: waiter's SleepEx: 0x%lx\n", ++order, r);
  return 0;
}

static HANDLE pipe_client;
static HANDLE read_issued;
static DWORD WINAPI late_writer(LPVOID arg) {
  (void)arg;
  /* Writes only once the reader's ReadFile is pending, however late the main thread gets there. */
  WaitForSingleObject(read_issued, INFINITE);
  Sleep(50);
  DWORD n;
  WriteFile(pipe_client, "late data", 9, &n, NULL);
  return 0;
}

int main(void) {
  char name[MAX_PATH];
  snprintf(name, sizeof name, "async_io_%lu.tmp", GetCurrentProcessId());
  HANDLE f = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_OVERLAPPED, NULL);

  printf("-- WriteFileEx and ReadFileEx\n");
  OVERLAPPED w1 = {0}, w2 = {0}, r1 = {0};
  w2.Offset = 6;
  BOOL a = WriteFileEx(f, "hello ", 6, &w1, on_done);
  BOOL b = WriteFileEx(f, "world", 5, &w2, on_done);
  printf("issued: %d %d; routines not yet run: %d\n", a, b, order);
  DWORD s = SleepEx(0, FALSE);
  printf("a sleep that is not alertable: %lu, routines run: %d\n", s, order);
  s = SleepEx(1000, TRUE);
  printf("alertable SleepEx: 0x%lx\n", s);
  char buf[32] = {0};
  r1.Offset = 3;
  ReadFileEx(f, buf, 8, &r1, on_done);
  s = WaitForSingleObjectEx(GetCurrentThread(), 1000, TRUE);
  printf("alertable WaitForSingleObjectEx: 0x%lx, read \"%s\"\n", s, buf);

  printf("-- QueueUserAPC\n");
  order = 0;
  QueueUserAPC(on_apc, GetCurrentThread(), 1);
  QueueUserAPC(on_apc, GetCurrentThread(), 2);
  HANDLE e = CreateEventA(NULL, TRUE, TRUE, NULL);
  s = WaitForMultipleObjectsEx(1, &e, FALSE, 0, TRUE);
  printf("signalled event, alertable: 0x%lx\n", s);
  s = WaitForMultipleObjectsEx(1, &e, FALSE, 0, TRUE);
  printf("again: 0x%lx\n", s);
  waiter_ready = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE t = CreateThread(NULL, 0, alertable_waiter, NULL, 0, NULL);
  WaitForSingleObject(waiter_ready, INFINITE);
  Sleep(20);
  DWORD queued = QueueUserAPC(on_apc, t, 3);
  WaitForSingleObject(t, INFINITE);
  printf("queued to the waiter: %lu\n", queued);
  CloseHandle(t);

  printf("-- overlapped ReadFile and WriteFile of a file\n");
  OVERLAPPED o = {0};
  o.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
  o.Offset = 6;
  memset(buf, 0, sizeof buf);
  DWORD got = 0;
  BOOL ok = ReadFile(f, buf, 5, NULL, &o);
  DWORD err = ok ? 0 : GetLastError();
  if (!ok && err == ERROR_IO_PENDING) ok = GetOverlappedResult(f, &o, &got, TRUE), err = 0;
  else GetOverlappedResult(f, &o, &got, TRUE);
  printf("read at 6: %d (error %lu) \"%s\", %lu bytes, event %lu\n", ok, err, buf, got, WaitForSingleObject(o.hEvent, 0));
  o.Offset = 100;
  ResetEvent(o.hEvent);
  ok = ReadFile(f, buf, 5, NULL, &o);
  err = GetLastError();
  if (!ok && err == ERROR_IO_PENDING) {
    ok = GetOverlappedResult(f, &o, &got, TRUE);
    err = GetLastError();
  }
  printf("read past the end: %d, error %lu\n", ok, err);
  CloseHandle(f);
  DeleteFileA(name);

  printf("-- overlapped ReadFile of a named pipe\n");
  char pipe_name[64];
  snprintf(pipe_name, sizeof pipe_name, "\\\\.\\pipe\\async_io_%lu", GetCurrentProcessId());
  HANDLE server = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE | PIPE_WAIT, 1,
                                   4096, 4096, 0, NULL);
  pipe_client = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  HANDLE port = CreateIoCompletionPort(server, NULL, 77, 0);
  OVERLAPPED po = {0};
  po.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
  memset(buf, 0, sizeof buf);
  read_issued = CreateEventA(NULL, TRUE, FALSE, NULL);
  t = CreateThread(NULL, 0, late_writer, NULL, 0, NULL);
  ok = ReadFile(server, buf, sizeof buf - 1, NULL, &po);
  err = GetLastError();
  SetEvent(read_issued);
  printf("read with nothing there: %d, error %lu, done yet: %d\n", ok, err, HasOverlappedIoCompleted(&po));
  DWORD w = WaitForSingleObject(po.hEvent, 2000);
  ok = GetOverlappedResult(server, &po, &got, FALSE);
  printf("event: %lu, result %d: %lu bytes \"%s\"\n", w, ok, got, buf);
  DWORD bytes;
  ULONG_PTR key;
  LPOVERLAPPED done_ov;
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &done_ov, 1000);
  printf("port: %d, %lu bytes, key %lu, the same OVERLAPPED: %d\n", ok, bytes, (unsigned long)key, done_ov == &po);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(pipe_client);
  ResetEvent(po.hEvent);
  ok = ReadFile(server, buf, sizeof buf - 1, NULL, &po);
  err = GetLastError();
  if (!ok && err == ERROR_IO_PENDING) {
    ok = GetOverlappedResult(server, &po, &got, TRUE);
    err = GetLastError();
  }
  printf("read after the client closed: %d, error %lu\n", ok, err);
  CloseHandle(server);
  CloseHandle(port);
  return 0;
}
