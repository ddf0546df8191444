// PDH's processor time counters (a query, English and localized counter paths, values before and
// after two collections in both formats, removal, closing twice) and
// POWRPROF's CallNtPowerInformation (processor information: one entry a logical processor, too
// small a buffer; the battery state) and a suspend and resume notification registered and ended. The values themselves depend on the machine: only their
// ranges and order are printed.
// Links: -lpdh -lpowrprof
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <pdh.h>
#include <pdhmsg.h>
#include <powrprof.h>

typedef struct {
  ULONG Number, MaxMhz, CurrentMhz, MhzLimit, MaxIdleState, CurrentIdleState;
} PROCESSOR_POWER_INFO;

// (Microsoft's powerbase.h declarations, which mingw-w64's headers lack)
#define DEVICE_NOTIFY_CALLBACK 2
typedef ULONG(CALLBACK* DEVICE_NOTIFY_PROC)(PVOID context, ULONG type, PVOID setting);
typedef struct {
  DEVICE_NOTIFY_PROC Callback;
  PVOID Context;
} DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS;
DWORD WINAPI PowerRegisterSuspendResumeNotification(DWORD flags, HANDLE recipient, PHPOWERNOTIFY registration);
DWORD WINAPI PowerUnregisterSuspendResumeNotification(HPOWERNOTIFY registration);

int main(void) {
  PDH_HQUERY query = NULL;
  PDH_STATUS st = PdhOpenQueryA(NULL, 0, &query);
  printf("PdhOpenQuery: 0x%lx, a handle: %s\n", st, query ? "yes" : "no");
  PDH_HCOUNTER total = NULL, localized = NULL;
  st = PdhAddEnglishCounterW(query, L"\\Processor(_Total)\\% Processor Time", 0, &total);
  printf("PdhAddEnglishCounter: 0x%lx\n", st);
  st = PdhAddCounterA(query, "\\Processor(_Total)\\% Processor Time", 0, &localized);
  printf("PdhAddCounter: 0x%lx\n", st);
  PDH_FMT_COUNTERVALUE v;
  memset(&v, 0, sizeof v);
  st = PdhGetFormattedCounterValue(total, PDH_FMT_DOUBLE, NULL, &v);
  printf("before collecting: 0x%lx, CStatus 0x%lx\n", st, v.CStatus);
  st = PdhCollectQueryData(query);
  printf("PdhCollectQueryData: 0x%lx\n", st);
  st = PdhGetFormattedCounterValue(total, PDH_FMT_DOUBLE, NULL, &v);
  printf("after one: 0x%lx, CStatus 0x%lx\n", st, v.CStatus);
  Sleep(200);
  st = PdhCollectQueryData(query);
  DWORD type = 0;
  st = PdhGetFormattedCounterValue(total, PDH_FMT_DOUBLE, &type, &v);
  printf("after two: 0x%lx, CStatus 0x%lx, in 0..100: %s\n", st, v.CStatus,
         v.doubleValue >= 0 && v.doubleValue <= 100 ? "yes" : "no");
  st = PdhGetFormattedCounterValue(localized, PDH_FMT_LONG, NULL, &v);
  printf("as a long: 0x%lx, in 0..100: %s\n", st, v.longValue >= 0 && v.longValue <= 100 ? "yes" : "no");
  printf("PdhRemoveCounter: 0x%lx\n", PdhRemoveCounter(localized));
  st = PdhCloseQuery(query);
  printf("PdhCloseQuery: 0x%lx\n", st);
  printf("PdhCloseQuery again: 0x%lx\n", PdhCloseQuery(query));

  SYSTEM_INFO si;
  GetSystemInfo(&si);
  PROCESSOR_POWER_INFO* info = calloc(si.dwNumberOfProcessors, sizeof *info);
  LONG s = CallNtPowerInformation(ProcessorInformation, NULL, 0, info, sizeof *info / 2);
  printf("processor information into too little: 0x%lx\n", s);
  s = CallNtPowerInformation(ProcessorInformation, NULL, 0, info, si.dwNumberOfProcessors * sizeof *info);
  int ordered = 1, clocks = 1;
  for (DWORD i = 0; i < si.dwNumberOfProcessors; ++i) {
    ordered &= info[i].Number == i;
    clocks &= info[i].MhzLimit <= info[i].MaxMhz;
  }
  printf("processor information: 0x%lx, numbered in order: %s, limit within the maximum: %s\n", s,
         ordered ? "yes" : "no", clocks ? "yes" : "no");
  SYSTEM_BATTERY_STATE battery;
  memset(&battery, 0xcc, sizeof battery);
  s = CallNtPowerInformation(SystemBatteryState, NULL, 0, &battery, sizeof battery);
  printf("battery state: 0x%lx, flags are booleans: %s\n", s,
         battery.AcOnLine <= 1 && battery.BatteryPresent <= 1 && battery.Charging <= 1 && battery.Discharging <= 1
             ? "yes" : "no");
  DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS params = {NULL, NULL};
  HPOWERNOTIFY registration = NULL;
  DWORD r = PowerRegisterSuspendResumeNotification(DEVICE_NOTIFY_CALLBACK, &params, &registration);
  printf("suspend and resume notification: %lu, a handle: %s\n", r, registration ? "yes" : "no");
  r = PowerUnregisterSuspendResumeNotification(registration);
  printf("unregistered: %lu\n", r);
  return 0;
}
