/* NTDLL's thread pool: TpAllocWork/TpPostWork/TpWaitForWork, timers (TpSetTimer, TpIsTimerSet),
 * waits (TpSetWait), cleanup groups, the callback instance's completion actions, the pool's stack
 * information, TpSimpleTryPost, and the Rtl timer queues, registered waits and work items.
 * Expected output: wine 8.0's (x64). */
#include <stdio.h>
#include <windows.h>

typedef LONG NTSTATUS;
static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

static volatile LONG work_runs, timer_runs, wait_runs, simple_runs, queue_timer_runs, item_runs, registered_runs;
static volatile LONG wait_result = -1, registered_fired = -1;
static HANDLE done_event, semaphore;
static void(NTAPI* set_event_on_completion)(void*, HANDLE);
static void(NTAPI* release_semaphore_on_completion)(void*, HANDLE, DWORD);
static NTSTATUS(NTAPI* may_run_long)(void*);
static CRITICAL_SECTION cs;
static void(NTAPI* leave_cs_on_completion)(void*, CRITICAL_SECTION*);
static void(NTAPI* release_mutex_on_completion)(void*, HANDLE);
static HANDLE mutex;

static void NTAPI work_cb(void* instance, void* context, void* work) {
  (void)work;
  InterlockedIncrement(&work_runs);
  if (context == (void*)1) set_event_on_completion(instance, done_event);
  if (context == (void*)2) release_semaphore_on_completion(instance, semaphore, 2);
  if (context == (void*)3) {
    EnterCriticalSection(&cs);
    leave_cs_on_completion(instance, &cs);
  }
  if (context == (void*)4) printf("may run long: 0x%lx\n", S(may_run_long(instance)));
  if (context == (void*)5) {
    WaitForSingleObject(mutex, INFINITE);
    release_mutex_on_completion(instance, mutex);
  }
}
static void NTAPI timer_cb(void* instance, void* context, void* timer) {
  (void)instance, (void)context, (void)timer;
  InterlockedIncrement(&timer_runs);
}
static void NTAPI wait_cb(void* instance, void* context, void* wait, ULONG result) {
  (void)instance, (void)context, (void)wait;
  wait_result = (LONG)result;
  InterlockedIncrement(&wait_runs);
}
/* Items posted one after another, each after the last has run: the pool's idle worker takes the
 * next (Windows' workers wait for work a while before they end), not a new thread each. */
static DWORD reuse_ids[8];
static volatile LONG reuse_n;
static HANDLE reuse_ev;
static void NTAPI reuse_cb(void* instance, void* context) {
  (void)instance, (void)context;
  reuse_ids[reuse_n] = GetCurrentThreadId();
  InterlockedIncrement(&reuse_n);
  SetEvent(reuse_ev);
}

static void NTAPI simple_cb(void* instance, void* context) {
  (void)instance;
  InterlockedExchangeAdd(&simple_runs, (LONG)(ULONG_PTR)context);
}
static void NTAPI queue_timer_cb(void* context, BOOLEAN fired) {
  (void)context, (void)fired;
  InterlockedIncrement(&queue_timer_runs);
}
static void NTAPI registered_cb(void* context, BOOLEAN timed_out) {
  (void)context;
  registered_fired = timed_out;
  InterlockedIncrement(&registered_runs);
}
static DWORD NTAPI item_cb(void* context) {
  InterlockedExchangeAdd(&item_runs, (LONG)(ULONG_PTR)context);
  return 0;
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * alloc_work)(void**, void*, void*, void*) = (void*)FN("TpAllocWork");
  void(NTAPI * post_work)(void*) = (void*)FN("TpPostWork");
  void(NTAPI * wait_work)(void*, BOOL) = (void*)FN("TpWaitForWork");
  void(NTAPI * release_work)(void*) = (void*)FN("TpReleaseWork");
  NTSTATUS(NTAPI * alloc_timer)(void**, void*, void*, void*) = (void*)FN("TpAllocTimer");
  void(NTAPI * set_timer)(void*, LARGE_INTEGER*, LONG, LONG) = (void*)FN("TpSetTimer");
  BOOL(NTAPI * is_timer_set)(void*) = (void*)FN("TpIsTimerSet");
  void(NTAPI * wait_timer)(void*, BOOL) = (void*)FN("TpWaitForTimer");
  void(NTAPI * release_timer)(void*) = (void*)FN("TpReleaseTimer");
  NTSTATUS(NTAPI * alloc_wait)(void**, void*, void*, void*) = (void*)FN("TpAllocWait");
  void(NTAPI * set_wait)(void*, HANDLE, LARGE_INTEGER*) = (void*)FN("TpSetWait");
  void(NTAPI * wait_wait)(void*, BOOL) = (void*)FN("TpWaitForWait");
  void(NTAPI * release_wait)(void*) = (void*)FN("TpReleaseWait");
  NTSTATUS(NTAPI * alloc_pool)(void**, void*) = (void*)FN("TpAllocPool");
  void(NTAPI * release_pool)(void*) = (void*)FN("TpReleasePool");
  NTSTATUS(NTAPI * query_stack)(void*, SIZE_T*) = (void*)FN("TpQueryPoolStackInformation");
  NTSTATUS(NTAPI * set_stack)(void*, SIZE_T*) = (void*)FN("TpSetPoolStackInformation");
  NTSTATUS(NTAPI * min_threads)(void*, DWORD) = (void*)FN("TpSetPoolMinThreads");
  NTSTATUS(NTAPI * alloc_group)(void**) = (void*)FN("TpAllocCleanupGroup");
  void(NTAPI * release_members)(void*, BOOL, void*) = (void*)FN("TpReleaseCleanupGroupMembers");
  void(NTAPI * release_group)(void*) = (void*)FN("TpReleaseCleanupGroup");
  NTSTATUS(NTAPI * simple_post)(void*, void*, void*) = (void*)FN("TpSimpleTryPost");
  set_event_on_completion = (void*)FN("TpCallbackSetEventOnCompletion");
  release_semaphore_on_completion = (void*)FN("TpCallbackReleaseSemaphoreOnCompletion");
  leave_cs_on_completion = (void*)FN("TpCallbackLeaveCriticalSectionOnCompletion");
  may_run_long = (void*)FN("TpCallbackMayRunLong");
  release_mutex_on_completion = (void*)FN("TpCallbackReleaseMutexOnCompletion");
  mutex = CreateMutexA(NULL, FALSE, NULL);
  InitializeCriticalSection(&cs);
  done_event = CreateEventA(NULL, TRUE, FALSE, NULL);
  semaphore = CreateSemaphoreA(NULL, 0, 10, NULL);

  void* work = NULL;
  printf("alloc work: 0x%lx\n", S(alloc_work(&work, (void*)work_cb, (void*)1, NULL)));
  post_work(work);
  post_work(work);
  wait_work(work, FALSE);
  printf("work ran %ld times, event set: %lu\n", work_runs, WaitForSingleObject(done_event, 1000));
  release_work(work);
  alloc_work(&work, (void*)work_cb, (void*)2, NULL);
  post_work(work);
  wait_work(work, FALSE);
  LONG count = -1;
  WaitForSingleObject(semaphore, 1000);
  ReleaseSemaphore(semaphore, 1, &count);
  printf("semaphore released by 2: %ld\n", count + 1);
  release_work(work);
  alloc_work(&work, (void*)work_cb, (void*)3, NULL);
  post_work(work);
  wait_work(work, FALSE);
  Sleep(50);
  printf("critical section left: %d\n", TryEnterCriticalSection(&cs) != 0);
  LeaveCriticalSection(&cs);
  release_work(work);
  alloc_work(&work, (void*)work_cb, (void*)4, NULL);
  post_work(work);
  wait_work(work, FALSE);
  release_work(work);
  alloc_work(&work, (void*)work_cb, (void*)5, NULL);
  post_work(work);
  wait_work(work, FALSE);
  Sleep(50);
  DWORD got = WaitForSingleObject(mutex, 0);
  printf("mutex released: 0x%lx\n", S(got));
  if (got == WAIT_OBJECT_0) ReleaseMutex(mutex);
  release_work(work);

  void* timer = NULL;
  NTSTATUS s = alloc_timer(&timer, (void*)timer_cb, NULL, NULL);
  printf("alloc timer: 0x%lx, set: %d\n", S(s), is_timer_set(timer));
  LARGE_INTEGER due;
  due.QuadPart = -200000; /* 20 ms */
  set_timer(timer, &due, 0, 0);
  printf("set: %d\n", is_timer_set(timer));
  Sleep(300);
  wait_timer(timer, FALSE);
  printf("timer ran %ld times, still set: %d\n", timer_runs, is_timer_set(timer));
  set_timer(timer, NULL, 0, 0);
  printf("cancelled, set: %d\n", is_timer_set(timer));
  release_timer(timer);

  void* wait = NULL;
  HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
  printf("alloc wait: 0x%lx\n", S(alloc_wait(&wait, (void*)wait_cb, NULL, NULL)));
  set_wait(wait, ev, NULL);
  SetEvent(ev);
  for (int i = 0; i < 100 && !wait_runs; ++i) Sleep(10);
  wait_wait(wait, FALSE);
  printf("wait ran %ld times, result %ld\n", wait_runs, wait_result);
  LARGE_INTEGER timeout;
  timeout.QuadPart = -100000; /* 10 ms */
  set_wait(wait, ev, &timeout);
  for (int i = 0; i < 100 && wait_runs < 2; ++i) Sleep(10);
  wait_wait(wait, FALSE);
  printf("wait ran %ld times, result 0x%lx\n", wait_runs, S(wait_result));
  release_wait(wait);

  void* pool = NULL;
  SIZE_T stack[2] = {0, 0};
  printf("alloc pool: 0x%lx\n", S(alloc_pool(&pool, NULL)));
  printf("min threads: 0x%lx\n", S(min_threads(pool, 2)));
  SIZE_T mine[2] = {0x200000, 0x4000};
  printf("set stack: 0x%lx\n", S(set_stack(pool, mine)));
  s = query_stack(pool, stack);
  printf("query stack: 0x%lx, reserve 0x%lx, commit 0x%lx\n", S(s), S(stack[0]), S(stack[1]));
  release_pool(pool);

  void* group = NULL;
  printf("alloc cleanup group: 0x%lx\n", S(alloc_group(&group)));
  TP_CALLBACK_ENVIRON env;
  InitializeThreadpoolEnvironment(&env);
  env.CleanupGroup = group;
  work_runs = 0;
  alloc_work(&work, (void*)work_cb, NULL, &env);
  post_work(work);
  release_members(group, FALSE, NULL);
  printf("group's work ran before its release: %ld\n", work_runs);
  release_group(group);

  printf("simple post: 0x%lx\n", S(simple_post((void*)simple_cb, (void*)5, NULL)));
  for (int i = 0; i < 100 && !simple_runs; ++i) Sleep(10);
  printf("simple ran: %ld\n", simple_runs);

  /* The Rtl timer queues, registered waits and work items. */
  NTSTATUS(NTAPI * create_queue)(HANDLE*) = (void*)FN("RtlCreateTimerQueue");
  NTSTATUS(NTAPI * create_timer)(HANDLE, HANDLE*, void*, void*, DWORD, DWORD, ULONG) = (void*)FN("RtlCreateTimer");
  NTSTATUS(NTAPI * delete_timer)(HANDLE, HANDLE, HANDLE) = (void*)FN("RtlDeleteTimer");
  NTSTATUS(NTAPI * delete_queue)(HANDLE, HANDLE) = (void*)FN("RtlDeleteTimerQueueEx");
  NTSTATUS(NTAPI * register_wait)(HANDLE*, HANDLE, void*, void*, ULONG, ULONG) = (void*)FN("RtlRegisterWait");
  NTSTATUS(NTAPI * deregister)(HANDLE, HANDLE) = (void*)FN("RtlDeregisterWaitEx");
  NTSTATUS(NTAPI * queue_item)(void*, void*, ULONG) = (void*)FN("RtlQueueWorkItem");
  HANDLE queue = NULL, qtimer = NULL;
  printf("create queue: 0x%lx\n", S(create_queue(&queue)));
  printf("create timer: 0x%lx\n", S(create_timer(queue, &qtimer, (void*)queue_timer_cb, NULL, 10, 0, 0)));
  for (int i = 0; i < 100 && !queue_timer_runs; ++i) Sleep(10);
  printf("queue timer ran: %ld\n", queue_timer_runs);
  printf("delete timer: 0x%lx\n", S(delete_timer(queue, qtimer, INVALID_HANDLE_VALUE)));
  printf("delete queue: 0x%lx\n", S(delete_queue(queue, INVALID_HANDLE_VALUE)));
  HANDLE registered = NULL;
  printf("register wait: 0x%lx\n", S(register_wait(&registered, ev, (void*)registered_cb, NULL, INFINITE, WT_EXECUTEONLYONCE)));
  SetEvent(ev);
  for (int i = 0; i < 100 && !registered_runs; ++i) Sleep(10);
  printf("registered wait ran %ld times, timed out: %ld\n", registered_runs, registered_fired);
  printf("deregister: 0x%lx\n", S(deregister(registered, INVALID_HANDLE_VALUE)));
  printf("queue work item: 0x%lx\n", S(queue_item((void*)item_cb, (void*)7, 0)));
  for (int i = 0; i < 100 && !item_runs; ++i) Sleep(10);
  printf("work item ran: %ld\n", item_runs);
  CloseHandle(ev);

  reuse_ev = CreateEventW(NULL, FALSE, FALSE, NULL);
  for (int i = 0; i < 8; ++i) {
    simple_post((void*)reuse_cb, NULL, NULL);
    WaitForSingleObject(reuse_ev, 5000);
  }
  int distinct = 0;
  for (int i = 0; i < reuse_n; ++i) {
    int seen = 0;
    for (int j = 0; j < i; ++j) seen |= reuse_ids[j] == reuse_ids[i];
    distinct += !seen;
  }
  printf("8 items in turn ran: %ld, on fewer than 8 threads: %d\n", reuse_n, distinct < 8);
  CloseHandle(reuse_ev);
  return 0;
}
