// Critical sections made by a static initializer as Windows' headers and wine's DLLs write them,
// { debug info, -1, 0, 0, 0, 0 } (LockCount -1: never entered), rather than by
// InitializeCriticalSection: entered, entered again, tried from another thread while held and
// after it is left, by this thread and by a second one.
#include <stdio.h>
#include <windows.h>

static CRITICAL_SECTION first = {(PRTL_CRITICAL_SECTION_DEBUG)-1, -1, 0, 0, 0, 0};
static CRITICAL_SECTION second = {(PRTL_CRITICAL_SECTION_DEBUG)-1, -1, 0, 0, 0, 0};
static CRITICAL_SECTION third = {(PRTL_CRITICAL_SECTION_DEBUG)-1, -1, 0, 0, 0, 0};

static DWORD WINAPI try_it(LPVOID arg) { return TryEnterCriticalSection((CRITICAL_SECTION*)arg) ? 1 : 0; }

static DWORD WINAPI enter_leave(LPVOID arg) {
  EnterCriticalSection((CRITICAL_SECTION*)arg);
  LeaveCriticalSection((CRITICAL_SECTION*)arg);
  return 7;
}

static DWORD in_thread(LPTHREAD_START_ROUTINE fn, void* arg) {
  DWORD code = 0;
  HANDLE t = CreateThread(NULL, 0, fn, arg, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  CloseHandle(t);
  return code;
}

int main(void) {
  EnterCriticalSection(&first);
  EnterCriticalSection(&first);
  printf("entered twice: recursion %ld\n", first.RecursionCount);
  printf("another thread's try while held: %lu\n", in_thread(try_it, &first));
  LeaveCriticalSection(&first);
  LeaveCriticalSection(&first);
  printf("another thread's try once left: %lu\n", in_thread(try_it, &first));
  printf("try (the other thread left it held): %d\n", TryEnterCriticalSection(&first));
  printf("try, never entered: %d\n", TryEnterCriticalSection(&second));
  LeaveCriticalSection(&second);
  printf("another thread enters and leaves, never entered: %lu\n", in_thread(enter_leave, &third));
  EnterCriticalSection(&third);
  printf("entered after it: recursion %ld\n", third.RecursionCount);
  LeaveCriticalSection(&third);
  return 0;
}
