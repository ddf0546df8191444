// Text of the ANSI code page (1252) in the rich edit control: EM_STREAMIN of SF_TEXT bytes and of
// RTF with raw bytes and \'hh escapes, read back as UTF-16 (WM_GETTEXT of RichEdit20W); EM_STREAMOUT
// of SF_TEXT (the bytes); WM_SETTEXT and WM_GETTEXT of RichEdit20A with bytes above ASCII;
// EM_GETTEXTLENGTHEX in bytes of code page 1252 and UTF-16 units. Bytes and units in hex.
// Links: -luser32
#include <windows.h>
#include <richedit.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

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

struct source {
  const char* data;
  LONG size, at;
};
static DWORD CALLBACK read_cb(DWORD_PTR cookie, LPBYTE buf, LONG cb, LONG* done) {
  struct source* s = (struct source*)cookie;
  LONG n = s->size - s->at < cb ? s->size - s->at : cb;
  memcpy(buf, s->data + s->at, n);
  s->at += n;
  *done = n;
  return 0;
}
struct sink {
  char data[256];
  LONG size;
};
static DWORD CALLBACK write_cb(DWORD_PTR cookie, LPBYTE buf, LONG cb, LONG* done) {
  struct sink* s = (struct sink*)cookie;
  LONG n = cb;
  if (s->size + n > (LONG)sizeof s->data) n = (LONG)sizeof s->data - s->size;
  memcpy(s->data + s->size, buf, n);
  s->size += n;
  *done = n;
  return 0;
}

static void stream_in(HWND e, WPARAM format, const char* data, const char* what) {
  struct source s = {data, (LONG)strlen(data), 0};
  EDITSTREAM es;
  es.dwCookie = (DWORD_PTR)&s;
  es.dwError = 0;
  es.pfnCallback = read_cb;
  LRESULT r = SendMessageW(e, EM_STREAMIN, format, (LPARAM)&es);
  WCHAR w[128];
  int n = (int)SendMessageW(e, WM_GETTEXT, 128, (LPARAM)w);
  printf("%s: EM_STREAMIN %ld, WM_GETTEXT %d\n", what, (long)r, n);
  print_units("  units", w, n);
}

int main(void) {
  HMODULE riched = LoadLibraryA("riched20.dll");
  printf("riched20.dll loaded %d\n", riched != NULL);
  HWND parent = CreateWindowExA(0, "STATIC", "parent", WS_OVERLAPPEDWINDOW, 0, 0, 400, 300, NULL, NULL, NULL, NULL);
  HWND e = CreateWindowExW(0, L"RichEdit20W", L"", WS_CHILD | ES_MULTILINE, 0, 0, 360, 200, parent, NULL, NULL, NULL);
  stream_in(e, SF_TEXT, "caf\xe9 \x80 \xfc\xdf", "SF_TEXT");
  stream_in(e, SF_RTF, "{\\rtf1\\ansi caf\xe9 \\'80\\'9c \x99}", "SF_RTF");

  SendMessageW(e, WM_SETTEXT, 0, (LPARAM)L"\x00e9\x20ac\x0411\x0153");
  struct sink out;
  memset(&out, 0, sizeof out);
  EDITSTREAM es;
  es.dwCookie = (DWORD_PTR)&out;
  es.dwError = 0;
  es.pfnCallback = write_cb;
  LRESULT r = SendMessageW(e, EM_STREAMOUT, SF_TEXT, (LPARAM)&es);
  printf("EM_STREAMOUT SF_TEXT: %ld\n", (long)r);
  print_bytes("  bytes", out.data, (int)out.size);
  GETTEXTLENGTHEX gl = {GTL_NUMBYTES | GTL_PRECISE, 1252};
  printf("EM_GETTEXTLENGTHEX bytes of 1252: %d\n", (int)SendMessageW(e, EM_GETTEXTLENGTHEX, (WPARAM)&gl, 0));
  gl.codepage = 1200;
  printf("EM_GETTEXTLENGTHEX bytes of 1200: %d\n", (int)SendMessageW(e, EM_GETTEXTLENGTHEX, (WPARAM)&gl, 0));
  DestroyWindow(e);

  HWND a = CreateWindowExA(0, "RichEdit20A", "", WS_CHILD | ES_MULTILINE, 0, 0, 360, 200, parent, NULL, NULL, NULL);
  printf("RichEdit20A WM_SETTEXT: %d\n", (int)SendMessageA(a, WM_SETTEXT, 0, (LPARAM) "\xe0 la \x93\x94 \x80"));
  char buf[64];
  int n = (int)SendMessageA(a, WM_GETTEXT, sizeof buf, (LPARAM)buf);
  printf("WM_GETTEXT A: %d\n", n);
  print_bytes("  bytes", buf, n);
  WCHAR w[64];
  n = (int)SendMessageW(a, WM_GETTEXT, 64, (LPARAM)w);
  printf("WM_GETTEXT W: %d\n", n);
  print_units("  units", w, n);
  printf("WM_GETTEXTLENGTH A: %d\n", (int)SendMessageA(a, WM_GETTEXTLENGTH, 0, 0));
  DestroyWindow(a);
  DestroyWindow(parent);
  return 0;
}
