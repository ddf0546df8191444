/* POWRPROF's SetSuspendState as a program without the privilege calls it, and once it has enabled
 * SeShutdownPrivilege (AdjustTokenPrivileges), on a machine with no sleep state the program may
 * enter: the calls fail, and nothing is suspended. */
// Links: -lpowrprof -ladvapi32
#include <windows.h>
#include <powrprof.h>
#include <stdio.h>

int main(void) {
  SetLastError(0);
  BOOLEAN ok = SetSuspendState(FALSE, FALSE, FALSE);
  printf("SetSuspendState(sleep) without the privilege: %d, error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = SetSuspendState(TRUE, FALSE, FALSE);
  printf("SetSuspendState(hibernate) without the privilege: %d, error %lu\n", ok, GetLastError());

  HANDLE token = NULL;
  BOOL opened = OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token);
  TOKEN_PRIVILEGES tp = {0};
  tp.PrivilegeCount = 1;
  BOOL looked = LookupPrivilegeValueA(NULL, SE_SHUTDOWN_NAME, &tp.Privileges[0].Luid);
  tp.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
  SetLastError(0);
  BOOL adjusted = AdjustTokenPrivileges(token, FALSE, &tp, 0, NULL, NULL);
  printf("OpenProcessToken %d, LookupPrivilegeValue %d (LUID %lu), AdjustTokenPrivileges %d, error %lu\n", opened, looked,
         tp.Privileges[0].Luid.LowPart, adjusted, GetLastError());
  CloseHandle(token);
  SetLastError(0);
  ok = SetSuspendState(FALSE, FALSE, FALSE);
  printf("SetSuspendState(sleep) with the privilege: %d, error %lu\n", ok, GetLastError());
  return 0;
}
