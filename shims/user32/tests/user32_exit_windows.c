/* USER32's ExitWindowsEx, each ending in a child process of its own with a window: a log-off,
 * whose window is asked (WM_QUERYENDSESSION) and told (WM_ENDSESSION) — refused first, the child
 * goes on; agreed (ExitWindows), the child ends; a shutdown with SeShutdownPrivilege enabled, which
 * ends the child the same way. Then shutting down and powering off without the privilege, which
 * fail (ERROR_PRIVILEGE_NOT_HELD). */
// Links: -luser32 -ladvapi32
#include <stdio.h>
#include <string.h>
#include <windows.h>

static int refusals;

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM wp, LPARAM lp) {
  switch (m) {
    case WM_QUERYENDSESSION:
      printf("  WM_QUERYENDSESSION wParam %lu, %s\n", (unsigned long)wp, refusals ? "refused" : "agreed");
      printf("  a log-off: %s\n", (lp & ENDSESSION_LOGOFF) ? "yes" : "no");
      if (refusals) {
        refusals--;
        return FALSE;
      }
      return TRUE;
    case WM_ENDSESSION:
      printf("  WM_ENDSESSION %s\n", wp ? "TRUE" : "FALSE");
      if (!wp) PostMessageW(h, WM_APP, 0, 0);  /* (asked again from the message loop) */
      return 0;
    default: return DefWindowProcW(h, m, wp, lp);
  }
}

/* The child: a window, the call, then its messages until it is ended (or 20 s pass). */
static int child(const char* how) {
  setvbuf(stdout, NULL, _IONBF, 0);
  WNDCLASSW wc = {0};
  wc.lpfnWndProc = proc;
  wc.lpszClassName = L"PolyrunExitWindows";
  RegisterClassW(&wc);
  HWND w = CreateWindowW(L"PolyrunExitWindows", L"session", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100, NULL, NULL, NULL, NULL);
  BOOL ok;
  if (!strcmp(how, "logoff")) {
    refusals = 1;
    ok = ExitWindowsEx(EWX_LOGOFF, 0);
    printf("  ExitWindowsEx(EWX_LOGOFF): %d\n", ok);
  } else {
    HANDLE token;
    TOKEN_PRIVILEGES tp = {1}, before = {0};
    DWORD size = 0;
    OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token);
    LookupPrivilegeValueA(NULL, SE_SHUTDOWN_NAME, &tp.Privileges[0].Luid);
    tp.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    ok = AdjustTokenPrivileges(token, FALSE, &tp, sizeof before, &before, &size);
    printf("  AdjustTokenPrivileges(SE_SHUTDOWN_NAME enabled): %d, error %lu, %lu changed (was %s)\n", ok, GetLastError(),
           before.PrivilegeCount, before.PrivilegeCount && (before.Privileges[0].Attributes & SE_PRIVILEGE_ENABLED) ? "enabled" : "disabled");
    ok = ExitWindowsEx(EWX_SHUTDOWN, SHTDN_REASON_MAJOR_APPLICATION | SHTDN_REASON_FLAG_PLANNED);
    printf("  ExitWindowsEx(EWX_SHUTDOWN): %d\n", ok);
  }
  SetTimer(w, 1, 20000, NULL);
  MSG msg;
  while (GetMessageW(&msg, NULL, 0, 0) > 0) {
    if (msg.message == WM_APP) {
      printf("  ExitWindows: %d\n", ExitWindows(0, 0));
      continue;
    }
    if (msg.message == WM_TIMER) break;
    DispatchMessageW(&msg);
  }
  printf("  still running\n");
  return 3;
}

static void run_child(const char* how) {
  char self[MAX_PATH], cmd[MAX_PATH + 32];
  GetModuleFileNameA(NULL, self, sizeof self);
  snprintf(cmd, sizeof cmd, "\"%s\" %s", self, how);
  STARTUPINFOA si = {sizeof si};
  PROCESS_INFORMATION pi;
  printf("%s in a child:\n", how);
  fflush(stdout);
  if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
    printf("CreateProcess failed, error %lu\n", GetLastError());
    return;
  }
  WaitForSingleObject(pi.hProcess, INFINITE);
  DWORD code;
  GetExitCodeProcess(pi.hProcess, &code);
  printf("the child ended, status %lu\n", code);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);
}

int main(int argc, char** argv) {
  if (argc > 1) return child(argv[1]);
  run_child("logoff");
  run_child("shutdown");
  printf("without SeShutdownPrivilege:\n");
  SetLastError(0xdead);
  BOOL ok = ExitWindowsEx(EWX_SHUTDOWN, 0);
  printf("  ExitWindowsEx(EWX_SHUTDOWN): %d, error %lu\n", ok, GetLastError());
  SetLastError(0xdead);
  ok = ExitWindowsEx(EWX_POWEROFF, 0);
  printf("  ExitWindowsEx(EWX_POWEROFF): %d, error %lu\n", ok, GetLastError());
  return 0;
}
