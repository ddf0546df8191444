/* Tokens and privileges: GetTokenInformation's classes, SetTokenInformation, AdjustTokenPrivileges
 * and AdjustTokenGroups, DuplicateToken(Ex), impersonation (ImpersonateSelf, SetThreadToken,
 * ImpersonateLoggedOnUser, RevertToSelf), CreateRestrictedToken and IsTokenRestricted,
 * AllocateLocallyUniqueId, privilege names, account names (LookupAccountName,
 * LookupAccountSidLocal) and logons (LogonUser, CreateProcessWithLogonW, CreateProcessAsUser with
 * an impersonation token). The user's own SID and name are never printed (they are the machine's). */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <sddl.h>
#include <stdio.h>
#include <string.h>

static BYTE user[SECURITY_MAX_SID_SIZE];

static const char *sid_name(PSID sid) {
  static char buf[4][128];
  static int next;
  char *out = buf[next++ % 4];
  if (!sid) return "(null)";
  if (EqualSid(sid, (PSID)user)) return "the user";
  char *text = NULL;
  if (!ConvertSidToStringSidA(sid, &text)) return "?";
  snprintf(out, 128, "%s", text);
  LocalFree(text);
  return out;
}

static void info(HANDLE token) {
  BYTE buf[2048];
  DWORD n = 0;
  BOOL r;
  r = GetTokenInformation(token, TokenType, buf, sizeof buf, &n);
  printf("TokenType: %d %lu\n", r, *(DWORD *)buf);
  SetLastError(0);
  r = GetTokenInformation(token, TokenImpersonationLevel, buf, sizeof buf, &n);
  printf("TokenImpersonationLevel: %d %lu error %lu\n", r, r ? *(DWORD *)buf : 0, GetLastError());
  r = GetTokenInformation(token, TokenOwner, buf, sizeof buf, &n);
  printf("TokenOwner: %d %s\n", r, sid_name(((TOKEN_OWNER *)buf)->Owner));
  r = GetTokenInformation(token, TokenDefaultDacl, buf, sizeof buf, &n);
  PACL dacl = ((TOKEN_DEFAULT_DACL *)buf)->DefaultDacl;
  printf("TokenDefaultDacl: %d %d ACEs\n", r, dacl ? dacl->AceCount : -1);
  for (int i = 0; dacl && i < dacl->AceCount; i++) {
    ACCESS_ALLOWED_ACE *a;
    GetAce(dacl, i, (void **)&a);
    printf("  type %d mask 0x%lx %s\n", a->Header.AceType, a->Mask, sid_name(&a->SidStart));
  }
  r = GetTokenInformation(token, TokenStatistics, buf, sizeof buf, &n);
  TOKEN_STATISTICS *st = (TOKEN_STATISTICS *)buf;
  printf("TokenStatistics: %d size %lu type %d level %d groups>0 %d\n", r, n, st->TokenType,
         st->TokenType == TokenImpersonation ? (int)st->ImpersonationLevel : -1,
         st->GroupCount > 0);
  r = GetTokenInformation(token, TokenRestrictedSids, buf, sizeof buf, &n);
  printf("TokenRestrictedSids: %d %lu\n", r, ((TOKEN_GROUPS *)buf)->GroupCount);
  r = GetTokenInformation(token, TokenHasRestrictions, buf, sizeof buf, &n);
  printf("TokenHasRestrictions: %d %lu\n", r, *(DWORD *)buf);
  r = GetTokenInformation(token, TokenSandBoxInert, buf, sizeof buf, &n);
  printf("TokenSandBoxInert: %d %lu\n", r, *(DWORD *)buf);
  r = GetTokenInformation(token, TokenVirtualizationAllowed, buf, sizeof buf, &n);
  printf("TokenVirtualizationAllowed: %d %lu\n", r, *(DWORD *)buf);
  r = GetTokenInformation(token, TokenUIAccess, buf, sizeof buf, &n);
  printf("TokenUIAccess: %d %lu\n", r, *(DWORD *)buf);
  memset(buf, 0xcc, sizeof buf);
  r = GetTokenInformation(token, TokenAppContainerSid, buf, sizeof buf, &n);
  printf("TokenAppContainerSid: %d %s\n", r, r ? sid_name(*(PSID *)buf) : "-");
  SetLastError(0);
  r = GetTokenInformation(token, TokenSessionId, buf, 2, &n);
  printf("TokenSessionId(2 bytes): %d error %lu needed %lu\n", r, GetLastError(), n);
}

static void privileges(HANDLE token) {
  TOKEN_PRIVILEGES tp = {1};
  LookupPrivilegeValueA(NULL, SE_SHUTDOWN_NAME, &tp.Privileges[0].Luid);
  tp.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
  BYTE prev[64];
  DWORD n = 0;
  SetLastError(0xdead);
  BOOL r = AdjustTokenPrivileges(token, FALSE, &tp, sizeof prev, (TOKEN_PRIVILEGES *)prev, &n);
  printf("AdjustTokenPrivileges(enable SeShutdown): %d error %lu previous %lu length %lu\n", r, GetLastError(),
         ((TOKEN_PRIVILEGES *)prev)->PrivilegeCount, n);
  tp.Privileges[0].Attributes = 0;
  r = AdjustTokenPrivileges(token, FALSE, &tp, 0, NULL, NULL);
  printf("AdjustTokenPrivileges(disable SeShutdown): %d error %lu\n", r, GetLastError());
  LookupPrivilegeValueA(NULL, SE_TCB_NAME, &tp.Privileges[0].Luid);
  tp.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
  r = AdjustTokenPrivileges(token, FALSE, &tp, 0, NULL, NULL);
  printf("privilege: AdjustTokenPrivileges(enable SeTcb): %d error %lu\n", r, GetLastError());

  char name[64];
  DWORD len = sizeof name;
  LUID luid = {19, 0};
  r = LookupPrivilegeNameA(NULL, &luid, name, &len);
  printf("LookupPrivilegeName(19): %d %s %lu\n", r, name, len);
  len = 4;
  SetLastError(0);
  r = LookupPrivilegeNameA(NULL, &luid, name, &len);
  printf("LookupPrivilegeName(4 chars): %d error %lu needed %lu\n", r, GetLastError(), len);
  luid.LowPart = 99;
  SetLastError(0);
  r = LookupPrivilegeNameA(NULL, &luid, name, &len);
  printf("LookupPrivilegeName(99): %d error %lu\n", r, GetLastError());
  WCHAR display[128];
  DWORD lang = 0;
  len = 128;
  r = LookupPrivilegeDisplayNameW(NULL, L"SeShutdownPrivilege", display, &len, &lang);
  printf("display: LookupPrivilegeDisplayName: %d %ls %lu lang 0x%lx\n", r, r ? display : L"", len, lang);
  SetLastError(0);
  r = LookupPrivilegeValueA(NULL, "SeNoSuchPrivilege", &luid);
  printf("LookupPrivilegeValue(unknown): %d error %lu\n", r, GetLastError());
}

static void groups(HANDLE token) {
  BYTE everyone[SECURITY_MAX_SID_SIZE];
  DWORD n = sizeof everyone;
  CreateWellKnownSid(WinWorldSid, NULL, everyone, &n);
  TOKEN_GROUPS tg = {1, {{everyone, 0}}};
  SetLastError(0);
  BOOL r = AdjustTokenGroups(token, FALSE, &tg, 0, NULL, NULL);
  printf("groups: AdjustTokenGroups(disable Everyone): %d error %lu\n", r, GetLastError());
  BYTE system[SECURITY_MAX_SID_SIZE];
  n = sizeof system;
  CreateWellKnownSid(WinLocalSystemSid, NULL, system, &n);
  TOKEN_OWNER owner = {system};
  SetLastError(0);
  r = SetTokenInformation(token, TokenOwner, &owner, sizeof owner);
  printf("groups: SetTokenInformation(owner SYSTEM): %d error %lu\n", r, GetLastError());
  owner.Owner = user;
  r = SetTokenInformation(token, TokenOwner, &owner, sizeof owner);
  printf("SetTokenInformation(owner the user): %d\n", r);
  TOKEN_DEFAULT_DACL dd = {NULL};
  r = SetTokenInformation(token, TokenDefaultDacl, &dd, sizeof dd);
  BYTE buf[256];
  GetTokenInformation(token, TokenDefaultDacl, buf, sizeof buf, &n);
  printf("SetTokenInformation(no default DACL): %d now %s\n", r,
         ((TOKEN_DEFAULT_DACL *)buf)->DefaultDacl ? "a DACL" : "none");
  DWORD session = 5;
  SetLastError(0);
  r = SetTokenInformation(token, TokenSessionId, &session, sizeof session);
  printf("groups: SetTokenInformation(session): %d error %lu\n", r, GetLastError());
  SetLastError(0);
  r = SetTokenInformation(token, TokenUser, buf, sizeof buf);
  printf("SetTokenInformation(TokenUser): %d error %lu\n", r, GetLastError());
}

static void impersonation(HANDLE process) {
  HANDLE thread = NULL, dup = NULL;
  BOOL r = ImpersonateSelf(SecurityIdentification);
  printf("ImpersonateSelf: %d\n", r);
  r = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread);
  printf("OpenThreadToken: %d\n", r);
  info(thread);
  CloseHandle(thread);
  RevertToSelf();
  SetLastError(0);
  r = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread);
  printf("OpenThreadToken(reverted): %d error %lu\n", r, GetLastError());
  r = DuplicateTokenEx(process, TOKEN_ALL_ACCESS, NULL, SecurityDelegation, TokenImpersonation, &dup);
  printf("DuplicateTokenEx(delegation): %d\n", r);
  HANDLE again;
  SetLastError(0);
  r = DuplicateTokenEx(dup, TOKEN_ALL_ACCESS, NULL, SecurityDelegation, TokenImpersonation, &again);
  printf("DuplicateTokenEx(of it): %d\n", r);
  CloseHandle(again);
  HANDLE ident;
  DuplicateToken(process, SecurityIdentification, &ident);
  SetLastError(0);
  r = DuplicateTokenEx(ident, TOKEN_ALL_ACCESS, NULL, SecurityImpersonation, TokenImpersonation, &again);
  printf("DuplicateTokenEx(above its level): %d error %lu\n", r, GetLastError());
  r = SetThreadToken(NULL, dup);
  printf("SetThreadToken: %d\n", r);
  r = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread);
  DWORD level = 0, n;
  GetTokenInformation(thread, TokenImpersonationLevel, &level, sizeof level, &n);
  printf("OpenThreadToken after SetThreadToken: %d level %lu\n", r, level);
  CloseHandle(thread);
  r = SetThreadToken(NULL, NULL);
  printf("SetThreadToken(NULL): %d\n", r);
  SetLastError(0);
  r = SetThreadToken(NULL, process);
  printf("SetThreadToken(primary): %d error %lu\n", r, GetLastError());
  r = ImpersonateLoggedOnUser(process);
  printf("ImpersonateLoggedOnUser: %d\n", r);
  r = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread);
  DWORD type = 0;
  GetTokenInformation(thread, TokenType, &type, sizeof type, &n);
  printf("its token: %d type %lu\n", r, type);
  CloseHandle(thread);
  RevertToSelf();
  CloseHandle(ident);
  CloseHandle(dup);
}

static void restricted(HANDLE process) {
  BYTE everyone[SECURITY_MAX_SID_SIZE], users[SECURITY_MAX_SID_SIZE];
  DWORD n = sizeof everyone;
  CreateWellKnownSid(WinWorldSid, NULL, everyone, &n);
  n = sizeof users;
  CreateWellKnownSid(WinBuiltinUsersSid, NULL, users, &n);
  printf("IsTokenRestricted(process): %d\n", IsTokenRestricted(process));
  SID_AND_ATTRIBUTES disable = {users, 0};
  HANDLE r1;
  BOOL r = CreateRestrictedToken(process, 0, 1, &disable, 0, NULL, 0, NULL, &r1);
  printf("CreateRestrictedToken(Users deny-only): %d restricted %d\n", r, IsTokenRestricted(r1));
  BYTE buf[1024];
  GetTokenInformation(r1, TokenGroups, buf, sizeof buf, &n);
  TOKEN_GROUPS *tg = (TOKEN_GROUPS *)buf;
  for (DWORD i = 0; i < tg->GroupCount; i++)
    if (EqualSid(tg->Groups[i].Sid, users)) printf("  Users attributes 0x%lx\n", tg->Groups[i].Attributes);
  HANDLE imp;
  DuplicateToken(r1, SecurityImpersonation, &imp);
  BOOL member = -1;
  r = CheckTokenMembership(imp, users, &member);
  printf("CheckTokenMembership(Users): %d member %d\n", r, member);
  r = CheckTokenMembership(imp, everyone, &member);
  printf("CheckTokenMembership(Everyone): %d member %d\n", r, member);
  SetLastError(0);
  r = CheckTokenMembership(process, everyone, &member);
  printf("CheckTokenMembership(primary): %d error %lu\n", r, GetLastError());
  CloseHandle(imp);
  CloseHandle(r1);
  SID_AND_ATTRIBUTES limit = {everyone, 0};
  HANDLE r2;
  r = CreateRestrictedToken(process, DISABLE_MAX_PRIVILEGE, 0, NULL, 0, NULL, 1, &limit, &r2);
  printf("restricted: CreateRestrictedToken(restricting Everyone): %d restricted %d\n", r, IsTokenRestricted(r2));
  GetTokenInformation(r2, TokenRestrictedSids, buf, sizeof buf, &n);
  printf("restricted: TokenRestrictedSids: %lu %s\n", tg->GroupCount, tg->GroupCount ? sid_name(tg->Groups[0].Sid) : "");
  GetTokenInformation(r2, TokenPrivileges, buf, sizeof buf, &n);
  printf("TokenPrivileges after DISABLE_MAX_PRIVILEGE: %lu\n", ((TOKEN_PRIVILEGES *)buf)->PrivilegeCount);
  CloseHandle(r2);
  LUID a, b;
  AllocateLocallyUniqueId(&a);
  AllocateLocallyUniqueId(&b);
  printf("AllocateLocallyUniqueId: distinct %d\n", a.LowPart != b.LowPart || a.HighPart != b.HighPart);
}

static void accounts(void) {
  const char *names[] = {"Everyone", "BUILTIN\\Users", "SYSTEM", "NT AUTHORITY\\SYSTEM", "Administrators", "nosuchaccount"};
  for (int i = 0; i < 6; i++) {
    BYTE sid[SECURITY_MAX_SID_SIZE];
    char domain[64];
    DWORD n = sizeof sid, d = sizeof domain;
    SID_NAME_USE use = 0;
    SetLastError(0);
    BOOL r = LookupAccountNameA(NULL, names[i], sid, &n, domain, &d, &use);
    if (r) printf("LookupAccountName(%s): %d %s domain \"%s\" (%lu) use %d\n", names[i], r, sid_name(sid), domain, d, use);
    else printf("LookupAccountName(%s): %d error %lu\n", names[i], r, GetLastError());
  }
  DWORD n = 0, d = 0;
  SetLastError(0);
  BOOL r = LookupAccountNameA(NULL, "Everyone", NULL, &n, NULL, &d, NULL);
  printf("LookupAccountName(sizes): %d error %lu sid %lu domain %lu\n", r, GetLastError(), n, d);
  char name[64], domain[64];
  n = sizeof name;
  d = sizeof domain;
  SID_NAME_USE use;
  BYTE everyone[SECURITY_MAX_SID_SIZE];
  DWORD es = sizeof everyone;
  CreateWellKnownSid(WinWorldSid, NULL, everyone, &es);
  BOOL(WINAPI * lookup_local)(PSID, LPSTR, DWORD *, LPSTR, DWORD *, SID_NAME_USE *) =
      (void *)GetProcAddress(GetModuleHandleA("advapi32.dll"), "LookupAccountSidLocalA");
  r = lookup_local(everyone, name, &n, domain, &d, &use);
  printf("LookupAccountSidLocal(Everyone): %d %s \"%s\" use %d\n", r, name, domain, use);
}

static void pipe_client(void) {
  char name[64];  /* (a pipe of this run's own: other runs make theirs at the same time) */
  snprintf(name, sizeof name, "\\\\.\\pipe\\token_test_%lu", GetCurrentProcessId());
  HANDLE server = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT, 1, 256, 256, 0, NULL);
  SetLastError(0);
  BOOL r = ImpersonateNamedPipeClient(server);
  printf("pipe: ImpersonateNamedPipeClient(no client): %d error %lu\n", r, GetLastError());
  HANDLE client = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  ConnectNamedPipe(server, NULL);
  DWORD written;
  WriteFile(client, "x", 1, &written, NULL);
  char c;
  DWORD got;
  ReadFile(server, &c, 1, &got, NULL);
  r = ImpersonateNamedPipeClient(server);
  HANDLE thread = NULL;
  DWORD type = 0, level = 0, n;
  BOOL opened = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread);
  if (opened) {
    GetTokenInformation(thread, TokenType, &type, sizeof type, &n);
    GetTokenInformation(thread, TokenImpersonationLevel, &level, sizeof level, &n);
    CloseHandle(thread);
  }
  printf("ImpersonateNamedPipeClient: %d token %d type %lu level %lu\n", r, opened, type, level);
  RevertToSelf();
  SetLastError(0);
  r = ImpersonateNamedPipeClient(client);
  printf("pipe: ImpersonateNamedPipeClient(client end): %d error %lu\n", r, GetLastError());
  CloseHandle(client);
  CloseHandle(server);
}

static void logons(HANDLE process) {
  HANDLE token = (HANDLE)1;
  SetLastError(0);
  BOOL r = LogonUserA("nobody", ".", "wrong", LOGON32_LOGON_INTERACTIVE, LOGON32_PROVIDER_DEFAULT, &token);
  printf("logon: LogonUser: %d error %lu token %s\n", r, GetLastError(), token ? "set" : "NULL");
  STARTUPINFOW si = {sizeof si};
  PROCESS_INFORMATION pi;
  WCHAR cmd[] = L"cmd.exe /c exit";
  SetLastError(0);
  r = CreateProcessWithLogonW(L"nobody", L".", L"wrong", 0, NULL, cmd, 0, NULL, NULL, &si, &pi);
  printf("logon: CreateProcessWithLogonW: %d error %lu\n", r, GetLastError());
  HANDLE imp;
  DuplicateToken(process, SecurityImpersonation, &imp);
  STARTUPINFOA sa = {sizeof sa};
  char cmda[] = "cmd.exe /c exit";
  SetLastError(0);
  r = CreateProcessAsUserA(imp, NULL, cmda, NULL, NULL, FALSE, 0, NULL, NULL, &sa, (PROCESS_INFORMATION *)&pi);
  printf("CreateProcessAsUser(impersonation token): %d error %lu\n", r, GetLastError());
  CloseHandle(imp);
}

int main(void) {
  HANDLE token;
  DWORD n;
  BYTE buf[256];
  BOOL r = OpenProcessToken(GetCurrentProcess(), TOKEN_ALL_ACCESS, &token);
  GetTokenInformation(token, TokenUser, buf, sizeof buf, &n);
  CopySid(sizeof user, user, ((TOKEN_USER *)buf)->User.Sid);
  printf("OpenProcessToken: %d\n", r);
  info(token);
  privileges(token);
  HANDLE copy;
  DuplicateTokenEx(token, TOKEN_ALL_ACCESS, NULL, SecurityImpersonation, TokenPrimary, &copy);
  groups(copy);
  CloseHandle(copy);
  impersonation(token);
  restricted(token);
  accounts();
  pipe_client();
  logons(token);
  CloseHandle(token);
  return 0;
}
