// SETUPAPI's INF files and the ANSI code page (1252): a file of ANSI text (a section "Caf\xe9", a
// key "\x80", a %string% with "\xfc\xdf"), the same text in UTF-8 after its byte order mark, and
// in UTF-16 after its own, each opened by a name with an e acute through SetupOpenInfFileA; lines
// found by the A forms' section and key names; fields read by the A forms (bytes, their sizes with
// the NUL, a buffer too small) and by the W forms (UTF-16 code units).
// Links: -lsetupapi
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <setupapi.h>

static const char kAnsi[] =
    "[Version]\r\n"
    "Signature=\"$Windows NT$\"\r\n"
    "\r\n"
    "[Caf\xe9]\r\n"
    "\x80 = caf\xe9, %Sz%, \"\xe9\xe9\"\r\n"
    "plain = one\r\n"
    "\r\n"
    "[Strings]\r\n"
    "Sz = \"\xfc\xdf\"\r\n";

static void hex(const char* what, const void* data, DWORD n) {
  printf("%s (%lu):", what, n);
  for (DWORD i = 0; i < n; ++i) printf(" %02x", ((const BYTE*)data)[i]);
  printf("\n");
}

static void units(const char* what, const WCHAR* w, DWORD n) {
  printf("%s (%lu):", what, n);
  for (DWORD i = 0; i < n; ++i) printf(" %04x", w[i]);
  printf("\n");
}

static void write_file(const WCHAR* name, const void* data, DWORD n) {
  HANDLE h = CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD done = 0;
  WriteFile(h, data, n, &done, NULL);
  CloseHandle(h);
}

static void read_inf(const char* what) {
  UINT error_line = 0;
  HINF inf = SetupOpenInfFileA(".\\inf_caf\xe9.inf", NULL, INF_STYLE_WIN4, &error_line);
  printf("%s: SetupOpenInfFileA(.\\\\inf_caf\\xe9.inf): %s error %lu\n", what, inf == INVALID_HANDLE_VALUE ? "failed" : "opened",
         GetLastError());
  if (inf == INVALID_HANDLE_VALUE) return;
  printf("  SetupGetLineCountA(Caf\\xe9): %ld\n", SetupGetLineCountA(inf, "Caf\xe9"));
  INFCONTEXT c;
  BOOL ok = SetupFindFirstLineA(inf, "Caf\xe9", "\x80", &c);
  printf("  SetupFindFirstLineA(Caf\\xe9, \\x80): %d\n", ok);
  if (ok) {
    char buf[64];
    DWORD need = 0;
    memset(buf, '#', sizeof buf);
    ok = SetupGetLineTextA(&c, NULL, NULL, NULL, buf, sizeof buf, &need);
    printf("  SetupGetLineTextA: %d need %lu ", ok, need);
    hex("text", buf, ok ? need : 0);
    need = 0;
    ok = SetupGetLineTextA(&c, NULL, NULL, NULL, buf, 5, &need);
    printf("  SetupGetLineTextA into 5: %d error %lx need %lu\n", ok, GetLastError(), need);
    ok = SetupGetLineTextA(NULL, inf, "Caf\xe9", "\x80", buf, sizeof buf, &need);
    printf("  SetupGetLineTextA by section and key: %d need %lu\n", ok, need);
    for (DWORD i = 0; i <= 3; ++i) {
      need = 0;
      ok = SetupGetStringFieldA(&c, i, buf, sizeof buf, &need);
      printf("  SetupGetStringFieldA(%lu): %d ", i, ok);
      hex("field", buf, ok ? need : 0);
    }
    need = 0;
    ok = SetupGetStringFieldA(&c, 2, buf, 2, &need);
    printf("  SetupGetStringFieldA(2) into 2: %d error %lx need %lu\n", ok, GetLastError(), need);
    WCHAR w[64];
    for (DWORD i = 0; i <= 3; ++i) {
      need = 0;
      ok = SetupGetStringFieldW(&c, i, w, 64, &need);
      printf("  SetupGetStringFieldW(%lu): %d ", i, ok);
      units("field", w, ok ? need : 0);
    }
    need = 0;
    memset(buf, '#', sizeof buf);
    ok = SetupGetMultiSzFieldA(&c, 1, buf, sizeof buf, &need);
    printf("  SetupGetMultiSzFieldA(1): %d ", ok);
    hex("fields", buf, ok ? need : 0);
  }
  ok = SetupFindFirstLineW(inf, L"Caf\u00e9", L"\u20ac", &c);
  printf("  SetupFindFirstLineW(Caf\\u00e9, \\u20ac): %d\n", ok);
  SetupCloseInfFile(inf);
}

int main(void) {
  write_file(L"inf_caf\u00e9.inf", kAnsi, sizeof kAnsi - 1);
  read_inf("ANSI");

  // The same text in UTF-8 after its byte order mark, and in UTF-16 after its own.
  WCHAR wide[512];
  const int n = MultiByteToWideChar(1252, 0, kAnsi, sizeof kAnsi - 1, wide + 1, 511);
  char utf8[1024] = "\xef\xbb\xbf";
  const int u = WideCharToMultiByte(CP_UTF8, 0, wide + 1, n, utf8 + 3, sizeof utf8 - 3, NULL, NULL);
  write_file(L"inf_caf\u00e9.inf", utf8, 3 + u);
  read_inf("UTF-8");
  wide[0] = 0xfeff;
  write_file(L"inf_caf\u00e9.inf", wide, 2 * (n + 1));
  read_inf("UTF-16");
  printf("DeleteFileW: %d\n", DeleteFileW(L"inf_caf\u00e9.inf"));
  return 0;
}
