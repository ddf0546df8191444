/* QueueUserAPC2: a special user-mode APC runs in its thread whether the thread waits alertably or
 * not — in a thread computing in a loop, in a thread in a non-alertable wait (which then goes on),
 * and in the calling thread itself as the call returns; QUEUE_USER_APC_CALLBACK_DATA_CONTEXT gives
 * the routine an APC_CALLBACK_DATA (the data, a CONTEXT); other flags are ERROR_INVALID_PARAMETER. */
#include <stdio.h>
#include <windows.h>

typedef BOOL(WINAPI* QueueApc2)(PAPCFUNC, HANDLE, ULONG_PTR, DWORD);
typedef struct {
  ULONG_PTR Parameter;
  CONTEXT* ContextRecord;
  ULONG_PTR Reserved0, Reserved1;
} CallbackData;

static volatile LONG stop_spinning;
static volatile DWORD apc_thread, apc_data;
static HANDLE event;

static void CALLBACK stop_spin(ULONG_PTR data) {
  apc_thread = GetCurrentThreadId();
  apc_data = (DWORD)data;
  stop_spinning = 1;
}
static DWORD WINAPI spinner(LPVOID arg) {
  (void)arg;
  volatile unsigned long n = 0;
  while (!stop_spinning) ++n;
  return 0;
}

static void CALLBACK set_event(ULONG_PTR data) {
  apc_thread = GetCurrentThreadId();
  apc_data = (DWORD)data;
  SetEvent(event);
}
static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  return WaitForSingleObject(event, INFINITE);  /* not alertable */
}

static volatile ULONG_PTR callback_parameter;
static volatile int callback_context;
static void CALLBACK with_data(ULONG_PTR data) {
  CallbackData* d = (CallbackData*)data;
  callback_parameter = d->Parameter;
  callback_context = d->ContextRecord != NULL;
}
static DWORD WINAPI alertable(LPVOID arg) {
  (void)arg;
  return SleepEx(INFINITE, TRUE);
}

static volatile int own_ran;
static void CALLBACK own(ULONG_PTR data) { own_ran = (int)data; }

int main(void) {
  QueueApc2 queue = (QueueApc2)GetProcAddress(GetModuleHandleA("kernel32.dll"), "QueueUserAPC2");
  printf("QueueUserAPC2 found: %d\n", queue != NULL);
  if (!queue) return 1;
  DWORD id;
  HANDLE t = CreateThread(NULL, 0, spinner, NULL, 0, &id);
  Sleep(50);
  printf("special APC to a computing thread: %d\n", queue(stop_spin, t, 7, 1));
  DWORD w = WaitForSingleObject(t, 5000);
  printf("  it ran there: %d, data %lu, the thread ended: %d\n", apc_thread == id, (unsigned long)apc_data, w == 0);
  CloseHandle(t);

  event = CreateEventA(NULL, TRUE, FALSE, NULL);
  t = CreateThread(NULL, 0, waiter, NULL, 0, &id);
  Sleep(50);
  printf("special APC to a thread in a non-alertable wait: %d\n", queue(set_event, t, 8, 1));
  w = WaitForSingleObject(t, 5000);
  DWORD code = 99;
  GetExitCodeThread(t, &code);
  printf("  it ran there: %d, data %lu, the wait went on and was satisfied: %d\n", apc_thread == id,
         (unsigned long)apc_data, w == 0 && code == 0);
  CloseHandle(t);

  t = CreateThread(NULL, 0, alertable, NULL, 0, &id);
  Sleep(50);
  printf("APC with callback data: %d\n", queue(with_data, t, 9, 0x10000));
  w = WaitForSingleObject(t, 5000);
  GetExitCodeThread(t, &code);
  printf("  parameter %lu, a context: %d, SleepEx returned WAIT_IO_COMPLETION: %d\n", (unsigned long)callback_parameter,
         callback_context, code == WAIT_IO_COMPLETION);
  CloseHandle(t);

  BOOL queued = queue(own, GetCurrentThread(), 5, 1);
  printf("special APC to this thread: %d, ran as the call returned: %d\n", queued, own_ran == 5);
  SetLastError(0);
  BOOL bad = queue(own, GetCurrentThread(), 1, 2);
  printf("flag 2: %d, error %lu\n", bad, GetLastError());
  return 0;
}
