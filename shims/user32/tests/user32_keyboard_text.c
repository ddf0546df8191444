// USER32's keyboard-layout queries and text helpers without a display: GetKeyNameTextA/W for the
// US layout's named keys, character keys, the "do not care" bit and short buffers; VkKeyScanEx,
// OemKeyScan, ToAsciiEx, GetKBCodePage is not printed (the OEM code page differs: wine's 437,
// polyrun's UTF-8); CharUpperBuff/CharLowerBuff, CharToOem/OemToChar on ASCII (both code pages
// keep ASCII), wvsprintf with a va_list.
#include <stdarg.h>
#include <stdio.h>
#include <windows.h>

static void key(LONG lparam) {
  WCHAR w[64];
  char a[64];
  int nw = GetKeyNameTextW(lparam, w, 64);
  int na = GetKeyNameTextA(lparam, a, 64);
  printf("%08lx: %d \"%ls\" %d \"%s\"\n", (unsigned long)lparam, nw, w, na, a);
}

static int call_wvsprintfA(char* out, const char* fmt, ...) {
  va_list va;
  va_start(va, fmt);
  int n = wvsprintfA(out, fmt, va);
  va_end(va);
  return n;
}
static int call_wvsprintfW(WCHAR* out, const WCHAR* fmt, ...) {
  va_list va;
  va_start(va, fmt);
  int n = wvsprintfW(out, fmt, va);
  va_end(va);
  return n;
}

int main(void) {
  printf("-- GetKeyNameText\n");
  static const int scans[] = {0x01, 0x02, 0x0b, 0x0c, 0x0e, 0x0f, 0x10, 0x1a, 0x1c, 0x1d, 0x1e, 0x27, 0x28, 0x29,
                              0x2a, 0x2b, 0x2c, 0x33, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x44, 0x45, 0x46,
                              0x47, 0x4a, 0x4c, 0x4e, 0x52, 0x53, 0x57, 0x58};
  for (size_t i = 0; i < sizeof scans / sizeof scans[0]; ++i) key(scans[i] << 16);
  static const int extended[] = {0x1c, 0x1d, 0x35, 0x37, 0x38, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4b, 0x4d,
                                 0x4f, 0x50, 0x51, 0x52, 0x53, 0x5b, 0x5c, 0x5d};
  for (size_t i = 0; i < sizeof extended / sizeof extended[0]; ++i) key(extended[i] << 16 | 0x1000000);
  printf("do not care:\n");
  key(0x36 << 16 | 0x2000000);
  key(0x1d << 16 | 0x3000000);
  key(0x38 << 16 | 0x3000000);
  key(0x2a << 16 | 0x2000000);
  WCHAR w[8];
  char a[8];
  int nw = GetKeyNameTextW(0x3a << 16, w, 5);
  int na = GetKeyNameTextA(0x3a << 16, a, 5);
  printf("short buffers: %d \"%ls\" %d \"%s\"\n", nw, w, na, a);

  printf("-- VkKeyScanEx, OemKeyScan, ToAsciiEx\n");
  HKL hkl = GetKeyboardLayout(0);
  static const char typed[] = "aZ5!_ ;\"~";
  for (const char* c = typed; *c; ++c)
    printf("'%c': VkKeyScanExA %04x VkKeyScanExW %04x OemKeyScan %08lx\n", *c, (unsigned)(WORD)VkKeyScanExA(*c, hkl),
           (unsigned)(WORD)VkKeyScanExW((WCHAR)*c, hkl), (unsigned long)OemKeyScan((WORD)(unsigned char)*c));
  BYTE state[256] = {0};
  WORD out = 0;
  int r = ToAsciiEx('A', 0x1e, state, &out, 0, hkl);
  printf("ToAsciiEx A: %d %04x\n", r, out);
  state[VK_SHIFT] = 0x80;
  out = 0;
  r = ToAsciiEx('1', 0x02, state, &out, 0, hkl);
  printf("ToAsciiEx shift+1: %d %04x\n", r, out);

  printf("-- CharUpperBuff, CharLowerBuff\n");
  char s[] = "Hello, World";
  DWORD n = CharUpperBuffA(s, 5);
  printf("CharUpperBuffA 5: %lu \"%s\"\n", (unsigned long)n, s);
  n = CharLowerBuffA(s, 12);
  printf("CharLowerBuffA 12: %lu \"%s\"\n", (unsigned long)n, s);
  WCHAR ws[] = L"Mixed Case";
  n = CharUpperBuffW(ws, 7);
  printf("CharUpperBuffW 7: %lu \"%ls\"\n", (unsigned long)n, ws);
  n = CharLowerBuffW(ws, 3);
  printf("CharLowerBuffW 3: %lu \"%ls\"\n", (unsigned long)n, ws);

  printf("-- CharToOem, OemToChar\n");
  char oem[32] = {0};
  WCHAR back[32] = {0};
  BOOL b = CharToOemA("plain text", oem);
  printf("CharToOemA: %d \"%s\"\n", b, oem);
  b = CharToOemW(L"wide text", oem);
  printf("CharToOemW: %d \"%s\"\n", b, oem);
  memset(oem, 0, sizeof oem);
  b = CharToOemBuffW(L"buffer text", oem, 6);
  printf("CharToOemBuffW 6: %d \"%s\"\n", b, oem);
  b = OemToCharW("oem text", back);
  printf("OemToCharW: %d \"%ls\"\n", b, back);
  memset(back, 0, sizeof back);
  b = OemToCharBuffW("oem buffer", back, 3);
  printf("OemToCharBuffW 3: %d \"%ls\"\n", b, back);
  char inplace[] = "in place";
  b = OemToCharA(inplace, inplace);
  printf("OemToCharA in place: %d \"%s\"\n", b, inplace);
  b = CharToOemBuffA("abcdef", oem, 3);
  printf("CharToOemBuffA 3: %d \"%.3s\"\n", b, oem);
  printf("CharToOemA(NULL): %d\n", CharToOemA(NULL, oem));

  printf("-- wvsprintf\n");
  char buf[128];
  int len = call_wvsprintfA(buf, "%d %5s|%-4x|%c %lu %%", -42, "ab", 0xbe, 'z', 4000000000ul);
  printf("wvsprintfA: %d \"%s\"\n", len, buf);
  WCHAR wbuf[128];
  len = call_wvsprintfW(wbuf, L"%s and %d, %04X", L"wide", 7, 0x1f);
  printf("wvsprintfW: %d \"%ls\"\n", len, wbuf);
  return 0;
}
