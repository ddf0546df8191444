/* NTDLL's critical sections, SRW locks, condition variables, RtlWaitOnAddress and run-once
 * initialisation, with KERNEL32's functions of the same structures: held and waited for across
 * threads, timeouts as NTSTATUS. Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(LONG, RtlInitializeCriticalSection, (CRITICAL_SECTION*))
FN(LONG, RtlInitializeCriticalSectionAndSpinCount, (CRITICAL_SECTION*, ULONG))
FN(LONG, RtlInitializeCriticalSectionEx, (CRITICAL_SECTION*, ULONG, ULONG))
FN(LONG, RtlEnterCriticalSection, (CRITICAL_SECTION*))
FN(LONG, RtlLeaveCriticalSection, (CRITICAL_SECTION*))
FN(BOOL, RtlTryEnterCriticalSection, (CRITICAL_SECTION*))
FN(LONG, RtlDeleteCriticalSection, (CRITICAL_SECTION*))
FN(BOOL, RtlIsCriticalSectionLocked, (CRITICAL_SECTION*))
FN(BOOL, RtlIsCriticalSectionLockedByThread, (CRITICAL_SECTION*))
FN(void, RtlInitializeSRWLock, (SRWLOCK*))
FN(void, RtlAcquireSRWLockExclusive, (SRWLOCK*))
FN(void, RtlAcquireSRWLockShared, (SRWLOCK*))
FN(void, RtlReleaseSRWLockExclusive, (SRWLOCK*))
FN(void, RtlReleaseSRWLockShared, (SRWLOCK*))
FN(BOOLEAN, RtlTryAcquireSRWLockExclusive, (SRWLOCK*))
FN(BOOLEAN, RtlTryAcquireSRWLockShared, (SRWLOCK*))
FN(void, RtlInitializeConditionVariable, (CONDITION_VARIABLE*))
FN(LONG, RtlSleepConditionVariableCS, (CONDITION_VARIABLE*, CRITICAL_SECTION*, LARGE_INTEGER*))
FN(LONG, RtlSleepConditionVariableSRW, (CONDITION_VARIABLE*, SRWLOCK*, LARGE_INTEGER*, ULONG))
FN(void, RtlWakeConditionVariable, (CONDITION_VARIABLE*))
FN(void, RtlWakeAllConditionVariable, (CONDITION_VARIABLE*))
FN(LONG, RtlWaitOnAddress, (const void*, const void*, SIZE_T, LARGE_INTEGER*))
FN(void, RtlWakeAddressSingle, (const void*))
FN(void, RtlWakeAddressAll, (const void*))
FN(void, RtlRunOnceInitialize, (INIT_ONCE*))
FN(LONG, RtlRunOnceExecuteOnce, (INIT_ONCE*, void*, void*, void**))
FN(LONG, RtlRunOnceBeginInitialize, (INIT_ONCE*, ULONG, void**))
FN(LONG, RtlRunOnceComplete, (INIT_ONCE*, ULONG, void*))

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

static CRITICAL_SECTION cs;
static SRWLOCK srw;
static CONDITION_VARIABLE cv;
static volatile LONG flag, word = 5;

static DWORD WINAPI try_cs(void* arg) {
  (void)arg;
  BOOL got = pRtlTryEnterCriticalSection(&cs);
  if (got) pRtlLeaveCriticalSection(&cs);
  return (DWORD)got * 10 + (DWORD)pRtlIsCriticalSectionLockedByThread(&cs);
}
static DWORD WINAPI try_srw(void* arg) {
  DWORD r = arg ? pRtlTryAcquireSRWLockShared(&srw) : pRtlTryAcquireSRWLockExclusive(&srw);
  if (r) {
    if (arg) pRtlReleaseSRWLockShared(&srw);
    else pRtlReleaseSRWLockExclusive(&srw);
  }
  return r;
}
static DWORD WINAPI signal_cv(void* arg) {
  (void)arg;
  Sleep(50);
  EnterCriticalSection(&cs);
  flag = 1;
  LeaveCriticalSection(&cs);
  pRtlWakeConditionVariable(&cv);
  return 0;
}
static DWORD WINAPI change_word(void* arg) {
  (void)arg;
  Sleep(50);
  InterlockedExchange(&word, 6);
  pRtlWakeAddressSingle((const void*)&word);
  return 0;
}

static LONG runs;
static BOOL CALLBACK init_fn(INIT_ONCE* once, void* param, void** context) {
  (void)once;
  ++runs;
  *context = (void*)(ULONG_PTR)0x1230;
  return param != NULL;
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(RtlInitializeCriticalSection); GET(RtlInitializeCriticalSectionAndSpinCount); GET(RtlInitializeCriticalSectionEx);
  GET(RtlEnterCriticalSection); GET(RtlLeaveCriticalSection); GET(RtlTryEnterCriticalSection); GET(RtlDeleteCriticalSection);
  GET(RtlIsCriticalSectionLocked); GET(RtlIsCriticalSectionLockedByThread); GET(RtlInitializeSRWLock);
  GET(RtlAcquireSRWLockExclusive); GET(RtlAcquireSRWLockShared); GET(RtlReleaseSRWLockExclusive);
  GET(RtlReleaseSRWLockShared); GET(RtlTryAcquireSRWLockExclusive); GET(RtlTryAcquireSRWLockShared);
  GET(RtlInitializeConditionVariable); GET(RtlSleepConditionVariableCS); GET(RtlSleepConditionVariableSRW);
  GET(RtlWakeConditionVariable); GET(RtlWakeAllConditionVariable); GET(RtlWaitOnAddress); GET(RtlWakeAddressSingle);
  GET(RtlWakeAddressAll); GET(RtlRunOnceInitialize); GET(RtlRunOnceExecuteOnce); GET(RtlRunOnceBeginInitialize);
  GET(RtlRunOnceComplete);
  DWORD code;
  HANDLE t;

  /* critical sections */
  printf("RtlInitializeCriticalSection: 0x%lx\n", pRtlInitializeCriticalSection(&cs));
  printf("locked %d, by this thread %d\n", pRtlIsCriticalSectionLocked(&cs), pRtlIsCriticalSectionLockedByThread(&cs));
  printf("RtlEnterCriticalSection: 0x%lx", pRtlEnterCriticalSection(&cs));
  printf(", again 0x%lx", pRtlEnterCriticalSection(&cs));
  printf(", recursion %ld, locked %d, by this thread %d\n", cs.RecursionCount, pRtlIsCriticalSectionLocked(&cs),
         pRtlIsCriticalSectionLockedByThread(&cs));
  t = CreateThread(NULL, 0, try_cs, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  printf("another thread: tried %lu, by that thread %lu\n", code / 10, code % 10);
  printf("RtlLeaveCriticalSection: 0x%lx", pRtlLeaveCriticalSection(&cs));
  LeaveCriticalSection(&cs);
  printf(", left through KERNEL32: locked %d\n", pRtlIsCriticalSectionLocked(&cs));
  printf("RtlTryEnterCriticalSection: %d\n", pRtlTryEnterCriticalSection(&cs));
  pRtlLeaveCriticalSection(&cs);
  CRITICAL_SECTION cs2, cs3;
  printf("RtlInitializeCriticalSectionAndSpinCount: 0x%lx, Ex 0x%lx\n", pRtlInitializeCriticalSectionAndSpinCount(&cs2, 100),
         pRtlInitializeCriticalSectionEx(&cs3, 0, 0));
  printf("RtlDeleteCriticalSection: 0x%lx\n", pRtlDeleteCriticalSection(&cs2));

  /* SRW locks */
  pRtlInitializeSRWLock(&srw);
  AcquireSRWLockExclusive(&srw);
  t = CreateThread(NULL, 0, try_srw, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  printf("held exclusively through KERNEL32, another thread's RtlTryAcquireSRWLockExclusive: %lu\n", code);
  pRtlReleaseSRWLockExclusive(&srw);
  pRtlAcquireSRWLockShared(&srw);
  t = CreateThread(NULL, 0, try_srw, (void*)1, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  printf("held shared, another thread's shared try: %lu", code);
  t = CreateThread(NULL, 0, try_srw, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  printf(", exclusive try: %lu\n", code);
  ReleaseSRWLockShared(&srw);
  printf("free: RtlTryAcquireSRWLockExclusive %d", pRtlTryAcquireSRWLockExclusive(&srw));
  printf(", then shared %d\n", pRtlTryAcquireSRWLockShared(&srw));
  pRtlReleaseSRWLockExclusive(&srw);

  /* condition variables */
  LARGE_INTEGER timeout;
  timeout.QuadPart = -300000; /* 30 ms */
  pRtlInitializeConditionVariable(&cv);
  pRtlEnterCriticalSection(&cs);
  printf("RtlSleepConditionVariableCS (nobody wakes): 0x%lx, still held %d\n",
         pRtlSleepConditionVariableCS(&cv, &cs, &timeout), pRtlIsCriticalSectionLockedByThread(&cs));
  t = CreateThread(NULL, 0, signal_cv, NULL, 0, NULL);
  LONG st = 0;
  while (!flag && !st) st = pRtlSleepConditionVariableCS(&cv, &cs, NULL);
  printf("RtlSleepConditionVariableCS (woken): 0x%lx, flag %ld\n", st, flag);
  pRtlLeaveCriticalSection(&cs);
  WaitForSingleObject(t, INFINITE);
  pRtlAcquireSRWLockShared(&srw);
  printf("RtlSleepConditionVariableSRW (shared, nobody wakes): 0x%lx\n",
         pRtlSleepConditionVariableSRW(&cv, &srw, &timeout, CONDITION_VARIABLE_LOCKMODE_SHARED));
  pRtlReleaseSRWLockShared(&srw);
  pRtlWakeAllConditionVariable(&cv);
  printf("SleepConditionVariableCS (KERNEL32, nobody wakes): ");
  EnterCriticalSection(&cs);
  BOOL ok = SleepConditionVariableCS(&cv, &cs, 20);
  printf("%d error %lu\n", ok, GetLastError());
  LeaveCriticalSection(&cs);

  /* waits by address */
  LONG compare = 5, other = 4;
  printf("RtlWaitOnAddress (differs already): 0x%lx\n", pRtlWaitOnAddress((const void*)&word, &other, 4, &timeout));
  printf("RtlWaitOnAddress (nobody changes it): 0x%lx\n", pRtlWaitOnAddress((const void*)&word, &compare, 4, &timeout));
  printf("RtlWaitOnAddress (bad size): 0x%lx\n", pRtlWaitOnAddress((const void*)&word, &compare, 3, &timeout));
  t = CreateThread(NULL, 0, change_word, NULL, 0, NULL);
  st = 0;
  while (word == 5 && !st) st = pRtlWaitOnAddress((const void*)&word, &compare, 4, NULL);
  printf("RtlWaitOnAddress (changed and woken): 0x%lx, word %ld\n", st, word);
  WaitForSingleObject(t, INFINITE);
  pRtlWakeAddressAll((const void*)&word);

  /* run once */
  INIT_ONCE once;
  void* context = NULL;
  pRtlRunOnceInitialize(&once);
  printf("RtlRunOnceBeginInitialize (check only): 0x%lx\n", pRtlRunOnceBeginInitialize(&once, 1, &context));
  printf("RtlRunOnceExecuteOnce (fails): 0x%lx", pRtlRunOnceExecuteOnce(&once, init_fn, NULL, &context));
  printf(", runs %ld\n", runs);
  printf("RtlRunOnceExecuteOnce: 0x%lx", pRtlRunOnceExecuteOnce(&once, init_fn, (void*)1, &context));
  printf(", runs %ld, context 0x%lx\n", runs, (unsigned long)(ULONG_PTR)context);
  context = NULL;
  printf("RtlRunOnceExecuteOnce (again): 0x%lx", pRtlRunOnceExecuteOnce(&once, init_fn, (void*)1, &context));
  printf(", runs %ld, context 0x%lx\n", runs, (unsigned long)(ULONG_PTR)context);
  BOOL pending = 7;
  printf("InitOnceBeginInitialize (KERNEL32, done): %d", InitOnceBeginInitialize(&once, 0, &pending, &context));
  printf(", pending %d\n", pending);
  INIT_ONCE once2 = INIT_ONCE_STATIC_INIT;
  printf("RtlRunOnceBeginInitialize: 0x%lx\n", pRtlRunOnceBeginInitialize(&once2, 0, &context));
  printf("RtlRunOnceComplete: 0x%lx\n", pRtlRunOnceComplete(&once2, 0, (void*)0x4560));
  printf("RtlRunOnceComplete (async, done already): 0x%lx\n", pRtlRunOnceComplete(&once2, 2, (void*)0x7890));
  context = NULL;
  printf("RtlRunOnceBeginInitialize (check only, done): 0x%lx", pRtlRunOnceBeginInitialize(&once2, 1, &context));
  printf(", context 0x%lx\n", (unsigned long)(ULONG_PTR)context);
  printf("RtlRunOnceBeginInitialize (bad flags): 0x%lx\n", pRtlRunOnceBeginInitialize(&once2, 3, &context));
  return 0;
}
