// The EDIT control and the caret: the class as the system registers it, single-line and multiline
// edits driven with their messages (text, selection, replacing, undo, the limit, lines and their
// indices, scrolling by lines, read-only, password characters, case and digit styles, margins),
// typing and editing keys sent as WM_CHAR and WM_KEYDOWN with the key state set, the clipboard's
// cut, copy and paste, focus, the notifications the parent gets (EN_*) in their order, bad
// arguments; the caret functions on their own. Only facts that do not depend on the font are
// printed. The same program under wine 8.0 gives the expected output.
// Links: -luser32 -lgdi32
#include <windows.h>
#include <stdio.h>
#include <string.h>

static char notes[512];
static HWND target;  // reentry(): what the parent does to this edit when notified
static int reaction;

static LRESULT CALLBACK parent_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (m == WM_COMMAND && (HWND)l == target && target) {
    if (reaction == 1 && HIWORD(w) == EN_MAXTEXT) SetWindowTextA(target, "");
    if (reaction == 2 && HIWORD(w) == EN_UPDATE) DestroyWindow(target);
    if (reaction == 3 && HIWORD(w) == EN_CHANGE) {
      reaction = 0;
      SetWindowTextA(target, "set in EN_CHANGE");
    }
  }
  if (m == WM_COMMAND && l) {
    char one[32];
    sprintf(one, " %x:%x", LOWORD(w), HIWORD(w));
    if (strlen(notes) + strlen(one) < sizeof notes) strcat(notes, one);
  }
  return DefWindowProcA(h, m, w, l);
}

// The notifications since the last call.
static void flush(const char* what) {
  printf("%s:%s\n", what, notes[0] ? notes : " (none)");
  notes[0] = 0;
}

static void hold(int shift, int ctrl) {
  BYTE keys[256];
  memset(keys, 0, sizeof keys);
  if (shift) keys[VK_SHIFT] = 0x80;
  if (ctrl) keys[VK_CONTROL] = 0x80;
  SetKeyboardState(keys);
}

static void key(HWND e, UINT vk, int shift, int ctrl) {
  hold(shift, ctrl);
  SendMessageA(e, WM_KEYDOWN, vk, 1);
  SendMessageA(e, WM_KEYUP, vk, 0xc0000001);
  hold(0, 0);
}

static void chars(HWND e, const char* s) {
  for (; *s; ++s) SendMessageA(e, WM_CHAR, (unsigned char)*s, 1);
}

static void show(HWND e, const char* what) {
  char text[256];
  DWORD s = 0, t = 0;
  int len = GetWindowTextA(e, text, sizeof text);
  SendMessageA(e, EM_GETSEL, (WPARAM)&s, (LPARAM)&t);
  LRESULT modified = SendMessageA(e, EM_GETMODIFY, 0, 0);
  LRESULT undo = SendMessageA(e, EM_CANUNDO, 0, 0);
  printf("%s: \"%s\" (%d) sel %lu-%lu modified %d canundo %d\n", what, text, len, s, t, (int)modified, (int)undo);
  flush("  notes");
}

static HWND make(HWND parent, DWORD style, const char* text) {
  HWND e = CreateWindowExA(0, "Edit", text, WS_CHILD | WS_VISIBLE | style, 10, 10, 300, 200, parent, (HMENU)7,
                           GetModuleHandleA(NULL), NULL);
  return e;
}

static void single_line(HWND parent) {
  printf("-- single-line\n");
  HWND e = make(parent, WS_BORDER | ES_AUTOHSCROLL, "Hello");
  flush("create");
  LONG style = GetWindowLongA(e, GWL_STYLE);
  printf("style %08lx\n", (unsigned long)style);
  show(e, "created");
  LRESULT limit = SendMessageA(e, EM_GETLIMITTEXT, 0, 0);
  LRESULT lines = SendMessageA(e, EM_GETLINECOUNT, 0, 0);
  LRESULT linelen = SendMessageA(e, EM_LINELENGTH, 0, 0);
  LRESULT index1 = SendMessageA(e, EM_LINEINDEX, 1, 0);
  LRESULT index0 = SendMessageA(e, EM_LINEINDEX, 0, 0);
  LRESULT fromchar = SendMessageA(e, EM_LINEFROMCHAR, 3, 0);
  LRESULT code = SendMessageA(e, WM_GETDLGCODE, 0, 0);
  LRESULT first = SendMessageA(e, EM_GETFIRSTVISIBLELINE, 0, 0);
  LRESULT pw = SendMessageA(e, EM_GETPASSWORDCHAR, 0, 0);
  printf("limit %ld lines %ld linelength %ld index1 %ld index0 %ld fromchar %ld dlgcode %lx first %ld password %ld\n",
         (long)limit, (long)lines, (long)linelen, (long)index1, (long)index0, (long)fromchar, (long)code, (long)first,
         (long)pw);
  LRESULT packed = SendMessageA(e, EM_GETSEL, 0, 0);
  printf("packed sel %lx\n", (unsigned long)packed);

  LRESULT r = SendMessageA(e, WM_SETTEXT, 0, (LPARAM)"abcdef");
  printf("settext %ld\n", (long)r);
  show(e, "settext");
  SendMessageA(e, EM_SETSEL, 1, 3);
  show(e, "setsel 1 3");
  SendMessageA(e, EM_SETSEL, 4, 2);
  show(e, "setsel 4 2");
  packed = SendMessageA(e, EM_GETSEL, 0, 0);
  printf("packed sel %lx\n", (unsigned long)packed);
  SendMessageA(e, EM_SETSEL, 0, -1);
  show(e, "setsel 0 -1");
  SendMessageA(e, EM_SETSEL, -1, 0);
  show(e, "setsel -1 0");
  SendMessageA(e, EM_SETSEL, 2, 100);
  show(e, "setsel 2 100");
  SendMessageA(e, EM_SETSEL, 3, 3);
  show(e, "setsel 3 3");

  SendMessageA(e, EM_REPLACESEL, TRUE, (LPARAM)"XY");
  show(e, "replacesel XY");
  r = SendMessageA(e, EM_UNDO, 0, 0);
  printf("undo %ld\n", (long)r);
  show(e, "undone");
  r = SendMessageA(e, EM_UNDO, 0, 0);
  printf("undo %ld\n", (long)r);
  show(e, "redone");
  SendMessageA(e, EM_EMPTYUNDOBUFFER, 0, 0);
  show(e, "emptied undo");
  SendMessageA(e, EM_SETSEL, 0, 2);
  SendMessageA(e, EM_REPLACESEL, FALSE, (LPARAM)"");
  show(e, "replacesel empty, no undo");
  SendMessageA(e, EM_REPLACESEL, FALSE, (LPARAM)"");
  show(e, "replacesel nothing with nothing");
  SendMessageA(e, EM_SETMODIFY, FALSE, 0);
  show(e, "setmodify false");

  // Typing.
  SendMessageA(e, EM_SETSEL, 0, -1);
  chars(e, "ab");
  show(e, "typed ab over all");
  chars(e, "\b");
  show(e, "backspace");
  key(e, VK_HOME, 0, 0);
  show(e, "home");
  chars(e, "Z");
  show(e, "typed Z");
  key(e, VK_END, 1, 0);
  show(e, "shift end");
  key(e, VK_LEFT, 1, 0);
  show(e, "shift left");
  key(e, VK_DELETE, 0, 0);
  show(e, "delete");
  key(e, VK_RIGHT, 0, 0);
  show(e, "right");
  key(e, VK_LEFT, 0, 0);
  show(e, "left");
  key(e, VK_BACK, 0, 0);
  show(e, "keydown back (no char)");
  chars(e, "\r\t");
  show(e, "return and tab chars");
  r = SendMessageA(e, EM_UNDO, 0, 0);
  printf("undo %ld\n", (long)r);
  show(e, "undone typing");

  // The limit.
  SendMessageA(e, WM_SETTEXT, 0, (LPARAM)"12345678");
  flush("settext 8");
  SendMessageA(e, EM_LIMITTEXT, 5, 0);
  limit = SendMessageA(e, EM_GETLIMITTEXT, 0, 0);
  printf("limit %ld\n", (long)limit);
  show(e, "limited below the text");
  SendMessageA(e, EM_SETSEL, 0, 0);
  chars(e, "a");
  show(e, "typed past the limit");
  SendMessageA(e, WM_SETTEXT, 0, (LPARAM)"abc");
  show(e, "settext abc");
  SendMessageA(e, EM_SETSEL, 3, 3);
  SendMessageA(e, EM_REPLACESEL, TRUE, (LPARAM)"defgh");
  show(e, "replacesel past the limit");
  chars(e, "x");
  show(e, "typed at the limit");
  SendMessageA(e, EM_LIMITTEXT, 0, 0);
  limit = SendMessageA(e, EM_GETLIMITTEXT, 0, 0);
  printf("limit 0 gives %ld\n", (long)limit);
  SendMessageA(e, EM_SETLIMITTEXT, 30000, 0);

  // Read-only.
  r = SendMessageA(e, EM_SETREADONLY, TRUE, 0);
  style = GetWindowLongA(e, GWL_STYLE);
  printf("setreadonly %ld style %08lx\n", (long)r, (unsigned long)style);
  SendMessageA(e, EM_SETSEL, 5, 5);
  chars(e, "q");
  key(e, VK_BACK, 0, 0);
  chars(e, "\b");
  show(e, "typed into read-only");
  SendMessageA(e, EM_REPLACESEL, FALSE, (LPARAM)"R");
  show(e, "replacesel into read-only");
  SendMessageA(e, EM_SETREADONLY, FALSE, 0);
  style = GetWindowLongA(e, GWL_STYLE);
  printf("style %08lx\n", (unsigned long)style);

  // The clipboard.
  SendMessageA(e, WM_SETTEXT, 0, (LPARAM)"copy me");
  flush("settext");
  SendMessageA(e, EM_SETSEL, 0, 4);
  SendMessageA(e, WM_COPY, 0, 0);
  show(e, "copy");
  if (OpenClipboard(NULL)) {
    HANDLE d = GetClipboardData(CF_TEXT);
    printf("clipboard \"%s\"\n", d ? (char*)GlobalLock(d) : "(none)");
    if (d) GlobalUnlock(d);
    CloseClipboard();
  }
  SendMessageA(e, WM_CUT, 0, 0);
  show(e, "cut");
  SendMessageA(e, EM_SETSEL, 3, 3);
  SendMessageA(e, WM_PASTE, 0, 0);
  show(e, "paste");
  SendMessageA(e, EM_SETSEL, 0, 1);
  SendMessageA(e, WM_CLEAR, 0, 0);
  show(e, "clear");
  r = SendMessageA(e, EM_UNDO, 0, 0);
  show(e, "undo clear");
  r = SendMessageA(e, WM_UNDO, 0, 0);
  show(e, "wm_undo");

  // Reading lines and text.
  char buf[64];
  memset(buf, 'x', sizeof buf);
  *(WORD*)buf = 3;
  r = SendMessageA(e, EM_GETLINE, 0, (LPARAM)buf);
  printf("getline %ld \"%.6s\"\n", (long)r, buf);
  memset(buf, 'x', sizeof buf);
  r = SendMessageA(e, WM_GETTEXT, 4, (LPARAM)buf);
  printf("gettext 4: %ld \"%s\"\n", (long)r, buf);
  r = SendMessageA(e, WM_GETTEXTLENGTH, 0, 0);
  printf("gettextlength %ld\n", (long)r);
  WCHAR wbuf[16];
  r = SendMessageW(e, WM_GETTEXT, 16, (LPARAM)wbuf);
  printf("gettext W %ld %c%c\n", (long)r, (char)wbuf[0], (char)wbuf[1]);

  // Margins and the font.
  SendMessageA(e, EM_SETMARGINS, EC_LEFTMARGIN | EC_RIGHTMARGIN, MAKELONG(3, 4));
  r = SendMessageA(e, EM_GETMARGINS, 0, 0);
  printf("margins %lx\n", (unsigned long)r);
  SendMessageA(e, EM_SETMARGINS, EC_LEFTMARGIN, MAKELONG(7, 9));
  r = SendMessageA(e, EM_GETMARGINS, 0, 0);
  printf("margins %lx\n", (unsigned long)r);
  HFONT font = (HFONT)GetStockObject(ANSI_VAR_FONT);
  SendMessageA(e, WM_SETFONT, (WPARAM)font, 0);
  r = SendMessageA(e, WM_GETFONT, 0, 0);
  printf("font set %d\n", (HFONT)r == font);

  // Bad arguments.
  r = SendMessageA(e, EM_GETSEL, 0, 0);
  printf("packed sel %lx\n", (unsigned long)r);
  r = SendMessageA(e, EM_LINEINDEX, 5, 0);
  printf("lineindex 5 %ld\n", (long)r);
  r = SendMessageA(e, EM_LINELENGTH, 100, 0);
  printf("linelength 100 %ld\n", (long)r);
  r = SendMessageA(e, EM_LINEFROMCHAR, 100, 0);
  printf("linefromchar 100 %ld\n", (long)r);
  DestroyWindow(e);
  flush("destroy");
}

static void multiline(HWND parent) {
  printf("-- multiline\n");
  HWND e = make(parent, WS_BORDER | ES_MULTILINE | ES_AUTOHSCROLL | ES_AUTOVSCROLL, "one\r\ntwo\r\n\r\nfour");
  flush("create");
  LONG style = GetWindowLongA(e, GWL_STYLE);
  printf("style %08lx\n", (unsigned long)style);
  show(e, "created");
  LRESULT lines = SendMessageA(e, EM_GETLINECOUNT, 0, 0);
  LRESULT code = SendMessageA(e, WM_GETDLGCODE, 0, 0);
  LRESULT limit = SendMessageA(e, EM_GETLIMITTEXT, 0, 0);
  printf("lines %ld dlgcode %lx limit %ld\n", (long)lines, (long)code, (long)limit);
  for (int i = -1; i <= 4; ++i) {
    LRESULT index = SendMessageA(e, EM_LINEINDEX, i, 0);
    LRESULT len = SendMessageA(e, EM_LINELENGTH, index < 0 ? 0 : index, 0);
    char buf[32];
    memset(buf, 0, sizeof buf);
    *(WORD*)buf = sizeof buf - 1;
    LRESULT got = SendMessageA(e, EM_GETLINE, i, (LPARAM)buf);
    printf("line %d: index %ld length %ld getline %ld \"%s\"\n", i, (long)index, (long)len, (long)got, buf);
  }
  for (int c = 0; c <= 16; c += 3) {
    LRESULT l = SendMessageA(e, EM_LINEFROMCHAR, c, 0);
    printf("char %d on line %ld\n", c, (long)l);
  }
  SendMessageA(e, EM_SETSEL, 5, 7);
  LRESULT cur = SendMessageA(e, EM_LINEFROMCHAR, -1, 0);
  LRESULT unsel = SendMessageA(e, EM_LINELENGTH, -1, 0);
  LRESULT curindex = SendMessageA(e, EM_LINEINDEX, -1, 0);
  printf("selection's line %ld unselected %ld index %ld\n", (long)cur, (long)unsel, (long)curindex);
  SendMessageA(e, EM_SETSEL, 2, 11);
  unsel = SendMessageA(e, EM_LINELENGTH, -1, 0);
  printf("unselected over lines %ld\n", (long)unsel);

  // Typing a new line and moving between lines.
  SendMessageA(e, EM_SETSEL, 3, 3);
  chars(e, "\r");
  show(e, "return");
  lines = SendMessageA(e, EM_GETLINECOUNT, 0, 0);
  printf("lines %ld\n", (long)lines);
  chars(e, "\b");
  show(e, "backspace over the line break");
  key(e, VK_HOME, 0, 0);
  show(e, "home");
  key(e, VK_DOWN, 0, 0);
  show(e, "down");
  key(e, VK_END, 0, 0);
  show(e, "end");
  key(e, VK_HOME, 0, 1);
  show(e, "ctrl home");
  key(e, VK_END, 1, 1);
  show(e, "ctrl shift end");
  key(e, VK_RIGHT, 0, 0);
  show(e, "right");
  chars(e, "\t");
  show(e, "tab");

  // Scrolling.
  SendMessageA(e, WM_SETTEXT, 0, (LPARAM)"0\r\n1\r\n2\r\n3\r\n4\r\n5\r\n6\r\n7\r\n8\r\n9\r\n10\r\n11\r\n12\r\n13\r\n14\r\n15\r\n16\r\n17\r\n18\r\n19\r\n20\r\n21\r\n22\r\n23\r\n24\r\n25\r\n26\r\n27\r\n28\r\n29\r\n30\r\n31\r\n32\r\n33\r\n34\r\n35\r\n36\r\n37\r\n38\r\n39");
  flush("settext 40 lines");
  LRESULT first = SendMessageA(e, EM_GETFIRSTVISIBLELINE, 0, 0);
  LRESULT r = SendMessageA(e, EM_LINESCROLL, 0, 3);
  LRESULT after = SendMessageA(e, EM_GETFIRSTVISIBLELINE, 0, 0);
  printf("first %ld linescroll %ld first %ld\n", (long)first, (long)r, (long)after);
  flush("  notes");
  r = SendMessageA(e, EM_SCROLL, SB_LINEDOWN, 0);
  after = SendMessageA(e, EM_GETFIRSTVISIBLELINE, 0, 0);
  printf("scroll linedown %lx first %ld\n", (unsigned long)r, (long)after);
  r = SendMessageA(e, EM_SCROLL, SB_LINEUP, 0);
  after = SendMessageA(e, EM_GETFIRSTVISIBLELINE, 0, 0);
  printf("scroll lineup %lx first %ld\n", (unsigned long)r, (long)after);
  r = SendMessageA(e, EM_LINESCROLL, 0, -10);
  after = SendMessageA(e, EM_GETFIRSTVISIBLELINE, 0, 0);
  printf("linescroll -10 %ld first %ld\n", (long)r, (long)after);
  r = SendMessageA(e, EM_SCROLL, 7, 0);
  printf("scroll bad %lx\n", (unsigned long)r);
  flush("  notes");
  SendMessageA(e, EM_SETSEL, 5, 5);
  r = SendMessageA(e, EM_SCROLLCARET, 0, 0);
  after = SendMessageA(e, EM_GETFIRSTVISIBLELINE, 0, 0);
  printf("scrollcaret %ld first %ld\n", (long)r, (long)after);
  SendMessageA(e, EM_REPLACESEL, TRUE, (LPARAM)"a\r\nb");
  lines = SendMessageA(e, EM_GETLINECOUNT, 0, 0);
  printf("replaced with two lines: lines %ld\n", (long)lines);
  flush("  notes");
  DestroyWindow(e);
  flush("destroy");
}

static void styles(HWND parent) {
  printf("-- styles\n");
  HWND e = make(parent, ES_UPPERCASE, "MiXed");
  show(e, "uppercase created");
  chars(e, "ab");
  SendMessageA(e, EM_REPLACESEL, FALSE, (LPARAM)"cd");
  show(e, "uppercase typed");
  DestroyWindow(e);
  e = make(parent, ES_LOWERCASE, "MiXed");
  SendMessageA(e, WM_SETTEXT, 0, (LPARAM)"AbC");
  SendMessageA(e, EM_SETSEL, 3, 3);
  chars(e, "DE");
  show(e, "lowercase");
  DestroyWindow(e);
  e = make(parent, ES_NUMBER, "12");
  SendMessageA(e, EM_SETSEL, 2, 2);
  chars(e, "3a4-");
  SendMessageA(e, EM_REPLACESEL, FALSE, (LPARAM)"x");
  show(e, "number");
  DestroyWindow(e);
  e = make(parent, ES_PASSWORD, "secret");
  LRESULT pw = SendMessageA(e, EM_GETPASSWORDCHAR, 0, 0);
  LONG style = GetWindowLongA(e, GWL_STYLE);
  printf("password char %lx style %08lx\n", (long)pw, (unsigned long)style);
  SendMessageA(e, EM_SETSEL, 0, 3);
  SendMessageA(e, WM_COPY, 0, 0);
  SendMessageA(e, EM_SETPASSWORDCHAR, '#', 0);
  pw = SendMessageA(e, EM_GETPASSWORDCHAR, 0, 0);
  style = GetWindowLongA(e, GWL_STYLE);
  printf("password char %lx style %08lx\n", (long)pw, (unsigned long)style);
  SendMessageA(e, EM_SETPASSWORDCHAR, 0, 0);
  pw = SendMessageA(e, EM_GETPASSWORDCHAR, 0, 0);
  style = GetWindowLongA(e, GWL_STYLE);
  printf("password char %lx style %08lx\n", (long)pw, (unsigned long)style);
  show(e, "password");
  DestroyWindow(e);
  e = make(parent, ES_MULTILINE | ES_WANTRETURN | ES_CENTER, "");
  style = GetWindowLongA(e, GWL_STYLE);
  printf("multiline centered style %08lx\n", (unsigned long)style);
  DestroyWindow(e);
  e = CreateWindowExA(WS_EX_CLIENTEDGE, "Edit", "", WS_CHILD | WS_BORDER, 0, 0, 50, 20, parent, NULL, NULL, NULL);
  style = GetWindowLongA(e, GWL_STYLE);
  LONG ex = GetWindowLongA(e, GWL_EXSTYLE);
  printf("client edge style %08lx ex %08lx\n", (unsigned long)style, (unsigned long)ex);
  DestroyWindow(e);
  flush("styles");
}

// Positions that do not depend on the font: the first character's, the format rectangle's left,
// top and right (inside a drawn border), the character at the format rectangle's corner, points
// outside; the mouse putting the caret and selecting a word; wrapping at a word's start; a
// multiline edit in a dialog leaving Return and Tab alone; control characters.
static void positions(HWND parent) {
  printf("-- positions\n");
  HWND e = make(parent, WS_BORDER | ES_AUTOHSCROLL, "hello world");
  RECT r;
  SendMessageA(e, EM_GETRECT, 0, (LPARAM)&r);
  LRESULT pos = SendMessageA(e, EM_POSFROMCHAR, 0, 0);
  LRESULT past = SendMessageA(e, EM_POSFROMCHAR, 11, 0);
  LRESULT at = SendMessageA(e, EM_CHARFROMPOS, 0, MAKELPARAM(r.left, r.top));
  LRESULT outside = SendMessageA(e, EM_CHARFROMPOS, 0, MAKELPARAM(400, 5));
  printf("rect %ld %ld %ld pos0 %d,%d past end %ld char at corner %lx outside %ld\n", r.left, r.top, r.right,
         (short)LOWORD(pos), (short)HIWORD(pos), (long)past, (unsigned long)at, (long)outside);
  SendMessageA(e, EM_SETMARGINS, EC_LEFTMARGIN | EC_RIGHTMARGIN, MAKELONG(5, 6));
  SendMessageA(e, EM_GETRECT, 0, (LPARAM)&r);
  pos = SendMessageA(e, EM_POSFROMCHAR, 0, 0);
  printf("with margins rect %ld %ld %ld pos0 %d\n", r.left, r.top, r.right, (short)LOWORD(pos));
  flush("  notes");
  SendMessageA(e, WM_LBUTTONDOWN, 0, MAKELPARAM(r.left + 1, r.top + 1));
  SendMessageA(e, WM_LBUTTONUP, 0, MAKELPARAM(r.left + 1, r.top + 1));
  HWND focus = GetFocus();
  printf("clicked: focus is the edit %d\n", focus == e);
  show(e, "clicked");
  SendMessageA(e, WM_LBUTTONDBLCLK, 0, MAKELPARAM(r.left + 1, r.top + 1));
  SendMessageA(e, WM_LBUTTONUP, 0, MAKELPARAM(r.left + 1, r.top + 1));
  show(e, "double-clicked");
  SendMessageA(e, WM_LBUTTONDOWN, MK_LBUTTON, MAKELPARAM(r.left + 1, r.top + 1));
  SendMessageA(e, WM_MOUSEMOVE, MK_LBUTTON, MAKELPARAM(1000, r.top + 1));
  HWND capture = GetCapture();
  printf("dragging: capture is the edit %d\n", capture == e);
  show(e, "dragged past the right");
  SendMessageA(e, WM_TIMER, 0, 0);
  show(e, "timer");
  SendMessageA(e, WM_MOUSEMOVE, MK_LBUTTON, MAKELPARAM(-50, r.top + 1));
  show(e, "dragged past the left");
  SendMessageA(e, WM_LBUTTONUP, 0, MAKELPARAM(-50, r.top + 1));
  capture = GetCapture();
  printf("released: capture %d\n", capture != NULL);
  SendMessageA(e, EM_SETSEL, 8, 8);
  key(e, VK_LEFT, 0, 1);
  show(e, "ctrl left");
  key(e, VK_LEFT, 0, 1);
  show(e, "ctrl left");
  key(e, VK_RIGHT, 1, 1);
  show(e, "ctrl shift right");
  SendMessageA(e, WM_CHAR, 1, 1);
  show(e, "ctrl a char");
  SendMessageA(e, WM_CHAR, 0x7f, 1);
  show(e, "ctrl backspace char");
  SendMessageA(e, EM_SETSEL, 5, 5);
  key(e, VK_DELETE, 0, 1);
  show(e, "ctrl delete");
  SetFocus(parent);
  DestroyWindow(e);
  flush("destroy");

  e = make(parent, ES_MULTILINE, "");
  SendMessageA(e, WM_SETTEXT, 0, (LPARAM)"a few words in a line that is much too long for the narrow edit control it is in");
  SetWindowPos(e, NULL, 0, 0, 120, 200, SWP_NOMOVE | SWP_NOZORDER);
  LRESULT lines = SendMessageA(e, EM_GETLINECOUNT, 0, 0);
  LRESULT second = SendMessageA(e, EM_LINEINDEX, 1, 0);
  char text[128];
  GetWindowTextA(e, text, sizeof text);
  printf("wrapped: more than one line %d, the second after a space %d\n", lines > 1, second > 0 && text[second - 1] == ' ');
  LRESULT len0 = SendMessageA(e, EM_LINELENGTH, 0, 0);
  printf("first line's length is the second's index %d\n", len0 == second);
  DestroyWindow(e);
  flush("wrapped");

  e = make(parent, ES_MULTILINE | ES_AUTOHSCROLL, "x");
  MSG m;
  memset(&m, 0, sizeof m);
  m.hwnd = e;
  m.message = WM_KEYDOWN;
  m.wParam = VK_RETURN;
  LRESULT code = SendMessageA(e, WM_GETDLGCODE, VK_RETURN, (LPARAM)&m);
  printf("dlgcode in a dialog %lx\n", (long)code);
  SendMessageA(e, EM_SETSEL, 1, 1);
  chars(e, "\r\ty");
  show(e, "return and tab in a dialog");
  DestroyWindow(e);
  flush("destroy");
}

// A multiline edit's text buffer: EM_GETHANDLE's (the text, kept as it changes), and one of the
// program's given with EM_SETHANDLE; a single-line edit has none.
static void handles(HWND parent) {
  printf("-- handles\n");
  HWND e = make(parent, ES_MULTILINE, "abc\r\ndef");
  HLOCAL h = (HLOCAL)SendMessageA(e, EM_GETHANDLE, 0, 0);
  char* t = h ? (char*)LocalLock(h) : NULL;
  printf("handle %d text \"%s\"\n", h != NULL, t ? t : "");
  if (h) LocalUnlock(h);
  SendMessageA(e, WM_SETTEXT, 0, (LPARAM)"xyz");
  h = (HLOCAL)SendMessageA(e, EM_GETHANDLE, 0, 0);
  t = h ? (char*)LocalLock(h) : NULL;
  printf("after settext \"%s\"\n", t ? t : "");
  if (h) LocalUnlock(h);
  HLOCAL mine = LocalAlloc(LMEM_MOVEABLE | LMEM_ZEROINIT, 64);
  char* m = (char*)LocalLock(mine);
  strcpy(m, "new\r\ntext\r\nhere");
  LocalUnlock(mine);
  SendMessageA(e, EM_SETHANDLE, (WPARAM)mine, 0);
  show(e, "sethandle");
  LRESULT lines = SendMessageA(e, EM_GETLINECOUNT, 0, 0);
  printf("lines %ld\n", (long)lines);
  if (h) LocalFree(h);  // (the buffer given before is the program's)
  SendMessageA(e, EM_REPLACESEL, FALSE, (LPARAM)"A");
  h = (HLOCAL)SendMessageA(e, EM_GETHANDLE, 0, 0);
  t = h ? (char*)LocalLock(h) : NULL;
  printf("after replacesel \"%s\"\n", t ? t : "");
  if (h) LocalUnlock(h);
  flush("  notes");
  DestroyWindow(e);
  e = make(parent, 0, "single");
  h = (HLOCAL)SendMessageA(e, EM_GETHANDLE, 0, 0);
  printf("single-line handle %d\n", h != NULL);
  DestroyWindow(e);
  flush("destroy");
}

// The parent changing or destroying the edit while it is being notified.
static void reentry(HWND parent) {
  printf("-- reentry\n");
  char buf[64];
  HWND e = target = make(parent, ES_AUTOHSCROLL, "abcdef");
  SendMessageA(e, EM_LIMITTEXT, 6, 0);
  SendMessageA(e, EM_SETSEL, 6, 6);
  reaction = 1;
  SendMessageA(e, EM_REPLACESEL, FALSE, (LPARAM)"xyz");
  GetWindowTextA(e, buf, sizeof buf);
  printf("emptied in EN_MAXTEXT: \"%s\"\n", buf);
  flush("  notes");
  reaction = 2;
  SendMessageA(e, WM_CHAR, 'q', 1);
  printf("destroyed in EN_UPDATE: still a window %d\n", IsWindow(e));
  flush("  notes");
  e = target = make(parent, ES_MULTILINE, "abc");
  reaction = 3;
  SendMessageA(e, WM_CHAR, 'q', 1);
  GetWindowTextA(e, buf, sizeof buf);
  printf("set in EN_CHANGE: \"%s\"\n", buf);
  SendMessageA(e, EM_UNDO, 0, 0);
  show(e, "undone");
  target = NULL;
  reaction = 0;
  DestroyWindow(e);
  flush("destroy");
}

static void focus(HWND parent) {
  printf("-- focus\n");
  HWND e = make(parent, ES_AUTOHSCROLL, "focus");
  HWND other = make(parent, ES_AUTOHSCROLL, "other");
  flush("create");
  SetFocus(e);
  flush("setfocus");
  POINT pt = {-5, -5};
  BOOL got = GetCaretPos(&pt);
  printf("caret pos %d\n", got);
  show(e, "focused");
  SetFocus(other);
  flush("setfocus other");
  SendMessageA(other, WM_SETTEXT, 0, (LPARAM)"otherwise");
  show(other, "other");
  DestroyWindow(e);
  DestroyWindow(other);
  flush("destroy");
}

static void caret(HWND parent) {
  printf("-- caret\n");
  HWND w = CreateWindowExA(0, "edit_parent", "", WS_CHILD | WS_VISIBLE, 0, 0, 50, 50, parent, NULL, NULL, NULL);
  POINT pt = {-5, -5};
  SetLastError(0xdead);
  BOOL r1 = ShowCaret(w);
  DWORD e1 = GetLastError();
  BOOL r2 = HideCaret(w);
  BOOL r3 = SetCaretPos(1, 2);
  BOOL r4 = DestroyCaret();
  printf("no caret: show %d (%lu) hide %d setpos %d destroy %d\n", r1, e1, r2, r3, r4);
  BOOL c = CreateCaret(w, NULL, 2, 12);
  BOOL s = SetCaretPos(5, 6);
  BOOL g = GetCaretPos(&pt);
  printf("create %d setpos %d getpos %d at %ld,%ld\n", c, s, g, pt.x, pt.y);
  BOOL show1 = ShowCaret(w);
  BOOL show2 = ShowCaret(w);
  BOOL hide1 = HideCaret(w);
  BOOL hide2 = HideCaret(NULL);
  BOOL hide3 = HideCaret(parent);
  BOOL show3 = ShowCaret(NULL);
  BOOL show4 = ShowCaret(NULL);
  printf("show %d %d hide %d %d other window %d show %d %d\n", show1, show2, hide1, hide2, hide3, show3, show4);
  UINT blink = GetCaretBlinkTime();
  BOOL set = SetCaretBlinkTime(300);
  UINT blink2 = GetCaretBlinkTime();
  printf("blink default %d set %d now %u\n", blink > 0, set, blink2);
  SetCaretBlinkTime(blink);
  BOOL again = CreateCaret(w, (HBITMAP)1, 0, 0);
  g = GetCaretPos(&pt);
  printf("created again %d getpos %d at %ld,%ld\n", again, g, pt.x, pt.y);
  BOOL d1 = DestroyCaret();
  BOOL d2 = DestroyCaret();
  pt.x = pt.y = -5;
  g = GetCaretPos(&pt);
  printf("destroy %d %d getpos %d\n", d1, d2, g);
  BOOL bad = CreateCaret((HWND)0x1234, NULL, 1, 1);
  printf("create on a bad window %d\n", bad);
  DestroyWindow(w);
}

int main(void) {
  WNDCLASSA info;
  memset(&info, 0, sizeof info);
  BOOL found = GetClassInfoA(NULL, "Edit", &info);
  HCURSOR ibeam = LoadCursorA(NULL, (LPCSTR)IDC_IBEAM);
  // (the window's extra bytes hold a pointer: at least its size, whatever more 32-bit Windows keeps)
  printf("class found %d style %x wndextra %d clsextra %d ibeam %d background %d\n", found != 0, info.style,
         info.cbWndExtra >= (int)sizeof(void*), info.cbClsExtra, info.hCursor == ibeam, info.hbrBackground != NULL);

  WNDCLASSA wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = parent_proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "edit_parent";
  RegisterClassA(&wc);
  HWND parent = CreateWindowA("edit_parent", "edits", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 0, 0, 400, 300, NULL, NULL,
                              wc.hInstance, NULL);
  single_line(parent);
  multiline(parent);
  styles(parent);
  positions(parent);
  handles(parent);
  reentry(parent);
  focus(parent);
  caret(parent);
  DestroyWindow(parent);
  return 0;
}
