/* What the national language support enumerates and tells of en-US: the Gregorian calendar's
 * facts (GetCalendarInfo, SetCalendarInfo, EnumCalendarInfo*), date and time pictures
 * (EnumDateFormats*, EnumTimeFormats*), UI languages, language groups, code pages, preferred UI
 * languages, the sorting's version, FindNLSString and FindStringOrdinal, GetGeoInfoEx, and the
 * locale facts LOCALE_IDATE and LOCALE_ILDATE. */
#include <windows.h>
#include <winnls.h>

int WINAPI GetGeoInfoEx(PWSTR location, GEOTYPE type, PWSTR data, int size);

#include <stdio.h>

static int calls;
static BOOL CALLBACK cal_w(LPWSTR s) { printf("  cal [%ls]\n", s); return ++calls < 100; }
static BOOL CALLBACK cal_a(LPSTR s) { printf("  calA [%s]\n", s); return TRUE; }
static BOOL CALLBACK cal_ex(LPWSTR s, CALID id) { printf("  calEx [%ls] %lu\n", s, id); return TRUE; }
static BOOL CALLBACK cal_exex(LPWSTR s, CALID id, LPWSTR reserved, LPARAM l) { printf("  calExEx [%ls] %lu %ld\n", s, id, (long)l); return TRUE; }
static BOOL CALLBACK date_w(LPWSTR s) { printf("  date [%ls]\n", s); return TRUE; }
static BOOL CALLBACK date_first(LPWSTR s) { printf("  first date [%ls]\n", s); return FALSE; }
static BOOL CALLBACK date_a(LPSTR s) { printf("  dateA [%s]\n", s); return TRUE; }
static BOOL CALLBACK date_ex(LPWSTR s, CALID id) { printf("  dateEx [%ls] %lu\n", s, id); return TRUE; }
static BOOL CALLBACK date_exex(LPWSTR s, CALID id, LPARAM l) { printf("  dateExEx [%ls] %lu %ld\n", s, id, (long)l); return TRUE; }
static BOOL CALLBACK time_w(LPWSTR s) { printf("  time [%ls]\n", s); return TRUE; }
static BOOL CALLBACK time_ex(LPWSTR s, LPARAM l) { printf("  timeEx [%ls] %ld\n", s, (long)l); return TRUE; }
static int ui_count;
static BOOL CALLBACK ui_w(LPWSTR s, LONG_PTR l) {
  if (!lstrcmpW(s, L"en-US")) printf("  ui [%ls] %ld\n", s, (long)l);
  ++ui_count;
  return TRUE;
}
static BOOL CALLBACK group_w(LGRPID id, LPWSTR s, LPWSTR name, DWORD f, LONG_PTR l) {
  if (id == 1) printf("  group %lu [%ls] [%ls] %lx %ld\n", id, s, name, f, (long)l);
  return TRUE;
}
static BOOL CALLBACK group_locale(LGRPID id, LCID lcid, LPWSTR s, LONG_PTR l) {
  if (lcid == 0x409) printf("  group locale %lu %lx [%ls] %ld\n", id, lcid, s, (long)l);
  return TRUE;
}
static int utf8_seen, ascii_seen;
static BOOL CALLBACK code_page(LPWSTR s) {
  if (!lstrcmpW(s, L"65001")) utf8_seen = 1;
  if (!lstrcmpW(s, L"20127")) ascii_seen = 1;
  return TRUE;
}

static void calendar(void) {
  WCHAR buf[64];
  char abuf[64];
  DWORD v = 0;
  const CALTYPE types[] = {CAL_ICALINTVALUE, CAL_SCALNAME, CAL_IYEAROFFSETRANGE, CAL_SERASTRING, CAL_SSHORTDATE,
                           CAL_SLONGDATE, CAL_SDAYNAME1, CAL_SDAYNAME7, CAL_SABBREVDAYNAME3, CAL_SMONTHNAME1,
                           CAL_SMONTHNAME12, CAL_SMONTHNAME13, CAL_SABBREVMONTHNAME9, CAL_SYEARMONTH,
                           CAL_ITWODIGITYEARMAX, CAL_SSHORTESTDAYNAME1, CAL_SMONTHDAY, CAL_SABBREVERASTRING};
  for (unsigned i = 0; i < sizeof types / sizeof *types; ++i) {
    int n = GetCalendarInfoW(0x409, CAL_GREGORIAN, types[i], buf, 64, NULL);
    printf("calendar %#lx: %d [%ls]\n", types[i], n, n ? buf : L"");
  }
  printf("CAL_ITWODIGITYEARMAX number %d", GetCalendarInfoW(0x409, CAL_GREGORIAN, CAL_ITWODIGITYEARMAX | CAL_RETURN_NUMBER, NULL, 0, &v));
  printf(" %lu\n", v);
  printf("CAL_ICALINTVALUE number A %d", GetCalendarInfoA(0x409, CAL_GREGORIAN, CAL_ICALINTVALUE | CAL_RETURN_NUMBER, NULL, 0, &v));
  printf(" %lu\n", v);
  SetLastError(0);
  printf("CAL_SCALNAME number %d err %lu\n", GetCalendarInfoW(0x409, CAL_GREGORIAN, CAL_SCALNAME | CAL_RETURN_NUMBER, NULL, 0, &v), GetLastError());
  printf("size query %d\n", GetCalendarInfoW(0x409, CAL_GREGORIAN, CAL_SCALNAME, NULL, 0, NULL));
  SetLastError(0);
  printf("too small %d err %lu\n", GetCalendarInfoW(0x409, CAL_GREGORIAN, CAL_SCALNAME, buf, 3, NULL), GetLastError());
  printf("A %d", GetCalendarInfoA(LOCALE_USER_DEFAULT, CAL_GREGORIAN, CAL_SMONTHNAME2, abuf, 64, NULL));
  printf(" [%s]\n", abuf);
  printf("Ex %d", GetCalendarInfoEx(L"en-US", CAL_GREGORIAN, NULL, CAL_SDAYNAME2, buf, 64, NULL));
  printf(" [%ls]\n", buf);
  printf("SetCalendarInfoW %d\n", SetCalendarInfoW(0x409, CAL_GREGORIAN, CAL_ITWODIGITYEARMAX, L"2039"));
  GetCalendarInfoW(0x409, CAL_GREGORIAN, CAL_ITWODIGITYEARMAX, buf, 64, NULL);
  printf("after [%ls]\n", buf);
  SetCalendarInfoW(0x409, CAL_GREGORIAN, CAL_ITWODIGITYEARMAX, L"2049");
  SetLastError(0);
  printf("SetCalendarInfoW(name) %d err %lu\n", SetCalendarInfoW(0x409, CAL_GREGORIAN, CAL_SCALNAME, L"x"), GetLastError());
  printf("EnumCalendarInfoW\n");
  EnumCalendarInfoW(cal_w, 0x409, ENUM_ALL_CALENDARS, CAL_SCALNAME);
  EnumCalendarInfoW(cal_w, 0x409, CAL_GREGORIAN, CAL_SMONTHNAME3);
  EnumCalendarInfoA(cal_a, 0x409, CAL_GREGORIAN, CAL_SSHORTDATE);
  EnumCalendarInfoExW(cal_ex, 0x409, ENUM_ALL_CALENDARS, CAL_SLONGDATE);
  EnumCalendarInfoExEx(cal_exex, L"en-US", ENUM_ALL_CALENDARS, NULL, CAL_SYEARMONTH, 42);
  SetLastError(0);
  printf("EnumCalendarInfoW(NULL) %d err %lu\n", EnumCalendarInfoW(NULL, 0x409, 1, CAL_SCALNAME), GetLastError());
}

static void formats(void) {
  printf("EnumDateFormatsW short %d\n", EnumDateFormatsW(date_w, 0x409, DATE_SHORTDATE));
  printf("EnumDateFormatsW long %d\n", EnumDateFormatsW(date_w, 0x409, DATE_LONGDATE));
  printf("EnumDateFormatsW yearmonth %d\n", EnumDateFormatsW(date_w, 0x409, DATE_YEARMONTH));
  printf("EnumDateFormatsW stop %d\n", EnumDateFormatsW(date_first, 0x409, DATE_LONGDATE));
  printf("EnumDateFormatsA %d\n", EnumDateFormatsA(date_a, 0x409, DATE_SHORTDATE));
  printf("EnumDateFormatsExW %d\n", EnumDateFormatsExW(date_ex, 0x409, DATE_LONGDATE));
  printf("EnumDateFormatsExEx %d\n", EnumDateFormatsExEx(date_exex, L"en-US", DATE_SHORTDATE, 7));
  printf("EnumTimeFormatsW %d\n", EnumTimeFormatsW(time_w, 0x409, 0));
  printf("EnumTimeFormatsW no seconds %d\n", EnumTimeFormatsW(time_w, 0x409, TIME_NOSECONDS));
  printf("EnumTimeFormatsEx %d\n", EnumTimeFormatsEx(time_ex, L"en-US", 0, 9));
  WCHAR lb[16];
  printf("LOCALE_IDATE %d", GetLocaleInfoEx(L"en-US", LOCALE_IDATE, lb, 16));
  printf(" [%ls]\n", lb);
  printf("LOCALE_ILDATE %d", GetLocaleInfoEx(L"en-US", LOCALE_ILDATE, lb, 16));
  printf(" [%ls]\n", lb);
}

static void languages(void) {
  printf("EnumUILanguagesW name %d\n", EnumUILanguagesW(ui_w, MUI_LANGUAGE_NAME, 5));
  printf("some %d\n", ui_count > 0);
  printf("EnumSystemLanguageGroupsW %d\n", EnumSystemLanguageGroupsW(group_w, LGRPID_INSTALLED, 3));
  printf("EnumLanguageGroupLocalesW %d\n", EnumLanguageGroupLocalesW(group_locale, 1, 0, 4));
  printf("IsValidLanguageGroup %d %d\n", IsValidLanguageGroup(1, LGRPID_INSTALLED), IsValidLanguageGroup(99, LGRPID_SUPPORTED));
  printf("EnumSystemCodePagesW %d utf-8 %d ascii %d\n", EnumSystemCodePagesW(code_page, CP_INSTALLED), utf8_seen, ascii_seen);
  WCHAR b[64];
  ULONG n = 0, size = 64;
  BOOL r = GetUserPreferredUILanguages(MUI_LANGUAGE_NAME, &n, b, &size);
  printf("GetUserPreferredUILanguages %d count %lu size %lu [%ls]\n", r, n, size, b);
  n = 0, size = 64;
  r = GetSystemPreferredUILanguages(MUI_LANGUAGE_ID, &n, b, &size);
  printf("GetSystemPreferredUILanguages id %d count %lu size %lu [%ls]\n", r, n, size, b);
  n = 0, size = 0;
  r = GetThreadPreferredUILanguages(MUI_LANGUAGE_NAME | MUI_MERGE_USER_FALLBACK, &n, NULL, &size);
  printf("GetThreadPreferredUILanguages size query %d count %lu size %lu\n", r, n, size);
  n = 0, size = 2;
  SetLastError(0);
  r = GetProcessPreferredUILanguages(MUI_LANGUAGE_NAME, &n, b, &size);
  printf("GetProcessPreferredUILanguages small %d err %lu size %lu\n", r, GetLastError(), size);
  printf("SetProcessPreferredUILanguages %d\n", SetProcessPreferredUILanguages(MUI_LANGUAGE_NAME, L"en-US\0", &n));
  printf("GetThreadUILanguage %x SetThreadUILanguage(0) %x\n", GetThreadUILanguage(), SetThreadUILanguage(0));
  printf("ConvertDefaultLocale %lx %lx %lx %lx\n", ConvertDefaultLocale(LOCALE_NEUTRAL), ConvertDefaultLocale(LOCALE_USER_DEFAULT),
         ConvertDefaultLocale(LOCALE_SYSTEM_DEFAULT), ConvertDefaultLocale(0x407));
  printf("GetSystemDefaultLocaleName %d", GetSystemDefaultLocaleName(b, 64));
  printf(" [%ls]\n", b);
  NLSVERSIONINFOEX v = {sizeof v};
  r = GetNLSVersionEx(COMPARE_STRING, L"en-US", &v);
  printf("GetNLSVersionEx %d version %lx defined %lx id %lx\n", r, v.dwNLSVersion, v.dwDefinedVersion, v.dwEffectiveId);
  printf("IsValidNLSVersion %d\n", IsValidNLSVersion(COMPARE_STRING, L"en-US", &v));
  NLSVERSIONINFO v1 = {sizeof v1};
  printf("GetNLSVersion %d %lx\n", GetNLSVersion(COMPARE_STRING, 0x409, &v1), v1.dwNLSVersion);
  printf("IsNLSDefinedString %d %d %d\n", IsNLSDefinedString(COMPARE_STRING, 0, NULL, L"abc", 3),
         IsNLSDefinedString(COMPARE_STRING, 0, NULL, L"a\xffff", 2), IsNLSDefinedString(COMPARE_STRING, 0, NULL, L"a\xd800", 2));
  WCHAR g[16];
  printf("GetGeoInfoEx ISO3 %d", GetGeoInfoEx(L"US", GEO_ISO3, g, 16));
  printf(" [%ls]\n", g);
}

static void find(void) {
  int found = -5;
  int i = FindNLSStringEx(L"en-US", FIND_FROMSTART, L"Hello World", -1, L"o", 1, &found, NULL, NULL, 0);
  printf("FindNLSStringEx from start %d found %d\n", i, found);
  i = FindNLSStringEx(L"en-US", FIND_FROMEND, L"Hello World", -1, L"o", 1, &found, NULL, NULL, 0);
  printf("FindNLSStringEx from end %d found %d\n", i, found);
  i = FindNLSStringEx(L"en-US", FIND_STARTSWITH | NORM_IGNORECASE, L"Hello World", -1, L"HELLO", -1, &found, NULL, NULL, 0);
  printf("FindNLSStringEx starts with %d found %d\n", i, found);
  i = FindNLSStringEx(L"en-US", FIND_ENDSWITH, L"Hello World", -1, L"World", -1, &found, NULL, NULL, 0);
  printf("FindNLSStringEx ends with %d found %d\n", i, found);
  SetLastError(0);
  i = FindNLSStringEx(L"en-US", FIND_FROMSTART, L"Hello", -1, L"x", 1, &found, NULL, NULL, 0);
  printf("FindNLSStringEx none %d err %lu\n", i, GetLastError());
  i = FindNLSString(0x409, FIND_FROMSTART, L"abcabc", 6, L"ca", 2, &found);
  printf("FindNLSString %d found %d\n", i, found);
  SetLastError(5);
  i = FindStringOrdinal(FIND_FROMEND, L"abcABC", -1, L"abc", -1, TRUE);
  printf("FindStringOrdinal %d err %lu\n", i, GetLastError());
  printf("FindStringOrdinal case %d\n", FindStringOrdinal(FIND_FROMSTART, L"abcABC", -1, L"BC", -1, FALSE));
  SetLastError(5);
  i = FindStringOrdinal(FIND_STARTSWITH, L"abcABC", -1, L"x", -1, FALSE);
  printf("FindStringOrdinal none %d err %lu\n", i, GetLastError());
}

int main(void) {
  calendar();
  formats();
  languages();
  find();
  return 0;
}
