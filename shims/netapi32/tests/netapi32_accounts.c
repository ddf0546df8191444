// NETAPI32's view of the machine's accounts, as Go's os/user asks it: the workgroup
// (NetGetJoinInformation), the user GetUserName names through NetUserGetInfo at each level, the
// user among NetUserEnum's accounts, NetUserGetLocalGroups, NetWkstaGetInfo, the buffer functions,
// and the errors of an account that does not exist and of a level not offered.
// Links: -lnetapi32 -lsecur32
#include <windows.h>
#include <lm.h>
#define SECURITY_WIN32
#include <secext.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int main(void) {
  wchar_t user[256];
  DWORD size = 256;
  GetUserNameW(user, &size);

  LPWSTR name = NULL;
  NETSETUP_JOIN_STATUS status;
  NET_API_STATUS r = NetGetJoinInformation(NULL, &name, &status);
  printf("NetGetJoinInformation: %lu, status %d, name %ls\n", r, status, name ? name : L"(none)");
  NetApiBufferFree(name);

  USER_INFO_0* u0 = NULL;
  r = NetUserGetInfo(NULL, user, 0, (LPBYTE*)&u0);
  printf("NetUserGetInfo level 0: %lu, the user's name: %s\n", r, u0 && !wcscmp(u0->usri0_name, user) ? "yes" : "no");
  NetApiBufferFree(u0);
  USER_INFO_1* u1 = NULL;
  r = NetUserGetInfo(NULL, user, 1, (LPBYTE*)&u1);
  printf("NetUserGetInfo level 1: %lu, name: %s, password given: %s, normal account: %s\n", r,
         u1 && !wcscmp(u1->usri1_name, user) ? "yes" : "no", u1 && u1->usri1_password ? "yes" : "no",
         u1 && (u1->usri1_flags & UF_NORMAL_ACCOUNT) ? "yes" : "no");
  NetApiBufferFree(u1);
  USER_INFO_10* u10 = NULL;
  r = NetUserGetInfo(NULL, user, 10, (LPBYTE*)&u10);
  printf("NetUserGetInfo level 10: %lu, name: %s, full name given: %s\n", r,
         u10 && !wcscmp(u10->usri10_name, user) ? "yes" : "no", u10 && u10->usri10_full_name ? "yes" : "no");
  NetApiBufferFree(u10);
  DWORD bytes = 0;
  LPVOID block = NULL;
  r = NetApiBufferAllocate(100, &block);
  NET_API_STATUS sized = NetApiBufferSize(block, &bytes);
  printf("NetApiBufferAllocate: %lu, NetApiBufferSize: %lu, at least 100: %s\n", r, sized, bytes >= 100 ? "yes" : "no");
  printf("NetApiBufferFree: %lu\n", NetApiBufferFree(block));

  r = NetUserGetInfo(NULL, L"polyrun-no-such-user", 0, (LPBYTE*)&u0);
  printf("an account that does not exist: %lu\n", r);
  r = NetUserGetInfo(NULL, user, 7, (LPBYTE*)&u0);
  printf("level 7: %lu\n", r);

  USER_INFO_0* all = NULL;
  DWORD read = 0, total = 0, resume = 0;
  r = NetUserEnum(NULL, 0, FILTER_NORMAL_ACCOUNT, (LPBYTE*)&all, MAX_PREFERRED_LENGTH, &read, &total, &resume);
  int found = 0;
  for (DWORD i = 0; i < read; ++i) found |= !wcscmp(all[i].usri0_name, user);
  printf("NetUserEnum: %lu, read as many as in total: %s, the user among them: %s\n", r, read == total ? "yes" : "no",
         found ? "yes" : "no");
  NetApiBufferFree(all);

  // SECUR32's GetUserNameEx, which Go programs ask too: COMPUTER\user, and no principal name for a
  // local account.
  wchar_t sam[300], expect[300];
  ULONG sam_size = 300;
  BOOLEAN got = GetUserNameExW(NameSamCompatible, sam, &sam_size);
  wchar_t computer_name[64];
  DWORD cn_size = 64;
  GetComputerNameW(computer_name, &cn_size);
  swprintf(expect, 300, L"%ls\\%ls", computer_name, user);
  printf("GetUserNameExW(NameSamCompatible): %d, COMPUTER\\user: %s, length as returned: %s\n", got,
         !_wcsicmp(sam, expect) ? "yes" : "no", sam_size == wcslen(sam) ? "yes" : "no");
  ULONG small = 2;
  SetLastError(0);
  got = GetUserNameExW(NameSamCompatible, sam, &small);
  DWORD small_error = GetLastError();
  printf("into 2 characters: %d, error %lu, size needed as the name and its NUL: %s\n", got, small_error,
         small == wcslen(expect) + 1 ? "yes" : "no");
  ULONG upn_size = 300;
  SetLastError(0);
  got = GetUserNameExW(NameUserPrincipal, sam, &upn_size);
  DWORD upn_error = GetLastError();
  printf("GetUserNameExW(NameUserPrincipal): %d, error %lu\n", got, upn_error);

  WKSTA_INFO_100* w = NULL;
  r = NetWkstaGetInfo(NULL, 100, (LPBYTE*)&w);
  wchar_t computer[64];
  DWORD csize = 64;
  GetComputerNameW(computer, &csize);
  printf("NetWkstaGetInfo 100: %lu, platform %lu, the computer's name: %s, workgroup %ls\n", r,
         w ? w->wki100_platform_id : 0, w && !_wcsicmp(w->wki100_computername, computer) ? "yes" : "no",
         w ? w->wki100_langroup : L"(none)");
  NetApiBufferFree(w);
  return 0;
}
