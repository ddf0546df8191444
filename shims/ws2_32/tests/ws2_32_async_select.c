// WS2_32's WSAAsyncSelect: a listening socket on the loopback posting FD_ACCEPT to a window (a
// message-only window: no display needed), the accepted socket posting FD_READ for a client's
// bytes and FD_CLOSE when it closes, each as the message asked for (wParam the socket, lParam the
// event and its error); a read with nothing left would block (WSAEWOULDBLOCK); the posting ended
// with no events; WSAHtonl, WSANtohl, WSAHtons, WSANtohs and their errors. Expected output: wine
// 8.0's (x64).
// Links: -lws2_32 -luser32
#include <stdio.h>
#include <winsock2.h>
#include <windows.h>

#define WM_SOCKET (WM_APP + 3)

// Waits (at most 5 s) for the next socket message and describes it.
static int next_event(HWND w, SOCKET expected) {
  MSG m;
  DWORD start = GetTickCount();
  while (GetTickCount() - start < 5000) {
    if (PeekMessageW(&m, w, WM_SOCKET, WM_SOCKET, PM_REMOVE)) {
      const int event = WSAGETSELECTEVENT(m.lParam), error = WSAGETSELECTERROR(m.lParam);
      printf("  message: the socket %d, event %d, error %d\n", (SOCKET)m.wParam == expected, event, error);
      return event;
    }
    MsgWaitForMultipleObjects(0, NULL, FALSE, 100, QS_POSTMESSAGE);
  }
  printf("  no message\n");
  return 0;
}

int main(void) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  HWND w = CreateWindowExW(0, L"STATIC", L"sockets", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
  SOCKET server = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(server, (struct sockaddr*)&a, sizeof a);
  int len = sizeof a;
  getsockname(server, (struct sockaddr*)&a, &len);
  listen(server, 1);
  printf("WSAAsyncSelect(FD_ACCEPT): %d\n", WSAAsyncSelect(server, w, WM_SOCKET, FD_ACCEPT));

  SOCKET client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  printf("connected: %d\n", connect(client, (struct sockaddr*)&a, sizeof a));
  next_event(w, server);
  SOCKET conn = accept(server, NULL, NULL);
  printf("accepted: %d\n", conn != INVALID_SOCKET);

  printf("WSAAsyncSelect(FD_READ | FD_CLOSE): %d\n", WSAAsyncSelect(conn, w, WM_SOCKET, FD_READ | FD_CLOSE));
  send(client, "hello", 5, 0);
  next_event(w, conn);
  char buf[16];
  int got = recv(conn, buf, sizeof buf, 0);
  printf("received %d bytes\n", got);
  got = recv(conn, buf, sizeof buf, 0);
  printf("received again: %d, error %d\n", got, WSAGetLastError());
  closesocket(client);
  next_event(w, conn);

  printf("posting ended: %d\n", WSAAsyncSelect(conn, w, 0, 0));

  // The byte swaps of a socket's provider.
  u_long l = 0;
  u_short sh = 0;
  int r = WSAHtonl(conn, 0x01020304, &l);
  printf("WSAHtonl: %d, %#lx\n", r, l);
  r = WSANtohl(conn, 0x01020304, &l);
  printf("WSANtohl: %d, %#lx\n", r, l);
  r = WSAHtons(conn, 0x0102, &sh);
  printf("WSAHtons: %d, %#x\n", r, sh);
  r = WSANtohs(conn, 0x0102, &sh);
  printf("WSANtohs: %d, %#x\n", r, sh);
  r = WSAHtonl(conn, 1, NULL);
  printf("WSAHtonl with no place: %d, error %d\n", r, WSAGetLastError());
  r = WSAHtonl((SOCKET)0xdead, 1, &l);
  printf("WSAHtonl of no socket: %d, error %d\n", r, WSAGetLastError());
  closesocket(conn);
  closesocket(server);
  DestroyWindow(w);
  WSACleanup();
  return 0;
}
