/* Input the program makes: SendInput's keys (virtual keys, with a modifier, KEYEVENTF_UNICODE) to
 * the foreground window's focus, TranslateMessage's characters for them, the asynchronous key
 * state they leave, keybd_event, a hot key (RegisterHotKey) taking its key press, SendInput's
 * refusals, and an absolute mouse move with a click in the window. */
#include <windows.h>
#include <stdio.h>

static HWND main_window;
static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_KEYDOWN: case WM_KEYUP: case WM_SYSKEYDOWN: case WM_SYSKEYUP:
      printf("  %s 0x%02x%s\n", m == WM_KEYDOWN ? "WM_KEYDOWN" : m == WM_KEYUP ? "WM_KEYUP" : m == WM_SYSKEYDOWN ? "WM_SYSKEYDOWN" : "WM_SYSKEYUP",
             (unsigned)w, (l >> 30) & 1 ? " (was down)" : "");
      break;
    case WM_CHAR: printf("  WM_CHAR 0x%04x\n", (unsigned)w); break;
    case WM_HOTKEY: printf("  WM_HOTKEY id %d mods 0x%x vk 0x%02x\n", (int)w, LOWORD(l), HIWORD(l)); break;
    case WM_LBUTTONDOWN: case WM_LBUTTONUP:
      printf("  %s at (%d,%d)\n", m == WM_LBUTTONDOWN ? "WM_LBUTTONDOWN" : "WM_LBUTTONUP", (short)LOWORD(l), (short)HIWORD(l));
      break;
  }
  return DefWindowProcA(h, m, w, l);
}

static void pump(void) {
  MSG msg;
  DWORD until = GetTickCount() + 300;
  while (GetTickCount() < until) {
    while (PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE)) {
      TranslateMessage(&msg);
      DispatchMessageA(&msg);
    }
    Sleep(10);
  }
}

static INPUT key(WORD vk, WORD scan, DWORD flags) {
  INPUT in;
  ZeroMemory(&in, sizeof in);
  in.type = INPUT_KEYBOARD;
  in.ki.wVk = vk;
  in.ki.wScan = scan;
  in.ki.dwFlags = flags;
  return in;
}

int main(void) {
  WNDCLASSA wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "send_input";
  RegisterClassA(&wc);
  main_window = CreateWindowA("send_input", "input", WS_POPUP | WS_VISIBLE, 0, 0, 400, 300, NULL, NULL, wc.hInstance, NULL);
  SetForegroundWindow(main_window);
  SetFocus(main_window);
  pump();

  printf("SendInput(A down, A up):\n");
  INPUT a[2] = {key('A', 0, 0), key('A', 0, KEYEVENTF_KEYUP)};
  UINT n = SendInput(2, a, sizeof(INPUT));
  pump();
  printf("  -> %u\n", n);

  printf("SendInput(Shift, B, B up, Shift up):\n");
  INPUT b[4] = {key(VK_SHIFT, 0, 0), key('B', 0, 0), key('B', 0, KEYEVENTF_KEYUP), key(VK_SHIFT, 0, KEYEVENTF_KEYUP)};
  n = SendInput(4, b, sizeof(INPUT));
  pump();
  printf("  -> %u\n", n);

  printf("SendInput(KEYEVENTF_UNICODE 0x00e9):\n");
  INPUT u[2] = {key(0, 0xe9, KEYEVENTF_UNICODE), key(0, 0xe9, KEYEVENTF_UNICODE | KEYEVENTF_KEYUP)};
  n = SendInput(2, u, sizeof(INPUT));
  pump();
  printf("  -> %u\n", n);

  printf("keybd_event(C):\n");
  keybd_event('C', 0, 0, 0);
  short held = GetAsyncKeyState('C');
  keybd_event('C', 0, KEYEVENTF_KEYUP, 0);
  pump();
  printf("  GetAsyncKeyState while down: 0x%04x, after: 0x%04x\n", (unsigned short)(held & 0x8000),
         (unsigned short)(GetAsyncKeyState('C') & 0x8000));

  printf("RegisterHotKey(Ctrl+F9): %d\n", RegisterHotKey(main_window, 7, MOD_CONTROL, VK_F9));
  SetLastError(0);
  BOOL again = RegisterHotKey(main_window, 8, MOD_CONTROL, VK_F9);
  printf("RegisterHotKey(the same keys again): %d, error %lu\n", again, GetLastError());
  INPUT h[4] = {key(VK_CONTROL, 0, 0), key(VK_F9, 0, 0), key(VK_F9, 0, KEYEVENTF_KEYUP), key(VK_CONTROL, 0, KEYEVENTF_KEYUP)};
  printf("SendInput(Ctrl+F9):\n");
  SendInput(4, h, sizeof(INPUT));
  pump();
  printf("UnregisterHotKey: %d\n", UnregisterHotKey(main_window, 7));
  SetLastError(0);
  BOOL gone = UnregisterHotKey(main_window, 7);
  printf("UnregisterHotKey(again): %d, error %lu\n", gone, GetLastError());

  SetLastError(0);
  n = SendInput(1, a, sizeof(INPUT) - 1);
  printf("SendInput(a wrong size): %u, error %lu\n", n, GetLastError());

  printf("SendInput(absolute move to the screen's centre, left click):\n");
  INPUT m[3];
  ZeroMemory(m, sizeof m);
  m[0].type = m[1].type = m[2].type = INPUT_MOUSE;
  m[0].mi.dx = 65536 * 100 / GetSystemMetrics(SM_CXSCREEN);
  m[0].mi.dy = 65536 * 50 / GetSystemMetrics(SM_CYSCREEN);
  m[0].mi.dwFlags = MOUSEEVENTF_MOVE | MOUSEEVENTF_ABSOLUTE;
  m[1].mi.dwFlags = MOUSEEVENTF_LEFTDOWN;
  m[2].mi.dwFlags = MOUSEEVENTF_LEFTUP;
  n = SendInput(3, m, sizeof(INPUT));
  pump();
  POINT pt;
  GetCursorPos(&pt);
  printf("  -> %u, cursor at (%ld,%ld)\n", n, pt.x, pt.y);
  DestroyWindow(main_window);
  return 0;
}
