/* NETAPI32's NetStatisticsGet: the workstation's and the server's statistics (SERVICE_WORKSTATION
 * and SERVICE_SERVER: LanmanWorkstation and LanmanServer; the names in another case), their start in the past,
 * their counters, and the errors of a level, options and a service it does not take. */
// Links: -lnetapi32
#include <windows.h>
#include <lm.h>
#include <stdio.h>
#include <time.h>

int main(void) {
  printf("sizeof STAT_WORKSTATION_0 %u, STAT_SERVER_0 %u\n", (unsigned)sizeof(STAT_WORKSTATION_0), (unsigned)sizeof(STAT_SERVER_0));
  FILETIME now;
  GetSystemTimeAsFileTime(&now);
  ULONGLONG now100 = ((ULONGLONG)now.dwHighDateTime << 32) | now.dwLowDateTime;
  const wchar_t* names[] = {L"LanmanWorkstation", L"lanmanworkstation"};
  for (int i = 0; i < 2; ++i) {
    BYTE* buf = NULL;
    NET_API_STATUS s = NetStatisticsGet(NULL, (LPWSTR)names[i], 0, 0, &buf);
    printf("NetStatisticsGet(%ls): %lu", names[i], s);
    if (s == NERR_Success) {
      STAT_WORKSTATION_0* w = (STAT_WORKSTATION_0*)buf;
      ULONGLONG start = (ULONGLONG)w->StatisticsStartTime.QuadPart;
      printf(", started before now %d (and after 2000 %d), bytes received %lld, sent %lld, sessions %lu, use count %lu", start < now100,
             start > 125911584000000000ull, w->BytesReceived.QuadPart, w->BytesTransmitted.QuadPart, w->Sessions, w->UseCount);
      NetApiBufferFree(buf);
    }
    printf("\n");
  }
  BYTE* buf = NULL;
  NET_API_STATUS s = NetStatisticsGet(NULL, (LPWSTR)L"LanmanServer", 0, 0, &buf);
  printf("NetStatisticsGet(LanmanServer): %lu", s);
  if (s == NERR_Success) {
    STAT_SERVER_0* v = (STAT_SERVER_0*)buf;
    printf(", started before now %d, files opened %lu, bytes sent %lu, received %lu", v->sts0_start <= (DWORD)time(NULL), v->sts0_fopens,
           v->sts0_bytessent_low, v->sts0_bytesrcvd_low);
    NetApiBufferFree(buf);
  }
  printf("\n");
  buf = (BYTE*)1;
  printf("level 1: %lu\n", NetStatisticsGet(NULL, (LPWSTR)L"LanmanWorkstation", 1, 0, &buf));
  printf("options 1: %lu\n", NetStatisticsGet(NULL, (LPWSTR)L"LanmanWorkstation", 0, 1, &buf));
  printf("another service: %lu\n", NetStatisticsGet(NULL, (LPWSTR)L"LanmanBrowser", 0, 0, &buf));
  return 0;
}
