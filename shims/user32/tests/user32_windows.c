/* USER32's window manager without drawing: a class registered (and refused twice), a hidden
 * top-level window and child windows made, with the messages their procedures get on the way (in
 * order, with their parameters); the tree, window longs and extra bytes, text through ANSI and
 * Unicode calls, properties, geometry and coordinates, moves and resizes; posted, thread and sent
 * messages (from another thread too), timers, WM_QUIT; destruction and the class's end. */
// Links: -luser32
#include <stdio.h>
#include <windows.h>

static const char* name_of(UINT m) {
  switch (m) {
    case WM_CREATE: return "WM_CREATE";
    case WM_DESTROY: return "WM_DESTROY";
    case WM_MOVE: return "WM_MOVE";
    case WM_SIZE: return "WM_SIZE";
    case WM_SETTEXT: return "WM_SETTEXT";
    case WM_CLOSE: return "WM_CLOSE";
    case WM_SHOWWINDOW: return "WM_SHOWWINDOW";
    case WM_GETMINMAXINFO: return "WM_GETMINMAXINFO";
    case WM_WINDOWPOSCHANGING: return "WM_WINDOWPOSCHANGING";
    case WM_WINDOWPOSCHANGED: return "WM_WINDOWPOSCHANGED";
    case WM_STYLECHANGING: return "WM_STYLECHANGING";
    case WM_STYLECHANGED: return "WM_STYLECHANGED";
    case WM_NCCREATE: return "WM_NCCREATE";
    case WM_NCDESTROY: return "WM_NCDESTROY";
    case WM_NCCALCSIZE: return "WM_NCCALCSIZE";
    case WM_PARENTNOTIFY: return "WM_PARENTNOTIFY";
    case WM_TIMER: return "WM_TIMER";
    case WM_ENABLE: return "WM_ENABLE";
    default: return NULL;
  }
}

static int logging = 1;

static void log_message(HWND hwnd, UINT m, WPARAM wp, LPARAM lp) {
  const char* n = name_of(m);
  int id = GetDlgCtrlID(hwnd);
  if (!logging) return;
  if (m >= WM_USER && m < WM_USER + 100) {
    printf("  [%d] WM_USER+%u %lu %ld\n", id, m - WM_USER, (unsigned long)wp, (long)lp);
    return;
  }
  if (!n) return;  /* (messages a desktop's window manager adds are not compared) */
  printf("  [%d] %s", id, n);
  switch (m) {
    case WM_SIZE: printf(" %lu %dx%d", (unsigned long)wp, LOWORD(lp), HIWORD(lp)); break;
    case WM_MOVE: printf(" %d,%d", (short)LOWORD(lp), (short)HIWORD(lp)); break;
    case WM_SHOWWINDOW: printf(" %lu", (unsigned long)wp); break;
    case WM_PARENTNOTIFY: printf(" %s child %d", LOWORD(wp) == WM_CREATE ? "create" : "destroy", HIWORD(wp)); break;
    case WM_WINDOWPOSCHANGING:
    case WM_WINDOWPOSCHANGED: {
      WINDOWPOS* p = (WINDOWPOS*)lp;
      printf(" %d,%d %dx%d%s%s%s", p->x, p->y, p->cx, p->cy, (p->flags & SWP_NOSIZE) ? " nosize" : "",
             (p->flags & SWP_NOMOVE) ? " nomove" : "", (p->flags & SWP_SHOWWINDOW) ? " show" : "");
      break;
    }
    case WM_NCCALCSIZE:
      if (!wp) printf(" (%ld,%ld)-(%ld,%ld)", ((RECT*)lp)->left, ((RECT*)lp)->top, ((RECT*)lp)->right, ((RECT*)lp)->bottom);
      else printf(" valid");
      break;
    case WM_NCCREATE:
    case WM_CREATE: {
      CREATESTRUCTW* cs = (CREATESTRUCTW*)lp;
      printf(" \"%ls\" %d,%d %dx%d style %08lx", cs->lpszName ? cs->lpszName : L"", cs->x, cs->y, cs->cx, cs->cy, cs->style);
      break;
    }
    case WM_STYLECHANGING:
    case WM_STYLECHANGED: {
      STYLESTRUCT* s = (STYLESTRUCT*)lp;
      printf(" %s %08lx -> %08lx", (int)wp == GWL_STYLE ? "style" : "exstyle", s->styleOld, s->styleNew);
      break;
    }
    case WM_TIMER: printf(" id %lu", (unsigned long)wp); break;
    case WM_ENABLE: printf(" %lu", (unsigned long)wp); break;
    default: break;
  }
  printf("\n");
}

static int timer_ticks;
static volatile int cross_thread_sent;

static LRESULT CALLBACK proc(HWND hwnd, UINT m, WPARAM wp, LPARAM lp) {
  log_message(hwnd, m, wp, lp);
  switch (m) {
    case WM_USER + 1: return 1234;
    case WM_USER + 2: PostQuitMessage(7); return 0;
    case WM_USER + 5:
      if (wp == 8) cross_thread_sent = 1;
      return (LRESULT)wp * 2;
    case WM_TIMER:
      if (++timer_ticks == 2) KillTimer(hwnd, wp);
      return 0;
    default: return DefWindowProcW(hwnd, m, wp, lp);
  }
}

static void show_rect(const char* what, HWND h) {
  RECT w, c;
  GetWindowRect(h, &w);
  GetClientRect(h, &c);
  printf("%s: window (%ld,%ld)-(%ld,%ld) client %ldx%ld\n", what, w.left, w.top, w.right, w.bottom, c.right, c.bottom);
}

static int enum_count;
static BOOL CALLBACK count_child(HWND h, LPARAM lp) {
  (void)h;
  ++enum_count;
  return lp != 0;
}
static BOOL CALLBACK list_prop(HWND h, LPWSTR name, HANDLE data, ULONG_PTR param) {
  (void)h;
  (void)param;
  if ((ULONG_PTR)name < 0x10000) printf("  property atom: %lu\n", (unsigned long)(ULONG_PTR)data);
  else printf("  property %ls: %lu\n", name, (unsigned long)(ULONG_PTR)data);
  return TRUE;
}

static int thread_timer_calls;
static void CALLBACK thread_timer(HWND h, UINT m, UINT_PTR id, DWORD t) {
  (void)h, (void)id, (void)t;
  if (m == WM_TIMER) ++thread_timer_calls;
}

static HWND target;
static DWORD main_thread;
static HANDLE callback_sent;

static void CALLBACK answered(HWND h, UINT m, ULONG_PTR data, LRESULT r) {
  (void)h;
  printf("  callback: WM_USER+%u data %lu result %ld on the %s thread\n", m - WM_USER, (unsigned long)data, (long)r,
         GetCurrentThreadId() == main_thread ? "main" : "other");
}
static DWORD WINAPI callback_sender(void* arg) {
  MSG msg;
  (void)arg;
  PeekMessageW(&msg, NULL, 0, 0, PM_NOREMOVE);
  SendMessageCallbackW(target, WM_USER + 5, 8, 0, answered, 77);
  SetEvent(callback_sent);
  /* The callback runs when this thread takes messages again, before the WM_USER+11 that ends it. */
  while (GetMessageW(&msg, NULL, 0, 0) > 0 && msg.message != WM_USER + 11) DispatchMessageW(&msg);
  return 0;
}
static DWORD WINAPI sender(void* arg) {
  (void)arg;
  LRESULT r = SendMessageW(target, WM_USER + 5, 21, 0);
  PostThreadMessageW(main_thread, WM_USER + 6, (WPARAM)r, 0);
  return 0;
}

int main(void) {
  WNDCLASSEXW wc = {sizeof wc};
  wc.lpfnWndProc = proc;
  wc.cbWndExtra = 16;
  wc.cbClsExtra = 8;
  wc.hInstance = GetModuleHandleW(NULL);
  wc.lpszClassName = L"PolyrunTestWindow";
  ATOM atom = RegisterClassExW(&wc);
  printf("RegisterClassEx: %s\n", atom >= 0xc000 ? "an atom" : "no atom");
  SetLastError(0);
  int r = RegisterClassExW(&wc);
  printf("again: %d, error %lu\n", r, GetLastError());
  WNDCLASSEXW got = {sizeof got};
  r = GetClassInfoExW(wc.hInstance, L"polyruntestwindow", &got) == atom;
  printf("GetClassInfoEx: same atom %d, extra %d/%d, proc %s\n", r, got.cbClsExtra, got.cbWndExtra,
         got.lpfnWndProc == proc ? "same" : "other");
  SetLastError(0);
  r = GetClassInfoExW(wc.hInstance, L"NoSuchClass", &got);
  printf("GetClassInfo of an unknown class: %d, error %lu\n", r, GetLastError());
  SetLastError(0);
  HWND none = CreateWindowExW(0, L"NoSuchClass", L"", 0, 0, 0, 10, 10, NULL, NULL, NULL, NULL);
  printf("CreateWindow of an unknown class: %s, error %lu\n", none ? "a window" : "NULL", GetLastError());

  printf("top-level window:\n");
  HWND top = CreateWindowExW(0, L"PolyrunTestWindow", L"Top window", WS_OVERLAPPEDWINDOW, 100, 100, 300, 200, NULL, NULL,
                             wc.hInstance, NULL);
  printf("style %08lx exstyle %08lx visible %d\n", (unsigned long)GetWindowLongW(top, GWL_STYLE),
         (unsigned long)GetWindowLongW(top, GWL_EXSTYLE), IsWindowVisible(top));
  show_rect("top", top);
  printf("parent NULL %d, ancestor is the desktop %d, owner NULL %d\n", GetParent(top) == NULL,
         GetAncestor(top, GA_PARENT) == GetDesktopWindow(), GetWindow(top, GW_OWNER) == NULL);

  printf("children:\n");
  HWND a = CreateWindowExW(0, L"PolyrunTestWindow", L"A", WS_CHILD | WS_VISIBLE | WS_BORDER, 10, 20, 100, 50, top,
                           (HMENU)101, wc.hInstance, NULL);
  HWND b = CreateWindowExW(WS_EX_NOPARENTNOTIFY, L"PolyrunTestWindow", L"B", WS_CHILD, 0, 80, 40, 40, top, (HMENU)102,
                           wc.hInstance, NULL);
  show_rect("A", a);
  printf("A visible %d (its parent is hidden), B visible %d\n", IsWindowVisible(a), IsWindowVisible(b));
  printf("GetParent(A) is top %d, IsChild %d, GetDlgItem(102) is B %d, first child is A %d, next is B %d, last is B %d\n",
         GetParent(a) == top, IsChild(top, a), GetDlgItem(top, 102) == b, GetWindow(top, GW_CHILD) == a,
         GetWindow(a, GW_HWNDNEXT) == b, GetWindow(a, GW_HWNDLAST) == b);
  EnumChildWindows(top, count_child, 1);
  printf("EnumChildWindows: %d\n", enum_count);
  enum_count = 0;
  EnumChildWindows(top, count_child, 0);
  printf("EnumChildWindows stopped after %d\n", enum_count);
  POINT pt = {5, 5};
  ClientToScreen(a, &pt);
  printf("A's (5,5) on the screen: (%ld,%ld)\n", pt.x, pt.y);
  POINT pts[2] = {{0, 0}, {10, 10}};
  MapWindowPoints(a, b, pts, 2);
  printf("A's points in B: (%ld,%ld) (%ld,%ld)\n", pts[0].x, pts[0].y, pts[1].x, pts[1].y);

  printf("text:\n");
  WCHAR wtext[64];
  char text[64];
  SetWindowTextW(a, L"cafe");
  r = GetWindowTextA(a, text, sizeof text);
  printf("GetWindowTextA: %d \"%s\", length W %d A %d\n", r, text, GetWindowTextLengthW(a), GetWindowTextLengthA(a));
  SetWindowTextA(b, "bee");
  r = GetWindowTextW(b, wtext, 64);
  printf("GetWindowTextW: %d \"%ls\"\n", r, wtext);
  r = GetWindowTextW(b, wtext, 3);
  printf("cut to 3: %d \"%ls\"\n", r, wtext);
  printf("FindWindow by class and title: %d, by title: %d, missing: %d\n",
         FindWindowW(L"PolyrunTestWindow", L"Top window") == top, FindWindowA(NULL, "Top window") == top,
         FindWindowW(L"PolyrunTestWindow", L"no such title") == NULL);

  printf("longs:\n");
  SetWindowLongPtrW(a, GWLP_USERDATA, 0x1234);
  SetWindowLongPtrW(a, 8, 0x55667788);
  printf("user data %lx, extra %lx, id %ld\n", (unsigned long)GetWindowLongPtrW(a, GWLP_USERDATA),
         (unsigned long)GetWindowLongPtrW(a, 8), (long)GetWindowLongPtrW(a, GWLP_ID));
  SetLastError(0);
  long past = (long)GetWindowLongPtrW(a, 16);
  printf("extra past the end: %ld, error %lu\n", past, GetLastError());
  SetClassLongPtrW(a, 0, 77);
  printf("class extra %ld, seen from B %ld\n", (long)GetClassLongPtrW(a, 0), (long)GetClassLongPtrW(b, 0));
  SetWindowLongW(b, GWL_STYLE, GetWindowLongW(b, GWL_STYLE) | WS_DISABLED);
  printf("B enabled %d\n", IsWindowEnabled(b));
  printf("EnableWindow: was disabled %d\n", EnableWindow(b, TRUE));

  printf("properties:\n");
  SetPropW(a, L"First", (HANDLE)1);
  SetPropW(a, L"Second", (HANDLE)2);
  SetPropA(a, "first", (HANDLE)3);
  printf("GetProp: %lu %lu, missing %lu\n", (unsigned long)(ULONG_PTR)GetPropW(a, L"FIRST"),
         (unsigned long)(ULONG_PTR)GetPropA(a, "Second"), (unsigned long)(ULONG_PTR)GetPropW(a, L"Third"));
  EnumPropsExW(a, list_prop, 0);
  unsigned long removed = (unsigned long)(ULONG_PTR)RemovePropW(a, L"Second");
  printf("RemoveProp: %lu, then %lu\n", removed, (unsigned long)(ULONG_PTR)GetPropW(a, L"Second"));

  printf("moves:\n");
  MoveWindow(a, 15, 25, 120, 60, TRUE);
  show_rect("A", a);
  SetWindowPos(a, NULL, 30, 40, 0, 0, SWP_NOSIZE | SWP_NOZORDER);
  show_rect("A", a);
  SetWindowPos(a, NULL, 0, 0, 0, 0, SWP_NOSIZE | SWP_NOMOVE | SWP_NOZORDER);

  printf("messages:\n");
  printf("SendMessage: %ld\n", (long)SendMessageW(a, WM_USER + 1, 0, 0));
  PostMessageW(a, WM_USER + 3, 1, 2);
  PostMessageW(b, WM_USER + 4, 3, 4);
  PostThreadMessageW(GetCurrentThreadId(), WM_USER + 7, 5, 6);
  MSG msg;
  r = PeekMessageW(&msg, NULL, 0, 0, PM_NOREMOVE);
  printf("PeekMessage (no remove): %d %s\n", r, msg.message == WM_USER + 3 ? "WM_USER+3" : "other");
  r = PeekMessageW(&msg, b, 0, 0, PM_REMOVE);
  printf("PeekMessage for B only: %d %s\n", r, msg.message == WM_USER + 4 ? "WM_USER+4" : "other");
  r = PeekMessageW(&msg, (HWND)-1, 0, 0, PM_REMOVE);
  printf("PeekMessage for thread messages: %d %s\n", r, msg.message == WM_USER + 7 && msg.hwnd == NULL ? "WM_USER+7" : "other");
  r = PeekMessageW(&msg, NULL, WM_USER + 4, WM_USER + 7, PM_NOREMOVE);
  printf("PeekMessage in a range with nothing: %d\n", r);
  printf("queue status: %08lx\n", (unsigned long)(GetQueueStatus(QS_POSTMESSAGE) & 0xffff0000));
  while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
  /* A message sent from another thread is handled inside GetMessage; the thread posts the reply. */
  target = a;
  main_thread = GetCurrentThreadId();
  HANDLE t = CreateThread(NULL, 0, sender, NULL, 0, NULL);
  while (GetMessageW(&msg, NULL, 0, 0) > 0) {
    if (msg.message == WM_USER + 6) {
      printf("reply from the other thread: %lu\n", (unsigned long)msg.wParam);
      break;
    }
    DispatchMessageW(&msg);
  }
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  SetTimer(a, 7, 20, NULL);
  SetTimer(NULL, 0, 30, thread_timer);
  while (timer_ticks < 2 || !thread_timer_calls) {
    if (!GetMessageW(&msg, NULL, 0, 0)) break;
    DispatchMessageW(&msg);
  }
  printf("timer ticks %d, the thread timer's procedure called %d\n", timer_ticks, thread_timer_calls > 0);
  logging = 0;
  while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
  logging = 1;
  PostMessageW(a, WM_USER + 2, 0, 0);
  PostMessageW(a, WM_USER + 9, 0, 0);
  int got_messages = 0;
  while (GetMessageW(&msg, NULL, 0, 0) > 0) {
    DispatchMessageW(&msg);
    got_messages++;
  }
  printf("GetMessage: WM_QUIT after %d, code %ld\n", got_messages, (long)msg.wParam);

  printf("SendMessageCallback:\n");
  r = SendMessageCallbackW(a, WM_USER + 5, 4, 0, answered, 66);
  printf("same thread: %d\n", r);
  callback_sent = CreateEventW(NULL, TRUE, FALSE, NULL);
  DWORD sender_id;
  t = CreateThread(NULL, 0, callback_sender, NULL, 0, &sender_id);
  WaitForSingleObject(callback_sent, INFINITE);
  /* (PeekMessage handles the message sent to this thread and returns what was posted: nothing.) */
  while (!cross_thread_sent) {
    MsgWaitForMultipleObjects(0, NULL, FALSE, INFINITE, QS_SENDMESSAGE);
    PeekMessageW(&msg, NULL, 0, 0, PM_NOREMOVE);
  }
  PostThreadMessageW(sender_id, WM_USER + 11, 0, 0);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(callback_sent);
  printf("the other thread has ended\n");

  printf("placement:\n");
  WINDOWPLACEMENT wp = {sizeof wp};
  r = GetWindowPlacement(top, &wp);
  printf("GetWindowPlacement %d: show %u min %ld,%ld max %ld,%ld normal (%ld,%ld)-(%ld,%ld)\n", r, wp.showCmd, wp.ptMinPosition.x,
         wp.ptMinPosition.y, wp.ptMaxPosition.x, wp.ptMaxPosition.y, wp.rcNormalPosition.left, wp.rcNormalPosition.top,
         wp.rcNormalPosition.right, wp.rcNormalPosition.bottom);
  wp.rcNormalPosition.left = 50;
  wp.rcNormalPosition.right = 250;
  wp.showCmd = SW_HIDE;
  SetWindowPlacement(top, &wp);
  show_rect("top after SetWindowPlacement", top);
  HDWP d = BeginDeferWindowPos(2);
  d = DeferWindowPos(d, a, NULL, 5, 6, 40, 30, SWP_NOZORDER);
  d = DeferWindowPos(d, a, NULL, 7, 8, 41, 31, SWP_NOZORDER);
  show_rect("A before EndDeferWindowPos", a);
  r = EndDeferWindowPos(d);
  printf("EndDeferWindowPos: %d\n", r);
  show_rect("A", a);
  printf("IsWindowUnicode: %d\n", IsWindowUnicode(a));
  printf("DPI: window %u, system %u\n", GetDpiForWindow(a), GetDpiForSystem());
  printf("DPI awareness contexts equal: per monitor v2 and v1 %d, v1 and v1 %d\n",
         AreDpiAwarenessContextsEqual(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2, DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE),
         AreDpiAwarenessContextsEqual(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE, DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE));
  SetThreadDpiAwarenessContext(DPI_AWARENESS_CONTEXT_SYSTEM_AWARE);
  printf("the thread's awareness after setting it system-aware: %d\n",
         GetAwarenessFromDpiAwarenessContext(GetThreadDpiAwarenessContext()));

  printf("destruction:\n");
  SetLastError(0);
  r = UnregisterClassW(L"PolyrunTestWindow", wc.hInstance);
  printf("UnregisterClass with windows: %d, error %lu\n", r, GetLastError());
  printf("DestroyWindow(B): %d\n", DestroyWindow(b));
  printf("DestroyWindow(top): %d\n", DestroyWindow(top));
  printf("IsWindow: top %d, A %d\n", IsWindow(top), IsWindow(a));
  SetLastError(0);
  r = DestroyWindow(top);
  printf("DestroyWindow again: %d, error %lu\n", r, GetLastError());
  printf("UnregisterClass: %d\n", UnregisterClassW(L"PolyrunTestWindow", wc.hInstance));
  return 0;
}
