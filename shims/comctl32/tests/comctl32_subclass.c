// COMCTL32's window subclassing (SetWindowSubclass, GetWindowSubclass by ordinal 411,
// RemoveWindowSubclass, DefSubclassProc): the chain's order (the newest first, then the window's
// own procedure), new reference data for a procedure and id set again, a procedure that answers
// without passing the message on, one that removes itself while it handles a message, one added
// while a message goes down the chain, messages sent from inside the chain, an ANSI window's text
// through the chain, the window procedure while subclassed and once the last subclass has gone,
// and what the chain sees of DestroyWindow. The same program under wine 8.0 on an Xvfb gives the
// expected output.
// Links: -lcomctl32 -luser32
#include <windows.h>
#include <commctrl.h>
#include <stdio.h>
#include <string.h>

typedef BOOL(WINAPI* GetWindowSubclassFn)(HWND, SUBCLASSPROC, UINT_PTR, DWORD_PTR*);
static GetWindowSubclassFn get_subclass;
static int quiet = 1;

static const char* name(UINT m) {
  static char b[16];
  switch (m) {
    case WM_DESTROY: return "WM_DESTROY";
    case WM_NCDESTROY: return "WM_NCDESTROY";
    case WM_SETTEXT: return "WM_SETTEXT";
    case WM_USER: return "WM_USER";
    case WM_USER + 1: return "WM_USER+1";
    case WM_USER + 2: return "WM_USER+2";
    case WM_USER + 3: return "WM_USER+3";
  }
  sprintf(b, "0x%04x", m);
  return b;
}

static int shown(UINT m) { return !quiet && (m == WM_DESTROY || m == WM_NCDESTROY || m == WM_SETTEXT || (m >= WM_USER && m <= WM_USER + 3)); }

static LRESULT CALLBACK own_proc_w(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (shown(m)) {
    if (m == WM_SETTEXT)
      printf("  window (W) %s \"%ls\"\n", name(m), (const wchar_t*)l);
    else
      printf("  window (W) %s %d %d\n", name(m), (int)w, (int)l);
  }
  if (m >= WM_USER && m <= WM_USER + 3) return 1000 + (LRESULT)w;
  return DefWindowProcW(h, m, w, l);
}

static LRESULT CALLBACK own_proc_a(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (shown(m) && m == WM_SETTEXT) printf("  window (A) %s \"%s\"\n", name(m), (const char*)l);
  return DefWindowProcA(h, m, w, l);
}

static LRESULT CALLBACK sub_b(HWND h, UINT m, WPARAM w, LPARAM l, UINT_PTR id, DWORD_PTR ref);
static LRESULT CALLBACK sub_c(HWND h, UINT m, WPARAM w, LPARAM l, UINT_PTR id, DWORD_PTR ref);

static LRESULT CALLBACK sub_a(HWND h, UINT m, WPARAM w, LPARAM l, UINT_PTR id, DWORD_PTR ref) {
  if (shown(m)) {
    if (m == WM_SETTEXT && IsWindowUnicode(h))
      printf("  A id %d ref %d %s \"%ls\" (wide)\n", (int)id, (int)ref, name(m), (const wchar_t*)l);
    else if (m == WM_SETTEXT)
      printf("  A id %d ref %d %s \"%s\" (narrow)\n", (int)id, (int)ref, name(m), (const char*)l);
    else
      printf("  A id %d ref %d %s %d\n", (int)id, (int)ref, name(m), (int)w);
  }
  if (m == WM_USER + 1 && w == 7) return 77;  // answered here
  if (m == WM_USER + 1 && w == 8) {
    printf("  A sends WM_USER+2 from inside: %d\n", (int)SendMessageW(h, WM_USER + 2, 9, 0));
  }
  if (m == WM_USER + 1 && w == 11) {
    printf("  A adds C: %d\n", SetWindowSubclass(h, sub_c, 3, 300));
  }
  return DefSubclassProc(h, m, w, l);
}

static LRESULT CALLBACK sub_b(HWND h, UINT m, WPARAM w, LPARAM l, UINT_PTR id, DWORD_PTR ref) {
  if (shown(m)) printf("  B id %d ref %d %s %d\n", (int)id, (int)ref, name(m), (int)w);
  if (m == WM_USER + 3) printf("  B removes itself: %d\n", RemoveWindowSubclass(h, sub_b, id));
  LRESULT r = DefSubclassProc(h, m, w, l);
  return m == WM_USER ? r + 1 : r;
}

static LRESULT CALLBACK sub_c(HWND h, UINT m, WPARAM w, LPARAM l, UINT_PTR id, DWORD_PTR ref) {
  if (shown(m)) printf("  C id %d ref %d %s %d\n", (int)id, (int)ref, name(m), (int)w);
  return DefSubclassProc(h, m, w, l);
}

static void send_to(HWND h, UINT m, WPARAM w) {
  printf("%s %d:\n", name(m), (int)w);
  LRESULT r = SendMessageW(h, m, w, 0);
  printf("  -> %d\n", (int)r);
}

static void subclass_of(HWND h, SUBCLASSPROC f, const char* n, UINT_PTR id) {
  DWORD_PTR ref = 12345;
  BOOL ok = get_subclass(h, f, id, &ref);
  printf("GetWindowSubclass %s id %d: %d ref %d\n", n, (int)id, ok, (int)ref);
}

int main(void) {
  get_subclass = (GetWindowSubclassFn)GetProcAddress(GetModuleHandleA("comctl32.dll"), (LPCSTR)411);
  printf("GetWindowSubclass by ordinal: %s\n", get_subclass ? "found" : "missing");
  if (!get_subclass) return 1;
  WNDCLASSW wc = {0};
  wc.lpfnWndProc = own_proc_w;
  wc.hInstance = GetModuleHandleW(NULL);
  wc.lpszClassName = L"SubclassW";
  RegisterClassW(&wc);
  WNDCLASSA wca = {0};
  wca.lpfnWndProc = own_proc_a;
  wca.hInstance = GetModuleHandleW(NULL);
  wca.lpszClassName = "SubclassA";
  RegisterClassA(&wca);
  HWND h = CreateWindowW(L"SubclassW", L"w", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, NULL, NULL, NULL, NULL);
  quiet = 0;

  printf("SetWindowSubclass no window: %d\n", SetWindowSubclass(NULL, sub_a, 1, 100));
  printf("SetWindowSubclass no procedure: %d\n", SetWindowSubclass(h, NULL, 1, 100));
  printf("SetWindowSubclass A 1: %d\n", SetWindowSubclass(h, sub_a, 1, 100));
  printf("procedure changed: %d\n", GetWindowLongPtrW(h, GWLP_WNDPROC) != (LONG_PTR)own_proc_w);
  printf("SetWindowSubclass B 2: %d\n", SetWindowSubclass(h, sub_b, 2, 200));
  send_to(h, WM_USER, 5);
  printf("SetWindowSubclass A 1 again (ref 111): %d\n", SetWindowSubclass(h, sub_a, 1, 111));
  printf("SetWindowSubclass A 4 (a second id): %d\n", SetWindowSubclass(h, sub_a, 4, 400));
  send_to(h, WM_USER, 6);
  subclass_of(h, sub_a, "A", 1);
  subclass_of(h, sub_a, "A", 4);
  subclass_of(h, sub_a, "A", 9);
  subclass_of(h, sub_c, "C", 3);
  printf("RemoveWindowSubclass A 4: %d\n", RemoveWindowSubclass(h, sub_a, 4));
  printf("RemoveWindowSubclass A 4 again: %d\n", RemoveWindowSubclass(h, sub_a, 4));
  send_to(h, WM_USER + 1, 7);
  send_to(h, WM_USER + 1, 8);
  send_to(h, WM_USER + 1, 11);
  send_to(h, WM_USER, 12);
  printf("RemoveWindowSubclass C 3: %d\n", RemoveWindowSubclass(h, sub_c, 3));
  send_to(h, WM_USER + 3, 13);
  send_to(h, WM_USER + 3, 14);
  printf("SetWindowText through the chain:\n");
  SetWindowTextW(h, L"text");
  printf("RemoveWindowSubclass A 1: %d\n", RemoveWindowSubclass(h, sub_a, 1));
  printf("procedure back: %d\n", GetWindowLongPtrW(h, GWLP_WNDPROC) == (LONG_PTR)own_proc_w);
  send_to(h, WM_USER, 15);

  HWND ha = CreateWindowA("SubclassA", "a", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, NULL, NULL, NULL, NULL);
  printf("ANSI window: unicode %d\n", IsWindowUnicode(ha));
  printf("SetWindowSubclass A 1: %d\n", SetWindowSubclass(ha, sub_a, 1, 100));
  printf("ANSI window subclassed: unicode %d\n", IsWindowUnicode(ha));
  printf("SetWindowTextA through the chain:\n");
  SetWindowTextA(ha, "narrow");
  printf("RemoveWindowSubclass A 1: %d\n", RemoveWindowSubclass(ha, sub_a, 1));
  printf("ANSI window again: unicode %d, procedure back %d\n", IsWindowUnicode(ha),
         GetWindowLongPtrA(ha, GWLP_WNDPROC) == (LONG_PTR)own_proc_a);
  DestroyWindow(ha);

  BOOL c_set = SetWindowSubclass(h, sub_c, 3, 300);
  printf("SetWindowSubclass C 3: %d, then A 1: %d\n", c_set, SetWindowSubclass(h, sub_a, 1, 100));
  printf("DestroyWindow:\n");
  DestroyWindow(h);
  printf("GetWindowSubclass after: %d\n", get_subclass(h, sub_a, 1, NULL));
  printf("RemoveWindowSubclass after: %d\n", RemoveWindowSubclass(h, sub_a, 1));
  printf("done\n");
  return 0;
}
