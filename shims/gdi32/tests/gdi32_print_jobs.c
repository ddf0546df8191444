// GDI32's print job functions and escapes on a memory DC (no DC polyrun makes is a printer's):
// StartDoc/StartPage/EndPage/EndDoc/AbortDoc, the abort procedure StartDoc calls, ResetDC,
// ExtEscape, Escape's own escapes (QUERYESCSUPPORT, GETPHYSPAGESIZE, STARTDOC, NEWFRAME,
// ENDDOC, SETABORTPROC) and others passed on; each again with a handle that is no DC.
// Expected output: wine 8.0's (x64).
// Links: -lgdi32
#include <stdio.h>
#include <string.h>
#include <windows.h>

static int calls;
static HDC called_with;
static BOOL CALLBACK abort_proc(HDC dc, int code) {
  calls++;
  called_with = dc;
  return code == 0;
}

static void doc_calls(const char* what, HDC dc) {
  DOCINFOA doc;
  memset(&doc, 0, sizeof doc);
  doc.cbSize = sizeof doc;
  doc.lpszDocName = "polyrun";
  SetLastError(0xdead);
  const int start = StartDocA(dc, &doc);
  const DWORD start_error = GetLastError();
  DOCINFOW wdoc;
  memset(&wdoc, 0, sizeof wdoc);
  wdoc.cbSize = sizeof wdoc;
  wdoc.lpszDocName = L"polyrun";
  const int startw = StartDocW(dc, &wdoc), page = StartPage(dc), end_page = EndPage(dc), end = EndDoc(dc),
            abort = AbortDoc(dc);
  printf("%s: StartDocA %d (error %lu), StartDocW %d, StartPage %d, EndPage %d, EndDoc %d, AbortDoc %d\n", what, start,
         start_error, startw, page, end_page, end, abort);
  SetLastError(0xdead);
  HDC reset = ResetDCA(dc, NULL);
  const DWORD reset_error = GetLastError();
  printf("  ResetDCA: %s, error %lu\n", reset == dc ? "the DC" : reset ? "another" : "NULL", reset_error);
  char out[16];
  SetLastError(0xdead);
  const int ext = ExtEscape(dc, PASSTHROUGH, 0, NULL, sizeof out, out);
  const DWORD ext_error = GetLastError();
  printf("  ExtEscape(PASSTHROUGH): %d, error %lu\n", ext, ext_error);
}

int main(void) {
  HDC dc = CreateCompatibleDC(NULL);
  doc_calls("memory DC", dc);
  doc_calls("no DC", (HDC)(ULONG_PTR)0x12345678);

  const int set = SetAbortProc(dc, abort_proc);
  DOCINFOA doc;
  memset(&doc, 0, sizeof doc);
  doc.cbSize = sizeof doc;
  doc.lpszDocName = "with an abort procedure";
  const int started = StartDocA(dc, &doc);
  printf("SetAbortProc: %d; StartDocA %d; the procedure called %d time(s), with the DC %d\n", set, started, calls,
         called_with == dc);
  printf("SetAbortProc of no DC: %d\n", SetAbortProc((HDC)(ULONG_PTR)0x12345678, abort_proc));

  const int escapes[] = {NEWFRAME, ABORTDOC, QUERYESCSUPPORT, SETABORTPROC, STARTDOC, ENDDOC, GETPHYSPAGESIZE,
                         GETPRINTINGOFFSET, GETSCALINGFACTOR, PASSTHROUGH, GETTECHNOLOGY, 0x1234};
  printf("QUERYESCSUPPORT:");
  for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
    int code = escapes[i];
    printf(" %d", Escape(dc, QUERYESCSUPPORT, sizeof code, (LPCSTR)&code, NULL));
  }
  short small = STARTDOC;
  printf("; of a 2-byte code %d\n", Escape(dc, QUERYESCSUPPORT, sizeof small, (LPCSTR)&small, NULL));
  POINT pt = {7, 7};
  const int size = Escape(dc, GETPHYSPAGESIZE, 0, NULL, &pt);
  printf("GETPHYSPAGESIZE: %d, %ld x %ld\n", size, pt.x, pt.y);
  pt.x = pt.y = 7;
  const int offset = Escape(dc, GETPRINTINGOFFSET, 0, NULL, &pt);
  printf("GETPRINTINGOFFSET: %d, %ld, %ld\n", offset, pt.x, pt.y);
  pt.x = pt.y = 7;
  const int scaling = Escape(dc, GETSCALINGFACTOR, 0, NULL, &pt);
  printf("GETSCALINGFACTOR: %d, %ld, %ld\n", scaling, pt.x, pt.y);
  calls = 0;
  const int start = Escape(dc, STARTDOC, 7, "polyrun", NULL), frame = Escape(dc, NEWFRAME, 0, NULL, NULL),
            end = Escape(dc, ENDDOC, 0, NULL, NULL), abort = Escape(dc, ABORTDOC, 0, NULL, NULL);
  printf("STARTDOC %d (abort procedure called %d), NEWFRAME %d, ENDDOC %d, ABORTDOC %d\n", start, calls, frame, end,
         abort);
  const int technology = Escape(dc, GETTECHNOLOGY, 0, NULL, NULL), unknown = Escape(dc, 0x1234, 0, NULL, NULL);
  printf("GETTECHNOLOGY %d, 0x1234 %d\n", technology, unknown);
  DeleteDC(dc);
  return 0;
}
