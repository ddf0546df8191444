/* What current Go and Rust runtimes and Node ask of Windows at start-up, besides the C runtime:
 * functions looked up by name (found, missing: NULL and ERROR_PROC_NOT_FOUND, by ordinal), the
 * FIPS mode query of Go 1.24's crypto, ProcessPrng, the precise system time, the time zone of a
 * given year and its dynamic form. Values that depend on the host's time zone are compared
 * with each other, not printed. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG(WINAPI* FipsMode_fn)(BOOLEAN*);
typedef BOOL(WINAPI* ProcessPrng_fn)(PBYTE, SIZE_T);
typedef void(WINAPI* PreciseTime_fn)(FILETIME*);
typedef BOOL(WINAPI* ZoneForYear_fn)(USHORT, void*, TIME_ZONE_INFORMATION*);
typedef DWORD(WINAPI* DynamicZone_fn)(void*);

/* DYNAMIC_TIME_ZONE_INFORMATION as Windows lays it out (mingw-w64's headers may lack it). */
typedef struct {
  TIME_ZONE_INFORMATION tzi;
  WCHAR TimeZoneKeyName[128];
  BOOLEAN DynamicDaylightTimeDisabled;
} DynamicZone;

static ULONGLONG ft64(FILETIME f) { return (ULONGLONG)f.dwHighDateTime << 32 | f.dwLowDateTime; }

static int same_zone(const TIME_ZONE_INFORMATION* a, const TIME_ZONE_INFORMATION* b) {
  return a->Bias == b->Bias && a->StandardBias == b->StandardBias && a->DaylightBias == b->DaylightBias &&
         memcmp(&a->StandardDate, &b->StandardDate, sizeof a->StandardDate) == 0 &&
         memcmp(&a->DaylightDate, &b->DaylightDate, sizeof a->DaylightDate) == 0 &&
         wcscmp(a->StandardName, b->StandardName) == 0;
}

int main(void) {
  HMODULE k32 = GetModuleHandleA("kernel32.dll"), bcrypt = LoadLibraryA("bcrypt.dll");
  HMODULE prims = LoadLibraryA("bcryptprimitives.dll");
  printf("loaded: bcrypt %d, bcryptprimitives %d\n", bcrypt != NULL, prims != NULL);

  SetLastError(0);
  FARPROC missing = GetProcAddress(k32, "NoSuchFunctionAnywhere");
  printf("missing: %d, error %lu\n", missing == NULL, GetLastError());
  SetLastError(0);
  missing = GetProcAddress(k32, (LPCSTR)(ULONG_PTR)65000);
  printf("missing ordinal: %d, error %lu\n", missing == NULL, GetLastError());
  HMODULE none = GetModuleHandleA("no_such_module.dll");
  printf("module not loaded: %d, error %lu\n", none == NULL, GetLastError());

  FipsMode_fn fips = (FipsMode_fn)GetProcAddress(bcrypt, "BCryptGetFipsAlgorithmMode");
  BOOLEAN enabled = 7;
  LONG status = fips ? fips(&enabled) : -1;
  printf("FIPS mode: status 0x%lx, enabled %d\n", (unsigned long)status, enabled);
  printf("FIPS mode without a pointer: 0x%lx\n", fips ? (unsigned long)fips(NULL) : 0ul);

  ProcessPrng_fn prng = (ProcessPrng_fn)GetProcAddress(prims, "ProcessPrng");
  BYTE a[32] = {0}, b[32] = {0};
  BOOL ok = prng && prng(a, sizeof a) && prng(b, sizeof b);
  printf("ProcessPrng: %d, two draws differ %d\n", ok, memcmp(a, b, sizeof a) != 0);

  PreciseTime_fn precise = (PreciseTime_fn)GetProcAddress(k32, "GetSystemTimePreciseAsFileTime");
  FILETIME coarse, fine;
  GetSystemTimeAsFileTime(&coarse);
  precise(&fine);
  LONGLONG apart = (LONGLONG)(ft64(fine) - ft64(coarse));
  printf("precise time within 100 ms of the system time: %d\n", apart > -1000000 && apart < 1000000);

  TIME_ZONE_INFORMATION now, year;
  DWORD id = GetTimeZoneInformation(&now);
  ZoneForYear_fn for_year = (ZoneForYear_fn)GetProcAddress(k32, "GetTimeZoneInformationForYear");
  memset(&year, 0x55, sizeof year);
  BOOL got = for_year(2024, NULL, &year);
  printf("zone for 2024: %d, the same rules as now: %d\n", got, same_zone(&now, &year));
  DynamicZone dz;
  memset(&dz, 0x55, sizeof dz);
  DWORD dyn_id = ((DynamicZone_fn)GetProcAddress(k32, "GetDynamicTimeZoneInformation"))(&dz);
  printf("dynamic zone: same id %d, same rules %d, a key name %d\n", dyn_id == id, same_zone(&now, &dz.tzi),
         dz.TimeZoneKeyName[0] != 0 && wcslen(dz.TimeZoneKeyName) < 128);
  memset(&year, 0x55, sizeof year);
  got = for_year(2030, &dz, &year);
  printf("the dynamic zone's rules for 2030: %d, the same: %d\n", got, same_zone(&dz.tzi, &year));
  return 0;
}
