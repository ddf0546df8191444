/* Child processes: CreateProcess of this program with its standard output on a pipe, inherited
   handles (a pipe's write end, an event the child sets), exit codes through GetExitCodeProcess,
   WaitForMultipleObjects on a process and an event, TerminateProcess, and the errors of a
   program or directory that does not exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static int child(int argc, char** argv) {
  if (strcmp(argv[2], "echo") == 0) {
    printf("child: %d arguments, last '%s'\n", argc, argv[argc - 1]);
    fflush(stdout);
    return 0x1234;
  }
  if (strcmp(argv[2], "signal") == 0) {
    /* argv[3]: an inherited event's handle value; argv[4]: an inherited pipe's write end. */
    HANDLE event = (HANDLE)(uintptr_t)strtoull(argv[3], NULL, 10);
    HANDLE out = (HANDLE)(uintptr_t)strtoull(argv[4], NULL, 10);
    DWORD written = 0;
    BOOL wrote = WriteFile(out, "via inherited pipe", 18, &written, NULL);
    CloseHandle(out);
    BOOL set = SetEvent(event);
    Sleep(200);
    return wrote && set ? 7 : 99;
  }
  if (strcmp(argv[2], "sleep") == 0) {
    Sleep(30000);
    return 1;
  }
  return 2;
}

int main(int argc, char** argv) {
  if (argc > 2 && strcmp(argv[1], "child") == 0) return child(argc, argv);
  char self[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);

  /* 1. Standard output on a pipe, a quoted argument, the exit code. */
  SECURITY_ATTRIBUTES inheritable = {sizeof inheritable, NULL, TRUE};
  HANDLE rd, wr;
  CreatePipe(&rd, &wr, &inheritable, 0);
  SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
  DWORD flags = 0;
  GetHandleInformation(wr, &flags);
  printf("pipe write end inheritable: %s\n", flags & HANDLE_FLAG_INHERIT ? "yes" : "no");
  GetHandleInformation(rd, &flags);
  printf("pipe read end inheritable: %s\n", flags & HANDLE_FLAG_INHERIT ? "yes" : "no");
  STARTUPINFOA si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  si.hStdOutput = wr;
  si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION pi;
  char cmd[2 * MAX_PATH];
  snprintf(cmd, sizeof cmd, "\"%s\" child echo \"two words\"", self);
  BOOL ok = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
  CloseHandle(wr);
  printf("CreateProcess: %s, ids match: %s\n", ok ? "ok" : "failed", GetProcessId(pi.hProcess) == pi.dwProcessId ? "yes" : "no");
  char buf[256];
  DWORD got = 0, total = 0;
  while (ReadFile(rd, buf + total, sizeof buf - 1 - total, &got, NULL) && got) total += got;
  buf[total] = 0;
  printf("read from the child: %s", buf);
  CloseHandle(rd);
  DWORD w = WaitForSingleObject(pi.hProcess, 10000);
  DWORD code = 0;
  GetExitCodeProcess(pi.hProcess, &code);
  printf("wait: %s, exit code %#lx\n", w == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : "other", code);
  DWORD thread_code = 0;
  WaitForSingleObject(pi.hThread, 10000);
  GetExitCodeThread(pi.hThread, &thread_code);
  printf("its main thread's exit code %#lx\n", thread_code);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);

  /* 2. An inherited event and pipe, passed by value on the command line. */
  HANDLE event = CreateEventA(&inheritable, TRUE, FALSE, NULL);
  CreatePipe(&rd, &wr, &inheritable, 0);
  snprintf(cmd, sizeof cmd, "\"%s\" child signal %llu %llu", self, (unsigned long long)(uintptr_t)event,
           (unsigned long long)(uintptr_t)wr);
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  ok = CreateProcessA(self, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
  CloseHandle(wr);
  HANDLE both[2] = {event, pi.hProcess};
  w = WaitForMultipleObjects(2, both, FALSE, 10000);
  printf("event or process: %s\n", w == WAIT_OBJECT_0 ? "the event first" : w == WAIT_OBJECT_0 + 1 ? "the process" : "neither");
  total = 0;
  while (ReadFile(rd, buf + total, sizeof buf - 1 - total, &got, NULL) && got) total += got;
  buf[total] = 0;
  printf("read: '%s'\n", buf);
  WaitForSingleObject(pi.hProcess, 10000);
  GetExitCodeProcess(pi.hProcess, &code);
  printf("exit code %lu\n", code);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);
  CloseHandle(rd);
  CloseHandle(event);

  /* 3. TerminateProcess. */
  snprintf(cmd, sizeof cmd, "\"%s\" child sleep", self);
  ok = CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);
  GetExitCodeProcess(pi.hProcess, &code);
  printf("running: %s\n", code == STILL_ACTIVE ? "STILL_ACTIVE" : "ended");
  w = WaitForSingleObject(pi.hProcess, 50);
  printf("short wait: %s\n", w == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "other");
  BOOL t = TerminateProcess(pi.hProcess, 77);
  w = WaitForSingleObject(pi.hProcess, 10000);
  GetExitCodeProcess(pi.hProcess, &code);
  printf("terminated: %d, wait %s, exit code %lu\n", t, w == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : "other", code);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);

  /* 4. Errors. */
  strcpy(cmd, "no-such-program-here.exe");
  ok = CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);
  printf("missing program: %d, error %lu\n", ok, GetLastError());
  snprintf(cmd, sizeof cmd, "\"%s\" child echo", self);
  ok = CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, "Z:\\no\\such\\directory", &si, &pi);
  printf("missing directory: %d, error %lu\n", ok, GetLastError());
  HANDLE me = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());
  printf("OpenProcess of itself: %s, same id: %s\n", me ? "a handle" : "NULL", GetProcessId(me) == GetCurrentProcessId() ? "yes" : "no");
  CloseHandle(me);
  return 0;
}
