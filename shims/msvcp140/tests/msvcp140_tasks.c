// MSVCP140.dll's support of the PPL's tasks, called by name: a chore scheduled on the thread pool
// (its callback runs with its argument), scheduled again, released; the task event logger's
// methods; _Task_impl_base::_IsNonBlockingThread; task_continuation_context's constructor.
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "msvcp_names.h"

typedef struct {
  void* work;
  void(__cdecl* callback)(void*);
  void* arg;
} chore_t;

static HANDLE ran;
static volatile LONG runs;
static volatile int seen_arg;
static volatile int on_main_thread = -1;
static DWORD main_thread;

static void __cdecl chore_fn(void* arg) {
  seen_arg = *(int*)arg;
  on_main_thread = GetCurrentThreadId() == main_thread;
  InterlockedIncrement(&runs);
  SetEvent(ran);
}

// A std::function<void()> as MSVC lays it out: storage, its _Impl the last of 8 pointers on x64, 10
// on i386; the _Impl's vtable: _Copy, _Move, _Do_call, _Target_type, _Delete_this, _Get.
typedef struct {
#ifdef _WIN64
  void* ptrs[8];
#else
  void* ptrs[10];
#endif
} function_t;
typedef struct {
  void** vtable;
  int calls;
} func_impl;
static void THISCALL impl_do_call(func_impl* self) {
  self->calls++;
  printf("  _Do_call\n");
}
static void THISCALL impl_delete_this(func_impl* self, unsigned char dealloc) { printf("  _Delete_this(%d), calls %d\n", dealloc, self->calls); }
static void* impl_vtable[6] = {NULL, NULL, (void*)impl_do_call, NULL, (void*)impl_delete_this, NULL};

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  main_thread = GetCurrentThreadId();
  int(__cdecl * schedule)(chore_t*) = fn(NAME("?_Schedule_chore@details@Concurrency@@YAHPAU_Threadpool_chore@12@@Z",
                                               "?_Schedule_chore@details@Concurrency@@YAHPEAU_Threadpool_chore@12@@Z"));
  int(__cdecl * reschedule)(const chore_t*) =
      fn(NAME("?_Reschedule_chore@details@Concurrency@@YAHPBU_Threadpool_chore@12@@Z",
              "?_Reschedule_chore@details@Concurrency@@YAHPEBU_Threadpool_chore@12@@Z"));
  void(__cdecl * release)(chore_t*) = fn(NAME("?_Release_chore@details@Concurrency@@YAXPAU_Threadpool_chore@12@@Z",
                                               "?_Release_chore@details@Concurrency@@YAXPEAU_Threadpool_chore@12@@Z"));

  ran = CreateEventW(NULL, FALSE, FALSE, NULL);
  int value = 1234;
  chore_t chore = {NULL, chore_fn, &value};
  int r = schedule(&chore);
  DWORD w = WaitForSingleObject(ran, 5000);
  printf("_Schedule_chore: %d, work made %d, ran %d, within 5 s %d, argument %d, on another thread %d\n", r,
         chore.work != NULL, (int)runs, w == WAIT_OBJECT_0, seen_arg, on_main_thread == 0);
  value = 99;
  r = reschedule(&chore);
  w = WaitForSingleObject(ran, 5000);
  printf("_Reschedule_chore: %d, ran %d times, argument %d\n", r, (int)runs, seen_arg);
  Sleep(50);
  release(&chore);
  printf("_Release_chore: work cleared %d\n", chore.work == NULL);
  release(&chore);
  printf("released twice\n");

  struct {
    void* task;
    unsigned char scheduled, started;
  } logger = {NULL, 0, 0};
  const char* log_names[] = {
      NAME("?_LogCancelTask@_TaskEventLogger@details@Concurrency@@QAEXXZ",
           "?_LogCancelTask@_TaskEventLogger@details@Concurrency@@QEAAXXZ"),
      NAME("?_LogTaskCompleted@_TaskEventLogger@details@Concurrency@@QAEXXZ",
           "?_LogTaskCompleted@_TaskEventLogger@details@Concurrency@@QEAAXXZ"),
      NAME("?_LogTaskExecutionCompleted@_TaskEventLogger@details@Concurrency@@QAEXXZ",
           "?_LogTaskExecutionCompleted@_TaskEventLogger@details@Concurrency@@QEAAXXZ"),
      NAME("?_LogWorkItemCompleted@_TaskEventLogger@details@Concurrency@@QAEXXZ",
           "?_LogWorkItemCompleted@_TaskEventLogger@details@Concurrency@@QEAAXXZ"),
      NAME("?_LogWorkItemStarted@_TaskEventLogger@details@Concurrency@@QAEXXZ",
           "?_LogWorkItemStarted@_TaskEventLogger@details@Concurrency@@QEAAXXZ"),
  };
  for (int i = 0; i < 5; ++i) {
    void(THISCALL * log)(void*) = fn(log_names[i]);
    log(&logger);
  }
  void(THISCALL * log_schedule)(void*, unsigned char) =
      fn(NAME("?_LogScheduleTask@_TaskEventLogger@details@Concurrency@@QAEX_N@Z",
              "?_LogScheduleTask@_TaskEventLogger@details@Concurrency@@QEAAX_N@Z"));
  log_schedule(&logger, 1);
  printf("event logger: all six return, logger unchanged %d\n", !logger.task && !logger.scheduled && !logger.started);

  unsigned char(__cdecl * non_blocking)(void) = fn("?_IsNonBlockingThread@_Task_impl_base@details@Concurrency@@SA_NXZ");
  printf("_IsNonBlockingThread: %d\n", non_blocking());

  struct {
    void* context;
    unsigned char flag;
  } ctx;
  memset(&ctx, 0xcc, sizeof ctx);
  void*(THISCALL * ctx_ctor)(void*) =
      fn(NAME("??0task_continuation_context@Concurrency@@AAE@XZ", "??0task_continuation_context@Concurrency@@AEAA@XZ"));
  void* self = ctx_ctor(&ctx);
  printf("task_continuation_context: returns this %d, context null %d, flag %d\n", self == &ctx, ctx.context == NULL,
         ctx.flag);
  // _ContextCallback: no COM context to capture (COM not initialised), not a single-threaded
  // apartment; _Assign and _Reset of none.
  void(THISCALL * capture)(void**) =
      fn(NAME("?_Capture@_ContextCallback@details@Concurrency@@AAEXXZ", "?_Capture@_ContextCallback@details@Concurrency@@AEAAXXZ"));
  void(THISCALL * reset)(void**) =
      fn(NAME("?_Reset@_ContextCallback@details@Concurrency@@AAEXXZ", "?_Reset@_ContextCallback@details@Concurrency@@AEAAXXZ"));
  void(THISCALL * assign)(void**, void*) = fn(
      NAME("?_Assign@_ContextCallback@details@Concurrency@@AAEXPAX@Z", "?_Assign@_ContextCallback@details@Concurrency@@AEAAXPEAX@Z"));
  unsigned char(__cdecl * is_sta)(void) = fn("?_IsCurrentOriginSTA@_ContextCallback@details@Concurrency@@CA_NXZ");
  void* context = NULL;
  capture(&context);
  printf("_ContextCallback: captured %d, an STA %d\n", context != NULL, is_sta());
  assign(&context, NULL);
  reset(&context);
  printf("  assigned none: %d\n", context == NULL);
  // _CallInContext: the std::function (its _Impl the last pointer) called and destroyed.
  void(THISCALL * call_in)(void**, function_t, unsigned char) =
      fn(NAME("?_CallInContext@_ContextCallback@details@Concurrency@@QBEXV?$function@$$A6AXXZ@std@@_N@Z",
              "?_CallInContext@_ContextCallback@details@Concurrency@@QEBAXV?$function@$$A6AXXZ@std@@_N@Z"));
  func_impl impl = {impl_vtable, 0};
  function_t f;
  memset(&f, 0, sizeof f);
  f.ptrs[sizeof f.ptrs / sizeof f.ptrs[0] - 1] = &impl;
  call_in(&context, f, 0);
  printf("  called %d time(s)\n", impl.calls);
  // _ExceptionHolder::ReportUnhandledError: the desktop runtime reports nothing.
  void(THISCALL * report)(void*) = fn(NAME("?ReportUnhandledError@_ExceptionHolder@details@Concurrency@@AAEXXZ",
                                           "?ReportUnhandledError@_ExceptionHolder@details@Concurrency@@AEAAXXZ"));
  char holder[64] = {0};
  report(holder);
  printf("_ExceptionHolder::ReportUnhandledError: returned\n");
  fflush(stdout);
  return 0;
}
