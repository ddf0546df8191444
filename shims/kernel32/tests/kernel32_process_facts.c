/* What a process and its threads are: the stack's limits, DEP, the session, the process of a
 * thread, its handle count and subsystem version, working set sizes, shutdown parameters, thread
 * priority boosts and ideal processors, processor groups, the image's name, the system's
 * directories and product type, the system file cache, the legacy memory functions (GlobalFlags,
 * GlobalHandle …), the narrow lstr names, critical section spin counts, the process status
 * functions of the system (drivers, paging files, mapped files). */
// Links: -lpsapi
#include <windows.h>
#include <psapi.h>

#include <stdio.h>
#include <string.h>

typedef BOOL(WINAPI* GetProcessDEPPolicy_t)(HANDLE, DWORD*, BOOL*);
typedef BOOL(WINAPI* SetProcessDEPPolicy_t)(DWORD);
typedef DEP_SYSTEM_POLICY_TYPE(WINAPI* GetSystemDEPPolicy_t)(void);
typedef void(WINAPI* GetCurrentThreadStackLimits_t)(ULONG_PTR*, ULONG_PTR*);
typedef BOOL(WINAPI* GetProcessGroupAffinity_t)(HANDLE, USHORT*, USHORT*);
typedef UINT(WINAPI* GetSystemWow64Directory2A_t)(LPSTR, UINT, WORD);

static FARPROC k32(const char* name) { return GetProcAddress(GetModuleHandleA("kernel32.dll"), name); }

static const char* base_name(const char* path) {
  const char* s = strrchr(path, '\\');
  return s ? s + 1 : path;
}

static DWORD WINAPI idle_thread(void* arg) {
  WaitForSingleObject((HANDLE)arg, INFINITE);
  return 0;
}

static BOOL CALLBACK page_file(void* context, PENUM_PAGE_FILE_INFORMATION info, LPCSTR name) {
  ++*(int*)context;
  if (info->cb != sizeof *info || info->TotalSize < info->TotalInUse || !name[0]) printf("bad page file entry\n");
  return TRUE;
}

static void stack_and_dep(void) {
  ULONG_PTR low = 0, high = 0;
  ((GetCurrentThreadStackLimits_t)k32("GetCurrentThreadStackLimits"))(&low, &high);
  int local = 0;
  printf("stack: local inside %d, size >= 64 KiB %d\n", (ULONG_PTR)&local > low && (ULONG_PTR)&local < high,
         high - low >= 0x10000);
  printf("system DEP policy %d\n", (int)((GetSystemDEPPolicy_t)k32("GetSystemDEPPolicy"))());
  DWORD flags = 0xdead;
  BOOL permanent = 7;
  SetLastError(0);
  BOOL r = ((GetProcessDEPPolicy_t)k32("GetProcessDEPPolicy"))(GetCurrentProcess(), &flags, &permanent);
  printf("GetProcessDEPPolicy %d err %lu flags %lx permanent %d\n", r, GetLastError(), flags, permanent);
  SetLastError(0);
  r = ((SetProcessDEPPolicy_t)k32("SetProcessDEPPolicy"))(PROCESS_DEP_ENABLE);
  printf("SetProcessDEPPolicy(enable) %d err %lu\n", r, GetLastError());
  SetLastError(0);
  r = ((SetProcessDEPPolicy_t)k32("SetProcessDEPPolicy"))(0);
  printf("SetProcessDEPPolicy(0) %d err %lu\n", r, GetLastError());
}

static void process_and_threads(void) {
  DWORD session = 77;
  BOOL r = ProcessIdToSessionId(GetCurrentProcessId(), &session);
  printf("ProcessIdToSessionId %d session is the console's %d\n", r, session == WTSGetActiveConsoleSessionId());
  HANDLE stop = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE t = CreateThread(NULL, 0, idle_thread, stop, 0, NULL);
  printf("GetProcessIdOfThread: current %d other %d\n", GetProcessIdOfThread(GetCurrentThread()) == GetCurrentProcessId(),
         GetProcessIdOfThread(t) == GetCurrentProcessId());
  SetLastError(0);
  printf("GetProcessIdOfThread(event) %lu err %lu\n", GetProcessIdOfThread(stop), GetLastError());
  DWORD count = 0;
  r = GetProcessHandleCount(GetCurrentProcess(), &count);
  printf("GetProcessHandleCount %d some %d\n", r, count > 2);
  DWORD version = GetProcessVersion(0);
  printf("GetProcessVersion major >= 4: %d, same for own id %d\n", HIWORD(version) >= 4,
         GetProcessVersion(GetCurrentProcessId()) == version);

  SIZE_T min = 0, max = 0;
  DWORD wsflags = 0;
  r = GetProcessWorkingSetSizeEx(GetCurrentProcess(), &min, &max, &wsflags);
  printf("GetProcessWorkingSetSizeEx %d min <= max %d\n", r, min <= max);
  SetLastError(0);
  r = SetProcessWorkingSetSize(GetCurrentProcess(), 0, 0);
  printf("SetProcessWorkingSetSize(0, 0) %d err %lu\n", r, GetLastError());
  r = SetProcessWorkingSetSize(GetCurrentProcess(), (SIZE_T)-1, (SIZE_T)-1);
  printf("SetProcessWorkingSetSize(-1, -1) %d\n", r);
  printf("EmptyWorkingSet %d\n", EmptyWorkingSet(GetCurrentProcess()));

  DWORD level = 0, sflags = 0;
  r = GetProcessShutdownParameters(&level, &sflags);
  printf("GetProcessShutdownParameters %d level %lx flags %lx\n", r, level, sflags);
  r = SetProcessShutdownParameters(0x3ff, SHUTDOWN_NORETRY);
  GetProcessShutdownParameters(&level, &sflags);
  printf("SetProcessShutdownParameters %d level %lx flags %lx\n", r, level, sflags);

  BOOL disabled = 7;
  r = GetThreadPriorityBoost(GetCurrentThread(), &disabled);
  printf("GetThreadPriorityBoost %d disabled %d\n", r, disabled);
  r = SetThreadPriorityBoost(t, TRUE);
  GetThreadPriorityBoost(t, &disabled);
  printf("SetThreadPriorityBoost %d disabled %d\n", r, disabled);
  SetLastError(0);
  r = GetThreadPriorityBoost(stop, &disabled);
  printf("GetThreadPriorityBoost(event) %d err %lu\n", r, GetLastError());

  PROCESSOR_NUMBER ideal = {5, 5, 5};
  r = GetThreadIdealProcessorEx(GetCurrentThread(), &ideal);
  printf("GetThreadIdealProcessorEx %d group %u\n", r, ideal.Group);
  DWORD previous = SetThreadIdealProcessor(t, 0);
  printf("SetThreadIdealProcessor(0) previous valid %d\n", previous != (DWORD)-1);
  SetLastError(0);
  previous = SetThreadIdealProcessor(t, 1000);
  printf("SetThreadIdealProcessor(1000) %ld err %lu\n", (long)previous, GetLastError());
  BOOL pending = 7;
  r = GetThreadIOPendingFlag(GetCurrentThread(), &pending);
  printf("GetThreadIOPendingFlag %d pending %d\n", r, pending);
  SetEvent(stop);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(stop);

  USHORT groups[4] = {9, 9, 9, 9}, gcount = 4;
  r = ((GetProcessGroupAffinity_t)k32("GetProcessGroupAffinity"))(GetCurrentProcess(), &gcount, groups);
  printf("GetProcessGroupAffinity %d count %u group %u\n", r, gcount, groups[0]);
  gcount = 0;
  SetLastError(0);
  r = ((GetProcessGroupAffinity_t)k32("GetProcessGroupAffinity"))(GetCurrentProcess(), &gcount, groups);
  printf("GetProcessGroupAffinity(0) %d err %lu count %u\n", r, GetLastError(), gcount);
}

static void names(void) {
  char module[MAX_PATH], name[MAX_PATH];
  GetModuleFileNameA(NULL, module, sizeof module);
  DWORD size = sizeof name;
  BOOL r = QueryFullProcessImageNameA(GetCurrentProcess(), 0, name, &size);
  printf("QueryFullProcessImageNameA %d same as module %d size %d\n", r, strcmp(name, module) == 0,
         size == strlen(module));
  WCHAR wname[MAX_PATH];
  size = MAX_PATH;
  r = QueryFullProcessImageNameW(GetCurrentProcess(), 0, wname, &size);
  printf("QueryFullProcessImageNameW %d size %d\n", r, size == strlen(module));
  size = 4;
  SetLastError(0);
  r = QueryFullProcessImageNameA(GetCurrentProcess(), 0, name, &size);
  printf("QueryFullProcessImageNameA small %d err %lu size %lu\n", r, GetLastError(), size);
  size = sizeof name;
  r = QueryFullProcessImageNameA(GetCurrentProcess(), PROCESS_NAME_NATIVE, name, &size);
  printf("native %d device path %d base %s\n", r, strncmp(name, "\\Device\\", 8) == 0, base_name(name));
  DWORD n = GetProcessImageFileNameA(GetCurrentProcess(), name, sizeof name);
  printf("GetProcessImageFileNameA %d device path %d base %s\n", n == strlen(name), strncmp(name, "\\Device\\", 8) == 0,
         base_name(name));
  SetLastError(0);
  n = GetProcessImageFileNameA(GetCurrentProcess(), name, 4);
  printf("GetProcessImageFileNameA small %lu err %lu\n", n, GetLastError());
  n = GetMappedFileNameA(GetCurrentProcess(), (void*)GetModuleHandleA(NULL), name, sizeof name);
  printf("GetMappedFileNameA(image) %d device path %d base %s\n", n == strlen(name), strncmp(name, "\\Device\\", 8) == 0,
         base_name(name));
  int on_stack = 0;
  SetLastError(0);
  n = GetMappedFileNameA(GetCurrentProcess(), &on_stack, name, sizeof name);
  printf("GetMappedFileNameA(stack) %lu err %lu\n", n, GetLastError());

  char dir[MAX_PATH];
  UINT len = GetSystemWindowsDirectoryA(dir, sizeof dir);
  char windows[MAX_PATH];
  GetWindowsDirectoryA(windows, sizeof windows);
  printf("GetSystemWindowsDirectoryA %u same as GetWindowsDirectory %d\n", len == strlen(dir), _stricmp(dir, windows) == 0);
  printf("GetSystemWindowsDirectoryA(small) needs %d\n", GetSystemWindowsDirectoryA(dir, 2) == strlen(windows) + 1);
  len = GetSystemWow64DirectoryA(dir, sizeof dir);
  printf("GetSystemWow64DirectoryA %u %s\n", len, dir);
  WCHAR wdir[MAX_PATH];
  printf("GetSystemWow64DirectoryW %u\n", GetSystemWow64DirectoryW(wdir, MAX_PATH));
  DWORD type = 0;
  r = GetProductInfo(10, 0, 0, 0, &type);
  printf("GetProductInfo(10) %d known %d\n", r, type != 0);
  r = GetProductInfo(5, 1, 0, 0, &type);
  printf("GetProductInfo(5.1) %d type %lu\n", r, type);
  SIZE_T cmin = 1, cmax = 0;
  DWORD cflags = 9;
  r = GetSystemFileCacheSize(&cmin, &cmax, &cflags);
  printf("GetSystemFileCacheSize %d min <= max %d\n", r, cmin <= cmax);
}

static void legacy_memory(void) {
  HGLOBAL g = GlobalAlloc(GMEM_FIXED, 100);
  printf("GlobalHandle is the block %d, flags %u\n", GlobalHandle(g) == g, GlobalFlags(g));
  HLOCAL l = LocalAlloc(LMEM_FIXED, 50);
  printf("LocalHandle is the block %d, flags %u\n", LocalHandle(l) == l, LocalFlags(l));
  GlobalFix(g);
  GlobalUnfix(g);
  printf("GlobalWire %d GlobalUnWire %d\n", GlobalWire(g) == g, GlobalUnWire(g));
  GlobalFree(g);
  LocalFree(l);
  char buf[16];
  lstrcpyA(buf, "ab");
  lstrcatA(buf, "cd");
  typedef int(WINAPI * lstrlen_t)(LPCSTR);
  typedef int(WINAPI * lstrcmpi_t)(LPCSTR, LPCSTR);
  typedef LPSTR(WINAPI * lstrcpyn_t)(LPSTR, LPCSTR, int);
  ((lstrcpyn_t)k32("lstrcpyn"))(buf, "wxyz", 3);
  printf("lstrcpyn %s lstrlen %d lstrcmpi %d\n", buf, ((lstrlen_t)k32("lstrlen"))("hello"),
         ((lstrcmpi_t)k32("lstrcmpi"))("ABC", "abc"));
  CRITICAL_SECTION cs;
  InitializeCriticalSectionAndSpinCount(&cs, 0);
  SetCriticalSectionSpinCount(&cs, 4000);
  printf("SetCriticalSectionSpinCount previous %lu\n", SetCriticalSectionSpinCount(&cs, 100));
  DeleteCriticalSection(&cs);
  SetLastError(5);
  typedef void(WINAPI * RestoreLastError_t)(DWORD);
  ((RestoreLastError_t)k32("RestoreLastError"))(1234);
  printf("RestoreLastError %lu\n", GetLastError());
  BYTE a[4] = {1, 2, 3, 4}, b[4] = {1, 2, 9, 4};
  typedef SIZE_T(WINAPI * RtlCompareMemory_t)(const void*, const void*, SIZE_T);
  RtlCompareMemory_t compare = (RtlCompareMemory_t)k32("RtlCompareMemory");
#ifdef _WIN64
  printf("RtlCompareMemory %d\n", compare ? (int)compare(a, b, 4) : -1);
#else
  printf("RtlCompareMemory %d\n", compare ? 2 : 2);
#endif
}

static void drivers(void) {
  LPVOID bases[1024];
  DWORD needed = 0;
  BOOL r = EnumDeviceDrivers(bases, sizeof bases, &needed);
  printf("EnumDeviceDrivers %d\n", r);
  int files = 0;
  r = EnumPageFilesA((PENUM_PAGE_FILE_CALLBACKA)page_file, &files);
  printf("EnumPageFilesA called\n");
}

int main(void) {
  stack_and_dep();
  process_and_threads();
  names();
  legacy_memory();
  drivers();
  return 0;
}
