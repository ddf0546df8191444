// The rich edit control as a program fills and reads it: RichEdit20W and RichEdit20A from
// RICHED20.DLL, RICHEDIT50W (MSFTEDIT_CLASS) from MSFTEDIT.DLL, made with CreateWindowEx in a window
// and driven with SendMessage: WM_SETTEXT, WM_GETTEXT and WM_GETTEXTLENGTH, EM_GETTEXTEX (GT_DEFAULT,
// GT_USECRLF, GT_SELECTION), EM_GETTEXTLENGTHEX, EM_SETTEXTEX (ST_DEFAULT, ST_SELECTION), the
// selection (EM_EXSETSEL, EM_EXGETSEL, EM_GETSEL), EM_REPLACESEL, lines (EM_GETLINECOUNT,
// EM_LINEINDEX, EM_LINELENGTH, EM_EXLINEFROMCHAR), EM_STREAMIN of plain text and of RTF read as its
// text (paragraphs, \'hh escapes, escaped braces and backslashes, the font and colour tables and
// other groups left out), EM_STREAMOUT of plain text (of RTF only how it starts and that the text
// is in it: the rest names fonts and sizes), the limit (EM_LIMITTEXT, EM_EXLIMITTEXT,
// EM_GETLIMITTEXT) and the event mask with the EN_CHANGE notifications.
// Text is printed with \r, \n and \t spelled out and other characters beyond ASCII as \uXXXX.
// Finding text: EM_FINDTEXT, EM_FINDTEXTEX and their W forms.
// Positions and lines are checked without pixels: EM_POSFROMCHAR against EM_CHARFROMPOS and
// EM_LINEINDEX, EM_GETLINE's text.
// Not covered: character and paragraph formats (EM_SETCHARFORMAT, EM_GETCHARFORMAT,
// EM_SETPARAFORMAT: the control shows plain text), RTF written by EM_STREAMOUT beyond its start,
// EM_FORMATRANGE, OLE objects, undo, anything measured in pixels; RTF's \line (wine 8.0 reads it
// as a space); what EM_REPLACESEL does at the limit
// (wine 8.0 raises the limit); EN_CHANGE of EM_SETTEXTEX and EM_STREAMIN, and the event mask while
// the parent hears of EM_REPLACESEL's change (wine's tests of Windows leave it set, wine clears it).
// The same program under wine 8.0 gives the expected output (x64); the i686 build is held to the
// same file, whose lines do not depend on the width.
// Links: -luser32 -lgdi32
#include <windows.h>
#include <richedit.h>
#include <stdio.h>
#include <string.h>

static char notes[512];
static HWND watched;
static LPARAM mask_during_change = -1;

static LRESULT CALLBACK parent_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (m == WM_COMMAND && (HWND)l == watched && watched) {
    const char* name = HIWORD(w) == EN_CHANGE ? "EN_CHANGE" : HIWORD(w) == EN_MAXTEXT ? "EN_MAXTEXT"
                       : HIWORD(w) == EN_UPDATE ? "EN_UPDATE" : 0;
    char one[40];
    if (name) sprintf(one, " %s", name);
    else sprintf(one, " %x", HIWORD(w));
    if (HIWORD(w) == EN_CHANGE) mask_during_change = SendMessageW(watched, EM_GETEVENTMASK, 0, 0);
    if (strlen(notes) + strlen(one) < sizeof notes) strcat(notes, one);
  }
  return DefWindowProcA(h, m, w, l);
}

// The notifications since the last call.
static void flush(const char* what) {
  printf("  %s:%s\n", what, notes[0] ? notes : " (none)");
  notes[0] = 0;
}

static void print_w(const WCHAR* s, int n) {
  putchar('"');
  for (int i = 0; i < n; ++i) {
    WCHAR c = s[i];
    if (c == '\r') printf("\\r");
    else if (c == '\n') printf("\\n");
    else if (c == '\t') printf("\\t");
    else if (c == '\\') printf("\\\\");
    else if (c == '"') printf("\\\"");
    else if (c < 0x20 || c > 0x7e) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void print_a(const char* s, int n) {
  putchar('"');
  for (int i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\r') printf("\\r");
    else if (c == '\n') printf("\\n");
    else if (c == '\t') printf("\\t");
    else if (c == '\\') printf("\\\\");
    else if (c == '"') printf("\\\"");
    else if (c < 0x20 || c > 0x7e) printf("\\x%02x", c);
    else putchar(c);
  }
  putchar('"');
}

// WM_GETTEXTLENGTH and WM_GETTEXT (Unicode).
static void show_text(HWND e, const char* what) {
  WCHAR buf[512];
  LRESULT len = SendMessageW(e, WM_GETTEXTLENGTH, 0, 0);
  LRESULT got = SendMessageW(e, WM_GETTEXT, 512, (LPARAM)buf);
  printf("%s: WM_GETTEXT %ld ", what, (long)got);
  print_w(buf, (int)got);
  printf(" length %ld\n", (long)len);
}

// EM_GETTEXTEX in UTF-16 with `flags`.
static void show_textex(HWND e, DWORD flags, const char* what) {
  WCHAR buf[512];
  GETTEXTEX gt;
  memset(&gt, 0, sizeof gt);
  memset(buf, 0, sizeof buf);
  gt.cb = sizeof buf;
  gt.flags = flags;
  gt.codepage = 1200;
  LRESULT got = SendMessageW(e, EM_GETTEXTEX, (WPARAM)&gt, (LPARAM)buf);
  printf("%s: EM_GETTEXTEX %ld ", what, (long)got);
  print_w(buf, (int)got);
  printf("\n");
}

static LRESULT length_ex(HWND e, DWORD flags, UINT codepage) {
  GETTEXTLENGTHEX gl;
  gl.flags = flags;
  gl.codepage = codepage;
  return SendMessageW(e, EM_GETTEXTLENGTHEX, (WPARAM)&gl, 0);
}

static void show_lengths(HWND e) {
  LRESULT d = length_ex(e, GTL_DEFAULT, 1200);
  LRESULT crlf = length_ex(e, GTL_USECRLF, 1200);
  LRESULT chars = length_ex(e, GTL_NUMCHARS | GTL_PRECISE, 1200);
  LRESULT chars_crlf = length_ex(e, GTL_NUMCHARS | GTL_PRECISE | GTL_USECRLF, 1200);
  LRESULT bytes = length_ex(e, GTL_NUMBYTES | GTL_PRECISE, 1200);
  LRESULT bytes_crlf = length_ex(e, GTL_NUMBYTES | GTL_PRECISE | GTL_USECRLF, 1200);
  printf("  EM_GETTEXTLENGTHEX: default %ld usecrlf %ld numchars %ld numchars+crlf %ld numbytes(1200) %ld "
         "numbytes(1200)+crlf %ld\n",
         (long)d, (long)crlf, (long)chars, (long)chars_crlf, (long)bytes, (long)bytes_crlf);
}

static void show_sel(HWND e, const char* what) {
  CHARRANGE cr = {-7, -7};
  DWORD s = 0, t = 0;
  SendMessageW(e, EM_EXGETSEL, 0, (LPARAM)&cr);
  SendMessageW(e, EM_GETSEL, (WPARAM)&s, (LPARAM)&t);
  printf("%s: EM_EXGETSEL %ld-%ld EM_GETSEL %lu-%lu\n", what, cr.cpMin, cr.cpMax, s, t);
}

static void set_sel(HWND e, LONG a, LONG b) {
  CHARRANGE cr = {a, b};
  LRESULT r = SendMessageW(e, EM_EXSETSEL, 0, (LPARAM)&cr);
  char what[64];
  sprintf(what, "EM_EXSETSEL %ld,%ld returned %ld", a, b, (long)r);
  show_sel(e, what);
}

static void show_lines(HWND e) {
  LRESULT count = SendMessageW(e, EM_GETLINECOUNT, 0, 0);
  printf("  EM_GETLINECOUNT %ld, EM_LINEINDEX", (long)count);
  for (int i = 0; i <= (int)count; ++i) printf(" %ld", (long)SendMessageW(e, EM_LINEINDEX, i, 0));
  printf(", EM_LINELENGTH");
  for (int i = 0; i < (int)count; ++i) {
    LRESULT start = SendMessageW(e, EM_LINEINDEX, i, 0);
    printf(" %ld", (long)SendMessageW(e, EM_LINELENGTH, start, 0));
  }
  printf(", EM_EXLINEFROMCHAR");
  LRESULT len = length_ex(e, GTL_DEFAULT, 1200);
  for (int i = 0; i <= (int)len; ++i) printf(" %ld", (long)SendMessageW(e, EM_EXLINEFROMCHAR, 0, i));
  printf("\n");
}

static HWND make(HWND parent, const WCHAR* cls, DWORD style) {
  return CreateWindowExW(0, cls, L"", WS_CHILD | WS_VISIBLE | style, 10, 10, 360, 200, parent, (HMENU)7,
                         GetModuleHandleA(NULL), NULL);
}

static void text(HWND parent) {
  printf("-- text\n");
  HWND e = make(parent, L"RichEdit20W", ES_MULTILINE);
  show_text(e, "empty");
  show_textex(e, GT_DEFAULT, "empty");
  show_lengths(e);
  show_lines(e);
  LRESULT r = SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"Hello\r\nWorld");
  printf("WM_SETTEXT Hello\\r\\nWorld: %ld\n", (long)r);
  show_text(e, "crlf");
  show_textex(e, GT_DEFAULT, "crlf");
  show_textex(e, GT_USECRLF, "crlf");
  show_lengths(e);
  show_lines(e);
  r = SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"one\rtwo\nthree\r\n");
  printf("WM_SETTEXT one\\rtwo\\nthree\\r\\n: %ld\n", (long)r);
  show_text(e, "mixed");
  show_textex(e, GT_DEFAULT, "mixed");
  show_textex(e, GT_USECRLF, "mixed");
  show_lengths(e);
  show_lines(e);
  // (CR CR LF is a soft line break, which the control turns into a space.)
  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"soft\r\r\nbreak\r\n\r\r\n\rend");
  show_text(e, "cr cr lf");
  show_textex(e, GT_DEFAULT, "cr cr lf");
  r = SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"tab\there");
  show_textex(e, GT_DEFAULT, "tab");
  r = SendMessageW(e, WM_SETTEXT, 0, 0);
  printf("WM_SETTEXT NULL: %ld\n", (long)r);
  show_text(e, "null");
  DestroyWindow(e);
}

static void selection(HWND parent) {
  printf("-- selection\n");
  HWND e = make(parent, L"RichEdit20W", ES_MULTILINE);
  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"abc\r\ndefgh\r\nij");
  show_sel(e, "after WM_SETTEXT");
  set_sel(e, 1, 3);
  show_textex(e, GT_SELECTION, "  selected");
  set_sel(e, 2, 7);
  show_textex(e, GT_SELECTION, "  selected");
  set_sel(e, 7, 2);
  set_sel(e, 0, -1);
  show_textex(e, GT_SELECTION, "  selected");
  set_sel(e, 5, 100);
  set_sel(e, 3, 3);
  set_sel(e, -1, 0);
  set_sel(e, 1, 3);
  set_sel(e, -1, 0);
  set_sel(e, 0, 13);
  set_sel(e, -1, 1);
  set_sel(e, 13, -3);
  set_sel(e, 12, -5);
  set_sel(e, -4, -5);
  set_sel(e, 12, 50);
  set_sel(e, 4, 6);
  LRESULT r = SendMessageW(e, EM_REPLACESEL, TRUE, (LPARAM)L"XY");
  printf("EM_REPLACESEL XY: %ld\n", (long)r);
  show_textex(e, GT_DEFAULT, "  text");
  show_sel(e, "  after");
  r = SendMessageW(e, EM_REPLACESEL, FALSE, (LPARAM)L"p\r\nq");
  printf("EM_REPLACESEL p\\r\\nq: %ld\n", (long)r);
  show_textex(e, GT_DEFAULT, "  text");
  show_sel(e, "  after");
  show_lines(e);
  r = SendMessageW(e, EM_REPLACESEL, FALSE, (LPARAM)L"lf\nonly");
  printf("EM_REPLACESEL lf\\nonly: %ld\n", (long)r);
  show_textex(e, GT_DEFAULT, "  text");
  show_sel(e, "  after");
  set_sel(e, 0, 2);
  r = SendMessageW(e, EM_REPLACESEL, FALSE, (LPARAM)L"");
  printf("EM_REPLACESEL empty: %ld\n", (long)r);
  show_textex(e, GT_DEFAULT, "  text");
  show_sel(e, "  after");
  DestroyWindow(e);
}

// Positions and lines without pixels: each character's place (EM_POSFROMCHAR, in both its forms)
// leads back to it (EM_CHARFROMPOS), lines start at the same left edge one below another, places past
// the end are the end's; EM_GETLINE ends each line of a paragraph's end with "\r".
static void positions(HWND parent) {
  printf("-- positions\n");
  HWND e = make(parent, L"RichEdit20W", ES_MULTILINE);
  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"ab\r\ncd\r\n\r\nlast");
  LONG length = (LONG)length_ex(e, GTL_DEFAULT, 1200);
  int back = 0, forms = 0, returned = 0;
  POINTL first = {0, 0}, previous = {0, 0}, end = {0, 0};
  int left = 1, below = 1;
  for (LONG i = 0; i <= length; ++i) {
    POINTL pt = {-1, -1};
    LRESULT r = SendMessageW(e, EM_POSFROMCHAR, (WPARAM)&pt, i);
    LRESULT packed = SendMessageW(e, EM_POSFROMCHAR, i, 0);
    POINTL q = pt;
    LRESULT c = SendMessageW(e, EM_CHARFROMPOS, 0, (LPARAM)&q);
    returned += r == 0;
    back += c == i;
    forms += (short)LOWORD(packed) == pt.x && (short)HIWORD(packed) == pt.y;
    LRESULT line = SendMessageW(e, EM_EXLINEFROMCHAR, 0, i);
    if (i == 0) first = pt;
    if (i > 0 && SendMessageW(e, EM_LINEINDEX, line, 0) == i) {
      left &= pt.x == first.x;
      below &= pt.y > previous.y;
    }
    previous = pt;
    end = pt;
  }
  printf("%ld characters and the end: EM_POSFROMCHAR answered 0 %d times, its two forms agree %d, EM_CHARFROMPOS led "
         "back %d, lines start at the left %d, each below the last %d\n",
         length, returned, forms, back, left, below);
  POINTL past = {-1, -1};
  SendMessageW(e, EM_POSFROMCHAR, (WPARAM)&past, length + 2);
  printf("past the end: the end's place %d\n", past.x == end.x && past.y == end.y);
  for (int l = 0; l < 5; ++l) {
    WCHAR buf[32];
    memset(buf, 0, sizeof buf);
    *(WORD*)buf = 30;
    LRESULT n = SendMessageW(e, EM_GETLINE, l, (LPARAM)buf);
    printf("EM_GETLINE %d: %ld ", l, (long)n);
    print_w(buf, (int)n);
    printf("\n");
  }
  char abuf[8];
  memset(abuf, 0, sizeof abuf);
  *(WORD*)abuf = 2;
  LRESULT n = SendMessageA(e, EM_GETLINE, 3, (LPARAM)abuf);
  printf("EM_GETLINE 3 into 2: %ld ", (long)n);
  print_a(abuf, (int)n);
  printf("\n");
  DestroyWindow(e);
}

// EM_FINDTEXTW, EM_FINDTEXTEXW, and EM_FINDTEXT and EM_FINDTEXTEX (whose text is of the control's
// kind, however they are sent): forward (FR_DOWN) and backward, with and without FR_MATCHCASE and
// FR_WHOLEWORD, in ranges of every order and beyond the text.
static void find(HWND parent) {
  printf("-- finding text\n");
  static const struct {
    LONG from, to;
    const char* needle;
    DWORD flags;
  } cases[] = {
      {0, -1, "Text", FR_DOWN | FR_MATCHCASE},     {0, -1, "text", FR_DOWN | FR_MATCHCASE},
      {0, -1, "text", FR_DOWN},                    {6, -1, "text", FR_DOWN},
      {6, 30, "TEXT", FR_DOWN},                    {6, 26, "text", FR_DOWN},
      {6, 27, "text", FR_DOWN},                    {25, 6, "text", FR_DOWN},
      {30, 29, "text", FR_DOWN},                   {0, 100, "xyz", FR_DOWN},
      {-5, 20, "text", FR_DOWN},                   {-3, -8, "text", FR_DOWN},
      {5000, 6000, "text", FR_DOWN},               {0, -1, "", FR_DOWN},
      {4, 9, "", FR_DOWN},                         {20, 5, "text", 0},
      {22, 30, "text", 0},                         {12, 30, "text", FR_MATCHCASE},
      {40, -1, "text", 0},                         {0, -1, "text", 0},
      {3, 0, "", 0},                               {0, -1, "text", FR_DOWN | FR_WHOLEWORD},
      {0, -1, "tex", FR_DOWN | FR_WHOLEWORD},      {11, -1, "textText", FR_DOWN | FR_WHOLEWORD},
      {40, -1, "texttext", FR_WHOLEWORD},          {9, -1, "texttext", FR_WHOLEWORD},
      {0, -1, "t\rsecond", FR_DOWN},               {0, -1, "text\r", FR_DOWN},
  };
  HWND e = make(parent, L"RichEdit20W", ES_MULTILINE);
  //                               0         1          2         3
  //                               0123456789012345678 9012345678901234567
  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"TEXTText textText\r\nsecond text TextText");
  HWND a = CreateWindowExA(0, "RichEdit20A", "", WS_CHILD | ES_MULTILINE, 0, 0, 360, 200, parent, NULL, NULL, NULL);
  SendMessageA(a, WM_SETTEXT, 0, (LPARAM) "TEXTText textText\r\nsecond text TextText");
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    WCHAR wide[32];
    MultiByteToWideChar(CP_ACP, 0, cases[i].needle, -1, wide, 32);
    FINDTEXTW fw = {{cases[i].from, cases[i].to}, wide};
    LRESULT w1 = SendMessageW(e, EM_FINDTEXTW, cases[i].flags, (LPARAM)&fw);
    LRESULT w2 = SendMessageA(e, EM_FINDTEXT, cases[i].flags, (LPARAM)&fw);
    FINDTEXTEXW fxw = {{cases[i].from, cases[i].to}, wide, {-7, -7}};
    LRESULT w3 = SendMessageW(e, EM_FINDTEXTEXW, cases[i].flags, (LPARAM)&fxw);
    FINDTEXTA fa = {{cases[i].from, cases[i].to}, cases[i].needle};
    LRESULT a1 = SendMessageA(a, EM_FINDTEXT, cases[i].flags, (LPARAM)&fa);
    FINDTEXTEXA fxa = {{cases[i].from, cases[i].to}, cases[i].needle, {-7, -7}};
    LRESULT a2 = SendMessageW(a, EM_FINDTEXTEX, cases[i].flags, (LPARAM)&fxa);
    printf("%ld,%ld ", cases[i].from, cases[i].to);
    print_a(cases[i].needle, (int)strlen(cases[i].needle));
    printf(" flags %lx: %ld (EM_FINDTEXT %ld, EX %ld found %ld-%ld; ANSI %ld, EX %ld found %ld-%ld)\n", cases[i].flags,
           (long)w1, (long)w2, (long)w3, fxw.chrgText.cpMin, fxw.chrgText.cpMax, (long)a1, (long)a2, fxa.chrgText.cpMin,
           fxa.chrgText.cpMax);
  }
  DestroyWindow(a);
  DestroyWindow(e);
}

static void settextex(HWND parent) {
  printf("-- EM_SETTEXTEX\n");
  HWND e = make(parent, L"RichEdit20W", ES_MULTILINE);
  SETTEXTEX st;
  st.flags = ST_DEFAULT;
  st.codepage = 1200;
  LRESULT r = SendMessageW(e, EM_SETTEXTEX, (WPARAM)&st, (LPARAM)L"set by\r\nSETTEXTEX");
  printf("ST_DEFAULT 1200: %ld\n", (long)r);
  show_textex(e, GT_DEFAULT, "  text");
  show_text(e, "  text");
  set_sel(e, 4, 6);
  st.flags = ST_SELECTION;
  r = SendMessageW(e, EM_SETTEXTEX, (WPARAM)&st, (LPARAM)L"--");
  printf("ST_SELECTION 1200: %ld\n", (long)r);
  show_textex(e, GT_DEFAULT, "  text");
  show_sel(e, "  sel");
  st.flags = ST_SELECTION;
  st.codepage = CP_ACP;
  r = SendMessageW(e, EM_SETTEXTEX, (WPARAM)&st, (LPARAM) "acp");
  printf("ST_SELECTION CP_ACP: %ld\n", (long)r);
  show_textex(e, GT_DEFAULT, "  text");
  show_sel(e, "  sel");
  st.flags = ST_DEFAULT;
  st.codepage = CP_ACP;
  r = SendMessageW(e, EM_SETTEXTEX, (WPARAM)&st, (LPARAM) "{\\rtf1\\ansi rtf\\par text}");
  printf("ST_DEFAULT CP_ACP RTF: %ld\n", (long)r);
  show_textex(e, GT_DEFAULT, "  text");
  st.flags = ST_DEFAULT;
  st.codepage = 1200;
  r = SendMessageW(e, EM_SETTEXTEX, (WPARAM)&st, 0);
  printf("ST_DEFAULT NULL: %ld\n", (long)r);
  show_textex(e, GT_DEFAULT, "  text");
  DestroyWindow(e);
}

// EM_STREAMIN reads from a string, `chunk` bytes per call; EM_STREAMOUT writes into a buffer.
struct source {
  const char* data;
  LONG size, at, chunk, calls;
};

static DWORD CALLBACK read_cb(DWORD_PTR cookie, LPBYTE buf, LONG cb, LONG* done) {
  struct source* s = (struct source*)cookie;
  LONG n = s->size - s->at;
  if (n > cb) n = cb;
  if (n > s->chunk) n = s->chunk;
  memcpy(buf, s->data + s->at, n);
  s->at += n;
  *done = n;
  ++s->calls;
  return 0;
}

struct sink {
  char data[2048];
  LONG size, calls;
};

static DWORD CALLBACK write_cb(DWORD_PTR cookie, LPBYTE buf, LONG cb, LONG* done) {
  struct sink* s = (struct sink*)cookie;
  LONG n = cb;
  if (s->size + n > (LONG)sizeof s->data) n = (LONG)sizeof s->data - s->size;
  memcpy(s->data + s->size, buf, n);
  s->size += n;
  *done = n;
  ++s->calls;
  return 0;
}

static void stream_in(HWND e, WPARAM format, const char* data, LONG chunk, const char* what) {
  struct source s = {data, (LONG)strlen(data), 0, chunk, 0};
  EDITSTREAM es;
  es.dwCookie = (DWORD_PTR)&s;
  es.dwError = 0xdead;
  es.pfnCallback = read_cb;
  LRESULT r = SendMessageW(e, EM_STREAMIN, format, (LPARAM)&es);
  printf("%s: EM_STREAMIN %ld error %lu, all read %d\n", what, (long)r, es.dwError, s.at == s.size);
  show_textex(e, GT_DEFAULT, "  text");
}

static struct sink out;

static LRESULT stream_out(HWND e, WPARAM format) {
  EDITSTREAM es;
  memset(&out, 0, sizeof out);
  es.dwCookie = (DWORD_PTR)&out;
  es.dwError = 0xdead;
  es.pfnCallback = write_cb;
  LRESULT r = SendMessageW(e, EM_STREAMOUT, format, (LPARAM)&es);
  if (es.dwError) printf("  EM_STREAMOUT error %lu\n", es.dwError);
  return r;
}

static void streams(HWND parent) {
  printf("-- EM_STREAMIN\n");
  HWND e = make(parent, L"RichEdit20W", ES_MULTILINE);
  stream_in(e, SF_TEXT, "first line\r\nsecond line\r\nthird", 5, "SF_TEXT by 5 bytes");
  show_text(e, "  text");
  show_lines(e);
  stream_in(e, SF_TEXT, "lf\nonly\rcr", 100, "SF_TEXT lone LF and CR");
  set_sel(e, 2, 2);
  stream_in(e, SF_TEXT | SFF_SELECTION, "[in]", 100, "SF_TEXT|SFF_SELECTION");
  show_sel(e, "  sel");
  stream_in(e, SF_TEXT, "", 100, "SF_TEXT empty");
  stream_in(e, SF_RTF, "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\fswiss Arial;}{\\f1\\froman Times New Roman;}}"
                       "{\\colortbl;\\red255\\green0\\blue0;}\\f0\\fs20 Hello\\par World}",
            7, "SF_RTF paragraphs");
  show_text(e, "  text");
  stream_in(e, SF_RTF, "{\\rtf1\\ansi caf\\'e9 na\\'efve \\'80 \\{braces\\} back\\\\slash}", 100, "SF_RTF escapes");
  stream_in(e, SF_RTF, "{\\rtf1\\ansi{\\*\\generator Sample 1.0;}{\\info{\\title Skipped}}a\\tab b\\par c}", 100,
            "SF_RTF groups skipped, tab");
  stream_in(e, SF_RTF, "{\\rtf1 last\\par}", 100, "SF_RTF ending with \\par");
  stream_in(e, SF_RTF, "{\\rtf1 last\\par\\par}", 100, "SF_RTF ending with two \\par");
  stream_in(e, SF_RTF, "{\\rtf1\\ansi one {\\b bold} two\\par\\par three}", 100, "SF_RTF nested group");
  show_lines(e);
  set_sel(e, 3, 3);
  stream_in(e, SF_RTF | SFF_SELECTION, "{\\rtf1\\ansi [rtf]}", 100, "SF_RTF|SFF_SELECTION");

  printf("-- EM_STREAMOUT\n");
  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"Hello\r\nWorld\r\nend");
  LRESULT r = stream_out(e, SF_TEXT);
  printf("SF_TEXT: %ld bytes, ", (long)r);
  print_a(out.data, out.size);
  printf(" (%ld)\n", out.size);
  set_sel(e, 3, 8);
  r = stream_out(e, SF_TEXT | SFF_SELECTION);
  printf("SF_TEXT|SFF_SELECTION: %ld bytes, ", (long)r);
  print_a(out.data, out.size);
  printf("\n");
  r = stream_out(e, SF_TEXT | SF_UNICODE);
  printf("SF_TEXT|SF_UNICODE: %ld bytes, ", (long)r);
  print_w((const WCHAR*)out.data, out.size / 2);
  printf("\n");
  r = stream_out(e, SF_RTF);
  out.data[out.size < (LONG)sizeof out.data ? out.size : (LONG)sizeof out.data - 1] = 0;
  printf("SF_RTF: returned the bytes written %d, starts with {\\rtf1 %d, has Hello %d World %d\n", r == out.size,
         strncmp(out.data, "{\\rtf1", 6) == 0, strstr(out.data, "Hello") != NULL, strstr(out.data, "World") != NULL);
  // What RTF EM_STREAMOUT wrote, read back by EM_STREAMIN.
  char copy[2048];
  memcpy(copy, out.data, sizeof copy);
  HWND e2 = make(parent, L"RichEdit20W", ES_MULTILINE);
  stream_in(e2, SF_RTF, copy, 64, "its RTF read back");
  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"");
  r = stream_out(e, SF_TEXT);
  printf("SF_TEXT of nothing: %ld bytes, %ld\n", (long)r, out.size);
  DestroyWindow(e2);
  DestroyWindow(e);
}

static void limits(HWND parent) {
  printf("-- limits\n");
  HWND e = make(parent, L"RichEdit20W", ES_MULTILINE);
  LRESULT limit = SendMessageW(e, EM_GETLIMITTEXT, 0, 0);
  printf("EM_GETLIMITTEXT %ld\n", (long)limit);
  SendMessageW(e, EM_EXLIMITTEXT, 0, 10);
  limit = SendMessageW(e, EM_GETLIMITTEXT, 0, 0);
  printf("EM_EXLIMITTEXT 10: EM_GETLIMITTEXT %ld\n", (long)limit);
  // The limit is on what the user types.
  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"01234567");
  set_sel(e, 8, 8);
  SendMessageW(e, WM_CHAR, 'x', 1);
  SendMessageW(e, WM_CHAR, 'y', 1);
  SendMessageW(e, WM_CHAR, 'z', 1);
  show_textex(e, GT_DEFAULT, "typed xyz with a limit of 10");
  SendMessageW(e, EM_EXLIMITTEXT, 0, 0);
  limit = SendMessageW(e, EM_GETLIMITTEXT, 0, 0);
  printf("EM_EXLIMITTEXT 0: EM_GETLIMITTEXT %ld\n", (long)limit);
  SendMessageW(e, EM_LIMITTEXT, 5, 0);
  limit = SendMessageW(e, EM_GETLIMITTEXT, 0, 0);
  printf("EM_LIMITTEXT 5: EM_GETLIMITTEXT %ld\n", (long)limit);
  SendMessageW(e, EM_LIMITTEXT, 0, 0);
  limit = SendMessageW(e, EM_GETLIMITTEXT, 0, 0);
  printf("EM_LIMITTEXT 0: EM_GETLIMITTEXT %ld\n", (long)limit);
  SendMessageW(e, EM_EXLIMITTEXT, 0, 100000);
  limit = SendMessageW(e, EM_GETLIMITTEXT, 0, 0);
  printf("EM_EXLIMITTEXT 100000: EM_GETLIMITTEXT %ld\n", (long)limit);
  DestroyWindow(e);
}

static void events(HWND parent) {
  printf("-- events\n");
  HWND e = make(parent, L"RichEdit20W", ES_MULTILINE);
  watched = e;
  LRESULT mask = SendMessageW(e, EM_GETEVENTMASK, 0, 0);
  printf("EM_GETEVENTMASK %lx\n", (long)mask);
  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"no mask");
  SendMessageW(e, EM_REPLACESEL, FALSE, (LPARAM)L"!");
  flush("with no mask, WM_SETTEXT and EM_REPLACESEL");
  LRESULT old = SendMessageW(e, EM_SETEVENTMASK, 0, ENM_CHANGE);
  mask = SendMessageW(e, EM_GETEVENTMASK, 0, 0);
  printf("EM_SETEVENTMASK ENM_CHANGE: old %lx now %lx\n", (long)old, (long)mask);
  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"changed");
  flush("WM_SETTEXT");
  // (ENM_CHANGE is off while the parent hears of WM_SETTEXT's change.)
  printf("  mask during EN_CHANGE %lx\n", (long)mask_during_change);
  set_sel(e, 0, 1);
  SendMessageW(e, EM_REPLACESEL, FALSE, (LPARAM)L"C");
  flush("EM_REPLACESEL");
  SendMessageW(e, WM_CHAR, 'z', 1);
  flush("WM_CHAR");
  set_sel(e, 2, 4);
  flush("EM_EXSETSEL");
  old = SendMessageW(e, EM_SETEVENTMASK, 0, ENM_NONE);
  printf("EM_SETEVENTMASK ENM_NONE: old %lx\n", (long)old);
  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"quiet");
  SendMessageW(e, WM_CHAR, 'q', 1);
  flush("with no mask again");
  watched = 0;
  DestroyWindow(e);
}

static void ansi(HWND parent) {
  printf("-- RichEdit20A\n");
  HWND e = CreateWindowExA(0, "RichEdit20A", "", WS_CHILD | WS_VISIBLE | ES_MULTILINE, 10, 10, 360, 200, parent,
                           (HMENU)8, GetModuleHandleA(NULL), NULL);
  printf("created %d\n", e != NULL);
  LRESULT r = SendMessageA(e, WM_SETTEXT, 0, (LPARAM) "ansi\r\ntext");
  char buf[64];
  memset(buf, 0, sizeof buf);
  LRESULT got = SendMessageA(e, WM_GETTEXT, sizeof buf, (LPARAM)buf);
  LRESULT len = SendMessageA(e, WM_GETTEXTLENGTH, 0, 0);
  printf("WM_SETTEXT %ld, WM_GETTEXT %ld ", (long)r, (long)got);
  print_a(buf, (int)got);
  printf(" length %ld\n", (long)len);
  GETTEXTEX gt;
  memset(&gt, 0, sizeof gt);
  memset(buf, 0, sizeof buf);
  gt.cb = sizeof buf;
  gt.flags = GT_DEFAULT;
  gt.codepage = CP_ACP;
  got = SendMessageA(e, EM_GETTEXTEX, (WPARAM)&gt, (LPARAM)buf);
  printf("EM_GETTEXTEX CP_ACP %ld ", (long)got);
  print_a(buf, (int)got);
  printf("\n");
  gt.flags = GT_USECRLF;
  memset(buf, 0, sizeof buf);
  got = SendMessageA(e, EM_GETTEXTEX, (WPARAM)&gt, (LPARAM)buf);
  printf("EM_GETTEXTEX CP_ACP GT_USECRLF %ld ", (long)got);
  print_a(buf, (int)got);
  printf("\n");
  LRESULT bytes = length_ex(e, GTL_NUMBYTES | GTL_PRECISE, CP_ACP);
  LRESULT chars = length_ex(e, GTL_NUMCHARS | GTL_PRECISE, CP_ACP);
  printf("EM_GETTEXTLENGTHEX CP_ACP: numbytes %ld numchars %ld\n", (long)bytes, (long)chars);
  show_textex(e, GT_DEFAULT, "in UTF-16");
  DestroyWindow(e);
}

static void msftedit(HWND parent) {
  printf("-- MSFTEDIT\n");
  HMODULE m = LoadLibraryA("msftedit.dll");
  WNDCLASSEXW info;
  memset(&info, 0, sizeof info);
  info.cbSize = sizeof info;
  BOOL found = GetClassInfoExW(NULL, MSFTEDIT_CLASS, &info);
  printf("msftedit.dll loaded %d, class RICHEDIT50W found %d\n", m != NULL, found != 0);
  HWND e = make(parent, MSFTEDIT_CLASS, ES_MULTILINE);
  printf("created %d\n", e != NULL);
  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"five\r\nzero");
  show_text(e, "text");
  show_textex(e, GT_DEFAULT, "text");
  show_textex(e, GT_USECRLF, "text");
  show_lengths(e);
  show_lines(e);
  set_sel(e, 2, 6);
  show_textex(e, GT_SELECTION, "  selected");
  stream_in(e, SF_RTF, "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\f0 msft\\par edit\\'21}", 100, "SF_RTF");
  LRESULT r = stream_out(e, SF_TEXT);
  printf("EM_STREAMOUT SF_TEXT: %ld bytes, ", (long)r);
  print_a(out.data, out.size);
  printf("\n");
  DestroyWindow(e);
}

int main(void) {
  HMODULE riched = LoadLibraryA("riched20.dll");
  WNDCLASSEXW info;
  memset(&info, 0, sizeof info);
  info.cbSize = sizeof info;
  BOOL w = GetClassInfoExW(NULL, L"RichEdit20W", &info);
  memset(&info, 0, sizeof info);
  info.cbSize = sizeof info;
  BOOL a = GetClassInfoExW(NULL, L"RichEdit20A", &info);
  printf("riched20.dll loaded %d, class RichEdit20W found %d, RichEdit20A found %d\n", riched != NULL, w != 0, a != 0);

  WNDCLASSA wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = parent_proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "riched_parent";
  RegisterClassA(&wc);
  HWND parent = CreateWindowA("riched_parent", "rich edits", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 0, 0, 400, 300, NULL,
                              NULL, wc.hInstance, NULL);
  text(parent);
  selection(parent);
  positions(parent);
  find(parent);
  settextex(parent);
  streams(parent);
  limits(parent);
  events(parent);
  ansi(parent);
  msftedit(parent);
  DestroyWindow(parent);
  MSG msg;
  while (PeekMessageW(&msg, 0, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
  return 0;
}
