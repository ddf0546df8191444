// WININET's URL functions and the ANSI code page (1252): InternetCrackUrlA of a URL with "caf\xe9"
// and the euro sign \x80 (parts copied, their lengths in bytes; parts pointed at in the caller's
// URL; decoded escapes; a buffer too small) and InternetCrackUrlW of the same in UTF-16;
// InternetCreateUrlA of parts in ANSI (its length in bytes, a buffer too small) and
// InternetCreateUrlW of the same. Bytes are printed in hex, UTF-16 in code units.
// Links: -lwininet
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wininet.h>

static void hex(const char* what, const void* data, DWORD n) {
  printf(" %s (%lu):", what, n);
  for (DWORD i = 0; i < n; ++i) printf(" %02x", ((const BYTE*)data)[i]);
}

static void units(const char* what, const WCHAR* w, DWORD n) {
  printf(" %s (%lu):", what, n);
  for (DWORD i = 0; i < n; ++i) printf(" %04x", w[i]);
}

static const char kUrl[] = "http://\xfc:p\xe9@caf\xe9.example:8080/caf\xe9/\x80%E9?q=\xe9#\xdf";

static void crack_a(DWORD flags, DWORD path_room) {
  char host[64], user[32], password[32], path[128], extra[64];
  URL_COMPONENTSA uc;
  memset(&uc, 0, sizeof uc);
  uc.dwStructSize = sizeof uc;
  uc.lpszHostName = host, uc.dwHostNameLength = sizeof host;
  uc.lpszUserName = user, uc.dwUserNameLength = sizeof user;
  uc.lpszPassword = password, uc.dwPasswordLength = sizeof password;
  uc.lpszUrlPath = path, uc.dwUrlPathLength = path_room;
  uc.lpszExtraInfo = extra, uc.dwExtraInfoLength = sizeof extra;
  SetLastError(0xdeadbeef);
  BOOL ok = InternetCrackUrlA(kUrl, 0, flags, &uc);
  printf("InternetCrackUrlA%s, path room %lu: %d", flags & ICU_DECODE ? " (decoded)" : "", path_room, ok);
  if (!ok) {
    printf(" error %lu path length %lu\n", GetLastError(), uc.dwUrlPathLength);
    return;
  }
  printf(" port %u\n ", uc.nPort);
  hex("host", host, uc.dwHostNameLength);
  hex("user", user, uc.dwUserNameLength);
  hex("password", password, uc.dwPasswordLength);
  printf("\n ");
  hex("path", path, uc.dwUrlPathLength);
  hex("extra", extra, uc.dwExtraInfoLength);
  printf("\n");
}

static void crack_a_pointers(void) {
  URL_COMPONENTSA uc;
  memset(&uc, 0, sizeof uc);
  uc.dwStructSize = sizeof uc;
  uc.dwHostNameLength = uc.dwUrlPathLength = uc.dwExtraInfoLength = 1;
  BOOL ok = InternetCrackUrlA(kUrl, 0, 0, &uc);
  printf("InternetCrackUrlA, parts pointed at: %d host at %d length %lu, path at %d length %lu, extra at %d length %lu\n", ok,
         (int)(uc.lpszHostName - kUrl), uc.dwHostNameLength, (int)(uc.lpszUrlPath - kUrl), uc.dwUrlPathLength,
         (int)(uc.lpszExtraInfo - kUrl), uc.dwExtraInfoLength);
}

static void crack_w(void) {
  WCHAR url[128], host[64], path[128], extra[64];
  MultiByteToWideChar(1252, 0, kUrl, -1, url, 128);
  URL_COMPONENTSW uc;
  memset(&uc, 0, sizeof uc);
  uc.dwStructSize = sizeof uc;
  uc.lpszHostName = host, uc.dwHostNameLength = 64;
  uc.lpszUrlPath = path, uc.dwUrlPathLength = 128;
  uc.lpszExtraInfo = extra, uc.dwExtraInfoLength = 64;
  BOOL ok = InternetCrackUrlW(url, 0, ICU_DECODE, &uc);
  printf("InternetCrackUrlW (decoded): %d\n ", ok);
  if (ok) {
    units("host", host, uc.dwHostNameLength);
    units("path", path, uc.dwUrlPathLength);
    units("extra", extra, uc.dwExtraInfoLength);
  }
  printf("\n");
}

static void create_a(DWORD flags, DWORD room) {
  URL_COMPONENTSA uc;
  memset(&uc, 0, sizeof uc);
  uc.dwStructSize = sizeof uc;
  uc.lpszScheme = (LPSTR) "http";
  uc.nScheme = INTERNET_SCHEME_HTTP;
  uc.lpszHostName = (LPSTR) "caf\xe9.example";
  uc.nPort = 80;
  uc.lpszUserName = (LPSTR) "\xfc";
  uc.lpszUrlPath = (LPSTR) "/\x80 caf\xe9";
  uc.lpszExtraInfo = (LPSTR) "?\xdf";
  char out[128];
  memset(out, '#', sizeof out);
  DWORD len = room;
  SetLastError(0xdeadbeef);
  BOOL ok = InternetCreateUrlA(&uc, flags, out, &len);
  printf("InternetCreateUrlA%s into %lu: %d", flags & ICU_ESCAPE ? " (escaped)" : "", room, ok);
  if (ok) hex("url", out, len + 1);
  else printf(" error %lu length %lu", GetLastError(), len);
  printf("\n");
}

static void create_w(void) {
  URL_COMPONENTSW uc;
  memset(&uc, 0, sizeof uc);
  uc.dwStructSize = sizeof uc;
  uc.lpszScheme = (LPWSTR)L"http";
  uc.nScheme = INTERNET_SCHEME_HTTP;
  uc.lpszHostName = (LPWSTR)L"caf\u00e9.example";
  uc.nPort = 80;
  uc.lpszUrlPath = (LPWSTR)L"/\u20ac";
  WCHAR out[128];
  DWORD len = 128;
  BOOL ok = InternetCreateUrlW(&uc, 0, out, &len);
  printf("InternetCreateUrlW: %d", ok);
  if (ok) units("url", out, len);
  printf("\n");
}

int main(void) {
  crack_a(0, 128);
  crack_a(ICU_DECODE, 128);
  crack_a(0, 8);
  crack_a(0, 9);
  crack_a_pointers();
  crack_w();
  create_a(0, 128);
  create_a(0, 10);
  create_w();
  return 0;
}
