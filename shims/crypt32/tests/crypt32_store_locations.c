// CRYPT32's CertEnumSystemStoreLocation: every system store location with its flags, then an
// enumeration its callback stops at the third (FALSE, with the callback's last error). wine 8.0
// has no CertEnumSystemStoreLocation: the expected output is Microsoft's (Microsoft Learn,
// "CertEnumSystemStoreLocation", "System Store Locations": the locations' names and
// CERT_SYSTEM_STORE_*_ID << CERT_SYSTEM_STORE_LOCATION_SHIFT).
// Links: -lcrypt32
#include <stdio.h>
#include <windows.h>
#include <wincrypt.h>

typedef BOOL(WINAPI* EnumLocations)(DWORD, void*, PFN_CERT_ENUM_SYSTEM_STORE_LOCATION);

static int seen;

static BOOL WINAPI show(LPCWSTR name, DWORD flags, void* reserved, void* arg) {
  printf("  %ls: flags %#lx (location %lu), reserved %d, arg %s\n", name, flags,
         (flags & CERT_SYSTEM_STORE_LOCATION_MASK) >> CERT_SYSTEM_STORE_LOCATION_SHIFT, reserved != NULL, (char*)arg);
  return TRUE;
}

static BOOL WINAPI stop_at_third(LPCWSTR name, DWORD flags, void* reserved, void* arg) {
  (void)flags, (void)reserved, (void)arg;
  if (++seen == 3) {
    SetLastError(ERROR_CANCELLED);
    return FALSE;
  }
  printf("  %ls\n", name);
  return TRUE;
}

int main(void) {
  EnumLocations enum_locations = (EnumLocations)GetProcAddress(LoadLibraryA("crypt32.dll"), "CertEnumSystemStoreLocation");
  printf("CertEnumSystemStoreLocation: %s\n", enum_locations ? "found" : "missing");
  if (!enum_locations) return 1;
  BOOL ok = enum_locations(0, "the arg", show);
  printf("all: %d\n", ok);
  SetLastError(0);
  ok = enum_locations(0, NULL, stop_at_third);
  printf("stopped at the third: %d, error %lu\n", ok, GetLastError());
  return 0;
}
