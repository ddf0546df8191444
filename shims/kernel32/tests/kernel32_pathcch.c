// The pathcch.h functions (api-ms-win-core-path-l1-1-0): canonicalising, combining, appending,
// roots, extensions, backslashes and prefixes, over drive, relative, rooted, UNC and long-path
// ("\\?\") forms, with their flags and their failures (buffers too small, names too long, bad
// arguments). Each line prints the HRESULT and the resulting text.
// Links: -lpathcch
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <pathcch.h>

// The newer PATHCCH_OPTIONS (Microsoft's pathcch.h) that mingw-w64's header lacks.
#ifndef PATHCCH_DO_NOT_NORMALIZE_SEGMENTS
#define PATHCCH_FORCE_ENABLE_LONG_NAME_PROCESS 0x02
#define PATHCCH_FORCE_DISABLE_LONG_NAME_PROCESS 0x04
#define PATHCCH_DO_NOT_NORMALIZE_SEGMENTS 0x08
#define PATHCCH_ENSURE_IS_EXTENDED_LENGTH_PATH 0x10
#define PATHCCH_ENSURE_TRAILING_SLASH 0x20
#endif

static const WCHAR* const paths[] = {
    L"C:\\a\\b\\..\\c\\.\\d",
    L"C:\\..",
    L"C:\\a\\..\\..\\b",
    L"C:",
    L"C:a\\..",
    L"C:a.",
    L"\\",
    L"\\a\\..",
    L"\\a\\.\\b\\",
    L"a\\b\\..\\c",
    L"..\\a",
    L".\\a",
    L"a.b\\c..d\\e.",
    L"*.\\x",
    L"a\\*..\\b",
    L"\\\\server\\share\\dir\\..\\file",
    L"\\\\server\\share\\..\\..",
    L"\\\\server",
    L"\\\\server\\",
    L"\\\\?\\C:\\a\\..\\b",
    L"\\\\?\\C:",
    L"\\\\?\\UNC\\server\\share\\x\\..",
    L"\\\\?\\Volume{01234567-89ab-cdef-0123-456789abcdef}\\x\\..\\y",
    L"\\\\?\\bogus\\x",
    L"C:\\dir\\file.txt",
    L"C:\\dir.d\\file",
    L"file.tar.gz",
    L"C:\\a b.c d",
    L"",
};
#define COUNT (sizeof paths / sizeof paths[0])

// Dots, roots and prefixes in every arrangement: canonicalised (as is and keeping segments),
// combined onto a base, stripped to the file's directory and to the root, and whether a root.
static const WCHAR* const tricky[] = {
    L"C:a", L"\\\\?\\C:", L"\\\\?C:\\a", L"\\\\?UNC\\a", L"\\\\?\\UNCa", L"\\\\?C:a", L"*", L"", L"C:",
    L"C:\\", L"\\\\?\\C:\\a", L"\\\\?\\UNC\\a", L".", L"..", L"...", L"*.", L"*.\\", L"*..", L"*..\\",
    L"*...", L"*...\\", L"*....", L"*....\\", L".a", L".a\\", L"a.", L"a.\\", L".a.", L"a.b", L".a.b.",
    L"a\\.", L"a\\.\\b", L"a\\.b", L"a\\.b\\", L":.", L"::.", L":::.", L"C:.", L"C:.\\", L"C:.\\.", L"C:\\.",
    L"C:\\.\\", L"C:\\a.", L"C:\\a.\\", L"C:\\.a", L"C:\\.a\\", L"C:\\a\\.", L"C:\\a\\\\.", L"C:\\a\\\\\\.",
    L".\\", L"\\.", L"\\\\.", L"\\\\.\\", L"\\\\\\.", L"\\\\.\\\\", L"\\\\\\\\.", L"\\?\\.", L"\\\\?\\.",
    L"\\192.168.1.1\\a", L"\\\\192.168.1.1\\a", L"\\\\?\\C:.", L"\\\\?\\C:\\.", L"\\\\?\\UNC\\.",
    L"\\\\?\\Volume{e51a1864-6f2d-4019-b73d-f4e60e600c26}\\.", L"..a", L"..a\\", L"...a", L"....a", L"a..",
    L"a..\\", L"a...", L"a...\\", L"..a..", L"a..b", L"..a..b..", L"a\\..", L"a\\..\\", L"a\\..\\b", L":..",
    L"::..", L":::..", L"C:..", L"C:...", L"C:..\\", L"C:..\\\\", L"C:...\\", L"C:\\..", L"C:\\..a",
    L"C:\\..a\\", L"C:\\a..", L"C:\\a..\\", L"C:\\\\..", L"C:\\..\\", L"C:\\...\\", L"C:\\a\\..",
    L"C:\\a\\b..", L"C:\\a\\\\..", L"C:\\a\\\\\\..", L"C:\\a\\..\\b", L"C:\\a\\..\\\\b", L"..\\", L"...\\",
    L"\\..", L"\\...", L"\\\\..", L"\\\\\\..", L"\\\\..\\", L"\\\\..\\\\", L"\\\\\\\\..", L"\\?\\..",
    L"\\a\\..", L"\\\\?\\..", L"\\\\a\\..", L"\\a\\..\\b", L"\\a\\b\\..", L"\\?\\UNC\\..", L"\\?\\C:\\..",
    L"\\\\?\\C:..", L"\\\\?\\C:\\..", L"\\\\?\\UNC\\..",
    L"\\\\?\\Volume{e51a1864-6f2d-4019-b73d-f4e60e600c26}..",
    L"\\\\?\\Volume{e51a1864-6f2d-4019-b73d-f4e60e600c26}\\..", L"\\\\?\\UNC\\a\\b\\..", L"C:\\a\\.\\b\\..\\",
    L"\\a\\.\\b\\..\\", L"\\?\\a\\.\\b\\..\\", L"\\\\.\\a\\.\\b\\..\\", L"\\\\?\\a\\.\\b\\..\\", L"\\\\.\\..",
    L"a ", L"C:\\a ", L"C:\\a. ", L"C:a.", L"a\\*..\\b", L"D:\\other", L"\\\\srv\\share", L"\\rooted",
    L"..\\up", L"\\\\srv\\share\\x", L"\\\\srv", L"\\\\srv\\", L"\\\\?\\UNC\\srv\\share\\x", L"C:\\a\\b\\c",
};

static void show(const char* what, const WCHAR* in, HRESULT hr, const WCHAR* out) {
  printf("%s(\"%ls\"): %08lx", what, in, (unsigned long)hr);
  if (out) printf(" \"%ls\"", out);
  printf("\n");
}

int main(void) {
  WCHAR buf[MAX_PATH], *alloc;
  static const ULONG flags[] = {0, PATHCCH_ALLOW_LONG_PATHS, PATHCCH_ENSURE_TRAILING_SLASH, PATHCCH_DO_NOT_NORMALIZE_SEGMENTS,
                                PATHCCH_ENSURE_IS_EXTENDED_LENGTH_PATH};
  for (size_t i = 0; i < COUNT; ++i) {
    for (size_t f = 0; f < sizeof flags / sizeof flags[0]; ++f) {
      alloc = (WCHAR*)1;
      HRESULT hr = PathAllocCanonicalize(paths[i], flags[f], &alloc);
      char what[48];
      snprintf(what, sizeof what, "PathAllocCanonicalize/%lx", flags[f]);
      show(what, paths[i], hr, alloc);
      if (alloc) LocalFree(alloc);
    }
    HRESULT hr = PathCchCanonicalize(buf, MAX_PATH, paths[i]);
    show("PathCchCanonicalize", paths[i], hr, SUCCEEDED(hr) ? buf : NULL);
    hr = PathCchCanonicalizeEx(buf, 4, paths[i], 0);
    show("PathCchCanonicalizeEx/4", paths[i], hr, SUCCEEDED(hr) ? buf : NULL);

    const WCHAR* p = NULL;
    hr = PathCchSkipRoot(paths[i], &p);
    printf("PathCchSkipRoot(\"%ls\"): %08lx %d\n", paths[i], (unsigned long)hr, p ? (int)(p - paths[i]) : -1);
    printf("PathCchIsRoot(\"%ls\"): %d\n", paths[i], PathCchIsRoot(paths[i]));
    const WCHAR* server = NULL;
    BOOL unc = PathIsUNCEx(paths[i], &server);
    printf("PathIsUNCEx(\"%ls\"): %d %d\n", paths[i], unc, server ? (int)(server - paths[i]) : -1);

    wcscpy(buf, paths[i]);
    hr = PathCchStripToRoot(buf, MAX_PATH);
    show("PathCchStripToRoot", paths[i], hr, buf);
    wcscpy(buf, paths[i]);
    hr = PathCchRemoveFileSpec(buf, MAX_PATH);
    show("PathCchRemoveFileSpec", paths[i], hr, buf);
    wcscpy(buf, paths[i]);
    hr = PathCchStripPrefix(buf, MAX_PATH);
    show("PathCchStripPrefix", paths[i], hr, buf);
    wcscpy(buf, paths[i]);
    hr = PathCchAddBackslash(buf, MAX_PATH);
    show("PathCchAddBackslash", paths[i], hr, buf);
    wcscpy(buf, paths[i]);
    WCHAR* end = NULL;
    size_t left = 0;
    hr = PathCchRemoveBackslashEx(buf, MAX_PATH, &end, &left);
    printf("PathCchRemoveBackslashEx(\"%ls\"): %08lx \"%ls\" end %d left %d\n", paths[i], (unsigned long)hr, buf,
           end ? (int)(end - buf) : -1, (int)left);

    const WCHAR* ext = NULL;
    hr = PathCchFindExtension(paths[i], MAX_PATH, &ext);
    show("PathCchFindExtension", paths[i], hr, ext);
    wcscpy(buf, paths[i]);
    hr = PathCchAddExtension(buf, MAX_PATH, L"ext");
    show("PathCchAddExtension", paths[i], hr, buf);
    wcscpy(buf, paths[i]);
    hr = PathCchRemoveExtension(buf, MAX_PATH);
    show("PathCchRemoveExtension", paths[i], hr, buf);
    wcscpy(buf, paths[i]);
    hr = PathCchRenameExtension(buf, MAX_PATH, L".new");
    show("PathCchRenameExtension", paths[i], hr, buf);
  }

  for (size_t i = 0; i < sizeof tricky / sizeof tricky[0]; ++i) {
    const WCHAR* t = tricky[i];
    for (int keep = 0; keep < 2; ++keep) {
      alloc = NULL;
      HRESULT hr = PathAllocCanonicalize(t, keep ? PATHCCH_DO_NOT_NORMALIZE_SEGMENTS : 0, &alloc);
      printf("\"%ls\" %s: %08lx \"%ls\"\n", t, keep ? "kept" : "canonical", (unsigned long)hr, alloc ? alloc : L"(null)");
      if (alloc) LocalFree(alloc);
    }
    HRESULT hr = PathCchCombine(buf, MAX_PATH, L"C:\\base", t);
    printf("\"%ls\" onto C:\\base: %08lx \"%ls\"\n", t, (unsigned long)hr, buf);
    wcscpy(buf, t);
    hr = PathCchRemoveFileSpec(buf, MAX_PATH);
    printf("\"%ls\" directory: %08lx \"%ls\"\n", t, (unsigned long)hr, buf);
    wcscpy(buf, t);
    hr = PathCchStripToRoot(buf, MAX_PATH);
    printf("\"%ls\" root: %08lx \"%ls\", is a root: %d\n", t, (unsigned long)hr, buf, PathCchIsRoot(t));
  }

  // Combining: each pair, with PathCchCombine, PathCchCombineEx into a small buffer, PathCchAppend,
  // PathAllocCombine.
  static const WCHAR* const pairs[][2] = {
      {L"C:\\dir", L"file"},     {L"C:\\dir\\", L"..\\up"},       {L"C:\\dir", L"\\rooted"},
      {L"C:\\dir", L"D:\\other"}, {L"C:\\dir", L"\\\\srv\\share"}, {L"\\\\srv\\share\\x", L"\\y"},
      {L"rel", L"more"},          {L"C:\\dir", L""},               {L"", L"file"},
      {L"\\\\?\\C:\\long", L"x"}, {L"C:\\a", L".\\b\\.\\c"},       {L"C:", L"x"},
  };
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; ++i) {
    const WCHAR *a = pairs[i][0], *b = pairs[i][1];
    HRESULT hr = PathCchCombine(buf, MAX_PATH, a, b);
    printf("PathCchCombine(\"%ls\", \"%ls\"): %08lx \"%ls\"\n", a, b, (unsigned long)hr, buf);
    hr = PathCchCombineEx(buf, 6, a, b, 0);
    printf("PathCchCombineEx/6(\"%ls\", \"%ls\"): %08lx \"%ls\"\n", a, b, (unsigned long)hr, buf);
    wcscpy(buf, a);
    hr = PathCchAppend(buf, MAX_PATH, b);
    printf("PathCchAppend(\"%ls\", \"%ls\"): %08lx \"%ls\"\n", a, b, (unsigned long)hr, buf);
    alloc = NULL;
    hr = PathAllocCombine(a, b, PATHCCH_ENSURE_TRAILING_SLASH, &alloc);
    printf("PathAllocCombine(\"%ls\", \"%ls\"): %08lx \"%ls\"\n", a, b, (unsigned long)hr, alloc ? alloc : L"(null)");
    if (alloc) LocalFree(alloc);
  }
  HRESULT hr = PathCchCombine(buf, MAX_PATH, NULL, L"C:\\only\\..\\second");
  printf("PathCchCombine(NULL, second): %08lx \"%ls\"\n", (unsigned long)hr, buf);
  hr = PathCchCombine(buf, MAX_PATH, NULL, NULL);
  printf("PathCchCombine(NULL, NULL): %08lx \"%ls\"\n", (unsigned long)hr, buf);

  // Long paths: over MAX_PATH refused without PATHCCH_ALLOW_LONG_PATHS; with it, a long drive path
  // gains "\\?\".
  static WCHAR long_path[400];
  wcscpy(long_path, L"C:\\");
  for (int i = 0; i < 60; ++i) wcscat(long_path, L"abcd\\");
  wcscat(long_path, L"end");
  alloc = NULL;
  hr = PathAllocCanonicalize(long_path, 0, &alloc);
  printf("long, no flags: %08lx %s\n", (unsigned long)hr, alloc ? "result" : "no result");
  if (alloc) LocalFree(alloc);
  alloc = NULL;
  hr = PathAllocCanonicalize(long_path, PATHCCH_ALLOW_LONG_PATHS, &alloc);
  printf("long, PATHCCH_ALLOW_LONG_PATHS: %08lx length %d prefix \"%.8ls\"\n", (unsigned long)hr,
         alloc ? (int)wcslen(alloc) : -1, alloc ? alloc : L"");
  if (alloc) LocalFree(alloc);
  alloc = NULL;
  hr = PathAllocCanonicalize(long_path, PATHCCH_ALLOW_LONG_PATHS | PATHCCH_FORCE_ENABLE_LONG_NAME_PROCESS, &alloc);
  printf("long, force long names: %08lx length %d\n", (unsigned long)hr, alloc ? (int)wcslen(alloc) : -1);
  if (alloc) LocalFree(alloc);
  hr = PathCchCanonicalize(buf, MAX_PATH, long_path);
  printf("PathCchCanonicalize(long): %08lx\n", (unsigned long)hr);

  // Bad flags and arguments.
  alloc = (WCHAR*)1;
  hr = PathAllocCanonicalize(L"C:\\x", PATHCCH_FORCE_ENABLE_LONG_NAME_PROCESS, &alloc);
  printf("force without allow: %08lx %s\n", (unsigned long)hr, alloc ? "result" : "NULL");
  hr = PathAllocCanonicalize(L"C:\\x", PATHCCH_ALLOW_LONG_PATHS | PATHCCH_FORCE_ENABLE_LONG_NAME_PROCESS |
                                           PATHCCH_FORCE_DISABLE_LONG_NAME_PROCESS, &alloc);
  printf("force both: %08lx\n", (unsigned long)hr);
  hr = PathAllocCanonicalize(L"C:\\x", PATHCCH_ALLOW_LONG_PATHS | PATHCCH_ENSURE_IS_EXTENDED_LENGTH_PATH, &alloc);
  printf("extended with long paths: %08lx\n", (unsigned long)hr);
  hr = PathAllocCanonicalize(NULL, 0, &alloc);
  printf("null path: %08lx\n", (unsigned long)hr);
  hr = PathCchCanonicalizeEx(buf, 0, L"C:\\x", 0);
  printf("size 0: %08lx\n", (unsigned long)hr);
  wcscpy(buf, L"C:\\dir");
  hr = PathCchAddBackslash(buf, 7);
  printf("PathCchAddBackslash, full buffer: %08lx \"%ls\"\n", (unsigned long)hr, buf);
  hr = PathCchAddBackslash(buf, 8);
  printf("PathCchAddBackslash, room for one: %08lx \"%ls\"\n", (unsigned long)hr, buf);
  wcscpy(buf, L"name");
  hr = PathCchAddExtension(buf, MAX_PATH, L"bad.ext");
  printf("PathCchAddExtension(bad.ext): %08lx\n", (unsigned long)hr);
  hr = PathCchAddExtension(buf, 7, L"txt");
  printf("PathCchAddExtension, small buffer: %08lx \"%ls\"\n", (unsigned long)hr, buf);
  hr = PathCchAddExtension(buf, MAX_PATH, L".");
  printf("PathCchAddExtension(.): %08lx \"%ls\"\n", (unsigned long)hr, buf);
  hr = PathCchFindExtension(L"abc", 3, (const WCHAR**)&alloc);
  printf("PathCchFindExtension, unended: %08lx %s\n", (unsigned long)hr, alloc ? "result" : "NULL");
  return 0;
}
