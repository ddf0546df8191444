// KERNEL32's A functions of text in the ANSI code page (1252: é E9, ü FC, ß DF, € 80, É C9, Š 8A,
// ÿ FF): the environment, strings and their comparison and case, character types, the locale's
// settings and formats, FormatMessageA, atoms, named objects, initialization files and the
// registry's names and string data, each read back through the A and the W form. Byte strings are
// printed in hex, UTF-16 ones as code units.
// Links: -ladvapi32
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void hex(const char* label, const char* s, int n) {
  printf("%s:", label);
  for (int i = 0; i < n; ++i) printf(" %02x", (unsigned char)s[i]);
  printf("\n");
}
static void units(const char* label, const WCHAR* s, int n) {
  printf("%s:", label);
  for (int i = 0; i < n; ++i) printf(" %04x", s[i]);
  printf("\n");
}

static void environment(void) {
  char buf[64];
  WCHAR wbuf[64];
  printf("SetEnvironmentVariableA %d\n", SetEnvironmentVariableA("K32_ANSI", "caf\xe9 \x80"));
  DWORD n = GetEnvironmentVariableA("K32_ANSI", buf, sizeof buf);
  printf("GetEnvironmentVariableA %lu\n", n);
  hex("value", buf, (int)n);
  n = GetEnvironmentVariableW(L"K32_ANSI", wbuf, 64);
  units("value W", wbuf, (int)n);
  n = GetEnvironmentVariableA("K32_ANSI", buf, 3);
  printf("GetEnvironmentVariableA(3) %lu\n", n);
  SetEnvironmentVariableW(L"K32_W\x00dc", L"\x00fc\x00df\x20ac");
  n = GetEnvironmentVariableA("K32_W\xdc", buf, sizeof buf);
  printf("GetEnvironmentVariableA of a W variable %lu\n", n);
  hex("value", buf, (int)n);
  n = ExpandEnvironmentStringsA("[%K32_ANSI%] \xe9", buf, sizeof buf);
  printf("ExpandEnvironmentStringsA %lu\n", n);
  hex("expanded", buf, (int)strlen(buf));
  n = ExpandEnvironmentStringsW(L"[%K32_ANSI%] \x00e9", wbuf, 64);
  printf("ExpandEnvironmentStringsW %lu\n", n);
  char* block = GetEnvironmentStringsA();
  for (char* s = block; *s; s += strlen(s) + 1)
    if (!strncmp(s, "K32_", 4)) hex("environment string", s, (int)strlen(s));
  FreeEnvironmentStringsA(block);
  SetEnvironmentVariableA("K32_ANSI", NULL);
  SetEnvironmentVariableA("K32_W\xdc", NULL);
  printf("after removal %lu\n", GetEnvironmentVariableA("K32_ANSI", buf, sizeof buf));
}

static void strings(void) {
  printf("lstrlenA %d\n", lstrlenA("caf\xe9 \x80"));
  printf("lstrcmpA equal %d\n", lstrcmpA("caf\xe9", "caf\xe9"));
  printf("lstrcmpiA %d\n", lstrcmpiA("CAF\xc9", "caf\xe9"));
  printf("lstrcmpiA of FC and DC %d\n", lstrcmpiA("\xfc", "\xdc"));
  printf("CompareStringA ignore case %d\n", CompareStringA(LOCALE_USER_DEFAULT, NORM_IGNORECASE, "\x8a\xe9", -1, "\x9a\xc9", -1));
  printf("CompareStringA case %d\n", CompareStringA(LOCALE_USER_DEFAULT, 0, "\xe9", 1, "\xe9", 1));
  char out[32];
  int n = LCMapStringA(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, "caf\xe9 \xfc\xdf\xff", -1, out, sizeof out);
  printf("LCMapStringA upper %d\n", n);
  hex("upper", out, n);
  n = LCMapStringA(LOCALE_USER_DEFAULT, LCMAP_LOWERCASE, "CAF\xc9 \x8a", 6, out, sizeof out);
  printf("LCMapStringA lower %d\n", n);
  hex("lower", out, n);
  printf("LCMapStringA size %d\n", LCMapStringA(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, "\xe9\xe9", -1, NULL, 0));
  WORD types[8];
  memset(types, 0, sizeof types);
  printf("GetStringTypeA %d\n", GetStringTypeA(LOCALE_USER_DEFAULT, CT_CTYPE1, "a\xe9\xc9\xdf", 4, types));
  printf("types: %04x %04x %04x %04x\n", types[0], types[1], types[2], types[3]);
  memset(types, 0, sizeof types);
  printf("GetStringTypeExA %d\n", GetStringTypeExA(LOCALE_USER_DEFAULT, CT_CTYPE1, "\xfc\xdc", 2, types));
  printf("types: %04x %04x\n", types[0], types[1]);
}

static void locale(void) {
  char buf[64];
  WCHAR wbuf[64];
  int n = GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SCURRENCY, buf, sizeof buf);
  printf("GetLocaleInfoA currency %d\n", n);
  hex("currency", buf, n);
  printf("SetLocaleInfoA %d\n", SetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SCURRENCY, "\x80"));
  n = GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SCURRENCY, buf, sizeof buf);
  printf("GetLocaleInfoA currency %d\n", n);
  hex("currency", buf, n);
  n = GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_SCURRENCY, wbuf, 64);
  units("currency W", wbuf, n);
  n = GetCurrencyFormatA(LOCALE_USER_DEFAULT, 0, "12.5", NULL, buf, sizeof buf);
  printf("GetCurrencyFormatA %d\n", n);
  hex("money", buf, n);
  printf("SetLocaleInfoA back %d\n", SetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SCURRENCY, "$"));

  NUMBERFMTA f = {1, 1, 3, "\xb7", "\xa0", 1};
  n = GetNumberFormatA(LOCALE_USER_DEFAULT, 0, "1234.5", &f, buf, sizeof buf);
  printf("GetNumberFormatA %d\n", n);
  hex("number", buf, n);

  SYSTEMTIME st = {2024, 3, 0, 5, 13, 5, 9, 0};
  n = GetDateFormatA(LOCALE_USER_DEFAULT, 0, &st, "'caf\xe9' yyyy", buf, sizeof buf);
  printf("GetDateFormatA %d\n", n);
  hex("date", buf, n);
  n = GetTimeFormatA(LOCALE_USER_DEFAULT, 0, &st, "HH'\xb0'mm", buf, sizeof buf);
  printf("GetTimeFormatA %d\n", n);
  hex("time", buf, n);
  n = GetTimeFormatA(LOCALE_USER_DEFAULT, 0, &st, "HH'\xb0'mm", buf, 3);
  printf("GetTimeFormatA(3) %d error %lu\n", n, GetLastError());
}

static void messages(void) {
  char buf[64];
  DWORD_PTR args[] = {(DWORD_PTR) "\x80\xfc"};
  DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "caf\xe9 %1!s!", 0, 0, buf,
                           sizeof buf, (va_list*)args);
  printf("FormatMessageA %lu\n", n);
  hex("message", buf, (int)n);
  n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, ERROR_FILE_NOT_FOUND, 0, buf,
                     sizeof buf, NULL);
  printf("FormatMessageA of the system %s\n", n > 0 && n == strlen(buf) ? "= strlen" : "!= strlen");
}

static void atoms(void) {
  char buf[32];
  WCHAR wbuf[32];
  ATOM a = AddAtomA("k32 caf\xe9");
  printf("AddAtomA %s\n", a ? "made" : "failed");
  UINT n = GetAtomNameW(a, wbuf, 32);
  units("GetAtomNameW", wbuf, (int)n);
  printf("FindAtomW finds it %d\n", FindAtomW(L"k32 caf\x00e9") == a);
  ATOM g = GlobalAddAtomW(L"k32 \x00fc\x00df\x20ac");
  n = GlobalGetAtomNameA(g, buf, sizeof buf);
  printf("GlobalGetAtomNameA %u\n", n);
  hex("name", buf, (int)n);
  printf("GlobalFindAtomA finds it %d\n", GlobalFindAtomA("k32 \xfc\xdf\x80") == g);
  n = GlobalGetAtomNameA(g, buf, 6);
  printf("GlobalGetAtomNameA(6) %u\n", n);
  DeleteAtom(a);
  GlobalDeleteAtom(g);
}

static void objects(void) {
  HANDLE m = CreateMutexA(NULL, FALSE, "k32_mutex_caf\xe9");
  HANDLE o = OpenMutexW(SYNCHRONIZE, FALSE, L"k32_mutex_caf\x00e9");
  printf("CreateMutexA, OpenMutexW %d %d\n", m != NULL, o != NULL);
  CloseHandle(o);
  o = OpenMutexA(SYNCHRONIZE, FALSE, "k32_mutex_caf\xc9");
  printf("OpenMutexA of another case %d error %lu\n", o != NULL, GetLastError());
  CloseHandle(m);
  HANDLE e = CreateEventW(NULL, TRUE, FALSE, L"k32_event_\x20ac");
  o = OpenEventA(EVENT_ALL_ACCESS, FALSE, "k32_event_\x80");
  printf("CreateEventW, OpenEventA %d %d\n", e != NULL, o != NULL);
  CloseHandle(o);
  CloseHandle(e);
  HANDLE s = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, "k32_map_\xfc");
  o = OpenFileMappingW(FILE_MAP_READ, FALSE, L"k32_map_\x00fc");
  printf("CreateFileMappingA, OpenFileMappingW %d %d\n", s != NULL, o != NULL);
  CloseHandle(o);
  CloseHandle(s);
}

static void profiles(void) {
  // The process's own file (the flavours of this case may run at once in the same directory).
  char file[64];
  WCHAR wfile[64];
  sprintf(file, ".\\k32_ansi_%lu.ini", GetCurrentProcessId());
  swprintf(wfile, 64, L".\\k32_ansi_%lu.ini", GetCurrentProcessId());
  printf("WritePrivateProfileStringA %d\n", WritePrivateProfileStringA("s\xe9", "k\xfc", "v\x80", file));
  WCHAR wbuf[32];
  char buf[32];
  DWORD n = GetPrivateProfileStringW(L"s\x00e9", L"k\x00fc", L"", wbuf, 32, wfile);
  printf("GetPrivateProfileStringW %lu\n", n);
  units("value W", wbuf, (int)n);
  n = GetPrivateProfileStringA("s\xe9", "k\xfc", "", buf, sizeof buf, file);
  printf("GetPrivateProfileStringA %lu\n", n);
  hex("value", buf, (int)n);
  n = GetPrivateProfileStringA("s\xe9", "k\xfc", "", buf, 2, file);
  printf("GetPrivateProfileStringA(2) %lu\n", n);
  n = GetPrivateProfileSectionNamesA(buf, sizeof buf, file);
  printf("GetPrivateProfileSectionNamesA %lu\n", n);
  hex("names", buf, (int)n + 1);
  HANDLE h = CreateFileA(file, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
  n = 0;
  ReadFile(h, buf, sizeof buf, &n, NULL);
  CloseHandle(h);
  hex("file", buf, (int)n);
  DeleteFileA(file);
}

static void registry(void) {
  HKEY k;
  char key[64];
  sprintf(key, "Software\\k32_ansi_%lu_\xe9", GetCurrentProcessId());
  LONG r = RegCreateKeyExA(HKEY_CURRENT_USER, key, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
  printf("RegCreateKeyExA %ld\n", r);
  if (r) return;
  printf("RegSetValueExA %ld\n", RegSetValueExA(k, "n\xfc", 0, REG_SZ, (const BYTE*)"caf\xe9 \x80", 7));
  WCHAR w[32];
  DWORD type = 0, size = sizeof w;
  r = RegQueryValueExW(k, L"n\x00fc", NULL, &type, (BYTE*)w, &size);
  printf("RegQueryValueExW %ld type %lu size %lu\n", r, type, size);
  units("data W", w, (int)(size / 2));
  char a[32];
  size = sizeof a;
  r = RegQueryValueExA(k, "n\xfc", NULL, &type, (BYTE*)a, &size);
  printf("RegQueryValueExA %ld size %lu\n", r, size);
  hex("data", a, (int)size);
  char name[32];
  DWORD name_len = sizeof name;
  size = sizeof a;
  r = RegEnumValueA(k, 0, name, &name_len, NULL, &type, (BYTE*)a, &size);
  printf("RegEnumValueA %ld name length %lu data size %lu\n", r, name_len, size);
  hex("name", name, (int)name_len);
  RegSetValueExW(k, L"w\x00df", 0, REG_SZ, (const BYTE*)L"\x00fc\x20ac", 6);
  size = sizeof a;
  r = RegGetValueA(k, NULL, "w\xdf", RRF_RT_REG_SZ, &type, a, &size);
  printf("RegGetValueA %ld size %lu\n", r, size);
  hex("data", a, (int)size);
  RegCloseKey(k);
  printf("RegDeleteTreeA %ld\n", RegDeleteTreeA(HKEY_CURRENT_USER, key));
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("ACP %u OEMCP %u\n", GetACP(), GetOEMCP());
  environment();
  strings();
  locale();
  messages();
  atoms();
  objects();
  profiles();
  registry();
  return 0;
}
