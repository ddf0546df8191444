// The clipboard, as a console program uses it for text: OpenClipboard with no window, emptied, text
// set as CF_UNICODETEXT and read back as CF_UNICODETEXT and CF_TEXT (synthesized), the formats it
// then has, a format registered by name, and the errors of the calls that need the clipboard open.
// (Another program may hold the clipboard open for a moment: opening is tried again, as programs
// do.)
// Links: -luser32
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

static BOOL open_clipboard(void) {
  for (int i = 0; i < 500; ++i) {
    if (OpenClipboard(NULL)) return TRUE;
    Sleep(10);
  }
  return FALSE;
}

int main(void) {
  SetLastError(0);
  BOOL ok = EmptyClipboard();
  DWORD error = GetLastError();
  printf("EmptyClipboard while closed: %d, error %lu\n", ok, error);
  SetLastError(0);
  ok = CloseClipboard();
  error = GetLastError();
  printf("CloseClipboard while closed: %d, error %lu\n", ok, error);

  printf("OpenClipboard: %d\n", open_clipboard());
  printf("EmptyClipboard: %d\n", EmptyClipboard());
  const wchar_t text[] = L"text from polyrun's clipboard sample";
  HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE, sizeof text);
  memcpy(GlobalLock(h), text, sizeof text);
  GlobalUnlock(h);
  printf("SetClipboardData(CF_UNICODETEXT): %s\n", SetClipboardData(CF_UNICODETEXT, h) ? "set" : "failed");
  printf("available: CF_UNICODETEXT %d, CF_TEXT %d, CF_OEMTEXT %d, CF_BITMAP %d\n", IsClipboardFormatAvailable(CF_UNICODETEXT),
         IsClipboardFormatAvailable(CF_TEXT), IsClipboardFormatAvailable(CF_OEMTEXT), IsClipboardFormatAvailable(CF_BITMAP));
  printf("CloseClipboard: %d\n", CloseClipboard());

  printf("OpenClipboard again: %d\n", open_clipboard());
  HANDLE wide = GetClipboardData(CF_UNICODETEXT);
  const wchar_t* w = wide ? (const wchar_t*)GlobalLock(wide) : NULL;
  printf("CF_UNICODETEXT: %ls\n", w ? w : L"(none)");
  if (wide) GlobalUnlock(wide);
  HANDLE narrow = GetClipboardData(CF_TEXT);
  const char* a = narrow ? (const char*)GlobalLock(narrow) : NULL;
  printf("CF_TEXT: %s\n", a ? a : "(none)");
  if (narrow) GlobalUnlock(narrow);
  printf("CF_BITMAP: %s\n", GetClipboardData(CF_BITMAP) ? "given" : "NULL");
  int has_unicode = 0, has_text = 0, has_locale = 0;
  for (UINT f = EnumClipboardFormats(0); f; f = EnumClipboardFormats(f)) {
    has_unicode |= f == CF_UNICODETEXT;
    has_text |= f == CF_TEXT;
    has_locale |= f == CF_LOCALE;
  }
  printf("enumerated: CF_UNICODETEXT %d, CF_TEXT %d, CF_LOCALE %d\n", has_unicode, has_text, has_locale);
  printf("CloseClipboard: %d\n", CloseClipboard());

  UINT id = RegisterClipboardFormatW(L"polyrun sample format");
  UINT again = RegisterClipboardFormatA("POLYRUN SAMPLE FORMAT");
  wchar_t name[64] = {0};
  int n = GetClipboardFormatNameW(id, name, 64);
  printf("RegisterClipboardFormat: at least 0xC000 %d, the same again %d, name %ls (%d)\n", id >= 0xC000, id == again, name, n);
  printf("GetClipboardFormatName(CF_TEXT): %d\n", GetClipboardFormatNameW(CF_TEXT, name, 64));
  return 0;
}
