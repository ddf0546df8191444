// Overlapped sockets and I/O completion ports, as IOCP servers and Go's network poller use them:
// packets posted with keys, AcceptEx and ConnectEx from WSAIoctl, a WSARecv that completes at once
// and one that is pending until data comes, GetQueuedCompletionStatusEx, skipping the port on
// success, an event-signalled WSARecvFrom, cancellation, a refused ConnectEx, and a thread that
// waits on a port while the main thread goes on. Ports are chosen by the system; none is printed.
// Links: -lws2_32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

enum { KEY_LISTEN = 1, KEY_CLIENT = 2, KEY_SERVER = 3 };

static HANDLE port;

static void show(const char* what, BOOL ok, DWORD bytes, ULONG_PTR key, OVERLAPPED* ov, OVERLAPPED* expected) {
  printf("%s: %d", what, ok);
  if (!ok) printf(" error %lu", GetLastError());
  printf(", %lu bytes, key %lu, overlapped %s\n", (unsigned long)bytes, (unsigned long)key,
         ov == NULL ? "NULL" : ov == expected ? "the operation's" : "another");
}

// Takes `count` packets (waiting up to 5 s) and returns them ordered by key.
static int take(OVERLAPPED_ENTRY* got, int count) {
  int have = 0;
  while (have < count) {
    ULONG n = 0;
    if (!GetQueuedCompletionStatusEx(port, got + have, count - have, &n, 5000, FALSE)) break;
    have += (int)n;
  }
  for (int i = 0; i < have; ++i)
    for (int j = i + 1; j < have; ++j)
      if (got[j].lpCompletionKey < got[i].lpCompletionKey) {
        OVERLAPPED_ENTRY t = got[i];
        got[i] = got[j];
        got[j] = t;
      }
  return have;
}

static void print_entry(const OVERLAPPED_ENTRY* e, const char* what) {
  printf("  key %lu (%s): %lu bytes, status 0x%lx\n", (unsigned long)e->lpCompletionKey, what,
         (unsigned long)e->dwNumberOfBytesTransferred, (unsigned long)e->Internal);
}

static SOCKET tcp_socket(void) { return WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED); }

static void bind_loopback(SOCKET s, struct sockaddr_in* a) {
  memset(a, 0, sizeof *a);
  a->sin_family = AF_INET;
  a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, (struct sockaddr*)a, sizeof *a);
  int len = sizeof *a;
  getsockname(s, (struct sockaddr*)a, &len);
}

static void* extension(SOCKET s, GUID id) {
  void* fn = NULL;
  DWORD bytes = 0;
  int r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &fn, sizeof fn, &bytes, NULL, NULL);
  printf("WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER): %d, a pointer's bytes: %s, %s\n", r,
         bytes == sizeof fn ? "yes" : "no", fn ? "a function" : "NULL");
  return fn;
}

static HANDLE second_port;
static DWORD waiter_bytes;
static ULONG_PTR waiter_key;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  OVERLAPPED* ov;
  return GetQueuedCompletionStatus(second_port, &waiter_bytes, &waiter_key, &ov, INFINITE) ? 0 : 1;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  printf("CreateIoCompletionPort: %s\n", port ? "a port" : "NULL");

  printf("-- posted packets\n");
  PostQueuedCompletionStatus(port, 5, 0x1234, NULL);
  PostQueuedCompletionStatus(port, 7, 0x99, (OVERLAPPED*)(ULONG_PTR)0x10);
  DWORD bytes;
  ULONG_PTR key;
  OVERLAPPED* ov;
  BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
  printf("GetQueuedCompletionStatus: %d, %lu bytes, key 0x%lx, overlapped %s\n", ok, (unsigned long)bytes,
         (unsigned long)key, ov ? "not NULL" : "NULL");
  OVERLAPPED_ENTRY e[4];
  ULONG n = 9;
  ok = GetQueuedCompletionStatusEx(port, e, 4, &n, 0, FALSE);
  printf("GetQueuedCompletionStatusEx: %d, %lu entries: key 0x%lx, overlapped 0x%lx, %lu bytes\n", ok,
         (unsigned long)n, (unsigned long)e[0].lpCompletionKey, (unsigned long)(ULONG_PTR)e[0].lpOverlapped,
         (unsigned long)e[0].dwNumberOfBytesTransferred);
  ov = (OVERLAPPED*)1;
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
  printf("empty port: %d, error %lu, overlapped %s\n", ok, GetLastError(), ov ? "not NULL" : "NULL");
  n = 9;
  ok = GetQueuedCompletionStatusEx(port, e, 4, &n, 20, TRUE);
  printf("empty port, 20 ms: %d, error %lu, %lu entries\n", ok, GetLastError(), (unsigned long)n);

  printf("-- AcceptEx and ConnectEx\n");
  SOCKET listener = tcp_socket();
  struct sockaddr_in la;
  bind_loopback(listener, &la);
  listen(listener, 4);
  printf("associate listener: %s\n", CreateIoCompletionPort((HANDLE)listener, port, KEY_LISTEN, 0) == port ? "the port" : "?");
  GUID accept_id = WSAID_ACCEPTEX, connect_id = WSAID_CONNECTEX, sockaddrs_id = WSAID_GETACCEPTEXSOCKADDRS;
  LPFN_ACCEPTEX accept_ex = (LPFN_ACCEPTEX)extension(listener, accept_id);
  LPFN_CONNECTEX connect_ex = (LPFN_CONNECTEX)extension(listener, connect_id);
  LPFN_GETACCEPTEXSOCKADDRS sockaddrs = (LPFN_GETACCEPTEXSOCKADDRS)extension(listener, sockaddrs_id);
  SOCKET acceptor = tcp_socket();
  char abuf[2 * (sizeof(struct sockaddr_in6) + 16)];
  OVERLAPPED ov_accept = {0};
  DWORD got = 0;
  ok = accept_ex(listener, acceptor, abuf, 0, sizeof(struct sockaddr_in) + 16, sizeof(struct sockaddr_in) + 16, &got,
                 &ov_accept);
  printf("AcceptEx: %d, error %d\n", ok, WSAGetLastError());

  SOCKET client = tcp_socket();
  struct sockaddr_in ca;
  bind_loopback(client, &ca);
  CreateIoCompletionPort((HANDLE)client, port, KEY_CLIENT, 0);
  OVERLAPPED ov_connect = {0};
  ok = connect_ex(client, (struct sockaddr*)&la, sizeof la, "hello", 5, &got, &ov_connect);
  printf("ConnectEx: %s\n", ok || WSAGetLastError() == ERROR_IO_PENDING ? "started" : "failed");
  int have = take(e, 2);
  printf("%d packets\n", have);
  for (int i = 0; i < have; ++i) print_entry(&e[i], e[i].lpCompletionKey == KEY_LISTEN ? "accepted" : "connected");
  printf("overlapped: accept's %s, connect's %s\n", e[0].lpOverlapped == &ov_accept ? "yes" : "no",
         e[1].lpOverlapped == &ov_connect ? "yes" : "no");
  printf("SO_UPDATE_ACCEPT_CONTEXT: %d\n",
         setsockopt(acceptor, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char*)&listener, sizeof listener));
  printf("SO_UPDATE_CONNECT_CONTEXT: %d\n", setsockopt(client, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0));
  struct sockaddr *local, *remote;
  int llen = 0, rlen = 0;
  sockaddrs(abuf, 0, sizeof(struct sockaddr_in) + 16, sizeof(struct sockaddr_in) + 16, &local, &llen, &remote, &rlen);
  char text[64];
  printf("GetAcceptExSockaddrs: local %s (length %d, the listener's port: %s), remote port the client's: %s (length %d)\n",
         inet_ntop(AF_INET, &((struct sockaddr_in*)local)->sin_addr, text, sizeof text), llen,
         ((struct sockaddr_in*)local)->sin_port == la.sin_port ? "yes" : "no",
         ((struct sockaddr_in*)remote)->sin_port == ca.sin_port ? "yes" : "no", rlen);
  struct sockaddr_in peer;
  int plen = sizeof peer;
  getpeername(acceptor, (struct sockaddr*)&peer, &plen);
  printf("getpeername of the accepted socket: the client's port: %s\n", peer.sin_port == ca.sin_port ? "yes" : "no");
  CreateIoCompletionPort((HANDLE)acceptor, port, KEY_SERVER, 0);

  printf("-- WSARecv and WSASend\n");
  char rbuf[64] = {0};
  WSABUF wb = {sizeof rbuf, rbuf};
  DWORD flags = 0, received = 0;
  OVERLAPPED ov_recv = {0};
  int r = WSARecv(acceptor, &wb, 1, &received, &flags, &ov_recv, NULL);
  printf("WSARecv with data there: %d, %lu bytes \"%.*s\"\n", r, (unsigned long)received, (int)received, rbuf);
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 1000);
  show("its packet", ok, bytes, key, ov, &ov_recv);
  memset(rbuf, 0, sizeof rbuf);
  r = WSARecv(acceptor, &wb, 1, &received, &flags, &ov_recv, NULL);
  printf("WSARecv with nothing there: %d, error %d, done %d\n", r, WSAGetLastError(), HasOverlappedIoCompleted(&ov_recv));
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
  printf("port meanwhile: %d, error %lu\n", ok, GetLastError());
  DWORD res_flags;
  ok = WSAGetOverlappedResult(acceptor, &ov_recv, &bytes, FALSE, &res_flags);
  printf("WSAGetOverlappedResult meanwhile: %d, error %d\n", ok, WSAGetLastError());
  WSABUF sb = {6, "world!"};
  OVERLAPPED ov_send = {0};
  DWORD sent = 0;
  r = WSASend(client, &sb, 1, &sent, 0, &ov_send, NULL);
  printf("WSASend: %d, %lu bytes\n", r, (unsigned long)sent);
  have = take(e, 2);
  printf("%d packets\n", have);
  for (int i = 0; i < have; ++i) print_entry(&e[i], e[i].lpCompletionKey == KEY_CLIENT ? "sent" : "received");
  printf("received \"%s\"\n", rbuf);
  ok = WSAGetOverlappedResult(acceptor, &ov_recv, &bytes, FALSE, &res_flags);
  printf("WSAGetOverlappedResult: %d, %lu bytes\n", ok, (unsigned long)bytes);

  printf("-- FILE_SKIP_COMPLETION_PORT_ON_SUCCESS\n");
  printf("SetFileCompletionNotificationModes: %d\n",
         SetFileCompletionNotificationModes((HANDLE)client, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
  sb.len = 5;
  sb.buf = "again";
  r = WSASend(client, &sb, 1, &sent, 0, &ov_send, NULL);
  printf("WSASend: %d, %lu bytes\n", r, (unsigned long)sent);
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
  printf("port: %d, error %lu\n", ok, GetLastError());
  r = WSARecv(acceptor, &wb, 1, &received, &flags, &ov_recv, NULL);
  printf("WSARecv: %d, %lu bytes \"%.*s\"\n", r, (unsigned long)received, (int)received, rbuf);
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 1000);
  show("its packet (the receiving socket does not skip)", ok, bytes, key, ov, &ov_recv);

  printf("-- a zero-byte WSARecv\n");
  WSABUF none = {0, rbuf};
  r = WSARecv(acceptor, &none, 1, &received, &flags, &ov_recv, NULL);
  printf("WSARecv of 0 bytes: %d, error %d\n", r, WSAGetLastError());
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
  printf("port meanwhile: %d, error %lu\n", ok, GetLastError());
  sb.len = 2;
  sb.buf = "zb";
  r = WSASend(client, &sb, 1, &sent, 0, &ov_send, NULL);
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 5000);
  show("its packet once data came", ok, bytes, key, ov, &ov_recv);
  memset(rbuf, 0, sizeof rbuf);
  printf("recv: %d \"%s\"\n", recv(acceptor, rbuf, sizeof rbuf, 0), rbuf);

  printf("-- TransmitFile\n");
  GUID transmit_id = WSAID_TRANSMITFILE;
  LPFN_TRANSMITFILE transmit = (LPFN_TRANSMITFILE)extension(listener, transmit_id);
  char dir[MAX_PATH], path[MAX_PATH];
  GetTempPathA(sizeof dir, dir);
  GetTempFileNameA(dir, "wsk", 0, path);
  HANDLE f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  DWORD wrote;
  WriteFile(f, "0123456789abcdef", 16, &wrote, NULL);
  TRANSMIT_FILE_BUFFERS tb = {"<head>", 6, "<tail>", 6};
  OVERLAPPED ov_tf = {0};
  ov_tf.Offset = 4;
  ok = transmit(client, f, 8, 0, &ov_tf, &tb, TF_WRITE_BEHIND);
  printf("TransmitFile: %s\n", ok || WSAGetLastError() == ERROR_IO_PENDING ? "started" : "failed");
  ok = WSAGetOverlappedResult(client, &ov_tf, &bytes, TRUE, &res_flags);
  printf("WSAGetOverlappedResult: %d, %lu bytes\n", ok, (unsigned long)bytes);
  memset(rbuf, 0, sizeof rbuf);
  int tot = 0;
  while (tot < 20) {
    int k = recv(acceptor, rbuf + tot, sizeof rbuf - 1 - tot, 0);
    if (k <= 0) break;
    tot += k;
  }
  printf("received %d: \"%s\"\n", tot, rbuf);
  // Whether it ended at once (no packet: the client skips the port on success) or later (a
  // packet) is the system's choice: take its packet if there is one.
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
  printf("nothing else on the port: %s\n", (ok && ov == &ov_tf) || (!ok && ov == NULL) ? "yes" : "no");
  CloseHandle(f);
  DeleteFileA(path);

  printf("-- cancelling\n");
  r = WSARecv(acceptor, &wb, 1, &received, &flags, &ov_recv, NULL);
  printf("WSARecv: %d, error %d\n", r, WSAGetLastError());
  printf("CancelIoEx: %d\n", CancelIoEx((HANDLE)acceptor, &ov_recv));
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 1000);
  show("its packet", ok, bytes, key, ov, &ov_recv);
  ok = WSAGetOverlappedResult(acceptor, &ov_recv, &bytes, FALSE, &res_flags);
  printf("WSAGetOverlappedResult: %d, error %d\n", ok, WSAGetLastError());
  ok = CancelIoEx((HANDLE)acceptor, &ov_recv);
  printf("CancelIoEx again: %d, error %lu\n", ok, GetLastError());

  printf("-- an event instead of a port\n");
  SOCKET u1 = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
  SOCKET u2 = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
  struct sockaddr_in a1, a2, from;
  bind_loopback(u1, &a1);
  bind_loopback(u2, &a2);
  OVERLAPPED ov_ev = {0};
  ov_ev.hEvent = CreateEventA(NULL, TRUE, TRUE, NULL);
  int flen = sizeof from;
  memset(rbuf, 0, sizeof rbuf);
  r = WSARecvFrom(u2, &wb, 1, &received, &flags, (struct sockaddr*)&from, &flen, &ov_ev, NULL);
  printf("WSARecvFrom: %d, error %d, event %lu\n", r, WSAGetLastError(), WaitForSingleObject(ov_ev.hEvent, 0));
  printf("sendto: %d\n", sendto(u1, "dgram", 5, 0, (struct sockaddr*)&a2, sizeof a2));
  printf("event: %lu\n", WaitForSingleObject(ov_ev.hEvent, 5000));
  ok = WSAGetOverlappedResult(u2, &ov_ev, &bytes, TRUE, &res_flags);
  printf("WSAGetOverlappedResult: %d, %lu bytes \"%s\", from the sender's port: %s (length %d)\n", ok,
         (unsigned long)bytes, rbuf, from.sin_port == a1.sin_port ? "yes" : "no", flen);
  CloseHandle(ov_ev.hEvent);
  closesocket(u1);
  closesocket(u2);

  printf("-- a refused ConnectEx\n");
  SOCKET gone = tcp_socket();
  struct sockaddr_in ga;
  bind_loopback(gone, &ga);
  closesocket(gone);
  SOCKET refused = tcp_socket();
  struct sockaddr_in ra;
  bind_loopback(refused, &ra);
  CreateIoCompletionPort((HANDLE)refused, port, 7, 0);
  OVERLAPPED ov_refused = {0};
  ok = connect_ex(refused, (struct sockaddr*)&ga, sizeof ga, NULL, 0, &got, &ov_refused);
  printf("ConnectEx: %d, error %d\n", ok, WSAGetLastError());
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 5000);
  show("its packet", ok, bytes, key, ov, &ov_refused);
  ok = WSAGetOverlappedResult(refused, &ov_refused, &bytes, FALSE, &res_flags);
  printf("WSAGetOverlappedResult: %d, error %d\n", ok, WSAGetLastError());
  closesocket(refused);

  printf("-- errors\n");
  HANDLE other = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  HANDLE again = CreateIoCompletionPort((HANDLE)client, other, 9, 0);
  printf("associating a socket twice: %s, error %lu\n", again ? "a port" : "NULL", GetLastError());
  ok = GetQueuedCompletionStatus((HANDLE)client, &bytes, &key, &ov, 0);
  printf("GetQueuedCompletionStatus on a socket: %d, error %lu\n", ok, GetLastError());
  ok = PostQueuedCompletionStatus(NULL, 0, 0, NULL);
  printf("PostQueuedCompletionStatus(NULL): %d, error %lu\n", ok, GetLastError());
  r = WSARecv((SOCKET)12345, &wb, 1, &received, &flags, &ov_recv, NULL);
  printf("WSARecv on a bad socket: %d, error %d\n", r, WSAGetLastError());

  printf("-- a thread waiting on a port\n");
  second_port = other;
  HANDLE t = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  printf("waiting: %lu\n", WaitForSingleObject(t, 100));
  struct sockaddr_in self;
  int slen = sizeof self;
  printf("getsockname meanwhile: %d\n", getsockname(client, (struct sockaddr*)&self, &slen));
  PostQueuedCompletionStatus(other, 42, 0x77, NULL);
  printf("waiter: %lu\n", WaitForSingleObject(t, 5000));
  DWORD code;
  GetExitCodeThread(t, &code);
  printf("it got: %lu, %lu bytes, key 0x%lx\n", (unsigned long)code, (unsigned long)waiter_bytes, (unsigned long)waiter_key);
  CloseHandle(t);

  printf("-- closing with a receive pending\n");
  r = WSARecv(acceptor, &wb, 1, &received, &flags, &ov_recv, NULL);
  printf("WSARecv: %d, error %d\n", r, WSAGetLastError());
  printf("closesocket: %d\n", closesocket(acceptor));
  ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 5000);
  show("its packet", ok, bytes, key, ov, &ov_recv);

  closesocket(client);
  closesocket(listener);
  printf("CloseHandle: %d %d\n", CloseHandle(other), CloseHandle(port));
  WSACleanup();
  return 0;
}
