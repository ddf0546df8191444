// The service control manager and a service's own calls, for a program started from a console:
// OpenSCManager and CloseServiceHandle, OpenService of a service that does not exist, a database
// that does not exist, StartServiceCtrlDispatcher (the process was not started as a service),
// RegisterServiceCtrlHandlerEx for a service this process does not run, and SetServiceStatus and
// QueryServiceStatus on handles that are none.
// Links: -ladvapi32
#include <stdio.h>
#include <windows.h>

static DWORD WINAPI handler(DWORD control, DWORD type, LPVOID data, LPVOID context) {
  (void)control, (void)type, (void)data, (void)context;
  return NO_ERROR;
}
static void WINAPI service_main(DWORD argc, LPWSTR* argv) { (void)argc, (void)argv; }

int main(void) {
  SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
  printf("OpenSCManager: %s\n", scm ? "opened" : "failed");
  SetLastError(0);
  SC_HANDLE service = OpenServiceW(scm, L"polyrun-no-such-service", SERVICE_QUERY_STATUS);
  DWORD error = GetLastError();
  printf("OpenService of a service that does not exist: %s, error %lu\n", service ? "opened" : "NULL", error);
  SetLastError(0);
  SC_HANDLE other = OpenSCManagerW(NULL, L"NoSuchDatabase", SC_MANAGER_CONNECT);
  error = GetLastError();
  printf("OpenSCManager of another database: %s, error %lu\n", other ? "opened" : "NULL", error);
  printf("CloseServiceHandle: %d\n", CloseServiceHandle(scm));

  SERVICE_TABLE_ENTRYW table[] = {{L"polyrun-sample", service_main}, {NULL, NULL}};
  SetLastError(0);
  BOOL ok = StartServiceCtrlDispatcherW(table);
  error = GetLastError();
  printf("StartServiceCtrlDispatcher: %d, error %lu\n", ok, error);
  SetLastError(0);
  SERVICE_STATUS_HANDLE status = RegisterServiceCtrlHandlerExW(L"polyrun-sample", handler, NULL);
  error = GetLastError();
  printf("RegisterServiceCtrlHandlerEx: %s, error %lu\n", status ? "registered" : "NULL", error);
  SERVICE_STATUS st = {0};
  SetLastError(0);
  ok = SetServiceStatus(NULL, &st);
  error = GetLastError();
  printf("SetServiceStatus(NULL): %d, error %lu\n", ok, error);
  return 0;
}
