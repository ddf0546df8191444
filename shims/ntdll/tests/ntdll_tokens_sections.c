/* NTDLL's tokens (an unprivileged user's: NtOpenProcessToken, NtOpenThreadToken,
 * NtQueryInformationToken's classes, NtAdjustPrivilegesToken, RtlAdjustPrivilege, NtDuplicateToken,
 * RtlImpersonateSelf, NtPrivilegeCheck, NtAccessCheck) and sections (NtCreateSection, NtOpenSection,
 * NtMapViewOfSection, NtQuerySection, NtUnmapViewOfSection, against KERNEL32's file mappings).
 * Expected output: wine 8.0's (x64), run as an unprivileged user. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct {
  USHORT Length, MaximumLength;
  PWSTR Buffer;
} USTR;
typedef struct {
  ULONG Length;
  HANDLE RootDirectory;
  USTR* ObjectName;
  ULONG Attributes;
  PVOID SecurityDescriptor, SecurityQualityOfService;
} OA;

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * close)(HANDLE) = (void*)FN("NtClose");
  NTSTATUS(NTAPI * open_process_token)(HANDLE, ACCESS_MASK, HANDLE*) = (void*)FN("NtOpenProcessToken");
  NTSTATUS(NTAPI * open_thread_token)(HANDLE, ACCESS_MASK, BOOLEAN, HANDLE*) = (void*)FN("NtOpenThreadToken");
  NTSTATUS(NTAPI * query)(HANDLE, ULONG, void*, ULONG, ULONG*) = (void*)FN("NtQueryInformationToken");
  NTSTATUS(NTAPI * adjust)(HANDLE, BOOLEAN, TOKEN_PRIVILEGES*, ULONG, TOKEN_PRIVILEGES*, ULONG*) =
      (void*)FN("NtAdjustPrivilegesToken");
  NTSTATUS(NTAPI * adjust_privilege)(ULONG, BOOLEAN, BOOLEAN, BOOLEAN*) = (void*)FN("RtlAdjustPrivilege");
  NTSTATUS(NTAPI * duplicate)(HANDLE, ACCESS_MASK, OA*, BOOLEAN, TOKEN_TYPE, HANDLE*) = (void*)FN("NtDuplicateToken");
  NTSTATUS(NTAPI * impersonate_self)(SECURITY_IMPERSONATION_LEVEL) = (void*)FN("RtlImpersonateSelf");
  NTSTATUS(NTAPI * privilege_check)(HANDLE, PRIVILEGE_SET*, BOOLEAN*) = (void*)FN("NtPrivilegeCheck");
  NTSTATUS(NTAPI * access_check)(PSECURITY_DESCRIPTOR, HANDLE, ACCESS_MASK, GENERIC_MAPPING*, PRIVILEGE_SET*, ULONG*,
                                 ACCESS_MASK*, NTSTATUS*) = (void*)FN("NtAccessCheck");
  printf("found: %d %d %d, Zw: %d\n", open_process_token != NULL, query != NULL, access_check != NULL,
         FN("ZwQueryInformationToken") != NULL);

  HANDLE token = NULL, none = NULL;
  printf("open process token: 0x%lx\n", S(open_process_token(GetCurrentProcess(), TOKEN_ALL_ACCESS, &token)));
  printf("open thread token: 0x%lx\n", S(open_thread_token(GetCurrentThread(), TOKEN_QUERY, TRUE, &none)));
  BYTE buf[1024];
  ULONG len = 0;
  NTSTATUS s = query(token, TokenUser, buf, sizeof buf, &len);
  TOKEN_USER* user = (TOKEN_USER*)buf;
  printf("user: 0x%lx, a domain user's SID: %d, attributes %lu\n", S(s),
         ((BYTE*)user->User.Sid)[1] == 5 && ((DWORD*)((BYTE*)user->User.Sid + 8))[0] == 21, user->User.Attributes);
  s = query(token, TokenUser, buf, 8, &len);
  printf("user, short: 0x%lx, needs as much as before: %d\n", S(s), len > 8);
  s = query(token, TokenType, buf, sizeof buf, &len);
  printf("type: 0x%lx, %lu bytes, %lu\n", S(s), len, *(ULONG*)buf);
  s = query(token, TokenType, buf, 2, &len);
  printf("type, short: 0x%lx, %lu\n", S(s), len);
  s = query(token, TokenElevationType, buf, sizeof buf, &len);
  printf("elevation type: 0x%lx, %lu\n", S(s), *(ULONG*)buf);
  s = query(token, TokenElevation, buf, sizeof buf, &len);
  printf("elevation: 0x%lx, %lu\n", S(s), *(ULONG*)buf);
  s = query(token, TokenImpersonationLevel, buf, sizeof buf, &len);
  printf("impersonation level of a primary token: 0x%lx\n", S(s));
  s = query(token, TokenIntegrityLevel, buf, sizeof buf, &len);
  TOKEN_MANDATORY_LABEL* label = (TOKEN_MANDATORY_LABEL*)buf;
  printf("integrity: 0x%lx, rid 0x%lx, attributes 0x%lx\n", S(s), *(DWORD*)((BYTE*)label->Label.Sid + 8),
         label->Label.Attributes);
  s = query(token, TokenPrivileges, buf, sizeof buf, &len);
  TOKEN_PRIVILEGES* privs = (TOKEN_PRIVILEGES*)buf;
  int change_notify = 0, debug = 0;
  for (DWORD i = 0; i < privs->PrivilegeCount; ++i) {
    if (privs->Privileges[i].Luid.LowPart == 23) change_notify = privs->Privileges[i].Attributes & 2;
    if (privs->Privileges[i].Luid.LowPart == 20) debug = 1;
  }
  printf("privileges: 0x%lx, change notify enabled: %d, debug held: %d\n", S(s), change_notify != 0, debug);
  s = query(token, TokenStatistics, buf, sizeof buf, &len);
  TOKEN_STATISTICS* stats = (TOKEN_STATISTICS*)buf;
  printf("statistics: 0x%lx, %lu bytes, type %d\n", S(s), len, stats->TokenType);
  printf("bad handle: 0x%lx\n", S(query((HANDLE)0x7ff0, TokenType, buf, sizeof buf, &len)));

  /* Privileges: one held (SeShutdownPrivilege, 19) and one not (SeDebugPrivilege, 20). */
  TOKEN_PRIVILEGES tp = {1, {{{19, 0}, SE_PRIVILEGE_ENABLED}}};
  TOKEN_PRIVILEGES previous;
  ULONG plen = sizeof previous;
  s = adjust(token, FALSE, &tp, sizeof previous, &previous, &plen);
  printf("enable shutdown: 0x%lx, previous count %lu, was 0x%lx\n", S(s), previous.PrivilegeCount,
         previous.PrivilegeCount ? previous.Privileges[0].Attributes : 0);
  tp.Privileges[0].Luid.LowPart = 20;
  printf("enable debug: 0x%lx\n", S(adjust(token, FALSE, &tp, 0, NULL, NULL)));
  BOOLEAN was = 9;
  s = adjust_privilege(19, FALSE, FALSE, &was);
  printf("RtlAdjustPrivilege shutdown off: 0x%lx, was enabled: %d\n", S(s), was != 0);
  printf("RtlAdjustPrivilege debug: 0x%lx\n", S(adjust_privilege(20, TRUE, FALSE, &was)));
  printf("RtlAdjustPrivilege of the thread's token: 0x%lx\n", S(adjust_privilege(19, TRUE, TRUE, &was)));

  /* Impersonation and the checks. */
  SECURITY_QUALITY_OF_SERVICE qos = {sizeof qos, SecurityImpersonation, 0, FALSE};
  OA oa = {sizeof oa, NULL, NULL, 0, NULL, &qos};
  HANDLE imp = NULL;
  s = duplicate(token, TOKEN_ALL_ACCESS, &oa, FALSE, TokenImpersonation, &imp);
  printf("duplicate as impersonation: 0x%lx\n", S(s));
  s = query(imp, TokenType, buf, sizeof buf, &len);
  printf("its type: %lu, ", *(ULONG*)buf);
  s = query(imp, TokenImpersonationLevel, buf, sizeof buf, &len);
  printf("level: 0x%lx %lu\n", S(s), *(ULONG*)buf);
  PRIVILEGE_SET ps = {1, PRIVILEGE_SET_ALL_NECESSARY, {{{23, 0}, 0}}};
  BOOLEAN result = 9;
  s = privilege_check(imp, &ps, &result);
  printf("privilege check, change notify: 0x%lx, %d, attributes 0x%lx\n", S(s), result, ps.Privilege[0].Attributes);
  ps.Privilege[0].Luid.LowPart = 20;
  ps.Privilege[0].Attributes = 0;
  s = privilege_check(imp, &ps, &result);
  printf("privilege check, debug: 0x%lx, %d\n", S(s), result);
  printf("privilege check of a primary token: 0x%lx\n", S(privilege_check(token, &ps, &result)));

  /* A descriptor whose DACL allows Everyone to read (GENERIC_READ) and nothing else. */
  SECURITY_DESCRIPTOR sd;
  InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
  BYTE acl_buf[128];
  PACL acl = (PACL)acl_buf;
  InitializeAcl(acl, sizeof acl_buf, ACL_REVISION);
  SID_IDENTIFIER_AUTHORITY world = {SECURITY_WORLD_SID_AUTHORITY};
  PSID everyone = NULL;
  AllocateAndInitializeSid(&world, 1, 0, 0, 0, 0, 0, 0, 0, 0, &everyone);
  AddAccessAllowedAce(acl, ACL_REVISION, FILE_GENERIC_READ, everyone);
  SetSecurityDescriptorDacl(&sd, TRUE, acl, FALSE);
  SetSecurityDescriptorOwner(&sd, everyone, FALSE);
  SetSecurityDescriptorGroup(&sd, everyone, FALSE);
  GENERIC_MAPPING mapping = {FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS};
  BYTE pbuf[64];
  ULONG pl = sizeof pbuf;
  ACCESS_MASK granted = 0;
  NTSTATUS status = 0;
  s = access_check(&sd, imp, FILE_READ_DATA, &mapping, (PRIVILEGE_SET*)pbuf, &pl, &granted, &status);
  printf("access check, read: 0x%lx, granted 0x%lx, status 0x%lx\n", S(s), granted, S(status));
  s = access_check(&sd, imp, FILE_WRITE_DATA, &mapping, (PRIVILEGE_SET*)pbuf, &pl, &granted, &status);
  printf("access check, write: 0x%lx, granted 0x%lx, status 0x%lx\n", S(s), granted, S(status));
  s = access_check(&sd, imp, GENERIC_READ, &mapping, (PRIVILEGE_SET*)pbuf, &pl, &granted, &status);
  printf("access check, generic read: 0x%lx, granted 0x%lx, status 0x%lx\n", S(s), granted, S(status));
  s = access_check(&sd, imp, MAXIMUM_ALLOWED, &mapping, (PRIVILEGE_SET*)pbuf, &pl, &granted, &status);
  printf("access check, maximum: 0x%lx, granted 0x%lx, status 0x%lx\n", S(s), granted, S(status));
  s = access_check(&sd, token, FILE_READ_DATA, &mapping, (PRIVILEGE_SET*)pbuf, &pl, &granted, &status);
  printf("access check with a primary token: 0x%lx\n", S(s));
  FreeSid(everyone);
  close(imp);

  printf("impersonate self: 0x%lx\n", S(impersonate_self(SecurityImpersonation)));
  HANDLE thread_token = NULL;
  s = open_thread_token(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread_token);
  printf("open thread token: 0x%lx\n", S(s));
  s = query(thread_token, TokenType, buf, sizeof buf, &len);
  printf("its type: 0x%lx %lu\n", S(s), *(ULONG*)buf);
  close(thread_token);
  RevertToSelf();
  close(token);

  /* ---- sections ---- */
  NTSTATUS(NTAPI * create_section)(HANDLE*, ACCESS_MASK, OA*, LARGE_INTEGER*, ULONG, ULONG, HANDLE) =
      (void*)FN("NtCreateSection");
  NTSTATUS(NTAPI * open_section)(HANDLE*, ACCESS_MASK, OA*) = (void*)FN("NtOpenSection");
  NTSTATUS(NTAPI * map)(HANDLE, HANDLE, void**, ULONG_PTR, SIZE_T, LARGE_INTEGER*, SIZE_T*, DWORD, ULONG, ULONG) =
      (void*)FN("NtMapViewOfSection");
  NTSTATUS(NTAPI * unmap)(HANDLE, void*) = (void*)FN("NtUnmapViewOfSection");
  NTSTATUS(NTAPI * query_section)(HANDLE, ULONG, void*, SIZE_T, SIZE_T*) = (void*)FN("NtQuerySection");
  WCHAR name[64];
  swprintf(name, 64, L"\\Sessions\\%lu\\BaseNamedObjects\\polyrun_section_%lu", 1UL, GetCurrentProcessId());
  DWORD session = 0;
  session = 1; /* (the interactive session) */
  swprintf(name, 64, L"\\Sessions\\%lu\\BaseNamedObjects\\polyrun_section_%lu", session, GetCurrentProcessId());
  USTR uname = {(USHORT)(wcslen(name) * 2), (USHORT)(wcslen(name) * 2 + 2), name};
  OA soa = {sizeof soa, NULL, &uname, 0x40};
  LARGE_INTEGER size;
  size.QuadPart = 0x3000;
  HANDLE section = NULL, again = NULL;
  s = create_section(&section, SECTION_ALL_ACCESS, &soa, &size, PAGE_READWRITE, SEC_COMMIT, NULL);
  printf("create section: 0x%lx\n", S(s));
  s = create_section(&again, SECTION_ALL_ACCESS, &soa, &size, PAGE_READWRITE, SEC_COMMIT, NULL);
  printf("create it again: 0x%lx\n", S(s));
  soa.Attributes |= 0x80; /* OBJ_OPENIF */
  s = create_section(&again, SECTION_ALL_ACCESS, &soa, &size, PAGE_READWRITE, SEC_COMMIT, NULL);
  printf("create it again, open if there: 0x%lx\n", S(s));
  close(again);
  s = open_section(&again, SECTION_ALL_ACCESS, &soa);
  printf("open it: 0x%lx\n", S(s));
  BYTE info[64];
  SIZE_T got = 0;
  s = query_section(section, 0, info, sizeof info, &got);
  printf("query: 0x%lx, the structure's size: %d, attributes 0x%lx, size 0x%llx\n", S(s),
         got == 2 * sizeof(void*) + 8, *(ULONG*)(info + sizeof(void*)),
         *(ULONGLONG*)(info + 2 * sizeof(void*)));
  printf("image information: 0x%lx\n", S(query_section(section, 1, info, sizeof info, &got)));
  void* view = NULL;
  SIZE_T view_size = 0;
  s = map(section, GetCurrentProcess(), &view, 0, 0, NULL, &view_size, 1 /* ViewShare */, 0, PAGE_READWRITE);
  printf("map: 0x%lx, size 0x%lx, aligned: %d\n", S(s), S(view_size), ((ULONG_PTR)view & 0xffff) == 0);
  strcpy(view, "shared");
  void* view2 = NULL;
  SIZE_T view2_size = 0;
  s = map(again, GetCurrentProcess(), &view2, 0, 0, NULL, &view2_size, 1, 0, PAGE_READONLY);
  printf("map the other handle: 0x%lx, sees \"%s\"\n", S(s), (char*)view2);
  LARGE_INTEGER offset;
  offset.QuadPart = 0x1000;
  void* view3 = NULL;
  SIZE_T view3_size = 0;
  printf("map at an unaligned offset: 0x%lx\n",
         S(map(section, GetCurrentProcess(), &view3, 0, 0, &offset, &view3_size, 1, 0, PAGE_READWRITE)));
  offset.QuadPart = 0x10000;
  view3 = NULL;
  printf("map past the end: 0x%lx\n",
         S(map(section, GetCurrentProcess(), &view3, 0, 0, &offset, &view3_size, 1, 0, PAGE_READWRITE)));
  printf("map a bad protection: 0x%lx\n",
         S(map(section, GetCurrentProcess(), &view3, 0, 0, NULL, &view3_size, 1, 0, 0x77)));
  printf("unmap: 0x%lx, ", S(unmap(GetCurrentProcess(), view2)));
  printf("again: 0x%lx\n", S(unmap(GetCurrentProcess(), view2)));
  HANDLE k32 = OpenFileMappingW(FILE_MAP_READ, FALSE, name + wcslen(L"\\Sessions\\1\\BaseNamedObjects\\") +
                                                          (session > 9 ? 1 : 0));
  char* kview = k32 ? MapViewOfFile(k32, FILE_MAP_READ, 0, 0, 0) : NULL;
  printf("KERNEL32's view: \"%s\"\n", kview ? kview : "(none)");
  if (kview) UnmapViewOfFile(kview);
  if (k32) CloseHandle(k32);
  unmap(GetCurrentProcess(), view);
  close(again);
  close(section);
  HANDLE anon = NULL;
  printf("a section of no size: 0x%lx\n", S(create_section(&anon, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READWRITE, SEC_COMMIT, NULL)));
  return 0;
}
