// Text of the ANSI code page (1252) through USER32's A functions and back through the W ones: a
// window's text set by one kind and read by the other (bytes and UTF-16 units in hex, the lengths),
// the messages an ANSI and a Unicode procedure see (CREATESTRUCT's name, WM_SETTEXT, WM_GETTEXT,
// WM_CHAR sent, posted and dispatched; a Unicode window subclassed by an ANSI procedure that calls
// CallWindowProcA), an ANSI edit control and list box, menus, class names, RegisterWindowMessageA,
// the clipboard's CF_TEXT, CF_UNICODETEXT and CF_OEMTEXT made from one another, CharUpperA/CharLowerA
// and the IsChar*A classes, CharNextA/CharPrevA, OemToChar and CharToOem (437 and 1252), wsprintfA
// with %S and wsprintfW with %S and %hs, VkKeyScanA, LoadStringA of a string resource
// (user32_ansi_text.rc).
// Links: -luser32
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

static void print_bytes(const char* label, const char* s, int n) {
  printf("%s:", label);
  if (n < 0) n = (int)strlen(s);
  for (int i = 0; i < n; ++i) printf(" %02x", (unsigned char)s[i]);
  printf("\n");
}
static void print_units(const char* label, const wchar_t* s, int n) {
  printf("%s:", label);
  if (n < 0) n = (int)wcslen(s);
  for (int i = 0; i < n; ++i) printf(" %04x", (unsigned)s[i]);
  printf("\n");
}

static LRESULT CALLBACK ansi_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  switch (msg) {
    case WM_CREATE: {
      const CREATESTRUCTA* cs = (const CREATESTRUCTA*)lp;
      print_bytes("  A proc WM_CREATE name", cs->lpszName, -1);
      break;
    }
    case WM_SETTEXT:
      print_bytes("  A proc WM_SETTEXT", (const char*)lp, -1);
      break;
    case WM_GETTEXT:
      printf("  A proc WM_GETTEXT wparam %u\n", (unsigned)wp);
      break;
    case WM_CHAR:
      printf("  A proc WM_CHAR %04x\n", (unsigned)wp);
      return 0;
  }
  return DefWindowProcA(hwnd, msg, wp, lp);
}

static LRESULT CALLBACK wide_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  switch (msg) {
    case WM_CREATE: {
      const CREATESTRUCTW* cs = (const CREATESTRUCTW*)lp;
      print_units("  W proc WM_CREATE name", cs->lpszName, -1);
      break;
    }
    case WM_SETTEXT:
      print_units("  W proc WM_SETTEXT", (const wchar_t*)lp, -1);
      break;
    case WM_GETTEXT:
      printf("  W proc WM_GETTEXT wparam %u\n", (unsigned)wp);
      break;
    case WM_CHAR:
      printf("  W proc WM_CHAR %04x\n", (unsigned)wp);
      return 0;
  }
  return DefWindowProcW(hwnd, msg, wp, lp);
}

// A Unicode window subclassed with an ANSI procedure (SetWindowLongPtrA), which passes its
// messages on with CallWindowProcA.
static WNDPROC old_proc;
static LRESULT CALLBACK subclass_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  if (msg == WM_SETTEXT) print_bytes("  subclass A proc WM_SETTEXT", (const char*)lp, -1);
  if (msg == WM_CHAR) printf("  subclass A proc WM_CHAR %04x\n", (unsigned)wp);
  return CallWindowProcA(old_proc, hwnd, msg, wp, lp);
}

static void subclassing(void) {
  HWND w = CreateWindowExW(0, L"WideText\x00fc", L"", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, NULL, NULL, NULL, NULL);
  printf("IsWindowUnicode before: %d\n", IsWindowUnicode(w));
  old_proc = (WNDPROC)SetWindowLongPtrA(w, GWLP_WNDPROC, (LONG_PTR)subclass_proc);
  printf("IsWindowUnicode after SetWindowLongPtrA: %d\n", IsWindowUnicode(w));
  printf("SetWindowTextW(L\"\\x20ac\\x00e9\"):\n");
  SetWindowTextW(w, L"\x20ac\x00e9");
  printf("SendMessageW(WM_CHAR, 0x0153):\n");
  SendMessageW(w, WM_CHAR, 0x153, 0);
  printf("SendMessageA(WM_CHAR, 0x9c):\n");
  SendMessageA(w, WM_CHAR, 0x9c, 0);
  DestroyWindow(w);
}

static void window_text(HWND a, HWND w) {
  char buf[64];
  wchar_t wbuf[64];
  printf("SetWindowTextA(A window, \"\\x80 \\xfc\\xdf\"): %d\n", SetWindowTextA(a, "\x80 \xfc\xdf"));
  printf("GetWindowTextLengthA %d, GetWindowTextLengthW %d\n", GetWindowTextLengthA(a), GetWindowTextLengthW(a));
  int n = GetWindowTextW(a, wbuf, 64);
  printf("GetWindowTextW: %d\n", n);
  print_units("  units", wbuf, n);
  n = GetWindowTextA(a, buf, 64);
  printf("GetWindowTextA: %d\n", n);
  print_bytes("  bytes", buf, n);

  printf("SetWindowTextW(W window, L\"\\x00e9\\x20ac\\x0411\\x0100\"): %d\n", SetWindowTextW(w, L"\x00e9\x20ac\x0411\x0100"));
  printf("GetWindowTextLengthA %d, GetWindowTextLengthW %d\n", GetWindowTextLengthA(w), GetWindowTextLengthW(w));
  memset(buf, 0x55, sizeof buf);
  n = GetWindowTextA(w, buf, 64);
  printf("GetWindowTextA: %d\n", n);
  print_bytes("  bytes", buf, n + 1);
  memset(buf, 0x55, sizeof buf);
  n = GetWindowTextA(w, buf, 3);
  printf("GetWindowTextA into 3: %d\n", n);
  print_bytes("  bytes", buf, 3);

  printf("SetWindowTextA(W window, \"caf\\xe9\"): %d\n", SetWindowTextA(w, "caf\xe9"));
  n = GetWindowTextW(w, wbuf, 64);
  print_units("  GetWindowTextW", wbuf, n);
  printf("SetWindowTextW(A window, L\"\\x00fc\\x20ac\"): %d\n", SetWindowTextW(a, L"\x00fc\x20ac"));
  n = GetWindowTextA(a, buf, 64);
  print_bytes("  GetWindowTextA", buf, n);

  memset(buf, 0, sizeof buf);
  LRESULT r = SendMessageA(w, WM_GETTEXT, 64, (LPARAM)buf);
  printf("SendMessageA(W window, WM_GETTEXT): %d\n", (int)r);
  print_bytes("  bytes", buf, -1);
  memset(wbuf, 0, sizeof wbuf);
  r = SendMessageW(a, WM_GETTEXT, 64, (LPARAM)wbuf);
  printf("SendMessageW(A window, WM_GETTEXT): %d\n", (int)r);
  print_units("  units", wbuf, -1);
  printf("SendMessageA(W window, WM_GETTEXTLENGTH): %d\n", (int)SendMessageA(w, WM_GETTEXTLENGTH, 0, 0));
}

static void char_messages(HWND a, HWND w) {
  printf("SendMessageA(W window, WM_CHAR, 0xe9)\n");
  SendMessageA(w, WM_CHAR, 0xe9, 0);
  printf("SendMessageA(W window, WM_CHAR, 0x80)\n");
  SendMessageA(w, WM_CHAR, 0x80, 0);
  printf("SendMessageW(A window, WM_CHAR, 0x20ac)\n");
  SendMessageW(a, WM_CHAR, 0x20ac, 0);
  printf("SendMessageW(A window, WM_CHAR, 0x00df)\n");
  SendMessageW(a, WM_CHAR, 0xdf, 0);
  printf("SendMessageW(A window, WM_CHAR, 0x0411)\n");
  SendMessageW(a, WM_CHAR, 0x411, 0);
  printf("SendMessageA(A window, WM_CHAR, 0x9c)\n");
  SendMessageA(a, WM_CHAR, 0x9c, 0);

  MSG m;
  PostMessageA(w, WM_CHAR, 0x80, 0);
  if (PeekMessageW(&m, w, WM_CHAR, WM_CHAR, PM_REMOVE)) printf("PostMessageA 0x80, PeekMessageW: %04x\n", (unsigned)m.wParam);
  PostMessageW(a, WM_CHAR, 0x20ac, 0);
  if (PeekMessageA(&m, a, WM_CHAR, WM_CHAR, PM_REMOVE)) {
    printf("PostMessageW 0x20ac, PeekMessageA: %04x; DispatchMessageA:\n", (unsigned)m.wParam);
    DispatchMessageA(&m);
  }
  PostMessageW(w, WM_CHAR, 0xfc, 0);
  if (PeekMessageA(&m, w, WM_CHAR, WM_CHAR, PM_REMOVE)) {
    printf("PostMessageW 0xfc, PeekMessageA: %04x; DispatchMessageA to the W window:\n", (unsigned)m.wParam);
    DispatchMessageA(&m);
  }
  PostMessageA(a, WM_CHAR, 0x8a, 0);
  if (PeekMessageW(&m, a, WM_CHAR, WM_CHAR, PM_REMOVE)) {
    printf("PostMessageA 0x8a, PeekMessageW: %04x; DispatchMessageW to the A window:\n", (unsigned)m.wParam);
    DispatchMessageW(&m);
  }
}

static void controls(HWND parent) {
  char buf[64];
  wchar_t wbuf[64];
  HWND edit = CreateWindowExA(0, "EDIT", "caf\xe9", WS_CHILD | ES_MULTILINE, 0, 0, 200, 100, parent, (HMENU)10, NULL, NULL);
  int n = GetWindowTextW(edit, wbuf, 64);
  print_units("edit (A) text as W", wbuf, n);
  SendMessageA(edit, EM_SETSEL, 4, 4);
  SendMessageA(edit, EM_REPLACESEL, FALSE, (LPARAM) "\x80\r\n\xfc\xdf");
  printf("edit WM_GETTEXTLENGTH A %d, W %d\n", (int)SendMessageA(edit, WM_GETTEXTLENGTH, 0, 0),
         (int)SendMessageW(edit, WM_GETTEXTLENGTH, 0, 0));
  n = GetWindowTextA(edit, buf, 64);
  print_bytes("edit text as A", buf, n);
  *(WORD*)buf = 60;
  n = (int)SendMessageA(edit, EM_GETLINE, 1, (LPARAM)buf);
  printf("EM_GETLINE A line 1: %d\n", n);
  print_bytes("  bytes", buf, n);
  *(WORD*)wbuf = 60;
  n = (int)SendMessageW(edit, EM_GETLINE, 0, (LPARAM)wbuf);
  printf("EM_GETLINE W line 0: %d\n", n);
  print_units("  units", wbuf, n);
  DestroyWindow(edit);

  HWND list = CreateWindowExA(0, "LISTBOX", "", WS_CHILD, 0, 0, 200, 100, parent, (HMENU)11, NULL, NULL);
  printf("LB_ADDSTRING A: %d\n", (int)SendMessageA(list, LB_ADDSTRING, 0, (LPARAM) "\xfc\xdf\x80"));
  printf("LB_ADDSTRING W: %d\n", (int)SendMessageW(list, LB_ADDSTRING, 0, (LPARAM)L"\x0152\x2122"));
  printf("LB_GETTEXTLEN A %d %d, W %d %d\n", (int)SendMessageA(list, LB_GETTEXTLEN, 0, 0),
         (int)SendMessageA(list, LB_GETTEXTLEN, 1, 0), (int)SendMessageW(list, LB_GETTEXTLEN, 0, 0),
         (int)SendMessageW(list, LB_GETTEXTLEN, 1, 0));
  memset(wbuf, 0, sizeof wbuf);
  n = (int)SendMessageW(list, LB_GETTEXT, 0, (LPARAM)wbuf);
  print_units("LB_GETTEXT W 0", wbuf, n);
  memset(buf, 0, sizeof buf);
  n = (int)SendMessageA(list, LB_GETTEXT, 1, (LPARAM)buf);
  print_bytes("LB_GETTEXT A 1", buf, n);
  printf("LB_FINDSTRINGEXACT A \"\\x8c\\x99\": %d\n", (int)SendMessageA(list, LB_FINDSTRINGEXACT, (WPARAM)-1, (LPARAM) "\x8c\x99"));
  DestroyWindow(list);
}

static void menus(void) {
  char buf[64];
  wchar_t wbuf[64];
  HMENU m = CreatePopupMenu();
  printf("AppendMenuA: %d\n", AppendMenuA(m, MF_STRING, 1, "caf\xe9 &\x80"));
  printf("AppendMenuW: %d\n", AppendMenuW(m, MF_STRING, 2, L"\x00fc\x00df"));
  int n = GetMenuStringW(m, 1, wbuf, 64, MF_BYCOMMAND);
  printf("GetMenuStringW 1: %d\n", n);
  print_units("  units", wbuf, n);
  n = GetMenuStringA(m, 2, buf, 64, MF_BYCOMMAND);
  printf("GetMenuStringA 2: %d\n", n);
  print_bytes("  bytes", buf, n);
  printf("GetMenuStringA 1 length: %d\n", GetMenuStringA(m, 1, NULL, 0, MF_BYCOMMAND));
  MENUITEMINFOA mi;
  memset(&mi, 0, sizeof mi);
  mi.cbSize = sizeof mi;
  mi.fMask = MIIM_STRING | MIIM_ID;
  mi.wID = 3;
  mi.dwTypeData = "\xe0 la \x93";
  printf("InsertMenuItemA: %d\n", InsertMenuItemA(m, 0, TRUE, &mi));
  n = GetMenuStringW(m, 3, wbuf, 64, MF_BYCOMMAND);
  print_units("  GetMenuStringW 3", wbuf, n);
  memset(&mi, 0, sizeof mi);
  mi.cbSize = sizeof mi;
  mi.fMask = MIIM_STRING;
  mi.dwTypeData = buf;
  mi.cch = 64;
  memset(buf, 0, sizeof buf);
  printf("GetMenuItemInfoA 2: %d\n", GetMenuItemInfoA(m, 2, FALSE, &mi));
  print_bytes("  bytes", buf, -1);
  DestroyMenu(m);
}

static void clipboard(void) {
  BOOL open = FALSE;
  for (int i = 0; i < 500 && !open; ++i) open = OpenClipboard(NULL) || (Sleep(10), FALSE);
  printf("OpenClipboard: %d\n", open);
  EmptyClipboard();
  const char text[] = "caf\xe9 \x80 \xfc\xdf";
  HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE, sizeof text);
  memcpy(GlobalLock(h), text, sizeof text);
  GlobalUnlock(h);
  printf("SetClipboardData(CF_TEXT): %s\n", SetClipboardData(CF_TEXT, h) ? "set" : "failed");
  CloseClipboard();
  OpenClipboard(NULL);
  HANDLE d = GetClipboardData(CF_UNICODETEXT);
  if (d) print_units("CF_UNICODETEXT", (const wchar_t*)GlobalLock(d), -1), GlobalUnlock(d);
  d = GetClipboardData(CF_OEMTEXT);
  if (d) print_bytes("CF_OEMTEXT", (const char*)GlobalLock(d), -1), GlobalUnlock(d);
  CloseClipboard();

  OpenClipboard(NULL);
  EmptyClipboard();
  const wchar_t wtext[] = L"\x00e9\x20ac\x0411\x2500";
  h = GlobalAlloc(GMEM_MOVEABLE, sizeof wtext);
  memcpy(GlobalLock(h), wtext, sizeof wtext);
  GlobalUnlock(h);
  printf("SetClipboardData(CF_UNICODETEXT): %s\n", SetClipboardData(CF_UNICODETEXT, h) ? "set" : "failed");
  CloseClipboard();
  OpenClipboard(NULL);
  d = GetClipboardData(CF_TEXT);
  if (d) print_bytes("CF_TEXT", (const char*)GlobalLock(d), -1), GlobalUnlock(d);
  d = GetClipboardData(CF_OEMTEXT);
  if (d) print_bytes("CF_OEMTEXT", (const char*)GlobalLock(d), -1), GlobalUnlock(d);
  EmptyClipboard();
  CloseClipboard();

  UINT f = RegisterClipboardFormatA("polyrun caf\xe9");
  wchar_t wname[64];
  char name[64];
  int n = GetClipboardFormatNameW(f, wname, 64);
  printf("RegisterClipboardFormatA, GetClipboardFormatNameW: %d\n", n);
  print_units("  units", wname, n);
  printf("RegisterClipboardFormatW of the same name: %s\n", RegisterClipboardFormatW(L"polyrun caf\x00e9") == f ? "same" : "other");
  n = GetClipboardFormatNameA(f, name, 64);
  printf("GetClipboardFormatNameA: %d\n", n);
  print_bytes("  bytes", name, n);
}

static void characters(void) {
  char s[] = "caf\xe9 \xfc\xdf \xff \x9a\x80";
  CharUpperA(s);
  print_bytes("CharUpperA", s, -1);
  char t[] = "CAF\xc9 \xdc \x8a\x9f";
  CharLowerA(t);
  print_bytes("CharLowerA", t, -1);
  printf("CharUpperA((LPSTR)0xe9): %02x, CharLowerA((LPSTR)0xc0): %02x\n", (unsigned)(UINT_PTR)CharUpperA((LPSTR)(UINT_PTR)0xe9),
         (unsigned)(UINT_PTR)CharLowerA((LPSTR)(UINT_PTR)0xc0));
  char u[] = "\xe0\xe1\xe2x";
  printf("CharUpperBuffA 2: %lu\n", CharUpperBuffA(u, 2));
  print_bytes("  bytes", u, -1);
  const unsigned char probes[] = {0xe9, 0xc9, 0xdf, 0x80, 0x8a, 0x9f, 0xaa, 0xd7, 0xa0};
  for (size_t i = 0; i < sizeof probes; ++i)
    printf("%02x: alpha %d alnum %d upper %d lower %d\n", probes[i], IsCharAlphaA((CHAR)probes[i]) != 0,
           IsCharAlphaNumericA((CHAR)probes[i]) != 0, IsCharUpperA((CHAR)probes[i]) != 0,
           IsCharLowerA((CHAR)probes[i]) != 0);
  const char* word = "a\xe9\x80z";
  const char* next = CharNextA(word + 1);
  printf("CharNextA(+1): +%d, CharPrevA(+3): +%d, CharPrevA(start, start): +%d\n", (int)(next - word),
         (int)(CharPrevA(word, word + 3) - word), (int)(CharPrevA(word, word) - word));

  char oem[32];
  CharToOemA("caf\xe9 \x80 \xfc\xdf \xb1", oem);
  print_bytes("CharToOemA", oem, -1);
  char ansi[32];
  OemToCharA("\x82\x81\xe1 \xc4\xf1 \x9c", ansi);
  print_bytes("OemToCharA", ansi, -1);
  wchar_t w[32];
  OemToCharW("\x82\xe1\xc4", w);
  print_units("OemToCharW", w, -1);
  CharToOemW(L"\x00e9\x2500\x20ac", oem);
  print_bytes("CharToOemW", oem, -1);
  memset(oem, 0, sizeof oem);
  CharToOemBuffA("\xe9\xfc\xdfzz", oem, 3);
  print_bytes("CharToOemBuffA 3", oem, -1);

  char out[128];
  int n = wsprintfA(out, "%s|%S|%c|%C|%ls", "caf\xe9", L"\x20ac\x00fc\x0411", 0xe9, (WCHAR)0xdf, L"\x0152");
  printf("wsprintfA: %d\n", n);
  print_bytes("  bytes", out, n);
  wchar_t wout[128];
  n = wsprintfW(wout, L"%s|%S|%hs|%C", L"\x00e9", "\x80\xfc", "\x9c", (CHAR)0xe9);
  printf("wsprintfW: %d\n", n);
  print_units("  units", wout, n);

  printf("VkKeyScanA: 'a' %04x, 0xe9 %04x, 0xa7 %04x\n", (unsigned)(USHORT)VkKeyScanA('a'), (unsigned)(USHORT)VkKeyScanA((CHAR)0xe9),
         (unsigned)(USHORT)VkKeyScanA((CHAR)0xa7));
  printf("RegisterWindowMessageA(\"caf\\xe9 msg\") == RegisterWindowMessageW: %d\n",
         RegisterWindowMessageA("caf\xe9 msg") == RegisterWindowMessageW(L"caf\x00e9 msg"));
}

static void strings(void) {
  char buf[32];
  WCHAR w[32];
  memset(buf, 0x55, sizeof buf);
  int n = LoadStringA(GetModuleHandleA(NULL), 1, buf, sizeof buf);
  printf("LoadStringA: %d\n", n);
  print_bytes("  bytes", buf, n + 1);
  memset(buf, 0x55, sizeof buf);
  n = LoadStringA(GetModuleHandleA(NULL), 1, buf, 5);
  printf("LoadStringA into 5: %d\n", n);
  print_bytes("  bytes", buf, 5);
  n = LoadStringW(GetModuleHandleW(NULL), 1, w, 32);
  printf("LoadStringW: %d\n", n);
  print_units("  units", w, n);
}

int main(void) {
  WNDCLASSA ca;
  memset(&ca, 0, sizeof ca);
  ca.lpfnWndProc = ansi_proc;
  ca.hInstance = GetModuleHandleA(NULL);
  ca.lpszClassName = "AnsiText\xe9";
  printf("RegisterClassA: %s\n", RegisterClassA(&ca) ? "ok" : "failed");
  WNDCLASSW cw;
  memset(&cw, 0, sizeof cw);
  cw.lpfnWndProc = wide_proc;
  cw.hInstance = GetModuleHandleW(NULL);
  cw.lpszClassName = L"WideText\x00fc";
  printf("RegisterClassW: %s\n", RegisterClassW(&cw) ? "ok" : "failed");

  printf("CreateWindowExA(A class, \"caf\\xe9\"):\n");
  HWND a = CreateWindowExA(0, "AnsiText\xe9", "caf\xe9", WS_OVERLAPPEDWINDOW, 10, 10, 300, 200, NULL, NULL, NULL, NULL);
  printf("CreateWindowExA(W class, \"\\x80\\xfc\"):\n");
  HWND w = CreateWindowExA(0, "WideText\xfc", "\x80\xfc", WS_OVERLAPPEDWINDOW, 10, 10, 300, 200, NULL, NULL, NULL, NULL);
  printf("windows: %d %d\n", a != NULL, w != NULL);
  char name[64];
  wchar_t wname[64];
  int n = GetClassNameA(w, name, 64);
  print_bytes("GetClassNameA of the W class", name, n);
  n = GetClassNameW(a, wname, 64);
  print_units("GetClassNameW of the A class", wname, n);
  printf("FindWindowA(A class, \"caf\\xe9\"): %d\n", FindWindowA("AnsiText\xe9", "caf\xe9") == a);
  printf("FindWindowW(L\"WideText\\x00fc\", L\"\\x20ac\\x00fc\"): %d\n", FindWindowW(L"WideText\x00fc", L"\x20ac\x00fc") == w);

  window_text(a, w);
  char_messages(a, w);
  subclassing();
  controls(a);
  menus();
  clipboard();
  characters();
  strings();
  DestroyWindow(a);
  DestroyWindow(w);
  return 0;
}
