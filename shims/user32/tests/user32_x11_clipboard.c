// The clipboard joined with the display's: the program puts Unicode text on the clipboard once its
// window shows, another client of the X display (tests/windows/user32_x11_clipboard.drive: xclip)
// reads it and puts it back with more text, and the program, asking every 100 ms, prints what it
// then finds there (CF_UNICODETEXT, as UTF-8). For tests/windows/x11_driven.sh, against wine 8.0.
#include <stdio.h>
#include <string.h>
#include <windows.h>

static const wchar_t kOffered[] = L"copied from Windows: \u00fcn\u00efc\u00f6d\u00e9 \u2713";
static int polls;

static void utf8_of(const wchar_t* w, char* out, int size) {
  if (!WideCharToMultiByte(CP_UTF8, 0, w, -1, out, size, 0, 0)) out[0] = 0;
}

static LRESULT CALLBACK proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  if (msg == WM_TIMER) {
    ++polls;
    if (IsClipboardFormatAvailable(CF_UNICODETEXT) && OpenClipboard(hwnd)) {
      HANDLE h = GetClipboardData(CF_UNICODETEXT);
      const wchar_t* w = h ? (const wchar_t*)GlobalLock(h) : 0;
      if (w && wcscmp(w, kOffered) != 0) {
        char text[512];
        utf8_of(w, text, sizeof text);
        printf("pasted: %s\n", text);
        PostQuitMessage(0);
      }
      if (w) GlobalUnlock(h);
      CloseClipboard();
    }
    if (polls > 300) {
      printf("nothing pasted in 30 s\n");
      PostQuitMessage(0);
    }
    return 0;
  }
  if (msg == WM_DESTROY) return 0;
  return DefWindowProcW(hwnd, msg, wp, lp);
}

int main(void) {
  WNDCLASSW wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleW(0);
  wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
  wc.lpszClassName = L"ClipboardSample";
  RegisterClassW(&wc);
  HWND hwnd = CreateWindowExW(0, L"ClipboardSample", L"x11_clipboard", WS_POPUP | WS_BORDER, 100, 100, 200, 100, 0, 0,
                              GetModuleHandleW(0), 0);
  ShowWindow(hwnd, SW_SHOW);
  UpdateWindow(hwnd);
  BOOL opened = OpenClipboard(hwnd);
  BOOL emptied = EmptyClipboard();
  HGLOBAL g = GlobalAlloc(GMEM_MOVEABLE, sizeof kOffered);
  memcpy(GlobalLock(g), kOffered, sizeof kOffered);
  GlobalUnlock(g);
  BOOL set = SetClipboardData(CF_UNICODETEXT, g) != 0;
  BOOL closed = CloseClipboard();
  char text[256];
  utf8_of(kOffered, text, sizeof text);
  printf("offered %d %d %d %d: %s\n", opened, emptied, set, closed, text);
  fflush(stdout);
  SetTimer(hwnd, 1, 100, 0);
  MSG m;
  while (GetMessageW(&m, 0, 0, 0) > 0) DispatchMessageW(&m);
  DestroyWindow(hwnd);
  printf("done\n");
  return 0;
}
