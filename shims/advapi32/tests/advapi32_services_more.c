/* The service control manager beyond opening it: listing services (EnumServicesStatus), names of a
 * service that does not exist, the database's lock, the manager's security descriptor (read, not
 * changed), the calls on a service handle that cannot be had. */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <sddl.h>
#include <stdio.h>

int main(void) {
  SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE | SC_MANAGER_QUERY_LOCK_STATUS);
  printf("OpenSCManager: %s\n", scm ? "a handle" : "NULL");
  DWORD needed = 0xdead, returned = 0xdead, resume = 0;
  SetLastError(0);
  BOOL r = EnumServicesStatusW(scm, SERVICE_WIN32, 7, NULL, 0, &needed, &returned, &resume);
  printf("EnumServicesStatus(state 7): %d error %lu\n", r, GetLastError());
  SetLastError(0);
  r = EnumServicesStatusW(NULL, SERVICE_WIN32, SERVICE_STATE_ALL, NULL, 0, &needed, &returned, &resume);
  printf("EnumServicesStatus(NULL manager): %d error %lu\n", r, GetLastError());
  WCHAR name[64] = L"x";
  DWORD size = 64;
  SetLastError(0);
  r = GetServiceDisplayNameW(scm, L"polyrun_no_such_service", name, &size);
  printf("services: GetServiceDisplayName: %d error %lu\n", r, GetLastError());
  size = 64;
  SetLastError(0);
  r = GetServiceKeyNameW(scm, L"polyrun no such display name", name, &size);
  printf("services: GetServiceKeyName: %d error %lu\n", r, GetLastError());
  SetLastError(0);
  SC_LOCK lock = LockServiceDatabase(scm);
  printf("lock: LockServiceDatabase: %s error %lu\n", lock ? "a lock" : "NULL", GetLastError());
  BYTE buf[256];
  SetLastError(0);
  r = QueryServiceLockStatusW(scm, (QUERY_SERVICE_LOCK_STATUSW *)buf, 4, &needed);
  printf("QueryServiceLockStatus(4 bytes): %d error %lu\n", r, GetLastError());
  r = QueryServiceLockStatusW(scm, (QUERY_SERVICE_LOCK_STATUSW *)buf, sizeof buf, &needed);
  QUERY_SERVICE_LOCK_STATUSW *ls = (QUERY_SERVICE_LOCK_STATUSW *)buf;
  printf("QueryServiceLockStatus: %d locked %lu owner \"%ls\" duration %lu\n", r, ls->fIsLocked, ls->lpLockOwner,
         ls->dwLockDuration);
  BYTE sd[512];
  r = QueryServiceObjectSecurity(scm, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, sd, sizeof sd, &needed);
  char *text = NULL;
  if (r) ConvertSecurityDescriptorToStringSecurityDescriptorA(sd, SDDL_REVISION_1, OWNER_SECURITY_INFORMATION, &text, NULL);
  printf("security: QueryServiceObjectSecurity: %d %s\n", r, text ? text : "");
  LocalFree(text);
  SetLastError(0);
  r = SetServiceObjectSecurity(scm, DACL_SECURITY_INFORMATION, sd);
  printf("security: SetServiceObjectSecurity: %d error %lu\n", r, GetLastError());
  SetLastError(0);
  r = QueryServiceConfig2W((SC_HANDLE)scm + 1, SERVICE_CONFIG_DESCRIPTION, buf, sizeof buf, &needed);
  printf("QueryServiceConfig2(not a service): %d error %lu\n", r, GetLastError());
  SetLastError(0);
  r = NotifyBootConfigStatus(TRUE);
  printf("boot: NotifyBootConfigStatus: %d error %lu\n", r, GetLastError());
  CloseServiceHandle(scm);
  return 0;
}
