// SHELL32's Shell_NotifyIconW/A: an icon of a window added (not twice), changed, given the focus
// and a version (3 and 4), removed (not twice); the ANSI form; an icon nobody added. Expected output: wine 8.0's (x64).
// Links: -lshell32 -luser32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <shellapi.h>

int main(void) {
  HWND w = CreateWindowExW(0, L"STATIC", L"notify", WS_OVERLAPPED, 0, 0, 50, 50, NULL, NULL, NULL, NULL);
  NOTIFYICONDATAW nid;
  memset(&nid, 0, sizeof nid);
  nid.cbSize = sizeof nid;
  nid.hWnd = w;
  nid.uID = 7;
  nid.uFlags = NIF_MESSAGE | NIF_ICON | NIF_TIP;
  nid.uCallbackMessage = WM_APP + 1;
  nid.hIcon = LoadIconW(NULL, (LPCWSTR)IDI_APPLICATION);
  wcscpy(nid.szTip, L"a tip");
  printf("added: %d\n", Shell_NotifyIconW(NIM_ADD, &nid));
  printf("added again: %d\n", Shell_NotifyIconW(NIM_ADD, &nid));
  wcscpy(nid.szTip, L"another tip");
  nid.uFlags = NIF_TIP | NIF_INFO;
  wcscpy(nid.szInfo, L"a balloon");
  wcscpy(nid.szInfoTitle, L"its title");
  printf("modified: %d\n", Shell_NotifyIconW(NIM_MODIFY, &nid));
  printf("focus: %d\n", Shell_NotifyIconW(NIM_SETFOCUS, &nid));
  nid.uVersion = NOTIFYICON_VERSION_4;
  printf("version 4: %d\n", Shell_NotifyIconW(NIM_SETVERSION, &nid));
  nid.uVersion = NOTIFYICON_VERSION;
  printf("version 3: %d\n", Shell_NotifyIconW(NIM_SETVERSION, &nid));
  printf("deleted: %d\n", Shell_NotifyIconW(NIM_DELETE, &nid));
  printf("deleted again: %d\n", Shell_NotifyIconW(NIM_DELETE, &nid));
  printf("modified after: %d\n", Shell_NotifyIconW(NIM_MODIFY, &nid));

  NOTIFYICONDATAA a;
  memset(&a, 0, sizeof a);
  a.cbSize = sizeof a;
  a.hWnd = w;
  a.uID = 8;
  a.uFlags = NIF_TIP;
  strcpy(a.szTip, "an ANSI tip");
  BOOL added = Shell_NotifyIconA(NIM_ADD, &a);
  BOOL deleted = Shell_NotifyIconA(NIM_DELETE, &a);
  printf("ANSI added: %d, deleted: %d\n", added, deleted);

  NOTIFYICONDATAW none;
  memset(&none, 0, sizeof none);
  none.cbSize = sizeof none;
  none.hWnd = w;
  none.uID = 99;
  printf("an icon nobody added, modified: %d\n", Shell_NotifyIconW(NIM_MODIFY, &none));
  DestroyWindow(w);
  return 0;
}
