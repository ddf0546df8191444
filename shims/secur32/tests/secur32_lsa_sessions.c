/* The LSA's logon sessions (SECUR32): LsaEnumerateLogonSessions, LsaGetLogonSessionData and
 * LsaFreeReturnBuffer. It looks for the session of the user running it (its SID is the token's
 * user) and prints what every machine shares: that it is found, its logon type, that its user
 * name is GetUserName's and its session the token's; never names or times. */
// Links: -lsecur32 -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <ntsecapi.h>
#include <stdio.h>
#include <wchar.h>

int main(void) {
  ULONG count = 0;
  PLUID sessions = NULL;
  NTSTATUS st = LsaEnumerateLogonSessions(&count, &sessions);
  printf("LsaEnumerateLogonSessions: 0x%08lx, at least one: %s\n", (unsigned long)st, count >= 1 ? "yes" : "no");

  HANDLE token;
  OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token);
  BYTE user_buf[256];
  DWORD got;
  GetTokenInformation(token, TokenUser, user_buf, sizeof user_buf, &got);
  PSID user = ((TOKEN_USER *)user_buf)->User.Sid;
  DWORD my_session = 0;
  GetTokenInformation(token, TokenSessionId, &my_session, sizeof my_session, &got);
  CloseHandle(token);
  WCHAR name[256];
  DWORD name_len = 256;
  GetUserNameW(name, &name_len);

  int found = 0;
  for (ULONG i = 0; i < count; ++i) {
    PSECURITY_LOGON_SESSION_DATA data = NULL;
    if (LsaGetLogonSessionData(&sessions[i], &data) != 0 || !data) continue;
    if (data->Sid && EqualSid(data->Sid, user) && data->LogonType == Interactive && !found) {
      found = 1;
      printf("the user's interactive session: found\n");
      printf("size matches the structure: %s\n", data->Size == sizeof(SECURITY_LOGON_SESSION_DATA) ? "yes" : "no");
      printf("LogonId matches the enumerated one: %s\n",
             data->LogonId.LowPart == sessions[i].LowPart && data->LogonId.HighPart == sessions[i].HighPart ? "yes"
                                                                                                         : "no");
      printf("user name is GetUserName's: %s\n",
             data->UserName.Length == wcslen(name) * 2 && wcsncmp(data->UserName.Buffer, name, wcslen(name)) == 0
                 ? "yes"
                 : "no");
      printf("domain given: %s, authentication package given: %s\n", data->LogonDomain.Length ? "yes" : "no",
             data->AuthenticationPackage.Length ? "yes" : "no");
      printf("session is the token's: %s\n", data->Session == my_session ? "yes" : "no");
    }
    LsaFreeReturnBuffer(data);
  }
  if (!found) printf("the user's interactive session: not found\n");
  printf("LsaFreeReturnBuffer: 0x%08lx\n", (unsigned long)LsaFreeReturnBuffer(sessions));

  /* A LUID no logon session has. */
  LUID none = {0x7ffffff0, 0x7ffffff0};
  PSECURITY_LOGON_SESSION_DATA data = NULL;
  st = LsaGetLogonSessionData(&none, &data);
  printf("LsaGetLogonSessionData of no session: 0x%08lx\n", (unsigned long)st);
  return 0;
}
