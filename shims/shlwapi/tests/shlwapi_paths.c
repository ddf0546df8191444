// SHLWAPI's path functions (ANSI and wide) over drive, relative, rooted, UNC and quoted paths:
// the parts they find, what they change in place, PathCanonicalize and PathCombine's older rules,
// common prefixes; PathFileExists and PathIsDirectory on a directory and a file made here; and the
// URL functions (ParseURL, UrlIs, PathIsURL, UrlUnescape, PathCreateFromUrl), AssocQueryString.
// Links: -lshlwapi
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <shlwapi.h>

static const char* const paths[] = {
    "C:\\dir\\file.txt", "C:\\dir\\", "C:\\", "C:", "C:file", "\\", "\\dir\\sub", "dir\\file.tar.gz",
    "file", "\\\\server", "\\\\server\\share", "\\\\server\\share\\dir\\f.x", "\"C:\\with space\\a b.exe\" -x y",
    "C:\\with space\\a b.exe", "  padded  ", ".\\a\\..\\b", "C:\\a\\.\\b\\..\\..\\c", "C:\\..\\x", "a.b\\c",
    "C:\\dir.ext\\noext", "C:\\x\\\\", "", "\\\\?\\C:\\long\\p",
};
#define COUNT (sizeof paths / sizeof paths[0])

static void both_find(const char* p) {
  WCHAR w[MAX_PATH];
  MultiByteToWideChar(CP_UTF8, 0, p, -1, w, MAX_PATH);
  printf("[%s] name %d/%d ext %d/%d args %d/%d rel %d%d unc %d%d server %d%d share %d%d spec %d%d root %d%d lfn %d drive %d%d",
         p, (int)(PathFindFileNameA(p) - p), (int)(PathFindFileNameW(w) - w), (int)(PathFindExtensionA(p) - p),
         (int)(PathFindExtensionW(w) - w), (int)(PathGetArgsA(p) - p), (int)(PathGetArgsW(w) - w), PathIsRelativeA(p),
         PathIsRelativeW(w), PathIsUNCA(p), PathIsUNCW(w), PathIsUNCServerA(p), PathIsUNCServerW(w),
         PathIsUNCServerShareA(p), PathIsUNCServerShareW(w), PathIsFileSpecA(p), PathIsFileSpecW(w), PathIsRootA(p),
         PathIsRootW(w), PathIsLFNFileSpecW(w), PathGetDriveNumberA(p), PathGetDriveNumberW(w));
  const char* skip = PathSkipRootA(p);
  const WCHAR* skipw = PathSkipRootW(w);
  printf(" skip %d/%d\n", skip ? (int)(skip - p) : -1, skipw ? (int)(skipw - w) : -1);
}

// mingw-w64's shlwapi.h declares PathQuoteSpaces void; Windows' returns BOOL.
typedef BOOL(WINAPI* quote_a)(char*);
static void show_change(const char* what, const char* p, int result, const char* after) {
  printf("  %s: %d [%s]\n", what, result, after);
}

int main(void) {
  char buf[MAX_PATH];
  WCHAR w[MAX_PATH];
  for (size_t i = 0; i < COUNT; ++i) {
    const char* p = paths[i];
    both_find(p);
    strcpy(buf, p);
    show_change("RemoveFileSpecA", p, PathRemoveFileSpecA(buf), buf);
    MultiByteToWideChar(CP_UTF8, 0, p, -1, w, MAX_PATH);
    BOOL r = PathRemoveFileSpecW(w);
    printf("  RemoveFileSpecW: %d [%ls]\n", r, w);
    strcpy(buf, p);
    show_change("StripToRootA", p, PathStripToRootA(buf), buf);
    MultiByteToWideChar(CP_UTF8, 0, p, -1, w, MAX_PATH);
    r = PathStripToRootW(w);
    printf("  StripToRootW: %d [%ls]\n", r, w);
    strcpy(buf, p);
    char* end = PathAddBackslashA(buf);
    printf("  AddBackslashA: %d [%s]\n", end ? (int)(end - buf) : -1, buf);
    strcpy(buf, p);
    end = PathRemoveBackslashA(buf);
    printf("  RemoveBackslashA: %d [%s]\n", end ? (int)(end - buf) : -1, buf);
    strcpy(buf, p);
    show_change("AddExtensionA .bak", p, PathAddExtensionA(buf, ".bak"), buf);
    strcpy(buf, p);
    PathRemoveExtensionA(buf);
    printf("  RemoveExtensionA: [%s]\n", buf);
    strcpy(buf, p);
    show_change("RenameExtensionA .new", p, PathRenameExtensionA(buf, ".new"), buf);
    strcpy(buf, p);
    PathRemoveBlanksA(buf);
    printf("  RemoveBlanksA: [%s]\n", buf);
    strcpy(buf, p);
    PathUnquoteSpacesA(buf);
    printf("  UnquoteSpacesA: [%s]\n", buf);
    strcpy(buf, p);
    show_change("QuoteSpacesA", p, ((quote_a)PathQuoteSpacesA)(buf) != 0, buf);
    strcpy(buf, p);
    PathStripPathA(buf);
    printf("  StripPathA: [%s]\n", buf);
    strcpy(buf, p);
    PathRemoveArgsA(buf);
    printf("  RemoveArgsA: [%s]\n", buf);
    r = PathCanonicalizeA(buf, p);
    printf("  CanonicalizeA: %d [%s]\n", r, buf);
    MultiByteToWideChar(CP_UTF8, 0, p, -1, w, MAX_PATH);
    WCHAR cw[MAX_PATH];
    r = PathCanonicalizeW(cw, w);
    printf("  CanonicalizeW: %d [%ls]\n", r, cw);
    char* c = PathCombineA(buf, "C:\\base\\dir", p);
    printf("  CombineA onto C:\\base\\dir: %s [%s]\n", c ? "ok" : "NULL", buf);
    c = PathCombineA(buf, p, "more\\..\\file");
    printf("  CombineA with more\\..\\file: %s [%s]\n", c ? "ok" : "NULL", buf);
    strcpy(buf, p);
    show_change("AppendA \\\\x", p, PathAppendA(buf, "\\x"), buf);
    int n = PathCommonPrefixA(p, "C:\\dir\\other", buf);
    printf("  CommonPrefixA with C:\\dir\\other: %d [%s] prefix %d\n", n, buf, PathIsPrefixA("C:\\dir", p));
  }
  printf("CombineA(NULL, NULL): %s\n", PathCombineA(buf, NULL, NULL) ? "ok" : "NULL");
  char long_dir[300];
  memset(long_dir, 'a', 250);
  long_dir[0] = 'C', long_dir[1] = ':', long_dir[2] = '\\', long_dir[250] = 0;
  printf("CombineA too long: %s [%s]\n", PathCombineA(buf, long_dir, "0123456789") ? "ok" : "NULL", buf);
  SetLastError(0);
  printf("CanonicalizeA(NULL): %d error %lu\n", PathCanonicalizeA(buf, NULL), GetLastError());

  // The file system: a directory and a file of this process's own.
  char dir[MAX_PATH], file[MAX_PATH];
  GetTempPathA(sizeof dir, dir);
  snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "polyrun-shlwapi-%lu", GetCurrentProcessId());
  CreateDirectoryA(dir, NULL);
  snprintf(file, sizeof file, "%s\\f.txt", dir);
  HANDLE h = CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(h);
  printf("exists: dir %d file %d missing %d; directory: dir %d file %d missing %d\n", PathFileExistsA(dir),
         PathFileExistsA(file), PathFileExistsA("C:\\surely\\not\\here"), PathIsDirectoryA(dir), PathIsDirectoryA(file),
         PathIsDirectoryA("C:\\surely\\not\\here"));
  MultiByteToWideChar(CP_UTF8, 0, dir, -1, w, MAX_PATH);
  printf("wide: exists %d directory %d\n", PathFileExistsW(w), PathIsDirectoryW(w));
  DeleteFileA(file);
  RemoveDirectoryA(dir);

  // URLs.
  static const WCHAR* const urls[] = {
      L"http://example.com/a?b=c#d", L"file:///C:/dir/a%20b.txt", L"file://C:/dir/x", L"file:C:/x", L"file:/C|/y",
      L"file://localhost/C:/z", L"file://server/share/f", L"file:////server/share/f", L"file://///server/share",
      L"mailto:someone@example.com", L"about:blank", L"x:relative", L"C:\\not\\a\\url", L"custom+scheme-1.0:rest",
      L"javascript:alert(1)", L"dir/", L"", L"file:///C:/percent%2Fslash",
  };
  for (size_t i = 0; i < sizeof urls / sizeof urls[0]; ++i) {
    const WCHAR* u = urls[i];
    PARSEDURLW parsed = {sizeof parsed};
    HRESULT hr = ParseURLW(u, &parsed);
    printf("<%ls> parse %08lx", u, (unsigned long)hr);
    if (hr == S_OK)
      printf(" scheme %d protocol %u suffix %d+%u", parsed.nScheme, parsed.cchProtocol, (int)(parsed.pszSuffix - u),
             parsed.cchSuffix);
    printf(" url %d opaque %d file %d dir %d query %d isurl %d", UrlIsW(u, URLIS_URL), UrlIsW(u, URLIS_OPAQUE),
           UrlIsW(u, URLIS_FILEURL), UrlIsW(u, URLIS_DIRECTORY), UrlIsW(u, URLIS_HASQUERY), PathIsURLW(u));
    DWORD len = MAX_PATH;
    hr = PathCreateFromUrlW(u, w, &len, 0);
    printf(" path %08lx", (unsigned long)hr);
    if (hr == S_OK) printf(" %lu [%ls]", len, w);
    printf("\n");
  }
  char url_a[] = "file:///C:/dir/a%20b%41.txt";
  DWORD len = MAX_PATH;
  HRESULT hr = PathCreateFromUrlA(url_a, buf, &len, 0);
  printf("PathCreateFromUrlA: %08lx %lu [%s]\n", (unsigned long)hr, len, buf);
  len = 4;
  hr = PathCreateFromUrlW(L"file:///C:/dir/file", w, &len, 0);
  printf("PathCreateFromUrlW, small: %08lx %lu\n", (unsigned long)hr, len);
  len = MAX_PATH;
  hr = PathCreateFromUrlW(L"http://x/y", w, &len, 0);
  printf("PathCreateFromUrlW, http: %08lx\n", (unsigned long)hr);
  WCHAR esc[] = L"a%20b%2fc%zz%4?x%20y#z%20";
  len = MAX_PATH;
  hr = UrlUnescapeW(esc, w, &len, 0);
  printf("UrlUnescapeW: %08lx %lu [%ls]\n", (unsigned long)hr, len, w);
  len = MAX_PATH;
  hr = UrlUnescapeW(esc, w, &len, URL_DONT_UNESCAPE_EXTRA_INFO);
  printf("UrlUnescapeW, extra info kept: %08lx %lu [%ls]\n", (unsigned long)hr, len, w);
  len = 3;
  hr = UrlUnescapeW(esc, w, &len, 0);
  printf("UrlUnescapeW, small: %08lx %lu\n", (unsigned long)hr, len);
  char esc_a[] = "x%41y%3f";
  hr = UrlUnescapeA(esc_a, NULL, NULL, URL_UNESCAPE_INPLACE);
  printf("UrlUnescapeA in place: %08lx [%s]\n", (unsigned long)hr, esc_a);
  PARSEDURLA pa = {sizeof pa};
  hr = ParseURLA("https://host/p", &pa);
  printf("ParseURLA: %08lx scheme %d protocol %u\n", (unsigned long)hr, pa.nScheme, pa.cchProtocol);
  pa.cbSize = 3;
  printf("ParseURLA, bad size: %08lx\n", (unsigned long)ParseURLA("https://host/p", &pa));

  DWORD out_len = MAX_PATH;
  hr = AssocQueryStringW(0, ASSOCSTR_EXECUTABLE, L".polyrun-no-such-type", NULL, w, &out_len);
  printf("AssocQueryStringW(unregistered type): %08lx\n", (unsigned long)hr);
  return 0;
}
