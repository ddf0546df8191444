/* The user's settings a program may change: SetLocaleInfo (and what GetLocaleInfo and
 * GetNumberFormat then give; LOCALE_NOUSEROVERRIDE the locale's own), SetUserGeoID and
 * SetUserGeoName; TermsrvAppInstallMode; memory resource notifications (their state, a wait).
 * Each setting changed is set back: Windows (and wine's prefix) keep them for the user. */
#include <windows.h>

#include <stdio.h>

static FARPROC k32(const char* name) { return GetProcAddress(GetModuleHandleA("kernel32.dll"), name); }

int main(void) {
  char buf[64];
  BOOL r = SetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SDECIMAL, ",");
  GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SDECIMAL, buf, sizeof buf);
  printf("SetLocaleInfoA(SDECIMAL) %d now [%s]\n", r, buf);
  GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SDECIMAL | LOCALE_NOUSEROVERRIDE, buf, sizeof buf);
  printf("without the user's [%s]\n", buf);
  GetNumberFormatA(LOCALE_USER_DEFAULT, 0, "1234.5", NULL, buf, sizeof buf);
  printf("GetNumberFormatA [%s]\n", buf);
  SetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SDECIMAL, ".");
  r = SetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_SSHORTDATE, L"yyyy-MM-dd");
  SYSTEMTIME st = {2024, 3, 0, 5, 0, 0, 0, 0};
  GetDateFormatA(LOCALE_USER_DEFAULT, DATE_SHORTDATE, &st, NULL, buf, sizeof buf);
  printf("SetLocaleInfoW(SSHORTDATE) %d date [%s]\n", r, buf);
  SetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_SSHORTDATE, L"M/d/yyyy");
  SetLastError(0);
  r = SetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SENGLANGUAGE, "Klingon");
  printf("SetLocaleInfoA(SENGLANGUAGE) %d err %lu\n", r, GetLastError());

  printf("SetUserGeoID(244) %d\n", SetUserGeoID(244));
  BOOL(WINAPI * set_geo_name)(PWSTR) = (void*)k32("SetUserGeoName");
  printf("SetUserGeoName(US) %d\n", set_geo_name(L"US"));
  BOOL(WINAPI * install_mode)(void) = (void*)k32("TermsrvAppInstallMode");
  printf("TermsrvAppInstallMode %d\n", install_mode());

  HANDLE high = CreateMemoryResourceNotification(HighMemoryResourceNotification);
  HANDLE low = CreateMemoryResourceNotification(LowMemoryResourceNotification);
  BOOL high_state = 7, low_state = 7;
  QueryMemoryResourceNotification(high, &high_state);
  QueryMemoryResourceNotification(low, &low_state);
  printf("notifications made %d, not both %d\n", high && low, !(high_state && low_state));
  printf("high's wait as its state %d\n", (WaitForSingleObject(high, 0) == WAIT_OBJECT_0) == (high_state != 0));
  SetLastError(0);
  HANDLE bad = CreateMemoryResourceNotification(7);
  printf("CreateMemoryResourceNotification(7) %d err %lu\n", bad != NULL, GetLastError());
  CloseHandle(high);
  CloseHandle(low);
  return 0;
}
