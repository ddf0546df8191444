/* NTDLL's RtlIsTextUnicode: UTF-16 and ANSI text, byte order marks both ways, byte-swapped text,
 * odd lengths, a final NUL byte, control characters, all tests and chosen ones, buffers too short.
 * Expected output: wine 8.0's (x64); the i686 build is held to the same file. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static BOOLEAN(NTAPI* is_text_unicode)(const void*, INT, INT*);

static void check(const char* what, const void* buf, int len, int flags) {
  int f = flags;
  BOOLEAN r = is_text_unicode(buf, len, flags == -1 ? NULL : &f);
  if (flags == -1)
    printf("%-28s len %3d no flags: %d\n", what, len, r);
  else
    printf("%-28s len %3d flags %04x: %d -> %04x\n", what, len, flags, r, f);
}

int main(void) {
  is_text_unicode = (void*)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlIsTextUnicode");
  printf("function: %d\n", !!is_text_unicode);
  if (!is_text_unicode) return 1;
  static const WCHAR unicode[] = L"Hello, this is text in UTF-16.\r\n";
  static const char ansi[] = "Hello, this is narrow text.\r\n";
  static const WCHAR bom[] = L"\xfeffWith a mark";
  static const WCHAR rbom[] = L"\xfffeSwapped mark";
  WCHAR swapped[32];
  for (int i = 0; i < 31 && unicode[i]; ++i) swapped[i] = (WCHAR)((unicode[i] >> 8) | (unicode[i] << 8));
  static const WCHAR cjk[] = L"\x4e2d\x6587\x6587\x672c\x3000\x4e2d";
  int ulen = (int)(sizeof unicode - 2), alen = (int)(sizeof ansi - 1);
  const int flag_sets[] = {-1, 0xffff, 0x2, 0x4, 0x8, 0x40, 0x80, 0x200, 0x1000, 0x6, 0xf0, 0xf000};
  for (unsigned i = 0; i < sizeof flag_sets / sizeof flag_sets[0]; ++i) {
    check("unicode", unicode, ulen, flag_sets[i]);
    check("ansi", ansi, alen, flag_sets[i]);
  }
  check("unicode odd length", unicode, ulen - 1, 0xffff);
  check("unicode with its NUL", unicode, ulen + 2, 0xffff);
  check("ansi with its NUL", ansi, alen + 1, 0xffff);
  check("mark", bom, (int)sizeof bom - 2, 0xffff);
  check("mark", bom, (int)sizeof bom - 2, -1);
  check("swapped mark", rbom, (int)sizeof rbom - 2, 0xffff);
  check("swapped mark", rbom, (int)sizeof rbom - 2, -1);
  check("swapped text", swapped, ulen, 0xffff);
  check("swapped text", swapped, ulen, -1);
  check("cjk", cjk, (int)sizeof cjk - 2, 0xffff);
  check("cjk", cjk, (int)sizeof cjk - 2, -1);
  check("cjk statistics", cjk, (int)sizeof cjk - 2, 0x2);
  check("one byte", ansi, 1, 0xffff);
  check("empty", ansi, 0, 0xffff);
  check("one character", unicode, 2, 0xffff);
  char big[1024];
  memset(big, 'a', sizeof big);
  for (int i = 600; i < 1024; i += 2) big[i] = 0;
  check("zeros past 256 characters", big, 1024, 0xffff);
  return 0;
}
