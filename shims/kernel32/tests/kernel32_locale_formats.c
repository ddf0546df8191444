/* Locale names and dates and times as text in the en-US locale, as C runtimes and MSVC's STL ask
 * for them: LCIDToLocaleName, LocaleNameToLCID, EnumSystemLocalesEx, GetDateFormat(Ex) and
 * GetTimeFormat(Ex) with the locale's formats, with pictures and with their flags. Expected output:
 * wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef int(WINAPI* LcidToName_fn)(LCID, LPWSTR, int, DWORD);
typedef LCID(WINAPI* NameToLcid_fn)(LPCWSTR, DWORD);
typedef int(WINAPI* DateEx_fn)(LPCWSTR, DWORD, const SYSTEMTIME*, LPCWSTR, LPWSTR, int, LPCWSTR);
typedef int(WINAPI* TimeEx_fn)(LPCWSTR, DWORD, const SYSTEMTIME*, LPCWSTR, LPWSTR, int);
typedef BOOL(WINAPI* EnumEx_fn)(LOCALE_ENUMPROCEX, DWORD, LPARAM, LPVOID);

static int seen_en_us;
static BOOL CALLBACK on_locale(LPWSTR name, DWORD flags, LPARAM lparam) {
  (void)flags;
  if (wcscmp(name, L"en-US") == 0) seen_en_us = (int)lparam;
  return TRUE;
}

int main(void) {
  HMODULE k32 = GetModuleHandleA("kernel32.dll");
  LcidToName_fn to_name = (LcidToName_fn)GetProcAddress(k32, "LCIDToLocaleName");
  NameToLcid_fn to_lcid = (NameToLcid_fn)GetProcAddress(k32, "LocaleNameToLCID");
  DateEx_fn date_ex = (DateEx_fn)GetProcAddress(k32, "GetDateFormatEx");
  TimeEx_fn time_ex = (TimeEx_fn)GetProcAddress(k32, "GetTimeFormatEx");
  EnumEx_fn enum_ex = (EnumEx_fn)GetProcAddress(k32, "EnumSystemLocalesEx");

  WCHAR name[LOCALE_NAME_MAX_LENGTH];
  int n = to_name(0x0409, name, LOCALE_NAME_MAX_LENGTH, 0);
  printf("0x0409: %d %ls, size asked %d\n", n, name, to_name(0x0409, NULL, 0, 0));
  printf("en-US: 0x%lx, en-us 0x%lx\n", (unsigned long)to_lcid(L"en-US", 0), (unsigned long)to_lcid(L"en-us", 0));
  enum_ex(on_locale, 0 /* LOCALE_ALL */, 42, NULL);
  printf("EnumSystemLocalesEx lists en-US: %d\n", seen_en_us);

  SYSTEMTIME st = {2024, 3, 0, 5, 14, 7, 9, 0}; /* 5 March 2024, 14:07:09; the weekday is left 0 */
  WCHAR out[128];
  const struct {
    DWORD flags;
    const WCHAR* picture;
  } dates[] = {{DATE_SHORTDATE, NULL}, {DATE_LONGDATE, NULL}, {0, L"ddd',' MMM dd yy"}, {0, L"dddd, MMMM d, yyyy g"},
               {0, L"d/M/y 'o''clock' yyy"}};
  for (size_t i = 0; i < sizeof dates / sizeof *dates; ++i) {
    n = GetDateFormatW(0x0409, dates[i].flags, &st, dates[i].picture, out, 128);
    printf("date %zu: %d [%ls]\n", i, n, n ? out : L"");
  }
  n = date_ex(L"en-US", DATE_SHORTDATE, &st, NULL, out, 128, NULL);
  printf("GetDateFormatEx: %d [%ls], size asked %d\n", n, out, date_ex(L"en-US", DATE_SHORTDATE, &st, NULL, NULL, 0, NULL));
  SYSTEMTIME bad = {2023, 2, 0, 30, 0, 0, 0, 0};
  SetLastError(0);
  n = GetDateFormatW(0x0409, 0, &bad, NULL, out, 128);
  printf("30 February: %d, error %lu\n", n, GetLastError());
  SetLastError(0);
  n = GetDateFormatW(0x0409, 0, &st, NULL, out, 3);
  printf("too small: %d, error %lu\n", n, GetLastError());

  const struct {
    DWORD flags;
    const WCHAR* picture;
  } times[] = {{0, NULL},
               {TIME_NOSECONDS, NULL},
               {TIME_NOMINUTESORSECONDS, NULL},
               {TIME_NOTIMEMARKER, NULL},
               {TIME_FORCE24HOURFORMAT, NULL},
               {0, L"HH':'mm':'ss"},
               {0, L"hh 'h' m 'min' t"}};
  for (size_t i = 0; i < sizeof times / sizeof *times; ++i) {
    n = GetTimeFormatW(0x0409, times[i].flags, &st, times[i].picture, out, 128);
    printf("time %zu: %d [%ls]\n", i, n, n ? out : L"");
  }
  st.wHour = 0;
  n = time_ex(L"en-US", 0, &st, NULL, out, 128);
  printf("GetTimeFormatEx at midnight: %d [%ls]\n", n, out);
  char narrow[64];
  n = GetDateFormatA(0x0409, DATE_LONGDATE, &st, NULL, narrow, 64);
  printf("GetDateFormatA: %d [%s]\n", n, narrow);
  return 0;
}
