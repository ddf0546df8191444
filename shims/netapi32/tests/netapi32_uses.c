/* NETAPI32's network connections on a machine with none: NetUseEnum at levels 0 to 2 and 3, its
 * counts and buffer, NetUseGetInfo and NetUseDel of a drive that is not mapped, NetUseAdd of a
 * share on a server that cannot be reached. */
// Links: -lnetapi32
#include <windows.h>
#include <lm.h>
#include <stdio.h>

int main(void) {
  for (DWORD level = 0; level <= 3; ++level) {
    BYTE* buffer = (BYTE*)1;
    DWORD read = 77, total = 77, resume = 0;
    NET_API_STATUS s = NetUseEnum(NULL, level, &buffer, MAX_PREFERRED_LENGTH, &read, &total, &resume);
    printf("NetUseEnum level %lu: %lu, read %lu, total %lu, buffer %s\n", level, s, read, total, buffer ? "set" : "NULL");
    if (buffer && buffer != (BYTE*)1) NetApiBufferFree(buffer);
  }
  BYTE* buffer = (BYTE*)1;
  NET_API_STATUS s = NetUseGetInfo(NULL, L"Q:", 1, &buffer);
  printf("NetUseGetInfo(Q:): %lu, buffer %s\n", s, buffer ? "set" : "NULL");
  printf("NetUseDel(Q:): %lu\n", NetUseDel(NULL, L"Q:", USE_NOFORCE));
  USE_INFO_1 u = {0};
  u.ui1_local = L"Q:";
  u.ui1_remote = L"\\\\polyrun-no-such-server\\share";
  u.ui1_asg_type = USE_DISKDEV;
  DWORD parm = 99;
  printf("NetUseAdd(\\\\polyrun-no-such-server\\share): %lu\n", NetUseAdd(NULL, 1, (BYTE*)&u, &parm));
  return 0;
}
