// MSVCP140.dll's threads' support, called by name as <mutex>, <condition_variable> and <thread>
// call it: mutexes of each kind (_Mtx_*), in situ and allocated, locked and tried from two
// threads; condition variables (_Cnd_*) woken by another thread and timing out; threads
// (_Thrd_create/_start/join/detach/equal/id/current); times (_Xtime_*, _Query_perf_*);
// std::call_once's _Execute_once; shared_ptr's spin lock; stdext::threads' mutexes.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifdef _WIN64
#define NAME64(x86, x64) x64
#else
#define NAME64(x86, x64) x86
#endif

typedef struct {
  int64_t sec;
  int32_t nsec;
} xtime;
typedef struct {
  HANDLE handle;
  DWORD id;
} thrd_t;

#include "msvcp_names.h"

static void(__cdecl* Mtx_init_in_situ)(void*, int);
static int(__cdecl* Mtx_init)(void**, int);
static void(__cdecl* Mtx_destroy)(void*);
static void(__cdecl* Mtx_destroy_in_situ)(void*);
static int(__cdecl* Mtx_lock)(void*);
static int(__cdecl* Mtx_trylock)(void*);
static int(__cdecl* Mtx_unlock)(void*);
static int(__cdecl* Mtx_current_owns)(void*);
static void*(__cdecl* Mtx_getconcrtcs)(void*);
static void(__cdecl* Mtx_clear_owner)(void*);
static void(__cdecl* Mtx_reset_owner)(void*);
static void(__cdecl* Cnd_init_in_situ)(void*);
static int(__cdecl* Cnd_init)(void**);
static void(__cdecl* Cnd_destroy)(void*);
static void(__cdecl* Cnd_destroy_in_situ)(void*);
static int(__cdecl* Cnd_wait)(void*, void*);
static int(__cdecl* Cnd_timedwait)(void*, void*, const xtime*);
static int(__cdecl* Cnd_signal)(void*);
static int(__cdecl* Cnd_broadcast)(void*);
static int(__cdecl* Thrd_create)(thrd_t*, int(__cdecl*)(void*), void*);
static int(__cdecl* Thrd_start)(thrd_t*, DWORD(WINAPI*)(void*), void*);
static int(__cdecl* Thrd_join)(thrd_t, int*);
static int(__cdecl* Thrd_detach)(thrd_t);
static int(__cdecl* Thrd_equal)(thrd_t, thrd_t);
static unsigned(__cdecl* Thrd_id)(void);
static thrd_t(__cdecl* Thrd_current)(void);
static unsigned(__cdecl* Thrd_hardware_concurrency)(void);
static void(__cdecl* Thrd_sleep)(const xtime*);
static void(__cdecl* Thrd_yield)(void);
static int64_t(__cdecl* Xtime_get_ticks)(void);
static int(__cdecl* Xtime_diff_to_millis2)(const xtime*, const xtime*);
static int(__cdecl* Xtime_diff_to_millis)(const xtime*);
static int64_t(__cdecl* Query_perf_counter)(void);
static int64_t(__cdecl* Query_perf_frequency)(void);

// A mutex's storage as std::mutex holds it (80 bytes on x64, 48 on i386), aligned.
typedef union {
  unsigned char bytes[80];
  void* align;
} mtx_storage;
typedef union {
  unsigned char bytes[72];
  void* align;
} cnd_storage;

static void* shared_mtx;
static void* shared_cnd;
static volatile LONG ready_flag;

static DWORD WINAPI try_from_other(void* m) { return (DWORD)Mtx_trylock(m); }

static int other_thread_trylock(void* m) {
  DWORD code = 99;
  HANDLE h = CreateThread(NULL, 0, try_from_other, m, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  GetExitCodeThread(h, &code);
  CloseHandle(h);
  if (code == 0) Mtx_unlock(m);  // (the other thread has ended: its hold is let go here)
  return (int)code;
}

static void mutex_kind(const char* name, int flags) {
  mtx_storage s;
  void* m = &s;
  memset(&s, 0xcc, sizeof s);
  Mtx_init_in_situ(m, flags);
  printf("%s (flags %#x):\n", name, flags);
  printf("  owns before: %d\n", Mtx_current_owns(m));
  int r = Mtx_lock(m);
  printf("  lock: %d, owns: %d\n", r, Mtx_current_owns(m));
  printf("  lock again: %d\n", Mtx_lock(m));
  printf("  trylock by owner: %d\n", Mtx_trylock(m));
  printf("  trylock by another thread: %d\n", other_thread_trylock(m));
  int unlocks = 0;
  while (Mtx_current_owns(m) && unlocks < 5) {
    Mtx_unlock(m);
    unlocks++;
  }
  printf("  unlocks until not owned: %d\n", unlocks);
  printf("  trylock by another thread after: %d\n", other_thread_trylock(m));
  Mtx_destroy_in_situ(m);
}

static DWORD WINAPI try_cs_from_other(void* cs) {
  if (!TryEnterCriticalSection(cs)) return 0;
  LeaveCriticalSection(cs);
  return 1;
}

static volatile int thread_arg, thread_id_matches;
static int __cdecl thread_main(void* arg) {
  thread_arg = (int)(intptr_t)arg;
  thread_id_matches = Thrd_id() == GetCurrentThreadId();
  return (int)(intptr_t)arg * 2;
}

static DWORD WINAPI windows_thread_main(void* arg) { return (DWORD)(intptr_t)arg + 1; }

static int __cdecl signaller(void* arg) {
  (void)arg;
  Mtx_lock(shared_mtx);
  ready_flag = 1;
  Cnd_signal(shared_cnd);
  Mtx_unlock(shared_mtx);
  return 0;
}

static int once_calls;
static BOOL WINAPI once_callback(void* once, void* param, void** context) {
  (void)once;
  once_calls++;
  printf("  once callback: param %s, context %s\n", (const char*)param, context ? "given" : "null");
  return TRUE;
}
static BOOL WINAPI failing_once(void* once, void* param, void** context) {
  (void)once, (void)param, (void)context;
  once_calls++;
  return FALSE;
}

static void xtime_now_plus(xtime* t, int ms) {
  int64_t ticks = Xtime_get_ticks() + (int64_t)ms * 10000;
  t->sec = ticks / 10000000;
  t->nsec = (int32_t)(ticks % 10000000 * 100);
}

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  Mtx_init_in_situ = fn("_Mtx_init_in_situ");
  Mtx_init = fn("_Mtx_init");
  Mtx_destroy = fn("_Mtx_destroy");
  Mtx_destroy_in_situ = fn("_Mtx_destroy_in_situ");
  Mtx_lock = fn("_Mtx_lock");
  Mtx_trylock = fn("_Mtx_trylock");
  Mtx_unlock = fn("_Mtx_unlock");
  Mtx_current_owns = fn("_Mtx_current_owns");
  Mtx_getconcrtcs = fn("_Mtx_getconcrtcs");
  Mtx_clear_owner = fn("_Mtx_clear_owner");
  Mtx_reset_owner = fn("_Mtx_reset_owner");
  Cnd_init_in_situ = fn("_Cnd_init_in_situ");
  Cnd_init = fn("_Cnd_init");
  Cnd_destroy = fn("_Cnd_destroy");
  Cnd_destroy_in_situ = fn("_Cnd_destroy_in_situ");
  Cnd_wait = fn("_Cnd_wait");
  Cnd_timedwait = fn("_Cnd_timedwait");
  Cnd_signal = fn("_Cnd_signal");
  Cnd_broadcast = fn("_Cnd_broadcast");
  Thrd_create = fn("_Thrd_create");
  Thrd_start = fn("_Thrd_start");
  Thrd_join = fn("_Thrd_join");
  Thrd_detach = fn("_Thrd_detach");
  Thrd_equal = fn("_Thrd_equal");
  Thrd_id = fn("_Thrd_id");
  Thrd_current = fn("_Thrd_current");
  Thrd_hardware_concurrency = fn("_Thrd_hardware_concurrency");
  Thrd_sleep = fn("_Thrd_sleep");
  Thrd_yield = fn("_Thrd_yield");
  Xtime_get_ticks = fn("_Xtime_get_ticks");
  Xtime_diff_to_millis2 = fn("_Xtime_diff_to_millis2");
  Xtime_diff_to_millis = fn("_Xtime_diff_to_millis");
  Query_perf_counter = fn("_Query_perf_counter");
  Query_perf_frequency = fn("_Query_perf_frequency");

  // _Mtx_plain 1, _Mtx_try 2, _Mtx_timed 4, _Mtx_recursive 0x100; std::mutex is plain | try.
  mutex_kind("plain", 1);
  mutex_kind("std::mutex", 3);
  mutex_kind("recursive", 0x102);
  mutex_kind("timed", 5);

  printf("allocated mutex:\n");
  void* m = NULL;
  int r = Mtx_init(&m, 3);
  printf("  _Mtx_init: %d, made: %d\n", r, m != NULL);
  printf("  critical section a pointer in: %d\n", (char*)Mtx_getconcrtcs(m) - (char*)m == sizeof(void*));
  r = Mtx_lock(m);
  printf("  lock %d, owns %d\n", r, Mtx_current_owns(m));
  Mtx_clear_owner(m);
  printf("  after clear_owner: owns %d\n", Mtx_current_owns(m));
  printf("  trylock by another thread: %d\n", other_thread_trylock(m));
  Mtx_reset_owner(m);
  printf("  after reset_owner: owns %d\n", Mtx_current_owns(m));
  r = Mtx_unlock(m);
  printf("  unlock %d, owns %d\n", r, Mtx_current_owns(m));
  Mtx_destroy(m);
  Mtx_destroy(NULL);

  printf("condition variables:\n");
  mtx_storage ms;
  cnd_storage cs;
  shared_mtx = &ms;
  shared_cnd = &cs;
  Mtx_init_in_situ(shared_mtx, 3);
  Cnd_init_in_situ(shared_cnd);
  Mtx_lock(shared_mtx);
  thrd_t t;
  printf("  _Thrd_create: %d\n", Thrd_create(&t, signaller, NULL));
  int waits = 0;
  while (!ready_flag) {
    Cnd_wait(shared_cnd, shared_mtx);
    waits++;
  }
  printf("  woken, flag %d, owns the mutex %d, waited at least once %d\n", (int)ready_flag, Mtx_current_owns(shared_mtx),
         waits >= 1);
  int code = -1;
  r = Thrd_join(t, &code);
  printf("  _Thrd_join: %d, exit code %d\n", r, code);
  xtime soon;
  xtime_now_plus(&soon, 50);
  r = Cnd_timedwait(shared_cnd, shared_mtx, &soon);
  printf("  _Cnd_timedwait with no signal: %d\n", r);
  printf("  owns the mutex after: %d\n", Mtx_current_owns(shared_mtx));
  r = Cnd_broadcast(shared_cnd);
  printf("  _Cnd_broadcast %d, _Cnd_signal %d with no sleeper\n", r, Cnd_signal(shared_cnd));
  Mtx_unlock(shared_mtx);
  Cnd_destroy_in_situ(shared_cnd);
  void* c = NULL;
  r = Cnd_init(&c);
  printf("  _Cnd_init: %d, made: %d\n", r, c != NULL);
  Cnd_destroy(c);
  Cnd_destroy(NULL);

  printf("threads:\n");
  printf("  _Thrd_create: %d\n", Thrd_create(&t, thread_main, (void*)21));
  printf("  id given: %d\n", t.id != 0);
  code = -1;
  r = Thrd_join(t, &code);
  printf("  _Thrd_join: %d, exit code %d\n", r, code);
  printf("  the thread ran with %d, its _Thrd_id its GetCurrentThreadId: %d\n", thread_arg, thread_id_matches);
  printf("  _Thrd_start: %d\n", Thrd_start(&t, windows_thread_main, (void*)6));
  code = -1;
  r = Thrd_join(t, &code);
  printf("  _Thrd_join: %d, exit code %d\n", r, code);
  printf("  _Thrd_create: %d\n", Thrd_create(&t, thread_main, (void*)5));
  WaitForSingleObject(t.handle, INFINITE);
  printf("  _Thrd_detach: %d\n", Thrd_detach(t));
  thrd_t me = Thrd_current();
  printf("  _Thrd_current: id is ours %d\n", me.id == GetCurrentThreadId());
  thrd_t other = me;
  printf("  _Thrd_equal same %d\n", Thrd_equal(me, other));
  other.id += 1;
  other.handle = NULL;
  printf("  _Thrd_equal other %d\n", Thrd_equal(me, other));
  printf("  _Thrd_id is GetCurrentThreadId: %d\n", Thrd_id() == GetCurrentThreadId());
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  printf("  hardware_concurrency is the processor count: %d\n", Thrd_hardware_concurrency() == si.dwNumberOfProcessors);

  printf("times:\n");
  xtime a = {100, 500000000}, b = {99, 999999999}, z = {0, 0};
  printf("  diff (100.5 - 99.999999999): %d ms\n", Xtime_diff_to_millis2(&a, &b));
  printf("  diff (99.999999999 - 100.5): %d ms\n", Xtime_diff_to_millis2(&b, &a));
  xtime c1 = {5, 1}, c2 = {5, 0}, c3 = {7, -1500000000};
  printf("  diff (5.000000001 - 5): %d ms\n", Xtime_diff_to_millis2(&c1, &c2));
  printf("  diff (7 s - 1.5e9 ns, 5): %d ms\n", Xtime_diff_to_millis2(&c3, &c2));
  printf("  diff (0 - 0): %d ms\n", Xtime_diff_to_millis2(&z, &z));
  printf("  diff from now to the past: %d ms\n", Xtime_diff_to_millis(&z));
  xtime later;
  xtime_now_plus(&later, 2000);
  int left = Xtime_diff_to_millis(&later);
  printf("  diff from now to 2 s ahead within 1.9 .. 2 s: %d\n", left > 1900 && left <= 2000);
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  int64_t sys = (int64_t)(((uint64_t)ft.dwHighDateTime << 32 | ft.dwLowDateTime) - 116444736000000000ull);
  int64_t ticks = Xtime_get_ticks();
  printf("  _Xtime_get_ticks within 1 s of the system time since 1970: %d\n",
         ticks - sys < 10000000 && sys - ticks < 10000000);
  LARGE_INTEGER f, q;
  QueryPerformanceFrequency(&f);
  printf("  _Query_perf_frequency is QueryPerformanceFrequency's: %d\n", Query_perf_frequency() == f.QuadPart);
  int64_t q1 = Query_perf_counter();
  QueryPerformanceCounter(&q);
  int64_t q2 = Query_perf_counter();
  printf("  _Query_perf_counter in step with QueryPerformanceCounter: %d\n", q1 <= q.QuadPart && q.QuadPart <= q2);
  xtime nap;
  xtime_now_plus(&nap, 30);
  Thrd_sleep(&nap);
  printf("  _Thrd_sleep for 30 ms returns\n");
  Thrd_sleep(&z);
  Thrd_yield();
  printf("  _Thrd_sleep into the past and _Thrd_yield return\n");

  printf("call_once:\n");
  int(__cdecl * execute_once)(void*, BOOL(WINAPI*)(void*, void*, void**), void*) =
      fn(NAME64("?_Execute_once@std@@YAHAAUonce_flag@1@P6GHPAX1PAPAX@Z1@Z",
                "?_Execute_once@std@@YAHAEAUonce_flag@1@P6AHPEAX1PEAPEAX@Z1@Z"));
  void* once = NULL;
  r = execute_once(&once, once_callback, "first");
  printf("  first: %d\n", r);
  r = execute_once(&once, once_callback, "second");
  printf("  second: %d\n", r);
  printf("  callback calls: %d, flag done %d\n", once_calls, once != NULL);
  void* once2 = NULL;
  once_calls = 0;
  int f1 = execute_once(&once2, failing_once, NULL);
  int f2 = execute_once(&once2, failing_once, NULL);
  printf("  failing: %d, then %d, calls %d, flag still clear %d\n", f1, f2, once_calls, once2 == NULL);

  printf("shared_ptr spin lock:\n");
  void(__cdecl * spin_lock)(void) = fn("_Lock_shared_ptr_spin_lock");
  void(__cdecl * spin_unlock)(void) = fn("_Unlock_shared_ptr_spin_lock");
  spin_lock();
  spin_unlock();
  spin_lock();
  spin_unlock();
  printf("  locked and unlocked twice\n");

  printf("stdext::threads:\n");
  void(__cdecl * t_new)(void**) =
      fn(NAME64("?_Mtx_new@threads@stdext@@YAXAAPAX@Z", "?_Mtx_new@threads@stdext@@YAXAEAPEAX@Z"));
  void(__cdecl * t_lock)(void*) =
      fn(NAME64("?_Mtx_lock@threads@stdext@@YAXPAX@Z", "?_Mtx_lock@threads@stdext@@YAXPEAX@Z"));
  void(__cdecl * t_unlock)(void*) =
      fn(NAME64("?_Mtx_unlock@threads@stdext@@YAXPAX@Z", "?_Mtx_unlock@threads@stdext@@YAXPEAX@Z"));
  void(__cdecl * t_delete)(void*) =
      fn(NAME64("?_Mtx_delete@threads@stdext@@YAXPAX@Z", "?_Mtx_delete@threads@stdext@@YAXPEAX@Z"));
  void* tm = NULL;
  t_new(&tm);
  printf("  made: %d\n", tm != NULL);
  t_lock(tm);
  t_lock(tm);
  HANDLE h = CreateThread(NULL, 0, try_cs_from_other, tm, 0, NULL);
  DWORD entered = 99;
  WaitForSingleObject(h, INFINITE);
  GetExitCodeThread(h, &entered);
  CloseHandle(h);
  printf("  a critical section: TryEnterCriticalSection from another thread while held twice: %lu\n", entered);
  t_unlock(tm);
  t_unlock(tm);
  t_delete(tm);
  printf("  done\n");
  fflush(stdout);
  return 0;
}
