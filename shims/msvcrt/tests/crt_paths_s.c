/* _makepath_s and _wmakepath_s (fitting, and one character short), and _searchenv and its _s and
 * wide forms (a file of the current directory as its full path, one in a directory an environment
 * variable lists, quoted or not, and none); taken by GetProcAddress from ucrtbase.dll (with _UCRT)
 * or msvcrt.dll. The directory and file are made in the current directory and removed. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static HMODULE crt;
static void* fn(const char* name) {
  void* f = (void*)GetProcAddress(crt, name);
  if (!f) printf("missing %s\n", name);
  return f;
}
typedef int* (*ErrnoFn)(void);
static ErrnoFn err;

int main(void) {
#ifdef _UCRT
  crt = LoadLibraryA("ucrtbase.dll");
#else
  crt = LoadLibraryA("msvcrt.dll");
#endif
  err = (ErrnoFn)fn("_errno");
  *err() = 0;
  int (*makepath_s)(char*, size_t, const char*, const char*, const char*, const char*) = fn("_makepath_s");
  char path[64];
  int r = makepath_s(path, sizeof path, "c", "\\dir", "name", "txt");
  printf("_makepath_s %d \"%s\"\n", r, path);
  r = makepath_s(path, 16, "c", "\\dir", "name", "txt");
  printf("_makepath_s exact %d \"%s\"\n", r, path);
  r = makepath_s(path, 15, "c", "\\dir", "name", "txt");
  printf("_makepath_s short %d \"%s\" errno %d\n", r, path, *err());
  *err() = 0;
  r = makepath_s(path, sizeof path, NULL, "a/", NULL, ".ext");
  printf("_makepath_s %d \"%s\"\n", r, path);
  wchar_t wpath[64];
  r = ((int (*)(wchar_t*, size_t, const wchar_t*, const wchar_t*, const wchar_t*, const wchar_t*))fn("_wmakepath_s"))(
      wpath, 64, L"d", L"x", L"y", L"z");
  printf("_wmakepath_s %d \"", r);
  for (int i = 0; wpath[i]; i++) putchar((char)wpath[i]);
  printf("\"\n");

  /* (names of this process's own: the flavours of this test may run at once in one directory) */
  char dir[64], found_name[96], here[64], setting[128];
  sprintf(dir, "crt_search_dir%lu", GetCurrentProcessId());
  sprintf(found_name, "%s\\found.txt", dir);
  sprintf(here, "crt_search_here%lu.txt", GetCurrentProcessId());
  sprintf(setting, "CRT_SEARCH=no_such_dir;\"%s\"", dir);
  CreateDirectoryA(dir, NULL);
  HANDLE h = CreateFileA(found_name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(h);
  h = CreateFileA(here, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(h);
  int (*putenv_)(const char*) = fn("_putenv");
  putenv_(setting);
  void (*searchenv)(const char*, const char*, char*) = fn("_searchenv");
  int (*searchenv_s)(const char*, const char*, char*, size_t) = fn("_searchenv_s");
  char found[MAX_PATH];
  searchenv("found.txt", "CRT_SEARCH", found);
  printf("_searchenv in the listed directory %d errno %d\n", strcmp(found, found_name) == 0, *err());
  *err() = 0;
  searchenv(here, "CRT_SEARCH", found);
  const char* base = strrchr(found, '\\');
  printf("_searchenv here: full %d name %d\n", found[1] == ':' && found[2] == '\\', base && strcmp(base + 1, here) == 0);
  r = searchenv_s("missing.txt", "CRT_SEARCH", found, sizeof found);
  printf("_searchenv_s missing %d \"%s\" errno %d\n", r, found, *err());
  *err() = 0;
  r = searchenv_s("found.txt", "NO_SUCH_VARIABLE_CRT", found, sizeof found);
  printf("_searchenv_s no variable %d errno %d\n", r, *err());
  *err() = 0;
  r = searchenv_s("found.txt", "CRT_SEARCH", found, sizeof found);
  printf("_searchenv_s %d in the listed directory %d\n", r, strcmp(found, found_name) == 0);
  wchar_t wfound[MAX_PATH];
  r = ((int (*)(const wchar_t*, const wchar_t*, wchar_t*, size_t))fn("_wsearchenv_s"))(L"found.txt", L"CRT_SEARCH",
                                                                                      wfound, MAX_PATH);
  int same = 1;
  for (int i = 0; same && (i == 0 || found_name[i - 1]); i++) same = wfound[i] == (unsigned char)found_name[i];
  printf("_wsearchenv_s %d in the listed directory %d\n", r, same);
  DeleteFileA(found_name);
  DeleteFileA(here);
  RemoveDirectoryA(dir);
  return 0;
}
