// Controlling other threads: SuspendThread stops a thread that computes without calling anything
// (a counter it increments no longer moves) and ResumeThread lets it go on; GetThreadContext shows
// it inside its loop and SetThreadContext sends it elsewhere; a thread suspended while it waits is
// held at once (GetThreadContext answers without waiting for the wait to end, its stack pointer on
// the thread's stack) and stays held when its wait ends, which then returns what it would have;
// TerminateThread ends
// such a thread with the given exit code; PulseEvent releases the threads waiting at that moment
// (all of them for a manual-reset event, one for an auto-reset event) and leaves the event reset;
// SignalObjectAndWait; FlsFree runs the slot's callback for the calling thread's value; a console
// control handler runs on a thread of its own while the main thread spins waiting for it.
#include <stdio.h>
#include <windows.h>

static volatile LONG counter, other_counter, stop, waiting;
static HANDLE pulse_event, ping, pong;

static DWORD WINAPI spin(LPVOID arg) {
  volatile LONG* c = (volatile LONG*)arg;
  while (!stop) *c = *c + 1;  // no calls: only the CPU can stop this
  return 5;
}

static DWORD WINAPI pulse_waiter(LPVOID arg) {
  (void)arg;
  InterlockedIncrement(&waiting);
  return WaitForSingleObject(pulse_event, 10000) == WAIT_OBJECT_0 ? 1 : 0;
}

static DWORD WINAPI ponger(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(ping, INFINITE);
  SetEvent(pong);
  return 0;
}

static DWORD WINAPI redirected(LPVOID arg) {
  ExitThread((DWORD)(INT_PTR)arg);  // (there is no frame to return to)
  return 0;
}

static void wait_moves(volatile LONG* c, LONG from) {
  for (int i = 0; i < 5000 && *c <= from; ++i) Sleep(1);
}

static void start_pulse_waiters(HANDLE* th, int n) {
  waiting = 0;
  for (int i = 0; i < n; ++i) th[i] = CreateThread(NULL, 0, pulse_waiter, NULL, 0, NULL);
  while (waiting < n) Sleep(1);
  Sleep(300);  // (well inside their waits)
}

static volatile DWORD handler_thread;
static BOOL WINAPI on_ctrl(DWORD type) {
  (void)type;
  handler_thread = GetCurrentThreadId();
  return TRUE;
}

static HANDLE blocked_event;
static volatile ULONG_PTR blocked_local;
static volatile LONG blocked_result = -1, blocked_done;

static DWORD WINAPI blocked_waiter(LPVOID arg) {
  volatile int local = 0;
  (void)arg;
  blocked_local = (ULONG_PTR)&local;
  DWORD r = WaitForSingleObject(blocked_event, 10000);
  blocked_result = (LONG)r;
  blocked_done = 1;
  return 0;
}

static void WINAPI fls_callback(void* value) { printf("FLS callback with %p\n", value); }

int main(void) {
  // ---- SuspendThread / ResumeThread of a thread that computes ----
  HANDLE t = CreateThread(NULL, 0, spin, (LPVOID)&counter, 0, NULL);
  wait_moves(&counter, 0);
  DWORD previous = SuspendThread(t);
  Sleep(50);
  LONG c1 = counter;
  Sleep(200);
  LONG c2 = counter;
  printf("SuspendThread returned %lu; counter still while suspended: %s\n", previous, c1 == c2 ? "yes" : "no");
  previous = ResumeThread(t);
  wait_moves(&counter, c2);
  printf("ResumeThread returned %lu; counter moves again: %s\n", previous, counter > c2 ? "yes" : "no");

  // ---- GetThreadContext / SetThreadContext of a suspended thread that computes ----
  static LONG spin_counter;
  HANDLE s = CreateThread(NULL, 0, spin, (LPVOID)&spin_counter, 0, NULL);
  wait_moves(&spin_counter, 0);
  SuspendThread(s);
  static CONTEXT ctx;
  ctx.ContextFlags = CONTEXT_FULL;
  BOOL got = GetThreadContext(s, &ctx);
#ifdef _WIN64
  ULONG_PTR pc = ctx.Rip;
  ctx.Rip = (DWORD64)redirected;
  ctx.Rsp = ((ctx.Rsp - 0x200) & ~(DWORD64)15) - 8;  // as after a call
  ctx.Rcx = 42;
#else
  ULONG_PTR pc = ctx.Eip;
  ctx.Eip = (DWORD)redirected;
  ctx.Esp = ((ctx.Esp - 0x200) & ~(DWORD)15) - 4;  // as after a call: the argument above
  ((DWORD*)ctx.Esp)[1] = 42;
#endif
  printf("GetThreadContext %d: inside the loop: %s\n", got, pc - (ULONG_PTR)spin < 0x100 ? "yes" : "no");
  printf("SetThreadContext %d\n", SetThreadContext(s, &ctx));
  ResumeThread(s);
  DWORD sw = WaitForSingleObject(s, 5000), scode = 0;
  GetExitCodeThread(s, &scode);
  printf("the redirected thread ended (%lu) with %lu\n", sw, scode);

  // ---- a thread suspended while it waits ----
  blocked_event = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE bw = CreateThread(NULL, 0, blocked_waiter, NULL, 0, NULL);
  while (!blocked_local) Sleep(1);
  Sleep(100);  // (well inside its wait)
  SuspendThread(bw);
  ctx.ContextFlags = CONTEXT_FULL;
  DWORD before = GetTickCount();
  got = GetThreadContext(bw, &ctx);
  DWORD took = GetTickCount() - before;
#ifdef _WIN64
  ULONG_PTR sp = ctx.Rsp;
#else
  ULONG_PTR sp = ctx.Esp;
#endif
  printf("GetThreadContext of a waiting thread %d, at once: %s, on its stack: %s\n", got, took < 500 ? "yes" : "no",
         sp < blocked_local && blocked_local - sp < 0x10000 ? "yes" : "no");
  printf("SetThreadContext of a waiting thread (the same registers) %d\n", SetThreadContext(bw, &ctx));
  SetEvent(blocked_event);
  Sleep(200);
  printf("its wait ended while suspended and it stays held: %s\n", blocked_done ? "no" : "yes");
  ResumeThread(bw);
  WaitForSingleObject(bw, 5000);
  printf("resumed, its wait returned %ld\n", blocked_result);
  CloseHandle(bw);

  // ---- TerminateThread of a thread that computes ----
  HANDLE u = CreateThread(NULL, 0, spin, (LPVOID)&other_counter, 0, NULL);
  wait_moves(&other_counter, 0);
  BOOL ok = TerminateThread(u, 77);
  DWORD w = WaitForSingleObject(u, 5000), code = 0;
  GetExitCodeThread(u, &code);
  c1 = other_counter;
  Sleep(50);
  printf("TerminateThread %d, wait %lu, exit code %lu, counter still: %s\n", ok, w, code,
         c1 == other_counter ? "yes" : "no");
  stop = 1;
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  printf("the suspended and resumed thread returned %lu\n", code);

  // ---- PulseEvent ----
  HANDLE th[2];
  pulse_event = CreateEventA(NULL, TRUE, FALSE, NULL);
  start_pulse_waiters(th, 2);
  PulseEvent(pulse_event);
  w = WaitForMultipleObjects(2, th, TRUE, 5000);
  DWORD a = 0, b = 0;
  GetExitCodeThread(th[0], &a);
  GetExitCodeThread(th[1], &b);
  printf("manual-reset pulse: both released %s (%lu %lu), event reset: %s\n", w == WAIT_OBJECT_0 ? "yes" : "no", a,
         b, WaitForSingleObject(pulse_event, 0) == WAIT_TIMEOUT ? "yes" : "no");
  PulseEvent(pulse_event);  // nobody waits: nothing happens
  printf("pulse with no waiter leaves it reset: %s\n", WaitForSingleObject(pulse_event, 0) == WAIT_TIMEOUT ? "yes" : "no");
  CloseHandle(pulse_event);
  pulse_event = CreateEventA(NULL, FALSE, FALSE, NULL);
  start_pulse_waiters(th, 2);
  PulseEvent(pulse_event);
  w = WaitForMultipleObjects(2, th, FALSE, 5000);
  Sleep(100);
  DWORD still = WaitForSingleObject(th[w == WAIT_OBJECT_0 ? 1 : 0], 0);
  printf("auto-reset pulse: one released %s, the other still waits: %s\n", w <= WAIT_OBJECT_0 + 1 ? "yes" : "no",
         still == WAIT_TIMEOUT ? "yes" : "no");
  SetEvent(pulse_event);
  printf("SetEvent releases it: %s\n", WaitForMultipleObjects(2, th, TRUE, 5000) == WAIT_OBJECT_0 ? "yes" : "no");

  // ---- SignalObjectAndWait ----
  ping = CreateEventA(NULL, FALSE, FALSE, NULL);
  pong = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE v = CreateThread(NULL, 0, ponger, NULL, 0, NULL);
  w = SignalObjectAndWait(ping, pong, 5000, FALSE);
  printf("SignalObjectAndWait: %lu\n", w);
  WaitForSingleObject(v, INFINITE);

  // ---- FlsFree ----
  DWORD slot = FlsAlloc(fls_callback);
  FlsSetValue(slot, (void*)0x1234);
  printf("FlsFree: %d\n", FlsFree(slot));

  // ---- a console control handler's thread ----
  SetConsoleCtrlHandler(on_ctrl, TRUE);
  GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
  while (!handler_thread) {
  }  // no calls: only the handler, on another thread, ends this
  printf("control handler ran on a thread of its own: %s\n", handler_thread != GetCurrentThreadId() ? "yes" : "no");
  return 0;
}
