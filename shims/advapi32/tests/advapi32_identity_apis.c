/* What a program asks of the system it runs on and of its own identity, as Go's, Rust's and MSVC
 * programs' start-up code asks it: the computer's names and their buffer rules, processors,
 * groups and NUMA nodes, the process token (its user as a SID, in text and as an account, its
 * groups, integrity level and elevation), SIDs built, copied and compared, links, a semaphore made
 * with CreateSemaphoreEx, the image's NT headers, and what a process that is not a packaged app
 * hears. Values that depend on the host are compared with each other, not printed. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <sddl.h>

typedef BOOL(WINAPI* ComputerNameEx_fn)(int, WCHAR*, DWORD*);
typedef LONG(WINAPI* PackageId_fn)(UINT32*, BYTE*);
typedef PVOID(NTAPI* ImageNtHeader_fn)(PVOID);

int main(void) {
  HMODULE k32 = GetModuleHandleA("kernel32.dll");
  /* Names: the NetBIOS name is the DNS host name's first label in capitals (up to 15). */
  ComputerNameEx_fn name_ex = (ComputerNameEx_fn)GetProcAddress(k32, "GetComputerNameExW");
  WCHAR netbios[64], dns[256], tiny[2];
  DWORD n1 = 64, n2 = 256, n3 = 2;
  BOOL ok1 = GetComputerNameW(netbios, &n1), ok2 = name_ex(1 /* ComputerNameDnsHostname */, dns, &n2);
  int same = n1 <= 15 && (DWORD)wcslen(netbios) == n1;
  for (DWORD i = 0; same && i < n1; ++i) same = netbios[i] == towupper(dns[i]);
  printf("computer names: %d %d, the NetBIOS name is the host name's: %d\n", ok1, ok2, same);
  SetLastError(0);
  BOOL short_ex = name_ex(1, tiny, &n3);
  printf("too small for Ex: %d, error %lu, size asked %d\n", short_ex, GetLastError(), n3 == n2 + 1);
  DWORD n4 = 1;
  SetLastError(0);
  BOOL short_plain = GetComputerNameW(tiny, &n4);
  printf("too small: %d, error %lu, size asked %d\n", short_plain, GetLastError(), n4 == n1 + 1);
  BOOL bad_format = name_ex(99, dns, &n2);
  printf("bad format: %d, error %lu\n", bad_format, GetLastError());

  /* Processors: one group; a node 0 holding them all. */
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  printf("active processors: all groups %d, group 0 %d, groups %u\n",
         GetActiveProcessorCount(ALL_PROCESSOR_GROUPS) == si.dwNumberOfProcessors,
         GetActiveProcessorCount(0) == si.dwNumberOfProcessors, GetActiveProcessorGroupCount());
  ULONG highest = 7;
  ULONGLONG mask = 0;
  BOOL got_highest = GetNumaHighestNodeNumber(&highest);
  BOOL got_mask = GetNumaNodeProcessorMask(0, &mask);
  printf("NUMA: highest node %d (%lu), node 0's mask is the process's: %d\n", got_highest, highest,
         got_mask && mask == si.dwActiveProcessorMask);
  printf("the current processor is one of them: %d\n", GetCurrentProcessorNumber() < si.dwNumberOfProcessors);
  FlushProcessWriteBuffers();
  printf("SetHandleCount(50): %u\n", SetHandleCount(50));

  /* The token. */
  HANDLE token;
  printf("token: %d\n", OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
  BYTE buf[512];
  DWORD len = 0;
  SetLastError(0);
  BOOL small = GetTokenInformation(token, TokenUser, buf, 4, &len);
  printf("TokenUser into 4 bytes: %d, error %lu, a size asked %d\n", small, GetLastError(), len > 4);
  GetTokenInformation(token, TokenUser, buf, sizeof buf, &len);
  PSID user = ((TOKEN_USER*)buf)->User.Sid;
  WCHAR* text = NULL;
  BOOL converted = ConvertSidToStringSidW(user, &text);
  printf("user SID: valid %d, converted %d, an account's S-1-5-21-: %d, length %d\n", IsValidSid(user), converted,
         text && wcsncmp(text, L"S-1-5-21-", 9) == 0, GetLengthSid(user) == 28);
  PSID back = NULL;
  BOOL got_back = ConvertStringSidToSidW(text, &back);
  printf("back to a SID: %d, equal %d\n", got_back, back && EqualSid(back, user));
  LocalFree(text);
  LocalFree(back);
  WCHAR account[256], domain[256], me[256];
  DWORD na = 256, nd = 256, nm = 256;
  SID_NAME_USE use = 0;
  BOOL looked = LookupAccountSidW(NULL, user, account, &na, domain, &nd, &use);
  GetUserNameW(me, &nm);
  printf("its account: %d, the user's name %d, a user %d\n", looked, wcscmp(account, me) == 0, use == SidTypeUser);
  DWORD type = 0;
  GetTokenInformation(token, TokenType, &type, sizeof type, &len);
  printf("token type %lu\n", type);
  GetTokenInformation(token, TokenIntegrityLevel, buf, sizeof buf, &len);
  PSID label = ((TOKEN_MANDATORY_LABEL*)buf)->Label.Sid;
  printf("integrity level RID: 0x%lx\n", *GetSidSubAuthority(label, *GetSidSubAuthorityCount(label) - 1));

  /* SIDs built and compared; membership of the well-known groups. */
  SID_IDENTIFIER_AUTHORITY world = {SECURITY_WORLD_SID_AUTHORITY}, nt = {SECURITY_NT_AUTHORITY};
  PSID everyone = NULL, users = NULL;
  AllocateAndInitializeSid(&world, 1, SECURITY_WORLD_RID, 0, 0, 0, 0, 0, 0, 0, &everyone);
  AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_USERS, 0, 0, 0, 0, 0, 0, &users);
  BOOL in_everyone = FALSE, in_users = FALSE;
  CheckTokenMembership(NULL, everyone, &in_everyone);
  CheckTokenMembership(NULL, users, &in_users);
  printf("member of Everyone %d, of Users %d\n", in_everyone, in_users);
  BYTE copy[SECURITY_MAX_SID_SIZE];
  BOOL copied = CopySid(sizeof copy, copy, users);
  printf("copy: %d, equal %d, equal to another %d\n", copied, EqualSid(copy, users), EqualSid(copy, everyone));
  SetLastError(0);
  BOOL copied_short = CopySid(8, copy, users);
  printf("copy into 8 bytes: %d, error %lu\n", copied_short, GetLastError());
  WCHAR* users_text = NULL;
  ConvertSidToStringSidW(users, &users_text);
  printf("Users: %ls\n", users_text);
  LocalFree(users_text);
  FreeSid(everyone);
  FreeSid(users);
  PSID bad = NULL;
  BOOL not_sid = ConvertStringSidToSidW(L"S-1-x", &bad);
  printf("not a SID: %d, error %lu\n", not_sid, GetLastError());

  /* Links, in a directory of the sample's own. */
  WCHAR dir[MAX_PATH], file[MAX_PATH], soft[MAX_PATH], hard[MAX_PATH];
  GetTempPathW(MAX_PATH, dir);
  swprintf(dir + wcslen(dir), MAX_PATH, L"identity-%lu", GetCurrentProcessId());
  CreateDirectoryW(dir, NULL);
  swprintf(file, MAX_PATH, L"%ls\\target.txt", dir);
  swprintf(soft, MAX_PATH, L"%ls\\soft.txt", dir);
  swprintf(hard, MAX_PATH, L"%ls\\hard.txt", dir);
  HANDLE f = CreateFileW(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD wrote;
  WriteFile(f, "linked", 6, &wrote, NULL);
  CloseHandle(f);
  BOOLEAN made = CreateSymbolicLinkW(soft, L"target.txt", SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE);
  BOOL hard_made = CreateHardLinkW(hard, file, NULL);
  printf("symbolic link: %d, hard link: %d\n", made != 0, hard_made);
  char got[16] = {0};
  DWORD read = 0;
  f = CreateFileW(soft, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  ReadFile(f, got, sizeof got - 1, &read, NULL);
  CloseHandle(f);
  printf("read through the symbolic link: %s\n", got);
  memset(got, 0, sizeof got);
  f = CreateFileW(hard, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  ReadFile(f, got, sizeof got - 1, &read, NULL);
  CloseHandle(f);
  printf("read through the hard link: %s\n", got);
  SetLastError(0);
  hard_made = CreateHardLinkW(hard, file, NULL);
  DWORD hard_error = GetLastError();
  SetLastError(0);
  made = CreateSymbolicLinkW(soft, L"target.txt", SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE);
  printf("again: hard link %d error %lu, symbolic link %d error %lu\n", hard_made, hard_error, made != 0, GetLastError());
  DeleteFileW(soft);
  DeleteFileW(hard);
  DeleteFileW(file);
  RemoveDirectoryW(dir);

  /* A semaphore with CreateSemaphoreEx. */
  HANDLE sem = CreateSemaphoreExW(NULL, 1, 2, NULL, 0, SEMAPHORE_ALL_ACCESS);
  DWORD w1 = WaitForSingleObject(sem, 0), w2 = WaitForSingleObject(sem, 0);
  printf("CreateSemaphoreEx: %d, waits %lu %lu\n", sem != NULL, w1, w2);

  /* The image's NT headers. */
  ImageNtHeader_fn nt_header = (ImageNtHeader_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlImageNtHeader");
  BYTE* base = (BYTE*)GetModuleHandleW(NULL);
  PVOID own = nt_header(base), other = nt_header(buf);
  printf("RtlImageNtHeader: %d, of something else %d\n", own == base + ((IMAGE_DOS_HEADER*)base)->e_lfanew, other == NULL);

  /* Not a packaged app. */
  UINT32 size = 0;
  PackageId_fn package = (PackageId_fn)GetProcAddress(k32, "GetCurrentPackageId");
  printf("package id: %ld\n", package(&size, NULL));
  return 0;
}
