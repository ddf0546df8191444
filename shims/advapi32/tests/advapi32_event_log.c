/* The event log: a program registers an event source, reports events of each type (with strings
 * and binary data) and deregisters it, and goes on; the events go where the system keeps them. */
// Links: -ladvapi32
#include <windows.h>
#include <stdio.h>

int main(void) {
  HANDLE source = RegisterEventSourceW(NULL, L"SampleSource");
  printf("RegisterEventSourceW: %s\n", source ? "a handle" : "NULL");
  LPCWSTR strings[2] = {L"first string", L"second string"};
  BOOL r = ReportEventW(source, EVENTLOG_INFORMATION_TYPE, 0, 1000, NULL, 2, 0, strings, NULL);
  printf("ReportEventW(information, two strings): %d\n", r);
  r = ReportEventW(source, EVENTLOG_WARNING_TYPE, 3, 0x80000002, NULL, 1, 4, strings, "data");
  printf("ReportEventW(warning, a category, data): %d\n", r);
  r = ReportEventW(source, EVENTLOG_ERROR_TYPE, 0, 7, NULL, 0, 0, NULL, NULL);
  printf("ReportEventW(error, nothing more): %d\n", r);
  printf("DeregisterEventSource: %d\n", DeregisterEventSource(source));

  HANDLE narrow = RegisterEventSourceA(NULL, "SampleSourceA");
  LPCSTR one[1] = {"a narrow string"};
  r = ReportEventA(narrow, EVENTLOG_SUCCESS, 0, 2, NULL, 1, 0, one, NULL);
  printf("RegisterEventSourceA: %s, ReportEventA(success): %d, DeregisterEventSource: %d\n", narrow ? "a handle" : "NULL", r,
         DeregisterEventSource(narrow));

  /* A source nobody registered, and a server polyrun cannot reach. */
  SetLastError(0);
  r = ReportEventW(NULL, EVENTLOG_ERROR_TYPE, 0, 1, NULL, 0, 0, NULL, NULL);
  printf("ReportEventW(NULL): %d, error %lu\n", r, GetLastError());
  SetLastError(0);
  r = DeregisterEventSource(NULL);
  printf("DeregisterEventSource(NULL): %d, error %lu\n", r, GetLastError());
  SetLastError(0);
  HANDLE remote = RegisterEventSourceW(L"\\\\no-such-server.invalid", L"SampleSource");
  printf("RegisterEventSourceW on another server: %s, error %lu\n", remote ? "a handle" : "NULL", GetLastError());
  return 0;
}
