/* Performance counters: a provider's convenience functions over its counters' raw data
 * (PerfSet/Increment/DecrementULongCounterValue and the ULongLong forms) on a by-value counter's
 * slot and through a by-reference counter's variable, 4-byte values wrapping, and their errors. */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <perflib.h>
#include <stdio.h>
#include <string.h>

static const GUID provider_guid = {0x61f8a6b9, 0x1b2c, 0x4d3e, {1, 2, 3, 4, 5, 6, 7, 9}};
static const GUID set_guid = {0x61f8a6ba, 0x1b2c, 0x4d3e, {1, 2, 3, 4, 5, 6, 7, 9}};

typedef ULONG(WINAPI *long_fn)(HANDLE, PERF_COUNTERSET_INSTANCE *, ULONG, ULONG);
typedef ULONG(WINAPI *longlong_fn)(HANDLE, PERF_COUNTERSET_INSTANCE *, ULONG, ULONGLONG);

int main(void) {
  HMODULE advapi = LoadLibraryA("advapi32.dll");
  ULONG(WINAPI * start)(GUID *, PERFLIBREQUEST, HANDLE *) = (void *)GetProcAddress(advapi, "PerfStartProvider");
  ULONG(WINAPI * set_info)(HANDLE, PERF_COUNTERSET_INFO *, ULONG) = (void *)GetProcAddress(advapi, "PerfSetCounterSetInfo");
  PERF_COUNTERSET_INSTANCE *(WINAPI * create)(HANDLE, const GUID *, const WCHAR *, ULONG) =
      (void *)GetProcAddress(advapi, "PerfCreateInstance");
  ULONG(WINAPI * set_ref)(HANDLE, PERF_COUNTERSET_INSTANCE *, ULONG, void *) = (void *)GetProcAddress(advapi, "PerfSetCounterRefValue");
  ULONG(WINAPI * stop)(HANDLE) = (void *)GetProcAddress(advapi, "PerfStopProvider");
  long_fn set32 = (long_fn)GetProcAddress(advapi, "PerfSetULongCounterValue");
  long_fn inc32 = (long_fn)GetProcAddress(advapi, "PerfIncrementULongCounterValue");
  long_fn dec32 = (long_fn)GetProcAddress(advapi, "PerfDecrementULongCounterValue");
  longlong_fn set64 = (longlong_fn)GetProcAddress(advapi, "PerfSetULongLongCounterValue");
  longlong_fn inc64 = (longlong_fn)GetProcAddress(advapi, "PerfIncrementULongLongCounterValue");
  longlong_fn dec64 = (longlong_fn)GetProcAddress(advapi, "PerfDecrementULongLongCounterValue");
  printf("found: %d %d %d %d %d %d\n", !!set32, !!inc32, !!dec32, !!set64, !!inc64, !!dec64);
  if (!set32 || !inc32 || !dec32 || !set64 || !inc64 || !dec64) return 1;

  HANDLE prov = NULL;
  start((GUID *)&provider_guid, NULL, &prov);
  struct {
    PERF_COUNTERSET_INFO set;
    PERF_COUNTER_INFO counters[3];
  } t;
  memset(&t, 0, sizeof t);
  t.set.CounterSetGuid = set_guid;
  t.set.ProviderGuid = provider_guid;
  t.set.NumCounters = 3;
  t.set.InstanceType = 2 /* PERF_COUNTERSET_MULTI_INSTANCES */;
  t.counters[0].CounterId = 1; /* a 4-byte raw count */
  t.counters[0].Type = 0x10000;
  t.counters[0].Size = sizeof(ULONG);
  t.counters[0].Offset = 0;
  t.counters[1].CounterId = 2; /* an 8-byte raw count */
  t.counters[1].Type = 0x10100;
  t.counters[1].Size = sizeof(ULONGLONG);
  t.counters[1].Offset = 8;
  t.counters[2].CounterId = 3; /* a 4-byte count by reference */
  t.counters[2].Type = 0x10000;
  t.counters[2].Attrib = 1 /* PERF_ATTRIB_BY_REFERENCE */;
  t.counters[2].Size = sizeof(ULONG);
  t.counters[2].Offset = 16;
  printf("PerfSetCounterSetInfo: %lu\n", set_info(prov, &t.set, sizeof t));
  PERF_COUNTERSET_INSTANCE *inst = create(prov, &set_guid, L"values", 1);
  BYTE *data = (BYTE *)(inst + 1);

  printf("set 4-byte 7: %lu\n", set32(prov, inst, 1, 7));
  printf("increment by 5: %lu\n", inc32(prov, inst, 1, 5));
  ULONG e = dec32(prov, inst, 1, 2);
  printf("decrement by 2: %lu -> %lu\n", e, *(ULONG *)data);
  set32(prov, inst, 1, 0xfffffffe);
  inc32(prov, inst, 1, 3);
  printf("0xfffffffe + 3 wraps: %lu\n", *(ULONG *)data);
  dec32(prov, inst, 1, 2);
  printf("1 - 2 wraps: 0x%lx\n", *(ULONG *)data);

  printf("set 8-byte 0x100000000: %lu\n", set64(prov, inst, 2, 0x100000000ull));
  inc64(prov, inst, 2, 0x200000005ull);
  dec64(prov, inst, 2, 1);
  printf("plus 0x200000005, minus 1: 0x%llx\n", *(ULONGLONG *)(data + 8));

  ULONG variable = 40;
  printf("set the reference: %lu\n", set_ref(prov, inst, 3, &variable));
  inc32(prov, inst, 3, 2);
  printf("increment by reference: variable %lu, slot still points at it %d\n", variable,
         *(ULONG **)(data + 16) == &variable);

  /* The pages promise a system error code for a failure, not which one. */
  printf("no such counter fails: %d\n", set32(prov, inst, 9, 1) != ERROR_SUCCESS);
  printf("no such instance fails: %d\n", inc64(prov, (PERF_COUNTERSET_INSTANCE *)&t, 2, 1) != ERROR_SUCCESS);
  printf("no provider fails: %d\n", dec32(NULL, inst, 1, 1) != ERROR_SUCCESS);
  printf("PerfStopProvider: %lu\n", stop(prov));
  return 0;
}
