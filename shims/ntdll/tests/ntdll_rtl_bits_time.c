/* NTDLL's bitmaps, memory helpers, CRC-32, RtlUniform and RtlRandom, access masks and LUIDs, and
 * time: TIME_FIELDS both ways, seconds since 1970 and 1980, elapsed times, local time (round
 * trips only: the zone is the host's), the clocks. Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  ULONG SizeOfBitMap;
  ULONG* Buffer;
} BITMAP_;
typedef struct {
  ULONG StartingIndex, NumberOfBits;
} RUN_;
typedef struct {
  SHORT Year, Month, Day, Hour, Minute, Second, Milliseconds, Weekday;
} FIELDS_;

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(void, RtlInitializeBitMap, (BITMAP_*, ULONG*, ULONG))
FN(void, RtlSetAllBits, (BITMAP_*))
FN(void, RtlClearAllBits, (BITMAP_*))
FN(void, RtlSetBits, (BITMAP_*, ULONG, ULONG))
FN(void, RtlClearBits, (BITMAP_*, ULONG, ULONG))
FN(BOOLEAN, RtlAreBitsSet, (BITMAP_*, ULONG, ULONG))
FN(BOOLEAN, RtlAreBitsClear, (BITMAP_*, ULONG, ULONG))
FN(ULONG, RtlFindSetBits, (BITMAP_*, ULONG, ULONG))
FN(ULONG, RtlFindClearBits, (BITMAP_*, ULONG, ULONG))
FN(ULONG, RtlFindSetBitsAndClear, (BITMAP_*, ULONG, ULONG))
FN(ULONG, RtlFindClearBitsAndSet, (BITMAP_*, ULONG, ULONG))
FN(ULONG, RtlNumberOfSetBits, (BITMAP_*))
FN(ULONG, RtlNumberOfClearBits, (BITMAP_*))
FN(CCHAR, RtlFindMostSignificantBit, (ULONGLONG))
FN(CCHAR, RtlFindLeastSignificantBit, (ULONGLONG))
FN(ULONG, RtlFindNextForwardRunSet, (BITMAP_*, ULONG, ULONG*))
FN(ULONG, RtlFindNextForwardRunClear, (BITMAP_*, ULONG, ULONG*))
FN(ULONG, RtlFindSetRuns, (BITMAP_*, RUN_*, ULONG, BOOLEAN))
FN(ULONG, RtlFindClearRuns, (BITMAP_*, RUN_*, ULONG, BOOLEAN))
FN(ULONG, RtlFindLongestRunSet, (BITMAP_*, ULONG*))
FN(ULONG, RtlFindLongestRunClear, (BITMAP_*, ULONG*))
FN(SIZE_T, RtlCompareMemory, (const void*, const void*, SIZE_T))
FN(SIZE_T, RtlCompareMemoryUlong, (void*, SIZE_T, ULONG))
FN(void, RtlFillMemory, (void*, SIZE_T, BYTE))
FN(void, RtlFillMemoryUlong, (void*, ULONG, ULONG))
FN(void, RtlMoveMemory, (void*, const void*, SIZE_T))
FN(ULONG, RtlComputeCrc32, (ULONG, const BYTE*, INT))
FN(ULONG, RtlUniform, (ULONG*))
FN(ULONG, RtlRandom, (ULONG*))
FN(ULONG, RtlRandomEx, (ULONG*))
FN(BOOLEAN, RtlAreAllAccessesGranted, (ACCESS_MASK, ACCESS_MASK))
FN(BOOLEAN, RtlAreAnyAccessesGranted, (ACCESS_MASK, ACCESS_MASK))
FN(void, RtlMapGenericMask, (ACCESS_MASK*, const GENERIC_MAPPING*))
FN(BOOLEAN, RtlEqualLuid, (const LUID*, const LUID*))
FN(void, RtlCopyLuid, (LUID*, const LUID*))
FN(void, RtlTimeToTimeFields, (const LARGE_INTEGER*, FIELDS_*))
FN(BOOLEAN, RtlTimeFieldsToTime, (FIELDS_*, LARGE_INTEGER*))
FN(void, RtlTimeToElapsedTimeFields, (const LARGE_INTEGER*, FIELDS_*))
FN(BOOLEAN, RtlTimeToSecondsSince1970, (const LARGE_INTEGER*, ULONG*))
FN(BOOLEAN, RtlTimeToSecondsSince1980, (const LARGE_INTEGER*, ULONG*))
FN(void, RtlSecondsSince1970ToTime, (ULONG, LARGE_INTEGER*))
FN(void, RtlSecondsSince1980ToTime, (ULONG, LARGE_INTEGER*))
FN(LONG, RtlLocalTimeToSystemTime, (const LARGE_INTEGER*, LARGE_INTEGER*))
FN(LONG, RtlSystemTimeToLocalTime, (const LARGE_INTEGER*, LARGE_INTEGER*))
FN(LONG, NtQuerySystemTime, (LARGE_INTEGER*))
FN(LONG, NtQueryPerformanceCounter, (LARGE_INTEGER*, LARGE_INTEGER*))
FN(BOOL, RtlQueryPerformanceFrequency, (LARGE_INTEGER*))
FN(ULONG, NtGetTickCount, (void))
FN(LONGLONG, RtlGetSystemTimePrecise, (void))
FN(LONG, ZwQuerySystemTime, (LARGE_INTEGER*))

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

static ULONG bits[4];
static BITMAP_ bm;

static void show_map(const char* label) {
  printf("%s %08lx %08lx\n", label, bits[0], bits[1]);
}
static void show_fields(const char* label, const FIELDS_* f) {
  printf("%s %d-%d-%d %d:%d:%d.%d weekday %d\n", label, f->Year, f->Month, f->Day, f->Hour, f->Minute, f->Second,
         f->Milliseconds, f->Weekday);
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(RtlInitializeBitMap); GET(RtlSetAllBits); GET(RtlClearAllBits); GET(RtlSetBits); GET(RtlClearBits);
  GET(RtlAreBitsSet); GET(RtlAreBitsClear); GET(RtlFindSetBits); GET(RtlFindClearBits); GET(RtlFindSetBitsAndClear);
  GET(RtlFindClearBitsAndSet); GET(RtlNumberOfSetBits); GET(RtlNumberOfClearBits); GET(RtlFindMostSignificantBit);
  GET(RtlFindLeastSignificantBit); GET(RtlFindNextForwardRunSet); GET(RtlFindNextForwardRunClear); GET(RtlFindSetRuns);
  GET(RtlFindClearRuns); GET(RtlFindLongestRunSet); GET(RtlFindLongestRunClear); GET(RtlCompareMemory);
  GET(RtlCompareMemoryUlong); GET(RtlFillMemory); GET(RtlFillMemoryUlong); GET(RtlMoveMemory); GET(RtlComputeCrc32);
  GET(RtlUniform); GET(RtlRandom); GET(RtlRandomEx); GET(RtlAreAllAccessesGranted); GET(RtlAreAnyAccessesGranted);
  GET(RtlMapGenericMask); GET(RtlEqualLuid); GET(RtlCopyLuid); GET(RtlTimeToTimeFields); GET(RtlTimeFieldsToTime);
  GET(RtlTimeToElapsedTimeFields); GET(RtlTimeToSecondsSince1970); GET(RtlTimeToSecondsSince1980);
  GET(RtlSecondsSince1970ToTime); GET(RtlSecondsSince1980ToTime); GET(RtlLocalTimeToSystemTime);
  GET(RtlSystemTimeToLocalTime); GET(NtQuerySystemTime); GET(NtQueryPerformanceCounter);
  GET(RtlQueryPerformanceFrequency); GET(NtGetTickCount); GET(RtlGetSystemTimePrecise); GET(ZwQuerySystemTime);

  /* bitmaps: 50 bits of two ULONGs */
  memset(bits, 0xcc, sizeof bits);
  pRtlInitializeBitMap(&bm, bits, 50);
  printf("RtlInitializeBitMap: size %lu, buffer ok %d\n", bm.SizeOfBitMap, bm.Buffer == bits);
  pRtlClearAllBits(&bm);
  show_map("RtlClearAllBits:");
  pRtlSetAllBits(&bm);
  show_map("RtlSetAllBits:");
  pRtlClearAllBits(&bm);
  pRtlSetBits(&bm, 3, 5);
  pRtlSetBits(&bm, 30, 10);
  pRtlSetBits(&bm, 45, 10); /* past the end: ignored */
  show_map("RtlSetBits:");
  pRtlClearBits(&bm, 32, 2);
  show_map("RtlClearBits:");
  printf("RtlAreBitsSet: %d %d %d %d\n", pRtlAreBitsSet(&bm, 3, 5), pRtlAreBitsSet(&bm, 2, 5), pRtlAreBitsSet(&bm, 34, 6),
         pRtlAreBitsSet(&bm, 3, 0));
  printf("RtlAreBitsClear: %d %d %d\n", pRtlAreBitsClear(&bm, 8, 22), pRtlAreBitsClear(&bm, 8, 23),
         pRtlAreBitsClear(&bm, 40, 11));
  printf("RtlNumberOfSetBits: %lu, clear %lu\n", pRtlNumberOfSetBits(&bm), pRtlNumberOfClearBits(&bm));
  printf("RtlFindSetBits: %lu %lu %lu %ld\n", pRtlFindSetBits(&bm, 3, 0), pRtlFindSetBits(&bm, 3, 10),
         pRtlFindSetBits(&bm, 6, 0), (long)pRtlFindSetBits(&bm, 7, 0));
  printf("RtlFindSetBits (hint past the last run): %lu\n", pRtlFindSetBits(&bm, 2, 45));
  printf("RtlFindClearBits: %lu %lu %lu\n", pRtlFindClearBits(&bm, 4, 0), pRtlFindClearBits(&bm, 4, 20),
         pRtlFindClearBits(&bm, 10, 0));
  printf("RtlFindClearBitsAndSet: %lu", pRtlFindClearBitsAndSet(&bm, 2, 0));
  show_map("");
  printf("RtlFindSetBitsAndClear: %lu", pRtlFindSetBitsAndClear(&bm, 4, 0));
  show_map("");
  ULONG start = 0xdead, n;
  n = pRtlFindNextForwardRunSet(&bm, 0, &start);
  printf("RtlFindNextForwardRunSet: %lu at %lu\n", n, start);
  n = pRtlFindNextForwardRunSet(&bm, 35, &start);
  printf("RtlFindNextForwardRunSet(35): %lu at %lu\n", n, start);
  n = pRtlFindNextForwardRunClear(&bm, 2, &start);
  printf("RtlFindNextForwardRunClear(2): %lu at %lu\n", n, start);
  RUN_ runs[4];
  memset(runs, 0, sizeof runs);
  n = pRtlFindSetRuns(&bm, runs, 4, FALSE);
  printf("RtlFindSetRuns: %lu:", n);
  for (ULONG i = 0; i < n; ++i) printf(" %lu+%lu", runs[i].StartingIndex, runs[i].NumberOfBits);
  printf("\n");
  n = pRtlFindClearRuns(&bm, runs, 2, FALSE);
  printf("RtlFindClearRuns: %lu:", n);
  for (ULONG i = 0; i < n; ++i) printf(" %lu+%lu", runs[i].StartingIndex, runs[i].NumberOfBits);
  printf("\n");
  n = pRtlFindLongestRunSet(&bm, &start);
  printf("RtlFindLongestRunSet: %lu at %lu\n", n, start);
  n = pRtlFindLongestRunClear(&bm, &start);
  printf("RtlFindLongestRunClear: %lu at %lu\n", n, start);
  printf("RtlFindMostSignificantBit: %d %d %d\n", pRtlFindMostSignificantBit(0), pRtlFindMostSignificantBit(1),
         pRtlFindMostSignificantBit(0x8000000000001000ULL));
  printf("RtlFindLeastSignificantBit: %d %d %d\n", pRtlFindLeastSignificantBit(0), pRtlFindLeastSignificantBit(0x50),
         pRtlFindLeastSignificantBit(0x100000000ULL));

  /* memory */
  char a[16] = "abcdefgh", b[16] = "abcdXfgh";
  printf("RtlCompareMemory: %lu %lu\n", (unsigned long)pRtlCompareMemory(a, b, 8), (unsigned long)pRtlCompareMemory(a, a, 8));
  ULONG words[4] = {7, 7, 7, 8};
  printf("RtlCompareMemoryUlong: %lu %lu\n", (unsigned long)pRtlCompareMemoryUlong(words, 16, 7),
         (unsigned long)pRtlCompareMemoryUlong(words, 11, 7));
  pRtlFillMemory(a, 5, 'z');
  printf("RtlFillMemory: %s\n", a);
  pRtlFillMemoryUlong(words, 10, 0x11223344);
  printf("RtlFillMemoryUlong: %08lx %08lx %08lx %08lx\n", words[0], words[1], words[2], words[3]);
  pRtlMoveMemory(a + 2, a, 6);
  printf("RtlMoveMemory: %s\n", a);
  printf("RtlComputeCrc32: %08lx %08lx %08lx\n", pRtlComputeCrc32(0, (const BYTE*)"123456789", 9),
         pRtlComputeCrc32(pRtlComputeCrc32(0, (const BYTE*)"1234", 4), (const BYTE*)"56789", 5),
         pRtlComputeCrc32(0xffffffff, (const BYTE*)"", 0));
  ULONG seed = 0;
  printf("RtlUniform:");
  for (int i = 0; i < 4; ++i) printf(" %08lx", pRtlUniform(&seed));
  seed = 0x7fffffff;
  printf(" %08lx", pRtlUniform(&seed));
  seed = 0xffffffff;
  printf(" %08lx\n", pRtlUniform(&seed));
  seed = 12345;
  ULONG r = pRtlRandom(&seed);
  printf("RtlRandom: in range %d, seed %08lx\n", r < 0x7fffffff, seed);
  r = pRtlRandomEx(&seed);
  printf("RtlRandomEx: in range %d\n", r < 0x7fffffff);
  printf("RtlAreAllAccessesGranted: %d %d\n", pRtlAreAllAccessesGranted(0x7, 0x3), pRtlAreAllAccessesGranted(0x7, 0x9));
  printf("RtlAreAnyAccessesGranted: %d %d\n", pRtlAreAnyAccessesGranted(0x7, 0x9), pRtlAreAnyAccessesGranted(0x7, 0x8));
  GENERIC_MAPPING gm = {0x100, 0x200, 0x400, 0x800};
  ACCESS_MASK mask = GENERIC_READ | GENERIC_EXECUTE | 0x1;
  pRtlMapGenericMask(&mask, &gm);
  printf("RtlMapGenericMask: %08lx\n", mask);
  LUID l1 = {5, 6}, l2 = {0, 0};
  pRtlCopyLuid(&l2, &l1);
  printf("RtlCopyLuid: %lu %ld, equal %d\n", l2.LowPart, l2.HighPart, pRtlEqualLuid(&l1, &l2));

  /* time */
  LARGE_INTEGER t, t2;
  FIELDS_ f;
  t.QuadPart = 0;
  pRtlTimeToTimeFields(&t, &f);
  show_fields("RtlTimeToTimeFields(0):", &f);
  t.QuadPart = 133497405123456789LL; /* 2024-01-15 ... */
  pRtlTimeToTimeFields(&t, &f);
  show_fields("RtlTimeToTimeFields:", &f);
  printf("RtlTimeFieldsToTime: %d", pRtlTimeFieldsToTime(&f, &t2));
  printf(" %lld\n", t2.QuadPart);
  FIELDS_ leapday = {2000, 2, 29, 23, 59, 59, 999, 0}, bad = {2001, 4, 31, 0, 0, 0, 0, 0}, old = {1600, 12, 31, 0, 0, 0, 0, 0};
  printf("RtlTimeFieldsToTime(2000-02-29): %d", pRtlTimeFieldsToTime(&leapday, &t2));
  printf(" %lld\n", t2.QuadPart);
  printf("RtlTimeFieldsToTime(2001-04-31): %d\n", pRtlTimeFieldsToTime(&bad, &t2));
  printf("RtlTimeFieldsToTime(1600-12-31): %d\n", pRtlTimeFieldsToTime(&old, &t2));
  t.QuadPart = 1234567891234LL;
  memset(&f, 0x7f, sizeof f);
  pRtlTimeToElapsedTimeFields(&t, &f);
  show_fields("RtlTimeToElapsedTimeFields:", &f);
  ULONG secs = 0;
  t.QuadPart = 133497405123456789LL;
  printf("RtlTimeToSecondsSince1970: %d", pRtlTimeToSecondsSince1970(&t, &secs));
  printf(" %lu\n", secs);
  printf("RtlTimeToSecondsSince1980: %d", pRtlTimeToSecondsSince1980(&t, &secs));
  printf(" %lu\n", secs);
  t.QuadPart = 10000000;
  printf("RtlTimeToSecondsSince1970(1601): %d\n", pRtlTimeToSecondsSince1970(&t, &secs));
  pRtlSecondsSince1970ToTime(1700000000, &t);
  printf("RtlSecondsSince1970ToTime: %lld\n", t.QuadPart);
  pRtlSecondsSince1980ToTime(1, &t);
  printf("RtlSecondsSince1980ToTime: %lld\n", t.QuadPart);
  t.QuadPart = 133497405123456789LL;
  pRtlSystemTimeToLocalTime(&t, &t2);
  LARGE_INTEGER back;
  pRtlLocalTimeToSystemTime(&t2, &back);
  printf("local time round trip: %d\n", back.QuadPart == t.QuadPart);
  LARGE_INTEGER now, now2, counter, freq;
  printf("NtQuerySystemTime: 0x%lx", pNtQuerySystemTime(&now));
  pZwQuerySystemTime(&now2);
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  printf(", within a second of GetSystemTimeAsFileTime %d, ZwQuerySystemTime too %d\n",
         (((LONGLONG)ft.dwHighDateTime << 32 | ft.dwLowDateTime) - now.QuadPart) < 10000000,
         now2.QuadPart - now.QuadPart < 10000000);
  LONGLONG precise = pRtlGetSystemTimePrecise();
  printf("RtlGetSystemTimePrecise: after %d\n", precise >= now.QuadPart);
  printf("NtQueryPerformanceCounter: 0x%lx", pNtQueryPerformanceCounter(&counter, &freq));
  LARGE_INTEGER qpf;
  QueryPerformanceFrequency(&qpf);
  printf(", frequency as QueryPerformanceFrequency's %d\n", freq.QuadPart == qpf.QuadPart);
  printf("RtlQueryPerformanceFrequency: %d", pRtlQueryPerformanceFrequency(&freq));
  printf(" same %d\n", freq.QuadPart == qpf.QuadPart);
  ULONG tick = pNtGetTickCount(), tick2 = GetTickCount();
  printf("NtGetTickCount: near GetTickCount %d\n", tick2 - tick < 1000);
  return 0;
}
