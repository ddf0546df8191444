// SHLWAPI's URLs made canonical and combined, in both widths: UrlCanonicalize over http:, file:,
// res:, mk: and scheme-less URLs with each of its flags (simplifying "." and "..", a path made a
// file: URL, URL_FILE_USE_PATHURL, URL_WININET_COMPATIBILITY, URL_DONT_SIMPLIFY, escaping and
// unescaping), UrlCombine of relative URLs against bases of each kind, their small-buffer and
// bad-argument answers, HashData and UrlHash, and UrlFixupW.
// Each function is found by name in SHLWAPI.dll.
#define _WIN32_WINNT 0x0A00
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <shlwapi.h>

static HMODULE dll;
static FARPROC proc(const char* name) {
  FARPROC f = GetProcAddress(dll, name);
  if (!f) {
    printf("missing %s\n", name);
    ExitProcess(1);
  }
  return f;
}
#define F(n) ((__typeof__(&n))proc(#n))

static void w2a(const WCHAR* w, char* a, int n) { WideCharToMultiByte(CP_UTF8, 0, w, -1, a, n, NULL, NULL); }
static void a2w(const char* a, WCHAR* w, int n) { MultiByteToWideChar(CP_UTF8, 0, a, -1, w, n); }

// Control characters shown as \xNN.
static const char* shown(const char* s) {
  static char out[4][1024];
  static int which;
  char* o = out[which++ & 3];
  int n = 0;
  for (; *s && n < 1000; ++s) {
    if ((unsigned char)*s < 0x20) n += sprintf(o + n, "\\x%02x", (unsigned char)*s);
    else o[n++] = *s;
  }
  o[n] = 0;
  return o;
}

static const DWORD kFlags[] = {0,
                               URL_DONT_SIMPLIFY,
                               URL_UNESCAPE,
                               URL_FILE_USE_PATHURL,
                               URL_WININET_COMPATIBILITY,
                               URL_ESCAPE_UNSAFE,
                               URL_ESCAPE_SPACES_ONLY | URL_DONT_ESCAPE_EXTRA_INFO,
                               URL_ESCAPE_PERCENT,
                               URL_WININET_COMPATIBILITY | URL_ESCAPE_SPACES_ONLY | URL_ESCAPE_UNSAFE};
#define NFLAGS (sizeof(kFlags) / sizeof(kFlags[0]))

static void canonicalize(int n, const char* url) {
  printf("canonicalize %d [%s]\n", n, shown(url));
  for (unsigned j = 0; j < NFLAGS; ++j) {
    char a[1024];
    WCHAR w[1024], uw[1024];
    DWORD la = 1024, lw = 1024;
    a2w(url, uw, 1024);
    HRESULT ha = F(UrlCanonicalizeA)(url, a, &la, kFlags[j]);
    HRESULT hw = F(UrlCanonicalizeW)(uw, w, &lw, kFlags[j]);
    char wa[1024];
    w2a(w, wa, 1024);
    if (ha == hw && la == lw && (ha != S_OK || !strcmp(a, wa)))
      printf("  %d %08lx: %08lx %lu <%s>\n", n, kFlags[j], ha, la, ha == S_OK ? shown(a) : "");
    else
      printf("  %d %08lx: A %08lx %lu <%s> W %08lx %lu <%s>\n", n, kFlags[j], ha, la, ha == S_OK ? shown(a) : "", hw, lw,
             hw == S_OK ? shown(wa) : "");
  }
}

static void combine(const char* base, const char* relative, DWORD flags) {
  char a[1024];
  WCHAR w[1024], bw[1024], rw[1024];
  DWORD la = 1024, lw = 1024;
  a2w(base, bw, 1024);
  a2w(relative, rw, 1024);
  HRESULT ha = F(UrlCombineA)(base, relative, a, &la, flags);
  HRESULT hw = F(UrlCombineW)(bw, rw, w, &lw, flags);
  char wa[1024];
  w2a(w, wa, 1024);
  printf("combine [%s] [%s] %08lx: ", base, relative, flags);
  if (ha == hw && la == lw && (ha != S_OK || !strcmp(a, wa)))
    printf("%08lx %lu <%s>\n", ha, la, ha == S_OK ? a : "");
  else
    printf("A %08lx %lu <%s> W %08lx %lu <%s>\n", ha, la, ha == S_OK ? a : "", hw, lw, hw == S_OK ? wa : "");
}

int main(void) {
  dll = LoadLibraryA("shlwapi.dll");
  static const char* const urls[] = {
      "",
      "http://www.example.org/tests/../tests/../..",
      "http://www.example.org/..",
      "http://www.example.org/a/b/../../c",
      "http://www.example.org/a/./b/./c/",
      "http://www.example.org/tests/..?query=x&return=y",
      "http://www.example.org/tests/../#frag",
      "http://www.example.org/tests\\..\\x\\y",
      "http://www.example.org\\tests/../#frag",
      "\tht\ttp\t://www\t.ex\tample\t.org/\ttests/..\t?\tq=x\t",
      "http://www.example.org/tests\n",
      "http://www.example.org/tests\r ",
      "http://www.example.org/foo bar?a b#c d",
      "http://www.example.org/foo%20bar%2fbaz",
      "http://www.example.org",
      "http://user:pw@host.example.org:8080",
      "http:///www.example.org",
      "http:////www.example.org",
      "http:www.example.org/dir/../index.html",
      "HTTP://WWW.EXAMPLE.ORG/A/../B",
      "https://example.org/a/b/../c",
      "ftp://ftp.example.org/pub/../x y",
      "file:///c:/tests/foo%20bar",
      "file:///c:/tests\\foo%20bar",
      "file://localhost/c:/tests/../tests/foo%20bar",
      "file://localhost\\c:\\tests/../tests/foo%20bar",
      "file://c:/tests/../tests/foo%20bar",
      "file:///c://tests/foo%20bar",
      "file:///c:\\tests\\foo bar",
      "file://home/user/file",
      "file:///home/user/file",
      "file:////home/user/file",
      "file://///home/user/file",
      "file://C:/user/file/../asdf",
      "file:////C:/user/file",
      "file:@MSITStore:C:\\Program Files/Help\\x.chm::/page.htm",
      "c:\\dir\\file",
      "c:dir\\file",
      "c:\\tests\\foo bar",
      "c:\\tests\\..\\x\\.\\y",
      "c\t:\t\\te\tsts\\fo\to \tbar\t",
      "\\\\server\\share\\dir\\..\\file",
      "res://file",
      "res:///c:/tests/foo%20bar",
      "res://c:/tests\\../tests/foo%20bar",
      "res://c:\\tests/res\\foo%20bar/strange\\sth",
      "mk:@MSITStore:C:\\Program Files/Help\\x.chm::/dir/../page.htm",
      "/A/../B/./C/../../test_remove_dot_segments",
      "/A/B\\C/D\\E",
      "///A/../B",
      "A",
      "../A",
      "A/../B",
      "/uri-res/N2R?urn:sha1:B3K",
      "mailto:someone@example.org?subject=a b",
      "about:blank",
      "javascript:alert('x y')",
      "news:comp.lang.c",
      "http://www.example.org/%E6%A1%9C.html",
  };
  for (unsigned i = 0; i < sizeof(urls) / sizeof(urls[0]); ++i) canonicalize((int)i, urls[i]);

  // Small buffers and bad arguments.
  {
    char a[8];
    WCHAR w[8];
    DWORD l = 8;
    HRESULT hr = F(UrlCanonicalizeA)("http://www.example.org/abc", a, &l, 0);
    printf("small A: %08lx %lu\n", hr, l);
    l = 8;
    hr = F(UrlCanonicalizeW)(L"http://www.example.org/abc", w, &l, 0);
    printf("small W: %08lx %lu\n", hr, l);
    l = 26;
    hr = F(UrlCanonicalizeA)("http://www.example.org/abc", a, &l, 0);
    printf("exact-1 A: %08lx %lu\n", hr, l);
    l = 0;
    hr = F(UrlCanonicalizeA)("http://x/", a, &l, 0);
    printf("zero A: %08lx %lu\n", hr, l);
    l = 8;
    printf("null url: %08lx\n", F(UrlCanonicalizeA)(NULL, a, &l, 0));
    printf("null out: %08lx\n", F(UrlCanonicalizeW)(L"http://x/", NULL, &l, 0));
    printf("null len: %08lx\n", F(UrlCanonicalizeW)(L"http://x/", w, NULL, 0));
  }

  static const struct {
    const char *base, *relative;
    DWORD flags;
  } pairs[] = {
      {"http://www.example.org/tests", "tests1", 0},
      {"http://www.%77xample.org/tests", "tests1", 0},
      {"http://www.example.org/tests/", "../tests3", 0},
      {"http://www.example.org/tests/test1", "test2", 0},
      {"http://www.example.org/tests/../tests", "tests4", 0},
      {"http://www.example.org/tests/../tests/", "/tests6/..", 0},
      {"http://www.example.org/tests/../tests/..", "tests7/..", 0},
      {"http://www.example.org/tests/?query=x&return=y", "tests8", 0},
      {"http://www.example.org/tests/#example", "tests9", 0},
      {"http://www.example.org/tests/../tests/", "/tests10/..", URL_DONT_SIMPLIFY},
      {"http://www.example.org/tests/../", "tests11", URL_DONT_SIMPLIFY},
      {"http://www.example.org/test12", "#", 0},
      {"http://www.example.org/test13#aaa", "#bbb", 0},
      {"http://www.example.org/test14#aaa/bbb#ccc", "#", 0},
      {"http://www.example.org/tests/?query=x/y/z#example", "tests16", 0},
      {"http://www.example.org/a/b/c", "//other.example.org/x", 0},
      {"http://www.example.org/a/b/c", "?q=1", 0},
      {"http://www.example.org", "x", 0},
      {"http://www.example.org/a/b", "", 0},
      {"file:///C:\\dir\\file.txt", "test.txt", 0},
      {"file:///C:\\dir\\file.txt#hash\\hash", "test.txt", 0},
      {"file:///C:\\dir\\file.html#hash\\hash", "test.html", 0},
      {"file:///C:\\dir\\file.hTmL#hash\\hash", "test.hTmL", 0},
      {"C:\\dir\\file.txt", "C:\\Test\\test.txt", 0},
      {"C:\\dir\\file.txt", "sub\\x.txt", 0},
      {"http://www.example.org/test/", "test%20file.txt", 0},
      {"http://www.example.org/test/", "test%20file.txt", URL_FILE_USE_PATHURL},
      {"xxx:@MSITStore:file.chm/file.html", "dir/file", 0},
      {"mk:@MSITStore:file.chm::/file.html", "/dir/file", 0},
      {"mk:@MSITStore:file.chm::/file.html", "mk:@MSITStore:file.chm::/dir/file", 0},
      {"mk:@MSITStore:dir/test.chm::dir/dir2/index.html", "../image.jpg", 0},
      {"foo:today", "foo:calendar", 0},
      {"foo:today", "bar:calendar", 0},
      {"foo:/today", "foo:calendar", 0},
      {"Foo:/today/", "fOo:calendar", 0},
      {"outbind://xxxxxxxxx", "http://wine1/dir", 0},
      {"ftp://xxxxxxxxx/", "http://wine3/dir", URL_PLUGGABLE_PROTOCOL},
      {"http://xxxxxxxxx", "outbind:wine13/dir", 0},
      {"ftp://xxxxxxxxx/", "xXx:wine19/dir", URL_PLUGGABLE_PROTOCOL},
      {"http://host/dir/", ":relative", 0},
      {"http://host/dir/", ":relative", URL_PLUGGABLE_PROTOCOL},
      {"http://host/dir/file", "/root", URL_PLUGGABLE_PROTOCOL},
      {"no scheme", "relative/x", 0},
      {"file:///c:/dir/file.txt", "index.html?test=c:/abc", URL_ESCAPE_SPACES_ONLY | URL_DONT_ESCAPE_EXTRA_INFO},
      {"http://www.example.org/a b/", "c d", 0},
      {"http://www.example.org/a b/", "c d", URL_ESCAPE_UNSAFE},
  };
  for (unsigned i = 0; i < sizeof(pairs) / sizeof(pairs[0]); ++i) combine(pairs[i].base, pairs[i].relative, pairs[i].flags);
  {
    char a[8];
    DWORD l = 8;
    HRESULT hr = F(UrlCombineA)("http://www.example.org/", "abc", a, &l, 0);
    printf("combine small: %08lx %lu\n", hr, l);
    l = 0;
    hr = F(UrlCombineA)("http://www.example.org/", "abc", NULL, &l, 0);
    printf("combine null out, zero: %08lx %lu\n", hr, l);
    l = 100;
    hr = F(UrlCombineW)(L"http://www.example.org/", L"abc", NULL, &l, 0);
    printf("combine null out: %08lx %lu\n", hr, l);
    printf("combine null base: %08lx\n", F(UrlCombineA)(NULL, "x", a, &l, 0));
    printf("combine null length: %08lx\n", F(UrlCombineA)("http://x/", "x", a, NULL, 0));
  }

  // HashData and UrlHash.
  {
    static const char* const data[] = {"", "a", "http://www.example.org/", "The quick brown fox jumps over the lazy dog"};
    for (int i = 0; i < 4; ++i) {
      unsigned char h[20];
      memset(h, 0xcc, sizeof(h));
      HRESULT hr = F(HashData)((BYTE*)data[i], (DWORD)strlen(data[i]), h, 20);
      printf("HashData [%s] %08lx:", data[i], hr);
      for (int j = 0; j < 20; ++j) printf(" %02x", h[j]);
      printf("\n");
      unsigned char u[4] = {0}, uw[4] = {0};
      WCHAR w[128];
      a2w(data[i], w, 128);
      HRESULT ha = F(UrlHashA)(data[i], u, 4);
      HRESULT hw = F(UrlHashW)(w, uw, 4);
      printf("UrlHash %08lx %02x%02x%02x%02x / %08lx %02x%02x%02x%02x\n", ha, u[0], u[1], u[2], u[3], hw, uw[0], uw[1], uw[2],
             uw[3]);
    }
    unsigned char h[2];
    printf("HashData null: %08lx %08lx\n", F(HashData)(NULL, 1, h, 2), F(HashData)((BYTE*)"x", 1, NULL, 2));
    printf("UrlHash null: %08lx\n", F(UrlHashA)(NULL, h, 2));
  }

  // UrlFixupW: a known scheme is kept.
  {
    static const WCHAR* const fix[] = {L"http://www.example.org", L"https://example.org/x", L"ftp://ftp.example.org",
                                       L"file:///c:/x", L"mailto:someone@example.org"};
    for (int i = 0; i < 5; ++i) {
      WCHAR out[256];
      char a[256];
      HRESULT hr = F(UrlFixupW)(fix[i], out, 256);
      w2a(out, a, 256);
      printf("UrlFixupW %08lx <%s>\n", hr, a);
    }
  }

  // UrlFixupW: the misspelt schemes Microsoft's UrlFixupW page names ("htttp" becomes "http", and
  // "htp" "http", not "ftp": the first letter counts first).
  {
    static const WCHAR* const fix[] = {L"htttp://www.example.org", L"htp://www.example.org"};
    for (int i = 0; i < 2; ++i) {
      WCHAR out[256];
      char a[256];
      HRESULT hr = F(UrlFixupW)(fix[i], out, 256);
      w2a(out, a, 256);
      printf("UrlFixupW misspelt %08lx <%s>\n", hr, a);
    }
  }

  return 0;
}
