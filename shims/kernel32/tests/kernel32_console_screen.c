/* The console's screen buffers: what WriteConsole leaves in the cells (processed output: tab,
 * backspace, carriage return, line feed, the wrap at the end of a row), the cursor, the fill, read
 * and write functions for characters, attributes and CHAR_INFO rectangles, scrolling with a clip
 * rectangle, the cursor's size and visibility, the buffer's size and window, a second screen
 * buffer made active and back. Run on a terminal (tests/windows/console_pty.py gives it one of 80
 * columns and 25 rows), it reports on stderr what the console says of itself, ending with the
 * window's rows as ReadConsoleOutputCharacter reads them, which the test compares with what the
 * terminal shows. With its standard handles redirected it reports on stdout how the functions
 * refuse a handle that is not a console's. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static FILE* out;

static void info(HANDLE h, const char* what) {
  CONSOLE_SCREEN_BUFFER_INFO ci;
  if (!GetConsoleScreenBufferInfo(h, &ci)) {
    fprintf(out, "%s: GetConsoleScreenBufferInfo failed %lu\n", what, GetLastError());
    return;
  }
  fprintf(out, "%s: size %dx%d cursor %d,%d attr %02x window %d,%d-%d,%d max %dx%d\n", what, ci.dwSize.X, ci.dwSize.Y,
          ci.dwCursorPosition.X, ci.dwCursorPosition.Y, ci.wAttributes, ci.srWindow.Left, ci.srWindow.Top,
          ci.srWindow.Right, ci.srWindow.Bottom, ci.dwMaximumWindowSize.X, ci.dwMaximumWindowSize.Y);
}

static void cursor(HANDLE h, const char* what) {
  CONSOLE_SCREEN_BUFFER_INFO ci;
  GetConsoleScreenBufferInfo(h, &ci);
  fprintf(out, "%s: cursor %d,%d\n", what, ci.dwCursorPosition.X, ci.dwCursorPosition.Y);
}

static void write_a(HANDLE h, const char* s) {
  DWORD n = 0;
  BOOL ok = WriteConsoleA(h, s, (DWORD)strlen(s), &n, NULL);
  if (!ok || n != strlen(s)) fprintf(out, "WriteConsoleA: %d %lu (error %lu)\n", ok, n, GetLastError());
}

/* The characters of a row from column x, trailing spaces dropped, as text. */
static void row_text(HANDLE h, int x, int y, int len, const char* what) {
  char buf[256] = {0};
  DWORD n = 0;
  COORD at = {(SHORT)x, (SHORT)y};
  BOOL ok = ReadConsoleOutputCharacterA(h, buf, len, at, &n);
  int end = (int)n;
  while (end > 0 && buf[end - 1] == ' ') --end;
  buf[end] = 0;
  fprintf(out, "%s: %d read %lu [%s]\n", what, ok, n, buf);
}

static void row_attributes(HANDLE h, int x, int y, int len, const char* what) {
  WORD attrs[64];
  DWORD n = 0;
  COORD at = {(SHORT)x, (SHORT)y};
  BOOL ok = ReadConsoleOutputAttribute(h, attrs, len, at, &n);
  fprintf(out, "%s: %d read %lu [", what, ok, n);
  for (DWORD i = 0; i < n; ++i) fprintf(out, "%s%02x", i ? " " : "", attrs[i]);
  fprintf(out, "]\n");
}

/* Each call's result and the error it left (the call made first, then GetLastError). */
#define REPORT(name, call)                                              \
  do {                                                                  \
    SetLastError(0);                                                    \
    BOOL ok_ = (call);                                                  \
    fprintf(out, "%s: %d error %lu\n", name, ok_, GetLastError());      \
  } while (0)

static void redirected(void) {
  HANDLE o = GetStdHandle(STD_OUTPUT_HANDLE), in = GetStdHandle(STD_INPUT_HANDLE);
  CONSOLE_SCREEN_BUFFER_INFO ci;
  CONSOLE_SCREEN_BUFFER_INFOEX cix = {sizeof cix};
  CONSOLE_CURSOR_INFO cci;
  DWORD n = 1234, mode;
  COORD at = {0, 0};
  char c[4];
  WORD a[4];
  INPUT_RECORD r;
  REPORT("GetConsoleMode(stdout)", GetConsoleMode(o, &mode));
  REPORT("GetConsoleScreenBufferInfo", GetConsoleScreenBufferInfo(o, &ci));
  REPORT("GetConsoleScreenBufferInfoEx", GetConsoleScreenBufferInfoEx(o, &cix));
  REPORT("SetConsoleCursorPosition", SetConsoleCursorPosition(o, at));
  REPORT("GetConsoleCursorInfo", GetConsoleCursorInfo(o, &cci));
  REPORT("FillConsoleOutputCharacterA", FillConsoleOutputCharacterA(o, 'x', 4, at, &n));
  REPORT("FillConsoleOutputAttribute", FillConsoleOutputAttribute(o, 7, 4, at, &n));
  REPORT("ReadConsoleOutputCharacterA", ReadConsoleOutputCharacterA(o, c, 4, at, &n));
  REPORT("ReadConsoleOutputAttribute", ReadConsoleOutputAttribute(o, a, 4, at, &n));
  REPORT("WriteConsoleOutputCharacterA", WriteConsoleOutputCharacterA(o, "abc", 3, at, &n));
  REPORT("SetConsoleScreenBufferSize", SetConsoleScreenBufferSize(o, (COORD){100, 100}));
  REPORT("GetNumberOfConsoleInputEvents(stdin)", GetNumberOfConsoleInputEvents(in, &n));
  REPORT("PeekConsoleInputW(stdin)", PeekConsoleInputW(in, &r, 1, &n));
  REPORT("FlushConsoleInputBuffer(stdin)", FlushConsoleInputBuffer(in));
}

int main(void) {
  HANDLE h = GetStdHandle(STD_OUTPUT_HANDLE);
  DWORD mode = 0, n = 0;
  if (!GetConsoleMode(h, &mode)) {
    out = stdout;
    redirected();
    return 0;
  }
  out = stderr;
  fprintf(out, "output mode %lx\n", mode);
  info(h, "start");
  CONSOLE_SCREEN_BUFFER_INFOEX x = {sizeof x};
  BOOL ok = GetConsoleScreenBufferInfoEx(h, &x);
  fprintf(out, "ex: %d size %dx%d cursor %d,%d attr %02x popup %02x window %d,%d-%d,%d fullscreen %d\n", ok, x.dwSize.X,
          x.dwSize.Y, x.dwCursorPosition.X, x.dwCursorPosition.Y, x.wAttributes, x.wPopupAttributes, x.srWindow.Left,
          x.srWindow.Top, x.srWindow.Right, x.srWindow.Bottom, x.bFullscreenSupported);
  CONSOLE_SCREEN_BUFFER_INFOEX bad = {sizeof bad - 4};
  SetLastError(0);
  ok = GetConsoleScreenBufferInfoEx(h, &bad);
  fprintf(out, "ex with a wrong cbSize: %d error %lu\n", ok, GetLastError());
  /* SetConsoleScreenBufferInfoEx: a new popup colour and colour 1 of the table, read back. */
  x.wPopupAttributes = 0x3e;
  x.ColorTable[1] = RGB(1, 2, 3);
  x.srWindow.Right++;  /* (the Set function takes the window's size exclusive) */
  x.srWindow.Bottom++;
  ok = SetConsoleScreenBufferInfoEx(h, &x);
  CONSOLE_SCREEN_BUFFER_INFOEX y = {sizeof y};
  GetConsoleScreenBufferInfoEx(h, &y);
  fprintf(out, "set ex: %d popup %02x color1 %06lx window %d,%d-%d,%d\n", ok, y.wPopupAttributes, y.ColorTable[1],
          y.srWindow.Left, y.srWindow.Top, y.srWindow.Right, y.srWindow.Bottom);

  /* Processed output: \t to the next multiple of 8, \b one back, \r to column 0, \n down. */
  write_a(h, "one\ttwo");
  cursor(h, "after one<TAB>two");
  write_a(h, "\b\bX\rZ");
  cursor(h, "after <BS><BS>X<CR>Z");
  row_text(h, 0, 0, 20, "row 0");
  write_a(h, "\nline two\n");
  cursor(h, "after two line feeds");
  /* The wrap: the 80th character moves the cursor to the next row. */
  char wide[96];
  memset(wide, '=', 85);
  wide[85] = 0;
  write_a(h, wide);
  cursor(h, "after 85 characters");
  row_text(h, 75, 2, 10, "row 2 from 75");
  row_text(h, 0, 3, 10, "row 3");
  memset(wide, '-', 80);
  wide[80] = 0;
  write_a(h, "\n");
  write_a(h, wide);
  cursor(h, "after a row of exactly 80");

  /* Attributes: SetConsoleTextAttribute colours what is written next. */
  SetConsoleCursorPosition(h, (COORD){0, 6});
  SetConsoleTextAttribute(h, 0x1e);
  write_a(h, "blue");
  SetConsoleTextAttribute(h, 0x07);
  write_a(h, "grey");
  info(h, "after colours");
  row_attributes(h, 0, 6, 10, "row 6 attributes");

  /* SetConsoleCursorPosition inside and outside the buffer. */
  SetLastError(0);
  fprintf(out, "cursor to 79,24: %d\n", SetConsoleCursorPosition(h, (COORD){79, 24}));
  cursor(h, "there");
  SetLastError(0);
  ok = SetConsoleCursorPosition(h, (COORD){80, 0});
  fprintf(out, "cursor to 80,0: %d error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = SetConsoleCursorPosition(h, (COORD){0, 25});
  fprintf(out, "cursor to 0,25: %d error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = SetConsoleCursorPosition(h, (COORD){-1, 0});
  fprintf(out, "cursor to -1,0: %d error %lu\n", ok, GetLastError());
  cursor(h, "still");

  /* Fill: characters and attributes from a cell on, through the ends of rows, stopping at the
   * buffer's end. */
  ok = FillConsoleOutputCharacterA(h, '*', 10, (COORD){75, 8}, &n);
  fprintf(out, "fill * 10 at 75,8: %d wrote %lu\n", ok, n);
  row_text(h, 70, 8, 10, "row 8 from 70");
  row_text(h, 0, 9, 10, "row 9");
  ok = FillConsoleOutputAttribute(h, 0x4f, 4, (COORD){76, 8}, &n);
  fprintf(out, "fill attribute 4f 4 at 76,8: %d wrote %lu\n", ok, n);
  row_attributes(h, 74, 8, 6, "row 8 attributes from 74");
  ok = FillConsoleOutputCharacterW(h, L'#', 100, (COORD){70, 24}, &n);
  fprintf(out, "fill # 100 at 70,24: %d wrote %lu\n", ok, n);
  ok = FillConsoleOutputCharacterA(h, ' ', 100, (COORD){70, 24}, &n);
  cursor(h, "after fills");

  /* Write and read characters and attributes at a place, the cursor unmoved. */
  ok = WriteConsoleOutputCharacterA(h, "placed", 6, (COORD){10, 10}, &n);
  fprintf(out, "write 'placed' at 10,10: %d wrote %lu\n", ok, n);
  ok = WriteConsoleOutputCharacterW(h, L"wide\x263a", 5, (COORD){78, 10}, &n);
  fprintf(out, "write L'wide\\x263a' at 78,10: %d wrote %lu\n", ok, n);
  WCHAR wbuf[8] = {0};
  ok = ReadConsoleOutputCharacterW(h, wbuf, 5, (COORD){78, 10}, &n);
  fprintf(out, "read W at 78,10: %d read %lu [%04x %04x %04x %04x %04x]\n", ok, n, wbuf[0], wbuf[1], wbuf[2], wbuf[3],
          wbuf[4]);
  WORD attrs[3] = {0x12, 0x34, 0x56};
  ok = WriteConsoleOutputAttribute(h, attrs, 3, (COORD){10, 10}, &n);
  fprintf(out, "write attributes at 10,10: %d wrote %lu\n", ok, n);
  row_attributes(h, 9, 10, 5, "row 10 attributes from 9");
  row_text(h, 10, 10, 6, "row 10 from 10");
  ok = WriteConsoleOutputCharacterA(h, "end", 3, (COORD){79, 24}, &n);
  fprintf(out, "write 'end' at 79,24: %d wrote %lu\n", ok, n);
  FillConsoleOutputCharacterA(h, ' ', 1, (COORD){79, 24}, &n);
  ok = ReadConsoleOutputCharacterA(h, (char*)wbuf, 4, (COORD){0, 25}, &n);
  fprintf(out, "read A at 0,25 (below the buffer): %d read %lu\n", ok, n);
  cursor(h, "after writes");

  /* CHAR_INFO rectangles: WriteConsoleOutput clips to the buffer and says what it wrote. */
  CHAR_INFO block[6];
  for (int i = 0; i < 6; ++i) {
    block[i].Char.UnicodeChar = (WCHAR)('a' + i);
    block[i].Attributes = (WORD)(0x20 + i);
  }
  SMALL_RECT r = {77, 12, 79, 13};
  ok = WriteConsoleOutputW(h, block, (COORD){3, 2}, (COORD){0, 0}, &r);
  fprintf(out, "WriteConsoleOutputW 3x2 at 77,12: %d region %d,%d-%d,%d\n", ok, r.Left, r.Top, r.Right, r.Bottom);
  r = (SMALL_RECT){78, 14, 80, 15};
  ok = WriteConsoleOutputW(h, block, (COORD){3, 2}, (COORD){0, 0}, &r);
  fprintf(out, "WriteConsoleOutputW 3x2 at 78,14 (clipped): %d region %d,%d-%d,%d\n", ok, r.Left, r.Top, r.Right,
          r.Bottom);
  r = (SMALL_RECT){20, 12, 21, 12};
  ok = WriteConsoleOutputA(h, (CHAR_INFO[]){{{'P'}, 0x07}, {{'Q'}, 0x70}}, (COORD){2, 1}, (COORD){0, 0}, &r);
  fprintf(out, "WriteConsoleOutputA 2x1 at 20,12: %d region %d,%d-%d,%d\n", ok, r.Left, r.Top, r.Right, r.Bottom);
  CHAR_INFO back[8];
  memset(back, 0, sizeof back);
  r = (SMALL_RECT){77, 12, 80, 13};
  ok = ReadConsoleOutputW(h, back, (COORD){4, 2}, (COORD){0, 0}, &r);
  fprintf(out, "ReadConsoleOutputW 4x2 at 77,12: %d region %d,%d-%d,%d:", ok, r.Left, r.Top, r.Right, r.Bottom);
  for (int i = 0; i < 8; ++i) fprintf(out, " %c/%02x", back[i].Char.UnicodeChar ? back[i].Char.UnicodeChar : '.', back[i].Attributes);
  fprintf(out, "\n");
  row_text(h, 18, 12, 6, "row 12 from 18");
  row_attributes(h, 20, 12, 2, "row 12 attributes from 20");

  /* Scrolling: rows 12-13 of columns 77-79 move up two rows, what they leave is filled; then a
   * clip rectangle keeps a move off the cells outside it. */
  SMALL_RECT scroll = {77, 12, 79, 13};
  CHAR_INFO fill = {{'.'}, 0x07};
  ok = ScrollConsoleScreenBufferW(h, &scroll, NULL, (COORD){77, 10}, &fill);
  fprintf(out, "scroll 77,12-79,13 to 77,10: %d\n", ok);
  row_text(h, 76, 10, 4, "row 10 from 76");
  row_text(h, 76, 11, 4, "row 11 from 76");
  row_text(h, 76, 12, 4, "row 12 from 76");
  row_text(h, 76, 13, 4, "row 13 from 76");
  SMALL_RECT clip = {0, 16, 79, 16};
  write_a(h, "");
  WriteConsoleOutputCharacterA(h, "abcdef", 6, (COORD){0, 16}, &n);
  WriteConsoleOutputCharacterA(h, "ghijkl", 6, (COORD){0, 17}, &n);
  scroll = (SMALL_RECT){0, 16, 5, 17};
  fill.Char.AsciiChar = '_';
  ok = ScrollConsoleScreenBufferA(h, &scroll, &clip, (COORD){2, 15}, &fill);
  fprintf(out, "scroll 0,16-5,17 to 2,15 clipped to row 16: %d\n", ok);
  row_text(h, 0, 15, 10, "row 15");
  row_text(h, 0, 16, 10, "row 16");
  row_text(h, 0, 17, 10, "row 17");
  scroll = (SMALL_RECT){0, 0, 100, 1};
  SetLastError(0);
  ok = ScrollConsoleScreenBufferW(h, &scroll, NULL, (COORD){0, 2}, &fill);
  fprintf(out, "scroll a rectangle beyond the buffer: %d error %lu\n", ok, GetLastError());

  /* The cursor's size and visibility. */
  CONSOLE_CURSOR_INFO cci = {0};
  ok = GetConsoleCursorInfo(h, &cci);
  fprintf(out, "cursor info: %d size %lu visible %d\n", ok, cci.dwSize, cci.bVisible);
  cci.dwSize = 0;
  SetLastError(0);
  ok = SetConsoleCursorInfo(h, &cci);
  fprintf(out, "cursor size 0: %d error %lu\n", ok, GetLastError());
  cci.dwSize = 101;
  SetLastError(0);
  ok = SetConsoleCursorInfo(h, &cci);
  fprintf(out, "cursor size 101: %d error %lu\n", ok, GetLastError());
  cci.dwSize = 50;
  cci.bVisible = FALSE;
  ok = SetConsoleCursorInfo(h, &cci);
  GetConsoleCursorInfo(h, &cci);
  fprintf(out, "cursor size 50 hidden: %d now size %lu visible %d\n", ok, cci.dwSize, cci.bVisible);
  cci.dwSize = 25;
  cci.bVisible = TRUE;
  SetConsoleCursorInfo(h, &cci);

  /* The buffer's size: never smaller than the window; larger, the window stays where it was and
   * SetConsoleWindowInfo moves it. */
  COORD largest = GetLargestConsoleWindowSize(h);
  fprintf(out, "largest window %dx%d\n", largest.X, largest.Y);
  SetLastError(0);
  ok = SetConsoleScreenBufferSize(h, (COORD){79, 25});
  fprintf(out, "buffer 79x25: %d error %lu\n", ok, GetLastError());
  ok = SetConsoleScreenBufferSize(h, (COORD){100, 50});
  fprintf(out, "buffer 100x50: %d\n", ok);
  info(h, "bigger");
  SMALL_RECT w = {0, 10, 79, 34};
  ok = SetConsoleWindowInfo(h, TRUE, &w);
  info(h, "window at row 10");
  w = (SMALL_RECT){0, -5, 0, -5};
  ok = SetConsoleWindowInfo(h, FALSE, &w);
  info(h, "window 5 rows up");
  w = (SMALL_RECT){0, 30, 79, 54};
  SetLastError(0);
  ok = SetConsoleWindowInfo(h, TRUE, &w);
  fprintf(out, "window beyond the buffer: %d error %lu\n", ok, GetLastError());
  w = (SMALL_RECT){0, 0, 79, 24};
  SetConsoleWindowInfo(h, TRUE, &w);
  ok = SetConsoleScreenBufferSize(h, (COORD){80, 25});
  info(h, "back to 80x25");

  /* A second screen buffer, made active: what is written to it is what the terminal shows, and
   * the first comes back as it was. */
  SetLastError(0);
  HANDLE second = CreateConsoleScreenBuffer(GENERIC_READ | GENERIC_WRITE, 0, NULL, 2, NULL);
  fprintf(out, "CreateConsoleScreenBuffer flags 2: %s error %lu\n", second == INVALID_HANDLE_VALUE ? "invalid" : "a handle",
          GetLastError());
  second = CreateConsoleScreenBuffer(GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                                     CONSOLE_TEXTMODE_BUFFER, NULL);
  fprintf(out, "CreateConsoleScreenBuffer: %s\n", second == INVALID_HANDLE_VALUE ? "invalid" : "a handle");
  info(second, "second");
  GetConsoleMode(second, &mode);
  fprintf(out, "second's mode %lx\n", mode);
  ok = SetConsoleActiveScreenBuffer(second);
  fprintf(out, "SetConsoleActiveScreenBuffer(second): %d\n", ok);
  write_a(second, "on the second buffer\n");
  row_text(second, 0, 0, 30, "second row 0");
  row_text(h, 0, 0, 30, "first row 0");
  ok = SetConsoleActiveScreenBuffer(h);
  fprintf(out, "SetConsoleActiveScreenBuffer(first): %d\n", ok);
  fprintf(out, "CloseHandle(second): %d\n", CloseHandle(second));
  SetLastError(0);
  ok = SetConsoleActiveScreenBuffer(GetStdHandle(STD_INPUT_HANDLE));
  fprintf(out, "SetConsoleActiveScreenBuffer(stdin): %d error %lu\n", ok, GetLastError());
  HANDLE conout = CreateFileA("CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                              OPEN_EXISTING, 0, NULL);
  info(conout, "CONOUT$");
  CloseHandle(conout);

  /* Virtual terminal sequences: obeyed in the buffer once ENABLE_VIRTUAL_TERMINAL_PROCESSING is on
   * (cursor position in the window, SGR's bold red as FOREGROUND_RED | FOREGROUND_INTENSITY, erase
   * in line, a cursor position report answered as typed input). */
  DWORD saved_mode;
  GetConsoleMode(h, &saved_mode);
  ok = SetConsoleMode(h, saved_mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
  GetConsoleMode(h, &mode);
  fprintf(out, "vt mode: %d now %lx\n", ok, mode);
  write_a(h, "\x1b[3;5Hxx\x1b[1;31mVT\x1b[0m\x1b[K");
  cursor(h, "vt after CUP and text");
  row_text(h, 0, 2, 12, "vt row 2");
  row_attributes(h, 4, 2, 5, "vt row 2 attributes from 4");
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  FlushConsoleInputBuffer(in);
  write_a(h, "\x1b[6n");
  char report[16] = {0};
  int got = 0;
  INPUT_RECORD rec;
  while (got < 15 && GetNumberOfConsoleInputEvents(in, &n) && n > 0 && ReadConsoleInputA(in, &rec, 1, &n))
    if (rec.EventType == KEY_EVENT && rec.Event.KeyEvent.bKeyDown)
      report[got++] = rec.Event.KeyEvent.uChar.AsciiChar == 0x1b ? '^' : rec.Event.KeyEvent.uChar.AsciiChar;
  fprintf(out, "vt cursor report: [%s]\n", report);
  /* Without it, ESC is a character like any other. */
  SetConsoleMode(h, saved_mode);
  write_a(h, "\x1b[1m");
  WCHAR esc[4] = {0};
  ReadConsoleOutputCharacterW(h, esc, 4, (COORD){8, 2}, &n);
  fprintf(out, "without vt: %04x %04x %04x %04x\n", esc[0], esc[1], esc[2], esc[3]);
  CHAR_INFO narrow[6];
  SMALL_RECT nr = {6, 2, 11, 2};
  ok = ReadConsoleOutputA(h, narrow, (COORD){6, 1}, (COORD){0, 0}, &nr);
  fprintf(out, "ReadConsoleOutputA: %d region %d,%d-%d,%d first %02x\n", ok, nr.Left, nr.Top, nr.Right, nr.Bottom,
          (unsigned char)narrow[0].Char.AsciiChar);
  DWORD display = 1234;
  ok = GetConsoleDisplayMode(&display);
  fprintf(out, "GetConsoleDisplayMode: %d flags %lu\n", ok, display);

  /* The screen at the end, drawn from the top: what the test compares with the terminal. */
  FillConsoleOutputCharacterA(h, ' ', 80 * 25, (COORD){0, 0}, &n);
  FillConsoleOutputAttribute(h, 0x07, 80 * 25, (COORD){0, 0}, &n);
  SetConsoleCursorPosition(h, (COORD){0, 0});
  write_a(h, "polyrun console screen\n");
  SetConsoleTextAttribute(h, 0x0a);
  write_a(h, "  green\tafter a tab\n");
  SetConsoleTextAttribute(h, 0x07);
  WriteConsoleOutputCharacterA(h, "placed at 40,5", 14, (COORD){40, 5}, &n);
  FillConsoleOutputCharacterA(h, '-', 80, (COORD){0, 7}, &n);
  SetConsoleCursorPosition(h, (COORD){0, 8});
  for (int i = 0; i < 17; ++i) {
    char line[32];
    snprintf(line, sizeof line, "line %d\n", i);
    write_a(h, line);
  }
  info(h, "after scrolling");
  fprintf(out, "screen:\n");
  for (int yy = 0; yy < 25; ++yy) {
    char buf[81] = {0};
    ReadConsoleOutputCharacterA(h, buf, 80, (COORD){0, (SHORT)yy}, &n);
    int end = 80;
    while (end > 0 && buf[end - 1] == ' ') --end;
    buf[end] = 0;
    fprintf(out, "|%s\n", buf);
  }
  return 0;
}
