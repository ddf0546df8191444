// Painting a window: the messages a window gets when it is shown, invalidated and updated (with
// BeginPaint's rectangle and erase flag), drawing in WM_PAINT (shapes and fills, no text), a child
// window clipped out of its parent (WS_CLIPCHILDREN), and the client area read back through the
// window's DC (GetPixel, and a BitBlt into a DIB section whose pixels are summed). The same program
// under wine 8.0 on an Xvfb gives the expected output.
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>
#include <string.h>

static int logging = 1;

static const char* name(UINT m) {
  switch (m) {
    case WM_SHOWWINDOW: return "WM_SHOWWINDOW";
    case WM_WINDOWPOSCHANGING: return "WM_WINDOWPOSCHANGING";
    case WM_WINDOWPOSCHANGED: return "WM_WINDOWPOSCHANGED";
    case WM_ACTIVATEAPP: return "WM_ACTIVATEAPP";
    case WM_NCACTIVATE: return "WM_NCACTIVATE";
    case WM_ACTIVATE: return "WM_ACTIVATE";
    case WM_SETFOCUS: return "WM_SETFOCUS";
    case WM_NCPAINT: return "WM_NCPAINT";
    case WM_ERASEBKGND: return "WM_ERASEBKGND";
    case WM_PAINT: return "WM_PAINT";
    case WM_SIZE: return "WM_SIZE";
    case WM_MOVE: return "WM_MOVE";
    default: return NULL;
  }
}

static unsigned hash_bytes(const void* p, size_t n) {
  const unsigned char* b = (const unsigned char*)p;
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 16777619u;
  return h;
}

static LRESULT CALLBACK child_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (m == WM_PAINT) {
    PAINTSTRUCT ps;
    HDC dc = BeginPaint(h, &ps);
    HBRUSH b = CreateSolidBrush(RGB(40, 160, 60));
    RECT r;
    GetClientRect(h, &r);
    FillRect(dc, &r, b);
    DeleteObject(b);
    EndPaint(h, &ps);
    if (logging) printf("child WM_PAINT %ld,%ld,%ld,%ld\n", ps.rcPaint.left, ps.rcPaint.top, ps.rcPaint.right, ps.rcPaint.bottom);
    return 0;
  }
  return DefWindowProcA(h, m, w, l);
}

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  const char* n = name(m);
  if (n && logging && m != WM_PAINT) printf("%s\n", n);
  if (m == WM_PAINT) {
    PAINTSTRUCT ps;
    HDC dc = BeginPaint(h, &ps);
    HPEN pen = CreatePen(PS_SOLID, 2, RGB(160, 0, 0));
    HBRUSH brush = CreateHatchBrush(HS_DIAGCROSS, RGB(0, 0, 160));
    HGDIOBJ op = SelectObject(dc, pen), ob = SelectObject(dc, brush);
    Rectangle(dc, 10, 10, 90, 60);
    Ellipse(dc, 60, 40, 150, 110);
    MoveToEx(dc, 0, 149, NULL);
    LineTo(dc, 199, 0);
    SelectObject(dc, op);
    SelectObject(dc, ob);
    DeleteObject(pen);
    DeleteObject(brush);
    EndPaint(h, &ps);
    if (logging)
      printf("WM_PAINT %ld,%ld,%ld,%ld erase %d\n", ps.rcPaint.left, ps.rcPaint.top, ps.rcPaint.right, ps.rcPaint.bottom,
             ps.fErase);
    return 0;
  }
  if (m == WM_DESTROY) PostQuitMessage(0);
  return DefWindowProcA(h, m, w, l);
}

static void pump(void) {
  MSG msg;
  while (PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageA(&msg);
}

// The client area (200 x 150) copied out of the window's DC, summed.
static void read_back(HWND h, const char* what) {
  BITMAPINFO bi;
  memset(&bi, 0, sizeof bi);
  bi.bmiHeader.biSize = sizeof bi.bmiHeader;
  bi.bmiHeader.biWidth = 200;
  bi.bmiHeader.biHeight = -150;
  bi.bmiHeader.biPlanes = 1;
  bi.bmiHeader.biBitCount = 32;
  void* bits;
  HDC mem = CreateCompatibleDC(NULL);
  HBITMAP bmp = CreateDIBSection(mem, &bi, DIB_RGB_COLORS, &bits, NULL, 0);
  HGDIOBJ old = SelectObject(mem, bmp);
  HDC dc = GetDC(h);
  BitBlt(mem, 0, 0, 200, 150, dc, 0, 0, SRCCOPY);
  COLORREF a = GetPixel(dc, 5, 5), b = GetPixel(dc, 100, 75), c = GetPixel(dc, 175, 125);
  ReleaseDC(h, dc);
  GdiFlush();
  for (int i = 0; i < 200 * 150; ++i) ((DWORD*)bits)[i] &= 0xffffff;
  printf("%s: %08x pixels %06lx %06lx %06lx\n", what, hash_bytes(bits, 200 * 150 * 4), (unsigned long)a,
         (unsigned long)b, (unsigned long)c);
  SelectObject(mem, old);
  DeleteObject(bmp);
  DeleteDC(mem);
}

int main(void) {
  WNDCLASSA wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "gdi_window";
  wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
  RegisterClassA(&wc);
  wc.lpfnWndProc = child_proc;
  wc.lpszClassName = "gdi_child";
  wc.hbrBackground = NULL;
  RegisterClassA(&wc);
  RECT r = {0, 0, 200, 150};
  AdjustWindowRect(&r, WS_OVERLAPPEDWINDOW, FALSE);
  HWND h = CreateWindowA("gdi_window", "gdi_window", WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN, 50, 50, r.right - r.left,
                         r.bottom - r.top, NULL, NULL, wc.hInstance, NULL);
  printf("show\n");
  ShowWindow(h, SW_SHOW);
  printf("update\n");
  UpdateWindow(h);
  pump();
  read_back(h, "painted");
  printf("invalidate part\n");
  RECT part = {20, 20, 60, 50};
  InvalidateRect(h, &part, TRUE);
  UpdateWindow(h);
  printf("invalidate without erasing\n");
  InvalidateRect(h, NULL, FALSE);
  pump();
  read_back(h, "repainted");
  printf("child\n");
  HWND c = CreateWindowA("gdi_child", NULL, WS_CHILD | WS_VISIBLE, 120, 20, 60, 40, h, NULL, wc.hInstance, NULL);
  pump();
  InvalidateRect(h, NULL, TRUE);
  pump();
  read_back(h, "with child");
  // Drawing outside WM_PAINT, through GetDC: the child's area is left out (WS_CLIPCHILDREN).
  HDC dc = GetDC(h);
  RECT all = {0, 0, 200, 150};
  FillRect(dc, &all, (HBRUSH)GetStockObject(GRAY_BRUSH));
  ReleaseDC(h, dc);
  read_back(h, "filled around child");
  logging = 0;
  DestroyWindow(c);
  DestroyWindow(h);
  pump();
  printf("done\n");
  return 0;
}
