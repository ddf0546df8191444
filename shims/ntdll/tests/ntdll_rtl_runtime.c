/* NTDLL's runtime helpers and KERNEL32's names of them: interlocked singly linked lists, encoded
 * pointers (one name's encoding decoded by the other's), a vectored exception handler added through
 * NTDLL that handles an exception RaiseException raises, the TEB's last error and last status, the
 * thread's error mode, the product type, the processor number, locally unique ids. Expected output:
 * wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct DECLSPEC_ALIGN(16) {
  void* next;
  int value;
} ITEM;

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(void, RtlInitializeSListHead, (SLIST_HEADER*))
FN(SLIST_ENTRY*, RtlInterlockedPushEntrySList, (SLIST_HEADER*, SLIST_ENTRY*))
FN(SLIST_ENTRY*, RtlInterlockedPopEntrySList, (SLIST_HEADER*))
FN(SLIST_ENTRY*, RtlInterlockedFlushSList, (SLIST_HEADER*))
FN(SLIST_ENTRY*, RtlInterlockedPushListSListEx, (SLIST_HEADER*, SLIST_ENTRY*, SLIST_ENTRY*, ULONG))
FN(SLIST_ENTRY*, RtlFirstEntrySList, (const SLIST_HEADER*))
FN(WORD, RtlQueryDepthSList, (SLIST_HEADER*))
FN(void*, RtlEncodePointer, (void*))
FN(void*, RtlDecodePointer, (void*))
FN(void*, RtlEncodeSystemPointer, (void*))
FN(void*, RtlDecodeSystemPointer, (void*))
FN(void*, RtlAddVectoredExceptionHandler, (ULONG, PVECTORED_EXCEPTION_HANDLER))
FN(ULONG, RtlRemoveVectoredExceptionHandler, (void*))
FN(void*, RtlAddVectoredContinueHandler, (ULONG, PVECTORED_EXCEPTION_HANDLER))
FN(ULONG, RtlRemoveVectoredContinueHandler, (void*))
FN(DWORD, RtlGetLastWin32Error, (void))
FN(void, RtlSetLastWin32Error, (DWORD))
FN(void, RtlRestoreLastWin32Error, (DWORD))
FN(LONG, RtlGetLastNtStatus, (void))
FN(void, RtlSetLastWin32ErrorAndNtStatusFromNtStatus, (LONG))
FN(ULONG, RtlNtStatusToDosErrorNoTeb, (LONG))
FN(LONG, RtlSetThreadErrorMode, (DWORD, DWORD*))
FN(DWORD, RtlGetThreadErrorMode, (void))
FN(ULONG, RtlGetNtGlobalFlags, (void))
FN(BOOLEAN, RtlGetNtProductType, (DWORD*))
FN(ULONG, NtGetCurrentProcessorNumber, (void))
FN(void, RtlGetCurrentProcessorNumberEx, (PROCESSOR_NUMBER*))
FN(LONG, NtAllocateLocallyUniqueId, (LUID*))
FN(LONG, ZwAllocateLocallyUniqueId, (LUID*))

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

static volatile LONG handled;

static LONG CALLBACK handler(EXCEPTION_POINTERS* e) {
  if (e->ExceptionRecord->ExceptionCode != 0xe0001234) return EXCEPTION_CONTINUE_SEARCH;
  ++handled;
  return EXCEPTION_CONTINUE_EXECUTION;
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(RtlInitializeSListHead); GET(RtlInterlockedPushEntrySList); GET(RtlInterlockedPopEntrySList);
  GET(RtlInterlockedFlushSList); GET(RtlInterlockedPushListSListEx); GET(RtlFirstEntrySList); GET(RtlQueryDepthSList);
  GET(RtlEncodePointer); GET(RtlDecodePointer); GET(RtlEncodeSystemPointer); GET(RtlDecodeSystemPointer);
  GET(RtlAddVectoredExceptionHandler); GET(RtlRemoveVectoredExceptionHandler); GET(RtlAddVectoredContinueHandler);
  GET(RtlRemoveVectoredContinueHandler); GET(RtlGetLastWin32Error); GET(RtlSetLastWin32Error);
  GET(RtlRestoreLastWin32Error); GET(RtlGetLastNtStatus); GET(RtlSetLastWin32ErrorAndNtStatusFromNtStatus);
  GET(RtlNtStatusToDosErrorNoTeb); GET(RtlSetThreadErrorMode); GET(RtlGetThreadErrorMode); GET(RtlGetNtGlobalFlags);
  GET(RtlGetNtProductType); GET(NtGetCurrentProcessorNumber); GET(RtlGetCurrentProcessorNumberEx);
  GET(NtAllocateLocallyUniqueId); GET(ZwAllocateLocallyUniqueId);

  /* lists, through both DLLs' names */
  static SLIST_HEADER head;
  static ITEM items[4];
  pRtlInitializeSListHead(&head);
  printf("empty: depth %u first null %d pop null %d\n", pRtlQueryDepthSList(&head), pRtlFirstEntrySList(&head) == NULL,
         pRtlInterlockedPopEntrySList(&head) == NULL);
  for (int i = 0; i < 3; ++i) {
    items[i].value = 10 + i;
    SLIST_ENTRY* before = i % 2 ? InterlockedPushEntrySList(&head, (SLIST_ENTRY*)&items[i])
                                : pRtlInterlockedPushEntrySList(&head, (SLIST_ENTRY*)&items[i]);
    printf("push %d: previous first %d\n", 10 + i, before ? ((ITEM*)before)->value : -1);
  }
  printf("depth %u (KERNEL32: %u), first %d\n", pRtlQueryDepthSList(&head), QueryDepthSList(&head),
         ((ITEM*)pRtlFirstEntrySList(&head))->value);
  ITEM* popped = (ITEM*)InterlockedPopEntrySList(&head);
  printf("pop: %d, depth %u\n", popped->value, pRtlQueryDepthSList(&head));
  items[3].value = 13;
  items[3].next = &items[2];
  items[2].next = NULL;
  pRtlInterlockedPushListSListEx(&head, (SLIST_ENTRY*)&items[3], (SLIST_ENTRY*)&items[2], 2);
  printf("push a list of 2: depth %u, first %d\n", pRtlQueryDepthSList(&head), ((ITEM*)pRtlFirstEntrySList(&head))->value);
  ITEM* all = (ITEM*)pRtlInterlockedFlushSList(&head);
  printf("flush:");
  for (ITEM* it = all; it; it = it->next) printf(" %d", it->value);
  printf(", depth %u\n", pRtlQueryDepthSList(&head));

  /* encoded pointers */
  void* p = &head;
  void* e = pRtlEncodePointer(p);
  printf("RtlEncodePointer: changed %d, decoded %d, KERNEL32 decodes it %d, EncodePointer the same %d\n", e != p,
         pRtlDecodePointer(e) == p, DecodePointer(e) == p, EncodePointer(p) == e);
  printf("system pointers: round trip %d, NULL encoded %d\n", pRtlDecodeSystemPointer(pRtlEncodeSystemPointer(p)) == p,
         pRtlEncodePointer(NULL) != NULL);

  /* vectored handlers */
  void* h = pRtlAddVectoredExceptionHandler(1, handler);
  printf("RtlAddVectoredExceptionHandler: %d\n", h != NULL);
  RaiseException(0xe0001234, 0, 0, NULL);
  printf("handled: %ld\n", handled);
  printf("RtlRemoveVectoredExceptionHandler: %lu", pRtlRemoveVectoredExceptionHandler(h));
  printf(", again %lu\n", pRtlRemoveVectoredExceptionHandler(h));
  void* c = pRtlAddVectoredContinueHandler(0, handler);
  printf("RtlAddVectoredContinueHandler: %d, removed %lu\n", c != NULL, pRtlRemoveVectoredContinueHandler(c));
  h = AddVectoredExceptionHandler(0, handler);
  printf("KERNEL32's handler removed through NTDLL: %lu\n", pRtlRemoveVectoredExceptionHandler(h));

  /* last error and status */
  SetLastError(1234);
  printf("RtlGetLastWin32Error: %lu\n", pRtlGetLastWin32Error());
  pRtlSetLastWin32Error(87);
  printf("RtlSetLastWin32Error: %lu\n", GetLastError());
  pRtlRestoreLastWin32Error(5);
  printf("RtlRestoreLastWin32Error: %lu\n", GetLastError());
  pRtlSetLastWin32ErrorAndNtStatusFromNtStatus(0xc0000034);
  printf("RtlSetLastWin32ErrorAndNtStatusFromNtStatus: error %lu", GetLastError());
  printf(", status 0x%lx\n", pRtlGetLastNtStatus());
  printf("RtlNtStatusToDosErrorNoTeb: %lu %lu %lu\n", pRtlNtStatusToDosErrorNoTeb(0xc0000022),
         pRtlNtStatusToDosErrorNoTeb(0x80000005), pRtlNtStatusToDosErrorNoTeb(0));

  /* error mode, product, processor, LUIDs */
  DWORD old = 77;
  printf("RtlSetThreadErrorMode: 0x%lx", pRtlSetThreadErrorMode(SEM_FAILCRITICALERRORS, &old));
  printf(" old %lu, now %lu, KERNEL32 reads %lu\n", old, pRtlGetThreadErrorMode(), GetThreadErrorMode());
  printf("RtlSetThreadErrorMode(0x30): 0x%lx", pRtlSetThreadErrorMode(0x30, &old));
  printf(" old %lu, now 0x%lx, KERNEL32 reads 0x%lx\n", old, pRtlGetThreadErrorMode(), GetThreadErrorMode());
  SetThreadErrorMode(SEM_NOOPENFILEERRORBOX, NULL);
  printf("after SetThreadErrorMode(SEM_NOOPENFILEERRORBOX): 0x%lx\n", pRtlGetThreadErrorMode());
  pRtlSetThreadErrorMode(0, NULL);
  printf("RtlGetNtGlobalFlags: 0x%lx\n", pRtlGetNtGlobalFlags());
  DWORD type = 0;
  printf("RtlGetNtProductType: %d", pRtlGetNtProductType(&type));
  printf(" %lu\n", type);
  PROCESSOR_NUMBER pn;
  memset(&pn, 0xcc, sizeof pn);
  ULONG cpu = pNtGetCurrentProcessorNumber();
  pRtlGetCurrentProcessorNumberEx(&pn);
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  printf("processor number in range %d, group %u, reserved %u\n", cpu < si.dwNumberOfProcessors && pn.Number < si.dwNumberOfProcessors,
         pn.Group, pn.Reserved);
  LUID l1, l2;
  printf("NtAllocateLocallyUniqueId: 0x%lx", pNtAllocateLocallyUniqueId(&l1));
  printf(" 0x%lx", pZwAllocateLocallyUniqueId(&l2));
  printf(", different %d, null 0x%lx\n", l1.LowPart != l2.LowPart || l1.HighPart != l2.HighPart,
         pNtAllocateLocallyUniqueId(NULL));
  return 0;
}
