// Blocking calls of one thread never stall the others: workers block in ReadFile on an anonymous
// pipe, in fgets on a stream over a second pipe and in _read on a third while the main thread
// computes and prints; then the main thread writes what each waits for. Last, the main thread
// writes more into a fourth pipe than its buffer holds while a worker drains it, and ends a read
// nothing will ever satisfy with CancelSynchronousIo.
#include <fcntl.h>
#include <io.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

static HANDLE pipe_r[5], pipe_w[5], ready[5];
static char got_a[64], got_b[64], got_c[64];
static DWORD drained;

static DWORD WINAPI read_file(LPVOID arg) {
  (void)arg;
  DWORD n = 0;
  SetEvent(ready[0]);
  if (!ReadFile(pipe_r[0], got_a, sizeof got_a - 1, &n, NULL)) return 1;
  got_a[n] = 0;
  return 10;
}

static DWORD WINAPI read_stream(LPVOID arg) {
  (void)arg;
  FILE* f = _fdopen(_open_osfhandle((intptr_t)pipe_r[1], _O_RDONLY), "r");
  SetEvent(ready[1]);
  if (!f || !fgets(got_b, sizeof got_b, f)) return 1;
  return 11;
}

static DWORD WINAPI read_fd(LPVOID arg) {
  (void)arg;
  int fd = _open_osfhandle((intptr_t)pipe_r[2], _O_RDONLY | _O_BINARY);
  SetEvent(ready[2]);
  int n = _read(fd, got_c, sizeof got_c - 1);
  if (n < 0) return 1;
  got_c[n] = 0;
  return 12;
}

static DWORD WINAPI drain(LPVOID arg) {
  (void)arg;
  static char buf[4096];
  DWORD n;
  SetEvent(ready[3]);
  while (ReadFile(pipe_r[3], buf, sizeof buf, &n, NULL) && n > 0) drained += n;
  return 13;
}

// A read that no write will satisfy: it ends only by CancelSynchronousIo.
static DWORD cancelled_error;
static DWORD WINAPI read_forever(LPVOID arg) {
  (void)arg;
  char buf[16];
  DWORD n = 0;
  SetEvent(ready[4]);
  BOOL ok = ReadFile(pipe_r[4], buf, sizeof buf, &n, NULL);
  cancelled_error = GetLastError();
  return ok ? 1 : 14;
}

static DWORD finished(HANDLE t) {
  DWORD code = 0;
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  return code;
}

int main(void) {
  LPTHREAD_START_ROUTINE fns[4] = {read_file, read_stream, read_fd, drain};
  HANDLE th[4];
  for (int i = 0; i < 5; ++i) {
    if (!CreatePipe(&pipe_r[i], &pipe_w[i], NULL, 0)) return 2;
    ready[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
  }
  for (int i = 0; i < 3; ++i) {
    th[i] = CreateThread(NULL, 0, fns[i], NULL, 0, NULL);
    WaitForSingleObject(ready[i], INFINITE);
  }
  // The readers block (or are about to): the main thread computes meanwhile.
  volatile unsigned sum = 0;
  for (int round = 1; round <= 3; ++round) {
    for (unsigned i = 0; i < 200000; ++i) sum = sum * 31 + i;
    printf("main: round %d computed %08x\n", round, sum);
  }
  printf("readers still waiting: %s\n", WaitForMultipleObjects(3, th, FALSE, 0) == WAIT_TIMEOUT ? "yes" : "no");

  DWORD n;
  WriteFile(pipe_w[0], "to ReadFile\n", 12, &n, NULL);
  DWORD code = finished(th[0]);
  printf("ReadFile got: %s", got_a);
  printf("thread exit %lu\n", code);
  WriteFile(pipe_w[1], "to fgets\nand more", 17, &n, NULL);
  code = finished(th[1]);
  printf("fgets got: %s", got_b);
  printf("thread exit %lu\n", code);
  WriteFile(pipe_w[2], "to _read", 8, &n, NULL);
  code = finished(th[2]);
  printf("_read got: %s\n", got_c);
  printf("thread exit %lu\n", code);

  // A write larger than the pipe's buffer returns once the worker has drained enough of it.
  th[3] = CreateThread(NULL, 0, drain, NULL, 0, NULL);
  WaitForSingleObject(ready[3], INFINITE);
  static char big[256 * 1024];
  memset(big, 'x', sizeof big);
  BOOL ok = WriteFile(pipe_w[3], big, sizeof big, &n, NULL);
  printf("WriteFile wrote %lu: %d\n", n, ok);
  CloseHandle(pipe_w[3]);
  code = finished(th[3]);
  printf("drained %lu, thread exit %lu\n", drained, code);

  // CancelSynchronousIo: nothing to cancel on a thread that is not in I/O (the caller itself, or
  // one that has ended); the blocked reader's ReadFile fails with ERROR_OPERATION_ABORTED. (The
  // reader may not have entered ReadFile yet when the first call comes: it is asked again.)
  SetLastError(0);
  BOOL none = CancelSynchronousIo(GetCurrentThread());
  printf("CancelSynchronousIo of itself: %d, error %lu\n", none, GetLastError());
  th[4] = CreateThread(NULL, 0, read_forever, NULL, 0, NULL);
  WaitForSingleObject(ready[4], INFINITE);
  int tries = 0;
  BOOL cancelled = FALSE;
  while (!(cancelled = CancelSynchronousIo(th[4])) && GetLastError() == ERROR_NOT_FOUND && ++tries < 500) Sleep(10);
  printf("CancelSynchronousIo of the reader: %d\n", cancelled);
  code = finished(th[4]);
  printf("its ReadFile failed with %lu, thread exit %lu\n", cancelled_error, code);
  SetLastError(0);
  none = CancelSynchronousIo(th[4]);
  printf("CancelSynchronousIo of the ended reader: %d, error %lu\n", none, GetLastError());
  return 0;
}
