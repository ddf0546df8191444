/* CryptoAPI's provider types and default providers: CryptEnumProviderTypes, CryptGetDefaultProvider
 * (the machine's and the user's), CryptSetProvider(Ex) for the user, and what needs an administrator
 * (the machine's default). */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <wincrypt.h>
#include <stdio.h>

int main(void) {
  char name[256];
  DWORD type, size;
  for (DWORD i = 0;; i++) {
    size = sizeof name;
    SetLastError(0);
    if (!CryptEnumProviderTypesA(i, NULL, 0, &type, name, &size)) {
      printf("types: CryptEnumProviderTypes(%lu): error %lu\n", i, GetLastError());
      break;
    }
    if (type == PROV_RSA_FULL || type == PROV_RSA_AES) printf("type %lu: %s\n", type, name);
    if (i > 20) break;
  }
  size = sizeof name;
  BOOL r = CryptGetDefaultProviderA(PROV_RSA_FULL, NULL, CRYPT_MACHINE_DEFAULT, name, &size);
  printf("strong: CryptGetDefaultProvider(RSA full, machine): %d %s\n", r, name);
  size = sizeof name;
  r = CryptGetDefaultProviderA(PROV_RSA_AES, NULL, 0, name, &size);
  printf("CryptGetDefaultProvider(RSA AES): %d %s\n", r, name);
  size = 4;
  SetLastError(0);
  r = CryptGetDefaultProviderA(PROV_RSA_FULL, NULL, CRYPT_MACHINE_DEFAULT, name, &size);
  printf("CryptGetDefaultProvider(4 bytes): %d error %lu\n", r, GetLastError());
  size = sizeof name;
  SetLastError(0);
  r = CryptGetDefaultProviderA(999, NULL, CRYPT_MACHINE_DEFAULT, name, &size);
  printf("CryptGetDefaultProvider(type 999): %d error 0x%lx\n", r, GetLastError());
  r = CryptSetProviderA(MS_ENHANCED_PROV_A, PROV_RSA_FULL);
  size = sizeof name;
  CryptGetDefaultProviderA(PROV_RSA_FULL, NULL, CRYPT_USER_DEFAULT, name, &size);
  printf("CryptSetProvider(enhanced): %d user default now %s\n", r, name);
  r = CryptSetProviderExA(MS_ENHANCED_PROV_A, PROV_RSA_FULL, NULL, CRYPT_USER_DEFAULT | CRYPT_DELETE_DEFAULT);
  size = sizeof name;
  name[0] = 0;
  CryptGetDefaultProviderA(PROV_RSA_FULL, NULL, CRYPT_USER_DEFAULT, name, &size);
  printf("CryptSetProviderEx(delete the user's): %d user default now %s\n", r, name);
  SetLastError(0);
  r = CryptGetDefaultProviderA(PROV_RSA_FULL, NULL, CRYPT_USER_DEFAULT, name, &size);
  printf("CryptGetDefaultProvider(user, none set): %d error 0x%lx\n", r, GetLastError());
  SetLastError(0);
  r = CryptSetProviderExA(MS_ENHANCED_PROV_A, PROV_RSA_FULL, NULL, CRYPT_MACHINE_DEFAULT);
  printf("machine: CryptSetProviderEx(machine default): %d error %lu\n", r, GetLastError());
  return 0;
}
