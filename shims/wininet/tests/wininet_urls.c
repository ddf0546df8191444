// WININET's URL functions: URLs taken apart (InternetCrackUrlA/W: parts copied into buffers,
// pointed at in the URL, decoded, a buffer too small, URLs that are none) and put together
// (InternetCreateUrlA/W: default and other ports, user and password, escaping, a buffer too small).
// Links: -lwininet
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wininet.h>

static void crack(const char* url, DWORD flags) {
  char scheme[32], host[64], user[32], password[32], path[128], extra[64];
  URL_COMPONENTSA uc;
  memset(&uc, 0, sizeof uc);
  uc.dwStructSize = sizeof uc;
  uc.lpszScheme = scheme, uc.dwSchemeLength = sizeof scheme;
  uc.lpszHostName = host, uc.dwHostNameLength = sizeof host;
  uc.lpszUserName = user, uc.dwUserNameLength = sizeof user;
  uc.lpszPassword = password, uc.dwPasswordLength = sizeof password;
  uc.lpszUrlPath = path, uc.dwUrlPathLength = sizeof path;
  uc.lpszExtraInfo = extra, uc.dwExtraInfoLength = sizeof extra;
  SetLastError(0xdeadbeef);
  BOOL ok = InternetCrackUrlA(url, 0, flags, &uc);
  printf("%s%s: %d", url, flags & ICU_DECODE ? " (decoded)" : "", ok);
  if (!ok) {
    printf(" error %lu\n", GetLastError());
    return;
  }
  printf(" scheme [%s] %d host [%s] port %u user [%s] password [%s] path [%s] extra [%s]\n", scheme, uc.nScheme, host, uc.nPort,
         user, password, path, extra);
}

int main(void) {
  crack("http://www.example.com/index.html", 0);
  crack("https://user:secret@example.org:8443/a/b/c.txt?x=1&y=2#top", 0);
  crack("ftp://ftp.example.net/pub/file.tar.gz", 0);
  crack("http://example.com", 0);
  crack("http://example.com:81/", 0);
  crack("http://example.com/a%20b?q=%41", ICU_DECODE);
  crack("gopher://old.example/1/menu", 0);
  crack("no colon here", 0);

  // Parts pointed at in the URL (no buffers).
  const WCHAR* wurl = L"http://host.example:8080/path/to?query";
  URL_COMPONENTSW wc;
  memset(&wc, 0, sizeof wc);
  wc.dwStructSize = sizeof wc;
  wc.dwSchemeLength = wc.dwHostNameLength = wc.dwUrlPathLength = wc.dwExtraInfoLength = wc.dwUserNameLength = 1;
  BOOL ok = InternetCrackUrlW(wurl, 0, 0, &wc);
  printf("InternetCrackUrlW pointers: %d scheme at %d len %lu host at %d len %lu path at %d len %lu extra at %d len %lu port %u user %s len %lu\n",
         ok, (int)(wc.lpszScheme - wurl), wc.dwSchemeLength, (int)(wc.lpszHostName - wurl), wc.dwHostNameLength,
         (int)(wc.lpszUrlPath - wurl), wc.dwUrlPathLength, (int)(wc.lpszExtraInfo - wurl), wc.dwExtraInfoLength, wc.nPort,
         wc.lpszUserName ? "set" : "NULL", wc.dwUserNameLength);

  // A buffer too small.
  char small[4];
  URL_COMPONENTSA uc;
  memset(&uc, 0, sizeof uc);
  uc.dwStructSize = sizeof uc;
  uc.lpszHostName = small, uc.dwHostNameLength = sizeof small;
  SetLastError(0xdeadbeef);
  ok = InternetCrackUrlA("http://www.example.com/", 0, 0, &uc);
  printf("short host buffer: %d error %lu length %lu\n", ok, GetLastError(), uc.dwHostNameLength);

  // Put together.
  memset(&uc, 0, sizeof uc);
  uc.dwStructSize = sizeof uc;
  uc.lpszScheme = "http";
  uc.lpszHostName = "www.example.com";
  uc.nPort = 80;
  uc.lpszUrlPath = "/docs/index.html";
  uc.lpszExtraInfo = "?lang=en";
  char out[256];
  DWORD len = sizeof out;
  ok = InternetCreateUrlA(&uc, 0, out, &len);
  printf("InternetCreateUrlA: %d [%s] length %lu\n", ok, out, len);
  uc.lpszScheme = "https";
  uc.nPort = 8443;
  uc.lpszUserName = "me";
  uc.lpszPassword = "pw";
  len = sizeof out;
  ok = InternetCreateUrlA(&uc, 0, out, &len);
  printf("InternetCreateUrlA: %d [%s] length %lu\n", ok, out, len);
  len = 5;
  SetLastError(0xdeadbeef);
  ok = InternetCreateUrlA(&uc, 0, out, &len);
  printf("InternetCreateUrlA short: %d error %lu length %lu\n", ok, GetLastError(), len);
  URL_COMPONENTSW cw;
  memset(&cw, 0, sizeof cw);
  cw.dwStructSize = sizeof cw;
  cw.lpszScheme = L"ftp";
  cw.lpszHostName = L"files.example";
  cw.nPort = 21;
  cw.lpszUrlPath = L"/pub/a file.txt";
  WCHAR wout[256];
  len = 256;
  ok = InternetCreateUrlW(&cw, ICU_ESCAPE, wout, &len);
  printf("InternetCreateUrlW escaped: %d [%ls] length %lu\n", ok, wout, len);
  len = 3;
  SetLastError(0xdeadbeef);
  ok = InternetCreateUrlW(&cw, 0, wout, &len);
  printf("InternetCreateUrlW short: %d error %lu length %lu\n", ok, GetLastError(), len);
  return 0;
}
