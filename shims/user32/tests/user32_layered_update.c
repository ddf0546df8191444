// USER32's UpdateLayeredWindow: a layered pop-up given its place, size and picture (a 32-bit DIB
// section with per-pixel alpha, ULW_ALPHA) at once, then moved alone; GetLayeredWindowAttributes
// of it (which only SetLayeredWindowAttributes sets up); a window without WS_EX_LAYERED, one whose
// attributes SetLayeredWindowAttributes set, and unknown flags refused. Expected output: wine 8.0's
// (x64).
// Links: -luser32 -lgdi32
#include <stdio.h>
#include <windows.h>

int main(void) {
  HWND w = CreateWindowExW(WS_EX_LAYERED | WS_EX_TOOLWINDOW, L"STATIC", L"layered", WS_POPUP, 10, 10, 20, 20, NULL, NULL,
                           NULL, NULL);
  HDC screen = GetDC(NULL), mem = CreateCompatibleDC(screen);
  BITMAPINFO bi = {{sizeof(BITMAPINFOHEADER), 64, -32, 1, 32, BI_RGB}};
  void* bits = NULL;
  HBITMAP dib = CreateDIBSection(mem, &bi, DIB_RGB_COLORS, &bits, NULL, 0);
  for (int i = 0; i < 64 * 32; i++) ((DWORD*)bits)[i] = 0x80402010;
  HGDIOBJ old = SelectObject(mem, dib);
  POINT dst = {100, 50}, src = {0, 0};
  SIZE size = {64, 32};
  BLENDFUNCTION blend = {AC_SRC_OVER, 0, 200, AC_SRC_ALPHA};
  SetLastError(0xdeadbeef);
  BOOL ok = UpdateLayeredWindow(w, screen, &dst, &size, mem, &src, 0, &blend, ULW_ALPHA);
  RECT r;
  GetWindowRect(w, &r);
  printf("updated: %d, the window at (%ld,%ld) %ldx%ld\n", ok, r.left, r.top, r.right - r.left, r.bottom - r.top);
  POINT moved = {120, 60};
  ok = UpdateLayeredWindow(w, NULL, &moved, NULL, NULL, NULL, 0, NULL, 0);
  GetWindowRect(w, &r);
  printf("moved alone: %d, the window at (%ld,%ld) %ldx%ld\n", ok, r.left, r.top, r.right - r.left, r.bottom - r.top);
  POINT again = {130, 70};
  UPDATELAYEREDWINDOWINFO info = {sizeof info, NULL, &again, &size, mem, &src, 0, &blend, ULW_ALPHA, NULL};
  ok = UpdateLayeredWindowIndirect(w, &info);
  GetWindowRect(w, &r);
  printf("UpdateLayeredWindowIndirect: %d, the window at (%ld,%ld) %ldx%ld\n", ok, r.left, r.top, r.right - r.left,
         r.bottom - r.top);
  COLORREF key;
  BYTE alpha;
  DWORD flags;
  ok = GetLayeredWindowAttributes(w, &key, &alpha, &flags);
  printf("its layered attributes: %d\n", ok);
  SetLastError(0xdeadbeef);
  ok = UpdateLayeredWindow(w, NULL, NULL, NULL, NULL, NULL, 0, NULL, 8);
  printf("an unknown flag: %d, error %lu\n", ok, GetLastError());

  HWND plain = CreateWindowExW(0, L"STATIC", L"plain", WS_POPUP, 0, 0, 10, 10, NULL, NULL, NULL, NULL);
  SetLastError(0xdeadbeef);
  ok = UpdateLayeredWindow(plain, NULL, &dst, &size, mem, &src, 0, &blend, ULW_ALPHA);
  printf("a window that is not layered: %d, error %lu\n", ok, GetLastError());
  HWND set = CreateWindowExW(WS_EX_LAYERED, L"STATIC", L"set", WS_POPUP, 0, 0, 10, 10, NULL, NULL, NULL, NULL);
  SetLayeredWindowAttributes(set, 0, 128, LWA_ALPHA);
  SetLastError(0xdeadbeef);
  ok = UpdateLayeredWindow(set, NULL, &dst, &size, mem, &src, 0, &blend, ULW_ALPHA);
  printf("a window SetLayeredWindowAttributes set: %d, error %lu\n", ok, GetLastError());

  SelectObject(mem, old);
  DeleteObject(dib);
  DeleteDC(mem);
  ReleaseDC(NULL, screen);
  DestroyWindow(set);
  DestroyWindow(plain);
  DestroyWindow(w);
  return 0;
}
