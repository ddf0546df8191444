// What a process and a thread declare about themselves, read back: SetProcessMitigationPolicy and
// GetProcessMitigationPolicy, Set/GetProcessInformation (memory priority, power throttling, leap
// seconds; the machine type, protection level, memory), Set/GetThreadInformation, and the small
// functions beside them: CompareObjectHandles, VirtualAllocFromApp, OpenFileMappingFromApp,
// CancelTimerQueueTimer, LocalShrink (the first three KERNELBASE's, where Microsoft's pages put
// them). Expected output: wine 8.0's (x64), but where wine-differences.txt says.
#include <stdio.h>
#include <windows.h>

typedef BOOL(WINAPI* SetMitigation_t)(PROCESS_MITIGATION_POLICY, PVOID, SIZE_T);
typedef BOOL(WINAPI* GetMitigation_t)(HANDLE, PROCESS_MITIGATION_POLICY, PVOID, SIZE_T);
typedef BOOL(WINAPI* ProcessInfo_t)(HANDLE, int, LPVOID, DWORD);
typedef BOOL(WINAPI* ThreadInfo_t)(HANDLE, int, LPVOID, DWORD);
typedef BOOL(WINAPI* Compare_t)(HANDLE, HANDLE);
typedef PVOID(WINAPI* AllocFromApp_t)(PVOID, SIZE_T, ULONG, ULONG);
typedef HANDLE(WINAPI* OpenFromApp_t)(ULONG, BOOL, PCWSTR);
typedef BOOL(WINAPI* CancelTimer_t)(HANDLE, HANDLE);
typedef SIZE_T(WINAPI* LocalShrink_t)(HLOCAL, UINT);

static FARPROC from(const char* dll, const char* name) {
  FARPROC f = GetProcAddress(LoadLibraryA(dll), name);
  if (!f) printf("%s missing\n", name);
  return f;
}
static FARPROC k32(const char* name) { return from("kernel32.dll", name); }
static void CALLBACK timer_cb(PVOID arg, BOOLEAN fired) { (void)arg; (void)fired; }

int main(void) {
  BOOL r;
  SetMitigation_t set_m = (SetMitigation_t)k32("SetProcessMitigationPolicy");
  GetMitigation_t get_m = (GetMitigation_t)k32("GetProcessMitigationPolicy");
  ProcessInfo_t set_pi = (ProcessInfo_t)k32("SetProcessInformation");
  ProcessInfo_t get_pi = (ProcessInfo_t)k32("GetProcessInformation");
  ThreadInfo_t set_ti = (ThreadInfo_t)k32("SetThreadInformation");
  ThreadInfo_t get_ti = (ThreadInfo_t)k32("GetThreadInformation");
  Compare_t compare = (Compare_t)from("kernelbase.dll", "CompareObjectHandles");
  AllocFromApp_t alloc_app = (AllocFromApp_t)from("kernelbase.dll", "VirtualAllocFromApp");
  OpenFromApp_t open_app = (OpenFromApp_t)from("kernelbase.dll", "OpenFileMappingFromApp");
  CancelTimer_t cancel = (CancelTimer_t)k32("CancelTimerQueueTimer");
  LocalShrink_t shrink = (LocalShrink_t)k32("LocalShrink");

  if (set_m && get_m) {
    DWORD flags = 1;  // ProhibitDynamicCode
    SetLastError(0);
    r = set_m(ProcessDynamicCodePolicy, &flags, sizeof flags);
    printf("set dynamic code policy: %d err %lu\n", r, GetLastError());
    DWORD got = 0xdead;
    r = get_m(GetCurrentProcess(), ProcessDynamicCodePolicy, &got, sizeof got);
    printf("get dynamic code policy: %d flags %lx\n", r, got);
    got = 0xdead;
    r = get_m(GetCurrentProcess(), ProcessImageLoadPolicy, &got, sizeof got);
    printf("get image load policy: %d flags %lx\n", r, got);
    SetLastError(0);
    r = get_m(GetCurrentProcess(), ProcessImageLoadPolicy, &got, 2);
    printf("get with a short buffer: %d err %lu\n", r, GetLastError());
    SetLastError(0);
    r = set_m((PROCESS_MITIGATION_POLICY)99, &flags, sizeof flags);
    printf("set an unknown policy: %d err %lu\n", r, GetLastError());
  }

  if (set_pi && get_pi) {
    MEMORY_PRIORITY_INFORMATION mp = {MEMORY_PRIORITY_LOW};
    SetLastError(0);
    r = set_pi(GetCurrentProcess(), ProcessMemoryPriority, &mp, sizeof mp);
    printf("set memory priority: %d err %lu\n", r, GetLastError());
    mp.MemoryPriority = 0;
    r = get_pi(GetCurrentProcess(), ProcessMemoryPriority, &mp, sizeof mp);
    printf("get memory priority: %d %lu\n", r, mp.MemoryPriority);
    mp.MemoryPriority = 9;
    SetLastError(0);
    r = set_pi(GetCurrentProcess(), ProcessMemoryPriority, &mp, sizeof mp);
    printf("set memory priority 9: %d err %lu\n", r, GetLastError());
    PROCESS_POWER_THROTTLING_STATE ps = {PROCESS_POWER_THROTTLING_CURRENT_VERSION,
                                         PROCESS_POWER_THROTTLING_EXECUTION_SPEED, PROCESS_POWER_THROTTLING_EXECUTION_SPEED};
    SetLastError(0);
    r = set_pi(GetCurrentProcess(), ProcessPowerThrottling, &ps, sizeof ps);
    printf("set power throttling: %d err %lu\n", r, GetLastError());
    PROCESS_MACHINE_INFORMATION mi = {0};
    SetLastError(0);
    r = get_pi(GetCurrentProcess(), ProcessMachineTypeInfo, &mi, sizeof mi);
    BOOL wow64 = FALSE;
    IsWow64Process(GetCurrentProcess(), &wow64);
    /* (the program's own machine; a 32-bit program on 64-bit Windows runs in the WOW64 container) */
    printf("machine type: %d, the program's %d, user-enabled %d, WOW64 container as IsWow64Process says %d\n", r,
           r && mi.ProcessMachine == (sizeof(void*) == 8 ? IMAGE_FILE_MACHINE_AMD64 : IMAGE_FILE_MACHINE_I386),
           r && (mi.MachineAttributes & 1), r && !!(mi.MachineAttributes & 4) == !!wow64);
    PROCESS_PROTECTION_LEVEL_INFORMATION pl = {0};
    r = get_pi(GetCurrentProcess(), ProcessProtectionLevelInfo, &pl, sizeof pl);
    printf("protection level: %d %lx\n", r, r ? pl.ProtectionLevel : 0);
    SetLastError(0);
    r = set_pi(GetCurrentProcess(), 55, &mp, sizeof mp);
    printf("an unknown class: %d err %lu\n", r, GetLastError());
  }

  if (set_ti && get_ti) {
    MEMORY_PRIORITY_INFORMATION mp = {MEMORY_PRIORITY_MEDIUM};
    SetLastError(0);
    r = set_ti(GetCurrentThread(), ThreadMemoryPriority, &mp, sizeof mp);
    printf("thread memory priority: %d err %lu\n", r, GetLastError());
    mp.MemoryPriority = 0;
    r = get_ti(GetCurrentThread(), ThreadMemoryPriority, &mp, sizeof mp);
    printf("read back: %d %lu\n", r, mp.MemoryPriority);
    /* THREAD_POWER_THROTTLING_STATE (processthreadsapi.h; mingw-w64's headers lack it): version 1,
     * ControlMask THREAD_POWER_THROTTLING_EXECUTION_SPEED (1), StateMask. */
    struct { ULONG Version, ControlMask, StateMask; } ts = {1, 1, 0};
    SetLastError(0);
    r = set_ti(GetCurrentThread(), ThreadPowerThrottling, &ts, sizeof ts);
    printf("thread power throttling: %d err %lu\n", r, GetLastError());
    SetLastError(0);
    ts.StateMask = 2;  /* not within the control mask */
    SetLastError(0);
    r = set_ti(GetCurrentThread(), ThreadPowerThrottling, &ts, sizeof ts);
    printf("a state outside the control mask: %d err %lu\n", r, GetLastError());
    SetLastError(0);
    r = set_ti(GetCurrentThread(), 77, &mp, sizeof mp);
    printf("an unknown thread class: %d err %lu\n", r, GetLastError());
  }

  if (compare) {
    HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL), e2 = CreateEventA(NULL, TRUE, FALSE, NULL), d = NULL;
    DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), &d, 0, FALSE, DUPLICATE_SAME_ACCESS);
    BOOL same = compare(e, e), dup = compare(e, d);
    printf("compare: itself %d, its duplicate %d", same, dup);
    SetLastError(0);
    r = compare(e, e2);
    printf(", another %d err %lu\n", r, GetLastError());
    CloseHandle(e);
    CloseHandle(e2);
    CloseHandle(d);
  }

  if (alloc_app) {
    void* m = alloc_app(NULL, 65536, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    printf("VirtualAllocFromApp read-write: %d", m != NULL);
    if (m) {
      ((char*)m)[100] = 7;
      VirtualFree(m, 0, MEM_RELEASE);
    }
    SetLastError(0);
    m = alloc_app(NULL, 65536, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
    DWORD err = GetLastError();
    printf(", executable %d err %lu\n", m != NULL, err);
  }

  if (open_app) {
    HANDLE map = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, L"polyrun_policies_map");
    HANDLE o = open_app(FILE_MAP_READ, FALSE, L"polyrun_policies_map");
    printf("OpenFileMappingFromApp: %d", o != NULL);
    CloseHandle(o);
    SetLastError(0);
    o = open_app(FILE_MAP_READ, FALSE, L"polyrun_policies_no_such_map");
    DWORD err = GetLastError();
    printf(", missing %d err %lu\n", o != NULL, err);
    CloseHandle(map);
  }

  if (cancel) {
    HANDLE q = CreateTimerQueue(), t = NULL;
    CreateTimerQueueTimer(&t, q, timer_cb, NULL, 60000, 0, 0);
    SetLastError(0);
    r = cancel(q, t);
    printf("CancelTimerQueueTimer: %d err %lu\n", r, GetLastError());
    DeleteTimerQueueEx(q, INVALID_HANDLE_VALUE);
  }
  if (shrink) printf("LocalShrink: %lu\n", (unsigned long)shrink(NULL, 0));
  return 0;
}
