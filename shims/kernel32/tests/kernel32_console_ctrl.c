/* Console control events: handlers registered with SetConsoleCtrlHandler run for Ctrl-C and
 * Ctrl-Break (GenerateConsoleCtrlEvent here, or a real SIGINT with the argument "wait"), newest
 * first, until one returns TRUE; with none left, the process ends with STATUS_CONTROL_C_EXIT.
 * "compute": the Ctrl-C arrives while the program computes, calling nothing; "signal": the same
 * with the C runtime's signal(SIGINT) handler instead. */
#include <windows.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile LONG seen = -1, older_seen = -1;
static BOOL WINAPI handler(DWORD type) { seen = (LONG)type; return TRUE; }
static BOOL WINAPI declining(DWORD type) { older_seen = (LONG)type; return FALSE; }

static void wait_for_event(void) {
  for (int i = 0; i < 250 && seen < 0; ++i) Sleep(20);
}

static volatile int signalled;
static void on_sigint(int sig) { signalled = sig; }

int main(int argc, char** argv) {
  if (argc > 1 && (strcmp(argv[1], "compute") == 0 || strcmp(argv[1], "signal") == 0)) {
    int crt = strcmp(argv[1], "signal") == 0;
    if (crt) signal(SIGINT, on_sigint);
    else SetConsoleCtrlHandler(handler, TRUE);
    printf("ready\n");
    fflush(stdout);
    volatile unsigned long spins = 0;
    while (seen < 0 && !signalled) ++spins;  /* no calls: only the event can end this loop */
    if (crt) printf("SIGINT handler ran (%d) while computing\n", signalled);
    else printf("handler saw event %ld while computing\n", seen);
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "wait") == 0) {
    SetConsoleCtrlHandler(handler, TRUE);
    printf("ready\n");
    fflush(stdout);
    wait_for_event();
    printf("handler saw event %ld\n", seen);
    return 0;
  }
  SetConsoleCtrlHandler(declining, TRUE);
  SetConsoleCtrlHandler(handler, TRUE);
  BOOL sent = GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
  wait_for_event();
  printf("sent %d, newest handler saw event %ld, older one %ld\n", sent, seen, older_seen);
  seen = -1;
  SetConsoleCtrlHandler(NULL, TRUE);  /* ignore Ctrl-C; Ctrl-Break still arrives */
  GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
  Sleep(100);
  printf("ignored Ctrl-C: handler saw %ld\n", seen);
  GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0);
  wait_for_event();
  printf("Ctrl-Break: handler saw event %ld\n", seen);
  SetConsoleCtrlHandler(NULL, FALSE);
  SetConsoleCtrlHandler(handler, FALSE);
  printf("the declining handler alone now\n");
  fflush(stdout);
  GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
  Sleep(2000);
  printf("not reached\n");
  return 0;
}
