/* What a user's process is refused for want of a privilege (registry hives, AWE pages, firmware
 * variables, the power state, the time zone), the current user's registry keys, transactions that
 * cannot exist, packages a desktop program has not, the NUMA and packaged-app forms of file
 * mappings, SetStdHandleEx, PrefetchVirtualMemory, EnumResource*Ex, and WinExec. */
#include <windows.h>

#include <stdio.h>
#include <string.h>

static FARPROC k32(const char* name) { return GetProcAddress(GetModuleHandleA("kernel32.dll"), name); }

static BOOL CALLBACK type_cb(HMODULE m, LPSTR type, LONG_PTR l) {
  ++*(int*)l;
  return TRUE;
}

int main(void) {
  HKEY key;
  LONG(WINAPI * load)(HKEY, LPCSTR, LPCSTR) = (void*)k32("RegLoadKeyA");
  LONG(WINAPI * unload)(HKEY, LPCSTR) = (void*)k32("RegUnLoadKeyA");
  LONG(WINAPI * save)(HKEY, LPCSTR, void*, DWORD) = (void*)k32("RegSaveKeyExA");
  LONG(WINAPI * restore)(HKEY, LPCSTR, DWORD) = (void*)k32("RegRestoreKeyA");
  LONG(WINAPI * current_user)(REGSAM, HKEY*) = (void*)k32("RegOpenCurrentUser");
  LONG(WINAPI * classes)(HANDLE, DWORD, REGSAM, HKEY*) = (void*)k32("RegOpenUserClassesRoot");
  printf("RegLoadKeyA %ld\n", load(HKEY_USERS, "polyrun", "C:\\nothing.dat"));
  printf("RegUnLoadKeyA %ld\n", unload(HKEY_USERS, "polyrun"));
  printf("RegSaveKeyExA %ld\n", save(HKEY_CURRENT_USER, "C:\\nothing.dat", NULL, REG_LATEST_FORMAT));
  printf("RegRestoreKeyA %ld\n", restore(HKEY_CURRENT_USER, "C:\\nothing.dat", 0));
  LONG r = current_user(KEY_READ, &key);
  printf("RegOpenCurrentUser %ld\n", r);
  if (!r) RegCloseKey(key);
  r = classes(NULL, 0, KEY_READ, &key);
  printf("RegOpenUserClassesRoot %ld\n", r);
  if (!r) RegCloseKey(key);

  ULONG_PTR pages = 4, frames[4];
  SetLastError(0);
  BOOL b = AllocateUserPhysicalPages(GetCurrentProcess(), &pages, frames);
  printf("AllocateUserPhysicalPages %d err %lu\n", b, GetLastError());
  char value[16];
  SetLastError(0);
  DWORD n = GetFirmwareEnvironmentVariableA("", "{00000000-0000-0000-0000-000000000000}", value, sizeof value);
  DWORD firmware_error = GetLastError();
  printf("GetFirmwareEnvironmentVariableA %lu refused %d\n", n, firmware_error == ERROR_INVALID_FUNCTION || firmware_error == ERROR_PRIVILEGE_NOT_HELD);
  TIME_ZONE_INFORMATION tz;
  GetTimeZoneInformation(&tz);
  SetLastError(0);
  b = SetTimeZoneInformation(&tz);
  printf("SetTimeZoneInformation %d err %lu\n", b, GetLastError());
  SetLastError(0);
  b = SetSystemPowerState(TRUE, FALSE);
  printf("SetSystemPowerState %d err %lu\n", b, GetLastError());
  printf("IsSystemResumeAutomatic %d\n", IsSystemResumeAutomatic());

  SetLastError(0);
  BOOL(WINAPI * move_tx)(LPCSTR, LPCSTR, void*, void*, DWORD, HANDLE) = (void*)k32("MoveFileTransactedA");
  b = move_tx("a", "b", NULL, NULL, 0, NULL);
  printf("MoveFileTransactedA %d err %lu\n", b, GetLastError());

  UINT32 len = 0;
  LONG(WINAPI * family)(UINT32*, PWSTR) = (void*)k32("GetCurrentPackageFamilyName");
  LONG(WINAPI * path)(UINT32*, PWSTR) = (void*)k32("GetCurrentPackagePath");
  printf("GetCurrentPackageFamilyName %ld\n", family(&len, NULL));
  printf("GetCurrentPackagePath %ld\n", path(&len, NULL));
  LONG(WINAPI * full)(HANDLE, UINT32*, PWSTR) = (void*)k32("GetPackageFullName");
  printf("GetPackageFullName %ld\n", full(GetCurrentProcess(), &len, NULL));

  HANDLE m = CreateFileMappingNumaW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, NULL, 0);
  printf("CreateFileMappingNumaW ok %d\n", m != NULL);
  char* view = MapViewOfFileExNuma(m, FILE_MAP_WRITE, 0, 0, 0, NULL, NUMA_NO_PREFERRED_NODE);
  printf("MapViewOfFileExNuma ok %d\n", view != NULL);
  if (view) {
    strcpy(view, "mapped");
    UnmapViewOfFile(view);
  }
  HANDLE(WINAPI * from_app)(HANDLE, SECURITY_ATTRIBUTES*, ULONG, ULONG64, PCWSTR) = (void*)k32("CreateFileMappingFromApp");
  PVOID(WINAPI * view_from_app)(HANDLE, ULONG, ULONG64, SIZE_T) = (void*)k32("MapViewOfFileFromApp");
  HANDLE m3 = from_app(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 8192, NULL);
  char* v3 = view_from_app(m3, FILE_MAP_READ, 0, 4096);
  printf("CreateFileMappingFromApp %d MapViewOfFileFromApp %d\n", m3 != NULL, v3 != NULL);
  if (v3) UnmapViewOfFile(v3);
  CloseHandle(m3);
  CloseHandle(m);

  BOOL(WINAPI * set_ex)(DWORD, HANDLE, HANDLE*) = (void*)k32("SetStdHandleEx");
  HANDLE before = GetStdHandle(STD_ERROR_HANDLE), previous = NULL;
  b = set_ex(STD_ERROR_HANDLE, before, &previous);
  printf("SetStdHandleEx %d previous is the handle %d\n", b, previous == before);

  static char region[8192];
  WIN32_MEMORY_RANGE_ENTRY range = {region, sizeof region};
  BOOL(WINAPI * prefetch)(HANDLE, ULONG_PTR, PWIN32_MEMORY_RANGE_ENTRY, ULONG) = (void*)k32("PrefetchVirtualMemory");
  printf("PrefetchVirtualMemory %d\n", prefetch(GetCurrentProcess(), 1, &range, 0));

  int types = 0, types_ex = 0;
  EnumResourceTypesA(NULL, type_cb, (LONG_PTR)&types);
  BOOL(WINAPI * types_ex_fn)(HMODULE, ENUMRESTYPEPROCA, LONG_PTR, DWORD, LANGID) = (void*)k32("EnumResourceTypesExA");
  types_ex_fn(NULL, type_cb, (LONG_PTR)&types_ex, RESOURCE_ENUM_LN, 0);
  printf("EnumResourceTypesExA same types %d\n", types == types_ex);

  HMODULE(WINAPI * load_packaged)(LPCWSTR, DWORD) = (void*)k32("LoadPackagedLibrary");
  SetLastError(0);
  HMODULE packaged = load_packaged(L"kernel32.dll", 0);
  printf("LoadPackagedLibrary %d err %lu\n", packaged != NULL, GetLastError());

  SetLastError(0);
  UINT w = WinExec("k32_no_such_program.exe", SW_HIDE);
  printf("WinExec missing %u\n", w);
  return 0;
}
