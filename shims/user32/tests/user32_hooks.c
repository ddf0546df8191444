/* USER32's hooks and update regions: WH_CBT around creation, activation, focus and destruction (one
 * creation refused), WH_CALLWNDPROC and WH_CALLWNDPROCRET around sent messages, WH_GETMESSAGE
 * changing a message on its way out of GetMessage, hooks unhooked; InvalidateRect, ValidateRect,
 * GetUpdateRect and RedrawWindow on a hidden window, which has nothing to paint (no WM_PAINT). */
// Links: -luser32
#include <stdio.h>
#include <string.h>
#include <windows.h>

static HHOOK cbt_hook, call_hook, ret_hook, get_hook;

static LRESULT CALLBACK cbt(int code, WPARAM wp, LPARAM lp) {
  switch (code) {
    case HCBT_CREATEWND: {
      CBT_CREATEWNDW* c = (CBT_CREATEWNDW*)lp;
      const WCHAR* name = c->lpcs->lpszName ? c->lpcs->lpszName : L"";
      /* (only the sample's windows: the system makes windows of its own, an IME's) */
      if ((ULONG_PTR)c->lpcs->lpszClass < 0x10000 || wcscmp(c->lpcs->lpszClass, L"PolyrunHooks")) break;
      printf("  cbt: create \"%ls\" %dx%d\n", name, c->lpcs->cx, c->lpcs->cy);
      if (!wcscmp(name, L"refuse")) return 1;
      break;
    }
    case HCBT_DESTROYWND: printf("  cbt: destroy\n"); break;
    case HCBT_ACTIVATE: printf("  cbt: activate (from %s)\n", ((CBTACTIVATESTRUCT*)lp)->hWndActive ? "a window" : "none"); break;
    case HCBT_SETFOCUS: printf("  cbt: focus (from %s)\n", lp ? "a window" : "none"); break;
    default: break;
  }
  return CallNextHookEx(cbt_hook, code, wp, lp);
}
static LRESULT CALLBACK call_wnd(int code, WPARAM wp, LPARAM lp) {
  CWPSTRUCT* c = (CWPSTRUCT*)lp;
  if (c->message >= WM_USER) printf("  callwndproc: WM_USER+%u %lu, this thread %d\n", c->message - WM_USER, (unsigned long)c->wParam, wp != 0);
  return CallNextHookEx(call_hook, code, wp, lp);
}
static LRESULT CALLBACK call_ret(int code, WPARAM wp, LPARAM lp) {
  CWPRETSTRUCT* c = (CWPRETSTRUCT*)lp;
  if (c->message >= WM_USER) printf("  callwndprocret: WM_USER+%u result %ld\n", c->message - WM_USER, (long)c->lResult);
  return CallNextHookEx(ret_hook, code, wp, lp);
}
static LRESULT CALLBACK get_msg(int code, WPARAM wp, LPARAM lp) {
  MSG* m = (MSG*)lp;
  if (m->message >= WM_USER) {
    printf("  getmessage: WM_USER+%u %lu %s\n", m->message - WM_USER, (unsigned long)m->wParam, wp == PM_REMOVE ? "removed" : "kept");
    m->wParam += 100;
  }
  return CallNextHookEx(get_hook, code, wp, lp);
}

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM wp, LPARAM lp) {
  if (m >= WM_USER) {
    printf("  proc: WM_USER+%u %lu\n", m - WM_USER, (unsigned long)wp);
    return 7;
  }
  if (m == WM_PAINT) printf("  proc: WM_PAINT\n");
  return DefWindowProcW(h, m, wp, lp);
}

static void show_update(const char* what, HWND h) {
  RECT r;
  BOOL any = GetUpdateRect(h, &r, FALSE);
  printf("%s: %d (%ld,%ld)-(%ld,%ld)\n", what, any, r.left, r.top, r.right, r.bottom);
}

int main(void) {
  WNDCLASSW wc = {0};
  wc.lpfnWndProc = proc;
  wc.lpszClassName = L"PolyrunHooks";
  RegisterClassW(&wc);
  DWORD me = GetCurrentThreadId();
  cbt_hook = SetWindowsHookExW(WH_CBT, cbt, NULL, me);
  printf("SetWindowsHookEx(WH_CBT): %d\n", cbt_hook != NULL);
  printf("create:\n");
  HWND a = CreateWindowW(L"PolyrunHooks", L"a", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100, NULL, NULL, NULL, NULL);
  HWND child = CreateWindowW(L"PolyrunHooks", L"child", WS_CHILD | WS_VISIBLE, 10, 10, 50, 40, a, NULL, NULL, NULL);
  HWND refused = CreateWindowW(L"PolyrunHooks", L"refuse", WS_OVERLAPPEDWINDOW, 0, 0, 10, 10, NULL, NULL, NULL, NULL);
  printf("refused: %s\n", refused ? "made" : "NULL");
  printf("focus:\n");
  SetFocus(a);
  BOOL first = UnhookWindowsHookEx(cbt_hook);
  printf("unhooked: %d, again: %d\n", first, UnhookWindowsHookEx(cbt_hook));
  SetFocus(NULL);

  call_hook = SetWindowsHookExW(WH_CALLWNDPROC, call_wnd, NULL, me);
  ret_hook = SetWindowsHookExW(WH_CALLWNDPROCRET, call_ret, NULL, me);
  get_hook = SetWindowsHookExW(WH_GETMESSAGE, get_msg, NULL, me);
  printf("send:\n");
  printf("SendMessage: %ld\n", (long)SendMessageW(a, WM_USER + 1, 5, 0));
  printf("post and get:\n");
  PostMessageW(a, WM_USER + 2, 6, 0);
  MSG msg;
  PeekMessageW(&msg, NULL, WM_USER, WM_USER + 10, PM_NOREMOVE);
  GetMessageW(&msg, NULL, WM_USER, WM_USER + 10);
  printf("GetMessage gave wParam %lu\n", (unsigned long)msg.wParam);
  DispatchMessageW(&msg);
  UnhookWindowsHookEx(call_hook);
  UnhookWindowsHookEx(ret_hook);
  UnhookWindowsHookEx(get_hook);
  printf("SendMessage without hooks: %ld\n", (long)SendMessageW(a, WM_USER + 3, 0, 0));

  printf("update regions:\n");
  while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
  ValidateRect(a, NULL);
  show_update("none", a);
  RECT r = {10, 20, 30, 40};
  InvalidateRect(a, &r, TRUE);
  show_update("one rectangle", a);
  RECT r2 = {50, 5, 60, 25};
  InvalidateRect(a, &r2, FALSE);
  show_update("two", a);
  RECT all = {0, 0, 1000, 1000};
  ValidateRect(a, &all);
  show_update("validated", a);
  InvalidateRect(a, NULL, FALSE);
  show_update("whole", a);
  show_update("the child", child);
  RedrawWindow(a, NULL, NULL, RDW_VALIDATE | RDW_ALLCHILDREN);
  show_update("RedrawWindow(RDW_VALIDATE)", a);
  printf("a hidden window gets no WM_PAINT: %d\n", PeekMessageW(&msg, NULL, WM_PAINT, WM_PAINT, PM_NOREMOVE));
  DestroyWindow(a);
  return 0;
}
