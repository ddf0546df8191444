// WINMM's multimedia timers: a periodic timer (10 ms) whose callback counts five calls and checks
// its arguments, then is killed from outside; a one-shot timer setting an event; a periodic one
// pulsing an event, killed from within its callback's reach; the delays and timers refused.
// Expected output: wine 8.0's (x64).
// Links: -lwinmm
#include <stdio.h>
#include <windows.h>
#include <mmsystem.h>

static volatile LONG calls;
static volatile LONG args_right = 1;
static UINT periodic_id;
static HANDLE done;

static void CALLBACK tick(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2) {
  if (id != periodic_id || msg != 0 || user != 0x1234 || dw1 || dw2) args_right = 0;
  if (InterlockedIncrement(&calls) == 5) SetEvent(done);
}

int main(void) {
  done = CreateEventW(NULL, FALSE, FALSE, NULL);
  periodic_id = timeSetEvent(10, 1, tick, 0x1234, TIME_PERIODIC | TIME_CALLBACK_FUNCTION);
  printf("periodic: %d\n", periodic_id != 0);
  printf("five calls: %d\n", WaitForSingleObject(done, 5000) == WAIT_OBJECT_0);
  printf("killed: %u\n", timeKillEvent(periodic_id));
  LONG after = calls;
  Sleep(60);
  printf("no call after: %d, the arguments right: %d\n", calls == after, args_right);
  printf("killed again: %u\n", timeKillEvent(periodic_id));

  HANDLE event = CreateEventW(NULL, FALSE, FALSE, NULL);
  UINT once = timeSetEvent(20, 1, (LPTIMECALLBACK)event, 0, TIME_ONESHOT | TIME_CALLBACK_EVENT_SET);
  printf("one-shot setting an event: %d, set %d\n", once != 0, WaitForSingleObject(event, 5000) == WAIT_OBJECT_0);
  printf("set only once: %d\n", WaitForSingleObject(event, 100) == WAIT_TIMEOUT);
  printf("the one-shot killed after it ran: %u\n", timeKillEvent(once));

  printf("a delay of 0: %u\n", timeSetEvent(0, 1, tick, 0, TIME_ONESHOT));
  printf("a delay of 2000000: %u\n", timeSetEvent(2000000, 1, tick, 0, TIME_ONESHOT));
  printf("an unknown timer killed: %u\n", timeKillEvent(12345));
  return 0;
}
