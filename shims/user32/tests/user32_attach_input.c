/* USER32's AttachThreadInput: two threads with a window each, their focus, active window, capture,
 * caret and key state before, while and after their input is attached (either way round), SetFocus
 * to the other thread's window while attached; the errors (the same thread, a thread that is not
 * there, one without a message queue, detaching threads that are not attached). */
// Links: -luser32
#include <stdio.h>
#include <windows.h>

static HWND a, b;
static DWORD main_id, other_id;
static HANDLE ready;

static const char* name(HWND h) {
  if (!h) return "none";
  if (h == a) return "a";
  if (h == b) return "b";
  return "another";
}

enum { ASK_SHIFT = WM_USER + 1, ASK_FOCUS, ASK_ACTIVE, SET_FOCUS };

/* The other thread's window answers for its thread. */
static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM wp, LPARAM lp) {
  switch (m) {
    case ASK_SHIFT: return (GetKeyState(VK_SHIFT) & 0x8000) != 0;
    case ASK_FOCUS: return (LRESULT)GetFocus();
    case ASK_ACTIVE: return (LRESULT)GetActiveWindow();
    case SET_FOCUS: return (LRESULT)SetFocus((HWND)wp);
    default: return DefWindowProcW(h, m, wp, lp);
  }
}

static DWORD WINAPI other_thread(void* arg) {
  (void)arg;
  b = CreateWindowW(L"PolyrunAttach", L"b", WS_OVERLAPPEDWINDOW, 300, 0, 200, 100, NULL, NULL, NULL, NULL);
  ShowWindow(b, SW_SHOWNOACTIVATE);
  SetFocus(b);
  SetEvent(ready);
  MSG msg;
  while (GetMessageW(&msg, NULL, 0, 0) > 0) DispatchMessageW(&msg);
  DestroyWindow(b);
  return 0;
}

static DWORD WINAPI queueless_thread(void* arg) {
  WaitForSingleObject((HANDLE)arg, INFINITE);
  return 0;
}

/* Each thread's focus, active window and capture (GetGUIThreadInfo), its own view of them and of
 * the shift key, the caret's window. */
static void show(const char* what) {
  GUITHREADINFO mine = {sizeof mine}, theirs = {sizeof theirs};
  GetGUIThreadInfo(main_id, &mine);
  GetGUIThreadInfo(other_id, &theirs);
  printf("%s:\n", what);
  printf("  main:  focus %s, active %s, capture %s, caret %s; GetFocus %s, GetActiveWindow %s, GetCapture %s, shift %s\n",
         name(mine.hwndFocus), name(mine.hwndActive), name(mine.hwndCapture), name(mine.hwndCaret), name(GetFocus()),
         name(GetActiveWindow()), name(GetCapture()), (GetKeyState(VK_SHIFT) & 0x8000) ? "down" : "up");
  printf("  other: focus %s, active %s, capture %s, caret %s; GetFocus %s, GetActiveWindow %s, shift %s\n",
         name(theirs.hwndFocus), name(theirs.hwndActive), name(theirs.hwndCapture), name(theirs.hwndCaret),
         name((HWND)SendMessageW(b, ASK_FOCUS, 0, 0)), name((HWND)SendMessageW(b, ASK_ACTIVE, 0, 0)),
         SendMessageW(b, ASK_SHIFT, 0, 0) ? "down" : "up");
}

static void press_shift(void) {
  BYTE keys[256];
  GetKeyboardState(keys);
  keys[VK_SHIFT] = 0x80;
  SetKeyboardState(keys);
}

static void attach(DWORD from, DWORD to, BOOL on) {
  SetLastError(0xdead);
  BOOL ok = AttachThreadInput(from, to, on);
  printf("AttachThreadInput(%s, %s, %s): %d", from == main_id ? "main" : "other", to == main_id ? "main" : "other",
         on ? "TRUE" : "FALSE", ok);
  if (!ok) printf(", error %lu", GetLastError());
  printf("\n");
}

static void try_attach(const char* what, DWORD from, DWORD to) {
  SetLastError(0xdead);
  BOOL ok = AttachThreadInput(from, to, TRUE);
  printf("  %s: %d, error %lu\n", what, ok, GetLastError());
}

int main(void) {
  WNDCLASSW wc = {0};
  wc.lpfnWndProc = proc;
  wc.lpszClassName = L"PolyrunAttach";
  RegisterClassW(&wc);
  main_id = GetCurrentThreadId();
  a = CreateWindowW(L"PolyrunAttach", L"a", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100, NULL, NULL, NULL, NULL);
  ShowWindow(a, SW_SHOWNORMAL);
  SetFocus(a);
  CreateCaret(a, NULL, 2, 10);

  printf("errors:\n");
  try_attach("the same thread", main_id, main_id);
  try_attach("a thread that is not there", main_id, 0x7ffffff0);
  try_attach("thread 0", 0, main_id);
  HANDLE release = CreateEventW(NULL, TRUE, FALSE, NULL);
  DWORD queueless_id;
  HANDLE queueless = CreateThread(NULL, 0, queueless_thread, release, 0, &queueless_id);
  try_attach("to a thread without a message queue", main_id, queueless_id);
  try_attach("from a thread without a message queue", queueless_id, main_id);
  SetEvent(release);
  WaitForSingleObject(queueless, INFINITE);
  CloseHandle(queueless);

  ready = CreateEventW(NULL, FALSE, FALSE, NULL);
  HANDLE other = CreateThread(NULL, 0, other_thread, NULL, 0, &other_id);
  WaitForSingleObject(ready, INFINITE);
  press_shift();
  show("apart (main's shift pressed)");
  attach(main_id, other_id, FALSE);

  attach(main_id, other_id, TRUE);
  show("attached (the key state reset)");
  press_shift();
  show("main's shift pressed");
  printf("SetFocus(a) from main: previous %s\n", name(SetFocus(a)));
  show("after it");
  printf("SetFocus(b) from main: previous %s\n", name(SetFocus(b)));
  show("after it");
  printf("SetCapture(a): previous %s\n", name(SetCapture(a)));
  show("captured");
  ReleaseCapture();
  printf("SetFocus(a) from the other thread: previous %s\n", name((HWND)SendMessageW(b, SET_FOCUS, (WPARAM)a, 0)));
  show("after it");
  attach(main_id, other_id, FALSE);
  show("detached with the focus in main's window");
  printf("SetFocus(b) from main: previous %s\n", name(SetFocus(b)));
  attach(main_id, other_id, FALSE);

  attach(main_id, other_id, TRUE);
  show("attached again (the other thread had no focus)");
  SetFocus(b);
  attach(main_id, other_id, FALSE);
  show("detached with the focus in the other thread's window");

  attach(other_id, main_id, TRUE);
  show("the other thread attached to main");
  printf("SetFocus(b) from the other thread: previous %s\n", name((HWND)SendMessageW(b, SET_FOCUS, (WPARAM)b, 0)));
  show("after it");
  attach(other_id, main_id, FALSE);
  show("detached");

  PostThreadMessageW(other_id, WM_QUIT, 0, 0);
  WaitForSingleObject(other, INFINITE);
  CloseHandle(other);
  DestroyCaret();
  DestroyWindow(a);
  return 0;
}
