// COMDLG32's colour dialog in a fixed state, for a picture compared with wine 8.0's
// (tests/windows/screenshot_samples.sh; user32's tests/shot_hold.h says what it prints and "hold"):
// ChooseColor with its custom colours set and a colour chosen (CC_RGBINIT, not CC_FULLOPEN). A
// second thread finds the dialog once it shows (a visible window of the main thread), reports it
// when it has painted, and ends it (as Cancel) at once or, held, when it is ended from outside.
// Links: -lcomdlg32 -lgdi32 -luser32
#include "../../user32/tests/shot_hold.h"
#include <commdlg.h>

static DWORD main_thread;

static BOOL CALLBACK visible_dialog(HWND w, LPARAM found) {
  char name[16];
  if (IsWindowVisible(w) && GetClassNameA(w, name, sizeof name) && strcmp(name, "#32770") == 0) {
    *(HWND*)found = w;
    return FALSE;
  }
  return TRUE;
}

static DWORD WINAPI watch(void* unused) {
  (void)unused;
  HWND d = NULL;
  for (int i = 0; i < 300 && !d; ++i) {
    Sleep(50);
    EnumThreadWindows(main_thread, visible_dialog, (LPARAM)&d);
  }
  if (!d) return 1;
  Sleep(500);  // (the dialog has painted by then: it is idle)
  shot_report(d);
  if (shot_hold) Sleep(60000);
  PostMessageA(d, WM_COMMAND, IDCANCEL, 0);
  return 0;
}

int main(int argc, char** argv) {
  shot_start(argc, argv);
  main_thread = GetCurrentThreadId();
  static COLORREF custom[16];
  for (int i = 0; i < 16; ++i) custom[i] = RGB(i * 16, 255 - i * 16, (i * 73) & 255);
  CHOOSECOLORA cc = {sizeof cc};
  cc.rgbResult = RGB(128, 0, 0);
  cc.lpCustColors = custom;
  cc.Flags = CC_RGBINIT;
  HANDLE t = CreateThread(NULL, 0, watch, NULL, 0, NULL);
  ChooseColorA(&cc);
  WaitForSingleObject(t, INFINITE);
  return 0;
}
