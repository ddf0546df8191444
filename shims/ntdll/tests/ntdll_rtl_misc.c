/* NTDLL's handle tables, processor features (against KERNEL32's), the default locale and UI
 * language, debug output with no debugger, the PEB lock, the thread's transaction and
 * RtlDllShutdownInProgress. Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  ULONG MaxHandleCount, HandleSize, Unused1, Unused2;
  void *NextFree, *FirstHandle, *ReservedMemory, *MaxHandle;
} TABLE_;
typedef struct {
  ULONG_PTR Next;
  ULONG_PTR Value;
} HANDLE_;

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(void, RtlInitializeHandleTable, (ULONG, ULONG, TABLE_*))
FN(HANDLE_*, RtlAllocateHandle, (TABLE_*, ULONG*))
FN(BOOLEAN, RtlFreeHandle, (TABLE_*, HANDLE_*))
FN(BOOLEAN, RtlIsValidHandle, (TABLE_*, HANDLE_*))
FN(BOOLEAN, RtlIsValidIndexHandle, (TABLE_*, ULONG, HANDLE_**))
FN(LONG, RtlDestroyHandleTable, (TABLE_*))
FN(BOOLEAN, RtlIsProcessorFeaturePresent, (ULONG))
FN(LONG, NtQueryDefaultLocale, (BOOLEAN, LCID*))
FN(LONG, NtQueryDefaultUILanguage, (LANGID*))
FN(LONG, NtQueryInstallUILanguage, (LANGID*))
FN(void, RtlAcquirePebLock, (void))
FN(void, RtlReleasePebLock, (void))
FN(HANDLE, RtlGetCurrentTransaction, (void))
FN(BOOL, RtlSetCurrentTransaction, (HANDLE))
FN(BOOLEAN, RtlDllShutdownInProgress, (void))
static ULONG(__cdecl* pDbgPrint)(const char*, ...);
static ULONG(__cdecl* pDbgPrintEx)(ULONG, ULONG, const char*, ...);

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

static DWORD WINAPI take_peb_lock(void* arg) {
  (void)arg;
  pRtlAcquirePebLock();
  pRtlReleasePebLock();
  return 7;
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(RtlInitializeHandleTable); GET(RtlAllocateHandle); GET(RtlFreeHandle); GET(RtlIsValidHandle);
  GET(RtlIsValidIndexHandle); GET(RtlDestroyHandleTable); GET(RtlIsProcessorFeaturePresent); GET(NtQueryDefaultLocale);
  GET(NtQueryDefaultUILanguage); GET(NtQueryInstallUILanguage); GET(RtlAcquirePebLock); GET(RtlReleasePebLock);
  GET(RtlGetCurrentTransaction); GET(RtlSetCurrentTransaction); GET(RtlDllShutdownInProgress); GET(DbgPrint);
  GET(DbgPrintEx);

  /* handle tables */
  static TABLE_ table;
  memset(&table, 0xcc, sizeof table);
  pRtlInitializeHandleTable(16, sizeof(HANDLE_), &table);
  printf("RtlInitializeHandleTable: max %lu, size as given %d, first null %d\n", table.MaxHandleCount,
         table.HandleSize == sizeof(HANDLE_), table.FirstHandle == NULL);
  ULONG i1 = 99, i2 = 99, i3 = 99;
  HANDLE_* h1 = pRtlAllocateHandle(&table, &i1);
  HANDLE_* h2 = pRtlAllocateHandle(&table, &i2);
  printf("RtlAllocateHandle: indexes %lu %lu, a handle's size apart %d, first %d\n", i1, i2,
         (char*)h2 - (char*)h1 == sizeof(HANDLE_), (void*)h1 == table.FirstHandle);
  printf("RtlIsValidHandle (not marked yet): %d\n", pRtlIsValidHandle(&table, h1));
  h1->Next = 1;
  h2->Next = 1;
  HANDLE_* found = NULL;
  printf("RtlIsValidHandle: %d, RtlIsValidIndexHandle(1): %d", pRtlIsValidHandle(&table, h1),
         pRtlIsValidIndexHandle(&table, i2, &found));
  printf(" same %d, index 5 %d\n", found == h2, pRtlIsValidIndexHandle(&table, 5, &found));
  printf("RtlFreeHandle: %d", pRtlFreeHandle(&table, h1));
  printf(", valid after %d\n", pRtlIsValidHandle(&table, h1));
  HANDLE_* h3 = pRtlAllocateHandle(&table, &i3);
  printf("RtlAllocateHandle again: index %lu, the freed one %d\n", i3, h3 == h1);
  printf("RtlDestroyHandleTable: 0x%lx\n", pRtlDestroyHandleTable(&table));

  /* facts */
  printf("RtlIsProcessorFeaturePresent:");
  for (ULONG f = 0; f < 24; ++f) {
    BOOLEAN a = pRtlIsProcessorFeaturePresent(f);
    if (a != (IsProcessorFeaturePresent(f) != 0)) printf(" (%lu differs from KERNEL32)", f);
  }
  printf(" SSE2 %d, NX %d\n", pRtlIsProcessorFeaturePresent(PF_XMMI64_INSTRUCTIONS_AVAILABLE),
         pRtlIsProcessorFeaturePresent(PF_NX_ENABLED));
  LCID lcid = 0;
  LANGID lang = 0;
  printf("NtQueryDefaultLocale: 0x%lx", pNtQueryDefaultLocale(TRUE, &lcid));
  printf(" same as GetUserDefaultLCID %d", lcid == GetUserDefaultLCID());
  printf(", system 0x%lx", pNtQueryDefaultLocale(FALSE, &lcid));
  printf(" same as GetSystemDefaultLCID %d\n", lcid == GetSystemDefaultLCID());
  printf("NtQueryDefaultUILanguage: 0x%lx", pNtQueryDefaultUILanguage(&lang));
  printf(" same as GetUserDefaultUILanguage %d\n", lang == GetUserDefaultUILanguage());
  printf("NtQueryInstallUILanguage: 0x%lx", pNtQueryInstallUILanguage(&lang));
  printf(" same as GetSystemDefaultUILanguage %d\n", lang == GetSystemDefaultUILanguage());
  printf("DbgPrint: 0x%lx, DbgPrintEx: 0x%lx\n", pDbgPrint("a %d\n", 1), pDbgPrintEx(0, 0, "b %s\n", "x"));

  /* PEB lock, transaction, shutdown */
  pRtlAcquirePebLock();
  pRtlAcquirePebLock();
  HANDLE t = CreateThread(NULL, 0, take_peb_lock, NULL, 0, NULL);
  printf("PEB lock held: the other thread waits %lu\n", WaitForSingleObject(t, 100));
  pRtlReleasePebLock();
  pRtlReleasePebLock();
  DWORD code = 0;
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  printf("released: the other thread took it, %lu\n", code);
  printf("RtlGetCurrentTransaction: null %d", pRtlGetCurrentTransaction() == NULL);
  printf(", RtlSetCurrentTransaction %d", pRtlSetCurrentTransaction((HANDLE)0x1234));
  printf(", now 0x%lx\n", (unsigned long)(ULONG_PTR)pRtlGetCurrentTransaction());
  pRtlSetCurrentTransaction(NULL);
  printf("RtlDllShutdownInProgress: %d\n", pRtlDllShutdownInProgress());
  return 0;
}
