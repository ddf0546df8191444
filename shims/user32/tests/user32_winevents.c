/* USER32's WinEvent hooks: SetWinEventHook's errors; an out-of-context hook of the process's events
 * (called on the hooking thread when it looks for messages) seeing what the window manager raises
 * as windows are made, named, shown, moved, focused, minimized and restored, captured and
 * destroyed; NotifyWinEvent of an event of the OEM's range; in-context hooks called at once; hooks
 * that skip the hooking thread's or process's own events, one for another thread's alone; unhooking. */
// Links: -luser32
#include <stdio.h>
#include <windows.h>

static HWND main_win, child_win, other_win;
static DWORD main_thread;
static const char* step = "";  /* what the program did last (it names the events it raised) */

static const char* event_name(DWORD e) {
  switch (e) {
    case EVENT_SYSTEM_FOREGROUND: return "SYSTEM_FOREGROUND";
    case EVENT_SYSTEM_CAPTURESTART: return "SYSTEM_CAPTURESTART";
    case EVENT_SYSTEM_CAPTUREEND: return "SYSTEM_CAPTUREEND";
    case EVENT_SYSTEM_MINIMIZESTART: return "SYSTEM_MINIMIZESTART";
    case EVENT_SYSTEM_MINIMIZEEND: return "SYSTEM_MINIMIZEEND";
    case EVENT_OBJECT_CREATE: return "OBJECT_CREATE";
    case EVENT_OBJECT_DESTROY: return "OBJECT_DESTROY";
    case EVENT_OBJECT_SHOW: return "OBJECT_SHOW";
    case EVENT_OBJECT_HIDE: return "OBJECT_HIDE";
    case EVENT_OBJECT_FOCUS: return "OBJECT_FOCUS";
    case EVENT_OBJECT_LOCATIONCHANGE: return "OBJECT_LOCATIONCHANGE";
    case EVENT_OBJECT_NAMECHANGE: return "OBJECT_NAMECHANGE";
    default: break;
  }
  /* (the OEM's range by number) */
  static char oem[8];
  if (e < EVENT_OEM_DEFINED_START || e > EVENT_OEM_DEFINED_END) return NULL;
  sprintf(oem, "0x%04lx", e);
  return oem;
}

static const char* window_name(HWND h) {
  if (!h) return "none";
  if (h == main_win) return "main";
  if (h == child_win) return "child";
  if (h == other_win) return "other";
  return NULL;
}

/* The events of the sample's windows (not those of the system's own windows, an IME's) that the
 * sample looks at (the object events between OBJECT_CREATE and OBJECT_NAMECHANGE also hold
 * reordering, selections and state changes: not these). */
static void CALLBACK on_event(HWINEVENTHOOK hook, DWORD event, HWND hwnd, LONG object, LONG child, DWORD thread, DWORD time) {
  (void)hook, (void)time;
  const char* who = window_name(hwnd);
  const char* name = event_name(event);
  if (!who || !name) return;
  printf("  %s: %s %s object %ld child %ld, raised by %s thread, called on %s thread\n", step, name, who, object, child,
         thread == main_thread ? "the main" : "another", GetCurrentThreadId() == main_thread ? "the main" : "another");
}

static void CALLBACK in_context(HWINEVENTHOOK hook, DWORD event, HWND hwnd, LONG object, LONG child, DWORD thread, DWORD time) {
  (void)hook, (void)thread, (void)time;
  if (!window_name(hwnd) || !event_name(event)) return;
  printf("  %s: in-context %s %s object %ld child %ld\n", step, event_name(event), window_name(hwnd), object, child);
}

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM wp, LPARAM lp) { return DefWindowProcW(h, m, wp, lp); }


/* Out-of-context events come when the hooking thread looks for messages. */
static void pump(const char* what) {
  step = what;
  printf("%s:\n", what);
  MSG msg;
  while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
}

static DWORD WINAPI other_thread(void* arg) {
  (void)arg;
  other_win = CreateWindowW(L"PolyrunWinEvents", L"other", WS_OVERLAPPEDWINDOW, 0, 0, 100, 80, NULL, NULL, NULL, NULL);
  SetWindowTextW(other_win, L"other renamed");
  DestroyWindow(other_win);
  return 0;
}

/* The other thread's events, with a hook of those alone (made before the thread starts) or not. */
static HWINEVENTHOOK other_hook;
static void run_other_thread(BOOL hook_it) {
  DWORD id;
  HANDLE t = CreateThread(NULL, 0, other_thread, NULL, CREATE_SUSPENDED, &id);
  if (hook_it) other_hook = SetWinEventHook(EVENT_OBJECT_CREATE, EVENT_OBJECT_NAMECHANGE, NULL, on_event, GetCurrentProcessId(), id, WINEVENT_OUTOFCONTEXT);
  ResumeThread(t);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

int main(void) {
  WNDCLASSW wc = {0};
  wc.lpfnWndProc = proc;
  wc.lpszClassName = L"PolyrunWinEvents";
  RegisterClassW(&wc);
  main_thread = GetCurrentThreadId();
  const DWORD pid = GetCurrentProcessId();

  printf("errors:\n");
  SetLastError(0xdead);
  HWINEVENTHOOK h = SetWinEventHook(EVENT_OBJECT_SHOW, EVENT_OBJECT_CREATE, NULL, on_event, pid, 0, WINEVENT_OUTOFCONTEXT);
  printf("  min above max: %s, error %lu\n", h ? "a hook" : "NULL", GetLastError());
  SetLastError(0xdead);
  h = SetWinEventHook(EVENT_OBJECT_CREATE, EVENT_OBJECT_CREATE, NULL, on_event, pid, 0, WINEVENT_INCONTEXT);
  printf("  in context without a module: %s, error %lu\n", h ? "a hook" : "NULL", GetLastError());
  printf("  UnhookWinEvent(NULL): %d\n", UnhookWinEvent(NULL));

  HWINEVENTHOOK objects = SetWinEventHook(EVENT_OBJECT_CREATE, EVENT_OBJECT_NAMECHANGE, NULL, on_event, pid, 0, WINEVENT_OUTOFCONTEXT);
  HWINEVENTHOOK foreground = SetWinEventHook(EVENT_SYSTEM_FOREGROUND, EVENT_SYSTEM_FOREGROUND, NULL, on_event, pid, 0, WINEVENT_OUTOFCONTEXT);
  printf("out-of-context hooks: %d %d\n", objects != NULL, foreground != NULL);

  main_win = CreateWindowW(L"PolyrunWinEvents", L"main", WS_OVERLAPPEDWINDOW, 10, 20, 300, 200, NULL, NULL, NULL, NULL);
  printf("created (nothing called yet)\n");
  pump("create");
  SetWindowTextW(main_win, L"renamed");
  pump("settext");
  ShowWindow(main_win, SW_SHOWNORMAL);
  pump("show");
  SetWindowPos(main_win, NULL, 30, 40, 0, 0, SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE);
  pump("move");
  SetWindowPos(main_win, NULL, 0, 0, 320, 210, SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE);
  pump("size");
  child_win = CreateWindowW(L"PolyrunWinEvents", L"child", WS_CHILD | WS_VISIBLE, 5, 5, 50, 30, main_win, NULL, NULL, NULL);
  pump("child");
  SetFocus(child_win);
  pump("focus child");
  SetFocus(main_win);
  pump("focus main");
  UnhookWinEvent(foreground);

  printf("system events (capture, minimizing):\n");
  HWINEVENTHOOK system = SetWinEventHook(EVENT_SYSTEM_CAPTURESTART, EVENT_SYSTEM_MINIMIZEEND, NULL, on_event, pid, 0, WINEVENT_OUTOFCONTEXT);
  UnhookWinEvent(objects);
  SetCapture(child_win);
  pump("capture child");
  SetCapture(main_win);
  pump("capture main");
  ReleaseCapture();
  pump("release");
  ShowWindow(main_win, SW_MINIMIZE);
  pump("minimize");
  ShowWindow(main_win, SW_RESTORE);
  pump("restore");
  UnhookWinEvent(system);
  HWINEVENTHOOK oem = SetWinEventHook(EVENT_OEM_DEFINED_START, EVENT_OEM_DEFINED_END, NULL, on_event, pid, 0, WINEVENT_OUTOFCONTEXT);
  NotifyWinEvent(EVENT_OEM_DEFINED_START + 5, main_win, OBJID_CLIENT, 3);
  pump("notify");
  UnhookWinEvent(oem);
  objects = SetWinEventHook(EVENT_OBJECT_CREATE, EVENT_OBJECT_NAMECHANGE, NULL, on_event, pid, 0, WINEVENT_OUTOFCONTEXT);

  HWINEVENTHOOK in = SetWinEventHook(EVENT_OBJECT_FOCUS, EVENT_OBJECT_FOCUS, GetModuleHandleW(NULL), in_context, pid, 0, WINEVENT_INCONTEXT);
  HWINEVENTHOOK in_oem = SetWinEventHook(EVENT_OEM_DEFINED_START, EVENT_OEM_DEFINED_END, GetModuleHandleW(NULL), in_context, pid, 0,
                                         WINEVENT_INCONTEXT);
  printf("in-context hooks: %d %d\n", in != NULL, in_oem != NULL);
  step = "in context";
  SetFocus(child_win);
  printf("SetFocus returned\n");
  NotifyWinEvent(EVENT_OEM_DEFINED_START + 7, child_win, OBJID_WINDOW, 0);
  printf("NotifyWinEvent returned\n");
  pump("in context, then messages");
  printf("UnhookWinEvent(in-context): %d %d\n", UnhookWinEvent(in), UnhookWinEvent(in_oem));
  BOOL first = UnhookWinEvent(objects);
  printf("UnhookWinEvent(out-of-context): %d, again: %d\n", first, UnhookWinEvent(objects));
  SetFocus(main_win);
  pump("unhooked");

  printf("another thread's window:\n");
  HWINEVENTHOOK all = SetWinEventHook(EVENT_OBJECT_CREATE, EVENT_OBJECT_NAMECHANGE, NULL, on_event, 0, 0, WINEVENT_OUTOFCONTEXT | WINEVENT_SKIPOWNTHREAD);
  run_other_thread(FALSE);
  pump("skipping its own thread");
  SetFocus(child_win);
  pump("its own focus");
  UnhookWinEvent(all);
  all = SetWinEventHook(EVENT_OBJECT_CREATE, EVENT_OBJECT_NAMECHANGE, NULL, on_event, 0, 0, WINEVENT_OUTOFCONTEXT | WINEVENT_SKIPOWNPROCESS);
  run_other_thread(FALSE);
  SetFocus(main_win);
  pump("skipping its own process");
  UnhookWinEvent(all);
  run_other_thread(TRUE);
  SetFocus(child_win);
  pump("the other thread only");
  UnhookWinEvent(other_hook);

  printf("hiding and destroying:\n");
  all = SetWinEventHook(EVENT_OBJECT_CREATE, EVENT_OBJECT_NAMECHANGE, NULL, on_event, pid, 0, WINEVENT_OUTOFCONTEXT);
  ShowWindow(child_win, SW_HIDE);
  pump("hide child");
  DestroyWindow(child_win);
  pump("destroy child");
  UnhookWinEvent(all);
  all = SetWinEventHook(EVENT_OBJECT_DESTROY, EVENT_OBJECT_DESTROY, NULL, on_event, pid, 0, WINEVENT_OUTOFCONTEXT);
  DestroyWindow(main_win);
  pump("destroy");
  UnhookWinEvent(all);
  return 0;
}
