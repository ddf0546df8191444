// The thread pool and job objects: work items submitted in parallel and waited for, a one-shot and
// a periodic timer, waits on an event (signalled, and timed out), RegisterWaitForSingleObject, a
// timer queue's timer, SetEventWhenCallbackReturns; a job holding this process and a child it
// then ends with TerminateJobObject; GetNamedPipeHandleState. Only counts and results are printed
// (no times): each is what Windows documents.
#include <stdio.h>
#include <string.h>
#include <windows.h>

static volatile LONG work_count, timer_count, periodic_count;
static HANDLE done_event;
static DWORD wait_results[2];
static BOOLEAN registered_fired[2];

static VOID CALLBACK work_callback(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  (void)instance, (void)work;
  Sleep(5);
  InterlockedAdd(&work_count, (LONG)(INT_PTR)context);
}

static VOID CALLBACK simple_callback(PTP_CALLBACK_INSTANCE instance, PVOID context) {
  SetEventWhenCallbackReturns(instance, (HANDLE)context);
}

static VOID CALLBACK timer_callback(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_TIMER timer) {
  (void)instance, (void)timer;
  InterlockedIncrement(&timer_count);
  SetEvent((HANDLE)context);
}

static VOID CALLBACK periodic_callback(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_TIMER timer) {
  (void)instance, (void)timer;
  if (InterlockedIncrement(&periodic_count) == 3) SetEvent((HANDLE)context);
}

static VOID CALLBACK wait_callback(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WAIT wait, TP_WAIT_RESULT result) {
  (void)instance, (void)wait;
  wait_results[(INT_PTR)context] = result;
  SetEvent(done_event);
}

static VOID CALLBACK registered_callback(PVOID context, BOOLEAN timed_out) {
  registered_fired[(INT_PTR)context] = timed_out;
  SetEvent(done_event);
}

static VOID CALLBACK queue_timer_callback(PVOID context, BOOLEAN fired) {
  InterlockedIncrement((volatile LONG*)context);
  (void)fired;
  SetEvent(done_event);
}

static FILETIME relative_ms(LONGLONG ms) {
  ULARGE_INTEGER u;
  u.QuadPart = (ULONGLONG)(-ms * 10000);
  FILETIME ft = {u.LowPart, u.HighPart};
  return ft;
}

int main(int argc, char** argv) {
  if (argc > 1 && !strcmp(argv[1], "sleep")) {
    Sleep(20000);
    return 3;
  }
  done_event = CreateEventA(NULL, FALSE, FALSE, NULL);

  // Work: eight submissions of one work object, each adding 10.
  PTP_WORK work = CreateThreadpoolWork(work_callback, (PVOID)10, NULL);
  for (int i = 0; i < 8; i++) SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  printf("work: %ld\n", work_count);
  CloseThreadpoolWork(work);

  HANDLE simple_done = CreateEventA(NULL, TRUE, FALSE, NULL);
  BOOL submitted = TrySubmitThreadpoolCallback(simple_callback, simple_done, NULL);
  DWORD simple_wait = WaitForSingleObject(simple_done, 5000);
  printf("simple callback: submitted %d, event %lu\n", submitted, simple_wait);

  // A timer due in 20 ms, once; then a periodic one (5 ms) stopped after three calls.
  HANDLE timer_done = CreateEventA(NULL, FALSE, FALSE, NULL);
  PTP_TIMER timer = CreateThreadpoolTimer(timer_callback, timer_done, NULL);
  BOOL set_before = IsThreadpoolTimerSet(timer);
  FILETIME due = relative_ms(20);
  SetThreadpoolTimer(timer, &due, 0, 0);
  BOOL set_after = IsThreadpoolTimerSet(timer);
  DWORD timer_wait = WaitForSingleObject(timer_done, 5000);
  WaitForThreadpoolTimerCallbacks(timer, FALSE);
  printf("timer: set %d then %d, event %lu, calls %ld\n", set_before, set_after, timer_wait, timer_count);
  CloseThreadpoolTimer(timer);

  HANDLE periodic_done = CreateEventA(NULL, FALSE, FALSE, NULL);
  PTP_TIMER periodic = CreateThreadpoolTimer(periodic_callback, periodic_done, NULL);
  due = relative_ms(5);
  SetThreadpoolTimer(periodic, &due, 5, 0);
  DWORD periodic_wait = WaitForSingleObject(periodic_done, 5000);
  SetThreadpoolTimer(periodic, NULL, 0, 0);
  WaitForThreadpoolTimerCallbacks(periodic, TRUE);
  LONG after_stop = periodic_count;
  Sleep(30);
  printf("periodic timer: event %lu, at least three %d, none after stopping %d\n", periodic_wait,
         after_stop >= 3, periodic_count == after_stop);
  CloseThreadpoolTimer(periodic);

  // Waits: one for an event set later, one that times out after 20 ms.
  HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
  PTP_WAIT wait = CreateThreadpoolWait(wait_callback, (PVOID)0, NULL);
  SetThreadpoolWait(wait, event, NULL);
  SetEvent(event);
  WaitForSingleObject(done_event, 5000);
  WaitForThreadpoolWaitCallbacks(wait, FALSE);
  PTP_WAIT timeout_wait = CreateThreadpoolWait(wait_callback, (PVOID)1, NULL);
  due = relative_ms(20);
  SetThreadpoolWait(timeout_wait, event, &due);
  WaitForSingleObject(done_event, 5000);
  WaitForThreadpoolWaitCallbacks(timeout_wait, FALSE);
  printf("waits: signalled %#lx, timed out %#lx\n", wait_results[0], wait_results[1]);
  CloseThreadpoolWait(wait);
  CloseThreadpoolWait(timeout_wait);

  // RegisterWaitForSingleObject: once on a signalled event, once timing out.
  HANDLE registered;
  SetEvent(event);
  BOOL reg = RegisterWaitForSingleObject(&registered, event, registered_callback, (PVOID)0, INFINITE, WT_EXECUTEONLYONCE);
  WaitForSingleObject(done_event, 5000);
  BOOL unreg = UnregisterWaitEx(registered, INVALID_HANDLE_VALUE);
  HANDLE registered2;
  registered_fired[1] = 7;
  BOOL reg2 = RegisterWaitForSingleObject(&registered2, event, registered_callback, (PVOID)1, 20, WT_EXECUTEONLYONCE);
  WaitForSingleObject(done_event, 5000);
  BOOL unreg2 = UnregisterWaitEx(registered2, INVALID_HANDLE_VALUE);
  printf("registered waits: %d %d fired with timed_out=%d, %d %d timed_out=%d\n", reg, unreg, registered_fired[0], reg2,
         unreg2, registered_fired[1]);

  // A timer queue's timer, once, after 10 ms.
  volatile LONG queue_calls = 0;
  HANDLE queue = CreateTimerQueue();
  HANDLE queue_timer;
  BOOL created = CreateTimerQueueTimer(&queue_timer, queue, queue_timer_callback, (PVOID)&queue_calls, 10, 0, 0);
  DWORD queue_wait = WaitForSingleObject(done_event, 5000);
  BOOL deleted = DeleteTimerQueueEx(queue, INVALID_HANDLE_VALUE);
  printf("timer queue: created %d, event %lu, calls %ld, deleted %d\n", created, queue_wait, queue_calls, deleted);

  // A job with a child in it, ended by TerminateJobObject with exit code 9.
  HANDLE job = CreateJobObjectA(NULL, NULL);
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
  memset(&limits, 0, sizeof limits);
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_BREAKAWAY_OK;
  BOOL set = SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
  char command[MAX_PATH + 16];
  char self[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);
  snprintf(command, sizeof command, "\"%s\" sleep", self);
  STARTUPINFOA si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  PROCESS_INFORMATION pi;
  BOOL started = CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);
  BOOL assigned = AssignProcessToJobObject(job, pi.hProcess);
  BOOL in_job = FALSE;
  IsProcessInJob(pi.hProcess, job, &in_job);
  BOOL self_in_job = TRUE;
  IsProcessInJob(GetCurrentProcess(), job, &self_in_job);
  JOBOBJECT_BASIC_ACCOUNTING_INFORMATION accounting;
  BOOL queried = QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &accounting, sizeof accounting, NULL);
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION back;
  DWORD back_size = 0;
  QueryInformationJobObject(job, JobObjectExtendedLimitInformation, &back, sizeof back, &back_size);
  printf("job: set %d, started %d, assigned %d, child in job %d, this one %d\n", set, started, assigned, in_job, self_in_job);
  printf("job: accounting %d: total %lu, active %lu\n", queried, accounting.TotalProcesses, accounting.ActiveProcesses);
  printf("job: limits %#lx, size %d\n", back.BasicLimitInformation.LimitFlags, back_size == sizeof back);
  BOOL terminated = TerminateJobObject(job, 9);
  DWORD ended = WaitForSingleObject(pi.hProcess, 5000);
  DWORD code = 0;
  GetExitCodeProcess(pi.hProcess, &code);
  printf("job: terminated %d, child ended %lu with %lu\n", terminated, ended, code);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);
  CloseHandle(job);

  // A named pipe handle's state.
  HANDLE server = CreateNamedPipeA("\\\\.\\pipe\\polyrun-thread-pool-sample", PIPE_ACCESS_DUPLEX,
                                   PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT, 4, 512, 512, 0, NULL);
  HANDLE client = CreateFileA("\\\\.\\pipe\\polyrun-thread-pool-sample", GENERIC_READ | GENERIC_WRITE, 0, NULL,
                              OPEN_EXISTING, 0, NULL);
  DWORD state = 99, instances = 99;
  BOOL got = GetNamedPipeHandleStateA(client, &state, &instances, NULL, NULL, NULL, 0);
  printf("pipe state: %d, mode %#lx, instances %lu\n", got, state, instances);
  CloseHandle(client);
  CloseHandle(server);
  return 0;
}
