// What the screenshot samples (user32_shot_*, comctl32_shot_*, comdlg32_shot_color) share. Each
// shows one window of a fixed size in a fixed state and, once it has painted (a timer after it
// shows: WM_TIMER comes after every WM_PAINT), prints the rectangle of the screen to compare,
// "capture X Y WIDTH HEIGHT" (the client area, with the menu bar and the scroll bars where the
// window has them), its window's rectangle, "window X Y WIDTH HEIGHT" (the headless display's
// picture of the window is that rectangle), and "ready". Given the argument "hold" it then stays as
// it is until it is ended from outside (or for 60 s); without it, it closes at once.
// tests/windows/screenshot_samples.sh compares its pictures with wine 8.0's.
#include <windows.h>
#include <stdio.h>
#include <string.h>

enum { SHOT_READY_TIMER = 0x5A01, SHOT_END_TIMER = 0x5A02 };
static int shot_hold;

static inline void shot_start(int argc, char** argv) { shot_hold = argc > 1 && strcmp(argv[1], "hold") == 0; }

// Called from the window's WM_INITDIALOG or after it is shown: the timer that says it is ready.
static inline void shot_arm(HWND w) { SetTimer(w, SHOT_READY_TIMER, 300, NULL); }

// Prints the report of a window that has painted.
static inline void shot_report(HWND w) {
  POINT o = {0, 0};
  ClientToScreen(w, &o);
  RECT c, wr;
  GetClientRect(w, &c);
  GetWindowRect(w, &wr);
  long top = o.y, width = c.right, height = c.bottom;
  // (A window's own scroll bars lie right of and below the client area: they are in too.)
  LONG style = GetWindowLongA(w, GWL_STYLE);
  if (style & WS_VSCROLL) width += GetSystemMetrics(SM_CXVSCROLL);
  if (style & WS_HSCROLL) height += GetSystemMetrics(SM_CYHSCROLL);
  // (The menu bar: SM_CYMENU pixels above the client area. Not GetMenuBarInfo's rectangle,
  // which wine places a pixel lower.)
  if (GetMenu(w)) top -= GetSystemMetrics(SM_CYMENU);
  printf("capture %ld %ld %ld %ld\nwindow %ld %ld %ld %ld\nready\n", o.x, top, width, o.y + height - top, wr.left,
         wr.top, wr.right - wr.left, wr.bottom - wr.top);
  fflush(stdout);
}

// Called with a WM_TIMER's id: the report and, without "hold", the end (returns 1: end the window
// now).
static inline int shot_timer(HWND w, UINT_PTR id) {
  if (id == SHOT_READY_TIMER) {
    KillTimer(w, SHOT_READY_TIMER);
    shot_report(w);
    if (!shot_hold) return 1;
    SetTimer(w, SHOT_END_TIMER, 60000, NULL);
    return 0;
  }
  return id == SHOT_END_TIMER;
}
