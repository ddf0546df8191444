/* NTDLL's search paths: RtlDosSearchPath_U over directories the program makes (a relative name
 * with and without the extension, one with a '.', an absolute one, a buffer too small, none
 * found), RtlGetSearchPath and RtlGetExePath (the program's directory, the current directory as
 * RtlSetSearchPathMode and NoDefaultCurrentDirectoryInExePath place it, the system's directories,
 * PATH), RtlReleasePath, RtlSetSearchPathMode's modes. Expected output: wine 8.0's (x64). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)

static ULONG(NTAPI* search)(const WCHAR*, const WCHAR*, const WCHAR*, ULONG, WCHAR*, WCHAR**);
static NTSTATUS(NTAPI* get_search_path)(WCHAR**);
static NTSTATUS(NTAPI* get_exe_path)(const WCHAR*, WCHAR**);
static void(NTAPI* release_path)(WCHAR*);
static NTSTATUS(NTAPI* set_mode)(ULONG);

static WCHAR base[MAX_PATH];  /* the directories' parent, with its '\' */
static size_t base_len;

/* A path with the directories' parent shown as <base>\. */
static void show(const WCHAR* s) {
  if (!_wcsnicmp(s, base, base_len))
    printf("<base>\\%ls", s + base_len);
  else
    printf("%ls", s);
}

static void try_search(const WCHAR* paths, const WCHAR* name, const WCHAR* ext, ULONG size) {
  WCHAR buf[MAX_PATH];
  WCHAR* file = (WCHAR*)1;
  memset(buf, 0, sizeof buf);
  ULONG r = search(paths, name, ext, size, buf, &file);
  printf("search ");
  show(name);
  /* (the bytes past the directories' parent's, which differs between systems) */
  printf(" ext %ls size %lu: %s%lu", ext ? ext : L"(none)", size, r ? "<base>+" : "",
         r ? r - (ULONG)(base_len * 2) : 0);
  if (r && r < size) {
    printf(" \"");
    show(buf);
    printf("\" file part %ls", file && file != (WCHAR*)1 ? file : L"(unset)");
  }
  printf("\n");
}

/* The list without the program's directory at its head and PATH at its tail. */
static void show_list(const char* what, WCHAR* list) {
  WCHAR dir[MAX_PATH];
  GetModuleFileNameW(NULL, dir, MAX_PATH);
  *wcsrchr(dir, '\\') = 0;
  size_t n = wcslen(dir);
  int head = !_wcsnicmp(list, dir, n) && list[n] == ';';
  WCHAR* rest = head ? list + n + 1 : list;
  WCHAR path[4096];
  DWORD plen = GetEnvironmentVariableW(L"PATH", path, 4096);
  size_t rlen = wcslen(rest);
  int tail = plen && rlen >= plen && !wcscmp(rest + rlen - plen, path);
  printf("%s: program's directory first %d, PATH last %d, between \"%.*ls\"\n", what, head, tail,
         (int)(tail ? rlen - plen : rlen), rest);
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  search = (void*)FN("RtlDosSearchPath_U");
  get_search_path = (void*)FN("RtlGetSearchPath");
  get_exe_path = (void*)FN("RtlGetExePath");
  release_path = (void*)FN("RtlReleasePath");
  set_mode = (void*)FN("RtlSetSearchPathMode");
  printf("functions: %d %d %d %d %d\n", !!search, !!get_search_path, !!get_exe_path, !!release_path, !!set_mode);
  if (!search || !get_search_path || !get_exe_path || !release_path || !set_mode) return 1;

  GetTempPathW(MAX_PATH, base);
  wcscat(base, L"ntdll_search_paths\\");
  base_len = wcslen(base);
  WCHAR a[MAX_PATH], b[MAX_PATH], f[MAX_PATH];
  swprintf(a, MAX_PATH, L"%lsa", base);
  swprintf(b, MAX_PATH, L"%lsb", base);
  CreateDirectoryW(base, NULL);
  CreateDirectoryW(a, NULL);
  CreateDirectoryW(b, NULL);
  const WCHAR* files[] = {L"a\\one.txt", L"b\\two.dat", L"b\\one.txt", L"b\\three", L"b\\four.x.y"};
  for (int i = 0; i < 5; ++i) {
    swprintf(f, MAX_PATH, L"%ls%ls", base, files[i]);
    CloseHandle(CreateFileW(f, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
  }
  WCHAR list[2 * MAX_PATH + 8];
  swprintf(list, 2 * MAX_PATH + 8, L"%ls;%ls\\", a, b);
  try_search(list, L"one", L".txt", MAX_PATH * 2);
  try_search(list, L"two", L".dat", MAX_PATH * 2);
  try_search(list, L"two.dat", L".txt", MAX_PATH * 2);
  try_search(list, L"three", NULL, MAX_PATH * 2);
  try_search(list, L"four.x", L".y", MAX_PATH * 2);
  try_search(list, L"four.x.y", NULL, MAX_PATH * 2);
  try_search(list, L"five", L".txt", MAX_PATH * 2);
  try_search(list, L"one", L".txt", 8);
  try_search(L"", L"one", L".txt", MAX_PATH * 2);
  swprintf(f, MAX_PATH, L"%lsb\\two.dat", base);
  try_search(L"C:\\nowhere", f, NULL, MAX_PATH * 2);
  swprintf(f, MAX_PATH, L"%lsb\\none.dat", base);
  try_search(list, f, NULL, MAX_PATH * 2);
  SetCurrentDirectoryW(b);
  try_search(L"C:\\nowhere", L".\\three", NULL, MAX_PATH * 2);
  try_search(L"C:\\nowhere;.", L"three", NULL, MAX_PATH * 2);

  WCHAR* path = NULL;
  NTSTATUS st = get_search_path(&path);
  printf("search path: %08lx\n", st);
  show_list("  search path", path);
  release_path(path);
  st = get_exe_path(L"cmd.exe", &path);
  printf("exe path: %08lx\n", st);
  show_list("  exe path", path);
  release_path(path);
  SetEnvironmentVariableW(L"NoDefaultCurrentDirectoryInExePath", L"1");
  get_exe_path(L"cmd.exe", &path);
  show_list("  exe path without the current directory", path);
  release_path(path);
  get_exe_path(L"C:\\x\\cmd.exe", &path);
  show_list("  exe path of a path", path);
  release_path(path);
  SetEnvironmentVariableW(L"NoDefaultCurrentDirectoryInExePath", NULL);

  printf("mode 2: %08lx\n", set_mode(2));
  printf("mode 0: %08lx\n", set_mode(0));
  printf("safe: %08lx\n", set_mode(1));
  get_search_path(&path);
  show_list("  safe search path", path);
  release_path(path);
  get_exe_path(L"cmd.exe", &path);
  show_list("  safe exe path", path);
  release_path(path);
  printf("unsafe: %08lx\n", set_mode(0x10000));
  get_search_path(&path);
  show_list("  search path", path);
  release_path(path);
  printf("safe for good: %08lx\n", set_mode(0x8001));
  printf("unsafe then: %08lx\n", set_mode(0x10000));
  printf("safe then: %08lx\n", set_mode(1));
  printf("unsafe for good: %08lx\n", set_mode(0x18000));
  get_search_path(&path);
  show_list("  search path", path);
  release_path(path);

  /* LdrGetDllPath: LoadLibraryEx's lists. */
  NTSTATUS(NTAPI * dll_path)(const WCHAR*, ULONG, WCHAR**, WCHAR**) = (void*)FN("LdrGetDllPath");
  printf("LdrGetDllPath: %d\n", !!dll_path);
  if (dll_path) {
    WCHAR* unknown = (WCHAR*)1;
    st = dll_path(L"C:\\x\\lib.dll", 0, &path, &unknown);
    printf("  standard: %08lx unknown null %d\n", st, unknown == NULL);
    show_list("  standard", path);
    release_path(path);
    dll_path(L"C:\\x\\lib.dll", 0x8, &path, &unknown);
    printf("  altered search path: starts with the module's directory %d\n", !wcsncmp(path, L"C:\\x;", 5));
    release_path(path);
    st = dll_path(L"C:\\x\\lib.dll", 0x800, &path, &unknown);
    printf("  system32: %08lx \"%ls\"\n", st, path);
    release_path(path);
    st = dll_path(L"C:\\x\\lib.dll", 0x100, &path, &unknown);
    printf("  load directory: %08lx \"%ls\"\n", st, path);
    release_path(path);
    st = dll_path(L"C:\\x\\lib.dll", 0x900, &path, &unknown);
    printf("  load directory and system32: %08lx \"%ls\"\n", st, path);
    release_path(path);
    st = dll_path(L"lib.dll", 0x100, &path, &unknown);
    printf("  load directory of a relative name: %08lx\n", st);
    st = dll_path(L"C:\\x\\lib.dll", 0x808, &path, &unknown);
    printf("  altered with search flags: %08lx\n", st);
    st = dll_path(L"C:\\x\\lib.dll", 0x200, &path, &unknown);
    WCHAR dir[MAX_PATH];
    GetModuleFileNameW(NULL, dir, MAX_PATH);
    *wcsrchr(dir, '\\') = 0;
    printf("  application directory: %08lx is the program's %d\n", st, !wcscmp(path, dir));
    release_path(path);
    void* cookie = AddDllDirectory(a);
    st = dll_path(L"C:\\x\\lib.dll", 0x400, &path, &unknown);
    printf("  user directories: %08lx \"", st);
    show(path);
    printf("\"\n");
    release_path(path);
    st = dll_path(L"C:\\x\\lib.dll", 0x1000, &path, &unknown);
    printf("  default directories: %08lx ends with system32 %d\n", st,
           wcslen(path) > 20 && !wcscmp(path + wcslen(path) - 20, L"C:\\windows\\system32\\"));
    release_path(path);
    RemoveDllDirectory(cookie);
  }

  for (int i = 0; i < 5; ++i) {
    swprintf(f, MAX_PATH, L"%ls%ls", base, files[i]);
    DeleteFileW(f);
  }
  SetCurrentDirectoryW(base);
  SetCurrentDirectoryW(L"..");
  RemoveDirectoryW(a);
  RemoveDirectoryW(b);
  RemoveDirectoryW(base);
  return 0;
}
