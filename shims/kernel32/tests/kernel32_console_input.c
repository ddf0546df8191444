/* The console's input buffer: records written with WriteConsoleInput, counted, peeked at, read and
 * flushed; then the keys typed at the terminal as KEY_EVENT_RECORDs (virtual-key code, scan code,
 * character, control-key state; a key down and a key up, Shift around a capital), a line read with
 * ReadConsole as its line editing and echo leave it, and a WINDOW_BUFFER_SIZE_EVENT when the
 * terminal is resized. Run on a terminal (tests/windows/console_pty.py types the keys when it
 * prints "ready"), it reports on stderr; with its standard handles redirected it reports on stdout
 * how the functions refuse a handle that is not a console's. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static FILE* out;

static void show(const INPUT_RECORD* r) {
  if (r->EventType == KEY_EVENT) {
    const KEY_EVENT_RECORD* k = &r->Event.KeyEvent;
    fprintf(out, "key %s repeat %d vk %02x scan %02x char %04x state %04lx\n", k->bKeyDown ? "down" : "up  ",
            k->wRepeatCount, k->wVirtualKeyCode, k->wVirtualScanCode, k->uChar.UnicodeChar, k->dwControlKeyState);
  } else if (r->EventType == WINDOW_BUFFER_SIZE_EVENT) {
    fprintf(out, "buffer size %dx%d\n", r->Event.WindowBufferSizeEvent.dwSize.X, r->Event.WindowBufferSizeEvent.dwSize.Y);
  } else {
    fprintf(out, "event type %d\n", r->EventType);
  }
}

static void ready(const char* what) {
  fprintf(out, "ready %s\n", what);
  fflush(out);
}

#define REPORT(name, call)                                          \
  do {                                                              \
    SetLastError(0);                                                \
    BOOL ok_ = (call);                                              \
    fprintf(out, "%s: %d error %lu\n", name, ok_, GetLastError());  \
  } while (0)

static void redirected(void) {
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  INPUT_RECORD r = {0};
  DWORD n = 0, mode;
  r.EventType = KEY_EVENT;
  REPORT("GetConsoleMode(stdin)", GetConsoleMode(in, &mode));
  REPORT("GetNumberOfConsoleInputEvents", GetNumberOfConsoleInputEvents(in, &n));
  REPORT("PeekConsoleInputA", PeekConsoleInputA(in, &r, 1, &n));
  REPORT("ReadConsoleInputW", ReadConsoleInputW(in, &r, 1, &n));
  REPORT("FlushConsoleInputBuffer", FlushConsoleInputBuffer(in));
}

int main(void) {
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE), con = GetStdHandle(STD_OUTPUT_HANDLE);
  DWORD mode = 0, n = 0;
  if (!GetConsoleMode(in, &mode)) {
    out = stdout;
    redirected();
    return 0;
  }
  out = stderr;
  fprintf(out, "input mode %lx\n", mode);
  GetNumberOfConsoleInputEvents(in, &n);
  fprintf(out, "events waiting at the start: %lu\n", n);

  /* Records written, counted, peeked at (they stay), read one at a time, flushed. */
  INPUT_RECORD w[3];
  memset(w, 0, sizeof w);
  for (int i = 0; i < 3; ++i) {
    w[i].EventType = KEY_EVENT;
    w[i].Event.KeyEvent.bKeyDown = TRUE;
    w[i].Event.KeyEvent.wRepeatCount = 1;
    w[i].Event.KeyEvent.wVirtualKeyCode = (WORD)('X' + i);
    w[i].Event.KeyEvent.uChar.UnicodeChar = (WCHAR)('x' + i);
  }
  BOOL ok = WriteConsoleInputW(in, w, 3, &n);
  fprintf(out, "WriteConsoleInputW: %d wrote %lu\n", ok, n);
  GetNumberOfConsoleInputEvents(in, &n);
  fprintf(out, "waiting: %lu\n", n);
  INPUT_RECORD r[8];
  ok = PeekConsoleInputW(in, r, 8, &n);
  fprintf(out, "PeekConsoleInputW: %d got %lu, first char %c\n", ok, n, r[0].Event.KeyEvent.uChar.UnicodeChar);
  ok = ReadConsoleInputW(in, r, 1, &n);
  fprintf(out, "ReadConsoleInputW one: %d got %lu char %c\n", ok, n, r[0].Event.KeyEvent.uChar.UnicodeChar);
  ok = ReadConsoleInputA(in, r, 8, &n);
  fprintf(out, "ReadConsoleInputA the rest: %d got %lu chars %c%c\n", ok, n, r[0].Event.KeyEvent.uChar.AsciiChar,
          r[1].Event.KeyEvent.uChar.AsciiChar);
  WriteConsoleInputA(in, w, 2, &n);
  ok = PeekConsoleInputA(in, r, 1, &n);
  fprintf(out, "PeekConsoleInputA: %d got %lu char %c\n", ok, n, r[0].Event.KeyEvent.uChar.AsciiChar);
  ok = FlushConsoleInputBuffer(in);
  GetNumberOfConsoleInputEvents(in, &n);
  fprintf(out, "FlushConsoleInputBuffer: %d, waiting %lu\n", ok, n);
  ok = PeekConsoleInputW(in, r, 8, &n);
  fprintf(out, "PeekConsoleInputW of nothing: %d got %lu\n", ok, n);
  SetLastError(0);
  ok = ReadConsoleInputW(con, r, 1, &n);
  fprintf(out, "ReadConsoleInputW of the output handle: %d error %lu\n", ok, GetLastError());

  /* Keys typed at the terminal, until q. Processed input off: Ctrl-C would be a key too. */
  SetConsoleMode(in, ENABLE_EXTENDED_FLAGS);
  ready("keys");
  for (;;) {
    ok = ReadConsoleInputW(in, r, 1, &n);
    if (!ok || n != 1) {
      fprintf(out, "ReadConsoleInputW: %d got %lu\n", ok, n);
      break;
    }
    show(&r[0]);
    if (r[0].EventType == KEY_EVENT && r[0].Event.KeyEvent.uChar.UnicodeChar == 'q' && !r[0].Event.KeyEvent.bKeyDown)
      break;
  }

  /* A line read with line input and echo: the console edits it (a backspace here) and echoes it
   * where the cursor was. */
  SetConsoleMode(in, ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT);
  CONSOLE_SCREEN_BUFFER_INFO ci;
  GetConsoleScreenBufferInfo(con, &ci);
  COORD start = ci.dwCursorPosition;
  ready("line");
  char line[64] = {0};
  ok = ReadConsoleA(in, line, sizeof line - 1, &n, NULL);
  fprintf(out, "ReadConsoleA: %d read %lu [", ok, n);
  for (DWORD i = 0; i < n; ++i) fprintf(out, line[i] == '\r' ? "\\r" : line[i] == '\n' ? "\\n" : "%c", line[i]);
  fprintf(out, "]\n");
  GetConsoleScreenBufferInfo(con, &ci);
  fprintf(out, "cursor moved by %d rows to column %d\n", ci.dwCursorPosition.Y - start.Y, ci.dwCursorPosition.X);
  char echoed[32] = {0};
  ReadConsoleOutputCharacterA(con, echoed, 11, start, &n);
  fprintf(out, "echoed: [%s]\n", echoed);

  /* Line input off: ReadConsole returns what was typed, without waiting for Enter. */
  SetConsoleMode(in, ENABLE_PROCESSED_INPUT);
  ready("chars");
  WCHAR wide[8] = {0};
  ok = ReadConsoleW(in, wide, 8, &n, NULL);
  fprintf(out, "ReadConsoleW: %d read %lu first %04x\n", ok, n, wide[0]);

  /* The terminal resized: with window input on, a WINDOW_BUFFER_SIZE_EVENT with the new size. */
  SetConsoleMode(in, ENABLE_WINDOW_INPUT);
  ready("resize");
  if (WaitForSingleObject(in, 5000) == WAIT_OBJECT_0 && ReadConsoleInputW(in, r, 1, &n) && n == 1) show(&r[0]);
  else fprintf(out, "no event\n");
  GetConsoleScreenBufferInfo(con, &ci);
  fprintf(out, "buffer now %dx%d window %d,%d-%d,%d\n", ci.dwSize.X, ci.dwSize.Y, ci.srWindow.Left, ci.srWindow.Top,
          ci.srWindow.Right, ci.srWindow.Bottom);
  return 0;
}
