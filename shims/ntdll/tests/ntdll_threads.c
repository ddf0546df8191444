/* NTDLL's threads and the process's end: RtlCreateUserThread and NtCreateThreadEx (one held until
 * resumed), RtlExitUserThread's exit code, NtFlushInstructionCache over code written at run time,
 * NtFlushProcessWriteBuffers, and RtlExitUserProcess ending the program with its code (the CRT's
 * atexit functions not run). Expected output: wine 8.0's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

typedef struct {
  HANDLE UniqueProcess, UniqueThread;
} CID;

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(LONG, RtlCreateUserThread, (HANDLE, void*, BOOLEAN, ULONG, SIZE_T, SIZE_T, void*, void*, HANDLE*, CID*))
FN(LONG, NtCreateThreadEx, (HANDLE*, ACCESS_MASK, void*, HANDLE, void*, void*, ULONG, SIZE_T, SIZE_T, SIZE_T, void*))
FN(void, RtlExitUserThread, (ULONG))
FN(void, RtlExitUserProcess, (ULONG))
FN(LONG, NtFlushInstructionCache, (HANDLE, void*, SIZE_T))
FN(LONG, NtFlushProcessWriteBuffers, (void))
FN(LONG, NtQueryInformationThread, (HANDLE, int, void*, ULONG, ULONG*))
FN(LONG, NtSetInformationThread, (HANDLE, int, void*, ULONG))

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

static volatile LONG ran;
static DWORD WINAPI worker(void* arg) {
  InterlockedIncrement(&ran);
  return (DWORD)(ULONG_PTR)arg;
}
static DWORD WINAPI exiter(void* arg) {
  (void)arg;
  pRtlExitUserThread(77);
  return 1;
}
static void at_exit(void) { printf("atexit ran\n"); }

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(RtlCreateUserThread); GET(NtCreateThreadEx); GET(RtlExitUserThread); GET(RtlExitUserProcess);
  GET(NtFlushInstructionCache); GET(NtFlushProcessWriteBuffers); GET(NtQueryInformationThread);
  GET(NtSetInformationThread);
  HANDLE h = NULL;
  CID cid = {0, 0};
  DWORD code = 0;
  printf("RtlCreateUserThread: 0x%lx", pRtlCreateUserThread(GetCurrentProcess(), NULL, FALSE, 0, 0, 0, worker, (void*)5, &h, &cid));
  WaitForSingleObject(h, INFINITE);
  GetExitCodeThread(h, &code);
  printf(", exit code %lu, process id %d, thread id %d\n", code, (DWORD)(ULONG_PTR)cid.UniqueProcess == GetCurrentProcessId(),
         (DWORD)(ULONG_PTR)cid.UniqueThread == GetThreadId(h));
  CloseHandle(h);
  ran = 0;
  printf("NtCreateThreadEx (suspended): 0x%lx", pNtCreateThreadEx(&h, THREAD_ALL_ACCESS, NULL, GetCurrentProcess(), worker,
                                                                (void*)6, 1, 0, 0, 0, NULL));
  Sleep(50);
  printf(", ran before resumed %ld", ran);
  ResumeThread(h);
  WaitForSingleObject(h, INFINITE);
  GetExitCodeThread(h, &code);
  printf(", after: ran %ld, exit code %lu\n", ran, code);
  CloseHandle(h);
  h = CreateThread(NULL, 0, exiter, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  GetExitCodeThread(h, &code);
  printf("RtlExitUserThread: exit code %lu\n", code);

  /* thread information */
  struct {
    LONG ExitStatus;
    void* TebBaseAddress;
    CID ClientId;
    ULONG_PTR AffinityMask;
    LONG Priority, BasePriority;
  } basic;
  ULONG len = 0;
  printf("NtQueryInformationThread(ended, basic): 0x%lx", pNtQueryInformationThread(h, 0, &basic, sizeof basic, &len));
  printf(" exit status %ld, length right %d\n", basic.ExitStatus, len == sizeof basic);
  CloseHandle(h);
  printf("NtQueryInformationThread(this thread, basic): 0x%lx", pNtQueryInformationThread(GetCurrentThread(), 0, &basic,
                                                                                          sizeof basic, &len));
  printf(" status 0x%lx, TEB %d, ids %d %d, affinity set %d\n", basic.ExitStatus,
         basic.TebBaseAddress != NULL, (DWORD)(ULONG_PTR)basic.ClientId.UniqueProcess == GetCurrentProcessId(),
         (DWORD)(ULONG_PTR)basic.ClientId.UniqueThread == GetCurrentThreadId(), basic.AffinityMask != 0);
  ULONG last = 7;
  printf("NtQueryInformationThread(ThreadAmILastThread): 0x%lx", pNtQueryInformationThread(GetCurrentThread(), 12, &last, 4, &len));
  printf(" %lu\n", last);
  printf("NtQueryInformationThread (bad handle): 0x%lx\n", pNtQueryInformationThread((HANDLE)0x1234, 0, &basic, sizeof basic, &len));
  printf("NtSetInformationThread(ThreadHideFromDebugger): 0x%lx\n", pNtSetInformationThread(GetCurrentThread(), 17, NULL, 0));
  struct {
    USHORT Length, MaximumLength;
    WCHAR* Buffer;
  } desc = {10, 12, L"tname"};
  printf("NtSetInformationThread(ThreadNameInformation): 0x%lx", pNtSetInformationThread(GetCurrentThread(), 38, &desc, sizeof desc));
  HRESULT(WINAPI * pGetThreadDescription)(HANDLE, WCHAR**) = (void*)GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetThreadDescription");
  WCHAR* got = NULL;
  if (pGetThreadDescription && SUCCEEDED(pGetThreadDescription(GetCurrentThread(), &got))) printf(", GetThreadDescription \"%ls\"", got);
  printf("\n");
  union {
    struct {
      USHORT Length, MaximumLength;
      WCHAR* Buffer;
    } s;
    char bytes[64];
  } name;
  printf("NtQueryInformationThread(ThreadNameInformation): 0x%lx", pNtQueryInformationThread(GetCurrentThread(), 38, &name,
                                                                                             sizeof name, &len));
  printf(" \"%.*ls\" length %u, returned the header and the text %d\n", name.s.Length / 2, name.s.Buffer, name.s.Length,
         len == sizeof name.s + 10);

  /* code written at run time: mov eax, 42; ret */
  unsigned char* code_page = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
  memcpy(code_page, "\xb8\x2a\x00\x00\x00\xc3", 6);
  printf("NtFlushInstructionCache: 0x%lx", pNtFlushInstructionCache(GetCurrentProcess(), code_page, 6));
  printf(", the code returns %d\n", ((int (*)(void))code_page)());
  code_page[1] = 43;
  pNtFlushInstructionCache(GetCurrentProcess(), code_page, 6);
  printf("rewritten and flushed: %d\n", ((int (*)(void))code_page)());
  printf("NtFlushProcessWriteBuffers: 0x%lx\n", pNtFlushProcessWriteBuffers());
  atexit(at_exit);
  printf("RtlExitUserProcess(0): the program ends here\n");
  fflush(stdout);
  pRtlExitUserProcess(0);
  printf("not reached\n");
  return 1;
}
