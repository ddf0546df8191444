// Scroll bars: a window's own bars (WS_HSCROLL, WS_VSCROLL) and SCROLLBAR controls set and read
// with SetScrollInfo, GetScrollInfo, SetScrollPos, SetScrollRange, ShowScrollBar, EnableScrollBar,
// GetScrollBarInfo and the SBM_* messages (ranges, page sizes, positions clamped, bars shown and
// hidden); the client rectangle with and without each bar against GetSystemMetrics' sizes; a press
// on the bars and the controls (the button's release posted first, so the tracking ends at once)
// and the keyboard of a focused control, counted as WM_VSCROLL/WM_HSCROLL notifications;
// ScrollWindowEx of a painted client area read back with GetPixel; DrawFrameControl's results and
// pixels of a checked check box on a memory DC. The same program under wine 8.0 on an Xvfb gives
// the expected output, but for SBM_SETRANGE moving the position into the new range (returning the
// old one), as its documentation says Windows does ("If the position of the scroll box changed,
// the return value is the previous position"), where wine leaves the position outside the range.
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>
#include <string.h>

static int vscrolls, hscrolls;
static int codes[16];
static HWND last_ctl;

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (m == WM_VSCROLL || m == WM_HSCROLL) {
    if (m == WM_VSCROLL) vscrolls++;
    else hscrolls++;
    if (LOWORD(w) < 16) codes[LOWORD(w)]++;
    last_ctl = (HWND)l;
    return 0;
  }
  return DefWindowProcA(h, m, w, l);
}

static void show_codes(const char* what) {
  printf("%s: v %d h %d;", what, vscrolls, hscrolls);
  for (int i = 0; i < 16; i++)
    if (codes[i]) printf(" code%d x%d", i, codes[i]);
  printf("\n");
  vscrolls = hscrolls = 0;
  memset(codes, 0, sizeof codes);
}

static void info(HWND h, int bar, const char* what) {
  SCROLLINFO si;
  memset(&si, 0xcc, sizeof si);
  si.cbSize = sizeof si;
  si.fMask = SIF_ALL;
  BOOL r = GetScrollInfo(h, bar, &si);
  if (r) printf("%s: min %d max %d page %u pos %d track %d\n", what, si.nMin, si.nMax, si.nPage, si.nPos, si.nTrackPos);
  else printf("%s: GetScrollInfo FALSE\n", what);
}

static int set_info(HWND h, int bar, UINT mask, int min, int max, UINT page, int pos) {
  SCROLLINFO si;
  memset(&si, 0, sizeof si);
  si.cbSize = sizeof si;
  si.fMask = mask;
  si.nMin = min;
  si.nMax = max;
  si.nPage = page;
  si.nPos = pos;
  return SetScrollInfo(h, bar, &si, TRUE);
}

static void client(HWND h, const char* what) {
  RECT w, c;
  GetWindowRect(h, &w);
  GetClientRect(h, &c);
  LONG style = GetWindowLongA(h, GWL_STYLE);
  static int base_w, base_h;
  if (!(style & (WS_VSCROLL | WS_HSCROLL))) base_w = c.right, base_h = c.bottom;
  int cx = GetSystemMetrics(SM_CXVSCROLL), cy = GetSystemMetrics(SM_CYHSCROLL);
  printf("%s: vscroll %d hscroll %d; width less by SM_CXVSCROLL %d, height less by SM_CYHSCROLL %d, same %d/%d\n", what,
         (style & WS_VSCROLL) != 0, (style & WS_HSCROLL) != 0, base_w - c.right == cx, base_h - c.bottom == cy,
         base_w == c.right, base_h == c.bottom);
  (void)w;
}

static void bar_info(HWND h, LONG id, const char* what) {
  SCROLLBARINFO sbi;
  memset(&sbi, 0, sizeof sbi);
  sbi.cbSize = sizeof sbi;
  BOOL r = GetScrollBarInfo(h, id, &sbi);
  RECT wr;
  GetWindowRect(h, &wr);
  printf("%s: %d states %lx %lx %lx %lx %lx %lx; button %d thumb %d..%d; rect in window %d\n", what, r,
         sbi.rgstate[0], sbi.rgstate[1], sbi.rgstate[2], sbi.rgstate[3], sbi.rgstate[4], sbi.rgstate[5],
         sbi.dxyLineButton, sbi.xyThumbTop, sbi.xyThumbBottom,
         sbi.rcScrollBar.left >= wr.left && sbi.rcScrollBar.right <= wr.right + 1 && sbi.rcScrollBar.top >= wr.top &&
             sbi.rcScrollBar.bottom <= wr.bottom + 1);
}

static LRESULT CALLBACK paint_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (m == WM_PAINT) {
    PAINTSTRUCT ps;
    HDC dc = BeginPaint(h, &ps);
    RECT r = {0, 0, 200, 20};
    HBRUSH red = CreateSolidBrush(RGB(255, 0, 0)), blue = CreateSolidBrush(RGB(0, 0, 255));
    FillRect(dc, &ps.rcPaint, (HBRUSH)GetStockObject(WHITE_BRUSH));
    FillRect(dc, &r, red);
    r.top = 20, r.bottom = 40;
    FillRect(dc, &r, blue);
    DeleteObject(red);
    DeleteObject(blue);
    EndPaint(h, &ps);
    return 0;
  }
  return DefWindowProcA(h, m, w, l);
}

static void press(HWND target, UINT down, WPARAM hit, int x, int y, int ux, int uy) {
  // The release first, then the press: the tracking loop takes the release and ends.
  PostMessageA(target, WM_LBUTTONUP, 0, MAKELPARAM(ux, uy));
  SendMessageA(target, down, hit, MAKELPARAM(x, y));
  MSG msg;
  while (PeekMessageA(&msg, 0, 0, 0, PM_REMOVE)) DispatchMessageA(&msg);
}

int main(void) {
  WNDCLASSA wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "sbtest";
  wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
  RegisterClassA(&wc);
  wc.lpfnWndProc = paint_proc;
  wc.lpszClassName = "sbpaint";
  RegisterClassA(&wc);

  // ---- the ScrollBar class ----
  WNDCLASSA sc;
  BOOL got = GetClassInfoA(NULL, "ScrollBar", &sc);
  printf("class ScrollBar: %d style %x extra %d brush %d\n", got != 0, sc.style, sc.cbWndExtra, sc.hbrBackground != 0);

  // ---- a window's own bars ----
  HWND h = CreateWindowA("sbtest", "bars", WS_OVERLAPPEDWINDOW, 10, 10, 300, 200, 0, 0, wc.hInstance, 0);
  client(h, "plain");
  info(h, SB_VERT, "plain vert");
  printf("GetScrollPos plain %d\n", GetScrollPos(h, SB_VERT));
  int mn = -1, mx = -1;
  BOOL rr = GetScrollRange(h, SB_VERT, &mn, &mx);
  printf("GetScrollRange plain %d %d %d\n", rr, mn, mx);
  ShowWindow(h, SW_SHOW);
  UpdateWindow(h);

  // Setting a range that scrolls shows the bar.
  int r = set_info(h, SB_VERT, SIF_RANGE, 0, 99, 0, 0);
  printf("SetScrollInfo range 0..99: %d\n", r);
  client(h, "after range");
  info(h, SB_VERT, "vert");
  r = set_info(h, SB_VERT, SIF_PAGE, 0, 0, 10, 0);
  printf("page 10: %d\n", r);
  r = set_info(h, SB_VERT, SIF_POS, 0, 0, 0, 95);
  printf("pos 95 (page 10): %d\n", r);
  info(h, SB_VERT, "vert");
  r = set_info(h, SB_VERT, SIF_POS, 0, 0, 0, -5);
  printf("pos -5: %d\n", r);
  r = set_info(h, SB_VERT, SIF_PAGE, 0, 0, 500, 0);
  printf("page 500: %d\n", r);
  info(h, SB_VERT, "vert");
  client(h, "page covers range");
  r = set_info(h, SB_VERT, SIF_PAGE | SIF_DISABLENOSCROLL, 0, 0, 20, 0);
  r = set_info(h, SB_VERT, SIF_ALL, 10, 60, 20, 50);
  printf("all 10..60 page 20 pos 50: %d\n", r);
  info(h, SB_VERT, "vert");
  client(h, "shown again");
  r = set_info(h, SB_VERT, SIF_RANGE, 50, 10, 0, 0);
  printf("reversed range: %d\n", r);
  info(h, SB_VERT, "vert");
  client(h, "reversed range");
  r = set_info(h, SB_VERT, SIF_RANGE | SIF_DISABLENOSCROLL, 0, 0, 0, 0);
  printf("empty range, DISABLENOSCROLL: %d\n", r);
  client(h, "disabled not hidden");
  bar_info(h, OBJID_VSCROLL, "vert barinfo disabled");
  r = set_info(h, SB_VERT, SIF_RANGE | SIF_POS, 0, 200, 0, 150);
  printf("range 0..200 pos 150: %d\n", r);
  bar_info(h, OBJID_VSCROLL, "vert barinfo");
  bar_info(h, OBJID_HSCROLL, "horz barinfo");

  // SetScrollPos / SetScrollRange.
  int old = SetScrollPos(h, SB_VERT, 170, TRUE);
  int now = GetScrollPos(h, SB_VERT);
  printf("SetScrollPos 170: old %d now %d\n", old, now);
  old = SetScrollPos(h, SB_VERT, 900, TRUE);
  now = GetScrollPos(h, SB_VERT);
  printf("SetScrollPos 900: old %d now %d\n", old, now);
  rr = SetScrollRange(h, SB_VERT, 5, 25, TRUE);
  now = GetScrollPos(h, SB_VERT);
  GetScrollRange(h, SB_VERT, &mn, &mx);
  printf("SetScrollRange 5..25: %d pos %d range %d..%d\n", rr, now, mn, mx);
  rr = SetScrollRange(h, SB_HORZ, 0, 40, TRUE);
  client(h, "both bars");
  rr = GetScrollRange(h, SB_HORZ, &mn, &mx);
  printf("horz range %d %d..%d\n", rr, mn, mx);

  // EnableScrollBar.
  BOOL e1 = EnableScrollBar(h, SB_VERT, ESB_DISABLE_UP);
  BOOL e2 = EnableScrollBar(h, SB_VERT, ESB_DISABLE_UP);
  printf("EnableScrollBar disable up: %d again %d\n", e1, e2);
  bar_info(h, OBJID_VSCROLL, "vert up disabled");
  e1 = EnableScrollBar(h, SB_BOTH, ESB_DISABLE_BOTH);
  bar_info(h, OBJID_HSCROLL, "horz both disabled");
  e2 = EnableScrollBar(h, SB_BOTH, ESB_ENABLE_BOTH);
  printf("EnableScrollBar both: %d enable %d\n", e1, e2);

  // ShowScrollBar.
  BOOL s1 = ShowScrollBar(h, SB_HORZ, FALSE);
  client(h, "horz hidden");
  BOOL s2 = ShowScrollBar(h, SB_BOTH, FALSE);
  client(h, "both hidden");
  info(h, SB_VERT, "vert kept while hidden");
  BOOL s3 = ShowScrollBar(h, SB_VERT, TRUE);
  client(h, "vert shown");
  BOOL s4 = ShowScrollBar(h, SB_BOTH, TRUE);
  client(h, "both shown");
  printf("ShowScrollBar %d %d %d %d\n", s1, s2, s3, s4);

  // A press on the bars (WM_NCLBUTTONDOWN with the hit test's code).
  RECT wr, cr;
  GetWindowRect(h, &wr);
  GetClientRect(h, &cr);
  POINT org = {0, 0};
  ClientToScreen(h, &org);
  int cxv = GetSystemMetrics(SM_CXVSCROLL), cyh = GetSystemMetrics(SM_CYHSCROLL);
  int vx = org.x + cr.right + cxv / 2;
  LRESULT ht1 = SendMessageA(h, WM_NCHITTEST, 0, MAKELPARAM(vx, org.y + 2));
  LRESULT ht2 = SendMessageA(h, WM_NCHITTEST, 0, MAKELPARAM(org.x + 30, org.y + cr.bottom + cyh / 2));
  LRESULT ht3 = SendMessageA(h, WM_NCHITTEST, 0, MAKELPARAM(org.x + 30, org.y + 10));
  printf("hit tests: vscroll %d hscroll %d client %d\n", (int)ht1, (int)ht2, (int)ht3);
  set_info(h, SB_VERT, SIF_ALL, 0, 100, 10, 50);
  show_codes("before");
  press(h, WM_NCLBUTTONDOWN, HTVSCROLL, vx, org.y + 2, cr.right + cxv / 2, 2);
  show_codes("top arrow");
  press(h, WM_NCLBUTTONDOWN, HTVSCROLL, vx, org.y + cr.bottom - 2, cr.right + cxv / 2, cr.bottom - 2);
  show_codes("bottom arrow");
  press(h, WM_NCLBUTTONDOWN, HTVSCROLL, vx, org.y + cxv + 2, cr.right + cxv / 2, cxv + 2);
  show_codes("page up");
  press(h, WM_NCLBUTTONDOWN, HTHSCROLL, org.x + cr.right - 2, org.y + cr.bottom + cyh / 2, cr.right - 2, cr.bottom + cyh / 2);
  show_codes("right arrow");
  info(h, SB_VERT, "vert after presses (the program moves the thumb)");
  DestroyWindow(h);

  // ---- scroll-bar controls ----
  HWND parent = CreateWindowA("sbtest", "controls", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 20, 20, 300, 300, 0, 0, wc.hInstance, 0);
  HWND hb = CreateWindowA("ScrollBar", "", WS_CHILD | WS_VISIBLE | SBS_HORZ | SBS_BOTTOMALIGN, 10, 10, 200, 100, parent,
                          (HMENU)7, wc.hInstance, 0);
  HWND vb = CreateWindowA("ScrollBar", "", WS_CHILD | WS_VISIBLE | WS_TABSTOP | SBS_VERT | SBS_RIGHTALIGN, 10, 10, 100, 200,
                          parent, (HMENU)8, wc.hInstance, 0);
  HWND grip = CreateWindowA("ScrollBar", "", WS_CHILD | WS_VISIBLE | SBS_SIZEGRIP | SBS_SIZEBOXBOTTOMRIGHTALIGN, 0, 0, 250,
                            250, parent, (HMENU)9, wc.hInstance, 0);
  RECT hr, vr, gr;
  GetClientRect(hb, &hr);
  GetClientRect(vb, &vr);
  GetClientRect(grip, &gr);
  printf("SBS_BOTTOMALIGN height is SM_CYHSCROLL+1: %d width kept %d\n", hr.bottom == cyh + 1, hr.right == 200);
  printf("SBS_RIGHTALIGN width is SM_CXVSCROLL+1: %d height kept %d\n", vr.right == cxv + 1, vr.bottom == 200);
  printf("size grip is SM_CXVSCROLL+1 x SM_CYHSCROLL+1: %d\n", gr.right == cxv + 1 && gr.bottom == cyh + 1);
  info(hb, SB_CTL, "control initial");
  printf("SBM_GETPOS %d\n", (int)SendMessageA(hb, SBM_GETPOS, 0, 0));
  LRESULT lr = SendMessageA(hb, SBM_SETRANGE, 0, 50);
  printf("SBM_SETRANGE 0..50: %d\n", (int)lr);
  lr = SendMessageA(hb, SBM_SETPOS, 30, TRUE);
  printf("SBM_SETPOS 30: %d\n", (int)lr);
  lr = SendMessageA(hb, SBM_SETPOS, 80, TRUE);
  printf("SBM_SETPOS 80: %d pos %d\n", (int)lr, (int)SendMessageA(hb, SBM_GETPOS, 0, 0));
  lr = SendMessageA(hb, SBM_SETRANGEREDRAW, 0, 20);
  printf("SBM_SETRANGEREDRAW 0..20: %d pos %d\n", (int)lr, (int)SendMessageA(hb, SBM_GETPOS, 0, 0));
  mn = mx = -1;
  lr = SendMessageA(hb, SBM_GETRANGE, (WPARAM)&mn, (LPARAM)&mx);
  printf("SBM_GETRANGE %d: %d..%d\n", (int)lr, mn, mx);
  r = set_info(hb, SB_CTL, SIF_PAGE, 0, 0, 5, 0);
  printf("SB_CTL page 5: %d\n", r);
  info(hb, SB_CTL, "control");
  SCROLLINFO si;
  memset(&si, 0, sizeof si);
  si.cbSize = sizeof si;
  si.fMask = SIF_RANGE | SIF_POS;
  si.nMin = 100;
  si.nMax = 0;
  si.nPos = 7;
  lr = SendMessageA(hb, SBM_SETSCROLLINFO, TRUE, (LPARAM)&si);
  printf("SBM_SETSCROLLINFO reversed: %d\n", (int)lr);
  memset(&si, 0, sizeof si);
  si.cbSize = sizeof si;
  si.fMask = SIF_ALL;
  lr = SendMessageA(hb, SBM_GETSCROLLINFO, 0, (LPARAM)&si);
  printf("SBM_GETSCROLLINFO %d: %d..%d page %u pos %d\n", (int)lr, si.nMin, si.nMax, si.nPage, si.nPos);
  si.cbSize = 12;
  r = SetScrollInfo(hb, SB_CTL, &si, TRUE);
  printf("bad cbSize: %d\n", r);
  set_info(hb, SB_CTL, SIF_ALL, 0, 100, 20, 40);
  SetScrollRange(hb, SB_CTL, 0, 100, FALSE);
  old = SetScrollPos(hb, SB_CTL, 60, TRUE);
  printf("SetScrollPos SB_CTL: old %d now %d\n", old, GetScrollPos(hb, SB_CTL));
  printf("visible before ShowScrollBar SB_CTL: %d\n", IsWindowVisible(hb) != 0);
  ShowScrollBar(hb, SB_CTL, FALSE);
  printf("visible after: %d\n", IsWindowVisible(hb) != 0);
  ShowScrollBar(hb, SB_CTL, TRUE);
  BOOL en = EnableScrollBar(hb, SB_CTL, ESB_DISABLE_BOTH);
  printf("EnableScrollBar SB_CTL disable: %d window enabled %d\n", en, IsWindowEnabled(hb) != 0);
  en = EnableScrollBar(hb, SB_CTL, ESB_ENABLE_BOTH);
  printf("EnableScrollBar SB_CTL enable: %d window enabled %d\n", en, IsWindowEnabled(hb) != 0);
  lr = SendMessageA(hb, SBM_ENABLE_ARROWS, ESB_DISABLE_LEFT, 0);
  printf("SBM_ENABLE_ARROWS: %d\n", (int)lr);
  bar_info(hb, OBJID_CLIENT, "control barinfo");
  SCROLLBARINFO sbi;
  memset(&sbi, 0, sizeof sbi);
  sbi.cbSize = sizeof sbi;
  lr = SendMessageA(hb, SBM_GETSCROLLBARINFO, 0, (LPARAM)&sbi);
  printf("SBM_GETSCROLLBARINFO %d arrow state %lx\n", (int)lr, sbi.rgstate[1]);
  SendMessageA(hb, SBM_ENABLE_ARROWS, ESB_ENABLE_BOTH, 0);
  printf("WM_GETDLGCODE %x\n", (unsigned)SendMessageA(hb, WM_GETDLGCODE, 0, 0));

  // The mouse on a control: notifications to the parent with the control's handle.
  set_info(vb, SB_CTL, SIF_ALL, 0, 100, 10, 50);
  show_codes("controls before");
  press(vb, WM_LBUTTONDOWN, 0, 5, 3, 5, 3);
  printf("from the control: %d\n", last_ctl == vb);
  show_codes("control top arrow");
  press(vb, WM_LBUTTONDOWN, 0, 5, 197, 5, 197);
  show_codes("control bottom arrow");
  press(vb, WM_LBUTTONDOWN, 0, 5, cxv + 3, 5, cxv + 3);
  show_codes("control page up");
  press(vb, WM_LBUTTONDOWN, 0, 5, 200 - cxv - 3, 5, 200 - cxv - 3);
  show_codes("control page down");
  press(hb, WM_LBUTTONDOWN, 0, 3, 5, 3, 5);
  show_codes("horizontal control left arrow");
  printf("focus on the WS_TABSTOP control after the press: %d\n", GetFocus() == vb);

  // The keyboard of a focused control.
  SetFocus(vb);
  WPARAM keys[] = {VK_UP, VK_DOWN, VK_LEFT, VK_RIGHT, VK_PRIOR, VK_NEXT, VK_HOME, VK_END, 'A'};
  for (int i = 0; i < 9; i++) SendMessageA(vb, WM_KEYDOWN, keys[i], 0);
  show_codes("keys");
  DestroyWindow(parent);

  // ---- ScrollWindowEx ----
  HWND pw = CreateWindowA("sbpaint", "paint", WS_POPUP | WS_VISIBLE, 50, 50, 200, 100, 0, 0, wc.hInstance, 0);
  UpdateWindow(pw);
  HDC dc = GetDC(pw);
  COLORREF p1 = GetPixel(dc, 10, 10), p2 = GetPixel(dc, 10, 30), p3 = GetPixel(dc, 10, 50);
  printf("before: %06lx %06lx %06lx\n", p1, p2, p3);
  RECT upd;
  int k = ScrollWindowEx(pw, 0, -20, NULL, NULL, NULL, &upd, 0);
  p1 = GetPixel(dc, 10, 10), p2 = GetPixel(dc, 10, 30), p3 = GetPixel(dc, 10, 50);
  printf("ScrollWindowEx up 20: %d update %ld,%ld,%ld,%ld; %06lx %06lx %06lx\n", k != ERROR, upd.left, upd.top, upd.right, upd.bottom,
         p1, p2, p3);
  RECT gu;
  BOOL has = GetUpdateRect(pw, &gu, FALSE);
  printf("update rect after (no SW_INVALIDATE): %d\n", has);
  k = ScrollWindowEx(pw, 0, 30, NULL, NULL, NULL, &upd, SW_INVALIDATE | SW_ERASE);
  has = GetUpdateRect(pw, &gu, FALSE);
  p1 = GetPixel(dc, 10, 35), p2 = GetPixel(dc, 10, 55);
  printf("ScrollWindowEx down 30: %d update %ld,%ld,%ld,%ld; invalid %d %ld,%ld,%ld,%ld; %06lx %06lx\n", k != ERROR, upd.left, upd.top,
         upd.right, upd.bottom, has, gu.left, gu.top, gu.right, gu.bottom, p1, p2);
  UpdateWindow(pw);
  RECT part = {0, 0, 100, 100};
  BOOL sw = ScrollWindow(pw, 10, 0, &part, NULL);
  has = GetUpdateRect(pw, &gu, FALSE);
  printf("ScrollWindow right 10 in a part: %d invalid %d %ld,%ld,%ld,%ld\n", sw, has, gu.left, gu.top, gu.right, gu.bottom);
  UpdateWindow(pw);
  RECT dcu;
  BOOL sd = ScrollDC(dc, 0, 10, NULL, NULL, NULL, &dcu);
  p1 = GetPixel(dc, 10, 15);
  printf("ScrollDC down 10: %d; %06lx\n", sd, p1);
  ReleaseDC(pw, dc);
  DestroyWindow(pw);
  int bad1 = ScrollWindowEx((HWND)0x1234, 0, 1, NULL, NULL, NULL, NULL, 0);
  int bad2 = GetScrollPos((HWND)0x1234, SB_VERT);
  int bad3 = set_info((HWND)0x1234, SB_VERT, SIF_POS, 0, 0, 0, 1);
  printf("bad window: ScrollWindowEx %d GetScrollPos %d SetScrollInfo %d\n", bad1, bad2, bad3);

  // ---- DrawFrameControl ----
  HDC mem = CreateCompatibleDC(0);
  HBITMAP bmp = CreateCompatibleBitmap(GetDC(0), 40, 40);
  SelectObject(mem, bmp);
  RECT box = {0, 0, 13, 13};
  BOOL d1 = DrawFrameControl(mem, &box, DFC_BUTTON, DFCS_BUTTONCHECK | DFCS_CHECKED);
  printf("check box: %d\n", d1);
  int px[][2] = {{0, 0}, {1, 1}, {12, 12}, {11, 11}, {0, 12}, {2, 2}, {3, 5}, {3, 4}, {5, 8}, {9, 3}, {9, 6}, {10, 10}};
  for (int i = 0; i < 12; i++) printf("  pixel %d,%d: %06lx\n", px[i][0], px[i][1], GetPixel(mem, px[i][0], px[i][1]));
  RECT push = {0, 0, 20, 20};
  BOOL d2 = DrawFrameControl(mem, &push, DFC_BUTTON, DFCS_BUTTONPUSH | DFCS_ADJUSTRECT);
  printf("push: %d adjusted %ld,%ld,%ld,%ld corner %06lx %06lx middle %06lx\n", d2, push.left, push.top, push.right, push.bottom,
         GetPixel(mem, 0, 0), GetPixel(mem, 19, 19), GetPixel(mem, 10, 10));
  RECT any = {0, 0, 16, 16};
  int kinds[][2] = {{DFC_BUTTON, DFCS_BUTTONRADIO}, {DFC_BUTTON, DFCS_BUTTON3STATE | DFCS_CHECKED},
                    {DFC_BUTTON, 0x20}, {DFC_SCROLL, DFCS_SCROLLUP}, {DFC_SCROLL, DFCS_SCROLLCOMBOBOX},
                    {DFC_SCROLL, DFCS_SCROLLSIZEGRIP}, {DFC_SCROLL, 7}, {DFC_CAPTION, DFCS_CAPTIONCLOSE},
                    {DFC_CAPTION, DFCS_CAPTIONHELP}, {DFC_CAPTION, 9}, {DFC_MENU, DFCS_MENUCHECK},
                    {DFC_MENU, DFCS_MENUBULLET}, {DFC_MENU, 9}, {DFC_POPUPMENU, 0}, {9, 0}};
  for (int i = 0; i < 15; i++) {
    BOOL d = DrawFrameControl(mem, &any, kinds[i][0], kinds[i][1]);
    printf("DrawFrameControl type %d state %x: %d\n", kinds[i][0], kinds[i][1], d);
  }
  RECT arrow = {0, 0, 16, 16};
  DrawFrameControl(mem, &arrow, DFC_SCROLL, DFCS_SCROLLDOWN);
  printf("down arrow: face %06lx tip %06lx\n", GetPixel(mem, 3, 3), GetPixel(mem, 7, 9));
  DeleteDC(mem);
  DeleteObject(bmp);
  return 0;
}
