/* Handles of processes and threads: CREATE_SUSPENDED (nothing runs until ResumeThread of the
   thread handle; its suspend count; waits on the thread handle; GetThreadId, GetProcessId,
   GetProcessTimes), and handles a child inherits: a mutex shared with it (held by the parent,
   waited for by the child, abandoned when the child ends holding it), a handle to a sibling process
   and to a thread of the parent (waited for, exit codes, TerminateProcess of the sibling from the
   child) and to the parent itself. The program runs itself as the children. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static char self[MAX_PATH];

static HANDLE handle_arg(const char* s) { return (HANDLE)(uintptr_t)strtoull(s, NULL, 10); }

static HANDLE start(const char* args, BOOL inherit, DWORD flags, PROCESS_INFORMATION* pi) {
  char cmd[2 * MAX_PATH];
  snprintf(cmd, sizeof cmd, "\"%s\" %s", self, args);
  STARTUPINFOA si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  fflush(stdout);
  if (!CreateProcessA(NULL, cmd, NULL, NULL, inherit, flags, NULL, NULL, &si, pi)) {
    printf("CreateProcess failed, error %lu\n", GetLastError());
    return NULL;
  }
  return pi->hProcess;
}

static const char* wait_name(DWORD w) {
  return w == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : w == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : w == WAIT_ABANDONED ? "WAIT_ABANDONED" : "WAIT_FAILED";
}

static int child(int argc, char** argv) {
  if (strcmp(argv[1], "hello") == 0) {
    printf("  child: running\n");
    return 21;
  }
  if (strcmp(argv[1], "sleep") == 0) {
    Sleep(atoi(argv[2]));
    return 11;
  }
  if (strcmp(argv[1], "mutex") == 0 && argc > 3) {
    HANDLE m = handle_arg(argv[2]), ready = handle_arg(argv[3]);
    printf("  child: the parent's mutex: %s\n", wait_name(WaitForSingleObject(m, 100)));
    fflush(stdout);
    SetEvent(ready);
    printf("  child: once released: %s\n", wait_name(WaitForSingleObject(m, 10000)));
    printf("  child: taken again: %s; one release: %d\n", wait_name(WaitForSingleObject(m, 0)), ReleaseMutex(m));
    return 0; /* ends still holding it once */
  }
  if (strcmp(argv[1], "watch") == 0 && argc > 5) {
    HANDLE sibling = handle_arg(argv[2]), thread = handle_arg(argv[3]), parent = handle_arg(argv[4]);
    HANDLE victim = handle_arg(argv[5]);
    DWORD code = 0;
    printf("  child: the parent: %s", wait_name(WaitForSingleObject(parent, 50)));
    GetExitCodeProcess(parent, &code);
    printf(", exit code %s\n", code == STILL_ACTIVE ? "STILL_ACTIVE" : "?");
    printf("  child: the sibling: %s", wait_name(WaitForSingleObject(sibling, 10000)));
    GetExitCodeProcess(sibling, &code);
    printf(", exit code %lu\n", code);
    printf("  child: the parent's thread: %s", wait_name(WaitForSingleObject(thread, 10000)));
    GetExitCodeThread(thread, &code);
    printf(", exit code %lu\n", code);
    printf("  child: TerminateProcess of the other sibling: %d\n", TerminateProcess(victim, 9));
    return 0;
  }
  return 1;
}

static DWORD WINAPI worker(void* arg) {
  Sleep(200);
  return 5;
}

int main(int argc, char** argv) {
  GetModuleFileNameA(NULL, self, sizeof self);
  if (argc > 1) return child(argc, argv);
  PROCESS_INFORMATION pi;
  DWORD code = 0;

  /* 1. CREATE_SUSPENDED */
  printf("CREATE_SUSPENDED:\n");
  start("hello", FALSE, CREATE_SUSPENDED, &pi);
  printf("  ids: GetProcessId %s, GetThreadId %s\n", GetProcessId(pi.hProcess) == pi.dwProcessId ? "matches" : "differs",
         GetThreadId(pi.hThread) == pi.dwThreadId ? "matches" : "differs");
  printf("  the process: %s, the thread: %s\n", wait_name(WaitForSingleObject(pi.hProcess, 200)),
         wait_name(WaitForSingleObject(pi.hThread, 0)));
  GetExitCodeProcess(pi.hProcess, &code);
  printf("  exit code %s\n", code == STILL_ACTIVE ? "STILL_ACTIVE" : "?");
  printf("  SuspendThread: %lu\n", SuspendThread(pi.hThread));
  printf("  ResumeThread: %lu\n", ResumeThread(pi.hThread));
  fflush(stdout);
  DWORD previous = ResumeThread(pi.hThread); /* the child runs now: its line comes first */
  DWORD w = WaitForSingleObject(pi.hThread, 10000);
  printf("  ResumeThread: %lu\n", previous);
  printf("  the thread: %s", wait_name(w));
  GetExitCodeThread(pi.hThread, &code);
  printf(", exit code %lu\n", code);
  printf("  ResumeThread of the ended thread: %lu\n", ResumeThread(pi.hThread));
  WaitForSingleObject(pi.hProcess, 10000);
  GetExitCodeProcess(pi.hProcess, &code);
  FILETIME created, exited, kernel, user;
  BOOL times = GetProcessTimes(pi.hProcess, &created, &exited, &kernel, &user);
  ULARGE_INTEGER c = {{created.dwLowDateTime, created.dwHighDateTime}}, e = {{exited.dwLowDateTime, exited.dwHighDateTime}};
  printf("  exit code %lu, GetProcessTimes %d, ended after it started: %s\n", code, times,
         c.QuadPart && e.QuadPart >= c.QuadPart ? "yes" : "no");
  printf("  CloseHandle of the thread: %d\n", CloseHandle(pi.hThread));
  CloseHandle(pi.hProcess);

  /* 2. A mutex the child inherits. */
  printf("a mutex shared with a child:\n");
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  HANDLE m = CreateMutexA(&inherit, TRUE, NULL), ready = CreateEventA(&inherit, TRUE, FALSE, NULL);
  char args[256];
  snprintf(args, sizeof args, "mutex %llu %llu", (unsigned long long)(uintptr_t)m, (unsigned long long)(uintptr_t)ready);
  HANDLE h = start(args, TRUE, 0, &pi);
  CloseHandle(pi.hThread);
  WaitForSingleObject(ready, 10000);
  BOOL released = ReleaseMutex(m);
  WaitForSingleObject(h, 10000);
  CloseHandle(h);
  printf("  parent: ReleaseMutex %d\n", released);
  printf("  parent: after the child ended: %s\n", wait_name(WaitForSingleObject(m, 10000)));
  printf("  parent: ReleaseMutex %d\n", ReleaseMutex(m));

  /* 3. Handles of a sibling, of a thread and of the parent itself. */
  printf("handles of other processes and threads:\n");
  HANDLE sibling = start("sleep 300", FALSE, 0, &pi);
  CloseHandle(pi.hThread);
  HANDLE victim = start("sleep 60000", FALSE, 0, &pi);
  CloseHandle(pi.hThread);
  SetHandleInformation(sibling, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
  SetHandleInformation(victim, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
  HANDLE thread = CreateThread(&inherit, 0, worker, NULL, 0, NULL);
  HANDLE me = NULL;
  DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &me, 0, TRUE, DUPLICATE_SAME_ACCESS);
  snprintf(args, sizeof args, "watch %llu %llu %llu %llu", (unsigned long long)(uintptr_t)sibling,
           (unsigned long long)(uintptr_t)thread, (unsigned long long)(uintptr_t)me, (unsigned long long)(uintptr_t)victim);
  h = start(args, TRUE, 0, &pi);
  CloseHandle(pi.hThread);
  WaitForSingleObject(h, 10000);
  GetExitCodeProcess(h, &code);
  printf("  the watching child's exit code %lu\n", code);
  printf("  the terminated sibling: %s", wait_name(WaitForSingleObject(victim, 10000)));
  GetExitCodeProcess(victim, &code);
  printf(", exit code %lu\n", code);
  return 0;
}
