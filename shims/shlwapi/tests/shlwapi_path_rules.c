// SHLWAPI's path functions after the basic ones (shlwapi_paths), in both widths: wildcard patterns
// (PathMatchSpec, PathMatchSpecEx), PathGetCharType, PathBuildRoot, PathFindNextComponent,
// PathFindSuffixArray, PathIsSameRoot, PathMakePretty, PathUndecorate, PathParseIconLocation,
// PathCompactPathEx, PathRelativePathTo, PathIsNetworkPath, PathUnExpandEnvStrings; and those that
// look at the file system, on a directory made here: PathIsDirectoryEmpty, PathFindOnPath,
// PathSearchAndQualify, PathIsSystemFolder, PathMakeSystemFolder, PathUnmakeSystemFolder,
// PathIsContentType, PathCreateFromUrlAlloc. Each function is found by name in SHLWAPI.dll.
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

static void patterns(void) {
  static const char* const cases[][2] = {
      {"file.txt", "*.txt"},     {"file.TXT", "*.txt"},     {"file.txt", "*.doc"},      {"file.txt", "*.doc;*.txt"},
      {"file.txt", "*.doc; *.txt"}, {"file", "*.*"},        {"file.txt", "f?le.*"},     {"file.txt", "f??e"},
      {"a.b.c", "*.c"},          {"abc", "a*b*c"},          {"abc", "*"},               {"", "*"},
      {"C:\\dir\\file.txt", "*.txt"}, {"file.txt", "file.txt;"}, {"x;y", "x;y"},        {"abc", "ab"}};
  for (int i = 0; i < 16; ++i) {
    WCHAR n[64], m[64];
    a2w(cases[i][0], n, 64);
    a2w(cases[i][1], m, 64);
    printf("match [%s] [%s] %d/%d ex-multiple %#lx/%#lx\n", cases[i][0], cases[i][1], F(PathMatchSpecA)(cases[i][0], cases[i][1]),
           F(PathMatchSpecW)(n, m), (unsigned long)F(PathMatchSpecExA)(cases[i][0], cases[i][1], PMSF_MULTIPLE),
           (unsigned long)F(PathMatchSpecExW)(n, m, PMSF_MULTIPLE));
  }
  printf("char types:");
  static const char chars[] = "aZ09 .;,:\\/*?\"<>|$&()@^'`~[]{}+=-_!#%";
  for (const char* c = chars; *c; ++c) printf(" %c%u/%u", *c, F(PathGetCharTypeA)((UCHAR)*c), F(PathGetCharTypeW)((WCHAR)*c));
  printf(" 0x7f %u 0xe9 %u tab %u\n", F(PathGetCharTypeW)(0x7f), F(PathGetCharTypeW)(0xe9), F(PathGetCharTypeW)(L'\t'));
}

static void parts(void) {
  char a[MAX_PATH];
  WCHAR w[MAX_PATH];
  printf("PathBuildRoot %s", F(PathBuildRootA)(a, 0));
  w2a(F(PathBuildRootW)(w, 25), a, MAX_PATH);
  strcpy(a + 10, "x");
  printf(" %s", a);
  strcpy(a, "keep");
  F(PathBuildRootA)(a, 26);
  printf(" %s\n", a);

  static const char* const paths[] = {"C:\\dir\\sub\\file", "\\\\server\\share\\x", "file", "dir\\", "", "a\\\\b"};
  for (int i = 0; i < 6; ++i) {
    WCHAR pw[64];
    a2w(paths[i], pw, 64);
    const char* na = F(PathFindNextComponentA)(paths[i]);
    const WCHAR* nw = F(PathFindNextComponentW)(pw);
    printf("next [%s] %d/%d\n", paths[i], na ? (int)(na - paths[i]) : -1, nw ? (int)(nw - pw) : -1);
  }
  const char* suffixes[] = {".txt", "txt", "file.txt", "XT", ".doc"};
  const WCHAR* suffixesw[] = {L".txt", L"txt", L"file.txt", L"XT", L".doc"};
  const char* s1 = F(PathFindSuffixArrayA)("file.txt", suffixes, 5);
  const WCHAR* s2 = F(PathFindSuffixArrayW)(L"file.txt", suffixesw, 5);
  const char* s3 = F(PathFindSuffixArrayA)("a.doc", suffixes + 1, 4);
  const char* s4 = F(PathFindSuffixArrayA)("TXT", suffixes, 5);
  printf("suffix %d %d %d %d\n", s1 ? (int)(s1 == suffixes[0]) : -1, s2 ? (int)(s2 == suffixesw[0]) : -1,
         s3 ? (int)(s3 == suffixes[4]) : -1, s4 ? 1 : -1);

  static const char* const roots[][2] = {{"C:\\a\\b", "C:\\x"}, {"C:\\a", "D:\\a"}, {"c:\\a", "C:\\b"},
                                         {"\\\\srv\\sh\\a", "\\\\srv\\sh\\b"}, {"\\\\srv\\sh\\a", "\\\\srv\\other"},
                                         {"rel\\a", "rel\\b"}, {"C:\\", "C:"}};
  for (int i = 0; i < 7; ++i) {
    WCHAR x[64], y[64];
    a2w(roots[i][0], x, 64);
    a2w(roots[i][1], y, 64);
    printf("same root [%s] [%s] %d/%d\n", roots[i][0], roots[i][1], F(PathIsSameRootA)(roots[i][0], roots[i][1]),
           F(PathIsSameRootW)(x, y));
  }
}

static void forms(void) {
  static const char* const pretty[] = {"C:\\DIR\\FILE.TXT", "C:\\Dir\\FILE.TXT", "ABC", "", "\\\\SERVER\\SHARE"};
  for (int i = 0; i < 5; ++i) {
    char a[64];
    WCHAR w[64];
    strcpy(a, pretty[i]);
    a2w(pretty[i], w, 64);
    int ra = F(PathMakePrettyA)(a);
    int rw = F(PathMakePrettyW)(w);
    char back[64];
    w2a(w, back, 64);
    printf("pretty [%s] %d [%s] %d [%s]\n", pretty[i], ra, a, rw, back);
  }
  static const char* const decorated[] = {"C:\\dir\\file[2].txt", "file[12]", "file[x].txt", "[3].txt", "C:\\dir\\[3].txt",
                                          "file[].txt", "file.txt", "a[1]b.txt"};
  for (int i = 0; i < 8; ++i) {
    char a[64];
    WCHAR w[64];
    strcpy(a, decorated[i]);
    a2w(decorated[i], w, 64);
    F(PathUndecorateA)(a);
    F(PathUndecorateW)(w);
    char back[64];
    w2a(w, back, 64);
    printf("undecorate [%s] [%s] [%s]\n", decorated[i], a, back);
  }
  static const char* const icons[] = {"C:\\x\\shell.dll,3", "\"C:\\with space\\a.exe\",-12", "  plain.ico  ", "noindex,",
                                      "a,b,4"};
  for (int i = 0; i < 5; ++i) {
    char a[64];
    WCHAR w[64];
    strcpy(a, icons[i]);
    a2w(icons[i], w, 64);
    int ra = F(PathParseIconLocationA)(a);
    int rw = F(PathParseIconLocationW)(w);
    char back[64];
    w2a(w, back, 64);
    printf("icon [%s] %d [%s] %d [%s]\n", icons[i], ra, a, rw, back);
  }
  static const char* const longs[] = {"C:\\Program Files\\Some Company\\Application\\program.exe", "averyveryverylongfilename.txt",
                                      "C:\\a\\averyveryverylongfilename.txt"};
  static const unsigned sizes[] = {0, 1, 2, 3, 4, 5, 8, 12, 20, 30, 60};
  for (int i = 0; i < 3; ++i) {
    printf("compact [%s]", longs[i]);
    for (int j = 0; j < 11; ++j) {
      char a[80];
      WCHAR w[80], pw[80];
      strcpy(a, "unchanged");
      a2w(longs[i], pw, 80);
      BOOL ra = F(PathCompactPathExA)(a, longs[i], sizes[j], 0);
      BOOL rw = F(PathCompactPathExW)(w, pw, sizes[j], 0);
      char back[80];
      w2a(w, back, 80);
      printf(" %u:%d[%s]%d%s", sizes[j], ra, sizes[j] ? a : "-", rw, strcmp(sizes[j] ? a : "", sizes[j] ? back : "") ? "!" : "");
    }
    printf("\n");
  }
}

static void relations(void) {
  static const struct {
    const char *from, *to;
    DWORD fa, ta;
  } rel[] = {{"C:\\a\\b\\c", "C:\\a\\x\\y.txt", FILE_ATTRIBUTE_DIRECTORY, 0},
             {"C:\\a\\b\\file.txt", "C:\\a\\x\\y.txt", 0, 0},
             {"C:\\a", "C:\\a\\b.txt", FILE_ATTRIBUTE_DIRECTORY, 0},
             {"C:\\a\\b", "C:\\a", FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_DIRECTORY},
             {"C:\\a", "D:\\a", FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_DIRECTORY},
             {"\\\\srv\\share\\a\\b", "\\\\srv\\share\\c", FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_DIRECTORY},
             {"C:\\", "C:\\x\\y", FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_DIRECTORY},
             {"c:\\A\\b", "C:\\a\\B\\c\\d", FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_DIRECTORY}};
  for (int i = 0; i < 8; ++i) {
    char a[MAX_PATH];
    WCHAR w[MAX_PATH], fw[64], tw[64];
    a2w(rel[i].from, fw, 64);
    a2w(rel[i].to, tw, 64);
    strcpy(a, "unchanged");
    BOOL ra = F(PathRelativePathToA)(a, rel[i].from, rel[i].fa, rel[i].to, rel[i].ta);
    BOOL rw = F(PathRelativePathToW)(w, fw, rel[i].fa, tw, rel[i].ta);
    char back[MAX_PATH];
    w2a(w, back, MAX_PATH);
    printf("relative [%s] -> [%s] %d [%s] %d [%s]\n", rel[i].from, rel[i].to, ra, a, rw, back);
  }
  printf("network %d %d %d %d/%d\n", F(PathIsNetworkPathA)("\\\\srv\\share"), F(PathIsNetworkPathA)("C:\\x"),
         F(PathIsNetworkPathA)("x"), F(PathIsNetworkPathW)(L"\\\\srv"), F(PathIsNetworkPathW)(NULL));

  SetEnvironmentVariableA("USERPROFILE", "C:\\users\\tester");
  SetEnvironmentVariableA("APPDATA", "C:\\users\\tester\\AppData\\Roaming");
  static const char* const unexp[] = {"C:\\users\\tester\\docs\\a.txt", "c:\\USERS\\TESTER\\AppData\\Roaming\\x",
                                      "C:\\users\\testerX", "Q:\\nothing\\here"};
  for (int i = 0; i < 4; ++i) {
    char a[MAX_PATH];
    WCHAR w[MAX_PATH], pw[MAX_PATH];
    a2w(unexp[i], pw, MAX_PATH);
    strcpy(a, "unchanged");
    BOOL ra = F(PathUnExpandEnvStringsA)(unexp[i], a, MAX_PATH);
    BOOL rw = F(PathUnExpandEnvStringsW)(pw, w, MAX_PATH);
    char back[MAX_PATH];
    w2a(rw ? w : L"", back, MAX_PATH);
    printf("unexpand [%s] %d [%s] %d [%s]\n", unexp[i], ra, a, rw, back);
  }
  char small[8];
  printf("unexpand small %d\n", F(PathUnExpandEnvStringsA)(unexp[0], small, 8));
}

static void files(void) {
  char base[MAX_PATH], dir[MAX_PATH], file[MAX_PATH];
  GetCurrentDirectoryA(MAX_PATH, base);
  snprintf(dir, MAX_PATH, "%s\\shlwapi_rules_dir", base);
  RemoveDirectoryA(dir);
  CreateDirectoryA(dir, NULL);
  WCHAR dirw[MAX_PATH];
  a2w(dir, dirw, MAX_PATH);
  printf("empty dir %d/%d", F(PathIsDirectoryEmptyA)(dir), F(PathIsDirectoryEmptyW)(dirw));
  snprintf(file, MAX_PATH, "%s\\findme.txt", dir);
  HANDLE h = CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(h);
  printf(" with a file %d/%d missing %d not a dir %d\n", F(PathIsDirectoryEmptyA)(dir), F(PathIsDirectoryEmptyW)(dirw),
         F(PathIsDirectoryEmptyA)("C:\\no\\such\\dir"), F(PathIsDirectoryEmptyA)(file));

  const char* dirs[] = {"C:\\no\\such", dir, NULL};
  const WCHAR* dirsw[] = {dirw, NULL};
  char name[MAX_PATH] = "findme.txt";
  WCHAR namew[MAX_PATH] = L"findme.txt";
  BOOL f1 = F(PathFindOnPathA)(name, dirs);
  BOOL f2 = F(PathFindOnPathW)(namew, dirsw);
  char found[MAX_PATH];
  w2a(namew, found, MAX_PATH);
  printf("find on path %d %d %d %d", f1, !_stricmp(name, file), f2, !_stricmp(found, file));
  char missing[MAX_PATH] = "no_such_file_anywhere.xyz";
  char qualified[MAX_PATH] = "C:\\x\\findme.txt";
  printf(" missing %d qualified %d\n", F(PathFindOnPathA)(missing, dirs), F(PathFindOnPathA)(qualified, dirs));

  char out[MAX_PATH];
  WCHAR outw[MAX_PATH];
  SetCurrentDirectoryA(dir);
  BOOL q1 = F(PathSearchAndQualifyA)("findme.txt", out, MAX_PATH);
  int same1 = !_stricmp(out, file);
  BOOL q2 = F(PathSearchAndQualifyW)(L"not_here.txt", outw, MAX_PATH);
  char back[MAX_PATH];
  w2a(outw, back, MAX_PATH);
  char expect[MAX_PATH];
  snprintf(expect, MAX_PATH, "%s\\not_here.txt", dir);
  printf("search and qualify %d %d %d %d\n", q1, same1, q2, !_stricmp(back, expect));
  SetCurrentDirectoryA(base);

  printf("system folder %d", F(PathIsSystemFolderA)(dir, 0));
  // (What a directory's attributes become is KERNEL32's SetFileAttributes': not shown.)
  printf(" make %d unmake %d", F(PathMakeSystemFolderA)(dir), F(PathUnmakeSystemFolderW)(dirw));
  printf(" by attributes %d %d %d", F(PathIsSystemFolderA)(NULL, FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_SYSTEM),
         F(PathIsSystemFolderA)("", FILE_ATTRIBUTE_DIRECTORY), F(PathIsSystemFolderW)(NULL, FILE_ATTRIBUTE_SYSTEM));
  SetFileAttributesA(dir, FILE_ATTRIBUTE_NORMAL);
  printf(" unmake a file %d missing %d\n", F(PathUnmakeSystemFolderA)(file), F(PathUnmakeSystemFolderA)("C:\\no\\such\\dir"));
  SetFileAttributesA(file, FILE_ATTRIBUTE_NORMAL);
  DeleteFileA(file);
  RemoveDirectoryA(dir);

  printf("content type %d %d %d\n", F(PathIsContentTypeA)("a.zzqqx", "text/plain"), F(PathIsContentTypeW)(L"noext", L"text/plain"),
         F(PathIsContentTypeA)(NULL, "text/plain"));

  WCHAR* path = NULL;
  HRESULT hr = F(PathCreateFromUrlAlloc)(L"file:///C:/dir/a%20b.txt", &path, 0);
  w2a(path ? path : L"(null)", back, MAX_PATH);
  printf("PathCreateFromUrlAlloc %#lx [%s]", (unsigned long)hr, back);
  LocalFree(path);
  path = NULL;
  hr = F(PathCreateFromUrlAlloc)(L"http://example.com/x", &path, 0);
  printf(" http %#lx %d\n", (unsigned long)hr, path == NULL);
}

int main(void) {
  dll = LoadLibraryA("shlwapi.dll");
  patterns();
  parts();
  forms();
  relations();
  files();
  return 0;
}
