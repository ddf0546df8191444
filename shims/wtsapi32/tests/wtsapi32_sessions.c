// WTSAPI32 on a machine with its local sessions alone: the sessions enumerated (narrow, wide, Ex),
// the current session queried (its ID, station, state, user and domain, the client's facts), the
// buffers freed, this computer's server opened and another's not, session notifications for a
// window, WTSQueryUserToken without the privilege.
// Links: -lwtsapi32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wtsapi32.h>

// (Windows SDK's declarations that mingw-w64's wtsapi32.h lacks.)
typedef struct {
  DWORD ExecEnvId;
  WTS_CONNECTSTATE_CLASS State;
  DWORD SessionId;
  LPSTR pSessionName, pHostName, pUserName, pDomainName, pFarmName;
} SESSION_INFO_1A;
static BOOL(WINAPI* WTSEnumerateSessionsExA)(HANDLE, DWORD*, DWORD, SESSION_INFO_1A**, DWORD*);
static BOOL(WINAPI* WTSFreeMemoryExA)(int, void*, ULONG);
#define TYPE_SESSION_INFO_LEVEL1 2

static const char* states[] = {"Active", "Connected", "ConnectQuery", "Shadow", "Disconnected", "Idle", "Listen", "Reset", "Down", "Init"};

int main(void) {
  HMODULE wts = LoadLibraryA("wtsapi32.dll");
  WTSEnumerateSessionsExA = (void*)GetProcAddress(wts, "WTSEnumerateSessionsExA");
  WTSFreeMemoryExA = (void*)GetProcAddress(wts, "WTSFreeMemoryExA");
  WTS_SESSION_INFOA* info = NULL;
  DWORD count = 0;
  BOOL ok = WTSEnumerateSessionsA(WTS_CURRENT_SERVER_HANDLE, 0, 1, &info, &count);
  printf("WTSEnumerateSessionsA: %d, %lu sessions\n", ok, count);
  for (DWORD i = 0; i < count; i++) printf("  %lu [%s] %s\n", info[i].SessionId, info[i].pWinStationName, states[info[i].State]);
  WTSFreeMemory(info);
  WTS_SESSION_INFOW* infow = NULL;
  ok = WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 1, &infow, &count);
  printf("WTSEnumerateSessionsW: %d, %lu sessions, second [%ls]\n", ok, count, count > 1 ? infow[1].pWinStationName : L"");
  WTSFreeMemory(infow);
  SetLastError(0xdeadbeef);
  ok = WTSEnumerateSessionsA(WTS_CURRENT_SERVER_HANDLE, 0, 2, &info, &count);
  printf("WTSEnumerateSessionsA version 2: %d error %lu\n", ok, GetLastError());

  char user[256], computer[256];
  DWORD n = sizeof user;
  GetUserNameA(user, &n);
  n = sizeof computer;
  GetComputerNameA(computer, &n);
  DWORD level = 1;
  SESSION_INFO_1A* ex = NULL;
  ok = WTSEnumerateSessionsExA(WTS_CURRENT_SERVER_HANDLE, &level, 0, &ex, &count);
  printf("WTSEnumerateSessionsExA: %d, %lu sessions\n", ok, count);
  for (DWORD i = 0; i < count; i++)
    printf("  %lu env %lu [%s] %s host %s user %s domain %s farm %s\n", ex[i].SessionId, ex[i].ExecEnvId, ex[i].pSessionName,
           states[ex[i].State], ex[i].pHostName ? "set" : "NULL",
           !ex[i].pUserName ? "NULL" : !strcmp(ex[i].pUserName, user) ? "the user" : "another",
           !ex[i].pDomainName ? "NULL" : !strcmp(ex[i].pDomainName, computer) ? "the computer" : "another",
           ex[i].pFarmName ? "set" : "NULL");
  printf("WTSFreeMemoryExA: %d\n", WTSFreeMemoryExA(TYPE_SESSION_INFO_LEVEL1, ex, count));

  char* buf = NULL;
  DWORD bytes = 0;
  ok = WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSSessionId, &buf, &bytes);
  printf("WTSSessionId: %d %lu bytes: %lu\n", ok, bytes, ok ? *(DWORD*)buf : 0);
  WTSFreeMemory(buf);
  ok = WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSWinStationName, &buf, &bytes);
  printf("WTSWinStationName: %d %lu bytes: [%s]\n", ok, bytes, ok ? buf : "");
  WTSFreeMemory(buf);
  ok = WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSConnectState, &buf, &bytes);
  printf("WTSConnectState: %d %lu bytes: %s\n", ok, bytes, ok ? states[*(DWORD*)buf] : "");
  WTSFreeMemory(buf);
  ok = WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSUserName, &buf, &bytes);
  printf("WTSUserName: %d, the user: %d, bytes the name's + 1: %d\n", ok, ok && !strcmp(buf, user), bytes == strlen(user) + 1);
  WTSFreeMemory(buf);
  ok = WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSDomainName, &buf, &bytes);
  printf("WTSDomainName: %d, the computer: %d\n", ok, ok && !strcmp(buf, computer));
  WTSFreeMemory(buf);
  WCHAR* bufw = NULL;
  ok = WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSClientName, &bufw, &bytes);
  printf("WTSClientName (W): %d %lu bytes: [%ls]\n", ok, bytes, ok ? bufw : L"");
  WTSFreeMemory(bufw);
  ok = WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSClientProtocolType, &buf, &bytes);
  printf("WTSClientProtocolType: %d %lu bytes: %u\n", ok, bytes, ok ? *(USHORT*)buf : 99);
  WTSFreeMemory(buf);
  ok = WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, 0, WTSWinStationName, &buf, &bytes);
  printf("session 0 WTSWinStationName: %d [%s]\n", ok, ok ? buf : "");
  WTSFreeMemory(buf);
  SetLastError(0xdeadbeef);
  ok = WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSSessionId, NULL, &bytes);
  printf("no buffer: %d error %lu\n", ok, GetLastError());

  HANDLE server = WTSOpenServerA(computer);
  printf("WTSOpenServerA(this computer): %s\n", server ? "a handle" : "NULL");
  ok = WTSEnumerateSessionsA(server, 0, 1, &info, &count);
  printf("  its sessions: %d %lu\n", ok, count);
  WTSFreeMemory(info);
  WTSCloseServer(server);
  SetLastError(0xdeadbeef);
  server = WTSOpenServerA("no-such-server-here");
  printf("WTSOpenServerA(another): %s error %lu\n", server ? "a handle" : "NULL", GetLastError());

  HWND w = CreateWindowA("STATIC", "w", WS_POPUP, 0, 0, 10, 10, NULL, NULL, NULL, NULL);
  printf("WTSRegisterSessionNotification: %d\n", WTSRegisterSessionNotification(w, NOTIFY_FOR_THIS_SESSION));
  printf("WTSUnRegisterSessionNotification: %d\n", WTSUnRegisterSessionNotification(w));
  SetLastError(0xdeadbeef);
  ok = WTSRegisterSessionNotification(w, 7);
  printf("WTSRegisterSessionNotification bad flags: %d error %lu\n", ok, GetLastError());
  DestroyWindow(w);
  HANDLE token = NULL;
  SetLastError(0xdeadbeef);
  ok = WTSQueryUserToken(1, &token);  // the console session
  printf("WTSQueryUserToken: %d error %lu\n", ok, GetLastError());
  return 0;
}
