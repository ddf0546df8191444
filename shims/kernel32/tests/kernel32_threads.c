// Windows threads through the Win32 API: threads that count into shared totals under a critical
// section, a mutex, an SRW lock and with interlocked operations (exact totals); a producer/consumer
// queue on a condition variable; TlsAlloc slots, thread-local variables and the image's TLS
// callback (DLL_THREAD_ATTACH / DETACH); a thread that exits while others run; WaitForMultipleObjects
// on events (wait-any, wait-all, timeouts); suspended threads, abandoned mutexes, one-time
// initialisation and WaitOnAddress; condition variable and address waits that time out, a wake
// nobody waits for, TerminateThread of a sleeper, WakeByAddressSingle among several waiters.
// Links: -lsynchronization
#include <process.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define THREADS 4
#define ROUNDS 20000

static CRITICAL_SECTION cs;
static HANDLE mutex;
static SRWLOCK srw = SRWLOCK_INIT;
static long cs_total, mutex_total, srw_total;
static volatile LONG atomic_total;
static volatile LONG64 atomic64_total;

static DWORD WINAPI counter(LPVOID arg) {
  int id = (int)(INT_PTR)arg;
  for (int i = 0; i < ROUNDS; ++i) {
    EnterCriticalSection(&cs);
    cs_total += id;
    LeaveCriticalSection(&cs);
    InterlockedIncrement(&atomic_total);
    InterlockedExchangeAdd64(&atomic64_total, id);
    if (i % 10 == 0) {
      WaitForSingleObject(mutex, INFINITE);
      mutex_total += id;
      ReleaseMutex(mutex);
      AcquireSRWLockExclusive(&srw);
      srw_total += 1;
      ReleaseSRWLockExclusive(&srw);
    }
  }
  return 100 + id;
}

// ---- producer/consumer on a condition variable ----

#define QUEUE 8
#define ITEMS 2000
static CRITICAL_SECTION qlock;
static CONDITION_VARIABLE not_empty, not_full;
static int queue[QUEUE], qhead, qcount, producers_done;
static long long consumed_sum;
static int consumed_count;

static DWORD WINAPI producer(LPVOID arg) {
  int base = (int)(INT_PTR)arg;
  for (int i = 1; i <= ITEMS; ++i) {
    EnterCriticalSection(&qlock);
    while (qcount == QUEUE) SleepConditionVariableCS(&not_full, &qlock, INFINITE);
    queue[(qhead + qcount++) % QUEUE] = base + i;
    WakeConditionVariable(&not_empty);
    LeaveCriticalSection(&qlock);
  }
  EnterCriticalSection(&qlock);
  ++producers_done;
  WakeAllConditionVariable(&not_empty);
  LeaveCriticalSection(&qlock);
  return 0;
}

static DWORD WINAPI consumer(LPVOID arg) {
  (void)arg;
  for (;;) {
    EnterCriticalSection(&qlock);
    while (qcount == 0 && producers_done < 2) SleepConditionVariableCS(&not_empty, &qlock, INFINITE);
    if (qcount == 0) {
      LeaveCriticalSection(&qlock);
      return 0;
    }
    int v = queue[qhead];
    qhead = (qhead + 1) % QUEUE;
    --qcount;
    consumed_sum += v;
    ++consumed_count;
    WakeConditionVariable(&not_full);
    LeaveCriticalSection(&qlock);
  }
}

// ---- thread-local storage ----

static DWORD tls_index;
static __thread int tls_var = 5;
static volatile LONG attach_count, detach_count;

static void NTAPI tls_callback(PVOID module, DWORD reason, PVOID reserved) {
  (void)module, (void)reserved;
  if (reason == DLL_THREAD_ATTACH) InterlockedIncrement(&attach_count);
  if (reason == DLL_THREAD_DETACH) InterlockedIncrement(&detach_count);
}
// The image's TLS callback list (mingw-w64's tlssup collects .CRT$XL* entries).
__attribute__((section(".CRT$XLY"), used)) PIMAGE_TLS_CALLBACK tls_callback_entry = tls_callback;

static DWORD WINAPI tls_worker(LPVOID arg) {
  int id = (int)(INT_PTR)arg;
  TlsSetValue(tls_index, (LPVOID)(INT_PTR)(id * 1000));
  tls_var += id;
  Sleep(10);  // others run and set theirs meanwhile
  int ok = TlsGetValue(tls_index) == (LPVOID)(INT_PTR)(id * 1000) && tls_var == 5 + id;
  return ok ? 1 : 0;
}

// ---- a thread that exits while others run ----

static volatile LONG keep_running = 1;
static DWORD WINAPI spinner(LPVOID arg) {
  (void)arg;
  long n = 0;
  while (keep_running) ++n;
  return n > 0 ? 3 : 4;
}
static DWORD WINAPI early_exit(LPVOID arg) {
  (void)arg;
  ExitThread(7);
  return 8;  // not reached
}

// ---- events ----

static HANDLE events[3];
static DWORD WINAPI set_later(LPVOID arg) {
  int which = (int)(INT_PTR)arg;
  Sleep(30);
  SetEvent(events[which]);
  return 0;
}

// ---- suspended threads, abandoned mutexes, one-time initialisation, WaitOnAddress ----

static volatile LONG ran;
static DWORD WINAPI mark_ran(LPVOID arg) {
  (void)arg;
  InterlockedExchange(&ran, 1);
  return 0;
}

static HANDLE orphan;
static DWORD WINAPI take_and_leave(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(orphan, INFINITE);
  return 0;  // ends owning the mutex
}

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
static volatile LONG once_calls;
static BOOL CALLBACK init_fn(PINIT_ONCE o, PVOID param, PVOID* ctx) {
  (void)o, (void)param, (void)ctx;
  Sleep(5);
  InterlockedIncrement(&once_calls);
  return TRUE;
}
static DWORD WINAPI run_once(LPVOID arg) {
  (void)arg;
  return InitOnceExecuteOnce(&once, init_fn, NULL, NULL) ? 1 : 0;
}

static volatile LONG address_value;
static DWORD WINAPI change_address(LPVOID arg) {
  (void)arg;
  Sleep(20);
  address_value = 1;
  WakeByAddressSingle((PVOID)&address_value);
  return 0;
}

static unsigned __stdcall crt_thread(void* arg) {
  int* p = arg;
  *p *= 2;
  _endthreadex(55);
  return 0;
}

// ---- condition variables and addresses: timeouts (the lock held again after, as it was), a wake
// before the sleep, TerminateThread of a thread asleep, one waiter of three woken ----
static CONDITION_VARIABLE cv_edge = CONDITION_VARIABLE_INIT;
static CRITICAL_SECTION cs_edge;
static SRWLOCK srw_edge = SRWLOCK_INIT;
static volatile LONG sleeper_ready, address_ready, address_woken;
// (The terminated sleeper waits on an address of its own: wine 8.0 leaves a thread it terminates in
// WaitOnAddress in the address's queue, where a later WakeByAddressSingle finds it.)
static volatile LONGLONG wide_value, sleeper_value;
static volatile char byte_value;

// What another thread can take meanwhile: 2 for the SRW lock exclusive, 1 shared.
static DWORD WINAPI try_srw(LPVOID arg) {
  (void)arg;
  BOOL exclusive = TryAcquireSRWLockExclusive(&srw_edge);
  if (exclusive) ReleaseSRWLockExclusive(&srw_edge);
  BOOL shared = TryAcquireSRWLockShared(&srw_edge);
  if (shared) ReleaseSRWLockShared(&srw_edge);
  return exclusive * 2 + shared;
}
static DWORD WINAPI try_cs(LPVOID arg) {
  (void)arg;
  BOOL got = TryEnterCriticalSection(&cs_edge);
  if (got) LeaveCriticalSection(&cs_edge);
  return got;
}
static DWORD run_and_wait(LPTHREAD_START_ROUTINE fn) {
  HANDLE t = CreateThread(NULL, 0, fn, NULL, 0, NULL);
  DWORD code = 0;
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  CloseHandle(t);
  return code;
}
static DWORD WINAPI cv_sleeper(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&cs_edge);
  InterlockedExchange(&sleeper_ready, 1);
  for (;;) SleepConditionVariableCS(&cv_edge, &cs_edge, INFINITE);
  return 0;
}
static DWORD WINAPI address_sleeper(LPVOID arg) {
  (void)arg;
  LONGLONG same = sleeper_value;
  InterlockedExchange(&sleeper_ready, 1);
  for (;;) WaitOnAddress(&sleeper_value, &same, sizeof same, INFINITE);
  return 0;
}
static DWORD WINAPI address_once(LPVOID arg) {
  (void)arg;
  LONGLONG same = wide_value;
  InterlockedIncrement(&address_ready);
  WaitOnAddress(&wide_value, &same, sizeof same, INFINITE);  // returns when woken, the value the same
  InterlockedIncrement(&address_woken);
  return 0;
}
static DWORD WINAPI change_byte(LPVOID arg) {
  (void)arg;
  Sleep(20);
  byte_value = 7;
  WakeByAddressAll((PVOID)&byte_value);
  return 0;
}
static void terminate_sleeper(LPTHREAD_START_ROUTINE fn, const char* what) {
  sleeper_ready = 0;
  HANDLE t = CreateThread(NULL, 0, fn, NULL, 0, NULL);
  while (!sleeper_ready) Sleep(1);
  if (fn == cv_sleeper) {  // the sleeper has let go of the critical section: it is in its wait
    EnterCriticalSection(&cs_edge);
    LeaveCriticalSection(&cs_edge);
  }
  Sleep(50);
  BOOL ok = TerminateThread(t, 9);
  DWORD w = WaitForSingleObject(t, 5000), code = 0;
  GetExitCodeThread(t, &code);
  CloseHandle(t);
  printf("TerminateThread of a thread asleep %s: %d, wait %lu, exit code %lu\n", what, ok, w, code);
}

static void edge_waits(void) {
  InitializeCriticalSection(&cs_edge);
  EnterCriticalSection(&cs_edge);
  EnterCriticalSection(&cs_edge);
  SetLastError(0);
  BOOL r = SleepConditionVariableCS(&cv_edge, &cs_edge, 30);
  DWORD e = GetLastError();
  printf("SleepConditionVariableCS 30 ms: %d (error %lu), entered %ld times after, another thread's TryEnter %lu\n", r,
         e, cs_edge.RecursionCount, run_and_wait(try_cs));
  WakeConditionVariable(&cv_edge);  // nobody waits: lost
  r = SleepConditionVariableCS(&cv_edge, &cs_edge, 20);
  e = GetLastError();
  printf("a wake before the sleep is lost: %d (error %lu)\n", r, e);
  LeaveCriticalSection(&cs_edge);
  LeaveCriticalSection(&cs_edge);

  AcquireSRWLockShared(&srw_edge);
  r = SleepConditionVariableSRW(&cv_edge, &srw_edge, 20, CONDITION_VARIABLE_LOCKMODE_SHARED);
  e = GetLastError();
  printf("SleepConditionVariableSRW shared 20 ms: %d (error %lu), another thread's try exclusive/shared %lu\n", r, e,
         run_and_wait(try_srw));
  ReleaseSRWLockShared(&srw_edge);
  AcquireSRWLockExclusive(&srw_edge);
  r = SleepConditionVariableSRW(&cv_edge, &srw_edge, 0, 0);
  e = GetLastError();
  printf("SleepConditionVariableSRW exclusive 0 ms: %d (error %lu), another thread's try exclusive/shared %lu\n", r, e,
         run_and_wait(try_srw));
  ReleaseSRWLockExclusive(&srw_edge);

  terminate_sleeper(cv_sleeper, "on a condition variable");
  printf("its critical section free after: %lu\n", run_and_wait(try_cs));
  terminate_sleeper(address_sleeper, "on an address");

  HANDLE t[3];
  for (int i = 0; i < 3; ++i) t[i] = CreateThread(NULL, 0, address_once, NULL, 0, NULL);
  while (address_ready < 3) Sleep(1);
  Sleep(50);
  WakeByAddressSingle((PVOID)&wide_value);
  for (int i = 0; i < 2000 && !address_woken; ++i) Sleep(1);
  Sleep(50);
  LONG after_single = address_woken;
  WakeByAddressAll((PVOID)&wide_value);
  DWORD w = WaitForMultipleObjects(3, t, TRUE, 5000);
  printf("WakeByAddressSingle woke %ld of 3, WakeByAddressAll the rest: wait %lu, %ld woken\n", after_single, w,
         (long)address_woken);
  for (int i = 0; i < 3; ++i) CloseHandle(t[i]);

  char undesired = 0;
  r = WaitOnAddress(&byte_value, &undesired, 1, 10);
  e = GetLastError();
  printf("WaitOnAddress of a byte, 10 ms: %d (error %lu)\n", r, e);
  HANDLE cb = CreateThread(NULL, 0, change_byte, NULL, 0, NULL);
  while (byte_value == undesired) WaitOnAddress(&byte_value, &undesired, 1, INFINITE);
  printf("byte changed to %d; different at once: %d\n", byte_value, WaitOnAddress(&byte_value, &undesired, 1, INFINITE));
  WaitForSingleObject(cb, INFINITE);
  CloseHandle(cb);
  DeleteCriticalSection(&cs_edge);
}

int main(void) {
  // Counting.
  InitializeCriticalSection(&cs);
  mutex = CreateMutexA(NULL, FALSE, NULL);
  HANDLE h[THREADS];
  for (int i = 0; i < THREADS; ++i) h[i] = CreateThread(NULL, 0, counter, (LPVOID)(INT_PTR)(i + 1), 0, NULL);
  DWORD w = WaitForMultipleObjects(THREADS, h, TRUE, INFINITE);
  printf("counters joined: %lu\n", w);
  for (int i = 0; i < THREADS; ++i) {
    DWORD code = 0;
    GetExitCodeThread(h[i], &code);
    printf("thread %d exit code %lu\n", i + 1, code);
    CloseHandle(h[i]);
  }
  printf("critical section total %ld (expected %d)\n", cs_total, ROUNDS * (1 + 2 + 3 + 4));
  printf("mutex total %ld (expected %d)\n", mutex_total, ROUNDS / 10 * (1 + 2 + 3 + 4));
  printf("srw total %ld (expected %d)\n", srw_total, ROUNDS / 10 * THREADS);
  printf("interlocked total %ld (expected %d)\n", (long)atomic_total, ROUNDS * THREADS);
  printf("interlocked64 total %lld (expected %d)\n", (long long)atomic64_total, ROUNDS * (1 + 2 + 3 + 4));
  DeleteCriticalSection(&cs);

  // Producer/consumer.
  InitializeCriticalSection(&qlock);
  InitializeConditionVariable(&not_empty);
  InitializeConditionVariable(&not_full);
  HANDLE pc[4] = {CreateThread(NULL, 0, producer, (LPVOID)0, 0, NULL),
                  CreateThread(NULL, 0, producer, (LPVOID)100000, 0, NULL),
                  CreateThread(NULL, 0, consumer, NULL, 0, NULL), CreateThread(NULL, 0, consumer, NULL, 0, NULL)};
  WaitForMultipleObjects(4, pc, TRUE, INFINITE);
  long long expect = 2LL * ITEMS * (ITEMS + 1) / 2 + 100000LL * ITEMS;
  printf("consumed %d items, sum %lld (expected %lld)\n", consumed_count, consumed_sum, expect);
  for (int i = 0; i < 4; ++i) CloseHandle(pc[i]);

  // TLS.
  tls_index = TlsAlloc();
  TlsSetValue(tls_index, (LPVOID)42);
  LONG attach0 = attach_count, detach0 = detach_count;
  HANDLE t[3];
  for (int i = 0; i < 3; ++i) t[i] = CreateThread(NULL, 0, tls_worker, (LPVOID)(INT_PTR)(i + 1), 0, NULL);
  WaitForMultipleObjects(3, t, TRUE, INFINITE);
  int tls_ok = 0;
  for (int i = 0; i < 3; ++i) {
    DWORD code = 0;
    GetExitCodeThread(t[i], &code);
    tls_ok += (int)code;
    CloseHandle(t[i]);
  }
  printf("threads with their own TLS slot and thread variable: %d of 3\n", tls_ok);
  printf("main thread TLS slot %d, thread variable %d\n", (int)(INT_PTR)TlsGetValue(tls_index), tls_var);
  printf("TLS callbacks: %ld attach, %ld detach\n", attach_count - attach0, detach_count - detach0);
  TlsFree(tls_index);

  // A thread that exits while another runs.
  HANDLE sp = CreateThread(NULL, 0, spinner, NULL, 0, NULL);
  HANDLE ee = CreateThread(NULL, 0, early_exit, NULL, 0, NULL);
  printf("early thread wait: %lu\n", WaitForSingleObject(ee, INFINITE));
  DWORD code = 0;
  GetExitCodeThread(ee, &code);
  printf("early thread exit code %lu\n", code);
  GetExitCodeThread(sp, &code);
  printf("spinner still active: %s\n", code == STILL_ACTIVE ? "yes" : "no");
  printf("spinner wait with timeout: %lu\n", WaitForSingleObject(sp, 20));
  keep_running = 0;
  WaitForSingleObject(sp, INFINITE);
  GetExitCodeThread(sp, &code);
  printf("spinner exit code %lu\n", code);
  CloseHandle(sp);
  CloseHandle(ee);

  // Events.
  for (int i = 0; i < 3; ++i) events[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
  printf("wait-any, nothing set, 0 ms: %lu\n", WaitForMultipleObjects(3, events, FALSE, 0));
  printf("wait-any, nothing set, 40 ms: %lu\n", WaitForMultipleObjects(3, events, FALSE, 40));
  HANDLE s2 = CreateThread(NULL, 0, set_later, (LPVOID)2, 0, NULL);
  printf("wait-any, third set by a thread: %lu\n", WaitForMultipleObjects(3, events, FALSE, 5000));
  WaitForSingleObject(s2, INFINITE);
  CloseHandle(s2);
  ResetEvent(events[2]);
  SetEvent(events[0]);
  HANDLE s1 = CreateThread(NULL, 0, set_later, (LPVOID)1, 0, NULL);
  printf("wait-all of first two, second set by a thread: %lu\n", WaitForMultipleObjects(2, events, TRUE, 5000));
  printf("wait-all of all three, third unset, 30 ms: %lu\n", WaitForMultipleObjects(3, events, TRUE, 30));
  WaitForSingleObject(s1, INFINITE);
  CloseHandle(s1);

  // Suspended thread.
  HANDLE su = CreateThread(NULL, 0, mark_ran, NULL, CREATE_SUSPENDED, NULL);
  Sleep(20);
  printf("suspended thread ran: %ld\n", ran);
  printf("resume: previous count %lu\n", ResumeThread(su));
  WaitForSingleObject(su, INFINITE);
  printf("resumed thread ran: %ld\n", ran);
  CloseHandle(su);

  // Abandoned mutex.
  orphan = CreateMutexA(NULL, FALSE, NULL);
  HANDLE ab = CreateThread(NULL, 0, take_and_leave, NULL, 0, NULL);
  WaitForSingleObject(ab, INFINITE);
  printf("wait on an abandoned mutex: 0x%lx\n", WaitForSingleObject(orphan, INFINITE));
  printf("release it: %d\n", ReleaseMutex(orphan));
  BOOL again = ReleaseMutex(orphan);
  printf("release again: %d (error %lu)\n", again, GetLastError());
  CloseHandle(ab);

  // One-time initialisation from several threads.
  HANDLE on[3];
  for (int i = 0; i < 3; ++i) on[i] = CreateThread(NULL, 0, run_once, NULL, 0, NULL);
  WaitForMultipleObjects(3, on, TRUE, INFINITE);
  printf("init-once function calls: %ld\n", once_calls);
  for (int i = 0; i < 3; ++i) CloseHandle(on[i]);

  // WaitOnAddress.
  LONG undesired = 0;
  HANDLE ca = CreateThread(NULL, 0, change_address, NULL, 0, NULL);
  while (address_value == undesired) WaitOnAddress(&address_value, &undesired, sizeof undesired, INFINITE);
  printf("address changed to %ld\n", address_value);
  BOOL waited = WaitOnAddress(&address_value, (PVOID)&address_value, 4, 10);
  printf("WaitOnAddress timeout: %d (error %lu)\n", waited, GetLastError());
  WaitForSingleObject(ca, INFINITE);
  CloseHandle(ca);
  edge_waits();

  // The C runtime's threads, and yielding.
  int value = 21;
  unsigned id = 0;
  HANDLE ct = (HANDLE)_beginthreadex(NULL, 0, crt_thread, &value, 0, &id);
  printf("_beginthreadex id matches: %s\n", id == GetThreadId(ct) && id != GetCurrentThreadId() ? "yes" : "no");
  WaitForSingleObject(ct, INFINITE);
  GetExitCodeThread(ct, &code);
  printf("_beginthreadex result %d, exit code %lu\n", value, code);
  CloseHandle(ct);
  Sleep(0);
  SwitchToThread();
  printf("done\n");
  return 0;
}
