/* IPHLPAPI's change notifications of unicast addresses and routes (NotifyUnicastIpAddressChange,
 * NotifyRouteChange2, CancelMibChangeNotify2): the initial notification on a thread of the
 * system's, none when not asked for, the parameters each refuses. Nothing here changes the
 * machine's addresses or routes. */
// Links: -liphlpapi -lws2_32
#define _WIN32_WINNT 0x0601
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <stdio.h>

static volatile LONG calls;
static volatile LONG last_type = -1, row_was_null = -1, context_ok = -1, other_thread = -1;
static DWORD main_thread;
static HANDLE called;

static void record(void *context, void *row, MIB_NOTIFICATION_TYPE type) {
  InterlockedIncrement(&calls);
  last_type = type;
  row_was_null = row == NULL;
  context_ok = context == (void *)&calls;
  other_thread = GetCurrentThreadId() != main_thread;
  SetEvent(called);
}
static void WINAPI on_address(void *context, MIB_UNICASTIPADDRESS_ROW *row, MIB_NOTIFICATION_TYPE type) {
  record(context, row, type);
}
static void WINAPI on_route(void *context, MIB_IPFORWARD_ROW2 *row, MIB_NOTIFICATION_TYPE type) {
  record(context, row, type);
}

static void initial(const char *what, HANDLE h, DWORD r) {
  printf("%s(initial notification): %lu, handle set: %s\n", what, r, h ? "yes" : "no");
  if (WaitForSingleObject(called, 2000) == WAIT_OBJECT_0)
    printf("  initial notification: type %ld, row NULL: %s, context passed: %s, on another thread: %s\n", last_type,
           row_was_null ? "yes" : "no", context_ok ? "yes" : "no", other_thread ? "yes" : "no");
  else
    printf("  initial notification: none\n");
  printf("  CancelMibChangeNotify2: %lu\n", CancelMibChangeNotify2(h));
}

int main(void) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  main_thread = GetCurrentThreadId();
  called = CreateEventA(NULL, FALSE, FALSE, NULL);

  HANDLE h = NULL;
  DWORD r = NotifyUnicastIpAddressChange(AF_UNSPEC, on_address, (void *)&calls, TRUE, &h);
  initial("NotifyUnicastIpAddressChange", h, r);
  h = NULL;
  r = NotifyRouteChange2(AF_INET, on_route, (void *)&calls, TRUE, &h);
  initial("NotifyRouteChange2", h, r);

  LONG before = calls;
  HANDLE a = NULL, b = NULL;
  DWORD ra = NotifyUnicastIpAddressChange(AF_INET6, on_address, NULL, FALSE, &a);
  DWORD rb = NotifyRouteChange2(AF_UNSPEC, on_route, NULL, FALSE, &b);
  Sleep(100);
  printf("without initial notifications: %lu %lu, called meanwhile: %s\n", ra, rb, calls != before ? "yes" : "no");
  printf("CancelMibChangeNotify2: %lu %lu\n", CancelMibChangeNotify2(a), CancelMibChangeNotify2(b));

  printf("NotifyUnicastIpAddressChange(family 99): %lu\n", NotifyUnicastIpAddressChange(99, on_address, NULL, FALSE, &h));
  printf("NotifyRouteChange2(family 99): %lu\n", NotifyRouteChange2(99, on_route, NULL, FALSE, &h));
  printf("NotifyRouteChange2(no handle): %lu\n", NotifyRouteChange2(AF_INET, on_route, NULL, FALSE, NULL));
  printf("CancelMibChangeNotify2(NULL): %lu\n", CancelMibChangeNotify2(NULL));
  CloseHandle(called);
  WSACleanup();
  return 0;
}
