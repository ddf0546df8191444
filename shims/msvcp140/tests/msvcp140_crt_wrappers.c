// MSVCP140.dll's __crt* functions, called by name: events and semaphores, a critical section, the
// tick count, the processor number, FlushProcessWriteBuffers, a thread pool timer and wait with
// their callbacks, the string comparison and mapping of a locale, and
// Concurrency::details::platform::GetCurrentThreadId.
#include <stdio.h>
#include <windows.h>

#include "msvcp_names.h"

static volatile LONG timer_fired, wait_fired;
static ULONG wait_result = 12345;

static void CALLBACK on_timer(PTP_CALLBACK_INSTANCE inst, void* ctx, PTP_TIMER t) {
  (void)inst, (void)t;
  InterlockedIncrement(&timer_fired);
  SetEvent((HANDLE)ctx);
}
static void CALLBACK on_wait(PTP_CALLBACK_INSTANCE inst, void* ctx, PTP_WAIT w, TP_WAIT_RESULT r) {
  (void)inst, (void)w;
  wait_result = r;
  InterlockedIncrement(&wait_fired);
  SetEvent((HANDLE)ctx);
}

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);

  HANDLE(__cdecl * create_event)(SECURITY_ATTRIBUTES*, const WCHAR*, DWORD, DWORD) = fn("__crtCreateEventExW");
  HANDLE(__cdecl * create_semaphore)(SECURITY_ATTRIBUTES*, LONG, LONG, const WCHAR*, DWORD, DWORD) =
      fn("__crtCreateSemaphoreExW");
  BOOL(__cdecl * init_cs)(CRITICAL_SECTION*, DWORD, DWORD) = fn("__crtInitializeCriticalSectionEx");
  ULONGLONG(__cdecl * tick64)(void) = fn("__crtGetTickCount64");
  DWORD(__cdecl * processor)(void) = fn("__crtGetCurrentProcessorNumber");
  void(__cdecl * flush_writes)(void) = fn("__crtFlushProcessWriteBuffers");
  PTP_TIMER(__cdecl * create_timer)(PTP_TIMER_CALLBACK, void*, PTP_CALLBACK_ENVIRON) = fn("__crtCreateThreadpoolTimer");
  void(__cdecl * set_timer)(PTP_TIMER, FILETIME*, DWORD, DWORD) = fn("__crtSetThreadpoolTimer");
  void(__cdecl * wait_timer)(PTP_TIMER, BOOL) = fn("__crtWaitForThreadpoolTimerCallbacks");
  void(__cdecl * close_timer)(PTP_TIMER) = fn("__crtCloseThreadpoolTimer");
  PTP_WAIT(__cdecl * create_wait)(PTP_WAIT_CALLBACK, void*, PTP_CALLBACK_ENVIRON) = fn("__crtCreateThreadpoolWait");
  void(__cdecl * set_wait)(PTP_WAIT, HANDLE, FILETIME*) = fn("__crtSetThreadpoolWait");
  void(__cdecl * close_wait)(PTP_WAIT) = fn("__crtCloseThreadpoolWait");
  int(__cdecl * compare_a)(LCID, DWORD, const char*, int, const char*, int) = fn("__crtCompareStringA");
  int(__cdecl * compare_w)(LCID, DWORD, const WCHAR*, int, const WCHAR*, int) = fn("__crtCompareStringW");
  int(__cdecl * map_a)(LCID, DWORD, const char*, int, char*, int, int, BOOL) = fn("__crtLCMapStringA");
  int(__cdecl * map_w)(LCID, DWORD, const WCHAR*, int, WCHAR*, int, int, BOOL) = fn("__crtLCMapStringW");
  long(__cdecl * concrt_thread_id)(void) = fn("?GetCurrentThreadId@platform@details@Concurrency@@YAJXZ");
  fn("__crtFreeLibraryWhenCallbackReturns");

  HANDLE ev = create_event(NULL, NULL, CREATE_EVENT_MANUAL_RESET, EVENT_ALL_ACCESS);
  printf("event: made %d, signalled %d\n", ev != NULL, WaitForSingleObject(ev, 0) == WAIT_OBJECT_0);
  SetEvent(ev);
  printf("  after SetEvent: signalled %d, still (manual reset) %d\n", WaitForSingleObject(ev, 0) == WAIT_OBJECT_0,
         WaitForSingleObject(ev, 0) == WAIT_OBJECT_0);
  HANDLE ev2 = create_event(NULL, NULL, CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS);
  DWORD first = WaitForSingleObject(ev2, 0);
  DWORD second = WaitForSingleObject(ev2, 0);
  printf("  initially set, auto reset: %d then %d\n", first == WAIT_OBJECT_0, second == WAIT_TIMEOUT);
  HANDLE sem = create_semaphore(NULL, 1, 2, NULL, 0, SEMAPHORE_ALL_ACCESS);
  first = WaitForSingleObject(sem, 0);
  second = WaitForSingleObject(sem, 0);
  LONG previous = -1;
  BOOL released = ReleaseSemaphore(sem, 3, &previous);
  printf("semaphore: made %d, taken %d, then empty %d, releasing 3 past its maximum of 2 fails %d\n", sem != NULL,
         first == WAIT_OBJECT_0, second == WAIT_TIMEOUT, !released);

  CRITICAL_SECTION cs;
  printf("critical section: initialised %d", init_cs(&cs, 4000, 0));
  EnterCriticalSection(&cs);
  printf(", entered, owner is us %d\n", (DWORD)(ULONG_PTR)cs.OwningThread == GetCurrentThreadId());
  LeaveCriticalSection(&cs);
  DeleteCriticalSection(&cs);

  ULONGLONG a = GetTickCount64(), t = tick64(), b = GetTickCount64();
  printf("tick count within GetTickCount64's: %d\n", a <= t && t <= b);
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  printf("processor number below the count: %d\n", processor() < si.dwNumberOfProcessors);
  flush_writes();
  printf("FlushProcessWriteBuffers returns\n");
  printf("Concurrency's GetCurrentThreadId: %d\n", (DWORD)concrt_thread_id() == GetCurrentThreadId());

  HANDLE done = CreateEventW(NULL, FALSE, FALSE, NULL);
  PTP_TIMER timer = create_timer(on_timer, done, NULL);
  ULARGE_INTEGER due;
  due.QuadPart = (ULONGLONG)(-10 * 10000);  // 10 ms from now
  FILETIME ft;
  ft.dwLowDateTime = due.LowPart;
  ft.dwHighDateTime = due.HighPart;
  set_timer(timer, &ft, 0, 0);
  DWORD w = WaitForSingleObject(done, 5000);
  wait_timer(timer, FALSE);
  close_timer(timer);
  printf("thread pool timer: made %d, fired %d time(s), within 5 s %d\n", timer != NULL, (int)timer_fired,
         w == WAIT_OBJECT_0);

  HANDLE signalled = CreateEventW(NULL, TRUE, TRUE, NULL);
  PTP_WAIT wt = create_wait(on_wait, done, NULL);
  set_wait(wt, signalled, NULL);
  w = WaitForSingleObject(done, 5000);
  close_wait(wt);
  printf("thread pool wait: made %d, fired %d time(s), result %lu, within 5 s %d\n", wt != NULL, (int)wait_fired,
         wait_result, w == WAIT_OBJECT_0);

  int c1 = compare_a(LOCALE_INVARIANT, 0, "apple", -1, "banana", -1);
  int c2 = compare_a(LOCALE_INVARIANT, NORM_IGNORECASE, "Hello", 5, "hello", 5);
  int c3 = compare_w(LOCALE_INVARIANT, 0, L"zeta", -1, L"alpha", -1);
  printf("compare: %d %d %d\n", c1, c2, c3);
  char up[16] = {0};
  WCHAR wup[16] = {0};
  int n1 = map_a(LOCALE_INVARIANT, LCMAP_UPPERCASE, "mixed Case", -1, up, 16, 0, FALSE);
  int n2 = map_w(LOCALE_INVARIANT, LCMAP_LOWERCASE, L"MiXeD", -1, wup, 16, 0, FALSE);
  printf("map: %d \"%s\", %d \"%ls\"\n", n1, up, n2, wup);
  CloseHandle(ev);
  CloseHandle(ev2);
  CloseHandle(sem);
  CloseHandle(done);
  CloseHandle(signalled);
  fflush(stdout);
  return 0;
}
