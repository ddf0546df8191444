/* NTDLL's wait completion packets, as Go 1.23 and later use them for high-resolution timers on
 * their I/O completion port: a packet associated with a port and a waitable object is queued
 * once the object is signalled (a timer coming due, an event set), carrying the key, context,
 * status and information given; cancelling one that waits, one that is queued, and one already
 * picked up. Expected output: Microsoft's NtAssociateWaitCompletionPacket and
 * NtCancelWaitCompletionPacket pages (wine 8.0 has none of these functions). */
#include <stdio.h>
#include <windows.h>

typedef LONG(NTAPI* Create_fn)(HANDLE*, ACCESS_MASK, void*);
typedef LONG(NTAPI* Associate_fn)(HANDLE, HANDLE, HANDLE, void*, void*, LONG, ULONG_PTR, BOOLEAN*);
typedef LONG(NTAPI* Cancel_fn)(HANDLE, BOOLEAN);

static HANDLE port;

/* One packet off the port within `ms`: its fields, or that none came. */
static void pick(const char* what, DWORD ms) {
  OVERLAPPED_ENTRY e[2];
  ULONG n = 0;
  memset(e, 0, sizeof e);
  if (!GetQueuedCompletionStatusEx(port, e, 2, &n, ms, FALSE)) {
    printf("%s: no packet (error %lu)\n", what, GetLastError());
    return;
  }
  printf("%s: %lu packet(s), key %llu, context %llu, status 0x%lx, information %lu\n", what, n,
         (unsigned long long)e[0].lpCompletionKey, (unsigned long long)(ULONG_PTR)e[0].lpOverlapped,
         (unsigned long)e[0].Internal, e[0].dwNumberOfBytesTransferred);
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  Create_fn create = (Create_fn)GetProcAddress(ntdll, "NtCreateWaitCompletionPacket");
  Associate_fn associate = (Associate_fn)GetProcAddress(ntdll, "NtAssociateWaitCompletionPacket");
  Cancel_fn cancel = (Cancel_fn)GetProcAddress(ntdll, "NtCancelWaitCompletionPacket");
  if (!create || !associate || !cancel) {
    printf("no wait completion packets\n");
    return 1;
  }
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
  HANDLE packet = NULL;
  LONG status = create(&packet, GENERIC_ALL, NULL);
  printf("create: 0x%lx, a handle %d\n", (unsigned long)status, packet != NULL);

  /* A timer 30 ms from now: the packet comes when it is due, and the timer's signal is taken. */
  HANDLE timer = CreateWaitableTimerW(NULL, FALSE, NULL);
  LARGE_INTEGER due;
  due.QuadPart = -300000;
  SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE);
  BOOLEAN already = 7;
  ULONGLONG t0 = GetTickCount64();
  status = associate(packet, port, timer, (void*)11, (void*)22, 0x103, 33, &already);
  printf("associate with the timer: 0x%lx, already signalled %d\n", (unsigned long)status, already);
  pick("before it is due", 0);
  pick("the timer", 2000);
  ULONGLONG waited = GetTickCount64() - t0;
  printf("came after 20..1000 ms: %d\n", waited >= 20 && waited < 1000);
  printf("the timer's signal taken: %lu\n", WaitForSingleObject(timer, 0));
  printf("cancel after it was picked up: 0x%lx\n", (unsigned long)cancel(packet, TRUE));

  /* An event set already: queued at once. */
  HANDLE event = CreateEventW(NULL, FALSE, TRUE, NULL);
  already = 7;
  status = associate(packet, port, event, (void*)44, NULL, 0, 0, &already);
  printf("associate with a set event: 0x%lx, already signalled %d\n", (unsigned long)status, already);
  printf("the event's signal taken: %lu\n", WaitForSingleObject(event, 0));
  LONG again = associate(packet, port, event, (void*)45, NULL, 0, 0, NULL);
  printf("associate again while queued: an error %d\n", again < 0);
  printf("cancel, keeping the queued packet: 0x%lx\n", (unsigned long)cancel(packet, FALSE));
  printf("cancel, removing it: 0x%lx\n", (unsigned long)cancel(packet, TRUE));
  pick("after the removal", 0);

  /* Waiting on an event nobody set: cancelled before, so setting it later queues nothing and the
   * event keeps its signal. */
  printf("associate with an unset event: 0x%lx\n", (unsigned long)associate(packet, port, event, (void*)55, NULL, 0, 0, NULL));
  printf("cancel while waiting: 0x%lx\n", (unsigned long)cancel(packet, FALSE));
  SetEvent(event);
  Sleep(50);
  pick("after the event was set", 0);
  printf("the event keeps its signal: %lu\n", WaitForSingleObject(event, 0));

  /* Set while associated: the packet comes. */
  printf("associate again: 0x%lx\n", (unsigned long)associate(packet, port, event, (void*)66, (void*)77, 0, 5, NULL));
  SetEvent(event);
  pick("the event", 2000);
  printf("cancel of a packet never associated since: 0x%lx\n", (unsigned long)cancel(packet, FALSE));
  printf("closed: %d\n", CloseHandle(packet));
  return 0;
}
