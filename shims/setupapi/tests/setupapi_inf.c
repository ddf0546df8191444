// SETUPAPI's INF files: a file written here opened (and one without a signature in both styles, a
// missing one), its sections' lines found by key and by index, fields read as strings, integers,
// multi-strings and bytes, %strings% replaced, quoted fields, comments, continued lines, lines
// without a key, short buffers.
// Links: -lsetupapi
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <setupapi.h>

static const char kInf[] =
    "; a test INF\r\n"
    "[Version]\r\n"
    "Signature=\"$Windows NT$\"\r\n"
    "Class = Sample\r\n"
    "\r\n"
    "[Install]\r\n"
    "CopyFiles = Files.Copy, More.Copy   ; two sections\r\n"
    "Number = 42\r\n"
    "Hex = 0x1F\r\n"
    "Bad = 12abc\r\n"
    "Empty =\r\n"
    "Greeting = \"Hello, %Who%\" , plain  value , \"say \"\"hi\"\"\"\r\n"
    "Bytes = 01,ff,7A\r\n"
    "Long = first, \\\r\n"
    "       second\r\n"
    "lonevalue\r\n"
    "a,b,c\r\n"
    "Number = 43\r\n"
    "\r\n"
    "[Strings]\r\n"
    "Who = \"the world\"\r\n"
    "\r\n"
    "[install]\r\n"
    "Later = merged\r\n";

static char dir[MAX_PATH];

static void show_line(INFCONTEXT* c) {
  char buf[128];
  DWORD need = 0;
  DWORD n = SetupGetFieldCount(c);
  BOOL k = SetupGetStringFieldA(c, 0, buf, sizeof buf, &need);
  printf("  line %u: %lu fields, key %s", c->Line, n, k ? buf : "(none)");
  for (DWORD i = 1; i <= n; i++) {
    SetupGetStringFieldA(c, i, buf, sizeof buf, &need);
    printf(" [%s]", buf);
  }
  printf("\n");
}

int main(void) {
  GetTempPathA(sizeof dir, dir);
  char path[MAX_PATH], bare[MAX_PATH];
  snprintf(path, sizeof path, "%ssetupapi_test_%lu.inf", dir, GetCurrentProcessId());
  snprintf(bare, sizeof bare, "%ssetupapi_bare_%lu.inf", dir, GetCurrentProcessId());
  FILE* f = fopen(path, "wb");
  fwrite(kInf, 1, sizeof kInf - 1, f);
  fclose(f);
  f = fopen(bare, "wb");
  fputs("[Section]\r\nkey=value\r\n", f);
  fclose(f);

  UINT err = 77;
  HINF inf = SetupOpenInfFileA(path, NULL, INF_STYLE_WIN4, &err);
  printf("SetupOpenInfFileA: %s error line %u\n", inf == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "an INF", err);
  SetLastError(0xdeadbeef);
  HINF h = SetupOpenInfFileA(bare, NULL, INF_STYLE_WIN4, &err);
  printf("no signature, WIN4: %s error %#lx\n", h == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "an INF", GetLastError());
  h = SetupOpenInfFileA(bare, NULL, INF_STYLE_OLDNT, &err);
  printf("no signature, OLDNT: %s\n", h == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "an INF");
  if (h != INVALID_HANDLE_VALUE) SetupCloseInfFile(h);
  SetLastError(0xdeadbeef);
  h = SetupOpenInfFileA("Z:\\no\\such\\file.inf", NULL, INF_STYLE_WIN4, &err);
  printf("missing: %s error %lu\n", h == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "an INF", GetLastError());

  printf("SetupGetLineCountA(Install): %ld\n", SetupGetLineCountA(inf, "Install"));
  SetLastError(0xdeadbeef);
  printf("SetupGetLineCountA(Nothing): %ld error %#lx\n", SetupGetLineCountA(inf, "Nothing"), GetLastError());

  INFCONTEXT c;
  BOOL ok = SetupFindFirstLineA(inf, "Install", NULL, &c);
  printf("SetupFindFirstLineA(Install): %d\n", ok);
  while (ok) {
    show_line(&c);
    ok = SetupFindNextLine(&c, &c);
  }
  printf("  end: error %#lx\n", GetLastError());

  ok = SetupFindFirstLineA(inf, "Install", "number", &c);
  int value = 0;
  printf("Number: %d line %u, int %d", ok, c.Line, SetupGetIntField(&c, 1, &value));
  printf(" = %d\n", value);
  ok = SetupFindNextMatchLineA(&c, "Number", &c);
  SetupGetIntField(&c, 1, &value);
  printf("next Number: %d line %u = %d\n", ok, c.Line, value);
  SetupFindFirstLineA(inf, "Install", "Hex", &c);
  printf("Hex: int %d", SetupGetIntField(&c, 1, &value));
  printf(" = %d\n", value);
  SetupFindFirstLineA(inf, "Install", "Bad", &c);
  SetLastError(0xdeadbeef);
  ok = SetupGetIntField(&c, 1, &value);
  printf("Bad: int %d error %lu\n", ok, GetLastError());
  SetupFindFirstLineA(inf, "Install", "Empty", &c);
  value = 5;
  ok = SetupGetIntField(&c, 1, &value);
  printf("Empty: int %d = %d, fields %lu\n", ok, value, SetupGetFieldCount(&c));

  SetupFindFirstLineA(inf, "Install", "Greeting", &c);
  char buf[128], small[4];
  DWORD need = 0;
  ok = SetupGetLineTextA(&c, NULL, NULL, NULL, buf, sizeof buf, &need);
  printf("SetupGetLineTextA: %d [%s] need %lu\n", ok, buf, need);
  ok = SetupGetLineTextA(NULL, inf, "Install", "CopyFiles", buf, sizeof buf, &need);
  printf("SetupGetLineTextA by key: %d [%s]\n", ok, buf);
  SetLastError(0xdeadbeef);
  ok = SetupGetStringFieldA(&c, 1, small, sizeof small, &need);
  printf("short buffer: %d error %lu need %lu\n", ok, GetLastError(), need);
  ok = SetupGetStringFieldA(&c, 1, NULL, 0, &need);
  printf("no buffer: %d need %lu\n", ok, need);
  ok = SetupGetStringFieldA(&c, 9, buf, sizeof buf, &need);
  printf("no such field: %d\n", ok);
  WCHAR wbuf[64];
  ok = SetupGetStringFieldW(&c, 1, wbuf, 64, &need);
  printf("SetupGetStringFieldW: %d [%ls] need %lu\n", ok, wbuf, need);

  SetupFindFirstLineA(inf, "Install", "CopyFiles", &c);
  memset(buf, 'x', sizeof buf);
  ok = SetupGetMultiSzFieldA(&c, 1, buf, sizeof buf, &need);
  printf("SetupGetMultiSzFieldA: %d need %lu [%s] [%s] end %d\n", ok, need, buf, buf + strlen(buf) + 1,
         buf[strlen(buf) + 1 + strlen(buf + strlen(buf) + 1) + 1]);
  SetupFindFirstLineA(inf, "Install", "Bytes", &c);
  BYTE bytes[8];
  ok = SetupGetBinaryField(&c, 1, bytes, sizeof bytes, &need);
  printf("SetupGetBinaryField: %d need %lu %02x %02x %02x\n", ok, need, bytes[0], bytes[1], bytes[2]);

  ok = SetupGetLineByIndexA(inf, "Install", 2, &c);
  SetupGetStringFieldA(&c, 0, buf, sizeof buf, &need);
  printf("SetupGetLineByIndexA 2: %d key %s\n", ok, buf);
  SetLastError(0xdeadbeef);
  ok = SetupGetLineByIndexA(inf, "Install", 99, &c);
  printf("SetupGetLineByIndexA 99: %d error %#lx\n", ok, GetLastError());
  SetLastError(0xdeadbeef);
  ok = SetupFindFirstLineA(inf, "Install", "NoSuchKey", &c);
  printf("SetupFindFirstLineA(NoSuchKey): %d error %#lx\n", ok, GetLastError());
  ok = SetupFindFirstLineA(inf, "Version", "Signature", &c);
  SetupGetStringFieldA(&c, 1, buf, sizeof buf, &need);
  printf("Signature: %d [%s]\n", ok, buf);
  SetupCloseInfFile(inf);
  DeleteFileA(path);
  DeleteFileA(bare);
  return 0;
}
