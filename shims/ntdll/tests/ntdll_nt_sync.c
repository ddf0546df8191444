/* NTDLL's events, mutants, semaphores and timers, their queries, names in \BaseNamedObjects (the
 * names KERNEL32's functions give), NtWaitForMultipleObjects, NtSignalAndWaitForSingleObject,
 * NtDelayExecution, and the Zw names of the same functions. Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  USHORT Length, MaximumLength;
  WCHAR* Buffer;
} USTR;
typedef struct {
  ULONG Length;
  HANDLE RootDirectory;
  USTR* ObjectName;
  ULONG Attributes;
  void* SecurityDescriptor;
  void* SecurityQualityOfService;
} OA;

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(LONG, NtCreateEvent, (HANDLE*, ACCESS_MASK, OA*, int, BOOLEAN))
FN(LONG, NtOpenEvent, (HANDLE*, ACCESS_MASK, OA*))
FN(LONG, NtSetEvent, (HANDLE, LONG*))
FN(LONG, NtResetEvent, (HANDLE, LONG*))
FN(LONG, NtClearEvent, (HANDLE))
FN(LONG, NtPulseEvent, (HANDLE, LONG*))
FN(LONG, NtQueryEvent, (HANDLE, int, void*, ULONG, ULONG*))
FN(LONG, NtCreateMutant, (HANDLE*, ACCESS_MASK, OA*, BOOLEAN))
FN(LONG, NtOpenMutant, (HANDLE*, ACCESS_MASK, OA*))
FN(LONG, NtReleaseMutant, (HANDLE, LONG*))
FN(LONG, NtQueryMutant, (HANDLE, int, void*, ULONG, ULONG*))
FN(LONG, NtCreateSemaphore, (HANDLE*, ACCESS_MASK, OA*, LONG, LONG))
FN(LONG, NtOpenSemaphore, (HANDLE*, ACCESS_MASK, OA*))
FN(LONG, NtReleaseSemaphore, (HANDLE, LONG, LONG*))
FN(LONG, NtQuerySemaphore, (HANDLE, int, void*, ULONG, ULONG*))
FN(LONG, NtCreateTimer, (HANDLE*, ACCESS_MASK, OA*, int))
FN(LONG, NtSetTimer, (HANDLE, LARGE_INTEGER*, void*, void*, BOOLEAN, LONG, BOOLEAN*))
FN(LONG, NtCancelTimer, (HANDLE, BOOLEAN*))
FN(LONG, NtQueryTimer, (HANDLE, int, void*, ULONG, ULONG*))
FN(LONG, NtWaitForMultipleObjects, (ULONG, const HANDLE*, int, BOOLEAN, LARGE_INTEGER*))
FN(LONG, NtSignalAndWaitForSingleObject, (HANDLE, HANDLE, BOOLEAN, LARGE_INTEGER*))
FN(LONG, NtDelayExecution, (BOOLEAN, LARGE_INTEGER*))
FN(LONG, ZwSetEvent, (HANDLE, LONG*))
FN(LONG, ZwWaitForMultipleObjects, (ULONG, const HANDLE*, int, BOOLEAN, LARGE_INTEGER*))

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

static void init_oa(OA* oa, USTR* name, const WCHAR* text, ULONG attributes) {
  memset(oa, 0, sizeof *oa);
  oa->Length = sizeof *oa;
  oa->Attributes = attributes;
  if (text) {
    name->Buffer = (WCHAR*)text;
    name->Length = (USHORT)(lstrlenW(text) * 2);
    name->MaximumLength = name->Length + 2;
    oa->ObjectName = name;
  }
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(NtCreateEvent); GET(NtOpenEvent); GET(NtSetEvent); GET(NtResetEvent); GET(NtClearEvent); GET(NtPulseEvent);
  GET(NtQueryEvent); GET(NtCreateMutant); GET(NtOpenMutant); GET(NtReleaseMutant); GET(NtQueryMutant);
  GET(NtCreateSemaphore); GET(NtOpenSemaphore); GET(NtReleaseSemaphore); GET(NtQuerySemaphore); GET(NtCreateTimer);
  GET(NtSetTimer); GET(NtCancelTimer); GET(NtQueryTimer); GET(NtWaitForMultipleObjects);
  GET(NtSignalAndWaitForSingleObject); GET(NtDelayExecution); GET(ZwSetEvent); GET(ZwWaitForMultipleObjects);

  HANDLE ev = NULL, ev2 = NULL, mu = NULL, se = NULL, ti = NULL, h = NULL;
  LONG prev = -5, info[4];
  ULONG ret = 0;
  OA oa;
  USTR name;

  /* events */
  printf("NtCreateEvent(notification, set): 0x%lx\n", pNtCreateEvent(&ev, EVENT_ALL_ACCESS, NULL, 0, TRUE));
  printf("NtCreateEvent(bad type): 0x%lx\n", pNtCreateEvent(&h, EVENT_ALL_ACCESS, NULL, 2, FALSE));
  memset(info, 0x55, sizeof info);
  printf("NtQueryEvent: 0x%lx", pNtQueryEvent(ev, 0, info, 8, &ret));
  printf(" type %ld state %ld ret %lu\n", info[0], info[1], ret);
  printf("NtQueryEvent(bad length, bad class): 0x%lx 0x%lx\n", pNtQueryEvent(ev, 0, info, 12, &ret),
         pNtQueryEvent(ev, 1, info, 8, &ret));
  printf("NtResetEvent: 0x%lx", pNtResetEvent(ev, &prev));
  printf(" previous %ld\n", prev);
  printf("NtSetEvent: 0x%lx", pNtSetEvent(ev, &prev));
  printf(" previous %ld, wait %lu\n", prev, WaitForSingleObject(ev, 0));
  printf("NtClearEvent: 0x%lx", pNtClearEvent(ev));
  printf(", wait %lu\n", WaitForSingleObject(ev, 0));
  printf("NtPulseEvent: 0x%lx", pNtPulseEvent(ev, &prev));
  printf(" previous %ld, wait %lu\n", prev, WaitForSingleObject(ev, 0));
  printf("ZwSetEvent: 0x%lx\n", pZwSetEvent(ev, NULL));
  printf("NtSetEvent(bad handle): 0x%lx\n", pNtSetEvent((HANDLE)0x1234, NULL));
  printf("NtCreateEvent(synchronization): 0x%lx\n", pNtCreateEvent(&ev2, EVENT_ALL_ACCESS, NULL, 1, TRUE));
  pNtQueryEvent(ev2, 0, info, 8, &ret);
  printf("  type %ld, first wait %lu", info[0], WaitForSingleObject(ev2, 0));
  printf(", second %lu\n", WaitForSingleObject(ev2, 0));

  /* names */
  init_oa(&oa, &name, L"\\BaseNamedObjects\\polyrun_nt_sync_event", 0);
  printf("NtCreateEvent(named): 0x%lx\n", pNtCreateEvent(&h, EVENT_ALL_ACCESS, &oa, 0, FALSE));
  HANDLE k32 = OpenEventW(EVENT_ALL_ACCESS, FALSE, L"polyrun_nt_sync_event");
  printf("OpenEventW finds it: %d\n", k32 != NULL);
  SetEvent(k32);
  printf("  set through KERNEL32, wait on the NT handle: %lu\n", WaitForSingleObject(h, 0));
  HANDLE again = NULL, local = NULL;
  init_oa(&oa, &name, L"\\Sessions\\1\\BaseNamedObjects\\polyrun_nt_sync_local", 0);
  printf("NtCreateEvent(session's name): 0x%lx\n", pNtCreateEvent(&local, EVENT_ALL_ACCESS, &oa, 0, FALSE));
  k32 = OpenEventW(EVENT_ALL_ACCESS, FALSE, L"polyrun_nt_sync_local");
  printf("OpenEventW finds it: %d\n", k32 != NULL);
  SetEvent(k32);
  printf("  set through KERNEL32, wait on the NT handle: %lu\n", WaitForSingleObject(local, 0));
  init_oa(&oa, &name, L"\\BaseNamedObjects\\polyrun_nt_sync_event", 0);
  printf("NtCreateEvent(same name): 0x%lx\n", pNtCreateEvent(&again, EVENT_ALL_ACCESS, &oa, 0, FALSE));
  init_oa(&oa, &name, L"\\BaseNamedObjects\\polyrun_nt_sync_event", 0x80 /* OBJ_OPENIF */);
  printf("NtCreateEvent(same name, OBJ_OPENIF): 0x%lx\n", pNtCreateEvent(&again, EVENT_ALL_ACCESS, &oa, 0, FALSE));
  printf("NtOpenEvent: 0x%lx\n", pNtOpenEvent(&again, EVENT_ALL_ACCESS, &oa));
  printf("NtOpenMutant(an event's name): 0x%lx\n", pNtOpenMutant(&again, MUTANT_ALL_ACCESS, &oa));
  init_oa(&oa, &name, L"\\BaseNamedObjects\\polyrun_nt_sync_none", 0);
  printf("NtOpenEvent(no such name): 0x%lx\n", pNtOpenEvent(&again, EVENT_ALL_ACCESS, &oa));
  init_oa(&oa, &name, L"no_backslash", 0);
  printf("NtCreateEvent(relative name): 0x%lx\n", pNtCreateEvent(&again, EVENT_ALL_ACCESS, &oa, 0, FALSE));
  HANDLE k32m = CreateMutexW(NULL, FALSE, L"polyrun_nt_sync_mutex");
  init_oa(&oa, &name, L"\\BaseNamedObjects\\polyrun_nt_sync_mutex", 0);
  printf("NtOpenMutant(KERNEL32's, global): 0x%lx\n", pNtOpenMutant(&again, MUTANT_ALL_ACCESS, &oa));
  init_oa(&oa, &name, L"\\Sessions\\1\\BaseNamedObjects\\polyrun_nt_sync_mutex", 0);
  printf("NtOpenMutant(KERNEL32's, the session's): 0x%lx\n", pNtOpenMutant(&again, MUTANT_ALL_ACCESS, &oa));
  CloseHandle(k32m);

  /* mutants */
  printf("NtCreateMutant(owned): 0x%lx\n", pNtCreateMutant(&mu, MUTANT_ALL_ACCESS, NULL, TRUE));
  WaitForSingleObject(mu, 0);
  memset(info, 0x55, sizeof info);
  printf("NtQueryMutant: 0x%lx", pNtQueryMutant(mu, 0, info, 8, &ret));
  printf(" count %ld owned %d abandoned %d ret %lu\n", info[0], ((BYTE*)info)[4], ((BYTE*)info)[5], ret);
  printf("NtReleaseMutant: 0x%lx", pNtReleaseMutant(mu, &prev));
  printf(" previous %ld\n", prev);
  printf("NtReleaseMutant: 0x%lx", pNtReleaseMutant(mu, &prev));
  printf(" previous %ld\n", prev);
  printf("NtReleaseMutant(not owned): 0x%lx\n", pNtReleaseMutant(mu, &prev));
  pNtQueryMutant(mu, 0, info, 8, &ret);
  printf("NtQueryMutant: count %ld owned %d\n", info[0], ((BYTE*)info)[4]);
  printf("NtReleaseMutant(an event): 0x%lx\n", pNtReleaseMutant(ev, &prev));

  /* semaphores */
  printf("NtCreateSemaphore(bad): 0x%lx", pNtCreateSemaphore(&h, SEMAPHORE_ALL_ACCESS, NULL, 3, 2));
  printf(" 0x%lx\n", pNtCreateSemaphore(&h, SEMAPHORE_ALL_ACCESS, NULL, 0, 0));
  printf("NtCreateSemaphore: 0x%lx\n", pNtCreateSemaphore(&se, SEMAPHORE_ALL_ACCESS, NULL, 1, 3));
  printf("NtReleaseSemaphore: 0x%lx", pNtReleaseSemaphore(se, 2, &prev));
  printf(" previous %ld\n", prev);
  printf("NtReleaseSemaphore(past the maximum): 0x%lx\n", pNtReleaseSemaphore(se, 1, &prev));
  WaitForSingleObject(se, 0);
  memset(info, 0x55, sizeof info);
  printf("NtQuerySemaphore: 0x%lx", pNtQuerySemaphore(se, 0, info, 8, &ret));
  printf(" count %ld maximum %ld ret %lu\n", info[0], info[1], ret);

  /* timers */
  printf("NtCreateTimer(synchronization): 0x%lx\n", pNtCreateTimer(&ti, TIMER_ALL_ACCESS, NULL, 1));
  BOOLEAN state = 7;
  LARGE_INTEGER due;
  due.QuadPart = -500000; /* 50 ms */
  printf("NtSetTimer: 0x%lx", pNtSetTimer(ti, &due, NULL, NULL, FALSE, 0, &state));
  printf(" previous %d\n", state);
  memset(info, 0x55, sizeof info);
  printf("NtQueryTimer: 0x%lx", pNtQueryTimer(ti, 0, info, 16, &ret));
  LONGLONG remaining;
  memcpy(&remaining, info, 8);
  printf(" remaining time positive %d state %d ret %lu\n", remaining > 0, ((BYTE*)info)[8], ret);
  printf("wait for it: %lu\n", WaitForSingleObject(ti, 2000));
  printf("NtCancelTimer: 0x%lx", pNtCancelTimer(ti, &state));
  printf(" state %d\n", state);

  /* waits */
  HANDLE set[2] = {ev2, se};
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  SetEvent(ev2);
  printf("NtWaitForMultipleObjects(any): 0x%lx\n", pNtWaitForMultipleObjects(2, set, 1, FALSE, &zero));
  printf("NtWaitForMultipleObjects(all): 0x%lx\n", pNtWaitForMultipleObjects(2, set, 0, FALSE, &zero));
  SetEvent(ev2);
  printf("ZwWaitForMultipleObjects(all): 0x%lx\n", pZwWaitForMultipleObjects(2, set, 0, FALSE, &zero));
  printf("NtWaitForMultipleObjects(none, bad type): 0x%lx 0x%lx\n", pNtWaitForMultipleObjects(0, set, 1, FALSE, &zero),
         pNtWaitForMultipleObjects(2, set, 2, FALSE, &zero));
  ResetEvent(ev);
  printf("NtSignalAndWaitForSingleObject: 0x%lx", pNtSignalAndWaitForSingleObject(ev, se, FALSE, &zero));
  printf(", event %lu\n", WaitForSingleObject(ev, 0));
  LARGE_INTEGER delay;
  delay.QuadPart = -100000;
  DWORD before = GetTickCount();
  printf("NtDelayExecution: 0x%lx", pNtDelayExecution(FALSE, &delay));
  printf(" waited %d\n", GetTickCount() - before < 1000);
  return 0;
}
