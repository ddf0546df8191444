// KERNEL32's A file, path and process functions in the ANSI code page (1252): names with é, ü, ß
// and € through CreateFileA, FindFirstFileA/W, the directories, moves and copies, the full, long
// and temporary paths, SearchPathA; the OEM code page (437) after SetFileApisToOEM; a program
// copied to a name with é started by CreateProcessA with an ANSI command line and environment,
// whose GetModuleFileNameA, GetCommandLineA and GetEnvironmentVariableA it prints. Byte strings
// are printed in hex, UTF-16 ones as code units.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static void hex(const char* label, const char* s, int n) {
  printf("%s:", label);
  for (int i = 0; i < n; ++i) printf(" %02x", (unsigned char)s[i]);
  printf("\n");
}
static void units(const char* label, const WCHAR* s, int n) {
  printf("%s:", label);
  for (int i = 0; i < n; ++i) printf(" %04x", s[i]);
  printf("\n");
}
// The last component of a path (after its last backslash).
static const char* last_a(const char* s) {
  const char* b = strrchr(s, '\\');
  return b ? b + 1 : s;
}
static const WCHAR* last_w(const WCHAR* s) {
  const WCHAR* b = wcsrchr(s, L'\\');
  return b ? b + 1 : s;
}

static void make_file(const char* name) {
  HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  DWORD done = 0;
  printf("CreateFileA ok %d", h != INVALID_HANDLE_VALUE);
  if (h != INVALID_HANDLE_VALUE) {
    WriteFile(h, "data", 4, &done, NULL);
    CloseHandle(h);
  }
  printf(" wrote %lu\n", done);
}

// Every name FindFirstFileW and FindFirstFileA list for a pattern (but "." and ".."), sorted: the
// order of a directory's listing is its file system's.
static WCHAR wnames[16][MAX_PATH];
static char anames[16][MAX_PATH];
static int cmp_w(const void* a, const void* b) { return wcscmp((const WCHAR*)a, (const WCHAR*)b); }
static int cmp_a(const void* a, const void* b) { return strcmp((const char*)a, (const char*)b); }
static void list_w(const WCHAR* pattern) {
  WIN32_FIND_DATAW d;
  HANDLE h = FindFirstFileW(pattern, &d);
  if (h == INVALID_HANDLE_VALUE) {
    printf("FindFirstFileW none %lu\n", GetLastError());
    return;
  }
  int n = 0;
  do {
    if (wcscmp(d.cFileName, L".") && wcscmp(d.cFileName, L"..") && n < 16) wcscpy(wnames[n++], d.cFileName);
  } while (FindNextFileW(h, &d));
  FindClose(h);
  qsort(wnames, n, sizeof wnames[0], cmp_w);
  for (int i = 0; i < n; ++i) units("  W name", wnames[i], (int)wcslen(wnames[i]));
}
static void list_a(const char* pattern) {
  WIN32_FIND_DATAA d;
  HANDLE h = FindFirstFileA(pattern, &d);
  if (h == INVALID_HANDLE_VALUE) {
    printf("FindFirstFileA none %lu\n", GetLastError());
    return;
  }
  int n = 0;
  do {
    if (strcmp(d.cFileName, ".") && strcmp(d.cFileName, "..") && n < 16) strcpy(anames[n++], d.cFileName);
  } while (FindNextFileA(h, &d));
  FindClose(h);
  qsort(anames, n, sizeof anames[0], cmp_a);
  for (int i = 0; i < n; ++i) hex("  A name", anames[i], (int)strlen(anames[i]));
}

static int child(void) {
  char path[MAX_PATH];
  WCHAR wpath[MAX_PATH];
  DWORD n = GetModuleFileNameA(NULL, path, MAX_PATH);
  DWORD nw = GetModuleFileNameW(NULL, wpath, MAX_PATH);
  printf("child GetModuleFileNameA %s, equal to W's length %d\n", n == strlen(path) ? "= strlen" : "!= strlen", n == nw);
  hex("child module name", last_a(path), (int)strlen(last_a(path)));
  units("child module name W", last_w(wpath), (int)wcslen(last_w(wpath)));
  // Too small a buffer: cut to its size, the size returned.
  char small[4] = "zzz";
  n = GetModuleFileNameA(NULL, small, 3);
  printf("child GetModuleFileNameA(3) %lu error %lu\n", n, GetLastError());
  const char* line = GetCommandLineA();
  const char* arg = strstr(line, "child");
  if (arg) hex("child command line tail", arg, (int)strlen(arg));
  const WCHAR* wline = GetCommandLineW();
  const WCHAR* warg = wcsstr(wline, L"child");
  if (warg) units("child command line tail W", warg, (int)wcslen(warg));
  char value[64];
  n = GetEnvironmentVariableA("K32_ANSI", value, sizeof value);
  printf("child GetEnvironmentVariableA %lu\n", n);
  hex("child value", value, (int)n);
  WCHAR wvalue[64];
  n = GetEnvironmentVariableW(L"K32_ANSI", wvalue, 64);
  units("child value W", wvalue, (int)n);
  return 7;
}

int main(int argc, char** argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) return child();
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("ACP %u OEMCP %u file APIs ANSI %d\n", GetACP(), GetOEMCP(), AreFileApisANSI());

  // A directory "ansi_üß_PID" (the process's own: the flavours of this case may run at once in the
  // same directory) and files in it.
  char dir[64];
  WCHAR wdir[64];
  char path[MAX_PATH];
  WCHAR wpath[MAX_PATH];
  sprintf(dir, "ansi_\xfc\xdf_%lu", GetCurrentProcessId());
  swprintf(wdir, 64, L"ansi_\x00fc\x00df_%lu", GetCurrentProcessId());
  printf("CreateDirectoryA %d\n", CreateDirectoryA(dir, NULL));
  DWORD attrs = GetFileAttributesW(wdir);
  printf("GetFileAttributesW of the directory %s\n", attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY) ? "a directory" : "none");
  WIN32_FIND_DATAW fd;
  HANDLE fh = FindFirstFileW(wdir, &fd);
  units("FindFirstFileW of the directory, its first 7", fd.cFileName, fh != INVALID_HANDLE_VALUE ? 7 : 0);
  FindClose(fh);

  sprintf(path, "%s\\caf\xe9.txt", dir);
  make_file(path);
  swprintf(wpath, MAX_PATH, L"%ls\\*", wdir);
  list_w(wpath);
  sprintf(path, "%s\\*", dir);
  list_a(path);
  swprintf(wpath, MAX_PATH, L"%ls\\caf\x00e9.txt", wdir);
  attrs = GetFileAttributesW(wpath);
  printf("GetFileAttributesW %s\n", attrs != INVALID_FILE_ATTRIBUTES ? "found" : "missing");
  WIN32_FILE_ATTRIBUTE_DATA fad;
  sprintf(path, "%s\\caf\xe9.txt", dir);
  BOOL ok = GetFileAttributesExA(path, GetFileExInfoStandard, &fad);
  printf("GetFileAttributesExA %d size %lu\n", ok, fad.nFileSizeLow);

  // The current directory inside it.
  printf("SetCurrentDirectoryA %d\n", SetCurrentDirectoryA(dir));
  char cur[MAX_PATH];
  WCHAR wcur[MAX_PATH];
  DWORD n = GetCurrentDirectoryA(MAX_PATH, cur);
  DWORD nw = GetCurrentDirectoryW(MAX_PATH, wcur);
  printf("GetCurrentDirectoryA %s, W's length %d\n", n == strlen(cur) ? "= strlen" : "!= strlen", n == nw);
  hex("current directory, its first 7", last_a(cur), 7);
  DWORD need = GetCurrentDirectoryA(2, cur);
  printf("GetCurrentDirectoryA(2) asks %s\n", need == n + 1 ? "length + 1" : "something else");

  // Full, long and searched paths.
  char full[MAX_PATH];
  char* part = NULL;
  n = GetFullPathNameA("caf\xe9.txt", MAX_PATH, full, &part);
  WCHAR wfull[MAX_PATH];
  nw = GetFullPathNameW(L"caf\x00e9.txt", MAX_PATH, wfull, NULL);
  printf("GetFullPathNameA %s, W's length %d\n", n == strlen(full) ? "= strlen" : "!= strlen", n == nw);
  if (part) hex("file part", part, (int)strlen(part));
  need = GetFullPathNameA("caf\xe9.txt", 4, full, NULL);
  printf("GetFullPathNameA(4) asks %s\n", need == n + 1 ? "length + 1" : "something else");
  n = GetLongPathNameA("caf\xe9.txt", full, MAX_PATH);
  printf("GetLongPathNameA %lu\n", n);
  hex("long path", full, (int)n);
  n = SearchPathA(".", "caf\xe9", ".txt", MAX_PATH, full, &part);
  printf("SearchPathA %s\n", n == strlen(full) ? "= strlen" : "!= strlen");
  if (part) hex("searched file part", part, (int)strlen(part));
  n = GetTempFileNameA(".", "\xe9\xfc", 0x1b, full);
  printf("GetTempFileNameA %lu length %u\n", n, (unsigned)strlen(full));
  hex("temporary name's directory and prefix", full, 4);

  // Moves, copies, deletes.
  printf("MoveFileA %d\n", MoveFileA("caf\xe9.txt", "\x80.txt"));
  printf("CopyFileA %d\n", CopyFileA("\x80.txt", "\xfc.txt", TRUE));
  ok = CopyFileA("\x80.txt", "\xfc.txt", TRUE);
  printf("CopyFileA again (fail if exists) %d error %lu\n", ok, GetLastError());
  list_w(L"*");
  printf("DeleteFileA %d\n", DeleteFileA("\xfc.txt"));
  printf("DeleteFileW %d\n", DeleteFileW(L"\x20ac.txt"));

  // The OEM code page: 0x82 is é, 0x81 ü, 0xe1 ß.
  SetFileApisToOEM();
  printf("file APIs ANSI %d\n", AreFileApisANSI());
  make_file("\x82.txt");
  list_w(L"*");
  list_a("*");
  n = GetCurrentDirectoryA(MAX_PATH, cur);
  hex("OEM current directory, its first 7", last_a(cur), 7);
  n = GetFullPathNameA("\x82.txt", MAX_PATH, full, &part);
  if (part) hex("OEM file part", part, (int)strlen(part));
  printf("DeleteFileA %d\n", DeleteFileA("\x82.txt"));
  SetFileApisToANSI();
  printf("file APIs ANSI %d\n", AreFileApisANSI());

  // This program under a name with é, started with an ANSI command line and environment.
  char self[MAX_PATH];
  GetModuleFileNameA(NULL, self, MAX_PATH);
  printf("CopyFileA of the program %d\n", CopyFileA(self, "prog\xe9.exe", FALSE));
  char cmd[] = "prog\xe9.exe child caf\xe9 \x80";
  char env[] = "K32_ANSI=\xfc\xdf \x80\0SYSTEMROOT=C:\\windows\0\0";
  STARTUPINFOA si = {sizeof si};
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
  si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION pi;
  ok = CreateProcessA("prog\xe9.exe", cmd, NULL, NULL, TRUE, 0, env, NULL, &si, &pi);
  printf("CreateProcessA %d\n", ok);
  if (ok) {
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    printf("child exit code %lu\n", code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
  }
  printf("DeleteFileA of the copy %d\n", DeleteFileA("prog\xe9.exe"));

  SetCurrentDirectoryA("..");
  printf("RemoveDirectoryA %d\n", RemoveDirectoryA(dir));
  printf("GetFileAttributesA after %s\n", GetFileAttributesA(dir) == INVALID_FILE_ATTRIBUTES ? "gone" : "there");
  return 0;
}
