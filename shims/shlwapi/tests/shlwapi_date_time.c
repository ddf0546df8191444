// SHLWAPI's SHFormatDateTime in both widths, each flag combination held against the same text made
// from KERNEL32's FileTimeToLocalFileTime, GetDateFormat and GetTimeFormat (the locale's formats are
// KERNEL32's to test): ", " after a long date, " " after a short one, no flags pointer as
// FDTF_DEFAULT, the count with the NUL, a small buffer.
#define _WIN32_WINNT 0x0A00
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <shlwapi.h>

typedef int(WINAPI* format_w)(const FILETIME*, DWORD*, WCHAR*, UINT);
typedef int(WINAPI* format_a)(const FILETIME*, DWORD*, char*, UINT);

static void expected(const FILETIME* ft, DWORD flags, WCHAR* out) {
  FILETIME local;
  SYSTEMTIME st;
  FileTimeToLocalFileTime(ft, &local);
  FileTimeToSystemTime(&local, &st);
  out[0] = 0;
  if (flags & (FDTF_LONGDATE | FDTF_SHORTDATE)) {
    GetDateFormatW(LOCALE_USER_DEFAULT, (flags & FDTF_LONGDATE) ? DATE_LONGDATE : DATE_SHORTDATE, &st, NULL, out, 128);
    if (flags & (FDTF_LONGTIME | FDTF_SHORTTIME)) wcscat(out, (flags & FDTF_LONGDATE) ? L", " : L" ");
  }
  if (flags & (FDTF_LONGTIME | FDTF_SHORTTIME))
    GetTimeFormatW(LOCALE_USER_DEFAULT, (flags & FDTF_LONGTIME) ? 0 : TIME_NOSECONDS, &st, NULL, out + wcslen(out), 64);
}

int main(void) {
  HMODULE dll = LoadLibraryA("shlwapi.dll");
  format_w fw = (format_w)GetProcAddress(dll, "SHFormatDateTimeW");
  format_a fa = (format_a)GetProcAddress(dll, "SHFormatDateTimeA");
  printf("found %d %d by number %d %d\n", fw != NULL, fa != NULL, (FARPROC)fa == GetProcAddress(dll, (LPCSTR)353),
         (FARPROC)fw == GetProcAddress(dll, (LPCSTR)354));
  SYSTEMTIME utc = {2021, 3, 0, 14, 15, 9, 26, 535};
  FILETIME ft;
  SystemTimeToFileTime(&utc, &ft);
  static const DWORD flags[] = {FDTF_SHORTDATE, FDTF_LONGDATE, FDTF_SHORTTIME, FDTF_LONGTIME, FDTF_DEFAULT,
                                FDTF_LONGDATE | FDTF_LONGTIME, FDTF_LONGDATE | FDTF_SHORTTIME, FDTF_SHORTDATE | FDTF_LONGTIME, 0};
  for (int i = 0; i < 9; ++i) {
    WCHAR w[128], want[128];
    char a[128], want_a[128];
    DWORD f = flags[i];
    int rw = fw(&ft, &f, w, 128);
    int ra = fa(&ft, &f, a, 128);
    expected(&ft, flags[i], want);
    WideCharToMultiByte(CP_ACP, 0, want, -1, want_a, 128, NULL, NULL);
    // (With no format flag nothing is written: only the count is shown.)
    printf("flags %#lx: W %d same %d A %d same %d\n", flags[i], rw == (int)wcslen(want) + (want[0] ? 1 : 0),
           flags[i] ? !wcscmp(w, want) : 1, ra == (int)strlen(want_a) + (want_a[0] ? 1 : 0), flags[i] ? !strcmp(a, want_a) : 1);
  }
  WCHAR w[128], want[128];
  int r = fw(&ft, NULL, w, 128);
  expected(&ft, FDTF_DEFAULT, want);
  printf("no flags %d %d", r == (int)wcslen(want) + 1, !wcscmp(w, want));
  WCHAR small[5];
  DWORD f = FDTF_SHORTDATE;
  r = fw(&ft, &f, small, 5);
  printf(" small %d null %d zero %d\n", r, fw(&ft, &f, NULL, 10), fw(&ft, &f, w, 0));

  return 0;
}
