/* NTDLL's RtlpWaitForCriticalSection and RtlpUnWaitCriticalSection: a thread waits on a critical
 * section's wake-up until another gives it. Expected output: wine 8.0's (x64); the i686 build is
 * held to the same file. */
#include <stdio.h>
#include <windows.h>

typedef LONG(NTAPI* Wait_fn)(CRITICAL_SECTION*);
typedef void(NTAPI* UnWait_fn)(CRITICAL_SECTION*);

static Wait_fn wait_cs;
static CRITICAL_SECTION cs;
static volatile LONG woken;

static DWORD WINAPI waiter(void* arg) {
  LONG s = wait_cs(&cs);
  InterlockedIncrement(&woken);
  return (DWORD)s;
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  wait_cs = (Wait_fn)GetProcAddress(ntdll, "RtlpWaitForCriticalSection");
  UnWait_fn unwait = (UnWait_fn)GetProcAddress(ntdll, "RtlpUnWaitCriticalSection");
  printf("found: %d %d\n", wait_cs != NULL, unwait != NULL);
  InitializeCriticalSection(&cs);
  HANDLE t = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  Sleep(200);
  printf("woken before: %ld\n", woken);
  unwait(&cs);
  printf("the waiter ended: %lu\n", WaitForSingleObject(t, 5000));
  DWORD code = 0xcccc;
  GetExitCodeThread(t, &code);
  printf("woken: %ld, its status 0x%lx\n", woken, code);
  CloseHandle(t);
  DeleteCriticalSection(&cs);
  return 0;
}
