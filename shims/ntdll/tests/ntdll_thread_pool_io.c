/* The thread pool's I/O objects: NTDLL's TpAllocIoCompletion, TpStartAsyncIoOperation,
 * TpWaitForIoCompletion, TpCancelAsyncIoOperation, TpReleaseIoCompletion, and KERNEL32's
 * CreateThreadpoolIo, StartThreadpoolIo, WaitForThreadpoolIoCallbacks, CancelThreadpoolIo,
 * CloseThreadpoolIo, BindIoCompletionCallback, over overlapped reads of a file; a second
 * association refused; the callback instance's LeaveCriticalSectionWhenCallbackReturns and
 * ReleaseMutexWhenCallbackReturns; a pool's stack information; RegisterWaitForSingleObjectEx.
 * Expected output: wine 8.0's (x64); the i686 build is held to the same file. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  union {
    LONG Status;
    void* Pointer;
  };
  ULONG_PTR Information;
} IOSB;
typedef void(CALLBACK* NtIoCallback)(void*, void*, void*, IOSB*, void*);
typedef LONG(NTAPI* AllocIo_fn)(void**, HANDLE, NtIoCallback, void*, void*);
typedef void(NTAPI* Io_fn)(void*);
typedef void(NTAPI* WaitIo_fn)(void*, BOOLEAN);

/* (mingw-w64's headers lack it.) */
HANDLE WINAPI RegisterWaitForSingleObjectEx(HANDLE, WAITORTIMERCALLBACK, PVOID, ULONG, ULONG);

static volatile LONG calls;
static char buffer[64];
static HANDLE done;

static void CALLBACK nt_callback(void* instance, void* context, void* overlapped, IOSB* iosb, void* io) {
  printf("NTDLL's callback: context %d, the overlapped %d, status 0x%lx, bytes %lu, data %.5s\n",
         context == (void*)0x77, overlapped != NULL, (unsigned long)iosb->Status, (unsigned long)iosb->Information,
         buffer);
  InterlockedIncrement(&calls);
  SetEvent(done);
}

static CRITICAL_SECTION cs;
static HANDLE mutex;
static void CALLBACK k32_callback(PTP_CALLBACK_INSTANCE instance, void* context, void* overlapped, ULONG result,
                                  ULONG_PTR bytes, PTP_IO io) {
  printf("KERNEL32's callback: context %d, result %lu, bytes %lu, data %.5s\n", context == (void*)0x88, result,
         (unsigned long)bytes, buffer);
  EnterCriticalSection(&cs);
  LeaveCriticalSectionWhenCallbackReturns(instance, &cs);
  WaitForSingleObject(mutex, INFINITE);
  ReleaseMutexWhenCallbackReturns(instance, mutex);
  InterlockedIncrement(&calls);
}

static void CALLBACK bound_callback(DWORD error, DWORD bytes, OVERLAPPED* ov) {
  printf("the bound callback: error %lu, bytes %lu, data %.5s\n", error, bytes, buffer);
  SetEvent(done);
}

static DWORD WINAPI try_mutex(void* arg) { return WaitForSingleObject(mutex, 0); }

static void CALLBACK wait_callback(void* context, BOOLEAN timed_out) {
  printf("the registered wait: context %d, timed out %d\n", context == (void*)0x99, timed_out);
  SetEvent(done);
}

static HANDLE open_file(const char* path) {
  return CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
}

static void read_at(HANDLE f, OVERLAPPED* ov, DWORD offset) {
  memset(ov, 0, sizeof *ov);
  memset(buffer, 0, sizeof buffer);
  ov->Offset = offset;
  if (!ReadFile(f, buffer, 5, NULL, ov) && GetLastError() != ERROR_IO_PENDING)
    printf("ReadFile failed: %lu\n", GetLastError());
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  AllocIo_fn alloc_io = (AllocIo_fn)GetProcAddress(ntdll, "TpAllocIoCompletion");
  Io_fn start_io = (Io_fn)GetProcAddress(ntdll, "TpStartAsyncIoOperation");
  Io_fn cancel_io = (Io_fn)GetProcAddress(ntdll, "TpCancelAsyncIoOperation");
  WaitIo_fn wait_io = (WaitIo_fn)GetProcAddress(ntdll, "TpWaitForIoCompletion");
  Io_fn release_io = (Io_fn)GetProcAddress(ntdll, "TpReleaseIoCompletion");
  printf("found: %d %d %d %d %d\n", alloc_io != NULL, start_io != NULL, cancel_io != NULL, wait_io != NULL,
         release_io != NULL);
  done = CreateEventA(NULL, FALSE, FALSE, NULL);

  char path[MAX_PATH];
  GetTempPathA(MAX_PATH, path);
  strcat(path, "polyrun_tp_io.tmp");
  HANDLE w = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD written;
  WriteFile(w, "hello world, thread pool", 24, &written, NULL);
  CloseHandle(w);

  /* NTDLL's I/O object. */
  HANDLE f = open_file(path);
  void* io = NULL;
  LONG s = alloc_io(&io, f, nt_callback, (void*)0x77, NULL);
  printf("TpAllocIoCompletion: 0x%lx, an object %d\n", (unsigned long)s, io != NULL);
  void* again = NULL;
  s = alloc_io(&again, f, nt_callback, NULL, NULL);
  printf("a second object for the file: 0x%lx\n", (unsigned long)s);
  OVERLAPPED ov;
  start_io(io);
  read_at(f, &ov, 0);
  printf("waited: %lu\n", WaitForSingleObject(done, 5000));
  wait_io(io, FALSE);
  start_io(io);
  cancel_io(io);
  printf("callbacks: %ld\n", calls);
  release_io(io);
  CloseHandle(f);

  /* KERNEL32's. */
  InitializeCriticalSection(&cs);
  mutex = CreateMutexA(NULL, FALSE, NULL);
  f = open_file(path);
  PTP_IO k32 = CreateThreadpoolIo(f, k32_callback, (void*)0x88, NULL);
  printf("CreateThreadpoolIo: %d\n", k32 != NULL);
  SetLastError(0);
  PTP_IO k32_again = CreateThreadpoolIo(f, k32_callback, NULL, NULL);
  printf("a second object: %d, error %lu\n", k32_again != NULL, GetLastError());
  StartThreadpoolIo(k32);
  read_at(f, &ov, 6);
  WaitForThreadpoolIoCallbacks(k32, FALSE);
  while (calls < 2) Sleep(10);
  Sleep(50);
  printf("callbacks: %ld\n", calls);
  printf("the critical section was left: %d\n", TryEnterCriticalSection(&cs));
  LeaveCriticalSection(&cs);
  HANDLE t = CreateThread(NULL, 0, try_mutex, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  DWORD code;
  GetExitCodeThread(t, &code);
  printf("the mutex was released: %lu\n", code);
  CloseHandle(t);
  CloseThreadpoolIo(k32);
  CloseHandle(f);

  /* BindIoCompletionCallback. */
  f = open_file(path);
  printf("BindIoCompletionCallback: %d\n", BindIoCompletionCallback(f, bound_callback, 0));
  printf("bound again: %d\n", BindIoCompletionCallback(f, bound_callback, 0));
  read_at(f, &ov, 13);
  printf("waited: %lu\n", WaitForSingleObject(done, 5000));
  CloseHandle(f);

  /* A pool's stacks. */
  PTP_POOL pool = CreateThreadpool(NULL);
  TP_POOL_STACK_INFORMATION stack = {0, 0};
  const IMAGE_NT_HEADERS* nt =
      (const IMAGE_NT_HEADERS*)((const char*)GetModuleHandleA(NULL) + ((const IMAGE_DOS_HEADER*)GetModuleHandleA(NULL))->e_lfanew);
  BOOL fresh = QueryThreadpoolStackInformation(pool, &stack);
  printf("a new pool's stacks: %d, the program's %d %d\n", fresh, stack.StackReserve == nt->OptionalHeader.SizeOfStackReserve,
         stack.StackCommit == nt->OptionalHeader.SizeOfStackCommit);
  stack.StackReserve = 0x200000;
  stack.StackCommit = 0x4000;
  printf("SetThreadpoolStackInformation: %d\n", SetThreadpoolStackInformation(pool, &stack));
  memset(&stack, 0, sizeof stack);
  BOOL queried = QueryThreadpoolStackInformation(pool, &stack);
  printf("QueryThreadpoolStackInformation: %d, reserve 0x%lx commit 0x%lx\n", queried,
         (unsigned long)stack.StackReserve, (unsigned long)stack.StackCommit);
  CloseThreadpool(pool);

  /* RegisterWaitForSingleObjectEx. */
  HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE wait = RegisterWaitForSingleObjectEx(event, wait_callback, (void*)0x99, INFINITE, WT_EXECUTEONLYONCE);
  printf("RegisterWaitForSingleObjectEx: %d\n", wait != NULL);
  SetEvent(event);
  printf("waited: %lu\n", WaitForSingleObject(done, 5000));
  UnregisterWaitEx(wait, INVALID_HANDLE_VALUE);
  DeleteFileA(path);
  return 0;
}
