// The process status functions (PSAPI and KERNEL32's K32 forms): this process's modules, their
// names and extents, the process list, the system's performance counters; ReadProcessMemory and
// WriteProcessMemory on this process (a bad address: ERROR_PARTIAL_COPY); VirtualQueryEx; Tool
// Help's module and thread snapshots. Only facts that hold on any machine are printed.
// Links: -lpsapi
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <psapi.h>
#include <tlhelp32.h>

static DWORD WINAPI idle(LPVOID event) {
  WaitForSingleObject((HANDLE)event, INFINITE);
  return 0;
}

static void lower(WCHAR* s) {
  for (; *s; ++s)
    if (*s >= 'A' && *s <= 'Z') *s += 32;
}

int main(void) {
  HANDLE self = GetCurrentProcess();
  HMODULE exe = GetModuleHandleW(NULL), k32 = GetModuleHandleW(L"kernel32.dll");
  HMODULE mods[256];
  DWORD needed = 0;
  BOOL ok = EnumProcessModules(self, mods, sizeof mods, &needed);
  DWORD count = needed / sizeof(HMODULE);
  int k32_listed = 0;
  for (DWORD i = 0; i < count && i < 256; ++i) k32_listed |= mods[i] == k32;
  printf("EnumProcessModules: %d, first is the program %d, kernel32 listed %d, more than one %d\n", ok, mods[0] == exe,
         k32_listed, count > 1);
  DWORD small_needed = 0;
  ok = EnumProcessModules(self, mods, sizeof(HMODULE), &small_needed);
  printf("EnumProcessModules, room for one: %d, needed the same %d\n", ok, small_needed == needed);
  ok = K32EnumProcessModulesEx(self, mods, sizeof mods, &needed, LIST_MODULES_ALL);
  printf("K32EnumProcessModulesEx(LIST_MODULES_ALL): %d\n", ok);

  WCHAR name[MAX_PATH];
  DWORD n = GetModuleBaseNameW(self, NULL, name, MAX_PATH);
  printf("GetModuleBaseNameW(program): %lu [%ls]\n", n, name);
  n = GetModuleBaseNameW(self, k32, name, MAX_PATH);
  lower(name);
  printf("GetModuleBaseNameW(kernel32): %lu [%ls]\n", n, name);
  n = GetModuleBaseNameW(self, NULL, name, 4);
  printf("GetModuleBaseNameW, 4 characters: %lu [%.4ls]\n", n, name);
  char aname[MAX_PATH];
  n = GetModuleBaseNameA(self, NULL, aname, MAX_PATH);
  printf("GetModuleBaseNameA(program): %lu [%s]\n", n, aname);
  n = GetModuleFileNameExW(self, NULL, name, MAX_PATH);
  WCHAR own[MAX_PATH];
  GetModuleFileNameW(NULL, own, MAX_PATH);
  printf("GetModuleFileNameExW(program): same as GetModuleFileNameW %d, length right %d\n", wcscmp(name, own) == 0,
         n == wcslen(own));
  n = GetModuleFileNameExA(self, NULL, aname, MAX_PATH);
  printf("GetModuleFileNameExA(program): ends in the name %d\n", n > 27 && strcmp(aname + n - 27, "kernel32_process_status.exe") == 0);
  SetLastError(0);
  n = GetModuleBaseNameW(self, (HMODULE)(ULONG_PTR)0x1230000, name, MAX_PATH);
  printf("GetModuleBaseNameW(not a module): %lu error %lu\n", n, GetLastError());

  MODULEINFO info;
  ok = GetModuleInformation(self, NULL, &info, sizeof info);
  printf("GetModuleInformation(program): %d base %d size %d entry inside %d\n", ok, info.lpBaseOfDll == (void*)exe,
         info.SizeOfImage > 0x1000,
         (char*)info.EntryPoint > (char*)info.lpBaseOfDll && (char*)info.EntryPoint < (char*)info.lpBaseOfDll + info.SizeOfImage);
  SetLastError(0);
  ok = GetModuleInformation(self, NULL, &info, sizeof info - 1);
  printf("GetModuleInformation, short: %d error %lu\n", ok, GetLastError());

  DWORD pids[4096];
  ok = EnumProcesses(pids, sizeof pids, &needed);
  int found = 0;
  for (DWORD i = 0; i < needed / sizeof(DWORD); ++i) found |= pids[i] == GetCurrentProcessId();
  printf("EnumProcesses: %d, this process listed %d\n", ok, found);

  PERFORMANCE_INFORMATION perf = {0};
  ok = GetPerformanceInfo(&perf, sizeof perf);
  printf("GetPerformanceInfo: %d cb %d page %lu physical %d processes %d threads %d\n", ok, perf.cb == sizeof perf,
         (unsigned long)perf.PageSize, perf.PhysicalTotal > perf.PhysicalAvailable && perf.PhysicalAvailable > 0,
         perf.ProcessCount > 0, perf.ThreadCount >= perf.ProcessCount);
  SetLastError(0);
  ok = GetPerformanceInfo(&perf, sizeof perf - 4);
  printf("GetPerformanceInfo, wrong size: %d error %lu\n", ok, GetLastError());

  PROCESS_MEMORY_COUNTERS pmc;
  ok = GetProcessMemoryInfo(self, &pmc, sizeof pmc);
  printf("GetProcessMemoryInfo: %d working set %d\n", ok, pmc.WorkingSetSize > 0);

  // This process's memory.
  char from[32] = "read across the process", to[32] = {0};
  SIZE_T done = 99;
  ok = ReadProcessMemory(self, from, to, sizeof from, &done);
  printf("ReadProcessMemory: %d %lu [%s]\n", ok, (unsigned long)done, to);
  ok = WriteProcessMemory(self, to, "written", 8, &done);
  printf("WriteProcessMemory: %d %lu [%s]\n", ok, (unsigned long)done, to);
  SetLastError(0);
  done = 99;
  ok = ReadProcessMemory(self, (void*)(ULONG_PTR)0x10, to, 16, &done);
  printf("ReadProcessMemory(bad address): %d error %lu read %lu\n", ok, GetLastError(), (unsigned long)done);
  char* page = VirtualAlloc(NULL, 8192, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  VirtualFree(page + 4096, 4096, MEM_DECOMMIT);
  strcpy(page + 4090, "abcde");
  SetLastError(0);
  done = 99;
  ok = ReadProcessMemory(self, page + 4090, to, 16, &done);
  printf("ReadProcessMemory(into a decommitted page): %d error %lu\n", ok, GetLastError());

  MEMORY_BASIC_INFORMATION a, b;
  SIZE_T sa = VirtualQuery(page, &a, sizeof a), sb = VirtualQueryEx(self, page, &b, sizeof b);
  printf("VirtualQueryEx: %d same as VirtualQuery %d state %lx protect %lx\n", sb == sizeof b,
         sa == sb && a.BaseAddress == b.BaseAddress && a.RegionSize == b.RegionSize && a.State == b.State && a.Protect == b.Protect,
         b.State, b.Protect);
  VirtualFree(page, 0, MEM_RELEASE);

  // Tool Help: the modules and threads.
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
  MODULEENTRY32W me = {sizeof me};
  int modules = 0, first_is_program = 0, kernel32_seen = 0, handles_match = 0;
  for (BOOL more = Module32FirstW(snap, &me); more; more = Module32NextW(snap, &me)) {
    if (modules == 0) first_is_program = me.hModule == exe && wcscmp(me.szModule, L"kernel32_process_status.exe") == 0;
    lower(me.szModule);
    kernel32_seen |= wcscmp(me.szModule, L"kernel32.dll") == 0 && me.hModule == k32;
    handles_match += me.hModule == (HMODULE)me.modBaseAddr && me.th32ProcessID == GetCurrentProcessId();
    ++modules;
  }
  printf("Module32FirstW/NextW: first is the program %d, kernel32 %d, every entry ours %d, then error %lu\n",
         first_is_program, kernel32_seen, handles_match == modules, GetLastError());
  CloseHandle(snap);
  snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
  MODULEENTRY32 ma = {sizeof ma};
  ok = Module32First(snap, &ma);
  printf("Module32First: %d [%s]\n", ok, ma.szModule);
  ma.dwSize = 8;
  SetLastError(0);
  ok = Module32Next(snap, &ma);
  printf("Module32Next, short size: %d error %lu\n", ok, GetLastError());
  CloseHandle(snap);

  HANDLE go = CreateEventW(NULL, TRUE, FALSE, NULL);
  DWORD tid = 0;
  HANDLE t = CreateThread(NULL, 0, idle, go, 0, &tid);
  snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
  THREADENTRY32 te = {sizeof te};
  int me_seen = 0, other_seen = 0;
  for (BOOL more = Thread32First(snap, &te); more; more = Thread32Next(snap, &te)) {
    if (te.th32OwnerProcessID != GetCurrentProcessId()) continue;
    me_seen |= te.th32ThreadID == GetCurrentThreadId();
    other_seen |= te.th32ThreadID == tid;
  }
  printf("Thread32First/Next: this thread %d, the new thread %d\n", me_seen, other_seen);
  CloseHandle(snap);
  SetEvent(go);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(go);
  return 0;
}
