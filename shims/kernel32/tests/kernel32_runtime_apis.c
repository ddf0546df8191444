/* What the Go and Rust runtimes ask of Windows besides the C runtime: waitable timers (one-shot,
 * periodic, manual and synchronization, absolute and relative times, cancelled), the native wait
 * with a 100 ns timeout, KUSER_SHARED_DATA's clocks read directly, the multimedia timer period,
 * version checks, one-time initialisation in steps, file mappings and their views. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG(NTAPI* NtWaitForSingleObject_fn)(HANDLE, BOOLEAN, PLARGE_INTEGER);
typedef void(NTAPI* RtlGetNtVersionNumbers_fn)(DWORD*, DWORD*, DWORD*);

/* A KSYSTEM_TIME of the shared page: LowPart, High1Time, High2Time; read until the highs agree. */
static ULONGLONG shared_time(ULONG_PTR at) {
  volatile ULONG* p = (volatile ULONG*)at;
  ULONG hi1, lo, hi2;
  do {
    hi1 = p[1];
    lo = p[0];
    hi2 = p[2];
  } while (hi1 != hi2);
  return (ULONGLONG)hi1 << 32 | lo;
}

static void timers(void) {
  HANDLE t = CreateWaitableTimerW(NULL, FALSE, NULL);
  LARGE_INTEGER due;
  DWORD unset = WaitForSingleObject(t, 0);
  printf("timer created: %d, unset wait: %lu\n", t != NULL, unset);
  due.QuadPart = -300000; /* 30 ms from now */
  ULONGLONG t0 = GetTickCount64();
  printf("set: %d\n", SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE));
  printf("before due: %lu\n", WaitForSingleObject(t, 0));
  printf("wait: %lu\n", WaitForSingleObject(t, 2000));
  ULONGLONG waited = GetTickCount64() - t0;
  printf("waited 25..1000 ms: %d\n", waited >= 25 && waited < 1000);
  printf("synchronization timer reset by the wait: %lu\n", WaitForSingleObject(t, 0));

  HANDLE m = CreateWaitableTimerExW(NULL, NULL, CREATE_WAITABLE_TIMER_MANUAL_RESET | 2 /* HIGH_RESOLUTION */,
                                    TIMER_ALL_ACCESS);
  due.QuadPart = -10000;
  SetWaitableTimer(m, &due, 0, NULL, NULL, FALSE);
  DWORD w1 = WaitForSingleObject(m, 1000), w2 = WaitForSingleObject(m, 0), w3 = WaitForSingleObject(m, 0);
  printf("manual timer: %lu %lu %lu\n", w1, w2, w3);

  /* Periodic: signalled again every period. */
  due.QuadPart = -10000;
  SetWaitableTimer(t, &due, 5, NULL, NULL, FALSE);
  int ticks = 0;
  for (int i = 0; i < 4; ++i) ticks += WaitForSingleObject(t, 1000) == WAIT_OBJECT_0;
  printf("periodic ticks: %d\n", ticks);
  BOOL cancelled = CancelWaitableTimer(t);
  printf("cancel: %d, then: %lu\n", cancelled, WaitForSingleObject(t, 50));

  /* An absolute due time, as a FILETIME. */
  FILETIME now;
  GetSystemTimeAsFileTime(&now);
  due.LowPart = now.dwLowDateTime;
  due.HighPart = (LONG)now.dwHighDateTime;
  due.QuadPart += 200000; /* 20 ms */
  SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
  printf("absolute: %lu\n", WaitForSingleObject(t, 2000));

  /* A timer among other objects: the event wins when it is set, the timer when it comes due. */
  HANDLE e = CreateEventW(NULL, TRUE, FALSE, NULL);
  HANDLE both[2] = {e, t};
  due.QuadPart = -200000;
  SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
  printf("multiple, timer: %lu\n", WaitForMultipleObjects(2, both, FALSE, 2000));
  SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
  SetEvent(e);
  printf("multiple, event: %lu\n", WaitForMultipleObjects(2, both, FALSE, 2000));
  printf("all: %lu\n", WaitForMultipleObjects(2, both, TRUE, 2000));
  SetLastError(0);
  BOOL not_timer = SetWaitableTimer(e, &due, 0, NULL, NULL, FALSE);
  printf("not a timer: %d %lu\n", not_timer, GetLastError());
  CloseHandle(e);
  CloseHandle(m);
  CloseHandle(t);
}

static void native_and_clocks(void) {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  NtWaitForSingleObject_fn wait = (NtWaitForSingleObject_fn)GetProcAddress(ntdll, "NtWaitForSingleObject");
  RtlGetNtVersionNumbers_fn numbers = (RtlGetNtVersionNumbers_fn)GetProcAddress(ntdll, "RtlGetNtVersionNumbers");
  LARGE_INTEGER timeout;
  timeout.QuadPart = -20000; /* 2 ms */
  ULONGLONG before = shared_time(0x7ffe0008);
  printf("NtWaitForSingleObject(current process, 2 ms): 0x%lx\n", wait(GetCurrentProcess(), FALSE, &timeout));
  HANDLE e = CreateEventW(NULL, TRUE, TRUE, NULL);
  LONG set = wait(e, FALSE, NULL);
  LONG bad = wait((HANDLE)(ULONG_PTR)0x5678, FALSE, &timeout);
  printf("NtWaitForSingleObject(set event): 0x%lx, bad handle: 0x%lx\n", set, bad);
  CloseHandle(e);
  Sleep(30);
  ULONGLONG after = shared_time(0x7ffe0008);
  printf("interrupt time advanced 20..1000 ms: %d\n", after - before >= 200000 && after - before < 10000000);
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  ULONGLONG shared = shared_time(0x7ffe0014), system = (ULONGLONG)ft.dwHighDateTime << 32 | ft.dwLowDateTime;
  printf("system time within 100 ms: %d\n", shared + 1000000 > system && shared < system + 1000000);
  ULONG shared_major = *(volatile ULONG*)(ULONG_PTR)0x7ffe026c, product = *(volatile ULONG*)(ULONG_PTR)0x7ffe0264;
  DWORD major, minor, build;
  numbers(&major, &minor, &build);
  printf("shared version agrees: %d, product type %lu\n", shared_major == major, product);
  printf("RtlGetNtVersionNumbers: at least 6: %d, build flags 0x%lx\n", major >= 6, build & 0xf0000000);
  BOOL bad_write = IsBadWritePtr((void*)(ULONG_PTR)0x7ffe0000, 4), bad_read = IsBadReadPtr((void*)(ULONG_PTR)0x7ffe0000, 4);
  printf("the shared page is read-only: %d %d\n", bad_write, bad_read);
}

static void multimedia_and_versions(void) {
  HMODULE winmm = LoadLibraryW(L"winmm.dll");
  UINT(WINAPI * begin)(UINT) = (UINT(WINAPI*)(UINT))GetProcAddress(winmm, "timeBeginPeriod");
  UINT(WINAPI * end)(UINT) = (UINT(WINAPI*)(UINT))GetProcAddress(winmm, "timeEndPeriod");
  UINT b1 = begin(1), b0 = begin(0), e1 = end(1);
  printf("timeBeginPeriod(1): %u, (0): %u, timeEndPeriod(1): %u\n", b1, b0, e1);
  OSVERSIONINFOEXW v;
  memset(&v, 0, sizeof v);
  v.dwOSVersionInfoSize = sizeof v;
  v.dwMajorVersion = 6;
  v.dwMinorVersion = 0;
  DWORDLONG mask = VerSetConditionMask(0, VER_MAJORVERSION, VER_GREATER_EQUAL);
  mask = VerSetConditionMask(mask, VER_MINORVERSION, VER_GREATER_EQUAL);
  printf("mask 0x%llx\n", (unsigned long long)mask);
  printf("at least 6.0: %d\n", VerifyVersionInfoW(&v, VER_MAJORVERSION | VER_MINORVERSION, mask));
  v.dwMajorVersion = 5;
  v.dwMinorVersion = 9;
  printf("at least 5.9: %d\n", VerifyVersionInfoW(&v, VER_MAJORVERSION | VER_MINORVERSION, mask));
  v.dwMajorVersion = 99;
  SetLastError(0);
  BOOL newer = VerifyVersionInfoW(&v, VER_MAJORVERSION | VER_MINORVERSION, mask);
  printf("at least 99.9: %d, error %lu\n", newer, GetLastError());
  v.wProductType = VER_NT_WORKSTATION;
  printf("a workstation: %d\n",
         VerifyVersionInfoW(&v, VER_PRODUCT_TYPE, VerSetConditionMask(0, VER_PRODUCT_TYPE, VER_EQUAL)));
  SetLastError(0);
  BOOL none = VerifyVersionInfoW(&v, VER_MAJORVERSION, 0);
  printf("no condition: %d, error %lu\n", none, GetLastError());
}

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
static void init_once_steps(void) {
  BOOL pending = FALSE;
  void* context = NULL;
  SetLastError(0);
  BOOL r = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context);
  printf("check only before: %d, error %lu\n", r, GetLastError());
  r = InitOnceBeginInitialize(&once, 0, &pending, &context);
  printf("begin: %d, pending %d\n", r, pending);
  r = InitOnceComplete(&once, 0, (void*)0x1230);
  printf("complete: %d\n", r);
  context = NULL;
  r = InitOnceBeginInitialize(&once, 0, &pending, &context);
  printf("begin again: %d, pending %d, context 0x%lx\n", r, pending, (unsigned long)(ULONG_PTR)context);
  r = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context);
  printf("check only after: %d, pending %d\n", r, pending);
  INIT_ONCE failed = INIT_ONCE_STATIC_INIT;
  InitOnceBeginInitialize(&failed, 0, &pending, &context);
  r = InitOnceComplete(&failed, INIT_ONCE_INIT_FAILED, NULL);
  printf("failed: %d, ", r);
  r = InitOnceBeginInitialize(&failed, 0, &pending, &context);
  printf("then begin: %d, pending %d\n", r, pending);
}

static void mappings(void) {
  char name[64]; /* one per process: the x64 and i686 builds may run at once */
  snprintf(name, sizeof name, "runtime_apis_%lu.map", GetCurrentProcessId());
  HANDLE f = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD n;
  WriteFile(f, "hello, mapping", 14, &n, NULL);
  HANDLE m = CreateFileMappingW(f, NULL, PAGE_READWRITE, 0, 0x20000, NULL);
  printf("mapping: %d, file grown to %lu\n", m != NULL, GetFileSize(f, NULL));
  char* view = (char*)MapViewOfFile(m, FILE_MAP_WRITE | FILE_MAP_READ, 0, 0, 0);
  printf("view on 64 KiB: %d, reads \"%.14s\"\n", ((ULONG_PTR)view & 0xffff) == 0, view);
  memcpy(view + 0x10000, "second", 6);
  printf("flush: %d\n", FlushViewOfFile(view, 0));
  char* high = (char*)MapViewOfFile(m, FILE_MAP_READ, 0, 0x10000, 6);
  void* misaligned = MapViewOfFile(m, FILE_MAP_READ, 0, 100, 6);
  printf("offset view: \"%.6s\", misaligned offset: %d error %lu\n", high, misaligned != NULL, GetLastError());
  BOOL u1 = UnmapViewOfFile(view), u2 = UnmapViewOfFile(high), u3 = UnmapViewOfFile(view);
  printf("unmap: %d %d, again: %d error %lu\n", u1, u2, u3, GetLastError());
  CloseHandle(m);
  SetFilePointer(f, 0x10000, NULL, FILE_BEGIN);
  char back[7] = {0};
  ReadFile(f, back, 6, &n, NULL);
  printf("the file has \"%s\"\n", back);
  CloseHandle(f);
  f = CreateFileA(name, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
  SetLastError(0);
  HANDLE refused = CreateFileMappingW(f, NULL, PAGE_READWRITE, 0, 0, NULL);
  printf("writable mapping of a read-only handle: %d error %lu\n", refused != NULL, GetLastError());
  m = CreateFileMappingW(f, NULL, PAGE_READONLY, 0, 0, NULL);
  void* write_view = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
  printf("read-only mapping: %d, write view: %d error %lu\n", m != NULL, write_view != NULL, GetLastError());
  CloseHandle(m);
  CloseHandle(f);
  wchar_t name_w[64];
  swprintf(name_w, 64, L"Local\\polyrun_runtime_apis_%lu", GetCurrentProcessId());
  HANDLE anon = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, name_w);
  printf("named: %d, error %lu; ", anon != NULL, GetLastError());
  HANDLE same = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, name_w);
  printf("again: error %lu; ", GetLastError());
  HANDLE opened = OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, name_w);
  int* a = (int*)MapViewOfFile(anon, FILE_MAP_ALL_ACCESS, 0, 0, 0);
  int* b = (int*)MapViewOfFile(opened, FILE_MAP_ALL_ACCESS, 0, 0, 0);
  *a = 42;
  printf("shared between views: %d\n", *b);
  UnmapViewOfFile(a);
  UnmapViewOfFile(b);
  CloseHandle(anon);
  CloseHandle(same);
  CloseHandle(opened);
  DeleteFileA(name);
}

int main(void) {
  timers();
  native_and_clocks();
  multimedia_and_versions();
  init_once_steps();
  mappings();
  return 0;
}
