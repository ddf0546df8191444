// The Restart Manager: a session, a file this program holds open registered with it, the processes
// that use it (this one: RmGetList, first with no room), a file nobody holds, this process
// registered as an application, an unknown session.
// Links: -lrstrtmgr
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <restartmanager.h>

int main(void) {
  WCHAR dir[MAX_PATH], path[MAX_PATH], other[MAX_PATH];
  GetTempPathW(MAX_PATH, dir);
  swprintf(path, MAX_PATH, L"%lsrm_held_%lu.txt", dir, GetCurrentProcessId());
  swprintf(other, MAX_PATH, L"%lsrm_free_%lu.txt", dir, GetCurrentProcessId());
  HANDLE held = CreateFileW(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(CreateFileW(other, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));

  DWORD session = 0;
  WCHAR key[CCH_RM_SESSION_KEY + 1] = {0};
  DWORD r = RmStartSession(&session, 0, key);
  printf("RmStartSession: %lu key length %u\n", r, (unsigned)wcslen(key));
  LPCWSTR files[] = {path};
  printf("RmRegisterResources(held file): %lu\n", RmRegisterResources(session, 1, files, 0, NULL, 0, NULL));
  UINT needed = 0, count = 0;
  DWORD reasons = 99;
  r = RmGetList(session, &needed, &count, NULL, &reasons);
  printf("RmGetList with no room: %lu needed at least one: %d\n", r, needed >= 1);
  RM_PROCESS_INFO infos[16];
  count = 16;
  r = RmGetList(session, &needed, &count, infos, &reasons);
  int self = -1;
  for (UINT i = 0; i < count; i++)
    if (infos[i].Process.dwProcessId == GetCurrentProcessId()) self = (int)i;
  printf("RmGetList: %lu, this process among them: %d, reasons %lu\n", r, self >= 0, reasons);
  if (self >= 0)
    printf("  type %d status %lu session %lu restartable %d named %d\n", infos[self].ApplicationType, infos[self].AppStatus,
           infos[self].TSSessionId, infos[self].bRestartable, infos[self].strAppName[0] != 0);
  printf("RmEndSession: %lu\n", RmEndSession(session));

  RmStartSession(&session, 0, key);
  LPCWSTR free_files[] = {other};
  RmRegisterResources(session, 1, free_files, 0, NULL, 0, NULL);
  count = 16;
  r = RmGetList(session, &needed, &count, infos, &reasons);
  printf("RmGetList(a file nobody holds): %lu needed %u count %u\n", r, needed, count);
  RM_UNIQUE_PROCESS me;
  FILETIME created, exited, kernel, user;
  GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user);
  me.dwProcessId = GetCurrentProcessId();
  me.ProcessStartTime = created;
  printf("RmRegisterResources(this process): %lu\n", RmRegisterResources(session, 0, NULL, 1, &me, 0, NULL));
  count = 16;
  r = RmGetList(session, &needed, &count, infos, &reasons);
  printf("RmGetList: %lu count %u, this process: %d\n", r, count, count == 1 && infos[0].Process.dwProcessId == GetCurrentProcessId());
  printf("RmEndSession: %lu\n", RmEndSession(session));
  printf("RmEndSession again: %lu\n", RmEndSession(session));
  printf("RmGetList of no session: %lu\n", RmGetList(session, &needed, &count, infos, &reasons));
  CloseHandle(held);
  DeleteFileW(path);
  DeleteFileW(other);
  return 0;
}
