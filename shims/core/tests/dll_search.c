// Where LoadLibrary looks for a DLL named without a path: the program's directory, the current
// directory and PATH, SetDllDirectory's directory, AddDllDirectory's with
// LOAD_LIBRARY_SEARCH_USER_DIRS, and, for the DLLs a DLL imports, that DLL's own directory with
// LOAD_WITH_ALTERED_SEARCH_PATH. modsearch.dll and modchain.dll live in dll-plugins/ beside the
// program, which no standard search looks in.
#define _WIN32_WINNT 0x0602
#include <stdio.h>
#include <string.h>
#include <windows.h>

static char plugins[MAX_PATH];

// Loads a DLL, says whether that worked (or why not) and what it holds, and frees it.
static void try_load(const char* what, const char* name, DWORD flags) {
  SetLastError(0);
  HMODULE h = LoadLibraryExA(name, NULL, flags);
  DWORD error = GetLastError();
  if (!h) {
    printf("%s: not loaded, error %lu\n", what, error);
    return;
  }
  int (*f)(void) = (int (*)(void))GetProcAddress(h, "search_value");
  if (!f) f = (int (*)(void))GetProcAddress(h, "chain_value");
  printf("%s: loaded, value %d\n", what, f ? f() : -1);
  FreeLibrary(h);
  if (GetModuleHandleA("modsearch.dll") || GetModuleHandleA("modchain.dll")) printf("  (still loaded)\n");
}

int main(void) {
  GetModuleFileNameA(NULL, plugins, sizeof plugins);
  strcpy(strrchr(plugins, '\\') + 1, "dll-plugins");
  char path[MAX_PATH];
  snprintf(path, sizeof path, "%s\\modsearch.dll", plugins);

  try_load("bare name", "modsearch.dll", 0);
  try_load("full path", path, 0);

  SetDllDirectoryA(plugins);
  char got[MAX_PATH] = "";
  DWORD n = GetDllDirectoryA(sizeof got, got);
  printf("GetDllDirectory: %s\n", n == strlen(plugins) && strcmp(got, plugins) == 0 ? "the directory set" : got);
  try_load("after SetDllDirectory", "modsearch", 0);
  SetDllDirectoryA(NULL);
  try_load("after SetDllDirectory(NULL)", "modsearch", 0);

  WCHAR wide[MAX_PATH];
  MultiByteToWideChar(CP_ACP, 0, plugins, -1, wide, MAX_PATH);
  DLL_DIRECTORY_COOKIE cookie = AddDllDirectory(wide);
  printf("AddDllDirectory: %s\n", cookie ? "a cookie" : "failed");
  try_load("LOAD_LIBRARY_SEARCH_USER_DIRS", "modsearch.dll", LOAD_LIBRARY_SEARCH_USER_DIRS);
  try_load("LOAD_LIBRARY_SEARCH_APPLICATION_DIR", "modsearch.dll", LOAD_LIBRARY_SEARCH_APPLICATION_DIR);
  try_load("LOAD_LIBRARY_SEARCH_DEFAULT_DIRS", "modsearch.dll", LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
  printf("RemoveDllDirectory: %d\n", RemoveDllDirectory(cookie));
  try_load("after RemoveDllDirectory", "modsearch.dll", LOAD_LIBRARY_SEARCH_USER_DIRS);

  char cwd[MAX_PATH];
  GetCurrentDirectoryA(sizeof cwd, cwd);
  SetCurrentDirectoryA(plugins);
  try_load("from the current directory", "modsearch.dll", 0);
  SetCurrentDirectoryA(cwd);

  char old_path[4096] = "", new_path[4096 + MAX_PATH];
  GetEnvironmentVariableA("PATH", old_path, sizeof old_path);
  snprintf(new_path, sizeof new_path, "%s;%s", plugins, old_path);
  SetEnvironmentVariableA("PATH", new_path);
  try_load("on PATH", "modsearch.dll", 0);
  SetEnvironmentVariableA("PATH", old_path);

  // modchain.dll imports modsearch.dll, which is beside it only.
  snprintf(path, sizeof path, "%s\\modchain.dll", plugins);
  try_load("a DLL whose import is beside it", path, 0);
  try_load("the same, LOAD_WITH_ALTERED_SEARCH_PATH", path, LOAD_WITH_ALTERED_SEARCH_PATH);
  try_load("the same, LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR", path, LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
  try_load("LOAD_WITH_ALTERED_SEARCH_PATH with LOAD_LIBRARY_SEARCH_*", path,
           LOAD_WITH_ALTERED_SEARCH_PATH | LOAD_LIBRARY_SEARCH_APPLICATION_DIR);
  return 0;
}
