/* Win32 and C runtime functions real console programs lean on: FormatMessage, events and
 * semaphores, file times and DOS dates, file information and attributes, volumes, affinity and
 * memory status, console control handlers, the process token, BSTRs and VARIANTs, wide strings
 * and the floating-point control word. */
// Links: -ladvapi32 -loleaut32 -luser32
#include <windows.h>
#include <oleauto.h>

#include <float.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#ifndef _SW_INEXACT
#define _SW_INEXACT 0x1 /* float.h's status word bit, not always declared by gcc's float.h */
#endif

static void show_format(DWORD flags, const char* text, DWORD_PTR* args) {
  char buf[128];
  DWORD n = FormatMessageA(flags | FORMAT_MESSAGE_FROM_STRING, text, 0, 0, buf, sizeof buf, (va_list*)args);
  printf("format \"%s\" -> %lu [", text, (unsigned long)n);
  for (DWORD i = 0; i < n; ++i) printf(buf[i] == '\r' ? "\\r" : buf[i] == '\n' ? "\\n" : "%c", buf[i]);
  printf("]\n");
}

static DWORD format_va(char* buf, DWORD size, const char* text, ...) {
  va_list ap;
  va_start(ap, text);
  DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, text, 0, 0, buf, size, &ap);
  va_end(ap);
  return n;
}

static void messages(void) {
  DWORD_PTR args[] = {(DWORD_PTR) "disk", 42, (DWORD_PTR) "x"};
  show_format(FORMAT_MESSAGE_ARGUMENT_ARRAY, "%1 has %2!d! items%n", args);
  show_format(FORMAT_MESSAGE_ARGUMENT_ARRAY, "%2!04x!|%1!-6s!|%3%0 dropped", args);
  show_format(FORMAT_MESSAGE_IGNORE_INSERTS, "keep %1 and %2!d!", NULL);
  show_format(FORMAT_MESSAGE_ARGUMENT_ARRAY, "100%% %t tab", args);
  char buf[64];
  DWORD n = format_va(buf, sizeof buf, "%2 before %1", "one", "two");
  printf("va_list: %lu \"%s\"\n", (unsigned long)n, buf);
  SetLastError(0);
  n = format_va(buf, 4, "%1 is too long", "this");
  printf("small buffer: %lu, error %lu\n", (unsigned long)n, GetLastError());

  char* text = NULL;
  n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                     ERROR_ACCESS_DENIED, 0, (char*)&text, 0, NULL);
  printf("system message 5: %s, ends with CRLF: %s\n", n > 2 ? "found" : "missing",
         n > 2 && text[n - 2] == '\r' && text[n - 1] == '\n' ? "yes" : "no");
  LocalFree(text);
  wchar_t wbuf[128];
  n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL,
                     ERROR_FILE_NOT_FOUND, 0, wbuf, 128, NULL);
  printf("system message 2 folded: %s, ends with CRLF: %s\n", n > 2 ? "found" : "missing",
         n > 2 && wbuf[n - 1] == L'\n' ? "yes" : "no");
  SetLastError(0);
  n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, 0x2345678, 0, buf, 64, NULL);
  printf("unknown system message: %lu, error %lu\n", (unsigned long)n, GetLastError());
  /* COM's HRESULTs have system messages too (7-Zip prints E_NOTIMPL's). */
  static const DWORD com_codes[] = {0x80004001, 0x80004002, 0x80004005, 0x80040154};
  for (int i = 0; i < 4; ++i) {
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, com_codes[i], 0, buf, 64, NULL);
    printf("system message %08lx: %s\n", com_codes[i], n > 2 ? "found" : "missing");
  }
}

static void waitables(void) {
  HANDLE manual = CreateEventA(NULL, TRUE, FALSE, "polyrun-sample-event");
  HANDLE autoev = CreateEventA(NULL, FALSE, TRUE, NULL);
  printf("wait manual unset: %lu\n", WaitForSingleObject(manual, 0));
  SetEvent(manual);
  DWORD w1 = WaitForSingleObject(manual, 0), w2 = WaitForSingleObject(manual, 0);
  printf("wait manual set: %lu %lu\n", w1, w2);
  w1 = WaitForSingleObject(autoev, 0);
  w2 = WaitForSingleObject(autoev, 0);
  printf("wait auto: %lu then %lu\n", w1, w2);
  HANDLE again = OpenEventA(EVENT_ALL_ACCESS, FALSE, "polyrun-sample-event");
  printf("open named: %s\n", again ? "yes" : "no");
  ResetEvent(manual);
  SetEvent(autoev);
  HANDLE both[2] = {manual, autoev};
  printf("wait any: %lu\n", WaitForMultipleObjects(2, both, FALSE, 0));
  printf("wait any, none set: %lu\n", WaitForMultipleObjects(2, both, FALSE, 10));
  SetEvent(manual);
  printf("wait all, one set: %lu\n", WaitForMultipleObjects(2, both, TRUE, 0));
  SetEvent(autoev);
  w1 = WaitForMultipleObjects(2, both, TRUE, 0);
  w2 = WaitForSingleObject(autoev, 0);
  printf("wait all, both set: %lu, auto left %lu\n", w1, w2);
  HANDLE sem = CreateSemaphoreA(NULL, 1, 2, NULL);
  LONG prev = -1;
  BOOL ok = ReleaseSemaphore(sem, 1, &prev);
  printf("semaphore release: %d prev %ld\n", ok, prev);
  SetLastError(0);
  ok = ReleaseSemaphore(sem, 1, &prev);
  printf("semaphore over maximum: %d error %lu\n", ok, GetLastError());
  w1 = WaitForSingleObject(sem, 0);
  w2 = WaitForSingleObject(sem, 0);
  DWORD w3 = WaitForSingleObject(sem, 0);
  printf("semaphore waits: %lu %lu %lu\n", w1, w2, w3);
  CloseHandle(again);
  CloseHandle(manual);
  CloseHandle(autoev);
  CloseHandle(sem);
}

static void times_and_files(void) {
  SYSTEMTIME st = {2024, 2, 0, 29, 13, 45, 31, 0};
  FILETIME ft, back, local;
  SystemTimeToFileTime(&st, &ft);
  WORD date = 0, time = 0;
  FileTimeToDosDateTime(&ft, &date, &time);
  DosDateTimeToFileTime(date, time, &back);
  FileTimeToSystemTime(&back, &st);
  printf("dos date %04x time %04x -> %04d-%02d-%02d %02d:%02d:%02d, compare %ld\n", date, time, st.wYear, st.wMonth,
         st.wDay, st.wHour, st.wMinute, st.wSecond, CompareFileTime(&back, &ft));
  FileTimeToLocalFileTime(&ft, &local);
  LocalFileTimeToFileTime(&local, &back);
  printf("local round trip equal: %s\n", CompareFileTime(&back, &ft) == 0 ? "yes" : "no");

  HANDLE h = CreateFileA("polyrun-sysapi.tmp", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD written;
  WriteFile(h, "0123456789", 10, &written, NULL);
  SetFileTime(h, NULL, &ft, &ft);
  BY_HANDLE_FILE_INFORMATION info;
  GetFileInformationByHandle(h, &info);
  FILETIME w;
  GetFileTime(h, NULL, NULL, &w);
  printf("file info: size %lu links %lu archive %s write time set %s\n", info.nFileSizeLow, info.nNumberOfLinks,
         info.dwFileAttributes & FILE_ATTRIBUTE_ARCHIVE ? "yes" : "no", CompareFileTime(&w, &ft) == 0 ? "yes" : "no");
  CloseHandle(h);
  SetFileAttributesA("polyrun-sysapi.tmp", FILE_ATTRIBUTE_READONLY);
  printf("read-only: %s\n", GetFileAttributesA("polyrun-sysapi.tmp") & FILE_ATTRIBUTE_READONLY ? "yes" : "no");
  SetFileAttributesA("polyrun-sysapi.tmp", FILE_ATTRIBUTE_NORMAL);
  printf("read-only cleared: %s\n", GetFileAttributesA("polyrun-sysapi.tmp") & FILE_ATTRIBUTE_READONLY ? "no" : "yes");
  printf("deleted: %d\n", DeleteFileA("polyrun-sysapi.tmp"));

  char drives[64];
  DWORD n = GetLogicalDriveStringsA(sizeof drives, drives);
  printf("drives (%lu):", (unsigned long)n);
  for (char* d = drives; *d; d += strlen(d) + 1) printf(" %s", d);
  printf("\n");
  ULARGE_INTEGER avail, total, free_bytes;
  BOOL ok = GetDiskFreeSpaceExA(NULL, &avail, &total, &free_bytes);
  printf("free space query: %d, total > 0: %s\n", ok, total.QuadPart > 0 ? "yes" : "no");
}

static BOOL WINAPI on_ctrl(DWORD type) { return type == CTRL_C_EVENT; }

static void process_facts(void) {
  struct {
    STARTUPINFOW si;
    unsigned canary;
  } start;
  start.canary = 0xfeedface;
  GetStartupInfoW(&start.si);
  printf("startup info: size right %s, bytes after it untouched %s\n", start.si.cb == sizeof start.si ? "yes" : "no",
         start.canary == 0xfeedface ? "yes" : "no");
  DWORD_PTR mine = 0, sys = 0;
  GetProcessAffinityMask(GetCurrentProcess(), &mine, &sys);
  printf("affinity: nonzero %s, within system %s\n", mine ? "yes" : "no", (mine & ~sys) == 0 ? "yes" : "no");
  MEMORYSTATUSEX ms = {sizeof ms};
  BOOL ok = GlobalMemoryStatusEx(&ms);
  printf("memory status: %d, physical > 0: %s\n", ok, ms.ullTotalPhys > 0 ? "yes" : "no");
  FILETIME created, exited, kernel, user;
  printf("process times: %d\n", GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user));
  CONSOLE_SCREEN_BUFFER_INFO csbi;
  SetLastError(0);
  ok = GetConsoleScreenBufferInfo(GetStdHandle(STD_OUTPUT_HANDLE), &csbi);
  printf("screen buffer of redirected stdout: %d error %lu\n", ok, GetLastError());
  BOOL added = SetConsoleCtrlHandler(on_ctrl, TRUE), removed = SetConsoleCtrlHandler(on_ctrl, FALSE);
  SetLastError(0);
  ok = SetConsoleCtrlHandler(on_ctrl, FALSE);
  printf("ctrl handler add %d remove %d remove again %d error %lu\n", added, removed, ok, GetLastError());
  HANDLE token;
  LUID luid;
  BOOL opened = OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token);
  BOOL found = LookupPrivilegeValueA(NULL, "SeChangeNotifyPrivilege", &luid);
  printf("token %d, change-notify privilege %d luid %lu\n", opened, found, luid.LowPart);
  SetLastError(0);
  found = LookupPrivilegeValueA(NULL, "SeNoSuchPrivilege", &luid);
  printf("unknown privilege: %d error %lu\n", found, GetLastError());
  CloseHandle(token);
  const char* s = "abc";
  printf("CharNext steps: %d %d, at the end %d, CharPrev from end: %d, at the start %d\n", (int)(CharNextA(s) - s),
         (int)(CharNextA(s + 1) - s), (int)(CharNextA(s + 3) - s), (int)(CharPrevA(s, s + 3) - s),
         (int)(CharPrevA(s, s) - s));
}

static void ole_strings(void) {
  BSTR b = SysAllocString(L"polyrun");
  printf("BSTR length %u bytes %u\n", SysStringLen(b), SysStringByteLen(b));
  SysReAllocString(&b, L"longer text");
  printf("reallocated: %u\n", SysStringLen(b));
  VARIANT v, copy;
  VariantInit(&v);
  VariantInit(&copy);
  v.vt = VT_BSTR;
  v.bstrVal = b;
  HRESULT hr = VariantCopy(&copy, &v);
  printf("variant copy %ld: distinct %s, same text %s\n", (long)hr, copy.bstrVal != b ? "yes" : "no",
         wcscmp(copy.bstrVal, b) == 0 ? "yes" : "no");
  HRESULT c1 = VariantClear(&copy), c2 = VariantClear(&v);
  printf("variant clear %ld %ld, vt %d\n", (long)c1, (long)c2, v.vt);
  BSTR part = SysAllocStringLen(L"abcdef", 3);
  printf("partial BSTR length %u, terminated %s\n", SysStringLen(part), part[3] == 0 ? "yes" : "no");
  SysFreeString(part);
  SysFreeString(NULL);
}

static void wide_strings(void) {
  wchar_t buf[32];
  wcscpy(buf, L"Hello");
  wcscat(buf, L", World");
  wchar_t* end = NULL;
  long n = wcstol(L"  -1234xyz", &end, 10);
  printf("wcs: cmp %d icmp %d ncmp %d str %d chr %d rchr %d spn %u cspn %u\n", wcscmp(buf, L"Hello") > 0,
         _wcsicmp(L"HELLO", L"hello"), wcsncmp(buf, L"Help", 3), (int)(wcsstr(buf, L"World") - buf),
         (int)(wcschr(buf, L'o') - buf), (int)(wcsrchr(buf, L'o') - buf), (unsigned)wcsspn(buf, L"eHl"),
         (unsigned)wcscspn(buf, L","));
  printf("wcstol %ld rest \"%ls\", wcstoul %lu\n", n, end, wcstoul(L"0x1F", NULL, 16));
  wchar_t* dup = _wcsdup(buf);
  printf("dup \"%ls\"", dup);
  printf(" upper \"%ls\"\n", _wcsupr(dup));
  free(dup);
}

static void float_control(void) {
  unsigned int cw = _controlfp(0, 0);
  printf("rounding nearest: %s, invalid masked: %s\n", (cw & _MCW_RC) == _RC_NEAR ? "yes" : "no",
         cw & _EM_INVALID ? "yes" : "no");
  volatile double one = 1.0, ten = 10.0;
  printf("1/10 nearest %.20g\n", one / ten);
  _controlfp(_RC_DOWN, _MCW_RC);
  printf("1/10 down    %.20g\n", one / ten);
  printf("rounding now down: %s\n", (_controlfp(0, 0) & _MCW_RC) == _RC_DOWN ? "yes" : "no");
  _controlfp(_RC_NEAR, _MCW_RC);
  /* (The sticky exception flags that _statusfp reports are not checked: the emulated CPU does not
     record them.) */
  _clearfp();
  printf("status after _clearfp: %s\n", _statusfp() & _SW_INEXACT ? "inexact" : "clear");
}

int main(void) {
  messages();
  waitables();
  times_and_files();
  process_facts();
  ole_strings();
  wide_strings();
  float_control();
  return 0;
}
