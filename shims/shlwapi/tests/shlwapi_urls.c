// SHLWAPI's URL functions after the parsing ones (shlwapi_paths), in both widths: UrlEscape with
// its flags over http:, file:, mailto:, ftp: and scheme-less text, UrlCreateFromPath,
// UrlGetPart (each part, with URL_PARTFLAG_KEEPSCHEME, and the small-buffer answer),
// UrlGetLocation, UrlCompare, UrlIsOpaque and UrlApplyScheme.
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
static int sign(int v) { return v < 0 ? -1 : v > 0 ? 1 : 0; }

static void escapes(void) {
  static const char* const urls[] = {
      "http://www.example.com/a b/c<d>?q=a b#frag ment", "http://host\\dir\\file name.htm", "http:relative path/x",
      "file://C:\\dir\\a b#c.txt", "file:///C:/x y", "file:C:\\x y", "file://localhost/C:/x y", "file:////server/share/x y",
      "mailto:someone@example.com?subject=hi there#x", "ftp://ftp.example.com/a b/%41", "ftp:a/b c",
      "no scheme here/a b?c d", "http://x/100%done&more{}|^[]`", "abc:def/ghi jkl"};
  static const DWORD flags[] = {0, URL_ESCAPE_SPACES_ONLY, URL_ESCAPE_SEGMENT_ONLY, URL_ESCAPE_PERCENT, URL_DONT_ESCAPE_EXTRA_INFO,
                                URL_ESCAPE_SPACES_ONLY | URL_DONT_ESCAPE_EXTRA_INFO};
  for (int i = 0; i < 14; ++i) {
    printf("escape [%s]\n", urls[i]);
    for (int j = 0; j < 6; ++j) {
      char a[256];
      WCHAR w[256], uw[256];
      DWORD la = 256, lw = 256;
      a2w(urls[i], uw, 256);
      HRESULT ha = F(UrlEscapeA)(urls[i], a, &la, flags[j]);
      HRESULT hw = F(UrlEscapeW)(uw, w, &lw, flags[j]);
      char back[256];
      w2a(w, back, 256);
      printf("  %#lx: %#lx %lu [%s] %#lx %lu%s\n", flags[j], (unsigned long)ha, la, a, (unsigned long)hw, lw,
             strcmp(a, back) ? " differs" : "");
    }
  }
  char a[8];
  DWORD len = 8;
  HRESULT hr = F(UrlEscapeA)("http://a/b c d e", a, &len, 0);
  printf("escape small %#lx %lu", (unsigned long)hr, len);
  len = 0;
  printf(" zero %#lx", (unsigned long)F(UrlEscapeA)("x", a, &len, 0));
  WCHAR w[64];
  DWORD lw = 64;
  hr = F(UrlEscapeW)(L"http://a/\x00e9t\x00e9 \x20ac", w, &lw, URL_ESCAPE_AS_UTF8);
  char back[64];
  w2a(w, back, 64);
  printf(" utf8 %#lx [%s]", (unsigned long)hr, back);
  lw = 64;
  hr = F(UrlEscapeW)(L"http://a/\x00e9t\x00e9 \x20ac", w, &lw, 0);
  w2a(w, back, 64);
  printf(" latin %#lx [%s]\n", (unsigned long)hr, back);
}

static void from_paths(void) {
  static const char* const paths[] = {"C:\\dir\\a b.txt", "C:\\100%\\x#y", "\\\\server\\share\\f", "relative\\f g",
                                      "http://already.example/x", "C:", "\\rooted\\x"};
  for (int i = 0; i < 7; ++i) {
    char a[256];
    WCHAR w[256], pw[256];
    DWORD la = 256, lw = 256;
    a2w(paths[i], pw, 256);
    HRESULT ha = F(UrlCreateFromPathA)(paths[i], a, &la, 0);
    HRESULT hw = F(UrlCreateFromPathW)(pw, w, &lw, 0);
    char back[256];
    w2a(w, back, 256);
    printf("from path [%s] %#lx %lu [%s] %#lx %lu [%s]\n", paths[i], (unsigned long)ha, la, a, (unsigned long)hw, lw, back);
  }
  char a[8];
  DWORD la = 8;
  HRESULT hr = F(UrlCreateFromPathA)("C:\\long\\path", a, &la, 0);
  printf("from path small %#lx %lu reserved %#lx\n", (unsigned long)hr, la, (unsigned long)F(UrlCreateFromPathA)("C:\\x", a, &la, 1));
}

static void parts(void) {
  static const char* const urls[] = {"http://user:pass@www.Example.com:8080/dir/file.htm?q=1&r=2#frag",
                                     "HTTPS://host.example/path", "ftp://anon@ftp.example.org/pub", "file://server/share/x?y",
                                     "file:///C:/x/y", "mailto:a@b.c?subject=x", "http:no-slashes", "news://srv/group",
                                     "nonsense", "res://x.dll/y", "http://h:/p"};
  for (int i = 0; i < 11; ++i) {
    printf("parts [%s]", urls[i]);
    WCHAR uw[128];
    a2w(urls[i], uw, 128);
    for (DWORD part = URL_PART_SCHEME; part <= URL_PART_QUERY; ++part) {
      char a[128];
      WCHAR w[128];
      DWORD la = 128, lw = 128;
      HRESULT ha = F(UrlGetPartA)(urls[i], a, &la, part, 0);
      HRESULT hw = F(UrlGetPartW)(uw, w, &lw, part, 0);
      char back[128];
      w2a(w, back, 128);
      if (ha == S_OK)
        printf(" %lu:[%s]%lu%s", part, a, la, hw != S_OK || strcmp(a, back) ? "!" : "");
      else
        printf(" %lu:%#lx%s", part, (unsigned long)ha, hw != ha ? "!" : "");
    }
    char a[128];
    DWORD la = 128;
    HRESULT hr = F(UrlGetPartA)(urls[i], a, &la, URL_PART_HOSTNAME, URL_PARTFLAG_KEEPSCHEME);
    printf(" keep %#lx [%s]\n", (unsigned long)hr, hr == S_OK ? a : "");
  }
  char a[4];
  DWORD la = 4;
  HRESULT hr = F(UrlGetPartA)(urls[0], a, &la, URL_PART_HOSTNAME, 0);
  printf("part small %#lx %lu bad part %#lx\n", (unsigned long)hr, la, (unsigned long)F(UrlGetPartA)(urls[0], a, &la, 9, 0));

  static const char* const locs[] = {"http://x/y#frag", "http://x/y", "file:///x#y", "nourl#x", "mailto:a#b", "http://x/#"};
  printf("location");
  for (int i = 0; i < 6; ++i) {
    WCHAR w[64];
    a2w(locs[i], w, 64);
    const char* la2 = F(UrlGetLocationA)(locs[i]);
    const WCHAR* lw = F(UrlGetLocationW)(w);
    printf(" %d/%d", la2 ? (int)(la2 - locs[i]) : -1, lw ? (int)(lw - w) : -1);
  }
  printf("\n");
}

static void compares(void) {
  static const char* const pairs[][2] = {{"http://a/b", "http://a/b"}, {"http://a/b/", "http://a/b"},
                                         {"http://a/b", "http://a/c"}, {"http://a/bc", "http://a/b/"}, {"HTTP://a", "http://a"}};
  for (int i = 0; i < 5; ++i) {
    WCHAR x[64], y[64];
    a2w(pairs[i][0], x, 64);
    a2w(pairs[i][1], y, 64);
    printf("compare [%s] [%s] %d %d %d %d\n", pairs[i][0], pairs[i][1], sign(F(UrlCompareA)(pairs[i][0], pairs[i][1], FALSE)),
           sign(F(UrlCompareA)(pairs[i][0], pairs[i][1], TRUE)), sign(F(UrlCompareW)(x, y, FALSE)), sign(F(UrlCompareW)(x, y, TRUE)));
  }
  static const char* const opaque[] = {"mailto:a@b", "javascript:x()", "http://x", "about:blank", "shell:x", "nothing", "file:///x"};
  printf("opaque");
  for (int i = 0; i < 7; ++i) {
    WCHAR w[64];
    a2w(opaque[i], w, 64);
    printf(" %d%d", F(UrlIsOpaqueA)(opaque[i]), F(UrlIsOpaqueW)(w));
  }
  printf("\n");
}

static void schemes(void) {
  static const char* const urls[] = {"www.example.com", "ftp.example.com", "example.com", "C:\\dir\\x", "\\\\srv\\share",
                                     "http://x.y", "mailto:a@b", "home.x", "gopher.x"};
  static const DWORD flags[] = {URL_APPLY_GUESSSCHEME, URL_APPLY_GUESSFILE, URL_APPLY_DEFAULT,
                                URL_APPLY_DEFAULT | URL_APPLY_FORCEAPPLY,
                                URL_APPLY_GUESSSCHEME | URL_APPLY_GUESSFILE | URL_APPLY_DEFAULT};
  for (int i = 0; i < 9; ++i) {
    printf("apply [%s]", urls[i]);
    WCHAR uw[128];
    a2w(urls[i], uw, 128);
    for (int j = 0; j < 5; ++j) {
      char a[128] = "";
      WCHAR w[128] = L"";
      DWORD la = 128, lw = 128;
      HRESULT ha = F(UrlApplySchemeA)(urls[i], a, &la, flags[j]);
      HRESULT hw = F(UrlApplySchemeW)(uw, w, &lw, flags[j]);
      char back[128];
      w2a(w, back, 128);
      printf(" %lu:%#lx", flags[j], (unsigned long)ha);
      if (ha == S_OK) printf("[%s]%lu", a, la);
      if (hw != ha || (ha == S_OK && strcmp(a, back))) printf("!");
    }
    printf("\n");
  }
  char a[4];
  DWORD la = 4;
  HRESULT hr = F(UrlApplySchemeA)("www.x.y", a, &la, URL_APPLY_GUESSSCHEME);
  printf("apply small %#lx %lu\n", (unsigned long)hr, la);
}

int main(void) {
  dll = LoadLibraryA("shlwapi.dll");
  escapes();
  from_paths();
  parts();
  compares();
  schemes();
  return 0;
}
