// COMCTL32's simpler common controls: a progress bar, status bars (CreateWindowEx and
// CreateStatusWindow), trackbars (horizontal and vertical), up-down controls (CreateWindowEx and
// CreateUpDownControl, with a buddy edit) and a tooltip window, each made in a window and driven with
// its messages; what they return, the WM_NOTIFY/WM_HSCROLL/WM_VSCROLL/WM_COMMAND/WM_DRAWITEM their
// parent gets, key presses and clicks sent with SendMessage, and the classes' names as GetClassName
// reports them. Only facts that do not depend on the font. The same program under wine 8.0 on an
// Xvfb gives the expected output.
// Links: -lcomctl32 -lgdi32 -luser32
#include <windows.h>
#include <commctrl.h>
#include <stdio.h>
#include <string.h>

// One message's answer, the calls in the program's order (a printf's arguments have none).
#define SM(h, m, w, l) ((long)SendMessageA((h), (m), (WPARAM)(w), (LPARAM)(l)))

static int quiet, counting, deltas;
static LRESULT deltapos_answer;

static const char* who(HWND h) {
  static char name[64];
  if (!h) return "NULL";
  GetClassNameA(h, name, sizeof name);
  return name;
}

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_NOTIFY: {
      NMHDR* n = (NMHDR*)l;
      if (n->code == UDN_DELTAPOS && counting) {
        deltas++;
        return 0;
      }
      if (n->code == UDN_DELTAPOS) {
        NMUPDOWN* u = (NMUPDOWN*)l;
        printf("  WM_NOTIFY id %u UDN_DELTAPOS pos %d delta %d from %s\n", (unsigned)n->idFrom, u->iPos, u->iDelta,
               who(n->hwndFrom));
        return deltapos_answer;
      }
      if (n->code == NM_CUSTOMDRAW || quiet) return 0;
      printf("  WM_NOTIFY id %u code %d from %s\n", (unsigned)n->idFrom, (int)n->code, who(n->hwndFrom));
      return 0;
    }
    case WM_HSCROLL:
    case WM_VSCROLL:
      if (!quiet)
        printf("  %s code %u pos %u from %s\n", m == WM_HSCROLL ? "WM_HSCROLL" : "WM_VSCROLL", LOWORD(w), HIWORD(w),
               who((HWND)l));
      return 0;
    case WM_COMMAND:
      if (!quiet && l) printf("  WM_COMMAND id %u code %u from %s\n", LOWORD(w), HIWORD(w), who((HWND)l));
      return 0;
    case WM_DRAWITEM: {
      DRAWITEMSTRUCT* d = (DRAWITEMSTRUCT*)l;
      // (a status bar's CtlType, itemAction and itemState are undefined, as its documentation says)
      printf("  WM_DRAWITEM id %u item %u data %lu from %s\n", (unsigned)w, d->itemID, (unsigned long)d->itemData,
             who(d->hwndItem));
      return TRUE;
    }
  }
  return DefWindowProcA(h, m, w, l);
}

static void progress(HWND parent) {
  printf("-- progress\n");
  HWND pb = CreateWindowExA(0, PROGRESS_CLASSA, NULL, WS_CHILD | WS_VISIBLE, 10, 10, 200, 20, parent, (HMENU)10, NULL, NULL);
  printf("class %s\n", who(pb));
  PBRANGE r;
  LRESULT max = SendMessageA(pb, PBM_GETRANGE, FALSE, (LPARAM)&r);
  long a = SM(pb, PBM_GETRANGE, TRUE, 0), b = SM(pb, PBM_GETPOS, 0, 0), c, d;
  printf("GETRANGE %ld (%d..%d) min %ld pos %ld\n", (long)max, r.iLow, r.iHigh, a, b);
  printf("SETRANGE 0..50 -> %08lx\n", (unsigned long)SendMessageA(pb, PBM_SETRANGE, 0, MAKELPARAM(0, 50)));
  printf("SETPOS 20 -> %ld\n", (long)SendMessageA(pb, PBM_SETPOS, 20, 0));
  a = SM(pb, PBM_SETPOS, 80, 0), b = SM(pb, PBM_GETPOS, 0, 0);
  printf("SETPOS 80 -> %ld pos %ld\n", a, b);
  a = SM(pb, PBM_SETPOS, -5, 0), b = SM(pb, PBM_GETPOS, 0, 0);
  printf("SETPOS -5 -> %ld pos %ld\n", a, b);
  a = SM(pb, PBM_DELTAPOS, 7, 0), b = SM(pb, PBM_GETPOS, 0, 0);
  printf("DELTAPOS 7 -> %ld pos %ld\n", a, b);
  a = SM(pb, PBM_DELTAPOS, 100, 0), b = SM(pb, PBM_GETPOS, 0, 0);
  printf("DELTAPOS 100 -> %ld pos %ld\n", a, b);
  printf("SETSTEP 15 -> %ld\n", (long)SendMessageA(pb, PBM_SETSTEP, 15, 0));
  SendMessageA(pb, PBM_SETPOS, 30, 0);
  for (int i = 0; i < 3; i++) {
    LRESULT old = SendMessageA(pb, PBM_STEPIT, 0, 0);
    printf("STEPIT -> %ld pos %ld\n", (long)old, (long)SendMessageA(pb, PBM_GETPOS, 0, 0));
  }
  printf("SETRANGE32 -1000..100000 -> %08lx\n", (unsigned long)SendMessageA(pb, PBM_SETRANGE32, -1000, 100000));
  max = SendMessageA(pb, PBM_GETRANGE, FALSE, (LPARAM)&r);
  printf("GETRANGE %ld (%d..%d)\n", (long)max, r.iLow, r.iHigh);
  a = SM(pb, PBM_SETPOS, 70000, 0), b = SM(pb, PBM_GETPOS, 0, 0);
  printf("SETPOS 70000 -> %ld pos %ld\n", a, b);
  a = SM(pb, PBM_SETRANGE, 0, MAKELPARAM(0, 100)), b = SM(pb, PBM_GETPOS, 0, 0);
  printf("SETRANGE 0..100 -> %08lx pos %ld\n", (unsigned long)a, b);
  a = SM(pb, PBM_SETBARCOLOR, 0, RGB(255, 0, 0)), b = SM(pb, PBM_SETBARCOLOR, 0, CLR_DEFAULT);
  printf("SETBARCOLOR -> %08lx then %08lx\n", (unsigned long)a, (unsigned long)b);
  a = SM(pb, PBM_SETBKCOLOR, 0, RGB(0, 0, 255)), b = SM(pb, PBM_SETBKCOLOR, 0, CLR_DEFAULT);
  printf("SETBKCOLOR -> %08lx then %08lx\n", (unsigned long)a, (unsigned long)b);
  a = SM(pb, PBM_GETSTATE, 0, 0), b = SM(pb, PBM_SETSTATE, PBST_ERROR, 0), c = SM(pb, PBM_GETSTATE, 0, 0);
  d = SM(pb, PBM_SETSTATE, PBST_NORMAL, 0);
  printf("GETSTATE %ld SETSTATE error -> %ld GETSTATE %ld SETSTATE normal -> %ld\n", a, b, c, d);
  printf("GETSTEP %ld\n", (long)SendMessageA(pb, PBM_GETSTEP, 0, 0));
  DestroyWindow(pb);

  HWND smooth = CreateWindowExA(0, PROGRESS_CLASSA, NULL, WS_CHILD | WS_VISIBLE | PBS_SMOOTH | PBS_VERTICAL, 220, 10, 20, 100,
                                parent, (HMENU)11, NULL, NULL);
  SendMessageA(smooth, PBM_SETPOS, 40, 0);
  printf("vertical smooth pos %ld\n", (long)SendMessageA(smooth, PBM_GETPOS, 0, 0));
  DestroyWindow(smooth);
  HWND marquee = CreateWindowExA(0, PROGRESS_CLASSA, NULL, WS_CHILD | WS_VISIBLE | PBS_MARQUEE, 10, 40, 200, 20, parent,
                                 (HMENU)12, NULL, NULL);
  a = SM(marquee, PBM_SETMARQUEE, TRUE, 50), b = SM(marquee, PBM_SETMARQUEE, FALSE, 0);
  printf("SETMARQUEE on -> %ld off -> %ld\n", a, b);
  DestroyWindow(marquee);
}

static const char* color_name(COLORREF c) {
  static const struct {
    int index;
    const char* name;
  } colors[] = {{COLOR_3DSHADOW, "shadow"}, {COLOR_3DHIGHLIGHT, "highlight"}, {COLOR_3DLIGHT, "light"},
                {COLOR_3DDKSHADOW, "dark shadow"}, {COLOR_3DFACE, "face"}};
  for (int i = 0; i < 5; i++)
    if (c == GetSysColor(colors[i].index)) return colors[i].name;
  return c == RGB(255, 255, 255) ? "white" : "other";
}

static void status(HWND parent) {
  printf("-- status bar\n");
  RECT pc;
  GetClientRect(parent, &pc);
  HWND sb = CreateStatusWindowA(WS_CHILD | WS_VISIBLE | SBARS_SIZEGRIP, "Ready", parent, 20);
  printf("class %s id %ld\n", who(sb), (long)GetDlgCtrlID(sb));
  RECT wr;
  GetWindowRect(sb, &wr);
  MapWindowPoints(NULL, parent, (POINT*)&wr, 2);
  printf("at the bottom %d, width %ld\n", wr.bottom == pc.bottom, (long)(wr.right - wr.left) - (pc.right - pc.left));
  char buf[64];
  LRESULT n = SendMessageA(sb, SB_GETTEXTA, 0, (LPARAM)buf);
  long a = SM(sb, SB_GETTEXTLENGTHA, 0, 0);
  printf("GETTEXT 0 -> %08lx \"%s\" GETTEXTLENGTH %08lx\n", (unsigned long)n, buf, (unsigned long)a);
  int borders[3];
  a = SM(sb, SB_GETBORDERS, 0, borders);
  printf("GETBORDERS %ld: %d %d %d\n", a, borders[0], borders[1], borders[2]);
  int parts[3] = {100, 200, -1}, got[4] = {0, 0, 0, 0};
  printf("GETPARTS -> %ld\n", (long)SendMessageA(sb, SB_GETPARTS, 4, (LPARAM)got));
  printf("SETPARTS 3 -> %ld\n", (long)SendMessageA(sb, SB_SETPARTS, 3, (LPARAM)parts));
  n = SendMessageA(sb, SB_GETPARTS, 4, (LPARAM)got);
  printf("GETPARTS -> %ld: %d %d %d\n", (long)n, got[0], got[1], got[2]);
  printf("GETPARTS 0 -> %ld\n", (long)SendMessageA(sb, SB_GETPARTS, 0, 0));
  printf("SETTEXT 1 -> %ld\n", (long)SendMessageA(sb, SB_SETTEXTA, 1 | SBT_POPOUT, (LPARAM)"second"));
  printf("SETTEXTW 2 -> %ld\n", (long)SendMessageW(sb, SB_SETTEXTW, 2 | SBT_NOBORDERS, (LPARAM)L"third part"));
  printf("SETTEXT 5 -> %ld\n", (long)SendMessageA(sb, SB_SETTEXTA, 5, (LPARAM)"none"));
  for (int i = 0; i < 3; i++) {
    WCHAR wbuf[64];
    n = SendMessageA(sb, SB_GETTEXTA, i, (LPARAM)buf);
    LRESULT nw = SendMessageW(sb, SB_GETTEXTW, i, (LPARAM)wbuf);
    a = (long)SendMessageW(sb, SB_GETTEXTLENGTHW, i, 0);
    printf("part %d: GETTEXT %08lx \"%s\" GETTEXTW %08lx %d GETTEXTLENGTH %08lx\n", i, (unsigned long)n, buf, (unsigned long)nw,
           lstrcmpW(wbuf, L"third part") == 0, (unsigned long)a);
  }
  RECT r;
  for (int i = 0; i < 3; i++) {
    BOOL ok = (BOOL)SendMessageA(sb, SB_GETRECT, i, (LPARAM)&r);
    printf("GETRECT %d -> %d: left %ld right %ld\n", i, ok, (long)r.left, (long)(i == 2 ? r.right - pc.right : r.right));
  }
  printf("GETRECT 3 -> %ld\n", (long)SendMessageA(sb, SB_GETRECT, 3, (LPARAM)&r));
  printf("ISSIMPLE %ld\n", (long)SendMessageA(sb, SB_ISSIMPLE, 0, 0));
  SendMessageA(sb, SB_SIMPLE, TRUE, 0);
  printf("SIMPLE: ISSIMPLE %ld\n", (long)SendMessageA(sb, SB_ISSIMPLE, 0, 0));
  printf("SETTEXT 255 -> %ld\n", (long)SendMessageA(sb, SB_SETTEXTA, SB_SIMPLEID, (LPARAM)"simple text"));
  n = SendMessageA(sb, SB_GETTEXTA, 0, (LPARAM)buf);
  printf("GETTEXT 0 while simple -> %08lx \"%s\"\n", (unsigned long)n, buf);
  SendMessageA(sb, SB_SIMPLE, FALSE, 0);
  printf("ISSIMPLE %ld\n", (long)SendMessageA(sb, SB_ISSIMPLE, 0, 0));
  HICON icon = LoadIconA(NULL, (LPCSTR)IDI_APPLICATION);
  a = SM(sb, SB_SETICON, 0, icon);
  printf("SETICON -> %ld GETICON same %d\n", a, (HICON)SendMessageA(sb, SB_GETICON, 0, 0) == icon);
  // An owner-drawn part: its value comes back from SB_GETTEXT.
  printf("SETTEXT ownerdraw -> %ld\n", (long)SendMessageA(sb, SB_SETTEXTA, 1 | SBT_OWNERDRAW, 12345));
  printf("GETTEXT ownerdraw -> %lu\n", (unsigned long)SendMessageA(sb, SB_GETTEXTA, 1, (LPARAM)buf));
  // Painting it (the bar shown) asks the parent to draw that part.
  ShowWindow(parent, SW_SHOWNA);
  HDC sdc = GetDC(sb);
  printf("WM_PAINT:\n");
  SendMessageA(sb, WM_PAINT, (WPARAM)sdc, 0);
  ReleaseDC(sb, sdc);
  ShowWindow(parent, SW_HIDE);
  // DrawStatusText: a part's frame on a white bitmap, sunken, raised (SBT_POPOUT) or none.
  HDC screen = GetDC(NULL), mem = CreateCompatibleDC(screen);
  HBITMAP bm = CreateCompatibleBitmap(screen, 100, 20);
  HGDIOBJ old_bm = SelectObject(mem, bm);
  static const UINT kinds[] = {0, SBT_POPOUT, SBT_NOBORDERS};
  for (int i = 0; i < 3; i++) {
    PatBlt(mem, 0, 0, 100, 20, WHITENESS);
    RECT pr = {0, 0, 100, 20};
    if (i == 1) DrawStatusTextW(mem, &pr, L"raised", kinds[i]);
    else DrawStatusTextA(mem, &pr, "text", kinds[i]);
    printf("DrawStatusText %x: top left %s, bottom right %s, inside %s\n", kinds[i], color_name(GetPixel(mem, 0, 0)),
           color_name(GetPixel(mem, 99, 19)), color_name(GetPixel(mem, 95, 2)));
  }
  SelectObject(mem, old_bm);
  DeleteObject(bm);
  DeleteDC(mem);
  ReleaseDC(NULL, screen);
  // The parent's new size moves it to the new bottom.
  SetWindowPos(parent, NULL, 0, 0, 500, 300, SWP_NOMOVE | SWP_NOZORDER);
  GetClientRect(parent, &pc);
  SendMessageA(sb, WM_SIZE, 0, 0);
  GetWindowRect(sb, &wr);
  MapWindowPoints(NULL, parent, (POINT*)&wr, 2);
  printf("after WM_SIZE: at the bottom %d, left %ld, width %ld\n", wr.bottom == pc.bottom, (long)wr.left,
         (long)(wr.right - wr.left) - (pc.right - pc.left));
  long before = wr.bottom - wr.top;
  SendMessageA(sb, SB_SETMINHEIGHT, 80, 0);
  SendMessageA(sb, WM_SIZE, 0, 0);
  GetWindowRect(sb, &wr);
  printf("SETMINHEIGHT 80: taller %d\n", (long)(wr.bottom - wr.top) > before);
  DestroyWindow(sb);

  HWND top = CreateWindowExW(0, STATUSCLASSNAMEW, L"second bar", WS_CHILD | WS_VISIBLE, 0, 0, 0, 0, parent, (HMENU)21,
                             NULL, NULL);
  GetWindowRect(top, &wr);
  MapWindowPoints(NULL, parent, (POINT*)&wr, 2);
  n = SendMessageA(top, SB_GETTEXTA, 0, (LPARAM)buf);
  printf("CreateWindowEx: class %s at the bottom %d text %08lx \"%s\"\n", who(top), wr.bottom == pc.bottom, (unsigned long)n, buf);
  DestroyWindow(top);
}

static void trackbar_keys(HWND tb, const UINT* keys, int count) {
  for (int i = 0; i < count; i++) {
    printf("key %02x:\n", keys[i]);
    SendMessageA(tb, WM_KEYDOWN, keys[i], 1);
    SendMessageA(tb, WM_KEYUP, keys[i], 0xc0000001);
    printf("  pos %ld\n", (long)SendMessageA(tb, TBM_GETPOS, 0, 0));
  }
}

static void trackbar(HWND parent) {
  printf("-- trackbar\n");
  HWND tb = CreateWindowExA(0, TRACKBAR_CLASSA, NULL, WS_CHILD | WS_VISIBLE | TBS_AUTOTICKS | TBS_ENABLESELRANGE, 10, 10, 200,
                            30, parent, (HMENU)30, NULL, NULL);
  printf("class %s\n", who(tb));
  long a = SM(tb, TBM_GETRANGEMIN, 0, 0), b = SM(tb, TBM_GETRANGEMAX, 0, 0), c = SM(tb, TBM_GETPOS, 0, 0);
  long d = SM(tb, TBM_GETPAGESIZE, 0, 0), e = SM(tb, TBM_GETLINESIZE, 0, 0), f = SM(tb, TBM_GETNUMTICS, 0, 0);
  printf("range %ld..%ld pos %ld page %ld line %ld tics %ld\n", a, b, c, d, e, f);
  SendMessageA(tb, TBM_SETRANGE, TRUE, MAKELPARAM(0, 20));
  a = SM(tb, TBM_GETRANGEMIN, 0, 0), b = SM(tb, TBM_GETRANGEMAX, 0, 0), c = SM(tb, TBM_GETNUMTICS, 0, 0);
  printf("SETRANGE 0..20: %ld..%ld tics %ld\n", a, b, c);
  SendMessageA(tb, TBM_SETTICFREQ, 5, 0);
  printf("SETTICFREQ 5: tics %ld\n", (long)SendMessageA(tb, TBM_GETNUMTICS, 0, 0));
  for (int i = 0; i < 4; i++) printf(" tic %d: %ld", i, (long)SendMessageA(tb, TBM_GETTIC, i, 0));
  printf("\n");
  SendMessageA(tb, TBM_CLEARTICS, TRUE, 0);
  printf("CLEARTICS: tics %ld\n", (long)SendMessageA(tb, TBM_GETNUMTICS, 0, 0));
  a = SM(tb, TBM_SETTIC, 0, 7), b = SM(tb, TBM_SETTIC, 0, 3), c = SM(tb, TBM_SETTIC, 0, 30), d = SM(tb, TBM_GETNUMTICS, 0, 0);
  printf("SETTIC 7 -> %ld SETTIC 3 -> %ld SETTIC 30 -> %ld tics %ld\n", a, b, c, d);
  for (int i = 0; i < 3; i++) printf(" tic %d: %ld", i, (long)SendMessageA(tb, TBM_GETTIC, i, 0));
  printf("\n");
  SendMessageA(tb, TBM_SETPOS, TRUE, 12);
  printf("SETPOS 12: %ld\n", (long)SendMessageA(tb, TBM_GETPOS, 0, 0));
  SendMessageA(tb, TBM_SETPOS, TRUE, 50);
  printf("SETPOS 50: %ld\n", (long)SendMessageA(tb, TBM_GETPOS, 0, 0));
  SendMessageA(tb, TBM_SETPOS, TRUE, -3);
  printf("SETPOS -3: %ld\n", (long)SendMessageA(tb, TBM_GETPOS, 0, 0));
  SendMessageA(tb, TBM_SETRANGEMIN, TRUE, 2);
  a = SM(tb, TBM_GETRANGEMIN, 0, 0), b = SM(tb, TBM_GETPOS, 0, 0);
  printf("SETRANGEMIN 2: min %ld pos %ld\n", a, b);
  SendMessageA(tb, TBM_SETPOS, TRUE, 18);
  SendMessageA(tb, TBM_SETRANGEMAX, TRUE, 10);
  a = SM(tb, TBM_GETRANGEMAX, 0, 0), b = SM(tb, TBM_GETPOS, 0, 0);
  printf("SETRANGEMAX 10: max %ld pos %ld\n", a, b);
  SendMessageA(tb, TBM_SETRANGE, TRUE, MAKELPARAM(0, 20));
  a = SM(tb, TBM_SETPAGESIZE, 0, 4), b = SM(tb, TBM_SETLINESIZE, 0, 2), c = SM(tb, TBM_GETPAGESIZE, 0, 0);
  d = SM(tb, TBM_GETLINESIZE, 0, 0);
  printf("SETPAGESIZE 4 -> %ld, SETLINESIZE 2 -> %ld: %ld %ld\n", a, b, c, d);
  SendMessageA(tb, TBM_SETSEL, TRUE, MAKELPARAM(3, 9));
  a = SM(tb, TBM_GETSELSTART, 0, 0), b = SM(tb, TBM_GETSELEND, 0, 0);
  printf("SETSEL 3..9: %ld..%ld\n", a, b);
  SendMessageA(tb, TBM_SETSELSTART, TRUE, 5);
  SendMessageA(tb, TBM_SETSELEND, TRUE, 15);
  a = SM(tb, TBM_GETSELSTART, 0, 0), b = SM(tb, TBM_GETSELEND, 0, 0);
  printf("SETSELSTART 5 SETSELEND 15: %ld..%ld\n", a, b);
  SendMessageA(tb, TBM_CLEARSEL, TRUE, 0);
  a = SM(tb, TBM_GETSELSTART, 0, 0), b = SM(tb, TBM_GETSELEND, 0, 0);
  printf("CLEARSEL: %ld..%ld\n", a, b);
  RECT thumb, channel;
  SendMessageA(tb, TBM_GETTHUMBRECT, 0, (LPARAM)&thumb);
  SendMessageA(tb, TBM_GETCHANNELRECT, 0, (LPARAM)&channel);
  printf("thumb in the channel %d, channel wider than tall %d\n",
         thumb.left >= channel.left && thumb.right <= channel.right + 1 && thumb.top <= channel.top,
         channel.right - channel.left > channel.bottom - channel.top);
  SendMessageA(tb, TBM_SETPOS, TRUE, 10);
  static const UINT keys[] = {VK_RIGHT, VK_DOWN, VK_LEFT, VK_UP, VK_NEXT, VK_PRIOR, VK_END, VK_HOME};
  trackbar_keys(tb, keys, sizeof keys / sizeof keys[0]);
  // A click right of the thumb pages down; the thumb dragged to the channel's left end.
  SendMessageA(tb, TBM_SETPOS, TRUE, 10);
  SendMessageA(tb, TBM_GETTHUMBRECT, 0, (LPARAM)&thumb);
  SendMessageA(tb, TBM_GETCHANNELRECT, 0, (LPARAM)&channel);
  int y = (thumb.top + thumb.bottom) / 2;
  printf("click right of the thumb:\n");
  SendMessageA(tb, WM_LBUTTONDOWN, MK_LBUTTON, MAKELPARAM(thumb.right + 20, y));
  SendMessageA(tb, WM_LBUTTONUP, 0, MAKELPARAM(thumb.right + 20, y));
  printf("  pos %ld\n", (long)SendMessageA(tb, TBM_GETPOS, 0, 0));
  SendMessageA(tb, TBM_GETTHUMBRECT, 0, (LPARAM)&thumb);
  printf("drag the thumb to the left end:\n");
  SendMessageA(tb, WM_LBUTTONDOWN, MK_LBUTTON, MAKELPARAM((thumb.left + thumb.right) / 2, y));
  SendMessageA(tb, WM_MOUSEMOVE, MK_LBUTTON, MAKELPARAM(channel.left - 30, y));
  SendMessageA(tb, WM_LBUTTONUP, 0, MAKELPARAM(channel.left - 30, y));
  printf("  pos %ld\n", (long)SendMessageA(tb, TBM_GETPOS, 0, 0));
  DestroyWindow(tb);

  HWND vt = CreateWindowExA(0, TRACKBAR_CLASSA, NULL, WS_CHILD | WS_VISIBLE | TBS_VERT | TBS_BOTH | TBS_NOTICKS, 10, 10, 30,
                            150, parent, (HMENU)31, NULL, NULL);
  SendMessageA(vt, TBM_GETCHANNELRECT, 0, (LPARAM)&channel);
  printf("vertical: tics %ld, channel taller than wide %d\n", (long)SendMessageA(vt, TBM_GETNUMTICS, 0, 0),
         channel.bottom - channel.top > channel.right - channel.left);
  static const UINT vkeys[] = {VK_DOWN, VK_RIGHT, VK_NEXT, VK_HOME};
  trackbar_keys(vt, vkeys, sizeof vkeys / sizeof vkeys[0]);
  DestroyWindow(vt);
}

static void show_edit(HWND edit, const char* what) {
  char text[32];
  GetWindowTextA(edit, text, sizeof text);
  printf("%s: edit \"%s\"\n", what, text);
}

static void updown_keys(HWND target, HWND edit, UINT key) {
  printf("key %02x to %s:\n", key, who(target));
  SendMessageA(target, WM_KEYDOWN, key, 1);
  SendMessageA(target, WM_KEYUP, key, 0xc0000001);
  if (edit) show_edit(edit, "  after");
}

static void updown(HWND parent) {
  printf("-- up-down\n");
  HWND edit = CreateWindowExA(WS_EX_CLIENTEDGE, "EDIT", "7", WS_CHILD | WS_VISIBLE, 10, 10, 80, 24, parent, (HMENU)40, NULL, NULL);
  HWND ud = CreateUpDownControl(WS_CHILD | WS_VISIBLE | UDS_SETBUDDYINT | UDS_ALIGNRIGHT | UDS_ARROWKEYS, 0, 0, 0, 0, parent,
                                41, GetModuleHandleA(NULL), edit, 100, 0, 5);
  printf("class %s buddy is the edit %d\n", who(ud), (HWND)SendMessageA(ud, UDM_GETBUDDY, 0, 0) == edit);
  RECT er, ur;
  GetWindowRect(edit, &er);
  GetWindowRect(ud, &ur);
  MapWindowPoints(NULL, parent, (POINT*)&er, 2);
  MapWindowPoints(NULL, parent, (POINT*)&ur, 2);
  printf("edit %ld,%ld-%ld,%ld up-down %ld,%ld-%ld,%ld\n", (long)er.left, (long)er.top, (long)er.right, (long)er.bottom,
         (long)ur.left, (long)ur.top, (long)ur.right, (long)ur.bottom);
  show_edit(edit, "made");
  long a = SM(ud, UDM_GETRANGE, 0, 0), b = SM(ud, UDM_GETPOS, 0, 0);
  printf("GETRANGE %08lx GETPOS %08lx\n", (unsigned long)a, (unsigned long)b);
  printf("SETPOS 42 -> %ld\n", (long)SendMessageA(ud, UDM_SETPOS, 0, MAKELPARAM(42, 0)));
  show_edit(edit, "SETPOS 42");
  SetWindowTextA(edit, "17");
  printf("edit 17: GETPOS %08lx\n", (unsigned long)SendMessageA(ud, UDM_GETPOS, 0, 0));
  SetWindowTextA(edit, "abc");
  printf("edit abc: GETPOS %08lx\n", (unsigned long)SendMessageA(ud, UDM_GETPOS, 0, 0));
  BOOL err = 7;
  LRESULT pos32 = SendMessageA(ud, UDM_GETPOS32, 0, (LPARAM)&err);
  printf("GETPOS32 %ld error %d\n", (long)pos32, err);
  SendMessageA(ud, UDM_SETRANGE32, -50, 200000);
  int lo = 0, hi = 0;
  SendMessageA(ud, UDM_GETRANGE32, (WPARAM)&lo, (LPARAM)&hi);
  a = SM(ud, UDM_GETRANGE, 0, 0);
  printf("SETRANGE32 -50..200000: %d..%d GETRANGE %08lx\n", lo, hi, (unsigned long)a);
  printf("SETPOS32 123456 -> %ld\n", (long)SendMessageA(ud, UDM_SETPOS32, 0, 123456));
  show_edit(edit, "SETPOS32 123456");
  a = SM(ud, UDM_SETPOS32, 0, 300000), b = SM(ud, UDM_GETPOS32, 0, 0);
  printf("SETPOS32 300000 -> %ld GETPOS32 %ld\n", a, b);
  show_edit(edit, "SETPOS32 300000");
  a = SM(ud, UDM_SETBASE, 16, 0), b = SM(ud, UDM_GETBASE, 0, 0);
  printf("SETBASE 16 -> %ld GETBASE %ld\n", a, b);
  SendMessageA(ud, UDM_SETPOS32, 0, 255);
  show_edit(edit, "hex 255");
  a = SM(ud, UDM_SETBASE, 7, 0), b = SM(ud, UDM_GETBASE, 0, 0);
  printf("SETBASE 7 -> %ld GETBASE %ld\n", a, b);
  SendMessageA(ud, UDM_SETBASE, 10, 0);
  UDACCEL acc[2] = {{0, 1}, {2, 10}}, back[3];
  memset(back, 0, sizeof back);
  a = SM(ud, UDM_SETACCEL, 2, acc), b = SM(ud, UDM_GETACCEL, 3, back);
  printf("SETACCEL 2 -> %ld GETACCEL -> %ld: %u/%u %u/%u\n", a, b, back[0].nSec, back[0].nInc, back[1].nSec, back[1].nInc);
  SendMessageA(ud, UDM_SETRANGE, 0, MAKELPARAM(10, 0));
  SendMessageA(ud, UDM_SETPOS, 0, MAKELPARAM(5, 0));
  updown_keys(ud, edit, VK_UP);
  updown_keys(edit, edit, VK_DOWN);
  deltapos_answer = 1;
  updown_keys(ud, edit, VK_UP);
  deltapos_answer = 0;
  updown_keys(ud, edit, VK_LEFT);
  // A click on the upper arrow, then the lower one; the range's end stops it.
  GetClientRect(ud, &ur);
  printf("click the up arrow:\n");
  SendMessageA(ud, WM_LBUTTONDOWN, MK_LBUTTON, MAKELPARAM(ur.right / 2, 2));
  SendMessageA(ud, WM_LBUTTONUP, 0, MAKELPARAM(ur.right / 2, 2));
  show_edit(edit, "  after");
  printf("click the down arrow:\n");
  SendMessageA(ud, WM_LBUTTONDOWN, MK_LBUTTON, MAKELPARAM(ur.right / 2, ur.bottom - 3));
  SendMessageA(ud, WM_LBUTTONUP, 0, MAKELPARAM(ur.right / 2, ur.bottom - 3));
  show_edit(edit, "  after");
  SendMessageA(ud, UDM_SETPOS, 0, MAKELPARAM(10, 0));
  updown_keys(ud, edit, VK_UP);
  // Held down, an arrow repeats only while the cursor is over it (it is elsewhere: the messages of
  // 0.8 s dispatched before the release).
  quiet = counting = 1;
  SendMessageA(ud, WM_LBUTTONDOWN, MK_LBUTTON, MAKELPARAM(ur.right / 2, ur.bottom - 3));
  DWORD until = GetTickCount() + 800;
  MSG msg;
  while ((LONG)(until - GetTickCount()) > 0) {
    if (PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageA(&msg);
    else Sleep(5);
  }
  SendMessageA(ud, WM_LBUTTONUP, 0, MAKELPARAM(ur.right / 2, ur.bottom - 3));
  quiet = counting = 0;
  printf("held down, the cursor elsewhere: stepped more than twice %d\n", deltas > 2);
  show_edit(edit, "  after");
  HWND other = CreateWindowExA(0, "EDIT", "x", WS_CHILD | WS_VISIBLE, 200, 10, 80, 24, parent, (HMENU)42, NULL, NULL);
  HWND was = (HWND)SendMessageA(ud, UDM_SETBUDDY, (WPARAM)other, 0);
  printf("SETBUDDY -> the old one %d, GETBUDDY the new one %d\n", was == edit, (HWND)SendMessageA(ud, UDM_GETBUDDY, 0, 0) == other);
  DestroyWindow(ud);

  // UDS_AUTOBUDDY takes the window before it; UDS_WRAP, UDS_NOTHOUSANDS and UDS_HORZ.
  HWND e2 = CreateWindowExA(0, "EDIT", "", WS_CHILD | WS_VISIBLE, 10, 50, 80, 24, parent, (HMENU)43, NULL, NULL);
  HWND u2 = CreateWindowExA(0, UPDOWN_CLASSA, NULL,
                            WS_CHILD | WS_VISIBLE | UDS_AUTOBUDDY | UDS_SETBUDDYINT | UDS_WRAP | UDS_NOTHOUSANDS | UDS_HORZ |
                                UDS_ALIGNLEFT | UDS_ARROWKEYS,
                            0, 0, 16, 24, parent, (HMENU)44, NULL, NULL);
  printf("class %s autobuddy is the edit %d\n", who(u2), (HWND)SendMessageA(u2, UDM_GETBUDDY, 0, 0) == e2);
  a = SM(u2, UDM_GETRANGE, 0, 0), b = SM(u2, UDM_GETPOS, 0, 0);
  printf("default range %08lx pos %08lx\n", (unsigned long)a, (unsigned long)b);
  SendMessageA(u2, UDM_SETRANGE32, 0, 5000);
  SendMessageA(u2, UDM_SETPOS32, 0, 4999);
  show_edit(e2, "nothousands 4999");
  GetClientRect(u2, &ur);
  printf("click the right arrow:\n");
  SendMessageA(u2, WM_LBUTTONDOWN, MK_LBUTTON, MAKELPARAM(ur.right - 2, ur.bottom / 2));
  SendMessageA(u2, WM_LBUTTONUP, 0, MAKELPARAM(ur.right - 2, ur.bottom / 2));
  show_edit(e2, "  after");
  printf("click the right arrow again (wraps):\n");
  SendMessageA(u2, WM_LBUTTONDOWN, MK_LBUTTON, MAKELPARAM(ur.right - 2, ur.bottom / 2));
  SendMessageA(u2, WM_LBUTTONUP, 0, MAKELPARAM(ur.right - 2, ur.bottom / 2));
  show_edit(e2, "  after");
  // UDS_ARROWKEYS with UDS_HORZ: still the up and down keys.
  updown_keys(u2, e2, VK_RIGHT);
  updown_keys(u2, e2, VK_UP);
  DestroyWindow(u2);
}

static void tool(HWND tip, HWND owner, UINT_PTR id, const char* what) {
  TTTOOLINFOA ti;
  char text[80] = "";
  memset(&ti, 0, sizeof ti);
  ti.cbSize = sizeof ti;
  ti.hwnd = owner;
  ti.uId = id;
  ti.lpszText = text;
  BOOL ok = (BOOL)SendMessageA(tip, TTM_GETTOOLINFOA, 0, (LPARAM)&ti);
  printf("%s: GETTOOLINFO %d flags %x rect %ld,%ld-%ld,%ld lparam %ld text \"%s\"\n", what, ok, ti.uFlags, (long)ti.rect.left,
         (long)ti.rect.top, (long)ti.rect.right, (long)ti.rect.bottom, (long)ti.lParam, ok ? text : "");
}

static void delays(HWND tip, const char* what) {
  long a = SM(tip, TTM_GETDELAYTIME, TTDT_INITIAL, 0), b = SM(tip, TTM_GETDELAYTIME, TTDT_AUTOPOP, 0);
  long c = SM(tip, TTM_GETDELAYTIME, TTDT_RESHOW, 0);
  printf("%s: initial %ld autopop %ld reshow %ld\n", what, a, b, c);
}

static void tooltips(HWND parent) {
  printf("-- tooltips\n");
  HWND tip = CreateWindowExA(WS_EX_TOPMOST, TOOLTIPS_CLASSA, NULL, WS_POPUP | TTS_ALWAYSTIP, CW_USEDEFAULT, CW_USEDEFAULT,
                             CW_USEDEFAULT, CW_USEDEFAULT, parent, NULL, NULL, NULL);
  printf("class %s popup %d visible %d\n", who(tip), (GetWindowLongA(tip, GWL_STYLE) & WS_POPUP) != 0, IsWindowVisible(tip));
  TTTOOLINFOA ti;
  memset(&ti, 0, sizeof ti);
  ti.cbSize = TTTOOLINFOA_V1_SIZE;
  ti.uFlags = TTF_SUBCLASS;
  ti.hwnd = parent;
  ti.uId = 1;
  SetRect(&ti.rect, 0, 0, 50, 20);
  ti.lpszText = "first tool";
  LONG_PTR own = GetWindowLongPtrA(parent, GWLP_WNDPROC);
  printf("ADDTOOLA v1 -> %ld\n", (long)SendMessageA(tip, TTM_ADDTOOLA, 0, (LPARAM)&ti));
  printf("TTF_SUBCLASS: the window's procedure changed %d\n", GetWindowLongPtrA(parent, GWLP_WNDPROC) != own);
  TTTOOLINFOW tw;
  memset(&tw, 0, sizeof tw);
  tw.cbSize = TTTOOLINFOW_V2_SIZE;
  tw.hwnd = parent;
  tw.uId = 2;
  SetRect(&tw.rect, 60, 0, 120, 20);
  tw.lpszText = L"second tool";
  tw.lParam = 99;
  printf("ADDTOOLW v2 -> %ld\n", (long)SendMessageW(tip, TTM_ADDTOOLW, 0, (LPARAM)&tw));
  tw.cbSize = sizeof tw;
  tw.uId = 3;
  tw.uFlags = TTF_TRACK | TTF_ABSOLUTE;
  tw.lpszText = L"tracking";
  tw.lParam = 5;
  printf("ADDTOOLW v3 -> %ld\n", (long)SendMessageW(tip, TTM_ADDTOOLW, 0, (LPARAM)&tw));
  printf("GETTOOLCOUNT %ld\n", (long)SendMessageA(tip, TTM_GETTOOLCOUNT, 0, 0));
  for (int i = 0; i < 4; i++) {
    char text[80] = "";
    TTTOOLINFOA e;
    memset(&e, 0, sizeof e);
    e.cbSize = sizeof e;
    e.lpszText = text;
    BOOL ok = (BOOL)SendMessageA(tip, TTM_ENUMTOOLSA, i, (LPARAM)&e);
    printf("ENUMTOOLS %d -> %d id %lu text \"%s\" lparam %ld\n", i, ok, (unsigned long)e.uId, text, (long)e.lParam);
  }
  // A V1 structure: the fields after lpszText are left alone.
  char text[80] = "";
  TTTOOLINFOA v1;
  memset(&v1, 0, sizeof v1);
  v1.cbSize = TTTOOLINFOA_V1_SIZE;
  v1.hwnd = parent;
  v1.uId = 2;
  v1.lpszText = text;
  v1.lParam = 12345;
  printf("GETTOOLINFO v1 -> %ld lparam %ld text \"%s\"\n", (long)SendMessageA(tip, TTM_GETTOOLINFOA, 0, (LPARAM)&v1),
         (long)v1.lParam, text);
  tool(tip, parent, 1, "tool 1");
  tool(tip, parent, 2, "tool 2");
  tool(tip, parent, 7, "tool 7");
  text[0] = 0;
  v1.uId = 1;
  v1.lpszText = text;
  SendMessageA(tip, TTM_GETTEXTA, sizeof text, (LPARAM)&v1);
  printf("GETTEXT 1 \"%s\"\n", text);
  v1.lpszText = "renamed";
  SendMessageA(tip, TTM_UPDATETIPTEXTA, 0, (LPARAM)&v1);
  tool(tip, parent, 1, "UPDATETIPTEXT");
  TTTOOLINFOA set;
  memset(&set, 0, sizeof set);
  set.cbSize = sizeof set;
  set.hwnd = parent;
  set.uId = 2;
  set.uFlags = TTF_CENTERTIP;
  SetRect(&set.rect, 5, 6, 7, 8);
  set.lpszText = "set anew";
  set.lParam = 77;
  SendMessageA(tip, TTM_SETTOOLINFOA, 0, (LPARAM)&set);
  tool(tip, parent, 2, "SETTOOLINFO");
  delays(tip, "delays");
  SendMessageA(tip, TTM_SETDELAYTIME, TTDT_INITIAL, 200);
  SendMessageA(tip, TTM_SETDELAYTIME, TTDT_AUTOPOP, 3000);
  delays(tip, "set");
  SendMessageA(tip, TTM_SETDELAYTIME, TTDT_AUTOMATIC, 1000);
  delays(tip, "automatic 1000");
  long a = SM(tip, TTM_SETMAXTIPWIDTH, 0, 150), b = SM(tip, TTM_SETMAXTIPWIDTH, 0, 300);
  printf("SETMAXTIPWIDTH 150 -> %ld then -> %ld\n", a, b);
  printf("ACTIVATE -> %ld\n", (long)SendMessageA(tip, TTM_ACTIVATE, TRUE, 0));
  MSG m = {parent, WM_MOUSEMOVE, 0, MAKELPARAM(10, 10), 0, {10, 10}};
  printf("RELAYEVENT -> %ld\n", (long)SendMessageA(tip, TTM_RELAYEVENT, 0, (LPARAM)&m));
  quiet = 1;
  TTTOOLINFOA track;
  memset(&track, 0, sizeof track);
  track.cbSize = sizeof track;
  track.hwnd = parent;
  track.uId = 3;
  SendMessageA(tip, TTM_TRACKPOSITION, 0, MAKELPARAM(300, 200));
  SendMessageA(tip, TTM_TRACKACTIVATE, TRUE, (LPARAM)&track);
  RECT r;
  GetWindowRect(tip, &r);
  int shown = IsWindowVisible(tip);
  printf("TRACKACTIVATE: visible %d at %ld,%ld\n", shown, (long)r.left, (long)r.top);
  SendMessageA(tip, TTM_TRACKPOSITION, 0, MAKELPARAM(320, 210));
  GetWindowRect(tip, &r);
  printf("TRACKPOSITION: at %ld,%ld\n", (long)r.left, (long)r.top);
  SendMessageA(tip, TTM_TRACKACTIVATE, FALSE, (LPARAM)&track);
  printf("TRACKACTIVATE off: visible %d\n", IsWindowVisible(tip));
  SendMessageA(tip, TTM_POP, 0, 0);
  printf("POP: visible %d\n", IsWindowVisible(tip));
  quiet = 0;
  v1.uId = 1;
  SendMessageA(tip, TTM_DELTOOLA, 0, (LPARAM)&v1);
  printf("DELTOOL 1: GETTOOLCOUNT %ld\n", (long)SendMessageA(tip, TTM_GETTOOLCOUNT, 0, 0));
  tool(tip, parent, 1, "tool 1");
  DestroyWindow(tip);
}

int main(void) {
  INITCOMMONCONTROLSEX icc = {sizeof icc, ICC_BAR_CLASSES | ICC_PROGRESS_CLASS | ICC_UPDOWN_CLASS};
  printf("InitCommonControlsEx %d\n", InitCommonControlsEx(&icc));
  InitCommonControls();
  WNDCLASSA wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "bars_parent";
  wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
  RegisterClassA(&wc);
  HWND parent = CreateWindowExA(0, "bars_parent", "bars", WS_OVERLAPPEDWINDOW, 50, 50, 600, 400, NULL, NULL, wc.hInstance, NULL);
  progress(parent);
  status(parent);
  trackbar(parent);
  updown(parent);
  tooltips(parent);
  DestroyWindow(parent);
  return 0;
}
