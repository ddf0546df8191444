/* What a window tells of itself and small commands on it: GetWindowInfo, GetClassWord and
 * SetClassWord, GetWindowModuleFileName, context help ids, ShowWindowAsync, CloseWindow (which
 * minimizes) and OpenIcon, owned pop-ups hidden and shown with ShowOwnedPopups, AnyPopup; and
 * IsGUIThread, GetProcessDefaultLayout, SetLastErrorEx. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static int shows;
static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (m == WM_SHOWWINDOW) printf("  WM_SHOWWINDOW %d status %ld\n", (int)w, (long)l), shows++;
  return DefWindowProcA(h, m, w, l);
}

static DWORD WINAPI no_gui(LPVOID arg) {
  (void)arg;
  BOOL before = IsGUIThread(FALSE);
  BOOL convert = IsGUIThread(TRUE);
  printf("a new thread: IsGUIThread(FALSE) %d, IsGUIThread(TRUE) %d, then %d\n", before, convert, IsGUIThread(FALSE));
  return 0;
}

int main(void) {
  WNDCLASSA wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "window_info";
  wc.cbClsExtra = 4;
  wc.style = CS_HREDRAW;
  ATOM atom = RegisterClassA(&wc);
  HWND h = CreateWindowExA(0, "window_info", "info", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 50, 60, 300, 200, NULL, NULL,
                           wc.hInstance, NULL);
  WINDOWINFO wi;
  memset(&wi, 0, sizeof wi);
  wi.cbSize = sizeof wi;
  BOOL ok = GetWindowInfo(h, &wi);
  RECT r, c;
  GetWindowRect(h, &r);
  GetClientRect(h, &c);
  POINT o = {0, 0};
  ClientToScreen(h, &o);
  printf("GetWindowInfo: %d, window rect as GetWindowRect %d, client at (%ld,%ld) %ldx%ld as ClientToScreen %d\n", ok,
         EqualRect(&wi.rcWindow, &r), wi.rcClient.left, wi.rcClient.top, wi.rcClient.right - wi.rcClient.left,
         wi.rcClient.bottom - wi.rcClient.top, wi.rcClient.left == o.x && wi.rcClient.top == o.y);
  printf("  style 0x%lx ex 0x%lx status 0x%lx borders %u %u atom as registered %d version 0x%x\n", wi.dwStyle,
         wi.dwExStyle, wi.dwWindowStatus, wi.cxWindowBorders, wi.cyWindowBorders, wi.atomWindowType == atom,
         wi.wCreatorVersion);
  SetLastError(0);
  ok = GetWindowInfo((HWND)0x1234, &wi);
  printf("GetWindowInfo(bad window): %d, error %lu\n", ok, GetLastError());

  printf("GetClassWord(GCW_ATOM) is the atom: %d\n", GetClassWord(h, GCW_ATOM) == atom);
  WORD old = SetClassWord(h, 2, 0xbeef);
  printf("SetClassWord(2): old 0x%x, now 0x%x, GetClassLong(0) 0x%lx\n", old, GetClassWord(h, 2), GetClassLongA(h, 0));
  SetLastError(0);
  WORD bad = SetClassWord(h, 4, 1);
  printf("SetClassWord(past the extra bytes): %u, error %lu\n", bad, GetLastError());
  SetLastError(0);
  bad = GetClassWord(h, -12 /* GCL_HCURSOR */);
  printf("GetClassWord(GCL_HCURSOR): %u, error %lu\n", bad, GetLastError());

  char name[MAX_PATH], module[MAX_PATH];
  UINT n = GetWindowModuleFileNameA(h, name, sizeof name);
  GetModuleFileNameA(NULL, module, sizeof module);
  printf("GetWindowModuleFileName: the program's file %d, length right %d\n", strcmp(name, module) == 0, n == strlen(module));

  printf("GetWindowContextHelpId: %lu\n", GetWindowContextHelpId(h));
  printf("SetWindowContextHelpId: %d, then %lu\n", SetWindowContextHelpId(h, 4242), GetWindowContextHelpId(h));

  HWND popup = CreateWindowExA(0, "window_info", "popup", WS_POPUP | WS_VISIBLE, 0, 0, 50, 50, h, NULL, wc.hInstance, NULL);
  printf("AnyPopup with an owned pop-up shown: %d\n", AnyPopup());
  printf("ShowOwnedPopups(FALSE):\n");
  ok = ShowOwnedPopups(h, FALSE);
  printf("  -> %d, the pop-up visible %d\n", ok, IsWindowVisible(popup));
  printf("ShowOwnedPopups(TRUE):\n");
  ok = ShowOwnedPopups(h, TRUE);
  printf("  -> %d, the pop-up visible %d\n", ok, IsWindowVisible(popup));
  DestroyWindow(popup);

  printf("ShowWindowAsync(SW_HIDE):\n");
  ok = ShowWindowAsync(h, SW_HIDE);
  printf("  -> %d, visible %d\n", ok, IsWindowVisible(h));
  ShowWindow(h, SW_SHOW);
  printf("CloseWindow:\n");
  ok = CloseWindow(h);
  printf("  -> %d, iconic %d, still a window %d\n", ok, IsIconic(h), IsWindow(h));
  printf("OpenIcon:\n");
  ok = OpenIcon(h);
  printf("  -> %d, iconic %d\n", ok, IsIconic(h));
  printf("OpenIcon of a window not minimized: %d\n", OpenIcon(h));

  printf("IsGUIThread(FALSE) on a thread with windows: %d\n", IsGUIThread(FALSE));
  HANDLE t = CreateThread(NULL, 0, no_gui, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  DWORD layout = 9;
  ok = GetProcessDefaultLayout(&layout);
  printf("GetProcessDefaultLayout: %d %lu\n", ok, layout);
  SetLastErrorEx(1234, SLE_ERROR);
  printf("SetLastErrorEx: %lu\n", GetLastError());
  DestroyWindow(h);
  return 0;
}
