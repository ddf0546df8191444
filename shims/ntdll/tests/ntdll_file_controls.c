/* NTDLL's file functions of their own families: pages written and read back by segments
 * (NtWriteFileGather, NtReadFileScatter on an overlapped handle: pending, then the event and the
 * IO_STATUS_BLOCK), the named pipe file system's controls (NtFsControlFile: peek, listen,
 * disconnect, a transaction, waiting for an instance through the pipe device, the connection's
 * process ids), a reparse point asked of a plain file, extended attributes (NtQueryEaFile,
 * NtSetEaFile), a volume's label (NtSetVolumeInformationFile), another thread's synchronous read
 * cancelled (NtCancelSynchronousIoFile) and mailslots (NtCreateMailslotFile; a client opened by
 * NtCreateFile; messages written, counted, read whole, a read timeout). Expected output: wine 8.0's
 * (x64), but where wine's functions are stubs (wine-differences.txt). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

typedef struct {
  union {
    NTSTATUS Status;
    PVOID Pointer;
  };
  ULONG_PTR Information;
} IOSB;
typedef struct {
  USHORT Length, MaximumLength;
  PWSTR Buffer;
} USTR;
typedef struct {
  ULONG Length;
  HANDLE RootDirectory;
  USTR* ObjectName;
  ULONG Attributes;
  PVOID SecurityDescriptor, SecurityQualityOfService;
} OA;

static NTSTATUS(NTAPI* fsctl)(HANDLE, HANDLE, void*, void*, IOSB*, ULONG, void*, ULONG, void*, ULONG);
static NTSTATUS(NTAPI* read_file)(HANDLE, HANDLE, void*, void*, IOSB*, void*, ULONG, LARGE_INTEGER*, ULONG*);
static NTSTATUS(NTAPI* write_file)(HANDLE, HANDLE, void*, void*, IOSB*, const void*, ULONG, LARGE_INTEGER*, ULONG*);

static void init_name(USTR* u, OA* oa, const WCHAR* name) {
  u->Buffer = (PWSTR)name;
  u->Length = (USHORT)(wcslen(name) * 2);
  u->MaximumLength = u->Length + 2;
  memset(oa, 0, sizeof *oa);
  oa->Length = sizeof *oa;
  oa->ObjectName = u;
}

static HANDLE transaction_server;
static DWORD WINAPI answer(void* arg) {
  char buf[64];
  DWORD n = 0;
  if (!ReadFile(transaction_server, buf, sizeof buf, &n, NULL)) return 1;
  buf[n] = 0;
  char reply[80];
  int len = snprintf(reply, sizeof reply, "answer to %s", buf);
  WriteFile(transaction_server, reply, (DWORD)len, &n, NULL);
  return 0;
}

static HANDLE blocked_read;
static volatile LONG read_ok = -1, read_error;
static DWORD WINAPI reader(void* arg) {
  char c;
  DWORD n;
  read_ok = ReadFile(blocked_read, &c, 1, &n, NULL);
  read_error = (LONG)GetLastError();
  return 0;
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * scatter)(HANDLE, HANDLE, void*, void*, IOSB*, FILE_SEGMENT_ELEMENT*, ULONG, LARGE_INTEGER*, ULONG*) =
      (void*)FN("NtReadFileScatter");
  NTSTATUS(NTAPI * gather)(HANDLE, HANDLE, void*, void*, IOSB*, FILE_SEGMENT_ELEMENT*, ULONG, LARGE_INTEGER*, ULONG*) =
      (void*)FN("NtWriteFileGather");
  fsctl = (void*)FN("NtFsControlFile");
  NTSTATUS(NTAPI * query_ea)(HANDLE, IOSB*, void*, ULONG, BOOLEAN, void*, ULONG, ULONG*, BOOLEAN) = (void*)FN("NtQueryEaFile");
  NTSTATUS(NTAPI * set_ea)(HANDLE, IOSB*, void*, ULONG) = (void*)FN("NtSetEaFile");
  NTSTATUS(NTAPI * set_volume)(HANDLE, IOSB*, void*, ULONG, ULONG) = (void*)FN("NtSetVolumeInformationFile");
  NTSTATUS(NTAPI * cancel_sync)(HANDLE, IOSB*, IOSB*) = (void*)FN("NtCancelSynchronousIoFile");
  NTSTATUS(NTAPI * create_mailslot)(HANDLE*, ULONG, OA*, IOSB*, ULONG, ULONG, ULONG, LARGE_INTEGER*) =
      (void*)FN("NtCreateMailslotFile");
  NTSTATUS(NTAPI * create_file)(HANDLE*, ULONG, OA*, IOSB*, LARGE_INTEGER*, ULONG, ULONG, ULONG, ULONG, void*, ULONG) =
      (void*)FN("NtCreateFile");
  NTSTATUS(NTAPI * open_file)(HANDLE*, ULONG, OA*, IOSB*, ULONG, ULONG) = (void*)FN("NtOpenFile");
  NTSTATUS(NTAPI * query_file)(HANDLE, IOSB*, void*, ULONG, ULONG) = (void*)FN("NtQueryInformationFile");
  read_file = (void*)FN("NtReadFile");
  write_file = (void*)FN("NtWriteFile");
  printf("found: %d %d %d %d %d %d %d %d\n", scatter != NULL, gather != NULL, fsctl != NULL, query_ea != NULL,
         set_ea != NULL, set_volume != NULL, cancel_sync != NULL, create_mailslot != NULL);
  printf("Zw names: %d %d %d %d\n", FN("ZwReadFileScatter") != NULL, FN("ZwFsControlFile") != NULL,
         FN("ZwQueryEaFile") != NULL, FN("ZwCreateMailslotFile") != NULL);
  IOSB io;
  NTSTATUS s;

  /* ---- pages by segments ---- */
  char path[MAX_PATH];
  GetTempPathA(sizeof path - 40, path);
  strcat(path, "polyrun_segments.bin");
  HANDLE f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                         FILE_FLAG_OVERLAPPED | FILE_FLAG_NO_BUFFERING | FILE_FLAG_DELETE_ON_CLOSE, NULL);
  BYTE* pages = VirtualAlloc(NULL, 4 * 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  memset(pages, 'a', 4096);
  memset(pages + 4096, 'b', 4096);
  FILE_SEGMENT_ELEMENT seg[3];
  memset(seg, 0, sizeof seg);
  seg[0].Buffer = PtrToPtr64(pages);
  seg[1].Buffer = PtrToPtr64(pages + 4096);
  HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
  LARGE_INTEGER at;
  at.QuadPart = 0;
  memset(&io, 0xcc, sizeof io);
  s = gather(f, event, NULL, NULL, &io, seg, 8192, &at, NULL);
  printf("write two pages: 0x%lx, the event %lu, status 0x%lx, %lu bytes\n", S(s), S(WaitForSingleObject(event, 5000)),
         S(io.Status), S(io.Information));
  seg[0].Buffer = PtrToPtr64(pages + 8192);
  seg[1].Buffer = PtrToPtr64(pages + 12288);
  at.QuadPart = 4096;
  memset(&io, 0xcc, sizeof io);
  ResetEvent(event);
  s = scatter(f, event, NULL, NULL, &io, seg, 4096, &at, NULL);
  printf("read the second page: 0x%lx, the event %lu, status 0x%lx, %lu bytes, '%c'\n", S(s),
         S(WaitForSingleObject(event, 5000)), S(io.Status), S(io.Information), pages[8192]);
  at.QuadPart = 8192;
  memset(&io, 0xcc, sizeof io);
  s = scatter(f, event, NULL, NULL, &io, seg, 4096, &at, NULL);
  WaitForSingleObject(event, 5000);
  printf("read past the end: 0x%lx, status 0x%lx, %lu bytes\n", S(s), S(io.Status), S(io.Information));
  HANDLE plain = CreateFileA("polyrun_plain.txt", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                             FILE_FLAG_DELETE_ON_CLOSE, NULL);
  CloseHandle(f);

  /* ---- the named pipe file system ---- */
  HANDLE server = CreateNamedPipeA("\\\\.\\pipe\\polyrun_fsctl", PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT, 2,
                                   4096, 4096, 100, NULL);
  HANDLE client = CreateFileA("\\\\.\\pipe\\polyrun_fsctl", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  DWORD n;
  WriteFile(server, "hello", 5, &n, NULL);
  char peekbuf[32];
  memset(peekbuf, 0, sizeof peekbuf);
  s = fsctl(client, NULL, NULL, NULL, &io, 0x11400c /* FSCTL_PIPE_PEEK */, NULL, 0, peekbuf, sizeof peekbuf);
  ULONG* peek = (ULONG*)peekbuf;
  printf("peek: 0x%lx, state %lu, available %lu, message %lu, %lu bytes, '%.5s'\n", S(s), S(peek[0]), S(peek[1]),
         S(peek[3]), S(io.Information), peekbuf + 16);
  s = fsctl(client, NULL, NULL, NULL, &io, 0x11400c, NULL, 0, peekbuf, 8);
  printf("peek into 8 bytes: 0x%lx\n", S(s));
  char got[8];
  ReadFile(client, got, 5, &n, NULL);
  printf("the data is still there: %lu\n", S(n));
  printf("listen on the client end: 0x%lx\n", S(fsctl(client, NULL, NULL, NULL, &io, 0x110008, NULL, 0, NULL, 0)));
  printf("listen on a connected server end: 0x%lx\n", S(fsctl(server, NULL, NULL, NULL, &io, 0x110008, NULL, 0, NULL, 0)));
  ULONG_PTR pid = 0;
  s = fsctl(client, NULL, NULL, NULL, &io, 0x110030 /* FSCTL_PIPE_GET_CONNECTION_ATTRIBUTE */, "ServerProcessId", 16, &pid,
            sizeof pid);
  printf("the server's process: 0x%lx, this one %d\n", S(s), pid == GetCurrentProcessId());
  s = fsctl(server, NULL, NULL, NULL, &io, 0x110030, "ClientProcessId", 16, &pid, sizeof pid);
  printf("the client's process: 0x%lx, this one %d\n", S(s), pid == GetCurrentProcessId());
  s = fsctl(server, NULL, NULL, NULL, &io, 0x110030, "Other", 6, &pid, sizeof pid);
  printf("another attribute: 0x%lx\n", S(s));
  s = fsctl(server, NULL, NULL, NULL, &io, 0x11001c /* FSCTL_PIPE_IMPERSONATE */, NULL, 0, NULL, 0);
  HANDLE thread_token = NULL;
  NTSTATUS(NTAPI * open_thread_token)(HANDLE, ACCESS_MASK, BOOLEAN, HANDLE*) = (void*)FN("NtOpenThreadToken");
  NTSTATUS opened = open_thread_token(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread_token);
  printf("impersonate the client: 0x%lx, the thread's token 0x%lx\n", S(s), S(opened));
  if (thread_token) CloseHandle(thread_token);
  printf("disconnect: 0x%lx\n", S(fsctl(server, NULL, NULL, NULL, &io, 0x110004, NULL, 0, NULL, 0)));
  printf("disconnect again: 0x%lx\n", S(fsctl(server, NULL, NULL, NULL, &io, 0x110004, NULL, 0, NULL, 0)));
  printf("peek on the disconnected end: 0x%lx\n", S(fsctl(server, NULL, NULL, NULL, &io, 0x11400c, NULL, 0, peekbuf, sizeof peekbuf)));
  printf("the client reads: %d\n", ReadFile(client, got, 1, &n, NULL));
  CloseHandle(client);
  DWORD mode = PIPE_NOWAIT;
  SetNamedPipeHandleState(server, &mode, NULL, NULL);
  printf("listen without waiting: 0x%lx\n", S(fsctl(server, NULL, NULL, NULL, &io, 0x110008, NULL, 0, NULL, 0)));

  /* waiting for an instance, through the pipe device */
  USTR name;
  OA oa;
  HANDLE device = NULL;
  init_name(&name, &oa, L"\\??\\PIPE\\");
  s = open_file(&device, SYNCHRONIZE | FILE_READ_ATTRIBUTES, &oa, &io, FILE_SHARE_READ | FILE_SHARE_WRITE, 0);
  printf("the pipe device: 0x%lx\n", S(s));
  struct {
    LARGE_INTEGER Timeout;
    ULONG NameLength;
    BOOLEAN TimeoutSpecified;
    WCHAR Name[32];
  } wait;
  memset(&wait, 0, sizeof wait);
  wait.Timeout.QuadPart = -1000000; /* 100 ms */
  wait.TimeoutSpecified = TRUE;
  wcscpy(wait.Name, L"polyrun_fsctl");
  wait.NameLength = (ULONG)wcslen(wait.Name) * 2;
  ULONG wait_size = (ULONG)((char*)wait.Name - (char*)&wait) + wait.NameLength;
  printf("wait for a listening instance: 0x%lx\n", S(fsctl(device, NULL, NULL, NULL, &io, 0x110018, &wait, wait_size, NULL, 0)));
  wcscpy(wait.Name, L"polyrun_no_such_pipe");
  wait.NameLength = (ULONG)wcslen(wait.Name) * 2;
  wait_size = (ULONG)((char*)wait.Name - (char*)&wait) + wait.NameLength;
  printf("wait for a pipe there is not: 0x%lx\n", S(fsctl(device, NULL, NULL, NULL, &io, 0x110018, &wait, wait_size, NULL, 0)));
  CloseHandle(server);

  /* a transaction on a message pipe */
  transaction_server = CreateNamedPipeA("\\\\.\\pipe\\polyrun_transceive", PIPE_ACCESS_DUPLEX,
                                        PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT, 1, 4096, 4096, 100, NULL);
  client = CreateFileA("\\\\.\\pipe\\polyrun_transceive", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  char reply[64];
  memset(reply, 0, sizeof reply);
  s = fsctl(client, NULL, NULL, NULL, &io, 0x11c017 /* FSCTL_PIPE_TRANSCEIVE */, "ping", 4, reply, sizeof reply);
  printf("a transaction in byte read mode: 0x%lx\n", S(s));
  mode = PIPE_READMODE_MESSAGE;
  SetNamedPipeHandleState(client, &mode, NULL, NULL);
  HANDLE t = CreateThread(NULL, 0, answer, NULL, 0, NULL);
  s = fsctl(client, NULL, NULL, NULL, &io, 0x11c017, "ping", 4, reply, sizeof reply);
  printf("a transaction: 0x%lx, %lu bytes, '%s'\n", S(s), S(io.Information), reply);
  WaitForSingleObject(t, 5000);
  printf("an unknown pipe control: 0x%lx\n", S(fsctl(client, NULL, NULL, NULL, &io, 0x110fff, NULL, 0, NULL, 0)));
  CloseHandle(client);
  CloseHandle(transaction_server);

  /* ---- a plain file's controls and extended attributes ---- */
  BYTE reparse[512];
  s = fsctl(plain, NULL, NULL, NULL, &io, 0x900a8 /* FSCTL_GET_REPARSE_POINT */, NULL, 0, reparse, sizeof reparse);
  printf("a plain file's reparse point: 0x%lx\n", S(s));
  s = fsctl(plain, NULL, NULL, NULL, &io, 0x900a8, NULL, 0, NULL, 0);
  printf("without a buffer: 0x%lx\n", S(s));
  s = fsctl(plain, NULL, NULL, NULL, &io, 0x9003c /* FSCTL_GET_COMPRESSION */, NULL, 0, reparse, sizeof reparse);
  printf("a control the file system lacks: 0x%lx\n", S(s));
  BYTE ea[256];
  memset(&io, 0, sizeof io);
  s = query_ea(plain, &io, ea, sizeof ea, FALSE, NULL, 0, NULL, TRUE);
  printf("a new file's EAs: 0x%lx\n", S(s));

  /* ---- a volume's label ---- */
  struct {
    ULONG Length;
    WCHAR Label[8];
  } label = {8, L"DATA"};
  printf("set the volume's label: 0x%lx\n", S(set_volume(plain, &io, &label, sizeof label, 2 /* FileFsLabelInformation */)));
  printf("set a class that cannot be set: 0x%lx\n", S(set_volume(plain, &io, &label, sizeof label, 1)));
  CloseHandle(plain);

  /* ---- another thread's synchronous read ---- */
  HANDLE pipe_write;
  CreatePipe(&blocked_read, &pipe_write, NULL, 0);
  t = CreateThread(NULL, 0, reader, NULL, 0, NULL);
  Sleep(200);
  IOSB cancelled;
  memset(&cancelled, 0xcc, sizeof cancelled);
  s = cancel_sync(t, NULL, &cancelled);
  printf("cancel the thread's read: 0x%lx, status 0x%lx\n", S(s), S(cancelled.Status));
  WaitForSingleObject(t, 5000);
  printf("its read: %ld, error %ld\n", read_ok, read_error);
  s = cancel_sync(t, NULL, &cancelled);
  printf("cancel when it waits in none: 0x%lx, status 0x%lx\n", S(s), S(cancelled.Status));
  s = cancel_sync(GetCurrentThread(), NULL, &cancelled);
  printf("cancel this thread's: 0x%lx\n", S(s));

  /* ---- mailslots ---- */
  HANDLE slot = NULL, writer = NULL, again = NULL;
  LARGE_INTEGER timeout;
  timeout.QuadPart = 0;
  init_name(&name, &oa, L"\\??\\MAILSLOT\\polyrun\\test_slot");
  s = create_mailslot(&slot, GENERIC_READ | SYNCHRONIZE, &oa, &io, 0, 0, 64, &timeout);
  printf("create a mailslot: 0x%lx\n", S(s));
  printf("create it again: 0x%lx\n", S(create_mailslot(&again, GENERIC_READ | SYNCHRONIZE, &oa, &io, 0, 0, 64, &timeout)));
  init_name(&name, &oa, L"\\??\\MAILSLOT\\polyrun\\TEST_SLOT");
  s = create_file(&writer, GENERIC_WRITE | SYNCHRONIZE, &oa, &io, NULL, 0, FILE_SHARE_READ, FILE_OPEN,
                  FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
  printf("open it as a client (another case): 0x%lx\n", S(s));
  HANDLE unshared = NULL;
  s = create_file(&unshared, GENERIC_WRITE | SYNCHRONIZE, &oa, &io, NULL, 0, 0, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT,
                  NULL, 0);
  printf("open it without sharing the reading: 0x%lx\n", S(s));
  init_name(&name, &oa, L"\\??\\MAILSLOT\\polyrun\\no_such_slot");
  s = create_file(&unshared, GENERIC_WRITE | SYNCHRONIZE, &oa, &io, NULL, 0, FILE_SHARE_READ, FILE_OPEN,
                  FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
  printf("open a mailslot there is not: 0x%lx\n", S(s));
  struct {
    ULONG MaximumMessageSize, MailslotQuota, NextMessageSize, MessagesAvailable;
    LARGE_INTEGER ReadTimeout;
  } info;
  memset(&info, 0xcc, sizeof info);
  s = query_file(slot, &io, &info, sizeof info, 26 /* FileMailslotQueryInformation */);
  printf("query an empty mailslot: 0x%lx, largest %lu, next 0x%lx, %lu waiting, timeout %ld\n", S(s),
         S(info.MaximumMessageSize), S(info.NextMessageSize), S(info.MessagesAvailable), (long)info.ReadTimeout.QuadPart);
  s = write_file(writer, NULL, NULL, NULL, &io, "first message", 13, NULL, NULL);
  printf("write a message: 0x%lx, %lu bytes\n", S(s), S(io.Information));
  memset(&info, 0xcc, sizeof info);
  s = query_file(slot, &io, &info, sizeof info, 26);
  printf("query it: 0x%lx, next %lu, %lu waiting\n", S(s), S(info.NextMessageSize), S(info.MessagesAvailable));
  write_file(writer, NULL, NULL, NULL, &io, "second", 6, NULL, NULL);
  char msg[64];
  memset(msg, 0, sizeof msg);
  s = read_file(slot, NULL, NULL, NULL, &io, msg, 4, NULL, NULL);
  printf("read into 4 bytes: 0x%lx, %lu bytes\n", S(s), S(io.Information));
  s = read_file(slot, NULL, NULL, NULL, &io, msg, sizeof msg, NULL, NULL);
  printf("read: 0x%lx, %lu bytes, '%s'\n", S(s), S(io.Information), msg);
  memset(msg, 0, sizeof msg);
  s = read_file(slot, NULL, NULL, NULL, &io, msg, sizeof msg, NULL, NULL);
  printf("read: 0x%lx, %lu bytes, '%s'\n", S(s), S(io.Information), msg);
  s = read_file(slot, NULL, NULL, NULL, &io, msg, sizeof msg, NULL, NULL);
  printf("read with none waiting: 0x%lx\n", S(s));
  CloseHandle(writer);
  CloseHandle(slot);
  init_name(&name, &oa, L"\\??\\polyrun_not_a_mailslot");
  s = create_mailslot(&slot, GENERIC_READ | SYNCHRONIZE, &oa, &io, 0, 0, 64, &timeout);
  printf("a mailslot outside the device: 0x%lx\n", S(s));
  return 0;
}
