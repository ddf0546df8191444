/* USER32's update region by region: InvalidateRgn, ValidateRgn, GetUpdateRgn, ExcludeUpdateRgn and
 * RedrawWindow with a region, on a shown window (GetUpdateRect and GetUpdateRgn read it back),
 * with the results each gives for a bad window or region. */
// Links: -lgdi32
#include <windows.h>
#include <stdio.h>

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) { return DefWindowProcA(h, m, w, l); }

static const char *kind(int k) {
  return k == NULLREGION ? "NULLREGION" : k == SIMPLEREGION ? "SIMPLEREGION" : k == COMPLEXREGION ? "COMPLEXREGION" : "ERROR";
}

static void show(HWND h, const char *what) {
  RECT r;
  BOOL any = GetUpdateRect(h, &r, FALSE);
  HRGN rgn = CreateRectRgn(0, 0, 0, 0);
  int k = GetUpdateRgn(h, rgn, FALSE);
  RECT box;
  GetRgnBox(rgn, &box);
  printf("%s: GetUpdateRect %d (%ld,%ld)-(%ld,%ld), GetUpdateRgn %s (%ld,%ld)-(%ld,%ld)\n", what, any, r.left, r.top, r.right,
         r.bottom, kind(k), box.left, box.top, box.right, box.bottom);
  DeleteObject(rgn);
}

int main(void) {
  WNDCLASSA wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "update_regions";
  RegisterClassA(&wc);
  HWND h = CreateWindowA("update_regions", "t", WS_POPUP | WS_VISIBLE, 10, 10, 200, 100, NULL, NULL, wc.hInstance, NULL);
  ValidateRect(h, NULL);
  show(h, "after ValidateRect(NULL)");

  HRGN a = CreateRectRgn(20, 10, 60, 40);
  printf("InvalidateRgn: %d\n", InvalidateRgn(h, a, FALSE));
  show(h, "one rectangle");
  HRGN b = CreateRectRgn(20, 10, 60, 25);
  printf("ValidateRgn(the top half): %d\n", ValidateRgn(h, b));
  show(h, "its bottom half left");
  printf("ValidateRgn(NULL): %d\n", ValidateRgn(h, NULL));
  show(h, "all validated");
  printf("InvalidateRgn(NULL): %d\n", InvalidateRgn(h, NULL, TRUE));
  show(h, "the whole client area");
  ValidateRect(h, NULL);
  HRGN outside = CreateRectRgn(300, 300, 400, 400);
  InvalidateRgn(h, outside, FALSE);
  show(h, "a region outside the window");

  printf("RedrawWindow(region, RDW_INVALIDATE): %d\n", RedrawWindow(h, NULL, a, RDW_INVALIDATE));
  show(h, "by RedrawWindow");
  RECT ignored = {0, 0, 200, 100};
  printf("RedrawWindow(region and rectangle, RDW_VALIDATE): %d\n", RedrawWindow(h, &ignored, a, RDW_VALIDATE));
  show(h, "validated by the region");

  InvalidateRgn(h, a, FALSE);
  HDC dc = GetDC(h);
  int k = ExcludeUpdateRgn(dc, h);
  RECT clip;
  GetClipBox(dc, &clip);
  printf("ExcludeUpdateRgn: %s, clip box (%ld,%ld)-(%ld,%ld)\n", kind(k), clip.left, clip.top, clip.right, clip.bottom);
  ReleaseDC(h, dc);

  HRGN rgn = CreateRectRgn(0, 0, 0, 0);
  printf("GetUpdateRgn(bad window): %s\n", kind(GetUpdateRgn((HWND)0x1234, rgn, FALSE)));
  printf("GetUpdateRgn(bad region): %s\n", kind(GetUpdateRgn(h, (HRGN)0x1234, FALSE)));
  printf("ValidateRgn(bad window): %d\n", ValidateRgn((HWND)0x1234, NULL));
  DestroyWindow(h);
  DeleteObject(a), DeleteObject(b), DeleteObject(outside), DeleteObject(rgn);
  return 0;
}
