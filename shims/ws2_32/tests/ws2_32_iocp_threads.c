// An IOCP echo server as such servers are written: AcceptEx for every expected client, two worker
// threads draining one completion port (WSARecv, then WSASend of what came, until the client
// closes), while eight client threads with blocking sockets each send 200 messages of different
// lengths and check every echo. Many operations complete on the host's I/O thread while the
// workers wait on the port and other threads call Winsock: the totals are exact or the run fails.
// Links: -lws2_32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

enum { CLIENTS = 8, ROUNDS = 200, WORKERS = 2, BUF = 4096 };

typedef struct {
  OVERLAPPED ov;
  SOCKET s;
  int sending;
  WSABUF wb;
  char buf[BUF];
  char addrs[2 * (sizeof(struct sockaddr_in) + 16)];
} Conn;

static HANDLE port;
static SOCKET listener;
static Conn conns[CLIENTS];
static volatile LONG echoed_bytes, accepted, closed, errors;
static struct sockaddr_in server_addr;

static void post_recv(Conn* c) {
  DWORD flags = 0, got;
  memset(&c->ov, 0, sizeof c->ov);
  c->sending = 0;
  c->wb.buf = c->buf;
  c->wb.len = BUF;
  if (WSARecv(c->s, &c->wb, 1, &got, &flags, &c->ov, NULL) != 0 && WSAGetLastError() != WSA_IO_PENDING)
    InterlockedIncrement(&errors);
}

static void post_send(Conn* c, DWORD n) {
  DWORD sent;
  memset(&c->ov, 0, sizeof c->ov);
  c->sending = 1;
  c->wb.buf = c->buf;
  c->wb.len = n;
  if (WSASend(c->s, &c->wb, 1, &sent, 0, &c->ov, NULL) != 0 && WSAGetLastError() != WSA_IO_PENDING)
    InterlockedIncrement(&errors);
}

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  for (;;) {
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED* ov;
    BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE);
    if (key == 0xdead) return 0;
    Conn* c = (Conn*)ov;
    if (key == 1) {  // an AcceptEx
      if (!ok) {
        InterlockedIncrement(&errors);
        continue;
      }
      setsockopt(c->s, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char*)&listener, sizeof listener);
      CreateIoCompletionPort((HANDLE)c->s, port, 2, 0);
      InterlockedIncrement(&accepted);
      post_recv(c);
      continue;
    }
    if (!ok) {
      InterlockedIncrement(&errors);
      continue;
    }
    if (c->sending) {
      post_recv(c);
    } else if (bytes == 0) {
      closesocket(c->s);
      InterlockedIncrement(&closed);
    } else {
      InterlockedExchangeAdd(&echoed_bytes, (LONG)bytes);
      post_send(c, bytes);
    }
  }
}

static volatile LONG client_failures, client_bytes;

static DWORD WINAPI client(LPVOID arg) {
  int id = (int)(ULONG_PTR)arg;
  SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(s, (struct sockaddr*)&server_addr, sizeof server_addr) != 0) {
    InterlockedIncrement(&client_failures);
    return 1;
  }
  char out[1024], in[1024];
  for (int r = 0; r < ROUNDS; ++r) {
    int n = 1 + (id * 131 + r * 37) % (int)sizeof out;
    for (int i = 0; i < n; ++i) out[i] = (char)(id + r + i);
    if (send(s, out, n, 0) != n) {
      InterlockedIncrement(&client_failures);
      break;
    }
    int got = 0;
    while (got < n) {
      int k = recv(s, in + got, n - got, 0);
      if (k <= 0) break;
      got += k;
    }
    if (got != n || memcmp(in, out, n) != 0) {
      InterlockedIncrement(&client_failures);
      break;
    }
    InterlockedExchangeAdd(&client_bytes, n);
  }
  closesocket(s);
  return 0;
}

int main(void) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  listener = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
  server_addr.sin_family = AF_INET;
  server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(listener, (struct sockaddr*)&server_addr, sizeof server_addr);
  int len = sizeof server_addr;
  getsockname(listener, (struct sockaddr*)&server_addr, &len);
  listen(listener, SOMAXCONN);
  CreateIoCompletionPort((HANDLE)listener, port, 1, 0);
  LPFN_ACCEPTEX accept_ex = NULL;
  GUID id = WSAID_ACCEPTEX;
  DWORD bytes;
  WSAIoctl(listener, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &accept_ex, sizeof accept_ex, &bytes, NULL,
           NULL);
  int pending = 0;
  for (int i = 0; i < CLIENTS; ++i) {
    conns[i].s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (!accept_ex(listener, conns[i].s, conns[i].addrs, 0, sizeof(struct sockaddr_in) + 16,
                   sizeof(struct sockaddr_in) + 16, &bytes, &conns[i].ov) &&
        WSAGetLastError() == ERROR_IO_PENDING)
      ++pending;
  }
  printf("AcceptEx pending: %d\n", pending);
  HANDLE workers[WORKERS], clients[CLIENTS];
  for (int i = 0; i < WORKERS; ++i) workers[i] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  for (int i = 0; i < CLIENTS; ++i) clients[i] = CreateThread(NULL, 0, client, (LPVOID)(ULONG_PTR)i, 0, NULL);
  printf("clients: %lu\n", WaitForMultipleObjects(CLIENTS, clients, TRUE, 60000));
  for (int i = 0; i < 100 && closed < CLIENTS; ++i) Sleep(20);
  for (int i = 0; i < WORKERS; ++i) PostQueuedCompletionStatus(port, 0, 0xdead, NULL);
  printf("workers: %lu\n", WaitForMultipleObjects(WORKERS, workers, TRUE, 60000));
  long expected = 0;
  for (int id2 = 0; id2 < CLIENTS; ++id2)
    for (int r = 0; r < ROUNDS; ++r) expected += 1 + (id2 * 131 + r * 37) % 1024;
  printf("accepted %ld, closed %ld, errors %ld, client failures %ld\n", accepted, closed, errors, client_failures);
  printf("echoed %s, checked by the clients %s\n", echoed_bytes == expected ? "all bytes" : "wrong",
         client_bytes == expected ? "all bytes" : "wrong");
  closesocket(listener);
  CloseHandle(port);
  WSACleanup();
  return 0;
}
