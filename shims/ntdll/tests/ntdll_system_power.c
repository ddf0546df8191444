/* NTDLL's power information (the battery state, the execution state, each processor's entry, the
 * last wake and sleep, the sizes refused), NtQuerySystemInformationEx (the processors' relations
 * against KERNEL32's GetLogicalProcessorInformationEx, the CPU sets against
 * GetSystemCpuSetInformation, the machines, the queries refused), NtSetInformationVirtualMemory's
 * prefetch, and what an unprivileged user is refused (NtSetSystemInformation, NtSetIntervalProfile,
 * NtSetDebugFilterState, NtTraceControl) and a hard error with no one to show it to. Expected output:
 * wine 8.0's (x64), but where wine's functions succeed without doing anything
 * (wine-differences.txt). */
#define _WIN32_WINNT 0x0A00
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
/* (Not in every mingw-w64's headers.) */
WINBASEAPI BOOL WINAPI GetSystemCpuSetInformation(PVOID, ULONG, PULONG, HANDLE, ULONG);
static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

typedef struct {
  PVOID VirtualAddress;
  SIZE_T NumberOfBytes;
} RANGE;

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * power)(ULONG, void*, ULONG, void*, ULONG) = (void*)FN("NtPowerInformation");
  NTSTATUS(NTAPI * query_ex)(ULONG, void*, ULONG, void*, ULONG, ULONG*) = (void*)FN("NtQuerySystemInformationEx");
  NTSTATUS(NTAPI * set_vm)(HANDLE, ULONG, ULONG_PTR, RANGE*, void*, ULONG) = (void*)FN("NtSetInformationVirtualMemory");
  NTSTATUS(NTAPI * set_system)(ULONG, void*, ULONG) = (void*)FN("NtSetSystemInformation");
  NTSTATUS(NTAPI * set_profile)(ULONG, ULONG) = (void*)FN("NtSetIntervalProfile");
  NTSTATUS(NTAPI * set_filter)(ULONG, ULONG, BOOLEAN) = (void*)FN("NtSetDebugFilterState");
  NTSTATUS(NTAPI * trace)(ULONG, void*, ULONG, void*, ULONG, ULONG*) = (void*)FN("NtTraceControl");
  NTSTATUS(NTAPI * hard_error)(NTSTATUS, ULONG, ULONG, ULONG_PTR*, ULONG, ULONG*) = (void*)FN("NtRaiseHardError");
  printf("found: %d %d %d %d %d %d %d %d\n", power != NULL, query_ex != NULL, set_vm != NULL, set_system != NULL,
         set_profile != NULL, set_filter != NULL, trace != NULL, hard_error != NULL);
  printf("Zw names: %d %d %d\n", FN("ZwPowerInformation") != NULL, FN("ZwQuerySystemInformationEx") != NULL,
         FN("ZwSetInformationVirtualMemory") != NULL);

  /* ---- NtPowerInformation ---- */
  BYTE battery[32];
  memset(battery, 0xcc, sizeof battery);
  NTSTATUS s = power(5 /* SystemBatteryState */, NULL, 0, battery, sizeof battery);
  printf("battery state: 0x%lx, AC %d, a battery %d\n", S(s), battery[0], battery[1]);
  printf("battery state in 31 bytes: 0x%lx\n", S(power(5, NULL, 0, battery, 31)));
  ULONG state = 0;
  s = power(16 /* SystemExecutionState */, NULL, 0, &state, sizeof state);
  printf("execution state: 0x%lx, ES_USER_PRESENT %d\n", S(s), (state & ES_USER_PRESENT) != 0);
  printf("execution state with input: 0x%lx\n", S(power(16, &state, sizeof state, &state, sizeof state)));
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  ULONG cpus = si.dwNumberOfProcessors;
  struct {
    ULONG Number, MaxMhz, CurrentMhz, MhzLimit, MaxIdleState, CurrentIdleState;
  } cpu[64];
  s = power(11 /* ProcessorInformation */, NULL, 0, cpu, sizeof cpu);
  int numbered = 1, speeds = 1;
  for (ULONG i = 0; i < cpus && i < 64; ++i) {
    numbered &= cpu[i].Number == i;
    speeds &= cpu[i].MaxMhz > 0 && cpu[i].CurrentMhz > 0;
  }
  printf("processors: 0x%lx, numbered in order %d, with speeds %d\n", S(s), numbered, speeds);
  printf("processors in one entry less: 0x%lx\n", S(power(11, NULL, 0, cpu, (cpus - 1) * 24)));
  printf("processors with no buffer: 0x%lx\n", S(power(11, NULL, 0, NULL, 0)));
  ULONGLONG when = 1;
  s = power(14 /* LastWakeTime */, NULL, 0, &when, sizeof when);
  printf("last wake time: 0x%lx\n", S(s));
  printf("last sleep time in 4 bytes: 0x%lx\n", S(power(15, NULL, 0, &when, 4)));

  /* ---- NtQuerySystemInformationEx ---- */
  static BYTE buf[65536];
  ULONG relation = 0xffff /* RelationAll */, got = 0;
  s = query_ex(107, &relation, sizeof relation, buf, sizeof buf, &got);
  DWORD k32 = sizeof buf;
  static BYTE k32buf[65536];
  BOOL ok = GetLogicalProcessorInformationEx(RelationAll, (void*)k32buf, &k32);
  printf("all relations: 0x%lx, as KERNEL32 tells them %d\n", S(s), ok && got == k32 && !memcmp(buf, k32buf, got));
  ULONG needed = 0;
  s = query_ex(107, &relation, sizeof relation, buf, 8, &needed);
  printf("all relations in 8 bytes: 0x%lx, the size needed told %d\n", S(s), needed == got);
  relation = 4; /* RelationGroup */
  s = query_ex(107, &relation, sizeof relation, buf, sizeof buf, &got);
  SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX* group = (void*)buf;
  printf("the group: 0x%lx, relationship %lu, groups %u/%u, active processors as GetActiveProcessorCount %d\n", S(s),
         S(group->Relationship), group->Group.MaximumGroupCount, group->Group.ActiveGroupCount,
         group->Group.GroupInfo[0].ActiveProcessorCount == GetActiveProcessorCount(0));
  relation = 0; /* RelationProcessorCore */
  s = query_ex(107, &relation, sizeof relation, buf, sizeof buf, &got);
  int cores_only = 1;
  for (ULONG at = 0; at < got; at += ((SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*)(buf + at))->Size)
    cores_only &= ((SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*)(buf + at))->Relationship == 0;
  printf("the cores: 0x%lx, only cores %d\n", S(s), cores_only);
  printf("relations without a query: 0x%lx\n", S(query_ex(107, NULL, 0, buf, sizeof buf, &got)));
  printf("relations with 2 bytes of query: 0x%lx\n", S(query_ex(107, &relation, 2, buf, sizeof buf, &got)));
  HANDLE process = GetCurrentProcess();
  s = query_ex(175 /* SystemCpuSetInformation */, &process, sizeof process, buf, sizeof buf, &got);
  ULONG k32sets = 0;
  static BYTE setbuf[65536];
  ok = GetSystemCpuSetInformation((void*)setbuf, sizeof setbuf, &k32sets, GetCurrentProcess(), 0);
  printf("CPU sets: 0x%lx, %lu bytes a processor, as KERNEL32 tells them %d\n", S(s), S(got / cpus),
         ok && k32sets == got && !memcmp(buf, setbuf, got));
  s = query_ex(175, &process, sizeof process, buf, 16, &got);
  printf("CPU sets in 16 bytes: 0x%lx, the size needed %lu a processor\n", S(s), S(got / cpus));
  printf("CPU sets without a query: 0x%lx\n", S(query_ex(175, NULL, 0, buf, sizeof buf, &got)));
  ULONG machines[8];
  memset(machines, 0xcc, sizeof machines);
  process = NULL;
  s = query_ex(181 /* SystemSupportedProcessorArchitectures */, &process, sizeof process, machines, sizeof machines, &got);
  printf("machines: 0x%lx, %lu bytes:", S(s), S(got));
  for (ULONG i = 0; i < got / 4; ++i) printf(" %04lx/%lx", S(machines[i] & 0xffff), S(machines[i] >> 16 & 0xf));
  printf("\n");
  printf("a class that takes no query: 0x%lx\n", S(query_ex(0, &relation, sizeof relation, buf, sizeof buf, &got)));

  /* ---- NtSetInformationVirtualMemory ---- */
  BYTE* pages = VirtualAlloc(NULL, 65536, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  RANGE range = {pages, 65536};
  ULONG flags = 0;
  printf("prefetch: 0x%lx\n", S(set_vm(GetCurrentProcess(), 0, 1, &range, &flags, sizeof flags)));
  printf("prefetch of no ranges: 0x%lx\n", S(set_vm(GetCurrentProcess(), 0, 0, &range, &flags, sizeof flags)));
  RANGE empty = {pages, 0};
  printf("prefetch of an empty range: 0x%lx\n", S(set_vm(GetCurrentProcess(), 0, 1, &empty, &flags, sizeof flags)));
  printf("prefetch with 8 bytes of flags: 0x%lx\n", S(set_vm(GetCurrentProcess(), 0, 1, &range, &flags, 8)));
  printf("prefetch without flags: 0x%lx\n", S(set_vm(GetCurrentProcess(), 0, 1, &range, NULL, 4)));
  printf("an unknown class: 0x%lx\n", S(set_vm(GetCurrentProcess(), 99, 1, &range, &flags, sizeof flags)));
  printf("prefetched memory reads: %d\n", pages[4096] == 0);

  /* ---- refused ---- */
  ULONG adjustment[3] = {156250, 0, 0};
  printf("set the time adjustment: 0x%lx\n", S(set_system(28 /* SystemTimeAdjustmentInformation */, adjustment, 8)));
  printf("set the profile interval: 0x%lx\n", S(set_profile(10000, 0)));
  printf("set a debug filter: 0x%lx\n", S(set_filter(0, 0, TRUE)));
  ULONG size = 0;
  printf("trace control: 0x%lx\n", S(trace(1, NULL, 0, NULL, 0, &size)));
  ULONG response = 0xcc;
  s = hard_error(0x40000018 /* STATUS_SERVICE_NOTIFICATION */, 0, 0, NULL, 1 /* OptionOk */, &response);
  printf("hard error: 0x%lx, response %lu\n", S(s), S(response));
  return 0;
}
