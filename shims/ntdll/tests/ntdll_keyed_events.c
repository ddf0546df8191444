/* NTDLL's keyed events, looked up as the Rust runtime looks them up: a wait lasts until a release
 * with its key, and a release until it released a waiter of that key (or their timeouts); other
 * keys are left alone; the null handle is the system's keyed event. Expected output: wine 8.0's. */
#include <stdio.h>
#include <windows.h>

typedef LONG(NTAPI* Create_fn)(HANDLE*, ACCESS_MASK, void*, ULONG);
typedef LONG(NTAPI* Keyed_fn)(HANDLE, void*, BOOLEAN, LARGE_INTEGER*);

static Keyed_fn wait_keyed, release_keyed;
static HANDLE keyed;
static volatile LONG woken;

static DWORD WINAPI waiter(void* key) {
  LONG s = wait_keyed(keyed, key, FALSE, NULL);
  InterlockedIncrement(&woken);
  return (DWORD)s;
}

static DWORD WINAPI system_waiter(void* key) { return (DWORD)wait_keyed(NULL, key, FALSE, NULL); }

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  Create_fn create = (Create_fn)GetProcAddress(ntdll, "NtCreateKeyedEvent");
  wait_keyed = (Keyed_fn)GetProcAddress(ntdll, "NtWaitForKeyedEvent");
  release_keyed = (Keyed_fn)GetProcAddress(ntdll, "NtReleaseKeyedEvent");
  printf("found: %d %d %d\n", create != NULL, wait_keyed != NULL, release_keyed != NULL);
  LONG s = create(&keyed, 0xf0003 /* KEYEDEVENT_ALL_ACCESS */, NULL, 0);
  printf("create: 0x%lx, a handle %d\n", (unsigned long)s, keyed != NULL);

  LARGE_INTEGER short_wait;
  short_wait.QuadPart = -200000; /* 20 ms */
  printf("wait with nobody to release: 0x%lx\n", (unsigned long)wait_keyed(keyed, (void*)0x10, FALSE, &short_wait));
  printf("release with nobody waiting: 0x%lx\n", (unsigned long)release_keyed(keyed, (void*)0x10, FALSE, &short_wait));

  /* Two waiters on key 0x20, one on key 0x30: releasing 0x20 once wakes one of the first two. */
  HANDLE a = CreateThread(NULL, 0, waiter, (void*)0x20, 0, NULL);
  HANDLE b = CreateThread(NULL, 0, waiter, (void*)0x20, 0, NULL);
  HANDLE c = CreateThread(NULL, 0, waiter, (void*)0x30, 0, NULL);
  printf("release 0x20: 0x%lx\n", (unsigned long)release_keyed(keyed, (void*)0x20, FALSE, NULL));
  Sleep(100);
  printf("woken after one release: %ld\n", woken);
  printf("release 0x20 again: 0x%lx\n", (unsigned long)release_keyed(keyed, (void*)0x20, FALSE, NULL));
  WaitForSingleObject(a, INFINITE);
  WaitForSingleObject(b, INFINITE);
  printf("woken: %ld, key 0x30's waiter still waits: %lu\n", woken, WaitForSingleObject(c, 50));
  printf("release 0x30: 0x%lx\n", (unsigned long)release_keyed(keyed, (void*)0x30, FALSE, NULL));
  WaitForSingleObject(c, INFINITE);
  DWORD code;
  GetExitCodeThread(c, &code);
  printf("woken: %ld, its wait's status 0x%lx\n", woken, code);

  /* The system's keyed event. */
  HANDLE d = CreateThread(NULL, 0, system_waiter, (void*)0x40, 0, NULL);
  printf("release on the system's: 0x%lx\n", (unsigned long)release_keyed(NULL, (void*)0x40, FALSE, NULL));
  WaitForSingleObject(d, INFINITE);
  GetExitCodeThread(d, &code);
  printf("its waiter's status: 0x%lx\n", code);
  printf("closed: %d\n", CloseHandle(keyed));
  return 0;
}
