/* NTDLL's TEB active frames (RtlPushFrame, RtlPopFrame, RtlGetFrame), the placeholder
 * compatibility modes, the package identity of a process outside any package, and
 * RtlUserThreadStart as a thread's start. Expected output: wine 8.0's (x64), but for the
 * placeholder modes' setters, which wine lacks (wine-differences.txt). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct FRAME {
  ULONG Flags;
  struct FRAME* Previous;
  const void* Context;
} FRAME;

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
static void(NTAPI* push)(FRAME*);
static void(NTAPI* pop)(FRAME*);
static FRAME*(NTAPI* get_frame)(void);
static void(NTAPI* user_thread_start)(void*, void*);

static DWORD WINAPI body(void* arg) {
  FRAME f = {0, NULL, NULL};
  push(&f);
  int mine = get_frame() == &f;
  pop(&f);
  printf("  thread: argument %lu, own frames %d\n", (ULONG)(ULONG_PTR)arg, mine);
  fflush(stdout);
  return (DWORD)(ULONG_PTR)arg * 2;
}
static volatile int after_start;
static DWORD WINAPI starter(void* arg) {
  user_thread_start((void*)body, arg);
  after_start = 1;  /* never reached: the thread ends with body's result */
  return 999;
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  push = (void*)FN("RtlPushFrame");
  pop = (void*)FN("RtlPopFrame");
  get_frame = (void*)FN("RtlGetFrame");
  user_thread_start = (void*)FN("RtlUserThreadStart");
  char(NTAPI * query_process)(void) = (void*)FN("RtlQueryProcessPlaceholderCompatibilityMode");
  NTSTATUS(NTAPI * package)(HANDLE, WCHAR*, SIZE_T*, WCHAR*, SIZE_T*, BOOLEAN*) = (void*)FN("RtlQueryPackageIdentity");
  printf("functions: %d %d %d %d %d %d\n", !!push, !!pop, !!get_frame, !!user_thread_start, !!query_process,
         !!package);

  FRAME* start = get_frame();
  FRAME a = {1, (FRAME*)0x1234, (void*)0x10}, b = {2, NULL, (void*)0x20}, c = {3, NULL, NULL};
  push(&a);
  printf("push a: top is a %d, a's previous is the one before %d\n", get_frame() == &a, a.Previous == start);
  push(&b);
  printf("push b: top is b %d, b's previous is a %d, flags %lu\n", get_frame() == &b, b.Previous == &a,
         get_frame()->Flags);
  pop(&a);
  printf("pop a (not the top): top is what a followed %d\n", get_frame() == start);
  pop(&c);
  printf("pop c (never pushed): top is null %d\n", get_frame() == NULL);
  pop(&b);
  printf("pop b: top is a %d\n", get_frame() == &a);
  pop(&a);
  printf("pop a: back to the start %d\n", get_frame() == start);

  HANDLE t = CreateThread(NULL, 0, starter, (void*)21, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(t, &code);
  CloseHandle(t);
  printf("RtlUserThreadStart: exit code %lu, returned to its caller %d, frames here unchanged %d\n", code,
         after_start, get_frame() == start);

  printf("process placeholder mode: %d\n", query_process());
  WCHAR name[64], app[64];
  SIZE_T name_size = sizeof name, app_size = sizeof app;
  BOOLEAN packaged = 7;
  NTSTATUS st = package(GetCurrentProcessToken(), name, &name_size, app, &app_size, &packaged);
  printf("package identity: %08lx\n", st);

  char(NTAPI * set_process)(char) = (void*)FN("RtlSetProcessPlaceholderCompatibilityMode");
  char(NTAPI * query_thread)(void) = (void*)FN("RtlQueryThreadPlaceholderCompatibilityMode");
  char(NTAPI * set_thread)(char) = (void*)FN("RtlSetThreadPlaceholderCompatibilityMode");
  if (set_process && query_thread && set_thread) {
    printf("setters: process %d", set_process(2));
    printf(" then %d", query_process());
    printf(" bad %d", set_process(3));
    printf(" back %d;", set_process(0));
    printf(" thread %d", query_thread());
    printf(" set %d", set_thread(1));
    printf(" then %d", query_thread());
    printf(" bad %d", set_thread(-2));
    printf(" back %d\n", set_thread(0));
  } else {
    printf("setters: none\n");
  }
  return 0;
}
