/* Names in the directory's formats on a computer joined to no domain: the user's (GetUserNameEx:
 * the workgroup's formats, the size rules, the directory's formats unmapped), the computer's
 * (GetComputerObjectName) and another account's (TranslateName), A and W. */
// Links: -lsecur32
#define SECURITY_WIN32
#include <windows.h>
#include <security.h>
#include <stdio.h>
#include <wchar.h>

int main(void) {
  WCHAR w[256];
  char a[256];
  ULONG n = 0;
  SetLastError(0);
  BOOLEAN ok = GetUserNameExW(NameSamCompatible, NULL, &n);
  ULONG need = n;
  printf("GetUserNameExW(NameSamCompatible, no buffer): %d error %lu, a size given %d\n", ok, GetLastError(), need > 1);
  n = need - 1;
  ok = GetUserNameExW(NameSamCompatible, w, &n);
  printf("one short: %d error %lu, the same size again %d\n", ok, GetLastError(), n == need);
  n = 256;
  ok = GetUserNameExW(NameSamCompatible, w, &n);
  printf("enough: %d, size without the NUL %d, has a backslash %d\n", ok, n == need - 1 && wcslen(w) == n,
         wcschr(w, L'\\') != NULL);
  n = 256;
  ok = GetUserNameExA(NameSamCompatible, a, &n);
  printf("GetUserNameExA: %d, the same length %d\n", ok, n == need - 1);
  static const EXTENDED_NAME_FORMAT directory[] = {NameFullyQualifiedDN, NameUniqueId, NameCanonical,
                                                   NameUserPrincipal, NameCanonicalEx, NameServicePrincipal,
                                                   NameDnsDomain};
  for (int i = 0; i < 7; ++i) {
    n = 256;
    SetLastError(0);
    ok = GetUserNameExW(directory[i], w, &n);
    printf("GetUserNameExW(%d): %d error %lu\n", directory[i], ok, GetLastError());
  }

  for (int f = NameFullyQualifiedDN; f <= NameDnsDomain; ++f) {
    if (f == 4 || f == 5 || f == 11) continue;
    n = 256;
    SetLastError(0);
    ok = GetComputerObjectNameW((EXTENDED_NAME_FORMAT)f, w, &n);
    printf("GetComputerObjectNameW(%d): %d error %lu\n", f, ok, GetLastError());
  }
  n = 256;
  SetLastError(0);
  ok = GetComputerObjectNameA(NameSamCompatible, a, &n);
  printf("GetComputerObjectNameA(NameSamCompatible): %d error %lu\n", ok, GetLastError());

  n = 256;
  SetLastError(0);
  ok = TranslateNameW(L"WORKGROUP\\someone", NameSamCompatible, NameFullyQualifiedDN, w, &n);
  printf("TranslateNameW(NameSamCompatible to NameFullyQualifiedDN): %d error %lu\n", ok, GetLastError());
  n = 256;
  SetLastError(0);
  ok = TranslateNameA("someone@example.com", NameUserPrincipal, NameSamCompatible, a, &n);
  printf("TranslateNameA(NameUserPrincipal to NameSamCompatible): %d error %lu\n", ok, GetLastError());
  return 0;
}
