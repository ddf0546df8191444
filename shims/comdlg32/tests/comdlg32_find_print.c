// COMDLG32's modeless find and replace dialogs driven with messages (FindTextW, ReplaceTextW): the
// failures CommDlgExtendedError reports, the controls the flags set up, and what the owner is
// told through FINDMSGSTRING for Find Next, Replace, Replace All and Cancel (the flags and the
// strings of its FINDREPLACE); PrintDlgW asked for the default printer on a machine without one,
// and the structure checks of PrintDlgW and PageSetupDlgW (wine 8.0's PageSetupDlgW with
// PSD_RETURNDEFAULT and no printer does not return, so that case is not here); and SHELL32's DragQueryFile, DragQueryPoint and
// DragAcceptFiles over an HDROP built by hand. The same program under wine 8.0 on an Xvfb (which
// has no printer) gives the expected output.
// Links: -lcomdlg32 -lshell32 -luser32
#include <windows.h>
#include <commdlg.h>
#include <shellapi.h>
#include <shlobj.h>
#include <stdio.h>

static UINT find_message;
static HWND dialog;

static LRESULT CALLBACK owner_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (m == find_message && find_message) {
    FINDREPLACEW* fr = (FINDREPLACEW*)l;
    printf("  owner told: flags 0x%lx find \"%ls\"", fr->Flags, fr->lpstrFindWhat);
    if (fr->lpstrReplaceWith) printf(" replace \"%ls\"", fr->lpstrReplaceWith);
    printf("\n");
    return 0;
  }
  return DefWindowProcW(h, m, w, l);
}

static void click(HWND dlg, int id) {
  SendMessageW(dlg, WM_COMMAND, MAKEWPARAM(id, BN_CLICKED), (LPARAM)GetDlgItem(dlg, id));
}

static void controls(HWND dlg) {
  static const struct {
    int id;
    const char* name;
  } ids[] = {{0x410, "whole word"}, {0x411, "match case"}, {0x420, "up"}, {0x421, "down"}, {IDOK, "find next"},
             {0x400, "replace"},    {0x401, "replace all"}, {0x40e, "help"}};
  for (int i = 0; i < (int)(sizeof ids / sizeof ids[0]); ++i) {
    HWND c = GetDlgItem(dlg, ids[i].id);
    if (!c) continue;
    printf("  %s: visible %d enabled %d checked %d\n", ids[i].name, IsWindowVisible(c) ? 1 : 0, IsWindowEnabled(c) ? 1 : 0,
           (int)SendMessageW(c, BM_GETCHECK, 0, 0));
  }
}

int main(void) {
  WNDCLASSW wc = {0};
  wc.lpfnWndProc = owner_proc;
  wc.hInstance = GetModuleHandleW(NULL);
  wc.lpszClassName = L"FindOwner";
  RegisterClassW(&wc);
  HWND owner = CreateWindowW(L"FindOwner", L"owner", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100, NULL, NULL, NULL, NULL);
  find_message = RegisterWindowMessageW(FINDMSGSTRINGW);

  WCHAR what[32] = L"beta", with[32] = L"BETA";
  void* r;
  BOOL ok;
  FINDREPLACEW fr = {0};
  r = (void*)FindTextW(NULL);
  printf("FindTextW(NULL): %s error 0x%lx\n", r ? "a window" : "NULL", CommDlgExtendedError());
  fr.lStructSize = sizeof fr - 4;
  fr.hwndOwner = owner;
  fr.lpstrFindWhat = what;
  fr.wFindWhatLen = 32;
  r = (void*)FindTextW(&fr);
  printf("FindTextW(wrong size): %s error 0x%lx\n", r ? "a window" : "NULL", CommDlgExtendedError());
  fr.lStructSize = sizeof fr;
  fr.hwndOwner = NULL;
  r = (void*)FindTextW(&fr);
  printf("FindTextW(no owner): %s error 0x%lx\n", r ? "a window" : "NULL", CommDlgExtendedError());
  fr.hwndOwner = owner;
  fr.wFindWhatLen = 0;
  r = (void*)FindTextW(&fr);
  printf("FindTextW(no length): %s error 0x%lx\n", r ? "a window" : "NULL", CommDlgExtendedError());
  fr.wFindWhatLen = 32;
  r = (void*)ReplaceTextW(&fr);
  printf("ReplaceTextW(no replace buffer): %s error 0x%lx\n", r ? "a window" : "NULL", CommDlgExtendedError());

  fr.Flags = FR_DOWN | FR_MATCHCASE | FR_HIDEWHOLEWORD;
  dialog = FindTextW(&fr);
  char cls[64] = "";
  GetClassNameA(dialog, cls, sizeof cls);
  WCHAR text[64] = L"";
  GetDlgItemTextW(dialog, 0x480, text, 64);
  printf("FindTextW: dialog %d class %s visible %d edit \"%ls\"\n", dialog != NULL, cls,
         IsWindowVisible(dialog) ? 1 : 0, text);
  controls(dialog);
  printf("Find Next:\n");
  click(dialog, IDOK);
  SetDlgItemTextW(dialog, 0x480, L"gamma");
  SendMessageW(GetDlgItem(dialog, 0x420), BM_SETCHECK, BST_CHECKED, 0);
  SendMessageW(GetDlgItem(dialog, 0x421), BM_SETCHECK, BST_UNCHECKED, 0);
  SendMessageW(GetDlgItem(dialog, 0x411), BM_SETCHECK, BST_UNCHECKED, 0);
  printf("Find Next, up, gamma:\n");
  click(dialog, IDOK);
  printf("Cancel:\n");
  click(dialog, IDCANCEL);
  printf("  dialog still there: %d\n", IsWindow(dialog) ? 1 : 0);

  fr.Flags = FR_NOMATCHCASE | FR_SHOWHELP;
  fr.lpstrReplaceWith = with;
  fr.wReplaceWithLen = 32;
  lstrcpyW(what, L"alpha");
  dialog = ReplaceTextW(&fr);
  GetClassNameA(dialog, cls, sizeof cls);
  printf("ReplaceTextW: dialog %d class %s visible %d\n", dialog != NULL, cls, IsWindowVisible(dialog) ? 1 : 0);
  controls(dialog);
  printf("Replace:\n");
  click(dialog, 0x400);
  SetDlgItemTextW(dialog, 0x481, L"omega");
  printf("Replace All:\n");
  click(dialog, 0x401);
  printf("Find Next:\n");
  click(dialog, IDOK);
  printf("Close:\n");
  SendMessageW(dialog, WM_CLOSE, 0, 0);
  printf("  dialog still there: %d\n", IsWindow(dialog) ? 1 : 0);

  PRINTDLGW pd = {0};
  ok = PrintDlgW(NULL);
  printf("PrintDlgW(NULL): %d error 0x%lx\n", ok, CommDlgExtendedError());
  pd.lStructSize = sizeof pd - 2;
  ok = PrintDlgW(&pd);
  printf("PrintDlgW(wrong size): %d error 0x%lx\n", ok, CommDlgExtendedError());
  pd.lStructSize = sizeof pd;
  pd.hwndOwner = owner;
  pd.Flags = PD_RETURNDEFAULT | PD_RETURNDC;
  ok = PrintDlgW(&pd);
  printf("PrintDlgW(PD_RETURNDEFAULT): %d error 0x%lx devmode %d devnames %d dc %d\n", ok, CommDlgExtendedError(),
         pd.hDevMode != NULL, pd.hDevNames != NULL, pd.hDC != NULL);
  pd.hDevNames = GlobalAlloc(GMEM_MOVEABLE, 64);
  ok = PrintDlgW(&pd);
  printf("PrintDlgW(PD_RETURNDEFAULT, hDevNames given): %d error 0x%lx\n", ok, CommDlgExtendedError());
  GlobalFree(pd.hDevNames);

  PAGESETUPDLGW psd = {0};
  psd.lStructSize = sizeof psd + 4;
  ok = PageSetupDlgW(&psd);
  printf("PageSetupDlgW(wrong size): %d error 0x%lx\n", ok, CommDlgExtendedError());
  psd.lStructSize = sizeof psd;
  static const WCHAR names[] = L"C:\\a.txt\0C:\\dir\\bb.txt\0";
  HGLOBAL drop = GlobalAlloc(GHND, sizeof(DROPFILES) + sizeof names);
  DROPFILES* df = (DROPFILES*)GlobalLock(drop);
  df->pFiles = sizeof(DROPFILES);
  df->pt.x = 5, df->pt.y = 7;
  df->fNC = FALSE, df->fWide = TRUE;
  memcpy(df + 1, names, sizeof names);
  GlobalUnlock(drop);
  WCHAR wname[64];
  char aname[64];
  printf("DragQueryFileW count: %u\n", DragQueryFileW((HDROP)drop, 0xffffffff, NULL, 0));
  printf("DragQueryFileW 0 length: %u\n", DragQueryFileW((HDROP)drop, 0, NULL, 0));
  UINT n = DragQueryFileW((HDROP)drop, 1, wname, 5);
  printf("DragQueryFileW 1 in 5: %u \"%ls\"\n", n, wname);
  n = DragQueryFileA((HDROP)drop, 1, aname, sizeof aname);
  printf("DragQueryFileA 1: %u \"%s\"\n", n, aname);
  printf("DragQueryFileW 2: %u\n", DragQueryFileW((HDROP)drop, 2, wname, 64));
  POINT pt = {0, 0};
  BOOL client = DragQueryPoint((HDROP)drop, &pt);
  printf("DragQueryPoint: %d %ld,%ld\n", client, pt.x, pt.y);
  DragFinish((HDROP)drop);
  DragAcceptFiles(owner, TRUE);
  printf("DragAcceptFiles: WS_EX_ACCEPTFILES %d\n", (GetWindowLongW(owner, GWL_EXSTYLE) & WS_EX_ACCEPTFILES) != 0);
  DragAcceptFiles(owner, FALSE);
  printf("DragAcceptFiles(FALSE): WS_EX_ACCEPTFILES %d\n", (GetWindowLongW(owner, GWL_EXSTYLE) & WS_EX_ACCEPTFILES) != 0);
  DestroyWindow(owner);
  printf("done\n");
  return 0;
}
