/* Performance counters: a provider of this process, its counter set, instances (their blocks: size,
 * id, name, the slots of by-reference counters), and a consumer's query, which sees no counter set
 * installed on the machine. */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <perflib.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  GUID CounterSetGuid;
  ULONG Status, Size, CounterId, InstanceId, Index, Reserved;
} COUNTER_ID;  /* COUNTER_ID */
typedef struct {
  ULONG dwTotalSize, dwNumCounters;
  LONGLONG PerfTimeStamp, PerfTime100NSec, PerfFreq;
  SYSTEMTIME SystemTime;
} DATA_HEADER;  /* DATA_HEADER */

static const GUID provider_guid = {0x51f8a6b9, 0x1b2c, 0x4d3e, {1, 2, 3, 4, 5, 6, 7, 8}};
static const GUID set_guid = {0x51f8a6ba, 0x1b2c, 0x4d3e, {1, 2, 3, 4, 5, 6, 7, 8}};

int main(void) {
  HMODULE advapi = LoadLibraryA("advapi32.dll");
  ULONG(WINAPI * start)(GUID *, PERFLIBREQUEST, HANDLE *) = (void *)GetProcAddress(advapi, "PerfStartProvider");
  ULONG(WINAPI * set_info)(HANDLE, PERF_COUNTERSET_INFO *, ULONG) = (void *)GetProcAddress(advapi, "PerfSetCounterSetInfo");
  PERF_COUNTERSET_INSTANCE *(WINAPI * create)(HANDLE, const GUID *, const WCHAR *, ULONG) =
      (void *)GetProcAddress(advapi, "PerfCreateInstance");
  ULONG(WINAPI * del)(HANDLE, PERF_COUNTERSET_INSTANCE *) = (void *)GetProcAddress(advapi, "PerfDeleteInstance");
  ULONG(WINAPI * set_ref)(HANDLE, PERF_COUNTERSET_INSTANCE *, ULONG, void *) = (void *)GetProcAddress(advapi, "PerfSetCounterRefValue");
  ULONG(WINAPI * stop)(HANDLE) = (void *)GetProcAddress(advapi, "PerfStopProvider");
  ULONG(WINAPI * open_query)(const WCHAR *, HANDLE *) = (void *)GetProcAddress(advapi, "PerfOpenQueryHandle");
  ULONG(WINAPI * add)(HANDLE, COUNTER_ID *, DWORD) = (void *)GetProcAddress(advapi, "PerfAddCounters");
  ULONG(WINAPI * query)(HANDLE, DATA_HEADER *, DWORD, DWORD *) = (void *)GetProcAddress(advapi, "PerfQueryCounterData");
  ULONG(WINAPI * close_query)(HANDLE) = (void *)GetProcAddress(advapi, "PerfCloseQueryHandle");

  HANDLE prov = NULL;
  ULONG e = start((GUID *)&provider_guid, NULL, &prov);
  printf("PerfStartProvider: %lu\n", e);
  struct {
    PERF_COUNTERSET_INFO set;
    PERF_COUNTER_INFO counters[2];
  } t;
  memset(&t, 0, sizeof t);
  t.set.CounterSetGuid = set_guid;
  t.set.ProviderGuid = provider_guid;
  t.set.NumCounters = 2;
  t.set.InstanceType = 2 /* PERF_COUNTERSET_MULTI_INSTANCES */;
  t.counters[0].CounterId = 1;
  t.counters[0].Type = 0x10000;
  t.counters[0].Attrib = 1;
  t.counters[0].Size = sizeof(DWORD);
  t.counters[1].CounterId = 2;
  t.counters[1].Type = 0x10100;
  t.counters[1].Size = sizeof(ULONGLONG);
  e = set_info(prov, &t.set, sizeof t);
  printf("PerfSetCounterSetInfo: %lu\n", e);
  e = set_info(prov, &t.set, sizeof t);
  printf("PerfSetCounterSetInfo(again): %lu\n", e);
  e = set_info(prov, &t.set, sizeof t.set);
  printf("PerfSetCounterSetInfo(too small): %lu\n", e);
  PERF_COUNTERSET_INSTANCE *inst = create(prov, &set_guid, L"first", 7);
  printf("PerfCreateInstance: %s size %lu id %lu name at %lu size %lu name %ls\n", inst ? "a block" : "NULL", inst->dwSize,
         inst->InstanceId, inst->InstanceNameOffset, inst->InstanceNameSize,
         (WCHAR *)((BYTE *)inst + inst->InstanceNameOffset));
  SetLastError(0);
  PERF_COUNTERSET_INSTANCE *twin = create(prov, &set_guid, L"second", 7);
  printf("PerfCreateInstance(same id): %s error %lu\n", twin ? "a block" : "NULL", GetLastError());
  SetLastError(0);
  twin = create(prov, &provider_guid, L"x", 1);
  printf("PerfCreateInstance(no such set): %s error %lu\n", twin ? "a block" : "NULL", GetLastError());
  DWORD value = 42;
  e = set_ref(prov, inst, 1, &value);
  printf("PerfSetCounterRefValue: %lu slot holds it %d\n", e, *(DWORD **)((BYTE *)(inst + 1)) == &value);
  e = set_ref(prov, inst, 9, &value);
  printf("PerfSetCounterRefValue(no such counter): %lu\n", e);
  e = del(prov, inst);
  printf("PerfDeleteInstance: %lu\n", e);
  e = stop(prov);
  printf("PerfStopProvider: %lu\n", e);

  HANDLE q = NULL;
  e = open_query(NULL, &q);
  printf("PerfOpenQueryHandle: %lu\n", e);
  struct {
    COUNTER_ID id;
    WCHAR name[8];
  } ask;
  memset(&ask, 0, sizeof ask);
  ask.id.CounterSetGuid = set_guid;
  ask.id.Size = sizeof ask;
  ask.id.CounterId = 0xffffffff;
  ask.id.InstanceId = 0xffffffff;
  e = add(q, &ask.id, sizeof ask);
  printf("PerfAddCounters: %lu status %lu\n", e, ask.id.Status);
  DWORD needed = 0;
  e = query(q, NULL, 0, &needed);
  printf("PerfQueryCounterData(no buffer): %lu needed %lu\n", e, needed);
  BYTE data[256];
  e = query(q, (DATA_HEADER *)data, sizeof data, &needed);
  printf("PerfQueryCounterData: %lu total %lu counters %lu\n", e, ((DATA_HEADER *)data)->dwTotalSize,
         ((DATA_HEADER *)data)->dwNumCounters);
  e = close_query(q);
  printf("PerfCloseQueryHandle: %lu\n", e);
  return 0;
}
