/* The clipboard's windows: the viewer chain (SetClipboardViewer, GetClipboardViewer,
 * ChangeClipboardChain with WM_DRAWCLIPBOARD passed down the chain and WM_CHANGECBCHAIN), format
 * listeners (Add/RemoveClipboardFormatListener, WM_CLIPBOARDUPDATE), the owner EmptyClipboard
 * makes, GetUpdatedClipboardFormats and GetPriorityClipboardFormat, and CallMsgFilter with and
 * without a WH_MSGFILTER hook. (Another program may hold the clipboard open for a moment: opening
 * is tried again, as programs do.) */
// Links: -luser32
#include <stdio.h>
#include <string.h>
#include <windows.h>

static HWND w1, w2, next_of_w2;

static const char* name(HWND h) {
  if (!h) return "none";
  if (h == w1) return "w1";
  if (h == w2) return "w2";
  return "another window";
}

static LRESULT CALLBACK proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  switch (msg) {
    case WM_DRAWCLIPBOARD:
      printf("  %s: WM_DRAWCLIPBOARD, owner %s\n", name(hwnd), name((HWND)wp));
      if (hwnd == w2 && next_of_w2) SendMessageW(next_of_w2, msg, wp, lp);
      return 0;
    case WM_CHANGECBCHAIN:
      printf("  %s: WM_CHANGECBCHAIN, removed %s, next %s\n", name(hwnd), name((HWND)wp), name((HWND)lp));
      if (hwnd == w2 && (HWND)wp == next_of_w2) next_of_w2 = (HWND)lp;
      return 0;
    case WM_CLIPBOARDUPDATE:
      printf("  %s: WM_CLIPBOARDUPDATE\n", name(hwnd));
      return 0;
    default:
      return DefWindowProcW(hwnd, msg, wp, lp);
  }
}

static void pump(void) {
  MSG m;
  while (PeekMessageW(&m, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&m);
}

static BOOL open_clipboard(HWND h) {
  for (int i = 0; i < 500; ++i) {
    if (OpenClipboard(h)) return TRUE;
    Sleep(10);
  }
  return FALSE;
}

static HHOOK filter_hook;
static LRESULT CALLBACK filter(int code, WPARAM wp, LPARAM lp) {
  MSG* m = (MSG*)lp;
  printf("  filter: code %d, message 0x%x, wParam %d\n", code, m->message, (int)m->wParam);
  if (code == 7) return 1;
  return CallNextHookEx(filter_hook, code, wp, lp);
}

int main(void) {
  WNDCLASSW wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleW(NULL);
  wc.lpszClassName = L"PolyrunClipboardChain";
  RegisterClassW(&wc);
  w1 = CreateWindowW(L"PolyrunClipboardChain", L"w1", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, NULL, NULL, wc.hInstance, NULL);
  w2 = CreateWindowW(L"PolyrunClipboardChain", L"w2", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, NULL, NULL, wc.hInstance, NULL);
  printf("windows: %d %d\n", w1 != NULL, w2 != NULL);

  /* a known owner first: w1 */
  BOOL opened = open_clipboard(w1);
  BOOL emptied = EmptyClipboard();
  printf("OpenClipboard(w1): %d, EmptyClipboard: %d, CloseClipboard: %d\n", opened, emptied, CloseClipboard());
  pump();
  printf("GetClipboardOwner: %s\n", name(GetClipboardOwner()));
  printf("GetClipboardViewer: %s\n", name(GetClipboardViewer()));
  printf("SetClipboardViewer(w1):\n");
  HWND prev = SetClipboardViewer(w1);
  printf("  returned %s\n", name(prev));
  printf("SetClipboardViewer(w2):\n");
  next_of_w2 = SetClipboardViewer(w2);
  printf("  returned %s\n", name(next_of_w2));
  printf("GetClipboardViewer: %s\n", name(GetClipboardViewer()));
  SetLastError(0);
  HWND bad = SetClipboardViewer((HWND)(ULONG_PTR)0xdead0);
  printf("SetClipboardViewer(not a window): %s, error %lu; viewer still %s\n", name(bad), GetLastError(), name(GetClipboardViewer()));

  printf("AddClipboardFormatListener(w1): %d\n", AddClipboardFormatListener(w1));
  SetLastError(0);
  BOOL ok = AddClipboardFormatListener(w1);
  printf("AddClipboardFormatListener(w1) again: %d, error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = RemoveClipboardFormatListener(w2);
  printf("RemoveClipboardFormatListener(w2): %d, error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = AddClipboardFormatListener(NULL);
  printf("AddClipboardFormatListener(NULL): %d, error %lu\n", ok, GetLastError());
  pump();

  printf("OpenClipboard(w1): %d\n", open_clipboard(w1));
  printf("EmptyClipboard: %d\n", EmptyClipboard());
  printf("GetClipboardOwner while open: %s\n", name(GetClipboardOwner()));
  const wchar_t text[] = L"chain";
  HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE, sizeof text);
  memcpy(GlobalLock(h), text, sizeof text);
  GlobalUnlock(h);
  printf("SetClipboardData: %s\n", SetClipboardData(CF_UNICODETEXT, h) ? "set" : "failed");
  printf("CloseClipboard:\n");
  printf("  returned %d\n", CloseClipboard());
  printf("messages:\n");
  pump();
  printf("GetClipboardOwner: %s\n", name(GetClipboardOwner()));

  UINT formats[8] = {0}, count = 99;
  SetLastError(0);
  ok = GetUpdatedClipboardFormats(NULL, 0, &count);
  printf("GetUpdatedClipboardFormats(NULL, 0): %d, error %lu, count %u\n", ok, GetLastError(), count);
  count = 99;
  SetLastError(0);
  ok = GetUpdatedClipboardFormats(formats, 1, &count);
  printf("GetUpdatedClipboardFormats(1): %d, error %lu, count %u\n", ok, GetLastError(), count);
  count = 99;
  SetLastError(0);
  ok = GetUpdatedClipboardFormats(formats, 8, &count);
  printf("GetUpdatedClipboardFormats(8): %d, count %u:", ok, count);
  for (UINT i = 0; i < count && i < 8; ++i) printf(" %u", formats[i]);
  printf("\n");
  SetLastError(0);
  ok = GetUpdatedClipboardFormats(formats, 8, NULL);
  printf("GetUpdatedClipboardFormats(no count): %d, error %lu\n", ok, GetLastError());
  UINT list1[] = {CF_BITMAP, CF_TEXT, CF_UNICODETEXT}, list2[] = {CF_BITMAP, CF_DIB};
  printf("GetPriorityClipboardFormat: {BITMAP, TEXT, UNICODETEXT} %d, {BITMAP, DIB} %d, {} %d\n",
         GetPriorityClipboardFormat(list1, 3), GetPriorityClipboardFormat(list2, 2), GetPriorityClipboardFormat(list1, 0));

  printf("ChangeClipboardChain(w1, NULL):\n");
  printf("  returned %d\n", ChangeClipboardChain(w1, NULL));
  printf("GetClipboardViewer: %s\n", name(GetClipboardViewer()));
  printf("ChangeClipboardChain(w2, NULL):\n");
  printf("  returned %d\n", ChangeClipboardChain(w2, NULL));
  printf("GetClipboardViewer: %s\n", name(GetClipboardViewer()));
  SetLastError(0);
  ok = ChangeClipboardChain(NULL, NULL);
  printf("ChangeClipboardChain(NULL, NULL): %d, error %lu\n", ok, GetLastError());

  printf("OpenClipboard(NULL): %d\n", open_clipboard(NULL));
  printf("EmptyClipboard: %d\n", EmptyClipboard());
  printf("CloseClipboard: %d\n", CloseClipboard());
  printf("messages:\n");
  pump();
  printf("GetClipboardOwner: %s\n", name(GetClipboardOwner()));
  printf("GetPriorityClipboardFormat, emptied: %d\n", GetPriorityClipboardFormat(list1, 3));
  printf("RemoveClipboardFormatListener(w1): %d\n", RemoveClipboardFormatListener(w1));

  MSG m = {0};
  m.message = WM_KEYDOWN;
  m.wParam = 65;
  printf("CallMsgFilterW without a hook: %d\n", CallMsgFilterW(&m, 7));
  filter_hook = SetWindowsHookExW(WH_MSGFILTER, filter, NULL, GetCurrentThreadId());
  printf("WH_MSGFILTER hook: %d\n", filter_hook != NULL);
  printf("CallMsgFilterW(7):\n");
  printf("  returned %d\n", CallMsgFilterW(&m, 7));
  printf("CallMsgFilterA(2):\n");
  printf("  returned %d\n", CallMsgFilterA(&m, 2));
  UnhookWindowsHookEx(filter_hook);
  printf("CallMsgFilterW after unhooking: %d\n", CallMsgFilterW(&m, 7));

  DestroyWindow(w1);
  DestroyWindow(w2);
  return 0;
}
