/* USER32's screen and input state without a display: the monitor (EnumDisplayMonitors,
 * MonitorFrom*, GetMonitorInfo), the display mode, the work area and non-client metrics
 * (SystemParametersInfo), keys and their scan codes and characters on the US layout, the cursor,
 * and focus, activation and capture with the messages they send. */
// Links: -luser32
#include <stdio.h>
#include <string.h>
#include <windows.h>

static HWND a, b, c;
static const char* who(HWND h) { return h == a ? "A" : h == b ? "B" : h == c ? "C" : h ? "other" : "0"; }

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM wp, LPARAM lp) {
  switch (m) {
    case WM_ACTIVATEAPP: printf("  %s WM_ACTIVATEAPP %lu\n", who(h), (unsigned long)wp); break;
    /* (wParam says whether the caption is drawn active: whether the window is the foreground one,
     * which a desktop without a window manager decides its own way) */
    case WM_NCACTIVATE: printf("  %s WM_NCACTIVATE (%s)\n", who(h), who((HWND)lp)); break;
    case WM_ACTIVATE: printf("  %s WM_ACTIVATE %u (%s)\n", who(h), LOWORD(wp), who((HWND)lp)); break;
    case WM_SETFOCUS: printf("  %s WM_SETFOCUS (%s)\n", who(h), who((HWND)wp)); break;
    case WM_KILLFOCUS: printf("  %s WM_KILLFOCUS (%s)\n", who(h), who((HWND)wp)); break;
    case WM_CAPTURECHANGED: printf("  %s WM_CAPTURECHANGED (%s)\n", who(h), who((HWND)lp)); break;
    default: break;
  }
  return DefWindowProcW(h, m, wp, lp);
}

static BOOL CALLBACK monitor(HMONITOR m, HDC dc, LPRECT r, LPARAM lp) {
  MONITORINFOEXW mi;
  memset(&mi, 0, sizeof mi);
  mi.cbSize = sizeof mi;
  BOOL ok = GetMonitorInfoW(m, (MONITORINFO*)&mi);
  (void)dc, (void)lp;
  printf("monitor: (%ld,%ld)-(%ld,%ld), info %d: work (%ld,%ld)-(%ld,%ld) primary %lu device %ls\n", r->left, r->top, r->right,
         r->bottom, ok, mi.rcWork.left, mi.rcWork.top, mi.rcWork.right, mi.rcWork.bottom, mi.dwFlags & MONITORINFOF_PRIMARY,
         mi.szDevice);
  POINT inside = {10, 10}, outside = {5000, 5000};
  printf("MonitorFromPoint: inside %d, outside %d, nearest %d; MonitorFromWindow(desktop) %d\n",
         MonitorFromPoint(inside, MONITOR_DEFAULTTONULL) == m, MonitorFromPoint(outside, MONITOR_DEFAULTTONULL) == NULL,
         MonitorFromPoint(outside, MONITOR_DEFAULTTONEAREST) == m, MonitorFromWindow(GetDesktopWindow(), 0) == m);
  return TRUE;
}

int main(void) {
  EnumDisplayMonitors(NULL, NULL, monitor, 0);
  DEVMODEW dm = {0};
  dm.dmSize = sizeof dm;
  BOOL ok = EnumDisplaySettingsW(NULL, ENUM_CURRENT_SETTINGS, &dm);
  printf("display mode %d: %lux%lu, %lu bits, fields %lx\n", ok, dm.dmPelsWidth, dm.dmPelsHeight, dm.dmBitsPerPel,
         dm.dmFields & (DM_BITSPERPEL | DM_PELSWIDTH | DM_PELSHEIGHT));
  DISPLAY_DEVICEW dd = {sizeof dd};
  ok = EnumDisplayDevicesW(NULL, 0, &dd, 0);
  printf("display device %d: %ls flags %lx, a second one %d\n", ok, dd.DeviceName, dd.StateFlags & 5,
         EnumDisplayDevicesW(NULL, 1, &dd, 0));

  RECT wa;
  SystemParametersInfoW(SPI_GETWORKAREA, 0, &wa, 0);
  printf("work area (%ld,%ld)-(%ld,%ld)\n", wa.left, wa.top, wa.right, wa.bottom);
  NONCLIENTMETRICSW nc = {sizeof nc};
  ok = SystemParametersInfoW(SPI_GETNONCLIENTMETRICS, sizeof nc, &nc, 0);
  printf("non-client metrics %d: border %d scroll %dx%d caption %dx%d small caption %dx%d menu %dx%d message font %ld %ld\n", ok,
         nc.iBorderWidth, nc.iScrollWidth, nc.iScrollHeight, nc.iCaptionWidth, nc.iCaptionHeight, nc.iSmCaptionWidth,
         nc.iSmCaptionHeight, nc.iMenuWidth, nc.iMenuHeight, nc.lfMessageFont.lfHeight, nc.lfMessageFont.lfWeight);
  UINT v = 0;
  SystemParametersInfoW(SPI_GETWHEELSCROLLLINES, 0, &v, 0);
  printf("wheel scroll lines %u", v);
  SystemParametersInfoW(SPI_SETWHEELSCROLLLINES, 5, NULL, 0);
  SystemParametersInfoW(SPI_GETWHEELSCROLLLINES, 0, &v, 0);
  printf(", after setting 5: %u\n", v);
  BOOL smoothing = FALSE;
  SystemParametersInfoW(SPI_GETFONTSMOOTHING, 0, &smoothing, 0);
  printf("font smoothing %d\n", smoothing);

  printf("keys: shift %d async %d, double click %u ms, layout %08lx\n", GetKeyState(VK_SHIFT), GetAsyncKeyState(VK_SHIFT),
         GetDoubleClickTime(), (unsigned long)(ULONG_PTR)GetKeyboardLayout(0));
  printf("MapVirtualKey: A -> %u, 0x1e -> %u, space -> %u, F1 -> %u, VK_TO_CHAR(A) %u\n", MapVirtualKeyW('A', MAPVK_VK_TO_VSC),
         MapVirtualKeyW(0x1e, MAPVK_VSC_TO_VK), MapVirtualKeyW(VK_SPACE, MAPVK_VK_TO_VSC), MapVirtualKeyW(VK_F1, MAPVK_VK_TO_VSC),
         MapVirtualKeyW('A', MAPVK_VK_TO_CHAR));
  BYTE state[256] = {0};
  WCHAR ch[4];
  int n = ToUnicode('A', 0x1e, state, ch, 4, 0);
  printf("ToUnicode: A %d '%lc'", n, n > 0 ? ch[0] : L'?');
  state[VK_SHIFT] = 0x80;
  n = ToUnicode('1', 0x02, state, ch, 4, 0);
  printf(", shift+1 %d '%lc'\n", n, n > 0 ? ch[0] : L'?');
  BYTE keys[256] = {0};
  keys[VK_SHIFT] = 0x80;
  keys[VK_CAPITAL] = 0x01;
  SetKeyboardState(keys);
  BYTE back[256];
  GetKeyboardState(back);
  printf("after SetKeyboardState: GetKeyState shift %04x caps lock %04x A %04x, GetKeyboardState shift %02x\n",
         (unsigned short)GetKeyState(VK_SHIFT), (unsigned short)GetKeyState(VK_CAPITAL), (unsigned short)GetKeyState('A'),
         back[VK_SHIFT]);
  memset(keys, 0, sizeof keys);
  SetKeyboardState(keys);
  POINT pt;
  GetCursorPos(&pt);
  printf("cursor at the centre: (%ld,%ld)", pt.x, pt.y);
  SetCursorPos(2000, 10);
  GetCursorPos(&pt);
  printf(", moved past the edge: (%ld,%ld)\n", pt.x, pt.y);

  WNDCLASSW wc = {0};
  wc.lpfnWndProc = proc;
  wc.lpszClassName = L"PolyrunFocus";
  RegisterClassW(&wc);
  a = CreateWindowW(L"PolyrunFocus", L"a", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, 0, 0, 0, 0);
  b = CreateWindowW(L"PolyrunFocus", L"b", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, 0, 0, 0, 0);
  c = CreateWindowW(L"PolyrunFocus", L"c", WS_CHILD, 0, 0, 10, 10, a, 0, 0, 0);
  printf("start: focus %s active %s\n", who(GetFocus()), who(GetActiveWindow()));
  printf("SetFocus(C):\n");
  HWND r = SetFocus(c);
  printf("-> %s; focus %s active %s foreground %s\n", who(r), who(GetFocus()), who(GetActiveWindow()), who(GetForegroundWindow()));
  printf("SetActiveWindow(B):\n");
  r = SetActiveWindow(b);
  printf("-> %s; focus %s active %s\n", who(r), who(GetFocus()), who(GetActiveWindow()));
  printf("SetFocus(NULL):\n");
  r = SetFocus(NULL);
  printf("-> %s; focus %s active %s\n", who(r), who(GetFocus()), who(GetActiveWindow()));
  printf("SetCapture(A), then B, then ReleaseCapture:\n");
  SetCapture(a);
  printf("capture %s\n", who(GetCapture()));
  SetCapture(b);
  ReleaseCapture();
  printf("capture %s\n", who(GetCapture()));
  printf("DestroyWindow(B):\n");
  DestroyWindow(b);
  printf("focus %s active %s\n", who(GetFocus()), who(GetActiveWindow()));
  printf("MsgWaitForMultipleObjects:\n");
  HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
  MSG msg;
  while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
  printf("nothing: %lu\n", MsgWaitForMultipleObjects(1, &ev, FALSE, 0, QS_ALLINPUT));
  PostMessageW(a, WM_USER, 0, 0);
  printf("a posted message: %lu\n", MsgWaitForMultipleObjects(1, &ev, FALSE, 0, QS_ALLINPUT));
  printf("only keys asked: %lu\n", MsgWaitForMultipleObjects(1, &ev, FALSE, 0, QS_KEY));
  while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
  SetEvent(ev);
  printf("the event: %lu\n", MsgWaitForMultipleObjects(1, &ev, FALSE, 0, QS_ALLINPUT));
  ResetEvent(ev);
  SetTimer(a, 1, 30, NULL);
  printf("a timer: %lu\n", MsgWaitForMultipleObjects(1, &ev, FALSE, 5000, QS_TIMER));
  KillTimer(a, 1);
  printf("no objects, 50 ms: %lu\n", MsgWaitForMultipleObjectsEx(0, NULL, 50, QS_ALLINPUT, 0));
  CloseHandle(ev);
  DestroyWindow(a);

  printf("windows at points:\n");
  HWND top = CreateWindowW(L"PolyrunFocus", L"t", WS_POPUP | WS_VISIBLE, 100, 100, 200, 200, 0, 0, 0, 0);
  HWND inner = CreateWindowW(L"PolyrunFocus", L"i", WS_CHILD | WS_VISIBLE, 10, 10, 50, 50, top, 0, 0, 0);
  HWND hidden = CreateWindowW(L"PolyrunFocus", L"h", WS_CHILD, 100, 100, 50, 50, top, 0, 0, 0);
  a = top, b = inner, c = hidden;
  POINT pts[] = {{120, 120}, {170, 170}, {210, 210}, {5, 5}, {5000, 5}};
  for (int i = 0; i < 5; i++) {
    HWND h = WindowFromPoint(pts[i]);
    printf("WindowFromPoint(%ld,%ld): %s\n", pts[i].x, pts[i].y, h == GetDesktopWindow() ? "the desktop" : who(h));
  }
  POINT c1 = {20, 20}, c2 = {110, 110}, c3 = {500, 500};
  printf("ChildWindowFromPoint: %s %s %s\n", who(ChildWindowFromPoint(top, c1)), who(ChildWindowFromPoint(top, c2)),
         who(ChildWindowFromPoint(top, c3)));
  printf("skipping invisible ones: %s, RealChildWindowFromPoint: %s\n", who(ChildWindowFromPointEx(top, c2, CWP_SKIPINVISIBLE)),
         who(RealChildWindowFromPoint(top, c2)));
  DestroyWindow(top);
  UINT devices = 5;
  UINT listed = GetRawInputDeviceList(NULL, &devices, sizeof(RAWINPUTDEVICELIST));
  printf("raw input devices: %u\n", listed);
  return 0;
}
