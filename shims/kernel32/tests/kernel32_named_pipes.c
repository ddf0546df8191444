/* Named pipes and PeekNamedPipe: a byte-type pipe between two threads (an echo server that
   disconnects and serves a second client); a message-type pipe in one thread (messages read in
   part with ERROR_MORE_DATA, byte and message read modes, an empty message, PeekNamedPipe's counts,
   GetNamedPipeInfo, the errors of a listening, busy, disconnected and closed pipe, instances,
   PIPE_NOWAIT, access); a client in another process (WaitNamedPipe, CallNamedPipe, the client's
   process id); PeekNamedPipe of an anonymous pipe, a file and NUL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static char pipe_name[128];

static void show(const char* what, BOOL ok) {
  DWORD e = ok ? 0 : GetLastError();
  printf("%-44s %s", what, ok ? "ok" : "failed");
  if (!ok) printf(", error %lu", e);
  printf("\n");
}

/* ---- 1. byte type, two threads ---- */

struct echo_client {
  const char* text;
  char reply[64];
  BOOL connected;
};

static DWORD WINAPI client_thread(void* arg) {
  struct echo_client* c = arg;
  DWORD n = 0;
  c->connected = WaitNamedPipeA(pipe_name, 10000);
  HANDLE h = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  if (h == INVALID_HANDLE_VALUE) return 1;
  WriteFile(h, c->text, (DWORD)strlen(c->text), &n, NULL);
  ReadFile(h, c->reply, sizeof c->reply - 1, &n, NULL);
  c->reply[n] = 0;
  CloseHandle(h);
  return 0;
}

static void byte_pipe_between_threads(void) {
  printf("-- a byte pipe between threads\n");
  HANDLE s = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT, 1, 4096, 4096, 0, NULL);
  show("CreateNamedPipe", s != INVALID_HANDLE_VALUE);
  const char* texts[2] = {"first client", "second client"};
  for (int i = 0; i < 2; ++i) {
    struct echo_client c = {texts[i], "", FALSE};
    HANDLE t = CreateThread(NULL, 0, client_thread, &c, 0, NULL);
    BOOL ok = ConnectNamedPipe(s, NULL) || GetLastError() == ERROR_PIPE_CONNECTED;
    char buf[64];
    DWORD n = 0;
    ReadFile(s, buf, sizeof buf - 1, &n, NULL);
    buf[n] = 0;
    for (DWORD k = 0; k < n; ++k)
      if (buf[k] >= 'a' && buf[k] <= 'z') buf[k] -= 32;
    WriteFile(s, buf, n, &n, NULL);
    WaitForSingleObject(t, 10000);
    CloseHandle(t);
    printf("client %d: connected %s, server heard it: %s, the reply: %s\n", i + 1, ok && c.connected ? "yes" : "no",
           n ? "yes" : "no", c.reply);
    show("DisconnectNamedPipe", DisconnectNamedPipe(s));
  }
  CloseHandle(s);
}

/* ---- 2. message type, one thread ---- */

static void peek(const char* what, HANDLE h, DWORD size) {
  char buf[64] = {0};
  DWORD got = 0, avail = 0, left = 0;
  BOOL ok = PeekNamedPipe(h, buf, size, &got, &avail, &left);
  if (!ok) printf("%s: PeekNamedPipe failed, error %lu\n", what, GetLastError());
  else printf("%s: peeked %lu [%.*s], %lu available, %ld left in the message\n", what, got, (int)got, buf, avail, (long)left);
}

static void read_some(const char* what, HANDLE h, DWORD size) {
  char buf[64] = {0};
  DWORD n = 0;
  BOOL ok = ReadFile(h, buf, size, &n, NULL);
  DWORD e = ok ? 0 : GetLastError();
  printf("%s: %s", what, ok ? "ok" : "failed");
  if (!ok) printf(", error %lu", e);
  printf(", %lu bytes [%.*s]\n", n, (int)n, buf);
}

static void message_pipe(void) {
  printf("-- a message pipe\n");
  HANDLE s, c;
  DWORD n;
  show("CreateNamedPipe, bad name", CreateNamedPipeA("\\\\.\\notpipe\\x", PIPE_ACCESS_DUPLEX, 0, 1, 4096, 4096, 0, NULL) != INVALID_HANDLE_VALUE);
  show("CreateNamedPipe, byte type read as messages",
       CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_READMODE_MESSAGE, 1, 4096, 4096, 0, NULL) != INVALID_HANDLE_VALUE);
  show("WaitNamedPipe before there is one", WaitNamedPipeA(pipe_name, 10));
  show("CreateFile before there is one",
       CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL) != INVALID_HANDLE_VALUE);
  s = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT, 1, 512, 256, 0, NULL);
  show("CreateNamedPipe", s != INVALID_HANDLE_VALUE);
  show("a second instance of one", CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE, 1, 4096, 4096, 0, NULL) != INVALID_HANDLE_VALUE);
  show("ReadFile while listening", ReadFile(s, &n, 1, &n, NULL));
  peek("listening", s, 4);
  c = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  show("CreateFile", c != INVALID_HANDLE_VALUE);
  show("another client", CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL) != INVALID_HANDLE_VALUE);
  show("WaitNamedPipe while it is taken", WaitNamedPipeA(pipe_name, 20));
  show("ConnectNamedPipe after the client came", ConnectNamedPipe(s, NULL));
  show("ConnectNamedPipe of the client end", ConnectNamedPipe(c, NULL));
  DWORD flags = 0, out_size = 0, in_size = 0, max = 0;
  GetNamedPipeInfo(s, &flags, &out_size, &in_size, &max);
  printf("server end: flags %lu, buffers %lu and %lu, %lu instance(s)\n", flags, out_size, in_size, max);
  GetNamedPipeInfo(c, &flags, &out_size, &in_size, &max);
  printf("client end: flags %lu, buffers %lu and %lu, %lu instance(s)\n", flags, out_size, in_size, max);

  WriteFile(s, "first message", 13, &n, NULL);
  WriteFile(s, "second", 6, &n, NULL);
  peek("two messages", c, 5);
  peek("two messages", c, sizeof "first message" + 10);
  read_some("client (byte read mode) reads 5", c, 5);
  read_some("client (byte read mode) reads the rest", c, 40);
  DWORD mode = PIPE_READMODE_MESSAGE;
  show("client to message read mode", SetNamedPipeHandleState(c, &mode, NULL, NULL));
  WriteFile(s, "third message", 13, &n, NULL);
  WriteFile(s, "", 0, &n, NULL);
  WriteFile(s, "fourth", 6, &n, NULL);
  read_some("client reads 5 of a message", c, 5);
  peek("the rest of it", c, 20);
  read_some("client reads the rest", c, 40);
  read_some("client reads an empty message", c, 40);
  read_some("client reads a message", c, 40);
  WriteFile(c, "to the server", 13, &n, NULL);
  read_some("server reads 2 of a message", s, 2);
  read_some("server reads the rest", s, 40);

  CloseHandle(c);
  show("CreateFile before DisconnectNamedPipe", CreateFileA(pipe_name, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) != INVALID_HANDLE_VALUE);
  read_some("server reads, the client gone", s, 40);
  show("server writes, the client gone", WriteFile(s, "x", 1, &n, NULL));
  show("ConnectNamedPipe, the client gone", ConnectNamedPipe(s, NULL));
  show("DisconnectNamedPipe", DisconnectNamedPipe(s));
  read_some("server reads, disconnected", s, 40);
  show("CreateFile before ConnectNamedPipe again", CreateFileA(pipe_name, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) != INVALID_HANDLE_VALUE);
  CloseHandle(s);

  /* Access: an inbound pipe takes writing clients only; its server end only reads. */
  s = CreateNamedPipeA(pipe_name, PIPE_ACCESS_INBOUND, PIPE_TYPE_BYTE, 2, 4096, 4096, 0, NULL);
  show("inbound CreateNamedPipe", s != INVALID_HANDLE_VALUE);
  show("a duplex instance of it", CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 2, 4096, 4096, 0, NULL) != INVALID_HANDLE_VALUE);
  show("a reading client", CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL) != INVALID_HANDLE_VALUE);
  c = CreateFileA(pipe_name, GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  show("a writing client", c != INVALID_HANDLE_VALUE);
  show("the server writes", WriteFile(s, "x", 1, &n, NULL));
  WriteFile(c, "inbound", 7, &n, NULL);
  read_some("the server reads", s, 40);
  CloseHandle(s);
  show("the client writes, the server gone", WriteFile(c, "x", 1, &n, NULL));
  CloseHandle(c);

  /* PIPE_NOWAIT: nothing waits. */
  s = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_NOWAIT, 1, 4096, 4096, 0, NULL);
  show("PIPE_NOWAIT: ConnectNamedPipe", ConnectNamedPipe(s, NULL));
  c = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  show("PIPE_NOWAIT: ConnectNamedPipe, a client came", ConnectNamedPipe(s, NULL));
  read_some("PIPE_NOWAIT: read of nothing", s, 4);
  CloseHandle(c);
  CloseHandle(s);

  /* FILE_FLAG_FIRST_PIPE_INSTANCE while an instance exists (on a name of its own). wine 8.0 makes
     the instance; Windows refuses it, as its documentation says. */
  char other[160];
  snprintf(other, sizeof other, "%s-first", pipe_name);
  s = CreateNamedPipeA(other, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 2, 4096, 4096, 0, NULL);
  HANDLE first = CreateNamedPipeA(other, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_TYPE_BYTE, 2, 4096, 4096, 0, NULL);
  show("FILE_FLAG_FIRST_PIPE_INSTANCE, a second one", first != INVALID_HANDLE_VALUE);
  if (first != INVALID_HANDLE_VALUE) CloseHandle(first);
  CloseHandle(s);
}

/* ---- 3. a client in another process ---- */

static int child_client(void) {
  if (!WaitNamedPipeA(pipe_name, 10000)) {
    printf("child: WaitNamedPipe failed, error %lu\n", GetLastError());
    return 1;
  }
  char answer[64] = {0};
  DWORD n = 0;
  BOOL ok = CallNamedPipeA(pipe_name, "a question", 10, answer, sizeof answer, &n, NMPWAIT_WAIT_FOREVER);
  printf("child: CallNamedPipe %s, answer [%.*s]\n", ok ? "ok" : "failed", (int)n, answer);
  fflush(stdout);
  return ok ? 0 : 1;
}

static void client_process(const char* self) {
  printf("-- a client in another process\n");
  fflush(stdout);
  HANDLE s = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1, 4096, 4096, 0, NULL);
  char cmd[2 * MAX_PATH];
  snprintf(cmd, sizeof cmd, "\"%s\" client \"%s\"", self, pipe_name);
  STARTUPINFOA si = {sizeof si};
  PROCESS_INFORMATION pi;
  if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) return;
  BOOL ok = ConnectNamedPipe(s, NULL) || GetLastError() == ERROR_PIPE_CONNECTED;
  char q[64] = {0};
  DWORD n = 0;
  ReadFile(s, q, sizeof q - 1, &n, NULL);
  ULONG pid = 0;
  GetNamedPipeClientProcessId(s, &pid);
  WriteFile(s, "an answer", 9, &n, NULL);
  WaitForSingleObject(pi.hProcess, 10000);
  DWORD code = 1;
  GetExitCodeProcess(pi.hProcess, &code);
  printf("server: connected %s, heard [%s], the client's process id is the child's: %s, child's exit code %lu\n",
         ok ? "yes" : "no", q, pid == pi.dwProcessId ? "yes" : "no", code);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);
  CloseHandle(s);
}

/* ---- 4. PeekNamedPipe of other handles ---- */

static void anonymous_pipe(void) {
  printf("-- PeekNamedPipe of an anonymous pipe, a file and NUL\n");
  HANDLE r, w;
  DWORD n;
  CreatePipe(&r, &w, NULL, 0);
  peek("empty", r, 4);
  peek("the write end", w, 4);
  WriteFile(w, "hello", 5, &n, NULL);
  peek("5 bytes", r, 4);
  ReadFile(r, &n, 2, &n, NULL);
  peek("after reading 2", r, 10);
  DWORD avail = 0;
  PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL);
  printf("no buffer: %lu available\n", avail);
  CloseHandle(w);
  peek("the writer gone, data left", r, 10);
  read_some("read", r, 10);
  peek("the writer gone, empty", r, 10);
  read_some("read at the end", r, 10);
  CloseHandle(r);
  CreatePipe(&r, &w, NULL, 0);
  CloseHandle(r);
  show("WriteFile without a reader", WriteFile(w, "x", 1, &n, NULL));
  CloseHandle(w);
  char self[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);
  HANDLE f = CreateFileA(self, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  peek("a file", f, 4);
  CloseHandle(f);
  f = CreateFileA("NUL", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  peek("NUL", f, 4);
  CloseHandle(f);
  peek("no handle", (HANDLE)(ULONG_PTR)0x12340, 4);
}

/* ---- 5. an overlapped ConnectNamedPipe (an event, and a completion port) ---- */

static DWORD WINAPI late_client(LPVOID unused) {
  (void)unused;
  Sleep(100);
  HANDLE c = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  DWORD n;
  WriteFile(c, "late", 4, &n, NULL);
  Sleep(100);
  CloseHandle(c);
  return 0;
}

static void overlapped_connect(void) {
  printf("-- an overlapped ConnectNamedPipe\n");
  HANDLE s = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE, 1, 4096, 4096, 0, NULL);
  OVERLAPPED ov = {0};
  ov.hEvent = CreateEventA(NULL, TRUE, TRUE, NULL);
  BOOL ok = ConnectNamedPipe(s, &ov);
  DWORD error = GetLastError();
  printf("ConnectNamedPipe %d, error %lu, event reset %d\n", ok, error, WaitForSingleObject(ov.hEvent, 0) == WAIT_TIMEOUT);
  HANDLE t = CreateThread(NULL, 0, late_client, NULL, 0, NULL);
  printf("the event when a client came: %lu\n", WaitForSingleObject(ov.hEvent, 10000));
  DWORD n = 0; /* (the count of a connect is undefined: ConnectNamedPipe's page) */
  printf("GetOverlappedResult %d\n", GetOverlappedResult(s, &ov, &n, FALSE));
  char buf[8] = {0};
  ReadFile(s, buf, 4, &n, &ov);
  GetOverlappedResult(s, &ov, &n, TRUE);
  printf("read [%s]\n", buf);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  DisconnectNamedPipe(s);

  /* Through a completion port. */
  HANDLE port = CreateIoCompletionPort(s, NULL, 77, 0);
  memset(&ov, 0, sizeof ov);
  ok = ConnectNamedPipe(s, &ov);
  error = GetLastError();
  printf("again: ConnectNamedPipe %d, error %lu\n", ok, error);
  t = CreateThread(NULL, 0, late_client, NULL, 0, NULL);
  ULONG_PTR key = 0;
  OVERLAPPED* done = NULL;
  ok = GetQueuedCompletionStatus(port, &n, &key, &done, 10000);
  printf("the port's packet: %d, key %lu, its OVERLAPPED %d\n", ok, (unsigned long)key, done == &ov);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(s);

  /* The server end closed while the connect waits. */
  s = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE, 1, 4096, 4096, 0, NULL);
  memset(&ov, 0, sizeof ov);
  ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
  ConnectNamedPipe(s, &ov);
  printf("closed while pending: %lu\n", (unsigned long)GetLastError());
  CloseHandle(s);
  CloseHandle(port);
}

int main(int argc, char** argv) {
  if (argc > 2 && strcmp(argv[1], "client") == 0) {
    snprintf(pipe_name, sizeof pipe_name, "%s", argv[2]);
    return child_client();
  }
  /* A name of this process's own: runs of the sample at once do not meet. */
  snprintf(pipe_name, sizeof pipe_name, "\\\\.\\pipe\\polyrun sample %lu", GetCurrentProcessId());
  char self[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);
  byte_pipe_between_threads();
  message_pipe();
  client_process(self);
  anonymous_pipe();
  overlapped_connect();
  return 0;
}
