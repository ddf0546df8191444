// IMM32's ImmGetDefaultIMEWnd: none for a thread with no window; after a window is made, the
// thread's default IME window (of the class "IME", "Default IME", a hidden disabled pop-up; the
// same for every window of the thread and for NULL), the IME messages it answers with 0, and a
// second thread's own; ImmGetVirtualKey with no key an IME took. Expected output: wine 8.0's (x64).
// Links: -limm32 -luser32
#include <stdio.h>
#include <windows.h>
#include <imm.h>

static HWND thread_ime;
static DWORD WINAPI other_thread(void* arg) {
  HWND mine = CreateWindowExW(0, L"STATIC", L"two", WS_OVERLAPPED, 0, 0, 50, 50, NULL, NULL, NULL, NULL);
  thread_ime = ImmGetDefaultIMEWnd(mine);
  printf("the second thread's: %d, not the first's %d\n", thread_ime != NULL, thread_ime != *(HWND*)arg);
  DestroyWindow(mine);
  return 0;
}

int main(void) {
  printf("before any window: %d\n", ImmGetDefaultIMEWnd(NULL) != NULL);
  HWND a = CreateWindowExW(0, L"STATIC", L"one", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, NULL, NULL, NULL, NULL);
  HWND b = CreateWindowExW(0, L"BUTTON", L"b", WS_CHILD, 0, 0, 10, 10, a, NULL, NULL, NULL);
  HWND ime = ImmGetDefaultIMEWnd(a);
  printf("after one: %d; the same for a child %d and for NULL %d\n", ime != NULL, ImmGetDefaultIMEWnd(b) == ime,
         ImmGetDefaultIMEWnd(NULL) == ime);
  WCHAR cls[64] = {0}, title[64] = {0};
  GetClassNameW(ime, cls, 64);
  GetWindowTextW(ime, title, 64);
  LONG style = GetWindowLongW(ime, GWL_STYLE);
  printf("class \"%ls\", title \"%ls\", visible %d, pop-up %d, disabled %d, a child %d, its thread %d\n", cls, title,
         IsWindowVisible(ime), (style & WS_POPUP) != 0, (style & WS_DISABLED) != 0, (style & WS_CHILD) != 0,
         GetWindowThreadProcessId(ime, NULL) == GetCurrentThreadId());
  printf("WM_IME_CONTROL: %Id, WM_IME_NOTIFY: %Id\n", SendMessageW(ime, WM_IME_CONTROL, IMC_CLOSESTATUSWINDOW, 0),
         SendMessageW(ime, WM_IME_NOTIFY, IMN_OPENSTATUSWINDOW, 0));
  HANDLE t = CreateThread(NULL, 0, other_thread, &ime, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  printf("an invalid window: %d\n", ImmGetDefaultIMEWnd((HWND)(ULONG_PTR)0xdead0) != NULL);
  printf("ImmGetVirtualKey of the window (no IME took a key): %u\n", ImmGetVirtualKey(a));
  DestroyWindow(a);
  return 0;
}
