// How a multithreaded Windows process ends. No argument: the main thread returns (status 3) while
// one thread computes and another waits forever — the process ends with it. "worker": a worker
// thread calls exit(5) while the main thread waits forever. "mainexit": the main thread calls
// ExitThread and the process goes on until its last thread returns (status 9, that thread's code).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static HANDLE never;
static HANDLE worker_waits;  // "mainexit": set once the worker has printed its line
static volatile LONG spin = 1;

static DWORD WINAPI computes(LPVOID arg) {
  (void)arg;
  unsigned long n = 0;
  while (spin) ++n;
  return (DWORD)n;
}
static DWORD WINAPI waits(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(never, INFINITE);
  return 1;
}
static DWORD WINAPI exits(LPVOID arg) {
  (void)arg;
  Sleep(20);
  printf("worker calls exit(5)\n");
  exit(5);
}
static DWORD WINAPI outlives_main(LPVOID arg) {
  HANDLE main_thread = arg;
  printf("worker waits for the main thread\n");
  fflush(stdout);
  SetEvent(worker_waits);
  DWORD w = WaitForSingleObject(main_thread, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(main_thread, &code);
  printf("main thread ended (wait %lu, exit code %lu); worker returns 9\n", w, code);
  fflush(stdout);
  return 9;
}

static void at_exit(void) { printf("atexit function runs\n"); }

int main(int argc, char** argv) {
  never = CreateEventA(NULL, TRUE, FALSE, NULL);
  if (argc > 1 && strcmp(argv[1], "worker") == 0) {
    atexit(at_exit);
    CreateThread(NULL, 0, computes, NULL, 0, NULL);
    CreateThread(NULL, 0, exits, NULL, 0, NULL);
    WaitForSingleObject(never, INFINITE);
    printf("not reached\n");
    return 1;
  }
  if (argc > 1 && strcmp(argv[1], "mainexit") == 0) {
    HANDLE self;
    DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &self, 0, FALSE,
                    DUPLICATE_SAME_ACCESS);
    worker_waits = CreateEventA(NULL, TRUE, FALSE, NULL);
    CreateThread(NULL, 0, outlives_main, self, 0, NULL);
    WaitForSingleObject(worker_waits, INFINITE);  // its line first
    printf("main thread calls ExitThread(4)\n");
    fflush(stdout);
    ExitThread(4);
  }
  atexit(at_exit);
  CreateThread(NULL, 0, computes, NULL, 0, NULL);
  CreateThread(NULL, 0, waits, NULL, 0, NULL);
  Sleep(20);
  printf("main returns 3 while two threads run\n");
  return 3;
}
