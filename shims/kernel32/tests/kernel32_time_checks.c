/* Clocks: the C runtime's time() and KERNEL32's system time, tick count and performance
 * counter, checked for consistency (no raw values in the output). */
#include <stdio.h>
#include <time.h>
#include <windows.h>

int main(void) {
  time_t t = time(NULL);
  printf("time after 2020: %s\n", t > 1577836800 ? "yes" : "no");
  SYSTEMTIME st;
  GetSystemTime(&st);
  printf("GetSystemTime year plausible: %s\n", st.wYear >= 2020 && st.wMonth >= 1 && st.wMonth <= 12 ? "yes" : "no");
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  SYSTEMTIME back;
  FileTimeToSystemTime(&ft, &back);
  printf("FileTimeToSystemTime agrees: %s\n", back.wYear == st.wYear && back.wMonth == st.wMonth ? "yes" : "no");
  FILETIME again;
  SystemTimeToFileTime(&back, &again);
  ULONGLONG a = ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
  ULONGLONG b = ((ULONGLONG)again.dwHighDateTime << 32) | again.dwLowDateTime;
  printf("round trip within a millisecond: %s\n", a - b < 10000 ? "yes" : "no");
  LARGE_INTEGER f, c0, c1;
  QueryPerformanceFrequency(&f);
  QueryPerformanceCounter(&c0);
  DWORD t0 = GetTickCount();
  Sleep(50);
  QueryPerformanceCounter(&c1);
  double ms = (double)(c1.QuadPart - c0.QuadPart) * 1000.0 / (double)f.QuadPart;
  printf("Sleep(50) took at least 50 ms: %s\n", ms >= 49.0 && ms < 5000 ? "yes" : "no");
  printf("GetTickCount advanced: %s\n", GetTickCount() - t0 >= 40 ? "yes" : "no");
  SYSTEMTIME local;
  GetLocalTime(&local);
  printf("GetLocalTime plausible: %s\n", local.wYear >= 2020 && local.wHour < 24 ? "yes" : "no");
  return 0;
}
