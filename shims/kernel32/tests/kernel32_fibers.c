// Fibers: a thread made a fiber (ConvertThreadToFiber, twice: ERROR_ALREADY_FIBER), fibers that
// pass control round in a ring (SwitchToFiber), each keeping its own locals, floating-point values
// and fiber-local storage; GetFiberData and GetCurrentFiber; DeleteFiber running the deleted
// fiber's FLS callback; a fiber routine that returns ending its thread (exit code 1);
// ConvertFiberToThread.
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define RING 3
static LPVOID main_fiber, ring[RING];
static DWORD fls_index;
static int fls_freed;

static void WINAPI fls_callback(PVOID value) { fls_freed += (int)(INT_PTR)value; }

// What a slot's callback finds in the slot while it runs.
static DWORD seen_index;
static char seen[256];
static void WINAPI seen_callback(PVOID value) {
  char line[64];
  snprintf(line, sizeof line, "[callback %d, slot %d]", (int)(INT_PTR)value, (int)(INT_PTR)FlsGetValue(seen_index));
  strcat(seen, line);
}
static DWORD WINAPI thread_with_slot(LPVOID unused) {
  (void)unused;
  FlsSetValue(seen_index, (PVOID)(INT_PTR)7);
  return 0;
}

static void WINAPI member(LPVOID data) {
  int me = (int)(INT_PTR)data;
  volatile double share = 1.0 / (me + 2);  // kept across switches (callee-saved or on this stack)
  long local = me * 1000;
  FlsSetValue(fls_index, (PVOID)(INT_PTR)(100 + me));
  for (int round = 0; round < 3; ++round) {
    local += round;
    printf("fiber %d round %d: data %d, current is mine %d, local %ld, share %.4f, fls %d\n", me, round,
           (int)(INT_PTR)GetFiberData(), GetCurrentFiber() == ring[me], local, share,
           (int)(INT_PTR)FlsGetValue(fls_index));
    SwitchToFiber(me + 1 < RING ? ring[me + 1] : main_fiber);
  }
  printf("fiber %d done\n", me);
  SwitchToFiber(main_fiber);
}

// A fiber routine is void; this one returns a value all the same, which does not become the exit code.
static DWORD WINAPI returning_routine(LPVOID data) { return (DWORD)(INT_PTR)data; }

static DWORD WINAPI thread_with_fibers(LPVOID unused) {
  (void)unused;
  ConvertThreadToFiber(NULL);
  LPVOID f = CreateFiber(0, (LPFIBER_START_ROUTINE)returning_routine, (LPVOID)42);
  SwitchToFiber(f);
  return 7;  // not reached: the fiber's routine returned and ended the thread
}

int main(void) {
  printf("is a fiber before: %d\n", IsThreadAFiber());
  main_fiber = ConvertThreadToFiber((LPVOID)0x55);
  printf("converted: %d, data %#x, is a fiber %d, current %d\n", main_fiber != NULL, (unsigned)(INT_PTR)GetFiberData(),
         IsThreadAFiber(), GetCurrentFiber() == main_fiber);
  SetLastError(0);
  LPVOID again = ConvertThreadToFiber(NULL);
  printf("converted again: %d error %lu\n", again != NULL, GetLastError());

  fls_index = FlsAlloc(fls_callback);
  FlsSetValue(fls_index, (PVOID)1);
  for (int i = 0; i < RING; ++i) ring[i] = CreateFiber(0, member, (LPVOID)(INT_PTR)i);
  LPVOID ex = CreateFiberEx(4096, 64 * 1024, FIBER_FLAG_FLOAT_SWITCH, member, (LPVOID)9);
  printf("CreateFiberEx: %d\n", ex != NULL);
  for (int round = 0; round < 4; ++round) {
    printf("main round %d, fls %d\n", round, (int)(INT_PTR)FlsGetValue(fls_index));
    SwitchToFiber(ring[0]);
  }
  printf("back in main: data %#x, fls %d\n", (unsigned)(INT_PTR)GetFiberData(), (int)(INT_PTR)FlsGetValue(fls_index));
  for (int i = 0; i < RING; ++i) DeleteFiber(ring[i]);
  DeleteFiber(ex);
  printf("deleted: fls callbacks saw %d\n", fls_freed);

  HANDLE t = CreateThread(NULL, 0, thread_with_fibers, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(t, &code);
  printf("a thread whose fiber routine returned: exit code %lu\n", code);
  CloseHandle(t);

  BOOL back = ConvertFiberToThread();
  printf("to thread: %d, is a fiber %d\n", back, IsThreadAFiber());

  // A slot's callback still finds the value in the slot, at the thread's end and at FlsFree.
  seen_index = FlsAlloc(seen_callback);
  t = CreateThread(NULL, 0, thread_with_slot, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  FlsSetValue(seen_index, (PVOID)(INT_PTR)8);
  FlsFree(seen_index);
  printf("after FlsFree: %s\n", seen);
  return 0;
}
