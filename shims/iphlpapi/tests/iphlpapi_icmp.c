/* IPHLPAPI's ICMP echo to the loopback address: IcmpSendEcho's reply (status, address, data echoed
 * and where it lies, the count left by IcmpParseReplies), with IP options (a TTL), reply buffers too
 * small for the reply or for its data, a handle that is none and no buffer, IcmpSendEcho2 with an
 * event and with an APC routine, IcmpSendEcho2Ex from a source address. (The host lets the program
 * send ICMP: a ping socket or, for root, a raw socket.) */
// Links: -liphlpapi -lws2_32
#include <winsock2.h>
#include <windows.h>
#include <iphlpapi.h>
#include <icmpapi.h>
#include <stdio.h>
#include <string.h>

/* (declared here: mingw-w64's icmpapi.h lacks IcmpSendEcho2Ex) */
typedef struct {
  ULONG_PTR Status;
  ULONG_PTR Information;
} SAMPLE_IO_STATUS_BLOCK;
DWORD WINAPI IcmpSendEcho2Ex(HANDLE, HANDLE, FARPROC, PVOID, IPAddr, IPAddr, LPVOID, WORD, PIP_OPTION_INFORMATION, LPVOID,
                             DWORD, DWORD);

static const char payload[] = "polyrun ping data";
static char reply[sizeof(ICMP_ECHO_REPLY) + 64 + 8];

static void show(const char* what, DWORD n) {
  ICMP_ECHO_REPLY* r = (ICMP_ECHO_REPLY*)reply;
  DWORD error = GetLastError();
  printf("%s: %lu", what, n);
  if (!n) {
    printf(", error %lu, status %lu\n", error, r->Status);
    return;
  }
  struct in_addr a;
  a.s_addr = r->Address;
  printf(", status %lu, from %s, size %u, data %s, in the buffer after the reply %d, rtt under a second %d, ttl set %d, "
         "reserved %u\n",
         r->Status, inet_ntoa(a), r->DataSize, r->DataSize == sizeof payload && !memcmp(r->Data, payload, sizeof payload) ? "echoed" : "other",
         (char*)r->Data >= reply + sizeof(ICMP_ECHO_REPLY) && (char*)r->Data < reply + sizeof reply, r->RoundTripTime < 1000,
         r->Options.Ttl != 0, r->Reserved);
}

static void CALLBACK apc(void* context, SAMPLE_IO_STATUS_BLOCK* iosb, ULONG reserved) {
  printf("  APC: context %s, status %lx\n", (const char*)context, iosb ? (unsigned long)(DWORD)iosb->Status : 0xfffffffful);
}

int main(void) {
  const IPAddr loopback = htonl(INADDR_LOOPBACK);
  HANDLE h = IcmpCreateFile();
  printf("IcmpCreateFile: %s\n", h != INVALID_HANDLE_VALUE ? "a handle" : "INVALID_HANDLE_VALUE");

  memset(reply, 0xcc, sizeof reply);
  SetLastError(0);
  DWORD n = IcmpSendEcho(h, loopback, (void*)payload, sizeof payload, NULL, reply, sizeof reply, 1000);
  show("IcmpSendEcho(127.0.0.1)", n);

  IP_OPTION_INFORMATION opts = {0};
  opts.Ttl = 1;
  memset(reply, 0xcc, sizeof reply);
  n = IcmpSendEcho(h, loopback, (void*)payload, sizeof payload, &opts, reply, sizeof reply, 1000);
  show("IcmpSendEcho(TTL 1)", n);

  memset(reply, 0, sizeof reply);
  SetLastError(0);
  n = IcmpSendEcho(h, loopback, (void*)payload, sizeof payload, NULL, reply, sizeof(ICMP_ECHO_REPLY), 1000);
  show("IcmpSendEcho(room for the reply, not its data)", n);

  SetLastError(0);
  n = IcmpSendEcho(h, loopback, NULL, 0, NULL, reply, sizeof reply, 1000);
  ICMP_ECHO_REPLY* r = (ICMP_ECHO_REPLY*)reply;
  printf("IcmpSendEcho(no data): %lu, status %lu, size %u\n", n, r->Status, r->DataSize);

  SetLastError(0);
  n = IcmpSendEcho(INVALID_HANDLE_VALUE, loopback, (void*)payload, sizeof payload, NULL, reply, sizeof reply, 1000);
  printf("IcmpSendEcho(INVALID_HANDLE_VALUE): %lu, error %lu\n", n, GetLastError());
  SetLastError(0);
  n = IcmpSendEcho(h, loopback, (void*)payload, sizeof payload, NULL, NULL, sizeof reply, 1000);
  printf("IcmpSendEcho(no reply buffer): %lu, error %lu\n", n, GetLastError());

  HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
  memset(reply, 0xcc, sizeof reply);
  SetLastError(0);
  n = IcmpSendEcho2(h, event, NULL, NULL, loopback, (void*)payload, sizeof payload, NULL, reply, sizeof reply, 1000);
  printf("IcmpSendEcho2(event): %lu, error %lu\n", n, GetLastError());
  printf("  wait: %lu\n", WaitForSingleObject(event, 5000));
  show("  IcmpParseReplies", IcmpParseReplies(reply, sizeof reply));
  CloseHandle(event);

  memset(reply, 0xcc, sizeof reply);
  SetLastError(0);
  n = IcmpSendEcho2(h, NULL, (FARPROC)apc, (void*)"the sample's", loopback, (void*)payload, sizeof payload, NULL, reply,
                    sizeof reply, 1000);
  printf("IcmpSendEcho2(APC): %lu, error %lu\n", n, GetLastError());
  DWORD slept = SleepEx(5000, TRUE);
  printf("  SleepEx: 0x%lx\n", slept);
  show("  IcmpParseReplies", IcmpParseReplies(reply, sizeof reply));

  memset(reply, 0xcc, sizeof reply);
  SetLastError(0);
  n = IcmpSendEcho2Ex(h, NULL, NULL, NULL, loopback, loopback, (void*)payload, sizeof payload, NULL, reply, sizeof reply, 1000);
  show("IcmpSendEcho2Ex(from 127.0.0.1)", n);

  printf("IcmpCloseHandle: %d\n", IcmpCloseHandle(h));
  return 0;
}
