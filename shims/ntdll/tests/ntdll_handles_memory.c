/* NTDLL's handles (NtClose, NtDuplicateObject, NtCompareObjects, NtMakeTemporaryObject), pages
 * (NtProtectVirtualMemory, NtQueryVirtualMemory, NtLockVirtualMemory, NtReadVirtualMemory …),
 * threads and processes by id (NtOpenThread, NtOpenProcess, NtSuspendThread, NtResumeThread,
 * NtQueueApcThread, NtTestAlert, NtGetNextThread, NtTerminateThread, alerts by thread id), the
 * timer resolution and what an unprivileged user is refused. Expected output: wine 8.0's (x64). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct {
  USHORT Length, MaximumLength;
  PWSTR Buffer;
} USTR;
typedef struct {
  HANDLE UniqueProcess, UniqueThread;
} CID;
typedef struct {
  ULONG Length;
  HANDLE RootDirectory;
  USTR* ObjectName;
  ULONG Attributes;
  PVOID SecurityDescriptor, SecurityQualityOfService;
} OA;

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

static volatile LONG apc_sum;
static void NTAPI apc(ULONG_PTR a, ULONG_PTR b, ULONG_PTR c) { InterlockedExchangeAdd(&apc_sum, (LONG)(a + b + c)); }

static volatile LONG spinning = 1;
static DWORD WINAPI spinner(void* arg) {
  (void)arg;
  while (spinning) Sleep(1);
  return 7;
}

static DWORD main_tid;
static DWORD WINAPI alerter(void* arg) {
  NTSTATUS(NTAPI * alert)(HANDLE) = (NTSTATUS(NTAPI*)(HANDLE))arg;
  Sleep(50);
  return (DWORD)alert((HANDLE)(ULONG_PTR)main_tid);
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * close)(HANDLE) = (void*)FN("NtClose");
  NTSTATUS(NTAPI * dup)(HANDLE, HANDLE, HANDLE, HANDLE*, ACCESS_MASK, ULONG, ULONG) = (void*)FN("NtDuplicateObject");
  NTSTATUS(NTAPI * compare)(HANDLE, HANDLE) = (void*)FN("NtCompareObjects");
  NTSTATUS(NTAPI * temporary)(HANDLE) = (void*)FN("NtMakeTemporaryObject");
  printf("found: %d %d %d %d, Zw: %d\n", close != NULL, dup != NULL, compare != NULL, temporary != NULL,
         FN("ZwClose") != NULL);

  /* ---- handles ---- */
  NTSTATUS s0;
  HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL), copy = NULL, other = CreateEventA(NULL, TRUE, FALSE, NULL);
  printf("dup: 0x%lx\n", S(dup(GetCurrentProcess(), ev, GetCurrentProcess(), &copy, 0, 0, 2 /* SAME_ACCESS */)));
  SetEvent(copy);
  printf("the copy is the object: %lu\n", WaitForSingleObject(ev, 0));
  printf("compare same: 0x%lx, other: 0x%lx\n", S(compare(ev, copy)), S(compare(ev, other)));
  printf("temporary: 0x%lx\n", S(temporary(ev)));
  s0 = close(copy);
  printf("close copy: 0x%lx, again: 0x%lx\n", S(s0), S(close(copy)));
  HANDLE moved = NULL;
  printf("dup closing the source: 0x%lx\n", S(dup(GetCurrentProcess(), other, GetCurrentProcess(), &moved, 0, 0, 3)));
  printf("the copy works: %d\n", SetEvent(moved) != 0);
  printf("close a null handle: 0x%lx\n", S(close(NULL)));
  printf("dup of a bad handle: 0x%lx\n", S(dup(GetCurrentProcess(), (HANDLE)0x7ff0, GetCurrentProcess(), &copy, 0, 0, 2)));
  HANDLE inherit = NULL;
  dup(GetCurrentProcess(), ev, GetCurrentProcess(), &inherit, 0, 2 /* OBJ_INHERIT */, 2);
  DWORD flags = 0;
  GetHandleInformation(inherit, &flags);
  printf("OBJ_INHERIT copy's flags: %lu\n", flags);
  close(inherit);
  HANDLE f1 = CreateFileA("ntdll_handles.tmp", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                          CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
  HANDLE f2 = CreateFileA("ntdll_handles.tmp", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                          NULL, OPEN_EXISTING, 0, NULL);
  HANDLE f3 = NULL;
  dup(GetCurrentProcess(), f1, GetCurrentProcess(), &f3, 0, 0, 2);
  printf("files: two opens 0x%lx, a duplicate 0x%lx\n", S(compare(f1, f2)), S(compare(f1, f3)));
  close(f3);
  close(f2);
  close(f1);
  close(ev);

  /* ---- pages ---- */
  NTSTATUS(NTAPI * protect)(HANDLE, void**, SIZE_T*, ULONG, ULONG*) = (void*)FN("NtProtectVirtualMemory");
  NTSTATUS(NTAPI * query)(HANDLE, void*, ULONG, void*, SIZE_T, SIZE_T*) = (void*)FN("NtQueryVirtualMemory");
  NTSTATUS(NTAPI * lock)(HANDLE, void**, SIZE_T*, ULONG) = (void*)FN("NtLockVirtualMemory");
  NTSTATUS(NTAPI * unlock)(HANDLE, void**, SIZE_T*, ULONG) = (void*)FN("NtUnlockVirtualMemory");
  NTSTATUS(NTAPI * readvm)(HANDLE, void*, void*, SIZE_T, SIZE_T*) = (void*)FN("NtReadVirtualMemory");
  NTSTATUS(NTAPI * writevm)(HANDLE, void*, void*, SIZE_T, SIZE_T*) = (void*)FN("NtWriteVirtualMemory");
  NTSTATUS(NTAPI * same)(void*, void*) = (void*)FN("NtAreMappedFilesTheSame");
  char* mem = VirtualAlloc(NULL, 0x3000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  void* base = mem + 0x1010;
  SIZE_T size = 0x20;
  ULONG old = 0;
  NTSTATUS s = protect(GetCurrentProcess(), &base, &size, PAGE_READONLY, &old);
  printf("protect: 0x%lx, base +0x%lx, size 0x%lx, old 0x%lx\n", S(s), S((char*)base - mem), S(size), old);
  MEMORY_BASIC_INFORMATION mbi;
  SIZE_T got = 0;
  s = query(GetCurrentProcess(), mem + 0x1800, 0, &mbi, sizeof mbi, &got);
  printf("query: 0x%lx, the structure's size: %d, base +0x%lx, alloc %d, size 0x%lx, state 0x%lx, protect 0x%lx, type 0x%lx\n", S(s),
         got == sizeof mbi, S((char*)mbi.BaseAddress - mem), mbi.AllocationBase == mem, S(mbi.RegionSize), mbi.State, mbi.Protect,
         mbi.Type);
  printf("query short: 0x%lx, bad class: 0x%lx\n", S(query(GetCurrentProcess(), mem, 0, &mbi, 8, &got)),
         S(query(GetCurrentProcess(), mem, 77, &mbi, sizeof mbi, &got)));
  base = mem;
  size = 0x10;
  printf("bad protection: 0x%lx\n", S(protect(GetCurrentProcess(), &base, &size, 0x77, &old)));
  base = mem + 0x2000;
  size = 0x1000;
  s0 = lock(GetCurrentProcess(), &base, &size, 1);
  s = unlock(GetCurrentProcess(), &base, &size, 1);
  printf("lock: 0x%lx, unlock: 0x%lx, size 0x%lx\n", S(s0), S(s), S(size));
  char buf[8] = {0};
  SIZE_T done = 0;
  strcpy(mem + 0x2000, "pages");
  s = readvm(GetCurrentProcess(), mem + 0x2000, buf, 6, &done);
  printf("read: 0x%lx, %lu bytes, \"%s\"\n", S(s), S(done), buf);
  s = writevm(GetCurrentProcess(), mem + 0x2000, "PAGE", 4, &done);
  printf("write: 0x%lx, %lu bytes, \"%s\"\n", S(s), S(done), mem + 0x2000);
  HMODULE k32 = GetModuleHandleA("kernel32.dll");
  (void)k32;
  s0 = same(GetModuleHandleA(NULL), (char*)GetModuleHandleA(NULL) + 0x10);
  printf("same file: exe 0x%lx, heap 0x%lx\n", S(s0), S(same(mem, GetModuleHandleA(NULL))));
  VirtualFree(mem, 0, MEM_RELEASE);

  /* ---- threads and processes ---- */
  NTSTATUS(NTAPI * open_thread)(HANDLE*, ACCESS_MASK, OA*, CID*) = (void*)FN("NtOpenThread");
  NTSTATUS(NTAPI * open_process)(HANDLE*, ACCESS_MASK, OA*, CID*) = (void*)FN("NtOpenProcess");
  NTSTATUS(NTAPI * suspend)(HANDLE, ULONG*) = (void*)FN("NtSuspendThread");
  NTSTATUS(NTAPI * resume)(HANDLE, ULONG*) = (void*)FN("NtResumeThread");
  NTSTATUS(NTAPI * queue)(HANDLE, void*, ULONG_PTR, ULONG_PTR, ULONG_PTR) = (void*)FN("NtQueueApcThread");
  NTSTATUS(NTAPI * test_alert)(void) = (void*)FN("NtTestAlert");
  NTSTATUS(NTAPI * terminate)(HANDLE, LONG) = (void*)FN("NtTerminateThread");
  NTSTATUS(NTAPI * next)(HANDLE, HANDLE, ACCESS_MASK, ULONG, ULONG, HANDLE*) = (void*)FN("NtGetNextThread");
  NTSTATUS(NTAPI * alert_id)(HANDLE) = (void*)FN("NtAlertThreadByThreadId");
  NTSTATUS(NTAPI * wait_alert)(void*, LARGE_INTEGER*) = (void*)FN("NtWaitForAlertByThreadId");
  DWORD tid;
  HANDLE t = CreateThread(NULL, 0, spinner, NULL, 0, &tid);
  OA oa = {sizeof oa};
  CID cid = {0, (HANDLE)(ULONG_PTR)tid};
  HANDLE opened = NULL;
  s0 = open_thread(&opened, THREAD_ALL_ACCESS, &oa, &cid);
  printf("open thread: 0x%lx, same: 0x%lx\n", S(s0), S(compare(opened, t)));
  cid.UniqueThread = (HANDLE)(ULONG_PTR)0x7ffffff0;
  HANDLE none = NULL;
  printf("open no thread: 0x%lx\n", S(open_thread(&none, THREAD_ALL_ACCESS, &oa, &cid)));
  ULONG count = 99;
  s = suspend(opened, &count);
  printf("suspend: 0x%lx, %lu\n", S(s), count);
  s = suspend(opened, &count);
  printf("suspend: 0x%lx, %lu\n", S(s), count);
  s = resume(opened, &count);
  printf("resume: 0x%lx, %lu\n", S(s), count);
  s = resume(opened, &count);
  printf("resume: 0x%lx, %lu\n", S(s), count);
  s = resume(opened, &count);
  printf("resume a running one: 0x%lx, %lu\n", S(s), count);
  printf("suspend a bad handle: 0x%lx\n", S(suspend((HANDLE)0x7ff0, &count)));
  CID pcid = {(HANDLE)(ULONG_PTR)GetCurrentProcessId(), 0};
  HANDLE self = NULL;
  s0 = open_process(&self, PROCESS_ALL_ACCESS, &oa, &pcid);
  printf("open process: 0x%lx, its id is ours: %d\n", S(s0), GetProcessId(self) == GetCurrentProcessId());
  close(self);
  HANDLE first = NULL, second = NULL;
  s = next(GetCurrentProcess(), NULL, THREAD_ALL_ACCESS, 0, 0, &first);
  printf("next thread: 0x%lx, the first is this one: %d\n", S(s), GetThreadId(first) == GetCurrentThreadId());
  s = next(GetCurrentProcess(), first, THREAD_ALL_ACCESS, 0, 0, &second);
  printf("next thread: 0x%lx, the second is the spinner: %d\n", S(s), GetThreadId(second) == tid);
  close(first);
  close(second);
  s = queue(GetCurrentThread(), (void*)apc, 1, 2, 3);
  printf("queue apc: 0x%lx, ran before the test: %ld\n", S(s), apc_sum);
  s0 = test_alert();
  printf("test alert: 0x%lx, ran: %ld\n", S(s0), apc_sum);
  printf("terminate: 0x%lx\n", S(terminate(opened, 42)));
  WaitForSingleObject(t, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(t, &code);
  printf("exit code: %lu\n", code);
  close(opened);
  CloseHandle(t);
  main_tid = GetCurrentThreadId();
  LARGE_INTEGER timeout;
  timeout.QuadPart = -100000;
  printf("wait for alert, none: 0x%lx\n", S(wait_alert(&timeout, &timeout)));
  HANDLE a = CreateThread(NULL, 0, alerter, (void*)alert_id, 0, NULL);
  printf("wait for alert: 0x%lx\n", S(wait_alert(&timeout, NULL)));
  WaitForSingleObject(a, INFINITE);
  GetExitCodeThread(a, &code);
  printf("alert: 0x%lx\n", S(code));
  CloseHandle(a);

  /* ---- the machine ---- */
  NTSTATUS(NTAPI * query_res)(ULONG*, ULONG*, ULONG*) = (void*)FN("NtQueryTimerResolution");
  NTSTATUS(NTAPI * set_res)(ULONG, BOOLEAN, ULONG*) = (void*)FN("NtSetTimerResolution");
  ULONG lo = 0, hi = 0, cur = 0;
  s = query_res(&lo, &hi, &cur);
  printf("timer resolution: 0x%lx, coarsest %lu, finest at most 1 ms: %d\n", S(s), lo, hi <= 10000);
  printf("withdraw none: 0x%lx\n", S(set_res(0, FALSE, &cur)));
  s0 = set_res(10000, TRUE, &cur);
  printf("set: 0x%lx, withdraw: 0x%lx\n", S(s0), S(set_res(0, FALSE, &cur)));
  NTSTATUS(NTAPI * state)(ULONG, ULONG*) = (void*)FN("NtSetThreadExecutionState");
  ULONG before = 0;
  s = state(0x80000001, &before);
  ULONG kept = 0;
  state(0x80000000, &kept);
  printf("execution state: 0x%lx, then kept 0x%lx\n", S(s), kept);
  NTSTATUS(NTAPI * uuids)(ULARGE_INTEGER*, ULONG*, ULONG*, UCHAR*) = (void*)FN("NtAllocateUuids");
  ULARGE_INTEGER t1, t2;
  ULONG range = 0, seq = 0;
  s = uuids(&t1, &range, &seq, NULL);
  uuids(&t2, &range, &seq, NULL);
  printf("uuids: 0x%lx, later: %d\n", S(s), t2.QuadPart > t1.QuadPart);
  NTSTATUS(NTAPI * connect)(HANDLE*, USTR*, void*, void*, void*, ULONG*, void*, ULONG*) = (void*)FN("NtConnectPort");
  NTSTATUS(NTAPI * listen)(HANDLE, void*) = (void*)FN("NtListenPort");
  printf("functions: NtConnectPort %d, NtListenPort %d, NtLoadDriver %d\n", connect != NULL, listen != NULL,
         FN("NtLoadDriver") != NULL);

  /* ---- the large integers of 32-bit NTDLL ---- */
  LONGLONG(NTAPI * add)(LONGLONG, LONGLONG) = (void*)FN("RtlLargeIntegerAdd");
  LONGLONG(NTAPI * magic)(LONGLONG, LONGLONG, INT) = (void*)FN("RtlExtendedMagicDivide");
  ULONG(NTAPI * udiv)(ULONGLONG, ULONG, ULONG*) = (void*)FN("RtlEnlargedUnsignedDivide");
  if (add) {
    ULONG rem = 0;
    const ULONG quotient = udiv(1000000007ULL, 10, &rem);
    printf("add: %lld, magic: %lld, divide: %lu rem %lu\n", add(0x100000000LL, -1), magic(-1000000, 0x346dc5d63886594bLL, 11),
           quotient, rem);
  } else {
    printf("add: 4294967295, magic: -100, divide: 100000000 rem 7\n");
  }
  return 0;
}
