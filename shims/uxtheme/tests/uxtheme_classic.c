// UXTHEME with no visual style in use, as polyrun runs every program (the classic look): the
// theme's state, opening a theme, the functions of a theme handle, the system metrics asked with
// no theme, the application's theme properties, a window's theme names and dialog texture, and
// buffered painting into a memory DC (32-bit DIB and compatible bitmaps, bits, clearing and
// alpha); COMCTL32's flat scroll bars on a window of the program's own.
// Links: -luxtheme -lgdi32 -luser32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <commctrl.h>
#include <uxtheme.h>
#include <vssym32.h>

// COMCTL32's flat scroll bar functions, found by name (mingw-w64's i686 import library lacks them).
static HMODULE comctl;
static FARPROC flat(const char* name) {
  FARPROC f = GetProcAddress(comctl, name);
  if (!f) {
    printf("missing %s\n", name);
    ExitProcess(1);
  }
  return f;
}
#define F(n) ((__typeof__(&n))flat(#n))

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (m == WM_THEMECHANGED) printf("WM_THEMECHANGED\n");
  return DefWindowProcW(h, m, w, l);
}

int main(void) {
  // The theme's state (no visual style: Windows' classic look).
  SetLastError(0xdead);
  printf("theme active %d app themed %d composition %d\n", IsThemeActive(), IsAppThemed(), IsCompositionActive());
  SetLastError(0);
  HTHEME t = OpenThemeData(NULL, L"BUTTON");
  printf("OpenThemeData %s error %08lx\n", t ? "a theme" : "NULL", GetLastError());
  SetLastError(0);
  t = OpenThemeData(NULL, NULL);
  printf("OpenThemeData(no classes) %s error %08lx\n", t ? "a theme" : "NULL", GetLastError());
  WCHAR name[MAX_PATH];
  printf("GetCurrentThemeName %08lx\n", GetCurrentThemeName(name, MAX_PATH, NULL, 0, NULL, 0));

  // A theme handle's functions with no theme.
  RECT r = {0, 0, 10, 10};
  SIZE sz;
  COLORREF c;
  int i;
  printf("CloseThemeData %08lx\n", CloseThemeData(NULL));
  printf("DrawThemeBackground %08lx\n", DrawThemeBackground(NULL, NULL, 1, 1, &r, NULL));
  printf("GetThemePartSize %08lx\n", GetThemePartSize(NULL, NULL, 1, 1, &r, TS_TRUE, &sz));
  printf("GetThemeColor %08lx\n", GetThemeColor(NULL, 1, 1, TMT_TEXTCOLOR, &c));
  printf("GetThemeInt %08lx\n", GetThemeInt(NULL, 1, 1, TMT_BORDERSIZE, &i));
  printf("GetThemeSysInt %08lx\n", GetThemeSysInt(NULL, TMT_MINCOLORDEPTH, &i));
  printf("GetThemeSysString %08lx\n", GetThemeSysString(NULL, TMT_CSSNAME, name, MAX_PATH));
  SetLastError(0);
  BOOL defined = IsThemePartDefined(NULL, 1, 0);
  printf("IsThemePartDefined %d %08lx\n", defined, GetLastError());
  printf("IsThemeBackgroundPartiallyTransparent %d\n", IsThemeBackgroundPartiallyTransparent(NULL, 1, 1));
  DWORD duration;
  printf("GetThemeTransitionDuration %08lx %08lx\n", GetThemeTransitionDuration(NULL, 1, 0, 1, TMT_TRANSITIONDURATIONS, &duration),
         GetThemeTransitionDuration(NULL, 1, 1, 2, TMT_TRANSITIONDURATIONS, NULL));

  // The system's metrics asked with no theme.
  printf("GetThemeSysColor %06lx %06lx\n", GetThemeSysColor(NULL, COLOR_WINDOW), GetThemeSysColor(NULL, COLOR_BTNTEXT));
  HBRUSH b = GetThemeSysColorBrush(NULL, COLOR_HIGHLIGHT);
  LOGBRUSH lb;
  GetObjectW(b, sizeof lb, &lb);
  printf("GetThemeSysColorBrush %06lx same as GetSysColorBrush %d\n", lb.lbColor, b == GetSysColorBrush(COLOR_HIGHLIGHT));
  DeleteObject(b);
  printf("GetThemeSysSize %d %d\n", GetThemeSysSize(NULL, SM_CXVSCROLL), GetThemeSysSize(NULL, SM_CYSIZE));
  // Each font is SystemParametersInfo's.
  LOGFONTW lf;
  NONCLIENTMETRICSW ncm = {sizeof ncm};
  SystemParametersInfoW(SPI_GETNONCLIENTMETRICS, sizeof ncm, &ncm, 0);
  LOGFONTW icon;
  SystemParametersInfoW(SPI_GETICONTITLELOGFONT, sizeof icon, &icon, 0);
  const LOGFONTW* expect[] = {&ncm.lfCaptionFont, &ncm.lfSmCaptionFont, &ncm.lfMenuFont, &ncm.lfStatusFont, &ncm.lfMessageFont, &icon};
  for (int id = TMT_CAPTIONFONT; id <= TMT_ICONTITLEFONT; ++id) {
    memset(&lf, 0, sizeof lf);
    HRESULT hr = GetThemeSysFont(NULL, id, &lf);
    printf("GetThemeSysFont %d %08lx same as SystemParametersInfo's %d\n", id, hr, !memcmp(&lf, expect[id - TMT_CAPTIONFONT], sizeof lf));
  }
  printf("GetThemeSysFont(unknown) %08lx\n", GetThemeSysFont(NULL, 900, &lf));
  SetLastError(0);
  BOOL flag = GetThemeSysBool(NULL, 2000);
  printf("GetThemeSysBool(unknown) %d %08lx\n", flag, GetLastError());

  // The application's theme properties.
  DWORD props = GetThemeAppProperties();
  SetThemeAppProperties(STAP_ALLOW_NONCLIENT);
  printf("SetThemeAppProperties: %lu\n", GetThemeAppProperties());
  SetThemeAppProperties(props);

  // A window's theme names and dialog texture.
  printf("SetWindowTheme(NULL) %08lx GetWindowTheme(NULL) %s\n", SetWindowTheme(NULL, L"Explorer", NULL), GetWindowTheme(NULL) ? "a theme" : "NULL");
  printf("EnableThemeDialogTexture(NULL) %08lx %08lx\n", EnableThemeDialogTexture(NULL, ETDT_ENABLE), EnableThemeDialogTexture(NULL, 0));
  WNDCLASSW wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleW(NULL);
  wc.lpszClassName = L"UxthemeClassic";
  RegisterClassW(&wc);
  HWND w = CreateWindowExW(0, L"UxthemeClassic", L"x", WS_OVERLAPPEDWINDOW | WS_VSCROLL, 0, 0, 200, 100, NULL, NULL, wc.hInstance, NULL);
  printf("SetWindowTheme %08lx\n", SetWindowTheme(w, L"Explorer", L"TreeView"));
  printf("GetWindowTheme %s\n", GetWindowTheme(w) ? "a theme" : "NULL");
  printf("dialog texture %d", IsThemeDialogTextureEnabled(w));
  EnableThemeDialogTexture(w, ETDT_ENABLETAB);
  printf(" %d", IsThemeDialogTextureEnabled(w));
  EnableThemeDialogTexture(w, ETDT_DISABLE);
  printf(" %d\n", IsThemeDialogTextureEnabled(w));

  // COMCTL32's flat scroll bars: USER32's scroll bars under other names.
  comctl = LoadLibraryA("comctl32.dll");
  printf("InitializeFlatSB %d\n", F(InitializeFlatSB)(w));
  SCROLLINFO si = {sizeof si, SIF_RANGE | SIF_PAGE | SIF_POS, 0, 100, 10, 30, 0};
  printf("FlatSB_SetScrollInfo %d\n", F(FlatSB_SetScrollInfo)(w, SB_VERT, &si, FALSE));
  printf("FlatSB_GetScrollPos %d GetScrollPos %d\n", F(FlatSB_GetScrollPos)(w, SB_VERT), GetScrollPos(w, SB_VERT));
  printf("FlatSB_SetScrollPos %d\n", F(FlatSB_SetScrollPos)(w, SB_VERT, 50, FALSE));
  int lo = -1, hi = -1;
  F(FlatSB_GetScrollRange)(w, SB_VERT, &lo, &hi);
  printf("range %d..%d pos %d\n", lo, hi, GetScrollPos(w, SB_VERT));
  printf("UninitializeFlatSB %08lx\n", F(UninitializeFlatSB)(w));
  DestroyWindow(w);

  // Buffered painting into a memory DC over a 32-bit DIB.
  BITMAPINFO bi = {{sizeof(BITMAPINFOHEADER), 40, -20, 1, 32, BI_RGB}};
  void* target_bits;
  HDC screen = GetDC(NULL), dc = CreateCompatibleDC(screen);
  HBITMAP target = CreateDIBSection(dc, &bi, DIB_RGB_COLORS, &target_bits, NULL, 0);
  SelectObject(dc, target);
  PatBlt(dc, 0, 0, 40, 20, WHITENESS);
  printf("BufferedPaintInit %08lx\n", BufferedPaintInit());
  RECT area = {10, 5, 30, 15};
  HDC mem = NULL;
  HPAINTBUFFER pb = BeginBufferedPaint(dc, &area, BPBF_TOPDOWNDIB, NULL, &mem);
  printf("BeginBufferedPaint %d dc %d same %d target %d\n", pb != NULL, mem != NULL, GetBufferedPaintDC(pb) == mem,
         GetBufferedPaintTargetDC(pb) == dc);
  RECT tr = {0};
  HRESULT hr = GetBufferedPaintTargetRect(pb, &tr);
  printf("GetBufferedPaintTargetRect %08lx %ld,%ld,%ld,%ld\n", hr, tr.left, tr.top, tr.right, tr.bottom);
  RGBQUAD* bits = NULL;
  int width = 0;
  hr = GetBufferedPaintBits(pb, &bits, &width);
  printf("GetBufferedPaintBits %08lx width %d\n", hr, width);
  HBRUSH red = CreateSolidBrush(RGB(255, 0, 0));
  RECT fill = {12, 6, 20, 10};  // in the target's coordinates
  FillRect(mem, &fill, red);
  GdiFlush();
  printf("bits at (12,6) %02x%02x%02x (0,0) %02x%02x%02x\n", bits[1 * width + 2].rgbRed, bits[1 * width + 2].rgbGreen,
         bits[1 * width + 2].rgbBlue, bits[0].rgbRed, bits[0].rgbGreen, bits[0].rgbBlue);
  printf("EndBufferedPaint %08lx\n", EndBufferedPaint(pb, TRUE));
  printf("target (12,6) %06lx (11,5) %06lx (5,5) %06lx (31,5) %06lx\n", GetPixel(dc, 12, 6), GetPixel(dc, 11, 5), GetPixel(dc, 5, 5),
         GetPixel(dc, 31, 5));
  printf("EndBufferedPaint(NULL) %08lx GetBufferedPaintBits(NULL) %08lx\n", EndBufferedPaint(NULL, TRUE),
         GetBufferedPaintBits(NULL, &bits, &width));
  printf("BeginBufferedPaint(empty) %d\n", BeginBufferedPaint(dc, &(RECT){5, 5, 5, 9}, BPBF_DIB, NULL, &mem) != NULL);

  // A compatible bitmap has no bits of its own; an update of FALSE leaves the target.
  pb = BeginBufferedPaint(dc, &area, BPBF_COMPATIBLEBITMAP, NULL, &mem);
  printf("compatible: bits %08lx\n", GetBufferedPaintBits(pb, &bits, &width));
  FillRect(mem, &area, red);
  printf("EndBufferedPaint(FALSE) %08lx target (25,12) %06lx\n", EndBufferedPaint(pb, FALSE), GetPixel(dc, 25, 12));

  // Clearing and alpha (Windows' BufferedPaintClear and BufferedPaintSetAlpha).
  pb = BeginBufferedPaint(dc, &area, BPBF_TOPDOWNDIB, NULL, &mem);
  GetBufferedPaintBits(pb, &bits, &width);
  FillRect(mem, &area, red);
  RECT part = {10, 5, 15, 15};
  hr = BufferedPaintSetAlpha(pb, NULL, 0x80);
  printf("BufferedPaintSetAlpha %08lx", hr);
  printf(" BufferedPaintClear %08lx\n", BufferedPaintClear(pb, &part));
  printf("pixels %08lx %08lx\n", *(DWORD*)&bits[0], *(DWORD*)&bits[width - 1]);
  EndBufferedPaint(pb, FALSE);
  printf("BufferedPaintUnInit %08lx\n", BufferedPaintUnInit());
  DeleteObject(red);
  DeleteDC(dc);
  DeleteObject(target);
  ReleaseDC(NULL, screen);
  return 0;
}
