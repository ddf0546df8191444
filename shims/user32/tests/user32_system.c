// What the system itself provides a windowed program: the system's window classes (BUTTON, EDIT,
// STATIC, LISTBOX, COMBOBOX, SCROLLBAR, #32770, ComboLBox) as GetClassInfoEx finds them
// (their class styles, that the extra bytes hold at least a pointer, the dialog class's
// DLGWINDOWEXTRA, the atom it returns and GetClassLong(GCW_ATOM) of a window of each; the class
// styles without CS_GLOBALCLASS), the user interface language, IsUserAnAdmin (SHELL32 #680) beside
// CheckTokenMembership of the Administrators group, IsOS (SHLWAPI #437) for the OS_ values whose
// answer on a workstation Microsoft's IsOS page documents and wine 8.0 gives alike, and
// OS_WOW6432 beside IsWow64Process, DefWindowProc's window text (WM_SETTEXT,
// WM_GETTEXT, WM_GETTEXTLENGTH, GetWindowText), and the caret of a thread passed between windows.
// The same program under wine 8.0 gives the expected output (x64, run with LANG and LC_ALL
// en_US.UTF-8); the i686 build is held to the same file, whose lines do not depend on the width
// (the extra bytes are printed only as "at least a pointer": 32-bit Windows gives EDIT 6 of them,
// 64-bit 8).
// The lines of OS_HOME (always FALSE, the page says), OS_SERVER, OS_ADVSERVER, OS_DATACENTER,
// OS_ANYSERVER, OS_WEBSERVER and OS_SMALLBUSINESSSERVER (FALSE on a workstation), which wine 8.0
// answers TRUE, are the page's answers in the expected output and left out of the comparison with
// wine (wine-differences.txt).
// Not printed: OS_NT4ORGREATER and OS_XPORGREATER, which Microsoft's IsOS page says are always
// FALSE while wine answers TRUE; OS_DOMAINMEMBER and the terminal-server values, which depend on
// the machine; the class style of LISTBOX (Windows': CS_DBLCLKS | CS_PARENTDC; wine 8.0 leaves
// CS_PARENTDC out) and of ComboLBox (CS_DROPSHADOW as the desktop's setting is); MDICLIENT, whose
// class (and the multiple-document interface) polyrun does not have.
//
// With the argument "messagebox" it calls MessageBox, MessageBoxEx and MessageBoxIndirect with each
// button set and default button instead, printing the answers: tests/windows/user32_system_headless.sh
// runs that with no display, where polyrun answers as the default button would (wine always has a
// display, so that part is held to Windows' documented default buttons, not to wine). With the
// argument "timeout" it shows two boxes with MessageBoxTimeout that nobody answers.
// Links: -luser32 -lgdi32 -ladvapi32
#include <windows.h>
#include <stdio.h>
#include <string.h>

static int is_string_atom(ATOM a) { return a >= 0xc000; }

static void class_check(HWND parent, const WCHAR* name, const char* label, int print_extra, int print_style) {
  WNDCLASSEXW wc;
  memset(&wc, 0, sizeof wc);
  wc.cbSize = sizeof wc;
  ATOM atom = (ATOM)GetClassInfoExW(NULL, name, &wc);
  if (!atom) {
    printf("%s: not found (%lu)\n", label, GetLastError());
    return;
  }
  // A window of the class (ComboLBox: a combo box's list).
  HWND w = NULL, combo = NULL;
  if (!lstrcmpW(name, L"ComboLBox")) {
    combo = CreateWindowExW(0, L"ComboBox", L"", WS_CHILD | CBS_DROPDOWN, 0, 0, 100, 100, parent, NULL, NULL, NULL);
    COMBOBOXINFO info;
    memset(&info, 0, sizeof info);
    info.cbSize = sizeof info;
    if (GetComboBoxInfo(combo, &info)) w = info.hwndList;
  } else {
    w = CreateWindowExW(0, name, L"", WS_CHILD, 0, 0, 50, 50, parent, NULL, NULL, NULL);
  }
  ATOM window_atom = w ? (ATOM)GetClassLongW(w, GCW_ATOM) : 0;
  WNDCLASSEXW again;
  memset(&again, 0, sizeof again);
  again.cbSize = sizeof again;
  ATOM by_atom = (ATOM)GetClassInfoExW(NULL, (LPCWSTR)(ULONG_PTR)atom, &again);
  printf("%s: found, atom nonzero %d, string atom %d, window's GCW_ATOM equal %d, found by atom %d, clsextra %d, "
         "wndextra holds a pointer %d",
         label, atom != 0, is_string_atom(atom), w != NULL && window_atom == atom, by_atom == atom, wc.cbClsExtra,
         wc.cbWndExtra >= (int)sizeof(void*));
  if (print_extra) printf(", wndextra %d", wc.cbWndExtra);
  if (print_style) printf(", style %#x", wc.style & ~CS_GLOBALCLASS);
  printf("\n");
  if (combo) DestroyWindow(combo);
  else if (w) DestroyWindow(w);
}

static void classes(HWND parent) {
  printf("-- system classes\n");
  class_check(parent, L"Button", "BUTTON", 0, 1);
  class_check(parent, L"Edit", "EDIT", 0, 1);
  class_check(parent, L"Static", "STATIC", 0, 1);
  class_check(parent, L"ListBox", "LISTBOX", 0, 0);
  class_check(parent, L"ComboBox", "COMBOBOX", 0, 1);
  class_check(parent, L"ScrollBar", "SCROLLBAR", 0, 1);
  class_check(parent, L"#32770", "#32770", 1, 1);
  class_check(parent, L"ComboLBox", "ComboLBox", 0, 0);
  WNDCLASSEXW wc;
  memset(&wc, 0, sizeof wc);
  wc.cbSize = sizeof wc;
  ATOM dialog = (ATOM)GetClassInfoExW(NULL, L"#32770", &wc);
  printf("#32770 is the atom 32770: %d\n", dialog == 32770);
  // The names are not case-sensitive.
  ATOM upper = (ATOM)GetClassInfoExW(NULL, L"BUTTON", &wc);
  ATOM lower = (ATOM)GetClassInfoExW(NULL, L"button", &wc);
  printf("BUTTON and button: same atom %d\n", upper != 0 && upper == lower);
  SetLastError(0xdead);
  ATOM none = (ATOM)GetClassInfoExW(NULL, L"NoSuchSystemClass", &wc);
  printf("a class that does not exist: %d, error %lu\n", none, GetLastError());
}

static void languages(void) {
  printf("-- languages\n");
  LANGID ui_user = GetUserDefaultUILanguage();
  LANGID ui_system = GetSystemDefaultUILanguage();
  LANGID user = GetUserDefaultLangID();
  LANGID system = GetSystemDefaultLangID();
  printf("GetUserDefaultUILanguage %04x GetSystemDefaultUILanguage %04x GetUserDefaultLangID %04x "
         "GetSystemDefaultLangID %04x\n",
         ui_user, ui_system, user, system);
}

static void admin(void) {
  printf("-- IsUserAnAdmin\n");
  HMODULE shell32 = LoadLibraryA("shell32.dll");
  FARPROC by_name = GetProcAddress(shell32, "IsUserAnAdmin");
  FARPROC by_ordinal = GetProcAddress(shell32, (LPCSTR)680);
  printf("by name %d, by ordinal 680 the same %d\n", by_name != NULL, by_name == by_ordinal);
  if (!by_name) return;
  BOOL answer = ((BOOL(WINAPI*)(void))by_name)();
  BYTE sid[SECURITY_MAX_SID_SIZE];
  DWORD size = sizeof sid;
  BOOL made = CreateWellKnownSid(WinBuiltinAdministratorsSid, NULL, sid, &size);
  BOOL member = -1;
  BOOL checked = CheckTokenMembership(NULL, sid, &member);
  printf("IsUserAnAdmin is TRUE or FALSE %d, the same as CheckTokenMembership(Administrators) %d (%d %d)\n",
         answer == TRUE || answer == FALSE, answer == member, made, checked);
}

static void is_os(void) {
  printf("-- IsOS\n");
  HMODULE shlwapi = LoadLibraryA("shlwapi.dll");
  FARPROC by_ordinal = GetProcAddress(shlwapi, (LPCSTR)437);
  FARPROC by_name = GetProcAddress(shlwapi, "IsOS");
  printf("by ordinal 437 %d, by name the same %d\n", by_ordinal != NULL, by_name == by_ordinal);
  if (!by_ordinal) return;
  BOOL(WINAPI * isos)(DWORD) = (BOOL(WINAPI*)(DWORD))by_ordinal;
  static const struct {
    DWORD value;
    const char* name;
  } asked[] = {
      {0, "OS_WINDOWS"},     {1, "OS_NT"},          {2, "OS_WIN95ORGREATER"},    {5, "OS_WIN98ORGREATER"},
      {6, "OS_WIN98_GOLD"},  {7, "OS_WIN2000ORGREATER"}, {13, "OS_EMBEDDED"},   {16, "OS_WIN95_GOLD"},
      {17, "OS_MEORGREATER"}, {20, "OS_PROFESSIONAL"}, {34, "OS_SERVERADMINUI"},
      // (wine 8.0 answers these TRUE on a workstation: wine-differences.txt)
      {19, "OS_HOME"},       {21, "OS_DATACENTER"},  {22, "OS_ADVSERVER"},       {23, "OS_SERVER"},
      {29, "OS_ANYSERVER"},  {31, "OS_WEBSERVER"},   {32, "OS_SMALLBUSINESSSERVER"},
  };
  for (unsigned i = 0; i < sizeof asked / sizeof asked[0]; ++i) {
    BOOL r = isos(asked[i].value);
    printf("%s (%lu): %d\n", asked[i].name, asked[i].value, r);
  }
  // OS_WOW6432: a 32-bit program on 64-bit Windows, as IsWow64Process says.
  BOOL wow = FALSE;
  IsWow64Process(GetCurrentProcess(), &wow);
  BOOL r = isos(30);
  printf("OS_WOW6432 (30) as IsWow64Process says: %d\n", r == wow);
}

static void window_text(void) {
  printf("-- DefWindowProc's text\n");
  WNDCLASSW wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = DefWindowProcW;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = L"system_plain";
  RegisterClassW(&wc);
  HWND w = CreateWindowExW(0, L"system_plain", L"initial", WS_OVERLAPPED, 0, 0, 100, 100, NULL, NULL, NULL, NULL);
  WCHAR buf[64];
  char abuf[64];
  int n = GetWindowTextW(w, buf, 64);
  printf("created with \"%ls\" (%d)\n", buf, n);
  LRESULT r = DefWindowProcW(w, WM_SETTEXT, 0, (LPARAM)L"set through DefWindowProc");
  n = GetWindowTextW(w, buf, 64);
  LRESULT len = SendMessageW(w, WM_GETTEXTLENGTH, 0, 0);
  LRESULT dlen = DefWindowProcW(w, WM_GETTEXTLENGTH, 0, 0);
  int wlen = GetWindowTextLengthW(w);
  printf("WM_SETTEXT %ld: GetWindowText \"%ls\" (%d), WM_GETTEXTLENGTH %ld, DefWindowProc's %ld, GetWindowTextLength %d\n",
         (long)r, buf, n, (long)len, (long)dlen, wlen);
  memset(buf, 0, sizeof buf);
  LRESULT got = DefWindowProcW(w, WM_GETTEXT, 4, (LPARAM)buf);
  printf("WM_GETTEXT into 4: %ld \"%ls\"\n", (long)got, buf);
  memset(buf, 0x55, sizeof buf);
  got = DefWindowProcW(w, WM_GETTEXT, 0, (LPARAM)buf);
  printf("WM_GETTEXT into 0: %ld, untouched %d\n", (long)got, buf[0] == 0x5555);
  got = DefWindowProcA(w, WM_GETTEXT, sizeof abuf, (LPARAM)abuf);
  len = DefWindowProcA(w, WM_GETTEXTLENGTH, 0, 0);
  printf("DefWindowProcA WM_GETTEXT %ld \"%s\", WM_GETTEXTLENGTH %ld\n", (long)got, abuf, (long)len);
  r = DefWindowProcA(w, WM_SETTEXT, 0, (LPARAM) "ansi");
  n = GetWindowTextW(w, buf, 64);
  printf("DefWindowProcA WM_SETTEXT %ld: \"%ls\" (%d)\n", (long)r, buf, n);
  r = DefWindowProcW(w, WM_SETTEXT, 0, 0);
  n = GetWindowTextW(w, buf, 64);
  len = SendMessageW(w, WM_GETTEXTLENGTH, 0, 0);
  printf("WM_SETTEXT NULL %ld: \"%ls\" (%d), length %ld\n", (long)r, buf, n, (long)len);
  r = SetWindowTextW(w, L"by SetWindowText");
  n = GetWindowTextW(w, buf, 64);
  printf("SetWindowText %ld: \"%ls\" (%d)\n", (long)r, buf, n);
  DestroyWindow(w);
}

static void caret(HWND parent) {
  printf("-- caret\n");
  HWND a = CreateWindowExW(0, L"system_plain", L"", WS_CHILD | WS_VISIBLE, 0, 0, 100, 100, parent, NULL, NULL, NULL);
  HWND b = CreateWindowExW(0, L"system_plain", L"", WS_CHILD | WS_VISIBLE, 100, 0, 100, 100, parent, NULL, NULL, NULL);
  POINT pt = {-5, -5};
  GUITHREADINFO gi;
  BOOL c = CreateCaret(a, NULL, 3, 15);
  BOOL s = SetCaretPos(10, 20);
  BOOL g = GetCaretPos(&pt);
  printf("create in a %d, setpos %d, getpos %d at %ld,%ld\n", c, s, g, pt.x, pt.y);
  memset(&gi, 0, sizeof gi);
  gi.cbSize = sizeof gi;
  BOOL info = GetGUIThreadInfo(GetCurrentThreadId(), &gi);
  printf("GetGUIThreadInfo %d: caret window a %d, rect %ld,%ld-%ld,%ld\n", info, gi.hwndCaret == a, gi.rcCaret.left,
         gi.rcCaret.top, gi.rcCaret.right, gi.rcCaret.bottom);
  BOOL show = ShowCaret(a);
  BOOL show_b = ShowCaret(b);
  BOOL hide_b = HideCaret(b);
  printf("show in a %d, show in b %d, hide in b %d\n", show, show_b, hide_b);
  // A second CreateCaret, in another window, replaces the first.
  c = CreateCaret(b, NULL, 4, 8);
  pt.x = pt.y = -5;
  g = GetCaretPos(&pt);
  memset(&gi, 0, sizeof gi);
  gi.cbSize = sizeof gi;
  GetGUIThreadInfo(GetCurrentThreadId(), &gi);
  printf("create in b %d: getpos %d at %ld,%ld, caret window b %d, rect %ld,%ld-%ld,%ld\n", c, g, pt.x, pt.y,
         gi.hwndCaret == b, gi.rcCaret.left, gi.rcCaret.top, gi.rcCaret.right, gi.rcCaret.bottom);
  BOOL hide_a = HideCaret(a);
  show_b = ShowCaret(b);
  hide_b = HideCaret(b);
  printf("hide in a %d, show in b %d, hide in b %d\n", hide_a, show_b, hide_b);
  s = SetCaretPos(-3, 7);
  g = GetCaretPos(&pt);
  printf("setpos -3,7 %d: getpos %d at %ld,%ld\n", s, g, pt.x, pt.y);
  BOOL destroyed = DestroyCaret();
  memset(&gi, 0, sizeof gi);
  gi.cbSize = sizeof gi;
  GetGUIThreadInfo(GetCurrentThreadId(), &gi);
  printf("DestroyCaret %d: caret window %d\n", destroyed, gi.hwndCaret != NULL);
  // Made again in the window it was in before it was destroyed: from 0, 0.
  c = CreateCaret(b, NULL, 2, 2);
  pt.x = pt.y = -5;
  g = GetCaretPos(&pt);
  printf("create in b again %d: getpos %d at %ld,%ld\n", c, g, pt.x, pt.y);
  SetCaretPos(30, 40);
  // Made again in the same window: where it was.
  c = CreateCaret(b, NULL, 5, 5);
  pt.x = pt.y = -5;
  g = GetCaretPos(&pt);
  printf("setpos 30,40, create in b once more %d: getpos %d at %ld,%ld\n", c, g, pt.x, pt.y);
  // The caret goes with its window.
  DestroyWindow(b);
  memset(&gi, 0, sizeof gi);
  gi.cbSize = sizeof gi;
  GetGUIThreadInfo(GetCurrentThreadId(), &gi);
  printf("after its window is destroyed: caret window %d\n", gi.hwndCaret != NULL);
  DestroyWindow(a);
}

static void message_boxes(void) {
  static const struct {
    UINT type;
    const char* name;
  } boxes[] = {
      {MB_OK, "MB_OK"},
      {MB_OKCANCEL, "MB_OKCANCEL"},
      {MB_OKCANCEL | MB_DEFBUTTON2, "MB_OKCANCEL|MB_DEFBUTTON2"},
      {MB_ABORTRETRYIGNORE, "MB_ABORTRETRYIGNORE"},
      {MB_ABORTRETRYIGNORE | MB_DEFBUTTON2, "MB_ABORTRETRYIGNORE|MB_DEFBUTTON2"},
      {MB_ABORTRETRYIGNORE | MB_DEFBUTTON3, "MB_ABORTRETRYIGNORE|MB_DEFBUTTON3"},
      {MB_YESNOCANCEL, "MB_YESNOCANCEL"},
      {MB_YESNOCANCEL | MB_DEFBUTTON2, "MB_YESNOCANCEL|MB_DEFBUTTON2"},
      {MB_YESNOCANCEL | MB_DEFBUTTON3, "MB_YESNOCANCEL|MB_DEFBUTTON3"},
      {MB_YESNO, "MB_YESNO"},
      {MB_YESNO | MB_DEFBUTTON2 | MB_ICONQUESTION, "MB_YESNO|MB_DEFBUTTON2|MB_ICONQUESTION"},
      {MB_RETRYCANCEL, "MB_RETRYCANCEL"},
      {MB_RETRYCANCEL | MB_DEFBUTTON2 | MB_ICONWARNING, "MB_RETRYCANCEL|MB_DEFBUTTON2|MB_ICONWARNING"},
      {MB_CANCELTRYCONTINUE, "MB_CANCELTRYCONTINUE"},
      {MB_CANCELTRYCONTINUE | MB_DEFBUTTON2, "MB_CANCELTRYCONTINUE|MB_DEFBUTTON2"},
      {MB_CANCELTRYCONTINUE | MB_DEFBUTTON3, "MB_CANCELTRYCONTINUE|MB_DEFBUTTON3"},
  };
  for (unsigned i = 0; i < sizeof boxes / sizeof boxes[0]; ++i) {
    char text[96];
    sprintf(text, "box %u", i + 1);
    int r = MessageBoxA(NULL, text, boxes[i].name, boxes[i].type);
    printf("MessageBoxA %s: %d\n", boxes[i].name, r);
  }
  int r = MessageBoxW(NULL, L"caf\u00e9 \u20ac", L"Unicode caption", MB_YESNO | MB_DEFBUTTON2);
  printf("MessageBoxW MB_YESNO|MB_DEFBUTTON2: %d\n", r);
  r = MessageBoxA(NULL, "no caption", NULL, MB_OKCANCEL);
  printf("MessageBoxA with no caption: %d\n", r);
  r = MessageBoxExW(NULL, L"ex", L"MessageBoxEx", MB_ABORTRETRYIGNORE | MB_DEFBUTTON3, 0);
  printf("MessageBoxExW MB_ABORTRETRYIGNORE|MB_DEFBUTTON3: %d\n", r);
  MSGBOXPARAMSW params;
  memset(&params, 0, sizeof params);
  params.cbSize = sizeof params;
  params.lpszText = L"indirect";
  params.lpszCaption = L"MessageBoxIndirect";
  params.dwStyle = MB_RETRYCANCEL | MB_DEFBUTTON2;
  r = MessageBoxIndirectW(&params);
  printf("MessageBoxIndirectW MB_RETRYCANCEL|MB_DEFBUTTON2: %d\n", r);
}

// MessageBoxTimeout (exported by USER32, not declared by its header): a box nobody answers ends
// after its time with MB_TIMEDOUT (32000), whatever its buttons.
typedef int(WINAPI* MessageBoxTimeoutW_fn)(HWND, const WCHAR*, const WCHAR*, UINT, WORD, DWORD);
typedef int(WINAPI* MessageBoxTimeoutA_fn)(HWND, const char*, const char*, UINT, WORD, DWORD);
static void timed_boxes(void) {
  HMODULE user32 = GetModuleHandleA("user32.dll");
  MessageBoxTimeoutW_fn w = (MessageBoxTimeoutW_fn)GetProcAddress(user32, "MessageBoxTimeoutW");
  MessageBoxTimeoutA_fn a = (MessageBoxTimeoutA_fn)GetProcAddress(user32, "MessageBoxTimeoutA");
  DWORD start = GetTickCount();
  int r = w(NULL, L"this box ends by itself", L"MessageBoxTimeoutW", MB_OK, 0, 200);
  printf("MessageBoxTimeoutW MB_OK after 200 ms: %d (waited at least 150 ms: %s)\n", r,
         GetTickCount() - start >= 150 ? "yes" : "no");
  r = a(NULL, "this one too", "MessageBoxTimeoutA", MB_YESNO | MB_ICONQUESTION, 0, 100);
  printf("MessageBoxTimeoutA MB_YESNO after 100 ms: %d\n", r);
}

int main(int argc, char** argv) {
  if (argc > 1 && !strcmp(argv[1], "messagebox")) {
    message_boxes();
    return 0;
  }
  if (argc > 1 && !strcmp(argv[1], "timeout")) {
    timed_boxes();
    return 0;
  }
  WNDCLASSW wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = DefWindowProcW;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = L"system_parent";
  RegisterClassW(&wc);
  HWND parent = CreateWindowExW(0, L"system_parent", L"system", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 0, 0, 400, 300, NULL,
                                NULL, wc.hInstance, NULL);
  classes(parent);
  languages();
  admin();
  is_os();
  window_text();
  caret(parent);
  DestroyWindow(parent);
  MSG msg;
  while (PeekMessageW(&msg, 0, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
  return 0;
}
