/* Software restriction policies with no rule set: the default level, levels and the tokens they give
 * (the same token, or a restricted one), the policy's information, and what only administrators may
 * change. */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <winsafer.h>
#include <stdio.h>

int main(void) {
  DWORD value[8], needed = 0;
  BOOL r = SaferGetPolicyInformation(SAFER_SCOPEID_MACHINE, SaferPolicyDefaultLevel, sizeof value, value, &needed, NULL);
  printf("policy: default level: %d 0x%lx (%lu bytes)\n", r, value[0], needed);
  r = SaferGetPolicyInformation(SAFER_SCOPEID_MACHINE, SaferPolicyLevelList, sizeof value, value, &needed, NULL);
  printf("policy: levels: %d %lu:", r, needed / 4);
  for (DWORD i = 0; r && i < needed / 4; i++) printf(" 0x%lx", value[i]);
  printf("\n");
  SAFER_LEVEL_HANDLE level = NULL;
  r = SaferCreateLevel(SAFER_SCOPEID_USER, SAFER_LEVELID_NORMALUSER, SAFER_LEVEL_OPEN, &level, NULL);
  printf("SaferCreateLevel(normal user): %d\n", r);
  HANDLE token = (HANDLE)1;
  r = SaferComputeTokenFromLevel(level, NULL, &token, SAFER_TOKEN_NULL_IF_EQUAL, NULL);
  printf("SaferComputeTokenFromLevel(null if equal): %d token %s\n", r, token ? "a token" : "NULL");
  SaferCloseLevel(level);
  r = SaferCreateLevel(SAFER_SCOPEID_USER, SAFER_LEVELID_CONSTRAINED, SAFER_LEVEL_OPEN, &level, NULL);
  r = SaferComputeTokenFromLevel(level, NULL, &token, 0, NULL);
  printf("restricted: SaferComputeTokenFromLevel(constrained): %d restricted %d\n", r, token ? IsTokenRestricted(token) : -1);
  if (token) CloseHandle(token);
  SetLastError(0);
  r = SaferSetLevelInformation(level, SaferObjectFriendlyName, (void *)L"x", 4);
  printf("restricted: SaferSetLevelInformation: %d error %lu\n", r, GetLastError());
  SaferCloseLevel(level);
  SetLastError(0);
  r = SaferCreateLevel(SAFER_SCOPEID_USER, 0x12345, SAFER_LEVEL_OPEN, &level, NULL);
  printf("SaferCreateLevel(no such level): %d error %lu\n", r, GetLastError());
  SAFER_CODE_PROPERTIES props = {sizeof props, SAFER_CRITERIA_IMAGEPATH};
  props.ImagePath = L"C:\\windows\\notepad.exe";
  r = SaferIdentifyLevel(1, &props, &level, NULL);
  printf("SaferIdentifyLevel: %d\n", r);
  if (r) SaferCloseLevel(level);
  return 0;
}
