/* The computer's names as an unprivileged process may set them (SetComputerName*), a DNS host
 * name's NetBIOS name (DnsHostnameToComputerName), and the environment replaced whole
 * (SetEnvironmentStrings). */
#include <windows.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  SetLastError(0);
  BOOL r = SetComputerNameExW(ComputerNamePhysicalDnsFullyQualified, L"x.example.com");
  printf("SetComputerNameExW(fully qualified) %d err %lu\n", r, GetLastError());
  WCHAR w[64];
  char a[64];
  DWORD size = 64;
  r = DnsHostnameToComputerNameW(L"build-host_7", w, &size);
  printf("DnsHostnameToComputerNameW %d size %lu [%ls]\n", r, size, w);
  size = 64;
  r = DnsHostnameToComputerNameA("averyveryverylongname", a, &size);
  printf("DnsHostnameToComputerNameA %d size %lu [%s]\n", r, size, a);
  size = 3;
  SetLastError(0);
  r = DnsHostnameToComputerNameW(L"abcdef", w, &size);
  printf("DnsHostnameToComputerNameW small %d err %lu size %lu\n", r, GetLastError(), size);

  char value[64];
  SetEnvironmentVariableA("POLYRUN_KEEP", "1");
  SetLastError(0);
  r = SetEnvironmentStringsW((WCHAR*)L"A=1\0=bad\0");
  printf("SetEnvironmentStringsW(bad) %d err %lu, kept %lu\n", r, GetLastError(), GetEnvironmentVariableA("POLYRUN_KEEP", value, 64));
  r = SetEnvironmentStringsW((WCHAR*)L"ALPHA=one\0BETA=two=2\0");
  printf("SetEnvironmentStringsW %d\n", r);
  DWORD n = GetEnvironmentVariableA("BETA", value, 64);
  printf("BETA %lu [%s], POLYRUN_KEEP %lu\n", n, value, GetEnvironmentVariableA("POLYRUN_KEEP", value, 64));
  r = SetEnvironmentStringsA((char*)"GAMMA=3\0");
  n = GetEnvironmentVariableA("GAMMA", value, 64);
  printf("SetEnvironmentStringsA %d GAMMA %lu [%s] ALPHA %lu\n", r, n, value, GetEnvironmentVariableA("ALPHA", value, 64));
  return 0;
}
