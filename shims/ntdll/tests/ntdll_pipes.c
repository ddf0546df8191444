// Pipes through the native API, as Rust's standard library makes the pipes of a child's standard
// I/O: NtOpenFile of the pipe device (\??\PIPE\), NtCreateNamedPipeFile under it with no name (an
// unnamed pipe, overlapped), NtOpenFile of the empty name relative to the pipe (its other end,
// synchronous, inheritable), then a child process writing into that end while this one reads with
// ReadFileEx and an alertable SleepEx. Also a named pipe made by NtCreateNamedPipeFile and opened
// by CreateFile, FILE_CREATE of an existing pipe, and names that are not the pipe device's.
// Links: -lntdll
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <winternl.h>

typedef NTSTATUS(NTAPI* CreateNamedPipeFn)(PHANDLE, ULONG, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK, ULONG, ULONG, ULONG,
                                           ULONG, ULONG, ULONG, ULONG, ULONG, ULONG, PLARGE_INTEGER);
typedef NTSTATUS(NTAPI* OpenFileFn)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK, ULONG, ULONG);

static CreateNamedPipeFn create_pipe;
static OpenFileFn open_file;

#define FILE_CREATE_ 2
#define FILE_OPEN_IF_ 3
#define FILE_SYNCHRONOUS_IO_NONALERT_ 0x20
#define FILE_NON_DIRECTORY_FILE_ 0x40

static void init_name(UNICODE_STRING* u, const wchar_t* s) {
  u->Buffer = (PWSTR)s;
  u->Length = (USHORT)(wcslen(s) * 2);
  u->MaximumLength = u->Length + 2;
}

static HANDLE open_relative(HANDLE root, const wchar_t* name, ACCESS_MASK access, ULONG attributes, ULONG options,
                            NTSTATUS* status) {
  UNICODE_STRING u = {0, 0, NULL};
  if (name) init_name(&u, name);
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, &u, attributes, root, NULL);
  IO_STATUS_BLOCK io;
  HANDLE h = NULL;
  *status = open_file(&h, access, &oa, &io, FILE_SHARE_READ | FILE_SHARE_WRITE, options);
  return h;
}

static HANDLE make_pipe(HANDLE root, const wchar_t* name, ULONG share, ULONG disposition, ULONG options,
                        NTSTATUS* status) {
  UNICODE_STRING u = {0, 0, NULL};
  if (name) init_name(&u, name);
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, &u, 0, root, NULL);
  IO_STATUS_BLOCK io;
  LARGE_INTEGER timeout;
  timeout.QuadPart = -50 * 10000;
  HANDLE h = NULL;
  *status = create_pipe(&h, SYNCHRONIZE | (share == FILE_SHARE_WRITE ? GENERIC_READ : GENERIC_WRITE), &oa, &io,
                        share, disposition, options, 0, 0, 0, 1, 65536, 65536, &timeout);
  return h;
}

static DWORD completed_error, completed_bytes;
static VOID CALLBACK on_read(DWORD error, DWORD bytes, LPOVERLAPPED ov) {
  (void)ov;
  completed_error = error;
  completed_bytes = bytes;
}

// Reads what the pipe gives until it breaks, a ReadFileEx and an alertable sleep at a time.
static DWORD read_all(HANDLE h, char* out, DWORD size) {
  DWORD got = 0;
  for (;;) {
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    completed_error = 0xffffffff;
    // (With every writer gone, the read fails at once, or completes with the error if it was
    // pending when the last writer went.)
    DWORD error = 0;
    if (!ReadFileEx(h, out + got, size - 1 - got, &ov, on_read)) {
      error = GetLastError();
    } else {
      while (completed_error == 0xffffffff) SleepEx(INFINITE, TRUE);
      error = completed_error;
    }
    if (error) {
      printf("the reads ended with error %lu\n", error);
      break;
    }
    got += completed_bytes;
  }
  out[got] = 0;
  return got;
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) {
    printf("the child writes a line\n");
    printf("and another\n");
    return 7;
  }
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  create_pipe = (CreateNamedPipeFn)GetProcAddress(ntdll, "NtCreateNamedPipeFile");
  open_file = (OpenFileFn)GetProcAddress(ntdll, "NtOpenFile");
  printf("NtCreateNamedPipeFile found: %s\n", create_pipe ? "yes" : "no");
  if (!create_pipe || !open_file) return 1;

  NTSTATUS st;
  HANDLE device = open_relative(NULL, L"\\??\\PIPE\\", SYNCHRONIZE | GENERIC_READ, 0, FILE_SYNCHRONOUS_IO_NONALERT_, &st);
  printf("pipe device: %08lx\n", (unsigned long)st);
  HANDLE ours = make_pipe(device, NULL, FILE_SHARE_WRITE, FILE_CREATE_, 0, &st);
  printf("unnamed pipe: %08lx\n", (unsigned long)st);
  HANDLE theirs = open_relative(ours, NULL, SYNCHRONIZE | GENERIC_WRITE | FILE_READ_ATTRIBUTES, OBJ_INHERIT,
                                FILE_NON_DIRECTORY_FILE_ | FILE_SYNCHRONOUS_IO_NONALERT_, &st);
  printf("its other end: %08lx\n", (unsigned long)st);
  DWORD flags = 0;
  GetHandleInformation(theirs, &flags);
  printf("other end inheritable: %lu\n", flags & HANDLE_FLAG_INHERIT);

  // The child's standard output is the other end.
  char self[MAX_PATH], cmd[MAX_PATH + 16];
  GetModuleFileNameA(NULL, self, sizeof self);
  snprintf(cmd, sizeof cmd, "\"%s\" child", self);
  STARTUPINFOA si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  si.hStdOutput = theirs;
  si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION pi;
  if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
    printf("CreateProcess failed: %lu\n", GetLastError());
    return 1;
  }
  CloseHandle(theirs);  // the child holds the only writer now
  char buf[256];
  DWORD n = read_all(ours, buf, sizeof buf);
  printf("read %lu bytes from the child:\n%s", n, buf);
  WaitForSingleObject(pi.hProcess, INFINITE);
  DWORD code = 0;
  GetExitCodeProcess(pi.hProcess, &code);
  printf("child exit %lu\n", code);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);
  CloseHandle(ours);

  // A named pipe made through the native API, its client end opened by CreateFile.
  HANDLE named = make_pipe(NULL, L"\\??\\PIPE\\polyrun-nt-pipes-sample", FILE_SHARE_READ, FILE_CREATE_,
                           FILE_SYNCHRONOUS_IO_NONALERT_, &st);
  printf("named pipe: %08lx\n", (unsigned long)st);
  HANDLE again = make_pipe(NULL, L"\\??\\PIPE\\polyrun-nt-pipes-sample", FILE_SHARE_READ, FILE_CREATE_,
                           FILE_SYNCHRONOUS_IO_NONALERT_, &st);
  printf("FILE_CREATE of it again: %08lx\n", (unsigned long)st);
  if (again) CloseHandle(again);
  HANDLE client = CreateFileA("\\\\.\\pipe\\polyrun-nt-pipes-sample", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
  printf("CreateFile of its name: %s\n", client != INVALID_HANDLE_VALUE ? "opened" : "failed");
  DWORD wrote = 0, got = 0;
  WriteFile(named, "through the named pipe", 22, &wrote, NULL);
  memset(buf, 0, sizeof buf);
  ReadFile(client, buf, sizeof buf - 1, &got, NULL);
  printf("the client read %lu bytes: %s\n", got, buf);
  CloseHandle(client);
  CloseHandle(named);

  // Names that are no pipe's.
  open_relative(NULL, L"\\??\\PIPE\\polyrun-no-such-pipe", GENERIC_READ, 0, FILE_SYNCHRONOUS_IO_NONALERT_, &st);
  printf("NtOpenFile of a pipe no one made: %08lx\n", (unsigned long)st);
  make_pipe(NULL, L"\\??\\C:\\not-a-pipe", FILE_SHARE_READ, FILE_CREATE_, 0, &st);
  printf("NtCreateNamedPipeFile outside the pipe device: %08lx\n", (unsigned long)st);
  CloseHandle(device);
  return 0;
}
